//! What every command shares: the open database and the remembered settings. A database
//! that cannot be opened (written by a newer Muster, damaged, unreadable) does not stop
//! the app: the window opens and says why, and every command answers with that error.
//! The records are checked at start off the main thread while the window reads the file
//! as it was found (`gate`): a training centre's file takes seconds to check.

use std::ops::{Deref, DerefMut};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, MutexGuard};

use chrono::NaiveDate;
use muster::readiness::Readiness;
use muster::store::ReadinessInput;

use muster::check::CheckReport;
use muster::problem::Problem;
use muster::signing::InstallationKey;
use muster::Store;

use crate::error::{AppError, AppResult};
use crate::gate::{Gate, Phase};
use crate::settings::{Settings, FILE};

pub struct AppState {
    pub db_path: PathBuf,
    /// The app-data folder holding the installation's signing key (`muster::signing`).
    pub key_dir: PathBuf,
    pub settings_path: PathBuf,
    shared: Arc<Shared>,
    settings: Mutex<Settings>,
}

/// What the check's thread changes when it ends.
struct Shared {
    /// While the check runs, the file opened read-only as it was found; after it, the file
    /// opened for use, or why it cannot be.
    store: Mutex<Result<Store, AppError>>,
    gate: Gate,
    /// The readiness last computed, kept while the records are unchanged: the dashboard
    /// computes it, the matrix's pages read it.
    computed: Mutex<Option<Arc<Computed>>>,
}

/// A contingent's readiness as of a day, and what it was computed from.
#[derive(Clone)]
pub struct Computed {
    pub code: String,
    pub day: NaiveDate,
    /// `Store::revision` when it was computed.
    revision: (i64, i64),
    /// What the rules read, for any day: another day's readiness reuses it.
    pub input: Arc<ReadinessInput>,
    pub readiness: Readiness,
}

/// The open database, held for one command.
pub struct StoreGuard<'a>(MutexGuard<'a, Result<Store, AppError>>);

impl Deref for StoreGuard<'_> {
    type Target = Store;
    fn deref(&self) -> &Store {
        match &*self.0 {
            Ok(store) => store,
            Err(_) => unreachable!("a guard is only made over an open store"),
        }
    }
}

impl DerefMut for StoreGuard<'_> {
    fn deref_mut(&mut self) -> &mut Store {
        match &mut *self.0 {
            Ok(store) => store,
            Err(_) => unreachable!("a guard is only made over an open store"),
        }
    }
}

type Check = Box<dyn FnOnce(&Path) -> muster::Result<CheckReport> + Send>;

impl AppState {
    /// Checks the records against their chain as the file is found, then opens it
    /// (creating or upgrading it, restoring any missing protective trigger) and seeds the
    /// default curriculum the first time, as `muster init` does. Records changed outside
    /// Muster leave the file as it was found: the window shows what was found, and
    /// nothing can be written. A file that can be read as it is opens read-only at once and
    /// is checked on a thread of its own, so the window draws before the check ends.
    pub fn open(db_path: PathBuf, config_dir: PathBuf, key_dir: PathBuf) -> AppState {
        Self::open_checked_by(
            db_path,
            config_dir,
            key_dir,
            Box::new(|path: &Path| muster::check::check(path)),
        )
    }

    /// `open` with the check given (a test holds it to see what waits for it).
    pub(crate) fn open_checked_by(
        db_path: PathBuf,
        config_dir: PathBuf,
        key_dir: PathBuf,
        check: Check,
    ) -> AppState {
        let settings_path = config_dir.join(FILE);
        let settings = Settings::load(&settings_path);
        let operator = operator_or_default(&settings);
        // A file already there, at this version, can be read as found while it is checked;
        // a new one, or one to upgrade, is checked first, as the command line does.
        let as_found = db_path
            .exists()
            .then(|| Store::open_read_only(&db_path).ok())
            .flatten();
        let background = as_found.is_some();
        let shared = Arc::new(Shared {
            store: Mutex::new(as_found.ok_or_else(|| Problem::other("not opened yet").into())),
            gate: Gate::new(Phase::Checking),
            computed: Mutex::new(None),
        });
        let run = {
            let shared = shared.clone();
            let path = db_path.clone();
            let key_dir = key_dir.clone();
            move || {
                let found = check(&path);
                shared.settle(&path, &key_dir, found, &operator);
            }
        };
        if background {
            let spawned = std::thread::Builder::new()
                .name("muster-check".into())
                .spawn(move || {
                    // The window and its first screen first; the threads the check
                    // starts inherit this.
                    muster::priority::give_way();
                    run()
                });
            if let Err(e) = spawned {
                shared.gate.settle(Phase::Failed {
                    error: Problem::other(e.to_string()).into(),
                    tampered: None,
                });
            }
        } else {
            run();
        }
        AppState {
            db_path,
            key_dir,
            settings_path,
            shared,
            settings: Mutex::new(settings),
        }
    }

    /// True while the records are being checked: they can be read, not written.
    pub fn checking(&self) -> bool {
        matches!(self.shared.gate.phase(), Phase::Checking)
    }

    /// What the check at start found, when the records were changed outside Muster.
    pub fn tampered(&self) -> Option<CheckReport> {
        match self.shared.gate.phase() {
            Phase::Failed { tampered, .. } => tampered.map(|r| *r),
            _ => None,
        }
    }

    /// True when the database is a copy that can only be read (known once checked).
    pub fn read_only(&self) -> bool {
        matches!(self.shared.gate.phase(), Phase::Open { read_only: true })
    }

    /// The database, for reading: while the check runs, the file as it was found.
    pub fn store(&self) -> AppResult<StoreGuard<'_>> {
        // A panic mid-command leaves the Store usable: its transactions roll back on drop.
        let guard = self.shared.store.lock().unwrap_or_else(|p| p.into_inner());
        match &*guard {
            Ok(_) => Ok(StoreGuard(guard)),
            Err(e) => Err(e.clone()),
        }
    }

    /// The database, for a command that writes to it or vouches for it (a signed report,
    /// an export, a backup): waits for the check at start, and refuses with what it found
    /// if the records were changed outside Muster.
    pub fn writer(&self) -> AppResult<StoreGuard<'_>> {
        if let Phase::Failed { error, .. } = self.shared.gate.wait() {
            return Err(error);
        }
        self.store()
    }

    /// The contingent's readiness as of `day`: the one kept, if it is for the same
    /// contingent and day and nothing was written since (here or by another program),
    /// else computed now and kept. Paging through the matrix does not recompute it, and
    /// another day of the same records does not read them again (reading a contingent of
    /// 10,000 from a training centre's file takes far longer than the rules).
    pub fn readiness(&self, store: &Store, code: &str, day: NaiveDate) -> AppResult<Arc<Computed>> {
        let revision = store.revision()?;
        let mut kept = self
            .shared
            .computed
            .lock()
            .unwrap_or_else(|p| p.into_inner());
        let mut input = None;
        if let Some(c) = kept.as_ref() {
            if c.code == code && c.revision == revision {
                if c.day == day {
                    return Ok(c.clone());
                }
                input = Some(c.input.clone());
            }
        }
        let input = match input {
            Some(i) => i,
            None => Arc::new(store.readiness_input(code)?),
        };
        let readiness = muster::readiness::compute(&input, day);
        let c = Arc::new(Computed {
            code: code.to_string(),
            day,
            revision,
            input,
            readiness,
        });
        *kept = Some(c.clone());
        Ok(c)
    }

    /// Why the database could not be opened, if it could not (none while it is checked).
    pub fn open_error(&self) -> Option<AppError> {
        match self.shared.gate.phase() {
            Phase::Failed { error, .. } => Some(error),
            _ => None,
        }
    }

    pub fn settings(&self) -> Settings {
        self.settings
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .clone()
    }

    pub fn save_settings(&self, mut s: Settings) -> AppResult<Settings> {
        // The name every record will carry is checked as it is given (a zero-width space
        // pasted from a document, a bidi override), not at the next save of a record.
        if !s.operator.trim().is_empty() {
            s.operator = muster::text::operator(&s.operator)?;
        }
        s.save(&self.settings_path)?;
        *self.settings.lock().unwrap_or_else(|p| p.into_inner()) = s.clone();
        Ok(s)
    }

    /// The installation's signing key, made on first use.
    pub fn key(&self) -> AppResult<InstallationKey> {
        Ok(InstallationKey::load_or_create(&self.key_dir)?)
    }

    /// The name written into records; refused by the core when empty, so the UI asks first.
    pub fn operator(&self) -> AppResult<String> {
        let op = self.settings().operator;
        if op.trim().is_empty() {
            return Err(muster::problem::Problem::NoOperator.into());
        }
        Ok(op)
    }
}

fn operator_or_default(s: &Settings) -> String {
    muster::text::operator_or([Some(s.operator.clone())], "Muster app")
}

impl Shared {
    /// Ends the check: records changed outside Muster stay as they were found and nothing
    /// is opened over them; otherwise the file is opened for use in place of the copy
    /// read while checking.
    fn settle(
        &self,
        path: &Path,
        key_dir: &Path,
        found: muster::Result<CheckReport>,
        operator: &str,
    ) {
        let tampered = found
            .ok()
            .filter(|r| r.findings.iter().any(|f| f.flaw.is_in_the_records()));
        let mut store = self.store.lock().unwrap_or_else(|p| p.into_inner());
        // What the window read while checking stays good if the file opened for use holds
        // the same records: every change to them adds to the chain.
        let head_seen = store
            .as_ref()
            .ok()
            .and_then(|s| s.chain_head().ok().flatten());
        // The connection read while checking is closed before the file is opened for use:
        // one that took the file as it is (`immutable`, no locks) releases every lock this
        // process holds on the file when it closes, and another program could then remove
        // the write-ahead log from under the writer (its commits unseen by anyone else).
        *store = Err(Problem::other("the database is being opened").into());
        let opened: Result<Store, AppError> = match &tampered {
            Some(report) => Err(Problem::RecordsTampered {
                file: path.display().to_string(),
                count: report.findings.len().to_string(),
            }
            .into()),
            None => Store::open(path)
                .and_then(|mut store| {
                    if !store.is_read_only() {
                        // A copy of a file from another laptop takes an identity of its own
                        // before anything is written (docs/sync.md).
                        let claim = muster::installation::claim(&mut store, key_dir)?;
                        store.seed_default_curriculum(operator)?;
                        claim.adopt(&mut store)?;
                    }
                    Ok(store)
                })
                .map_err(AppError::from),
        };
        let phase = match &opened {
            Ok(store) => Phase::Open {
                read_only: store.is_read_only(),
            },
            Err(error) => Phase::Failed {
                error: error.clone(),
                tampered: tampered.map(Box::new),
            },
        };
        // Opening may have written (a restored trigger, the curriculum seeded): then the
        // readiness computed meanwhile is dropped, else it is kept under the new
        // connection's revision (a training centre's contingent is not read twice).
        let same = opened.as_ref().ok().and_then(|s| {
            let head = s.chain_head().ok().flatten();
            (head.is_some() && head == head_seen)
                .then(|| s.revision().ok())
                .flatten()
        });
        *store = opened;
        drop(store);
        let mut computed = self.computed.lock().unwrap_or_else(|p| p.into_inner());
        *computed = match (computed.take(), same) {
            (Some(c), Some(revision)) => Some(Arc::new(Computed {
                revision,
                ..(*c).clone()
            })),
            _ => None,
        };
        drop(computed);
        self.gate.settle(phase);
    }
}

#[cfg(test)]
mod tests {
    use std::sync::mpsc::{channel, RecvTimeoutError};
    use std::time::Duration;

    use super::*;

    /// The demo contingent in a file this installation (its key in `dir/key`, as `held`
    /// opens it) has written before.
    fn demo_db(dir: &Path) -> PathBuf {
        let db = dir.join("m.sqlite3");
        let mut store = Store::open(&db).unwrap();
        muster::demo::load(&mut store, muster::dates::today()).unwrap();
        muster::installation::claim(&mut store, &dir.join("key"))
            .unwrap()
            .adopt(&mut store)
            .unwrap();
        db
    }

    /// The app's state over `db`, its check held until `release` sends.
    fn held(dir: &Path, db: &Path) -> (AppState, std::sync::mpsc::Sender<()>) {
        let (release, held) = channel::<()>();
        let state = AppState::open_checked_by(
            db.to_path_buf(),
            dir.join("config"),
            dir.join("key"),
            Box::new(move |path: &Path| {
                held.recv().unwrap();
                muster::check::check(path)
            }),
        );
        (state, release)
    }

    /// A contingent a write can add.
    fn new_contingent() -> muster::domain::Contingent {
        let day = muster::dates::today();
        muster::domain::Contingent {
            code: "KAZBAT-9".into(),
            name: "9-я рота".into(),
            mission: "UNIFIL".into(),
            parent_unit: "INDBATT".into(),
            training_start: day,
            deploy_on: day + chrono::Days::new(90),
            tour_months: 6,
        }
    }

    /// How many contingents another process reads in the file: this test binary again,
    /// running `count_contingents` (POSIX locks are per process, so another thread would
    /// not do).
    fn contingents_seen_by_another_process(db: &Path) -> i64 {
        let o = std::process::Command::new(std::env::current_exe().unwrap())
            .args([
                "--exact",
                "state::tests::count_contingents",
                "--ignored",
                "--nocapture",
            ])
            .env("MUSTER_COUNT_DB", db)
            .output()
            .unwrap();
        let out = String::from_utf8_lossy(&o.stdout);
        out.lines()
            .find_map(|l| l.strip_prefix("contingents: "))
            .and_then(|n| n.parse().ok())
            .unwrap_or_else(|| panic!("{out}{}", String::from_utf8_lossy(&o.stderr)))
    }

    /// A name with a hidden character is refused when it is given in Settings, and the name
    /// remembered stays as it was; an ordinary name is kept trimmed.
    #[test]
    fn an_operator_name_with_a_hidden_character_is_refused_as_it_is_saved() {
        let dir = tempfile::tempdir().unwrap();
        let db = demo_db(dir.path());
        let state = AppState::open(db, dir.path().join("config"), dir.path().join("key"));
        let with = |operator: &str| Settings {
            operator: operator.into(),
            ..Settings::default()
        };
        let saved = state.save_settings(with(" лейтенант Жанна ")).unwrap();
        assert_eq!(saved.operator, "лейтенант Жанна");
        for hidden in ["лейтенант Жанна\u{200B}", "Lt Col \u{202E}R. Sharma"] {
            let e = state.save_settings(with(hidden)).unwrap_err();
            assert!(format!("{e:?}").contains("invisible"), "{e:?}");
            assert_eq!(state.settings().operator, "лейтенант Жанна");
        }
    }

    #[test]
    #[ignore = "run by contingents_seen_by_another_process"]
    fn count_contingents() {
        let db = std::env::var_os("MUSTER_COUNT_DB").expect("MUSTER_COUNT_DB");
        let c = rusqlite::Connection::open(db).unwrap();
        let n: i64 = c
            .query_row("SELECT count(*) FROM contingent", [], |r| r.get(0))
            .unwrap();
        println!("contingents: {n}");
    }

    /// How long a write is watched to show it is still waiting.
    const STILL: Duration = Duration::from_millis(300);

    #[test]
    fn a_write_during_the_check_waits_for_it_and_is_made_once_it_passes() {
        let dir = tempfile::tempdir().unwrap();
        let db = demo_db(dir.path());
        let (state, release) = held(dir.path(), &db);
        assert!(state.checking());
        assert!(
            !state.read_only(),
            "not a read-only copy: it is being checked"
        );
        assert!(state.open_error().is_none());
        // The records can be read as they were found meanwhile, from a connection that
        // cannot write.
        let codes = |s: &AppState| -> Vec<String> {
            let store = s.store().unwrap();
            store
                .contingents()
                .unwrap()
                .into_iter()
                .map(|c| c.code)
                .collect()
        };
        assert_eq!(codes(&state), ["DEMO"]);
        assert!(state.store().unwrap().is_read_only());

        let (done, made) = channel();
        std::thread::scope(|scope| {
            scope.spawn(|| {
                let added = state
                    .writer()
                    .and_then(|mut s| Ok(s.add_contingent(&new_contingent(), "капитан Омаров")?));
                done.send(added.map(|c| c.code)).unwrap();
            });
            assert!(
                matches!(made.recv_timeout(STILL), Err(RecvTimeoutError::Timeout)),
                "the write waits for the check"
            );
            assert!(state.checking());
            assert_eq!(codes(&state), ["DEMO"], "nothing written yet");
            release.send(()).unwrap();
            let added = made.recv_timeout(Duration::from_secs(60)).unwrap();
            assert_eq!(added.unwrap(), "KAZBAT-9");
        });
        assert!(!state.checking());
        assert!(!state.store().unwrap().is_read_only());
        let mut now = codes(&state);
        now.sort();
        assert_eq!(now, ["DEMO", "KAZBAT-9"]);
        // Made in the file, for another program to read, and again after that program has
        // closed the file as its last user there (which takes the write-ahead log away if
        // the app's connection no longer holds its lock on the file).
        assert_eq!(contingents_seen_by_another_process(&db), 2);
        let mut again = new_contingent();
        again.code = "KAZBAT-10".into();
        state
            .writer()
            .unwrap()
            .add_contingent(&again, "капитан Омаров")
            .unwrap();
        assert_eq!(contingents_seen_by_another_process(&db), 3);
    }

    #[test]
    fn a_write_waiting_for_a_check_that_finds_records_changed_is_refused_with_what_was_found() {
        let dir = tempfile::tempdir().unwrap();
        let db = demo_db(dir.path());
        {
            let c = rusqlite::Connection::open(&db).unwrap();
            c.execute_batch(
                "DROP TRIGGER attempt_append_only_u;
                 UPDATE attempt SET score = 99 WHERE seq = (SELECT min(seq) FROM attempt);",
            )
            .unwrap();
        }
        let before = std::fs::read(&db).unwrap();
        let (state, release) = held(dir.path(), &db);
        assert!(state.checking());
        let (done, refused) = channel();
        std::thread::scope(|scope| {
            scope.spawn(|| {
                let added = state
                    .writer()
                    .and_then(|mut s| Ok(s.add_contingent(&new_contingent(), "капитан Омаров")?));
                done.send(added.map(|c| c.code)).unwrap();
            });
            assert!(
                matches!(refused.recv_timeout(STILL), Err(RecvTimeoutError::Timeout)),
                "the write waits for the check"
            );
            release.send(()).unwrap();
            let e = refused
                .recv_timeout(Duration::from_secs(60))
                .unwrap()
                .unwrap_err();
            assert_eq!(e.kind, "database");
            assert!(
                matches!(*e.problem, Problem::RecordsTampered { ref count, .. } if count == "2"),
                "{e:?}"
            );
        });
        assert!(!state.checking());
        let report = state.tampered().expect("what the check found");
        assert_eq!(report.findings.len(), 2);
        let e = state
            .open_error()
            .expect("the window shows the failure page");
        assert!(matches!(*e.problem, Problem::RecordsTampered { .. }));
        // From now on nothing reads or writes the file: every command has the same answer.
        assert_eq!(state.store().err().unwrap().message, e.message);
        assert_eq!(state.writer().err().unwrap().message, e.message);
        drop(state);
        assert_eq!(
            std::fs::read(&db).unwrap(),
            before,
            "the file stays as found"
        );
    }

    #[test]
    fn a_new_database_is_opened_at_once_with_nothing_to_check() {
        let dir = tempfile::tempdir().unwrap();
        let state = AppState::open_checked_by(
            dir.path().join("new.sqlite3"),
            dir.path().join("config"),
            dir.path().join("key"),
            Box::new(|path: &Path| muster::check::check(path)),
        );
        assert!(!state.checking());
        assert!(state.open_error().is_none());
        let store = state.writer().unwrap();
        assert!(!store.is_read_only());
        assert!(
            store.modules(false).unwrap().len() >= 5,
            "curriculum seeded"
        );
    }

    /// What the window computed while the records were checked is kept once the check
    /// passes and the file is opened for use, when nothing was written meanwhile.
    #[test]
    fn readiness_computed_during_the_check_is_kept_when_the_records_are_the_same() {
        let dir = tempfile::tempdir().unwrap();
        let db = demo_db(dir.path());
        let (state, release) = held(dir.path(), &db);
        let code = muster::demo::DEMO_CODE;
        let today = muster::dates::today();
        assert!(state.checking());
        let during = state
            .readiness(&state.store().unwrap(), code, today)
            .unwrap();
        release.send(()).unwrap();
        assert!(!state.writer().unwrap().is_read_only());
        let after = state
            .readiness(&state.store().unwrap(), code, today)
            .unwrap();
        assert!(Arc::ptr_eq(&during.input, &after.input));
        assert_eq!(during.readiness, after.readiness);
    }

    /// Another day of the same records reuses what was read for the first (reading a large
    /// contingent is most of a dashboard's time); a write reads them again.
    #[test]
    fn another_day_reuses_the_records_read_and_a_write_reads_them_again() {
        let dir = tempfile::tempdir().unwrap();
        let db = demo_db(dir.path());
        let (state, release) = held(dir.path(), &db);
        release.send(()).unwrap();
        state.writer().unwrap();
        let code = muster::demo::DEMO_CODE;
        let today = muster::dates::today();
        let first = state
            .readiness(&state.store().unwrap(), code, today)
            .unwrap();
        let before = today - chrono::Days::new(30);
        let other = state
            .readiness(&state.store().unwrap(), code, before)
            .unwrap();
        assert!(Arc::ptr_eq(&first.input, &other.input));
        assert_eq!(other.readiness.as_of, before);
        // The same day again is the very result kept.
        let again = state
            .readiness(&state.store().unwrap(), code, before)
            .unwrap();
        assert!(Arc::ptr_eq(&again, &other));
        state
            .writer()
            .unwrap()
            .add_contingent(&new_contingent(), "test")
            .unwrap();
        let after = state
            .readiness(&state.store().unwrap(), code, before)
            .unwrap();
        assert!(!Arc::ptr_eq(&after.input, &other.input));
        assert_eq!(after.readiness, other.readiness);
    }
}
