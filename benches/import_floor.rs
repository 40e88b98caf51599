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

use std::fs::File;
use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use chrono::{Datelike, Days, NaiveDate};
use muster::domain::{Contingent, NewAttempt, Outcome};
use muster::import::{self, OpenOptions, Table};
use muster::Store;

const PEOPLE: usize = 100_000;
const MODULES: [&str; 7] = ["CULT", "ROE", "PATROL", "BFAC", "SEA", "POC", "KINPOT"];
const WORKBOOK_ROWS: usize = 100_000;

const FAMILY: [&str; 12] = [
    "Нұрқасов",
    "Ахметов",
    "Сейткали",
    "Жумабаев",
    "Оспанов",
    "Иванов",
    "Смагулов",
    "Қайратұлы",
    "Бекмұхамедов",
    "Тулегенов",
    "Ержанов",
    "Әбенов",
];
const GIVEN: [&str; 8] = [
    "Аян",
    "Ерлан",
    "Данияр",
    "Айгерім",
    "Нұрлан",
    "Сергей",
    "Әсел",
    "Бауыржан",
];
const PATRONYMIC: [&str; 6] = [
    "Маратұлы",
    "Серикович",
    "Болатұлы",
    "Қанатқызы",
    "Ерланович",
    "Нұрланұлы",
];
const INSTRUCTORS: [&str; 5] = [
    "майор Ахметов Қ.",
    "капитан Сейткали Б.",
    "подполковник Иванова Е.",
    "ст. лейтенант Жұмабаев Н.",
    "Capt. Mehta",
];
const NOTES: [&str; 4] = [
    "",
    "",
    "полевой выход, полигон «Илийский»",
    "пересдача по графику",
];

/// xorshift64: the same numbers on every machine.
struct Rng(u64);
impl Rng {
    fn below(&mut self, n: u64) -> u64 {
        let x = &mut self.0;
        *x ^= *x << 13;
        *x ^= *x >> 7;
        *x ^= *x << 17;
        *x % n
    }
}

fn sn(i: usize) -> String {
    format!("KZ{i:07}")
}

/// Every person's records (~86% of person × module), then shuffled (Fisher–Yates).
fn records(rng: &mut Rng) -> Vec<NewAttempt> {
    let start = NaiveDate::from_ymd_opt(2021, 1, 4).unwrap();
    let mut out = Vec::with_capacity(PEOPLE * MODULES.len());
    for i in 0..PEOPLE {
        for m in MODULES {
            if rng.below(100) >= 86 {
                continue;
            }
            let pass = rng.below(10) != 0;
            out.push(NewAttempt {
                service_number: sn(i),
                module: m.to_string(),
                date: start + Days::new(rng.below(4 * 365)),
                result: if pass { Outcome::Pass } else { Outcome::Fail },
                // at or above every module's pass mark when passed
                score: Some(if pass {
                    80 + rng.below(21)
                } else {
                    20 + rng.below(50)
                } as f64),
                hours: Some((4 + rng.below(13)) as f64),
                instructor: INSTRUCTORS[rng.below(INSTRUCTORS.len() as u64) as usize].into(),
                notes: NOTES[rng.below(NOTES.len() as u64) as usize].into(),
            });
        }
    }
    for i in (1..out.len()).rev() {
        let j = rng.below(i as u64 + 1) as usize;
        out.swap(i, j);
    }
    out
}

fn write_roster(path: &Path, rng: &mut Rng) {
    let mut w = BufWriter::new(File::create(path).unwrap());
    w.write_all("\u{feff}Личный номер;Фамилия;Имя;Отчество;Звание;Категория;Пол;Должность;Подразделение\r\n".as_bytes())
        .unwrap();
    for i in 0..PEOPLE {
        let cat = ["officer", "nco", "enlisted", "enlisted", "enlisted"][i % 5];
        let g = if i % 11 == 0 { "F" } else { "M" };
        write!(
            w,
            "{};{};{};{};рядовой;{cat};{g};стрелок;{} рота\r\n",
            sn(i),
            FAMILY[rng.below(FAMILY.len() as u64) as usize],
            GIVEN[rng.below(GIVEN.len() as u64) as usize],
            PATRONYMIC[rng.below(PATRONYMIC.len() as u64) as usize],
            1 + i % 30
        )
        .unwrap();
    }
}

fn result_word(a: &NewAttempt) -> &'static str {
    match a.result {
        Outcome::Pass => "pass",
        Outcome::Fail => "fail",
    }
}

/// A Russian-office CSV file: BOM, `;`, dd.mm.yyyy, CRLF, Russian column titles.
fn write_csv(path: &Path, rows: &[NewAttempt]) {
    let mut w = BufWriter::with_capacity(1 << 20, File::create(path).unwrap());
    w.write_all(
        "\u{feff}Личный номер;Модуль;Дата;Результат;Балл;Часы;Инструктор;Примечание\r\n".as_bytes(),
    )
    .unwrap();
    for a in rows {
        write!(
            w,
            "{};{};{};{};{};{};{};{}\r\n",
            a.service_number,
            a.module,
            a.date.format("%d.%m.%Y"),
            result_word(a),
            a.score.unwrap(),
            a.hours.unwrap(),
            a.instructor,
            a.notes
        )
        .unwrap();
    }
}

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

/// A database with the curriculum and the roster of everyone, closed (so its log is
/// checkpointed into the file) and ready to be copied.
fn base_database(path: &Path, roster: &Path) {
    let mut store = Store::open(path).unwrap();
    store.seed_default_curriculum("bench").unwrap();
    store
        .add_contingent(
            &Contingent {
                code: "BENCH".into(),
                name: "Учебный центр".into(),
                mission: "UNIFIL".into(),
                parent_unit: "KAZBAT".into(),
                training_start: NaiveDate::from_ymd_opt(2021, 1, 4).unwrap(),
                deploy_on: NaiveDate::from_ymd_opt(2026, 1, 1).unwrap(),
                tour_months: 6,
            },
            "bench",
        )
        .unwrap();
    let r = import::import_roster(
        &mut store,
        Table::open_csv(roster).unwrap(),
        roster,
        "BENCH",
        "bench",
        false,
    )
    .unwrap();
    assert!(r.committed, "{:?}", &r.errors[..r.errors.len().min(3)]);
}

/// A fresh copy of the base database.
fn fresh(base: &Path, dir: &Path, name: &str) -> PathBuf {
    let p = dir.join(name);
    for ext in ["", "-wal", "-shm"] {
        let _ = std::fs::remove_file(format!("{}{ext}", p.display()));
    }
    std::fs::copy(base, &p).unwrap();
    p
}

/// CPU seconds this process has used (user + system), Linux.
fn cpu_seconds() -> f64 {
    let stat = std::fs::read_to_string("/proc/self/stat").unwrap_or_default();
    let after = stat.rsplit(')').next().unwrap_or("");
    let f: Vec<&str> = after.split_whitespace().collect();
    let tick = |i: usize| f.get(i).and_then(|v| v.parse::<f64>().ok()).unwrap_or(0.0);
    (tick(11) + tick(12)) / 100.0
}

struct Timed {
    wall: Duration,
    cpu: f64,
}

fn timed(f: impl FnOnce()) -> Timed {
    let (cpu, t) = (cpu_seconds(), Instant::now());
    f();
    Timed {
        wall: t.elapsed(),
        cpu: cpu_seconds() - cpu,
    }
}

fn floor_run(base: &Path, dir: &Path, rows: &[NewAttempt]) -> Timed {
    let db = fresh(base, dir, "floor.sqlite3");
    let mut store = Store::open(&db).unwrap();
    assert_eq!(store.floor_stage(rows.iter().cloned()).unwrap(), rows.len());
    let t = timed(|| assert_eq!(store.floor_copy().unwrap(), rows.len()));
    drop(store);
    t
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

fn median(mut v: Vec<f64>) -> f64 {
    v.sort_by(f64::total_cmp);
    v[v.len() / 2]
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

fn size_mib(p: &Path) -> f64 {
    std::fs::metadata(p).unwrap().len() as f64 / (1 << 20) as f64
}

fn main() {
    let runs: usize = std::env::var("MUSTER_BENCH_RUNS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(3);
    // On the disk the build uses, not a tmpfs: synchronous=FULL must reach a real disk.
    let tmp = tempfile::tempdir_in(env!("CARGO_TARGET_TMPDIR")).unwrap();
    let keep = std::env::var_os("MUSTER_BENCH_DIR").map(PathBuf::from);
    let dir = keep.as_deref().unwrap_or(tmp.path());
    std::fs::create_dir_all(dir).unwrap();

    let mut rng = Rng(0x4d55_5354_4552_3133); // "MUSTER13"
    let roster = dir.join("roster.csv");
    write_roster(&roster, &mut rng);
    let rows = records(&mut rng);
    let csv = dir.join("completions-shuffled.csv");
    write_csv(&csv, &rows);
    let xlsx = dir.join("completions-shuffled.xlsx");
    write_xlsx(&xlsx, &rows[..WORKBOOK_ROWS]);

    let base = dir.join("base.sqlite3");
    let _ = std::fs::remove_file(&base);
    base_database(&base, &roster);

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
