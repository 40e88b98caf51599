//! A roster: who is in the contingent. Re-importing updates people, never duplicates them.

use std::collections::HashMap;
use std::path::Path;

use super::{ImportKind, ImportReport, RowFault, Table};
use crate::checks;
use crate::domain::Person;
use crate::error::{Error, Problem, Result};
use crate::field::Field;
use crate::problem::Shown;
use crate::store::{PersonChange, Store};
use crate::text;

pub const FIELDS: [&str; 9] = Person::FIELDS;
const REQUIRED: [&str; 5] = [
    "service_number",
    "family_name",
    "given_name",
    "category",
    "gender",
];

/// Reads a roster into a contingent. With `dry_run` nothing is written; either way the
/// report holds the counts and every bad row.
pub fn import_roster(
    store: &mut Store,
    table: Table,
    file: &Path,
    contingent: &str,
    by: &str,
    dry_run: bool,
) -> Result<ImportReport> {
    let by = text::operator(by)?;
    let mut report = ImportReport::new(ImportKind::Roster, file, &table, dry_run);
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
    let cid = w
        .contingent_id(contingent)?
        .ok_or_else(|| Error::NotFound {
            what: "contingent",
            key: contingent.trim().to_string(),
            hint: " (create it with `muster contingent add`)",
        })?;
    // The same file read before: a detail corrected by hand since is set back by it, and
    // said (as someone taken off by hand stays off, below).
    let first_read = report.note_earlier(&w, "roster", Some(cid))?;
    let import_id = w.begin_import("roster", &source, Some(cid), &by)?;
    let mut seen: HashMap<String, usize> = HashMap::new();
    // A number merged into another goes on no roster: an old file still lists it.
    let merged = w.merged_numbers()?;
    let elsewhere = w.on_overlapping_rotations(cid)?;
    // By other rotation: its code, the first line naming one of its people, and them.
    let mut overlapping: Vec<(String, usize, Vec<String>)> = Vec::new();
    for row in table {
        let rec = match row {
            Ok(r) => r,
            Err(RowFault::Row(line, msg)) => {
                report.error(line, None, msg);
                continue;
            }
            // A limit passed or a workbook broken halfway: nothing of the file is kept
            // (the transaction is dropped, not committed).
            Err(RowFault::Stop(e)) => return Err(e),
        };
        report.rows += 1;
        let p = match parse_row(&rec, &cols) {
            Ok(p) => p,
            Err(errors) => {
                for (field, msg) in errors {
                    report.error(rec.line, Some(field), msg);
                }
                continue;
            }
        };
        let sn = p.service_number.clone();
        if let Some(first) = seen.insert(text::sn_key(&sn), rec.line) {
            report.error(
                rec.line,
                Some(Field::ServiceNumber),
                Problem::RepeatedServiceNumber {
                    value: sn.into(),
                    first_line: first.to_string(),
                },
            );
            continue;
        }
        // A new person's number must not mix alphabets or look like one on file or
        // earlier in this file (checked on every row, so every such row is listed).
        let new = match w.check_service_number(&sn) {
            Ok(new) => new,
            Err(e) => {
                report.error(rec.line, Some(Field::ServiceNumber), e.problem());
                continue;
            }
        };
        if let Some(m) = merged.get(&text::sn_key(&sn)) {
            report.error(
                rec.line,
                Some(Field::ServiceNumber),
                m.refusal(Shown::new(&sn)),
            );
            continue;
        }
        for (field, warning) in checks::person_warnings(&p) {
            report.warn(rec.line, Some(field), warning);
        }
        let mut p = p;
        // A new person has nothing on file to keep or compare, and no roster to be off.
        let old = if new { None } else { w.person_on_file(&sn)? };
        // Named as on file (`KZ300105`), not as typed in this row (`kz300105`).
        let on_file = old
            .as_ref()
            .map_or_else(|| p.service_number.clone(), |o| o.service_number.clone());
        if let Some(old) = old {
            keep_what_the_file_leaves_out(&mut p, &old, &cols);
            let fields = crate::store::person_diff(&old, &p);
            if let Some(since) = &first_read {
                for f in &fields {
                    if let Some((at, by)) =
                        w.hand_edit_since(&old.service_number, f.field.name(), since)?
                    {
                        report.warn(
                            rec.line,
                            Some(f.field),
                            Problem::HandEditSetBack {
                                service_number: old.service_number.as_str().into(),
                                field: f.field,
                                now: Shown::new(&f.old),
                                file_says: Shown::new(&f.new),
                                at: at.into(),
                                by: by.into(),
                            },
                        );
                    }
                }
            }
            // Both names another, not only spelt otherwise (case, ё): maybe another person.
            let renamed = !text::same_name(&old.family_name, &p.family_name)
                && !text::same_name(&old.given_name, &p.given_name);
            if renamed {
                report.warn(
                    rec.line,
                    Some(Field::ServiceNumber),
                    Problem::NamesReplaced {
                        service_number: old.service_number.clone(),
                        was: Shown::new(&old.full_name()),
                        now: Shown::new(&p.full_name()),
                    },
                );
            }
            if !fields.is_empty() && report.changes.len() < super::MAX_LISTED_ERRORS {
                report.changes.push(super::PersonUpdate {
                    line: rec.line,
                    service_number: old.service_number,
                    fields,
                });
            }
        }
        if !report.errors.is_empty() {
            continue; // keep checking, stop writing
        }
        let (pid, change) = w.upsert_person(&p, &by)?;
        match change {
            PersonChange::New => report.people_new += 1,
            PersonChange::Updated => report.people_updated += 1,
            PersonChange::Unchanged => report.people_unchanged += 1,
        }
        // Taken off this roster by hand (injured, replaced), they stay off: an old roster
        // file read again must not put them back unseen.
        let off = if new {
            None
        } else {
            w.taken_off_by_hand(pid, cid)?
        };
        if let Some((at, reason)) = off {
            report.warn(
                rec.line,
                Some(Field::ServiceNumber),
                Problem::StaysOffRoster {
                    service_number: p.service_number.clone(),
                    contingent: contingent.trim().to_string(),
                    at,
                    reason: Shown::new(&reason),
                },
            );
            continue;
        }
        report.assigned += w.assign(pid, cid, &by)? as usize;
        for other in elsewhere.get(&pid).into_iter().flatten() {
            match overlapping
                .iter_mut()
                .find(|(code, ..)| *code == other.code)
            {
                Some((.., numbers)) => numbers.push(on_file.clone()),
                None => overlapping.push((other.code.clone(), rec.line, vec![on_file.clone()])),
            }
        }
    }
    for (other, line, numbers) in overlapping {
        report.warn(
            line,
            Some(Field::ServiceNumber),
            Problem::OnOverlappingRotation {
                other,
                count: numbers.len().to_string(),
                service_numbers: super::first_of(&numbers, 10),
            },
        );
    }
    if report.rows == 0 && report.errors.is_empty() {
        report.error(first_row, None, Problem::NoRows);
    }
    for (line, warning) in notes.warnings() {
        report.warn(line, None, warning);
    }
    // People on the roster whom this file leaves out stay on it: said, not done. A roster
    // that is only one platoon's is normal; a replaced soldier is taken off by hand.
    if report.errors.is_empty() && report.rows > 0 {
        let absent: Vec<String> = w
            .roster_numbers(cid)?
            .into_iter()
            .filter(|(key, _)| !seen.contains_key(key))
            .map(|(_, sn)| sn)
            .collect();
        if !absent.is_empty() {
            report.warn(
                0,
                None,
                Problem::NotInFile {
                    contingent: contingent.trim().to_string(),
                    count: absent.len().to_string(),
                    service_numbers: super::first_of(&absent, 10),
                },
            );
        }
    }
    if report.errors.is_empty() && !dry_run {
        let summary = serde_json::json!({
            "contingent": contingent, "rows": report.rows, "new": report.people_new,
            "updated": report.people_updated, "unchanged": report.people_unchanged,
        });
        w.audit(
            &by,
            "import",
            "roster",
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

/// A column the file does not have says nothing about a person on file: their patronymic,
/// rank, role and unit stay as they are (an empty cell in a column the file has clears it).
fn keep_what_the_file_leaves_out(p: &mut Person, old: &Person, cols: &[Option<usize>]) {
    let absent = |i: usize| cols[i].is_none();
    if absent(3) {
        p.patronymic = old.patronymic.clone();
    }
    if absent(4) {
        p.rank = old.rank.clone();
    }
    if absent(7) {
        p.role = old.role.clone();
    }
    if absent(8) {
        p.unit = old.unit.clone();
    }
}

/// One roster row to a cleaned person, or every field that is wrong with it.
fn parse_row(
    rec: &super::Record,
    cols: &[Option<usize>],
) -> std::result::Result<Person, Vec<(Field, Problem)>> {
    let get = |f: usize| {
        cols[f]
            .and_then(|c| rec.cells.get(c))
            .map_or("", |s| s.as_str())
    };
    let mut errors = Vec::new();
    let mut check = |field: Field, r: Result<String>| {
        r.map_err(|e| errors.push((field, e.problem())))
            .unwrap_or_default()
    };
    let service_number = check(Field::ServiceNumber, text::service_number(get(0)));
    let family_name = check(Field::FamilyName, text::required(Field::FamilyName, get(1)));
    let given_name = check(Field::GivenName, text::required(Field::GivenName, get(2)));
    let patronymic = check(Field::Patronymic, text::clean(Field::Patronymic, get(3)));
    let rank = check(Field::Rank, text::free_text(Field::Rank, get(4)));
    let role = check(Field::Role, text::free_text(Field::Role, get(7)));
    let unit = check(Field::Unit, text::free_text(Field::Unit, get(8)));
    let category =
        super::values::category(get(5)).map_err(|e| errors.push((Field::Category, e.problem())));
    let gender =
        super::values::gender(get(6)).map_err(|e| errors.push((Field::Gender, e.problem())));
    match (category, gender) {
        (Ok(category), Ok(gender)) if errors.is_empty() => Ok(Person {
            service_number,
            family_name,
            given_name,
            patronymic: Some(patronymic).filter(|p| !p.is_empty()),
            rank,
            category,
            gender,
            role,
            unit,
        }),
        _ => Err(errors),
    }
}
