//! What every command shares: the open database and the remembered settings. A database
//! that cannot be opened (written by a newer Muster, damaged, unreadable) does not stop
//! the app: the window opens and says why, and every command answers with that error.

use std::path::PathBuf;
use std::sync::{Arc, Mutex, MutexGuard};

use chrono::NaiveDate;
use muster::readiness::Readiness;
use muster::store::ReadinessInput;

use muster::check::CheckReport;
use muster::problem::Problem;
use muster::signing::InstallationKey;
use muster::Store;

use crate::error::{AppError, AppResult};
use crate::settings::{Settings, FILE};

pub struct AppState {
    pub db_path: PathBuf,
    /// The app-data folder holding the installation's signing key (`muster::signing`).
    pub key_dir: PathBuf,
    pub settings_path: PathBuf,
    store: Result<Mutex<Store>, AppError>,
    settings: Mutex<Settings>,
    /// What the check at start found, when the records were changed outside Muster.
    pub tampered: Option<CheckReport>,
    /// The readiness last computed, kept while the records are unchanged: the dashboard
    /// computes it, the matrix's pages read it.
    computed: Mutex<Option<Arc<Computed>>>,
}

/// A contingent's readiness as of a day, and what it was computed from.
pub struct Computed {
    pub code: String,
    pub day: NaiveDate,
    /// `Store::revision` when it was computed.
    revision: (i64, i64),
    pub input: ReadinessInput,
    pub readiness: Readiness,
}

impl AppState {
    /// Checks the records against their chain as the file is found, then opens it
    /// (creating or upgrading it, restoring any missing protective trigger) and seeds the
    /// default curriculum the first time, as `muster init` does. Records changed outside
    /// Muster leave the file as it was found: the window shows what was found, and
    /// nothing can be written.
    pub fn open(db_path: PathBuf, config_dir: PathBuf, key_dir: PathBuf) -> AppState {
        let settings_path = config_dir.join(FILE);
        let settings = Settings::load(&settings_path);
        let tampered = muster::check::check(&db_path)
            .ok()
            .filter(|r| r.findings.iter().any(|f| f.flaw.is_in_the_records()));
        let store = match &tampered {
            Some(report) => Err(Problem::RecordsTampered {
                file: db_path.display().to_string(),
                count: report.findings.len().to_string(),
            }
            .into()),
            None => Store::open(&db_path).and_then(|mut store| {
                if !store.is_read_only() {
                    store.seed_default_curriculum(&operator_or_default(&settings))?;
                }
                Ok(store)
            }),
        };
        AppState {
            db_path,
            key_dir,
            settings_path,
            store: store.map(Mutex::new).map_err(AppError::from),
            settings: Mutex::new(settings),
            tampered,
            computed: Mutex::new(None),
        }
    }

    /// True when the database is a copy that can only be read.
    pub fn read_only(&self) -> bool {
        self.store().map(|s| s.is_read_only()).unwrap_or(false)
    }

    pub fn store(&self) -> AppResult<MutexGuard<'_, Store>> {
        match &self.store {
            // A panic mid-command leaves the Store usable: its transactions roll back on drop.
            Ok(store) => Ok(store.lock().unwrap_or_else(|p| p.into_inner())),
            Err(e) => Err(e.clone()),
        }
    }

    /// The contingent's readiness as of `day`: the one kept, if it is for the same
    /// contingent and day and nothing was written since (here or by another program),
    /// else computed now and kept. Paging through the matrix does not recompute it.
    pub fn readiness(&self, store: &Store, code: &str, day: NaiveDate) -> AppResult<Arc<Computed>> {
        let revision = store.revision()?;
        let mut kept = self.computed.lock().unwrap_or_else(|p| p.into_inner());
        if let Some(c) = kept.as_ref() {
            if c.code == code && c.day == day && c.revision == revision {
                return Ok(c.clone());
            }
        }
        let input = store.readiness_input(code)?;
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

    /// Why the database could not be opened, if it could not.
    pub fn open_error(&self) -> Option<AppError> {
        self.store.as_ref().err().cloned()
    }

    pub fn settings(&self) -> Settings {
        self.settings
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .clone()
    }

    pub fn save_settings(&self, s: Settings) -> AppResult<Settings> {
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
