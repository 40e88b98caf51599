//! A spreadsheet read as a header and a stream of rows, whatever file it came from:
//! a workbook (see `workbook`), or a CSV file in any encoding Excel writes (see `decode`)
//! with its separator (`,` `;` or tab) found from the header line.
//!
//! One rule for every source: a text cell that starts with `'` followed by `=`, `+`, `-`,
//! `@`, tab or carriage return loses the `'`. That quote is how Muster's own CSV exports
//! (and OWASP's advice) stop Excel from running a cell as a formula, so an exported file
//! reads back as the data it was made from.

use std::fs::File;
use std::io::{BufRead, BufReader, Read};
use std::path::Path;
use std::sync::{Arc, Mutex};

use sha2::{Digest, Sha256};

use super::headers::{column_letter, field_of};
use super::limits::{MAX_CELL_CHARS, MAX_COLUMNS, MAX_ROW_BYTES};
use super::merged::{Area, Merged};
use super::rows::{RawItem, RawRow, RowFault};
use super::{decode, workbook};
use crate::error::{Error, Problem, Result};
use crate::problem::Shown;
use crate::store::ImportSource;

/// One data row, with the line (CSV) or row number (workbook) it starts on.
#[derive(Debug, Clone, PartialEq)]
pub struct Record {
    pub line: usize,
    pub cells: Vec<String>,
}

pub type RowResult = std::result::Result<Record, RowFault>;

/// How many rows from the top may hold a title above the header row: an office's form
/// opens with a title block ("УТВЕРЖДАЮ", the commander, the unit, the list's name) of a
/// dozen lines or more.
pub const HEADER_SEARCH: usize = 30;

/// How much of a CSV file is read ahead to find its separator.
const HEAD_BYTES: u64 = 1 << 20;

/// A header row names at least two fields Muster reads; a title row does not.
pub(super) fn looks_like_header(cells: &[String]) -> bool {
    fields_named(cells) >= 2
}

/// How many cells name a field Muster reads.
fn fields_named(cells: &[String]) -> usize {
    cells.iter().filter(|c| field_of(c).is_some()).count()
}

/// How to read a file: which worksheet of a workbook, which encoding of a CSV file.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct OpenOptions {
    /// A workbook's sheet, by name (default: the first).
    pub sheet: Option<String>,
    /// A CSV file's encoding (default: found from the file).
    pub encoding: Option<String>,
}

pub struct Table {
    pub headers: Vec<String>,
    /// The line the header row is on (1 unless titles sit above it): what a refusal of a
    /// column names.
    pub header_line: usize,
    /// What the rows read say besides their values (a value under a column with no
    /// title, rows the workbook hides), for the import to warn of (`read_notes`).
    notes: Arc<Mutex<Notes>>,
    /// Where the rows come from, for the import history.
    pub source: ImportSource,
    rows: Box<dyn Iterator<Item = RowResult> + Send>,
}

impl Table {
    /// Opens a workbook (by its ending: .xlsx .xlsm .xlsb .xls .ods) or a CSV file and
    /// reads its header row; rows are read as they are asked for. A file past one of the
    /// limits on what Muster reads (`limits`) is refused here or, further down, by the
    /// row that passes it (`RowFault::Stop`).
    pub fn open(path: &Path, opts: &OpenOptions) -> Result<Table> {
        crate::input::regular_file(path)?;
        let sha256 = sha256_file(path)?;
        let file_name = path.file_name().map_or_else(
            || path.display().to_string(),
            |n| n.to_string_lossy().into(),
        );
        let file = path.display().to_string();
        let mut table = if let Some(format) = super::content::workbook_format(path)? {
            if opts.encoding.is_some() {
                return Err(Error::invalid(
                    "--encoding applies to CSV files only: a workbook says its own encoding",
                ));
            }
            let sheet = workbook::open(path, format, opts.sheet.as_deref())?;
            let name = sheet.name.clone();
            let empty = move || {
                Error::from(Problem::EmptySheet {
                    file: file.clone(),
                    sheet: Shown::new(&name),
                })
            };
            let areas = sheet.rows.merged_areas();
            let mut t = Table::from_rows(sheet.rows, Some(areas), path, empty)?;
            t.source.sheet = Some(sheet.name);
            t
        } else {
            if opts.sheet.is_some() {
                return Err(Error::invalid(format!(
                    "--sheet applies to workbooks only, and {} is read as a CSV file",
                    path.display()
                )));
            }
            let (reader, enc, lines) = decode::open(path, opts.encoding.as_deref())?;
            let rows = csv_rows(reader, lines, path, enc.name())?;
            let empty = move || Error::from(Problem::EmptyFile { file: file.clone() });
            let mut t = Table::from_rows(rows, None, path, empty)?;
            t.source.encoding = Some(enc.name().to_string());
            t
        };
        table.source.file_name = file_name;
        table.source.sha256 = sha256;
        Ok(table)
    }

    /// Opens a CSV file, its encoding and separator found from the file.
    pub fn open_csv(path: &Path) -> Result<Table> {
        Table::open(
            path,
            &OpenOptions {
                sheet: None,
                encoding: None,
            },
        )
    }

    /// The header is the top row that names the most fields (offices often put a title
    /// above it, or a line such as «Модуль: ROE  Дата: 16.11.2026» that names two); failing
    /// that, the first row, so a missing column is reported. The rows below it are given as
    /// they come, blank ones left out.
    fn from_rows(
        rows: impl Iterator<Item = RawItem> + Send + 'static,
        merged: Option<Arc<Mutex<Vec<Area>>>>,
        path: &Path,
        empty: impl Fn() -> Error,
    ) -> Result<Table> {
        let mut rows = rows;
        let mut top = Vec::with_capacity(HEADER_SEARCH);
        for item in rows.by_ref().take(HEADER_SEARCH) {
            match item {
                Err(RowFault::Stop(e)) => return Err(e),
                other => top.push(other),
            }
        }
        // A two-row header: a title merged down over both rows ("Личный номер") stands in
        // each, beside the titles the second row splits a merged one into ("Ф.И.О." over
        // Фамилия | Имя | Отчество). Read for the header only: rows below it keep their own.
        let mut titled = titles_merged_down(&top, merged.as_ref());
        let named = |r: &Option<Vec<String>>| r.as_ref().map_or(0, |c| fields_named(c));
        // The first of the rows naming the most fields, when that is a header at all.
        let at = (0..titled.len())
            .filter(|&i| titled[i].as_ref().is_some_and(|c| looks_like_header(c)))
            .max_by_key(|&i| (named(&titled[i]), std::cmp::Reverse(i)))
            .unwrap_or(0);
        let header_cells = titled.get_mut(at).and_then(Option::take);
        let mut rest = top.into_iter().skip(at);
        let (headers, header_line): (Vec<String>, usize) = match rest.next() {
            Some(Ok(h)) if !h.cells.iter().all(|c| c.trim().is_empty()) => (
                header_cells
                    .unwrap_or(h.cells)
                    .iter()
                    .map(|c| c.trim().to_string())
                    .collect(),
                h.line,
            ),
            Some(Err(RowFault::Row(_, msg))) => {
                return Err(Error::invalid(format!(
                    "{}: the header row cannot be read: {msg}",
                    path.display()
                )))
            }
            _ => return Err(empty()),
        };
        let width = headers
            .iter()
            .rposition(|h| !h.is_empty())
            .map_or(0, |i| i + 1);
        let blank: Vec<usize> = (0..width).filter(|&i| headers[i].is_empty()).collect();
        let mut merged =
            merged.map(|m| Merged::below(m, header_line.saturating_sub(1) as u32, width));
        let notes: Arc<Mutex<Notes>> = Arc::default();
        let seen = Arc::clone(&notes);
        // The field each column's title names; titled with something Muster does not read
        // (a form's «№ п/п»), ignored.
        let fields: Vec<Option<&'static str>> = headers.iter().map(|h| field_of(h)).collect();
        let ignored: Vec<bool> = headers
            .iter()
            .zip(&fields)
            .map(|(h, f)| !h.is_empty() && f.is_none())
            .collect();
        let mut first_row = true;
        let rows = rest.chain(rows).filter_map(move |item| {
            let mut row = match item {
                Ok(r) => r,
                Err(e) => return Some(Err(e)),
            };
            let just_below_header = std::mem::take(&mut first_row);
            if row.bad.is_none()
                && ((just_below_header && column_numbers(&row.cells))
                    || says_nothing(&row.cells, &ignored)
                    || titles_again(&row.cells, &fields))
            {
                // An official form's row numbering its columns (1 2 3 …) under the header;
                // a line with nothing under the columns Muster reads (a signature line, a
                // numbered blank line of a form); the header again, in the other language
                // (a bilingual form's second title row) or repeated down the sheet.
                return None;
            }
            if let Some(m) = merged.as_mut() {
                m.fill(row.line.saturating_sub(1) as u32, &mut row.cells);
            }
            if row.bad.is_none() && row.cells.iter().all(|c| c.trim().is_empty()) {
                return None; // blank rows are common at the end of exported sheets
            }
            if row.hidden {
                let mut n = seen.lock().unwrap_or_else(|e| e.into_inner());
                n.hidden_count += 1;
                if n.hidden.len() < HIDDEN_LISTED {
                    n.hidden.push(row.line);
                }
            }
            if let Some(p) = row.bad {
                return Some(Err(RowFault::Row(row.line, p)));
            }
            if let Some(p) = beyond_header(&row.cells, width) {
                return Some(Err(RowFault::Row(row.line, p)));
            }
            if !blank.is_empty() {
                let first = &mut seen.lock().unwrap_or_else(|e| e.into_inner()).untitled;
                if first.is_none() {
                    *first = blank
                        .iter()
                        .find(|&&i| row.cells.get(i).is_some_and(|c| !c.trim().is_empty()))
                        .map(|&i| Untitled {
                            line: row.line,
                            column: i,
                            value: row.cells[i].clone(),
                        });
                }
            }
            Some(Ok(unquote(Record {
                line: row.line,
                cells: row.cells,
            })))
        });
        Ok(Table {
            headers,
            header_line,
            notes,
            source: ImportSource::default(),
            rows: Box::new(rows),
        })
    }

    /// What the rows said besides their values, once they are read: taken before the
    /// rows are (the table itself goes to the reading).
    pub fn read_notes(&self) -> ReadNotes {
        ReadNotes(Arc::clone(&self.notes))
    }

    /// Finds the column of each wanted field; a header names a field by its English name
    /// or a Russian or Kazakh title (see `headers`). The first such column wins.
    pub fn columns(&self, fields: &[&str]) -> Vec<Option<usize>> {
        let known: Vec<Option<&str>> = self.headers.iter().map(|h| field_of(h)).collect();
        fields
            .iter()
            .map(|f| known.iter().position(|k| *k == Some(*f)))
            .collect()
    }

    /// A column as a user finds it on screen: its letter and its header, e.g. `C «Фамилия»`
    /// (the header made safe to print: see `Shown`).
    pub fn column_name(&self, index: usize) -> String {
        let letter = column_letter(index);
        match self.headers.get(index) {
            Some(h) if !h.is_empty() => format!("{letter} «{}»", Shown::new(h)),
            _ => letter,
        }
    }
}

/// A value in a column whose header cell is empty.
#[derive(Debug, Clone)]
struct Untitled {
    line: usize,
    column: usize,
    value: String,
}

/// How many hidden rows a warning names by line (all are counted).
const HIDDEN_LISTED: usize = 20;

#[derive(Debug, Default)]
struct Notes {
    /// The first value read under a column with no title.
    untitled: Option<Untitled>,
    /// The first lines of the rows read that the workbook hides, and how many in all.
    hidden: Vec<usize>,
    hidden_count: usize,
}

/// What the rows said besides their values, once they are read.
pub struct ReadNotes(Arc<Mutex<Notes>>);

impl ReadNotes {
    /// Each warning to give, with the line it is on.
    pub fn warnings(&self) -> Vec<(usize, Problem)> {
        let n = self.0.lock().unwrap_or_else(|e| e.into_inner());
        let mut out = Vec::new();
        if let Some(u) = &n.untitled {
            out.push((
                u.line,
                Problem::UntitledColumn {
                    column: Shown::composed(column_letter(u.column)),
                    value: Shown::new(&u.value),
                },
            ));
        }
        if let Some(&first) = n.hidden.first() {
            let mut lines: Vec<String> = n.hidden.iter().map(usize::to_string).collect();
            if n.hidden_count > n.hidden.len() {
                lines.push("…".into());
            }
            out.push((
                first,
                Problem::HiddenRows {
                    count: n.hidden_count.to_string(),
                    lines: lines.join(", "),
                },
            ));
        }
        out
    }
}

impl Iterator for Table {
    type Item = RowResult;
    fn next(&mut self) -> Option<Self::Item> {
        self.rows.next()
    }
}

/// Filled cells right of the last column title: data that has no column, most often a
/// separator inside a name that should have been quoted (`Ахметов; Қ.`). Blank cells there
/// are fine (a sheet's trailing separators).
fn beyond_header(cells: &[String], width: usize) -> Option<Problem> {
    let extra: Vec<usize> = (width..cells.len())
        .filter(|&i| !cells[i].trim().is_empty())
        .collect();
    let first = *extra.first()?;
    let mut columns: Vec<String> = extra.iter().take(5).map(|&i| column_letter(i)).collect();
    if extra.len() > 5 {
        columns.push("…".into());
    }
    Some(Problem::CellsBeyondHeader {
        count: extra.len().to_string(),
        columns: Shown::composed(columns.join(", ")),
        value: Shown::new(&cells[first]),
    })
}

/// The rows of a CSV file: its separator found from the top lines, each record checked
/// against the limits on a row before it is turned into cells.
fn csv_rows(
    reader: Box<dyn Read + Send>,
    mut lines: decode::Lines,
    path: &Path,
    encoding: &'static str,
) -> Result<impl Iterator<Item = RawItem> + Send> {
    // The top lines decide the separator; they are read whole (a decoder may hand out only
    // a few bytes at a time) and put back in front of the rest.
    let io = |source| Error::Io {
        path: path.to_path_buf(),
        source,
    };
    let mut reader = BufReader::with_capacity(1 << 16, reader);
    let mut head = Vec::new();
    for _ in 0..HEADER_SEARCH {
        let left = HEAD_BYTES.saturating_sub(head.len() as u64);
        let n = reader
            .by_ref()
            .take(left)
            .read_until(b'\n', &mut head)
            .map_err(|e| limit_or_io(e, path).unwrap_or_else(io))?;
        if n == 0 {
            break;
        }
    }
    let sep = sniff_separator(&head);
    let reader = std::io::Cursor::new(head).chain(reader);
    let mut csv = csv::ReaderBuilder::new()
        .delimiter(sep)
        .has_headers(false)
        .flexible(true)
        .from_reader(reader);
    let mut rec = csv::StringRecord::new();
    let file = path.display().to_string();
    let path = path.to_path_buf();
    let mut stopped = false;
    Ok(std::iter::from_fn(move || -> Option<RawItem> {
        if stopped {
            return None;
        }
        match csv.read_record(&mut rec) {
            Ok(false) => None,
            Ok(true) => {
                let line = rec.position().map_or(0, |p| lines.line_of(p.byte()));
                if let Some(p) = csv_limits(&rec, line, &file) {
                    stopped = true;
                    return Some(Err(RowFault::Stop(p.into())));
                }
                let cells: Vec<String> = rec.iter().map(str::to_string).collect();
                let bad =
                    cells
                        .iter()
                        .any(|c| c.contains('\u{FFFD}'))
                        .then(|| Problem::NotInEncoding {
                            encoding: encoding.to_string(),
                        });
                Some(Ok(RawRow {
                    line,
                    cells,
                    bad,
                    hidden: false,
                }))
            }
            Err(e) => {
                let line = e.position().map_or(0, |p| lines.line_of(p.byte()));
                let msg = match e.kind() {
                    csv::ErrorKind::Utf8 { .. } => Problem::NotUtf8,
                    csv::ErrorKind::Io(_) => {
                        stopped = true;
                        let csv::ErrorKind::Io(io) = e.into_kind() else {
                            unreachable!("matched above")
                        };
                        let err = limit_or_io(io, &path).unwrap_or_else(|source| Error::Io {
                            path: path.clone(),
                            source,
                        });
                        return Some(Err(RowFault::Stop(err)));
                    }
                    _ => Problem::other(e.to_string()),
                };
                Some(Err(RowFault::Row(line, msg)))
            }
        }
    }))
}

/// The refusal for a row the decoder stopped (longer than the limit), or the I/O error.
fn limit_or_io(e: std::io::Error, path: &Path) -> std::result::Result<Error, std::io::Error> {
    match decode::row_limit(&e) {
        Some(line) => Ok(Problem::RowTooLong {
            file: path.display().to_string(),
            line: line as u64,
            max_mib: super::limits::mib(MAX_ROW_BYTES as u64),
        }
        .into()),
        None => Err(e),
    }
}

/// A CSV record past a limit: too many columns, too much text, one cell too long.
fn csv_limits(rec: &csv::StringRecord, line: usize, file: &str) -> Option<Problem> {
    if rec.len() > MAX_COLUMNS {
        return Some(Problem::TooManyColumns {
            file: file.to_string(),
            line: line as u64,
            max: MAX_COLUMNS as u64,
        });
    }
    if rec.as_slice().len() > MAX_ROW_BYTES {
        return Some(Problem::RowTooLong {
            file: file.to_string(),
            line: line as u64,
            max_mib: super::limits::mib(MAX_ROW_BYTES as u64),
        });
    }
    let (i, cell) = rec
        .iter()
        .enumerate()
        .find(|(_, c)| c.len() > MAX_CELL_CHARS && c.chars().count() > MAX_CELL_CHARS)?;
    Some(Problem::CellTooLong {
        file: file.to_string(),
        line: line as u64,
        column: column_letter(i),
        chars: (cell.chars().count()) as u64,
        max: MAX_CELL_CHARS as u64,
    })
}

/// Drops the `'` Muster's CSV export puts before a cell that Excel would run as a formula.
fn unquote(mut r: Record) -> Record {
    for c in &mut r.cells {
        if is_quoted_formula(c) {
            c.remove(0);
        }
    }
    r
}

fn is_quoted_formula(c: &str) -> bool {
    let mut chars = c.chars();
    chars.next() == Some('\'') && matches!(chars.next(), Some('=' | '+' | '-' | '@' | '\t' | '\r'))
}

/// The SHA-256 of a file's bytes, read in blocks.
pub fn sha256_file(path: &Path) -> Result<String> {
    let io = |source| Error::Io {
        path: path.to_path_buf(),
        source,
    };
    let mut file = File::open(path).map_err(io)?;
    let mut hasher = Sha256::new();
    let mut buf = vec![0u8; 1 << 16];
    loop {
        let n = file.read(&mut buf).map_err(io)?;
        if n == 0 {
            break;
        }
        hasher.update(&buf[..n]);
    }
    Ok(hasher
        .finalize()
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect())
}

/// The separator is whichever of `;` `,` tab occurs most in the header line, outside quotes.
pub(crate) fn sniff_separator(line: &[u8]) -> u8 {
    let mut counts = [0usize; 3];
    let mut quoted = false;
    for &b in line {
        match b {
            b'"' => quoted = !quoted,
            b';' if !quoted => counts[0] += 1,
            b',' if !quoted => counts[1] += 1,
            b'\t' if !quoted => counts[2] += 1,
            _ => {}
        }
    }
    let seps = [b';', b',', b'\t'];
    let best = (0..3).max_by_key(|&i| (counts[i], 3 - i)).expect("three");
    if counts[best] == 0 {
        b','
    } else {
        seps[best]
    }
}

/// A row numbering the columns above it, as official forms print under their header:
/// 1, 2, 3 … in consecutive columns, at least three of them, and nothing else.
fn column_numbers(cells: &[String]) -> bool {
    let filled: Vec<(usize, &str)> = cells
        .iter()
        .enumerate()
        .map(|(i, c)| (i, c.trim()))
        .filter(|(_, c)| !c.is_empty())
        .collect();
    filled.len() >= 3
        && filled
            .iter()
            .enumerate()
            .all(|(k, (i, c))| *c == (k + 1).to_string() && *i == filled[0].0 + k)
}

/// A row whose only values are under columns titled with something Muster does not read
/// (and so ignores in every row): it says nothing to import.
/// A row of column titles naming, column by column, the fields the header names there
/// (at least two): «Жеке нөмірі | Модуль коды | Күні» under «Личный номер | Модуль | Дата».
/// No row of data reads so.
fn titles_again(cells: &[String], fields: &[Option<&'static str>]) -> bool {
    let mut named = 0;
    for (i, c) in cells.iter().enumerate() {
        if c.trim().is_empty() {
            continue;
        }
        match (field_of(c), fields.get(i).copied().flatten()) {
            (Some(f), Some(h)) if f == h => named += 1,
            _ => return false,
        }
    }
    named >= 2
}

fn says_nothing(cells: &[String], ignored: &[bool]) -> bool {
    let mut any = false;
    for (i, c) in cells.iter().enumerate() {
        if c.trim().is_empty() {
            continue;
        }
        if !ignored.get(i).copied().unwrap_or(false) {
            return false;
        }
        any = true;
    }
    any
}

/// The cells of the top rows (none for a row that could not be read) with each title
/// merged down over several rows standing in every row it covers (its first column only),
/// as Excel shows a two-row header.
fn titles_merged_down(
    top: &[RawItem],
    merged: Option<&Arc<Mutex<Vec<Area>>>>,
) -> Vec<Option<Vec<String>>> {
    let mut out: Vec<Option<Vec<String>>> = top
        .iter()
        .map(|r| r.as_ref().ok().map(|r| r.cells.clone()))
        .collect();
    let Some(areas) = merged else {
        return out;
    };
    let areas = areas.lock().unwrap_or_else(|e| e.into_inner()).clone();
    let lines: Vec<Option<usize>> = top
        .iter()
        .map(|r| r.as_ref().ok().map(|r| r.line))
        .collect();
    let index_of = |line: usize| lines.iter().position(|l| *l == Some(line));
    for a in areas.iter().filter(|a| a.bottom > a.top) {
        let col = a.left as usize;
        let Some(title) = index_of(a.top as usize + 1)
            .and_then(|i| out[i].as_ref())
            .and_then(|c| c.get(col).cloned())
            .filter(|t| !t.trim().is_empty())
        else {
            continue;
        };
        let covered = a.top as usize + 2..=a.bottom as usize + 1;
        for i in (0..lines.len()).filter(|&i| lines[i].is_some_and(|l| covered.contains(&l))) {
            if let Some(cells) = out[i].as_mut() {
                if cells.len() <= col {
                    cells.resize(col + 1, String::new());
                }
                if cells[col].trim().is_empty() {
                    cells[col] = title.clone();
                }
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn separators() {
        assert_eq!(sniff_separator(b"a;b;c"), b';');
        assert_eq!(sniff_separator(b"a,b,c"), b',');
        assert_eq!(sniff_separator(b"a\tb\tc"), b'\t');
        assert_eq!(sniff_separator(b"\"x,y\";b;c"), b';');
        assert_eq!(sniff_separator(b"single"), b',');
    }

    #[test]
    fn quoted_formulas_read_back() {
        let r = unquote(Record {
            line: 2,
            cells: vec![
                "'=HYPERLINK(\"x\")".into(),
                "'-5".into(),
                "'quoted".into(),
                "O'Brien".into(),
                "'".into(),
            ],
        });
        assert_eq!(
            r.cells,
            ["=HYPERLINK(\"x\")", "-5", "'quoted", "O'Brien", "'"]
        );
    }
}
