//! The Reports screen's commands: the readiness report to show and save, validation
//! decisions, and what changed since the latest one. Each is a few lines over the core's
//! `report`, `export` and `signoff` modules, the same calls the CLI makes.

use std::path::PathBuf;

use chrono::NaiveDate;
use muster::domain::Decision;
use muster::domain::Lang;
use muster::field::Field;
use muster::report::chart::{Chart, ChartView};
use muster::report::html::Signatories;
use muster::report::{self, Change, ChangeKind, Report};
use muster::signing::{Format, InstallationKey};
use muster::signoff::{self, SignedBy};
use muster::store::{NewValidation, StoredValidation};
use muster::words::Labels;
use muster::{dates, export, Store};
use serde::{Deserialize, Serialize};
use tauri::State;

use crate::error::AppResult;
use crate::state::AppState;

/// The report date the user picked, or today when the field is empty.
fn as_of(s: &Option<String>) -> muster::Result<NaiveDate> {
    day_or_today(s, Field::ReportDate)
}

/// A date the user picked (named `field` in a refusal), or today when there is none.
pub(crate) fn day_or_today(s: &Option<String>, field: Field) -> muster::Result<NaiveDate> {
    match s.as_deref().map(str::trim).filter(|s| !s.is_empty()) {
        Some(s) => dates::parse(s).map_err(|e| e.in_field(field)),
        None => Ok(dates::today()),
    }
}

/// The report and the words to show it with, in the report's language.
#[derive(Serialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct ReportView {
    pub report: Report,
    pub labels: &'static Labels,
    /// When the report is a signed-off one: what changed since, one line each.
    pub changes: Vec<ChangeLine>,
    /// The trend chart's geometry, as the HTML and PDF draw it.
    pub chart: ChartView,
}

/// One change under a frozen report: the person, the module and the core's own sentence.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct ChangeLine {
    pub kind: ChangeKind,
    pub service_number: String,
    pub module: Option<String>,
    pub text: String,
}

fn lines(changes: &[Change], lang: Lang) -> Vec<ChangeLine> {
    changes
        .iter()
        .map(|c| ChangeLine {
            kind: c.kind,
            service_number: c.service_number.clone(),
            module: c.module.clone(),
            text: c.describe(lang),
        })
        .collect()
}

/// The report as of a date (the frozen one when a decision was taken on that date).
#[tauri::command(async)]
pub fn report_view(
    state: State<'_, AppState>,
    code: String,
    as_of: Option<String>,
    lang: String,
) -> AppResult<ReportView> {
    let lang: Lang = lang.parse()?;
    let r = signoff::report_for(&*state.store()?, &code, self::as_of(&as_of)?)?;
    let changes = r
        .validation
        .as_ref()
        .map(|s| lines(&s.changed_since, lang))
        .unwrap_or_default();
    Ok(ReportView {
        chart: Chart::new(&r).view(),
        report: r,
        labels: lang.labels(),
        changes,
    })
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
#[serde(rename_all = "lowercase")]
pub enum SaveFormat {
    Pdf,
    Html,
    Json,
    Csv,
    Xlsx,
}

impl SaveFormat {
    fn ext(self) -> &'static str {
        match self {
            SaveFormat::Pdf => "pdf",
            SaveFormat::Html => "html",
            SaveFormat::Json => "json",
            SaveFormat::Csv => "csv",
            SaveFormat::Xlsx => "xlsx",
        }
    }
}

#[derive(Debug, Clone, Deserialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct SaveRequest {
    pub code: String,
    pub as_of: Option<String>,
    pub lang: Lang,
    pub format: SaveFormat,
    /// Where the user chose to write; the extension is added when it has none.
    pub path: String,
    /// Printed under the training officer's signature line (PDF and HTML); empty: blank.
    #[serde(default)]
    pub training_officer: String,
    /// Printed under the company commander's signature line (PDF and HTML); empty: blank.
    #[serde(default)]
    pub commander: String,
}

impl SaveRequest {
    /// The names to print, cleaned as any name is: a hidden character is refused.
    fn signatories(&self) -> muster::Result<Signatories> {
        Signatories::new(&self.training_officer, &self.commander)
    }
}

/// The file the user chose, with the format's extension when it has none, and its folder
/// made if it is typed rather than picked; another extension is refused rather than
/// writing, say, a PDF into `roll.xlsx`.
pub(crate) fn target(path: &str, format: SaveFormat) -> muster::Result<PathBuf> {
    match format {
        SaveFormat::Html => save_path(path, &["html", "htm"]),
        f => save_path(path, &[f.ext()]),
    }
}

/// The file the user chose to write, with the first of `exts` added when it has no
/// extension, refused when it has another (a report saved over a database by a slip of
/// the hand), and its folder made.
pub(crate) fn save_path(path: &str, exts: &[&str]) -> muster::Result<PathBuf> {
    let p = named_path(path, exts)?;
    if let Some(dir) = p.parent().filter(|d| !d.as_os_str().is_empty()) {
        std::fs::create_dir_all(dir).map_err(|source| muster::Error::Io {
            path: dir.to_path_buf(),
            source,
        })?;
    }
    Ok(p)
}

/// The file a typed path names, as `save_path` completes it, without making anything.
fn named_path(path: &str, exts: &[&str]) -> muster::Result<PathBuf> {
    let mut p = PathBuf::from(path.trim());
    if path.trim().is_empty() {
        return Err(muster::problem::Problem::NoSaveLocation.into());
    }
    match p.extension().map(|e| e.to_string_lossy().to_lowercase()) {
        None => {
            p.set_extension(exts[0]);
        }
        Some(e) if exts.contains(&e.as_str()) => {}
        Some(e) => {
            return Err(muster::problem::Problem::WrongExtension {
                file: p.display().to_string(),
                want: exts[0].to_string(),
                got: e,
            }
            .into())
        }
    }
    Ok(p)
}

/// The file a typed save path would replace, if one is there (as `save_path` completes
/// the name): the screen asks before replacing it. A path chosen in the system's save
/// dialog was asked about there; one typed was not, and on a shared USB stick it may be
/// another laptop's bundle not yet carried. Nothing is opened or made.
#[tauri::command(async)]
pub fn existing_file(path: String, extensions: Vec<String>) -> AppResult<Option<String>> {
    let exts: Vec<&str> = extensions.iter().map(String::as_str).collect();
    if exts.is_empty() {
        return Ok(None);
    }
    let p = named_path(&path, &exts)?;
    Ok(std::fs::metadata(&p)
        .is_ok_and(|m| m.is_file())
        .then(|| p.display().to_string()))
}

/// Writes the report (PDF, HTML, JSON) or the training matrix (CSV, XLSX) as of the
/// report date to the file the user chose; returns the path written.
#[tauri::command(async)]
pub fn save_report(state: State<'_, AppState>, request: SaveRequest) -> AppResult<String> {
    let lang = request.lang;
    let day = as_of(&request.as_of)?;
    let path = target(&request.path, request.format)?;
    let sig = request.signatories()?;
    let store = state.writer()?;
    let format = match request.format {
        SaveFormat::Csv | SaveFormat::Xlsx => {
            export::export_matrix(&store, &request.code, day, lang, &path)?;
            return Ok(path.display().to_string());
        }
        SaveFormat::Json => Format::Json,
        SaveFormat::Html => Format::Html,
        SaveFormat::Pdf => Format::Pdf,
    };
    let r = report_for(&store, &request.code, day)?;
    let key = state.key()?;
    let bytes = report::issue(&r, format, lang, &sig, &key, &store.database_id()?)?;
    muster::output::write_bytes(&path, Some(&state.db_path), &bytes)?;
    Ok(path.display().to_string())
}

fn report_for(store: &Store, code: &str, day: NaiveDate) -> muster::Result<Report> {
    signoff::report_for(store, code, day)
}

/// A validation team's decision as typed in the form.
#[derive(Debug, Clone, Deserialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct ValidationInput {
    pub as_of: Option<String>,
    pub team: String,
    pub validator: String,
    pub decision: Decision,
    pub notes: String,
}

/// A recorded decision as the screen lists it (without the frozen report itself), with
/// what changed since it was taken.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct DecisionRow {
    #[cfg_attr(test, ts(type = "number"))]
    pub id: i64,
    pub as_of: NaiveDate,
    pub decision: Decision,
    pub team: String,
    pub validator: String,
    pub notes: String,
    pub recorded_by: String,
    /// UTC timestamp.
    pub recorded_at: String,
    pub report_sha256: String,
    pub changes: Vec<ChangeLine>,
    /// Ready in the report signed off, and as the records stand now on its date when
    /// anything changed: what a long list of changes adds up to. None where not worked
    /// out (a file checked).
    pub ready_then: Option<muster::report::Count>,
    pub ready_now: Option<muster::report::Count>,
}

/// The row of a decision, with what changed since found afresh in the records.
fn row(store: &Store, v: StoredValidation, lang: Lang) -> muster::Result<DecisionRow> {
    let frozen = signoff::frozen_report(&v)?;
    let (changes, now) = signoff::compared_since(store, &v, &frozen)?;
    Ok(DecisionRow {
        ready_then: Some(frozen.summary.total),
        ready_now: now,
        ..row_with(v, &changes, lang)
    })
}

/// The row of the latest decision as `signoff::status` found it.
pub(crate) fn row_of(s: signoff::ValidationState, lang: Lang) -> DecisionRow {
    DecisionRow {
        ready_then: Some(s.ready_then),
        ready_now: s.ready_now,
        ..row_with(s.validation, &s.changes, lang)
    }
}

pub(crate) fn row_with(v: StoredValidation, changes: &[Change], lang: Lang) -> DecisionRow {
    DecisionRow {
        ready_then: None,
        ready_now: None,
        id: v.id,
        as_of: v.as_of,
        decision: v.decision,
        team: v.team,
        validator: v.validator,
        notes: v.notes,
        recorded_by: v.recorded_by,
        recorded_at: v.recorded_at,
        report_sha256: v.report_sha256,
        changes: lines(changes, lang),
    }
}

/// Records the decision and freezes the report it was taken on; the operator is the
/// name in Settings.
#[tauri::command(async)]
pub fn validate(
    state: State<'_, AppState>,
    code: String,
    input: ValidationInput,
    lang: String,
) -> AppResult<DecisionRow> {
    let by = state.operator()?;
    let lang: Lang = lang.parse()?;
    let v = NewValidation {
        as_of: as_of(&input.as_of)?,
        team: input.team,
        validator: input.validator,
        decision: input.decision,
        notes: input.notes,
    };
    let mut store = state.writer()?;
    let stored = signoff::validate(&mut store, &code, &v, &by)?;
    Ok(row(&store, stored, lang)?)
}

/// Every decision on the contingent, newest first, each with what changed since.
#[tauri::command(async)]
pub fn validations(
    state: State<'_, AppState>,
    code: String,
    lang: String,
) -> AppResult<Vec<DecisionRow>> {
    let lang: Lang = lang.parse()?;
    let store = state.store()?;
    let mut rows = store
        .validations(&code)?
        .into_iter()
        .map(|v| row(&store, v, lang))
        .collect::<muster::Result<Vec<_>>>()?;
    rows.reverse();
    Ok(rows)
}

/// What checking a report file (PDF, HTML or JSON) found: exactly as Muster issued it
/// and signed by whom (anything else is refused as an error), then the records.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct FileCheck {
    pub format: Format,
    pub signed_by: SignedBy,
    /// False when the file was issued from another database: the signature alone was
    /// checked, not the records.
    pub records_checked: bool,
    /// Issued from this database: records not checked then means a PDF or HTML working
    /// copy, which carries no report to compare them with.
    pub issued_here: bool,
    pub sha256: String,
    /// The decision the report was signed off by, with every change since, when this
    /// database recorded one.
    pub decision: Option<DecisionRow>,
    /// Every record that no longer stands as the file says (also in `decision`).
    pub changes: Vec<ChangeLine>,
    /// The file carries a sign-off; false for a working copy (said on any laptop).
    pub signed_off: bool,
    /// The decision a JSON report states, read from the signed file itself.
    pub carried: Option<signoff::CarriedDecision>,
    /// Checked against this laptop's records though issued elsewhere: the laptop whose
    /// newest bundle received here was made last, i.e. how far those records go.
    pub held_until: Option<muster::store::Peer>,
}

/// `muster verify` for a file the validator picks: has anything changed since it was
/// signed off (or since it was printed)?
#[tauri::command(async)]
pub fn verify_file(state: State<'_, AppState>, path: String, lang: String) -> AppResult<FileCheck> {
    let lang: Lang = lang.parse()?;
    let path = PathBuf::from(path.trim());
    if path.as_os_str().is_empty() {
        return Err(muster::problem::Problem::NoFileChosen.into());
    }
    let bytes = signoff::read_report_file(&path)?;
    let own = InstallationKey::load(&state.key_dir).ok().flatten();
    let store = state.writer()?;
    let v = signoff::verify(&store, &bytes, own.as_ref())?;
    let held_until = if v.records_checked && !v.issued_here {
        store.newest_bundle()?
    } else {
        None
    };
    Ok(FileCheck {
        held_until,
        decision: v.validation.map(|s| row_with(s, &v.changes, lang)),
        changes: lines(&v.changes, lang),
        sha256: v.sha256.unwrap_or_default(),
        format: v.format,
        signed_by: v.signed_by,
        records_checked: v.records_checked,
        issued_here: v.issued_here,
        signed_off: v.signed_off,
        carried: v.carried,
    })
}

/// "Changed since validation": the latest decision and its changes, or nothing when the
/// contingent has never been validated.
#[tauri::command(async)]
pub fn validation_status(
    state: State<'_, AppState>,
    code: String,
    lang: String,
) -> AppResult<Option<DecisionRow>> {
    let lang: Lang = lang.parse()?;
    let store = state.store()?;
    let Some(s) = signoff::status(&store, &code)? else {
        return Ok(None);
    };
    Ok(Some(row_of(s, lang)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn target_adds_a_missing_extension_and_refuses_a_wrong_one() {
        assert_eq!(
            target("/tmp/r", SaveFormat::Pdf).unwrap(),
            PathBuf::from("/tmp/r.pdf")
        );
        assert_eq!(
            target(" /tmp/r.XLSX ", SaveFormat::Xlsx).unwrap(),
            PathBuf::from("/tmp/r.XLSX")
        );
        let e = target("/tmp/r.xlsx", SaveFormat::Pdf)
            .unwrap_err()
            .to_string();
        assert!(e.contains("should end in .pdf"), "{e}");
        assert!(target("  ", SaveFormat::Pdf).is_err());
    }

    #[test]
    fn signature_names_are_cleaned_blank_is_none_and_a_hidden_character_is_refused() {
        let req = |officer: &str, commander: &str| SaveRequest {
            code: "DEMO".into(),
            as_of: None,
            lang: Lang::Ru,
            format: SaveFormat::Pdf,
            path: "/tmp/r.pdf".into(),
            training_officer: officer.into(),
            commander: commander.into(),
        };
        let s = req("  капитан  Ахметов Қ. ", " ").signatories().unwrap();
        assert_eq!(
            (s.training_officer.as_deref(), s.company_commander),
            (Some("капитан Ахметов Қ."), None)
        );
        let e = req("x", "майор\u{202E}вотеН").signatories().unwrap_err();
        assert!(
            e.to_string().starts_with("company commander contains"),
            "{e}"
        );
    }
}
