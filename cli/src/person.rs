//! `muster person show|edit|remove|assign`: one soldier's details and how they changed;
//! corrections such as a promotion or a move to another platoon; taking someone off a
//! contingent's roster (injured, replaced) and putting them back.

use muster::import::values;
use muster::{Error, Result, Store};

use super::args::{EditArgs, Format, PersonCmd};
use super::render::TextTable;

pub fn run(store: &mut Store, cmd: PersonCmd) -> Result<String> {
    match cmd {
        PersonCmd::Show {
            service_number,
            format,
        } => show(store, &service_number, format),
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
            Ok(format!(
                "{} is on the roster of {}\n",
                service_number.trim(),
                contingent.trim()
            ))
        }
    }
}

fn show(store: &Store, sn: &str, format: Format) -> Result<String> {
    let person = store.person(sn)?;
    let contingents = store.assignments(sn)?;
    let changes = store.person_changes(sn)?;
    if format == Format::Json {
        let v =
            serde_json::json!({ "person": person, "contingents": contingents, "changes": changes });
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
    if !changes.is_empty() {
        out.push_str("\nchanges, newest first:\n");
        let mut t = TextTable::new(["at (UTC)", "by", "field", "was", "now"]);
        for c in &changes {
            for f in &c.fields {
                t.row([
                    c.at.clone(),
                    c.by.clone(),
                    f.field.clone(),
                    f.old.clone(),
                    f.new.clone(),
                ]);
            }
        }
        out.push_str(&t.render());
    }
    Ok(out)
}

fn edit(store: &mut Store, a: EditArgs) -> Result<String> {
    let mut p = store.person(&a.service_number)?;
    let given = [
        &a.family_name,
        &a.given_name,
        &a.patronymic,
        &a.rank,
        &a.category,
        &a.gender,
        &a.role,
        &a.unit,
    ];
    if given.iter().all(|v| v.is_none()) {
        return Err(Error::invalid(
            "nothing to change: give at least one of --family-name, --given-name, --patronymic, \
             --rank, --category, --gender, --role, --unit",
        ));
    }
    let flag = |name: &str, e: Error| e.in_field(&format!("--{name}"));
    if let Some(v) = a.family_name {
        p.family_name = v;
    }
    if let Some(v) = a.given_name {
        p.given_name = v;
    }
    if let Some(v) = a.patronymic {
        p.patronymic = Some(v).filter(|s| !s.trim().is_empty());
    }
    if let Some(v) = a.rank {
        p.rank = v;
    }
    if let Some(v) = a.category {
        p.category = values::category(&v).map_err(|e| flag("category", e))?;
    }
    if let Some(v) = a.gender {
        p.gender = values::gender(&v).map_err(|e| flag("gender", e))?;
    }
    if let Some(v) = a.role {
        p.role = v;
    }
    if let Some(v) = a.unit {
        p.unit = v;
    }
    let sn = p.service_number.clone();
    let changed = store.update_person(&p, &a.by)?;
    if changed.is_empty() {
        return Ok(format!(
            "{sn}: nothing changed (the details already read so)\n"
        ));
    }
    let fields: Vec<String> = changed
        .iter()
        .map(|f| format!("{} «{}» → «{}»", f.field, f.old, f.new))
        .collect();
    Ok(format!("{sn} updated: {}\n", fields.join("; ")))
}
