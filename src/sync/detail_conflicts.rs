//! Details two installations changed differently (docs/sync.md "Details"): the same field
//! of a person, contingent or module edited from the same value to different ones before
//! the laptops exchanged bundles. The later edit counts everywhere; the list says which, so
//! a person can check it and, if it is wrong, edit the field again (which settles it).
//! Computed from the records, so every installation lists the same.

use serde::Serialize;
use serde_json::Value;

use crate::error::Result;
use crate::store::details::Edit;
use crate::store::{Creation, Store};

/// One field edited apart.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct DetailConflict {
    /// `person`, `contingent` or `module`.
    pub entity: String,
    /// A service number, or a contingent's or module's code.
    pub key: String,
    /// A person's family and given name, or the contingent's or module's name.
    pub name: String,
    /// The field, or group of fields edited as one (`unit`, `rank`, `dates`, `title` …).
    pub field: String,
    /// The value both edits replaced (empty when `added`).
    pub was: String,
    /// The same, column by column, for a group edited as one (a rotation's dates, a
    /// module's titles); empty for a single column.
    pub was_columns: Vec<ColumnValue>,
    /// The competing values are the details two laptops each added the row with (the same
    /// service number added on both), not edits of one value.
    pub added: bool,
    /// The competing edits, by order of entry: the last one counts.
    pub edits: Vec<DetailEdit>,
    /// A later edit of the field was made from the value that counted.
    pub settled: bool,
}

/// One of the competing edits.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct DetailEdit {
    pub value: String,
    /// The same, column by column, for a group edited as one; empty for a single column.
    pub columns: Vec<ColumnValue>,
    pub by: String,
    pub at: String,
    /// The installation that made it (its database identity).
    pub origin: Option<String>,
    pub wins: bool,
}

/// One column of a group's value, as a person reads it.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct ColumnValue {
    /// The column (`training_start`, `deploy_on`, `title_ru` …).
    pub column: String,
    pub value: String,
}

/// Every field edited apart, and every field a person was added with differently on two
/// laptops; settled ones too when `all`.
pub fn detail_conflicts(store: &Store, all: bool) -> Result<Vec<DetailConflict>> {
    let mut out = added_apart(store)?;
    out.extend(edited_apart(store)?);
    out.retain(|c| all || !c.settled);
    Ok(out)
}

/// Each field whose value differs between the creations of a person, contingent or module
/// added on two laptops.
fn added_apart(store: &Store) -> Result<Vec<DetailConflict>> {
    let mut out = Vec::new();
    for g in store.competing_creations()? {
        for (field, group) in g.entity.groups() {
            let value = |c: &Creation| {
                let picked: serde_json::Map<String, Value> = group
                    .iter()
                    .map(|k| {
                        (
                            k.to_string(),
                            c.values.get(*k).cloned().unwrap_or(Value::Null),
                        )
                    })
                    .collect();
                Value::Object(picked).to_string()
            };
            let first = value(&g.creations[0]);
            if g.creations.iter().all(|c| value(c) == first) {
                continue;
            }
            out.push(DetailConflict {
                entity: g.entity.as_str().into(),
                key: g.service_number.clone(),
                name: g.title.clone(),
                field: field.to_string(),
                was: String::new(),
                was_columns: Vec::new(),
                added: true,
                edits: g
                    .creations
                    .iter()
                    .map(|c| DetailEdit {
                        value: shown(&value(c)),
                        columns: columns(&value(c)),
                        by: c.by.clone(),
                        at: c.at.clone(),
                        origin: c.origin.clone(),
                        wins: c.counts,
                    })
                    .collect(),
                settled: g.edited.iter().any(|e| e == field),
            });
        }
    }
    Ok(out)
}

fn edited_apart(store: &Store) -> Result<Vec<DetailConflict>> {
    Ok(store
        .competing_edits()?
        .into_iter()
        .map(|g| {
            let n = g.edits.len();
            let first = &g.edits[0];
            DetailConflict {
                entity: first.entity.clone(),
                key: g.shown_as.clone(),
                name: g.title.clone(),
                field: first.field.clone(),
                was: g.was.as_deref().map(shown).unwrap_or_default(),
                was_columns: g.was.as_deref().map(columns).unwrap_or_default(),
                added: false,
                edits: g
                    .edits
                    .iter()
                    .enumerate()
                    .map(|(i, e)| version(e, i + 1 == n))
                    .collect(),
                settled: g.settled,
            }
        })
        .collect())
}

fn version(e: &Edit, wins: bool) -> DetailEdit {
    DetailEdit {
        value: shown(&e.value),
        columns: columns(&e.value),
        by: e.edited_by.clone(),
        at: e.edited_at.clone(),
        origin: e.origin.clone(),
        wins,
    }
}

/// A group's value as a person reads it: one column's value alone, several as
/// `column: value` pairs; nothing for an empty or absent one.
pub fn shown(json: &str) -> String {
    let Ok(Value::Object(columns)) = serde_json::from_str::<Value>(json) else {
        return json.to_string();
    };
    if columns.len() == 1 {
        return columns.values().next().map(text).unwrap_or_default();
    }
    columns
        .iter()
        .map(|(k, v)| format!("{k}: {}", text(v)))
        .collect::<Vec<_>>()
        .join(", ")
}

/// A group's value column by column; empty for one column alone (`shown` says it).
pub fn columns(json: &str) -> Vec<ColumnValue> {
    match serde_json::from_str::<Value>(json) {
        Ok(Value::Object(columns)) if columns.len() > 1 => columns
            .iter()
            .map(|(k, v)| ColumnValue {
                column: k.clone(),
                value: text(v),
            })
            .collect(),
        _ => Vec::new(),
    }
}

/// One column's value as a person reads it: a dash for none, a whole number without `.0`.
fn text(v: &Value) -> String {
    match v {
        Value::Null => "—".to_string(),
        Value::String(s) if s.is_empty() => "—".to_string(),
        Value::String(s) => s.clone(),
        Value::Number(n) => match n.as_f64() {
            Some(f) if f.fract() == 0.0 && f.abs() < 1e15 => format!("{f:.0}"),
            _ => n.to_string(),
        },
        other => other.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::{columns, shown};

    #[test]
    fn a_value_reads_as_its_column_or_its_columns() {
        assert_eq!(shown(r#"{"unit":"2 взвод"}"#), "2 взвод");
        assert_eq!(shown(r#"{"patronymic":null}"#), "—");
        assert_eq!(shown(r#"{"hours":12.5}"#), "12.5");
        assert_eq!(
            shown(r#"{"per_rotation":0,"validity_months":36}"#),
            "per_rotation: 0, validity_months: 36"
        );
        assert_eq!(shown(r#"{"hours":8.0}"#), "8", "a whole number without .0");
    }

    #[test]
    fn a_group_reads_column_by_column_for_a_screen_to_label() {
        assert!(columns(r#"{"unit":"2 взвод"}"#).is_empty());
        let dates =
            columns(r#"{"deploy_on":"2027-07-01","tour_months":6.0,"training_start":null}"#);
        let read: Vec<(&str, &str)> = dates
            .iter()
            .map(|c| (c.column.as_str(), c.value.as_str()))
            .collect();
        assert_eq!(
            read,
            [
                ("deploy_on", "2027-07-01"),
                ("tour_months", "6"),
                ("training_start", "—")
            ]
        );
    }
}
