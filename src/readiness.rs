//! A contingent's readiness: the rules applied to everyone, then counted the ways a
//! commander asks (by unit, category, gender, module). Pure over `ReadinessInput`.

use std::borrow::Cow;
use std::collections::BTreeMap;
use std::sync::Arc;

use chrono::NaiveDate;
use serde::Serialize;

use crate::domain::{Category, Gender, Person};
use crate::error::Result;
use crate::rules::{self, ModuleStatus, Status, Window};
use crate::store::{ReadinessInput, Store};

#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Readiness {
    pub contingent: ContingentInfo,
    pub as_of: NaiveDate,
    pub summary: Summary,
    pub modules: Vec<ModuleTally>,
    pub personnel: Vec<PersonReadiness>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct ContingentInfo {
    pub code: String,
    pub name: String,
    pub mission: String,
    pub parent_unit: String,
    pub training_start: NaiveDate,
    pub deploy_on: NaiveDate,
    pub tour_months: u32,
    pub tour_end: NaiveDate,
    /// Negative once deployed.
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub days_to_deployment: i64,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Tally {
    pub personnel: usize,
    pub ready: usize,
    /// Ready as a share of personnel, 0–100, one decimal.
    pub percent: f64,
}

impl Tally {
    fn add(&mut self, ready: bool) {
        self.personnel += 1;
        self.ready += ready as usize;
    }
    fn finish(&mut self) {
        self.percent = percent(self.ready, self.personnel);
    }
}

fn percent(part: usize, whole: usize) -> f64 {
    if whole == 0 {
        0.0
    } else {
        (part as f64 * 1000.0 / whole as f64).round() / 10.0
    }
}

#[derive(Debug, Clone, Default, PartialEq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Summary {
    pub personnel: usize,
    pub ready: usize,
    pub percent: f64,
    pub by_unit: BTreeMap<String, Tally>,
    pub by_category: BTreeMap<Category, Tally>,
    pub by_gender: BTreeMap<Gender, Tally>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct ModuleTally {
    pub code: String,
    pub title: String,
    pub complete: usize,
    pub expiring: usize,
    pub expired: usize,
    pub failed: usize,
    pub missing: usize,
    pub not_required: usize,
}

impl ModuleTally {
    fn count(&mut self, s: Status) {
        *match s {
            Status::Complete => &mut self.complete,
            Status::Expiring => &mut self.expiring,
            Status::Expired => &mut self.expired,
            Status::Failed => &mut self.failed,
            Status::Missing => &mut self.missing,
            Status::NotRequired => &mut self.not_required,
        } += 1;
    }
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct PersonReadiness {
    pub service_number: String,
    pub family_name: String,
    pub given_name: String,
    pub patronymic: Option<String>,
    pub rank: String,
    pub category: Category,
    pub gender: Gender,
    pub role: String,
    pub unit: String,
    pub ready: bool,
    /// Status per module code. Codes are shared, not copied, across a contingent.
    pub modules: BTreeMap<Arc<str>, ModuleStatus>,
    /// Codes of the required modules that stop this person being ready, in curriculum order.
    pub lacking: Vec<Arc<str>>,
}

/// Applies the rules to a loaded contingent as of a date. Takes the input by reference so
/// one load serves many dates (the weekly trend); `compute_owned` moves the people instead.
pub fn compute(input: &ReadinessInput, as_of: NaiveDate) -> Readiness {
    evaluate(input, input.people.iter().map(Cow::Borrowed), as_of)
}

/// As `compute`, moving the people into the result instead of copying them.
pub fn compute_owned(mut input: ReadinessInput, as_of: NaiveDate) -> Readiness {
    let people = std::mem::take(&mut input.people);
    evaluate(&input, people.into_iter().map(Cow::Owned), as_of)
}

/// The rules for everyone, counted as they go. `people` are the input's people, in order.
fn evaluate<'a>(
    input: &ReadinessInput,
    people: impl ExactSizeIterator<Item = Cow<'a, Person>>,
    as_of: NaiveDate,
) -> Readiness {
    let c = &input.contingent;
    let w = Window::new(c, as_of);
    let codes: Vec<Arc<str>> = input
        .modules
        .iter()
        .map(|m| Arc::from(m.code.as_str()))
        .collect();
    // Module positions in code order: each person's map is then built from sorted input.
    let mut by_code: Vec<usize> = (0..codes.len()).collect();
    by_code.sort_by(|a, b| codes[*a].cmp(&codes[*b]));
    let mut slot: Vec<Option<ModuleStatus>> = vec![None; codes.len()];
    // People come sorted by unit: count a run of one unit, then file it.
    let mut unit_run: Option<(String, Tally)> = None;
    let mut modules: Vec<ModuleTally> = input
        .modules
        .iter()
        .map(|m| ModuleTally {
            code: m.code.clone(),
            title: m.title.clone(),
            complete: 0,
            expiring: 0,
            expired: 0,
            failed: 0,
            missing: 0,
            not_required: 0,
        })
        .collect();
    let mut summary = Summary::default();
    let mut personnel = Vec::with_capacity(people.len());
    let mut per_module: Vec<Vec<rules::Fact>> = vec![Vec::new(); input.modules.len()];
    for (i, p) in people.enumerate() {
        per_module.iter_mut().for_each(Vec::clear);
        for (m, f) in input.facts_of(i) {
            per_module[*m].push(*f);
        }
        let mut lacking = Vec::new();
        for (j, m) in input.modules.iter().enumerate() {
            let s = rules::module_status(m, p.category, &per_module[j], &w);
            modules[j].count(s.status);
            if !s.status.is_ready() {
                lacking.push(codes[j].clone());
            }
            slot[j] = Some(s);
        }
        let statuses: BTreeMap<Arc<str>, ModuleStatus> = by_code
            .iter()
            .map(|&j| (codes[j].clone(), slot[j].take().expect("set above")))
            .collect();
        let ready = lacking.is_empty();
        summary.personnel += 1;
        summary.ready += ready as usize;
        match &mut unit_run {
            Some((unit, t)) if *unit == p.unit => t.add(ready),
            run => {
                if let Some((unit, t)) = run.take() {
                    file_unit(&mut summary.by_unit, unit, t);
                }
                let mut t = Tally::default();
                t.add(ready);
                *run = Some((p.unit.clone(), t));
            }
        }
        summary
            .by_category
            .entry(p.category)
            .or_default()
            .add(ready);
        summary.by_gender.entry(p.gender).or_default().add(ready);
        let p = p.into_owned();
        personnel.push(PersonReadiness {
            service_number: p.service_number,
            family_name: p.family_name,
            given_name: p.given_name,
            patronymic: p.patronymic,
            rank: p.rank,
            category: p.category,
            gender: p.gender,
            role: p.role,
            unit: p.unit,
            ready,
            modules: statuses,
            lacking,
        });
    }
    if let Some((unit, t)) = unit_run {
        file_unit(&mut summary.by_unit, unit, t);
    }
    summary.percent = percent(summary.ready, summary.personnel);
    summary
        .by_unit
        .values_mut()
        .chain(summary.by_category.values_mut())
        .chain(summary.by_gender.values_mut())
        .for_each(Tally::finish);
    Readiness {
        contingent: ContingentInfo {
            code: c.code.clone(),
            name: c.name.clone(),
            mission: c.mission.clone(),
            parent_unit: c.parent_unit.clone(),
            training_start: c.training_start,
            deploy_on: c.deploy_on,
            tour_months: c.tour_months,
            tour_end: c.tour_end(),
            days_to_deployment: (c.deploy_on - as_of).num_days(),
        },
        as_of,
        summary,
        modules,
        personnel,
    }
}

/// Adds a run of one unit's counts (people may come unsorted from hand-built inputs).
fn file_unit(by_unit: &mut BTreeMap<String, Tally>, unit: String, run: Tally) {
    let t = by_unit.entry(unit).or_default();
    t.personnel += run.personnel;
    t.ready += run.ready;
}

/// Loads a contingent and computes its readiness.
pub fn readiness(store: &Store, code: &str, as_of: NaiveDate) -> Result<Readiness> {
    Ok(compute_owned(store.readiness_input(code)?, as_of))
}
