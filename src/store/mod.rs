//! The store: the only code that writes SQL. Reads take `&self`; every write runs in a
//! transaction and leaves an audit entry, so a half-done change never reaches the disk.
//! Opening a file, its migrations and its triggers are the store's too (`db`): the
//! migrations install the chain's triggers (`chain`) and translate the default curriculum.

mod attempts;
mod backup;
mod before_training;
pub mod chain;
mod conflicts;
mod contingents;
mod creations;
pub(crate) mod curriculum;
pub mod db;
mod detail_kept;
pub mod details;
mod exports;
mod feed;
mod floor;
pub mod identity;
mod imports;
pub mod indexes;
pub mod integrity;
mod keys;
mod merge;
mod numbers;
mod people;
mod person_changes;
mod readiness_input;
pub mod references;
mod roster;
mod roster_order;
pub(crate) mod scan;
pub mod schema;
mod service;
mod stamps;
mod standing;
mod sync;
mod sync_history;
mod sync_said;
mod sync_sent;
mod undo_details;
mod validations;
mod writer;

use std::path::Path;
use std::sync::LazyLock;

use rusqlite::{Connection, OptionalExtension};
use serde::Serialize;

use crate::dates;
use crate::error::Result;

pub use before_training::BeforeStart;
pub use conflicts::{Contested, HeldAmendment, HeldVoiding};
pub use contingents::Archived;
pub use creations::{CompetingCreations, Creation};
pub use imports::{ImportCounts, ImportRecord, ImportSource, UndoReport};
pub use keys::TrustedKey;
pub use merge::{MergePlan, MergeRecord, MergeRoster, Merged, RemovedApart};
pub use people::PersonChange;
pub(crate) use person_changes::person_diff;
pub use person_changes::{reads_otherwise, DetailChange, FieldChange, UndoOf};
pub use readiness_input::ReadinessInput;
pub use roster::{AlsoElsewhere, OffRoster};
pub use service::{PersonFacts, Served};
pub use stamps::COUNTER_BITS;
pub use sync::{
    Added, BundleFrom, Decided, KeptHere, LookAlikeAdded, Peer, Receive, SyncAssignment,
    SyncAttempt, SyncContingent, SyncImport, SyncModule, SyncPerson, SyncRecords, SyncValidation,
    SyncVoiding,
};
pub use undo_details::DetailKept;
pub use validations::{CoveredRecord, NewValidation, RecordDetail, StoredValidation};
pub use writer::{StagedRow, Writer};

pub struct Store {
    conn: Connection,
    read_only: bool,
    /// Refuses the file as input while it is open for writing here; after `conn`, so it
    /// is let go once the connection is closed.
    _open: Option<crate::input::OpenDatabase>,
}

/// One line of the audit log.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct AuditEntry {
    pub at: String,
    pub actor: String,
    pub action: String,
    pub entity: String,
    pub entity_id: String,
    /// The entity before the change, as stored (JSON), when there was one.
    #[cfg_attr(feature = "ts", ts(type = "unknown"))]
    pub old_value: Option<serde_json::Value>,
    /// The entity after the change, or the change's summary (JSON).
    #[cfg_attr(feature = "ts", ts(type = "unknown"))]
    pub new_value: Option<serde_json::Value>,
    /// The database identity of the installation that wrote the entry (this one's own, or
    /// another laptop's for an entry received in a bundle): `activity::log` names it.
    pub installation: Option<String>,
}

impl Store {
    /// Opens the database file, creating or upgrading it.
    /// A file that cannot be written (read-only media, a full disk) opens read-only.
    pub fn open(path: &Path) -> Result<Store> {
        let db = db::open(path)?;
        let open = (!db.read_only).then(|| crate::input::OpenDatabase::new(path));
        Ok(Store {
            conn: db.conn,
            read_only: db.read_only,
            _open: open,
        })
    }

    /// Opens an existing database without ever writing to it.
    pub fn open_read_only(path: &Path) -> Result<Store> {
        let db = db::open_read_only(path)?;
        Ok(Store {
            conn: db.conn,
            read_only: true,
            _open: None,
        })
    }

    /// Opens a database read-only at the version it is, for `check`.
    pub fn open_for_check(path: &Path) -> Result<Store> {
        let db = db::open_as_found(path)?;
        Ok(Store {
            conn: db.conn,
            read_only: true,
            _open: None,
        })
    }

    /// How the protective triggers differ from what they must be.
    pub fn trigger_survey(&self) -> Result<Vec<chain::Repair>> {
        Ok(chain::survey(&self.conn)?)
    }

    pub fn open_in_memory() -> Result<Store> {
        Ok(Store {
            conn: db::open_in_memory()?,
            read_only: false,
            _open: None,
        })
    }

    /// True for a copy that can only be read: every change is refused.
    pub fn is_read_only(&self) -> bool {
        self.read_only
    }

    /// The database file, or None in memory.
    pub fn path(&self) -> Option<&Path> {
        self.conn.path().filter(|p| !p.is_empty()).map(Path::new)
    }

    /// A mark that changes whenever the records may have changed: any write through this
    /// connection (`total_changes()`) or a commit by any other (`PRAGMA data_version`,
    /// e.g. the command line). Equal marks: what was computed from the records still holds.
    pub fn revision(&self) -> Result<(i64, i64)> {
        let theirs: i64 = self
            .conn
            .query_row("PRAGMA data_version", [], |r| r.get(0))?;
        let ours: i64 = self
            .conn
            .query_row("SELECT total_changes()", [], |r| r.get(0))?;
        Ok((theirs, ours))
    }

    /// Starts a write transaction for a batch of changes (an import, a session).
    pub fn writer(&mut self) -> Result<Writer<'_>> {
        Writer::begin(&mut self.conn)
    }

    /// The audit log, newest first, optionally only for one entity.
    pub fn audit_log(&self, entity_id: Option<&str>, limit: usize) -> Result<Vec<AuditEntry>> {
        // Two statements, not `?1 IS NULL OR entity_id = ?1`: SQLite cannot use the
        // audit_entity index for a condition that may be always true.
        let parse = |s: Option<String>| s.and_then(|s| serde_json::from_str(&s).ok());
        let entry = |r: &rusqlite::Row| {
            Ok(AuditEntry {
                at: r.get(0)?,
                actor: r.get(1)?,
                action: r.get(2)?,
                entity: r.get(3)?,
                entity_id: r.get(4)?,
                old_value: parse(r.get(5)?),
                new_value: parse(r.get(6)?),
                installation: r.get(7)?,
            })
        };
        let limit = limit.min(i64::MAX as usize) as i64;
        let rows = match entity_id {
            Some(id) => self
                .conn
                .prepare_cached(&AUDIT_OF_ENTITY)?
                .query_map(rusqlite::params![id, limit], entry)?
                .collect::<rusqlite::Result<_>>()?,
            None => self
                .conn
                .prepare_cached(&AUDIT_ALL)?
                .query_map([limit], entry)?
                .collect::<rusqlite::Result<_>>()?,
        };
        Ok(rows)
    }

    fn meta(&self, key: &str) -> Result<Option<String>> {
        Ok(self
            .conn
            .query_row("SELECT value FROM meta WHERE key = ?1", [key], |r| r.get(0))
            .optional()?)
    }
}

/// Newest first by when each entry was made, entries of one millisecond by the names every
/// installation gives them (`sync_history::Written`): the same order on every installation
/// that holds the same entries, whatever order they arrived in.
static AUDIT_OF_ENTITY: LazyLock<String> = LazyLock::new(|| {
    format!(
        "SELECT at, actor, action, entity, entity_id, old_value, new_value, {0} FROM audit
         WHERE entity_id = ?1
         ORDER BY at DESC, {0} DESC, coalesce(origin_id, id) DESC LIMIT ?2",
        identity::writer_sql("audit", "audit")
    )
});
static AUDIT_ALL: LazyLock<String> = LazyLock::new(|| {
    format!(
        "SELECT at, actor, action, entity, entity_id, old_value, new_value, {0} FROM audit
         ORDER BY at DESC, {0} DESC, coalesce(origin_id, id) DESC LIMIT ?1",
        identity::writer_sql("audit", "audit")
    )
});

/// Appends to the audit log inside the caller's transaction.
pub(crate) fn audit(
    conn: &Connection,
    actor: &str,
    action: &str,
    entity: &str,
    entity_id: &str,
    old: Option<&impl Serialize>,
    new: Option<&impl Serialize>,
) -> Result<()> {
    fn json(v: Option<&impl Serialize>) -> Option<String> {
        v.map(|v| serde_json::to_string(v).expect("serialisable"))
    }
    conn.prepare_cached(
        "INSERT INTO audit (at, actor, action, entity, entity_id, old_value, new_value)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
    )?
    .execute(rusqlite::params![
        dates::now_utc(),
        actor,
        action,
        entity,
        entity_id,
        json(old),
        json(new)
    ])?;
    Ok(())
}

/// Audit entries that carry no old or new value.
pub(crate) const NONE: Option<&()> = None;

#[cfg(test)]
mod tests {
    use super::*;

    /// A person screen reads that person's audit entries through the index, newest first
    /// by when they were made (entries from other installations arrive late), without
    /// scanning or sorting the whole log.
    #[test]
    fn one_entitys_audit_entries_are_read_through_the_index() {
        let store = Store::open_in_memory().unwrap();
        let mut st = store
            .conn
            .prepare(&format!("EXPLAIN QUERY PLAN {}", *AUDIT_OF_ENTITY))
            .unwrap();
        let plan: Vec<String> = st
            .query_map(["KZ1", "10"], |r| r.get(3))
            .unwrap()
            .collect::<rusqlite::Result<_>>()
            .unwrap();
        let plan = plan.join(" | ");
        assert!(plan.contains("USING INDEX audit_entity"), "{plan}");
        // Only entries of one millisecond are sorted among themselves.
        assert!(!plan.contains("TEMP B-TREE FOR ORDER BY"), "{plan}");
    }

    /// The whole log's latest entries are read through the index of times, not by sorting
    /// the whole log (a year of a training centre's work).
    #[test]
    fn the_latest_audit_entries_are_read_through_the_index_of_times() {
        let store = Store::open_in_memory().unwrap();
        let mut st = store
            .conn
            .prepare(&format!("EXPLAIN QUERY PLAN {}", *AUDIT_ALL))
            .unwrap();
        let plan: Vec<String> = st
            .query_map(["100"], |r| r.get(3))
            .unwrap()
            .collect::<rusqlite::Result<_>>()
            .unwrap();
        let plan = plan.join(" | ");
        assert!(plan.contains("USING INDEX audit_at"), "{plan}");
        assert!(!plan.contains("TEMP B-TREE FOR ORDER BY"), "{plan}");
    }
}
