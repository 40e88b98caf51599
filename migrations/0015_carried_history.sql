-- The audit trail and the import history travel in bundles (issue 12, docs/sync.md "History"):
-- every installation holds every other's entries, under the names they were written under.
--
-- An entry (of `audit` or `import`) is named on every installation by the installation that
-- wrote it (its database identity, meta.database_id) and its number there. An entry written
-- here keeps NULL in both columns: this database's identity and the row's own id name it.
-- An entry received from another installation keeps that installation's names, so receiving
-- it again, by any route, is recognised. Rows already here keep NULL (their chain hashes do
-- not change). Right after this file runs, the code renews the chain triggers of both tables.
ALTER TABLE audit ADD COLUMN origin TEXT;
ALTER TABLE audit ADD COLUMN origin_id INTEGER;
CREATE UNIQUE INDEX audit_origin ON audit(origin, origin_id) WHERE origin IS NOT NULL;
-- The log is listed by when each entry was made, on every installation alike (not by the
-- order in which entries reached this one); entries made in the same millisecond, by the
-- order they reached this one (an index's entries end with the row id).
CREATE INDEX audit_at ON audit(at);
DROP INDEX audit_entity;
CREATE INDEX audit_entity ON audit(entity_id, at);

ALTER TABLE import ADD COLUMN origin TEXT;
ALTER TABLE import ADD COLUMN origin_id INTEGER;
CREATE UNIQUE INDEX import_origin ON import(origin, origin_id) WHERE origin IS NOT NULL;
