//! The tables and views of a file against those Muster makes. `muster check` reads every
//! row against the chain, every trigger and every index; a table's own definition is what
//! decides the rest (its references, its CHECK constraints, its columns' collation), and
//! `PRAGMA writable_schema` lets anyone rewrite it without touching a row. The definitions
//! Muster makes are those its migrations leave in a new database, built here in memory
//! from the same migrations an older file was upgraded by.

use std::collections::BTreeMap;
use std::sync::OnceLock;

use rusqlite::Connection;

use super::Store;
use crate::error::Result;

/// How a table or view differs from Muster's.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Difference {
    /// Its definition is not the one Muster's migrations make.
    Altered,
    /// Muster makes no table or view of that name.
    Foreign,
    /// Muster's migrations make it; it is not there.
    Missing,
}

/// Each table and view by name: (type, definition with its spacing made one space).
type Objects = BTreeMap<String, (String, String)>;

fn objects(conn: &Connection) -> rusqlite::Result<Objects> {
    // Triggers are compared on their own (`chain::survey`, which also puts them back).
    // SQLite's own objects are left out: the indexes of UNIQUE constraints (their table's
    // definition says them), the AUTOINCREMENT counters and what ANALYZE keeps (a user may
    // run it); anything else named `sqlite_…` is someone else's.
    let mut st = conn.prepare(
        "SELECT name, type, coalesce(sql, '') FROM sqlite_schema
         WHERE type IN ('table', 'view', 'index')
           AND name NOT LIKE 'sqlite\\_autoindex\\_%' ESCAPE '\\'
           AND name NOT IN ('sqlite_sequence', 'sqlite_stat1', 'sqlite_stat2',
                            'sqlite_stat3', 'sqlite_stat4')",
    )?;
    let rows = st.query_map([], |r| {
        let sql: String = r.get(2)?;
        Ok((
            r.get::<_, String>(0)?,
            (
                r.get::<_, String>(1)?,
                sql.split_whitespace().collect::<Vec<_>>().join(" "),
            ),
        ))
    })?;
    rows.collect()
}

/// The tables and views of a database of the schema this build writes, made once.
fn expected() -> Result<&'static Objects> {
    static MADE: OnceLock<Objects> = OnceLock::new();
    if let Some(o) = MADE.get() {
        return Ok(o);
    }
    let conn = super::db::migrated_in_memory()?;
    Ok(MADE.get_or_init(|| objects(&conn).unwrap_or_default()))
}

/// Whether `conn` holds every table and view of this build's schema, each as this build
/// defines it (a table of someone else's beside them is `schema_differences`' to name).
pub(crate) fn is_current(conn: &Connection) -> Result<bool> {
    let have = objects(conn)?;
    Ok(expected()?
        .iter()
        .all(|(name, o)| have.get(name) == Some(o)))
}

impl Store {
    /// For a file whose version says an older schema: whether its tables, views and
    /// indexes are not those of that version (nor this build's: `version_lowered`), so it
    /// is no older Muster's file waiting to be upgraded but one changed outside Muster.
    pub fn schema_of_no_version(&self) -> Result<bool> {
        let says = self.schema_version()?;
        if says <= 0 || says >= super::db::SCHEMA_VERSION || is_current(&self.conn)? {
            return Ok(false);
        }
        let then = objects(&super::db::migrated_in_memory_to(says as usize)?)?;
        Ok(objects(&self.conn)? != then)
    }

    /// The file's schema version when `PRAGMA user_version` was set back below the schema
    /// its tables are: (what it says, what they are).
    pub fn version_lowered(&self) -> Result<Option<(i64, i64)>> {
        let says = self.schema_version()?;
        let is = super::db::SCHEMA_VERSION;
        Ok((says < is && is_current(&self.conn)?).then_some((says, is)))
    }

    /// Every table or view that differs from what Muster makes, by name (for a file of the
    /// schema this build writes).
    pub fn schema_differences(&self) -> Result<Vec<(String, String, Difference)>> {
        let want = expected()?;
        let have = objects(&self.conn)?;
        let mut out = Vec::new();
        for (name, (kind, sql)) in &have {
            match want.get(name) {
                None => out.push((name.clone(), kind.clone(), Difference::Foreign)),
                Some(w) if w != &(kind.clone(), sql.clone()) => {
                    out.push((name.clone(), kind.clone(), Difference::Altered))
                }
                Some(_) => {}
            }
        }
        for (name, (kind, _)) in want {
            if !have.contains_key(name) {
                out.push((name.clone(), kind.clone(), Difference::Missing));
            }
        }
        Ok(out)
    }
}
