//! The command line's grammar. Names of commands, flags and formats are a contract:
//! scripts depend on them.

use std::path::PathBuf;

use std::sync::LazyLock;

use clap::{Args, Parser, Subcommand, ValueEnum};

/// `muster --version`: the version and the database schema this build writes, so a
/// person can tell which Muster opens which file.
static VERSION: LazyLock<String> = LazyLock::new(|| {
    format!(
        "{} (database schema {})",
        muster::VERSION,
        muster::db::SCHEMA_VERSION
    )
});

#[derive(Parser)]
#[command(
    name = "muster",
    version = VERSION.as_str(),
    about = "Pre-deployment training records and readiness of a peacekeeping contingent",
    after_help = "The database is --db, else $MUSTER_DB, else the desktop app's own file."
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
    Template(super::sheets::TemplateArgs),
    /// Write the training matrix, the roster or the records to .xlsx or .csv.
    #[command(subcommand)]
    Export(super::sheets::ExportCmd),
    /// Record one training session for its attendees.
    Log(LogArgs),
    /// Correct a record: a new record supersedes it, both stay in the history.
    Amend(AmendArgs),
    /// Withdraw a mistaken record, with a reason; it stays in the history.
    Void(VoidArgs),
    /// One soldier's details and how they changed; correct them (promotion, new unit).
    #[command(subcommand)]
    Person(super::person::PersonCmd),
    /// Every record of a person, including amended and voided ones.
    History {
        service_number: String,
        #[arg(long, value_enum, default_value_t = Format::Table)]
        format: Format,
    },
    /// Who is ready to deploy, and who is not and for what.
    Readiness {
        code: String,
        /// Report date (default today): yyyy-mm-dd or dd.mm.yyyy.
        #[arg(long, value_name = "DATE")]
        as_of: Option<String>,
        #[arg(long, value_enum, default_value_t = Format::Table)]
        format: Format,
    },
    /// The readiness report: PDF, HTML or JSON, in English, Russian or Kazakh.
    Report(super::reports::ReportArgs),
    /// Record a validation decision and freeze the report it was taken on.
    Validate(super::reports::ValidateArgs),
    /// Every validation decision on a contingent, and whether records changed since.
    Validations(super::reports::ValidationsArgs),
    /// Check a report file (PDF, HTML or JSON): exactly as Muster issued it, signed by
    /// which key, and (with the database it came from) every record changed since.
    Verify(super::reports::VerifyArgs),
    /// This installation's signing key, and other installations' keys known by name.
    #[command(subcommand)]
    Key(super::keys::KeyCmd),
    /// Who must retake what, and by when, to stay valid through the tour.
    Due(super::reports::DueArgs),
    /// Check that the database is exactly as Muster wrote it: SQLite's integrity, every
    /// protective trigger, the chain of records, every record against the chain. Exit 0
    /// when it is, 1 naming each broken entry. Never writes.
    Check {
        #[arg(long, value_enum, default_value_t = Format::Table)]
        format: Format,
    },
    /// The audit log, newest first.
    Audit {
        /// Only entries about this record, person, module or contingent.
        #[arg(long)]
        entity: Option<String>,
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

#[derive(Subcommand)]
pub enum ContingentCmd {
    /// Add a rotation.
    Add {
        code: String,
        #[arg(long)]
        name: String,
        #[arg(long)]
        mission: String,
        /// The partner battalion the contingent joins (e.g. INDBATT).
        #[arg(long, default_value = "")]
        parent_unit: String,
        #[arg(long, value_name = "DATE")]
        training_start: String,
        #[arg(long, value_name = "DATE")]
        deploy_on: String,
        #[arg(long, default_value_t = 6)]
        tour_months: u32,
        #[arg(long, env = "MUSTER_OPERATOR")]
        by: Option<String>,
    },
    /// List rotations, latest deployment first.
    List {
        #[arg(long, value_enum, default_value_t = Format::Table)]
        format: Format,
    },
}

#[derive(Subcommand)]
pub enum CurriculumCmd {
    /// List the modules.
    List {
        #[arg(long, value_enum, default_value_t = Format::Table)]
        format: Format,
        /// Include retired modules.
        #[arg(long)]
        all: bool,
    },
    /// Add a module.
    Add {
        code: String,
        #[arg(long)]
        title: String,
        /// Only attempts during this rotation's training count.
        #[arg(long)]
        per_rotation: bool,
        /// Months a pass stays valid (omit: never expires).
        #[arg(long)]
        validity_months: Option<u32>,
        /// Categories that must take it, comma-separated (omit: everyone).
        #[arg(long, value_delimiter = ',')]
        applies_to: Vec<String>,
        #[arg(long, default_value_t = 0.0)]
        hours: f64,
        #[arg(long)]
        pass_mark: Option<f64>,
        #[arg(long, env = "MUSTER_OPERATOR")]
        by: Option<String>,
    },
    /// Change a module's validity, scope or title.
    Set {
        code: String,
        #[arg(long)]
        title: Option<String>,
        /// Months a pass stays valid; 0 means never expires.
        #[arg(long)]
        validity_months: Option<u32>,
        /// Categories that must take it, comma-separated; "all" for everyone.
        #[arg(long, value_delimiter = ',')]
        applies_to: Option<Vec<String>>,
        #[arg(long)]
        per_rotation: Option<bool>,
        #[arg(long, env = "MUSTER_OPERATOR")]
        by: Option<String>,
    },
    /// Retire a module: it stops counting, its records stay.
    Retire {
        code: String,
        #[arg(long)]
        reason: String,
        #[arg(long, env = "MUSTER_OPERATOR")]
        by: Option<String>,
    },
}

#[derive(Subcommand)]
pub enum ImportCmd {
    /// People of a contingent: service_number, family_name, given_name, patronymic, rank,
    /// category, gender, role, unit.
    Roster {
        file: PathBuf,
        #[arg(long)]
        contingent: String,
        #[command(flatten)]
        common: ImportArgs,
    },
    /// Completion records: service_number, module, date, result, score, hours, instructor.
    Completions {
        file: PathBuf,
        #[command(flatten)]
        common: ImportArgs,
    },
    /// Past imports, newest first.
    History {
        #[arg(long, value_enum, default_value_t = Format::Table)]
        format: Format,
    },
    /// Void every record an import added and end the assignments it made.
    Undo(super::sheets::UndoArgs),
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
    #[arg(long, env = "MUSTER_OPERATOR")]
    pub by: Option<String>,
    #[arg(long, value_enum, default_value_t = Format::Table)]
    pub format: Format,
}

#[derive(Args)]
pub struct LogArgs {
    #[arg(long)]
    pub module: String,
    #[arg(long, value_name = "DATE")]
    pub date: String,
    #[arg(long, value_parser = ["pass", "fail"])]
    pub result: String,
    #[arg(long)]
    pub score: Option<f64>,
    #[arg(long)]
    pub hours: Option<f64>,
    #[arg(long, default_value = "")]
    pub instructor: String,
    #[arg(long, default_value = "")]
    pub notes: String,
    #[arg(long, env = "MUSTER_OPERATOR")]
    pub by: String,
    /// Attendees who failed in a session the others passed (repeat, or separate with commas).
    #[arg(long, value_name = "SERVICE_NUMBER", value_delimiter = ',')]
    pub failed: Vec<String>,
    /// An attendee's own score, instead of the session's --score (repeat).
    #[arg(long, value_name = "SERVICE_NUMBER=SCORE")]
    pub score_for: Vec<String>,
    #[arg(required = true, value_name = "SERVICE_NUMBER")]
    pub attendees: Vec<String>,
}

#[derive(Args)]
pub struct AmendArgs {
    pub record_id: String,
    #[arg(long)]
    pub module: Option<String>,
    #[arg(long, value_name = "DATE")]
    pub date: Option<String>,
    #[arg(long, value_parser = ["pass", "fail"])]
    pub result: Option<String>,
    /// New score; "none" clears it.
    #[arg(long)]
    pub score: Option<String>,
    /// New hours; "none" clears them.
    #[arg(long)]
    pub hours: Option<String>,
    #[arg(long)]
    pub instructor: Option<String>,
    #[arg(long)]
    pub notes: Option<String>,
    #[arg(long, env = "MUSTER_OPERATOR")]
    pub by: String,
    #[arg(long)]
    pub reason: String,
}

#[derive(Args)]
pub struct VoidArgs {
    pub record_id: String,
    #[arg(long, env = "MUSTER_OPERATOR")]
    pub by: String,
    #[arg(long)]
    pub reason: String,
}
