//! `muster check`: whether the database is exactly as Muster wrote it.

use std::path::Path;

use muster::check::{self, CheckReport};
use muster::problem::Problem;
use muster::{Error, Result};

use super::args::Shape;

pub fn run(path: &Path, format: Shape) -> Result<String> {
    let report = check::check(path)?;
    let text = match format {
        Shape::Json => serde_json::to_string_pretty(&report).expect("serialisable") + "\n",
        Shape::Table => describe(&report),
    };
    if report.ok() {
        return Ok(text);
    }
    if format == Shape::Json {
        // The report a script reads stays on standard output, whole and parseable; the
        // failure is the exit status and one line on the error stream.
        use std::io::Write;
        let mut out = std::io::stdout().lock();
        let _ = out
            .write_all(super::terminal::printable(&text).as_bytes())
            .and_then(|_| out.flush());
        return Err(Error::Conflict(Problem::other(format!(
            "check failed: {} in {} (the JSON report is on standard output)",
            super::render::count(report.findings.len(), "problem", "problems"),
            report.file
        ))));
    }
    Err(Error::Conflict(Problem::other(text.trim_end().to_string())))
}

fn describe(r: &CheckReport) -> String {
    let secs = r.millis as f64 / 1000.0;
    if !r.ok() {
        let mut out = format!(
            "check failed: {} in {} ({secs:.2} s):",
            super::render::count(r.findings.len(), "problem", "problems"),
            r.file
        );
        for f in &r.findings {
            out.push_str("\n  ");
            out.push_str(&printable(&f.describe()));
        }
        out.push('\n');
        out.push_str(&repairs(r));
        return out;
    }
    let counts: Vec<String> = r
        .rows
        .iter()
        .filter(|c| c.rows > 0)
        .map(|c| format!("{} {}", c.rows, c.table))
        .collect();
    let mut out = format!(
        "ok: {} is as Muster wrote it ({secs:.2} s)\n  {} records ({}), each as the chain recorded it\n  chain: {} entries, every link intact",
        r.file,
        r.total_rows(),
        counts.join(", "),
        r.entries,
    );
    if let Some(h) = &r.head {
        out.push_str(&format!("; head #{} {}", h.seq, &h.hash[..16]));
    }
    out.push_str(&format!(
        "\n  protective triggers: {} of {} in place; SQLite integrity and foreign keys: ok\n",
        r.triggers, r.triggers
    ));
    if let Some(s) = &r.started {
        if s.from_schema == 0 {
            out.push_str(&format!(
                "  the chain began when this database was created ({})\n",
                s.at
            ));
        } else {
            out.push_str(&format!(
                "  the chain began on {} when this database was upgraded from schema version {}: the {} records already there are vouched for from that day on, not before\n",
                s.at, s.from_schema, s.entries
            ));
        }
    }
    out.push_str(&repairs(r));
    out
}

/// Triggers found wrong and put back earlier: not a flaw now, but worth knowing.
fn repairs(r: &CheckReport) -> String {
    r.repaired
        .iter()
        .map(|n| {
            format!(
                "  note: trigger {} was found {} and restored on {}\n",
                printable(&n.trigger),
                n.found,
                n.at
            )
        })
        .collect()
}

/// Text from the database, safe for a terminal: control characters shown as `\u{…}`.
fn printable(s: &str) -> String {
    s.chars()
        .flat_map(|c| {
            if c.is_control() {
                c.escape_unicode().collect::<Vec<_>>()
            } else {
                vec![c]
            }
        })
        .collect()
}
