//! Reads for files going out: the records an export writes, in a stable order so the same
//! data always gives the same file.

use super::attempts::{from_row, COLUMNS, FROM};
use super::Store;
use crate::domain::Attempt;
use crate::error::Result;

impl Store {
    /// The records that count (neither voided nor superseded) of everyone assigned to a
    /// contingent now, by service number, then date, then order of entry.
    pub fn active_attempts(&self, code: &str) -> Result<Vec<Attempt>> {
        let cid = self.contingent_id(code)?;
        let mut st = self.conn.prepare(&format!(
            "SELECT {COLUMNS} FROM {FROM}
             WHERE a.person_id IN (SELECT person_id FROM assignment
                                   WHERE contingent_id = ?1 AND ended_at IS NULL)
               AND NOT EXISTS (SELECT 1 FROM voiding v WHERE v.attempt_id = a.id)
               AND NOT EXISTS (SELECT 1 FROM attempt n WHERE n.supersedes = a.id)
               AND a.id NOT IN (SELECT id FROM overruled)
             ORDER BY p.sn_key, a.date, coalesce(a.hlc, a.seq), a.id"
        ))?;
        let rows = st.query_map([cid], from_row)?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }
}
