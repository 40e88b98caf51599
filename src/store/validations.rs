//! Validation decisions and the records a report covered. A decision row is written once
//! with the frozen report beside it; the schema's triggers refuse any change afterwards.

use chrono::NaiveDate;
use rusqlite::{params, OptionalExtension, Row};
use serde::{Deserialize, Serialize};

use super::{audit, Store};
use crate::dates;
use crate::domain::Decision;
use crate::domain::{Outcome, RecordState};
use crate::error::{Error, Result};
use crate::field::Field;
use crate::text;

/// One completion record as a report saw it: enough to tell later whether it changed.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct CoveredRecord {
    pub id: String,
    pub service_number: String,
    pub module: String,
    pub date: NaiveDate,
    pub result: Outcome,
    pub state: RecordState,
    /// The rest of what the record says. Absent in reports frozen before it was kept, so
    /// their hashes still hold; those are compared on date, result and state alone.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "ts", ts(optional))]
    pub detail: Option<RecordDetail>,
}

/// What a record says besides its date and result: a change to any of it, even one that
/// leaves the standing as it was, is named by `verify`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct RecordDetail {
    pub score: Option<f64>,
    pub hours: Option<f64>,
    pub instructor: String,
}

/// A recorded decision. `report_json` is the frozen report, byte for byte as hashed. `id`
/// is its number on its contingent, the same on every laptop that holds the same decisions.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct StoredValidation {
    pub id: i64,
    pub contingent: String,
    pub as_of: NaiveDate,
    pub team: String,
    pub validator: String,
    pub decision: Decision,
    pub notes: String,
    pub recorded_by: String,
    pub recorded_at: String,
    pub report_sha256: String,
    #[serde(skip)]
    pub report_json: String,
}

const COLUMNS: &str = "v.n, c.code, v.as_of, v.team, v.validator, v.decision, v.notes,
    v.recorded_by, v.recorded_at, v.report_sha256, v.report_json";

/// The decisions, each with its number on its contingent: by when it was recorded, then by
/// what it says. Decisions travel between laptops, so a row number (the order they reached
/// this file) would number and order them differently on each; this reads alike on every
/// laptop that holds the same decisions ("the latest decision" too).
const NUMBERED: &str = "(SELECT *, row_number() OVER (
        PARTITION BY contingent_id
        ORDER BY recorded_at, report_sha256, decision, team, validator, notes, recorded_by, as_of
    ) AS n FROM validation) v";

/// The order of `NUMBERED`.
const ORDER: &str = "v.recorded_at, v.report_sha256, v.decision, v.team, v.validator, v.notes,
    v.recorded_by, v.as_of";

fn from_row(r: &Row) -> rusqlite::Result<StoredValidation> {
    let decision: String = r.get(5)?;
    Ok(StoredValidation {
        id: r.get(0)?,
        contingent: r.get(1)?,
        as_of: r.get(2)?,
        team: r.get(3)?,
        validator: r.get(4)?,
        decision: decision.parse().expect("decision checked by schema"),
        notes: r.get(6)?,
        recorded_by: r.get(7)?,
        recorded_at: r.get(8)?,
        report_sha256: r.get(9)?,
        report_json: r.get(10)?,
    })
}

/// What a validation team decided, as entered.
#[derive(Debug, Clone, PartialEq)]
pub struct NewValidation {
    pub as_of: NaiveDate,
    pub team: String,
    pub validator: String,
    pub decision: Decision,
    pub notes: String,
}

impl Store {
    /// Whether the decision on the report with this hash was taken on this database (its
    /// audit entry written here, not received from another laptop).
    pub fn validated_here(&self, report_sha256: &str) -> Result<bool> {
        Ok(self
            .conn
            .prepare_cached(
                "SELECT EXISTS (SELECT 1 FROM audit
                   WHERE action = 'validate' AND entity = 'contingent' AND origin IS NULL
                     AND json_extract(new_value, '$.report_sha256') = ?1)",
            )?
            .query_row([report_sha256], |r| r.get(0))?)
    }
    /// Every record of the people assigned to a contingent, for its active modules, dated
    /// on or before `as_of`, with its state now; sorted by id.
    pub fn covered_records(&self, code: &str, as_of: NaiveDate) -> Result<Vec<CoveredRecord>> {
        let cid = self.contingent_id(code)?;
        let mut st = self.conn.prepare(
            "SELECT a.id, p.service_number, m.code, a.date, a.result,
                    EXISTS (SELECT 1 FROM voiding v WHERE v.attempt_id = a.id),
                    EXISTS (SELECT 1 FROM attempt n WHERE n.supersedes = a.id)
                      OR a.id IN (SELECT id FROM overruled),
                    a.score, a.hours, a.instructor
             FROM assignment s
             JOIN person p ON p.id = s.person_id
             JOIN attempt a ON a.person_id = p.id
             JOIN module m ON m.id = a.module_id
             WHERE s.contingent_id = ?1 AND s.ended_at IS NULL AND m.retired_at IS NULL
               AND a.date <= ?2
             ORDER BY a.id",
        )?;
        let rows = st.query_map(params![cid, as_of], |r| {
            let result: String = r.get(4)?;
            let (voided, superseded): (bool, bool) = (r.get(5)?, r.get(6)?);
            Ok(CoveredRecord {
                id: r.get(0)?,
                service_number: r.get(1)?,
                module: r.get(2)?,
                date: r.get(3)?,
                result: result.parse().expect("result checked by schema"),
                state: if voided {
                    RecordState::Voided
                } else if superseded {
                    RecordState::Superseded
                } else {
                    RecordState::Active
                },
                detail: Some(RecordDetail {
                    score: r.get(7)?,
                    hours: r.get(8)?,
                    instructor: r.get(9)?,
                }),
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// Records a decision with the frozen report it was taken on.
    pub fn add_validation(
        &mut self,
        code: &str,
        v: &NewValidation,
        report_json: &str,
        report_sha256: &str,
        by: &str,
    ) -> Result<StoredValidation> {
        let by = text::operator(by)?;
        let team = text::required(Field::Team, &v.team)?;
        let validator = text::required(Field::Validator, &v.validator)?;
        let notes = text::free_text(Field::Notes, &v.notes)?;
        let cid = self.contingent_id(code)?;
        let tx = self.conn.transaction()?;
        tx.execute(
            "INSERT INTO validation (contingent_id, as_of, team, validator, decision, notes,
                                     recorded_by, recorded_at, report_json, report_sha256)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
            params![
                cid,
                v.as_of,
                team,
                validator,
                v.decision.as_str(),
                notes,
                by,
                dates::now_utc(),
                report_json,
                report_sha256
            ],
        )?;
        let row = tx.last_insert_rowid();
        let summary = serde_json::json!({
            "as_of": v.as_of, "team": team, "validator": validator,
            "decision": v.decision.as_str(), "notes": notes, "report_sha256": report_sha256,
        });
        audit(
            &tx,
            &by,
            "validate",
            "contingent",
            code.trim(),
            super::NONE,
            Some(&summary),
        )?;
        tx.commit()?;
        self.conn
            .query_row(
                &format!(
                    "SELECT {COLUMNS} FROM {NUMBERED} JOIN contingent c ON c.id = v.contingent_id
                     WHERE v.id = ?1"
                ),
                [row],
                from_row,
            )
            .optional()?
            .ok_or_else(|| Error::not_found("validation", row.to_string()))
    }

    /// Every decision on a contingent, oldest first (see `NUMBERED`).
    pub fn validations(&self, code: &str) -> Result<Vec<StoredValidation>> {
        let cid = self.contingent_id(code)?;
        let mut st = self.conn.prepare(&format!(
            "SELECT {COLUMNS} FROM {NUMBERED} JOIN contingent c ON c.id = v.contingent_id
             WHERE v.contingent_id = ?1 ORDER BY {ORDER}"
        ))?;
        let rows = st.query_map([cid], from_row)?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// Decisions whose frozen report has this SHA-256 (normally one), oldest first.
    pub fn validations_by_sha256(&self, sha256: &str) -> Result<Vec<StoredValidation>> {
        let mut st = self.conn.prepare(&format!(
            "SELECT {COLUMNS} FROM {NUMBERED} JOIN contingent c ON c.id = v.contingent_id
             WHERE v.report_sha256 = ?1 ORDER BY {ORDER}"
        ))?;
        let rows = st.query_map([sha256.trim().to_lowercase()], from_row)?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }
}
