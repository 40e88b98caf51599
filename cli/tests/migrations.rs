//! Schema upgrades: a database made by the first release (schema v1, frozen in
//! tests/fixtures/schema_v1.sql) upgrades to exactly the schema a fresh database gets,
//! keeps its data, and is backed up (with the online backup API) before anything changes;
//! a failed upgrade leaves the file as it was. One file for all of it: three overlapping
//! copies of these tests had grown on separate branches.

#[path = "../../tests/support/mod.rs"]
mod support;

use std::path::Path;

use support::cli::muster;

use muster::store::db::{self, SCHEMA_VERSION};
use muster::Store;
use rusqlite::Connection;

const V1: &str = include_str!("../../tests/fixtures/schema_v1.sql");

/// One row of sqlite_master: type, name, table, SQL.
type Entry = (String, String, String, Option<String>);

/// The version and the schema as SQLite reports them, in a stable order.
fn schema(path: &Path) -> (i64, Vec<Entry>) {
    let conn = Connection::open(path).unwrap();
    let version = conn
        .query_row("PRAGMA user_version", [], |r| r.get(0))
        .unwrap();
    let mut st = conn
        .prepare("SELECT type, name, tbl_name, sql FROM sqlite_master ORDER BY type, name")
        .unwrap();
    let rows = st
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)))
        .unwrap()
        .collect::<rusqlite::Result<_>>()
        .unwrap();
    (version, rows)
}

/// A database as the first release left it, with a contingent, a person and a record.
fn make_v1(path: &Path, extra_sql: &str) {
    let conn = Connection::open(path).unwrap();
    conn.execute_batch(V1).unwrap();
    conn.execute_batch(
        "PRAGMA user_version = 1;
         INSERT INTO contingent (code, name, mission, training_start, deploy_on, created_at, created_by)
           VALUES ('K3', 'Company', 'UNIFIL', '2020-01-01', '2020-06-01', '2020-01-01T00:00:00Z', 'x');
         INSERT INTO person (service_number, sn_key, family_name, given_name, category, gender, created_at, updated_at)
           VALUES ('KZ1', 'KZ1', 'Нұрқасов', 'Аян', 'officer', 'M', '2020-01-01T00:00:00Z', '2020-01-01T00:00:00Z');
         INSERT INTO assignment (person_id, contingent_id, assigned_at, assigned_by)
           VALUES (1, 1, '2020-01-01T00:00:00Z', 'x');
         INSERT INTO module (code, title, per_rotation, created_at)
           VALUES ('ROE', 'Rules of engagement', 1, '2020-01-01T00:00:00Z');
         INSERT INTO attempt (id, person_id, module_id, date, result, recorded_by, recorded_at)
           VALUES ('0190a000-0000-7000-8000-000000000001', 1, 1, '2020-02-01', 'pass', 'x', '2020-02-01T00:00:00Z');",
    )
    .unwrap();
    conn.execute_batch(extra_sql).unwrap();
}

#[test]
fn the_shipped_first_migration_is_never_edited() {
    assert_eq!(
        V1,
        db::MIGRATIONS[0],
        "migrations/0001_init.sql changed after it shipped: add a new migration instead"
    );
    const { assert!(SCHEMA_VERSION >= 2) };
}

#[test]
fn an_upgraded_v1_database_equals_a_fresh_one_and_keeps_its_records() {
    let dir = tempfile::tempdir().unwrap();
    let old = dir.path().join("old.sqlite3");
    make_v1(&old, "");
    let v1_schema = schema(&old);
    assert_eq!(v1_schema.0, 1);

    let store = Store::open(&old).unwrap();
    let r = muster::readiness::readiness(&store, "K3", "2020-03-01".parse().unwrap()).unwrap();
    assert_eq!(
        r.personnel[0].modules["ROE"].status,
        muster::rules::Status::Complete
    );
    assert_eq!(store.history("kz1").unwrap().len(), 1);
    // The default module still bears its default title: it gains its Russian and Kazakh.
    let roe = store.module("ROE").unwrap();
    assert_eq!(roe.title_ru.as_deref(), Some("Правила применения силы"));
    assert_eq!(roe.title_kk.as_deref(), Some("Күш қолдану ережелері"));
    drop(store);
    let fresh = dir.path().join("fresh.sqlite3");
    drop(Store::open(&fresh).unwrap());

    let (old_version, old_schema) = schema(&old);
    let (fresh_version, fresh_schema) = schema(&fresh);
    assert_eq!(old_version, SCHEMA_VERSION);
    assert_eq!(fresh_version, SCHEMA_VERSION);
    assert_eq!(old_schema, fresh_schema);
    assert!(old_schema.iter().any(|(_, name, _, _)| name == "import"));

    // The copy beside it is the database as it was before the upgrade.
    let backup = db::backup_path(&old, 1);
    assert!(
        backup.ends_with("old.sqlite3.v1.bak"),
        "{}",
        backup.display()
    );
    assert_eq!(schema(&backup), v1_schema);
    let conn = Connection::open(&backup).unwrap();
    let n: i64 = conn
        .query_row("SELECT count(*) FROM attempt", [], |r| r.get(0))
        .unwrap();
    assert_eq!(n, 1, "the backup holds the records as they were");
    // The old record is kept, and belongs to no import.
    let conn = Connection::open(&old).unwrap();
    let import_id: Option<i64> = conn
        .query_row("SELECT import_id FROM attempt", [], |r| r.get(0))
        .unwrap();
    assert_eq!(import_id, None);
    let ok: String = conn
        .query_row("PRAGMA integrity_check", [], |r| r.get(0))
        .unwrap();
    assert_eq!(ok, "ok");
    let broken: i64 = conn
        .query_row("SELECT count(*) FROM pragma_foreign_key_check", [], |r| {
            r.get(0)
        })
        .unwrap();
    assert_eq!(broken, 0);

    // Opening an up-to-date database writes no further backup.
    std::fs::remove_file(&backup).unwrap();
    drop(Store::open(&old).unwrap());
    assert!(!backup.exists());
}

#[test]
fn the_backup_is_written_before_the_upgrade_even_when_the_upgrade_fails() {
    let dir = tempfile::tempdir().unwrap();
    let old = dir.path().join("old.sqlite3");
    // A stray table named like the one migration 2 creates makes the upgrade fail.
    make_v1(&old, "CREATE TABLE import (x INTEGER);");
    let before = schema(&old);
    let err = Store::open(&old).err().expect("the upgrade cannot run");
    assert!(err.to_string().contains("import"), "{err}");
    assert!(
        !err.to_string().contains("CREATE"),
        "no SQL in the error: {err}"
    );
    assert!(err.to_string().ends_with("nothing was changed"), "{err}");
    assert_eq!(schema(&db::backup_path(&old, 1)), before);
    assert_eq!(
        schema(&old),
        before,
        "a failed upgrade leaves the file as it was"
    );
}

#[test]
fn a_fresh_database_gets_no_backup() {
    let dir = tempfile::tempdir().unwrap();
    drop(Store::open(&dir.path().join("muster.sqlite3")).unwrap());
    let files: Vec<_> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    assert!(
        files.iter().all(|f| !f.to_string_lossy().ends_with(".bak")),
        "{files:?}"
    );
}

#[test]
fn an_upgraded_database_is_chained_from_the_day_of_the_upgrade_and_says_so() {
    let dir = tempfile::tempdir().unwrap();
    let old = dir.path().join("old.sqlite3");
    make_v1(&old, "");
    drop(Store::open(&old).unwrap());
    let report = muster::check::check(&old).unwrap();
    assert!(report.ok(), "{:?}", report.findings);
    let started = report.started.expect("the chain began");
    assert_eq!(started.from_schema, 1);
    // The contingent, the person, the assignment, the module and the record of make_v1,
    // and the database's identity (migration 7).
    assert_eq!(started.entries, 6);
    let out = muster(&old).run(&["check"]);
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(out.status.success(), "{text}");
    assert!(
        text.contains("when this database was upgraded from schema version 1: the 6 records already there are vouched for from that day on, not before"),
        "{text}"
    );
}

#[test]
fn a_check_of_a_database_from_before_the_chain_says_to_upgrade_it_and_changes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let old = dir.path().join("old.sqlite3");
    make_v1(&old, "");
    let before = std::fs::read(&old).unwrap();
    let report = muster::check::check(&old).unwrap();
    assert_eq!(report.findings.len(), 1);
    assert_eq!(report.findings[0].flaw, muster::check::Flaw::NoChain);
    assert_eq!(std::fs::read(&old).unwrap(), before);
}
