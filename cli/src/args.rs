//! The command line's grammar: every command, flag and format, in one file that uses
//! nothing else of the command line (the files that run the commands read it, never the
//! other way round). Names of commands, flags and formats are a contract: scripts depend
//! on them.

use std::path::PathBuf;

use std::sync::LazyLock;

use clap::builder::PossibleValue;
use clap::{Args, Parser, Subcommand, ValueEnum};
use muster::domain::Lang;

/// `muster --version`: the version and the database schema this build writes, so a
/// person can tell which Muster opens which file.
static VERSION: LazyLock<String> = LazyLock::new(|| {
    format!(
        "{} (database schema {})",
        muster::VERSION,
        muster::store::db::SCHEMA_VERSION
    )
});

/// Who is at the keyboard when a command does not say: `--by`, else $MUSTER_OPERATOR
/// (clap reads it into `--by`), else the login (the core's rule, `text::operator_or`).
pub fn operator(by: Option<String>) -> String {
    muster::text::operator_or([by, std::env::var("USER").ok()], "unknown operator")
}

/// `--by` where a command can fall back to the login.
const BY: &str = "Who is doing this (rank and name), kept with what is written and in the \
                  audit log (default: your login)";
/// `--by` where a command that corrects or takes away must name a person.
const BY_REQUIRED: &str = "Who is doing this (rank and name), kept with what is written and \
                           in the audit log; required, or set MUSTER_OPERATOR";
/// `--format` of every command that lists or reports.
const FORMAT: &str = "How to print it: a table to read, or json or csv for another program or \
                      a spreadsheet";
/// `--format` of a command that prints a table or JSON only.
const SHAPE: &str = "How to print it: a table to read, or json for another program";
/// A contingent named on the command line.
const CONTINGENT: &str =
    "The contingent's code (e.g. KAZBAT-4; `muster contingent list` shows them)";
/// A module named on the command line.
const MODULE: &str = "The module's code (e.g. ROE; `muster curriculum list` shows them)";
/// A service number named on the command line.
const SERVICE_NUMBER: &str = "The soldier's service number, as on the roster (e.g. KZ470007)";
/// A record named on the command line.
const RECORD: &str = "The record's id as `muster history` shows it: its last 8 characters are \
                      enough";

#[derive(Parser)]
#[command(
    name = "muster",
    version = VERSION.as_str(),
    about = "Pre-deployment training records and readiness of a peacekeeping contingent",
    after_help = "The database is --db, else $MUSTER_DB, else the desktop app's own file. A command that only reads, or a dry run, refuses a path with no database; one that writes makes it."
)]
pub struct Cli {
    /// Database file.
    #[arg(long, global = true, value_name = "PATH")]
    pub db: Option<PathBuf>,
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Subcommand)]
pub enum Command {
    /// Create or upgrade the database; seed the default curriculum once.
    Init,
    /// Load a demo contingent (DEMO): 122 people part-way through training.
    Demo,
    /// Rotations: add one, list them.
    #[command(subcommand)]
    Contingent(ContingentCmd),
    /// The modules everyone must complete.
    #[command(subcommand)]
    Curriculum(CurriculumCmd),
    /// Import a roster or completions from a workbook or CSV file, whole or not at all;
    /// list past imports; undo one.
    #[command(subcommand)]
    Import(ImportCmd),
    /// Write a blank workbook to fill in, with drop-down lists and instructions.
    Template(TemplateArgs),
    /// Write the training matrix, the roster or the records to .xlsx or .csv.
    #[command(subcommand)]
    Export(ExportCmd),
    /// Record one training session for its attendees.
    Log(LogArgs),
    /// Correct a record: a new record supersedes it, both stay in the history.
    Amend(AmendArgs),
    /// Withdraw a mistaken record, with a reason; it stays in the history.
    Void(VoidArgs),
    /// One soldier's details and how they changed; correct them (promotion, new unit).
    #[command(subcommand)]
    Person(PersonCmd),
    /// Every record of a person, including amended and voided ones.
    History {
        #[arg(help = SERVICE_NUMBER)]
        service_number: String,
        #[arg(long, value_enum, default_value_t = Shape::Table, help = SHAPE)]
        format: Shape,
    },
    /// Who is ready to deploy, and who is not and for what.
    Readiness {
        #[arg(help = CONTINGENT)]
        code: String,
        /// Report date (default today): yyyy-mm-dd or dd.mm.yyyy.
        #[arg(long, value_name = "DATE")]
        as_of: Option<String>,
        #[arg(long, value_enum, default_value_t = Format::Table, help = FORMAT)]
        format: Format,
    },
    /// The readiness report: PDF, HTML or JSON, in English, Russian or Kazakh.
    Report(ReportArgs),
    /// Record a validation decision and freeze the report it was taken on.
    Validate(ValidateArgs),
    /// Every validation decision on a contingent, and whether records changed since.
    Validations(ValidationsArgs),
    /// Check a report file (PDF, HTML or JSON): exactly as Muster issued it, signed by
    /// which key, and (with the database it came from) every record changed since.
    Verify(VerifyArgs),
    /// This installation's signing key, and other installations' keys known by name.
    #[command(subcommand)]
    Key(KeyCmd),
    /// Exchange records with other Muster installations by bundle files (docs/sync.md).
    #[command(subcommand)]
    Sync(SyncCmd),
    /// Who must retake what, and by when, to stay valid through the tour.
    Due(DueArgs),
    /// Check that the database is exactly as Muster wrote it: SQLite's integrity, every
    /// protective trigger, the chain of records, every record against the chain. Exit 0
    /// when it is, 1 naming each broken entry. Never writes.
    Check {
        #[arg(long, value_enum, default_value_t = Shape::Table, help = SHAPE)]
        format: Shape,
    },
    /// The audit log, newest first.
    Audit {
        /// Only entries about this record, person, module or contingent.
        #[arg(long)]
        entity: Option<String>,
        /// How many entries, newest first.
        #[arg(long, default_value_t = 50)]
        limit: usize,
    },
}

#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    Table,
    Json,
    Csv,
}

/// `--format` of a command with no CSV form: `csv` is refused by the parser rather than
/// answered with a table a script would take for CSV.
#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Shape {
    Table,
    Json,
}

#[derive(Subcommand)]
pub enum ContingentCmd {
    /// Add a rotation.
    Add {
        /// The new rotation's short code, used by every other command (e.g. KAZBAT-4).
        code: String,
        /// Its full name, as reports print it (e.g. "4th rotation").
        #[arg(long)]
        name: String,
        /// The UN mission it deploys to (e.g. UNIFIL).
        #[arg(long)]
        mission: String,
        /// The partner battalion the contingent joins (e.g. INDBATT).
        #[arg(long, default_value = "")]
        parent_unit: String,
        /// First day of pre-deployment training: yyyy-mm-dd or dd.mm.yyyy.
        #[arg(long, value_name = "DATE")]
        training_start: String,
        /// Deployment day, which readiness is judged against: yyyy-mm-dd or dd.mm.yyyy.
        #[arg(long, value_name = "DATE")]
        deploy_on: String,
        /// Length of the tour: a certificate that lapses before its end shows as expiring.
        #[arg(long, value_name = "MONTHS", default_value_t = 6)]
        tour_months: u32,
        #[arg(long, env = "MUSTER_OPERATOR", help = BY)]
        by: Option<String>,
    },
    /// Correct a rotation's name, mission, parent unit or dates (a deployment that
    /// slipped, a longer tour): only what is given changes. Readiness, the dashboard and
    /// retakes follow at once; a sign-off taken before lists what this changes.
    Edit {
        #[arg(help = CONTINGENT)]
        code: String,
        /// Its full name, as reports print it.
        #[arg(long)]
        name: Option<String>,
        /// The UN mission it deploys to.
        #[arg(long)]
        mission: Option<String>,
        /// The partner battalion it joins.
        #[arg(long)]
        parent_unit: Option<String>,
        /// First day of pre-deployment training: yyyy-mm-dd or dd.mm.yyyy.
        #[arg(long, value_name = "DATE")]
        training_start: Option<String>,
        /// Deployment day, which readiness is judged against: yyyy-mm-dd or dd.mm.yyyy.
        #[arg(long, value_name = "DATE")]
        deploy_on: Option<String>,
        /// Length of the tour in months.
        #[arg(long, value_name = "MONTHS")]
        tour_months: Option<u32>,
        #[arg(long, env = "MUSTER_OPERATOR", help = BY)]
        by: Option<String>,
    },
    /// List rotations in use, latest deployment first.
    List {
        #[arg(long, value_enum, default_value_t = Shape::Table, help = SHAPE)]
        format: Shape,
        /// Include archived rotations (marked as such).
        #[arg(long)]
        all: bool,
    },
    /// Archive a rotation out of the way: it leaves the app's switcher and this list, and
    /// nothing is deleted; its records, reports and sign-offs still answer to its code.
    Archive {
        #[arg(help = CONTINGENT)]
        code: String,
        /// Why (e.g. "returned from the tour"); kept in the audit log.
        #[arg(long)]
        reason: String,
        #[arg(long, env = "MUSTER_OPERATOR", help = BY)]
        by: Option<String>,
    },
    /// Bring an archived rotation back into use.
    Restore {
        #[arg(help = CONTINGENT)]
        code: String,
        #[arg(long, env = "MUSTER_OPERATOR", help = BY)]
        by: Option<String>,
    },
}

#[derive(Subcommand)]
pub enum CurriculumCmd {
    /// List the modules.
    List {
        #[arg(long, value_enum, default_value_t = Format::Table, help = FORMAT)]
        format: Format,
        /// Include retired modules.
        #[arg(long)]
        all: bool,
    },
    /// Add a module.
    Add {
        /// The new module's short code, used in files and on the command line (e.g. ROE).
        code: String,
        /// The title as typed (English, say): every language without its own shows it.
        #[arg(long)]
        title: String,
        /// The title in Russian.
        #[arg(long)]
        title_ru: Option<String>,
        /// The title in Kazakh.
        #[arg(long)]
        title_kk: Option<String>,
        /// Only attempts during this rotation's training count.
        #[arg(long)]
        per_rotation: bool,
        /// Months a pass stays valid (omit: never expires).
        #[arg(long)]
        validity_months: Option<u32>,
        /// Categories that must take it, comma-separated (omit: everyone).
        #[arg(long, value_delimiter = ',')]
        applies_to: Vec<String>,
        /// Planned hours of instruction (shown in the curriculum; readiness does not use
        /// them).
        #[arg(long, default_value_t = 0.0)]
        hours: f64,
        /// Lowest score of a pass, 0–100: a pass with a lower score is refused (omit: any).
        #[arg(long, value_name = "SCORE")]
        pass_mark: Option<f64>,
        #[arg(long, env = "MUSTER_OPERATOR", help = BY)]
        by: Option<String>,
    },
    /// Change a module's validity, scope, titles, hours or pass mark.
    Set {
        #[arg(help = MODULE)]
        code: String,
        /// The title as typed (English, say).
        #[arg(long)]
        title: Option<String>,
        /// The title in Russian; "" removes it (the title as typed shows).
        #[arg(long)]
        title_ru: Option<String>,
        /// The title in Kazakh; "" removes it.
        #[arg(long)]
        title_kk: Option<String>,
        /// Months a pass stays valid; 0 means never expires.
        #[arg(long)]
        validity_months: Option<u32>,
        /// Categories that must take it, comma-separated; "all" for everyone.
        #[arg(long, value_delimiter = ',')]
        applies_to: Option<Vec<String>>,
        /// true: only attempts during a rotation's own training count; false: any.
        #[arg(long)]
        per_rotation: Option<bool>,
        /// Planned hours of instruction.
        #[arg(long)]
        hours: Option<String>,
        /// Lowest score of a pass, 0–100 ("none": any score passes). Records entered
        /// before keep the result they were entered with.
        #[arg(long, value_name = "SCORE")]
        pass_mark: Option<String>,
        #[arg(long, env = "MUSTER_OPERATOR", help = BY)]
        by: Option<String>,
    },
    /// Retire a module: it stops counting, its records stay.
    Retire {
        #[arg(help = MODULE)]
        code: String,
        /// Why (e.g. "replaced by BFAC-2"); kept in the audit log.
        #[arg(long)]
        reason: String,
        #[arg(long, env = "MUSTER_OPERATOR", help = BY)]
        by: Option<String>,
    },
    /// Bring a retired module back (retired by mistake): it counts towards readiness again,
    /// with every record it kept.
    Restore {
        #[arg(help = MODULE)]
        code: String,
        /// Why (e.g. "retired by mistake"); kept in the audit log.
        #[arg(long)]
        reason: String,
        #[arg(long, env = "MUSTER_OPERATOR", help = BY)]
        by: Option<String>,
    },
}

#[derive(Subcommand)]
pub enum ImportCmd {
    /// People of a contingent: service_number, family_name, given_name, patronymic, rank,
    /// category, gender, role, unit.
    Roster {
        /// The roster: .xlsx, .xls, .ods or .csv.
        file: PathBuf,
        /// The contingent the people join.
        #[arg(long)]
        contingent: String,
        #[command(flatten)]
        common: ImportArgs,
    },
    /// Completion records: service_number, module, date, result, score, hours, instructor.
    Completions {
        /// The records: .xlsx, .xls, .ods or .csv.
        file: PathBuf,
        #[command(flatten)]
        common: ImportArgs,
    },
    /// Past imports, newest first.
    History {
        #[arg(long, value_enum, default_value_t = Shape::Table, help = SHAPE)]
        format: Shape,
    },
    /// Void every record an import added, end the assignments it made and put back the
    /// details a roster changed (a later edit of a detail keeps deciding it).
    Undo(UndoArgs),
}

#[derive(Args)]
pub struct ImportArgs {
    /// Check the file and report what would change, writing nothing.
    #[arg(long)]
    pub dry_run: bool,
    /// The worksheet to read from a workbook (default: the first).
    #[arg(long, value_name = "NAME")]
    pub sheet: Option<String>,
    /// A CSV file's text encoding (default: found from the file), e.g. windows-1251.
    #[arg(long, value_name = "ENCODING")]
    pub encoding: Option<String>,
    #[arg(long, env = "MUSTER_OPERATOR", help = BY)]
    pub by: Option<String>,
    #[arg(long, value_enum, default_value_t = Shape::Table, help = SHAPE)]
    pub format: Shape,
}

#[derive(Args)]
pub struct LogArgs {
    #[arg(long, help = MODULE)]
    pub module: String,
    /// The day of the session: yyyy-mm-dd or dd.mm.yyyy (not in the future).
    #[arg(long, value_name = "DATE")]
    pub date: String,
    /// What most attendees achieved; name those who differ with --failed.
    #[arg(long, value_parser = ["pass", "fail"])]
    pub result: String,
    /// The session's score, 0–100, for everyone without --score-for (84.5 or 84,5).
    #[arg(long)]
    pub score: Option<String>,
    /// Hours of instruction in the session (1.5 or 1,5).
    #[arg(long)]
    pub hours: Option<String>,
    /// Who taught it (e.g. "майор Ахметов Қ.").
    #[arg(long, default_value = "")]
    pub instructor: String,
    /// Anything else worth keeping with the records.
    #[arg(long, default_value = "")]
    pub notes: String,
    #[arg(long, env = "MUSTER_OPERATOR", help = BY_REQUIRED)]
    pub by: String,
    /// Attendees who failed in a session the others passed (repeat, or separate with commas).
    #[arg(long, value_name = "SERVICE_NUMBER", value_delimiter = ',')]
    pub failed: Vec<String>,
    /// An attendee's own score, instead of the session's --score (repeat).
    #[arg(long, value_name = "SERVICE_NUMBER=SCORE")]
    pub score_for: Vec<String>,
    /// Service numbers of everyone who attended.
    #[arg(required = true, value_name = "SERVICE_NUMBER")]
    pub attendees: Vec<String>,
}

#[derive(Args)]
pub struct AmendArgs {
    #[arg(help = RECORD)]
    pub record_id: String,
    /// The right module, if the record was logged under the wrong one.
    #[arg(long, value_name = "MODULE")]
    pub module: Option<String>,
    /// The right date: yyyy-mm-dd or dd.mm.yyyy.
    #[arg(long, value_name = "DATE")]
    pub date: Option<String>,
    /// The right result.
    #[arg(long, value_parser = ["pass", "fail"])]
    pub result: Option<String>,
    /// New score; "none" clears it.
    #[arg(long)]
    pub score: Option<String>,
    /// New hours; "none" clears them.
    #[arg(long)]
    pub hours: Option<String>,
    /// The right instructor.
    #[arg(long)]
    pub instructor: Option<String>,
    /// The right notes.
    #[arg(long)]
    pub notes: Option<String>,
    #[arg(long, env = "MUSTER_OPERATOR", help = BY_REQUIRED)]
    pub by: String,
    /// Why it was wrong (e.g. "wrong date on the sign-in sheet"); kept in the history.
    #[arg(long)]
    pub reason: String,
}

#[derive(Args)]
pub struct VoidArgs {
    #[arg(help = RECORD)]
    pub record_id: String,
    #[arg(long, env = "MUSTER_OPERATOR", help = BY_REQUIRED)]
    pub by: String,
    /// Why it is withdrawn (e.g. "logged for the wrong soldier"); kept in the history.
    #[arg(long)]
    pub reason: String,
}

// Spreadsheets: templates, exports, undoing an import (run in `sheets`).

#[derive(Args)]
pub struct TemplateArgs {
    /// What the workbook is for.
    #[arg(value_enum)]
    pub kind: TemplateKindArg,
    /// The workbook to write (.xlsx).
    #[arg(long, value_name = "FILE.xlsx")]
    pub out: PathBuf,
    /// Language of the header row, lists and instructions.
    #[arg(long, value_enum, default_value_t = LangArg(Lang::En))]
    pub lang: LangArg,
}

#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum TemplateKindArg {
    Roster,
    Completions,
}

/// `--lang`: the core's one `Lang` (`muster::domain::Lang`), wrapped so that clap stays
/// out of the core. Its values are the language codes, `en`, `ru`, `kk`.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub struct LangArg(pub Lang);

impl LangArg {
    /// Every language, as `Lang::ALL` lists them: a new language is offered without an edit.
    const ALL: [LangArg; Lang::ALL.len()] = {
        let mut all = [LangArg(Lang::En); Lang::ALL.len()];
        let mut i = 0;
        while i < all.len() {
            all[i] = LangArg(Lang::ALL[i]);
            i += 1;
        }
        all
    };
}

impl ValueEnum for LangArg {
    fn value_variants<'a>() -> &'a [Self] {
        &Self::ALL
    }

    fn to_possible_value(&self) -> Option<PossibleValue> {
        Some(PossibleValue::new(self.0.code()))
    }
}

#[derive(Subcommand)]
pub enum ExportCmd {
    /// Training matrix: a row a person, a column a module (date and status), coloured by
    /// status, with a summary sheet (.xlsx) — or the matrix alone (.csv).
    Matrix {
        #[arg(help = CONTINGENT)]
        code: String,
        /// The file to write: .xlsx or .csv (by its ending).
        #[arg(long, value_name = "FILE")]
        out: PathBuf,
        /// Report date (default today): yyyy-mm-dd or dd.mm.yyyy.
        #[arg(long, value_name = "DATE")]
        as_of: Option<String>,
        /// Language of the status words, column titles and summary (in English the
        /// person columns keep the import format's names).
        #[arg(long, value_enum, default_value_t = LangArg(Lang::En))]
        lang: LangArg,
    },
    /// The contingent's roster in the import format (.csv or .xlsx by the file's ending).
    Roster {
        #[arg(help = CONTINGENT)]
        code: String,
        /// The file to write: .xlsx or .csv (by its ending).
        #[arg(long, value_name = "FILE")]
        out: PathBuf,
    },
    /// The records that count, in the import format (.csv or .xlsx by the file's ending).
    Completions {
        #[arg(help = CONTINGENT)]
        code: String,
        /// The file to write: .xlsx or .csv (by its ending).
        #[arg(long, value_name = "FILE")]
        out: PathBuf,
    },
}

#[derive(Args)]
pub struct UndoArgs {
    /// The import's number (see `muster import history`).
    pub id: i64,
    #[arg(long, env = "MUSTER_OPERATOR", help = BY_REQUIRED)]
    pub by: String,
    /// Why (e.g. "wrong file"); kept with every record it voids. Without it: "undo of the
    /// import of FILE (WHEN IT WAS READ)".
    #[arg(long)]
    pub reason: Option<String>,
}

// One person (run in `person`).

#[derive(Subcommand)]
pub enum PersonCmd {
    /// A person's details, every contingent they served in with their standing in each
    /// (and which certificates an earlier rotation carried over), and every change made to
    /// the details.
    Show {
        #[arg(help = SERVICE_NUMBER)]
        service_number: String,
        /// Judge the standing on this date (default today); a rotation already deployed is
        /// judged on its deployment day.
        #[arg(long, value_name = "DATE")]
        as_of: Option<String>,
        #[arg(long, value_enum, default_value_t = Shape::Table, help = SHAPE)]
        format: Shape,
    },
    /// Correct a person's details; only the fields given change. The old values stay in
    /// the audit log and in `person show`.
    Edit(Box<EditArgs>),
    /// Take a person off a contingent's roster: they stop counting towards its readiness.
    /// Nothing is deleted; `person assign` puts them back with the same records.
    Remove {
        #[arg(help = SERVICE_NUMBER)]
        service_number: String,
        #[arg(long, help = CONTINGENT)]
        contingent: String,
        #[arg(long, env = "MUSTER_OPERATOR", help = BY_REQUIRED)]
        by: String,
        /// Why (e.g. "medically unfit", "replaced"); kept in the roster's history.
        #[arg(long)]
        reason: String,
    },
    /// Put a person (back) on a contingent's roster.
    Assign {
        #[arg(help = SERVICE_NUMBER)]
        service_number: String,
        #[arg(long, help = CONTINGENT)]
        contingent: String,
        #[arg(long, env = "MUSTER_OPERATOR", help = BY_REQUIRED)]
        by: String,
    },
    /// One soldier on file under two numbers (KZ-470007 and KZ470007, a Cyrillic letter, a
    /// typing slip): move the wrong number's records and roster places to the right one.
    /// Each record that counts is amended under the right number (a record it already
    /// holds, same module, day and result, is voided instead); the wrong number leaves
    /// every roster. Nothing is deleted: both histories keep everything.
    Merge {
        /// The wrong number, whose records move.
        #[arg(value_name = "WRONG_NUMBER")]
        from: String,
        /// The number to keep.
        #[arg(long, value_name = "SERVICE_NUMBER")]
        into: String,
        #[arg(long, env = "MUSTER_OPERATOR", help = BY_REQUIRED)]
        by: String,
        /// Why (e.g. "entered twice: Cyrillic К in the roster"); kept with every change.
        #[arg(long)]
        reason: String,
        /// Show what would move, and change nothing.
        #[arg(long)]
        dry_run: bool,
        #[arg(long, value_enum, default_value_t = Shape::Table, help = SHAPE)]
        format: Shape,
    },
}

#[derive(Args)]
pub struct EditArgs {
    #[arg(help = SERVICE_NUMBER)]
    pub service_number: String,
    /// The family name as it should read.
    #[arg(long)]
    pub family_name: Option<String>,
    /// The given name as it should read.
    #[arg(long)]
    pub given_name: Option<String>,
    /// An empty value removes the patronymic.
    #[arg(long)]
    pub patronymic: Option<String>,
    /// The new rank (e.g. after a promotion: "сержант").
    #[arg(long)]
    pub rank: Option<String>,
    /// officer, nco or enlisted (Russian and Kazakh words as in a roster are accepted).
    #[arg(long)]
    pub category: Option<String>,
    /// F or M (Ж/М, Ә/Е accepted).
    #[arg(long)]
    pub gender: Option<String>,
    /// The position in the company (e.g. "стрелок", "medic").
    #[arg(long)]
    pub role: Option<String>,
    /// The sub-unit (e.g. "2 взвод").
    #[arg(long)]
    pub unit: Option<String>,
    #[arg(long, env = "MUSTER_OPERATOR", help = BY_REQUIRED)]
    pub by: String,
}

// The report, sign-off and expiry (run in `reports`).

#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ReportFormat {
    Pdf,
    Html,
    Json,
}

impl ReportFormat {
    /// The format a file's ending names (`.pdf`, `.html` or `.htm`, `.json`, in any case).
    pub fn of_file(path: &std::path::Path) -> Option<ReportFormat> {
        let ending = path.extension()?.to_str()?.to_ascii_lowercase();
        match ending.as_str() {
            "pdf" => Some(ReportFormat::Pdf),
            "html" | "htm" => Some(ReportFormat::Html),
            "json" => Some(ReportFormat::Json),
            _ => None,
        }
    }

    pub fn name(self) -> &'static str {
        match self {
            ReportFormat::Pdf => "pdf",
            ReportFormat::Html => "html",
            ReportFormat::Json => "json",
        }
    }
}

#[derive(Args)]
pub struct ReportArgs {
    #[arg(help = CONTINGENT)]
    pub code: String,
    /// Report date (default today): yyyy-mm-dd or dd.mm.yyyy.
    #[arg(long, value_name = "DATE")]
    pub as_of: Option<String>,
    /// pdf to print and sign; html to read on screen; json for another program. Every one
    /// is signed with this installation's key. Without it, the ending of --out says which.
    #[arg(long, value_enum)]
    pub format: Option<ReportFormat>,
    /// Language of the labels.
    #[arg(long, value_enum, default_value_t = LangArg(Lang::En))]
    pub lang: LangArg,
    /// Where to write the report (required for pdf; html and json go to stdout without it).
    #[arg(long, value_name = "FILE")]
    pub out: Option<PathBuf>,
    /// Printed name under the training officer's signature line.
    #[arg(long, value_name = "NAME")]
    pub training_officer: Option<String>,
    /// Printed name under the company commander's signature line.
    #[arg(long, value_name = "NAME")]
    pub commander: Option<String>,
}

#[derive(Args)]
pub struct ValidateArgs {
    #[arg(help = CONTINGENT)]
    pub code: String,
    /// The validating team (e.g. a partner nation's validation team).
    #[arg(long)]
    pub team: String,
    /// The validator who signs.
    #[arg(long)]
    pub validator: String,
    /// The team's decision on the report of that date.
    #[arg(long, value_parser = ["validated", "not-validated"])]
    pub decision: String,
    /// Conditions, findings or anything else the team records with its decision.
    #[arg(long, default_value = "")]
    pub notes: String,
    #[arg(long, env = "MUSTER_OPERATOR", help = BY_REQUIRED)]
    pub by: String,
    /// Date of the report signed off (default today).
    #[arg(long, value_name = "DATE")]
    pub as_of: Option<String>,
}

#[derive(Args)]
pub struct ValidationsArgs {
    #[arg(help = CONTINGENT)]
    pub code: String,
    #[arg(long, value_enum, default_value_t = Shape::Table, help = SHAPE)]
    pub format: Shape,
}

#[derive(Args)]
pub struct VerifyArgs {
    /// A report file Muster wrote: PDF, HTML or JSON.
    pub file: PathBuf,
}

#[derive(Args)]
pub struct DueArgs {
    #[arg(help = CONTINGENT)]
    pub code: String,
    /// Only retakes due within this many days (lapsed ones always shown).
    #[arg(long, value_name = "DAYS")]
    pub within: Option<i64>,
    /// Count from this date instead of today.
    #[arg(long, value_name = "DATE")]
    pub as_of: Option<String>,
    #[arg(long, value_enum, default_value_t = Shape::Table, help = SHAPE)]
    pub format: Shape,
}

// Field sync (run in `sync`).

#[derive(Subcommand)]
pub enum SyncCmd {
    /// Write a bundle of every record, signed with this installation's key, for other
    /// installations to import (carry it on a USB stick).
    Export {
        /// The bundle to write (e.g. on a USB stick).
        #[arg(long, value_name = "FILE.muster")]
        out: PathBuf,
        /// Only what this installation has not yet acknowledged (its name or fingerprint as
        /// `muster sync peers` lists it): the records entered or changed since the last of
        /// this laptop's bundles it says it received. Without it, everything.
        #[arg(long = "for", value_name = "PEER")]
        for_peer: Option<String>,
    },
    /// Check a bundle (signature, content, sender) and add what it holds that this database
    /// lacks, all or nothing.
    Import {
        /// The bundle another installation wrote.
        #[arg(value_name = "FILE.muster")]
        file: PathBuf,
        /// Show who sent it and what it would add; write nothing.
        #[arg(long)]
        dry_run: bool,
        /// Trust the sender's key by this name (needed the first time a key is seen);
        /// compare its fingerprint with the sender first.
        #[arg(long, value_name = "NAME")]
        trust: Option<String>,
        #[arg(long, env = "MUSTER_OPERATOR", help = BY)]
        by: Option<String>,
        #[arg(long, value_enum, default_value_t = Shape::Table, help = SHAPE)]
        format: Shape,
    },
    /// Records corrected differently on two installations (amended twice, or amended and
    /// voided): each correction, and the one that counts (the latest entered). Settle one by
    /// amending or voiding the correction that counts, or, when a voiding counts, by
    /// voiding the other amendments. Then details (a person's, a contingent's, a module's)
    /// edited differently: the later edit counts; edit the field again if it is wrong. Then
    /// people received from two installations whose service numbers look alike: if they are
    /// one soldier, merge the wrong number into the right one. Then numbers merged into
    /// another that hold records received since: merge again.
    Conflicts {
        /// Settled conflicts too.
        #[arg(long)]
        all: bool,
        /// Only details (a person's, a contingent's, a module's) edited differently on two
        /// installations; the JSON of the others is the records' list alone.
        #[arg(long, conflicts_with_all = ["numbers", "merged"])]
        details: bool,
        /// Only people whose service numbers look alike (`КZ470007`, `KZ-470007` beside
        /// `KZ470007`), received from two installations.
        #[arg(long, conflicts_with = "merged")]
        numbers: bool,
        /// Only numbers merged into another that still hold records that count or a
        /// roster place (logged on a laptop that had not received the merge yet).
        #[arg(long)]
        merged: bool,
        #[arg(long, value_enum, default_value_t = Shape::Table, help = SHAPE)]
        format: Shape,
    },
    /// Keep a detail two installations set differently as it reads now (`sync conflicts
    /// --details` lists them): settles it on every laptop the next bundle reaches, with
    /// nothing changed. A value that is wrong is edited instead (`person edit`, `contingent
    /// edit`, `curriculum set`).
    Keep {
        /// person, contingent or module.
        #[arg(value_parser = ["person", "contingent", "module"])]
        entity: String,
        /// The service number or code.
        key: String,
        /// The detail as `sync conflicts --details` names it (unit, rank, dates, pass_mark …).
        field: String,
        #[arg(long, env = "MUSTER_OPERATOR", help = BY)]
        by: Option<String>,
    },
    /// The installations this database has received bundles from, and when.
    Peers {
        #[arg(long, value_enum, default_value_t = Shape::Table, help = SHAPE)]
        format: Shape,
    },
}

// Signing keys (run in `keys`).

#[derive(Subcommand)]
pub enum KeyCmd {
    /// This installation's signing key: its fingerprint, its name and where it is kept.
    Show,
    /// Give this installation's key the name printed on every report it signs.
    Name {
        /// E.g. "KAZBAT-4 training office".
        name: String,
    },
    /// Know another installation's key by name, so `verify` says who signed a file.
    /// Compare the fingerprint with its owner first (read it out over the phone).
    Trust {
        /// As `muster key show` prints it on the other laptop: 16 hex digits, or all 64.
        fingerprint: String,
        /// Who holds that key (e.g. "INDBATT validation team"); `verify` prints it.
        #[arg(long)]
        name: String,
        #[arg(long, env = "MUSTER_OPERATOR", help = BY)]
        by: Option<String>,
    },
    /// Stop knowing a key by name.
    Untrust {
        /// As `muster key list` prints it: 16 hex digits, or all 64.
        fingerprint: String,
        /// Why (e.g. "laptop lost"); kept in the audit log.
        #[arg(long, default_value = "")]
        reason: String,
        #[arg(long, env = "MUSTER_OPERATOR", help = BY)]
        by: Option<String>,
    },
    /// The keys this database knows by name.
    List {
        #[arg(long, value_enum, default_value_t = Shape::Table, help = SHAPE)]
        format: Shape,
    },
}

#[cfg(test)]
mod tests {
    use clap::CommandFactory;

    /// A training officer learns a command from `--help`, not from the source: every
    /// command, argument and flag says what it is.
    #[test]
    fn every_command_argument_and_flag_says_what_it_is() {
        let mut cli = super::Cli::command();
        cli.build();
        let mut missing = Vec::new();
        unexplained(&cli, "muster", &mut missing);
        assert!(missing.is_empty(), "no help text for: {missing:#?}");
    }

    fn unexplained(cmd: &clap::Command, path: &str, missing: &mut Vec<String>) {
        for arg in cmd.get_arguments() {
            let id = arg.get_id().as_str();
            let generated = matches!(id, "help" | "version");
            if !generated && arg.get_help().is_none() {
                missing.push(format!("{path} {id}"));
            }
        }
        for sub in cmd.get_subcommands().filter(|s| s.get_name() != "help") {
            let path = format!("{path} {}", sub.get_name());
            if sub.get_about().is_none() {
                missing.push(path.clone());
            }
            unexplained(sub, &path, missing);
        }
    }

    #[test]
    fn the_grammar_is_consistent() {
        super::Cli::command().debug_assert();
    }
}
