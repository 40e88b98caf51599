//! A spreadsheet read as a header and a stream of rows, whatever file it came from.
//! CSV: separator `,` or `;` detected, UTF-8 with or without a byte-order mark.

use std::fs::File;
use std::io::{BufRead, BufReader, Read};
use std::path::Path;

use crate::error::{Error, Result};

/// One data row, with the line it starts on.
#[derive(Debug, Clone, PartialEq)]
pub struct Record {
    pub line: usize,
    pub cells: Vec<String>,
}

pub struct Table {
    pub headers: Vec<String>,
    rows: Box<dyn Iterator<Item = std::result::Result<Record, (usize, String)>>>,
}

impl Table {
    /// Opens a CSV file and reads its header row; rows are read as they are asked for.
    pub fn open_csv(path: &Path) -> Result<Table> {
        let io = |source| Error::Io {
            path: path.to_path_buf(),
            source,
        };
        let mut reader = BufReader::with_capacity(1 << 16, File::open(path).map_err(io)?);
        let head = reader.fill_buf().map_err(io)?;
        if head.starts_with(b"\xEF\xBB\xBF") {
            reader.consume(3);
        }
        let head = reader.fill_buf().map_err(io)?;
        let first_line = head.split(|&b| b == b'\n').next().unwrap_or_default();
        let sep = sniff_separator(first_line);
        Table::from_reader(Box::new(reader), sep, path)
    }

    fn from_reader(reader: Box<dyn Read>, sep: u8, path: &Path) -> Result<Table> {
        let mut csv = csv::ReaderBuilder::new()
            .delimiter(sep)
            .has_headers(false)
            .flexible(true)
            .from_reader(reader);
        let mut header = csv::StringRecord::new();
        let got = csv.read_record(&mut header).map_err(|e| bad_csv(path, e))?;
        if !got || header.iter().all(|h| h.trim().is_empty()) {
            return Err(Error::invalid(format!(
                "{}: the file is empty (line 1 should name the columns)",
                path.display()
            )));
        }
        let headers = header.iter().map(|h| h.trim().to_string()).collect();
        let mut rec = csv::StringRecord::new();
        let rows = std::iter::from_fn(move || loop {
            match csv.read_record(&mut rec) {
                Ok(false) => return None,
                Ok(true) => {
                    let line = rec.position().map_or(0, |p| p.line() as usize);
                    if rec.iter().all(|c| c.trim().is_empty()) {
                        continue; // blank lines are common at the end of exported sheets
                    }
                    return Some(Ok(Record {
                        line,
                        cells: rec.iter().map(str::to_string).collect(),
                    }));
                }
                Err(e) => {
                    let line = e.position().map_or(0, |p| p.line() as usize);
                    let msg = match e.kind() {
                        csv::ErrorKind::Utf8 { .. } => {
                            "text is not UTF-8 (save the sheet as \"CSV UTF-8\")".to_string()
                        }
                        _ => e.to_string(),
                    };
                    return Some(Err((line, msg)));
                }
            }
        });
        Ok(Table {
            headers,
            rows: Box::new(rows),
        })
    }

    /// Finds the column of each wanted field; the header is matched ignoring case and
    /// surrounding spaces.
    pub fn columns(&self, fields: &[&str]) -> Vec<Option<usize>> {
        fields
            .iter()
            .map(|f| {
                self.headers
                    .iter()
                    .position(|h| h.trim().eq_ignore_ascii_case(f))
            })
            .collect()
    }
}

impl Iterator for Table {
    type Item = std::result::Result<Record, (usize, String)>;
    fn next(&mut self) -> Option<Self::Item> {
        self.rows.next()
    }
}

fn bad_csv(path: &Path, e: csv::Error) -> Error {
    Error::invalid(format!("{}: not a readable CSV file: {e}", path.display()))
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
    use super::sniff_separator;

    #[test]
    fn separators() {
        assert_eq!(sniff_separator(b"a;b;c"), b';');
        assert_eq!(sniff_separator(b"a,b,c"), b',');
        assert_eq!(sniff_separator(b"a\tb\tc"), b'\t');
        assert_eq!(sniff_separator(b"\"x,y\";b;c"), b';');
        assert_eq!(sniff_separator(b"single"), b',');
    }
}
