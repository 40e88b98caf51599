//! Import against its floor (issue 13): a shuffled completions CSV of 100,000 people × 7
//! modules (~600,000 rows, rows in no order, as a year of merged session logs) and a
//! workbook of 100,000 such rows, each imported by the function `muster import
//! completions` calls, from the file on disk, into a database holding the roster.
//!
//! The floor, measured in the same run on the same database: the very same records
//! (values, ids, import record) staged in a TEMP table beforehand, then copied into the
//! same schema, indexes and triggers (the chain included) by one `INSERT … SELECT` in one
//! transaction, committed with synchronous=FULL and the 64 MiB page cache every
//! connection has. Floor and import alternate, each on a fresh copy of the same database.
//!
//! Files are made from a fixed seed, so every run reads the same bytes.
//! Run: `cargo bench --bench import_floor` (`MUSTER_BENCH_RUNS`, default 3;
//! `MUSTER_BENCH_DIR` to keep the files and databases somewhere to look at).

// The allocator the `muster` binary and the app use.
#[global_allocator]
static ALLOC: mimalloc::MiMalloc = mimalloc::MiMalloc;

mod common;

use std::path::Path;

use chrono::Datelike;
use common::*;
use muster::domain::NewAttempt;
use muster::import::{self, OpenOptions, Table};
use muster::Store;

const WORKBOOK_ROWS: usize = 100_000;

/// A workbook as an office keeps one: real date cells, numbers as numbers.
fn write_xlsx(path: &Path, rows: &[NewAttempt]) {
    use rust_xlsxwriter::{ExcelDateTime, Format, Workbook};
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet();
    ws.set_name("Журнал").unwrap();
    let date = Format::new().set_num_format("dd.mm.yyyy");
    for (c, h) in [
        "Личный номер",
        "Модуль",
        "Дата",
        "Результат",
        "Балл",
        "Часы",
        "Инструктор",
        "Примечание",
    ]
    .iter()
    .enumerate()
    {
        ws.write_string(0, c as u16, *h).unwrap();
    }
    for (i, a) in rows.iter().enumerate() {
        let r = i as u32 + 1;
        ws.write_string(r, 0, &a.service_number).unwrap();
        ws.write_string(r, 1, &a.module).unwrap();
        let d = ExcelDateTime::from_ymd(
            a.date.year() as u16,
            a.date.month() as u8,
            a.date.day() as u8,
        )
        .unwrap();
        ws.write_datetime_with_format(r, 2, d, &date).unwrap();
        ws.write_string(r, 3, result_word(a)).unwrap();
        ws.write_number(r, 4, a.score.unwrap()).unwrap();
        ws.write_number(r, 5, a.hours.unwrap()).unwrap();
        ws.write_string(r, 6, &a.instructor).unwrap();
        if !a.notes.is_empty() {
            ws.write_string(r, 7, &a.notes).unwrap();
        }
    }
    wb.save(path).unwrap();
}

fn import_run(base: &Path, dir: &Path, file: &Path, rows: usize, check: bool) -> Timed {
    let db = fresh(base, dir, "import.sqlite3");
    let mut store = Store::open(&db).unwrap();
    let t = timed(|| {
        let table = Table::open(file, &OpenOptions::default()).unwrap();
        let r = import::import_completions(&mut store, table, file, "bench", false, &mut |_| {})
            .unwrap();
        assert!(r.committed, "{:?}", &r.errors[..r.errors.len().min(3)]);
        assert_eq!(r.attempts_new, rows);
    });
    drop(store);
    if check {
        // `muster check`: the chain and every record against it.
        let c = muster::check::check(&db).unwrap();
        assert!(c.ok(), "{:?}", &c.findings[..c.findings.len().min(3)]);
    }
    t
}

fn case(name: &str, base: &Path, dir: &Path, file: &Path, rows: &[NewAttempt], runs: usize) {
    let n = rows.len() as f64;
    let (mut floors, mut imports, mut ratios) = (Vec::new(), Vec::new(), Vec::new());
    let mut cpu_ratios = Vec::new();
    println!("{name}: {} rows, {:.1} MiB", rows.len(), size_mib(file));
    for run in 0..runs {
        let f = floor_run(base, dir, rows);
        let i = import_run(base, dir, file, rows.len(), run == 0);
        let (fr, ir) = (n / f.wall.as_secs_f64(), n / i.wall.as_secs_f64());
        println!(
            "  run {}: floor {fr:>8.0} rows/s ({:.2} s, cpu {:.2} s)   import {ir:>8.0} rows/s ({:.2} s, cpu {:.2} s)   ratio {:.2}",
            run + 1,
            f.wall.as_secs_f64(),
            f.cpu,
            i.wall.as_secs_f64(),
            i.cpu,
            ir / fr
        );
        floors.push(fr);
        imports.push(ir);
        ratios.push(ir / fr);
        cpu_ratios.push(f.cpu / i.cpu);
    }
    println!(
        "  median: floor {:.0} rows/s, import {:.0} rows/s, import ÷ floor {:.2}×   target ≥ 0.7",
        median(floors),
        median(imports),
        median(ratios)
    );
    // CPU time of every thread: what the ratio would be with no second core to spare
    // (on a busy machine, wall time also counts the wait for a core).
    println!("    by CPU time: import ÷ floor {:.2}×", median(cpu_ratios));
}

fn main() {
    // As the command line and the app run (src/huge_pages.rs).
    muster::huge_pages::disable();
    let runs = runs();
    let (_tmp, dir) = work_dir();
    let dir = dir.as_path();
    let Inputs { rows, csv, base } = inputs(dir);
    let xlsx = dir.join("completions-shuffled.xlsx");
    write_xlsx(&xlsx, &rows[..WORKBOOK_ROWS]);

    println!(
        "muster import vs floor: {PEOPLE} people × {} modules, rows shuffled; {runs} runs each, floor and import alternating",
        MODULES.len()
    );
    case("CSV", &base, dir, &csv, &rows, runs);
    case(
        "workbook (xlsx)",
        &base,
        dir,
        &xlsx,
        &rows[..WORKBOOK_ROWS],
        runs,
    );
}
