//! Plain-text tables for a terminal: columns padded by characters, not bytes, so Cyrillic
//! and Kazakh names line up.

use std::fmt::Write;

pub struct TextTable {
    headers: Vec<String>,
    rows: Vec<Vec<String>>,
}

impl TextTable {
    pub fn new<S: Into<String>>(headers: impl IntoIterator<Item = S>) -> TextTable {
        TextTable {
            headers: headers.into_iter().map(Into::into).collect(),
            rows: Vec::new(),
        }
    }

    /// A row; a cell's line breaks, tabs and other invisible characters are written out
    /// (`\u{…}`), so no value (a title read from an old file, a name from a bundle) can
    /// break the table or fake a line of it.
    pub fn row<S: Into<String>>(&mut self, cells: impl IntoIterator<Item = S>) {
        self.rows.push(
            cells
                .into_iter()
                .map(|c| {
                    let c: String = c.into();
                    if c.chars().any(muster::chars::is_invisible) {
                        muster::problem::shown(&c, usize::MAX)
                    } else {
                        c
                    }
                })
                .collect(),
        );
    }

    pub fn render(&self) -> String {
        let width = |s: &str| s.chars().count();
        let mut widths: Vec<usize> = self.headers.iter().map(|h| width(h)).collect();
        for r in &self.rows {
            for (i, c) in r.iter().enumerate() {
                if i < widths.len() {
                    widths[i] = widths[i].max(width(c));
                }
            }
        }
        let mut out = String::new();
        let mut line = |cells: &[String]| {
            let mut l = String::new();
            for (i, c) in cells.iter().enumerate() {
                let pad = widths.get(i).copied().unwrap_or(0).saturating_sub(width(c));
                l.push_str(c);
                if i + 1 < cells.len() {
                    l.extend(std::iter::repeat_n(' ', pad + 2));
                }
            }
            let _ = writeln!(out, "{}", l.trim_end());
        };
        line(&self.headers);
        let rule: Vec<String> = widths.iter().map(|w| "─".repeat(*w)).collect();
        line(&rule);
        for r in &self.rows {
            line(r);
        }
        out
    }
}

/// A CSV document for other tools: UTF-8, comma-separated, with a header row.
pub fn csv<S: AsRef<str>>(headers: &[&str], rows: impl IntoIterator<Item = Vec<S>>) -> String {
    let mut w = csv::Writer::from_writer(Vec::new());
    w.write_record(headers).expect("in memory");
    for r in rows {
        w.write_record(r.iter().map(|c| c.as_ref()))
            .expect("in memory");
    }
    String::from_utf8(w.into_inner().expect("in memory")).expect("utf-8 in, utf-8 out")
}

pub fn opt<T: ToString>(v: &Option<T>) -> String {
    v.as_ref().map(ToString::to_string).unwrap_or_default()
}

/// Numbers without a useless `.0`.
pub fn num(v: Option<f64>) -> String {
    match v {
        Some(v) if v.fract() == 0.0 => format!("{v:.0}"),
        Some(v) => v.to_string(),
        None => String::new(),
    }
}

/// A count with its noun in the singular for one and the plural otherwise ("1 row",
/// "2 rows", "0 people"): the terminal speaks English.
pub fn count<N: TryInto<u64>>(n: N, one: &str, many: &str) -> String {
    let n: u64 = n.try_into().unwrap_or(u64::MAX);
    format!("{n} {}", if n == 1 { one } else { many })
}

/// The first `shown` of a list, joined with commas, and how many more: a line stays a
/// line for a platoon of forty.
pub fn some_of(items: &[String], shown: usize) -> String {
    let mut out = items
        .iter()
        .take(shown)
        .cloned()
        .collect::<Vec<_>>()
        .join(", ");
    if items.len() > shown {
        out += &format!(" and {} more", items.len() - shown);
    }
    out
}

#[cfg(test)]
mod count_tests {
    #[test]
    fn one_is_singular_and_every_other_count_plural() {
        assert_eq!(super::count(1u64, "row", "rows"), "1 row");
        assert_eq!(super::count(0u64, "row", "rows"), "0 rows");
        assert_eq!(super::count(2usize, "person", "people"), "2 people");
        assert_eq!(super::count(21u64, "person", "people"), "21 people");
    }
}

#[cfg(test)]
mod table_tests {
    use super::TextTable;

    /// A value with a line break or a tab (a title read from an old file) cannot break the
    /// table or add a line to it.
    #[test]
    fn a_cell_cannot_break_the_table() {
        let mut t = TextTable::new(["code", "title"]);
        t.row(["ROE", "Rules\nKZ1  pass\tforged"]);
        t.row(["SEA", "Предотвращение СЭН"]);
        let out = t.render();
        assert_eq!(out.lines().count(), 4, "{out}");
        assert!(out.contains("Rules\\u{a}KZ1  pass\\u{9}forged"), "{out}");
        assert!(out.contains("Предотвращение СЭН"), "{out}");
    }
}
