//! Muster's core: the training records of a peacekeeping contingent, the rules that say
//! who is ready to deploy, and the files that go in and out. Knows nothing of Tauri or the
//! terminal; the command line and the desktop app are thin front ends over it.

pub mod activity;
pub mod chars;
pub mod check;
pub mod checks;
pub mod dashboard;
pub mod dates;
pub mod demo;
pub mod domain;
pub mod due;
pub mod error;
pub mod export;
pub mod field;
pub mod file_identity;
pub mod fingerprint;
pub mod glossary;
pub mod huge_pages;
pub mod import;
pub mod input;
pub mod installation;
pub mod key_names;
pub mod marks;
pub mod matrix;
pub mod module_map;
pub mod output;
pub mod paths;
pub mod priority;
pub mod problem;
pub mod readiness;
pub mod record_id;
pub mod report;
pub mod rules;
pub mod service_record;
pub mod session;
pub mod signing;
pub mod signoff;
pub mod store;
pub mod sync;
pub mod text;
pub mod words;

pub use error::{Error, Result};

/// Muster's version: the workspace's (Cargo.toml), the one place it is written. The
/// desktop app and its installers carry the same one.
pub const VERSION: &str = env!("CARGO_PKG_VERSION");
pub use store::Store;
