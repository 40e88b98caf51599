//! The signing keys of other installations this database knows by name. A key is trusted (or its trust withdrawn) by appending a row, each with an audit entry.

use rusqlite::{params, OptionalExtension};
use serde::Serialize;

use super::{audit, Store};
use crate::dates;
use crate::error::{Error, Result};
use crate::field::Field;
use crate::fingerprint::{parse_fingerprint, Fingerprint, MAX_NAME};
use crate::text;

/// A key this database knows by name.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct TrustedKey {
    /// As typed when it was trusted: 16 or 64 upper-case hex digits.
    pub fingerprint: String,
    pub name: String,
    pub trusted_by: String,
    /// UTC timestamp.
    pub trusted_at: String,
}

impl Store {
    /// Knows a key by a name from now on; trusting it again renames it. Whether the name is
    /// free (one name, one key, as people read names) is `key_names::trust`'s to say, the
    /// call every front end makes; this only records the trust.
    pub fn trust_key(&mut self, fingerprint: &str, name: &str, by: &str) -> Result<TrustedKey> {
        let fp = parse_fingerprint(fingerprint)?;
        let name = text::required(Field::Name, name)?;
        if name.chars().count() > MAX_NAME as usize {
            return Err(crate::problem::Problem::TooLong {
                field: Field::Name,
                max: MAX_NAME,
            }
            .into());
        }
        let by = text::operator(by)?;
        // A short fingerprint of a key known in full renames that key, not a second row.
        let fp = self
            .same_key(&fp)?
            .into_iter()
            .find(|k| k.len() == 64 && k.starts_with(&fp))
            .unwrap_or(fp);
        self.append_trust(&fp, true, &name, "", &by)?;
        Ok(self
            .trusted_keys()?
            .into_iter()
            .find(|k| k.fingerprint == fp)
            .expect("just trusted"))
    }

    /// Every fingerprint this database has trusted (now or before) that names the same key
    /// as `fp`: the key in full and its short form, whichever was typed.
    fn same_key(&self, fp: &str) -> Result<Vec<String>> {
        let short = &fp[..16];
        let mut st = self.conn.prepare(
            "SELECT DISTINCT fingerprint FROM key_trust
             WHERE fingerprint = ?1 OR fingerprint = ?2
                OR (length(?1) = 16 AND substr(fingerprint, 1, 16) = ?1)
             ORDER BY fingerprint",
        )?;
        let rows = st.query_map(params![fp, short], |r| r.get(0))?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// Stops knowing a key; files it signed read as signed by an unknown key again.
    pub fn withdraw_trust(&mut self, fingerprint: &str, reason: &str, by: &str) -> Result<()> {
        let fp = parse_fingerprint(fingerprint)?;
        let by = text::operator(by)?;
        let reason = text::free_text(Field::Reason, reason)?;
        // Withdrawn in every form it was trusted in: a key trusted in full stays trusted
        // if only its short form is withdrawn.
        let forms = self.same_key(&fp)?;
        let trusted: Vec<String> = self
            .trusted_keys()?
            .into_iter()
            .map(|k| k.fingerprint)
            .filter(|k| forms.contains(k))
            .collect();
        if trusted.is_empty() {
            return Err(Error::not_found("trusted key", fp));
        }
        for k in trusted {
            self.append_trust(&k, false, "", &reason, &by)?;
        }
        Ok(())
    }

    fn append_trust(
        &mut self,
        fp: &str,
        trusted: bool,
        name: &str,
        reason: &str,
        by: &str,
    ) -> Result<()> {
        let tx = self.conn.transaction()?;
        tx.execute(
            "INSERT INTO key_trust (fingerprint, trusted, name, reason, recorded_by, recorded_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
            params![fp, trusted, name, reason, by, dates::now_utc()],
        )?;
        let summary = serde_json::json!({ "name": name, "reason": reason });
        audit(
            &tx,
            by,
            if trusted { "trust key" } else { "withdraw key" },
            "key",
            fp,
            super::NONE,
            Some(&summary),
        )?;
        tx.commit()?;
        Ok(())
    }

    /// Every key trusted now (the latest row of each fingerprint), by name.
    pub fn trusted_keys(&self) -> Result<Vec<TrustedKey>> {
        let mut st = self.conn.prepare(
            "SELECT k.fingerprint, k.name, k.recorded_by, k.recorded_at FROM key_trust k
             WHERE k.trusted = 1
               AND k.id = (SELECT max(id) FROM key_trust l WHERE l.fingerprint = k.fingerprint)
             ORDER BY k.name, k.fingerprint",
        )?;
        let rows = st.query_map([], |r| {
            Ok(TrustedKey {
                fingerprint: r.get(0)?,
                name: r.get(1)?,
                trusted_by: r.get(2)?,
                trusted_at: r.get(3)?,
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// The name this database knows a key by, if any (a full fingerprint trusted wins over
    /// a short one).
    pub fn trusted_key(&self, key: &Fingerprint) -> Result<Option<TrustedKey>> {
        let found = self
            .conn
            .query_row(
                "SELECT k.fingerprint, k.name, k.recorded_by, k.recorded_at, k.trusted
                 FROM key_trust k WHERE k.fingerprint IN (?1, ?2)
                 ORDER BY length(k.fingerprint) DESC, k.id DESC LIMIT 1",
                params![key.full_hex(), key.short_hex()],
                |r| {
                    Ok((
                        TrustedKey {
                            fingerprint: r.get(0)?,
                            name: r.get(1)?,
                            trusted_by: r.get(2)?,
                            trusted_at: r.get(3)?,
                        },
                        r.get::<_, bool>(4)?,
                    ))
                },
            )
            .optional()?;
        Ok(found.and_then(|(k, trusted)| trusted.then_some(k)))
    }
}
