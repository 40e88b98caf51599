//! The desktop app, driven like a user drives it, checked against the core and the CLI.
//! Run under a display: scripts/test-app.sh.

use std::collections::BTreeMap;

use muster::domain::Outcome;
use muster_e2e::fantoccini::key::Key;
use muster_e2e::fantoccini::Locator;
use muster_e2e::{App, Home};
use serde_json::{json, Value};

fn readiness(home: &Home) -> Value {
    readiness_as_of(home, None)
}

/// `muster readiness DEMO --as-of DAY` (today without one), as JSON.
fn readiness_as_of(home: &Home, day: Option<&str>) -> Value {
    let mut args = vec!["readiness", "DEMO", "--format", "json"];
    if let Some(d) = day {
        args.extend(["--as-of", d]);
    }
    serde_json::from_str(&home.cli(&args)).unwrap()
}

/// `muster due DEMO [--as-of DAY]`, as JSON.
fn due_as_of(home: &Home, day: Option<&str>) -> Value {
    let mut args = vec!["due", "DEMO", "--format", "json"];
    if let Some(d) = day {
        args.extend(["--as-of", d]);
    }
    serde_json::from_str(&home.cli(&args)).unwrap()
}

/// The module of the first retake `muster due` lists for a person.
fn due_first_module(home: &Home, sn: &str) -> String {
    let due: Value = serde_json::from_str(&home.cli(&["due", "DEMO", "--format", "json"])).unwrap();
    due.as_array()
        .unwrap()
        .iter()
        .find(|d| d["service_number"] == sn)
        .and_then(|d| d["module"].as_str())
        .expect("a retake for the person")
        .to_string()
}

/// Checks the dashboard's figures against `muster readiness DEMO --format json`.
async fn assert_dashboard_matches_cli(app: &App) {
    assert_dashboard_matches_cli_as_of(app, None).await
}

/// The same, as of a day the dashboard was set to (`--as-of DAY`); today without one.
async fn assert_dashboard_matches_cli_as_of(app: &App, day: Option<&str>) {
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

#[tokio::test]
async fn first_start_offers_the_demo_and_the_dashboard_equals_the_cli() {
    let app = App::start(Home::new()).await;
    app.tid("welcome").await;
    app.shot("welcome-desktop").await;
    // Without a name the app refuses to start recording.
    app.click("load-demo").await;
    app.el("[role='alert']").await;
    app.type_into("operator", "капитан Омаров Е.").await;
    app.click("load-demo").await;
    app.tid("dashboard").await;
    assert_dashboard_matches_cli(&app).await;
    app.shot("dashboard-desktop").await;
    app.js(
        "document.querySelector(\"[data-testid='retakes']\").scrollIntoView({block: 'start'})",
        vec![],
    )
    .await;
    app.shot("retakes-desktop").await;
    // A retake names the person; their screen is one click away.
    let sn = app
        .el("[data-testid='retakes'] li")
        .await
        .attr("data-sn")
        .await
        .unwrap()
        .unwrap();
    app.center("[data-testid='retakes'] li button.link")
        .await
        .click()
        .await
        .unwrap();
    app.tid("person").await;
    app.settled("person").await;
    assert!(app.text("person").await.contains(&sn));
    // The person's own screen says the same retake against the module.
    let module = due_first_module(&app.home, &sn);
    let note = app.text(&format!("retake-{module}")).await;
    assert!(note.starts_with("retake by "), "{note}");
    app.center(&format!("[data-testid='retake-{module}']"))
        .await;
    app.shot("person-retake").await;
    // The name is remembered for the next start.
    let settings = std::fs::read_to_string(app.home.config_dir().join("settings.json")).unwrap();
    assert!(settings.contains("капитан Омаров Е."), "{settings}");
    app.quit().await;
}

/// The unit and module with the most people still needing it.
fn unit_and_module_to_train(cli: &Value) -> (String, String, Vec<String>) {
    let mut need: BTreeMap<(String, String), Vec<String>> = BTreeMap::new();
    for p in cli["personnel"].as_array().unwrap() {
        for (code, st) in p["modules"].as_object().unwrap() {
            if matches!(
                st["status"].as_str(),
                Some("missing" | "failed" | "expired")
            ) {
                need.entry((p["unit"].as_str().unwrap().into(), code.clone()))
                    .or_default()
                    .push(p["service_number"].as_str().unwrap().into());
            }
        }
    }
    let ((unit, module), sns) = need.into_iter().max_by_key(|(_, v)| v.len()).unwrap();
    (unit, module, sns)
}

/// A person and module whose certificate the core calls expired: already past the report
/// date, or still valid today but running out before deployment day.
fn expired_cell(cli: &Value, past: bool) -> (String, String) {
    let as_of = cli["as_of"].as_str().unwrap();
    cli["personnel"]
        .as_array()
        .unwrap()
        .iter()
        .find_map(|p| {
            p["modules"]
                .as_object()
                .unwrap()
                .iter()
                .find_map(|(code, m)| {
                    let on = m["expires_on"].as_str()?;
                    (m["status"] == "expired" && (on <= as_of) == past)
                        .then(|| (p["service_number"].as_str().unwrap().into(), code.clone()))
                })
        })
        .expect("the demo has such a certificate")
}

#[tokio::test]
async fn logging_a_session_for_a_platoon_changes_matrix_and_dashboard() {
    let app = App::start(Home::new().with_demo()).await;
    app.tid("dashboard").await;
    let before = readiness(&app.home);
    let (unit, module, needing) = unit_and_module_to_train(&before);
    let sample = &needing[0];
    let members = before["personnel"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|p| p["unit"] == json!(unit))
        .count();

    // The matrix shows the gap before.
    app.click("nav-matrix").await;
    app.tid("filter-unit")
        .await
        .select_by_value(&unit)
        .await
        .unwrap();
    let cell = format!("tr[data-sn='{sample}'] td[data-module='{module}'] .st");
    let class = app.el(&cell).await.attr("class").await.unwrap().unwrap();
    assert!(!class.contains("st-complete"), "{class}");

    app.click("nav-log").await;
    let focused = app
        .js("return document.activeElement.dataset.testid", vec![])
        .await;
    assert_eq!(
        focused,
        json!("log-module"),
        "the first field has the focus"
    );
    app.tid("log-module")
        .await
        .select_by_value(&module)
        .await
        .unwrap();
    // The date reads back with its weekday; a day the calendar lacks is said at once.
    let today = muster::dates::today();
    assert_eq!(
        app.text("log-date-note").await,
        format!("{}, {}", today.format("%A"), today.format("%-d %b %Y"))
    );
    app.type_into("log-date", "31.11.2026").await;
    assert_eq!(
        app.text("log-date-note").await,
        "not a date: write dd.mm.yyyy"
    );
    app.type_into("log-date", &today.format("%d.%m.%Y").to_string())
        .await;
    app.type_into("log-instructor", "Capt. Mehta (INDBATT)")
        .await;
    app.type_into("log-score", "88").await;
    app.click(&format!("unit-{unit}")).await;
    assert_eq!(
        app.text("selected").await,
        format!("{members} selected"),
        "whole unit ticked"
    );
    app.shot("log-session-desktop").await;
    // One attendee failed: marked in the folded individual results, with their own score.
    let failing = needing.last().unwrap();
    assert_ne!(failing, sample, "two people need the module");
    app.center("[data-testid='individual'] summary strong")
        .await
        .click()
        .await
        .unwrap();
    app.center(&format!("[data-testid='own-result-{failing}']"))
        .await
        .select_by_value("fail")
        .await
        .unwrap();
    app.type_into(&format!("own-score-{failing}"), "40").await;
    assert_eq!(app.text("failed-count").await, "1 failed");
    app.shot("log-individual-desktop").await;
    app.resize(390, 844).await;
    app.center(&format!("[data-testid='own-score-{failing}']"))
        .await;
    app.shot("log-individual-phone").await;
    app.resize(1280, 800).await;
    // Keyboard-first: Ctrl+Enter saves from any field.
    let keys = format!("{}{}", Key::Control, Key::Enter);
    app.tid("log-instructor")
        .await
        .send_keys(&keys)
        .await
        .unwrap();
    let msg = app.text("log-msg").await;
    assert_eq!(
        msg,
        format!("Saved {members} records for {module}: 1 failed.")
    );

    // The core agrees: everyone in the unit now has the module, but the one who failed.
    let after = readiness(&app.home);
    for p in after["personnel"].as_array().unwrap() {
        if p["unit"] == json!(unit) {
            let st = p["modules"][&module]["status"].as_str().unwrap();
            if p["service_number"] == json!(failing) {
                assert_eq!(st, "failed");
                continue;
            }
            assert!(
                matches!(st, "complete" | "expiring" | "not_required"),
                "{} {module}: {st}",
                p["service_number"]
            );
        }
    }
    let theirs = app.home.store().history(failing).unwrap().pop().unwrap();
    assert_eq!(
        (theirs.attempt.result, theirs.attempt.score),
        (Outcome::Fail, Some(40.0))
    );
    assert!(after["modules"] != before["modules"]);
    let last = app.home.store().history(sample).unwrap().pop().unwrap();
    assert_eq!(
        (
            last.attempt.module.as_str(),
            last.attempt.instructor.as_str(),
            last.attempt.score
        ),
        (module.as_str(), "Capt. Mehta (INDBATT)", Some(88.0))
    );

    app.click("nav-matrix").await;
    app.tid("filter-unit")
        .await
        .select_by_value(&unit)
        .await
        .unwrap();
    let el = app.el(&cell).await;
    assert!(el
        .attr("class")
        .await
        .unwrap()
        .unwrap()
        .contains("st-complete"));
    assert!(el.text().await.unwrap().contains("complete"));
    app.shot("matrix-desktop").await;

    // A certificate that runs out before deployment day says so; one already out says expired.
    app.tid("filter-unit")
        .await
        .select_by_value("")
        .await
        .unwrap();
    for lapsed_already in [false, true] {
        let (sn, code) = expired_cell(&after, lapsed_already);
        app.type_into("search", &sn).await;
        let cell = app
            .el(&format!("tr[data-sn='{sn}'] td[data-module='{code}'] .st"))
            .await;
        let (word, title) = (
            cell.text().await.unwrap(),
            cell.attr("title").await.unwrap().unwrap_or_default(),
        );
        if lapsed_already {
            assert!(word.contains("expired"), "{sn} {code}: {word}");
        } else {
            assert!(word.contains("lapses"), "{sn} {code}: {word}");
            assert!(title.contains("on or before deployment day"), "{title}");
        }
    }

    assert_dashboard_matches_cli(&app).await;
    app.quit().await;
}

/// Opens a person's screen from the matrix search, as a user would.
async fn open_person(app: &App, sn: &str) {
    app.click("nav-matrix").await;
    app.type_into("search", sn).await;
    app.el(&format!("tr[data-sn='{sn}'] button.name"))
        .await
        .click()
        .await
        .unwrap();
    app.tid("person").await;
    app.settled("person").await;
}

/// Corrects a record's score on the person screen, with a reason, and waits until the
/// history shows the old record as superseded.
async fn amend_score(app: &App, id: &str, score: &str, reason: &str) {
    app.el(&format!("tr[data-id='{id}'] [data-testid='amend']"))
        .await
        .click()
        .await
        .unwrap();
    app.type_into("amend-score", score).await;
    app.type_into("amend-reason", reason).await;
    app.click("amend-save").await;
    app.until(
        "the amended record",
        "return document.querySelector(`tr[data-id='${arguments[0]}']`)?.dataset.state === 'superseded'",
        vec![json!(id)],
    )
    .await;
}

#[tokio::test]
async fn amend_and_void_keep_the_full_history() {
    let home = Home::new().with_demo();
    // Someone with at least two active records.
    let cli = readiness(&home);
    let store = home.store();
    let (sn, hist) = cli["personnel"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["service_number"].as_str().unwrap().to_string())
        .map(|sn| {
            let h = store.history(&sn).unwrap();
            (sn, h)
        })
        .find(|(_, h)| h.len() >= 2)
        .expect("a person with two records");
    drop(store);
    let (first, second) = (hist[0].attempt.id.clone(), hist[1].attempt.id.clone());

    let app = App::start(home).await;
    open_person(&app, &sn).await;
    assert_eq!(app.text("person-sn").await, sn);

    amend_score(&app, &first, "77", "score misread from the paper sheet").await;
    let history = app.text("history").await;
    assert!(
        history.contains("score misread from the paper sheet"),
        "{history}"
    );
    assert!(history.contains("amended"), "{history}");

    app.el(&format!("tr[data-id='{second}'] [data-testid='void']"))
        .await
        .click()
        .await
        .unwrap();
    app.type_into("void-reason", "entered for the wrong soldier")
        .await;
    app.click("void-save").await;
    app.until(
        "the voided record",
        "return document.querySelector(`tr[data-id='${arguments[0]}']`)?.dataset.state === 'voided'",
        vec![json!(second)],
    )
    .await;
    let row = app
        .el(&format!("tr[data-id='{second}']"))
        .await
        .text()
        .await
        .unwrap();
    assert!(row.contains("entered for the wrong soldier"), "{row}");
    assert!(row.contains("капитан Тестов"), "who voided it: {row}");
    app.shot("person-desktop").await;

    // The activity log on the Settings screen reads both changes, newest first, with who.
    app.click("nav-settings").await;
    app.el("[data-testid='activity'] li").await; // the card draws before its lines arrive
    let log = app.text("activity").await;
    let voided = log
        .find(&format!(
            "record of {sn} (…{}): entered for the wrong soldier",
            &second[second.len() - 8..]
        ))
        .unwrap_or_else(|| panic!("the void is logged: {log}"));
    let amended = log
        .find(&format!(
            "record of {sn} (…{}): score misread from the paper sheet",
            &first[first.len() - 8..]
        ))
        .unwrap_or_else(|| panic!("the correction is logged: {log}"));
    assert!(voided < amended, "newest first: {log}");
    assert!(log.contains("капитан Тестов"), "{log}");
    app.js(
        "document.querySelector(\"[data-testid='activity']\").scrollIntoView({block: 'start'})",
        vec![],
    )
    .await;
    app.shot("activity-desktop").await;
    open_person(&app, &sn).await;

    // Nothing was deleted: the core holds all three records with their states.
    let h = app.home.store().history(&sn).unwrap();
    assert_eq!(h.len(), hist.len() + 1);
    let state = |id: &str| h.iter().find(|e| e.attempt.id == id).unwrap().state;
    assert_eq!(state(&first), muster::domain::RecordState::Superseded);
    assert_eq!(state(&second), muster::domain::RecordState::Voided);

    // Off the roster (injured, replaced) with a reason: not counted, records kept; then back.
    let personnel = || app.home.store().personnel_count("DEMO").unwrap();
    let on_roster = personnel();
    app.click("roster-take-off").await;
    app.type_into("roster-reason", "injured: replaced").await;
    app.center("[data-testid='roster-confirm']").await;
    app.shot("person-roster-confirm").await;
    app.click("roster-confirm").await;
    assert!(app
        .text("roster-off")
        .await
        .starts_with("Not on the roster of DEMO"));
    let why = app.text("roster-off-why").await;
    assert!(why.ends_with("капитан Тестов: injured: replaced"), "{why}");
    app.shot("person-off-roster").await;
    assert_eq!(personnel(), on_roster - 1);
    assert_eq!(app.home.store().history(&sn).unwrap().len(), h.len());
    app.click("nav-dashboard").await;
    app.until(
        "the dashboard without them",
        "return document.querySelector(\"[data-testid='personnel']\")?.textContent === String(arguments[0])",
        vec![json!(on_roster - 1)],
    )
    .await;
    // Still found from the dashboard, with the reason, and put back from their screen.
    let off = app.text("off-roster").await;
    assert!(off.contains("капитан Тестов: injured: replaced"), "{off}");
    app.center(&format!(
        "[data-testid='off-roster'] li[data-sn='{sn}'] button.link"
    ))
    .await
    .click()
    .await
    .unwrap();
    app.click("roster-put-back").await;
    app.tid("roster-take-off").await;
    assert_eq!(personnel(), on_roster);

    // A move to another platoon and a promotion: saved, shown, and kept in the changes.
    let before = app.home.store().person(&sn).unwrap();
    let other = ["1 взвод", "2 взвод", "3 взвод"]
        .into_iter()
        .find(|u| *u != before.unit)
        .unwrap();
    app.center("[data-testid='edit-person']")
        .await
        .click()
        .await
        .unwrap();
    app.type_into("pf-unit", other).await;
    app.type_into("pf-rank", "старший сержант").await;
    app.shot("person-edit-desktop").await;
    app.click("pf-save").await;
    assert_eq!(app.text("person-saved").await, "Details saved.");
    assert_eq!(app.text("person-unit").await, other);
    let now = app.home.store().person(&sn).unwrap();
    assert_eq!(
        (now.unit.as_str(), now.rank.as_str(), &now.family_name),
        (other, "старший сержант", &before.family_name)
    );
    let summary = app.text("detail-changes").await;
    assert!(
        summary.contains("Changes to these details (1)"),
        "{summary}"
    );
    let changes = app.home.store().person_changes(&sn).unwrap();
    assert_eq!(changes[0].by, "капитан Тестов");

    // An empty family name is refused with the core's problem, named by the field's
    // label, and nothing changes.
    app.click("edit-person").await;
    app.type_into("pf-family_name", " ").await;
    app.click("pf-save").await;
    assert_eq!(app.text("pf-error").await, "Family name is empty");
    assert_eq!(app.home.store().person(&sn).unwrap(), now);
    app.resize(390, 844).await;
    app.center("[data-testid='person-form']").await;
    app.shot("person-edit-phone").await;
    app.quit().await;
}

const HEADER: &str =
    "service_number;family_name;given_name;patronymic;rank;category;gender;role;unit";

#[tokio::test]
async fn a_roster_with_one_bad_row_shows_the_error_and_writes_nothing() {
    let home = Home::new().with_demo();
    let before = home.store().personnel_count("DEMO").unwrap();
    let csv = home.dir.path().join("roster.csv");
    let rows = [
        "KZ900001;Абенов;Ерлан;Серікұлы;рядовой;enlisted;M;стрелок;4 взвод",
        "KZ900002;Smith;John;;private;enlisted;X;rifleman;4 взвод",
        "KZ900003;Қасымова;Айгүл;;сержант;nco;F;медик;4 взвод",
    ];
    std::fs::write(&csv, format!("{HEADER}\n{}\n", rows.join("\n"))).unwrap();

    let app = App::start(home).await;
    app.click("nav-import").await;
    app.type_into("import-path", csv.to_str().unwrap()).await;
    app.click("import-check").await;
    let errors = app.text("import-errors").await;
    assert!(
        errors.contains("3") && errors.contains("gender"),
        "{errors}"
    );
    assert!(
        app.c
            .find(Locator::Css("[data-testid='import-commit']"))
            .await
            .is_err(),
        "no import button while a row is bad"
    );
    app.shot("import-error-desktop").await;
    app.click("import-cancel").await;
    assert!(app.text("import-msg").await.starts_with("Cancelled"));
    assert_eq!(app.home.store().personnel_count("DEMO").unwrap(), before);
    assert!(
        app.home.store().person("KZ900001").is_err(),
        "nothing written"
    );

    // Fixed, the same file imports whole.
    std::fs::write(
        &csv,
        format!("{HEADER}\n{}\n", rows.join("\n").replace(";X;", ";M;")),
    )
    .unwrap();
    // Read as the text it is; forcing another encoding is possible, and shown.
    app.tid("import-encoding")
        .await
        .select_by_value("windows-1251")
        .await
        .unwrap();
    // The cancel's message went with the next action.
    assert_eq!(app.count("[data-testid='import-msg']").await, 0);
    app.click("import-check").await;
    assert_eq!(
        app.text("import-source").await,
        "Read as windows-1251 text."
    );
    app.tid("import-encoding")
        .await
        .select_by_value("")
        .await
        .unwrap();
    app.click("import-check").await;
    assert_eq!(app.text("import-source").await, "Read as UTF-8 text.");
    assert_eq!(app.text("count-people_new").await, "3");
    // Three rows for a roster of 122: the rest stay on it, and the preview says so.
    let warned = app.text("import-warnings").await;
    assert!(
        warned.contains("On the roster of DEMO but not in this file: 122"),
        "{warned}"
    );
    app.center("[data-testid='import-warnings']").await;
    app.shot("import-preview-warning").await;
    app.click("import-commit").await;
    assert_eq!(app.text("import-msg").await, "Imported: 3 rows written.");
    assert_eq!(
        app.home.store().personnel_count("DEMO").unwrap(),
        before + 3
    );

    // A mistaken import is undone from the history: off the roster, still on file. The
    // history reloads after the commit; wait for its row rather than read it at once.
    app.el("[data-testid=import-history] tr[data-import]").await;
    let id = app
        .js(
            "return document.querySelector('[data-testid=import-history] tr[data-import]').dataset.import",
            vec![],
        )
        .await;
    let id = id.as_str().unwrap().to_string();
    let row = app.el(&format!("tr[data-import='{id}']")).await;
    let text = row.text().await.unwrap();
    assert!(
        text.contains("roster.csv") && text.contains("3 rows: 3 new people"),
        "{text}"
    );
    app.center(&format!("[data-testid='undo-{id}']"))
        .await
        .click()
        .await
        .unwrap();
    app.type_into(&format!("undo-reason-{id}"), "wrong platoon file")
        .await;
    app.shot("import-undo-desktop").await;
    app.click(&format!("undo-confirm-{id}")).await;
    assert_eq!(
        app.text("undo-msg").await,
        format!("Import #{id} undone: 0 records voided, 3 people taken off the roster.")
    );
    assert_eq!(app.home.store().personnel_count("DEMO").unwrap(), before);
    assert!(app.home.store().person("KZ900001").is_ok(), "still on file");
    // The history reloads after the undo; wait for its row to say so rather than read it
    // at once (the app also reloads the dashboard's data after a change).
    app.until(
        "the undone import's row",
        "return (document.querySelector(`[data-testid='${arguments[0]}']`)?.textContent ?? '').includes('wrong platoon file')",
        vec![json!(format!("import-state-{id}"))],
    )
    .await;
    let state = app.text(&format!("import-state-{id}")).await;
    assert!(state.contains("wrong platoon file"), "{state}");
    app.resize(390, 844).await;
    app.center("[data-testid='import-history']").await;
    app.shot("import-history-phone").await;
    let undone = &app.home.store().imports().unwrap()[0];
    assert_eq!(undone.undo_reason.as_deref(), Some("wrong platoon file"));
    app.resize(1280, 800).await;

    // A workbook whose list is not on the first sheet: the sheet is chosen by name.
    let book = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../tests/fixtures/roster_ru.xlsx")
        .canonicalize()
        .unwrap();
    app.type_into("import-path", book.to_str().unwrap()).await;
    let sheet = app.tid("import-sheet").await;
    assert_eq!(
        sheet.prop("value").await.unwrap().as_deref(),
        Some("Личный состав")
    );
    sheet.select_by_value("Резерв").await.unwrap();
    app.click("import-check").await;
    assert_eq!(app.text("count-people_new").await, "1");
    assert_eq!(
        app.text("import-source").await,
        "Read from the sheet «Резерв»."
    );
    app.shot("import-sheet-desktop").await;
    app.click("import-commit").await;
    app.tid("import-msg").await;
    assert!(app.home.store().person("KZ200201").is_ok());
    assert!(
        app.home.store().person("100101").is_err(),
        "not the first sheet"
    );
    assert_eq!(
        app.home.store().imports().unwrap()[0].sheet.as_deref(),
        Some("Резерв")
    );
    app.quit().await;
}

#[tokio::test]
async fn records_and_templates_are_written_from_the_import_screen() {
    let app = App::start(Home::new().with_demo()).await;
    app.click("nav-import").await;
    app.tid("sheets-out").await;
    // This contingent's records as CSV, for another laptop.
    app.tid("sheet-kind")
        .await
        .select_by_value("completions")
        .await
        .unwrap();
    app.tid("sheet-format")
        .await
        .select_by_value("csv")
        .await
        .unwrap();
    let out = app.home.dir.path().join("handover/records.csv");
    app.type_into("sheet-path", out.to_str().unwrap()).await;
    app.click("sheet-save").await;
    let msg = app.text("sheet-msg").await;
    let n: u64 = msg
        .strip_prefix("Saved ")
        .and_then(|m| m.split(' ').next())
        .and_then(|n| n.parse().ok())
        .unwrap_or_else(|| panic!("{msg}"));
    assert!(msg.ends_with(out.to_str().unwrap()), "{msg}");
    // Read back by the importer, every record is one it already has.
    let back: Value = serde_json::from_str(&app.home.cli(&[
        "import",
        "completions",
        out.to_str().unwrap(),
        "--dry-run",
        "--format",
        "json",
    ]))
    .unwrap();
    assert_eq!(
        (
            back["attempts_new"].as_u64(),
            back["attempts_unchanged"].as_u64()
        ),
        (Some(0), Some(n))
    );

    // A blank template is a workbook whatever format was chosen; the ending is added.
    app.tid("sheet-kind")
        .await
        .select_by_value("roster_template")
        .await
        .unwrap();
    let blank = app.home.dir.path().join("roster-template");
    app.type_into("sheet-path", blank.to_str().unwrap()).await;
    app.click("sheet-save").await;
    let msg = app.text("sheet-msg").await;
    assert!(msg.starts_with("Template saved to "), "{msg}");
    assert!(blank.with_extension("xlsx").exists(), "{msg}");
    app.center("[data-testid='sheets-out']").await;
    app.shot("sheets-out-desktop").await;
    app.resize(390, 844).await;
    no_horizontal_scroll(&app, "import").await;
    app.center("[data-testid='sheets-out']").await;
    app.shot("sheets-out-phone").await;
    app.quit().await;
}

#[tokio::test]
async fn a_hostile_name_is_shown_as_text() {
    let home = Home::new().with_demo();
    let hostile = "<img src=x onerror=alert(1)>";
    let csv = home.dir.path().join("hostile.csv");
    std::fs::write(
        &csv,
        format!("{HEADER}\nKZ666001;{hostile};<b>Bold</b>;;private;enlisted;M;rifleman;4 взвод\n"),
    )
    .unwrap();
    home.cli(&[
        "import",
        "roster",
        csv.to_str().unwrap(),
        "--contingent",
        "DEMO",
        "--by",
        "test",
    ]);

    let app = App::start(home).await;
    app.tid("dashboard").await;
    let blockers = app.text("blockers").await;
    assert!(
        blockers.contains(&format!("{hostile} <b>Bold</b>")),
        "{blockers}"
    );
    app.click("nav-matrix").await;
    app.type_into("search", "KZ666001").await;
    let name = app.el("tr[data-sn='KZ666001'] button.name").await;
    assert!(name.text().await.unwrap().contains(hostile));
    name.click().await.unwrap();
    assert!(app.text("person-name").await.contains(hostile));
    let imgs = app
        .js("return document.querySelectorAll('img, b').length", vec![])
        .await;
    assert_eq!(imgs, json!(0), "no markup was created from the name");
    app.quit().await;
}

async fn no_horizontal_scroll(app: &App, what: &str) {
    let v = app
        .js(
            "const d = document.documentElement; \
             const wide = [...document.querySelectorAll('body *')] \
               .filter(e => e.scrollWidth > e.clientWidth + 1 && getComputedStyle(e).overflowX === 'visible') \
               .slice(0, 4).map(e => `${e.tagName}.${e.className}: ${e.textContent.slice(0, 40)}`); \
             return [d.scrollWidth, d.clientWidth, window.innerWidth, wide];",
            vec![],
        )
        .await;
    let (sw, cw) = (v[0].as_u64().unwrap(), v[1].as_u64().unwrap());
    assert!(
        sw <= cw,
        "{what}: page is {sw}px wide in a {cw}px window ({v})"
    );
}

#[tokio::test]
async fn at_phone_width_the_dashboard_stacks_without_horizontal_scroll() {
    let app = App::start(Home::new().with_demo()).await;
    app.tid("dashboard").await;
    app.resize(390, 844).await;
    let w = app
        .js("return window.innerWidth", vec![])
        .await
        .as_u64()
        .unwrap();
    assert!(w <= 400, "window did not narrow: {w}px");
    no_horizontal_scroll(&app, "dashboard").await;
    app.shot("dashboard-phone").await;
    app.center("[data-testid='retakes']").await;
    app.shot("retakes-phone").await;
    // The matrix becomes one line per person.
    app.click("nav-matrix").await;
    app.tid("person-list").await;
    no_horizontal_scroll(&app, "matrix").await;
    app.shot("matrix-phone").await;
    app.el("[data-testid='person-list'] .person-line")
        .await
        .click()
        .await
        .unwrap();
    app.tid("person").await;
    app.settled("person").await;
    app.tid("history").await;
    no_horizontal_scroll(&app, "person").await;
    app.shot("person-phone").await;
    for screen in ["log", "import", "curriculum", "settings"] {
        app.click(&format!("nav-{screen}")).await;
        app.tid(if screen == "log" {
            "log-session"
        } else {
            screen
        })
        .await;
        no_horizontal_scroll(&app, screen).await;
        app.shot(&format!("{screen}-phone")).await;
    }
    app.resize(1280, 800).await;
    for screen in ["import", "curriculum", "settings"] {
        app.click(&format!("nav-{screen}")).await;
        app.tid(screen).await;
        app.shot(&format!("{screen}-desktop")).await;
    }
    app.quit().await;
}

/// The smallest phone in common use (360 × 640 CSS pixels, many Android phones): every
/// screen still fits its width, and the window is not taller than the phone.
#[tokio::test]
async fn at_360_by_640_no_screen_scrolls_sideways() {
    let app = App::start(Home::new().with_demo()).await;
    app.tid("dashboard").await;
    app.resize(360, 640).await;
    let size = app
        .js("return [window.innerWidth, window.innerHeight]", vec![])
        .await;
    assert!(
        size[0].as_u64().unwrap() <= 360 && size[1].as_u64().unwrap() <= 640,
        "window did not shrink: {size}"
    );
    no_horizontal_scroll(&app, "dashboard").await;
    app.shot("dashboard-phone-360").await;
    app.click("nav-matrix").await;
    app.tid("person-list").await;
    no_horizontal_scroll(&app, "matrix").await;
    app.shot("matrix-phone-360").await;
    app.el("[data-testid='person-list'] .person-line")
        .await
        .click()
        .await
        .unwrap();
    app.tid("history").await;
    no_horizontal_scroll(&app, "person").await;
    app.shot("person-phone-360").await;
    for (screen, id) in [
        ("log", "log-session"),
        ("import", "import"),
        ("reports", "reports"),
        ("curriculum", "curriculum"),
        ("settings", "settings"),
    ] {
        app.click(&format!("nav-{screen}")).await;
        app.tid(id).await;
        no_horizontal_scroll(&app, screen).await;
        app.shot(&format!("{screen}-phone-360")).await;
    }
    app.quit().await;
}

#[tokio::test]
async fn russian_is_remembered_dates_read_dd_mm_yyyy_and_a_backup_opens() {
    let app = App::start(Home::new().with_demo()).await;
    app.click("nav-settings").await;
    app.tid("settings-language")
        .await
        .select_by_value("ru")
        .await
        .unwrap();
    app.until(
        "Russian navigation",
        "return document.querySelector(\"[data-testid='nav-dashboard']\").textContent === 'Сводка'",
        vec![],
    )
    .await;
    let settings = std::fs::read_to_string(app.home.config_dir().join("settings.json")).unwrap();
    assert!(settings.contains("\"ru\""), "{settings}");

    app.click("nav-dashboard").await;
    let sub = app
        .el("[data-testid='dashboard'] header p")
        .await
        .text()
        .await
        .unwrap();
    let today = muster::dates::today().format("%d.%m.%Y").to_string();
    assert!(sub.contains(&format!("на {today}")), "{sub}");
    app.shot("dashboard-ru").await;

    // Backup: a complete copy that opens with the same records.
    app.click("nav-settings").await;
    let dest = app.home.dir.path().join("copies/muster-copy.sqlite3");
    app.type_into("backup-dest", dest.to_str().unwrap()).await;
    app.click("backup").await;
    let msg = app.text("settings-msg").await;
    assert!(msg.contains(dest.to_str().unwrap()), "{msg}");
    let copy = muster::Store::open(&dest).unwrap();
    assert_eq!(copy.personnel_count("DEMO").unwrap(), 122);
    // A second backup to the same file is refused, not overwritten, and the refusal is
    // in Russian.
    app.click("backup").await;
    let refusal = app
        .el("[data-testid='settings-msg'].error")
        .await
        .text()
        .await
        .unwrap();
    assert!(
        refusal.ends_with("уже существует: выберите для копии новое имя файла"),
        "{refusal}"
    );

    // A bad roster row is explained in Russian too, with its line and column.
    let csv = app.home.dir.path().join("roster.csv");
    std::fs::write(
        &csv,
        format!("{HEADER}\nKZ900002;Смирнов;Иван;;рядовой;солдат;X;стрелок;4 взвод\n"),
    )
    .unwrap();
    app.click("nav-import").await;
    app.type_into("import-path", csv.to_str().unwrap()).await;
    app.click("import-check").await;
    let errors = app.text("import-errors").await;
    assert!(errors.contains("Пол «X» — не Ж и не М"), "{errors}");
    app.shot("import-error-ru").await;
    app.quit().await;
}

#[tokio::test]
async fn curriculum_validity_change_and_retirement_reach_the_core() {
    let app = App::start(Home::new().with_demo()).await;
    app.click("nav-curriculum").await;
    app.click("edit-SEA").await;
    app.type_into("m-validity", "24").await;
    app.click("m-save").await;
    app.until(
        "the saved module",
        "return document.querySelector(\"tr[data-module='SEA']\")?.textContent.includes('24')",
        vec![],
    )
    .await;
    assert_eq!(
        app.home.store().module("SEA").unwrap().validity_months,
        Some(24)
    );

    app.click("edit-POC").await;
    app.click("m-retire").await;
    app.el("[data-testid='curriculum'] [role='alert']").await; // a reason is required
    app.type_into("m-reason", "merged into KINPOT").await;
    app.click("m-retire").await;
    app.until(
        "the retired module",
        "return document.querySelector(\"tr[data-module='POC']\")?.classList.contains('retired')",
        vec![],
    )
    .await;
    assert!(app.home.store().module("POC").unwrap().retired);
    app.quit().await;
}

#[tokio::test]
async fn first_start_can_create_a_contingent_and_fill_it_from_a_roster() {
    let home = Home::new();
    let csv = home.dir.path().join("roster.csv");
    std::fs::write(
        &csv,
        format!(
            "\u{feff}{HEADER}\nKZ100101;Нұрқасов;Аян;Маратұлы;майор;officer;M;командир роты;Управление роты\n\
             KZ100102;Жолдасбаев;Бауыржан;;старший сержант;nco;M;командир отделения;1 взвод\n\
             KZ100103;Сейітова;Әсел;Нұрланқызы;рядовой;enlisted;F;санитар;1 взвод\n"
        ),
    )
    .unwrap();
    let app = App::start(home).await;
    app.tid("language")
        .await
        .select_by_value("kk")
        .await
        .unwrap();
    app.type_into("operator", "аға лейтенант Омарова").await;
    app.click("create-contingent").await;
    app.type_into("c-code", "KZ-2027").await;
    app.type_into("c-name", "Қазақстан ротасы, 2027").await;
    app.type_into("c-start", "01.02.2027").await;
    app.type_into("c-deploy", "01.08.2027").await;
    app.shot("welcome-create-kk").await;
    app.click("c-create").await;
    app.tid("dashboard").await;
    assert_eq!(app.dom_text("personnel").await, "0");
    assert_eq!(app.text("nav-dashboard").await, "Жиынтық");

    app.click("nav-import").await;
    app.type_into("import-path", csv.to_str().unwrap()).await;
    app.click("import-check").await;
    assert_eq!(app.text("count-people_new").await, "3");
    app.click("import-commit").await;
    app.tid("import-msg").await;
    app.click("nav-dashboard").await;
    app.until(
        "three people on the dashboard",
        "return document.querySelector(\"[data-testid='personnel']\")?.textContent === '3'",
        vec![],
    )
    .await;
    assert_eq!(app.text("women").await, "0/1");
    let c = app.home.store().contingent("KZ-2027").unwrap();
    assert_eq!(c.deploy_on.to_string(), "2027-08-01");
    assert_eq!(app.home.store().personnel_count("KZ-2027").unwrap(), 3);
    app.quit().await;
}

#[tokio::test]
async fn reports_show_save_validate_and_flag_a_change_since_validation() {
    let home = Home::new().with_demo();
    let cli = readiness(&home);
    let soldier = &cli["personnel"][0];
    let family = soldier["family_name"].as_str().unwrap().to_string();
    let app = App::start(home).await;
    app.tid("dashboard").await;

    // The report on screen: the contingent and a known soldier, in the report's words.
    app.click("nav-reports").await;
    app.tid("report").await;
    let report = app.text("report").await;
    assert!(
        report.contains("DEMO"),
        "{}",
        &report[..200.min(report.len())]
    );
    assert!(report.contains(&family), "report lacks {family}");
    assert!(report.contains("Pre-deployment training readiness report"));
    app.tid("decisions-none").await;
    app.shot("reports-desktop").await;
    // The trend is drawn as in the PDF: a point a week and the plan line to deployment.
    let weeks = app
        .js(
            "return document.querySelectorAll('[data-testid=report-trend] circle').length",
            vec![],
        )
        .await;
    assert!(weeks.as_u64().unwrap() >= 2, "{weeks}");
    app.center("[data-testid='plan-line']").await;
    app.shot("reports-trend-desktop").await;
    app.js(
        "document.querySelector('[data-testid=report-gaps]').scrollIntoView()",
        vec![],
    )
    .await;
    app.shot("reports-gaps-desktop").await;
    app.js("window.scrollTo(0, 0)", vec![]).await;

    // A day that does not exist: the error replaces the report, not stacked over it.
    app.type_into("report-as-of", "31.02.2026").await;
    app.click("report-show").await;
    app.tid("report-error").await;
    assert_eq!(app.count("[data-testid='report']").await, 0);
    app.shot("reports-bad-date").await;
    let today = cli["as_of"].as_str().unwrap();
    app.type_into("report-as-of", &dmy(today)).await;
    app.click("report-show").await;
    app.tid("report").await;

    // In Russian, on request, without changing the app's language.
    app.tid("report-lang")
        .await
        .select_by_value("ru")
        .await
        .unwrap();
    app.click("report-show").await;
    app.until(
        "the Russian report",
        "return document.querySelector(`[data-testid='report'] h1`)?.textContent === 'Отчёт о готовности по предразвёртывательной подготовке'",
        vec![],
    )
    .await;

    // Saved as PDF exactly where typed; the text inside names the contingent.
    let out = app.home.dir.path().join("out");
    std::fs::create_dir_all(&out).unwrap();
    let pdf = out.join("demo-report.pdf");
    app.type_into("save-path", pdf.to_str().unwrap()).await;
    app.type_into("sig-officer", "капитан Ахметов Қ.").await;
    app.type_into("sig-commander", "майор Нұрқасов А.").await;
    app.click("save-report").await;
    app.until(
        "the save message",
        "return !!document.querySelector(`[data-testid='save-msg']`)",
        vec![],
    )
    .await;
    let msg = app.text("save-msg").await;
    assert!(msg.contains("demo-report.pdf"), "{msg}");
    let text = std::process::Command::new("pdftotext")
        .args([pdf.to_str().unwrap(), "-"])
        .output()
        .expect("pdftotext (poppler-utils)");
    let text = String::from_utf8_lossy(&text.stdout);
    assert!(text.contains("DEMO"), "PDF text lacks DEMO");
    assert!(text.contains(&family), "PDF text lacks {family}");
    // The names typed are printed under the signature lines, and offered next time.
    for name in ["капитан Ахметов Қ.", "майор Нұрқасов А."] {
        assert!(text.contains(name), "PDF text lacks {name}");
    }
    let remembered: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(app.home.config_dir().join("settings.json")).unwrap(),
    )
    .unwrap();
    assert_eq!(remembered["commander"], json!("майор Нұрқасов А."));
    assert_eq!(remembered["operator"], json!("капитан Тестов"), "kept");
    // The matrix as XLSX too.
    app.tid("save-format")
        .await
        .select_by_value("xlsx")
        .await
        .unwrap();
    let xlsx = out.join("matrix.xlsx");
    app.type_into("save-path", xlsx.to_str().unwrap()).await;
    app.click("save-report").await;
    app.until(
        "the xlsx",
        "return (document.querySelector(`[data-testid='save-msg']`)?.textContent ?? '').includes('matrix.xlsx')",
        vec![],
    )
    .await;
    assert!(std::fs::read(&xlsx).unwrap().starts_with(b"PK"));
    assert_eq!(
        std::fs::read_dir(&out).unwrap().count(),
        2,
        "only the chosen files"
    );

    // A decision needs a confirmation, then freezes the report and is listed.
    app.type_into("val-team", "INDBATT validation team").await;
    app.type_into("val-validator", "Lt Col R. Sharma").await;
    app.click("val-validated").await;
    app.click("val-record").await;
    app.tid("val-confirm-box").await;
    assert!(
        app.home.store().validations("DEMO").unwrap().is_empty(),
        "nothing recorded before the confirmation"
    );
    app.click("val-confirm").await;
    app.tid("decision").await;
    let listed = app.text("decisions").await;
    assert!(listed.contains("Lt Col R. Sharma"), "{listed}");
    assert!(listed.contains("Validated"), "{listed}");
    let stored = app.home.store().validations("DEMO").unwrap();
    assert_eq!(stored.len(), 1);
    assert_eq!(stored[0].recorded_by, "капитан Тестов");
    app.tid("report-stamp").await;
    // The signed PDF, saved now, is what a validator checks later.
    app.tid("save-format")
        .await
        .select_by_value("pdf")
        .await
        .unwrap();
    let signed = out.join("signed.pdf");
    app.type_into("save-path", signed.to_str().unwrap()).await;
    app.click("save-report").await;
    app.until(
        "the signed pdf",
        "return (document.querySelector(`[data-testid='save-msg']`)?.textContent ?? '').includes('signed.pdf')",
        vec![],
    )
    .await;
    let check_signed = || async {
        app.type_into("check-path", signed.to_str().unwrap()).await;
        app.center("[data-testid='check-run']")
            .await
            .click()
            .await
            .unwrap();
        app.tid("check-result").await
    };
    let result = check_signed().await;
    assert_eq!(
        result.attr("data-changes").await.unwrap().as_deref(),
        Some("0")
    );
    assert!(
        result
            .text()
            .await
            .unwrap()
            .contains("This is the report of decision #"),
        "names the decision"
    );

    // Amend a record the frozen report rests on, through the Person screen.
    let frozen = muster::signoff::frozen_report(&stored[0]).unwrap();
    let rec = frozen
        .records
        .iter()
        .find(|r| r.state == muster::domain::RecordState::Active)
        .unwrap()
        .clone();
    let sn = rec.service_number.clone();
    open_person(&app, &sn).await;
    amend_score(&app, &rec.id, "51", "score misread after sign-off").await;

    // The dashboard and the Reports screen both say so, naming the soldier.
    app.click("nav-dashboard").await;
    let badge = app.text("changed-since").await;
    assert!(badge.contains(&sn), "{badge}");
    assert!(badge.contains(&rec.module), "{badge}");
    assert!(badge.contains("Changed since validation"), "{badge}");
    app.js("window.scrollTo(0, 0)", vec![]).await;
    app.shot("dashboard-changed-since").await;
    app.click("nav-reports").await;
    app.tid("report").await;
    let banner = app.text("changed-since").await;
    assert!(banner.contains(&sn), "{banner}");
    let listed = app.text("decisions").await;
    assert!(listed.contains("change(s) since"), "{listed}");
    // The signed PDF, checked again, now lists the change with the soldier.
    let result = check_signed().await;
    assert_ne!(
        result.attr("data-changes").await.unwrap().as_deref(),
        Some("0")
    );
    assert!(result.text().await.unwrap().contains(&sn), "names {sn}");
    app.center("[data-testid='check-result']").await;
    app.shot("reports-check-file").await;
    // The unsigned working copy saved before the decision cannot be checked, and says why.
    app.type_into("check-path", pdf.to_str().unwrap()).await;
    app.center("[data-testid='check-run']")
        .await
        .click()
        .await
        .unwrap();
    assert!(
        app.text("check-error")
            .await
            .contains("unsigned working copy"),
        "the unsigned PDF is explained"
    );

    // Phone width: usable, no horizontal page scroll.
    app.resize(390, 844).await;
    no_horizontal_scroll(&app, "reports").await;
    app.shot("reports-phone").await;
    app.js(
        "document.querySelector('[data-testid=report]').scrollIntoView()",
        vec![],
    )
    .await;
    app.shot("reports-phone-report").await;
    app.click("nav-dashboard").await;
    app.tid("changed-since").await;
    no_horizontal_scroll(&app, "dashboard with the badge").await;
    app.shot("dashboard-changed-since-phone").await;
    app.quit().await;
}

#[tokio::test]
async fn a_database_from_a_newer_muster_is_explained_in_the_window_and_left_alone() {
    let home = Home::new();
    std::fs::create_dir_all(home.db().parent().unwrap()).unwrap();
    {
        let c = rusqlite::Connection::open(home.db()).unwrap();
        c.execute_batch(
            "CREATE TABLE future (x); PRAGMA user_version = 99; PRAGMA application_id = 1297437524;",
        )
            .unwrap();
    }
    let before = std::fs::read(home.db()).unwrap();
    std::fs::create_dir_all(home.config_dir()).unwrap();
    std::fs::write(
        home.config_dir().join("settings.json"),
        json!({"operator": "капитан Тестов", "language": "ru", "contingent": null}).to_string(),
    )
    .unwrap();
    let app = App::start(home).await;
    let text = app.text("db-error-text").await;
    assert!(
        text.contains("записана более новой версией Muster (схема 99"),
        "{text}"
    );
    assert!(
        app.text("db-error")
            .await
            .contains(app.home.db().to_str().unwrap()),
        "the screen names the file"
    );
    app.shot("db-error-ru").await;
    app.resize(390, 844).await;
    no_horizontal_scroll(&app, "db-error").await;
    app.shot("db-error-phone").await;
    assert_eq!(std::fs::read(app.home.db()).unwrap(), before);
    app.quit().await;
}

/// Settings shows the installation's signing key and names it; Check a report file says a
/// saved report is exactly as issued and by whom, refuses one with a byte changed in one
/// line, and on a file from another laptop checks the signature alone and offers to trust
/// its key.
#[tokio::test]
async fn a_signed_report_is_checked_a_tampered_one_refused_and_a_key_trusted() {
    use muster::domain::Lang;
    use muster::report::{self, html::Signatories};
    use muster::signing::{Format, InstallationKey};

    let home = Home::new().with_demo();
    let app = App::start(home).await;
    app.tid("dashboard").await;

    // Settings: the fingerprint of the key made on first use, and a name for it.
    app.click("nav-settings").await;
    let shown = app.text("key-fingerprint").await;
    let key = InstallationKey::load(&app.home.data_dir())
        .unwrap()
        .expect("the key is made in the app-data folder");
    assert_eq!(shown, key.fingerprint().short());
    app.type_into("key-name", "KAZBAT-4 training office").await;
    app.click("key-save").await;
    let msg = app.text("key-msg").await;
    assert!(msg.contains("KAZBAT-4 training office"), "{msg}");
    assert_eq!(
        InstallationKey::load(&app.home.data_dir())
            .unwrap()
            .unwrap()
            .name(),
        "KAZBAT-4 training office"
    );
    app.center("[data-testid='signing-key']").await;
    app.shot("settings-signing-key").await;

    // A report saved as JSON is exactly as issued, signed by this installation, and its
    // records still stand. (A PDF or HTML working copy is signed too, but only a signed-off
    // one names a frozen report to compare the records with.)
    app.click("nav-reports").await;
    app.tid("report").await;
    let out = app.home.dir.path().join("out");
    std::fs::create_dir_all(&out).unwrap();
    app.tid("save-format")
        .await
        .select_by_value("json")
        .await
        .unwrap();
    let saved = out.join("report.json");
    app.type_into("save-path", saved.to_str().unwrap()).await;
    app.click("save-report").await;
    app.until(
        "the saved json",
        "return (document.querySelector(`[data-testid='save-msg']`)?.textContent ?? '').includes('report.json')",
        vec![],
    )
    .await;
    let check = |path: std::path::PathBuf| {
        let app = &app;
        async move {
            app.type_into("check-path", path.to_str().unwrap()).await;
            app.center("[data-testid='check-run']")
                .await
                .click()
                .await
                .unwrap();
            app.until(
                "the check's answer",
                "return !!document.querySelector(`[data-testid='check-result'], [data-testid='check-error']`)",
                vec![],
            )
            .await;
        }
    };
    check(saved.clone()).await;
    let result = app.tid("check-result").await;
    assert_eq!(
        result.attr("data-records").await.unwrap().as_deref(),
        Some("true")
    );
    assert!(app
        .text("check-exact")
        .await
        .contains("Exactly as Muster issued it (JSON)"));
    assert!(app
        .text("check-result")
        .await
        .contains("Every record still stands as the file says."));
    let signer = app.text("check-signer").await;
    assert!(
        signer.contains("Signed by this installation's key: KAZBAT-4 training office")
            && signer.contains(&key.fingerprint().short()),
        "{signer}"
    );
    app.center("[data-testid='check-result']").await;
    app.shot("reports-check-signed").await;

    // One figure changed: refused, in one line, and nothing else shown.
    let text = std::fs::read_to_string(&saved).unwrap();
    let ready = text.find("\"percent\": ").unwrap() + 11;
    let mut bytes = text.into_bytes();
    bytes[ready] = if bytes[ready] == b'9' { b'8' } else { b'9' };
    let tampered = out.join("tampered.json");
    std::fs::write(&tampered, &bytes).unwrap();
    check(tampered).await;
    let error = app.text("check-error").await;
    assert_eq!(
        error,
        "This JSON file was changed after Muster signed it: its signature does not match its content"
    );
    assert_eq!(
        app.js(
            "return document.querySelectorAll(`[data-testid='check-result']`).length",
            vec![]
        )
        .await,
        json!(0)
    );
    app.shot("reports-check-tampered").await;

    // A JSON from another laptop: its own database and key. The signature alone is checked.
    let other_dir = tempfile::tempdir().unwrap();
    let mut other = muster::Store::open(&other_dir.path().join("o.sqlite3")).unwrap();
    muster::demo::load(&mut other, muster::dates::today()).unwrap();
    let r = muster::signoff::report_for(&other, "DEMO", muster::dates::today()).unwrap();
    let theirs = InstallationKey::from_seed([5; 32], "INDBATT validation team");
    let bytes = report::issue(
        &r,
        Format::Json,
        Lang::En,
        &Signatories::default(),
        &theirs,
        &other.database_id().unwrap(),
    )
    .unwrap();
    let foreign = out.join("from-indbatt.json");
    std::fs::write(&foreign, bytes).unwrap();
    check(foreign.clone()).await;
    let result = app.tid("check-result").await;
    assert_eq!(
        result.attr("data-records").await.unwrap().as_deref(),
        Some("false")
    );
    app.tid("check-other-db").await;
    let signer = app.text("check-signer").await;
    assert!(
        signer.contains(&theirs.fingerprint().short())
            && signer.contains("«INDBATT validation team»"),
        "{signer}"
    );
    app.type_into("trust-name", "INDBATT validation team (phoned)")
        .await;
    app.click("trust-key").await;
    app.until(
        "trusted",
        "return (document.querySelector(`[data-testid='check-signer']`)?.textContent ?? '').startsWith('Trusted')",
        vec![],
    )
    .await;
    check(foreign).await;
    let signer = app.text("check-signer").await;
    assert!(
        signer.starts_with("Signed by INDBATT validation team (phoned) (trusted key"),
        "{signer}"
    );
    let trusted = app.home.store().trusted_keys().unwrap();
    assert_eq!(trusted.len(), 1);
    assert_eq!(trusted[0].trusted_by, "капитан Тестов");
    app.center("[data-testid='check-result']").await;
    app.shot("reports-check-other-laptop").await;

    // Phone width: the check and the key stay usable without horizontal scroll.
    app.resize(390, 844).await;
    check(out.join("from-indbatt.json")).await;
    no_horizontal_scroll(&app, "reports with a check result").await;
    app.center("[data-testid='check-result']").await;
    app.shot("reports-check-phone").await;
    app.click("nav-settings").await;
    app.tid("signing-key").await;
    no_horizontal_scroll(&app, "settings with the key").await;
    app.center("[data-testid='signing-key']").await;
    app.shot("settings-signing-key-phone").await;
    app.quit().await;
}

/// `iso` moved by `n` days, as yyyy-mm-dd.
fn shift(iso: &str, n: i64) -> String {
    let mut d = muster::dates::parse(iso).unwrap();
    for _ in 0..n.abs() {
        d = if n > 0 { d.succ_opt() } else { d.pred_opt() }.unwrap();
    }
    d.to_string()
}

/// yyyy-mm-dd as the screens write it.
fn dmy(iso: &str) -> String {
    muster::dates::parse(iso)
        .unwrap()
        .format("%d.%m.%Y")
        .to_string()
}

/// yyyy-mm-dd as the English screens write it: "1 Nov 2021".
fn en_date(iso: &str) -> String {
    muster::dates::parse(iso)
        .unwrap()
        .format("%-d %b %Y")
        .to_string()
}

/// Every screen, as (navigation id, the screen's own test id).
const SCREENS: [(&str, &str); 7] = [
    ("dashboard", "dashboard"),
    ("matrix", "matrix"),
    ("log", "log-session"),
    ("import", "import"),
    ("curriculum", "curriculum"),
    ("reports", "reports"),
    ("settings", "settings"),
];

async fn choose_contingent(app: &App, code: &str) {
    app.tid("contingent-select")
        .await
        .select_by_value(code)
        .await
        .unwrap();
}

/// A database prepared with the command line (no operator in the app's settings) opens on
/// the dashboard, never on the welcome; every screen answers; the operator's name is asked
/// for where a record is made, not before. A rotation that deployed years ago speaks of
/// its tour, never of negative days or retakes in the past.
#[tokio::test]
async fn a_database_made_with_the_command_line_opens_on_the_dashboard_and_nothing_hangs() {
    let home = Home::new();
    home.cli(&["demo"]);
    home.cli(&[
        "contingent",
        "add",
        "OLD-2021",
        "--name",
        "Rotation 2021",
        "--mission",
        "UNIFIL",
        "--training-start",
        "2021-01-11",
        "--deploy-on",
        "2021-05-01",
        "--tour-months",
        "6",
        "--by",
        "майор Сейітов",
    ]);
    let cli = readiness(&home);
    let sn = cli["personnel"][0]["service_number"]
        .as_str()
        .unwrap()
        .to_string();
    let rank = cli["personnel"][0]["rank"].as_str().unwrap().to_string();
    let app = App::start(home).await;
    choose_contingent(&app, "DEMO").await;
    app.tid("dashboard").await;
    app.settled("first start").await;
    assert_eq!(app.count("[data-testid='welcome']").await, 0);
    app.shot("cli-db-dashboard").await;
    for (screen, id) in SCREENS {
        app.visit(screen, id).await;
    }
    app.open_person(&sn).await;
    app.settled("person").await;
    // The rank is in the details, not only in the heading.
    assert_eq!(app.text("person-rank").await, rank);

    // No name yet: the screens that record ask for it in place, and work once it is given.
    app.visit("log", "log-session").await;
    app.tid("name-needed").await;
    app.shot("log-name-needed").await;
    app.resize(360, 640).await;
    no_horizontal_scroll(&app, "log asking for the name").await;
    app.shot("log-name-needed-phone-360").await;
    app.resize(1280, 800).await;
    app.type_into("name-needed-input", "капитан Омаров Е.")
        .await;
    app.click("name-needed-save").await;
    assert!(app.text("name-saved").await.contains("капитан Омаров Е."));
    assert_eq!(app.count("[data-testid='name-needed']").await, 0);
    let settings = std::fs::read_to_string(app.home.config_dir().join("settings.json")).unwrap();
    assert!(settings.contains("капитан Омаров Е."), "{settings}");
    for (screen, id) in SCREENS {
        app.visit(screen, id).await;
        assert_eq!(
            app.count("[data-testid='name-needed']").await,
            0,
            "{screen}"
        );
    }

    // A rotation deployed in 2021, its tour long over.
    choose_contingent(&app, "OLD-2021").await;
    app.visit("dashboard", "dashboard").await;
    app.until(
        "the old rotation",
        "return document.querySelector(`[data-testid='contingent-name']`)?.textContent === 'Rotation 2021'",
        vec![],
    )
    .await;
    let tour = app.tid("tour").await;
    assert_eq!(
        tour.attr("data-stage").await.unwrap().as_deref(),
        Some("tour_over")
    );
    let days = app.text("days").await;
    assert!(days.ends_with("days ago"), "{days}");
    assert!(!days.contains('-') && !days.contains('−'), "{days}");
    assert!(app.text("tour-end").await.contains("tour ended 1 Nov 2021"));
    let page = app.text("dashboard").await;
    assert!(!page.contains("retake by"), "{page}");
    app.shot("old-rotation-dashboard").await;
    for (screen, id) in SCREENS {
        app.visit(screen, id).await;
    }
    // The log's date: the eve of deployment, inside the training period, and it says why.
    app.visit("log", "log-session").await;
    let date = app.tid("log-date").await.prop("value").await.unwrap();
    assert_eq!(date.as_deref(), Some("30.04.2021"));
    assert!(app.text("log-date-why").await.contains("eve of deployment"));
    app.shot("old-rotation-log").await;
    app.resize(360, 640).await;
    no_horizontal_scroll(&app, "log of a deployed rotation").await;
    app.shot("old-rotation-log-phone-360").await;
    app.visit("dashboard", "dashboard").await;
    no_horizontal_scroll(&app, "dashboard of a deployed rotation").await;
    app.shot("old-rotation-dashboard-phone-360").await;
    app.quit().await;
}

/// The dashboard and the matrix as of another day: every figure follows it and equals
/// `muster readiness --as-of`; the day is remembered per contingent while the app is open
/// and said plainly when it is not today; after deployment day the dashboard speaks of
/// the tour.
#[tokio::test]
async fn the_dashboard_and_the_matrix_follow_the_as_of_day_and_equal_the_cli() {
    let app = App::start(Home::new().with_demo()).await;
    app.tid("dashboard").await;
    let now = readiness(&app.home);
    let today = now["as_of"].as_str().unwrap().to_string();
    let deploy = now["contingent"]["deploy_on"].as_str().unwrap().to_string();
    let start = now["contingent"]["training_start"]
        .as_str()
        .unwrap()
        .to_string();
    assert_eq!(app.count("[data-testid='as-of-note']").await, 0);

    // A past day, typed.
    let past = shift(&today, -20);
    app.type_into("as-of-date", &dmy(&past)).await;
    app.tid("as-of-date")
        .await
        .send_keys("\u{E007}")
        .await
        .unwrap();
    assert_dashboard_matches_cli_as_of(&app, Some(&past)).await;
    assert!(app.text("as-of-note").await.contains(&en_date(&past)));
    app.shot("dashboard-as-of-past").await;

    // The matrix follows the same day: how many people have each status.
    app.visit("matrix", "matrix").await;
    app.until(
        "the matrix as of the day",
        "return document.querySelector(`[data-testid='matrix']`)?.dataset.asOf === arguments[0]",
        vec![json!(past)],
    )
    .await;
    let cli = readiness_as_of(&app.home, Some(&past));
    let total = cli["personnel"].as_array().unwrap().len();
    for st in ["complete", "expiring", "expired", "failed", "missing"] {
        let want = cli["personnel"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|p| {
                p["modules"]
                    .as_object()
                    .unwrap()
                    .values()
                    .any(|m| m["status"] == st)
            })
            .count();
        app.tid("filter-status")
            .await
            .select_by_value(st)
            .await
            .unwrap();
        app.until(
            st,
            "return document.querySelector(`[data-testid='shown']`).textContent.startsWith(arguments[0])",
            vec![json!(format!("{want} of {total}"))],
        )
        .await;
    }
    app.tid("filter-status")
        .await
        .select_by_value("")
        .await
        .unwrap();
    // One person's cells, module by module.
    let p = &cli["personnel"][0];
    let sn = p["service_number"].as_str().unwrap();
    app.type_into("search", sn).await;
    for (code, m) in p["modules"].as_object().unwrap() {
        let cell = app
            .el(&format!("tr[data-sn='{sn}'] td[data-module='{code}'] .st"))
            .await;
        let class = cell.attr("class").await.unwrap().unwrap();
        assert!(
            class.contains(&format!("st-{}", m["status"].as_str().unwrap())),
            "{sn} {code}: {class} vs {m}"
        );
    }
    app.shot("matrix-as-of-past").await;

    // Remembered while the app is open: the Log screen is today's, the dashboard keeps the day.
    app.visit("log", "log-session").await;
    app.visit("dashboard", "dashboard").await;
    assert_eq!(
        app.tid("dashboard").await.attr("data-as-of").await.unwrap(),
        Some(past.clone())
    );
    // The quick choices.
    app.click("as_of_today").await;
    assert_dashboard_matches_cli_as_of(&app, None).await;
    assert_eq!(app.count("[data-testid='as-of-note']").await, 0);
    app.click("as_of_training_start").await;
    assert_dashboard_matches_cli_as_of(&app, Some(&start)).await;
    app.click("as_of_deployment").await;
    app.settled("deployment day").await;
    app.until(
        "deployment day",
        "return document.querySelector(`[data-testid='dashboard']`)?.dataset.asOf === arguments[0]",
        vec![json!(deploy)],
    )
    .await;

    // Ten days into the tour: no retakes, what lapses in the tour; every figure still the CLI's.
    let in_tour = shift(&deploy, 10);
    app.type_into("as-of-date", &dmy(&in_tour)).await;
    app.tid("as-of-date")
        .await
        .send_keys("\u{E007}")
        .await
        .unwrap();
    assert_dashboard_matches_cli_as_of(&app, Some(&in_tour)).await;
    let tour = app.tid("tour").await;
    assert_eq!(
        tour.attr("data-stage").await.unwrap().as_deref(),
        Some("on_tour")
    );
    assert_eq!(app.text("days").await, "10 days ago");
    let end = now["contingent"]["tour_end"].as_str().unwrap();
    assert!(app.text("tour-end").await.contains(&en_date(end)));
    assert_eq!(app.count("[data-testid='retakes']").await, 0);
    app.center("[data-testid='tour-lapses']").await;
    app.shot("dashboard-on-tour").await;
    app.js("window.scrollTo(0, 0)", vec![]).await;

    // A day that does not exist is refused in place; the figures stay as they were.
    app.type_into("as-of-date", "31.02.2026").await;
    app.tid("as-of-date")
        .await
        .send_keys("\u{E007}")
        .await
        .unwrap();
    app.tid("as-of-bad").await;
    assert_eq!(
        app.tid("dashboard").await.attr("data-as-of").await.unwrap(),
        Some(in_tour.clone())
    );

    // At phone width the day and its choices fit.
    app.resize(360, 640).await;
    app.tid("dashboard").await;
    no_horizontal_scroll(&app, "dashboard as of").await;
    app.shot("dashboard-on-tour-phone-360").await;
    app.visit("matrix", "matrix").await;
    no_horizontal_scroll(&app, "matrix as of").await;
    app.shot("matrix-as-of-phone-360").await;
    app.resize(1280, 800).await;

    // In Russian and Kazakh: the tour and the day in the user's words, dates as DD.MM.YYYY.
    for (lang, deployed) in [("ru", "Развёрнут"), ("kk", "Орналастырылды")] {
        app.visit("settings", "settings").await;
        app.tid("settings-language")
            .await
            .select_by_value(lang)
            .await
            .unwrap();
        app.until(
            "the language",
            "return document.documentElement.lang === arguments[0]",
            vec![json!(lang)],
        )
        .await;
        app.visit("dashboard", "dashboard").await;
        let tile = app.text("tour").await;
        assert!(tile.contains(deployed), "{tile}");
        assert!(app.text("tour-end").await.contains(&dmy(end)));
        assert!(app.text("as-of-note").await.contains(&dmy(&in_tour)));
        app.shot(&format!("dashboard-on-tour-{lang}")).await;
        app.center("[data-testid='tour-lapses']").await;
        app.shot(&format!("tour-lapses-{lang}")).await;
        app.visit("matrix", "matrix").await;
        // The day, its note and the filters take what they need; the page stays the window.
        let tall = app
            .js(
                "return [document.documentElement.scrollHeight, window.innerHeight]",
                vec![],
            )
            .await;
        assert!(
            tall[0].as_u64() <= tall[1].as_u64(),
            "{lang} matrix: {tall}"
        );
        app.shot(&format!("matrix-as-of-{lang}")).await;
        app.resize(360, 640).await;
        app.visit("dashboard", "dashboard").await;
        app.shot(&format!("dashboard-on-tour-{lang}-phone-360"))
            .await;
        no_horizontal_scroll(&app, "dashboard as of").await;
        app.resize(1280, 800).await;
    }
    app.quit().await;
}
