//! The status words, in English, Russian and Kazakh: one list, so that a status reads the
//! same on every screen, in the report and in the spreadsheets. The report prints them
//! from here (`report::i18n`), the matrix export from the English list, and the UI's copy
//! is generated from here (`ui/src/bindings/glossary_words.ts`, by `src-tauri/src/bindings.rs`,
//! whose test fails when it is stale); the UI's language files take their status words
//! from it.
//!
//! Each word is written as it reads inside a sentence (lower case). **The one rule of
//! position**: a word that opens a heading, a column title, a table cell or a sentence
//! starts with a capital letter: its first letter upper-cased, the rest as written
//! (`capitalised`; the UI's `capitalised` in `ui/src/i18n/index.ts` is the same rule).
//! No other form of a status word is kept anywhere.

use std::sync::LazyLock;

use crate::domain::Lang;
use crate::rules::{Reading, Status};

/// The words for what a person's standing in a module, or a person, can be.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Glossary {
    /// `Status::Complete`.
    pub complete: &'static str,
    /// `Status::Expiring`: valid on deployment day, lapses during the tour.
    pub expiring: &'static str,
    /// `Status::Expired`.
    pub expired: &'static str,
    /// `Status::Failed`.
    pub failed: &'static str,
    /// `Status::Missing`: never taken (or not in this rotation).
    pub missing: &'static str,
    /// `Status::NotRequired`.
    pub not_required: &'static str,
    /// Expired by the rules but still valid on the day: lapses on or before deployment
    /// day (`ModuleStatus::lapses_before_deployment`, read as `Reading::LapsesBeforeDeployment`),
    /// never shown or counted as "expired".
    pub lapses: &'static str,
    /// People counted ready (rule 5), as a column or a count names them.
    pub ready: &'static str,
    /// People counted not ready.
    pub not_ready: &'static str,
}

pub static EN: Glossary = Glossary {
    complete: "complete",
    expiring: "expiring",
    expired: "expired",
    failed: "failed",
    missing: "missing",
    not_required: "not required",
    lapses: "lapses before deployment",
    ready: "ready",
    not_ready: "not ready",
};

pub static RU: Glossary = Glossary {
    complete: "пройден",
    expiring: "истекает",
    expired: "истёк",
    failed: "не сдан",
    missing: "нет",
    not_required: "не требуется",
    lapses: "истекает до развёртывания",
    ready: "готовы",
    not_ready: "не готовы",
};

pub static KK: Glossary = Glossary {
    complete: "өтті",
    expiring: "мерзімі бітуде",
    expired: "мерзімі өткен",
    failed: "тапсырмады",
    missing: "жоқ",
    not_required: "талап етілмейді",
    lapses: "орналастыруға дейін бітеді",
    ready: "дайын",
    not_ready: "дайын емес",
};

/// Each language's words as a heading, a column title or a cell opens with them: the
/// rule of position applied once to every word.
static HEADINGS: LazyLock<[Glossary; 3]> =
    LazyLock::new(|| [EN.headings(), RU.headings(), KK.headings()]);

/// The glossary in a language, the words as they read inside a sentence.
pub fn glossary(lang: Lang) -> &'static Glossary {
    match lang {
        Lang::En => &EN,
        Lang::Ru => &RU,
        Lang::Kk => &KK,
    }
}

/// The glossary in a language, each word as it opens a heading, a column title or a cell.
pub fn headings(lang: Lang) -> &'static Glossary {
    let i = match lang {
        Lang::En => 0,
        Lang::Ru => 1,
        Lang::Kk => 2,
    };
    &HEADINGS[i]
}

/// The rule of position: the first letter upper-cased, the rest as written.
pub fn capitalised(word: &str) -> String {
    let mut chars = word.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

impl Glossary {
    /// The word for a status.
    pub fn status(&self, s: Status) -> &'static str {
        match s {
            Status::Complete => self.complete,
            Status::Expiring => self.expiring,
            Status::Expired => self.expired,
            Status::Failed => self.failed,
            Status::Missing => self.missing,
            Status::NotRequired => self.not_required,
        }
    }

    /// What a module status reads as (`ModuleStatus::reading`): its status's word, or
    /// `lapses` for an expired certificate still valid on the day.
    pub fn reading(&self, r: Reading) -> &'static str {
        match r {
            Reading::Status(s) => self.status(s),
            Reading::LapsesBeforeDeployment => self.lapses,
        }
    }

    /// Every word capitalised. Built once per language (`HEADINGS`), so the strings live
    /// as long as the program.
    fn headings(&self) -> Glossary {
        let cap = |w: &'static str| -> &'static str { Box::leak(capitalised(w).into_boxed_str()) };
        Glossary {
            complete: cap(self.complete),
            expiring: cap(self.expiring),
            expired: cap(self.expired),
            failed: cap(self.failed),
            missing: cap(self.missing),
            not_required: cap(self.not_required),
            lapses: cap(self.lapses),
            ready: cap(self.ready),
            not_ready: cap(self.not_ready),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_rule_of_position_upper_cases_the_first_letter_only() {
        assert_eq!(capitalised("мерзімі өткен"), "Мерзімі өткен");
        assert_eq!(capitalised("истёк"), "Истёк");
        assert_eq!(capitalised("not required"), "Not required");
        assert_eq!(capitalised("өтті"), "Өтті");
        assert_eq!(capitalised(""), "");
    }

    #[test]
    fn headings_are_the_words_capitalised() {
        assert_eq!(headings(Lang::Kk).status(Status::Expired), "Мерзімі өткен");
        assert_eq!(headings(Lang::Ru).not_ready, "Не готовы");
        assert_eq!(
            headings(Lang::En).status(Status::NotRequired),
            "Not required"
        );
        for lang in Lang::ALL {
            for st in Status::ALL {
                assert_eq!(
                    headings(lang).status(st),
                    capitalised(glossary(lang).status(st))
                );
            }
        }
    }

    /// Every status has a word of its own in every language: no two statuses read alike,
    /// and no Russian or Kazakh word is the English one.
    #[test]
    fn every_status_has_its_own_word() {
        for lang in Lang::ALL {
            let g = glossary(lang);
            let mut words: Vec<&str> = Status::ALL.iter().map(|s| g.status(*s)).collect();
            words.extend([g.lapses, g.ready, g.not_ready]);
            let n = words.len();
            words.sort();
            words.dedup();
            assert_eq!(words.len(), n, "{lang:?}: two statuses share a word");
        }
        for st in Status::ALL {
            assert_ne!(RU.status(st), EN.status(st));
            assert_ne!(KK.status(st), EN.status(st));
        }
    }
}
