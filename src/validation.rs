//! Validation sign-off: a validation team's decision freezes the report it was taken on
//! (its canonical JSON and SHA-256 are stored, never changed), and anything that changes
//! under that report afterwards can be named record by record.

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::fmt;
use std::str::FromStr;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::domain::RecordState;
use crate::error::{Error, Result};
use crate::readiness;
use crate::report::{self, Report, Stamp};
use crate::store::{CoveredRecord, NewValidation, Store, StoredValidation};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Decision {
    #[serde(rename = "validated")]
    Validated,
    #[serde(rename = "not-validated")]
    NotValidated,
}

impl Decision {
    pub fn as_str(self) -> &'static str {
        match self {
            Decision::Validated => "validated",
            Decision::NotValidated => "not-validated",
        }
    }
}

impl FromStr for Decision {
    type Err = Error;
    fn from_str(s: &str) -> Result<Self, Error> {
        match s.trim().to_lowercase().as_str() {
            "validated" => Ok(Decision::Validated),
            "not-validated" => Ok(Decision::NotValidated),
            other => Err(Error::invalid(format!(
                "decision {other:?} is not validated or not-validated"
            ))),
        }
    }
}

impl fmt::Display for Decision {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// What changed under a frozen report.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ChangeKind {
    /// A covered record was corrected by a new one.
    Amended,
    /// A covered record was voided.
    Voided,
    /// A record dated on or before the report date was entered after the sign-off.
    Added,
    /// A covered record no longer counts for the contingent (module retired, person left).
    Dropped,
    /// Someone was assigned to the contingent after the sign-off.
    Joined,
    /// Someone's assignment ended after the sign-off.
    Left,
    /// A person's standing in a module, recomputed as of the report date, differs.
    Status,
    /// The exported file itself does not hash to what was signed off.
    Altered,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Change {
    pub kind: ChangeKind,
    pub service_number: String,
    pub module: Option<String>,
    pub record: Option<String>,
    /// One line a reader can act on.
    pub detail: String,
}

impl fmt::Display for Change {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.detail)
    }
}

/// The latest decision on a contingent and what changed since.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ValidationState {
    pub validation: StoredValidation,
    pub changes: Vec<Change>,
}

impl ValidationState {
    pub fn changed(&self) -> bool {
        !self.changes.is_empty()
    }
}

/// Records a decision on the contingent's report as of `v.as_of`, freezing that report.
pub fn validate(
    store: &mut Store,
    code: &str,
    v: &NewValidation,
    by: &str,
) -> Result<StoredValidation> {
    let r = report::build(store, code, v.as_of)?;
    let json = report::canonical_json(&r);
    let sha = report::sha256_hex(&json);
    store.add_validation(code, v, &json, &sha, by)
}

/// The frozen report of a recorded decision.
pub fn frozen_report(v: &StoredValidation) -> Result<Report> {
    report::from_json(&v.report_json)
}

/// The stamp a printed report carries, with what changed since the sign-off.
pub fn stamp(store: &Store, v: &StoredValidation) -> Result<Stamp> {
    let frozen = frozen_report(v)?;
    Ok(Stamp {
        id: v.id,
        decision: v.decision,
        team: v.team.clone(),
        validator: v.validator.clone(),
        notes: v.notes.clone(),
        recorded_at: v.recorded_at.clone(),
        recorded_by: v.recorded_by.clone(),
        sha256: v.report_sha256.clone(),
        changed_since: changes(store, &frozen)?
            .into_iter()
            .map(|c| c.detail)
            .collect(),
    })
}

/// The report to print for a contingent as of a date: the frozen one with its stamp when
/// a decision was taken on that date (the latest such), else the live one.
pub fn report_for(store: &Store, code: &str, as_of: NaiveDate) -> Result<Report> {
    let latest = store
        .validations(code)?
        .into_iter()
        .rev()
        .find(|v| v.as_of == as_of);
    match latest {
        Some(v) => {
            let mut r = frozen_report(&v)?;
            r.validation = Some(stamp(store, &v)?);
            Ok(r)
        }
        None => report::build(store, code, as_of),
    }
}

/// "Changed since validation" for the app: the latest decision and what changed since.
pub fn status(store: &Store, code: &str) -> Result<Option<ValidationState>> {
    let Some(v) = store.validations(code)?.pop() else {
        return Ok(None);
    };
    let changes = changes(store, &frozen_report(&v)?)?;
    Ok(Some(ValidationState {
        validation: v,
        changes,
    }))
}

fn describe(r: &CoveredRecord) -> String {
    format!("{} {} {}", &r.id, r.date, r.result)
}

/// Everything that differs between a frozen report and the records as they stand now,
/// as of the frozen report date. Empty means unchanged.
pub fn changes(store: &Store, frozen: &Report) -> Result<Vec<Change>> {
    let code = &frozen.header.code;
    let as_of = frozen.header.as_of;
    let now = store.covered_records(code, as_of)?;
    let now_by_id: HashMap<&str, &CoveredRecord> = now.iter().map(|r| (r.id.as_str(), r)).collect();
    let then_ids: BTreeSet<&str> = frozen.records.iter().map(|r| r.id.as_str()).collect();
    let mut out = Vec::new();
    let mut replacements = BTreeSet::new();
    for old in &frozen.records {
        let change = |kind, detail: String, record: &str| Change {
            kind,
            service_number: old.service_number.clone(),
            module: Some(old.module.clone()),
            record: Some(record.to_string()),
            detail,
        };
        let Some(cur) = now_by_id.get(old.id.as_str()) else {
            out.push(change(
                ChangeKind::Dropped,
                format!(
                    "dropped: {} {} record {} no longer counts for {code} (person left or module retired)",
                    old.service_number, old.module, describe(old)
                ),
                &old.id,
            ));
            continue;
        };
        if cur.state == old.state {
            continue;
        }
        match cur.state {
            RecordState::Voided => out.push(change(
                ChangeKind::Voided,
                format!(
                    "voided: {} {} record {}",
                    old.service_number,
                    old.module,
                    describe(old)
                ),
                &old.id,
            )),
            RecordState::Superseded => {
                let by = store.attempt(&old.id)?.superseded_by.unwrap_or_default();
                let new = match store.attempt(&by) {
                    Ok(h) => format!(
                        "{} {} {} {}",
                        h.attempt.id, h.attempt.module, h.attempt.date, h.attempt.result
                    ),
                    Err(_) => by.clone(),
                };
                replacements.insert(by);
                out.push(change(
                    ChangeKind::Amended,
                    format!(
                        "amended: {} {} record {} → {new}",
                        old.service_number,
                        old.module,
                        describe(old)
                    ),
                    &old.id,
                ));
            }
            RecordState::Active => out.push(change(
                ChangeKind::Amended,
                format!(
                    "changed: {} {} record {} is active again",
                    old.service_number,
                    old.module,
                    describe(old)
                ),
                &old.id,
            )),
        }
    }
    for cur in &now {
        if then_ids.contains(cur.id.as_str()) || replacements.contains(&cur.id) {
            continue;
        }
        out.push(Change {
            kind: ChangeKind::Added,
            service_number: cur.service_number.clone(),
            module: Some(cur.module.clone()),
            record: Some(cur.id.clone()),
            detail: format!(
                "added: {} {} record {} (entered after the sign-off)",
                cur.service_number,
                cur.module,
                describe(cur)
            ),
        });
    }
    out.extend(standing_changes(store, frozen)?);
    Ok(out)
}

/// Roster and readiness recomputed as of the frozen date, person by person.
fn standing_changes(store: &Store, frozen: &Report) -> Result<Vec<Change>> {
    let now = readiness::readiness(store, &frozen.header.code, frozen.header.as_of)?;
    let then: BTreeMap<&str, &report::PersonRow> = frozen
        .personnel
        .iter()
        .map(|p| (p.service_number.as_str(), p))
        .collect();
    let mut seen = BTreeSet::new();
    let mut out = Vec::new();
    for p in &now.personnel {
        seen.insert(p.service_number.as_str());
        let Some(old) = then.get(p.service_number.as_str()) else {
            out.push(Change {
                kind: ChangeKind::Joined,
                service_number: p.service_number.clone(),
                module: None,
                record: None,
                detail: format!(
                    "joined: {} {} was assigned after the sign-off",
                    p.service_number, p.family_name
                ),
            });
            continue;
        };
        for (code, s) in &p.modules {
            let before = old.modules.get(code).map(|m| m.status);
            if before != Some(s.status) {
                out.push(Change {
                    kind: ChangeKind::Status,
                    service_number: p.service_number.clone(),
                    module: Some(code.clone()),
                    record: None,
                    detail: format!(
                        "status: {} {code} was {} and is now {} as of {}",
                        p.service_number,
                        before.map(|s| s.as_str()).unwrap_or("not in the report"),
                        s.status.as_str(),
                        frozen.header.as_of
                    ),
                });
            }
        }
    }
    for p in &frozen.personnel {
        if !seen.contains(p.service_number.as_str()) {
            out.push(Change {
                kind: ChangeKind::Left,
                service_number: p.service_number.clone(),
                module: None,
                record: None,
                detail: format!(
                    "left: {} {} is no longer assigned",
                    p.service_number, p.family_name
                ),
            });
        }
    }
    Ok(out)
}

/// What `verify` found.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Verdict {
    pub sha256: String,
    /// The decision the file was signed off by, if the database recorded one.
    pub validation: Option<StoredValidation>,
    pub changes: Vec<Change>,
}

impl Verdict {
    pub fn unchanged(&self) -> bool {
        self.changes.is_empty()
    }
}

/// The marker a PDF carries so `verify` can find its frozen report again.
pub const PDF_MARKER: &str = "muster-report-sha256:";

/// Checks an exported report (PDF or JSON bytes) against the database.
pub fn verify(store: &Store, file: &[u8]) -> Result<Verdict> {
    if file.starts_with(b"%PDF") {
        let sha = pdf_marker(file).ok_or_else(|| {
            let ours = file.windows(13).any(|w| w == b"muster-report");
            Error::invalid(if ours {
                "this PDF is an unsigned working copy: no report was frozen for it, so there is nothing to compare (validate the contingent, then print the report again)"
            } else {
                "this PDF carries no Muster report hash: it was not made by `muster report`"
            })
        })?;
        let v = store.validations_by_sha256(&sha)?.pop().ok_or_else(|| {
            Error::invalid(format!(
                "report {sha} was never signed off in this database: only a validated report can be verified from its PDF (verify its JSON instead)"
            ))
        })?;
        let changes = changes(store, &frozen_report(&v)?)?;
        return Ok(Verdict {
            sha256: sha,
            validation: Some(v),
            changes,
        });
    }
    let text = std::str::from_utf8(file)
        .map_err(|_| Error::invalid("the file is neither a PDF nor a UTF-8 JSON report"))?;
    let r = report::from_json(text)?;
    let sha = report::sha256_hex(&report::canonical_json(&r));
    let mut changes = Vec::new();
    if let Some(stamp) = &r.validation {
        if stamp.sha256 != sha {
            changes.push(Change {
                kind: ChangeKind::Altered,
                service_number: String::new(),
                module: None,
                record: None,
                detail: format!(
                    "the file was altered after export: its content hashes to {sha}, but it was signed off as {}",
                    stamp.sha256
                ),
            });
        }
    }
    let validation = store.validations_by_sha256(&sha)?.pop();
    changes.extend(self::changes(store, &r)?);
    Ok(Verdict {
        sha256: sha,
        validation,
        changes,
    })
}

/// Finds the report hash a PDF was stamped with (its metadata keywords, written as
/// plain ASCII so they can be read back without a PDF parser).
pub fn pdf_marker(file: &[u8]) -> Option<String> {
    let m = PDF_MARKER.as_bytes();
    let at = file.windows(m.len()).position(|w| w == m)? + m.len();
    let hex = file.get(at..at + 64)?;
    hex.iter()
        .all(|b| b.is_ascii_hexdigit())
        .then(|| String::from_utf8_lossy(hex).to_lowercase())
}
