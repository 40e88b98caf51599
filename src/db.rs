//! The one place that opens a database: pragmas, schema migrations, backups.
//!
//! Migrations are numbered SQL files in `migrations/`, embedded in the binary, applied one
//! step at a time inside a single IMMEDIATE transaction, with the version in
//! `PRAGMA user_version`. An existing file is copied beside itself (online backup API)
//! before it is upgraded; a file from a newer Muster is refused and left untouched.

use std::path::{Path, PathBuf};
use std::time::Duration;

use rusqlite::{Connection, OpenFlags, TransactionBehavior};

use crate::error::{Error, Result};

/// Every shipped migration, in order. Never edit one: append a new file.
pub const MIGRATIONS: &[&str] = &[
    include_str!("../migrations/0001_init.sql"),
    include_str!("../migrations/0002_readiness_index.sql"),
    include_str!("../migrations/0003_validation.sql"),
    include_str!("../migrations/0004_import_history.sql"),
    include_str!("../migrations/0005_standing.sql"),
    include_str!("../migrations/0006_audit_entity.sql"),
    include_str!("../migrations/0007_signing.sql"),
];

/// The schema version this build writes.
pub const SCHEMA_VERSION: i64 = MIGRATIONS.len() as i64;

/// Opens (creating if needed) the database file and brings its schema up to date.
pub fn open(path: &Path) -> Result<Connection> {
    if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
        std::fs::create_dir_all(dir).map_err(|source| Error::Io {
            path: dir.to_path_buf(),
            source,
        })?;
    }
    let open_err = |source| Error::Open {
        path: path.to_path_buf(),
        source,
    };
    let conn = Connection::open_with_flags(
        path,
        OpenFlags::SQLITE_OPEN_READ_WRITE
            | OpenFlags::SQLITE_OPEN_CREATE
            | OpenFlags::SQLITE_OPEN_NO_MUTEX,
    )
    .map_err(open_err)?;
    // Reading the version first also proves the file is a database at all.
    let version = user_version(&conn).map_err(open_err)?;
    refuse_newer(path, version)?;
    configure(&conn).map_err(open_err)?;
    if version > 0 && version < SCHEMA_VERSION {
        backup(&conn, path, version)?;
    }
    migrate(&conn, path)?;
    Ok(conn)
}

/// A private database for tests and previews.
pub fn open_in_memory() -> Result<Connection> {
    let conn = Connection::open_in_memory()?;
    configure(&conn)?;
    migrate(&conn, Path::new(":memory:"))?;
    Ok(conn)
}

/// A second connection to a database `open` has already brought up to date, for reading
/// beside the first. It never waits for a lock: a caller that cannot have one at once does
/// without the helper.
pub(crate) fn open_reader(path: &Path) -> rusqlite::Result<Connection> {
    let conn = Connection::open_with_flags(
        path,
        OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX,
    )?;
    conn.busy_timeout(Duration::ZERO)?;
    conn.pragma_update(None, "trusted_schema", "OFF")?;
    conn.pragma_update(None, "cache_size", -32_000)?;
    Ok(conn)
}

fn configure(conn: &Connection) -> rusqlite::Result<()> {
    conn.busy_timeout(Duration::from_secs(5))?;
    // WAL so the app can read while the CLI writes; FULL so a save the user saw survives
    // a power cut; foreign keys so no attempt points at a person that is not there.
    let mode: String = conn.query_row("PRAGMA journal_mode", [], |r| r.get(0))?;
    if !mode.eq_ignore_ascii_case("wal") {
        conn.pragma_update(None, "journal_mode", "WAL")?;
    }
    conn.pragma_update(None, "synchronous", "FULL")?;
    conn.pragma_update(None, "foreign_keys", "ON")?;
    conn.pragma_update(None, "trusted_schema", "OFF")?;
    // 32 MB of page cache: a 100,000-person contingent's indexes stay in memory.
    conn.pragma_update(None, "cache_size", -32_000)?;
    Ok(())
}

fn user_version(conn: &Connection) -> rusqlite::Result<i64> {
    conn.query_row("PRAGMA user_version", [], |r| r.get(0))
}

fn refuse_newer(path: &Path, found: i64) -> Result<()> {
    if found > SCHEMA_VERSION {
        return Err(Error::NewerSchema {
            path: path.to_path_buf(),
            found,
            known: SCHEMA_VERSION,
        });
    }
    Ok(())
}

/// Where the copy taken before upgrading from `version` goes.
pub fn backup_path(path: &Path, version: i64) -> PathBuf {
    let mut name = path.file_name().unwrap_or_default().to_os_string();
    name.push(format!(".v{version}.bak"));
    path.with_file_name(name)
}

fn backup(conn: &Connection, path: &Path, version: i64) -> Result<()> {
    let dest = backup_path(path, version);
    conn.backup(rusqlite::DatabaseName::Main, &dest, None)
        .map_err(|source| Error::Backup {
            path: path.to_path_buf(),
            source,
        })
}

fn migrate(conn: &Connection, path: &Path) -> Result<()> {
    // Up to date (the usual case): no write lock needed.
    if user_version(conn)? == SCHEMA_VERSION {
        return Ok(());
    }
    // IMMEDIATE takes the write lock first, so two processes cannot both upgrade.
    let tx = rusqlite::Transaction::new_unchecked(conn, TransactionBehavior::Immediate)?;
    let version = user_version(&tx)?;
    refuse_newer(path, version)?;
    for (i, sql) in MIGRATIONS.iter().enumerate().skip(version as usize) {
        tx.execute_batch(sql)?;
        tx.pragma_update(None, "user_version", (i + 1) as i64)?;
    }
    tx.commit()?;
    Ok(())
}
