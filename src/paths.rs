//! Where the database lives when nobody says: the per-user app-data folder, the same file
//! the desktop app opens, so the CLI and the app see the same records.

use std::path::PathBuf;

/// The desktop app's bundle identifier; Tauri's app-data dir is named after it.
pub const APP_IDENTIFIER: &str = "org.muster.app";

pub const DB_FILE: &str = "muster.sqlite3";

/// `MUSTER_DB` if set, else `<app-data dir>/muster.sqlite3`.
pub fn default_db() -> PathBuf {
    db_in(app_data_dir())
}

/// `MUSTER_DB` if set, else the database file in `app_data_dir`. The desktop app passes
/// the folder its platform gives it (on a phone there is no other); on a desktop that is
/// the same folder as `app_data_dir()`, so both front ends open the same file.
pub fn db_in(app_data_dir: PathBuf) -> PathBuf {
    match std::env::var_os("MUSTER_DB").filter(|p| !p.is_empty()) {
        Some(p) => PathBuf::from(p),
        None => app_data_dir.join(DB_FILE),
    }
}

/// The per-user app-data folder, for the default database and the installation's signing
/// key: `~/.local/share/org.muster.app` on Linux (or under `$XDG_DATA_HOME`),
/// `%APPDATA%\org.muster.app` on Windows, `~/Library/Application Support/org.muster.app`
/// on macOS. `MUSTER_DATA_DIR` puts it elsewhere (tests use a temporary folder).
pub fn app_data_dir() -> PathBuf {
    data_dir_or(
        dirs::data_dir()
            .unwrap_or_else(|| PathBuf::from("."))
            .join(APP_IDENTIFIER),
    )
}

/// `MUSTER_DATA_DIR` if set, else the folder the platform gives (the desktop app passes
/// Tauri's, the command line its own, the same on a desktop).
pub fn data_dir_or(platform: PathBuf) -> PathBuf {
    match std::env::var_os("MUSTER_DATA_DIR").filter(|p| !p.is_empty()) {
        Some(p) => PathBuf::from(p),
        None => platform,
    }
}
