//! Hostile workbooks built byte by byte for the tests: a zip written by hand (so a test can
//! make it lie about its sizes), a deflate stream of gigabytes that takes megabytes, an
//! .xlsx or .ods around any sheet XML, and an .xls fixture with its records edited.

use std::io::{Read, Write};
use std::path::{Path, PathBuf};

/// One part of a hand-made zip: its bytes stored as they are, or a deflate stream with the
/// sizes and checksum the zip will claim for it.
pub enum Part {
    Stored(Vec<u8>),
    Deflated { data: Vec<u8>, size: u32, crc: u32 },
}

pub fn crc32(bytes: &[u8]) -> u32 {
    let mut table = [0u32; 256];
    for (i, t) in table.iter_mut().enumerate() {
        let mut c = i as u32;
        for _ in 0..8 {
            c = if c & 1 != 0 {
                0xEDB8_8320 ^ (c >> 1)
            } else {
                c >> 1
            };
        }
        *t = c;
    }
    let mut c = !0u32;
    for &b in bytes {
        c = table[((c ^ b as u32) & 0xFF) as usize] ^ (c >> 8);
    }
    !c
}

/// A zip of `parts`, written the simplest way (no data descriptors, no zip64).
pub fn zip(parts: &[(&str, Part)]) -> Vec<u8> {
    let mut out = Vec::new();
    let mut central = Vec::new();
    for (name, part) in parts {
        let (method, data, size, crc): (u16, &[u8], u32, u32) = match part {
            Part::Stored(b) => (0, b, b.len() as u32, crc32(b)),
            Part::Deflated { data, size, crc } => (8, data, *size, *crc),
        };
        let offset = out.len() as u32;
        let header = |sig: u32, central: bool| {
            let mut h = Vec::new();
            h.extend(sig.to_le_bytes());
            if central {
                h.extend(20u16.to_le_bytes()); // made by
            }
            h.extend(20u16.to_le_bytes()); // needed
            h.extend(0u16.to_le_bytes()); // flags
            h.extend(method.to_le_bytes());
            h.extend(0u16.to_le_bytes()); // time
            h.extend(0x21u16.to_le_bytes()); // date: 1980-01-01
            h.extend(crc.to_le_bytes());
            h.extend((data.len() as u32).to_le_bytes());
            h.extend(size.to_le_bytes());
            h.extend((name.len() as u16).to_le_bytes());
            h.extend(0u16.to_le_bytes()); // extra
            if central {
                h.extend(0u16.to_le_bytes()); // comment
                h.extend(0u16.to_le_bytes()); // disk
                h.extend(0u16.to_le_bytes()); // internal attributes
                h.extend(0u32.to_le_bytes()); // external attributes
                h.extend(offset.to_le_bytes());
            }
            h.extend(name.as_bytes());
            h
        };
        out.extend(header(0x0403_4b50, false));
        out.extend_from_slice(data);
        central.extend(header(0x0201_4b50, true));
    }
    let cd_offset = out.len() as u32;
    out.extend(&central);
    out.extend(0x0605_4b50u32.to_le_bytes());
    out.extend([0u8; 4]);
    out.extend((parts.len() as u16).to_le_bytes());
    out.extend((parts.len() as u16).to_le_bytes());
    out.extend((central.len() as u32).to_le_bytes());
    out.extend(cd_offset.to_le_bytes());
    out.extend(0u16.to_le_bytes());
    out
}

/// Writes bits the way DEFLATE packs them (least significant first).
struct Bits {
    out: Vec<u8>,
    acc: u64,
    n: u32,
}

impl Bits {
    fn push(&mut self, value: u32, bits: u32) {
        self.acc |= (value as u64) << self.n;
        self.n += bits;
        while self.n >= 8 {
            self.out.push(self.acc as u8);
            self.acc >>= 8;
            self.n -= 8;
        }
    }

    /// A Huffman code, which DEFLATE stores most significant bit first.
    fn code(&mut self, code: u32, bits: u32) {
        let reversed = code.reverse_bits() >> (32 - bits);
        self.push(reversed, bits);
    }

    fn literal(&mut self, b: u8) {
        match b {
            0..=143 => self.code(0x30 + b as u32, 8),
            _ => self.code(0x190 + (b as u32 - 144), 9),
        }
    }
}

/// A raw deflate stream (fixed Huffman codes) of `prefix`, then `copies` copies of the
/// last `distance` bytes 258 at a time (distance 1 to 4), then `suffix`: gigabytes of
/// unpacked text from a few megabytes. Returns the stream and the unpacked size.
pub fn deflate_repeat(prefix: &[u8], distance: u32, copies: u64, suffix: &[u8]) -> (Vec<u8>, u64) {
    assert!((1..=4).contains(&distance) && prefix.len() as u32 >= distance);
    let mut w = Bits {
        out: Vec::with_capacity((copies * 13 / 8) as usize + prefix.len() * 2 + 64),
        acc: 0,
        n: 0,
    };
    w.push(1, 1); // the last block
    w.push(1, 2); // fixed Huffman codes
    prefix.iter().for_each(|&b| w.literal(b));
    for _ in 0..copies {
        w.code(0xC0 + (285 - 280), 8); // length 258
        w.code(distance - 1, 5); // distances 1–4 have codes 0–3 and no extra bits
    }
    suffix.iter().for_each(|&b| w.literal(b));
    w.code(0, 7); // end of block
    if w.n > 0 {
        w.out.push(w.acc as u8);
    }
    (
        w.out,
        prefix.len() as u64 + copies * 258 + suffix.len() as u64,
    )
}

const CONTENT_TYPES: &str = r#"<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>"#;
const RELS: &str = r#"<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>"#;
const WORKBOOK: &str = r#"<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="Sheet1" sheetId="1" r:id="rId1"/></sheets></workbook>"#;
const WORKBOOK_RELS: &str = r#"<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>"#;

/// An .xlsx whose one sheet is `sheet` (a part, so it may be a deflate bomb), with more
/// parts if given (a shared string table, say).
pub fn xlsx(sheet: Part, more: Vec<(&str, Part)>) -> Vec<u8> {
    let mut parts = vec![
        ("[Content_Types].xml", Part::Stored(CONTENT_TYPES.into())),
        ("_rels/.rels", Part::Stored(RELS.into())),
        ("xl/workbook.xml", Part::Stored(WORKBOOK.into())),
        (
            "xl/_rels/workbook.xml.rels",
            Part::Stored(WORKBOOK_RELS.into()),
        ),
        ("xl/worksheets/sheet1.xml", sheet),
    ];
    parts.extend(more);
    zip(&parts)
}

/// A worksheet part around `rows` (`<row>` elements), claiming the dimension `dimension`.
pub fn sheet_xml(dimension: &str, rows: &str) -> String {
    format!(
        r#"<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><dimension ref="{dimension}"/><sheetData>{rows}</sheetData></worksheet>"#
    )
}

/// A cell with inline text at `r` (`A1`), the text escaped as XML.
pub fn text_cell(r: &str, text: &str) -> String {
    let t = text
        .replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;");
    format!(r#"<c r="{r}" t="inlineStr"><is><t xml:space="preserve">{t}</t></is></c>"#)
}

/// A row of inline text cells from column A, at 1-based `row`.
pub fn text_row(row: u32, cells: &[&str]) -> String {
    let mut s = format!(r#"<row r="{row}">"#);
    for (i, c) in cells.iter().enumerate() {
        let col = (b'A' + i as u8) as char;
        s += &text_cell(&format!("{col}{row}"), c);
    }
    s + "</row>"
}

pub const COMPLETIONS_HEADER: [&str; 4] = ["service_number", "module", "date", "result"];

/// An .ods of one sheet whose `table:table` holds `rows` (the XML of its rows).
pub fn ods(rows: &str) -> Vec<u8> {
    let content = format!(
        r#"<?xml version="1.0" encoding="UTF-8"?><office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" office:version="1.2"><office:body><office:spreadsheet><table:table table:name="Лист1">{rows}</table:table></office:spreadsheet></office:body></office:document-content>"#
    );
    zip(&[
        (
            "mimetype",
            Part::Stored(b"application/vnd.oasis.opendocument.spreadsheet".to_vec()),
        ),
        ("content.xml", Part::Stored(content.into_bytes())),
    ])
}

/// An ODS row of text cells.
pub fn ods_row(cells: &[&str]) -> String {
    let mut s = String::from("<table:table-row>");
    for c in cells {
        s += &format!(
            r#"<table:table-cell office:value-type="string"><text:p>{c}</text:p></table:table-cell>"#
        );
    }
    s + "</table:table-row>"
}

pub fn write(dir: &Path, name: &str, bytes: &[u8]) -> PathBuf {
    let p = dir.join(name);
    std::fs::File::create(&p).unwrap().write_all(bytes).unwrap();
    p
}

/// The records of an .xls file's Workbook stream.
pub fn xls_stream(path: &Path) -> Vec<u8> {
    let mut cf = cfb::open(path).unwrap();
    let mut s = Vec::new();
    cf.open_stream("/Workbook")
        .unwrap()
        .read_to_end(&mut s)
        .unwrap();
    s
}

/// A copy of an .xls file at `to` with its Workbook stream replaced.
pub fn xls_with_stream(from: &Path, to: &Path, stream: &[u8]) {
    std::fs::copy(from, to).unwrap();
    let mut cf = cfb::open_rw(to).unwrap();
    let mut s = cf.create_stream("/Workbook").unwrap();
    s.write_all(stream).unwrap();
    s.flush().unwrap();
    drop(s);
    cf.flush().unwrap();
}

/// The (offset, type, length) of every record of a BIFF stream.
pub fn biff_records(stream: &[u8]) -> Vec<(usize, u16, usize)> {
    let mut out = Vec::new();
    let mut pos = 0;
    while pos + 4 <= stream.len() {
        let typ = u16::from_le_bytes([stream[pos], stream[pos + 1]]);
        let len = u16::from_le_bytes([stream[pos + 2], stream[pos + 3]]) as usize;
        out.push((pos, typ, len));
        pos += 4 + len;
    }
    out
}
