-- Muster schema, version 1. Never edit a shipped migration: add a new numbered file.
-- Attempts, voidings and the audit log are append-only: triggers refuse UPDATE and DELETE,
-- so a correction can only be a new record that supersedes the old one.

CREATE TABLE meta (
  key   TEXT PRIMARY KEY,
  value TEXT NOT NULL
) STRICT;

CREATE TABLE contingent (
  id             INTEGER PRIMARY KEY,
  code           TEXT NOT NULL UNIQUE COLLATE NOCASE,
  name           TEXT NOT NULL,
  mission        TEXT NOT NULL,
  parent_unit    TEXT NOT NULL DEFAULT '',
  training_start TEXT NOT NULL,
  deploy_on      TEXT NOT NULL,
  tour_months    INTEGER NOT NULL DEFAULT 6 CHECK (tour_months BETWEEN 1 AND 36),
  created_at     TEXT NOT NULL,
  created_by     TEXT NOT NULL,
  CHECK (deploy_on >= training_start)
) STRICT;

CREATE TABLE person (
  id             INTEGER PRIMARY KEY,
  service_number TEXT NOT NULL,
  -- trimmed and upper-cased: service numbers match case-insensitively
  sn_key         TEXT NOT NULL UNIQUE,
  family_name    TEXT NOT NULL,
  given_name     TEXT NOT NULL,
  patronymic     TEXT,
  rank           TEXT NOT NULL DEFAULT '',
  category       TEXT NOT NULL CHECK (category IN ('officer', 'nco', 'enlisted')),
  gender         TEXT NOT NULL CHECK (gender IN ('F', 'M')),
  role           TEXT NOT NULL DEFAULT '',
  unit           TEXT NOT NULL DEFAULT '',
  created_at     TEXT NOT NULL,
  updated_at     TEXT NOT NULL
) STRICT;

-- A person serves in several contingents over the years; an assignment is ended, never deleted.
CREATE TABLE assignment (
  id            INTEGER PRIMARY KEY,
  person_id     INTEGER NOT NULL REFERENCES person(id),
  contingent_id INTEGER NOT NULL REFERENCES contingent(id),
  assigned_at   TEXT NOT NULL,
  assigned_by   TEXT NOT NULL,
  ended_at      TEXT,
  ended_by      TEXT,
  ended_reason  TEXT
) STRICT;
CREATE UNIQUE INDEX assignment_active ON assignment(contingent_id, person_id) WHERE ended_at IS NULL;
CREATE INDEX assignment_person ON assignment(person_id);

CREATE TABLE module (
  id              INTEGER PRIMARY KEY,
  code            TEXT NOT NULL UNIQUE COLLATE NOCASE,
  title           TEXT NOT NULL,
  per_rotation    INTEGER NOT NULL CHECK (per_rotation IN (0, 1)),
  validity_months INTEGER CHECK (validity_months BETWEEN 1 AND 600),
  -- comma-separated categories; empty means everyone
  applies_to      TEXT NOT NULL DEFAULT '',
  hours           REAL NOT NULL DEFAULT 0 CHECK (hours >= 0),
  pass_mark       REAL CHECK (pass_mark BETWEEN 0 AND 100),
  retired_at      TEXT,
  created_at      TEXT NOT NULL
) STRICT;

CREATE TABLE attempt (
  -- order of entry: breaks ties between attempts on the same date
  seq         INTEGER PRIMARY KEY,
  id          TEXT NOT NULL UNIQUE,
  person_id   INTEGER NOT NULL REFERENCES person(id),
  module_id   INTEGER NOT NULL REFERENCES module(id),
  date        TEXT NOT NULL,
  result      TEXT NOT NULL CHECK (result IN ('pass', 'fail')),
  score       REAL CHECK (score BETWEEN 0 AND 100),
  hours       REAL CHECK (hours >= 0),
  instructor  TEXT NOT NULL DEFAULT '',
  notes       TEXT NOT NULL DEFAULT '',
  recorded_by TEXT NOT NULL,
  recorded_at TEXT NOT NULL,
  -- an amendment names the record it corrects, and says why
  supersedes  TEXT REFERENCES attempt(id),
  reason      TEXT,
  CHECK (supersedes IS NULL OR reason IS NOT NULL)
) STRICT;
CREATE INDEX attempt_person ON attempt(person_id, module_id, date);
-- a record is corrected once; later corrections amend the correction
CREATE UNIQUE INDEX attempt_supersedes ON attempt(supersedes) WHERE supersedes IS NOT NULL;

CREATE TABLE voiding (
  attempt_id TEXT PRIMARY KEY REFERENCES attempt(id),
  reason     TEXT NOT NULL CHECK (length(trim(reason)) > 0),
  voided_by  TEXT NOT NULL,
  voided_at  TEXT NOT NULL
) STRICT;

CREATE TABLE audit (
  id        INTEGER PRIMARY KEY,
  at        TEXT NOT NULL,
  actor     TEXT NOT NULL,
  action    TEXT NOT NULL,
  entity    TEXT NOT NULL,
  entity_id TEXT NOT NULL,
  old_value TEXT,
  new_value TEXT
) STRICT;

CREATE TRIGGER attempt_append_only_u BEFORE UPDATE ON attempt
BEGIN SELECT RAISE(ABORT, 'attempts are append-only: amend or void instead'); END;
CREATE TRIGGER attempt_append_only_d BEFORE DELETE ON attempt
BEGIN SELECT RAISE(ABORT, 'attempts are append-only: amend or void instead'); END;
CREATE TRIGGER voiding_append_only_u BEFORE UPDATE ON voiding
BEGIN SELECT RAISE(ABORT, 'voidings are permanent'); END;
CREATE TRIGGER voiding_append_only_d BEFORE DELETE ON voiding
BEGIN SELECT RAISE(ABORT, 'voidings are permanent'); END;
CREATE TRIGGER audit_append_only_u BEFORE UPDATE ON audit
BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
CREATE TRIGGER audit_append_only_d BEFORE DELETE ON audit
BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
CREATE TRIGGER person_never_deleted BEFORE DELETE ON person
BEGIN SELECT RAISE(ABORT, 'people are never deleted: end their assignment instead'); END;
CREATE TRIGGER assignment_never_deleted BEFORE DELETE ON assignment
BEGIN SELECT RAISE(ABORT, 'assignments are ended, never deleted'); END;
