//! OpenDocument spreadsheets (.ods), read by Muster itself as a stream. calamine reads the
//! whole `content.xml` at open and writes out every repeated cell and row it declares
//! (`table:number-columns-repeated`, `table:number-rows-repeated`): a few bytes can declare
//! a billion of them. Here a repeat of empty cells or rows costs nothing but a counter, a
//! repeated value is handed on as often as it is repeated and stops at the limits on a row
//! and a sheet (`Sink`), and the XML is read through the same guards as a zipped workbook's
//! (`guard::Meter`, `guard::XmlGuard`).
//!
//! Values are read as calamine reads them: `office:value` for numbers, `office:date-value`
//! for dates, `office:boolean-value`, `office:string-value`, or the cell's paragraphs.

use std::io::{BufRead, BufReader, Read};
use std::path::Path;

use quick_xml::events::attributes::Attribute;
use quick_xml::events::{BytesStart, Event};
use quick_xml::{Reader, XmlVersion};

use super::cells::{cell_text, not_a_workbook, not_too_many, percent_text};
use super::guard::{breach_of, open_zip, Breach, Meter, XmlGuard};
use super::headers::column_letter;
use super::limits::{
    mib, MAX_CELL_CHARS, MAX_COLUMNS, MAX_ROW_BYTES, MAX_UNPACKED_BYTES, MAX_XML_ITEM_BYTES,
};
use super::rows::{CellValue, Halt, Sink};
use crate::error::{Error, Problem, Result};
use crate::problem::Shown;
use calamine::Data;

const MIMETYPE: &[u8] = b"application/vnd.oasis.opendocument.spreadsheet";

/// The names of the sheets, in order.
pub(super) fn sheet_names(path: &Path) -> Result<Vec<String>> {
    Ok(sheets(path)?.into_iter().map(|(n, _)| n).collect())
}

/// The sheets in order, each with whether a person sees it (a table whose style says
/// `table:display="false"` is hidden).
pub(super) fn sheets(path: &Path) -> Result<Vec<(String, bool)>> {
    let mut out = Vec::new();
    walk(path, &mut |name, table| {
        out.push((name, !table.hidden));
        not_too_many(path, out.len())?;
        Ok(Seen::Skip)
    })?;
    Ok(out)
}

/// Hands the cells of sheet `index` to `sink`.
pub(super) fn read(path: &Path, index: usize, sink: &mut Sink) -> std::result::Result<(), Halt> {
    let mut seen = 0;
    let mut halt = None;
    walk(path, &mut |_, table| {
        seen += 1;
        if seen <= index {
            return Ok(Seen::Skip);
        }
        if let Err(h) = read_table(table, sink, path) {
            halt = Some(h);
        }
        Ok(Seen::Done)
    })
    .map_err(Halt::from)?;
    match halt {
        Some(h) => Err(h),
        None => Ok(()),
    }
}

/// What to do after a sheet was seen.
enum Seen {
    /// Go on to the next sheet (the sheet's content is skipped).
    Skip,
    /// Stop reading the file (the sheet was read).
    Done,
}

type Xml<'a> = Reader<Box<dyn BufRead + 'a>>;

/// Calls `each` with the name of every sheet (`table:table`) in the file, and the reader
/// just past its start tag.
fn walk(
    path: &Path,
    each: &mut dyn FnMut(String, &mut Table<'_, '_>) -> Result<Seen>,
) -> Result<()> {
    let mut zip = open_zip(path)?;
    let mime_ok = match zip.by_name("mimetype") {
        Ok(mut f) => {
            let mut buf = Vec::new();
            (&mut f)
                .take(MIMETYPE.len() as u64 + 1)
                .read_to_end(&mut buf)
                .ok();
            buf.trim_ascii() == MIMETYPE
        }
        Err(_) => false,
    };
    if !mime_ok {
        return Err(not_a_workbook(
            path,
            "not an OpenDocument spreadsheet (no mimetype)",
        ));
    }
    let content = zip
        .by_name("content.xml")
        .map_err(|e| not_a_workbook(path, format!("content.xml: {e}")))?;
    let mut total = 0u64;
    let guarded = XmlGuard::new(Meter::new(content, &mut total, u64::MAX));
    let reader: Box<dyn BufRead + '_> = Box::new(BufReader::new(guarded));
    let mut xml: Xml<'_> = Reader::from_reader(reader);
    xml.config_mut().check_end_names = false;
    let mut buf = Vec::new();
    // The table styles that hide their table (automatic styles come before the body).
    let mut hiding = std::collections::HashSet::new();
    let mut style: Option<String> = None;
    loop {
        buf.clear();
        let event = xml
            .read_event_into(&mut buf)
            .map_err(|e| xml_refusal(path, e))?;
        let (name, empty, style_name) = match &event {
            Event::Start(e) | Event::Empty(e) if local(e) == "style" => {
                style = (attr(e, "style:family").as_deref() == Some("table"))
                    .then(|| attr(e, "style:name"))
                    .flatten();
                continue;
            }
            Event::Start(e) | Event::Empty(e) if local(e) == "table-properties" => {
                if let (Some(s), Some("false")) = (&style, attr(e, "table:display").as_deref()) {
                    hiding.insert(s.clone());
                }
                continue;
            }
            Event::Start(e) if local(e) == "table" => {
                (attr(e, "table:name"), false, attr(e, "table:style-name"))
            }
            Event::Empty(e) if local(e) == "table" => {
                (attr(e, "table:name"), true, attr(e, "table:style-name"))
            }
            Event::Eof => return Ok(()),
            _ => continue,
        };
        let mut table = Table {
            xml: &mut xml,
            path,
            empty,
            hidden: style_name.is_some_and(|s| hiding.contains(&s)),
        };
        match each(name.unwrap_or_default(), &mut table)? {
            Seen::Done => return Ok(()),
            Seen::Skip => table.skip()?,
        }
    }
}

/// A sheet being read: the XML reader positioned inside its `table:table`.
struct Table<'r, 'a: 'r> {
    xml: &'r mut Xml<'a>,
    path: &'r Path,
    /// The sheet was an empty element (`<table:table …/>`): it has no rows to read.
    empty: bool,
    /// Its style hides it.
    hidden: bool,
}

fn xml_refusal(path: &Path, e: quick_xml::Error) -> Error {
    let file = path.display().to_string();
    let part = Shown::new("content.xml");
    if let quick_xml::Error::Io(io) = &e {
        match breach_of(io) {
            Some(Breach::XmlItem) => {
                return Problem::XmlItemTooLong {
                    file,
                    part,
                    max_mib: mib(MAX_XML_ITEM_BYTES as u64),
                }
                .into()
            }
            Some(_) => {
                return Problem::UnpackedTooLarge {
                    file,
                    max_mib: mib(MAX_UNPACKED_BYTES),
                }
                .into()
            }
            None => {}
        }
    }
    not_a_workbook(path, format!("content.xml: {e}"))
}

fn local<'b>(e: &'b BytesStart<'_>) -> &'b str {
    let name = e.name().into_inner();
    name.rsplit(':').next().unwrap_or(name)
}

fn attr(e: &BytesStart<'_>, name: &str) -> Option<String> {
    let a = e.try_get_attribute(name).ok()??;
    value(&a)
}

fn value(a: &Attribute<'_>) -> Option<String> {
    a.normalized_value(XmlVersion::Implicit1_0)
        .ok()
        .map(|v| v.into_owned())
}

/// A repeat count (`table:number-…-repeated`), 1 when absent or unreadable.
fn repeats(e: &BytesStart<'_>, name: &str) -> u64 {
    attr(e, name)
        .and_then(|v| v.trim().parse::<u64>().ok())
        .filter(|&n| n > 0)
        .unwrap_or(1)
}

impl<'r, 'a> Table<'r, 'a> {
    fn next(&mut self, buf: &mut Vec<u8>) -> Result<Event<'static>> {
        buf.clear();
        let e = self
            .xml
            .read_event_into(buf)
            .map_err(|e| xml_refusal(self.path, e))?;
        Ok(e.into_owned())
    }

    /// Reads past the end of this sheet.
    fn skip(&mut self) -> Result<()> {
        if self.empty {
            return Ok(());
        }
        let mut buf = Vec::new();
        let mut depth = 0usize;
        loop {
            match self.next(&mut buf)? {
                Event::Start(e) if local(&e) == "table" => depth += 1,
                Event::End(e) if e.local_name().as_ref() == "table" => {
                    if depth == 0 {
                        return Ok(());
                    }
                    depth -= 1;
                }
                Event::Eof => return Ok(()),
                _ => {}
            }
        }
    }
}

/// A cell read from a row: its column and value (only cells with a value are kept).
type RowCells = Vec<(u32, CellValue)>;

fn read_table(
    table: &mut Table<'_, '_>,
    sink: &mut Sink,
    path: &Path,
) -> std::result::Result<(), Halt> {
    if table.empty {
        return Ok(());
    }
    let mut buf = Vec::new();
    let mut row: u64 = 0;
    loop {
        match table.next(&mut buf)? {
            Event::Start(e) if local(&e) == "table-row" => {
                let times = repeats(&e, "table:number-rows-repeated");
                // Filtered out, or hidden by hand (`collapse`).
                let hidden = e.attributes().flatten().any(|a| {
                    a.key.as_ref() == "table:visibility"
                        && matches!(value(&a).as_deref(), Some("collapse" | "filter"))
                });
                let mut spans = Vec::new();
                let cells = read_row(table, path, row, &mut spans)?;
                // Merged areas begin in this row: given before the rows they cover.
                sink.merged(spans);
                if let Some((last, _)) = cells.last() {
                    let width = *last as u64 + 1;
                    sink.ahead(row.saturating_add(times - 1), width.saturating_mul(times))?;
                    for k in 0..times {
                        let r = u32::try_from(row + k).unwrap_or(u32::MAX);
                        if hidden {
                            sink.hide(r);
                        }
                        for (col, value) in &cells {
                            sink.cell(r, *col, value.clone())?;
                        }
                    }
                }
                row = row.saturating_add(times);
            }
            Event::Empty(e) if local(&e) == "table-row" => {
                row = row.saturating_add(repeats(&e, "table:number-rows-repeated"));
            }
            Event::End(e) if e.local_name().as_ref() == "table" => return Ok(()),
            Event::Eof => return Ok(()),
            _ => {}
        }
    }
}

/// The cells of one row with a value, each at its column; a repeated value is kept as many
/// times as it is repeated, within the limits on a row.
fn read_row(
    table: &mut Table<'_, '_>,
    path: &Path,
    row: u64,
    spans: &mut Vec<super::merged::Area>,
) -> Result<RowCells> {
    let file = path.display().to_string();
    let line = row + 1;
    let mut buf = Vec::new();
    let mut col: u64 = 0;
    let mut bytes = 0usize;
    let mut out = RowCells::new();
    loop {
        let (e, has_content) = match table.next(&mut buf)? {
            Event::Start(e) if is_cell(&e) => (e, true),
            Event::Empty(e) if is_cell(&e) => (e, false),
            Event::End(e) if e.local_name().as_ref() == "table-row" => return Ok(out),
            Event::Eof => return Ok(out),
            _ => continue,
        };
        let times = repeats(&e, "table:number-columns-repeated");
        let (down, across) = (
            repeats(&e, "table:number-rows-spanned"),
            repeats(&e, "table:number-columns-spanned"),
        );
        if (down, across) != (1, 1) && local(&e) == "table-cell" {
            let at = |n: u64| u32::try_from(n).unwrap_or(u32::MAX);
            spans.push(super::merged::Area {
                top: at(row),
                left: at(col),
                bottom: at(row.saturating_add(down - 1)),
                right: at(col.saturating_add(across - 1)),
            });
        }
        let value = cell_value(table, &e, has_content, path, line, col)?;
        if !matches!(&value, Ok(t) if t.is_empty()) {
            if col + times > MAX_COLUMNS as u64 {
                return Err(Problem::TooManyColumns {
                    file,
                    line,
                    max: MAX_COLUMNS as u64,
                }
                .into());
            }
            let size = value.as_ref().map_or(0, String::len);
            bytes = bytes.saturating_add(size.saturating_mul(times as usize));
            if bytes > MAX_ROW_BYTES {
                return Err(Problem::RowTooLong {
                    file,
                    line,
                    max_mib: mib(MAX_ROW_BYTES as u64),
                }
                .into());
            }
            for k in 0..times {
                out.push(((col + k) as u32, value.clone()));
            }
        }
        col = col.saturating_add(times);
    }
}

fn is_cell(e: &BytesStart<'_>) -> bool {
    matches!(local(e), "table-cell" | "covered-table-cell")
}

/// A cell's value, from its attributes or, for text, its paragraphs (which are read here,
/// up to the cell's end tag).
fn cell_value(
    table: &mut Table<'_, '_>,
    e: &BytesStart<'_>,
    has_content: bool,
    path: &Path,
    line: u64,
    col: u64,
) -> Result<CellValue> {
    let mut value: Option<Data> = None;
    let mut is_string = false;
    let mut is_error = false;
    let mut is_percent = false;
    for a in e.attributes().flatten() {
        let v = || self::value(&a).unwrap_or_default();
        match a.key.as_ref() {
            "office:value" if value.is_none() => {
                let raw = v();
                value = Some(match raw.trim().parse::<f64>() {
                    Ok(f) => Data::Float(f),
                    Err(_) => Data::String(raw),
                });
            }
            "office:string-value" if value.is_none() => value = Some(Data::String(v())),
            "office:date-value" if value.is_none() => value = Some(Data::DateTimeIso(v())),
            "office:time-value" if value.is_none() => value = Some(Data::DurationIso(v())),
            "office:boolean-value" if value.is_none() => {
                value = Some(Data::Bool(matches!(v().as_str(), "true" | "TRUE")));
            }
            "office:value-type" => {
                let t = v();
                is_percent = t == "percentage";
                is_string = value.is_none() && t == "string";
            }
            "calcext:value-type" => is_error = v() == "error",
            _ => {}
        }
    }
    // A percentage keeps its fraction in `office:value` (0.85 for 85 %): read as shown.
    if let (true, Some(Data::Float(f))) = (is_percent, &value) {
        let shown = Ok(percent_text(*f));
        if has_content {
            read_paragraphs(table, path, line, col)?;
        }
        return Ok(shown);
    }
    let read_text = (value.is_none() && is_string)
        || (is_error && matches!(&value, Some(Data::String(s)) if s.is_empty()));
    if !has_content {
        return Ok(cell_text(&value.unwrap_or(Data::Empty)));
    }
    let text = read_paragraphs(table, path, line, col)?;
    Ok(if read_text {
        cell_text(&Data::String(text))
    } else {
        cell_text(&value.unwrap_or(Data::Empty))
    })
}

/// The text of a cell's paragraphs, one per line, up to the cell's end tag (annotations
/// left out). A cell longer than `MAX_CELL_CHARS` is refused as soon as it is.
fn read_paragraphs(table: &mut Table<'_, '_>, path: &Path, line: u64, col: u64) -> Result<String> {
    let mut buf = Vec::new();
    let mut s = String::new();
    let mut paragraphs = 0usize;
    let mut annotation = 0usize;
    // The exact count is the sink's; this only keeps a cell from growing without end.
    let too_long = |s: &str| s.len() > 4 * MAX_CELL_CHARS;
    let refuse = |chars: usize| -> Error {
        Problem::CellTooLong {
            file: path.display().to_string(),
            line,
            column: column_letter(col.min(MAX_COLUMNS as u64) as usize),
            chars: (chars) as u64,
            max: MAX_CELL_CHARS as u64,
        }
        .into()
    };
    loop {
        let event = table.next(&mut buf)?;
        if annotation > 0 {
            match event {
                Event::Start(e) if local(&e) == "annotation" => annotation += 1,
                Event::End(e) if e.local_name().as_ref() == "annotation" => annotation -= 1,
                Event::Eof => return Ok(s),
                _ => {}
            }
            continue;
        }
        match event {
            Event::Start(e) if local(&e) == "annotation" => annotation = 1,
            Event::Start(e) | Event::Empty(e) if local(&e) == "p" => {
                if paragraphs > 0 {
                    s.push('\n');
                }
                paragraphs += 1;
            }
            Event::Start(e) | Event::Empty(e) if local(&e) == "s" => {
                let n = repeats(&e, "text:c");
                if n > MAX_CELL_CHARS as u64 {
                    return Err(refuse(s.chars().count() + n as usize));
                }
                s.extend(std::iter::repeat_n(' ', n as usize));
            }
            Event::Start(e) | Event::Empty(e) if local(&e) == "tab" => s.push('\t'),
            Event::Start(e) | Event::Empty(e) if local(&e) == "line-break" => s.push('\n'),
            Event::Text(t) => s.push_str(&t.xml10_content()),
            Event::CData(t) => s.push_str(&t),
            Event::GeneralRef(r) => match quick_xml::escape::resolve_xml_entity(&r) {
                Some(v) => s.push_str(v),
                None => match r.resolve_char_ref() {
                    Ok(Some(c)) => s.push(c),
                    _ => s.push('\u{FFFD}'),
                },
            },
            Event::End(e)
                if matches!(e.local_name().as_ref(), "table-cell" | "covered-table-cell") =>
            {
                return Ok(s);
            }
            Event::Eof => return Ok(s),
            _ => {}
        }
        if too_long(&s) {
            return Err(refuse(s.chars().count()));
        }
    }
}
