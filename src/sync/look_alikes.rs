//! People whose service numbers look alike (`КZ470007`, `KZ-470007` and `KZ470007`): most
//! often one soldier entered twice, on two laptops that did not yet hold each other's
//! number. Typed or imported, such a number is refused (`text::lookalike`); received in a
//! bundle it is not, since neither laptop can change a number and a refusal would keep the
//! two apart for good. So they are listed here until a person has looked: when they are one
//! soldier, merge the wrong number into the right one (`muster person merge`); the pair is
//! settled once no roster holds two of them, nor the rosters of two rotations whose
//! training and tours overlap (a soldier serves in one rotation at a time, so two such
//! numbers are most likely one soldier entered twice; archived rotations are history).
//! Computed from the records, so every installation that holds them lists the same.

use std::collections::BTreeMap;

use serde::Serialize;

use crate::error::Result;
use crate::store::Store;
use crate::text::{lookalike, sn_key};

/// Service numbers that look alike, with who each is.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct LookAlike {
    /// By service number.
    pub people: Vec<LookAlikePerson>,
    /// No contingent's roster holds two of them, nor the rosters of two rotations in use
    /// whose training and tours overlap.
    pub settled: bool,
}

/// One of the people whose numbers look alike.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct LookAlikePerson {
    pub service_number: String,
    /// Family name, then given name.
    pub name: String,
    /// The contingents whose roster they are on now.
    pub rosters: Vec<String>,
    /// Their records, corrections and voided ones included.
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub records: u64,
    /// The installation that added them (its database identity); `None` before stamps.
    pub origin: Option<String>,
}

/// Every group of look-alike numbers; settled ones too when `all`.
pub fn look_alikes(store: &Store, all: bool) -> Result<Vec<LookAlike>> {
    let mut groups: BTreeMap<String, Vec<(String, Option<String>)>> = BTreeMap::new();
    for (number, origin) in store.numbers_on_file()? {
        groups
            .entry(lookalike::skeleton_of(&sn_key(&number)))
            .or_default()
            .push((number, origin));
    }
    let mut out = Vec::new();
    // The rotations in use (not archived), to weigh two rosters against each other.
    let in_use: BTreeMap<String, crate::domain::Contingent> = store
        .contingents()?
        .into_iter()
        .map(|c| (c.code.clone(), c))
        .collect();
    let together = |a: &String, b: &String| {
        a == b || matches!((in_use.get(a), in_use.get(b)), (Some(x), Some(y)) if x.overlaps(y))
    };
    for (_, numbers) in groups.into_iter().filter(|(_, g)| g.len() > 1) {
        let mut people = Vec::with_capacity(numbers.len());
        for (number, origin) in numbers {
            let person = store.person(&number)?;
            people.push(LookAlikePerson {
                name: format!("{} {}", person.family_name, person.given_name),
                rosters: store.assignments(&number)?,
                records: store.history(&number)?.len() as u64,
                service_number: number,
                origin,
            });
        }
        let settled = !people.iter().enumerate().any(|(i, p)| {
            people[i + 1..].iter().any(|q| {
                q.rosters
                    .iter()
                    .any(|c| p.rosters.iter().any(|d| together(c, d)))
            })
        });
        if all || !settled {
            out.push(LookAlike { people, settled });
        }
    }
    // By service number within a group (`numbers_on_file` reads them so) and between
    // groups: every installation adds people in its own order, the list reads the same.
    out.sort_by(|a, b| a.people[0].service_number.cmp(&b.people[0].service_number));
    Ok(out)
}
