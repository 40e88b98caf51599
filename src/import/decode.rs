//! The text encoding of a CSV file, as Windows Excel leaves it: UTF-8 with or without a
//! byte-order mark ("CSV UTF-8"), UTF-16 with a mark ("Unicode text"), or the Russian
//! code page Windows-1251 ("CSV" on a Russian-locale machine). The file is decoded as a
//! stream, so a large file never sits in memory.

use std::collections::VecDeque;
use std::fs::File;
use std::io::Read;
use std::path::Path;
use std::sync::{Arc, Mutex};

use encoding_rs::{Encoding, UTF_16BE, UTF_16LE, UTF_8, WINDOWS_1251};

use super::limits::MAX_ROW_BYTES;
use crate::error::{Error, Result};

/// How far the decoder may run ahead of the start of the last row the CSV reader gave:
/// that row and the next one at their longest, and the buffers between the two readers.
/// Past it the row being read is longer than `MAX_ROW_BYTES` (most likely a quote never
/// closed), and reading stops before it fills memory.
const MAX_AHEAD: u64 = 2 * MAX_ROW_BYTES as u64 + (1 << 20);

/// How much of the file is looked at to guess its encoding when it has no mark.
const SNIFF: usize = 1 << 16;

/// The encoding named by `--encoding`, by any of its usual labels.
pub fn by_label(label: &str) -> Result<&'static Encoding> {
    let l = label.trim().to_lowercase();
    let l = match l.as_str() {
        "cp1251" | "win1251" | "windows1251" | "1251" => "windows-1251",
        "utf16le" | "utf-16" | "unicode" => "utf-16le",
        "utf16be" => "utf-16be",
        "utf8" => "utf-8",
        other => other,
    };
    Encoding::for_label(l.as_bytes()).ok_or_else(|| {
        Error::invalid(format!(
            "--encoding {:?} is not an encoding Muster knows (try utf-8, utf-16le, utf-16be or windows-1251)",
            label.trim()
        ))
    })
}

/// Guesses the encoding from the first bytes: a byte-order mark decides; otherwise UTF-16
/// that shows itself (`unmarked_utf16`), text that is valid UTF-8 is UTF-8, and anything
/// else is taken as Windows-1251.
pub fn sniff(head: &[u8]) -> &'static Encoding {
    if let Some((enc, _)) = Encoding::for_bom(head) {
        return enc;
    }
    if let Some(enc) = unmarked_utf16(head) {
        return enc;
    }
    match std::str::from_utf8(head) {
        Ok(_) => UTF_8,
        // A character cut in half at the end of the sample is still UTF-8.
        Err(e) if e.error_len().is_none() && head.len() >= SNIFF - 4 => UTF_8,
        Err(_) => WINDOWS_1251,
    }
}

/// UTF-16 saved without a byte-order mark (some tools do): every character of the Latin
/// alphabet, digit, separator and line end has a zero byte, after it in UTF-16LE and before
/// it in UTF-16BE, and a CSV file always has some (its separators, its line ends). No text
/// in UTF-8 or Windows-1251 holds a zero byte at all. So: zero bytes on one side only, at
/// least one character in eight, and the sample reads as that UTF-16 without an error.
fn unmarked_utf16(head: &[u8]) -> Option<&'static Encoding> {
    let pairs = head.len() / 2;
    let zero = |side: usize| head.chunks_exact(2).filter(|p| p[side] == 0).count();
    let (even, odd) = (zero(0), zero(1));
    let enc = match (even, odd) {
        (0, n) if n > 0 && n * 8 >= pairs => UTF_16LE,
        (n, 0) if n > 0 && n * 8 >= pairs => UTF_16BE,
        _ => return None,
    };
    // A surrogate pair cut at the end of the sample is not an error of the file.
    let whole = &head[..(pairs * 2).saturating_sub(if pairs * 2 >= SNIFF - 4 { 4 } else { 0 })];
    enc.decode_without_bom_handling_and_without_replacement(whole)
        .map(|_| enc)
}

/// Where the line breaks of a stream fall, so a record's first byte can be turned into
/// the line a user sees in a text editor. Holds only the breaks not yet passed: the
/// reader is never more than `MAX_AHEAD` ahead of the records.
#[derive(Clone, Default)]
pub struct Lines {
    state: Arc<Mutex<LineState>>,
}

#[derive(Default)]
struct LineState {
    breaks: VecDeque<u64>,
    passed: usize,
    /// Where the last record asked about began.
    record_start: u64,
}

impl Lines {
    /// The 1-based line of the record whose parsing began at byte `start`. The csv reader
    /// may begin a record at the line break before it (after a blank line, say), so breaks
    /// right at the start are stepped over.
    pub fn line_of(&mut self, start: u64) -> usize {
        let mut s = self.state.lock().unwrap_or_else(|e| e.into_inner());
        s.record_start = start;
        let mut cursor = start;
        while let Some(&b) = s.breaks.front() {
            if b > cursor {
                break;
            }
            if b == cursor {
                cursor += 1;
            }
            s.breaks.pop_front();
            s.passed += 1;
        }
        s.passed + 1
    }
}

/// A row longer than the limit, as the decoder stops it: the line it reached.
#[derive(Debug)]
struct RowTooLong(usize);

impl std::fmt::Display for RowTooLong {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "a row longer than the limit, at line {}", self.0)
    }
}

impl std::error::Error for RowTooLong {}

/// The line of a row the decoder stopped for being too long, if that is what `e` is.
pub fn row_limit(e: &std::io::Error) -> Option<usize> {
    e.get_ref()?.downcast_ref::<RowTooLong>().map(|r| r.0)
}

/// Opens a CSV file as a stream of UTF-8 bytes with `\n` line ends and without a byte-order
/// mark; returns the encoding it was read in, and where its lines break.
pub fn open(
    path: &Path,
    forced: Option<&str>,
) -> Result<(Box<dyn Read + Send>, &'static Encoding, Lines)> {
    let io = |source| Error::Io {
        path: path.to_path_buf(),
        source,
    };
    let mut file = File::open(path).map_err(io)?;
    let mut head = Vec::with_capacity(SNIFF);
    (&mut file)
        .take(SNIFF as u64)
        .read_to_end(&mut head)
        .map_err(io)?;
    let enc = match forced {
        Some(label) => by_label(label)?,
        None => sniff(&head),
    };
    // A byte-order mark says how a UTF-16 file is read, whichever UTF-16 was named (and a
    // UTF-8 mark under a UTF-16 name is UTF-8): what is recorded is what was read.
    let enc = match Encoding::for_bom(&head) {
        Some((marked, _)) if enc == UTF_16LE || enc == UTF_16BE => marked,
        _ => enc,
    };
    let lines = Lines::default();
    let reader: Box<dyn Read + Send> = if enc == UTF_8 {
        // Already UTF-8: drop the mark and pass the bytes through untouched (fast path).
        let skip = if head.starts_with(b"\xEF\xBB\xBF") {
            3
        } else {
            0
        };
        head.drain(..skip);
        Box::new(CrlfToLf::new(
            std::io::Cursor::new(head).chain(file),
            &lines,
        ))
    } else {
        let decoder = encoding_rs_io::DecodeReaderBytesBuilder::new()
            .encoding(Some(enc))
            .bom_override(enc == UTF_16LE || enc == UTF_16BE)
            .strip_bom(true)
            .build(std::io::Cursor::new(head).chain(file));
        Box::new(CrlfToLf::new(decoder, &lines))
    };
    Ok((reader, enc, lines))
}

/// Turns Windows line ends (CRLF, what Excel writes) into `\n` as the bytes stream past.
/// The csv reader counts lines exactly only with `\n` ends, and every error names its line.
struct CrlfToLf<R> {
    inner: R,
    buf: Vec<u8>,
    pos: usize,
    len: usize,
    /// A `\r` that ended the last block: whether it is dropped depends on the next byte.
    carry: bool,
    eof: bool,
    /// Bytes handed out before the current block.
    offset: u64,
    lines: Arc<Mutex<LineState>>,
}

impl<R: Read> CrlfToLf<R> {
    fn new(inner: R, lines: &Lines) -> CrlfToLf<R> {
        CrlfToLf {
            inner,
            buf: vec![0; 1 << 16],
            pos: 0,
            len: 0,
            carry: false,
            eof: false,
            offset: 0,
            lines: lines.state.clone(),
        }
    }

    fn refill(&mut self) -> std::io::Result<()> {
        let start = std::mem::take(&mut self.carry) as usize;
        if start == 1 {
            self.buf[0] = b'\r';
        }
        let n = if self.eof {
            0
        } else {
            self.inner.read(&mut self.buf[start..])?
        };
        self.eof |= n == 0;
        let mut end = start + n;
        if !self.eof && self.buf[end - 1] == b'\r' {
            self.carry = true;
            end -= 1;
        }
        let mut w = 0;
        let mut lines = self.lines.lock().unwrap_or_else(|e| e.into_inner());
        for i in 0..end {
            let b = self.buf[i];
            if b == b'\r' && i + 1 < end && self.buf[i + 1] == b'\n' {
                continue;
            }
            if b == b'\n' {
                lines.breaks.push_back(self.offset + w as u64);
            }
            self.buf[w] = b;
            w += 1;
        }
        self.offset += w as u64;
        if self.offset.saturating_sub(lines.record_start) > MAX_AHEAD {
            let line = lines.passed + lines.breaks.len() + 1;
            return Err(std::io::Error::other(RowTooLong(line)));
        }
        self.pos = 0;
        self.len = w;
        Ok(())
    }
}

impl<R: Read> Read for CrlfToLf<R> {
    fn read(&mut self, out: &mut [u8]) -> std::io::Result<usize> {
        while self.pos == self.len {
            if self.eof && !self.carry {
                return Ok(0);
            }
            self.refill()?;
        }
        let k = (self.len - self.pos).min(out.len());
        out[..k].copy_from_slice(&self.buf[self.pos..self.pos + k]);
        self.pos += k;
        Ok(k)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Reads through a reader that hands out `step` bytes at a time, so a CRLF falls
    /// across block edges.
    fn through(input: &[u8], step: usize) -> Vec<u8> {
        struct Slow<'a>(&'a [u8], usize);
        impl Read for Slow<'_> {
            fn read(&mut self, out: &mut [u8]) -> std::io::Result<usize> {
                let k = self.1.min(self.0.len()).min(out.len());
                out[..k].copy_from_slice(&self.0[..k]);
                self.0 = &self.0[k..];
                Ok(k)
            }
        }
        let mut out = Vec::new();
        CrlfToLf::new(Slow(input, step), &Lines::default())
            .read_to_end(&mut out)
            .unwrap();
        out
    }

    #[test]
    fn windows_line_ends() {
        let input = b"a;b\r\n1;2\r\n\r\nx\ry\r\n\r";
        for step in [1, 2, 3, 5, 64] {
            assert_eq!(through(input, step), b"a;b\n1;2\n\nx\ry\n\r", "step {step}");
        }
    }

    #[test]
    fn lines_of_records() {
        let mut lines = Lines::default();
        let input = b"h\r\na\r\n\r\n\r\nb\r\n";
        let mut out = Vec::new();
        CrlfToLf::new(&input[..], &lines)
            .read_to_end(&mut out)
            .unwrap();
        assert_eq!(out, b"h\na\n\n\nb\n");
        assert_eq!(lines.line_of(2), 2); // «a»
        assert_eq!(lines.line_of(3), 5); // «b», after two blank lines, begun at a break
    }

    #[test]
    fn marks_and_guesses() {
        assert_eq!(sniff(b"\xEF\xBB\xBFa;b"), UTF_8);
        assert_eq!(sniff(b"\xFF\xFEa\0"), UTF_16LE);
        assert_eq!(sniff(b"\xFE\xFF\0a"), UTF_16BE);
        assert_eq!(sniff("Фамилия;Имя".as_bytes()), UTF_8);
        // «Фамилия» in Windows-1251
        assert_eq!(sniff(b"\xd4\xe0\xec\xe8\xeb\xe8\xff;x"), WINDOWS_1251);
        assert_eq!(sniff(b"service_number,module"), UTF_8);
    }

    /// UTF-16 `text` as `enc` writes it, with no byte-order mark.
    fn utf16(text: &str, enc: &'static Encoding) -> Vec<u8> {
        text.encode_utf16()
            .flat_map(|u| {
                if enc == UTF_16LE {
                    u.to_le_bytes()
                } else {
                    u.to_be_bytes()
                }
            })
            .collect()
    }

    #[test]
    fn utf16_without_a_mark_is_read_as_utf16() {
        let roster = "service_number;family_name\r\nKZ470007;Әбілқасымов\r\n";
        assert_eq!(sniff(&utf16(roster, UTF_16LE)), UTF_16LE);
        assert_eq!(sniff(&utf16(roster, UTF_16BE)), UTF_16BE);
        // All Cyrillic but its separators and line ends, as a Russian roster's rows are.
        let names = "Иванов;Пётр\r\nСидорова;Анна\r\nҚасымов;Ерлан\r\n";
        assert_eq!(sniff(&utf16(names, UTF_16LE)), UTF_16LE);
        // Cut anywhere, even inside a character, a sample of it still reads so.
        let long = utf16(&roster.repeat(3000), UTF_16LE);
        assert_eq!(sniff(&long[..SNIFF]), UTF_16LE);
        // Zero bytes on both sides, or an unpaired surrogate: not UTF-16 text.
        assert_eq!(sniff(b"a\0\0b;c\0"), UTF_8);
        assert_eq!(sniff(b"a\0b\0\x00\xd8;\0"), WINDOWS_1251);
        // A file of a few zero bytes among many letters is no UTF-16.
        let mostly = [b"abcdefghijklmnopqrstuvwxyz;0123".as_slice(), b"\0x"].concat();
        assert_eq!(sniff(&mostly), UTF_8);
    }

    #[test]
    fn labels() {
        assert_eq!(by_label("cp1251").unwrap(), WINDOWS_1251);
        assert_eq!(by_label(" Windows-1251 ").unwrap(), WINDOWS_1251);
        assert_eq!(by_label("UTF-16LE").unwrap(), UTF_16LE);
        assert_eq!(by_label("utf8").unwrap(), UTF_8);
        let e = by_label("klingon").unwrap_err().to_string();
        assert!(e.contains("\"klingon\""), "{e}");
    }
}
