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
use crate::store::details::{Edit, Entity};
use crate::store::{SyncAttempt, SyncRecords, SyncVoiding};
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

/// The clock a bundle's values are judged by: this laptop's. A bundle may carry records
/// stamped later than it was made: a laptop passes on what it received from one whose
/// clock runs ahead, and its own stamps run on from the largest it holds (a hybrid clock).
/// So only a day or a stamp more than a year past this laptop's clock is refused (a clock
/// set a day, a month wrong is a field laptop's life; a stamp from the year 3000 is not).
/// Judged by the receiver's clock, not the sender's: what a laptop takes it passes on, so
/// it takes nothing a laptop whose clock is right would refuse from it (judged by the
/// bundle's time, a laptop took stamps from one 200 days ahead that ran 400 days ahead,
/// and every bundle it made after was refused by the others). The receipt says when the
/// sender's clock ran ahead (`ClocksApart`). How far a bundle's own time may run ahead of
/// this laptop's clock is `made_at_ok`'s question.
#[derive(Debug, Clone, Copy)]
pub struct Clock {
    pub today: NaiveDate,
    pub now_ms: i64,
}

/// A year: how far a bundle may say it was made after this laptop's time (a clock set a
/// day, a month wrong is a field laptop's life; a stamp from the year 3000 is not).
const CLOCKS_APART_MS: i64 = 366 * 24 * 3600 * 1000;

impl Clock {
    pub fn now() -> Clock {
        Clock {
            today: dates::today(),
            now_ms: chrono::Utc::now().timestamp_millis(),
        }
    }

    /// The clock of a bundle made at `made_at` (a UTC time as Muster writes it).
    pub fn of_bundle(made_at: &str) -> Option<Clock> {
        let t = DateTime::parse_from_rfc3339(made_at).ok()?;
        Some(Clock {
            today: t.date_naive(),
            now_ms: t.timestamp_millis(),
        })
    }

    /// A bundle's own time is a UTC time no more than a year after this laptop's.
    pub fn made_at_ok(made_at: &str, here: Clock) -> bool {
        timestamp(made_at)
            && Clock::of_bundle(made_at)
                .is_some_and(|c| c.now_ms <= here.now_ms.saturating_add(CLOCKS_APART_MS))
    }

    /// A year of slack: for a clock set wrong on some laptop the records passed through.
    fn latest_day(self) -> NaiveDate {
        self.today
            .checked_add_days(chrono::Days::new(366))
            .unwrap_or(self.today)
    }

    fn latest_stamp(self) -> i64 {
        self.now_ms
            .saturating_add(CLOCKS_APART_MS)
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
        .or_else(|| each("validations", &records.validations, frozen))
        .or_else(|| each("detail_edits", &records.detail_edits, |e| edit(e, clock)))
        .or_else(|| each("imports", &records.imports, import))
        .or_else(|| {
            each("audit", &records.audit, |a| {
                (!timestamp(&a.at)).then(|| ("at".to_string(), a.at.clone(), ValueRule::Timestamp))
            })
        })
}

/// A decision's frozen report: one Muster wrote, whose hash is the one it carries (a
/// decision over anything else would leave `report` and `validations` unable to read it).
fn frozen(v: &crate::store::SyncValidation) -> Found {
    let ok = crate::report::from_json(&v.report_json).is_ok_and(|r| {
        crate::report::sha256_hex(&crate::report::canonical_json(&r)) == v.report_sha256
    });
    (!ok).then(|| {
        (
            "report_json".to_string(),
            crate::problem::shown(&v.report_json, 40),
            ValueRule::Report,
        )
    })
}

/// An import of the history: its times, and its undoing given whole.
fn import(i: &crate::store::SyncImport) -> Found {
    let f = &i.facts;
    let bad = |field: &str, value: &str, rule| Some((field.to_string(), value.to_string(), rule));
    if !timestamp(&f.imported_at) {
        return bad("imported_at", &f.imported_at, ValueRule::Timestamp);
    }
    if !matches!(f.kind.as_str(), "roster" | "completions") {
        return bad("kind", &f.kind, ValueRule::OneOf);
    }
    match (&f.undone_at, &f.undone_by) {
        (Some(at), Some(_)) if !timestamp(at) => bad("undone_at", at, ValueRule::Timestamp),
        (Some(at), None) => bad("undone_at", at, ValueRule::Whole),
        (None, Some(by)) => bad("undone_by", by, ValueRule::Whole),
        _ => None,
    }
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

/// Records of which a bundle holds a few thousand at most: each column checked by name,
/// then what goes together.
fn generic<T: Serialize>(kind: &'static str, list: &[T], clock: Clock) -> Option<BadValue> {
    each(kind, list, |r| match serde_json::to_value(r) {
        Ok(Value::Object(m)) => m
            .iter()
            .find_map(|(k, v)| column(k, v, clock).map(|rule| (k.clone(), shown_as(k, v), rule)))
            .or_else(|| together(&m)),
        _ => None,
    })
}

/// What must go together in one record (or one edit's group): both or neither of a pair,
/// an end not before its start.
fn together(m: &serde_json::Map<String, Value>) -> Found {
    let given = |k: &str| m.get(k).is_some_and(|v| !v.is_null());
    for (a, b) in [
        ("archived_at", "archived_by"),
        ("ended_at", "ended_by"),
        ("undone_at", "undone_by"),
    ] {
        if m.contains_key(a) && given(a) != given(b) {
            let k = if given(a) { a } else { b };
            return Some((k.to_string(), shown(&m[k]), ValueRule::Whole));
        }
    }
    let text = |k: &str| m.get(k).and_then(Value::as_str);
    if let (Some(start), Some(end)) = (text("training_start"), text("deploy_on")) {
        if end < start {
            return Some(("deploy_on".into(), end.into(), ValueRule::Whole));
        }
    }
    if let (Some(start), Some(end)) = (text("assigned_at"), text("ended_at")) {
        if end < start {
            return Some(("ended_at".into(), end.into(), ValueRule::Whole));
        }
    }
    None
}

/// The attempts, which a bundle holds hundreds of thousands of: checked field by field,
/// without building a map of each.
fn attempt(a: &SyncAttempt, clock: Clock) -> Found {
    let bad = |field: &str, value: &str, rule| Some((field.to_string(), value.to_string(), rule));
    if !record_id(&a.id) {
        return bad("id", &a.id, ValueRule::RecordId);
    }
    if let Some(s) = &a.supersedes {
        if !record_id(s) {
            return bad("supersedes", s, ValueRule::RecordId);
        }
    }
    // A correction gives its reason; a record that corrects nothing has none.
    let reason_fits = match &a.supersedes {
        Some(_) => a.reason.as_deref().is_some_and(|r| !r.trim().is_empty()),
        None => a.reason.is_none(),
    };
    if !reason_fits {
        return bad(
            "reason",
            a.reason.as_deref().unwrap_or(""),
            ValueRule::Whole,
        );
    }
    if a.recorded_by.trim().is_empty() {
        return bad("recorded_by", &a.recorded_by, ValueRule::Text);
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
    late_stamp(a.hlc, clock)
}

fn voiding(v: &SyncVoiding, clock: Clock) -> Found {
    let bad = |field: &str, value: &str, rule| Some((field.to_string(), value.to_string(), rule));
    if !record_id(&v.attempt_id) {
        return bad("attempt_id", &v.attempt_id, ValueRule::RecordId);
    }
    if v.reason.trim().is_empty() {
        return bad("reason", &v.reason, ValueRule::Text);
    }
    if v.voided_by.trim().is_empty() {
        return bad("voided_by", &v.voided_by, ValueRule::Text);
    }
    if !timestamp(&v.voided_at) {
        return bad("voided_at", &v.voided_at, ValueRule::Timestamp);
    }
    late_stamp(v.hlc, clock)
}

/// An edit of details: its own fields, then each column of the value it sets.
fn edit(e: &Edit, clock: Clock) -> Found {
    let bad = |field: &str, value: String, rule| Some((field.to_string(), value, rule));
    if !record_id(&e.id) {
        return bad("id", e.id.clone(), ValueRule::RecordId);
    }
    if let Some(late) = late_stamp(Some(e.hlc), clock) {
        return Some(late);
    }
    if !timestamp(&e.edited_at) {
        return bad("edited_at", e.edited_at.clone(), ValueRule::Timestamp);
    }
    // The edit names a group of columns of a row Muster has, and sets exactly those.
    let columns = Entity::parse(&e.entity).and_then(|entity| {
        entity
            .groups()
            .iter()
            .find(|(group, _)| *group == e.field)
            .map(|(_, columns)| *columns)
    });
    let Some(columns) = columns else {
        return bad(
            "field",
            format!("{}.{}", e.entity, e.field),
            ValueRule::Whole,
        );
    };
    let Ok(Value::Object(m)) = serde_json::from_str::<Value>(&e.value) else {
        return bad(
            "value",
            crate::problem::shown(&e.value, 40),
            ValueRule::Whole,
        );
    };
    if m.len() != columns.len() || columns.iter().any(|c| !m.contains_key(*c)) {
        return bad(
            "value",
            crate::problem::shown(&e.value, 40),
            ValueRule::Whole,
        );
    }
    for (k, v) in &m {
        if let Some(rule) = column(k, v, clock).or_else(|| text_column(k, v)) {
            return bad(&format!("value.{k}"), shown_as(k, v), rule);
        }
    }
    together(&m).map(|(k, v, rule)| (format!("value.{k}"), v, rule))
}

/// A text column set by an edit: text (or nothing where it may be empty) with no hidden
/// character, as a record's own columns are held by `hidden_text`.
fn text_column(name: &str, v: &Value) -> Option<ValueRule> {
    let optional = matches!(name, "patronymic" | "title_ru" | "title_kk" | "archived_by");
    let text = matches!(
        name,
        "name"
            | "mission"
            | "parent_unit"
            | "title"
            | "title_ru"
            | "title_kk"
            | "rank"
            | "role"
            | "unit"
            | "archived_by"
            | "applies_to"
    );
    if !text {
        return None;
    }
    match v {
        Value::Null if optional => None,
        Value::String(s) if s.chars().any(crate::chars::is_invisible) => Some(ValueRule::Hidden),
        Value::String(s) if s.trim().is_empty() && matches!(name, "name" | "mission" | "title") => {
            Some(ValueRule::Text)
        }
        Value::String(_) => None,
        _ => Some(ValueRule::Text),
    }
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
        "per_rotation" => matches!(v.as_i64(), Some(0 | 1)) || v.is_boolean(),
        "tour_months" => v.as_i64().is_some_and(|n| (1..=36).contains(&n)),
        "validity_months" => v.is_null() || v.as_i64().is_some_and(|n| (1..=600).contains(&n)),
        "pass_mark" | "score" => {
            v.is_null() || v.as_f64().is_some_and(|n| (0.0..=100.0).contains(&n))
        }
        "hours" => v.as_f64().is_some_and(|n| (0.0..=10_000.0).contains(&n)),
        "title" | "team" | "validator" | "recorded_by" | "created_by" | "assigned_by"
        | "voided_by" | "edited_by" => s.is_some_and(|s| !s.trim().is_empty()),
        "applies_to" => s.is_some_and(|s| {
            // Muster's categories, each once.
            let known = s
                .split(',')
                .all(|c| matches!(c, "officer" | "nco" | "enlisted"));
            let once = s
                .split(',')
                .collect::<std::collections::BTreeSet<_>>()
                .len()
                == s.split(',').count();
            s.is_empty() || (known && once)
        }),
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
        "title" | "team" | "validator" | "recorded_by" | "created_by" | "assigned_by"
        | "voided_by" | "edited_by" => ValueRule::Text,
        "applies_to" => ValueRule::OneOf,
        n if n.ends_with("_at") => ValueRule::Timestamp,
        _ => ValueRule::Tidy,
    })
}

/// A calendar day as stored: exactly yyyy-mm-dd (`from_iso_bytes` reads no other layout),
/// from 1970.
fn day(s: &str) -> Option<NaiveDate> {
    let d = dates::from_iso_bytes(s.as_bytes())?;
    (d >= NaiveDate::from_ymd_opt(1970, 1, 1)?).then_some(d)
}

/// A UTC time as Muster writes them (`…Z`), from 1970.
fn timestamp(s: &str) -> bool {
    let b = s.as_bytes();
    // 2026-12-05T18:58:28.123Z: a `T`, seconds below 60 (no leap second Muster writes).
    b.len() >= 20
        && b[10] == b'T'
        && s.get(17..19).is_some_and(|sec| sec < "60")
        && s.ends_with('Z')
        && DateTime::parse_from_rfc3339(s)
            .is_ok_and(|t| t.offset().local_minus_utc() == 0 && t.timestamp() >= 0)
}

/// A record id exactly as Muster writes one: a UUID, lower-case, with its hyphens (the same
/// id written otherwise would be another record).
fn record_id(s: &str) -> bool {
    uuid::Uuid::parse_str(s).is_ok_and(|u| u.hyphenated().to_string() == s)
}

fn stamp_ok(h: i64, clock: Clock) -> bool {
    (0..=clock.latest_stamp()).contains(&h)
}

/// A record's own stamp (`hlc`), when it breaks its rule.
fn late_stamp(h: Option<i64>, clock: Clock) -> Found {
    h.filter(|&h| !stamp_ok(h, clock))
        .map(|h| ("hlc".to_string(), stamp_shown(h), ValueRule::Stamp))
}

/// A stamp as a person reads it: the UTC time its clock part says, and the stamp.
fn stamp_shown(h: i64) -> String {
    let ms = h >> crate::store::COUNTER_BITS;
    match chrono::DateTime::from_timestamp_millis(ms) {
        Some(t) => format!("{} (stamp {h})", t.format("%Y-%m-%dT%H:%M:%S%.3fZ")),
        None => format!("stamp {h}"),
    }
}

/// Names as `text::clean` leaves them: no space around or doubled, NFC. Most values (every
/// attempt's service number and module code) are plain ASCII, told so without a copy.
fn tidy(s: &str) -> bool {
    let plain = s.bytes().all(|b| b.is_ascii_graphic() || b == b' ')
        && !s.starts_with(' ')
        && !s.ends_with(' ')
        && !s.contains("  ");
    plain || text::clean(crate::field::Field::FamilyName, s).is_ok_and(|c| c == s)
}

/// A service number or a code as typed ones are kept: tidy, not empty, and a service number
/// without any space.
fn tidy_code(s: &str, service_number: bool) -> bool {
    !s.is_empty() && tidy(s) && !(service_number && s.contains(char::is_whitespace))
}

/// A value as the refusal shows it, a stamp as the time it says.
fn shown_as(column: &str, v: &Value) -> String {
    match v.as_i64() {
        Some(h) if column.ends_with("hlc") => stamp_shown(h),
        _ => shown(v),
    }
}

/// A value as the refusal shows it: a string as it is, anything else as JSON.
fn shown(v: &Value) -> String {
    match v {
        Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}
