//! Files out: rosters and completion logs in the import formats (so an exported file
//! imports back as the same data), the readiness matrix, and blank templates. CSV is
//! written the way Excel reads it on a Russian-locale machine, and never lets a cell run
//! as a formula (see `csv_out`).

mod csv_out;
mod matrix;
mod records;
mod template;
mod xlsx_out;

use std::path::Path;

use chrono::NaiveDate;

use crate::error::{Error, Result};

pub use csv_out::{neutralise, write_csv};
pub use matrix::{export_matrix, matrix_sheet};
pub use records::{completions_sheet, export_completions, export_roster, roster_sheet};
pub use template::{write_template, TemplateKind};
pub use xlsx_out::write_xlsx;

/// One cell of an exported sheet, typed so a workbook gets real numbers and dates.
#[derive(Debug, Clone, PartialEq)]
pub enum Cell {
    Text(String),
    Number(f64),
    Date(NaiveDate),
    Blank,
}

impl From<&str> for Cell {
    fn from(s: &str) -> Cell {
        Cell::Text(s.to_string())
    }
}

impl From<String> for Cell {
    fn from(s: String) -> Cell {
        Cell::Text(s)
    }
}

impl From<Option<f64>> for Cell {
    fn from(v: Option<f64>) -> Cell {
        v.map_or(Cell::Blank, Cell::Number)
    }
}

/// A table to write: a header row and rows of cells.
#[derive(Debug, Clone, PartialEq)]
pub struct Sheet {
    pub name: String,
    pub headers: Vec<String>,
    pub rows: Vec<Vec<Cell>>,
}

/// The file types an export can write, by the file's ending.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FileKind {
    Csv,
    Xlsx,
}

impl FileKind {
    pub fn of(path: &Path) -> Result<FileKind> {
        let ext = path
            .extension()
            .and_then(|e| e.to_str())
            .unwrap_or("")
            .to_lowercase();
        match ext.as_str() {
            "csv" => Ok(FileKind::Csv),
            "xlsx" => Ok(FileKind::Xlsx),
            _ => Err(Error::invalid(format!(
                "{}: the file name must end in .xlsx or .csv (that decides the format)",
                path.display()
            ))),
        }
    }
}

/// Writes one sheet as CSV or as a workbook, by the file's ending; never onto `database`
/// (the open one, if any) or its side files, by file identity.
pub fn write_sheet(sheet: &Sheet, path: &Path, database: Option<&Path>) -> Result<()> {
    match FileKind::of(path)? {
        FileKind::Csv => write_csv(sheet, path, database),
        FileKind::Xlsx => write_xlsx(sheet, path, database),
    }
}

/// Writes a workbook atomically (see `crate::output`).
pub(crate) fn save(
    book: &mut rust_xlsxwriter::Workbook,
    path: &Path,
    database: Option<&Path>,
) -> Result<()> {
    let bytes = book.save_to_buffer().map_err(|e| xlsx_error(path, e))?;
    crate::output::write_bytes(path, database, &bytes)
}

pub(crate) fn xlsx_error(path: &Path, e: rust_xlsxwriter::XlsxError) -> Error {
    Error::invalid(format!(
        "{}: cannot write the workbook: {e}",
        path.display()
    ))
}
