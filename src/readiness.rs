//! A contingent's readiness: the rules applied to everyone, then counted the ways a
//! commander asks (by unit, category, gender, module). Pure over `ReadinessInput`.

use std::collections::BTreeMap;

use chrono::NaiveDate;
use serde::Serialize;

use crate::domain::{Category, Gender};
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
    pub modules: BTreeMap<String, ModuleStatus>,
    /// Codes of the required modules that stop this person being ready, in curriculum order.
    pub lacking: Vec<String>,
}

/// Applies the rules to a loaded contingent as of a date.
pub fn compute(input: &ReadinessInput, as_of: NaiveDate) -> Readiness {
    let c = &input.contingent;
    let w = Window::new(c, as_of);
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
    let mut personnel = Vec::with_capacity(input.people.len());
    let mut per_module: Vec<Vec<rules::Fact>> = vec![Vec::new(); input.modules.len()];
    for (p, facts) in input.people.iter().zip(&input.facts) {
        per_module.iter_mut().for_each(Vec::clear);
        for (m, f) in facts {
            per_module[*m].push(*f);
        }
        let mut statuses = BTreeMap::new();
        let mut lacking = Vec::new();
        for (i, m) in input.modules.iter().enumerate() {
            let s = rules::module_status(m, p.category, &per_module[i], &w);
            modules[i].count(s.status);
            if !s.status.is_ready() {
                lacking.push(m.code.clone());
            }
            statuses.insert(m.code.clone(), s);
        }
        let ready = lacking.is_empty();
        summary.personnel += 1;
        summary.ready += ready as usize;
        summary
            .by_unit
            .entry(p.unit.clone())
            .or_default()
            .add(ready);
        summary
            .by_category
            .entry(p.category)
            .or_default()
            .add(ready);
        summary.by_gender.entry(p.gender).or_default().add(ready);
        personnel.push(PersonReadiness {
            service_number: p.service_number.clone(),
            family_name: p.family_name.clone(),
            given_name: p.given_name.clone(),
            patronymic: p.patronymic.clone(),
            rank: p.rank.clone(),
            category: p.category,
            gender: p.gender,
            role: p.role.clone(),
            unit: p.unit.clone(),
            ready,
            modules: statuses,
            lacking,
        });
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

/// Loads a contingent and computes its readiness.
pub fn readiness(store: &Store, code: &str, as_of: NaiveDate) -> Result<Readiness> {
    Ok(compute(&store.readiness_input(code)?, as_of))
}
