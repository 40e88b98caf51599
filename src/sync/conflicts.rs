//! The conflict list (`muster sync conflicts`, and the app's Sync screen): every record that
//! two installations corrected differently, with each competing correction and the one
//! that counts (`rules::corrections`). It is computed from the records, never stored, so
//! every installation that holds the same records lists the same conflicts, word for word.

use chrono::NaiveDate;
use serde::Serialize;

use crate::domain::{Attempt, Outcome};
use crate::error::Result;
use crate::rules::corrections::{self, Competitor, Kind};
use crate::rules::Entry;
use crate::store::{Contested, Store};

/// A record corrected more than once.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Conflict {
    pub service_number: String,
    /// Family name, then given name.
    pub name: String,
    pub module: String,
    /// The record corrected (its full id).
    pub record: String,
    pub date: NaiveDate,
    pub result: Outcome,
    pub score: Option<f64>,
    /// Its corrections, by order of entry (the last one wins).
    pub corrections: Vec<Correction>,
    /// Which correction counts: an amendment's id, or `void` for the voiding.
    pub winner: String,
    /// A person has acted on the outcome (`rules::corrections::settled`), or the
    /// corrections say the same thing (nothing to settle).
    pub settled: bool,
}

/// What a correction does.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub enum CorrectionKind {
    Amendment,
    Voiding,
}

/// One competing correction.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Correction {
    pub kind: CorrectionKind,
    /// The amendment's record id; `void` for the voiding.
    pub id: String,
    /// What it says, in a line: `pass 85 on 2026-11-03 (reason: …)` or `void (reason: …)`.
    pub says: String,
    /// The same in parts, for a screen to word in its language: an amendment's outcome,
    /// score and date (none for a voiding), and either's reason.
    pub result: Option<Outcome>,
    pub score: Option<f64>,
    pub date: Option<NaiveDate>,
    pub reason: String,
    pub by: String,
    pub at: String,
    /// The installation that made it (its database identity); None for one made before
    /// stamps.
    pub origin: Option<String>,
    /// Voided or amended since (a settled conflict's trace).
    pub corrected_since: bool,
    pub wins: bool,
}

/// The installations this database has received bundles from, by their database identity
/// (`origin`), named as their latest bundle was signed: how a conflict's corrections say
/// where they were made. This database's own identity is `this`; `earlier` are those it
/// wrote under before it took `this` (docs/sync.md "Copies of a database file").
pub struct Installations {
    pub this: String,
    pub earlier: Vec<String>,
    pub names: std::collections::HashMap<String, String>,
}

pub fn installations(store: &Store) -> Result<Installations> {
    let mut earlier = store.identities()?;
    let this = earlier.pop().unwrap_or_default();
    Ok(Installations {
        this,
        earlier,
        names: store.installation_names()?,
    })
}

/// Every conflict of corrections held; settled ones too when `all`.
pub fn conflicts(store: &Store, all: bool) -> Result<Vec<Conflict>> {
    Ok(store
        .contested_records()?
        .into_iter()
        .map(conflict)
        .filter(|c| all || !c.settled)
        .collect())
}

/// The records of `contested` a person still has to settle, as `conflicts` lists them.
pub fn open_records(contested: Vec<Contested>) -> Vec<String> {
    contested
        .into_iter()
        .map(conflict)
        .filter(|c| !c.settled)
        .map(|c| c.record)
        .collect()
}

fn conflict(c: Contested) -> Conflict {
    let mut list: Vec<(Competitor, Correction)> = c
        .amendments
        .iter()
        .map(|a| {
            (
                Competitor {
                    kind: Kind::Amendment,
                    entry: Entry::new(a.stamp, &a.attempt.id),
                    voided: a.voided,
                    amended: a.amended,
                },
                Correction {
                    kind: CorrectionKind::Amendment,
                    id: a.attempt.id.clone(),
                    says: says(&a.attempt),
                    result: Some(a.attempt.result),
                    score: a.attempt.score,
                    date: Some(a.attempt.date),
                    reason: a.attempt.reason.clone().unwrap_or_default(),
                    by: a.attempt.recorded_by.clone(),
                    at: a.attempt.recorded_at.clone(),
                    origin: a.origin.clone(),
                    corrected_since: a.voided || a.amended,
                    wins: false,
                },
            )
        })
        .collect();
    for v in &c.voidings {
        list.push((
            Competitor {
                kind: Kind::Voiding,
                entry: Entry::new(v.stamp, &c.record.id),
                voided: false,
                amended: false,
            },
            Correction {
                kind: CorrectionKind::Voiding,
                id: "void".into(),
                says: format!("void (reason: {})", v.voiding.reason),
                result: None,
                score: None,
                date: None,
                reason: v.voiding.reason.clone(),
                by: v.voiding.voided_by.clone(),
                at: v.voiding.voided_at.clone(),
                origin: v.origin.clone(),
                corrected_since: false,
                wins: false,
            },
        ));
    }
    // By order of entry; two voidings of one record with the same stamp (clocks that agreed
    // to the tick) by installation, then reason, so the list reads the same everywhere.
    list.sort_by(|(k, a), (l, b)| {
        (k.entry, &a.origin, &a.says).cmp(&(l.entry, &b.origin, &b.says))
    });
    let competitors: Vec<Competitor> = list.iter().map(|(k, _)| *k).collect();
    let settled = corrections::settled(&competitors) || agree(&c);
    let mut winner = String::new();
    // The last of equal entries: the list's order broke the tie.
    if let Some(w) = corrections::winner(&competitors) {
        list[w].1.wins = true;
        winner = list[w].1.id.clone();
    }
    Conflict {
        service_number: c.record.service_number.clone(),
        name: c.name,
        module: c.record.module.clone(),
        record: c.record.id.clone(),
        date: c.record.date,
        result: c.record.result,
        score: c.record.score,
        corrections: list.into_iter().map(|(_, c)| c).collect(),
        winner,
        settled,
    }
}

/// True when the competing corrections are amendments that say the same thing (the same
/// merge, or the same correction, made on two laptops): whichever wins, the record reads
/// alike, so there is nothing for a person to settle.
fn agree(c: &Contested) -> bool {
    let facts = |a: &Attempt| {
        (
            a.service_number.clone(),
            a.module.clone(),
            a.date,
            a.result,
            a.score.map(f64::to_bits),
            a.hours.map(f64::to_bits),
            a.instructor.clone(),
            a.notes.clone(),
        )
    };
    c.voidings.is_empty()
        && c.amendments
            .windows(2)
            .all(|w| facts(&w[0].attempt) == facts(&w[1].attempt))
}

fn says(a: &Attempt) -> String {
    let score = a.score.map(|s| format!(" {s}")).unwrap_or_default();
    let reason = a.reason.as_deref().unwrap_or("");
    format!(
        "{}{score} on {} (reason: {reason})",
        a.result.as_str(),
        a.date
    )
}
