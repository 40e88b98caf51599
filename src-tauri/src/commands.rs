//! The window's commands: each turns its arguments into a core call and the result into
//! JSON. No SQL and no rules here: those are the core's job, shared with the CLI.

use std::path::{Path, PathBuf};

use chrono::NaiveDate;
use muster::domain::{AttemptPatch, Contingent, HistoryEntry, Module, Outcome, Person};
use muster::field::Field;
use muster::import::{import_completions, import_roster, ImportReport, OpenOptions, Table};
use muster::matrix::{MatrixFilter, MatrixPage};
use muster::readiness::{ContingentInfo, ModuleTally, Summary, TrendPoint};
use muster::store::{DetailChange, ImportRecord, UndoReport};
use muster::{dates, demo};
use serde::{Deserialize, Serialize};
use tauri::{Runtime, State};

use crate::error::{AppError, AppResult};
use crate::session::SessionInput;
use crate::settings::Settings;
use crate::state::AppState;

pub fn handler<R: Runtime>() -> impl Fn(tauri::ipc::Invoke<R>) -> bool + Send + Sync + 'static {
    tauri::generate_handler![
        app_info,
        revision,
        save_settings,
        contingents,
        add_contingent,
        edit_contingent,
        archived_contingents,
        archive_contingent,
        restore_contingent,
        load_demo,
        dashboard,
        matrix_page,
        retakes_page,
        people,
        standing,
        activity,
        modules,
        add_module,
        update_module,
        retire_module,
        restore_module,
        log_session,
        person,
        update_person,
        take_off_roster,
        put_on_roster,
        merge_person,
        off_roster,
        history,
        amend,
        void_record,
        import_file,
        sheet_names,
        imports,
        undo_import,
        backup,
        crate::reports::report_view,
        crate::reports::save_report,
        crate::sheets::write_sheet,
        crate::reports::verify_file,
        crate::reports::validate,
        crate::reports::validations,
        crate::reports::validation_status,
        crate::keys::signing_key,
        crate::keys::name_signing_key,
        crate::keys::trust_key,
        crate::sync::sync_export,
        crate::sync::sync_preview,
        crate::sync::sync_receive,
        crate::sync::keep_detail,
        crate::reports::existing_file,
        crate::sync::sync_peers,
        crate::sync::sync_conflicts,
    ]
}

/// A date typed by the user, dd.mm.yyyy or ISO, with the field named if it is wrong.
fn date(field: Field, s: &str) -> muster::Result<NaiveDate> {
    dates::parse(s).map_err(|e| e.in_field(field))
}

#[derive(Debug, Clone, Serialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct AppInfo {
    pub db_path: String,
    /// Set when the database could not be opened: the window shows only this.
    pub db_error: Option<AppError>,
    /// Set when the check at start found records changed outside Muster (with
    /// `db_error`): the window shows what was found.
    pub check: Option<muster::check::CheckReport>,
    /// A copy that can only be read (read-only media): the window offers no way to write.
    /// Known once the records are checked.
    pub read_only: bool,
    /// The records are being checked: the window shows them, says so quietly, and asks
    /// again until the check ends (writes wait for it; if it fails, `db_error` is set).
    pub checking: bool,
    pub settings: Settings,
    /// Muster's version (`muster --version` says the same).
    pub version: String,
    /// The database schema this build writes (`PRAGMA user_version`).
    pub schema_version: u32,
    pub today: NaiveDate,
}

#[tauri::command(async)]
pub fn app_info(state: State<'_, AppState>) -> AppInfo {
    AppInfo {
        db_path: state.db_path.display().to_string(),
        db_error: state.open_error(),
        check: state.tampered(),
        read_only: state.read_only(),
        checking: state.checking(),
        settings: state.settings(),
        version: muster::VERSION.into(),
        schema_version: muster::store::db::SCHEMA_VERSION as u32,
        today: dates::today(),
    }
}

#[tauri::command(async)]
pub fn save_settings(state: State<'_, AppState>, settings: Settings) -> AppResult<Settings> {
    state.save_settings(settings)
}

/// Where the records stand: changes when anything is written to the file, here or by
/// another program (`muster log` in a terminal beside the window). The window asks when it
/// comes back into view or changes screen, and reads the dashboard again if it changed.
#[tauri::command(async)]
pub fn revision(state: State<'_, AppState>) -> AppResult<String> {
    let (theirs, ours) = state.store()?.revision()?;
    Ok(format!("{theirs}.{ours}"))
}

#[tauri::command(async)]
pub fn contingents(state: State<'_, AppState>) -> AppResult<Vec<Contingent>> {
    Ok(state.store()?.contingents()?)
}

/// Contingents archived out of the way, most recently archived first.
#[tauri::command(async)]
pub fn archived_contingents(state: State<'_, AppState>) -> AppResult<Vec<muster::store::Archived>> {
    Ok(state.store()?.archived_contingents()?)
}

/// Archives a contingent (nothing is deleted); returns the contingents still in use.
#[tauri::command(async)]
pub fn archive_contingent(
    state: State<'_, AppState>,
    code: String,
    reason: String,
) -> AppResult<Vec<Contingent>> {
    let by = state.operator()?;
    let mut store = state.writer()?;
    store.archive_contingent(&code, &by, &reason)?;
    Ok(store.contingents()?)
}

/// Brings an archived contingent back; returns the contingents in use.
#[tauri::command(async)]
pub fn restore_contingent(state: State<'_, AppState>, code: String) -> AppResult<Vec<Contingent>> {
    let by = state.operator()?;
    let mut store = state.writer()?;
    store.restore_contingent(&code, &by)?;
    Ok(store.contingents()?)
}

/// A new contingent as typed in the form: dates are text until the core reads them.
#[derive(Debug, Clone, Deserialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct ContingentInput {
    pub code: String,
    pub name: String,
    pub mission: String,
    pub parent_unit: String,
    pub training_start: String,
    pub deploy_on: String,
    pub tour_months: u32,
}

impl ContingentInput {
    /// The contingent the form says, its dates read as the core reads them.
    fn read(self) -> AppResult<Contingent> {
        Ok(Contingent {
            training_start: date(Field::TrainingStart, &self.training_start)?,
            deploy_on: date(Field::DeployOn, &self.deploy_on)?,
            code: self.code,
            name: self.name,
            mission: self.mission,
            parent_unit: self.parent_unit,
            tour_months: self.tour_months,
        })
    }
}

#[tauri::command(async)]
pub fn add_contingent(state: State<'_, AppState>, input: ContingentInput) -> AppResult<Contingent> {
    let by = state.operator()?;
    Ok(state.writer()?.add_contingent(&input.read()?, &by)?)
}

/// One detail of a contingent changed: its field, the value before and now, as typed.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct DetailChanged {
    pub field: Field,
    pub was: String,
    pub now: String,
}

/// Corrects a contingent's name, mission, parent unit or dates (its code stays): each
/// detail changed, none when the form says what is on file.
#[tauri::command(async)]
pub fn edit_contingent(
    state: State<'_, AppState>,
    input: ContingentInput,
) -> AppResult<Vec<DetailChanged>> {
    let by = state.operator()?;
    let c = input.read()?;
    Ok(state
        .writer()?
        .edit_contingent(&c.code, &c, &by)?
        .into_iter()
        .map(|(field, was, now)| DetailChanged { field, was, now })
        .collect())
}

/// Loads the demo contingent; returns its code.
#[tauri::command(async)]
pub fn load_demo(state: State<'_, AppState>) -> AppResult<String> {
    demo::load(&mut *state.writer()?, dates::today())?;
    Ok(demo::DEMO_CODE.to_string())
}

/// Everything the dashboard shows, from one call of the core (`muster::dashboard`): its
/// figures and the people it lists, not everyone's statuses (the matrix asks for those a
/// page at a time, `matrix_page`).
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct DashboardView {
    pub contingent: ContingentInfo,
    pub as_of: NaiveDate,
    pub summary: Summary,
    pub modules: Vec<ModuleTally>,
    /// The units, in roster order.
    pub units: Vec<String>,
    /// The first `muster::dashboard::NOT_READY_LISTED` people not ready, in roster order.
    pub not_ready: Vec<muster::dashboard::Blocker>,
    /// How many are not ready in all.
    pub not_ready_total: usize,
    pub trend: Vec<TrendPoint>,
    /// The trend chart's geometry, the report's own.
    pub chart: muster::report::chart::ChartView,
    /// Who must retake what, in bands with counts and first pages (`retakes_page` for the
    /// rest); once deployed, what lapses in the tour.
    pub retakes: muster::due::Retakes,
    pub off_roster: Vec<muster::store::OffRoster>,
    /// The latest decision, with what changed since worded in the screen's language.
    pub signoff: Option<crate::reports::DecisionRow>,
    /// The installation records were last received from (the Sync screen), if any.
    pub last_received: Option<muster::store::Peer>,
    /// This contingent's records corrected differently on two laptops, not yet settled.
    pub open_conflicts: usize,
    /// No module applies to anyone on the roster: "ready" of nothing.
    pub nothing_required: bool,
    /// People on this roster also on an overlapping rotation's roster.
    pub also_elsewhere: Vec<muster::store::AlsoElsewhere>,
}

#[tauri::command(async)]
pub fn dashboard(
    state: State<'_, AppState>,
    code: String,
    lang: String,
    as_of: Option<String>,
) -> AppResult<DashboardView> {
    let lang: muster::domain::Lang = lang.parse()?;
    let day = crate::reports::day_or_today(&as_of, Field::AsOf)?;
    let store = state.store()?;
    let c = state.readiness(&store, &code, day)?;
    let d = muster::dashboard::dashboard_of(&store, &c.input, &c.readiness)?;
    Ok(DashboardView {
        contingent: d.contingent,
        as_of: d.as_of,
        summary: d.summary,
        modules: d.modules,
        units: d.units,
        not_ready: d.not_ready,
        not_ready_total: d.not_ready_total,
        trend: d.trend,
        chart: d.chart,
        retakes: d.retakes,
        off_roster: d.off_roster,
        signoff: d.signoff.map(|s| crate::reports::row_of(s, lang)),
        last_received: d.last_received,
        open_conflicts: d.open_conflicts,
        nothing_required: d.nothing_required,
        also_elsewhere: d.also_elsewhere,
    })
}

/// Up to `limit` rows of the matrix from `offset`, under the screen's filter, as of a day
/// (`None`: today), with how many pass the filter. The contingent's readiness is computed
/// once and kept while nothing is written, so paging costs a filter, not the rules again.
#[tauri::command(async)]
pub fn matrix_page(
    state: State<'_, AppState>,
    code: String,
    as_of: Option<String>,
    filter: MatrixFilter,
    offset: u32,
    limit: u32,
) -> AppResult<MatrixPage> {
    let day = crate::reports::day_or_today(&as_of, Field::AsOf)?;
    let c = state.readiness(&*state.store()?, &code, day)?;
    Ok(muster::matrix::page(
        &c.readiness,
        &filter,
        offset as usize,
        limit.min(1000) as usize,
    ))
}

/// Up to `limit` rows from `offset` of one retake list the dashboard shows as of a day
/// (`None`: today): a band, or (`band: None`) what lapses in the tour once deployed.
#[tauri::command(async)]
pub fn retakes_page(
    state: State<'_, AppState>,
    code: String,
    as_of: Option<String>,
    band: Option<muster::due::Band>,
    offset: u32,
    limit: u32,
) -> AppResult<muster::due::DuePage> {
    let day = crate::reports::day_or_today(&as_of, Field::AsOf)?;
    let c = state.readiness(&*state.store()?, &code, day)?;
    let all = muster::due::due_of(&c.input, &c.readiness, None);
    Ok(muster::due::page(
        &all,
        band,
        c.readiness.contingent.deploy_on,
        offset as usize,
        limit.min(1000) as usize,
    ))
}

/// Everyone on the contingent's roster now, in roster order (as readiness lists them):
/// whom a session can list.
#[tauri::command(async)]
pub fn people(state: State<'_, AppState>, code: String) -> AppResult<Vec<Person>> {
    Ok(state.store()?.roster(&code)?)
}

/// One person's standing in the contingent as of today, and their retakes; `None` when
/// they are not on its roster.
#[tauri::command(async)]
pub fn standing(
    state: State<'_, AppState>,
    code: String,
    service_number: String,
) -> AppResult<Option<muster::service_record::Standing>> {
    Ok(muster::service_record::standing(
        &*state.store()?,
        &code,
        &service_number,
        dates::today(),
    )?)
}

/// The audit log, newest first: every change, who made it and when.
#[tauri::command(async)]
pub fn activity(
    state: State<'_, AppState>,
    limit: u32,
) -> AppResult<Vec<muster::activity::ActivityEntry>> {
    Ok(muster::activity::log(&*state.store()?, limit as usize)?)
}

#[tauri::command(async)]
pub fn modules(state: State<'_, AppState>, include_retired: bool) -> AppResult<Vec<Module>> {
    Ok(state.store()?.modules(include_retired)?)
}

#[tauri::command(async)]
pub fn add_module(state: State<'_, AppState>, module: Module) -> AppResult<Module> {
    let by = state.operator()?;
    Ok(state.writer()?.add_module(&module, &by)?)
}

#[tauri::command(async)]
pub fn update_module(state: State<'_, AppState>, module: Module) -> AppResult<Module> {
    let by = state.operator()?;
    Ok(state.writer()?.update_module(&module, &by)?)
}

#[tauri::command(async)]
pub fn retire_module(state: State<'_, AppState>, code: String, reason: String) -> AppResult<()> {
    let by = state.operator()?;
    Ok(state.writer()?.retire_module(&code, &by, &reason)?)
}

/// Brings a retired module back into the curriculum.
#[tauri::command(async)]
pub fn restore_module(state: State<'_, AppState>, code: String, reason: String) -> AppResult<()> {
    let by = state.operator()?;
    Ok(state.writer()?.restore_module(&code, &by, &reason)?)
}

/// Saves the whole session in one transaction; returns the new record ids.
#[tauri::command(async)]
pub fn log_session(state: State<'_, AppState>, session: SessionInput) -> AppResult<Vec<String>> {
    let by = state.operator()?;
    let entries = session.entries()?;
    Ok(state.writer()?.log_session(&entries, &by)?)
}

#[derive(Debug, Clone, Serialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct PersonCard {
    pub person: Person,
    /// Codes of the contingents the person is assigned to.
    pub contingents: Vec<String>,
    /// Every change to the details, newest first.
    pub changes: Vec<DetailChange>,
    /// Fields that do not read as their newest change listed says (`store::reads_otherwise`).
    pub reads_otherwise: Vec<muster::store::FieldChange>,
    /// Every contingent the person served in, with the standing in each, as of today.
    pub rotations: Vec<muster::service_record::Rotation>,
}

fn card(store: &muster::Store, service_number: &str) -> muster::Result<PersonCard> {
    let person = store.person(service_number)?;
    let changes = store.person_changes(service_number)?;
    Ok(PersonCard {
        reads_otherwise: muster::store::reads_otherwise(&person, &changes),
        person,
        contingents: store.assignments(service_number)?,
        changes,
        rotations: muster::service_record::service_record(
            store,
            service_number,
            muster::dates::today(),
        )?,
    })
}

#[tauri::command(async)]
pub fn person(state: State<'_, AppState>, service_number: String) -> AppResult<PersonCard> {
    Ok(card(&*state.store()?, &service_number)?)
}

/// Saves corrected details (a promotion, another unit, a misspelt name); returns the card
/// as it now reads.
#[tauri::command(async)]
pub fn update_person(state: State<'_, AppState>, person: Person) -> AppResult<PersonCard> {
    let by = state.operator()?;
    let mut store = state.writer()?;
    store.update_person(&person, &by)?;
    Ok(card(&store, &person.service_number)?)
}

/// Takes the person off the contingent's roster, with a reason; returns the card as it
/// now reads. Their records stay.
#[tauri::command(async)]
pub fn take_off_roster(
    state: State<'_, AppState>,
    service_number: String,
    code: String,
    reason: String,
) -> AppResult<PersonCard> {
    let by = state.operator()?;
    let mut store = state.writer()?;
    store.take_off_roster(&service_number, &code, &by, &reason)?;
    Ok(card(&store, &service_number)?)
}

/// One soldier under two numbers: `from`'s records and roster places move to `into`
/// (`Store::merge_person`); with `dry_run`, only what would move.
#[tauri::command(async)]
pub fn merge_person(
    state: State<'_, AppState>,
    from: String,
    into: String,
    reason: String,
    dry_run: bool,
) -> AppResult<muster::store::MergePlan> {
    let by = state.operator()?;
    let mut store = state.writer()?;
    Ok(store.merge_person(&from, &into, &by, &reason, dry_run)?)
}

/// Everyone taken off the contingent's roster and not put back, most recent first.
#[tauri::command(async)]
pub fn off_roster(
    state: State<'_, AppState>,
    code: String,
) -> AppResult<Vec<muster::store::OffRoster>> {
    Ok(state.store()?.off_roster(&code)?)
}

/// Puts the person (back) on the contingent's roster.
#[tauri::command(async)]
pub fn put_on_roster(
    state: State<'_, AppState>,
    service_number: String,
    code: String,
) -> AppResult<PersonCard> {
    let by = state.operator()?;
    let mut store = state.writer()?;
    store.put_on_roster(&service_number, &code, &by)?;
    Ok(card(&store, &service_number)?)
}

#[tauri::command(async)]
pub fn history(state: State<'_, AppState>, service_number: String) -> AppResult<Vec<HistoryEntry>> {
    Ok(state.store()?.history(&service_number)?)
}

/// The corrected values of a record: every field as it should read now.
#[derive(Debug, Clone, Deserialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct AmendInput {
    /// The module's code: a session logged under the wrong module is put right here.
    pub module: String,
    pub date: String,
    pub result: Outcome,
    pub score: Option<f64>,
    pub hours: Option<f64>,
    pub instructor: String,
    pub notes: String,
}

/// Supersedes a record with a corrected one; returns the new record's id.
#[tauri::command(async)]
pub fn amend(
    state: State<'_, AppState>,
    id: String,
    fix: AmendInput,
    reason: String,
) -> AppResult<String> {
    let by = state.operator()?;
    let patch = AttemptPatch {
        module: Some(fix.module),
        date: Some(date(Field::Date, &fix.date)?),
        result: Some(fix.result),
        score: Some(fix.score),
        hours: Some(fix.hours),
        instructor: Some(fix.instructor),
        notes: Some(fix.notes),
    };
    Ok(state.writer()?.amend(&id, &patch, &by, &reason)?)
}

#[tauri::command(async)]
pub fn void_record(state: State<'_, AppState>, id: String, reason: String) -> AppResult<()> {
    let by = state.operator()?;
    Ok(state.writer()?.void(&id, &by, &reason)?)
}

#[derive(Debug, Clone, Copy, Deserialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
#[serde(rename_all = "lowercase")]
pub enum FileKind {
    Roster,
    Completions,
}

#[derive(Debug, Clone, Deserialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct ImportRequest {
    pub kind: FileKind,
    pub path: String,
    /// The contingent a roster fills; unused for completions.
    pub contingent: Option<String>,
    /// False: a dry run that writes nothing (the preview).
    pub commit: bool,
    /// A workbook's sheet (default: the first).
    #[serde(default)]
    pub sheet: Option<String>,
    /// A CSV file's text encoding, e.g. windows-1251 (default: found from the file).
    #[serde(default)]
    pub encoding: Option<String>,
}

/// The sheets of a workbook, for the Import screen to offer; none for a CSV file.
#[tauri::command(async)]
pub fn sheet_names(path: String) -> AppResult<Vec<String>> {
    Ok(muster::import::sheet_names(&PathBuf::from(path.trim()))?)
}

/// Checks (and with `commit`, writes) a CSV file or workbook (.xlsx .xls .ods): whole or
/// nothing, every bad row reported.
#[tauri::command(async)]
pub fn import_file(state: State<'_, AppState>, request: ImportRequest) -> AppResult<ImportReport> {
    let by = state.operator()?;
    let path = PathBuf::from(request.path.trim());
    let opts = OpenOptions {
        sheet: request.sheet.filter(|s| !s.is_empty()),
        encoding: request.encoding.filter(|s| !s.is_empty()),
    };
    let table = Table::open(&path, &opts)?;
    let dry_run = !request.commit;
    let mut store = state.writer()?;
    let report = match request.kind {
        FileKind::Roster => {
            let code = request.contingent.unwrap_or_default();
            import_roster(&mut store, table, &path, &code, &by, dry_run)?
        }
        FileKind::Completions => {
            import_completions(&mut store, table, &path, &by, dry_run, &mut |_| {})?
        }
    };
    Ok(report)
}

/// Every import so far, newest first, with what each did and whether it was undone.
#[tauri::command(async)]
pub fn imports(state: State<'_, AppState>) -> AppResult<Vec<ImportRecord>> {
    Ok(state.store()?.imports()?)
}

/// Undoes a mistaken import: its records are voided with the reason, its assignments
/// ended; nothing is deleted.
#[tauri::command(async)]
pub fn undo_import(state: State<'_, AppState>, id: i64, reason: String) -> AppResult<UndoReport> {
    let by = state.operator()?;
    Ok(state.writer()?.undo_import(id, &by, &reason)?)
}

/// Copies the open database to `dest` (or a dated file in `backups/` beside it) with
/// SQLite's online backup; returns where the copy is.
#[tauri::command(async)]
pub fn backup(state: State<'_, AppState>, dest: Option<String>) -> AppResult<String> {
    let dest = match dest.filter(|d| !d.trim().is_empty()) {
        Some(d) => PathBuf::from(d.trim()),
        None => default_backup(&state.db_path),
    };
    state.writer()?.backup_to(&dest)?;
    Ok(dest.display().to_string())
}

fn default_backup(db: &Path) -> PathBuf {
    let stamp = chrono::Local::now().format("%Y%m%d-%H%M%S");
    db.parent()
        .unwrap_or(Path::new("."))
        .join("backups")
        .join(format!("muster-{stamp}.sqlite3"))
}
