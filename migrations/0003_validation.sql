-- Validation sign-off (self-contained: renumbering this file is a rename).
-- Each decision freezes the report it was taken on: the canonical JSON and its SHA-256.
-- A contingent may be validated more than once; every decision stays, none is changed.

CREATE TABLE validation (
  id             INTEGER PRIMARY KEY,
  contingent_id  INTEGER NOT NULL REFERENCES contingent(id),
  as_of          TEXT NOT NULL,
  team           TEXT NOT NULL CHECK (length(trim(team)) > 0),
  validator      TEXT NOT NULL CHECK (length(trim(validator)) > 0),
  decision       TEXT NOT NULL CHECK (decision IN ('validated', 'not-validated')),
  notes          TEXT NOT NULL DEFAULT '',
  recorded_by    TEXT NOT NULL,
  recorded_at    TEXT NOT NULL,
  report_json    TEXT NOT NULL,
  report_sha256  TEXT NOT NULL CHECK (length(report_sha256) = 64)
) STRICT;
CREATE INDEX validation_contingent ON validation(contingent_id, id);
CREATE INDEX validation_sha ON validation(report_sha256);

CREATE TRIGGER validation_append_only_u BEFORE UPDATE ON validation
BEGIN SELECT RAISE(ABORT, 'validation decisions are permanent: record a new one instead'); END;
CREATE TRIGGER validation_append_only_d BEFORE DELETE ON validation
BEGIN SELECT RAISE(ABORT, 'validation decisions are permanent: record a new one instead'); END;
