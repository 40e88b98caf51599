//! Opening the app and the dashboard, held against the command line: a first start offers
//! the demo or a new contingent filled from a roster; a database made with the command line
//! opens on the dashboard, one from a newer Muster is explained and left alone; the
//! dashboard and the matrix follow the day they are read as of.
//! Run under a display: scripts/test-app.sh.

use muster_e2e::dates::{dmy, en_date, shift};
use muster_e2e::demo::{
    assert_dashboard_matches_cli, assert_dashboard_matches_cli_as_of, due_first_module, readiness,
    readiness_as_of, ROSTER_HEADER,
};
use muster_e2e::{App, Home};
use serde_json::json;

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

#[tokio::test]
async fn first_start_offers_the_demo_and_the_dashboard_equals_the_cli() {
    let app = App::start(Home::new()).await;
    app.tid("welcome").await;
    app.shot("welcome-desktop").await;
    // Without a name the app refuses to start recording.
    app.click("load-demo").await;
    assert_eq!(
        app.text_of("[role='alert']").await,
        "Enter your name first."
    );
    app.type_into("operator", "капитан Омаров Е.").await;
    app.click("load-demo").await;
    app.tid("dashboard").await;
    assert_dashboard_matches_cli(&app).await;
    app.shot("dashboard-desktop").await;
    // The trend is the report's chart: a point per week on the core's axis, the plan line.
    app.js(
        "document.querySelector(\"[data-testid='trend']\").scrollIntoView({block: 'start'})",
        vec![],
    )
    .await;
    let drawn = app
        .js(
            "const svg = document.querySelector('[data-testid=trend-chart]'); \
             return [svg.querySelectorAll('circle').length, !!svg.querySelector('.planline')]",
            vec![],
        )
        .await;
    let core =
        muster::dashboard::dashboard(&app.home.store(), "DEMO", muster::dates::today()).unwrap();
    assert_eq!(drawn, json!([core.trend.len(), true]));
    app.shot("dashboard-trend-desktop").await;
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

#[tokio::test]
async fn first_start_can_create_a_contingent_and_fill_it_from_a_roster() {
    let home = Home::new();
    let csv = home.dir.path().join("roster.csv");
    std::fs::write(
        &csv,
        format!(
            "\u{feff}{ROSTER_HEADER}\nKZ100101;Нұрқасов;Аян;Маратұлы;майор;officer;M;командир роты;Управление роты\n\
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
    app.no_horizontal_scroll("db-error").await;
    app.shot("db-error-phone").await;
    assert_eq!(std::fs::read(app.home.db()).unwrap(), before);
    app.quit().await;
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
    app.no_horizontal_scroll("log asking for the name").await;
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
    app.no_horizontal_scroll("log of a deployed rotation").await;
    app.shot("old-rotation-log-phone-360").await;
    app.visit("dashboard", "dashboard").await;
    app.no_horizontal_scroll("dashboard of a deployed rotation")
        .await;
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
    // "expired" is expired on the day; a certificate still valid that lapses before
    // deployment is "lapses", a filter of its own.
    for st in [
        "complete", "expiring", "lapses", "expired", "failed", "missing",
    ] {
        let lapses = |m: &serde_json::Value| m["lapses_before_deployment"] == json!(true);
        let want = cli["personnel"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|p| {
                p["modules"]
                    .as_object()
                    .unwrap()
                    .values()
                    .any(|m| match st {
                        "lapses" => lapses(m),
                        "expired" => m["status"] == st && !lapses(m),
                        _ => m["status"] == st,
                    })
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
    app.no_horizontal_scroll("dashboard as of").await;
    app.shot("dashboard-on-tour-phone-360").await;
    app.visit("matrix", "matrix").await;
    app.no_horizontal_scroll("matrix as of").await;
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
        app.no_horizontal_scroll("dashboard as of").await;
        app.resize(1280, 800).await;
    }
    app.quit().await;
}
