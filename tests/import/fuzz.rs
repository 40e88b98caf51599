//! Bounded fuzzing of every importer, inside the normal test run: arbitrary bytes, and real
//! files from tests/fixtures with bytes flipped, inserted, deleted or cut off (for workbooks
//! also inside their parts and records, where the readers look). Whatever the file, an
//! import must not panic, must say what is wrong in short lines without raw control
//! characters, and must leave the database as it was unless it imported the file. A fixed
//! number of cases keeps each property to a few seconds.

use std::cell::RefCell;
use std::io::Read;
use std::path::Path;

use muster::import::{self, OpenOptions, Table};
use muster::Store;
use proptest::prelude::*;
use proptest::test_runner::{Config, TestRunner};

use crate::support::files::{self, zip, Part};
use crate::support::sheets::{self, fixture_file, CODE, IMPORTED_BY};

/// Cases per property.
const CASES: u32 = 64;

/// A message is one short line a terminal shows as it is.
fn clean(what: &str, m: &str) {
    assert!(
        m.chars().count() <= 600,
        "{what}: a message of {} characters",
        m.len()
    );
    for c in m.chars() {
        assert!(
            !(c.is_control() || muster::chars::is_invisible(c)),
            "{what}: {c:?} in {m:?}"
        );
    }
}

fn counts(s: &Store) -> Vec<usize> {
    vec![
        s.personnel(CODE).unwrap().len(),
        s.imports().unwrap().len(),
        s.audit_log(None, 1_000_000).unwrap().len(),
    ]
}

#[derive(Clone, Copy, Debug)]
enum Kind {
    Roster,
    Completions,
}

/// Imports `bytes` as a file named `name` and checks the promises.
fn import_checked(store: &RefCell<Store>, dir: &Path, name: &str, bytes: &[u8], kind: Kind) {
    let path = dir.join(name);
    std::fs::write(&path, bytes).unwrap();
    let mut s = store.borrow_mut();
    let before = counts(&s);
    let result = Table::open(&path, &OpenOptions::default()).and_then(|t| match kind {
        Kind::Roster => import::import_roster(&mut s, t, &path, CODE, IMPORTED_BY, false),
        Kind::Completions => {
            import::import_completions(&mut s, t, &path, IMPORTED_BY, false, &mut |_| {})
        }
    });
    let own_reader = name.ends_with(".ods") || name.ends_with(".xls");
    match result {
        Err(e) => {
            let m = e.to_string();
            clean(name, &m);
            assert!(
                !(own_reader && m.contains("the workbook reader failed")),
                "{name}: Muster's own reader panicked: {m}"
            );
            assert_eq!(
                counts(&s),
                before,
                "{name}: refused, yet the database changed"
            );
        }
        Ok(r) => {
            for e in r.errors.iter().chain(&r.warnings) {
                clean(name, &e.to_string());
                assert!(
                    !(own_reader && e.message.contains("the workbook reader failed")),
                    "{name}: {e}"
                );
            }
            if !r.committed {
                assert_eq!(
                    counts(&s),
                    before,
                    "{name}: not imported, yet the database changed"
                );
            }
        }
    }
}

/// A fresh database with the sample roster on it, for completions to refer to.
fn database() -> (tempfile::TempDir, RefCell<Store>) {
    let (dir, mut s) = sheets::store();
    sheets::roster(&mut s, "roster_ru.xlsx");
    (dir, RefCell::new(s))
}

#[derive(Clone, Debug)]
enum Edit {
    Flip(usize, u8),
    Set(usize, u8),
    Insert(usize, Vec<u8>),
    Delete(usize, usize),
    Cut(usize),
}

fn edit() -> impl Strategy<Value = Edit> {
    prop_oneof![
        (any::<usize>(), 0u8..8).prop_map(|(i, b)| Edit::Flip(i, b)),
        (any::<usize>(), any::<u8>()).prop_map(|(i, b)| Edit::Set(i, b)),
        (
            any::<usize>(),
            prop::collection::vec(
                prop_oneof![
                    any::<u8>(),
                    Just(b'"'),
                    Just(b';'),
                    Just(b'\n'),
                    Just(b'<'),
                    Just(b'>'),
                    Just(0x1b),
                ],
                1..16
            )
        )
            .prop_map(|(i, b)| Edit::Insert(i, b)),
        (any::<usize>(), 1usize..64).prop_map(|(i, n)| Edit::Delete(i, n)),
        any::<usize>().prop_map(Edit::Cut),
    ]
}

fn apply(bytes: &[u8], edits: &[Edit]) -> Vec<u8> {
    let mut b = bytes.to_vec();
    for e in edits {
        let at = |i: usize, len: usize| if len == 0 { 0 } else { i % (len + 1) };
        match e {
            Edit::Flip(i, bit) if !b.is_empty() => {
                let i = i % b.len();
                b[i] ^= 1 << bit;
            }
            Edit::Set(i, v) if !b.is_empty() => {
                let i = i % b.len();
                b[i] = *v;
            }
            Edit::Insert(i, v) => {
                let i = at(*i, b.len());
                b.splice(i..i, v.iter().copied());
            }
            Edit::Delete(i, n) if !b.is_empty() => {
                let i = i % b.len();
                let end = (i + n).min(b.len());
                b.drain(i..end);
            }
            Edit::Cut(i) => {
                let i = at(*i, b.len());
                b.truncate(i);
            }
            _ => {}
        }
    }
    b
}

fn edits() -> impl Strategy<Value = Vec<Edit>> {
    prop::collection::vec(edit(), 1..6)
}

fn runner() -> TestRunner {
    TestRunner::new(Config {
        cases: CASES,
        failure_persistence: None,
        ..Config::default()
    })
}

fn read(name: &str) -> Vec<u8> {
    std::fs::read(fixture_file(name)).unwrap()
}

/// The parts of a zip fixture, to edit one and zip them again.
fn unzip(name: &str) -> Vec<(String, Vec<u8>)> {
    let mut z = ::zip::ZipArchive::new(std::fs::File::open(fixture_file(name)).unwrap()).unwrap();
    (0..z.len())
        .map(|i| {
            let mut f = z.by_index(i).unwrap();
            let mut b = Vec::new();
            f.read_to_end(&mut b).unwrap();
            (f.name().unwrap().to_string(), b)
        })
        .collect()
}

fn rezip(parts: &[(String, Vec<u8>)]) -> Vec<u8> {
    let parts: Vec<(&str, Part)> = parts
        .iter()
        .map(|(n, b)| (n.as_str(), Part::Stored(b.clone())))
        .collect();
    zip(&parts)
}

#[test]
fn arbitrary_bytes_in_every_format() {
    let (dir, store) = database();
    let names = ["x.csv", "x.txt", "x.xlsx", "x.xlsb", "x.xls", "x.ods"];
    runner()
        .run(
            &(prop::collection::vec(any::<u8>(), 0..2048), 0..names.len()),
            |(bytes, n)| {
                import_checked(&store, dir.path(), names[n], &bytes, Kind::Completions);
                Ok(())
            },
        )
        .unwrap();
}

#[test]
fn edited_csv_files_in_each_encoding() {
    let (dir, store) = database();
    let fixtures = [
        ("sample_completions.csv", "c.csv", Kind::Completions),
        ("completions_unicode_text.txt", "c.txt", Kind::Completions),
        ("completions_utf16be.txt", "c.txt", Kind::Completions),
        ("completions_title_cp1251.csv", "c.csv", Kind::Completions),
        ("roster_cp1251.csv", "r.csv", Kind::Roster),
        ("roster_utf8_bom_semicolon.csv", "r.csv", Kind::Roster),
    ];
    let originals: Vec<Vec<u8>> = fixtures.iter().map(|f| read(f.0)).collect();
    runner()
        .run(&(0..fixtures.len(), edits()), |(i, edits)| {
            let (_, name, kind) = fixtures[i];
            import_checked(
                &store,
                dir.path(),
                name,
                &apply(&originals[i], &edits),
                kind,
            );
            Ok(())
        })
        .unwrap();
}

#[test]
fn csv_made_of_separators_quotes_and_escapes() {
    let (dir, store) = database();
    let piece = prop_oneof![
        Just("100101".to_string()),
        Just("ROE".to_string()),
        Just("15.02.2021".to_string()),
        Just("зачёт".to_string()),
        Just(";".to_string()),
        Just("\"".to_string()),
        Just("\r\n".to_string()),
        Just("\n".to_string()),
        Just("\u{1b}]0;x\u{7}".to_string()),
        Just("\u{202e}".to_string()),
        "[a-zA-Zа-яА-ЯӘәҚқ0-9 ]{0,12}",
    ];
    let header = "Личный номер;Модуль;Дата;Результат\n";
    runner()
        .run(&prop::collection::vec(piece, 0..80), |pieces| {
            let body = format!("{header}{}", pieces.concat());
            import_checked(
                &store,
                dir.path(),
                "c.csv",
                body.as_bytes(),
                Kind::Completions,
            );
            Ok(())
        })
        .unwrap();
}

#[test]
fn edited_xlsx_files_and_parts() {
    let (dir, store) = database();
    let whole = read("completions_ru.xlsx");
    let parts = unzip("completions_ru.xlsx");
    runner()
        .run(&(0..parts.len() + 1, edits()), |(i, edits)| {
            let bytes = if i == parts.len() {
                apply(&whole, &edits)
            } else {
                let mut p = parts.clone();
                p[i].1 = apply(&p[i].1, &edits);
                rezip(&p)
            };
            import_checked(&store, dir.path(), "c.xlsx", &bytes, Kind::Completions);
            Ok(())
        })
        .unwrap();
}

#[test]
fn edited_ods_files_and_content() {
    let (dir, store) = database();
    let whole = read("completions_ru.ods");
    let parts = unzip("completions_ru.ods");
    let content = parts.iter().position(|(n, _)| n == "content.xml").unwrap();
    runner()
        .run(&(any::<bool>(), edits()), |(inside, edits)| {
            let bytes = if inside {
                let mut p = parts.clone();
                p[content].1 = apply(&p[content].1, &edits);
                rezip(&p)
            } else {
                apply(&whole, &edits)
            };
            import_checked(&store, dir.path(), "c.ods", &bytes, Kind::Completions);
            Ok(())
        })
        .unwrap();
}

#[test]
fn edited_xls_files_and_records() {
    let (dir, store) = database();
    let from = fixture_file("roster_legacy.xls");
    let whole = read("roster_legacy.xls");
    let stream = files::xls_stream(&from);
    let target = dir.path().join("edited.xls");
    runner()
        .run(&(any::<bool>(), edits()), |(inside, edits)| {
            let bytes = if inside {
                files::xls_with_stream(&from, &target, &apply(&stream, &edits));
                std::fs::read(&target).unwrap()
            } else {
                apply(&whole, &edits)
            };
            import_checked(&store, dir.path(), "r.xls", &bytes, Kind::Roster);
            Ok(())
        })
        .unwrap();
}
