//! `muster`: the command line over Muster's core. Every failure is one line on stderr and
//! a non-zero exit, whatever the input.

/// A line on stderr, with whatever outside text it quotes made printable (`terminal`).
macro_rules! say {
    ($($t:tt)*) => {
        eprintln!("{}", crate::terminal::printable(&format!($($t)*)))
    };
}

// The grammar (`args`) and the wording (`render`) at the bottom; a file per group of
// commands above them; `commands` runs whichever was asked.
mod args;
mod check;
mod commands;
mod keys;
mod person;
mod render;
mod reports;
mod sheets;
mod sync;
mod terminal;

/// Readiness of a large contingent allocates a few strings per person; mimalloc does that
/// at about half the cost of the system allocator (docs/speed.md).
#[global_allocator]
static ALLOC: mimalloc::MiMalloc = mimalloc::MiMalloc;

use std::io::Write;
use std::process::ExitCode;

use clap::Parser;

fn main() -> ExitCode {
    muster::huge_pages::disable();
    std::panic::set_hook(Box::new(|info| {
        // A workbook library that panics on a malformed file: the import says so itself.
        if muster::import::in_workbook_reader() {
            return;
        }
        let msg = info
            .payload()
            .downcast_ref::<&str>()
            .map(|s| s.to_string())
            .or_else(|| info.payload().downcast_ref::<String>().cloned())
            .unwrap_or_default();
        eprintln!("muster: internal error: {msg} (please report this)");
    }));
    let cli = args::Cli::parse();
    match commands::run(cli) {
        Ok(out) => {
            let mut stdout = std::io::stdout().lock();
            // A closed pipe (`muster readiness X | head`) is not an error.
            let _ = stdout
                .write_all(terminal::printable(&out).as_bytes())
                .and_then(|_| stdout.flush());
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("muster: {}", terminal::printable(&e.to_string()));
            ExitCode::FAILURE
        }
    }
}
