//! Nothing cut that matters, and phone first: measured in the real window, in each language.
//! Dates and statuses in the matrix fit their cells, all seven modules fit at 1280 px, the
//! filters never push the page past the window, tick boxes keep their size; on a 360 px
//! phone the report comes before its forms, its tables become stacked rows, the charts'
//! labels stay at least 11 px and a record's Amend and Void sit under it; at phone width the
//! dashboard stacks, and at 360 × 640 no screen scrolls sideways.
//! Run under a display: scripts/test-app.sh.

use muster_e2e::{retry, App, Home};
use serde_json::json;

async fn start(lang: &str) -> App {
    let home = Home::new().with_demo();
    std::fs::write(
        home.config_dir().join("settings.json"),
        json!({"operator": "капитан Тестов", "language": lang, "contingent": "DEMO"}).to_string(),
    )
    .unwrap();
    let app = App::start(home).await;
    app.tid("dashboard").await;
    app
}

/// Every status and date in the matrix's drawn cells whose text is wider than its box.
async fn clipped_in_matrix(app: &App) -> Vec<String> {
    let v = app
        .js(
            "const out = [];
             for (const td of document.querySelectorAll('[data-testid=matrix] td[data-module]')) {
               for (const e of [td, ...td.querySelectorAll('.st, .st small')])
                 if (e.scrollWidth > e.clientWidth + 0 && getComputedStyle(e).display !== 'inline')
                   out.push(`${td.parentElement.dataset.sn} ${td.dataset.module}: ${e.textContent.trim()} (${e.scrollWidth} > ${e.clientWidth})`);
               const st = td.querySelector('.st');
               if (st && st.getBoundingClientRect().right > td.getBoundingClientRect().right + 0.5)
                 out.push(`${td.parentElement.dataset.sn} ${td.dataset.module}: ${st.textContent.trim()} runs past its cell`);
             }
             return out;",
            vec![],
        )
        .await;
    v.as_array()
        .unwrap()
        .iter()
        .map(|s| s.as_str().unwrap().to_string())
        .collect()
}

#[tokio::test]
async fn the_matrix_cuts_no_date_or_status_in_any_language_and_shows_seven_modules_at_1280() {
    let mut found = std::collections::BTreeSet::new();
    for lang in ["en", "ru", "kk"] {
        let app = start(lang).await;
        for width in [1280u32, 1024] {
            app.resize(width, 800).await;
            app.click("nav-matrix").await;
            app.el("[data-testid='matrix'] tr[data-sn]").await;
            // Every status in the demo drawn at least once: scroll the whole grid through.
            let rows = app
                .js(
                    "return document.querySelector('[data-testid=matrix-scroll]').scrollHeight",
                    vec![],
                )
                .await
                .as_u64()
                .unwrap();
            let mut top = 0;
            while top < rows {
                app.js(
                    "document.querySelector('[data-testid=matrix-scroll]').scrollTop = arguments[0]",
                    vec![json!(top)],
                )
                .await;
                // The grid draws the rows that scrolled into view: wait until it has.
                app.quiet().await;
                for c in clipped_in_matrix(&app).await {
                    found.insert(format!("{lang} {width}px: {c}"));
                }
                top += 500;
            }
            app.js(
                "document.querySelector('[data-testid=matrix-scroll]').scrollTop = 0",
                vec![],
            )
            .await;
            // The page is no taller and no wider than the window: the grid scrolls, not it.
            let page = app
                .js(
                    "const d = document.documentElement; return [d.scrollHeight, window.innerHeight, d.scrollWidth, d.clientWidth]",
                    vec![],
                )
                .await;
            assert!(
                page[0].as_u64() <= page[1].as_u64() && page[2].as_u64() <= page[3].as_u64(),
                "{lang} {width}px: the matrix page is bigger than the window: {page}"
            );
            if width == 1280 {
                let fit = app
                    .js(
                        "const box = document.querySelector('[data-testid=matrix-scroll]').getBoundingClientRect();
                         const ths = [...document.querySelectorAll('[data-testid=matrix] thead th')];
                         return [ths.length, ths.filter(th => th.getBoundingClientRect().right <= box.right + 0.5).length]",
                        vec![],
                    )
                    .await;
                assert_eq!(
                    fit[0], fit[1],
                    "{lang}: at 1280 px only {} of {} columns fit",
                    fit[1], fit[0]
                );
                assert_eq!(fit[0], json!(8), "{lang}: names and seven modules");
                app.shot(&format!("layout-matrix-{lang}-1280")).await;
            } else {
                // Narrower, the names stay in view as the modules scroll under them.
                app.js(
                    "document.querySelector('[data-testid=matrix-scroll]').scrollLeft = 400",
                    vec![],
                )
                .await;
                app.quiet().await;
                let sticky = app
                    .js(
                        "const box = document.querySelector('[data-testid=matrix-scroll]').getBoundingClientRect();
                         const first = document.querySelector('[data-testid=matrix] td.first').getBoundingClientRect();
                         return Math.abs(first.left - box.left) < 2",
                        vec![],
                    )
                    .await;
                assert_eq!(
                    sticky,
                    json!(true),
                    "{lang}: the first column scrolled away"
                );
                app.shot(&format!("layout-matrix-{lang}-1024")).await;
            }
            // A name cut with "…" reads whole on hover (its title) and is focusable.
            let named = app
                .js(
                    "return [...document.querySelectorAll('[data-testid=matrix] button.name')].every(b => b.title.trim().length > 0 && b.tabIndex >= 0)",
                    vec![],
                )
                .await;
            assert_eq!(named, json!(true), "{lang}: a name without its whole title");
        }
        // Log a session: every tick box keeps its size beside names that wrap.
        app.resize(360, 640).await;
        app.click("nav-log").await;
        app.tid("log-session").await;
        app.el("input[type=checkbox][data-sn]").await;
        let small = app
            .js(
                "return [...document.querySelectorAll('[data-testid=log-session] input[type=checkbox]')]
                   .map(b => b.getBoundingClientRect()).filter(r => r.width < 12 || r.height < 12).length",
                vec![],
            )
            .await;
        assert_eq!(small, json!(0), "{lang}: tick boxes shrunk on Log");
        app.resize(1280, 800).await;
        app.quit().await;
    }
    assert!(
        found.is_empty(),
        "cut in the matrix:\n{}",
        found.into_iter().collect::<Vec<_>>().join("\n")
    );
}

#[tokio::test]
async fn on_a_phone_the_report_comes_first_its_tables_stack_and_the_charts_read() {
    for lang in ["en", "kk"] {
        let app = start(lang).await;
        app.resize(360, 640).await;
        // The dashboard's chart: labels at least 11 px on screen.
        let small = chart_labels_under_11px(&app, "[data-testid=trend-chart]").await;
        assert_eq!(small, json!([]), "{lang}: dashboard chart labels too small");
        app.js(
            "document.querySelector('[data-testid=trend]').scrollIntoView({block: 'start'})",
            vec![],
        )
        .await;
        app.shot(&format!("layout-dashboard-trend-{lang}-360"))
            .await;

        app.click("nav-reports").await;
        app.tid("report").await;
        app.settled("reports").await;
        let order = app
            .js(
                "const r = document.querySelector('.report-card').getBoundingClientRect();
                 const a = document.querySelector('.reports-actions').getBoundingClientRect();
                 return r.top < a.top",
                vec![],
            )
            .await;
        assert_eq!(
            order,
            json!(true),
            "{lang}: the forms come before the report"
        );
        let wide = app
            .js(
                "return [...document.querySelectorAll('.report .scroll-x, .report table')]
                   .filter(e => e.scrollWidth > e.clientWidth + 1)
                   .map(e => `${e.tagName}.${e.className} ${e.getAttribute('aria-label') ?? ''} ${e.scrollWidth}>${e.clientWidth}`)",
                vec![],
            )
            .await;
        assert_eq!(wide, json!([]), "{lang}: a report table scrolls sideways");
        let small = chart_labels_under_11px(&app, "[data-testid=report-trend]").await;
        assert_eq!(small, json!([]), "{lang}: report chart labels too small");
        app.no_horizontal_scroll("reports").await;
        app.shot(&format!("layout-reports-{lang}-360")).await;
        for (i, part) in [
            ".report-groups",
            "table.stack",
            "[data-testid=report-trend]",
            ".report-matrix",
        ]
        .iter()
        .enumerate()
        {
            app.js(
                "document.querySelector(arguments[0]).scrollIntoView({block: 'start'})",
                vec![json!(part)],
            )
            .await;
            app.shot(&format!("layout-reports-{lang}-360-{i}")).await;
        }

        // The person's history: Amend and Void under each record, not off to its right.
        app.click("nav-matrix").await;
        let line = app.el("[data-testid='person-list'] .person-line").await;
        retry("click", || line.click()).await.unwrap();
        app.tid("history").await;
        let under = app
            .js(
                "const rec = document.querySelector('tr.rec[data-state=active]');
                 const date = rec.querySelector('td').getBoundingClientRect();
                 const amend = rec.querySelector('[data-testid=amend]').getBoundingClientRect();
                 const voids = rec.querySelector('[data-testid=void]').getBoundingClientRect();
                 return amend.top >= date.bottom && voids.top >= date.bottom && amend.right <= window.innerWidth && voids.right <= window.innerWidth",
                vec![],
            )
            .await;
        assert_eq!(
            under,
            json!(true),
            "{lang}: Amend and Void are not under the record"
        );
        app.no_horizontal_scroll("person").await;
        app.js(
            "document.querySelector('[data-testid=history]').scrollIntoView({block: 'start'})",
            vec![],
        )
        .await;
        app.shot(&format!("layout-person-{lang}-360")).await;
        app.quit().await;
    }
}

/// The chart's text elements drawn smaller than 11 px on screen.
async fn chart_labels_under_11px(app: &App, svg: &str) -> serde_json::Value {
    app.el(svg).await;
    // The chart redraws for the new width after the resize: give it a moment.
    let end = std::time::Instant::now() + std::time::Duration::from_secs(3);
    loop {
        let small = labels_under_11px(app, svg).await;
        if small == json!([]) || std::time::Instant::now() >= end {
            return small;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
}

async fn labels_under_11px(app: &App, svg: &str) -> serde_json::Value {
    app.js(
        "const svg = document.querySelector(arguments[0]);
         const scale = svg.getBoundingClientRect().width / svg.viewBox.baseVal.width;
         return [...svg.querySelectorAll('text')]
           .map(t => [t.textContent, parseFloat(getComputedStyle(t).fontSize) * scale])
           .filter(([, px]) => px < 11)
           .map(([t, px]) => `${t}: ${px.toFixed(1)}px`)",
        vec![json!(svg)],
    )
    .await
}

/// The words of the on-screen report that are drawn across two lines (a break inside).
async fn broken_words(app: &App) -> Vec<String> {
    let v = app
        .js(
            "const out = [];
             const walk = document.createTreeWalker(document.querySelector('[data-testid=report]'), NodeFilter.SHOW_TEXT);
             for (let n = walk.nextNode(); n; n = walk.nextNode()) {
               // A word: letters between spaces and hyphens (a line may end at a hyphen).
               const re = /[^\\s\\-\\u2010\\u2013\\u2014]+/g;
               for (let m = re.exec(n.data); m; m = re.exec(n.data)) {
                 const r = document.createRange();
                 r.setStart(n, m.index);
                 r.setEnd(n, m.index + m[0].length);
                 const tops = new Set([...r.getClientRects()].filter(q => q.width > 0).map(q => Math.round(q.top)));
                 if (tops.size > 1) out.push(m[0]);
               }
             }
             return out;",
            vec![],
        )
        .await;
    v.as_array()
        .unwrap()
        .iter()
        .map(|s| s.as_str().unwrap().to_string())
        .collect()
}

#[tokio::test]
async fn the_on_screen_report_breaks_no_word_inside() {
    let mut found = Vec::new();
    for lang in ["ru", "kk"] {
        let app = start(lang).await;
        for (w, h) in [(1280, 800), (1024, 768), (360, 640)] {
            app.resize(w, h).await;
            app.click("nav-reports").await;
            app.tid("report").await;
            app.settled("reports").await;
            for word in broken_words(&app).await {
                found.push(format!("{lang} {w}px: {word}"));
            }
        }
        app.quit().await;
    }
    assert!(
        found.is_empty(),
        "words broken inside:\n{}",
        found.join("\n")
    );
}

/// On a 360 px phone no box on any screen scrolls sideways: tables that cannot fit are
/// stacked rows or lists instead.
#[tokio::test]
async fn on_a_phone_no_table_scrolls_sideways() {
    let mut found = Vec::new();
    for lang in ["en", "kk"] {
        let app = start(lang).await;
        app.resize(360, 640).await;
        for (screen, id) in [
            ("dashboard", "dashboard"),
            ("matrix", "person-list"),
            ("log", "log-session"),
            ("import", "import"),
            ("reports", "report"),
            ("sync", "sync"),
            ("curriculum", "curriculum"),
            ("settings", "settings"),
        ] {
            app.click(&format!("nav-{screen}")).await;
            app.tid(id).await;
            app.settled(screen).await;
            let v = app
                .js(
                    "return [...document.querySelectorAll('body *')]
                       .filter(e => /auto|scroll/.test(getComputedStyle(e).overflowX) && e.scrollWidth > e.clientWidth + 1)
                       .map(e => `${e.tagName}.${e.className} ${e.scrollWidth}>${e.clientWidth}: ${e.textContent.slice(0, 50)}`)",
                    vec![],
                )
                .await;
            for w in v.as_array().unwrap() {
                found.push(format!("{lang} {screen}: {}", w.as_str().unwrap()));
            }
        }
        app.click("nav-matrix").await;
        let line = app.el("[data-testid='person-list'] .person-line").await;
        retry("click", || line.click()).await.unwrap();
        app.tid("history").await;
        app.settled("person").await;
        let v = app
            .js(
                "return [...document.querySelectorAll('body *')]
                   .filter(e => /auto|scroll/.test(getComputedStyle(e).overflowX) && e.scrollWidth > e.clientWidth + 1)
                   .map(e => `${e.tagName}.${e.className} ${e.scrollWidth}>${e.clientWidth}`)",
                vec![],
            )
            .await;
        for w in v.as_array().unwrap() {
            found.push(format!("{lang} person: {}", w.as_str().unwrap()));
        }
        app.quit().await;
    }
    assert!(
        found.is_empty(),
        "sideways scrolling on a phone:\n{}",
        found.join("\n")
    );
}

#[tokio::test]
async fn at_phone_width_the_dashboard_stacks_without_horizontal_scroll() {
    let app = App::start(Home::new().with_demo()).await;
    app.tid("dashboard").await;
    app.resize(390, 844).await;
    let w = app
        .js("return window.innerWidth", vec![])
        .await
        .as_u64()
        .unwrap();
    assert!(w <= 400, "window did not narrow: {w}px");
    app.no_horizontal_scroll("dashboard").await;
    app.shot("dashboard-phone").await;
    app.center("[data-testid='retakes']").await;
    app.shot("retakes-phone").await;
    // The matrix becomes one line per person.
    app.click("nav-matrix").await;
    app.tid("person-list").await;
    app.no_horizontal_scroll("matrix").await;
    app.shot("matrix-phone").await;
    app.el("[data-testid='person-list'] .person-line")
        .await
        .click()
        .await
        .unwrap();
    app.tid("person").await;
    app.settled("person").await;
    app.tid("history").await;
    app.no_horizontal_scroll("person").await;
    app.shot("person-phone").await;
    for screen in ["log", "import", "curriculum", "settings"] {
        app.click(&format!("nav-{screen}")).await;
        app.tid(if screen == "log" {
            "log-session"
        } else {
            screen
        })
        .await;
        app.no_horizontal_scroll(screen).await;
        app.shot(&format!("{screen}-phone")).await;
    }
    app.resize(1280, 800).await;
    for screen in ["import", "curriculum", "settings"] {
        app.click(&format!("nav-{screen}")).await;
        app.tid(screen).await;
        app.shot(&format!("{screen}-desktop")).await;
    }
    app.quit().await;
}

/// The smallest phone in common use (360 × 640 CSS pixels, many Android phones): every
/// screen still fits its width, and the window is not taller than the phone.
#[tokio::test]
async fn at_360_by_640_no_screen_scrolls_sideways() {
    let app = App::start(Home::new().with_demo()).await;
    app.tid("dashboard").await;
    app.resize(360, 640).await;
    let size = app
        .js("return [window.innerWidth, window.innerHeight]", vec![])
        .await;
    assert!(
        size[0].as_u64().unwrap() <= 360 && size[1].as_u64().unwrap() <= 640,
        "window did not shrink: {size}"
    );
    app.no_horizontal_scroll("dashboard").await;
    app.shot("dashboard-phone-360").await;
    app.click("nav-matrix").await;
    app.tid("person-list").await;
    app.no_horizontal_scroll("matrix").await;
    app.shot("matrix-phone-360").await;
    app.el("[data-testid='person-list'] .person-line")
        .await
        .click()
        .await
        .unwrap();
    app.tid("history").await;
    app.no_horizontal_scroll("person").await;
    app.shot("person-phone-360").await;
    for (screen, id) in [
        ("log", "log-session"),
        ("import", "import"),
        ("reports", "reports"),
        ("curriculum", "curriculum"),
        ("settings", "settings"),
    ] {
        app.click(&format!("nav-{screen}")).await;
        app.tid(id).await;
        app.no_horizontal_scroll(screen).await;
        app.shot(&format!("{screen}-phone-360")).await;
    }
    app.quit().await;
}
