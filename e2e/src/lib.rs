//! Drives the real, built Muster app: `tauri-driver` in front of `WebKitWebDriver`, one
//! fresh app data folder per test, so no test sees another's records or the user's own.
//! Needs a display (run under `xvfb-run … dbus-run-session`) and `target/debug/muster-app`
//! built first (`scripts/test-app.sh` does both).

use std::future::Future;
use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use fantoccini::elements::Element;
use fantoccini::error::{CmdError, NewSessionError};
use fantoccini::{Client, ClientBuilder, Locator};
use serde_json::{json, Value};

pub use fantoccini;

pub mod bench;
pub mod dates;
pub mod demo;

/// The workspace's build output.
pub fn target_dir() -> PathBuf {
    std::env::var_os("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join("../target"))
}

pub fn app_binary() -> PathBuf {
    let p = std::env::var_os("MUSTER_APP_BIN")
        .map(PathBuf::from)
        .unwrap_or_else(|| target_dir().join("debug/muster-app"));
    assert!(
        p.exists(),
        "{} is missing: build it first (scripts/test-app.sh)",
        p.display()
    );
    p
}

pub fn cli_binary() -> PathBuf {
    let p = target_dir().join("debug/muster");
    assert!(
        p.exists(),
        "{} is missing: run `cargo build -p muster-cli`",
        p.display()
    );
    p
}

fn tauri_driver() -> PathBuf {
    if let Some(home) = std::env::var_os("HOME") {
        let p = Path::new(&home).join(".cargo/bin/tauri-driver");
        if p.exists() {
            return p;
        }
    }
    PathBuf::from("tauri-driver")
}

/// Where screenshots go: under target/, never in git.
pub fn shots_dir() -> PathBuf {
    let d = target_dir().join("e2e-shots");
    std::fs::create_dir_all(&d).expect("shots dir");
    d
}

/// A private home for one app run: data, config and cache folders and the database.
pub struct Home {
    pub dir: tempfile::TempDir,
}

impl Home {
    pub fn new() -> Home {
        Home {
            dir: tempfile::tempdir().expect("temp dir"),
        }
    }
    pub fn db(&self) -> PathBuf {
        self.dir.path().join("data/org.muster.app/muster.sqlite3")
    }
    /// The app-data folder (`MUSTER_DATA_DIR`): the signing key, never the real home's.
    pub fn data_dir(&self) -> PathBuf {
        self.dir.path().join("data/org.muster.app")
    }
    pub fn config_dir(&self) -> PathBuf {
        self.dir.path().join("config/org.muster.app")
    }
    /// Opens the same database the app uses, through the core.
    pub fn store(&self) -> muster::Store {
        muster::Store::open(&self.db()).expect("open store")
    }
    /// Skips the welcome screen: an operator is remembered and the demo is loaded.
    pub fn with_demo(self) -> Home {
        let mut s = self.store();
        muster::demo::load(&mut s, muster::dates::today()).expect("demo");
        self.remember_operator("капитан Тестов");
        self
    }
    pub fn remember_operator(&self, name: &str) {
        std::fs::create_dir_all(self.config_dir()).unwrap();
        std::fs::write(
            self.config_dir().join("settings.json"),
            json!({"operator": name, "language": "en", "contingent": "DEMO"}).to_string(),
        )
        .unwrap();
    }
    /// Runs the `muster` command line on this database and returns its stdout.
    pub fn cli(&self, args: &[&str]) -> String {
        let out = Command::new(cli_binary())
            .args(args)
            .env("MUSTER_DB", self.db())
            .env("MUSTER_DATA_DIR", self.data_dir())
            .output()
            .expect("run muster");
        assert!(
            out.status.success(),
            "muster {args:?}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8(out.stdout).unwrap()
    }
}

impl Default for Home {
    fn default() -> Self {
        Home::new()
    }
}

/// A running app under WebDriver. Call `quit` at the end; dropping stops the driver too.
pub struct App {
    pub c: Client,
    driver: Child,
    pub home: Home,
}

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .expect("free port")
}

/// How many times a request whose connection was dropped is sent again.
const RETRIES: u32 = 3;

/// How many times a new session is asked for again when the driver did not answer (about
/// 6 s of waiting in all, the driver started again if it exited).
const SESSION_RETRIES: u32 = 6;

/// Starts tauri-driver on free ports for an app whose data lives under `user` (output to
/// files in the temp home) and waits until it listens; returns it and its URL.
async fn spawn_driver(home: &Home, user: &Path, db: Option<&Path>) -> (Child, String) {
    let port = free_port();
    let native = free_port();
    // The driver's output, and the app's and its web process's under it, beside the test's
    // home (gone with it), or kept in MUSTER_E2E_LOG_DIR (e.g. with JSC_logGC=1 or
    // JSC_reportCompileTimes=1 set, to see what the page's engine did).
    let log = |name: &str| {
        std::fs::OpenOptions::new()
            .create(true)
            .append(true)
            .open(
                std::env::var_os("MUSTER_E2E_LOG_DIR")
                    .map(PathBuf::from)
                    .unwrap_or_else(|| home.dir.path().to_path_buf())
                    .join(name),
            )
            .unwrap()
    };
    let mut driver = Command::new(tauri_driver());
    driver
        .args([
            "--port",
            &port.to_string(),
            "--native-port",
            &native.to_string(),
        ])
        .env("XDG_DATA_HOME", user.join("data"))
        .env("XDG_CONFIG_HOME", user.join("config"))
        .env("XDG_CACHE_HOME", user.join("cache"))
        .env_remove("MUSTER_DB")
        // The signing key follows XDG_DATA_HOME, inside the test's own folder.
        .env_remove("MUSTER_DATA_DIR");
    if let Some(db) = db {
        driver.env("MUSTER_DB", db);
    }
    let driver = driver
        .stdin(Stdio::null())
        .stdout(log("tauri-driver.out"))
        .stderr(log("tauri-driver.err"))
        .spawn()
        .expect("start tauri-driver (install it with scripts/setup.sh)");
    let until = Instant::now() + Duration::from_secs(20);
    while TcpStream::connect(("127.0.0.1", port)).is_err() {
        assert!(Instant::now() < until, "tauri-driver did not listen");
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    (driver, format!("http://127.0.0.1:{port}"))
}

/// True when the connection to tauri-driver broke before an answer came back (hyper's
/// `IncompleteMessage` when the driver closed a pooled keep-alive connection, a reset).
/// Nothing reached the app in that case, so sending the request again is safe.
pub fn dropped(e: &CmdError) -> bool {
    matches!(
        e,
        CmdError::Failed(_) | CmdError::FailedC(_) | CmdError::Lost(_)
    )
}

fn session_dropped(e: &NewSessionError) -> bool {
    match e {
        NewSessionError::Failed(_) | NewSessionError::FailedC(_) | NewSessionError::Lost(_) => true,
        NewSessionError::UnexpectedError(c) => dropped(c),
        _ => false,
    }
}

/// Runs a WebDriver request, sending it again (up to `RETRIES` times) when the connection
/// was dropped; any other error is the caller's.
pub async fn retry<T, F, Fut>(what: &str, mut request: F) -> Result<T, CmdError>
where
    F: FnMut() -> Fut,
    Fut: Future<Output = Result<T, CmdError>>,
{
    let mut tries = 0;
    loop {
        match request().await {
            Err(e) if dropped(&e) && tries < RETRIES => {
                tries += 1;
                eprintln!("e2e: connection dropped during {what} ({e}); retrying");
                tokio::time::sleep(Duration::from_millis(200)).await;
            }
            other => return other,
        }
    }
}

impl App {
    /// Starts tauri-driver (output to files in the temp home) and the app through it.
    pub async fn start(home: Home) -> App {
        let app = App::start_as_found(home).await;
        app.checked().await;
        app
    }

    /// As `start`, without waiting for the app's check of the records at start: what a
    /// user sees first (the benchmark's cold start, the screens drawn while it checks).
    pub async fn start_as_found(home: Home) -> App {
        let root = home.dir.path().to_path_buf();
        let db = home.db();
        App::launch(home, app_binary(), &root, Some(db)).await
    }

    /// Starts an installed app (`binary`, e.g. /usr/bin/muster-app) as a user would: its
    /// data, config and cache folders under `user` and no `MUSTER_DB`, so it opens the
    /// per-user database wherever the platform puts it. `home` keeps the driver's logs.
    pub async fn start_installed(binary: PathBuf, user: &Path) -> App {
        let app = App::launch(Home::new(), binary, user, None).await;
        app.checked().await;
        app
    }

    async fn launch(home: Home, binary: PathBuf, user: &Path, db: Option<PathBuf>) -> App {
        let (mut driver, mut url) = spawn_driver(&home, user, db.as_deref()).await;
        let mut caps = serde_json::Map::new();
        caps.insert(
            "tauri:options".into(),
            json!({"application": binary.display().to_string()}),
        );
        let mut tries = 0;
        let c = loop {
            match ClientBuilder::native()
                .capabilities(caps.clone())
                .connect(&url)
                .await
            {
                Ok(c) => break c,
                Err(e) if session_dropped(&e) && tries < SESSION_RETRIES => {
                    tries += 1;
                    // On a loaded machine the driver can stop answering for seconds, or
                    // exit: wait longer each time, and start it again if it is gone.
                    if let Ok(Some(status)) = driver.try_wait() {
                        eprintln!("e2e: tauri-driver exited ({status}); starting it again");
                        (driver, url) = spawn_driver(&home, user, db.as_deref()).await;
                    }
                    eprintln!("e2e: WebDriver dropped the new-session request ({e}); retrying");
                    tokio::time::sleep(Duration::from_millis(300 * u64::from(tries))).await;
                }
                Err(e) => panic!("WebDriver session with the app: {e}"),
            }
        };
        App { c, driver, home }
    }

    /// Waits until the app's check of the records at start has ended. The window shows the
    /// file as found meanwhile, and the check competes for the cores (on a loaded machine
    /// for seconds): a test that starts while it runs can meet screens still arriving, so
    /// every test starts, as users mostly do, on a checked file. The test of the check
    /// itself is the benchmark's `checking_shots`.
    async fn checked(&self) {
        const ASK: &str = "const done = arguments[arguments.length - 1];
            const ipc = window.__TAURI_INTERNALS__;
            if (!ipc) { done(null); return; }
            ipc.invoke('app_info').then(i => done(i.checking), () => done(null));";
        let until = Instant::now() + Duration::from_secs(60);
        while Instant::now() < until {
            let v = retry("the check at start", || self.c.execute_async(ASK, vec![])).await;
            if matches!(v, Ok(Value::Bool(false))) {
                return;
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    }

    pub async fn quit(self) {
        let App { c, .. } = &self;
        let _ = c.clone().close().await;
        drop(self);
    }

    /// Waits for an element that matches a CSS selector.
    pub async fn el(&self, css: &str) -> Element {
        let found = retry(css, || {
            self.c
                .wait()
                .at_most(Duration::from_secs(15))
                .for_element(Locator::Css(css))
        })
        .await;
        match found {
            Ok(e) => e,
            Err(e) => {
                // What the window said instead: an error it showed explains most waits.
                let shown = self
                    .c
                    .execute(
                        "return [...document.querySelectorAll('[role=alert], .error')].map(e => e.textContent).join(' | ') \
                         + ' || screen: ' + (document.querySelector('main')?.textContent ?? '').slice(0, 300)",
                        vec![],
                    )
                    .await
                    .unwrap_or_default();
                panic!("no element {css}: {e}; the window shows: {shown}")
            }
        }
    }

    pub async fn tid(&self, id: &str) -> Element {
        self.el(&format!("[data-testid='{id}']")).await
    }

    pub async fn text(&self, id: &str) -> String {
        let e = self.tid(id).await;
        retry("text", || e.text()).await.expect("text")
    }

    /// The text of the first element matching a CSS selector, once it is there.
    pub async fn text_of(&self, css: &str) -> String {
        let e = self.el(css).await;
        retry("text", || e.text()).await.expect("text")
    }

    /// Text of an element that may be visually hidden (read from the DOM).
    pub async fn dom_text(&self, id: &str) -> String {
        self.tid(id).await;
        let v = self
            .js(
                "return document.querySelector(`[data-testid='${arguments[0]}']`).textContent",
                vec![json!(id)],
            )
            .await;
        v.as_str().unwrap_or_default().to_string()
    }

    /// Clicks an element by test id. A click on the navigation (`nav-…`) is a screen
    /// visit: it then checks that nothing on the screen is left loading (`settled`).
    pub async fn click(&self, id: &str) {
        let e = self.tid(id).await;
        self.still(&e).await;
        self.enabled(&e).await;
        retry("click", || e.click()).await.expect("click");
        if id.starts_with("nav-") {
            self.settled(id).await;
        }
    }

    /// Waits until a button is no longer disabled (at most 5 s): a form busy with its last
    /// answer (an import's preview) disables its buttons for a moment, and a click on a
    /// disabled button is taken by WebDriver and does nothing.
    async fn enabled(&self, e: &Element) {
        let arg = serde_json::to_value(e).expect("element reference");
        let end = Instant::now() + Duration::from_secs(5);
        while Instant::now() < end {
            let disabled = self
                .js("return arguments[0].disabled === true;", vec![arg.clone()])
                .await;
            if disabled != serde_json::Value::Bool(true) {
                return;
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
    }

    /// Waits until an element stops moving: two reads of its box 50 ms apart agree (at most
    /// 2 s). WebDriver works out where to click first and then clicks there, so a line that
    /// grows above the element in between (a late answer drawn into the page) takes the click.
    async fn still(&self, e: &Element) {
        let arg = serde_json::to_value(e).expect("element reference");
        let script =
            "const r = arguments[0].getBoundingClientRect(); return [r.x, r.y, r.width, r.height];";
        let end = Instant::now() + Duration::from_secs(2);
        let mut last = self.js(script, vec![arg.clone()]).await;
        while Instant::now() < end {
            tokio::time::sleep(Duration::from_millis(50)).await;
            let now = self.js(script, vec![arg.clone()]).await;
            if now == last {
                return;
            }
            last = now;
        }
    }

    /// Types into a field and checks that the field took the whole text. Keys go to whatever
    /// has the focus when the page handles them, so a field that grabs the focus late would
    /// silently get the rest; this names the thief instead. A controlled field can also put
    /// its old value back just after WebDriver cleared it (the page re-rendered from its
    /// state, which the clear did not reach), and the keys then land after the old text:
    /// the field is cleared until it stays empty, and the whole typing is tried again once
    /// when the value comes out wrong.
    pub async fn type_into(&self, id: &str, text: &str) {
        let e = self.tid(id).await;
        let value = |e: Element| async move {
            retry("value", || e.prop("value"))
                .await
                .expect("value")
                .unwrap_or_default()
        };
        for attempt in 0..2 {
            let empty_by = Instant::now() + Duration::from_secs(2);
            loop {
                retry("clear", || e.clear()).await.expect("clear");
                tokio::time::sleep(Duration::from_millis(30)).await;
                if value(e.clone()).await.is_empty() || Instant::now() >= empty_by {
                    break;
                }
            }
            retry("type", || e.send_keys(text)).await.expect("type");
            let end = Instant::now() + Duration::from_secs(if attempt == 0 { 2 } else { 5 });
            loop {
                let got = value(e.clone()).await;
                if got == text {
                    return;
                }
                if Instant::now() >= end {
                    if attempt == 0 {
                        eprintln!("e2e: {id} holds {got:?} after typing {text:?}; typing again");
                        break;
                    }
                    let focused = self
                        .js("const a = document.activeElement; return a && (a.dataset.testid || a.outerHTML.slice(0, 80))", vec![])
                        .await;
                    panic!("{id} holds {got:?} after typing {text:?}; the focus is on {focused}");
                }
                tokio::time::sleep(Duration::from_millis(20)).await;
            }
        }
    }

    /// Scrolls an element to the middle of the window. WebDriver scrolls a target only
    /// just into view, where a sticky bar (the Log screen's save bar) can take the click.
    pub async fn center(&self, css: &str) -> Element {
        let e = self.el(css).await;
        self.js(
            "document.querySelector(arguments[0]).scrollIntoView({block: 'center'})",
            vec![json!(css)],
        )
        .await;
        e
    }

    pub async fn js(&self, script: &str, args: Vec<Value>) -> Value {
        retry("script", || self.c.execute(script, args.clone()))
            .await
            .expect("script")
    }

    /// Waits until a script returns true.
    pub async fn until(&self, what: &str, script: &str, args: Vec<Value>) {
        let end = Instant::now() + Duration::from_secs(15);
        loop {
            if self.js(script, args.clone()).await == json!(true) {
                return;
            }
            assert!(Instant::now() < end, "timed out waiting for {what}");
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
    }

    /// Fails when the window still says it is loading after a few seconds: every command
    /// the window waits on must answer or show an error with a way back. Checked in every
    /// language the app speaks.
    pub async fn settled(&self, what: &str) {
        let end = Instant::now() + Duration::from_secs(5);
        loop {
            let loading = self
                .js(
                    "const words = ['Loading…', 'Загрузка…', 'Жүктелуде…']; \
                     const text = document.body.innerText; \
                     return words.some(w => text.includes(w));",
                    vec![],
                )
                .await;
            if loading == json!(false) {
                return;
            }
            if Instant::now() >= end {
                let main = self
                    .js(
                        "return (document.querySelector('main') ?? document.body).innerText.slice(0, 300)",
                        vec![],
                    )
                    .await;
                panic!("{what}: still loading after 5 s; the window shows: {main}");
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    }

    /// Opens a screen from the navigation, waits for it (`id`: its data-testid) and checks
    /// that nothing on it is left loading.
    pub async fn visit(&self, screen: &str, id: &str) {
        self.click(&format!("nav-{screen}")).await;
        self.tid(id).await;
        self.settled(screen).await;
    }

    /// Waits until the page is drawn and still: fonts loaded, nothing animating, and its
    /// size, text and number of elements the same in two reads 100 ms apart (at most 5 s,
    /// then goes on: a page that never settles is for the test's own assertions to find).
    pub async fn quiet(&self) {
        let script = "const d = document.documentElement; \
             return [document.fonts ? document.fonts.status : 'loaded', \
               document.getAnimations ? document.getAnimations().length : 0, \
               window.innerWidth, window.innerHeight, d.scrollWidth, d.scrollHeight, \
               document.body.innerText.length, document.getElementsByTagName('*').length];";
        let end = Instant::now() + Duration::from_secs(5);
        let mut last = self.js(script, vec![]).await;
        while Instant::now() < end {
            tokio::time::sleep(Duration::from_millis(100)).await;
            let now = self.js(script, vec![]).await;
            if now == last && now[0] == json!("loaded") && now[1] == json!(0) {
                return;
            }
            last = now;
        }
    }

    /// Waits until the browser has drawn two frames: what the page holds now is on screen
    /// (WebKit's screenshot returns the last frame drawn, which may still be the screen
    /// before a navigation or a scroll).
    pub async fn painted(&self) {
        const PAINTED: &str = "const done = arguments[arguments.length - 1]; \
            requestAnimationFrame(() => requestAnimationFrame(() => done(true)));";
        retry("wait for a frame", || self.c.execute_async(PAINTED, vec![]))
            .await
            .expect("two frames drawn");
    }

    /// Saves a screenshot under target/e2e-shots, once the page is still and drawn.
    pub async fn shot(&self, name: &str) {
        self.quiet().await;
        self.painted().await;
        let png = retry("screenshot", || self.c.screenshot())
            .await
            .expect("screenshot");
        std::fs::write(shots_dir().join(format!("{name}.png")), png).unwrap();
    }

    /// Opens a person's screen from the training matrix, by service number.
    pub async fn open_person(&self, sn: &str) {
        self.click("nav-matrix").await;
        self.type_into("search", sn).await;
        let name = self.el(&format!("tr[data-sn='{sn}'] button.name")).await;
        retry("click", || name.click()).await.expect("click");
        self.tid("person").await;
        self.settled("person").await;
    }

    /// Corrects a record's score on the person screen, with a reason, and waits until the
    /// history shows the old record as superseded.
    pub async fn amend_score(&self, id: &str, score: &str, reason: &str) {
        self.el(&format!("tr[data-id='{id}'] [data-testid='amend']"))
            .await
            .click()
            .await
            .unwrap();
        self.type_into("amend-score", score).await;
        self.type_into("amend-reason", reason).await;
        self.click("amend-save").await;
        self.until(
            "the amended record",
            "return document.querySelector(`tr[data-id='${arguments[0]}']`)?.dataset.state === 'superseded'",
            vec![json!(id)],
        )
        .await;
    }

    /// How many elements match a CSS selector now (no waiting).
    pub async fn count(&self, css: &str) -> usize {
        retry(css, || self.c.find_all(Locator::Css(css)))
            .await
            .expect("find")
            .len()
    }

    /// Fails when the page scrolls sideways, naming the widest elements.
    pub async fn no_horizontal_scroll(&self, what: &str) {
        let v = self
            .js(
                "const d = document.documentElement; \
                 const wide = [...document.querySelectorAll('body *')] \
                   .filter(e => e.scrollWidth > e.clientWidth + 1 && getComputedStyle(e).overflowX === 'visible') \
                   .slice(0, 4).map(e => `${e.tagName}.${e.className}: ${e.textContent.slice(0, 40)}`); \
                 return [d.scrollWidth, d.clientWidth, window.innerWidth, wide];",
                vec![],
            )
            .await;
        let (sw, cw) = (v[0].as_u64().unwrap(), v[1].as_u64().unwrap());
        assert!(
            sw <= cw,
            "{what}: page is {sw}px wide in a {cw}px window ({v})"
        );
    }

    /// Sets the window's size and waits until the page has it and is laid out again.
    pub async fn resize(&self, w: u32, h: u32) {
        retry("resize", || self.c.set_window_size(w, h))
            .await
            .expect("resize");
        let end = Instant::now() + Duration::from_secs(3);
        while Instant::now() < end {
            let size = self
                .js("return [window.outerWidth, window.outerHeight];", vec![])
                .await;
            if size == json!([w, h]) {
                break;
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        self.quiet().await;
    }
}

impl Drop for App {
    fn drop(&mut self) {
        // SIGTERM, never SIGKILL: a killed driver orphans WebKitWebDriver and its port.
        let _ = Command::new("kill")
            .args(["-TERM", &self.driver.id().to_string()])
            .status();
        let end = Instant::now() + Duration::from_secs(5);
        while Instant::now() < end {
            if let Ok(Some(_)) = self.driver.try_wait() {
                return;
            }
            std::thread::sleep(Duration::from_millis(50));
        }
        let _ = self.driver.kill();
        let _ = self.driver.wait();
    }
}
