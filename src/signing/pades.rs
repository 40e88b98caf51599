//! The PDF's own signature (ISO 32000 §12.8, PAdES baseline B-B): an incremental update
//! appended to the file krilla wrote, holding a signature dictionary
//! (`/Filter /Adobe.PPKLite /SubFilter /ETSI.CAdES.detached`), an invisible signature field
//! on the first page and the catalog's `/AcroForm`, so PDF readers list the signature.
//! `/ByteRange` covers every byte of the file except the hex string of `/Contents`, which
//! holds the CMS SignedData (`cms.rs`), zero-padded to a fixed size.
//!
//! `open` checks the file exactly: the byte range must cover the whole file, the padding
//! must be zeros, the hex must be as written, and the signature must be Muster's own form.

use std::io::Write;

use lopdf::{Object, StringFormat};

use super::cms::{self, Fault};
use super::key::{hex_upper, unhex, InstallationKey};
use super::pdf_objects::PdfObjects;
use super::{Format, SealError};
use crate::error::{Error, Result};

/// Room for the SignedData (a certificate, three attributes, one signature: about 1 KB).
pub const CONTENTS_BYTES: usize = 4096;

/// The placeholder each `/ByteRange` number is written over: wide enough for any offset.
const RANGE_WIDTH: usize = 10;

fn pdf_error(e: impl std::fmt::Display) -> Error {
    Error::invalid(format!("could not sign the PDF: {e}"))
}

/// A PDF text string for any name: UTF-16BE with its byte-order mark, written as hex.
fn text_string(s: &str) -> Object {
    let mut bytes = vec![0xFE, 0xFF];
    for u in s.encode_utf16() {
        bytes.extend_from_slice(&u.to_be_bytes());
    }
    Object::String(bytes, StringFormat::Hexadecimal)
}

fn write_obj(out: &mut Vec<u8>, o: &Object) -> Result<()> {
    lopdf::Writer::write_object(out, o).map_err(pdf_error)
}

/// Where the last `startxref` points: the previous cross-reference section.
pub(crate) fn startxref(pdf: &[u8]) -> Option<usize> {
    let at = rfind(pdf, b"startxref")? + b"startxref".len();
    let rest = std::str::from_utf8(pdf.get(at..)?).ok()?;
    rest.split_whitespace().next()?.parse().ok()
}

pub(crate) fn rfind(hay: &[u8], needle: &[u8]) -> Option<usize> {
    hay.windows(needle.len()).rposition(|w| w == needle)
}

/// Signs a PDF as krilla wrote it: returns the file with the signature appended.
pub fn sign(pdf: &[u8], key: &InstallationKey) -> Result<Vec<u8>> {
    let source = PdfObjects::read(pdf)?;
    let root = source.root()?;
    let info = source.trailer.get(b"Info").ok().cloned();
    let id = source.trailer.get(b"ID").ok().cloned();
    let mut catalog = source.dictionary(root)?;
    let (page_id, mut page) = source.first_page(&catalog)?;
    let size = source
        .trailer
        .get(b"Size")
        .and_then(Object::as_i64)
        .map_err(pdf_error)? as u32;
    let prev = source.xref_at;
    let (sig_id, field_id) = (size, size + 1);

    // Room for the update, so the 40 MB of a large report are copied once.
    let mut out = Vec::with_capacity(pdf.len() + 4 * CONTENTS_BYTES);
    out.extend_from_slice(pdf);
    if !out.ends_with(b"\n") {
        out.push(b'\n');
    }
    let mut offsets: Vec<(u32, u16, usize)> = Vec::new();

    offsets.push((sig_id, 0, out.len()));
    let _ = write!(
        out,
        "{sig_id} 0 obj\n<</Type/Sig/Filter/Adobe.PPKLite/SubFilter/ETSI.CAdES.detached/Name "
    );
    write_obj(&mut out, &text_string(key.name()))?;
    // The time of signing, which PDF readers show (`D:YYYYMMDDHHmmSSZ`, UTC).
    let _ = write!(out, "/M(D:{}Z)", chrono::Utc::now().format("%Y%m%d%H%M%S"));
    out.extend_from_slice(b"/Reason");
    write_obj(
        &mut out,
        &text_string("Issued by Muster: any change to this file breaks this signature"),
    )?;
    out.extend_from_slice(b"/ByteRange[0 ");
    let range_at = out.len();
    let placeholder = format!("{0} {0} {0}", "0".repeat(RANGE_WIDTH));
    out.extend_from_slice(placeholder.as_bytes());
    out.extend_from_slice(b"]/Contents");
    let contents_at = out.len();
    out.push(b'<');
    out.extend(std::iter::repeat_n(b'0', 2 * CONTENTS_BYTES));
    out.push(b'>');
    let contents_end = out.len();
    out.extend_from_slice(b">>\nendobj\n");

    offsets.push((field_id, 0, out.len()));
    let _ = write!(
        out,
        "{field_id} 0 obj\n<</Type/Annot/Subtype/Widget/FT/Sig/T(Muster)/V {sig_id} 0 R/F 132/Rect[0 0 0 0]/P {} {} R>>\nendobj\n",
        page_id.0, page_id.1
    );

    let field_ref = Object::Reference((field_id, 0));
    match page.get_mut(b"Annots") {
        Ok(Object::Array(a)) => a.push(field_ref.clone()),
        Ok(_) => return Err(pdf_error("the first page's /Annots is not an array")),
        Err(_) => page.set("Annots", Object::Array(vec![field_ref.clone()])),
    }
    offsets.push((page_id.0, page_id.1, out.len()));
    let _ = writeln!(out, "{} {} obj", page_id.0, page_id.1);
    write_obj(&mut out, &Object::Dictionary(page))?;
    out.extend_from_slice(b"\nendobj\n");

    if catalog.has(b"AcroForm") {
        return Err(pdf_error("the PDF already has a form"));
    }
    let mut form = lopdf::Dictionary::new();
    form.set("Fields", Object::Array(vec![field_ref]));
    form.set("SigFlags", Object::Integer(3));
    catalog.set("AcroForm", Object::Dictionary(form));
    offsets.push((root.0, root.1, out.len()));
    let _ = writeln!(out, "{} {} obj", root.0, root.1);
    write_obj(&mut out, &Object::Dictionary(catalog))?;
    out.extend_from_slice(b"\nendobj\n");

    // Cross-reference section: one subsection per object (they are few).
    offsets.sort();
    let xref_at = out.len();
    out.extend_from_slice(b"xref\n");
    for (num, generation, at) in &offsets {
        let _ = write!(out, "{num} 1\n{at:010} {generation:05} n\r\n");
    }
    let mut trailer = lopdf::Dictionary::new();
    trailer.set("Size", Object::Integer(i64::from(size + 2)));
    trailer.set("Root", Object::Reference(root));
    if let Some(info) = info {
        trailer.set("Info", info);
    }
    if let Some(id) = id {
        trailer.set("ID", id);
    }
    trailer.set("Prev", Object::Integer(prev as i64));
    out.extend_from_slice(b"trailer\n");
    write_obj(&mut out, &Object::Dictionary(trailer))?;
    let _ = write!(out, "\nstartxref\n{xref_at}\n%%EOF\n");

    // The byte range, written over its placeholder at the same width.
    let tail = out.len() - contents_end;
    let range = format!("{contents_at} {contents_end} {tail}");
    let padded = format!("{range:<width$}", width = placeholder.len());
    out[range_at..range_at + placeholder.len()].copy_from_slice(padded.as_bytes());

    let digest = cms::digest(&[&out[..contents_at], &out[contents_end..]]);
    let signed = cms::sign(key, &digest);
    if signed.len() > CONTENTS_BYTES {
        return Err(pdf_error("the signature does not fit its placeholder"));
    }
    let hex = hex_upper(&signed);
    out[contents_at + 1..contents_at + 1 + hex.len()].copy_from_slice(hex.as_bytes());
    Ok(out)
}

/// Checks a signed PDF; returns who signed it.
pub fn open(file: &[u8]) -> Result<cms::Signer, SealError> {
    let f = Format::Pdf;
    let Some(br) = rfind(file, b"/ByteRange[0 ") else {
        return Err(SealError::Unsigned(f));
    };
    let at = br + b"/ByteRange[0 ".len();
    let end = file[at..]
        .iter()
        .take(3 * RANGE_WIDTH + 3)
        .position(|&b| b == b']')
        .ok_or(SealError::Damaged(f, "/ByteRange"))?;
    let numbers: Vec<usize> = std::str::from_utf8(&file[at..at + end])
        .ok()
        .map(|s| s.split_whitespace().map(|n| n.parse().ok()).collect())
        .and_then(|v: Option<Vec<usize>>| v)
        .ok_or(SealError::Damaged(f, "/ByteRange"))?;
    let [a, b, c] = numbers[..] else {
        return Err(SealError::Damaged(f, "/ByteRange"));
    };
    let signed_len = b
        .checked_add(c)
        .ok_or(SealError::Damaged(f, "/ByteRange"))?;
    if b < a || a < at + end || b - a != 2 * CONTENTS_BYTES + 2 {
        return Err(SealError::Damaged(f, "/ByteRange"));
    }
    // Bytes added before the signature move it off the offsets the range gives: that is an
    // edit, not bytes added to the end (which leave the signature where it was). A file
    // shorter than signed is cut short, wherever.
    let in_place = |file: &[u8]| {
        b <= file.len()
            && file.get(at + end..a) == Some(b"]/Contents".as_slice())
            && file[a] == b'<'
            && file[b - 1] == b'>'
    };
    if file.len() < signed_len {
        return Err(SealError::Truncated(f));
    }
    if file.len() > signed_len {
        return Err(if in_place(file) {
            SealError::Extended(f, file.len() - signed_len)
        } else {
            SealError::Tampered(f)
        });
    }
    // The range must leave out exactly `/Contents<…>` after the range itself.
    if &file[at + end..a] != b"]/Contents" || file[a] != b'<' || file[b - 1] != b'>' {
        return Err(SealError::Damaged(f, "/Contents"));
    }
    let hex = &file[a + 1..b - 1];
    let bytes = unhex(hex).ok_or(SealError::Damaged(f, "/Contents"))?;
    let len = der_length(&bytes).ok_or(SealError::Damaged(f, "/Contents"))?;
    let (der, padding) = bytes.split_at(len);
    if padding.iter().any(|&p| p != 0) || hex_upper(&bytes).as_bytes() != hex {
        return Err(SealError::Damaged(f, "/Contents"));
    }
    let digest = cms::digest(&[&file[..a], &file[b..]]);
    cms::open(der, &digest).map_err(|fault| match fault {
        Fault::Content => SealError::Tampered(f),
        Fault::Structure => SealError::Damaged(f, "/Contents"),
        Fault::Certificate => SealError::Damaged(f, "certificate"),
        Fault::Value => SealError::Damaged(f, "signature value"),
    })
}

/// The length of the DER value at the start of `bytes` (tag, length and content).
fn der_length(bytes: &[u8]) -> Option<usize> {
    let first = *bytes.get(1)?;
    let (len, header) = if first < 0x80 {
        (first as usize, 2)
    } else {
        let n = (first & 0x7f) as usize;
        if n == 0 || n > 4 {
            return None;
        }
        let mut len = 0usize;
        for i in 0..n {
            len = len << 8 | *bytes.get(2 + i)? as usize;
        }
        (len, 2 + n)
    };
    let total = header.checked_add(len)?;
    (total <= bytes.len()).then_some(total)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Byte ranges that point anywhere (inside themselves, past the end, overflowing) are
    /// refused as damaged, never read out of bounds.
    #[test]
    fn a_forged_byte_range_is_refused_not_followed() {
        let hex = 2 * CONTENTS_BYTES + 2;
        let head = b"%PDF-1.7\n/ByteRange[0 ".to_vec();
        let at = head.len();
        let len = at + 200 + hex;
        // Each range covers the whole file, as a real one must, but points elsewhere.
        for a in [at + 1, at + 5, at, 0, 1, len - hex] {
            let (b, c) = (a + hex, len - a - hex);
            let mut file = head.clone();
            file.extend_from_slice(format!("{a} {b} {c}]/Contents<").as_bytes());
            file.resize(len, b'0');
            assert!(open(&file).is_err(), "{a} {b} {c}");
        }
        for (a, b, c) in [(usize::MAX - 1, 1, 1), (at + 40, at + 40 + hex, usize::MAX)] {
            let mut file = head.clone();
            file.extend_from_slice(format!("{a} {b} {c}]/Contents<").as_bytes());
            file.resize(len, b'0');
            assert!(open(&file).is_err(), "{a} {b} {c}");
        }
    }
}
