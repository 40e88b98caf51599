//! Contingents (rotations) and who is assigned to them.

use super::details::{self, Entity};
use chrono::Datelike;
use rusqlite::{params, OptionalExtension, Row};

use super::{audit, Store, NONE};
use crate::dates;
use crate::domain::Contingent;
use crate::error::{Error, Problem, Result};
use crate::field::Field;
use crate::text;

pub(crate) const COLUMNS: &str =
    "code, name, mission, parent_unit, training_start, deploy_on, tour_months";

pub(crate) fn from_row(r: &Row) -> rusqlite::Result<Contingent> {
    Ok(Contingent {
        code: r.get(0)?,
        name: r.get(1)?,
        mission: r.get(2)?,
        parent_unit: r.get(3)?,
        training_start: r.get(4)?,
        deploy_on: r.get(5)?,
        tour_months: r.get(6)?,
    })
}

/// A contingent archived out of the way: when and by whom (the reason is in the audit log).
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Archived {
    pub contingent: Contingent,
    pub archived_at: String,
    pub archived_by: String,
}

/// The years a rotation's training start and deployment day may fall in.
const FIRST_YEAR: i32 = 1990;
const LAST_YEAR: i32 = 2200;

/// Checks a contingent before it is saved, and returns it cleaned.
pub fn validate(c: &Contingent) -> Result<Contingent> {
    let code = text::required(Field::ContingentCode, &c.code)?;
    if !code
        .chars()
        .all(|ch| ch.is_alphanumeric() || matches!(ch, '-' | '_' | '.'))
    {
        return Err(Problem::BadContingentCode { value: code.into() }.into());
    }
    // A rotation of this century or the next: a year mistyped (9999) would put the tour's
    // end past every calendar a workbook or report can print.
    for (field, day) in [
        (Field::TrainingStart, c.training_start),
        (Field::DeployOn, c.deploy_on),
    ] {
        if !(FIRST_YEAR..=LAST_YEAR).contains(&day.year()) {
            return Err(
                Problem::out_of_range(field, day, FIRST_YEAR as u32, LAST_YEAR as u32).into(),
            );
        }
    }
    if c.deploy_on < c.training_start {
        return Err(Problem::DeployBeforeStart {
            deploy_on: c.deploy_on.to_string(),
            training_start: c.training_start.to_string(),
        }
        .into());
    }
    if !(1..=36).contains(&c.tour_months) {
        return Err(Problem::out_of_range(Field::TourMonths, c.tour_months, 1, 36).into());
    }
    Ok(Contingent {
        code,
        name: text::required(Field::Name, &c.name)?,
        mission: text::required(Field::Mission, &c.mission)?,
        parent_unit: text::free_text(Field::ParentUnit, &c.parent_unit)?,
        ..c.clone()
    })
}

impl Store {
    pub fn add_contingent(&mut self, c: &Contingent, by: &str) -> Result<Contingent> {
        let by = text::operator(by)?;
        let c = validate(c)?;
        let tx = self.conn.transaction()?;
        if contingent_id(&tx, &c.code)?.is_some() {
            return Err(Error::Conflict(Problem::AlreadyExists {
                what: "contingent".into(),
                key: c.code,
            }));
        }
        insert(&tx, &c, &by)?;
        audit(&tx, &by, "add", "contingent", &c.code, NONE, Some(&c))?;
        tx.commit()?;
        Ok(c)
    }

    pub fn contingents(&self) -> Result<Vec<Contingent>> {
        let mut st = self.conn.prepare(&format!(
            "SELECT {COLUMNS} FROM contingent WHERE archived_at IS NULL
             ORDER BY deploy_on DESC, code"
        ))?;
        let rows = st.query_map([], from_row)?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// The contingents archived out of the way, most recently archived first.
    pub fn archived_contingents(&self) -> Result<Vec<Archived>> {
        let mut st = self.conn.prepare(&format!(
            "SELECT {COLUMNS}, archived_at, archived_by FROM contingent
             WHERE archived_at IS NOT NULL ORDER BY archived_at DESC, code"
        ))?;
        let rows = st.query_map([], |r| {
            Ok(Archived {
                contingent: from_row(r)?,
                archived_at: r.get(7)?,
                archived_by: r.get(8)?,
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// Archives a contingent: it leaves the switcher and the list, nothing is deleted, and
    /// it still answers to its code everywhere. False when it already was. The last one in
    /// use cannot be archived, so the app always has a contingent to open on.
    pub fn archive_contingent(&mut self, code: &str, by: &str, reason: &str) -> Result<bool> {
        let by = text::operator(by)?;
        let reason = text::required(Field::Reason, reason)?;
        let c = self.contingent(code)?;
        let tx = self.conn.transaction()?;
        let archived: bool = tx.query_row(
            "SELECT archived_at IS NOT NULL FROM contingent WHERE code = ?1",
            [&c.code],
            |r| r.get(0),
        )?;
        if archived {
            return Ok(false);
        }
        let in_use: i64 = tx.query_row(
            "SELECT count(*) FROM contingent WHERE archived_at IS NULL",
            [],
            |r| r.get(0),
        )?;
        if in_use <= 1 {
            return Err(Error::Conflict(Problem::LastContingentInUse {
                contingent: c.code,
            }));
        }
        let key = c.code.to_uppercase();
        let before = details::snapshot(&tx, Entity::Contingent, &key)?.expect("found above");
        tx.execute(
            "UPDATE contingent SET archived_at = ?2, archived_by = ?3 WHERE code = ?1",
            params![c.code, dates::now_utc(), by],
        )?;
        details::record_change(&tx, Entity::Contingent, &key, &before, &by, None)?;
        audit(
            &tx,
            &by,
            "archive",
            "contingent",
            &c.code,
            NONE,
            Some(&reason),
        )?;
        tx.commit()?;
        Ok(true)
    }

    /// Brings an archived contingent back into use. False when it was not archived.
    pub fn restore_contingent(&mut self, code: &str, by: &str) -> Result<bool> {
        let by = text::operator(by)?;
        let c = self.contingent(code)?;
        let tx = self.conn.transaction()?;
        let key = c.code.to_uppercase();
        let before = details::snapshot(&tx, Entity::Contingent, &key)?.expect("found above");
        let n = tx.execute(
            "UPDATE contingent SET archived_at = NULL, archived_by = NULL
             WHERE code = ?1 AND archived_at IS NOT NULL",
            [&c.code],
        )?;
        if n == 0 {
            return Ok(false);
        }
        details::record_change(&tx, Entity::Contingent, &key, &before, &by, None)?;
        audit(&tx, &by, "restore", "contingent", &c.code, NONE, NONE)?;
        tx.commit()?;
        Ok(true)
    }

    /// Changes a contingent's name, mission, parent unit or dates (a deployment that
    /// slipped, a tour lengthened) to what `now` says; its code stays. Each group of details
    /// changed is an edit record, as sync exchanges them (the dates change together). Returns
    /// each field changed: (field, was, now); none when `now` says what is on file.
    pub fn edit_contingent(
        &mut self,
        code: &str,
        now: &Contingent,
        by: &str,
    ) -> Result<Vec<(Field, String, String)>> {
        let by = text::operator(by)?;
        let was = self.contingent(code)?;
        let now = validate(&Contingent {
            code: was.code.clone(),
            ..now.clone()
        })?;
        let changed: Vec<(Field, String, String)> = [
            (Field::Name, was.name.clone(), now.name.clone()),
            (Field::Mission, was.mission.clone(), now.mission.clone()),
            (
                Field::ParentUnit,
                was.parent_unit.clone(),
                now.parent_unit.clone(),
            ),
            (
                Field::TrainingStart,
                was.training_start.to_string(),
                now.training_start.to_string(),
            ),
            (
                Field::DeployOn,
                was.deploy_on.to_string(),
                now.deploy_on.to_string(),
            ),
            (
                Field::TourMonths,
                was.tour_months.to_string(),
                now.tour_months.to_string(),
            ),
        ]
        .into_iter()
        .filter(|(_, a, b)| a != b)
        .collect();
        if changed.is_empty() {
            return Ok(changed);
        }
        let tx = self.conn.transaction()?;
        let key = was.code.to_uppercase();
        let before = details::snapshot(&tx, Entity::Contingent, &key)?.expect("found above");
        tx.execute(
            "UPDATE contingent SET name = ?2, mission = ?3, parent_unit = ?4,
                    training_start = ?5, deploy_on = ?6, tour_months = ?7
             WHERE code = ?1",
            params![
                was.code,
                now.name,
                now.mission,
                now.parent_unit,
                now.training_start,
                now.deploy_on,
                now.tour_months
            ],
        )?;
        details::record_change(&tx, Entity::Contingent, &key, &before, &by, None)?;
        audit(
            &tx,
            &by,
            "change",
            "contingent",
            &was.code,
            Some(&was),
            Some(&now),
        )?;
        tx.commit()?;
        Ok(changed)
    }

    /// A contingent by code, matched case-insensitively.
    pub fn contingent(&self, code: &str) -> Result<Contingent> {
        self.conn
            .query_row(
                &format!("SELECT {COLUMNS} FROM contingent WHERE code = ?1"),
                [code.trim()],
                from_row,
            )
            .optional()?
            .ok_or_else(|| Error::unknown_contingent(code))
    }

    /// How many people are assigned to a contingent now.
    pub fn personnel_count(&self, code: &str) -> Result<usize> {
        let id = self.contingent_id(code)?;
        let n: i64 = self.conn.query_row(
            "SELECT count(*) FROM assignment WHERE contingent_id = ?1 AND ended_at IS NULL",
            [id],
            |r| r.get(0),
        )?;
        Ok(n as usize)
    }

    pub(crate) fn contingent_id(&self, code: &str) -> Result<i64> {
        contingent_id(&self.conn, code)?.ok_or_else(|| Error::unknown_contingent(code))
    }
}

pub(crate) fn contingent_id(conn: &rusqlite::Connection, code: &str) -> Result<Option<i64>> {
    Ok(conn
        .query_row(
            "SELECT id FROM contingent WHERE code = ?1",
            [code.trim()],
            |r| r.get(0),
        )
        .optional()?)
}

pub(crate) fn insert(conn: &rusqlite::Connection, c: &Contingent, by: &str) -> Result<i64> {
    conn.execute(
        "INSERT INTO contingent (code, name, mission, parent_unit, training_start, deploy_on,
                                 tour_months, created_at, created_by, hlc, origin)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)",
        params![
            c.code,
            c.name,
            c.mission,
            c.parent_unit,
            c.training_start,
            c.deploy_on,
            c.tour_months,
            dates::now_utc(),
            by,
            super::stamps::reserve(conn)?,
            super::stamps::origin(conn)?
        ],
    )?;
    Ok(conn.last_insert_rowid())
}
