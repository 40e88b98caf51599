//! A contingent's roster and completion records in the import formats: the same column
//! names, values the importer reads back to the same data.

use std::path::Path;

use super::{write_sheet, Cell, Sheet};
use crate::error::Result;
use crate::import::{completions_fields, roster_fields};
use crate::store::Store;

/// Everyone assigned to the contingent now, by unit then name.
pub fn roster_sheet(store: &Store, code: &str) -> Result<Sheet> {
    let contingent = store.contingent(code)?;
    let rows = store
        .personnel(&contingent.code)?
        .into_iter()
        .map(|p| {
            vec![
                Cell::from(p.service_number),
                p.family_name.into(),
                p.given_name.into(),
                p.patronymic.unwrap_or_default().into(),
                p.rank.into(),
                p.category.as_str().into(),
                p.gender.as_str().into(),
                p.role.into(),
                p.unit.into(),
            ]
        })
        .collect();
    Ok(Sheet {
        name: "roster".into(),
        headers: roster_fields().iter().map(|s| s.to_string()).collect(),
        rows,
    })
}

/// The records that count (not voided, not superseded) of everyone assigned now.
pub fn completions_sheet(store: &Store, code: &str) -> Result<Sheet> {
    let contingent = store.contingent(code)?;
    let rows = store
        .active_attempts(&contingent.code)?
        .into_iter()
        .map(|a| {
            vec![
                Cell::from(a.service_number),
                a.module.into(),
                Cell::Date(a.date),
                a.result.as_str().into(),
                a.score.into(),
                a.hours.into(),
                a.instructor.into(),
                a.notes.into(),
            ]
        })
        .collect();
    Ok(Sheet {
        name: "completions".into(),
        headers: completions_fields().iter().map(|s| s.to_string()).collect(),
        rows,
    })
}

/// Writes the roster as .csv or .xlsx (by the file's ending); returns the number of people.
pub fn export_roster(store: &Store, code: &str, path: &Path) -> Result<usize> {
    let sheet = roster_sheet(store, code)?;
    write_sheet(&sheet, path, store.path())?;
    Ok(sheet.rows.len())
}

/// Writes the completion records as .csv or .xlsx; returns the number of records.
pub fn export_completions(store: &Store, code: &str, path: &Path) -> Result<usize> {
    let sheet = completions_sheet(store, code)?;
    write_sheet(&sheet, path, store.path())?;
    Ok(sheet.rows.len())
}
