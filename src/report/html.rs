//! The report as one self-contained HTML file: inline CSS, an inline SVG chart, no script
//! and nothing fetched. It is what the desktop app shows, and it prints on A4 from a
//! browser (tables keep their heading rows on every page, sections start cleanly).
//! Every value from the database is escaped: a name is always shown as text.

use std::fmt::Write;

use super::model::*;
use crate::domain::Lang;
use crate::field::Field;
use crate::marks;
use crate::rules::{ModuleStatus, Reading, Status};
use crate::signing::html::{DATABASE_META, SHA_META};
use crate::signing::Issuer;
use crate::words::Labels;

/// Escapes text for HTML element content and attribute values.
pub fn esc(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// Names of the people who sign, printed under their signature lines.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Signatories {
    pub training_officer: Option<String>,
    pub company_commander: Option<String>,
}

impl Signatories {
    /// The names to print, cleaned as any name is (a hidden character is refused); blank:
    /// none, the line stays empty. One rule for the command line and the app.
    pub fn new(training_officer: &str, company_commander: &str) -> crate::Result<Signatories> {
        Ok(Signatories {
            training_officer: crate::text::optional(Field::TrainingOfficer, training_officer)?,
            company_commander: crate::text::optional(Field::CompanyCommander, company_commander)?,
        })
    }
}

const CSS: &str = r#"
:root { --ink:#111; --muted:#555; --rule:#bbb; --bad:#f8d0cc; }
* { box-sizing: border-box; }
body { font-family: "DejaVu Sans Condensed", "DejaVu Sans", "Noto Sans", Arial, sans-serif; color: var(--ink); margin: 24px; font-size: 13px; }
h1 { font-size: 20px; margin: 0 0 4px; }
h2 { font-size: 16px; margin: 22px 0 8px; border-bottom: 2px solid var(--ink); padding-bottom: 2px; }
h3 { font-size: 13px; margin: 14px 0 6px; }
table { border-collapse: collapse; margin: 4px 0 10px; }
th, td { border: 1px solid var(--rule); padding: 2px 6px; text-align: left; vertical-align: top; }
th { background: #f0f0f0; }
td.n, th.n { text-align: right; font-variant-numeric: tabular-nums; }
dl.head { display: grid; grid-template-columns: max-content 1fr max-content 1fr; gap: 2px 12px; margin: 8px 0; }
dl.head dt { color: var(--muted); } dl.head dd { margin: 0; font-weight: bold; }
.big { font-size: 28px; font-weight: bold; }
.flex { display: flex; flex-wrap: wrap; gap: 24px; align-items: flex-start; }
.sr { position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0); white-space: nowrap; }
.mark { display: inline-block; min-width: 1.1em; text-align: center; border: 1px solid var(--rule); margin-right: 3px; }
table.matrix td { font-size: 11px; white-space: nowrap; }
.stamp { border: 3px double var(--ink); padding: 8px 12px; margin: 12px 0; }
.stamp.validated { border-color: #1b5e20; } .stamp.not-validated { border-color: #b71c1c; }
.stamp .decision { font-size: 18px; font-weight: bold; }
.changed { background: var(--bad); padding: 6px 10px; }
.hash { font-family: "DejaVu Sans Mono", monospace; font-size: 11px; word-break: break-all; }
.sig { display: grid; grid-template-columns: repeat(3, 1fr); gap: 18px; }
.sig div.box { border-top: 1px solid var(--ink); padding-top: 4px; min-height: 110px; }
.sig div.box p { min-height: 4.5em; }
.sig .line { border-bottom: 1px solid var(--ink); height: 28px; margin: 4px 0; }
.muted { color: var(--muted); }
svg text { font-family: inherit; font-size: 11px; }
@page { size: A4; margin: 14mm 12mm; }
@media print {
  body { margin: 0; font-size: 10px; }
  thead { display: table-header-group; }
  tr, .stamp, .sig div.box, svg { break-inside: avoid; }
  h2 { break-after: avoid; }
  section.annex { break-before: page; }
  table.matrix td { font-size: 8px; }
}
"#;

/// The page, naming who issues it (`signing::html` appends the signature line).
pub fn render(r: &Report, lang: Lang, sig: &Signatories, issuer: &Issuer) -> String {
    let l = lang.labels();
    let mut o = String::with_capacity(64 * 1024 + r.personnel.len() * 1200);
    let h = &r.header;
    let _ = write!(
        o,
        "<!DOCTYPE html>\n<html lang=\"{}\">\n<head>\n<meta charset=\"utf-8\">\n<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<meta name=\"generator\" content=\"Muster\">\n{DATABASE_META}{}\">\n<meta name=\"muster-signer\" content=\"{}\">\n",
        lang.code(),
        esc(&issuer.database_id),
        esc(&issuer.name),
    );
    if let Some(s) = &r.validation {
        let _ = writeln!(o, "{SHA_META}{}\">", esc(&s.sha256));
    }
    let _ = write!(
        o,
        "<title>{} — {} — {}</title>\n<style>{CSS}{}</style>\n</head>\n<body>\n",
        esc(l.title),
        esc(&h.code),
        lang.date(h.as_of),
        status_css()
    );
    header(&mut o, r, lang, l, issuer);
    stamp(&mut o, r, lang, l);
    summary(&mut o, r, lang, l);
    trend(&mut o, r, lang, l);
    gaps(&mut o, r, lang, l);
    matrix(&mut o, r, lang, l);
    roll(&mut o, r, l);
    signatures(&mut o, r, lang, l, sig);
    o.push_str("</body>\n</html>\n");
    o
}

fn header(o: &mut String, r: &Report, lang: Lang, l: &Labels, issuer: &Issuer) {
    let h = &r.header;
    let _ = write!(
        o,
        "<header>\n<h1>{}</h1>\n<dl class=\"head\">\n",
        esc(l.title)
    );
    let rows: [(&str, String); 12] = [
        (l.contingent, format!("{} — {}", h.code, h.name)),
        (l.mission, h.mission.clone()),
        (l.parent_unit, h.parent_unit.clone()),
        (l.report_date, lang.date(h.as_of)),
        (l.training_start, lang.date(h.training_start)),
        (l.deployment, lang.date(h.deploy_on)),
        (l.tour_end, lang.date(h.tour_end)),
        l.deployment_days(h.days_to_deployment),
        (l.curriculum_version, h.curriculum_version.to_string()),
        (l.personnel, r.summary.total.personnel.to_string()),
        (l.glossary.ready, r.summary.total.ready.to_string()),
        (l.percent, format!("{:.1}", r.summary.total.percent)),
    ];
    for (k, v) in rows {
        let _ = writeln!(o, "<dt>{}</dt><dd>{}</dd>", esc(k), esc(&v));
    }
    o.push_str("</dl>\n");
    let _ = writeln!(
        o,
        "<p class=\"issuer\">{}: <span class=\"hash\">{}</span></p>",
        esc(l.issued_by),
        esc(&format!(
            "{} — {} {}",
            issuer_name(issuer, l),
            l.key,
            issuer.fingerprint
        ))
    );
    o.push_str("</header>\n");
}

/// The sign-off date in the reader's form, with the UTC time it was recorded.
/// When the decision was recorded, to the minute, in UTC: every laptop prints the same
/// (a frozen report reads alike wherever it is issued), and the zone is said so a reader
/// east of Greenwich is not misled by the day.
pub(crate) fn signed_on(s: &Stamp, lang: Lang) -> String {
    match s
        .recorded_at
        .get(..10)
        .and_then(|d| chrono::NaiveDate::parse_from_str(d, "%Y-%m-%d").ok())
    {
        Some(d) => format!(
            "{} {} UTC",
            lang.date(d),
            s.recorded_at.get(11..16).unwrap_or("")
        ),
        None => s.recorded_at.clone(),
    }
}

fn stamp(o: &mut String, r: &Report, lang: Lang, l: &Labels) {
    let Some(s) = &r.validation else {
        let _ = writeln!(o, "<p class=\"muted\">{}</p>", esc(l.not_validated_yet));
        return;
    };
    let _ = write!(
        o,
        "<div class=\"stamp {}\">\n<div class=\"decision\">{}: {}</div>\n<div>{}: {} — {}: {} — {}: {}</div>\n",
        s.decision.as_str(),
        esc(l.validation),
        esc(l.decision(s.decision)),
        esc(l.team),
        esc(&s.team),
        esc(l.validator),
        esc(&s.validator),
        esc(l.signed_off),
        esc(&signed_on(s, lang)),
    );
    if !s.notes.is_empty() {
        let _ = writeln!(o, "<div>{}</div>", esc(&s.notes));
    }
    let _ = writeln!(
        o,
        "<div>{}: <span class=\"hash\">{}</span></div>\n</div>",
        esc(l.sha256),
        esc(&s.sha256)
    );
    if !s.changed_since.is_empty() {
        let _ = writeln!(
            o,
            "<div class=\"changed\"><strong>{}</strong><ul>",
            esc(l.changed_since)
        );
        for c in &s.changed_since {
            let _ = writeln!(o, "<li>{}</li>", esc(&c.describe(lang)));
        }
        o.push_str("</ul></div>\n");
    }
}

fn count_row(o: &mut String, key: &str, c: &Count) {
    let _ = writeln!(
        o,
        "<tr><td>{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td><td class=\"n\">{:.1}</td></tr>",
        esc(key),
        c.personnel,
        c.ready,
        c.percent
    );
}

fn count_table(o: &mut String, title: &str, first: &str, l: &Labels, rows: &[(String, &Count)]) {
    let _ = write!(
        o,
        "<div><h3>{}</h3>\n<table>\n<thead><tr><th>{}</th><th class=\"n\">{}</th><th class=\"n\">{}</th><th class=\"n\">{}</th></tr></thead>\n<tbody>\n",
        esc(title),
        esc(first),
        esc(l.personnel),
        esc(l.glossary.ready),
        esc(l.percent)
    );
    for (k, c) in rows {
        count_row(o, k, c);
    }
    o.push_str("</tbody>\n</table></div>\n");
}

fn summary(o: &mut String, r: &Report, lang: Lang, l: &Labels) {
    let s = &r.summary;
    let _ = write!(
        o,
        "<section>\n<h2>{}</h2>\n<p><span class=\"big\">{} / {} ({:.1} %)</span> {}</p>\n<div class=\"flex\">\n",
        esc(l.summary),
        s.total.ready,
        s.total.personnel,
        s.total.percent,
        esc(l.glossary.ready)
    );
    let units: Vec<(String, &Count)> = s
        .by_unit
        .iter()
        .map(|g| (g.key.clone(), &g.count))
        .collect();
    count_table(o, l.by_unit, l.unit, l, &units);
    let cats: Vec<(String, &Count)> = s
        .by_category
        .iter()
        .map(|g| (l.category(g.key).to_string(), &g.count))
        .collect();
    count_table(o, l.by_category, l.category, l, &cats);
    let gens: Vec<(String, &Count)> = s
        .by_gender
        .iter()
        .map(|g| (l.gender(g.key).to_string(), &g.count))
        .collect();
    count_table(o, l.by_gender, l.gender, l, &gens);
    o.push_str("</div>\n");
    let _ = write!(
        o,
        "<h3>{}</h3>\n<table>\n<thead><tr><th>{}</th>",
        esc(l.by_module),
        esc(l.module)
    );
    // The readings in the legend's order: what lapses before deployment beside what has
    // expired, as the dashboard's bars have it.
    for reading in Reading::ALL {
        let _ = write!(
            o,
            "<th class=\"n {}\">{}</th>",
            reading.status().as_str(),
            esc(l.reading(reading))
        );
    }
    o.push_str("</tr></thead>\n<tbody>\n");
    for m in &s.by_module {
        let title = r.module_title(&m.code, lang);
        let _ = write!(
            o,
            "<tr><td><strong>{}</strong> {}</td>",
            esc(&m.code),
            esc(title)
        );
        for reading in Reading::ALL {
            let _ = write!(o, "<td class=\"n\">{}</td>", m.count(reading));
        }
        o.push_str("</tr>\n");
    }
    o.push_str("</tbody>\n</table>\n</section>\n");
}

fn trend(o: &mut String, r: &Report, lang: Lang, l: &Labels) {
    let _ = writeln!(o, "<section>\n<h2>{}</h2>", esc(l.trend));
    o.push_str(&svg_chart(r, lang, l));
    let _ = write!(
        o,
        "<table>\n<thead><tr><th>{}</th><th class=\"n\">{}</th><th class=\"n\">{}</th><th class=\"n\">{} %</th><th class=\"n\">{} %</th></tr></thead>\n<tbody>\n",
        esc(l.date),
        esc(l.glossary.ready),
        esc(l.personnel),
        esc(l.actual),
        esc(l.plan)
    );
    for p in &r.trend {
        let _ = writeln!(
            o,
            "<tr><td>{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td><td class=\"n\">{:.1}</td><td class=\"n\">{:.1}</td></tr>",
            lang.date(p.date),
            p.ready,
            p.personnel,
            p.percent,
            p.plan_percent
        );
    }
    o.push_str("</tbody>\n</table>\n</section>\n");
}

/// The trend as an SVG line chart: actual readiness and the plan line to deployment day.
fn svg_chart(r: &Report, lang: Lang, l: &Labels) -> String {
    let g = super::chart::Chart::new(r);
    let (w, h, left, right, top, bottom) = (720.0, 260.0, 44.0, 16.0, 12.0, 40.0);
    let pw = w - left - right;
    let ph = h - top - bottom;
    let x = |f: f64| left + f * pw;
    let y = |pct: f64| top + (1.0 - pct / 100.0) * ph;
    let mut s = String::new();
    let _ = writeln!(
        s,
        "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {w} {h}\" width=\"{w}\" height=\"{h}\" style=\"max-width:100%;height:auto\" role=\"img\" aria-label=\"{}\">",
        esc(l.trend)
    );
    for pct in [0.0, 25.0, 50.0, 75.0, 100.0] {
        let _ = writeln!(
            s,
            "<line x1=\"{left}\" y1=\"{0:.1}\" x2=\"{1:.1}\" y2=\"{0:.1}\" stroke=\"#ddd\"/><text x=\"{2:.1}\" y=\"{3:.1}\" text-anchor=\"end\">{pct:.0}%</text>",
            y(pct),
            left + pw,
            left - 4.0,
            y(pct) + 4.0
        );
    }
    let ticks = g.ticks();
    for (i, (f, d)) in ticks.iter().copied().enumerate() {
        let anchor = match i {
            0 => "start",
            i if i + 1 == ticks.len() => "end",
            _ => "middle",
        };
        let _ = writeln!(
            s,
            "<line x1=\"{0:.1}\" y1=\"{1:.1}\" x2=\"{0:.1}\" y2=\"{2:.1}\" stroke=\"#999\"/><text x=\"{0:.1}\" y=\"{3:.1}\" text-anchor=\"{anchor}\">{4}</text>",
            x(f),
            top + ph,
            top + ph + 4.0,
            top + ph + 16.0,
            lang.date(d)
        );
    }
    let (pf0, pf1) = g.plan_line();
    let _ = writeln!(
        s,
        "<line x1=\"{:.1}\" y1=\"{:.1}\" x2=\"{:.1}\" y2=\"{:.1}\" stroke=\"#1565c0\" stroke-width=\"2\" stroke-dasharray=\"6 4\"/>",
        x(pf0),
        y(0.0),
        x(pf1),
        y(100.0)
    );
    let pts: Vec<String> = g
        .actual()
        .iter()
        .map(|(f, p)| format!("{:.1},{:.1}", x(*f), y(*p)))
        .collect();
    let _ = writeln!(
        s,
        "<polyline points=\"{}\" fill=\"none\" stroke=\"#2e7d32\" stroke-width=\"2.5\"/>",
        pts.join(" ")
    );
    for (f, p) in g.actual() {
        let _ = writeln!(
            s,
            "<circle cx=\"{:.1}\" cy=\"{:.1}\" r=\"2.5\" fill=\"#2e7d32\"/>",
            x(f),
            y(p)
        );
    }
    let ly = h - 8.0;
    let _ = writeln!(
        s,
        "<line x1=\"{left}\" y1=\"{0}\" x2=\"{1}\" y2=\"{0}\" stroke=\"#2e7d32\" stroke-width=\"2.5\"/><text x=\"{2}\" y=\"{3}\">{4}</text>\
         <line x1=\"{5}\" y1=\"{0}\" x2=\"{6}\" y2=\"{0}\" stroke=\"#1565c0\" stroke-width=\"2\" stroke-dasharray=\"6 4\"/><text x=\"{7}\" y=\"{3}\">{8} ({9})</text>",
        ly - 4.0,
        left + 24.0,
        left + 30.0,
        ly,
        esc(l.actual),
        left + 200.0,
        left + 224.0,
        left + 230.0,
        esc(l.plan),
        esc(l.deployment),
    );
    s.push_str("</svg>\n");
    s
}

fn gaps(o: &mut String, r: &Report, lang: Lang, l: &Labels) {
    let _ = writeln!(
        o,
        "<section>\n<h2>{}</h2>\n<h3>{} ({})</h3>",
        esc(l.gaps),
        esc(l.glossary.not_ready),
        r.gaps.not_ready.len()
    );
    if r.gaps.not_ready.is_empty() {
        let _ = writeln!(o, "<p>{}</p>", esc(l.nobody));
    } else {
        let _ = write!(
            o,
            "<table>\n<thead><tr><th>{}</th><th>{}</th><th>{}</th><th>{}</th><th>{}</th></tr></thead>\n<tbody>\n",
            esc(l.service_number),
            esc(l.rank),
            esc(l.name),
            esc(l.unit),
            esc(l.lacks)
        );
        for g in &r.gaps.not_ready {
            let lacks: Vec<String> = g
                .lacking
                .iter()
                .map(|x| {
                    let date = x
                        .date
                        .map(|d| format!(" {}", lang.date(d)))
                        .unwrap_or_default();
                    format!(
                        "<span class=\"{}\">{} — {}{}</span>",
                        x.status.as_str(),
                        esc(&x.module),
                        esc(l.reading(x.reading())),
                        date
                    )
                })
                .collect();
            let _ = writeln!(
                o,
                "<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>",
                esc(&g.service_number),
                esc(&g.rank),
                esc(&g.name),
                esc(&g.unit),
                lacks.join("; ")
            );
        }
        o.push_str("</tbody>\n</table>\n");
    }
    let _ = writeln!(o, "<h3>{} ({})</h3>", esc(l.lapsing), r.gaps.lapsing.len());
    if r.gaps.lapsing.is_empty() {
        let _ = writeln!(o, "<p>{}</p>", esc(l.nobody));
    } else {
        let _ = write!(
            o,
            "<table>\n<thead><tr><th>{}</th><th>{}</th><th>{}</th><th>{}</th><th>{}</th><th>{}</th></tr></thead>\n<tbody>\n",
            esc(l.expires_on),
            esc(l.module),
            esc(l.service_number),
            esc(l.rank),
            esc(l.name),
            esc(l.unit)
        );
        for x in &r.gaps.lapsing {
            let when = if x.before_deployment {
                l.before_deployment
            } else {
                l.during_tour
            };
            let class = if x.before_deployment {
                "expired"
            } else {
                "expiring"
            };
            let _ = writeln!(
                o,
                "<tr><td class=\"{class}\">{} ({})</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>",
                lang.date(x.expires_on),
                esc(when),
                esc(&x.module),
                esc(&x.service_number),
                esc(&x.rank),
                esc(&x.name),
                esc(&x.unit)
            );
        }
        o.push_str("</tbody>\n</table>\n");
    }
    o.push_str("</section>\n");
}

/// Each status's fill, from the one table every output uses.
fn status_css() -> String {
    let mut css = String::new();
    for st in Status::ALL {
        let _ = writeln!(
            css,
            ".{} {{ background: {}; }}",
            st.as_str(),
            marks::fill_hex(st)
        );
    }
    css
}

/// A status as it reads without colour: its symbol (hidden from screen readers, which get
/// the word instead, hidden from sight).
/// What a matrix cell says: the status's mark, then the deciding date if there is one.
fn cell_html(s: &ModuleStatus, lang: Lang, l: &Labels) -> String {
    let date = s.shown_date().map(|d| lang.date(d));
    // The symbol is the status's; what a screen reader says is what it reads as.
    let mark = format!(
        "<span class=\"mark\" aria-hidden=\"true\">{}</span><span class=\"sr\">{}</span>",
        marks::reading_symbol(s.reading()),
        esc(l.reading(s.reading()))
    );
    match date {
        Some(d) => format!("{mark} {}", esc(&d)),
        None => mark,
    }
}

fn matrix(o: &mut String, r: &Report, lang: Lang, l: &Labels) {
    let _ = write!(
        o,
        "<section class=\"annex\">\n<h2>{}</h2>\n<p>{}: ",
        esc(l.matrix),
        esc(l.legend)
    );
    for r in Reading::ALL {
        let _ = write!(
            o,
            "<span class=\"{}\"><span class=\"mark\" aria-hidden=\"true\">{}</span></span> {} &nbsp; ",
            r.status().as_str(),
            marks::reading_symbol(r),
            esc(l.reading(r))
        );
    }
    let _ = write!(
        o,
        "</p>\n<table class=\"matrix\">\n<thead><tr><th class=\"n\">{}</th><th>{}</th><th>{}</th><th>{}</th><th>{}</th>",
        esc(l.number),
        esc(l.service_number),
        esc(l.name),
        esc(l.unit),
        esc(l.glossary.ready)
    );
    for m in &r.modules {
        let _ = write!(
            o,
            "<th title=\"{}\">{}</th>",
            esc(m.title_in(lang)),
            esc(&m.code)
        );
    }
    o.push_str("</tr></thead>\n<tbody>\n");
    for (i, p) in r.personnel.iter().enumerate() {
        let _ = write!(
            o,
            "<tr><td class=\"n\">{}</td><td>{}</td><td>{} {}</td><td>{}</td><td class=\"{}\">{}</td>",
            i + 1,
            esc(&p.service_number),
            esc(&p.rank),
            esc(&p.full_name()),
            esc(&p.unit),
            if p.ready { "complete" } else { "failed" },
            esc(if p.ready { l.yes } else { l.no })
        );
        for m in &r.modules {
            match p.modules.get(&m.code) {
                Some(s) => {
                    let _ = write!(
                        o,
                        "<td class=\"{}\" title=\"{}\">{}</td>",
                        s.status.as_str(),
                        esc(l.reading(s.reading())),
                        cell_html(s, lang, l)
                    );
                }
                None => o.push_str("<td></td>"),
            }
        }
        o.push_str("</tr>\n");
    }
    o.push_str("</tbody>\n</table>\n</section>\n");
}

fn roll(o: &mut String, r: &Report, l: &Labels) {
    let _ = write!(
        o,
        "<section class=\"annex\">\n<h2>{}</h2>\n<table>\n<thead><tr><th class=\"n\">{}</th><th>{}</th><th>{}</th><th>{}</th><th>{}</th><th>{}</th><th>{}</th><th>{}</th><th>{}</th></tr></thead>\n<tbody>\n",
        esc(l.nominal_roll),
        esc(l.number),
        esc(l.service_number),
        esc(l.rank),
        esc(l.family_name),
        esc(l.given_name),
        esc(l.patronymic),
        esc(l.gender),
        esc(l.role),
        esc(l.unit)
    );
    for (i, p) in r.personnel.iter().enumerate() {
        let _ = writeln!(
            o,
            "<tr><td class=\"n\">{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>",
            i + 1,
            esc(&p.service_number),
            esc(&p.rank),
            esc(&p.family_name),
            esc(&p.given_name),
            esc(p.patronymic.as_deref().unwrap_or("")),
            l.gender_short(p.gender),
            esc(&p.role),
            esc(&p.unit)
        );
    }
    o.push_str("</tbody>\n</table>\n</section>\n");
}

/// The three signature blocks: who, what their signature means, name and date lines.
pub(crate) fn signature_blocks<'a>(
    r: &'a Report,
    l: &'a Labels,
    sig: &'a Signatories,
) -> [(&'a str, &'a str, Option<String>); 3] {
    [
        (
            l.training_officer,
            l.means_training_officer,
            sig.training_officer.clone(),
        ),
        (
            l.company_commander,
            l.means_commander,
            sig.company_commander.clone(),
        ),
        (
            l.validator,
            l.means_validator,
            r.validation.as_ref().map(|v| v.validator.clone()),
        ),
    ]
}

fn signatures(o: &mut String, r: &Report, lang: Lang, l: &Labels, sig: &Signatories) {
    let _ = writeln!(
        o,
        "<section>\n<h2>{}</h2>\n<div class=\"sig\">",
        esc(l.signatures)
    );
    let signed_on = r
        .validation
        .as_ref()
        .and_then(|v| v.recorded_at.get(..10))
        .and_then(|d| chrono::NaiveDate::parse_from_str(d, "%Y-%m-%d").ok());
    for (i, (role, means, name)) in signature_blocks(r, l, sig).into_iter().enumerate() {
        let date = if i == 2 {
            signed_on.map(|d| lang.date(d))
        } else {
            None
        };
        let _ = writeln!(
            o,
            "<div class=\"box\"><strong>{}</strong><p class=\"muted\">{}</p><div>{}: {}</div><div>{}: {}</div><div class=\"line\"></div><div class=\"muted\">{}</div></div>",
            esc(role),
            esc(means),
            esc(l.printed_name),
            esc(name.as_deref().unwrap_or("")),
            esc(l.date),
            esc(date.as_deref().unwrap_or("")),
            esc(l.signature)
        );
    }
    o.push_str("</div>\n</section>\n");
}

/// The issuer as the report names it: the name its owner gave the key, or, for a key never
/// named, words in the report's language rather than the English default it signs with.
pub(crate) fn issuer_name(issuer: &crate::signing::Issuer, l: &Labels) -> String {
    if issuer.name == crate::signing::key::UNNAMED {
        l.unnamed_issuer.to_string()
    } else {
        issuer.name.clone()
    }
}
