//! Everything the dashboard shows, in one call: the contingent's figures (counts by
//! module, unit, category and gender), who is not ready and for what, the weekly trend,
//! who must retake what, who was taken off the roster, and the latest sign-off with what
//! changed since. The contingent's records are read once and its readiness computed once.
//!
//! The dashboard carries its figures, not everyone's statuses: at 10,000 people the whole
//! readiness is ~16 MB of JSON, which a window should not parse to draw a few tallies. The
//! matrix asks for the rows it shows (`crate::matrix`), the Person screen for one person.

use chrono::NaiveDate;
use serde::Serialize;

use crate::due::{self, Retakes};
use crate::error::Result;
use crate::readiness::{self, ContingentInfo, ModuleTally, Readiness, Summary, TrendPoint};
use crate::report::chart::{Chart, ChartView};
use crate::rules::Status;
use crate::signoff::{self, ValidationState};
use crate::store::{OffRoster, ReadinessInput, Store};

/// How many of the people not ready the dashboard lists by name; the count says how many
/// there are in all, and the matrix (filtered to a status) finds the rest.
pub const NOT_READY_LISTED: usize = 200;

#[derive(Debug, Clone, PartialEq)]
pub struct Dashboard {
    pub contingent: ContingentInfo,
    pub as_of: NaiveDate,
    pub summary: Summary,
    /// Per module, in curriculum order: how many in each status.
    pub modules: Vec<ModuleTally>,
    /// The units, in roster order (the matrix's and the Person screen's choices).
    pub units: Vec<String>,
    /// The first `NOT_READY_LISTED` people not ready, in roster order.
    pub not_ready: Vec<Blocker>,
    /// How many people are not ready in all.
    pub not_ready_total: usize,
    /// To today, or deployment day once past it (`readiness::trend_to_date`).
    pub trend: Vec<TrendPoint>,
    /// The trend chart's geometry, the report's own (`report::chart`), to the trend's last day.
    pub chart: ChartView,
    /// Who must retake what, in bands with their counts and first pages (once deployed,
    /// what lapses in the tour): `due::retakes`. "Show all" pages with `due::page`.
    pub retakes: Retakes,
    pub off_roster: Vec<OffRoster>,
    /// The latest decision on the contingent, if any, and what changed since.
    pub signoff: Option<ValidationState>,
    /// The installation this one last received a bundle from (docs/sync.md), if any:
    /// how fresh the figures are when records are logged on other laptops.
    pub last_received: Option<crate::store::Peer>,
    /// Records of this contingent's people that two laptops corrected differently and
    /// nobody has settled yet (`sync::conflicts`): the commander sees them here.
    pub open_conflicts: usize,
    /// People on this roster who are on the roster of another rotation whose training and
    /// tour overlap this one's: one of the two rosters is wrong.
    pub also_elsewhere: Vec<crate::store::AlsoElsewhere>,
    /// No module applies to anyone on the roster (`Readiness::hollow`): every figure here
    /// reads "ready" of nothing, and the screen says so.
    pub nothing_required: bool,
}

/// One person who is not ready, with the required modules that stop them and the status
/// of each, as the dashboard lists them.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Blocker {
    pub service_number: String,
    pub rank: String,
    pub family_name: String,
    pub given_name: String,
    pub patronymic: Option<String>,
    pub unit: String,
    /// In curriculum order.
    pub lacking: Vec<Lacking>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Lacking {
    pub module: String,
    pub status: Status,
    /// The date it is read with (`ModuleStatus::shown_date`): when a certificate lapses or
    /// lapsed, when an attempt failed.
    pub date: Option<NaiveDate>,
    /// An expired certificate still valid today: it reads "lapses before deployment".
    pub lapses_before_deployment: bool,
}

/// Loads the contingent, computes its readiness as of `today` and the dashboard over it.
pub fn dashboard(store: &Store, code: &str, today: NaiveDate) -> Result<Dashboard> {
    let input = store.readiness_input(code)?;
    let readiness = readiness::compute(&input, today);
    dashboard_of(store, &input, &readiness)
}

/// The dashboard over readiness already computed (as of its own date) over `input`, so a
/// caller that keeps the readiness (the app, for the matrix's pages) computes it once.
pub fn dashboard_of(store: &Store, input: &ReadinessInput, r: &Readiness) -> Result<Dashboard> {
    let code = &input.contingent.code;
    let not_ready = r.personnel.iter().filter(|p| !p.ready);
    let trend = readiness::trend_to_date(input, r.as_of);
    let c = &r.contingent;
    let last = trend.last().map_or(r.as_of, |p| p.date);
    let chart = Chart::over(c.training_start, c.deploy_on, last, &trend).view();
    Ok(Dashboard {
        contingent: r.contingent.clone(),
        as_of: r.as_of,
        summary: r.summary.clone(),
        nothing_required: r.hollow().is_some(),
        modules: r.modules.clone(),
        units: units(r),
        not_ready_total: not_ready.clone().count(),
        not_ready: not_ready
            .take(NOT_READY_LISTED)
            .map(|p| Blocker {
                service_number: p.service_number.clone(),
                rank: p.rank.clone(),
                family_name: p.family_name.clone(),
                given_name: p.given_name.clone(),
                patronymic: p.patronymic.clone(),
                unit: p.unit.clone(),
                lacking: p
                    .lacking
                    .iter()
                    .map(|m| {
                        let s = p.modules.get(m);
                        Lacking {
                            module: m.to_string(),
                            status: s.map_or(Status::Missing, |s| s.status),
                            date: s.and_then(|s| s.shown_date()),
                            lapses_before_deployment: s.is_some_and(|s| s.lapses_before_deployment),
                        }
                    })
                    .collect(),
            })
            .collect(),
        trend,
        chart,
        retakes: due::retakes(
            &due::due_of(input, r, None),
            r.as_of,
            r.contingent.deploy_on,
        ),
        off_roster: store.off_roster(code)?,
        // As when the badge was its own call: a decision that cannot be read back (its
        // frozen report unreadable) hides the badge, not the dashboard; the Reports screen
        // says what is wrong with it.
        signoff: signoff::status(store, code).ok().flatten(),
        last_received: store.sync_peers()?.into_iter().next(),
        open_conflicts: {
            let here: std::collections::HashSet<&str> = r
                .personnel
                .iter()
                .map(|p| p.service_number.as_str())
                .collect();
            crate::sync::conflicts(store, false)?
                .iter()
                .filter(|c| here.contains(c.service_number.as_str()))
                .count()
        },
        also_elsewhere: store.also_on_overlapping_rotations(code)?,
    })
}

/// The units of the people, in roster order of first appearance.
pub fn units(r: &Readiness) -> Vec<String> {
    let mut seen = std::collections::HashSet::new();
    r.personnel
        .iter()
        .filter(|p| seen.insert(p.unit.as_str()))
        .map(|p| p.unit.clone())
        .collect()
}
