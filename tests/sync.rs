//! Field sync (docs/sync.md): bundles are checked whole before anything is read from them,
//! and installations that exchange them in any order, by any route, any number of times,
//! converge on the same records and the same readiness, with every chain intact.

mod support;

use std::io::{Cursor, Read, Write};

use muster::domain::{AttemptPatch, Decision, NewAttempt, Outcome, PersonPatch, RecordState};
use muster::problem::Problem;
use muster::store::details::Entity;
use muster::store::{NewValidation, SyncRecords};
use muster::sync::{self, ImportOptions};
use muster::Store;
use support::records::*;
use support::sites::{bundle, import, roster_csv, site, Site};

/// A small installation: the curriculum, KAZBAT-4, its people and two records.
fn small() -> Site {
    let mut s = site(0);
    s.store.seed_default_curriculum(BY).unwrap();
    s.store.add_contingent(&contingent(), BY).unwrap();
    add_people(&mut s.store, &people()[..3]);
    log(&mut s.store, "KZ100001", "ROE", "2025-01-10", "pass");
    log(&mut s.store, "KZ100002", "SEA", "2025-01-11", "fail");
    s
}

/// `small()` and a second laptop that has received everything it holds.
fn small_and_a_laptop_that_received_it() -> (Site, Site) {
    let a = small();
    let mut b = site(1);
    b.store.seed_default_curriculum(BY).unwrap();
    import(
        &mut b,
        &sync::export(&a.store, &a.key).unwrap().bytes,
        false,
    )
    .unwrap();
    (a, b)
}

fn one_line(e: &muster::Error) -> String {
    let line = e.to_string();
    assert!(
        !line.contains('\n') && line.len() < 400,
        "one short line: {line:?}"
    );
    line
}

#[test]
fn a_bundle_round_trips_and_every_changed_byte_is_refused() {
    let s = small();
    let made = sync::export(&s.store, &s.key).unwrap();
    let opened = sync::open("a.muster", &made.bytes).unwrap();
    assert_eq!(opened.records, s.store.sync_records().unwrap());
    assert_eq!(opened.header.counts.attempts, 2);
    assert_eq!(
        opened.header.sender.fingerprint,
        s.key.fingerprint().short()
    );
    assert_eq!(opened.key, s.key.fingerprint());

    // Every byte of a bundle (a smaller one: a debug build checks a signature slowly):
    // a low bit flipped, and in the signature an ASCII letter's case too. Never accepted.
    let mut tiny = site(1);
    tiny.store.add_contingent(&contingent(), BY).unwrap();
    add_people(&mut tiny.store, &people()[..2]);
    let bytes = sync::export(&tiny.store, &tiny.key).unwrap().bytes;
    let n = bytes.len();
    for (i, flip) in (0..n)
        .map(|i| (i, 0x01u8))
        .chain((n - 128..n).map(|i| (i, 0x20)))
    {
        let mut bad = bytes.clone();
        bad[i] ^= flip;
        match sync::open("a.muster", &bad) {
            Ok(_) => panic!("byte {i} ^ {flip:#x} of {n} accepted"),
            Err(e) => {
                one_line(&e);
                assert!(
                    matches!(
                        e.problem(),
                        Problem::BundleTampered { .. }
                            | Problem::NotABundle { .. }
                            | Problem::NewerBundle { .. }
                    ),
                    "byte {i}: {e}"
                );
            }
        }
    }
    // Cut short, or with bytes added: refused too.
    assert!(sync::open("a.muster", &made.bytes[..made.bytes.len() - 1]).is_err());
    let mut longer = made.bytes.clone();
    longer.push(b'0');
    assert!(sync::open("a.muster", &longer).is_err());
    assert!(matches!(
        sync::open("a.muster", b"service_number;family_name\n")
            .unwrap_err()
            .problem(),
        Problem::NotABundle { .. }
    ));
}

/// The parts of a bundle, unpacked.
fn unzip(bytes: &[u8]) -> Vec<(String, Vec<u8>)> {
    let mut z = zip::ZipArchive::new(Cursor::new(bytes)).unwrap();
    (0..z.len())
        .map(|i| {
            let mut f = z.by_index(i).unwrap();
            let mut out = Vec::new();
            f.read_to_end(&mut out).unwrap();
            (f.name().unwrap().to_string(), out)
        })
        .collect()
}

fn rezip(parts: &[(String, Vec<u8>)]) -> Vec<u8> {
    let mut z = zip::ZipWriter::new(Cursor::new(Vec::new()));
    for (name, bytes) in parts {
        z.start_file(name, zip::write::SimpleFileOptions::default())
            .unwrap();
        z.write_all(bytes).unwrap();
    }
    z.finish().unwrap().into_inner()
}

#[test]
fn a_newer_format_is_refused_by_its_version_and_an_unsigned_one_as_tampered() {
    let s = small();
    let made = sync::export(&s.store, &s.key).unwrap();
    let mut parts = unzip(&made.bytes);
    assert_eq!(parts[0].0, "bundle.json");
    let mut header: serde_json::Value = serde_json::from_slice(&parts[0].1).unwrap();
    assert_eq!(header["version"], 5);
    header["version"] = 6.into();
    parts[0].1 = serde_json::to_vec(&header).unwrap();
    let e = sync::open("new.muster", &rezip(&parts)).unwrap_err();
    assert_eq!(
        e.problem(),
        Problem::NewerBundle {
            file: "new.muster".into(),
            found: "6".into(),
            known: "5".into()
        }
    );
    assert!(one_line(&e).contains("install the newer Muster"));
    // The same parts, repacked without the signature: refused.
    let e = sync::open("re.muster", &rezip(&unzip(&made.bytes))).unwrap_err();
    assert!(matches!(e.problem(), Problem::BundleTampered { .. }), "{e}");
}

#[test]
fn an_unknown_sender_needs_trust_and_a_dry_run_writes_nothing() {
    let a = small();
    let mut b = site(1);
    let made = sync::export(&a.store, &a.key).unwrap();
    let opened = sync::open("a.muster", &made.bytes).unwrap();
    let how = |dry_run, trust| ImportOptions {
        dry_run,
        trust,
        by: "site 1",
        own: Some(b.key.fingerprint()),
    };
    let chain = |s: &Store| muster::check::check_store(s).unwrap().entries;
    let before = chain(&b.store);
    let e = sync::receive(&mut b.store, &opened, &how(false, None)).unwrap_err();
    assert_eq!(
        e.problem(),
        Problem::UnknownSender {
            fingerprint: a.key.fingerprint().short(),
            name: "site 0".into()
        }
    );
    let dry = sync::receive(&mut b.store, &opened, &how(true, None)).unwrap();
    assert_eq!(dry.trusted_as, None);
    assert_eq!((dry.added.people, dry.added.records), (3, 2));
    assert_eq!(chain(&b.store), before, "nothing written");
    assert!(b.store.trusted_keys().unwrap().is_empty());
    let done = sync::receive(&mut b.store, &opened, &how(false, Some("HQ laptop"))).unwrap();
    assert_eq!(done.added, dry.added, "a dry run says what the import does");
    assert_eq!(done.trusted_as.as_deref(), Some("HQ laptop"));
    assert_eq!(b.store.trusted_keys().unwrap()[0].name, "HQ laptop");
    let peers = sync::peers(&b.store).unwrap();
    assert_eq!(peers.len(), 1);
    assert_eq!(peers[0].fingerprint, a.key.fingerprint().short());
    assert_eq!(peers[0].trusted_as.as_deref(), Some("HQ laptop"));
    assert_eq!(peers[0].bundles, 1);
    // Known now: no trust needed, and the same bundle again adds nothing.
    let again = sync::receive(&mut b.store, &opened, &how(false, None)).unwrap();
    assert!(again.already_received.is_some());
    assert_eq!(again.added.changed(), 0);
    assert!(muster::check::check_store(&b.store).unwrap().ok());
}

/// A tiny fixed-seed generator: the same sequence on every run.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
}

const MODULES: [&str; 4] = ["ROE", "SEA", "CULT", "POC"];

/// One random change made at site `i`. A third of the sessions are on a day every site logs
/// on (the same person, module and day entered on two installations: the order of entry
/// every installation agrees on decides), the rest on the site's own days; only site 0
/// keeps the roster; a site corrects mostly the records it logged, now and then another's
/// (two sites correcting one record make a conflict, kept and listed).
fn random_change(s: &mut Site, i: usize, rng: &mut Rng, sns: &[String]) {
    let sn = &sns[rng.below(sns.len())];
    match rng.below(12) {
        10 if rng.below(2) == 0 => {
            // A roster file: a few soldiers under another platoon, one perhaps put back on
            // the roster it lists them on. It can be undone anywhere (below): its places
            // end and its units go back, each laptop's own later word kept.
            let mut rows = Vec::new();
            for k in 0..1 + rng.below(3) {
                let who = &sns[(rng.below(sns.len()) + k) % sns.len()];
                let Ok(mut p) = s.store.person(who) else {
                    return;
                };
                p.unit = format!("{} взвод", 1 + rng.below(3));
                rows.push(p);
            }
            let path = s
                ._dir
                .path()
                .join(format!("roster-{}.csv", rng.below(1000)));
            std::fs::write(&path, roster_csv(&rows)).unwrap();
            let table = muster::import::Table::open_csv(&path).unwrap();
            let by = s.name.clone();
            let _ = muster::import::import_roster(&mut s.store, table, &path, CODE, &by, false);
        }
        10 => {
            // A sheet of a day's results read from a file: the import history travels, and
            // the import can be undone on any installation that holds its records.
            let day = 1 + 3 * rng.below(9) + i;
            let module = MODULES[rng.below(MODULES.len())];
            let mut csv = String::from("service_number;module;date;result;score;instructor\n");
            for k in 0..1 + rng.below(3) {
                let who = &sns[(rng.below(sns.len()) + k) % sns.len()];
                csv.push_str(&format!(
                    "{who};{module};{day:02}.01.2025;pass;{};KAZCENT\n",
                    60 + rng.below(40)
                ));
            }
            let path = s._dir.path().join(format!("day-{day}-{module}.csv"));
            std::fs::write(&path, csv).unwrap();
            let table = muster::import::Table::open_csv(&path).unwrap();
            // Refused as a whole when someone on it is off the roster here.
            let _ = muster::import::import_completions(
                &mut s.store,
                table,
                &path,
                &s.name.clone(),
                false,
                &mut |_| {},
            );
        }
        11 => {
            let open: Vec<i64> = s
                .store
                .imports()
                .unwrap()
                .into_iter()
                .filter(|i| i.facts.undone_at.is_none())
                .map(|i| i.id)
                .collect();
            if !open.is_empty() {
                let id = open[rng.below(open.len())];
                // Refused when a record it added was corrected since: voided on purpose.
                let _ = s
                    .store
                    .undo_import(id, &s.name.clone(), "wrong day's sheet");
            }
        }
        0..=4 => {
            // A site's own days, or the last day, which every site logs on (and which
            // decides, being the latest).
            let day = if rng.below(3) == 0 {
                28
            } else {
                1 + 3 * rng.below(9) + i
            };
            let a = NewAttempt {
                service_number: sn.clone(),
                module: MODULES[rng.below(MODULES.len())].into(),
                date: d(&format!("2025-01-{day:02}")),
                result: if rng.below(3) == 0 {
                    Outcome::Fail
                } else {
                    Outcome::Pass
                },
                score: Some(60.0 + rng.below(400) as f64 / 10.0),
                hours: Some(0.5 * rng.below(9) as f64),
                instructor: "KAZCENT".into(),
                notes: String::new(),
            };
            // Refused when the person is off the roster here: that is the rules' business.
            let _ = s.store.log_session(&[a], &s.name);
        }
        5 | 6 => {
            let mine: Vec<String> = s
                .store
                .history(sn)
                .unwrap()
                .into_iter()
                // Now and then another site's record too: a conflict when that site
                // corrects it as well.
                .filter(|h| {
                    h.state == RecordState::Active
                        && (h.attempt.recorded_by == s.name || rng.below(2) == 0)
                })
                .map(|h| h.attempt.id)
                .collect();
            if mine.is_empty() {
                return;
            }
            let id = &mine[rng.below(mine.len())];
            if rng.below(2) == 0 {
                s.store.void(id, &s.name, "logged by mistake").unwrap();
            } else {
                let patch = AttemptPatch {
                    result: Some(Outcome::Fail),
                    ..AttemptPatch::default()
                };
                s.store
                    .amend(id, &patch, &s.name, "failed on review")
                    .unwrap();
            }
        }
        7 if i == 0 => {
            let on = s.store.assignments(sn).unwrap().iter().any(|c| c == CODE);
            if on {
                s.store
                    .take_off_roster(sn, CODE, &s.name, "posted elsewhere")
                    .unwrap();
            } else {
                s.store.put_on_roster(sn, CODE, &s.name).unwrap();
            }
        }
        8 if i != 2 => {
            // The curriculum edited on two installations: the later edit counts everywhere.
            let mut m = s.store.module(MODULES[rng.below(MODULES.len())]).unwrap();
            m.hours = (1 + rng.below(40)) as f64;
            s.store.update_module(&m, &s.name).unwrap();
        }
        9 => {
            // A person's details edited anywhere: two installations editing the same field
            // make a conflict (the later edit counts), different fields both stay.
            let patch = if rng.below(2) == 0 {
                PersonPatch {
                    unit: Some(format!("{} взвод", 1 + rng.below(3))),
                    ..PersonPatch::default()
                }
            } else {
                PersonPatch {
                    rank: Some(["рядовой", "сержант", "лейтенант"][rng.below(3)].into()),
                    ..PersonPatch::default()
                }
            };
            s.store.edit_person(sn, &patch, &s.name).unwrap();
        }
        8 if rng.below(3) == 0 => {
            muster::signoff::validate(
                &mut s.store,
                CODE,
                &NewValidation {
                    as_of: d("2025-03-03"),
                    team: "INDBATT validation team".into(),
                    validator: "Lt Col R. Sharma".into(),
                    decision: Decision::NotValidated,
                    notes: format!("round {}", rng.below(1000)),
                },
                &s.name,
            )
            .map(drop)
            .or_else(|e| match e.problem() {
                // The same words on unchanged records, or nothing to decide on: refused.
                Problem::AlreadyDecided { .. }
                | Problem::NoOneToValidate { .. }
                | Problem::NoModulesToValidate { .. } => Ok(()),
                _ => Err(e),
            })
            .unwrap();
        }
        7 => {
            // One soldier entered on two laptops under numbers that look alike (a separator,
            // a letter O for a zero, Greek letters): refused on a laptop that holds a
            // look-alike already, received from another all the same, and listed.
            let number = ["KZ900001", "KZ-900001", "KZ9000O1", "ΚΖ900001"][rng.below(4)];
            let mut p = people()[1].clone();
            p.service_number = number.into();
            // Each laptop's roster file may say another platoon: added on two laptops,
            // the difference is listed (`sync::detail_conflicts`, `added`).
            p.unit = format!("{} взвод", 1 + rng.below(3));
            let Ok(mut w) = s.store.writer() else { return };
            let cid = w.contingent_id(CODE).unwrap().unwrap();
            // Refused: a look-alike is held here, or the number is on the roster already.
            if let Ok((pid, _)) = w.upsert_person(&p, &s.name) {
                if w.assign(pid, cid, &s.name).is_ok() {
                    w.commit().unwrap();
                }
            }
        }
        _ => {}
    }
}

/// The records with their order of entry left out: what must be equal everywhere.
fn canonical(mut r: SyncRecords) -> SyncRecords {
    r.contingents.sort_by(|a, b| a.code.cmp(&b.code));
    r.modules.sort_by(|a, b| a.code.cmp(&b.code));
    // Each site seeded the default curriculum itself (`muster init`): when it did stays
    // its own. What the modules say is compared.
    for m in &mut r.modules {
        m.created_at.clear();
    }
    r.people
        .sort_by(|a, b| a.service_number.cmp(&b.service_number));
    // When this installation last wrote the row is its own; what the row says is compared.
    for p in &mut r.people {
        p.updated_at.clear();
    }
    r.detail_edits.sort_by(|a, b| a.id.cmp(&b.id));
    r.assignments.sort_by(|a, b| {
        (&a.person, &a.contingent, &a.assigned_at, &a.assigned_by).cmp(&(
            &b.person,
            &b.contingent,
            &b.assigned_at,
            &b.assigned_by,
        ))
    });
    r.attempts.sort_by(|a, b| a.id.cmp(&b.id));
    // Two laptops may stamp in the same millisecond: the installation breaks the tie.
    r.voidings.sort_by(|a, b| {
        (&a.attempt_id, a.hlc, &a.origin, &a.voided_by).cmp(&(
            &b.attempt_id,
            b.hlc,
            &b.origin,
            &b.voided_by,
        ))
    });
    r.validations
        .sort_by(|a, b| (&a.recorded_at, &a.notes).cmp(&(&b.recorded_at, &b.notes)));
    // The history by the names every installation gives its entries. An import undone on
    // two installations before they heard of each other's undo keeps each one's own (both
    // are in the audit trail, and the import says it was undone).
    r.imports.sort_by(|a, b| a.written.cmp(&b.written));
    for i in &mut r.imports {
        if i.facts.undone_at.is_some() {
            i.facts.undone_at = Some("undone".into());
            (i.facts.undone_by, i.facts.undo_reason) = (None, None);
        }
    }
    r.audit.sort_by(|a, b| a.written.cmp(&b.written));
    r
}

/// Three installations make random changes and exchange bundles by random routes, in
/// random orders, some twice; once each has had every other's latest bundle, all hold the
/// same records and compute the same readiness, every chain is intact, and receiving any
/// bundle again changes nothing.
#[test]
fn three_installations_converge_whatever_the_order_of_exchange() {
    // What the seeds made between them: each kind of change must have been exercised.
    let (mut amendments, mut voidings, mut removals, mut decisions) = (0, 0, 0, 0);
    // Files imported, and imports undone.
    let (mut imports, mut undone, mut rosters_undone) = (0, 0, 0);
    // Edits of details, and fields edited on two installations from the same value.
    let (mut detail_edits, mut detail_conflicts, mut added_apart) = (0, 0, 0);
    // Active records of one person, module and day entered on different installations.
    let mut shared_days = 0;
    // Records corrected on two installations; groups of service numbers that look alike.
    let (mut conflicted, mut look_alike) = (0, 0);
    // 12 seeds in the test command; MUSTER_SYNC_SEEDS=1000 runs the issue's thousand.
    let seeds: u64 = std::env::var("MUSTER_SYNC_SEEDS")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(12);
    for seed in 1..=seeds {
        let mut rng = Rng(0x9E37_79B9_7F4A_7C15 ^ seed.wrapping_mul(0x2545_F491_4F6C_DD1D));
        let mut sites: Vec<Site> = (0..3).map(site).collect();
        // The HQ (site 0) makes the contingent and the roster and sends them round first.
        sites[0].store.seed_default_curriculum(BY).unwrap();
        sites[0].store.add_contingent(&contingent(), BY).unwrap();
        add_people(&mut sites[0].store, &people()[..6]);
        let sns: Vec<String> = people()[..6]
            .iter()
            .map(|p| p.service_number.clone())
            .collect();
        let first = sync::export(&sites[0].store, &sites[0].key).unwrap().bytes;
        for s in &mut sites[1..] {
            s.store.seed_default_curriculum(BY).unwrap();
            import(s, &first, false).unwrap();
        }
        let mut sent: Vec<Vec<u8>> = vec![first];
        for _ in 0..60 {
            let i = rng.below(3);
            if rng.below(3) == 0 {
                // An exchange: a fresh bundle from one site, or an old one carried again.
                let to = (i + 1 + rng.below(2)) % 3;
                let bundle = if rng.below(4) == 0 {
                    sent[rng.below(sent.len())].clone()
                } else {
                    let b = sync::export(&sites[i].store, &sites[i].key).unwrap().bytes;
                    sent.push(b.clone());
                    b
                };
                import(&mut sites[to], &bundle, false)
                    .unwrap_or_else(|e| panic!("seed {seed}: {e}"));
            } else {
                random_change(&mut sites[i], i, &mut rng, &sns);
            }
        }
        // Everyone hears from everyone, in a random order of routes, twice over.
        for _ in 0..2 {
            let mut routes: Vec<(usize, usize)> = (0..3)
                .flat_map(|a| (0..3).filter(move |b| *b != a).map(move |b| (a, b)))
                .collect();
            for k in (1..routes.len()).rev() {
                routes.swap(k, rng.below(k + 1));
            }
            for (from, to) in routes {
                let b = sync::export(&sites[from].store, &sites[from].key)
                    .unwrap()
                    .bytes;
                sent.push(b.clone());
                import(&mut sites[to], &b, false).unwrap_or_else(|e| panic!("seed {seed}: {e}"));
            }
        }
        let records: Vec<SyncRecords> = sites
            .iter()
            .map(|s| canonical(s.store.sync_records().unwrap()))
            .collect();
        // The histories as a reader sees them: the audit trail but what is about one
        // installation alone, each person's changes of details, the import history.
        let histories: Vec<String> = sites
            .iter()
            .map(|s| {
                let log: Vec<_> = s
                    .store
                    .audit_log(None, usize::MAX >> 1)
                    .unwrap()
                    .into_iter()
                    .filter(|e| !["bundle", "key"].contains(&e.entity.as_str()))
                    .map(|e| format!("{e:?}"))
                    .collect();
                let changes: Vec<_> = sns
                    .iter()
                    .map(|sn| format!("{:?}", s.store.person_changes(sn).unwrap()))
                    .collect();
                let mut imports: Vec<_> = s
                    .store
                    .imports()
                    .unwrap()
                    .into_iter()
                    .map(|i| {
                        (
                            i.facts.file_name,
                            i.facts.imported_at,
                            i.facts.operator,
                            i.facts.counts,
                            i.facts.undone_at.is_some(),
                        )
                    })
                    .collect();
                imports.sort_by(|a, b| format!("{a:?}").cmp(&format!("{b:?}")));
                format!("{log:?}\n{changes:?}\n{imports:?}")
            })
            .collect();
        let conflicts: Vec<String> = sites
            .iter()
            .map(|s| {
                let listed = (
                    sync::conflicts(&s.store, true).unwrap(),
                    sync::look_alikes(&s.store, true).unwrap(),
                    sync::detail_conflicts(&s.store, true).unwrap(),
                );
                // The laptop a person was added on is named by its identity everywhere.
                serde_json::to_string(&listed).unwrap()
            })
            .collect();
        // With the decisions as a person reads them: numbered and ordered, the latest of
        // the day deciding what the printed report says.
        let readiness: Vec<String> = sites
            .iter()
            .map(|s| {
                let day = d("2025-03-03");
                let decisions: Vec<_> = s
                    .store
                    .validations(CODE)
                    .unwrap()
                    .into_iter()
                    .map(|v| (v.id, v.decision, v.notes, v.report_sha256))
                    .collect();
                let printed = muster::signoff::report_for(&s.store, CODE, day)
                    .unwrap()
                    .validation
                    .map(|v| (v.id, v.decision, v.sha256));
                serde_json::to_string(&(
                    muster::readiness::readiness(&s.store, CODE, day).unwrap(),
                    decisions,
                    printed,
                ))
                .unwrap()
            })
            .collect();
        for k in 1..3 {
            assert!(
                records[k] == records[0],
                "seed {seed}: site {k}'s records: {}",
                first_difference(&records[k], &records[0])
            );
            assert_eq!(
                readiness[k], readiness[0],
                "seed {seed}: site {k}'s readiness"
            );
            assert_eq!(
                conflicts[k], conflicts[0],
                "seed {seed}: site {k}'s conflicts"
            );
            assert_eq!(
                histories[k], histories[0],
                "seed {seed}: site {k}'s histories"
            );
        }
        assert!(
            records[0].attempts.len() > 3,
            "seed {seed}: the test made records"
        );
        let r = &records[0];
        amendments += r.attempts.iter().filter(|a| a.supersedes.is_some()).count();
        voidings += r.voidings.len();
        removals += r
            .assignments
            .iter()
            .filter(|a| a.ended_at.is_some())
            .count();
        decisions += r.validations.len();
        imports += r.imports.len();
        undone += r
            .imports
            .iter()
            .filter(|i| i.facts.undone_at.is_some())
            .count();
        rosters_undone += r
            .imports
            .iter()
            .filter(|i| i.facts.undone_at.is_some() && i.facts.kind == "roster")
            .count();
        detail_edits += r.detail_edits.len();
        detail_conflicts += r
            .detail_edits
            .iter()
            .filter(|a| {
                r.detail_edits.iter().any(|b| {
                    (&a.entity_key, &a.field, a.replaces) == (&b.entity_key, &b.field, b.replaces)
                        && a.value != b.value
                })
            })
            .count();
        shared_days += shared_day_pairs(r);
        conflicted += sync::conflicts(&sites[0].store, true).unwrap().len();
        look_alike += sync::look_alikes(&sites[0].store, true).unwrap().len();
        added_apart += sync::detail_conflicts(&sites[0].store, true)
            .unwrap()
            .iter()
            .filter(|c| c.added)
            .count();
        for (k, s) in sites.iter().enumerate() {
            let report = muster::check::check_store(&s.store).unwrap();
            assert!(report.ok(), "seed {seed}: site {k}: {:?}", report.findings);
        }
        // Any bundle again, anywhere: nothing changes.
        for _ in 0..4 {
            let b = sent[rng.below(sent.len())].clone();
            let to = rng.below(3);
            let r = import(&mut sites[to], &b, false).unwrap();
            assert_eq!(r.added.changed(), 0, "seed {seed}");
        }
        for (k, s) in sites.iter().enumerate() {
            assert_eq!(
                canonical(s.store.sync_records().unwrap()),
                records[0],
                "seed {seed}: site {k} after receiving again"
            );
        }
    }
    assert!(
        amendments > 0
            && voidings > 0
            && removals > 0
            && decisions > 0
            && shared_days > 0
            && conflicted > 0
            && detail_edits > 0
            && detail_conflicts > 0
            && imports > 0
            && undone > 0
            && rosters_undone > 0
            && look_alike > 0
            // One person added on two laptops with different details is rarer: 100
            // seeds make several (a_person_added_on_two_laptops… pins it alone).
            && (added_apart > 0 || seeds < 100),
        "amendments {amendments}, voidings {voidings}, removals {removals}, decisions {decisions}, \
         same day on two installations {shared_days}, conflicts {conflicted}, \
         edits of details {detail_edits}, of which competing {detail_conflicts}, \
         imports {imports}, undone {undone} (rosters {rosters_undone}), look-alike numbers {look_alike}, \
         details of one person added apart {added_apart}"
    );
}

/// Where two sets of records first differ: the kind, the place and both versions.
fn first_difference(a: &SyncRecords, b: &SyncRecords) -> String {
    let (a, b) = (
        serde_json::to_value(a).unwrap(),
        serde_json::to_value(b).unwrap(),
    );
    for (kind, left) in a.as_object().unwrap() {
        let right = &b[kind];
        if left == right {
            continue;
        }
        let (l, r) = (left.as_array().unwrap(), right.as_array().unwrap());
        let at = (0..l.len().max(r.len()))
            .find(|i| l.get(*i) != r.get(*i))
            .unwrap_or(0);
        return format!(
            "{kind} ({} and {}) differ at {at}: {:?} and {:?}",
            l.len(),
            r.len(),
            l.get(at),
            r.get(at)
        );
    }
    "missing kinds".into()
}

/// Pairs of active records of the same person, module and day entered on different
/// installations (where a local order of entry would have disagreed).
fn shared_day_pairs(r: &SyncRecords) -> usize {
    let superseded: std::collections::HashSet<&str> = r
        .attempts
        .iter()
        .filter_map(|a| a.supersedes.as_deref())
        .chain(r.voidings.iter().map(|v| v.attempt_id.as_str()))
        .collect();
    let active: Vec<_> = r
        .attempts
        .iter()
        .filter(|a| !superseded.contains(a.id.as_str()))
        .collect();
    let mut n = 0;
    for (k, a) in active.iter().enumerate() {
        for b in &active[k + 1..] {
            if (&a.person, &a.module, &a.date) == (&b.person, &b.module, &b.date) {
                assert!(a.origin.is_some() && b.origin.is_some());
                n += usize::from(a.origin != b.origin);
            }
        }
    }
    n
}

/// Two laptops that each read the same roster hold two entries for each person. A removal
/// on one, then a return on the other, reach both: the latest event decides.
#[test]
fn the_same_roster_read_on_two_laptops_follows_the_latest_removal_or_return() {
    let mut a = site(0);
    let mut b = site(1);
    for s in [&mut a, &mut b] {
        s.store.seed_default_curriculum(BY).unwrap();
    }
    a.store.add_contingent(&contingent(), BY).unwrap();
    import(
        &mut b,
        &sync::export(&a.store, &a.key).unwrap().bytes,
        false,
    )
    .unwrap();
    add_people(&mut a.store, &people()[..3]);
    add_people(&mut b.store, &people()[..3]);
    let sn = "KZ100002";
    let on = |s: &Site| s.store.assignments(sn).unwrap().iter().any(|c| c == CODE);
    let swap = |a: &mut Site, b: &mut Site| {
        let from_a = sync::export(&a.store, &a.key).unwrap().bytes;
        let from_b = sync::export(&b.store, &b.key).unwrap().bytes;
        import(b, &from_a, false).unwrap();
        import(a, &from_b, false).unwrap();
    };
    swap(&mut a, &mut b);
    assert!(on(&a) && on(&b));

    a.store
        .take_off_roster(sn, CODE, "site 0", "posted elsewhere")
        .unwrap();
    swap(&mut a, &mut b);
    assert!(!on(&a) && !on(&b), "taken off on both");

    b.store.put_on_roster(sn, CODE, "site 1").unwrap();
    swap(&mut a, &mut b);
    assert!(on(&a) && on(&b), "back on both");
    // Who is on the roster agrees; the entries themselves need not (a person never taken
    // off keeps one entry per laptop that read the file: docs/sync.md).
    let readiness = |s: &Site| {
        serde_json::to_string(&muster::readiness::readiness(&s.store, CODE, as_of()).unwrap())
            .unwrap()
    };
    assert_eq!(readiness(&a), readiness(&b));
    for s in [&a, &b] {
        assert!(muster::check::check_store(&s.store).unwrap().ok());
    }
}

/// A bundle in format 1 (from a Muster before order-of-entry stamps) is still read: its
/// records take the receiver's next stamps, in the bundle's order, after every stamp held.
#[test]
fn a_format_1_bundle_is_read_and_its_records_stamped_on_receipt() {
    let a = small();
    let mut b = site(1);
    let made = sync::export_format_1(&a.store, &a.key).unwrap();
    let parts = unzip(&made.bytes);
    let header: serde_json::Value = serde_json::from_slice(&parts[0].1).unwrap();
    assert_eq!(header["version"], 1);
    let body = String::from_utf8(parts[1].1.clone()).unwrap();
    assert!(!body.contains("hlc") && !body.contains("origin"), "{body}");

    let sent = a.store.sync_records().unwrap().attempts;
    let before = chrono::Utc::now().timestamp_millis() << 16;
    let r = import(&mut b, &made.bytes, false).unwrap();
    assert_eq!(r.added.records, 2);
    let got = b.store.sync_records().unwrap().attempts;
    let ids = |v: &[muster::store::SyncAttempt]| v.iter().map(|a| a.id.clone()).collect::<Vec<_>>();
    assert_eq!(ids(&got), ids(&sent), "in the bundle's order");
    let stamps: Vec<i64> = got.iter().map(|a| a.hlc.unwrap()).collect();
    assert_eq!(stamps[1], stamps[0] + 1, "one after the other");
    assert!(stamps[0] >= before, "the receiver's clock");
    assert!(stamps[0] > sent.iter().map(|a| a.hlc.unwrap()).max().unwrap());
    assert!(
        got.iter().all(|a| a.origin.is_none()),
        "who entered them is not known"
    );
    assert!(muster::check::check_store(&b.store).unwrap().ok());
    // A bundle of today's format of the same records adds no record: they are held. It
    // adds the audit trail, which format 1 did not carry.
    let again = import(
        &mut b,
        &sync::export(&a.store, &a.key).unwrap().bytes,
        false,
    )
    .unwrap();
    assert!(again.added.audit > 0);
    assert_eq!(again.added.changed(), again.added.audit);
}

/// Details edited on two laptops before they exchange bundles: different fields both stay,
/// the same field edited from the same value ends as the later edit on both (and is said),
/// the person's history on each shows the change the merge made, receiving again changes
/// nothing, and both chains check.
#[test]
fn details_edited_on_two_laptops_converge_field_by_field() {
    let (mut a, mut b) = small_and_a_laptop_that_received_it();
    let sn = "KZ100002";
    let edit = |s: &mut Site, patch: PersonPatch| {
        let by = s.name.clone();
        s.store.edit_person(sn, &patch, &by).unwrap();
    };
    // A promotes her and moves her; B moves her elsewhere later, and corrects her role.
    edit(
        &mut a,
        PersonPatch {
            rank: Some("старший сержант".into()),
            unit: Some("2 взвод".into()),
            ..PersonPatch::default()
        },
    );
    std::thread::sleep(std::time::Duration::from_millis(2));
    edit(
        &mut b,
        PersonPatch {
            unit: Some("3 взвод".into()),
            role: Some("санинструктор".into()),
            ..PersonPatch::default()
        },
    );
    let from_a = sync::export(&a.store, &a.key).unwrap().bytes;
    let from_b = sync::export(&b.store, &b.key).unwrap().bytes;
    let got_b = import(&mut a, &from_b, false).unwrap();
    let got_a = import(&mut b, &from_a, false).unwrap();
    assert_eq!((got_b.added.details, got_a.added.details), (2, 2));
    // Each says what it read and what counts now: A takes B's later move; B keeps its own.
    // Kept, the other side's value, which does not count, is named too.
    let unit = |was: &str, others: &[&str]| muster::store::Decided {
        entity: "person".into(),
        key: sn.into(),
        field: "unit".into(),
        was: was.into(),
        now: "3 взвод".into(),
        others: others.iter().map(|o| o.to_string()).collect(),
    };
    assert_eq!(got_b.added.decided, vec![unit("2 взвод", &[])]);
    assert_eq!(
        got_a.added.decided[0].describe(),
        "person KZ100002 unit: «3 взвод» kept (not counting: «2 взвод») (edited from the same \
         value on two installations, or added with different details; the later counts)"
    );
    assert_eq!(got_a.added.decided, vec![unit("3 взвод", &["2 взвод"])]);
    for s in [&a, &b] {
        let p = s.store.person(sn).unwrap();
        assert_eq!(
            (p.rank.as_str(), p.unit.as_str(), p.role.as_str()),
            ("старший сержант", "3 взвод", "санинструктор"),
            "{}",
            s.name
        );
        assert!(muster::check::check_store(&s.store).unwrap().ok());
    }
    // Both histories show both edits as they were made, newest first, by whom: B's (the
    // unit from the value B saw, the role), then A's (the rank, the unit that lost).
    for s in [&a, &b] {
        let changes = s.store.person_changes(sn).unwrap();
        // Who changed what: (field, from, to) per change.
        type Told<'a> = (&'a str, Vec<(String, &'a str, &'a str)>);
        let told: Vec<Told> = changes
            .iter()
            .map(|c| {
                let fields = c
                    .fields
                    .iter()
                    .map(|f| (format!("{:?}", f.field), f.old.as_str(), f.new.as_str()))
                    .collect();
                (c.by.as_str(), fields)
            })
            .collect();
        assert_eq!(
            told,
            [
                (
                    b.name.as_str(),
                    vec![
                        ("Role".to_string(), "фельдшер", "санинструктор"),
                        ("Unit".to_string(), "1 взвод", "3 взвод"),
                    ]
                ),
                (
                    a.name.as_str(),
                    vec![
                        ("Rank".to_string(), "сержант", "старший сержант"),
                        ("Unit".to_string(), "1 взвод", "2 взвод"),
                    ]
                ),
            ],
            "{}",
            s.name
        );
    }
    // Both hold every edit; receiving either bundle again changes nothing.
    assert_eq!(
        canonical(a.store.sync_records().unwrap()),
        canonical(b.store.sync_records().unwrap())
    );
    let again = sync::export(&a.store, &a.key).unwrap().bytes;
    assert_eq!(import(&mut b, &again, false).unwrap().added.changed(), 0);
}

/// A laptop that edits a field twice before hearing of another's edit of it changed its own
/// side of the conflict: the list shows that side's latest value, and the value it marks
/// as counting is the one every laptop reads.
#[test]
fn the_conflict_list_counts_the_value_that_is_read() {
    let (mut a, mut b) = small_and_a_laptop_that_received_it();
    let sn = "KZ100002";
    let edit = |s: &mut Site, unit: &str| {
        let by = s.name.clone();
        let patch = PersonPatch {
            unit: Some(unit.into()),
            ..PersonPatch::default()
        };
        s.store.edit_person(sn, &patch, &by).unwrap();
        std::thread::sleep(std::time::Duration::from_millis(2));
    };
    edit(&mut a, "4 взвод");
    edit(&mut b, "5 взвод");
    edit(&mut a, "2 взвод");
    let from_a = sync::export(&a.store, &a.key).unwrap().bytes;
    let from_b = sync::export(&b.store, &b.key).unwrap().bytes;
    import(&mut a, &from_b, false).unwrap();
    import(&mut b, &from_a, false).unwrap();
    for s in [&a, &b] {
        assert_eq!(s.store.person(sn).unwrap().unit, "2 взвод", "{}", s.name);
        let listed = sync::detail_conflicts(&s.store, false).unwrap();
        assert_eq!(listed.len(), 1, "{listed:?}");
        let c = &listed[0];
        assert_eq!(c.was, "1 взвод");
        let sides: Vec<(&str, bool)> = c.edits.iter().map(|e| (e.value.as_str(), e.wins)).collect();
        assert_eq!(sides, [("5 взвод", false), ("2 взвод", true)], "{}", s.name);
    }
}

/// A laptop whose clock is an hour behind puts a soldier back on the roster after it
/// received the headquarters' removal: by the laptops' clocks the return came first, by
/// the stamps (which never go behind what a laptop has received) it came after, and the
/// headquarters puts him back too.
#[test]
fn a_return_after_a_removal_counts_whatever_the_laptops_clock_says() {
    let mut hq = small();
    let mut p = site(1);
    p.store.seed_default_curriculum(BY).unwrap();
    import(
        &mut p,
        &sync::export(&hq.store, &hq.key).unwrap().bytes,
        false,
    )
    .unwrap();
    let sn = "KZ100002";
    let on = |s: &Site| s.store.assignments(sn).unwrap().iter().any(|c| c == CODE);
    hq.store
        .take_off_roster(sn, CODE, "HQ", "posted elsewhere")
        .unwrap();
    import(
        &mut p,
        &sync::export(&hq.store, &hq.key).unwrap().bytes,
        false,
    )
    .unwrap();
    assert!(!on(&p));
    p.store.put_on_roster(sn, CODE, "1st platoon").unwrap();
    assert!(on(&p));

    // The platoon's bundle, as a laptop an hour behind would have written its times.
    let made = sync::export(&p.store, &p.key).unwrap();
    let mut opened = sync::open("p.muster", &made.bytes).unwrap();
    let back = |t: &str| {
        let at: chrono::DateTime<chrono::Utc> = t.parse().unwrap();
        (at - chrono::Duration::hours(1))
            .format("%Y-%m-%dT%H:%M:%S%.3fZ")
            .to_string()
    };
    for a in &mut opened.records.assignments {
        if a.person == sn && a.ended_at.is_none() {
            a.assigned_at = back(&a.assigned_at);
        }
    }
    let trust = format!("key {}", opened.header.sender.name);
    sync::receive(
        &mut hq.store,
        &opened,
        &ImportOptions {
            dry_run: false,
            trust: Some(&trust),
            by: "HQ",
            own: Some(hq.key.fingerprint()),
        },
    )
    .unwrap();
    assert!(on(&hq), "put back on at the headquarters too");
    assert!(muster::check::check_store(&hq.store).unwrap().ok());
}

/// A bundle for one peer carries only what it has not acknowledged: the first is whole,
/// once the peer's own bundle says it received it the next carries only what came since,
/// and a bundle passed on to a laptop that never had the first covers nothing for it.
#[test]
fn a_bundle_for_a_peer_carries_only_what_it_has_not_acknowledged() {
    let mut hq = small();
    let mut p1 = site(1);
    let mut p2 = site(2);
    for s in [&mut p1, &mut p2] {
        s.store.seed_default_curriculum(BY).unwrap();
    }
    let dir = tempfile::tempdir().unwrap();
    let file = |n: &str| dir.path().join(n);
    let write = |s: &Site, name: &str, peer: Option<&str>| {
        let e = sync::export_to(&s.store, &s.key, &file(name), peer).unwrap();
        (e, sync::open_file(&file(name)).unwrap())
    };
    let receive = |s: &mut Site, name: &str| {
        let opened = sync::open_file(&file(name)).unwrap();
        let trust = format!("key {}", opened.header.sender.name);
        let own = s.key.fingerprint();
        let by = s.name.clone();
        sync::receive(
            &mut s.store,
            &opened,
            &ImportOptions {
                dry_run: false,
                trust: Some(&trust),
                by: &by,
                own: Some(own),
            },
        )
        .unwrap()
    };
    // No bundle from p1 yet: --for p1 is refused in one line.
    let e = sync::export_to(&hq.store, &hq.key, &file("x.muster"), Some("site 1")).unwrap_err();
    assert_eq!(
        e.problem(),
        Problem::UnknownPeer {
            peer: "site 1".into()
        }
    );
    write(&hq, "hq1.muster", None);
    receive(&mut p1, "hq1.muster");
    // Before p1 says it received anything, a bundle for it is whole.
    let (first, opened) = write(&hq, "hq-p1-a.muster", None);
    assert_eq!(first.header.since, None);
    assert_eq!(opened.records.people.len(), 3);
    let (p1_says, _) = write(&p1, "p1.muster", None);
    assert!(p1_says.header.received.contains(&sha(&file("hq1.muster"))));
    receive(&mut hq, "p1.muster");

    log(&mut hq.store, "KZ100003", "POC", "2025-01-12", "pass");
    hq.store
        .edit_person(
            "KZ100001",
            &PersonPatch {
                rank: Some("майор".into()),
                ..PersonPatch::default()
            },
            BY,
        )
        .unwrap();
    let (e, opened) = write(&hq, "hq-p1-b.muster", Some("site 1"));
    assert_eq!(e.peer.as_deref(), Some("key site 1"));
    assert!(e.header.since.is_some());
    let r = &opened.records;
    assert_eq!(
        (r.people.len(), r.attempts.len(), r.detail_edits.len()),
        (1, 1, 1),
        "only the edited person, the new record and its edit: {r:?}"
    );
    // (Modules may come too: p1 seeded its own curriculum, and the later creation of
    // each module, decided here on receipt, changed the row.)
    assert!(r.contingents.is_empty() && r.assignments.is_empty() && r.voidings.is_empty());
    let got = receive(&mut p1, "hq-p1-b.muster");
    assert_eq!((got.added.records, got.added.details), (1, 1));
    assert_eq!(
        canonical(hq.store.sync_records().unwrap()).attempts,
        canonical(p1.store.sync_records().unwrap()).attempts
    );
    assert_eq!(p1.store.person("KZ100001").unwrap().rank, "майор");

    // The partial bundle alone, at a laptop that lacks what came before it: refused whole,
    // saying why.
    let opened = sync::open_file(&file("hq-p1-b.muster")).unwrap();
    let e = sync::receive(
        &mut p2.store,
        &opened,
        &ImportOptions {
            dry_run: false,
            trust: Some("HQ"),
            by: "site 2",
            own: Some(p2.key.fingerprint()),
        },
    )
    .unwrap_err();
    assert_eq!(
        e.problem(),
        Problem::PartialBundleIncomplete {
            what: "person".into(),
            key: "KZ100003".into()
        }
    );
    // p2 gets hq's records by way of p1's whole bundle, then the partial one, and
    // acknowledges both: a bundle for p2 is still whole, since p2 never acknowledged a
    // bundle of hq's that carried what came before.
    receive(&mut p2, "p1.muster");
    receive(&mut p2, "hq-p1-b.muster");
    let (_, _) = write(&p2, "p2.muster", None);
    receive(&mut hq, "p2.muster");
    let (e, opened) = write(&hq, "hq-p2.muster", Some("site 2"));
    assert_eq!(e.header.since, None);
    assert_eq!(opened.records.people.len(), 3);
    receive(&mut p2, "hq-p2.muster");
    assert_eq!(
        canonical(hq.store.sync_records().unwrap()).attempts,
        canonical(p2.store.sync_records().unwrap()).attempts
    );
    for s in [&hq, &p1, &p2] {
        assert!(
            muster::check::check_store(&s.store).unwrap().ok(),
            "{}",
            s.name
        );
    }
}

fn sha(path: &std::path::Path) -> String {
    use sha2::Digest;
    let bytes = std::fs::read(path).unwrap();
    sha2::Sha256::digest(&bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// One soldier entered on two laptops under numbers that only look alike (a separator, a
/// Greek Κ, a letter O for a zero), each laptop not yet holding the other's: typed on a
/// laptop that holds the other number it would be refused, but received in a bundle it is
/// not (neither laptop can change a number, so a refusal would keep them apart for good).
/// Both laptops end with both people, list the pair word for word alike, say so when
/// receiving, and the pair is settled everywhere once the wrong number leaves the roster.
#[test]
fn look_alike_numbers_from_two_laptops_are_received_listed_and_settled() {
    // Numbers are kept in upper case, as typed otherwise.
    for twin_number in ["KZ-100001", "ΚΖ100001", "KZ1OO001", "KZ/100.001"] {
        let mut hq = site(0);
        let mut platoon = site(1);
        hq.store.seed_default_curriculum(BY).unwrap();
        hq.store.add_contingent(&contingent(), BY).unwrap();
        let first = bundle(&mut hq);
        platoon.store.seed_default_curriculum(BY).unwrap();
        import(&mut platoon, &first, false).unwrap();
        add_people(&mut hq.store, &people()[..2]);
        let mut twin = people()[0].clone();
        twin.service_number = twin_number.into();
        add_people(&mut platoon.store, &[twin]);
        log(&mut platoon.store, twin_number, "ROE", "2025-01-10", "pass");

        // Typed at HQ now, the platoon's number is refused, naming both.
        let e = hq.store.writer().unwrap().upsert_person(
            &muster::domain::Person {
                service_number: twin_number.into(),
                ..people()[0].clone()
            },
            BY,
        );
        let e = e.unwrap_err();
        assert_eq!(
            serde_json::to_value(e.problem()).unwrap()["code"],
            "looks_like"
        );
        assert!(one_line(&e).contains("KZ100001"), "{e}");

        let to_hq = bundle(&mut platoon);
        let r = import(&mut hq, &to_hq, false).unwrap();
        assert_eq!(r.added.people, 1, "{twin_number}");
        assert_eq!(
            r.added.look_alikes,
            vec![muster::store::LookAlikeAdded {
                service_number: twin_number.into(),
                looks_like: "KZ100001".into(),
            }]
        );
        let to_platoon = bundle(&mut hq);
        let r = import(&mut platoon, &to_platoon, false).unwrap();
        assert_eq!(r.added.look_alikes.len(), 1, "{twin_number}");
        assert_eq!(r.added.look_alikes[0].service_number, "KZ100001");

        let listed =
            |s: &Site| serde_json::to_string(&sync::look_alikes(&s.store, true).unwrap()).unwrap();
        assert_eq!(listed(&hq), listed(&platoon), "{twin_number}");
        let open = sync::look_alikes(&hq.store, false).unwrap();
        assert_eq!(open.len(), 1, "{twin_number}");
        let numbers: Vec<&str> = open[0]
            .people
            .iter()
            .map(|p| p.service_number.as_str())
            .collect();
        assert!(
            numbers.contains(&"KZ100001") && numbers.contains(&twin_number),
            "{numbers:?}"
        );
        let by_number = |n: &str| {
            open[0]
                .people
                .iter()
                .find(|p| p.service_number == n)
                .unwrap()
        };
        assert_eq!(by_number(twin_number).records, 1);
        assert_eq!(by_number(twin_number).rosters, vec![CODE.to_string()]);
        assert!(!open[0].settled);
        for s in [&hq, &platoon] {
            assert!(
                muster::check::check_store(&s.store).unwrap().ok(),
                "{twin_number}"
            );
        }

        // The platoon takes the wrong number off the roster; once HQ has heard, the pair is
        // settled on both (still listed with --all).
        platoon
            .store
            .take_off_roster(twin_number, CODE, BY, "entered twice: KZ100001")
            .unwrap();
        let settle = bundle(&mut platoon);
        import(&mut hq, &settle, false).unwrap();
        for s in [&hq, &platoon] {
            assert!(
                sync::look_alikes(&s.store, false).unwrap().is_empty(),
                "{twin_number}"
            );
            let all = sync::look_alikes(&s.store, true).unwrap();
            assert!(all.len() == 1 && all[0].settled, "{twin_number}");
        }
        assert_eq!(listed(&hq), listed(&platoon), "{twin_number}");
    }
}

/// A person made by a Muster before service numbers had to be in one alphabet is received
/// as the sending laptop holds them, and listed beside the number they look like.
#[test]
fn a_bundle_carrying_a_number_of_mixed_alphabets_is_received() {
    use muster::store::{BundleFrom, Receive};
    let mut s = small();
    let sent = s.store.sync_records().unwrap();
    let from = BundleFrom {
        fingerprint: "0".repeat(64),
        sender_name: "old laptop".into(),
        sender_database: "0123456789abcdef0123456789abcdef".into(),
        bundle_sha256: "1".repeat(64),
        format_version: 5,
        made_at: "2026-12-03T10:00:00.000Z".into(),
        received: Vec::new(),
    };
    let how = Receive {
        from: &from,
        trust_as: Some("old laptop"),
        by: BY,
        dry_run: false,
        open_conflicts: sync::open_records,
    };
    let mut twin = sent.people[0].clone();
    twin.service_number = "К".to_string() + &sent.people[0].service_number[1..];
    let records = SyncRecords {
        people: vec![twin.clone()],
        ..SyncRecords::default()
    };
    let r = s.store.receive_bundle(&records, &how).unwrap();
    assert_eq!(r.people, 1);
    assert_eq!(r.look_alikes[0].service_number, twin.service_number);
    assert_eq!(r.look_alikes[0].looks_like, sent.people[0].service_number);
    let all = sync::look_alikes(&s.store, true).unwrap();
    assert_eq!(all.len(), 1);
    // Not on one roster (the bundle carried no roster entry): nothing to settle.
    assert!(all[0].settled);
    assert!(muster::check::check_store(&s.store).unwrap().ok());
}

/// Two platoon laptops read the same roster file before hearing of each other: each puts
/// the same people on the same roster. Whatever order the bundles travel in, every laptop
/// ends with both entries, the earlier on the roster and the later closed where it began;
/// nobody is listed as taken off, and a removal on one laptop takes them off everywhere.
#[test]
fn one_roster_read_on_two_laptops_converges_on_one_place_each() {
    for hq_hears_first in [1usize, 2] {
        let mut sites: Vec<Site> = (0..3).map(site).collect();
        sites[0].store.seed_default_curriculum(BY).unwrap();
        sites[0].store.add_contingent(&contingent(), BY).unwrap();
        let first = bundle(&mut sites[0]);
        for s in &mut sites[1..] {
            s.store.seed_default_curriculum(BY).unwrap();
            import(s, &first, false).unwrap();
        }
        for s in &mut sites[1..] {
            add_people(&mut s.store, &people()[..3]);
            std::thread::sleep(std::time::Duration::from_millis(3));
        }
        let other = 3 - hq_hears_first;
        for (from, to) in [
            (hq_hears_first, 0),
            (other, 0),
            (0, 1),
            (0, 2),
            (1, 2),
            (2, 1),
        ] {
            let b = bundle(&mut sites[from]);
            import(&mut sites[to], &b, false).unwrap();
        }
        let held: Vec<SyncRecords> = sites
            .iter()
            .map(|s| canonical(s.store.sync_records().unwrap()))
            .collect();
        for k in 1..3 {
            assert!(
                held[k] == held[0],
                "site {k}: {}",
                first_difference(&held[k], &held[0])
            );
        }
        let entries = &held[0].assignments;
        assert_eq!(entries.len(), 6, "both laptops' entries are kept");
        for p in &people()[..3] {
            let mine: Vec<_> = entries
                .iter()
                .filter(|a| a.person == p.service_number)
                .collect();
            assert_eq!(mine.iter().filter(|a| a.ended_at.is_none()).count(), 1);
            // The one on the roster is site 1's, which was entered first.
            let on = mine.iter().find(|a| a.ended_at.is_none()).unwrap();
            assert_eq!(on.assigned_by, BY);
            let closed = mine.iter().find(|a| a.ended_at.is_some()).unwrap();
            assert_eq!(
                closed.ended_at.as_deref(),
                Some(closed.assigned_at.as_str())
            );
        }
        for s in &sites {
            assert!(s.store.off_roster(CODE).unwrap().is_empty());
            assert_eq!(s.store.roster(CODE).unwrap().len(), 3);
            let served = s.store.served_in("KZ100001").unwrap();
            assert!(served[0].ended.is_none(), "{served:?}");
            assert!(muster::check::check_store(&s.store).unwrap().ok());
        }
        // Taken off on the second platoon's laptop: off everywhere, once it has travelled.
        sites[2]
            .store
            .take_off_roster("KZ100002", CODE, BY, "posted elsewhere")
            .unwrap();
        let b = bundle(&mut sites[2]);
        import(&mut sites[0], &b, false).unwrap();
        let b = bundle(&mut sites[0]);
        import(&mut sites[1], &b, false).unwrap();
        for s in &sites {
            let off = s.store.off_roster(CODE).unwrap();
            assert_eq!(off.len(), 1);
            assert_eq!(off[0].person.service_number, "KZ100002");
            assert_eq!(off[0].reason, "posted elsewhere");
            assert_eq!(s.store.roster(CODE).unwrap().len(), 2);
        }
        let b = bundle(&mut sites[1]);
        import(&mut sites[2], &b, false).unwrap();
        let last: Vec<SyncRecords> = sites
            .iter()
            .map(|s| canonical(s.store.sync_records().unwrap()))
            .collect();
        assert!(
            last[1] == last[0] && last[2] == last[0],
            "{}",
            first_difference(&last[2], &last[0])
        );
    }
}

/// One service number added on two laptops from two roster files that disagree: one
/// person everywhere, the later addition's details counting, and each field that differs
/// listed on every laptop (issue 12: "differing details are a conflict listed") until a
/// person edits it.
#[test]
fn a_person_added_on_two_laptops_with_different_details_is_listed_everywhere() {
    let mut hq = site(0);
    let mut platoon = site(1);
    let mut third = site(2);
    hq.store.seed_default_curriculum(BY).unwrap();
    hq.store.add_contingent(&contingent(), BY).unwrap();
    let first = bundle(&mut hq);
    for s in [&mut platoon, &mut third] {
        s.store.seed_default_curriculum(BY).unwrap();
        import(s, &first, false).unwrap();
    }
    let mut theirs = people()[0].clone();
    theirs.unit = "3 взвод".into();
    theirs.rank = "подполковник".into();
    add_people(&mut hq.store, &people()[..1]);
    add_people(&mut platoon.store, &[theirs.clone()]);
    let (up, down) = (bundle(&mut platoon), bundle(&mut hq));
    import(&mut hq, &up, false).unwrap();
    import(&mut platoon, &down, false).unwrap();
    import(&mut third, &down, false).unwrap();
    import(&mut third, &up, false).unwrap();
    let listed =
        |s: &Site| serde_json::to_string(&sync::detail_conflicts(&s.store, true).unwrap()).unwrap();
    assert_eq!(listed(&hq), listed(&platoon));
    assert_eq!(listed(&hq), listed(&third));
    let open = sync::detail_conflicts(&hq.store, false).unwrap();
    let fields: Vec<&str> = open.iter().map(|c| c.field.as_str()).collect();
    assert_eq!(fields, ["rank", "unit"]);
    let person = hq.store.person("KZ100001").unwrap();
    for c in &open {
        assert!(c.added && c.was.is_empty());
        assert_eq!(c.edits.len(), 2);
        let counts: Vec<_> = c.edits.iter().filter(|e| e.wins).collect();
        assert_eq!(counts.len(), 1, "{c:?}");
        let now = if c.field == "unit" {
            &person.unit
        } else {
            &person.rank
        };
        assert_eq!(
            &counts[0].value, now,
            "the value that counts is the one held"
        );
    }
    // The unit is looked at and set right: that field is settled, on every laptop.
    let mut fixed = person.clone();
    fixed.unit = "2 взвод".into();
    hq.store.update_person(&fixed, BY).unwrap();
    let settle = bundle(&mut hq);
    // A settled field arriving is no disagreement to announce again (it used to be listed
    // as "set differently on two installations" on every laptop the settlement reached).
    let fields = |r: &sync::ImportReport| -> Vec<String> {
        r.added.decided.iter().map(|d| d.field.clone()).collect()
    };
    let r = import(&mut platoon, &settle, false).unwrap();
    assert!(
        !fields(&r).contains(&"unit".to_string()),
        "{:?}",
        r.added.decided
    );
    let r = import(&mut third, &settle, false).unwrap();
    assert!(
        !fields(&r).contains(&"unit".to_string()),
        "{:?}",
        r.added.decided
    );
    for s in [&hq, &platoon, &third] {
        let open: Vec<String> = sync::detail_conflicts(&s.store, false)
            .unwrap()
            .into_iter()
            .map(|c| c.field)
            .collect();
        assert_eq!(open, ["rank"], "{}", s.name);
        assert!(muster::check::check_store(&s.store).unwrap().ok());
    }
    assert_eq!(listed(&hq), listed(&platoon));
    // The rank that counts is right: the platoon keeps it as it reads. Nothing changes,
    // and the field is settled on every laptop the bundle reaches.
    let rank = platoon.store.person("KZ100001").unwrap().rank;
    let e = platoon
        .store
        .keep_detail(Entity::Person, "KZ100001", "shoe_size", BY)
        .unwrap_err();
    assert!(e.to_string().contains("not a detail of a person"), "{e}");
    platoon
        .store
        .keep_detail(Entity::Person, "kz100001", "rank", BY)
        .unwrap();
    let kept = bundle(&mut platoon);
    for s in [&mut hq, &mut third] {
        let r = import(s, &kept, false).unwrap();
        assert!(fields(&r).is_empty(), "{:?}", r.added.decided);
    }
    for s in [&hq, &platoon, &third] {
        assert!(
            sync::detail_conflicts(&s.store, false).unwrap().is_empty(),
            "{}",
            s.name
        );
        assert_eq!(s.store.person("KZ100001").unwrap().rank, rank, "{}", s.name);
        assert!(muster::check::check_store(&s.store).unwrap().ok());
    }
    assert_eq!(listed(&hq), listed(&platoon));
    assert_eq!(listed(&hq), listed(&third));
}

/// A module and a contingent set up under one code on two laptops before they exchanged:
/// one row each everywhere, the later creation's details counting, and each group of
/// details that differs listed on every laptop, the one that counts marked, until a person
/// edits it (the pass mark and the dates of the other laptop are not lost without a word).
/// HQ changes BFAC's validity and ROE's pass mark; a platoon laptop is set up afterwards
/// (its default curriculum seeded then) and receives HQ's bundle: HQ's changes hold there,
/// and back at HQ after the platoon's bundle, with nothing listed as set differently. Every
/// laptop's default curriculum is one creation, earlier than anything done on purpose.
#[test]
fn the_default_curriculum_seeded_later_never_outranks_an_edit_made_earlier() {
    let mut hq = site(0);
    hq.store.seed_default_curriculum(BY).unwrap();
    let patch = |validity: Option<u32>, mark: Option<Option<f64>>| muster::domain::ModulePatch {
        validity_months: validity,
        pass_mark: mark,
        ..Default::default()
    };
    hq.store
        .change_module("BFAC", &patch(Some(6), None), BY)
        .unwrap();
    hq.store
        .change_module("ROE", &patch(None, Some(Some(80.0))), BY)
        .unwrap();
    std::thread::sleep(std::time::Duration::from_millis(5));
    let mut platoon = site(1);
    platoon.store.seed_default_curriculum(BY).unwrap();
    let down = bundle(&mut hq);
    let preview = import(&mut platoon, &down, true).unwrap();
    assert!(
        preview.added.decided.is_empty(),
        "{:?}",
        preview.added.decided
    );
    import(&mut platoon, &down, false).unwrap();
    let up = bundle(&mut platoon);
    import(&mut hq, &up, false).unwrap();
    for s in [&hq, &platoon] {
        assert_eq!(
            s.store.module("BFAC").unwrap().validity_months,
            Some(6),
            "{}",
            s.name
        );
        assert_eq!(
            s.store.module("ROE").unwrap().pass_mark,
            Some(80.0),
            "{}",
            s.name
        );
        assert!(
            sync::detail_conflicts(&s.store, true).unwrap().is_empty(),
            "{}",
            s.name
        );
    }
}

#[test]
fn a_module_and_a_contingent_added_on_two_laptops_differently_are_listed_everywhere() {
    let mut hq = site(0);
    let mut platoon = site(1);
    for s in [&mut hq, &mut platoon] {
        s.store.seed_default_curriculum(BY).unwrap();
    }
    let mine = |pass_mark: Option<f64>| muster::domain::Module {
        code: "MINE".into(),
        title: "Mine awareness".into(),
        title_ru: None,
        title_kk: None,
        per_rotation: true,
        validity_months: None,
        applies_to: vec![],
        hours: 6.0,
        pass_mark,
        retired: false,
    };
    hq.store.add_module(&mine(Some(60.0)), BY).unwrap();
    hq.store.add_contingent(&contingent(), BY).unwrap();
    std::thread::sleep(std::time::Duration::from_millis(5));
    platoon.store.add_module(&mine(None), BY).unwrap();
    let mut later = contingent();
    later.deploy_on = d("2025-05-05");
    platoon.store.add_contingent(&later, BY).unwrap();
    let (up, down) = (bundle(&mut platoon), bundle(&mut hq));
    // The preview says so before anything is written.
    let preview = import(&mut hq, &up, true).unwrap();
    let said: Vec<(String, String, String)> = preview
        .added
        .decided
        .iter()
        .map(|d| (d.entity.clone(), d.key.clone(), d.field.clone()))
        .collect();
    assert_eq!(
        said,
        [
            (
                "contingent".to_string(),
                CODE.to_string(),
                "dates".to_string()
            ),
            ("module".into(), "MINE".into(), "pass_mark".into())
        ]
    );
    import(&mut hq, &up, false).unwrap();
    import(&mut platoon, &down, false).unwrap();
    let listed =
        |s: &Site| serde_json::to_string(&sync::detail_conflicts(&s.store, true).unwrap()).unwrap();
    assert_eq!(listed(&hq), listed(&platoon));
    let open = sync::detail_conflicts(&hq.store, false).unwrap();
    let what: Vec<(&str, &str, &str)> = open
        .iter()
        .map(|c| (c.entity.as_str(), c.key.as_str(), c.field.as_str()))
        .collect();
    assert_eq!(
        what,
        [
            ("contingent", CODE, "dates"),
            ("module", "MINE", "pass_mark")
        ]
    );
    for c in &open {
        assert!(c.added);
        assert_eq!(c.edits.iter().filter(|e| e.wins).count(), 1, "{c:?}");
        assert!(
            c.edits.last().unwrap().wins,
            "the later creation counts: {c:?}"
        );
    }
    assert_eq!(hq.store.module("MINE").unwrap().pass_mark, None);
    // The pass mark is looked at and set again: settled everywhere; the dates stay listed.
    hq.store
        .change_module(
            "MINE",
            &muster::domain::ModulePatch {
                pass_mark: Some(Some(60.0)),
                ..Default::default()
            },
            BY,
        )
        .unwrap();
    let settle = bundle(&mut hq);
    import(&mut platoon, &settle, false).unwrap();
    for s in [&hq, &platoon] {
        let open: Vec<String> = sync::detail_conflicts(&s.store, false)
            .unwrap()
            .into_iter()
            .map(|c| c.field)
            .collect();
        assert_eq!(open, ["dates"], "{}", s.name);
        assert!(muster::check::check_store(&s.store).unwrap().ok());
    }
}

/// One soldier taken off a roster on two laptops, each with its own reason, before they
/// exchange: the later removal counts on every laptop, whichever bundle arrives first.
#[test]
fn a_soldier_taken_off_on_two_laptops_reads_the_same_everywhere() {
    for hq_first in [true, false] {
        let mut hq = site(0);
        let mut platoon = site(1);
        hq.store.seed_default_curriculum(BY).unwrap();
        hq.store.add_contingent(&contingent(), BY).unwrap();
        add_people(&mut hq.store, &people()[..2]);
        let first = bundle(&mut hq);
        platoon.store.seed_default_curriculum(BY).unwrap();
        import(&mut platoon, &first, false).unwrap();
        let (a, b) = if hq_first {
            (&mut hq, &mut platoon)
        } else {
            (&mut platoon, &mut hq)
        };
        a.store
            .take_off_roster("KZ100001", CODE, BY, "medically unfit")
            .unwrap();
        b.store
            .take_off_roster("KZ100001", CODE, BY, "replaced")
            .unwrap();
        let (up, down) = (bundle(&mut platoon), bundle(&mut hq));
        import(&mut hq, &up, false).unwrap();
        import(&mut platoon, &down, false).unwrap();
        let off = |s: &Site| {
            let o = s.store.off_roster(CODE).unwrap();
            assert_eq!(o.len(), 1, "{}", s.name);
            (o[0].ended_at.clone(), o[0].reason.clone())
        };
        assert_eq!(off(&hq), off(&platoon), "hq first: {hq_first}");
        assert_eq!(off(&hq).1, "replaced", "the later removal counts");
        assert_eq!(
            canonical(hq.store.sync_records().unwrap()),
            canonical(platoon.store.sync_records().unwrap())
        );
    }
}

/// A dry run says which corrections the import would bring into conflict, as the import
/// then lists them.
#[test]
fn a_dry_run_says_how_many_records_it_would_leave_corrected_differently() {
    let mut hq = small();
    let mut platoon = site(1);
    let first = bundle(&mut hq);
    platoon.store.seed_default_curriculum(BY).unwrap();
    import(&mut platoon, &first, false).unwrap();
    let id = hq.store.history("KZ100001").unwrap()[0].attempt.id.clone();
    let patch = |score| AttemptPatch {
        score: Some(Some(score)),
        ..Default::default()
    };
    hq.store.amend(&id, &patch(80.0), BY, "HQ's sheet").unwrap();
    platoon
        .store
        .amend(&id, &patch(90.0), BY, "the platoon's sheet")
        .unwrap();
    let up = bundle(&mut platoon);
    let dry = import(&mut hq, &up, true).unwrap();
    assert_eq!(dry.added.contested, 1);
    assert!(
        sync::conflicts(&hq.store, false).unwrap().is_empty(),
        "a dry run writes nothing"
    );
    let real = import(&mut hq, &up, false).unwrap();
    assert_eq!(real.added.contested, 1);
    assert_eq!(sync::conflicts(&hq.store, false).unwrap().len(), 1);
    // Received again, nothing new is contested.
    assert_eq!(import(&mut hq, &up, false).unwrap().added.contested, 0);
}

/// Two laptops decide on the same day before hearing of each other: "not validated" on
/// HQ, then "validated" on the team's laptop. Once exchanged, both number and order the
/// decisions alike, and the report of that day prints the later one on both, whichever
/// reached each file first.
#[test]
fn decisions_taken_apart_are_numbered_alike_and_the_later_one_is_printed_everywhere() {
    let mut hq = site(0);
    let mut team = site(1);
    hq.store.seed_default_curriculum(BY).unwrap();
    hq.store.add_contingent(&contingent(), BY).unwrap();
    add_people(&mut hq.store, &people()[..4]);
    let first = bundle(&mut hq);
    team.store.seed_default_curriculum(BY).unwrap();
    import(&mut team, &first, false).unwrap();
    let decide = |s: &mut Site, decision: Decision, notes: &str| {
        muster::signoff::validate(
            &mut s.store,
            CODE,
            &NewValidation {
                as_of: as_of(),
                team: "INDBATT validation team".into(),
                validator: "Lt Col R. Sharma".into(),
                decision,
                notes: notes.into(),
            },
            BY,
        )
        .unwrap()
    };
    let not = decide(&mut hq, Decision::NotValidated, "ROE gaps");
    std::thread::sleep(std::time::Duration::from_millis(5));
    let yes = decide(&mut team, Decision::Validated, "gaps closed");
    assert_eq!((not.id, yes.id), (1, 1), "each laptop's first decision");
    let up = bundle(&mut team);
    import(&mut hq, &up, false).unwrap();
    let down = bundle(&mut hq);
    import(&mut team, &down, false).unwrap();
    for s in [&hq, &team] {
        let listed: Vec<_> = s
            .store
            .validations(CODE)
            .unwrap()
            .into_iter()
            .map(|v| (v.id, v.decision))
            .collect();
        assert_eq!(
            listed,
            [(1, Decision::NotValidated), (2, Decision::Validated)],
            "{}",
            s.name
        );
        let printed = muster::signoff::report_for(&s.store, CODE, as_of())
            .unwrap()
            .validation
            .unwrap();
        assert_eq!(
            (printed.id, printed.decision, printed.sha256.as_str()),
            (2, Decision::Validated, yes.report_sha256.as_str()),
            "{}",
            s.name
        );
    }
}

/// The conflict lists name another laptop as the user trusted its key (as the peers list
/// and the dashboard do), not by the name its owner signs with (often the default
/// "Muster installation", alike on every unnamed laptop); before any trust, by that name.
#[test]
fn other_laptops_are_named_in_the_lists_as_their_keys_were_trusted() {
    let mut hq = site(0);
    let mut platoon = site(1);
    hq.store.seed_default_curriculum(BY).unwrap();
    hq.store.add_contingent(&contingent(), BY).unwrap();
    let b = bundle(&mut hq);
    platoon.store.seed_default_curriculum(BY).unwrap();
    // `support::sites::import` trusts the sender as "key NAME".
    import(&mut platoon, &b, false).unwrap();
    let known = sync::installations(&platoon.store).unwrap();
    assert_eq!(
        known.names.values().collect::<Vec<_>>(),
        ["key site 0"],
        "as trusted, not as signed ({:?})",
        known.names
    );
}

/// A laptop whose owner never named its key signs as "Muster installation", like every
/// such laptop: the preview says the name is no name, so the screen asks for one rather
/// than offering that to trust the key by.
#[test]
fn a_bundle_from_an_unnamed_laptop_says_its_name_is_none() {
    let mut hq = site(0);
    hq.store.seed_default_curriculum(BY).unwrap();
    hq.store.add_contingent(&contingent(), BY).unwrap();
    let mut platoon = site(1);
    platoon.store.seed_default_curriculum(BY).unwrap();
    let named = bundle(&mut hq);
    let preview = import(&mut platoon, &named, true).unwrap();
    assert!(preview.sender_named);
    hq.key = muster::signing::InstallationKey::from_seed([9; 32], muster::signing::key::UNNAMED);
    let unnamed = bundle(&mut hq);
    let preview = import(&mut platoon, &unnamed, true).unwrap();
    assert!(!preview.sender_named);
}

/// One soldier under two numbers on the rosters of two rotations whose training and tours
/// overlap is most likely one soldier entered twice, not two soldiers: the pair stays
/// listed (a bundle's import points to the list, which must not say there is none) until
/// one of the rotations is archived.
#[test]
fn look_alike_numbers_on_overlapping_rotations_stay_listed() {
    let mut hq = site(0);
    hq.store.seed_default_curriculum(BY).unwrap();
    hq.store.add_contingent(&contingent(), BY).unwrap();
    add_people(&mut hq.store, &people()[..1]);
    let mut other = site(1);
    other.store.seed_default_curriculum(BY).unwrap();
    let first = bundle(&mut hq);
    import(&mut other, &first, false).unwrap();
    let next = muster::domain::Contingent {
        code: "KAZBAT-4B".into(),
        training_start: d("2025-09-01"),
        deploy_on: d("2025-12-01"),
        tour_months: 1,
        ..contingent()
    };
    other.store.add_contingent(&next, BY).unwrap();
    let twin = "KZ-100002";
    let mut p = people()[1].clone();
    p.service_number = twin.into();
    {
        let mut w = other.store.writer().unwrap();
        let cid = w.contingent_id("KAZBAT-4B").unwrap().unwrap();
        let (pid, _) = w.upsert_person(&p, BY).unwrap();
        w.assign(pid, cid, BY).unwrap();
        w.commit().unwrap();
    }
    // HQ's own soldier of that number, on its rotation, entered before it heard.
    add_people(&mut hq.store, &people()[1..2]);
    // The other laptop sets up a rotation that overlaps HQ's, with the soldier under a
    // number of its own; HQ receives it.
    let r = import(&mut hq, &bundle(&mut other), false).unwrap();
    assert_eq!(r.added.look_alikes.len(), 1, "{:?}", r.added);
    let open = sync::look_alikes(&hq.store, false).unwrap();
    assert_eq!(open.len(), 1, "listed where the import points: {open:?}");
    assert!(!open[0].settled);
    // Archived, the other rotation is history: the pair is no longer weighed.
    hq.store
        .archive_contingent("KAZBAT-4B", BY, "entered by mistake")
        .unwrap();
    assert!(sync::look_alikes(&hq.store, false).unwrap().is_empty());
    let all = sync::look_alikes(&hq.store, true).unwrap();
    assert!(all.len() == 1 && all[0].settled, "{all:?}");
}

/// A report signed by an unknown key under the name a laptop heard from signs its bundles
/// with is refused, even when this laptop trusts that laptop under another name (the
/// README's own example: trusted as "KAZBAT-4 HQ", calling itself "KAZBAT-4 training
/// office"); it used to pass as merely unknown.
#[test]
fn a_report_under_the_name_a_peer_signs_with_is_refused_from_another_key() {
    use muster::signing::{Format, InstallationKey};
    let mut hq = site(0);
    hq.store.seed_default_curriculum(BY).unwrap();
    hq.store.add_contingent(&contingent(), BY).unwrap();
    add_people(&mut hq.store, &people()[..3]);
    let mut validator = site(1);
    let b = bundle(&mut hq);
    import(&mut validator, &b, false).unwrap();
    let r = muster::report::build(&validator.store, CODE, as_of()).unwrap();
    let forged = muster::report::issue(
        &r,
        Format::Json,
        muster::domain::Lang::En,
        &Default::default(),
        &InstallationKey::from_seed([99; 32], &hq.name),
        &validator.store.database_id().unwrap(),
    )
    .unwrap();
    let e = muster::signoff::verify(&validator.store, &forged, Some(&validator.key)).unwrap_err();
    assert!(
        matches!(e.problem(), Problem::SignerNameTaken { ref known, .. } if *known == hq.key.fingerprint().short()),
        "{e}"
    );
    // The genuine key under its own name still verifies.
    let genuine = muster::report::issue(
        &r,
        Format::Json,
        muster::domain::Lang::En,
        &Default::default(),
        &hq.key,
        &validator.store.database_id().unwrap(),
    )
    .unwrap();
    assert!(muster::signoff::verify(&validator.store, &genuine, Some(&validator.key)).is_ok());
}

/// Every laptop whose key was never named signs as "Muster installation": `--for` that
/// name, when two such laptops were heard from, is refused naming both by fingerprint
/// (it used to pick one, and the bundle was refused where it was carried). The name this
/// laptop trusts each by, or a fingerprint, picks one.
#[test]
fn a_bundle_for_a_name_two_laptops_answer_to_is_refused_naming_both() {
    let mut hq = small();
    let unnamed = muster::signing::key::UNNAMED;
    let dir = tempfile::tempdir().unwrap();
    let mut keys = Vec::new();
    for (seed, trusted_as) in [(91u8, "1st platoon"), (92, "2nd platoon")] {
        let mut s = site(seed);
        s.key = muster::signing::InstallationKey::from_seed([seed; 32], unnamed);
        s.store.seed_default_curriculum(BY).unwrap();
        let b = sync::export(&s.store, &s.key).unwrap().bytes;
        let opened = sync::open("b.muster", &b).unwrap();
        sync::receive(
            &mut hq.store,
            &opened,
            &ImportOptions {
                dry_run: false,
                trust: Some(trusted_as),
                by: "HQ",
                own: Some(hq.key.fingerprint()),
            },
        )
        .unwrap();
        keys.push(s.key.fingerprint().short());
    }
    let out = dir.path().join("for.muster");
    let e = sync::export_to(&hq.store, &hq.key, &out, Some("muster installation")).unwrap_err();
    match e.problem() {
        Problem::AmbiguousPeer { candidates, .. } => {
            for k in &keys {
                assert!(candidates.contains(k.as_str()), "{candidates}");
            }
        }
        other => panic!("{other:?}"),
    }
    assert!(!out.exists());
    sync::export_to(&hq.store, &hq.key, &out, Some("2nd platoon")).unwrap();
    sync::export_to(&hq.store, &hq.key, &out, Some(&keys[0])).unwrap();
}

/// A key never seen, calling itself by the name a laptop known here signs with: its
/// refusal says whose name that is (it used to read as any unknown key), and its dry run
/// warns before anyone trusts it.
#[test]
fn an_unknown_key_under_a_known_laptops_name_is_said_to_be_not_that_laptop() {
    let mut hq = small();
    let mut platoon = site(1);
    platoon.store.seed_default_curriculum(BY).unwrap();
    let b = bundle(&mut platoon);
    import(&mut hq, &b, false).unwrap();
    let mut rogue = site(7);
    rogue.key = muster::signing::InstallationKey::from_seed([7; 32], "site 1");
    rogue.store.seed_default_curriculum(BY).unwrap();
    let b = sync::export(&rogue.store, &rogue.key).unwrap().bytes;
    let opened = sync::open("b.muster", &b).unwrap();
    let how = |dry_run| ImportOptions {
        dry_run,
        trust: None,
        by: "HQ",
        own: Some(hq.key.fingerprint()),
    };
    let known = platoon.key.fingerprint().short();
    let dry = sync::receive(&mut hq.store, &opened, &how(true)).unwrap();
    assert_eq!(dry.name_of_another.as_deref(), Some(known.as_str()));
    let e = sync::receive(&mut hq.store, &opened, &how(false)).unwrap_err();
    assert!(
        matches!(e.problem(), Problem::UnknownSenderNameTaken { known: ref k, .. } if *k == known),
        "{e}"
    );
}

/// Two laptops edit one detail apart; one keeps the value that counts (`sync keep`). The
/// other, receiving that settlement, is not told again that the field was "set differently
/// on two installations": the list has it settled, and so does the receipt.
#[test]
fn a_settlement_arriving_is_not_announced_as_a_new_disagreement() {
    let mut hq = small();
    let mut platoon = site(1);
    platoon.store.seed_default_curriculum(BY).unwrap();
    let first = bundle(&mut hq);
    import(&mut platoon, &first, false).unwrap();
    let unit = |u: &str| PersonPatch {
        unit: Some(u.into()),
        ..PersonPatch::default()
    };
    hq.store
        .edit_person("KZ100001", &unit("2 взвод"), BY)
        .unwrap();
    std::thread::sleep(std::time::Duration::from_millis(3));
    platoon
        .store
        .edit_person("KZ100001", &unit("3 взвод"), BY)
        .unwrap();
    let up = bundle(&mut platoon);
    let r = import(&mut hq, &up, false).unwrap();
    assert_eq!(r.added.decided.len(), 1, "the disagreement is said once");
    hq.store
        .keep_detail(Entity::Person, "KZ100001", "unit", BY)
        .unwrap();
    let down = bundle(&mut hq);
    let r = import(&mut platoon, &down, false).unwrap();
    assert!(r.added.decided.is_empty(), "{:?}", r.added.decided);
    assert!(sync::detail_conflicts(&platoon.store, false)
        .unwrap()
        .is_empty());
    assert_eq!(platoon.store.person("KZ100001").unwrap().unit, "3 взвод");
}
