//! The one way the command-line tests run the built `muster` binary: on one database file
//! ($MUSTER_DB, the same as `--db`), as one operator or none, with an app-data folder (its
//! signing key, its trusted keys) of its own, stdin closed. Nothing of the environment the
//! tests run in reaches it.

use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

/// The built binary. Cargo names it only to the tests of the package that builds it
/// (muster-cli), so the core's tests compile this module but never run it: `env!` would
/// not compile there, hence the lint's exception.
#[allow(clippy::option_env_unwrap)]
pub fn bin() -> &'static str {
    option_env!("CARGO_BIN_EXE_muster").expect("the muster binary: run from muster-cli's tests")
}

/// `muster` on `db`: see `Muster::new`.
pub fn muster(db: impl AsRef<Path>) -> Muster {
    Muster::new(db)
}

/// `muster` on one database, as one operator.
#[derive(Clone, Debug)]
pub struct Muster {
    db: PathBuf,
    data_dir: PathBuf,
    operator: Option<String>,
}

impl Muster {
    /// On `db`, with no operator ($MUSTER_OPERATOR removed, so a command that needs one
    /// says so), its app data in `app-data` beside the database.
    pub fn new(db: impl AsRef<Path>) -> Muster {
        let db = db.as_ref().to_path_buf();
        let data_dir = db.parent().expect("in a folder").join("app-data");
        Muster {
            db,
            data_dir,
            operator: None,
        }
    }

    /// As `operator` ($MUSTER_OPERATOR).
    pub fn by(mut self, operator: &str) -> Muster {
        self.operator = Some(operator.into());
        self
    }

    /// With its app data in `dir`.
    pub fn data_dir(mut self, dir: impl AsRef<Path>) -> Muster {
        self.data_dir = dir.as_ref().to_path_buf();
        self
    }

    pub fn db(&self) -> &Path {
        &self.db
    }

    /// The command with nothing but its environment, for a test that pipes or spawns it.
    pub fn command(&self) -> Command {
        self.command_under(&[])
    }

    /// The same, run by `wrapper` (for example `prlimit --as=…`) when it is not empty.
    pub fn command_under(&self, wrapper: &[&str]) -> Command {
        let mut c = match wrapper.split_first() {
            Some((program, args)) => {
                let mut c = Command::new(program);
                c.args(args).arg(bin());
                c
            }
            None => Command::new(bin()),
        };
        c.env("MUSTER_DB", &self.db)
            .env("MUSTER_DATA_DIR", &self.data_dir)
            .stdin(Stdio::null());
        match &self.operator {
            Some(o) => c.env("MUSTER_OPERATOR", o),
            None => c.env_remove("MUSTER_OPERATOR"),
        };
        c
    }

    /// Runs it to the end, whatever it says.
    pub fn run(&self, args: &[&str]) -> Output {
        self.command().args(args).output().unwrap()
    }

    /// Succeeds; returns stdout.
    pub fn ok(&self, args: &[&str]) -> String {
        let o = self.run(args);
        assert!(
            o.status.success(),
            "{args:?}: {}",
            String::from_utf8_lossy(&o.stderr)
        );
        String::from_utf8(o.stdout).unwrap()
    }

    /// Fails with exit 1 and exactly one line on stderr, `muster: …`, never a panic or a
    /// debug dump; returns the line without its line end.
    pub fn fails(&self, args: &[&str]) -> String {
        let o = self.run(args);
        let err = String::from_utf8(o.stderr).unwrap();
        assert_eq!(
            o.status.code(),
            Some(1),
            "{args:?}: {}{err}",
            String::from_utf8_lossy(&o.stdout)
        );
        assert_eq!(err.lines().count(), 1, "{args:?}: one line, got {err:?}");
        assert!(err.starts_with("muster: "), "{err}");
        assert!(
            !err.contains("panicked") && !err.contains("Error {"),
            "{err}"
        );
        err.trim_end().to_string()
    }

    /// Fails with exit 1, every line on stderr a `muster: …` line (an import names each
    /// bad row on a line of its own); returns them all.
    pub fn fails_in_lines(&self, args: &[&str]) -> String {
        let o = self.run(args);
        let err = String::from_utf8(o.stderr).unwrap();
        assert_eq!(o.status.code(), Some(1), "{args:?}: {err}");
        assert!(
            err.lines().count() > 0 && err.lines().all(|l| l.starts_with("muster: ")),
            "{args:?}: {err}"
        );
        err
    }

    /// The exit code and everything it wrote, stdout then stderr.
    pub fn said(&self, args: &[&str]) -> (i32, String) {
        let o = self.run(args);
        let mut all = o.stdout;
        all.extend(o.stderr);
        (
            o.status.code().unwrap_or(-1),
            String::from_utf8(all).expect("UTF-8 output"),
        )
    }
}
