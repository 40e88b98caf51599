//! Completion records: logged, amended (a new record supersedes the old) and voided (with a
//! reason). Nothing here updates or deletes an attempt; the schema's triggers forbid it too.

use std::collections::HashSet;

use rusqlite::{params, Connection, OptionalExtension, Row};

use super::people::{unknown_attendees, unknown_soldier};
use super::{Store, NONE};
use crate::checks;
use crate::dates;
use crate::domain::{Attempt, AttemptPatch, HistoryEntry, NewAttempt, RecordState, Voiding};
use crate::error::{Error, Problem, Result};
use crate::field::Field;
use crate::record_id::{self, Query};
use crate::text;

pub(super) const COLUMNS: &str =
    "a.id, p.service_number, m.code, a.date, a.result, a.score, a.hours,
    a.instructor, a.notes, a.recorded_by, a.recorded_at, a.supersedes, a.reason";
pub(super) const FROM: &str =
    "attempt a JOIN person p ON p.id = a.person_id JOIN module m ON m.id = a.module_id";

pub(super) fn from_row(r: &Row) -> rusqlite::Result<Attempt> {
    let result: String = r.get(4)?;
    Ok(Attempt {
        id: r.get(0)?,
        service_number: r.get(1)?,
        module: r.get(2)?,
        date: r.get(3)?,
        result: result.parse().expect("result checked by schema"),
        score: r.get(5)?,
        hours: r.get(6)?,
        instructor: r.get(7)?,
        notes: r.get(8)?,
        recorded_by: r.get(9)?,
        recorded_at: r.get(10)?,
        supersedes: r.get(11)?,
        reason: r.get(12)?,
    })
}

/// An attempt with where it stands: active, superseded (and by what) or voided (and why).
/// A record corrected on two installations is superseded by the winning amendment
/// (`rules::corrections`); an amendment that lost such a conflict (overruled) reads as
/// superseded too, by the amendment that won, or by none when a voiding won.
fn with_state(conn: &Connection, a: Attempt) -> Result<HistoryEntry> {
    let mut superseded_by: Option<String> = conn
        .prepare_cached(
            "SELECT id FROM attempt WHERE supersedes = ?1
             ORDER BY coalesce(hlc, seq) DESC, id DESC LIMIT 1",
        )?
        .query_row([&a.id], |r| r.get(0))
        .optional()?;
    let overruled = is_overruled(conn, &a.id)?;
    let lost = overruled && superseded_by.is_none();
    if lost {
        superseded_by = conn
            .prepare_cached(
                "SELECT id FROM correction WHERE target = ?1 AND voids = 0 AND id <> ?2
                 AND NOT EXISTS (SELECT 1 FROM correction w WHERE w.target = ?1
                                 AND (w.stamp > correction.stamp
                                      OR (w.stamp = correction.stamp AND w.id > correction.id)))",
            )?
            .query_row([a.supersedes.as_deref().unwrap_or(""), &a.id], |r| r.get(0))
            .optional()?;
    }
    let voided = conn
        // Voided on two installations (`voiding_also`): the latest voiding, as everywhere.
        .prepare_cached(
            "SELECT reason, voided_by, voided_at FROM (
               SELECT reason, voided_by, voided_at, coalesce(hlc, rowid) AS s, origin
               FROM voiding WHERE attempt_id = ?1
               UNION ALL
               SELECT reason, voided_by, voided_at, hlc, origin
               FROM voiding_also WHERE attempt_id = ?1)
             ORDER BY s DESC, origin DESC, reason DESC LIMIT 1",
        )?
        .query_row([&a.id], |r| {
            Ok(Voiding {
                reason: r.get(0)?,
                voided_by: r.get(1)?,
                voided_at: r.get(2)?,
            })
        })
        .optional()?;
    let state = match (&voided, &superseded_by) {
        (Some(_), _) => RecordState::Voided,
        (None, Some(_)) => RecordState::Superseded,
        (None, None) if overruled => RecordState::Superseded,
        (None, None) => RecordState::Active,
    };
    let elsewhere = |id: Option<&str>| -> Result<Option<String>> {
        let Some(id) = id else { return Ok(None) };
        let sn: Option<String> = conn
            .prepare_cached(
                "SELECT p.service_number FROM attempt a JOIN person p ON p.id = a.person_id
                 WHERE a.id = ?1",
            )?
            .query_row([id], |r| r.get(0))
            .optional()?;
        Ok(sn.filter(|sn| *sn != a.service_number))
    };
    let moved_from = elsewhere(a.supersedes.as_deref())?;
    let moved_to = elsewhere(superseded_by.as_deref())?;
    Ok(HistoryEntry {
        attempt: a,
        state,
        superseded_by,
        voided,
        moved_from,
        moved_to,
        overruled: lost,
    })
}

impl Store {
    /// Records one training session: every attendee's result in one transaction. Any
    /// unknown soldier or bad value refuses the whole session.
    pub fn log_session(&mut self, entries: &[NewAttempt], by: &str) -> Result<Vec<String>> {
        let by = text::operator(by)?;
        if entries.is_empty() {
            return Err(Problem::NoAttendees.into());
        }
        let mut w = self.writer()?;
        let mut unknown = Vec::new();
        let mut seen = HashSet::new();
        let mut rows = Vec::with_capacity(entries.len());
        for e in entries {
            let Some((module_id, module)) = w.module(&e.module)? else {
                let codes = w.modules_by_code()?;
                return Err(match checks::module_not_found(&e.module, codes.keys()) {
                    p @ Problem::ModuleLooksLike { .. } => p.into(),
                    _ => Error::unknown_module(&e.module),
                });
            };
            // In a session of several, a refusal of one record says whose it is (an own
            // score under the pass mark, say).
            let e = checks::attempt(e, &module).map_err(|err| match err {
                Error::Invalid(p) if entries.len() > 1 => Error::Invalid(Problem::ForAttendee {
                    service_number: e.service_number.trim().to_string(),
                    problem: Box::new(p),
                }),
                other => other,
            })?;
            if !seen.insert((text::sn_key(&e.service_number), module_id)) {
                return Err(Problem::ListedTwice {
                    service_number: e.service_number,
                    module: module.code,
                }
                .into());
            }
            match w.person_id(&e.service_number)? {
                Some(pid) => {
                    if let Some(m) = super::merge::merged_into(w.tx(), &e.service_number)? {
                        return Err(m
                            .refusal(crate::problem::Shown::new(e.service_number.trim()))
                            .into());
                    }
                    rows.push((pid, module_id, e))
                }
                None => unknown.push(e.service_number.clone()),
            }
        }
        if !unknown.is_empty() {
            return Err(unknown_attendees(w.tx(), &unknown));
        }
        // The same session saved twice (a double click, the command run again) would count
        // twice in nothing, but reads as two attempts in every history: refused, naming who.
        let mut again = Vec::new();
        for (pid, mid, e) in &rows {
            if holds_the_same(w.tx(), *pid, *mid, e)? {
                again.push(e.service_number.trim().to_string());
            }
        }
        if !again.is_empty() {
            let first = &rows[0].2;
            return Err(Problem::AlreadyRecorded {
                service_numbers: again.join(", "),
                module: first.module.trim().to_uppercase(),
                date: first.date.to_string(),
            }
            .into());
        }
        let mut ids = Vec::with_capacity(rows.len());
        for (pid, mid, e) in &rows {
            ids.push(w.add_attempt(*pid, *mid, e, &by, None)?);
        }
        let first = &rows[0].2;
        let summary = serde_json::json!({
            "module": first.module, "date": first.date, "attendees": ids.len(), "records": ids,
        });
        w.audit(&by, "log", "session", &first.module, NONE, Some(&summary))?;
        w.commit()?;
        Ok(ids)
    }

    /// A record by its full id or a short form of it (see `record_id`): the one record
    /// it names, or a refusal listing the candidates when it names several.
    pub fn attempt(&self, typed: &str) -> Result<HistoryEntry> {
        let (value, ids) = match record_id::parse(typed)? {
            Query::Full(id) => {
                let found = self
                    .conn
                    .prepare_cached("SELECT id FROM attempt WHERE id = ?1")?
                    .query_row([&id], |r| r.get::<_, String>(0))
                    .optional()?;
                (id, found.into_iter().collect::<Vec<_>>())
            }
            // Every id is read once (an index scan): an end cannot use the index's order.
            Query::Part { start, end } => {
                let ids = self
                    .conn
                    .prepare_cached(
                        "SELECT id FROM attempt
                         WHERE substr(replace(id, '-', ''), -length(?2)) = ?2
                            OR (id >= ?1 AND id < ?1 || 'g')
                         ORDER BY id",
                    )?
                    .query_map([&start, &end], |r| r.get::<_, String>(0))?
                    .collect::<rusqlite::Result<Vec<_>>>()?;
                (start, ids)
            }
        };
        match ids.as_slice() {
            [] => Err(Error::not_found("record", value)),
            [id] => self.attempt_by_id(id),
            several => Err(self.ambiguous(value, several)?),
        }
    }

    fn attempt_by_id(&self, id: &str) -> Result<HistoryEntry> {
        let a = self
            .conn
            .prepare_cached(&format!("SELECT {COLUMNS} FROM {FROM} WHERE a.id = ?1"))?
            .query_row([id], from_row)?;
        with_state(&self.conn, a)
    }

    /// The refusal of a short form that names several records, with the first five.
    fn ambiguous(&self, value: String, ids: &[String]) -> Result<Error> {
        let mut candidates = Vec::new();
        for id in ids.iter().take(5) {
            let a = self.attempt_by_id(id)?.attempt;
            candidates.push(format!(
                "{} ({}, {}, {})",
                a.id, a.service_number, a.module, a.date
            ));
        }
        if ids.len() > 5 {
            candidates.push("…".into());
        }
        Ok(Problem::AmbiguousRecordId {
            value,
            count: ids.len().to_string(),
            candidates: candidates.join("; "),
        }
        .into())
    }

    /// Corrects a record: a new record supersedes it; both stay in the history.
    pub fn amend(
        &mut self,
        id: &str,
        patch: &AttemptPatch,
        by: &str,
        reason: &str,
    ) -> Result<String> {
        let by = text::operator(by)?;
        let reason = text::required(Field::Reason, reason)?;
        let old = self.attempt(id)?;
        match old.state {
            RecordState::Voided => {
                return Err(Error::Conflict(Problem::VoidedCannotAmend {
                    id: old.attempt.id,
                }))
            }
            // Overruled by a voiding of the record it corrects (a conflict): it stays void.
            RecordState::Superseded if old.superseded_by.is_none() => {
                return Err(Error::Conflict(Problem::VoidedCannotAmend {
                    id: old.attempt.id,
                }))
            }
            RecordState::Superseded => {
                return Err(Error::Conflict(Problem::AlreadyAmended {
                    id: old.attempt.id,
                    by: old.superseded_by.unwrap_or_default(),
                }))
            }
            RecordState::Active => {}
        }
        let o = &old.attempt;
        let new = NewAttempt {
            service_number: o.service_number.clone(),
            module: patch.module.clone().unwrap_or_else(|| o.module.clone()),
            date: patch.date.unwrap_or(o.date),
            result: patch.result.unwrap_or(o.result),
            score: patch.score.unwrap_or(o.score),
            hours: patch.hours.unwrap_or(o.hours),
            instructor: patch
                .instructor
                .clone()
                .unwrap_or_else(|| o.instructor.clone()),
            notes: patch.notes.clone().unwrap_or_else(|| o.notes.clone()),
        };
        let mut w = self.writer()?;
        let (mid, module) = w
            .module(&new.module)?
            .ok_or_else(|| Error::not_found("module", new.module.clone()))?;
        let new = checks::correction(
            &new,
            &module,
            patch.date.is_none(),
            patch.score.is_none() && patch.result.is_none() && patch.module.is_none(),
        )?;
        let pid = w
            .person_id(&new.service_number)?
            .ok_or_else(|| unknown_soldier(w.tx(), &new.service_number))?;
        let new_id = w.add_attempt(pid, mid, &new, &by, Some((&o.id, &reason)))?;
        let after = serde_json::json!({
            "id": new_id, "module": new.module, "date": new.date, "result": new.result,
            "score": new.score, "hours": new.hours, "instructor": new.instructor,
            "notes": new.notes, "reason": reason,
        });
        w.audit(&by, "amend", "attempt", &o.id, Some(o), Some(&after))?;
        w.commit()?;
        Ok(new_id)
    }

    /// Withdraws a mistaken record; it stays in the history with the reason.
    pub fn void(&mut self, id: &str, by: &str, reason: &str) -> Result<()> {
        let by = text::operator(by)?;
        let reason = text::required(Field::Reason, reason)?;
        let old = self.attempt(id)?;
        match old.state {
            RecordState::Voided => {
                return Err(Error::Conflict(Problem::AlreadyVoided {
                    id: old.attempt.id,
                }))
            }
            // An amendment that lost a conflict may be voided: that is how a person agrees
            // with the correction that won (docs/sync.md, "Conflicts").
            RecordState::Superseded if is_overruled(&self.conn, &old.attempt.id)? => {}
            RecordState::Superseded if !chain_counts(&self.conn, &old.attempt.id)? => {
                return Err(Error::Conflict(Problem::CorrectionVoided {
                    id: old.attempt.id,
                    by: old.superseded_by.unwrap_or_default(),
                }))
            }
            RecordState::Superseded => {
                return Err(Error::Conflict(Problem::AmendedCannotVoid {
                    id: old.attempt.id,
                    by: old.superseded_by.unwrap_or_default(),
                }))
            }
            RecordState::Active => {}
        }
        let w = self.writer()?;
        void_on(w.tx(), &old.attempt.id, &by, &reason)?;
        w.audit(
            &by,
            "void",
            "attempt",
            &old.attempt.id,
            Some(&old.attempt),
            Some(&reason),
        )?;
        w.commit()
    }

    /// Every record of a person, amended and voided ones included, oldest first (by date,
    /// then by the order of entry every installation agrees on: `rules::Entry`).
    pub fn history(&self, service_number: &str) -> Result<Vec<HistoryEntry>> {
        let person = self.person(service_number)?;
        history_of(&self.conn, &person.service_number)
    }
}

/// Every record of the person with this number, as `Store::history` gives them.
pub(super) fn history_of(conn: &Connection, service_number: &str) -> Result<Vec<HistoryEntry>> {
    let mut st = conn.prepare_cached(&format!(
        "SELECT {COLUMNS} FROM {FROM} WHERE p.sn_key = ?1
         ORDER BY a.date, coalesce(a.hlc, a.seq), a.id"
    ))?;
    let rows: Vec<Attempt> = st
        .query_map([text::sn_key(service_number)], from_row)?
        .collect::<rusqlite::Result<_>>()?;
    rows.into_iter().map(|a| with_state(conn, a)).collect()
}

/// Whether the person holds a record that counts saying exactly this: module, day, result,
/// score, hours, instructor and notes.
fn holds_the_same(conn: &Connection, person: i64, module: i64, e: &NewAttempt) -> Result<bool> {
    Ok(conn
        .prepare_cached(
            "SELECT EXISTS (SELECT 1 FROM attempt a
               WHERE a.person_id = ?1 AND a.module_id = ?2 AND a.date = ?3 AND a.result = ?4
                 AND a.score IS ?5 AND a.hours IS ?6 AND a.instructor = ?7 AND a.notes = ?8
                 AND NOT EXISTS (SELECT 1 FROM voiding v WHERE v.attempt_id = a.id)
                 AND NOT EXISTS (SELECT 1 FROM attempt n WHERE n.supersedes = a.id)
                 AND a.id NOT IN (SELECT id FROM overruled))",
        )?
        .query_row(
            params![
                person,
                module,
                dates::iso(e.date),
                e.result.as_str(),
                e.score,
                e.hours,
                e.instructor,
                e.notes
            ],
            |r| r.get(0),
        )?)
}

/// Whether a record lost a conflict of corrections (view `overruled`, migration 0013).
pub(crate) fn is_overruled(conn: &Connection, id: &str) -> Result<bool> {
    Ok(conn
        .prepare_cached("SELECT EXISTS (SELECT 1 FROM overruled WHERE id = ?1)")?
        .query_row([id], |r| r.get(0))?)
}

/// Whether a correction chain from record `id` still ends in a record that counts: some
/// record corrected from it (or it) is neither voided, nor corrected again, nor overruled
/// (an amendment that lost a conflict counts for nothing, as history and readiness say).
/// An amendment whose own amendment was voided is the start of a withdrawn chain: nothing
/// of it counts.
pub(crate) fn chain_counts(conn: &Connection, id: &str) -> Result<bool> {
    Ok(conn
        .prepare_cached(
            "WITH RECURSIVE chain(id) AS (
                 SELECT ?1 UNION SELECT x.id FROM attempt x JOIN chain c ON x.supersedes = c.id)
             SELECT EXISTS (SELECT 1 FROM chain c
                 WHERE NOT EXISTS (SELECT 1 FROM voiding v WHERE v.attempt_id = c.id)
                   AND NOT EXISTS (SELECT 1 FROM attempt x WHERE x.supersedes = c.id)
                   AND NOT EXISTS (SELECT 1 FROM overruled o WHERE o.id = c.id))",
        )?
        .query_row([id], |r| r.get(0))?)
}

/// Voids one record, stamped with its order of entry and this installation (a voiding
/// competes with amendments of the same record made elsewhere: `rules::corrections`).
pub(crate) fn void_on(conn: &Connection, id: &str, by: &str, reason: &str) -> Result<()> {
    conn.execute(
        "INSERT INTO voiding (attempt_id, reason, voided_by, voided_at, hlc, origin)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
        params![
            id,
            reason,
            by,
            dates::now_utc(),
            super::stamps::reserve(conn)?,
            super::stamps::origin(conn)?
        ],
    )?;
    Ok(())
}
