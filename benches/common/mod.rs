//! What the benchmarks share: the same people and records, made from a fixed seed, shaped
//! like a national training centre's (Cyrillic names, rows in no order), the roster
//! database they go into, and how a run is timed. One copy, so every benchmark measures
//! the same data.
#![allow(dead_code)] // each benchmark uses its own part of this

use std::fs::File;
use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use chrono::{Days, NaiveDate};
use muster::domain::{Contingent, NewAttempt, Outcome};
use muster::import::{self, Table};
use muster::Store;

pub const PEOPLE: usize = 100_000;
pub const MODULES: [&str; 7] = ["CULT", "ROE", "PATROL", "BFAC", "SEA", "POC", "KINPOT"];

pub const FAMILY: [&str; 12] = [
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
pub const GIVEN: [&str; 8] = [
    "Аян",
    "Ерлан",
    "Данияр",
    "Айгерім",
    "Нұрлан",
    "Сергей",
    "Әсел",
    "Бауыржан",
];
pub const PATRONYMIC: [&str; 6] = [
    "Маратұлы",
    "Серикович",
    "Болатұлы",
    "Қанатқызы",
    "Ерланович",
    "Нұрланұлы",
];
pub const INSTRUCTORS: [&str; 5] = [
    "майор Ахметов Қ.",
    "капитан Сейткали Б.",
    "подполковник Иванова Е.",
    "ст. лейтенант Жұмабаев Н.",
    "Capt. Mehta",
];
pub const NOTES: [&str; 4] = [
    "",
    "",
    "полевой выход, полигон «Илийский»",
    "пересдача по графику",
];

/// xorshift64: the same numbers on every machine.
pub struct Rng(pub u64);
impl Rng {
    pub fn below(&mut self, n: u64) -> u64 {
        let x = &mut self.0;
        *x ^= *x << 13;
        *x ^= *x >> 7;
        *x ^= *x << 17;
        *x % n
    }
}

pub fn sn(i: usize) -> String {
    format!("KZ{i:07}")
}

/// Every person's records (~86% of person × module), then shuffled (Fisher–Yates).
pub fn records(rng: &mut Rng) -> Vec<NewAttempt> {
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

pub fn write_roster(path: &Path, rng: &mut Rng) {
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

pub fn result_word(a: &NewAttempt) -> &'static str {
    match a.result {
        Outcome::Pass => "pass",
        Outcome::Fail => "fail",
    }
}

/// A Russian-office CSV file: BOM, `;`, dd.mm.yyyy, CRLF, Russian column titles.
pub fn write_csv(path: &Path, rows: &[NewAttempt]) {
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

/// A database with the curriculum and the roster of everyone, closed (so its log is
/// checkpointed into the file) and ready to be copied.
pub fn base_database(path: &Path, roster: &Path) {
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
pub fn fresh(base: &Path, dir: &Path, name: &str) -> PathBuf {
    let p = dir.join(name);
    for ext in ["", "-wal", "-shm"] {
        let _ = std::fs::remove_file(format!("{}{ext}", p.display()));
    }
    std::fs::copy(base, &p).unwrap();
    p
}

/// CPU seconds this process has used (user + system), Linux.
pub fn cpu_seconds() -> f64 {
    let stat = std::fs::read_to_string("/proc/self/stat").unwrap_or_default();
    let after = stat.rsplit(')').next().unwrap_or("");
    let f: Vec<&str> = after.split_whitespace().collect();
    let tick = |i: usize| f.get(i).and_then(|v| v.parse::<f64>().ok()).unwrap_or(0.0);
    (tick(11) + tick(12)) / 100.0
}

pub struct Timed {
    pub wall: Duration,
    pub cpu: f64,
}

pub fn timed(f: impl FnOnce()) -> Timed {
    let (cpu, t) = (cpu_seconds(), Instant::now());
    f();
    Timed {
        wall: t.elapsed(),
        cpu: cpu_seconds() - cpu,
    }
}

/// The floor: the very same records staged beforehand, then copied into the same schema,
/// indexes and triggers (the chain included) by one `INSERT … SELECT` in one transaction,
/// committed with synchronous=FULL, on a fresh copy of the roster database. What SQLite
/// and the disk allow for these rows on this machine, now.
pub fn floor_run(base: &Path, dir: &Path, rows: &[NewAttempt]) -> Timed {
    let db = fresh(base, dir, "floor.sqlite3");
    let mut store = Store::open(&db).unwrap();
    assert_eq!(store.floor_stage(rows.iter().cloned()).unwrap(), rows.len());
    let t = timed(|| assert_eq!(store.floor_copy().unwrap(), rows.len()));
    drop(store);
    t
}

pub fn median(mut v: Vec<f64>) -> f64 {
    v.sort_by(f64::total_cmp);
    v[v.len() / 2]
}

pub fn size_mib(p: &Path) -> f64 {
    std::fs::metadata(p).unwrap().len() as f64 / (1 << 20) as f64
}

/// How many runs (`MUSTER_BENCH_RUNS`, default 3).
pub fn runs() -> usize {
    std::env::var("MUSTER_BENCH_RUNS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(3)
}

/// Where a benchmark writes its files: `MUSTER_BENCH_DIR` to keep them, otherwise a
/// temporary directory on the disk the build uses, not a tmpfs (synchronous=FULL must
/// reach a real disk). Keep the `TempDir` alive while the directory is used.
pub fn work_dir() -> (Option<tempfile::TempDir>, PathBuf) {
    match std::env::var_os("MUSTER_BENCH_DIR").map(PathBuf::from) {
        Some(dir) => {
            std::fs::create_dir_all(&dir).unwrap();
            (None, dir)
        }
        None => {
            let tmp = tempfile::tempdir_in(env!("CARGO_TARGET_TMPDIR")).unwrap();
            let dir = tmp.path().to_path_buf();
            (Some(tmp), dir)
        }
    }
}

/// The files every benchmark starts from, made in `dir` from the fixed seed: the roster,
/// the shuffled records and their CSV, and the database holding the roster.
pub struct Inputs {
    pub rows: Vec<NewAttempt>,
    pub csv: PathBuf,
    pub base: PathBuf,
}

pub fn inputs(dir: &Path) -> Inputs {
    let mut rng = Rng(0x4d55_5354_4552_3133); // "MUSTER13"
    let roster = dir.join("roster.csv");
    write_roster(&roster, &mut rng);
    let rows = records(&mut rng);
    let csv = dir.join("completions-shuffled.csv");
    write_csv(&csv, &rows);
    let base = dir.join("base.sqlite3");
    let _ = std::fs::remove_file(&base);
    base_database(&base, &roster);
    Inputs { rows, csv, base }
}
