//! One training session as the Log screen sends it, turned into the core's `Session`
//! (the date as typed, dd.mm.yyyy or ISO). The mapping of individual results is the
//! core's, shared with `muster log`.

use muster::dates;
use muster::domain::{NewAttempt, Outcome};
use muster::field::Field;
use muster::session::{AttendeeResult, Session};
use serde::Deserialize;

#[derive(Debug, Clone, Deserialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct SessionInput {
    pub module: String,
    pub date: String,
    pub result: Outcome,
    pub score: Option<f64>,
    pub hours: Option<f64>,
    pub instructor: String,
    pub notes: String,
    pub attendees: Vec<String>,
    /// People whose result or score differs from the session's; each must be an attendee.
    #[serde(default)]
    pub individual: Vec<AttendeeResult>,
}

impl SessionInput {
    /// One record per attendee, with the individual result and score where one was given.
    pub fn entries(self) -> muster::Result<Vec<NewAttempt>> {
        let date = dates::parse(&self.date).map_err(|e| e.in_field(Field::Date))?;
        Session {
            module: self.module,
            date,
            result: self.result,
            score: self.score,
            hours: self.hours,
            instructor: self.instructor,
            notes: self.notes,
            attendees: self.attendees,
            individual: self.individual,
        }
        .entries()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_form_as_sent_becomes_one_record_each_and_the_list_may_be_left_out() {
        let s: SessionInput = serde_json::from_value(serde_json::json!({
            "module": "ROE", "date": "20.11.2026", "result": "fail", "score": null,
            "hours": null, "instructor": "", "notes": "", "attendees": ["KZ1"]
        }))
        .unwrap();
        let e = s.entries().unwrap();
        assert_eq!(
            (e[0].date.to_string(), e[0].result, e[0].score),
            ("2026-11-20".into(), Outcome::Fail, None)
        );
    }

    #[test]
    fn a_bad_date_names_the_field() {
        let s: SessionInput = serde_json::from_value(serde_json::json!({
            "module": "ROE", "date": "31.11.2026", "result": "pass", "score": null,
            "hours": null, "instructor": "", "notes": "", "attendees": ["KZ1"]
        }))
        .unwrap();
        assert!(s.entries().unwrap_err().to_string().starts_with("date: "));
    }
}
