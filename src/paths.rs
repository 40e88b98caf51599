//! Where the database lives when nobody says: the per-user app-data folder, the same file
//! the desktop app opens, so the CLI and the app see the same records.

use std::path::PathBuf;

/// The desktop app's bundle identifier; Tauri's app-data dir is named after it.
pub const APP_IDENTIFIER: &str = "org.muster.app";

pub const DB_FILE: &str = "muster.sqlite3";

/// `MUSTER_DB` if set, else `<app-data dir>/muster.sqlite3`.
pub fn default_db() -> PathBuf {
    if let Some(p) = std::env::var_os("MUSTER_DB").filter(|p| !p.is_empty()) {
        return PathBuf::from(p);
    }
    app_data_dir().join(DB_FILE)
}

/// The per-user app-data folder: the default database and the installation's signing key.
/// `MUSTER_DATA_DIR` puts it elsewhere (tests use a temporary folder, never the real home).
pub fn app_data_dir() -> PathBuf {
    if let Some(p) = std::env::var_os("MUSTER_DATA_DIR").filter(|p| !p.is_empty()) {
        return PathBuf::from(p);
    }
    dirs::data_dir()
        .unwrap_or_else(|| PathBuf::from("."))
        .join(APP_IDENTIFIER)
}
