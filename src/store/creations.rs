//! One service number, or one contingent's or module's code, added on two laptops with
//! different details (each read its own roster file, or set up the rotation or module,
//! before they exchanged bundles). The merge keeps one row, whose details the later
//! creation decides on every laptop (`details::creation_arrives`); the other laptop's
//! details would be gone without a word. Each laptop's creation is in the audit trail,
//! which travels with the bundles, so the versions are read from there and listed beside
//! the edits made apart (`sync::detail_conflicts`).

use std::collections::BTreeMap;

use serde_json::{Map, Value};

use super::details::{snapshot, Entity, Snapshot};
use super::Store;
use crate::error::Result;

/// One laptop's creation of a row held with another laptop's too.
#[derive(Debug, Clone, PartialEq)]
pub struct Creation {
    pub by: String,
    pub at: String,
    /// The installation that added them (this database's entries: its identity now).
    pub origin: Option<String>,
    /// The details as that laptop added them, by column.
    pub values: Map<String, Value>,
    /// The creation whose details count (the later, on every laptop).
    pub counts: bool,
}

/// A person, contingent or module added on two or more laptops.
#[derive(Debug, Clone, PartialEq)]
pub struct CompetingCreations {
    pub entity: Entity,
    /// The service number or code, as on file.
    pub service_number: String,
    pub title: String,
    /// By time of entry, then installation: the same order on every laptop.
    pub creations: Vec<Creation>,
    /// The groups of fields (`details::Entity::groups`) edited since, by anyone: a person
    /// has looked at them, so a difference there is settled.
    pub edited: Vec<String>,
}

/// True for the creation that decides the row's details: the one made by the installation
/// the row names (`now.origin`); this database's own entries carry no origin, and name it by
/// one of its identities (`ours`).
fn decides(origin: &Option<String>, now: &Snapshot, ours: &[String]) -> bool {
    match (origin, &now.origin) {
        (Some(o), Some(n)) => o == n,
        (None, Some(n)) => ours.contains(n),
        (_, None) => false,
    }
}

/// The details a row was added with by the creation that decides it (`now`: the row as it
/// reads), for a row more than one laptop added; None for one added once (its creation is
/// then what the first edit of each group saw) or when the trail does not say.
pub(super) fn deciding_values(
    conn: &rusqlite::Connection,
    entity: Entity,
    key: &str,
    now: &Snapshot,
) -> Result<Option<Map<String, Value>>> {
    let mut st = conn.prepare_cached(
        "SELECT origin, new_value FROM audit
         WHERE action = 'add' AND entity = ?1 AND upper(trim(entity_id)) = upper(?2)
         ORDER BY id",
    )?;
    let added: Vec<(Option<String>, Option<String>)> = st
        .query_map([entity.as_str(), key], |r| Ok((r.get(0)?, r.get(1)?)))?
        .collect::<rusqlite::Result<_>>()?;
    if added.len() < 2 {
        return Ok(None);
    }
    let ours: Vec<String> = conn
        .prepare_cached("SELECT database_id FROM identity ORDER BY id")?
        .query_map([], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    Ok(added
        .into_iter()
        .rev()
        .find(|(origin, _)| decides(origin, now, &ours))
        .and_then(|(_, json)| serde_json::from_str::<Value>(&json?).ok())
        .and_then(|v| v.as_object().cloned()))
}

impl Store {
    /// Every person, contingent and module that more than one laptop added.
    pub fn competing_creations(&self) -> Result<Vec<CompetingCreations>> {
        let mut out = Vec::new();
        for entity in Entity::ALL {
            out.extend(self.competing_creations_of(entity)?);
        }
        Ok(out)
    }

    fn competing_creations_of(&self, entity: Entity) -> Result<Vec<CompetingCreations>> {
        // Only keys added more than once are read in full (upper() folds ASCII case,
        // which is all a service number's letters or a code may differ by and still be
        // one row).
        let mut st = self.conn.prepare_cached(
            "SELECT entity_id, actor, at, origin, new_value FROM audit
             WHERE action = 'add' AND entity = ?1 AND upper(trim(entity_id)) IN (
               SELECT upper(trim(entity_id)) FROM audit
               WHERE action = 'add' AND entity = ?1
               GROUP BY upper(trim(entity_id)) HAVING count(*) > 1)
             ORDER BY id",
        )?;
        let rows = st.query_map([entity.as_str()], |r| {
            Ok((
                r.get::<_, String>(0)?,
                r.get::<_, String>(1)?,
                r.get::<_, String>(2)?,
                r.get::<_, Option<String>>(3)?,
                r.get::<_, Option<String>>(4)?,
            ))
        })?;
        let mut by_key: BTreeMap<String, Vec<Creation>> = BTreeMap::new();
        for row in rows {
            let (sn, by, at, origin, json) = row?;
            let values = json
                .and_then(|j| serde_json::from_str::<Value>(&j).ok())
                .and_then(|v| v.as_object().cloned())
                .unwrap_or_default();
            by_key.entry(entity.key(&sn)).or_default().push(Creation {
                by,
                at,
                origin,
                values,
                counts: false,
            });
        }
        let ours = self.identities()?;
        let here = super::identity::current(&self.conn)?;
        let mut out = Vec::new();
        for (key, mut creations) in by_key {
            if creations.len() < 2 {
                continue;
            }
            let Some(now) = snapshot(&self.conn, entity, &key)? else {
                continue;
            };
            if let Some(i) = creations
                .iter()
                .rposition(|c| decides(&c.origin, &now, &ours))
            {
                creations[i].counts = true;
            }
            for c in &mut creations {
                if c.origin.is_none() {
                    c.origin = here.clone();
                }
            }
            creations.sort_by(|a, b| (&a.at, &a.origin).cmp(&(&b.at, &b.origin)));
            let (service_number, title) = super::details::shown(&self.conn, entity, &key)?;
            let edited = self
                .conn
                .prepare_cached(&format!(
                    "SELECT DISTINCT field FROM detail_edit
                     WHERE entity = ?2 AND entity_key = ?1 AND {} ORDER BY field",
                    super::details::IN_FORCE
                ))?
                .query_map([key.as_str(), entity.as_str()], |r| r.get(0))?
                .collect::<rusqlite::Result<_>>()?;
            out.push(CompetingCreations {
                entity,
                service_number,
                title,
                creations,
                edited,
            });
        }
        Ok(out)
    }
}
