//! Field sync, the store's half (docs/sync.md): every record another installation needs,
//! named by what names it on every installation (a person by service number, a contingent
//! and a module by code, a record by its id), and the union of a received set with the
//! records held, applied in one transaction.
//!
//! The merge contract this slice keeps: a record already held is skipped, so receiving the
//! same records twice, or in another order, changes nothing; records are never changed
//! except an assignment that was ended elsewhere (ending wins). Details that differ (a
//! person, a module, a contingent) stay as this installation has them and are listed; a
//! correction that contradicts one held here (the same record amended on two laptops, or
//! amended on one and voided on the other) is kept beside it: the latest by order of entry
//! wins (`rules::corrections`) and the conflict is listed (`Store::correction_conflicts`).

use std::collections::{HashMap, HashSet};

use rusqlite::{params, OptionalExtension, Transaction};
use serde::{Deserialize, Serialize};

use super::conflicts::Contested;
use super::details::{self, Entity};
use super::roster::{close_twice, twice_closed, twice_closed_sql, Ended};
use super::sync_history::{self as history, HistoryAdded};
pub use super::sync_history::{SyncAuditEntry, SyncImport, Written};
pub use super::sync_said::{Changed, Decided, KeptHere};
use super::{audit, Store};
use crate::dates;
use crate::error::{Error, Result};
use crate::problem::Problem;
use crate::text;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SyncContingent {
    pub code: String,
    pub name: String,
    pub mission: String,
    pub parent_unit: String,
    pub training_start: String,
    pub deploy_on: String,
    pub tour_months: i64,
    pub created_at: String,
    pub created_by: String,
    pub archived_at: Option<String>,
    pub archived_by: Option<String>,
    /// The creation's order-of-entry stamp and installation (format 4; absent before):
    /// which of two creations of the same one counts.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub hlc: Option<i64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub origin: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SyncModule {
    pub code: String,
    pub title: String,
    pub per_rotation: i64,
    pub validity_months: Option<i64>,
    pub applies_to: String,
    pub hours: f64,
    pub pass_mark: Option<f64>,
    pub retired_at: Option<String>,
    pub created_at: String,
    pub title_ru: Option<String>,
    pub title_kk: Option<String>,
    /// The creation's order-of-entry stamp and installation (format 4; absent before):
    /// which of two creations of the same one counts.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub hlc: Option<i64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub origin: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SyncPerson {
    pub service_number: String,
    pub family_name: String,
    pub given_name: String,
    pub patronymic: Option<String>,
    pub rank: String,
    pub category: String,
    pub gender: String,
    pub role: String,
    pub unit: String,
    pub created_at: String,
    pub updated_at: String,
    /// The creation's order-of-entry stamp and installation (format 4; absent before):
    /// which of two creations of the same one counts.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub hlc: Option<i64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub origin: Option<String>,
}

/// An assignment is named by who, where, when and by whom it was made: the same on every
/// installation that holds it, with no number of this database's in it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SyncAssignment {
    /// The person's service number.
    pub person: String,
    /// The contingent's code.
    pub contingent: String,
    pub assigned_at: String,
    pub assigned_by: String,
    pub ended_at: Option<String>,
    pub ended_by: Option<String>,
    pub ended_reason: Option<String>,
    /// The stamps of the putting on and of the taking off (format 4; absent before, and
    /// for rows made before stamps): which event is later, whatever the laptops' clocks.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub hlc: Option<i64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ended_hlc: Option<i64>,
    /// The import that made it (format 5; absent for one made by hand).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub import: Option<Written>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SyncAttempt {
    /// The record's global id (UUIDv7).
    pub id: String,
    pub person: String,
    pub module: String,
    pub date: String,
    pub result: String,
    pub score: Option<f64>,
    pub hours: Option<f64>,
    pub instructor: String,
    pub notes: String,
    pub recorded_by: String,
    pub recorded_at: String,
    pub supersedes: Option<String>,
    pub reason: Option<String>,
    /// Order of entry (format 2): the stamp the entering installation gave the record
    /// (`store::stamps`; a record entered before stamps has its row number there). Absent
    /// in a format-1 bundle: the receiver stamps such records itself, in the bundle's order.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub hlc: Option<i64>,
    /// The installation that entered the record (its database identity); absent for a
    /// record entered before stamps (migration 0012).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub origin: Option<String>,
    /// The import that added it (format 5; absent for one logged by hand).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub import: Option<Written>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SyncVoiding {
    pub attempt_id: String,
    pub reason: String,
    pub voided_by: String,
    pub voided_at: String,
    /// Order of entry (format 3), as for an attempt: a voiding competes with amendments of
    /// the same record made elsewhere (`rules::corrections`). A voiding made before stamps
    /// (migration 0013) has its row number here. Absent in a format-1 or -2 bundle: the
    /// receiver stamps such voidings itself.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub hlc: Option<i64>,
    /// The installation that made the voiding; absent for one made before migration 0013.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub origin: Option<String>,
}

/// A validation decision is named by its whole content (the frozen report's hash in it).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SyncValidation {
    pub contingent: String,
    pub as_of: String,
    pub team: String,
    pub validator: String,
    pub decision: String,
    pub notes: String,
    pub recorded_by: String,
    pub recorded_at: String,
    pub report_json: String,
    pub report_sha256: String,
}

/// Every record a bundle carries, in the order they are applied (what a record names
/// comes before it; attempts in the order they were entered).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct SyncRecords {
    pub contingents: Vec<SyncContingent>,
    pub modules: Vec<SyncModule>,
    pub people: Vec<SyncPerson>,
    pub assignments: Vec<SyncAssignment>,
    pub attempts: Vec<SyncAttempt>,
    pub voidings: Vec<SyncVoiding>,
    pub validations: Vec<SyncValidation>,
    /// Every edit of details (format 4), in order of entry.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub detail_edits: Vec<super::details::Edit>,
    /// The import history (format 5), before the records that name its imports.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub imports: Vec<SyncImport>,
    /// The audit trail (format 5) but what is about the sending installation alone.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub audit: Vec<SyncAuditEntry>,
}

impl SyncRecords {
    pub fn len(&self) -> usize {
        self.contingents.len()
            + self.modules.len()
            + self.people.len()
            + self.assignments.len()
            + self.attempts.len()
            + self.voidings.len()
            + self.validations.len()
            + self.detail_edits.len()
            + self.imports.len()
            + self.audit.len()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

/// Who sent a bundle, and which bundle: what the receipt keeps.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct BundleFrom {
    /// All 64 upper-case hex digits of the SHA-256 of the sender's public key.
    pub fingerprint: String,
    pub sender_name: String,
    pub sender_database: String,
    /// SHA-256 of the signed header, lower-case hex.
    pub bundle_sha256: String,
    pub format_version: i64,
    pub made_at: String,
    /// The bundles the sender says it has received (format 4): those of ours among them
    /// are kept as acknowledged.
    pub received: Vec<String>,
}

/// What receiving a bundle added (or, in a dry run, would add).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Added {
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub contingents: u64,
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub modules: u64,
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub people: u64,
    /// Roster entries (assignments) added.
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub assignments: u64,
    /// Roster entries held here that the sender had ended, ended here too.
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub removals: u64,
    /// Attempts added that are not corrections.
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub records: u64,
    /// Attempts added that correct (supersede) another.
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub amendments: u64,
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub voidings: u64,
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub validations: u64,
    /// Records in the bundle this database already held.
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub already_held: u64,
    /// Where the bundle and this database did the same thing differently and this
    /// database's version was kept (both stay in the audit trail).
    #[serde(default, deserialize_with = "super::sync_said::lenient")]
    pub kept_here: Vec<KeptHere>,
    /// Edits of details (a person's, a contingent's, a module's) added.
    #[serde(default)]
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub details: u64,
    /// Details two installations set differently (added twice with different details, or
    /// edited from the same value to different ones): the later counts.
    #[serde(default, deserialize_with = "super::sync_said::lenient")]
    pub decided: Vec<Decided>,
    /// Groups of details (a person's unit, a module's pass mark …) held before the bundle
    /// that read otherwise after it, set apart on no two installations (those are in
    /// `decided`): an edit received, or an import undone elsewhere whose edits are taken
    /// back here. All of them counted; the first `CHANGED_LISTED` listed (by entity and
    /// key), so a receipt stays small.
    #[serde(default)]
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub details_changed: u64,
    #[serde(default, deserialize_with = "super::sync_said::lenient")]
    pub details_changed_listed: Vec<Changed>,
    /// Imports of files made elsewhere added to the import history (format 5).
    #[serde(default)]
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub imports: u64,
    /// Imports held here that were undone elsewhere, undone here too.
    #[serde(default)]
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub imports_undone: u64,
    /// Entries of the audit trail added (format 5).
    #[serde(default)]
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub audit: u64,
    /// People added whose service number looks like one held here or added before them
    /// (`КZ470007` or `KZ-470007` beside `KZ470007`): received all the same, since neither
    /// laptop can change a number and a refusal would keep the two apart for good, and
    /// listed to settle (`sync::look_alikes`).
    #[serde(default)]
    pub look_alikes: Vec<LookAlikeAdded>,
    /// Records this bundle leaves corrected on two installations (an amendment or voiding
    /// from each): the conflicts `sync::conflicts` would list anew. Said by a dry run too.
    #[serde(default)]
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub contested: u64,
}

/// A person a bundle adds whose service number looks like another's.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct LookAlikeAdded {
    pub service_number: String,
    /// The number it looks like, as written on file (or earlier in the bundle).
    pub looks_like: String,
}

impl Added {
    /// Records added or changed, the history told of them (audit trail, import history)
    /// left out: what `sync peers` counts as a peer's records.
    pub fn records_changed(&self) -> u64 {
        self.changed() - self.imports - self.imports_undone - self.audit
    }

    /// Records added or changed, and the history.
    pub fn changed(&self) -> u64 {
        self.contingents
            + self.modules
            + self.people
            + self.assignments
            + self.removals
            + self.records
            + self.amendments
            + self.voidings
            + self.validations
            + self.details
            + self.imports
            + self.imports_undone
            + self.audit
    }
}

/// An installation this database has received bundles from.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Peer {
    /// Short fingerprint, `3F2A 9C01 77DE 5B40`.
    pub fingerprint: String,
    /// The name its latest bundle was signed with.
    pub name: String,
    /// The name this database trusts its key by, if it does.
    pub trusted_as: Option<String>,
    pub first_received: String,
    pub last_received: String,
    /// When the newest of its bundles received here was made (on that laptop's clock): how
    /// far the records it sent go, which a bundle carried for days can be well before
    /// `last_received`.
    pub last_made: String,
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub bundles: u64,
    /// Records received from its bundles that were new here (a correction, a detail
    /// change and a roster entry count; the history told of them does not), all told.
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub records_added: u64,
}

/// How many of the details a bundle changes its report lists (all are counted).
pub const CHANGED_LISTED: usize = 50;

/// How a bundle is to be received.
pub struct Receive<'a> {
    pub from: &'a BundleFrom,
    /// Trust the sender's key by this name first (in the same transaction).
    pub trust_as: Option<&'a str>,
    pub by: &'a str,
    /// Work out what would be added, then write nothing.
    pub dry_run: bool,
    /// Of the records corrected more than once, those a person still has to settle, as
    /// the conflict list says (`sync::conflicts::open_records`): what settles a conflict
    /// is the sync layer's to say, and a bundle's count of new conflicts must agree with
    /// the list it sends the user to.
    pub open_conflicts: fn(Vec<Contested>) -> Vec<String>,
}

impl Store {
    /// Every record this database holds that another installation may lack.
    pub fn sync_records(&self) -> Result<SyncRecords> {
        self.sync_records_since(None)
    }

    /// The records entered or changed after entry `since` of this database's chain (all of
    /// them for None): what a peer that holds everything up to there lacks.
    pub fn sync_records_since(&self, since: Option<i64>) -> Result<SyncRecords> {
        let c = &self.conn;
        let changed = |table: &str, key: &str| match since {
            None => "1".to_string(),
            Some(seq) => format!(
                "{key} IN (SELECT row_key FROM ledger WHERE tbl = {} AND seq > {seq})",
                super::chain::table(table).expect("a chained table").code
            ),
        };
        let contingents = c
            .prepare(&format!(
                "SELECT code, name, mission, parent_unit, training_start, deploy_on, tour_months,
                        created_at, created_by, archived_at, archived_by, hlc, origin
                 FROM contingent WHERE {} ORDER BY id",
                changed("contingent", "id")
            ))?
            .query_map([], |r| {
                Ok(SyncContingent {
                    code: r.get(0)?,
                    name: r.get(1)?,
                    mission: r.get(2)?,
                    parent_unit: r.get(3)?,
                    training_start: r.get(4)?,
                    deploy_on: r.get(5)?,
                    tour_months: r.get(6)?,
                    created_at: r.get(7)?,
                    created_by: r.get(8)?,
                    archived_at: r.get(9)?,
                    archived_by: r.get(10)?,
                    hlc: r.get(11)?,
                    origin: r.get(12)?,
                })
            })?
            .collect::<rusqlite::Result<_>>()?;
        let modules = c
            .prepare(&format!(
                "SELECT code, title, per_rotation, validity_months, applies_to, hours, pass_mark,
                        retired_at, created_at, title_ru, title_kk, hlc, origin
                 FROM module WHERE {} ORDER BY id",
                changed("module", "id")
            ))?
            .query_map([], |r| {
                Ok(SyncModule {
                    code: r.get(0)?,
                    title: r.get(1)?,
                    per_rotation: r.get(2)?,
                    validity_months: r.get(3)?,
                    applies_to: r.get(4)?,
                    hours: r.get(5)?,
                    pass_mark: r.get(6)?,
                    retired_at: r.get(7)?,
                    created_at: r.get(8)?,
                    title_ru: r.get(9)?,
                    title_kk: r.get(10)?,
                    hlc: r.get(11)?,
                    origin: r.get(12)?,
                })
            })?
            .collect::<rusqlite::Result<_>>()?;
        let people = c
            .prepare(&format!(
                "SELECT service_number, family_name, given_name, patronymic, rank, category,
                        gender, role, unit, created_at, updated_at, hlc, origin
                 FROM person WHERE {} ORDER BY id",
                changed("person", "id")
            ))?
            .query_map([], |r| {
                Ok(SyncPerson {
                    service_number: r.get(0)?,
                    family_name: r.get(1)?,
                    given_name: r.get(2)?,
                    patronymic: r.get(3)?,
                    rank: r.get(4)?,
                    category: r.get(5)?,
                    gender: r.get(6)?,
                    role: r.get(7)?,
                    unit: r.get(8)?,
                    created_at: r.get(9)?,
                    updated_at: r.get(10)?,
                    hlc: r.get(11)?,
                    origin: r.get(12)?,
                })
            })?
            .collect::<rusqlite::Result<_>>()?;
        let assignments = c
            .prepare(&format!(
                "SELECT p.sn_key, c.code, a.assigned_at, a.assigned_by, a.ended_at, a.ended_by,
                        a.ended_reason, a.hlc, a.ended_hlc, {}
                 FROM assignment a JOIN person p ON p.id = a.person_id
                 JOIN contingent c ON c.id = a.contingent_id
                 LEFT JOIN import i ON i.id = a.import_id WHERE {} ORDER BY a.id",
                history::import_ref_sql("i"),
                changed("assignment", "a.id")
            ))?
            .query_map([], |r| {
                Ok(SyncAssignment {
                    person: r.get(0)?,
                    contingent: r.get(1)?,
                    assigned_at: r.get(2)?,
                    assigned_by: r.get(3)?,
                    ended_at: r.get(4)?,
                    ended_by: r.get(5)?,
                    ended_reason: r.get(6)?,
                    hlc: r.get(7)?,
                    ended_hlc: r.get(8)?,
                    import: history::import_ref(r, 9)?,
                })
            })?
            .collect::<rusqlite::Result<_>>()?;
        let attempts = c
            .prepare(&format!(
                "SELECT a.id, p.sn_key, m.code, a.date, a.result, a.score, a.hours, a.instructor,
                        a.notes, a.recorded_by, a.recorded_at, a.supersedes, a.reason,
                        coalesce(a.hlc, a.seq), a.origin, {}
                 FROM attempt a JOIN person p ON p.id = a.person_id
                 JOIN module m ON m.id = a.module_id
                 LEFT JOIN import i ON i.id = a.import_id WHERE {} ORDER BY a.seq",
                history::import_ref_sql("i"),
                changed("attempt", "a.seq")
            ))?
            .query_map([], |r| {
                Ok(SyncAttempt {
                    id: r.get(0)?,
                    person: r.get(1)?,
                    module: r.get(2)?,
                    date: r.get(3)?,
                    result: r.get(4)?,
                    score: r.get(5)?,
                    hours: r.get(6)?,
                    instructor: r.get(7)?,
                    notes: r.get(8)?,
                    recorded_by: r.get(9)?,
                    recorded_at: r.get(10)?,
                    supersedes: r.get(11)?,
                    reason: r.get(12)?,
                    hlc: r.get(13)?,
                    origin: r.get(14)?,
                    import: history::import_ref(r, 15)?,
                })
            })?
            .collect::<rusqlite::Result<_>>()?;
        let voidings = c
            .prepare(&format!(
                "SELECT attempt_id, reason, voided_by, voided_at, coalesce(hlc, rowid), origin
                 FROM voiding WHERE {}
                 UNION ALL
                 SELECT attempt_id, reason, voided_by, voided_at, hlc, origin
                 FROM voiding_also WHERE {}",
                changed("voiding", "attempt_id"),
                changed("voiding_also", "id")
            ))?
            .query_map([], |r| {
                Ok(SyncVoiding {
                    attempt_id: r.get(0)?,
                    reason: r.get(1)?,
                    voided_by: r.get(2)?,
                    voided_at: r.get(3)?,
                    hlc: r.get(4)?,
                    origin: r.get(5)?,
                })
            })?
            .collect::<rusqlite::Result<_>>()?;
        let validations = validations(c, &changed("validation", "v.id"))?;
        let columns: Vec<String> = super::details::COLUMNS
            .split(", ")
            .map(|c| format!("e.{c}"))
            .collect();
        let detail_edits = c
            .prepare(&format!(
                "SELECT {}, {} FROM detail_edit e LEFT JOIN import i ON i.id = e.import_id
                 WHERE {} ORDER BY e.hlc, e.id",
                columns.join(", "),
                history::import_ref_sql("i"),
                changed("detail_edit", "e.id")
            ))?
            .query_map([], |r| {
                Ok(super::details::Edit {
                    import: history::import_ref(r, 11)?,
                    ..super::details::from_row(r)?
                })
            })?
            .collect::<rusqlite::Result<_>>()?;
        Ok(SyncRecords {
            contingents,
            modules,
            people,
            assignments,
            attempts,
            voidings,
            validations,
            detail_edits,
            imports: history::imports(c, &changed("import", "i.id"))?,
            audit: history::audit_entries(c, &changed("audit", "a.id"))?,
        })
    }

    /// When this database received the bundle whose signed header has this SHA-256.
    pub fn bundle_received_at(&self, bundle_sha256: &str) -> Result<Option<String>> {
        Ok(self
            .conn
            .query_row(
                "SELECT received_at FROM sync_receipt WHERE bundle_sha256 = ?1",
                [bundle_sha256],
                |r| r.get(0),
            )
            .optional()?)
    }

    /// Takes the union of `records` and the records held, all or nothing, and keeps a
    /// receipt of the bundle; in a dry run, says what that would add and writes nothing.
    pub fn receive_bundle(&mut self, records: &SyncRecords, how: &Receive) -> Result<Added> {
        let by = text::operator(how.by)?;
        if self.read_only && !how.dry_run {
            return Err(Problem::ReadOnlyDatabase.into());
        }
        let tx = self
            .conn
            .transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
        let open = |tx: &Transaction| -> Result<HashSet<String>> {
            Ok((how.open_conflicts)(super::conflicts::contested_on(tx)?)
                .into_iter()
                .collect())
        };
        let before = open(&tx)?;
        let mut added = merge(&tx, records, &by, how.from.format_version >= 5)?;
        added.contested = open(&tx)?.difference(&before).count() as u64;
        if how.dry_run {
            tx.rollback()?;
            return Ok(added);
        }
        let now = dates::now_utc();
        if let Some(name) = how.trust_as {
            tx.execute(
                "INSERT INTO key_trust (fingerprint, trusted, name, reason, recorded_by, recorded_at)
                 VALUES (?1, 1, ?2, 'sent a sync bundle', ?3, ?4)",
                params![how.from.fingerprint, name, by, now],
            )?;
            let summary = serde_json::json!({ "name": name, "reason": "sent a sync bundle" });
            audit(
                &tx,
                &by,
                "trust key",
                "key",
                &how.from.fingerprint,
                super::NONE,
                Some(&summary),
            )?;
        }
        let f = how.from;
        let acks = super::sync_sent::ours(&tx, &f.received)?;
        tx.execute(
            "INSERT INTO sync_receipt (fingerprint, sender_name, sender_database, bundle_sha256,
                                       format_version, made_at, received_at, received_by, added,
                                       acks)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
            params![
                f.fingerprint,
                f.sender_name,
                f.sender_database,
                f.bundle_sha256,
                f.format_version,
                f.made_at,
                now,
                by,
                serde_json::to_string(&added).expect("serialisable"),
                (!acks.is_empty()).then(|| serde_json::to_string(&acks).expect("serialisable")),
            ],
        )?;
        audit(
            &tx,
            &by,
            "sync import",
            "bundle",
            &f.bundle_sha256,
            super::NONE,
            Some(&serde_json::json!({ "from": f, "added": &added })),
        )?;
        tx.commit()?;
        Ok(added)
    }

    /// The laptop whose newest bundle received here was made last: how far the records
    /// held here go, for a report signed off elsewhere and checked here.
    pub fn newest_bundle(&self) -> Result<Option<Peer>> {
        Ok(self
            .sync_peers()?
            .into_iter()
            .max_by(|a, b| a.last_made.cmp(&b.last_made)))
    }

    /// The installations this database has received bundles from, latest first.
    pub fn sync_peers(&self) -> Result<Vec<Peer>> {
        let mut st = self.conn.prepare(
            "SELECT fingerprint, min(received_at), max(received_at), count(*),
                    (SELECT sender_name FROM sync_receipt l WHERE l.fingerprint = r.fingerprint
                     ORDER BY l.id DESC LIMIT 1), max(made_at)
             FROM sync_receipt r GROUP BY fingerprint ORDER BY max(id) DESC",
        )?;
        type Row = (String, String, String, u64, String, String);
        let rows: Vec<Row> = st
            .query_map([], |r| {
                Ok((
                    r.get(0)?,
                    r.get(1)?,
                    r.get(2)?,
                    r.get(3)?,
                    r.get(4)?,
                    r.get(5)?,
                ))
            })?
            .collect::<rusqlite::Result<_>>()?;
        let mut out = Vec::new();
        for (fp, first, last, bundles, name, made) in rows {
            let mut added = 0;
            let mut st = self
                .conn
                .prepare_cached("SELECT added FROM sync_receipt WHERE fingerprint = ?1")?;
            for a in st.query_map([&fp], |r| r.get::<_, String>(0))? {
                if let Ok(a) = serde_json::from_str::<Added>(&a?) {
                    added += a.records_changed();
                }
            }
            let bytes: [u8; 32] = crate::fingerprint::unhex(fp.as_bytes())
                .and_then(|b| b.try_into().ok())
                .ok_or_else(|| Error::invalid(format!("sync_receipt: bad fingerprint {fp}")))?;
            let key = crate::fingerprint::Fingerprint::from_digest(bytes);
            out.push(Peer {
                fingerprint: key.short(),
                name,
                trusted_as: self.trusted_key(&key)?.map(|k| k.name),
                first_received: first,
                last_received: last,
                last_made: made,
                bundles,
                records_added: added,
            });
        }
        Ok(out)
    }
}

fn validations(c: &rusqlite::Connection, which: &str) -> Result<Vec<SyncValidation>> {
    Ok(c.prepare(&format!(
        "SELECT c.code, v.as_of, v.team, v.validator, v.decision, v.notes, v.recorded_by,
                v.recorded_at, v.report_json, v.report_sha256
         FROM validation v JOIN contingent c ON c.id = v.contingent_id WHERE {which} ORDER BY v.id"
    ))?
    .query_map([], |r| {
        Ok(SyncValidation {
            contingent: r.get(0)?,
            as_of: r.get(1)?,
            team: r.get(2)?,
            validator: r.get(3)?,
            decision: r.get(4)?,
            notes: r.get(5)?,
            recorded_by: r.get(6)?,
            recorded_at: r.get(7)?,
            report_json: r.get(8)?,
            report_sha256: r.get(9)?,
        })
    })?
    .collect::<rusqlite::Result<_>>()?)
}

/// SQL: whether the event stamped `a` at time `a_at` came after the one stamped `b` at
/// `b_at`: by stamps when both have one, else by time (rows from before stamps).
fn later_than(a: &str, a_at: &str, b: &str, b_at: &str) -> String {
    format!(
        "(CASE WHEN {a} IS NOT NULL AND {b} IS NOT NULL THEN {a} > {b} ELSE {a_at} > {b_at} END)"
    )
}

/// True when `ended` is the undo of import `import_id` (a row here) ending the entry it
/// made: the undo's time, operator and reason (`roster::undone_with_import_sql`).
fn ended_with_undo(tx: &Transaction, import_id: Option<i64>, ended: &Ended) -> Result<bool> {
    let (Some(id), Some(at)) = (import_id, &ended.0) else {
        return Ok(false);
    };
    Ok(tx
        .prepare_cached(&format!(
            "SELECT {}",
            super::roster::ended_by_undo_sql("?1", "?2", "?3", "?4")
        ))?
        .query_row(params![id, at, ended.1, ended.2], |r| r.get(0))?)
}

/// Ends the roster entry `id` as `e` says (when, by whom, why, its stamp).
fn end_entry(tx: &Transaction, id: i64, e: &Ended) -> Result<()> {
    tx.prepare_cached(
        "UPDATE assignment SET ended_at = ?2, ended_by = ?3, ended_reason = ?4, ended_hlc = ?5
         WHERE id = ?1",
    )?
    .execute(params![id, e.0, e.1, e.2, e.3])?;
    Ok(())
}

/// Of two removals of one roster entry, `a` was made later: by stamp, then time, author and
/// reason, so every laptop keeps the same one.
fn removed_later(a: &Ended, b: &Ended) -> bool {
    (a.3, &a.0, &a.1, &a.2) > (b.3, &b.0, &b.1, &b.2)
}

/// Of two entries putting one person on one roster, `a` was entered first: by stamp, by
/// time where either has none, then by who made it, so every laptop picks the same.
fn entered_before(a: (Option<i64>, &str, &str), b: (Option<i64>, &str, &str)) -> bool {
    match (a.0, b.0) {
        (Some(x), Some(y)) if x != y => x < y,
        _ => (a.1, a.2) < (b.1, b.2),
    }
}

/// A received row's details and creation stamp, as `details` reads a held one.
fn carried<T: Serialize>(
    entity: Entity,
    row: &T,
    hlc: Option<i64>,
    origin: &Option<String>,
) -> Result<details::Snapshot> {
    let serde_json::Value::Object(flat) = serde_json::to_value(row).expect("serialisable") else {
        unreachable!("a struct serialises to an object");
    };
    Ok(details::Snapshot {
        groups: details::group(entity, &flat),
        hlc,
        origin: origin.clone(),
        created_at: flat
            .get("created_at")
            .and_then(|v| v.as_str())
            .map(str::to_string),
    })
}

/// A bundle that names something it does not carry and this database does not hold.
fn dangling(what: &str, key: &str) -> Error {
    Error::Invalid(Problem::BundleIncomplete {
        what: what.into(),
        key: key.into(),
    })
}

/// The union, inside the caller's transaction.
/// `carries_history`: the bundle carries the audit trail (format 5).
fn merge(tx: &Transaction, r: &SyncRecords, by: &str, carries_history: bool) -> Result<Added> {
    let mut added = Added::default();
    // Rows whose details this merge may change: settled once every creation and edit of
    // details is in (`details::settle`).
    let mut touched = details::Touched::new();

    // Contingents, by code.
    let mut contingent_ids: HashMap<String, i64> = HashMap::new();
    for (id, code) in tx
        .prepare("SELECT id, code FROM contingent")?
        .query_map([], |r| Ok((r.get::<_, i64>(0)?, r.get::<_, String>(1)?)))?
        .collect::<rusqlite::Result<Vec<_>>>()?
    {
        contingent_ids.insert(code.to_uppercase(), id);
    }
    let held = held_contingents(tx)?;
    for c in &r.contingents {
        let key = c.code.to_uppercase();
        if held.iter().any(|h| h.code.to_uppercase() == key) {
            added.already_held += 1;
            let carried = carried(Entity::Contingent, c, c.hlc, &c.origin)?;
            details::creation_arrives(tx, Entity::Contingent, &key, &carried, &mut touched)?;
            continue;
        }
        tx.execute(
            "INSERT INTO contingent (code, name, mission, parent_unit, training_start, deploy_on,
                                     tour_months, created_at, created_by, archived_at, archived_by,
                                     hlc, origin)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13)",
            params![
                c.code,
                c.name,
                c.mission,
                c.parent_unit,
                c.training_start,
                c.deploy_on,
                c.tour_months,
                c.created_at,
                c.created_by,
                c.archived_at,
                c.archived_by,
                c.hlc,
                c.origin
            ],
        )?;
        contingent_ids.insert(key, tx.last_insert_rowid());
        added.contingents += 1;
    }

    // Modules, by code.
    let mut module_ids: HashMap<String, i64> = HashMap::new();
    let held_modules: Vec<(i64, SyncModule)> = tx
        .prepare(
            "SELECT id, code, title, per_rotation, validity_months, applies_to, hours, pass_mark,
                    retired_at, created_at, title_ru, title_kk FROM module",
        )?
        .query_map([], |r| {
            Ok((
                r.get(0)?,
                SyncModule {
                    code: r.get(1)?,
                    title: r.get(2)?,
                    per_rotation: r.get(3)?,
                    validity_months: r.get(4)?,
                    applies_to: r.get(5)?,
                    hours: r.get(6)?,
                    pass_mark: r.get(7)?,
                    retired_at: r.get(8)?,
                    created_at: r.get(9)?,
                    title_ru: r.get(10)?,
                    title_kk: r.get(11)?,
                    hlc: None,
                    origin: None,
                },
            ))
        })?
        .collect::<rusqlite::Result<_>>()?;
    for (id, m) in &held_modules {
        module_ids.insert(m.code.to_uppercase(), *id);
    }
    for m in &r.modules {
        let key = m.code.to_uppercase();
        if held_modules
            .iter()
            .any(|(_, h)| h.code.to_uppercase() == key)
        {
            added.already_held += 1;
            let carried = carried(Entity::Module, m, m.hlc, &m.origin)?;
            details::creation_arrives(tx, Entity::Module, &key, &carried, &mut touched)?;
            continue;
        }
        tx.execute(
            "INSERT INTO module (code, title, per_rotation, validity_months, applies_to, hours,
                                 pass_mark, retired_at, created_at, title_ru, title_kk, hlc, origin)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13)",
            params![
                m.code,
                m.title,
                m.per_rotation,
                m.validity_months,
                m.applies_to,
                m.hours,
                m.pass_mark,
                m.retired_at,
                m.created_at,
                m.title_ru,
                m.title_kk,
                m.hlc,
                m.origin
            ],
        )?;
        module_ids.insert(key, tx.last_insert_rowid());
        added.modules += 1;
    }

    // People, by service number.
    let mut person_ids: HashMap<String, (i64, SyncPerson)> = HashMap::new();
    for (id, p) in tx
        .prepare(
            "SELECT id, service_number, family_name, given_name, patronymic, rank, category,
                    gender, role, unit, created_at, updated_at FROM person",
        )?
        .query_map([], |r| {
            Ok((
                r.get::<_, i64>(0)?,
                SyncPerson {
                    service_number: r.get(1)?,
                    family_name: r.get(2)?,
                    given_name: r.get(3)?,
                    patronymic: r.get(4)?,
                    rank: r.get(5)?,
                    category: r.get(6)?,
                    gender: r.get(7)?,
                    role: r.get(8)?,
                    unit: r.get(9)?,
                    created_at: r.get(10)?,
                    updated_at: r.get(11)?,
                    hlc: None,
                    origin: None,
                },
            ))
        })?
        .collect::<rusqlite::Result<Vec<_>>>()?
    {
        person_ids.insert(text::sn_key(&p.service_number), (id, p));
    }
    // A new service number is taken as the sending laptop made it, which checked it there;
    // one that looks like a number held here is noted and listed (`sync::look_alikes`).
    let mut numbers = super::numbers::Numbers::load(tx)?;
    for p in &r.people {
        let key = text::sn_key(&p.service_number);
        if person_ids.contains_key(&key) {
            added.already_held += 1;
            let carried = carried(Entity::Person, p, p.hlc, &p.origin)?;
            details::creation_arrives(tx, Entity::Person, &key, &carried, &mut touched)?;
            continue;
        }
        if let Some(looks_like) = numbers.received(&p.service_number) {
            added.look_alikes.push(LookAlikeAdded {
                service_number: p.service_number.clone(),
                looks_like,
            });
        }
        tx.prepare_cached(
            "INSERT INTO person (service_number, sn_key, family_name, given_name, patronymic,
                                 rank, category, gender, role, unit, created_at, updated_at,
                                 hlc, origin)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14)",
        )?
        .execute(params![
            p.service_number,
            key,
            p.family_name,
            p.given_name,
            p.patronymic,
            p.rank,
            p.category,
            p.gender,
            p.role,
            p.unit,
            p.created_at,
            p.updated_at,
            p.hlc,
            p.origin
        ])?;
        person_ids.insert(key, (tx.last_insert_rowid(), p.clone()));
        added.people += 1;
    }
    let contingent = |code: &str| -> Result<i64> {
        contingent_ids
            .get(&code.to_uppercase())
            .copied()
            .ok_or_else(|| dangling("contingent", code))
    };
    let module = |code: &str| -> Result<i64> {
        module_ids
            .get(&code.to_uppercase())
            .copied()
            .ok_or_else(|| dangling("module", code))
    };

    // The import history, before the records that name its imports.
    let mut history = HistoryAdded::default();
    let imports = history::receive_imports(tx, &r.imports, contingent, &mut history)?;
    let import = |w: &Option<Written>| -> Result<Option<i64>> {
        w.as_ref()
            .map(|w| {
                imports
                    .get(w)
                    .copied()
                    .ok_or_else(|| dangling("import", &format!("#{} of {}", w.origin_id, w.origin)))
            })
            .transpose()
    };

    // Edits of details, then every row they or a creation touched brought to what its
    // latest creation and edits say (docs/sync.md "Details"), the rows an import undone
    // here by this bundle had changed among them.
    details::touch_edited_by(tx, &history.undone_here, &mut touched)?;
    added.details = details::edits_arrive(tx, &r.detail_edits, &import, &mut touched)?;
    // A bundle that carries the audit trail (format 5) carries the entries of the edits
    // themselves; for one that does not, each row changed here gets an entry.
    let settled = details::settle(tx, &touched, by, !carries_history)?;
    added.decided.extend(settled.decided);
    added.details_changed = settled.changed.len() as u64;
    added.details_changed_listed = settled.changed.into_iter().take(CHANGED_LISTED).collect();
    let person = |sn: &str| -> Result<i64> {
        person_ids
            .get(&text::sn_key(sn))
            .map(|(id, _)| *id)
            .ok_or_else(|| dangling("person", sn))
    };

    // Assignments, by who, where, when and by whom. A person's place on a roster is
    // decided by the latest event, assignment or removal, by its stamp (by its time when
    // either was made before stamps): a removal ends an entry here that was made before it
    // (two laptops that each read the same roster file hold two entries for one person),
    // and an entry made before a removal held here arrives ended. Ended ones first, so that
    // a person taken off and put back on the roster elsewhere is put back here too.
    let mut order: Vec<&SyncAssignment> = r.assignments.iter().collect();
    order.sort_by_key(|a| a.ended_at.is_none());
    for a in order {
        let (p, c) = (person(&a.person)?, contingent(&a.contingent)?);
        let mut ended: Ended = (
            a.ended_at.clone(),
            a.ended_by.clone(),
            a.ended_reason.clone(),
            a.ended_hlc,
        );
        // Ended there as the later of two entries, or by the undo of its import: not by a
        // removal, which would take the person off this roster altogether.
        let sent_twice = twice_closed(&ended, &a.assigned_at, a.hlc);
        // The import it names, if held here (a row it already holds needs none to be
        // received: only a row added here must find its import).
        let import_id = import(&a.import);
        let sent_undone = ended_with_undo(tx, import_id.as_ref().ok().copied().flatten(), &ended)?;
        let held: Option<(i64, Ended)> = tx
            .prepare_cached(
                "SELECT id, ended_at, ended_by, ended_reason, ended_hlc FROM assignment
                 WHERE person_id = ?1 AND contingent_id = ?2 AND assigned_at = ?3
                   AND assigned_by = ?4",
            )?
            .query_row(params![p, c, a.assigned_at, a.assigned_by], |r| {
                Ok((r.get(0)?, (r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?)))
            })
            .optional()?;
        if let Some((id, held)) = held {
            added.already_held += 1;
            let held_twice = twice_closed(&held, &a.assigned_at, a.hlc);
            // Ended there and open here, or ended by hand there and here closed as a second
            // entry (a removal outranks that closing): ended here as there.
            if ended.0.is_some() && (held.0.is_none() || (held_twice && !sent_twice)) {
                end_entry(tx, id, &ended)?;
                added.removals += 1;
            } else if held.0.is_some()
                && ended.0.is_some()
                && held != ended
                && held_twice == sent_twice
            {
                // Taken off on two laptops (each with its own when and why): the later
                // removal counts on every laptop; both stay in the audit trail.
                if removed_later(&ended, &held) {
                    end_entry(tx, id, &ended)?;
                    added.removals += 1;
                } else {
                    added.kept_here.push(KeptHere::RosterEnded {
                        person: a.person.clone(),
                        contingent: a.contingent.clone(),
                    });
                }
            }
        } else {
            if ended.0.is_none() {
                type Active = (i64, Option<i64>, String, String);
                let active: Option<Active> = tx
                    .prepare_cached(
                        "SELECT id, hlc, assigned_at, assigned_by FROM assignment
                         WHERE person_id = ?1 AND contingent_id = ?2 AND ended_at IS NULL",
                    )?
                    .query_row(params![p, c], |r| {
                        Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?))
                    })
                    .optional()?;
                if let Some((id, hlc, at, by)) = active {
                    // Put on this roster on two laptops before they heard of each other
                    // (both read the same roster file, say): every laptop keeps both
                    // entries, the earlier on the roster and the later closed where it
                    // began, whichever arrives first.
                    let sent = (a.hlc, a.assigned_at.as_str(), a.assigned_by.as_str());
                    if entered_before((hlc, &at, &by), sent) {
                        ended = close_twice(&a.assigned_at, &a.assigned_by, a.hlc);
                    } else {
                        end_entry(tx, id, &close_twice(&at, &by, hlc))?;
                    }
                } else {
                    // Taken off here after it was made: it arrives ended, as here.
                    let later: Option<Ended> = tx
                        .prepare_cached(&format!(
                            "SELECT ended_at, ended_by, ended_reason, ended_hlc FROM assignment
                             WHERE person_id = ?1 AND contingent_id = ?2 AND ended_at IS NOT NULL
                               AND {} AND NOT {} AND NOT {}
                             ORDER BY coalesce(ended_hlc, 0) DESC, ended_at DESC, id DESC LIMIT 1",
                            later_than("ended_hlc", "ended_at", "?4", "?3"),
                            twice_closed_sql("assignment"),
                            super::roster::undone_with_import_sql("assignment")
                        ))?
                        .query_row(params![p, c, a.assigned_at, a.hlc], |r| {
                            Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?))
                        })
                        .optional()?;
                    if let Some(later) = later {
                        ended = later;
                    }
                }
            }
            tx.prepare_cached(
                "INSERT INTO assignment (person_id, contingent_id, assigned_at, assigned_by,
                                         ended_at, ended_by, ended_reason, hlc, ended_hlc,
                                         import_id)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
            )?
            .execute(params![
                p,
                c,
                a.assigned_at,
                a.assigned_by,
                ended.0,
                ended.1,
                ended.2,
                a.hlc,
                ended.3,
                import_id?
            ])?;
            added.assignments += 1;
        }
        if let (Some(at), false) = (&a.ended_at, sent_twice || sent_undone) {
            // The removal also ends any entry here made before it.
            added.removals += tx.execute(
                &format!(
                    "UPDATE assignment SET ended_at = ?3, ended_by = ?4, ended_reason = ?5,
                                           ended_hlc = ?6
                     WHERE person_id = ?1 AND contingent_id = ?2 AND ended_at IS NULL
                       AND {}",
                    later_than("?6", "?3", "hlc", "assigned_at")
                ),
                params![p, c, at, a.ended_by, a.ended_reason, a.ended_hlc],
            )? as u64;
        }
    }

    // Attempts, by id, in the order the sender entered them.
    let mut held_attempts: HashSet<String> = tx
        .prepare("SELECT id FROM attempt")?
        .query_map([], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    // Stamps for records and voidings a format-1 or -2 bundle carries without one: this
    // installation's next ones, after every stamp held or carried, in the bundle's order.
    let mut unstamped = {
        let carried = r
            .attempts
            .iter()
            .filter_map(|a| a.hlc)
            .chain(r.voidings.iter().filter_map(|v| v.hlc))
            .max();
        let held = super::stamps::last(tx)?;
        super::stamps::first_after(held.max(carried), super::stamps::now_ms())
    };
    let mut next_stamp = move || {
        unstamped += 1;
        unstamped - 1
    };
    {
        let mut batch = AttemptBatch::new();
        for a in &r.attempts {
            if held_attempts.contains(&a.id) {
                added.already_held += 1;
                continue;
            }
            // A record corrected here and differently in the bundle keeps both corrections:
            // the latest by order of entry wins, and the conflict is listed
            // (`rules::corrections`, `sync::conflicts`).
            if let Some(old) = &a.supersedes {
                if !held_attempts.contains(old) {
                    return Err(dangling("record", old));
                }
            }
            batch.push(
                tx,
                Resolved {
                    a,
                    person: person(&a.person)?,
                    module: module(&a.module)?,
                    hlc: a.hlc.unwrap_or_else(&mut next_stamp),
                    import: import(&a.import)?,
                },
            )?;
            held_attempts.insert(a.id.clone());
            if a.supersedes.is_some() {
                added.amendments += 1;
            } else {
                added.records += 1;
            }
        }
        batch.flush(tx)?;
    }

    // Voidings, by what they say (record, reason, who, when): the stamp a voiding carries
    // may be one its receiver gave it (a format-1 or -2 bundle).
    type Said = (String, String, String, String);
    let mut held_voidings: HashSet<Said> = tx
        .prepare(
            "SELECT attempt_id, reason, voided_by, voided_at FROM voiding
             UNION ALL
             SELECT attempt_id, reason, voided_by, voided_at FROM voiding_also",
        )?
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)))?
        .collect::<rusqlite::Result<_>>()?;
    let mut voided: HashSet<String> = tx
        .prepare("SELECT attempt_id FROM voiding")?
        .query_map([], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    for v in &r.voidings {
        let said = (
            v.attempt_id.clone(),
            v.reason.clone(),
            v.voided_by.clone(),
            v.voided_at.clone(),
        );
        if held_voidings.contains(&said) {
            added.already_held += 1;
            continue;
        }
        if !held_attempts.contains(&v.attempt_id) {
            return Err(dangling("record", &v.attempt_id));
        }
        held_voidings.insert(said);
        // A record's first voiding goes to `voiding`. One voided here too, differently, is
        // kept beside it in `voiding_also` (a conflict of reasons only); one amended here and
        // voided in the bundle keeps both, and the latest wins (as above).
        let table = if voided.insert(v.attempt_id.clone()) {
            "voiding"
        } else {
            "voiding_also"
        };
        tx.prepare_cached(&format!(
            "INSERT INTO {table} (attempt_id, reason, voided_by, voided_at, hlc, origin)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6)"
        ))?
        .execute(params![
            v.attempt_id,
            v.reason,
            v.voided_by,
            v.voided_at,
            v.hlc.unwrap_or_else(&mut next_stamp),
            v.origin
        ])?;
        added.voidings += 1;
    }

    // Validation decisions, by their whole content.
    let held_validations = validations(tx, "1")?;
    for v in &r.validations {
        if held_validations.iter().any(|h| h == v) {
            added.already_held += 1;
            continue;
        }
        tx.execute(
            "INSERT INTO validation (contingent_id, as_of, team, validator, decision, notes,
                                     recorded_by, recorded_at, report_json, report_sha256)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
            params![
                contingent(&v.contingent)?,
                v.as_of,
                v.team,
                v.validator,
                v.decision,
                v.notes,
                v.recorded_by,
                v.recorded_at,
                v.report_json,
                v.report_sha256
            ],
        )?;
        added.validations += 1;
    }

    // The audit trail, last: it tells of everything above.
    history::receive_audit(tx, &r.audit, &mut history)?;
    added.imports = history.imports;
    added.imports_undone = history.undone;
    added.kept_here.extend(history.undone_differently);
    added.audit = history.audit;
    added.already_held += history.already_held;
    Ok(added)
}

/// An attempt as it is written: the bundle's record with this database's numbers for its
/// person, module and import, and its stamp.
struct Resolved<'r> {
    a: &'r SyncAttempt,
    person: i64,
    module: i64,
    hlc: i64,
    import: Option<i64>,
}

/// Attempts written `ATTEMPT_BATCH` rows to a statement, in the bundle's order. Each
/// statement inside the transaction keeps a copy of every page it changes until it ends
/// (so that a refused row undoes only its statement), and opens a cursor on the table,
/// its indexes and the chain: with a statement per record, keeping those copies and
/// ending the statements were 18% of a large bundle's import (`perf`); 64 to a statement
/// made the import about 5% faster. A refused row still refuses the whole bundle.
struct AttemptBatch<'r> {
    rows: Vec<Resolved<'r>>,
    /// The statement for a whole batch, made once.
    whole: String,
}

const ATTEMPT_BATCH: usize = 64;
const ATTEMPT_COLUMNS: usize = 16;

/// The INSERT of `rows` attempts.
fn attempt_insert(rows: usize) -> String {
    let one = format!("({})", vec!["?"; ATTEMPT_COLUMNS].join(", "));
    format!(
        "INSERT INTO attempt (id, person_id, module_id, date, result, score, hours,
                              instructor, notes, recorded_by, recorded_at, supersedes, reason,
                              hlc, origin, import_id)
         VALUES {}",
        vec![one; rows].join(", ")
    )
}

impl<'r> AttemptBatch<'r> {
    fn new() -> Self {
        AttemptBatch {
            rows: Vec::with_capacity(ATTEMPT_BATCH),
            whole: attempt_insert(ATTEMPT_BATCH),
        }
    }

    fn push(&mut self, tx: &Transaction, row: Resolved<'r>) -> Result<()> {
        self.rows.push(row);
        if self.rows.len() == ATTEMPT_BATCH {
            self.flush(tx)?;
        }
        Ok(())
    }

    fn flush(&mut self, tx: &Transaction) -> Result<()> {
        if self.rows.is_empty() {
            return Ok(());
        }
        let mut st = if self.rows.len() == ATTEMPT_BATCH {
            tx.prepare_cached(&self.whole)?
        } else {
            // The last, shorter batch: once per bundle.
            tx.prepare_cached(&attempt_insert(self.rows.len()))?
        };
        for (i, r) in self.rows.iter().enumerate() {
            let a = r.a;
            let params = params![
                a.id,
                r.person,
                r.module,
                a.date,
                a.result,
                a.score,
                a.hours,
                a.instructor,
                a.notes,
                a.recorded_by,
                a.recorded_at,
                a.supersedes,
                a.reason,
                r.hlc,
                a.origin,
                r.import
            ];
            debug_assert_eq!(params.len(), ATTEMPT_COLUMNS);
            for (j, v) in params.iter().enumerate() {
                st.raw_bind_parameter(i * ATTEMPT_COLUMNS + j + 1, v)?;
            }
        }
        st.raw_execute()?;
        self.rows.clear();
        Ok(())
    }
}

fn held_contingents(tx: &Transaction) -> Result<Vec<SyncContingent>> {
    Ok(tx
        .prepare(
            "SELECT code, name, mission, parent_unit, training_start, deploy_on, tour_months,
                        created_at, created_by, archived_at, archived_by FROM contingent",
        )?
        .query_map([], |r| {
            Ok(SyncContingent {
                code: r.get(0)?,
                name: r.get(1)?,
                mission: r.get(2)?,
                parent_unit: r.get(3)?,
                training_start: r.get(4)?,
                deploy_on: r.get(5)?,
                tour_months: r.get(6)?,
                created_at: r.get(7)?,
                created_by: r.get(8)?,
                archived_at: r.get(9)?,
                archived_by: r.get(10)?,
                hlc: None,
                origin: None,
            })
        })?
        .collect::<rusqlite::Result<_>>()?)
}
