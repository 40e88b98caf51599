-- A contingent can be archived: hidden from the app's switcher and from `muster contingent
-- list` (unless --all), never deleted; its records, reports and sign-offs stay readable by
-- code. NULL: in use. Added at the end of the table and NULL in every row already there, so
-- no row's hash in the chain changes (src/store/chain.rs leaves trailing NULLs out). Right
-- after this file runs, the code renews the contingent's chain triggers so they hash the
-- new columns too.
ALTER TABLE contingent ADD COLUMN archived_at TEXT;
ALTER TABLE contingent ADD COLUMN archived_by TEXT;
