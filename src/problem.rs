//! What is wrong with something a user typed, imported or asked for, as data rather than
//! as a sentence. The command line prints the English sentence (`Display`); the app gets
//! the `code` and the values and says it in the user's language. An input is named by a
//! `Field` (serialised as the name the CSV headers use, `family_name`), so either front end
//! can name the field the way its user knows it.

use std::fmt;

use serde::Serialize;

use crate::field::Field;

mod shown;
mod value_rule;
pub use shown::{shown, thousands, Shown, DETAIL_CHARS, SHOWN_CHARS};
pub use value_rule::ValueRule;

/// Files people hand in by mistake for a spreadsheet (`import::content` tells them).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub enum NotASpreadsheet {
    Pdf,
    WebPage,
    Xml,
    Image,
    Archive,
    Database,
    /// A Muster bundle (`sync`): records from another laptop, received, not imported.
    Bundle,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "code", rename_all = "snake_case")]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub enum Problem {
    // ----- a value
    /// A required value is missing.
    Empty {
        field: Field,
    },
    TooLong {
        field: Field,
        max: u32,
    },
    /// `code_point` is written `U+0007`.
    ControlCharacter {
        field: Field,
        code_point: String,
    },
    SpaceInServiceNumber {
        value: Shown,
    },
    NotANumber {
        field: Field,
        value: Shown,
    },
    /// `min`–`max`, both allowed.
    OutOfRange {
        field: Field,
        value: String,
        min: String,
        max: String,
    },
    /// Empty `value`: nothing was given.
    NotACategory {
        value: Shown,
    },
    NotAGender {
        value: Shown,
    },
    NotAResult {
        value: Shown,
    },
    DateAmbiguous {
        value: Shown,
    },
    DateFormat {
        value: Shown,
    },
    DateNotInCalendar {
        value: Shown,
    },
    DateInFuture {
        date: String,
    },
    DateBefore1970 {
        date: String,
    },
    /// A problem with the value of a named input (a form field or a command-line flag).
    InField {
        field: Field,
        problem: Box<Problem>,
    },
    /// A refusal of one attendee's record in a session of several: whose it is.
    ForAttendee {
        service_number: String,
        problem: Box<Problem>,
    },

    // ----- a record
    /// A score between 0 and 1 that is not 0: a percentage cell (85 % is stored as 0.85)
    /// or a fraction typed for a percentage. `percent` is what it would be as one.
    ScoreAsFraction {
        value: String,
        percent: String,
    },
    /// A score written with its per cent sign, between 0 and 1 % and not 0 (`0.5%`): what
    /// a percentage cell shows when 0.5 was typed into it for a half. `percent` is what
    /// that half would be.
    ScoreUnderOnePercent {
        value: String,
        percent: String,
    },
    BelowPassMark {
        score: String,
        mark: String,
        module: String,
    },
    ModuleRetired {
        module: String,
    },
    ValidityZero,
    BadContingentCode {
        value: Shown,
    },
    BadModuleCode {
        value: Shown,
    },
    DeployBeforeStart {
        deploy_on: String,
        training_start: String,
    },
    NoAttendees,
    ListedTwice {
        service_number: String,
        module: String,
    },
    TwoIndividualResults {
        service_number: String,
    },
    ResultForAbsent {
        service_number: String,
    },
    /// Service numbers not on file (`count` of them, comma-separated); nothing of the
    /// session saved.
    UnknownAttendees {
        count: String,
        service_numbers: String,
    },
    /// As `UnknownAttendees`, where some look like numbers on file: `look_alikes` pairs
    /// each with the one it looks like (`KZ-200026 → KZ200026`, comma-separated).
    UnknownAttendeesLookAlike {
        count: String,
        service_numbers: String,
        look_alikes: Shown,
    },
    /// A roster row whose service number is on file under another name altogether: the
    /// number may be mistyped (a warning; the details are updated as the file says).
    NamesReplaced {
        service_number: String,
        was: Shown,
        now: Shown,
    },
    /// Someone taken off the roster by hand, whom a roster file lists again (a warning;
    /// they stay off).
    StaysOffRoster {
        service_number: String,
        contingent: String,
        at: String,
        reason: Shown,
    },
    /// A roster file read again sets back a detail someone corrected by hand after it was
    /// first read (a warning: the file is the later word, as any import is).
    /// (Boxed text where it can be: a refusal stays small to pass.)
    HandEditSetBack {
        service_number: Box<str>,
        field: Field,
        now: Shown,
        file_says: Shown,
        at: Box<str>,
        by: Box<str>,
    },
    /// People a roster file lists who are on the roster of another rotation in use whose
    /// training and tour overlap this one's: a soldier serves in one rotation at a time, so
    /// one of the two rosters is wrong (a warning, one per other rotation).
    OnOverlappingRotation {
        other: String,
        count: String,
        service_numbers: String,
    },
    /// Rows that repeat records amended or voided since they were entered: not added again,
    /// so a spreadsheet read again cannot undo a correction (a warning).
    RowsCorrectedSince {
        count: String,
    },
    /// Rows of modules taken again each rotation dated before the training start of the
    /// contingent their soldier is on: recorded, but they count for no one there (a
    /// warning naming the first).
    RowsBeforeTraining {
        count: String,
        /// The first lines of them, `…` after ten (boxed: a refusal stays small to pass).
        lines: Box<str>,
        modules: Box<str>,
        contingent: String,
        training_start: String,
    },
    /// Values in a column whose header cell is empty: not read (a warning naming the first).
    UntitledColumn {
        column: Shown,
        value: Shown,
    },
    /// A name already given to another trusted key.
    KeyNameTaken {
        name: String,
        fingerprint: String,
    },
    /// `key trust` of this installation's own key: its files are known as its own.
    OwnKeyTrusted {
        fingerprint: String,
    },
    /// A completions row saying what an earlier row of the file says (a warning): both are
    /// recorded, as two attempts of that day.
    SameRowTwice {
        first_line: String,
    },
    /// A session saved again: these attendees hold a record saying exactly the same.
    AlreadyRecorded {
        service_numbers: String,
        module: String,
        date: String,
    },
    /// A decision recorded again (a second click, the command run twice): the latest one
    /// of that day says the same and no record changed since.
    AlreadyDecided {
        id: String,
        at: String,
    },
    /// A decision on a contingent with nobody on its roster.
    /// A decision taken on a report day outside the rotation's training and tour, or on a
    /// day after deployment that has not come yet: days as yyyy-mm-dd.
    ValidationDay {
        contingent: String,
        as_of: String,
        first: String,
        last: String,
    },
    NoOneToValidate {
        contingent: String,
    },
    /// A decision on a contingent of whom no module is required (an empty curriculum, or
    /// every module retired): everyone would read as ready.
    NoModulesToValidate {
        contingent: String,
    },
    /// The same, for a readiness figure or a signed report: 100 % ready of nothing.
    NoModulesRequired {
        contingent: String,
    },
    /// Rows the workbook hides (filtered out, or hidden by hand), read like the others:
    /// the person who filtered the list believes they import what they see.
    HiddenRows {
        count: String,
        lines: String,
    },
    /// `muster person merge` given one number twice.
    MergeSame {
        value: String,
    },
    /// The two numbers hold records of one module and day that disagree.
    MergeClash {
        from: String,
        module: String,
        date: String,
        /// `pass` or `fail`; the other number's record of the day is the other.
        from_result: String,
    },
    /// The number to merge has no record that counts and no roster place.
    MergeNothing {
        from: String,
    },
    /// A number merged into another (`muster person merge`): what is recorded for the
    /// soldier goes under the number kept.
    MergedNumber {
        value: Shown,
        into: String,
    },
    NotARecordId {
        value: String,
    },
    /// A short form that matches `count` records; `candidates` lists up to five as
    /// `full-id (service number, module, date)`, separated by `; ` (then `…` if more).
    AmbiguousRecordId {
        value: String,
        count: String,
        candidates: String,
    },
    /// `what` is `soldier with service number`, `contingent`, `module`, `record`, ….
    NotFound {
        what: String,
        key: String,
    },
    NoOperator,
    NoSaveLocation,
    NoFileChosen,
    /// A file of one format must not be written under another's ending (`want`, `got`).
    WrongExtension {
        file: String,
        want: String,
        got: String,
    },
    /// A backup never overwrites a file.
    BackupExists {
        file: String,
    },

    // ----- a change that contradicts an earlier one
    /// `what` is `contingent` or `module`.
    AlreadyExists {
        what: String,
        key: String,
    },
    /// A module brought back that was never retired.
    NotRetired {
        module: String,
    },
    AlreadyRetired {
        module: String,
    },
    /// Archiving it would leave no contingent in use.
    LastContingentInUse {
        contingent: String,
    },
    NotOnRoster {
        service_number: String,
        contingent: String,
    },
    AlreadyOnRoster {
        service_number: String,
        contingent: String,
    },
    VoidedCannotAmend {
        id: String,
    },
    AlreadyAmended {
        id: String,
        by: String,
    },
    AlreadyVoided {
        id: String,
    },
    AmendedCannotVoid {
        id: String,
        by: String,
    },
    /// The record's correction was voided: the chain counts no more, so there is nothing
    /// left of it to void.
    CorrectionVoided {
        id: String,
        by: String,
    },
    ImportAlreadyUndone {
        id: String,
        file: String,
        at: String,
        who: String,
    },
    ImportCorrectedSince {
        id: String,
        count: String,
        first: String,
    },

    // ----- a file being imported
    NotAWorkbook {
        file: String,
        detail: Shown,
    },
    NoSuchSheet {
        file: String,
        sheet: Shown,
        sheets: Shown,
    },
    EmptySheet {
        file: String,
        sheet: Shown,
    },
    EmptyFile {
        file: String,
    },
    /// A path to read that names a folder, a device or a pipe, not a file (`input`).
    NotAFile {
        file: String,
    },
    /// A file to read that is the database open here, or one of its side files: reading it
    /// by another route would drop SQLite's locks on it (see `input`), and it is no
    /// spreadsheet, report or bundle anyway.
    IsOpenDatabase {
        file: String,
    },
    /// A path to read where there is no file (a name mistyped, a stick taken out).
    NoSuchFile {
        file: String,
    },
    /// A file to import that is something else, whatever its name (`import::content`).
    NotASpreadsheet {
        file: String,
        kind: NotASpreadsheet,
    },
    /// An output's target that is a folder, a device or a pipe (`output`).
    NotAFileToWrite {
        file: String,
    },
    /// A file to read whole that is larger than any Muster writes of its kind (`input`).
    FileTooLarge {
        file: String,
        #[cfg_attr(feature = "ts", ts(type = "number"))]
        max_mib: u64,
    },
    /// A required column; `title` is its Russian heading, also accepted.
    MissingColumn {
        field: Field,
        title: String,
    },
    DuplicateColumn {
        field: Field,
        first: Shown,
        second: Shown,
    },
    UnknownColumn {
        column: Shown,
    },
    NoRows,
    RepeatedServiceNumber {
        value: Shown,
        first_line: String,
    },
    ModuleNotInCurriculum {
        module: Shown,
    },
    /// Not in the curriculum, but a module's code looks like it (`КINPOT` with a Cyrillic
    /// К, typed on a Russian keyboard layout).
    ModuleLooksLike {
        module: Shown,
        existing: Shown,
    },
    NoSuchSoldier {
        value: Shown,
    },
    /// Not on file, but a number on file looks like it (a separator, a look-alike letter).
    NoSuchSoldierLooksLike {
        value: Shown,
        existing: Shown,
    },
    NotUtf8,
    NotInEncoding {
        encoding: String,
    },
    /// `kind` is `time`, `duration`, `excel_error` or `formula` (a formula whose result the
    /// file does not keep).
    CellNotAValue {
        column: String,
        kind: String,
        value: Shown,
    },
    MixedScripts {
        field: Field,
        value: Shown,
    },
    /// A name with `?` where letters were: what a sheet saved as Windows-1251 ("ANSI")
    /// makes of Kazakh letters (a warning).
    LettersLost {
        field: Field,
        value: Shown,
    },
    /// People on the contingent's roster whom a roster file leaves out (they stay on it).
    NotInFile {
        contingent: String,
        count: String,
        service_numbers: String,
    },
    AlreadyImported {
        id: String,
        at: String,
        by: String,
    },
    /// Columns with a title Muster does not read (`columns` names the first few).
    UnknownColumns {
        count: String,
        columns: Shown,
    },
    /// A row with filled cells right of the last column title: `columns` are their letters,
    /// `value` the first of them.
    CellsBeyondHeader {
        count: String,
        columns: Shown,
        value: Shown,
    },
    NoSheets {
        file: String,
    },
    UnreadableSheet {
        file: String,
        sheet: Shown,
        detail: Shown,
    },

    // ----- a file past one of the limits on what Muster reads (src/import/limits.rs);
    // ----- `line` is the file's line or the sheet's row, `max_mib` a size in MiB
    TooManyColumns {
        file: String,
        #[cfg_attr(feature = "ts", ts(type = "number"))]
        line: u64,
        #[cfg_attr(feature = "ts", ts(type = "number"))]
        max: u64,
    },
    CellTooLong {
        file: String,
        #[cfg_attr(feature = "ts", ts(type = "number"))]
        line: u64,
        column: String,
        #[cfg_attr(feature = "ts", ts(type = "number"))]
        chars: u64,
        #[cfg_attr(feature = "ts", ts(type = "number"))]
        max: u64,
    },
    RowTooLong {
        file: String,
        #[cfg_attr(feature = "ts", ts(type = "number"))]
        line: u64,
        #[cfg_attr(feature = "ts", ts(type = "number"))]
        max_mib: u64,
    },
    TooManyRows {
        file: String,
        sheet: Shown,
        #[cfg_attr(feature = "ts", ts(type = "number"))]
        max: u64,
    },
    TooManyCells {
        file: String,
        sheet: Shown,
        #[cfg_attr(feature = "ts", ts(type = "number"))]
        max: u64,
    },
    TooManyParts {
        file: String,
        #[cfg_attr(feature = "ts", ts(type = "number"))]
        max: u64,
    },
    UnpackedTooLarge {
        file: String,
        #[cfg_attr(feature = "ts", ts(type = "number"))]
        max_mib: u64,
    },
    PartTooLarge {
        file: String,
        part: Shown,
        #[cfg_attr(feature = "ts", ts(type = "number"))]
        max_mib: u64,
    },
    XmlItemTooLong {
        file: String,
        part: Shown,
        #[cfg_attr(feature = "ts", ts(type = "number"))]
        max_mib: u64,
    },
    TooManySharedStrings {
        file: String,
        #[cfg_attr(feature = "ts", ts(type = "number"))]
        max: u64,
    },
    TooManySheets {
        file: String,
        #[cfg_attr(feature = "ts", ts(type = "number"))]
        max: u64,
    },
    XlsTooLarge {
        file: String,
        #[cfg_attr(feature = "ts", ts(type = "number"))]
        max_mib: u64,
    },

    // ----- look-alike service numbers
    /// `letters` names each alphabet and its letters, e.g. `Cyrillic К, Latin Z`.
    ServiceNumberMixesScripts {
        value: Shown,
        letters: Shown,
    },
    /// A new service number that reads the same as an existing one (`existing`, already on
    /// file or earlier in the same import); `letters` names the letters that differ.
    LooksLike {
        value: Shown,
        existing: Shown,
        letters: Shown,
    },

    // ----- checking a report file: its signature, then the records
    NeverSignedOff {
        sha256: String,
    },
    NotAReport,
    /// `format` is `PDF`, `HTML` or `JSON`.
    ReportUnsigned {
        format: String,
    },
    ReportTruncated {
        format: String,
    },
    /// `extra` bytes follow the signed end of the file.
    ReportExtended {
        format: String,
        extra: String,
    },
    ReportTampered {
        format: String,
    },
    /// A report signed by a key this laptop does not know, naming as its issuer the name of
    /// a key it does know (or its own): not issued by whom it names.
    SignerNameTaken {
        claimed: String,
        fingerprint: String,
        known: String,
    },
    /// `part` names the damaged part of the signature as the file spells it
    /// (`/ByteRange`, `/Contents`, `certificate`, `signature value`, `fingerprint`, …).
    ReportSignatureDamaged {
        format: String,
        part: String,
    },
    ReportReformatted,

    // ----- the installation's signing key
    NotAFingerprint {
        value: String,
    },
    BadKeyFile {
        file: String,
    },
    /// `mode` is the file's octal permissions, e.g. `644`.
    KeyFileOpen {
        file: String,
        mode: String,
    },

    // ----- the database file
    /// Written by a newer Muster (schema `found`, this build knows up to `known`); untouched.
    NewerDatabase {
        file: String,
        found: String,
        known: String,
    },
    CannotOpenDatabase {
        file: String,
        detail: String,
    },
    /// The copy made before an upgrade failed; nothing was changed.
    CannotBackUp {
        file: String,
        detail: String,
    },
    /// Not an SQLite file at all; left untouched.
    NotADatabase {
        file: String,
    },
    /// Another application's SQLite file; left untouched. `reason` is English detail.
    ForeignDatabase {
        file: String,
        reason: String,
    },
    /// Asked to read a database that does not exist.
    NoDatabase {
        file: String,
    },
    /// A read-only copy from an older Muster: it cannot be upgraded where it is.
    ReadOnlyNeedsUpgrade {
        file: String,
        found: String,
        known: String,
    },
    /// A change asked of a database opened read-only (a copy on read-only media).
    ReadOnlyDatabase,
    /// Another program (another `muster`, the app) held the database for writing longer
    /// than Muster waits: nothing was changed.
    DatabaseBusy,
    /// Muster never writes a report, export, template or backup over a database.
    WouldOverwriteDatabase {
        file: String,
    },
    /// `muster check` (or the app's check at start) found the records altered.
    RecordsTampered {
        file: String,
        count: String,
    },
    /// The same found before a report, a decision or a bundle would vouch for the records
    /// (the command line, which does not check before every write).
    WillNotVouch {
        file: String,
        count: String,
    },

    // ----- field sync: bundles from other installations (docs/sync.md)
    /// Not a bundle Muster wrote, or one damaged past reading; `detail` is English.
    NotABundle {
        file: String,
        detail: String,
    },
    /// A bundle whose signature checks out holds text Muster never writes (a control,
    /// zero-width or bidi character): record `index` of its `kind` (1 on), field `field`.
    BundleHiddenCharacter {
        file: String,
        kind: String,
        #[cfg_attr(feature = "ts", ts(type = "number"))]
        index: usize,
        field: String,
        code_point: String,
    },
    /// A bundle whose signature checks out holds a value Muster never writes (a training day
    /// of 30.02, a stamp from the year 3000, a service number with a space around it):
    /// record `index` of its `kind` (1 on), field `field`; `rule` says what it should be.
    BundleBadValue {
        file: String,
        kind: String,
        #[cfg_attr(feature = "ts", ts(type = "number"))]
        index: usize,
        field: String,
        value: String,
        rule: ValueRule,
    },
    /// The signature or the content hash does not check out: nothing was imported.
    BundleTampered {
        file: String,
    },
    /// Written by a newer Muster in a bundle format this build does not read.
    NewerBundle {
        file: String,
        found: String,
        known: String,
    },
    /// Signed by a key this database does not know: it must be confirmed first.
    /// A bundle from an unknown key that calls itself by the name of another key known
    /// here: not from that laptop.
    UnknownSenderNameTaken {
        fingerprint: String,
        name: String,
        known: String,
    },
    UnknownSender {
        fingerprint: String,
        name: String,
    },
    /// A bundle names a record (`what`: person, contingent, module, record) that it does
    /// not carry and this database does not hold.
    BundleIncomplete {
        what: String,
        key: String,
    },
    /// A bundle made for one peer (carrying only what it lacked) names a record this
    /// database does not hold.
    PartialBundleIncomplete {
        what: String,
        key: String,
    },
    /// `sync export --for` names an installation no bundle was received from.
    /// `--for` a name two laptops answer to: which, by fingerprint.
    AmbiguousPeer {
        peer: String,
        candidates: String,
    },
    UnknownPeer {
        peer: String,
    },

    /// Anything else, in English: command-line usage, files that cannot be written, reports
    /// from another version. The app shows the sentence as it is.
    Other {
        message: String,
    },
}

impl Problem {
    /// The input a problem is about, when it is about one: the field it names, or the one
    /// its kind implies (a date in the future is the date's). An importer puts the
    /// problem in that field's column.
    pub fn field(&self) -> Option<Field> {
        use Problem as P;
        match self {
            P::Empty { field }
            | P::TooLong { field, .. }
            | P::ControlCharacter { field, .. }
            | P::NotANumber { field, .. }
            | P::OutOfRange { field, .. }
            | P::InField { field, .. }
            | P::MissingColumn { field, .. }
            | P::DuplicateColumn { field, .. }
            | P::MixedScripts { field, .. }
            | P::LettersLost { field, .. } => Some(*field),
            P::SpaceInServiceNumber { .. } => Some(Field::ServiceNumber),
            P::NotACategory { .. } => Some(Field::Category),
            P::NotAGender { .. } => Some(Field::Gender),
            P::NotAResult { .. } => Some(Field::Result),
            P::DateAmbiguous { .. }
            | P::DateFormat { .. }
            | P::DateNotInCalendar { .. }
            | P::DateInFuture { .. }
            | P::DateBefore1970 { .. } => Some(Field::Date),
            P::BelowPassMark { .. }
            | P::ScoreAsFraction { .. }
            | P::ScoreUnderOnePercent { .. } => Some(Field::Score),
            P::ModuleRetired { .. }
            | P::ModuleNotInCurriculum { .. }
            | P::ModuleLooksLike { .. } => Some(Field::Module),
            _ => None,
        }
    }

    pub fn other(message: impl Into<String>) -> Problem {
        Problem::Other {
            message: message.into(),
        }
    }

    /// The same problem, said of a named input (`date: date "x" is not …`).
    pub fn in_field(self, field: Field) -> Problem {
        Problem::InField {
            field,
            problem: Box::new(self),
        }
    }

    pub fn empty(field: Field) -> Problem {
        Problem::Empty { field }
    }

    pub fn out_of_range(field: Field, value: impl fmt::Display, min: u32, max: u32) -> Problem {
        Problem::OutOfRange {
            field,
            value: value.to_string(),
            min: min.to_string(),
            max: max.to_string(),
        }
    }
}

/// A count written with thousands (`16,384`).
fn num(n: &u64) -> String {
    thousands(*n as usize)
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        use Problem as P;
        match self {
            P::Empty { field } => write!(f, "{field} is empty"),
            P::TooLong { field, max } => write!(f, "{field} is longer than {max} characters"),
            P::ControlCharacter { field, code_point } => write!(
                f,
                "{field} contains an invisible or control character ({code_point})"
            ),
            P::SpaceInServiceNumber { value } => {
                write!(f, "service_number \"{value}\" contains a space")
            }
            P::NotANumber { field, value } => write!(f, "{field} \"{value}\" is not a number"),
            P::OutOfRange {
                field,
                value,
                min,
                max,
            } => write!(f, "{field} {value} is outside {min}–{max}"),
            P::NotACategory { value } if value.is_empty() => {
                f.write_str("category is empty (officer, nco or enlisted)")
            }
            P::NotACategory { value } => write!(
                f,
                "category \"{value}\" is not officer, nco or enlisted (офицер, сержант, солдат)"
            ),
            P::NotAGender { value } if value.is_empty() => f.write_str("gender is empty (F or M)"),
            P::NotAGender { value } => write!(f, "gender \"{value}\" is not F or M (Ж or М)"),
            P::NotAResult { value } if value.is_empty() => {
                f.write_str("result is empty (pass or fail)")
            }
            P::NotAResult { value } => {
                write!(f, "result \"{value}\" is not pass or fail (зачёт or незачёт, өтті or өтпеді)")
            }
            P::DateAmbiguous { value } => write!(
                f,
                "date \"{value}\" is ambiguous (day/month or month/day?): write it as dd.mm.yyyy or yyyy-mm-dd"
            ),
            P::DateFormat { value } => write!(f, "date \"{value}\" is not dd.mm.yyyy or yyyy-mm-dd"),
            P::DateNotInCalendar { value } => {
                write!(f, "date \"{value}\" does not exist in the calendar")
            }
            P::DateInFuture { date } => write!(f, "date {date} is in the future"),
            P::DateBefore1970 { date } => write!(f, "date {date} is before 1970"),
            P::InField { field, problem } => write!(f, "{field}: {problem}"),
            P::ForAttendee {
                service_number,
                problem,
            } => write!(f, "{service_number}: {problem}"),
            P::ScoreAsFraction { value, percent } => write!(
                f,
                "score {value} is a fraction, but a score is a percentage: write {percent} (a spreadsheet cell shown as {percent} % holds {value})"
            ),
            P::ScoreUnderOnePercent { value, percent } => write!(
                f,
                "score {value} is under one per cent: if {percent} % was meant, write {percent} (a percentage cell shows 0.5 typed into it as 0.5 %)"
            ),
            P::BelowPassMark {
                score,
                mark,
                module,
            } => write!(
                f,
                "score {score} is below the pass mark {mark} of {module}, yet the result is pass"
            ),
            P::ModuleRetired { module } => write!(
                f,
                "module {module} is retired: no new records can be added to it"
            ),
            P::ValidityZero => f.write_str("validity must be at least 1 month (or none)"),
            P::BadContingentCode { value } => write!(
                f,
                "contingent code \"{value}\" may hold only letters, digits, '-', '_' and '.'"
            ),
            P::BadModuleCode { value } => write!(
                f,
                "module code \"{value}\" may hold only letters, digits, '-' and '_'"
            ),
            P::DeployBeforeStart {
                deploy_on,
                training_start,
            } => write!(
                f,
                "deployment date {deploy_on} is before training start {training_start}"
            ),
            P::NoAttendees => f.write_str("no attendees: name at least one service number"),
            P::ListedTwice {
                service_number,
                module,
            } => write!(f, "{service_number} is listed twice for {module}"),
            P::TwoIndividualResults { service_number } => write!(
                f,
                "{service_number} has two individual results; nothing was saved"
            ),
            P::ResultForAbsent { service_number } => write!(
                f,
                "{service_number} has an individual result but is not among the attendees; nothing was saved"
            ),
            P::UnknownAttendees {
                count,
                service_numbers,
            } => write!(
                f,
                "{} not on file: {service_numbers} (check each number, or import the roster first); nothing was saved",
                numbers(count)
            ),
            P::UnknownAttendeesLookAlike {
                count,
                service_numbers,
                look_alikes,
            } => write!(
                f,
                "{} not on file: {service_numbers}; on file and looking alike: {look_alikes} (write each number as the roster has it); nothing was saved",
                numbers(count)
            ),
            P::NamesReplaced {
                service_number,
                was,
                now,
            } => write!(
                f,
                "{service_number} is {was} on file and {now} in this file: if that is another soldier, the service number is wrong"
            ),
            P::HandEditSetBack {
                service_number,
                field,
                now,
                file_says,
                at,
                by,
            } => write!(
                f,
                "{service_number} {field}: «{now}» was set by hand ({by}, {at}) after this file was first read; it sets it back to «{file_says}» (if the correction was right, make it again after this import, or undo the import)"
            ),
            P::StaysOffRoster {
                service_number,
                contingent,
                at,
                reason,
            } => write!(
                f,
                "{service_number} was taken off the roster of {contingent} at {at} ({reason}) and stays off; put them back by hand if they deploy after all (`muster person assign`)"
            ),
            P::RowsBeforeTraining {
                count,
                lines,
                modules,
                contingent,
                training_start,
            } => write!(
                f,
                "{count} {} of modules taken again each rotation ({modules}), {} {lines}, dated before {contingent}'s training started ({training_start}): recorded, but they do not count for {contingent}",
                if count == "1" { "row" } else { "rows" },
                if count == "1" { "line" } else { "lines" }
            ),
            P::OnOverlappingRotation {
                other,
                count,
                service_numbers,
            } => write!(
                f,
                "{count} {} also on the roster of {other}, whose training and tour overlap this rotation's: {service_numbers}; a soldier serves in one rotation at a time: take anyone who moved off the roster they left (`muster person remove`)",
                if count == "1" { "person in this file is" } else { "people in this file are" }
            ),
            P::RowsCorrectedSince { count } => write!(
                f,
                "rows that repeat records amended or voided since they were entered: {count}; the corrections stand, and those rows were not added again"
            ),
            P::UntitledColumn { column, value } => write!(
                f,
                "column {column} has no title but holds values (this row: \"{value}\"); they were not read: give it a title Muster reads, or leave it out"
            ),
            P::OwnKeyTrusted { fingerprint } => write!(
                f,
                "key {fingerprint} is this installation's own key: files it signs are known as this installation's without trust; name it with `muster key name` (Settings › Signing key)"
            ),
            P::KeyNameTaken { name, fingerprint } => write!(
                f,
                "the name \"{name}\" is already the name of key {fingerprint} on this laptop (a key trusted here, this laptop's own, or the name a laptop that sent bundles here signs with): a file signed by either would read as the other's; choose another name"
            ),
            P::AlreadyRecorded {
                service_numbers,
                module,
                date,
            } => write!(
                f,
                "already recorded: {module} on {date} with the same result, score, hours, instructor and notes for {service_numbers}; nothing was saved (a second attempt that day: say so in the notes)"
            ),
            P::SameRowTwice { first_line } => write!(
                f,
                "the same as line {first_line} (soldier, module, day, result, score, hours, instructor): both are recorded, as two attempts that day; if one is a copy, delete it from the file"
            ),
            P::AlreadyDecided { id, at } => write!(
                f,
                "decision #{id} of {at} says the same (day, decision, team, validator, notes) and no record changed since: nothing was recorded"
            ),
            P::ValidationDay {
                contingent,
                as_of,
                first,
                last,
            } => write!(
                f,
                "a decision on {contingent} is taken on a report day from {first} (training start) to {last} (the later of today and deployment day, within the tour): {as_of} is not one"
            ),
            P::NoOneToValidate { contingent } => write!(
                f,
                "nobody is on the roster of {contingent}: there is nothing to validate (import the roster first)"
            ),
            P::NoModulesToValidate { contingent } => write!(
                f,
                "no module is required of anyone in {contingent} (the curriculum is empty or retired, or applies to no one on the roster): everyone would read as ready, so nothing can be validated; add the modules first (`muster init` adds the default curriculum)"
            ),
            P::HiddenRows { count, lines } => write!(
                f,
                "{count} of the rows read are hidden in the workbook (filtered out or hidden by hand): lines {lines}; they were read like the others: if they should not count, delete them from the file"
            ),
            P::NoModulesRequired { contingent } => write!(
                f,
                "no module is required of anyone in {contingent} (the curriculum is empty or retired, or applies to no one on the roster): everyone reads as ready of nothing; add the modules first (`muster init` adds the default curriculum)"
            ),
            P::MergeSame { value } => write!(
                f,
                "{value} is one number: give the wrong number first, then the one to keep"
            ),
            P::MergeClash {
                from,
                module,
                date,
                from_result,
            } => write!(
                f,
                "{from} has a {module} record of {date} ({from_result}) and the number to keep one of the same day with the other result: void or amend the wrong one first; nothing was changed"
            ),
            P::MergeNothing { from } => write!(
                f,
                "{from} has no record that counts and is on no roster: there is nothing to move"
            ),
            P::MergedNumber { value, into } => write!(
                f,
                "service number \"{value}\" was merged into {into} (one soldier under two numbers): use {into}"
            ),
            P::NotARecordId { value } => write!(
                f,
                "record id {value:?} is not a record id: give the full id or at least its last 8 characters, as `muster history SERVICE_NUMBER` shows them"
            ),
            P::AmbiguousRecordId {
                value,
                count,
                candidates,
            } => write!(
                f,
                "record id {value:?} matches {count} records: {candidates}; give the full id"
            ),
            P::NotFound { what, key } => write!(f, "{what} {key:?} not found"),
            P::NoOperator => f.write_str(
                "enter your name in Settings first: every record says who made it",
            ),
            P::NoSaveLocation => f.write_str("choose where to save the file"),
            P::NoFileChosen => f.write_str("choose a file first"),
            P::WrongExtension { file, want, got } => write!(
                f,
                "{file}: a {} file should end in .{want}, not .{got}",
                want.to_uppercase()
            ),
            P::BackupExists { file } => write!(
                f,
                "{file} already exists: choose a new file name for the backup"
            ),
            P::AlreadyExists { what, key } => write!(f, "{what} {key} already exists"),
            P::AlreadyRetired { module } => write!(f, "module {module} is already retired"),
            P::NotRetired { module } => write!(f, "module {module} is not retired: it is in the curriculum"),
            P::LastContingentInUse { contingent } => write!(
                f,
                "{contingent} is the last contingent in use: add the next rotation before archiving it"
            ),
            P::NotOnRoster {
                service_number,
                contingent,
            } => write!(f, "{service_number} is not on the roster of {contingent}"),
            P::AlreadyOnRoster {
                service_number,
                contingent,
            } => write!(f, "{service_number} is already on the roster of {contingent}"),
            P::VoidedCannotAmend { id } => {
                write!(f, "record {id} was voided and cannot be amended")
            }
            P::AlreadyAmended { id, by } => {
                write!(f, "record {id} was already amended by {by}: amend that one")
            }
            P::AlreadyVoided { id } => write!(f, "record {id} is already voided"),
            P::AmendedCannotVoid { id, by } => {
                write!(f, "record {id} was amended by {by}: void that one")
            }
            P::CorrectionVoided { id, by } => write!(
                f,
                "record {id} was amended by {by}, which was voided: neither counts, nothing to void"
            ),
            P::ImportAlreadyUndone { id, file, at, who } => write!(
                f,
                "import #{id} ({file}) was already undone at {at} by {who}; nothing was changed"
            ),
            P::ImportCorrectedSince { id, count, first } => write!(
                f,
                "import #{id}: {count} of its records {} corrected since (first correction: {first}); \
                 void those corrections first if they are wrong too (on the person's history, or with `muster void`); nothing was changed",
                if count == "1" { "was" } else { "were" }
            ),
            P::NotAWorkbook { file, detail } => write!(
                f,
                "{file}: not a readable workbook ({detail}); save it from Excel as .xlsx, or as CSV"
            ),
            P::NoSuchSheet {
                file,
                sheet,
                sheets,
            } => write!(f, "{file}: no sheet named \"{sheet}\" (the sheets are: {sheets})"),
            P::EmptySheet { file, sheet } => write!(
                f,
                "{file}: sheet \"{sheet}\" is empty (row 1 should name the columns)"
            ),
            P::EmptyFile { file } => write!(
                f,
                "{file}: the file is empty (line 1 should name the columns)"
            ),
            P::NoSuchFile { file } => write!(
                f,
                "{file}: there is no such file (check the name and the folder, or that the USB stick is still in)"
            ),
            P::NotAFile { file } => write!(
                f,
                "{file} is not a file but a folder, a device or a pipe: choose the file itself"
            ),
            P::IsOpenDatabase { file } => write!(
                f,
                "{file} is Muster's own database, open here: choose the spreadsheet, report or bundle to read"
            ),
            P::NotASpreadsheet { file, kind } => {
                let (what, todo) = match kind {
                    NotASpreadsheet::Pdf => ("a PDF document", "import the workbook or CSV file it was made from"),
                    NotASpreadsheet::WebPage => ("a web page (HTML)", "open it in Excel and save it as .xlsx"),
                    NotASpreadsheet::Xml => ("an XML document (an Excel 2003 XML spreadsheet?)", "open it in Excel and save it as .xlsx"),
                    NotASpreadsheet::Image => ("an image", "import the workbook or CSV file itself"),
                    NotASpreadsheet::Archive => ("a compressed archive (7z, rar or gz)", "unpack it and import the file inside"),
                    NotASpreadsheet::Database => ("a database", "to exchange records between laptops, use a sync bundle"),
                    NotASpreadsheet::Bundle => ("a Muster bundle of records from another laptop", "receive it with `muster sync import`, or on the Sync screen"),
                };
                write!(f, "{file} is {what}, whatever its name, not a file Muster imports: {todo}")
            }
            P::NotAFileToWrite { file } => write!(
                f,
                "{file} is a folder, a device or a pipe, not a file: name a file to write"
            ),
            P::FileTooLarge { file, max_mib } => write!(
                f,
                "{file}: larger than {max_mib} MiB, more than Muster ever writes of its kind; the file was refused"
            ),
            P::MissingColumn { field, title } => write!(
                f,
                "column \"{field}\" is missing from the header row (it may also be titled «{title}»)"
            ),
            P::DuplicateColumn {
                field,
                first,
                second,
            } => write!(f, "columns {first} and {second} both hold {field}: keep one"),
            P::UnknownColumn { column } => write!(
                f,
                "column {column} is not one Muster reads; it was ignored"
            ),
            P::NoRows => f.write_str("the file has a header but no rows"),
            P::RepeatedServiceNumber { value, first_line } => {
                write!(f, "{value} appears again (first on line {first_line})")
            }
            P::ModuleNotInCurriculum { module } => {
                write!(f, "module \"{module}\" is not in the curriculum")
            }
            P::ModuleLooksLike { module, existing } => write!(
                f,
                "module \"{module}\" is not in the curriculum; {existing} looks like it: write the code in Latin letters, as the curriculum has it"
            ),
            P::NoSuchSoldier { value } => write!(
                f,
                "no soldier with service number \"{value}\" (import the roster first)"
            ),
            P::NoSuchSoldierLooksLike { value, existing } => write!(
                f,
                "no soldier with service number \"{value}\"; {existing} on file looks like it: write the number as the roster has it"
            ),
            P::NotUtf8 => f.write_str(
                "text is not UTF-8 (save the sheet as \"CSV UTF-8\", or give its encoding with --encoding)",
            ),
            P::NotInEncoding { encoding } => write!(
                f,
                "text that is not valid {encoding} (give the file's encoding with --encoding)"
            ),
            P::CellNotAValue {
                column,
                kind,
                value,
            } => match kind.as_str() {
                "time" => write!(
                    f,
                    "column {column}: the cell holds a time or duration ({value}), not a date"
                ),
                "duration" => write!(
                    f,
                    "column {column}: the cell holds a duration ({value}), not a value"
                ),
                "formula" => write!(
                    f,
                    "column {column}: the cell holds a formula ({value}) whose result the file does not keep: open the file in Excel or LibreOffice, save it, and import it again"
                ),
                _ => write!(f, "column {column}: the cell holds the Excel error {value}"),
            },
            P::MixedScripts { field, value } => {
                write!(f, "{field} \"{value}\" mixes Latin and Cyrillic letters")
            }
            P::LettersLost { field, value } => write!(
                f,
                "{field} \"{value}\" has \"?\" where letters were: a sheet saved as Windows-1251 (ANSI) loses Kazakh letters (ә ғ қ ң ө ұ ү һ і); save it as \"CSV UTF-8\" or .xlsx and import that"
            ),
            P::NotInFile {
                contingent,
                count,
                service_numbers,
            } => write!(
                f,
                "on the roster of {contingent} but not in this file: {count} ({service_numbers}); they stay on the roster: take anyone no longer deploying off it (`muster person remove`)"
            ),
            P::AlreadyImported { id, at, by } => write!(
                f,
                "this file was already imported as #{id} at {at} by {by}; nothing it holds is added twice"
            ),
            P::UnknownColumns { count, columns } => write!(
                f,
                "{count} columns are not ones Muster reads; they were ignored: {columns}"
            ),
            P::CellsBeyondHeader {
                count,
                columns,
                value,
            } => write!(
                f,
                "{count} filled {} beyond the last column title ({columns}): \"{value}\" (a separator inside a value that should have been quoted?)",
                if count == "1" { "cell" } else { "cells" }
            ),
            P::NoSheets { file } => write!(f, "{file}: the workbook has no sheets"),
            P::UnreadableSheet {
                file,
                sheet,
                detail,
            } => write!(f, "{file}: cannot read sheet \"{sheet}\": {detail}"),
            P::TooManyColumns { file, line, max } => write!(
                f,
                "{file}: line {line} has more than {} columns (Excel's limit); the file was refused",
                num(max)
            ),
            P::CellTooLong {
                file,
                line,
                column,
                chars,
                max,
            } => write!(
                f,
                "{file}: line {line}, column {column}: a cell of {} characters, more than {} (Excel's limit); the file was refused",
                num(chars),
                num(max)
            ),
            P::RowTooLong { file, line, max_mib } => write!(
                f,
                "{file}: line {line}: a row of more than {max_mib} MiB of text (a quote that is never closed?); the file was refused"
            ),
            P::TooManyRows { file, sheet, max } => write!(
                f,
                "{file}: sheet \"{sheet}\" goes on past row {}, the last one Muster reads; the file was refused",
                num(max)
            ),
            P::TooManyCells { file, sheet, max } => write!(
                f,
                "{file}: sheet \"{sheet}\" holds more than {} cells (each row counted to its last filled cell); the file was refused",
                num(max)
            ),
            P::TooManyParts { file, max } => write!(
                f,
                "{file}: the workbook is made of more than {} parts; the file was refused",
                num(max)
            ),
            P::UnpackedTooLarge { file, max_mib } => write!(
                f,
                "{file}: the workbook unpacks to more than {max_mib} MiB; the file was refused"
            ),
            P::PartTooLarge {
                file,
                part,
                max_mib,
            } => write!(
                f,
                "{file}: part {part} of the workbook unpacks to more than {max_mib} MiB; the file was refused"
            ),
            P::XmlItemTooLong {
                file,
                part,
                max_mib,
            } => write!(
                f,
                "{file}: part {part} of the workbook holds one tag or run of text longer than {max_mib} MiB; the file was refused"
            ),
            P::TooManySharedStrings { file, max } => write!(
                f,
                "{file}: the workbook's table of shared text holds more than {} strings; the file was refused",
                num(max)
            ),
            P::TooManySheets { file, max } => write!(
                f,
                "{file}: the workbook holds more than {} sheets; the file was refused",
                num(max)
            ),
            P::XlsTooLarge { file, max_mib } => write!(
                f,
                "{file}: an Excel 97-2003 workbook larger than {max_mib} MiB; the file was refused (save it as .xlsx)"
            ),
            P::ServiceNumberMixesScripts { value, letters } => write!(
                f,
                "service number \"{value}\" mixes alphabets ({letters}): type it in one alphabet"
            ),
            P::LooksLike {
                value,
                existing,
                letters,
            } => write!(
                f,
                "{value} looks like {existing}: {letters} (the same number written another way would make a second person; type it as it is on file)"
            ),
            P::NeverSignedOff { sha256 } => write!(
                f,
                "report {sha256} was never signed off in this database: only a validated report can be verified from its PDF or HTML (verify its JSON instead)"
            ),
            P::NotAReport => {
                f.write_str("the file is not a report Muster writes (a PDF, HTML or JSON report)")
            }
            P::ReportUnsigned { format } => write!(
                f,
                "this {format} file carries no Muster signature: Muster did not issue it, or it was cut short or saved again by another program"
            ),
            P::ReportTruncated { format } => write!(
                f,
                "this {format} file is shorter than Muster signed it: bytes were removed from it, or it was cut short"
            ),
            P::ReportExtended { format, extra } => write!(
                f,
                "{extra} {} added to the end of this {format} file after Muster signed it",
                if extra == "1" { "byte was" } else { "bytes were" }
            ),
            P::SignerNameTaken {
                claimed,
                fingerprint,
                known,
            } => write!(
                f,
                "this file names its issuer \"{claimed}\" but is signed by key {fingerprint}, not by {known}, the key this laptop knows by that name: it was not issued by them (if their laptop has a new key, check its fingerprint with its owner and trust it under a name of its own)"
            ),
            P::ReportTampered { format } => write!(
                f,
                "this {format} file was changed after Muster signed it: its signature does not match its content"
            ),
            P::ReportSignatureDamaged { format, part } => write!(
                f,
                "the signature of this {format} file was changed or damaged ({part}): it is not as Muster issued it"
            ),
            P::ReportReformatted => f.write_str(
                "this JSON report was re-formatted or re-saved by another program: its content is as signed, but its bytes are not as Muster wrote them (ask for the file as issued)",
            ),
            P::NotAFingerprint { value } => write!(
                f,
                "{value:?} is not a key fingerprint: give its 16 hex digits as `muster key show` prints them (e.g. 3F2A 9C01 77DE 5B40), or all 64"
            ),
            P::BadKeyFile { file } => write!(
                f,
                "the signing key {file} is not a readable Ed25519 key: move it away and a new key is made (reports it signed then read as signed by an unknown key)"
            ),
            P::KeyFileOpen { file, mode } => write!(
                f,
                "the signing key {file} can be read by other users (mode {mode}): make it private with `chmod 600 {file}`"
            ),
            P::NewerDatabase { file, found, known } => write!(
                f,
                "the database {file} was written by a newer Muster (schema version {found}, this build knows up to {known}); it was left untouched: install the newer Muster"
            ),
            P::CannotOpenDatabase { file, detail } => {
                write!(f, "cannot open the database {file}: {detail}")
            }
            P::CannotBackUp { file, detail } => write!(
                f,
                "cannot back up {file} before upgrading it: {detail}; nothing was changed"
            ),
            P::NotADatabase { file } => write!(
                f,
                "{file} is not a Muster database (not an SQLite file); it was left untouched"
            ),
            P::ForeignDatabase { file, reason } => write!(
                f,
                "{file} is not a Muster database: {reason}; it was left untouched"
            ),
            P::NoDatabase { file } => write!(f, "there is no database at {file}"),
            P::ReadOnlyNeedsUpgrade { file, found, known } => write!(
                f,
                "{file} is a read-only copy made by an older Muster (schema version {found}, this build needs {known}); copy it to a folder you can write to and open it there to upgrade it"
            ),
            P::DatabaseBusy => f.write_str(
                "another Muster (the app, or a command still running, such as a large import) is writing to this database; nothing was changed: try again when it has finished"
            ),
            P::ReadOnlyDatabase => f.write_str(
                "this database is a read-only copy: nothing can be changed in it; copy it to a folder you can write to first"
            ),
            P::WouldOverwriteDatabase { file } => write!(
                f,
                "{file} is a database (or one of its side files): Muster never writes over a database; choose another file name"
            ),
            P::RecordsTampered { file, count } => write!(
                f,
                "the records in {file} were changed outside Muster ({count} {} found by `muster check`); nothing can be written to it until this is settled",
                if count == "1" { "problem" } else { "problems" }
            ),
            P::WillNotVouch { file, count } => write!(
                f,
                "the records in {file} were changed outside Muster ({count} {} found by `muster check`): Muster signs no report, sign-off or bundle of them until this is settled",
                if count == "1" { "problem" } else { "problems" }
            ),
            P::NotABundle { file, detail } => write!(
                f,
                "{file} is not a Muster sync bundle ({detail}); nothing was imported"
            ),
            P::BundleHiddenCharacter {
                file,
                kind,
                index,
                field,
                code_point,
            } => write!(
                f,
                "{file}: record {index} of its {kind}, field {field}, holds an invisible or control character ({code_point}), which Muster never writes; nothing was imported: ask its sender for a new bundle"
            ),
            P::BundleBadValue {
                file,
                kind,
                index,
                field,
                value,
                rule,
            } => write!(
                f,
                "{file}: record {index} of its {kind}, field {field}, holds «{value}»: {}, which Muster never writes; nothing was imported: {}ask its sender for a new bundle",
                rule.english(),
                if matches!(rule, ValueRule::PastDate | ValueRule::Stamp) {
                    "check the date on both laptops, then "
                } else {
                    ""
                }
            ),
            P::BundleTampered { file } => write!(
                f,
                "the bundle {file} was changed after it was signed, or damaged: its signature or content does not check out; nothing was imported"
            ),
            P::NewerBundle { file, found, known } => write!(
                f,
                "the bundle {file} was written by a newer Muster (bundle format {found}, this build reads up to {known}); nothing was imported: install the newer Muster"
            ),
            P::UnknownSenderNameTaken {
                fingerprint,
                name,
                known,
            } => write!(
                f,
                "this bundle is signed by a key this database does not know, {fingerprint}, calling itself {name:?}: that is the name of another key known here ({known}), so it is not from that laptop; nothing was imported: compare the fingerprint with its sender"
            ),
            P::UnknownSender { fingerprint, name } => write!(
                f,
                "this bundle is signed by a key this database does not know: {fingerprint} ({name:?}); compare the fingerprint with its sender, then import it again trusting the key by a name (--trust NAME)"
            ),
            P::BundleIncomplete { what, key } => write!(
                f,
                "the bundle names {what} {key:?}, which it does not carry and this database does not hold; nothing was imported"
            ),
            P::PartialBundleIncomplete { what, key } => write!(
                f,
                "this bundle was made for another laptop and carries only what that laptop lacked; it names {what} {key:?}, which this database does not hold; nothing was imported: ask its sender for a bundle for everyone, or for this laptop"
            ),
            P::AmbiguousPeer { peer, candidates } => write!(
                f,
                "more than one laptop answers to {peer:?}: {candidates}; name the one meant by its fingerprint (`muster sync peers`)"
            ),
            P::UnknownPeer { peer } => write!(
                f,
                "no bundle was received from an installation called {peer:?}: name one from `muster sync peers` (its name or fingerprint), or make a bundle for everyone"
            ),
            P::Other { message } => f.write_str(message),
        }
    }
}

/// "1 service number", "3 service numbers".
fn numbers(count: &str) -> String {
    let one = count == "1";
    format!("{count} service number{}", if one { "" } else { "s" })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The field a refusal is about is data, and it is the one its English sentence
    /// begins with (what the importers once read from the sentence).
    #[test]
    fn a_refusal_names_its_field_as_data() {
        let cases = [
            (Problem::empty(Field::Score), Some(Field::Score)),
            (
                Problem::out_of_range(Field::Hours, 2000, 0, 1000),
                Some(Field::Hours),
            ),
            (
                Problem::empty(Field::Date).in_field(Field::AsOf),
                Some(Field::AsOf),
            ),
            (
                Problem::DateInFuture {
                    date: "2099-01-01".into(),
                },
                Some(Field::Date),
            ),
            (
                Problem::BelowPassMark {
                    score: "50".into(),
                    mark: "70".into(),
                    module: "ROE".into(),
                },
                Some(Field::Score),
            ),
            (
                Problem::ModuleRetired {
                    module: "ROE".into(),
                },
                Some(Field::Module),
            ),
            (
                Problem::SpaceInServiceNumber {
                    value: Shown::new("KZ 1"),
                },
                Some(Field::ServiceNumber),
            ),
            (
                Problem::NotAResult {
                    value: Shown::new("maybe"),
                },
                Some(Field::Result),
            ),
            (Problem::NoRows, None),
        ];
        for (p, field) in cases {
            assert_eq!(p.field(), field, "{p}");
            if let Some(f) = field {
                assert!(p.to_string().starts_with(f.english()), "{p}");
            }
        }
    }

    #[test]
    fn the_app_gets_a_code_and_the_values() {
        let p = Problem::empty(Field::FamilyName).in_field(Field::Operator);
        assert_eq!(
            serde_json::to_value(&p).unwrap(),
            serde_json::json!({
                "code": "in_field", "field": "operator",
                "problem": { "code": "empty", "field": "family_name" }
            })
        );
        // The field is data for the app; the command line says it in English.
        assert_eq!(p.to_string(), "operator name (--by): family_name is empty");
    }

    /// The UI's sentences are keyed by these codes (ui/src/i18n/*.ts, `refusals`).
    #[test]
    fn a_code_with_digits_is_written_as_the_bindings_say() {
        let p = Problem::DateBefore1970 {
            date: "1969-12-31".into(),
        };
        assert_eq!(serde_json::to_value(&p).unwrap()["code"], "date_before1970");
    }
}
