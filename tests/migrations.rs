//! Upgrading a database written by an older Muster: a backup first, then a schema that
//! equals a fresh one, with every record intact.

mod common;

use common::TempDb;
use muster::{db, Store};
use rusqlite::Connection;

/// The schema as SQLite reports it, in a stable order.
fn schema(conn: &Connection) -> Vec<(String, String, String)> {
    let mut st = conn
        .prepare("SELECT type, name, coalesce(sql, '') FROM sqlite_master ORDER BY type, name")
        .unwrap();
    st.query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap()
}

/// A version-1 database as Muster 0.1 wrote it, from the frozen copy of its schema, with a
/// person and a record in it.
fn v1_database(t: &TempDb) {
    let c = Connection::open(&t.path).unwrap();
    let v1 = std::fs::read_to_string(common::fixture_file("schema_v1.sql")).unwrap();
    c.execute_batch(&v1).unwrap();
    c.execute_batch(
        "PRAGMA user_version = 1;
         INSERT INTO module (code, title, per_rotation, validity_months, created_at)
           VALUES ('ROE', 'Rules of engagement', 1, NULL, '2021-01-01T00:00:00Z');
         INSERT INTO person (service_number, sn_key, family_name, given_name, category, gender, created_at, updated_at)
           VALUES ('KZ1', 'KZ1', 'Нұрқасов', 'Аян', 'officer', 'M', 'x', 'x');
         INSERT INTO attempt (id, person_id, module_id, date, result, recorded_by, recorded_at)
           VALUES ('0190a000-0000-7000-8000-000000000001', 1, 1, '2021-02-15', 'pass', 'op', 'x');",
    )
    .unwrap();
}

#[test]
fn the_shipped_first_migration_is_never_edited() {
    assert_eq!(
        db::MIGRATIONS[0],
        std::fs::read_to_string(common::fixture_file("schema_v1.sql")).unwrap(),
        "migrations/0001_init.sql changed after it shipped: add a new migration instead"
    );
}

#[test]
fn an_upgraded_database_equals_a_fresh_one_and_keeps_its_records() {
    let old = TempDb::new();
    v1_database(&old);
    let store = Store::open(&old.path).unwrap();
    let h = store.history("kz1").unwrap();
    assert_eq!(h.len(), 1);
    assert_eq!(h[0].attempt.module, "ROE");
    drop(store);

    let fresh = TempDb::new();
    drop(Store::open(&fresh.path).unwrap());
    let (a, b) = (
        Connection::open(&old.path).unwrap(),
        Connection::open(&fresh.path).unwrap(),
    );
    assert_eq!(schema(&a), schema(&b));
    let version = |c: &Connection| {
        c.query_row("PRAGMA user_version", [], |r| r.get::<_, i64>(0))
            .unwrap()
    };
    assert_eq!(version(&a), db::SCHEMA_VERSION);
    assert_eq!(version(&b), db::SCHEMA_VERSION);
}

#[test]
fn a_backup_is_written_before_the_upgrade() {
    let t = TempDb::new();
    v1_database(&t);
    drop(Store::open(&t.path).unwrap());
    let backup = db::backup_path(&t.path, 1);
    assert!(
        backup.ends_with("muster.sqlite3.v1.bak"),
        "{}",
        backup.display()
    );
    let b = Connection::open(&backup).unwrap();
    assert_eq!(
        b.query_row("PRAGMA user_version", [], |r| r.get::<_, i64>(0))
            .unwrap(),
        1
    );
    let n: i64 = b
        .query_row("SELECT count(*) FROM attempt", [], |r| r.get(0))
        .unwrap();
    assert_eq!(n, 1, "the backup holds the records as they were");
    // Opening an up-to-date database writes no further backup.
    std::fs::remove_file(&backup).unwrap();
    drop(Store::open(&t.path).unwrap());
    assert!(!backup.exists());
}

#[test]
fn a_fresh_database_gets_no_backup() {
    let t = TempDb::new();
    drop(Store::open(&t.path).unwrap());
    let files: Vec<_> = std::fs::read_dir(t.dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    assert!(
        files.iter().all(|f| !f.to_string_lossy().ends_with(".bak")),
        "{files:?}"
    );
}
