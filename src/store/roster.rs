//! Taking a person off a contingent's roster, and putting them back. Rosters change during
//! the six months (a soldier is injured, replaced, posted elsewhere); readiness counts only
//! those on the roster now. The assignment is ended with who, when and why, never deleted,
//! and the person's records stay: put back, they count again.

use rusqlite::{params, Connection, OptionalExtension};
use serde::Serialize;
use serde_json::json;

use super::people::{self, unknown_soldier};
use super::Store;
use crate::dates;
use crate::domain::Person;
use crate::error::{Error, Problem, Result};
use crate::field::Field;
use crate::text;

/// Everyone now on the roster of another rotation in use (not archived) whose training
/// and tour overlap those of contingent `id`: by person (row id), those rotations. A
/// soldier serves in one rotation at a time; one listed on two such rosters is a mistake in
/// one of them (a roster import warns of it, the dashboard says it). An archived
/// contingent's roster is history: it has no such people (`service_record` weighs the same).
pub(super) fn on_overlapping_rotations(
    conn: &Connection,
    id: i64,
) -> Result<rustc_hash::FxHashMap<i64, Vec<crate::domain::Contingent>>> {
    let columns: Vec<String> = super::contingents::COLUMNS
        .split(',')
        .map(|c| format!("c.{}", c.trim()))
        .collect();
    let (this, archived) = conn.query_row(
        &format!(
            "SELECT {}, c.archived_at IS NOT NULL FROM contingent c WHERE c.id = ?1",
            columns.join(", ")
        ),
        [id],
        |r| Ok((super::contingents::from_row(r)?, r.get::<_, bool>(7)?)),
    )?;
    if archived {
        return Ok(rustc_hash::FxHashMap::default());
    }
    // The rotations first (a handful): most often none overlaps, and no roster is read.
    let mut st = conn.prepare(&format!(
        "SELECT {}, c.id FROM contingent c WHERE c.archived_at IS NULL AND c.id <> ?1
         ORDER BY c.training_start, c.code",
        columns.join(", ")
    ))?;
    let mut others = Vec::new();
    let mut rows = st.query([id])?;
    while let Some(r) = rows.next()? {
        let other = super::contingents::from_row(r)?;
        if other.overlaps(&this) {
            others.push((r.get::<_, i64>(7)?, other));
        }
    }
    let mut out: rustc_hash::FxHashMap<i64, Vec<crate::domain::Contingent>> =
        rustc_hash::FxHashMap::default();
    let mut on = conn.prepare_cached(
        "SELECT person_id FROM assignment WHERE contingent_id = ?1 AND ended_at IS NULL",
    )?;
    for (cid, other) in others {
        for person in on.query_map([cid], |r| r.get::<_, i64>(0))? {
            out.entry(person?).or_default().push(other.clone());
        }
    }
    Ok(out)
}

/// Someone on a contingent's roster who is on the roster of an overlapping rotation too.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct AlsoElsewhere {
    pub service_number: String,
    /// The other rotations' codes.
    pub rotations: Vec<String>,
}

/// Someone who was on the contingent's roster and is not any more: who, when, by whom, why.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct OffRoster {
    pub person: Person,
    /// UTC timestamp.
    pub ended_at: String,
    pub ended_by: String,
    pub reason: String,
}

/// Why the later of two entries putting one person on one roster, made on two laptops
/// before they heard of each other, is closed (`store::sync`): closed where it began, at
/// its own time and stamp, it never counted, and it is no taking off.
pub(super) const ON_ROSTER_TWICE: &str =
    "put on this roster on two laptops: the earlier entry counts";

/// How a roster entry ended: when, by whom, why, and its stamp (all `None` while open).
pub(super) type Ended = (Option<String>, Option<String>, Option<String>, Option<i64>);

/// The closing of the later of two such entries: at its own time and stamp, by its maker.
pub(super) fn close_twice(at: &str, by: &str, hlc: Option<i64>) -> Ended {
    (
        Some(at.to_string()),
        Some(by.to_string()),
        Some(ON_ROSTER_TWICE.to_string()),
        hlc,
    )
}

/// An entry's ending is the closing of a second entry, not a removal (in Rust what
/// `twice_closed_sql` says in SQL).
pub(super) fn twice_closed(ended: &Ended, assigned_at: &str, hlc: Option<i64>) -> bool {
    ended.0.as_deref() == Some(assigned_at)
        && ended.2.as_deref() == Some(ON_ROSTER_TWICE)
        && ended.3 == hlc
}

/// SQL true for a row of `assignment` (under `alias`) closed as such a second entry.
pub(super) fn twice_closed_sql(alias: &str) -> String {
    format!(
        "({alias}.ended_reason IS '{ON_ROSTER_TWICE}' AND {alias}.ended_at = {alias}.assigned_at \
         AND {alias}.ended_hlc IS {alias}.hlc)"
    )
}

/// SQL true for a row of `assignment` (under `alias`) ended by the undo of the import that
/// made it (`Store::undo_import` ends them with the undo's own time, operator and reason):
/// such an ending takes back that one entry, and says nothing of the person's other entries,
/// as a removal by hand does.
pub(super) fn undone_with_import_sql(alias: &str) -> String {
    ended_by_undo_sql(
        &format!("{alias}.import_id"),
        &format!("{alias}.ended_at"),
        &format!("{alias}.ended_by"),
        &format!("{alias}.ended_reason"),
    )
}

/// SQL true when an ending (when, by whom, why: SQL expressions) is the undo of import
/// `import_id`: the one rule for a row held (`undone_with_import_sql`) and one received.
pub(super) fn ended_by_undo_sql(import_id: &str, at: &str, by: &str, reason: &str) -> String {
    format!(
        "EXISTS (SELECT 1 FROM import i WHERE i.id = {import_id} AND i.undone_at = {at} \
         AND i.undone_by IS {by} AND i.undo_reason IS {reason})"
    )
}

impl Store {
    /// The people on the contingent's roster who are on the roster of another rotation in
    /// use whose training and tour overlap its own, in service-number order.
    pub fn also_on_overlapping_rotations(&self, code: &str) -> Result<Vec<AlsoElsewhere>> {
        let cid = self.contingent_id(code)?;
        let elsewhere = on_overlapping_rotations(&self.conn, cid)?;
        if elsewhere.is_empty() {
            return Ok(Vec::new());
        }
        let mut st = self.conn.prepare(
            "SELECT p.id, p.service_number FROM assignment a JOIN person p ON p.id = a.person_id
             WHERE a.contingent_id = ?1 AND a.ended_at IS NULL ORDER BY p.service_number",
        )?;
        let on: Vec<(i64, String)> = st
            .query_map([cid], |r| Ok((r.get(0)?, r.get(1)?)))?
            .collect::<rusqlite::Result<_>>()?;
        Ok(on
            .into_iter()
            .filter_map(|(id, service_number)| {
                elsewhere.get(&id).map(|cs| AlsoElsewhere {
                    service_number,
                    rotations: cs.iter().map(|c| c.code.clone()).collect(),
                })
            })
            .collect())
    }

    /// Everyone taken off the contingent's roster (by hand or by undoing an import) and not
    /// put back, most recent first: so they can still be found, and put back. One on the
    /// roster by another entry is not off it (two laptops may each have put them on).
    pub fn off_roster(&self, code: &str) -> Result<Vec<OffRoster>> {
        let cid = self.contingent_id(code)?;
        let mut st = self.conn.prepare(&format!(
            "SELECT {}, a.ended_at, a.ended_by, a.ended_reason
             FROM assignment a JOIN person p ON p.id = a.person_id
             WHERE a.contingent_id = ?1
               AND a.id = (SELECT max(b.id) FROM assignment b
                           WHERE b.person_id = a.person_id AND b.contingent_id = ?1
                             AND NOT {})
               AND a.ended_at IS NOT NULL
               AND NOT EXISTS (SELECT 1 FROM assignment b
                               WHERE b.person_id = a.person_id AND b.contingent_id = ?1
                                 AND b.ended_at IS NULL)
             ORDER BY a.ended_at DESC, p.service_number",
            people::COLUMNS,
            twice_closed_sql("b")
        ))?;
        let rows = st.query_map([cid], |r| {
            Ok(OffRoster {
                person: people::from_row(r)?,
                ended_at: r.get(9)?,
                ended_by: r.get::<_, Option<String>>(10)?.unwrap_or_default(),
                reason: r.get::<_, Option<String>>(11)?.unwrap_or_default(),
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// Ends the person's assignment to the contingent, with a reason.
    pub fn take_off_roster(
        &mut self,
        service_number: &str,
        code: &str,
        by: &str,
        reason: &str,
    ) -> Result<()> {
        let by = text::operator(by)?;
        let reason = text::required(Field::Reason, reason)?;
        let cid = self.contingent_id(code)?;
        let w = self.writer()?;
        let (pid, p) = people::find(w.tx(), service_number)?
            .ok_or_else(|| unknown_soldier(w.tx(), service_number))?;
        let active: Option<i64> = w
            .tx()
            .query_row(
                "SELECT id FROM assignment
                 WHERE person_id = ?1 AND contingent_id = ?2 AND ended_at IS NULL",
                params![pid, cid],
                |r| r.get(0),
            )
            .optional()?;
        let Some(id) = active else {
            return Err(Error::Conflict(Problem::NotOnRoster {
                service_number: p.service_number,
                contingent: code.trim().to_string(),
            }));
        };
        end_assignment(w.tx(), id, &by, &reason)?;
        let what = json!({"contingent": code.trim(), "reason": reason});
        w.audit(
            &by,
            "end",
            "assignment",
            &p.service_number,
            super::NONE,
            Some(&what),
        )?;
        w.commit()
    }

    /// Puts a person (back) on the contingent's roster.
    pub fn put_on_roster(&mut self, service_number: &str, code: &str, by: &str) -> Result<()> {
        let by = text::operator(by)?;
        let cid = self.contingent_id(code)?;
        let w = self.writer()?;
        let (pid, p) = people::find(w.tx(), service_number)?
            .ok_or_else(|| unknown_soldier(w.tx(), service_number))?;
        if let Some(m) = super::merge::merged_into(w.tx(), service_number)? {
            return Err(m
                .refusal(crate::problem::Shown::new(service_number.trim()))
                .into());
        }
        let hlc = super::stamps::reserve(w.tx())?;
        if !people::assign(w.tx(), pid, cid, &by, None, hlc)? {
            return Err(Error::Conflict(Problem::AlreadyOnRoster {
                service_number: p.service_number,
                contingent: code.trim().to_string(),
            }));
        }
        let what = json!({"contingent": code.trim()});
        w.audit(
            &by,
            "start",
            "assignment",
            &p.service_number,
            super::NONE,
            Some(&what),
        )?;
        w.commit()
    }
}

/// Ends one roster entry (an assignment's row id) with who and why, stamped so the other
/// laptops order it against what they did to the same entry.
pub(super) fn end_assignment(conn: &Connection, id: i64, by: &str, reason: &str) -> Result<()> {
    conn.execute(
        "UPDATE assignment SET ended_at = ?2, ended_by = ?3, ended_reason = ?4, ended_hlc = ?5
         WHERE id = ?1",
        params![
            id,
            dates::now_utc(),
            by,
            reason,
            super::stamps::reserve(conn)?
        ],
    )?;
    Ok(())
}

/// When and why the person was last taken off the contingent's roster by hand, if they are
/// off it now. Not an entry closed as a second one (`twice_closed_sql`), nor one ended by
/// undoing the import that made it: a roster file read again puts those back.
pub(super) fn taken_off_by_hand(
    conn: &Connection,
    person_id: i64,
    contingent_id: i64,
) -> Result<Option<(String, String)>> {
    let twice = twice_closed_sql("a");
    let undone = undone_with_import_sql("a");
    let latest: Option<(String, String, bool)> = conn
        .prepare_cached(&format!(
            "SELECT a.ended_at, coalesce(a.ended_reason, ''), {undone}
             FROM assignment a
             WHERE a.person_id = ?1 AND a.contingent_id = ?2 AND a.ended_at IS NOT NULL
               AND NOT {twice}
               AND NOT EXISTS (SELECT 1 FROM assignment b WHERE b.person_id = ?1
                               AND b.contingent_id = ?2 AND b.ended_at IS NULL)
             ORDER BY coalesce(a.ended_hlc, 0) DESC, a.ended_at DESC, a.id DESC LIMIT 1"
        ))?
        .query_row(params![person_id, contingent_id], |r| {
            Ok((r.get(0)?, r.get(1)?, r.get(2)?))
        })
        .optional()?;
    Ok(latest.and_then(|(at, reason, undone)| (!undone).then_some((at, reason))))
}
