//! The inputs a refusal can name, as data: a form's field, a command-line flag's value, a
//! spreadsheet column. A front end words a field from the enum (the app in the user's
//! language, `ui/src/problems.ts`); the English name (`Display`) is the command line's.
//! At the bottom of the core, using nothing of it.

use std::fmt;

use serde::Serialize;

macro_rules! fields {
    ($($(#[$doc:meta])* $variant:ident = $name:literal, $english:literal;)*) => {
        /// One input a user fills in. Serialised as its snake_case `name`, the one the
        /// store's columns and the CSV headers use where they have one (`family_name`).
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
        #[serde(rename_all = "snake_case")]
        #[cfg_attr(feature = "ts", derive(ts_rs::TS))]
        pub enum Field {
            $($(#[$doc])* $variant,)*
        }

        impl Field {
            /// Every field, in the order above.
            pub const ALL: &'static [Field] = &[$(Field::$variant,)*];

            /// Its name as data: what it is serialised as, a column of the CSV files.
            pub fn name(self) -> &'static str {
                match self {
                    $(Field::$variant => $name,)*
                }
            }

            /// The field as the command line and its English messages name it.
            pub fn english(self) -> &'static str {
                match self {
                    $(Field::$variant => $english,)*
                }
            }
        }
    };
}

fields! {
    // A person (the roster's columns).
    ServiceNumber = "service_number", "service_number";
    FamilyName = "family_name", "family_name";
    GivenName = "given_name", "given_name";
    Patronymic = "patronymic", "patronymic";
    Rank = "rank", "rank";
    Category = "category", "category";
    Gender = "gender", "gender";
    Role = "role", "role";
    Unit = "unit", "unit";
    // A completion record.
    Module = "module", "module";
    Date = "date", "date";
    Result = "result", "result";
    Score = "score", "score";
    Hours = "hours", "hours";
    Instructor = "instructor", "instructor";
    Notes = "notes", "notes";
    /// Why a record is voided or amended.
    Reason = "reason", "reason";
    // A module of the curriculum.
    ModuleCode = "module_code", "module code";
    Title = "title", "title";
    TitleRu = "title_ru", "title (Russian)";
    TitleKk = "title_kk", "title (Kazakh)";
    PassMark = "pass_mark", "pass mark";
    ValidityMonths = "validity_months", "validity in months";
    AppliesTo = "applies_to", "applies to";
    PerRotation = "per_rotation", "per rotation";
    // A contingent.
    ContingentCode = "contingent_code", "contingent code";
    Name = "name", "name";
    Mission = "mission", "mission";
    ParentUnit = "parent_unit", "parent unit";
    TourMonths = "tour_months", "tour length in months";
    TrainingStart = "training_start", "training start";
    DeployOn = "deploy_on", "deployment date";
    // Reports, sign-off and who is at the keyboard.
    ReportDate = "report_date", "report date";
    AsOf = "as_of", "as of";
    Operator = "operator", "operator name (--by)";
    Team = "team", "team";
    Validator = "validator", "validator";
    TrainingOfficer = "training_officer", "training officer";
    CompanyCommander = "company_commander", "company commander";
    KeyName = "key_name", "key name";
}

impl Field {
    /// The field of a name as data (`family_name`), if it is one.
    pub fn from_name(name: &str) -> Option<Field> {
        Field::ALL.iter().copied().find(|f| f.name() == name)
    }
}

impl fmt::Display for Field {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.english())
    }
}

#[cfg(test)]
mod tests {
    use super::Field;

    #[test]
    fn each_field_is_serialised_as_its_name_and_read_back_from_it() {
        for &f in Field::ALL {
            assert_eq!(serde_json::to_value(f).unwrap(), f.name());
            assert_eq!(Field::from_name(f.name()), Some(f));
        }
        assert_eq!(Field::from_name("operator name (--by)"), None);
        assert_eq!(Field::Operator.to_string(), "operator name (--by)");
        assert_eq!(Field::Operator.name(), "operator");
    }
}
