//! The layering of `src/`, read from the source: imports run one way.
//!
//! Every `crate::…`, `super::…` and `self::…` path of every module under `src/` is an
//! edge from that module to the module the path names. Two checks:
//! - between top-level modules (`users`, `connect`, `validate`, …) there is no circle,
//!   except the one clap's derive needs between `cli` and `commands`;
//! - inside a top-level module, no two sibling files import each other in a circle (a
//!   file and its parent `mod.rs` may: the parent re-exports, the child uses shared types);
//! - only `cli.rs` and `commands/` name clap: the logic takes plain option structs.
//!
//! Test modules (`#[cfg(test)] mod …` to the end of a file) are left out: a test may
//! import whatever it checks.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

/// A module path: `["users", "batch"]`; the crate root is `[]`.
type Module = Vec<String>;

fn files(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

/// `src/users/batch.rs` → `users::batch`; `src/users/mod.rs` → `users`; `src/lib.rs` → root.
fn module_of(src: &Path, file: &Path) -> Option<Module> {
    let rel = file.strip_prefix(src).unwrap();
    let mut parts: Vec<String> = rel
        .iter()
        .map(|p| p.to_string_lossy().into_owned())
        .collect();
    let last = parts.pop()?;
    match last.as_str() {
        "main.rs" if parts.is_empty() => None,
        "lib.rs" if parts.is_empty() => Some(parts),
        "mod.rs" => Some(parts),
        name => {
            parts.push(name.trim_end_matches(".rs").to_string());
            Some(parts)
        }
    }
}

/// The code of a file without comments, string contents and its test module.
fn code_of(text: &str) -> String {
    let text = match text.find("#[cfg(test)]\nmod ") {
        Some(i) => &text[..i],
        None => text,
    };
    let mut out = String::with_capacity(text.len());
    for line in text.lines() {
        let mut in_str = false;
        let mut prev = ' ';
        let mut kept = String::new();
        let mut chars = line.chars().peekable();
        while let Some(c) = chars.next() {
            if !in_str && c == '/' && chars.peek() == Some(&'/') {
                break;
            }
            if c == '"' && prev != '\\' {
                in_str = !in_str;
                kept.push(c);
            } else if !in_str {
                kept.push(c);
            }
            prev = c;
        }
        out.push_str(&kept);
        out.push('\n');
    }
    out
}

fn is_ident(c: char) -> bool {
    c.is_ascii_alphanumeric() || c == '_'
}

/// Every path that starts with `crate::`, `super::` or `self::`, braces expanded:
/// `crate::{a::B, c}` gives `crate::a::B` and `crate::c`.
fn paths_in(code: &str) -> Vec<Vec<String>> {
    let mut found = Vec::new();
    let bytes: Vec<char> = code.chars().collect();
    let mut i = 0;
    while i < bytes.len() {
        let starts_word = i == 0 || !(is_ident(bytes[i - 1]) || bytes[i - 1] == ':');
        let rest: String = bytes[i..bytes.len().min(i + 7)].iter().collect();
        let head = ["crate::", "super::", "self::"]
            .into_iter()
            .find(|h| rest.starts_with(h));
        match head {
            Some(h) if starts_word => {
                let (mut list, end) = expand(&bytes, i);
                found.append(&mut list);
                i = end.max(i + h.len());
            }
            _ => i += 1,
        }
    }
    found
}

/// Parse a path (with `{…}` groups) starting at `i`; the paths and where it ended.
fn expand(s: &[char], mut i: usize) -> (Vec<Vec<String>>, usize) {
    let mut prefix: Vec<String> = Vec::new();
    loop {
        let start = i;
        while i < s.len() && is_ident(s[i]) {
            i += 1;
        }
        if i > start {
            prefix.push(s[start..i].iter().collect());
        }
        if i + 1 < s.len() && s[i] == ':' && s[i + 1] == ':' {
            i += 2;
            if i < s.len() && s[i] == '{' {
                // A group: split at depth-0 commas and expand each member.
                i += 1;
                let mut out = Vec::new();
                loop {
                    while i < s.len() && (s[i].is_whitespace() || s[i] == ',') {
                        i += 1;
                    }
                    if i >= s.len() || s[i] == '}' {
                        return (out, i + 1);
                    }
                    let (members, end) = expand(s, i);
                    for m in members {
                        let mut p = prefix.clone();
                        p.extend(m);
                        out.push(p);
                    }
                    if end == i {
                        i += 1;
                    } else {
                        i = end;
                    }
                    // Skip `as alias` and the like up to the next comma or brace.
                    while i < s.len() && s[i] != ',' && s[i] != '}' {
                        i += 1;
                    }
                }
            }
            continue;
        }
        return (vec![prefix], i);
    }
}

/// The module a path names, seen from `from`: the longest prefix that is a module.
fn resolve(from: &Module, path: &[String], modules: &BTreeSet<Module>) -> Option<Module> {
    let (mut base, rest) = match path.first().map(String::as_str) {
        Some("crate") => (Vec::new(), &path[1..]),
        Some("self") => (from.clone(), &path[1..]),
        Some("super") => {
            let mut base = from.clone();
            let mut rest = path;
            while rest.first().map(String::as_str) == Some("super") {
                base.pop();
                rest = &rest[1..];
            }
            (base, rest)
        }
        _ => return None,
    };
    let mut best = base.clone();
    for seg in rest {
        base.push(seg.clone());
        if modules.contains(&base) {
            best = base.clone();
        } else {
            break;
        }
    }
    Some(best)
}

struct Graph {
    edges: BTreeMap<Module, BTreeSet<Module>>,
    clap_users: Vec<String>,
}

fn read_graph(src: &Path) -> Graph {
    let mut paths = Vec::new();
    files(src, &mut paths);
    let mut modules = BTreeSet::new();
    let mut sources = Vec::new();
    for path in &paths {
        if let Some(m) = module_of(src, path) {
            modules.insert(m.clone());
            sources.push((m, path.clone()));
        }
    }
    let mut edges: BTreeMap<Module, BTreeSet<Module>> = BTreeMap::new();
    let mut clap_users = Vec::new();
    for (module, path) in sources {
        let code = code_of(&std::fs::read_to_string(&path).unwrap());
        let rel = path
            .strip_prefix(src)
            .unwrap()
            .to_string_lossy()
            .into_owned();
        let top_layer = rel == "cli.rs" || rel.starts_with("commands/");
        if !top_layer && (code.contains("clap::") || code.contains("use clap")) {
            clap_users.push(rel);
        }
        let targets = edges.entry(module.clone()).or_default();
        for p in paths_in(&code) {
            if let Some(to) = resolve(&module, &p, &modules)
                && to != module
            {
                targets.insert(to);
            }
        }
    }
    Graph { edges, clap_users }
}

/// The strongly connected components with more than one node (Tarjan).
fn circles<N: Ord + Clone>(edges: &BTreeMap<N, BTreeSet<N>>) -> Vec<Vec<N>> {
    struct State<N> {
        index: BTreeMap<N, usize>,
        low: BTreeMap<N, usize>,
        stack: Vec<N>,
        on_stack: BTreeSet<N>,
        next: usize,
        out: Vec<Vec<N>>,
    }
    fn visit<N: Ord + Clone>(n: &N, edges: &BTreeMap<N, BTreeSet<N>>, st: &mut State<N>) {
        st.index.insert(n.clone(), st.next);
        st.low.insert(n.clone(), st.next);
        st.next += 1;
        st.stack.push(n.clone());
        st.on_stack.insert(n.clone());
        for m in edges.get(n).into_iter().flatten() {
            if !st.index.contains_key(m) {
                visit(m, edges, st);
                let low = st.low[n].min(st.low[m]);
                st.low.insert(n.clone(), low);
            } else if st.on_stack.contains(m) {
                let low = st.low[n].min(st.index[m]);
                st.low.insert(n.clone(), low);
            }
        }
        if st.low[n] == st.index[n] {
            let mut scc = Vec::new();
            while let Some(m) = st.stack.pop() {
                st.on_stack.remove(&m);
                let done = &m == n;
                scc.push(m);
                if done {
                    break;
                }
            }
            if scc.len() > 1 {
                scc.sort();
                st.out.push(scc);
            }
        }
    }
    let mut st = State {
        index: BTreeMap::new(),
        low: BTreeMap::new(),
        stack: Vec::new(),
        on_stack: BTreeSet::new(),
        next: 0,
        out: Vec::new(),
    };
    for n in edges.keys() {
        if !st.index.contains_key(n) {
            visit(n, edges, &mut st);
        }
    }
    st.out
}

/// The circles of a graph, named: `users -> validate -> users`.
fn problems(graph: &Graph) -> Vec<String> {
    let mut problems = Vec::new();
    // Between top-level modules.
    let mut top: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for (from, tos) in &graph.edges {
        let Some(f) = from.first() else { continue };
        let entry = top.entry(f.clone()).or_default();
        for to in tos {
            if let Some(t) = to.first()
                && t != f
            {
                entry.insert(t.clone());
            }
        }
    }
    for scc in circles(&top) {
        if scc == ["cli", "commands"] {
            continue;
        }
        problems.push(format!(
            "import circle between top-level modules: {}",
            scc.join(" <-> ")
        ));
    }
    // Among the files of one top-level module, a file and its ancestors excepted.
    let mut inner: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for (from, tos) in &graph.edges {
        let entry = inner.entry(from.join("::")).or_default();
        for to in tos {
            let related = from.starts_with(to) || to.starts_with(from);
            if !related && from.first() == to.first() {
                entry.insert(to.join("::"));
            }
        }
    }
    for scc in circles(&inner) {
        problems.push(format!(
            "import circle between modules: {}",
            scc.join(" <-> ")
        ));
    }
    for file in &graph.clap_users {
        problems.push(format!(
            "src/{file} imports clap (only cli.rs and commands/ may)"
        ));
    }
    problems
}

#[test]
fn imports_run_one_way_and_only_the_top_names_clap() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let graph = read_graph(&src);
    assert!(
        graph.edges.len() > 50,
        "read too few modules: {:?}",
        graph.edges.keys()
    );
    let problems = problems(&graph);
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[test]
fn the_checker_sees_a_circle_and_clap() {
    // A copy of the real tree with one import added each way: both are reported.
    let real = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let dir = tempfile::tempdir().unwrap();
    copy(&real, dir.path());
    let jwt = dir.path().join("jwt/mod.rs");
    let text = std::fs::read_to_string(&jwt).unwrap();
    std::fs::write(
        &jwt,
        format!("use crate::users::DryRun;\nuse clap::Args;\n{text}"),
    )
    .unwrap();
    let users = dir.path().join("users/mod.rs");
    let text = std::fs::read_to_string(&users).unwrap();
    std::fs::write(
        &users,
        format!("use crate::{{jwt::{{self, decode}}, error}};\n{text}"),
    )
    .unwrap();
    let problems = problems(&read_graph(dir.path()));
    assert!(
        problems.contains(&"import circle between top-level modules: jwt <-> users".to_string()),
        "{problems:?}"
    );
    assert!(
        problems
            .contains(&"src/jwt/mod.rs imports clap (only cli.rs and commands/ may)".to_string()),
        "{problems:?}"
    );
}

fn copy(from: &Path, to: &Path) {
    for entry in std::fs::read_dir(from).unwrap() {
        let path = entry.unwrap().path();
        let target = to.join(path.file_name().unwrap());
        if path.is_dir() {
            std::fs::create_dir_all(&target).unwrap();
            copy(&path, &target);
        } else {
            std::fs::copy(&path, &target).unwrap();
        }
    }
}
