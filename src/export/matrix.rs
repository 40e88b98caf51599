//! The training matrix: one row a person, one column a module, each cell the date its
//! status is read by (`ModuleStatus::shown_date`) and its status. In a workbook the cell stays a real date (it sorts and
//! filters as one) whose number format appends the status word, and its fill colour says
//! the status at a glance (the same fills as the report's, `marks`); a second sheet holds the contingent's figures. A CSV file holds
//! the matrix alone, each cell as text (`15.02.2021 complete`). Both are in the language
//! asked for (a Russian office gets `15.02.2021 пройден`); in English the person columns
//! keep the import format's names (`service_number`), as scripts read them.

use std::path::Path;

use chrono::NaiveDate;
use rust_xlsxwriter::{Color, Format, Workbook, Worksheet, XlsxError};

use super::xlsx_out::{date_format, excel_date, header_format};
use super::{save, write_csv, xlsx_error, Cell, FileKind, Sheet};
use crate::domain::{Category, Gender, Lang};
use crate::error::Result;
use crate::glossary::capitalised;
use crate::marks;
use crate::readiness::{readiness, Readiness, Tally};
use crate::rules::{ModuleStatus, Reading, Status};
use crate::store::Store;
use crate::words::{words, Words};

const PERSON_COLUMNS: [&str; 7] = [
    "service_number",
    "rank",
    "family_name",
    "given_name",
    "patronymic",
    "unit",
    "ready",
];

/// The words of the matrix in one language.
struct MatrixWords {
    lang: Lang,
    all: &'static Words,
}

impl MatrixWords {
    fn of(lang: Lang) -> Self {
        MatrixWords {
            lang,
            all: words(lang),
        }
    }

    /// The word a cell shows for what a status reads as (`ModuleStatus::reading`), so an
    /// expired certificate still valid on the day says "lapses before deployment".
    fn word(&self, r: Reading) -> &'static str {
        crate::glossary::glossary(self.lang).reading(r)
    }

    /// The person columns' titles: the import format's names in English, the report's
    /// words in Russian and Kazakh.
    fn person_columns(&self) -> [&'static str; 7] {
        let l = &self.all.report;
        match self.lang {
            Lang::En => PERSON_COLUMNS,
            Lang::Ru | Lang::Kk => [
                l.service_number,
                l.rank,
                l.family_name,
                l.given_name,
                l.patronymic,
                l.unit,
                l.glossary.ready,
            ],
        }
    }

    /// The sheets' names: "Matrix" and "Summary" in English, as before; the report's
    /// headings otherwise (Excel takes 31 characters at most).
    fn sheet_names(&self) -> (String, &'static str) {
        let l = &self.all.report;
        match self.lang {
            Lang::En => ("Matrix".into(), "Summary"),
            Lang::Ru | Lang::Kk => (l.matrix.chars().take(31).collect(), l.summary),
        }
    }

    /// The summary's day: "As of" in English, the report's "Report date" otherwise.
    fn as_of(&self) -> &'static str {
        match self.lang {
            Lang::En => "As of",
            Lang::Ru | Lang::Kk => self.all.report.report_date,
        }
    }

    /// A tally's column titles after the group's own.
    fn tally_columns(&self, group: &'static str) -> [String; 4] {
        let l = &self.all.report;
        match self.lang {
            Lang::En => [
                group.into(),
                "personnel".into(),
                "ready".into(),
                "ready, %".into(),
            ],
            Lang::Ru | Lang::Kk => [
                group.into(),
                l.personnel.into(),
                capitalised(l.glossary.ready),
                format!("{}, {}", capitalised(l.glossary.ready), l.percent),
            ],
        }
    }

    fn title_column(&self) -> &'static str {
        match self.lang {
            Lang::En => "title",
            Lang::Ru | Lang::Kk => self.all.report.module,
        }
    }

    /// A category as a tally row names it: its stored name in English (`officer`), the
    /// report's word otherwise.
    fn category(&self, c: Category) -> String {
        match self.lang {
            Lang::En => c.as_str().to_string(),
            Lang::Ru | Lang::Kk => self.all.report.category(c).to_string(),
        }
    }

    fn gender(&self, g: Gender) -> String {
        match self.lang {
            Lang::En => g.as_str().to_string(),
            Lang::Ru | Lang::Kk => self.all.report.gender(g).to_string(),
        }
    }

    fn yes_no(&self, ready: bool) -> &'static str {
        if ready {
            self.all.report.yes
        } else {
            self.all.report.no
        }
    }
}

/// The fill of a reading: a certificate lapsing before deployment has expired's.
fn fill(r: Reading) -> Status {
    match r {
        Reading::Status(s) => s,
        Reading::LapsesBeforeDeployment => Status::Expired,
    }
}

/// The date a cell shows: as every view dates a status (`ModuleStatus::shown_date`), an
/// expired or lapsing certificate by the day it lapses, not by the pass that began it
/// (a cell "10.01.2024 lapses before deployment" for one valid until 10.01.2027 read as
/// lapsed long ago).
fn shown_date(m: &ModuleStatus) -> Option<NaiveDate> {
    m.shown_date()
}

/// The matrix as plain cells (what the CSV holds), in a language.
pub fn matrix_sheet(r: &Readiness, lang: Lang) -> Sheet {
    let w = MatrixWords::of(lang);
    let mut headers: Vec<String> = w.person_columns().iter().map(|s| s.to_string()).collect();
    headers.extend(r.modules.iter().map(|m| m.code.clone()));
    let rows = r
        .personnel
        .iter()
        .map(|p| {
            let mut row: Vec<Cell> = vec![
                p.service_number.clone().into(),
                p.rank.clone().into(),
                p.family_name.clone().into(),
                p.given_name.clone().into(),
                p.patronymic.clone().unwrap_or_default().into(),
                p.unit.clone().into(),
                w.yes_no(p.ready).into(),
            ];
            for m in &r.modules {
                row.push(match p.modules.get(m.code.as_str()) {
                    Some(s) => match shown_date(s) {
                        Some(d) => {
                            format!("{} {}", d.format("%d.%m.%Y"), w.word(s.reading())).into()
                        }
                        None => w.word(s.reading()).into(),
                    },
                    None => Cell::Blank,
                });
            }
            row
        })
        .collect();
    Sheet {
        name: "matrix".into(),
        headers,
        rows,
    }
}

/// Writes the matrix of a contingent as of a date to .xlsx or .csv in a language; returns
/// the readiness it was made from.
pub fn export_matrix(
    store: &Store,
    code: &str,
    as_of: NaiveDate,
    lang: Lang,
    path: &Path,
) -> Result<Readiness> {
    let r = readiness(store, code, as_of)?;
    match FileKind::of(path)? {
        FileKind::Csv => write_csv(&matrix_sheet(&r, lang), path, store.path())?,
        FileKind::Xlsx => {
            let w = MatrixWords::of(lang);
            let mut book = Workbook::new();
            matrix_xlsx(book.add_worksheet(), &r, &w).map_err(|e| xlsx_error(path, e))?;
            summary_xlsx(book.add_worksheet(), &r, &w).map_err(|e| xlsx_error(path, e))?;
            save(&mut book, path, store.path())?;
        }
    }
    Ok(r)
}

fn status_format(s: Reading, dated: bool, w: &MatrixWords) -> Format {
    let f = Format::new().set_background_color(Color::RGB(marks::fill_rgb(fill(s))));
    if dated {
        f.set_num_format(format!("dd.mm.yyyy\" {}\"", w.word(s)))
    } else {
        f
    }
}

fn matrix_xlsx(ws: &mut Worksheet, r: &Readiness, w: &MatrixWords) -> Result<(), XlsxError> {
    ws.set_name(w.sheet_names().0)?;
    let head = header_format();
    let mut col = 0u16;
    for h in w.person_columns() {
        ws.write_string_with_format(0, col, h, &head)?;
        col += 1;
    }
    for m in &r.modules {
        ws.write_string_with_format(0, col, &m.code, &head)?;
        col += 1;
    }
    let not_ready = Format::new().set_background_color(Color::RGB(marks::fill_rgb(Status::Failed)));
    let ready = Format::new().set_background_color(Color::RGB(marks::fill_rgb(Status::Complete)));
    for (i, p) in r.personnel.iter().enumerate() {
        let row = i as u32 + 1;
        ws.write_string(row, 0, &p.service_number)?;
        ws.write_string(row, 1, &p.rank)?;
        ws.write_string(row, 2, &p.family_name)?;
        ws.write_string(row, 3, &p.given_name)?;
        ws.write_string(row, 4, p.patronymic.as_deref().unwrap_or(""))?;
        ws.write_string(row, 5, &p.unit)?;
        let fill = if p.ready { &ready } else { &not_ready };
        ws.write_string_with_format(row, 6, w.yes_no(p.ready), fill)?;
        for (j, m) in r.modules.iter().enumerate() {
            let col = PERSON_COLUMNS.len() as u16 + j as u16;
            let Some(s) = p.modules.get(m.code.as_str()) else {
                continue;
            };
            match shown_date(s) {
                Some(d) => ws.write_datetime_with_format(
                    row,
                    col,
                    excel_date(d)?,
                    &status_format(s.reading(), true, w),
                )?,
                None => ws.write_string_with_format(
                    row,
                    col,
                    w.word(s.reading()),
                    &status_format(s.reading(), false, w),
                )?,
            };
        }
    }
    for (c, w) in [12.0, 18.0, 16.0, 14.0, 16.0, 18.0, 7.0].iter().enumerate() {
        ws.set_column_width(c as u16, *w)?;
    }
    for j in 0..r.modules.len() {
        ws.set_column_width((PERSON_COLUMNS.len() + j) as u16, 20.0)?;
    }
    ws.set_freeze_panes(1, 3)?;
    ws.autofilter(
        0,
        0,
        r.personnel.len() as u32,
        (PERSON_COLUMNS.len() + r.modules.len()) as u16 - 1,
    )?;
    Ok(())
}

fn summary_xlsx(ws: &mut Worksheet, r: &Readiness, w: &MatrixWords) -> Result<(), XlsxError> {
    let l = &w.all.report;
    ws.set_name(w.sheet_names().1)?;
    let head = header_format();
    let bold = Format::new().set_bold();
    let date = date_format();
    let c = &r.contingent;
    let mut row = 0u32;
    ws.write_string_with_format(row, 0, format!("{} — {}", c.code, c.name), &bold)?;
    row += 2;
    let text_facts = [
        (l.mission, c.mission.as_str()),
        (l.parent_unit, c.parent_unit.as_str()),
    ];
    for (k, v) in text_facts {
        ws.write_string(row, 0, k)?;
        ws.write_string(row, 1, v)?;
        row += 1;
    }
    let date_facts = [
        (l.training_start, c.training_start),
        (l.deployment, c.deploy_on),
        (l.tour_end, c.tour_end),
        (w.as_of(), r.as_of),
    ];
    for (k, v) in date_facts {
        ws.write_string(row, 0, k)?;
        ws.write_datetime_with_format(row, 1, excel_date(v)?, &date)?;
        row += 1;
    }
    ws.write_string(row, 0, l.days_to_deployment)?;
    ws.write_number(row, 1, c.days_to_deployment as f64)?;
    row += 1;
    ws.write_string_with_format(row, 0, l.personnel, &bold)?;
    ws.write_number(row, 1, r.summary.personnel as f64)?;
    row += 1;
    ws.write_string_with_format(row, 0, capitalised(l.glossary.ready), &bold)?;
    ws.write_number(row, 1, r.summary.ready as f64)?;
    row += 1;
    ws.write_string_with_format(
        row,
        0,
        format!("{}, {}", capitalised(l.glossary.ready), l.percent),
        &bold,
    )?;
    ws.write_number(row, 1, r.summary.percent)?;
    row += 2;

    let tallies: [(&str, Vec<(String, &Tally)>); 3] = [
        (
            l.by_unit,
            r.summary
                .units_in_order()
                .into_iter()
                .map(|(k, v)| (k.clone(), v))
                .collect(),
        ),
        (
            l.by_category,
            r.summary
                .by_category
                .iter()
                .map(|(k, v)| (w.category(*k), v))
                .collect(),
        ),
        (
            l.by_gender,
            r.summary
                .by_gender
                .iter()
                .map(|(k, v)| (w.gender(*k), v))
                .collect(),
        ),
    ];
    for (title, rows) in tallies {
        for (i, h) in w.tally_columns(title).iter().enumerate() {
            ws.write_string_with_format(row, i as u16, h, &head)?;
        }
        row += 1;
        for (k, t) in rows {
            ws.write_string(row, 0, &k)?;
            ws.write_number(row, 1, t.personnel as f64)?;
            ws.write_number(row, 2, t.ready as f64)?;
            ws.write_number(row, 3, t.percent)?;
            row += 1;
        }
        row += 1;
    }

    use Reading::{LapsesBeforeDeployment as Lapses, Status as S};
    let readings = [
        S(Status::Complete),
        S(Status::Expiring),
        S(Status::Expired),
        S(Status::Failed),
        S(Status::Missing),
        S(Status::NotRequired),
        Lapses,
    ];
    ws.write_string_with_format(row, 0, l.by_module, &head)?;
    ws.write_string_with_format(row, 1, w.title_column(), &head)?;
    for (i, s) in readings.iter().enumerate() {
        ws.write_string_with_format(
            row,
            2 + i as u16,
            w.word(*s),
            &head
                .clone()
                .set_background_color(Color::RGB(marks::fill_rgb(fill(*s)))),
        )?;
    }
    row += 1;
    for m in &r.modules {
        ws.write_string(row, 0, &m.code)?;
        ws.write_string(
            row,
            1,
            w.lang
                .pick(&m.title, m.title_ru.as_deref(), m.title_kk.as_deref()),
        )?;
        let counts = [
            m.complete,
            m.expiring,
            m.expired,
            m.failed,
            m.missing,
            m.not_required,
            m.lapses_before_deployment,
        ];
        for (i, n) in counts.iter().enumerate() {
            ws.write_number(row, 2 + i as u16, *n as f64)?;
        }
        row += 1;
    }
    row += 1;
    ws.write_string_with_format(row, 0, l.legend, &bold)?;
    row += 1;
    let legend = [
        S(Status::Complete),
        S(Status::Expiring),
        S(Status::Expired),
        Lapses,
        S(Status::Failed),
        S(Status::Missing),
        S(Status::NotRequired),
    ];
    for s in legend {
        ws.write_string_with_format(row, 0, w.word(s), &status_format(s, false, w))?;
        ws.write_string(row, 1, w.all.legend.meaning(s))?;
        row += 1;
    }
    ws.set_column_width(0, 22.0)?;
    ws.set_column_width(1, 40.0)?;
    Ok(())
}
