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

use crate::error::Result;
use crate::signing::InstallationKey;
use crate::store::identity::NewIdentity;
use crate::store::integrity::ChainHead;
use crate::Store;

pub const SENT_FILE: &str = "sent-heads.json";

/// This installation's claim on a database it is about to write.
#[derive(Debug)]
pub struct Claim {
    /// Its key's fingerprint (None for a read-only file: nothing is claimed).
    installation: Option<String>,
    /// The identity the file took, when it turned out to be a copy.
    pub taken: Option<NewIdentity>,
}

/// Called before this installation (its key in `dir`, made there first if there is none)
/// writes to `store`: a copy written by another installation, or older than a bundle this
/// one made from it, takes a new identity (said in `taken`). A read-only file is left as
/// it is.
pub fn claim(store: &mut Store, dir: &Path) -> Result<Claim> {
    if store.is_read_only() {
        return Ok(Claim {
            installation: None,
            taken: None,
        });
    }
    let me = InstallationKey::load_or_create(dir)?
        .fingerprint()
        .full_hex();
    let sent = read(dir).remove(&store.database_id()?);
    let taken = store.claim(&me, sent.as_ref())?;
    Ok(Claim {
        installation: Some(me),
        taken,
    })
}

impl Claim {
    /// Called after the write succeeded: a database no installation had written yet becomes
    /// this one's (a copy of it opened elsewhere then takes its own identity).
    pub fn adopt(&self, store: &mut Store) -> Result<()> {
        match &self.installation {
            Some(me) => store.adopt(me),
            None => Ok(()),
        }
    }
}

/// Keeps the chain's head of `store` as the state this installation last sent under the
/// database's identity (called right after a bundle is made).
pub fn note_sent(dir: &Path, store: &Store) -> Result<()> {
    let Some(head) = store.chain_head()? else {
        return Ok(());
    };
    let mut all = read(dir);
    all.insert(store.database_id()?, head);
    let json = serde_json::to_vec_pretty(&all).expect("serialisable");
    crate::output::write_bytes(&dir.join(SENT_FILE), store.path(), &json)
}

/// The heads sent, by identity. A file that cannot be read as written is taken as empty: it
/// only lets a backup put back be told apart, and the next bundle writes it whole again.
fn read(dir: &Path) -> BTreeMap<String, ChainHead> {
    std::fs::read(dir.join(SENT_FILE))
        .ok()
        .and_then(|b| serde_json::from_slice(&b).ok())
        .unwrap_or_default()
}
