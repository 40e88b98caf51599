//! Installations that exchange sync bundles, in one process: each its own database file,
//! its own signing key and its own operator's name.

use muster::domain::Person;
use muster::signing::InstallationKey;
use muster::sync::{self, ImportOptions, ImportReport};
use muster::Store;

/// One installation.
pub struct Site {
    pub _dir: tempfile::TempDir,
    pub store: Store,
    pub key: InstallationKey,
    pub name: String,
    /// Every bundle this site made with `bundle`, to receive again.
    pub sent: Vec<Vec<u8>>,
}

/// Installation `i`: an empty database, named "site i", with a key of its own.
pub fn site(i: u8) -> Site {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(&dir.path().join("muster.sqlite3")).unwrap();
    let name = format!("site {i}");
    Site {
        _dir: dir,
        store,
        key: InstallationKey::from_seed([i + 1; 32], &name),
        name,
        sent: Vec::new(),
    }
}

/// A bundle of everything `from` holds, kept in `from.sent`.
pub fn bundle(from: &mut Site) -> Vec<u8> {
    let b = sync::export(&from.store, &from.key).unwrap().bytes;
    from.sent.push(b.clone());
    b
}

/// `to` receives `bundle`, trusting its sender's key, as `to`'s operator.
pub fn import(to: &mut Site, bundle: &[u8], dry_run: bool) -> muster::Result<ImportReport> {
    let opened = sync::open("bundle.muster", bundle)?;
    let trust = format!("key {}", opened.header.sender.name);
    sync::receive(
        &mut to.store,
        &opened,
        &ImportOptions {
            dry_run,
            trust: Some(&trust),
            by: &to.name,
            own: Some(to.key.fingerprint()),
        },
    )
}

/// A roster file of these people, in the columns a roster import reads (`;`-separated).
pub fn roster_csv(rows: &[Person]) -> String {
    let mut text =
        String::from("service_number;family_name;given_name;category;gender;rank;unit\n");
    for p in rows {
        text.push_str(&format!(
            "{};{};{};{};{};{};{}\n",
            p.service_number,
            p.family_name,
            p.given_name,
            p.category.as_str(),
            p.gender.as_str(),
            p.rank,
            p.unit
        ));
    }
    text
}
