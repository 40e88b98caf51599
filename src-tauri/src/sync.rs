//! The Sync screen's commands: bundles of records carried between laptops on a USB stick
//! (docs/sync.md). The same calls `muster sync` makes: make a bundle, preview one (a dry
//! run of the very merge), receive it, list the installations heard from.

use std::path::Path;

use std::collections::HashMap;

use muster::store::Peer;
use muster::sync::{self, Conflict, Counts, ImportOptions, ImportReport, Sender};
use serde::Serialize;
use tauri::State;

use crate::error::AppResult;
use crate::reports::save_path;
use crate::state::AppState;

/// A bundle written: where, what it carries and who signed it.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct BundleWritten {
    pub path: String,
    pub counts: Counts,
    pub sender: Sender,
    /// The laptop it was made for (its name), when made for one.
    pub peer: Option<String>,
    /// Made for a laptop that acknowledged earlier bundles: it carries only what came since.
    pub partial: bool,
}

/// Writes a bundle to the file the user chose (`.muster` added when the name has no
/// extension), signed with this installation's key: every record, or with `peer` (a
/// laptop heard from, by fingerprint) what that laptop has not acknowledged.
#[tauri::command(async)]
pub fn sync_export(
    state: State<'_, AppState>,
    path: String,
    peer: Option<String>,
) -> AppResult<BundleWritten> {
    let out = save_path(&path, &[sync::EXTENSION])?;
    let key = state.key()?;
    let store = state.writer()?;
    let e = sync::export_to(&store, &key, &out, peer.as_deref())?;
    Ok(BundleWritten {
        path: out.display().to_string(),
        partial: e.header.since.is_some(),
        counts: e.header.counts,
        sender: e.header.sender,
        peer: e.peer,
    })
}

/// What receiving the bundle would do, with its sender; nothing is written. An unknown
/// sender is shown (its fingerprint, to compare), not refused.
#[tauri::command(async)]
pub fn sync_preview(state: State<'_, AppState>, path: String) -> AppResult<ImportReport> {
    let by = state.operator().unwrap_or_else(|_| "Muster app".into());
    receive(&state, &path, true, None, &by)
}

/// Receives the bundle whole or not at all. `trust` names a sender this installation has
/// not received from before, once the user has compared its fingerprint.
#[tauri::command(async)]
pub fn sync_receive(
    state: State<'_, AppState>,
    path: String,
    trust: Option<String>,
) -> AppResult<ImportReport> {
    let by = state.operator()?;
    receive(&state, &path, false, trust.as_deref(), &by)
}

/// The installations this one has received bundles from, the latest first.
#[tauri::command(async)]
pub fn sync_peers(state: State<'_, AppState>) -> AppResult<Vec<Peer>> {
    let store = state.store()?;
    Ok(sync::peers(&store)?)
}

/// Records corrected and details edited differently on two laptops, and service numbers
/// that look alike, to settle, with the laptops they came from named as this one knows them.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct ConflictsView {
    pub conflicts: Vec<Conflict>,
    /// Details (a person's, a contingent's, a module's) edited differently on two laptops.
    pub details: Vec<sync::DetailConflict>,
    /// People whose service numbers look alike, received from two laptops: to check
    /// whether they are one soldier.
    pub numbers: Vec<sync::LookAlike>,
    /// Numbers merged into another that hold records or roster places received since: to
    /// merge again.
    pub left_behind: Vec<sync::LeftBehind>,
    /// Installation (a correction's `origin`) to the name its bundles are signed with.
    pub names: HashMap<String, String>,
    /// This installation's own identity: its corrections are "this laptop".
    pub this: String,
    /// The identities this database wrote under before `this` (a copy of a file takes its
    /// own): corrections made under them are "this laptop" too.
    pub earlier: Vec<String>,
}

/// Keeps a detail two laptops set differently as it reads now (`Store::keep_detail`).
#[tauri::command(async)]
pub fn keep_detail(
    state: State<'_, AppState>,
    entity: String,
    key: String,
    field: String,
) -> AppResult<()> {
    let which = muster::store::details::Entity::parse(&entity).ok_or_else(|| {
        muster::Error::invalid(format!("{entity} is not a person, contingent or module"))
    })?;
    let by = state.operator()?;
    let mut store = state.writer()?;
    Ok(store.keep_detail(which, &key, &field, &by)?)
}

/// The conflicts not yet settled.
#[tauri::command(async)]
pub fn sync_conflicts(state: State<'_, AppState>) -> AppResult<ConflictsView> {
    let store = state.store()?;
    let known = sync::installations(&store)?;
    Ok(ConflictsView {
        conflicts: sync::conflicts(&store, false)?,
        details: sync::detail_conflicts(&store, false)?,
        numbers: sync::look_alikes(&store, false)?,
        left_behind: sync::left_behind(&store)?,
        names: known.names,
        this: known.this,
        earlier: known.earlier,
    })
}

fn receive(
    state: &AppState,
    path: &str,
    dry_run: bool,
    trust: Option<&str>,
    by: &str,
) -> AppResult<ImportReport> {
    if path.trim().is_empty() {
        return Err(muster::problem::Problem::NoFileChosen.into());
    }
    let own = muster::signing::InstallationKey::load(&state.key_dir)?.map(|k| k.fingerprint());
    let mut store = state.writer()?;
    Ok(sync::import(
        &mut store,
        Path::new(path.trim()),
        &ImportOptions {
            dry_run,
            trust,
            by,
            own,
        },
    )?)
}
