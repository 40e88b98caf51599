//! Which file a path names, and the names SQLite gives a database's side files, found
//! without opening anything. POSIX record locks belong to a process: closing any
//! descriptor of a file drops every lock the process holds on it, SQLite's included. A
//! Muster process that opened the database it has open (or its `-wal` or `-shm`) to
//! compare it with another path, and closed it again, would let the command line run
//! beside it believe the file unlocked, checkpoint it and delete the write-ahead log under
//! the open connection (`output` and `input` say where this is guarded).

use std::path::{Path, PathBuf};

/// Whether two paths name one file (links followed), without opening either: on Unix by
/// device and inode from `stat`. Elsewhere locks belong to a handle, and the `same-file`
/// crate's handles are harmless.
pub fn same_file(a: &Path, b: &Path) -> bool {
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        match (std::fs::metadata(a), std::fs::metadata(b)) {
            (Ok(x), Ok(y)) => (x.dev(), x.ino()) == (y.dev(), y.ino()),
            _ => false,
        }
    }
    #[cfg(not(unix))]
    {
        same_file::is_same_file(a, b).unwrap_or(false)
    }
}

/// `path` with a suffix on its file name (`-wal`, `-shm`, `-journal`, `.v1.bak`): how a
/// database names its backups and SQLite names its side files.
pub fn side_file(path: &Path, suffix: &str) -> PathBuf {
    let mut name = path.file_name().unwrap_or_default().to_os_string();
    name.push(suffix);
    path.with_file_name(name)
}

/// SQLite's side files of a database: its write-ahead log, its shared memory, its journal.
pub const SIDE_FILES: [&str; 3] = ["-wal", "-shm", "-journal"];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_link_and_another_spelling_name_the_same_file_and_nothing_is_opened_to_say_so() {
        let dir = tempfile::tempdir().unwrap();
        let a = dir.path().join("a.sqlite3");
        std::fs::write(&a, b"x").unwrap();
        let other = dir.path().join("b.sqlite3");
        std::fs::write(&other, b"x").unwrap();
        let spelled = dir.path().join(".").join("a.sqlite3");
        assert!(same_file(&a, &spelled));
        assert!(!same_file(&a, &other));
        assert!(!same_file(&a, &dir.path().join("missing")));
        #[cfg(unix)]
        {
            let link = dir.path().join("link");
            std::os::unix::fs::symlink(&a, &link).unwrap();
            assert!(same_file(&a, &link));
        }
        assert_eq!(side_file(&a, "-wal"), dir.path().join("a.sqlite3-wal"));
    }
}
