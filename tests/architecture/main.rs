//! The map in `ARCHITECTURE.md`, checked against the code: which layer may import which, no import
//! cycles between the files of `src/api/` or `src/service/` (a module and its own children aside),
//! and no source file over 1,000 lines. It reads the sources as text: `use` trees and `crate::`/
//! `super::` paths, outside `#[cfg(test)]` modules.
use std::{
    collections::{BTreeMap, BTreeSet},
    path::{Path, PathBuf},
};

type Module = Vec<String>;

const MAX_LINES: usize = 1_000;

/// Each layer may import the layers below it; `api`, `web` and `worker` stand side by side and
/// import none of each other. Modules not named here (`error`, `i18n`, `clock`, `markdown`,
/// `config`, `db`) are leaves anyone may use.
const LAYERS: &[(&str, u8)] =
    &[("api", 5), ("web", 5), ("worker", 5), ("http", 4), ("state", 3), ("service", 2), ("search", 1), ("domain", 0)];

fn rank(m: &Module) -> Option<u8> {
    let top = m.first()?;
    LAYERS.iter().find(|(name, _)| name == top).map(|(_, r)| *r)
}

fn sources(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).expect("src/ is readable") {
        let path = entry.expect("a directory entry").path();
        if path.is_dir() {
            sources(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

fn module_of(src: &Path, file: &Path) -> Module {
    let rel = file.strip_prefix(src).expect("a file under src/").with_extension("");
    let mut parts: Module = rel.iter().map(|p| p.to_string_lossy().into_owned()).collect();
    if matches!(parts.last().map(String::as_str), Some("mod" | "lib" | "main")) {
        parts.pop();
    }
    parts
}

/// The text before the first `#[cfg(test)]` module: tests may reach anywhere.
fn without_tests(text: &str) -> &str {
    let mut at = 0;
    while let Some(i) = text[at..].find("#[cfg(test)]") {
        let after = text[at + i + "#[cfg(test)]".len()..].trim_start();
        if after.starts_with("mod ") || after.starts_with("pub mod ") {
            return &text[..at + i];
        }
        at += i + 1;
    }
    text
}

/// Drop comments, so that a doc comment naming `crate::api` is not an import.
fn code_only(text: &str) -> String {
    text.lines()
        .map(|l| match l.find("//") {
            Some(i) if !l[..i].contains('"') => &l[..i],
            _ => l,
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// Every path a `use` tree names, e.g. `crate::{a, b::{c, d}}` -> `crate::a`, `crate::b::c`, ...
fn expand(prefix: &str, tree: &str, out: &mut Vec<String>) {
    let tree = tree.trim();
    if let Some(open) = tree.find('{') {
        let head = tree[..open].trim_end_matches("::").trim();
        let inner = &tree[open + 1..tree.rfind('}').unwrap_or(tree.len())];
        let prefix = join(prefix, head);
        let (mut depth, mut start) = (0, 0);
        for (i, c) in inner.char_indices() {
            match c {
                '{' => depth += 1,
                '}' => depth -= 1,
                ',' if depth == 0 => {
                    expand(&prefix, &inner[start..i], out);
                    start = i + 1;
                }
                _ => {}
            }
        }
        expand(&prefix, &inner[start..], out);
    } else if !tree.is_empty() {
        let path = tree.split(" as ").next().unwrap_or(tree).trim();
        out.push(join(prefix, path));
    }
}

fn join(a: &str, b: &str) -> String {
    match (a.is_empty(), b.is_empty()) {
        (true, _) => b.to_string(),
        (_, true) => a.to_string(),
        _ => format!("{a}::{b}"),
    }
}

/// The paths a file names: its `use` trees and the `crate::`/`super::` paths in its code.
fn paths_in(code: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut rest = code;
    while let Some(i) = rest.find("use ") {
        let before = rest[..i].chars().last();
        let tail = &rest[i + 4..];
        if before.is_none_or(|c| !c.is_alphanumeric() && c != '_')
            && let Some(end) = tail.find(';')
        {
            let tree = &tail[..end];
            if tree.trim_start().starts_with("crate") || tree.trim_start().starts_with("super") {
                expand("", tree, &mut out);
            }
        }
        rest = tail;
    }
    for root in ["crate::", "super::"] {
        let mut at = 0;
        while let Some(i) = code[at..].find(root) {
            let start = at + i;
            let before = code[..start].chars().last();
            let end = code[start..]
                .find(|c: char| !(c.is_alphanumeric() || c == '_' || c == ':'))
                .map_or(code.len(), |e| start + e);
            let path = code[start..end].trim_end_matches(':');
            // `crate::{a, b}` was read with its `use` tree above; alone it names no module.
            if before.is_none_or(|c| !c.is_alphanumeric() && c != '_' && c != ':') && path.contains("::") {
                out.push(path.to_string());
            }
            at = end.max(start + 1);
        }
    }
    out
}

/// The module file a path leads to, from the file `from`: the longest prefix that is a module.
fn resolve(modules: &BTreeSet<Module>, from: &Module, path: &str) -> Option<Module> {
    let mut segs = path.split("::").map(str::trim).filter(|s| !s.is_empty());
    let mut base: Module = match segs.next()? {
        "crate" => Vec::new(),
        "super" => from[..from.len().saturating_sub(1)].to_vec(),
        "self" => from.clone(),
        _ => return None,
    };
    let mut best = modules.contains(&base).then(|| base.clone());
    for seg in segs {
        match seg {
            "super" => {
                base.pop();
            }
            "self" => {}
            _ => base.push(seg.to_string()),
        }
        if modules.contains(&base) {
            best = Some(base.clone());
        }
    }
    best
}

struct Graph {
    edges: BTreeMap<Module, BTreeSet<Module>>,
    lines: BTreeMap<PathBuf, usize>,
}

fn graph() -> Graph {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files = Vec::new();
    sources(&src, &mut files);
    let modules: BTreeSet<Module> = files.iter().map(|f| module_of(&src, f)).collect();
    let mut edges = BTreeMap::new();
    let mut lines = BTreeMap::new();
    for f in &files {
        let text = std::fs::read_to_string(f).expect("a readable source file");
        lines.insert(f.strip_prefix(&src).expect("under src").to_path_buf(), text.lines().count());
        let m = module_of(&src, f);
        let code = code_only(without_tests(&text));
        let deps: BTreeSet<Module> =
            paths_in(&code).iter().filter_map(|p| resolve(&modules, &m, p)).filter(|d| *d != m).collect();
        edges.insert(m, deps);
    }
    Graph { edges, lines }
}

fn name(m: &Module) -> String {
    if m.is_empty() { "lib".into() } else { m.join("::") }
}

/// A module and its own children (or ancestors) may name each other.
fn related(a: &Module, b: &Module) -> bool {
    a.starts_with(b) || b.starts_with(a)
}

#[test]
fn layers_import_only_downwards() {
    let g = graph();
    let mut wrong = Vec::new();
    for (from, deps) in &g.edges {
        let Some(r) = rank(from) else { continue };
        for to in deps {
            if to.is_empty() {
                wrong.push(format!("{} -> lib.rs", name(from)));
                continue;
            }
            let Some(rt) = rank(to) else { continue };
            if from[0] != to[0] && rt >= r {
                wrong.push(format!("{} -> {}", name(from), name(to)));
            }
        }
    }
    assert!(wrong.is_empty(), "imports against the layering of ARCHITECTURE.md:\n{}", wrong.join("\n"));
}

/// Tarjan's strongly connected components over the files of one layer.
fn cycles(g: &Graph, layer: &str) -> Vec<Vec<String>> {
    struct S<'a> {
        g: &'a Graph,
        layer: &'a str,
        index: BTreeMap<Module, usize>,
        low: BTreeMap<Module, usize>,
        stack: Vec<Module>,
        next: usize,
        found: Vec<Vec<String>>,
    }
    fn visit(s: &mut S, v: &Module) {
        s.index.insert(v.clone(), s.next);
        s.low.insert(v.clone(), s.next);
        s.next += 1;
        s.stack.push(v.clone());
        let layer = s.layer;
        let deps: Vec<Module> =
            s.g.edges
                .get(v)
                .into_iter()
                .flatten()
                .filter(|w| w.first().is_some_and(|t| t == layer) && !related(v, w))
                .cloned()
                .collect();
        for w in &deps {
            if !s.index.contains_key(w) {
                visit(s, w);
                let lw = s.low[w];
                let lv = s.low.get_mut(v).expect("visited");
                *lv = (*lv).min(lw);
            } else if s.stack.contains(w) {
                let iw = s.index[w];
                let lv = s.low.get_mut(v).expect("visited");
                *lv = (*lv).min(iw);
            }
        }
        if s.low[v] == s.index[v] {
            let mut comp = Vec::new();
            while let Some(w) = s.stack.pop() {
                let done = w == *v;
                comp.push(name(&w));
                if done {
                    break;
                }
            }
            if comp.len() > 1 {
                comp.sort();
                s.found.push(comp);
            }
        }
    }
    let mut s =
        S { g, layer, index: BTreeMap::new(), low: BTreeMap::new(), stack: Vec::new(), next: 0, found: Vec::new() };
    let starts: Vec<Module> = g.edges.keys().filter(|m| m.first().is_some_and(|t| t == layer)).cloned().collect();
    for m in starts {
        if !s.index.contains_key(&m) {
            visit(&mut s, &m);
        }
    }
    s.found
}

#[test]
fn no_import_cycles_between_files_of_the_api_and_the_services() {
    let g = graph();
    for layer in ["api", "service"] {
        let found = cycles(&g, layer);
        assert!(found.is_empty(), "files of src/{layer}/ that import each other in a circle: {found:#?}");
    }
}

#[test]
fn no_source_file_is_over_a_thousand_lines() {
    let g = graph();
    let long: Vec<String> =
        g.lines.iter().filter(|(_, n)| **n > MAX_LINES).map(|(f, n)| format!("src/{} ({n})", f.display())).collect();
    assert!(long.is_empty(), "files over {MAX_LINES} lines; split them by noun or concern: {long:?}");
}

#[test]
fn the_checker_sees_imports_and_cycles() {
    // The checks above pass vacuously if the reader finds nothing: it must see these.
    let mut out = Vec::new();
    expand("", "crate::{a, b::{c, d as e}, f::*}", &mut out);
    assert_eq!(out, ["crate::a", "crate::b::c", "crate::b::d", "crate::f::*"]);
    let code = code_only("use super::{x, y};\nfn f() { crate::z::g(); } // crate::comment::not");
    let found = paths_in(&code);
    assert!(found.contains(&"super::x".to_string()) && found.contains(&"crate::z::g".to_string()), "{found:?}");
    assert!(!found.iter().any(|p| p.contains("comment")));
    let g = graph();
    assert!(g.edges.get(&vec!["api".to_string()]).is_some_and(|d| !d.is_empty()), "api/mod.rs imports something");
    let m = |s: &str| s.split("::").map(str::to_string).collect::<Module>();
    let fake = Graph {
        edges: BTreeMap::from([
            (m("service::a"), BTreeSet::from([m("service::b")])),
            (m("service::b"), BTreeSet::from([m("service::a")])),
        ]),
        lines: BTreeMap::new(),
    };
    assert_eq!(cycles(&fake, "service").len(), 1);
}
