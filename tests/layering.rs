//! The house's layers, read from the sources: the core (`dump`, `export`,
//! `text`, `search`, `input`, `json`) never touches the terminal or the reader;
//! `app` (state) never reaches for `ui` (drawing); and no two modules need
//! each other. Test code (`tests.rs` files, a trailing `#[cfg(test)] mod`)
//! may use anything.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

const MODULES: &[&str] = &[
    "dump", "export", "text", "search", "input", "json", "state", "dups", "quality", "analysis",
    "overview", "app", "ui", "tui", "cli",
];
const CORE: &[&str] = &[
    "dump", "export", "text", "search", "input", "json", "state", "dups", "quality", "analysis",
    "overview",
];
const TERMINAL_CRATES: &[&str] = &["ratatui", "crossterm"];

/// The non-test source of module `m`: `src/m.rs` and everything under
/// `src/m/`, each file with its tests and comments cut.
fn sources(m: &str) -> Vec<(PathBuf, String)> {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files = Vec::new();
    let single = src.join(format!("{m}.rs"));
    if single.exists() {
        files.push(single);
    }
    let mut dirs = vec![src.join(m)];
    while let Some(dir) = dirs.pop() {
        let Ok(entries) = std::fs::read_dir(&dir) else {
            continue;
        };
        for e in entries {
            let p = e.unwrap().path();
            if p.is_dir() {
                dirs.push(p);
            } else if p.extension().is_some_and(|x| x == "rs")
                && p.file_name().is_some_and(|n| n != "tests.rs")
            {
                files.push(p);
            }
        }
    }
    assert!(!files.is_empty(), "no sources for module {m}");
    files
        .into_iter()
        .map(|p| {
            let text = std::fs::read_to_string(&p).unwrap();
            (p, code_only(&text))
        })
        .collect()
}

/// `text` without its trailing test module and without `//` comments.
fn code_only(text: &str) -> String {
    let text = match text.find("#[cfg(test)]\nmod ") {
        Some(i) => &text[..i],
        None => text,
    };
    text.lines()
        .map(|l| match l.find("//") {
            // A `//` inside a string ("https://") is not a comment.
            Some(i) if !l[..i].contains('"') => &l[..i],
            _ => l,
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// The modules `code` refers to as `crate::m` (also in `crate::{m, ..}`).
fn refers_to(code: &str) -> BTreeSet<&'static str> {
    let words = regex::Regex::new(r"crate::(\w+)|crate::\{([^}]*)\}").unwrap();
    let mut found = BTreeSet::new();
    for c in words.captures_iter(code) {
        let names: Vec<&str> = match (c.get(1), c.get(2)) {
            (Some(m), _) => vec![m.as_str()],
            (_, Some(g)) => g
                .as_str()
                .split(',')
                .map(|p| p.trim().split("::").next().unwrap_or(""))
                .collect(),
            _ => vec![],
        };
        for n in names {
            if let Some(m) = MODULES.iter().find(|&&m| m == n) {
                found.insert(*m);
            }
        }
    }
    found
}

fn graph() -> BTreeMap<&'static str, BTreeSet<&'static str>> {
    MODULES
        .iter()
        .map(|&m| {
            let mut to = BTreeSet::new();
            for (_, code) in sources(m) {
                to.extend(refers_to(&code));
            }
            to.remove(m);
            (m, to)
        })
        .collect()
}

#[test]
fn the_core_never_touches_the_terminal() {
    let mut bad = Vec::new();
    for m in CORE {
        for (path, code) in sources(m) {
            for krate in TERMINAL_CRATES {
                if regex::Regex::new(&format!(r"\b{krate}::"))
                    .unwrap()
                    .is_match(&code)
                {
                    bad.push(format!("{} uses {krate}", path.display()));
                }
            }
        }
    }
    assert!(bad.is_empty(), "{bad:#?}");
}

#[test]
fn the_core_never_reaches_up_into_the_reader() {
    let g = graph();
    for m in CORE {
        let up: Vec<_> = g[m].iter().filter(|o| !CORE.contains(o)).collect();
        assert!(up.is_empty(), "{m} refers to {up:?}");
    }
}

#[test]
fn app_state_never_reaches_for_drawing() {
    let g = graph();
    for above in ["ui", "tui", "cli"] {
        assert!(!g["app"].contains(above), "app refers to {above}");
    }
    assert!(!g["ui"].contains("tui") && !g["ui"].contains("cli"));
}

#[test]
fn no_two_modules_need_each_other() {
    let g = graph();
    // Depth-first search for a way back to where it started.
    fn back_to<'a>(
        g: &BTreeMap<&'a str, BTreeSet<&'a str>>,
        start: &'a str,
        at: &'a str,
        path: &mut Vec<&'a str>,
        seen: &mut BTreeSet<&'a str>,
    ) -> bool {
        for &next in &g[at] {
            path.push(next);
            if next == start {
                return true;
            }
            if seen.insert(next) && back_to(g, start, next, path, seen) {
                return true;
            }
            path.pop();
        }
        false
    }
    for &m in MODULES {
        let mut path = vec![m];
        if back_to(&g, m, m, &mut path, &mut BTreeSet::new()) {
            panic!("a cycle: {}", path.join(" -> "));
        }
    }
}

#[test]
fn the_checks_see_what_they_look_for() {
    // The reader itself: without these, every test above would pass on
    // sources it failed to read.
    let g = graph();
    assert!(g["ui"].contains("app"));
    assert!(g["text"].contains("dump"));
    assert!(refers_to("use crate::{dump::Index, text::wrap};").contains("text"));
    assert!(refers_to("use crate::ui::Theme;").contains("ui"));
    assert!(refers_to(&code_only("let x = 1; // crate::ui")).is_empty());
    let tui = sources("tui");
    assert!(tui.iter().any(|(_, c)| c.contains("crossterm::")));
}
