//! The installed Linux package, as a user meets it: scripts/test-package.sh installs the
//! .deb, makes the user's database with the installed `muster` (init, demo) and runs this
//! test with `--ignored`, then removes the package. The app on PATH opens on its first
//! screen, reads the database the command line made (no `MUSTER_DB`: both find the same
//! per-user file), and shows the same readiness.

use std::path::PathBuf;
use std::process::Command;

use muster_e2e::App;
use serde_json::{json, Value};

/// Where a command is on PATH, as a shell would find it.
fn on_path(name: &str) -> PathBuf {
    let out = Command::new("sh")
        .args(["-c", &format!("command -v {name}")])
        .output()
        .expect("sh");
    let p = String::from_utf8(out.stdout).unwrap().trim().to_string();
    assert!(!p.is_empty(), "{name} is not on PATH");
    PathBuf::from(p)
}

#[tokio::test]
#[ignore = "needs the .deb installed: scripts/test-package.sh runs it"]
async fn the_installed_app_opens_on_its_first_screen_over_the_users_database() {
    let user = PathBuf::from(std::env::var_os("MUSTER_USER_HOME").expect("MUSTER_USER_HOME"));
    let app_bin = on_path("muster-app");
    assert_eq!(app_bin, PathBuf::from("/usr/bin/muster-app"));
    let app = App::start_installed(app_bin, &user).await;

    // First screen: the database the installed command line filled, so the dashboard,
    // though no operator is remembered yet (the name is asked for where a record is made).
    app.tid("dashboard").await;
    assert_eq!(app.c.title().await.unwrap(), "Muster");
    assert_eq!(app.count("[data-testid='welcome']").await, 0);
    app.settled("the installed app's dashboard").await;
    app.shot("installed-first-screen").await;

    // The dashboard of the demo the installed command line loaded, with its figures.
    let cli = Command::new(on_path("muster"))
        .args(["readiness", "DEMO", "--format", "json"])
        .env("XDG_DATA_HOME", user.join("data"))
        .env_remove("MUSTER_DB")
        .output()
        .expect("muster readiness");
    assert!(
        cli.status.success(),
        "{}",
        String::from_utf8_lossy(&cli.stderr)
    );
    let cli: Value = serde_json::from_slice(&cli.stdout).unwrap();
    let summary = &cli["summary"];
    app.until(
        "the dashboard with the command line's figures",
        "const t = (id) => document.querySelector(`[data-testid='${id}']`)?.textContent; \
         return t('personnel') === arguments[0] && t('ready') === arguments[1];",
        vec![
            json!(summary["personnel"].to_string()),
            json!(summary["ready"].to_string()),
        ],
    )
    .await;
    app.shot("installed-dashboard").await;

    // Settings say which Muster this is and which file it keeps.
    app.click("nav-settings").await;
    let version = app.text("version").await;
    assert_eq!(
        version,
        format!(
            "Muster {}, database schema {}",
            muster::VERSION,
            muster::store::db::SCHEMA_VERSION
        )
    );
    assert_eq!(
        app.text("db-path").await,
        user.join("data/org.muster.app/muster.sqlite3")
            .display()
            .to_string()
    );
    app.quit().await;
}
