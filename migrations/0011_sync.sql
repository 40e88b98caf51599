-- Field sync (docs/sync.md): the bundles this database has received from other
-- installations, one row per bundle applied. Append-only, and chained like every record
-- (src/store/chain.rs makes its triggers right after this file runs). `muster sync peers`
-- reads the installations heard from out of it; a bundle already received (by the SHA-256
-- of its signed header) is not applied again.
CREATE TABLE sync_receipt (
  id              INTEGER PRIMARY KEY,
  -- the sending installation's key: all 64 upper-case hex digits of its SHA-256
  fingerprint     TEXT NOT NULL CHECK (length(fingerprint) = 64
                                       AND fingerprint NOT GLOB '*[^0-9A-F]*'),
  -- the name the sender's key signed with, as the bundle says
  sender_name     TEXT NOT NULL,
  -- the sending database's identity (meta.database_id there)
  sender_database TEXT NOT NULL,
  -- SHA-256 of the bundle's signed header, lower-case hex: which bundle exactly
  bundle_sha256   TEXT NOT NULL UNIQUE CHECK (length(bundle_sha256) = 64),
  format_version  INTEGER NOT NULL,
  made_at         TEXT NOT NULL,
  received_at     TEXT NOT NULL,
  received_by     TEXT NOT NULL,
  -- what applying it added, as JSON (src/store/sync.rs, `Added`)
  added           TEXT NOT NULL
) STRICT;
CREATE INDEX sync_receipt_fingerprint ON sync_receipt(fingerprint, id);
