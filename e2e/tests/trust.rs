//! Trust in the window: records changed outside Muster open the app on a page that says
//! what was found and offers nothing that writes; a copy on read-only media opens
//! read-only, says so, and shows no way to change it.

use muster_e2e::{App, Home};

/// Rewrites one failed record as a pass behind Muster's back (a dropped trigger, then
/// plain SQL); returns (record id, service number, module).
fn forge_a_pass(home: &Home) -> (String, String, String) {
    let c = rusqlite::Connection::open(home.db()).unwrap();
    let (id, sn, module): (String, String, String) = c
        .query_row(
            "SELECT a.id, p.service_number, m.code FROM attempt a
             JOIN person p ON p.id = a.person_id JOIN module m ON m.id = a.module_id
             WHERE a.result = 'fail' ORDER BY a.seq LIMIT 1",
            [],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
        )
        .unwrap();
    c.execute_batch(&format!(
        "DROP TRIGGER attempt_append_only_u;
         UPDATE attempt SET result = 'pass', score = 95 WHERE id = '{id}';"
    ))
    .unwrap();
    (id, sn, module)
}

#[tokio::test]
async fn records_changed_outside_muster_open_on_a_page_that_says_what_was_found() {
    let home = Home::new().with_demo();
    let (id, sn, module) = forge_a_pass(&home);
    let before = std::fs::read(home.db()).unwrap();
    let app = App::start(home).await;
    let page = app.text("db-error").await;
    assert!(
        page.contains("The records were changed outside Muster"),
        "{page}"
    );
    let findings = app
        .js(
            "return [...document.querySelectorAll('[data-testid=findings] li')].map(li => li.textContent)",
            vec![],
        )
        .await;
    assert_eq!(
        findings,
        serde_json::json!([
            "training record: protective trigger attempt_append_only_u is missing",
            format!("training record {id} ({sn}, {module}): changed after it was recorded"),
        ])
    );
    assert_eq!(
        app.count("[data-testid^='nav-']").await,
        0,
        "no way into the screens"
    );
    assert_eq!(
        app.count("button").await,
        0,
        "nothing to press that could write"
    );
    app.shot("tampered").await;
    app.resize(360, 640).await;
    app.no_horizontal_scroll("tampered").await;
    app.shot("tampered-phone").await;
    assert_eq!(
        std::fs::read(app.home.db()).unwrap(),
        before,
        "the file stays as it was found"
    );
    app.quit().await;
}

/// Makes a folder and the files in it unwritable, even for root (`chattr +i` on Linux
/// file systems that have it, else permissions), and undoes it when dropped.
struct ReadOnlyMedia(std::path::PathBuf);

impl ReadOnlyMedia {
    fn lock(dir: &std::path::Path) -> ReadOnlyMedia {
        let files: Vec<_> = std::fs::read_dir(dir)
            .unwrap()
            .map(|e| e.unwrap().path())
            .collect();
        let ok = std::process::Command::new("chattr")
            .arg("+i")
            .args(&files)
            .arg(dir)
            .status()
            .is_ok_and(|s| s.success());
        if !ok {
            use std::os::unix::fs::PermissionsExt;
            for f in &files {
                std::fs::set_permissions(f, std::fs::Permissions::from_mode(0o444)).unwrap();
            }
            std::fs::set_permissions(dir, std::fs::Permissions::from_mode(0o555)).unwrap();
        }
        ReadOnlyMedia(dir.to_path_buf())
    }
}

impl Drop for ReadOnlyMedia {
    fn drop(&mut self) {
        let files: Vec<_> = std::fs::read_dir(&self.0)
            .map(|d| d.map(|e| e.unwrap().path()).collect())
            .unwrap_or_default();
        let _ = std::process::Command::new("chattr")
            .arg("-i")
            .arg(&self.0)
            .args(&files)
            .status();
        use std::os::unix::fs::PermissionsExt;
        let _ = std::fs::set_permissions(&self.0, std::fs::Permissions::from_mode(0o755));
    }
}

#[tokio::test]
async fn a_copy_on_read_only_media_opens_read_only_and_offers_nothing_that_writes() {
    let home = Home::new().with_demo();
    let cli = home.cli(&["readiness", "DEMO", "--format", "json"]);
    let ready: serde_json::Value = serde_json::from_str(&cli).unwrap();
    let sn = ready["personnel"][0]["service_number"]
        .as_str()
        .unwrap()
        .to_string();
    let db = home.db();
    let before = std::fs::read(&db).unwrap();
    let _media = ReadOnlyMedia::lock(db.parent().unwrap());
    let app = App::start(home).await;
    assert_eq!(app.text("read-only").await, "Read-only copy");
    app.tid("dashboard").await;
    assert_eq!(
        app.dom_text("ready").await,
        ready["summary"]["ready"].to_string()
    );
    for screen in ["nav-log", "nav-import"] {
        assert_eq!(
            app.count(&format!("[data-testid='{screen}']")).await,
            0,
            "{screen}"
        );
    }
    app.shot("read-only").await;
    app.open_person(&sn).await;
    for control in ["edit-person", "amend", "void", "roster-take-off"] {
        assert_eq!(
            app.count(&format!("[data-testid='{control}']")).await,
            0,
            "{control} is offered"
        );
    }
    app.click("nav-curriculum").await;
    app.tid("curriculum").await;
    assert_eq!(app.count("[data-testid^='edit-']").await, 0);
    assert_eq!(app.count("[data-testid='m-add']").await, 0);
    app.click("nav-reports").await;
    app.tid("reports").await;
    app.el("[data-testid^='decisions']").await;
    assert_eq!(
        app.count("[data-testid='validate-card']").await,
        0,
        "no sign-off"
    );
    app.click("nav-settings").await;
    app.tid("backup").await;
    assert_eq!(app.count("[data-testid='new-contingent']").await, 0);
    app.resize(360, 640).await;
    app.click("nav-dashboard").await;
    app.no_horizontal_scroll("read-only dashboard").await;
    app.shot("read-only-phone").await;
    app.quit().await;
    assert_eq!(
        std::fs::read(&db).unwrap(),
        before,
        "the copy was not changed"
    );
}
