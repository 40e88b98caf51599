//! The Reports screen's commands through real IPC on Tauri's mock runtime: view, save in
//! every format, record a decision, and see what changed since it.

use serde_json::{json, Value};

mod common;
use common::{invoke, start, with_demo};

#[test]
fn report_save_validate_and_changed_since() {
    let dir = tempfile::tempdir().unwrap();
    let (_app, w) = start(dir.path());
    with_demo(&w, "ru");

    // The report in Russian, as of an explicit date, with the report's own labels.
    let today = muster::dates::today();
    let v = invoke(
        &w,
        "report_view",
        json!({"code": "DEMO", "asOf": today.format("%d.%m.%Y").to_string(), "lang": "ru"}),
    )
    .unwrap();
    assert_eq!(v["report"]["header"]["code"], json!("DEMO"));
    assert_eq!(v["report"]["header"]["as_of"], json!(today.to_string()));
    assert_eq!(v["report"]["summary"]["personnel"], json!(122));
    assert_eq!(v["labels"]["personnel"], json!("Личный состав"));
    assert!(v["report"].get("validation").is_none());
    let covered = v["report"]["records"][0].clone();
    let sn = covered["service_number"].as_str().unwrap().to_string();
    let e = invoke(
        &w,
        "report_view",
        json!({"code": "DEMO", "asOf": "31.02.2027", "lang": "ru"}),
    )
    .unwrap_err();
    assert!(
        e["message"].as_str().unwrap().starts_with("report date:"),
        "{e}"
    );
    // The UI names the field and the problem in its own language from the data.
    assert_eq!(
        e["problem"],
        json!({"code": "in_field", "field": "report_date",
               "problem": {"code": "date_not_in_calendar", "value": "31.02.2027"}})
    );
    let e = invoke(
        &w,
        "report_view",
        json!({"code": "DEMO", "asOf": null, "lang": "fr"}),
    )
    .unwrap_err();
    assert_eq!(e["kind"], json!("invalid"));

    // Every format lands exactly where asked; a missing extension is added.
    for (format, name) in [
        ("pdf", "r.pdf"),
        ("html", "r.html"),
        ("json", "r"),
        ("csv", "m.csv"),
        ("xlsx", "m.xlsx"),
    ] {
        let path = dir.path().join(name);
        let req = json!({"request": {"code": "DEMO", "as_of": null, "lang": "kk",
            "format": format, "path": path.to_str().unwrap()}});
        let written = invoke(&w, "save_report", req).unwrap();
        let written = std::path::PathBuf::from(written.as_str().unwrap());
        assert!(written.starts_with(dir.path()), "{written:?}");
        let bytes = std::fs::read(&written).unwrap();
        let text = String::from_utf8_lossy(&bytes);
        match format {
            "pdf" => assert!(
                bytes.starts_with(b"%PDF") && text.trim_end().ends_with("%%EOF"),
                "a whole PDF"
            ),
            // The whole page, then its signature over every byte before it.
            "html" => assert!(
                text.contains("DEMO") && text.contains("</html>\n<!-- muster-signature Ed25519 "),
                "{}",
                &text[text.len() - 300..]
            ),
            "json" => {
                assert_eq!(written.extension().unwrap(), "json");
                let r: Value = serde_json::from_slice(&bytes).unwrap();
                assert_eq!(r["header"]["code"], json!("DEMO"), "{}", &text[..200]);
                assert_eq!(r["personnel"].as_array().unwrap().len(), 122);
            }
            // The matrix: a header, then one line per soldier of the demo's 122.
            "csv" => assert_eq!(text.lines().count(), 123, "{}", &text[..200]),
            "xlsx" => assert!(bytes.starts_with(b"PK")),
            _ => unreachable!(),
        }
    }
    let bad = json!({"request": {"code": "DEMO", "as_of": null, "lang": "en",
        "format": "pdf", "path": dir.path().join("r.xlsx").to_str().unwrap()}});
    let e = invoke(&w, "save_report", bad).unwrap_err();
    assert!(e["message"].as_str().unwrap().contains(".pdf"), "{e}");

    // Not validated yet; then a decision, listed newest first, unchanged.
    assert_eq!(
        invoke(
            &w,
            "validation_status",
            json!({"code": "DEMO", "lang": "en"})
        )
        .unwrap(),
        Value::Null
    );
    let input = json!({"as_of": null, "team": "INDBATT validation team",
        "validator": "Lt Col R. Sharma", "decision": "not-validated", "notes": "gaps in SEA"});
    let d = invoke(
        &w,
        "validate",
        json!({"code": "DEMO", "input": input, "lang": "en"}),
    )
    .unwrap();
    assert_eq!(d["decision"], json!("not-validated"));
    assert_eq!(d["recorded_by"], json!("капитан Омаров"));
    assert_eq!(d["changes"], json!([]));
    let list = invoke(&w, "validations", json!({"code": "DEMO", "lang": "en"})).unwrap();
    assert_eq!(list.as_array().unwrap().len(), 1);
    // The report of that date is now the frozen one, stamped.
    let v = invoke(
        &w,
        "report_view",
        json!({"code": "DEMO", "asOf": null, "lang": "en"}),
    )
    .unwrap();
    assert_eq!(
        v["report"]["validation"]["decision"],
        json!("not-validated")
    );
    // The PDF saved before the decision is a working copy: exactly as issued, but it
    // carries no report to compare the records with.
    let check = |path: &std::path::Path| {
        invoke(
            &w,
            "verify_file",
            json!({"path": path.to_str().unwrap(), "lang": "ru"}),
        )
    };
    let c = check(&dir.path().join("r.pdf")).unwrap();
    assert_eq!(
        (&c["records_checked"], &c["issued_here"], &c["signed_off"]),
        (&json!(false), &json!(true), &json!(false)),
        "{c}"
    );
    // The PDF saved after it is the signed report, and nothing has changed yet.
    let signed = dir.path().join("signed.pdf");
    let req = json!({"request": {"code": "DEMO", "as_of": null, "lang": "en",
        "format": "pdf", "path": signed.to_str().unwrap()}});
    invoke(&w, "save_report", req).unwrap();
    let c = check(&signed).unwrap();
    assert_eq!(c["decision"]["id"], d["id"]);
    assert_eq!(c["changes"], json!([]));
    // Issued here: how far the records go is not in question.
    assert_eq!(c["held_until"], json!(null));

    // Amend a covered record: the status names the soldier and the module.
    let flipped = if covered["result"] == json!("pass") {
        "fail"
    } else {
        "pass"
    };
    let fix = json!({"module": covered["module"], "date": covered["date"], "result": flipped, "score": null, "hours": null,
        "instructor": "", "notes": ""});
    invoke(
        &w,
        "amend",
        json!({"id": covered["id"], "fix": fix, "reason": "wrong result"}),
    )
    .unwrap();
    let st = invoke(
        &w,
        "validation_status",
        json!({"code": "DEMO", "lang": "ru"}),
    )
    .unwrap();
    let changes = st["changes"].as_array().unwrap();
    // The record changed, and so did its soldier's status in that module.
    let kinds: Vec<&str> = changes
        .iter()
        .map(|c| c["kind"].as_str().unwrap())
        .collect();
    assert_eq!(kinds, ["amended", "status"], "{st}");
    // What the changes add up to: the personnel alike, ready counted again now.
    assert_eq!(
        st["ready_then"]["personnel"], st["ready_now"]["personnel"],
        "{st}"
    );
    assert!(st["ready_now"]["ready"].is_u64(), "{st}");
    assert!(
        changes.iter().all(|c| c["module"] == covered["module"]),
        "{st}"
    );
    assert!(
        changes.iter().all(|c| c["service_number"] == json!(sn)),
        "{st}"
    );
    assert!(changes.iter().any(
        |c| c["kind"] == json!("amended") && c["text"].as_str().unwrap().contains("исправлена")
    ));
    let v = invoke(
        &w,
        "report_view",
        json!({"code": "DEMO", "asOf": null, "lang": "en"}),
    )
    .unwrap();
    let kinds: Vec<&Value> = v["changes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| &c["kind"])
        .collect();
    assert_eq!(
        kinds,
        [&json!("amended"), &json!("status")],
        "the report says the same, in its language"
    );
    // The signed PDF, checked again, names the same changes.
    let c = check(&signed).unwrap();
    assert_eq!(c["changes"], st["changes"]);
    assert_eq!(c["decision"]["changes"], st["changes"]);
    let e = check(std::path::Path::new(" ")).unwrap_err();
    assert_eq!(e["problem"], json!({"code": "no_file_chosen"}));
    let e = check(&dir.path().join("m.xlsx")).unwrap_err();
    assert_eq!(e["problem"], json!({"code": "not_a_report"}));

    // No operator: a decision is refused, nothing recorded.
    let s = json!({"settings": {"operator": " ", "language": "en", "contingent": null}});
    invoke(&w, "save_settings", s).unwrap();
    let input =
        json!({"as_of": null, "team": "t", "validator": "v", "decision": "validated", "notes": ""});
    let e = invoke(
        &w,
        "validate",
        json!({"code": "DEMO", "input": input, "lang": "en"}),
    )
    .unwrap_err();
    assert!(e["message"].as_str().unwrap().contains("Settings"), "{e}");
    let list = invoke(&w, "validations", json!({"code": "DEMO", "lang": "en"})).unwrap();
    assert_eq!(list.as_array().unwrap().len(), 1);
}
