//! The spreadsheet tests' database: a real file in a temporary directory, the default
//! curriculum and one contingent, and the sample spreadsheets of tests/fixtures imported
//! into it.

use std::path::Path;

use muster::domain::Contingent;
use muster::import::{self, ImportReport, OpenOptions, Table};
use muster::Store;
use tempfile::TempDir;

pub use super::{fixture_file, ymd, CODE};

/// The operator who imports the spreadsheets.
pub const IMPORTED_BY: &str = "capt. Test";

/// A fresh database file with the default curriculum and one contingent.
pub fn store() -> (TempDir, Store) {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(&dir.path().join("muster.sqlite3")).unwrap();
    store.seed_default_curriculum(IMPORTED_BY).unwrap();
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
                training_start: ymd(2020, 9, 1),
                deploy_on: ymd(2021, 6, 1),
                tour_months: 6,
            },
            IMPORTED_BY,
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
    import::import_roster(store, table, path, CODE, IMPORTED_BY, dry_run).unwrap()
}

pub fn roster(store: &mut Store, name: &str) -> ImportReport {
    let r = roster_at(store, &fixture_file(name), None, false);
    assert!(r.errors.is_empty(), "{name}: {:?}", r.errors);
    r
}

pub fn completions_at(store: &mut Store, path: &Path, dry_run: bool) -> ImportReport {
    let table = open(path, None, None).unwrap();
    import::import_completions(store, table, path, IMPORTED_BY, dry_run, &mut |_| {}).unwrap()
}

pub fn completions(store: &mut Store, name: &str) -> ImportReport {
    let r = completions_at(store, &fixture_file(name), false);
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
