//! Shared by the IPC tests: the app started on the mock runtime, and one command call
//! through Tauri's real IPC.

use std::path::Path;

use serde_json::Value;
use tauri::ipc::{CallbackFn, InvokeBody};
use tauri::test::{get_ipc_response, mock_builder, MockRuntime, INVOKE_KEY};
use tauri::webview::InvokeRequest;
use tauri::Manager;

/// The app with its database, settings and home in `dir`, after its first turn of the
/// event loop (which runs setup: state, and the window from the config; run_return would
/// block until the app exits). Keep the app alive while using the window.
pub fn start(dir: &Path) -> (tauri::App<MockRuntime>, tauri::WebviewWindow<MockRuntime>) {
    // The paths are read from the environment during setup: tests in one binary run in
    // parallel, so one app starts at a time.
    static STARTING: std::sync::Mutex<()> = std::sync::Mutex::new(());
    let _one = STARTING.lock().unwrap_or_else(|p| p.into_inner());
    std::env::set_var("MUSTER_DB", dir.join("m.sqlite3"));
    std::env::set_var("MUSTER_DATA_DIR", dir.join("app-data"));
    std::env::set_var("XDG_CONFIG_HOME", dir.join("config"));
    std::env::set_var("HOME", dir);
    let mut app = muster_app::setup(mock_builder())
        .build(tauri::generate_context!())
        .unwrap();
    #[allow(deprecated)]
    app.run_iteration(|_, _| {});
    let w = app.get_webview_window("main").expect("main window");
    (app, w)
}

/// Calls `cmd` with `args` as the UI would; Ok is the command's answer, Err its typed error.
pub fn invoke(
    w: &tauri::WebviewWindow<MockRuntime>,
    cmd: &str,
    args: Value,
) -> Result<Value, Value> {
    get_ipc_response(
        w,
        InvokeRequest {
            cmd: cmd.into(),
            callback: CallbackFn(0),
            error: CallbackFn(1),
            url: "tauri://localhost".parse().unwrap(),
            body: InvokeBody::Json(args),
            headers: Default::default(),
            invoke_key: INVOKE_KEY.to_string(),
        },
    )
    .map(|b| b.deserialize::<Value>().unwrap())
}

/// The operator «капитан Омаров» working in `language`, with the demo contingent loaded.
pub fn with_demo(w: &tauri::WebviewWindow<MockRuntime>, language: &str) {
    let s = serde_json::json!({"settings": {"operator": "капитан Омаров", "language": language,
        "contingent": null}});
    invoke(w, "save_settings", s).unwrap();
    invoke(w, "load_demo", serde_json::json!({})).unwrap();
}

/// Everyone's readiness in a contingent today, as the matrix screen asks for it: its
/// pages under no filter, joined. (Not every test file that shares this module uses it.)
#[allow(dead_code)]
pub fn everyone(w: &tauri::WebviewWindow<MockRuntime>, code: &str) -> Vec<Value> {
    let mut rows: Vec<Value> = Vec::new();
    loop {
        let p = invoke(
            w,
            "matrix_page",
            serde_json::json!({"code": code, "asOf": null, "offset": rows.len(), "limit": 1000,
                "filter": {"unit": "", "category": null, "status": null, "module": "", "query": ""}}),
        )
        .unwrap();
        let page = p["rows"].as_array().unwrap();
        rows.extend(page.iter().cloned());
        if page.is_empty() || rows.len() as u64 >= p["total"].as_u64().unwrap() {
            return rows;
        }
    }
}
