//! The app at a national training centre's scale, in the real window under Xvfb (a
//! benchmark, not a test): a database of 100,000 people across 20 rotations, the current
//! one 10,000 strong, 7 modules each (about 700,000 records). Prints, for the 10,000:
//! cold start to a drawn dashboard, the dashboard redrawn for another day (the call and the
//! drawing), the matrix's first paint and scrolling, a person's screen, a 40-person session
//! saved, and the readiness report as a PDF (time and peak memory, by the command line).
//! Run: scripts/bench-app-scale.sh (builds the release app and command line first);
//! `MUSTER_BENCH_DB=FILE` skips building the database (see main).

use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Instant;

use chrono::{Days, Months};
use muster::dates::today;
use muster::domain::Contingent;
use muster::import::{import_completions, import_roster, Table};
use muster_e2e::bench::{self, each, median, runs};
use muster_e2e::{App, Home};
use serde_json::json;

const ROTATIONS: usize = 20;
const CURRENT: usize = 10_000;
const TOTAL: usize = 100_000;
const MODULES: [&str; 7] = ["CULT", "ROE", "PATROL", "BFAC", "SEA", "POC", "KINPOT"];

/// A small linear congruential generator: the same data every run, rows in no order.
struct Lcg(u64);
impl Lcg {
    fn next(&mut self) -> u64 {
        self.0 = self
            .0
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        self.0 >> 33
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
}

const FAMILY: [&str; 12] = [
    "Ахметов",
    "Байжанов",
    "Жолдасбаев",
    "Құрманов",
    "Нұрланов",
    "Сәрсенбаев",
    "Ибрагимов",
    "Оспанов",
    "Тұрсынов",
    "Әбілов",
    "Серікбаев",
    "Қасымов",
];
const GIVEN: [&str; 10] = [
    "Ерлан",
    "Асылхан",
    "Мирас",
    "Дәурен",
    "Жандос",
    "Руслан",
    "Ғалым",
    "Олжас",
    "Айгүл",
    "Әсел",
];

fn rotation(k: usize) -> Contingent {
    // The last is current: training began 90 days ago, deployment in 90 days; each earlier
    // one six months before the next.
    let back = Months::new((ROTATIONS - 1 - k) as u32 * 6);
    let now = today();
    let start = (now - Days::new(90)) - back;
    let deploy = (now + Days::new(90)) - back;
    Contingent {
        code: format!("KAZBAT-{:02}", k + 1),
        name: format!("{}-я рота", k + 1),
        mission: "UNIFIL".into(),
        parent_unit: "INDBATT".into(),
        training_start: start,
        deploy_on: deploy,
        tour_months: 6,
    }
}

/// Builds the database once: 20 rotations, their rosters, and every record in one shuffled
/// file, imported as a training office would.
fn build(dir: &Path) -> PathBuf {
    let db = dir.join("scale.sqlite3");
    let mut store = muster::Store::open(&db).unwrap();
    store.seed_default_curriculum("bench").unwrap();
    let mut rng = Lcg(0x5eed);
    let mut rows: Vec<String> = Vec::with_capacity(TOTAL * MODULES.len());
    let per_old = (TOTAL - CURRENT) / (ROTATIONS - 1);
    let mut next = 0usize;
    for k in 0..ROTATIONS {
        let c = rotation(k);
        store.add_contingent(&c, "bench").unwrap();
        let n = if k == ROTATIONS - 1 {
            TOTAL - next
        } else {
            per_old
        };
        let mut roster = String::from(
            "service_number;family_name;given_name;patronymic;rank;category;gender;role;unit\n",
        );
        let span = (c.deploy_on - c.training_start).num_days().max(1) as usize;
        for i in 0..n {
            let sn = format!("KZ{:06}", next + i);
            let f = FAMILY[rng.below(FAMILY.len())];
            let g = GIVEN[rng.below(GIVEN.len())];
            let woman = g.ends_with('л') && rng.below(2) == 0;
            let (cat, rank) = match i % 50 {
                0 => ("officer", "лейтенант"),
                1..=5 => ("nco", "сержант"),
                _ => ("enlisted", "рядовой"),
            };
            writeln!(
                roster,
                "{sn};{f};{g};;{rank};{cat};{};стрелок;{} взвод",
                if woman { "F" } else { "M" },
                1 + i % 30
            )
            .unwrap();
            for m in MODULES {
                // Most pass once during their training; some fail first; a few never came.
                if rng.below(20) == 0 {
                    continue;
                }
                let day = c.training_start + Days::new(rng.below(span) as u64);
                let day = day.min(today());
                let result = if rng.below(12) == 0 { "fail" } else { "pass" };
                rows.push(format!("{sn};{m};{day};{result};80;4;KAZCENT"));
            }
        }
        let path = dir.join(format!("roster-{k}.csv"));
        std::fs::write(&path, roster).unwrap();
        let r = import_roster(
            &mut store,
            Table::open_csv(&path).unwrap(),
            &path,
            &c.code,
            "bench",
            false,
        )
        .unwrap();
        assert!(r.committed, "{:?}", r.errors.first());
        next += n;
    }
    // Shuffle, as a year of merged session logs comes.
    for i in (1..rows.len()).rev() {
        rows.swap(i, rng.below(i + 1));
    }
    let mut csv = String::from("service_number;module;date;result;score;hours;instructor\n");
    for r in &rows {
        csv.push_str(r);
        csv.push('\n');
    }
    let path = dir.join("records.csv");
    std::fs::write(&path, csv).unwrap();
    let r = import_completions(
        &mut store,
        Table::open_csv(&path).unwrap(),
        &path,
        "bench",
        false,
        &mut |_| {},
    )
    .unwrap();
    assert!(r.committed, "{:?}", r.errors.first());
    println!(
        "database: {} people in {ROTATIONS} rotations ({CURRENT} in the current one), {} records, {} MB",
        TOTAL,
        r.attempts_new,
        std::fs::metadata(&db).unwrap().len() / 1_000_000
    );
    db
}

/// A fresh app home over a copy of the database, opening on the current rotation.
fn home_over(db: &Path, code: &str) -> Home {
    let home = Home::new();
    std::fs::create_dir_all(home.data_dir()).unwrap();
    std::fs::copy(db, home.db()).unwrap();
    std::fs::create_dir_all(home.config_dir()).unwrap();
    std::fs::write(
        home.config_dir().join("settings.json"),
        json!({"operator": "капитан Тестов", "language": "ru", "contingent": code}).to_string(),
    )
    .unwrap();
    home
}

/// Click to the matrix rows built and laid out, as in the 1,000-person benchmark.
const MATRIX_PAINT: &str = r#"
const done = arguments[arguments.length - 1];
const t0 = performance.now();
document.querySelector("[data-testid='nav-matrix']").click();
const wait = () => {
  const row = document.querySelector("[data-testid='matrix-scroll'] tr.mrow");
  if (!row) return setTimeout(wait, 0);
  void document.body.offsetHeight;
  done(performance.now() - t0);
};
Promise.resolve().then(wait);
"#;

/// Click on a person's name in the matrix to their standing drawn.
const PERSON: &str = r#"
const done = arguments[arguments.length - 1];
const t0 = performance.now();
document.querySelector("[data-testid='matrix-scroll'] tr.mrow button.name").click();
const wait = () => {
  if (!document.querySelector("[data-testid='person-status']")) return setTimeout(wait, 1);
  void document.body.offsetHeight;
  done(performance.now() - t0);
};
wait();
"#;

/// After scrolling: until the rows in view have arrived (no placeholder row left in view).
const FILLED: &str = r#"
const done = arguments[arguments.length - 1];
const t0 = performance.now();
const wait = () => {
  const el = document.querySelector("[data-testid='matrix-scroll']");
  if (el.querySelector("tr.wait") || !el.querySelector("tr.mrow")) return setTimeout(wait, 1);
  done(performance.now() - t0);
};
wait();
"#;

/// The matrix scrolled back to the top, then a moment for the rows there to arrive.
const TO_TOP: &str = r#"
const done = arguments[arguments.length - 1];
const el = document.querySelector("[data-testid='matrix-scroll']");
el.scrollTop = 0;
el.dispatchEvent(new Event("scroll"));
setTimeout(() => done(true), 700);
"#;

/// The dashboard asked for another day (training start) until it shows it.
const OTHER_DAY: &str = r#"
const done = arguments[arguments.length - 1];
const before = document.querySelector("[data-testid='dashboard']").dataset.asOf;
const t0 = performance.now();
document.querySelector("[data-testid='as_of_training_start']").click();
const wait = () => {
  const d = document.querySelector("[data-testid='dashboard']");
  if (!d || d.dataset.asOf === before) return setTimeout(wait, 1);
  void document.body.offsetHeight;
  done(performance.now() - t0);
};
wait();
"#;

/// True once the note that the records are being checked is gone.
const CHECKED: &str = "return !document.querySelector(\"[data-testid='checking']\")";

/// The dashboard drawn while the records are checked, wide and at a phone's width, as
/// screenshots (target/e2e-shots), taken at once: waiting for a still page would wait
/// for the check.
async fn checking_shots(db: &Path, code: &str) {
    let app = App::start_as_found(home_over(db, code)).await;
    app.tid("percent").await;
    for (name, size) in [
        ("scale-checking", None),
        ("scale-checking-phone", Some((360, 640))),
    ] {
        if let Some((w, h)) = size {
            app.resize(w, h).await;
        }
        // The dashboard is in the page; a frame painted after it is what the screenshot
        // must show (under load it once showed the frame before, "Loading…").
        app.painted().await;
        let shown = app.count("[data-testid='checking']").await > 0;
        let png = app.c.screenshot().await.expect("screenshot");
        std::fs::write(muster_e2e::shots_dir().join(format!("{name}.png")), png).unwrap();
        println!(
            "screenshot {name}: the checking note {}",
            if shown { "shown" } else { "already gone" }
        );
    }
    app.quit().await;
}

/// `muster report` of the 10,000 as a PDF, by the release command line: seconds and peak
/// memory (MiB), from GNU time.
fn report_pdf(db: &Path, code: &str, dir: &Path) -> (f64, u64) {
    let cli = muster_e2e::target_dir().join("release/muster");
    let out = dir.join("report.pdf");
    let o = Command::new("/usr/bin/time")
        .args(["-f", "muster-time %e %M"])
        .arg(&cli)
        .args(["--db"])
        .arg(db)
        .args(["report", code, "--format", "pdf", "--lang", "ru", "--out"])
        .arg(&out)
        .env("MUSTER_DATA_DIR", dir.join("key"))
        .output()
        .expect("GNU time (apt: time) and the release command line");
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    // The last line GNU time writes: wall seconds, then peak resident KiB.
    let err = String::from_utf8_lossy(&o.stderr);
    let line = err
        .lines()
        .find_map(|l| l.strip_prefix("muster-time "))
        .expect("GNU time's line");
    let mut parts = line.split_whitespace();
    let secs: f64 = parts.next().and_then(|v| v.parse().ok()).unwrap_or(0.0);
    let kib: u64 = parts.next().and_then(|v| v.parse().ok()).unwrap_or(0);
    (secs, kib / 1024)
}

#[tokio::main]
async fn main() {
    let work = tempfile::tempdir().unwrap();
    // MUSTER_BENCH_KEEP=DIR builds the database there and leaves it, to look into after.
    let keep = std::env::var_os("MUSTER_BENCH_KEEP").map(PathBuf::from);
    let base = keep.as_deref().unwrap_or(work.path());
    std::fs::create_dir_all(base).unwrap();
    // MUSTER_BENCH_DB=FILE measures a copy of a database kept from an earlier run (built
    // the same day: the rotations' dates follow it) instead of building it again; the
    // file itself is only read.
    let db = match std::env::var_os("MUSTER_BENCH_DB") {
        Some(kept) => {
            let db = base.join("scale.sqlite3");
            assert_ne!(
                PathBuf::from(&kept),
                db,
                "MUSTER_BENCH_DB in MUSTER_BENCH_KEEP"
            );
            std::fs::copy(kept, &db).unwrap();
            db
        }
        None => {
            let _ = std::fs::remove_file(base.join("scale.sqlite3"));
            let t = Instant::now();
            let db = build(base);
            println!("built in {:.0} s", t.elapsed().as_secs_f64());
            db
        }
    };
    let code = rotation(ROTATIONS - 1).code;
    let mut filled = Vec::new();
    let mut checked = Vec::new();
    let (mut start, mut day, mut paint, mut scroll, mut worst, mut person, mut save) = (
        Vec::new(),
        Vec::new(),
        Vec::new(),
        Vec::new(),
        Vec::new(),
        Vec::new(),
        Vec::new(),
    );
    let (mut slow, mut again, mut again_worst) = (Vec::new(), Vec::new(), Vec::new());
    for run in 0..runs() {
        let home = home_over(&db, &code);
        let t0 = Instant::now();
        let app = App::start_as_found(home).await;
        app.tid("percent").await;
        start.push(t0.elapsed().as_secs_f64() * 1000.0);
        // The records are checked while the dashboard is drawn; nothing is measured
        // before the check ends, so each figure below is the window's alone.
        app.until("the check of the records", CHECKED, vec![]).await;
        checked.push(t0.elapsed().as_secs_f64() * 1000.0);
        let options = app
            .js(
                "return document.querySelectorAll(\"[data-testid='contingent-select'] option\").length",
                vec![],
            )
            .await;
        assert_eq!(options, json!(ROTATIONS));

        let v = app.c.execute_async(OTHER_DAY, vec![]).await.unwrap();
        day.push(v.as_f64().unwrap());
        let v = app.c.execute_async(MATRIX_PAINT, vec![]).await.unwrap();
        paint.push(v.as_f64().unwrap());
        let v = app
            .c
            .execute_async(bench::SCROLL, vec![json!(200)])
            .await
            .unwrap();
        scroll.push(v[0].as_f64().unwrap());
        worst.push(v[1].as_f64().unwrap());
        for step in v[5].as_array().into_iter().flatten() {
            slow.push(format!("run {}: step {step}", run + 1));
        }
        let v = app.c.execute_async(FILLED, vec![]).await.unwrap();
        filled.push(v.as_f64().unwrap());
        // The same scroll again from the top, over rows drawn before: what scrolling
        // costs once the window has settled.
        app.c.execute_async(TO_TOP, vec![]).await.unwrap();
        let v = app
            .c
            .execute_async(bench::SCROLL, vec![json!(40)])
            .await
            .unwrap();
        again.push(v[0].as_f64().unwrap());
        again_worst.push(v[1].as_f64().unwrap());
        let v = app.c.execute_async(PERSON, vec![]).await.unwrap();
        person.push(v.as_f64().unwrap());

        app.click("nav-log").await;
        app.tid("log-session").await;
        // The roster arrives after the screen, its units folded (a training centre's roster
        // is too long to draw every name): open the first unit and wait for its names.
        app.el("[data-testid^='unit-names-']")
            .await
            .click()
            .await
            .unwrap();
        app.el("input[data-sn]").await;
        app.js(
            "document.querySelectorAll('input[data-sn]').forEach((e, i) => { if (i < 40) e.click(); }); return true;",
            vec![],
        )
        .await;
        // Each run's session its own (the same session saved twice is refused).
        app.type_into("log-instructor", &format!("bench run {run}"))
            .await;
        let v = app.c.execute_async(bench::SAVE, vec![]).await.unwrap();
        assert!(v[1].as_str().unwrap_or_default().contains("40"), "{v}");
        save.push(v[0].as_f64().unwrap());
        app.quit().await;
    }
    if runs() > 0 {
        checking_shots(&db, &code).await;
    }
    // BENCH_RUNS=0: the database and the report only.
    if !start.is_empty() {
        let line = |what: &str, v: &[f64], target: &str| {
            println!(
                "{what}: median {:.0} ms  (target {target}; {})",
                median(v.to_vec()),
                each(v)
            );
        };
        line(
            "cold start to drawn dashboard (incl. WebDriver session)",
            &start,
            "< 1500",
        );
        line(
            "the check of the records at start ended (its note gone; the window draws meanwhile)",
            &checked,
            "–",
        );
        line(
            "dashboard for another day (call, readiness, trend, drawing)",
            &day,
            "< 300",
        );
        line("matrix first paint", &paint, "< 300");
        println!(
            "matrix scroll step (250 px): median {:.1} ms, worst {:.1} ms  (target: no frame over 50 ms)",
            median(scroll),
            median(worst)
        );
        for s in &slow {
            // [step, total, the scroll itself, drawing the rows (script), layout], in ms.
            println!("  over 50 ms: {s}");
        }
        println!(
            "matrix scroll again from the top, over rows drawn before (40 steps): median {:.1} ms, worst {:.1} ms  (target: no frame over 50 ms)",
            median(again),
            median(again_worst)
        );
        line(
            "rows in view arrived after the last scroll step (the matrix pages its rows)",
            &filled,
            "–",
        );
        line(
            "a person's screen (click to standing drawn)",
            &person,
            "< 100",
        );
        line(
            "save a 40-person session (click to confirmation)",
            &save,
            "< 100",
        );
    }
    let (secs, mib) = report_pdf(&db, &code, base);
    println!(
        "report of {CURRENT} people as PDF (release command line): {secs:.1} s, peak memory {mib} MiB  (target < 10 s, < 1024 MiB)"
    );
}
