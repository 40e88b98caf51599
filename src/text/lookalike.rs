//! Service numbers that look like another one. `КZ470007` with a Cyrillic К prints exactly
//! like `KZ470007`, yet is another text: imported, it silently makes a second person. Two
//! rules, both from Unicode's security mechanisms (UTS #39), stop that:
//!
//! - a service number is written in one script: letters of two alphabets in one number
//!   (`КZ…`) are refused;
//! - a new service number whose confusable *skeleton* (what it looks like: `К` and `K`,
//!   `0` and `O`, `1` and `l` map to the same) equals an existing person's, but is not the
//!   same number, is refused with both named. Separators are left out of the skeleton:
//!   `KZ-470007` and `KZ470007` are one number written two ways far more often than two
//!   soldiers, and the roster's spelling is the one to keep.
//!
//! Checked where a person is typed or imported (`store::Writer`). A bundle from another
//! laptop is not refused for it: that laptop may have made the number before it ever held
//! the one it resembles, and neither can change a number, so a refusal would keep the two
//! apart for good. Such pairs are received and listed to settle (`sync::look_alikes`).

use unicode_script::{Script, UnicodeScript};
use unicode_security::{skeleton, MixedScript};

use crate::error::{Problem, Result};
use crate::problem::Shown;

/// Refuses a service number that mixes alphabets, naming the letters of each.
pub fn one_script(service_number: &str) -> Result<()> {
    if service_number.is_single_script() {
        return Ok(());
    }
    Err(Problem::ServiceNumberMixesScripts {
        value: Shown::new(service_number),
        letters: Shown::composed(letters_by_script(service_number.chars())),
    }
    .into())
}

/// What a service number looks like, as compared: its confusable skeleton, after the
/// case folding service numbers are matched with (`sn_key`), without separators. Most
/// numbers are ASCII, whose skeleton is its characters' skeletons one after another, looked
/// up in a table made once from the same rules. Separators go after the skeleton is made,
/// so a mark that looks like a letter (`|` like `l`) still counts as that letter; a number
/// of separators alone keeps them.
pub fn skeleton_of(sn_key: &str) -> String {
    // Leading zeros are how a cell formatted `000000` shows a number it stores without
    // them: `000007` and `7` are one soldier written two ways far more often than two.
    let zeros = sn_key.bytes().take_while(|&b| b == b'0').count();
    let sn_key = if zeros < sn_key.len() {
        &sn_key[zeros..]
    } else {
        sn_key
    };
    let whole = confusable_skeleton(sn_key);
    let bare: String = whole.chars().filter(|c| c.is_alphanumeric()).collect();
    if bare.is_empty() {
        whole
    } else {
        bare
    }
}

/// UTS #39's skeleton, separators and all: for ASCII, from the table.
fn confusable_skeleton(sn_key: &str) -> String {
    match (sn_key.is_ascii(), ascii_skeletons()) {
        (true, Some(table)) => sn_key.bytes().map(|b| table[b as usize].as_str()).collect(),
        _ => skeleton(sn_key).collect(),
    }
}

/// The skeleton of each ASCII character (`0` → `O`, `m` → `rn`, `%` → `°/₀`), if none holds
/// a combining mark: then pieces put together are normalised as they stand, and the whole
/// is their concatenation. `None` would send every number the long way.
fn ascii_skeletons() -> Option<&'static [String; 128]> {
    use unicode_normalization::char::canonical_combining_class;
    static TABLE: std::sync::OnceLock<Option<[String; 128]>> = std::sync::OnceLock::new();
    TABLE
        .get_or_init(|| {
            let table: [String; 128] =
                std::array::from_fn(|b| skeleton(&(b as u8 as char).to_string()).collect());
            let plain = |s: &String| {
                s.chars().all(|c| canonical_combining_class(c) == 0)
                    && unicode_normalization::is_nfd(s)
            };
            table.iter().all(plain).then_some(table)
        })
        .as_ref()
}

/// The refusal of `value`, which looks like `existing`: names the characters of `value`
/// that `existing` does not have, with their script (`Cyrillic К`), and the separators
/// either one has that the other has not (`"-"`).
pub fn looks_like(value: &str, existing: &str) -> Problem {
    let differing = value.chars().filter(|c| !existing.contains(*c));
    let mut what = vec![letters_by_script(differing)];
    let separators: String = value
        .chars()
        .filter(|c| !existing.contains(*c))
        .chain(existing.chars().filter(|c| !value.contains(*c)))
        .filter(|c| !c.is_alphanumeric())
        .fold(String::new(), |mut s, c| {
            if !s.contains(c) {
                s.push(c);
            }
            s
        });
    if !separators.is_empty() {
        what.push(format!("\"{}\"", Shown::new(&separators)));
    }
    what.retain(|w| !w.is_empty());
    Problem::LooksLike {
        value: Shown::new(value),
        existing: Shown::new(existing),
        letters: Shown::composed(if what.is_empty() {
            "characters that look alike".into()
        } else {
            what.join(", ")
        }),
    }
}

/// `Cyrillic К, Latin Z`: each script with its letters (at most three each), in order of
/// first appearance; digits and punctuation are left out.
fn letters_by_script(chars: impl Iterator<Item = char>) -> String {
    let mut groups: Vec<(Script, Vec<char>)> = Vec::new();
    for c in chars {
        let script = c.script();
        if matches!(script, Script::Common | Script::Inherited | Script::Unknown) {
            continue;
        }
        match groups.iter_mut().find(|(s, _)| *s == script) {
            Some((_, letters)) if letters.len() < 3 && !letters.contains(&c) => letters.push(c),
            Some(_) => {}
            None => groups.push((script, vec![c])),
        }
    }
    groups
        .iter()
        .map(|(s, letters)| {
            let shown: String = letters.iter().collect::<String>();
            format!("{} {}", s.full_name(), Shown::new(&shown))
        })
        .collect::<Vec<_>>()
        .join(", ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_alphabet_per_number() {
        assert!(one_script("KZ470007").is_ok());
        assert!(one_script("ҚЗ470007").is_ok()); // Kazakh Cyrillic throughout
        assert!(one_script("100101").is_ok());
        assert!(one_script("KZ-47/0007").is_ok());
        let e = one_script("КZ470007").unwrap_err().to_string();
        assert_eq!(
            e,
            "service number \"КZ470007\" mixes alphabets (Cyrillic К, Latin Z): type it in one alphabet"
        );
    }

    #[test]
    fn look_alikes_share_a_skeleton() {
        let k = skeleton_of("KZ470007");
        assert_eq!(skeleton_of("КZ470007"), k); // Cyrillic К
        assert_eq!(skeleton_of("ΚZ470007"), k); // Greek Kappa
        assert_eq!(skeleton_of("KZ47OOO7"), k); // letter O for zero
        assert_ne!(skeleton_of("KZ470008"), k);
        assert_ne!(skeleton_of("KZ4700007"), k);
        // A number shown with the leading zeros of its cell's format and without them.
        assert_eq!(skeleton_of("000007"), skeleton_of("7"));
        assert_eq!(skeleton_of("0470007"), skeleton_of("470007"));
        assert_ne!(skeleton_of("000007"), skeleton_of("70"));
        assert_eq!(skeleton_of("000"), skeleton_of("000"));
        assert_ne!(skeleton_of("000"), skeleton_of("0"));
    }

    /// One number written with and without separators, of any kind and anywhere, is one
    /// number; a mark that looks like a letter is still that letter.
    #[test]
    fn separators_are_left_out() {
        let k = skeleton_of("KZ470007");
        for n in [
            "KZ-470007",
            "KZ/470007",
            "KZ.47.00.07",
            "KZ_470007",
            "-KZ470007-",
            "KZ\u{2010}470007", // Unicode hyphen
            "KZ\u{2013}470007", // en dash
            "КZ–47ОО07",        // Cyrillic К and О, en dash
        ] {
            assert_eq!(skeleton_of(n), k, "{n}");
        }
        assert_eq!(skeleton_of("KZ47|OOO7"), skeleton_of("KZ47l0007"));
        assert_ne!(skeleton_of("KZ-470008"), k);
        // Separators alone are kept, so they are not all one "empty" number.
        assert_eq!(skeleton_of("-"), skeleton("-").collect::<String>());
        assert_ne!(skeleton_of("-"), skeleton_of("/"));
    }

    #[test]
    fn the_ascii_table_agrees_with_the_rules() {
        assert!(ascii_skeletons().is_some());
        for n in [
            "KZ470007",
            "AK47OOO7",
            "IL1|0O",
            "RN-rn/m 12",
            "~!@#$%^&*()_+\"`'%0",
        ] {
            assert_eq!(
                confusable_skeleton(n),
                skeleton(n).collect::<String>(),
                "{n}"
            );
        }
        // Every pair of ASCII characters: pieces put together need no renormalising.
        for a in 0u8..128 {
            for b in 0u8..128 {
                let n = format!("{}{}", a as char, b as char);
                assert_eq!(
                    confusable_skeleton(&n),
                    skeleton(&n).collect::<String>(),
                    "{n:?}"
                );
            }
        }
    }

    #[test]
    fn the_refusal_names_both_numbers_and_the_odd_letter() {
        assert_eq!(
            looks_like("КZ470007", "KZ470007").to_string(),
            "КZ470007 looks like KZ470007: Cyrillic К (the same number written another way would make a second person; type it as it is on file)"
        );
        assert!(looks_like("KZ47OOO7", "KZ470007")
            .to_string()
            .contains(": Latin O ("));
        assert_eq!(
            looks_like("KZ-470007", "KZ470007").to_string(),
            "KZ-470007 looks like KZ470007: \"-\" (the same number written another way would make a second person; type it as it is on file)"
        );
        assert!(looks_like("KZ470007", "KZ/47-0007")
            .to_string()
            .contains(": \"/-\" ("));
        assert!(looks_like("КZ-470007", "KZ470007")
            .to_string()
            .contains(": Cyrillic К, \"-\" ("));
    }
}
