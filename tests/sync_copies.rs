//! A copy of a database file keeps its history apart (docs/sync.md "Copies of a database
//! file"): a file copied to a second laptop, or a backup put back after bundles were made
//! from a later state, takes an identity of its own before it writes, so laptops exchanging
//! bundles keep every entry of both and none in place of another.

mod support;

use std::path::{Path, PathBuf};

use muster::domain::PersonPatch;
use muster::installation;
use muster::signing::InstallationKey;
use muster::store::identity::Taken;
use muster::sync::{self, ImportOptions};
use muster::Store;
use support::records::*;

/// The audit entries every laptop carries (not those about one laptop alone).
const LOCAL: &[&str] = &["bundle", "key", "trigger", "identity"];

/// One laptop: its own app-data folder (key, sent heads) and its database file.
struct Laptop {
    dir: tempfile::TempDir,
    store: Option<Store>,
}

impl Laptop {
    fn new(name: &str) -> Laptop {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir(dir.path().join("keys")).unwrap();
        InstallationKey::rename(&dir.path().join("keys"), name).unwrap();
        Laptop { dir, store: None }
    }

    fn keys(&self) -> PathBuf {
        self.dir.path().join("keys")
    }

    fn db(&self) -> PathBuf {
        self.dir.path().join("muster.sqlite3")
    }

    /// Opens the database for use as a front end does; what the claim said.
    fn open(&mut self) -> Option<Taken> {
        let mut store = Store::open(&self.db()).unwrap();
        let claim = installation::claim(&mut store, &self.keys()).unwrap();
        claim.adopt(&mut store).unwrap();
        self.store = Some(store);
        claim.taken.map(|t| t.reason)
    }

    /// Closes the database (its write-ahead log folded in): the file alone is the database.
    fn close(&mut self) {
        self.store = None;
    }

    fn store(&mut self) -> &mut Store {
        self.store.as_mut().expect("open")
    }

    /// A bundle of everything, made as `muster sync export` makes it.
    fn send(&mut self, name: &str) -> PathBuf {
        let key = InstallationKey::load_or_create(&self.keys()).unwrap();
        let out = self.dir.path().join(name);
        sync::export_to(self.store(), &key, &out, None).unwrap();
        out
    }

    fn receive(&mut self, bundle: &Path) {
        let own = InstallationKey::load(&self.keys())
            .unwrap()
            .map(|k| k.fingerprint());
        sync::import(
            self.store(),
            bundle,
            &ImportOptions {
                dry_run: false,
                trust: Some("a peer"),
                by: BY,
                own,
            },
        )
        .unwrap();
    }

    /// The audit log every laptop should hold alike: (when, who, what, about what).
    fn log(&mut self) -> Vec<(String, String, String, String)> {
        let mut log: Vec<_> = self
            .store()
            .audit_log(None, 10_000)
            .unwrap()
            .into_iter()
            .filter(|e| !LOCAL.contains(&e.entity.as_str()))
            .map(|e| {
                (
                    e.at,
                    e.actor,
                    format!("{} {}", e.action, e.entity),
                    e.entity_id,
                )
            })
            .collect();
        log.sort();
        log
    }

    fn edit(&mut self, sn: &str, patch: PersonPatch, by: &str) {
        self.store().edit_person(sn, &patch, by).unwrap();
    }

    fn check_ok(&mut self) {
        self.close();
        let report = muster::check::check(&self.db()).unwrap();
        assert!(report.ok(), "{:?}", report.findings);
        self.open();
    }
}

fn rank(r: &str) -> PersonPatch {
    PersonPatch {
        rank: Some(r.into()),
        ..PersonPatch::default()
    }
}

fn unit(u: &str) -> PersonPatch {
    PersonPatch {
        unit: Some(u.into()),
        ..PersonPatch::default()
    }
}

/// Headquarters with the curriculum, KAZBAT-4 and three of its people.
fn headquarters() -> Laptop {
    let mut hq = Laptop::new("HQ");
    assert_eq!(hq.open(), None, "a new file is this installation's own");
    let s = hq.store();
    s.seed_default_curriculum(BY).unwrap();
    s.add_contingent(&contingent(), BY).unwrap();
    add_people(s, &people()[..3]);
    hq
}

fn has(log: &[(String, String, String, String)], who: &str, what: &str, about: &str) -> bool {
    log.iter()
        .any(|(_, w, x, a)| w == who && x == what && a == about)
}

#[test]
fn a_file_copied_to_another_laptop_keeps_both_laptops_entries() {
    let mut hq = headquarters();
    hq.close();
    let mut platoon = Laptop::new("1st platoon");
    std::fs::copy(hq.db(), platoon.db()).unwrap();

    // The copy takes its own identity the first time it is opened for use there; the
    // original is still its installation's own.
    assert_eq!(platoon.open(), Some(Taken::Copy));
    assert_eq!(hq.open(), None);

    // Both go on writing: each entry of each laptop takes the next number in its file.
    hq.edit("KZ100001", rank("старший сержант"), "HQ clerk");
    platoon.edit("KZ100002", unit("2 взвод"), "platoon officer");
    log(platoon.store(), "KZ100003", "ROE", "2025-01-10", "pass");

    let from_hq = hq.send("hq.muster");
    let from_platoon = platoon.send("platoon.muster");
    platoon.receive(&from_hq);
    hq.receive(&from_platoon);

    let (a, b) = (hq.log(), platoon.log());
    assert!(
        has(&a, "platoon officer", "change person", "KZ100002"),
        "{a:#?}"
    );
    assert!(has(&b, "HQ clerk", "change person", "KZ100001"), "{b:#?}");
    assert_eq!(a, b, "both laptops hold the same history");
    // Receiving again changes nothing.
    hq.receive(&from_platoon);
    platoon.receive(&from_hq);
    assert_eq!((hq.log(), platoon.log()), (a.clone(), a));
    hq.check_ok();
    platoon.check_ok();
    let (hq_ids, platoon_ids) = (
        hq.store().identities().unwrap(),
        platoon.store().identities().unwrap(),
    );
    assert_eq!(hq_ids.len(), 1);
    assert_eq!(platoon_ids.len(), 2);
    assert_eq!(
        platoon_ids[0], hq_ids[0],
        "the entries copied keep their names"
    );
}

#[test]
fn a_backup_put_back_after_a_bundle_takes_its_own_identity_and_gets_the_lost_entries_back() {
    let mut hq = headquarters();
    hq.close();
    let backup = hq.dir.path().join("backup.sqlite3");
    std::fs::copy(hq.db(), &backup).unwrap();

    // After the backup: an edit, sent to a platoon laptop.
    assert_eq!(hq.open(), None);
    hq.edit("KZ100001", rank("старший сержант"), "HQ clerk");
    let sent = hq.send("hq-1.muster");
    let mut platoon = Laptop::new("1st platoon");
    platoon.open();
    platoon.receive(&sent);

    // The file is lost and the backup put back: it is older than what was sent.
    hq.close();
    std::fs::copy(&backup, hq.db()).unwrap();
    assert_eq!(hq.open(), Some(Taken::Restored));

    // A new edit here takes a number the sent edit already had in the old identity.
    hq.edit("KZ100003", unit("3 взвод"), "HQ clerk");
    platoon.receive(&hq.send("hq-2.muster"));
    hq.receive(&platoon.send("platoon.muster"));

    let (a, b) = (hq.log(), platoon.log());
    for log in [&a, &b] {
        assert!(
            has(log, "HQ clerk", "change person", "KZ100001"),
            "{log:#?}"
        );
        assert!(
            has(log, "HQ clerk", "change person", "KZ100003"),
            "{log:#?}"
        );
    }
    assert_eq!(a, b);
    hq.check_ok();
    platoon.check_ok();
    // Opening it again changes nothing more.
    hq.close();
    assert_eq!(hq.open(), None);
}

#[test]
fn opening_a_file_read_only_or_as_its_own_installation_writes_nothing() {
    let mut hq = headquarters();
    let head = hq.store().chain_head().unwrap();
    hq.close();
    assert_eq!(hq.open(), None);
    assert_eq!(hq.store().chain_head().unwrap(), head);

    // Another installation reading a copy it cannot write leaves it as it is.
    hq.close();
    let other = Laptop::new("validation team");
    std::fs::copy(hq.db(), other.db()).unwrap();
    let mut store = Store::open_read_only(&other.db()).unwrap();
    let claim = installation::claim(&mut store, &other.keys()).unwrap();
    assert!(claim.taken.is_none());
    claim.adopt(&mut store).unwrap();
    drop(store);
    let mut store = Store::open(&other.db()).unwrap();
    assert_eq!(store.chain_head().unwrap(), head);
    // Opened for use there, it is a copy.
    assert_eq!(
        installation::claim(&mut store, &other.keys())
            .unwrap()
            .taken
            .map(|t| t.reason),
        Some(Taken::Copy)
    );
}
