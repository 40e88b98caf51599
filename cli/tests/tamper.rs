//! Records that cannot change unnoticed. Every SQL path that could overwrite or remove a
//! protected row is refused by the database itself; what gets past it (a dropped trigger,
//! then raw SQL) is named by `muster check`, entry by entry; `muster init` puts a dropped
//! trigger back and the audit log says so.

#[path = "../../tests/support/mod.rs"]
mod support;

use std::collections::BTreeSet;
use std::path::Path;

use muster::check::{self, Flaw};
use muster::domain::Decision;
use muster::domain::Outcome;
use muster::store::NewValidation;
use muster::Store;
use rusqlite::Connection;
use support::cli::muster;
use support::TempDb;

/// The demo contingent, one record voided and one decision taken: every protected table
/// has rows.
fn demo(t: &TempDb) -> Store {
    let mut s = t.store();
    muster::demo::load(&mut s, muster::dates::today()).unwrap();
    let first = first_record(&s, "pass");
    s.void(&first, "капитан Тестов", "введено дважды").unwrap();
    let v = NewValidation {
        as_of: muster::dates::today(),
        team: "INDBATT validation team".into(),
        validator: "Lt Col R. Sharma".into(),
        decision: Decision::NotValidated,
        notes: String::new(),
    };
    muster::signoff::validate(&mut s, "DEMO", &v, "капитан Тестов").unwrap();
    let roster = t.file(
        "roster.csv",
        "service_number;family_name;given_name;category;gender\nKZ990001;Жаңабаев;Ерлан;enlisted;M\n",
    );
    let table = muster::import::Table::open_csv(&roster).unwrap();
    let r = muster::import::import_roster(&mut s, table, &roster, "DEMO", "капитан Тестов", false)
        .unwrap();
    assert!(r.committed);
    s
}

fn first_record(s: &Store, result: &str) -> String {
    let people = s.personnel("DEMO").unwrap();
    people
        .iter()
        .flat_map(|p| s.history(&p.service_number).unwrap())
        .find(|h| h.attempt.result == result.parse::<Outcome>().unwrap())
        .unwrap()
        .attempt
        .id
}

/// A connection like the `sqlite3` shell's: it does not know Muster's functions.
fn shell(path: &Path) -> Connection {
    Connection::open(path).unwrap()
}

/// A connection with Muster's own hash functions, as someone who links the library would
/// have: the database must still refuse.
fn insider(path: &Path) -> Connection {
    let c = Connection::open(path).unwrap();
    muster::store::chain::register(&c).unwrap();
    c
}

/// Every row of every table, to prove a refused statement changed nothing.
fn everything(path: &Path) -> Vec<String> {
    let c = shell(path);
    let tables: Vec<String> = c
        .prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .collect::<rusqlite::Result<_>>()
        .unwrap();
    let mut out = Vec::new();
    for t in tables {
        let mut st = c.prepare(&format!("SELECT * FROM \"{t}\"")).unwrap();
        let n = st.column_count();
        let mut rows = st.query([]).unwrap();
        while let Some(r) = rows.next().unwrap() {
            let cells: Vec<String> = (0..n)
                .map(|i| format!("{:?}", r.get_ref(i).unwrap()))
                .collect();
            out.push(format!("{t}: {}", cells.join("|")));
        }
    }
    out
}

#[test]
fn every_sql_path_that_overwrites_or_removes_a_protected_row_is_refused() {
    let t = TempDb::new();
    drop(demo(&t));
    let before = everything(&t.path);
    let c = insider(&t.path);
    let attempt = "(SELECT min(seq) FROM attempt WHERE result = 'fail')";
    let statements = [
        // an attempt rewritten under the same id: fail → pass 95
        format!("INSERT OR REPLACE INTO attempt SELECT seq, id, person_id, module_id, date, 'pass', 95, hours, instructor, notes, recorded_by, recorded_at, supersedes, reason, import_id FROM attempt WHERE seq = {attempt}"),
        format!("REPLACE INTO attempt SELECT seq, id, person_id, module_id, date, 'pass', 95, hours, instructor, notes, recorded_by, recorded_at, supersedes, reason, import_id FROM attempt WHERE seq = {attempt}"),
        format!("INSERT INTO attempt SELECT * FROM attempt WHERE seq = {attempt} ON CONFLICT(id) DO UPDATE SET result = 'pass'"),
        format!("UPDATE attempt SET result = 'pass' WHERE seq = {attempt}"),
        format!("DELETE FROM attempt WHERE seq = {attempt}"),
        // a decision and its validator
        "INSERT OR REPLACE INTO validation SELECT id, contingent_id, as_of, team, 'Someone Else', 'validated', notes, recorded_by, recorded_at, report_json, report_sha256 FROM validation".into(),
        "REPLACE INTO validation SELECT * FROM validation".into(),
        "UPDATE validation SET decision = 'validated'".into(),
        // an audit row's actor
        "INSERT OR REPLACE INTO audit SELECT id, at, 'nobody', action, entity, entity_id, old_value, new_value FROM audit WHERE id = 1".into(),
        "INSERT INTO audit SELECT * FROM audit WHERE id = 1 ON CONFLICT(id) DO UPDATE SET actor = 'nobody'".into(),
        "DELETE FROM audit WHERE id = 1".into(),
        // a voiding's reason
        "INSERT OR REPLACE INTO voiding SELECT attempt_id, 'no reason', voided_by, voided_at FROM voiding".into(),
        "DELETE FROM voiding".into(),
        // a person replaced through another unique key, or another person overwritten by an update
        "INSERT OR REPLACE INTO person SELECT id + 100000, service_number, sn_key, 'Подменов', given_name, patronymic, rank, category, gender, role, unit, created_at, updated_at FROM person WHERE id = 1".into(),
        "UPDATE OR REPLACE person SET sn_key = (SELECT sn_key FROM person WHERE id = 2) WHERE id = 1".into(),
        "UPDATE person SET id = 999999 WHERE id = 1".into(),
        "DELETE FROM person WHERE id = 1".into(),
        // the curriculum and the contingent, through their case-insensitive codes
        "INSERT OR REPLACE INTO module (code, title, per_rotation, created_at) VALUES ('roe', 'x', 0, 'x')".into(),
        "DELETE FROM module".into(),
        "INSERT OR REPLACE INTO contingent (code, name, mission, training_start, deploy_on, created_at, created_by) VALUES ('demo', 'x', 'x', '2020-01-01', '2020-02-01', 'x', 'x')".into(),
        "DELETE FROM contingent".into(),
        "INSERT OR REPLACE INTO assignment (person_id, contingent_id, assigned_at, assigned_by) SELECT person_id, contingent_id, 'x', 'x' FROM assignment WHERE id = 1".into(),
        "DELETE FROM assignment".into(),
        "INSERT OR REPLACE INTO meta (key, value) SELECT key, 'x' FROM meta".into(),
        "DELETE FROM meta".into(),
        "INSERT OR REPLACE INTO import (id, kind, file_name, sha256, operator, imported_at) VALUES (1, 'roster', 'x', printf('%064d', 0), 'x', 'x')".into(),
        // the chain itself
        "INSERT OR REPLACE INTO ledger SELECT * FROM ledger WHERE seq = 1".into(),
        "UPDATE ledger SET hash = zeroblob(32) WHERE seq = 1".into(),
        "DELETE FROM ledger WHERE seq = 1".into(),
    ];
    for sql in &statements {
        let e = c.execute_batch(sql);
        assert!(e.is_err(), "went through: {sql}");
    }
    drop(c);
    assert_eq!(
        everything(&t.path),
        before,
        "a refused statement changed something"
    );
    let report = check::check(&t.path).unwrap();
    assert!(report.ok(), "{:?}", report.findings);
}

#[test]
fn a_plain_sqlite_shell_cannot_write_a_record_at_all() {
    let t = TempDb::new();
    drop(demo(&t));
    let c = shell(&t.path);
    for sql in [
        "INSERT INTO attempt (id, person_id, module_id, date, result, recorded_by, recorded_at) VALUES ('x', 1, 1, '2026-01-01', 'pass', 'x', 'x')",
        "UPDATE person SET rank = 'генерал' WHERE id = 1",
        "INSERT INTO audit (at, actor, action, entity, entity_id) VALUES ('x', 'x', 'x', 'x', 'x')",
    ] {
        let e = c.execute_batch(sql).unwrap_err().to_string();
        assert!(e.contains("no such function: muster_row"), "{sql}: {e}");
    }
}

/// What a findings list says, as (flaw, table, record) for exact comparison.
fn said(report: &check::CheckReport) -> BTreeSet<(Flaw, String, String)> {
    report
        .findings
        .iter()
        .map(|f| {
            (
                f.flaw,
                f.table.clone(),
                f.record.clone().unwrap_or_default(),
            )
        })
        .collect()
}

#[test]
fn check_names_every_record_changed_behind_musters_back() {
    let t = TempDb::new();
    let s = demo(&t);
    let failed = first_record(&s, "fail");
    let (sn, module) = {
        let h = s.attempt(&failed).unwrap();
        let p = s.personnel("DEMO").unwrap();
        let sn = p
            .iter()
            .find(|p| {
                s.history(&p.service_number)
                    .unwrap()
                    .iter()
                    .any(|h| h.attempt.id == failed)
            })
            .unwrap()
            .service_number
            .clone();
        (sn, h.attempt.module)
    };
    let voided: String = shell(&t.path)
        .query_row("SELECT attempt_id FROM voiding", [], |r| r.get(0))
        .unwrap();
    drop(s);
    assert!(check::check(&t.path).unwrap().ok());

    let c = shell(&t.path);
    let triggers: Vec<String> = c
        .prepare("SELECT name FROM sqlite_master WHERE type = 'trigger'")
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .collect::<rusqlite::Result<_>>()
        .unwrap();
    for name in &triggers {
        c.execute_batch(&format!("DROP TRIGGER \"{name}\""))
            .unwrap();
    }
    c.execute_batch(&format!(
        "UPDATE attempt SET result = 'pass', score = 95 WHERE id = '{failed}';
         INSERT INTO attempt (id, person_id, module_id, date, result, recorded_by, recorded_at)
           VALUES ('0190a000-0000-7000-8000-00000000abcd', 3, 2, '2021-01-01', 'pass', 'x', 'x');
         UPDATE validation SET decision = 'validated', validator = 'Someone Else';
         UPDATE voiding SET reason = 'no reason';
         UPDATE audit SET actor = 'nobody' WHERE id = 2;
         DELETE FROM audit WHERE id = 3;"
    ))
    .unwrap();
    drop(c);

    let report = check::check(&t.path).unwrap();
    let mut want: BTreeSet<(Flaw, String, String)> = [
        (Flaw::Changed, "attempt", failed.as_str()),
        (
            Flaw::Inserted,
            "attempt",
            "0190a000-0000-7000-8000-00000000abcd",
        ),
        (Flaw::Changed, "validation", "#1"),
        (Flaw::Changed, "voiding", voided.as_str()),
        (Flaw::Changed, "audit", "#2"),
        (Flaw::Deleted, "audit", "#3"),
    ]
    .into_iter()
    .map(|(f, t, r)| (f, t.to_string(), r.to_string()))
    .collect();
    let chain = muster::store::chain::triggers();
    assert_eq!(chain.len(), triggers.len());
    for tr in &chain {
        want.insert((Flaw::TriggerMissing, tr.table.to_string(), tr.name.clone()));
    }
    assert_eq!(said(&report), want);
    let changed = report
        .findings
        .iter()
        .find(|f| f.record.as_deref() == Some(failed.as_str()))
        .unwrap();
    assert_eq!(changed.service_number.as_deref(), Some(sn.as_str()));
    assert_eq!(changed.module.as_deref(), Some(module.as_str()));
    assert_eq!(
        changed.describe(),
        format!("attempt {failed} ({sn}, {module}): changed after it was recorded (the chain holds another version)")
    );

    // The command line says the same, one line per finding, and exits 1.
    let o = muster(&t.path).run(&["check"]);
    assert_eq!(o.status.code(), Some(1));
    let err = String::from_utf8(o.stderr).unwrap();
    assert!(
        err.starts_with(&format!(
            "muster: check failed: {} {}",
            want.len(),
            if want.len() == 1 {
                "problem "
            } else {
                "problems "
            }
        )),
        "{err}"
    );
    assert_eq!(err.lines().count(), 1 + want.len(), "{err}");
    assert!(
        err.contains(&format!("{failed} ({sn}, {module}): changed")),
        "{err}"
    );

    // Opening it for writing puts the triggers back; the records stay flagged.
    let o = muster(&t.path).run(&["init"]);
    assert!(o.status.success());
    let report = check::check(&t.path).unwrap();
    assert_eq!(report.findings.len(), 6, "{:?}", report.findings);
    assert_eq!(report.repaired.len(), chain.len());
}

#[test]
fn an_edited_moved_or_removed_chain_entry_breaks_the_chain_there() {
    let t = TempDb::new();
    drop(demo(&t));
    let c = shell(&t.path);
    for name in ["ledger_append_only_u", "ledger_append_only_d"] {
        c.execute_batch(&format!("DROP TRIGGER {name}")).unwrap();
    }
    let last: i64 = c
        .query_row("SELECT max(seq) FROM ledger", [], |r| r.get(0))
        .unwrap();
    // The entry of one completion record, well inside the chain.
    let gone: i64 = c
        .query_row(
            "SELECT seq FROM ledger WHERE tbl = 7 AND seq > 100 ORDER BY seq LIMIT 1",
            [],
            |r| r.get(0),
        )
        .unwrap();
    // Two entries swapped (reordering), one removed from the middle.
    c.execute_batch(&format!(
        "UPDATE ledger SET seq = -10 WHERE seq = 10;
         UPDATE ledger SET seq = 10 WHERE seq = 11;
         UPDATE ledger SET seq = 11 WHERE seq = -10;
         DELETE FROM ledger WHERE seq = {gone};"
    ))
    .unwrap();
    drop(c);
    let report = check::check(&t.path).unwrap();
    let breaks: Vec<String> = report
        .findings
        .iter()
        .filter(|f| f.flaw == Flaw::ChainBroken)
        .map(|f| f.record.clone().unwrap())
        .collect();
    let after_gone = format!("entry #{}", gone + 1);
    assert_eq!(
        breaks,
        ["entry #10", "entry #11", "entry #12", after_gone.as_str()]
    );
    // The removed entry's row is no longer vouched for.
    assert_eq!(
        report
            .findings
            .iter()
            .filter(|f| f.flaw == Flaw::Inserted)
            .count(),
        1
    );
    assert_eq!(report.entries as i64, last - 1);
}

#[test]
fn init_puts_back_a_dropped_trigger_and_the_audit_log_says_so() {
    let t = TempDb::new();
    drop(demo(&t));
    shell(&t.path)
        .execute_batch("DROP TRIGGER attempt_append_only_u; DROP TRIGGER person_chain_u;")
        .unwrap();
    let o = muster(&t.path).run(&["check"]);
    assert_eq!(o.status.code(), Some(1));
    let err = String::from_utf8(o.stderr).unwrap();
    assert!(
        err.contains("\n  attempt: protective trigger attempt_append_only_u is missing\n"),
        "{err}"
    );
    assert!(
        err.contains("\n  person: protective trigger person_chain_u is missing"),
        "{err}"
    );

    assert!(muster(&t.path).run(&["init"]).status.success());
    let have: i64 = shell(&t.path)
        .query_row(
            "SELECT count(*) FROM sqlite_master WHERE type = 'trigger' AND name IN ('attempt_append_only_u', 'person_chain_u')",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(have, 2);
    let o = muster(&t.path).run(&["check"]);
    let out = String::from_utf8(o.stdout).unwrap();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    assert!(
        out.contains("note: trigger attempt_append_only_u was found missing and restored on"),
        "{out}"
    );
    assert!(
        out.contains("note: trigger person_chain_u was found missing and restored on"),
        "{out}"
    );
    let audit = Store::open(&t.path)
        .unwrap()
        .audit_log(Some("attempt_append_only_u"), 5)
        .unwrap();
    assert_eq!(audit.len(), 1);
    assert_eq!(audit[0].action, "restore_trigger");
    assert_eq!(audit[0].new_value.as_ref().unwrap()["found"], "missing");
}

#[test]
fn a_sound_database_checks_ok_with_every_count() {
    let t = TempDb::new();
    let s = demo(&t);
    let people = s.personnel("DEMO").unwrap().len() as u64;
    drop(s);
    let c = shell(&t.path);
    let count = |table: &str| -> u64 {
        c.query_row(&format!("SELECT count(*) FROM \"{table}\""), [], |r| {
            r.get(0)
        })
        .unwrap()
    };
    let report = check::check(&t.path).unwrap();
    assert!(report.ok(), "{:?}", report.findings);
    assert_eq!(people, 123, "the demo's 122 and one imported");
    for tc in &report.rows {
        assert_eq!(tc.rows, count(&tc.table), "{}", tc.table);
    }
    assert_eq!(
        report
            .rows
            .iter()
            .find(|r| r.table == "person")
            .unwrap()
            .rows,
        123
    );
    assert_eq!(report.entries, count("ledger"));
    assert_eq!(
        report.triggers as usize,
        muster::store::chain::triggers().len()
    );
    let started = report.started.unwrap();
    assert_eq!(started.from_schema, 0);
    assert_eq!(
        started.entries, 1,
        "the database's identity, written before the chain"
    );
    let o = muster(&t.path).run(&["check", "--format", "json"]);
    assert!(o.status.success());
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(v["findings"], serde_json::json!([]));
    assert_eq!(v["entries"], count("ledger"));
}

/// SQLite's own `foreign_key_check` of the whole file, as (flaw, table, record) findings.
fn sqlites_dangling(path: &Path) -> BTreeSet<(Flaw, String, String)> {
    shell(path)
        .prepare("PRAGMA foreign_key_check")
        .unwrap()
        .query_map([], |r| {
            Ok((
                Flaw::DanglingReference,
                r.get::<_, String>(0)?,
                format!("#{}", r.get::<_, i64>(1)?),
            ))
        })
        .unwrap()
        .collect::<rusqlite::Result<_>>()
        .unwrap()
}

/// Records written with the references off (the chain's triggers in place, so the chain
/// holds them): each that points at nothing is named, exactly the rows SQLite's own
/// `foreign_key_check` names, whether a few values are looked up one by one or thousands
/// are matched against the whole parent table.
#[test]
fn every_record_pointing_at_nothing_is_named_as_sqlite_names_it() {
    let t = TempDb::new();
    let s = demo(&t);
    let first = first_record(&s, "pass");
    drop(s);
    let c = insider(&t.path);
    c.execute_batch(&format!(
        "PRAGMA foreign_keys = OFF;
         INSERT INTO attempt (id, person_id, module_id, date, result, recorded_by, recorded_at)
           VALUES ('0190a000-0000-7000-8000-00000000a001', 999999, 2, '2021-01-01', 'pass', 'x', 'x');
         INSERT INTO attempt (id, person_id, module_id, date, result, recorded_by, recorded_at)
           VALUES ('0190a000-0000-7000-8000-00000000a002', 3, 99, '2021-01-01', 'pass', 'x', 'x');
         INSERT INTO attempt (id, person_id, module_id, date, result, recorded_by, recorded_at,
                              supersedes, reason)
           VALUES ('0190a000-0000-7000-8000-00000000a003', 3, 2, '2021-01-01', 'pass', 'x', 'x',
                   '0190a000-0000-7000-8000-0000000dead0', 'typo');
         INSERT INTO attempt (id, person_id, module_id, date, result, recorded_by, recorded_at,
                              supersedes, reason)
           VALUES ('0190a000-0000-7000-8000-00000000a004', 3, 2, '2021-01-01', 'pass', 'x', 'x',
                   '{first}', 'a sound amendment');
         INSERT INTO voiding (attempt_id, reason, voided_by, voided_at)
           VALUES ('not-a-record', 'gone', 'x', 'x');"
    ))
    .unwrap();
    drop(c);
    let report = check::check(&t.path).unwrap();
    let want = sqlites_dangling(&t.path);
    assert_eq!(want.len(), 4, "{want:?}");
    assert_eq!(said(&report), want);
    assert!(report.findings.iter().all(|f| f
        .detail
        .as_deref()
        .is_some_and(|d| d.starts_with("no such row in "))));

    // Thousands of people who are not there: the people are read whole, not looked up.
    let c = insider(&t.path);
    c.execute_batch(
        "PRAGMA foreign_keys = OFF;
         WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 2500)
         INSERT INTO attempt (id, person_id, module_id, date, result, recorded_by, recorded_at)
           SELECT printf('0190b000-0000-7000-8000-%012d', i), 1000000 + i, 2, '2021-01-01',
                  'fail', 'x', 'x' FROM n;",
    )
    .unwrap();
    drop(c);
    let report = check::check(&t.path).unwrap();
    let want = sqlites_dangling(&t.path);
    assert_eq!(want.len(), 2504);
    assert_eq!(said(&report), want);
}

/// The attack a hash chain alone cannot see: rewrite a record, recompute every hash after
/// it, put the triggers back word for word. `muster check` then finds a consistent
/// database; the signed report the validator holds pinned the chain's head, and `verify`
/// on the issuing database names the rewrite.
#[test]
fn a_rewrite_with_every_hash_recomputed_is_caught_by_the_signed_report() {
    let t = TempDb::new();
    let s = demo(&t);
    let failed = first_record(&s, "fail");
    drop(s);
    let data = t.dir.path().join("app-data");
    let cli = |args: &[&str]| muster(&t).data_dir(&data).run(args);
    let report = t.dir.path().join("signed-off.json");
    let r = report.to_str().unwrap();
    let o = cli(&[
        "validate",
        "DEMO",
        "--team",
        "INDBATT validation team",
        "--validator",
        "Lt Col R. Sharma",
        "--decision",
        "validated",
        "--by",
        "капитан Тестов",
    ]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    assert!(cli(&["report", "DEMO", "--format", "json", "--out", r])
        .status
        .success());
    let o = cli(&["verify", r]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));

    let c = insider(&t.path);
    for tr in muster::store::chain::triggers() {
        c.execute_batch(&format!("DROP TRIGGER IF EXISTS \"{}\"", tr.name))
            .unwrap();
    }
    c.execute_batch(&format!(
        "UPDATE attempt SET result = 'pass', score = 95 WHERE id = '{failed}'"
    ))
    .unwrap();
    let attempt = muster::store::chain::table("attempt").unwrap();
    let (failed_seq, new_row): (i64, Vec<u8>) = c
        .query_row(
            &format!(
                "SELECT seq, {} FROM attempt WHERE id = ?1",
                muster::store::chain::row_hash_sql(attempt, "")
            ),
            [&failed],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .unwrap();
    let entries: Vec<(i64, i64, rusqlite::types::Value, Vec<u8>)> = c
        .prepare("SELECT seq, tbl, row_key, row_hash FROM ledger ORDER BY seq")
        .unwrap()
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)))
        .unwrap()
        .collect::<rusqlite::Result<_>>()
        .unwrap();
    let mut prev = muster::store::chain::GENESIS;
    for (seq, tbl, key, row) in entries {
        let row = if tbl == attempt.code && key == rusqlite::types::Value::Integer(failed_seq) {
            new_row.clone()
        } else {
            row
        };
        let row: [u8; 32] = row.try_into().unwrap();
        let key_ref = rusqlite::types::ValueRef::from(&key);
        let hash = muster::store::chain::link(
            &prev,
            rusqlite::types::ValueRef::Integer(tbl),
            key_ref,
            &row,
        );
        c.execute(
            "UPDATE ledger SET row_hash = ?2, hash = ?3 WHERE seq = ?1",
            rusqlite::params![seq, row.as_slice(), hash.as_slice()],
        )
        .unwrap();
        prev = hash;
    }
    for tr in muster::store::chain::triggers() {
        c.execute_batch(&tr.sql).unwrap();
    }
    drop(c);

    let o = cli(&["check"]);
    assert!(
        o.status.success(),
        "the rewrite is consistent in itself: {}",
        String::from_utf8_lossy(&o.stderr)
    );
    let o = cli(&["verify", r]);
    let err = String::from_utf8(o.stderr).unwrap();
    assert_eq!(o.status.code(), Some(1), "{err}");
    assert!(
        err.contains(
            "the records behind this report were rewritten outside Muster, hashes and all"
        ),
        "{err}"
    );
}

/// One page of entries of each index that holds any: (index, page number, page size). Readiness reads `attempt_standing` alone, never the rows, so an index that lies
/// would change who is ready while every row still matches the chain.
fn index_leaves(path: &Path) -> Vec<(String, i64, i64)> {
    let c = shell(path);
    let size: i64 = c.query_row("PRAGMA page_size", [], |r| r.get(0)).unwrap();
    let leaves = c
        .prepare(
            // Per index, its fullest leaf page (SQLite takes the page from the row of max()).
            "SELECT name, pageno, max(ncell) FROM dbstat
         WHERE pagetype = 'leaf' AND ncell > 0 AND name IN
               (SELECT name FROM sqlite_schema WHERE type = 'index')
         GROUP BY name ORDER BY name",
        )
        .unwrap()
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?, size)))
        .unwrap()
        .collect::<rusqlite::Result<_>>()
        .unwrap();
    leaves
}

#[test]
fn any_byte_changed_in_any_index_is_found() {
    let t = TempDb::new();
    drop(demo(&t));
    let clean = std::fs::read(&t.path).unwrap();
    let leaves = index_leaves(&t.path);
    assert!(leaves.len() >= 12, "{leaves:?}");
    assert!(leaves.iter().any(|(n, _, _)| n == "attempt_standing"));
    for (index, page, size) in leaves {
        // The entries fill a page from its end up to where the page header says they
        // start: the first byte of that area, one in its middle, the last.
        let (start, end) = (((page - 1) * size) as usize, (page * size) as usize);
        let content = start + u16::from_be_bytes([clean[start + 5], clean[start + 6]]) as usize;
        assert_eq!(clean[start], 0x0a, "{index}: page {page} is an index leaf");
        for at in [content, (content + end) / 2, end - 1] {
            let mut bytes = clean.clone();
            bytes[at] ^= 0x01;
            std::fs::write(&t.path, &bytes).unwrap();
            let out = muster(&t.path).run(&["check"]);
            let text = String::from_utf8_lossy(&out.stdout).to_string()
                + &String::from_utf8_lossy(&out.stderr);
            assert!(
                !out.status.success(),
                "{index}, page {page}, byte {} changed: check said ok\n{text}",
                at - start
            );
            assert!(text.contains("damaged"), "{index}: {text}");
        }
    }
    std::fs::write(&t.path, &clean).unwrap();
    assert!(muster(&t.path).run(&["check"]).status.success());
}

#[test]
fn an_index_rebuilt_to_another_definition_is_found_by_name() {
    let t = TempDb::new();
    drop(demo(&t));
    // The standing index now claims to pack a failed attempt as a pass: readiness would
    // read every person's results the other way round.
    let c = shell(&t.path);
    let sql: String = c
        .query_row(
            "SELECT sql FROM sqlite_schema WHERE name = 'attempt_standing'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert!(sql.contains("result = 'pass'"), "{sql}");
    c.execute_batch("PRAGMA writable_schema = ON").unwrap();
    c.execute(
        "UPDATE sqlite_schema SET sql = ?1 WHERE name = 'attempt_standing'",
        [sql.replace("result = 'pass'", "result = 'fail'")],
    )
    .unwrap();
    drop(c);
    let out = muster(&t.path).run(&["check"]);
    let text =
        String::from_utf8_lossy(&out.stdout).to_string() + &String::from_utf8_lossy(&out.stderr);
    assert!(!out.status.success(), "{text}");
    assert!(
        text.contains("index attempt_standing does not match table attempt"),
        "{text}"
    );
}

/// A table's definition rewritten without touching a row (`writable_schema`: a reference
/// or a CHECK taken out, a collation put in), a column added, a table or view of someone
/// else's: each is named by table, where `check` used to say ok for all of them. The
/// reference taken out would also have taken its rows out of the reference checks.
#[test]
fn a_table_defined_otherwise_or_not_musters_is_named() {
    let t = TempDb::new();
    drop(demo(&t));
    let clean = std::fs::read(&t.path).unwrap();
    let rewrite = |table: &str, from: &str, to: &str| {
        let c = shell(&t.path);
        let sql: String = c
            .query_row(
                "SELECT sql FROM sqlite_schema WHERE name = ?1",
                [table],
                |r| r.get(0),
            )
            .unwrap();
        assert!(sql.contains(from), "{table}: {sql}");
        c.execute_batch("PRAGMA writable_schema = ON").unwrap();
        c.execute(
            "UPDATE sqlite_schema SET sql = ?1 WHERE name = ?2",
            [sql.replacen(from, to, 1), table.to_string()],
        )
        .unwrap();
    };
    type Spoil<'a> = Box<dyn Fn() + 'a>;
    let cases: Vec<(&str, Spoil)> = vec![
        (
            "attempt",
            Box::new(|| rewrite("attempt", "REFERENCES person(id)", "")),
        ),
        (
            "attempt",
            Box::new(|| rewrite("attempt", "CHECK (result IN ('pass', 'fail'))", "")),
        ),
        (
            "person",
            Box::new(|| {
                rewrite(
                    "person",
                    "service_number TEXT",
                    "service_number TEXT COLLATE NOCASE",
                )
            }),
        ),
        (
            "attempt",
            Box::new(|| {
                shell(&t.path)
                    .execute_batch("ALTER TABLE attempt ADD COLUMN evil TEXT DEFAULT 'x'")
                    .unwrap()
            }),
        ),
        (
            "notes",
            Box::new(|| {
                shell(&t.path)
                    .execute_batch("CREATE TABLE notes (x); CREATE VIEW ready AS SELECT 1")
                    .unwrap()
            }),
        ),
    ];
    for (table, spoil) in cases {
        std::fs::write(&t.path, &clean).unwrap();
        spoil();
        let o = muster(&t.path).run(&["check"]);
        let err = String::from_utf8_lossy(&o.stderr);
        assert_eq!(o.status.code(), Some(1), "{table}: {err}");
        assert!(err.contains(&format!("\n  {table}: ")), "{table}: {err}");
    }
    std::fs::write(&t.path, &clean).unwrap();
    muster(&t.path).ok(&["check"]);
    // Indexes: one of Muster's dropped (a UNIQUE one: two active roster places for one
    // person would then pass), one of someone else's, an object named as SQLite's own.
    for (sql, named) in [
        ("DROP INDEX assignment_active", "assignment_active"),
        ("CREATE INDEX mine ON person (family_name)", "mine"),
        (
            "PRAGMA writable_schema = ON; CREATE TABLE sqlite_hidden (x)",
            "sqlite_hidden",
        ),
    ] {
        std::fs::write(&t.path, &clean).unwrap();
        shell(&t.path).execute_batch(sql).unwrap();
        let o = muster(&t.path).run(&["check"]);
        let err = String::from_utf8_lossy(&o.stderr);
        assert_eq!(o.status.code(), Some(1), "{sql}: {err}");
        assert!(err.contains(&format!("\n  {named}: ")), "{sql}: {err}");
    }
    // A script asking for JSON reads the findings on standard output, as when all is well.
    std::fs::write(&t.path, &clean).unwrap();
    shell(&t.path)
        .execute_batch("DROP INDEX assignment_active")
        .unwrap();
    let o = muster(&t.path).run(&["check", "--format", "json"]);
    assert_eq!(o.status.code(), Some(1));
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(v["findings"][0]["flaw"], "schema_missing");
    let err = String::from_utf8_lossy(&o.stderr);
    assert_eq!(err.lines().count(), 1, "{err}");
    // What ANALYZE keeps is SQLite's, and a user may run it.
    std::fs::write(&t.path, &clean).unwrap();
    shell(&t.path).execute_batch("ANALYZE").unwrap();
    muster(&t.path).ok(&["check"]);
}

/// A rollback journal planted beside the file would rewrite it when a command next opens
/// it for writing, after a check that read the file without it said ok: the check names
/// it instead (Muster writes ahead in a -wal file and never leaves such a journal).
#[test]
fn a_rollback_journal_beside_the_file_is_not_passed_as_ok() {
    let t = TempDb::new();
    drop(demo(&t));
    muster(&t.path).ok(&["check"]);
    let journal = format!("{}-journal", t.path.display());
    let mut bytes = vec![0xd9, 0xd5, 0x05, 0xf9, 0x20, 0xa1, 0x63, 0xd7];
    bytes.extend([0u8; 504]);
    std::fs::write(&journal, &bytes).unwrap();
    let o = muster(&t.path).run(&["check"]);
    let err = String::from_utf8_lossy(&o.stderr);
    assert_eq!(o.status.code(), Some(1), "{err}");
    assert!(err.contains("a rollback journal lies beside it"), "{err}");
    assert!(err.contains("-journal)"), "{err}");
    // A journal emptied by SQLite after its transaction (no magic number) is nothing.
    std::fs::write(&journal, [0u8; 512]).unwrap();
    muster(&t.path).ok(&["check"]);
    // Given the file by a link: SQLite looks beside the file the link points to.
    std::fs::write(&journal, &bytes).unwrap();
    let link = t.dir.path().join("link.sqlite3");
    std::os::unix::fs::symlink(&t.path, &link).unwrap();
    let o = muster(&link).run(&["check"]);
    let err = String::from_utf8_lossy(&o.stderr);
    assert_eq!(o.status.code(), Some(1), "{err}");
    assert!(err.contains("a rollback journal lies beside it"), "{err}");
}

/// `user_version` set back outside Muster, after records were rewritten: the check still
/// reads them against the chain (it used to say only "upgrade it", and the upgrade then
/// failed on every command, each leaving a new copy), and a command refuses the file
/// without writing anything.
#[test]
fn a_schema_version_set_back_hides_nothing() {
    let t = TempDb::new();
    drop(demo(&t));
    let c = shell(&t.path);
    c.execute_batch(
        "DROP TRIGGER attempt_append_only_u; UPDATE attempt SET score = 99 WHERE score IS NOT NULL;",
    )
    .unwrap();
    let below = muster::store::db::SCHEMA_VERSION - 1;
    c.pragma_update(None, "user_version", below).unwrap();
    drop(c);
    let o = muster(&t.path).run(&["check"]);
    let err = String::from_utf8_lossy(&o.stderr);
    assert_eq!(o.status.code(), Some(1), "{err}");
    assert!(
        err.contains(&format!(
            "database: its schema version says {below}, but its tables are those of version {}",
            muster::store::db::SCHEMA_VERSION
        )),
        "{err}"
    );
    assert!(err.contains("changed after it was recorded"), "{err}");
    assert!(err.contains("attempt_append_only_u is missing"), "{err}");
    let before = std::fs::read(&t.path).unwrap();
    let e = muster(&t.path).fails(&["readiness", "DEMO"]);
    assert!(e.contains("the version was changed outside Muster"), "{e}");
    assert_eq!(std::fs::read(&t.path).unwrap(), before);
    let backups = std::fs::read_dir(t.dir.path())
        .unwrap()
        .filter(|e| {
            e.as_ref()
                .unwrap()
                .file_name()
                .to_string_lossy()
                .ends_with(".bak")
        })
        .count();
    assert_eq!(backups, 0);
    // Set back and one thing more changed (a view dropped): the tables are no version's,
    // which is said; it used to read as an older Muster's file to upgrade.
    let c = shell(&t.path);
    c.execute_batch("DROP VIEW overruled").unwrap();
    drop(c);
    let o = muster(&t.path).run(&["check"]);
    let err = String::from_utf8_lossy(&o.stderr);
    assert_eq!(o.status.code(), Some(1), "{err}");
    assert!(
        err.contains("its tables are neither those of the schema version it says"),
        "{err}"
    );
    assert!(!err.contains("has not been upgraded"), "{err}");
}

#[test]
fn a_protected_table_dropped_whole_is_named() {
    let t = TempDb::new();
    drop(demo(&t));
    let clean = std::fs::read(&t.path).unwrap();
    for table in muster::store::chain::TABLES.iter().map(|t| t.name) {
        std::fs::write(&t.path, &clean).unwrap();
        shell(&t.path)
            .execute_batch(&format!(
                "PRAGMA foreign_keys = OFF; DROP TABLE \"{table}\""
            ))
            .unwrap();
        let o = muster(&t.path).run(&["check"]);
        let err = String::from_utf8_lossy(&o.stderr);
        assert_eq!(o.status.code(), Some(1), "{table}: {err}");
        assert!(
            err.contains(&format!(
                "\n  {table}: deleted (the chain recorded it): the whole table is gone"
            )),
            "{table}: {err}"
        );
    }
}

/// Records changed outside Muster are not vouched for by the command line either: a
/// report, a sign-off or a bundle of them is refused (the app opens such a file read-only),
/// while reading them to see what happened still works. The same file with the change
/// undone is signed again.
#[test]
fn a_changed_record_is_not_signed_signed_off_or_sent_on() {
    let t = TempDb::new();
    let decisions = demo(&t).validations("DEMO").unwrap().len();
    let id: String = shell(&t.path)
        .query_row(
            "SELECT id FROM attempt WHERE result = 'fail' LIMIT 1",
            [],
            |r| r.get(0),
        )
        .unwrap();
    shell(&t.path)
        .execute_batch(&format!(
            "DROP TRIGGER attempt_append_only_u; UPDATE attempt SET result = 'pass' WHERE id = '{id}';"
        ))
        .unwrap();
    let dir = tempfile::tempdir().unwrap();
    let out = |name: &str| dir.path().join(name).to_str().unwrap().to_string();
    let refused = format!(
        "muster: the records in {} were changed outside Muster (1 problem found by `muster check`): Muster signs no report, sign-off or bundle of them until this is settled",
        t.path.display()
    );
    for args in [
        vec!["report", "DEMO", "--format", "pdf", "--out", &out("r.pdf")],
        vec!["report", "DEMO", "--format", "json"],
        vec![
            "validate",
            "DEMO",
            "--team",
            "T",
            "--validator",
            "V",
            "--decision",
            "validated",
            "--by",
            "op",
        ],
        vec!["sync", "export", "--out", &out("b.muster")],
    ] {
        assert_eq!(muster(&t.path).fails(&args), refused, "{args:?}");
    }
    assert!(!dir.path().join("r.pdf").exists() && !dir.path().join("b.muster").exists());
    assert_eq!(
        Store::open(&t.path)
            .unwrap()
            .validations("DEMO")
            .unwrap()
            .len(),
        decisions
    );
    assert!(muster(&t.path).ok(&["readiness", "DEMO"]).contains("READY"));
    // Put back as it was (opening the file for writing restored the trigger): vouched for
    // again.
    shell(&t.path)
        .execute_batch(&format!(
            "DROP TRIGGER attempt_append_only_u; UPDATE attempt SET result = 'fail' WHERE id = '{id}';"
        ))
        .unwrap();
    muster(&t.path).ok(&["report", "DEMO", "--format", "pdf", "--out", &out("r.pdf")]);
}
