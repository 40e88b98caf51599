//! The readiness report of a fixed contingent: JSON and HTML snapshots, the PDF's text as
//! a PDF reader extracts it, the trend against the rules, hostile names.

mod support;

use std::process::Command;

use muster::domain::Lang;
use muster::readiness;
use muster::report::{self, html::Signatories, Report};
use support::records::*;

fn build(f: &Fixture) -> Report {
    report::build(&f.store, CODE, as_of()).unwrap()
}

/// Record ids are fresh UUIDs each run: numbered in a fixed order for the snapshot.
fn redacted(mut r: Report) -> Report {
    r.records.sort_by(|a, b| {
        (&a.service_number, &a.module, a.date).cmp(&(&b.service_number, &b.module, b.date))
    });
    for (i, rec) in r.records.iter_mut().enumerate() {
        rec.id = format!("record-{i:02}");
    }
    // The chain's head hashes times of writing: pinned by cli/tests/tamper.rs instead.
    assert!(r.chain.is_some(), "a report pins the chain's head");
    r.chain = None;
    r
}

#[test]
fn json_snapshot() {
    let f = fixture();
    let json = report::to_json(&redacted(build(&f)));
    insta::assert_snapshot!("report_json", json);
}

#[test]
fn html_snapshot() {
    let f = fixture();
    let sig = Signatories {
        training_officer: Some("капитан Серікбаева Г.".into()),
        company_commander: Some("майор Әбілқасымов Н.".into()),
    };
    insta::assert_snapshot!(
        "report_html_en",
        report::html::render(&build(&f), Lang::En, &sig, &test_issuer())
    );
    insta::assert_snapshot!(
        "report_html_kk",
        report::html::render(&build(&f), Lang::Kk, &sig, &test_issuer())
    );
}

#[test]
fn figures_a_commander_reads() {
    let f = fixture();
    let r = build(&f);
    assert_eq!(r.header.days_to_deployment, 35);
    assert_eq!(r.header.tour_end, d("2025-10-07"));
    assert_eq!(r.header.curriculum_version, 7);
    // Ready: KZ100001, KZ100002 (SEA lapses during the tour), KZ100006 (KINPOT on the
    // report date). Not: 3 (ROE failed), 4 (BFAC lapses before deployment), 5 (CULT before
    // training start; POC, KINPOT missing), 7 (KINPOT dated after the report date).
    assert_eq!((r.summary.total.ready, r.summary.total.personnel), (3, 7));
    assert_eq!(r.summary.total.percent, 42.9);
    let women = r
        .summary
        .by_gender
        .iter()
        .find(|g| g.key == muster::domain::Gender::F)
        .unwrap();
    let men = r
        .summary
        .by_gender
        .iter()
        .find(|g| g.key == muster::domain::Gender::M)
        .unwrap();
    assert_eq!((women.count.ready, women.count.personnel), (2, 3));
    assert_eq!((men.count.ready, men.count.personnel), (1, 4));
    let not_ready: Vec<(&str, Vec<&str>)> = r
        .gaps
        .not_ready
        .iter()
        .map(|g| {
            (
                g.service_number.as_str(),
                g.lacking.iter().map(|l| l.module.as_str()).collect(),
            )
        })
        .collect();
    assert_eq!(
        not_ready,
        // Roll order: by unit, then family name in Kazakh alphabet order (Ұ before Ш).
        [
            ("KZ100003", vec!["ROE"]),
            ("KZ100005", vec!["CULT", "POC", "KINPOT"]),
            ("KZ100004", vec!["BFAC"]),
            ("KZ100007", vec!["KINPOT"]),
        ]
    );
    let lapsing: Vec<(&str, &str, bool)> = r
        .gaps
        .lapsing
        .iter()
        .map(|l| {
            (
                l.service_number.as_str(),
                l.module.as_str(),
                l.before_deployment,
            )
        })
        .collect();
    assert_eq!(
        lapsing,
        [("KZ100004", "BFAC", true), ("KZ100002", "SEA", false)]
    );
    assert_eq!(r.gaps.lapsing[0].expires_on, d("2025-03-15"));
    // Records dated after the report date are not part of it.
    assert!(r.records.iter().all(|x| x.date <= as_of()));
    assert_eq!(r.records.len(), RECORDS.len() - 1);
}

#[test]
fn trend_is_the_rules_applied_each_week() {
    let f = fixture();
    let r = build(&f);
    let dates: Vec<_> = r.trend.iter().map(|p| p.date).collect();
    let weeks: Vec<_> = (0..9)
        .map(|w| d("2025-01-06") + chrono::Duration::days(7 * w))
        .collect();
    assert_eq!(
        dates, weeks,
        "weekly from training start to the report date"
    );
    for p in &r.trend {
        let at = readiness::readiness(&f.store, CODE, p.date).unwrap();
        assert_eq!(p.ready, at.summary.ready, "ready on {}", p.date);
        assert_eq!(p.percent, at.summary.percent, "percent on {}", p.date);
        assert_eq!(p.personnel, 7);
    }
    let ready: Vec<usize> = r.trend.iter().map(|p| p.ready).collect();
    // 1 on 17 Feb (KZ100001), 2 on 24 Feb (KZ100002), 3 on 3 Mar (KZ100006).
    assert_eq!(ready, [0, 0, 0, 0, 0, 0, 1, 2, 3]);
    assert_eq!(r.trend[0].plan_percent, 0.0);
    // 8 weeks of 13 to deployment on 7 April.
    assert_eq!(r.trend[8].plan_percent, 61.5);
}

#[test]
fn the_dashboards_trend_runs_to_today_and_stops_at_deployment() {
    let f = fixture();
    let input = f.store.readiness_input(CODE).unwrap();
    let to = |today: &str| -> Vec<_> {
        readiness::trend_to_date(&input, d(today))
            .iter()
            .map(|p| p.date)
            .collect()
    };
    // Mid-week: the weeks so far, then today.
    assert_eq!(
        to("2025-01-15"),
        [d("2025-01-06"), d("2025-01-13"), d("2025-01-15")]
    );
    // After deployment: to deployment day, a Monday on the weekly line, once.
    let after = to("2025-06-01");
    assert_eq!((after.len(), after.last()), (14, Some(&d("2025-04-07"))));
    // Before training starts: its first day alone.
    assert_eq!(to("2024-12-01"), [d("2025-01-06")]);
    // The report's trend to the same day, point for point.
    assert_eq!(
        readiness::trend_to_date(&input, d("2025-03-03")),
        readiness::trend(&input, d("2025-03-03"))
    );
}

#[test]
fn the_dashboard_is_each_of_its_parts_in_one_call() {
    let f = fixture();
    let today = d("2025-03-05");
    let dash = muster::dashboard::dashboard(&f.store, CODE, today).unwrap();
    let r = readiness::readiness(&f.store, CODE, today).unwrap();
    assert_eq!(dash.contingent, r.contingent);
    assert_eq!(dash.as_of, today);
    assert_eq!(dash.summary, r.summary);
    assert_eq!(dash.modules, r.modules);
    let input = f.store.readiness_input(CODE).unwrap();
    assert_eq!(dash.trend, readiness::trend_to_date(&input, today));
    // The report's chart, to the same day: the same geometry, point for point.
    let report = report::build(&f.store, CODE, today).unwrap();
    assert_eq!(dash.chart, report::chart::Chart::new(&report).view());
    assert_eq!(dash.chart.points.len(), dash.trend.len());
    assert_eq!(
        dash.retakes,
        muster::due::retakes(
            &muster::due::due(&f.store, CODE, today, None).unwrap(),
            today,
            r.contingent.deploy_on
        )
    );
    assert_eq!(dash.off_roster, f.store.off_roster(CODE).unwrap());
    assert_eq!(
        dash.signoff,
        muster::signoff::status(&f.store, CODE).unwrap()
    );
}

#[test]
fn canonical_json_is_stable_and_reads_back() {
    let f = fixture();
    let a = report::canonical_json(&build(&f));
    let b = report::canonical_json(&build(&f));
    assert_eq!(a, b);
    let back = report::from_json(&report::to_json(&build(&f))).unwrap();
    assert_eq!(report::canonical_json(&back), a);
    assert_eq!(report::sha256_hex(&a).len(), 64);
}

/// A report frozen before modules had Russian and Kazakh titles reads back and hashes as
/// it did; one built now prints each title in the report's language.
#[test]
fn module_titles_follow_the_language_and_old_frozen_reports_still_hash_the_same() {
    let f = fixture();
    let mut r = build(&f);
    assert_eq!(r.module_title("ROE", Lang::Ru), "Правила применения силы");
    assert_eq!(r.module_title("ROE", Lang::Kk), "Күш қолдану ережелері");
    assert_eq!(r.module_title("ROE", Lang::En), "Rules of engagement");
    let html = report::html::render(&r, Lang::Ru, &Signatories::default(), &test_issuer());
    assert!(html.contains("Предотвращение сексуальной эксплуатации и насилия"));
    assert!(!html.contains("Rules of engagement"));
    for m in &mut r.modules {
        (m.title_ru, m.title_kk) = (None, None);
    }
    let old = report::canonical_json(&r);
    assert!(!old.contains("title_ru"), "absent titles are left out");
    let back = report::from_json(&report::to_json(&r)).unwrap();
    assert_eq!(report::canonical_json(&back), old);
    assert_eq!(back.module_title("ROE", Lang::Kk), "Rules of engagement");
}

fn pdftotext(pdf: &[u8], dir: &std::path::Path, name: &str) -> String {
    let path = dir.join(name);
    std::fs::write(&path, pdf).unwrap();
    let out = Command::new("pdftotext")
        .args(["-enc", "UTF-8"])
        .arg(&path)
        .arg("-")
        .output()
        .expect("pdftotext (poppler-utils) is installed by scripts/setup.sh");
    assert!(out.status.success());
    String::from_utf8(out.stdout).unwrap()
}

/// The report as a PDF in `lang`, and its text as a PDF reader extracts it.
fn pdf_text(f: &Fixture, r: &Report, lang: Lang, name: &str) -> String {
    let pdf = report::pdf::render(r, lang, &Signatories::default(), &test_issuer()).unwrap();
    pdftotext(&pdf, f.dir.path(), &format!("{name}-{}.pdf", lang.code()))
}

#[test]
fn pdf_prints_every_name_exactly() {
    let f = fixture();
    let r = build(&f);
    for lang in Lang::ALL {
        let pdf = report::pdf::render(&r, lang, &Signatories::default(), &test_issuer()).unwrap();
        assert!(pdf.starts_with(b"%PDF-"));
        let text = pdftotext(&pdf, f.dir.path(), &format!("r-{}.pdf", lang.code()));
        for p in people() {
            for part in [
                Some(&p.family_name),
                Some(&p.given_name),
                p.patronymic.as_ref(),
            ]
            .into_iter()
            .flatten()
            {
                assert!(
                    text.contains(part.as_str()),
                    "{} missing from the {} PDF",
                    part,
                    lang.code()
                );
            }
            assert!(text.contains(&p.service_number));
        }
        for letter in [
            "Ә", "Ғ", "Қ", "Ң", "Ө", "Ұ", "Ү", "Һ", "І", "ә", "ғ", "қ", "ң", "ө", "ұ", "ү", "һ",
            "і",
        ] {
            assert!(
                text.contains(letter),
                "{letter} missing from the {} PDF",
                lang.code()
            );
        }
        let l = lang.labels();
        for label in [
            l.title,
            l.summary,
            l.trend,
            l.gaps,
            l.matrix,
            l.nominal_roll,
            l.signatures,
            l.means_validator,
        ] {
            // A long label may wrap; its first word is always on one line.
            let first = label.split(' ').next().unwrap();
            assert!(
                text.contains(first),
                "{label:?} missing from the {} PDF",
                lang.code()
            );
        }
        assert!(
            text.contains(&l.page(1, 2))
                || text.contains(&l.page(1, 3))
                || text.contains(&l.page(1, 4)),
            "page numbers in {}",
            lang.code()
        );
        assert!(text.contains("KAZBAT-4 — 4-я казахстанская миротворческая рота"));
    }
}

#[test]
fn pdf_is_a4_with_embedded_fonts_and_a_running_header() {
    let f = fixture();
    let pdf = report::pdf::render(
        &build(&f),
        Lang::Ru,
        &Signatories::default(),
        &test_issuer(),
    )
    .unwrap();
    let again = report::pdf::render(
        &build(&f),
        Lang::Ru,
        &Signatories::default(),
        &test_issuer(),
    )
    .unwrap();
    assert!(
        pdf == again,
        "the same report gives the same PDF, byte for byte"
    );
    let path = f.dir.path().join("r.pdf");
    std::fs::write(&path, &pdf).unwrap();
    let info =
        String::from_utf8(Command::new("pdfinfo").arg(&path).output().unwrap().stdout).unwrap();
    assert!(info.contains("595.28 x 841.89 pts (A4)"), "{info}");
    let pages: usize = info
        .lines()
        .find_map(|l| l.strip_prefix("Pages:"))
        .unwrap()
        .trim()
        .parse()
        .unwrap();
    let fonts =
        String::from_utf8(Command::new("pdffonts").arg(&path).output().unwrap().stdout).unwrap();
    for line in fonts.lines().skip(2) {
        assert!(
            line.contains(" yes yes yes "),
            "font not embedded as a subset with ToUnicode: {line}"
        );
    }
    for n in 1..=pages {
        let out = Command::new("pdftotext")
            .args(["-f", &n.to_string(), "-l", &n.to_string(), "-enc", "UTF-8"])
            .arg(&path)
            .arg("-")
            .output()
            .unwrap();
        let page = String::from_utf8(out.stdout).unwrap();
        assert!(page.contains("KAZBAT-4 —"), "running header on page {n}");
        assert!(
            page.contains(&format!("Стр. {n} из {pages}")),
            "page number on page {n}"
        );
    }
}

#[test]
fn a_thousand_people_break_across_pages_with_the_heading_repeated() {
    let f = fixture();
    let mut r = build(&f);
    let first = r.personnel[0].clone();
    r.personnel = (0..300)
        .map(|i| {
            let mut p = first.clone();
            p.service_number = format!("X{i:04}");
            p
        })
        .collect();
    let pdf = report::pdf::render(&r, Lang::En, &Signatories::default(), &test_issuer()).unwrap();
    let text = pdftotext(&pdf, f.dir.path(), "long.pdf");
    assert!(text.contains("X0000") && text.contains("X0299"));
    // The matrix and the roll each run over several pages, each under its heading row.
    assert!(
        text.matches("Service No.").count() >= 8,
        "heading rows repeated"
    );
}

#[test]
fn hostile_names_are_shown_as_text_in_html() {
    let f = fixture();
    let mut store = f.store;
    let mut p = people()[0].clone();
    p.service_number = "KZ666".into();
    p.family_name = "<img src=x onerror=alert(1)>".into();
    p.given_name = "\"><script>alert('x')</script>".into();
    p.unit = "<b>взвод</b> & co".into();
    add_people(&mut store, &[p]);
    let r = report::build(&store, CODE, as_of()).unwrap();
    let html = report::html::render(&r, Lang::Ru, &Signatories::default(), &test_issuer());
    assert!(!html.contains("<img"), "no live image tag");
    assert!(!html.contains("<script"), "no live script tag");
    assert!(!html.contains("<b>взвод"));
    assert!(html.contains("&lt;img src=x onerror=alert(1)&gt;"));
    assert!(html.contains("&quot;&gt;&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;"));
    assert!(html.contains("&lt;b&gt;взвод&lt;/b&gt; &amp; co"));
}

#[test]
fn html_is_self_contained() {
    let f = fixture();
    let html = report::html::render(
        &build(&f),
        Lang::Kk,
        &Signatories::default(),
        &test_issuer(),
    );
    for banned in ["<script", "http://", "https://", "<link", "@import", "src="] {
        let hits: Vec<_> = html.match_indices(banned).collect();
        // The SVG namespace is an identifier, not a fetch.
        let real = hits
            .iter()
            .filter(|(i, _)| !html[*i..].starts_with("http://www.w3.org/2000/svg"))
            .count();
        assert_eq!(real, 0, "{banned} in the HTML");
    }
    assert!(html.contains("<svg") && html.contains("@media print") && html.contains("thead"));
    assert!(html.contains("lang=\"kk\""));
}

/// Every status a person has in the report, with the PDF and HTML matrix cell it must read
/// as without colour: its own symbol, then its date.
/// What is not ready is dated as a reader needs it: an expired or lapsing certificate by
/// the day it lapses (a pass of March 2022 valid three years lapses in March 2025, which
/// the gaps list must say, not "2022"), a fail by its day.
#[test]
fn the_gaps_date_a_lapse_by_when_it_lapses() {
    let f = fixture();
    let r = build(&f);
    let mut dated = 0;
    for g in &r.gaps.not_ready {
        let p = r
            .personnel
            .iter()
            .find(|p| p.service_number == g.service_number)
            .unwrap();
        for x in &g.lacking {
            let m = &p.modules[x.module.as_str()];
            let want = match x.status {
                muster::rules::Status::Expired => m.expires_on,
                muster::rules::Status::Failed => m.attempted_on,
                _ => None,
            };
            assert_eq!(x.date, want, "{} {}", g.service_number, x.module);
            dated += usize::from(x.date.is_some());
            if x.lapses_before_deployment {
                assert!(x.date.unwrap() > r.header.as_of, "still valid on the day");
            }
        }
    }
    assert!(
        r.gaps
            .not_ready
            .iter()
            .flat_map(|g| &g.lacking)
            .any(|x| x.lapses_before_deployment),
        "the fixture has a certificate that lapses before deployment"
    );
    assert!(dated > 1);
}

#[test]
fn the_printed_matrix_reads_without_colour() {
    use muster::marks;
    use muster::rules::Status;
    let f = fixture();
    let r = build(&f);
    let shown: std::collections::BTreeSet<Status> = r
        .personnel
        .iter()
        .flat_map(|p| p.modules.values().map(|m| m.status))
        .collect();
    assert!(
        shown.contains(&Status::Failed) && shown.contains(&Status::Complete),
        "the fixture shows several statuses: {shown:?}"
    );
    for lang in Lang::ALL {
        let l = lang.labels();
        let text = pdf_text(&f, &r, lang, "m");
        let html = report::html::render(&r, lang, &Signatories::default(), &test_issuer());
        // The legend: every status's symbol beside its word, in print and on screen.
        // A certificate lapsing before deployment has its own symbol and word, never
        // expired's.
        for r in muster::rules::Reading::ALL {
            let sym = marks::reading_symbol(r);
            assert!(
                text.contains(sym),
                "{sym} missing from the {} PDF",
                lang.code()
            );
            assert!(
                text.contains(l.reading(r)),
                "{:?} missing from the {} PDF legend",
                l.reading(r),
                lang.code()
            );
            assert!(html.contains(&format!(
                "<span class=\"mark\" aria-hidden=\"true\">{sym}</span></span> {}",
                l.reading(r)
            )));
        }
        for st in Status::ALL {
            // Each status its own fill in the HTML too (from the one table).
            assert!(html.contains(&format!(
                ".{} {{ background: {}; }}",
                st.as_str(),
                marks::fill_hex(st)
            )));
        }
        // Each dated cell: symbol then date, in the PDF as dd.mm.yy; in the HTML the word
        // is there for screen readers as well.
        for p in &r.personnel {
            for m in p.modules.values() {
                // Dated as the screens date it: an expired or lapsing certificate by when
                // it lapses, a pass by its day, a fail by its day.
                let Some(d) = m.shown_date() else { continue };
                let sym = marks::reading_symbol(m.reading());
                let cell = format!("{sym} {}", d.format("%d.%m.%y"));
                assert!(
                    text.contains(&cell),
                    "{cell} missing from the {} PDF",
                    lang.code()
                );
                let cell = format!(
                    "<span class=\"mark\" aria-hidden=\"true\">{sym}</span><span class=\"sr\">{}</span> {}",
                    l.reading(m.reading()),
                    lang.date(d)
                );
                assert!(
                    html.contains(&cell),
                    "{cell} missing from the {} HTML",
                    lang.code()
                );
            }
        }
    }
}

/// No word in the PDF is broken inside: each table's heading words and every person's
/// gender letter come out whole, in the reader's alphabet.
#[test]
fn the_pdf_never_breaks_a_word_and_says_gender_in_the_readers_letters() {
    let f = fixture();
    let r = build(&f);
    for lang in Lang::ALL {
        let l = lang.labels();
        let text = pdf_text(&f, &r, lang, "w");
        let words: Vec<&str> = text.split_whitespace().collect();
        for title in [
            l.number,
            l.service_number,
            l.rank,
            l.family_name,
            l.given_name,
            l.patronymic,
            l.gender,
            l.role,
            l.unit,
            l.name,
            l.glossary.ready,
        ] {
            for w in title.split_whitespace() {
                assert!(
                    words.contains(&w),
                    "{w:?} of the column title {title:?} is broken in the {} PDF",
                    lang.code()
                );
            }
        }
        let html = report::html::render(&r, lang, &Signatories::default(), &test_issuer());
        for p in &r.personnel {
            let g = l.gender_short(p.gender);
            assert!(words.contains(&g), "{g} for {}", p.service_number);
            assert!(html.contains(&format!("<td>{g}</td>")));
        }
    }
    assert_eq!(
        Lang::Kk.labels().gender_short(muster::domain::Gender::F),
        "Ә"
    );
    assert_eq!(
        Lang::Ru.labels().gender_short(muster::domain::Gender::M),
        "М"
    );
}

/// A screen reader reads a tagged PDF's structure: the title as the first heading, each
/// section a heading, each table with its header cells, in the report's language; the
/// running header, footer and page numbers are left out of it as artifacts.
#[test]
fn the_pdf_is_tagged_for_screen_readers() {
    let f = fixture();
    let r = build(&f);
    for lang in Lang::ALL {
        let l = lang.labels();
        let pdf = report::pdf::render(&r, lang, &Signatories::default(), &test_issuer()).unwrap();
        let path = f.dir.path().join(format!("t-{}.pdf", lang.code()));
        std::fs::write(&path, &pdf).unwrap();
        let info = Command::new("pdfinfo").arg(&path).output().unwrap();
        let info = String::from_utf8(info.stdout).unwrap();
        assert!(info.contains("Tagged:          yes"), "{info}");
        let out = Command::new("pdfinfo")
            .arg("-struct-text")
            .arg(&path)
            .output()
            .unwrap();
        let tree = String::from_utf8(out.stdout).unwrap();
        let lines: Vec<&str> = tree.lines().collect();
        assert_eq!(lines[0], "Document");
        assert_eq!(lines[1].trim(), "H1 (block)");
        assert_eq!(lines[2].trim(), format!("\"{}\"", l.title));
        // Section headings, in reading order.
        let at = |text: &str| {
            lines
                .iter()
                .position(|x| x.trim() == format!("\"{text}\""))
                .unwrap_or_else(|| panic!("{text:?} not in the {} structure", lang.code()))
        };
        let order = [
            l.summary,
            l.trend,
            l.gaps,
            l.matrix,
            l.nominal_roll,
            l.signatures,
        ];
        for pair in order.windows(2) {
            assert!(at(pair[0]) < at(pair[1]), "{pair:?} out of order");
        }
        for h in order {
            assert_eq!(lines[at(h) - 1].trim(), "H2 (block)", "{h} is a heading");
        }
        // Tables: a head row of TH, then a TD for every cell; each person is in the tree.
        assert!(tree.matches("Table (block)").count() >= 5);
        assert!(tree.contains("/Scope /Column"));
        for p in &r.personnel {
            // (The cell's box comes first, as empty content of the same cell.)
            let i = at(&p.service_number);
            let owner = lines[..i]
                .iter()
                .rev()
                .find(|x| x.trim() != "\"\"")
                .unwrap();
            assert_eq!(owner.trim(), "TD", "{} in a data cell", p.service_number);
        }
        // Artifacts: the page numbers are not read out.
        assert!(!tree.contains(&l.page(1, 2)) && !tree.contains(&l.page(2, 3)));
        let lang_tag = format!("/Lang({})", lang.code());
        assert!(pdf
            .windows(lang_tag.len())
            .any(|w| w == lang_tag.as_bytes()));
    }
}

/// "Lapses later" is worked out once, in the rules: readiness lists each person's lapsing
/// modules and counts them per module, and the report's lapsing list is the same set.
#[test]
fn lapsing_certificates_are_data_from_the_rules() {
    let f = fixture();
    // Early in training: certificates valid today that run out before the tour ends.
    let on = d("2025-01-10");
    let r = readiness::readiness(&f.store, CODE, on).unwrap();
    let mut from_people = Vec::new();
    for p in &r.personnel {
        for (code, m) in p.modules.iter() {
            let listed = p.lapsing.iter().any(|c| &**c == code);
            assert_eq!(listed, m.lapses_later(), "{} {code}", p.service_number);
            if listed {
                from_people.push((p.service_number.clone(), code.to_string()));
            }
        }
    }
    assert!(
        !from_people.is_empty(),
        "the fixture has lapsing certificates then"
    );
    for t in &r.modules {
        let n = r
            .personnel
            .iter()
            .filter(|p| {
                p.modules
                    .get(t.code.as_str())
                    .is_some_and(|m| m.lapses_before_deployment)
            })
            .count();
        assert_eq!(t.lapses_before_deployment, n, "{}", t.code);
    }
    assert!(r.modules.iter().any(|t| t.lapses_before_deployment > 0));
    let report = report::build(&f.store, CODE, on).unwrap();
    let mut from_report: Vec<(String, String)> = report
        .gaps
        .lapsing
        .iter()
        .map(|l| (l.service_number.clone(), l.module.clone()))
        .collect();
    from_people.sort();
    from_report.sort();
    assert_eq!(from_people, from_report);
}

/// A status reads in the report as the glossary (and so the screens) words it: the HTML
/// legend prints each status's glossary word, capitalised as it opens the entry, in every
/// language; pinned for the word that once drifted («мерзімі өткен»).
#[test]
fn the_report_prints_each_status_as_the_glossary_words_it() {
    use muster::glossary::{capitalised, glossary};
    use muster::rules::Status;
    let f = fixture();
    let r = build(&f);
    for lang in Lang::ALL {
        let html = report::html::render(&r, lang, &Signatories::default(), &test_issuer());
        for st in Status::ALL {
            let word = capitalised(glossary(lang).status(st));
            assert!(
                html.contains(&format!("</span></span> {word} &nbsp;")),
                "{lang:?} legend lacks {word:?}"
            );
        }
    }
    let kk = report::html::render(&r, Lang::Kk, &Signatories::default(), &test_issuer());
    assert!(kk.contains("</span></span> Мерзімі өткен &nbsp;"));
    assert!(!kk.contains("Мерзімі өтті"));
}

/// A report signed by a key its owner never named says so in the report's language, not
/// with the English default the key signs as; and "not signed off" is not "not signed".
#[test]
fn an_unnamed_issuer_is_named_in_the_reports_language() {
    let f = fixture();
    let key = muster::signing::InstallationKey::from_seed([3; 32], muster::signing::key::UNNAMED);
    let issuer = muster::signing::Issuer::new(&key, TEST_DATABASE);
    let html = report::html::render(&build(&f), Lang::Ru, &Signatories::default(), &issuer);
    let header = html.split("<p class=\"issuer\">").nth(1).unwrap();
    let header = header.split("</p>").next().unwrap();
    assert!(header.contains("установка Muster без имени"), "{header}");
    assert!(!header.contains("Muster installation"), "{header}");
    assert!(html.contains("Не утверждён валидационной группой: рабочая копия."));
    let pdf = report::pdf::render(&build(&f), Lang::Ru, &Signatories::default(), &issuer).unwrap();
    let text = pdftotext(&pdf, f.dir.path(), "unnamed-ru.pdf");
    assert!(text.contains("установка Muster без имени"), "{text}");
}

/// More modules than fit across an A4 page: the matrix comes in parts, each with the
/// people's columns again, and nothing is drawn past the page's right margin (nine modules
/// once cut the ninth at the page's edge, in the document a validation team signs).
#[test]
fn a_matrix_of_many_modules_comes_in_parts_within_the_page() {
    let mut f = fixture();
    for code in ["MINE", "DRIVE", "COMMS", "NIGHT"] {
        f.store
            .add_module(
                &muster::domain::Module {
                    code: code.into(),
                    title: format!("Module {code}"),
                    title_ru: None,
                    title_kk: None,
                    per_rotation: false,
                    validity_months: None,
                    applies_to: vec![],
                    hours: 4.0,
                    pass_mark: None,
                    retired: false,
                },
                BY,
            )
            .unwrap();
    }
    let r = build(&f);
    assert!(r.modules.len() >= 9, "{}", r.modules.len());
    let pdf = report::pdf::render(&r, Lang::En, &Signatories::default(), &test_issuer()).unwrap();
    let path = f.dir.path().join("many.pdf");
    std::fs::write(&path, &pdf).unwrap();
    let out = Command::new("pdftotext")
        .args(["-enc", "UTF-8", "-bbox"])
        .arg(&path)
        .arg("-")
        .output()
        .unwrap();
    let html = String::from_utf8(out.stdout).unwrap();
    // Every word's right edge within the page's right margin (A4: 595 points, 36 each side).
    let mut widest = 0.0f32;
    for part in html.split("xMax=\"").skip(1) {
        let x: f32 = part.split('"').next().unwrap().parse().unwrap();
        widest = widest.max(x);
    }
    assert!(widest <= 595.0 - 36.0 + 0.5, "a word ends at {widest}");
    let text = pdftotext(&pdf, f.dir.path(), "many-text.pdf");
    assert!(text.contains("(2/2)"), "the matrix in two parts");
    for m in &r.modules {
        assert!(
            text.lines().any(|l| l.trim() == m.code),
            "{} as a whole column heading",
            m.code
        );
    }
}
