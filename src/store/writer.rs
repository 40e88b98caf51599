//! A write transaction for a batch: one training session, one imported file. It keeps
//! lookups of people and modules in memory so a large file does not ask SQLite twice.

use std::collections::HashMap;

use rusqlite::{params, Transaction};
use rustc_hash::FxHashMap;

use super::numbers::Numbers;
use super::{audit, people, stamps, standing, PersonChange};
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
    recorded: FxHashMap<i64, u64>,
    /// Past `LOOKUPS_BEFORE_LOADING` people, every person's modules on disk are loaded
    /// at once; a person not in `recorded` then has no record at all.
    recorded_loaded: bool,
    recorded_asked: usize,
    /// Records staged for one `INSERT … SELECT` (`stage_attempts`, `add_staged`).
    staged: Option<Staged>,
    /// Per person, the modules staged in this batch so far (bits), added or not.
    staged_modules: FxHashMap<i64, u64>,
    modules: Option<HashMap<String, (i64, Module)>>,
    /// The service numbers on file and what they look like, loaded when the batch first
    /// meets a person (`numbers`).
    numbers: Option<Numbers>,
    recorded_at: String,
    /// The next order-of-entry stamp to give, and this installation's identity: read when
    /// the batch first adds a record (`stamp`).
    clock: Option<(i64, Option<String>)>,
    /// The import this batch is, if it is one: what it adds points back at it.
    pub(super) import_id: Option<i64>,
}

impl<'a> Writer<'a> {
    pub(super) fn begin(conn: &'a mut rusqlite::Connection) -> Result<Writer<'a>> {
        let tx = conn.transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
        Ok(Writer {
            tx,
            people: HashMap::new(),
            recorded: FxHashMap::default(),
            recorded_loaded: false,
            recorded_asked: 0,
            staged: None,
            staged_modules: FxHashMap::default(),
            modules: None,
            numbers: None,
            recorded_at: dates::now_utc(),
            clock: None,
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
            let stamp = self.stamp(1)?;
            let id = people::insert(&self.tx, p, by, stamp)?;
            if let Some(n) = self.numbers.as_mut() {
                n.added(&p.service_number);
            }
            (id, PersonChange::New)
        } else {
            people::upsert(&self.tx, p, by, self.import_id)?
        };
        self.people
            .insert(text::sn_key(&p.service_number), Some(id));
        Ok((id, change))
    }

    /// The person with this number as on file, if any.
    pub fn person_on_file(&self, sn: &str) -> Result<Option<Person>> {
        Ok(people::find(&self.tx, sn)?.map(|(_, p)| p))
    }

    /// When and why the person was taken off the contingent's roster by hand, if they are
    /// off it now (`roster::taken_off_by_hand`).
    pub fn taken_off_by_hand(
        &self,
        person_id: i64,
        contingent_id: i64,
    ) -> Result<Option<(String, String)>> {
        super::roster::taken_off_by_hand(&self.tx, person_id, contingent_id)
    }

    pub fn assign(&mut self, person_id: i64, contingent_id: i64, by: &str) -> Result<bool> {
        let (hlc, _) = self.stamp(1)?;
        people::assign(&self.tx, person_id, contingent_id, by, self.import_id, hlc)
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

    /// Everyone now on the roster of another rotation in use whose training and tour
    /// overlap those of contingent `id` (`roster::on_overlapping_rotations`).
    pub fn on_overlapping_rotations(
        &self,
        id: i64,
    ) -> Result<FxHashMap<i64, Vec<crate::domain::Contingent>>> {
        super::roster::on_overlapping_rotations(&self.tx, id)
    }

    /// False only when the person certainly has no record of the module, on disk or in
    /// this batch. Module ids past 63 do not fit the bit set and always say "maybe".
    fn may_have_record(&mut self, person_id: i64, module_id: i64) -> Result<bool> {
        let Some(bit) = module_bit(module_id) else {
            return Ok(true);
        };
        Ok(self.recorded_modules(person_id)? & bit != 0)
    }

    /// The modules (as bits) a person has any record of, on disk or added in this batch.
    fn recorded_modules(&mut self, person_id: i64) -> Result<u64> {
        if let Some(m) = self.recorded.get(&person_id) {
            return Ok(*m);
        }
        if self.recorded_loaded {
            return Ok(0);
        }
        self.recorded_asked += 1;
        if self.recorded_asked > LOOKUPS_BEFORE_LOADING {
            // A large file: every person's modules in one scan of the standing index. A
            // bit too many only costs a probe, so people met already just gain bits.
            let mut st = self.tx.prepare(&format!(
                "SELECT person_id, {} >> 32 FROM attempt",
                standing::SQL
            ))?;
            let mut rows = st.query([])?;
            while let Some(r) = rows.next()? {
                let bit = module_bit(r.get(1)?).unwrap_or(u64::MAX);
                *self.recorded.entry(r.get(0)?).or_insert(0) |= bit;
            }
            self.recorded_loaded = true;
            return Ok(self.recorded.get(&person_id).copied().unwrap_or(0));
        }
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
        Ok(mask)
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
        // Once everyone's modules are loaded, a person not in the map has none: add them.
        if self.recorded_loaded || self.recorded.contains_key(&person_id) {
            *self.recorded.entry(person_id).or_insert(0) |=
                module_bit(module_id).unwrap_or(u64::MAX);
        }
        let id = uuid::Uuid::now_v7().to_string();
        let (hlc, origin) = self.stamp(1)?;
        self.tx
            .prepare_cached(
                "INSERT INTO attempt (id, person_id, module_id, date, result, score, hours,
                                      instructor, notes, recorded_by, recorded_at, supersedes, reason,
                                      import_id, hlc, origin)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16)",
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
                hlc,
                origin,
            ])?;
        Ok(id)
    }

    /// `n` order-of-entry stamps for records entered now, in order: the first, and the
    /// entering installation. Read from the database once per batch, then counted on.
    fn stamp(&mut self, n: usize) -> Result<(i64, Option<String>)> {
        let (next, origin) = match self.clock.take() {
            Some(c) => c,
            None => (stamps::reserve(&self.tx)?, stamps::origin(&self.tx)?),
        };
        self.clock = Some((next + n as i64, origin.clone()));
        Ok((next, origin))
    }

    /// Each person on a roster now, with the training start and code of the contingent
    /// they are on (the latest to start, if several): a record of a module taken each
    /// rotation dated before it counts for no one there.
    pub fn training_starts(&self) -> Result<FxHashMap<i64, (chrono::NaiveDate, String)>> {
        let mut st = self.tx.prepare(
            "SELECT a.person_id, c.training_start, c.code FROM assignment a
             JOIN contingent c ON c.id = a.contingent_id
             WHERE a.ended_at IS NULL ORDER BY c.training_start",
        )?;
        let rows = st.query_map([], |r| Ok((r.get(0)?, (r.get(1)?, r.get(2)?))))?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// Every number merged into another, by match key (`merge::merged_numbers`).
    pub fn merged_numbers(&self) -> Result<FxHashMap<String, super::merge::Merged>> {
        super::merge::merged_numbers(&self.tx)
    }

    /// Everyone on file by match key (`text::sn_key`), read in one scan: an import of
    /// many rows then looks people up without asking SQLite, on any thread.
    pub fn people_by_key(&self) -> Result<FxHashMap<String, i64>> {
        let mut st = self.tx.prepare("SELECT sn_key, id FROM person")?;
        let rows = st.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// Every module by code in upper case (as `module` finds them), with its row id.
    pub fn modules_by_code(&mut self) -> Result<FxHashMap<String, (i64, Module)>> {
        self.module("")?;
        let map = self.modules.as_ref().expect("loaded by `module`");
        Ok(map.iter().map(|(k, v)| (k.clone(), v.clone())).collect())
    }

    /// Stages completion records of an import (person row id, module row id, record);
    /// `add_staged` adds them all at once. Ids are given now, so records are numbered in
    /// the order they were staged. The duplicate check is left to `add_staged`; here a
    /// record is only marked when it may need one: its person has a record of the module
    /// on disk, or one was staged before it.
    pub fn stage_attempts<'r>(
        &mut self,
        rows: impl IntoIterator<Item = &'r StagedRow>,
    ) -> Result<()> {
        if self.staged.is_none() {
            self.tx.execute_batch(
                "DROP TABLE IF EXISTS temp.staged_attempt;
                 CREATE TEMP TABLE staged_attempt (
                   id TEXT NOT NULL, person_id INTEGER NOT NULL, module_id INTEGER NOT NULL,
                   date TEXT NOT NULL, result TEXT NOT NULL, score REAL, hours REAL,
                   instructor TEXT NOT NULL, notes TEXT NOT NULL,
                   standing INTEGER NOT NULL, probe INTEGER NOT NULL, earlier INTEGER NOT NULL
                 ) STRICT;",
            )?;
            self.staged = Some(Staged::default());
        }
        let rows: Vec<&StagedRow> = rows.into_iter().collect();
        let mut probe = Vec::with_capacity(rows.len());
        for (person_id, module_id) in rows.iter().map(|r| (r.person_id, r.module_id)) {
            let on_disk = self.may_have_record(person_id, module_id)?;
            let bit = module_bit(module_id);
            let seen = self.staged_modules.entry(person_id).or_insert(0);
            let again = bit.is_none_or(|b| *seen & b != 0);
            *seen |= bit.unwrap_or(u64::MAX);
            let staged = self.staged.as_mut().expect("made above");
            staged.rows += 1;
            probe.push(on_disk || again);
        }
        let mut st = self.tx.prepare_cached(
            "INSERT INTO temp.staged_attempt
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)",
        )?;
        for (r, probe) in rows.into_iter().zip(probe) {
            let (person_id, module_id, a) = (r.person_id, r.module_id, &r.attempt);
            st.execute(params![
                uuid::Uuid::now_v7().to_string(),
                person_id,
                module_id,
                dates::iso(a.date),
                a.result.as_str(),
                a.score,
                a.hours,
                a.instructor,
                a.notes,
                standing::encode(module_id, a.date, a.result == Outcome::Pass),
                probe,
                r.earlier,
            ])?;
        }
        Ok(())
    }

    /// Adds every staged record that no record says already (on disk, or staged before
    /// it), in the order staged, with one `INSERT … SELECT`: the triggers and the chain run
    /// for each record inside one statement. A record since amended or voided by hand says
    /// it too: a spreadsheet read again must not bring back what a person corrected. Only
    /// a record voided by undoing its import does not (reading the file again is how an
    /// undo is itself undone). With `write` false nothing is added and the records that
    /// would be are counted. Returns (added, already there, of those the ones whose
    /// record was corrected since).
    pub fn add_staged(&mut self, by: &str, write: bool) -> Result<(usize, usize, usize)> {
        let Some(staged) = self.staged.take() else {
            return Ok((0, 0, 0));
        };
        // Rows that say the same (person, module, day, result, score, hours, instructor)
        // are counted, not merely found: a file holding a pass, a fail and a pass again of
        // one day has two passes, and a database holding one of them lacks the other. A
        // row is new when the file said it more times before it (`StagedRow::earlier`)
        // than the database held it before this import.
        let same = |which: &str| {
            format!(
                "EXISTS (SELECT 1 FROM attempt
                   WHERE person_id = s.person_id AND {} = s.standing
                     AND score IS s.score AND hours IS s.hours AND instructor = s.instructor
                     AND {which})",
                standing::SQL
            )
        };
        let held = same(
            "NOT EXISTS (SELECT 1 FROM voiding v JOIN import i ON i.id = attempt.import_id
                         WHERE v.attempt_id = attempt.id AND i.undone_at = v.voided_at)",
        );
        let active = same(
            "NOT EXISTS (SELECT 1 FROM voiding v WHERE v.attempt_id = attempt.id)
             AND NOT EXISTS (SELECT 1 FROM attempt n WHERE n.supersedes = attempt.id)
             AND attempt.id NOT IN (SELECT id FROM overruled)",
        );
        let corrected: usize = self.tx.query_row(
            &format!(
                "SELECT count(*) FROM temp.staged_attempt s
                 WHERE s.probe = 1 AND {held} AND NOT {active}"
            ),
            [],
            |r| r.get::<_, i64>(0),
        )? as usize;
        let count = |which: &str| {
            format!(
                "(SELECT count(*) FROM attempt
                   WHERE person_id = s.person_id AND {} = s.standing
                     AND score IS s.score AND hours IS s.hours AND instructor = s.instructor
                     AND {which})",
                standing::SQL
            )
        };
        let held_before = count(
            "import_id IS NOT ?3
             AND NOT EXISTS (SELECT 1 FROM voiding v JOIN import i ON i.id = attempt.import_id
                             WHERE v.attempt_id = attempt.id AND i.undone_at = v.voided_at)",
        );
        let to_add = format!(
            "FROM temp.staged_attempt s
             WHERE s.probe = 0 OR {held_before} <= s.earlier"
        );
        let added = if write {
            // Stamps in the order staged: row ids 1, 2, … of the table made for this batch.
            let (first, origin) = self.stamp(staged.rows)?;
            self.tx.execute(
                &format!(
                    "INSERT INTO attempt (id, person_id, module_id, date, result, score, hours,
                                          instructor, notes, recorded_by, recorded_at, import_id,
                                          hlc, origin)
                     SELECT s.id, s.person_id, s.module_id, s.date, s.result, s.score, s.hours,
                            s.instructor, s.notes, ?1, ?2, ?3, ?4 - 1 + s.rowid, ?5
                     {to_add} ORDER BY s.rowid"
                ),
                params![by, self.recorded_at, self.import_id, first, origin],
            )?
        } else {
            // Bound as the insert binds them, so ?3 is this import.
            self.tx.query_row(
                &format!("SELECT count(*) {to_add}"),
                params![by, self.recorded_at, self.import_id],
                |r| r.get::<_, i64>(0),
            )? as usize
        };
        self.tx.execute_batch("DROP TABLE temp.staged_attempt")?;
        Ok((added, staged.rows - added, corrected))
    }

    /// How many records are staged and not yet added.
    pub fn staged_rows(&self) -> usize {
        self.staged.as_ref().map_or(0, |s| s.rows)
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

/// How many people a batch looks up one at a time before it loads everyone at once.
const LOOKUPS_BEFORE_LOADING: usize = 1024;

/// A completions row to stage: whose, which module, what it says, and how many rows of the
/// file before it say the same (person, module, day, result, score, hours, instructor).
pub struct StagedRow {
    pub person_id: i64,
    pub module_id: i64,
    pub attempt: NewAttempt,
    pub earlier: u32,
}

/// Completion records staged for one `INSERT … SELECT`.
#[derive(Default)]
struct Staged {
    rows: usize,
}

/// A module's bit in a person's set of recorded modules, for row ids 0–63.
fn module_bit(module_id: i64) -> Option<u64> {
    u32::try_from(module_id)
        .ok()
        .and_then(|id| 1u64.checked_shl(id))
}
