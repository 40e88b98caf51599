//! Checks on what a user enters, shared by every way in (command line, import, app), so
//! the same value is accepted or refused the same way everywhere.

use crate::dates;
use crate::domain::{Module, NewAttempt, Outcome, Person};
use crate::error::{Problem, Result};
use crate::field::Field;
use crate::text;

/// A score is a percentage. One between 0 and 1 (not 0) is a fraction: Excel stores a
/// cell shown as 85 % as 0.85, and a score of 0.85 out of 100 is no one's.
pub fn score(v: f64) -> Result<f64> {
    if !(0.0..=100.0).contains(&v) || v.is_nan() {
        return Err(Problem::out_of_range(Field::Score, v, 0, 100).into());
    }
    if v > 0.0 && v < 1.0 {
        let percent = (v * 1000.0).round() / 10.0;
        return Err(Problem::ScoreAsFraction {
            value: v.to_string(),
            percent: percent.to_string(),
        }
        .into());
    }
    Ok(v)
}

/// A score (checked by `checks::score`): a number, or a percentage as a spreadsheet shows
/// one (`85%`, `84,5 %`; a workbook's cell formatted as a percentage reads so).
pub fn score_text(s: &str) -> Result<Option<f64>> {
    match s.trim().strip_suffix('%') {
        Some(n) => match number_text(Field::Score, n)? {
            Some(v) if v > 0.0 && v < 1.0 => Err(Problem::ScoreUnderOnePercent {
                value: s.trim().to_string(),
                percent: ((v * 1000.0).round() / 10.0).to_string(),
            }
            .into()),
            Some(v) => score(v).map(Some),
            None => Err(Problem::NotANumber {
                field: Field::Score,
                value: s.trim().to_string().into(),
            }
            .into()),
        },
        None => number_text(Field::Score, s)?.map(score).transpose(),
    }
}

/// A number as Excel on a Russian-locale machine writes it: `84,5` as well as `84.5`.
pub fn number_text(field: Field, s: &str) -> Result<Option<f64>> {
    if let Ok(v) = s.parse::<f64>() {
        if v.is_finite() {
            return Ok(Some(v));
        }
    }
    let t = s.trim().replace(',', ".").replace(['\u{a0}', ' '], "");
    if t.is_empty() {
        return Ok(None);
    }
    t.parse::<f64>()
        .ok()
        .filter(|v| v.is_finite())
        .map(Some)
        .ok_or_else(|| {
            Problem::NotANumber {
                field,
                value: s.trim().to_string().into(),
            }
            .into()
        })
}

/// Hours of instruction in one session.
pub fn hours(v: f64) -> Result<f64> {
    if !(0.0..=1000.0).contains(&v) || v.is_nan() {
        return Err(Problem::out_of_range(Field::Hours, v, 0, 1000).into());
    }
    Ok(v)
}

/// A completion record ready to be saved: cleaned text, a past date, sane numbers, and a
/// result that agrees with the module's pass mark.
pub fn attempt(a: &NewAttempt, module: &Module) -> Result<NewAttempt> {
    checked(a, module, true, true)
}

/// A correction, checked as a new record but for what it leaves as it was: a day kept is
/// not refused as in the future (a record received from a laptop whose clock ran ahead
/// can still have its instructor put right), and a result and score kept are not held to
/// a pass mark raised since (the help promises records keep the result they were entered
/// with, and they can still be corrected).
pub fn correction(
    a: &NewAttempt,
    module: &Module,
    keeps_date: bool,
    keeps_result: bool,
) -> Result<NewAttempt> {
    checked(a, module, !keeps_date, !keeps_result)
}

fn checked(
    a: &NewAttempt,
    module: &Module,
    date_now: bool,
    pass_mark_now: bool,
) -> Result<NewAttempt> {
    if date_now {
        dates::check_training_date(a.date)?;
    }
    let score = a.score.map(score).transpose()?;
    let hours = a.hours.map(hours).transpose()?;
    if let (true, Some(mark), Some(s), Outcome::Pass) =
        (pass_mark_now, module.pass_mark, score, a.result)
    {
        if s < mark {
            return Err(Problem::BelowPassMark {
                score: s.to_string(),
                mark: mark.to_string(),
                module: module.code.clone(),
            }
            .into());
        }
    }
    if module.retired {
        return Err(Problem::ModuleRetired {
            module: module.code.clone(),
        }
        .into());
    }
    Ok(NewAttempt {
        service_number: text::service_number(&a.service_number)?,
        module: module.code.clone(),
        score,
        hours,
        instructor: text::free_text(Field::Instructor, &a.instructor)?,
        notes: text::free_text(Field::Notes, &a.notes)?,
        ..a.clone()
    })
}

/// A person from a roster or a form, cleaned.
pub fn person(p: &Person) -> Result<Person> {
    Ok(Person {
        service_number: text::service_number(&p.service_number)?,
        family_name: text::required(Field::FamilyName, &p.family_name)?,
        given_name: text::required(Field::GivenName, &p.given_name)?,
        patronymic: match &p.patronymic {
            Some(v) => text::optional(Field::Patronymic, v)?,
            None => None,
        },
        rank: text::free_text(Field::Rank, &p.rank)?,
        role: text::free_text(Field::Role, &p.role)?,
        unit: text::free_text(Field::Unit, &p.unit)?,
        ..p.clone()
    })
}

/// Warnings that do not block saving a person but deserve a look.
pub fn person_warnings(p: &Person) -> Vec<(Field, Problem)> {
    let mut w = Vec::new();
    for (field, v) in [
        (Field::FamilyName, Some(&p.family_name)),
        (Field::GivenName, Some(&p.given_name)),
        (Field::Patronymic, p.patronymic.as_ref()),
    ] {
        if v.is_some_and(|v| text::mixes_scripts(v)) {
            w.push((
                field,
                Problem::MixedScripts {
                    field,
                    value: v.map(Into::into).unwrap_or_default(),
                },
            ));
        }
        // A name has no question mark; a lost letter does (Windows-1251 has no Kazakh ones).
        if v.is_some_and(|v| v.contains('?') && v.chars().any(char::is_alphabetic)) {
            w.push((
                field,
                Problem::LettersLost {
                    field,
                    value: v.map(Into::into).unwrap_or_default(),
                },
            ));
        }
    }
    w
}

/// A module code not in the curriculum, with the code it looks like when there is one
/// (Cyrillic letters typed for Latin ones that look the same: `ЅЕА`, `КINPOT`).
pub fn module_not_found<'a>(typed: &str, codes: impl Iterator<Item = &'a String>) -> Problem {
    let wanted = text::lookalike::skeleton_of(&typed.trim().to_uppercase());
    match codes
        .into_iter()
        .find(|c| text::lookalike::skeleton_of(c) == wanted)
    {
        Some(code) => Problem::ModuleLooksLike {
            module: crate::problem::Shown::new(typed.trim()),
            existing: crate::problem::Shown::new(code),
        },
        None => Problem::ModuleNotInCurriculum {
            module: typed.into(),
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// 0 and whole percentages pass; a fraction between 0 and 1 (a cell formatted 85 %,
    /// which Excel stores as 0.85) is refused saying what to write instead; the range holds.
    #[test]
    fn a_score_is_a_percentage_and_a_fraction_is_refused_saying_what_to_write() {
        for ok in [0.0, 1.0, 1.5, 70.0, 84.5, 100.0] {
            assert_eq!(score(ok).unwrap(), ok);
        }
        let e = score(0.85).unwrap_err();
        assert_eq!(
            e.problem(),
            Problem::ScoreAsFraction {
                value: "0.85".into(),
                percent: "85".into()
            }
        );
        assert_eq!(
            e.to_string(),
            "score 0.85 is a fraction, but a score is a percentage: write 85 (a spreadsheet cell shown as 85 % holds 0.85)"
        );
        assert!(
            matches!(score(0.055).unwrap_err().problem(), Problem::ScoreAsFraction { percent, .. } if percent == "5.5")
        );
        assert!(score(100.5).is_err() && score(-1.0).is_err() && score(f64::NAN).is_err());
    }
}
