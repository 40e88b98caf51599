//! Speed of the real app under Xvfb, printed for the README (a benchmark, not a test):
//! cold start to a drawn dashboard, matrix first paint and scrolling with 1,000 people,
//! and saving a 40-person session. Run: scripts/bench-app.sh.

use std::fmt::Write as _;
use std::time::Instant;

use muster::import::{import_roster, Table};
use muster_e2e::bench::{self, each, median, runs};
use muster_e2e::{App, Home};
use serde_json::json;

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
        let v = app
            .c
            .execute_async(bench::SCROLL, vec![json!(100)])
            .await
            .unwrap();
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
        // The roster arrives after the screen, its units folded (1,000 names are too many to
        // draw at once): open the first units until 40 names are there to tick.
        app.el("[data-testid^='unit-names-']").await;
        app.js(
            "document.querySelectorAll(\"[data-testid^='unit-names-']\").forEach((b, i) => { if (i < 2) b.click(); }); return true;",
            vec![],
        )
        .await;
        app.until(
            "40 names on the Log screen",
            "return document.querySelectorAll('input[data-sn]').length >= 40",
            vec![],
        )
        .await;
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
        // Each run's session its own (the same session saved twice is refused).
        app.type_into("log-instructor", &format!("bench run {run}"))
            .await;
        let v = app.c.execute_async(bench::SAVE, vec![]).await.unwrap();
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
