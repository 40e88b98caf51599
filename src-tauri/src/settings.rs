//! The operator's name and language, remembered between runs in a small JSON file in the
//! app's config folder. Per user and per machine, not per database: two officers sharing
//! one database file keep their own names.

use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::error::{AppError, AppResult};

pub const FILE: &str = "settings.json";

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
#[serde(default)]
pub struct Settings {
    /// Who is recording: written into every record and audit entry.
    pub operator: String,
    /// `en`, `ru` or `kk`; empty until chosen.
    pub language: String,
    /// The contingent last looked at, reopened at start.
    pub contingent: Option<String>,
    /// Last names printed under the report's signature lines, offered again next time.
    pub training_officer: String,
    pub commander: String,
}

impl Settings {
    /// Reads the file; a missing or unreadable one gives defaults (a first start).
    pub fn load(path: &Path) -> Settings {
        std::fs::read_to_string(path)
            .ok()
            .and_then(|s| serde_json::from_str(&s).ok())
            .unwrap_or_default()
    }

    pub fn save(&self, path: &Path) -> AppResult<()> {
        if !matches!(self.language.as_str(), "" | "en" | "ru" | "kk") {
            return Err(muster::Error::invalid(format!(
                "language {:?} is not one of en, ru, kk",
                self.language
            ))
            .into());
        }
        if let Some(dir) = path.parent() {
            std::fs::create_dir_all(dir).map_err(|e| AppError::io(dir, e))?;
        }
        let json = serde_json::to_string_pretty(self).expect("serialisable");
        // Write then rename, so a crash never leaves half a settings file.
        let tmp: PathBuf = path.with_extension("json.tmp");
        std::fs::write(&tmp, json).map_err(|e| AppError::io(&tmp, e))?;
        std::fs::rename(&tmp, path).map_err(|e| AppError::io(path, e))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn settings_survive_a_restart_and_a_missing_file_is_a_first_start() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("cfg").join(FILE);
        assert_eq!(Settings::load(&path), Settings::default());
        let s = Settings {
            operator: "ст. лейтенант Омарова".into(),
            language: "kk".into(),
            contingent: Some("DEMO".into()),
            training_officer: "капитан Ахметов Қ.".into(),
            commander: "майор Нұрқасов А.".into(),
        };
        s.save(&path).unwrap();
        assert_eq!(Settings::load(&path), s);
    }

    #[test]
    fn a_file_from_before_the_signature_names_still_loads() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join(FILE);
        std::fs::write(
            &path,
            r#"{"operator":"x","language":"ru","contingent":"DEMO"}"#,
        )
        .unwrap();
        let s = Settings::load(&path);
        assert_eq!((s.operator.as_str(), s.commander.as_str()), ("x", ""));
    }

    #[test]
    fn an_unknown_language_is_refused() {
        let dir = tempfile::tempdir().unwrap();
        let s = Settings {
            language: "de".into(),
            ..Settings::default()
        };
        let e = s.save(&dir.path().join(FILE)).unwrap_err();
        assert!(e.message.contains("en, ru, kk"), "{e}");
    }
}
