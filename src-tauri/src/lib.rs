//! The Muster desktop app: a thin Tauri shell. Every command is a few lines over the
//! `muster` core; the screens live in `ui/`. Built generically over the runtime so tests
//! can run the same app on Tauri's mock runtime without a display.

/// The same allocator as the command line: readiness of a large contingent allocates a
/// few strings per person, and mimalloc does that at about half the system's cost.
#[global_allocator]
static ALLOC: mimalloc::MiMalloc = mimalloc::MiMalloc;

#[cfg(test)]
mod bindings;
mod commands;
mod error;
mod gate;
mod keys;
#[cfg(target_os = "linux")]
mod painting;
mod reports;
mod session;
mod settings;
mod sheets;
mod state;
mod sync;

pub use error::AppError;
pub use settings::Settings;
pub use state::AppState;

use tauri::{Builder, Manager, Runtime};

/// The app minus the runtime: commands, plugins and state, shared by `run()` and tests.
pub fn setup<R: Runtime>(builder: Builder<R>) -> Builder<R> {
    builder
        .plugin(tauri_plugin_dialog::init())
        .setup(|app| {
            // The platform's own folders: on a desktop the same as the command line's, on
            // a phone the only ones the app may write.
            let config_dir = app.path().app_config_dir()?;
            let data_dir = muster::paths::data_dir_or(app.path().app_data_dir()?);
            let db = muster::paths::db_in(data_dir.clone());
            let state = AppState::open(db, config_dir, data_dir);
            app.manage(state);
            Ok(())
        })
        .invoke_handler(commands::handler())
}

#[cfg_attr(mobile, tauri::mobile_entry_point)]
pub fn run() {
    muster::huge_pages::disable();
    #[cfg(target_os = "linux")]
    painting::choose();
    setup(Builder::default())
        .run(tauri::generate_context!())
        .expect("error while running Muster");
}
