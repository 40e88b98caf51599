//! Undoing a roster import puts back the details it changed: a unit, a rank, a name read
//! from a wrong file would otherwise stay with the people it reached, though the file was
//! undone. The import's edits stop counting once it is undone (`details::IN_FORCE`), here
//! and on every installation the undo reaches, so each group it changed reads again as the
//! edits still in force say: as before the import, or as a later edit (by hand, by another
//! import) set it, which is someone's later word and is kept, and said.

use std::collections::{BTreeMap, BTreeSet};

use serde::Serialize;

use super::details::{self, edits_of, settle_because, snapshot, Edit, Entity, Snapshot, Touched};
use crate::error::Result;
use rusqlite::Connection;

/// A detail an undone import had changed, left as it is because a later edit decides it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct DetailKept {
    /// The person's service number (or the contingent's or module's code).
    pub key: String,
    /// The group of details (`unit`, `rank`, `family_name` …).
    pub field: String,
    /// What it reads now, and keeps.
    pub now: String,
}

/// Brings every row import `import_id` edited to what the edits still in force say, once
/// the import is marked undone: returns how many groups changed back, and those a later
/// edit keeps.
pub(super) fn put_back(
    conn: &Connection,
    import_id: i64,
    by: &str,
) -> Result<(usize, Vec<DetailKept>)> {
    let made: Vec<Edit> = conn
        .prepare(&format!(
            "SELECT {} FROM detail_edit WHERE import_id = ?1 ORDER BY hlc, id",
            details::COLUMNS
        ))?
        .query_map([import_id], details::from_row)?
        .collect::<rusqlite::Result<_>>()?;
    // The rows it edited, as they read before: what the import set.
    let mut touched = Touched::default();
    details::touch_edited_by(conn, &[import_id], &mut touched)?;
    let mut before: BTreeMap<(&'static str, String), Snapshot> = BTreeMap::new();
    for (entity, key) in touched.keys() {
        let e = Entity::parse(entity).expect("named by Entity::as_str");
        if let Some(s) = snapshot(conn, e, key)? {
            before.insert((*entity, key.clone()), s);
        }
    }
    let (file, reason): (String, Option<String>) = conn.query_row(
        "SELECT file_name, undo_reason FROM import WHERE id = ?1",
        [import_id],
        |r| Ok((r.get(0)?, r.get(1)?)),
    )?;
    let because = serde_json::json!({
        "undo_of_import": file,
        "reason": reason.unwrap_or_default(),
    });
    settle_because(conn, &touched, by, true, Some(&because))?;

    let (mut restored, mut kept) = (0, Vec::new());
    let mut counted = BTreeSet::new();
    for e in &made {
        let Some(entity) = Entity::parse(&e.entity) else {
            continue;
        };
        let row = (entity.as_str(), e.entity_key.clone());
        let (Some(was), true) = (before.get(&row), counted.insert((row.clone(), &e.field))) else {
            continue;
        };
        let now = snapshot(conn, entity, &e.entity_key)?.expect("read before the undo");
        let (was, now) = (was.groups.get(&e.field), now.groups.get(&e.field));
        if was != now {
            restored += 1;
            continue;
        }
        let later = edits_of(conn, entity, &e.entity_key)?
            .iter()
            .any(|l| l.field == e.field && (l.hlc, &l.id) > (e.hlc, &e.id));
        if later {
            let columns = entity
                .groups()
                .iter()
                .find(|(g, _)| *g == e.field)
                .map_or(&[][..], |(_, c)| *c);
            kept.push(DetailKept {
                key: details::shown(conn, entity, &e.entity_key)?.0,
                field: e.field.clone(),
                now: details::group_text(columns, now),
            });
        }
    }
    Ok((restored, kept))
}
