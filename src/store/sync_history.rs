//! The history that travels with the records (bundle format 5, migration 0015): the audit
//! trail and the import history, so every installation can say who did what, when and
//! where, and which file a record came from, whichever laptop it was entered on.
//!
//! An entry is named everywhere by the installation that wrote it and its number there
//! (`Written`); an entry written here stores neither (this database's identity and the
//! row's id name it), one received stores its writer's. The union is taken: an entry held
//! is skipped, whatever route it came by. Entries about this installation alone (bundles
//! it received, keys it trusts, triggers it put back) stay here.

use std::collections::HashMap;

use rusqlite::{params, Connection, OptionalExtension};
use serde::{Deserialize, Serialize};

use super::imports::ImportFacts;
use crate::error::Result;

/// How every installation names an entry of the audit trail or the import history.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub struct Written {
    /// The database identity of the installation that wrote it.
    pub origin: String,
    /// Its number there.
    pub origin_id: i64,
}

/// One entry of the audit trail, as a bundle carries it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SyncAuditEntry {
    #[serde(flatten)]
    pub written: Written,
    pub at: String,
    pub actor: String,
    pub action: String,
    pub entity: String,
    pub entity_id: String,
    pub old_value: Option<String>,
    pub new_value: Option<String>,
}

/// One import of a file, as a bundle carries it. The records it added name it
/// (`SyncAttempt::import`, `SyncAssignment::import`), so it can be undone on any
/// installation that holds them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SyncImport {
    #[serde(flatten)]
    pub written: Written,
    #[serde(flatten)]
    pub facts: ImportFacts,
}

/// The audit entries about this installation alone, by the entity they name: the bundles
/// it received, the keys it trusts, the triggers it put back, the identities it took. Each
/// installation writes its own when it does these things, so carrying them would never
/// converge.
pub const LOCAL_ENTITIES: &[&str] = &["bundle", "key", "trigger", "identity"];

/// SQL naming a row of `table` (`audit` or `import`, aliased `alias`) as `Written` does:
/// its writer and number.
pub(super) fn written_sql(table: &str, alias: &str) -> String {
    format!(
        "{}, coalesce({alias}.origin_id, {alias}.id)",
        super::identity::writer_sql(table, alias)
    )
}

/// SQL for the name of the import a record points at through `alias` (LEFT JOINed), two
/// NULLs for a record no import added.
pub(super) fn import_ref_sql(alias: &str) -> String {
    format!(
        "CASE WHEN {alias}.id IS NOT NULL THEN {} END,
         CASE WHEN {alias}.id IS NOT NULL THEN coalesce({alias}.origin_id, {alias}.id) END",
        super::identity::writer_sql("import", alias)
    )
}

/// Reads what `import_ref_sql` selects, from column `at` on.
pub(super) fn import_ref(r: &rusqlite::Row, at: usize) -> rusqlite::Result<Option<Written>> {
    Ok(match (r.get(at)?, r.get(at + 1)?) {
        (Some(origin), Some(origin_id)) => Some(Written { origin, origin_id }),
        _ => None,
    })
}

fn local_entities_sql() -> String {
    LOCAL_ENTITIES
        .iter()
        .map(|e| format!("'{e}'"))
        .collect::<Vec<_>>()
        .join(", ")
}

/// The audit entries to carry whose row `changed` (SQL over `audit a`) selects, in the
/// order they were written here.
pub(super) fn audit_entries(c: &Connection, changed: &str) -> Result<Vec<SyncAuditEntry>> {
    let sql = format!(
        "SELECT {}, a.at, a.actor, a.action, a.entity, a.entity_id, a.old_value, a.new_value
         FROM audit a WHERE a.entity NOT IN ({}) AND {changed} ORDER BY a.id",
        written_sql("audit", "a"),
        local_entities_sql()
    );
    let rows = c
        .prepare(&sql)?
        .query_map([], |r| {
            Ok(SyncAuditEntry {
                written: Written {
                    origin: r.get(0)?,
                    origin_id: r.get(1)?,
                },
                at: r.get(2)?,
                actor: r.get(3)?,
                action: r.get(4)?,
                entity: r.get(5)?,
                entity_id: r.get(6)?,
                old_value: r.get(7)?,
                new_value: r.get(8)?,
            })
        })?
        .collect::<rusqlite::Result<_>>()?;
    Ok(rows)
}

/// The imports whose row `changed` (SQL over `i`) selects, in the order they were made here.
pub(super) fn imports(c: &Connection, changed: &str) -> Result<Vec<SyncImport>> {
    // The import history's own columns (`imports::COLUMNS`, 19 of them, read by its own
    // row reader), then the name.
    let sql = format!(
        "SELECT {}, {} FROM import i LEFT JOIN contingent c ON c.id = i.contingent_id
         WHERE {changed} ORDER BY i.id",
        super::imports::COLUMNS,
        written_sql("import", "i")
    );
    let rows = c
        .prepare(&sql)?
        .query_map([], |r| {
            Ok(SyncImport {
                written: Written {
                    origin: r.get(19)?,
                    origin_id: r.get(20)?,
                },
                facts: super::imports::from_row(r)?.facts,
            })
        })?
        .collect::<rusqlite::Result<_>>()?;
    Ok(rows)
}

/// Every import held, by its name: the row it is here.
pub(super) fn held_imports(c: &Connection) -> Result<HashMap<Written, i64>> {
    let sql = format!("SELECT {}, i.id FROM import i", written_sql("import", "i"));
    let rows = c
        .prepare(&sql)?
        .query_map([], |r| {
            Ok((
                Written {
                    origin: r.get(0)?,
                    origin_id: r.get(1)?,
                },
                r.get(2)?,
            ))
        })?
        .collect::<rusqlite::Result<_>>()?;
    Ok(rows)
}

/// What receiving history added.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub(super) struct HistoryAdded {
    pub imports: u64,
    /// Imports held here that were undone on the sending side, undone here too.
    pub undone: u64,
    /// Their row ids here: the details they changed are read again without them.
    pub undone_here: Vec<i64>,
    /// Imports undone here and, differently, on the sending side.
    pub undone_differently: Vec<super::sync_said::KeptHere>,
    pub audit: u64,
    pub already_held: u64,
}

/// Adds the imports this installation lacks (and the undoing of one held here but undone
/// elsewhere: undoing wins, as ending a roster place does) and returns every import held by
/// name, for the records that name one. `contingent` gives a contingent's row by code.
pub(super) fn receive_imports(
    tx: &Connection,
    carried: &[SyncImport],
    contingent: impl Fn(&str) -> Result<i64>,
    added: &mut HistoryAdded,
) -> Result<HashMap<Written, i64>> {
    let mut held = held_imports(tx)?;
    for i in carried {
        if let Some(id) = held.get(&i.written) {
            added.already_held += 1;
            type Undo = (Option<String>, Option<String>, Option<String>);
            let here: Option<Undo> = tx
                .query_row(
                    "SELECT undone_at, undone_by, undo_reason FROM import WHERE id = ?1",
                    [id],
                    |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
                )
                .optional()?;
            let there: Undo = (
                i.facts.undone_at.clone(),
                i.facts.undone_by.clone(),
                i.facts.undo_reason.clone(),
            );
            if there.0.is_some() && here.as_ref().is_some_and(|h| h.0.is_some() && *h != there) {
                // Undone on both installations: one undo is an import's last word (the
                // database keeps the first), the other stays in the audit trail.
                added
                    .undone_differently
                    .push(super::sync_said::KeptHere::ImportUndone {
                        file_name: i.facts.file_name.clone(),
                        imported_at: i.facts.imported_at.clone(),
                    });
            }
            if there.0.is_some() && here.is_some_and(|h| h.0.is_none()) {
                tx.execute(
                    "UPDATE import SET undone_at = ?2, undone_by = ?3, undo_reason = ?4
                     WHERE id = ?1",
                    params![
                        id,
                        i.facts.undone_at,
                        i.facts.undone_by,
                        i.facts.undo_reason
                    ],
                )?;
                added.undone += 1;
                added.undone_here.push(*id);
            }
            continue;
        }
        let contingent_id = i.facts.contingent.as_deref().map(&contingent).transpose()?;
        let c = &i.facts.counts;
        tx.execute(
            "INSERT INTO import (kind, file_name, sha256, sheet, encoding, contingent_id,
                                 operator, imported_at, rows, people_new, people_updated,
                                 people_unchanged, assigned, attempts_new, attempts_unchanged,
                                 undone_at, undone_by, undo_reason, origin, origin_id)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17,
                     ?18, ?19, ?20)",
            params![
                i.facts.kind,
                i.facts.file_name,
                i.facts.sha256,
                i.facts.sheet,
                i.facts.encoding,
                contingent_id,
                i.facts.operator,
                i.facts.imported_at,
                c.rows as i64,
                c.people_new as i64,
                c.people_updated as i64,
                c.people_unchanged as i64,
                c.assigned as i64,
                c.attempts_new as i64,
                c.attempts_unchanged as i64,
                i.facts.undone_at,
                i.facts.undone_by,
                i.facts.undo_reason,
                i.written.origin,
                i.written.origin_id
            ],
        )?;
        held.insert(i.written.clone(), tx.last_insert_rowid());
        added.imports += 1;
    }
    Ok(held)
}

/// Adds the audit entries this installation lacks, under their writers' names.
pub(super) fn receive_audit(
    tx: &Connection,
    carried: &[SyncAuditEntry],
    added: &mut HistoryAdded,
) -> Result<()> {
    // Received before under this name, or written here under it: an entry of an earlier
    // identity of this database's that it no longer holds (a backup put back) is taken.
    let mut held = tx.prepare_cached(&format!(
        "SELECT EXISTS (SELECT 1 FROM audit WHERE origin = ?1 AND origin_id = ?2)
             OR EXISTS (SELECT 1 FROM audit a WHERE a.id = ?2 AND a.origin IS NULL
                                                AND {} = ?1)",
        super::identity::writer_sql("audit", "a")
    ))?;
    let mut insert = tx.prepare_cached(
        "INSERT INTO audit (at, actor, action, entity, entity_id, old_value, new_value, origin,
                            origin_id)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
    )?;
    for e in carried {
        let w = &e.written;
        // This installation's own entries come back in other laptops' bundles.
        if held.query_row(params![w.origin, w.origin_id], |r| r.get::<_, bool>(0))? {
            added.already_held += 1;
            continue;
        }
        insert.execute(params![
            e.at,
            e.actor,
            e.action,
            e.entity,
            e.entity_id,
            e.old_value,
            e.new_value,
            w.origin,
            w.origin_id
        ])?;
        added.audit += 1;
    }
    Ok(())
}
