//! Spreadsheets out of the app: blank templates to fill in Excel (with drop-down lists), and
//! a contingent's roster and records to pass to another laptop, where importing them adds
//! nothing twice. The core writes them; this only picks the file and the language.

use muster::domain::Lang;
use muster::export::{self, TemplateKind};
use serde::{Deserialize, Serialize};
use tauri::State;

use crate::error::AppResult;
use crate::reports::{target, SaveFormat};
use crate::state::AppState;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(test, derive(ts_rs::TS))]
pub enum SheetKind {
    RosterTemplate,
    CompletionsTemplate,
    Roster,
    Completions,
}

#[derive(Debug, Clone, Deserialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct SheetRequest {
    pub kind: SheetKind,
    pub contingent: String,
    /// `xlsx` or `csv`; a template is always a workbook (its drop-downs need one), in the
    /// app's language.
    pub format: SaveFormat,
    /// Where the user chose to write; the extension is added when it has none.
    pub path: String,
}

#[derive(Debug, Clone, Serialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct SheetWritten {
    pub path: String,
    /// Data rows written; none for a template.
    pub rows: Option<u32>,
}

#[tauri::command(async)]
pub fn write_sheet(state: State<'_, AppState>, request: SheetRequest) -> AppResult<SheetWritten> {
    let template = match request.kind {
        SheetKind::RosterTemplate => Some(TemplateKind::Roster),
        SheetKind::CompletionsTemplate => Some(TemplateKind::Completions),
        SheetKind::Roster | SheetKind::Completions => None,
    };
    let format = match (template, request.format) {
        (Some(_), _) | (None, SaveFormat::Xlsx) => SaveFormat::Xlsx,
        _ => SaveFormat::Csv,
    };
    let path = target(&request.path, format)?;
    let store = state.writer()?;
    let rows = match (template, request.kind) {
        (Some(kind), _) => {
            let lang = state.settings().language.unwrap_or(Lang::En);
            export::write_template(&store, kind, lang, &path)?;
            None
        }
        (None, SheetKind::Roster) => {
            Some(export::export_roster(&store, &request.contingent, &path)?)
        }
        (None, _) => Some(export::export_completions(
            &store,
            &request.contingent,
            &path,
        )?),
    };
    Ok(SheetWritten {
        path: path.display().to_string(),
        rows: rows.map(|n| n as u32),
    })
}
