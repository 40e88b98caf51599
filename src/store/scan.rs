//! Loads what the readiness rules read, in one pass over the attempts: readiness of a
//! whole contingent should cost little more than reading its records once.

use std::collections::HashSet;

use rusqlite::types::ValueRef;

use super::{people, Store};
use crate::domain::{Contingent, Module, Person};
use crate::error::Result;
use crate::rules::Fact;

/// Everything the rules need for one contingent.
#[derive(Debug, Clone)]
pub struct ReadinessInput {
    pub contingent: Contingent,
    /// Active (not retired) modules, in curriculum order.
    pub modules: Vec<Module>,
    /// Assigned people, by unit then name.
    pub people: Vec<Person>,
    /// Everyone's active attempts as (module index, fact), grouped by person: person i's
    /// are `facts[starts[i]..starts[i + 1]]`. One flat array instead of a vector per person
    /// keeps a 100,000-person contingent to a handful of allocations.
    facts: Vec<(usize, Fact)>,
    starts: Vec<usize>,
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
        let mut starts = vec![0];
        let mut flat = Vec::new();
        for f in facts {
            flat.extend(f);
            starts.push(flat.len());
        }
        ReadinessInput {
            contingent,
            modules,
            people,
            facts: flat,
            starts,
        }
    }

    /// Person i's active attempts as (module index, fact).
    pub fn facts_of(&self, person: usize) -> &[(usize, Fact)] {
        &self.facts[self.starts[person]..self.starts[person + 1]]
    }
}

pub type Roster = ReadinessInput;

const NONE: u32 = u32::MAX;

/// Makes `v[id]` addressable, filling new places with NONE.
fn grow(v: &mut Vec<u32>, id: i64) -> &mut Vec<u32> {
    let id = usize::try_from(id).expect("row ids are positive");
    if v.len() <= id {
        v.resize(id + 1, NONE);
    }
    v
}

impl Store {
    pub fn readiness_input(&self, code: &str) -> Result<ReadinessInput> {
        let contingent = self.contingent(code)?;
        let cid = self.contingent_id(code)?;

        // Row ids are small dense integers: index by them instead of hashing.
        let mut slots: Vec<u32> = Vec::new();
        let mut loaded: Vec<(i64, Person)> = Vec::new();
        {
            let mut st = self.conn.prepare(&format!(
                "SELECT {}, p.id FROM assignment a JOIN person p ON p.id = a.person_id
                 WHERE a.contingent_id = ?1 AND a.ended_at IS NULL",
                people::COLUMNS
            ))?;
            let mut rows = st.query([cid])?;
            while let Some(r) = rows.next()? {
                loaded.push((r.get(9)?, people::from_row(r)?));
            }
        }
        // Sorted here rather than by SQL (SQLite's sorter copies every row), and by index
        // so the sort moves four bytes per person instead of a whole record.
        let mut order: Vec<u32> = (0..loaded.len() as u32).collect();
        let key = |i: &u32| {
            let p = &loaded[*i as usize].1;
            (&p.unit, &p.family_name, &p.given_name, &p.service_number)
        };
        order.sort_unstable_by(|a, b| key(a).cmp(&key(b)));
        let mut loaded: Vec<Option<(i64, Person)>> = loaded.into_iter().map(Some).collect();
        let mut people = Vec::with_capacity(loaded.len());
        for i in order {
            let (id, p) = loaded[i as usize].take().expect("each index once");
            grow(&mut slots, id)[id as usize] = people.len() as u32;
            people.push(p);
        }

        let mut module_slot: Vec<u32> = Vec::new();
        let mut modules = Vec::new();
        for (id, m) in super::curriculum::all_with_ids(&self.conn)? {
            if !m.retired {
                grow(&mut module_slot, id)[id as usize] = modules.len() as u32;
                modules.push(m);
            }
        }

        // Superseded and voided records are few; set them aside by row number first.
        let mut inactive: HashSet<i64> = HashSet::new();
        {
            let mut st = self.conn.prepare(
                "SELECT o.seq FROM attempt n JOIN attempt o ON o.id = n.supersedes
                 WHERE n.supersedes IS NOT NULL
                 UNION ALL
                 SELECT a.seq FROM voiding v JOIN attempt a ON a.id = v.attempt_id",
            )?;
            let mut rows = st.query([])?;
            while let Some(r) = rows.next()? {
                inactive.insert(r.get(0)?);
            }
        }

        let mut raw: Vec<(u32, usize, Fact)> = Vec::new();
        // Every column read here is in the index: SQLite never touches the table.
        let mut st = self.conn.prepare(
            "SELECT seq, person_id, module_id, date, result FROM attempt INDEXED BY attempt_readiness",
        )?;
        let mut rows = st.query([])?;
        while let Some(r) = rows.next()? {
            let slot = |v: &[u32], id: i64| v.get(id as usize).copied().filter(|&s| s != NONE);
            let Some(p) = slot(&slots, r.get(1)?) else {
                continue;
            };
            let Some(m) = slot(&module_slot, r.get(2)?) else {
                continue;
            };
            let seq: i64 = r.get(0)?;
            if !inactive.is_empty() && inactive.contains(&seq) {
                continue;
            }
            let date = match r.get_ref(3)? {
                ValueRef::Text(t) => crate::dates::from_iso_bytes(t),
                _ => None,
            };
            let Some(date) = date else {
                continue;
            };
            let passed = matches!(r.get_ref(4)?, ValueRef::Text(b"pass"));
            raw.push((p, m as usize, Fact { date, passed, seq }));
        }
        drop(rows);
        // Group by person with a counting sort: two linear passes.
        let mut starts = vec![0usize; people.len() + 1];
        for (p, ..) in &raw {
            starts[*p as usize + 1] += 1;
        }
        for i in 1..starts.len() {
            starts[i] += starts[i - 1];
        }
        let mut next = starts.clone();
        let filler = (
            0,
            Fact {
                date: contingent.training_start,
                passed: false,
                seq: 0,
            },
        );
        let mut facts = vec![filler; raw.len()];
        for (p, m, f) in raw {
            let at = &mut next[p as usize];
            facts[*at] = (m, f);
            *at += 1;
        }
        Ok(ReadinessInput {
            contingent,
            modules,
            people,
            facts,
            starts,
        })
    }

    /// The benchmark's floor: read every attempt row once, touching the same columns the
    /// readiness scan reads, and do nothing with them. Returns the row count.
    pub fn raw_scan_attempts(&self) -> Result<u64> {
        let mut st = self
            .conn
            .prepare("SELECT seq, person_id, module_id, date, result FROM attempt")?;
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
