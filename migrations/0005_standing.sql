-- Readiness reads, for every attempt, who, which module, when and the result. Reading those
-- as four columns cost more than reading the rows themselves (each column is a separate
-- call into SQLite), so the index keeps them packed into one integer, computed by SQLite
-- from the stored columns when a record is written:
--   module_id << 32 | yyyymmdd << 1 | (1 if the result is pass)
-- A query reads the packed value by repeating the expression exactly (src/store/standing.rs
-- holds it, and a test keeps the two in step). An expression index rather than a generated
-- column: a table with a generated column reads its stored columns about a fifth slower.
-- The index also serves the import's duplicate check and a person's history, so it
-- replaces attempt_readiness rather than adding another b-tree to every insert.
CREATE INDEX attempt_standing ON attempt(
  person_id,
  ((module_id << 32) | (CAST(replace(date, '-', '') AS INTEGER) << 1) | (result = 'pass'))
);
DROP INDEX attempt_readiness;
