//! A received bundle's values, held to the rules typed and imported values keep. A bundle
//! made by Muster only carries values its own checks let in; a signed bundle that carries
//! another (made by hand with a trusted key, or by a faulty build) would put it into the
//! records for good, since records are never deleted: a training day of 30.02 or
//! `16.11.2026` makes that soldier's history, the report and every export fail to read; a
//! stamp from the year 3000 wins every later edit on every laptop; a service number with a
//! space around it is a second soldier no file can name. So `open` refuses such a bundle
//! whole, naming the record, the field and the value, before anything is read.
//!
//! Each value is checked by what its field is, wherever it appears (a record's column, or
//! a column of an edit of details), so a field carried in a new place is checked too.

use chrono::{DateTime, NaiveDate};
use serde::Serialize;
use serde_json::Value;

use crate::dates;
pub use crate::problem::ValueRule;
use crate::store::{details::Edit, SyncAttempt, SyncRecords, SyncVoiding};
use crate::text;

/// Where a value that breaks its rule was found.
#[derive(Debug, Clone, PartialEq)]
pub struct BadValue {
    /// The kind of record (`attempts`, `people` …).
    pub kind: &'static str,
    /// The record's place in its list, from 1.
    pub index: usize,
    pub field: String,
    pub value: String,
    pub rule: ValueRule,
}

/// The clock a bundle is judged by: today, and the latest stamp accepted.
#[derive(Debug, Clone, Copy)]
pub struct Clock {
    pub today: NaiveDate,
    pub now_ms: i64,
}

impl Clock {
    pub fn now() -> Clock {
        Clock {
            today: dates::today(),
            now_ms: chrono::Utc::now().timestamp_millis(),
        }
    }

    /// A day of slack for time zones and clocks a little apart.
    fn latest_day(self) -> NaiveDate {
        self.today.succ_opt().unwrap_or(self.today)
    }

    fn latest_stamp(self) -> i64 {
        self.now_ms
            .saturating_add(24 * 3600 * 1000)
            .saturating_mul(1 << crate::store::COUNTER_BITS)
    }
}

/// The first value in `records` that Muster would not have written, if there is one.
pub fn first_bad(records: &SyncRecords, clock: Clock) -> Option<BadValue> {
    generic("contingents", &records.contingents, clock)
        .or_else(|| generic("modules", &records.modules, clock))
        .or_else(|| generic("people", &records.people, clock))
        .or_else(|| generic("assignments", &records.assignments, clock))
        .or_else(|| each("attempts", &records.attempts, |a| attempt(a, clock)))
        .or_else(|| each("voidings", &records.voidings, |v| voiding(v, clock)))
        .or_else(|| generic("validations", &records.validations, clock))
        .or_else(|| each("detail_edits", &records.detail_edits, |e| edit(e, clock)))
}

type Found = Option<(String, String, ValueRule)>;

fn each<T>(kind: &'static str, list: &[T], check: impl Fn(&T) -> Found) -> Option<BadValue> {
    list.iter().enumerate().find_map(|(i, r)| {
        check(r).map(|(field, value, rule)| BadValue {
            kind,
            index: i + 1,
            field,
            value,
            rule,
        })
    })
}

/// Records of which a bundle holds a few thousand at most: each column checked by name.
fn generic<T: Serialize>(kind: &'static str, list: &[T], clock: Clock) -> Option<BadValue> {
    each(kind, list, |r| match serde_json::to_value(r) {
        Ok(Value::Object(m)) => m
            .iter()
            .find_map(|(k, v)| column(k, v, clock).map(|rule| (k.clone(), shown(v), rule))),
        _ => None,
    })
}

/// The attempts, which a bundle holds hundreds of thousands of: checked field by field,
/// without building a map of each.
fn attempt(a: &SyncAttempt, clock: Clock) -> Found {
    let bad = |field: &str, value: &str, rule| Some((field.to_string(), value.to_string(), rule));
    if uuid::Uuid::parse_str(&a.id).is_err() {
        return bad("id", &a.id, ValueRule::RecordId);
    }
    if let Some(s) = &a.supersedes {
        if uuid::Uuid::parse_str(s).is_err() {
            return bad("supersedes", s, ValueRule::RecordId);
        }
    }
    match day(&a.date) {
        None => return bad("date", &a.date, ValueRule::Date),
        Some(d) if d > clock.latest_day() => return bad("date", &a.date, ValueRule::PastDate),
        Some(_) => {}
    }
    if !tidy_code(&a.person, true) {
        return bad("person", &a.person, ValueRule::Tidy);
    }
    if !tidy_code(&a.module, false) {
        return bad("module", &a.module, ValueRule::Tidy);
    }
    if !matches!(a.result.as_str(), "pass" | "fail") {
        return bad("result", &a.result, ValueRule::OneOf);
    }
    if a.score.is_some_and(|s| !(0.0..=100.0).contains(&s)) {
        return bad("score", &format!("{:?}", a.score), ValueRule::InRange);
    }
    if a.hours.is_some_and(|h| !(0.0..=10_000.0).contains(&h)) {
        return bad("hours", &format!("{:?}", a.hours), ValueRule::InRange);
    }
    if !timestamp(&a.recorded_at) {
        return bad("recorded_at", &a.recorded_at, ValueRule::Timestamp);
    }
    if a.hlc.is_some_and(|h| !stamp_ok(h, clock)) {
        return bad("hlc", &format!("{:?}", a.hlc), ValueRule::Stamp);
    }
    None
}

fn voiding(v: &SyncVoiding, clock: Clock) -> Found {
    let bad = |field: &str, value: &str, rule| Some((field.to_string(), value.to_string(), rule));
    if uuid::Uuid::parse_str(&v.attempt_id).is_err() {
        return bad("attempt_id", &v.attempt_id, ValueRule::RecordId);
    }
    if !timestamp(&v.voided_at) {
        return bad("voided_at", &v.voided_at, ValueRule::Timestamp);
    }
    if v.hlc.is_some_and(|h| !stamp_ok(h, clock)) {
        return bad("hlc", &format!("{:?}", v.hlc), ValueRule::Stamp);
    }
    None
}

/// An edit of details: its own fields, then each column of the value it sets.
fn edit(e: &Edit, clock: Clock) -> Found {
    let bad = |field: &str, value: String, rule| Some((field.to_string(), value, rule));
    if uuid::Uuid::parse_str(&e.id).is_err() {
        return bad("id", e.id.clone(), ValueRule::RecordId);
    }
    if !stamp_ok(e.hlc, clock) {
        return bad("hlc", e.hlc.to_string(), ValueRule::Stamp);
    }
    if !timestamp(&e.edited_at) {
        return bad("edited_at", e.edited_at.clone(), ValueRule::Timestamp);
    }
    if let Ok(Value::Object(m)) = serde_json::from_str::<Value>(&e.value) {
        for (k, v) in &m {
            if let Some(rule) = column(k, v, clock) {
                return bad(&format!("value.{k}"), shown(v), rule);
            }
        }
    }
    None
}

/// The rule a column named `name` keeps, wherever it is carried; None when `v` keeps it.
fn column(name: &str, v: &Value, clock: Clock) -> Option<ValueRule> {
    let s = v.as_str();
    let ok = match name {
        "training_start" | "deploy_on" | "as_of" => s.and_then(day).is_some(),
        "created_at" | "updated_at" | "archived_at" | "retired_at" | "recorded_at"
        | "voided_at" | "assigned_at" | "ended_at" | "edited_at" => {
            v.is_null() || s.is_some_and(timestamp)
        }
        "hlc" | "ended_hlc" => v.is_null() || v.as_i64().is_some_and(|h| stamp_ok(h, clock)),
        "service_number" | "person" => s.is_some_and(|s| tidy_code(s, true)),
        "code" | "contingent" | "module" => s.is_some_and(|s| tidy_code(s, false)),
        "family_name" | "given_name" => s.is_some_and(|s| !s.is_empty() && tidy(s)),
        "patronymic" => v.is_null() || s.is_some_and(tidy),
        "category" => matches!(s, Some("officer" | "nco" | "enlisted")),
        "gender" => matches!(s, Some("F" | "M")),
        "decision" => matches!(s, Some("validated" | "not-validated")),
        "per_rotation" => matches!(v.as_i64(), Some(0 | 1)),
        "tour_months" => v.as_i64().is_some_and(|n| (1..=36).contains(&n)),
        "validity_months" => v.is_null() || v.as_i64().is_some_and(|n| (1..=600).contains(&n)),
        "pass_mark" | "score" => {
            v.is_null() || v.as_f64().is_some_and(|n| (0.0..=100.0).contains(&n))
        }
        "hours" => v.as_f64().is_some_and(|n| (0.0..=10_000.0).contains(&n)),
        _ => true,
    };
    if ok {
        return None;
    }
    Some(match name {
        "training_start" | "deploy_on" | "as_of" => ValueRule::Date,
        "hlc" | "ended_hlc" => ValueRule::Stamp,
        "category" | "gender" | "decision" | "per_rotation" => ValueRule::OneOf,
        "tour_months" | "validity_months" | "pass_mark" | "score" | "hours" => ValueRule::InRange,
        n if n.ends_with("_at") => ValueRule::Timestamp,
        _ => ValueRule::Tidy,
    })
}

/// A calendar day as stored: exactly yyyy-mm-dd, from 1970.
fn day(s: &str) -> Option<NaiveDate> {
    let d = dates::from_iso_bytes(s.as_bytes())?;
    (dates::iso(d) == s && d >= NaiveDate::from_ymd_opt(1970, 1, 1)?).then_some(d)
}

fn timestamp(s: &str) -> bool {
    DateTime::parse_from_rfc3339(s).is_ok()
}

fn stamp_ok(h: i64, clock: Clock) -> bool {
    (0..=clock.latest_stamp()).contains(&h)
}

/// Names as `text::clean` leaves them: no space around or doubled, NFC.
fn tidy(s: &str) -> bool {
    text::clean(crate::field::Field::FamilyName, s).is_ok_and(|c| c == s)
}

/// A service number or a code as typed ones are kept: tidy, not empty, and a service number
/// without any space.
fn tidy_code(s: &str, service_number: bool) -> bool {
    !s.is_empty() && tidy(s) && !(service_number && s.contains(char::is_whitespace))
}

/// A value as the refusal shows it: a string as it is, anything else as JSON.
fn shown(v: &Value) -> String {
    match v {
        Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}
