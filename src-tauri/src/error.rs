//! What a failed command sends to the window: a kind the UI can branch on, the core's
//! English message, and the problem as data so the UI can say it in the user's language.

use muster::problem::Problem;
use serde::Serialize;

#[derive(Debug, Clone, Serialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct AppError {
    /// `invalid`, `not_found`, `conflict`, `database` or `io`.
    pub kind: String,
    pub message: String,
    pub problem: Box<Problem>,
}

impl From<muster::Error> for AppError {
    fn from(e: muster::Error) -> Self {
        use muster::Error as E;
        let kind = match &e {
            E::Invalid(_) => "invalid",
            E::NotFound { .. } => "not_found",
            E::Conflict(_) => "conflict",
            E::Io { .. } => "io",
            E::NewerSchema { .. }
            | E::Backup { .. }
            | E::Open { .. }
            | E::Migration { .. }
            | E::Db(_) => "database",
        };
        let problem = e.problem();
        // What is wrong with the database file itself, whichever error carries it.
        let kind = match problem {
            Problem::NotADatabase { .. }
            | Problem::ForeignDatabase { .. }
            | Problem::NoDatabase { .. }
            | Problem::ReadOnlyNeedsUpgrade { .. }
            | Problem::RecordsTampered { .. } => "database",
            _ => kind,
        };
        AppError {
            kind: kind.into(),
            message: e.to_string(),
            problem: Box::new(problem),
        }
    }
}

impl From<Problem> for AppError {
    fn from(p: Problem) -> Self {
        muster::Error::from(p).into()
    }
}

impl AppError {
    pub fn io(path: &std::path::Path, e: std::io::Error) -> Self {
        let message = format!("{}: {e}", path.display());
        AppError {
            kind: "io".into(),
            problem: Box::new(Problem::other(&message)),
            message,
        }
    }
}

impl std::fmt::Display for AppError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for AppError {}

pub type AppResult<T> = Result<T, AppError>;
