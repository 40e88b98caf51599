-- Order of entry agreed by every installation (issue 12, docs/sync.md). Each attempt gets,
-- when it is entered, a hybrid-logical-clock stamp (`hlc`: the wall clock in milliseconds
-- shifted left 16 bits, plus a counter; never going backwards on this installation, and
-- moved past every stamp received in a bundle) and the installation that entered it
-- (`origin`: the entering database's meta.database_id). The readiness rules break a tie
-- between two attempts on the same day by (hlc, record id), never by the local row number.
--
-- Rows already here keep NULL in both: attempts are append-only, and their chain hashes
-- must not change (src/store/chain.rs leaves trailing NULLs out). A NULL stamp is read as
-- the row's `seq`: those numbers are far below any clock stamp (2^16 times the
-- milliseconds since 1970) and in the order the rows were entered, so readiness on this
-- installation is what it was. A bundle carries the stamp as read. Right after this file
-- runs, the code renews the attempt's chain triggers so they hash the new columns too.
ALTER TABLE attempt ADD COLUMN hlc INTEGER;
ALTER TABLE attempt ADD COLUMN origin TEXT;
-- The clock's last reading is the largest stamp held.
CREATE INDEX attempt_hlc ON attempt(hlc) WHERE hlc IS NOT NULL;
