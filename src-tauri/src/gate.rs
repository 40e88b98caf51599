//! Where the check of the records at start has got to. The window reads the file while it
//! is checked (the check of a training centre's file takes seconds); anything that writes,
//! signs or exports waits here until the check has passed, and gets the check's finding
//! when it has not, so nothing is ever written to, or vouched for from, records changed
//! outside Muster.

use std::sync::{Condvar, Mutex, MutexGuard};

use muster::check::CheckReport;

use crate::error::AppError;

#[derive(Debug, Clone)]
pub enum Phase {
    /// The file is being checked: it can be read, not written.
    Checking,
    /// Checked and opened for use; `read_only` for a copy on read-only media.
    Open { read_only: bool },
    /// The database cannot be used: why, and what the check found when the records were
    /// changed outside Muster.
    Failed {
        error: AppError,
        tampered: Option<Box<CheckReport>>,
    },
}

pub struct Gate {
    phase: Mutex<Phase>,
    settled: Condvar,
}

impl Gate {
    pub fn new(phase: Phase) -> Gate {
        Gate {
            phase: Mutex::new(phase),
            settled: Condvar::new(),
        }
    }

    pub fn phase(&self) -> Phase {
        self.lock().clone()
    }

    /// Ends the check; everyone waiting goes on.
    pub fn settle(&self, phase: Phase) {
        *self.lock() = phase;
        self.settled.notify_all();
    }

    /// Blocks while the check runs; then how it ended.
    pub fn wait(&self) -> Phase {
        let mut phase = self.lock();
        while matches!(*phase, Phase::Checking) {
            phase = self.settled.wait(phase).unwrap_or_else(|p| p.into_inner());
        }
        phase.clone()
    }

    fn lock(&self) -> MutexGuard<'_, Phase> {
        self.phase.lock().unwrap_or_else(|p| p.into_inner())
    }
}
