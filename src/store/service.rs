//! What a person's whole service record is read from: every contingent they were ever
//! assigned to (taken off or not) and every active attempt of theirs, across rotations.
//! One person's rows only, through the person's indexes: the Person screen must not load a
//! contingent to show one soldier.

use std::collections::HashSet;

use rusqlite::params;

use super::{contingents, curriculum, people, standing, Store};
use crate::domain::{Contingent, Module};
use crate::error::Result;
use crate::rules::{Entry, Fact};
use crate::text;

/// One contingent a person was assigned to, and whether they still are.
#[derive(Debug, Clone, PartialEq)]
pub struct Served {
    pub contingent: Contingent,
    /// When taken off the roster and why; None while on it.
    pub ended: Option<(String, String)>,
    /// The rotation is archived out of the way: its roster is history, and it is not
    /// weighed against current rosters (an overlap with it is not flagged).
    pub archived: bool,
}

/// Every active (neither superseded nor voided) attempt of one person, by module, with
/// the modules in curriculum order (retired ones left out, as readiness does).
#[derive(Debug, Clone, PartialEq)]
pub struct PersonFacts {
    pub modules: Vec<Module>,
    /// (index into `modules`, fact).
    pub facts: Vec<(usize, Fact)>,
}

impl Store {
    /// The contingents a person served in, by deployment day; a contingent they were taken
    /// off and put back on counts once, as its entry on the roster now says (else the
    /// latest removal; a second entry closed by sync is none).
    pub fn served_in(&self, service_number: &str) -> Result<Vec<Served>> {
        let person = self.person_id(service_number)?;
        let mut st = self.conn.prepare(&format!(
            "SELECT {}, a.ended_at, a.ended_reason, c.archived_at IS NOT NULL FROM assignment a
             JOIN contingent c ON c.id = a.contingent_id
             WHERE a.person_id = ?1
             ORDER BY c.deploy_on, c.code, a.ended_at IS NULL DESC, {} ASC, a.id DESC",
            contingents::COLUMNS,
            super::roster::twice_closed_sql("a")
        ))?;
        let mut seen = HashSet::new();
        let mut out = Vec::new();
        let mut rows = st.query(params![person])?;
        while let Some(r) = rows.next()? {
            let contingent = contingents::from_row(r)?;
            if !seen.insert(contingent.code.clone()) {
                continue;
            }
            let ended_at: Option<String> = r.get(7)?;
            let reason: Option<String> = r.get(8)?;
            out.push(Served {
                contingent,
                ended: ended_at.map(|at| (at, reason.unwrap_or_default())),
                archived: r.get(9)?,
            });
        }
        Ok(out)
    }

    /// A person's active attempts, read through the `attempt_standing` index.
    pub fn person_facts(&self, service_number: &str) -> Result<PersonFacts> {
        let person = self.person_id(service_number)?;
        let tx = self.conn.unchecked_transaction()?;
        let mut slot = std::collections::HashMap::new();
        let mut modules = Vec::new();
        for (id, m) in curriculum::all_with_ids(&tx)? {
            if !m.retired {
                slot.insert(id, modules.len());
                modules.push(m);
            }
        }
        let mut st = tx.prepare(&format!(
            "SELECT coalesce(a.hlc, a.seq), a.id, {} FROM attempt a INDEXED BY attempt_standing
             WHERE a.person_id = ?1
               AND NOT EXISTS (SELECT 1 FROM attempt n WHERE n.supersedes = a.id)
               AND NOT EXISTS (SELECT 1 FROM voiding v WHERE v.attempt_id = a.id)
               AND a.id NOT IN (SELECT id FROM overruled)",
            standing::SQL
        ))?;
        let mut facts = Vec::new();
        let mut rows = st.query(params![person])?;
        while let Some(r) = rows.next()? {
            let Some((module_id, date, passed)) = standing::decode(r.get(2)?) else {
                continue;
            };
            if let Some(&m) = slot.get(&module_id) {
                let entry = entry(r)?;
                facts.push((
                    m,
                    Fact {
                        date,
                        passed,
                        entry,
                    },
                ));
            }
        }
        drop(rows);
        drop(st);
        tx.finish()?;
        Ok(PersonFacts { modules, facts })
    }

    fn person_id(&self, service_number: &str) -> Result<i64> {
        people::find_id(&self.conn, &text::sn_key(service_number))?
            .ok_or_else(|| people::unknown_soldier(&self.conn, service_number))
    }
}

/// An attempt's order of entry by its row number: its stamp (its row number when it was
/// entered before stamps, migration 0012) and its record id.
pub(super) const ENTRY_BY_SEQ: &str = "SELECT coalesce(hlc, seq), id FROM attempt WHERE seq = ?1";

/// `rules::Entry` from a row whose first two columns are the stamp and the record id.
pub(super) fn entry(r: &rusqlite::Row) -> rusqlite::Result<Entry> {
    let id: String = r.get(1)?;
    Ok(Entry::new(r.get(0)?, &id))
}
