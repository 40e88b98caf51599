//! A contingent's readiness: the rules applied to everyone, then counted the ways a
//! commander asks (by unit, category, gender, module). Pure over `ReadinessInput`.

mod part;
pub mod trend;

use std::borrow::Cow;
use std::collections::BTreeMap;
use std::ops::Range;
use std::sync::Arc;

use chrono::NaiveDate;
use serde::Serialize;

use crate::domain::{Category, Gender, Person};
use crate::error::Result;
use crate::module_map::ModuleMap;
use crate::rules::{Status, Window};
use crate::store::{ReadinessInput, Store};
pub use trend::{trend, trend_to_date, TrendPoint};

/// Not generated to TypeScript: the window reads readiness through the views the shell
/// builds from it (the dashboard's, the matrix page), never whole.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Readiness {
    pub contingent: ContingentInfo,
    pub as_of: NaiveDate,
    pub summary: Summary,
    pub modules: Vec<ModuleTally>,
    pub personnel: Vec<PersonReadiness>,
}

impl Readiness {
    /// What makes its figures mean nothing: no module required of anyone (an empty or
    /// retired curriculum), so everyone reads as ready.
    pub fn hollow(&self) -> Option<crate::error::Problem> {
        nothing_required(
            &self.contingent.code,
            self.summary.personnel,
            self.modules.iter().map(|m| m.not_required),
        )
    }
}

/// The one rule for figures that mean nothing: no module in use, or none that applies to
/// anyone on the roster (every module for officers, a roster of soldiers), so everyone
/// reads as ready of nothing. `not_required` is each module's count of people it does not
/// apply to. A roster with nobody on it is another matter (nothing to read at all).
pub fn nothing_required(
    contingent: &str,
    personnel: usize,
    not_required: impl Iterator<Item = usize>,
) -> Option<crate::error::Problem> {
    let mut modules = not_required.peekable();
    let none_in_use = modules.peek().is_none();
    let all_spared = personnel > 0 && modules.all(|n| n >= personnel);
    (none_in_use || all_spared).then(|| crate::error::Problem::NoModulesRequired {
        contingent: contingent.to_string(),
    })
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
    /// Where the rotation stands on the report date.
    pub stage: Stage,
}

/// Where a rotation stands on a day: before deployment (deployment day included), on its
/// tour, or after the tour's last day. The dashboard's tile shows it; decided here once.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub enum Stage {
    /// Days left to deployment day (0 on the day).
    Before {
        #[cfg_attr(feature = "ts", ts(type = "number"))]
        days: i64,
    },
    /// Deployed `days_ago` days ago; the tour's last day is not yet past.
    OnTour {
        #[cfg_attr(feature = "ts", ts(type = "number"))]
        days_ago: i64,
    },
    /// Deployed `days_ago` days ago; the tour ended before the day.
    TourOver {
        #[cfg_attr(feature = "ts", ts(type = "number"))]
        days_ago: i64,
    },
}

impl Stage {
    pub fn on(deploy_on: NaiveDate, tour_end: NaiveDate, day: NaiveDate) -> Stage {
        let days = (deploy_on - day).num_days();
        if days >= 0 {
            Stage::Before { days }
        } else if day > tour_end {
            Stage::TourOver { days_ago: -days }
        } else {
            Stage::OnTour { days_ago: -days }
        }
    }
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

impl Summary {
    /// The units as a reader orders them (`text::collation_key`: "2 взвод" before
    /// "10 взвод"), as the report lists them; the map itself is in byte order.
    pub fn units_in_order(&self) -> Vec<(&String, &Tally)> {
        let mut v: Vec<(&String, &Tally)> = self.by_unit.iter().collect();
        v.sort_by_cached_key(|(u, _)| crate::text::collation_key(u));
        v
    }
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct ModuleTally {
    pub code: String,
    pub title: String,
    pub title_ru: Option<String>,
    pub title_kk: Option<String>,
    pub complete: usize,
    pub expiring: usize,
    /// Expired and no longer valid on the day; those still valid are not counted here but
    /// in `lapses_before_deployment`. The seven counts add up to the personnel.
    pub expired: usize,
    pub failed: usize,
    pub missing: usize,
    pub not_required: usize,
    /// Expired by the rules but still valid on the day: they lapse on or before
    /// deployment day (`ModuleStatus::lapses_before_deployment`).
    pub lapses_before_deployment: usize,
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
    #[cfg_attr(
        feature = "ts",
        ts(as = "BTreeMap<String, crate::rules::ModuleStatus>")
    )]
    pub modules: ModuleMap,
    /// Codes of the required modules that stop this person being ready, in curriculum order.
    pub lacking: Vec<Arc<str>>,
    /// Codes of the modules whose certificate is valid on the day but lapses before the
    /// tour ends (`ModuleStatus::lapses_later`), in curriculum order: what the dashboard
    /// and the report list as lapsing. A cell's word comes from its `ModuleStatus`.
    pub lapsing: Vec<Arc<str>>,
}

/// Applies the rules to a loaded contingent as of a date. Takes the input by reference so
/// one load serves many dates (the weekly trend); `compute_owned` moves the people instead.
pub fn compute(input: &ReadinessInput, as_of: NaiveDate) -> Readiness {
    let shares = part::shares(input.people.len());
    let people = shares
        .iter()
        .map(|r| input.people[r.clone()].iter().map(Cow::Borrowed))
        .collect();
    evaluate(input, shares, people, as_of)
}

/// How many of the contingent are ready as of a date: `compute`'s count, without the
/// people's rows (the weekly trend's points).
pub fn ready_count(input: &ReadinessInput, as_of: NaiveDate) -> usize {
    part::count_ready(
        input,
        0..input.people.len(),
        &Window::new(&input.contingent, as_of),
    )
}

/// As `compute`, moving the people into the result instead of copying them.
pub fn compute_owned(mut input: ReadinessInput, as_of: NaiveDate) -> Readiness {
    let shares = part::shares(input.people.len());
    let mut rest = std::mem::take(&mut input.people);
    let mut people = Vec::with_capacity(shares.len());
    for r in shares.iter().rev() {
        people.push(rest.split_off(r.start).into_iter().map(Cow::Owned));
    }
    people.reverse();
    evaluate(&input, shares, people, as_of)
}

/// The rules for everyone: each share of the people (`people[k]` are those at
/// `shares[k]`) on a core of its own, then the counts added up.
fn evaluate<'a, I>(
    input: &ReadinessInput,
    shares: Vec<Range<usize>>,
    people: Vec<I>,
    as_of: NaiveDate,
) -> Readiness
where
    I: Iterator<Item = Cow<'a, Person>> + Send,
{
    let c = &input.contingent;
    let w = Window::new(c, as_of);
    let mut parts = std::thread::scope(|s| {
        let mut jobs = shares.into_iter().zip(people);
        let first = jobs.next();
        let everyone = input.people.len();
        let others: Vec<_> = jobs
            .map(|(r, ps)| {
                let (room, w) = (r.len(), &w);
                s.spawn(move || part::evaluate(input, r, ps, w, room))
            })
            .collect();
        let mut parts = Vec::with_capacity(others.len() + 1);
        if let Some((r, ps)) = first {
            // The first share's list holds everyone in the end: make room once.
            parts.push(part::evaluate(input, r, ps, &w, everyone));
        }
        parts.extend(
            others
                .into_iter()
                .map(|h| h.join().expect("the rules do not panic")),
        );
        parts
    })
    .into_iter();
    let mut all = parts.next().expect("there is always one share, if empty");
    for p in parts {
        all.add(p);
    }

    let mut summary = Summary {
        personnel: all.personnel.len(),
        ready: all.ready,
        percent: percent(all.ready, all.personnel.len()),
        by_unit: input.units().iter().cloned().zip(all.by_unit).collect(),
        // Only the categories and genders someone has are listed.
        by_category: Category::ALL
            .into_iter()
            .zip(all.by_category)
            .filter(|(_, t)| t.personnel > 0)
            .collect(),
        by_gender: Gender::ALL
            .into_iter()
            .zip(all.by_gender)
            .filter(|(_, t)| t.personnel > 0)
            .collect(),
    };
    summary
        .by_unit
        .values_mut()
        .chain(summary.by_category.values_mut())
        .chain(summary.by_gender.values_mut())
        .for_each(Tally::finish);
    let modules = input
        .modules
        .iter()
        .zip(all.modules)
        .map(|(m, counts)| ModuleTally {
            code: m.code.clone(),
            title: m.title.clone(),
            title_ru: m.title_ru.clone(),
            title_kk: m.title_kk.clone(),
            complete: counts[Status::Complete as usize],
            expiring: counts[Status::Expiring as usize],
            expired: counts[Status::Expired as usize],
            failed: counts[Status::Failed as usize],
            missing: counts[Status::Missing as usize],
            not_required: counts[Status::NotRequired as usize],
            lapses_before_deployment: counts[part::LAPSING],
        })
        .collect();
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
            stage: Stage::on(c.deploy_on, c.tour_end(), as_of),
        },
        as_of,
        summary,
        modules,
        personnel: all.personnel,
    }
}

/// Loads a contingent and computes its readiness.
pub fn readiness(store: &Store, code: &str, as_of: NaiveDate) -> Result<Readiness> {
    Ok(compute_owned(store.readiness_input(code)?, as_of))
}

#[cfg(test)]
mod tests {
    /// Units read in a reader's order wherever a summary is listed: 2 before 10.
    #[test]
    fn units_are_listed_by_number_not_by_byte() {
        let mut s = Summary::default();
        for u in ["10 взвод", "2 взвод", "1 взвод", "Управление роты"]
        {
            s.by_unit.insert(u.into(), Tally::default());
        }
        let order: Vec<&str> = s
            .units_in_order()
            .into_iter()
            .map(|(u, _)| u.as_str())
            .collect();
        assert_eq!(order, ["1 взвод", "2 взвод", "10 взвод", "Управление роты"]);
    }

    use super::*;

    fn demo() -> (tempfile::TempDir, ReadinessInput, NaiveDate) {
        let dir = tempfile::tempdir().unwrap();
        let mut store = Store::open(&dir.path().join("muster.sqlite3")).unwrap();
        store.seed_default_curriculum("t").unwrap();
        let as_of = crate::dates::parse("2026-11-28").unwrap();
        crate::demo::load(&mut store, as_of).unwrap();
        let input = store.readiness_input("DEMO").unwrap();
        (dir, input, as_of)
    }

    /// The demo's people for whom `keep` holds, with their records.
    fn only(input: &ReadinessInput, keep: impl Fn(&Person) -> bool) -> ReadinessInput {
        let kept: Vec<usize> = (0..input.people.len())
            .filter(|&i| keep(&input.people[i]))
            .collect();
        ReadinessInput::new(
            input.contingent.clone(),
            input.modules.clone(),
            kept.iter().map(|&i| input.people[i].clone()).collect(),
            kept.iter().map(|&i| input.facts_of(i).to_vec()).collect(),
        )
    }

    /// A count worked out again from each person's `ready`, one decimal as the README says.
    fn counted<K: Ord>(r: &Readiness, key: impl Fn(&PersonReadiness) -> K) -> BTreeMap<K, Tally> {
        let mut out = BTreeMap::<K, Tally>::new();
        for p in &r.personnel {
            let t = out.entry(key(p)).or_default();
            t.personnel += 1;
            t.ready += usize::from(p.ready);
        }
        for t in out.values_mut() {
            t.percent = (t.ready as f64 * 1000.0 / t.personnel as f64).round() / 10.0;
        }
        out
    }

    #[test]
    fn a_share_is_to_one_decimal_and_nothing_of_nobody() {
        assert_eq!(percent(0, 0), 0.0);
        assert_eq!(percent(0, 5), 0.0);
        assert_eq!(percent(1, 3), 33.3);
        assert_eq!(percent(2, 3), 66.7);
        assert_eq!(percent(3, 7), 42.9);
        assert_eq!(percent(7, 7), 100.0);
        // Half a tenth rounds up; just under it, down.
        assert_eq!(percent(1, 2_000), 0.1);
        assert_eq!(percent(1, 2_001), 0.0);
    }

    /// Every count a commander reads (by unit, category, gender) is the people counted.
    #[test]
    fn the_counts_are_the_people_counted() {
        let (_dir, input, as_of) = demo();
        let r = compute(&input, as_of);
        let s = &r.summary;
        let ready = r.personnel.iter().filter(|p| p.ready).count();
        assert_eq!((s.personnel, s.ready), (input.people.len(), ready));
        assert!(0 < ready && ready < s.personnel, "the demo has both");
        assert_eq!(s.percent, percent(ready, s.personnel));
        assert_eq!(s.by_unit, counted(&r, |p| p.unit.clone()));
        assert_eq!(s.by_category, counted(&r, |p| p.category));
        assert_eq!(s.by_gender, counted(&r, |p| p.gender));
        assert!(s.by_unit.len() > 1 && s.by_category.len() > 1 && s.by_gender.len() > 1);
        // A person's gaps are the required modules not complete or expiring; their
        // lapsing, the certificates valid on the day that lapse before the tour ends.
        let codes: Vec<&str> = input.modules.iter().map(|m| m.code.as_str()).collect();
        for p in &r.personnel {
            let of = |keep: fn(&crate::rules::ModuleStatus) -> bool| -> Vec<&str> {
                codes
                    .iter()
                    .copied()
                    .filter(|c| keep(&p.modules[*c]))
                    .collect()
            };
            let lacking: Vec<&str> = p.lacking.iter().map(|c| &**c).collect();
            let lapsing: Vec<&str> = p.lapsing.iter().map(|c| &**c).collect();
            assert_eq!(
                lacking,
                of(|m| !m.status.is_ready()),
                "{}",
                p.service_number
            );
            assert_eq!(lapsing, of(|m| m.lapses_later()), "{}", p.service_number);
            assert_eq!(p.ready, lacking.is_empty(), "{}", p.service_number);
        }
        // A module's seven counts: its people by what their status reads as.
        for t in &r.modules {
            let mut want = [0; 7];
            for p in &r.personnel {
                want[match p.modules[t.code.as_str()].reading() {
                    crate::rules::Reading::Status(st) => st as usize,
                    crate::rules::Reading::LapsesBeforeDeployment => 6,
                }] += 1;
            }
            let got = [
                t.complete,
                t.expiring,
                t.expired,
                t.failed,
                t.missing,
                t.not_required,
                t.lapses_before_deployment,
            ];
            assert_eq!(got, want, "{}", t.code);
        }
    }

    /// Only the categories and genders someone has are listed.
    #[test]
    fn nobody_is_not_a_category() {
        let (_dir, input, as_of) = demo();
        let officers = compute(&only(&input, |p| p.category == Category::Officer), as_of);
        let keys: Vec<_> = officers.summary.by_category.keys().copied().collect();
        assert_eq!(keys, [Category::Officer]);
        let women = compute(&only(&input, |p| p.gender == Gender::F), as_of);
        let keys: Vec<_> = women.summary.by_gender.keys().copied().collect();
        assert_eq!(keys, [Gender::F]);
    }

    /// However the people fall into shares (one per core on a large contingent), the
    /// result is the one share's: each share's people in order, every count added up.
    #[test]
    #[allow(clippy::single_range_in_vec_init)] // one share: a list holding one range
    fn shares_add_up_to_the_whole() {
        let (_dir, input, as_of) = demo();
        let n = input.people.len();
        let whole = evaluate(
            &input,
            vec![0..n],
            vec![input.people.iter().map(Cow::Borrowed)],
            as_of,
        );
        for cuts in [vec![0..1, 1..n], vec![0..40, 40..41, 41..90, 90..n]] {
            let people = cuts
                .iter()
                .map(|r| input.people[r.clone()].iter().map(Cow::Borrowed))
                .collect();
            let split = evaluate(&input, cuts.clone(), people, as_of);
            assert_eq!(split, whole, "{cuts:?}");
        }
        assert_eq!(compute(&input, as_of), whole);
    }

    fn d(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    #[test]
    fn the_stage_counts_to_deployment_day_then_since_it_and_knows_the_tour_is_over() {
        let (deploy, end) = (d("2021-08-01"), d("2022-02-01"));
        let on = |day| Stage::on(deploy, end, d(day));
        assert_eq!(on("2021-07-20"), Stage::Before { days: 12 });
        assert_eq!(on("2021-08-01"), Stage::Before { days: 0 });
        assert_eq!(on("2021-08-02"), Stage::OnTour { days_ago: 1 });
        // The tour's last day is still on tour; the day after, it is over.
        assert_eq!(on("2022-02-01"), Stage::OnTour { days_ago: 184 });
        assert_eq!(on("2022-02-02"), Stage::TourOver { days_ago: 185 });
        assert_eq!(
            serde_json::to_value(on("2021-08-31")).unwrap(),
            serde_json::json!({"kind": "on_tour", "days_ago": 30})
        );
    }
}
