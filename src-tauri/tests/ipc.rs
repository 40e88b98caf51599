//! The app's commands through real IPC on Tauri's mock runtime: no display needed.

use serde_json::json;

mod common;
use common::{everyone, invoke, start, with_demo};

#[test]
fn commands_answer_over_ipc_and_errors_carry_a_kind_a_message_and_a_problem() {
    let dir = tempfile::tempdir().unwrap();
    let (_app, w) = start(dir.path());

    let info = invoke(&w, "app_info", json!({})).unwrap();
    assert_eq!(info["settings"]["operator"], json!(""));
    assert!(info["db_path"].as_str().unwrap().ends_with("m.sqlite3"));

    // No operator yet: writing is refused with a message saying what to do.
    let c = json!({"input": {"code": "KZ-2027", "name": "Рота", "mission": "UNIFIL",
        "parent_unit": "INDBATT", "training_start": "01.02.2027", "deploy_on": "01.08.2027",
        "tour_months": 6}});
    let e = invoke(&w, "add_contingent", c.clone()).unwrap_err();
    assert_eq!(e["kind"], json!("invalid"));
    assert!(e["message"].as_str().unwrap().contains("Settings"), "{e}");
    assert_eq!(e["problem"], json!({"code": "no_operator"}));

    let s =
        json!({"settings": {"operator": "капитан Омаров", "language": "kk", "contingent": null}});
    invoke(&w, "save_settings", s).unwrap();
    assert_eq!(
        invoke(&w, "add_contingent", c).unwrap()["code"],
        json!("KZ-2027")
    );
    assert_eq!(invoke(&w, "load_demo", json!({})).unwrap(), json!("DEMO"));
    // The dashboard's one call carries the figures (not everyone's statuses: the matrix
    // pages do), and its trend ends today.
    let d = invoke(&w, "dashboard", json!({"code": "DEMO", "lang": "kk"})).unwrap();
    assert_eq!(d["summary"]["personnel"], json!(122));
    assert_eq!(d["as_of"], json!(muster::dates::today().to_string()));
    assert_eq!(d.get("personnel"), None);
    let people = everyone(&w, "DEMO");
    assert_eq!(people.len(), 122);
    let ready = people.iter().filter(|p| p["ready"] == json!(true)).count();
    assert_eq!(d["summary"]["ready"], json!(ready));
    let blockers: Vec<&serde_json::Value> = people
        .iter()
        .filter(|p| p["ready"] == json!(false))
        .collect();
    assert_eq!(d["not_ready_total"], json!(blockers.len()));
    assert_eq!(
        d["not_ready"][0]["service_number"],
        blockers[0]["service_number"]
    );
    let trend = d["trend"].as_array().unwrap();
    assert_eq!(
        trend.last().unwrap()["date"],
        json!(muster::dates::today().to_string())
    );
    assert_eq!(trend.last().unwrap()["ready"], d["summary"]["ready"]);
    assert_eq!(d["signoff"], json!(null));
    // Any date: everything on the dashboard is as of the date asked for, the trend to it.
    let day = (muster::dates::today() - chrono::Duration::days(40)).to_string();
    let past = invoke(
        &w,
        "dashboard",
        json!({"code": "DEMO", "lang": "en", "asOf": day}),
    )
    .unwrap();
    assert_eq!(past["as_of"], json!(day));
    assert_eq!(
        past["trend"].as_array().unwrap().last().unwrap()["date"],
        json!(day)
    );
    let e = invoke(
        &w,
        "dashboard",
        json!({"code": "DEMO", "lang": "en", "asOf": "31.02.2026"}),
    )
    .unwrap_err();
    assert_eq!(e["kind"], json!("invalid"));

    let e = invoke(&w, "dashboard", json!({"code": "NOPE", "lang": "en"})).unwrap_err();
    assert_eq!(e["kind"], json!("not_found"));
    assert!(e["message"].as_str().unwrap().contains("NOPE"), "{e}");
    assert_eq!(
        e["problem"],
        json!({"code": "not_found", "what": "contingent", "key": "NOPE"})
    );

    // A session with an unknown soldier saves nobody.
    let sn = people[0]["service_number"].clone();
    let today = muster::dates::today().to_string();
    let session = json!({"session": {"module": "ROE", "date": today, "result": "pass",
        "score": null, "hours": null, "instructor": "x", "notes": "", "attendees": [sn, "KZ000000"]}});
    let e = invoke(&w, "log_session", session).unwrap_err();
    assert!(
        e["message"].as_str().unwrap().contains("nothing was saved"),
        "{e}"
    );
    assert_eq!(
        e["problem"],
        json!({"code": "unknown_attendees", "count": "1", "service_numbers": "KZ000000"})
    );

    // One session, one transaction: the session's result for all but the one who failed.
    let sn2 = people[1]["service_number"].clone();
    let session = json!({"session": {"module": "ROE", "date": today, "result": "pass",
        "score": 90, "hours": 2, "instructor": "x", "notes": "", "attendees": [sn, sn2],
        "individual": [{"service_number": sn2, "result": "fail", "score": 35}]}});
    assert_eq!(
        invoke(&w, "log_session", session)
            .unwrap()
            .as_array()
            .unwrap()
            .len(),
        2
    );
    let last = |who: &serde_json::Value| {
        let h = invoke(&w, "history", json!({"serviceNumber": who})).unwrap();
        h.as_array().unwrap().last().unwrap().clone()
    };
    assert_eq!(
        (last(&sn)["result"].clone(), last(&sn)["score"].clone()),
        (json!("pass"), json!(90.0))
    );
    assert_eq!(
        (last(&sn2)["result"].clone(), last(&sn2)["score"].clone()),
        (json!("fail"), json!(35.0))
    );

    // An individual result for someone not ticked refuses the whole session.
    let count = |who: &serde_json::Value| {
        let h = invoke(&w, "history", json!({"serviceNumber": who})).unwrap();
        h.as_array().unwrap().len()
    };
    let had = count(&sn);
    let session = json!({"session": {"module": "POC", "date": today, "result": "pass",
        "score": null, "hours": null, "instructor": "x", "notes": "", "attendees": [sn],
        "individual": [{"service_number": sn2, "result": "fail", "score": null}]}});
    let e = invoke(&w, "log_session", session).unwrap_err();
    assert_eq!(e["kind"], json!("invalid"));
    assert!(
        e["message"]
            .as_str()
            .unwrap()
            .contains("not among the attendees"),
        "{e}"
    );
    assert_eq!(count(&sn), had, "nothing was saved");
}

#[test]
fn a_database_from_a_newer_muster_opens_the_window_with_the_reason_and_stays_untouched() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("m.sqlite3");
    {
        let c = rusqlite::Connection::open(&db).unwrap();
        c.execute_batch(
            "CREATE TABLE future (x); PRAGMA user_version = 99; PRAGMA application_id = 1297437524;",
        )
            .unwrap();
    }
    let before = std::fs::read(&db).unwrap();
    let (_app, w) = start(dir.path());

    let info = invoke(&w, "app_info", json!({})).unwrap();
    let e = &info["db_error"];
    assert_eq!(e["kind"], json!("database"));
    assert_eq!(e["problem"]["code"], json!("newer_database"));
    assert_eq!(e["problem"]["found"], json!("99"));
    // Every command gives the same answer, and none writes.
    let r = invoke(&w, "dashboard", json!({"code": "DEMO", "lang": "en"})).unwrap_err();
    assert_eq!(&r, e);
    assert_eq!(invoke(&w, "load_demo", json!({})).unwrap_err(), *e);
    assert_eq!(std::fs::read(&db).unwrap(), before);
    let files: Vec<String> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|f| f.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with("m."))
        .collect();
    assert_eq!(files, ["m.sqlite3"], "no backup, no journal left behind");
}

#[test]
fn a_soldier_taken_off_the_roster_is_listed_and_put_back_through_ipc() {
    let dir = tempfile::tempdir().unwrap();
    let (_app, w) = start(dir.path());
    with_demo(&w, "ru");
    let count = || {
        invoke(&w, "dashboard", json!({"code": "DEMO", "lang": "ru"})).unwrap()["summary"]
            ["personnel"]
            .clone()
    };
    let sn = everyone(&w, "DEMO")[0]["service_number"].clone();

    let args = json!({"serviceNumber": sn, "code": "DEMO", "reason": "переведён в другую часть"});
    let card = invoke(&w, "take_off_roster", args.clone()).unwrap();
    assert_eq!(card["contingents"], json!([]));
    assert_eq!(count(), json!(121));
    let off = invoke(&w, "off_roster", json!({"code": "DEMO"})).unwrap();
    assert_eq!(off[0]["person"]["service_number"], sn);
    assert_eq!(off[0]["reason"], json!("переведён в другую часть"));
    assert_eq!(off[0]["ended_by"], json!("капитан Омаров"));
    let e = invoke(&w, "take_off_roster", args).unwrap_err();
    assert_eq!(e["kind"], json!("conflict"));
    assert_eq!(e["problem"]["code"], json!("not_on_roster"));

    let back = json!({"serviceNumber": sn, "code": "DEMO"});
    let card = invoke(&w, "put_on_roster", back).unwrap();
    assert_eq!(card["contingents"], json!(["DEMO"]));
    assert_eq!(count(), json!(122));
    assert_eq!(
        invoke(&w, "off_roster", json!({"code": "DEMO"})).unwrap(),
        json!([])
    );
    // Both steps are in the activity log, newest first.
    let log = invoke(&w, "activity", json!({"limit": 2})).unwrap();
    let steps: Vec<String> = log
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["event"]["kind"].as_str().unwrap().to_string())
        .collect();
    assert_eq!(steps, ["put_on_roster", "taken_off_roster"]);
    assert_eq!(log[1]["event"]["service_number"], sn);
}

#[test]
fn the_matrix_comes_in_pages_of_the_readiness_and_follows_every_write() {
    let dir = tempfile::tempdir().unwrap();
    let (_app, w) = start(dir.path());
    with_demo(&w, "ru");
    let everyone = everyone(&w, "DEMO");
    let page = |filter: serde_json::Value, offset: u32, limit: u32| {
        invoke(
            &w,
            "matrix_page",
            json!({"code": "DEMO", "asOf": null, "filter": filter, "offset": offset, "limit": limit}),
        )
        .unwrap()
    };
    let all = json!({"unit": "", "category": null, "status": null, "module": "", "query": ""});
    let p = page(all.clone(), 10, 25);
    assert_eq!(p["total"], json!(122));
    assert_eq!(p["personnel"], json!(122));
    assert_eq!(p["offset"], json!(10));
    assert_eq!(p["rows"], json!(everyone[10..35]));
    assert_eq!(page(all.clone(), 120, 25)["rows"], json!(everyone[120..]));
    // A filter the screen offers, applied in the core.
    let unit = everyone[0]["unit"].clone();
    let of_unit = everyone.iter().filter(|p| p["unit"] == unit).count();
    let filtered = page(json!({"unit": unit, "query": ""}), 0, 500);
    assert_eq!(filtered["total"], json!(of_unit));
    assert!(filtered["rows"]
        .as_array()
        .unwrap()
        .iter()
        .all(|p| p["unit"] == unit));
    let sn = everyone[5]["service_number"].clone();
    let found = page(json!({"query": sn}), 0, 10);
    assert_eq!(
        (
            found["total"].clone(),
            found["rows"][0]["service_number"].clone()
        ),
        (json!(1), sn.clone())
    );

    // A person's standing is their row, as of today.
    let st = invoke(&w, "standing", json!({"code": "DEMO", "serviceNumber": sn})).unwrap();
    assert_eq!(st["person"], everyone[5]);
    assert_eq!(st["as_of"], json!(muster::dates::today().to_string()));
    let people = invoke(&w, "people", json!({"code": "DEMO"})).unwrap();
    assert_eq!(people.as_array().unwrap().len(), 122);
    assert_eq!(people[5]["service_number"], sn);

    // A write: the kept readiness is not used again; the page shows the new record.
    let (who, module) = everyone
        .iter()
        .find_map(|p| {
            let m = p["modules"].as_object().unwrap();
            m.iter()
                .find(|(_, s)| s["status"] == json!("missing"))
                .map(|(code, _)| (p["service_number"].clone(), code.clone()))
        })
        .expect("someone lacks a module in the demo");
    let cell = |who: &serde_json::Value| {
        page(json!({"query": who}), 0, 1)["rows"][0]["modules"][&module].clone()
    };
    assert_eq!(cell(&who)["status"], json!("missing"));
    let today = muster::dates::today().to_string();
    let session = json!({"session": {"module": module, "date": today, "result": "pass",
        "score": null, "hours": null, "instructor": "x", "notes": "", "attendees": [who]}});
    invoke(&w, "log_session", session).unwrap();
    assert_eq!(cell(&who)["status"], json!("complete"));
    assert_eq!(cell(&who)["completed_on"], json!(today));
    // Taken off the roster: gone from the pages and with no standing there.
    invoke(
        &w,
        "take_off_roster",
        json!({"serviceNumber": sn, "code": "DEMO", "reason": "переведён"}),
    )
    .unwrap();
    assert_eq!(page(all, 0, 1)["total"], json!(121));
    assert_eq!(
        invoke(&w, "standing", json!({"code": "DEMO", "serviceNumber": sn})).unwrap(),
        json!(null)
    );
}

/// The dashboard carries the retakes in the core's groups with their counts and first
/// pages; `retakes_page` gives any group's rows from any offset, the same rows.
#[test]
fn the_retakes_come_in_groups_and_pages() {
    let dir = tempfile::tempdir().unwrap();
    let (_app, w) = start(dir.path());
    with_demo(&w, "en");
    let d = invoke(&w, "dashboard", json!({"code": "DEMO", "lang": "en"})).unwrap();
    let r = &d["retakes"];
    assert_eq!(r["deployed"], json!(false));
    let groups = r["groups"].as_array().unwrap();
    assert!(!groups.is_empty(), "the demo has retakes to plan");
    let mut total = 0;
    for g in groups {
        let n = g["total"].as_u64().unwrap() as usize;
        total += n;
        assert_eq!(g["soon"], json!(g["band"] != json!("later")), "{g}");
        let page = |offset: usize, limit: usize| {
            invoke(
                &w,
                "retakes_page",
                json!({"code": "DEMO", "asOf": d["as_of"], "band": g["band"],
                    "offset": offset, "limit": limit}),
            )
            .unwrap()
        };
        let whole = page(0, 1000);
        assert_eq!(whole["total"], g["total"]);
        let rows = whole["rows"].as_array().unwrap();
        assert_eq!(rows.len(), n);
        assert!(rows.iter().all(|x| x["band"] == g["band"]));
        let first = g["rows"].as_array().unwrap();
        assert_eq!(first.len(), n.min(muster::due::FIRST_PAGE));
        assert_eq!(&rows[..first.len()], &first[..]);
        if n > 1 {
            assert_eq!(page(1, 1)["rows"], json!([rows[1]]));
        }
    }
    assert_eq!(r["total"], json!(total));
    // Deployment day: one list, what lapses in the tour.
    let deploy = d["contingent"]["deploy_on"].clone();
    let on = invoke(
        &w,
        "dashboard",
        json!({"code": "DEMO", "lang": "en", "asOf": deploy}),
    )
    .unwrap();
    assert_eq!(on["retakes"]["deployed"], json!(true));
    assert_eq!(on["retakes"]["groups"].as_array().unwrap().len(), 1);
    assert_eq!(on["retakes"]["groups"][0]["band"], json!(null));
    let tour = invoke(
        &w,
        "retakes_page",
        json!({"code": "DEMO", "asOf": deploy, "band": null, "offset": 0, "limit": 1000}),
    )
    .unwrap();
    assert_eq!(tour["total"], on["retakes"]["total"]);
    assert!(tour["rows"]
        .as_array()
        .unwrap()
        .iter()
        .all(|x| x["expires_on"].as_str().unwrap() > deploy.as_str().unwrap()));
}
