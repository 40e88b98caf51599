//! Everything the dashboard shows, in one call: readiness, the weekly trend, who must
//! retake what, who was taken off the roster, and the latest sign-off with what changed
//! since. The contingent's records are read once and its readiness computed once; before,
//! five calls each loaded the contingent again and two recomputed readiness.

use chrono::NaiveDate;

use crate::due::{self, Due};
use crate::error::Result;
use crate::readiness::{self, Readiness, TrendPoint};
use crate::signoff::{self, ValidationState};
use crate::store::{OffRoster, Store};

#[derive(Debug, Clone, PartialEq)]
pub struct Dashboard {
    /// As of `today`.
    pub readiness: Readiness,
    /// To today, or deployment day once past it (`readiness::trend_to_date`).
    pub trend: Vec<TrendPoint>,
    /// Everyone whose certificate lapses before the end of the tour, soonest first.
    pub due: Vec<Due>,
    pub off_roster: Vec<OffRoster>,
    /// The latest decision on the contingent, if any, and what changed since.
    pub signoff: Option<ValidationState>,
}

pub fn dashboard(store: &Store, code: &str, today: NaiveDate) -> Result<Dashboard> {
    let input = store.readiness_input(code)?;
    let readiness = readiness::compute(&input, today);
    Ok(Dashboard {
        trend: readiness::trend_to_date(&input, today),
        due: due::due_of(&input, &readiness, None),
        off_roster: store.off_roster(code)?,
        // As when the badge was its own call: a decision that cannot be read back (its
        // frozen report unreadable) hides the badge, not the dashboard; the Reports screen
        // says what is wrong with it.
        signoff: signoff::status(store, code).ok().flatten(),
        readiness,
    })
}
