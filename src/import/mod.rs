//! Files in: rosters and completion logs as training offices keep them. A file imports
//! whole or not at all: every row is checked inside one transaction, and any bad row rolls
//! the whole file back, with each bad row reported by line, field and reason.

mod cells;
mod completions;
mod content;
mod decode;
mod guard;
pub mod headers;
mod hidden;
pub mod limits;
mod merged;
mod ods;
mod roster;
mod rows;
mod table;
pub mod values;
mod workbook;
mod xls;

use std::fmt;
use std::path::Path;

use serde::Serialize;

use crate::field::Field;
use crate::problem::{Problem, Shown};

pub use cells::number_text;
pub use completions::import_completions;
pub use decode::by_label as encoding_by_label;
pub use roster::import_roster;
pub use rows::{in_workbook_reader, RowFault};
pub use table::{sha256_file, OpenOptions, Record, RowResult, Table, HEADER_SEARCH};
pub use workbook::sheet_names;

pub use crate::store::ImportCounts;

/// The columns of a roster file, in the order Muster writes them.
pub fn roster_fields() -> &'static [&'static str] {
    &roster::FIELDS
}

/// The columns of a completions file, in the order Muster writes them.
pub fn completions_fields() -> &'static [&'static str] {
    &completions::FIELDS
}

/// A row that stopped the import.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct RowError {
    /// 1-based line in the file (the header is line 1).
    pub line: usize,
    /// The input at fault; none when the error is about the whole row or file.
    pub field: Option<Field>,
    /// The spreadsheet column as the user sees it, e.g. `C «Фамилия»` (empty when the
    /// error is about the whole row or a column that is missing).
    pub column: String,
    /// The problem in English, as the command line prints it.
    pub message: String,
    /// The same problem as data, for a front end that says it in another language.
    pub problem: Problem,
}

impl RowError {
    fn new(line: usize, field: Option<Field>, problem: Problem) -> RowError {
        RowError {
            line,
            field,
            column: String::new(),
            message: problem.to_string(),
            problem,
        }
    }
}

impl fmt::Display for RowError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.line == 0 {
            write!(f, "{}", self.message)
        } else if !self.column.is_empty() {
            write!(
                f,
                "line {}, column {}: {}",
                self.line, self.column, self.message
            )
        } else if let Some(field) = self.field {
            write!(f, "line {}, {}: {}", self.line, field, self.message)
        } else {
            write!(f, "line {}: {}", self.line, self.message)
        }
    }
}

/// Something worth a look that does not block the import.
pub type RowWarning = RowError;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub enum ImportKind {
    Roster,
    Completions,
}

/// A person on file whose details a roster row changes.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct PersonUpdate {
    pub line: usize,
    pub service_number: String,
    pub fields: Vec<crate::store::FieldChange>,
}

/// What an import did, or would do (dry run): counts, errors, warnings.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct ImportReport {
    pub kind: ImportKind,
    pub file: String,
    /// SHA-256 of the file's bytes.
    pub sha256: String,
    /// The worksheet read (workbooks) or the encoding read (CSV files).
    pub sheet: Option<String>,
    pub encoding: Option<String>,
    /// The number under which `muster import history` lists this import, once committed.
    #[cfg_attr(feature = "ts", ts(type = "number | null"))]
    pub import_id: Option<i64>,
    pub rows: usize,
    pub people_new: usize,
    pub people_updated: usize,
    pub people_unchanged: usize,
    pub assigned: usize,
    pub attempts_new: usize,
    pub attempts_unchanged: usize,
    /// The first `MAX_LISTED_ERRORS` errors; a file wrong on every one of a million rows
    /// must not fill memory with messages.
    pub errors: Vec<RowError>,
    /// Errors found beyond those listed.
    pub errors_not_listed: usize,
    pub warnings: Vec<RowWarning>,
    /// People on file whose details a roster changes, each with what changes (the first
    /// `MAX_LISTED_ERRORS`): a preview says whose name or unit a file would rewrite.
    pub changes: Vec<PersonUpdate>,
    pub dry_run: bool,
    /// True only when the rows are on disk.
    pub committed: bool,
}

impl ImportReport {
    fn new(kind: ImportKind, file: &Path, table: &Table, dry_run: bool) -> ImportReport {
        ImportReport {
            kind,
            file: file.display().to_string(),
            sha256: table.source.sha256.clone(),
            sheet: table.source.sheet.clone(),
            encoding: table.source.encoding.clone(),
            import_id: None,
            rows: 0,
            people_new: 0,
            people_updated: 0,
            people_unchanged: 0,
            assigned: 0,
            attempts_new: 0,
            attempts_unchanged: 0,
            errors: Vec::new(),
            errors_not_listed: 0,
            warnings: Vec::new(),
            changes: Vec::new(),
            dry_run,
            committed: false,
        }
    }

    /// Every error found, listed or not.
    pub fn error_count(&self) -> usize {
        self.errors.len() + self.errors_not_listed
    }

    fn error(&mut self, line: usize, field: Option<Field>, problem: Problem) {
        if self.errors.len() >= MAX_LISTED_ERRORS {
            self.errors_not_listed += 1;
            return;
        }
        self.errors.push(RowError::new(line, field, problem));
    }

    fn warn(&mut self, line: usize, field: Option<Field>, problem: Problem) {
        if self.warnings.len() >= MAX_LISTED_ERRORS {
            return;
        }
        self.warnings.push(RowError::new(line, field, problem));
    }

    /// The counts the import history keeps.
    pub fn counts(&self) -> ImportCounts {
        ImportCounts {
            rows: self.rows,
            people_new: self.people_new,
            people_updated: self.people_updated,
            people_unchanged: self.people_unchanged,
            assigned: self.assigned,
            attempts_new: self.attempts_new,
            attempts_unchanged: self.attempts_unchanged,
        }
    }

    /// Warns when the very same file (same SHA-256) was imported before, the same way
    /// (`kind`, into contingent row `contingent_id`), and not undone; returns when it was.
    fn note_earlier(
        &mut self,
        w: &crate::store::Writer<'_>,
        kind: &str,
        contingent_id: Option<i64>,
    ) -> crate::error::Result<Option<String>> {
        let Some(e) = w.earlier_import(&self.sha256, kind, contingent_id)? else {
            return Ok(None);
        };
        self.warn(
            0,
            None,
            Problem::AlreadyImported {
                id: e.id.to_string(),
                at: e.facts.imported_at.clone(),
                by: e.facts.operator,
            },
        );
        Ok(Some(e.facts.imported_at))
    }

    /// Names the spreadsheet column of every error and warning about a field.
    fn locate(&mut self, columns: &[(String, &str)]) {
        for e in self.errors.iter_mut().chain(self.warnings.iter_mut()) {
            if e.column.is_empty() && e.line > 1 {
                if let Some((name, _)) = columns
                    .iter()
                    .find(|(_, f)| Some(*f) == e.field.map(Field::name))
                {
                    e.column = name.clone();
                }
            }
        }
    }
}

/// The first `n` of `items`, comma-separated, and "…" when there are more: a warning names
/// a few, not thousands.
fn first_of(items: &[String], n: usize) -> String {
    let mut list: Vec<&str> = items.iter().take(n).map(String::as_str).collect();
    if items.len() > n {
        list.push("…");
    }
    list.join(", ")
}

/// The field a column of Muster's files holds (its header names one).
fn column_field(column: &str) -> Field {
    Field::from_name(column).expect("every column of Muster's files is a field")
}

/// Each field's column, named as the user sees it, for `ImportReport::locate`.
fn column_names(
    table: &Table,
    fields: &[&'static str],
    cols: &[Option<usize>],
) -> Vec<(String, &'static str)> {
    fields
        .iter()
        .zip(cols)
        .filter_map(|(f, c)| c.map(|c| (table.column_name(c), *f)))
        .collect()
}

/// How many errors (and warnings) a report lists; the rest are only counted.
pub const MAX_LISTED_ERRORS: usize = 10_000;

/// Audit entries of an import carry only the new summary.
const NO_VALUE: Option<&()> = None;

/// How many unknown column titles a warning names; the rest are counted.
const NAMED_UNKNOWN: usize = 3;

/// Every required column must be there, and no field twice; columns with a title Muster
/// does not read are one warning that counts them and names the first few.
fn check_header(
    report: &mut ImportReport,
    table: &Table,
    fields: &[&str],
    required: &[&str],
    cols: &[Option<usize>],
) {
    for (f, c) in fields.iter().zip(cols) {
        if c.is_none() && required.contains(f) {
            let field = column_field(f);
            report.error(
                table.header_line,
                Some(field),
                Problem::MissingColumn {
                    field,
                    title: headers::russian_title(f).to_string(),
                },
            );
        }
    }
    let mut unknown = Vec::new();
    for (i, h) in table.headers.iter().enumerate() {
        match headers::field_of(h) {
            Some(f) if fields.contains(&f) => {
                let first = cols[fields.iter().position(|x| *x == f).expect("a field")];
                if let Some(first) = first.filter(|&p| p != i) {
                    let field = column_field(f);
                    report.error(
                        table.header_line,
                        Some(field),
                        Problem::DuplicateColumn {
                            field,
                            first: Shown::composed(table.column_name(first)),
                            second: Shown::composed(table.column_name(i)),
                        },
                    );
                }
            }
            _ if !h.is_empty() => unknown.push(i),
            _ => {}
        }
    }
    match unknown.len() {
        0 => {}
        1 => report.warn(
            table.header_line,
            None,
            Problem::UnknownColumn {
                column: Shown::composed(table.column_name(unknown[0])),
            },
        ),
        n => {
            let mut named: Vec<String> = unknown
                .iter()
                .take(NAMED_UNKNOWN)
                .map(|&i| table.column_name(i))
                .collect();
            if n > NAMED_UNKNOWN {
                named.push("…".into());
            }
            report.warn(
                table.header_line,
                None,
                Problem::UnknownColumns {
                    count: n.to_string(),
                    columns: Shown::composed(named.join(", ")),
                },
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn errors_past_the_limit_are_counted_not_kept() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("t.csv");
        std::fs::write(&path, "service_number\nx\n").unwrap();
        let table = Table::open_csv(&path).unwrap();
        let mut r = ImportReport::new(ImportKind::Completions, &path, &table, true);
        for i in 0..MAX_LISTED_ERRORS + 5 {
            r.error(i + 2, Some(Field::Date), Problem::empty(Field::Date));
        }
        assert_eq!(r.errors.len(), MAX_LISTED_ERRORS);
        assert_eq!(
            (r.errors_not_listed, r.error_count()),
            (5, MAX_LISTED_ERRORS + 5)
        );
    }
}
