//! The text encoding of a CSV file, as Windows Excel leaves it: UTF-8 with or without a
//! byte-order mark ("CSV UTF-8"), UTF-16 with a mark ("Unicode text"), or the Russian
//! code page Windows-1251 ("CSV" on a Russian-locale machine). The file is decoded as a
//! stream, so a large file never sits in memory.

use std::fs::File;
use std::io::{BufReader, Read};
use std::path::Path;

use encoding_rs::{Encoding, UTF_16BE, UTF_16LE, UTF_8, WINDOWS_1251};

use crate::error::{Error, Result};

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

/// Guesses the encoding from the first bytes: a byte-order mark decides; otherwise text
/// that is valid UTF-8 is UTF-8, and anything else is taken as Windows-1251.
pub fn sniff(head: &[u8]) -> &'static Encoding {
    if let Some((enc, _)) = Encoding::for_bom(head) {
        return enc;
    }
    match std::str::from_utf8(head) {
        Ok(_) => UTF_8,
        // A character cut in half at the end of the sample is still UTF-8.
        Err(e) if e.error_len().is_none() && head.len() >= SNIFF - 4 => UTF_8,
        Err(_) => WINDOWS_1251,
    }
}

/// Opens a CSV file as a stream of UTF-8 bytes, without its byte-order mark; returns the
/// encoding it was read in.
pub fn open(path: &Path, forced: Option<&str>) -> Result<(Box<dyn Read>, &'static Encoding)> {
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
    let rest = std::io::Cursor::new(head).chain(file);
    let reader: Box<dyn Read> = if enc == UTF_8 {
        // Already UTF-8: skip the mark and pass the bytes through untouched (fast path).
        let mut r = BufReader::with_capacity(1 << 16, rest);
        let mut bom = [0u8; 3];
        let mut got = 0;
        while got < 3 {
            let n = r.read(&mut bom[got..]).map_err(io)?;
            if n == 0 {
                break;
            }
            got += n;
        }
        let start: Box<dyn Read> = if bom[..got] == *b"\xEF\xBB\xBF" {
            Box::new(std::io::empty())
        } else {
            Box::new(std::io::Cursor::new(bom[..got].to_vec()))
        };
        Box::new(start.chain(r))
    } else {
        let decoder = encoding_rs_io::DecodeReaderBytesBuilder::new()
            .encoding(Some(enc))
            .bom_override(enc == UTF_16LE || enc == UTF_16BE)
            .strip_bom(true)
            .build(rest);
        Box::new(BufReader::with_capacity(1 << 16, decoder))
    };
    Ok((reader, enc))
}

#[cfg(test)]
mod tests {
    use super::*;

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
