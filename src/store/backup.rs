//! A copy of the whole database for safekeeping, taken with SQLite's online backup so it
//! is consistent even while the app is open.

use std::path::Path;

use super::Store;
use crate::error::{Error, Problem, Result};

impl Store {
    /// Writes a complete copy of the database to `dest`, creating its folder; refuses to
    /// overwrite an existing file, and is all or nothing (see `crate::output`).
    pub fn backup_to(&self, dest: &Path) -> Result<()> {
        if dest.exists() {
            return Err(Problem::BackupExists {
                file: dest.display().to_string(),
            }
            .into());
        }
        crate::output::refuse_database(dest, self.path())?;
        if let Some(dir) = dest.parent().filter(|d| !d.as_os_str().is_empty()) {
            std::fs::create_dir_all(dir).map_err(|source| Error::Io {
                path: dir.to_path_buf(),
                source,
            })?;
        }
        let tmp = crate::output::temporary_beside(dest)?;
        self.conn
            .backup(rusqlite::DatabaseName::Main, tmp.path(), None)
            .map_err(|source| Error::Open {
                path: dest.to_path_buf(),
                source,
            })?;
        crate::output::persist_new(tmp, dest).map_err(|e| match dest.exists() {
            true => Problem::BackupExists {
                file: dest.display().to_string(),
            }
            .into(),
            false => e,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_backup_opens_with_the_same_records_and_is_never_overwritten() {
        let dir = tempfile::tempdir().unwrap();
        let mut store = Store::open(&dir.path().join("live.sqlite3")).unwrap();
        crate::demo::load(&mut store, crate::dates::today()).unwrap();
        let dest = dir.path().join("copies").join("b.sqlite3");
        store.backup_to(&dest).unwrap();
        let copy = Store::open(&dest).unwrap();
        assert_eq!(copy.contingents().unwrap(), store.contingents().unwrap());
        assert_eq!(
            copy.personnel_count("DEMO").unwrap(),
            store.personnel_count("DEMO").unwrap()
        );
        let e = store.backup_to(&dest).unwrap_err();
        assert!(e.to_string().contains("already exists"), "{e}");
    }
}
