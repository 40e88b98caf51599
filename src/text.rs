//! Names and free text as they enter Muster: trimmed, NFC-normalised, and free of
//! characters that hide what a name really says (control, zero-width, bidi overrides).

use unicode_normalization::{is_nfc_quick, IsNormalized, UnicodeNormalization};

pub mod lookalike;
pub mod search;

use crate::chars::is_invisible;
use crate::error::{Problem, Result};
use crate::field::Field;

/// Trim, collapse inner runs of spaces, normalise to NFC, refuse hidden characters.
pub fn clean(field: Field, value: &str) -> Result<String> {
    tidy(field, value, false)
}

/// As `clean`, for free text (rank, role, unit, instructor, notes): a line break or tab
/// becomes a space. Excel users wrap long cells with Alt+Enter; refusing a whole roster
/// for that helps nobody. Names and service numbers stay strict: a break there is an error.
pub fn free_text(field: Field, value: &str) -> Result<String> {
    tidy(field, value, true)
}

fn tidy(field: Field, value: &str, breaks_are_spaces: bool) -> Result<String> {
    // Free text keeps its line breaks (as spaces) and the variation selectors that pick an
    // emoji's look (`✔️`); a name keeps neither.
    let free = |c: char| matches!(c, '\n' | '\r' | '\t' | '\u{FE00}'..='\u{FE0F}' | '\u{E0100}'..='\u{E01EF}');
    let refused = |c: char| is_invisible(c) && !(breaks_are_spaces && free(c));
    if let Some(c) = value.chars().find(|&c| refused(c)) {
        return Err(Problem::ControlCharacter {
            field,
            code_point: format!("U+{:04X}", c as u32),
        }
        .into());
    }
    // Most cells are already NFC with single spaces: skip the rebuilding (it runs for
    // every cell of a million-row file).
    let tidy = !value.starts_with(char::is_whitespace)
        && !value.ends_with(char::is_whitespace)
        && !value.contains("  ")
        && !value.contains(|c: char| c.is_whitespace() && c != ' ');
    if tidy && is_nfc_quick(value.chars()) == IsNormalized::Yes {
        return Ok(value.to_string());
    }
    let nfc: String = value.nfc().collect();
    Ok(nfc.split_whitespace().collect::<Vec<_>>().join(" "))
}

/// As `clean`, and the value must not be empty.
pub fn required(field: Field, value: &str) -> Result<String> {
    let v = clean(field, value)?;
    if v.is_empty() {
        return Err(Problem::empty(field).into());
    }
    if v.chars().count() > 200 {
        return Err(Problem::TooLong { field, max: 200 }.into());
    }
    Ok(v)
}

/// As `clean`, an empty value becomes `None`.
pub fn optional(field: Field, value: &str) -> Result<Option<String>> {
    let v = clean(field, value)?;
    Ok(if v.is_empty() { None } else { Some(v) })
}

/// Service numbers match case-insensitively and ignoring surrounding space. A leading
/// apostrophe is Excel's mark for "keep this as text" (`'000123`, so the zeros stay), which
/// a CSV file or a pasted cell may carry along: it is no part of the number.
pub fn service_number(value: &str) -> Result<String> {
    let trimmed = value.trim();
    let value = trimmed
        .strip_prefix('\'')
        .filter(|rest| !rest.trim().is_empty())
        .unwrap_or(trimmed);
    let v = required(Field::ServiceNumber, value)?;
    if v.chars().any(char::is_whitespace) {
        return Err(Problem::SpaceInServiceNumber { value: v.into() }.into());
    }
    Ok(v)
}

/// Two spellings of one name as people read them: case, spacing and ё for е make no
/// other name (СЕРИКОВ and Сериков, Ёлкин and Елкин).
pub fn same_name(a: &str, b: &str) -> bool {
    let fold = |s: &str| -> String {
        s.split_whitespace()
            .collect::<Vec<_>>()
            .join(" ")
            .to_lowercase()
            .replace('ё', "е")
    };
    fold(a) == fold(b)
}

pub fn sn_key(service_number: &str) -> String {
    service_number.trim().to_uppercase()
}

/// The operator's name goes on every record: it must say who.
pub fn operator(value: &str) -> Result<String> {
    required(Field::Operator, value)
}

/// Who is at the keyboard when a front end is not told: the first name it knows (a flag,
/// then the login; the app's settings), or `fallback` when that one is blank. One rule for
/// the command line and the app; the store still refuses a blank name on a record.
pub fn operator_or<I>(names: I, fallback: &str) -> String
where
    I: IntoIterator<Item = Option<String>>,
{
    names
        .into_iter()
        .flatten()
        .next()
        .filter(|s| !s.trim().is_empty())
        .unwrap_or_else(|| fallback.to_string())
}

/// True when a single word mixes Latin and Cyrillic letters: a Latin «a» in «Ивaнов»
/// makes a second person out of one, and cannot be seen on screen.
pub fn mixes_scripts(value: &str) -> bool {
    value.split_whitespace().any(|w| {
        let latin = w.chars().any(|c| c.is_ascii_alphabetic());
        let cyrillic = w.chars().any(|c| ('\u{0400}'..='\u{04FF}').contains(&c));
        latin && cyrillic
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_operator_is_the_first_name_known_else_the_fallback() {
        let o = |names: [Option<&str>; 2]| operator_or(names.map(|n| n.map(String::from)), "x");
        assert_eq!(o([Some("Омарова"), Some("login")]), "Омарова");
        assert_eq!(o([None, Some("login")]), "login");
        assert_eq!(o([None, None]), "x");
        // A blank name given is not passed over for the next one: it means nobody said.
        assert_eq!(o([Some("  "), Some("login")]), "x");
    }

    #[test]
    fn nfc_and_spaces() {
        // «Ә» written as A-with-combining is folded into the single code point.
        let decomposed = "A\u{0308}";
        assert_eq!(clean(Field::FamilyName, decomposed).unwrap(), "\u{00C4}");
        assert_eq!(
            clean(Field::FamilyName, "  Нұрқасов   Аян ").unwrap(),
            "Нұрқасов Аян"
        );
    }

    #[test]
    fn hidden_characters_are_refused() {
        for bad in [
            "Ив\u{200B}анов",
            "\u{202E}вонавИ",
            "a\u{0007}b",
            "Ив\u{FEFF}",
        ] {
            let e = clean(Field::FamilyName, bad).unwrap_err().to_string();
            assert!(e.starts_with("family_name contains"), "{e}");
        }
    }

    #[test]
    fn line_breaks_in_free_text_become_spaces_but_not_in_names() {
        assert_eq!(
            free_text(Field::Role, "стрелок\r\nпомощник\tгранатомётчика\n").unwrap(),
            "стрелок помощник гранатомётчика"
        );
        let e = clean(Field::FamilyName, "Абенов\nЕрлан")
            .unwrap_err()
            .to_string();
        assert!(e.contains("U+000A"), "{e}");
        // Other hidden characters stay refused in free text too.
        assert!(free_text(Field::Notes, "a\u{0007}b").is_err());
        assert!(free_text(Field::Notes, "a\u{202E}b").is_err());
        assert!(free_text(Field::Notes, "a\u{3164}b").is_err()); // Hangul filler: a blank letter
                                                                 // An emoji's variation selector is part of free text, not of a name.
        assert_eq!(
            free_text(Field::Notes, "сдал ✔\u{FE0F}").unwrap(),
            "сдал ✔\u{FE0F}"
        );
        assert!(clean(Field::FamilyName, "Иванов\u{FE0F}").is_err());
    }

    #[test]
    fn mixed_scripts_are_noticed() {
        assert!(mixes_scripts("Ивaнов")); // Latin a
        assert!(!mixes_scripts("Иванов Assylkhan"));
        assert!(!mixes_scripts("Әсел"));
    }

    #[test]
    fn service_numbers() {
        assert_eq!(service_number(" kz100101 ").unwrap(), "kz100101");
        assert_eq!(sn_key(" kz100101 "), "KZ100101");
        assert!(service_number("").is_err());
        assert!(service_number("KZ 1").is_err());
        assert!(same_name("Ёлкин", "ЕЛКИН") && same_name(" Сериков  Ерлан", "СЕРИКОВ ЕРЛАН"));
        assert!(!same_name("Омаров", "Омарова"));
        // Excel's text mark is no part of the number.
        assert_eq!(service_number("'000123").unwrap(), "000123");
        assert_eq!(service_number(" '200001 ").unwrap(), "200001");
    }
}

/// The Kazakh Cyrillic alphabet in its order; Russian's 33 letters are in it, in Russian
/// order too. Sorting by bytes would put Ә Ғ Қ Ң Ө Ұ Ү Һ І after Я.
const KAZAKH_ORDER: &str = "аәбвгғдеёжзийкқлмнңоөпрстуұүфхһцчшщъыіьэюя";

/// Sort rank of each character of the Cyrillic block (U+0400–U+04FF), upper and lower case
/// alike; 0 where the alphabet has no place for it.
fn cyrillic_ranks() -> &'static [u16; 256] {
    static RANKS: std::sync::OnceLock<[u16; 256]> = std::sync::OnceLock::new();
    RANKS.get_or_init(|| {
        let mut t = [0u16; 256];
        for (i, lower) in KAZAKH_ORDER.chars().enumerate() {
            for c in std::iter::once(lower).chain(lower.to_uppercase()) {
                if let Some(slot) = (c as u32).checked_sub(0x400).filter(|o| *o < 256) {
                    t[slot as usize] = 0x3000 + i as u16;
                }
            }
        }
        t
    })
}

/// Where a character sorts: Latin first (case-insensitive), then Cyrillic in Kazakh
/// alphabet order, then anything else by code point.
fn rank(c: char) -> u32 {
    let u = c as u32;
    match u {
        0..=0x7F => c.to_ascii_lowercase() as u32,
        0x400..=0x4FF => match cyrillic_ranks()[(u - 0x400) as usize] {
            0 => 0x1_0000 + u,
            r => r as u32,
        },
        _ => 0x1_0000 + u,
    }
}

/// Appends a byte string that sorts, compared as bytes, the way a Kazakh or Russian reader
/// orders names. Keys of several fields can be concatenated: each ends with a 0 that sorts
/// before any character.
///
/// A run of digits sorts by its number, so "2 взвод" comes before "10 взвод" (a training
/// centre has twenty platoons; by characters the 10th to 19th came between the 1st and the
/// 2nd). The run is written as a mark that sorts where digits do, its length without
/// leading zeros, then its digits: a longer number is a larger one.
pub fn push_collation_key(key: &mut Vec<u8>, s: &str) {
    let push = |key: &mut Vec<u8>, r: u32| key.extend_from_slice(&r.to_be_bytes()[1..]);
    let mut rest = s;
    while let Some(c) = rest.chars().next() {
        if c.is_ascii_digit() {
            let run = rest.len() - rest.trim_start_matches(|d: char| d.is_ascii_digit()).len();
            let digits = rest[..run].trim_start_matches('0');
            let digits = if digits.is_empty() { "0" } else { digits };
            push(key, '0' as u32);
            push(key, digits.len() as u32);
            for d in digits.bytes() {
                push(key, d as u32);
            }
            rest = &rest[run..];
        } else {
            push(key, rank(c));
            rest = &rest[c.len_utf8()..];
        }
    }
    key.extend_from_slice(&[0, 0, 0]);
}

/// The collation key of one string (see `push_collation_key`).
pub fn collation_key(s: &str) -> Vec<u8> {
    let mut k = Vec::with_capacity(3 * s.len());
    push_collation_key(&mut k, s);
    k
}

#[cfg(test)]
mod collation_tests {
    use super::collation_key;

    #[test]
    fn kazakh_letters_sort_where_the_alphabet_puts_them() {
        let mut names = vec![
            "Шаһмарданов",
            "Ұлықбекова",
            "Әбілов",
            "Борисов",
            "Яковлев",
            "Amangaliuly",
            "аймағамбетов",
            "Іскаков",
        ];
        names.sort_by_key(|n| collation_key(n));
        assert_eq!(
            names,
            [
                "Amangaliuly",
                "аймағамбетов",
                "Әбілов",
                "Борисов",
                "Ұлықбекова",
                "Шаһмарданов",
                "Іскаков",
                "Яковлев"
            ]
        );
    }

    #[test]
    fn numbers_sort_by_their_value() {
        let mut units = vec![
            "10 взвод",
            "2 взвод",
            "управление роты",
            "1 взвод",
            "19 взвод",
            "02 взвод",
            "Взвод 10",
            "Взвод 9",
            "1a",
            "1",
        ];
        units.sort_by_key(|u| collation_key(u));
        assert_eq!(
            units,
            [
                "1",
                "1 взвод",
                "1a",
                "2 взвод",
                "02 взвод",
                "10 взвод",
                "19 взвод",
                "Взвод 9",
                "Взвод 10",
                "управление роты"
            ]
        );
        // Leading zeros aside, a number and its zero-padded form are alike.
        assert_eq!(collation_key("007"), collation_key("7"));
        assert!(collation_key("0") < collation_key("1"));
        assert!(collation_key("") < collation_key("0"));
    }
}
