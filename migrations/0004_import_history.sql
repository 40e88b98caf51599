-- Import history: every imported file is recorded, and the records and
-- assignments it added point back at it, so a mistaken import can be undone (its attempts
-- voided, its assignments ended) without deleting anything.

CREATE TABLE import (
  id                 INTEGER PRIMARY KEY,
  kind               TEXT NOT NULL CHECK (kind IN ('roster', 'completions')),
  file_name          TEXT NOT NULL,
  -- SHA-256 of the file's bytes, lower-case hex: which file exactly was read
  sha256             TEXT NOT NULL CHECK (length(sha256) = 64),
  -- the worksheet read, for workbooks
  sheet              TEXT,
  -- the text encoding read, for CSV files
  encoding           TEXT,
  contingent_id      INTEGER REFERENCES contingent(id),
  operator           TEXT NOT NULL,
  imported_at        TEXT NOT NULL,
  rows               INTEGER NOT NULL DEFAULT 0,
  people_new         INTEGER NOT NULL DEFAULT 0,
  people_updated     INTEGER NOT NULL DEFAULT 0,
  people_unchanged   INTEGER NOT NULL DEFAULT 0,
  assigned           INTEGER NOT NULL DEFAULT 0,
  attempts_new       INTEGER NOT NULL DEFAULT 0,
  attempts_unchanged INTEGER NOT NULL DEFAULT 0,
  undone_at          TEXT,
  undone_by          TEXT,
  undo_reason        TEXT,
  CHECK ((undone_at IS NULL) = (undone_by IS NULL))
) STRICT;

-- An undone import stays undone, and what was read is never rewritten.
CREATE TRIGGER import_undo_once BEFORE UPDATE ON import
WHEN OLD.undone_at IS NOT NULL
  OR NEW.kind IS NOT OLD.kind OR NEW.file_name IS NOT OLD.file_name
  OR NEW.sha256 IS NOT OLD.sha256 OR NEW.imported_at IS NOT OLD.imported_at
  OR NEW.operator IS NOT OLD.operator
BEGIN SELECT RAISE(ABORT, 'an import record is permanent; an undone import stays undone'); END;
CREATE TRIGGER import_never_deleted BEFORE DELETE ON import
BEGIN SELECT RAISE(ABORT, 'import records are never deleted'); END;

-- Set once, when the row is inserted (attempts are append-only).
ALTER TABLE attempt ADD COLUMN import_id INTEGER REFERENCES import(id);
ALTER TABLE assignment ADD COLUMN import_id INTEGER REFERENCES import(id);
CREATE INDEX attempt_import ON attempt(import_id) WHERE import_id IS NOT NULL;
CREATE INDEX assignment_import ON assignment(import_id) WHERE import_id IS NOT NULL;
