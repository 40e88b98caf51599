//! Excel 97-2003 workbooks (.xls: BIFF8, and BIFF5 from Excel 95), read by Muster itself.
//! calamine reads such a file whole at open, every sheet into a rectangle sized by the
//! cells the file claims, with a formula's text written out for every formula cell: a
//! small file can claim gigabytes that way. This reader keeps only the shared string table
//! (at most `MAX_SHARED_STRINGS` strings) and the workbook stream (the file is at most
//! `MAX_XLS_BYTES`), and hands the one sheet asked for to a `Sink` cell by cell, which
//! applies the limits on rows, columns and cells. Formulas are read by their last value,
//! as Excel saved it.
//!
//! Records follow [MS-XLS]: each is a type and a length (two bytes each) and its data;
//! the shared strings run on into CONTINUE records.

use std::collections::HashMap;
use std::fs::File;
use std::io::Read;
use std::path::Path;

use calamine::{Data, ExcelDateTime, ExcelDateTimeType};
use encoding_rs::{Encoding, WINDOWS_1252};

use super::cells::{cell_text, is_percent_format, not_a_workbook, not_too_many, percent_text};
use super::limits::{mib, MAX_SHARED_STRINGS, MAX_XLS_BYTES};
use super::rows::{self, CellValue, Halt, Sink};
use crate::error::{Error, Problem, Result};

const BOF: u16 = 0x0809;
const EOF: u16 = 0x000A;
const CONTINUE: u16 = 0x003C;

/// What a number format makes of a number.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Number,
    Date,
    Duration,
    Percent,
}

/// A workbook's global part, and its stream to read sheets from.
pub(super) struct Book {
    file: String,
    stream: Vec<u8>,
    /// Each sheet's name, where its records begin, and whether a person sees it (a visible
    /// worksheet, not a hidden one or a chart).
    sheets: Vec<(String, usize, bool)>,
    strings: Vec<String>,
    /// Per cell format (XF), what it makes of a number.
    xfs: Vec<Kind>,
    is_1904: bool,
    biff8: bool,
    /// The code page of a BIFF5 file's text.
    encoding: &'static Encoding,
}

pub(super) fn sheet_names(path: &Path) -> Result<Vec<String>> {
    Ok(Book::open(path)?.sheet_names())
}

/// Records from `pos` on: (type, data); ends at the stream's end or a cut record.
fn records(stream: &[u8], mut pos: usize) -> impl Iterator<Item = (u16, &[u8])> {
    std::iter::from_fn(move || {
        let head = stream.get(pos..pos + 4)?;
        let typ = u16::from_le_bytes([head[0], head[1]]);
        let len = u16::from_le_bytes([head[2], head[3]]) as usize;
        let data = stream.get(pos + 4..pos + 4 + len)?;
        pos += 4 + len;
        Some((typ, data))
    })
}

fn u16_at(d: &[u8], i: usize) -> Option<u16> {
    Some(u16::from_le_bytes(d.get(i..i + 2)?.try_into().ok()?))
}

fn u32_at(d: &[u8], i: usize) -> Option<u32> {
    Some(u32::from_le_bytes(d.get(i..i + 4)?.try_into().ok()?))
}

impl Book {
    pub fn open(path: &Path) -> Result<Book> {
        let file = path.display().to_string();
        let io = |source| Error::Io {
            path: path.to_path_buf(),
            source,
        };
        let too_large = || {
            Error::from(Problem::XlsTooLarge {
                file: file.clone(),
                max_mib: mib(MAX_XLS_BYTES),
            })
        };
        if std::fs::metadata(path).map_err(io)?.len() > MAX_XLS_BYTES {
            return Err(too_large());
        }
        let stream = rows::quietly(&file, || {
            let mut cf = cfb::CompoundFile::open(File::open(path).map_err(io)?)
                .map_err(|e| not_a_workbook(path, e))?;
            let name = ["/Workbook", "/Book"]
                .into_iter()
                .find(|n| cf.is_stream(n))
                .ok_or_else(|| not_a_workbook(path, "no Workbook stream: not an Excel file"))?;
            let s = cf.open_stream(name).map_err(|e| not_a_workbook(path, e))?;
            if s.len() > MAX_XLS_BYTES {
                return Err(too_large());
            }
            let mut stream = Vec::new();
            s.take(MAX_XLS_BYTES)
                .read_to_end(&mut stream)
                .map_err(|e| not_a_workbook(path, e))?;
            Ok(stream)
        })?;
        let mut book = Book {
            file,
            stream,
            sheets: Vec::new(),
            strings: Vec::new(),
            xfs: Vec::new(),
            is_1904: false,
            biff8: true,
            encoding: WINDOWS_1252,
        };
        book.read_globals(path)?;
        Ok(book)
    }

    pub fn sheet_names(&self) -> Vec<String> {
        self.sheets.iter().map(|(n, _, _)| n.clone()).collect()
    }

    /// The sheets' names, each with whether a person sees it (a visible worksheet).
    pub fn sheets_seen(&self) -> Vec<(String, bool)> {
        self.sheets
            .iter()
            .map(|(n, _, seen)| (n.clone(), *seen))
            .collect()
    }

    fn broken(&self, what: &str) -> Error {
        Problem::NotAWorkbook {
            file: self.file.clone(),
            detail: crate::problem::Shown::detail(what),
        }
        .into()
    }

    /// The workbook's global records: its version, text encoding, number formats, sheets
    /// and shared strings.
    fn read_globals(&mut self, path: &Path) -> Result<()> {
        let stream = std::mem::take(&mut self.stream);
        let mut formats: HashMap<u16, Kind> = HashMap::new();
        let mut xf_formats: Vec<u16> = Vec::new();
        let mut seen_bof = false;
        let mut recs = records(&stream, 0).peekable();
        while let Some((typ, data)) = recs.next() {
            match typ {
                BOF if !seen_bof => {
                    seen_bof = true;
                    match u16_at(data, 0) {
                        Some(0x0600) => self.biff8 = true,
                        Some(0x0500) => self.biff8 = false,
                        _ => {
                            return Err(not_a_workbook(
                                path,
                                "a workbook from Excel 4 or older: save it as .xlsx",
                            ))
                        }
                    }
                }
                // FILEPASS: the workbook is encrypted.
                0x002F => {
                    return Err(not_a_workbook(
                        path,
                        "the workbook is protected by a password: save a copy without one",
                    ))
                }
                // CODEPAGE
                0x0042 => {
                    if let Some(enc) = u16_at(data, 0).and_then(codepage::to_encoding) {
                        self.encoding = enc;
                    }
                }
                // DATEMODE
                0x0022 => self.is_1904 = u16_at(data, 0) == Some(1),
                // FORMAT (BIFF8 and BIFF5)
                0x041E | 0x001E => {
                    if let Some(code) = u16_at(data, 0) {
                        let text = if self.biff8 {
                            self.unicode_string(&data[2..], 2).map(|(s, _)| s)
                        } else {
                            self.byte_string(&data[2..], 1)
                        };
                        if let Some(text) = text {
                            formats.insert(code, custom_format(&text));
                        }
                    }
                }
                // XF
                0x00E0 => xf_formats.push(u16_at(data, 2).unwrap_or(0)),
                // BOUNDSHEET
                0x0085 => {
                    let pos = u32_at(data, 0)
                        .ok_or_else(|| self.broken("a sheet record is cut short"))?;
                    let name = if self.biff8 {
                        self.unicode_string(&data[6.min(data.len())..], 1)
                            .map(|(s, _)| s)
                    } else {
                        self.byte_string(&data[6.min(data.len())..], 1)
                    };
                    let name = name.ok_or_else(|| self.broken("a sheet name is cut short"))?;
                    // The state's low bits: 0 visible, 1 hidden, 2 very hidden; the type: 0 a
                    // worksheet (2 a chart, 6 a macro sheet).
                    let shown = data.get(4).is_some_and(|b| b & 0x03 == 0)
                        && data.get(5).is_some_and(|&t| t == 0);
                    self.sheets
                        .push((name.replace('\0', ""), pos as usize, shown));
                    not_too_many(path, self.sheets.len())?;
                }
                // SST, with the CONTINUE records after it
                0x00FC => {
                    let mut chunks = vec![data.get(8..).unwrap_or(&[])];
                    while let Some((CONTINUE, more)) = recs.peek().copied() {
                        chunks.push(more);
                        recs.next();
                    }
                    self.strings = self.shared_strings(chunks)?;
                }
                EOF => break,
                _ => {}
            }
        }
        drop(recs);
        if !seen_bof {
            return Err(not_a_workbook(
                path,
                "the Workbook stream holds no workbook",
            ));
        }
        self.xfs = xf_formats
            .into_iter()
            .map(|code| formats.get(&code).copied().unwrap_or_else(|| builtin(code)))
            .collect();
        self.stream = stream;
        Ok(())
    }

    /// The shared string table [MS-XLS 2.4.265]: strings of 8- or 16-bit characters that
    /// may be cut across CONTINUE records, each cut starting with a new flags byte.
    fn shared_strings(&self, chunks: Vec<&[u8]>) -> Result<Vec<String>> {
        let cut = || self.broken("the shared strings are cut short");
        let mut out = Vec::new();
        let mut r = Chunks {
            chunks,
            at: 0,
            data: &[],
        };
        r.data = r.chunks[0];
        loop {
            if r.data.is_empty() && !r.next_chunk() {
                return Ok(out);
            }
            if out.len() >= MAX_SHARED_STRINGS {
                return Err(Problem::TooManySharedStrings {
                    file: self.file.clone(),
                    max: MAX_SHARED_STRINGS as u64,
                }
                .into());
            }
            let head = r.take(3).ok_or_else(cut)?;
            let mut left = u16::from_le_bytes([head[0], head[1]]) as usize;
            let flags = head[2];
            let runs = if flags & 0x8 != 0 {
                let b = r.take(2).ok_or_else(cut)?;
                u16::from_le_bytes([b[0], b[1]]) as usize * 4
            } else {
                0
            };
            let ext = if flags & 0x4 != 0 {
                let b = r.take(4).ok_or_else(cut)?;
                u32::from_le_bytes([b[0], b[1], b[2], b[3]]) as usize
            } else {
                0
            };
            let mut wide = flags & 0x1 != 0;
            let mut s = String::new();
            while left > 0 {
                let width = if wide { 2 } else { 1 };
                let n = left.min(r.data.len() / width);
                let bytes = r.take(n * width).ok_or_else(cut)?;
                push_chars(&mut s, bytes, wide);
                left -= n;
                if left > 0 {
                    if !r.next_chunk() || r.data.is_empty() {
                        return Err(cut());
                    }
                    wide = r.data[0] & 0x1 != 0;
                    r.data = &r.data[1..];
                }
            }
            r.skip(runs + ext).ok_or_else(cut)?;
            out.push(s);
        }
    }

    /// An XLUnicodeString (`len_bytes` = 2) or ShortXLUnicodeString (1): its length, a flags
    /// byte, and 8- or 16-bit characters; and the bytes it took.
    fn unicode_string(&self, d: &[u8], len_bytes: usize) -> Option<(String, usize)> {
        let cch = match len_bytes {
            1 => *d.first()? as usize,
            _ => u16_at(d, 0)? as usize,
        };
        let flags = *d.get(len_bytes)?;
        let wide = flags & 0x1 != 0;
        let start = len_bytes + 1;
        let end = start + cch * if wide { 2 } else { 1 };
        let mut s = String::new();
        push_chars(&mut s, d.get(start..end)?, wide);
        Some((s, end))
    }

    /// A BIFF5 string: its length (`len_bytes` bytes) and its bytes in the file's code page.
    fn byte_string(&self, d: &[u8], len_bytes: usize) -> Option<String> {
        let cch = match len_bytes {
            1 => *d.first()? as usize,
            _ => u16_at(d, 0)? as usize,
        };
        let bytes = d.get(len_bytes..len_bytes + cch)?;
        Some(
            self.encoding
                .decode_without_bom_handling(bytes)
                .0
                .into_owned(),
        )
    }

    /// The text of a LABEL, RSTRING or STRING record's string, at `d`.
    fn label(&self, d: &[u8]) -> Option<String> {
        if self.biff8 {
            self.unicode_string(d, 2).map(|(s, _)| s)
        } else {
            self.byte_string(d, 2)
        }
    }

    fn number(&self, xf: u16, v: f64) -> CellValue {
        match self.xfs.get(xf as usize) {
            Some(Kind::Date) => cell_text(&Data::DateTime(ExcelDateTime::new(
                v,
                ExcelDateTimeType::DateTime,
                self.is_1904,
            ))),
            Some(Kind::Duration) => cell_text(&Data::DateTime(ExcelDateTime::new(
                v,
                ExcelDateTimeType::TimeDelta,
                self.is_1904,
            ))),
            Some(Kind::Percent) => Ok(percent_text(v)),
            _ => cell_text(&Data::Float(v)),
        }
    }

    /// Hands the cells of sheet `index` to `sink`, in the order the file keeps them.
    pub fn read(&self, index: usize, sink: &mut Sink) -> std::result::Result<(), Halt> {
        let start = self.sheets[index].1;
        if start >= self.stream.len() {
            return Err(self
                .broken("a sheet begins past the end of the file")
                .into());
        }
        // Cells as the file keeps them, then handed on by row and column: a program that
        // writes .xls (Python's xlwt, say) may keep a row it wrote last after later rows.
        // The merged areas (MERGEDCELLS, after the cells) are known by then.
        let mut cells = Cells::default();
        let mut merged = Vec::new();
        let cut = |what: &str| Halt::from(self.broken(&format!("a {what} record is cut short")));
        let mut depth = 0usize;
        let mut formula_at: Option<(u32, u32)> = None;
        for (i, (typ, d)) in records(&self.stream, start).enumerate() {
            if typ == BOF {
                if i > 0 {
                    depth += 1; // a chart or other part inside the sheet: not cells
                }
                continue;
            }
            if typ == EOF {
                if depth == 0 {
                    break;
                }
                depth -= 1;
                continue;
            }
            if depth > 0 {
                continue;
            }
            let pos = || Some((u16_at(d, 0)? as u32, u16_at(d, 2)? as u32));
            let xf = u16_at(d, 4).unwrap_or(0);
            match typ {
                // ROW: fDyZero (0x20) in its option flags hides it [MS-XLS 2.4.221].
                0x0208 => {
                    if let (Some(r), Some(flags)) = (u16_at(d, 0), u16_at(d, 12)) {
                        if flags & 0x20 != 0 {
                            sink.hide(r as u32);
                        }
                    }
                }
                // NUMBER
                0x0203 => {
                    let (r, c) = pos().ok_or_else(|| cut("number"))?;
                    let v = f64::from_le_bytes(
                        d.get(6..14)
                            .ok_or_else(|| cut("number"))?
                            .try_into()
                            .expect("8"),
                    );
                    cells.cell(sink, r, c, self.number(xf, v))?;
                }
                // RK
                0x027E => {
                    let (r, c) = pos().ok_or_else(|| cut("number"))?;
                    let v = u32_at(d, 6).ok_or_else(|| cut("number"))?;
                    cells.cell(sink, r, c, self.number(xf, rk(v)))?;
                }
                // MULRK: several RK cells in a row
                0x00BD => {
                    let (r, first) = pos().ok_or_else(|| cut("number"))?;
                    let items = d.len().saturating_sub(6) / 6;
                    for k in 0..items {
                        let at = 4 + 6 * k;
                        let xf = u16_at(d, at).unwrap_or(0);
                        let v = u32_at(d, at + 2).ok_or_else(|| cut("number"))?;
                        cells.cell(sink, r, first + k as u32, self.number(xf, rk(v)))?;
                    }
                }
                // LABEL, RSTRING
                0x0204 | 0x00D6 => {
                    let (r, c) = pos().ok_or_else(|| cut("text"))?;
                    let s = self
                        .label(&d[6.min(d.len())..])
                        .ok_or_else(|| cut("text"))?;
                    cells.cell(sink, r, c, Ok(s))?;
                }
                // LABELSST
                0x00FD => {
                    let (r, c) = pos().ok_or_else(|| cut("text"))?;
                    let i = u32_at(d, 6).ok_or_else(|| cut("text"))? as usize;
                    if let Some(s) = self.strings.get(i) {
                        cells.cell(sink, r, c, Ok(s.clone()))?;
                    }
                }
                // BOOLERR
                0x0205 => {
                    let (r, c) = pos().ok_or_else(|| cut("value"))?;
                    let (v, is_error) = (d.get(6).copied(), d.get(7).copied());
                    let value = match (v, is_error) {
                        (Some(e), Some(1)) => Err(("excel_error", error_text(e).to_string())),
                        (Some(b), _) => Ok(if b != 0 { "TRUE" } else { "FALSE" }.to_string()),
                        _ => return Err(cut("value")),
                    };
                    cells.cell(sink, r, c, value)?;
                }
                // FORMULA: its last value; a text value follows in a STRING record.
                0x0006 => {
                    let (r, c) = pos().ok_or_else(|| cut("formula"))?;
                    let v = d.get(6..14).ok_or_else(|| cut("formula"))?;
                    formula_at = None;
                    if v[6] == 0xFF && v[7] == 0xFF {
                        match v[0] {
                            0 => formula_at = Some((r, c)),
                            1 => cells.cell(
                                sink,
                                r,
                                c,
                                Ok(if v[2] != 0 { "TRUE" } else { "FALSE" }.into()),
                            )?,
                            2 => cells.cell(
                                sink,
                                r,
                                c,
                                Err(("excel_error", error_text(v[2]).to_string())),
                            )?,
                            _ => {}
                        }
                    } else {
                        let f = f64::from_le_bytes(v.try_into().expect("8"));
                        cells.cell(sink, r, c, self.number(xf, f))?;
                    }
                }
                // STRING: the text a formula gave
                0x0207 => {
                    if let Some((r, c)) = formula_at.take() {
                        let s = self.label(d).ok_or_else(|| cut("text"))?;
                        cells.cell(sink, r, c, Ok(s))?;
                    }
                }
                // MERGEDCELLS: a count, then first row, last row, first column, last column
                0x00E5 => merged.extend(merged_areas(d)),
                _ => {}
            }
        }
        sink.merged(merged);
        cells.hand_on(sink)
    }
}

/// The areas one MERGEDCELLS record lists.
fn merged_areas(d: &[u8]) -> impl Iterator<Item = super::merged::Area> + '_ {
    let n = u16_at(d, 0).unwrap_or(0) as usize;
    (0..n).map_while(move |k| {
        let at = 2 + 8 * k;
        Some(super::merged::Area {
            top: u16_at(d, at)? as u32,
            bottom: u16_at(d, at + 2)? as u32,
            left: u16_at(d, at + 4)? as u32,
            right: u16_at(d, at + 6)? as u32,
        })
    })
}

/// A sheet's cells gathered before they are handed on in order of row and column.
#[derive(Default)]
struct Cells {
    cells: Vec<(u32, u32, CellValue)>,
}

impl Cells {
    fn cell(
        &mut self,
        sink: &mut Sink,
        row: u32,
        col: u32,
        value: CellValue,
    ) -> std::result::Result<(), Halt> {
        // Past the limit on a sheet's cells the sink refuses, in its own words, before
        // more is gathered.
        if self.cells.len() >= crate::import::limits::MAX_SHEET_CELLS {
            sink.ahead(row as u64, self.cells.len() as u64 + 1)?;
        }
        self.cells.push((row, col, value));
        Ok(())
    }

    fn hand_on(mut self, sink: &mut Sink) -> std::result::Result<(), Halt> {
        self.cells.sort_by_key(|&(r, c, _)| (r, c));
        for (r, c, v) in self.cells {
            sink.cell(r, c, v)?;
        }
        Ok(())
    }
}

/// The shared strings' records, read across their CONTINUE boundaries.
struct Chunks<'a> {
    chunks: Vec<&'a [u8]>,
    at: usize,
    data: &'a [u8],
}

impl<'a> Chunks<'a> {
    fn next_chunk(&mut self) -> bool {
        if self.at + 1 >= self.chunks.len() {
            return false;
        }
        self.at += 1;
        self.data = self.chunks[self.at];
        true
    }

    /// `n` bytes from the current record.
    fn take(&mut self, n: usize) -> Option<&'a [u8]> {
        let (head, rest) = (self.data.get(..n)?, &self.data[n..]);
        self.data = rest;
        Some(head)
    }

    /// Skips `n` bytes, across records.
    fn skip(&mut self, mut n: usize) -> Option<()> {
        while n > 0 {
            if self.data.is_empty() && !self.next_chunk() {
                return None;
            }
            let k = n.min(self.data.len());
            self.data = &self.data[k..];
            n -= k;
        }
        Some(())
    }
}

/// Characters stored as UTF-16 (`wide`) or as one byte each (the code points U+0000–U+00FF).
fn push_chars(s: &mut String, bytes: &[u8], wide: bool) {
    if wide {
        let units = bytes
            .chunks_exact(2)
            .map(|c| u16::from_le_bytes([c[0], c[1]]));
        s.extend(char::decode_utf16(units).map(|c| c.unwrap_or('\u{FFFD}')));
    } else {
        s.extend(bytes.iter().map(|&b| b as char));
    }
}

/// An RK number [MS-XLS 2.5.217]: a float's top 30 bits or a 30-bit integer, perhaps ÷ 100.
fn rk(v: u32) -> f64 {
    let n = if v & 0x2 != 0 {
        ((v as i32) >> 2) as f64
    } else {
        f64::from_bits(((v & 0xFFFF_FFFC) as u64) << 32)
    };
    if v & 0x1 != 0 {
        n / 100.0
    } else {
        n
    }
}

fn error_text(code: u8) -> &'static str {
    match code {
        0x00 => "#NULL!",
        0x07 => "#DIV/0!",
        0x0F => "#VALUE!",
        0x17 => "#REF!",
        0x1D => "#NAME?",
        0x24 => "#NUM!",
        0x2A => "#N/A",
        0x2B => "#GETTING_DATA",
        _ => "#ERROR",
    }
}

/// Excel's built-in number formats that show a date, a time or a percentage.
fn builtin(code: u16) -> Kind {
    match code {
        14..=22 | 27..=36 | 45 | 47 | 50..=58 => Kind::Date,
        46 => Kind::Duration,
        9 | 10 => Kind::Percent,
        _ => Kind::Number,
    }
}

/// Whether a custom number format shows a date (or a duration, `[h]:mm`) or a percentage.
/// The date rules are calamine's (`formats::detect_custom_number_format`, MIT, itself from
/// openpyxl), which reads .xlsx dates the same way.
fn custom_format(format: &str) -> Kind {
    if is_percent_format(format) {
        return Kind::Percent;
    }
    let mut escaped = false;
    let mut is_quote = false;
    let mut brackets = 0u8;
    let mut prev = ' ';
    let mut hms = false;
    let mut ap = false;
    for s in format.chars() {
        match (s, escaped, is_quote, ap, brackets) {
            (_, true, ..) => escaped = false,
            ('_' | '\\' | '*', ..) => escaped = true,
            ('"', _, true, _, _) => is_quote = false,
            (_, _, true, _, _) => (),
            ('"', _, _, _, _) => is_quote = true,
            (';', ..) => return Kind::Number,
            ('[', ..) => brackets += 1,
            (']', .., 1) if hms => return Kind::Duration,
            (']', ..) => brackets = brackets.saturating_sub(1),
            ('a' | 'A', _, _, false, 0) => ap = true,
            ('p' | 'm' | '/' | 'P' | 'M', _, _, true, 0) => return Kind::Date,
            ('d' | 'm' | 'h' | 'y' | 's' | 'D' | 'M' | 'H' | 'Y' | 'S', _, _, false, 0) => {
                return Kind::Date
            }
            _ => {
                if !(hms && s.eq_ignore_ascii_case(&prev)) {
                    hms = prev == '[' && matches!(s, 'm' | 'h' | 's' | 'M' | 'H' | 'S');
                }
            }
        }
        prev = s;
    }
    Kind::Number
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rk_numbers() {
        assert_eq!(rk((100101 << 2) | 0x2), 100101.0);
        assert_eq!(rk((8450 << 2) | 0x3), 84.5);
        let bits = (12.5f64.to_bits() >> 32) as u32;
        assert_eq!(rk(bits), 12.5);
    }

    #[test]
    fn date_formats() {
        assert_eq!(custom_format("DD/MM/YY"), Kind::Date);
        assert_eq!(custom_format("dd.mm.yyyy"), Kind::Date);
        assert_eq!(custom_format("0.00"), Kind::Number);
        assert_eq!(custom_format("[h]:mm:ss"), Kind::Duration);
        assert_eq!(custom_format("\"d\"0"), Kind::Number);
        assert_eq!(builtin(14), Kind::Date);
        assert_eq!(builtin(0), Kind::Number);
        assert_eq!(builtin(9), Kind::Percent);
        assert_eq!(builtin(10), Kind::Percent);
        assert_eq!(custom_format("0.0%"), Kind::Percent);
    }

    #[test]
    fn shared_strings_across_continue_records() {
        let book = Book {
            file: "t.xls".into(),
            stream: Vec::new(),
            sheets: Vec::new(),
            strings: Vec::new(),
            xfs: Vec::new(),
            is_1904: false,
            biff8: true,
            encoding: WINDOWS_1252,
        };
        // "ab" in 8-bit; then "Жx" in 16-bit cut after «Ж», the rest in 8-bit after a flags byte.
        let first: &[u8] = &[2, 0, 0, b'a', b'b', 2, 0, 1, 0x16, 0x04];
        let second: &[u8] = &[0, b'x'];
        let s = book.shared_strings(vec![first, second]).unwrap();
        assert_eq!(s, ["ab", "Жx"]);
        assert!(book.shared_strings(vec![&[5, 0, 0, b'a']]).is_err());
    }
}
