//! What the command line says of the DEMO contingent, to hold the screens to it: its
//! readiness and its retakes as JSON, the dashboard checked figure by figure against them,
//! and the roster header the tests' CSV files start with.

use fantoccini::Locator;
use serde_json::{json, Value};

use crate::{App, Home};

/// The header of a roster CSV file, `;`-separated.
pub const ROSTER_HEADER: &str =
    "service_number;family_name;given_name;patronymic;rank;category;gender;role;unit";

/// `muster readiness DEMO` as of today, as JSON.
pub fn readiness(home: &Home) -> Value {
    readiness_as_of(home, None)
}

/// `muster readiness DEMO --as-of DAY` (today without one), as JSON.
pub fn readiness_as_of(home: &Home, day: Option<&str>) -> Value {
    let mut args = vec!["readiness", "DEMO", "--format", "json"];
    if let Some(d) = day {
        args.extend(["--as-of", d]);
    }
    serde_json::from_str(&home.cli(&args)).unwrap()
}

/// `muster due DEMO [--as-of DAY]`, as JSON.
pub fn due_as_of(home: &Home, day: Option<&str>) -> Value {
    let mut args = vec!["due", "DEMO", "--format", "json"];
    if let Some(d) = day {
        args.extend(["--as-of", d]);
    }
    serde_json::from_str(&home.cli(&args)).unwrap()
}

/// The module of the first retake `muster due` lists for a person.
pub fn due_first_module(home: &Home, sn: &str) -> String {
    due_as_of(home, None)
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["service_number"] == sn)
        .and_then(|d| d["module"].as_str())
        .expect("a retake for the person")
        .to_string()
}

/// Checks the dashboard's figures against `muster readiness DEMO --format json`.
pub async fn assert_dashboard_matches_cli(app: &App) {
    assert_dashboard_matches_cli_as_of(app, None).await
}

/// The same, as of a day the dashboard was set to (`--as-of DAY`); today without one.
pub async fn assert_dashboard_matches_cli_as_of(app: &App, day: Option<&str>) {
    app.click("nav-dashboard").await;
    app.tid("dashboard").await;
    let cli = readiness_as_of(&app.home, day);
    let as_of = cli["as_of"].as_str().unwrap().to_string();
    app.until(
        "the dashboard as of the day asked",
        "return document.querySelector(`[data-testid='dashboard']`)?.dataset.asOf === arguments[0]",
        vec![json!(as_of)],
    )
    .await;
    let s = &cli["summary"];
    assert_eq!(app.dom_text("ready").await, s["ready"].to_string());
    assert_eq!(app.dom_text("personnel").await, s["personnel"].to_string());
    let pct = s["percent"].as_f64().unwrap();
    assert_eq!(app.text("percent").await, format!("{pct:.1}%"));
    // The trend ends today, where the readiness is.
    let trend = app.tid("trend").await;
    assert_eq!(
        trend.attr("data-last").await.unwrap(),
        Some(format!("{pct:.1}"))
    );
    // Before deployment the days to go; once deployed, how long ago.
    let days = cli["contingent"]["days_to_deployment"].as_i64().unwrap();
    assert_eq!(
        app.text("days").await,
        if days >= 0 {
            days.to_string()
        } else {
            format!("{} days ago", -days)
        }
    );
    for (g, id) in [("F", "women"), ("M", "men")] {
        let t = &s["by_gender"][g];
        assert_eq!(
            app.text(id).await,
            format!("{}/{}", t["ready"], t["personnel"]),
            "{id}"
        );
    }
    // Units and categories, row by row, as the core counted them.
    for (table, key) in [("units", "by_unit"), ("categories", "by_category")] {
        let shown = app
            .js(
                "return [...document.querySelectorAll(`[data-testid='${arguments[0]}'] tbody tr`)] \
                   .map(tr => [tr.dataset.row, ...[...tr.querySelectorAll('td.num')].map(td => td.textContent)].join(' '))",
                vec![json!(table)],
            )
            .await;
        // Each row as its text and its percentage to one decimal (a tie may round either
        // way in JS and Rust).
        let shown: Vec<String> = serde_json::from_value(shown).unwrap();
        let mut shown: Vec<(String, f64)> = shown
            .iter()
            .map(|row| {
                let (head, p) = row.rsplit_once(' ').unwrap();
                (head.to_string(), p.parse().unwrap())
            })
            .collect();
        shown.sort_by(|a, b| a.0.cmp(&b.0));
        let mut want: Vec<(String, f64)> = s[key]
            .as_object()
            .unwrap()
            .iter()
            .map(|(k, t)| {
                let row = format!("{k} {} {}", t["personnel"], t["ready"]);
                (row, t["percent"].as_f64().unwrap())
            })
            .collect();
        want.sort_by(|a, b| a.0.cmp(&b.0));
        let rows = |v: &[(String, f64)]| v.iter().map(|r| r.0.clone()).collect::<Vec<_>>();
        assert_eq!(rows(&shown), rows(&want), "{table}");
        for ((row, p), (_, w)) in shown.iter().zip(&want) {
            assert!((p - w).abs() <= 0.051, "{table} {row}: {p} vs {w}");
        }
    }
    let as_of = as_of.as_str();
    for m in cli["modules"].as_array().unwrap() {
        let code = m["code"].as_str().unwrap();
        let shown = app.text(&format!("module-{code}")).await;
        // Of the expired, those still valid today are said to lapse before deployment, and
        // the core counts them apart (`lapses_before_deployment`, not in `expired`).
        let lapsing = cli["personnel"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|p| {
                let s = &p["modules"][code];
                s["status"] == "expired" && s["expires_on"].as_str().is_some_and(|d| d > as_of)
            })
            .count();
        assert_eq!(m["lapses_before_deployment"], lapsing, "{code}");
        assert_eq!(
            shown.contains(&format!("{lapsing} lapse before deployment")),
            lapsing > 0,
            "{code}: {shown:?}"
        );
        for st in ["complete", "expiring", "expired", "failed", "missing"] {
            let n = m[st].as_u64().unwrap();
            if n > 0 {
                assert!(
                    shown.contains(&format!("{n} {st}")),
                    "{code}: {shown:?} lacks {n} {st}"
                );
            } else {
                assert!(!shown.contains(st), "{code}: {shown:?} shows {st}");
            }
        }
    }
    let blockers = s["personnel"].as_u64().unwrap() - s["ready"].as_u64().unwrap();
    if blockers > 0 {
        let items = app
            .c
            .find_all(Locator::Css("[data-testid='blockers'] li"))
            .await
            .unwrap();
        assert_eq!(items.len() as u64, blockers);
    }
    // Retakes: what `muster due` lists for the next 90 days (lapsed and overdue included),
    // in its order, with the band each is in.
    let due = due_as_of(&app.home, day);
    if cli["contingent"]["days_to_deployment"].as_i64().unwrap() <= 0 {
        // Deployed: no retake is offered, the list is what lapses during the tour.
        let deploy = cli["contingent"]["deploy_on"].as_str().unwrap();
        let mut want: Vec<(String, String, String)> = due
            .as_array()
            .unwrap()
            .iter()
            .filter(|d| d["expires_on"].as_str().unwrap() > deploy)
            .map(|d| {
                let x = d["expires_on"].as_str().unwrap().to_string();
                let sn = d["service_number"].as_str().unwrap().to_string();
                (x, sn, d["module"].as_str().unwrap().to_string())
            })
            .collect();
        want.sort();
        let shown = app
            .js(
                "return [...document.querySelectorAll(\"[data-testid='tour-lapses'] li\")]
                   .map(li => [li.dataset.sn, li.dataset.module, li.dataset.line, li.textContent])",
                vec![],
            )
            .await;
        let shown: Vec<(String, String, String, String)> = serde_json::from_value(shown).unwrap();
        assert_eq!(shown.len(), want.len(), "{shown:?}");
        for (sn, module, line, text) in &shown {
            assert!(
                want.iter().any(|(_, s, m)| s == sn && m == module),
                "{sn} {module}"
            );
            assert_ne!(line, "retake_by", "{text}");
            assert!(
                !text.contains("retake by") && !text.contains("days left"),
                "{text}"
            );
        }
        return;
    }
    let want: Vec<String> = due
        .as_array()
        .unwrap()
        .iter()
        .filter(|d| d["band"] != "later")
        .map(|d| format!("{} {} {}", d["service_number"], d["module"], d["band"]).replace('"', ""))
        .collect();
    assert!(!want.is_empty(), "the demo has retakes to plan");
    // The list arrives after the dashboard, and after a change it is fetched again: wait
    // for it to settle rather than read the one drawn before.
    let until = std::time::Instant::now() + std::time::Duration::from_secs(15);
    loop {
        let shown = app
            .js(
                "return [...document.querySelectorAll(\"[data-testid='retakes'] li\")]
                   .map(li => `${li.dataset.sn} ${li.dataset.module} ${li.dataset.band}`)",
                vec![],
            )
            .await;
        let shown: Vec<String> = serde_json::from_value(shown).unwrap();
        if shown == want || std::time::Instant::now() > until {
            assert_eq!(shown, want);
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
}
