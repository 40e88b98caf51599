//! Dates as training offices write them, and calendar-month arithmetic for validity.

use std::time::{Duration, Instant};

use chrono::{Months, NaiveDate};

use crate::error::{Problem, Result};
use crate::field::Field;

/// Accepts ISO `2021-04-12` and the Russian/Kazakh office form `12.04.2021`.
/// Slashed forms (`04/12/2021`) are refused: day and month cannot be told apart safely.
pub fn parse(s: &str) -> Result<NaiveDate> {
    let t = s.trim();
    if t.is_empty() {
        return Err(Problem::empty(Field::Date).into());
    }
    // Only a date written with slashes is ambiguous; other text with a slash in it (a
    // unit's "в/ч 95555" pasted into the field) is simply not a date.
    if t.contains('/') && t.bytes().all(|c| c.is_ascii_digit() || c == b'/') {
        return Err(Problem::DateAmbiguous {
            value: t.to_string().into(),
        }
        .into());
    }
    let b = t.as_bytes();
    let ymd = match b {
        [_, _, _, _, b'-', _, _, b'-', _, _] => digits(&b[0..4])
            .zip(digits(&b[5..7]))
            .zip(digits(&b[8..10]))
            .map(|((y, m), d)| (y, m, d)),
        [_, _, b'.', _, _, b'.', _, _, _, _] => digits(&b[6..10])
            .zip(digits(&b[3..5]))
            .zip(digits(&b[0..2]))
            .map(|((y, m), d)| (y, m, d)),
        _ => None,
    };
    let Some((y, m, d)) = ymd else {
        return Err(Problem::DateFormat {
            value: t.to_string().into(),
        }
        .into());
    };
    NaiveDate::from_ymd_opt(y as i32, m, d).ok_or_else(|| {
        Problem::DateNotInCalendar {
            value: t.to_string().into(),
        }
        .into()
    })
}

fn digits(b: &[u8]) -> Option<u32> {
    b.iter().try_fold(0u32, |acc, &c| {
        c.is_ascii_digit().then(|| acc * 10 + (c - b'0') as u32)
    })
}

/// The stored form of a date, `YYYY-MM-DD`, without chrono's general formatter (this runs
/// once per imported row).
pub fn iso(d: NaiveDate) -> String {
    use chrono::Datelike;
    let mut s = String::with_capacity(10);
    let (y, m, day) = (d.year(), d.month(), d.day());
    for v in [y / 1000 % 10, y / 100 % 10, y / 10 % 10, y % 10] {
        s.push((b'0' + v as u8) as char);
    }
    s.push('-');
    s.push((b'0' + (m / 10) as u8) as char);
    s.push((b'0' + (m % 10) as u8) as char);
    s.push('-');
    s.push((b'0' + (day / 10) as u8) as char);
    s.push((b'0' + (day % 10) as u8) as char);
    s
}

/// Reads a stored `YYYY-MM-DD` date.
pub fn from_iso_bytes(b: &[u8]) -> Option<NaiveDate> {
    match b {
        [_, _, _, _, b'-', _, _, b'-', _, _] => NaiveDate::from_ymd_opt(
            digits(&b[0..4])? as i32,
            digits(&b[5..7])?,
            digits(&b[8..10])?,
        ),
        _ => None,
    }
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

/// `today()`, asked of the clock and time zone at most once a second per thread: an
/// import checks a date on every row, and the time-zone lookup cost more than the check.
fn today_for_checks() -> NaiveDate {
    use std::cell::Cell;
    thread_local! {
        static CACHED: Cell<Option<(Instant, NaiveDate)>> = const { Cell::new(None) };
    }
    CACHED.with(|c| {
        still_today(c.get(), Instant::now()).unwrap_or_else(|| {
            let day = today();
            c.set(Some((Instant::now(), day)));
            day
        })
    })
}

/// The day cached at `at`, while it is less than a second old at `now`; after that the
/// clock is asked again, so a check run just after midnight judges by the new day.
fn still_today(cached: Option<(Instant, NaiveDate)>, now: Instant) -> Option<NaiveDate> {
    cached.and_then(|(at, day)| (now.duration_since(at) < Duration::from_secs(1)).then_some(day))
}

/// A timestamp for `recorded_at` and the audit log: UTC, to the millisecond.
pub fn now_utc() -> String {
    chrono::Utc::now()
        .format("%Y-%m-%dT%H:%M:%S%.3fZ")
        .to_string()
}

/// A training date must be a real day that has already happened.
pub fn check_training_date(d: NaiveDate) -> Result<NaiveDate> {
    if d > today_for_checks() {
        return Err(Problem::DateInFuture {
            date: d.to_string(),
        }
        .into());
    }
    if d < NaiveDate::from_ymd_opt(1970, 1, 1).expect("valid") {
        return Err(Problem::DateBefore1970 {
            date: d.to_string(),
        }
        .into());
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
        // Text with a slash that is no slashed date is not "ambiguous": it is no date.
        for text in [
            "КАЗБРИГ, в/ч 9555505.09.2026",
            "n/a",
            "05.09.2026 / 06.09.2026",
        ] {
            let e = parse(text).unwrap_err().to_string();
            assert!(!e.contains("ambiguous"), "{text}: {e}");
        }
        assert!(parse("31.02.2021")
            .unwrap_err()
            .to_string()
            .contains("does not exist"));
    }

    #[test]
    fn stored_form_round_trips() {
        for s in ["2021-02-28", "0999-01-01", "2024-02-29", "1970-12-31"] {
            let date = from_iso_bytes(s.as_bytes()).unwrap();
            assert_eq!(iso(date), s);
            assert_eq!(iso(date), date.format("%Y-%m-%d").to_string());
        }
        assert_eq!(from_iso_bytes(b"2021-02-30"), None);
        assert_eq!(from_iso_bytes(b"2021-2-28x"), None);
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
        assert_eq!(
            check_training_date(tomorrow).unwrap_err().problem(),
            Problem::DateInFuture {
                date: tomorrow.to_string()
            }
        );
        assert_eq!(check_training_date(today()).unwrap(), today());
    }

    #[test]
    fn today_is_the_date_on_the_wall() {
        // Worked out apart from chrono's clock: whole days since 1970 by the system clock
        // (UTC), which the local date differs from by at most one day (time zones span
        // UTC−12 to UTC+14).
        let secs = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .unwrap()
            .as_secs();
        let utc = d(1970, 1, 1) + chrono::Days::new(secs / 86_400);
        let t = today();
        assert!((t - utc).num_days().abs() <= 1, "today {t}, UTC {utc}");
        assert_eq!(today_for_checks(), today());
    }

    #[test]
    fn todays_date_is_asked_again_once_a_second_old() {
        use std::time::{Duration, Instant};
        let at = Instant::now();
        let day = d(2026, 12, 3);
        let after = |ms| at + Duration::from_millis(ms);
        assert_eq!(still_today(None, at), None);
        assert_eq!(still_today(Some((at, day)), at), Some(day));
        assert_eq!(still_today(Some((at, day)), after(999)), Some(day));
        assert_eq!(still_today(Some((at, day)), after(1_000)), None);
        assert_eq!(still_today(Some((at, day)), after(86_400_000)), None);
    }

    #[test]
    fn timestamps_are_utc_to_the_millisecond() {
        let before = chrono::Utc::now();
        let s = now_utc();
        let after = chrono::Utc::now();
        // `2026-12-03T12:07:07.123Z`: fixed width, so stored stamps sort as text in time order.
        assert_eq!(s.len(), 24, "{s}");
        let b = s.as_bytes();
        assert_eq!(
            [b[4], b[7], b[10], b[13], b[16], b[19], b[23]],
            *b"--T::.Z",
            "{s}"
        );
        let at = chrono::NaiveDateTime::parse_from_str(&s, "%Y-%m-%dT%H:%M:%S%.3fZ")
            .unwrap()
            .and_utc();
        let ms = |t: chrono::DateTime<chrono::Utc>| t.timestamp_millis();
        assert!(
            ms(before) <= ms(at) && ms(at) <= ms(after),
            "{before} {s} {after}"
        );
    }

    #[test]
    fn training_dates_start_in_1970() {
        assert_eq!(check_training_date(d(1970, 1, 1)).unwrap(), d(1970, 1, 1));
        let e = check_training_date(d(1969, 12, 31)).unwrap_err();
        assert_eq!(
            e.problem(),
            Problem::DateBefore1970 {
                date: "1969-12-31".into()
            }
        );
    }
}
