//! One error type for the whole core. Every message is written for the person at the
//! keyboard: it names the record, row or field at fault and, where it can, what to do.

use std::path::PathBuf;

pub use crate::problem::Problem;

/// A key as a message names it: a number Muster gave (`#12`) as it is, anything typed in
/// quotes with its control characters escaped, so a hostile name cannot drive the terminal.
fn shown_key(key: &str) -> String {
    match key.strip_prefix('#') {
        Some(n) if !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()) => key.to_string(),
        _ => format!("{key:?}"),
    }
}

#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// A value typed or imported by a user is not acceptable.
    #[error("{0}")]
    Invalid(Problem),

    /// Something named by the user does not exist.
    #[error("{what} {} not found{hint}", shown_key(key))]
    NotFound {
        what: &'static str,
        key: String,
        hint: &'static str,
    },

    /// The change would contradict an earlier record (amending a voided record, …).
    #[error("{0}")]
    Conflict(Problem),

    // These three say what their Problem says (src/problem.rs holds the wording once).
    #[error("{}", self.problem())]
    NewerSchema {
        path: PathBuf,
        found: i64,
        known: i64,
    },

    #[error("{}", self.problem())]
    Backup {
        path: PathBuf,
        source: rusqlite::Error,
    },

    #[error("{}", self.problem())]
    Open {
        path: PathBuf,
        source: rusqlite::Error,
    },

    /// A schema upgrade failed; the transaction rolled back, the file is as it was.
    #[error("cannot upgrade the database {} to schema version {step}: {}; nothing was changed", .path.display(), sqlite_message(.source))]
    Migration {
        path: PathBuf,
        step: i64,
        source: rusqlite::Error,
    },

    #[error("{path}: {source}")]
    Io {
        path: PathBuf,
        source: std::io::Error,
    },

    #[error("{}", db_message(.0))]
    Db(#[from] rusqlite::Error),
}

impl Error {
    /// A refusal worded in English only (command-line usage, unwritable files). Whatever
    /// the app's user can meet has its own `Problem` instead, so it can be translated.
    pub fn invalid(msg: impl Into<String>) -> Self {
        Error::Invalid(Problem::other(msg))
    }

    /// What went wrong, as data for a front end that says it in the user's language.
    pub fn problem(&self) -> Problem {
        match self {
            Error::Invalid(p) | Error::Conflict(p) => p.clone(),
            Error::NotFound { what, key, .. } => Problem::NotFound {
                what: what.to_string(),
                key: key.clone(),
            },
            Error::NewerSchema { path, found, known } => Problem::NewerDatabase {
                file: path.display().to_string(),
                found: found.to_string(),
                known: known.to_string(),
            },
            Error::Open { path, source } => Problem::CannotOpenDatabase {
                file: path.display().to_string(),
                detail: source.to_string(),
            },
            Error::Backup { path, source } => Problem::CannotBackUp {
                file: path.display().to_string(),
                detail: source.to_string(),
            },
            Error::Db(e) if e.sqlite_error_code() == Some(rusqlite::ErrorCode::ReadOnly) => {
                Problem::ReadOnlyDatabase
            }
            Error::Db(e) if is_busy(e) => Problem::DatabaseBusy,
            other => Problem::other(other.to_string()),
        }
    }

    /// The same error, said of a named input: `--as-of: date "x" is not …`.
    pub fn in_field(self, field: crate::field::Field) -> Self {
        match self {
            Error::Invalid(p) => Error::Invalid(p.in_field(field)),
            other => other,
        }
    }

    /// A contingent code that matches none, with where to look.
    pub fn unknown_contingent(code: &str) -> Self {
        Error::NotFound {
            what: "contingent",
            key: code.trim().to_string(),
            hint: " (see `muster contingent list`)",
        }
    }

    /// A module code that is not in the curriculum, with where to look.
    pub fn unknown_module(code: &str) -> Self {
        Error::NotFound {
            what: "module",
            key: code.trim().to_string(),
            hint: " (see `muster curriculum list`)",
        }
    }

    pub fn not_found(what: &'static str, key: impl Into<String>) -> Self {
        Error::NotFound {
            what,
            key: key.into(),
            hint: "",
        }
    }
}

impl From<Problem> for Error {
    fn from(p: Problem) -> Self {
        Error::Invalid(p)
    }
}

/// A write refused because the copy is read-only says so in words; anything else is
/// SQLite's own sentence.
fn db_message(e: &rusqlite::Error) -> String {
    if e.sqlite_error_code() == Some(rusqlite::ErrorCode::ReadOnly) {
        return Problem::ReadOnlyDatabase.to_string();
    }
    if is_busy(e) {
        return Problem::DatabaseBusy.to_string();
    }
    format!("database error: {e}")
}

/// SQLite waited for another connection's write (five seconds) and gave up.
fn is_busy(e: &rusqlite::Error) -> bool {
    matches!(
        e.sqlite_error_code(),
        Some(rusqlite::ErrorCode::DatabaseBusy | rusqlite::ErrorCode::DatabaseLocked)
    )
}

/// SQLite's own sentence for an error, never the SQL it was running (a migration's SQL is
/// pages long and means nothing to the person reading the error).
fn sqlite_message(e: &rusqlite::Error) -> String {
    match e {
        rusqlite::Error::SqliteFailure(code, Some(msg)) => format!("{msg} ({:?})", code.code),
        rusqlite::Error::SqliteFailure(code, None) => format!("{code}"),
        rusqlite::Error::SqlInputError { error, msg, .. } => format!("{msg} ({:?})", error.code),
        other => other.to_string(),
    }
}

pub type Result<T, E = Error> = std::result::Result<T, E>;

#[cfg(test)]
mod tests {
    use super::Error;

    /// An import's number is named as Muster gave it; a typed key is quoted and escaped.
    #[test]
    fn what_was_not_found_is_named_plainly_and_safely() {
        let nf = |key: &str| {
            Error::NotFound {
                what: "import",
                key: key.into(),
                hint: "",
            }
            .to_string()
        };
        assert_eq!(nf("#99"), "import #99 not found");
        assert_eq!(nf("KZ1"), "import \"KZ1\" not found");
        assert_eq!(nf("#9\u{1b}[2J"), "import \"#9\\u{1b}[2J\" not found");
        assert_eq!(nf("#"), "import \"#\" not found");
    }
}
