//! The few objects of a PDF that the signature's incremental update names (the trailer,
//! the catalog, the page tree down to the first page), read through the file's
//! cross-reference table. Parsing the whole file instead took about 2 s of the 14 s a
//! report of 10,000 people (a 40 MB PDF) took to write; this reads a few hundred bytes.
//!
//! Each object is handed to `lopdf` on its own, in a one-object file made for it, so the
//! PDF syntax is still read by a real parser. The file is krilla's, written a moment
//! before: a classic cross-reference table, no object streams. Anything else is refused
//! with an error, never guessed at.

use lopdf::{Dictionary, Document, Object, ObjectId};

use super::pades::startxref;
use crate::error::{Error, Result};

fn unreadable(what: impl std::fmt::Display) -> Error {
    Error::invalid(format!("could not sign the PDF: {what}"))
}

/// One entry of a classic cross-reference table: 20 bytes.
const ENTRY: usize = 20;

/// How deep a page tree may nest before the file is taken as malformed.
const MAX_DEPTH: usize = 64;

/// A PDF as its cross-reference table describes it.
pub struct PdfObjects<'a> {
    pdf: &'a [u8],
    /// Where the cross-reference table starts (what `startxref` says).
    pub xref_at: usize,
    pub trailer: Dictionary,
}

impl<'a> PdfObjects<'a> {
    pub fn read(pdf: &'a [u8]) -> Result<PdfObjects<'a>> {
        let xref_at = startxref(pdf).ok_or_else(|| unreadable("no startxref"))?;
        let table = pdf
            .get(xref_at..)
            .filter(|t| t.starts_with(b"xref"))
            .ok_or_else(|| unreadable("no cross-reference table where startxref points"))?;
        let trailer_at = find(table, b"trailer")
            .ok_or_else(|| unreadable("no trailer after the cross-reference table"))?;
        let body = &table[trailer_at + b"trailer".len()..];
        let end = find(body, b"startxref").ok_or_else(|| unreadable("no startxref"))?;
        let trailer = match parse_one(&body[..end])? {
            Object::Dictionary(d) => d,
            _ => return Err(unreadable("the trailer is not a dictionary")),
        };
        Ok(PdfObjects {
            pdf,
            xref_at,
            trailer,
        })
    }

    /// Where object `id` starts, from its entry in the table.
    fn offset(&self, id: ObjectId) -> Result<usize> {
        let table = &self.pdf[self.xref_at..];
        let mut at = b"xref".len();
        loop {
            at += table[at..]
                .iter()
                .position(|b| !b.is_ascii_whitespace())
                .ok_or_else(|| unreadable("the cross-reference table ends early"))?;
            if table[at..].starts_with(b"trailer") {
                return Err(unreadable(format!("object {} is not in the file", id.0)));
            }
            let line_end = at
                + table[at..]
                    .iter()
                    .position(|&b| b == b'\n' || b == b'\r')
                    .ok_or_else(|| unreadable("the cross-reference table ends early"))?;
            let header = std::str::from_utf8(&table[at..line_end]).ok();
            let (first, count) = header
                .and_then(|h| {
                    let mut n = h.split_ascii_whitespace().map(|n| n.parse::<usize>().ok());
                    Some((n.next()??, n.next()??))
                })
                .ok_or_else(|| unreadable("a cross-reference subsection has no header"))?;
            // The header's end of line may be one byte or two.
            let mut entries = line_end;
            while table
                .get(entries)
                .is_some_and(|&b| b == b'\n' || b == b'\r')
            {
                entries += 1;
            }
            let number = id.0 as usize;
            if (first..first.saturating_add(count)).contains(&number) {
                let e = entries + (number - first) * ENTRY;
                let entry = table
                    .get(e..e + ENTRY)
                    .and_then(|e| std::str::from_utf8(e).ok())
                    .ok_or_else(|| unreadable("the cross-reference table ends early"))?;
                let (offset, generation, kind) = (&entry[..10], &entry[11..16], &entry[17..18]);
                let generation: u16 = generation
                    .parse()
                    .map_err(|_| unreadable("a malformed cross-reference entry"))?;
                if kind != "n" || generation != id.1 {
                    return Err(unreadable(format!("object {} is not in use", id.0)));
                }
                return offset
                    .parse()
                    .map_err(|_| unreadable("a malformed cross-reference entry"));
            }
            at = count
                .checked_mul(ENTRY)
                .and_then(|n| n.checked_add(entries))
                .filter(|&n| n <= table.len())
                .ok_or_else(|| unreadable("the cross-reference table ends early"))?;
        }
    }

    /// Object `id`, which must be a dictionary (not a stream).
    pub fn dictionary(&self, id: ObjectId) -> Result<Dictionary> {
        let at = self.offset(id)?;
        let head = format!("{} {} obj", id.0, id.1);
        let text = self
            .pdf
            .get(at..)
            .filter(|t| t.starts_with(head.as_bytes()))
            .ok_or_else(|| unreadable(format!("object {} is not where the table says", id.0)))?;
        let body = &text[head.len()..];
        let end = find(body, b"endobj")
            .ok_or_else(|| unreadable(format!("object {} does not end", id.0)))?;
        match parse_one(&body[..end])? {
            Object::Dictionary(d) => Ok(d),
            _ => Err(unreadable(format!("object {} is not a dictionary", id.0))),
        }
    }

    /// The catalog's id (the trailer's `/Root`).
    pub fn root(&self) -> Result<ObjectId> {
        self.trailer
            .get(b"Root")
            .and_then(Object::as_reference)
            .map_err(unreadable)
    }

    /// The first page: its id and dictionary, found by following the first kid of each
    /// node of the page tree from the catalog's `/Pages`.
    pub fn first_page(&self, catalog: &Dictionary) -> Result<(ObjectId, Dictionary)> {
        let mut id = catalog
            .get(b"Pages")
            .and_then(Object::as_reference)
            .map_err(unreadable)?;
        for _ in 0..MAX_DEPTH {
            let node = self.dictionary(id)?;
            match node.get(b"Type").and_then(Object::as_name) {
                Ok(b"Page") => return Ok((id, node)),
                Ok(b"Pages") => {}
                _ => return Err(unreadable("a page tree node of no known type")),
            }
            id = node
                .get(b"Kids")
                .and_then(Object::as_array)
                .map_err(unreadable)?
                .first()
                .ok_or_else(|| unreadable("no page"))?
                .as_reference()
                .map_err(unreadable)?;
        }
        Err(unreadable("the page tree nests too deep"))
    }
}

fn find(hay: &[u8], needle: &[u8]) -> Option<usize> {
    hay.windows(needle.len()).position(|w| w == needle)
}

/// One direct object (the text between `obj` and `endobj`), parsed by `lopdf` from a
/// one-object file made around it.
fn parse_one(text: &[u8]) -> Result<Object> {
    let mut file = b"%PDF-1.7\n".to_vec();
    let at = file.len();
    file.extend_from_slice(b"1 0 obj\n");
    file.extend_from_slice(text);
    file.extend_from_slice(b"\nendobj\n");
    let xref = file.len();
    file.extend_from_slice(
        format!(
            "xref\n0 2\n0000000000 65535 f\r\n{at:010} 00000 n\r\ntrailer\n<</Size 2/Root 1 0 R>>\nstartxref\n{xref}\n%%EOF\n"
        )
        .as_bytes(),
    );
    let doc = Document::load_mem(&file).map_err(unreadable)?;
    doc.get_object((1, 0)).cloned().map_err(unreadable)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A small PDF with a two-level page tree and a subsection that does not start at 0.
    fn sample(eol: &str) -> Vec<u8> {
        let objects = [
            (1, "<</Type/Catalog/Pages 2 0 R/Lang(kk)>>"),
            (2, "<</Type/Pages/Kids[3 0 R]/Count 2>>"),
            (3, "<</Type/Pages/Kids[4 0 R 5 0 R]/Count 2/Parent 2 0 R>>"),
            (4, "<</Type/Page/Parent 3 0 R/Annots[9 0 R]>>"),
            (5, "<</Type/Page/Parent 3 0 R>>"),
        ];
        let mut pdf = b"%PDF-1.7\n".to_vec();
        let mut at = Vec::new();
        for (n, body) in objects {
            at.push(pdf.len());
            pdf.extend_from_slice(format!("{n} 0 obj\n{body}\nendobj\n").as_bytes());
        }
        // An entry is 20 bytes whatever the end of line: "\r\n" or " \n".
        let end = if eol.len() == 2 { "\r\n" } else { " \n" };
        let xref = pdf.len();
        pdf.extend_from_slice(format!("xref\n0 1{eol}0000000000 65535 f{end}").as_bytes());
        pdf.extend_from_slice(format!("1 5{eol}").as_bytes());
        for a in at {
            pdf.extend_from_slice(format!("{a:010} 00000 n{end}").as_bytes());
        }
        pdf.extend_from_slice(
            format!("trailer\n<</Size 6/Root 1 0 R/ID[(a)(b)]>>\nstartxref\n{xref}\n%%EOF\n")
                .as_bytes(),
        );
        pdf
    }

    #[test]
    fn the_catalog_and_first_page_are_found_through_the_table() {
        for eol in ["\n", "\r\n"] {
            let pdf = sample(eol);
            let o = PdfObjects::read(&pdf).unwrap();
            assert_eq!(o.root().unwrap(), (1, 0));
            assert!(o.trailer.get(b"ID").is_ok());
            let catalog = o.dictionary((1, 0)).unwrap();
            let (id, page) = o.first_page(&catalog).unwrap();
            assert_eq!(id, (4, 0), "the first kid of the first kid");
            assert!(page.get(b"Annots").is_ok());
        }
    }

    #[test]
    fn a_missing_or_misplaced_object_is_an_error_not_a_guess() {
        let pdf = sample("\n");
        let o = PdfObjects::read(&pdf).unwrap();
        assert!(o.dictionary((7, 0)).is_err(), "not in the table");
        assert!(o.dictionary((4, 1)).is_err(), "another generation");
        // The table points object 2 at object 1's text.
        let mut moved = pdf.clone();
        let o = PdfObjects::read(&pdf).unwrap();
        let two = o.offset((2, 0)).unwrap();
        let one = o.offset((1, 0)).unwrap();
        let xref_text = o.xref_at;
        let table = String::from_utf8(moved[xref_text..].to_vec()).unwrap();
        let fixed = table.replacen(&format!("{two:010}"), &format!("{one:010}"), 1);
        moved.truncate(xref_text);
        moved.extend_from_slice(fixed.as_bytes());
        let o = PdfObjects::read(&moved).unwrap();
        assert!(o.dictionary((2, 0)).is_err());
        // No table where startxref points.
        let mut cut = pdf.clone();
        cut.drain(xref_text..xref_text + 4);
        assert!(PdfObjects::read(&cut).is_err());
    }
}
