//! Workbooks (.xlsx, .xlsm, .xlsb, .xls, .ods): one worksheet read as a stream of rows.
//! Cells become the text a user would type: a date cell becomes `yyyy-mm-dd`, a whole
//! number stored as a number (Excel turns `100101` into one) becomes `100101`, never
//! `100101.0`.
//!
//! Every workbook is checked first (`guard`), then read cell by cell on a thread of its
//! own (`rows`): .xlsx and .xlsb through calamine's streaming cell readers, .xls and .ods
//! through Muster's own readers (`xls`, `ods`), since calamine reads those whole, every
//! sheet at once, trusting the sizes the file states.

use std::collections::HashSet;
use std::fs::File;
use std::io::BufReader;
use std::path::Path;

use calamine::{Cell, Data, DataRef, Reader, Xlsb, Xlsx, XlsxFormulaMetadata};

use super::cells::{
    cell_text, is_percent_format, not_a_workbook, not_too_many, number_text, percent_text,
};
use super::guard::{self, Format};
use super::merged::Area;
use super::rows::{self, CellValue, Halt, Rows, Sink};
use super::{hidden, ods, xls};
use crate::error::{Error, Problem, Result};
use crate::problem::Shown;

/// A worksheet's name and its rows.
pub(super) struct Sheet {
    pub name: String,
    pub rows: Rows,
}

/// The sheets of a workbook in their order, so a person can pick the one with the list;
/// none for a CSV file (it has no sheets). What the file is comes from its bytes first
/// (`content`).
pub fn sheet_names(path: &Path) -> Result<Vec<String>> {
    crate::input::regular_file(path)?;
    let Some(format) = super::content::workbook_format(path)? else {
        return Ok(Vec::new());
    };
    guard::check(path, format)?;
    let file = path.display().to_string();
    let names = match format {
        Format::Xlsx => rows::quietly(&file, || Ok(open_xlsx(path)?.sheet_names()))?,
        Format::Xlsb => rows::quietly(&file, || Ok(open_xlsb(path)?.sheet_names()))?,
        Format::Xls => xls::sheet_names(path)?,
        Format::Ods => ods::sheet_names(path)?,
    };
    not_too_many(path, names.len())?;
    Ok(names)
}

pub(super) fn open(path: &Path, format: Format, sheet: Option<&str>) -> Result<Sheet> {
    let seen = guard::check(path, format)?;
    let file = path.display().to_string();
    match format {
        Format::Xlsx => {
            let mut book = rows::quietly(&file, || open_xlsx(path))?;
            not_too_many(path, book.sheet_names().len())?;
            let name = pick(path, &shown_first(seen_in(book.sheets_metadata())), sheet)?;
            let rows = rows::spawn(file.clone(), name.clone(), {
                let name = name.clone();
                let path = path.to_path_buf();
                move |sink| {
                    // Rows hidden in the sheet: read all the same, and said.
                    if seen.hidden {
                        for r in hidden::xlsx_rows(&path, &name)? {
                            sink.hide(r);
                        }
                    }
                    // Merged areas are listed after the cells: read first, only when the
                    // check saw some (a second pass over the sheet).
                    if seen.merges {
                        let areas = book
                            .merge_cells_by_sheet_name(&name)
                            .map_err(|e| unreadable(&file, &name, e))?;
                        sink.merged(areas.iter().map(|d| Area {
                            top: d.start.0,
                            left: d.start.1,
                            bottom: d.end.0,
                            right: d.end.1,
                        }));
                    }
                    let percent = percent_cells(&mut book, &file, &name)?;
                    let mut cells = book
                        .worksheet_cells_reader(&name)
                        .map_err(|e| unreadable(&file, &name, e))?;
                    while let Some(c) = cells
                        .next_cell_with_formula_metadata()
                        .map_err(|e| unreadable(&file, &name, e))?
                    {
                        let (row, col) = c.pos;
                        let value = match (&c.value, c.formula) {
                            (DataRef::Empty, Some(f)) => Err(("formula", formula_text(f))),
                            (DataRef::Float(f), _) if percent.contains(&(row, col)) => {
                                Ok(percent_text(*f))
                            }
                            (DataRef::Int(i), _) if percent.contains(&(row, col)) => {
                                Ok(percent_text(*i as f64))
                            }
                            (v, _) => text_of(v),
                        };
                        sink.cell(row, col, value)?;
                    }
                    Ok(())
                }
            });
            Ok(Sheet { name, rows })
        }
        Format::Xlsb => {
            let mut book = rows::quietly(&file, || open_xlsb(path))?;
            not_too_many(path, book.sheet_names().len())?;
            let name = pick(path, &shown_first(seen_in(book.sheets_metadata())), sheet)?;
            let rows = rows::spawn(file.clone(), name.clone(), {
                let name = name.clone();
                move |sink| {
                    let mut cells = book
                        .worksheet_cells_reader(&name)
                        .map_err(|e| unreadable(&file, &name, e))?;
                    stream(sink, &file, &name, || cells.next_cell())
                }
            });
            Ok(Sheet { name, rows })
        }
        Format::Xls => {
            let book = xls::Book::open(path)?;
            let name = pick(path, &shown_first(book.sheets_seen()), sheet)?;
            let index = book
                .sheet_names()
                .iter()
                .position(|n| *n == name)
                .expect("picked from the list");
            let rows = rows::spawn(file, name.clone(), move |sink: &mut Sink| {
                book.read(index, sink)
            });
            Ok(Sheet { name, rows })
        }
        Format::Ods => {
            let sheets = ods::sheets(path)?;
            let names: Vec<String> = sheets.iter().map(|(n, _)| n.clone()).collect();
            let name = pick(path, &shown_first(sheets), sheet)?;
            let index = names.iter().position(|n| *n == name).expect("picked");
            let owned = path.to_path_buf();
            let rows = rows::spawn(file, name.clone(), move |sink: &mut Sink| {
                ods::read(&owned, index, sink)
            });
            Ok(Sheet { name, rows })
        }
    }
}

/// A formula as a spreadsheet shows it, for a cell whose result the file does not keep:
/// a program that writes workbooks without working formulas out (a script's library,
/// say) leaves the cell with no value, which would otherwise read as empty.
fn formula_text(f: XlsxFormulaMetadata) -> String {
    match f {
        XlsxFormulaMetadata::Normal { formula } | XlsxFormulaMetadata::Shared { formula, .. } => {
            format!("={formula}")
        }
        // a cell sharing another's formula carries no text of its own
        _ => "=…".to_string(),
    }
}

/// The cells of sheet `name` shown as percentages (`is_percent_format`), so 85 % reads
/// as `85%`, not as the 0.85 Excel stores. Read in a pass of their own, and only when the
/// workbook has such a format at all: calamine's reader gives a cell's formula or its
/// style, not both.
fn percent_cells(
    book: &mut Xlsx<BufReader<File>>,
    file: &str,
    name: &str,
) -> std::result::Result<HashSet<(u32, u32)>, Halt> {
    let mut cells = book
        .worksheet_cells_reader(name)
        .map_err(|e| unreadable(file, name, e))?;
    let shown_as_percent: Vec<bool> = cells
        .styles()
        .iter()
        .map(|s| {
            s.number_format
                .as_ref()
                .is_some_and(|f| is_percent_format(&f.format_code))
        })
        .collect();
    let mut found = HashSet::new();
    if !shown_as_percent.contains(&true) {
        return Ok(found);
    }
    while let Some((row, col, style)) = cells
        .next_style_id()
        .map_err(|e| unreadable(file, name, e))?
    {
        if shown_as_percent.get(style) == Some(&true) {
            found.insert((row, col));
        }
    }
    Ok(found)
}

/// Hands every cell a calamine streaming reader gives (`next`) to `sink`.
fn stream<'a, E: ToString>(
    sink: &mut Sink,
    file: &str,
    sheet: &str,
    mut next: impl FnMut() -> std::result::Result<Option<Cell<DataRef<'a>>>, E>,
) -> std::result::Result<(), Halt> {
    while let Some(c) = next().map_err(|e| unreadable(file, sheet, e))? {
        let (row, col) = c.get_position();
        sink.cell(row, col, text_of(c.get_value()))?;
    }
    Ok(())
}

fn open_xlsx(path: &Path) -> Result<Xlsx<BufReader<File>>> {
    let f = File::open(path).map_err(|source| Error::Io {
        path: path.to_path_buf(),
        source,
    })?;
    Xlsx::new(BufReader::new(f)).map_err(|e| not_a_workbook(path, e))
}

fn open_xlsb(path: &Path) -> Result<Xlsb<BufReader<File>>> {
    let f = File::open(path).map_err(|source| Error::Io {
        path: path.to_path_buf(),
        source,
    })?;
    Xlsb::new(BufReader::new(f)).map_err(|e| not_a_workbook(path, e))
}

fn unreadable(file: &str, sheet: &str, e: impl ToString) -> Halt {
    Error::from(Problem::UnreadableSheet {
        file: file.to_string(),
        sheet: Shown::new(sheet),
        detail: Shown::detail(&e.to_string()),
    })
    .into()
}

/// The sheets' names, the ones a person sees first (in their order), then the hidden ones
/// and the chart sheets: with no sheet named, a workbook is read from the first sheet a
/// person sees when it opens, not from a stale list someone hid in front of it. Each
/// format says which it shows (`seen_in`, `xls::Book::sheets_seen`, `ods::sheets`).
fn shown_first(sheets: Vec<(String, bool)>) -> Vec<String> {
    let (shown, rest): (Vec<_>, Vec<_>) = sheets.into_iter().partition(|(_, seen)| *seen);
    shown.into_iter().chain(rest).map(|(n, _)| n).collect()
}

/// calamine's sheets, each with whether a person sees it: a visible worksheet.
fn seen_in(sheets: &[calamine::Sheet]) -> Vec<(String, bool)> {
    sheets
        .iter()
        .map(|s| {
            let seen = s.visible == calamine::SheetVisible::Visible
                && s.typ == calamine::SheetType::WorkSheet;
            (s.name.clone(), seen)
        })
        .collect()
}

/// The sheet asked for (by name, exactly or ignoring case and surrounding spaces), or the
/// first of `names`.
fn pick(path: &Path, names: &[String], want: Option<&str>) -> Result<String> {
    let file = path.display().to_string();
    match want {
        None => names
            .first()
            .cloned()
            .ok_or_else(|| Problem::NoSheets { file }.into()),
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
                let mut list: Vec<String> = names
                    .iter()
                    .take(10)
                    .map(|n| Shown::new(n).to_string())
                    .collect();
                if names.len() > 10 {
                    list.push(format!("… ({} sheets)", names.len()));
                }
                Error::from(Problem::NoSuchSheet {
                    file,
                    sheet: Shown::new(want),
                    sheets: Shown::composed(list.join(", ")),
                })
            }),
    }
}

/// A cell from calamine's streaming readers as text (see `cell_text`).
fn text_of(c: &DataRef<'_>) -> CellValue {
    match c {
        DataRef::Empty => Ok(String::new()),
        DataRef::String(s) => Ok(s.clone()),
        DataRef::SharedString(s) => Ok(s.to_string()),
        DataRef::Int(i) => Ok(i.to_string()),
        DataRef::Float(f) => Ok(number_text(*f)),
        DataRef::Bool(b) => cell_text(&Data::Bool(*b)),
        DataRef::DateTime(dt) => cell_text(&Data::DateTime(*dt)),
        DataRef::DateTimeIso(s) => cell_text(&Data::DateTimeIso(s.clone())),
        DataRef::DurationIso(s) => Err(("duration", s.clone())),
        DataRef::Error(e) => Err(("excel_error", e.to_string())),
    }
}
