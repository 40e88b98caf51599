//! What a receipt says when the sender's clock and this laptop's disagree. A bundle made
//! by a laptop whose clock runs ahead is taken (records pass through laptops whose clocks
//! differ), but its edits are stamped by that clock and count as later than any made here
//! until this laptop's clock catches up, and its training days may be after today here: a
//! person should hear of it and check the dates on both laptops.

use chrono::{DateTime, NaiveDate};
use serde::Serialize;

/// More than this, and the receipt says the sender's clock ran ahead.
const AHEAD_MS: i64 = 24 * 3600 * 1000;

/// The sender's clock against this laptop's.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct ClocksApart {
    /// Days (rounded) the bundle says it was made after this laptop's time (0 when not
    /// more than a day ahead).
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub sender_ahead_days: i64,
    /// Completion records dated after today on this laptop, and the latest of their days.
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub dated_later: u64,
    pub latest_day: Option<String>,
}

/// None when the clocks agree (within a day) and no record's `days` is after `today`.
/// `days` are those of the records new to this laptop (one already held was said when it
/// first arrived).
pub fn apart<'a>(
    made_at: &str,
    days: impl Iterator<Item = &'a str>,
    now_ms: i64,
    today: NaiveDate,
) -> Option<ClocksApart> {
    let made_ms = DateTime::parse_from_rfc3339(made_at)
        .map(|t| t.timestamp_millis())
        .unwrap_or(now_ms);
    let ahead = made_ms - now_ms;
    let sender_ahead_days = if ahead > AHEAD_MS {
        (ahead + AHEAD_MS / 2) / AHEAD_MS
    } else {
        0
    };
    let later: Vec<NaiveDate> = days
        .filter_map(|d| crate::dates::from_iso_bytes(d.as_bytes()))
        .filter(|d| *d > today)
        .collect();
    if sender_ahead_days == 0 && later.is_empty() {
        return None;
    }
    Some(ClocksApart {
        sender_ahead_days,
        dated_later: later.len() as u64,
        latest_day: later.iter().max().map(|d| crate::dates::iso(*d)),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn stamp(ms: i64) -> String {
        DateTime::from_timestamp_millis(ms)
            .unwrap()
            .format("%Y-%m-%dT%H:%M:%S%.3fZ")
            .to_string()
    }

    #[test]
    fn a_sender_a_day_or_more_ahead_or_records_after_today_are_said() {
        let now = 1_780_000_000_000;
        let today = DateTime::from_timestamp_millis(now).unwrap().date_naive();
        let none = || std::iter::empty::<&str>();
        let day = 24 * 3600 * 1000;
        // Within a day either way, or behind by any: nothing to say.
        assert_eq!(apart(&stamp(now + day - 1), none(), now, today), None);
        assert_eq!(apart(&stamp(now - 30 * day), none(), now, today), None);
        let said = apart(&stamp(now + day + 1), none(), now, today).unwrap();
        assert_eq!((said.sender_ahead_days, said.dated_later), (1, 0));
        let said = apart(&stamp(now + 300 * day + 5), none(), now, today).unwrap();
        assert_eq!(said.sender_ahead_days, 300);
        // A record dated after today here, from a sender whose clock agrees.
        let tomorrow = crate::dates::iso(today.succ_opt().unwrap());
        let days = [tomorrow.clone(), crate::dates::iso(today)];
        let said = apart(&stamp(now), days.iter().map(String::as_str), now, today).unwrap();
        assert_eq!(
            (said.sender_ahead_days, said.dated_later, said.latest_day),
            (0, 1, Some(tomorrow))
        );
    }
}
