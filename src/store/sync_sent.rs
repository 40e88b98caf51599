//! What each peer has acknowledged, so a bundle for it carries only the rest
//! (`muster sync export --for PEER`, docs/sync.md "Bundles for one peer").
//!
//! Every bundle this installation writes is kept (`sync_sent`) with the stretch of this
//! database's chain it carries: every row entered or changed after entry `since` and up to
//! entry `upto`. A bundle's header lists the bundles its sender has received; those of ours
//! a peer lists are kept with its receipt (`sync_receipt.acks`). A peer holds everything up
//! to entry N of our chain when the bundles it acknowledged cover 0..N without a gap; a
//! bundle for it then carries the rows changed after N. Nothing is assumed that the peer
//! did not say: a bundle passed on to a third laptop covers that laptop only once it says so.

use rusqlite::{params, Connection};

use super::Store;
use crate::error::Result;

/// Bundles received from each sender that a bundle's header lists: enough for the sender
/// to know its latest bundles arrived, small however long the laptops exchange.
const RECEIVED_PER_SENDER: i64 = 20;

impl Store {
    /// The last entry of this database's chain (0 for none).
    pub fn ledger_head(&self) -> Result<i64> {
        Ok(self
            .conn
            .query_row("SELECT coalesce(max(seq), 0) FROM ledger", [], |r| r.get(0))?)
    }

    /// Keeps a bundle written to a file: its SHA-256, for whom, and what it carries
    /// (`since` and `upto`, entries of the chain). A read-only database keeps nothing (its
    /// bundles cannot be acknowledged, and a later one carries everything again).
    pub fn record_sent(
        &self,
        bundle_sha256: &str,
        by: &str,
        for_peer: Option<&str>,
        since: i64,
        upto: i64,
    ) -> Result<()> {
        if self.read_only {
            return Ok(());
        }
        self.conn.execute(
            "INSERT INTO sync_sent (bundle_sha256, made_at, made_by, for_peer, since, upto)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
            params![
                bundle_sha256,
                crate::dates::now_utc(),
                by,
                for_peer,
                since,
                upto
            ],
        )?;
        Ok(())
    }

    /// The bundles this database has received, the latest few from each sender: what a
    /// bundle's header tells its receiver has arrived here.
    pub fn received_bundles(&self) -> Result<Vec<String>> {
        let mut st = self.conn.prepare(
            "SELECT bundle_sha256 FROM (
               SELECT bundle_sha256, id,
                      row_number() OVER (PARTITION BY fingerprint ORDER BY id DESC) AS n
               FROM sync_receipt)
             WHERE n <= ?1 ORDER BY id",
        )?;
        let rows = st.query_map([RECEIVED_PER_SENDER], |r| r.get(0))?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// How far into this database's chain the installation with this key (full hex
    /// fingerprint) holds everything, by the bundles of ours it acknowledged: 0 when none.
    pub fn acknowledged_by(&self, fingerprint: &str) -> Result<i64> {
        let mut st = self.conn.prepare(
            "SELECT s.since, s.upto FROM sync_sent s
             WHERE s.bundle_sha256 IN (
               SELECT j.value FROM sync_receipt r, json_each(r.acks) j
               WHERE r.fingerprint = ?1 AND r.acks IS NOT NULL)
             ORDER BY s.since, s.upto",
        )?;
        let stretches: Vec<(i64, i64)> = st
            .query_map([fingerprint], |r| Ok((r.get(0)?, r.get(1)?)))?
            .collect::<rusqlite::Result<_>>()?;
        Ok(covered(&stretches))
    }

    /// A peer by the name its bundles were signed with, the name it is trusted as, or its
    /// fingerprint (whole or its first digits, spaces, dashes and colons ignored): its full fingerprint and
    /// the name to call it (the trusted name, else the signed one). None when no bundle
    /// from such a peer was received.
    pub fn find_peer(&self, peer: &str) -> Result<Option<(String, String)>> {
        let wanted = peer.trim();
        let hex: String = wanted
            .chars()
            // Grouped as a person reads it: spaces, dashes or colons between the digits.
            .filter(|c| !c.is_whitespace() && !matches!(c, '-' | ':'))
            .collect::<String>()
            .to_uppercase();
        let is_hex = hex.len() >= 8 && hex.chars().all(|c| c.is_ascii_hexdigit());
        let mut st = self.conn.prepare(
            "SELECT r.fingerprint, coalesce(k.name, r.sender_name) FROM sync_receipt r
             LEFT JOIN key_trust k
               ON k.trusted = 1
              AND substr(r.fingerprint, 1, length(k.fingerprint)) = k.fingerprint
             WHERE lower(r.sender_name) = lower(?1) OR lower(k.name) = lower(?1)
                OR (?3 AND r.fingerprint LIKE ?2 || '%')
             ORDER BY k.id DESC, r.id DESC",
        )?;
        let mut found: Vec<(String, String)> = Vec::new();
        for row in st.query_map(params![wanted, hex, is_hex], |r| Ok((r.get(0)?, r.get(1)?)))? {
            let (fingerprint, name): (String, String) = row?;
            if !found.iter().any(|(f, _)| *f == fingerprint) {
                found.push((fingerprint, name));
            }
        }
        // Two laptops answer to the name (every unnamed one signs as "Muster installation"):
        // a bundle for the wrong one would be refused where it is carried, so none is made.
        if found.len() > 1 {
            return Err(crate::problem::Problem::AmbiguousPeer {
                peer: wanted.to_string(),
                candidates: found
                    .iter()
                    .map(|(f, n)| format!("{} ({n})", crate::fingerprint::shown(f)))
                    .collect::<Vec<_>>()
                    .join(", "),
            }
            .into());
        }
        Ok(found.pop())
    }
}

/// Of the bundles a header lists, those this database made.
pub(super) fn ours(conn: &Connection, listed: &[String]) -> Result<Vec<String>> {
    let mut st =
        conn.prepare_cached("SELECT EXISTS (SELECT 1 FROM sync_sent WHERE bundle_sha256 = ?1)")?;
    let mut out = Vec::new();
    for sha in listed {
        if st.query_row([sha], |r| r.get::<_, bool>(0))? {
            out.push(sha.clone());
        }
    }
    Ok(out)
}

/// How far stretches (since, upto], sorted by start, cover the chain from its first
/// entry without a gap.
fn covered(stretches: &[(i64, i64)]) -> i64 {
    let mut reach = 0;
    for &(since, upto) in stretches {
        if since <= reach {
            reach = reach.max(upto);
        }
    }
    reach
}

#[cfg(test)]
mod tests {
    use super::covered;

    #[test]
    fn only_stretches_joined_from_the_start_count() {
        assert_eq!(covered(&[]), 0);
        assert_eq!(covered(&[(0, 10)]), 10);
        // Joined, overlapping, or inside one already covered.
        assert_eq!(covered(&[(0, 10), (10, 25)]), 25);
        assert_eq!(covered(&[(0, 10), (5, 30), (7, 12)]), 30);
        // A bundle that carried only what came after 40, acknowledged by a laptop that
        // never had 10..40: it covers nothing beyond 10.
        assert_eq!(covered(&[(0, 10), (40, 60)]), 10);
        assert_eq!(covered(&[(5, 60)]), 0);
    }
}
