//! What a file says cannot reach the terminal raw, cannot be lost silently, and cannot make
//! a second person out of a look-alike number: escapes and line breaks in titles and values,
//! cells beyond the header, service numbers that mix alphabets or look like another.

use crate::support::cli;
use crate::support::sheets::*;

/// No byte a terminal acts on: only printable text and the line ends between messages.
fn printable(out: &str) {
    for c in out.chars() {
        assert!(
            c == '\n' || !(c.is_control() || muster::chars::is_invisible(c)),
            "{:?} in {out:?}",
            c
        );
    }
}

/// A file whose titles and values try to retitle and clear the terminal, and to start
/// lines of their own.
const HOSTILE_TITLE: &str = "\u{1b}]0;pwned\u{7}\u{1b}[2J";

#[test]
fn titles_and_values_reach_the_terminal_escaped_on_one_line_each() {
    let (dir, mut s) = store();
    roster(&mut s, "roster_ru.xlsx");
    drop(s);
    let db = dir.path().join("muster.sqlite3");
    let body = format!(
        "service_number;module;date;result;\"{HOSTILE_TITLE}\";\"a\r\nb\";\"x\u{202e}y\"\n\
         100101;ROE;2021-02-15;\"\u{1b}[31mpass\r\nfake line\"\n"
    );
    let f = dir.path().join("hostile.csv");
    std::fs::write(&f, body).unwrap();
    let (code, out) =
        cli::muster(&db)
            .by(IMPORTED_BY)
            .said(&["import", "completions", f.to_str().unwrap()]);
    assert_eq!(code, 1, "{out}");
    printable(&out);
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(
        lines,
        [
            "muster: warning: line 1: 3 columns are not ones Muster reads; they were ignored: \
             E «\\u{1b}]0;pwned\\u{7}\\u{1b}[2J», F «a\\u{a}b», G «x\\u{202e}y»",
            // The header's quoted line break puts the row on line 3 of the file.
            &format!(
                "muster: {}: line 3, column D «result»: result \"\\u{{1b}}[31mpass\\u{{a}}fake line\" is not pass or fail (зачёт or незачёт, өтті or өтпеді)",
                f.display()
            ),
            &format!("muster: 1 bad row in {}; nothing was imported", f.display()),
        ]
    );
}

#[test]
fn a_sheet_name_and_a_long_value_are_escaped_and_cut() {
    let dir = tempfile::tempdir().unwrap();
    let long = "Ж".repeat(5000);
    let f = dir.path().join("long.csv");
    std::fs::write(
        &f,
        format!("service_number;module;date;result\n100101;ROE;2021-02-15;{long}\n"),
    )
    .unwrap();
    let (_d, mut s) = store();
    roster(&mut s, "roster_ru.xlsx");
    let r = completions_at(&mut s, &f, false);
    assert_eq!(
        r.errors[0].message,
        format!(
            "result \"{}… (5,000 characters)\" is not pass or fail (зачёт or незачёт, өтті or өтпеді)",
            "Ж".repeat(60)
        )
    );
    let e = open(&fixture_file("roster_ru.xlsx"), Some("\u{1b}[2J"), None)
        .err()
        .unwrap()
        .to_string();
    assert!(e.contains("no sheet named \"\\u{1b}[2J\""), "{e}");
}

#[test]
fn filled_cells_beyond_the_header_refuse_the_row() {
    let dir = tempfile::tempdir().unwrap();
    let (_d, mut s) = store();
    roster(&mut s, "roster_ru.xlsx");
    // An unquoted «;» inside the instructor's name; trailing empty cells are fine.
    let f = dir.path().join("done.csv");
    std::fs::write(
        &f,
        "Личный номер;Модуль;Дата;Результат;Балл;Часы;Инструктор\n\
         100101;ROE;15.02.2021;зачёт;91;12;майор Ахметов Қ.;;\n\
         100102;ROE;15.02.2021;зачёт;84;12;Ахметов; Қ.\n\
         100103;ROE;15.02.2021;зачёт;84;12;Ахметов; Қ.; x;y;z;w;v\n",
    )
    .unwrap();
    let r = completions_at(&mut s, &f, false);
    assert_eq!(
        errors(&r),
        [
            "3||1 filled cell beyond the last column title (H): \" Қ.\" (a separator inside a value that should have been quoted?)",
            "4||6 filled cells beyond the last column title (H, I, J, K, L, …): \" Қ.\" (a separator inside a value that should have been quoted?)",
        ]
    );
    assert!(!r.committed);
    assert!(s.history("100101").unwrap().is_empty());
}

#[test]
fn a_service_number_that_mixes_alphabets_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let (_d, mut s) = store();
    let f = dir.path().join("r.csv");
    std::fs::write(
        &f,
        "service_number;family_name;given_name;category;gender\n\
         KZ470007;Ахметов;Ерлан;officer;M\n\
         КZ470008;Иванов;Иван;officer;M\n",
    )
    .unwrap();
    let r = roster_at(&mut s, &f, None, false);
    assert_eq!(
        errors(&r),
        ["3|A «service_number»|service number \"КZ470008\" mixes alphabets (Cyrillic К, Latin Z): type it in one alphabet"]
    );
    assert!(!r.committed);
    assert!(s.person("KZ470007").is_err());
}

#[test]
fn a_look_alike_of_a_number_on_file_or_in_the_same_file_is_refused_naming_both() {
    let dir = tempfile::tempdir().unwrap();
    let (_d, mut s) = store();
    let first = dir.path().join("first.csv");
    std::fs::write(
        &first,
        "service_number;family_name;given_name;category;gender\nAK470007;Ахметов;Ерлан;officer;M\n",
    )
    .unwrap();
    assert!(roster_at(&mut s, &first, None, false).committed);

    let second = dir.path().join("second.csv");
    std::fs::write(
        &second,
        "service_number;family_name;given_name;category;gender\n\
         АК470007;Ахметов;Ерлан;officer;M\n\
         AK47OOO7;Ахметов;Ерлан;officer;M\n\
         ak470007;Ахметов;Ерлан;officer;M\n\
         KZ100001;Омаров;Ерлан;officer;M\n\
         KZ1OOOO1;Омаров;Ерлан;officer;M\n\
         AK-470007;Ахметов;Ерлан;officer;M\n\
         KZ/100.001;Омаров;Ерлан;officer;M\n",
    )
    .unwrap();
    let r = roster_at(&mut s, &second, None, false);
    let text: Vec<String> = r
        .errors
        .iter()
        .map(|e| format!("{}|{}", e.line, e.message))
        .collect();
    let tail =
        " (the same number written another way would make a second person; type it as it is on file)";
    assert_eq!(
        text,
        [
            // All Cyrillic, yet it reads as the Latin number on file.
            format!("2|АК470007 looks like AK470007: Cyrillic АК{tail}"),
            format!("3|AK47OOO7 looks like AK470007: Latin O{tail}"),
            // Earlier in the same file.
            format!("6|KZ1OOOO1 looks like KZ100001: Latin O{tail}"),
            // Written with separators: one number written two ways.
            format!("7|AK-470007 looks like AK470007: \"-\"{tail}"),
            format!("8|KZ/100.001 looks like KZ100001: \"/.\"{tail}"),
        ]
    );
    // The same number in another case is the same person, not a look-alike.
    assert!(!r.errors.iter().any(|e| e.line == 4));
    assert!(!r.committed);
    assert_eq!(s.personnel_count(CODE).unwrap(), 1);
}

#[test]
fn the_demo_still_loads_and_a_look_alike_of_a_demo_number_is_refused() {
    let (dir, mut s) = store();
    assert!(muster::demo::load(&mut s, ymd(2026, 11, 1)).unwrap());
    let any = s.personnel("DEMO").unwrap()[0].service_number.clone();
    let look = any.replacen('0', "O", 1);
    assert_ne!(look, any);
    let f = dir.path().join("r.csv");
    std::fs::write(
        &f,
        format!(
            "service_number;family_name;given_name;category;gender\n{look};Иванов;Иван;officer;M\n"
        ),
    )
    .unwrap();
    let r = roster_at(&mut s, &f, None, false);
    assert_eq!(r.errors.len(), 1, "{:?}", r.errors);
    assert!(r.errors[0]
        .message
        .starts_with(&format!("{look} looks like {any}: Latin O")));
}
