//! Writes the spreadsheet fixtures in tests/fixtures/ the way Windows Excel writes them:
//! workbooks with real date cells and service numbers stored as numbers, "CSV UTF-8"
//! (byte-order mark, `;`, CRLF), "Unicode text" (UTF-16 with a mark, tab-separated) and a
//! Windows-1251 CSV from a Russian-locale machine. The outputs are committed; run
//! `cargo run --example make_fixtures` only to change them.

use std::path::Path;

use rust_xlsxwriter::{DocProperties, ExcelDateTime, Format, Workbook, XlsxError};

const DIR: &str = "tests/fixtures";

fn date(y: u16, m: u8, d: u8) -> ExcelDateTime {
    ExcelDateTime::from_ymd(y, m, d).expect("valid date")
}

/// Fixed properties so the same generator gives the same bytes.
fn book() -> Workbook {
    let mut b = Workbook::new();
    let when = ExcelDateTime::parse_from_str("2026-01-01T00:00:00Z").expect("valid");
    b.set_properties(&DocProperties::new().set_creation_datetime(&when));
    b
}

/// A roster as a training office keeps it: Russian headers on the first sheet, numeric
/// service numbers (Excel stores 100101 as a number), Cyrillic М/Ж, Kazakh names; and a
/// second sheet with another list, for `--sheet`.
fn roster_xlsx() -> Result<(), XlsxError> {
    let mut b = book();
    let ws = b.add_worksheet();
    ws.set_name("Личный состав")?;
    let head = Format::new().set_bold();
    let titles = [
        "Личный номер",
        "Фамилия",
        "Имя",
        "Отчество",
        "Звание",
        "Категория",
        "Пол",
        "Должность",
        "Подразделение",
    ];
    for (c, t) in titles.iter().enumerate() {
        ws.write_string_with_format(0, c as u16, *t, &head)?;
    }
    let rows: [(f64, [&str; 8]); 4] = [
        (
            100101.0,
            [
                "Нұрқасов",
                "Аян",
                "Маратұлы",
                "майор",
                "офицер",
                "М",
                "командир роты",
                "Управление роты",
            ],
        ),
        (
            100102.0,
            [
                "Жолдасбаев",
                "Бауыржан",
                "",
                "старший сержант",
                "сержант",
                "М",
                "командир отделения",
                "1 взвод",
            ],
        ),
        (
            100103.0,
            [
                "Сейітова",
                "Әсел",
                "Серікқызы",
                "ефрейтор",
                "солдат",
                "Ж",
                "санитар",
                "1 взвод",
            ],
        ),
        (
            100104.0,
            [
                " Омаров ",
                "Ерлан",
                "Болатович",
                "рядовой",
                "Солдат",
                "муж",
                "водитель",
                "1 взвод",
            ],
        ),
    ];
    for (r, (sn, rest)) in rows.iter().enumerate() {
        let r = r as u32 + 1;
        ws.write_number(r, 0, *sn)?;
        for (c, v) in rest.iter().enumerate() {
            if !v.is_empty() {
                ws.write_string(r, c as u16 + 1, *v)?;
            }
        }
    }
    let other = b.add_worksheet();
    other.set_name("Резерв")?;
    for (c, t) in titles.iter().enumerate() {
        other.write_string_with_format(0, c as u16, *t, &head)?;
    }
    let reserve = [
        "KZ200201",
        "Ахметова",
        "Дана",
        "",
        "лейтенант",
        "офицер",
        "Ж",
        "врач",
        "Медпункт",
    ];
    for (c, v) in reserve.iter().enumerate() {
        other.write_string(1, c as u16, *v)?;
    }
    b.save(Path::new(DIR).join("roster_ru.xlsx"))
}

/// A training log: Russian headers, real date cells formatted dd.mm.yyyy, numeric service
/// numbers and scores, «зачёт»/«незачёт», a lower-case module code.
fn completions_xlsx() -> Result<(), XlsxError> {
    let mut b = book();
    let ws = b.add_worksheet();
    ws.set_name("Журнал")?;
    let head = Format::new().set_bold();
    let dmy = Format::new().set_num_format("dd.mm.yyyy");
    for (c, t) in [
        "Личный номер",
        "Модуль",
        "Дата",
        "Результат",
        "Балл",
        "Часы",
        "Инструктор",
    ]
    .iter()
    .enumerate()
    {
        ws.write_string_with_format(0, c as u16, *t, &head)?;
    }
    let rows = [
        (
            100101.0,
            "ROE",
            date(2021, 2, 15),
            "зачёт",
            Some(91.0),
            12.0,
            "майор Ахметов Қ.",
        ),
        (
            100102.0,
            "ROE",
            date(2021, 2, 15),
            "зачёт",
            Some(84.5),
            12.0,
            "майор Ахметов Қ.",
        ),
        (
            100103.0,
            "BFAC",
            date(2021, 3, 2),
            "незачёт",
            Some(55.0),
            24.0,
            "Capt. Mehta (INDBATT)",
        ),
        (
            100103.0,
            "BFAC",
            date(2021, 3, 20),
            "сдал",
            Some(81.0),
            24.0,
            "Capt. Mehta (INDBATT)",
        ),
        (
            100104.0,
            "sea",
            date(2020, 9, 10),
            "зачёт",
            None,
            4.0,
            "Конференц-зал KAZCENT",
        ),
    ];
    for (r, (sn, module, d, result, score, hours, instructor)) in rows.iter().enumerate() {
        let r = r as u32 + 1;
        ws.write_number(r, 0, *sn)?;
        ws.write_string(r, 1, *module)?;
        ws.write_datetime_with_format(r, 2, d, &dmy)?;
        ws.write_string(r, 3, *result)?;
        if let Some(s) = score {
            ws.write_number(r, 4, *s)?;
        }
        ws.write_number(r, 5, *hours)?;
        ws.write_string(r, 6, *instructor)?;
    }
    b.save(Path::new(DIR).join("completions_ru.xlsx"))
}

/// A roster with a title and a blank row above the header (as offices print them), and a
/// bad gender on worksheet row 6, to pin row numbers.
fn roster_title_rows() -> Result<(), XlsxError> {
    let mut b = book();
    let ws = b.add_worksheet();
    ws.write_string_with_format(
        0,
        0,
        "Список личного состава 2 взвода",
        &Format::new().set_bold(),
    )?;
    let head = [
        "Личный номер",
        "Фамилия",
        "Имя",
        "Категория",
        "Пол",
        "Подразделение",
    ];
    for (c, t) in head.iter().enumerate() {
        ws.write_string(2, c as u16, *t)?;
    }
    let rows = [
        ["KZ100301", "Ахметов", "Нұрлан", "сержант", "М", "2 взвод"],
        ["KZ100302", "Бекова", "Айгерім", "солдат", "Ж", "2 взвод"],
        ["KZ100303", "Касымов", "Ержан", "солдат", "мужик", "2 взвод"],
    ];
    for (r, row) in rows.iter().enumerate() {
        for (c, v) in row.iter().enumerate() {
            ws.write_string(r as u32 + 3, c as u16, *v)?;
        }
    }
    b.save(Path::new(DIR).join("roster_title_rows.xlsx"))
}

fn write(name: &str, bytes: &[u8]) {
    std::fs::write(Path::new(DIR).join(name), bytes).expect("write fixture");
}

fn crlf(lines: &[&str]) -> String {
    lines.iter().map(|l| format!("{l}\r\n")).collect()
}

/// Excel "CSV UTF-8 (разделитель — точка с запятой)": BOM, `;`, CRLF, Russian headers.
fn roster_utf8_bom() {
    let text = crlf(&[
        "Личный номер;Фамилия;Имя;Отчество;Звание;Категория;Пол;Должность;Подразделение",
        "KZ100101;Нұрқасов;Аян;Маратұлы;майор;офицер;М;командир роты;Управление роты",
        "KZ100102;Жолдасбаев;Бауыржан;;старший сержант;сержант;М;командир отделения;1 взвод",
        "KZ100103;Сейітова;Әсел;Серікқызы;ефрейтор;солдат;Ж;санитар;1 взвод",
        "KZ100104;Омаров;Ерлан;Болатович;рядовой;солдат;М;\"водитель; механик\";1 взвод",
        ";;;;;;;;",
    ]);
    let mut bytes = b"\xEF\xBB\xBF".to_vec();
    bytes.extend(text.as_bytes());
    write("roster_utf8_bom_semicolon.csv", &bytes);
}

/// Excel "CSV (разделители — запятые)" on Russian-locale Windows: Windows-1251, `;`.
fn roster_cp1251() {
    let text = crlf(&[
        "Табельный номер;Фамилия;Имя;Отчество;Воинское звание;Категория;Пол;Должность;Подразделение",
        "KZ100201;Петров;Иван;Сергеевич;капитан;офицер;муж;заместитель командира;Управление роты",
        "KZ100202;Ёлкина;Мария;Андреевна;сержант;сержант;жен;санинструктор;2 взвод",
        "KZ100203;Смирнов;Олег;;рядовой;солдат;М;стрелок;2 взвод",
    ]);
    let (bytes, _, unmappable) = encoding_rs::WINDOWS_1251.encode(&text);
    assert!(!unmappable, "Windows-1251 holds only Russian text");
    write("roster_cp1251.csv", &bytes);
}

fn utf16(text: &str, little: bool) -> Vec<u8> {
    let mut out = if little {
        vec![0xFF, 0xFE]
    } else {
        vec![0xFE, 0xFF]
    };
    for u in text.encode_utf16() {
        out.extend(if little {
            u.to_le_bytes()
        } else {
            u.to_be_bytes()
        });
    }
    out
}

/// Excel "Текст в Юникоде" (Unicode text): UTF-16 LE with a mark, tab-separated, CRLF;
/// Kazakh headers; dates as Excel shows them in a Russian locale.
fn completions_unicode_text() {
    let text = crlf(&[
        "Жеке нөмір\tМодуль\tКүні\tНәтиже\tҰпай\tСағат\tНұсқаушы",
        "KZ100101\tROE\t15.02.2021\tөтті\t91\t12\tмайор Ахметов Қ.",
        "KZ100102\tROE\t15.02.2021\tөтті\t84,5\t12\tмайор Ахметов Қ.",
        "KZ100103\tBFAC\t02.03.2021\tөтпеді\t55\t24\tCapt. Mehta (INDBATT)",
        "KZ100103\tBFAC\t20.03.2021\tөтті\t81\t24\tCapt. Mehta (INDBATT)",
        "KZ100105\tkinpot\t2021-04-12\tөтті\t\t60\tKINPOT team",
    ]);
    write("completions_unicode_text.txt", &utf16(&text, true));
    write("completions_utf16be.txt", &utf16(&text, false));
}

/// A Windows-1251 log with a title line and a blank line above the header.
fn completions_title_cp1251() {
    let text = crlf(&[
        "Журнал занятий по модулю ROE;;;;",
        ";;;;",
        "Личный номер;Модуль;Дата;Результат;Инструктор",
        "KZ100101;ROE;15.02.2021;зачет;майор Ахметов",
        "KZ100102;ROE;15.02.2021;незачет;майор Ахметов",
    ]);
    let (bytes, _, unmappable) = encoding_rs::WINDOWS_1251.encode(&text);
    assert!(!unmappable);
    write("completions_title_cp1251.csv", &bytes);
}

/// A log whose every row is good except the very last.
fn completions_bad_last_row() {
    let mut lines = vec!["service_number;module;date;result;score;hours;instructor".to_string()];
    for i in 0..200 {
        let sn = 100101 + (i % 4);
        let day = 1 + (i % 28);
        lines.push(format!(
            "KZ{sn};ROE;{day:02}.02.2021;pass;{};12;майор Ахметов Қ.",
            60 + i % 40
        ));
    }
    lines.push("KZ100104;ROE;31.02.2021;pass;90;12;майор Ахметов Қ.".into());
    let refs: Vec<&str> = lines.iter().map(String::as_str).collect();
    let mut bytes = b"\xEF\xBB\xBF".to_vec();
    bytes.extend(crlf(&refs).as_bytes());
    write("completions_bad_last_row.csv", &bytes);
}

/// One rejected value a row, each with the message a user should see.
fn roster_bad_values() {
    let text = crlf(&[
        "service_number;family_name;given_name;patronymic;rank;category;gender;role;unit",
        ";Иванов;Иван;;рядовой;солдат;М;;1 взвод",
        "KZ 1;Иванов;Иван;;рядовой;солдат;М;;1 взвод",
        "KZ900003;;Иван;;рядовой;солдат;М;;1 взвод",
        "KZ900004;Ив\u{200B}анов;Иван;;рядовой;солдат;М;;1 взвод",
        "KZ900005;\u{202E}вонавИ;Иван;;рядовой;солдат;М;;1 взвод",
        "KZ900006;Иванов;Иван;;рядовой;генерал;М;;1 взвод",
        "KZ900007;Иванов;Иван;;рядовой;солдат;X;;1 взвод",
        "KZ900008;Иванов;Иван;;рядовой;;;;1 взвод",
        "KZ900009;Иванов;Иван;;рядовой;солдат;М;;1 взвод",
        "kz900009;Иванов;Иван;;рядовой;солдат;М;;1 взвод",
    ]);
    let mut bytes = b"\xEF\xBB\xBF".to_vec();
    bytes.extend(text.as_bytes());
    write("roster_bad_values.csv", &bytes);
}

/// Rejected completion values.
fn completions_bad_values() {
    let text = crlf(&[
        "service_number;module;date;result;score;hours;instructor",
        "KZ100101;ROE;04/05/2021;pass;90;12;x",
        "KZ100101;ROE;31.02.2021;pass;90;12;x",
        "KZ100101;ROE;2099-01-01;pass;90;12;x",
        "KZ100101;ROE;1.2.2021;pass;90;12;x",
        "KZ100101;NOPE;15.02.2021;pass;90;12;x",
        "KZ100101;ROE;15.02.2021;maybe;90;12;x",
        "KZ100101;ROE;15.02.2021;pass;101;12;x",
        "KZ100101;ROE;15.02.2021;pass;ninety;12;x",
        "KZ999999;ROE;15.02.2021;pass;90;12;x",
    ]);
    let mut bytes = b"\xEF\xBB\xBF".to_vec();
    bytes.extend(text.as_bytes());
    write("completions_bad_values.csv", &bytes);
}

/// A Latin «a» inside a Cyrillic family name: imported, with a warning naming the row.
fn roster_mixed_scripts() {
    let text = crlf(&[
        "service_number,family_name,given_name,category,gender",
        "KZ300001,Ивaнов,Иван,enlisted,M",
        "KZ300002,Петров,Пётр,enlisted,M",
    ]);
    write("roster_mixed_scripts.csv", text.as_bytes());
}

fn main() -> Result<(), XlsxError> {
    std::fs::create_dir_all(DIR).expect("fixtures directory");
    roster_xlsx()?;
    completions_xlsx()?;
    roster_utf8_bom();
    roster_cp1251();
    completions_unicode_text();
    completions_bad_last_row();
    roster_bad_values();
    completions_bad_values();
    roster_mixed_scripts();
    roster_title_rows()?;
    completions_title_cp1251();
    println!("fixtures written to {DIR}/");
    Ok(())
}
