//! What a character is, as Muster judges text: the one place that says which characters
//! hide what a text really says. At the bottom of the core, using nothing of it: both the
//! refusals (`problem::Shown`, which escapes them in a message) and the cleaning of names
//! (`text`, which refuses them) read it.

/// Characters that make two names look alike while differing, reorder what is shown, or
/// show nothing at all: control characters, zero-width and joiner characters, bidi
/// embeddings, overrides and isolates, and the other format characters and blank "letters"
/// of Unicode (Hangul fillers, the braille blank). Names refuse them (`text::clean`);
/// messages that quote outside text write them as `\u{…}` (`problem::Shown`).
pub fn is_invisible(c: char) -> bool {
    // Most text is ASCII or Cyrillic: answered before the list below (every cell of a
    // million-row file passes through here).
    if c < '\u{AD}' {
        return c.is_control();
    }
    if ('\u{0400}'..='\u{052F}').contains(&c) {
        return false;
    }
    c.is_control()
        || matches!(c,
            '\u{00AD}' // soft hyphen
            | '\u{034F}' // combining grapheme joiner
            | '\u{061C}' // Arabic letter mark
            | '\u{115F}' | '\u{1160}' | '\u{3164}' | '\u{FFA0}' // Hangul fillers
            | '\u{17B4}' | '\u{17B5}' // Khmer inherent vowels
            | '\u{180B}'..='\u{180F}' // Mongolian variation selectors, vowel separator
            | '\u{200B}'..='\u{200F}' // zero-width space/joiners, LRM, RLM
            | '\u{2028}' | '\u{2029}' // line and paragraph separators
            | '\u{202A}'..='\u{202E}' // bidi embeddings and overrides
            | '\u{2060}'..='\u{206F}' // word joiner, invisible operators, bidi isolates
            | '\u{2800}' // braille blank
            | '\u{FE00}'..='\u{FE0F}' // variation selectors
            | '\u{FEFF}' // BOM / zero-width no-break space
            | '\u{FFF9}'..='\u{FFFB}' // interlinear annotation
            | '\u{1D173}'..='\u{1D17A}' // musical format characters
            | '\u{E0000}'..='\u{E0FFF}' // tags and variation selectors supplement
        )
}

#[cfg(test)]
mod tests {
    use super::is_invisible;

    #[test]
    fn letters_of_every_alphabet_show_and_hidden_characters_do_not() {
        for c in ['a', 'Z', '7', ' ', 'ә', 'Қ', 'ё', 'é', '中', '✔'] {
            assert!(!is_invisible(c), "{c:?} shows");
        }
        for c in [
            '\0',
            '\n',
            '\u{1B}',
            '\u{7F}',
            '\u{AD}',
            '\u{200B}',
            '\u{200D}',
            '\u{202E}',
            '\u{2066}',
            '\u{2800}',
            '\u{3164}',
            '\u{FE0F}',
            '\u{FEFF}',
            '\u{E0041}',
        ] {
            assert!(is_invisible(c), "{c:?} hides");
        }
    }
}
