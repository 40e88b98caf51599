//! The one harness of the integration tests (tests/ and cli/tests/), all on real database
//! files in temporary folders. Each topic is a submodule; a name means one thing across
//! them, and where two fixtures differ in value they carry different names:
//!
//! - here: the contingent code, dates (`d("2025-03-03")`, `ymd(2025, 3, 3)`), `TempDb`,
//!   the files under tests/fixtures;
//! - `records`: a fixed contingent with explicit people and records, for reports, sign-off
//!   and sync (its operator is `BY`);
//! - `sheets`: the sample spreadsheets imported into a fresh database (its operator is
//!   `IMPORTED_BY`);
//! - `files`: hostile workbooks built byte by byte;
//! - `sites`: installations that exchange sync bundles;
//! - `cli`: the one runner of the built `muster` binary (cli/tests only).
//!
//! A test file takes it with `mod support;` (tests/) or
//! `#[path = "../../tests/support/mod.rs"] mod support;` (cli/tests/).
#![allow(dead_code, unused_imports)]

pub mod cli;
pub mod files;
pub mod records;
pub mod sheets;
pub mod sites;

use std::path::{Path, PathBuf};

use chrono::NaiveDate;
use muster::domain::Contingent;
use muster::Store;

/// The contingent every fixture uses.
pub const CODE: &str = "KAZBAT-4";

/// A date written as the tests write it: `d("2025-03-03")`.
pub fn d(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
}

/// A date from its numbers: `ymd(2025, 3, 3)`.
pub fn ymd(y: i32, m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, day).unwrap()
}

/// A file under tests/fixtures.
pub fn fixture_file(name: &str) -> PathBuf {
    // The core's tests/fixtures, from the core's tests and the command line's (cli/tests).
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .ancestors()
        .map(|d| d.join("tests/fixtures"))
        .find(|d| d.is_dir())
        .expect("tests/fixtures")
        .join(name)
}

/// A database file's path in a temporary folder of its own, not yet created.
pub struct TempDb {
    pub dir: tempfile::TempDir,
    pub path: PathBuf,
}

/// The database's path: a command-line test runs `muster(&t)` on it.
impl AsRef<Path> for TempDb {
    fn as_ref(&self) -> &Path {
        &self.path
    }
}

impl TempDb {
    pub fn new() -> TempDb {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("muster.sqlite3");
        TempDb { dir, path }
    }

    pub fn store(&self) -> Store {
        let mut s = Store::open(&self.path).unwrap();
        s.seed_default_curriculum("test").unwrap();
        s
    }

    pub fn file(&self, name: &str, body: &str) -> PathBuf {
        let p = self.dir.path().join(name);
        std::fs::write(&p, body).unwrap();
        p
    }
}

/// KAZBAT-4: training from 11 Jan 2021, deploying 1 Jul 2021 for six months.
pub fn kazbat() -> Contingent {
    Contingent {
        code: CODE.into(),
        name: "4th rotation".into(),
        mission: "UNIFIL".into(),
        parent_unit: "INDBATT".into(),
        training_start: d("2021-01-11"),
        deploy_on: d("2021-07-01"),
        tour_months: 6,
    }
}
