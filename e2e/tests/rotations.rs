//! A soldier's record across rotations on the Person screen, and an old rotation archived
//! out of the way from Settings and brought back: in the real window, checked against the
//! core. Run under a display: scripts/test-app.sh.

use muster_e2e::{App, Home};
use serde_json::Value;

/// A second rotation that a DEMO soldier joins, so that their record spans two.
fn two_rotations(home: &Home, sn: &str) {
    let deploy = muster::dates::add_months(muster::dates::today(), 12);
    let start = muster::dates::add_months(muster::dates::today(), 6);
    home.cli(&[
        "contingent",
        "add",
        "KAZBAT-6",
        "--name",
        "6-я рота",
        "--mission",
        "UNIFIL",
        "--training-start",
        &start.to_string(),
        "--deploy-on",
        &deploy.to_string(),
        "--by",
        "капитан Тестов",
    ]);
    home.cli(&[
        "person",
        "assign",
        sn,
        "--contingent",
        "KAZBAT-6",
        "--by",
        "капитан Тестов",
    ]);
}

#[tokio::test]
async fn the_person_screen_lists_every_rotation_with_what_was_carried_over() {
    let home = Home::new().with_demo();
    let sn = "KZ200029";
    two_rotations(&home, sn);
    let want =
        muster::service_record::service_record(&home.store(), sn, muster::dates::today()).unwrap();
    let app = App::start(home).await;
    app.open_person(sn).await;
    let record = app.text("service-record").await;
    for r in &want {
        assert!(record.contains(&r.code), "{} missing: {record}", r.code);
    }
    assert_eq!(
        app.count("[data-testid='service-record'] li").await,
        want.len()
    );
    // Whatever the core carried over into the new rotation is named there, with its source.
    let later = &want[1];
    let carried: Vec<&str> = later
        .modules
        .iter()
        .filter(|m| {
            m.carried_over
                && m.status.completed_on.is_some()
                && matches!(
                    m.status.status,
                    muster::rules::Status::Complete | muster::rules::Status::Expiring
                )
        })
        .map(|m| m.code.as_str())
        .collect();
    assert!(
        !carried.is_empty(),
        "the demo gives {sn} a certificate that lasts: {later:?}"
    );
    let li = app
        .el("[data-testid='service-record'] li[data-code='KAZBAT-6']")
        .await;
    let text = li.text().await.unwrap();
    for code in carried {
        assert!(
            text.contains(&format!("{code} passed")),
            "{code} carried: {text}"
        );
    }
    assert!(text.contains("in DEMO"), "{text}");
    app.js(
        "document.querySelector(\"[data-testid='service-record']\").scrollIntoView({block: 'start'})",
        vec![],
    )
    .await;
    app.shot("rotations-desktop").await;
    app.resize(360, 740).await;
    app.no_horizontal_scroll("person at 360 px").await;
    app.shot("rotations-phone").await;
    app.quit().await;
}

/// The contingents the switcher offers, in its order.
async fn options(app: &App) -> Value {
    app.js(
        "return [...document.querySelectorAll(\"[data-testid='contingent-select'] option\")].map(o => o.value)",
        vec![],
    )
    .await
}

#[tokio::test]
async fn an_old_rotation_is_archived_from_settings_and_brought_back() {
    let home = Home::new().with_demo();
    two_rotations(&home, "KZ200029");
    let app = App::start(home).await;
    app.tid("dashboard").await;
    app.settled("dashboard").await;
    assert_eq!(options(&app).await, serde_json::json!(["KAZBAT-6", "DEMO"]));
    // DEMO is the one shown: archive it.
    app.visit("settings", "settings").await;
    app.click("archive-current").await;
    app.type_into("archive-reason", "rotation returned").await;
    app.click("archive-confirm").await;
    let msg = app.text("archive-msg").await;
    assert!(msg.contains("DEMO archived"), "{msg}");
    app.el("[data-testid='restore-DEMO']").await;
    assert_eq!(options(&app).await, serde_json::json!(["KAZBAT-6"]));
    let listed: Value =
        serde_json::from_str(
            &app.home
                .cli(&["contingent", "list", "--all", "--format", "json"]),
        )
        .unwrap();
    assert_eq!(listed[1]["contingent"]["code"], "DEMO");
    assert_eq!(listed[1]["archived_by"], "капитан Тестов");
    app.shot("archive-desktop").await;
    // The last one in use cannot go: said in one line, nothing changes.
    app.click("archive-current").await;
    app.type_into("archive-reason", "all done").await;
    app.click("archive-confirm").await;
    let msg = app.text("archive-msg").await;
    assert!(msg.contains("last contingent in use"), "{msg}");
    assert_eq!(options(&app).await, serde_json::json!(["KAZBAT-6"]));
    // Brought back.
    app.click("restore-DEMO").await;
    let msg = app.text("archive-msg").await;
    assert!(msg.contains("DEMO is in use again"), "{msg}");
    assert_eq!(options(&app).await, serde_json::json!(["KAZBAT-6", "DEMO"]));
    app.resize(360, 740).await;
    app.no_horizontal_scroll("settings at 360 px").await;
    app.shot("archive-phone").await;
    app.quit().await;
}
