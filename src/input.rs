//! Files a person hands Muster to read: a spreadsheet to import, a report to verify, a
//! bundle from another laptop. A path can name what is not a file at all: a folder, a
//! device that never ends (`/dev/zero`, which `verify` read whole: 2.5 GB in four
//! seconds), a named pipe that blocks whoever opens it until someone writes to it. Each is
//! refused before it is opened. A file read whole is read through its limit: the size the
//! file system states is not trusted (a device states 0).

use std::fs::File;
use std::io::Read;
use std::path::Path;

use crate::error::{Error, Result};
use crate::file_identity::{same_file, side_file, SIDE_FILES};
use crate::problem::Problem;

/// Refuses a path that is not a regular file (links followed), or that is a database open
/// in this process or one of its side files, without opening it.
pub fn regular_file(path: &Path) -> Result<()> {
    let meta = std::fs::metadata(path).map_err(|source| io(path, source))?;
    if !meta.is_file() {
        return Err(not_a_file(path));
    }
    if is_open_database(path) {
        return Err(Problem::IsOpenDatabase {
            file: path.display().to_string(),
        }
        .into());
    }
    Ok(())
}

/// The databases this process has open for writing. POSIX record locks belong to a
/// process: opening one of their files by another route and closing it again (to read
/// it as a spreadsheet, a report or a bundle picked by mistake) would drop SQLite's locks
/// on it, and another program could then delete the write-ahead log under the open
/// connection (`output` says more). Such a file is refused before it is opened.
static OPEN_DATABASES: std::sync::Mutex<Vec<std::path::PathBuf>> =
    std::sync::Mutex::new(Vec::new());

/// Held by a store open for writing: its file is one `regular_file` refuses while held.
#[derive(Debug)]
pub(crate) struct OpenDatabase(std::path::PathBuf);

impl OpenDatabase {
    pub(crate) fn new(path: &Path) -> OpenDatabase {
        let path = path.to_path_buf();
        OPEN_DATABASES
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .push(path.clone());
        OpenDatabase(path)
    }
}

impl Drop for OpenDatabase {
    fn drop(&mut self) {
        let mut open = OPEN_DATABASES.lock().unwrap_or_else(|e| e.into_inner());
        if let Some(i) = open.iter().position(|p| *p == self.0) {
            open.swap_remove(i);
        }
    }
}

/// Whether `path` is a database this process has open for writing (not a side file).
pub(crate) fn is_open_database_file(path: &Path) -> bool {
    let open = OPEN_DATABASES.lock().unwrap_or_else(|e| e.into_inner());
    open.iter().any(|db| same_file(path, db))
}

fn is_open_database(path: &Path) -> bool {
    let open = OPEN_DATABASES.lock().unwrap_or_else(|e| e.into_inner());
    open.iter().any(|db| {
        std::iter::once(db.clone())
            .chain(SIDE_FILES.iter().map(|s| side_file(db, s)))
            .any(|f| same_file(path, &f))
    })
}

/// Reads a whole regular file of at most `max` bytes, never more than `max + 1` of them.
pub fn read_whole(path: &Path, max: u64) -> Result<Vec<u8>> {
    regular_file(path)?;
    let file = File::open(path).map_err(|source| io(path, source))?;
    // Again on what was opened: the name may have been pointed elsewhere meanwhile.
    let meta = file.metadata().map_err(|source| io(path, source))?;
    if !meta.is_file() {
        return Err(not_a_file(path));
    }
    // Refused by its size before a byte is read: a file of gigabytes is not read into
    // memory only to be refused.
    if meta.len() > max {
        return Err(Problem::FileTooLarge {
            file: path.display().to_string(),
            max_mib: max.div_ceil(1 << 20),
        }
        .into());
    }
    let stated = meta.len();
    let mut bytes = Vec::with_capacity(usize::try_from(stated).unwrap_or(0));
    file.take(max.saturating_add(1))
        .read_to_end(&mut bytes)
        .map_err(|source| io(path, source))?;
    if bytes.len() as u64 > max {
        return Err(Problem::FileTooLarge {
            file: path.display().to_string(),
            max_mib: max.div_ceil(1 << 20),
        }
        .into());
    }
    Ok(bytes)
}

fn not_a_file(path: &Path) -> Error {
    Problem::NotAFile {
        file: path.display().to_string(),
    }
    .into()
}

fn io(path: &Path, source: std::io::Error) -> Error {
    if source.kind() == std::io::ErrorKind::NotFound {
        return Problem::NoSuchFile {
            file: path.display().to_string(),
        }
        .into();
    }
    Error::Io {
        path: path.to_path_buf(),
        source,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn is_not_a_file(r: Result<impl std::fmt::Debug>) -> bool {
        matches!(r, Err(Error::Invalid(Problem::NotAFile { .. })))
    }

    #[test]
    fn a_file_is_read_up_to_its_limit_and_no_further() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("r.json");
        std::fs::write(&path, b"0123456789").unwrap();
        assert_eq!(read_whole(&path, 10).unwrap(), b"0123456789");
        assert_eq!(read_whole(&path, 1 << 20).unwrap(), b"0123456789");
        let e = read_whole(&path, 9).unwrap_err().to_string();
        assert_eq!(
            e,
            format!(
                "{}: larger than 1 MiB, more than Muster ever writes of its kind; the file was refused",
                path.display()
            )
        );
        assert!(regular_file(&path).is_ok());
    }

    #[test]
    fn a_folder_is_not_a_file() {
        let dir = tempfile::tempdir().unwrap();
        assert!(is_not_a_file(regular_file(dir.path())));
        assert!(is_not_a_file(read_whole(dir.path(), 100)));
        let e = regular_file(dir.path()).unwrap_err().to_string();
        assert!(
            e.ends_with("is not a file but a folder, a device or a pipe: choose the file itself"),
            "{e}"
        );
    }

    #[cfg(unix)]
    #[test]
    fn a_device_that_never_ends_is_refused_unread() {
        // Stated as 0 bytes long; read whole, it never ends.
        assert!(is_not_a_file(read_whole(Path::new("/dev/zero"), 1 << 30)));
        assert!(is_not_a_file(regular_file(Path::new("/dev/urandom"))));
    }

    #[cfg(unix)]
    #[test]
    fn a_named_pipe_is_refused_without_waiting_for_a_writer() {
        let dir = tempfile::tempdir().unwrap();
        let fifo = dir.path().join("pipe.csv");
        let made = std::process::Command::new("mkfifo")
            .arg(&fifo)
            .status()
            .unwrap();
        assert!(made.success());
        // Opening it would block until someone writes: the check must not open it.
        assert!(is_not_a_file(read_whole(&fifo, 100)));
        assert!(is_not_a_file(regular_file(&fifo)));
    }

    #[test]
    fn a_link_to_a_file_is_the_file() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("b.muster");
        std::fs::write(&path, b"x").unwrap();
        #[cfg(unix)]
        {
            let link = dir.path().join("link.muster");
            std::os::unix::fs::symlink(&path, &link).unwrap();
            assert_eq!(read_whole(&link, 1).unwrap(), b"x");
        }
        assert!(matches!(
            read_whole(&dir.path().join("missing"), 1),
            Err(Error::Invalid(Problem::NoSuchFile { .. }))
        ));
    }
}
