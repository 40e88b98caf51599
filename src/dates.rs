//! Dates as training offices write them, and calendar-month arithmetic for validity.

use chrono::{Months, NaiveDate};

use crate::error::{Error, Result};

/// Accepts ISO `2021-04-12` and the Russian/Kazakh office form `12.04.2021`.
/// Slashed forms (`04/12/2021`) are refused: day and month cannot be told apart safely.
pub fn parse(s: &str) -> Result<NaiveDate> {
    let t = s.trim();
    if t.is_empty() {
        return Err(Error::invalid("date is empty"));
    }
    let parsed = if t.contains('/') {
        return Err(Error::invalid(format!(
            "date {t:?} is ambiguous (day/month or month/day?): write it as dd.mm.yyyy or yyyy-mm-dd"
        )));
    } else if t.len() == 10 && t.as_bytes()[4] == b'-' {
        NaiveDate::parse_from_str(t, "%Y-%m-%d")
    } else if t.len() == 10 && t.as_bytes()[2] == b'.' && t.as_bytes()[5] == b'.' {
        NaiveDate::parse_from_str(t, "%d.%m.%Y")
    } else {
        return Err(Error::invalid(format!(
            "date {t:?} is not dd.mm.yyyy or yyyy-mm-dd"
        )));
    };
    parsed.map_err(|_| Error::invalid(format!("date {t:?} does not exist in the calendar")))
}

/// Calendar months, clamped to the month's end: 31 Jan + 1 month = 28/29 Feb.
pub fn add_months(d: NaiveDate, months: u32) -> NaiveDate {
    d.checked_add_months(Months::new(months))
        .unwrap_or(NaiveDate::MAX)
}

/// Today in the local calendar: an officer's "today" is the date on the wall.
pub fn today() -> NaiveDate {
    chrono::Local::now().date_naive()
}

/// A timestamp for `recorded_at` and the audit log: UTC, to the millisecond.
pub fn now_utc() -> String {
    chrono::Utc::now()
        .format("%Y-%m-%dT%H:%M:%S%.3fZ")
        .to_string()
}

/// A training date must be a real day that has already happened.
pub fn check_training_date(d: NaiveDate) -> Result<NaiveDate> {
    if d > today() {
        return Err(Error::invalid(format!("date {d} is in the future")));
    }
    if d < NaiveDate::from_ymd_opt(1970, 1, 1).expect("valid") {
        return Err(Error::invalid(format!("date {d} is before 1970")));
    }
    Ok(d)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    #[test]
    fn office_and_iso_forms() {
        assert_eq!(parse("15.02.2021").unwrap(), d(2021, 2, 15));
        assert_eq!(parse(" 2021-04-12 ").unwrap(), d(2021, 4, 12));
    }

    #[test]
    fn refuses_what_it_cannot_read_safely() {
        for bad in [
            "",
            "04/12/2021",
            "31.02.2021",
            "2021-13-01",
            "1.2.2021",
            "yesterday",
        ] {
            let e = parse(bad).unwrap_err().to_string();
            assert!(e.contains("date"), "{bad}: {e}");
        }
        assert!(parse("04/12/2021")
            .unwrap_err()
            .to_string()
            .contains("ambiguous"));
        assert!(parse("31.02.2021")
            .unwrap_err()
            .to_string()
            .contains("does not exist"));
    }

    #[test]
    fn month_ends_clamp() {
        assert_eq!(add_months(d(2021, 1, 31), 1), d(2021, 2, 28));
        assert_eq!(add_months(d(2024, 1, 31), 1), d(2024, 2, 29));
        assert_eq!(add_months(d(2020, 2, 29), 12), d(2021, 2, 28));
        assert_eq!(add_months(d(2021, 3, 15), 36), d(2024, 3, 15));
    }

    #[test]
    fn future_training_dates_are_refused() {
        let tomorrow = today().succ_opt().unwrap();
        assert!(check_training_date(tomorrow).is_err());
        assert!(check_training_date(today()).is_ok());
    }
}
