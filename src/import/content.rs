//! What a file handed to import holds, told from its first bytes: a name says less than
//! the bytes do. A workbook saved or mailed under a `.csv` name was read as CSV text (its
//! zip directory quoted back as a column title), a CSV file named `.xlsx` was refused as a
//! broken workbook, and a PDF, a web page or a database under a spreadsheet's name gave a
//! page of missing-column errors. Accounting systems export "`.xls`" files that are web
//! pages or XML; a person needs to be told what the file is and what to do.

use std::io::Read;
use std::path::Path;

use super::guard::Format;
use crate::error::{Error, Problem, Result};
use crate::problem::NotASpreadsheet;

/// Bytes read from the start of a file to tell what it is.
const HEAD: u64 = 512;

/// What the first bytes say a file is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Content {
    /// A zip archive: .xlsx, .xlsm, .xlsb or .ods; `ods` when its first part says so.
    Zip { ods: bool },
    /// A compound document: .xls (or another Office 97-2003 file).
    Compound,
    /// Something that is no spreadsheet, whatever its name.
    Other(NotASpreadsheet),
    /// Text, or bytes no signature claims: read as CSV.
    Text,
}

/// The workbook format to read `path` as, or `None` for a CSV file: by its first bytes
/// where they say (a zip or compound document is a workbook whatever its name, an
/// OpenDocument spreadsheet one under an Excel name too; text named as a workbook is read
/// as CSV), by its name otherwise.
pub(crate) fn workbook_format(path: &Path) -> Result<Option<Format>> {
    let named = Format::of(path);
    Ok(match sniff(&head(path)?) {
        Content::Zip { ods: true } => Some(Format::Ods),
        Content::Zip { ods: false } => Some(match named {
            Some(f @ (Format::Xlsx | Format::Xlsb | Format::Ods)) => f,
            _ => Format::Xlsx,
        }),
        Content::Compound => Some(Format::Xls),
        Content::Other(kind) => {
            return Err(Problem::NotASpreadsheet {
                file: path.display().to_string(),
                kind,
            }
            .into())
        }
        Content::Text => None,
    })
}

fn head(path: &Path) -> Result<Vec<u8>> {
    let mut head = Vec::with_capacity(HEAD as usize);
    std::fs::File::open(path)
        .and_then(|f| f.take(HEAD).read_to_end(&mut head))
        .map_err(|source| Error::Io {
            path: path.to_path_buf(),
            source,
        })?;
    Ok(head)
}

fn sniff(head: &[u8]) -> Content {
    const ODS_MIME: &[u8] = b"mimetypeapplication/vnd.oasis.opendocument.spreadsheet";
    // A bundle's first part is its header, named at byte 30 like any zip's first part.
    if head.starts_with(b"PK\x03\x04")
        && head
            .get(30..)
            .is_some_and(|r| r.starts_with(b"bundle.json"))
    {
        return Content::Other(NotASpreadsheet::Bundle);
    }
    if head.starts_with(b"PK\x03\x04") || head.starts_with(b"PK\x05\x06") {
        // An OpenDocument file's first part is its type, stored as it is, at byte 30.
        return Content::Zip {
            ods: head
                .get(30..)
                .is_some_and(|rest| rest.starts_with(ODS_MIME)),
        };
    }
    if head.starts_with(&[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1]) {
        return Content::Compound;
    }
    let signatures: [(&[u8], NotASpreadsheet); 10] = [
        (b"%PDF-", NotASpreadsheet::Pdf),
        (b"SQLite format 3\0", NotASpreadsheet::Database),
        (b"\x89PNG\r\n\x1a\n", NotASpreadsheet::Image),
        (b"\xFF\xD8\xFF", NotASpreadsheet::Image),
        (b"GIF8", NotASpreadsheet::Image),
        (b"BM", NotASpreadsheet::Image),
        (b"Rar!\x1a\x07", NotASpreadsheet::Archive),
        (b"7z\xBC\xAF\x27\x1C", NotASpreadsheet::Archive),
        (b"\x1F\x8B", NotASpreadsheet::Archive),
        (b"RIFF", NotASpreadsheet::Image),
    ];
    if let Some((_, kind)) = signatures.iter().find(|(s, _)| head.starts_with(s)) {
        // "BM" and "RIFF" also start ordinary words: only with a binary byte after them.
        let binary = head.iter().take(64).any(|&b| b < 0x09);
        if !matches!(kind, NotASpreadsheet::Image) || head.starts_with(b"\x89PNG") || binary {
            return Content::Other(*kind);
        }
    }
    markup(head).map_or(Content::Text, Content::Other)
}

/// A web page or an XML document, by its first tag (after a byte order mark and space).
fn markup(head: &[u8]) -> Option<NotASpreadsheet> {
    let text = head.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(head);
    let start = text.iter().position(|b| !b.is_ascii_whitespace())?;
    let tag: Vec<u8> = text[start..]
        .iter()
        .take(16)
        .map(u8::to_ascii_lowercase)
        .collect();
    if tag.starts_with(b"<!doctype html") || tag.starts_with(b"<html") || tag.starts_with(b"<table")
    {
        return Some(NotASpreadsheet::WebPage);
    }
    if tag.starts_with(b"<?xml") {
        // Excel saves a web page "as .xls" with an XML declaration first, too.
        let html = head.windows(5).any(|w| w.eq_ignore_ascii_case(b"<html"));
        return Some(if html {
            NotASpreadsheet::WebPage
        } else {
            NotASpreadsheet::Xml
        });
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_first_bytes_say_what_a_file_is() {
        assert_eq!(
            sniff(b"PK\x03\x04\x14\x00rest"),
            Content::Zip { ods: false }
        );
        let mut ods = b"PK\x03\x04".to_vec();
        ods.resize(30, 0);
        ods.extend_from_slice(b"mimetypeapplication/vnd.oasis.opendocument.spreadsheetPK");
        assert_eq!(sniff(&ods), Content::Zip { ods: true });
        let mut bundle = b"PK\x03\x04".to_vec();
        bundle.resize(30, 0);
        bundle.extend_from_slice(b"bundle.json{");
        assert_eq!(sniff(&bundle), Content::Other(NotASpreadsheet::Bundle));
        assert_eq!(
            sniff(&[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1, 0]),
            Content::Compound
        );
        let other = |b: &[u8]| match sniff(b) {
            Content::Other(k) => Some(k),
            _ => None,
        };
        assert_eq!(other(b"%PDF-1.7\n"), Some(NotASpreadsheet::Pdf));
        assert_eq!(
            other(b"SQLite format 3\0..."),
            Some(NotASpreadsheet::Database)
        );
        assert_eq!(
            other(b"\x89PNG\r\n\x1a\n\0\0"),
            Some(NotASpreadsheet::Image)
        );
        assert_eq!(
            other(b"\xFF\xD8\xFF\xE0\0\x10JFIF"),
            Some(NotASpreadsheet::Image)
        );
        assert_eq!(other(b"\x1F\x8B\x08\0"), Some(NotASpreadsheet::Archive));
        assert_eq!(other(b"Rar!\x1a\x07\x01\0"), Some(NotASpreadsheet::Archive));
        assert_eq!(
            other(b"\xEF\xBB\xBF  <!DOCTYPE HTML>\n<html>"),
            Some(NotASpreadsheet::WebPage)
        );
        assert_eq!(
            other(b"<table border=1><tr>"),
            Some(NotASpreadsheet::WebPage)
        );
        assert_eq!(
            other(b"<?xml version=\"1.0\"?>\n<html xmlns:o=\"urn:schemas-microsoft-com:office:office\">"),
            Some(NotASpreadsheet::WebPage)
        );
        assert_eq!(
            other(b"<?xml version=\"1.0\"?>\n<Workbook xmlns=\"urn:schemas-microsoft-com:office:spreadsheet\">"),
            Some(NotASpreadsheet::Xml)
        );
    }

    #[test]
    fn text_is_read_as_csv_even_when_it_starts_like_a_signature() {
        for csv in [
            &b"service_number;module;date\n"[..],
            b"\xEF\xBB\xBFservice_number,module\n",
            b"\xFF\xFEs\0e\0r\0",         // UTF-16 with its mark
            b"\xcb\xe8\xf7\xed\xfb\xe9;", // Windows-1251 «Личный»
            "BMP-7;Ахметов\n".as_bytes(), // a unit called BMP-7, not a bitmap
            b"RIFF team;ROE\n",
            b"",
        ] {
            assert_eq!(sniff(csv), Content::Text, "{csv:?}");
        }
    }
}
