//! Benchmark (not a test): import a 1,000,000-row completions CSV into a real database file
//! and report rows per second and the process's peak memory. The file is read as a stream:
//! peak memory stays flat however long the file is.
//!
//! Run: `cargo bench --bench import_1m` (set `MUSTER_BENCH_ROWS` for another size).

// The allocator the `muster` binary and the app use.
#[global_allocator]
static ALLOC: mimalloc::MiMalloc = mimalloc::MiMalloc;

use std::fs::File;
use std::io::{BufWriter, IsTerminal, Write};
use std::path::Path;
use std::time::Instant;

use chrono::{Days, NaiveDate};
use muster::domain::Contingent;
use muster::import::{self, Table};
use muster::Store;

const PEOPLE: usize = 10_000;
const MODULES: [&str; 7] = ["CULT", "ROE", "PATROL", "BFAC", "SEA", "POC", "KINPOT"];

/// Peak resident memory of this process so far, in MiB (Linux).
fn peak_mib() -> Option<f64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    let kib: f64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kib / 1024.0)
}

/// CPU seconds (user + system) this process has used (Linux, assumes 100 ticks a second):
/// on a shared machine wall time says more about the neighbours than about Muster.
fn cpu_secs() -> Option<f64> {
    let stat = std::fs::read_to_string("/proc/self/stat").ok()?;
    let after = stat.rsplit_once(')')?.1;
    let f: Vec<&str> = after.split_whitespace().collect();
    let ticks: f64 = f.get(11)?.parse::<f64>().ok()? + f.get(12)?.parse::<f64>().ok()?;
    Some(ticks / 100.0)
}

fn mib(v: Option<f64>) -> String {
    v.map_or("n/a".into(), |v| format!("{v:.1} MiB"))
}

fn write_roster(path: &Path) {
    let mut w = BufWriter::new(File::create(path).unwrap());
    writeln!(
        w,
        "service_number;family_name;given_name;category;gender;unit"
    )
    .unwrap();
    for i in 0..PEOPLE {
        writeln!(w, "KZ{:06};Нұрқасов;Аян;enlisted;M;{} взвод", i, 1 + i % 3).unwrap();
    }
}

/// `rows` distinct records, a Russian-office file: BOM, `;`, dd.mm.yyyy, CRLF.
fn write_completions(path: &Path, rows: usize) {
    let mut w = BufWriter::with_capacity(1 << 20, File::create(path).unwrap());
    w.write_all(b"\xEF\xBB\xBF").unwrap();
    write!(
        w,
        "service_number;module;date;result;score;hours;instructor\r\n"
    )
    .unwrap();
    let start = NaiveDate::from_ymd_opt(2015, 1, 1).unwrap();
    for i in 0..rows {
        let person = i % PEOPLE;
        let k = i / PEOPLE;
        let date = start + Days::new(k as u64 * 7 + (person % 5) as u64);
        write!(
            w,
            "KZ{:06};{};{};{};{};{};майор Ахметов Қ.\r\n",
            person,
            MODULES[k % MODULES.len()],
            date.format("%d.%m.%Y"),
            if (i % 10) == 0 { "fail" } else { "pass" },
            50 + i % 50,
            4 + k % 20
        )
        .unwrap();
    }
}

fn main() {
    // As the command line and the app run (src/huge_pages.rs).
    muster::huge_pages::disable();
    let rows: usize = std::env::var("MUSTER_BENCH_ROWS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(1_000_000);
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("bench.sqlite3");
    let mut store = Store::open(&db).unwrap();
    store.seed_default_curriculum("bench").unwrap();
    store
        .add_contingent(
            &Contingent {
                code: "BENCH".into(),
                name: "Benchmark company".into(),
                mission: "UNIFIL".into(),
                parent_unit: String::new(),
                training_start: NaiveDate::from_ymd_opt(2015, 1, 1).unwrap(),
                deploy_on: NaiveDate::from_ymd_opt(2030, 1, 1).unwrap(),
                tour_months: 6,
            },
            "bench",
        )
        .unwrap();

    let roster = dir.path().join("roster.csv");
    write_roster(&roster);
    let t = Instant::now();
    let r = import::import_roster(
        &mut store,
        Table::open_csv(&roster).unwrap(),
        &roster,
        "BENCH",
        "bench",
        false,
    )
    .unwrap();
    assert!(
        r.errors.is_empty(),
        "{:?}",
        &r.errors[..r.errors.len().min(3)]
    );
    println!(
        "roster: {} people in {:.2} s",
        r.people_new,
        t.elapsed().as_secs_f64()
    );

    let file = dir.path().join("completions.csv");
    write_completions(&file, rows);
    let size = std::fs::metadata(&file).unwrap().len() as f64 / (1 << 20) as f64;
    let before = peak_mib();
    println!(
        "completions file: {rows} rows, {size:.1} MiB; peak memory before import {}",
        mib(before)
    );

    let tty = std::io::stderr().is_terminal();
    let cpu = cpu_secs();
    let t = Instant::now();
    let r = import::import_completions(
        &mut store,
        Table::open_csv(&file).unwrap(),
        &file,
        "bench",
        false,
        &mut |n| {
            if tty {
                eprint!("\r{n} rows read…");
            }
        },
    )
    .unwrap();
    let secs = t.elapsed().as_secs_f64();
    let cpu = cpu_secs().zip(cpu).map(|(a, b)| a - b);
    if tty {
        eprint!("\r\x1b[K");
    }
    assert!(
        r.errors.is_empty(),
        "{:?}",
        &r.errors[..r.errors.len().min(3)]
    );
    assert_eq!(r.attempts_new, rows);
    if let Some(cpu) = cpu {
        println!(
            "cpu: {cpu:.2} s user+system = {:.0} rows per CPU-second",
            rows as f64 / cpu
        );
    }
    let after = peak_mib();
    println!(
        "import: {rows} rows in {secs:.2} s = {:.0} rows/s (SHA-256, decode, parse, check, insert, commit)",
        rows as f64 / secs
    );
    println!(
        "peak memory after import {} (file {size:.1} MiB; growth {})",
        mib(after),
        mib(after.zip(before).map(|(a, b)| a - b))
    );
}
