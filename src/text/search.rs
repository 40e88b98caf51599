//! Finding a soldier by name or service number typed in either script: a Latin query finds
//! a Cyrillic name (and back) through a plain transliteration of Russian and Kazakh
//! letters. The matrix filters in the core with this; `ui/src/logic/search.ts` applies the
//! same steps for the lists a screen already holds (a session's attendees), with the
//! tables generated from `LATIN` and `SPELLINGS`, and both are held to the same cases
//! (`tests/search.rs` and `search.test.ts`).

use unicode_normalization::char::is_combining_mark;
use unicode_normalization::UnicodeNormalization;

/// The transliteration, letter by letter: Russian and Kazakh Cyrillic (lower case) in plain
/// Latin letters. The one table: the UI's fold is generated from it
/// (`ui/src/bindings/transliteration.ts`).
pub const LATIN: &[(char, &str)] = &[
    ('а', "a"),
    ('ә', "a"),
    ('б', "b"),
    ('в', "v"),
    ('г', "g"),
    ('ғ', "g"),
    ('д', "d"),
    ('е', "e"),
    ('ё', "e"),
    ('э', "e"),
    ('ж', "zh"),
    ('з', "z"),
    ('и', "i"),
    ('й', "i"),
    ('і', "i"),
    ('к', "k"),
    ('қ', "k"),
    ('л', "l"),
    ('м', "m"),
    ('н', "n"),
    ('ң', "n"),
    ('о', "o"),
    ('ө', "o"),
    ('п', "p"),
    ('р', "r"),
    ('с', "s"),
    ('т', "t"),
    ('у', "u"),
    ('ұ', "u"),
    ('ү', "u"),
    ('ф', "f"),
    ('х', "kh"),
    ('һ', "h"),
    ('ц', "ts"),
    ('ч', "ch"),
    ('ш', "sh"),
    ('щ', "shch"),
    ('ъ', ""),
    ('ь', ""),
    ('ы', "y"),
    ('ю', "iu"),
    ('я', "ia"),
];

/// Latin letters of Kazakh Latin and Turkic spellings that stand for two plain letters
/// (`Şokanov`, `Çapaev`) or none but `i` (the dotless `ı`): spelled out before accents
/// are taken off, which would leave `s` and `c`.
pub const LATIN_MARKED: &[(char, &str)] = &[('ş', "sh"), ('ç', "ch"), ('ı', "i")];

/// Alternative Latin spellings folded together, in this order, after transliteration:
/// English-style `ye`/`yo` for Е/Ё (`Yerzhan`, `Zholdasbayev`, `Fyodor`), `gh` for Ғ
/// (`Smaghulov`), and Kazakh Latin's `q` for Қ (`Qoishybaev` for «Қойшыбаев»).
pub const SPELLINGS: &[(&str, &str)] = &[
    ("kh", "h"),
    ("zh", "j"),
    ("ye", "e"),
    ("yo", "e"),
    ("gh", "g"),
    ("y", "i"),
    ("q", "k"),
];

/// `LATIN` by code point within the Cyrillic block (U+0400–U+04FF), made at compile time:
/// a search folds every name on the roster, so a letter costs one index.
const CYRILLIC: [Option<&str>; 256] = {
    let mut t: [Option<&str>; 256] = [None; 256];
    let mut i = 0;
    while i < LATIN.len() {
        let (c, l) = LATIN[i];
        t[(c as u32 - 0x400) as usize] = Some(l);
        i += 1;
    }
    t
};

fn to_latin(c: char) -> Option<&'static str> {
    match c as u32 {
        n @ 0x400..=0x4ff => CYRILLIC[(n - 0x400) as usize],
        0x80.. => LATIN_MARKED.iter().find(|(m, _)| *m == c).map(|(_, l)| *l),
        _ => None,
    }
}

/// Lower case, no accents, Cyrillic spelled in Latin letters, spaces collapsed; common
/// alternative Latin spellings fold together (y/i, kh/h, j/zh).
pub fn fold(s: &str) -> String {
    let mut latin = String::with_capacity(s.len());
    for c in s.nfc().flat_map(char::to_lowercase) {
        match to_latin(c) {
            Some(l) => latin.push_str(l),
            None => latin.push(c),
        }
    }
    // Accents off only in U+0300–U+036F, as the screen's fold does.
    let bare: String = latin
        .nfd()
        .filter(|&c| !(('\u{300}'..='\u{36f}').contains(&c) && is_combining_mark(c)))
        .collect();
    let folded = SPELLINGS
        .iter()
        .fold(bare, |text, (from, to)| text.replace(from, to));
    folded.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// A query folded once, to test many names against.
#[derive(Debug, Clone)]
pub struct Query(Vec<String>);

impl Query {
    pub fn new(query: &str) -> Query {
        Query(
            fold(query)
                .split(' ')
                .filter(|w| !w.is_empty())
                .map(String::from)
                .collect(),
        )
    }

    /// True for an empty query.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// Every word of the query appears in the text (in either script).
    pub fn matches(&self, haystack: &str) -> bool {
        if self.0.is_empty() {
            return true;
        }
        let h = fold(haystack);
        self.0.iter().all(|w| h.contains(w.as_str()))
    }
}

/// Every word of the query appears in the text (in either script).
pub fn matches(haystack: &str, query: &str) -> bool {
    Query::new(query).matches(haystack)
}
