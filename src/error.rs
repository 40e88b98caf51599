//! One error type for the whole core. Every message is written for the person at the
//! keyboard: it names the record, row or field at fault and, where it can, what to do.

use std::path::PathBuf;

use crate::import::RowError;

#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// A value typed or imported by a user is not acceptable.
    #[error("{0}")]
    Invalid(String),

    /// Something named by the user does not exist.
    #[error("{what} {key:?} not found{hint}")]
    NotFound {
        what: &'static str,
        key: String,
        hint: &'static str,
    },

    /// The change would contradict an earlier record (amending a voided record, …).
    #[error("{0}")]
    Conflict(String),

    /// A file that failed validation: nothing was written.
    #[error("{} bad row(s) in {file}; nothing was imported", .errors.len())]
    Import { file: String, errors: Vec<RowError> },

    #[error("the database {path} was written by a newer Muster (schema version {found}, this build knows up to {known}); it was left untouched: install the newer Muster")]
    NewerSchema {
        path: PathBuf,
        found: i64,
        known: i64,
    },

    #[error("cannot back up {path} before upgrading it: {source}; nothing was changed")]
    Backup {
        path: PathBuf,
        source: rusqlite::Error,
    },

    #[error("cannot open the database {path}: {source}")]
    Open {
        path: PathBuf,
        source: rusqlite::Error,
    },

    #[error("{path}: {source}")]
    Io {
        path: PathBuf,
        source: std::io::Error,
    },

    #[error("database error: {0}")]
    Db(#[from] rusqlite::Error),
}

impl Error {
    pub fn invalid(msg: impl Into<String>) -> Self {
        Error::Invalid(msg.into())
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

pub type Result<T, E = Error> = std::result::Result<T, E>;
