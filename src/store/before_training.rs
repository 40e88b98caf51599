//! A session of a module taken again each rotation, dated before the training start of the
//! contingent an attendee is on, counts for no one there (rule: per-rotation modules count
//! from training start). It is recorded all the same (another rotation may count it), but a
//! training officer who typed last year by mistake must hear of it: the import warns
//! (`import::completions`), the app's Log form says so under the date, and this read lets
//! the command line say it after `muster log`.

use chrono::NaiveDate;

use super::Store;
use crate::error::Result;
use crate::text;

/// Attendees of one contingent for whom a session came before its training start.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BeforeStart {
    pub contingent: String,
    pub training_start: NaiveDate,
    /// The attendees on its roster, as given.
    pub attendees: Vec<String>,
}

impl Store {
    /// For a session of `module` on `date`, each contingent some of `service_numbers` are
    /// on whose training started after it, when the module is taken again each rotation;
    /// by contingent code. Empty for a module that carries over between rotations.
    pub fn before_training(
        &self,
        module: &str,
        date: NaiveDate,
        service_numbers: &[String],
    ) -> Result<Vec<BeforeStart>> {
        let mut st = self.conn.prepare_cached(
            "SELECT c.code, c.training_start FROM person p
             JOIN assignment a ON a.person_id = p.id AND a.ended_at IS NULL
             JOIN contingent c ON c.id = a.contingent_id
             WHERE p.sn_key = ?1 AND c.training_start > ?3
               AND EXISTS (SELECT 1 FROM module m
                           WHERE m.code = ?2 COLLATE NOCASE AND m.per_rotation = 1)",
        )?;
        let mut by_code: std::collections::BTreeMap<String, BeforeStart> = Default::default();
        for sn in service_numbers {
            let rows = st.query_map(
                rusqlite::params![text::sn_key(sn), module.trim(), date],
                |r| Ok((r.get::<_, String>(0)?, r.get::<_, NaiveDate>(1)?)),
            )?;
            for row in rows {
                let (code, start) = row?;
                by_code
                    .entry(code.clone())
                    .or_insert(BeforeStart {
                        contingent: code,
                        training_start: start,
                        attendees: Vec::new(),
                    })
                    .attendees
                    .push(sn.trim().to_string());
            }
        }
        Ok(by_code.into_values().collect())
    }
}
