//! The references between records (foreign keys), checked from the rows the check reads
//! anyway (`store::references` says why): each stretch of a protected table gathers the
//! values its rows point at; once every stretch is in, each value is looked for in the
//! table it points into. A table with a value not found so, or one this does not match
//! exactly, is checked by SQLite's `foreign_key_check`, whose rows are the findings: the
//! fast way only ever says "nothing to report", never what is wrong.

use rusqlite::types::ValueRef;
use std::collections::hash_map::Entry;

use rustc_hash::{FxHashMap, FxHashSet};

use crate::error::Result;
use crate::store::chain;
use crate::store::integrity::Key;
use crate::store::references::{exact, Reference};
use crate::Store;

/// Up to this many values are looked up one by one; more, and the parent's whole column
/// is read (100,000 people read at once take about what 10,000 lookups do).
const LOOKUPS: usize = 2_000;

/// Which references are read with the rows, and which tables SQLite checks itself.
pub struct ReferencePlan {
    /// Per protected table (its place in `chain::TABLES`): each of its references, with
    /// the place of its column in the table's scan row (the key, the table's name, then
    /// its columns: `Store::scan_table`).
    pub read: Vec<Vec<(usize, Reference)>>,
    /// Tables whose references SQLite checks: not read row by row here (a database from
    /// before the chain, a table the chain does not cover) or not one column each.
    pub by_sqlite: Vec<String>,
}

impl ReferencePlan {
    pub fn new(store: &Store, rows_read: bool) -> Result<ReferencePlan> {
        let mut read = vec![Vec::new(); chain::TABLES.len()];
        let mut by_sqlite = Vec::new();
        for table in store.referring_tables()? {
            let place = chain::TABLES
                .iter()
                .position(|t| t.name == table)
                .filter(|_| rows_read);
            let placed = match place {
                Some(i) => store.references_of(&table)?.and_then(|refs| {
                    refs.into_iter()
                        .map(|r| {
                            let at = chain::TABLES[i].columns.iter().position(|c| *c == r.column);
                            at.map(|at| (at + 2, r))
                        })
                        .collect::<Option<Vec<_>>>()
                        .map(|refs| (i, refs))
                }),
                None => None,
            };
            match placed {
                Some((i, refs)) => read[i] = refs,
                None => by_sqlite.push(table),
            }
        }
        Ok(ReferencePlan { read, by_sqlite })
    }

    /// What a stretch of table `i` gathers, one per reference.
    pub fn gatherers(&self, i: usize) -> Vec<Referred> {
        self.read[i].iter().map(|_| Referred::default()).collect()
    }
}

/// Row ids are small numbers: those below this are kept as bits (at most 2 MiB), which
/// 600,000 rows set in a tenth of the time a hash set takes.
const DENSE: i64 = 1 << 24;

/// The values one reference points at in a stretch of rows.
#[derive(Debug, Default)]
pub struct Referred {
    /// Bit `i` set: the integer `i` (below `DENSE`).
    small: Vec<u64>,
    keys: FxHashSet<Key>,
    /// A value this check does not match exactly was seen.
    unsure: bool,
}

impl Referred {
    pub fn add(&mut self, v: ValueRef) {
        match v {
            ValueRef::Null => {} // A reference to nothing is allowed.
            ValueRef::Integer(i) if (0..DENSE).contains(&i) => {
                let (word, bit) = ((i / 64) as usize, i % 64);
                if word >= self.small.len() {
                    self.small.resize((word + 1).next_power_of_two(), 0);
                }
                self.small[word] |= 1 << bit;
            }
            _ => match exact(v) {
                Some(k) => {
                    self.keys.insert(k);
                }
                None => self.unsure = true,
            },
        }
    }

    pub fn merge(&mut self, mut other: Referred) {
        if self.small.len() < other.small.len() {
            std::mem::swap(&mut self.small, &mut other.small);
        }
        for (mine, theirs) in self.small.iter_mut().zip(other.small) {
            *mine |= theirs;
        }
        if self.keys.len() < other.keys.len() {
            std::mem::swap(&mut self.keys, &mut other.keys);
        }
        self.keys.extend(other.keys);
        self.unsure |= other.unsure;
    }

    /// How many values, and each of them.
    fn len(&self) -> usize {
        self.keys.len()
            + self
                .small
                .iter()
                .map(|w| w.count_ones() as usize)
                .sum::<usize>()
    }

    fn each(&self) -> impl Iterator<Item = Key> + '_ {
        // Only the bits that are set: a bitmap of row ids up to `DENSE` is mostly empty
        // words when the ids are sparse.
        let small = self.small.iter().enumerate().flat_map(|(w, &bits)| {
            std::iter::successors((bits != 0).then_some(bits), |b| {
                let rest = b & (b - 1);
                (rest != 0).then_some(rest)
            })
            .map(move |b| Key::Int(w as i64 * 64 + b.trailing_zeros() as i64))
        });
        small.chain(self.keys.iter().cloned())
    }
}

/// SQLite's findings for every table whose references did not all check out here:
/// (table, row id, table it should point into).
pub fn breaks(
    store: &Store,
    plan: &ReferencePlan,
    gathered: Vec<Vec<Referred>>,
) -> Result<Vec<(String, Option<i64>, String)>> {
    let mut parents: FxHashMap<(String, String), FxHashSet<Key>> = FxHashMap::default();
    let mut out = Vec::new();
    for (i, referred) in gathered.into_iter().enumerate() {
        let mut settled = true;
        for ((_, r), got) in plan.read[i].iter().zip(referred) {
            settled = settled && !got.unsure && found(store, &mut parents, r, &got)?;
        }
        if !settled {
            out.extend(store.foreign_key_breaks_in(chain::TABLES[i].name)?);
        }
    }
    Ok(out)
}

/// Whether every value of `got` is in the column `r` points into.
fn found(
    store: &Store,
    parents: &mut FxHashMap<(String, String), FxHashSet<Key>>,
    r: &Reference,
    got: &Referred,
) -> Result<bool> {
    let whole = (r.parent.clone(), r.to.clone());
    let held = match parents.entry(whole) {
        Entry::Occupied(e) => e.into_mut(),
        Entry::Vacant(_) if got.len() <= LOOKUPS => {
            for k in got.each() {
                if !store.holds_key(&r.parent, &r.to, &k)? {
                    return Ok(false);
                }
            }
            return Ok(true);
        }
        Entry::Vacant(e) => e.insert(store.keys_in(&r.parent, &r.to)?),
    };
    Ok(got.each().all(|k| held.contains(&k)))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn keys(r: &Referred) -> Vec<Key> {
        let mut k: Vec<Key> = r.each().collect();
        k.sort();
        k
    }

    #[test]
    fn every_value_is_kept_once_whichever_way_it_is_held() {
        let mut a = Referred::default();
        for v in [5, 5, 0, 63, 64, DENSE - 1, DENSE, -1, i64::MAX] {
            a.add(ValueRef::Integer(v));
        }
        a.add(ValueRef::Null);
        a.add(ValueRef::Text(b"0190a000-0000-7000-8000-00000000a001"));
        a.add(ValueRef::Text("КZ470007".as_bytes()));
        assert!(!a.unsure);
        let mut want: Vec<Key> = [5, 0, 63, 64, DENSE - 1, DENSE, -1, i64::MAX]
            .into_iter()
            .map(Key::Int)
            .collect();
        want.push(Key::read(ValueRef::Text(
            b"0190a000-0000-7000-8000-00000000a001",
        )));
        want.push(Key::Text("КZ470007".into()));
        want.sort();
        assert_eq!(keys(&a), want);
        assert_eq!(a.len(), want.len());

        // Two stretches together: the union, whichever is larger.
        let mut b = Referred::default();
        b.add(ValueRef::Integer(1 << 20));
        b.add(ValueRef::Integer(5));
        let mut c = Referred::default();
        c.add(ValueRef::Integer(7));
        b.merge(a);
        b.merge(c);
        want.extend([Key::Int(1 << 20), Key::Int(7)]);
        want.sort();
        assert_eq!(keys(&b), want);
    }

    #[test]
    fn a_value_not_matched_exactly_leaves_the_table_to_sqlite() {
        for v in [
            ValueRef::Real(5.0),
            ValueRef::Blob(b"5"),
            ValueRef::Text(b"\xff\xfe"),
        ] {
            let mut r = Referred::default();
            r.add(v);
            assert!(r.unsure, "{v:?}");
            let mut all = Referred::default();
            all.merge(r);
            assert!(all.unsure);
        }
    }
}
