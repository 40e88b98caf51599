//! Blank workbooks to fill in: the header row Muster reads, drop-down lists of the allowed
//! values (the lists sit on a hidden sheet, so a long curriculum fits), dates and numbers
//! checked as they are typed, and an instructions sheet, in English, Russian or Kazakh. A
//! filled template imports as it is.

use std::path::Path;

use rust_xlsxwriter::{
    DataValidation, DataValidationErrorStyle, DataValidationRule, Format, Formula, Workbook,
    Worksheet, XlsxError,
};

use super::xlsx_out::{date_format, excel_date, header_format};
use super::{save, xlsx_error};
use crate::error::Result;
use crate::import::headers::{column_letter, kazakh_title, russian_title};
use crate::import::{completions_fields, roster_fields};
use crate::store::Store;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TemplateKind {
    Roster,
    Completions,
}

/// The language of a template: the one Muster speaks everywhere.
pub use crate::domain::Lang;

/// Rows that carry the drop-downs and checks.
const LAST_ROW: u32 = 5000;

/// A drop-down's values: what a user picks, in the chosen language (all of them are
/// aliases the importer reads).
fn choices(field: &str, lang: Lang, modules: &[String]) -> Option<Vec<String>> {
    let v: &[&str] = match (field, lang) {
        ("category", Lang::En) => &["officer", "nco", "enlisted"],
        ("category", Lang::Ru) => &["офицер", "сержант", "солдат"],
        ("gender", Lang::En) => &["M", "F"],
        ("gender", Lang::Ru) => &["М", "Ж"],
        ("result", Lang::En) => &["pass", "fail"],
        ("result", Lang::Ru) => &["зачёт", "незачёт"],
        ("category", Lang::Kk) => &["офицер", "сержант", "сарбаз"],
        ("gender", Lang::Kk) => &["Е", "Ә"],
        ("result", Lang::Kk) => &["өтті", "өтпеді"],
        ("module", _) => return Some(modules.to_vec()),
        _ => return None,
    };
    Some(v.iter().map(|s| s.to_string()).collect())
}

fn instructions(kind: TemplateKind, lang: Lang, modules: &[String]) -> Vec<String> {
    let codes = modules.join(", ");
    let lines: Vec<String> = match (kind, lang) {
        (TemplateKind::Roster, Lang::En) => vec![
            "How to fill in this roster".into(),
            "One row per person, from row 2 of the first sheet. Do not rename or reorder the header row.".into(),
            "Required: service_number, family_name, given_name, category, gender. The other columns may be left empty.".into(),
            "service_number: as on the identity document; it is the person's identity and is matched ignoring case.".into(),
            "Names: Kazakh, Russian or Latin letters; do not mix Latin and Cyrillic letters in one word.".into(),
            "category: officer, nco or enlisted. gender: M or F. Pick them from the drop-down list.".into(),
            "rank, role and unit: as the army writes them, e.g. «старший сержант», «2 взвод».".into(),
            "Import: muster import roster FILE.xlsx --contingent CODE --dry-run (check), then without --dry-run.".into(),
            "The file is imported whole or not at all: every bad row is reported with its row and column.".into(),
        ],
        (TemplateKind::Roster, Lang::Ru) => vec![
            "Как заполнить список личного состава".into(),
            "Одна строка на военнослужащего, начиная со строки 2 первого листа. Не меняйте строку заголовков.".into(),
            "Обязательные столбцы: Личный номер, Фамилия, Имя, Категория, Пол. Остальные можно оставить пустыми.".into(),
            "Личный номер — как в удостоверении; по нему военнослужащий узнаётся (регистр букв не важен).".into(),
            "ФИО — казахскими, русскими или латинскими буквами; не смешивайте латиницу и кириллицу в одном слове.".into(),
            "Категория: офицер, сержант или солдат. Пол: М или Ж. Выбирайте из выпадающего списка.".into(),
            "Звание, должность и подразделение — как принято в части, например «старший сержант», «2 взвод».".into(),
            "Загрузка: muster import roster ФАЙЛ.xlsx --contingent КОД --dry-run (проверка), затем без --dry-run.".into(),
            "Файл загружается целиком или не загружается совсем: каждая ошибка указывается со строкой и столбцом.".into(),
        ],
        (TemplateKind::Roster, Lang::Kk) => vec![
            "Жеке құрам тізімін қалай толтыру керек".into(),
            "Бірінші парақтың 2-жолынан бастап әр әскери қызметшіге бір жол. Тақырып жолын өзгертпеңіз.".into(),
            "Міндетті бағандар: Жеке нөмірі, Тегі, Аты, Санаты, Жынысы. Қалғандарын бос қалдыруға болады.".into(),
            "Жеке нөмірі — куәлiктегідей; әскери қызметші сол арқылы танылады (әріп регистрі маңызды емес).".into(),
            "Аты-жөні — қазақ, орыс немесе латын әріптерімен; бір сөзде латын мен кирилл әріптерін араластырмаңыз.".into(),
            "Санаты: офицер, сержант немесе сарбаз. Жынысы: Е немесе Ә. Ашылмалы тізімнен таңдаңыз.".into(),
            "Әскери атағы, лауазымы және бөлімшесі — бөлімде қалай жазылса, солай, мысалы «аға сержант», «2 взвод».".into(),
            "Импорт: Muster-дің «Импорт» бетінде файлды тексеріп, содан кейін импорттаңыз (немесе muster import roster ФАЙЛ.xlsx --contingent КОД).".into(),
            "Файл толығымен импортталады немесе мүлде импортталмайды: әр қате жолы мен бағанымен көрсетіледі.".into(),
        ],
        (TemplateKind::Completions, Lang::En) => vec![
            "How to fill in this training log".into(),
            "One row per person per module attempt, from row 2 of the first sheet. Do not change the header row.".into(),
            "Required: service_number, module, date, result. The person must already be on a roster.".into(),
            format!("module: one of {codes} (drop-down list)."),
            "date: a date cell (dd.mm.yyyy); not in the future. Never type 04/05/2021: day and month cannot be told apart.".into(),
            "result: pass or fail. score: 0–100 (optional). hours: 0–1000 (optional).".into(),
            "Import: muster import completions FILE.xlsx --dry-run (check), then without --dry-run.".into(),
            "The same file imported twice adds nothing the second time; an import can be undone (muster import undo ID).".into(),
        ],
        (TemplateKind::Completions, Lang::Ru) => vec![
            "Как заполнить журнал занятий".into(),
            "Одна строка на каждую сдачу модуля военнослужащим, начиная со строки 2 первого листа. Не меняйте строку заголовков.".into(),
            "Обязательные столбцы: Личный номер, Модуль, Дата, Результат. Военнослужащий должен быть в списке личного состава.".into(),
            format!("Модуль: один из {codes} (выпадающий список)."),
            "Дата: ячейка с датой (дд.мм.гггг), не в будущем. Не пишите 04/05/2021: день и месяц не различить.".into(),
            "Результат: зачёт или незачёт. Балл: 0–100 (необязательно). Часы: 0–1000 (необязательно).".into(),
            "Загрузка: muster import completions ФАЙЛ.xlsx --dry-run (проверка), затем без --dry-run.".into(),
            "Повторная загрузка того же файла ничего не добавит; загрузку можно отменить (muster import undo НОМЕР).".into(),
        ],
        (TemplateKind::Completions, Lang::Kk) => vec![
            "Сабақтар журналын қалай толтыру керек".into(),
            "Бірінші парақтың 2-жолынан бастап әскери қызметшінің әр модуль тапсыруына бір жол. Тақырып жолын өзгертпеңіз.".into(),
            "Міндетті бағандар: Жеке нөмірі, Модуль, Күні, Нәтижесі. Әскери қызметші жеке құрам тізімінде болуы керек.".into(),
            format!("Модуль: {codes} ішінен біреуі (ашылмалы тізім)."),
            "Күні: күн ұяшығы (кк.аа.жжжж), болашақ күн емес. 04/05/2021 деп жазбаңыз: күн мен айды ажырату мүмкін емес.".into(),
            "Нәтижесі: өтті немесе өтпеді. Ұпай: 0–100 (міндетті емес). Сағат: 0–1000 (міндетті емес).".into(),
            "Импорт: Muster-дің «Импорт» бетінде файлды тексеріп, содан кейін импорттаңыз (немесе muster import completions ФАЙЛ.xlsx).".into(),
            "Сол файлды қайта импорттау ештеңе қоспайды; импортты болдырмауға болады.".into(),
        ],
    };
    lines
}

/// Writes a blank roster or completions workbook; the module list comes from the
/// curriculum in the database.
pub fn write_template(store: &Store, kind: TemplateKind, lang: Lang, path: &Path) -> Result<()> {
    let curriculum = store.modules(false)?;
    let modules: Vec<String> = curriculum.iter().map(|m| m.code.clone()).collect();
    let titles: Vec<String> = curriculum.iter().map(|m| module_line(m, lang)).collect();
    let mut book = Workbook::new();
    build(&mut book, kind, lang, &modules, &titles).map_err(|e| xlsx_error(path, e))?;
    save(&mut book, path)
}

/// A module as the instructions list it: its code, then its title in the template's
/// language.
fn module_line(m: &crate::domain::Module, lang: Lang) -> String {
    format!("{} — {}", m.code, m.title_in(lang))
}

fn build(
    book: &mut Workbook,
    kind: TemplateKind,
    lang: Lang,
    modules: &[String],
    titles: &[String],
) -> Result<(), XlsxError> {
    let fields = match kind {
        TemplateKind::Roster => roster_fields(),
        TemplateKind::Completions => completions_fields(),
    };
    let (data_name, help_name) = match (kind, lang) {
        (TemplateKind::Roster, Lang::En) => ("Roster", "Instructions"),
        (TemplateKind::Roster, Lang::Ru) => ("Личный состав", "Инструкция"),
        (TemplateKind::Completions, Lang::En) => ("Completions", "Instructions"),
        (TemplateKind::Completions, Lang::Ru) => ("Журнал занятий", "Инструкция"),
        (TemplateKind::Roster, Lang::Kk) => ("Жеке құрам", "Нұсқаулық"),
        (TemplateKind::Completions, Lang::Kk) => ("Сабақтар журналы", "Нұсқаулық"),
    };
    // The data sheet comes first: the importer reads the first sheet by default.
    let ws = book.add_worksheet();
    data_sheet(ws, data_name, fields, lang, modules)?;
    let help = book.add_worksheet();
    help.set_name(help_name)?;
    let bold = Format::new().set_bold();
    let mut lines = instructions(kind, lang, modules);
    if kind == TemplateKind::Completions {
        lines.extend(titles.iter().cloned());
    }
    for (i, line) in lines.iter().enumerate() {
        if i == 0 {
            help.write_string_with_format(0, 0, line, &bold)?;
        } else {
            help.write_string(i as u32 + 1, 0, line)?;
        }
    }
    help.set_column_width(0, 120.0)?;
    let lists = book.add_worksheet();
    lists.set_name("lists")?;
    let mut col = 0u16;
    for f in fields {
        if let Some(values) = choices(f, lang, modules) {
            lists.write_string(0, col, *f)?;
            for (i, v) in values.iter().enumerate() {
                lists.write_string(i as u32 + 1, col, v)?;
            }
            col += 1;
        }
    }
    lists.set_hidden(true);
    Ok(())
}

fn data_sheet(
    ws: &mut Worksheet,
    name: &str,
    fields: &[&str],
    lang: Lang,
    modules: &[String],
) -> Result<(), XlsxError> {
    ws.set_name(name)?;
    let head = header_format();
    let text = Format::new().set_num_format("@");
    let mut list_col = 0u16;
    for (c, f) in fields.iter().enumerate() {
        let c = c as u16;
        let title = match lang {
            Lang::En => f.to_string(),
            Lang::Ru => russian_title(f).to_string(),
            Lang::Kk => kazakh_title(f).to_string(),
        };
        ws.write_string_with_format(0, c, &title, &head)?;
        ws.set_column_width(c, (title.chars().count() as f64 + 4.0).max(14.0))?;
        let (error_title, error_msg) = match lang {
            Lang::En => ("Not allowed", "Pick a value from the list."),
            Lang::Ru => ("Недопустимое значение", "Выберите значение из списка."),
            Lang::Kk => ("Рұқсат етілмеген мән", "Тізімнен мән таңдаңыз."),
        };
        if let Some(values) = choices(f, lang, modules) {
            let letter = column_letter(list_col as usize);
            let range = format!("=lists!${letter}$2:${letter}${}", values.len().max(1) + 1);
            list_col += 1;
            let dv = DataValidation::new()
                .allow_list_formula(Formula::new(range))
                .set_error_title(error_title)?
                .set_error_message(error_msg)?
                .set_error_style(DataValidationErrorStyle::Stop);
            ws.add_data_validation(1, c, LAST_ROW, c, &dv)?;
        }
        match *f {
            "service_number" => {
                // Text, so Excel keeps `007` and never turns 100101 into 1.00101E+5.
                ws.set_column_format(c, &text)?;
            }
            "date" => {
                ws.set_column_format(c, &date_format())?;
                let dv = DataValidation::new()
                    .allow_date(DataValidationRule::Between(
                        excel_date(chrono::NaiveDate::from_ymd_opt(1970, 1, 1).expect("date"))?,
                        excel_date(chrono::NaiveDate::from_ymd_opt(2100, 12, 31).expect("date"))?,
                    ))
                    .set_error_message(match lang {
                        Lang::En => "Type a date, e.g. 15.02.2021.",
                        Lang::Ru => "Введите дату, например 15.02.2021.",
                        Lang::Kk => "Күнді енгізіңіз, мысалы 15.02.2021.",
                    })?;
                ws.add_data_validation(1, c, LAST_ROW, c, &dv)?;
            }
            "score" | "hours" => {
                let max = if *f == "score" { 100.0 } else { 1000.0 };
                let dv = DataValidation::new()
                    .allow_decimal_number(DataValidationRule::Between(0.0, max))
                    .set_error_message(match lang {
                        Lang::En => format!("A number from 0 to {max}."),
                        Lang::Ru => format!("Число от 0 до {max}."),
                        Lang::Kk => format!("0-ден {max}-ге дейінгі сан."),
                    })?;
                ws.add_data_validation(1, c, LAST_ROW, c, &dv)?;
            }
            _ => {}
        }
    }
    ws.set_freeze_panes(1, 0)?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::import::values;

    /// A value picked from a drop-down must import: every list item, in every language, is
    /// one the importer reads, and each list covers every choice once.
    #[test]
    fn every_drop_down_value_imports() {
        for lang in [Lang::En, Lang::Ru, Lang::Kk] {
            let list = |f| choices(f, lang, &[]).unwrap();
            let cats: Vec<_> = list("category")
                .iter()
                .map(|v| values::category(v).unwrap())
                .collect();
            assert_eq!(cats.len(), 3);
            assert!(cats.windows(2).all(|w| w[0] != w[1]), "{lang:?}");
            let genders: Vec<_> = list("gender")
                .iter()
                .map(|v| values::gender(v).unwrap())
                .collect();
            assert_ne!(genders[0], genders[1], "{lang:?}");
            let results: Vec<_> = list("result")
                .iter()
                .map(|v| values::outcome(v).unwrap())
                .collect();
            assert_ne!(results[0], results[1], "{lang:?}");
        }
    }
}
