-- Readiness reads, for every attempt, who, which module, when and the result. With the
-- result in the index, that read is a scan of this index alone (a fraction of the table's
-- pages); it also serves the duplicate check of imports, so it replaces attempt_person
-- rather than adding a fourth b-tree to every insert.
CREATE INDEX attempt_readiness ON attempt(person_id, module_id, date, result);
DROP INDEX attempt_person;
