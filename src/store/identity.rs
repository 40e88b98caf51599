//! The identities a database writes its history under (migration 0016, docs/sync.md "Copies
//! of a database file").
//!
//! Every installation names an audit entry or an import by the identity of the database that
//! wrote it and the entry's number there. Two files that share an identity and both go on
//! writing would give one name to two different entries, and a laptop receiving both would
//! keep only the first it saw: a copy of the file on a second laptop, or a backup put back
//! after bundles were made from a later state, would lose history silently. So a database
//! takes a new identity when it is opened for use by an installation other than the one that
//! writes it, or in a state older than one that installation already sent. The entries
//! written before keep the names they had (they are the same entries everywhere); the ones
//! after are named by the new identity.

use rusqlite::{params, Connection, OptionalExtension};
use serde::Serialize;

use super::{audit, chain, Store};
use crate::dates;
use crate::error::Result;
use crate::fingerprint::Fingerprint;
use crate::store::integrity::ChainHead;

/// The meta key naming the installation (its key's fingerprint) that writes this database.
const WRITER: &str = "installation";

/// Why a database took a new identity.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "snake_case")]
pub enum Taken {
    /// The file was written by another installation: it is a copy brought here.
    Copy,
    /// The file is older than a state this installation already sent in a bundle: a backup
    /// put back, or a second copy of the file.
    Restored,
}

impl Taken {
    /// The word the identity table keeps: the one the JSON carries (serde's), so the two
    /// cannot drift apart.
    fn word(self) -> String {
        match serde_json::to_value(self) {
            Ok(serde_json::Value::String(word)) => word,
            other => unreachable!("a unit variant serialises to its name, not {other:?}"),
        }
    }
}

/// A new identity taken when the file was opened for use.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct NewIdentity {
    pub from: String,
    pub to: String,
    pub reason: Taken,
    /// For a copy: the fingerprint of the installation that wrote the file before.
    pub written_by: Option<String>,
}

impl NewIdentity {
    /// One line for a person: what happened and why nothing is lost.
    pub fn describe(&self) -> String {
        let why = match (self.reason, &self.written_by) {
            (Taken::Copy, Some(w)) => format!(
                "it was written by another installation (key {})",
                short_key(w)
            ),
            (Taken::Copy, None) => "it was written by another installation".to_string(),
            (Taken::Restored, _) => {
                "it is older than a bundle this installation already made from it".to_string()
            }
        };
        format!(
            "this database file is a copy: {why}; from now on it writes under an identity of its own ({}), so laptops that hold both keep both (nothing written before changes)",
            short(&self.to)
        )
    }
}

/// A key's fingerprint (stored as its 64 hex digits) as Muster shows it everywhere.
fn short_key(full_hex: &str) -> String {
    crate::fingerprint::unhex(full_hex.as_bytes())
        .and_then(|b| <[u8; 32]>::try_from(b).ok())
        .map_or_else(
            || full_hex.to_string(),
            |d| Fingerprint::from_digest(d).short(),
        )
}

fn short(id: &str) -> &str {
    &id[..id.len().min(8)]
}

/// Enters the database's first identity (the one 0007 made) right after 0016 makes the
/// table and its chain triggers.
pub(super) fn enter_first(conn: &Connection) -> rusqlite::Result<()> {
    conn.execute(
        "INSERT INTO identity (database_id, audit_after, import_after, reason, installation,
                               taken_at)
         SELECT value, 0, 0, 'made', NULL, ?1 FROM meta WHERE key = 'database_id'",
        [dates::now_utc()],
    )?;
    Ok(())
}

/// The identity records and entries are written under now.
pub(super) fn current(conn: &Connection) -> Result<Option<String>> {
    Ok(conn
        .query_row(
            "SELECT database_id FROM identity ORDER BY id DESC LIMIT 1",
            [],
            |r| r.get(0),
        )
        .optional()?)
}

/// SQL for the identity a row of `table` (`audit` or `import`, aliased `alias`) is named
/// by: the writer it came from, or for an entry written here the identity taken last before
/// it was written.
pub(super) fn writer_sql(table: &str, alias: &str) -> String {
    format!(
        "coalesce({alias}.origin, (SELECT database_id FROM identity
                                   WHERE {table}_after < {alias}.id ORDER BY id DESC LIMIT 1))"
    )
}

impl Store {
    /// The identity this database writes under now: another installation names this
    /// database's records and entries by it.
    pub fn database_id(&self) -> Result<String> {
        current(&self.conn)?.ok_or_else(|| {
            crate::error::Error::invalid("the database has no identity (migration 0016)")
        })
    }

    /// Every identity this database has written under, the first first: a report signed
    /// or a record written under any of them was made here.
    pub fn identities(&self) -> Result<Vec<String>> {
        let mut st = self
            .conn
            .prepare("SELECT database_id FROM identity ORDER BY id")?;
        let ids = st
            .query_map([], |r| r.get(0))?
            .collect::<rusqlite::Result<_>>()?;
        Ok(ids)
    }

    /// Called before `installation` (a key's fingerprint) writes to this database: a file
    /// written by another installation, or older than `sent` (the chain's head when this
    /// installation last made a bundle under the current identity), takes a new identity.
    /// A file no installation has written yet (`adopt`) stays as it is, as does a
    /// read-only one.
    pub fn claim(
        &mut self,
        installation: &str,
        sent: Option<&ChainHead>,
    ) -> Result<Option<NewIdentity>> {
        if self.is_read_only() {
            return Ok(None);
        }
        let writer: Option<String> = self.meta(WRITER)?;
        let reason = match &writer {
            None => return Ok(None),
            Some(w) if w != installation => Taken::Copy,
            Some(_) => match sent {
                Some(head) if !self.holds(head)? => Taken::Restored,
                _ => return Ok(None),
            },
        };
        let tx = self.conn.transaction()?;
        let from = current(&tx)?.unwrap_or_default();
        let to: String = tx.query_row("SELECT lower(hex(randomblob(16)))", [], |r| r.get(0))?;
        tx.execute(
            "INSERT INTO identity (database_id, audit_after, import_after, reason, installation,
                                   taken_at)
             VALUES (?1, (SELECT coalesce(max(id), 0) FROM audit),
                     (SELECT coalesce(max(id), 0) FROM import), ?2, ?3, ?4)",
            params![to, reason.word(), installation, dates::now_utc()],
        )?;
        tx.execute(
            "UPDATE meta SET value = ?2 WHERE key = ?1",
            params![WRITER, installation],
        )?;
        let taken = NewIdentity {
            from,
            to,
            reason,
            written_by: writer.filter(|w| w != installation),
        };
        audit(
            &tx,
            chain::SYSTEM_ACTOR,
            "take",
            "identity",
            &taken.to,
            Some(&serde_json::json!({ "identity": taken.from, "installation": taken.written_by })),
            Some(&serde_json::json!({ "reason": taken.reason, "installation": installation })),
        )?;
        tx.commit()?;
        Ok(Some(taken))
    }

    /// Records `installation` as the one that writes this database, if none is recorded
    /// yet: the first installation that writes to a database is taken as its own (called
    /// after a write succeeded, so a refused one leaves the file as it was).
    pub fn adopt(&mut self, installation: &str) -> Result<()> {
        if self.is_read_only() || self.meta(WRITER)?.is_some() {
            return Ok(());
        }
        let tx = self.conn.transaction()?;
        tx.execute(
            "INSERT INTO meta (key, value) VALUES (?1, ?2)",
            params![WRITER, installation],
        )?;
        tx.commit()?;
        Ok(())
    }

    /// True when the chain holds `head`: the file is at that state or later.
    fn holds(&self, head: &ChainHead) -> Result<bool> {
        let hash: Option<Vec<u8>> = self
            .conn
            .query_row("SELECT hash FROM ledger WHERE seq = ?1", [head.seq], |r| {
                r.get(0)
            })
            .optional()?;
        Ok(hash.is_some_and(|h| crate::fingerprint::hex_lower(&h) == head.hash))
    }
}

#[cfg(test)]
mod tests {
    use crate::store::db::create_at;
    use crate::store::sync_history::written_sql;
    use crate::Store;

    fn names(store: &Store, table: &str) -> Vec<(String, i64)> {
        let sql = format!(
            "SELECT {} FROM {table} a ORDER BY a.id",
            written_sql(table, "a")
        );
        let mut st = store.conn.prepare(&sql).unwrap();
        st.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
            .unwrap()
            .collect::<rusqlite::Result<_>>()
            .unwrap()
    }

    /// An upgrade names every entry as the schema before did (its peers hold them under
    /// those names: a new name would make each a second entry there), and the first copy
    /// taken after it names only what it writes.
    #[test]
    fn an_upgrade_keeps_the_names_of_the_history_and_a_copy_names_only_its_own() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("v15.sqlite3");
        let conn = create_at(&path, 15);
        conn.execute_batch(
            "INSERT INTO audit (at, actor, action, entity, entity_id)
               VALUES ('2026-01-01T00:00:00Z', 'x', 'add', 'person', 'KZ1');
             INSERT INTO audit (at, actor, action, entity, entity_id, origin, origin_id)
               VALUES ('2026-01-02T00:00:00Z', 'y', 'add', 'person', 'KZ2', 'peer', 41);
             INSERT INTO import (kind, file_name, sha256, operator, imported_at)
               VALUES ('roster', 'r.csv', printf('%064d', 0), 'x', '2026-01-01T00:00:00Z');",
        )
        .unwrap();
        let id: String = conn
            .query_row(
                "SELECT value FROM meta WHERE key = 'database_id'",
                [],
                |r| r.get(0),
            )
            .unwrap();
        drop(conn);

        let mut store = Store::open(&path).unwrap();
        assert_eq!(store.identities().unwrap(), vec![id.clone()]);
        assert_eq!(store.database_id().unwrap(), id);
        let audit_before = names(&store, "audit");
        assert_eq!(audit_before[0], (id.clone(), 1));
        assert_eq!(audit_before[1], ("peer".to_string(), 41));
        assert_eq!(names(&store, "import"), vec![(id.clone(), 1)]);

        store.adopt("HQ").unwrap();
        let taken = store.claim("platoon", None).unwrap().expect("a copy");
        assert_eq!(
            (taken.from.as_str(), taken.written_by.as_deref()),
            (id.as_str(), Some("HQ"))
        );
        let audit = names(&store, "audit");
        // Entries before keep their names; the entry of the copy's own, its new identity's.
        assert_eq!(audit[..2], audit_before[..]);
        assert!(audit[2..].iter().all(|(o, _)| *o == taken.to), "{audit:?}");
        assert_eq!(store.database_id().unwrap(), taken.to);
        assert_eq!(store.identities().unwrap(), vec![id, taken.to.clone()]);
        // The same installation again: nothing more.
        assert!(store.claim("platoon", None).unwrap().is_none());
        let report = crate::check::check_store(&store).unwrap();
        assert!(report.ok(), "{:?}", report.findings);
    }
}
