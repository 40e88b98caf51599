//! The TypeScript types the UI uses are generated from these Rust types (ts-rs) and
//! checked in under ui/src/bindings. This test regenerates them and fails when the
//! checked-in files differ, so the UI never drifts from the core.
//! To refresh them: `UPDATE_BINDINGS=1 cargo test -p muster-app bindings`.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use ts_rs::TS;

fn export_all(dir: &Path) {
    use crate::commands::*;
    use muster::domain::{Category, Contingent, HistoryEntry, Module, Outcome, Person};
    use muster::import::ImportReport;
    use muster::readiness::TrendPoint;
    use muster::rules::{ModuleStatus, Status};
    macro_rules! export {
        ($($t:ty),* $(,)?) => {$( <$t>::export_all_to(dir).expect(stringify!($t)); )*};
    }
    export!(
        HistoryEntry,
        Contingent,
        Module,
        Person,
        ImportReport,
        Status,
        ModuleStatus,
        Outcome,
        Category,
        crate::AppError,
        muster::problem::Problem,
        muster::field::Field,
        crate::Settings,
        AppInfo,
        TrendPoint,
        DashboardView,
        muster::dashboard::Blocker,
        muster::dashboard::Lacking,
        muster::matrix::MatrixFilter,
        muster::matrix::MatrixPage,
        muster::service_record::Standing,
        muster::due::Due,
        muster::due::Retakes,
        muster::due::DueGroup,
        muster::due::DuePage,
        muster::activity::ActivityEntry,
        muster::store::OffRoster,
        muster::store::MergePlan,
        muster::store::Archived,
        ContingentInput,
        DetailChanged,
        crate::session::SessionInput,
        muster::session::AttendeeResult,
        PersonCard,
        AmendInput,
        FileKind,
        ImportRequest,
        muster::store::ImportRecord,
        muster::store::UndoReport,
        muster::store::DetailChange,
        crate::reports::ReportView,
        crate::sync::BundleWritten,
        crate::sync::ConflictsView,
        muster::sync::ImportReport,
        muster::store::Peer,
        crate::reports::SaveRequest,
        crate::reports::SaveFormat,
        crate::reports::ValidationInput,
        crate::reports::DecisionRow,
        crate::reports::ChangeLine,
        crate::reports::FileCheck,
        crate::keys::KeyInfo,
        muster::store::TrustedKey,
        crate::sheets::SheetRequest,
        crate::sheets::SheetWritten,
        muster::glossary::Glossary,
        muster::domain::Lang,
    );
    export_glossary(dir);
    export_transliteration(dir);
    export_unnamed(dir);
}

/// The search's transliteration tables (`muster::text::search::{LATIN, LATIN_MARKED,
/// SPELLINGS}`), for
/// the UI's fold of the lists it holds: one table, so a letter added in the core reaches
/// the screens (and a stale copy fails `bindings_are_up_to_date`).
fn export_transliteration(dir: &Path) {
    use muster::text::search::{LATIN, LATIN_MARKED, SPELLINGS};
    let latin: serde_json::Map<String, serde_json::Value> = LATIN
        .iter()
        .chain(LATIN_MARKED)
        .map(|(c, l)| (c.to_string(), (*l).into()))
        .collect();
    let text = format!(
        "// Generated from src/text/search.rs by src-tauri/src/bindings.rs (`UPDATE_BINDINGS=1 cargo test -p muster-app bindings`): do not edit.\n\
         // Russian and Kazakh Cyrillic letters (and marked Latin ones) in plain Latin, then alternative spellings folded together, in order.\n\n\
         export const TO_LATIN: Record<string, string> = {};\n\n\
         export const SPELLINGS: [string, string][] = {};\n",
        serde_json::to_string_pretty(&latin).unwrap(),
        serde_json::to_string(&SPELLINGS).unwrap()
    );
    write_generated(dir, "transliteration.ts", &text);
}

/// The name a key signs with until its owner names it (`signing::key::UNNAMED`, English on
/// every laptop): the UI says it in the reader's language wherever a key's name is shown.
fn export_unnamed(dir: &Path) {
    let text = format!(
        "// Generated from src/signing/key.rs by src-tauri/src/bindings.rs (`UPDATE_BINDINGS=1 cargo test -p muster-app bindings`): do not edit.\n\
         // The name a key signs with until its owner names it.\n\
         export const UNNAMED_KEY = {};\n",
        serde_json::to_string(muster::signing::key::UNNAMED).unwrap()
    );
    write_generated(dir, "unnamed_key.ts", &text);
}

/// Writes one of the generated files that are not a type (the core's words and tables).
fn write_generated(dir: &Path, name: &str, text: &str) {
    std::fs::create_dir_all(dir).unwrap();
    std::fs::write(dir.join(name), text).unwrap();
}

/// The status words themselves (not only their type): `glossary_words.ts`, the UI's copy of
/// `muster::glossary`, which the UI's language files (ui/src/i18n/*.ts) take their status
/// words from. Checked for staleness with the rest, so a word changed in the core and not
/// regenerated fails `bindings_are_up_to_date`. (Not `glossary.ts`: it would differ from
/// `Glossary.ts` only in case, one file on Windows and macOS.)
fn export_glossary(dir: &Path) {
    use muster::domain::Lang;
    let words: serde_json::Map<String, serde_json::Value> = Lang::ALL
        .iter()
        .map(|l| {
            let g = muster::glossary::glossary(*l);
            (l.code().to_string(), serde_json::to_value(g).unwrap())
        })
        .collect();
    let text = format!(
        "// Generated from src/glossary.rs by src-tauri/src/bindings.rs (`UPDATE_BINDINGS=1 cargo test -p muster-app bindings`): do not edit.\n\
         // The status words, as they read inside a sentence; a heading or a cell capitalises them (`capitalised`, ui/src/i18n).\n\
         import type {{ Glossary }} from \"./Glossary\";\n\n\
         export const GLOSSARY: {{ en: Glossary; ru: Glossary; kk: Glossary }} = {};\n",
        serde_json::to_string_pretty(&words).unwrap()
    );
    write_generated(dir, "glossary_words.ts", &text);
}

fn read_dir(dir: &Path) -> BTreeMap<String, String> {
    std::fs::read_dir(dir)
        .map(|it| {
            it.filter_map(|e| e.ok())
                .filter(|e| e.path().extension().is_some_and(|x| x == "ts"))
                .map(|e| {
                    let name = e.file_name().to_string_lossy().into_owned();
                    (name, std::fs::read_to_string(e.path()).unwrap_or_default())
                })
                .collect()
        })
        .unwrap_or_default()
}

#[test]
fn bindings_are_up_to_date() {
    let committed: PathBuf = [env!("CARGO_MANIFEST_DIR"), "..", "ui", "src", "bindings"]
        .iter()
        .collect();
    if std::env::var_os("UPDATE_BINDINGS").is_some() {
        let _ = std::fs::remove_dir_all(&committed);
        export_all(&committed);
        return;
    }
    let fresh = tempfile::tempdir().unwrap();
    export_all(fresh.path());
    let want = read_dir(fresh.path());
    let have = read_dir(&committed);
    assert!(!want.is_empty());
    let stale: Vec<&String> = want
        .keys()
        .chain(have.keys())
        .filter(|k| want.get(*k) != have.get(*k))
        .collect();
    assert!(
        stale.is_empty(),
        "ui/src/bindings is stale ({stale:?}): run `UPDATE_BINDINGS=1 cargo test -p muster-app bindings` and commit"
    );
}

/// serde_json sends every integer as a JSON number, which the window reads as a JS
/// number; a `bigint` in the types would be a lie the type checker cannot catch.
#[test]
fn no_binding_claims_a_bigint() {
    let fresh = tempfile::tempdir().unwrap();
    export_all(fresh.path());
    let liars: Vec<String> = read_dir(fresh.path())
        .into_iter()
        .filter(|(_, src)| src.contains("bigint"))
        .map(|(name, _)| name)
        .collect();
    assert!(
        liars.is_empty(),
        "{liars:?}: mark i64 fields #[ts(type = \"number\")]"
    );
}

/// The window shows each status with the same symbol the printed report and the workbook
/// legend use (`muster::marks`): one legend for screen and paper.
#[test]
fn the_window_uses_the_reports_status_symbols() {
    let src: PathBuf = [
        env!("CARGO_MANIFEST_DIR"),
        "..",
        "ui",
        "src",
        "logic",
        "matrix.ts",
    ]
    .iter()
    .collect();
    let src = std::fs::read_to_string(src).unwrap();
    let block = src
        .split("export const STATUS_ICON")
        .nth(1)
        .and_then(|b| b.split("};").next())
        .expect("STATUS_ICON in matrix.ts");
    for st in muster::rules::Status::ALL {
        let line = format!("{}: \"{}\",", st.as_str(), muster::marks::symbol(st));
        assert!(block.contains(&line), "matrix.ts: want `{line}` in {block}");
    }
}
