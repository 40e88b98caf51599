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

/// A number shown as a percentage (`0%`, `0.00%`): the text a user sees, `85%` for a
/// cell holding 0.85. A score typed as 85 % is stored so by Excel, and 100 % as 1, which
/// as a bare number would read as a score of 1.
pub fn percent_text(f: f64) -> String {
    // 0.85 × 100 is 85.00000000000001 in binary: round off what the multiplication adds.
    let p = (f * 100.0 * 1e9).round() / 1e9;
    format!("{}%", number_text(p))
}

/// Whether a number format shows its number as a percentage: a `%` outside quoted text,
/// escapes (`\%`, `_%`, `*%`) and brackets. Only the first section counts (the one for
/// positive numbers).
pub fn is_percent_format(code: &str) -> bool {
    let mut quoted = false;
    let mut escaped = false;
    let mut brackets = 0u32;
    for c in code.chars() {
        match c {
            _ if escaped => escaped = false,
            '"' => quoted = !quoted,
            _ if quoted => {}
            '\\' | '_' | '*' => escaped = true,
            '[' => brackets += 1,
            ']' => brackets = brackets.saturating_sub(1),
            ';' if brackets == 0 => return false,
            '%' if brackets == 0 => return true,
            _ => {}
        }
    }
    false
}

#[cfg(test)]
mod tests {
    use super::{is_percent_format, number_text, percent_text};

    /// What Excel stores for 85 %, 100 %, 84.5 % and 0 % reads as it is shown.
    #[test]
    fn percentages_as_shown() {
        assert_eq!(percent_text(0.85), "85%");
        assert_eq!(percent_text(1.0), "100%");
        assert_eq!(percent_text(0.845), "84.5%");
        assert_eq!(percent_text(0.0), "0%");
        assert_eq!(percent_text(0.07), "7%");
    }

    /// Excel's own percent formats and custom ones; a `%` quoted, escaped, in brackets or
    /// in the negative section is no percent format.
    #[test]
    fn percent_formats() {
        for yes in ["0%", "0.00%", "#,##0.0 %", "0%;[Red]-0%", "[Blue]0%"] {
            assert!(is_percent_format(yes), "{yes}");
        }
        for no in [
            "General",
            "0.00",
            "\"%\"0",
            "0\\%",
            "0_%",
            "0;0%",
            "[$%-409]0",
            "dd.mm.yyyy",
        ] {
            assert!(!is_percent_format(no), "{no}");
        }
    }

    #[test]
    fn numbers_as_typed() {
        assert_eq!(number_text(100101.0), "100101");
        assert_eq!(number_text(84.5), "84.5");
        assert_eq!(number_text(-3.0), "-3");
    }
}
