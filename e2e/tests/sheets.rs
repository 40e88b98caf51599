//! The import screen: a roster with one bad row shows the error and writes nothing;
//! records and templates are written from it.
//! Run under a display: scripts/test-app.sh.

use muster_e2e::demo::ROSTER_HEADER;
use muster_e2e::fantoccini::Locator;
use muster_e2e::{App, Home};
use serde_json::{json, Value};

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
    std::fs::write(&csv, format!("{ROSTER_HEADER}\n{}\n", rows.join("\n"))).unwrap();

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
        format!(
            "{ROSTER_HEADER}\n{}\n",
            rows.join("\n").replace(";X;", ";M;")
        ),
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
        format!(
            "Import #{id} undone: 0 records voided, 3 people taken off the roster. \
             Those taken off: KZ900001, KZ900002, KZ900003; put back by hand anyone a later file lists."
        )
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
    assert_eq!(
        undone.facts.undo_reason.as_deref(),
        Some("wrong platoon file")
    );
    app.resize(1280, 800).await;

    // A workbook whose list is not on the first sheet: the sheet is chosen by name. It
    // came by mail under a CSV file's name; it is read as the workbook it is, and no
    // text encoding is offered for it.
    let fixture =
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/fixtures/roster_ru.xlsx");
    let book = app.home.dir.path().join("roster-mailed.csv");
    std::fs::copy(fixture, &book).unwrap();
    app.type_into("import-path", book.to_str().unwrap()).await;
    let sheet = app.tid("import-sheet").await;
    assert_eq!(
        sheet.prop("value").await.unwrap().as_deref(),
        Some("Личный состав")
    );
    assert_eq!(app.count("[data-testid='import-encoding']").await, 0);
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
        app.home.store().imports().unwrap()[0]
            .facts
            .sheet
            .as_deref(),
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
    app.no_horizontal_scroll("import").await;
    app.center("[data-testid='sheets-out']").await;
    app.shot("sheets-out-phone").await;
    app.quit().await;
}

/// A roster read again shows, before anything is written, whose details it rewrites and
/// warns where a number now carries another name altogether (a mistyped number).
#[tokio::test]
async fn a_roster_preview_lists_the_details_it_changes() {
    let home = Home::new().with_demo();
    let s = home.store();
    let (a, b) = (s.person("KZ200001").unwrap(), s.person("KZ200002").unwrap());
    let csv = home.dir.path().join("roster-again.csv");
    // No patronymic, role or unit columns: those stay as they are.
    std::fs::write(
        &csv,
        format!(
            "service_number;family_name;given_name;rank;category;gender\n\
             {};{};{};подполковник;{};{}\n\
             {};Петров;Иван;{};{};{}\n",
            a.service_number,
            a.family_name,
            a.given_name,
            serde_json::to_value(a.category).unwrap().as_str().unwrap(),
            serde_json::to_value(a.gender).unwrap().as_str().unwrap(),
            b.service_number,
            b.rank,
            serde_json::to_value(b.category).unwrap().as_str().unwrap(),
            serde_json::to_value(b.gender).unwrap().as_str().unwrap(),
        ),
    )
    .unwrap();
    let app = App::start(home).await;
    app.click("nav-import").await;
    app.type_into("import-path", csv.to_str().unwrap()).await;
    app.click("import-check").await;
    let changes = app.text("import-changes").await;
    assert!(
        changes.contains(&a.rank) && changes.contains("подполковник"),
        "{changes}"
    );
    assert!(
        changes.contains("Петров") && changes.contains(&b.family_name),
        "{changes}"
    );
    assert!(
        !changes.contains(&b.unit),
        "a column the file lacks changes nothing: {changes}"
    );
    let warned = app.text("import-warnings").await;
    assert!(warned.contains("if that is another soldier"), "{warned}");
    app.center("[data-testid='import-changes']").await;
    app.shot("import-changes-desktop").await;
    app.resize(390, 844).await;
    app.center("[data-testid='import-changes']").await;
    app.shot("import-changes-phone").await;
    app.click("import-cancel").await;
    let after = app.home.store().person(&b.service_number).unwrap();
    assert_eq!(after, b, "a preview writes nothing");
}
