//! The readiness rules: pure functions over records, no I/O. This file is the contract a
//! validator reads; each numbered rule below has a table of tests pinning it and its edges.
//!
//! For a contingent with training start S, deployment D, tour end E = D + tour months,
//! and a report date A, let C = max(A, D):
//! 1. Only attempts dated ≤ A count, and not superseded or voided ones (the caller passes
//!    only active records); for a per-rotation module only attempts dated ≥ S.
//! 2. The latest counting attempt decides (by date, then by order of entry).
//!    None → missing. A fail → failed. Order of entry is the same on every installation:
//!    the attempt's hybrid-logical-clock stamp, then its record id (`Entry`), never the
//!    row number of one database.
//! 3. A pass of a module without validity → complete. With validity, expires_on = date +
//!    validity months (calendar months, clamped to the month's end): expires_on ≤ C →
//!    expired; else expires_on ≤ E → expiring (valid on deployment day, lapses during the
//!    tour); else complete.
//! 4. A module whose applies_to leaves the person out → not_required.
//! 5. A person is ready iff every required module is complete or expiring.
//! 6. A record corrected more than once (on installations that had not yet exchanged
//!    bundles) is decided by its latest correction by order of entry; the other amendments
//!    are overruled and do not count (`corrections`). Rule 1's "active" excludes them.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::dates::add_months;
use crate::domain::{Category, Contingent, Module};

/// The dates every rule is judged against.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Window {
    /// S: per-rotation modules count only from here.
    pub training_start: NaiveDate,
    /// A: nothing dated later counts.
    pub as_of: NaiveDate,
    /// C = max(A, D): a certificate must still be valid after this day.
    pub check_on: NaiveDate,
    /// E: a certificate lapsing by this day lapses during the tour.
    pub tour_end: NaiveDate,
}

impl Window {
    pub fn new(c: &Contingent, as_of: NaiveDate) -> Window {
        Window {
            training_start: c.training_start,
            as_of,
            check_on: as_of.max(c.deploy_on),
            tour_end: c.tour_end(),
        }
    }
}

/// An active (neither superseded nor voided) attempt, reduced to what the rules read.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Fact {
    pub date: NaiveDate,
    pub passed: bool,
    /// Order of entry: breaks ties between attempts on the same day. It is compared only
    /// between attempts of one module on one day, so a loader may leave it at its default
    /// for an attempt that has no other on its day.
    pub entry: Entry,
}

/// Order of entry, agreed by every installation that holds the attempt: its hybrid-logical-
/// clock stamp (`hlc`: milliseconds since 1970 shifted left 16 bits, plus a counter; an
/// attempt entered before stamps existed has its row number there, below every real
/// stamp), then its record id (a UUID, as a number) when two stamps are equal.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Entry {
    pub hlc: i64,
    pub id: u128,
}

impl Entry {
    /// An attempt's order of entry from its stamp and its record id as stored. An id that
    /// is not a UUID (none Muster writes) counts as 0.
    pub fn new(hlc: i64, id: &str) -> Entry {
        Entry {
            hlc,
            id: uuid::Uuid::parse_str(id).map_or(0, |u| u.as_u128()),
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub enum Status {
    Complete,
    Expiring,
    Expired,
    Failed,
    Missing,
    NotRequired,
}

impl Status {
    pub const ALL: [Status; 6] = [
        Status::Complete,
        Status::Expiring,
        Status::Expired,
        Status::Failed,
        Status::Missing,
        Status::NotRequired,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Status::Complete => "complete",
            Status::Expiring => "expiring",
            Status::Expired => "expired",
            Status::Failed => "failed",
            Status::Missing => "missing",
            Status::NotRequired => "not_required",
        }
    }

    /// Rule 5: what counts towards being ready.
    pub fn is_ready(self) -> bool {
        matches!(
            self,
            Status::Complete | Status::Expiring | Status::NotRequired
        )
    }
}

/// A person's standing in one module.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct ModuleStatus {
    pub status: Status,
    /// The date of the deciding pass (also for an expired one).
    pub completed_on: Option<NaiveDate>,
    /// When the deciding pass lapses, for modules with a validity.
    pub expires_on: Option<NaiveDate>,
    /// The date of the deciding attempt, pass or fail.
    pub attempted_on: Option<NaiveDate>,
    /// An expired certificate still valid on the report date: it lapses on or before
    /// deployment day. Every front end reads it as "lapses before deployment" (with its
    /// date), never as "expired", and counts it apart from the expired; it still stops the
    /// person being ready (rule 5). Decided here, once; left out of JSON when false, so a
    /// report frozen before it existed reads back and hashes as it was.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    #[cfg_attr(feature = "ts", ts(as = "Option<bool>", optional))]
    pub lapses_before_deployment: bool,
}

impl ModuleStatus {
    fn bare(status: Status) -> ModuleStatus {
        ModuleStatus {
            status,
            completed_on: None,
            expires_on: None,
            attempted_on: None,
            lapses_before_deployment: false,
        }
    }
}

impl ModuleStatus {
    /// A certificate still valid on the report date that lapses before the tour ends:
    /// either before deployment (`lapses_before_deployment`) or in the tour (`expiring`).
    /// Screens and the report call it "lapses", never "expired", so that nobody reads a
    /// date still ahead as a fault already there.
    pub fn lapses_later(&self) -> bool {
        self.status == Status::Expiring || self.lapses_before_deployment
    }

    /// Where this status is counted and what it reads as: its status, or
    /// `Reading::LapsesBeforeDeployment` for an expired certificate still valid on the day.
    pub fn reading(&self) -> Reading {
        if self.lapses_before_deployment {
            Reading::LapsesBeforeDeployment
        } else {
            Reading::Status(self.status)
        }
    }

    /// The date a status is read with: when a certificate expires (or expired, or lapses),
    /// when the deciding pass was, when the deciding attempt failed; none for a module
    /// missing or not required. Every printed view dates a status by it, as the screens do.
    pub fn shown_date(&self) -> Option<NaiveDate> {
        match self.status {
            Status::Expiring | Status::Expired => self.expires_on,
            Status::Complete => self.completed_on,
            Status::Failed => self.attempted_on,
            Status::Missing | Status::NotRequired => None,
        }
    }
}

/// What a status reads as on a screen, in the report and in the export, and which count
/// it falls in: the six statuses, with the expired still valid on the day apart.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Reading {
    Status(Status),
    LapsesBeforeDeployment,
}

impl Reading {
    /// Every reading, in the order legends list them: from valid to not required.
    pub const ALL: [Reading; 7] = [
        Reading::Status(Status::Complete),
        Reading::Status(Status::Expiring),
        Reading::LapsesBeforeDeployment,
        Reading::Status(Status::Expired),
        Reading::Status(Status::Failed),
        Reading::Status(Status::Missing),
        Reading::Status(Status::NotRequired),
    ];

    /// The status whose colour it takes (a certificate lapsing before deployment stops
    /// readiness as an expired one does).
    pub fn status(self) -> Status {
        match self {
            Reading::Status(s) => s,
            Reading::LapsesBeforeDeployment => Status::Expired,
        }
    }
}

/// Rules 1–4 for one person and one module.
pub fn module_status<'a>(
    module: &Module,
    category: Category,
    facts: impl IntoIterator<Item = &'a Fact>,
    w: &Window,
) -> ModuleStatus {
    if !module.applies_to_category(category) {
        return ModuleStatus::bare(Status::NotRequired);
    }
    let counts =
        |f: &&Fact| f.date <= w.as_of && (!module.per_rotation || f.date >= w.training_start);
    let Some(last) = facts
        .into_iter()
        .filter(counts)
        .max_by_key(|f| (f.date, f.entry))
    else {
        return ModuleStatus::bare(Status::Missing);
    };
    if !last.passed {
        return ModuleStatus {
            attempted_on: Some(last.date),
            ..ModuleStatus::bare(Status::Failed)
        };
    }
    let expires_on = module.validity_months.map(|m| add_months(last.date, m));
    let status = match expires_on {
        None => Status::Complete,
        Some(x) if x <= w.check_on => Status::Expired,
        Some(x) if x <= w.tour_end => Status::Expiring,
        Some(_) => Status::Complete,
    };
    ModuleStatus {
        status,
        completed_on: Some(last.date),
        expires_on,
        attempted_on: Some(last.date),
        lapses_before_deployment: status == Status::Expired
            && expires_on.is_some_and(|x| x > w.as_of),
    }
}

/// Rule 5.
pub fn is_ready<'a>(statuses: impl IntoIterator<Item = &'a ModuleStatus>) -> bool {
    statuses.into_iter().all(|s| s.status.is_ready())
}

pub mod corrections;

#[cfg(test)]
mod tests;
