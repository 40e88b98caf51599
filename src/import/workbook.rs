//! Workbooks (.xlsx, .xlsm, .xlsb, .xls, .ods) read through calamine: one worksheet, its
//! first row the header. Cells become the text a user would type: a date cell becomes
//! `yyyy-mm-dd`, a whole number stored as a number (Excel turns `100101` into one) becomes
//! `100101`, never `100101.0`.

use std::path::Path;

use calamine::{open_workbook_auto, Data, Reader};

use super::headers::column_letter;
use super::table::{Record, RowResult};
use crate::error::{Error, Problem, Result};

/// A worksheet's header row and its rows, and the sheet's name.
pub(super) struct Sheet {
    pub name: String,
    pub headers: Vec<String>,
    pub first_col: usize,
    pub rows: Box<dyn Iterator<Item = RowResult>>,
}

pub(super) fn is_workbook(path: &Path) -> bool {
    let ext = path
        .extension()
        .and_then(|e| e.to_str())
        .unwrap_or("")
        .to_lowercase();
    matches!(ext.as_str(), "xlsx" | "xlsm" | "xlsb" | "xls" | "ods")
}

/// The sheets of a workbook in their order, so a person can pick the one with the list;
/// none for a CSV file (it has no sheets).
pub fn sheet_names(path: &Path) -> Result<Vec<String>> {
    if !is_workbook(path) {
        return Ok(Vec::new());
    }
    Ok(read(path)?.sheet_names())
}

fn read(path: &Path) -> Result<calamine::Sheets<std::io::BufReader<std::fs::File>>> {
    open_workbook_auto(path).map_err(|e| {
        Problem::NotAWorkbook {
            file: path.display().to_string(),
            detail: e.to_string(),
        }
        .into()
    })
}

pub(super) fn open(path: &Path, sheet: Option<&str>) -> Result<Sheet> {
    let mut book = read(path)?;
    let names = book.sheet_names();
    let name = match sheet {
        None => names.first().cloned().ok_or_else(|| {
            Error::invalid(format!("{}: the workbook has no sheets", path.display()))
        })?,
        Some(want) => names
            .iter()
            .find(|n| n.as_str() == want)
            .or_else(|| {
                names
                    .iter()
                    .find(|n| n.trim().to_lowercase() == want.trim().to_lowercase())
            })
            .cloned()
            .ok_or_else(|| {
                Error::from(Problem::NoSuchSheet {
                    file: path.display().to_string(),
                    sheet: want.to_string(),
                    sheets: names.join(", "),
                })
            })?,
    };
    let range = book.worksheet_range(&name).map_err(|e| {
        Error::invalid(format!(
            "{}: cannot read sheet {name:?}: {e}",
            path.display()
        ))
    })?;
    let (first_row, first_col) = range
        .start()
        .map_or((0, 0), |(r, c)| (r as usize, c as usize));
    let empty = || {
        Error::from(Problem::EmptySheet {
            file: path.display().to_string(),
            sheet: name.clone(),
        })
    };
    let texts = |row: &[Data]| -> Vec<String> {
        row.iter()
            .map(|c| cell_text(c).unwrap_or_default().trim().to_string())
            .collect()
    };
    // Offices often put a title and a blank row above the header.
    let skip = range
        .rows()
        .take(super::table::HEADER_SEARCH)
        .position(|r| super::table::looks_like_header(&texts(r)))
        .unwrap_or(0);
    let mut rows = range.rows().skip(skip);
    let headers = texts(rows.next().ok_or_else(empty)?);
    if headers.iter().all(String::is_empty) {
        return Err(empty());
    }
    let data: Vec<Vec<Data>> = rows.map(<[Data]>::to_vec).collect();
    drop(range);
    let rows = data.into_iter().enumerate().filter_map(move |(i, cells)| {
        // Excel numbers rows from 1; the data start below the header row.
        let line = first_row + skip + i + 2;
        if cells.iter().all(|c| match c {
            Data::Empty => true,
            Data::String(s) => s.trim().is_empty(),
            _ => false,
        }) {
            return None; // blank rows are common at the end of a sheet
        }
        let mut out = Vec::with_capacity(cells.len());
        for (j, c) in cells.iter().enumerate() {
            match cell_text(c) {
                Ok(t) => out.push(t),
                Err((kind, value)) => {
                    return Some(Err((
                        line,
                        Problem::CellNotAValue {
                            column: column_letter(first_col + j),
                            kind: kind.to_string(),
                            value,
                        },
                    )))
                }
            }
        }
        Some(Ok(Record { line, cells: out }))
    });
    Ok(Sheet {
        name,
        headers,
        first_col,
        rows: Box::new(rows),
    })
}

/// A cell as text. Excel errors (#N/A, #REF!) are refused: the value is not known. A
/// refusal says what the cell holds (`time`, `duration`, `excel_error`) and its value.
fn cell_text(c: &Data) -> std::result::Result<String, (&'static str, String)> {
    Ok(match c {
        Data::Empty => String::new(),
        Data::String(s) => s.clone(),
        Data::Int(i) => i.to_string(),
        Data::Float(f) => number_text(*f),
        Data::Bool(b) => if *b { "TRUE" } else { "FALSE" }.to_string(),
        Data::DateTime(dt) => match dt.as_datetime() {
            Some(d) if !dt.is_duration() => d.date().format("%Y-%m-%d").to_string(),
            _ => return Err(("time", dt.to_string())),
        },
        Data::DateTimeIso(s) => s.get(..10).unwrap_or(s).to_string(),
        Data::DurationIso(s) => return Err(("duration", s.clone())),
        Data::Error(e) => return Err(("excel_error", e.to_string())),
    })
}

/// Whole numbers without a decimal point, so a service number stored as a number reads as
/// it was typed; other numbers as the shortest text that reads back the same.
pub fn number_text(f: f64) -> String {
    if f.fract() == 0.0 && f.abs() < 1e15 {
        format!("{}", f as i64)
    } else {
        format!("{f}")
    }
}

#[cfg(test)]
mod tests {
    use super::number_text;

    #[test]
    fn numbers_as_typed() {
        assert_eq!(number_text(100101.0), "100101");
        assert_eq!(number_text(84.5), "84.5");
        assert_eq!(number_text(-3.0), "-3");
    }
}
