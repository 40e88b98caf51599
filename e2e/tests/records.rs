//! Records made and corrected in the window, held against the command line: a session
//! logged for a platoon changes the matrix and the dashboard; amending and voiding keep the
//! whole history on the person screen; a hostile name is shown as text.
//! Run under a display: scripts/test-app.sh.

use std::collections::BTreeMap;

use muster::domain::Outcome;
use muster_e2e::demo::{assert_dashboard_matches_cli, readiness, ROSTER_HEADER};
use muster_e2e::fantoccini::key::Key;
use muster_e2e::{App, Home};
use serde_json::{json, Value};

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
    // A score typed for one module does not carry over to another, whose hours start from
    // its curriculum plan.
    app.type_into("log-score", "80").await;
    app.tid("log-module")
        .await
        .select_by_value(&module)
        .await
        .unwrap();
    let score_js = "return document.querySelector(\"[data-testid='log-score']\").value";
    let hours_js = "return document.querySelector(\"[data-testid='log-hours']\").value";
    assert_eq!(app.js(score_js, vec![]).await, json!(""));
    let planned = app.home.store().module(&module).unwrap().hours;
    let shown = app.js(hours_js, vec![]).await;
    if planned > 0.0 {
        assert_eq!(shown.as_str().unwrap().parse::<f64>().unwrap(), planned);
    }
    // The date reads back with its weekday; a day the calendar lacks is said at once.
    let today = muster::dates::today();
    assert_eq!(
        app.text("log-date-note").await,
        format!("{}, {}", today.format("%A"), today.format("%-d %b %Y"))
    );
    app.type_into("log-date", "31.11.2026").await;
    let said = app.text("log-date-note").await;
    assert!(
        said.contains("«31.11.2026» does not exist in the calendar"),
        "{said}"
    );
    app.type_into("log-date", "31/11").await;
    assert_eq!(
        app.text("log-date-note").await,
        "not a date: write dd.mm.yyyy"
    );
    // Saved so, the session is refused; the refusal goes once the date is put right.
    app.center("[data-testid='log-save']")
        .await
        .click()
        .await
        .unwrap();
    assert!(app.text("log-msg").await.starts_with("Date: "));
    app.type_into("log-date", &today.format("%d.%m.%Y").to_string())
        .await;
    assert_eq!(app.count("[data-testid='log-msg']").await, 0);
    app.type_into("log-instructor", "Capt. Mehta (INDBATT)")
        .await;
    app.type_into("log-score", "88").await;
    app.click(&format!("unit-{unit}")).await;
    assert_eq!(
        app.text("selected").await,
        format!("{members} selected"),
        "whole unit ticked"
    );
    // A click elsewhere and back loses nothing of what was entered.
    app.click("nav-dashboard").await;
    app.click("nav-log").await;
    assert_eq!(
        app.text("selected").await,
        format!("{members} selected"),
        "the ticks kept"
    );
    assert_eq!(
        app.tid("log-instructor")
            .await
            .prop("value")
            .await
            .unwrap()
            .unwrap_or_default(),
        "Capt. Mehta (INDBATT)"
    );
    assert!(app.text("log-restored").await.contains("not yet saved"));
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
    app.open_person(&sn).await;
    assert_eq!(app.text("person-sn").await, sn);

    app.amend_score(&first, "77", "score misread from the paper sheet")
        .await;
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
    app.open_person(&sn).await;

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

#[tokio::test]
async fn a_hostile_name_is_shown_as_text() {
    let home = Home::new().with_demo();
    let hostile = "<img src=x onerror=alert(1)>";
    let csv = home.dir.path().join("hostile.csv");
    std::fs::write(
        &csv,
        format!("{ROSTER_HEADER}\nKZ666001;{hostile};<b>Bold</b>;;private;enlisted;M;rifleman;4 взвод\n"),
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
