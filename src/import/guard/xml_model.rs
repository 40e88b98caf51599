//! The guard as it was first written, one byte at a time, with its limit as a parameter:
//! the model `xml`'s faster scan is compared with on random input (`xml::tests`).

use std::io::{self, Read};

use super::xml::State;
use super::Breach;

/// See the module comment.
pub(crate) struct Model<R> {
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
    max: usize,
}

impl<R: Read> Model<R> {
    pub fn new(inner: R, max: usize) -> Model<R> {
        Model {
            max,
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
        let max = self.max;
        let over = |n: usize| n > max;
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

impl<R: Read> Read for Model<R> {
    fn read(&mut self, out: &mut [u8]) -> io::Result<usize> {
        if let Some(b) = self.breach {
            return Err(b.into());
        }
        let n = self.inner.read(out)?;
        for &b in &out[..n] {
            if !self.step(b) {
                return Err(Breach::XmlItem.into());
            }
        }
        Ok(n)
    }
}
