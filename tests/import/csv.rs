//! CSV import: whole or not at all, every bad row named, idempotent re-imports.

use crate::support::{kazbat, TempDb};
use muster::import::{import_completions, import_roster, ImportReport, Table};
use muster::problem::Problem;
use muster::Store;

const ROSTER_HEADER: &str =
    "service_number;family_name;given_name;patronymic;rank;category;gender;role;unit\n";
const DONE_HEADER: &str = "service_number,module,date,result,score,hours,instructor\n";

fn roster(s: &mut Store, t: &TempDb, body: &str, dry_run: bool) -> ImportReport {
    let f = t.file("roster.csv", body);
    import_roster(
        s,
        Table::open_csv(&f).unwrap(),
        &f,
        "KAZBAT-4",
        "op",
        dry_run,
    )
    .unwrap()
}

fn completions(s: &mut Store, t: &TempDb, body: &str, dry_run: bool) -> ImportReport {
    let f = t.file("done.csv", body);
    import_completions(
        s,
        Table::open_csv(&f).unwrap(),
        &f,
        "op",
        dry_run,
        &mut |_| {},
    )
    .unwrap()
}

fn setup() -> (TempDb, Store) {
    let t = TempDb::new();
    let mut s = t.store();
    s.add_contingent(&kazbat(), "op").unwrap();
    (t, s)
}

fn errors(r: &ImportReport) -> Vec<String> {
    r.errors.iter().map(ToString::to_string).collect()
}

#[test]
fn a_bad_last_row_leaves_nothing_written() {
    let (t, mut s) = setup();
    let body = format!(
        "{ROSTER_HEADER}KZ1;Омаров;Ерлан;;рядовой;enlisted;M;водитель;1 взвод\n\
         KZ2;Сейітова;Әсел;;ефрейтор;enlisted;F;санитар;1 взвод\n\
         KZ3;Ким;Олег;;сержант;sergeant-major;X;;1 взвод\n"
    );
    let r = roster(&mut s, &t, &body, false);
    assert!(!r.committed);
    assert_eq!(
        errors(&r),
        [
            "line 4, column F «category»: category \"sergeant-major\" is not officer, nco or enlisted (офицер, сержант, солдат)",
            "line 4, column G «gender»: gender \"X\" is not F or M (Ж or М)",
        ]
    );
    assert_eq!(s.personnel_count("KAZBAT-4").unwrap(), 0);
    assert!(
        s.person("KZ1").is_err(),
        "the good rows were not written either"
    );
}

#[test]
fn every_bad_row_is_reported_with_line_field_and_reason() {
    let (t, mut s) = setup();
    roster(
        &mut s,
        &t,
        &format!("{ROSTER_HEADER}KZ1;Омаров;Ерлан;;рядовой;enlisted;M;;1 взвод\n"),
        false,
    );
    let body = format!(
        "{DONE_HEADER}KZ1,ROE,15.02.2021,pass,91,12,Ахметов\n\
         KZ404,ROE,15.02.2021,pass,,,\n\
         KZ1,ROE,31.02.2021,pass,,,\n\
         KZ1,ROE,02/03/2021,pass,,,\n\
         KZ1,XYZ,15.02.2021,pass,,,\n\
         KZ1,ROE,15.02.2021,maybe,,,\n\
         KZ1,ROE,15.02.2021,pass,abc,,\n\
         KZ1,ROE,15.02.2021,pass,120,,\n\
         KZ1,ROE,15.02.2099,pass,,,\n\
         ,ROE,15.02.2021,pass,,,\n"
    );
    let r = completions(&mut s, &t, &body, false);
    assert_eq!(
        errors(&r),
        [
            "line 3, column A «service_number»: no soldier with service number \"KZ404\" (import the roster first)",
            "line 4, column C «date»: date \"31.02.2021\" does not exist in the calendar",
            "line 5, column C «date»: date \"02/03/2021\" is ambiguous (day/month or month/day?): write it as dd.mm.yyyy or yyyy-mm-dd",
            "line 6, column B «module»: module \"XYZ\" is not in the curriculum",
            "line 7, column D «result»: result \"maybe\" is not pass or fail (зачёт or незачёт, өтті or өтпеді)",
            "line 8, column E «score»: score \"abc\" is not a number",
            "line 9, column E «score»: score 120 is outside 0–100",
            "line 10, column C «date»: date 2099-02-15 is in the future",
            "line 11, column A «service_number»: service_number is empty",
        ]
    );
    assert!(s.history("KZ1").unwrap().is_empty(), "nothing half-written");
}

/// A number written another way than the roster has it (a separator, a letter O for a
/// zero, Cyrillic letters) is not found, and the refusal names the number it looks like;
/// a number like no one's is refused as before.
#[test]
fn a_number_not_on_file_is_refused_naming_the_one_it_looks_like() {
    let (t, mut s) = setup();
    roster(
        &mut s,
        &t,
        &format!("{ROSTER_HEADER}KZ100201;Омаров;Ерлан;;рядовой;enlisted;M;;1 взвод\n"),
        false,
    );
    let body = format!(
        "{DONE_HEADER}KZ-100201,ROE,15.02.2021,pass,91,12,Ахметов\n\
         kz1OO2O1,ROE,15.02.2021,pass,,,\n\
         КZ100201,ROE,15.02.2021,pass,,,\n\
         KZ100202,ROE,15.02.2021,pass,,,\n"
    );
    let r = completions(&mut s, &t, &body, false);
    let tail = " on file looks like it: write the number as the roster has it";
    assert_eq!(
        errors(&r),
        [
            format!("line 2, column A «service_number»: no soldier with service number \"KZ-100201\"; KZ100201{tail}"),
            format!("line 3, column A «service_number»: no soldier with service number \"kz1OO2O1\"; KZ100201{tail}"),
            format!("line 4, column A «service_number»: no soldier with service number \"КZ100201\"; KZ100201{tail}"),
            "line 5, column A «service_number»: no soldier with service number \"KZ100202\" (import the roster first)".to_string(),
        ]
    );
    assert!(
        s.history("KZ100201").unwrap().is_empty(),
        "nothing half-written"
    );
}

#[test]
fn dry_run_counts_but_writes_nothing() {
    let (t, mut s) = setup();
    let body = format!("{ROSTER_HEADER}KZ1;Омаров;Ерлан;;рядовой;enlisted;M;;1 взвод\nKZ2;Ким;Олег;;сержант;nco;M;;2 взвод\n");
    let r = roster(&mut s, &t, &body, true);
    assert_eq!(
        (r.rows, r.people_new, r.committed, r.dry_run),
        (2, 2, false, true)
    );
    assert_eq!(s.personnel_count("KAZBAT-4").unwrap(), 0);
    let r = roster(&mut s, &t, &body, false);
    assert_eq!((r.people_new, r.assigned, r.committed), (2, 2, true));
}

#[test]
fn re_importing_a_roster_updates_people_and_never_duplicates_them() {
    let (t, mut s) = setup();
    roster(&mut s, &t, &format!("{ROSTER_HEADER}KZ1;Омаров;Ерлан;;рядовой;enlisted;M;;1 взвод\nKZ2;Ким;Олег;;сержант;nco;M;;2 взвод\n"), false);
    // Promoted and moved; service number typed in lower case.
    let r = roster(&mut s, &t, &format!("{ROSTER_HEADER}kz1;Омаров;Ерлан;Болатович;ефрейтор;enlisted;M;;2 взвод\nKZ2;Ким;Олег;;сержант;nco;M;;2 взвод\n"), false);
    assert_eq!(
        (
            r.people_new,
            r.people_updated,
            r.people_unchanged,
            r.assigned
        ),
        (0, 1, 1, 0)
    );
    assert_eq!(s.personnel_count("KAZBAT-4").unwrap(), 2);
    let p = s.person("KZ1").unwrap();
    assert_eq!(
        (p.service_number.as_str(), p.rank.as_str(), p.unit.as_str()),
        ("KZ1", "ефрейтор", "2 взвод")
    );
    assert_eq!(p.patronymic.as_deref(), Some("Болатович"));
    let log = s.audit_log(Some("KZ1"), 5).unwrap();
    assert_eq!(log[0].action, "change");
    assert_eq!(log[0].old_value.as_ref().unwrap()["rank"], "рядовой");
}

#[test]
fn the_same_completions_file_twice_does_not_double_the_attempts() {
    let (t, mut s) = setup();
    roster(
        &mut s,
        &t,
        &format!("{ROSTER_HEADER}KZ1;Омаров;Ерлан;;рядовой;enlisted;M;;1 взвод\n"),
        false,
    );
    let body = format!("{DONE_HEADER}KZ1,ROE,15.02.2021,pass,91,12,Ахметов\nKZ1,BFAC,2021-03-02,fail,55,24,Mehta\nKZ1,bfac,2021-03-20,pass,81,24,Mehta\n");
    let r = completions(&mut s, &t, &body, false);
    assert_eq!((r.attempts_new, r.attempts_unchanged), (3, 0));
    let r = completions(&mut s, &t, &body, false);
    assert_eq!((r.attempts_new, r.attempts_unchanged), (0, 3));
    assert_eq!(s.history("KZ1").unwrap().len(), 3);
}

#[test]
fn header_problems_are_reported_on_line_one() {
    let (t, mut s) = setup();
    let r = roster(
        &mut s,
        &t,
        "service_number;family_name;given_name;colour\nKZ1;A;B;red\n",
        false,
    );
    assert_eq!(
        errors(&r),
        [
            "line 1, category: column \"category\" is missing from the header row (it may also be titled «Категория»)",
            "line 1, gender: column \"gender\" is missing from the header row (it may also be titled «Пол»)",
        ]
    );
    assert_eq!(
        r.warnings[0].to_string(),
        // The title is quoted once, made safe to print, never used as a field name.
        "line 1: column D «colour» is not one Muster reads; it was ignored"
    );
    let empty = t.file("empty.csv", "");
    let e = Table::open_csv(&empty).err().unwrap().to_string();
    assert!(e.contains("the file is empty"), "{e}");
    let r = roster(&mut s, &t, ROSTER_HEADER, false);
    assert_eq!(errors(&r), ["line 2: the file has a header but no rows"]);
}

#[test]
fn hostile_and_invisible_text_is_refused_and_mixed_scripts_are_flagged() {
    let (t, mut s) = setup();
    let body = format!(
        "{ROSTER_HEADER}KZ1;Ив\u{200B}анов;Иван;;рядовой;enlisted;M;;1 взвод\n\
         KZ2;\u{202E}вонавИ;Иван;;рядовой;enlisted;M;;1 взвод\n"
    );
    let r = roster(&mut s, &t, &body, false);
    assert_eq!(
        errors(&r),
        [
            "line 2, column B «family_name»: family_name contains an invisible or control character (U+200B)",
            "line 3, column B «family_name»: family_name contains an invisible or control character (U+202E)",
        ]
    );
    // Markup and formulas are just text to the store: shown as typed, never run.
    let body = format!(
        "{ROSTER_HEADER}KZ1;<img src=x onerror=alert(1)>;=HYPERLINK(\"x\");;рядовой;enlisted;M;;1 взвод\n\
         KZ2;Ивaнов;Иван;;рядовой;enlisted;M;;1 взвод\n"
    );
    let r = roster(&mut s, &t, &body, false);
    assert!(r.committed, "{:?}", r.errors);
    assert_eq!(
        s.person("KZ1").unwrap().family_name,
        "<img src=x onerror=alert(1)>"
    );
    assert_eq!(
        r.warnings
            .iter()
            .map(ToString::to_string)
            .collect::<Vec<_>>(),
        ["line 3, column B «family_name»: family_name \"Ивaнов\" mixes Latin and Cyrillic letters"]
    );
}

#[test]
fn duplicate_service_numbers_in_one_roster_are_an_error() {
    let (t, mut s) = setup();
    let body = format!("{ROSTER_HEADER}KZ1;Омаров;Ерлан;;рядовой;enlisted;M;;1 взвод\nkz1 ;Омаров;Ерлан;;рядовой;enlisted;M;;1 взвод\n");
    let r = roster(&mut s, &t, &body, false);
    assert_eq!(
        errors(&r),
        ["line 3, column A «service_number»: kz1 appears again (first on line 2)"]
    );
}

#[test]
fn quoted_cells_bom_and_blank_lines() {
    let (t, mut s) = setup();
    let body = format!(
        "\u{FEFF}{}\"KZ1\",\"Омаров, мл.\",\"Ерлан\",,рядовой,enlisted,M,\"водитель; санитар\",1 взвод\n\n\n",
        ROSTER_HEADER.replace(';', ",")
    );
    let r = roster(&mut s, &t, &body, false);
    assert!(r.committed, "{:?}", r.errors);
    let p = s.person("KZ1").unwrap();
    assert_eq!(
        (p.family_name.as_str(), p.role.as_str()),
        ("Омаров, мл.", "водитель; санитар")
    );
}

#[test]
fn unknown_contingent_is_one_clear_error() {
    let (t, mut s) = setup();
    let f = t.file(
        "r.csv",
        &format!("{ROSTER_HEADER}KZ1;Омаров;Ерлан;;рядовой;enlisted;M;;1 взвод\n"),
    );
    let e = import_roster(
        &mut s,
        Table::open_csv(&f).unwrap(),
        &f,
        "NOPE",
        "op",
        false,
    )
    .err()
    .unwrap()
    .to_string();
    assert_eq!(
        e,
        "contingent \"NOPE\" not found (create it with `muster contingent add`)"
    );
}

/// The duplicate check skips people with no record of a module yet; a row repeated inside
/// one file (two attempts of one day, said in a warning), or a record voided since, must
/// still be told apart correctly.
#[test]
fn a_row_repeated_in_one_file_is_two_attempts_and_a_voided_record_is_not_brought_back() {
    let (t, mut s) = setup();
    roster(
        &mut s,
        &t,
        &format!(
            "{ROSTER_HEADER}KZ1;Омаров;Ерлан;;рядовой;enlisted;M;;1 взвод\nKZ2;Әлиев;Нұр;;рядовой;enlisted;M;;1 взвод\n"
        ),
        false,
    );
    let row = "KZ1,ROE,15.02.2021,pass,91,12,Ахметов\n";
    let body = format!("{DONE_HEADER}{row}KZ2,ROE,15.02.2021,pass,91,12,Ахметов\n{row}");
    let r = completions(&mut s, &t, &body, false);
    assert_eq!((r.attempts_new, r.attempts_unchanged), (3, 0));
    assert_eq!(
        r.warnings.iter().map(|w| (w.line, w.message.clone())).collect::<Vec<_>>(),
        [(4, "the same as line 2 (soldier, module, day, result, score, hours, instructor): both are recorded, as two attempts that day; if one is a copy, delete it from the file".to_string())]
    );
    // Read again, the file adds nothing: the database holds as many as the file says.
    let r = completions(&mut s, &t, &body, false);
    assert_eq!((r.attempts_new, r.attempts_unchanged), (0, 3));
    assert_eq!(s.history("KZ1").unwrap().len(), 2);
    // The same session with another result or date is a different record.
    let body = format!("{DONE_HEADER}KZ1,ROE,15.02.2021,fail,91,12,Ахметов\nKZ1,ROE,16.02.2021,pass,91,12,Ахметов\n");
    let r = completions(&mut s, &t, &body, false);
    assert_eq!((r.attempts_new, r.attempts_unchanged), (2, 0));
    // Voided, the record still says it: the file read again does not bring it back, and
    // says so (a person voided it; a spreadsheet kept as it was must not undo that).
    let first = s.history("KZ2").unwrap()[0].attempt.id.clone();
    assert_eq!(s.history("KZ2").unwrap().len(), 1);
    s.void(&first, "clerk", "typed against the wrong soldier")
        .unwrap();
    let r = completions(
        &mut s,
        &t,
        &format!("{DONE_HEADER}KZ2,ROE,15.02.2021,pass,91,12,Ахметов\n"),
        false,
    );
    assert_eq!((r.attempts_new, r.attempts_unchanged), (0, 1));
    assert!(r
        .warnings
        .iter()
        .any(|w| matches!(&w.problem, Problem::RowsCorrectedSince { count } if count == "1")));
    assert_eq!(s.history("KZ2").unwrap().len(), 1);
}

/// A pass, a fail and a pass again of one day, in one file: the last pass decides, as rule 2
/// says (by date, then by order of entry: the file's order). Dropping the second pass as a
/// repeat of the first left the soldier failed. A dry run says the same as the import.
#[test]
fn a_pass_a_fail_and_a_pass_again_of_one_day_end_passed() {
    let (t, mut s) = setup();
    roster(
        &mut s,
        &t,
        &format!("{ROSTER_HEADER}KZ1;Омаров;Ерлан;;рядовой;enlisted;M;;1 взвод\n"),
        false,
    );
    let body = format!(
        "{DONE_HEADER}KZ1,PATROL,01.02.2021,pass,80,4,Ахметов\n\
         KZ1,PATROL,01.02.2021,fail,40,4,Ахметов\n\
         KZ1,PATROL,01.02.2021,pass,80,4,Ахметов\n"
    );
    let dry = completions(&mut s, &t, &body, true);
    assert_eq!((dry.attempts_new, dry.attempts_unchanged), (3, 0));
    let r = completions(&mut s, &t, &body, false);
    assert_eq!((r.attempts_new, r.attempts_unchanged), (3, 0));
    let ready =
        muster::readiness::readiness(&s, "KAZBAT-4", muster::dates::parse("2021-03-01").unwrap())
            .unwrap();
    let p = ready
        .personnel
        .iter()
        .find(|p| p.service_number == "KZ1")
        .unwrap();
    assert_eq!(p.modules["PATROL"].status, muster::rules::Status::Complete);
    let again = completions(&mut s, &t, &body, true);
    assert_eq!((again.attempts_new, again.attempts_unchanged), (0, 3));
}

/// Rows of a module taken again each rotation (ROE) dated before the contingent's training
/// start count for no one there: recorded all the same (another rotation's sheet), and
/// said once, with how many, which modules and the day training began.
#[test]
fn rows_that_will_not_count_for_this_rotation_are_said() {
    let (t, mut s) = setup();
    roster(
        &mut s,
        &t,
        &format!("{ROSTER_HEADER}KZ1;Омаров;Ерлан;;рядовой;enlisted;M;;1 взвод\n"),
        false,
    );
    let body = format!(
        "{DONE_HEADER}KZ1,ROE,15.12.2020,pass,91,12,Ахметов\n\
         KZ1,BFAC,15.12.2020,pass,91,12,Ахметов\n\
         KZ1,ROE,15.02.2021,pass,91,12,Ахметов\n"
    );
    let r = completions(&mut s, &t, &body, false);
    assert_eq!(r.attempts_new, 3);
    let said: Vec<(usize, String)> = r
        .warnings
        .iter()
        .filter(|w| matches!(w.problem, Problem::RowsBeforeTraining { .. }))
        .map(|w| (w.line, w.message.clone()))
        .collect();
    assert_eq!(
        said,
        [(2, "1 row of modules taken again each rotation (ROE), line 2, dated before KAZBAT-4's training started (2021-01-11): recorded, but they do not count for KAZBAT-4".to_string())]
    );
}

#[test]
fn a_roster_that_leaves_someone_out_says_so_and_takes_no_one_off() {
    let (t, mut s) = setup();
    let three = format!(
        "{ROSTER_HEADER}KZ1;Омаров;Ерлан;;рядовой;enlisted;M;водитель;1 взвод\n\
         KZ2;Сейітова;Әсел;;ефрейтор;enlisted;F;санитар;1 взвод\n\
         KZ3;Ким;Олег;;сержант;nco;M;;1 взвод\n"
    );
    let first = roster(&mut s, &t, &three, false);
    assert!(first.warnings.is_empty(), "{:?}", first.warnings);
    // The next list lacks KZ2 (injured) and writes the other two as "kz1"/"KZ3".
    let two = format!(
        "{ROSTER_HEADER}kz1;Омаров;Ерлан;;рядовой;enlisted;M;водитель;1 взвод\n\
         KZ3;Ким;Олег;;сержант;nco;M;;1 взвод\n"
    );
    let r = roster(&mut s, &t, &two, false);
    assert!(r.committed);
    let warned: Vec<String> = r.warnings.iter().map(ToString::to_string).collect();
    assert_eq!(
        warned,
        [
            "on the roster of KAZBAT-4 but not in this file: 1 (KZ2); they stay on the roster: \
          take anyone no longer deploying off it (`muster person remove`)"
        ]
    );
    assert_eq!(
        s.personnel_count("KAZBAT-4").unwrap(),
        3,
        "no one taken off"
    );
}

/// Kazakh letters turned into «?» by a sheet saved as Windows-1251 ("ANSI") are read as
/// they are, but never without a word: each name is named, with how to save it instead.
#[test]
fn names_whose_letters_became_question_marks_are_warned_about() {
    let (t, mut s) = setup();
    // What Excel writes for «Нұрманғали Әсел» in Windows-1251: the Kazakh letters are gone.
    let lost = "Нұрманғали Әсел"
        .chars()
        .map(|c| if "ұғәӘ".contains(c) { '?' } else { c })
        .collect::<String>();
    let (family, given) = lost.split_once(' ').unwrap();
    let text = format!(
        "{ROSTER_HEADER}KZ1;{family};{given};;рядовой;enlisted;F;;1 взвод\nKZ2;Ким;Олег;;сержант;nco;M;;1 взвод\n"
    );
    let (bytes, _, _) = encoding_rs::WINDOWS_1251.encode(&text);
    let f = t.as_ref().with_file_name("ansi.csv");
    std::fs::write(&f, &bytes).unwrap();
    let r = import_roster(
        &mut s,
        Table::open_csv(&f).unwrap(),
        &f,
        "KAZBAT-4",
        "op",
        true,
    )
    .unwrap();
    assert!(r.errors.is_empty(), "{:?}", r.errors);
    let warned: Vec<String> = r
        .warnings
        .iter()
        .filter(|w| matches!(w.problem, Problem::LettersLost { .. }))
        .map(ToString::to_string)
        .collect();
    assert_eq!(warned.len(), 2, "{warned:?}");
    assert!(
        warned[0].starts_with("line 2, column B «family_name»: family_name \"Н?рман?али\""),
        "{warned:?}"
    );
    assert!(warned[0].contains("save it as \"CSV UTF-8\""), "{warned:?}");
}

/// A file with a byte-order mark is read as the mark says when a UTF-16 encoding is named,
/// and the import says (and keeps) the encoding it was read in.
#[test]
fn a_byte_order_mark_decides_and_the_encoding_read_is_the_one_said() {
    let (t, mut s) = setup();
    let f = t.file(
        "bom.csv",
        &format!("\u{feff}{ROSTER_HEADER}KZ1;Сейітова;Әсел;;ефрейтор;enlisted;F;;1 взвод\n"),
    );
    let table = Table::open(
        &f,
        &muster::import::OpenOptions {
            sheet: None,
            encoding: Some("utf-16le".into()),
        },
    )
    .unwrap();
    let r = import_roster(&mut s, table, &f, "KAZBAT-4", "op", false).unwrap();
    assert!(r.errors.is_empty(), "{:?}", r.errors);
    assert_eq!(r.encoding.as_deref(), Some("UTF-8"));
    assert_eq!(s.person("KZ1").unwrap().given_name, "Әсел");
}

/// A sheet's title and a heading line above the header (which may itself name a field or
/// two, «Модуль: ROE  Дата: …») do not hide the header: the row naming the most fields is
/// taken, and a refusal of a column names the line the header is on.
#[test]
fn the_header_under_a_title_and_a_heading_line_is_found_and_named_by_its_line() {
    let (t, mut s) = setup();
    roster(
        &mut s,
        &t,
        &format!("{ROSTER_HEADER}KZ1;Омаров;Ерлан;;рядовой;enlisted;M;;1 взвод\n"),
        false,
    );
    let r = completions(
        &mut s,
        &t,
        "Ведомость;;;\n;;;\nЛичный номер;Модуль;Дата;Баллы\nKZ1;ROE;15.02.2021;91\n",
        true,
    );
    let missing: Vec<String> = errors(&r);
    assert_eq!(missing.len(), 1, "{missing:?}");
    assert!(missing[0].starts_with("line 3, result:"), "{missing:?}");
    let r = completions(
        &mut s,
        &t,
        "Модуль:;ROE;Дата:;15.02.2021\n;;;\nЛичный номер;Модуль;Дата;Результат\nKZ1;ROE;15.02.2021;зачёт\n",
        false,
    );
    assert!(r.errors.is_empty(), "{:?}", errors(&r));
    assert_eq!(r.attempts_new, 1);
}

/// A row wrong in several values is named in every one of them at once, not one per try.
#[test]
fn every_wrong_value_of_a_row_is_named_at_once() {
    let (t, mut s) = setup();
    roster(
        &mut s,
        &t,
        &format!("{ROSTER_HEADER}KZ1;Омаров;Ерлан;;рядовой;enlisted;M;;1 взвод\n"),
        false,
    );
    let r = completions(
        &mut s,
        &t,
        &format!("{DONE_HEADER}KZ1,ROE,15.02.2099,pass,1000,1e400,Ахметов\n"),
        true,
    );
    let fields: Vec<String> = r
        .errors
        .iter()
        .map(|e| format!("{}:{}", e.line, e.field.map(|f| f.name()).unwrap_or("")))
        .collect();
    assert_eq!(fields, ["2:date", "2:score", "2:hours"], "{:?}", errors(&r));
}

/// Values under a column whose title cell is empty are not read, and the import says so
/// (a numbering column is harmless; a name whose title was deleted is not).
#[test]
fn values_under_a_column_without_a_title_are_warned_about() {
    let (t, mut s) = setup();
    roster(
        &mut s,
        &t,
        &format!("{ROSTER_HEADER}KZ1;Омаров;Ерлан;;рядовой;enlisted;M;;1 взвод\n"),
        false,
    );
    let r = completions(
        &mut s,
        &t,
        "service_number;;module;date;result\nKZ1;;ROE;15.02.2021;pass\nKZ1;Иванов;SEA;15.02.2021;pass\n",
        true,
    );
    assert!(r.errors.is_empty(), "{:?}", errors(&r));
    let warned: Vec<String> = r
        .warnings
        .iter()
        .filter(|w| matches!(w.problem, Problem::UntitledColumn { .. }))
        .map(ToString::to_string)
        .collect();
    assert_eq!(
        warned,
        ["line 3: column B has no title but holds values (this row: \"Иванов\"); they were not read: give it a title Muster reads, or leave it out"]
    );
}

/// An official form's list: a «№ п/п» column Muster does not read, a row numbering the
/// columns under the header, numbered blank lines left at the end and a signature line
/// under the table. The people import; the rest says nothing and is passed over. A number
/// row anywhere but under the header is data like any other.
#[test]
fn a_forms_column_numbers_blank_numbered_lines_and_signature_line_are_passed_over() {
    let (t, mut s) = setup();
    let body = "№ п/п;Личный номер;Фамилия;Имя;Категория;Пол\n\
                1;2;3;4;5;6\n\
                1;KZ1;Омаров;Ерлан;солдат;М\n\
                2;KZ2;Сейітова;Әсел;солдат;Ж\n\
                3;;;;;\n\
                4;;;;;\n\
                Командир роты майор Ахметов К.;;;;;\n";
    let r = roster(&mut s, &t, body, false);
    assert!(r.errors.is_empty(), "{:?}", errors(&r));
    assert_eq!((r.people_new, r.committed), (2, true));
    // Numbers lower down are a row to read: refused for what it lacks, not passed over.
    let body = "№ п/п;Личный номер;Фамилия;Имя;Категория;Пол\n\
                1;KZ3;Ким;Олег;солдат;М\n\
                1;2;3;4;5;6\n";
    let r = roster(&mut s, &t, body, true);
    assert!(!r.errors.is_empty());
}

/// The warnings of people on two rotations at once.
fn overlaps(r: &ImportReport) -> Vec<String> {
    r.warnings
        .iter()
        .map(ToString::to_string)
        .filter(|w| w.contains("also on the roster of"))
        .collect()
}

/// A roster read into `code`, as "op".
fn roster_into(s: &mut Store, t: &TempDb, code: &str, body: &str) -> ImportReport {
    let f = t.file("roster.csv", body);
    let r = import_roster(s, Table::open_csv(&f).unwrap(), &f, code, "op", false).unwrap();
    assert!(r.committed, "{:?}", r.errors);
    r
}

#[test]
fn a_soldier_on_the_roster_of_an_overlapping_rotation_is_warned_of_once_per_rotation() {
    let (t, mut s) = setup();
    let three = format!(
        "{ROSTER_HEADER}KZ100001;Әбілқасымов;Нұрғали;;капитан;officer;M;;\n\
         KZ100002;Ғабдуллина;Әйгерім;;сержант;nco;F;;\n\
         KZ100003;Сейітов;Ерлан;;рядовой;enlisted;M;;\n"
    );
    roster_into(&mut s, &t, "KAZBAT-4", &three);
    // KAZBAT-4 trains from 2021-01-11 and is abroad until 2022-01-01. The next rotation
    // starts training while it is deployed: no one can be on both.
    let next = |code: &str, start: &str, deploy: &str| muster::domain::Contingent {
        code: code.into(),
        training_start: crate::support::d(start),
        deploy_on: crate::support::d(deploy),
        ..kazbat()
    };
    s.add_contingent(&next("KAZBAT-5", "2021-10-01", "2022-01-01"), "op")
        .unwrap();
    // Typed in lower case in this file: named as on file all the same.
    let r = roster_into(&mut s, &t, "KAZBAT-5", &three.replace("KZ1000", "kz1000"));
    let said = overlaps(&r);
    assert_eq!(
        said,
        [
            "line 2, column A «service_number»: 3 people in this file are also on the roster of KAZBAT-4, \
          whose training and tour overlap this rotation's: KZ100001, \
          KZ100002, KZ100003; a soldier serves in one rotation at a time: take anyone who \
          moved off the roster they left (`muster person remove`)"
        ],
    );
    // Written as the file says: a warning, not a refusal; the dashboards of both say it.
    assert_eq!(s.roster("KAZBAT-5").unwrap().len(), 3);
    for (code, other) in [("KAZBAT-5", "KAZBAT-4"), ("KAZBAT-4", "KAZBAT-5")] {
        let d = muster::dashboard::dashboard(&s, code, crate::support::d("2021-11-01")).unwrap();
        assert_eq!(d.also_elsewhere.len(), 3, "{code}");
        assert_eq!(d.also_elsewhere[0].service_number, "KZ100001");
        assert_eq!(d.also_elsewhere[0].rotations, [other]);
    }

    // Taken off KAZBAT-4 (they moved), a soldier is no longer warned of; one rotation whose
    // tour ends before the new one's training starts, or archived, is none of this.
    s.take_off_roster("KZ100001", "KAZBAT-4", "op", "moved to KAZBAT-5")
        .unwrap();
    s.add_contingent(&next("KAZBAT-6", "2022-07-02", "2023-01-01"), "op")
        .unwrap();
    s.add_contingent(&next("KAZBAT-7", "2022-06-01", "2022-12-01"), "op")
        .unwrap();
    s.archive_contingent("KAZBAT-4", "op", "home").unwrap();
    let r = roster_into(&mut s, &t, "KAZBAT-6", &three);
    assert!(overlaps(&r).is_empty(), "{:?}", r.warnings);
    assert!(s
        .also_on_overlapping_rotations("KAZBAT-6")
        .unwrap()
        .is_empty());
    let one = format!("{ROSTER_HEADER}KZ100002;Ғабдуллина;Әйгерім;;сержант;nco;F;;\n");
    let r = roster_into(&mut s, &t, "KAZBAT-7", &one);
    let said = overlaps(&r);
    assert_eq!(said.len(), 2, "{said:?}");
    assert!(
        said[0].starts_with(
            "line 2, column A «service_number»: 1 person in this file is also on the roster of KAZBAT-5,"
        ),
        "{said:?}"
    );
    assert!(said[1].contains("on the roster of KAZBAT-6,"), "{said:?}");
}

/// A bilingual form's second title row (Kazakh titles under Russian ones) and the header
/// repeated down the sheet (a printout's page header) are passed over as titles, not
/// refused as four bad values each.
#[test]
fn the_header_again_in_another_language_or_further_down_is_passed_over() {
    let (t, mut s) = setup();
    let r = roster(
        &mut s,
        &t,
        "Личный номер;Фамилия;Имя;Категория;Пол\n\
         Жеке нөмірі;Тегі;Аты;Санаты;Жынысы\n\
         KZ1;Омаров;Ерлан;солдат;М\n\
         Личный номер;Фамилия;Имя;Категория;Пол\n\
         KZ2;Сейітова;Әсел;солдат;Ж\n",
        false,
    );
    assert!(r.errors.is_empty(), "{:?}", errors(&r));
    assert_eq!((r.people_new, r.rows), (2, 2));
    // A row naming one field only is data to check, not a header.
    let r = roster(
        &mut s,
        &t,
        "Личный номер;Фамилия;Имя;Категория;Пол\nKZ3;Фамилия;Имя;солдат;М\n",
        true,
    );
    assert!(r.errors.is_empty(), "{:?}", errors(&r));
    assert_eq!(r.people_new, 1);
}
