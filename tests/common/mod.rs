//! Shared set-up for integration tests: a real database file in a temp folder.
#![allow(dead_code)]

use std::path::{Path, PathBuf};

use chrono::NaiveDate;
use muster::domain::Contingent;
use muster::Store;

pub fn d(s: &str) -> NaiveDate {
    muster::dates::parse(s).unwrap()
}

pub struct TempDb {
    pub dir: tempfile::TempDir,
    pub path: PathBuf,
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
        code: "KAZBAT-4".into(),
        name: "4th rotation".into(),
        mission: "UNIFIL".into(),
        parent_unit: "INDBATT".into(),
        training_start: d("2021-01-11"),
        deploy_on: d("2021-07-01"),
        tour_months: 6,
    }
}

pub fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(name)
}
