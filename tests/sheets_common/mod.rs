//! Shared by the spreadsheet tests: a real database file in a temporary directory, a
//! contingent, and the fixture files.
#![allow(dead_code)]

use std::path::{Path, PathBuf};

use chrono::NaiveDate;
use muster::domain::Contingent;
use muster::import::{self, ImportReport, OpenOptions, Table};
use muster::Store;
use tempfile::TempDir;

pub const CODE: &str = "KAZBAT-4";
pub const BY: &str = "capt. Test";

pub fn fixture(name: &str) -> PathBuf {
    // The core's tests/fixtures, from the core's tests and the command line's (cli/tests).
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .ancestors()
        .map(|d| d.join("tests/fixtures"))
        .find(|d| d.is_dir())
        .expect("tests/fixtures")
        .join(name)
}

pub fn d(y: i32, m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, day).unwrap()
}

/// A fresh database file with the default curriculum and one contingent.
pub fn store() -> (TempDir, Store) {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(&dir.path().join("muster.sqlite3")).unwrap();
    store.seed_default_curriculum(BY).unwrap();
    add_contingent(&mut store, CODE);
    (dir, store)
}

pub fn add_contingent(store: &mut Store, code: &str) {
    store
        .add_contingent(
            &Contingent {
                code: code.into(),
                name: "Kazakh company".into(),
                mission: "UNIFIL".into(),
                parent_unit: "INDBATT".into(),
                training_start: d(2020, 9, 1),
                deploy_on: d(2021, 6, 1),
                tour_months: 6,
            },
            BY,
        )
        .unwrap();
}

pub fn open(path: &Path, sheet: Option<&str>, encoding: Option<&str>) -> muster::Result<Table> {
    Table::open(
        path,
        &OpenOptions {
            sheet: sheet.map(str::to_string),
            encoding: encoding.map(str::to_string),
        },
    )
}

pub fn roster_at(
    store: &mut Store,
    path: &Path,
    sheet: Option<&str>,
    dry_run: bool,
) -> ImportReport {
    let table = open(path, sheet, None).unwrap();
    import::import_roster(store, table, path, CODE, BY, dry_run).unwrap()
}

pub fn roster(store: &mut Store, name: &str) -> ImportReport {
    let r = roster_at(store, &fixture(name), None, false);
    assert!(r.errors.is_empty(), "{name}: {:?}", r.errors);
    r
}

pub fn completions_at(store: &mut Store, path: &Path, dry_run: bool) -> ImportReport {
    let table = open(path, None, None).unwrap();
    import::import_completions(store, table, path, BY, dry_run, &mut |_| {}).unwrap()
}

pub fn completions(store: &mut Store, name: &str) -> ImportReport {
    let r = completions_at(store, &fixture(name), false);
    assert!(r.errors.is_empty(), "{name}: {:?}", r.errors);
    r
}

/// Every error as `line|column|message`, for exact comparison.
pub fn errors(r: &ImportReport) -> Vec<String> {
    r.errors
        .iter()
        .map(|e| format!("{}|{}|{}", e.line, e.column, e.message))
        .collect()
}
