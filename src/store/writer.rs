//! A write transaction for a batch: one training session, one imported file. It keeps
//! lookups of people and modules in memory so a large file does not ask SQLite twice.

use std::collections::HashMap;

use rusqlite::{params, Transaction};

use super::numbers::Numbers;
use super::{audit, people, standing, PersonChange};
use crate::dates;
use crate::domain::{Module, NewAttempt, Outcome, Person};
use crate::error::Result;
use crate::text;

pub struct Writer<'a> {
    tx: Transaction<'a>,
    people: HashMap<String, Option<i64>>,
    /// Per person met in this batch, the modules (bit = module row id) they have any record
    /// of, on disk or added here. A module they have none of needs no duplicate check,
    /// which spares a large first import one index probe per row.
    recorded: HashMap<i64, u64>,
    modules: Option<HashMap<String, (i64, Module)>>,
    /// The service numbers on file and what they look like, loaded when the batch first
    /// meets a person (`numbers`).
    numbers: Option<Numbers>,
    recorded_at: String,
    /// The import this batch is, if it is one: what it adds points back at it.
    pub(super) import_id: Option<i64>,
}

impl<'a> Writer<'a> {
    pub(super) fn begin(conn: &'a mut rusqlite::Connection) -> Result<Writer<'a>> {
        let tx = conn.transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
        Ok(Writer {
            tx,
            people: HashMap::new(),
            recorded: HashMap::new(),
            modules: None,
            numbers: None,
            recorded_at: dates::now_utc(),
            import_id: None,
        })
    }

    /// The row id of a person, by service number, if known.
    pub fn person_id(&mut self, sn: &str) -> Result<Option<i64>> {
        let key = text::sn_key(sn);
        if let Some(id) = self.people.get(&key) {
            return Ok(*id);
        }
        let id = people::find_id(&self.tx, &key)?;
        self.people.insert(key, id);
        Ok(id)
    }

    /// A module by code, case-insensitively, with its row id.
    pub fn module(&mut self, code: &str) -> Result<Option<(i64, Module)>> {
        if self.modules.is_none() {
            let map = super::curriculum::all_with_ids(&self.tx)?
                .into_iter()
                .map(|(id, m)| (m.code.to_uppercase(), (id, m)))
                .collect();
            self.modules = Some(map);
        }
        let map = self.modules.as_ref().expect("loaded above");
        Ok(map.get(&code.trim().to_uppercase()).cloned())
    }

    /// Whether `sn` is a new person's number, once it has passed the rules for one: a
    /// number that mixes alphabets, or looks like a number already on file or already
    /// added in this batch but is not the same (`text::lookalike`), is refused. A number on
    /// file passes as it is.
    pub fn check_service_number(&mut self, sn: &str) -> Result<bool> {
        if self.numbers.is_none() {
            self.numbers = Some(Numbers::load(&self.tx)?);
        }
        self.numbers.as_mut().expect("loaded above").check(sn)
    }

    /// Saves a person from a roster: a new one (after `check_service_number`) or the same
    /// service number's details brought up to date.
    pub fn upsert_person(&mut self, p: &Person, by: &str) -> Result<(i64, PersonChange)> {
        let (id, change) = if self.check_service_number(&p.service_number)? {
            let id = people::insert(&self.tx, p, by)?;
            if let Some(n) = self.numbers.as_mut() {
                n.added(&p.service_number);
            }
            (id, PersonChange::New)
        } else {
            people::upsert(&self.tx, p, by)?
        };
        self.people
            .insert(text::sn_key(&p.service_number), Some(id));
        Ok((id, change))
    }

    pub fn assign(&mut self, person_id: i64, contingent_id: i64, by: &str) -> Result<bool> {
        people::assign(&self.tx, person_id, contingent_id, by, self.import_id)
    }

    /// Creates a contingent inside this batch (the demo is one transaction).
    pub fn add_contingent(&mut self, c: &crate::domain::Contingent, by: &str) -> Result<i64> {
        let c = super::contingents::validate(c)?;
        let id = super::contingents::insert(&self.tx, &c, by)?;
        self.audit(by, "add", "contingent", &c.code, super::NONE, Some(&c))?;
        Ok(id)
    }

    /// Everyone on the contingent's roster now: (match key, service number as stored).
    pub fn roster_numbers(&self, contingent_id: i64) -> Result<Vec<(String, String)>> {
        let mut st = self.tx.prepare(
            "SELECT p.sn_key, p.service_number FROM assignment a JOIN person p ON p.id = a.person_id
             WHERE a.contingent_id = ?1 AND a.ended_at IS NULL ORDER BY p.service_number",
        )?;
        let rows = st.query_map([contingent_id], |r| Ok((r.get(0)?, r.get(1)?)))?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    pub fn contingent_id(&self, code: &str) -> Result<Option<i64>> {
        super::contingents::contingent_id(&self.tx, code)
    }

    /// True when an active record says exactly this already: importing a file twice must
    /// not double the attempts.
    pub fn has_identical(
        &mut self,
        person_id: i64,
        module_id: i64,
        a: &NewAttempt,
    ) -> Result<bool> {
        if !self.may_have_record(person_id, module_id)? {
            return Ok(false);
        }
        let found = self
            .tx
            .prepare_cached(&format!(
                "SELECT 1 FROM attempt
                 WHERE person_id = ?1 AND {} = ?2
                   AND score IS ?3 AND hours IS ?4 AND instructor = ?5
                   AND NOT EXISTS (SELECT 1 FROM voiding v WHERE v.attempt_id = attempt.id)
                   AND NOT EXISTS (SELECT 1 FROM attempt n WHERE n.supersedes = attempt.id)
                 LIMIT 1",
                standing::SQL
            ))?
            .exists(params![
                person_id,
                standing::encode(module_id, a.date, a.result == Outcome::Pass),
                a.score,
                a.hours,
                a.instructor
            ])?;
        Ok(found)
    }

    /// False only when the person certainly has no record of the module, on disk or in
    /// this batch. Module ids past 63 do not fit the bit set and always say "maybe".
    fn may_have_record(&mut self, person_id: i64, module_id: i64) -> Result<bool> {
        let Some(bit) = module_bit(module_id) else {
            return Ok(true);
        };
        let mask = match self.recorded.get(&person_id) {
            Some(m) => *m,
            None => {
                let mut st = self.tx.prepare_cached(&format!(
                    "SELECT DISTINCT {} >> 32 FROM attempt WHERE person_id = ?1",
                    standing::SQL
                ))?;
                let mut mask = 0u64;
                let mut rows = st.query([person_id])?;
                while let Some(r) = rows.next()? {
                    mask |= module_bit(r.get(0)?).unwrap_or(u64::MAX);
                }
                self.recorded.insert(person_id, mask);
                mask
            }
        };
        Ok(mask & bit != 0)
    }

    /// Appends one completion record; returns its id.
    pub fn add_attempt(
        &mut self,
        person_id: i64,
        module_id: i64,
        a: &NewAttempt,
        by: &str,
        supersedes: Option<(&str, &str)>,
    ) -> Result<String> {
        if let Some(mask) = self.recorded.get_mut(&person_id) {
            *mask |= module_bit(module_id).unwrap_or(u64::MAX);
        }
        let id = uuid::Uuid::now_v7().to_string();
        self.tx
            .prepare_cached(
                "INSERT INTO attempt (id, person_id, module_id, date, result, score, hours,
                                      instructor, notes, recorded_by, recorded_at, supersedes, reason,
                                      import_id)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14)",
            )?
            .execute(params![
                id,
                person_id,
                module_id,
                dates::iso(a.date),
                a.result.as_str(),
                a.score,
                a.hours,
                a.instructor,
                a.notes,
                by,
                self.recorded_at,
                supersedes.map(|s| s.0),
                supersedes.map(|s| s.1),
                self.import_id,
            ])?;
        Ok(id)
    }

    pub fn audit(
        &self,
        actor: &str,
        action: &str,
        entity: &str,
        entity_id: &str,
        old: Option<&impl serde::Serialize>,
        new: Option<&impl serde::Serialize>,
    ) -> Result<()> {
        audit(&self.tx, actor, action, entity, entity_id, old, new)
    }

    pub(super) fn tx(&self) -> &Transaction<'a> {
        &self.tx
    }

    /// Makes the whole batch durable at once.
    pub fn commit(self) -> Result<()> {
        self.tx.commit()?;
        Ok(())
    }
}

/// A module's bit in a person's set of recorded modules, for row ids 0–63.
fn module_bit(module_id: i64) -> Option<u64> {
    u32::try_from(module_id)
        .ok()
        .and_then(|id| 1u64.checked_shl(id))
}
