//! Expiry warnings: who must retake which module, and in what window, so that their
//! certificate stays valid to the end of the tour. Retaking happens at home, so the last
//! day is the day before deployment (or before the certificate lapses, if sooner); a
//! retake earlier than `earliest` would itself lapse before the tour ends.

use chrono::{Duration, NaiveDate};
use serde::Serialize;

use crate::dates::add_months;
use crate::error::Result;
use crate::readiness::{self, Readiness};
use crate::rules::Status;
use crate::store::{ReadinessInput, Store};

/// How urgent a retake is, by days left until its last day.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
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
            if !matches!(s.status, Status::Expiring | Status::Expired) {
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
