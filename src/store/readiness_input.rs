//! Loads what the readiness rules read, in one pass over the attempts: readiness of a
//! whole contingent should cost little more than reading its records once.

use std::collections::HashSet;
use std::ops::Range;
use std::path::Path;

use chrono::NaiveDate;
use rusqlite::Connection;

use super::roster_order::{alphabet_order, distinct_units, permute};
use super::{people, standing, Store};
use crate::domain::{Contingent, Module, Person};
use crate::error::Result;
use crate::rules::{Entry, Fact};

/// Everything the rules need for one contingent.
#[derive(Debug, Clone, PartialEq)]
pub struct ReadinessInput {
    pub contingent: Contingent,
    /// Active (not retired) modules, in curriculum order.
    pub modules: Vec<Module>,
    /// Assigned people, by unit then name.
    pub people: Vec<Person>,
    /// Everyone's active attempts as (module index, fact); person i's are
    /// `facts[spans[i]]`. One flat array instead of a vector per person keeps a
    /// 100,000-person contingent to a handful of allocations.
    facts: Vec<(usize, Fact)>,
    spans: Vec<Range<usize>>,
    /// The distinct units, and each person's place in that list: readiness counts by unit
    /// without reading every person's unit name again.
    units: Vec<String>,
    unit_of: Vec<u32>,
}

impl ReadinessInput {
    /// Builds an input by hand (tests, previews); `facts[i]` are person i's attempts.
    pub fn new(
        contingent: Contingent,
        modules: Vec<Module>,
        people: Vec<Person>,
        facts: Vec<Vec<(usize, Fact)>>,
    ) -> ReadinessInput {
        assert_eq!(people.len(), facts.len(), "one list of facts per person");
        let mut spans = Vec::with_capacity(facts.len());
        let mut flat = Vec::new();
        for f in facts {
            let start = flat.len();
            flat.extend(f);
            spans.push(start..flat.len());
        }
        let (units, unit_of) = distinct_units(&people);
        ReadinessInput {
            contingent,
            modules,
            people,
            facts: flat,
            spans,
            units,
            unit_of,
        }
    }

    /// Person i's active attempts as (module index, fact).
    pub fn facts_of(&self, person: usize) -> &[(usize, Fact)] {
        &self.facts[self.spans[person].clone()]
    }

    /// The distinct units of the people, in no particular order.
    pub fn units(&self) -> &[String] {
        &self.units
    }

    /// Person i's unit, as a place in `units()`.
    pub fn unit_of(&self, person: usize) -> usize {
        self.unit_of[person] as usize
    }
}

const NONE: u32 = u32::MAX;

/// Makes `v[id]` addressable, filling new places with NONE.
fn grow(v: &mut Vec<u32>, id: i64) -> &mut Vec<u32> {
    let id = usize::try_from(id).expect("row ids are positive");
    if v.len() <= id {
        v.resize(id + 1, NONE);
    }
    v
}

/// Contingents at least this large load their people on a second connection while the
/// first reads the attempts (below it, opening the connection costs more than it saves).
const PARALLEL_FROM: usize = 10_000;

/// The people of a contingent as loaded, with their row ids, roster order and units.
struct Loaded {
    people: Vec<Person>,
    ids: Vec<i64>,
    order: Vec<u32>,
    units: Vec<String>,
    unit_of: Vec<u32>,
}

/// Active attempts as (module slot, fact), and the run of them that is each person's,
/// indexed by person row id.
struct Scanned {
    facts: Vec<(usize, Fact)>,
    runs: Vec<Range<usize>>,
}

impl Store {
    pub fn readiness_input(&self, code: &str) -> Result<ReadinessInput> {
        self.readiness_input_with(code, PARALLEL_FROM)
    }

    pub(crate) fn readiness_input_with(
        &self,
        code: &str,
        parallel_from: usize,
    ) -> Result<ReadinessInput> {
        // Counted before the snapshot below: it decides whether to use a helper and how
        // much room to make, and a person more or less changes neither much.
        let assigned = self.personnel_count(code)?;
        let helper = self.people_reader(assigned, parallel_from)?;
        // One read transaction: people and attempts come from one snapshot even while
        // another window or the command line is writing.
        let tx = self.conn.unchecked_transaction()?;
        let contingent = self.contingent(code)?;
        let cid = self.contingent_id(code)?;
        let mut module_slot: Vec<u32> = Vec::new();
        let mut modules = Vec::new();
        for (id, m) in super::curriculum::all_with_ids(&tx)? {
            if !m.retired {
                grow(&mut module_slot, id)[id as usize] = modules.len() as u32;
                modules.push(m);
            }
        }

        let (loaded, scanned) = std::thread::scope(|s| -> Result<(Loaded, Scanned)> {
            match helper {
                // The helper loads and sorts the people while this connection reads
                // the attempts.
                Some(reader) => {
                    let loader = s.spawn(move || -> Result<Loaded> {
                        let (people, ids) = load_people(&reader, cid, assigned)?;
                        reader.execute_batch("COMMIT")?;
                        drop(reader);
                        Ok(arrange(people, ids))
                    });
                    let members = member_ids(&tx, cid)?;
                    let scanned = scan_attempts(&tx, &members, &module_slot);
                    let loaded = loader.join().expect("loading people does not panic")?;
                    Ok((loaded, scanned?))
                }
                // The people are sorted beside the scan of the attempts.
                None => {
                    let (people, ids) = load_people(&tx, cid, assigned)?;
                    let members = membership(&ids);
                    let sorter = s.spawn(move || arrange(people, ids));
                    let scanned = scan_attempts(&tx, &members, &module_slot);
                    let loaded = sorter.join().expect("sorting people does not panic");
                    Ok((loaded, scanned?))
                }
            }
        })?;
        tx.finish()?;

        // Put people in roster order and point each at their run of facts.
        let Loaded {
            mut people,
            ids,
            order,
            units,
            unit_of,
        } = loaded;
        let spans = order
            .iter()
            .map(|&i| {
                let id = ids[i as usize] as usize;
                scanned.runs.get(id).cloned().unwrap_or(0..0)
            })
            .collect();
        let unit_of = order.iter().map(|&i| unit_of[i as usize]).collect();
        permute(&mut people, order);
        Ok(ReadinessInput {
            contingent,
            modules,
            people,
            facts: scanned.facts,
            spans,
            units,
            unit_of,
        })
    }

    /// A second connection for loading a large contingent's people, holding the write
    /// lock: while it holds it no one can commit, so the snapshot this connection starts
    /// next is the one the helper reads. If someone is writing right now, or the
    /// database is in memory, there is no helper and one connection does it all.
    fn people_reader(&self, assigned: usize, parallel_from: usize) -> Result<Option<Connection>> {
        let Some(path) = self.conn.path().filter(|p| !p.is_empty()) else {
            return Ok(None);
        };
        if assigned < parallel_from {
            return Ok(None);
        }
        let Ok(reader) = super::db::open_reader(Path::new(path)) else {
            return Ok(None);
        };
        Ok(reader
            .execute_batch("BEGIN IMMEDIATE")
            .ok()
            .map(|()| reader))
    }

    /// The benchmark's floor: read every attempt row once, touching the same columns the
    /// readiness scan reads, and do nothing with them. Returns the row count.
    pub fn raw_scan_attempts(&self) -> Result<u64> {
        use rusqlite::types::ValueRef;
        let mut st = self
            .conn
            .prepare("SELECT seq, person_id, module_id, date, result FROM attempt NOT INDEXED")?;
        let mut rows = st.query([])?;
        let mut n = 0u64;
        let mut acc = 0i64;
        while let Some(r) = rows.next()? {
            acc = acc
                .wrapping_add(r.get::<_, i64>(0)?)
                .wrapping_add(r.get::<_, i64>(1)?)
                .wrapping_add(r.get::<_, i64>(2)?);
            if let ValueRef::Text(t) = r.get_ref(3)? {
                acc = acc.wrapping_add(t.len() as i64);
            }
            if let ValueRef::Text(t) = r.get_ref(4)? {
                acc = acc.wrapping_add(t.len() as i64);
            }
            n += 1;
        }
        std::hint::black_box(acc);
        Ok(n)
    }
}

/// A contingent's assigned people, in no particular order, with their row ids.
/// `room` is how many are expected.
fn load_people(conn: &Connection, cid: i64, room: usize) -> Result<(Vec<Person>, Vec<i64>)> {
    let mut people = Vec::with_capacity(room);
    let mut ids = Vec::with_capacity(room);
    let mut st = conn.prepare(&format!(
        "SELECT {}, p.id FROM assignment a JOIN person p ON p.id = a.person_id
         WHERE a.contingent_id = ?1 AND a.ended_at IS NULL",
        people::COLUMNS
    ))?;
    let mut rows = st.query([cid])?;
    while let Some(r) = rows.next()? {
        ids.push(r.get(9)?);
        people.push(people::from_row(r)?);
    }
    Ok((people, ids))
}

/// Whether each person row id is in the contingent, indexed by id.
fn membership(ids: &[i64]) -> Vec<bool> {
    let mut members = Vec::new();
    for &id in ids {
        let id = usize::try_from(id).expect("row ids are positive");
        if members.len() <= id {
            members.resize(id + 1, false);
        }
        members[id] = true;
    }
    members
}

fn member_ids(conn: &Connection, cid: i64) -> Result<Vec<bool>> {
    let mut st = conn.prepare(
        "SELECT person_id FROM assignment WHERE contingent_id = ?1 AND ended_at IS NULL",
    )?;
    let ids = st
        .query_map([cid], |r| r.get(0))?
        .collect::<rusqlite::Result<Vec<i64>>>()?;
    Ok(membership(&ids))
}

/// Roster order and units of loaded people.
fn arrange(people: Vec<Person>, ids: Vec<i64>) -> Loaded {
    let order = alphabet_order(&people);
    let (units, unit_of) = distinct_units(&people);
    Loaded {
        people,
        ids,
        order,
        units,
        unit_of,
    }
}

/// The scan of every attempt, in the index's order.
fn scan_sql() -> String {
    format!(
        "SELECT seq, person_id, {0} FROM attempt INDEXED BY attempt_standing
         ORDER BY person_id, {0}",
        standing::SQL
    )
}

/// Reads every attempt once from the `attempt_standing` index (SQLite touches the table
/// only for the order of entry of attempts sharing a person, module and day) and keeps the
/// active ones of the members. The index is ordered by person, so
/// each person's attempts arrive together and need no grouping afterwards.
fn scan_attempts(conn: &Connection, members: &[bool], module_slot: &[u32]) -> Result<Scanned> {
    // Superseded, voided and overruled (a lost conflict, migration 0013) records are few;
    // set them aside by row number first.
    let mut inactive: HashSet<i64> = HashSet::new();
    {
        let mut st = conn.prepare(
            "SELECT o.seq FROM attempt n JOIN attempt o ON o.id = n.supersedes
             WHERE n.supersedes IS NOT NULL
             UNION ALL
             SELECT a.seq FROM voiding v JOIN attempt a ON a.id = v.attempt_id
             UNION ALL
             SELECT a.seq FROM overruled o JOIN attempt a ON a.id = o.id",
        )?;
        let mut rows = st.query([])?;
        while let Some(r) = rows.next()? {
            inactive.insert(r.get(0)?);
        }
    }
    let total: i64 = conn
        .query_row("SELECT max(seq) FROM attempt", [], |r| {
            r.get::<_, Option<i64>>(0)
        })?
        .unwrap_or(0);
    // Room for every attempt of these people without regrowing (the ids of other
    // contingents' attempts do not count against it).
    let people = members.iter().filter(|m| **m).count();
    let room = (total.max(0) as usize).min(people * 16 + 1024);
    let mut facts: Vec<(usize, Fact)> = Vec::with_capacity(room);
    let mut runs = vec![0..0; members.len()];
    // ORDER BY is what the index gives anyway (no sorting happens); it makes "together"
    // a promise rather than an accident of the query plan.
    // Attempts of one person, module and day are next to each other in the index (its
    // value is module, then date, then the result's bit): the one place the order of entry
    // matters. Only those are looked up for their stamp and record id afterwards.
    let mut same_day: Vec<(usize, i64)> = Vec::new();
    let mut previous: Option<(usize, u32, NaiveDate, i64)> = None;
    let mut st = conn.prepare(&scan_sql())?;
    let mut rows = st.query([])?;
    let mut current = usize::MAX;
    while let Some(r) = rows.next()? {
        let Ok(p) = usize::try_from(r.get::<_, i64>(1)?) else {
            continue;
        };
        if !members.get(p).copied().unwrap_or(false) {
            continue;
        }
        if current != p {
            current = p;
            runs[p] = facts.len()..facts.len();
        }
        let Some((module_id, date, passed)) = standing::decode(r.get(2)?) else {
            continue;
        };
        let Some(m) = usize::try_from(module_id)
            .ok()
            .and_then(|i| module_slot.get(i).copied())
            .filter(|&s| s != NONE)
        else {
            continue;
        };
        let seq: i64 = r.get(0)?;
        if !inactive.is_empty() && inactive.contains(&seq) {
            continue;
        }
        if let Some((pp, pm, pd, pseq)) = previous {
            if pp == p && pm == m && pd == date {
                if same_day.last().is_none_or(|&(i, _)| i != facts.len() - 1) {
                    same_day.push((facts.len() - 1, pseq));
                }
                same_day.push((facts.len(), seq));
            }
        }
        previous = Some((p, m, date, seq));
        facts.push((
            m as usize,
            Fact {
                date,
                passed,
                entry: Entry::default(),
            },
        ));
        runs[p].end = facts.len();
    }
    drop(rows);
    if !same_day.is_empty() {
        let mut st = conn.prepare_cached(super::service::ENTRY_BY_SEQ)?;
        for (i, seq) in same_day {
            facts[i].1.entry = st.query_row([seq], super::service::entry)?;
        }
    }
    Ok(Scanned { facts, runs })
}

#[cfg(test)]
mod tests {
    use std::time::{Duration, Instant};

    use crate::store::Store;

    fn demo() -> (tempfile::TempDir, Store) {
        let dir = tempfile::tempdir().unwrap();
        let mut store = Store::open(&dir.path().join("muster.sqlite3")).unwrap();
        store.seed_default_curriculum("t").unwrap();
        crate::demo::load(&mut store, crate::dates::parse("2026-11-28").unwrap()).unwrap();
        (dir, store)
    }

    /// Loading people on a helper connection gives exactly what one connection gives.
    #[test]
    fn the_helper_connection_loads_what_one_connection_loads() {
        let (_dir, store) = demo();
        assert!(store.people_reader(122, 0).unwrap().is_some());
        let alone = store.readiness_input_with("DEMO", usize::MAX).unwrap();
        let helped = store.readiness_input_with("DEMO", 0).unwrap();
        assert_eq!(alone.people.len(), 122);
        assert_eq!(alone, helped);
    }

    /// Someone else writing (holding the write lock) never makes readiness wait: it does
    /// without the helper, and the lock's holder is not disturbed.
    #[test]
    fn a_writer_elsewhere_neither_blocks_nor_changes_readiness() {
        let (dir, store) = demo();
        let alone = store.readiness_input_with("DEMO", usize::MAX).unwrap();
        let other = rusqlite::Connection::open(dir.path().join("muster.sqlite3")).unwrap();
        other.execute_batch("BEGIN IMMEDIATE").unwrap();
        assert!(store.people_reader(122, 0).unwrap().is_none());
        let t = Instant::now();
        let helped = store.readiness_input_with("DEMO", 0).unwrap();
        assert!(t.elapsed() < Duration::from_secs(2), "{:?}", t.elapsed());
        other.execute_batch("ROLLBACK").unwrap();
        assert_eq!(alone, helped);
    }

    /// The scan is the index's own order, read from the index alone: nothing is sorted, and
    /// attempts of one person, module and day arrive next to each other.
    #[test]
    fn the_scan_is_the_index_order_with_no_sort() {
        let store = Store::open_in_memory().unwrap();
        let mut st = store
            .conn
            .prepare(&format!("EXPLAIN QUERY PLAN {}", super::scan_sql()))
            .unwrap();
        let plan: Vec<String> = st
            .query_map([], |r| r.get(3))
            .unwrap()
            .collect::<rusqlite::Result<_>>()
            .unwrap();
        assert_eq!(plan, ["SCAN attempt USING INDEX attempt_standing"]);
    }

    /// Two attempts of one person, module and day read their order of entry from the
    /// table; the rest of the scan leaves it at its default.
    #[test]
    fn only_attempts_sharing_a_day_are_looked_up() {
        use crate::domain::{NewAttempt, Outcome};
        let (_dir, mut store) = demo();
        let sn = store.readiness_input("DEMO").unwrap().people[0]
            .service_number
            .clone();
        let at = |result| NewAttempt {
            service_number: sn.clone(),
            module: "ROE".into(),
            date: "2026-11-27".parse().unwrap(),
            result,
            score: None,
            hours: None,
            instructor: String::new(),
            notes: String::new(),
        };
        store.log_session(&[at(Outcome::Pass)], "t").unwrap();
        store.log_session(&[at(Outcome::Fail)], "t").unwrap();
        let input = store.readiness_input("DEMO").unwrap();
        let stamped: Vec<_> = input
            .facts
            .iter()
            .filter(|(_, f)| f.entry != crate::rules::Entry::default())
            .map(|(_, f)| f.entry.hlc)
            .collect();
        assert_eq!(stamped.len(), 2, "{stamped:?}");
        // In the index's order, the fail comes first (result bit 0); it was entered last.
        assert!(stamped[0] > stamped[1], "{stamped:?}");
        let r = crate::readiness::readiness(&store, "DEMO", "2026-11-28".parse().unwrap()).unwrap();
        let me = r.personnel.iter().find(|p| p.service_number == sn).unwrap();
        assert_eq!(me.modules["ROE"].status, crate::rules::Status::Failed);
    }

    /// An in-memory database has no file for a helper to open.
    #[test]
    fn an_in_memory_database_is_read_on_one_connection() {
        let store = Store::open_in_memory().unwrap();
        assert!(store.people_reader(1, 0).unwrap().is_none());
    }
}
