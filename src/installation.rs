//! What an installation keeps beside its key about the databases it writes, and the step
//! every front end takes before it writes to a database: claiming it (docs/sync.md "Copies
//! of a database file").
//!
//! `sent-heads.json` in the app-data folder holds, for each identity this installation made
//! bundles under, the chain's head right after it made the last one. A file whose chain does
//! not hold that head is an older state of the database than one already sent (a backup put
//! back, a second copy of the file): the entries it writes next would take numbers the sent
//! bundle already gave to others, so it takes an identity of its own. The record lives
//! outside the database because the database is what may have been put back.

use std::collections::BTreeMap;
use std::path::Path;

use serde::{Deserialize, Serialize};

use crate::error::Result;
use crate::signing::InstallationKey;
use crate::store::identity::NewIdentity;
use crate::store::integrity::ChainHead;
use crate::Store;

pub const SENT_FILE: &str = "sent-heads.json";

#[derive(Serialize, Deserialize)]
struct Sent {
    seq: i64,
    hash: String,
}

/// Called before this installation (its key in `dir`, made there first if there is none)
/// writes to `store`: a copy written by another installation, or older than a bundle this
/// one made from it, takes a new identity (said in the result). A read-only file is left
/// as it is.
pub fn claim(store: &mut Store, dir: &Path) -> Result<Option<NewIdentity>> {
    if store.is_read_only() {
        return Ok(None);
    }
    let key = InstallationKey::load_or_create(dir)?;
    let sent = read(dir).remove(&store.database_id()?).map(|s| ChainHead {
        seq: s.seq,
        hash: s.hash,
    });
    store.claim(&key.fingerprint().full_hex(), sent.as_ref())
}

/// Called after this installation wrote to `store`: a database no installation had written
/// yet becomes this one's (a copy of it opened elsewhere then takes its own identity).
pub fn adopt(store: &mut Store, dir: &Path) -> Result<()> {
    if store.is_read_only() {
        return Ok(());
    }
    let key = InstallationKey::load_or_create(dir)?;
    store.adopt(&key.fingerprint().full_hex())
}

/// Keeps the chain's head of `store` as the state this installation last sent under the
/// database's identity (called right after a bundle is made).
pub fn note_sent(dir: &Path, store: &Store) -> Result<()> {
    let Some(head) = store.chain_head()? else {
        return Ok(());
    };
    let mut all = read(dir);
    all.insert(
        store.database_id()?,
        Sent {
            seq: head.seq,
            hash: head.hash,
        },
    );
    let json = serde_json::to_vec_pretty(&all).expect("serialisable");
    crate::output::write_bytes(&dir.join(SENT_FILE), store.path(), &json)
}

/// The heads sent, by identity. A file that cannot be read as written is taken as empty: it
/// only lets a backup put back be told apart, and the next bundle writes it whole again.
fn read(dir: &Path) -> BTreeMap<String, Sent> {
    std::fs::read(dir.join(SENT_FILE))
        .ok()
        .and_then(|b| serde_json::from_slice(&b).ok())
        .unwrap_or_default()
}
