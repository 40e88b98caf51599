//! One soldier on file under two service numbers (a Cyrillic letter for a Latin one, a
//! separator, a slip of the keys, or two laptops that each added them): the wrong number's
//! records and roster places move to the right one. Nothing is deleted or rewritten. Each
//! record that counts is amended under the right number (the original stays in the wrong
//! number's history, superseded), a record the right number already holds (same module,
//! day and result: the session was logged under both) is voided instead of copied, and
//! the wrong number leaves each roster, the right one taking its place. All of it is
//! ordinary records, so other laptops receive it by sync like any correction.

use rusqlite::{params, Connection, OptionalExtension};
use rustc_hash::FxHashMap;
use serde::Serialize;
use serde_json::json;

use super::attempts::{history_of, void_on};
use super::people::{self, unknown_soldier};
use super::roster::end_assignment;
use super::Store;
use crate::domain::{HistoryEntry, NewAttempt, Outcome, RecordState};
use crate::error::{Error, Problem, Result};
use crate::field::Field;
use crate::problem::Shown;
use crate::text;

/// What merging one number into another does (or did).
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct MergePlan {
    /// The wrong number, as on file.
    pub from: String,
    /// The right number, as on file.
    pub into: String,
    /// Records amended under `into`.
    pub moved: Vec<MergeRecord>,
    /// Records `into` already holds (same module, day and result): voided.
    pub duplicates: Vec<MergeRecord>,
    /// Each roster `from` was on, and whether `into` was on it already.
    pub rosters: Vec<MergeRoster>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct MergeRecord {
    pub id: String,
    pub module: String,
    pub date: String,
    pub result: Outcome,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct MergeRoster {
    pub contingent: String,
    pub into_already_on: bool,
    /// `into` goes back on this roster, which `from` is not on: a merge of its own, made on
    /// another laptop, that gave way in a loop of merges had taken it off.
    pub restored: bool,
}

/// A number merged into another, as the audit trail keeps it (merged here or received).
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Merged {
    /// The number merged, as on file.
    pub from: String,
    /// The number it went into, as on file then.
    pub into: String,
    pub by: String,
    pub at: String,
}

/// The audit trail's merges: the one place that says how to find them.
const MERGES: &str = "SELECT entity_id, json_extract(new_value, '$.into'), actor, at
                      FROM audit WHERE action = 'merge' AND entity = 'person'";

fn merged(r: &rusqlite::Row) -> rusqlite::Result<Merged> {
    Ok(Merged {
        from: r.get(0)?,
        into: r.get::<_, Option<String>>(1)?.unwrap_or_default(),
        by: r.get(2)?,
        at: r.get(3)?,
    })
}

/// Every number merged into another now, by match key (`text::sn_key`), each with the
/// number its records belong under now. Read the same on every laptop that holds the same
/// merges:
/// - a number merged twice (again, after records arrived under it) goes by its latest
///   merge, merges taken in the order they were made (time, then id);
/// - laptops that had not heard of each other's merges may make a loop (X into Y here, Y
///   into X there; or round three numbers): the earliest merge of the loop gives way, so
///   one number of the soldier always takes records and can be merged into;
/// - along a chain (X into Y, Y into Z) each goes to the end: `into` is Z for both, as on
///   file when it was merged into.
pub(crate) fn merged_numbers(conn: &Connection) -> Result<FxHashMap<String, Merged>> {
    let mut st = conn.prepare_cached(&format!("{MERGES} ORDER BY at, id"))?;
    let rows = st.query_map([], merged)?;
    // By the merged number's key: the order the merge was made in, and the merge.
    let mut standing: FxHashMap<String, (usize, Merged)> = FxHashMap::default();
    for (made, m) in rows.enumerate() {
        let m = m?;
        standing.insert(text::sn_key(&m.from), (made, m));
    }
    while let Some(cycle) = a_loop(&standing) {
        let earliest = cycle
            .iter()
            .min_by_key(|k| standing[*k].0)
            .expect("a loop has merges")
            .clone();
        standing.remove(&earliest);
    }
    let mut out = FxHashMap::default();
    for (key, (_, m)) in &standing {
        let mut end = m.into.clone();
        while let Some((_, next)) = standing.get(&text::sn_key(&end)) {
            end = next.into.clone();
        }
        out.insert(
            key.clone(),
            Merged {
                into: end,
                ..m.clone()
            },
        );
    }
    Ok(out)
}

/// The numbers of a loop of merges, if there is one (each number has one merge at most,
/// so a loop is found by following them).
fn a_loop(standing: &FxHashMap<String, (usize, Merged)>) -> Option<Vec<String>> {
    for start in standing.keys() {
        let mut path: Vec<String> = Vec::new();
        let mut at = start.clone();
        while let Some((_, m)) = standing.get(&at) {
            if let Some(i) = path.iter().position(|p| *p == at) {
                return Some(path.split_off(i));
            }
            path.push(at);
            at = text::sn_key(&m.into);
        }
    }
    None
}

/// The merge of the person with this number (written any way `text::sn_key` reads as
/// theirs) that stands now, if any, naming the number to use. One look in the audit
/// trail's index by entity; only a number that was ever merged reads every merge (its
/// merge may have given way in a loop, or lead along a chain).
pub(crate) fn merged_into(conn: &Connection, sn: &str) -> Result<Option<Merged>> {
    let ever = conn
        .prepare_cached(&format!(
            "{MERGES} AND entity_id = (SELECT service_number FROM person WHERE sn_key = ?1)
             LIMIT 1"
        ))?
        .query_row([text::sn_key(sn)], merged)
        .optional()?;
    Ok(match ever {
        Some(_) => merged_numbers(conn)?.remove(&text::sn_key(sn)),
        None => None,
    })
}

/// The rosters `right` left by a merge of its own that gave way in a loop (see
/// `merged_numbers`: a number merged into is not merged itself, so every merge of it
/// gave way), where neither it nor `wrong` is now: merging `wrong` into `right` puts it
/// back on them. (contingent id, code), in the order of the codes.
pub(crate) fn reversed_places(
    conn: &Connection,
    right: &str,
    wrong: &str,
) -> Result<Vec<(i64, String)>> {
    if merged_into(conn, right)?.is_some() {
        return Ok(Vec::new());
    }
    let mut st = conn.prepare_cached(
        "SELECT json_extract(new_value, '$.rosters')
         FROM audit WHERE action = 'merge' AND entity = 'person' AND entity_id = ?1",
    )?;
    let rows = st.query_map([right], |r| r.get::<_, Option<String>>(0))?;
    let mut codes = std::collections::BTreeSet::new();
    for rosters in rows {
        let left: Vec<String> = rosters?
            .and_then(|r| serde_json::from_str(&r).ok())
            .unwrap_or_default();
        codes.extend(left);
    }
    let mut out = Vec::new();
    for code in codes {
        let id: Option<i64> = conn
            .prepare_cached(
                "SELECT c.id FROM contingent c WHERE c.code = ?1 AND NOT EXISTS (
                   SELECT 1 FROM assignment a JOIN person p ON p.id = a.person_id
                   WHERE a.contingent_id = c.id AND a.ended_at IS NULL
                     AND p.sn_key IN (?2, ?3))",
            )?
            .query_row(
                params![code, text::sn_key(right), text::sn_key(wrong)],
                |r| r.get(0),
            )
            .optional()?;
        if let Some(id) = id {
            out.push((id, code));
        }
    }
    Ok(out)
}

/// A roster the wrong number was taken off by hand on a laptop that had not received its
/// merge, while the merge put the right number on it in its place.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct RemovedApart {
    pub contingent: String,
    pub by: String,
    pub at: String,
    pub reason: String,
}

/// The rosters `from` was taken off by hand after it was last put on them (as this merge,
/// made where that removal had not arrived, found it on them), where the merge put `into`
/// in its place and `into` is on them still, not put there again by hand since: the
/// soldier counts on a roster someone took them off. Latest removal first by code.
pub(crate) fn removed_apart(conn: &Connection, m: &Merged) -> Result<Vec<RemovedApart>> {
    let rosters: Vec<String> = conn
        .prepare_cached(
            "SELECT json_extract(new_value, '$.rosters') FROM audit
             WHERE action = 'merge' AND entity = 'person' AND entity_id = ?1
             ORDER BY at DESC, id DESC LIMIT 1",
        )?
        .query_row([&m.from], |r| r.get::<_, Option<String>>(0))
        .optional()?
        .flatten()
        .and_then(|j| serde_json::from_str(&j).ok())
        .unwrap_or_default();
    // The latest entry of one kind about one number and one roster: (at, by, reason).
    let latest = |action: &str, sn: &str, code: &str| -> Result<Option<(String, String, String)>> {
        Ok(conn
            .prepare_cached(
                "SELECT at, actor, coalesce(json_extract(new_value, '$.reason'), '') FROM audit
                 WHERE action = ?1 AND entity = 'assignment' AND entity_id = ?2
                   AND json_extract(new_value, '$.contingent') = ?3 COLLATE NOCASE
                 ORDER BY at DESC, id DESC LIMIT 1",
            )?
            .query_row(params![action, sn, code], |r| {
                Ok((r.get(0)?, r.get(1)?, r.get(2)?))
            })
            .optional()?)
    };
    let mut out = Vec::new();
    for code in rosters {
        let Some((at, by, reason)) = latest("end", &m.from, &code)? else {
            continue;
        };
        if latest("start", &m.from, &code)?.is_some_and(|(s, _, _)| s > at) {
            continue;
        }
        let on: bool = conn
            .prepare_cached(
                "SELECT EXISTS (SELECT 1 FROM assignment a
                   JOIN person p ON p.id = a.person_id JOIN contingent c ON c.id = a.contingent_id
                   WHERE p.sn_key = ?1 AND c.code = ?2 COLLATE NOCASE AND a.ended_at IS NULL)",
            )?
            .query_row(params![text::sn_key(&m.into), code], |r| r.get(0))?;
        let put_back = latest("start", &m.into, &code)?.is_some_and(|(s, _, _)| s > at);
        if on && !put_back {
            out.push(RemovedApart {
                contingent: code,
                by,
                at,
                reason,
            });
        }
    }
    Ok(out)
}

impl Merged {
    /// The refusal of the merged number as it was `typed`, naming the one to use.
    pub(crate) fn refusal(&self, typed: Shown) -> Problem {
        Problem::MergedNumber {
            value: typed,
            into: self.into.clone(),
        }
    }
}

impl Store {
    /// Every number merged into another, by match key: see `merged_numbers`.
    pub fn merged_numbers(&self) -> Result<FxHashMap<String, Merged>> {
        merged_numbers(&self.conn)
    }

    /// See `removed_apart`.
    pub fn removed_apart(&self, m: &Merged) -> Result<Vec<RemovedApart>> {
        removed_apart(&self.conn, m)
    }

    /// The codes of the rosters merging `wrong` into `right` puts `right` back on: see
    /// `reversed_places`.
    pub fn reversed_places(&self, right: &str, wrong: &str) -> Result<Vec<String>> {
        Ok(reversed_places(&self.conn, right, wrong)?
            .into_iter()
            .map(|(_, code)| code)
            .collect())
    }

    /// Moves everything of `from` to `into` in one transaction, or (with `dry_run`) only
    /// says what it would do. Refused, with nothing changed, when the two are one number,
    /// when `from` has nothing to move, or when the two hold records of the same module
    /// and day that disagree (a person must say which is right first).
    pub fn merge_person(
        &mut self,
        from: &str,
        into: &str,
        by: &str,
        reason: &str,
        dry_run: bool,
    ) -> Result<MergePlan> {
        let by = text::operator(by)?;
        let reason = text::required(Field::Reason, reason)?;
        let w = self.writer()?;
        let conn: &Connection = w.tx();
        let (from_id, from_p) =
            people::find(conn, from)?.ok_or_else(|| unknown_soldier(conn, from))?;
        let (into_id, into_p) =
            people::find(conn, into)?.ok_or_else(|| unknown_soldier(conn, into))?;
        if from_id == into_id {
            return Err(Problem::MergeSame {
                value: from_p.service_number,
            }
            .into());
        }
        // Into the number it was itself merged into, not into a number no roster holds.
        if let Some(m) = merged_into(conn, into)? {
            return Err(m.refusal(Shown::new(into.trim())).into());
        }
        let counts = |sn: &str| -> Result<Vec<HistoryEntry>> {
            Ok(history_of(conn, sn)?
                .into_iter()
                .filter(|e| e.state == RecordState::Active)
                .collect())
        };
        let theirs = counts(&into_p.service_number)?;
        let mut plan = MergePlan {
            from: from_p.service_number.clone(),
            into: into_p.service_number.clone(),
            moved: Vec::new(),
            duplicates: Vec::new(),
            rosters: Vec::new(),
        };
        let mut to_move = Vec::new();
        for e in counts(&from_p.service_number)? {
            let a = &e.attempt;
            let record = MergeRecord {
                id: a.id.clone(),
                module: a.module.clone(),
                date: a.date.to_string(),
                result: a.result,
            };
            let same_day = theirs
                .iter()
                .map(|t| &t.attempt)
                .find(|t| t.module == a.module && t.date == a.date);
            match same_day {
                Some(t) if t.result == a.result => plan.duplicates.push(record),
                Some(_) => {
                    return Err(Error::Conflict(Problem::MergeClash {
                        from: plan.from,
                        module: a.module.clone(),
                        date: a.date.to_string(),
                        from_result: a.result.as_str().to_string(),
                    }))
                }
                None => {
                    plan.moved.push(record);
                    to_move.push(e.attempt);
                }
            }
        }
        let mut places = rosters_of(conn, from_id, into_id)?;
        // A merge of the right number that gave way in a loop of merges (made on another
        // laptop) took it off rosters the wrong one has left too: it goes back on them.
        for (contingent, code) in reversed_places(conn, &plan.into, &plan.from)? {
            places.push((None, contingent, code, false));
        }
        places.sort_by(|a, b| a.2.cmp(&b.2));
        plan.rosters = places
            .iter()
            .map(|(assignment, _, code, on)| MergeRoster {
                contingent: code.clone(),
                into_already_on: *on,
                restored: assignment.is_none(),
            })
            .collect();
        if plan.moved.is_empty() && plan.duplicates.is_empty() && plan.rosters.is_empty() {
            return Err(Problem::MergeNothing { from: plan.from }.into());
        }
        if dry_run {
            return Ok(plan);
        }
        let mut w = w;
        for a in &to_move {
            let module = w
                .module(&a.module)?
                .ok_or_else(|| Error::unknown_module(&a.module))?
                .0;
            // The facts as they were entered and checked then: a module retired or a pass
            // mark raised since does not stop a record from moving.
            let copy = NewAttempt {
                service_number: plan.into.clone(),
                module: a.module.clone(),
                date: a.date,
                result: a.result,
                score: a.score,
                hours: a.hours,
                instructor: a.instructor.clone(),
                notes: a.notes.clone(),
            };
            w.add_attempt(into_id, module, &copy, &by, Some((&a.id, &reason)))?;
        }
        for d in &plan.duplicates {
            void_on(w.tx(), &d.id, &by, &reason)?;
        }
        for (assignment, contingent, _, into_on) in &places {
            if let Some(assignment) = assignment {
                end_assignment(w.tx(), *assignment, &by, &reason)?;
            }
            if !into_on {
                let hlc = super::stamps::reserve(w.tx())?;
                people::assign(w.tx(), into_id, *contingent, &by, None, hlc)?;
            }
        }
        let ids = |r: &[MergeRecord]| r.iter().map(|m| m.id.clone()).collect::<Vec<_>>();
        let what = json!({
            "into": plan.into, "reason": reason, "moved": ids(&plan.moved),
            "duplicates_voided": ids(&plan.duplicates),
            "rosters": plan.rosters.iter().map(|r| &r.contingent).collect::<Vec<_>>(),
        });
        w.audit(&by, "merge", "person", &plan.from, super::NONE, Some(&what))?;
        w.commit()?;
        Ok(plan)
    }
}

/// A roster place the merge changes: (`from`'s assignment to end, if it holds one; the
/// contingent's id and code; whether `into` is on that roster already).
type Place = (Option<i64>, i64, String, bool);

/// The roster entries `from` holds now, in the order of the codes.
fn rosters_of(conn: &Connection, from: i64, into: i64) -> Result<Vec<Place>> {
    let mut st = conn.prepare(
        "SELECT a.id, c.id, c.code, EXISTS (
                  SELECT 1 FROM assignment b
                  WHERE b.person_id = ?2 AND b.contingent_id = c.id AND b.ended_at IS NULL)
         FROM assignment a JOIN contingent c ON c.id = a.contingent_id
         WHERE a.person_id = ?1 AND a.ended_at IS NULL
         ORDER BY c.code",
    )?;
    let rows = st.query_map(params![from, into], |r| {
        Ok((Some(r.get(0)?), r.get(1)?, r.get(2)?, r.get(3)?))
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}
