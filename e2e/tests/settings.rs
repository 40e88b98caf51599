//! Settings and the curriculum: the language is remembered and dates read as it writes
//! them, a backup opens; a module's validity changed and a module retired reach the core.
//! Run under a display: scripts/test-app.sh.

use muster_e2e::demo::ROSTER_HEADER;
use muster_e2e::{App, Home};

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
        format!("{ROSTER_HEADER}\nKZ900002;Смирнов;Иван;;рядовой;солдат;X;стрелок;4 взвод\n"),
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
    // A reason is required, and the refusal says so.
    assert_eq!(
        app.text_of("[data-testid='curriculum'] [role='alert']")
            .await,
        "Give a reason."
    );
    app.type_into("m-reason", "merged into KINPOT").await;
    app.click("m-retire").await;
    app.until(
        "the retired module",
        "return document.querySelector(\"tr[data-module='POC']\")?.classList.contains('retired')",
        vec![],
    )
    .await;
    assert!(app.home.store().module("POC").unwrap().retired);
    // Retired by mistake: brought back, with a reason.
    app.click("restore-POC").await;
    app.type_into("restore-reason-POC", "retired by mistake")
        .await;
    app.click("restore-do-POC").await;
    app.until(
        "the module back",
        "return !document.querySelector(\"tr[data-module='POC']\")?.classList.contains('retired')",
        vec![],
    )
    .await;
    assert!(!app.home.store().module("POC").unwrap().retired);
    app.quit().await;
}

/// A deployment that slipped: the contingent's dates corrected in Settings reach the core,
/// the page says what changed, and a date before training start is refused in words.
#[tokio::test]
async fn a_contingents_dates_are_corrected_in_settings() {
    let app = App::start(Home::new().with_demo()).await;
    let was = app.home.store().contingent("DEMO").unwrap();
    app.click("nav-settings").await;
    app.click("edit-contingent").await;
    app.type_into("c-deploy", "01.01.2020").await;
    app.click("c-save").await;
    app.until(
        "the refusal",
        "return document.querySelector(\"[data-testid='contingent-edit-form'] [role='alert']\")?.textContent.includes('before')",
        vec![],
    )
    .await;
    assert_eq!(app.home.store().contingent("DEMO").unwrap(), was);
    let later = was.deploy_on + chrono::Duration::days(14);
    app.type_into("c-deploy", &later.format("%d.%m.%Y").to_string())
        .await;
    app.type_into("c-tour", "12").await;
    app.click("c-save").await;
    let said = app.text("contingent-edited").await;
    assert!(said.contains("→"), "{said}");
    app.shot("settings-contingent-edited").await;
    let now = app.home.store().contingent("DEMO").unwrap();
    assert_eq!((now.deploy_on, now.tour_months), (later, 12));
    // The activity log on the same screen reads the change at once, without leaving it.
    app.until(
        "the change in the activity log",
        "return document.querySelector(\"[data-testid='activity'] li[data-action='contingent_changed']\") !== null",
        vec![],
    )
    .await;
    app.quit().await;
}
