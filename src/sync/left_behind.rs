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
        if records.is_empty() && rosters.is_empty() && off_rosters.is_empty() {
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
        });
    }
    out.sort_by(|a, b| a.service_number.cmp(&b.service_number));
    Ok(out)
}
