//! The import benchmark's floor (benches/import_floor.rs): the same records an import adds,
//! copied into the same schema, indexes and triggers by one `INSERT … SELECT` in one
//! transaction. Nothing but a benchmark calls this; it stands for what SQLite and the disk
//! allow, so the import can be measured against it in the same run.

use rusqlite::params;

use super::{people, Store};
use crate::dates;
use crate::domain::NewAttempt;
use crate::error::{Error, Result};
use crate::text;

impl Store {
    /// Puts `rows` into a TEMP staging table exactly as `attempt` will hold them (ids
    /// given now, in order; people and modules already looked up), with an import record
    /// for them to point at, as an import's records do. Not timed by the benchmark.
    pub fn floor_stage(&mut self, rows: impl IntoIterator<Item = NewAttempt>) -> Result<usize> {
        let mut w = self.writer()?;
        w.begin_import(
            "completions",
            &super::ImportSource {
                file_name: "floor".into(),
                sha256: "0".repeat(64),
                ..Default::default()
            },
            None,
            "bench",
        )?;
        let import_id = w.import_id;
        let recorded_at = dates::now_utc();
        let tx = w.tx();
        tx.execute_batch(
            "DROP TABLE IF EXISTS temp.floor_staging;
             CREATE TEMP TABLE floor_staging AS SELECT * FROM attempt WHERE 0;",
        )?;
        let mut n = 0;
        // Stamped as an import stamps its records (store/stamps.rs), so the floor pays for
        // the same index.
        let first = super::stamps::reserve(tx)?;
        let origin = super::stamps::origin(tx)?;
        {
            let mut person = tx.prepare("SELECT id FROM person WHERE sn_key = ?1")?;
            let mut module = tx.prepare("SELECT id FROM module WHERE code = ?1")?;
            let mut insert = tx.prepare(
                "INSERT INTO temp.floor_staging (id, person_id, module_id, date, result,
                        score, hours, instructor, notes, recorded_by, recorded_at, import_id,
                        hlc, origin)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, 'bench', ?10, ?11, ?12, ?13)",
            )?;
            for a in rows {
                let pid: i64 = person
                    .query_row([text::sn_key(&a.service_number)], |r| r.get(0))
                    .map_err(|_| people::unknown_soldier(tx, &a.service_number))?;
                let mid: i64 = module
                    .query_row([&a.module], |r| r.get(0))
                    .map_err(|_| Error::unknown_module(&a.module))?;
                insert.execute(params![
                    uuid::Uuid::now_v7().to_string(),
                    pid,
                    mid,
                    dates::iso(a.date),
                    a.result.as_str(),
                    a.score,
                    a.hours,
                    a.instructor,
                    a.notes,
                    recorded_at,
                    import_id,
                    first + n as i64,
                    origin,
                ])?;
                n += 1;
            }
        }
        w.commit()?;
        Ok(n)
    }

    /// The floor itself: one transaction, one `INSERT … SELECT` of the staged rows in the
    /// order they were staged, committed (synchronous=FULL, as every write). Returns the
    /// number of records added.
    pub fn floor_copy(&mut self) -> Result<usize> {
        let w = self.writer()?;
        let n = w.tx().execute(
            "INSERT INTO attempt SELECT * FROM temp.floor_staging ORDER BY rowid",
            [],
        )?;
        w.commit()?;
        self.conn.execute_batch("DROP TABLE temp.floor_staging")?;
        Ok(n)
    }
}
