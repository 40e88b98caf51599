//! Files in: rosters and completion logs as training offices keep them. A file imports
//! whole or not at all: every row is checked inside one transaction, and any bad row rolls
//! the whole file back, with each bad row reported by line, field and reason.

mod completions;
mod roster;
mod table;
pub mod values;

use std::fmt;
use std::path::Path;

use serde::Serialize;

pub use completions::import_completions;
pub use roster::import_roster;
pub use table::{Record, Table};

/// A row that stopped the import.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct RowError {
    /// 1-based line in the file (the header is line 1).
    pub line: usize,
    pub field: String,
    pub message: String,
}

impl fmt::Display for RowError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.field.is_empty() {
            write!(f, "line {}: {}", self.line, self.message)
        } else {
            write!(f, "line {}, {}: {}", self.line, self.field, self.message)
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

/// What an import did, or would do (dry run): counts, errors, warnings.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct ImportReport {
    pub kind: ImportKind,
    pub file: String,
    pub rows: usize,
    pub people_new: usize,
    pub people_updated: usize,
    pub people_unchanged: usize,
    pub assigned: usize,
    pub attempts_new: usize,
    pub attempts_unchanged: usize,
    pub errors: Vec<RowError>,
    pub warnings: Vec<RowWarning>,
    pub dry_run: bool,
    /// True only when the rows are on disk.
    pub committed: bool,
}

impl ImportReport {
    fn new(kind: ImportKind, file: &Path, dry_run: bool) -> ImportReport {
        ImportReport {
            kind,
            file: file.display().to_string(),
            rows: 0,
            people_new: 0,
            people_updated: 0,
            people_unchanged: 0,
            assigned: 0,
            attempts_new: 0,
            attempts_unchanged: 0,
            errors: Vec::new(),
            warnings: Vec::new(),
            dry_run,
            committed: false,
        }
    }

    fn error(&mut self, line: usize, field: &str, message: impl fmt::Display) {
        self.errors.push(RowError {
            line,
            field: field.to_string(),
            message: message.to_string(),
        });
    }

    fn warn(&mut self, line: usize, field: &str, message: impl fmt::Display) {
        self.warnings.push(RowError {
            line,
            field: field.to_string(),
            message: message.to_string(),
        });
    }
}

/// Audit entries of an import carry only the new summary.
const NO_VALUE: Option<&()> = None;

/// Every required column must be there; unknown columns are reported, not fatal.
fn check_header(
    report: &mut ImportReport,
    table: &Table,
    fields: &[&str],
    required: &[&str],
    cols: &[Option<usize>],
) {
    for (f, c) in fields.iter().zip(cols) {
        if c.is_none() && required.contains(f) {
            report.error(1, f, format!("column {f:?} is missing from the header row"));
        }
    }
    for h in &table.headers {
        if !h.is_empty() && !fields.iter().any(|f| f.eq_ignore_ascii_case(h.trim())) {
            report.warn(1, h, "column is not one Muster reads; it was ignored");
        }
    }
}
