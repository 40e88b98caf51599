//! Record ids as people read and type them. An id is a UUIDv7: its first 12 hex digits are
//! the millisecond it was recorded, so every record of one session starts alike and no
//! prefix tells them apart. The short form is therefore the *end* of the id, from its
//! random part: the last 8 hex digits (`…1f3a9c0e` in the app). A person may give the full
//! id, any ending of at least 8 hex digits (hyphens optional), or, as earlier versions
//! printed, a beginning of at least 8 characters; the store refuses a form that matches
//! more than one record and names the candidates.

use crate::error::{Problem, Result};

/// Hex digits in the short form of a record id.
pub const SHORT_LEN: usize = 8;

/// The short form of a full record id: its last 8 hex digits.
pub fn short(id: &str) -> &str {
    let cut = id.len().saturating_sub(SHORT_LEN);
    id.get(cut..).unwrap_or(id)
}

/// What a person typed for a record, read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Query {
    /// A whole id (36 characters with its hyphens), lowercase.
    Full(String),
    /// Part of one: `end` to match the id's last hex digits (hyphens removed) and `start` to
    /// match its first characters as typed.
    Part { start: String, end: String },
}

/// Reads a record id as typed: spaces around it, upper case, and the `…` or `...` the app
/// shows before a short form are all accepted.
pub fn parse(typed: &str) -> Result<Query> {
    let value = typed.trim().to_lowercase();
    let s = value
        .trim_start_matches('…')
        .trim_start_matches("...")
        .trim();
    let hex = s.chars().filter(char::is_ascii_hexdigit).count();
    if hex < SHORT_LEN || !s.chars().all(|c| c.is_ascii_hexdigit() || c == '-') {
        return Err(Problem::NotARecordId { value }.into());
    }
    if is_full(s) {
        return Ok(Query::Full(s.to_string()));
    }
    Ok(Query::Part {
        start: s.to_string(),
        end: s.replace('-', ""),
    })
}

/// True for `xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx` in hex.
fn is_full(s: &str) -> bool {
    s.len() == 36
        && s.char_indices().all(|(i, c)| match i {
            8 | 13 | 18 | 23 => c == '-',
            _ => c.is_ascii_hexdigit(),
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    const ID: &str = "019dd1c2-7a10-7b3e-9f21-5c0d8e4b1f3a";

    fn part(start: &str, end: &str) -> Query {
        Query::Part {
            start: start.into(),
            end: end.into(),
        }
    }

    #[test]
    fn the_short_form_is_the_random_end() {
        assert_eq!(short(ID), "8e4b1f3a");
        assert_eq!(short("abc"), "abc");
    }

    #[test]
    fn a_full_id_in_any_case_is_exact() {
        assert_eq!(parse(ID).unwrap(), Query::Full(ID.into()));
        assert_eq!(
            parse(&format!("  {}\n", ID.to_uppercase())).unwrap(),
            Query::Full(ID.into())
        );
    }

    #[test]
    fn a_short_form_as_shown_is_read() {
        for typed in ["8e4b1f3a", "…8e4b1f3a", "...8E4B1F3A", " 8e4b1f3a "] {
            assert_eq!(
                parse(typed).unwrap(),
                part("8e4b1f3a", "8e4b1f3a"),
                "{typed}"
            );
        }
        assert_eq!(
            parse("9f21-5c0d8e4b1f3a").unwrap(),
            part("9f21-5c0d8e4b1f3a", "9f215c0d8e4b1f3a")
        );
    }

    #[test]
    fn too_short_or_not_hex_is_refused_with_what_was_typed() {
        for typed in [
            "8e4b1f3",
            "",
            "…",
            "zz'; drop",
            "8e4b1f3a!",
            "8e4b 1f3a",
            "g8e4b1f3a",
        ] {
            let e = parse(typed).unwrap_err().to_string();
            assert!(e.contains("is not a record id"), "{typed}: {e}");
        }
        // Hyphens do not count towards the 8 digits.
        assert!(parse("8e4b-1f3").is_err());
    }
}
