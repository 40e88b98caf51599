//! Names and free text as they enter Muster: trimmed, NFC-normalised, and free of
//! characters that hide what a name really says (control, zero-width, bidi overrides).

use unicode_normalization::{is_nfc_quick, IsNormalized, UnicodeNormalization};

use crate::error::{Error, Result};

/// Characters that make two names look alike while differing, or reorder what is shown.
fn is_hidden(c: char) -> bool {
    c.is_control()
        || matches!(c,
            '\u{200B}'..='\u{200F}' // zero-width space/joiners, LRM, RLM
            | '\u{202A}'..='\u{202E}' // bidi embeddings and overrides
            | '\u{2060}'..='\u{2064}' // word joiner, invisible operators
            | '\u{2066}'..='\u{2069}' // bidi isolates
            | '\u{FEFF}' // BOM / zero-width no-break space
            | '\u{00AD}' // soft hyphen
        )
}

/// Trim, collapse inner runs of spaces, normalise to NFC, refuse hidden characters.
pub fn clean(field: &str, value: &str) -> Result<String> {
    if let Some(c) = value.chars().find(|&c| is_hidden(c)) {
        return Err(Error::invalid(format!(
            "{field} contains an invisible or control character (U+{:04X})",
            c as u32
        )));
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
pub fn required(field: &str, value: &str) -> Result<String> {
    let v = clean(field, value)?;
    if v.is_empty() {
        return Err(Error::invalid(format!("{field} is empty")));
    }
    if v.chars().count() > 200 {
        return Err(Error::invalid(format!(
            "{field} is longer than 200 characters"
        )));
    }
    Ok(v)
}

/// As `clean`, an empty value becomes `None`.
pub fn optional(field: &str, value: &str) -> Result<Option<String>> {
    let v = clean(field, value)?;
    Ok(if v.is_empty() { None } else { Some(v) })
}

/// Service numbers match case-insensitively and ignoring surrounding space.
pub fn service_number(value: &str) -> Result<String> {
    let v = required("service_number", value)?;
    if v.chars().any(char::is_whitespace) {
        return Err(Error::invalid(format!(
            "service_number {v:?} contains a space"
        )));
    }
    Ok(v)
}

pub fn sn_key(service_number: &str) -> String {
    service_number.trim().to_uppercase()
}

/// The operator's name goes on every record: it must say who.
pub fn operator(value: &str) -> Result<String> {
    required("operator name (--by)", value)
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
    fn nfc_and_spaces() {
        // «Ә» written as A-with-combining is folded into the single code point.
        let decomposed = "A\u{0308}";
        assert_eq!(clean("x", decomposed).unwrap(), "\u{00C4}");
        assert_eq!(clean("x", "  Нұрқасов   Аян ").unwrap(), "Нұрқасов Аян");
    }

    #[test]
    fn hidden_characters_are_refused() {
        for bad in [
            "Ив\u{200B}анов",
            "\u{202E}вонавИ",
            "a\u{0007}b",
            "Ив\u{FEFF}",
        ] {
            let e = clean("family_name", bad).unwrap_err().to_string();
            assert!(e.starts_with("family_name contains"), "{e}");
        }
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
    }
}
