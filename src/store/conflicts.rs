//! Reads for the conflict list (`sync::conflicts`): every record with more than one
//! correction (migration 0013 keeps them all), with its corrections as held. Nothing is
//! stored about a conflict: it is read from the records, so every installation that holds
//! the same records lists the same conflicts.

use rusqlite::{params, Connection};

use super::attempts::{from_row, COLUMNS, FROM};
use super::Store;
use crate::domain::{Attempt, Voiding};
use crate::error::Result;

/// A record corrected more than once, as held.
#[derive(Debug, Clone, PartialEq)]
pub struct Contested {
    pub record: Attempt,
    /// The person's name, family name first.
    pub name: String,
    /// Its amendments, by order of entry.
    pub amendments: Vec<HeldAmendment>,
    /// Its voidings (more than one when voided on two installations), by order of entry.
    pub voidings: Vec<HeldVoiding>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct HeldAmendment {
    pub attempt: Attempt,
    /// Order of entry (the row number for one entered before stamps).
    pub stamp: i64,
    pub origin: Option<String>,
    /// Voided since.
    pub voided: bool,
    /// Amended since.
    pub amended: bool,
}

#[derive(Debug, Clone, PartialEq)]
pub struct HeldVoiding {
    pub voiding: Voiding,
    /// Order of entry (the row number for one made before stamps).
    pub stamp: i64,
    pub origin: Option<String>,
}

impl Store {
    /// Every record with more than one correction, by person (service number), then date,
    /// then record id.
    pub fn contested_records(&self) -> Result<Vec<Contested>> {
        contested_on(&self.conn)
    }
}

/// `Store::contested_records` on a connection (a bundle's transaction, before and after).
pub(crate) fn contested_on(c: &Connection) -> Result<Vec<Contested>> {
    let targets: Vec<String> = c
        .prepare("SELECT target FROM correction GROUP BY target HAVING count(*) > 1")?
        .query_map([], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    let mut out = Vec::with_capacity(targets.len());
    for id in targets {
        out.push(contested(c, &id)?);
    }
    out.sort_by(|a, b| {
        (&a.record.service_number, a.record.date, &a.record.id).cmp(&(
            &b.record.service_number,
            b.record.date,
            &b.record.id,
        ))
    });
    Ok(out)
}

impl Store {
    /// The names this database knows other installations by, keyed by their database
    /// identity: the name a user trusted the key of their latest bundle by (as the peers
    /// list and the dashboard name them), else the name it was signed with.
    pub fn installation_names(&self) -> Result<std::collections::HashMap<String, String>> {
        Ok(self
            .conn
            .prepare(
                "SELECT r.sender_database, coalesce(
                   (SELECT k.name FROM key_trust k
                    WHERE k.fingerprint = r.fingerprint AND k.trusted = 1
                      AND k.id = (SELECT max(id) FROM key_trust l
                                  WHERE l.fingerprint = k.fingerprint)),
                   r.sender_name)
                 FROM sync_receipt r ORDER BY r.id",
            )?
            .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?
            .collect::<rusqlite::Result<_>>()?)
    }
}

fn contested(c: &Connection, id: &str) -> Result<Contested> {
    let (record, name) = c.query_row(
        &format!(
            "SELECT {COLUMNS}, p.family_name || ' ' || p.given_name FROM {FROM} WHERE a.id = ?1"
        ),
        [id],
        |r| Ok((from_row(r)?, r.get(13)?)),
    )?;
    let amendments = c
        .prepare(&format!(
            "SELECT {COLUMNS}, coalesce(a.hlc, a.seq), a.origin,
                    EXISTS (SELECT 1 FROM voiding v WHERE v.attempt_id = a.id),
                    EXISTS (SELECT 1 FROM attempt n WHERE n.supersedes = a.id)
             FROM {FROM} WHERE a.supersedes = ?1
             ORDER BY coalesce(a.hlc, a.seq), a.id"
        ))?
        .query_map(params![id], |r| {
            Ok(HeldAmendment {
                attempt: from_row(r)?,
                stamp: r.get(13)?,
                origin: r.get(14)?,
                voided: r.get(15)?,
                amended: r.get(16)?,
            })
        })?
        .collect::<rusqlite::Result<_>>()?;
    let voidings = c
        .prepare(
            "SELECT reason, voided_by, voided_at, s, origin FROM (
               SELECT reason, voided_by, voided_at, coalesce(hlc, rowid) AS s, origin
               FROM voiding WHERE attempt_id = ?1
               UNION ALL
               SELECT reason, voided_by, voided_at, hlc, origin
               FROM voiding_also WHERE attempt_id = ?1)
             ORDER BY s, origin, reason",
        )?
        .query_map([id], |r| {
            Ok(HeldVoiding {
                voiding: Voiding {
                    reason: r.get(0)?,
                    voided_by: r.get(1)?,
                    voided_at: r.get(2)?,
                },
                stamp: r.get(3)?,
                origin: r.get(4)?,
            })
        })?
        .collect::<rusqlite::Result<_>>()?;
    Ok(Contested {
        record,
        name,
        amendments,
        voidings,
    })
}
