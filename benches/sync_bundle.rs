//! Field sync at a training centre's scale (issue 12): a bundle of 100,000 people × 7
//! modules (~600,000 attempts, made from the same shuffled records as `import_floor`),
//! written by the function `muster sync export` calls and received into an empty database
//! by the one `muster sync import` calls: export and import rates, the bundle's size per
//! record, and import against its floor.
//!
//! The floor, measured in the same run: the same attempts copied into the roster database
//! by one `INSERT … SELECT` (see `common::floor_run`). A bundle's import writes more than
//! that copy (people, roster entries, the receipt, the audit) and first checks the file's
//! signature and unpacks it; the ratio says what that costs.
//! Run: `cargo bench --bench sync_bundle` (`MUSTER_BENCH_RUNS`, default 3;
//! `MUSTER_BENCH_DIR` to keep the files and databases).

// The allocator the `muster` binary and the app use.
#[global_allocator]
static ALLOC: mimalloc::MiMalloc = mimalloc::MiMalloc;

mod common;

use std::path::{Path, PathBuf};

use common::*;
use muster::import::{self, OpenOptions, Table};
use muster::signing::InstallationKey;
use muster::sync::{self, ImportOptions};
use muster::Store;

/// Every record the bundle carries.
fn records_in(c: &sync::Counts) -> u64 {
    c.contingents + c.modules + c.people + c.assignments + c.attempts + c.voidings + c.validations
}

/// The sending training centre: the roster and every record, imported as an office would.
fn sender(base: &Path, dir: &Path, csv: &Path, rows: usize) -> PathBuf {
    let db = fresh(base, dir, "sender.sqlite3");
    let mut store = Store::open(&db).unwrap();
    let table = Table::open(csv, &OpenOptions::default()).unwrap();
    let r =
        import::import_completions(&mut store, table, csv, "bench", false, &mut |_| {}).unwrap();
    assert!(r.committed && r.attempts_new == rows);
    db
}

fn main() {
    // As the command line and the app run (src/huge_pages.rs).
    muster::huge_pages::disable();
    let runs = runs();
    let (_tmp, dir) = work_dir();
    let dir = dir.as_path();
    let Inputs { rows, csv, base } = inputs(dir);
    let from = sender(&base, dir, &csv, rows.len());
    let key = InstallationKey::from_seed([13; 32], "Учебный центр, учебный отдел");

    println!(
        "muster sync: {PEOPLE} people × {} modules ({} attempts, rows shuffled); {runs} runs",
        MODULES.len(),
        rows.len()
    );
    let bundle = dir.join("centre.muster");
    let (mut exports, mut imports, mut ratios) = (Vec::new(), Vec::new(), Vec::new());
    for run in 0..runs {
        let store = Store::open(&from).unwrap();
        let mut header = None;
        let e =
            timed(|| header = Some(sync::export_to(&store, &key, &bundle, None).unwrap().header));
        drop(store);
        let header = header.unwrap();
        let n = records_in(&header.counts);
        let bytes = std::fs::metadata(&bundle).unwrap().len();

        let f = floor_run(&base, dir, &rows);

        let to = dir.join("receiver.sqlite3");
        for ext in ["", "-wal", "-shm"] {
            let _ = std::fs::remove_file(format!("{}{ext}", to.display()));
        }
        let mut store = Store::open(&to).unwrap();
        let mut report = None;
        let i = timed(|| {
            report = Some(
                sync::import(
                    &mut store,
                    &bundle,
                    &ImportOptions {
                        dry_run: false,
                        trust: Some("Учебный центр"),
                        by: "bench",
                        own: None,
                    },
                )
                .unwrap(),
            )
        });
        drop(store);
        let added = report.unwrap().added;
        assert_eq!(added.records, rows.len() as u64, "every attempt received");
        if run == 0 {
            // `muster check` on the receiver: the chains hold after a whole bundle.
            let c = muster::check::check(&to).unwrap();
            assert!(c.ok(), "{:?}", &c.findings[..c.findings.len().min(3)]);
        }

        let (er, ir) = (
            n as f64 / e.wall.as_secs_f64(),
            n as f64 / i.wall.as_secs_f64(),
        );
        let fr = rows.len() as f64 / f.wall.as_secs_f64();
        println!(
            "  run {}: {n} records, bundle {:.1} MiB ({:.1} bytes a record)\n    export {er:>8.0} records/s ({:.2} s, cpu {:.2} s)   import {ir:>8.0} records/s ({:.2} s, cpu {:.2} s)   floor {fr:>8.0} rows/s ({:.2} s)   import ÷ floor {:.2}",
            run + 1,
            bytes as f64 / (1 << 20) as f64,
            bytes as f64 / n as f64,
            e.wall.as_secs_f64(),
            e.cpu,
            i.wall.as_secs_f64(),
            i.cpu,
            f.wall.as_secs_f64(),
            ir / fr
        );
        exports.push(er);
        imports.push(ir);
        ratios.push(ir / fr);
    }
    println!(
        "  median: export {:.0} records/s, import {:.0} records/s (target ≥ 100,000), import ÷ floor {:.2}×",
        median(exports),
        median(imports),
        median(ratios)
    );
}
