//! The records Muster keeps. Plain data: validation lives where values enter
//! (`text`, `dates`, the importers), persistence in `store`, judgement in `rules`.

use std::fmt;
use std::str::FromStr;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::error::{Error, Problem};

/// A language Muster speaks: the screens, the report, the templates and the curriculum's
/// titles come in each. The one definition: the report, the templates, the CLI's `--lang`,
/// the app's settings and the UI (generated, `ui/src/bindings/Lang.ts`) all use it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "lowercase")]
pub enum Lang {
    En,
    Ru,
    Kk,
}

impl Lang {
    pub const ALL: [Lang; 3] = [Lang::En, Lang::Ru, Lang::Kk];

    pub fn code(self) -> &'static str {
        match self {
            Lang::En => "en",
            Lang::Ru => "ru",
            Lang::Kk => "kk",
        }
    }

    /// Dates as each audience writes them: ISO in English, dd.mm.yyyy in Russian and Kazakh.
    pub fn date(self, d: NaiveDate) -> String {
        match self {
            Lang::En => d.format("%Y-%m-%d").to_string(),
            Lang::Ru | Lang::Kk => d.format("%d.%m.%Y").to_string(),
        }
    }

    /// A module's title in this language: its Russian or Kazakh title where it has one,
    /// else the title as typed (English in the default curriculum).
    pub fn pick<'a>(self, title: &'a str, ru: Option<&'a str>, kk: Option<&'a str>) -> &'a str {
        match self {
            Lang::En => title,
            Lang::Ru => ru.unwrap_or(title),
            Lang::Kk => kk.unwrap_or(title),
        }
    }
}

impl FromStr for Lang {
    type Err = Error;
    fn from_str(s: &str) -> Result<Self, Error> {
        match s.trim().to_lowercase().as_str() {
            "en" => Ok(Lang::En),
            "ru" => Ok(Lang::Ru),
            "kk" => Ok(Lang::Kk),
            other => Err(Error::invalid(format!(
                "language {other:?} is not one of en, ru, kk"
            ))),
        }
    }
}

/// Personnel category: some modules apply only to some categories.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub enum Category {
    Officer,
    Nco,
    Enlisted,
}

impl Category {
    pub const ALL: [Category; 3] = [Category::Officer, Category::Nco, Category::Enlisted];
    pub fn as_str(self) -> &'static str {
        match self {
            Category::Officer => "officer",
            Category::Nco => "nco",
            Category::Enlisted => "enlisted",
        }
    }
}

impl FromStr for Category {
    type Err = Error;
    fn from_str(s: &str) -> Result<Self, Error> {
        match s.trim().to_lowercase().as_str() {
            "officer" => Ok(Category::Officer),
            "nco" => Ok(Category::Nco),
            "enlisted" => Ok(Category::Enlisted),
            other => Err(Problem::NotACategory {
                value: other.to_string().into(),
            }
            .into()),
        }
    }
}

/// Women and men are counted separately in every readiness figure, as the UN asks.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub enum Gender {
    F,
    M,
}

impl Gender {
    pub const ALL: [Gender; 2] = [Gender::F, Gender::M];

    pub fn as_str(self) -> &'static str {
        match self {
            Gender::F => "F",
            Gender::M => "M",
        }
    }
}

impl FromStr for Gender {
    type Err = Error;
    fn from_str(s: &str) -> Result<Self, Error> {
        match s.trim().to_uppercase().as_str() {
            "F" => Ok(Gender::F),
            "M" => Ok(Gender::M),
            other => Err(Problem::NotAGender {
                value: other.to_string().into(),
            }
            .into()),
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub enum Outcome {
    Pass,
    Fail,
}

impl Outcome {
    pub fn as_str(self) -> &'static str {
        match self {
            Outcome::Pass => "pass",
            Outcome::Fail => "fail",
        }
    }
}

impl FromStr for Outcome {
    type Err = Error;
    fn from_str(s: &str) -> Result<Self, Error> {
        match s.trim().to_lowercase().as_str() {
            "pass" => Ok(Outcome::Pass),
            "fail" => Ok(Outcome::Fail),
            other => Err(Problem::NotAResult {
                value: other.to_string().into(),
            }
            .into()),
        }
    }
}

impl fmt::Display for Outcome {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// One rotation of a unit to a mission.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Contingent {
    pub code: String,
    pub name: String,
    pub mission: String,
    pub parent_unit: String,
    pub training_start: NaiveDate,
    pub deploy_on: NaiveDate,
    pub tour_months: u32,
}

impl Contingent {
    /// The last day of the tour: a certificate that lapses on or before it lapses in theatre.
    pub fn tour_end(&self) -> NaiveDate {
        crate::dates::add_months(self.deploy_on, self.tour_months)
    }

    /// True when the two rotations' spans, training start to tour end, share a day: a
    /// soldier serves in one rotation at a time, so one on both rosters is a mistake in one.
    pub fn overlaps(&self, other: &Contingent) -> bool {
        self.training_start <= other.tour_end() && other.training_start <= self.tour_end()
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Person {
    pub service_number: String,
    pub family_name: String,
    pub given_name: String,
    pub patronymic: Option<String>,
    pub rank: String,
    pub category: Category,
    pub gender: Gender,
    pub role: String,
    pub unit: String,
}

impl Person {
    /// A person's fields by their names in the roster file, in the order Muster writes its
    /// columns. Here, beside the fields, so the store (which words a person's changes) and
    /// the importer and exporters (which read and write the columns) share one list.
    pub const FIELDS: [&'static str; 9] = [
        "service_number",
        "family_name",
        "given_name",
        "patronymic",
        "rank",
        "category",
        "gender",
        "role",
        "unit",
    ];

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

/// A change to a person's details: only what is given changes. The service number says
/// who, and is never changed.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct PersonPatch {
    pub family_name: Option<String>,
    pub given_name: Option<String>,
    /// An empty (or blank) one removes the patronymic.
    pub patronymic: Option<String>,
    pub rank: Option<String>,
    pub category: Option<Category>,
    pub gender: Option<Gender>,
    pub role: Option<String>,
    pub unit: Option<String>,
}

impl PersonPatch {
    /// True when it changes nothing at all.
    pub fn is_empty(&self) -> bool {
        *self == PersonPatch::default()
    }

    /// The person as they read with this change (checked when saved, as any person).
    pub fn apply(&self, mut p: Person) -> Person {
        let set = |field: &mut String, v: &Option<String>| {
            if let Some(v) = v {
                field.clone_from(v);
            }
        };
        set(&mut p.family_name, &self.family_name);
        set(&mut p.given_name, &self.given_name);
        if let Some(v) = &self.patronymic {
            p.patronymic = Some(v.clone()).filter(|s| !s.trim().is_empty());
        }
        set(&mut p.rank, &self.rank);
        if let Some(c) = self.category {
            p.category = c;
        }
        if let Some(g) = self.gender {
            p.gender = g;
        }
        set(&mut p.role, &self.role);
        set(&mut p.unit, &self.unit);
        p
    }
}

/// A change to a module's description: only what is given changes.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ModulePatch {
    pub title: Option<String>,
    /// The Russian title; an empty one removes it (the title as typed shows).
    pub title_ru: Option<String>,
    /// The Kazakh title; an empty one removes it.
    pub title_kk: Option<String>,
    /// Months a pass stays valid; 0: it never expires.
    pub validity_months: Option<u32>,
    /// Who must take it; empty: everyone.
    pub applies_to: Option<Vec<Category>>,
    pub per_rotation: Option<bool>,
    /// Planned hours of instruction.
    pub hours: Option<f64>,
    /// The lowest score of a pass; `Some(None)` removes it (any score passes).
    pub pass_mark: Option<Option<f64>>,
}

impl ModulePatch {
    /// The module as it reads with this change.
    pub fn apply(&self, mut m: Module) -> Module {
        if let Some(t) = &self.title {
            m.title = t.clone();
        }
        if let Some(t) = &self.title_ru {
            m.title_ru = Some(t.clone()).filter(|t| !t.trim().is_empty());
        }
        if let Some(t) = &self.title_kk {
            m.title_kk = Some(t.clone()).filter(|t| !t.trim().is_empty());
        }
        if let Some(v) = self.validity_months {
            m.validity_months = (v > 0).then_some(v);
        }
        if let Some(a) = &self.applies_to {
            m.applies_to = a.clone();
        }
        if let Some(p) = self.per_rotation {
            m.per_rotation = p;
        }
        if let Some(h) = self.hours {
            m.hours = h;
        }
        if let Some(p) = self.pass_mark {
            m.pass_mark = p;
        }
        m
    }
}

/// A curriculum module.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Module {
    pub code: String,
    /// The title as typed: English in the default curriculum, and what every language
    /// without a title of its own shows.
    pub title: String,
    /// The Russian title; none: the title as typed.
    #[serde(default)]
    pub title_ru: Option<String>,
    /// The Kazakh title; none: the title as typed.
    #[serde(default)]
    pub title_kk: Option<String>,
    /// Only attempts on or after the contingent's training start count.
    pub per_rotation: bool,
    /// Months a pass stays valid; `None` never expires.
    pub validity_months: Option<u32>,
    /// Categories that must take it; empty means everyone.
    pub applies_to: Vec<Category>,
    pub hours: f64,
    pub pass_mark: Option<f64>,
    pub retired: bool,
}

impl Module {
    /// The title in a language, falling back to the title as typed.
    pub fn title_in(&self, lang: Lang) -> &str {
        lang.pick(
            &self.title,
            self.title_ru.as_deref(),
            self.title_kk.as_deref(),
        )
    }

    pub fn applies_to_category(&self, c: Category) -> bool {
        self.applies_to.is_empty() || self.applies_to.contains(&c)
    }
}

/// A completion record as stored: immutable once written.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Attempt {
    pub id: String,
    pub service_number: String,
    pub module: String,
    pub date: NaiveDate,
    pub result: Outcome,
    pub score: Option<f64>,
    pub hours: Option<f64>,
    pub instructor: String,
    pub notes: String,
    pub recorded_by: String,
    pub recorded_at: String,
    pub supersedes: Option<String>,
    pub reason: Option<String>,
}

/// What a training officer enters for one person in one session.
#[derive(Debug, Clone, PartialEq)]
pub struct NewAttempt {
    pub service_number: String,
    pub module: String,
    pub date: NaiveDate,
    pub result: Outcome,
    pub score: Option<f64>,
    pub hours: Option<f64>,
    pub instructor: String,
    pub notes: String,
}

/// Fields to change when amending; `None` keeps the old value.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct AttemptPatch {
    pub module: Option<String>,
    pub date: Option<NaiveDate>,
    pub result: Option<Outcome>,
    pub score: Option<Option<f64>>,
    pub hours: Option<Option<f64>>,
    pub instructor: Option<String>,
    pub notes: Option<String>,
}

/// Where a record stands in a person's history.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub enum RecordState {
    Active,
    Superseded,
    Voided,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Voiding {
    pub reason: String,
    pub voided_by: String,
    pub voided_at: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct HistoryEntry {
    #[serde(flatten)]
    pub attempt: Attempt,
    pub state: RecordState,
    pub superseded_by: Option<String>,
    pub voided: Option<Voiding>,
    /// The service number this record moved from: it corrects a record of another number
    /// (one soldier on file under two numbers, `muster person merge`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "ts", ts(optional))]
    pub moved_from: Option<String>,
    /// The service number this record moved to: its correction is a record of another number.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "ts", ts(optional))]
    pub moved_to: Option<String>,
    /// An amendment that lost a conflict of corrections (two laptops corrected one record):
    /// `superseded_by` is then the correction that counts, of the same record, not an
    /// amendment of this one.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    #[cfg_attr(feature = "ts", ts(as = "Option<bool>", optional))]
    pub overruled: bool,
}

// Plain data here, not in `signoff`, so the store (which keeps decisions) and the report
// (which prints them) need nothing from the sign-off above them.
/// A validation team's decision on a contingent's report.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub enum Decision {
    #[serde(rename = "validated")]
    Validated,
    #[serde(rename = "not-validated")]
    NotValidated,
}

impl Decision {
    pub fn as_str(self) -> &'static str {
        match self {
            Decision::Validated => "validated",
            Decision::NotValidated => "not-validated",
        }
    }
}

impl FromStr for Decision {
    type Err = Error;
    fn from_str(s: &str) -> Result<Self, Error> {
        match s.trim().to_lowercase().as_str() {
            "validated" => Ok(Decision::Validated),
            "not-validated" => Ok(Decision::NotValidated),
            other => Err(Error::invalid(format!(
                "decision {other:?} is not validated or not-validated"
            ))),
        }
    }
}

impl fmt::Display for Decision {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_title_falls_back_to_the_title_as_typed_in_a_language_without_one() {
        let mut m = Module {
            code: "ROE".into(),
            title: "Rules of engagement".into(),
            title_ru: Some("Правила применения силы".into()),
            title_kk: None,
            per_rotation: true,
            validity_months: None,
            applies_to: vec![],
            hours: 1.0,
            pass_mark: None,
            retired: false,
        };
        assert_eq!(m.title_in(Lang::En), "Rules of engagement");
        assert_eq!(m.title_in(Lang::Ru), "Правила применения силы");
        assert_eq!(m.title_in(Lang::Kk), "Rules of engagement");
        let p = ModulePatch {
            title_kk: Some("Күш қолдану ережелері".into()),
            title_ru: Some(" ".into()),
            ..Default::default()
        };
        m = p.apply(m);
        assert_eq!(m.title_in(Lang::Kk), "Күш қолдану ережелері");
        assert_eq!(m.title_ru, None, "an empty title removes it");
        assert_eq!(m.title_in(Lang::Ru), "Rules of engagement");
        assert_eq!(m.title, "Rules of engagement");
    }

    #[test]
    fn a_person_patch_changes_only_what_it_gives() {
        let p = Person {
            service_number: "KZ1".into(),
            family_name: "Омаров".into(),
            given_name: "Ержан".into(),
            patronymic: Some("Серикович".into()),
            rank: "сержант".into(),
            category: Category::Nco,
            gender: Gender::M,
            role: "командир отделения".into(),
            unit: "1 взвод".into(),
        };
        assert!(PersonPatch::default().is_empty());
        assert_eq!(PersonPatch::default().apply(p.clone()), p);
        let each = [
            PersonPatch {
                family_name: Some("Омарова".into()),
                ..Default::default()
            },
            PersonPatch {
                given_name: Some("Айгерим".into()),
                ..Default::default()
            },
            PersonPatch {
                patronymic: Some("Ерлановна".into()),
                ..Default::default()
            },
            PersonPatch {
                rank: Some("старший сержант".into()),
                ..Default::default()
            },
            PersonPatch {
                category: Some(Category::Officer),
                ..Default::default()
            },
            PersonPatch {
                gender: Some(Gender::F),
                ..Default::default()
            },
            PersonPatch {
                role: Some("связист".into()),
                ..Default::default()
            },
            PersonPatch {
                unit: Some("2 взвод".into()),
                ..Default::default()
            },
        ];
        let after = Person {
            service_number: "KZ1".into(),
            family_name: "Омарова".into(),
            given_name: "Айгерим".into(),
            patronymic: Some("Ерлановна".into()),
            rank: "старший сержант".into(),
            category: Category::Officer,
            gender: Gender::F,
            role: "связист".into(),
            unit: "2 взвод".into(),
        };
        let mut q = p.clone();
        for (i, patch) in each.iter().enumerate() {
            assert!(!patch.is_empty());
            let next = patch.apply(q.clone());
            // One field changed, to what the patch gives; every other as it was.
            let n_changed = [
                next.family_name != q.family_name,
                next.given_name != q.given_name,
                next.patronymic != q.patronymic,
                next.rank != q.rank,
                next.category != q.category,
                next.gender != q.gender,
                next.role != q.role,
                next.unit != q.unit,
            ];
            assert_eq!(n_changed.iter().filter(|c| **c).count(), 1, "patch {i}");
            q = next;
        }
        assert_eq!(q, after);
        // A blank patronymic removes it; the service number never changes.
        let q = PersonPatch {
            patronymic: Some("  ".into()),
            ..Default::default()
        }
        .apply(q);
        assert_eq!(q.patronymic, None);
        assert_eq!(q.service_number, "KZ1");
    }

    #[test]
    fn a_module_patch_changes_only_what_it_gives() {
        let m = Module {
            code: "ROE".into(),
            title: "Rules of engagement".into(),
            title_ru: Some("Правила применения силы".into()),
            title_kk: None,
            per_rotation: true,
            validity_months: Some(12),
            applies_to: vec![Category::Officer],
            hours: 4.0,
            pass_mark: None,
            retired: false,
        };
        assert_eq!(ModulePatch::default().apply(m.clone()), m);
        let p = ModulePatch {
            validity_months: Some(0),
            applies_to: Some(vec![]),
            ..Default::default()
        };
        let changed = p.apply(m.clone());
        assert_eq!(
            (changed.validity_months, changed.applies_to),
            (None, vec![])
        );
        assert_eq!(changed.title, m.title);
    }
}
