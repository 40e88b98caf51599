-- A copy of a database file keeps its identity apart (issue 12, docs/sync.md "Copies of a
-- database file").
--
-- The history (`audit`, `import`) is named on every installation by the identity of the
-- database that wrote an entry and the entry's number there (0015). A file copied to a second
-- laptop, or put back from a backup after bundles were made from a later state, would go on
-- numbering entries under the same identity, and other laptops would take its new entries for
-- ones they already hold. So a database takes a new identity the first time it is opened for
-- use by an installation other than the one that writes it (`meta.installation`, the key's
-- fingerprint), or in a state older than one its installation already sent: from then on its
-- records and entries are written under the new identity; the entries written before keep
-- their names.
--
-- One row per identity, the first the one 0007 made (`meta.database_id`, which never
-- changes): entries of `audit` and `import` written here (`origin` NULL) with a number above
-- `audit_after` / `import_after` belong to the latest identity taken before them. Rows are
-- never changed or removed. Right after this file runs, the code makes the table's chain
-- triggers and enters the first identity.
CREATE TABLE identity (
  id            INTEGER PRIMARY KEY,
  database_id   TEXT NOT NULL UNIQUE,
  audit_after   INTEGER NOT NULL,
  import_after  INTEGER NOT NULL,
  -- Why it was taken: 'made' (the database's first), 'copy' (opened by another
  -- installation), 'restored' (a state older than one already sent).
  reason        TEXT NOT NULL CHECK (reason IN ('made', 'copy', 'restored')),
  -- The fingerprint of the installation that took it (NULL for the first).
  installation  TEXT,
  taken_at      TEXT NOT NULL
) STRICT;
