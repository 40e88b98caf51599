-- Details edited on several installations, and roster places changed on several, converge (issue 12, docs/sync.md "Details"):
-- last writer wins, field by field, by the hybrid-logical-clock stamp of 0012, and every
-- edit is kept as a record that travels in bundles, so the losing value stays in the history
-- on every installation and a conflict can be listed.
--
-- A person, contingent and module gets the stamp of its creation (`hlc`) and the
-- installation that made it (`origin`); rows already here keep NULL in both (their chain
-- hashes must not change; a NULL stamp counts as older than every stamp). Right after this
-- file runs, the code renews the chain triggers of the three tables and of `assignment` (to
-- hash the new columns) and makes those of `detail_edit`.
ALTER TABLE person ADD COLUMN hlc INTEGER;
ALTER TABLE person ADD COLUMN origin TEXT;
CREATE INDEX person_hlc ON person(hlc) WHERE hlc IS NOT NULL;
ALTER TABLE contingent ADD COLUMN hlc INTEGER;
ALTER TABLE contingent ADD COLUMN origin TEXT;
ALTER TABLE module ADD COLUMN hlc INTEGER;
ALTER TABLE module ADD COLUMN origin TEXT;

-- A place on a roster is decided by the latest of its events, putting on or taking off, by
-- the same stamps (not by the laptops' wall clocks, which may be wrong): the stamp of the
-- putting on (`hlc`) and of the taking off (`ended_hlc`). NULL for rows already here (the
-- merge then compares their times, as before).
ALTER TABLE assignment ADD COLUMN hlc INTEGER;
ALTER TABLE assignment ADD COLUMN ended_hlc INTEGER;
CREATE INDEX assignment_hlc ON assignment(hlc) WHERE hlc IS NOT NULL;
CREATE INDEX assignment_ended_hlc ON assignment(ended_hlc) WHERE ended_hlc IS NOT NULL;

-- One edit of one group of fields of a person, contingent or module (`entity`, named by
-- `entity_key`: the service number's match key, or the code in upper case). `field` names
-- the group (`unit`, `rank`, `dates` …) and `value` is its new content as JSON; `old` is what
-- the editor saw before, `replaces` the stamp of the edit (or creation) that value came
-- from: two edits that replace the same stamp with different values were made apart, a
-- conflict the later one decides. Append-only and chained.
CREATE TABLE detail_edit (
  id         TEXT PRIMARY KEY,
  entity     TEXT NOT NULL CHECK (entity IN ('person', 'contingent', 'module')),
  entity_key TEXT NOT NULL,
  field      TEXT NOT NULL,
  value      TEXT NOT NULL,
  old        TEXT,
  replaces   INTEGER,
  hlc        INTEGER NOT NULL,
  origin     TEXT,
  edited_by  TEXT NOT NULL,
  edited_at  TEXT NOT NULL
) STRICT;
CREATE INDEX detail_edit_of ON detail_edit(entity, entity_key, field);
CREATE INDEX detail_edit_hlc ON detail_edit(hlc);

-- Bundles for one peer carry only what it has not acknowledged (`muster sync export --for`).
-- Each bundle this installation writes is kept here: its SHA-256 (the file's, as the
-- receiver names it), and the stretch of this database's chain it carries (`since`, its
-- start, and `upto`, its end: every row entered or changed in between). A bundle's header
-- lists the bundles its sender has received; what a peer's bundles list of ours is kept
-- with their receipt (`acks`). Append-only and chained.
CREATE TABLE sync_sent (
  id            INTEGER PRIMARY KEY,
  bundle_sha256 TEXT NOT NULL UNIQUE,
  made_at       TEXT NOT NULL,
  made_by       TEXT NOT NULL,
  for_peer      TEXT,
  since         INTEGER NOT NULL,
  upto          INTEGER NOT NULL
) STRICT;
ALTER TABLE sync_receipt ADD COLUMN acks TEXT;
