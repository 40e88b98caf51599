//! What a failed command sends to the window: a kind the UI can branch on and a message
//! written for the person at the keyboard (the core's own wording).

use serde::Serialize;

#[derive(Debug, Clone, Serialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct AppError {
    /// `invalid`, `not_found`, `conflict`, `import`, `database` or `io`.
    pub kind: String,
    pub message: String,
}

impl From<muster::Error> for AppError {
    fn from(e: muster::Error) -> Self {
        use muster::Error as E;
        let kind = match &e {
            E::Invalid(_) => "invalid",
            E::NotFound { .. } => "not_found",
            E::Conflict(_) => "conflict",
            E::Import { .. } => "import",
            E::Io { .. } => "io",
            E::NewerSchema { .. } | E::Backup { .. } | E::Open { .. } | E::Db(_) => "database",
        };
        AppError {
            kind: kind.into(),
            message: e.to_string(),
        }
    }
}

impl AppError {
    pub fn io(path: &std::path::Path, e: std::io::Error) -> Self {
        AppError {
            kind: "io".into(),
            message: format!("{}: {e}", path.display()),
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
