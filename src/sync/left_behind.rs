//! Records under a number already merged into another (`muster person merge`). A merge
//! moves what the wrong number holds on the laptop where it is made; a laptop that had not
//! received it yet may still log a session or put someone back on a roster under the wrong
//! number, and its bundle brings that here. No roster holds the merged number, so such a
//! record counts for no one: the soldier would read as not trained for what they did.
//! Listed until someone merges again, which moves what was left. Computed from the
//! records, so every installation that holds them lists the same.
//!
//! Laptops may also merge one soldier's numbers round a loop before hearing of each other
//! (one pair each its own way, or three numbers round): the earliest merge of the loop
//! gives way (`store::merge::merged_numbers`), and it had taken the right number off its
//! rosters. Listed too, until merging again puts it back. Along a chain of merges each
//! number is listed with the number at its end, the one to merge into.
//!
//! A merge moves records and roster places, not details (the number kept keeps its own).
//! A detail given to the merged number after the merge (a promotion entered on a laptop
//! that had not heard of it, or its roster file read there) would be lost without a word:
//! listed until someone edits the same detail of the number kept. Likewise a roster the
//! merged number was taken off there, where the merge put the number kept in its place:
//! the soldier counts on a roster someone took them off, until someone takes the number
//! kept off too or puts it back by hand.

use serde::Serialize;

use crate::domain::RecordState;
use crate::error::Result;
use crate::store::{MergeRecord, Store};

/// A merged number that still holds records that count, or a roster place.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct LeftBehind {
    /// The merged number, as on file.
    pub service_number: String,
    /// Family name, then given name.
    pub name: String,
    /// The number it was merged into.
    pub into: String,
    pub merged_by: String,
    pub merged_at: String,
    /// Its records that count, oldest first.
    pub records: Vec<MergeRecord>,
    /// The contingents whose roster it is on.
    pub rosters: Vec<String>,
    /// The contingents whose roster the number it went into left by a merge of its own that
    /// gave way in a loop (made on another laptop): merging again puts it back.
    pub off_rosters: Vec<String>,
    /// Its details changed after the merge (on a laptop that had not received it, or by a
    /// roster file read there), latest first by field: a merge moves records, not
    /// details, so the number it went into keeps its own until someone edits them there.
    pub details: Vec<LeftDetail>,
    /// Rosters this number was taken off by hand on a laptop that had not received the
    /// merge, where the merge put the number it went into in its place: that number
    /// still counts there until someone takes it off too (or puts it back by hand).
    pub removed_apart: Vec<crate::store::RemovedApart>,
}

impl LeftBehind {
    /// Whether merging again would move something (records, roster places, a roster the
    /// number kept goes back on); details alone are edited on the number kept instead.
    pub fn moves_anything(&self) -> bool {
        !(self.records.is_empty() && self.rosters.is_empty() && self.off_rosters.is_empty())
    }
}

/// A detail of a merged number changed after the merge.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct LeftDetail {
    /// The field, or group of fields edited as one (`rank`, `unit` …).
    pub field: String,
    /// The value it was given, as a person reads it.
    pub value: String,
    pub by: String,
    pub at: String,
}

/// Every merged number that holds records that count or a roster place, or whose merge
/// left the right number off a roster, by number.
pub fn left_behind(store: &Store) -> Result<Vec<LeftBehind>> {
    let mut out = Vec::new();
    for m in store.merged_numbers()?.into_values() {
        let records: Vec<MergeRecord> = store
            .history(&m.from)?
            .into_iter()
            .filter(|e| e.state == RecordState::Active)
            .map(|e| MergeRecord {
                id: e.attempt.id,
                module: e.attempt.module,
                date: e.attempt.date.to_string(),
                result: e.attempt.result,
            })
            .collect();
        let rosters = store.assignments(&m.from)?;
        let off_rosters = store.reversed_places(&m.into, &m.from)?;
        let details = details_after(store, &m)?;
        let removed_apart = store.removed_apart(&m)?;
        if records.is_empty()
            && rosters.is_empty()
            && off_rosters.is_empty()
            && details.is_empty()
            && removed_apart.is_empty()
        {
            continue;
        }
        let person = store.person(&m.from)?;
        out.push(LeftBehind {
            name: format!("{} {}", person.family_name, person.given_name),
            service_number: m.from,
            into: m.into,
            merged_by: m.by,
            merged_at: m.at,
            records,
            rosters,
            off_rosters,
            details,
            removed_apart,
        });
    }
    out.sort_by(|a, b| a.service_number.cmp(&b.service_number));
    Ok(out)
}

/// The merged number's details changed after its merge, the latest change of each field,
/// unless the number it went into had the same field edited later (someone looked).
fn details_after(store: &Store, m: &crate::store::Merged) -> Result<Vec<LeftDetail>> {
    let mut latest: std::collections::BTreeMap<String, crate::store::details::Edit> =
        Default::default();
    for e in store.person_edits_after(&m.from, &m.at)? {
        latest.insert(e.field.clone(), e);
    }
    let mut out = Vec::new();
    for (field, e) in latest {
        let looked = store
            .person_edits_after(&m.into, &e.edited_at)?
            .iter()
            .any(|r| r.field == field);
        if !looked {
            out.push(LeftDetail {
                field,
                value: super::detail_conflicts::shown(&e.value),
                by: e.edited_by,
                at: e.edited_at,
            });
        }
    }
    Ok(out)
}
