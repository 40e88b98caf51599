//! Records between laptops in the real window: the headquarters' app makes a bundle for a
//! platoon's laptop, the platoon logs a session there (the command line, another key and
//! database), and the app receives the platoon's bundle: the sender and what it adds shown
//! first, an unknown key confirmed by name, the records in the store, the dashboard saying
//! when and from whom. A bundle received twice adds nothing; a changed one nothing at all.

use muster_e2e::{App, Home};

/// The platoon laptop's fingerprint as `muster key show` prints it.
fn fingerprint(home: &Home) -> String {
    home.cli(&["key", "show"])
        .lines()
        .find_map(|l| l.strip_prefix("fingerprint:"))
        .expect("a fingerprint line")
        .trim()
        .to_string()
}

#[tokio::test]
async fn a_bundle_goes_to_a_platoon_laptop_and_its_records_come_back() {
    let home = Home::new().with_demo();
    let sticks = tempfile::tempdir().unwrap();
    let app = App::start(home).await;
    app.visit("sync", "sync").await;
    let ours = app.text("sync-key-fingerprint").await;
    assert_eq!(
        app.text("sync-no-peers").await,
        "No bundle has been received yet."
    );

    // The headquarters' bundle, to a name without an extension: `.muster` is added.
    let hq = sticks.path().join("hq");
    app.type_into("sync-out", hq.to_str().unwrap()).await;
    app.click("sync-make-run").await;
    let made = app.text("sync-make-msg").await;
    let hq = sticks.path().join("hq.muster");
    assert!(
        made.starts_with(&format!("Saved {}: 122 people, ", hq.display())),
        "{made}"
    );

    // The platoon laptop: a fresh installation that receives it, then logs a session.
    let platoon = Home::new();
    platoon.cli(&["init"]);
    platoon.cli(&["key", "name", "2 взвод, ноутбук"]);
    let got = platoon.cli(&["sync", "import", hq.to_str().unwrap(), "--trust", "HQ"]);
    assert!(got.contains(&format!("key {ours}")), "{got}");
    let sns = ["KZ200026", "KZ200027", "KZ200028"];
    let today = muster::dates::today().to_string();
    let mut log = vec![
        "log",
        "--module",
        "ROE",
        "--date",
        &today,
        "--result",
        "pass",
        "--score",
        "91",
        "--by",
        "лейтенант Ким",
    ];
    log.extend(sns);
    platoon.cli(&log);
    // And moves a soldier to another platoon: a detail held at HQ that will read otherwise.
    platoon.cli(&[
        "person",
        "edit",
        "KZ200029",
        "--unit",
        "3 взвод",
        "--by",
        "лейтенант Ким",
    ]);
    let back = sticks.path().join("platoon.muster");
    platoon.cli(&["sync", "export", "--out", back.to_str().unwrap()]);
    let theirs = fingerprint(&platoon);
    let before = app.home.store().history(sns[0]).unwrap().len();

    // Received in the app: who sent it and what it adds, before anything is written.
    app.type_into("sync-in", back.to_str().unwrap()).await;
    app.click("sync-preview").await;
    assert_eq!(app.text("sync-sender").await, "2 взвод, ноутбук");
    assert_eq!(app.text("sync-sender-fingerprint").await, theirs);
    assert!(app
        .text("sync-unknown")
        .await
        .starts_with("This laptop has never received from this key."));
    // The platoon laptop's audit trail travels too: its curriculum (seeded at `init`) and
    // the session.
    let adds = app.text("sync-adds").await;
    assert!(
        adds.starts_with(
            "It adds — records: 3, edits of details: 1, entries of the audit trail: 9"
        ) && adds.contains("It changes details held here: 1 ("),
        "{adds}"
    );
    assert_eq!(
        app.text_of("[data-testid='sync-changes'] li").await,
        "person KZ200029 — Unit: «1 взвод» → «3 взвод»"
    );
    app.center("[data-testid='sync-bundle']").await;
    app.shot("sync-preview-unknown").await;
    assert_eq!(app.home.store().history(sns[0]).unwrap().len(), before);

    app.type_into("sync-trust-name", "2 взвод").await;
    app.click("sync-receive-run").await;
    assert_eq!(
        app.text("sync-receive-msg").await,
        "Received from «2 взвод». Added — records: 3, edits of details: 1, entries of the audit trail: 9."
    );
    for sn in sns {
        let h = app.home.store().history(sn).unwrap();
        assert!(
            h.iter().any(|e| e.attempt.module == "ROE"
                && e.attempt.score == Some(91.0)
                && e.attempt.recorded_by == "лейтенант Ким"),
            "{sn}: {h:?}"
        );
    }
    // The list is asked for again once the bundle is in.
    app.el(&format!(
        "[data-testid='sync-peers'] tr[data-fingerprint='{theirs}']"
    ))
    .await;
    let row = app
        .js(
            "return [...document.querySelectorAll(`[data-testid='sync-peers'] tr[data-fingerprint='${arguments[0]}'] td`)].map(td => td.textContent)",
            vec![serde_json::json!(theirs)],
        )
        .await;
    assert_eq!(row[0], "2 взвод");
    assert_eq!(
        (row[3].as_str(), row[4].as_str()),
        (Some("1"), Some("4")),
        "one bundle, three records and a change of details: {row}"
    );
    app.center("[data-testid='sync-peers']").await;
    app.shot("sync-received").await;

    // The same bundle again: nothing to add, and it says when it came.
    app.type_into("sync-in", back.to_str().unwrap()).await;
    app.click("sync-preview").await;
    assert!(app
        .text("sync-already")
        .await
        .starts_with("This bundle was received on "));

    // One byte changed: refused in one line, nothing written.
    let mut bytes = std::fs::read(&back).unwrap();
    let mid = bytes.len() / 2;
    bytes[mid] ^= 0x20;
    let bad = sticks.path().join("changed.muster");
    std::fs::write(&bad, bytes).unwrap();
    app.type_into("sync-in", bad.to_str().unwrap()).await;
    app.click("sync-preview").await;
    let refused = app.text("sync-receive-msg").await;
    assert!(
        refused.contains("was changed after it was signed, or damaged"),
        "{refused}"
    );
    assert_eq!(app.count("[data-testid='sync-bundle']").await, 0);

    // The headquarters and the platoon correct the same record before they exchange again:
    // both corrections are kept, the later one counts, and the conflict is listed with
    // where each was made.
    let record = app
        .home
        .store()
        .history(sns[0])
        .unwrap()
        .into_iter()
        .find(|e| e.attempt.recorded_by == "лейтенант Ким")
        .unwrap()
        .attempt
        .id;
    app.home.cli(&[
        "amend",
        &record,
        "--score",
        "81",
        "--by",
        "капитан Тестов",
        "--reason",
        "typo",
    ]);
    std::thread::sleep(std::time::Duration::from_millis(5));
    platoon.cli(&[
        "amend",
        &record,
        "--score",
        "93",
        "--by",
        "лейтенант Ким",
        "--reason",
        "re-marked",
    ]);
    // The same soldier moved to two platoons, at the headquarters and then on the
    // platoon's laptop: the later move counts on both, and the field is listed too.
    app.home.cli(&[
        "person",
        "edit",
        sns[1],
        "--unit",
        "3 взвод",
        "--by",
        "капитан Тестов",
    ]);
    std::thread::sleep(std::time::Duration::from_millis(5));
    platoon.cli(&[
        "person",
        "edit",
        sns[1],
        "--unit",
        "4 взвод",
        "--by",
        "лейтенант Ким",
    ]);
    platoon.cli(&["sync", "export", "--out", back.to_str().unwrap()]);
    app.type_into("sync-in", back.to_str().unwrap()).await;
    app.click("sync-preview").await;
    assert_eq!(
        app.text("sync-adds").await,
        "It adds — corrections: 1, edits of details: 1, entries of the audit trail: 2\
         1 record would then be corrected differently on two laptops: they are listed below, \
         to settle, once received.\
         Set differently on two laptops: the later edit counts (1)\
         person KZ200027 — Unit: «3 взвод» → «4 взвод»"
    );
    app.js(
        "document.querySelector(\"[data-testid='sync-decided']\").open = true",
        vec![],
    )
    .await;
    app.center("[data-testid='sync-adds']").await;
    app.shot("sync-preview-decided").await;
    app.resize(390, 844).await;
    app.center("[data-testid='sync-adds']").await;
    app.shot("sync-preview-decided-phone").await;
    app.resize(1280, 800).await;
    app.click("sync-receive-run").await;
    app.tid("sync-receive-msg").await;
    app.until(
        "the conflict listed",
        "return document.querySelectorAll(`[data-testid='sync-conflicts'] [data-record='${arguments[0]}'] li`).length === 2",
        vec![serde_json::json!(record)],
    )
    .await;
    let listed = app
        .js(
            "return [...document.querySelectorAll(`[data-testid='sync-conflicts'] [data-record='${arguments[0]}'] li`)].map(li => [li.dataset.wins, li.textContent.trim()])",
            vec![serde_json::json!(record)],
        )
        .await;
    let listed: Vec<(String, String)> = serde_json::from_value(listed).unwrap();
    assert_eq!(listed.len(), 2, "{listed:?}");
    assert_eq!(listed[0].0, "false");
    assert!(
        listed[0].1.starts_with("amended to pass on ")
            && listed[0]
                .1
                .contains(", score 81 (reason: typo) by капитан Тестов, ")
            && listed[0].1.ends_with(", on this laptop"),
        "{listed:?}"
    );
    assert_eq!(listed[1].0, "true");
    assert!(
        listed[1].1.starts_with("counts amended to pass on ")
            && listed[1]
                .1
                .contains(", score 93 (reason: re-marked) by лейтенант Ким, ")
            && listed[1].1.ends_with(", on 2 взвод"),
        "{listed:?}"
    );
    app.center("[data-testid='sync-conflicts']").await;
    app.shot("sync-conflict").await;
    let fields = app
        .js(
            "return [...document.querySelectorAll(\"[data-testid='sync-detail-conflicts'] li\")].map(li => [li.dataset.wins, li.textContent.trim()])",
            vec![],
        )
        .await;
    let fields: Vec<(String, String)> = serde_json::from_value(fields).unwrap();
    assert_eq!(fields.len(), 2, "{fields:?}");
    assert!(
        fields[0].0 == "false"
            && fields[0].1.starts_with("3 взвод by капитан Тестов, ")
            && fields[0].1.ends_with(", on this laptop"),
        "{fields:?}"
    );
    assert!(
        fields[1].0 == "true"
            && fields[1].1.starts_with("counts 4 взвод by лейтенант Ким, ")
            && fields[1].1.ends_with(", on 2 взвод"),
        "{fields:?}"
    );
    assert_eq!(app.home.store().person(sns[1]).unwrap().unit, "4 взвод");
    app.center("[data-testid='sync-detail-conflicts']").await;
    app.shot("sync-detail-conflict").await;

    // The dashboard says when records last came, and from whom.
    app.visit("dashboard", "dashboard").await;
    assert_eq!(
        app.text("open-conflicts").await,
        "Records corrected differently on two laptops, not yet settled: 1. Settle them on the Sync screen"
    );
    app.shot("dashboard-conflicts").await;
    let last = app.text("last-received").await;
    assert!(
        last.starts_with("Records last received ") && last.ends_with("from «2 взвод»."),
        "{last}"
    );
    // Settled at the headquarters: its amendment of the one that counts ends the conflict.
    let counts = app
        .home
        .store()
        .history(sns[0])
        .unwrap()
        .into_iter()
        .find(|e| e.attempt.reason.as_deref() == Some("re-marked"))
        .unwrap()
        .attempt
        .id;
    app.home.cli(&[
        "amend",
        &counts,
        "--score",
        "93",
        "--by",
        "капитан Тестов",
        "--reason",
        "checked",
    ]);

    app.visit("sync", "sync").await;
    app.until(
        "the conflict list, settled",
        "return document.querySelector(\"[data-testid='sync']\").dataset.conflicts === '0'",
        vec![],
    )
    .await;
    assert_eq!(app.count("[data-testid='sync-conflicts']").await, 0);

    // A bundle for the platoon alone: it said it received the headquarters' first one,
    // so this one carries only what came since (the soldiers moved, by either laptop, the
    // corrections, and the platoon's own records as received here, which it skips), and the
    // platoon takes it.
    app.tid("sync-for")
        .await
        .select_by_value(&theirs)
        .await
        .unwrap();
    let to_platoon = sticks.path().join("to-platoon.muster");
    // A file of that name on the stick already (another laptop's bundle not yet carried?)
    // is replaced only once the user says so.
    std::fs::write(&to_platoon, b"not yet carried").unwrap();
    app.type_into("sync-out", to_platoon.to_str().unwrap())
        .await;
    app.click("sync-make-run").await;
    let asked = app.text("save-replace").await;
    assert!(asked.contains("is there already"), "{asked}");
    assert_eq!(std::fs::read(&to_platoon).unwrap(), b"not yet carried");
    app.center("[data-testid='save-replace']").await;
    app.shot("save-replace").await;
    app.click("save-replace-yes").await;
    let made = app.text("sync-make-msg").await;
    assert!(
        made.starts_with(&format!("Saved {}: 2 people, ", to_platoon.display()))
            && made.ends_with("For «2 взвод»: only what it has not yet said it received."),
        "{made}"
    );
    app.center("[data-testid='sync-make']").await;
    app.shot("sync-make-for").await;
    let got = platoon.cli(&["sync", "import", to_platoon.to_str().unwrap()]);
    assert!(got.contains("added 0 people"), "{got}");
    app.resize(390, 844).await;
    app.no_horizontal_scroll("the Sync screen at phone width")
        .await;
    app.shot("sync-phone").await;
    // The moved soldier's field, still listed (no one has edited it again), at phone width.
    app.center("[data-testid='sync-detail-conflicts']").await;
    app.shot("sync-detail-conflict-phone").await;
    // 4 взвод is right: kept as it reads, the field is settled, nothing changed.
    app.click("detail-keep").await;
    app.until(
        "the detail settled",
        "return document.querySelector(\"[data-testid='sync-detail-conflicts']\") === null",
        vec![],
    )
    .await;
    assert_eq!(app.home.store().person(sns[1]).unwrap().unit, "4 взвод");
    let open = app.home.cli(&["sync", "conflicts", "--details"]);
    assert!(open.starts_with("no details edited differently"), "{open}");
    app.quit().await;
}

/// One soldier entered at headquarters as KZ900001 and on a platoon laptop, which had not
/// yet heard of it, as KZ-900001. The bundle is received all the same (a refusal would keep
/// the two laptops apart for good), its preview says which number looks like which, and the
/// Sync screen lists both people until the wrong number is taken off the roster.
#[tokio::test]
async fn look_alike_numbers_from_a_platoon_are_received_and_listed() {
    let home = Home::new().with_demo();
    let sticks = tempfile::tempdir().unwrap();
    let first = sticks.path().join("hq.muster");
    home.cli(&["sync", "export", "--out", first.to_str().unwrap()]);
    let roster = |dir: &std::path::Path, sn: &str| {
        let path = dir.join(format!("roster-{}.csv", sn.len()));
        std::fs::write(
            &path,
            format!(
                "service_number,family_name,given_name,category,gender\n{sn},Сейітқали,Айдос,enlisted,M\n"
            ),
        )
        .unwrap();
        path
    };
    let by = ["--contingent", "DEMO", "--by", "лейтенант Ким"];
    let ours = roster(sticks.path(), "KZ900001");
    home.cli(&[&["import", "roster", ours.to_str().unwrap()][..], &by[..]].concat());

    let platoon = Home::new();
    platoon.cli(&["init"]);
    platoon.cli(&["key", "name", "3 взвод"]);
    platoon.cli(&["sync", "import", first.to_str().unwrap(), "--trust", "HQ"]);
    let theirs = roster(sticks.path(), "KZ-900001");
    platoon.cli(&[&["import", "roster", theirs.to_str().unwrap()][..], &by[..]].concat());
    let back = sticks.path().join("platoon.muster");
    platoon.cli(&["sync", "export", "--out", back.to_str().unwrap()]);

    let app = App::start(home).await;
    app.visit("sync", "sync").await;
    assert_eq!(app.count("[data-testid='sync-look-alikes']").await, 0);
    app.type_into("sync-in", back.to_str().unwrap()).await;
    app.click("sync-preview").await;
    assert_eq!(
        app.text("sync-look-alikes-added").await,
        "Service numbers that look like one held here (1)KZ-900001 looks like KZ900001"
    );
    app.type_into("sync-trust-name", "3 взвод").await;
    app.click("sync-receive-run").await;
    app.text("sync-receive-msg").await;
    let listed = app.text("sync-look-alikes").await;
    for part in [
        "Service numbers that look alike (1)",
        "KZ900001 Сейітқали Айдос · on the roster of DEMO · records: 0 · added on this laptop",
        "KZ-900001 Сейітқали Айдос · on the roster of DEMO · records: 0 · added on 3 взвод",
    ] {
        assert!(listed.contains(part), "{part:?} in {listed:?}");
    }
    app.center("[data-testid='sync-look-alikes']").await;
    app.shot("sync-look-alikes").await;
    app.resize(390, 844).await;
    app.no_horizontal_scroll("the look-alike numbers at phone width")
        .await;
    app.center("[data-testid='sync-look-alikes']").await;
    app.shot("sync-look-alikes-phone").await;

    // One soldier: the numbers are merged from the card, after a preview of what moves.
    app.resize(1280, 800).await;
    app.center("[data-testid='sync-look-alikes']").await;
    app.click("merge-open").await;
    for (select, number) in [("merge-from", "KZ-900001"), ("merge-into", "KZ900001")] {
        app.center(&format!("[data-testid='{select}']")).await;
        app.tid(select).await.select_by_value(number).await.unwrap();
    }
    app.type_into("merge-reason", "entered twice: KZ900001")
        .await;
    app.click("merge-preview").await;
    let plan = app.text("merge-plan").await;
    assert_eq!(
        plan,
        "KZ-900001 leaves the roster of DEMO; KZ900001 is on it already"
    );
    app.center("[data-testid='merge-form']").await;
    app.shot("sync-merge-preview").await;
    app.resize(390, 844).await;
    app.no_horizontal_scroll("the merge form at phone width")
        .await;
    app.center("[data-testid='merge-form']").await;
    app.shot("sync-merge-preview-phone").await;
    app.click("merge-commit").await;
    app.until(
        "the look-alike list, settled",
        "return document.querySelector(\"[data-testid='sync']\") !== null && document.querySelector(\"[data-testid='sync-peers']\") !== null && document.querySelector(\"[data-testid='sync-look-alikes']\") === null",
        vec![],
    )
    .await;
    // The card is gone; the screen says what the merge did.
    let done = app.text("sync-merge-done").await;
    assert!(
        done.starts_with("Merged KZ-900001 into KZ900001: "),
        "{done}"
    );
    app.quit().await;
}

/// A platoon laptop's first start: no contingent yet, so the welcome offers the
/// headquarters' records, and receiving its bundle opens the dashboard on them.
#[tokio::test]
async fn a_new_laptop_starts_from_the_headquarters_bundle() {
    let hq = Home::new().with_demo();
    let sticks = tempfile::tempdir().unwrap();
    let file = sticks.path().join("hq.muster");
    hq.cli(&["key", "name", "Штаб роты"]);
    hq.cli(&["sync", "export", "--out", file.to_str().unwrap()]);
    let people = hq.store().personnel_count("DEMO").unwrap();

    let app = App::start(Home::new()).await;
    app.type_into("operator", "лейтенант Ким").await;
    app.click("receive-bundle").await;
    app.type_into("sync-in", file.to_str().unwrap()).await;
    app.click("sync-preview").await;
    assert_eq!(app.text("sync-sender").await, "Штаб роты");
    assert_eq!(app.text("sync-sender-fingerprint").await, fingerprint(&hq));
    app.center("[data-testid='sync-bundle']").await;
    app.shot("welcome-receive").await;
    app.click("sync-receive-run").await;
    app.tid("dashboard").await;
    app.settled("dashboard").await;
    assert_eq!(app.dom_text("personnel").await, people.to_string());
    assert_eq!(app.home.store().personnel_count("DEMO").unwrap(), people);
    assert!(app
        .text("last-received")
        .await
        .ends_with("from «Штаб роты»."));
    app.quit().await;
}

/// The headquarters' database file copied onto another laptop: the app there takes an
/// identity of its own for it before writing (so both laptops' history reaches everyone,
/// docs/sync.md) and the activity log says why, in words.
#[tokio::test]
async fn a_copy_of_another_laptops_file_takes_its_own_identity_and_says_so() {
    let hq = Home::new().with_demo();
    // Written there by the headquarters' installation (its key).
    hq.cli(&["key", "name", "Штаб роты"]);
    let laptop = Home::new();
    std::fs::create_dir_all(laptop.data_dir()).unwrap();
    std::fs::copy(hq.db(), laptop.db()).unwrap();
    laptop.remember_operator("лейтенант Ким");
    let app = App::start(laptop).await;
    app.tid("dashboard").await;
    app.settled("dashboard").await;
    assert_eq!(app.home.store().identities().unwrap().len(), 2);
    assert_eq!(hq.store().identities().unwrap().len(), 1);

    app.click("nav-settings").await;
    app.el("[data-testid='activity'] li").await;
    let log = app.text("activity").await;
    assert!(
        log.contains("This file is a copy of another laptop's: from now on it writes under an identity of its own"),
        "{log}"
    );
    app.js(
        "document.querySelector(\"[data-testid='activity']\").scrollIntoView({block: 'start'})",
        vec![],
    )
    .await;
    app.shot("activity-copy").await;
    app.resize(360, 640).await;
    app.no_horizontal_scroll("the activity log at a phone's width")
        .await;
    app.js(
        "document.querySelector(\"[data-testid='activity'] li\").scrollIntoView({block: 'start'})",
        vec![],
    )
    .await;
    app.shot("activity-copy-phone").await;
}
