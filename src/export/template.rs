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
use crate::domain::Lang;
use crate::error::Result;
use crate::import::headers::{column_letter, kazakh_title, russian_title};
use crate::import::{completions_fields, roster_fields};
use crate::store::Store;
use crate::words::words;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TemplateKind {
    Roster,
    Completions,
}

/// Rows that carry the drop-downs and checks.
const LAST_ROW: u32 = 5000;

/// A drop-down's values: what a user picks, in the chosen language (all of them are
/// aliases the importer reads).
fn choices(field: &str, lang: Lang, modules: &[String]) -> Option<Vec<String>> {
    let w = &words(lang).template;
    let v: &[&str] = match field {
        "category" => &w.categories,
        "gender" => &w.genders,
        "result" => &w.results,
        "module" => return Some(modules.to_vec()),
        _ => return None,
    };
    Some(v.iter().map(|s| s.to_string()).collect())
}

/// The instructions sheet's lines, the first its title.
fn instructions(kind: TemplateKind, lang: Lang, modules: &[String]) -> Vec<String> {
    let w = &words(lang).template;
    match kind {
        TemplateKind::Roster => w.roster_help.iter().map(|l| l.to_string()).collect(),
        TemplateKind::Completions => {
            let codes = modules.join(", ");
            w.completions_help
                .iter()
                .map(|l| l.replace("{codes}", &codes))
                .collect()
        }
    }
}

/// Writes a blank roster or completions workbook; the module list comes from the
/// curriculum in the database.
pub fn write_template(store: &Store, kind: TemplateKind, lang: Lang, path: &Path) -> Result<()> {
    let curriculum = store.modules(false)?;
    let modules: Vec<String> = curriculum.iter().map(|m| m.code.clone()).collect();
    let titles: Vec<String> = curriculum.iter().map(|m| module_line(m, lang)).collect();
    let mut book = Workbook::new();
    build(&mut book, kind, lang, &modules, &titles).map_err(|e| xlsx_error(path, e))?;
    save(&mut book, path, None)
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
    let w = &words(lang).template;
    let (data_name, help_name) = match kind {
        TemplateKind::Roster => (w.roster_sheet, w.instructions_sheet),
        TemplateKind::Completions => (w.completions_sheet, w.instructions_sheet),
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
        let w = &words(lang).template;
        let (error_title, error_msg) = (w.not_allowed, w.pick_from_list);
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
                    .set_error_message(w.type_a_date)?;
                ws.add_data_validation(1, c, LAST_ROW, c, &dv)?;
            }
            "score" | "hours" => {
                let max = if *f == "score" { 100.0 } else { 1000.0 };
                let dv = DataValidation::new()
                    .allow_decimal_number(DataValidationRule::Between(0.0, max))
                    .set_error_message(w.number_up_to.replace("{max}", &max.to_string()))?;
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
