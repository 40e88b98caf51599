//! Text from outside (a cell, a column title, a sheet name, a reader's error) as a refusal
//! may quote it: every invisible or control character written as `\u{…}`, and a long value
//! cut to a readable length with its full length noted. A file then cannot retitle or
//! clear a terminal (`ESC ]0;…BEL`, `ESC [2J`), split a message over several lines (CR, LF),
//! reorder what is shown (bidi overrides), or fill a screen with a 10 MB value.
//!
//! `Shown` is the type of every `Problem` value that may hold such text, so a value cannot
//! reach a message without passing through here.

use std::fmt;

use serde::Serialize;

use crate::chars::is_invisible;

/// How many characters of a value a message quotes.
pub const SHOWN_CHARS: usize = 60;

/// How many characters of a reader's error (`detail`) a message quotes: longer than a value,
/// because it is a sentence.
pub const DETAIL_CHARS: usize = 200;

/// Outside text made safe to print: see the module comment.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
#[serde(transparent)]
pub struct Shown(String);

impl Shown {
    /// A value cut to `SHOWN_CHARS`.
    pub fn new(raw: &str) -> Shown {
        Shown(shown(raw, SHOWN_CHARS))
    }

    /// A sentence from a reader (a workbook library's error) cut to `DETAIL_CHARS`.
    pub fn detail(raw: &str) -> Shown {
        Shown(shown(raw, DETAIL_CHARS))
    }

    /// Text put together from parts that were each made safe already (a column letter and
    /// its `Shown` title, a list of them): only invisible characters are escaped again.
    pub fn composed(safe: String) -> Shown {
        Shown(shown(&safe, usize::MAX))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

impl From<&str> for Shown {
    fn from(raw: &str) -> Shown {
        Shown::new(raw)
    }
}

impl From<String> for Shown {
    fn from(raw: String) -> Shown {
        Shown::new(&raw)
    }
}

impl From<&String> for Shown {
    fn from(raw: &String) -> Shown {
        Shown::new(raw)
    }
}

impl fmt::Display for Shown {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl PartialEq<&str> for Shown {
    fn eq(&self, other: &&str) -> bool {
        self.0 == *other
    }
}

/// The TypeScript side sees a plain string.
#[cfg(feature = "ts")]
impl ts_rs::TS for Shown {
    type WithoutGenerics = Self;
    fn name() -> String {
        "string".to_owned()
    }
    fn inline() -> String {
        "string".to_owned()
    }
    fn inline_flattened() -> String {
        panic!("string cannot be flattened")
    }
    fn decl() -> String {
        panic!("string cannot be declared")
    }
    fn decl_concrete() -> String {
        panic!("string cannot be declared")
    }
}

/// `raw` with invisible and control characters as `\u{…}`, at most about `max` characters
/// long; a cut value ends in `…` and says how long it was.
pub fn shown(raw: &str, max: usize) -> String {
    let mut out = String::with_capacity(raw.len().min(max.saturating_mul(4)) + 8);
    for (count, (i, c)) in raw.char_indices().enumerate() {
        if count >= max {
            let total = count + raw[i..].chars().count();
            out.push_str(&format!("… ({} characters)", thousands(total)));
            return out;
        }
        if is_invisible(c) {
            out.push_str(&format!("\\u{{{:x}}}", c as u32));
        } else {
            out.push(c);
        }
    }
    out
}

/// `10485760` as `10,485,760`.
pub fn thousands(n: usize) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, d) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(d);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn terminal_sequences_are_written_out() {
        let title = "\u{1b}]0;pwned\u{7}\u{1b}[2JИмя\r\nx";
        assert_eq!(
            Shown::new(title).as_str(),
            "\\u{1b}]0;pwned\\u{7}\\u{1b}[2JИмя\\u{d}\\u{a}x"
        );
    }

    #[test]
    fn invisible_and_bidi_characters_are_written_out() {
        assert_eq!(
            Shown::new("Ив\u{200b}анов\u{202e}x\u{2028}\u{3164}").as_str(),
            "Ив\\u{200b}анов\\u{202e}x\\u{2028}\\u{3164}"
        );
        // Letters of every alphabet stay as they are.
        assert_eq!(Shown::new("Нұрқасов Ä 李").as_str(), "Нұрқасов Ä 李");
    }

    #[test]
    fn long_values_are_cut_and_their_length_said() {
        let long = "Ж".repeat(10 * 1024 * 1024);
        let s = Shown::new(&long);
        assert_eq!(
            s.as_str(),
            format!("{}… (10,485,760 characters)", "Ж".repeat(SHOWN_CHARS))
        );
        assert_eq!(
            Shown::new(&"a".repeat(SHOWN_CHARS)).as_str().len(),
            SHOWN_CHARS
        );
    }

    #[test]
    fn composed_text_is_not_cut_again() {
        let part = Shown::new(&"a".repeat(100));
        let whole = Shown::composed(format!("C «{part}»"));
        assert!(whole.as_str().ends_with("(100 characters)»"), "{whole}");
    }

    #[test]
    fn numbers_with_thousands() {
        assert_eq!(thousands(0), "0");
        assert_eq!(thousands(999), "999");
        assert_eq!(thousands(1000), "1,000");
        assert_eq!(thousands(16384), "16,384");
        assert_eq!(thousands(1_048_576), "1,048,576");
    }
}
