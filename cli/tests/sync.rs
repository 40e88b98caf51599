//! `muster sync` as users run it: three laptops, each with its own database and its own
//! key, exchange bundle files in different orders and twice, and end with the same
//! readiness; a changed byte, an unknown key or a newer format imports nothing.

#[path = "../../tests/support/mod.rs"]
mod support;

use std::path::{Path, PathBuf};

use support::cli::{muster, Muster};

/// One installation: its app-data folder (its own signing key) and its database.
struct Laptop {
    dir: tempfile::TempDir,
    name: &'static str,
}

impl Laptop {
    fn new(name: &'static str) -> Laptop {
        let l = Laptop {
            dir: tempfile::tempdir().unwrap(),
            name,
        };
        l.ok(&["init"]);
        l.ok(&["key", "name", name]);
        l
    }

    fn db(&self) -> PathBuf {
        self.dir.path().join("muster.sqlite3")
    }

    fn file(&self, name: &str) -> PathBuf {
        self.dir.path().join(name)
    }

    /// `muster` as this laptop's operator, on its database and with its key.
    fn muster(&self) -> Muster {
        muster(self.db())
            .data_dir(self.dir.path().join("app-data"))
            .by(self.name)
    }

    fn ok(&self, args: &[&str]) -> String {
        self.muster().ok(args)
    }

    fn fails(&self, args: &[&str]) -> String {
        self.muster().fails(args)
    }

    fn export(&self, name: &str) -> PathBuf {
        let out = self.file(name);
        let said = self.ok(&["sync", "export", "--out", out.to_str().unwrap()]);
        assert!(said.starts_with("wrote "), "{said}");
        out
    }

    fn import(&self, bundle: &Path, trust: Option<&str>) -> String {
        let mut args = vec!["sync", "import", bundle.to_str().unwrap()];
        if let Some(t) = trust {
            args.extend(["--trust", t]);
        }
        self.ok(&args)
    }

    fn readiness(&self) -> String {
        self.ok(&[
            "readiness",
            support::CODE,
            "--as-of",
            "2021-06-01",
            "--format",
            "json",
        ])
    }

    fn check(&self) {
        let out = self.ok(&["check"]);
        assert!(out.starts_with("ok"), "{out}");
    }

    /// Every row of every table and the chain: whether anything at all was written.
    fn fingerprint(&self) -> String {
        let c = rusqlite::Connection::open(self.db()).unwrap();
        c.query_row(
            "SELECT count(*) || ':' || hex(max(hash)) FROM ledger",
            [],
            |r| r.get(0),
        )
        .unwrap()
    }
}

fn log(l: &Laptop, module: &str, date: &str, result: &str, who: &[&str]) -> String {
    let mut args = vec![
        "log", "--module", module, "--date", date, "--result", result,
    ];
    args.extend(who);
    let out = l.ok(&args);
    out.lines()
        .nth(1)
        .unwrap()
        .split_whitespace()
        .last()
        .unwrap()
        .to_string()
}

/// HQ makes the contingent and its roster; the platoons' laptops get them by bundle.
fn three_laptops() -> (Laptop, Laptop, Laptop) {
    let hq = Laptop::new("HQ");
    hq.ok(&[
        "contingent",
        "add",
        support::CODE,
        "--name",
        "4th rotation",
        "--mission",
        "UNIFIL",
        "--training-start",
        "11.01.2021",
        "--deploy-on",
        "2021-07-01",
    ]);
    let roster = support::fixture_file("sample_roster.csv");
    hq.ok(&[
        "import",
        "roster",
        roster.to_str().unwrap(),
        "--contingent",
        support::CODE,
    ]);
    let b = hq.export("hq0.muster");
    let p1 = Laptop::new("1st platoon");
    let p2 = Laptop::new("2nd platoon");
    for p in [&p1, &p2] {
        let out = p.import(&b, Some("HQ"));
        assert!(out.contains("trusted as \"HQ\""), "{out}");
        assert!(out.contains("added 5 people, 1 contingent,"), "{out}");
    }
    (hq, p1, p2)
}

#[test]
fn three_laptops_exchange_in_any_order_and_twice_and_agree() {
    let (hq, p1, p2) = three_laptops();
    // Each logs its own training; one corrects a record, one voids one.
    let a = log(&p1, "SEA", "10.09.2020", "pass", &["KZ100101", "KZ100102"]);
    p1.ok(&[
        "amend",
        &a,
        "--date",
        "2020-09-12",
        "--reason",
        "typo in date",
    ]);
    let b = log(&p2, "ROE", "2021-01-20", "pass", &["KZ100103", "KZ100104"]);
    log(&p2, "CULT", "2021-01-21", "fail", &["KZ100104"]);
    p2.ok(&["void", &b, "--reason", "wrong session"]);
    log(&hq, "POC", "2021-02-01", "pass", &["KZ100101", "KZ100105"]);

    // 1st platoon → HQ, 2nd → HQ; HQ → both; then everything again, in the other order.
    let e1 = p1.export("p1.muster");
    let e2 = p2.export("p2.muster");
    hq.import(&e1, Some("1st platoon"));
    hq.import(&e2, Some("2nd platoon"));
    let h = hq.export("hq1.muster");
    p2.import(&h, None);
    p1.import(&h, None);
    for (from, to) in [(&p2, &p1), (&p1, &p2), (&hq, &p2), (&p2, &hq), (&p1, &hq)] {
        let bundle = from.export(&format!("{}-{}.muster", from.name, to.name));
        let trust = format!("key of {}", from.name);
        // A key seen only through HQ so far still needs trust the first time.
        let known = to.ok(&["key", "list", "--format", "json"]);
        let needs = !known.contains(from.name) && from.name != "HQ";
        to.import(&bundle, needs.then_some(trust.as_str()));
    }
    // The same bundle twice: nothing new, nothing written.
    let before = p1.fingerprint();
    let again = p1.import(&h, None);
    assert!(again.contains("already received"), "{again}");
    assert_eq!(p1.fingerprint(), before);

    let r = hq.readiness();
    assert_eq!(p1.readiness(), r, "1st platoon");
    assert_eq!(p2.readiness(), r, "2nd platoon");
    // The readiness says what all three logged: the amendment, the voiding, HQ's POC.
    let json: serde_json::Value = serde_json::from_str(&r).unwrap();
    assert!(r.contains("POC") && r.contains("SEA"), "{r}");
    assert!(json["personnel"].as_array().unwrap().len() == 5);
    for l in [&hq, &p1, &p2] {
        l.check();
        let hist = l.ok(&["history", "KZ100101", "--format", "json"]);
        let hist: serde_json::Value = serde_json::from_str(&hist).unwrap();
        // SEA, its amendment, HQ's POC.
        assert_eq!(
            hist["records"].as_array().unwrap().len(),
            3,
            "{}: {hist}",
            l.name
        );
        let h103 = l.ok(&["history", "KZ100103"]);
        assert!(h103.contains("wrong session"), "{}: {h103}", l.name);
    }
    let peers = hq.ok(&["sync", "peers", "--format", "json"]);
    let peers: serde_json::Value = serde_json::from_str(&peers).unwrap();
    let names: Vec<&str> = peers
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["name"].as_str().unwrap())
        .collect();
    assert_eq!(names.len(), 2, "{peers}");
    assert!(names.contains(&"1st platoon") && names.contains(&"2nd platoon"));
    let table = hq.ok(&["sync", "peers"]);
    assert!(
        table.contains("1st platoon") && table.contains("2nd platoon"),
        "{table}"
    );
}

#[test]
fn a_changed_byte_an_unknown_key_and_a_dry_run_import_nothing() {
    let (hq, p1, _p2) = three_laptops();
    log(&hq, "POC", "2021-02-01", "pass", &["KZ100101"]);
    let bundle = hq.export("hq1.muster");
    let bytes = std::fs::read(&bundle).unwrap();
    let before = p1.fingerprint();
    for at in [
        0,
        40,
        bytes.len() / 3,
        bytes.len() / 2,
        bytes.len() - 140,
        bytes.len() - 1,
    ] {
        let mut bad = bytes.clone();
        bad[at] ^= 0x04;
        let path = p1.file("bad.muster");
        std::fs::write(&path, &bad).unwrap();
        let err = p1.fails(&["sync", "import", path.to_str().unwrap()]);
        assert!(err.contains("nothing was imported"), "byte {at}: {err}");
        assert_eq!(p1.fingerprint(), before, "byte {at}: nothing written");
    }

    // A laptop that has never seen HQ's key: refused without --trust, shown by a dry run.
    let stranger = Laptop::new("validation team");
    let before = stranger.fingerprint();
    let err = stranger.fails(&["sync", "import", bundle.to_str().unwrap()]);
    let hq_key = hq.ok(&["key", "show"]);
    let fp = hq_key
        .lines()
        .next()
        .unwrap()
        .trim_start_matches("fingerprint:")
        .trim();
    assert!(err.contains(fp) && err.contains("--trust NAME"), "{err}");
    let dry = stranger.ok(&["sync", "import", bundle.to_str().unwrap(), "--dry-run"]);
    assert!(
        dry.contains("NOT trusted") && dry.contains("would add 5 people"),
        "{dry}"
    );
    assert!(dry.contains("dry run: nothing was written"), "{dry}");
    assert_eq!(stranger.fingerprint(), before, "a dry run writes nothing");
    let json = stranger.ok(&[
        "sync",
        "import",
        bundle.to_str().unwrap(),
        "--trust",
        "KAZBAT-4 HQ",
        "--format",
        "json",
    ]);
    let v: serde_json::Value = serde_json::from_str(&json).unwrap();
    assert_eq!(v["trusted_as"], "KAZBAT-4 HQ");
    assert_eq!(v["added"]["people"], 5);
    assert_eq!(v["added"]["records"], 1);
    assert_eq!(stranger.readiness(), hq.readiness());
    stranger.check();
    // Trusted already, the key keeps its name: another --trust NAME is said to change nothing.
    let again = stranger.ok(&[
        "sync",
        "import",
        bundle.to_str().unwrap(),
        "--trust",
        "HQ laptop",
    ]);
    assert!(
        again.contains("note: this key is already trusted as \"KAZBAT-4 HQ\"; --trust \"HQ laptop\" changed nothing"),
        "{again}"
    );

    // Not a bundle at all; the database as its output: refused in one line.
    let csv = p1.file("roster.csv");
    std::fs::write(&csv, "service_number;family_name\n").unwrap();
    let err = p1.fails(&["sync", "import", csv.to_str().unwrap()]);
    assert!(err.contains("not a Muster sync bundle"), "{err}");
    let db = p1.db();
    let err = p1.fails(&["sync", "export", "--out", db.to_str().unwrap()]);
    assert!(err.contains("never writes over a database"), "{err}");
    p1.check();
}

/// The status of one person in one module, from `readiness --format json`.
fn status(readiness: &str, sn: &str, module: &str) -> String {
    let v: serde_json::Value = serde_json::from_str(readiness).unwrap();
    let p = v["personnel"]
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["service_number"] == sn)
        .unwrap();
    p["modules"][module]["status"].as_str().unwrap().to_string()
}

/// The same person, module and day logged on two laptops: after they exchange, both ways,
/// the one entered later decides on both (the order of entry they agree on, not the order
/// each received the records in).
#[test]
fn the_same_day_logged_on_two_laptops_is_decided_alike_on_both() {
    let (_hq, p1, p2) = three_laptops();
    // ROE: a pass on the 1st platoon's laptop, then a fail on the 2nd's.
    log(&p1, "ROE", "2021-05-01", "pass", &["KZ100101"]);
    log(&p2, "ROE", "2021-05-01", "fail", &["KZ100101"]);
    // SEA: the other way round.
    log(&p2, "SEA", "2021-05-01", "fail", &["KZ100101"]);
    log(&p1, "SEA", "2021-05-01", "pass", &["KZ100101"]);
    assert_eq!(status(&p1.readiness(), "KZ100101", "ROE"), "complete");
    assert_eq!(status(&p2.readiness(), "KZ100101", "ROE"), "failed");

    let e1 = p1.export("p1.muster");
    let e2 = p2.export("p2.muster");
    p2.import(&e1, Some("1st platoon"));
    p1.import(&e2, Some("2nd platoon"));
    let (r1, r2) = (p1.readiness(), p2.readiness());
    assert_eq!(r1, r2, "both laptops compute the same readiness");
    assert_eq!(status(&r1, "KZ100101", "ROE"), "failed", "entered last");
    assert_eq!(status(&r1, "KZ100101", "SEA"), "complete", "entered last");
    for l in [&p1, &p2] {
        l.check();
        // All four records on both.
        let hist = l.ok(&["history", "KZ100101", "--format", "json"]);
        assert_eq!(
            serde_json::from_str::<serde_json::Value>(&hist).unwrap()["records"]
                .as_array()
                .unwrap()
                .len(),
            4,
            "{hist}"
        );
    }
    // The history lists the four records of that day in the same order on both.
    assert_eq!(
        p1.ok(&["history", "KZ100101", "--format", "json"]),
        p2.ok(&["history", "KZ100101", "--format", "json"])
    );
    // Again, in the other order and once more: nothing changes.
    p1.import(&p2.export("p2b.muster"), None);
    p2.import(&p1.export("p1b.muster"), None);
    assert_eq!(p1.readiness(), r1);
    assert_eq!(p2.readiness(), r1);
}

/// One record amended on one laptop and amended differently on another, then voided on a
/// third: `muster sync conflicts` lists it the same on all three (JSON), the latest
/// correction counts, and amending that one settles it everywhere once it has travelled.
#[test]
fn a_record_corrected_on_three_laptops_is_listed_alike_and_settled_by_amending_what_counts() {
    let (hq, p1, p2) = three_laptops();
    let id = log(&p1, "ROE", "2021-05-01", "pass", &["KZ100101"]);
    let e1 = p1.export("p1.muster");
    hq.import(&e1, Some("1st platoon"));
    p2.import(&e1, Some("1st platoon"));
    let pause = || std::thread::sleep(std::time::Duration::from_millis(3));
    p1.ok(&[
        "amend",
        &id,
        "--result",
        "fail",
        "--reason",
        "failed on review",
    ]);
    pause();
    hq.ok(&["void", &id, "--reason", "wrong soldier"]);
    pause();
    p2.ok(&["amend", &id, "--date", "2021-05-02", "--reason", "date"]);
    for l in [&hq, &p1, &p2] {
        assert_eq!(l.ok(&["sync", "conflicts"]), "no conflicting corrections\n");
    }
    let everyone = |round: &str| {
        for (from, to) in [(&p1, &hq), (&p2, &hq), (&hq, &p1), (&hq, &p2)] {
            let b = from.export(&format!("{round}-{}-{}.muster", from.name, to.name));
            let known = to.ok(&["key", "list", "--format", "json"]);
            let needs = !known.contains(from.name) && from.name != "HQ";
            let trust = format!("key of {}", from.name);
            to.import(&b, needs.then_some(trust.as_str()));
        }
    };
    everyone("a");
    let json = hq.ok(&["sync", "conflicts", "--format", "json"]);
    for l in [&p1, &p2] {
        assert_eq!(
            l.ok(&["sync", "conflicts", "--format", "json"]),
            json,
            "{}",
            l.name
        );
        l.check();
    }
    let v: serde_json::Value = serde_json::from_str(&json).unwrap();
    assert_eq!(v.as_array().unwrap().len(), 1, "{json}");
    // The history says of p1's amendment that it was overruled (p2's counts), not that
    // p2's amendment "amended" it: that one corrects the original.
    let history = hq.ok(&["history", "KZ100101"]);
    assert!(
        history.contains("overruled: ") && history.contains("counts (corrected on two laptops)"),
        "{history}"
    );
    let c = &v[0];
    // `log` prints the short form; the list has the full id.
    assert!(c["record"].as_str().unwrap().ends_with(&id), "{json}");
    assert_eq!(c["service_number"], "KZ100101");
    assert_eq!(c["module"], "ROE");
    let kinds: Vec<(&str, bool)> = c["corrections"]
        .as_array()
        .unwrap()
        .iter()
        .map(|k| (k["kind"].as_str().unwrap(), k["wins"].as_bool().unwrap()))
        .collect();
    assert_eq!(
        kinds,
        [
            ("amendment", false),
            ("voiding", false),
            ("amendment", true)
        ]
    );
    let winner = c["winner"].as_str().unwrap().to_string();
    // The 2nd platoon's amendment (a pass, a day later) counts on every laptop.
    for l in [&hq, &p1, &p2] {
        assert_eq!(
            status(&l.readiness(), "KZ100101", "ROE"),
            "complete",
            "{}",
            l.name
        );
    }
    let text = p1.ok(&["sync", "conflicts"]);
    assert!(
        text.contains("KZ100101") && text.contains("COUNTS"),
        "{text}"
    );
    assert!(
        text.contains("on HQ") && text.contains("this installation"),
        "{text}"
    );
    assert!(text.contains("1 to settle"), "{text}");

    // HQ settles it: the fail was right; it amends the record that counts.
    hq.ok(&[
        "amend",
        &winner,
        "--result",
        "fail",
        "--reason",
        "settling: failed on review",
    ]);
    assert_eq!(
        hq.ok(&["sync", "conflicts"]),
        "no conflicting corrections\n"
    );
    everyone("b");
    for l in [&hq, &p1, &p2] {
        assert_eq!(
            l.ok(&["sync", "conflicts"]),
            "no conflicting corrections\n",
            "{}",
            l.name
        );
        let all = l.ok(&["sync", "conflicts", "--all", "--format", "json"]);
        assert!(all.contains("\"settled\": true"), "{all}");
        assert_eq!(
            status(&l.readiness(), "KZ100101", "ROE"),
            "failed",
            "{}",
            l.name
        );
        l.check();
    }
}

/// The same soldier moved to two platoons on two laptops before they exchanged bundles:
/// both end with the later move, the import says so, `sync conflicts` lists the field with
/// both values and the one that counts, and moving him again settles it everywhere.
#[test]
fn a_detail_edited_on_two_laptops_is_listed_and_settled_by_editing_it_again() {
    let (hq, p1, _p2) = three_laptops();
    let sn = "KZ100102";
    hq.ok(&["person", "edit", sn, "--unit", "2 взвод"]);
    std::thread::sleep(std::time::Duration::from_millis(5));
    p1.ok(&[
        "person",
        "edit",
        sn,
        "--unit",
        "3 взвод",
        "--rank",
        "сержант",
    ]);
    let from_hq = hq.export("hq1.muster");
    let from_p1 = p1.export("p1-1.muster");
    let said = hq.import(&from_p1, Some("1st platoon"));
    assert!(said.contains("added 2 edits of details"), "{said}");
    assert!(
        said.contains(&format!(
            "set differently on two installations: person {sn} unit: «2 взвод» → «3 взвод» (edited from the same value on two installations, or added with different details; the later counts)"
        )),
        "{said}"
    );
    assert!(
        said.ends_with("1 detail edited differently on two installations: see `muster sync conflicts --details`\n"),
        "{said}"
    );
    p1.import(&from_hq, Some("HQ"));
    for l in [&hq, &p1] {
        let show = l.ok(&["person", "show", sn]);
        assert!(
            show.contains("3 взвод") && show.contains("сержант"),
            "{}: {show}",
            l.name
        );
        l.check();
    }
    // The list is the same on both but for how each names the other installation.
    let list = hq.ok(&["sync", "conflicts", "--details"]);
    let lines: Vec<&str> = list.lines().collect();
    assert_eq!(
        lines[0],
        format!("person {sn} Жолдасбаев Бауыржан · unit (was 1 взвод)")
    );
    assert!(
        lines[1].starts_with("         2 взвод — by HQ at "),
        "{list}"
    );
    assert!(lines[1].ends_with(", on this installation"), "{list}");
    assert!(
        lines[2].starts_with("  COUNTS 3 взвод — by 1st platoon at "),
        "{list}"
    );
    assert!(lines[2].ends_with(", on 1st platoon"), "{list}");
    assert_eq!(
        lines[3],
        "1 to settle: check the value that COUNTS; edit the field again if it is wrong, keep it if it is right (`muster sync keep ENTITY KEY FIELD`)"
    );
    let json = |l: &Laptop, all: bool| {
        let mut args = vec!["sync", "conflicts", "--details", "--format", "json"];
        if all {
            args.push("--all");
        }
        let v: serde_json::Value = serde_json::from_str(&l.ok(&args)).unwrap();
        v
    };
    assert_eq!(json(&hq, false), json(&p1, false));
    assert_eq!(json(&hq, false)[0]["edits"][1]["wins"], true);
    // The plain list ends with the details after the records' conflicts.
    let both = hq.ok(&["sync", "conflicts"]);
    assert!(
        both.starts_with("no conflicting corrections\n\nperson "),
        "{both}"
    );

    // HQ moves him back to the 2nd platoon, having seen the 3rd: settled on both.
    hq.ok(&["person", "edit", sn, "--unit", "2 взвод"]);
    p1.import(&hq.export("hq2.muster"), None);
    for l in [&hq, &p1] {
        assert_eq!(
            l.ok(&["sync", "conflicts", "--details"]),
            "no details edited differently\n"
        );
        assert_eq!(json(l, true)[0]["settled"], true, "{}", l.name);
        assert!(l.ok(&["person", "show", sn]).contains("2 взвод"));
    }
}

/// A detail edited differently whose value that counts is right is kept as it reads with
/// `sync keep`: nothing changes, and it is settled on both laptops; a field a person does
/// not have is refused naming those it has.
#[test]
fn a_detail_edited_on_two_laptops_is_settled_by_keeping_the_value_that_counts() {
    let (hq, p1, _p2) = three_laptops();
    let sn = "KZ100102";
    hq.ok(&["person", "edit", sn, "--unit", "2 взвод"]);
    std::thread::sleep(std::time::Duration::from_millis(5));
    p1.ok(&["person", "edit", sn, "--unit", "3 взвод"]);
    hq.import(&p1.export("p1.muster"), Some("1st platoon"));
    p1.import(&hq.export("hq.muster"), Some("HQ"));
    assert!(hq.ok(&["sync", "conflicts", "--details"]).contains("unit"));
    let e = p1.fails(&["sync", "keep", "person", sn, "boots"]);
    assert!(
        e.contains("boots is not a detail of a person (one of: family_name"),
        "{e}"
    );
    let said = p1.ok(&["sync", "keep", "person", sn, "unit"]);
    assert!(
        said.starts_with(&format!("kept person {sn}'s unit as it reads")),
        "{said}"
    );
    hq.import(&p1.export("p1-kept.muster"), None);
    for l in [&hq, &p1] {
        assert_eq!(
            l.ok(&["sync", "conflicts", "--details"]),
            "no details edited differently\n",
            "{}",
            l.name
        );
        assert!(
            l.ok(&["person", "show", sn]).contains("3 взвод"),
            "{}",
            l.name
        );
        assert!(l.ok(&["audit"]).contains("keep"), "{}", l.name);
        l.check();
    }
}

/// A rotation's dates travel as one group: HQ moves the deployment day, a platoon laptop
/// (not yet aware) corrects only the training start, later. The platoon's group counts,
/// carrying the deployment day it found; the list says which dates each edit left as they
/// were, so no one reads the old deployment day as the platoon's choice.
#[test]
fn dates_edited_apart_say_which_dates_each_edit_left_as_they_were() {
    let (hq, p1, _p2) = three_laptops();
    hq.ok(&[
        "contingent",
        "edit",
        support::CODE,
        "--deploy-on",
        "2021-07-15",
    ]);
    std::thread::sleep(std::time::Duration::from_millis(5));
    p1.ok(&[
        "contingent",
        "edit",
        support::CODE,
        "--training-start",
        "2021-01-04",
    ]);
    hq.import(&p1.export("p1.muster"), Some("1st platoon"));
    let listed = hq.ok(&["sync", "conflicts", "--details"]);
    assert!(
        listed.contains("deploy_on: 2021-07-15, tour_months: 6 (unchanged), training_start: 2021-01-11 (unchanged) — by HQ"),
        "{listed}"
    );
    assert!(
        listed.contains("COUNTS deploy_on: 2021-07-01 (unchanged), tour_months: 6 (unchanged), training_start: 2021-01-04 — by 1st platoon"),
        "{listed}"
    );
}

/// `sync export --for PEER`: an installation never heard from is refused in one line; a
/// peer that has said it received the last bundle gets only what came since, and says so.
#[test]
fn a_bundle_for_one_platoon_carries_what_it_has_not_acknowledged() {
    let (hq, p1, p2) = three_laptops();
    let out = hq.file("p1.muster");
    let e = hq.fails(&[
        "sync",
        "export",
        "--out",
        out.to_str().unwrap(),
        "--for",
        "3 взвод",
    ]);
    assert_eq!(
        e,
        "muster: no bundle was received from an installation called \"3 взвод\": name one from `muster sync peers` (its name or fingerprint), or make a bundle for everyone"
    );
    assert!(!out.exists());
    // The platoon's bundle tells HQ it received HQ's first one.
    hq.import(&p1.export("p1-0.muster"), Some("1st platoon"));
    log(&hq, "ROE", "2021-03-01", "pass", &["KZ100101"]);
    let said = hq.ok(&[
        "sync",
        "export",
        "--out",
        out.to_str().unwrap(),
        "--for",
        "1st platoon",
    ]);
    assert!(
        said.starts_with(&format!(
            "wrote {}: for \"1st platoon\", what it has not acknowledged: 0 people, 0 contingents, ",
        out.display()
        )),
        "{said}"
    );
    assert!(
        said.contains(" 0 roster entries, 1 record, 0 voidings"),
        "{said}"
    );
    let got = p1.import(&out, None);
    assert!(got.contains("added 0 people, 0 contingents, 0 modules, 0 roster entries, 0 roster removals, 1 record,"), "{got}");
    assert_eq!(hq.readiness(), p1.readiness());
    // By fingerprint too (as `sync peers` lists it): the 2nd platoon said it received
    // HQ's first bundle, so it gets what came since.
    hq.import(&p2.export("p2-0.muster"), Some("2nd platoon"));
    let peers: serde_json::Value =
        serde_json::from_str(&hq.ok(&["sync", "peers", "--format", "json"])).unwrap();
    let fp = peers
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["name"] == "2nd platoon")
        .unwrap()["fingerprint"]
        .as_str()
        .unwrap()
        .to_string();
    let to_p2 = hq.file("p2.muster");
    let said = hq.ok(&[
        "sync",
        "export",
        "--out",
        to_p2.to_str().unwrap(),
        "--for",
        &fp,
    ]);
    assert!(
        said.contains("for \"2nd platoon\", what it has not acknowledged: 0 people"),
        "{said}"
    );
    p2.import(&to_p2, None);
    assert_eq!(hq.readiness(), p2.readiness());
}

/// A sheet read on the headquarters' laptop is in every platoon's import history and audit
/// log; a platoon undoes it (the sheet was of another company), and the undo reaches HQ:
/// the records are voided there too, and HQ's history says who undid it and why.
#[test]
fn a_sheet_read_at_hq_is_undone_on_a_platoons_laptop_and_the_undo_travels_back() {
    let (hq, p1, _) = three_laptops();
    let sheet = support::fixture_file("sample_completions.csv");
    let read = hq.ok(&["import", "completions", sheet.to_str().unwrap()]);
    assert!(read.contains("6 new records"), "{read}");
    let out = p1.import(&hq.export("hq1.muster"), None);
    assert!(
        out.contains("added 1 import of a file made elsewhere, 0 undone elsewhere"),
        "{out}"
    );
    let history: serde_json::Value =
        serde_json::from_str(&p1.ok(&["import", "history", "--format", "json"])).unwrap();
    let sheet_import = history
        .as_array()
        .unwrap()
        .iter()
        .find(|i| i["kind"] == "completions")
        .expect("HQ's import is in the platoon's history");
    assert_eq!(sheet_import["operator"], "HQ");
    assert_eq!(sheet_import["file_name"], "sample_completions.csv");
    let id = sheet_import["id"].as_i64().unwrap().to_string();
    let audit = p1.ok(&["audit"]);
    assert!(
        audit
            .lines()
            .any(|l| l.contains("HQ") && l.contains("import") && l.contains("completions")),
        "{audit}"
    );

    let undone = p1.ok(&[
        "import",
        "undo",
        &id,
        "--reason",
        "the sheet was of another company",
    ]);
    assert!(undone.contains("voided"), "{undone}");
    let back = hq.import(&p1.export("p1.muster"), Some("1st platoon"));
    assert!(back.contains("1 undone elsewhere"), "{back}");
    let history: serde_json::Value =
        serde_json::from_str(&hq.ok(&["import", "history", "--format", "json"])).unwrap();
    let at_hq = history
        .as_array()
        .unwrap()
        .iter()
        .find(|i| i["kind"] == "completions")
        .unwrap();
    assert_eq!(at_hq["undone_by"], "1st platoon");
    assert_eq!(at_hq["undo_reason"], "the sheet was of another company");
    // Both laptops count the same readiness: the sheet's records voided on both.
    assert_eq!(hq.readiness(), p1.readiness());
    hq.check();
    p1.check();
}

/// A wrong roster read at HQ moved a soldier to another platoon; a platoon undoes it. HQ's
/// dry run of the platoon's bundle names the detail the undo will put back, as it reads and
/// as it will, and writes nothing; the import then puts it back.
#[test]
fn a_dry_run_names_the_details_an_undo_made_elsewhere_will_put_back() {
    let (hq, p1, _) = three_laptops();
    let wrong = hq.file("wrong-roster.csv");
    std::fs::write(
        &wrong,
        "service_number;family_name;given_name;rank;category;gender;unit\n\
         KZ100103;Сейітова;Әсел;ефрейтор;enlisted;F;3 взвод\n",
    )
    .unwrap();
    let read = hq.ok(&[
        "import",
        "roster",
        wrong.to_str().unwrap(),
        "--contingent",
        support::CODE,
    ]);
    assert!(read.contains("KZ100103"), "{read}");
    p1.import(&hq.export("hq1.muster"), None);
    let history: serde_json::Value =
        serde_json::from_str(&p1.ok(&["import", "history", "--format", "json"])).unwrap();
    let id = history
        .as_array()
        .unwrap()
        .iter()
        .find(|i| i["file_name"] == "wrong-roster.csv")
        .expect("HQ's roster import is in the platoon's history")["id"]
        .as_i64()
        .unwrap()
        .to_string();
    // No reason given: the undo is said by the file and when it was read, which mean the
    // same on every laptop (this import is not #{id} on HQ's).
    p1.ok(&["import", "undo", &id]);
    let bundle = p1.export("p1.muster");
    let said = hq.ok(&[
        "sync",
        "import",
        bundle.to_str().unwrap(),
        "--dry-run",
        "--trust",
        "1st platoon",
    ]);
    assert!(
        said.contains("would change 1 detail held here")
            && said.contains("  person KZ100103 unit: «3 взвод» → «1 взвод»\n"),
        "{said}"
    );
    let unit = |l: &Laptop| -> String {
        let p: serde_json::Value =
            serde_json::from_str(&l.ok(&["person", "show", "KZ100103", "--format", "json"]))
                .unwrap();
        p["person"]["unit"].as_str().unwrap_or_default().to_string()
    };
    assert_eq!(unit(&hq), "3 взвод", "a dry run writes nothing");
    let got = hq.import(&bundle, Some("1st platoon"));
    assert!(got.contains("changed 1 detail held here"), "{got}");
    assert_eq!(unit(&hq), "1 взвод");
    let history: serde_json::Value =
        serde_json::from_str(&hq.ok(&["import", "history", "--format", "json"])).unwrap();
    let undone = history
        .as_array()
        .unwrap()
        .iter()
        .find(|i| i["file_name"] == "wrong-roster.csv")
        .unwrap();
    let reason = undone["undo_reason"].as_str().unwrap();
    assert!(
        reason.starts_with("undo of the import of wrong-roster.csv (")
            && reason.contains(undone["imported_at"].as_str().unwrap()),
        "{reason}"
    );
    hq.check();
}

/// The headquarters' file copied onto a platoon laptop: the copy takes an identity of its
/// own the first time it is written there, and says so, so each laptop's edits reach the
/// other (without it the headquarters takes the platoon's entries for its own and drops
/// them). A report validated at the headquarters still checks the records on the copy.
#[test]
fn a_database_file_copied_to_another_laptop_keeps_both_laptops_history() {
    let hq = Laptop::new("HQ");
    hq.ok(&["demo"]);
    let report = hq.file("report.json");
    hq.ok(&[
        "report",
        "DEMO",
        "--format",
        "json",
        "--out",
        report.to_str().unwrap(),
    ]);
    let platoon = Laptop::new("1st platoon");
    std::fs::copy(hq.db(), platoon.db()).unwrap();

    // Reading the copy leaves it as it is; the first write there takes the new identity.
    let before = std::fs::read(platoon.db()).unwrap();
    for read in [
        &["audit", "--limit", "3"][..],
        &["person", "show", "KZ200002"],
        &["readiness", "DEMO"],
        &["import", "history"],
        &["contingent", "list"],
        &["sync", "peers"],
        &["sync", "conflicts"],
        &["key", "list"],
    ] {
        platoon.ok(read);
        assert_eq!(std::fs::read(platoon.db()).unwrap(), before, "{read:?}");
    }
    let edit = platoon
        .muster()
        .run(&["person", "edit", "KZ200002", "--unit", "2 взвод"]);
    assert!(
        edit.status.success(),
        "{}",
        String::from_utf8_lossy(&edit.stderr)
    );
    let note = String::from_utf8(edit.stderr).unwrap();
    assert!(
        note.starts_with(
            "note: this database file is a copy: it was written by another installation"
        ),
        "{note}"
    );
    let hq_key = hq.ok(&["key", "show"]);
    let short = hq_key
        .lines()
        .find_map(|l| l.strip_prefix("fingerprint:"))
        .expect("a fingerprint line")
        .trim();
    assert!(note.contains(&format!("(key {short})")), "{note}\n{hq_key}");
    hq.ok(&["person", "edit", "KZ200003", "--unit", "3 взвод"]);
    // Once is enough.
    let again = platoon
        .muster()
        .run(&["person", "edit", "KZ200004", "--unit", "2 взвод"]);
    assert!(again.stderr.is_empty());

    hq.import(&platoon.export("platoon.muster"), Some("1st platoon"));
    platoon.import(&hq.export("hq.muster"), Some("HQ"));
    for (laptop, sn, who) in [
        (&hq, "KZ200002", "1st platoon"),
        (&hq, "KZ200004", "1st platoon"),
        (&platoon, "KZ200003", "HQ"),
    ] {
        let log = laptop.ok(&["audit", "--entity", sn]);
        assert!(log.contains(who), "{}: {sn}: {log}", laptop.name);
    }
    let demo = ["readiness", "DEMO", "--format", "json"];
    assert_eq!(hq.ok(&demo), platoon.ok(&demo));
    hq.check();
    platoon.check();

    // The report signed at the headquarters is checked against the copy's records: the
    // units moved since are named.
    let (code, verified) = platoon.muster().said(&["verify", report.to_str().unwrap()]);
    assert_eq!(code, 1, "{verified}");
    assert!(!verified.contains("not checked"), "{verified}");
    assert!(
        verified.contains("details changed: KZ200002: unit «Управление роты» → «2 взвод»"),
        "{verified}"
    );
}

/// Two platoons, before hearing of each other, add one soldier: one as KZ900001, the other
/// as ΚΖ900001 (Greek capitals pasted from elsewhere: it reads the same), and the first
/// platoon also reads HQ's roster file again. Every bundle is received, the receiver names
/// the look-alike, `sync conflicts --numbers` lists the pair alike on all three, and the
/// pair is settled everywhere once the wrong number is off the roster.
#[test]
fn look_alike_numbers_from_two_platoons_are_received_listed_and_settled() {
    let (hq, p1, p2) = three_laptops();
    let one = |l: &Laptop, sn: &str| {
        let f = l.file(&format!("new-{}.csv", l.name.len()));
        std::fs::write(
            &f,
            format!("service_number,family_name,given_name,category,gender\n{sn},Сейітқали,Айдос,enlisted,M\n"),
        )
        .unwrap();
        l.ok(&[
            "import",
            "roster",
            f.to_str().unwrap(),
            "--contingent",
            support::CODE,
        ]);
    };
    one(&p1, "KZ900001");
    one(&p2, "ΚΖ900001");
    // The first platoon also reads HQ's roster file again: the same five people, put on
    // the roster a second time, before either has heard of the other.
    let roster = support::fixture_file("sample_roster.csv");
    p1.ok(&[
        "import",
        "roster",
        roster.to_str().unwrap(),
        "--contingent",
        support::CODE,
    ]);

    let b1 = p1.export("p1.muster");
    let b2 = p2.export("p2.muster");
    let out = hq.import(&b1, Some("1st platoon"));
    assert!(!out.contains("look alike"), "{out}");
    let out = hq.import(&b2, Some("2nd platoon"));
    assert!(
        out.contains("added ΚΖ900001, whose service number looks like KZ900001: see `muster sync conflicts --numbers`"),
        "{out}"
    );
    assert_eq!(
        out.matches("1 group of service numbers that look alike")
            .count(),
        1,
        "{out}"
    );
    let all = hq.export("hq1.muster");
    for p in [&p1, &p2] {
        p.import(&all, None);
    }
    let listed: Vec<String> = [&hq, &p1, &p2]
        .iter()
        .map(|l| l.ok(&["sync", "conflicts", "--numbers", "--format", "json"]))
        .collect();
    assert_eq!(listed[1], listed[0]);
    assert_eq!(listed[2], listed[0]);
    let v: serde_json::Value = serde_json::from_str(&listed[0]).unwrap();
    assert_eq!(v.as_array().unwrap().len(), 1, "{v}");
    let numbers: Vec<&str> = v[0]["people"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["service_number"].as_str().unwrap())
        .collect();
    assert_eq!(numbers, ["KZ900001", "ΚΖ900001"]);
    assert_eq!(v[0]["settled"], false);
    let text = hq.ok(&["sync", "conflicts"]);
    assert!(
        text.contains("service numbers that look alike: KZ900001, ΚΖ900001"),
        "{text}"
    );
    assert!(
        text.contains("1 to settle: if they are one soldier"),
        "{text}"
    );
    for l in [&hq, &p1, &p2] {
        l.check();
        assert_eq!(l.readiness(), hq.readiness());
    }

    // The second platoon takes the wrong number off; once that has travelled, nothing is
    // listed anywhere, and nobody from HQ's roster file is listed as taken off.
    p2.ok(&[
        "person",
        "remove",
        "ΚΖ900001",
        "--contingent",
        support::CODE,
        "--reason",
        "entered twice: KZ900001",
    ]);
    let b = p2.export("p2-settled.muster");
    hq.import(&b, None);
    let b = hq.export("hq2.muster");
    p1.import(&b, None);
    for l in [&hq, &p1, &p2] {
        assert_eq!(
            l.ok(&["sync", "conflicts", "--numbers"]),
            "no service numbers that look alike\n"
        );
        let all = l.ok(&["sync", "conflicts", "--numbers", "--all"]);
        assert!(all.contains(" · settled"), "{all}");
    }
    let hq_db = rusqlite::Connection::open(hq.db()).unwrap();
    let open: i64 = hq_db
        .query_row(
            "SELECT count(*) FROM assignment WHERE ended_at IS NULL",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(open, 6, "five from the roster file and KZ900001");
}

/// Two platoons merge one pair of numbers each its own way before hearing of each other.
/// Once exchanged, the later merge stands everywhere: the soldier is on no roster, which
/// `sync conflicts --merged` says, and merging again as it says puts them back.
#[test]
fn one_pair_merged_both_ways_on_two_laptops_is_listed_and_put_right_by_merging_again() {
    let (hq, p1, p2) = three_laptops();
    log(&p1, "ROE", "15.02.2021", "pass", &["KZ100102"]);
    log(&p2, "SEA", "16.02.2021", "pass", &["KZ100103"]);
    let merge = |l: &Laptop, from: &str, into: &str| {
        l.ok(&[
            "person",
            "merge",
            from,
            "--into",
            into,
            "--reason",
            "one soldier",
        ])
    };
    merge(&p1, "KZ100103", "KZ100102");
    merge(&p2, "KZ100102", "KZ100103");
    let b1 = p1.export("p1.muster");
    let b2 = p2.export("p2.muster");
    hq.import(&b1, Some("1st platoon"));
    hq.import(&b2, Some("2nd platoon"));
    let all = hq.export("hq1.muster");
    p1.import(&all, None);
    p2.import(&all, None);
    let listed: Vec<String> = [&hq, &p1, &p2]
        .iter()
        .map(|l| l.ok(&["sync", "conflicts", "--merged"]))
        .collect();
    assert_eq!(listed[1], listed[0]);
    assert_eq!(listed[2], listed[0]);
    // Which merge is later decides which number is right; either way one is.
    let (wrong, right) = if listed[0].starts_with("KZ100102") {
        ("KZ100102", "KZ100103")
    } else {
        ("KZ100103", "KZ100102")
    };
    assert!(
        listed[0].contains(&format!(
            "  {right} is off the roster of {}: laptops merged these numbers into each other, and its own merge gave way\n",
            support::CODE
        )),
        "{}",
        listed[0]
    );
    let on_roster = |l: &Laptop| {
        let v: serde_json::Value = serde_json::from_str(&l.readiness()).unwrap();
        v["personnel"].as_array().unwrap().len()
    };
    assert_eq!(on_roster(&hq), 3, "the soldier is on no roster");

    let said = merge(&hq, wrong, right);
    assert!(
        said.contains(&format!(
            "{right} goes back on the roster of {} (laptops merged these numbers into each other; its own merge gave way)\n",
            support::CODE
        )),
        "{said}"
    );
    let b = hq.export("hq2.muster");
    p1.import(&b, None);
    p2.import(&b, None);
    for l in [&hq, &p1, &p2] {
        assert_eq!(
            l.ok(&["sync", "conflicts", "--merged"]),
            "no merged number holds records, roster places or details changed since\n"
        );
        assert_eq!(l.ok(&["sync", "conflicts"]), "no conflicting corrections\n");
        assert_eq!(on_roster(l), 4, "{}", l.name);
        assert_eq!(l.readiness(), hq.readiness());
        l.check();
    }
    let v: serde_json::Value = serde_json::from_str(&hq.readiness()).unwrap();
    let soldier = v["personnel"]
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["service_number"] == right)
        .unwrap();
    for module in ["ROE", "SEA"] {
        assert_eq!(soldier["modules"][module]["status"], "complete", "{module}");
    }
}

/// A new laptop started from HQ's bundle alone (`sync import` onto a path with no
/// database, as the README says a first import may) opens afterwards like any other: `init`
/// (what the app does at start) keeps HQ's curriculum, retired module and all, rather than
/// seeding the default one over it.
#[test]
fn a_laptop_started_from_a_bundle_opens_with_the_curriculum_it_received() {
    let hq = Laptop::new("HQ");
    hq.ok(&["demo"]);
    hq.ok(&[
        "curriculum",
        "retire",
        "POC",
        "--reason",
        "not in this mission's plan",
    ]);
    let b = hq.export("hq.muster");
    let dir = tempfile::tempdir().unwrap();
    let fresh = muster(dir.path().join("new.sqlite3"))
        .data_dir(dir.path().join("app-data"))
        .by("new laptop");
    let said = fresh.ok(&["sync", "import", b.to_str().unwrap(), "--trust", "HQ"]);
    assert!(said.contains("added 122 people"), "{said}");
    let said = fresh.ok(&["init"]);
    assert!(said.starts_with("database ready"), "{said}");
    let modules = |m: &Muster| m.ok(&["curriculum", "list", "--all", "--format", "json"]);
    assert_eq!(modules(&fresh), modules(&hq.muster()));
    let out = fresh.ok(&["check"]);
    assert!(out.starts_with("ok"), "{out}");
}

/// A bundle carried back to the laptop that made it (or picked by mistake) is said to be
/// its own and writes nothing: no receipt, so the laptop does not list itself as a peer
/// nor say it last received records from itself.
#[test]
fn a_bundle_received_where_it_was_made_writes_nothing() {
    let (hq, _p1, _p2) = three_laptops();
    let own = hq.export("own.muster");
    let before = hq.fingerprint();
    for dry in [true, false] {
        let mut args = vec!["sync", "import", own.to_str().unwrap()];
        if dry {
            args.push("--dry-run");
        }
        let said = hq.ok(&args);
        assert!(
            said.contains("this bundle was made here, from this database"),
            "{said}"
        );
        assert!(
            said.contains("trusted as \"HQ\""),
            "named as its key signs: {said}"
        );
    }
    assert_eq!(hq.fingerprint(), before, "nothing written");
    assert!(hq
        .ok(&["sync", "peers"])
        .starts_with("no bundles received yet"));
}

/// A dry run on a database file copied from another laptop writes nothing: the identity
/// the copy takes before its first write waits for a command that writes.
#[test]
fn a_dry_run_on_a_copied_file_writes_nothing() {
    let hq = Laptop::new("HQ");
    hq.ok(&["demo"]);
    let other = Laptop::new("validation team");
    std::fs::copy(hq.db(), other.db()).unwrap();
    let before = other.fingerprint();
    let roster = support::fixture_file("sample_roster.csv");
    let completions = support::fixture_file("sample_completions.csv");
    for (kind, file) in [("roster", &roster), ("completions", &completions)] {
        let mut args = vec!["import", kind, file.to_str().unwrap(), "--dry-run"];
        if kind == "roster" {
            args.extend(["--contingent", "DEMO"]);
        }
        let (_, said) = other.muster().said(&args);
        assert!(!said.contains("identity of its own"), "{kind}: {said}");
    }
    let (_, said) = other.muster().said(&[
        "person",
        "merge",
        "KZ200001",
        "--into",
        "KZ200002",
        "--reason",
        "test",
        "--dry-run",
    ]);
    assert!(!said.contains("identity of its own"), "{said}");
    assert_eq!(other.fingerprint(), before, "nothing written");
}

/// A key is one key whichever form of its fingerprint is typed: trusted in full by a
/// bundle, it is renamed and withdrawn by the short form `key show` prints, and a name
/// given to one key is not given to another.
#[test]
fn a_key_is_renamed_and_withdrawn_by_either_form_of_its_fingerprint() {
    let hq = Laptop::new("HQ");
    let platoon = Laptop::new("1st platoon");
    let third = Laptop::new("2nd platoon");
    platoon.import(&hq.export("hq.muster"), Some("HQ office"));
    let third_bundle = third.export("third.muster");
    let short = hq
        .ok(&["key", "show"])
        .lines()
        .find_map(|l| l.strip_prefix("fingerprint:").map(|f| f.trim().to_string()))
        .unwrap();
    let said = platoon.ok(&["key", "trust", &short, "--name", "HQ, company office"]);
    assert_eq!(
        said,
        format!(
            "trusted: files signed by key {short} now read as signed by \"HQ, company office\"\n"
        )
    );
    let list = platoon.ok(&["key", "list"]);
    assert_eq!(list.matches("HQ").count(), 1, "one key, one row: {list}");
    // Another key cannot take the name.
    let e = platoon.fails(&[
        "sync",
        "import",
        third_bundle.to_str().unwrap(),
        "--trust",
        "hq, company office",
    ]);
    assert!(e.contains("is already the name of key"), "{e}");
    // --for takes the fingerprint grouped by dashes or colons as well as spaces.
    for typed in [short.replace(' ', "-"), short.replace(' ', ":")] {
        let out = platoon.file("for-hq.muster");
        let said = platoon.ok(&[
            "sync",
            "export",
            "--out",
            out.to_str().unwrap(),
            "--for",
            &typed,
        ]);
        assert!(said.starts_with("wrote "), "{typed}: {said}");
    }
    // Withdrawn by its short form, the key is unknown again: its next bundle needs trust.
    platoon.ok(&[
        "key",
        "untrust",
        &short.replace(' ', "-"),
        "--reason",
        "laptop lost",
    ]);
    assert!(platoon.ok(&["key", "list"]).starts_with("no trusted keys"));
    let e = platoon.fails(&["sync", "import", hq.export("hq2.muster").to_str().unwrap()]);
    assert!(e.contains("does not know"), "{e}");
}

/// A sign-off made on one laptop reads the same on every other: unchanged while nothing
/// changed (the chain entry its report pinned is the deciding laptop's own, not compared
/// with another laptop's chain), and the same change everywhere once a record changes.
#[test]
fn a_sign_off_received_by_sync_reads_unchanged_until_a_record_changes() {
    let hq = Laptop::new("HQ");
    let validators = Laptop::new("validation team");
    hq.ok(&["demo"]);
    hq.ok(&[
        "validate",
        "DEMO",
        "--team",
        "INDBATT",
        "--validator",
        "Lt Col R. Sharma",
        "--decision",
        "validated",
    ]);
    validators.import(&hq.export("hq.muster"), Some("HQ"));
    let changes = |l: &Laptop| -> serde_json::Value {
        let v: serde_json::Value =
            serde_json::from_str(&l.ok(&["validations", "DEMO", "--format", "json"])).unwrap();
        v[0]["changes"].clone()
    };
    // A report each laptop issues of the decision's day verifies there as unchanged, in
    // every format (the frozen report pins the deciding laptop's chain, not this one's).
    let issue = |l: &Laptop, format: &str| -> String {
        let out = l.file(&format!("report.{format}"));
        l.ok(&[
            "report",
            "DEMO",
            "--format",
            format,
            "--out",
            out.to_str().unwrap(),
        ]);
        out.to_str().unwrap().to_string()
    };
    for l in [&hq, &validators] {
        assert_eq!(changes(l), serde_json::json!([]), "{}", l.name);
        assert!(
            l.ok(&["validations", "DEMO"]).contains("unchanged"),
            "{}",
            l.name
        );
        for format in ["json", "pdf", "html"] {
            let said = l.ok(&["verify", &issue(l, format)]);
            assert!(said.starts_with("unchanged"), "{} {format}: {said}", l.name);
        }
    }
    // HQ's signed-off files, carried to the team's laptop: checked against its records
    // too, since the decision reached it (not "records not checked").
    for format in ["json", "pdf", "html"] {
        let said = validators.ok(&[
            "verify",
            hq.file(&format!("report.{format}")).to_str().unwrap(),
        ]);
        assert!(
            said.starts_with("unchanged"),
            "HQ's {format} on the team's laptop: {said}"
        );
        assert!(!said.contains("not checked"), "{format}: {said}");
        // Unchanged as far as this laptop's records go, and it says how far that is.
        assert!(
            said.contains("compared with the records this laptop holds: the newest bundle received was made at ")
                && said.contains(" by «HQ» (received ")
                && said.contains("a change made on another laptop since shows here once its bundle arrives"),
            "{format}: {said}"
        );
    }
    let h: serde_json::Value =
        serde_json::from_str(&hq.ok(&["history", "KZ200001", "--format", "json"])).unwrap();
    let id = h["records"][0]["id"].as_str().unwrap().to_string();
    hq.ok(&["void", &id, "--reason", "typed against the wrong soldier"]);
    validators.import(&hq.export("hq2.muster"), None);
    for format in ["json", "pdf", "html"] {
        let (code, said) = validators.muster().said(&[
            "verify",
            hq.file(&format!("report.{format}")).to_str().unwrap(),
        ]);
        assert_eq!(code, 1, "HQ's {format} on the team's laptop: {said}");
        assert!(said.contains("voided"), "{format}: {said}");
    }
    assert_eq!(changes(&hq), changes(&validators));
    let kinds: Vec<String> = changes(&hq)
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["kind"].as_str().unwrap().to_string())
        .collect();
    assert_eq!(kinds, ["voided", "status"]);
    let (code, said) = validators
        .muster()
        .said(&["verify", validators.file("report.pdf").to_str().unwrap()]);
    assert_eq!(code, 1, "{said}");
    assert!(said.contains("voided"), "{said}");
    assert!(!said.contains("rewritten outside Muster"), "{said}");
}

/// One service number given to two soldiers on two laptops (a number mistyped, reused):
/// receiving says each detail from what to what, and warns that the number names another
/// person altogether, before anything is settled.
#[test]
fn one_number_naming_two_soldiers_on_two_laptops_is_warned_of_with_both_names() {
    let (hq, p1, _) = three_laptops();
    let roster = p1.file("other.csv");
    std::fs::write(
        &roster,
        "service_number;family_name;given_name;category;gender;unit\nKZ900001;Петров;Пётр;enlisted;M;3 рота\n",
    )
    .unwrap();
    let hq_roster = hq.file("hq.csv");
    std::fs::write(
        &hq_roster,
        "service_number;family_name;given_name;category;gender;unit\nKZ900001;Нұрқасов;Аян;officer;M;Управление роты\n",
    )
    .unwrap();
    hq.ok(&[
        "import",
        "roster",
        hq_roster.to_str().unwrap(),
        "--contingent",
        support::CODE,
    ]);
    std::thread::sleep(std::time::Duration::from_millis(5));
    p1.ok(&[
        "import",
        "roster",
        roster.to_str().unwrap(),
        "--contingent",
        support::CODE,
    ]);
    let said = hq.import(&p1.export("p1.muster"), Some("1st platoon"));
    assert!(
        said.contains("person KZ900001 family_name: «Нұрқасов» → «Петров»")
            && said.contains("person KZ900001 category: «officer» → «enlisted»"),
        "{said}"
    );
    assert!(
        said.contains("warning: KZ900001 names another person on the two laptops"),
        "{said}"
    );
}
