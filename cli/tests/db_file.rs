//! The database file itself: Muster opens only its own files and leaves anyone else's
//! byte for byte as it was; no report, export, template or backup is ever written over a
//! database; every output is all or nothing, on a full disk too; a copy on read-only media
//! can be read. Media conditions are real: a tmpfs mounted small or read-only in a
//! private mount namespace (`unshare`), never a mock.

#[path = "../../tests/support/mod.rs"]
mod support;

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use rusqlite::Connection;
use support::cli::{self, Muster};
use support::TempDb;

fn muster(db: &Path) -> Muster {
    cli::muster(db).by("капитан Тестов")
}

fn demo_db(t: &TempDb) {
    let mut s = t.store();
    muster::demo::load(&mut s, muster::dates::today()).unwrap();
}

/// Every file in a folder, with its bytes.
fn folder(dir: &Path) -> Vec<(PathBuf, Vec<u8>)> {
    let mut v: Vec<_> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| {
            let p = e.unwrap().path();
            let bytes = std::fs::read(&p).unwrap_or_default();
            (p, bytes)
        })
        .collect();
    v.sort();
    v
}

#[test]
fn another_applications_database_is_refused_and_left_untouched() {
    let cases: [(&str, &str); 6] = [
        ("marked by another application", "PRAGMA application_id = 305419896; CREATE TABLE t (x); INSERT INTO t VALUES (1);"),
        ("unmarked, its own tables", "CREATE TABLE contacts (name TEXT, phone TEXT); INSERT INTO contacts VALUES ('Аня', '+7 701');"),
        ("a table named meta and nothing else", "CREATE TABLE meta (key TEXT, value TEXT); INSERT INTO meta VALUES ('a', 'b');"),
        ("Muster-like names beside its own", "CREATE TABLE meta (k); CREATE TABLE attempt (x); CREATE TABLE person (y); CREATE TABLE notes (z); PRAGMA user_version = 3;"),
        ("Muster's names at version 0", "CREATE TABLE meta (k); CREATE TABLE attempt (x); CREATE TABLE person (y);"),
        ("in WAL mode", "PRAGMA journal_mode = WAL; CREATE TABLE inventory (item); INSERT INTO inventory VALUES ('rifle');"),
    ];
    for (what, sql) in cases {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("other.db");
        {
            let c = Connection::open(&path).unwrap();
            c.execute_batch(sql).unwrap();
        }
        let before = folder(dir.path());
        for args in [&["init"][..], &["contingent", "list"], &["check"]] {
            let err = muster(&path).fails(args);
            assert!(err.contains("is not a Muster database"), "{what}: {err}");
            assert!(err.contains("left untouched"), "{what}: {err}");
            assert!(!err.contains("CREATE"), "{what}: SQL in the error: {err}");
        }
        let e = muster::Store::open(&path).err().expect(what);
        assert!(
            matches!(
                e.problem(),
                muster::problem::Problem::ForeignDatabase { .. }
            ),
            "{what}: {e}"
        );
        assert_eq!(folder(dir.path()), before, "{what}: the folder changed");
    }
}

/// A file that passes for an older Muster's (Muster's table names, a version of 3, no
/// other table) but cannot be upgraded: the refusal's "nothing was changed" is true, and
/// one copy is made, not one per try. It used to switch the file to write-ahead logging
/// first (its header rewritten) and leave a new copy beside it on every command.
#[test]
fn an_upgrade_that_fails_leaves_the_file_byte_for_byte_and_no_copy() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("old.db");
    {
        let c = Connection::open(&path).unwrap();
        c.execute_batch(
            "CREATE TABLE meta (k); CREATE TABLE attempt (x); CREATE TABLE person (y); PRAGMA user_version = 3;",
        )
        .unwrap();
    }
    let file = std::fs::read(&path).unwrap();
    let err = muster(&path).fails(&["init"]);
    assert!(err.contains("nothing was changed"), "{err}");
    let after_first = folder(dir.path());
    assert_eq!(after_first.len(), 2, "the file and one copy");
    for args in [&["init"][..], &["contingent", "list"], &["readiness", "X"]] {
        let err = muster(&path).fails(args);
        assert!(err.contains("nothing was changed"), "{err}");
        assert_eq!(
            folder(dir.path()),
            after_first,
            "{args:?}: the folder changed"
        );
    }
    assert_eq!(std::fs::read(&path).unwrap(), file);
}

#[test]
fn a_mistyped_database_path_is_refused_and_no_file_is_made() {
    let t = TempDb::new();
    demo_db(&t);
    let typo = t.as_ref().with_file_name("trainig.sqlite3");
    let report = t.as_ref().with_file_name("r.json");
    muster(t.as_ref()).ok(&[
        "report",
        "DEMO",
        "--format",
        "json",
        "--out",
        report.to_str().unwrap(),
    ]);
    let r = report.to_str().unwrap();
    let bundle = t.as_ref().with_file_name("b.muster");
    muster(t.as_ref()).ok(&["sync", "export", "--out", bundle.to_str().unwrap()]);
    let b = bundle.to_str().unwrap();
    // Reading or a dry run: none answers from, or makes, a new empty file.
    for args in [
        vec!["verify", r],
        vec!["readiness", "DEMO"],
        vec!["history", "KZ200001"],
        vec!["sync", "peers"],
        vec!["sync", "import", b, "--dry-run", "--trust", "HQ"],
        vec!["contingent", "list"],
        vec!["import", "completions", r, "--dry-run"],
        vec![
            "person",
            "merge",
            "KZ1",
            "--into",
            "KZ2",
            "--reason",
            "x",
            "--dry-run",
        ],
    ] {
        let e = muster(&typo).fails(&args);
        assert_eq!(
            e,
            format!(
                "muster: there is no database at {0}: check the path, or make one with `muster \
                 --db {0} init`",
                typo.display()
            ),
            "{args:?}"
        );
        assert!(!typo.exists(), "{:?} made the file", args);
    }
    // A command that writes, refused (a bundle not there, a day the calendar lacks, a
    // soldier not on file), takes back the file it made, and says there is none.
    let missing = typo.with_file_name("no-such.muster");
    for args in [
        vec!["sync", "import", missing.to_str().unwrap(), "--trust", "HQ"],
        vec![
            "contingent",
            "add",
            "X",
            "--name",
            "x",
            "--mission",
            "UNIFIL",
            "--training-start",
            "2026-13-01",
            "--deploy-on",
            "2027-01-01",
        ],
        vec!["person", "edit", "KZ1", "--unit", "2 взвод"],
    ] {
        let e = muster(&typo).fails(&args);
        assert!(
            e.ends_with(&format!(
                " (and there was no database at {}: none was left there; check the path if you meant another)",
                typo.display()
            )),
            "{args:?}: {e}"
        );
        assert!(!typo.exists(), "{args:?} left the file");
    }
    // A new laptop's first bundle makes its database, as `init` does.
    let said = muster(&typo).ok(&["sync", "import", b, "--trust", "HQ"]);
    assert!(said.contains("added"), "{said}");
    assert!(typo.exists());
}

#[test]
fn a_file_that_is_not_sqlite_is_refused_untouched_and_an_empty_one_becomes_a_database() {
    let t = TempDb::new();
    std::fs::write(&t.path, b"%PDF-1.7 not a database").unwrap();
    let err = muster(&t.path).fails(&["init"]);
    assert!(err.contains("not an SQLite file"), "{err}");
    assert_eq!(std::fs::read(&t.path).unwrap(), b"%PDF-1.7 not a database");

    std::fs::write(&t.path, b"").unwrap();
    assert!(muster(&t.path).run(&["init"]).status.success());
    let app: i32 = Connection::open(&t.path)
        .unwrap()
        .query_row("PRAGMA application_id", [], |r| r.get(0))
        .unwrap();
    assert_eq!(app, muster::store::db::APPLICATION_ID);
}

#[test]
fn no_output_is_ever_written_over_the_database_or_its_side_files() {
    let dir = tempfile::tempdir().unwrap();
    // A database whose name looks like an export.
    let db = dir.path().join("d.csv");
    let t = TempDb {
        path: db.clone(),
        dir,
    };
    demo_db(&t);
    let before = std::fs::read(&db).unwrap();
    let db_s = db.to_str().unwrap();
    let wal = format!("{db_s}-wal");
    let shm = format!("{db_s}-shm");
    let journal = format!("{db_s}-journal");
    // A copy of the database named like a workbook.
    let copy = t.dir.path().join("roster.xlsx");
    std::fs::copy(&db, &copy).unwrap();
    let copy = copy.to_str().unwrap().to_string();
    let attempts: Vec<Vec<&str>> = vec![
        vec!["report", "DEMO", "--format", "json", "--out", db_s],
        vec!["report", "DEMO", "--format", "pdf", "--out", db_s],
        vec!["report", "DEMO", "--format", "html", "--out", &wal],
        vec!["report", "DEMO", "--format", "html", "--out", &shm],
        vec!["export", "matrix", "DEMO", "--out", db_s],
        vec!["export", "roster", "DEMO", "--out", db_s],
        vec!["export", "completions", "DEMO", "--out", db_s],
        vec!["template", "roster", "--out", &copy],
        vec!["report", "DEMO", "--format", "json", "--out", &journal],
    ];
    for args in &attempts {
        let err = muster(&db).fails(args);
        assert!(
            err.contains("Muster never writes over a database"),
            "{args:?}: {err}"
        );
    }
    assert_eq!(std::fs::read(&db).unwrap(), before);
    assert!(!Path::new(&journal).exists());
    // Another name for a side file of the open database (a hard link to its -shm, which
    // holds no magic number to know it by): refused by every output alike, exports too.
    {
        let open = Connection::open(&db).unwrap();
        let _: i64 = open
            .query_row("SELECT count(*) FROM person", [], |r| r.get(0))
            .unwrap();
        assert!(Path::new(&shm).exists());
        let linked = t.dir.path().join("linked.csv");
        std::fs::hard_link(&shm, &linked).unwrap();
        let linked = linked.to_str().unwrap();
        for args in [
            vec!["export", "matrix", "DEMO", "--out", linked],
            vec!["export", "roster", "DEMO", "--out", linked],
            vec!["export", "completions", "DEMO", "--out", linked],
            vec!["report", "DEMO", "--format", "json", "--out", linked],
        ] {
            let err = muster(&db).fails(&args);
            assert!(
                err.contains("Muster never writes over a database"),
                "{args:?}: {err}"
            );
        }
        std::fs::remove_file(linked).unwrap();
    }
    assert!(muster(&db).run(&["check"]).status.success());
    // Another database in the same folder, by a name that is not Muster's, is safe too.
    let other = t.dir.path().join("backup-2026.sqlite3");
    std::fs::copy(&db, &other).unwrap();
    let err = muster(&db).fails(&[
        "report",
        "DEMO",
        "--format",
        "json",
        "--out",
        other.to_str().unwrap(),
    ]);
    assert!(err.contains("never writes over a database"), "{err}");
}

/// Runs a shell script as root in a private mount namespace (so it can mount a tmpfs),
/// with `$MUSTER` and `$DIR` set. Root in CI; elsewhere a user namespace makes one.
fn in_private_mounts(dir: &Path, script: &str) -> Output {
    let root = Command::new("id")
        .arg("-u")
        .output()
        .map(|o| o.stdout == b"0\n")
        .unwrap_or(false);
    let mut cmd = Command::new("unshare");
    if !root {
        cmd.arg("--map-root-user");
    }
    let o = cmd
        .args(["--mount", "--propagation", "private", "sh", "-euc", script])
        .env("MUSTER", cli::bin())
        .env("MUSTER_OPERATOR", "капитан Тестов")
        .env("DIR", dir)
        .output()
        .expect("unshare (util-linux) runs");
    assert!(
        o.status.success(),
        "script failed: {}\n{}",
        String::from_utf8_lossy(&o.stdout),
        String::from_utf8_lossy(&o.stderr)
    );
    o
}

fn read(dir: &Path, name: &str) -> String {
    std::fs::read_to_string(dir.join(name)).unwrap_or_else(|e| panic!("{name}: {e}"))
}

#[test]
fn a_copy_on_read_only_media_is_read_and_nothing_can_be_written_to_it() {
    let t = TempDb::new();
    demo_db(&t);
    let readiness = muster(&t.path).run(&["readiness", "DEMO", "--format", "json"]);
    assert!(readiness.status.success());
    let sn = muster::Store::open(&t.path)
        .unwrap()
        .personnel("DEMO")
        .unwrap()[0]
        .service_number
        .clone();
    let out = t.dir.path().join("out");
    std::fs::create_dir(&out).unwrap();
    std::fs::copy(&t.path, out.join("source.sqlite3")).unwrap();
    in_private_mounts(
        &out,
        &format!(
            r#"mkdir "$DIR/stick"
mount -t tmpfs -o size=16m tmpfs "$DIR/stick"
cp "$DIR/source.sqlite3" "$DIR/stick/copy.sqlite3"
mount -o remount,ro "$DIR/stick"
db="$DIR/stick/copy.sqlite3"
"$MUSTER" --db "$db" readiness DEMO --format json > "$DIR/readiness.json"
"$MUSTER" --db "$db" history {sn} > "$DIR/history.txt"
"$MUSTER" --db "$db" check > "$DIR/check.txt"
"$MUSTER" --db "$db" report DEMO --format json --out "$DIR/report.json" > /dev/null
if "$MUSTER" --db "$db" log --module ROE --date 2026-01-05 --result pass {sn} 2> "$DIR/log.err"; then exit 3; fi
if "$MUSTER" --db "$db" person edit {sn} --rank генерал 2> "$DIR/edit.err"; then exit 4; fi
ls -A "$DIR/stick" > "$DIR/ls.txt"
"#
        ),
    );
    assert_eq!(read(&out, "readiness.json").as_bytes(), readiness.stdout);
    assert!(read(&out, "history.txt").contains("ROE") || read(&out, "history.txt").contains(&sn));
    assert!(
        read(&out, "check.txt").starts_with("ok: "),
        "{}",
        read(&out, "check.txt")
    );
    let report: serde_json::Value = serde_json::from_str(&read(&out, "report.json")).unwrap();
    assert_eq!(report["header"]["code"], "DEMO");
    for err in ["log.err", "edit.err"] {
        let e = read(&out, err);
        assert_eq!(
            e.trim(),
            "muster: this database is a read-only copy: nothing can be changed in it; copy it to a folder you can write to first",
            "{err}"
        );
    }
    assert_eq!(
        read(&out, "ls.txt"),
        "copy.sqlite3\n",
        "no side files on the stick"
    );
}

#[test]
fn a_full_disk_keeps_the_old_output_leaves_no_partial_file_and_still_reads() {
    let t = TempDb::new();
    demo_db(&t);
    let out = t.dir.path().join("out");
    std::fs::create_dir(&out).unwrap();
    std::fs::copy(&t.path, out.join("source.sqlite3")).unwrap();
    in_private_mounts(
        &out,
        r#"mkdir "$DIR/disk"
mount -t tmpfs -o size=8m tmpfs "$DIR/disk"
cp "$DIR/source.sqlite3" "$DIR/disk/m.sqlite3"
db="$DIR/disk/m.sqlite3"
"$MUSTER" --db "$db" report DEMO --format json --out "$DIR/disk/old.json" > /dev/null
cp "$DIR/disk/old.json" "$DIR/old-before.json"
dd if=/dev/zero of="$DIR/disk/filler" bs=4k 2> /dev/null || true
if "$MUSTER" --db "$db" report DEMO --format json --as-of 2026-01-01 --out "$DIR/disk/old.json" 2> "$DIR/report.err"; then exit 3; fi
if "$MUSTER" --db "$db" export matrix DEMO --out "$DIR/disk/new.xlsx" 2> "$DIR/export.err"; then exit 4; fi
if "$MUSTER" --db "$db" report DEMO --format pdf --out "$DIR/disk/new.pdf" 2> "$DIR/pdf.err"; then exit 5; fi
cp "$DIR/disk/old.json" "$DIR/old-after.json"
"$MUSTER" --db "$db" readiness DEMO > "$DIR/readiness.txt"
"$MUSTER" --db "$db" check > "$DIR/check.txt"
ls -A "$DIR/disk" > "$DIR/ls.txt"
"#,
    );
    assert_eq!(read(&out, "old-after.json"), read(&out, "old-before.json"));
    assert!(
        read(&out, "report.err").contains("No space left on device"),
        "{}",
        read(&out, "report.err")
    );
    let ls = read(&out, "ls.txt");
    assert!(!ls.contains("new.xlsx") && !ls.contains("new.pdf"), "{ls}");
    assert!(!ls.contains(".part"), "a partial file was left: {ls}");
    assert!(read(&out, "readiness.txt").contains("DEMO"));
    assert!(read(&out, "check.txt").starts_with("ok: "));
}

/// A write while another program holds the database for writing (a long import, the app)
/// waits, then says so in one line, not SQLite's "database is locked".
#[test]
fn a_write_while_another_program_writes_says_so_in_words() {
    let t = TempDb::new();
    demo_db(&t);
    let other = Connection::open(&t.path).unwrap();
    other.execute_batch("BEGIN IMMEDIATE").unwrap();
    let said = muster(&t.path).fails(&[
        "log",
        "--module",
        "ROE",
        "--date",
        "01.12.2026",
        "--result",
        "pass",
        "--by",
        "op",
        "KZ200001",
    ]);
    assert_eq!(
        said,
        "muster: another Muster (the app, or a command still running, such as a large import) is writing to this database; nothing was changed: try again when it has finished"
    );
    other.execute_batch("ROLLBACK").unwrap();
}

/// A module's validity beyond fifty years is refused as a field's range, like any other
/// value, not with SQLite's constraint.
#[test]
fn a_validity_beyond_the_limit_is_refused_in_words() {
    let t = TempDb::new();
    demo_db(&t);
    for args in [
        &["curriculum", "set", "SEA", "--validity-months", "601"][..],
        &[
            "curriculum",
            "add",
            "NEW",
            "--title",
            "New",
            "--validity-months",
            "100000",
        ][..],
    ] {
        let said = muster(&t.path).fails(args);
        assert!(
            said.starts_with("muster: validity in months") && said.contains("600"),
            "{said}"
        );
    }
}

/// A file to read that is not there (a mistyped name, a stick taken out) is said in words,
/// for an import, a bundle and a report to verify alike.
#[test]
fn a_file_that_is_not_there_is_said_in_words() {
    let t = TempDb::new();
    demo_db(&t);
    let missing = t.path.with_file_name("nope.xlsx");
    let m = missing.display().to_string();
    for args in [
        vec!["import", "roster", &m, "--contingent", "DEMO"],
        vec!["sync", "import", &m],
        vec!["verify", &m],
    ] {
        let said = muster(&t.path).fails(&args);
        assert!(
            said.ends_with(&format!(
                "{m}: there is no such file (check the name and the folder, or that the USB stick is still in)"
            )),
            "{args:?}: {said}"
        );
    }
}

/// The app keeps its database open for hours while the command line runs beside it. Writing
/// a file (a bundle, a report, a backup) must not drop the app's locks on the database: had
/// it opened the database's files to compare them with the target and closed them, the
/// command line would find the file unlocked, checkpoint it and delete the write-ahead log
/// under the app, and what the app saved next would be lost (found driving the real app:
/// a bundle made, a command-line edit, a bundle received, gone after a restart).
#[test]
fn writing_a_file_keeps_the_open_databases_locks_for_the_command_line_beside_it() {
    let t = TempDb::new();
    demo_db(&t);
    let mut app = t.store();
    let key = muster::signing::InstallationKey::from_seed([7; 32], "app");
    // Each written twice: the second time over the file the first left (a bundle made
    // again to the same stick, a report saved again).
    let bundle = t.dir.path().join("for-hq.muster");
    let report = t.dir.path().join("report.json");
    for _ in 0..2 {
        muster::sync::export_to(&app, &key, &bundle, None).unwrap();
        muster::output::write_bytes(&report, app.path(), b"{}").unwrap();
    }
    let wal = muster::output::side_file(&t.path, "-wal");
    assert!(wal.exists(), "the app's write-ahead log");
    // The database or its log picked by mistake as a file to read is refused unopened.
    for picked in [&t.path, &wal] {
        let e = muster::signoff::read_report_file(picked).unwrap_err();
        assert!(
            matches!(e.problem(), muster::problem::Problem::IsOpenDatabase { .. }),
            "{e}"
        );
        let e = muster::import::Table::open(picked, &Default::default())
            .map(drop)
            .unwrap_err();
        assert!(e.to_string().contains("Muster's own database"), "{e}");
    }
    // The command line writes and exits while the app still has the file open.
    muster(&t.path).ok(&["person", "edit", "KZ200011", "--rank", "сержант"]);
    assert!(
        wal.exists(),
        "the command line left the app's log where it is"
    );
    // What the app saves next is on disk for whoever opens the file after it.
    let patch = muster::domain::PersonPatch {
        unit: Some("3 взвод".into()),
        ..Default::default()
    };
    app.edit_person("KZ200012", &patch, "капитан Тестов")
        .unwrap();
    drop(app);
    let again = muster::Store::open(&t.path).unwrap();
    assert_eq!(again.person("KZ200012").unwrap().unit, "3 взвод");
    assert_eq!(again.person("KZ200011").unwrap().rank, "сержант");
    assert!(muster::check::check(&t.path).unwrap().ok());
}
