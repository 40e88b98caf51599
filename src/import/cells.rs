//! What every workbook reader (calamine's, `xls`, `ods`) shares: a cell as the text a
//! user would type, and the refusals of a whole workbook. Below `workbook`, which picks the
//! reader, so the readers need nothing from it.

use std::path::Path;

use calamine::Data;

use super::limits::MAX_SHEETS;
use super::rows::CellValue;
use crate::error::{Error, Problem, Result};
use crate::problem::Shown;

/// Refuses a workbook of more than `MAX_SHEETS` sheets.
pub(super) fn not_too_many(path: &Path, sheets: usize) -> Result<()> {
    if sheets > MAX_SHEETS {
        return Err(Problem::TooManySheets {
            file: path.display().to_string(),
            max: MAX_SHEETS as u64,
        }
        .into());
    }
    Ok(())
}

pub(super) fn not_a_workbook(path: &Path, e: impl ToString) -> Error {
    Problem::NotAWorkbook {
        file: path.display().to_string(),
        detail: Shown::detail(&e.to_string()),
    }
    .into()
}

/// A cell as text. Excel errors (#N/A, #REF!) are refused: the value is not known. A
/// refusal says what the cell holds (`time`, `duration`, `excel_error`; `formula` from the
/// .xlsx reader) and its value.
pub(super) fn cell_text(c: &Data) -> CellValue {
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
