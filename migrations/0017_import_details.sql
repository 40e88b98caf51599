-- Undoing a roster import puts back the details it changed (a unit, a rank, a name): each
-- edit of details a roster import made names that import, as its records and roster entries
-- do (0004). Edits made by hand, received without a name, or made before this file keep NULL
-- (their chain hashes do not change: trailing NULLs are left out of a row's hash). Right
-- after this file runs, the code renews the table's chain triggers to hash the new column.
ALTER TABLE detail_edit ADD COLUMN import_id INTEGER REFERENCES import(id);
CREATE INDEX detail_edit_import ON detail_edit(import_id) WHERE import_id IS NOT NULL;
