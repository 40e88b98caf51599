//! Correcting a person's details (a promotion, a move to another platoon, a misspelt
//! name) and reading back how they changed. A person is not a training record: the row
//! is brought up to date, and the audit log keeps every earlier version with who and when,
//! so the change history is read from there.

use serde::Serialize;

use super::people::{self, unknown_soldier};
use super::Store;
use crate::domain::{Person, PersonPatch};
use crate::error::Result;
use crate::field::Field;
use crate::{checks, text};

/// One field of a person as it read before and after a change.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct FieldChange {
    pub field: Field,
    pub old: String,
    pub new: String,
}

/// One change to a person's details: from a form or a roster import.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct DetailChange {
    /// UTC, RFC 3339.
    pub at: String,
    pub by: String,
    pub fields: Vec<FieldChange>,
    /// The change put details back when an import was undone: that import's file and the
    /// undo's reason.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "ts", ts(optional))]
    pub undo_of: Option<UndoOf>,
}

/// The import whose undoing made a change, as a person's history names it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct UndoOf {
    pub file: String,
    pub reason: String,
}

impl Store {
    /// Saves corrected details of a person already on file and returns the fields that
    /// changed (none: the details already read so, and nothing was written). The service
    /// number is the identity and cannot change; everything else is checked as a roster
    /// row would be.
    pub fn update_person(&mut self, p: &Person, by: &str) -> Result<Vec<FieldChange>> {
        let by = text::operator(by)?;
        let p = checks::person(p)?;
        let mut w = self.writer()?;
        let Some((_, old)) = people::find(w.tx(), &p.service_number)? else {
            return Err(unknown_soldier(w.tx(), &p.service_number));
        };
        w.upsert_person(&p, &by)?;
        w.commit()?;
        Ok(diff(Some(&json(&old)), Some(&json(&p))))
    }

    /// Changes what a patch gives of the details of a person on file (`person edit`) and
    /// returns the fields that changed, as `update_person`.
    pub fn edit_person(
        &mut self,
        service_number: &str,
        patch: &PersonPatch,
        by: &str,
    ) -> Result<Vec<FieldChange>> {
        let p = patch.apply(self.person(service_number)?);
        self.update_person(&p, by)
    }

    /// How a person's details changed over time, newest first.
    pub fn person_changes(&self, service_number: &str) -> Result<Vec<DetailChange>> {
        let p = self.person(service_number)?;
        let log = self.audit_log(Some(&p.service_number), usize::MAX >> 1)?;
        Ok(log
            .into_iter()
            .filter(|e| e.entity == "person" && e.action == "change")
            .map(|e| DetailChange {
                undo_of: e
                    .new_value
                    .as_ref()
                    .and_then(|v| v.get("because"))
                    .and_then(|b| {
                        Some(UndoOf {
                            file: b.get("undo_of_import")?.as_str()?.to_string(),
                            reason: b.get("reason")?.as_str().unwrap_or_default().to_string(),
                        })
                    }),
                fields: diff(e.old_value.as_ref(), e.new_value.as_ref()),
                at: e.at,
                by: e.actor,
            })
            .filter(|c| !c.fields.is_empty())
            .collect())
    }
}

/// The fields that do not read as the newest change listed for them says (`changes` newest
/// first): `old` what that change set, `new` what the field reads. The history is listed by
/// the time each change was made, as its laptop's clock gave it, while what counts is the
/// latest edit still in force by order of entry (an undone import's edits no longer count):
/// an edit made on another laptop before the newest change here and received after it, or
/// one stamped by a clock that ran ahead, can read otherwise (docs/sync.md, "Details").
/// Said beside the history, so a reader does not take its newest line for the value.
pub fn reads_otherwise(person: &Person, changes: &[DetailChange]) -> Vec<FieldChange> {
    let now = json(person);
    let mut seen = std::collections::HashSet::new();
    let mut out = Vec::new();
    for c in changes {
        for f in &c.fields {
            if !seen.insert(f.field) {
                continue;
            }
            let current = shown(&now, f.field.name());
            if current != f.new {
                out.push(FieldChange {
                    field: f.field,
                    old: f.new.clone(),
                    new: current,
                });
            }
        }
    }
    out
}

/// The fields of a person that a change from `old` to `new` changes, in the roster's order.
pub(crate) fn person_diff(old: &Person, new: &Person) -> Vec<FieldChange> {
    diff(Some(&json(old)), Some(&json(new)))
}

/// A person as the audit log stores one.
fn json(p: &Person) -> serde_json::Value {
    serde_json::to_value(p).expect("a person is plain data")
}

/// The fields that differ between two stored versions of a person.
fn diff(old: Option<&serde_json::Value>, new: Option<&serde_json::Value>) -> Vec<FieldChange> {
    let (Some(old), Some(new)) = (old, new) else {
        return Vec::new();
    };
    // The roster's columns, in their order, but the service number: it never changes.
    Person::FIELDS
        .iter()
        .filter(|k| **k != "service_number")
        .filter_map(|k| {
            let (o, n) = (shown(old, k), shown(new, k));
            (o != n).then(|| FieldChange {
                field: Field::from_name(k).expect("every roster column is a field"),
                old: o,
                new: n,
            })
        })
        .collect()
}

/// One field of a stored version of a person as a change lists it: none as empty.
fn shown(v: &serde_json::Value, k: &str) -> String {
    match v.get(k) {
        Some(serde_json::Value::String(s)) => s.clone(),
        Some(serde_json::Value::Null) | None => String::new(),
        Some(other) => other.to_string(),
    }
}
