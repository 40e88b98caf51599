//! What the app's benchmarks share: how many runs, how figures are summed up, and the
//! scripts that time the matrix's scrolling and a session's save in the window.

/// `BENCH_RUNS`, 3 when unset.
pub fn runs() -> usize {
    std::env::var("BENCH_RUNS")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(3)
}

pub fn median(mut v: Vec<f64>) -> f64 {
    v.sort_by(|a, b| a.partial_cmp(b).unwrap());
    v[v.len() / 2]
}

/// Every run's figure, so a median of three shows how far apart the runs were.
pub fn each(v: &[f64]) -> String {
    let all: Vec<String> = v.iter().map(|x| format!("{x:.0}")).collect();
    format!("runs: {}", all.join(", "))
}

/// Scroll steps of 250 px (`arguments[0]` of them): the rows in view redrawn and laid out,
/// timed without the frame clock, which Xvfb throttles. Gives the median and worst step,
/// the rows in the DOM, where it stopped and the first row drawn there (null while the
/// page of rows in view is still on its way: the matrix asks for its rows a page at a time).
pub const SCROLL: &str = r#"
const done = arguments[arguments.length - 1];
const steps = arguments[0];
const el = document.querySelector("[data-testid='matrix-scroll']");
(async () => {
  const times = [];
  // Steps over 50 ms, each split: the scroll itself, drawing the rows (script), layout.
  const slow = [];
  for (let i = 0; i < steps; i++) {
    const t0 = performance.now();
    el.scrollTop += 250;
    const t1 = performance.now();
    el.dispatchEvent(new Event("scroll"));
    await Promise.resolve();
    await Promise.resolve();
    const t2 = performance.now();
    void document.body.offsetHeight;
    const t3 = performance.now();
    times.push(t3 - t0);
    if (t3 - t0 > 50) slow.push([i, t3 - t0, t1 - t0, t2 - t1, t3 - t2].map(Math.round));
  }
  times.sort((a, b) => a - b);
  // A matrix that pages its rows may still be waiting for the rows in view: no row yet.
  const row = el.querySelector("tr.mrow");
  done([times[times.length >> 1], times[times.length - 1], el.querySelectorAll("tr.mrow").length, el.scrollTop, row ? row.dataset.sn : null, slow]);
})();
"#;

/// Click on Save to the confirmation: the time and the message.
pub const SAVE: &str = r#"
const done = arguments[arguments.length - 1];
const t0 = performance.now();
document.querySelector("[data-testid='log-save']").click();
const wait = () => {
  const m = document.querySelector("[data-testid='log-msg']");
  if (m) done([performance.now() - t0, m.textContent]); else setTimeout(wait, 1);
};
wait();
"#;
