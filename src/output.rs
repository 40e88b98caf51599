//! Every file Muster writes for a user (report, export, template, backup) goes through
//! here, so two promises hold for all of them:
//!
//! - **Never over a database.** A typo such as `--out muster.sqlite3` must not destroy
//!   the records. A target is refused when it is the open database or one of its side
//!   files (compared by file identity, so a link or another spelling of the path is
//!   caught), when it already holds any SQLite database or write-ahead log (by its first
//!   bytes, whatever its name), and when it would be the side file of a database beside it.
//! - **All or nothing.** The content goes to a temporary file in the same folder, is
//!   synced to disk, and only then renamed over the target: a full disk, a crash or a
//!   refusal half-way leaves the previous file exactly as it was and no partial file.
//! - **Never opening the database's own files.** POSIX record locks belong to a process:
//!   closing any descriptor of a file drops every lock the process holds on it, SQLite's
//!   included. The app keeps its database open for hours; had it opened the database, its
//!   `-wal` or its `-shm` to compare them with a target and closed them again, the command
//!   line run beside it would have found the file unlocked, checkpointed it and deleted
//!   the write-ahead log under the app, and everything the app saved afterwards went into
//!   a deleted file. Identities are therefore read with `stat` (device and inode), which
//!   opens nothing; only a target that is none of them is opened, to read its first bytes.
//! - **Into a file.** A target that is a link is written where the link points (the link
//!   stays a link); a folder, a device (`/dev/stdout`: renamed over, as root, it would
//!   have replaced the device's entry in /dev) or a named pipe (whose opening blocks) is
//!   refused before anything opens it.

use std::fs::File;
use std::io::{BufWriter, Read, Write};
use std::path::{Path, PathBuf};

use crate::error::{Error, Problem, Result};
pub use crate::file_identity::side_file;
use crate::file_identity::{same_file, SIDE_FILES};

const SQLITE_MAGIC: &[u8] = b"SQLite format 3\0";
/// The first four bytes of a write-ahead log (two byte orders).
const WAL_MAGIC: [[u8; 4]; 2] = [[0x37, 0x7f, 0x06, 0x82], [0x37, 0x7f, 0x06, 0x83]];

/// Writes `bytes` to `dest` atomically; `database` is the open database, if any.
pub fn write_bytes(dest: &Path, database: Option<&Path>, bytes: &[u8]) -> Result<()> {
    write_with(dest, database, |w| {
        w.write_all(bytes).map_err(|source| io(dest, source))
    })
}

/// Writes to `dest` atomically whatever `fill` writes; nothing reaches `dest` unless
/// `fill` succeeds and the data is on disk.
pub fn write_with(
    dest: &Path,
    database: Option<&Path>,
    fill: impl FnOnce(&mut dyn Write) -> Result<()>,
) -> Result<()> {
    let dest = &target(dest)?;
    refuse_database(dest, database)?;
    let dir = folder(dest);
    let mut tmp = tempfile::Builder::new()
        .prefix(".muster-")
        .suffix(".part")
        .tempfile_in(&dir)
        .map_err(|source| io(dest, source))?;
    {
        let mut w = BufWriter::new(tmp.as_file_mut());
        fill(&mut w)?;
        w.flush().map_err(|source| io(dest, source))?;
    }
    finish(tmp, dest, database)
}

/// A temporary file beside `dest` for a writer that needs a path (SQLite's backup),
/// then put in place with [`persist`].
pub fn temporary_beside(dest: &Path) -> Result<tempfile::NamedTempFile> {
    tempfile::Builder::new()
        .prefix(".muster-")
        .suffix(".part")
        .tempfile_in(folder(dest))
        .map_err(|source| io(dest, source))
}

/// Syncs a temporary file from [`temporary_beside`] and gives it the name `dest`, which
/// must not exist (a backup never replaces anything).
pub fn persist_new(tmp: tempfile::NamedTempFile, dest: &Path) -> Result<()> {
    tmp.as_file()
        .sync_all()
        .map_err(|source| io(dest, source))?;
    keep_permissions(tmp.as_file(), dest);
    tmp.persist_noclobber(dest).map_err(|e| io(dest, e.error))?;
    sync_folder(&folder(dest));
    Ok(())
}

fn finish(tmp: tempfile::NamedTempFile, dest: &Path, database: Option<&Path>) -> Result<()> {
    tmp.as_file()
        .sync_all()
        .map_err(|source| io(dest, source))?;
    keep_permissions(tmp.as_file(), dest);
    // Asked again just before the rename: the target may have changed meanwhile.
    refuse_database(dest, database)?;
    tmp.persist(dest).map_err(|e| io(dest, e.error))?;
    sync_folder(&folder(dest));
    Ok(())
}

/// Refuses a target that is, or belongs to, a database.
pub fn refuse_database(dest: &Path, database: Option<&Path>) -> Result<()> {
    let refuse = || -> Result<()> {
        Err(Problem::WouldOverwriteDatabase {
            file: dest.display().to_string(),
        }
        .into())
    };
    if let Some(db) = database {
        let guarded =
            std::iter::once(db.to_path_buf()).chain(SIDE_FILES.iter().map(|s| side_file(db, s)));
        for g in guarded {
            if same_file(dest, &g) || same_name(dest, &g) {
                return refuse();
            }
        }
    }
    if holds_database(dest) {
        return refuse();
    }
    // `x.sqlite3-wal` beside a database `x.sqlite3` would be taken by SQLite as its log.
    let name = dest.file_name().unwrap_or_default().to_string_lossy();
    for suffix in SIDE_FILES {
        if let Some(stem) = name.strip_suffix(suffix) {
            if !stem.is_empty() && holds_database(&dest.with_file_name(stem)) {
                return refuse();
            }
        }
    }
    Ok(())
}

/// Where an output to `dest` goes: `dest` itself, or the file a link there points to
/// (there or not yet). Anything there that is not a regular file is refused.
fn target(dest: &Path) -> Result<PathBuf> {
    let not_a_file = || -> Result<PathBuf> {
        Err(Problem::NotAFileToWrite {
            file: dest.display().to_string(),
        }
        .into())
    };
    let mut at = dest.to_path_buf();
    // A chain of links is followed to its end; a loop stops at 40, as Linux stops.
    for _ in 0..40 {
        match std::fs::symlink_metadata(&at) {
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(at),
            Err(source) => return Err(io(dest, source)),
            Ok(m) if m.is_file() => return Ok(at),
            Ok(m) if m.file_type().is_symlink() => {
                let to = std::fs::read_link(&at).map_err(|source| io(dest, source))?;
                at = folder(&at).join(to);
            }
            Ok(_) => return not_a_file(),
        }
    }
    not_a_file()
}

/// True when the file starts like an SQLite database or write-ahead log.
fn holds_database(path: &Path) -> bool {
    // Only a regular file is opened: a named pipe would block the open.
    if !std::fs::metadata(path).is_ok_and(|m| m.is_file()) {
        return false;
    }
    let Ok(f) = File::open(path) else {
        return false;
    };
    let mut head = Vec::with_capacity(16);
    if f.take(16).read_to_end(&mut head).is_err() {
        return false;
    }
    head.starts_with(SQLITE_MAGIC) || WAL_MAGIC.iter().any(|m| head.starts_with(m))
}

/// Two paths naming the same place, for files that may not exist yet.
fn same_name(a: &Path, b: &Path) -> bool {
    let full = |p: &Path| -> Option<PathBuf> {
        let dir = std::fs::canonicalize(folder(p)).ok()?;
        Some(dir.join(p.file_name()?))
    };
    match (full(a), full(b)) {
        (Some(a), Some(b)) if cfg!(any(windows, target_os = "macos")) => {
            a.to_string_lossy().to_lowercase() == b.to_string_lossy().to_lowercase()
        }
        (Some(a), Some(b)) => a == b,
        _ => false,
    }
}

fn folder(p: &Path) -> PathBuf {
    match p.parent() {
        Some(d) if !d.as_os_str().is_empty() => d.to_path_buf(),
        _ => PathBuf::from("."),
    }
}

/// An error writing `path`, said of `path`: the temporary file's own name (`.muster-….part`,
/// which the crate making it adds as "at path …") means nothing to the user; a folder
/// that is not there is said in words.
fn io(path: &Path, source: std::io::Error) -> Error {
    let kind = source.kind();
    let text = source.to_string();
    let source = match text.split_once(" at path ") {
        Some((head, _)) => std::io::Error::new(kind, head.to_string()),
        None => source,
    };
    if kind == std::io::ErrorKind::NotFound && !folder(path).is_dir() {
        return Error::invalid(format!(
            "{}: there is no folder {}; choose one that exists",
            path.display(),
            folder(path).display()
        ));
    }
    Error::Io {
        path: path.to_path_buf(),
        source,
    }
}

/// A replaced file keeps its permissions; a new one gets the usual rw-r--r-- (the
/// temporary file was private to its user).
fn keep_permissions(tmp: &File, dest: &Path) {
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(dest)
            .map(|m| m.permissions().mode())
            .unwrap_or(0o644);
        let _ = tmp.set_permissions(std::fs::Permissions::from_mode(mode & 0o7777));
    }
    #[cfg(not(unix))]
    let _ = (tmp, dest);
}

/// Makes the rename itself durable (Unix; elsewhere the rename is all there is).
fn sync_folder(dir: &Path) {
    #[cfg(unix)]
    if let Ok(d) = File::open(dir) {
        let _ = d.sync_all();
    }
    #[cfg(not(unix))]
    let _ = dir;
}

#[cfg(test)]
mod tests {
    use super::*;

    fn db_in(dir: &Path, name: &str) -> PathBuf {
        let p = dir.join(name);
        let c = rusqlite::Connection::open(&p).unwrap();
        c.execute_batch("PRAGMA journal_mode = WAL; CREATE TABLE t (x); INSERT INTO t VALUES (1);")
            .unwrap();
        std::mem::forget(c); // keep the -wal and -shm files there, as a running app does
        p
    }

    #[test]
    fn a_database_is_never_written_over_whatever_its_name() {
        let dir = tempfile::tempdir().unwrap();
        let db = db_in(dir.path(), "records.csv");
        let before = std::fs::read(&db).unwrap();
        for target in [
            db.clone(),
            side_file(&db, "-wal"),
            side_file(&db, "-shm"),
            side_file(&db, "-journal"),
            dir.path().join(".").join("records.csv"),
        ] {
            let e = write_bytes(&target, None, b"report").unwrap_err();
            assert!(
                matches!(e.problem(), Problem::WouldOverwriteDatabase { .. }),
                "{target:?}: {e}"
            );
        }
        assert_eq!(std::fs::read(&db).unwrap(), before);
    }

    #[cfg(unix)]
    #[test]
    fn a_link_to_the_open_database_is_refused_by_identity() {
        let dir = tempfile::tempdir().unwrap();
        let db = db_in(dir.path(), "muster.sqlite3");
        let link = dir.path().join("report.json");
        std::os::unix::fs::symlink(&db, &link).unwrap();
        let hard = dir.path().join("hard.json");
        std::fs::hard_link(&db, &hard).unwrap();
        for target in [&link, &hard] {
            assert!(write_bytes(target, Some(&db), b"{}").is_err(), "{target:?}");
        }
        // A side file that does not exist yet is refused by name.
        std::fs::remove_file(side_file(&db, "-journal")).ok();
        let journal = side_file(&db, "-journal");
        assert!(write_bytes(&journal, Some(&db), b"x").is_err());
        assert!(!journal.exists());
    }

    #[cfg(unix)]
    #[test]
    fn a_link_is_written_through_and_stays_a_link() {
        let dir = tempfile::tempdir().unwrap();
        let shared = dir.path().join("shared");
        std::fs::create_dir(&shared).unwrap();
        let real = shared.join("report.json");
        std::fs::write(&real, "old").unwrap();
        // A relative link, and a link to that link.
        let link = dir.path().join("latest.json");
        std::os::unix::fs::symlink("shared/report.json", &link).unwrap();
        let second = dir.path().join("second.json");
        std::os::unix::fs::symlink(&link, &second).unwrap();
        write_bytes(&second, None, b"new").unwrap();
        assert_eq!(std::fs::read(&real).unwrap(), b"new");
        for l in [&link, &second] {
            assert!(std::fs::symlink_metadata(l)
                .unwrap()
                .file_type()
                .is_symlink());
        }
        // A link to a file not there yet makes that file.
        let dangling = dir.path().join("next.json");
        std::os::unix::fs::symlink("shared/next.json", &dangling).unwrap();
        write_bytes(&dangling, None, b"first").unwrap();
        assert_eq!(std::fs::read(shared.join("next.json")).unwrap(), b"first");
        // A link to the database is still refused.
        let db = db_in(dir.path(), "muster.sqlite3");
        let to_db = dir.path().join("report.pdf");
        std::os::unix::fs::symlink("muster.sqlite3", &to_db).unwrap();
        let e = write_bytes(&to_db, None, b"%PDF").unwrap_err();
        assert!(
            matches!(e.problem(), Problem::WouldOverwriteDatabase { .. }),
            "{e}"
        );
        assert!(std::fs::read(&db).unwrap().starts_with(SQLITE_MAGIC));
    }

    #[cfg(unix)]
    #[test]
    fn a_folder_a_device_a_pipe_or_a_link_loop_is_no_target() {
        let dir = tempfile::tempdir().unwrap();
        let folder = dir.path().join("reports");
        std::fs::create_dir(&folder).unwrap();
        let fifo = dir.path().join("pipe.json");
        let made = std::process::Command::new("mkfifo")
            .arg(&fifo)
            .status()
            .unwrap();
        assert!(made.success());
        let looped = dir.path().join("loop.json");
        std::os::unix::fs::symlink("loop.json", &looped).unwrap();
        let to_null = dir.path().join("null.json");
        std::os::unix::fs::symlink("/dev/null", &to_null).unwrap();
        for target in [
            &folder,
            &fifo,
            &looped,
            &to_null,
            &PathBuf::from("/dev/null"),
        ] {
            // A pipe would block the test here if it were opened.
            let e = write_bytes(target, None, b"{}").unwrap_err();
            assert!(
                matches!(e.problem(), Problem::NotAFileToWrite { .. }),
                "{target:?}: {e}"
            );
        }
        assert!(std::fs::metadata("/dev/null")
            .unwrap()
            .file_type()
            .is_char_device());
        use std::os::unix::fs::FileTypeExt;
        assert!(std::fs::metadata(&fifo).unwrap().file_type().is_fifo());
        // Nothing was left beside them.
        let mut names: Vec<_> = std::fs::read_dir(dir.path())
            .unwrap()
            .map(|e| e.unwrap().file_name().into_string().unwrap())
            .collect();
        names.sort();
        assert_eq!(names, ["loop.json", "null.json", "pipe.json", "reports"]);
    }

    #[test]
    fn a_failed_write_leaves_the_old_file_and_no_partial_one() {
        let dir = tempfile::tempdir().unwrap();
        let dest = dir.path().join("report.json");
        std::fs::write(&dest, "old report").unwrap();
        let e = write_with(&dest, None, |w| {
            w.write_all(b"half a rep").unwrap();
            Err(Error::invalid("the disk is full"))
        })
        .unwrap_err();
        assert_eq!(e.to_string(), "the disk is full");
        assert_eq!(std::fs::read_to_string(&dest).unwrap(), "old report");
        let left: Vec<_> = std::fs::read_dir(dir.path()).unwrap().collect();
        assert_eq!(left.len(), 1, "a temporary file was left behind");
        write_bytes(&dest, None, b"new report").unwrap();
        assert_eq!(std::fs::read_to_string(&dest).unwrap(), "new report");
    }

    #[cfg(unix)]
    #[test]
    fn a_new_file_is_readable_by_others_and_a_replaced_one_keeps_its_mode() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let dest = dir.path().join("matrix.csv");
        write_bytes(&dest, None, b"a").unwrap();
        let mode = |p: &Path| std::fs::metadata(p).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode(&dest), 0o644);
        std::fs::set_permissions(&dest, std::fs::Permissions::from_mode(0o600)).unwrap();
        write_bytes(&dest, None, b"b").unwrap();
        assert_eq!(mode(&dest), 0o600);
    }
}
