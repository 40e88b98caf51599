//! A soldier's whole record across rotations: every contingent they served in, with where
//! they stood in it. The same soldiers come back for later rotations, and a certificate
//! earned in an earlier one counts where the rules let it (a module with a validity, still
//! valid; never a per-rotation module): the record says which certificates were carried
//! over, and from which rotation, so a commander sees why someone is ready before training.

use chrono::NaiveDate;
use serde::Serialize;

use crate::domain::{Category, Contingent};
use crate::error::Result;
use crate::rules::{self, Fact, ModuleStatus, Window};
use crate::store::{PersonFacts, Served, Store};

#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Rotation {
    pub code: String,
    pub name: String,
    pub mission: String,
    pub training_start: NaiveDate,
    pub deploy_on: NaiveDate,
    pub tour_end: NaiveDate,
    /// Still on the contingent's roster.
    pub on_roster: bool,
    /// The other rotations whose roster the soldier is on too, whose training and tour
    /// overlap this one's (`Contingent::overlaps`): one of the rosters is wrong.
    pub overlaps: Vec<String>,
    /// When taken off the roster (UTC time of the change) and why.
    pub taken_off_at: Option<String>,
    pub taken_off_reason: Option<String>,
    /// The day the standing is judged on: deployment day once it has passed (what the
    /// soldier deployed with), today before it.
    pub judged_on: NaiveDate,
    pub ready: bool,
    pub modules: Vec<RotationModule>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct RotationModule {
    pub code: String,
    pub title: String,
    pub status: ModuleStatus,
    /// The deciding pass is older than this rotation's training.
    pub carried_over: bool,
    /// The earlier rotation of this soldier whose training or tour the pass falls in, if any.
    pub earned_in: Option<String>,
}

/// Every rotation of a person, by deployment day, as of `today`.
pub fn service_record(
    store: &Store,
    service_number: &str,
    today: NaiveDate,
) -> Result<Vec<Rotation>> {
    let person = store.person(service_number)?;
    let served = store.served_in(service_number)?;
    let facts = store.person_facts(service_number)?;
    Ok(rotations(&served, &facts, person.category, today))
}

/// The rules applied to one person in each contingent they served in (pure).
pub fn rotations(
    served: &[Served],
    pf: &PersonFacts,
    category: Category,
    today: NaiveDate,
) -> Vec<Rotation> {
    served
        .iter()
        .map(|s| {
            let c = &s.contingent;
            let judged_on = today.min(c.deploy_on);
            let w = Window::new(c, judged_on);
            let modules: Vec<RotationModule> = pf
                .modules
                .iter()
                .enumerate()
                .map(|(i, m)| {
                    let status = rules::module_status(m, category, facts_of(pf, i), &w);
                    let carried_over = status.completed_on.is_some_and(|d| d < c.training_start);
                    RotationModule {
                        code: m.code.clone(),
                        title: m.title.clone(),
                        status,
                        carried_over,
                        earned_in: carried_over
                            .then(|| earned_in(served, c, status.completed_on?))
                            .flatten(),
                    }
                })
                .collect();
            Rotation {
                code: c.code.clone(),
                name: c.name.clone(),
                mission: c.mission.clone(),
                training_start: c.training_start,
                deploy_on: c.deploy_on,
                tour_end: c.tour_end(),
                on_roster: s.ended.is_none(),
                overlaps: served
                    .iter()
                    .filter(|o| o.contingent.code != c.code && weighed_together(s, o))
                    .map(|o| o.contingent.code.clone())
                    .collect(),
                taken_off_at: s.ended.as_ref().map(|e| e.0.clone()),
                taken_off_reason: s.ended.as_ref().map(|e| e.1.clone()),
                judged_on,
                ready: rules::is_ready(modules.iter().map(|m| &m.status)),
                modules,
            }
        })
        .collect()
}

/// Two rotations a soldier is on at once count against each other only while on both
/// rosters and neither is archived: the same rule as the roster import's warning and the
/// dashboard's list (`Store::on_overlapping_rotations`, which asks SQL the same).
fn weighed_together(a: &Served, b: &Served) -> bool {
    a.ended.is_none()
        && b.ended.is_none()
        && !a.archived
        && !b.archived
        && a.contingent.overlaps(&b.contingent)
}

/// The latest other rotation whose training-to-tour-end span holds the day of the pass.
fn earned_in(served: &[Served], this: &Contingent, on: NaiveDate) -> Option<String> {
    served
        .iter()
        .map(|s| &s.contingent)
        .filter(|c| c.code != this.code && c.training_start <= on && on <= c.tour_end())
        .max_by_key(|c| c.training_start)
        .map(|c| c.code.clone())
}

/// The person's active attempts at one module.
fn facts_of(pf: &PersonFacts, module: usize) -> impl Iterator<Item = &Fact> {
    pf.facts
        .iter()
        .filter(move |(k, _)| *k == module)
        .map(|(_, f)| f)
}

/// Where one person stands in one contingent as of a day, and what they must retake: the
/// Person screen's table, without computing the whole contingent.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Standing {
    /// As the contingent's readiness lists this person (`readiness::compute`).
    pub person: crate::readiness::PersonReadiness,
    /// The person's retakes (`due::due_of`), soonest first.
    pub retakes: Vec<crate::due::Due>,
    pub as_of: NaiveDate,
}

/// The person's standing in the contingent as of `as_of`, the same as their row of the
/// contingent's readiness and their lines of its retakes; `None` when they are not on its
/// roster.
pub fn standing(
    store: &Store,
    code: &str,
    service_number: &str,
    as_of: NaiveDate,
) -> Result<Option<Standing>> {
    let contingent = store.contingent(code)?;
    let person = store.person(service_number)?;
    if !store
        .assignments(service_number)?
        .contains(&contingent.code)
    {
        return Ok(None);
    }
    let PersonFacts { modules, facts } = store.person_facts(service_number)?;
    let input = crate::store::ReadinessInput::new(contingent, modules, vec![person], vec![facts]);
    let r = crate::readiness::compute(&input, as_of);
    let retakes = crate::due::due_of(&input, &r, None);
    Ok(r.personnel.into_iter().next().map(|person| Standing {
        person,
        retakes,
        as_of,
    }))
}
