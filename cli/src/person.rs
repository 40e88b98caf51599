//! `muster person show|edit|remove|assign|merge`: one soldier's details and how they changed;
//! corrections such as a promotion or a move to another platoon; taking someone off a
//! contingent's roster (injured, replaced) and putting them back.

use chrono::NaiveDate;
use muster::dates;
use muster::domain::PersonPatch;
use muster::import::values;
use muster::service_record::{service_record, Rotation};
use muster::store::MergePlan;
use muster::{Error, Result, Store};

use super::args::{EditArgs, PersonCmd, Shape};
use super::commands::{date_arg, flagged};
use super::render::{count, TextTable};

pub fn run(store: &mut Store, cmd: PersonCmd) -> Result<String> {
    match cmd {
        PersonCmd::Show {
            service_number,
            as_of,
            format,
        } => {
            let as_of = match as_of {
                Some(s) => date_arg("as-of", &s)?,
                None => dates::today(),
            };
            show(store, &service_number, as_of, format)
        }
        PersonCmd::Edit(a) => edit(store, *a),
        PersonCmd::Remove {
            service_number,
            contingent,
            by,
            reason,
        } => {
            store.take_off_roster(&service_number, &contingent, &by, &reason)?;
            Ok(format!(
                "{} taken off the roster of {}\n",
                service_number.trim(),
                contingent.trim()
            ))
        }
        PersonCmd::Assign {
            service_number,
            contingent,
            by,
        } => {
            store.put_on_roster(&service_number, &contingent, &by)?;
            let rotations = service_record(store, &service_number, muster::dates::today())?;
            // An archived rotation's roster is history: said, so a mistaken code is seen.
            let archived = store
                .archived_contingents()?
                .iter()
                .any(|a| a.contingent.code.eq_ignore_ascii_case(contingent.trim()));
            Ok(format!(
                "{} is on the roster of {}\n{}{}",
                service_number.trim(),
                contingent.trim(),
                if archived {
                    format!(
                        "note: {} is archived: its roster is history, and no screen weighs it (`muster contingent restore {}` brings it back into use)\n",
                        contingent.trim(),
                        contingent.trim()
                    )
                } else {
                    String::new()
                },
                overlap_note(&rotations).unwrap_or_default()
            ))
        }
        PersonCmd::Merge {
            from,
            into,
            by,
            reason,
            dry_run,
            format,
        } => {
            let plan = store.merge_person(&from, &into, &by, &reason, dry_run)?;
            Ok(merged(&plan, dry_run, format))
        }
    }
}

/// What a merge moved (or, with --dry-run, would move).
fn merged(plan: &MergePlan, dry_run: bool, format: Shape) -> String {
    if format == Shape::Json {
        let v = serde_json::json!({"dry_run": dry_run, "merge": plan});
        return format!(
            "{}\n",
            serde_json::to_string_pretty(&v).expect("JSON of plain data")
        );
    }
    let (moves, voids, leaves) = if dry_run {
        ("would move to", "would void", "would leave")
    } else {
        ("moved to", "voided", "left")
    };
    let mut out = String::new();
    for r in &plan.moved {
        out += &format!(
            "{} {} {}: {} {} ({})\n",
            plan.from,
            moves,
            plan.into,
            r.module,
            r.date,
            r.result.as_str()
        );
    }
    for r in &plan.duplicates {
        out += &format!(
            "{} {}: {} {} ({}), which {} already holds\n",
            plan.from,
            voids,
            r.module,
            r.date,
            r.result.as_str(),
            plan.into
        );
    }
    for r in &plan.rosters {
        if r.restored {
            let goes = if dry_run { "would go" } else { "goes" };
            out += &format!(
                "{} {goes} back on the roster of {} (laptops merged these numbers into each other; its own merge gave way)\n",
                plan.into, r.contingent
            );
            continue;
        }
        let with = if r.into_already_on {
            format!("{} is on it already", plan.into)
        } else {
            format!("{} takes its place", plan.into)
        };
        out += &format!(
            "{} {} the roster of {}; {}\n",
            plan.from, leaves, r.contingent, with
        );
    }
    let records = count(
        plan.moved.len() + plan.duplicates.len(),
        "record",
        "records",
    );
    out += &if dry_run {
        format!(
            "nothing changed (--dry-run): {records} of {} would go to {}\n",
            plan.from, plan.into
        )
    } else {
        format!(
            "merged {} into {}: {records}, both histories kept (`muster history {}`)\n",
            plan.from, plan.into, plan.from
        )
    };
    out
}

fn show(store: &Store, sn: &str, as_of: NaiveDate, format: Shape) -> Result<String> {
    let person = store.person(sn)?;
    let contingents = store.assignments(sn)?;
    let changes = store.person_changes(sn)?;
    let rotations = service_record(store, sn, as_of)?;
    if format == Shape::Json {
        let v = serde_json::json!({
            "person": person,
            "contingents": contingents,
            "rotations": rotations,
            "changes": changes,
        });
        return Ok(format!(
            "{}\n",
            serde_json::to_string_pretty(&v).expect("JSON of plain data")
        ));
    }
    let mut t = TextTable::new(["field", "value"]);
    for (k, v) in [
        ("service_number", person.service_number.clone()),
        ("family_name", person.family_name.clone()),
        ("given_name", person.given_name.clone()),
        ("patronymic", person.patronymic.clone().unwrap_or_default()),
        ("rank", person.rank.clone()),
        ("category", person.category.as_str().to_string()),
        ("gender", person.gender.as_str().to_string()),
        ("role", person.role.clone()),
        ("unit", person.unit.clone()),
        ("contingents", contingents.join(", ")),
    ] {
        t.row([k.to_string(), v]);
    }
    let mut out = t.render();
    out.push_str(&rotations_table(&rotations));
    if !changes.is_empty() {
        out.push_str("\nchanges, newest first:\n");
        let mut t = TextTable::new(["at (UTC)", "by", "field", "was", "now"]);
        for c in &changes {
            // A change that undoing an import made says so, and why.
            let by = match &c.undo_of {
                // The default reason names the import already: said once.
                Some(u)
                    if u.reason
                        .starts_with(&format!("undo of the import of {}", u.file)) =>
                {
                    format!("{} ({})", c.by, u.reason)
                }
                Some(u) => format!("{} (undo of import {}: {})", c.by, u.file, u.reason),
                None => c.by.clone(),
            };
            for f in &c.fields {
                t.row([
                    c.at.clone(),
                    by.clone(),
                    f.field.to_string(),
                    f.old.clone(),
                    f.new.clone(),
                ]);
            }
        }
        out.push_str(&t.render());
        for f in muster::store::reads_otherwise(&person, &changes) {
            out.push_str(&format!(
                "note: {} reads «{}», not «{}» as the newest change above has it: what counts is the latest edit still in force by the order of entry every laptop agrees on (an undone import's edits no longer count), not by the times listed, which each laptop's own clock gave: a change made on another laptop may have been entered before the newest here, or stamped by a clock that runs ahead\n",
                f.field, f.new, f.old
            ));
        }
    }
    Ok(out)
}

/// Every rotation on one line: its dates, whether on the roster, the standing on the day
/// it is judged, what stops the soldier being ready, and what an earlier rotation carried.
fn rotations_table(rotations: &[Rotation]) -> String {
    if rotations.is_empty() {
        return "\nrotations: none\n".into();
    }
    let mut t = TextTable::new([
        "contingent",
        "training",
        "deployment",
        "roster",
        "judged on",
        "ready",
        "lacking",
        "carried over",
    ]);
    for r in rotations {
        let lacking: Vec<String> = r
            .modules
            .iter()
            .filter(|m| !m.status.status.is_ready())
            // As every view words it: a certificate still valid that runs out before
            // deployment "lapses before deployment", not "expired".
            .map(|m| {
                format!(
                    "{} {}",
                    m.code,
                    muster::glossary::EN.reading(m.status.reading())
                )
            })
            .collect();
        let carried: Vec<String> = r
            .modules
            .iter()
            .filter(|m| m.carried_over && m.status.status.is_ready())
            .map(|m| match (&m.earned_in, m.status.completed_on) {
                (Some(from), Some(d)) => format!("{} {} ({from})", m.code, d),
                (None, Some(d)) => format!("{} {}", m.code, d),
                _ => m.code.clone(),
            })
            .collect();
        let roster = match &r.taken_off_reason {
            None => "on".to_string(),
            Some(why) => format!("taken off: {why}"),
        };
        t.row([
            r.code.clone(),
            r.training_start.to_string(),
            r.deploy_on.to_string(),
            roster,
            r.judged_on.to_string(),
            if r.ready { "yes" } else { "no" }.to_string(),
            lacking.join(", "),
            carried.join(", "),
        ]);
    }
    let mut out = format!("\nrotations:\n{}", t.render());
    if let Some(line) = overlap_note(rotations) {
        out.push_str(&line);
    }
    out
}

/// A warning when the soldier is on the rosters of rotations that overlap in time.
fn overlap_note(rotations: &[Rotation]) -> Option<String> {
    let on: Vec<&str> = rotations
        .iter()
        .filter(|r| !r.overlaps.is_empty())
        .map(|r| r.code.as_str())
        .collect();
    let (last, rest) = on.split_last()?;
    (!rest.is_empty()).then(|| {
        format!(
            "warning: on the rosters of {} and {last} at once, whose training and tours overlap: a soldier serves in one rotation at a time; take them off the roster they left (`muster person remove`)\n",
            rest.join(", ")
        )
    })
}

fn edit(store: &mut Store, a: EditArgs) -> Result<String> {
    // The number as stored, for the reply (and an unknown one refused before the flags).
    let sn = store.person(&a.service_number)?.service_number;
    let patch = PersonPatch {
        family_name: a.family_name,
        given_name: a.given_name,
        patronymic: a.patronymic,
        rank: a.rank,
        category: a
            .category
            .map(|v| values::category(&v).map_err(|e| flagged("category", e)))
            .transpose()?,
        gender: a
            .gender
            .map(|v| values::gender(&v).map_err(|e| flagged("gender", e)))
            .transpose()?,
        role: a.role,
        unit: a.unit,
    };
    if patch.is_empty() {
        return Err(Error::invalid(
            "nothing to change: give at least one of --family-name, --given-name, --patronymic, \
             --rank, --category, --gender, --role, --unit",
        ));
    }
    let changed = store.edit_person(&a.service_number, &patch, &a.by)?;
    if changed.is_empty() {
        return Ok(format!(
            "{sn}: nothing changed (the details already read so)\n"
        ));
    }
    let fields: Vec<String> = changed
        .iter()
        .map(|f| format!("{} «{}» → «{}»", f.field, f.old, f.new))
        .collect();
    // What a roster import would warn of in the names now held (letters of two alphabets,
    // `?` for lost letters), said here too: saved, but worth a second look.
    let mut out = String::new();
    for (_, w) in muster::checks::person_warnings(&store.person(&sn)?) {
        out += &format!("warning: {w}\n");
    }
    out += &format!("{sn} updated: {}\n", fields.join("; "));
    Ok(out)
}
