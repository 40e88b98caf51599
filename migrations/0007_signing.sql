-- Signed reports (docs/signing.md). Self-contained: renumbering this file is a rename.
--
-- Each database gets a random identity, printed into every report file it issues, so
-- `muster verify` can tell the issuing database (compare the records) from another
-- laptop's (check the signature alone). It never changes: copies of the file share it.
INSERT INTO meta (key, value) VALUES ('database_id', lower(hex(randomblob(16))));
CREATE TRIGGER meta_database_id_u BEFORE UPDATE ON meta WHEN old.key = 'database_id'
BEGIN SELECT RAISE(ABORT, 'the database identity is permanent'); END;
CREATE TRIGGER meta_database_id_d BEFORE DELETE ON meta WHEN old.key = 'database_id'
BEGIN SELECT RAISE(ABORT, 'the database identity is permanent'); END;

-- Other installations' signing keys this database knows by name ("INDBATT validation
-- team"), as their fingerprints were read out by their owners. Append-only: trusting a key
-- again under another name, or withdrawing the trust, is a new row; the latest row of a
-- fingerprint decides.
CREATE TABLE key_trust (
  id          INTEGER PRIMARY KEY,
  -- upper-case hex: the short fingerprint (16 digits) or the whole SHA-256 (64)
  fingerprint TEXT NOT NULL CHECK (length(fingerprint) IN (16, 64)
                                   AND fingerprint NOT GLOB '*[^0-9A-F]*'),
  trusted     INTEGER NOT NULL CHECK (trusted IN (0, 1)),
  -- the name verify gives the key's signer; empty when trust is withdrawn
  name        TEXT NOT NULL,
  reason      TEXT NOT NULL DEFAULT '',
  recorded_by TEXT NOT NULL,
  recorded_at TEXT NOT NULL,
  CHECK (trusted = 0 OR length(trim(name)) > 0)
) STRICT;
CREATE INDEX key_trust_fingerprint ON key_trust(fingerprint, id);

CREATE TRIGGER key_trust_append_only_u BEFORE UPDATE ON key_trust
BEGIN SELECT RAISE(ABORT, 'trusted keys are append-only: trust or withdraw again instead'); END;
CREATE TRIGGER key_trust_append_only_d BEFORE DELETE ON key_trust
BEGIN SELECT RAISE(ABORT, 'trusted keys are append-only: trust or withdraw again instead'); END;
