//! Each command: parse its input, call the core, return what to print.

use muster::domain::{AttemptPatch, Contingent, Module, ModulePatch, Outcome};
use muster::import::values;
use muster::readiness::{self, Readiness};
use muster::record_id::short;
use muster::session::{AttendeeResult, Session};
use muster::{dates, demo, paths, Error, Result, Store};

use super::args::*;
use super::render::{self, count, num, opt, TextTable};

fn json(v: &impl serde::Serialize) -> String {
    serde_json::to_string_pretty(v).expect("serialisable") + "\n"
}

pub(crate) fn date_arg(flag: &str, s: &str) -> Result<chrono::NaiveDate> {
    dates::parse(s).map_err(|e| flagged(flag, e))
}

/// A refusal of a flag's value, said of the flag (`--as-of: date "x" is …`): the command
/// line names its inputs by their flags, the app by `Field`.
pub(crate) fn flagged(flag: &str, e: Error) -> Error {
    match e {
        Error::Invalid(p) => Error::invalid(format!("--{flag}: {p}")),
        other => other,
    }
}

/// False for the commands that only read: they leave a copy of a database as it is (a
/// copy written here first takes an identity of its own, docs/sync.md). A command not
/// listed counts as writing: at worst a copy takes its identity one command early.
fn writes(command: &Command) -> bool {
    !matches!(
        command,
        Command::Template(_)
            | Command::Export(_)
            | Command::History { .. }
            | Command::Readiness { .. }
            | Command::Validations(_)
            | Command::Verify(_)
            | Command::Due(_)
            | Command::Audit { .. }
            | Command::Check { .. }
            | Command::Contingent(ContingentCmd::List { .. })
            | Command::Curriculum(CurriculumCmd::List { .. })
            | Command::Import(ImportCmd::History { .. })
            | Command::Person(PersonCmd::Show { .. })
            | Command::Key(KeyCmd::Show | KeyCmd::List { .. })
            | Command::Sync(SyncCmd::Conflicts { .. } | SyncCmd::Peers { .. })
    )
}

/// True for a dry run: it reads, whatever its command does for real.
fn dry_run(command: &Command) -> bool {
    match command {
        Command::Import(
            ImportCmd::Roster { common, .. } | ImportCmd::Completions { common, .. },
        ) => common.dry_run,
        Command::Sync(SyncCmd::Import { dry_run, .. }) => *dry_run,
        Command::Person(PersonCmd::Merge { dry_run, .. }) => *dry_run,
        _ => false,
    }
}

/// A command whose output vouches for the records under this installation's key: a
/// report, a sign-off, a bundle for other laptops.
fn vouches(command: &Command) -> bool {
    matches!(
        command,
        Command::Report(_) | Command::Validate(_) | Command::Sync(SyncCmd::Export { .. })
    )
}

/// The records checked against their chain first (as the app does when it opens a file):
/// records changed outside Muster are not signed, signed off or sent on, where a laptop
/// receiving them would take them as genuine.
fn refuse_tampered(path: &std::path::Path) -> Result<()> {
    if !path.exists() {
        return Ok(());
    }
    let found = muster::check::check(path)?;
    let broken = found
        .findings
        .iter()
        .filter(|f| f.flaw.is_in_the_records())
        .count();
    if broken == 0 {
        return Ok(());
    }
    Err(Error::Conflict(muster::problem::Problem::WillNotVouch {
        file: path.display().to_string(),
        count: broken.to_string(),
    }))
}

/// A command that only reads (or a dry run) never makes a database file: a mistyped
/// `--db` must not answer from a new, empty one ("issued from another database", exit 0)
/// nor leave a stray file. A command that writes makes the file as before (a new laptop's
/// first `sync import`, `init`, `demo`).
fn refuse_missing(path: &std::path::Path, command: &Command) -> Result<()> {
    let makes = writes(command) && !dry_run(command);
    if makes || path.exists() {
        return Ok(());
    }
    Err(Error::invalid(format!(
        "there is no database at {}: check the path, or make one with `muster --db {} init`",
        path.display(),
        path.display()
    )))
}

pub fn run(cli: Cli) -> Result<String> {
    // Named by the user (--db or $MUSTER_DB), not the app's own file.
    let given = cli.db.is_some() || std::env::var_os("MUSTER_DB").is_some_and(|p| !p.is_empty());
    let path = cli.db.unwrap_or_else(paths::default_db);
    // A check reads the file exactly as it is found: opening it for writing would first
    // restore any missing trigger.
    if let Command::Check { format } = cli.command {
        return super::check::run(&path, format);
    }
    // Reading out this installation's key, or checking a report file, needs no records:
    // on a laptop that holds none (the validation team's own) no database is made for it,
    // and `verify` checks the signature alone.
    if !given
        && !path.exists()
        && matches!(cli.command, Command::Key(KeyCmd::Show) | Command::Verify(_))
    {
        let mut store = Store::open_in_memory()?;
        return dispatch(&mut store, &path, cli.command);
    }
    refuse_missing(&path, &cli.command)?;
    if vouches(&cli.command) {
        refuse_tampered(&path)?;
    }
    // A command that writes makes a missing file (a new laptop's first import). A mistyped
    // path would then answer "module ROE not found" from an empty database, or leave one
    // behind: the new file is said, and taken back when the command is refused.
    let made_here = !path.exists();
    let said = !matches!(cli.command, Command::Init | Command::Demo);
    let done = open_and_dispatch(&path, cli.command);
    match done {
        Ok(out) => {
            if made_here && said {
                // The app adds the default curriculum to a new file; here only `init` does.
                let bare = Store::open(&path)
                    .and_then(|s| s.modules(true))
                    .is_ok_and(|m| m.is_empty());
                say!(
                    "note: there was no database at {}: a new one was made there{} (check the path if you meant another)",
                    path.display(),
                    if bare {
                        ", with no curriculum yet: `muster init` adds the default one"
                    } else {
                        ""
                    }
                );
            }
            Ok(out)
        }
        // Still one line: the refusal, then the path it was not made at.
        Err(e) if made_here && take_back(&path) => Err(Error::invalid(format!(
            "{e} (and there was no database at {}: none was left there; check the path if you meant another)",
            path.display()
        ))),
        Err(e) => Err(e),
    }
}

fn open_and_dispatch(path: &std::path::Path, command: Command) -> Result<String> {
    let mut store = Store::open(path)?;
    // A dry run writes nothing, not even the identity a copied file takes before its
    // first write: that waits for the command that does write.
    let claim = if writes(&command) && !dry_run(&command) {
        let claim = muster::installation::claim(&mut store, &paths::app_data_dir())?;
        if let Some(taken) = &claim.taken {
            say!("note: {}", taken.describe());
        }
        Some(claim)
    } else {
        None
    };
    let out = dispatch(&mut store, path, command)?;
    if let Some(claim) = claim {
        claim.adopt(&mut store)?;
    }
    Ok(out)
}

/// Removes the database file this very command made, and its side files, once the command
/// was refused: a mistyped `--db` with a missing bundle or a bad date must not leave an
/// empty database that later commands would read from without a word. Only while its audit
/// log is empty: a file anything was recorded in stays.
fn take_back(path: &std::path::Path) -> bool {
    let empty = Store::open(path)
        .and_then(|s| s.audit_log(None, 1))
        .is_ok_and(|log| log.is_empty());
    if !empty {
        return false;
    }
    for side in muster::file_identity::SIDE_FILES {
        let _ = std::fs::remove_file(muster::file_identity::side_file(path, side));
    }
    let _ = std::fs::remove_file(path);
    !path.exists()
}

fn dispatch(store: &mut Store, path: &std::path::Path, command: Command) -> Result<String> {
    match command {
        Command::Init => {
            let seeded = store.seed_default_curriculum(&operator(None))?;
            Ok(format!(
                "database ready: {}{}\n",
                path.display(),
                if seeded {
                    " (default curriculum added)"
                } else {
                    ""
                }
            ))
        }
        Command::Demo => {
            let loaded = demo::load(store, dates::today())?;
            let n = store.personnel_count(demo::DEMO_CODE)?;
            Ok(if loaded {
                format!("demo contingent {} loaded: {n} people\n", demo::DEMO_CODE)
            } else {
                format!(
                    "demo contingent {} is already loaded ({n} people)\n",
                    demo::DEMO_CODE
                )
            })
        }
        Command::Contingent(c) => contingent(store, c),
        Command::Curriculum(c) => curriculum(store, c),
        Command::Import(i) => super::sheets::import(store, i),
        Command::Template(a) => super::sheets::template(store, a),
        Command::Export(e) => super::sheets::export(store, e),
        Command::Log(a) => log(store, a),
        Command::Amend(a) => amend(store, a),
        Command::Person(p) => super::person::run(store, p),
        Command::Void(a) => {
            let rec = store.attempt(&a.record_id)?;
            store.void(&rec.attempt.id, &a.by, &a.reason)?;
            // A correction voided withdraws the session: what it corrected stays replaced
            // (the app's void form says so before; here, after, with the way back).
            if let Some(corrected) = &rec.attempt.supersedes {
                say!(
                    "note: {} corrected {}, which stays replaced: no record of this session counts for {} now; if only the correction was wrong, log the session again as it was",
                    short(&rec.attempt.id),
                    short(corrected),
                    rec.attempt.module
                );
            }
            Ok(format!("voided {}\n", short(&rec.attempt.id)))
        }
        Command::History {
            service_number,
            format,
        } => history(store, &service_number, format),
        Command::Readiness {
            code,
            as_of,
            format,
        } => {
            let as_of = match as_of {
                Some(s) => date_arg("as-of", &s)?,
                None => dates::today(),
            };
            let r = readiness::readiness(store, &code, as_of)?;
            // On stderr, so the JSON or CSV on stdout stays what a script reads.
            if let Some(p) = r.hollow() {
                say!("muster: warning: {p}");
            }
            Ok(match format {
                Format::Json => json(&r),
                Format::Csv => readiness_csv(&r),
                Format::Table => readiness_table(&r),
            })
        }
        Command::Report(a) => super::reports::report(store, a),
        Command::Validate(a) => super::reports::validate(store, a),
        Command::Validations(a) => super::reports::validations(store, a),
        Command::Verify(a) => super::reports::verify(store, a),
        Command::Key(k) => super::keys::run(store, k),
        Command::Sync(s) => super::sync::run(store, s),
        Command::Due(a) => super::reports::due(store, a),
        Command::Check { .. } => unreachable!("handled before the database is opened"),
        Command::Audit { entity, limit } => {
            let mut t = TextTable::new(["when (UTC)", "who", "action", "what", "id"]);
            for e in store.audit_log(entity.as_deref(), limit)? {
                t.row([e.at, e.actor, e.action, e.entity, e.entity_id]);
            }
            Ok(t.render())
        }
    }
}

fn contingent(store: &mut Store, c: ContingentCmd) -> Result<String> {
    match c {
        ContingentCmd::Add {
            code,
            name,
            mission,
            parent_unit,
            training_start,
            deploy_on,
            tour_months,
            by,
        } => {
            let c = store.add_contingent(
                &Contingent {
                    code,
                    name,
                    mission,
                    parent_unit,
                    training_start: date_arg("training-start", &training_start)?,
                    deploy_on: date_arg("deploy-on", &deploy_on)?,
                    tour_months,
                },
                &operator(by),
            )?;
            Ok(format!(
                "contingent {} added: training {} → deployment {} → tour end {}\n",
                c.code,
                c.training_start,
                c.deploy_on,
                c.tour_end()
            ))
        }
        ContingentCmd::Archive { code, reason, by } => Ok(
            if store.archive_contingent(&code, &operator(by), &reason)? {
                format!(
                    "{} archived: it no longer shows in the app or in `muster contingent list`; \
                     nothing was deleted (`muster contingent restore {}` brings it back)\n",
                    code.trim(),
                    code.trim()
                )
            } else {
                format!("{} was already archived\n", code.trim())
            },
        ),
        ContingentCmd::Restore { code, by } => {
            Ok(if store.restore_contingent(&code, &operator(by))? {
                format!(
                    "{} is in use again\n{}",
                    code.trim(),
                    overlap_warning(store, &code)?
                )
            } else {
                format!("{} was not archived\n", code.trim())
            })
        }
        ContingentCmd::Edit {
            code,
            name,
            mission,
            parent_unit,
            training_start,
            deploy_on,
            tour_months,
            by,
        } => {
            let was = store.contingent(&code)?;
            let date = |flag: &str, v: Option<String>, was| match v {
                Some(s) => date_arg(flag, &s),
                None => Ok(was),
            };
            let now = Contingent {
                name: name.unwrap_or(was.name.clone()),
                mission: mission.unwrap_or(was.mission.clone()),
                parent_unit: parent_unit.unwrap_or(was.parent_unit.clone()),
                training_start: date("training-start", training_start, was.training_start)?,
                deploy_on: date("deploy-on", deploy_on, was.deploy_on)?,
                tour_months: tour_months.unwrap_or(was.tour_months),
                ..was.clone()
            };
            let changed = store.edit_contingent(&code, &now, &operator(by))?;
            if changed.is_empty() {
                return Ok(format!("{} is unchanged: it says that already\n", was.code));
            }
            let mut out = String::new();
            for (field, before, after) in changed {
                out.push_str(&format!("{}: {field}: {before} → {after}\n", was.code));
            }
            // New dates can make its span overlap another rotation's.
            out.push_str(&overlap_warning(store, &was.code)?);
            Ok(out)
        }
        ContingentCmd::List { format, all } => contingent_list(store, format, all),
    }
}

/// How many people an overlap warning names; the rest are counted.
const OVERLAP_NAMED: usize = 20;

/// A warning when people on the rotation's roster are on the roster of another rotation in
/// use whose span overlaps it (after its dates changed, or it came back from the archive),
/// as a roster import warns: empty when there are none.
fn overlap_warning(store: &Store, code: &str) -> Result<String> {
    let both = store.also_on_overlapping_rotations(code)?;
    if both.is_empty() {
        return Ok(String::new());
    }
    let mut others: Vec<&str> = both
        .iter()
        .flat_map(|a| a.rotations.iter().map(String::as_str))
        .collect();
    others.sort_unstable();
    others.dedup();
    let numbers: Vec<String> = both.iter().map(|a| a.service_number.clone()).collect();
    Ok(format!(
        "warning: {} on the roster of {} {} also on the roster of {}, whose training and tour overlap: {}; a soldier serves in one rotation at a time: take each off the roster they left (`muster person remove`)\n",
        count(both.len(), "person", "people"),
        code.trim(),
        if both.len() == 1 { "is" } else { "are" },
        others.join(", "),
        render::some_of(&numbers, OVERLAP_NAMED)
    ))
}

/// The rotations in use, then (with `--all`) the archived ones with when they were archived.
fn contingent_list(store: &Store, format: Shape, with_archived: bool) -> Result<String> {
    let in_use = store.contingents()?;
    let archived = if with_archived {
        store.archived_contingents()?
    } else {
        Vec::new()
    };
    if format == Shape::Json {
        if !with_archived {
            return Ok(json(&in_use));
        }
        let rows: Vec<serde_json::Value> = in_use
            .iter()
            .map(|c| serde_json::json!({"contingent": c, "archived_at": null, "archived_by": null}))
            .chain(archived.iter().map(|a| {
                serde_json::json!({
                    "contingent": a.contingent,
                    "archived_at": a.archived_at,
                    "archived_by": a.archived_by,
                })
            }))
            .collect();
        return Ok(json(&rows));
    }
    let rows: Vec<(&Contingent, String)> = in_use
        .iter()
        .map(|c| (c, "in use".to_string()))
        .chain(archived.iter().map(|a| {
            let day = a.archived_at.get(..10).unwrap_or(&a.archived_at);
            (&a.contingent, format!("archived {day}"))
        }))
        .collect();
    if rows.is_empty() {
        let hidden = store.archived_contingents()?.len();
        return Ok(if hidden > 0 {
            format!(
                "no contingents in use; {hidden} archived: see `muster contingent list --all`\n"
            )
        } else {
            "no contingents yet: add one with `muster contingent add`, or try `muster demo`\n"
                .into()
        });
    }
    let mut head = vec![
        "code",
        "name",
        "mission",
        "parent unit",
        "training start",
        "deploy on",
        "tour end",
        "personnel",
    ];
    if with_archived {
        head.push("state");
    }
    let mut t = TextTable::new(head);
    for (c, state) in rows {
        let mut row = vec![
            c.code.clone(),
            c.name.clone(),
            c.mission.clone(),
            c.parent_unit.clone(),
            c.training_start.to_string(),
            c.deploy_on.to_string(),
            c.tour_end().to_string(),
            store.personnel_count(&c.code)?.to_string(),
        ];
        if with_archived {
            row.push(state);
        }
        t.row(row);
    }
    Ok(t.render())
}

fn curriculum(store: &mut Store, c: CurriculumCmd) -> Result<String> {
    match c {
        CurriculumCmd::List { format, all } => {
            let modules = store.modules(all)?;
            Ok(match format {
                Format::Json => json(&modules),
                Format::Csv => render::csv(
                    &[
                        "code",
                        "title",
                        "per_rotation",
                        "validity_months",
                        "applies_to",
                        "hours",
                        "retired",
                        "title_ru",
                        "title_kk",
                    ],
                    modules.iter().map(|m| {
                        vec![
                            m.code.clone(),
                            m.title.clone(),
                            m.per_rotation.to_string(),
                            opt(&m.validity_months),
                            applies(m),
                            num(Some(m.hours)),
                            m.retired.to_string(),
                            m.title_ru.clone().unwrap_or_default(),
                            m.title_kk.clone().unwrap_or_default(),
                        ]
                    }),
                ),
                Format::Table => {
                    let mut t = TextTable::new([
                        "code",
                        "module",
                        "per rotation",
                        "valid for",
                        "applies to",
                        "hours",
                    ]);
                    for m in &modules {
                        t.row([
                            m.code.clone() + if m.retired { " (retired)" } else { "" },
                            m.title.clone(),
                            if m.per_rotation { "yes" } else { "no" }.into(),
                            m.validity_months
                                .map_or("–".into(), |v| format!("{v} months")),
                            if m.applies_to.is_empty() {
                                "everyone".into()
                            } else {
                                applies(m)
                            },
                            num(Some(m.hours)),
                        ]);
                    }
                    t.render()
                }
            })
        }
        CurriculumCmd::Add {
            code,
            title,
            title_ru,
            title_kk,
            per_rotation,
            validity_months,
            applies_to,
            hours,
            pass_mark,
            by,
        } => {
            let m = store.add_module(
                &Module {
                    code,
                    title,
                    title_ru,
                    title_kk,
                    per_rotation,
                    validity_months,
                    applies_to: values::categories(&applies_to)?,
                    hours,
                    pass_mark,
                    retired: false,
                },
                &operator(by),
            )?;
            Ok(format!("module {} added\n", m.code))
        }
        CurriculumCmd::Set {
            code,
            title,
            title_ru,
            title_kk,
            validity_months,
            applies_to,
            per_rotation,
            hours,
            pass_mark,
            by,
        } => {
            let hours = match hours.as_deref().map(|h| number_or_none("hours", h)) {
                Some(Ok(None)) => {
                    return Err(Error::invalid(
                        "--hours: give a number of hours (0 for none planned)",
                    ))
                }
                other => other.transpose()?.flatten(),
            };
            let patch = ModulePatch {
                title,
                title_ru,
                title_kk,
                validity_months,
                applies_to: applies_to.as_deref().map(values::categories).transpose()?,
                per_rotation,
                hours,
                pass_mark: pass_mark
                    .as_deref()
                    .map(|p| number_or_none("pass-mark", p))
                    .transpose()?,
            };
            let m = store.change_module(&code, &patch, &operator(by))?;
            Ok(format!("module {} changed\n", m.code))
        }
        CurriculumCmd::Retire { code, reason, by } => {
            store.retire_module(&code, &operator(by), &reason)?;
            Ok(format!("module {} retired\n", code.trim().to_uppercase()))
        }
        CurriculumCmd::Restore { code, reason, by } => {
            store.restore_module(&code, &operator(by), &reason)?;
            Ok(format!(
                "module {} is in the curriculum again\n",
                code.trim().to_uppercase()
            ))
        }
    }
}

fn applies(m: &Module) -> String {
    m.applies_to
        .iter()
        .map(|c| c.as_str())
        .collect::<Vec<_>>()
        .join(",")
}

fn number_or_none(flag: &str, s: &str) -> Result<Option<f64>> {
    if s.trim().eq_ignore_ascii_case("none") {
        return Ok(None);
    }
    s.trim()
        .replace(',', ".")
        .parse()
        .map(Some)
        .map_err(|_| Error::invalid(format!("--{flag}: {s:?} is not a number (or \"none\")")))
}

/// `--score`: a number, or as a spreadsheet shows it (`85%`, `84,5 %`), as a file's cell
/// reads (`import::values::score`); `none` clears it.
fn score_or_none(s: &str) -> Result<Option<f64>> {
    if s.trim().eq_ignore_ascii_case("none") {
        return Ok(None);
    }
    match muster::checks::score_text(s) {
        Ok(Some(v)) => Ok(Some(v)),
        Ok(None) => Err(Error::invalid(format!(
            "--score: {s:?} is not a number (or \"none\")"
        ))),
        Err(e) => Err(Error::invalid(format!("--score: {e}"))),
    }
}

fn log(store: &mut Store, a: LogArgs) -> Result<String> {
    let result: Outcome = a.result.parse()?;
    let session = Session {
        module: a.module.clone(),
        date: date_arg("date", &a.date)?,
        result,
        score: a.score.as_deref().map(score_or_none).transpose()?.flatten(),
        hours: a
            .hours
            .as_deref()
            .map(|s| number_or_none("hours", s))
            .transpose()?
            .flatten(),
        instructor: a.instructor.clone(),
        notes: a.notes.clone(),
        attendees: a.attendees.clone(),
        individual: AttendeeResult::from_flags(&a.failed, &a.score_for, result)?,
    };
    let entries = session.entries()?;
    let ids = store.log_session(&entries, &a.by)?;
    let failed = entries.iter().filter(|e| e.result == Outcome::Fail).count();
    let mut out = format!(
        "recorded {} for {} on {}: {} passed, {failed} failed\n",
        a.module.trim().to_uppercase(),
        super::render::count(ids.len(), "attendee", "attendees"),
        session.date,
        entries.len() - failed,
    );
    for (sn, id) in a.attendees.iter().zip(&ids) {
        out += &format!("  {sn}  {}\n", short(id));
    }
    note_before_training(store, &a.module, session.date, &a.attendees)?;
    note_on_no_roster(store, &a.attendees)?;
    Ok(out)
}

/// Says, on the error stream, which attendees are on no roster (taken off, or never put
/// on one): the records are kept, but count towards no rotation's readiness until they
/// are put back. A list typed from an old sign-in sheet shows up here.
fn note_on_no_roster(store: &Store, attendees: &[String]) -> Result<()> {
    let mut off = Vec::new();
    for sn in attendees {
        if store.assignments(sn)?.is_empty() {
            off.push(sn.trim().to_string());
        }
    }
    if !off.is_empty() {
        say!(
            "note: {} {} on no roster: recorded, but counted towards no rotation until put back on one (`muster person assign SN --contingent CODE`)",
            super::render::some_of(&off, 5),
            if off.len() == 1 { "is" } else { "are" }
        );
    }
    Ok(())
}

/// Says, on the error stream, when a correction now decides a day it did not: another
/// counting record of the same person, module and day reads otherwise, and a correction
/// counts as entered when it is made, after that one (rule 2). A score put right on a
/// morning's fail then outweighs the afternoon's pass.
fn note_same_day(store: &Store, new: &muster::domain::Attempt) -> Result<()> {
    let other = store.history(&new.service_number)?.into_iter().rfind(|h| {
        h.attempt.id != new.id
            && h.attempt.module == new.module
            && h.attempt.date == new.date
            && h.state == muster::domain::RecordState::Active
            && h.attempt.result != new.result
    });
    if let Some(o) = other {
        say!(
            "note: {} has another record of {} on {} that reads {} (record {}); a correction counts as entered now, after it, so this {} decides that day now. If the other came later that day, correct it too (`muster amend {} …`) so it stays the last word",
            new.service_number,
            new.module,
            new.date,
            o.attempt.result,
            short(&o.attempt.id),
            new.result,
            short(&o.attempt.id),
        );
    }
    Ok(())
}

/// Says, on the error stream as the report's note is (the output stays what was saved),
/// when a record of a module taken again each rotation, logged or corrected to `date`,
/// counts for no rotation of those attendees whose training started after it.
fn note_before_training(
    store: &Store,
    module: &str,
    date: chrono::NaiveDate,
    attendees: &[String],
) -> Result<()> {
    for b in store.before_training(module, date, attendees)? {
        say!(
            "note: {} is taken again each rotation, and {} is before {}'s training started ({}): recorded, but it does not count towards {} for {}",
            module.trim().to_uppercase(),
            date,
            b.contingent,
            b.training_start,
            b.contingent,
            super::render::some_of(&b.attendees, 5),
        );
    }
    Ok(())
}

fn amend(store: &mut Store, a: AmendArgs) -> Result<String> {
    let patch = AttemptPatch {
        module: a.module,
        date: a.date.as_deref().map(|d| date_arg("date", d)).transpose()?,
        result: a.result.as_deref().map(str::parse).transpose()?,
        score: a.score.as_deref().map(score_or_none).transpose()?,
        hours: a
            .hours
            .as_deref()
            .map(|s| number_or_none("hours", s))
            .transpose()?,
        instructor: a.instructor,
        notes: a.notes,
    };
    if patch == AttemptPatch::default() {
        return Err(Error::invalid(
            "nothing to change: give at least one of --module, --date, --result, --score, --hours, --instructor, --notes",
        ));
    }
    let old = store.attempt(&a.record_id)?;
    let id = store.amend(&old.attempt.id, &patch, &a.by, &a.reason)?;
    let new = store.attempt(&id)?.attempt;
    note_same_day(store, &new)?;
    note_before_training(store, &new.module, new.date, &[new.service_number])?;
    Ok(format!(
        "record {} amended: the correction is {}\n",
        short(&old.attempt.id),
        short(&id)
    ))
}

fn history(store: &Store, sn: &str, format: Shape) -> Result<String> {
    let person = store.person(sn)?;
    let h = store.history(sn)?;
    if format == Shape::Json {
        return Ok(json(&serde_json::json!({ "person": person, "records": h })));
    }
    let rosters = store.assignments(sn)?;
    let rosters = if rosters.is_empty() {
        "on no roster".to_string()
    } else {
        rosters.join(", ")
    };
    // A detail not on file is left out, not shown as an empty ", ,".
    let who = [person.rank.as_str(), &person.full_name()]
        .into_iter()
        .filter(|s| !s.trim().is_empty())
        .collect::<Vec<_>>()
        .join(" ");
    let mut out = [
        format!("{who} ({})", person.service_number),
        person.unit.clone(),
        rosters,
    ]
    .into_iter()
    .filter(|s| !s.trim().is_empty())
    .collect::<Vec<_>>()
    .join(", ")
        + "\n";
    let mut t = TextTable::new([
        "date",
        "module",
        "result",
        "score",
        "state",
        "recorded by",
        "record id",
        "note",
    ]);
    for e in &h {
        let a = &e.attempt;
        let note = match (&e.voided, &e.superseded_by, &a.reason) {
            (Some(v), _, _) => {
                format!("voided by {} at {}: {}", v.voided_by, v.voided_at, v.reason)
            }
            (None, Some(by), _) => match &e.moved_to {
                Some(sn) => format!("moved to {sn} as {}", short(by)),
                None if e.overruled => {
                    format!("overruled: {} counts (corrected on two laptops)", short(by))
                }
                None => format!("amended by {}", short(by)),
            },
            (None, None, Some(r)) => {
                let of = short(a.supersedes.as_deref().unwrap_or(""));
                match &e.moved_from {
                    Some(sn) => format!("moved from {sn} ({of}): {r}"),
                    None => format!("corrects {of}: {r}"),
                }
            }
            _ => String::new(),
        };
        t.row([
            a.date.to_string(),
            a.module.clone(),
            a.result.to_string(),
            num(a.score),
            format!("{:?}", e.state).to_lowercase(),
            format!("{} {}", a.recorded_by, a.recorded_at),
            short(&a.id).to_string(),
            note,
        ]);
    }
    out += &if h.is_empty() {
        "no records\n".into()
    } else {
        t.render()
    };
    Ok(out)
}

fn readiness_table(r: &Readiness) -> String {
    let c = &r.contingent;
    let s = &r.summary;
    // The status words, ready and not ready are the glossary's, as the report and the
    // screens have them; "READY" is its word upper-cased, so the ready stand out.
    let g = &muster::glossary::EN;
    let ready_loud = g.ready.to_uppercase();
    let mut out = format!(
        "{} — {} · {}{}\ntraining {} → deployment {} ({}) → tour end {} · as of {}\n\n{ready_loud}: {} of {} ({}%)\n\n",
        c.code,
        c.name,
        c.mission,
        if c.parent_unit.is_empty() { String::new() } else { format!(" with {}", c.parent_unit) },
        c.training_start,
        c.deploy_on,
        match c.days_to_deployment {
            1 => "1 day".to_string(),
            -1 => "deployed 1 day ago".to_string(),
            d if d < 0 => format!("deployed {} days ago", -d),
            d => format!("{d} days"),
        },
        c.tour_end,
        r.as_of,
        s.ready,
        s.personnel,
        s.percent
    );
    let mut t = TextTable::new(["", "personnel", g.ready, "%"]);
    let group = |t: &mut TextTable, name: String, tally: &readiness::Tally| {
        t.row([
            name,
            tally.personnel.to_string(),
            tally.ready.to_string(),
            tally.percent.to_string(),
        ]);
    };
    for (u, tally) in s.units_in_order() {
        group(&mut t, format!("unit {u}"), tally);
    }
    for (k, tally) in &s.by_category {
        group(&mut t, format!("category {}", k.as_str()), tally);
    }
    for (g, tally) in &s.by_gender {
        group(
            &mut t,
            if g.as_str() == "F" {
                "women".into()
            } else {
                "men".into()
            },
            tally,
        );
    }
    out += &t.render();
    out.push('\n');
    let mut t = TextTable::new([
        "module",
        g.complete,
        g.expiring,
        g.lapses,
        g.expired,
        g.failed,
        g.missing,
        g.not_required,
    ]);
    for m in &r.modules {
        t.row([
            m.code.clone(),
            m.complete.to_string(),
            m.expiring.to_string(),
            m.lapses_before_deployment.to_string(),
            m.expired.to_string(),
            m.failed.to_string(),
            m.missing.to_string(),
            m.not_required.to_string(),
        ]);
    }
    out += &t.render();
    out.push('\n');
    let mut headers = vec![
        "service no".to_string(),
        "rank".into(),
        "name".into(),
        "unit".into(),
        g.ready.into(),
    ];
    headers.extend(r.modules.iter().map(|m| m.code.clone()));
    let mut t = TextTable::new(headers);
    for p in &r.personnel {
        let mut row = vec![
            p.service_number.clone(),
            p.rank.clone(),
            format!("{} {}", p.family_name, p.given_name),
            p.unit.clone(),
            if p.ready {
                ready_loud.clone()
            } else {
                g.not_ready.into()
            },
        ];
        row.extend(r.modules.iter().map(|m| {
            muster::marks::reading_symbol(p.modules[m.code.as_str()].reading()).to_string()
        }));
        t.row(row);
    }
    out += &t.render();
    let legend: Vec<String> = muster::rules::Reading::ALL
        .iter()
        .map(|r| format!("{} {}", muster::marks::reading_symbol(*r), g.reading(*r)))
        .collect();
    out += &format!("\n{}\n", legend.join("  "));
    out
}

fn readiness_csv(r: &Readiness) -> String {
    let mut headers: Vec<String> = [
        "service_number",
        "family_name",
        "given_name",
        "rank",
        "unit",
        "category",
        "gender",
        "ready",
    ]
    .map(String::from)
    .to_vec();
    for m in &r.modules {
        headers.push(m.code.clone());
        headers.push(format!("{}_completed_on", m.code));
        headers.push(format!("{}_expires_on", m.code));
    }
    let hdr: Vec<&str> = headers.iter().map(String::as_str).collect();
    render::csv(
        &hdr,
        r.personnel.iter().map(|p| {
            let mut row = vec![
                p.service_number.clone(),
                p.family_name.clone(),
                p.given_name.clone(),
                p.rank.clone(),
                p.unit.clone(),
                p.category.as_str().into(),
                p.gender.as_str().into(),
                p.ready.to_string(),
            ];
            for m in &r.modules {
                let s = &p.modules[m.code.as_str()];
                row.push(s.status.as_str().into());
                row.push(opt(&s.completed_on));
                row.push(opt(&s.expires_on));
            }
            row
        }),
    )
}
