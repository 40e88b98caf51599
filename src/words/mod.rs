//! Every word the core prints, one module per language (`en`, `ru`, `kk`), beside the
//! glossary of status words (`crate::glossary`) and typed complete against one key set:
//! each language is a `Words`, so a word one language lacks does not compile. The report
//! (HTML, PDF and the app's view of it), the change lines under a frozen report, the
//! blank templates and the matrix export's legend read their words here.
//!
//! The status words (and ready, not ready) are not written here: they are the glossary's,
//! so a status reads the same on the screens, in the report and in the spreadsheets.
//! Data (names, units) is printed as stored; a module's title in the reader's language
//! where the module has one (`Module::title_in`).

mod en;
mod kk;
mod ru;

use std::sync::LazyLock;

use crate::domain::{Category, Decision, Gender, Lang, Outcome};
use crate::glossary::Glossary;
use crate::rules::{Reading, Status};

/// All the words of one language.
pub struct Words {
    /// The report's labels.
    pub report: Labels,
    /// What changed under a frozen report (`report::Change::describe`).
    pub change: ChangeWords,
    /// The blank roster and training-log workbooks (`export::template`).
    pub template: TemplateWords,
    /// What each status means, one sentence each (the matrix export's legend).
    pub legend: Legend,
}

static EN: LazyLock<Words> = LazyLock::new(en::words);
static RU: LazyLock<Words> = LazyLock::new(ru::words);
static KK: LazyLock<Words> = LazyLock::new(kk::words);

/// The words of a language.
pub fn words(lang: Lang) -> &'static Words {
    match lang {
        Lang::En => &EN,
        Lang::Ru => &RU,
        Lang::Kk => &KK,
    }
}

impl Lang {
    /// The report's labels in this language.
    pub fn labels(self) -> &'static Labels {
        &words(self).report
    }
}

/// Serialisable so the app can show the report in the report's own words.
#[derive(serde::Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Labels {
    /// The status words, and ready and not ready: the glossary's, capitalised
    /// (`glossary::headings`), since the report prints each opening a cell or a title.
    /// Flattened, so the app reads `labels.expired` as it reads `labels.title`.
    #[serde(flatten)]
    pub glossary: &'static Glossary,
    pub title: &'static str,
    pub contingent: &'static str,
    pub mission: &'static str,
    pub parent_unit: &'static str,
    pub training_start: &'static str,
    pub deployment: &'static str,
    pub tour_end: &'static str,
    /// Abbreviation after a number of months.
    pub months: &'static str,
    pub report_date: &'static str,
    pub curriculum_version: &'static str,
    pub days_to_deployment: &'static str,
    /// Once deployed, the count of days goes on from deployment day (never a negative
    /// count "to" it).
    pub days_since_deployment: &'static str,
    pub summary: &'static str,
    pub personnel: &'static str,
    pub percent: &'static str,
    pub by_unit: &'static str,
    pub by_category: &'static str,
    pub by_gender: &'static str,
    pub by_module: &'static str,
    pub unit: &'static str,
    pub category: &'static str,
    pub gender: &'static str,
    pub women: &'static str,
    pub men: &'static str,
    /// One letter for a woman and for a man in the nominal roll, in the reader's alphabet.
    pub woman_short: &'static str,
    pub man_short: &'static str,
    pub module: &'static str,
    pub officer: &'static str,
    pub nco: &'static str,
    pub enlisted: &'static str,
    pub trend: &'static str,
    pub actual: &'static str,
    pub plan: &'static str,
    pub date: &'static str,
    pub gaps: &'static str,
    pub lacks: &'static str,
    pub lapsing: &'static str,
    pub expires_on: &'static str,
    pub before_deployment: &'static str,
    pub during_tour: &'static str,
    pub nobody: &'static str,
    pub matrix: &'static str,
    pub legend: &'static str,
    /// How the PDF matrix writes dates.
    pub matrix_dates: &'static str,
    pub nominal_roll: &'static str,
    pub number: &'static str,
    pub service_number: &'static str,
    pub rank: &'static str,
    pub name: &'static str,
    pub family_name: &'static str,
    pub given_name: &'static str,
    pub patronymic: &'static str,
    pub role: &'static str,
    pub yes: &'static str,
    pub no: &'static str,
    pub signatures: &'static str,
    pub training_officer: &'static str,
    pub company_commander: &'static str,
    pub validator: &'static str,
    pub printed_name: &'static str,
    pub signature: &'static str,
    pub means_training_officer: &'static str,
    pub means_commander: &'static str,
    pub means_validator: &'static str,
    pub validation: &'static str,
    pub decision: &'static str,
    pub validated: &'static str,
    pub not_validated: &'static str,
    pub team: &'static str,
    pub signed_off: &'static str,
    pub sha256: &'static str,
    pub not_validated_yet: &'static str,
    /// Who issued the file: the signing installation's name and its key's fingerprint.
    pub issued_by: &'static str,
    /// Who issued a report signed by a key its owner never named (it signs as
    /// `Muster installation`, in English, alike on every such laptop).
    pub unnamed_issuer: &'static str,
    pub key: &'static str,
    pub signing_key: &'static str,
    pub changed_since: &'static str,
    /// "Page {n} of {m}" with the numbers put in by `page`.
    pub page: &'static str,
}

impl Labels {
    /// A status as the report prints it: the glossary's word, opening a cell or a column
    /// title, so capitalised.
    pub fn status(&self, s: Status) -> &'static str {
        self.glossary.status(s)
    }

    /// What a module status reads as (`ModuleStatus::reading`): its status, or "lapses
    /// before deployment" for an expired certificate still valid on the day.
    pub fn reading(&self, r: Reading) -> &'static str {
        self.glossary.reading(r)
    }

    pub fn category(&self, c: Category) -> &'static str {
        match c {
            Category::Officer => self.officer,
            Category::Nco => self.nco,
            Category::Enlisted => self.enlisted,
        }
    }

    /// A person's gender in one letter of the reader's language (the roll's column).
    pub fn gender_short(&self, g: Gender) -> &'static str {
        match g {
            Gender::F => self.woman_short,
            Gender::M => self.man_short,
        }
    }

    pub fn gender(&self, g: Gender) -> &'static str {
        match g {
            Gender::F => self.women,
            Gender::M => self.men,
        }
    }

    pub fn decision(&self, d: Decision) -> &'static str {
        match d {
            Decision::Validated => self.validated,
            Decision::NotValidated => self.not_validated,
        }
    }

    pub fn page(&self, n: usize, of: usize) -> String {
        self.page
            .replace("{n}", &n.to_string())
            .replace("{m}", &of.to_string())
    }
}

/// The words of a line saying what changed under a frozen report.
pub struct ChangeWords {
    pub pass: &'static str,
    pub fail: &'static str,
    /// The noun before a record's id.
    pub record: &'static str,
    pub amended: &'static str,
    pub voided: &'static str,
    pub added: &'static str,
    pub dropped: &'static str,
    pub joined: &'static str,
    pub left: &'static str,
    pub status: &'static str,
    pub altered: &'static str,
    pub rewritten: &'static str,
    /// The whole chain rewritten, hashes and all: a sentence of its own.
    pub history: &'static str,
    pub decision: &'static str,
    pub details: &'static str,
    /// The fields a correction can change, as a field-by-field line names them.
    pub date: &'static str,
    pub score: &'static str,
    pub hours: &'static str,
    pub instructor: &'static str,
    /// A correction whose every field the report shows reads as before: its notes.
    pub unshown: &'static str,
    /// The contingent's own details (mission, dates) read otherwise than the report's.
    pub contingent: &'static str,
    /// A module of the report reads otherwise, was added or is gone.
    pub curriculum: &'static str,
    /// The fields of a contingent or module change not named by the report's labels.
    pub module_word: &'static str,
    pub title: &'static str,
    pub per_rotation: &'static str,
    pub validity: &'static str,
    pub tour_months: &'static str,
    pub applies_to: &'static str,
    pub pass_mark: &'static str,
}

impl ChangeWords {
    pub fn result(&self, o: Outcome) -> &'static str {
        match o {
            Outcome::Pass => self.pass,
            Outcome::Fail => self.fail,
        }
    }
}

/// The words of a blank workbook. Every drop-down value is one the importer reads as that
/// value (the test in `export::template` holds each language to it).
pub struct TemplateWords {
    pub roster_sheet: &'static str,
    pub completions_sheet: &'static str,
    pub instructions_sheet: &'static str,
    /// Officer, NCO, enlisted.
    pub categories: [&'static str; 3],
    /// Man, woman.
    pub genders: [&'static str; 2],
    /// Pass, fail.
    pub results: [&'static str; 2],
    /// The roster's instructions, the first line its title.
    pub roster_help: [&'static str; 9],
    /// The training log's instructions, the first line its title; `{codes}` stands for
    /// the curriculum's module codes.
    pub completions_help: [&'static str; 8],
    /// A drop-down refusing a value typed by hand: its title and message.
    pub not_allowed: &'static str,
    pub pick_from_list: &'static str,
    pub type_a_date: &'static str,
    /// `{max}` stands for the largest number allowed.
    pub number_up_to: &'static str,
}

/// What each status means, as a legend explains the words.
pub struct Legend {
    pub complete: &'static str,
    pub expiring: &'static str,
    pub expired: &'static str,
    pub lapses: &'static str,
    pub failed: &'static str,
    pub missing: &'static str,
    pub not_required: &'static str,
}

impl Labels {
    /// The header's count of days: to deployment, or since it once it is past.
    pub fn deployment_days(&self, days: i64) -> (&'static str, String) {
        if days < 0 {
            (self.days_since_deployment, (-days).to_string())
        } else {
            (self.days_to_deployment, days.to_string())
        }
    }
}

impl Legend {
    /// The sentence for what a module status reads as.
    pub fn meaning(&self, r: Reading) -> &'static str {
        match r {
            Reading::Status(Status::Complete) => self.complete,
            Reading::Status(Status::Expiring) => self.expiring,
            Reading::Status(Status::Expired) => self.expired,
            Reading::Status(Status::Failed) => self.failed,
            Reading::Status(Status::Missing) => self.missing,
            Reading::Status(Status::NotRequired) => self.not_required,
            Reading::LapsesBeforeDeployment => self.lapses,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The report's header counts days to deployment, then days since it: never "-95".
    #[test]
    fn days_to_deployment_turn_into_days_since_it() {
        let l = Lang::Ru.labels();
        assert_eq!(
            l.deployment_days(3),
            (l.days_to_deployment, "3".to_string())
        );
        assert_eq!(
            l.deployment_days(0),
            (l.days_to_deployment, "0".to_string())
        );
        assert_eq!(
            l.deployment_days(-95),
            (l.days_since_deployment, "95".to_string())
        );
    }

    use crate::glossary::{capitalised, glossary};

    /// The report prints each status as the glossary (and so the screens) words it, with a
    /// capital because it opens a cell: for every status and language.
    #[test]
    fn the_report_words_a_status_as_the_glossary_does() {
        for lang in Lang::ALL {
            let l = lang.labels();
            let g = glossary(lang);
            for st in Status::ALL {
                assert_eq!(l.status(st), capitalised(g.status(st)), "{lang:?} {st:?}");
            }
            assert_eq!(
                l.reading(Reading::LapsesBeforeDeployment),
                capitalised(g.lapses)
            );
            assert_eq!(l.glossary.ready, capitalised(g.ready));
            assert_eq!(l.glossary.not_ready, capitalised(g.not_ready));
        }
        assert_eq!(Lang::Kk.labels().status(Status::Expired), "Мерзімі өткен");
        assert_eq!(Lang::Ru.labels().status(Status::Failed), "Не сдан");
        assert_eq!(
            Lang::En.labels().status(Status::NotRequired),
            "Not required"
        );
        assert_eq!(Lang::Ru.labels().glossary.ready, "Готовы");
    }

    /// The app reads the report's status words from the labels' JSON under the same keys
    /// as the glossary's, beside the report's own words.
    #[test]
    fn the_labels_carry_the_glossary_words_under_their_keys() {
        let json = serde_json::to_value(Lang::Kk.labels()).unwrap();
        assert_eq!(json["expired"], "Мерзімі өткен");
        assert_eq!(json["lapses"], "Орналастыруға дейін бітеді");
        assert_eq!(json["not_ready"], "Дайын емес");
        assert_eq!(json["title"], Lang::Kk.labels().title);
    }

    /// Every word is written in every language: the type holds that each is there; this
    /// holds that none was left empty or copied from English by mistake (the words that
    /// are the same in every language are listed).
    #[test]
    fn every_language_has_every_word_of_its_own() {
        let same_everywhere = ["%"];
        let en = serde_json::to_value(Lang::En.labels()).unwrap();
        for lang in [Lang::Ru, Lang::Kk] {
            let other = serde_json::to_value(lang.labels()).unwrap();
            for (key, word) in other.as_object().unwrap() {
                let word = word.as_str().unwrap();
                assert!(!word.trim().is_empty(), "{lang:?} {key} is empty");
                if !same_everywhere.contains(&word) {
                    assert_ne!(Some(word), en[key].as_str(), "{lang:?} {key} is English");
                }
            }
        }
        for lang in Lang::ALL {
            let w = words(lang);
            let t = &w.template;
            assert!(t.completions_help.iter().any(|l| l.contains("{codes}")));
            assert!(t.number_up_to.contains("{max}"));
            assert!(w.report.page.contains("{n}") && w.report.page.contains("{m}"));
            for r in Status::ALL
                .map(Reading::Status)
                .into_iter()
                .chain([Reading::LapsesBeforeDeployment])
            {
                assert!(!w.legend.meaning(r).is_empty());
            }
        }
    }
}
