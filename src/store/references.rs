//! What `muster check` reads to check the references between records (foreign keys)
//! from the rows it reads anyway: SQLite's `foreign_key_check` looks up every row's
//! parents one by one (three lookups for each of 600,000 records, a sixth of the check's
//! time), while the values a table refers to are few (100,000 people, 7 modules). Where
//! a value cannot be matched here, SQLite's own check of that table decides.

use rusqlite::types::ValueRef;
use rusqlite::OptionalExtension;
use rustc_hash::FxHashSet;

use super::indexes::quote;
use super::integrity::Key;
use super::scan::Scan;
use super::Store;
use crate::error::Result;

/// One column of a table that refers to a column of another (or the same) table.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Reference {
    pub column: String,
    pub parent: String,
    pub to: String,
}

/// A value as this check matches it: exactly as stored (an integer, or text that is valid
/// UTF-8); None for any other value, which SQLite's own check must judge (it may match a
/// parent after SQLite's type conversions, which this does not imitate).
pub fn exact(v: ValueRef) -> Option<Key> {
    match v {
        ValueRef::Integer(_) => Some(Key::read(v)),
        ValueRef::Text(t) if std::str::from_utf8(t).is_ok() => Some(Key::read(v)),
        _ => None,
    }
}

impl Store {
    /// Every table that declares a foreign key.
    pub fn referring_tables(&self) -> Result<Vec<String>> {
        let mut st = self.conn.prepare(
            "SELECT name FROM sqlite_schema s WHERE type = 'table'
               AND EXISTS (SELECT 1 FROM pragma_foreign_key_list(s.name))
             ORDER BY name",
        )?;
        let names = st
            .query_map([], |r| r.get(0))?
            .collect::<rusqlite::Result<_>>()?;
        Ok(names)
    }

    /// A table's foreign keys, one column each; None when one of them spans several
    /// columns or names no parent column (the parent's primary key implied): SQLite
    /// checks such a table itself.
    pub fn references_of(&self, table: &str) -> Result<Option<Vec<Reference>>> {
        let mut st = self.conn.prepare(
            "SELECT id, count(*), max(\"from\"), max(\"table\"), max(\"to\")
             FROM pragma_foreign_key_list(?1) GROUP BY id ORDER BY id",
        )?;
        let keys: Vec<(i64, i64, String, String, Option<String>)> = st
            .query_map([table], |r| {
                Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?))
            })?
            .collect::<rusqlite::Result<_>>()?;
        let mut out = Vec::new();
        for (_, columns, column, parent, to) in keys {
            match to {
                Some(to) if columns == 1 && self.has_table(&parent)? => {
                    out.push(Reference { column, parent, to })
                }
                _ => return Ok(None),
            }
        }
        Ok(Some(out))
    }

    /// Every value of a table's column, as `exact` reads it.
    pub fn keys_in(&self, table: &str, column: &str) -> Result<FxHashSet<Key>> {
        let sql = format!("SELECT {} FROM {}", quote(column), quote(table));
        let mut rows = Scan::new(&self.conn, &sql, &[])?;
        let mut out = FxHashSet::default();
        while let Some(r) = rows.next()? {
            if let Some(k) = exact(r.get(0)) {
                out.insert(k);
            }
        }
        Ok(out)
    }

    /// Whether a table holds a row whose column has this value, exactly.
    pub fn holds_key(&self, table: &str, column: &str, key: &Key) -> Result<bool> {
        let sql = format!(
            "SELECT 1 FROM {t} WHERE {c} = ?1 AND typeof({c}) = ?2 LIMIT 1",
            t = quote(table),
            c = quote(column)
        );
        let mut st = self.conn.prepare_cached(&sql)?;
        let found = match key {
            Key::Int(i) => st.query_row(rusqlite::params![i, "integer"], |_| Ok(())),
            Key::Uuid(_) | Key::Text(_) => {
                st.query_row(rusqlite::params![key.to_string(), "text"], |_| Ok(()))
            }
        }
        .optional()?;
        Ok(found.is_some())
    }

    /// SQLite's `foreign_key_check` of one table: (table, row id, table it should point
    /// into).
    pub fn foreign_key_breaks_in(&self, table: &str) -> Result<Vec<(String, Option<i64>, String)>> {
        let mut st = self
            .conn
            .prepare("SELECT \"table\", rowid, parent FROM pragma_foreign_key_check(?1)")?;
        let rows = st
            .query_map([table], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?
            .collect::<rusqlite::Result<_>>()?;
        Ok(rows)
    }
}
