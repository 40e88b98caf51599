//! Undoing a roster import puts back the details it changed: a unit, a rank, a name read
//! from a wrong file would otherwise stay with the people it reached, though the file was
//! undone. Each group of details the import set that still reads as it set it goes back to
//! what it read before, as a new edit (it travels to other laptops as any edit does, and
//! both values stay in the person's history). A group changed since the import is someone's
//! later word: it is left as it is, and said.

use serde::Serialize;
use serde_json::Value;

use super::details::{self, edits_of, insert, settle, snapshot, Edit, Entity, Touched};
use crate::error::Result;
use rusqlite::Connection;

/// A detail an undone import had changed, left as it is because it was changed again
/// since.
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

/// Puts back what import `import_id` changed (see the module's comment): returns how many
/// groups went back, and those left as they are.
pub(super) fn put_back(
    conn: &Connection,
    import_id: i64,
    by: &str,
) -> Result<(usize, Vec<DetailKept>)> {
    let mut st = conn.prepare(&format!(
        "SELECT {} FROM detail_edit WHERE import_id = ?1 ORDER BY hlc DESC, id DESC",
        details::COLUMNS
    ))?;
    let made: Vec<Edit> = st
        .query_map([import_id], details::from_row)?
        .collect::<rusqlite::Result<_>>()?;
    let (mut restored, mut kept) = (0, Vec::new());
    for e in made {
        let Some(entity) = Entity::parse(&e.entity) else {
            continue;
        };
        let Some(now) = snapshot(conn, entity, &e.entity_key)? else {
            continue;
        };
        let read = |v: &str| serde_json::from_str::<Value>(v).ok();
        let (Some(set), Some(before)) = (read(&e.value), e.old.as_deref().and_then(read)) else {
            continue;
        };
        let current = now.groups.get(&e.field);
        if current == Some(&before) {
            continue; // put back already
        }
        if current != Some(&set) {
            let columns = entity
                .groups()
                .iter()
                .find(|(g, _)| *g == e.field)
                .map_or(&[][..], |(_, c)| *c);
            kept.push(DetailKept {
                key: details::shown(conn, entity, &e.entity_key)?.0,
                field: e.field.clone(),
                now: details::group_text(columns, current),
            });
            continue;
        }
        let history = edits_of(conn, entity, &e.entity_key)?;
        insert(
            conn,
            &Edit {
                id: uuid::Uuid::now_v7().to_string(),
                entity: e.entity.clone(),
                entity_key: e.entity_key.clone(),
                field: e.field.clone(),
                value: before.to_string(),
                old: Some(set.to_string()),
                replaces: Some(details::source(now.hlc, &history, &e.field)),
                hlc: super::stamps::reserve(conn)?,
                origin: super::stamps::origin(conn)?,
                edited_by: by.into(),
                edited_at: crate::dates::now_utc(),
                import: None,
            },
            None,
        )?;
        let mut touched = Touched::default();
        touched
            .entry((entity.as_str(), e.entity_key.clone()))
            .or_default();
        settle(conn, &touched, by, true)?;
        restored += 1;
    }
    kept.reverse();
    Ok((restored, kept))
}
