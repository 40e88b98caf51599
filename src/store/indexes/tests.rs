use super::*;

/// A table under several kinds of index, filled, as a connection whose schema text can be
/// rewritten behind SQLite's back: the way an index comes to disagree with its table.
fn table() -> Connection {
    let c = Connection::open_in_memory().unwrap();
    c.execute_batch(
        "CREATE TABLE t (id INTEGER PRIMARY KEY, code TEXT NOT NULL UNIQUE, name TEXT,
                         n INTEGER, score REAL, gone TEXT);
         CREATE INDEX t_name ON t(name COLLATE NOCASE DESC, n);
         CREATE INDEX t_packed ON t((n << 8) | length(name));
         CREATE UNIQUE INDEX t_live ON t(n, gone) WHERE gone IS NULL;
         CREATE INDEX t_score ON t(score) WHERE score > 50;",
    )
    .unwrap();
    let names = [
        "Ахметов",
        "берік",
        "Әлия",
        "ivanov",
        "Ivanova",
        "ZED",
        "ӘЛИЯ",
        "a",
    ];
    for i in 0..200i64 {
        c.execute(
            "INSERT INTO t (code, name, n, score, gone) VALUES (?1, ?2, ?3, ?4, ?5)",
            rusqlite::params![
                format!("KZ{:06}", (i * 7919) % 1000),
                names[(i % 8) as usize],
                i,
                if i % 3 == 0 {
                    None
                } else {
                    Some((i % 101) as f64)
                },
                if i % 5 == 0 { Some("x") } else { None },
            ],
        )
        .unwrap();
    }
    c
}

/// What the check says of table `t`, which it must read from its indexes alone.
fn lines(c: &Connection) -> Vec<String> {
    let Ok(plan) = plan_of(c, "t") else {
        panic!("every index of t is checked from the index alone");
    };
    check_with(c, &plan, &DigestKey::new()).unwrap()
}

fn sqlite_says_ok(c: &Connection) -> bool {
    c.query_row("PRAGMA integrity_check", [], |r| r.get::<_, String>(0))
        .unwrap()
        == "ok"
}

/// Rewrites an index's CREATE statement in the schema, as someone editing the file would.
fn rewrite(c: &Connection, index: &str, sql: &str) {
    c.execute_batch("PRAGMA writable_schema = ON").unwrap();
    c.execute(
        "UPDATE sqlite_schema SET sql = ?2 WHERE name = ?1",
        [index, sql],
    )
    .unwrap();
    c.execute_batch("PRAGMA writable_schema = RESET").unwrap();
}

#[test]
fn sound_indexes_of_every_kind_pass() {
    let c = table();
    assert!(sqlite_says_ok(&c));
    assert_eq!(lines(&c), Vec::<String>::new());
}

#[test]
fn every_index_of_a_real_database_is_read_from_the_index_alone() {
    let mut store = Store::open_in_memory().unwrap();
    crate::demo::load(&mut store, crate::dates::parse("2026-11-28").unwrap()).unwrap();
    let mut left_to_sqlite = Vec::new();
    for t in store.indexed_tables().unwrap() {
        match store.index_plan(&t).unwrap() {
            Some(_) => assert_eq!(
                store.index_check(&t, &DigestKey::new()).unwrap(),
                Vec::<String>::new(),
                "{t}"
            ),
            None => left_to_sqlite.push(t),
        }
    }
    assert_eq!(left_to_sqlite, Vec::<String>::new());
}

#[test]
fn an_index_holding_other_values_than_its_rows_is_found() {
    let c = table();
    // The index was built over (n << 8) | length(name); the schema now says n << 9.
    rewrite(
        &c,
        "t_packed",
        "CREATE INDEX t_packed ON t((n << 9) | length(name))",
    );
    assert!(!sqlite_says_ok(&c));
    assert_eq!(
        lines(&c),
        vec!["index t_packed does not match table t: an entry differs from its row"]
    );
}

#[test]
fn rows_written_while_an_index_was_hidden_are_missing_from_it() {
    let c = table();
    c.execute_batch("PRAGMA writable_schema = ON").unwrap();
    let (root, sql): (i64, String) = c
        .query_row(
            "SELECT rootpage, sql FROM sqlite_schema WHERE name = 't_name'",
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .unwrap();
    c.execute("DELETE FROM sqlite_schema WHERE name = 't_name'", [])
        .unwrap();
    c.execute_batch("PRAGMA writable_schema = RESET").unwrap();
    c.execute(
        "INSERT INTO t (code, name, n) VALUES ('NEW1', 'Серік', 1000)",
        [],
    )
    .unwrap();
    c.execute_batch("PRAGMA writable_schema = ON").unwrap();
    c.execute(
        "INSERT INTO sqlite_schema (type, name, tbl_name, rootpage, sql)
         VALUES ('index', 't_name', 't', ?1, ?2)",
        rusqlite::params![root, sql],
    )
    .unwrap();
    c.execute_batch("PRAGMA writable_schema = RESET").unwrap();
    assert!(!sqlite_says_ok(&c));
    assert_eq!(
        lines(&c),
        vec!["wrong # of entries in index t_name: 201 rows of t belong in it, it holds 200"]
    );
}

#[test]
fn two_rows_swapping_their_values_in_an_index_are_found() {
    // Same multiset of values, each entry pointing at the other row: the row id is part
    // of the entry. Made by building the index over another column of equal values.
    let c = Connection::open_in_memory().unwrap();
    c.execute_batch(
        "CREATE TABLE t (id INTEGER PRIMARY KEY, a INTEGER, b INTEGER);
         INSERT INTO t (a, b) VALUES (1, 2), (2, 1), (3, 3);
         CREATE INDEX t_a ON t(b);",
    )
    .unwrap();
    rewrite(&c, "t_a", "CREATE INDEX t_a ON t(a)");
    assert!(!sqlite_says_ok(&c));
    assert_eq!(
        lines(&c),
        vec!["index t_a does not match table t: an entry differs from its row"]
    );
}

#[test]
fn a_unique_index_over_equal_keys_is_found() {
    let c = table();
    c.execute_batch("CREATE INDEX t_n2 ON t(n % 7)").unwrap();
    rewrite(&c, "t_n2", "CREATE UNIQUE INDEX t_n2 ON t(n % 7)");
    assert!(!sqlite_says_ok(&c));
    let found = lines(&c);
    assert_eq!(found.len(), 200 - 7, "{found:?}");
    assert!(found
        .iter()
        .all(|l| l.starts_with("non-unique entry in index t_n2 at row ")));
}

#[test]
fn an_index_this_cannot_take_apart_is_left_to_sqlite() {
    let c = Connection::open_in_memory().unwrap();
    c.execute_batch(
        "CREATE TABLE \"t(x)\" (id INTEGER PRIMARY KEY, a INTEGER, b INTEGER);
         INSERT INTO \"t(x)\" (a, b) VALUES (1, 2), (2, 1), (3, 3);
         CREATE INDEX i ON \"t(x)\"(b);",
    )
    .unwrap();
    rewrite(&c, "i", "CREATE INDEX i ON \"t(x)\"(a)");
    let store = Store {
        conn: c,
        read_only: true,
        _open: None,
    };
    assert!(store.index_plan("t(x)").unwrap().is_none());
    let found = store.index_check("t(x)", &DigestKey::new()).unwrap();
    assert!(!found.is_empty(), "SQLite's own check of the table speaks");
    assert!(found.iter().all(|l| l.contains("index i")), "{found:?}");
}

#[test]
fn a_partial_index_over_a_column_outside_it_is_read_whole() {
    // SQLite does not test the clause on entries of the index it names, so an entry for a
    // row the clause excludes is met and counted.
    let c = table();
    c.execute_batch("CREATE INDEX t_out ON t(n) WHERE gone IS NOT NULL")
        .unwrap();
    assert_eq!(lines(&c), Vec::<String>::new());
    rewrite(&c, "t_out", "CREATE INDEX t_out ON t(n) WHERE gone IS NULL");
    assert!(!sqlite_says_ok(&c));
    assert_eq!(
        lines(&c),
        vec!["wrong # of entries in index t_out: 160 rows of t belong in it, it holds 40"]
    );
}

#[test]
fn an_index_out_of_order_is_found() {
    // Built in NOCASE order; the schema now says BINARY, in which "B" sorts before "a".
    let c = Connection::open_in_memory().unwrap();
    c.execute_batch(
        "CREATE TABLE t (id INTEGER PRIMARY KEY, s TEXT);
         INSERT INTO t (s) VALUES ('a'), ('B'), ('c');
         CREATE INDEX t_s ON t(s COLLATE NOCASE);",
    )
    .unwrap();
    rewrite(&c, "t_s", "CREATE INDEX t_s ON t(s)");
    assert!(!sqlite_says_ok(&c));
    assert_eq!(lines(&c), vec!["index t_s is out of order at row 2"]);
}

#[test]
fn the_digest_is_keyed_for_each_check() {
    let mut a = Multiset::default();
    let mut b = Multiset::default();
    a.add(&DigestKey::new(), &[ValueRef::Integer(5)], 1);
    b.add(&DigestKey::new(), &[ValueRef::Integer(5)], 1);
    assert_ne!(a, b, "two checks draw two secrets");
    let key = DigestKey::new();
    let (mut x, mut y) = (Multiset::default(), Multiset::default());
    x.add(&key, &[ValueRef::Real(5.0)], 1);
    y.add(&key, &[ValueRef::Integer(5)], 1);
    assert_eq!(x, y, "a whole REAL is the same entry as the INTEGER");
}

#[test]
fn create_index_is_taken_apart_as_written() {
    assert_eq!(
        parse_create_index(
            "CREATE UNIQUE INDEX \"a,b\" ON \"t(x)\"(a COLLATE NOCASE DESC, ((m << 32) | (d = 'x,y')), \"c d\" asc) WHERE e IS NULL AND f = ')'"
        ),
        None,
        "a table name holding a parenthesis is left to SQLite"
    );
    assert_eq!(
        parse_create_index(
            "CREATE INDEX i ON t(a COLLATE NOCASE DESC, ((m << 32) | (d = 'x,y')), \"c d\" asc) WHERE e IS NULL AND f = ')'"
        ),
        Some((
            vec![
                "a COLLATE NOCASE".to_string(),
                "((m << 32) | (d = 'x,y'))".to_string(),
                "\"c d\"".to_string(),
            ],
            Some("e IS NULL AND f = ')'".to_string())
        ))
    );
    assert_eq!(
        parse_create_index("CREATE INDEX i ON t(имя)"),
        Some((vec!["имя".to_string()], None))
    );
    assert_eq!(parse_create_index("CREATE INDEX i ON t(a) garbage"), None);
    assert_eq!(strip_order("описание DESC"), "описание");
    assert_eq!(strip_order("Жынысы"), "Жынысы");
    assert_eq!(strip_order("DESC"), "DESC");
}

#[test]
fn values_are_ordered_as_sqlite_orders_them() {
    use Collation::*;
    let t = |s: &'static str| ValueRef::Text(s.as_bytes());
    assert_eq!(
        compare(ValueRef::Null, ValueRef::Integer(0), Binary),
        Ordering::Less
    );
    assert_eq!(
        compare(ValueRef::Integer(2), ValueRef::Real(1.5), Binary),
        Ordering::Greater
    );
    assert_eq!(compare(ValueRef::Real(9e9), t("0"), Binary), Ordering::Less);
    assert_eq!(compare(t("B"), t("a"), Binary), Ordering::Less);
    assert_eq!(compare(t("B"), t("a"), NoCase), Ordering::Greater);
    assert_eq!(compare(t("ABC"), t("abc"), NoCase), Ordering::Equal);
    assert_eq!(
        compare(t("Ә"), t("ә"), NoCase),
        Ordering::Less,
        "NOCASE folds ASCII only"
    );
    assert_eq!(compare(t("a  "), t("a"), RTrim), Ordering::Equal);
    assert_eq!(
        compare(t("z"), ValueRef::Blob(b"a"), Binary),
        Ordering::Less
    );
}

#[test]
fn a_partial_index_holding_entries_its_clause_excludes_is_found() {
    let c = table();
    // Built for score > 50; the schema now says > 60: the entries 51–60 are strays, and
    // reading the index with its clause would never meet them.
    rewrite(
        &c,
        "t_score",
        "CREATE INDEX t_score ON t(score) WHERE score > 60",
    );
    // SQLite's own integrity_check (3.46) does not count a partial index's entries.
    let strays: i64 = c
        .query_row(
            "SELECT count(*) FROM t WHERE score > 50 AND score <= 60",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert!(strays > 0);
    assert_eq!(
        lines(&c),
        vec![format!(
            "index t_score holds {strays} entries its WHERE clause excludes"
        )]
    );
}
