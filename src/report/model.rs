//! The report as data: what every rendering (JSON, HTML, PDF) shows, in the language-neutral
//! form that is hashed when a validator signs it off. Labels live in `i18n`, layout in the
//! renderers; nothing here depends on how the report is printed.

use std::collections::BTreeMap;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::domain::{Category, Decision, Gender, Lang};
pub use crate::readiness::TrendPoint;
use crate::rules::{ModuleStatus, Status};
use crate::store::CoveredRecord;

/// Names the layout of this model; a reader refuses a format it does not know.
pub const FORMAT: &str = "muster-report/1";

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Report {
    pub format: String,
    pub header: Header,
    pub summary: Summary,
    /// Readiness week by week from training start to the report date.
    pub trend: Vec<TrendPoint>,
    pub gaps: Gaps,
    /// The curriculum in force, in its order: the matrix's columns.
    pub modules: Vec<ModuleInfo>,
    /// Everyone assigned, by unit then name: the matrix's rows and the nominal roll.
    pub personnel: Vec<PersonRow>,
    /// Every record the report rests on, with its state then: what `verify` compares.
    pub records: Vec<CoveredRecord>,
    /// The chain's last entry when the report was made. Every record written before it is
    /// pinned: rewriting them, even with every hash recomputed, changes that entry, and
    /// `verify` on the issuing database says so. Absent in reports made before the chain.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "ts", ts(optional))]
    pub chain: Option<crate::store::integrity::ChainHead>,
    /// The sign-off this report was frozen by. Not part of what is hashed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "ts", ts(optional))]
    pub validation: Option<Stamp>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Header {
    pub code: String,
    pub name: String,
    pub mission: String,
    pub parent_unit: String,
    pub training_start: NaiveDate,
    pub deploy_on: NaiveDate,
    pub tour_months: u32,
    pub tour_end: NaiveDate,
    /// The report date: nothing dated later counts.
    pub as_of: NaiveDate,
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub curriculum_version: i64,
    /// Negative once deployed.
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub days_to_deployment: i64,
}

/// Ready out of personnel; `percent` has one decimal.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Count {
    pub personnel: usize,
    pub ready: usize,
    pub percent: f64,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Group<K> {
    pub key: K,
    #[serde(flatten)]
    pub count: Count,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(rename = "ReportSummary"))]
pub struct Summary {
    #[serde(flatten)]
    pub total: Count,
    pub by_unit: Vec<Group<String>>,
    pub by_category: Vec<Group<Category>>,
    /// Women and men counted separately, as the UN asks.
    pub by_gender: Vec<Group<Gender>>,
    pub by_module: Vec<ModuleCount>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct ModuleCount {
    pub code: String,
    pub complete: usize,
    pub expiring: usize,
    /// Expired and no longer valid on the report date (`readiness::ModuleTally::expired`).
    pub expired: usize,
    pub failed: usize,
    pub missing: usize,
    pub not_required: usize,
    /// Expired by the rules but still valid on the report date, counted apart from the
    /// expired. Left out when 0, so a report frozen before it existed (which counted them
    /// as expired) reads back and hashes as it was.
    #[serde(default, skip_serializing_if = "is_zero")]
    #[cfg_attr(feature = "ts", ts(as = "Option<usize>", optional))]
    pub lapses_before_deployment: usize,
}

impl ModuleCount {
    /// How many read so: the table by module has a column for each, in `Reading::ALL`'s
    /// order.
    pub fn count(&self, r: crate::rules::Reading) -> usize {
        use crate::rules::{Reading, Status};
        match r {
            Reading::Status(Status::Complete) => self.complete,
            Reading::Status(Status::Expiring) => self.expiring,
            Reading::Status(Status::Expired) => self.expired,
            Reading::Status(Status::Failed) => self.failed,
            Reading::Status(Status::Missing) => self.missing,
            Reading::Status(Status::NotRequired) => self.not_required,
            Reading::LapsesBeforeDeployment => self.lapses_before_deployment,
        }
    }
}

fn is_zero(n: &usize) -> bool {
    *n == 0
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Gaps {
    /// Everyone not ready, with what they lack, in roll order.
    pub not_ready: Vec<NotReady>,
    /// Certificates lapsing after the report date and by the end of the tour, soonest first.
    pub lapsing: Vec<Lapse>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct NotReady {
    pub service_number: String,
    pub rank: String,
    pub name: String,
    pub unit: String,
    pub lacking: Vec<Lack>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Lack {
    pub module: String,
    pub status: Status,
    /// The date the status is read with (`ModuleStatus::shown_date`): a fail's day, or when
    /// an expired certificate expired or one lapsing will lapse.
    pub date: Option<NaiveDate>,
    /// An expired certificate still valid on the report date
    /// (`ModuleStatus::lapses_before_deployment`): it reads "lapses before deployment".
    /// Left out when false, so a report frozen before it existed hashes as it was.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    #[cfg_attr(feature = "ts", ts(as = "Option<bool>", optional))]
    pub lapses_before_deployment: bool,
}

impl Lack {
    /// What it reads as: its status, or "lapses before deployment".
    pub fn reading(&self) -> crate::rules::Reading {
        if self.lapses_before_deployment {
            crate::rules::Reading::LapsesBeforeDeployment
        } else {
            crate::rules::Reading::Status(self.status)
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Lapse {
    pub expires_on: NaiveDate,
    pub service_number: String,
    pub rank: String,
    pub name: String,
    pub unit: String,
    pub module: String,
    /// True when it lapses before deployment day (or on it), false during the tour.
    pub before_deployment: bool,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct ModuleInfo {
    pub code: String,
    /// The title as typed (English in the default curriculum).
    pub title: String,
    pub per_rotation: bool,
    pub validity_months: Option<u32>,
    /// The Russian and Kazakh titles, where the module has them. Left out of the JSON when
    /// absent, so a report frozen before modules had them reads back and hashes the same.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "ts", ts(optional))]
    pub title_ru: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "ts", ts(optional))]
    pub title_kk: Option<String>,
    /// Who must take it and its pass mark, as they stood: `verify` names a change of
    /// either since the sign-off. Absent from a report frozen before they were carried,
    /// which reads back and hashes the same.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "ts", ts(optional))]
    pub rules: Option<ModuleRules>,
}

/// A module's rules a report carries beside its title.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct ModuleRules {
    /// The categories that must take it.
    pub applies_to: Vec<Category>,
    pub pass_mark: Option<f64>,
}

impl Report {
    /// No module the report lists applies to anyone on its roster (or it lists none):
    /// its "everyone ready" means nothing (`readiness::nothing_required`).
    pub fn hollow(&self) -> Option<crate::error::Problem> {
        crate::readiness::nothing_required(
            &self.header.code,
            self.summary.total.personnel,
            self.summary.by_module.iter().map(|m| m.not_required),
        )
    }

    /// A module's title as the report prints it in a language; empty for a code the
    /// report does not list.
    pub fn module_title(&self, code: &str, lang: Lang) -> &str {
        self.modules
            .iter()
            .find(|m| m.code == code)
            .map_or("", |m| m.title_in(lang))
    }
}

impl ModuleInfo {
    /// The title the report prints in a language.
    pub fn title_in(&self, lang: Lang) -> &str {
        lang.pick(
            &self.title,
            self.title_ru.as_deref(),
            self.title_kk.as_deref(),
        )
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct PersonRow {
    pub service_number: String,
    pub rank: String,
    pub family_name: String,
    pub given_name: String,
    pub patronymic: Option<String>,
    pub gender: Gender,
    pub category: Category,
    pub role: String,
    pub unit: String,
    pub ready: bool,
    pub modules: BTreeMap<String, ModuleStatus>,
}

impl PersonRow {
    /// «Family Given Patronymic», the way rolls are written.
    pub fn full_name(&self) -> String {
        let mut s = format!("{} {}", self.family_name, self.given_name);
        if let Some(p) = &self.patronymic {
            s.push(' ');
            s.push_str(p);
        }
        s
    }
}

/// What a signed-off report prints: the decision and the hash of the frozen report.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Stamp {
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub id: i64,
    pub decision: Decision,
    pub team: String,
    pub validator: String,
    pub notes: String,
    /// UTC timestamp of the sign-off.
    pub recorded_at: String,
    pub recorded_by: String,
    pub sha256: String,
    /// Records changed since the sign-off, found when the report was printed.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub changed_since: Vec<super::Change>,
}
