//! The names keys are known by on this laptop: one name, one key. A report says "signed by
//! KAZBAT-4 training office" because some key is known by that name here (this laptop's
//! own, one trusted, or the name a laptop signs its bundles with); were two keys known by
//! one name, a file from either would read as from the other. Every way a name is given
//! (`muster key name`, `muster key trust`, Settings, `sync import --trust`) and every file
//! that states one (`verify`) goes through here.

use std::path::Path;

use crate::error::Result;
use crate::fingerprint::parse_fingerprint;
use crate::problem::Problem;
use crate::signing::{self, InstallationKey};
use crate::store::TrustedKey;
use crate::Store;

/// A name as people read it: case, spacing and letters that look alike (a Cyrillic А, a
/// Unicode hyphen, full-width letters) make no other name.
fn read(name: &str) -> String {
    crate::text::lookalike::skeleton_of(&name.trim().to_uppercase())
}

/// Whether two fingerprints, in any form Muster writes or reads them (`3F2A 9C01 …`, 16
/// or 64 hex digits), name one key (one may be the short form of the other).
fn same_key(a: &str, b: &str) -> bool {
    match (parse_fingerprint(a), parse_fingerprint(b)) {
        (Ok(a), Ok(b)) => a.starts_with(&b) || b.starts_with(&a),
        _ => false,
    }
}

/// The fingerprint (short form) of a key other than `key` known here by `name`: this
/// laptop's own, a trusted one, or one a laptop signs its bundles with. None for the name
/// every unnamed installation carries.
pub fn taken_by(
    store: &Store,
    own: Option<&InstallationKey>,
    name: &str,
    key: &str,
) -> Result<Option<String>> {
    let wanted = read(name);
    if wanted.is_empty() || wanted == read(signing::key::UNNAMED) {
        return Ok(None);
    }
    if let Some(k) =
        own.filter(|k| read(k.name()) == wanted && !same_key(&k.fingerprint().full_hex(), key))
    {
        return Ok(Some(k.fingerprint().short()));
    }
    if let Some(k) = store
        .trusted_keys()?
        .into_iter()
        .find(|k| read(&k.name) == wanted && !same_key(&k.fingerprint, key))
    {
        return Ok(Some(crate::fingerprint::shown(&k.fingerprint)));
    }
    // The name a laptop heard from signs its bundles with, whatever this one trusts it as:
    // a key trusted as "KAZBAT-4 HQ" that calls itself "KAZBAT-4 training office" owns
    // that name too.
    Ok(store
        .sync_peers()?
        .into_iter()
        .find(|p| read(&p.name) == wanted && !same_key(&p.fingerprint, key))
        .map(|p| p.fingerprint))
}

/// Knows another installation's key by `name` from now on (trusting it again renames it).
/// Refused: this laptop's own key (its files are known as its own), and a name another
/// key is known by here.
pub fn trust(
    store: &mut Store,
    own: Option<&InstallationKey>,
    fingerprint: &str,
    name: &str,
    by: &str,
) -> Result<TrustedKey> {
    let fp = parse_fingerprint(fingerprint)?;
    // The name as it would be kept (hidden characters refused) before it is compared.
    let name = crate::text::required(crate::field::Field::Name, name)?;
    if let Some(k) = own.filter(|k| same_key(&k.fingerprint().full_hex(), &fp)) {
        return Err(Problem::OwnKeyTrusted {
            fingerprint: k.fingerprint().short(),
        }
        .into());
    }
    refuse_taken(store, own, &name, &fp)?;
    store.trust_key(&fp, &name, by)
}

/// Names this installation's key. Refused: a name another key is known by here.
pub fn rename_own(store: &Store, dir: &Path, name: &str) -> Result<InstallationKey> {
    let own = InstallationKey::load_or_create(dir)?;
    let name = crate::text::required(crate::field::Field::Name, name)?;
    refuse_taken(store, None, &name, &own.fingerprint().full_hex())?;
    InstallationKey::rename(dir, &name)
}

/// Refuses `name` for `key` when another key is known by it here (`taken_by`).
pub(crate) fn refuse_taken(
    store: &Store,
    own: Option<&InstallationKey>,
    name: &str,
    key: &str,
) -> Result<()> {
    match taken_by(store, own, name, key)? {
        Some(fingerprint) => Err(Problem::KeyNameTaken {
            name: name.trim().to_string(),
            fingerprint,
        }
        .into()),
        None => Ok(()),
    }
}
