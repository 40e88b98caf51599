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

use sha2::{Digest, Sha256};

use super::headers::{column_letter, field_of};
use super::{decode, workbook};
use crate::error::{Error, Problem, Result};
use crate::store::ImportSource;

/// One data row, with the line (CSV) or row number (workbook) it starts on.
#[derive(Debug, Clone, PartialEq)]
pub struct Record {
    pub line: usize,
    pub cells: Vec<String>,
}

pub(super) type RowResult = std::result::Result<Record, (usize, Problem)>;

/// A CSV record with its line, or why it could not be read.
type RowItem = std::result::Result<(usize, Vec<String>), (usize, Problem)>;

/// How many rows from the top may hold a title above the header row.
pub(super) const HEADER_SEARCH: usize = 10;

/// A header row names at least two fields Muster reads; a title row does not.
pub(super) fn looks_like_header(cells: &[String]) -> bool {
    cells.iter().filter(|c| field_of(c).is_some()).count() >= 2
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
    /// Where the rows come from, for the import history.
    pub source: ImportSource,
    /// The spreadsheet column of the first header cell (0 = A).
    pub first_col: usize,
    rows: Box<dyn Iterator<Item = RowResult>>,
}

impl Table {
    /// Opens a workbook (by its ending: .xlsx .xlsm .xlsb .xls .ods) or a CSV file and
    /// reads its header row; rows are read as they are asked for.
    pub fn open(path: &Path, opts: &OpenOptions) -> Result<Table> {
        let sha256 = sha256_file(path)?;
        let file_name = path.file_name().map_or_else(
            || path.display().to_string(),
            |n| n.to_string_lossy().into(),
        );
        let mut table = if workbook::is_workbook(path) {
            if opts.encoding.is_some() {
                return Err(Error::invalid(
                    "--encoding applies to CSV files only: a workbook says its own encoding",
                ));
            }
            let sheet = workbook::open(path, opts.sheet.as_deref())?;
            Table {
                headers: sheet.headers,
                source: ImportSource {
                    sheet: Some(sheet.name),
                    ..ImportSource::default()
                },
                first_col: sheet.first_col,
                rows: Box::new(sheet.rows.map(|r| r.map(unquote))),
            }
        } else {
            if opts.sheet.is_some() {
                return Err(Error::invalid(format!(
                    "--sheet applies to workbooks only, and {} is read as a CSV file",
                    path.display()
                )));
            }
            let (reader, enc, lines) = decode::open(path, opts.encoding.as_deref())?;
            let mut t = Table::from_csv(reader, lines, path, enc.name())?;
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

    fn from_csv(
        reader: Box<dyn Read>,
        mut lines: decode::Lines,
        path: &Path,
        encoding: &'static str,
    ) -> Result<Table> {
        // The top lines decide the separator; they are read whole (a decoder may hand out
        // only a few bytes at a time) and put back in front of the rest.
        let io = |source| Error::Io {
            path: path.to_path_buf(),
            source,
        };
        let mut reader = BufReader::with_capacity(1 << 16, reader);
        let mut head = Vec::new();
        for _ in 0..HEADER_SEARCH {
            let n = reader
                .by_ref()
                .take(1 << 20)
                .read_until(b'\n', &mut head)
                .map_err(io)?;
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
        let mut next = move || -> Option<RowItem> {
            match csv.read_record(&mut rec) {
                Ok(false) => None,
                Ok(true) => {
                    let line = rec.position().map_or(0, |p| lines.line_of(p.byte()));
                    Some(Ok((line, rec.iter().map(str::to_string).collect())))
                }
                Err(e) => {
                    let line = e.position().map_or(0, |p| lines.line_of(p.byte()));
                    let msg = match e.kind() {
                        csv::ErrorKind::Utf8 { .. } => Problem::NotUtf8,
                        _ => Problem::other(e.to_string()),
                    };
                    Some(Err((line, msg)))
                }
            }
        };
        // The header is the first of the top rows that looks like one (offices often put a
        // title above it); failing that, the first row, so a missing column is reported.
        let top: Vec<RowItem> = std::iter::from_fn(&mut next).take(HEADER_SEARCH).collect();
        let at = top
            .iter()
            .position(|r| r.as_ref().is_ok_and(|(_, cells)| looks_like_header(cells)))
            .unwrap_or(0);
        let mut rest = top.into_iter().skip(at);
        let header = match rest.next() {
            Some(Ok((_, h))) if !h.iter().all(|c| c.trim().is_empty()) => h,
            Some(Err((_, msg))) => {
                return Err(Error::invalid(format!(
                    "{}: the header row cannot be read: {msg}",
                    path.display()
                )))
            }
            _ => {
                return Err(Problem::EmptyFile {
                    file: path.display().to_string(),
                }
                .into())
            }
        };
        let headers = header.iter().map(|h| h.trim().to_string()).collect();
        let rows = rest
            .chain(std::iter::from_fn(next))
            .filter_map(move |item| {
                let (line, cells) = match item {
                    Ok(r) => r,
                    Err(e) => return Some(Err(e)),
                };
                if cells.iter().all(|c| c.trim().is_empty()) {
                    return None; // blank lines are common at the end of exported sheets
                }
                if cells.iter().any(|c| c.contains('\u{FFFD}')) {
                    return Some(Err((
                        line,
                        Problem::NotInEncoding {
                            encoding: encoding.to_string(),
                        },
                    )));
                }
                Some(Ok(unquote(Record { line, cells })))
            });
        Ok(Table {
            headers,
            source: ImportSource::default(),
            first_col: 0,
            rows: Box::new(rows),
        })
    }

    /// Finds the column of each wanted field; a header names a field by its English name
    /// or a Russian or Kazakh title (see `headers`). The first such column wins.
    pub fn columns(&self, fields: &[&str]) -> Vec<Option<usize>> {
        fields
            .iter()
            .map(|f| self.headers.iter().position(|h| field_of(h) == Some(*f)))
            .collect()
    }

    /// A column as a user finds it on screen: its letter and its header, e.g. `C «Фамилия»`.
    pub fn column_name(&self, index: usize) -> String {
        let letter = column_letter(self.first_col + index);
        match self.headers.get(index) {
            Some(h) if !h.is_empty() => format!("{letter} «{h}»"),
            _ => letter,
        }
    }
}

impl Iterator for Table {
    type Item = RowResult;
    fn next(&mut self) -> Option<Self::Item> {
        self.rows.next()
    }
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
