//! The core's layers, held by a test: each top-level module of `src/` may use only the
//! modules of its own layer and of the layers below, and no two top-level modules may use
//! each other, however indirectly. The compiler holds the package boundaries (the command
//! line and the app are packages on top of the core); this holds the ones inside it.
//!
//! It reads the source, not the compiled crate: every path into the crate (`crate::x`,
//! `crate::{x, y::z}`, `super::super::x` climbing out of a module, the crate root's
//! re-exports such as `crate::Result`) in code that is built into the library. Comments,
//! string literals and `#[cfg(test)]` items are left out: a unit test may load the demo or
//! run `check` over what it wrote. CONTRIBUTING.md says the same in words.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

/// The layers, lowest first. A module may use its own layer and those before it.
const LAYERS: &[(&str, &[&str])] = &[
    (
        "values",
        &[
            "chars",
            "field",
            "paths",
            "problem",
            "error",
            "text",
            "dates",
            "domain",
            "record_id",
            "fingerprint",
            "checks",
            "huge_pages",
            "priority",
            "file_identity",
            "input",
        ],
    ),
    (
        "rules",
        &["rules", "module_map", "marks", "glossary", "words"],
    ),
    ("store", &["store", "output"]),
    (
        "readiness",
        &["readiness", "due", "session", "activity", "service_record"],
    ),
    (
        "files and documents",
        &[
            "import",
            "export",
            "report",
            "signing",
            "signoff",
            "installation",
            "key_names",
            "check",
            "demo",
            "dashboard",
            "sync",
            "matrix",
        ],
    ),
];

#[test]
fn no_layer_uses_a_layer_above_it_and_no_modules_use_each_other() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let graph = graph_of(&src);
    let layer_of: BTreeMap<&str, usize> = LAYERS
        .iter()
        .enumerate()
        .flat_map(|(i, (_, mods))| mods.iter().map(move |m| (*m, i)))
        .collect();

    let modules: BTreeSet<&str> = graph.modules.iter().map(String::as_str).collect();
    let unplaced: Vec<&&str> = modules
        .iter()
        .filter(|m| !layer_of.contains_key(*m))
        .collect();
    assert!(
        unplaced.is_empty(),
        "modules in no layer: {unplaced:?}; add each to LAYERS in tests/layers.rs and to \
         CONTRIBUTING.md's table"
    );
    let gone: Vec<&&str> = layer_of.keys().filter(|m| !modules.contains(*m)).collect();
    assert!(
        gone.is_empty(),
        "LAYERS names modules that are not in src/: {gone:?}"
    );

    let mut upward = Vec::new();
    for ((from, to), files) in &graph.edges {
        let (a, b) = (layer_of[from.as_str()], layer_of[to.as_str()]);
        if b > a {
            upward.push(format!(
                "{from} ({}) uses {to} ({}) in {}",
                LAYERS[a].0,
                LAYERS[b].0,
                files.join(", ")
            ));
        }
    }
    assert!(
        upward.is_empty(),
        "layers pointing upwards:\n{}",
        upward.join("\n")
    );

    let cycles = graph.cycles();
    assert!(
        cycles.is_empty(),
        "modules that use each other:\n{}",
        cycles
            .iter()
            .map(|c| graph.describe(c))
            .collect::<Vec<_>>()
            .join("\n")
    );
}

/// The three cycles that were broken, so the test is seen to find what it looks for:
/// reading the code as it was (in miniature) gives each one back.
#[test]
fn the_reader_finds_a_cycle_through_a_group_a_re_export_and_super() {
    let dir = tempfile::tempdir().unwrap();
    let write = |path: &str, text: &str| {
        let p = dir.path().join(path);
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(p, text).unwrap();
    };
    write(
        "lib.rs",
        "pub mod error;\npub use error::{Error, Result};\n",
    );
    write("error.rs", "pub use crate::problem::Problem;\n");
    write("problem.rs", "pub mod shown;\n");
    write(
        "problem/shown.rs",
        "use super::super::text::is_invisible;\n",
    );
    write("text.rs", "fn f() -> crate::Result<()> { Ok(()) }\n");
    write(
        "report/mod.rs",
        "use crate::{readiness, signing::{Format, Issuer}};\n",
    );
    write(
        "signing/json.rs",
        "fn open() { let r = crate::report::from_json(s); }\n",
    );
    write("readiness.rs", "");
    let g = graph_of(dir.path());
    let cycles: Vec<Vec<String>> = g.cycles();
    assert_eq!(
        cycles,
        vec![
            vec!["error".to_string(), "problem".into(), "text".into()],
            vec!["report".to_string(), "signing".into()],
        ]
    );
    assert!(g.edges.contains_key(&("report".into(), "readiness".into())));
}

#[test]
fn comments_strings_and_tests_are_not_read() {
    let dir = tempfile::tempdir().unwrap();
    let write = |path: &str, text: &str| std::fs::write(dir.path().join(path), text).unwrap();
    write("lib.rs", "");
    write(
        "rules.rs",
        r##"
//! Like `crate::store`, but /* nested */ pure.
/* a block comment naming crate::store /* nested crate::store */ crate::store */
const URL: &str = "see crate::store";
const RAW: &str = r#"crate::store "quoted""#;
const C: char = '"';
fn f<'a>(x: &'a str) -> &'a str { x }
#[cfg(test)]
#[allow(dead_code)]
mod tests {
    use crate::store::Store;
    fn g() { if true { crate::store::x(); } }
}
#[cfg(test)]
mod more;
fn h() -> crate::dates::Date { todo!() }
"##,
    );
    write("store.rs", "");
    write("dates.rs", "");
    std::fs::create_dir(dir.path().join("rules")).unwrap();
    write("rules/more.rs", "use crate::store;\n");
    let g = graph_of(dir.path());
    let edges: Vec<&(String, String)> = g.edges.keys().collect();
    assert_eq!(edges, [&("rules".to_string(), "dates".to_string())]);
}

// ---------------------------------------------------------------------------------------
// Reading the source.

struct Graph {
    modules: BTreeSet<String>,
    /// (from, to) → the files where `from` uses `to`.
    edges: BTreeMap<(String, String), Vec<String>>,
}

impl Graph {
    /// Every set of two or more modules that use each other (strongly connected
    /// components), each sorted, in order.
    fn cycles(&self) -> Vec<Vec<String>> {
        let reach = |from: &str| -> BTreeSet<String> {
            let mut seen = BTreeSet::new();
            let mut todo = vec![from.to_string()];
            while let Some(m) = todo.pop() {
                for (a, b) in self.edges.keys() {
                    if *a == m && seen.insert(b.clone()) {
                        todo.push(b.clone());
                    }
                }
            }
            seen
        };
        let reaches: BTreeMap<&String, BTreeSet<String>> =
            self.modules.iter().map(|m| (m, reach(m))).collect();
        let mut out: Vec<Vec<String>> = Vec::new();
        for m in &self.modules {
            let component: Vec<String> = self
                .modules
                .iter()
                .filter(|n| reaches[m].contains(*n) && reaches[n].contains(m))
                .cloned()
                .collect();
            if component.len() > 1 && !out.contains(&component) {
                out.push(component);
            }
        }
        out
    }

    fn describe(&self, component: &[String]) -> String {
        let mut lines = vec![format!("{component:?}:")];
        for ((a, b), files) in &self.edges {
            if component.contains(a) && component.contains(b) {
                lines.push(format!("  {a} -> {b} in {}", files.join(", ")));
            }
        }
        lines.join("\n")
    }
}

/// The uses between the top-level modules of the crate whose root is `src/lib.rs`.
fn graph_of(src: &Path) -> Graph {
    let mut files = Vec::new();
    rust_files(src, &mut files);
    let modules: BTreeSet<String> = files
        .iter()
        .filter_map(|f| module_path(src, f).first().cloned())
        .collect();
    // The crate root's `pub use m::{A, B}`: `crate::A` is a use of `m`.
    let mut reexports: BTreeMap<String, String> = BTreeMap::new();
    if let Ok(text) = std::fs::read_to_string(src.join("lib.rs")) {
        let t = tokens(&text);
        for (i, w) in t.windows(3).enumerate() {
            if w[0] == "use" && w[2] == "::" && modules.contains(&w[1]) {
                for name in group_heads(&t[i + 3..]) {
                    reexports.insert(name, w[1].clone());
                }
            }
        }
    }
    let mut skipped: BTreeSet<PathBuf> = BTreeSet::new();
    let mut edges: BTreeMap<(String, String), Vec<String>> = BTreeMap::new();
    // Files first found as `#[cfg(test)] mod x;` are skipped: sort parents before children.
    files.sort_by_key(|f| f.components().count());
    for file in &files {
        let path = module_path(src, file);
        let Some(top) = path.first() else { continue };
        if skipped.contains(file) {
            continue;
        }
        let text = std::fs::read_to_string(file).unwrap();
        let (t, test_mods) = without_tests(tokens(&text));
        let dir = if file.file_name().is_some_and(|n| n == "mod.rs") {
            file.parent().unwrap().to_path_buf()
        } else {
            file.with_extension("")
        };
        for m in test_mods {
            skipped.insert(dir.join(format!("{m}.rs")));
            skipped.insert(dir.join(&m).join("mod.rs"));
        }
        for target in uses(&t, path.len()) {
            let target = reexports.get(&target).cloned().unwrap_or(target);
            if modules.contains(&target) && target != *top {
                let shown = file.strip_prefix(src).unwrap().display().to_string();
                let at = edges.entry((top.clone(), target)).or_default();
                if !at.contains(&shown) {
                    at.push(shown);
                }
            }
        }
    }
    Graph { modules, edges }
}

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    let mut entries: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    entries.sort();
    for p in entries {
        if p.is_dir() {
            rust_files(&p, out);
        } else if p.extension().is_some_and(|e| e == "rs") {
            out.push(p);
        }
    }
}

/// `src/store/db.rs` → `[store, db]`; `src/report/mod.rs` → `[report]`; `lib.rs` → `[]`.
fn module_path(src: &Path, file: &Path) -> Vec<String> {
    let rel = file.strip_prefix(src).unwrap().with_extension("");
    let mut parts: Vec<String> = rel
        .components()
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .collect();
    if parts.last().is_some_and(|p| p == "mod") || parts == ["lib"] {
        parts.pop();
    }
    parts
}

/// The code as words and punctuation, without comments and with every string and
/// character literal emptied (`""`).
fn tokens(text: &str) -> Vec<String> {
    let c: Vec<char> = text.chars().collect();
    let mut out = Vec::new();
    let mut i = 0;
    while i < c.len() {
        let ch = c[i];
        let next = c.get(i + 1).copied();
        if ch == '/' && next == Some('/') {
            while i < c.len() && c[i] != '\n' {
                i += 1;
            }
        } else if ch == '/' && next == Some('*') {
            let mut depth = 0;
            while i < c.len() {
                if c[i] == '/' && c.get(i + 1) == Some(&'*') {
                    depth += 1;
                    i += 2;
                } else if c[i] == '*' && c.get(i + 1) == Some(&'/') {
                    depth -= 1;
                    i += 2;
                    if depth == 0 {
                        break;
                    }
                } else {
                    i += 1;
                }
            }
        } else if ch == '"' {
            i = string_end(&c, i + 1, 0);
            out.push("\"\"".into());
        } else if (ch == 'r' || ch == 'b') && raw_string_start(&c, i).is_some() {
            let (hashes, open) = raw_string_start(&c, i).unwrap();
            i = string_end(&c, open + 1, hashes);
            out.push("\"\"".into());
        } else if ch == '\'' {
            // A character literal ('x', '\n', '\u{..}') or a lifetime ('a).
            if next == Some('\\') {
                i += 3;
                while i < c.len() && c[i] != '\'' {
                    i += 1;
                }
                i += 1;
                out.push("\"\"".into());
            } else if c.get(i + 2) == Some(&'\'') {
                i += 3;
                out.push("\"\"".into());
            } else {
                i += 1;
            }
        } else if ch.is_alphanumeric() || ch == '_' {
            let start = i;
            while i < c.len() && (c[i].is_alphanumeric() || c[i] == '_') {
                i += 1;
            }
            out.push(c[start..i].iter().collect());
        } else if ch == ':' && next == Some(':') {
            out.push("::".into());
            i += 2;
        } else if ch.is_whitespace() {
            i += 1;
        } else {
            out.push(ch.to_string());
            i += 1;
        }
    }
    out
}

/// `r"`, `r#"`, `br##"`…: how many `#` and where the opening quote is.
fn raw_string_start(c: &[char], i: usize) -> Option<(usize, usize)> {
    if i > 0 && (c[i - 1].is_alphanumeric() || c[i - 1] == '_') {
        return None;
    }
    let mut j = i;
    if c[j] == 'b' {
        j += 1;
    }
    if c.get(j) != Some(&'r') {
        return None;
    }
    j += 1;
    let hashes = c[j..].iter().take_while(|&&h| h == '#').count();
    (c.get(j + hashes) == Some(&'"')).then_some((hashes, j + hashes))
}

/// Just past the end of a string whose contents start at `i`; `hashes` for a raw string.
fn string_end(c: &[char], mut i: usize, hashes: usize) -> usize {
    while i < c.len() {
        if hashes == 0 && c[i] == '\\' {
            i += 2;
            continue;
        }
        if c[i] == '"'
            && c[i + 1..]
                .iter()
                .take(hashes)
                .filter(|&&h| h == '#')
                .count()
                == hashes
        {
            return i + 1 + hashes;
        }
        i += 1;
    }
    i
}

/// The tokens without `#[cfg(test)]` items, and the names of `#[cfg(test)] mod x;` files.
fn without_tests(t: Vec<String>) -> (Vec<String>, Vec<String>) {
    const CFG_TEST: [&str; 7] = ["#", "[", "cfg", "(", "test", ")", "]"];
    let mut out = Vec::new();
    let mut test_mods = Vec::new();
    let mut i = 0;
    while i < t.len() {
        if t[i..].starts_with(&CFG_TEST.map(String::from)) {
            i += CFG_TEST.len();
            // Further attributes of the same item.
            while t.get(i).is_some_and(|x| x == "#") {
                i = past_group(&t, i + 1);
            }
            // The item: up to its `;`, or through its body.
            let start = i;
            while i < t.len() && t[i] != ";" && t[i] != "{" {
                i += 1;
            }
            if t.get(i).is_some_and(|x| x == ";") {
                if let Some(m) = t[start..i].iter().position(|x| x == "mod") {
                    test_mods.push(t[start + m + 1].clone());
                }
                i += 1;
            } else {
                i = past_group(&t, i);
            }
        } else {
            out.push(t[i].clone());
            i += 1;
        }
    }
    (out, test_mods)
}

/// Just past the bracket group (`[…]`, `{…}`, `(…)`) that opens at `i`.
fn past_group(t: &[String], mut i: usize) -> usize {
    let mut depth = 0;
    while i < t.len() {
        match t[i].as_str() {
            "[" | "{" | "(" => depth += 1,
            "]" | "}" | ")" => {
                depth -= 1;
                if depth == 0 {
                    return i + 1;
                }
            }
            _ => {}
        }
        i += 1;
    }
    i
}

/// The first names of every path into the crate root in a file `depth` modules deep.
fn uses(t: &[String], depth: usize) -> Vec<String> {
    let mut out = Vec::new();
    for i in 0..t.len() {
        let at_root = if t[i] == "crate" && i > 0 && t[i - 1] == "::" {
            None // `foo::crate` is not a path from the root
        } else if t[i] == "crate" {
            Some(i + 1)
        } else if t[i] == "super" && (i < 2 || t[i - 2] != "super") {
            // `super::super::…`: the root when it climbs out of the top-level module.
            let mut j = i;
            let mut supers = 0;
            while t.get(j).is_some_and(|x| x == "super") && t.get(j + 1).is_some_and(|x| x == "::")
            {
                supers += 1;
                j += 2;
            }
            (supers >= depth && supers > 0).then_some(j - 1)
        } else {
            None
        };
        let Some(sep) = at_root else { continue };
        if t.get(sep).is_none_or(|x| x != "::") {
            continue;
        }
        match t.get(sep + 1).map(String::as_str) {
            Some("{") => out.extend(group_heads(&t[sep + 1..])),
            Some(name) => out.push(name.to_string()),
            None => {}
        }
    }
    out
}

/// The first name of each path in `{a, b::c, d::{e, f}}`, or the one name of `a::…`.
fn group_heads(t: &[String]) -> Vec<String> {
    if t.first().is_none_or(|x| x != "{") {
        return t.first().cloned().into_iter().collect();
    }
    let mut out = Vec::new();
    let mut depth = 0;
    let mut head = true;
    for x in t {
        match x.as_str() {
            "{" => {
                depth += 1;
                head = depth == 1;
            }
            "}" => {
                depth -= 1;
                if depth == 0 {
                    break;
                }
            }
            "," if depth == 1 => head = true,
            name if head && depth == 1 => {
                if name != "self" {
                    out.push(name.to_string());
                }
                head = false;
            }
            _ => {}
        }
    }
    out
}
