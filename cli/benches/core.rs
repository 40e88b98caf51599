//! Core benchmark (issue 2): 100,000 people × 7 modules (~600,000 attempts) in one
//! database file. Reports the completions import rate, readiness for everyone against a
//! floor measured in the same run (a raw scan reading each attempt row once), `muster
//! check` against SQLite's `integrity_check` of the same file, and one `muster log` end
//! to end. Run: `cargo bench -p muster-cli --bench core` (here,
//! in the package that builds the `muster` binary it runs).

// The allocator the `muster` binary and the app use.
#[global_allocator]
static ALLOC: mimalloc::MiMalloc = mimalloc::MiMalloc;

use std::fmt::Write as _;
use std::path::Path;
use std::process::Command;
use std::time::{Duration, Instant};

use muster::domain::Contingent;
use muster::import::{import_completions, import_roster, Table};
use muster::{dates, readiness, Store};

const PEOPLE: usize = 100_000;
const MODULES: [&str; 7] = ["CULT", "ROE", "PATROL", "BFAC", "SEA", "POC", "KINPOT"];

/// CPU seconds this process has used (user + system): on a busy machine wall time also
/// counts time spent waiting for a core, CPU time does not.
fn cpu_seconds() -> f64 {
    let stat = std::fs::read_to_string("/proc/self/stat").unwrap_or_default();
    let after = stat.rsplit(')').next().unwrap_or("");
    let f: Vec<&str> = after.split_whitespace().collect();
    // fields 14 and 15 of the file (utime, stime, in ticks of 1/100 s) are 11 and 12 after
    // the command name
    let tick = |i: usize| f.get(i).and_then(|v| v.parse::<f64>().ok()).unwrap_or(0.0);
    (tick(11) + tick(12)) / 100.0
}

fn median(mut v: Vec<Duration>) -> Duration {
    v.sort();
    v[v.len() / 2]
}

fn write_files(dir: &Path) -> (std::path::PathBuf, std::path::PathBuf, usize) {
    let mut roster = String::from(
        "service_number;family_name;given_name;patronymic;rank;category;gender;role;unit\n",
    );
    let mut done = String::from("service_number;module;date;result;score;hours;instructor\n");
    let mut rows = 0;
    let mut x: u64 = 42;
    let mut rnd = |n: u64| {
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        x % n
    };
    for i in 0..PEOPLE {
        let cat = ["officer", "nco", "enlisted", "enlisted", "enlisted"][i % 5];
        let g = if i % 11 == 0 { "F" } else { "M" };
        writeln!(
            roster,
            "KZ{i:07};Нұрқасов{i};Аян;Маратұлы;рядовой;{cat};{g};стрелок;{} взвод",
            i % 30
        )
        .unwrap();
        for m in MODULES {
            // ~86% of cells have a record: about 600,000 attempts in all.
            if rnd(100) < 86 {
                let day = 1 + rnd(28);
                let month = 2 + rnd(9);
                let result = if rnd(10) == 0 { "fail" } else { "pass" };
                writeln!(
                    done,
                    "KZ{i:07};{m};{day:02}.{month:02}.2021;{result};{};8;Capt. Mehta",
                    50 + rnd(50)
                )
                .unwrap();
                rows += 1;
            }
        }
    }
    let r = dir.join("roster.csv");
    let c = dir.join("completions.csv");
    std::fs::write(&r, roster).unwrap();
    std::fs::write(&c, done).unwrap();
    (r, c, rows)
}

fn main() {
    // As the command line and the app run (src/huge_pages.rs).
    muster::huge_pages::disable();
    let dir = tempfile::tempdir().unwrap();
    // MUSTER_BENCH_KEEP=DIR leaves the files and database there, to look into afterwards.
    let keep = std::env::var_os("MUSTER_BENCH_KEEP").map(std::path::PathBuf::from);
    let base = keep.as_deref().unwrap_or(dir.path());
    std::fs::create_dir_all(base).unwrap();
    let db = base.join("bench.sqlite3");
    let _ = std::fs::remove_file(&db);
    let (roster, done, rows) = write_files(base);
    let mut store = Store::open(&db).unwrap();
    store.seed_default_curriculum("bench").unwrap();
    store
        .add_contingent(
            &Contingent {
                code: "BENCH".into(),
                name: "benchmark".into(),
                mission: "UNIFIL".into(),
                parent_unit: "INDBATT".into(),
                training_start: dates::parse("2021-01-11").unwrap(),
                deploy_on: dates::parse("2021-12-01").unwrap(),
                tour_months: 6,
            },
            "bench",
        )
        .unwrap();

    let roster_cpu = cpu_seconds();
    let t = Instant::now();
    let r = import_roster(
        &mut store,
        Table::open_csv(&roster).unwrap(),
        &roster,
        "BENCH",
        "bench",
        false,
    )
    .unwrap();
    assert!(r.committed, "{:?}", &r.errors[..r.errors.len().min(3)]);
    let roster_s = t.elapsed().as_secs_f64();
    let roster_cpu = cpu_seconds() - roster_cpu;

    let cpu = cpu_seconds();
    let t = Instant::now();
    let r = import_completions(
        &mut store,
        Table::open_csv(&done).unwrap(),
        &done,
        "bench",
        false,
        &mut |_| {},
    )
    .unwrap();
    assert!(r.committed, "{:?}", &r.errors[..r.errors.len().min(3)]);
    let import_s = t.elapsed().as_secs_f64();
    let import_cpu = cpu_seconds() - cpu;
    assert_eq!(r.attempts_new, rows);

    let as_of = dates::parse("2021-11-01").unwrap();
    // Alternate floor and readiness so both see the same cache state; take medians.
    let (mut floor, mut ready, mut load, mut compute) =
        (Vec::new(), Vec::new(), Vec::new(), Vec::new());
    let mut ready_count = 0;
    let (mut floor_cpu, mut ready_cpu) = (0.0, 0.0);
    const RUNS: usize = 7;
    for _ in 0..RUNS {
        let (cpu, t) = (cpu_seconds(), Instant::now());
        let n = store.raw_scan_attempts().unwrap();
        floor.push(t.elapsed());
        floor_cpu += cpu_seconds() - cpu;
        assert_eq!(n as usize, rows);
        let (cpu, t) = (cpu_seconds(), Instant::now());
        let rd = readiness::readiness(&store, "BENCH", as_of).unwrap();
        ready.push(t.elapsed());
        ready_cpu += cpu_seconds() - cpu;
        ready_count = rd.summary.ready;
        assert_eq!(rd.summary.personnel, PEOPLE);
        // The same work in its two halves, to see where the time goes.
        let t = Instant::now();
        let input = store.readiness_input("BENCH").unwrap();
        load.push(t.elapsed());
        let t = Instant::now();
        std::hint::black_box(readiness::compute_owned(input, as_of));
        compute.push(t.elapsed());
    }
    let (floor, ready, load, compute) =
        (median(floor), median(ready), median(load), median(compute));
    drop(store);

    // `muster check`: SQLite's integrity check, the chain link by link, every record
    // against the chain (the same function the CLI calls, on the closed file).
    let mut checks = Vec::new();
    let mut entries = 0;
    let cpu = cpu_seconds();
    for _ in 0..3 {
        let t = Instant::now();
        let c = muster::check::check(&db).unwrap();
        checks.push(t.elapsed());
        assert!(c.ok(), "{:?}", &c.findings[..c.findings.len().min(3)]);
        entries = c.entries;
    }
    let check_cpu = (cpu_seconds() - cpu) / 3.0;
    let check = median(checks);
    // Its floor, in the same minutes: SQLite's own `integrity_check` of the same file on
    // one connection (what the check stands in for, without the chain or the records).
    let sqlite = rusqlite::Connection::open_with_flags(
        &db,
        rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY | rusqlite::OpenFlags::SQLITE_OPEN_NO_MUTEX,
    )
    .unwrap();
    sqlite.pragma_update(None, "mmap_size", 1i64 << 32).unwrap();
    let t = Instant::now();
    let said: String = sqlite
        .query_row("PRAGMA integrity_check", [], |r| r.get(0))
        .unwrap();
    let integrity = t.elapsed();
    assert_eq!(said, "ok");
    drop(sqlite);

    // One `muster log` end to end: process start, open, validate, insert, fsync, exit.
    let mut logs = Vec::new();
    for i in 0..7 {
        let t = Instant::now();
        let o = Command::new(env!("CARGO_BIN_EXE_muster"))
            .args([
                "--db",
                db.to_str().unwrap(),
                "log",
                "--module",
                "ROE",
                "--date",
                "2021-06-01",
                "--result",
                "pass",
                "--by",
                "bench",
            ])
            .arg(format!("KZ{i:07}"))
            .env("MUSTER_DATA_DIR", db.with_extension("app-data"))
            .output()
            .unwrap();
        logs.push(t.elapsed());
        assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    }
    let log = median(logs);

    println!(
        "muster core benchmark: {PEOPLE} people × {} modules, {rows} attempts",
        MODULES.len()
    );
    println!(
        "  roster import            {:>10.0} people/s ({roster_s:.2} s)",
        PEOPLE as f64 / roster_s
    );
    println!(
        "    by CPU time            {:>10.0} people/s ({roster_cpu:.2} s)",
        PEOPLE as f64 / roster_cpu
    );
    println!(
        "  completions import       {:>10.0} rows/s   ({import_s:.2} s)   target ≥ 150000",
        rows as f64 / import_s
    );
    println!(
        "    by CPU time            {:>10.0} rows/s   ({import_cpu:.2} s)",
        rows as f64 / import_cpu
    );
    println!(
        "  floor: raw attempt scan  {:>10.1} ms",
        floor.as_secs_f64() * 1e3
    );
    println!(
        "  readiness, everyone      {:>10.1} ms   ({ready_count} ready)",
        ready.as_secs_f64() * 1e3
    );
    println!(
        "    of which loading       {:>10.1} ms",
        load.as_secs_f64() * 1e3
    );
    println!(
        "    of which the rules     {:>10.1} ms",
        compute.as_secs_f64() * 1e3
    );
    println!(
        "  readiness ÷ floor        {:>10.2}×     target ≤ 1.5",
        ready.as_secs_f64() / floor.as_secs_f64()
    );
    println!(
        "    by CPU time            {:>10.2}×     ({:.0} ms ÷ {:.0} ms per run)",
        ready_cpu / floor_cpu,
        ready_cpu * 1e3 / RUNS as f64,
        floor_cpu * 1e3 / RUNS as f64
    );
    println!(
        "  muster check             {:>10.1} ms   ({entries} chain entries, {:.0} ms CPU)   target well under 1000",
        check.as_secs_f64() * 1e3,
        check_cpu * 1e3
    );
    println!(
        "    floor: integrity_check {:>10.1} ms   check ÷ floor {:.2}×",
        integrity.as_secs_f64() * 1e3,
        check.as_secs_f64() / integrity.as_secs_f64()
    );
    println!(
        "  one `muster log`         {:>10.1} ms   target < 10",
        log.as_secs_f64() * 1e3
    );
}
