//! The installation's signing key as Settings shows it, and other installations' keys known
//! by name (from "Check a report file"). A few lines each over `muster::signing` and the
//! store, the same calls `muster key` makes.

use muster::store::TrustedKey;
use serde::Serialize;
use tauri::State;

use crate::error::AppResult;
use crate::state::AppState;

/// This installation's key: what Settings shows and what every saved report prints.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct KeyInfo {
    /// `3F2A 9C01 77DE 5B40`.
    pub fingerprint: String,
    pub name: String,
    /// False while the key has only the name every new installation gets: receivers of
    /// its bundles could not tell whose they are.
    pub named: bool,
    /// Where the key file is.
    pub path: String,
}

fn info(k: &muster::signing::InstallationKey) -> KeyInfo {
    KeyInfo {
        fingerprint: k.fingerprint().short(),
        name: k.name().to_string(),
        named: k.name() != muster::signing::key::UNNAMED,
        path: k.path.display().to_string(),
    }
}

/// The installation's key, made on first use.
#[tauri::command(async)]
pub fn signing_key(state: State<'_, AppState>) -> AppResult<KeyInfo> {
    Ok(info(&state.key()?))
}

/// Names the installation's key ("KAZBAT-4 training office").
#[tauri::command(async)]
pub fn name_signing_key(state: State<'_, AppState>, name: String) -> AppResult<KeyInfo> {
    // Naming the key writes nothing to the database: it only reads the names known there.
    Ok(info(&muster::key_names::rename_own(
        &*state.store()?,
        &state.key_dir,
        &name,
    )?))
}

/// Knows another installation's key by a name from now on; the operator is the name in
/// Settings.
#[tauri::command(async)]
pub fn trust_key(
    state: State<'_, AppState>,
    fingerprint: String,
    name: String,
) -> AppResult<TrustedKey> {
    let by = state.operator()?;
    let own = state.key()?;
    Ok(muster::key_names::trust(
        &mut *state.writer()?,
        Some(&own),
        &fingerprint,
        &name,
        &by,
    )?)
}
