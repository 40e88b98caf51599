-- Conflicting corrections kept, not refused (issue 12, docs/sync.md "Conflicts"). Two
-- installations that amend, or amend and void, the same record both keep their corrections;
-- the one with the greatest order of entry wins (`rules::corrections`), the others are
-- overruled, and the conflict is listed (`muster sync conflicts`) until a person settles it.
--
-- Voidings get what attempts got in 0012: their order of entry (`hlc`) and the installation
-- that made them (`origin`). Rows already here keep NULL in both (voidings are permanent,
-- their chain hashes must not change); a NULL stamp is read as the row's rowid, far below
-- any clock stamp. Right after this file runs, the code renews the chain triggers of
-- `voiding` (to hash the new columns) and of `attempt` (an amendment no longer has to be
-- the only one of its record).
ALTER TABLE voiding ADD COLUMN hlc INTEGER;
ALTER TABLE voiding ADD COLUMN origin TEXT;
CREATE INDEX voiding_hlc ON voiding(hlc) WHERE hlc IS NOT NULL;

-- The same record voided on two installations, for different reasons: the voiding that
-- arrived second is kept here (`voiding` allows one per record). Both count the same (the
-- record is voided either way); the list shows them. Append-only and chained like
-- `voiding` (the code makes its triggers right after this file runs).
CREATE TABLE voiding_also (
  id         INTEGER PRIMARY KEY,
  attempt_id TEXT NOT NULL REFERENCES attempt(id),
  reason     TEXT NOT NULL CHECK (length(trim(reason)) > 0),
  voided_by  TEXT NOT NULL,
  voided_at  TEXT NOT NULL,
  hlc        INTEGER NOT NULL,
  origin     TEXT
) STRICT;
CREATE INDEX voiding_also_attempt ON voiding_also(attempt_id);

-- A record may now be corrected more than once (on two installations). The protective
-- triggers stay: no attempt is ever updated or deleted.
DROP INDEX attempt_supersedes;
CREATE INDEX attempt_corrects ON attempt(supersedes) WHERE supersedes IS NOT NULL;

-- Every correction of a record: its amendments and its voiding, with the order of entry
-- that decides between them (stamp, then record id; a voiding is named by the record it
-- voids).
CREATE VIEW correction (target, id, stamp, voids) AS
  SELECT supersedes, id, coalesce(hlc, seq), 0 FROM attempt WHERE supersedes IS NOT NULL
  UNION ALL
  SELECT attempt_id, attempt_id, coalesce(hlc, rowid), 1 FROM voiding
  UNION ALL
  SELECT attempt_id, attempt_id, hlc, 1 FROM voiding_also;

-- The records that do not count because they lost a conflict: an amendment of a record
-- that has a correction entered after it (by stamp, then id), and every later correction
-- made of such an amendment. The SQL twin of `rules::corrections::winner`; a test keeps
-- the two in step.
CREATE VIEW overruled (id) AS
  WITH RECURSIVE lost (id) AS (
    SELECT c.id FROM correction c
     WHERE c.voids = 0
       AND EXISTS (SELECT 1 FROM correction w
                    WHERE w.target = c.target
                      AND (w.stamp > c.stamp OR (w.stamp = c.stamp AND w.id > c.id)))
    UNION
    SELECT a.id FROM attempt a JOIN lost l ON a.supersedes = l.id
  )
  SELECT id FROM lost;
