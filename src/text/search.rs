//! Finding a soldier by name or service number typed in either script: a Latin query finds
//! a Cyrillic name (and back) through a plain transliteration of Russian and Kazakh
//! letters. The matrix filters in the core with this; `ui/src/logic/search.ts` is the
//! same fold for the lists a screen already holds (a session's attendees), and both are
//! held to the same cases (`tests/search.rs` and `search.test.ts`).

use unicode_normalization::char::is_combining_mark;
use unicode_normalization::UnicodeNormalization;

fn to_latin(c: char) -> Option<&'static str> {
    Some(match c {
        'а' | 'ә' => "a",
        'б' => "b",
        'в' => "v",
        'г' | 'ғ' => "g",
        'д' => "d",
        'е' | 'ё' | 'э' => "e",
        'ж' => "zh",
        'з' => "z",
        'и' | 'й' | 'і' => "i",
        'к' | 'қ' => "k",
        'л' => "l",
        'м' => "m",
        'н' | 'ң' => "n",
        'о' | 'ө' => "o",
        'п' => "p",
        'р' => "r",
        'с' => "s",
        'т' => "t",
        'у' | 'ұ' | 'ү' => "u",
        'ф' => "f",
        'х' => "kh",
        'һ' => "h",
        'ц' => "ts",
        'ч' => "ch",
        'ш' => "sh",
        'щ' => "shch",
        'ъ' | 'ь' => "",
        'ы' => "y",
        'ю' => "iu",
        'я' => "ia",
        _ => return None,
    })
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
    let folded = bare.replace("kh", "h").replace("zh", "j").replace('y', "i");
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
