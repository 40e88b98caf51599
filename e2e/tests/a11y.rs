//! Accessibility in the real window: axe-core's WCAG 2.1 A and AA rules find nothing on any
//! screen, at desktop (1280 px) and phone (360 px) width, in each language; and the keyboard
//! alone reaches every control and every region that scrolls.
//! axe-core comes from npm (ui/package.json's devDependencies, installed by `npm ci`), read
//! from ui/node_modules and injected through WebDriver: nothing is downloaded at run time.
//! Run under a display: scripts/test-app.sh.

use std::path::Path;

use muster_e2e::fantoccini::actions::{InputSource, KeyAction, KeyActions};
use muster_e2e::{retry, App, Home};
use serde_json::{json, Value};

/// axe-core's own bundle, as npm installed it.
fn axe_source() -> String {
    let p = Path::new(env!("CARGO_MANIFEST_DIR")).join("../ui/node_modules/axe-core/axe.min.js");
    std::fs::read_to_string(&p).unwrap_or_else(|e| {
        panic!(
            "{}: {e}; install the UI's npm packages (scripts/test-app.sh runs `npm ci`)",
            p.display()
        )
    })
}

/// Runs axe-core on the whole document with the WCAG 2.1 A/AA rules and returns one line
/// per violation: the rule, how many elements, and the first few of them.
async fn axe(app: &App, axe_src: &str) -> Vec<String> {
    let loaded = app
        .js("return typeof window.axe === 'object'", vec![])
        .await;
    if loaded != json!(true) {
        app.js(&format!("{axe_src}\n;return true;"), vec![]).await;
    }
    let script = "const done = arguments[arguments.length - 1];
        axe.run(document, {runOnly: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']})
          .then(r => done(r.violations.map(v => ({
              id: v.id,
              count: v.nodes.length,
              nodes: v.nodes.slice(0, 3).map(n => n.target.join(' ') + ' — ' + n.failureSummary.replace(/\\s+/g, ' ').slice(0, 160)),
          }))))
          .catch(e => done([{id: 'axe-error', count: 1, nodes: [String(e)]}]));";
    let v: Value = retry("axe", || app.c.execute_async(script, vec![]))
        .await
        .expect("axe.run");
    v.as_array()
        .cloned()
        .unwrap_or_default()
        .into_iter()
        .map(|v| {
            format!(
                "{} ×{}: {}",
                v["id"].as_str().unwrap_or_default(),
                v["count"],
                v["nodes"]
                    .as_array()
                    .map(|n| n
                        .iter()
                        .filter_map(|n| n.as_str())
                        .collect::<Vec<_>>()
                        .join(" | "))
                    .unwrap_or_default()
            )
        })
        .collect()
}

/// Every region that scrolls (its content wider or taller than its box, overflow auto or
/// scroll) is itself focusable or holds something focusable, and has a name when it is
/// focusable itself: the keyboard can reach it and a screen reader can say what it is.
async fn unreachable_scrollers(app: &App) -> Vec<String> {
    let v = app
        .js(
            "const focusable = 'a[href], button, input, select, textarea, [tabindex]:not([tabindex=\"-1\"])';
             const out = [];
             for (const e of document.querySelectorAll('body *')) {
               const s = getComputedStyle(e);
               const scrollsX = /auto|scroll/.test(s.overflowX) && e.scrollWidth > e.clientWidth + 1;
               const scrollsY = /auto|scroll/.test(s.overflowY) && e.scrollHeight > e.clientHeight + 1;
               if (!scrollsX && !scrollsY) continue;
               if (e === document.scrollingElement) continue;
               const self = e.matches(focusable);
               if (!self && !e.querySelector(focusable))
                 out.push(`${e.tagName}.${e.className}: not reachable by keyboard`);
               else if (self && e.tabIndex >= 0 && !e.getAttribute('aria-label') && !e.getAttribute('aria-labelledby'))
                 out.push(`${e.tagName}.${e.className}: focusable without a name`);
             }
             return out;",
            vec![],
        )
        .await;
    v.as_array()
        .cloned()
        .unwrap_or_default()
        .into_iter()
        .filter_map(|s| s.as_str().map(str::to_string))
        .collect()
}

async fn check(app: &App, axe_src: &str, what: &str, found: &mut Vec<String>) {
    // Screens load their data after they appear: wait until nothing says "loading".
    app.settled(what).await;
    app.quiet().await;
    for v in axe(app, axe_src).await {
        found.push(format!("{what}: {v}"));
    }
    for v in unreachable_scrollers(app).await {
        found.push(format!("{what}: {v}"));
    }
    // Every screen in each language at each width, to be looked at.
    app.shot(&format!("a11y-{}", what.replace(' ', "-"))).await;
}

fn settings(home: &Home, lang: &str, operator: &str, contingent: Value) {
    std::fs::create_dir_all(home.config_dir()).unwrap();
    std::fs::write(
        home.config_dir().join("settings.json"),
        json!({"operator": operator, "language": lang, "contingent": contingent}).to_string(),
    )
    .unwrap();
}

async fn walk(lang: &str, axe_src: &str, found: &mut Vec<String>) {
    let home = Home::new().with_demo();
    settings(&home, lang, "капитан Тестов", json!("DEMO"));
    let app = App::start(home).await;
    app.tid("dashboard").await;
    for (width, height) in [(1280, 800), (360, 640)] {
        app.resize(width, height).await;
        let at = |s: &str| format!("{lang} {width}px {s}");
        app.click("nav-dashboard").await;
        app.tid("dashboard").await;
        check(&app, axe_src, &at("dashboard"), found).await;

        app.click("nav-matrix").await;
        if width > 600 {
            app.el("[data-testid='matrix'] tr[data-sn]").await;
        } else {
            app.el("[data-testid='person-list'] .person-line").await;
        }
        check(&app, axe_src, &at("matrix"), found).await;
        let name = if width > 600 {
            app.el("tr[data-sn] button.name").await
        } else {
            app.el("[data-testid='person-list'] .person-line").await
        };
        retry("click", || name.click()).await.unwrap();
        app.tid("history").await;
        check(&app, axe_src, &at("person"), found).await;

        for (screen, id) in [
            ("log", "log-session"),
            ("import", "import"),
            ("reports", "report"),
            ("sync", "sync"),
            ("curriculum", "curriculum"),
            ("settings", "settings"),
        ] {
            app.click(&format!("nav-{screen}")).await;
            app.tid(id).await;
            check(&app, axe_src, &at(screen), found).await;
        }
    }
    app.quit().await;

    let home = Home::new();
    settings(&home, lang, "", Value::Null);
    let app = App::start(home).await;
    for (width, height) in [(1280, 800), (360, 640)] {
        app.resize(width, height).await;
        app.tid("welcome").await;
        check(&app, axe_src, &format!("{lang} {width}px welcome"), found).await;
    }
    app.quit().await;
}

/// One language's walk on its own task, so that a window lost on the way (WebKit's web
/// process crashed: "session deleted because of page crash or hang", seen once on a
/// fresh machine) fails only that task, which is then walked once more from the start.
/// Violations are collected, never panicked on, so a second walk cannot hide one.
async fn walk_owned(lang: &'static str, axe_src: String) -> Vec<String> {
    let mut found = Vec::new();
    walk(lang, &axe_src, &mut found).await;
    found
}

#[tokio::test]
async fn no_wcag_21_a_or_aa_violation_on_any_screen_at_desktop_and_phone_width() {
    let axe_src = axe_source();
    let mut found = Vec::new();
    for lang in ["en", "ru", "kk"] {
        let first = tokio::spawn(walk_owned(lang, axe_src.clone())).await;
        let done = match first {
            Ok(v) => v,
            Err(e) => {
                eprintln!("e2e: the {lang} walk stopped ({e}); walking it again");
                tokio::spawn(walk_owned(lang, axe_src.clone()))
                    .await
                    .unwrap_or_else(|e| panic!("the {lang} walk stopped twice: {e}"))
            }
        };
        found.extend(done);
    }
    assert!(
        found.is_empty(),
        "{} accessibility violations:\n{}",
        found.len(),
        found.join("\n")
    );
}

/// Marks every control and focusable region on the screen (`data-kb`) and returns how many.
async fn mark_controls(app: &App) -> u64 {
    app.js(
        "const sel = 'a[href], button, input, select, textarea, summary, [tabindex]';
         let n = 0;
         for (const e of document.querySelectorAll(sel)) {
           if (e.disabled || e.tabIndex < 0 || e.closest('[inert], [aria-hidden=true]')) continue;
           if (e.getClientRects().length === 0 || getComputedStyle(e).visibility === 'hidden') continue;
           // A radio group is one tab stop: its checked radio (or its first).
           if (e.type === 'radio' && e.name) {
             const group = [...document.querySelectorAll(`input[type=radio][name='${e.name}']`)];
             const stop = group.find(r => r.checked) ?? group[0];
             if (stop !== e) continue;
           }
           e.dataset.kb = String(n++);
         }
         return n;",
        vec![],
    )
    .await
    .as_u64()
    .unwrap()
}

/// Presses Tab from the top of the page until the focus has gone round, and returns the
/// marked elements it never reached (their markup, cut).
async fn unreached_by_tab(app: &App, what: &str) -> Vec<String> {
    let n = mark_controls(app).await;
    assert!(n >= 3, "{what}: only {n} controls found");
    app.js(
        "document.activeElement?.blur(); window.__kb = new Set();
         document.addEventListener('focusin', e => { const k = e.target.dataset?.kb; if (k !== undefined) window.__kb.add(k); });
         return true;",
        vec![],
    )
    .await;
    // Real key presses (WebDriver actions), in batches, to whatever has the focus. A control
    // that is reachable is reached in one round; a second round is pressed only for what is
    // still missing, because a screen that re-renders while keys arrive (data refreshed on a
    // loaded machine) can send the focus back to the top mid-round.
    let mut v = Value::Null;
    for _round in 0..2 {
        let mut left = n + 15;
        while left > 0 {
            let batch = left.min(40);
            left -= batch;
            let mut keys = KeyActions::new("keyboard".into());
            for _ in 0..batch {
                keys = keys
                    .then(KeyAction::Down { value: '\u{E004}' })
                    .then(KeyAction::Up { value: '\u{E004}' });
            }
            retry("tab", || app.c.perform_actions(keys.clone()))
                .await
                .unwrap_or_else(|e| panic!("{what}: Tab: {e}"));
        }
        v = app
            .js(
                "return [...document.querySelectorAll('[data-kb]')]
                   .filter(e => !window.__kb.has(e.dataset.kb))
                   .map(e => e.outerHTML.slice(0, 120))",
                vec![],
            )
            .await;
        if v.as_array().is_some_and(|a| a.is_empty()) {
            break;
        }
    }
    v.as_array()
        .unwrap()
        .iter()
        .map(|s| format!("{what}: {}", s.as_str().unwrap()))
        .collect()
}

#[tokio::test]
async fn the_keyboard_alone_reaches_every_control_and_scrolling_region() {
    let home = Home::new().with_demo();
    let app = App::start(home).await;
    app.tid("dashboard").await;
    let mut found = Vec::new();
    for (width, height) in [(1280, 800), (360, 640)] {
        app.resize(width, height).await;
        for (screen, id) in [
            ("dashboard", "dashboard"),
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
            found.extend(unreached_by_tab(&app, &format!("{width}px {screen}")).await);
        }
        // The matrix (its rows drawn as they scroll into view) and a person's screen.
        app.click("nav-matrix").await;
        let first = if width > 600 {
            "tr[data-sn] button.name"
        } else {
            "[data-testid='person-list'] .person-line"
        };
        app.el(first).await;
        found.extend(unreached_by_tab(&app, &format!("{width}px matrix")).await);
        // Tabbing scrolled the list: open whoever is drawn first now.
        app.js(
            "document.activeElement?.blur(); document.querySelector(arguments[0]).click()",
            vec![json!(first)],
        )
        .await;
        app.tid("history").await;
        app.settled("person").await;
        found.extend(unreached_by_tab(&app, &format!("{width}px person")).await);
    }
    app.quit().await;

    let home = Home::new();
    settings(&home, "en", "", Value::Null);
    let app = App::start(home).await;
    app.tid("welcome").await;
    for (width, height) in [(1280, 800), (360, 640)] {
        app.resize(width, height).await;
        found.extend(unreached_by_tab(&app, &format!("{width}px welcome")).await);
    }
    app.quit().await;
    assert!(
        found.is_empty(),
        "{} controls the Tab key never reaches:\n{}",
        found.len(),
        found.join("\n")
    );
}
