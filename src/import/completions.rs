//! A training log: completion records for people already on a roster. The same file twice
//! adds nothing the second time.

use std::path::Path;

use super::{values, ImportKind, ImportReport, Record, RowFault, Table};
use crate::checks;
use crate::dates;
use crate::domain::NewAttempt;
use crate::error::{Problem, Result};
use crate::store::Store;
use crate::text;

pub const FIELDS: [&str; 8] = [
    "service_number",
    "module",
    "date",
    "result",
    "score",
    "hours",
    "instructor",
    "notes",
];
const REQUIRED: [&str; 4] = ["service_number", "module", "date", "result"];

pub fn import_completions(
    store: &mut Store,
    table: Table,
    file: &Path,
    by: &str,
    dry_run: bool,
    progress: &mut dyn FnMut(usize),
) -> Result<ImportReport> {
    let by = text::operator(by)?;
    let mut report = ImportReport::new(ImportKind::Completions, file, &table, dry_run);
    let cols = table.columns(&FIELDS);
    super::check_header(&mut report, &table, &FIELDS, &REQUIRED, &cols);
    if !report.errors.is_empty() {
        return Ok(report);
    }
    let names = super::column_names(&table, &FIELDS, &cols);
    let source = table.source.clone();
    let mut w = store.writer()?;
    report.note_earlier(&w)?;
    let import_id = w.begin_import("completions", &source, None, &by)?;
    for row in table {
        let rec = match row {
            Ok(r) => r,
            Err(RowFault::Row(line, msg)) => {
                report.error(line, "", msg);
                continue;
            }
            // A limit passed or a workbook broken halfway: nothing of the file is kept
            // (the transaction is dropped, not committed).
            Err(RowFault::Stop(e)) => return Err(e),
        };
        report.rows += 1;
        if report.rows.is_multiple_of(10_000) {
            progress(report.rows);
        }
        let a = match parse_row(&rec, &cols) {
            Ok(a) => a,
            Err(errors) => {
                errors
                    .into_iter()
                    .for_each(|(f, m)| report.error(rec.line, f, m));
                continue;
            }
        };
        let Some((mid, module)) = w.module(&a.module)? else {
            report.error(
                rec.line,
                "module",
                Problem::ModuleNotInCurriculum {
                    module: a.module.into(),
                },
            );
            continue;
        };
        let a = match checks::attempt(&a, &module) {
            Ok(a) => a,
            Err(e) => {
                let msg = e.to_string();
                let field = FIELDS
                    .iter()
                    .find(|f| msg.starts_with(**f))
                    .copied()
                    .unwrap_or("");
                report.error(rec.line, field, e.problem());
                continue;
            }
        };
        let Some(pid) = w.person_id(&a.service_number)? else {
            report.error(
                rec.line,
                "service_number",
                Problem::NoSuchSoldier {
                    value: a.service_number.into(),
                },
            );
            continue;
        };
        if !report.errors.is_empty() {
            continue; // keep checking, stop writing
        }
        if w.has_identical(pid, mid, &a)? {
            report.attempts_unchanged += 1;
        } else {
            w.add_attempt(pid, mid, &a, &by, None)?;
            report.attempts_new += 1;
        }
    }
    progress(report.rows);
    if report.rows == 0 && report.errors.is_empty() {
        report.error(2, "", Problem::NoRows);
    }
    if report.errors.is_empty() && !dry_run {
        let summary = serde_json::json!({
            "rows": report.rows, "new": report.attempts_new, "unchanged": report.attempts_unchanged,
        });
        w.audit(
            &by,
            "import",
            "completions",
            &report.file,
            super::NO_VALUE,
            Some(&summary),
        )?;
        w.finish_import(&report.counts())?;
        w.commit()?;
        report.committed = true;
        report.import_id = Some(import_id);
    }
    report.locate(&names);
    Ok(report)
}

fn parse_row(
    rec: &Record,
    cols: &[Option<usize>],
) -> std::result::Result<NewAttempt, Vec<(&'static str, Problem)>> {
    let get = |f: usize| {
        cols[f]
            .and_then(|c| rec.cells.get(c))
            .map_or("", |s| s.as_str())
    };
    let mut errors: Vec<(&'static str, Problem)> = Vec::new();
    let mut take = |field: &'static str, e: crate::error::Error| errors.push((field, e.problem()));
    let sn = text::service_number(get(0))
        .map_err(|e| take("service_number", e))
        .ok();
    let module = text::required("module", get(1))
        .map_err(|e| take("module", e))
        .ok();
    let date = dates::parse(get(2)).map_err(|e| take("date", e)).ok();
    let result = values::outcome(get(3)).map_err(|e| take("result", e)).ok();
    let score = values::number("score", get(4))
        .map_err(|e| take("score", e))
        .ok();
    let hours = values::number("hours", get(5))
        .map_err(|e| take("hours", e))
        .ok();
    match (sn, module, date, result, score, hours) {
        (Some(sn), Some(module), Some(date), Some(result), Some(score), Some(hours)) => {
            Ok(NewAttempt {
                service_number: sn,
                module,
                date,
                result,
                score,
                hours,
                instructor: get(6).to_string(),
                notes: get(7).to_string(),
            })
        }
        _ => Err(errors),
    }
}
