//! Workbooks written with rust_xlsxwriter: a bold frozen header with filters, real date
//! and number cells, text cells as text (a service number stays `KZ100101` or `007`).

use std::path::Path;

use rust_xlsxwriter::{Color, ExcelDateTime, Format, Workbook, Worksheet, XlsxError};

use super::{save, xlsx_error, Cell, Sheet};
use crate::error::Result;

pub(crate) fn header_format() -> Format {
    Format::new()
        .set_bold()
        .set_background_color(Color::RGB(0xD9E1F2))
}

pub(crate) fn date_format() -> Format {
    Format::new().set_num_format("dd.mm.yyyy")
}

pub(crate) fn excel_date(d: chrono::NaiveDate) -> Result<ExcelDateTime, XlsxError> {
    use chrono::Datelike;
    ExcelDateTime::from_ymd(d.year() as u16, d.month() as u8, d.day() as u8)
}

/// Writes one sheet into a worksheet: header, rows, widths, frozen header and filters.
pub(crate) fn fill(ws: &mut Worksheet, sheet: &Sheet) -> Result<(), XlsxError> {
    ws.set_name(&sheet.name)?;
    let head = header_format();
    let date = date_format();
    let text = Format::new().set_num_format("@");
    let mut widths: Vec<usize> = sheet.headers.iter().map(|h| h.chars().count()).collect();
    for (c, h) in sheet.headers.iter().enumerate() {
        ws.write_string_with_format(0, c as u16, h, &head)?;
    }
    for (r, row) in sheet.rows.iter().enumerate() {
        let r = r as u32 + 1;
        for (c, cell) in row.iter().enumerate() {
            let col = c as u16;
            let len = match cell {
                Cell::Text(s) => {
                    ws.write_string_with_format(r, col, s, &text)?;
                    s.chars().count()
                }
                Cell::Number(v) => {
                    ws.write_number(r, col, *v)?;
                    6
                }
                Cell::Date(d) => {
                    ws.write_datetime_with_format(r, col, excel_date(*d)?, &date)?;
                    10
                }
                Cell::Blank => 0,
            };
            if let Some(w) = widths.get_mut(c) {
                *w = (*w).max(len);
            }
        }
    }
    for (c, w) in widths.iter().enumerate() {
        ws.set_column_width(c as u16, (*w as f64 + 2.0).min(60.0))?;
    }
    ws.set_freeze_panes(1, 0)?;
    if !sheet.headers.is_empty() {
        ws.autofilter(
            0,
            0,
            sheet.rows.len() as u32,
            sheet.headers.len() as u16 - 1,
        )?;
    }
    Ok(())
}

pub fn write_xlsx(sheet: &Sheet, path: &Path, database: Option<&Path>) -> Result<()> {
    let mut book = Workbook::new();
    fill(book.add_worksheet(), sheet).map_err(|e| xlsx_error(path, e))?;
    save(&mut book, path, database)
}
