//! Every import test of the command line in one place (and one test binary): what an
//! imported file's text does on a terminal (`text`) and the limits a hostile file meets
//! (`limits`). The core's import tests are tests/import.

#[path = "../../../tests/support/mod.rs"]
mod support;

mod limits;
mod text;
