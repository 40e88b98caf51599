//! The one place that opens a database: what file it is, pragmas, schema migrations,
//! backups, the protective triggers, and read-only copies.
//!
//! Muster opens only its own files. Before anything is written, the file's header and
//! tables are read without touching it (no WAL switch, no side files): a file marked by
//! another application, or holding tables that are not Muster's, is refused as it is.
//!
//! Migrations are numbered SQL files in `migrations/`, embedded in the binary, applied one
//! step at a time inside a single IMMEDIATE transaction, with the version in
//! `PRAGMA user_version`. An existing file is copied beside itself (online backup API)
//! before it is upgraded; a file from a newer Muster is refused and left untouched.
//!
//! A file that cannot be written (a copy on a USB stick or a read-only share, a full
//! disk) opens read-only: every reading command works, every write is refused.

use std::io::Read;
use std::path::{Path, PathBuf};
use std::time::Duration;

use rusqlite::{Connection, ErrorCode, OpenFlags, TransactionBehavior};

use super::chain;
use crate::error::{Error, Problem, Result};
use crate::file_identity::side_file;

const CHAIN: &str = include_str!("../../migrations/0008_chain.sql");
const MODULE_TITLES: &str = include_str!("../../migrations/0009_module_titles.sql");
const ARCHIVE: &str = include_str!("../../migrations/0010_contingent_archive.sql");
const SYNC: &str = include_str!("../../migrations/0011_sync.sql");
const ENTRY_ORDER: &str = include_str!("../../migrations/0012_entry_order.sql");
const CONFLICTS: &str = include_str!("../../migrations/0013_sync_conflicts.sql");
const DETAILS: &str = include_str!("../../migrations/0014_detail_edits.sql");
const CARRIED: &str = include_str!("../../migrations/0015_carried_history.sql");
const IDENTITY: &str = include_str!("../../migrations/0016_identity.sql");
const IMPORT_DETAILS: &str = include_str!("../../migrations/0017_import_details.sql");

/// Every shipped migration, in order. Never edit one: append a new file.
pub const MIGRATIONS: &[&str] = &[
    include_str!("../../migrations/0001_init.sql"),
    include_str!("../../migrations/0002_readiness_index.sql"),
    include_str!("../../migrations/0003_validation.sql"),
    include_str!("../../migrations/0004_import_history.sql"),
    include_str!("../../migrations/0005_standing.sql"),
    include_str!("../../migrations/0006_audit_entity.sql"),
    include_str!("../../migrations/0007_signing.sql"),
    CHAIN,
    MODULE_TITLES,
    ARCHIVE,
    SYNC,
    ENTRY_ORDER,
    CONFLICTS,
    DETAILS,
    CARRIED,
    IDENTITY,
    IMPORT_DETAILS,
];

/// The schema version this build writes.
pub const SCHEMA_VERSION: i64 = MIGRATIONS.len() as i64;

/// Marks a file as Muster's (`PRAGMA application_id`): "MUST".
pub const APPLICATION_ID: i32 = 0x4D55_5354;

/// Every table any version of Muster has made. A file with any other table is not ours.
pub const KNOWN_TABLES: &[&str] = &[
    "meta",
    "contingent",
    "person",
    "assignment",
    "module",
    "attempt",
    "voiding",
    "audit",
    "validation",
    "import",
    "key_trust",
    "ledger",
    "sync_receipt",
    "voiding_also",
    "detail_edit",
    "sync_sent",
    "identity",
];

/// An open database, and whether it may be written.
pub struct Database {
    pub conn: Connection,
    pub read_only: bool,
}

/// What a file turned out to be, read without changing it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Found {
    /// No file, or an empty one: a new database.
    New,
    Ours,
}

/// Opens (creating if needed) the database file and brings its schema up to date; a file
/// that cannot be written opens read-only instead.
pub fn open(path: &Path) -> Result<Database> {
    let found = inspect(path)?;
    if found == Found::New {
        if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
            std::fs::create_dir_all(dir).map_err(|source| Error::Io {
                path: dir.to_path_buf(),
                source,
            })?;
        }
    }
    match open_for_writing(path) {
        Ok(conn) => Ok(Database {
            conn,
            read_only: false,
        }),
        Err(e) if found == Found::Ours && cannot_write(&e) => open_read_only(path),
        Err(e) => Err(e),
    }
}

/// Opens an existing database without ever writing to it (reading a copy).
pub fn open_read_only(path: &Path) -> Result<Database> {
    let db = open_as_found(path)?;
    let version = user_version(&db.conn).map_err(|source| open_err(path, source))?;
    if version < SCHEMA_VERSION {
        return Err(Problem::ReadOnlyNeedsUpgrade {
            file: path.display().to_string(),
            found: version.to_string(),
            known: SCHEMA_VERSION.to_string(),
        }
        .into());
    }
    Ok(db)
}

/// Opens an existing Muster database read-only at whatever (not newer) version it is, for
/// checking it exactly as it was found.
pub fn open_as_found(path: &Path) -> Result<Database> {
    if inspect(path)? == Found::New {
        return Err(Problem::NoDatabase {
            file: path.display().to_string(),
        }
        .into());
    }
    let conn = reading_connection(path).map_err(|source| open_err(path, source))?;
    let version = user_version(&conn).map_err(|source| open_err(path, source))?;
    refuse_newer(path, version)?;
    configure_reading(&conn).map_err(|source| open_err(path, source))?;
    conn.pragma_update(None, "query_only", "ON")
        .map_err(|source| open_err(path, source))?;
    Ok(Database {
        conn,
        read_only: true,
    })
}

/// A read-only connection that sees what other Muster processes commit; where the
/// write-ahead log's index cannot be made (read-only media), one that takes the file as
/// it is.
fn reading_connection(path: &Path) -> rusqlite::Result<Connection> {
    let open = |query: &str| {
        configure_sqlite_once();
        let conn = Connection::open_with_flags(
            format!("{}?{query}", file_uri(path)),
            OpenFlags::SQLITE_OPEN_READ_ONLY
                | OpenFlags::SQLITE_OPEN_URI
                | OpenFlags::SQLITE_OPEN_NO_MUTEX,
        )?;
        user_version(&conn)?;
        Ok(conn)
    };
    open("mode=ro").or_else(|e: rusqlite::Error| {
        // Taking the file as it is would miss what a non-empty log holds.
        if wal_is_empty(path) {
            open("mode=ro&immutable=1")
        } else {
            Err(e)
        }
    })
}

/// No write-ahead log beside the file, or an empty one (left by an open that failed).
fn wal_is_empty(path: &Path) -> bool {
    std::fs::metadata(side_file(path, "-wal")).map_or(true, |m| m.len() == 0)
}

/// A private database for tests and previews.
pub fn open_in_memory() -> Result<Connection> {
    configure_sqlite_once();
    let conn = Connection::open_in_memory()?;
    configure(&conn)?;
    migrate(&conn, Path::new(":memory:"))?;
    Ok(conn)
}

/// A second connection to a database `open` has already brought up to date, for reading
/// beside the first. It never waits for a lock: a caller that cannot have one at once does
/// without the helper.
pub(crate) fn open_reader(path: &Path) -> rusqlite::Result<Connection> {
    configure_sqlite_once();
    let conn = Connection::open_with_flags(
        path,
        OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX,
    )?;
    conn.busy_timeout(Duration::ZERO)?;
    configure_reading(&conn)?;
    Ok(conn)
}

fn open_err(path: &Path, source: rusqlite::Error) -> Error {
    Error::Open {
        path: path.to_path_buf(),
        source,
    }
}

fn open_for_writing(path: &Path) -> Result<Connection> {
    configure_sqlite_once();
    let conn = Connection::open_with_flags(
        path,
        OpenFlags::SQLITE_OPEN_READ_WRITE
            | OpenFlags::SQLITE_OPEN_CREATE
            | OpenFlags::SQLITE_OPEN_NO_MUTEX,
    )
    .map_err(|source| open_err(path, source))?;
    // SQLite quietly opens a write-protected file read-only; say so the same way.
    if conn
        .is_readonly(rusqlite::DatabaseName::Main)
        .unwrap_or(true)
    {
        return Err(open_err(
            path,
            rusqlite::Error::SqliteFailure(
                rusqlite::ffi::Error::new(rusqlite::ffi::SQLITE_READONLY),
                None,
            ),
        ));
    }
    // Reading the version first also proves the file is a database at all.
    let version = user_version(&conn).map_err(|source| open_err(path, source))?;
    refuse_newer(path, version)?;
    let upgrade = version > 0 && version < SCHEMA_VERSION;
    if upgrade {
        refuse_lowered(&conn, path, version)?;
    }
    // The write-ahead log is switched on once the schema is this build's: a refused or
    // failed upgrade leaves the file byte for byte as it was. Its copy stays (made before
    // anything was tried), but a second try makes no second copy of the same file.
    configure_connection(&conn).map_err(|source| open_err(path, source))?;
    if upgrade {
        let copy = backup(&conn, path, version)?;
        if let Err(e) = migrate(&conn, path) {
            if copy != backup_path(path, version) {
                let _ = std::fs::remove_file(copy);
            }
            return Err(e);
        }
    } else {
        migrate(&conn, path)?;
    }
    write_ahead(&conn).map_err(|source| open_err(path, source))?;
    chain::ensure(&conn)?;
    Ok(conn)
}

/// A file whose version says it is older than its tables are: `PRAGMA user_version` set
/// back outside Muster (which would hide its records from `muster check`, and make every
/// command try the upgrade again). Refused before anything is written.
fn refuse_lowered(conn: &Connection, path: &Path, version: i64) -> Result<()> {
    if super::schema::is_current(conn)? {
        return Err(Error::Invalid(Problem::CannotOpenDatabase {
            file: path.display().to_string(),
            detail: format!(
                "its schema version says {version}, but its tables are those of version {SCHEMA_VERSION}: the version was changed outside Muster; `muster check` says what else was"
            ),
        }));
    }
    Ok(())
}

/// True when the file opened but cannot be written here: read-only media or permissions,
/// a full disk, a folder where the write-ahead log cannot be made.
fn cannot_write(e: &Error) -> bool {
    let Error::Open { source, .. } = e else {
        return false;
    };
    matches!(
        source.sqlite_error_code(),
        Some(
            ErrorCode::ReadOnly
                | ErrorCode::CannotOpen
                | ErrorCode::DiskFull
                | ErrorCode::SystemIoFailure
        )
    )
}

/// A connection that cannot write, and leaves no side files where it cannot make them:
/// with no write-ahead log beside the file, SQLite is told the file will not change
/// (`immutable`), which is what lets it read a copy on read-only media.
fn read_only_connection(path: &Path) -> rusqlite::Result<Connection> {
    let query = if wal_is_empty(path) {
        "mode=ro&immutable=1"
    } else {
        "mode=ro"
    };
    configure_sqlite_once();
    Connection::open_with_flags(
        format!("{}?{query}", file_uri(path)),
        OpenFlags::SQLITE_OPEN_READ_ONLY
            | OpenFlags::SQLITE_OPEN_URI
            | OpenFlags::SQLITE_OPEN_NO_MUTEX,
    )
}

/// A `file:` URI for SQLite, every byte outside the unreserved set percent-encoded.
fn file_uri(path: &Path) -> String {
    let abs = std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf());
    let text = abs.to_string_lossy().replace('\\', "/");
    let mut out = String::from("file:");
    if !text.starts_with('/') {
        out.push('/');
    }
    for b in text.bytes() {
        if b.is_ascii_alphanumeric() || b"-._~/:".contains(&b) {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// Reads what a file is without changing it: its header, and when it carries no mark,
/// its tables and version.
fn inspect(path: &Path) -> Result<Found> {
    let io = |source| Error::Io {
        path: path.to_path_buf(),
        source,
    };
    // A file this process has open for writing already was inspected when it was opened;
    // reading its header again by another descriptor and closing it would drop SQLite's
    // locks on it (`input::OpenDatabase`): a second connection (the check's) takes it as
    // it is.
    if crate::input::is_open_database_file(path) {
        return Ok(Found::Ours);
    }
    // A folder, a device or a named pipe is no database: refused before it is opened (a
    // pipe would block the open until someone wrote to it; /dev/null reads as empty, and
    // SQLite failed on it with "disk I/O error").
    match crate::input::regular_file(path) {
        Err(Error::Invalid(crate::problem::Problem::NoSuchFile { .. })) => return Ok(Found::New),
        checked => checked?,
    }
    let mut f = match std::fs::File::open(path) {
        Ok(f) => f,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Found::New),
        Err(e) => return Err(io(e)),
    };
    let mut head = Vec::with_capacity(100);
    (&mut f).take(100).read_to_end(&mut head).map_err(io)?;
    if head.is_empty() {
        return Ok(Found::New);
    }
    let file = path.display().to_string();
    if head.len() < 100 || !head.starts_with(b"SQLite format 3\0") {
        return Err(Problem::NotADatabase { file }.into());
    }
    let app = i32::from_be_bytes(head[68..72].try_into().expect("4 bytes"));
    if app == APPLICATION_ID {
        return Ok(Found::Ours);
    }
    if app != 0 {
        return Err(Problem::ForeignDatabase {
            file,
            reason: format!("it is marked as another application's (application id {app:#x})"),
        }
        .into());
    }
    // No mark: a database from before Muster marked its files, a new one, or another
    // application's that does not mark its files.
    let conn = read_only_connection(path).map_err(|source| open_err(path, source))?;
    let version = user_version(&conn).map_err(|source| open_err(path, source))?;
    let tables: Vec<String> = conn
        .prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\'")
        .and_then(|mut st| st.query_map([], |r| r.get(0))?.collect())
        .map_err(|source| open_err(path, source))?;
    if tables.is_empty() && version == 0 {
        return Ok(Found::New);
    }
    let strangers: Vec<&str> = tables
        .iter()
        .map(String::as_str)
        .filter(|t| !KNOWN_TABLES.contains(t))
        .collect();
    let ours = ["meta", "attempt", "person"]
        .iter()
        .all(|t| tables.iter().any(|have| have == t));
    if strangers.is_empty() && ours && version >= 1 {
        return Ok(Found::Ours);
    }
    let reason = if strangers.is_empty() {
        format!("its tables are not Muster's schema (version {version})")
    } else {
        let mut names: Vec<&str> = strangers.into_iter().take(5).collect();
        names.sort_unstable();
        format!(
            "it holds tables Muster does not make ({})",
            names.join(", ")
        )
    };
    Err(Problem::ForeignDatabase { file, reason }.into())
}

fn configure(conn: &Connection) -> rusqlite::Result<()> {
    configure_connection(conn)?;
    write_ahead(conn)
}

/// FULL so a save the user saw survives a power cut; foreign keys so no attempt points
/// at a person that is not there. Nothing here writes to the file.
fn configure_connection(conn: &Connection) -> rusqlite::Result<()> {
    conn.busy_timeout(Duration::from_secs(5))?;
    conn.pragma_update(None, "synchronous", "FULL")?;
    conn.pragma_update(None, "foreign_keys", "ON")?;
    configure_reading(conn)
}

/// WAL so the app can read while the command line writes (this writes the file's header).
fn write_ahead(conn: &Connection) -> rusqlite::Result<()> {
    let mode: String = conn.query_row("PRAGMA journal_mode", [], |r| r.get(0))?;
    if !mode.eq_ignore_ascii_case("wal") && !mode.eq_ignore_ascii_case("memory") {
        conn.pragma_update(None, "journal_mode", "WAL")?;
    }
    Ok(())
}

/// What every connection needs, reading or writing.
fn configure_reading(conn: &Connection) -> rusqlite::Result<()> {
    conn.pragma_update(None, "trusted_schema", "OFF")?;
    // 64 MiB of page cache: a 100,000-person contingent's indexes stay in memory, and a
    // large import (each record also entered in the chain) does not spill to the log
    // half-way.
    conn.pragma_update(None, "cache_size", -65_536)?;
    chain::register(conn)
}

/// Settles two of SQLite's process-wide settings, once, before the process's first
/// connection (neither can be changed after):
///
/// - Its count of the memory it uses is turned off: nothing here reads the count, and
///   keeping it takes a process-wide lock on every allocation SQLite makes, which
///   connections reading at once (`muster check`) contend for (0.5-2.6% of the check's
///   profile).
/// - Statement journals stay in memory. Every insert into a protected table is a statement
///   that may abort (its triggers refuse overwrites), so SQLite keeps, per statement, the
///   pages it changes that existed before it; past 64 KiB it moves that journal to a
///   temporary file, and the file then serves every later statement of the transaction. A
///   bundle of 100,000 people imported in one transaction wrote about 20 GiB to that file
///   in 8.8 million `pwrite` calls (a few hundred KiB at a time, over and over): 4 s of the
///   kernel's time in a 14 s import. In memory, a statement's journal is at most the
///   pages that one statement changes, and it is freed when the statement ends.
///
/// Where something else in the process started SQLite first, SQLite refuses both and the
/// defaults stay: only slower.
fn configure_sqlite_once() {
    static ONCE: std::sync::Once = std::sync::Once::new();
    ONCE.call_once(|| {
        // SAFETY: each option takes one int. Called before any connection is opened
        // through this module; if SQLite is already initialised it returns SQLITE_MISUSE
        // and changes nothing.
        unsafe {
            rusqlite::ffi::sqlite3_config(
                rusqlite::ffi::SQLITE_CONFIG_MEMSTATUS,
                0 as std::os::raw::c_int,
            );
            // -1: never spill to a file.
            rusqlite::ffi::sqlite3_config(
                rusqlite::ffi::SQLITE_CONFIG_STMTJRNL_SPILL,
                -1 as std::os::raw::c_int,
            );
        }
    });
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
    side_file(path, &format!(".v{version}.bak"))
}

/// `backup_path`, or when an older copy of the same version is there (kept), the first
/// free `-2`, `-3`, ….
fn free_backup_path(path: &Path, version: i64) -> PathBuf {
    std::iter::once(backup_path(path, version))
        .chain((2..).map(|n| side_file(path, &format!(".v{version}-{n}.bak"))))
        .find(|p| !p.exists())
        .expect("some name is free")
}

/// All or nothing: a full disk leaves no half-written copy to be mistaken for a backup.
fn backup(conn: &Connection, path: &Path, version: i64) -> Result<PathBuf> {
    let dest = free_backup_path(path, version);
    let failed = |source| Error::Backup {
        path: path.to_path_buf(),
        source,
    };
    let tmp = crate::output::temporary_beside(&dest)?;
    conn.backup(rusqlite::DatabaseName::Main, tmp.path(), None)
        .map_err(failed)?;
    crate::output::persist_new(tmp, &dest)?;
    Ok(dest)
}

fn migrate(conn: &Connection, path: &Path) -> Result<()> {
    // Up to date (the usual case): no write lock needed.
    if user_version(conn)? == SCHEMA_VERSION {
        return Ok(());
    }
    let failed = |step: usize, source: rusqlite::Error| Error::Migration {
        path: path.to_path_buf(),
        step: step as i64,
        source,
    };
    // IMMEDIATE takes the write lock first, so two processes cannot both upgrade.
    let tx = rusqlite::Transaction::new_unchecked(conn, TransactionBehavior::Immediate)?;
    let version = user_version(&tx)?;
    refuse_newer(path, version)?;
    for (i, sql) in MIGRATIONS.iter().enumerate().skip(version as usize) {
        let step = i + 1;
        run_step(&tx, sql, version).map_err(|e| match e {
            Error::Db(e) => failed(step, e),
            other => other,
        })?;
        tx.pragma_update(None, "user_version", step as i64)
            .map_err(|e| failed(step, e))?;
    }
    tx.pragma_update(None, "application_id", APPLICATION_ID)?;
    tx.commit()?;
    Ok(())
}

/// One migration, and what the code does right after it (`version`: the schema the
/// upgrade started from).
fn run_step(tx: &Connection, sql: &str, version: i64) -> Result<()> {
    tx.execute_batch(sql)?;
    if sql == CHAIN {
        chain::start(tx, version)?;
    }
    if sql == MODULE_TITLES {
        chain::renew(tx, "module")?;
        super::curriculum::translate_default_titles(tx)?;
    }
    if sql == ARCHIVE {
        chain::renew(tx, "contingent")?;
    }
    if sql == SYNC {
        chain::renew(tx, "sync_receipt")?;
    }
    if sql == ENTRY_ORDER {
        chain::renew(tx, "attempt")?;
    }
    if sql == CONFLICTS {
        chain::renew(tx, "voiding")?;
        chain::renew(tx, "attempt")?;
        chain::renew(tx, "voiding_also")?;
    }
    if sql == DETAILS {
        for table in [
            "person",
            "contingent",
            "module",
            "assignment",
            "detail_edit",
            "sync_receipt",
            "sync_sent",
        ] {
            chain::renew(tx, table)?;
        }
    }
    if sql == CARRIED {
        chain::renew(tx, "audit")?;
        chain::renew(tx, "import")?;
    }
    if sql == IDENTITY {
        chain::renew(tx, "identity")?;
        super::identity::enter_first(tx)?;
    }
    if sql == IMPORT_DETAILS {
        chain::renew(tx, "detail_edit")?;
    }
    Ok(())
}

/// A new database in memory with every migration run, as a new file gets them: what
/// `muster check` compares a file's tables and views with (`store::schema`).
pub(crate) fn migrated_in_memory() -> Result<Connection> {
    migrated_in_memory_to(MIGRATIONS.len())
}

/// The same, with the first `steps` migrations: what a file of that schema version holds.
pub(crate) fn migrated_in_memory_to(steps: usize) -> Result<Connection> {
    let conn = Connection::open_in_memory()?;
    chain::register(&conn)?;
    for sql in &MIGRATIONS[..steps.min(MIGRATIONS.len())] {
        run_step(&conn, sql, 0)?;
    }
    Ok(conn)
}

/// A new database as the build with the first `steps` migrations made it (tests of an
/// upgrade from it).
#[cfg(test)]
pub(crate) fn create_at(path: &Path, steps: usize) -> Connection {
    let conn = Connection::open(path).unwrap();
    configure(&conn).unwrap();
    chain::register(&conn).unwrap();
    for sql in &MIGRATIONS[..steps] {
        run_step(&conn, sql, 0).unwrap();
    }
    triggers_as_then(&conn);
    conn.pragma_update(None, "user_version", steps as i64)
        .unwrap();
    conn.pragma_update(None, "application_id", APPLICATION_ID)
        .unwrap();
    conn
}

/// The chain's triggers as an older schema had them: hashing only the columns its tables
/// had then (today's triggers name columns later migrations added).
#[cfg(test)]
pub(crate) fn triggers_as_then(conn: &Connection) {
    for t in chain::triggers() {
        let Ok(sql) = conn.query_row(
            "SELECT sql FROM sqlite_master WHERE type = 'trigger' AND name = ?1",
            [&t.name],
            |r| r.get::<_, String>(0),
        ) else {
            continue;
        };
        let then = chain::as_table_is(conn, &t).unwrap();
        if then != sql {
            conn.execute_batch(&format!("DROP TRIGGER {}; {then}", t.name))
                .unwrap();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::Lang;
    use crate::store::Store;

    /// A database as schema 8 left it: the chain, its triggers hashing the module's ten
    /// columns of then, a default module, a module the users retitled, and one they added.
    fn make_v8(path: &Path) {
        let conn = Connection::open(path).unwrap();
        configure(&conn).unwrap();
        for sql in &MIGRATIONS[..8] {
            conn.execute_batch(sql).unwrap();
            if *sql == CHAIN {
                chain::start(&conn, 0).unwrap();
            }
        }
        triggers_as_then(&conn);
        conn.execute_batch(
            "PRAGMA user_version = 8;
             INSERT INTO module (code, title, per_rotation, created_at) VALUES
               ('ROE', 'Rules of engagement', 1, '2026-01-01T00:00:00Z'),
               ('CULT', 'Cultural awareness: Sahel', 1, '2026-01-01T00:00:00Z'),
               ('SEA', 'Prevention of sexual exploitation and abuse', 0, '2026-01-01T00:00:00Z'),
               ('DRIVE', 'Rules of engagement', 1, '2026-01-01T00:00:00Z');",
        )
        .unwrap();
    }

    #[test]
    fn default_modules_get_their_russian_and_kazakh_titles_and_typed_ones_stay() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("v8.sqlite3");
        make_v8(&path);
        let store = Store::open(&path).unwrap();
        assert!(backup_path(&path, 8).exists(), "backed up first");
        let roe = store.module("ROE").unwrap();
        assert_eq!(roe.title, "Rules of engagement");
        assert_eq!(roe.title_ru.as_deref(), Some("Правила применения силы"));
        assert_eq!(roe.title_kk.as_deref(), Some("Күш қолдану ережелері"));
        let sea = store.module("SEA").unwrap();
        assert_eq!(
            sea.title_ru.as_deref(),
            Some("Предотвращение сексуальной эксплуатации и насилия")
        );
        // Typed by the users: stays as typed, every language shows it.
        let cult = store.module("CULT").unwrap();
        assert_eq!((cult.title_ru, cult.title_kk), (None, None));
        assert_eq!(
            store.module("DRIVE").unwrap().title_in(Lang::Kk),
            "Rules of engagement",
            "a module of the users' own is not a default one, whatever its title"
        );
        // Recorded as changes of the curriculum by Muster, and nothing else: the triggers
        // were renewed by the upgrade, not restored as if tampered with.
        let log = store.audit_log(None, 100).unwrap();
        let mut changed: Vec<(&str, &str, &str)> = log
            .iter()
            .map(|e| (e.actor.as_str(), e.action.as_str(), e.entity_id.as_str()))
            .collect();
        changed.sort_unstable();
        assert_eq!(
            changed,
            [("Muster", "change", "ROE"), ("Muster", "change", "SEA")]
        );
        let report = crate::check::check_store(&store).unwrap();
        assert!(report.ok(), "{:?}", report.findings);
        assert_eq!(report.repaired, vec![]);
        // Opening again changes nothing.
        drop(store);
        let store = Store::open(&path).unwrap();
        assert_eq!(store.audit_log(None, 100).unwrap().len(), 2);
    }
}

#[cfg(test)]
mod entry_order {
    use super::*;
    use crate::domain::{NewAttempt, Outcome};
    use crate::rules::Status;
    use crate::store::Store;

    fn roe(store: &Store) -> Status {
        let r = crate::readiness::readiness(store, "K3", "2026-03-01".parse().unwrap()).unwrap();
        r.personnel[0].modules["ROE"].status
    }

    /// Records entered before stamps keep the order they had (their row numbers), their
    /// chain hashes still verify, and a record entered after the upgrade comes after them.
    #[test]
    fn an_upgrade_keeps_the_order_of_entry_and_the_chain() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("v11.sqlite3");
        let conn = create_at(&path, 11);
        // (`create_at` makes the chain's triggers as schema 11 had them: without the new
        // columns.)
        // The same person, module and day twice: a pass entered first, then a fail; the
        // pass's id is the larger, so an order by id alone would say complete.
        conn.execute_batch(
            "INSERT INTO contingent (code, name, mission, training_start, deploy_on, created_at, created_by)
               VALUES ('K3', 'Company', 'UNIFIL', '2026-01-01', '2026-06-01', '2026-01-01T00:00:00Z', 'x');
             INSERT INTO person (service_number, sn_key, family_name, given_name, category, gender, created_at, updated_at)
               VALUES ('KZ1', 'KZ1', 'Нұрқасов', 'Аян', 'officer', 'M', '2026-01-01T00:00:00Z', '2026-01-01T00:00:00Z');
             INSERT INTO assignment (person_id, contingent_id, assigned_at, assigned_by)
               VALUES (1, 1, '2026-01-01T00:00:00Z', 'x');
             INSERT INTO module (code, title, per_rotation, created_at)
               VALUES ('ROE', 'Rules of engagement', 1, '2026-01-01T00:00:00Z');
             INSERT INTO attempt (id, person_id, module_id, date, result, recorded_by, recorded_at)
               VALUES ('0190a000-0000-7000-8000-0000000000ff', 1, 1, '2026-02-01', 'pass', 'x', '2026-02-01T00:00:00Z');
             INSERT INTO attempt (id, person_id, module_id, date, result, recorded_by, recorded_at)
               VALUES ('0190a000-0000-7000-8000-000000000001', 1, 1, '2026-02-01', 'fail', 'x', '2026-02-01T00:00:00Z');",
        )
        .unwrap();
        drop(conn);
        let mut store = Store::open(&path).unwrap();
        assert!(backup_path(&path, 11).exists(), "backed up first");
        assert_eq!(roe(&store), Status::Failed, "the later entry still decides");
        let facts = store.person_facts("KZ1").unwrap().facts;
        let mut hlc: Vec<i64> = facts.iter().map(|(_, f)| f.entry.hlc).collect();
        hlc.sort_unstable();
        assert_eq!(
            hlc,
            [1, 2],
            "a record from before stamps reads its row number"
        );
        let report = crate::check::check_store(&store).unwrap();
        assert!(report.ok(), "{:?}", report.findings);
        assert_eq!(report.repaired, vec![]);

        // A pass entered now, on the same day: stamped by the clock, it comes last.
        let before = super::super::stamps::now_ms() << 16;
        store
            .log_session(
                &[NewAttempt {
                    service_number: "KZ1".into(),
                    module: "ROE".into(),
                    date: "2026-02-01".parse().unwrap(),
                    result: Outcome::Pass,
                    score: None,
                    hours: None,
                    instructor: String::new(),
                    notes: "entered again".into(),
                }],
                "t",
            )
            .unwrap();
        assert_eq!(roe(&store), Status::Complete);
        let (hlc, origin): (i64, Option<String>) = store
            .conn
            .query_row("SELECT hlc, origin FROM attempt WHERE seq = 3", [], |r| {
                Ok((r.get(0)?, r.get(1)?))
            })
            .unwrap();
        assert!(hlc >= before, "{hlc} < {before}");
        assert_eq!(origin, Some(store.database_id().unwrap()));
        let report = crate::check::check_store(&store).unwrap();
        assert!(report.ok(), "{:?}", report.findings);
        // The new columns are in the chain: changing a stamp behind Muster's back is found.
        store
            .conn
            .execute_batch(
                "DROP TRIGGER attempt_append_only_u;
                 UPDATE attempt SET hlc = 5 WHERE seq = 3;",
            )
            .unwrap();
        let report = crate::check::check_store(&store).unwrap();
        assert!(!report.ok());
    }
}

#[cfg(test)]
mod sync_conflicts {
    use super::*;
    use crate::store::Store;

    /// Voidings made before stamps keep NULL (their chain hashes verify as before) and a
    /// bundle carries their row number; voidings made after are stamped, and their stamps
    /// are in the chain; a record may now have two amendments.
    #[test]
    fn an_upgrade_keeps_old_voidings_and_stamps_new_ones() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("v12.sqlite3");
        let conn = create_at(&path, 12);
        // (`create_at` makes the chain's triggers as schema 12 had them: without the new
        // columns.)
        conn.execute_batch(
            "INSERT INTO person (service_number, sn_key, family_name, given_name, category, gender, created_at, updated_at)
               VALUES ('KZ1', 'KZ1', 'Нұрқасов', 'Аян', 'officer', 'M', '2026-01-01T00:00:00Z', '2026-01-01T00:00:00Z');
             INSERT INTO module (code, title, per_rotation, created_at)
               VALUES ('ROE', 'Rules of engagement', 1, '2026-01-01T00:00:00Z');
             INSERT INTO attempt (id, person_id, module_id, date, result, recorded_by, recorded_at)
               VALUES ('0190a000-0000-7000-8000-0000000000ff', 1, 1, '2026-02-01', 'pass', 'x', '2026-02-01T00:00:00Z');
             INSERT INTO attempt (id, person_id, module_id, date, result, recorded_by, recorded_at)
               VALUES ('0190a000-0000-7000-8000-000000000001', 1, 1, '2026-02-02', 'pass', 'x', '2026-02-01T00:00:00Z');
             INSERT INTO voiding (attempt_id, reason, voided_by, voided_at)
               VALUES ('0190a000-0000-7000-8000-0000000000ff', 'wrong', 'x', '2026-02-03T00:00:00Z');",
        )
        .unwrap();
        drop(conn);
        let mut store = Store::open(&path).unwrap();
        let report = crate::check::check_store(&store).unwrap();
        assert!(report.ok(), "{:?}", report.findings);
        assert_eq!(report.repaired, vec![]);
        let old = &store.sync_records().unwrap().voidings[0];
        assert_eq!((old.hlc, old.origin.as_deref()), (Some(1), None));

        let before = super::super::stamps::now_ms() << 16;
        store
            .void("0190a000-0000-7000-8000-000000000001", "t", "twice")
            .unwrap();
        let new = &store.sync_records().unwrap().voidings[1];
        assert!(new.hlc.unwrap() >= before);
        assert_eq!(new.origin, Some(store.database_id().unwrap()));
        assert!(crate::check::check_store(&store).unwrap().ok());
        // Two amendments of one record are allowed by the schema now (an import keeps both).
        for id in [
            "0190a000-0000-7000-8000-00000000000a",
            "0190a000-0000-7000-8000-00000000000b",
        ] {
            store
                .conn
                .execute(
                    "INSERT INTO attempt (id, person_id, module_id, date, result, recorded_by,
                                          recorded_at, supersedes, reason)
                     VALUES (?1, 1, 1, '2026-02-01', 'fail', 'x', '2026-02-04T00:00:00Z',
                             '0190a000-0000-7000-8000-0000000000ff', 'r')",
                    [id],
                )
                .unwrap();
        }
        assert!(crate::check::check_store(&store).unwrap().ok());
        // The new columns are in the chain: changing a voiding's stamp is found.
        store
            .conn
            .execute_batch(
                "DROP TRIGGER voiding_append_only_u;
                 UPDATE voiding SET hlc = 5 WHERE rowid = 2;",
            )
            .unwrap();
        assert!(!crate::check::check_store(&store).unwrap().ok());
    }
}
