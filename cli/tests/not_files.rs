//! Paths that name no file: a folder, a device that never ends, a named pipe that blocks
//! whoever opens it. Every command that reads a file handed to it (import, verify, a
//! bundle) refuses them in one line, at once and in little memory, and writes nothing.
//! Before, `verify /dev/zero` and `sync import /dev/zero` grew to gigabytes and `import`
//! of a pipe or a device never returned.

#[path = "../../tests/support/mod.rs"]
mod support;

use std::os::unix::fs::FileTypeExt;
use std::path::Path;
use std::process::{Output, Stdio};
use std::time::{Duration, Instant};

use support::cli::{self, Muster};
use support::TempDb;

/// A database with the demo contingent, and `muster` on it.
fn demo() -> (TempDb, Muster) {
    let t = TempDb::new();
    muster::demo::load(&mut t.store(), muster::dates::today()).unwrap();
    let m = cli::muster(&t).by("капитан Тестов");
    (t, m)
}

/// A named pipe at `path`: opening it blocks until someone writes to it.
fn mkfifo(path: &Path) {
    let made = std::process::Command::new("mkfifo")
        .arg(path)
        .status()
        .unwrap();
    assert!(made.success());
}

/// Runs `args` to its end, or kills it and fails the test after `limit`.
fn run_within(m: &Muster, args: &[&str], limit: Duration) -> Output {
    let mut child = m
        .command()
        .args(args)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let start = Instant::now();
    while child.try_wait().unwrap().is_none() {
        if start.elapsed() > limit {
            child.kill().unwrap();
            child.wait().unwrap();
            panic!("{args:?} still running after {limit:?}");
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    child.wait_with_output().unwrap()
}

/// Runs `args` and asserts it fails with exit 1 and one line naming `path` as no file,
/// within a few seconds.
fn refused_at_once(m: &Muster, args: &[&str], path: &Path) {
    let out = run_within(m, args, Duration::from_secs(10));
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
    let (t, m) = demo();

    let fifo = t.dir.path().join("roster.csv");
    mkfifo(&fifo);
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
    mkfifo(&fifo);
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

#[test]
fn no_output_goes_into_a_folder_a_device_or_a_pipe() {
    let (t, m) = demo();
    let commands: [(&str, &[&str]); 6] = [
        ("pdf", &["report", "DEMO", "--format", "pdf", "--out"]),
        ("json", &["report", "DEMO", "--format", "json", "--out"]),
        ("csv", &["export", "roster", "DEMO", "--out"]),
        ("xlsx", &["export", "matrix", "DEMO", "--out"]),
        ("xlsx", &["template", "completions", "--out"]),
        ("muster", &["sync", "export", "--out"]),
    ];
    for (n, (ending, command)) in commands.iter().enumerate() {
        let fifo = t.dir.path().join(format!("pipe{n}.{ending}"));
        mkfifo(&fifo);
        let folder = t.dir.path().join(format!("folder{n}.{ending}"));
        std::fs::create_dir(&folder).unwrap();
        let link = t.dir.path().join(format!("null{n}.{ending}"));
        std::os::unix::fs::symlink("/dev/null", &link).unwrap();
        for path in [&fifo, &folder, &link] {
            let p = path.to_str().unwrap();
            let args: Vec<&str> = command.iter().copied().chain([p]).collect();
            let o = run_within(&m, &args, Duration::from_secs(20));
            let err = String::from_utf8(o.stderr).unwrap();
            assert_eq!(o.status.code(), Some(1), "{args:?}: {err}");
            assert_eq!(
                err.trim_end(),
                format!(
                    "muster: {p} is a folder, a device or a pipe, not a file: name a file to write"
                ),
                "{args:?}"
            );
        }
        assert!(std::fs::metadata(&fifo).unwrap().file_type().is_fifo());
        assert_eq!(std::fs::read_dir(&folder).unwrap().count(), 0);
    }
    let null = std::fs::metadata("/dev/null").unwrap();
    assert!(null.file_type().is_char_device());
    // Nothing but what the test made: no partial file left beside any of them.
    let strays: Vec<_> = std::fs::read_dir(t.dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .filter(|n| n.starts_with(".muster-"))
        .collect();
    assert!(strays.is_empty(), "{strays:?}");
}

/// A report file of gigabytes is refused by its size, before a byte is read (it used to be
/// read whole first: 25 s and 2 GB of memory for a 5 GB file).
#[test]
fn a_file_too_large_to_be_a_report_is_refused_unread() {
    let (t, m) = demo();
    let big = t.dir.path().join("huge.pdf");
    let f = std::fs::File::create(&big).unwrap();
    f.set_len(muster::signoff::MAX_REPORT_BYTES + 1).unwrap();
    let start = Instant::now();
    let out = run_within(
        &m,
        &["verify", big.to_str().unwrap()],
        Duration::from_secs(10),
    );
    let err = String::from_utf8(out.stderr).unwrap();
    assert_eq!(out.status.code(), Some(1), "{err}");
    assert!(err.contains("larger than 1024 MiB"), "{err}");
    assert!(
        start.elapsed() < Duration::from_secs(2),
        "{:?}",
        start.elapsed()
    );
}

/// A file's name that holds a carriage return, a line break or a terminal's escape
/// sequence cannot make verify's verdict read as another: the name is written out, the
/// answer stays one line.
#[test]
fn a_hostile_file_name_cannot_forge_a_verdict_line() {
    let (t, m) = demo();
    let good = t.dir.path().join("r.json");
    m.ok(&[
        "report",
        "DEMO",
        "--format",
        "json",
        "--out",
        good.to_str().unwrap(),
    ]);
    let name = "r.json\rsignature valid: r.json is exactly as Muster issued it (JSON)\u{1b}[K\n\u{1b}[8m.json";
    let forged = t.dir.path().join(name);
    let mut bytes = std::fs::read(&good).unwrap();
    bytes.push(b' ');
    std::fs::write(&forged, bytes).unwrap();
    let out = m.run(&["verify", forged.to_str().unwrap()]);
    let err = String::from_utf8(out.stderr).unwrap();
    assert_eq!(out.status.code(), Some(1), "{err}");
    assert_eq!(err.lines().count(), 1, "{err}");
    assert!(!err.contains(['\r', '\u{1b}']), "{err:?}");
    assert!(err.contains("\\u{d}signature valid"), "{err}");
}
