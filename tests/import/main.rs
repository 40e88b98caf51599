//! Every import test of the core in one place (and one test binary): a roster or a
//! completions file read from CSV (`csv`), from the spreadsheets training offices send
//! (`sheets`), and bounded fuzzing of every importer (`fuzz`). The command line's import
//! tests are cli/tests/import.

#[path = "../support/mod.rs"]
mod support;

mod csv;
mod fuzz;
mod sheets;
