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

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum State {
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

/// See the module comment.
pub(crate) struct XmlGuard<R> {
    inner: R,
    state: State,
    /// Bytes of the current item.
    run: usize,
    /// The quote that opened an attribute value, if inside one.
    quote: u8,
    /// Nesting of `[` in a declaration.
    depth: u32,
    /// The last two bytes, to see `-->`, `]]>` and `?>`.
    last: [u8; 2],
    /// The first bytes of the current tag's name, to see a cell element open and close.
    name: [u8; 8],
    name_len: usize,
    /// The name is complete (a space or `/` followed it).
    name_done: bool,
    /// The name is longer than `name` holds: not a cell element.
    name_long: bool,
    /// Bytes since the current `<c>` began, if inside one.
    cell: Option<usize>,
    breach: Option<Breach>,
}

impl<R: Read> XmlGuard<R> {
    pub fn new(inner: R) -> XmlGuard<R> {
        XmlGuard {
            inner,
            state: State::Text,
            run: 0,
            quote: 0,
            depth: 0,
            last: [0; 2],
            name: [0; 8],
            name_len: 0,
            name_done: false,
            name_long: false,
            cell: None,
            breach: None,
        }
    }

    #[inline(always)]
    fn step(&mut self, b: u8) -> bool {
        self.run += 1;
        if let Some(n) = self.cell.as_mut() {
            *n += 1;
        }
        match self.state {
            State::Text => {
                if b == b'<' {
                    self.state = State::Open;
                    self.run = 1;
                    self.name_len = 0;
                    self.name_done = false;
                    self.name_long = false;
                }
            }
            State::Open => {
                self.state = match b {
                    b'!' => State::Bang(0),
                    b'?' => State::Pi,
                    _ => State::Tag,
                };
                if self.state == State::Tag {
                    // The first byte of a tag is read as any other byte of it.
                    self.tag(b);
                }
            }
            State::Bang(n) => {
                const COMMENT: &[u8] = b"--";
                const CDATA: &[u8] = b"[CDATA[";
                let n = n as usize;
                let comment = n < COMMENT.len() && b == COMMENT[n];
                let cdata = n < CDATA.len() && b == CDATA[n];
                self.state = if comment && n + 1 == COMMENT.len() {
                    State::Comment
                } else if cdata && n + 1 == CDATA.len() {
                    State::CData
                } else if comment || cdata {
                    State::Bang(n as u8 + 1)
                } else {
                    self.depth = 0;
                    self.quote = 0;
                    self.decl(b);
                    if self.state == State::Text {
                        State::Text
                    } else {
                        State::Decl
                    }
                };
            }
            State::Tag => self.tag(b),
            State::Comment => {
                if b == b'>' && self.last == *b"--" {
                    self.end_item();
                }
            }
            State::CData => {
                if b == b'>' && self.last == *b"]]" {
                    self.end_item();
                }
            }
            State::Pi => {
                if b == b'>' && self.last[1] == b'?' {
                    self.end_item();
                }
            }
            State::Decl => self.decl(b),
        }
        self.last = [self.last[1], b];
        let over = |n: usize| n > MAX_XML_ITEM_BYTES;
        if over(self.run) || self.cell.is_some_and(over) {
            self.breach = Some(Breach::XmlItem);
            return false;
        }
        true
    }

    fn decl(&mut self, b: u8) {
        if self.quote != 0 {
            if b == self.quote {
                self.quote = 0;
            }
            return;
        }
        match b {
            b'"' | b'\'' => self.quote = b,
            b'[' => self.depth += 1,
            b']' => self.depth = self.depth.saturating_sub(1),
            b'>' if self.depth == 0 => self.end_item(),
            _ => {}
        }
    }

    fn end_item(&mut self) {
        self.state = State::Text;
        self.run = 0;
    }

    #[inline(always)]
    fn tag(&mut self, b: u8) {
        if self.quote != 0 {
            if b == self.quote {
                self.quote = 0;
            }
        } else if b == b'"' || b == b'\'' {
            self.quote = b;
        } else if b == b'>' {
            self.end_tag();
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
    }

    /// A tag ended: if it opened or closed a cell element, say so.
    fn end_tag(&mut self) {
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
            if local == b"c" {
                if closing {
                    self.cell = None;
                } else if self.last[1] != b'/' {
                    self.cell = Some(self.run);
                }
            }
        }
        self.end_item();
    }
}

impl<R: Read> XmlGuard<R> {
    /// How many of the next bytes carry no meaning to the state machine and can be counted
    /// at once: text up to the next `<`, a tag's attributes up to the next `>` or quote, a
    /// quoted value up to its closing quote. Most of a sheet's bytes are such runs.
    fn plain(&self, rest: &[u8]) -> usize {
        let find =
            |pred: &dyn Fn(u8) -> bool| rest.iter().position(|&b| pred(b)).unwrap_or(rest.len());
        match self.state {
            State::Text => find(&|b| b == b'<'),
            State::Tag if self.quote != 0 => {
                let q = self.quote;
                find(&|b| b == q)
            }
            State::Tag if self.name_done || self.name_long => {
                find(&|b| matches!(b, b'>' | b'"' | b'\''))
            }
            _ => 0,
        }
    }
}

impl<R: Read> Read for XmlGuard<R> {
    fn read(&mut self, out: &mut [u8]) -> io::Result<usize> {
        if let Some(b) = self.breach {
            return Err(b.into());
        }
        let n = self.inner.read(out)?;
        let mut i = 0;
        while i < n {
            let rest = &out[i..n];
            let k = self.plain(rest);
            if k > 0 {
                self.run += k;
                if let Some(c) = self.cell.as_mut() {
                    *c += k;
                }
                if self.run > MAX_XML_ITEM_BYTES
                    || self.cell.is_some_and(|c| c > MAX_XML_ITEM_BYTES)
                {
                    self.breach = Some(Breach::XmlItem);
                    return Err(Breach::XmlItem.into());
                }
                self.last = match k {
                    1 => [self.last[1], rest[0]],
                    _ => [rest[k - 2], rest[k - 1]],
                };
                i += k;
                continue;
            }
            if !self.step(rest[0]) {
                return Err(Breach::XmlItem.into());
            }
            i += 1;
        }
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
}
