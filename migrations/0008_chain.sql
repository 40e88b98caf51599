-- The tamper-evident chain (src/store/chain.rs). Each entry says which row of which table
-- was written, the SHA-256 of the row's canonical content, and the SHA-256 that links it to
-- the entry before. Triggers fill it on every write; `muster check` compares it with the
-- tables. The triggers themselves are created by the code (src/store/chain.rs), which also
-- restores any that go missing, and the rows already in the database are entered right
-- after this file runs.
CREATE TABLE ledger (
  seq      INTEGER PRIMARY KEY,
  -- the table, by the code src/store/chain.rs gives it (attempt = 7, …)
  tbl      INTEGER NOT NULL,
  -- the row's key: its INTEGER PRIMARY KEY (an attempt's seq), or its text key
  row_key  ANY NOT NULL,
  row_hash BLOB NOT NULL CHECK (length(row_hash) = 32),
  hash     BLOB NOT NULL CHECK (length(hash) = 32)
) STRICT;
