//! The rows an .xlsx sheet hides (`<row … hidden="1">`: filtered out by an autofilter, or
//! hidden by hand). calamine reads values, not rows' attributes, so the sheet's part is
//! found and read here for its row elements alone, in a pass of its own, and only when the
//! workbook check saw something hidden (`guard::Seen::hidden`). .xls and .ods readers say
//! so as they read (`Sink::hide`).

use std::io::{BufRead, BufReader, Read, Seek};
use std::path::Path;

use quick_xml::events::{BytesStart, Event};
use quick_xml::{Reader, XmlVersion};

use super::guard::{open_zip, XmlGuard};
use crate::error::Result;

/// The 0-based rows sheet `sheet` of the workbook at `path` hides; none when its part
/// cannot be found (the rows are then read without the warning, as before).
pub(super) fn xlsx_rows(path: &Path, sheet: &str) -> Result<Vec<u32>> {
    let mut zip = open_zip(path)?;
    let Some(name) = sheet_part(&mut zip, sheet) else {
        return Ok(Vec::new());
    };
    let rows = match zip.by_name(&name) {
        Ok(part) => hidden_rows(BufReader::new(XmlGuard::new(part))),
        Err(_) => Vec::new(),
    };
    Ok(rows)
}

/// The name in the zip of sheet `sheet`'s part, through `xl/workbook.xml` and its
/// relationships.
fn sheet_part<R: Read + Seek>(zip: &mut zip::ZipArchive<R>, sheet: &str) -> Option<String> {
    let mut read = |name: &str| -> Option<Vec<u8>> {
        let mut part = zip.by_name(name).ok()?;
        let mut bytes = Vec::new();
        XmlGuard::new(&mut part).read_to_end(&mut bytes).ok()?;
        Some(bytes)
    };
    let book = read("xl/workbook.xml")?;
    let rels = read("xl/_rels/workbook.xml.rels")?;
    target(&rels, &sheet_id(&book, sheet)?)
}

/// The attribute `name` of an element, unescaped.
fn attr(e: &BytesStart<'_>, name: &str) -> Option<String> {
    e.attributes()
        .flatten()
        .find(|a| a.key.as_ref() == name)
        .and_then(|a| {
            a.normalized_value(XmlVersion::Implicit1_0)
                .ok()
                .map(|v| v.into_owned())
        })
}

/// The relationship id (`r:id`) of the sheet named `sheet` in `xl/workbook.xml`.
fn sheet_id(book: &[u8], sheet: &str) -> Option<String> {
    first(book, "sheet", |e| {
        (attr(e, "name").as_deref() == Some(sheet)).then(|| attr(e, "r:id"))?
    })
}

/// The part a relationship of `xl/workbook.xml` points at, as a name in the zip.
fn target(rels: &[u8], id: &str) -> Option<String> {
    first(rels, "Relationship", |e| {
        if attr(e, "Id").as_deref() != Some(id) {
            return None;
        }
        let t = attr(e, "Target")?;
        // Relative to xl/, or absolute from the package's root.
        Some(match t.strip_prefix('/') {
            Some(abs) => abs.to_string(),
            None => format!("xl/{t}"),
        })
    })
}

/// The first of `xml`'s elements named `element` that `pick` makes something of.
fn first(
    xml: &[u8],
    element: &str,
    pick: impl Fn(&BytesStart<'_>) -> Option<String>,
) -> Option<String> {
    let mut reader = Reader::from_reader(xml);
    let mut buf = Vec::new();
    loop {
        match reader.read_event_into(&mut buf).ok()? {
            Event::Start(e) | Event::Empty(e) if e.local_name().as_ref() == element => {
                if let Some(found) = pick(&e) {
                    return Some(found);
                }
            }
            Event::Eof => return None,
            _ => {}
        }
        buf.clear();
    }
}

/// The 0-based rows whose element says `hidden="1"` (or `true`), rows without a number
/// counted on from the one before, up to the end of the sheet's data.
fn hidden_rows(part: impl BufRead) -> Vec<u32> {
    let mut xml = Reader::from_reader(part);
    let mut buf = Vec::new();
    let mut out = Vec::new();
    let mut next: u32 = 0;
    loop {
        match xml.read_event_into(&mut buf) {
            Ok(Event::Start(e) | Event::Empty(e)) if e.local_name().as_ref() == "row" => {
                let row = attr(&e, "r")
                    .and_then(|r| r.trim().parse::<u32>().ok())
                    .map_or(next, |r| r.saturating_sub(1));
                if matches!(attr(&e, "hidden").as_deref(), Some("1" | "true")) {
                    out.push(row);
                }
                next = row.saturating_add(1);
            }
            Ok(Event::End(e)) if e.local_name().as_ref() == "sheetData" => return out,
            Ok(Event::Eof) | Err(_) => return out,
            _ => {}
        }
        buf.clear();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rows_hidden_by_number_or_by_place() {
        let xml = br#"<worksheet><sheetData><row r="1"><c r="A1"/></row><row r="3" hidden="1"/><row hidden="true"><c/></row><row r="9" hidden="0"/></sheetData><row r="20" hidden="1"/></worksheet>"#;
        assert_eq!(hidden_rows(&xml[..]), [2, 3]);
    }

    #[test]
    fn the_sheets_part_by_its_name() {
        let book = r#"<workbook xmlns:r="x"><sheets><sheet name="Лист &amp; 1" sheetId="1" r:id="rId7"/><sheet name="B" r:id="rId2"/></sheets></workbook>"#
            .as_bytes();
        assert_eq!(sheet_id(book, "Лист & 1").as_deref(), Some("rId7"));
        assert_eq!(sheet_id(book, "C"), None);
        let rels = br#"<Relationships><Relationship Id="rId7" Target="worksheets/sheet3.xml"/><Relationship Id="rId2" Target="/xl/worksheets/b.xml"/></Relationships>"#;
        assert_eq!(
            target(rels, "rId7").as_deref(),
            Some("xl/worksheets/sheet3.xml")
        );
        assert_eq!(target(rels, "rId2").as_deref(), Some("xl/worksheets/b.xml"));
    }
}
