//! A training log: completion records for people already on a roster. The same file twice
//! adds nothing the second time.

use std::path::Path;
use std::sync::mpsc::sync_channel;

use rustc_hash::FxHashMap;

use super::{values, ImportKind, ImportReport, Record, RowFault, RowResult, Table};
use crate::checks;
use crate::dates;
use crate::domain::{Module, NewAttempt};
use crate::error::{Error, Problem, Result};
use crate::field::Field;
use crate::problem::Shown;
use crate::store::{Merged, StagedRow, Store};
use crate::text::{self, lookalike};

pub const FIELDS: [&str; 8] = [
    "service_number",
    "module",
    "date",
    "result",
    "score",
    "hours",
    "instructor",
    "notes",
];
const REQUIRED: [&str; 4] = ["service_number", "module", "date", "result"];

pub fn import_completions(
    store: &mut Store,
    table: Table,
    file: &Path,
    by: &str,
    dry_run: bool,
    progress: &mut dyn FnMut(usize),
) -> Result<ImportReport> {
    let by = text::operator(by)?;
    let mut report = ImportReport::new(ImportKind::Completions, file, &table, dry_run);
    let cols = table.columns(&FIELDS);
    super::check_header(&mut report, &table, &FIELDS, &REQUIRED, &cols);
    if !report.errors.is_empty() {
        return Ok(report);
    }
    let names = super::column_names(&table, &FIELDS, &cols);
    let first_row = table.header_line + 1;
    let notes = table.read_notes();
    let source = table.source.clone();
    let mut w = store.writer()?;
    report.note_earlier(&w, "completions", None)?;
    let import_id = w.begin_import("completions", &source, None, &by)?;
    // Rows are read, checked and matched to people and modules on a thread of their own,
    // while this one stages the good ones in SQLite: the two halves take turns on two
    // cores instead of one after the other.
    // A number merged into another is not looked up: its rows are refused, naming the
    // number to use.
    let merged = w.merged_numbers()?;
    let mut people = w.people_by_key()?;
    people.retain(|k, _| !merged.contains_key(k));
    let modules = w.modules_by_code()?;
    let mut corrected_since = 0;
    let cols = &cols;
    let (people, modules) = (&people, &modules);
    std::thread::scope(|scope| -> Result<()> {
        let (send, batches) = sync_channel::<Vec<Checked>>(AHEAD_BATCHES);
        scope.spawn(move || {
            crate::priority::give_way();
            let mut batch = Vec::with_capacity(BATCH_ROWS);
            for row in table {
                let item = check_row(row, cols, people, modules);
                let stop = matches!(item, Checked::Stop(_));
                batch.push(item);
                if batch.len() == BATCH_ROWS || stop {
                    if send.send(std::mem::take(&mut batch)).is_err() || stop {
                        return; // the importer stopped, or the file cannot be read on
                    }
                    batch.reserve(BATCH_ROWS);
                }
            }
            let _ = send.send(batch);
        });
        let mut good = Vec::with_capacity(BATCH_ROWS);
        let mut looks = LookAlikes::default();
        // Each record the file says: the line saying it first, how many lines say it.
        let mut same_rows: FxHashMap<u64, (usize, u32)> = FxHashMap::default();
        let mut before_training = BeforeTraining {
            starts: w.training_starts()?,
            per_rotation: modules
                .values()
                .filter(|(_, m)| m.per_rotation)
                .map(|(id, m)| (*id, m.code.clone()))
                .collect(),
            ..BeforeTraining::default()
        };
        for batch in batches {
            for item in batch {
                let counted = !matches!(item, Checked::Fault(..));
                match item {
                    Checked::Fault(line, msg) => report.error(line, None, msg),
                    // A limit passed or a workbook broken halfway: nothing of the file is
                    // kept (the transaction is dropped, not committed).
                    Checked::Stop(e) => return Err(e),
                    Checked::Bad(line, errors) => {
                        report.rows += 1;
                        for (f, m) in errors {
                            report.error(line, f, looks.suggest(m, people, &merged));
                        }
                    }
                    Checked::Good(line, row) => {
                        report.rows += 1;
                        // Two rows of one record are two attempts that day (a pass, a
                        // fail, a pass again): both are kept, and said, in case one is a
                        // copy.
                        let (person_id, module_id, attempt) = row;
                        before_training.note(person_id, module_id, attempt.date, line);
                        let said = same_rows
                            .entry(sameness(person_id, module_id, &attempt))
                            .or_insert((line, 0));
                        let earlier = said.1;
                        said.1 += 1;
                        if earlier > 0 {
                            report.warn(
                                line,
                                None,
                                Problem::SameRowTwice {
                                    first_line: said.0.to_string(),
                                },
                            );
                        }
                        // After an error: keep checking, stop writing.
                        if report.errors.is_empty() {
                            good.push(StagedRow {
                                person_id,
                                module_id,
                                attempt,
                                earlier,
                            });
                        }
                    }
                }
                if counted && report.rows.is_multiple_of(10_000) {
                    progress(report.rows);
                }
            }
            if report.errors.is_empty() {
                w.stage_attempts(&good)?;
                // Part of a large file goes in while the next part is read and checked.
                // Every part sees the records of the parts before it, so a record the
                // file repeats is still added once; all parts commit together or not
                // at all. A dry run counts everything at the end instead.
                let added = report.attempts_new + report.attempts_unchanged;
                if !dry_run && w.staged_rows() >= PART_ROWS.max(added) {
                    let (new, unchanged, corrected) = w.add_staged(&by, true)?;
                    report.attempts_new += new;
                    report.attempts_unchanged += unchanged;
                    corrected_since += corrected;
                }
            }
            good.clear();
        }
        if let Some((line, warning)) = before_training.warning() {
            report.warn(line, None, warning);
        }
        Ok(())
    })?;
    progress(report.rows);
    if report.rows == 0 && report.errors.is_empty() {
        report.error(first_row, None, Problem::NoRows);
    }
    for (line, warning) in notes.warnings() {
        report.warn(line, None, warning);
    }
    if report.errors.is_empty() {
        // Every row is good: all records in one statement (a dry run only counts them).
        let (new, unchanged, corrected) = w.add_staged(&by, !dry_run)?;
        report.attempts_new += new;
        report.attempts_unchanged += unchanged;
        corrected_since += corrected;
        if corrected_since > 0 {
            report.warn(
                0,
                None,
                Problem::RowsCorrectedSince {
                    count: corrected_since.to_string(),
                },
            );
        }
    }
    if report.errors.is_empty() && !dry_run {
        let summary = serde_json::json!({
            "rows": report.rows, "new": report.attempts_new, "unchanged": report.attempts_unchanged,
        });
        w.audit(
            &by,
            "import",
            "completions",
            &report.file,
            super::NO_VALUE,
            Some(&summary),
        )?;
        w.finish_import(&report.counts())?;
        w.commit()?;
        report.committed = true;
        report.import_id = Some(import_id);
    }
    report.locate(&names);
    Ok(report)
}

/// Rows checked at once before they are handed to the importer (a few in unit tests, so
/// that a small file is added in several parts).
const BATCH_ROWS: usize = if cfg!(test) { 2 } else { 1024 };

/// Batches the checking thread may have ready before this one takes them: while a part
/// is written (a third of a second for 32,768 records), reading goes on up to this many
/// (65,536 rows, about 17 MB); with 4, reading stopped a few thousand rows into each part
/// and the two threads mostly took turns (an import of a 100,000-row workbook used 1.0
/// cores).
const AHEAD_BATCHES: usize = 64;

/// Records added by the first statement while the rest of a large file is still being
/// read: small, so writing starts soon after reading does (with 32,768, the writer waited
/// a quarter of a second, a fifth of a 100,000-row workbook's import). Each later part is
/// as large as all before it: each statement copies aside the pages it changes (its
/// statement journal), so a few large parts cost less than many small ones, and a part
/// still goes in while the next, as large, is read.
const PART_ROWS: usize = if cfg!(test) { 3 } else { 4_096 };

/// A row of the file as the checking thread leaves it.
enum Checked {
    /// The file gave no row here (its line, and why).
    Fault(usize, Problem),
    /// The file cannot be read on.
    Stop(Error),
    /// A row with errors: its line, and each field's problem.
    Bad(usize, Vec<(Option<Field>, Problem)>),
    /// A good record: its line; person row id, module row id, the record.
    Good(usize, (i64, i64, NewAttempt)),
}

/// Checks one row: its values, its module, its person.
/// Who a number not on file looks like (`KZ-200026` for `KZ200026`), to say so: the
/// people's skeletons are worked out the first time a number is not found.
#[derive(Default)]
struct LookAlikes(Option<FxHashMap<String, String>>);

impl LookAlikes {
    fn suggest(
        &mut self,
        p: Problem,
        people: &FxHashMap<String, i64>,
        merged: &FxHashMap<String, Merged>,
    ) -> Problem {
        let Problem::NoSuchSoldier { value } = p else {
            return p;
        };
        if let Some(m) = merged.get(&text::sn_key(value.as_str())) {
            return m.refusal(value);
        }
        let looks = self.0.get_or_insert_with(|| {
            people
                .keys()
                .map(|k| (lookalike::skeleton_of(k), k.clone()))
                .collect()
        });
        match looks.get(&lookalike::skeleton_of(&text::sn_key(value.as_str()))) {
            Some(existing) => Problem::NoSuchSoldierLooksLike {
                value,
                existing: Shown::new(existing),
            },
            None => Problem::NoSuchSoldier { value },
        }
    }
}

fn check_row(
    row: RowResult,
    cols: &[Option<usize>],
    people: &FxHashMap<String, i64>,
    modules: &FxHashMap<String, (i64, Module)>,
) -> Checked {
    let rec = match row {
        Ok(r) => r,
        Err(RowFault::Row(line, msg)) => return Checked::Fault(line, msg),
        Err(RowFault::Stop(e)) => return Checked::Stop(e),
    };
    let line = rec.line;
    let a = match parse_row(&rec, cols) {
        Ok(a) => a,
        Err(errors) => return Checked::Bad(line, errors),
    };
    let Some((mid, module)) = modules.get(&a.module.trim().to_uppercase()) else {
        let problem = checks::module_not_found(&a.module, modules.keys());
        return Checked::Bad(line, vec![(Some(Field::Module), problem)]);
    };
    let a = match checks::attempt(&a, module) {
        Ok(a) => a,
        Err(e) => {
            // The refusal names its field as data (a score out of range: `Field::Score`).
            let problem = e.problem();
            return Checked::Bad(line, vec![(problem.field(), problem)]);
        }
    };
    let Some(&pid) = people.get(&text::sn_key(&a.service_number)) else {
        let problem = Problem::NoSuchSoldier {
            value: a.service_number.into(),
        };
        return Checked::Bad(line, vec![(Some(Field::ServiceNumber), problem)]);
    };
    Checked::Good(line, (pid, *mid, a))
}

/// Rows of modules taken again each rotation dated before their soldier's contingent began
/// training: recorded (another rotation may count them), but said, since this one will
/// not. The first contingent and line met, and the modules, are named.
#[derive(Default)]
struct BeforeTraining {
    /// Each person on a roster: their contingent's training start and code.
    starts: FxHashMap<i64, (chrono::NaiveDate, String)>,
    /// The modules taken again each rotation, by row id, with their codes.
    per_rotation: FxHashMap<i64, String>,
    count: usize,
    /// The first row's contingent and its training start.
    first: Option<(String, chrono::NaiveDate)>,
    /// The first lines, to name them (ten, then `…`); the warning stands at the first.
    lines: Vec<usize>,
    modules: std::collections::BTreeSet<String>,
}

impl BeforeTraining {
    /// Looked at for every good row: two lookups by row id, nothing allocated.
    fn note(&mut self, person_id: i64, module_id: i64, date: chrono::NaiveDate, line: usize) {
        let Some(code) = self.per_rotation.get(&module_id) else {
            return;
        };
        let Some((start, contingent)) = self.starts.get(&person_id) else {
            return;
        };
        if date >= *start {
            return;
        }
        self.count += 1;
        if self.lines.len() < 10 {
            self.lines.push(line);
        }
        self.modules.insert(code.clone());
        self.first.get_or_insert((contingent.clone(), *start));
    }

    fn warning(&self) -> Option<(usize, Problem)> {
        let (code, start) = self.first.as_ref()?;
        Some((
            self.lines[0],
            Problem::RowsBeforeTraining {
                count: self.count.to_string(),
                lines: {
                    let mut l: Vec<String> = self.lines.iter().map(usize::to_string).collect();
                    if self.count > self.lines.len() {
                        l.push("…".into());
                    }
                    l.join(", ").into()
                },
                modules: self
                    .modules
                    .iter()
                    .cloned()
                    .collect::<Vec<_>>()
                    .join(", ")
                    .into(),
                contingent: code.clone(),
                training_start: start.to_string(),
            },
        ))
    }
}

/// What makes two rows one record for the duplicate check (`Writer::add_staged`): person,
/// module, day, result, score, hours, instructor; hashed, so a large file costs no copy.
fn sameness(pid: i64, mid: i64, a: &NewAttempt) -> u64 {
    use std::hash::{Hash, Hasher};
    let mut h = rustc_hash::FxHasher::default();
    (pid, mid, a.date, a.result == crate::domain::Outcome::Pass).hash(&mut h);
    (a.score.map(f64::to_bits), a.hours.map(f64::to_bits)).hash(&mut h);
    a.instructor.trim().hash(&mut h);
    h.finish()
}

fn parse_row(
    rec: &Record,
    cols: &[Option<usize>],
) -> std::result::Result<NewAttempt, Vec<(Option<Field>, Problem)>> {
    let get = |f: usize| {
        cols[f]
            .and_then(|c| rec.cells.get(c))
            .map_or("", |s| s.as_str())
    };
    let mut errors: Vec<(Option<Field>, Problem)> = Vec::new();
    let mut take = |field: Field, e: crate::error::Error| errors.push((Some(field), e.problem()));
    let sn = text::service_number(get(0))
        .map_err(|e| take(Field::ServiceNumber, e))
        .ok();
    let module = text::required(Field::Module, get(1))
        .map_err(|e| take(Field::Module, e))
        .ok();
    // Each value read and checked on its own, so a row wrong in several places is named
    // in all of them at once (the module's pass mark is checked once the row is whole).
    let date = dates::parse(get(2))
        .and_then(dates::check_training_date)
        .map_err(|e| take(Field::Date, e))
        .ok();
    let result = values::outcome(get(3))
        .map_err(|e| take(Field::Result, e))
        .ok();
    let score = values::score(get(4))
        .map_err(|e| take(Field::Score, e))
        .ok();
    let hours = values::number(Field::Hours, get(5))
        .and_then(|n| n.map(checks::hours).transpose())
        .map_err(|e| take(Field::Hours, e))
        .ok();
    match (sn, module, date, result, score, hours) {
        (Some(sn), Some(module), Some(date), Some(result), Some(score), Some(hours)) => {
            Ok(NewAttempt {
                service_number: sn,
                module,
                date,
                result,
                score,
                hours,
                instructor: get(6).to_string(),
                notes: get(7).to_string(),
            })
        }
        _ => Err(errors),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::Contingent;

    fn import(store: &mut Store, path: &Path, body: &str, dry_run: bool) -> ImportReport {
        std::fs::write(path, body).unwrap();
        let table = Table::open_csv(path).unwrap();
        import_completions(store, table, path, "op", dry_run, &mut |_| {}).unwrap()
    }

    /// A file added in several parts (a few rows each in unit tests) counts and adds
    /// exactly what one statement would: a row repeated in the same part or in a later
    /// one is another attempt of that day, a retake is a record of its own, and a dry run
    /// counts the same without writing. Read again, nothing is added; a database holding
    /// fewer than the file says gets the rest, wherever the parts cut. The chain vouches
    /// for every record afterwards.
    #[test]
    fn a_file_added_in_parts_adds_each_record_once_and_in_file_order() {
        let dir = tempfile::tempdir().unwrap();
        let db = dir.path().join("m.sqlite3");
        let mut store = Store::open(&db).unwrap();
        store.seed_default_curriculum("op").unwrap();
        let d = |s| dates::parse(s).unwrap();
        store
            .add_contingent(
                &Contingent {
                    code: "K".into(),
                    name: "k".into(),
                    mission: "UNIFIL".into(),
                    parent_unit: String::new(),
                    training_start: d("2021-01-11"),
                    deploy_on: d("2021-07-01"),
                    tour_months: 6,
                },
                "op",
            )
            .unwrap();
        let roster = dir.path().join("roster.csv");
        std::fs::write(
            &roster,
            "service_number;family_name;given_name;category;gender\n\
             KZ1;Омаров;Ерлан;enlisted;M\nKZ2;Әлиев;Нұр;enlisted;M\nKZ3;Ким;Олег;enlisted;M\n",
        )
        .unwrap();
        let r = super::super::import_roster(
            &mut store,
            Table::open_csv(&roster).unwrap(),
            &roster,
            "K",
            "op",
            false,
        )
        .unwrap();
        assert!(r.committed, "{:?}", r.errors);
        let file = dir.path().join("done.csv");
        let body = "service_number,module,date,result,score,hours,instructor\n\
            KZ1,ROE,15.02.2021,pass,91,12,Ахметов\n\
            KZ2,ROE,15.02.2021,pass,91,12,Ахметов\n\
            KZ3,ROE,15.02.2021,fail,40,12,Ахметов\n\
            kz1,roe,15.02.2021,pass,91,12,Ахметов\n\
            KZ1,CULT,01.03.2021,pass,,,\n\
            KZ1,CULT,01.03.2021,pass,,,\n\
            KZ3,ROE,22.02.2021,pass,88,12,Ахметов\n\
            KZ2,ROE,15.02.2021,pass,91,12,Ахметов\n\
            KZ2,ROE,15.02.2021,pass,91,11,Ахметов\n";
        let dry = import(&mut store, &file, body, true);
        assert!(!dry.committed);
        assert_eq!(
            (dry.rows, dry.attempts_new, dry.attempts_unchanged),
            (9, 9, 0)
        );
        assert_eq!(dry.warnings.len(), 3, "{:?}", dry.warnings);
        assert_eq!(
            store.history("KZ1").unwrap().len(),
            0,
            "a dry run writes nothing"
        );
        let r = import(&mut store, &file, body, false);
        assert!(r.committed, "{:?}", r.errors);
        assert_eq!((r.rows, r.attempts_new, r.attempts_unchanged), (9, 9, 0));
        // In the file's order: KZ3's fail, then the retake a week later.
        let kz3: Vec<_> = store.history("KZ3").unwrap();
        assert_eq!(kz3.len(), 2);
        assert!(kz3[0].attempt.id < kz3[1].attempt.id);
        let kz2 = store.history("KZ2").unwrap();
        assert_eq!(kz2.len(), 3, "twice the same, and once with other hours");
        assert_eq!(store.history("KZ1").unwrap().len(), 4);
        // Again: everything is there already, in a dry run and for real.
        let dry = import(&mut store, &file, body, true);
        assert_eq!((dry.attempts_new, dry.attempts_unchanged), (0, 9));
        let r = import(&mut store, &file, body, false);
        assert_eq!((r.attempts_new, r.attempts_unchanged), (0, 9));
        // A database holding one POC pass of KZ3 gets the second of a file saying it twice,
        // on its first and last lines, parts apart.
        let header = "service_number,module,date,result,score,hours,instructor\n";
        let poc = "KZ3,POC,01.03.2021,pass,,,\n";
        let r = import(&mut store, &file, &format!("{header}{poc}"), false);
        assert_eq!(r.attempts_new, 1);
        let mut twice = format!("{header}{poc}");
        for day in 10..17 {
            twice.push_str(&format!("KZ2,SEA,{day}.03.2021,pass,,,\n"));
        }
        twice.push_str(poc);
        let r = import(&mut store, &file, &twice, false);
        assert_eq!((r.attempts_new, r.attempts_unchanged), (8, 1));
        let pocs = store
            .history("KZ3")
            .unwrap()
            .into_iter()
            .filter(|h| h.attempt.module == "POC")
            .count();
        assert_eq!(pocs, 2);
        drop(store);
        let c = crate::check::check(&db).unwrap();
        assert!(c.ok(), "{:?}", c.findings);
    }
}
