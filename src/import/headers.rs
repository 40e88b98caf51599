//! Column titles as training offices write them. A header cell names a field by its English
//! name or by a Russian or Kazakh title; case, `ё`/`е`, surrounding and repeated spaces, and
//! a trailing `:` or `*` are ignored. The full table is in docs/import-aliases.md (a test
//! keeps the two in step).

/// Every title Muster reads, by the field it fills.
pub const HEADER_ALIASES: &[(&str, &[&str])] = &[
    (
        "service_number",
        &[
            "service_number",
            "service number",
            "service no",
            "service no.",
            "личный номер",
            "личный №",
            "табельный номер",
            "табельный №",
            "таб. номер",
            "таб. №",
            "жетон",
            "жеке нөмір",
            "жеке нөмірі",
            "табель нөмірі",
        ],
    ),
    (
        "family_name",
        &[
            "family_name",
            "family name",
            "surname",
            "last name",
            "фамилия",
            "тегі",
        ],
    ),
    (
        "given_name",
        &["given_name", "given name", "first name", "имя", "аты"],
    ),
    (
        "patronymic",
        &[
            "patronymic",
            "middle name",
            "отчество",
            "әкесінің аты",
            "әкесінің есімі",
        ],
    ),
    (
        "rank",
        &["rank", "звание", "воинское звание", "әскери атағы", "атағы"],
    ),
    ("category", &["category", "категория", "санаты", "санат"]),
    ("gender", &["gender", "sex", "пол", "жынысы"]),
    (
        "role",
        &[
            "role",
            "position",
            "post",
            "должность",
            "лауазымы",
            "лауазым",
        ],
    ),
    (
        "unit",
        &[
            "unit",
            "sub-unit",
            "subunit",
            "подразделение",
            "бөлімше",
            "бөлімшесі",
        ],
    ),
    (
        "module",
        &[
            "module",
            "module code",
            "модуль",
            "код модуля",
            "модуль коды",
        ],
    ),
    (
        "date",
        &["date", "дата", "дата сдачи", "дата занятия", "күні"],
    ),
    ("result", &["result", "результат", "нәтиже", "нәтижесі"]),
    ("score", &["score", "балл", "баллы", "ұпай"]),
    (
        "hours",
        &["hours", "часы", "часов", "кол-во часов", "сағат", "сағаты"],
    ),
    (
        "instructor",
        &[
            "instructor",
            "инструктор",
            "преподаватель",
            "руководитель занятия",
            "нұсқаушы",
        ],
    ),
    (
        "notes",
        &[
            "notes",
            "note",
            "примечание",
            "примечания",
            "ескерту",
            "ескертпе",
        ],
    ),
];

/// The Kazakh title Muster writes in templates with `--lang kk` (each is an alias above).
pub fn kazakh_title(field: &str) -> &'static str {
    match field {
        "service_number" => "Жеке нөмірі",
        "family_name" => "Тегі",
        "given_name" => "Аты",
        "patronymic" => "Әкесінің аты",
        "rank" => "Әскери атағы",
        "category" => "Санаты",
        "gender" => "Жынысы",
        "role" => "Лауазымы",
        "unit" => "Бөлімше",
        "module" => "Модуль",
        "date" => "Күні",
        "result" => "Нәтижесі",
        "score" => "Ұпай",
        "hours" => "Сағат",
        "instructor" => "Нұсқаушы",
        "notes" => "Ескерту",
        other => russian_title(other),
    }
}

/// The Russian title Muster writes in templates and exports with `--lang ru`.
pub fn russian_title(field: &str) -> &'static str {
    match field {
        "service_number" => "Личный номер",
        "family_name" => "Фамилия",
        "given_name" => "Имя",
        "patronymic" => "Отчество",
        "rank" => "Звание",
        "category" => "Категория",
        "gender" => "Пол",
        "role" => "Должность",
        "unit" => "Подразделение",
        "module" => "Модуль",
        "date" => "Дата",
        "result" => "Результат",
        "score" => "Балл",
        "hours" => "Часы",
        "instructor" => "Инструктор",
        "notes" => "Примечание",
        _ => "",
    }
}

/// A header cell as compared: lower case, `ё` as `е`, one space between words, no
/// trailing `:` or `*` (a "required" mark).
pub fn normalise(title: &str) -> String {
    let t = title.trim().trim_end_matches([':', '*']).trim();
    t.to_lowercase()
        .replace('ё', "е")
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

/// The field a column title names, if any. The aliases are normalised once: a header of
/// thousands of titles is looked up in one pass.
pub fn field_of(title: &str) -> Option<&'static str> {
    static BY_TITLE: std::sync::OnceLock<std::collections::HashMap<String, &'static str>> =
        std::sync::OnceLock::new();
    let by_title = BY_TITLE.get_or_init(|| {
        let mut m = std::collections::HashMap::new();
        for (field, aliases) in HEADER_ALIASES {
            for a in *aliases {
                m.entry(normalise(a)).or_insert(*field);
            }
        }
        m
    });
    let t = normalise(title);
    if t.is_empty() {
        return None;
    }
    by_title.get(&t).copied()
}

/// Spreadsheet column letters: 0 → A, 25 → Z, 26 → AA.
pub fn column_letter(mut index: usize) -> String {
    let mut s = Vec::new();
    loop {
        s.push(b'A' + (index % 26) as u8);
        if index < 26 {
            break;
        }
        index = index / 26 - 1;
    }
    s.reverse();
    String::from_utf8(s).expect("ASCII")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn titles_in_three_languages() {
        assert_eq!(field_of("  Личный номер "), Some("service_number"));
        assert_eq!(field_of("ТАБЕЛЬНЫЙ НОМЕР"), Some("service_number"));
        assert_eq!(field_of("Тегі"), Some("family_name"));
        assert_eq!(field_of("Әкесінің  аты"), Some("patronymic"));
        assert_eq!(field_of("Family_Name"), Some("family_name"));
        assert_eq!(field_of("Фамилия*"), Some("family_name"));
        assert_eq!(field_of("Примечание:"), Some("notes"));
        assert_eq!(field_of("Номер телефона"), None);
        assert_eq!(field_of(""), None);
    }

    #[test]
    fn no_title_names_two_fields() {
        let mut seen = std::collections::HashMap::new();
        for (field, aliases) in HEADER_ALIASES {
            for a in *aliases {
                if let Some(other) = seen.insert(normalise(a), field) {
                    panic!("{a:?} names both {other} and {field}");
                }
            }
            assert_eq!(field_of(russian_title(field)), Some(*field));
            assert_eq!(field_of(kazakh_title(field)), Some(*field));
        }
    }

    /// docs/import-aliases.md is the user's contract: every title and value read is in it.
    #[test]
    fn docs_list_every_alias() {
        use crate::import::values::{CATEGORY_ALIASES, GENDER_ALIASES, OUTCOME_ALIASES};
        let doc = include_str!("../../docs/import-aliases.md");
        let values = CATEGORY_ALIASES
            .iter()
            .flat_map(|(_, a)| a.iter())
            .chain(GENDER_ALIASES.iter().flat_map(|(_, a)| a.iter()))
            .chain(OUTCOME_ALIASES.iter().flat_map(|(_, a)| a.iter()));
        for alias in HEADER_ALIASES
            .iter()
            .flat_map(|(_, a)| a.iter())
            .chain(values)
        {
            assert!(
                doc.contains(&format!("`{alias}`")),
                "docs/import-aliases.md does not list {alias:?}"
            );
        }
    }

    #[test]
    fn letters() {
        assert_eq!(column_letter(0), "A");
        assert_eq!(column_letter(25), "Z");
        assert_eq!(column_letter(26), "AA");
        assert_eq!(column_letter(27), "AB");
        assert_eq!(column_letter(701), "ZZ");
        assert_eq!(column_letter(702), "AAA");
    }
}
