//! One training session: one result and score for everyone present, and individual
//! results for the few who differ (a fail, their own test score). Shared by the app's
//! Log screen and `muster log`, so a session means the same whichever way it is entered;
//! the store saves it in one transaction.

use std::collections::HashMap;

use chrono::NaiveDate;
use serde::Deserialize;

use crate::domain::{NewAttempt, Outcome};
use crate::error::{Error, Problem, Result};
use crate::text;

#[derive(Debug, Clone, PartialEq)]
pub struct Session {
    pub module: String,
    pub date: NaiveDate,
    pub result: Outcome,
    pub score: Option<f64>,
    pub hours: Option<f64>,
    pub instructor: String,
    pub notes: String,
    pub attendees: Vec<String>,
    /// People whose result or score differs from the session's; each must be an attendee.
    pub individual: Vec<AttendeeResult>,
}

#[derive(Debug, Clone, PartialEq, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct AttendeeResult {
    pub service_number: String,
    /// None keeps the session's result.
    pub result: Option<Outcome>,
    /// None keeps the session's score.
    pub score: Option<f64>,
}

impl AttendeeResult {
    /// `--failed SN` and `--score-for SN=SCORE` as typed on the command line, as one
    /// individual result per person (a person named in both gets both). The parsing lives
    /// here, beside the session it belongs to, so a front end only hands over the text.
    pub fn from_flags(
        failed: &[String],
        score_for: &[String],
        session_result: Outcome,
    ) -> Result<Vec<AttendeeResult>> {
        if !failed.is_empty() && session_result == Outcome::Fail {
            return Err(Error::invalid(
                "--failed: the session's --result is already fail; give --result pass",
            ));
        }
        let mut own: Vec<AttendeeResult> = Vec::new();
        fn slot(own: &mut Vec<AttendeeResult>, sn: &str) -> usize {
            let key = text::sn_key(sn);
            own.iter()
                .position(|o| text::sn_key(&o.service_number) == key)
                .unwrap_or_else(|| {
                    own.push(AttendeeResult {
                        service_number: sn.trim().to_string(),
                        result: None,
                        score: None,
                    });
                    own.len() - 1
                })
        }
        let empty = |flag: &str| Error::invalid(format!("{flag}: a service number is empty"));
        for sn in failed {
            if sn.trim().is_empty() {
                return Err(empty("--failed"));
            }
            let i = slot(&mut own, sn);
            own[i].result = Some(Outcome::Fail);
        }
        for pair in score_for {
            let bad =
                || Error::invalid(format!("--score-for {pair:?}: write SERVICE_NUMBER=SCORE"));
            let (sn, score) = pair.split_once('=').ok_or_else(bad)?;
            if sn.trim().is_empty() {
                return Err(empty("--score-for"));
            }
            // As a file's cell reads: `85`, `84,5`, `85%`.
            let score = match crate::checks::score_text(score) {
                Ok(Some(v)) => v,
                Ok(None) => return Err(bad()),
                Err(e) => return Err(Error::invalid(format!("--score-for {pair:?}: {e}"))),
            };
            let i = slot(&mut own, sn);
            if own[i].score.replace(score).is_some() {
                return Err(Error::invalid(format!(
                    "--score-for: {} has two scores",
                    sn.trim()
                )));
            }
        }
        Ok(own)
    }
}

impl Session {
    /// One record per attendee, with the individual result and score where one was given.
    /// An individual result for someone not present, or two for one person, refuses the
    /// whole session: it is a slip the officer should see, not guess at.
    pub fn entries(&self) -> Result<Vec<NewAttempt>> {
        let mut own: HashMap<String, &AttendeeResult> = HashMap::new();
        for r in &self.individual {
            if own.insert(text::sn_key(&r.service_number), r).is_some() {
                return Err(Problem::TwoIndividualResults {
                    service_number: r.service_number.trim().to_string(),
                }
                .into());
            }
        }
        let entries: Vec<NewAttempt> = self
            .attendees
            .iter()
            .map(|sn| {
                let mine = own.remove(&text::sn_key(sn));
                NewAttempt {
                    service_number: sn.clone(),
                    module: self.module.clone(),
                    date: self.date,
                    result: mine.and_then(|m| m.result).unwrap_or(self.result),
                    score: mine.and_then(|m| m.score).or(self.score),
                    hours: self.hours,
                    instructor: self.instructor.clone(),
                    notes: self.notes.clone(),
                }
            })
            .collect();
        if let Some(stray) = own.values().next() {
            return Err(Problem::ResultForAbsent {
                service_number: stray.service_number.trim().to_string(),
            }
            .into());
        }
        Ok(entries)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn flags_give_one_result_per_person() {
        let s = |v: &[&str]| v.iter().map(|x| x.to_string()).collect::<Vec<_>>();
        let own =
            AttendeeResult::from_flags(&s(&["kz1"]), &s(&["KZ1=55,5", "KZ2 = 90"]), Outcome::Pass)
                .unwrap();
        assert_eq!(
            own,
            [
                AttendeeResult {
                    service_number: "kz1".into(),
                    result: Some(Outcome::Fail),
                    score: Some(55.5)
                },
                AttendeeResult {
                    service_number: "KZ2".into(),
                    result: None,
                    score: Some(90.0)
                },
            ]
        );
        assert!(AttendeeResult::from_flags(&s(&["KZ1"]), &[], Outcome::Fail).is_err());
        assert!(AttendeeResult::from_flags(&[], &s(&["KZ1"]), Outcome::Pass).is_err());
        assert!(AttendeeResult::from_flags(&[], &s(&["KZ1=x"]), Outcome::Pass).is_err());
        assert!(AttendeeResult::from_flags(&[], &s(&["KZ1=1", "kz1=2"]), Outcome::Pass).is_err());
    }

    fn session(attendees: &[&str], individual: Vec<AttendeeResult>) -> Session {
        Session {
            module: "ROE".into(),
            date: NaiveDate::from_ymd_opt(2026, 11, 20).unwrap(),
            result: Outcome::Pass,
            score: Some(88.0),
            hours: Some(4.0),
            instructor: "Capt. Mehta".into(),
            notes: String::new(),
            attendees: attendees.iter().map(|s| s.to_string()).collect(),
            individual,
        }
    }

    fn own(sn: &str, result: Option<Outcome>, score: Option<f64>) -> AttendeeResult {
        AttendeeResult {
            service_number: sn.into(),
            result,
            score,
        }
    }

    #[test]
    fn everyone_gets_the_session_result_unless_they_have_their_own() {
        let s = session(
            &["KZ1", "KZ2", "KZ3"],
            vec![
                own("kz2 ", Some(Outcome::Fail), Some(41.0)),
                own("KZ3", None, Some(95.0)),
            ],
        );
        let got: Vec<_> = s
            .entries()
            .unwrap()
            .into_iter()
            .map(|e| (e.service_number, e.result, e.score, e.hours))
            .collect();
        assert_eq!(
            got,
            vec![
                ("KZ1".into(), Outcome::Pass, Some(88.0), Some(4.0)),
                ("KZ2".into(), Outcome::Fail, Some(41.0), Some(4.0)),
                ("KZ3".into(), Outcome::Pass, Some(95.0), Some(4.0)),
            ]
        );
    }

    #[test]
    fn an_individual_result_for_someone_absent_refuses_the_session() {
        let s = session(&["KZ1"], vec![own("KZ9", Some(Outcome::Fail), None)]);
        let e = s.entries().unwrap_err().to_string();
        assert!(
            e.contains("KZ9") && e.contains("not among the attendees"),
            "{e}"
        );
    }

    #[test]
    fn two_individual_results_for_one_person_refuse_the_session() {
        let s = session(
            &["KZ1"],
            vec![
                own("KZ1", Some(Outcome::Fail), None),
                own("kz1", Some(Outcome::Pass), None),
            ],
        );
        let e = s.entries().unwrap_err().to_string();
        assert!(e.contains("two individual results"), "{e}");
    }
}
