//! Sign-off freezes a report; verify names every record that changed under it.

#[path = "../../tests/support/mod.rs"]
mod support;

use std::process::Command;

use muster::domain::AttemptPatch;
use muster::domain::Decision;
use muster::domain::Lang;
use muster::report::{self, html::Signatories, ChangeKind};
use muster::signing::Format;
use muster::signoff;
use muster::store::NewValidation;
use support::cli::muster;
use support::records::*;

fn sign(f: &mut Fixture, decision: Decision) -> muster::store::StoredValidation {
    signoff::validate(
        &mut f.store,
        CODE,
        &NewValidation {
            as_of: as_of(),
            team: "INDBATT validation team".into(),
            validator: "Lt Col R. Sharma".into(),
            decision,
            notes: "BFAC of KZ100004 to be retaken".into(),
        },
        BY,
    )
    .unwrap()
}

/// The report as this database issues it, signed with the test key.
fn issue(f: &Fixture, r: &report::Report, format: Format, lang: Lang) -> Vec<u8> {
    let id = f.store.database_id().unwrap();
    report::issue(r, format, lang, &Signatories::default(), &test_key(), &id).unwrap()
}

fn verify(f: &Fixture, file: &[u8]) -> muster::Result<signoff::Verdict> {
    signoff::verify(&f.store, file, Some(&test_key()))
}

fn exported(f: &Fixture) -> (Vec<u8>, Vec<u8>) {
    let r = signoff::report_for(&f.store, CODE, as_of()).unwrap();
    assert!(
        r.validation.is_some(),
        "the printed report carries the sign-off"
    );
    let pdf = issue(f, &r, Format::Pdf, Lang::Kk);
    (issue(f, &r, Format::Json, Lang::Kk), pdf)
}

#[test]
fn sign_off_then_verify_is_unchanged() {
    let mut f = fixture();
    let v = sign(&mut f, Decision::Validated);
    assert_eq!(v.report_sha256, report::sha256_hex(&v.report_json));
    let (json, pdf) = exported(&f);
    for file in [&json, &pdf] {
        let verdict = verify(&f, file).unwrap();
        assert!(verdict.unchanged(), "{:?}", verdict.changes);
        assert_eq!(verdict.sha256.as_deref(), Some(v.report_sha256.as_str()));
        assert_eq!(verdict.validation.as_ref().unwrap().id, v.id);
    }
    assert!(!signoff::status(&f.store, CODE).unwrap().unwrap().changed());
}

/// A module retired after the sign-off: its records that counted then are each listed as
/// no longer counting; one voided and one corrected before the sign-off counted for
/// nothing then and are not (they used to inflate the count of changes).
#[test]
fn a_retired_module_lists_only_the_records_that_counted_at_sign_off() {
    let mut f = fixture();
    let voided = record_id(&f.store, "KZ100001", "POC", "2025-02-10");
    f.store.void(&voided, BY, "entered twice").unwrap();
    sign(&mut f, Decision::Validated);
    let (json, _) = exported(&f);
    let frozen: serde_json::Value = serde_json::from_slice(&json).unwrap();
    let counted = frozen["records"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|r| r["module"] == "POC" && r["state"] == "active")
        .count();
    assert!(counted > 0);
    f.store
        .retire_module("POC", BY, "not for this mission")
        .unwrap();
    let v = verify(&f, &json).unwrap();
    let dropped: Vec<_> = v
        .changes
        .iter()
        .filter(|c| c.kind == ChangeKind::Dropped)
        .collect();
    assert_eq!(dropped.len(), counted, "{:?}", v.changes);
    assert!(dropped
        .iter()
        .all(|c| c.record.as_ref().unwrap().id != voided));
}

/// A file signed off as validated, and the team's later decision on the same report date
/// withdrawing it: the file no longer verifies as standing, and the later decision is
/// named first. The file of the later decision verifies unchanged.
#[test]
fn a_decision_replaced_by_a_later_one_on_the_same_report_date_is_said() {
    let mut f = fixture();
    sign(&mut f, Decision::Validated);
    let (json, pdf) = exported(&f);
    let later = sign(&mut f, Decision::NotValidated);
    for file in [&json, &pdf] {
        let v = verify(&f, file).unwrap();
        assert!(!v.unchanged());
        assert_eq!(v.changes[0].kind, ChangeKind::Decision, "{:?}", v.changes);
        let line = v.changes[0].to_string();
        assert!(
            line.starts_with("a later decision on the same report date replaced the one this file carries: validation #2 (not-validated"),
            "{line}"
        );
        assert!(line.contains(&later.recorded_at), "{line}");
    }
    // The list of decisions says so too (it used to list the first as "unchanged").
    let listed = muster(f.path()).ok(&["validations", CODE]);
    let first = listed.lines().find(|l| l.starts_with("1 ")).unwrap();
    assert!(first.ends_with("replaced by a later decision"), "{listed}");
    let second = listed.lines().find(|l| l.starts_with("2 ")).unwrap();
    assert!(second.ends_with("unchanged"), "{listed}");
    let (json, pdf) = exported(&f);
    for file in [&json, &pdf] {
        let v = verify(&f, file).unwrap();
        assert!(v.unchanged(), "{:?}", v.changes);
        assert_eq!(v.validation.unwrap().id, later.id);
    }
}

#[test]
fn the_printed_report_shows_the_hash_and_the_decision() {
    let mut f = fixture();
    let v = sign(&mut f, Decision::NotValidated);
    let r = signoff::report_for(&f.store, CODE, as_of()).unwrap();
    let html = report::html::render(&r, Lang::En, &Signatories::default(), &test_issuer());
    assert!(html.contains(&v.report_sha256) && html.contains("NOT VALIDATED"));
    assert!(html.contains("Lt Col R. Sharma"));
    let (_, pdf) = exported(&f);
    let path = f.dir.path().join("v.pdf");
    std::fs::write(&path, &pdf).unwrap();
    let out = Command::new("pdftotext")
        .arg(&path)
        .arg("-")
        .output()
        .unwrap();
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.contains(&v.report_sha256), "hash printed in the PDF");
    assert!(
        text.contains("ВАЛИДАЦИЯДАН ӨТПЕДІ"),
        "decision printed in the PDF"
    );
    // When it was signed off, to the minute and in UTC, as the HTML says it: a day alone
    // would read as the day before east of Greenwich.
    let stamp = r.validation.as_ref().unwrap();
    let minute = stamp.recorded_at.get(11..16).unwrap();
    let when = format!("{minute} UTC");
    assert!(html.contains(&when), "{when} in the HTML");
    assert!(
        text.replace('\n', " ").contains(&when),
        "{when} in the PDF: {text}"
    );
    assert_eq!(
        signoff::pdf_marker(&pdf).as_deref(),
        Some(v.report_sha256.as_str())
    );
}

#[test]
fn amend_after_sign_off_is_reported_by_person_and_module() {
    let mut f = fixture();
    sign(&mut f, Decision::Validated);
    let (json, pdf) = exported(&f);
    let id = record_id(&f.store, "KZ100001", "POC", "2025-02-10");
    let patch = AttemptPatch {
        date: Some(d("2025-02-11")),
        ..Default::default()
    };
    let new_id = f.store.amend(&id, &patch, BY, "date typed wrong").unwrap();
    for file in [&json, &pdf] {
        let v = verify(&f, file).unwrap();
        assert!(!v.unchanged());
        let amended: Vec<_> = v
            .changes
            .iter()
            .filter(|c| c.kind == ChangeKind::Amended)
            .collect();
        assert_eq!(amended.len(), 1, "{:?}", v.changes);
        assert_eq!(amended[0].service_number, "KZ100001");
        assert_eq!(amended[0].module.as_deref(), Some("POC"));
        assert_eq!(
            amended[0].record.as_ref().map(|r| r.id.as_str()),
            Some(id.as_str())
        );
        let replacement = amended[0].replacement.as_ref().unwrap();
        assert_eq!(
            (replacement.id.as_str(), replacement.date),
            (new_id.as_str(), d("2025-02-11"))
        );
        let line = amended[0].to_string();
        assert!(
            line.starts_with("amended: KZ100001 POC record") && line.contains(&new_id),
            "{line}"
        );
        let kk = amended[0].describe(Lang::Kk);
        assert!(
            kk.starts_with("түзетілді: KZ100001 POC жазба") && kk.contains("11.02.2025, өтті"),
            "{kk}"
        );
        // The correction is part of the amendment, not reported again as an addition.
        assert!(v.changes.iter().all(|c| c.kind != ChangeKind::Added));
    }
    let s = signoff::status(&f.store, CODE).unwrap().unwrap();
    assert!(s.changed());
    let r = signoff::report_for(&f.store, CODE, as_of()).unwrap();
    let html = report::html::render(&r, Lang::Ru, &Signatories::default(), &test_issuer());
    assert!(html.contains("Записи, изменённые после валидации"));
    assert!(
        html.contains("исправлена: KZ100001 POC запись"),
        "the change is listed in Russian"
    );
}

#[test]
fn a_person_moved_or_renamed_after_sign_off_is_reported_field_by_field() {
    let mut f = fixture();
    sign(&mut f, Decision::Validated);
    let (json, pdf) = exported(&f);
    let mut p = f.store.person("KZ100002").unwrap();
    let (unit, family) = (p.unit.clone(), p.family_name.clone());
    p.unit = "3 взвод".into();
    p.family_name = "Петрова".into();
    f.store.update_person(&p, BY).unwrap();
    for file in [&json, &pdf] {
        let v = verify(&f, file).unwrap();
        let details: Vec<String> = v
            .changes
            .iter()
            .filter(|c| c.kind == ChangeKind::Details)
            .map(|c| c.to_string())
            .collect();
        assert_eq!(
            details,
            [
                format!("details changed: KZ100002: family name «{family}» → «Петрова»"),
                format!("details changed: KZ100002: unit «{unit}» → «3 взвод»"),
            ]
        );
    }
    let ru = verify(&f, &json).unwrap().changes[0].describe(Lang::Ru);
    assert!(ru.starts_with("изменены данные: KZ100002"), "{ru}");
    // Put back as it was, the report is unchanged again.
    p.unit = unit;
    p.family_name = family;
    f.store.update_person(&p, BY).unwrap();
    assert!(verify(&f, &json).unwrap().unchanged());
}

/// The frame of a signed-off report moved under it: the contingent's mission and
/// deployment day, a module's title and validity, a module added and one retired. Each is
/// one line saying from what to what, listed before the people whose standing it moved,
/// and the report no longer verifies; put back, it does again.
#[test]
fn a_contingent_or_curriculum_changed_after_sign_off_is_reported_field_by_field() {
    let mut f = fixture();
    sign(&mut f, Decision::Validated);
    let (json, pdf) = exported(&f);
    let mut c = f.store.contingent(CODE).unwrap();
    let was = c.clone();
    c.mission = "MINUSCA".into();
    c.deploy_on = c.deploy_on - chrono::Days::new(11);
    f.store.edit_contingent(CODE, &c, BY).unwrap();
    let mut roe = f.store.module("ROE").unwrap();
    let roe_was = roe.clone();
    roe.title = "Rules of engagement (UNIFIL)".into();
    roe.validity_months = Some(6);
    roe.pass_mark = Some(90.0);
    roe.applies_to = vec![
        muster::domain::Category::Officer,
        muster::domain::Category::Nco,
    ];
    f.store.update_module(&roe, BY).unwrap();
    f.store
        .add_module(
            &muster::domain::Module {
                code: "MINES".into(),
                title: "Mine awareness".into(),
                title_ru: None,
                title_kk: None,
                ..roe_was.clone()
            },
            BY,
        )
        .unwrap();
    f.store
        .retire_module("KINPOT", BY, "not for this mission")
        .unwrap();
    let day = |d: chrono::NaiveDate| Lang::En.date(d);
    for file in [&json, &pdf] {
        let v = verify(&f, file).unwrap();
        assert!(!v.unchanged());
        let frame: Vec<String> = v
            .changes
            .iter()
            .filter(|c| matches!(c.kind, ChangeKind::Contingent | ChangeKind::Curriculum))
            .map(|c| c.to_string())
            .collect();
        assert_eq!(
            frame,
            [
                format!("the contingent's details changed: mission «{}» → «MINUSCA»", was.mission),
                format!(
                    "the contingent's details changed: deployment {} → {}",
                    day(was.deploy_on),
                    day(c.deploy_on)
                ),
                format!(
                    "the curriculum changed: ROE: title «{}» → «Rules of engagement (UNIFIL)»",
                    roe_was.title
                ),
                format!(
                    "the curriculum changed: ROE: validity, months {} → 6",
                    roe_was.validity_months.map_or("—".into(), |m| m.to_string())
                ),
                "the curriculum changed: ROE: who must take it «Officers, NCOs, Enlisted» → «Officers, NCOs»".to_string(),
                format!(
                    "the curriculum changed: ROE: pass mark {} → 90",
                    roe_was.pass_mark.map_or("—".into(), |m| m.to_string())
                ),
                "the curriculum changed: KINPOT: module «Kazakhstan–India Peacekeeping Operational Training» → —".to_string(),
                "the curriculum changed: MINES: module — → «Mine awareness»".to_string(),
            ]
        );
        let first = v.changes.iter().position(|c| c.kind == ChangeKind::Status);
        let last_frame = v
            .changes
            .iter()
            .rposition(|c| matches!(c.kind, ChangeKind::Contingent | ChangeKind::Curriculum));
        assert!(
            first.is_none() || first > last_frame,
            "the frame is said first"
        );
    }
    let ru = verify(&f, &json).unwrap().changes[0].describe(Lang::Ru);
    assert!(
        ru.starts_with("изменены данные контингента: миссия"),
        "{ru}"
    );
    // A change put back is no change.
    f.store.edit_contingent(CODE, &was, BY).unwrap();
    let v = verify(&f, &json).unwrap();
    assert!(
        v.changes.iter().all(|c| c.kind != ChangeKind::Contingent),
        "{:?}",
        v.changes
    );
}

/// A certificate valid on the report date that now runs out before deployment (its
/// module's validity cut after the sign-off) is said as every view says it, "lapses before
/// deployment", not "expired".
#[test]
fn a_standing_that_now_lapses_before_deployment_is_said_so_not_expired() {
    let mut f = fixture();
    sign(&mut f, Decision::Validated);
    let (json, _) = exported(&f);
    let mut sea = f.store.module("SEA").unwrap();
    sea.validity_months = Some(4); // 20.11.2024 + 4 months: valid on 03.03, gone by 07.04
    f.store.update_module(&sea, BY).unwrap();
    let v = verify(&f, &json).unwrap();
    let line = v
        .changes
        .iter()
        .find(|c| c.kind == ChangeKind::Status && c.service_number == "KZ100001")
        .map(|c| c.to_string())
        .expect("KZ100001's SEA changed");
    assert!(
        line.starts_with("standing changed: KZ100001 SEA: Complete → Lapses before deployment"),
        "{line}"
    );
}

/// What changed is listed person by person, by service number, each person's lines in
/// the order they explain each other: taken off the roster first, then what that did.
#[test]
fn changes_are_listed_person_by_person_each_starting_with_what_explains_the_rest() {
    let mut f = fixture();
    sign(&mut f, Decision::Validated);
    let (json, _) = exported(&f);
    f.store
        .take_off_roster("KZ100003", CODE, BY, "medical")
        .unwrap();
    let mut p = f.store.person("KZ100001").unwrap();
    p.unit = "3 взвод".into();
    f.store.update_person(&p, BY).unwrap();
    let v = verify(&f, &json).unwrap();
    let sns: Vec<&str> = v
        .changes
        .iter()
        .map(|c| c.service_number.as_str())
        .collect();
    let mut sorted = sns.clone();
    sorted.sort();
    assert_eq!(sns, sorted, "by service number");
    let first = v
        .changes
        .iter()
        .find(|c| c.service_number == "KZ100003")
        .unwrap();
    assert_eq!(first.kind, ChangeKind::Left, "{:?}", v.changes);
    assert!(
        v.changes
            .iter()
            .filter(|c| c.service_number == "KZ100003")
            .count()
            > 1
    );
}

/// A signed-off record corrected twice reads as one amendment to the record that counts
/// (a pass corrected to a fail says fail), never as an amendment to the first correction
/// and a separate "added" record; its last correction voided, it reads as voided; a
/// record added and withdrawn since moves nothing.
#[test]
fn a_record_corrected_twice_reads_as_one_change_to_what_counts() {
    let mut f = fixture();
    sign(&mut f, Decision::Validated);
    let (json, _) = exported(&f);
    let id = record_id(&f.store, "KZ100001", "POC", "2025-02-10");
    let first = f
        .store
        .amend(
            &id,
            &AttemptPatch {
                score: Some(Some(60.0)),
                ..Default::default()
            },
            BY,
            "first fix",
        )
        .unwrap();
    let second = f
        .store
        .amend(
            &first,
            &AttemptPatch {
                result: Some(muster::domain::Outcome::Fail),
                ..Default::default()
            },
            BY,
            "second fix",
        )
        .unwrap();
    let added = log(&mut f.store, "KZ100005", "POC", "2025-02-28", "pass");
    f.store.void(&added, BY, "wrong soldier").unwrap();
    let v = verify(&f, &json).unwrap();
    let records: Vec<_> = v.changes.iter().filter(|c| c.record.is_some()).collect();
    assert_eq!(records.len(), 1, "{:?}", v.changes);
    let c = records[0];
    assert_eq!(c.kind, ChangeKind::Amended);
    let to = c.replacement.as_ref().unwrap();
    assert_eq!(
        (to.id.as_str(), to.result),
        (second.as_str(), muster::domain::Outcome::Fail)
    );
    assert!(c.to_string().contains("fail"), "{c}");
    f.store.void(&second, BY, "no such session").unwrap();
    let v = verify(&f, &json).unwrap();
    let kinds: Vec<_> = v
        .changes
        .iter()
        .filter(|c| c.record.is_some())
        .map(|c| (c.kind, c.record.as_ref().unwrap().id.clone()))
        .collect();
    assert_eq!(kinds, [(ChangeKind::Voided, id)]);
}

#[test]
fn void_and_added_records_are_reported_with_what_they_change() {
    let mut f = fixture();
    sign(&mut f, Decision::Validated);
    let (json, _) = exported(&f);
    let id = record_id(&f.store, "KZ100006", "KINPOT", "2025-03-03");
    f.store
        .void(&id, BY, "entered for the wrong soldier")
        .unwrap();
    // Backdated to before the report date: it changes what the report should have said.
    let added = log(&mut f.store, "KZ100005", "POC", "2025-02-28", "pass");
    let v = verify(&f, &json).unwrap();
    let kinds: Vec<(ChangeKind, &str, Option<&str>)> = v
        .changes
        .iter()
        .map(|c| (c.kind, c.service_number.as_str(), c.module.as_deref()))
        .collect();
    assert!(
        kinds.contains(&(ChangeKind::Voided, "KZ100006", Some("KINPOT"))),
        "{kinds:?}"
    );
    assert!(
        kinds.contains(&(ChangeKind::Added, "KZ100005", Some("POC"))),
        "{kinds:?}"
    );
    assert!(v
        .changes
        .iter()
        .any(|c| c.record.as_ref().map(|r| r.id.as_str()) == Some(added.as_str())));
    // Readiness recomputed as of the report date shows what that did.
    assert!(
        kinds.contains(&(ChangeKind::Status, "KZ100006", Some("KINPOT"))),
        "{kinds:?}"
    );
    assert!(
        kinds.contains(&(ChangeKind::Status, "KZ100005", Some("POC"))),
        "{kinds:?}"
    );
    // A record dated after the report date changes nothing in it.
    let mut g = fixture();
    sign(&mut g, Decision::Validated);
    let (json, _) = exported(&g);
    log(&mut g.store, "KZ100005", "POC", "2025-03-20", "pass");
    assert!(verify(&g, &json).unwrap().unchanged());
}

#[test]
fn an_edited_json_file_is_caught() {
    let mut f = fixture();
    sign(&mut f, Decision::Validated);
    let (json, _) = exported(&f);
    let edited = String::from_utf8(json)
        .unwrap()
        .replace("\"ready\": false", "\"ready\": true");
    // The signature no longer holds: refused before any record is compared.
    let e = verify(&f, edited.as_bytes()).unwrap_err();
    assert_eq!(
        e.problem(),
        muster::problem::Problem::ReportTampered {
            format: "JSON".into()
        }
    );
}

#[test]
fn decisions_are_kept_and_never_changed() {
    let mut f = fixture();
    let first = sign(&mut f, Decision::NotValidated);
    log(&mut f.store, "KZ100005", "POC", "2025-03-01", "pass");
    let second = sign(&mut f, Decision::Validated);
    let all = f.store.validations(CODE).unwrap();
    assert_eq!(
        all.iter().map(|v| v.id).collect::<Vec<_>>(),
        [first.id, second.id]
    );
    assert_ne!(first.report_sha256, second.report_sha256);
    // The latest decision on that date is the one printed.
    let r = signoff::report_for(&f.store, CODE, as_of()).unwrap();
    assert_eq!(r.validation.unwrap().id, second.id);
    let path = f.path();
    drop(f.store);
    let conn = rusqlite::Connection::open(&path).unwrap();
    for sql in [
        "UPDATE validation SET decision = 'validated'",
        "UPDATE validation SET report_json = '{}'",
        "DELETE FROM validation",
    ] {
        let e = conn.execute(sql, []).unwrap_err().to_string();
        assert!(e.contains("permanent"), "{sql}: {e}");
    }
}

#[test]
fn cli_validate_report_verify() {
    let f = fixture();
    let out = muster(f.path()).run(&[
        "validate",
        CODE,
        "--team",
        "INDBATT",
        "--validator",
        "Lt Col R. Sharma",
        "--decision",
        "validated",
        "--by",
        "op",
        "--as-of",
        "2025-03-03",
    ]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    // What was signed off, in figures, and a validated over people not ready said.
    let said = String::from_utf8_lossy(&out.stdout).into_owned();
    let r = report::build(&f.store, CODE, as_of()).unwrap();
    let t = &r.summary.total;
    assert!(t.ready < t.personnel);
    assert!(
        said.contains(&format!("; {} of {} ready (", t.ready, t.personnel))
            && said.contains(&format!(
                "\nnote: validated with {} not ready as of 2025-03-03",
                t.personnel - t.ready
            )),
        "{said}"
    );
    // A report day outside the rotation is refused: before training, after the tour, or
    // after deployment and still to come.
    for day in ["2025-01-05", "2026-01-01", "2099-01-01"] {
        let (code, said) = muster(f.path()).said(&[
            "validate",
            CODE,
            "--team",
            "INDBATT",
            "--validator",
            "Lt Col R. Sharma",
            "--decision",
            "not-validated",
            "--by",
            "op",
            "--as-of",
            day,
        ]);
        assert_eq!(code, 1, "{day}: {said}");
        assert!(
            said.contains("is taken on a report day from 2025-01-06 (training start) to ")
                && said.contains(&format!("{day} is not one")),
            "{day}: {said}"
        );
    }
    let pdf = f.dir.path().join("r.pdf");
    let json = f.dir.path().join("r.json");
    for (fmt, path) in [("pdf", &pdf), ("json", &json)] {
        let out = muster(f.path()).run(&[
            "report",
            CODE,
            "--as-of",
            "03.03.2025",
            "--format",
            fmt,
            "--lang",
            "ru",
            "--out",
            path.to_str().unwrap(),
        ]);
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
    for path in [&pdf, &json] {
        let out = muster(f.path()).run(&["verify", path.to_str().unwrap()]);
        assert_eq!(out.status.code(), Some(0));
        assert!(String::from_utf8_lossy(&out.stdout).starts_with("unchanged"));
    }
    let mut store = muster::Store::open(&f.path()).unwrap();
    let id = record_id(&store, "KZ100002", "SEA", "2024-05-10");
    store.void(&id, BY, "wrong person").unwrap();
    drop(store);
    let out = muster(f.path()).run(&["verify", pdf.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("voided: KZ100002 SEA record"), "{err}");
    let out = muster(f.path()).run(&["validations", CODE]);
    let listed = String::from_utf8_lossy(&out.stdout).to_string();
    assert!(
        listed.contains(" change\n") || listed.contains(" changes\n"),
        "{listed}"
    );
    let out = muster(f.path()).run(&["verify", f.path().to_str().unwrap()]);
    assert_eq!(
        out.status.code(),
        Some(1),
        "a database file is not a report"
    );
}

#[test]
fn due_lists_retakes_soonest_first_in_bands() {
    let f = fixture();
    let list = muster::due::due(&f.store, CODE, as_of(), None).unwrap();
    let rows: Vec<(&str, &str, chrono::NaiveDate, muster::due::Band)> = list
        .iter()
        .map(|d| {
            (
                d.service_number.as_str(),
                d.module.as_str(),
                d.due_by,
                d.band,
            )
        })
        .collect();
    use muster::due::Band::*;
    assert_eq!(
        rows,
        [
            // BFAC lapses 15 March: retake by the 14th (11 days).
            ("KZ100004", "BFAC", d("2025-03-14"), Within30),
            // SEA lapses in the tour: retake before deploying on 7 April (34 days).
            ("KZ100002", "SEA", d("2025-04-06"), Within60),
        ]
    );
    // A retake of SEA (12 months) before 8 Oct 2024 would lapse before the tour ends.
    assert_eq!(list[1].earliest, d("2024-10-08"));
    // That day is past on 3 March 2025: any day left will do, and nothing says "not before".
    assert_eq!(list[1].not_before, None);
    assert_eq!(
        muster::due::due(&f.store, CODE, as_of(), Some(30))
            .unwrap()
            .len(),
        1
    );
    let out = muster(f.path()).run(&["due", CODE, "--as-of", "2025-03-03", "--format", "json"]);
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v[0]["band"], "within30");
    assert_eq!(v[1]["due_by"], "2025-04-06");
    assert_eq!(v[1]["not_before"], serde_json::Value::Null);

    // Once BFAC has lapsed (15 March) it is no longer "within 30 days" nor "overdue" (still
    // valid): it is lapsed, first in the list, and due the day before deployment.
    let later = muster::due::due(&f.store, CODE, d("2025-03-20"), Some(7)).unwrap();
    let first = &later[0];
    assert_eq!(
        (first.module.as_str(), first.band, first.due_by),
        ("BFAC", Lapsed, d("2025-04-06"))
    );
    assert_eq!(first.days_left, 17);
    assert_eq!(
        later.len(),
        1,
        "a lapsed certificate is listed whatever --within says"
    );

    // As read on the command line: a lapsed certificate's line names its deadline, never
    // a day past; once deployed, no retake is offered, only what runs out in the tour.
    let text = muster(f.path()).ok(&["due", CODE, "--as-of", "2025-03-20"]);
    assert!(
        text.starts_with("== lapsed: retake before deployment =="),
        "{text}"
    );
    assert!(
        !text.split_whitespace().any(|w| w.len() > 1
            && w.starts_with('-')
            && w[1..].chars().all(|c| c.is_ascii_digit())),
        "no negative count of days: {text}"
    );
    let deployed = muster(f.path()).ok(&["due", CODE, "--as-of", "2025-05-01"]);
    assert!(
        deployed.starts_with(&format!(
            "{CODE} deployed on 2025-04-07: no retake is possible now; certificates that run out during the tour"
        )),
        "{deployed}"
    );
    assert!(!deployed.contains("retake by"), "{deployed}");
    // Readiness after deployment counts the days since, never a negative count to it.
    let ready = muster(f.path()).ok(&["readiness", CODE, "--as-of", "2025-05-01"]);
    assert!(ready.contains("(deployed 24 days ago)"), "{ready}");
    assert!(deployed.contains("SEA"), "{deployed}");
}

/// A PDF working copy (no decision on it) is exactly as issued, on the laptop that issued
/// it as on any other: exit 0, its records not compared (it carries no report), saying so;
/// the command line says why on each.
#[test]
fn a_working_copy_pdf_verifies_as_issued_and_says_its_records_are_not_compared() {
    let f = fixture();
    let r = report::build(&f.store, CODE, as_of()).unwrap();
    let pdf = issue(&f, &r, Format::Pdf, Lang::En);
    let v = verify(&f, &pdf).unwrap();
    assert!(!v.records_checked && v.issued_here && !v.signed_off);
    let path = f.dir.path().join("draft.pdf");
    std::fs::write(&path, &pdf).unwrap();
    let (code, said) = muster(f.path()).said(&["verify", path.to_str().unwrap()]);
    assert_eq!(code, 0, "{said}");
    assert!(
        said.contains("\nrecords not compared: a PDF or HTML working copy"),
        "{said}"
    );
    let elsewhere = fixture();
    let (code, said) = muster(elsewhere.path()).said(&["verify", path.to_str().unwrap()]);
    assert_eq!(code, 0, "{said}");
    assert!(
        said.contains("\nrecords not checked: it was issued from another database"),
        "{said}"
    );
    // Its JSON can still be compared with the records it covers.
    let json = issue(&f, &r, Format::Json, Lang::En);
    let v = verify(&f, &json).unwrap();
    assert!(v.unchanged() && v.validation.is_none());
}

/// Every field a change carries, exactly: a status change's standing then and now as of the
/// report date, the family name of who joined or left the roster, and a rewritten chain
/// entry's hashes (now, signed off). Pinned because mutation testing showed each field could
/// be dropped with no test noticing.
#[test]
fn each_change_says_exactly_what_changed() {
    use muster::rules::Status;
    let mut f = fixture();
    // KZ100001 is off the roster when the report is signed, and put back after: joined.
    f.store
        .take_off_roster("KZ100001", CODE, BY, "on leave")
        .unwrap();
    sign(&mut f, Decision::Validated);
    let (json, _) = exported(&f);
    f.store.put_on_roster("KZ100001", CODE, BY).unwrap();
    // KZ100002 leaves after it: left.
    f.store
        .take_off_roster("KZ100002", CODE, BY, "posted to another unit")
        .unwrap();
    // A voiding that turns a complete module into a missing one: a status change.
    let id = record_id(&f.store, "KZ100006", "KINPOT", "2025-03-03");
    f.store
        .void(&id, BY, "entered for the wrong soldier")
        .unwrap();
    let v = verify(&f, &json).unwrap();
    let name = |sn: &str| f.store.person(sn).unwrap().family_name;
    let joined: Vec<_> = v
        .changes
        .iter()
        .filter(|c| c.kind == ChangeKind::Joined)
        .map(|c| (c.service_number.as_str(), c.name.clone()))
        .collect();
    assert_eq!(joined, [("KZ100001", Some(name("KZ100001")))]);
    let left: Vec<_> = v
        .changes
        .iter()
        .filter(|c| c.kind == ChangeKind::Left)
        .map(|c| (c.service_number.as_str(), c.name.clone()))
        .collect();
    assert_eq!(left, [("KZ100002", Some(name("KZ100002")))]);
    let status: Vec<_> = v
        .changes
        .iter()
        .filter(|c| c.kind == ChangeKind::Status)
        .map(|c| {
            (
                c.service_number.as_str(),
                c.module.as_deref(),
                c.was,
                c.now,
                c.as_of,
            )
        })
        .collect();
    assert_eq!(
        status,
        [(
            "KZ100006",
            Some("KINPOT"),
            Some(Status::Complete),
            Some(Status::Missing),
            Some(as_of())
        )]
    );

    // The chain entry the report pinned, rewritten behind Muster's back: named by its
    // number, with the hash found and the one signed off.
    let pinned = signoff::report_for(&f.store, CODE, as_of())
        .unwrap()
        .chain
        .expect("a signed report pins the chain");
    let raw = rusqlite::Connection::open(f.path()).unwrap();
    raw.execute_batch("DROP TRIGGER ledger_append_only_u")
        .unwrap();
    raw.execute(
        "UPDATE ledger SET hash = zeroblob(32) WHERE seq = ?1",
        [pinned.seq],
    )
    .unwrap();
    drop(raw);
    let v = verify(&f, &json).unwrap();
    let history: Vec<_> = v
        .changes
        .iter()
        .filter(|c| c.kind == ChangeKind::History)
        .map(|c| (c.name.clone(), c.hashes.clone()))
        .collect();
    assert_eq!(
        history,
        [(
            Some(format!("#{}", pinned.seq)),
            Some(("0".repeat(64), pinned.hash.clone()))
        )]
    );
}

/// A report changed after its sign-off and signed again by a key this laptop trusts (a
/// validator's laptop rewriting its own file): the signature holds, and the change says the
/// content no longer hashes as signed off: the hash found, then the one signed off.
#[test]
fn a_resigned_report_that_differs_from_its_sign_off_names_both_hashes() {
    let mut f = fixture();
    sign(&mut f, Decision::Validated);
    let mut r = signoff::report_for(&f.store, CODE, as_of()).unwrap();
    let signed_off = r.validation.as_ref().unwrap().sha256.clone();
    r.personnel[0].ready = !r.personnel[0].ready;
    let found = report::sha256_hex(&report::canonical_json(&r));
    assert_ne!(found, signed_off);
    let file = issue(&f, &r, Format::Json, Lang::En);
    let v = verify(&f, &file).unwrap();
    let altered: Vec<_> = v
        .changes
        .iter()
        .filter(|c| c.kind == ChangeKind::Altered)
        .map(|c| c.hashes.clone())
        .collect();
    assert_eq!(altered, [Some((found, signed_off))]);
}

fn problem_code(e: muster::Error) -> String {
    serde_json::to_value(e.problem()).unwrap()["code"]
        .as_str()
        .unwrap()
        .to_string()
}

/// A decision freezes a report for good: the same decision again (a second click, the
/// command run twice) with nothing changed is refused, naming the first; a different word
/// or a changed record makes a new decision as before.
#[test]
fn the_same_decision_twice_with_nothing_changed_is_refused() {
    let mut f = fixture();
    let first = sign(&mut f, Decision::NotValidated);
    let again = signoff::validate(
        &mut f.store,
        CODE,
        &NewValidation {
            as_of: as_of(),
            team: " INDBATT validation team".into(),
            validator: "Lt Col R. Sharma ".into(),
            decision: Decision::NotValidated,
            notes: "BFAC of KZ100004 to be retaken".into(),
        },
        BY,
    )
    .unwrap_err();
    assert_eq!(
        again.to_string(),
        format!(
            "decision #{} of {} says the same (day, decision, team, validator, notes) and no record changed since: nothing was recorded",
            first.id, first.recorded_at
        )
    );
    assert_eq!(f.store.validations(CODE).unwrap().len(), 1);
    // Another decision on the same records is a decision.
    let other = sign(&mut f, Decision::Validated);
    assert!(other.id > first.id);
    // The same words after a record changed: a new decision on new records.
    log(&mut f.store, "KZ100004", "BFAC", "2025-02-20", "pass");
    sign(&mut f, Decision::Validated);
    assert_eq!(f.store.validations(CODE).unwrap().len(), 3);
}

/// Nobody on the roster, or no module required of anyone: every figure would read 100%
/// ready, and a sign-off of that is refused.
#[test]
fn a_contingent_with_no_one_or_no_module_cannot_be_validated() {
    let mut f = fixture();
    let empty = muster::domain::Contingent {
        code: "EMPTY".into(),
        ..contingent()
    };
    f.store.add_contingent(&empty, BY).unwrap();
    let v = NewValidation {
        as_of: as_of(),
        team: "T".into(),
        validator: "V".into(),
        decision: Decision::Validated,
        notes: String::new(),
    };
    let e = signoff::validate(&mut f.store, "EMPTY", &v, BY).unwrap_err();
    assert_eq!(problem_code(e), "no_one_to_validate");
    for m in f.store.modules(false).unwrap() {
        f.store
            .retire_module(&m.code, BY, "wrong curriculum")
            .unwrap();
    }
    let e = signoff::validate(&mut f.store, CODE, &v, BY).unwrap_err();
    assert_eq!(problem_code(e), "no_modules_to_validate");
    assert!(f.store.validations(CODE).unwrap().is_empty());
}

/// A tour as long as a module's validity: no retake before deployment lasts it. No "not
/// before" a day past the deadline is offered (following it would leave the soldier lapsed
/// on deployment day); the line says when even a retake on the last day runs out.
#[test]
fn a_retake_that_cannot_last_the_tour_says_so() {
    let mut f = fixture();
    f.store
        .add_contingent(
            &muster::domain::Contingent {
                code: "LONG".into(),
                tour_months: 12,
                ..contingent()
            },
            BY,
        )
        .unwrap();
    f.store.put_on_roster("KZ100007", "LONG", BY).unwrap();
    let list = muster::due::due(&f.store, "LONG", as_of(), None).unwrap();
    let sea = list
        .iter()
        .find(|x| x.service_number == "KZ100007" && x.module == "SEA")
        .unwrap();
    assert_eq!(sea.due_by, d("2025-04-06"));
    assert_eq!(sea.not_before, None);
    assert_eq!(sea.short_of_tour, Some(d("2026-04-06")));
    let text = muster(f.path()).ok(&["due", "LONG", "--as-of", "2025-03-03"]);
    assert!(
        text.contains("any day; still lapses 2026-04-06, in the tour"),
        "{text}"
    );
}

/// `--out` names the format when `--format` is left out (any case, `.htm` too); a format
/// and an ending that disagree, or neither, are refused with nothing written.
#[test]
fn the_report_takes_its_format_from_the_file_ending() {
    let f = fixture();
    let file = |name: &str| f.dir.path().join(name);
    let report = |extra: &[&str]| {
        let mut args = vec!["report", CODE, "--as-of", "2025-03-03"];
        args.extend(extra);
        muster(f.path()).run(&args)
    };
    for (name, starts) in [
        ("r.PDF", &b"%PDF-"[..]),
        ("r.htm", &b"<!DOCTYPE html>"[..]),
        ("r.json", &b"{"[..]),
    ] {
        let out = report(&["--out", file(name).to_str().unwrap()]);
        assert!(
            out.status.success(),
            "{name}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        let written = std::fs::read(file(name)).unwrap();
        assert!(written.starts_with(starts), "{name}");
        // Muster's own signature holds, whichever way the file was named.
        let out = muster(f.path()).run(&["verify", file(name).to_str().unwrap()]);
        let said = format!(
            "{}{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        );
        assert!(
            said.contains("signed by") || said.contains("signature on the file is valid"),
            "{name}: {said}"
        );
    }
    let mixed = file("mixed.html");
    assert_eq!(
        muster(f.path()).fails(&[
            "report",
            CODE,
            "--format",
            "pdf",
            "--out",
            mixed.to_str().unwrap()
        ]),
        format!(
            "muster: --format pdf but --out {} ends in .html: give the file a .pdf ending, or leave --format out",
            mixed.display()
        )
    );
    assert!(!mixed.exists());
    let unnamed = file("r.txt");
    assert_eq!(
        muster(f.path()).fails(&["report", CODE, "--out", unnamed.to_str().unwrap()]),
        "muster: which format? give --format pdf, html or json (or an --out file ending in .pdf, .html or .json)"
    );
    assert!(!unnamed.exists());
}

/// A rotation made on a database with no curriculum (made by `contingent add`, not
/// `init`) used to read "READY 100%" in `readiness` and in a signed report: the figures
/// are now flagged on stderr, where a script's JSON is not disturbed, and the signed report
/// is refused as a sign-off is.
#[test]
fn nothing_required_is_not_reported_as_ready() {
    let dir = tempfile::tempdir().unwrap();
    let m = muster(dir.path().join("new.sqlite3")).by("Capt A");
    m.ok(&[
        "contingent",
        "add",
        "TEST-1",
        "--name",
        "T",
        "--mission",
        "UNIFIL",
        "--parent-unit",
        "INDBATT",
        "--training-start",
        "2026-11-01",
        "--deploy-on",
        "2027-03-01",
    ]);
    let roster = dir.path().join("r.csv");
    std::fs::write(
        &roster,
        "service_number;family_name;given_name;category;gender\nKZ900001;Аманов;Бек;enlisted;M\n",
    )
    .unwrap();
    m.ok(&[
        "import",
        "roster",
        roster.to_str().unwrap(),
        "--contingent",
        "TEST-1",
    ]);
    for args in [
        &["readiness", "TEST-1", "--format", "json"][..],
        &["due", "TEST-1"][..],
    ] {
        let o = m.run(args);
        assert!(o.status.success());
        let err = String::from_utf8(o.stderr).unwrap();
        assert!(
            err.starts_with("muster: warning: no module is required of anyone in TEST-1"),
            "{args:?}: {err}"
        );
    }
    let json: serde_json::Value =
        serde_json::from_slice(&m.run(&["readiness", "TEST-1", "--format", "json"]).stdout)
            .unwrap();
    assert_eq!(
        json["contingent"]["code"], "TEST-1",
        "stdout is still the JSON"
    );
    let out = dir.path().join("r.pdf");
    let e = m.fails(&["report", "TEST-1", "--out", out.to_str().unwrap()]);
    assert!(
        e.contains("no module is required of anyone in TEST-1"),
        "{e}"
    );
    assert!(!out.exists());
    // With the curriculum, no warning.
    m.ok(&["init"]);
    let o = m.run(&["readiness", "TEST-1"]);
    assert!(
        o.stderr.is_empty(),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    // Every module for officers only, and a roster of one soldier: nothing applies to
    // anyone here either. Said, and neither signed nor validated.
    for code in ["CULT", "ROE", "PATROL", "BFAC", "SEA", "POC", "KINPOT"] {
        m.ok(&["curriculum", "set", code, "--applies-to", "officer"]);
    }
    let o = m.run(&["readiness", "TEST-1"]);
    assert!(
        String::from_utf8_lossy(&o.stderr).contains("no module is required of anyone in TEST-1"),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    let e = m.fails(&["report", "TEST-1", "--out", out.to_str().unwrap()]);
    assert!(
        e.contains("no module is required of anyone in TEST-1"),
        "{e}"
    );
    let matrix = dir.path().join("m.csv");
    let o = m.run(&[
        "export",
        "matrix",
        "TEST-1",
        "--out",
        matrix.to_str().unwrap(),
    ]);
    assert!(o.status.success());
    assert!(String::from_utf8_lossy(&o.stderr).contains("no module is required of anyone"));
    let e = m.fails(&[
        "validate",
        "TEST-1",
        "--as-of",
        "2026-11-15",
        "--team",
        "VT",
        "--validator",
        "V",
        "--decision",
        "validated",
    ]);
    assert!(e.contains("nothing can be validated"), "{e}");
}

/// Read after the tour has ended, a certificate that lapsed only after the tour (valid
/// through all of it) is not listed as running out during the tour; one that lapsed in
/// the tour still is.
#[test]
fn after_the_tour_only_what_lapsed_in_it_is_listed() {
    let dir = tempfile::tempdir().unwrap();
    let m = muster(dir.path().join("d.sqlite3")).by("Capt A");
    m.ok(&["init"]);
    m.ok(&[
        "contingent",
        "add",
        "OLD",
        "--name",
        "Old",
        "--mission",
        "UNIFIL",
        "--parent-unit",
        "INDBATT",
        "--training-start",
        "2026-01-10",
        "--deploy-on",
        "2026-04-01",
        "--tour-months",
        "6",
    ]);
    let file = |name: &str, text: &str| {
        let p = dir.path().join(name);
        std::fs::write(&p, text).unwrap();
        p.to_str().unwrap().to_string()
    };
    let r = file(
        "r.csv",
        "service_number;family_name;given_name;category;gender\nKZ5;Аманов;Бек;enlisted;M\nKZ6;Бекова;Әсел;enlisted;F\n",
    );
    // SEA lasts 12 months: KZ5's lapses 2026-11-01, after the tour's end (2026-10-01);
    // KZ6's 2026-08-01, in the tour.
    let c = file(
        "c.csv",
        "service_number;module;date;result\nKZ5;SEA;01.11.2025;pass\nKZ6;SEA;01.08.2025;pass\n",
    );
    m.ok(&["import", "roster", &r, "--contingent", "OLD"]);
    m.ok(&["import", "completions", &c]);
    for as_of in ["2026-09-30", "2026-12-06"] {
        let out = m.ok(&["due", "OLD", "--as-of", as_of]);
        assert!(
            out.contains("2026-08-01") && out.contains("KZ6"),
            "{as_of}: {out}"
        );
        assert!(!out.contains("KZ5"), "{as_of}: {out}");
        let json: serde_json::Value =
            serde_json::from_str(&m.ok(&["due", "OLD", "--as-of", as_of, "--format", "json"]))
                .unwrap();
        let listed: Vec<&str> = json
            .as_array()
            .unwrap()
            .iter()
            .map(|d| d["service_number"].as_str().unwrap())
            .collect();
        assert_eq!(listed, ["KZ6"], "{as_of}");
    }
}

/// A report dated after today says on the error stream that it is a projection; a PDF
/// with nowhere to go is refused before anything else is said.
#[test]
fn a_report_of_a_day_to_come_is_said_to_be_a_projection() {
    let dir = tempfile::tempdir().unwrap();
    let m = muster(dir.path().join("demo.sqlite3")).by("Capt A");
    m.ok(&["demo"]);
    let later = (chrono::Local::now().date_naive() + chrono::Duration::days(100)).to_string();
    let o = m.run(&["report", "DEMO", "--as-of", &later, "--format", "json"]);
    assert!(o.status.success());
    let err = String::from_utf8(o.stderr).unwrap();
    assert!(
        err.contains(&format!("note: the report date {later} is after today"))
            && err.contains("a projection of the records held today"),
        "{err}"
    );
    let o = m.run(&["report", "DEMO", "--format", "json"]);
    assert!(!String::from_utf8_lossy(&o.stderr).contains("projection"));
    let e = m.fails(&["report", "DEMO", "--format", "pdf"]);
    assert_eq!(e, "muster: --out FILE is required for a PDF");
}
