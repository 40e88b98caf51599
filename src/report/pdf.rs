//! The report as a printable A4 PDF: running header and "page n of m" on every page,
//! tables that continue under a repeated heading row, the trend drawn as vectors, and
//! DejaVu Sans embedded (subset) so every Russian and Kazakh letter prints and copies out
//! exactly. A signed-off report carries its SHA-256 in the document's keywords, where
//! `muster verify` reads it back.

use chrono::NaiveDate;
use krilla::metadata::Metadata;

use super::chart::Chart;
use super::html::{signature_blocks, signed_on, Signatories};
use super::layout::*;
use super::model::*;
use crate::domain::Lang;
use crate::error::Result;
use crate::marks;
use crate::rules::{Reading, Status};
use crate::signing::{Issuer, DATABASE_MARKER, PDF_MARKER};
use crate::words::Labels;

/// The PDF as krilla writes it, naming who issues it (`signing::pades` signs it).
pub fn render(r: &Report, lang: Lang, sig: &Signatories, issuer: &Issuer) -> Result<Vec<u8>> {
    let l = lang.labels();
    let mut lay = Layout::new();
    header(&mut lay, r, lang, l, issuer);
    stamp(&mut lay, r, lang, l);
    summary(&mut lay, r, lang, l);
    trend(&mut lay, r, lang, l);
    gaps(&mut lay, r, lang, l);
    matrix(&mut lay, r, l);
    roll(&mut lay, r, l);
    signatures(&mut lay, r, lang, l, sig);
    running(&mut lay.pages, &lay.m, r, lang, l, issuer);
    let mut keywords = vec![
        "muster-report".to_string(),
        format!("contingent:{}", r.header.code),
        format!("as-of:{}", r.header.as_of),
        format!("{DATABASE_MARKER}{}", issuer.database_id),
    ];
    if let Some(s) = &r.validation {
        keywords.push(format!("{PDF_MARKER}{}", s.sha256));
        keywords.push(format!("decision:{}", s.decision.as_str()));
        keywords.push(format!("validation:{}", s.id));
    }
    let meta = Metadata::new()
        .title(format!(
            "{} — {} — {}",
            l.title,
            r.header.code,
            lang.date(r.header.as_of)
        ))
        .keywords(keywords)
        .language(lang.code().to_string())
        .creator("Muster".to_string());
    finish(lay, meta, lang.code())
}

/// `text` ended at the last whole word that fits `room` points with "…" after it (at a
/// character when even its first word does not fit).
fn cut_to(m: &Metrics, text: &str, size: f32, bold: bool, room: f32) -> String {
    if m.width(text, size, bold) <= room {
        return text.to_string();
    }
    let fits = |t: &str| m.width(&format!("{t}…"), size, bold) <= room;
    let mut words: Vec<&str> = text.split(' ').collect();
    while words.len() > 1 {
        words.pop();
        let t = words.join(" ");
        let t = t.trim_end_matches([' ', '—', '·', ',']);
        if fits(t) {
            return format!("{t}…");
        }
    }
    let mut t: String = text.to_string();
    while !t.is_empty() && !fits(&t) {
        t.pop();
    }
    format!("{t}…")
}

/// The header and footer on every page, added once the page count is known.
fn running(
    pages: &mut [Vec<Op>],
    m: &Metrics,
    r: &Report,
    lang: Lang,
    l: &Labels,
    issuer: &Issuer,
) {
    let n = pages.len();
    let h = &r.header;
    let right = format!("{}: {}", l.report_date, lang.date(h.as_of));
    // The contingent's name and mission take what the report date leaves of the line: a
    // long mission is left out first, then the name ends at a word with "…". The title
    // page carries them in full.
    let room = WIDTH - m.width(&right, 8.0, false) - 14.0;
    let left = [
        format!("{} — {} · {}", h.code, h.name, h.mission),
        format!("{} — {}", h.code, h.name),
    ]
    .into_iter()
    .find(|t| m.width(t, 8.0, true) <= room)
    .unwrap_or_else(|| cut_to(m, &format!("{} — {}", h.code, h.name), 8.0, true, room));
    for (i, ops) in pages.iter_mut().enumerate() {
        let size = 8.0;
        ops.push(Op::Text {
            x: MARGIN,
            y: 30.0,
            size,
            bold: true,
            color: INK,
            text: left.clone(),
            role: Role::Header,
        });
        let w = m.width(&right, size, false);
        ops.push(Op::Text {
            x: MARGIN + WIDTH - w,
            y: 30.0,
            size,
            bold: false,
            color: INK,
            text: right.clone(),
            role: Role::Header,
        });
        ops.push(Op::Text {
            x: MARGIN,
            y: 41.0,
            size: 7.0,
            bold: false,
            color: MUTED,
            text: l.title.to_string(),
            role: Role::Header,
        });
        ops.push(Op::Line {
            points: vec![(MARGIN, 46.0), (MARGIN + WIDTH, 46.0)],
            color: RULE,
            width: 0.6,
            dashed: false,
        });
        let foot_y = PAGE_H - 24.0;
        ops.push(Op::Line {
            points: vec![(MARGIN, foot_y - 10.0), (MARGIN + WIDTH, foot_y - 10.0)],
            color: RULE,
            width: 0.6,
            dashed: false,
        });
        let stamp = match &r.validation {
            Some(s) => format!(
                "{}: {} · SHA-256 {} · {} {}",
                l.validation,
                l.decision(s.decision),
                s.sha256,
                l.key,
                issuer.fingerprint
            ),
            None => format!("{} · {} {}", l.not_validated_yet, l.key, issuer.fingerprint),
        };
        ops.push(Op::Text {
            x: MARGIN,
            y: foot_y,
            size: 6.5,
            bold: false,
            color: MUTED,
            text: stamp,
            role: Role::Footer,
        });
        let page = l.page(i + 1, n);
        let w = m.width(&page, 8.0, false);
        ops.push(Op::Text {
            x: MARGIN + WIDTH - w,
            y: foot_y,
            size: 8.0,
            bold: false,
            color: INK,
            text: page,
            role: Role::Footer,
        });
    }
}

fn header(lay: &mut Layout, r: &Report, lang: Lang, l: &Labels, issuer: &Issuer) {
    let h = &r.header;
    lay.title(MARGIN, WIDTH, 15.0, INK, l.title);
    lay.y += 6.0;
    let rows: [(&str, String); 12] = [
        (l.contingent, format!("{} — {}", h.code, h.name)),
        (l.mission, h.mission.clone()),
        (l.parent_unit, h.parent_unit.clone()),
        (l.report_date, lang.date(h.as_of)),
        (l.training_start, lang.date(h.training_start)),
        (l.deployment, lang.date(h.deploy_on)),
        (
            l.tour_end,
            format!("{} ({} {})", lang.date(h.tour_end), h.tour_months, l.months),
        ),
        l.deployment_days(h.days_to_deployment),
        (l.curriculum_version, h.curriculum_version.to_string()),
        (
            l.personnel,
            format!(
                "{} · {}: {} ({:.1} %)",
                r.summary.total.personnel,
                l.glossary.ready,
                r.summary.total.ready,
                r.summary.total.percent
            ),
        ),
        (l.issued_by, super::html::issuer_name(issuer, l)),
        (l.signing_key, issuer.fingerprint.clone()),
    ];
    // Two columns of label and value; each label column as wide as its widest label.
    let half = WIDTH / 2.0;
    let label_w: Vec<f32> = (0..2)
        .map(|c| {
            rows.iter()
                .skip(c)
                .step_by(2)
                .map(|(k, _)| lay.m.width(k, 8.5, false))
                .fold(0.0, f32::max)
                .min(half * 0.5)
                + 8.0
        })
        .collect();
    for pair in rows.chunks(2) {
        let wrapped: Vec<(Vec<String>, Vec<String>)> = pair
            .iter()
            .enumerate()
            .map(|(i, (k, v))| {
                (
                    lay.m.wrap(k, 8.5, false, label_w[i] - 8.0),
                    lay.m.wrap(v, 9.0, true, half - label_w[i] - 10.0),
                )
            })
            .collect();
        let lines = wrapped
            .iter()
            .map(|(a, b)| a.len().max(b.len()))
            .max()
            .unwrap_or(1);
        lay.need(12.0 * lines as f32 + 2.0);
        let top = lay.y;
        for (i, (k, v)) in wrapped.iter().enumerate() {
            let x = MARGIN + i as f32 * half;
            // A label and its value read as one paragraph.
            let leaf = lay.new_para();
            for (j, line) in k.iter().enumerate() {
                lay.text_in(
                    leaf,
                    x,
                    top + 11.0 + 12.0 * j as f32,
                    8.5,
                    false,
                    MUTED,
                    line,
                );
            }
            for (j, line) in v.iter().enumerate() {
                lay.text_in(
                    leaf,
                    x + label_w[i],
                    top + 11.0 + 12.0 * j as f32,
                    9.0,
                    true,
                    INK,
                    line,
                );
            }
        }
        lay.y = top + 12.0 * lines as f32 + 2.0;
    }
    lay.y += 6.0;
}

fn stamp(lay: &mut Layout, r: &Report, lang: Lang, l: &Labels) {
    let Some(s) = &r.validation else {
        lay.para(MARGIN, WIDTH, 9.0, false, MUTED, l.not_validated_yet);
        return;
    };
    let top = lay.y + 4.0;
    lay.y = top;
    let inner = WIDTH - 16.0;
    lay.para(
        MARGIN + 8.0,
        inner,
        13.0,
        true,
        INK,
        &format!("{}: {}", l.validation, l.decision(s.decision)),
    );
    lay.para(
        MARGIN + 8.0,
        inner,
        9.0,
        false,
        INK,
        &format!(
            "{}: {} — {}: {} — {}: {}",
            l.team,
            s.team,
            l.validator,
            s.validator,
            l.signed_off,
            signed_on(s, lang)
        ),
    );
    if !s.notes.is_empty() {
        lay.para(MARGIN + 8.0, inner, 9.0, false, INK, &s.notes);
    }
    lay.para(
        MARGIN + 8.0,
        inner,
        8.0,
        false,
        INK,
        &format!("{}: {}", l.sha256, s.sha256),
    );
    lay.y += 6.0;
    let color = match s.decision {
        crate::domain::Decision::Validated => (27, 94, 32),
        crate::domain::Decision::NotValidated => (183, 28, 28),
    };
    lay.rect(MARGIN, top, WIDTH, lay.y - top, None, Some((color, 2.0)));
    if !s.changed_since.is_empty() {
        lay.y += 6.0;
        lay.para(
            MARGIN,
            WIDTH,
            9.5,
            true,
            (183, 28, 28),
            &format!("{}:", l.changed_since),
        );
        for c in &s.changed_since {
            lay.para(
                MARGIN + 8.0,
                WIDTH - 8.0,
                8.0,
                false,
                INK,
                &format!("• {}", c.describe(lang)),
            );
        }
    }
}

fn count_rows<K>(groups: &[Group<K>], name: impl Fn(&K) -> String) -> Vec<Vec<Cell>> {
    groups
        .iter()
        .map(|g| {
            vec![
                cell(name(&g.key)),
                cell(g.count.personnel.to_string()),
                cell(g.count.ready.to_string()),
                cell(format!("{:.1}", g.count.percent)),
            ]
        })
        .collect()
}

fn count_cols(first: &str, l: &Labels, w: f32) -> Vec<Col> {
    vec![
        col(first, w - 100.0, Align::Left),
        col(l.personnel, 42.0, Align::Right),
        col(l.glossary.ready, 34.0, Align::Right),
        col(l.percent, 24.0, Align::Right),
    ]
}

fn summary(lay: &mut Layout, r: &Report, lang: Lang, l: &Labels) {
    let s = &r.summary;
    lay.heading(l.summary, 60.0);
    lay.para(
        MARGIN,
        WIDTH,
        13.0,
        true,
        INK,
        &format!(
            "{}: {} / {} ({:.1} %)",
            l.glossary.ready, s.total.ready, s.total.personnel, s.total.percent
        ),
    );
    // Three small tables side by side, each drawn from the same starting line.
    // The unit table gets the most room: unit names are the longest.
    let widths = [0.36, 0.34, 0.30].map(|f| (WIDTH - 16.0) * f);
    let groups: [(&str, &str, Vec<Vec<Cell>>); 3] = [
        (l.by_unit, l.unit, count_rows(&s.by_unit, |k| k.clone())),
        (
            l.by_category,
            l.category,
            count_rows(&s.by_category, |k| l.category(*k).to_string()),
        ),
        (
            l.by_gender,
            l.gender,
            count_rows(&s.by_gender, |k| l.gender(*k).to_string()),
        ),
    ];
    let tallest = groups.iter().map(|g| g.2.len()).max().unwrap_or(0) as f32 * 13.0 + 50.0;
    lay.need(tallest);
    let top = lay.y;
    let mut bottom = top;
    for (i, (title, first, rows)) in groups.iter().enumerate() {
        lay.y = top;
        let x = MARGIN + widths[..i].iter().sum::<f32>() + i as f32 * 8.0;
        let w = widths[i];
        lay.y += 14.0;
        lay.heading_at(3, x, 10.0, title);
        lay.y += 4.0;
        lay.table(x, &count_cols(first, l, w), rows, 8.0);
        bottom = bottom.max(lay.y);
    }
    lay.y = bottom;
    lay.subheading(l.by_module, 40.0);
    let mut cols = vec![col(l.module, WIDTH - 7.0 * 56.0, Align::Left)];
    // In the legend's order, as the HTML report and the dashboard have them.
    for reading in Reading::ALL {
        cols.push(col(l.reading(reading), 56.0, Align::Right));
    }
    let rows: Vec<Vec<Cell>> = s
        .by_module
        .iter()
        .map(|m| {
            let title = r.module_title(&m.code, lang);
            let mut row = vec![cell(format!("{} — {title}", m.code))];
            for reading in Reading::ALL {
                row.push(cell(m.count(reading).to_string()));
            }
            row
        })
        .collect();
    lay.table(MARGIN, &cols, &rows, 8.0);
}

fn trend(lay: &mut Layout, r: &Report, lang: Lang, l: &Labels) {
    lay.heading(l.trend, 220.0);
    // The chart draws the table below it: its labels are decoration, the table is what a
    // screen reader reads.
    let g = Chart::new(r);
    let (left, top, w, h) = (MARGIN + 30.0, lay.y + 8.0, WIDTH - 40.0, 170.0);
    let x = |f: f64| left + f as f32 * w;
    let y = |p: f64| top + (1.0 - p as f32 / 100.0) * h;
    for pct in [0.0, 25.0, 50.0, 75.0, 100.0] {
        lay.line(
            vec![(left, y(pct)), (left + w, y(pct))],
            (220, 220, 220),
            0.5,
            false,
        );
        let label = format!("{pct:.0}%");
        let lw = lay.m.width(&label, 7.0, false);
        lay.decoration(left - 4.0 - lw, y(pct) + 2.5, 7.0, false, MUTED, &label);
    }
    let ticks = g.ticks();
    for (i, (f, d)) in ticks.iter().copied().enumerate() {
        lay.line(
            vec![(x(f), top + h), (x(f), top + h + 3.0)],
            MUTED,
            0.5,
            false,
        );
        let label = lang.date(d);
        let lw = lay.m.width(&label, 7.0, false);
        let lx = match i {
            0 => x(f),
            i if i + 1 == ticks.len() => x(f) - lw,
            _ => x(f) - lw / 2.0,
        };
        lay.decoration(lx, top + h + 12.0, 7.0, false, MUTED, &label);
    }
    let (p0, p1) = g.plan_line();
    lay.line(
        vec![(x(p0), y(0.0)), (x(p1), y(100.0))],
        (21, 101, 192),
        1.5,
        true,
    );
    let pts: Vec<(f32, f32)> = g.actual().into_iter().map(|(f, p)| (x(f), y(p))).collect();
    if pts.len() == 1 {
        let (px, py) = pts[0];
        lay.rect(px - 2.0, py - 2.0, 4.0, 4.0, Some((46, 125, 50)), None);
    } else {
        lay.line(pts.clone(), (46, 125, 50), 2.0, false);
    }
    let ly = top + h + 26.0;
    lay.line(
        vec![(left, ly - 3.0), (left + 20.0, ly - 3.0)],
        (46, 125, 50),
        2.0,
        false,
    );
    lay.decoration(left + 24.0, ly, 8.0, false, INK, l.actual);
    lay.line(
        vec![(left + 180.0, ly - 3.0), (left + 200.0, ly - 3.0)],
        (21, 101, 192),
        1.5,
        true,
    );
    lay.decoration(
        left + 204.0,
        ly,
        8.0,
        false,
        INK,
        &format!(
            "{} → 100 % ({} {})",
            l.plan,
            l.deployment,
            lang.date(r.header.deploy_on)
        ),
    );
    lay.y = ly + 8.0;
    let cols = [
        col(l.date, 90.0, Align::Left),
        col(l.glossary.ready, 60.0, Align::Right),
        col(l.personnel, 70.0, Align::Right),
        col(&format!("{} %", l.actual), 80.0, Align::Right),
        col(&format!("{} %", l.plan), 60.0, Align::Right),
    ];
    let rows: Vec<Vec<Cell>> = r
        .trend
        .iter()
        .map(|p| {
            vec![
                cell(lang.date(p.date)),
                cell(p.ready.to_string()),
                cell(p.personnel.to_string()),
                cell(format!("{:.1}", p.percent)),
                cell(format!("{:.1}", p.plan_percent)),
            ]
        })
        .collect();
    lay.table(MARGIN, &cols, &rows, 8.0);
}

fn gaps(lay: &mut Layout, r: &Report, lang: Lang, l: &Labels) {
    lay.heading(l.gaps, 40.0);
    lay.subheading(
        &format!("{} ({})", l.glossary.not_ready, r.gaps.not_ready.len()),
        30.0,
    );
    if r.gaps.not_ready.is_empty() {
        lay.para(MARGIN, WIDTH, 9.0, false, INK, l.nobody);
    } else {
        let cols = [
            col(l.service_number, 55.0, Align::Left),
            col(l.rank, 75.0, Align::Left),
            col(l.name, 140.0, Align::Left),
            col(l.unit, 60.0, Align::Left),
            col(l.lacks, WIDTH - 330.0, Align::Left),
        ];
        let rows: Vec<Vec<Cell>> = r
            .gaps
            .not_ready
            .iter()
            .map(|g| {
                let lacks: Vec<String> = g
                    .lacking
                    .iter()
                    .map(|x| {
                        let d = x
                            .date
                            .map(|d| format!(" {}", lang.date(d)))
                            .unwrap_or_default();
                        format!("{}: {}{d}", x.module, l.reading(x.reading()))
                    })
                    .collect();
                vec![
                    cell(&g.service_number),
                    cell(&g.rank),
                    cell(&g.name),
                    cell(&g.unit),
                    cell(lacks.join("; ")),
                ]
            })
            .collect();
        lay.table(MARGIN, &cols, &rows, 7.5);
    }
    lay.subheading(&format!("{} ({})", l.lapsing, r.gaps.lapsing.len()), 30.0);
    if r.gaps.lapsing.is_empty() {
        lay.para(MARGIN, WIDTH, 9.0, false, INK, l.nobody);
    } else {
        let cols = [
            col(l.expires_on, 130.0, Align::Left),
            col(l.module, 45.0, Align::Left),
            col(l.service_number, 55.0, Align::Left),
            col(l.rank, 75.0, Align::Left),
            col(l.name, WIDTH - 365.0, Align::Left),
            col(l.unit, 60.0, Align::Left),
        ];
        let rows: Vec<Vec<Cell>> = r
            .gaps
            .lapsing
            .iter()
            .map(|x| {
                let when = if x.before_deployment {
                    l.before_deployment
                } else {
                    l.during_tour
                };
                let fill = if x.before_deployment {
                    marks::fill(Status::Expired)
                } else {
                    marks::fill(Status::Expiring)
                };
                vec![
                    Cell {
                        text: format!("{} ({when})", lang.date(x.expires_on)),
                        fill,
                        bold: false,
                    },
                    cell(&x.module),
                    cell(&x.service_number),
                    cell(&x.rank),
                    cell(&x.name),
                    cell(&x.unit),
                ]
            })
            .collect();
        lay.table(MARGIN, &cols, &rows, 7.5);
    }
}

fn matrix(lay: &mut Layout, r: &Report, l: &Labels) {
    lay.new_page();
    lay.heading(l.matrix, 60.0);
    // Legend: a swatch and the word for each status.
    lay.need(14.0);
    lay.y += 11.0;
    let mut x = MARGIN;
    let legend = lay.new_para();
    lay.text_in(legend, x, lay.y, 7.5, true, INK, &format!("{}:", l.legend));
    x += lay.m.width(&format!("{}:", l.legend), 7.5, true) + 6.0;
    // Each status: its swatch with its symbol inside, then its word; wrapped to the width.
    for r in Reading::ALL {
        let st = r.status();
        let word = l.reading(r);
        let w = 12.0 + lay.m.width(word, 7.5, false) + 10.0;
        if x + w > MARGIN + WIDTH {
            lay.y += 12.0;
            x = MARGIN;
        }
        lay.rect(
            x,
            lay.y - 8.0,
            10.0,
            10.0,
            marks::fill(st),
            Some((RULE, 0.4)),
        );
        let sym = marks::reading_symbol(r);
        let sx = x + (10.0 - lay.m.width(sym, 7.5, false)) / 2.0;
        lay.text_in(legend, sx, lay.y, 7.5, false, INK, sym);
        lay.text_in(legend, x + 13.0, lay.y, 7.5, false, INK, word);
        x += w;
    }
    lay.y += 12.0;
    lay.text(MARGIN, lay.y, 7.5, false, MUTED, l.matrix_dates);
    lay.y += 4.0;
    // A module's cell holds a symbol and a date on one line: the name column gives up room
    // for that, down to 80 points, before a cell has to wrap. More modules than fit across
    // the page are shown in parts, each with the people's columns again (a column cut at
    // the page's edge, as nine modules once were, is a gap in a signed document).
    let cell_w = lay.m.width("✓ 00.00.00", 6.5, false) + 6.0;
    let fit = (((WIDTH - 230.0) / cell_w).floor() as usize).max(1);
    let parts = r.modules.len().div_ceil(fit).max(1);
    let per_part = r.modules.len().div_ceil(parts).max(1);
    // No module at all still draws the people's table.
    let chunks: Vec<&[crate::report::ModuleInfo]> = if r.modules.is_empty() {
        vec![&r.modules[..]]
    } else {
        r.modules.chunks(per_part).collect()
    };
    for (i, modules) in chunks.iter().enumerate() {
        if parts > 1 {
            if i > 0 {
                lay.y += 10.0;
            }
            let first = modules.first().map_or("", |m| m.code.as_str());
            let last = modules.last().map_or("", |m| m.code.as_str());
            lay.need(40.0);
            lay.y += 10.0;
            lay.text(
                MARGIN,
                lay.y,
                8.0,
                true,
                INK,
                &format!("{} ({}/{parts}): {first} – {last}", l.matrix, i + 1),
            );
            lay.y += 4.0;
        }
        matrix_part(lay, r, l, modules, cell_w);
    }
}

/// One table of the matrix: the people, then the modules given.
fn matrix_part(
    lay: &mut Layout,
    r: &Report,
    l: &Labels,
    modules: &[crate::report::ModuleInfo],
    cell_w: f32,
) {
    let n = modules.len().max(1) as f32;
    let module_w = ((WIDTH - 270.0) / n).max(cell_w).min(60.0);
    let name_w = (WIDTH - 150.0 - module_w * n).clamp(80.0, 120.0);
    let mut cols = vec![
        col(l.number, 20.0, Align::Right),
        col(l.service_number, 50.0, Align::Left),
        col(l.name, name_w, Align::Left),
        col(l.unit, 50.0, Align::Left),
        col(l.glossary.ready, 30.0, Align::Center),
    ];
    for m in modules {
        cols.push(col(&m.code, module_w, Align::Center));
    }
    let rows: Vec<Vec<Cell>> = r
        .personnel
        .iter()
        .enumerate()
        .map(|(i, p)| {
            let mut row = vec![
                cell((i + 1).to_string()),
                cell(&p.service_number),
                cell(format!("{} {}", p.rank, p.full_name())),
                cell(&p.unit),
                Cell {
                    text: (if p.ready { l.yes } else { l.no }).to_string(),
                    fill: marks::fill(if p.ready {
                        Status::Complete
                    } else {
                        Status::Failed
                    }),
                    bold: false,
                },
            ];
            for m in modules {
                row.push(match p.modules.get(&m.code) {
                    Some(s) => Cell {
                        text: short(s),
                        fill: marks::fill(s.status),
                        bold: false,
                    },
                    None => cell(""),
                });
            }
            row
        })
        .collect();
    lay.table(MARGIN, &cols, &rows, 6.5);
}

/// Matrix cells are narrow: the status's symbol, then the deciding date as dd.mm.yy in
/// every language (the legend says both), so a cell reads without its colour.
fn short(s: &crate::rules::ModuleStatus) -> String {
    let sym = marks::reading_symbol(s.reading());
    match s.shown_date() {
        None => sym.into(),
        Some(d) => format!("{sym} {}", d.format("%d.%m.%y")),
    }
}

fn roll(lay: &mut Layout, r: &Report, l: &Labels) {
    lay.new_page();
    lay.heading(l.nominal_roll, 40.0);
    let cols = [
        col(l.number, 20.0, Align::Right),
        col(l.service_number, 52.0, Align::Left),
        col(l.rank, 70.0, Align::Left),
        col(l.family_name, 80.0, Align::Left),
        col(l.given_name, 65.0, Align::Left),
        col(l.patronymic, 80.0, Align::Left),
        col(l.gender, 30.0, Align::Center),
        col(l.role, WIDTH - 462.0, Align::Left),
        col(l.unit, 65.0, Align::Left),
    ];
    let rows: Vec<Vec<Cell>> = r
        .personnel
        .iter()
        .enumerate()
        .map(|(i, p)| {
            vec![
                cell((i + 1).to_string()),
                cell(&p.service_number),
                cell(&p.rank),
                cell(&p.family_name),
                cell(&p.given_name),
                cell(p.patronymic.clone().unwrap_or_default()),
                cell(l.gender_short(p.gender)),
                cell(&p.role),
                cell(&p.unit),
            ]
        })
        .collect();
    lay.table(MARGIN, &cols, &rows, 7.5);
}

fn signatures(lay: &mut Layout, r: &Report, lang: Lang, l: &Labels, sig: &Signatories) {
    lay.heading(l.signatures, 150.0);
    let w = (WIDTH - 24.0) / 3.0;
    let top = lay.y + 6.0;
    let signed_on = r
        .validation
        .as_ref()
        .and_then(|v| v.recorded_at.get(..10))
        .and_then(|d| NaiveDate::parse_from_str(d, "%Y-%m-%d").ok());
    let blocks = signature_blocks(r, l, sig);
    // Role and meaning first; then the name, date and signature lines level across blocks.
    let mut lines_at = top;
    for (i, (role, means, _)) in blocks.iter().enumerate() {
        let x = MARGIN + i as f32 * (w + 12.0);
        lay.y = top;
        lay.line(vec![(x, top), (x + w, top)], INK, 0.8, false);
        lay.para(x, w, 9.5, true, INK, role);
        lay.para(x, w, 7.5, false, MUTED, means);
        lines_at = lines_at.max(lay.y);
    }
    let mut bottom = top;
    for (i, (_, _, name)) in blocks.into_iter().enumerate() {
        let x = MARGIN + i as f32 * (w + 12.0);
        lay.y = lines_at + 6.0;
        lay.para(
            x,
            w,
            8.5,
            false,
            INK,
            &format!("{}: {}", l.printed_name, name.unwrap_or_default()),
        );
        let date = if i == 2 {
            signed_on.map(|d| lang.date(d))
        } else {
            None
        };
        lay.para(
            x,
            w,
            8.5,
            false,
            INK,
            &format!("{}: {}", l.date, date.unwrap_or_default()),
        );
        lay.y += 26.0;
        lay.line(vec![(x, lay.y), (x + w, lay.y)], INK, 0.6, false);
        lay.para(x, w, 7.5, false, MUTED, l.signature);
        bottom = bottom.max(lay.y);
    }
    lay.y = bottom;
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The running header never runs into the report date: what does not fit ends at a
    /// word, with "…", within the room given; what fits is left whole.
    #[test]
    fn a_long_header_ends_at_a_word_within_its_room() {
        let m = Metrics::new();
        let text = "KAZBAT-4 — 4-я ротация казахстанского миротворческого батальона в составе индийского батальона";
        for room in [120.0, 200.0, 300.0] {
            let cut = cut_to(&m, text, 8.0, true, room);
            assert!(m.width(&cut, 8.0, true) <= room, "{cut}");
            let kept = cut.strip_suffix('…').expect("cut with an ellipsis");
            assert!(text.starts_with(kept), "{cut}");
            assert!(
                text[kept.len()..].starts_with(' '),
                "ends at a whole word: {cut}"
            );
        }
        assert_eq!(cut_to(&m, text, 8.0, true, 2000.0), text);
        // A first word wider than the room is cut at a letter.
        let cut = cut_to(&m, "Организации-Объединённых-Наций", 8.0, true, 40.0);
        assert!(
            cut.ends_with('…') && m.width(&cut, 8.0, true) <= 40.0,
            "{cut}"
        );
    }
}
