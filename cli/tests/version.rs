//! `muster --version` says which Muster this is and which database schema it writes, so a
//! person can tell which build opens which file.

#[path = "../../tests/support/mod.rs"]
mod support;

use muster::store::db;
use support::cli::muster;
use support::TempDb;

#[test]
fn version_says_the_release_and_the_database_schema() {
    let t = TempDb::new();
    let out = muster(&t).run(&["--version"]);
    assert!(out.status.success());
    let out = String::from_utf8(out.stdout).unwrap();
    assert_eq!(
        out,
        format!(
            "muster {} (database schema {})\n",
            env!("CARGO_PKG_VERSION"),
            db::SCHEMA_VERSION
        )
    );
    // And the number is the one a new database gets.
    drop(t.store());
    let v: i64 = db::open(&t.path)
        .unwrap()
        .conn
        .query_row("PRAGMA user_version", [], |r| r.get(0))
        .unwrap();
    assert_eq!(v, db::SCHEMA_VERSION);
}
