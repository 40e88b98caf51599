//! Bounds on one XML item, checked on the bytes as they are unpacked. An XML reader holds
//! each item (a tag, a run of text, a comment) whole before handing it on, and a workbook
//! library joins the text runs of one cell into one string: a 2 GiB run of spaces, or a
//! cell of a million runs, is that much memory. `XmlGuard` passes bytes through and fails
//! the read once an item, or one cell element (`<c>…</c>` in a worksheet), passes
//! `MAX_XML_ITEM_BYTES`.
//!
//! It over-counts rather than under-counts: a tag ends at a `>` outside quotes, a comment at
//! `-->`, CDATA at `]]>`, a processing instruction at `?>`, a declaration at a `>` outside
//! brackets and quotes, exactly where an XML reader ends them, and text runs to the next `<`.

use std::io::{self, Read};

use super::Breach;
use crate::import::limits::MAX_XML_ITEM_BYTES;

/// Where the scan is in the XML (the test model, `xml_model`, walks the same states).
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub(super) enum State {
    Text,
    /// Just after `<`: what kind of markup follows is not known yet.
    Open,
    /// After `<!`, with the bytes seen so far (to tell a comment or CDATA from a declaration).
    Bang(u8),
    Tag,
    Comment,
    CData,
    Pi,
    Decl,
}

/// What `<` followed by `b` begins.
fn opened_by(b: u8) -> State {
    match b {
        b'!' => State::Bang(0),
        b'?' => State::Pi,
        _ => State::Tag,
    }
}

/// The bytes that mean something inside a tag once its name is read.
const IN_TAG: [bool; 256] = {
    let mut t = [false; 256];
    t[b'>' as usize] = true;
    t[b'"' as usize] = true;
    t[b'\'' as usize] = true;
    t
};

/// See the module comment. Where each item (and cell) began is kept, among all the bytes
/// passed so far, and lengths are measured only where an item ends and where a read ends,
/// a tag's bytes skipped to the next that matters: counting every byte cost 3 ns a byte
/// (83 ms for the 27 MB sheet of a 100,000-row workbook, on the one thread that writes the
/// import, before it can start; 53 ms now). It measures exactly what counting every byte
/// did (`xml_model`, and the test that compares them).
pub(crate) struct XmlGuard<R> {
    inner: R,
    max: u64,
    state: State,
    /// Bytes passed before the current read.
    pos: u64,
    /// Where the current item began.
    item: u64,
    /// Where the current cell element's `<c` began, if inside one.
    cell: Option<u64>,
    /// The quote that opened an attribute value, if inside one.
    quote: u8,
    /// Nesting of `[` in a declaration.
    depth: u32,
    /// The last two bytes of the reads before the current one.
    last: [u8; 2],
    /// The first bytes of the current tag's name, to see a cell element open and close.
    name: [u8; 8],
    name_len: usize,
    /// The name is complete (a space or `/` followed it).
    name_done: bool,
    /// The name is longer than `name` holds: not a cell element.
    name_long: bool,
    breach: Option<Breach>,
}

impl<R: Read> XmlGuard<R> {
    pub fn new(inner: R) -> XmlGuard<R> {
        XmlGuard::with_limit(inner, MAX_XML_ITEM_BYTES)
    }

    fn with_limit(inner: R, max: usize) -> XmlGuard<R> {
        XmlGuard {
            inner,
            max: max as u64,
            state: State::Text,
            pos: 0,
            item: 0,
            cell: None,
            quote: 0,
            depth: 0,
            last: [0; 2],
            name: [0; 8],
            name_len: 0,
            name_done: false,
            name_long: false,
            breach: None,
        }
    }
}

/// The bytes of one read, with their place among all bytes passed.
struct Chunk<'a> {
    bytes: &'a [u8],
    base: u64,
    /// The two bytes before it.
    before: [u8; 2],
}

impl Chunk<'_> {
    fn at(&self, i: usize) -> u64 {
        self.base + i as u64
    }

    /// The byte `back` places before `i` (1 or 2), from an earlier read if need be.
    fn prev(&self, i: usize, back: usize) -> u8 {
        match i.checked_sub(back) {
            Some(j) => self.bytes[j],
            None => self.before[2 + i - back],
        }
    }
}

impl<R> XmlGuard<R> {
    #[inline]
    fn over(&self, len: u64) -> Result<(), Breach> {
        if len > self.max {
            Err(Breach::XmlItem)
        } else {
            Ok(())
        }
    }

    fn scan(&mut self, c: &Chunk) -> Result<(), Breach> {
        let n = c.bytes.len();
        let mut i = 0;
        while i < n {
            i = match self.state {
                State::Text => match c.bytes[i..].iter().position(|&b| b == b'<') {
                    Some(k) => {
                        let at = i + k;
                        // Text runs up to the `<`, which begins the next item.
                        self.over(c.at(at) - self.item)?;
                        self.item = c.at(at);
                        self.name_len = 0;
                        self.name_done = false;
                        self.name_long = false;
                        // A tag is known by the byte after `<`, when this read has it, and
                        // entered at once (that byte is read as any other of the tag).
                        self.state = match c.bytes.get(at + 1) {
                            Some(&b) if opened_by(b) == State::Tag => State::Tag,
                            _ => State::Open,
                        };
                        at + 1
                    }
                    None => n,
                },
                State::Tag => self.tag(c, i)?,
                State::Comment | State::CData | State::Pi => self.until_end(c, i)?,
                _ => self.step(c, i)?,
            };
        }
        // What is still open has grown by this read.
        let end = c.at(n);
        self.over(end - self.item)?;
        if let Some(cell) = self.cell {
            self.over(end - cell)?;
        }
        Ok(())
    }

    /// Inside a tag from byte `i`: to its end (the byte after it) or the read's.
    #[inline]
    fn tag(&mut self, c: &Chunk, mut i: usize) -> Result<usize, Breach> {
        let bytes = c.bytes;
        let n = bytes.len();
        while i < n {
            if self.quote != 0 {
                let q = self.quote;
                match bytes[i..].iter().position(|&b| b == q) {
                    Some(k) => {
                        self.quote = 0;
                        i += k + 1;
                        continue;
                    }
                    None => return Ok(n),
                }
            }
            if self.name_done || self.name_long {
                match bytes[i..].iter().position(|&b| IN_TAG[b as usize]) {
                    Some(k) => i += k,
                    None => return Ok(n),
                }
            }
            let b = bytes[i];
            if b == b'"' || b == b'\'' {
                self.quote = b;
            } else if b == b'>' {
                self.end_tag(c, i)?;
                return Ok(i + 1);
            } else if !self.name_done {
                // The name runs to the first space or `/` (a closing tag's `/` comes first).
                if b.is_ascii_whitespace() || (b == b'/' && self.name_len > 0) {
                    self.name_done = true;
                } else if self.name_len < self.name.len() {
                    self.name[self.name_len] = b;
                    self.name_len += 1;
                } else {
                    self.name_long = true;
                }
            }
            i += 1;
        }
        Ok(n)
    }

    /// A tag ended at byte `i`: if it opened or closed a cell element, say so.
    #[inline]
    fn end_tag(&mut self, c: &Chunk, i: usize) -> Result<(), Breach> {
        if !self.name_long {
            let name = &self.name[..self.name_len];
            let (closing, name) = match name.strip_prefix(b"/") {
                Some(n) => (true, n),
                None => (false, name),
            };
            let local = match name.iter().rposition(|&c| c == b':') {
                Some(i) => &name[i + 1..],
                None => name,
            };
            let opening = !closing && c.prev(i, 1) != b'/';
            if local == b"c" && (closing || opening) {
                // The cell that ends here (or is followed by another) is measured to here.
                if let Some(cell) = self.cell {
                    self.over(c.at(i) - cell)?;
                }
                self.cell = opening.then_some(self.item);
            }
        }
        self.end_item(c, i)
    }

    /// The current item ends with byte `i`; text begins after it.
    #[inline]
    fn end_item(&mut self, c: &Chunk, i: usize) -> Result<(), Breach> {
        self.over(c.at(i) - self.item)?;
        self.state = State::Text;
        self.item = c.at(i) + 1;
        Ok(())
    }

    /// In a comment, CDATA or processing instruction: to the `>` that ends it.
    fn until_end(&mut self, c: &Chunk, mut i: usize) -> Result<usize, Breach> {
        let n = c.bytes.len();
        while let Some(k) = c.bytes[i..].iter().position(|&b| b == b'>') {
            let at = i + k;
            let before = [c.prev(at, 2), c.prev(at, 1)];
            let ends = match self.state {
                State::Comment => before == *b"--",
                State::CData => before == *b"]]",
                _ => before[1] == b'?',
            };
            if ends {
                self.end_item(c, at)?;
                return Ok(at + 1);
            }
            i = at + 1;
        }
        Ok(n)
    }

    /// The rare states, a byte at a time: what follows `<`, `<!` and a declaration.
    fn step(&mut self, c: &Chunk, i: usize) -> Result<usize, Breach> {
        let b = c.bytes[i];
        match self.state {
            State::Open => {
                self.state = opened_by(b);
                if self.state == State::Tag {
                    // The first byte of a tag is read as any other byte of it.
                    return Ok(i);
                }
            }
            State::Bang(k) => {
                const COMMENT: &[u8] = b"--";
                const CDATA: &[u8] = b"[CDATA[";
                let k = k as usize;
                let comment = k < COMMENT.len() && b == COMMENT[k];
                let cdata = k < CDATA.len() && b == CDATA[k];
                if comment && k + 1 == COMMENT.len() {
                    self.state = State::Comment;
                } else if cdata && k + 1 == CDATA.len() {
                    self.state = State::CData;
                } else if comment || cdata {
                    self.state = State::Bang(k as u8 + 1);
                } else {
                    self.depth = 0;
                    self.quote = 0;
                    self.state = State::Decl;
                    return self.decl(c, i);
                }
            }
            _ => return self.decl(c, i),
        }
        Ok(i + 1)
    }

    fn decl(&mut self, c: &Chunk, i: usize) -> Result<usize, Breach> {
        let b = c.bytes[i];
        if self.quote != 0 {
            if b == self.quote {
                self.quote = 0;
            }
            return Ok(i + 1);
        }
        match b {
            b'"' | b'\'' => self.quote = b,
            b'[' => self.depth += 1,
            b']' => self.depth = self.depth.saturating_sub(1),
            b'>' if self.depth == 0 => self.end_item(c, i)?,
            _ => {}
        }
        Ok(i + 1)
    }
}

impl<R: Read> Read for XmlGuard<R> {
    fn read(&mut self, out: &mut [u8]) -> io::Result<usize> {
        if let Some(b) = self.breach {
            return Err(b.into());
        }
        let n = self.inner.read(out)?;
        let chunk = Chunk {
            bytes: &out[..n],
            base: self.pos,
            before: self.last,
        };
        if let Err(b) = self.scan(&chunk) {
            self.breach = Some(b);
            return Err(b.into());
        }
        self.pos += n as u64;
        self.last = match n {
            0 => self.last,
            1 => [self.last[1], out[0]],
            _ => [out[n - 2], out[n - 1]],
        };
        Ok(n)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn passes(xml: &[u8]) -> bool {
        let mut out = Vec::new();
        XmlGuard::new(xml).read_to_end(&mut out).is_ok()
    }

    fn big(n: usize, b: u8) -> Vec<u8> {
        vec![b; n]
    }

    #[test]
    fn ordinary_parts_pass() {
        assert!(passes(
            br#"<?xml version="1.0"?><!-- a > b --><worksheet><sheetData><row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1"/></row></sheetData></worksheet>"#
        ));
        // Long runs that are still items of their own are fine up to the limit.
        let mut xml = b"<t>".to_vec();
        xml.extend(big(MAX_XML_ITEM_BYTES - 10, b'x'));
        xml.extend(b"</t>");
        assert!(passes(&xml));
    }

    #[test]
    fn a_run_of_spaces_is_stopped() {
        let mut xml = b"<sheetData>".to_vec();
        xml.extend(big(MAX_XML_ITEM_BYTES + 1, b' '));
        assert!(!passes(&xml));
    }

    #[test]
    fn a_tag_is_measured_to_its_end_outside_quotes() {
        let mut xml = b"<c r=\"".to_vec();
        xml.extend(big(MAX_XML_ITEM_BYTES, b'>'));
        xml.extend(b"\">");
        assert!(!passes(&xml));
    }

    #[test]
    fn comments_cdata_and_declarations() {
        for (open, fill, close) in [
            (&b"<!--"[..], b'>', &b"-->"[..]),
            (b"<![CDATA[", b'>', b"]]>"),
            (b"<?pi ", b'>', b"?>"),
            (b"<!DOCTYPE x [", b'>', b"]>"),
        ] {
            let mut xml = open.to_vec();
            xml.extend(big(MAX_XML_ITEM_BYTES, fill));
            xml.extend(close);
            assert!(!passes(&xml), "{}", String::from_utf8_lossy(open));
            let mut small = open.to_vec();
            small.extend(big(1000, fill));
            small.extend(close);
            small.extend(b"<a/>");
            assert!(passes(&small), "{}", String::from_utf8_lossy(open));
        }
    }

    #[test]
    fn a_cell_of_many_small_runs_is_stopped() {
        let mut xml = b"<row><x:c r=\"A1\" t=\"inlineStr\"><is>".to_vec();
        while xml.len() <= MAX_XML_ITEM_BYTES + 100 {
            xml.extend(b"<r><t>ab</t></r>");
        }
        xml.extend(b"</is></x:c></row>");
        assert!(!passes(&xml));
        // The same runs spread over many cells are fine.
        let mut ok = b"<row>".to_vec();
        while ok.len() <= MAX_XML_ITEM_BYTES + 100 {
            ok.extend(b"<c r=\"A1\" t=\"inlineStr\"><is><r><t>ab</t></r></is></c><c/>");
        }
        ok.extend(b"</row>");
        assert!(passes(&ok));
    }

    /// Hands out its bytes in reads of the given sizes, in turn.
    struct Chunked<'a> {
        data: &'a [u8],
        sizes: Vec<usize>,
        next: usize,
    }

    impl Read for Chunked<'_> {
        fn read(&mut self, out: &mut [u8]) -> io::Result<usize> {
            let want = self.sizes[self.next % self.sizes.len()].min(out.len());
            self.next += 1;
            let n = want.min(self.data.len());
            out[..n].copy_from_slice(&self.data[..n]);
            self.data = &self.data[n..];
            Ok(n)
        }
    }

    /// Each read's outcome: how many bytes, or the limit passed.
    fn outcomes(mut r: impl Read) -> Vec<Option<usize>> {
        let mut out = Vec::new();
        let mut buf = [0u8; 64];
        loop {
            match r.read(&mut buf) {
                Ok(0) => return out,
                Ok(n) => out.push(Some(n)),
                Err(e) => {
                    assert_eq!(super::super::breach_of(&e), Some(Breach::XmlItem));
                    out.push(None);
                    return out;
                }
            }
        }
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(4000))]
        /// The scan measures exactly what the byte-at-a-time model measures, read by read,
        /// on text made of the bytes that matter (and a few that do not), with small limits.
        #[test]
        fn the_scan_agrees_with_the_byte_at_a_time_model(
            pieces in proptest::collection::vec(0usize..PIECES.len(), 0..120),
            max in 1usize..40,
            sizes in proptest::collection::vec(1usize..20, 1..6),
        ) {
            let data: Vec<u8> = pieces.iter().flat_map(|&p| PIECES[p].iter().copied()).collect();
            let fast = outcomes(XmlGuard::with_limit(
                Chunked { data: &data, sizes: sizes.clone(), next: 0 },
                max,
            ));
            let model = outcomes(super::super::xml_model::Model::new(
                Chunked { data: &data, sizes, next: 0 },
                max,
            ));
            proptest::prop_assert_eq!(fast, model, "{}", String::from_utf8_lossy(&data));
        }
    }

    /// What the random text is made of: every byte the scan looks at, the names it tells
    /// apart, and filler.
    const PIECES: &[&[u8]] = &[
        b"<",
        b">",
        b"\"",
        b"'",
        b"/",
        b"!",
        b"?",
        b"-",
        b"[",
        b"]",
        b" ",
        b"x",
        b"c",
        b":",
        b"<c",
        b"</c>",
        b"<c r=\"A1\">",
        b"<x:c>",
        b"<c/>",
        b"<cell>",
        b"<row>",
        b"<!--",
        b"-->",
        b"<![CDATA[",
        b"]]>",
        b"<?",
        b"?>",
        b"<!DOCTYPE",
        b"abcdefghij",
        b"<v>1</v>",
        b"<longtagname>",
        b"\t",
        b"\n",
    ];
}
