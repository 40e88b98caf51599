//! Spreadsheets in and out on the command line: imports (with preview and history),
//! undo, templates and exports. Thin: each command calls the core and words the result.

use std::path::Path;

use muster::export::{self, TemplateKind};
use muster::import::{self, ImportReport, OpenOptions, Table};
use muster::problem::Shown;
use muster::{dates, Error, Result, Store};

use super::args::{
    operator, ExportCmd, ImportArgs, ImportCmd, Shape, TemplateArgs, TemplateKindArg, UndoArgs,
};
use super::render::{count, some_of, TextTable};

fn json(v: &impl serde::Serialize) -> String {
    serde_json::to_string_pretty(v).expect("serialisable") + "\n"
}

fn open(file: &Path, common: &ImportArgs) -> Result<Table> {
    Table::open(
        file,
        &OpenOptions {
            sheet: common.sheet.clone(),
            encoding: common.encoding.clone(),
        },
    )
}

pub fn import(store: &mut Store, i: ImportCmd) -> Result<String> {
    let (file, common, report) = match i {
        ImportCmd::History { format } => return history(store, format),
        ImportCmd::Undo(u) => return undo(store, u),
        ImportCmd::Roster {
            file,
            contingent,
            common,
        } => {
            let table = open(&file, &common)?;
            let r = import::import_roster(
                store,
                table,
                &file,
                &contingent,
                &operator(common.by.clone()),
                common.dry_run,
            )?;
            (file, common, r)
        }
        ImportCmd::Completions { file, common } => {
            let table = open(&file, &common)?;
            let tty = std::io::IsTerminal::is_terminal(&std::io::stderr());
            let mut progress = |n: usize| {
                if tty {
                    eprint!("\r{n} rows read…");
                }
            };
            let r = import::import_completions(
                store,
                table,
                &file,
                &operator(common.by.clone()),
                common.dry_run,
                &mut progress,
            )?;
            if tty {
                eprint!("\r\x1b[K");
            }
            (file, common, r)
        }
    };
    if common.format == Shape::Json {
        let out = json(&report);
        // A bad file is a failure in a dry run too: a script reads the exit status.
        if !report.errors.is_empty() {
            print!("{out}");
            return Err(import_error(&file, report));
        }
        return Ok(out);
    }
    if !report.errors.is_empty() {
        return Err(import_error(&file, report));
    }
    Ok(import_summary(&report))
}

/// Prints every listed error (one line each, as `muster: FILE: line …`) and returns the
/// one-line summary.
fn import_error(path: &Path, report: ImportReport) -> Error {
    let file = path.display();
    for w in &report.warnings {
        say!("muster: warning: {w}");
    }
    for e in &report.errors {
        say!("muster: {file}: {e}");
    }
    if report.errors_not_listed > 0 {
        say!(
            "muster: {file}: … and {} more errors, not listed",
            report.errors_not_listed
        );
    }
    // Rows, not problems: a row wrong in two fields is one bad row; a header that lacks
    // columns is the header, not rows.
    use muster::problem::Problem as P;
    let no_rows = |e: &&import::RowError| matches!(e.problem, P::NoRows);
    let of_header = |e: &&import::RowError| {
        matches!(
            e.problem,
            P::MissingColumn { .. } | P::DuplicateColumn { .. }
        )
    };
    let mut lines: Vec<usize> = report
        .errors
        .iter()
        .filter(|e| e.line > 0 && !of_header(e) && !no_rows(e))
        .map(|e| e.line)
        .collect();
    lines.sort_unstable();
    lines.dedup();
    let rows = lines.len() + report.errors_not_listed;
    if rows == 0 && report.errors.iter().any(|e| no_rows(&e)) {
        return Error::invalid(format!("no rows to import in {file}; nothing was imported"));
    }
    if rows == 0 {
        return Error::invalid(format!(
            "the header row of {file}{} is not one Muster can read (see above): it is looked for in the first {} lines{}; nothing was imported{}",
            report
                .sheet
                .as_deref()
                .map(|s| format!(" (sheet \"{}\")", Shown::new(s)))
                .unwrap_or_default(),
            import::HEADER_SEARCH,
            other_sheets(path, report.sheet.as_deref()),
            other_kind(&report)
        ));
    }
    Error::invalid(format!(
        "{} in {file}; nothing was imported",
        count(rows, "bad row", "bad rows")
    ))
}

/// The workbook's other sheets, for a header not found on the one read: the data may be
/// on another (a cover or instructions sheet first).
fn other_sheets(path: &Path, read: Option<&str>) -> String {
    let Ok(names) = import::sheet_names(path) else {
        return String::new();
    };
    let others: Vec<String> = names
        .iter()
        .filter(|n| Some(n.as_str()) != read)
        .take(10)
        .map(|n| Shown::new(n).to_string())
        .collect();
    if others.is_empty() {
        return String::new();
    }
    format!(
        "; the workbook's other sheets: {} (name one with --sheet)",
        others.join(", ")
    )
}

/// A hint when the header's missing columns say the file is the other kind: a roster
/// given to `import completions`, or the reverse.
fn other_kind(report: &ImportReport) -> &'static str {
    let missing: Vec<&str> = report
        .errors
        .iter()
        .filter_map(|e| match &e.problem {
            muster::problem::Problem::MissingColumn { field, .. } => Some(field.name()),
            _ => None,
        })
        .collect();
    // A header with no service number is neither kind: nothing to suggest.
    if missing.contains(&"service_number") {
        return "";
    }
    match report.kind {
        import::ImportKind::Completions
            if missing.contains(&"module") && missing.contains(&"result") =>
        {
            " (if this is a roster, import it with `muster import roster FILE --contingent CODE`)"
        }
        import::ImportKind::Roster
            if missing.contains(&"family_name") && missing.contains(&"given_name") =>
        {
            " (if these are completion records, import them with `muster import completions FILE`)"
        }
        _ => "",
    }
}

fn import_summary(r: &ImportReport) -> String {
    let mut out = String::new();
    for w in &r.warnings {
        out += &format!("warning: {w}\n");
    }
    let verb = if r.dry_run {
        "would import"
    } else {
        "imported"
    };
    let from = match (&r.sheet, &r.encoding) {
        (Some(s), _) => format!(" (sheet \"{}\")", Shown::new(s)),
        (None, Some(e)) => format!(" ({e})"),
        _ => String::new(),
    };
    out += &match r.kind {
        import::ImportKind::Roster => format!(
            "{verb} {}{from}: {} new, {} updated, {} unchanged people; {} newly assigned\n",
            count(r.rows, "row", "rows"),
            r.people_new,
            r.people_updated,
            r.people_unchanged,
            r.assigned
        ),
        import::ImportKind::Completions => format!(
            "{verb} {}{from}: {}, {} already recorded\n",
            count(r.rows, "row", "rows"),
            count(r.attempts_new, "new record", "new records"),
            r.attempts_unchanged
        ),
    };
    for c in &r.changes {
        let fields: Vec<String> = c
            .fields
            .iter()
            .map(|f| {
                format!(
                    "{} {} → {}",
                    f.field.english(),
                    shown_or_empty(&f.old),
                    shown_or_empty(&f.new)
                )
            })
            .collect();
        out += &format!(
            "  line {}: {}: {}\n",
            c.line,
            c.service_number,
            fields.join("; ")
        );
    }
    if let Some(id) = r.import_id {
        out += &format!(
            "recorded as import #{id} (undo with `muster import undo {id} --by OPERATOR --reason TEXT`)\n"
        );
    }
    if r.dry_run {
        out += "dry run: nothing was written\n";
    }
    out
}

/// A detail's value in a change line: «as typed», or «–» for none.
fn shown_or_empty(v: &str) -> String {
    if v.is_empty() {
        "–".into()
    } else {
        format!("«{}»", Shown::new(v))
    }
}

fn history(store: &Store, format: Shape) -> Result<String> {
    let all = store.imports()?;
    if format == Shape::Json {
        return Ok(json(&all));
    }
    if all.is_empty() {
        return Ok("no imports yet\n".into());
    }
    let mut t = TextTable::new([
        "id",
        "when (UTC)",
        "who",
        "kind",
        "file",
        "sheet/encoding",
        "contingent",
        "rows",
        "added",
        "sha256",
        "undone",
    ]);
    for rec in &all {
        let i = &rec.facts;
        let added = match i.kind.as_str() {
            "roster" => format!(
                "{} new, {}",
                i.counts.people_new,
                count(i.counts.people_updated, "updated person", "updated people")
            ),
            _ => count(i.counts.attempts_new, "record", "records"),
        };
        t.row([
            rec.id.to_string(),
            i.imported_at.clone(),
            i.operator.clone(),
            i.kind.clone(),
            Shown::new(&i.file_name).to_string(),
            Shown::new(&i.sheet.clone().or(i.encoding.clone()).unwrap_or_default()).to_string(),
            i.contingent.clone().unwrap_or_default(),
            i.counts.rows.to_string(),
            added,
            i.sha256.get(..12).unwrap_or("").to_string(),
            match (&i.undone_at, &i.undone_by) {
                (Some(at), Some(by)) => format!("{at} by {by}"),
                _ => String::new(),
            },
        ]);
    }
    Ok(t.render())
}

fn undo(store: &mut Store, u: UndoArgs) -> Result<String> {
    // Said by the file and when it was read, never by this laptop's number for the import:
    // the reason goes with every record the undo voids, to laptops that number it otherwise.
    let reason = match u.reason {
        Some(r) => r,
        None => {
            let i = store.import_record(u.id)?;
            format!(
                "undo of the import of {} ({})",
                i.facts.file_name, i.facts.imported_at
            )
        }
    };
    let r = store.undo_import(u.id, &u.by, &reason)?;
    let mut out = format!(
        "import #{} ({}, {}) undone: {} voided, {} ended{}{}\n",
        r.id,
        r.kind,
        r.file_name,
        count(r.attempts_voided, "record", "records"),
        count(r.assignments_ended, "assignment", "assignments"),
        if r.details_restored > 0 || !r.details_kept.is_empty() {
            format!(
                ", {} put back as before the import",
                count(r.details_restored, "detail", "details")
            )
        } else {
            String::new()
        },
        if r.attempts_already_inactive > 0 {
            format!(
                "; {} already voided or corrected and left as {}",
                count(r.attempts_already_inactive, "record was", "records were"),
                if r.attempts_already_inactive == 1 {
                    "it was"
                } else {
                    "they were"
                }
            )
        } else {
            String::new()
        }
    );
    if let (Some(code), false) = (&r.contingent, r.taken_off.is_empty()) {
        out.push_str(&format!(
            "  taken off the roster of {code}: {}; put back anyone a later file lists with `muster person assign SERVICE_NUMBER --contingent {code}`\n",
            some_of(&r.taken_off, KEPT_LISTED)
        ));
    }
    for k in r.details_kept.iter().take(KEPT_LISTED) {
        out.push_str(&format!(
            "  kept: {} {} reads «{}»: a later edit decides it (by hand, another import or another laptop)\n",
            k.key, k.field, k.now
        ));
    }
    if r.details_kept.len() > KEPT_LISTED {
        out.push_str(&format!(
            "  … and {} more kept (see `muster person show` for each history)\n",
            r.details_kept.len() - KEPT_LISTED
        ));
    }
    Ok(out)
}

/// How many details a later edit decides, of an undone import's, are listed one by one.
const KEPT_LISTED: usize = 20;

pub fn template(store: &Store, a: TemplateArgs) -> Result<String> {
    if export::FileKind::of(&a.out)? != export::FileKind::Xlsx {
        return Err(Error::invalid(format!(
            "{}: a template is a workbook: name it .xlsx",
            a.out.display()
        )));
    }
    let kind = match a.kind {
        TemplateKindArg::Roster => TemplateKind::Roster,
        TemplateKindArg::Completions => TemplateKind::Completions,
    };
    export::write_template(store, kind, a.lang.0, &a.out)?;
    Ok(format!("template written: {}\n", a.out.display()))
}

pub fn export(store: &Store, e: ExportCmd) -> Result<String> {
    match e {
        ExportCmd::Matrix {
            code,
            out,
            as_of,
            lang,
        } => {
            let as_of = match as_of {
                Some(s) => super::commands::date_arg("as-of", &s)?,
                None => dates::today(),
            };
            let r = export::export_matrix(store, &code, as_of, lang.0, &out)?;
            if let Some(p) = r.hollow() {
                say!("muster: warning: {p}");
            }
            Ok(format!(
                "matrix of {} as of {} written: {} ({}, {} ready)\n",
                r.contingent.code,
                r.as_of,
                out.display(),
                count(r.summary.personnel, "person", "people"),
                r.summary.ready
            ))
        }
        ExportCmd::Roster { code, out } => {
            let n = export::export_roster(store, &code, &out)?;
            Ok(format!(
                "roster written: {} ({})\n",
                out.display(),
                count(n, "person", "people")
            ))
        }
        ExportCmd::Completions { code, out } => {
            let n = export::export_completions(store, &code, &out)?;
            Ok(format!(
                "completions written: {} ({n} records)\n",
                out.display()
            ))
        }
    }
}
