//! Every word in the user's language: every screen of the real window, walked in Russian
//! and in Kazakh, shows no English word of its own. What may stay in Latin letters is
//! listed below, and kept small: the product's name, file formats and keys, and data the
//! user typed (the demo's mission, units, codes; service numbers and file names carry digits
//! or dots and are not words). Module titles are the curriculum's, shown in the language.
//! Run under a display: scripts/test-app.sh.

use std::collections::BTreeSet;
use std::process::Command;

use muster_e2e::{cli_binary, App, Home};
use serde_json::json;

/// Latin words the app's own text may hold in any language.
const PRODUCT: &[&str] = &[
    "Muster", "muster", "check", "verify", // the product and commands typed as they are
    "CSV", "Excel", "ODS", "PDF", "HTML", "JSON", "XLSX", "SHA", // file formats, the hash
    "Tab", "Ctrl", "Enter",   // keys
    "English", // the language picker names each language in itself
];

/// Latin words the demo's records hold (typed by its makers: data, not the UI's words).
const DEMO_DATA: &[&str] = &[
    "DEMO", "UNIFIL", "INDBATT", "KAZCENT", "HQ", "Capt", "Mehta", "demo",
];

/// The Latin-letter words the window shows now: its rendered text, the options of its
/// lists, and the words it gives on hover or to a screen reader.
async fn latin_words(app: &App) -> BTreeSet<String> {
    let v = app
        .js(
            "const parts = [document.body.innerText];
             for (const o of document.querySelectorAll('option')) parts.push(o.textContent);
             for (const e of document.querySelectorAll('[title],[aria-label],[alt]'))
               for (const a of ['title', 'aria-label', 'alt'])
                 if (e.getAttribute(a)) parts.push(e.getAttribute(a));
             // A placeholder shows only in an empty field.
             for (const e of document.querySelectorAll('[placeholder]'))
               if (!e.value) parts.push(e.getAttribute('placeholder'));
             for (const t of document.querySelectorAll('svg title, svg text')) parts.push(t.textContent);
             return parts.join('\\n');",
            vec![],
        )
        .await;
    let text = v.as_str().unwrap_or_default().to_string();
    // The module codes, where the database opens (not one from a newer Muster).
    let codes: Vec<String> = muster::Store::open(&app.home.db())
        .and_then(|s| s.modules(true))
        .map(|ms| ms.into_iter().map(|m| m.code).collect())
        .unwrap_or_default();
    text.split(|c: char| !(c.is_alphanumeric() || c == '.' || c == '_' || c == '-' || c == '/'))
        .filter(|w| !w.is_empty())
        // Service numbers, dates, ids and file names carry digits, dots or slashes.
        .filter(|w| w.chars().all(|c| c.is_ascii_alphabetic() || c == '-'))
        .flat_map(|w| w.split('-').map(str::to_string).collect::<Vec<_>>())
        .filter(|w| w.len() >= 2 && w.chars().all(|c| c.is_ascii_alphabetic()))
        // A group of a key's fingerprint that happens to hold no digit ("BEEF"), and a
        // record's short id that happens to hold none ("…caabcbda": 8 lower-case hex digits).
        .filter(|w| !(w.len() >= 4 && w.chars().all(|c| matches!(c, 'A'..='F'))))
        .filter(|w| !(w.len() == 8 && w.chars().all(|c| matches!(c, 'a'..='f'))))
        .filter(|w| !PRODUCT.contains(&w.as_str()) && !DEMO_DATA.contains(&w.as_str()))
        .filter(|w| !codes.contains(w))
        .collect()
}

/// Waits for a screen, then fails naming every English word on it.
async fn no_english(app: &App, lang: &str, screen: &str, found: &mut Vec<String>) {
    // Screens load their data after they appear: wait until nothing says "loading".
    app.until(
        "the screen to load",
        "return ![...document.querySelectorAll('p.muted')].some(e => /^\\S+…$/.test(e.textContent.trim()))",
        vec![],
    )
    .await;
    let words = latin_words(app).await;
    if !words.is_empty() {
        found.push(format!("{lang} {screen}: {words:?}"));
    }
    app.shot(&format!("words-{screen}-{lang}")).await;
}

/// Something recorded by the command line with nobody named ("unknown operator"), so the
/// activity log has a stand-in name to show.
fn change_without_operator(home: &Home) {
    let out = Command::new(cli_binary())
        .args(["curriculum", "set", "SEA", "--validity-months", "24"])
        .env("MUSTER_DB", home.db())
        .env("MUSTER_DATA_DIR", home.data_dir())
        .env_remove("MUSTER_OPERATOR")
        .env_remove("USER")
        .output()
        .expect("run muster");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let log = home.store().audit_log(Some("SEA"), 1).unwrap();
    assert_eq!(log[0].actor, "unknown operator");
}

/// The report the window shows heads its module table with each status as the glossary
/// words it, capitalised (the report's rule of position): the same word as the dashboard.
/// Looked at on a phone's width too.
async fn report_names_statuses_as_the_glossary(app: &App, lang: muster::domain::Lang) {
    let heads = muster::glossary::headings(lang);
    let words: Vec<&str> = muster::rules::Status::ALL
        .iter()
        .map(|s| heads.status(*s))
        .collect();
    app.until(
        "the report's module table to head every status as the glossary does",
        "const heads = [...document.querySelectorAll('.report th')].map(th => th.textContent);
         return arguments[0].every(w => heads.some(h => h.includes(w)));",
        vec![json!(words)],
    )
    .await;
    app.resize(360, 740).await;
    app.js(
        // At this width the table stacks: each cell carries its column's title.
        "[...document.querySelectorAll('.report td[data-label]')].find(td => td.dataset.label.includes(arguments[0])).closest('tr').scrollIntoView({block: 'start'})",
        vec![json!(heads.expired)],
    )
    .await;
    app.shot(&format!("words-report-statuses-{}-360", lang.code()))
        .await;
    app.resize(1280, 800).await;
}

async fn walk(lang: &str, found: &mut Vec<String>) {
    let home = Home::new().with_demo();
    change_without_operator(&home);
    std::fs::write(
        home.config_dir().join("settings.json"),
        json!({"operator": "капитан Тестов", "language": lang, "contingent": "DEMO"}).to_string(),
    )
    .unwrap();
    let app = App::start(home).await;
    app.tid("dashboard").await;
    no_english(&app, lang, "dashboard", found).await;
    // One word for a status: the dashboard's legend says "expired" as the core's glossary
    // does, inside a sentence (lower case).
    let l: muster::domain::Lang = lang.parse().unwrap();
    let expired = muster::glossary::glossary(l).expired;
    app.until(
        "the dashboard to name expired as the glossary does",
        "return document.querySelector(\"[data-testid='dashboard']\").innerText.includes(arguments[0])",
        vec![json!(expired)],
    )
    .await;

    app.click("nav-matrix").await;
    app.el("[data-testid='matrix'] tr[data-sn]").await;
    no_english(&app, lang, "matrix", found).await;
    let name = app.el("tr[data-sn] button.name").await;
    muster_e2e::retry("click", || name.click()).await.unwrap();
    app.tid("history").await;
    no_english(&app, lang, "person", found).await;

    for (screen, id) in [
        ("log", "log-session"),
        ("import", "import"),
        ("reports", "report"),
        ("sync", "sync"),
        ("settings", "settings"),
    ] {
        app.click(&format!("nav-{screen}")).await;
        app.tid(id).await;
        if screen == "settings" {
            // The activity log names the change nobody signed in the user's language.
            let stand_in = if lang == "ru" {
                "оператор не указан"
            } else {
                "оператор көрсетілмеген"
            };
            app.until(
                "the activity log",
                "return document.body.innerText.includes(arguments[0])",
                vec![json!(stand_in)],
            )
            .await;
        }
        no_english(&app, lang, screen, found).await;
        if screen == "reports" {
            report_names_statuses_as_the_glossary(&app, l).await;
        }
    }
    app.click("nav-curriculum").await;
    app.tid("curriculum").await;
    // The default curriculum's titles read in the language.
    let row = app.el("tr[data-module='ROE']").await;
    let roe = muster_e2e::retry("text", || row.text()).await.unwrap();
    let want = if lang == "ru" {
        "Правила применения силы"
    } else {
        "Күш қолдану ережелері"
    };
    assert!(roe.contains(want), "{lang}: {roe}");
    no_english(&app, lang, "curriculum", found).await;
    app.click("edit-ROE").await;
    app.tid("m-title-kk").await;
    no_english(&app, lang, "curriculum-edit", found).await;
    app.quit().await;
}

#[tokio::test]
async fn every_screen_speaks_russian_and_kazakh_only() {
    let mut found = Vec::new();
    for lang in ["ru", "kk"] {
        walk(lang, &mut found).await;
    }
    assert!(
        found.is_empty(),
        "English left on screen:\n{}",
        found.join("\n")
    );
}

#[tokio::test]
async fn a_module_title_is_edited_in_three_languages_and_the_report_uses_the_chosen_one() {
    let app = App::start(Home::new().with_demo()).await;
    app.click("nav-curriculum").await;
    app.click("edit-CULT").await;
    app.type_into("m-title", "Cultural awareness: Lebanon")
        .await;
    app.type_into("m-title-ru", "Культурные особенности Ливана")
        .await;
    app.type_into("m-title-kk", "Ливанның мәдени ерекшеліктері")
        .await;
    app.click("m-save").await;
    app.until(
        "the saved module",
        "return document.querySelector(\"tr[data-module='CULT']\")?.textContent.includes('Lebanon')",
        vec![],
    )
    .await;
    let m = app.home.store().module("CULT").unwrap();
    assert_eq!(
        (
            m.title.as_str(),
            m.title_ru.as_deref(),
            m.title_kk.as_deref()
        ),
        (
            "Cultural awareness: Lebanon",
            Some("Культурные особенности Ливана"),
            Some("Ливанның мәдени ерекшеліктері")
        )
    );
    // The report on screen, in Kazakh on request: the module's Kazakh title.
    app.click("nav-reports").await;
    app.tid("report").await;
    app.tid("report-lang")
        .await
        .select_by_value("kk")
        .await
        .unwrap();
    app.click("report-show").await;
    app.until(
        "the Kazakh title in the report",
        "return document.querySelector(\"[data-testid='report']\")?.textContent.includes('Ливанның мәдени ерекшеліктері')",
        vec![],
    )
    .await;
    // Emptied, the Kazakh title falls back to the title as typed.
    app.click("nav-curriculum").await;
    app.click("edit-CULT").await;
    app.type_into("m-title-kk", " ").await;
    app.click("m-save").await;
    app.until(
        "the module saved again",
        "return !document.querySelector(\"[data-testid='m-save']\")",
        vec![],
    )
    .await;
    assert_eq!(app.home.store().module("CULT").unwrap().title_kk, None);
    app.quit().await;
}

/// The screens before the records: the welcome with its new-contingent form, and the
/// explanation of a database the app cannot open.
#[tokio::test]
async fn the_welcome_and_a_database_it_cannot_open_speak_russian_and_kazakh_only() {
    let mut found = Vec::new();
    for lang in ["ru", "kk"] {
        let home = Home::new();
        std::fs::create_dir_all(home.config_dir()).unwrap();
        std::fs::write(
            home.config_dir().join("settings.json"),
            json!({"operator": "", "language": lang, "contingent": null}).to_string(),
        )
        .unwrap();
        let app = App::start(home).await;
        app.tid("welcome").await;
        no_english(&app, lang, "welcome", &mut found).await;
        app.type_into("operator", "капитан Тестов").await;
        app.click("create-contingent").await;
        app.tid("contingent-form").await;
        no_english(&app, lang, "welcome-contingent", &mut found).await;
        app.quit().await;

        let home = Home::new();
        std::fs::create_dir_all(home.db().parent().unwrap()).unwrap();
        rusqlite::Connection::open(home.db())
            .unwrap()
            .execute_batch(
                "CREATE TABLE future (x); PRAGMA user_version = 99; PRAGMA application_id = 1297437524;",
            )
            .unwrap();
        std::fs::create_dir_all(home.config_dir()).unwrap();
        std::fs::write(
            home.config_dir().join("settings.json"),
            json!({"operator": "капитан Тестов", "language": lang, "contingent": null}).to_string(),
        )
        .unwrap();
        let app = App::start(home).await;
        app.tid("db-error-text").await;
        no_english(&app, lang, "db-error", &mut found).await;
        app.quit().await;
    }
    assert!(
        found.is_empty(),
        "English left on screen:\n{}",
        found.join("\n")
    );
}
