//! Cell values as offices write them: English codes, Russian and Kazakh words, any case,
//! `ё` as `е`, a trailing full stop ignored («муж.»). The full table is in
//! docs/import-aliases.md (a test keeps the two in step).

use crate::domain::{Category, Gender, Outcome};
use crate::error::{Problem, Result};

pub const CATEGORY_ALIASES: &[(Category, &[&str])] = &[
    (
        Category::Officer,
        &[
            "officer",
            "officers",
            "офицер",
            "офицеры",
            "офицерский состав",
            "офицерлер",
            "офицер құрамы",
        ],
    ),
    (
        Category::Nco,
        &[
            "nco",
            "sergeant",
            "sergeants",
            "сержант",
            "сержанты",
            "сержантский состав",
            "сержанттар",
            "сержант құрамы",
        ],
    ),
    (
        Category::Enlisted,
        &[
            "enlisted",
            "soldier",
            "soldiers",
            "private",
            "солдат",
            "солдаты",
            "рядовой",
            "рядовой состав",
            "сарбаз",
            "сарбаздар",
            "қатардағы құрам",
        ],
    ),
];

pub const GENDER_ALIASES: &[(Gender, &[&str])] = &[
    (
        Gender::M,
        &[
            "m",
            "male",
            "man",
            "м",
            "муж",
            "мужской",
            "мужчина",
            "е",
            "ер",
            "ер адам",
        ],
    ),
    (
        Gender::F,
        &[
            "f",
            "female",
            "woman",
            "ж",
            "жен",
            "женский",
            "женщина",
            "ә",
            "әйел",
        ],
    ),
];

pub const OUTCOME_ALIASES: &[(Outcome, &[&str])] = &[
    (
        Outcome::Pass,
        &[
            "pass",
            "passed",
            "зачёт",
            "зачтено",
            "сдал",
            "сдала",
            "сдано",
            "сдан",
            "пройден",
            "пройдено",
            "прошел",
            "прошла",
            "өтті",
            "тапсырды",
            "сынақ",
            "сынақтан өтті",
            "сынақ тапсырды",
        ],
    ),
    (
        Outcome::Fail,
        &[
            "fail",
            "failed",
            "незачёт",
            "не зачёт",
            "не зачтено",
            "не сдал",
            "не сдала",
            "не сдано",
            "не сдан",
            "не пройден",
            "не пройдено",
            "не прошел",
            "не прошла",
            "өтпеді",
            "тапсырмады",
            "сынақтан өтпеді",
            "сынақ тапсырмады",
        ],
    ),
];

/// A value as compared with the alias tables.
pub fn norm(s: &str) -> String {
    s.trim()
        .trim_end_matches('.')
        .to_lowercase()
        .replace('ё', "е")
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

/// The value a word stands for; a word with a letter of the other script that looks the
/// same («cынақ» with a Latin c, «өттi» with a Latin i) reads as the word it looks like:
/// the vocabulary is fixed, and a refusal quoting what looks like an accepted word helps
/// no one.
fn lookup<T: Copy>(table: &[(T, &[&str])], s: &str) -> Option<T> {
    let v = norm(s);
    let find = |key: &dyn Fn(&str) -> String, v: &str| {
        table
            .iter()
            .find(|(_, aliases)| aliases.iter().any(|a| key(&norm(a)) == v))
            .map(|(t, _)| *t)
    };
    find(&|a| a.to_string(), &v).or_else(|| {
        let look = |w: &str| crate::text::lookalike::skeleton_of(&w.to_uppercase());
        find(&look, &look(&v))
    })
}

pub fn category(s: &str) -> Result<Category> {
    if s.trim().is_empty() {
        return Err(Problem::NotACategory {
            value: String::new().into(),
        }
        .into());
    }
    lookup(CATEGORY_ALIASES, s).ok_or_else(|| {
        Problem::NotACategory {
            value: s.trim().to_string().into(),
        }
        .into()
    })
}

/// Categories as typed in a list (`--applies-to`), in any of the words `category` reads:
/// «all» alone or among them means everyone, which a module says with no categories.
pub fn categories(words: &[String]) -> Result<Vec<Category>> {
    if words.iter().any(|c| c.trim().eq_ignore_ascii_case("all")) {
        return Ok(vec![]);
    }
    words.iter().map(|w| category(w)).collect()
}

pub fn gender(s: &str) -> Result<Gender> {
    if s.trim().is_empty() {
        return Err(Problem::NotAGender {
            value: String::new().into(),
        }
        .into());
    }
    lookup(GENDER_ALIASES, s).ok_or_else(|| {
        Problem::NotAGender {
            value: s.trim().to_string().into(),
        }
        .into()
    })
}

pub fn outcome(s: &str) -> Result<Outcome> {
    match s {
        "pass" => return Ok(Outcome::Pass),
        "fail" => return Ok(Outcome::Fail),
        _ => {}
    }
    if s.trim().is_empty() {
        return Err(Problem::NotAResult {
            value: String::new().into(),
        }
        .into());
    }
    lookup(OUTCOME_ALIASES, s).ok_or_else(|| {
        Problem::NotAResult {
            value: s.trim().to_string().into(),
        }
        .into()
    })
}

/// Numbers and scores as a file's cells write them: read by `checks`, which the command
/// line's flags share.
pub use crate::checks::{number_text as number, score_text as score};

#[cfg(test)]
mod tests {
    use super::*;
    use crate::field::Field;

    #[test]
    fn aliases() {
        assert_eq!(category(" Офицер ").unwrap(), Category::Officer);
        assert_eq!(category("NCO").unwrap(), Category::Nco);
        assert_eq!(category("Сержантский  состав").unwrap(), Category::Nco);
        assert_eq!(gender("Ж").unwrap(), Gender::F);
        assert_eq!(gender("муж.").unwrap(), Gender::M);
        assert_eq!(gender("М").unwrap(), Gender::M); // Cyrillic
        assert_eq!(gender("M").unwrap(), Gender::M); // Latin
        assert_eq!(outcome("зачёт").unwrap(), Outcome::Pass);
        assert_eq!(outcome("ЗАЧЕТ").unwrap(), Outcome::Pass);
        assert_eq!(outcome("Незачёт").unwrap(), Outcome::Fail);
        assert_eq!(outcome("не сдал").unwrap(), Outcome::Fail);
        assert_eq!(outcome("Сынақтан өтті").unwrap(), Outcome::Pass);
        assert_eq!(outcome("сынақтан өтпеді").unwrap(), Outcome::Fail);
        assert_eq!(outcome("Не сдан").unwrap(), Outcome::Fail);
        assert_eq!(outcome("прошёл").unwrap(), Outcome::Pass);
        // One letter of the other script that looks the same: read as the word it looks like.
        assert_eq!(outcome("сынақтан өттi").unwrap(), Outcome::Pass); // Latin i
        assert_eq!(outcome("cынақ").unwrap(), Outcome::Pass); // Latin c
        assert_eq!(outcome("нe сдал").unwrap(), Outcome::Fail); // Latin e
        assert_eq!(gender("M").unwrap(), Gender::M);
        assert!(outcome("сдалл").is_err());
        assert!(category("general")
            .unwrap_err()
            .to_string()
            .contains("\"general\""));
    }

    #[test]
    fn every_alias_is_read() {
        for (c, aliases) in CATEGORY_ALIASES {
            for a in *aliases {
                assert_eq!(category(a).unwrap(), *c, "{a}");
                assert_eq!(category(&a.to_uppercase()).unwrap(), *c, "{a}");
            }
        }
        for (g, aliases) in GENDER_ALIASES {
            for a in *aliases {
                assert_eq!(gender(a).unwrap(), *g, "{a}");
            }
        }
        for (o, aliases) in OUTCOME_ALIASES {
            for a in *aliases {
                assert_eq!(outcome(a).unwrap(), *o, "{a}");
            }
        }
    }

    /// A list of categories in a roster's words; «all» among them is everyone.
    #[test]
    fn category_lists() {
        let l = |w: &[&str]| categories(&w.iter().map(|s| s.to_string()).collect::<Vec<_>>());
        assert_eq!(l(&["nco", "ALL"]).unwrap(), vec![]);
        assert_eq!(
            l(&["офицер", "сержант"]).unwrap(),
            vec![Category::Officer, Category::Nco]
        );
        assert!(l(&["general"]).is_err());
    }

    #[test]
    fn numbers() {
        assert_eq!(number(Field::Score, "84,5").unwrap(), Some(84.5));
        assert_eq!(number(Field::Score, " ").unwrap(), None);
        assert_eq!(score("85%").unwrap(), Some(85.0));
        assert_eq!(score(" 84,5 % ").unwrap(), Some(84.5));
        assert_eq!(score("100%").unwrap(), Some(100.0));
        assert_eq!(score("").unwrap(), None);
        assert!(score("%").is_err() && score("101%").is_err() && score("8%5").is_err());
        // No score is under one per cent but 0: `0.5%` is a half typed into a percentage
        // cell, and the refusal says what to write for it, not that it is a fraction.
        assert_eq!(
            score("0,5 %").unwrap_err().to_string(),
            "score 0,5 % is under one per cent: if 50 % was meant, write 50 (a percentage cell shows 0.5 typed into it as 0.5 %)"
        );
        assert_eq!(score("0%").unwrap(), Some(0.0));
        assert!(score("0.85").is_err(), "a bare fraction is still refused");
        assert!(number(Field::Score, "eighty").is_err());
        assert!(number(Field::Score, "NaN").is_err());
    }
}
