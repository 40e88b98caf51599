//! The operator's name and language, remembered between runs in a small JSON file in the
//! app's config folder. Per user and per machine, not per database: two officers sharing
//! one database file keep their own names.

use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use muster::domain::Lang;

use crate::error::{AppError, AppResult};

pub const FILE: &str = "settings.json";

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
#[serde(default)]
pub struct Settings {
    /// Who is recording: written into every record and audit entry.
    pub operator: String,
    /// The language chosen, none until chosen: the core's one `Lang`, so a language the
    /// core does not speak is refused as the settings arrive. The UI sends and gets its
    /// code or null; the file keeps the empty string it has always had for "not chosen"
    /// (`save`), so an older Muster still reads it; both read.
    #[serde(deserialize_with = "language::deserialize")]
    pub language: Option<Lang>,
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
        if let Some(dir) = path.parent() {
            std::fs::create_dir_all(dir).map_err(|e| AppError::io(dir, e))?;
        }
        let mut value = serde_json::to_value(self).expect("serialisable");
        if self.language.is_none() {
            value["language"] = "".into();
        }
        let json = serde_json::to_string_pretty(&value).expect("serialisable");
        // Write then rename, so a crash never leaves half a settings file.
        let tmp: PathBuf = path.with_extension("json.tmp");
        std::fs::write(&tmp, json).map_err(|e| AppError::io(&tmp, e))?;
        std::fs::rename(&tmp, path).map_err(|e| AppError::io(path, e))
    }
}

/// The language as settings files and the UI write it: its code; empty or null until chosen.
mod language {
    use muster::domain::Lang;
    use serde::{de, Deserialize, Deserializer};

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Option<Lang>, D::Error> {
        match Option::<String>::deserialize(d)?.as_deref() {
            None | Some("") => Ok(None),
            Some(code) => code.parse().map(Some).map_err(de::Error::custom),
        }
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
            language: Some(Lang::Kk),
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
        let e = serde_json::from_str::<Settings>(r#"{"operator":"x","language":"de"}"#)
            .unwrap_err()
            .to_string();
        assert!(
            e.contains("language \"de\" is not one of en, ru, kk"),
            "{e}"
        );
    }

    /// Files have always written the language as its code, empty until chosen: both read,
    /// and the file is written back the same way; the UI gets the code or null.
    #[test]
    fn the_language_reads_and_writes_as_its_code() {
        for unset in [r#"{"language":""}"#, r#"{"language":null}"#, "{}"] {
            let s: Settings = serde_json::from_str(unset).unwrap();
            assert_eq!(s.language, None, "{unset}");
        }
        let s: Settings = serde_json::from_str(r#"{"language":"ru"}"#).unwrap();
        assert_eq!(s.language, Some(Lang::Ru));
        assert_eq!(serde_json::to_value(&s).unwrap()["language"], "ru");
        assert_eq!(
            serde_json::to_value(Settings::default()).unwrap()["language"],
            serde_json::Value::Null
        );
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join(FILE);
        for lang in [None, Some(Lang::Kk)] {
            let s = Settings {
                language: lang,
                ..Settings::default()
            };
            s.save(&path).unwrap();
            let file: serde_json::Value =
                serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
            assert_eq!(file["language"], lang.map_or("", Lang::code));
            assert_eq!(Settings::load(&path), s);
        }
    }
}
