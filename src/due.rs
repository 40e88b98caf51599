//! Expiry warnings: who must retake which module, and in what window, so that their
//! certificate stays valid to the end of the tour. Retaking happens at home, so the last
//! day is the day before deployment (or before the certificate lapses, if sooner); a
//! retake earlier than `earliest` would itself lapse before the tour ends.

use chrono::{Duration, NaiveDate};
use serde::{Deserialize, Serialize};

use crate::dates::add_months;
use crate::error::Result;
use crate::readiness::{self, Readiness};
use crate::rules::Status;
use crate::store::{ReadinessInput, Store};

/// How urgent a retake is, by days left until its last day.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub enum Band {
    /// The certificate has already lapsed: retake before deployment.
    Lapsed,
    /// Still valid, but the last day to retake at home has passed.
    Overdue,
    Within30,
    Within60,
    Within90,
    Later,
}

impl Band {
    pub fn of(days_left: i64) -> Band {
        match days_left {
            d if d < 0 => Band::Overdue,
            0..=30 => Band::Within30,
            31..=60 => Band::Within60,
            61..=90 => Band::Within90,
            _ => Band::Later,
        }
    }

    /// Due within 90 days, overdue or lapsed: the dashboard lists it at once; a `Later`
    /// retake only when asked for.
    pub fn soon(self) -> bool {
        self != Band::Later
    }

    pub fn label(self) -> &'static str {
        match self {
            Band::Lapsed => "lapsed: retake before deployment",
            Band::Overdue => "overdue: the last day at home has passed",
            Band::Within30 => "within 30 days",
            Band::Within60 => "within 60 days",
            Band::Within90 => "within 90 days",
            Band::Later => "later",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Due {
    pub band: Band,
    /// Retake by this day to stay valid through the tour.
    pub due_by: NaiveDate,
    /// A pass before this day would lapse before the tour ends.
    pub earliest: NaiveDate,
    /// Days from the report date to `due_by` (negative once it has passed).
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub days_left: i64,
    pub service_number: String,
    pub rank: String,
    pub name: String,
    pub unit: String,
    pub module: String,
    pub status: Status,
    pub expires_on: NaiveDate,
    /// What its line says, as of the report date (`line`).
    pub line: DueLine,
    /// `earliest`, when the line offers a retake and a pass on the report date would itself
    /// lapse before the tour ends: "not before" this day. None when any day left will do,
    /// or no retake is offered (`not_before`), or no day before `due_by` would last the
    /// tour (`short_of_tour`).
    pub not_before: Option<NaiveDate>,
    /// When the line offers a retake but even a pass on `due_by` would lapse before the
    /// tour ends (a validity no longer than the tour): the day it would lapse. Retake as
    /// late as `due_by` allows; the certificate still runs out in the tour.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "ts", ts(optional))]
    pub short_of_tour: Option<NaiveDate>,
}

/// What one retake line says: a retake only while its last day is still ahead; otherwise
/// when the certificate lapsed, or lapses (then in theatre, where no retake is possible).
/// Never "retake by" a past day, never a negative count of days.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub enum DueLine {
    /// Retake by `due_by`, `days_left` days from the report date.
    RetakeBy,
    /// Lapsed on `expires_on`.
    LapsedOn,
    /// Lapses on `expires_on`, with no day left to retake before it.
    LapsesOn,
}

pub fn line(due_by: NaiveDate, expires_on: NaiveDate, as_of: NaiveDate) -> DueLine {
    if due_by >= as_of {
        DueLine::RetakeBy
    } else if expires_on <= as_of {
        DueLine::LapsedOn
    } else {
        DueLine::LapsesOn
    }
}

/// The day before which a retake would be wasted, when that still matters: only on a line
/// that offers a retake, only while that day is still ahead of the report date, and only
/// when it comes no later than the last day to retake (else no retake lasts the tour, and
/// "not before" a day after the deadline would leave the soldier lapsed on deployment).
pub fn not_before(
    line: DueLine,
    earliest: NaiveDate,
    due_by: NaiveDate,
    as_of: NaiveDate,
) -> Option<NaiveDate> {
    (line == DueLine::RetakeBy && earliest > as_of && earliest <= due_by).then_some(earliest)
}

/// Everyone whose certificate lapses before the end of the tour, soonest first;
/// `within` keeps only those due within that many days of `as_of` (overdue included).
pub fn due(store: &Store, code: &str, as_of: NaiveDate, within: Option<i64>) -> Result<Vec<Due>> {
    let input = store.readiness_input(code)?;
    let r = readiness::compute(&input, as_of);
    Ok(due_of(&input, &r, within))
}

/// As `due`, from readiness already computed (as of its own date) over `input`, so a
/// caller that needs both computes readiness once.
pub fn due_of(input: &ReadinessInput, r: &Readiness, within: Option<i64>) -> Vec<Due> {
    let as_of = r.as_of;
    let c = &input.contingent;
    let tour_end = c.tour_end();
    let mut out = Vec::new();
    for p in &r.personnel {
        for m in &input.modules {
            let Some(s) = p.modules.get(m.code.as_str()) else {
                continue;
            };
            let (Some(x), Some(months)) = (s.expires_on, m.validity_months) else {
                continue;
            };
            // Valid through the last day of the tour: nothing to retake, nothing lapses in it
            // (read after the tour, an "expired" certificate may have lapsed only since).
            if !matches!(s.status, Status::Expiring | Status::Expired) || x > tour_end {
                continue;
            }
            let last_home_day = c.deploy_on - Duration::days(1);
            let due_by = if x > as_of {
                (x - Duration::days(1)).min(last_home_day)
            } else {
                last_home_day
            };
            // The smallest pass date d with add_months(d, months) > tour_end.
            let mut earliest = tour_end - Duration::days(31 * months as i64 + 31);
            while add_months(earliest, months) <= tour_end {
                earliest += Duration::days(1);
            }
            let days_left = (due_by - as_of).num_days();
            let line = line(due_by, x, as_of);
            out.push(Due {
                band: if x <= as_of {
                    Band::Lapsed
                } else {
                    Band::of(days_left)
                },
                due_by,
                earliest,
                days_left,
                service_number: p.service_number.clone(),
                rank: p.rank.clone(),
                name: format!("{} {}", p.family_name, p.given_name),
                unit: p.unit.clone(),
                module: m.code.clone(),
                status: s.status,
                expires_on: x,
                line,
                not_before: not_before(line, earliest, due_by, as_of),
                short_of_tour: (line == DueLine::RetakeBy && earliest > due_by)
                    .then(|| add_months(due_by, months)),
            });
        }
    }
    out.sort_by(|a, b| {
        (a.band, a.due_by, a.expires_on, &a.unit, &a.name, &a.module).cmp(&(
            b.band,
            b.due_by,
            b.expires_on,
            &b.unit,
            &b.name,
            &b.module,
        ))
    });
    if let Some(w) = within {
        out.retain(|d| d.band == Band::Lapsed || d.days_left <= w);
    }
    out
}

/// Rows of each retake list the dashboard carries; "show all" asks for the rest a page at a
/// time (`page`).
pub const FIRST_PAGE: usize = 50;

/// The retakes as the dashboard shows them. Before deployment day: the retakes in bands,
/// most urgent first. From deployment day on no retake is possible: one list, of the
/// certificates that run out during the tour (after deployment day), soonest first.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Retakes {
    /// The report date is deployment day or later.
    pub deployed: bool,
    /// How many in all the groups.
    pub total: usize,
    /// Before deployment, one per band that has someone in it, most urgent first; once
    /// deployed, the one list of what lapses in the tour (`band: None`), even if empty.
    pub groups: Vec<DueGroup>,
}

/// One list of retakes: its count and its first `FIRST_PAGE` rows, in the core's order.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct DueGroup {
    /// The band, or `None` for what lapses during the tour once deployed.
    pub band: Option<Band>,
    /// Listed at once (`Band::soon`, and the tour's list); else only when asked for.
    pub soon: bool,
    pub total: usize,
    pub rows: Vec<Due>,
}

/// Rows `offset..` of one retake list (`band`, or `None`: what lapses in the tour).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct DuePage {
    pub offset: usize,
    pub total: usize,
    pub rows: Vec<Due>,
}

/// On deployment day or later: no retake is possible any more.
pub fn deployed(as_of: NaiveDate, deploy_on: NaiveDate) -> bool {
    as_of >= deploy_on
}

/// One list of `all` (as `due_of` gives it, as of `as_of`): a band's retakes in the core's
/// order, or (`None`) the certificates that run out after deployment day, soonest first.
pub fn list(all: &[Due], band: Option<Band>, deploy_on: NaiveDate) -> Vec<&Due> {
    match band {
        Some(b) => all.iter().filter(|d| d.band == b).collect(),
        None => {
            let mut v: Vec<&Due> = all.iter().filter(|d| d.expires_on > deploy_on).collect();
            v.sort_by_key(|d| d.expires_on);
            v
        }
    }
}

/// The retakes the dashboard shows, from everything `due_of` lists as of `as_of`.
pub fn retakes(all: &[Due], as_of: NaiveDate, deploy_on: NaiveDate) -> Retakes {
    let group = |band: Option<Band>| {
        let l = list(all, band, deploy_on);
        DueGroup {
            band,
            soon: band.is_none_or(Band::soon),
            total: l.len(),
            rows: l.into_iter().take(FIRST_PAGE).cloned().collect(),
        }
    };
    let groups: Vec<DueGroup> = if deployed(as_of, deploy_on) {
        vec![group(None)]
    } else {
        let mut bands: Vec<Band> = all.iter().map(|d| d.band).collect();
        bands.sort();
        bands.dedup();
        bands.into_iter().map(|b| group(Some(b))).collect()
    };
    Retakes {
        deployed: deployed(as_of, deploy_on),
        total: groups.iter().map(|g| g.total).sum(),
        groups,
    }
}

/// Up to `limit` rows from `offset` of one retake list, and its count.
pub fn page(
    all: &[Due],
    band: Option<Band>,
    deploy_on: NaiveDate,
    offset: usize,
    limit: usize,
) -> DuePage {
    let l = list(all, band, deploy_on);
    DuePage {
        offset,
        total: l.len(),
        rows: l.into_iter().skip(offset).take(limit).cloned().collect(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    fn due(band: Band, sn: &str, module: &str, expires_on: &str) -> Due {
        Due {
            band,
            due_by: d("2027-02-26"),
            earliest: d("2026-09-01"),
            days_left: 10,
            service_number: sn.into(),
            rank: "рядовой".into(),
            name: "Омаров Ерлан".into(),
            unit: "1 взвод".into(),
            module: module.into(),
            status: Status::Expiring,
            expires_on: d(expires_on),
            line: DueLine::RetakeBy,
            not_before: None,
            short_of_tour: None,
        }
    }

    /// "Not before" is said only on a retake line, and only while its day is ahead: on the
    /// day itself a pass already lasts the tour.
    #[test]
    fn not_before_is_said_only_while_it_is_ahead_on_a_retake_line() {
        let earliest = d("2026-09-01");
        let due_by = d("2026-12-31");
        assert_eq!(
            not_before(DueLine::RetakeBy, earliest, due_by, d("2026-08-31")),
            Some(earliest)
        );
        assert_eq!(
            not_before(DueLine::RetakeBy, earliest, due_by, earliest),
            None
        );
        assert_eq!(
            not_before(DueLine::RetakeBy, earliest, due_by, d("2026-09-02")),
            None
        );
        assert_eq!(
            not_before(DueLine::LapsedOn, earliest, due_by, d("2026-08-31")),
            None
        );
        assert_eq!(
            not_before(DueLine::LapsesOn, earliest, due_by, d("2026-08-31")),
            None
        );
        // No day before the deadline lasts the tour: never "not before" a day after it.
        assert_eq!(
            not_before(
                DueLine::RetakeBy,
                earliest,
                d("2026-08-31"),
                d("2026-06-01")
            ),
            None
        );
        assert_eq!(
            not_before(DueLine::RetakeBy, earliest, earliest, d("2026-06-01")),
            Some(earliest)
        );
    }

    #[test]
    fn a_retake_is_offered_only_while_its_last_day_is_ahead() {
        let (due_by, expires) = (d("2021-08-08"), d("2021-08-09"));
        assert_eq!(line(due_by, expires, d("2021-08-01")), DueLine::RetakeBy);
        assert_eq!(line(due_by, expires, due_by), DueLine::RetakeBy);
        // The day after the last day: it lapses that day, nothing left to retake.
        assert_eq!(line(due_by, expires, expires), DueLine::LapsedOn);
        assert_eq!(line(due_by, expires, d("2026-11-23")), DueLine::LapsedOn);
        // On tour: the last day at home has passed, the certificate lapses later.
        let (home, lapses) = (d("2021-08-31"), d("2021-12-01"));
        assert_eq!(line(home, lapses, d("2021-09-01")), DueLine::LapsesOn);
        assert_eq!(line(home, lapses, d("2021-11-30")), DueLine::LapsesOn);
        assert_eq!(line(home, lapses, lapses), DueLine::LapsedOn);
    }

    fn sns(g: &DueGroup) -> Vec<&str> {
        g.rows.iter().map(|d| d.service_number.as_str()).collect()
    }

    /// Before deployment: a group per band that has someone, most urgent first, the
    /// core's order kept within each; all but `later` listed at once.
    #[test]
    fn before_deployment_the_retakes_come_in_bands() {
        use Band::*;
        let all = [
            due(Lapsed, "A", "SEA", "2026-05-01"),
            due(Overdue, "B", "SEA", "2026-05-01"),
            due(Within30, "C", "SEA", "2026-05-01"),
            due(Within30, "D", "SEA", "2026-05-01"),
            due(Within90, "E", "SEA", "2026-05-01"),
            due(Later, "F", "SEA", "2026-05-01"),
        ];
        let r = retakes(&all, d("2026-04-01"), d("2026-06-01"));
        assert!(!r.deployed);
        assert_eq!(r.total, 6);
        let got: Vec<(Option<Band>, bool, usize, Vec<&str>)> = r
            .groups
            .iter()
            .map(|g| (g.band, g.soon, g.total, sns(g)))
            .collect();
        assert_eq!(
            got,
            [
                (Some(Lapsed), true, 1, vec!["A"]),
                (Some(Overdue), true, 1, vec!["B"]),
                (Some(Within30), true, 2, vec!["C", "D"]),
                (Some(Within90), true, 1, vec!["E"]),
                (Some(Later), false, 1, vec!["F"]),
            ]
        );
        // Nothing soon: only the `later` group, not listed at once.
        let r = retakes(&all[5..], d("2026-04-01"), d("2026-06-01"));
        assert_eq!(r.groups.len(), 1);
        assert!(!r.groups[0].soon);
        // Nothing at all: no group.
        let r = retakes(&[], d("2026-04-01"), d("2026-06-01"));
        assert_eq!((r.total, r.groups.len()), (0, 0));
    }

    /// From deployment day on: one list, of what runs out after deployment day, soonest
    /// first; the day before, still the bands.
    #[test]
    fn once_deployed_what_lapses_in_the_tour() {
        let all = [
            due(Band::Within30, "KZ1", "B", "2021-12-01"),
            due(Band::Lapsed, "KZ1", "A", "2021-07-01"),
            due(Band::Within30, "KZ1", "C", "2021-09-01"),
        ];
        let r = retakes(&all, d("2021-08-01"), d("2021-08-01"));
        assert!(r.deployed);
        assert_eq!(r.total, 2);
        assert_eq!(r.groups.len(), 1);
        let g = &r.groups[0];
        assert_eq!((g.band, g.soon, g.total), (None, true, 2));
        let modules: Vec<&str> = g.rows.iter().map(|d| d.module.as_str()).collect();
        assert_eq!(modules, ["C", "B"]);
        assert!(!retakes(&all, d("2021-07-31"), d("2021-08-01")).deployed);
        // Deployed with nothing lapsing in the tour: the empty list, still there.
        let r = retakes(&all[1..2], d("2021-09-01"), d("2021-08-01"));
        assert_eq!((r.total, r.groups.len(), r.groups[0].total), (0, 1, 0));
    }

    /// The dashboard carries the first page of each list; the pages give the rest, in order.
    #[test]
    fn a_long_band_comes_a_page_at_a_time() {
        let all: Vec<Due> = (0..FIRST_PAGE + 7)
            .map(|i| due(Band::Within60, &format!("KZ{i:03}"), "SEA", "2026-05-01"))
            .collect();
        let r = retakes(&all, d("2026-04-01"), d("2026-06-01"));
        let g = &r.groups[0];
        assert_eq!((g.total, g.rows.len()), (FIRST_PAGE + 7, FIRST_PAGE));
        let rest = page(
            &all,
            Some(Band::Within60),
            d("2026-06-01"),
            FIRST_PAGE,
            1000,
        );
        assert_eq!(
            (rest.offset, rest.total, rest.rows.len()),
            (FIRST_PAGE, FIRST_PAGE + 7, 7)
        );
        let mut joined = g.rows.clone();
        joined.extend(rest.rows);
        assert_eq!(joined, all);
        assert_eq!(
            page(&all, Some(Band::Later), d("2026-06-01"), 0, 10).total,
            0
        );
        assert_eq!(page(&all, None, d("2026-06-01"), 0, 10).rows.len(), 0);
    }
}
