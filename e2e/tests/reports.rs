//! Reports and sign-off: a report shown, saved, validated and flagged when a record changes
//! after validation; a signed report checked, a tampered one refused, a key trusted.
//! Run under a display: scripts/test-app.sh.

use muster_e2e::dates::dmy;
use muster_e2e::demo::readiness;
use muster_e2e::{App, Home};
use serde_json::json;

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
    app.open_person(&sn).await;
    app.amend_score(&rec.id, "51", "score misread after sign-off")
        .await;

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
    assert!(
        listed.contains(" change since") || listed.contains(" changes since"),
        "{listed}"
    );
    // The signed PDF, checked again, now lists the change with the soldier.
    let result = check_signed().await;
    assert_ne!(
        result.attr("data-changes").await.unwrap().as_deref(),
        Some("0")
    );
    assert!(result.text().await.unwrap().contains(&sn), "names {sn}");
    app.center("[data-testid='check-result']").await;
    app.shot("reports-check-file").await;
    // The working copy saved before the decision is exactly as issued (no error), but
    // carries no report to compare the records with, and says so.
    app.type_into("check-path", pdf.to_str().unwrap()).await;
    app.center("[data-testid='check-run']")
        .await
        .click()
        .await
        .unwrap();
    app.tid("check-other-db").await;
    assert!(
        app.text("check-other-db")
            .await
            .contains("as a working copy"),
        "the working copy is explained"
    );
    assert!(app.text("check-exact").await.contains("PDF"));

    // Phone width: usable, no horizontal page scroll.
    app.resize(390, 844).await;
    app.no_horizontal_scroll("reports").await;
    app.shot("reports-phone").await;
    app.js(
        "document.querySelector('[data-testid=report]').scrollIntoView()",
        vec![],
    )
    .await;
    app.shot("reports-phone-report").await;
    app.click("nav-dashboard").await;
    app.tid("changed-since").await;
    app.no_horizontal_scroll("dashboard with the badge").await;
    app.shot("dashboard-changed-since-phone").await;
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
    app.no_horizontal_scroll("reports with a check result")
        .await;
    app.center("[data-testid='check-result']").await;
    app.shot("reports-check-phone").await;
    app.click("nav-settings").await;
    app.tid("signing-key").await;
    app.no_horizontal_scroll("settings with the key").await;
    app.center("[data-testid='signing-key']").await;
    app.shot("settings-signing-key-phone").await;
    app.quit().await;
}
