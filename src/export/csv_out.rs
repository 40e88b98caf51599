//! CSV for Excel: UTF-8 with a byte-order mark (without it Excel reads Cyrillic as
//! mojibake), `;` between cells (what Excel expects on a Russian- or Kazakh-locale
//! machine), dates as dd.mm.yyyy and decimal commas. Lines end in CR LF on every
//! platform: what Excel writes and reads on Windows and macOS alike (RFC 4180's line
//! ending too), and what LibreOffice and Muster's own importer read as well. A line break
//! inside a cell (Alt+Enter in Excel) is a bare LF within the cell's quotes, as Excel
//! writes it.
//!
//! CSV injection (OWASP): a cell starting with `=`, `+`, `-`, `@`, tab or carriage return
//! is run by Excel as a formula, so a person named «=HYPERLINK(…)» could become a live
//! link. Every such cell is written with a leading `'`, which Excel shows as text; Muster's
//! importer drops that `'` again, so the file still imports as the same data.

use std::path::Path;

use super::{Cell, Sheet};
use crate::error::{Error, Result};

/// The text of a cell made safe to open in a spreadsheet.
pub fn neutralise(s: &str) -> String {
    match s.chars().next() {
        Some('=' | '+' | '-' | '@' | '\t' | '\r') => format!("'{s}"),
        _ => s.to_string(),
    }
}

/// A number with a decimal comma, as a Russian-locale Excel reads it.
fn number(v: f64) -> String {
    super::super::import::number_text(v).replace('.', ",")
}

fn cell_text(c: &Cell) -> String {
    match c {
        Cell::Text(s) => neutralise(s),
        Cell::Number(v) => neutralise(&number(*v)),
        Cell::Date(d) => d.format("%d.%m.%Y").to_string(),
        Cell::Blank => String::new(),
    }
}

pub fn write_csv(sheet: &Sheet, path: &Path, database: Option<&Path>) -> Result<()> {
    let io = |source| Error::Io {
        path: path.to_path_buf(),
        source,
    };
    crate::output::write_with(path, database, |out| {
        out.write_all(b"\xEF\xBB\xBF").map_err(io)?;
        let mut w = csv::WriterBuilder::new()
            .delimiter(b';')
            .terminator(csv::Terminator::CRLF)
            .from_writer(out);
        let bad = |e: csv::Error| Error::invalid(format!("{}: cannot write: {e}", path.display()));
        w.write_record(sheet.headers.iter().map(|h| neutralise(h)))
            .map_err(bad)?;
        for row in &sheet.rows {
            w.write_record(row.iter().map(cell_text)).map_err(bad)?;
        }
        w.flush().map_err(io)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formula_starts_are_quoted() {
        assert_eq!(neutralise("=HYPERLINK(\"x\")"), "'=HYPERLINK(\"x\")");
        assert_eq!(neutralise("+7 701"), "'+7 701");
        assert_eq!(neutralise("-1"), "'-1");
        assert_eq!(neutralise("@SUM(A1)"), "'@SUM(A1)");
        assert_eq!(neutralise("\tx"), "'\tx");
        assert_eq!(neutralise("\rx"), "'\rx");
        assert_eq!(neutralise("Иванов"), "Иванов");
        assert_eq!(neutralise(""), "");
    }

    #[test]
    fn every_line_ends_in_cr_lf_whatever_the_platform() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("out.csv");
        let sheet = Sheet {
            name: "roster".into(),
            headers: vec!["service_number".into(), "notes".into()],
            rows: vec![
                vec![Cell::Text("KZ1".into()), Cell::Text("first\nsecond".into())],
                vec![Cell::Text("KZ2".into()), Cell::Blank],
            ],
        };
        write_csv(&sheet, &path, None).unwrap();
        let bytes = std::fs::read(&path).unwrap();
        assert_eq!(
            bytes,
            b"\xEF\xBB\xBFservice_number;notes\r\nKZ1;\"first\nsecond\"\r\nKZ2;\r\n"
        );
    }

    #[test]
    fn numbers_with_decimal_commas() {
        assert_eq!(cell_text(&Cell::Number(84.5)), "84,5");
        assert_eq!(cell_text(&Cell::Number(12.0)), "12");
    }
}
