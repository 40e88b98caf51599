//! People, matched by service number, and their assignments to contingents.

use super::details::{self, Entity};
use rusqlite::{params, Connection, OptionalExtension, Row};
use serde::Serialize;

use super::numbers::Numbers;
use super::{audit, Store, NONE};
use crate::dates;
use crate::domain::{Category, Gender, Person};
use crate::error::{Error, Problem, Result};
use crate::problem::Shown;
use crate::text;

pub(crate) const COLUMNS: &str =
    "p.service_number, p.family_name, p.given_name, p.patronymic, p.rank, p.category, p.gender, p.role, p.unit";

/// What saving a person from a roster did.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum PersonChange {
    New,
    Updated,
    Unchanged,
}

pub(crate) fn from_row(r: &Row) -> rusqlite::Result<Person> {
    Ok(Person {
        service_number: r.get(0)?,
        family_name: r.get(1)?,
        given_name: r.get(2)?,
        patronymic: r.get(3)?,
        rank: r.get(4)?,
        category: stored(r, 5, Category::ALL, Category::as_str)?,
        gender: stored(r, 6, Gender::ALL, Gender::as_str)?,
        role: r.get(7)?,
        unit: r.get(8)?,
    })
}

/// A value the schema's CHECK constraints limit to a few words, read without copying it
/// (readiness reads 100,000 people at a time).
fn stored<T: Copy, const N: usize>(
    r: &Row,
    i: usize,
    all: [T; N],
    name: fn(T) -> &'static str,
) -> rusqlite::Result<T> {
    let s = r.get_ref(i)?.as_str()?;
    all.into_iter().find(|v| name(*v) == s).ok_or_else(|| {
        rusqlite::Error::FromSqlConversionFailure(
            i,
            rusqlite::types::Type::Text,
            format!("{s:?} is not a value this column allows").into(),
        )
    })
}

/// A person's row id by service-number key (`text::sn_key`), without loading the record.
pub(crate) fn find_id(conn: &Connection, sn_key: &str) -> Result<Option<i64>> {
    Ok(conn
        .prepare_cached("SELECT id FROM person WHERE sn_key = ?1")?
        .query_row([sn_key], |r| r.get(0))
        .optional()?)
}

/// Every person's service number: (match key, as stored).
pub(crate) fn all_numbers(conn: &Connection) -> Result<Vec<(String, String)>> {
    let mut st = conn.prepare("SELECT sn_key, service_number FROM person")?;
    let rows = st.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

pub(crate) fn find(conn: &Connection, sn: &str) -> Result<Option<(i64, Person)>> {
    Ok(conn
        .prepare_cached(&format!(
            "SELECT {COLUMNS}, p.id FROM person p WHERE p.sn_key = ?1"
        ))?
        .query_row([text::sn_key(sn)], |r| Ok((r.get(9)?, from_row(r)?)))
        .optional()?)
}

/// Inserts a new person; returns their row id.
/// `stamp`: the creation's order-of-entry stamp and installation (`stamps`), which decides
/// between two installations that each added the same service number.
pub(crate) fn insert(
    conn: &Connection,
    p: &Person,
    by: &str,
    stamp: (i64, Option<String>),
) -> Result<i64> {
    // Kept in upper case, as it is matched: one soldier typed `kz999001` on one laptop and
    // `KZ999001` on another is one person, and reads the same on both once they exchange.
    let p = &Person {
        service_number: text::sn_key(&p.service_number),
        ..p.clone()
    };
    conn.prepare_cached(
        "INSERT INTO person (service_number, sn_key, family_name, given_name, patronymic,
                             rank, category, gender, role, unit, created_at, updated_at,
                             hlc, origin)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?11, ?12, ?13)",
    )?
    .execute(params![
        p.service_number,
        text::sn_key(&p.service_number),
        p.family_name,
        p.given_name,
        p.patronymic,
        p.rank,
        p.category.as_str(),
        p.gender.as_str(),
        p.role,
        p.unit,
        dates::now_utc(),
        stamp.0,
        stamp.1
    ])?;
    let id = conn.last_insert_rowid();
    audit(conn, by, "add", "person", &p.service_number, NONE, Some(p))?;
    Ok(id)
}

/// Inserts a new person or brings an existing one (same service number) up to date.
/// `import`: the roster import doing it, which its changes of details name (so undoing it
/// puts them back).
pub(crate) fn upsert(
    conn: &Connection,
    p: &Person,
    by: &str,
    import: Option<i64>,
) -> Result<(i64, PersonChange)> {
    let now = dates::now_utc();
    match find(conn, &p.service_number)? {
        None => {
            let stamp = (super::stamps::reserve(conn)?, super::stamps::origin(conn)?);
            Ok((insert(conn, p, by, stamp)?, PersonChange::New))
        }
        Some((id, old)) => {
            // The stored spelling of the service number is kept: it is the identity.
            let new = Person {
                service_number: old.service_number.clone(),
                ..p.clone()
            };
            if new == old {
                return Ok((id, PersonChange::Unchanged));
            }
            let key = text::sn_key(&old.service_number);
            let before =
                details::snapshot(conn, Entity::Person, &key)?.expect("the person was just found");
            conn.prepare_cached(
                "UPDATE person SET family_name = ?2, given_name = ?3, patronymic = ?4, rank = ?5,
                        category = ?6, gender = ?7, role = ?8, unit = ?9, updated_at = ?10
                 WHERE id = ?1",
            )?
            .execute(params![
                id,
                new.family_name,
                new.given_name,
                new.patronymic,
                new.rank,
                new.category.as_str(),
                new.gender.as_str(),
                new.role,
                new.unit,
                now
            ])?;
            audit(
                conn,
                by,
                "change",
                "person",
                &old.service_number,
                Some(&old),
                Some(&new),
            )?;
            details::record_change(conn, Entity::Person, &key, &before, by, import)?;
            Ok((id, PersonChange::Updated))
        }
    }
}

/// Assigns a person to a contingent unless already assigned; true when newly assigned.
pub(crate) fn assign(
    conn: &Connection,
    person_id: i64,
    contingent_id: i64,
    by: &str,
    import_id: Option<i64>,
    hlc: i64,
) -> Result<bool> {
    let n = conn
        .prepare_cached(
            "INSERT INTO assignment (person_id, contingent_id, assigned_at, assigned_by, import_id,
                                     hlc)
             SELECT ?1, ?2, ?3, ?4, ?5, ?6 WHERE NOT EXISTS (
               SELECT 1 FROM assignment WHERE person_id = ?1 AND contingent_id = ?2 AND ended_at IS NULL)",
        )?
        .execute(params![
            person_id,
            contingent_id,
            dates::now_utc(),
            by,
            import_id,
            hlc
        ])?;
    Ok(n == 1)
}

impl Store {
    /// A person by service number (case-insensitive).
    pub fn person(&self, service_number: &str) -> Result<Person> {
        find(&self.conn, service_number)?
            .map(|(_, p)| p)
            .ok_or_else(|| unknown_soldier(&self.conn, service_number))
    }

    /// Every person's service number as written, with the installation that added them
    /// (`None`: this one before stamps, or a Muster before sync), by service number.
    pub fn numbers_on_file(&self) -> Result<Vec<(String, Option<String>)>> {
        let mut st = self
            .conn
            .prepare("SELECT service_number, origin FROM person ORDER BY service_number")?;
        let rows = st.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// The contingents a person is assigned to now.
    pub fn assignments(&self, service_number: &str) -> Result<Vec<String>> {
        let mut st = self.conn.prepare(
            "SELECT c.code FROM assignment a JOIN contingent c ON c.id = a.contingent_id
             JOIN person p ON p.id = a.person_id
             WHERE p.sn_key = ?1 AND a.ended_at IS NULL ORDER BY c.deploy_on",
        )?;
        let rows = st.query_map([text::sn_key(service_number)], |r| r.get(0))?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// Everyone assigned to a contingent now, in roster order: the order readiness lists
    /// them in (by unit, family and given name in Kazakh/Russian alphabet order, then
    /// service number), so a screen listing the roster and one listing readiness agree.
    pub fn roster(&self, code: &str) -> Result<Vec<Person>> {
        let mut people = self.personnel(code)?;
        let order = super::roster_order::alphabet_order(&people);
        super::roster_order::permute(&mut people, order);
        Ok(people)
    }

    /// Everyone assigned to a contingent now, by unit then family name.
    pub fn personnel(&self, code: &str) -> Result<Vec<Person>> {
        let id = self.contingent_id(code)?;
        let mut st = self.conn.prepare(&format!(
            "SELECT {COLUMNS} FROM assignment a JOIN person p ON p.id = a.person_id
             WHERE a.contingent_id = ?1 AND a.ended_at IS NULL
             ORDER BY p.unit, p.family_name, p.given_name, p.service_number"
        ))?;
        let rows = st.query_map([id], from_row)?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }
}

/// A number typed that is not on file. When one on file looks like it (a separator, a
/// Cyrillic letter for a Latin one) the refusal names it: "import the roster first" would
/// be the wrong advice. The numbers are read only on this path, which ends the command.
pub(crate) fn unknown_soldier(conn: &Connection, sn: &str) -> Error {
    match Numbers::load(conn)
        .ok()
        .and_then(|n| n.looks_like(sn).map(str::to_string))
    {
        Some(existing) => Problem::NoSuchSoldierLooksLike {
            value: Shown::new(sn.trim()),
            existing: Shown::new(&existing),
        }
        .into(),
        None => Error::NotFound {
            what: "soldier with service number",
            key: sn.trim().to_string(),
            hint: " (check the number, or import the roster first)",
        },
    }
}

/// The attendees of a session who are not on file, each with the number on file it looks
/// like where there is one; nothing of the session is saved.
pub(crate) fn unknown_attendees(conn: &Connection, numbers: &[String]) -> Error {
    let on_file = Numbers::load(conn).ok();
    let look_alikes: Vec<String> = numbers
        .iter()
        .filter_map(|sn| {
            let existing = on_file.as_ref()?.looks_like(sn)?;
            Some(format!("{} → {existing}", sn.trim()))
        })
        .collect();
    let count = numbers.len().to_string();
    let service_numbers = numbers.join(", ");
    if look_alikes.is_empty() {
        Problem::UnknownAttendees {
            count,
            service_numbers,
        }
    } else {
        Problem::UnknownAttendeesLookAlike {
            count,
            service_numbers,
            look_alikes: Shown::composed(look_alikes.join(", ")),
        }
    }
    .into()
}
