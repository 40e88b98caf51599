//! What the app takes from the platform and from the one place each thing is written,
//! rather than assuming Linux or repeating a value: the database in the platform's
//! app-data folder (on a desktop the very file the command line opens by default), the
//! identifier that names that folder, and the version and schema Settings show.

// Only `invoke`: this test starts the app without the shared set-up's MUSTER_DB.
#[allow(dead_code)]
mod common;

use serde_json::json;
use tauri::test::mock_builder;
use tauri::Manager;

#[test]
fn the_app_opens_the_command_lines_file_and_says_its_version() {
    // Its own test binary: the environment is this test's alone.
    let dir = tempfile::tempdir().unwrap();
    std::env::remove_var("MUSTER_DB");
    std::env::set_var("HOME", dir.path());
    std::env::set_var("XDG_DATA_HOME", dir.path().join("data"));
    std::env::set_var("XDG_CONFIG_HOME", dir.path().join("config"));
    let mut app = muster_app::setup(mock_builder())
        .build(tauri::generate_context!())
        .unwrap();
    #[allow(deprecated)]
    app.run_iteration(|_, _| {});
    let w = app.get_webview_window("main").expect("main window");

    // The identifier in tauri.conf.json is the folder name the core uses.
    assert_eq!(app.config().identifier, muster::paths::APP_IDENTIFIER);
    let data = app.path().app_data_dir().unwrap();
    assert_eq!(data, muster::paths::app_data_dir());

    let info = common::invoke(&w, "app_info", json!({})).unwrap();
    let db = dir.path().join("data/org.muster.app/muster.sqlite3");
    assert_eq!(info["db_path"], db.display().to_string());
    assert_eq!(
        muster::paths::default_db(),
        db,
        "the command line's default"
    );
    assert!(db.exists(), "the app made its database there");
    assert!(info["db_error"].is_null(), "{info}");

    // One version: the workspace's, which Tauri (and so every installer) reads too.
    assert_eq!(info["version"], muster::VERSION);
    assert_eq!(app.package_info().version.to_string(), muster::VERSION);
    assert_eq!(info["schema_version"], muster::store::db::SCHEMA_VERSION);
    let conf: serde_json::Value = serde_json::from_str(include_str!("../tauri.conf.json")).unwrap();
    assert!(
        conf.get("version").is_none(),
        "tauri.conf.json names no version of its own: Cargo.toml's is the one"
    );
}
