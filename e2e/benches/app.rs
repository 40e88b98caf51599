//! Speed of the real app under Xvfb, printed for the README (a benchmark, not a test):
//! cold start to a drawn dashboard, matrix first paint and scrolling with 1,000 people,
//! and saving a 40-person session. Run: scripts/bench-app.sh.

use std::fmt::Write as _;
use std::time::Instant;

use muster::import::{import_roster, Table};
use muster_e2e::{App, Home};
use serde_json::json;

fn runs() -> usize {
    std::env::var("BENCH_RUNS")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(3)
}

fn median(mut v: Vec<f64>) -> f64 {
    v.sort_by(|a, b| a.partial_cmp(b).unwrap());
    v[v.len() / 2]
}

/// Every run's figure, so a median of three shows how far apart the runs were.
fn each(v: &[f64]) -> String {
    let all: Vec<String> = v.iter().map(|x| format!("{x:.0}")).collect();
    format!("runs: {}", all.join(", "))
}

/// The demo contingent plus enough extra people to make 1,000.
fn thousand_people() -> Home {
    let home = Home::new().with_demo();
    let mut csv = String::from(
        "service_number;family_name;given_name;patronymic;rank;category;gender;role;unit\n",
    );
    let have = home.store().personnel_count("DEMO").unwrap();
    for i in 0..(1000 - have) {
        let unit = format!("{} взвод", 5 + i / 100);
        let g = if i % 7 == 0 { "F" } else { "M" };
        writeln!(
            csv,
            "KZ8{i:05};Тестов{i};Ерлан;;рядовой;enlisted;{g};стрелок;{unit}"
        )
        .unwrap();
    }
    let path = home.dir.path().join("big.csv");
    std::fs::write(&path, csv).unwrap();
    let mut store = home.store();
    let table = Table::open_csv(&path).unwrap();
    let rep = import_roster(&mut store, table, &path, "DEMO", "bench", false).unwrap();
    assert!(rep.committed, "{:?}", rep.errors);
    assert_eq!(store.personnel_count("DEMO").unwrap(), 1000);
    home
}

/// Click to the matrix rows built and laid out (ready to paint), independent of the
/// frame clock, which Xvfb throttles.
const MATRIX_PAINT: &str = r#"
const done = arguments[arguments.length - 1];
const t0 = performance.now();
document.querySelector("[data-testid='nav-matrix']").click();
const t1 = performance.now();
const wait = () => {
  const row = document.querySelector("[data-testid='matrix-scroll'] tr.mrow");
  if (!row) return setTimeout(wait, 0);
  const t2 = performance.now();
  void document.body.offsetHeight; // force style and layout
  const t3 = performance.now();
  done([t3 - t0, t1 - t0, t2 - t1, t3 - t2]);
};
Promise.resolve().then(wait);
"#;

/// One scroll step of 250 px: the rows in view redrawn and laid out (median and worst of
/// 100 steps down the 1,000 people), timed without the frame clock, which Xvfb throttles.
const SCROLL: &str = r#"
const done = arguments[arguments.length - 1];
const el = document.querySelector("[data-testid='matrix-scroll']");
(async () => {
  const times = [];
  for (let i = 0; i < 100; i++) {
    const t0 = performance.now();
    el.scrollTop += 250;
    el.dispatchEvent(new Event("scroll"));
    await Promise.resolve();
    await Promise.resolve();
    void document.body.offsetHeight;
    times.push(performance.now() - t0);
  }
  times.sort((a, b) => a - b);
  done([times[times.length >> 1], times[times.length - 1], el.querySelectorAll("tr.mrow").length, el.scrollTop, el.querySelector("tr.mrow").dataset.sn]);
})();
"#;

const SAVE: &str = r#"
const done = arguments[arguments.length - 1];
const t0 = performance.now();
document.querySelector("[data-testid='log-save']").click();
const wait = () => {
  const m = document.querySelector("[data-testid='log-msg']");
  if (m) done([performance.now() - t0, m.textContent]); else setTimeout(wait, 1);
};
wait();
"#;

#[tokio::main]
async fn main() {
    let mut start = Vec::new();
    let mut paint = Vec::new();
    let mut scroll = Vec::new();
    let mut worst = Vec::new();
    let mut save = Vec::new();
    for run in 0..runs() {
        let home = thousand_people();
        let t0 = Instant::now();
        let app = App::start(home).await;
        app.tid("percent").await;
        start.push(t0.elapsed().as_secs_f64() * 1000.0);

        let v = app.c.execute_async(MATRIX_PAINT, vec![]).await.unwrap();
        paint.push(v[0].as_f64().unwrap());
        if run == 0 || v[0].as_f64().unwrap_or_default() > 300.0 {
            println!(
                "matrix first paint, run {}: click {:.0} ms, render {:.0} ms, layout {:.0} ms",
                run + 1,
                v[1].as_f64().unwrap_or_default(),
                v[2].as_f64().unwrap_or_default(),
                v[3].as_f64().unwrap_or_default()
            );
        }
        let v = app.c.execute_async(SCROLL, vec![]).await.unwrap();
        scroll.push(v[0].as_f64().unwrap());
        if run == 0 {
            println!(
                "matrix: {} of 1,000 rows in the DOM at once; scrolled to {} px (first row drawn {})",
                v[2], v[3], v[4]
            );
        }
        worst.push(v[1].as_f64().unwrap());

        // 40 people: the first 40 on the roster, ticked one by one like an officer would.
        app.click("nav-log").await;
        app.tid("log-session").await;
        app.js(
            "document.querySelectorAll('input[data-sn]').forEach((e, i) => { if (i < 40) e.click(); }); return true;",
            vec![],
        )
        .await;
        assert_eq!(app.text("selected").await, "40 selected");
        let module = app
            .tid("log-module")
            .await
            .prop("value")
            .await
            .unwrap()
            .unwrap();
        let v = app.c.execute_async(SAVE, vec![]).await.unwrap();
        assert_eq!(
            v[1],
            json!(format!("Saved 40 records for {module}.")),
            "{v}"
        );
        save.push(v[0].as_f64().unwrap());
        app.quit().await;
    }
    println!("cold start to drawn dashboard (1,000 people, incl. WebDriver session): median {:.0} ms  (target < 2000; {})", median(start.clone()), each(&start));
    println!(
        "matrix first paint (1,000 people; click to rows built and laid out): median {:.0} ms  (target < 300; {})",
        median(paint.clone()),
        each(&paint)
    );
    println!(
        "matrix scroll step (250 px, 1,000 people; rows redrawn and laid out): median {:.1} ms, worst {:.1} ms",
        median(scroll),
        median(worst)
    );
    println!(
        "save a 40-person session (click to confirmation): median {:.0} ms  (target < 100; {})",
        median(save.clone()),
        each(&save)
    );
}
