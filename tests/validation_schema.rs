//! A database made by the first schema, upgraded, has exactly the schema of a fresh one,
//! keeps its records, and leaves a backup of the old file beside it.

use muster::db;

fn schema(path: &std::path::Path) -> Vec<(String, String, Option<String>)> {
    let c = rusqlite::Connection::open(path).unwrap();
    let mut st = c
        .prepare("SELECT type, name, sql FROM sqlite_master WHERE name NOT LIKE 'sqlite_%' ORDER BY type, name")
        .unwrap();
    let rows = st
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
        .unwrap();
    rows.collect::<rusqlite::Result<_>>().unwrap()
}

#[test]
fn upgraded_database_equals_a_fresh_one() {
    let dir = tempfile::tempdir().unwrap();
    let old = dir.path().join("old.sqlite3");
    {
        let c = rusqlite::Connection::open(&old).unwrap();
        c.execute_batch(db::MIGRATIONS[0]).unwrap();
        c.pragma_update(None, "user_version", 1).unwrap();
        c.execute("INSERT INTO meta (key, value) VALUES ('kept', 'yes')", [])
            .unwrap();
    }
    let fresh = dir.path().join("fresh.sqlite3");
    drop(muster::Store::open(&fresh).unwrap());
    drop(muster::Store::open(&old).unwrap());
    assert_eq!(schema(&old), schema(&fresh));
    let c = rusqlite::Connection::open(&old).unwrap();
    let v: i64 = c
        .query_row("PRAGMA user_version", [], |r| r.get(0))
        .unwrap();
    assert_eq!(v, db::SCHEMA_VERSION);
    let kept: String = c
        .query_row("SELECT value FROM meta WHERE key = 'kept'", [], |r| {
            r.get(0)
        })
        .unwrap();
    assert_eq!(kept, "yes");
    assert!(db::backup_path(&old, 1).exists());
}
