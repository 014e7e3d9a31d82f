//! The core's structure, checked: the modules of `core/src` import each other without a
//! circle, and no source file grows past 700 lines.
//!
//! The checker reads the sources as text. Each file belongs to its top-level module
//! (`remedy/caps.rs` to `remedy`); every `crate::x` path it names (in `use`, in types, in
//! `#[serde(with = "crate::x::...")]`) is an edge to module `x`, and a name re-exported at
//! the crate root (`crate::Engine`) is an edge to the module that defines it. Comments and
//! `#[cfg(test)]` items are left out: tests may use anything.

#![allow(clippy::indexing_slicing, clippy::panic)] // a test harness

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

/// Largest source file allowed in `core/src`, in lines.
const MAX_LINES: usize = 700;

type Graph = BTreeMap<String, BTreeSet<String>>;

fn src_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("src")
}

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    let mut entries: Vec<PathBuf> = entries.filter_map(|e| e.ok().map(|e| e.path())).collect();
    entries.sort();
    for p in entries {
        if p.is_dir() {
            rust_files(&p, out);
        } else if p.extension().is_some_and(|e| e == "rs") {
            out.push(p);
        }
    }
}

/// The file's module path below the crate root: `remedy/caps.rs` -> `["remedy", "caps"]`,
/// `remedy/mod.rs` -> `["remedy"]`, `lib.rs` -> `[]`.
fn module_path(rel: &Path) -> Vec<String> {
    let mut parts: Vec<String> = rel
        .iter()
        .map(|c| c.to_string_lossy().trim_end_matches(".rs").to_string())
        .collect();
    if parts.last().is_some_and(|l| l == "mod" || l == "lib") {
        parts.pop();
    }
    parts
}

/// The text without comments and without the items marked `#[cfg(test)]`.
fn strip(text: &str) -> String {
    let mut no_comments = String::with_capacity(text.len());
    for line in text.lines() {
        let mut in_str = false;
        let mut prev = ' ';
        let mut cut = line.len();
        for (i, ch) in line.char_indices() {
            if ch == '"' && prev != '\\' {
                in_str = !in_str;
            }
            if !in_str && ch == '/' && prev == '/' {
                cut = i - 1;
                break;
            }
            prev = ch;
        }
        no_comments.push_str(&line[..cut]);
        no_comments.push('\n');
    }
    let mut out = String::with_capacity(no_comments.len());
    let mut rest = no_comments.as_str();
    while let Some(at) = rest.find("#[cfg(test)]") {
        out.push_str(&rest[..at]);
        rest = &rest[at + "#[cfg(test)]".len()..];
        // Skip the next item: up to a `;` before any brace, or to the brace that closes.
        let mut depth = 0usize;
        let mut end = rest.len();
        for (i, ch) in rest.char_indices() {
            match ch {
                '{' => depth += 1,
                '}' => {
                    depth = depth.saturating_sub(1);
                    if depth == 0 {
                        end = i + 1;
                        break;
                    }
                }
                ';' if depth == 0 => {
                    end = i + 1;
                    break;
                }
                _ => {}
            }
        }
        rest = &rest[end..];
    }
    out.push_str(rest);
    out
}

fn is_ident(c: char) -> bool {
    c.is_ascii_alphanumeric() || c == '_'
}

/// Expands a use tree starting at `s` (`a::b`, `a::{b, c::{d, e}}`, `*`) into its paths.
fn use_tree(s: &str, prefix: &[String], out: &mut Vec<Vec<String>>) -> usize {
    let mut path: Vec<String> = prefix.to_vec();
    let mut i = 0;
    let bytes: Vec<char> = s.chars().collect();
    loop {
        while i < bytes.len() && bytes[i].is_whitespace() {
            i += 1;
        }
        let start = i;
        while i < bytes.len() && is_ident(bytes[i]) {
            i += 1;
        }
        if i > start {
            path.push(bytes[start..i].iter().collect());
        }
        while i < bytes.len() && bytes[i].is_whitespace() {
            i += 1;
        }
        if i + 1 < bytes.len() && bytes[i] == ':' && bytes[i + 1] == ':' {
            i += 2;
            if i < bytes.len() && bytes[i] == '{' {
                i += 1;
                loop {
                    let rest: String = bytes[i..].iter().collect();
                    i += use_tree(&rest, &path, out);
                    while i < bytes.len() && bytes[i].is_whitespace() {
                        i += 1;
                    }
                    match bytes.get(i) {
                        Some(',') => i += 1,
                        Some('}') => {
                            i += 1;
                            return i;
                        }
                        _ => return i,
                    }
                    while i < bytes.len() && bytes[i].is_whitespace() {
                        i += 1;
                    }
                    if bytes.get(i) == Some(&'}') {
                        i += 1;
                        return i;
                    }
                }
            }
            continue;
        }
        out.push(path);
        return i;
    }
}

/// Every path in `text` that starts with `word::` where `word` is not itself the tail of
/// a longer path, expanded (`crate::{a::x, b}` gives `[crate, a, x]` and `[crate, b]`).
fn paths_from(text: &str, word: &str) -> Vec<Vec<String>> {
    let mut found = Vec::new();
    let needle = format!("{word}::");
    let mut from = 0;
    while let Some(pos) = text[from..].find(&needle) {
        let start = from + pos;
        from = start + needle.len();
        let before = text[..start].chars().next_back();
        if before.is_some_and(|c| is_ident(c) || c == ':') {
            continue;
        }
        use_tree(&text[start..], &[], &mut found);
    }
    found
}

/// The modules of the crate, each with its file: `["remedy", "caps"]` -> `remedy/caps.rs`.
fn modules(src: &Path) -> BTreeMap<Vec<String>, PathBuf> {
    let mut files = Vec::new();
    rust_files(src, &mut files);
    files
        .into_iter()
        .map(|f| (module_path(f.strip_prefix(src).unwrap_or(&f)), f))
        .collect()
}

/// The module a path names: the longest prefix of it that is a module of the crate.
fn resolve(mods: &BTreeMap<Vec<String>, PathBuf>, path: &[String]) -> Option<Vec<String>> {
    (1..=path.len())
        .rev()
        .map(|n| path[..n].to_vec())
        .find(|p| mods.contains_key(p))
}

/// The file-level import graph of the crate at `src`: one node per module file
/// (`remedy::caps`), one edge per module a file names by a `crate::`, `super::`, `self::`
/// or child-module path. The crate root is not a node; a name it re-exports
/// (`crate::Engine`) counts as the module that defines it.
fn file_graph(src: &Path) -> Graph {
    let mods = modules(src);
    let lib = strip(&std::fs::read_to_string(src.join("lib.rs")).unwrap_or_default());
    let mut reexports: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for stmt in lib.split(';') {
        if let Some(tree) = stmt.trim().strip_prefix("pub use ") {
            let mut paths = Vec::new();
            use_tree(tree, &[], &mut paths);
            for p in paths {
                if let (Some(name), Some(m)) = (p.last(), resolve(&mods, &p)) {
                    reexports.insert(name.clone(), m);
                }
            }
        }
    }
    let name = |m: &[String]| m.join("::");
    let mut graph: Graph = mods
        .keys()
        .filter(|m| !m.is_empty())
        .map(|m| (name(m), BTreeSet::new()))
        .collect();
    for (here, file) in &mods {
        if here.is_empty() || file.file_name().is_some_and(|n| n == "tests.rs") {
            continue;
        }
        let text = strip(&std::fs::read_to_string(file).unwrap_or_default());
        let mut targets: Vec<Vec<String>> = Vec::new();
        for p in paths_from(&text, "crate") {
            let p = p.get(1..).unwrap_or_default();
            match p.first().and_then(|n| reexports.get(n)) {
                Some(m) if p.len() == 1 || !mods.contains_key(&p[..1]) => targets.push(m.clone()),
                _ => targets.extend(resolve(&mods, p)),
            }
        }
        for p in paths_from(&text, "super") {
            let supers = p.iter().take_while(|s| *s == "super").count();
            if supers > here.len() {
                continue;
            }
            let mut full = here[..here.len() - supers].to_vec();
            full.extend(p[supers..].iter().cloned());
            targets.extend(resolve(&mods, &full));
        }
        let children: Vec<&Vec<String>> = mods
            .keys()
            .filter(|m| m.len() == here.len() + 1 && m.starts_with(here))
            .collect();
        for child in children {
            let Some(last) = child.last() else { continue };
            for p in paths_from(&text, last).into_iter().chain(
                paths_from(&text, "self")
                    .into_iter()
                    .filter(|p| p.get(1) == Some(last))
                    .map(|p| p[1..].to_vec()),
            ) {
                let mut full = here.clone();
                full.extend(p);
                targets.extend(resolve(&mods, &full));
            }
        }
        for t in targets {
            if !t.is_empty() && &t != here {
                graph.entry(name(here)).or_default().insert(name(&t));
            }
        }
    }
    graph
}

/// The top-level module a file-level node belongs to (`remedy::caps` -> `remedy`).
fn top(node: &str) -> &str {
    node.split("::").next().unwrap_or(node)
}

/// The strongly connected components with more than one module (Tarjan), each sorted.
fn circles(graph: &Graph) -> Vec<Vec<String>> {
    struct State<'g> {
        graph: &'g Graph,
        index: BTreeMap<&'g str, usize>,
        low: BTreeMap<&'g str, usize>,
        stack: Vec<&'g str>,
        on_stack: BTreeSet<&'g str>,
        next: usize,
        out: Vec<Vec<String>>,
    }
    fn visit<'g>(s: &mut State<'g>, v: &'g str) {
        s.index.insert(v, s.next);
        s.low.insert(v, s.next);
        s.next += 1;
        s.stack.push(v);
        s.on_stack.insert(v);
        if let Some(edges) = s.graph.get(v) {
            for w in edges {
                let w = w.as_str();
                if !s.index.contains_key(w) {
                    visit(s, w);
                    let lw = s.low[w];
                    let lv = s.low[v];
                    s.low.insert(v, lv.min(lw));
                } else if s.on_stack.contains(w) {
                    let iw = s.index[w];
                    let lv = s.low[v];
                    s.low.insert(v, lv.min(iw));
                }
            }
        }
        if s.low[v] == s.index[v] {
            let mut comp = Vec::new();
            while let Some(w) = s.stack.pop() {
                s.on_stack.remove(w);
                comp.push(w.to_string());
                if w == v {
                    break;
                }
            }
            if comp.len() > 1 {
                comp.sort();
                s.out.push(comp);
            }
        }
    }
    let mut s = State {
        graph,
        index: BTreeMap::new(),
        low: BTreeMap::new(),
        stack: Vec::new(),
        on_stack: BTreeSet::new(),
        next: 0,
        out: Vec::new(),
    };
    for v in graph.keys() {
        if !s.index.contains_key(v.as_str()) {
            visit(&mut s, v);
        }
    }
    s.out.sort();
    s.out
}

/// One closed walk through a circle, for the message: `a -> b -> c -> a`.
fn one_cycle(graph: &Graph, comp: &[String]) -> String {
    let members: BTreeSet<&str> = comp.iter().map(String::as_str).collect();
    let Some(start) = comp.first() else {
        return String::new();
    };
    // Breadth-first from `start` back to `start` inside the component.
    let mut prev: BTreeMap<&str, &str> = BTreeMap::new();
    let mut queue = std::collections::VecDeque::from([start.as_str()]);
    while let Some(v) = queue.pop_front() {
        for w in graph.get(v).into_iter().flatten() {
            let w = w.as_str();
            if !members.contains(w) {
                continue;
            }
            if w == start {
                let mut walk = vec![start.as_str(), v];
                let mut at = v;
                while let Some(p) = prev.get(at) {
                    walk.push(p);
                    at = p;
                }
                if v == start {
                    walk.pop();
                }
                walk.reverse();
                walk.push(start);
                walk.dedup();
                return walk.join(" -> ");
            }
            if w != start && !prev.contains_key(w) {
                prev.insert(w, v);
                queue.push_back(w);
            }
        }
    }
    comp.join(", ")
}

/// The circles that run through more than one top-level module. A directory module's
/// own files may name each other (`mod.rs` re-exports its children, which use the types
/// `mod.rs` defines): that is one module's inside, not a circle between modules.
fn cross_module_circles(graph: &Graph) -> Vec<Vec<String>> {
    circles(graph)
        .into_iter()
        .filter(|c| c.iter().any(|n| top(n) != c.first().map_or("", |f| top(f))))
        .collect()
}

/// The graph with each directory module's files merged into one node.
fn top_level(graph: &Graph) -> Graph {
    let mut out = Graph::new();
    for (from, edges) in graph {
        let entry = out.entry(top(from).to_string()).or_default();
        for to in edges {
            if top(to) != top(from) {
                entry.insert(top(to).to_string());
            }
        }
    }
    out
}

fn report(graph: &Graph) -> String {
    let mut msg = String::new();
    for comp in cross_module_circles(graph) {
        msg.push_str(&format!(
            "import circle of {} files: {}\n  e.g. {}\n",
            comp.len(),
            comp.join(", "),
            one_cycle(graph, &comp)
        ));
    }
    msg
}

#[test]
fn the_core_has_no_import_circle() {
    let graph = file_graph(&src_dir());
    if std::env::var_os("AMENDS_PRINT_MODULE_GRAPH").is_some() {
        for (m, edges) in &graph {
            let edges: Vec<&str> = edges.iter().map(String::as_str).collect();
            println!("{m} -> {}", edges.join(", "));
        }
        for comp in circles(&graph) {
            println!("file circle: {}", comp.join(", "));
        }
        for comp in circles(&top_level(&graph)) {
            println!("top-level circle: {}", comp.join(", "));
        }
    }
    assert!(
        graph.len() > 20,
        "the checker found too few modules: {graph:?}"
    );
    let msg = report(&graph);
    assert!(msg.is_empty(), "{msg}");
    // With each directory taken as one module, the graph is a tree of layers too.
    let top = circles(&top_level(&graph));
    assert!(
        top.is_empty(),
        "import circles between top-level modules: {top:?}"
    );
}

#[test]
fn no_core_file_exceeds_the_line_limit() {
    let src = src_dir();
    let mut files = Vec::new();
    rust_files(&src, &mut files);
    assert!(files.len() > 10);
    let mut long = Vec::new();
    for f in files {
        let rel = f.strip_prefix(&src).unwrap_or(&f).to_path_buf();
        let lines = std::fs::read_to_string(&f)
            .unwrap_or_default()
            .lines()
            .count();
        if lines > MAX_LINES {
            long.push(format!("{} has {lines} lines", rel.display()));
        }
    }
    assert!(
        long.is_empty(),
        "files over {MAX_LINES} lines:\n{}",
        long.join("\n")
    );
}

// The checker itself, on small synthetic crates.

fn synthetic(name: &str, files: &[(&str, &str)]) -> Graph {
    let dir =
        std::env::temp_dir().join(format!("amends-module-graph-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    for (path, text) in files {
        let p = dir.join(path);
        if let Some(parent) = p.parent() {
            std::fs::create_dir_all(parent).ok();
        }
        std::fs::write(&p, text).ok();
    }
    let g = file_graph(&dir);
    let _ = std::fs::remove_dir_all(&dir);
    g
}

#[test]
fn the_checker_finds_a_circle() {
    let g = synthetic("circle", &[
        ("lib.rs", "pub mod a; pub mod b; pub mod c;\npub use c::Thing;\n"),
        ("a.rs", "use crate::b::X;\n"),
        (
            "b/mod.rs",
            "mod inner;\npub use inner::Y;\npub struct X;\n#[cfg(test)]\nmod tests { use crate::a::Y; }\n",
        ),
        ("b/inner.rs", "use super::X;\npub fn f() -> crate::Thing { todo!() }\n"),
        ("c.rs", "use crate::{a::Z, b};\n// use crate::a::Nothing;\npub struct Thing;\n"),
    ]);
    let set = |v: &[&str]| v.iter().map(|s| s.to_string()).collect::<BTreeSet<_>>();
    assert_eq!(g["a"], set(&["b"]));
    assert_eq!(g["b"], set(&["b::inner"]));
    assert_eq!(g["b::inner"], set(&["b", "c"]));
    assert_eq!(g["c"], set(&["a", "b"]));
    assert_eq!(circles(&g), vec![vec!["a", "b", "b::inner", "c"]]);
    assert_eq!(circles(&top_level(&g)), vec![vec!["a", "b", "c"]]);
    let msg = report(&g);
    assert!(msg.contains("import circle of 4 files"), "{msg}");
    assert!(msg.contains("a -> b -> b::inner -> c -> a"), "{msg}");
}

#[test]
fn the_checker_allows_a_directory_module_to_name_its_own_files() {
    let g = synthetic(
        "inside",
        &[
            ("lib.rs", "pub mod a; pub mod b; pub mod c;\n"),
            ("a.rs", "use crate::b::X;\nuse crate::c::Y;\n"),
            (
                "b/mod.rs",
                "mod x;\npub use self::x::X;\npub struct Shared;\n",
            ),
            (
                "b/x.rs",
                "use super::Shared;\nuse crate::c::Y;\n#[cfg(test)]\nuse crate::a::Z;\n",
            ),
            ("c.rs", "#[serde(with = \"crate::c::x\")]\npub struct Y;\n"),
        ],
    );
    assert_eq!(circles(&g), vec![vec!["b", "b::x"]]);
    assert!(cross_module_circles(&g).is_empty(), "{g:?}");
    assert!(circles(&top_level(&g)).is_empty());
    assert!(report(&g).is_empty());
}
