//! Paths that name no file: a folder, a device that never ends, a named pipe that blocks
//! whoever opens it. Every command that reads a file handed to it (import, verify, a
//! bundle) refuses them in one line, at once and in little memory, and writes nothing.
//! Before, `verify /dev/zero` and `sync import /dev/zero` grew to gigabytes and `import`
//! of a pipe or a device never returned.

#[path = "../../tests/support/mod.rs"]
mod support;

use std::path::Path;
use std::process::Stdio;
use std::time::{Duration, Instant};

use support::cli::{self, Muster};
use support::TempDb;

/// Runs `args` and asserts it fails with exit 1 and one line naming `path` as no file,
/// within a few seconds (killed, and the test failed, if not).
fn refused_at_once(m: &Muster, args: &[&str], path: &Path) {
    let mut child = m
        .command()
        .args(args)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let start = Instant::now();
    while child.try_wait().unwrap().is_none() {
        if start.elapsed() > Duration::from_secs(10) {
            child.kill().unwrap();
            child.wait().unwrap();
            panic!("{args:?} still running after 10 s");
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    let out = child.wait_with_output().unwrap();
    let err = String::from_utf8(out.stderr).unwrap();
    assert_eq!(out.status.code(), Some(1), "{args:?}: {err}");
    assert_eq!(err.lines().count(), 1, "{args:?}: {err}");
    assert_eq!(
        err.trim_end(),
        format!(
            "muster: {} is not a file but a folder, a device or a pipe: choose the file itself",
            path.display()
        ),
        "{args:?}"
    );
}

#[test]
fn folders_devices_and_pipes_are_refused_by_every_command_that_reads_a_file() {
    let t = TempDb::new();
    muster::demo::load(&mut t.store(), muster::dates::today()).unwrap();
    let m = cli::muster(&t).by("капитан Тестов");

    let fifo = t.dir.path().join("roster.csv");
    let made = std::process::Command::new("mkfifo")
        .arg(&fifo)
        .status()
        .unwrap();
    assert!(made.success());
    let folder = t.dir.path().join("reports.pdf");
    std::fs::create_dir(&folder).unwrap();
    let devices = [Path::new("/dev/zero"), Path::new("/dev/urandom")];

    for path in devices
        .iter()
        .copied()
        .chain([fifo.as_path(), folder.as_path()])
    {
        let p = path.to_str().unwrap();
        for args in [
            &["import", "completions", p][..],
            &["import", "completions", p, "--dry-run"],
            &["import", "roster", p, "--contingent", "DEMO"],
            &["verify", p],
            &["sync", "import", p, "--trust", "HQ"],
            &["sync", "import", p, "--dry-run"],
        ] {
            refused_at_once(&m, args, path);
        }
    }
    let history = m.ok(&["import", "history", "--format", "json"]);
    assert_eq!(history.trim(), "[]", "no import was recorded");
    assert_eq!(m.ok(&["sync", "peers", "--format", "json"]).trim(), "[]");
}

#[test]
fn a_database_that_is_no_file_is_refused_at_once() {
    let t = TempDb::new();
    let fifo = t.dir.path().join("muster.sqlite3");
    let made = std::process::Command::new("mkfifo")
        .arg(&fifo)
        .status()
        .unwrap();
    assert!(made.success());
    let folder = t.dir.path().join("records.sqlite3");
    std::fs::create_dir(&folder).unwrap();
    // /dev/null reads as an empty file: SQLite then failed with "disk I/O error".
    for path in [
        fifo.as_path(),
        folder.as_path(),
        Path::new("/dev/null"),
        Path::new("/dev/zero"),
    ] {
        let m = cli::muster(path).by("капитан Тестов");
        for args in [&["init"][..], &["readiness", "DEMO"], &["check"], &["demo"]] {
            refused_at_once(&m, args, path);
        }
    }
    assert!(std::fs::metadata(&folder).unwrap().is_dir());
    assert_eq!(
        std::fs::read_dir(&folder).unwrap().count(),
        0,
        "nothing made inside"
    );
}
