//! Dependencies follow the data flow: `routes/*.toml` → `load` → `model` → `graph`
//! → `routing` / `compare` / `analysis` → `output` / `chart` / `report`, with `app`,
//! `cli` and `main` on top. Each file under src/ is read, every `crate::`, `super::`
//! and `self::` path in its code (comments and `#[cfg(test)]` modules left out) is
//! resolved to the module file it names, and
//!
//! - a top-level module may use only modules of lower layers in [`LAYERS`];
//! - no modules use each other, directly or round a longer loop, at any depth
//!   (`chart::canvas` ↔ `chart::style` as much as `load` ↔ `lookup`).
//!
//! A module's `mod.rs` and its own submodules may use each other: the parent is the
//! submodules' shared base and their facade. A name a `mod.rs` re-exports
//! (`pub use search::Trip`) counts as a use of the submodule that defines it.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

/// The top-level modules, lowest layer first. A module may use the modules of the
/// layers below its own, and none of its own layer or above.
const LAYERS: &[&[&str]] = &[
    // Validated data, and how figures and names are written for people.
    &["model", "wording"],
    &["geodesy"],
    // Facts derived from the data alone, and finding a place by name.
    &["basemap", "lengths", "scenario", "lookup"],
    // Files in: the dataset, scenarios, pairs, the base map.
    &["load"],
    // The dataset as a graph; a road network imported from OpenStreetMap.
    &["graph", "imported"],
    &["routing", "compare", "osm"],
    &["analysis", "sea_access"],
    // Answers out.
    &["output"],
    &["chart"],
    &["report", "cli"],
    &["app"],
    &["main"],
];

/// One module file: `["chart", "canvas"]` for src/chart/canvas.rs, `["chart"]` for
/// src/chart/mod.rs, `["main"]` for src/main.rs.
type ModulePath = Vec<String>;

struct Source {
    module: ModulePath,
    is_mod_rs: bool,
    code: String,
}

/// The module graph of a source tree: each edge with one file and path as the
/// evidence of it.
struct Graph {
    edges: BTreeMap<(ModulePath, ModulePath), String>,
}

fn rust_files(dir: &Path, found: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            rust_files(&path, found);
        } else if path.extension().is_some_and(|e| e == "rs") {
            found.push(path);
        }
    }
}

fn read_sources(src: &Path) -> Vec<Source> {
    let mut files = Vec::new();
    rust_files(src, &mut files);
    files.sort();
    files
        .iter()
        .filter_map(|file| {
            let relative = file.strip_prefix(src).unwrap();
            let mut module: ModulePath = relative
                .iter()
                .map(|part| part.to_str().unwrap().trim_end_matches(".rs").to_string())
                .collect();
            let is_mod_rs = module.last().is_some_and(|last| last == "mod");
            if is_mod_rs {
                module.pop();
            }
            if module == ["lib"] {
                return None;
            }
            let mut text = std::fs::read_to_string(file).unwrap();
            if module == ["main"] {
                // The binary reaches the library by its crate name.
                text = text.replace("corridors::", "crate::");
            }
            Some(Source {
                module,
                is_mod_rs,
                code: without_tests(&without_comments(&text)),
            })
        })
        .collect()
}

/// `text` without `//` comments (doc comments included), `/* */` comments, and the
/// contents of string and character literals (`"use a; b"`, `'"'`).
fn without_comments(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = String::with_capacity(text.len());
    let mut i = 0;
    while i < bytes.len() {
        let rest = &text[i..];
        if rest.starts_with("//") {
            i += rest.find('\n').unwrap_or(rest.len());
        } else if rest.starts_with("/*") {
            i += rest.find("*/").map_or(rest.len(), |end| end + 2);
        } else if let Some(length) = char_literal(rest) {
            out.push_str("' '");
            i += length;
        } else if rest.starts_with('"') {
            let mut j = 1;
            while j < rest.len() && rest.as_bytes()[j] != b'"' {
                j += if rest.as_bytes()[j] == b'\\' { 2 } else { 1 };
            }
            out.push_str("\"\"");
            i += (j + 1).min(rest.len());
        } else {
            let c = rest.chars().next().unwrap();
            out.push(c);
            i += c.len_utf8();
        }
    }
    out
}

/// The length in bytes of the character literal `text` starts with (`'a'`, `'"'`,
/// `'\\u{1b}'`); `None` for a lifetime (`'a`) or anything else.
fn char_literal(text: &str) -> Option<usize> {
    let mut chars = text.char_indices();
    if chars.next()?.1 != '\'' {
        return None;
    }
    let (_, first) = chars.next()?;
    if first == '\\' {
        return text[2..].find('\'').map(|end| end + 3);
    }
    let (at, close) = chars.next()?;
    (close == '\'').then_some(at + 1)
}

/// `code` without its `#[cfg(test)]` items: a unit test may reach anywhere.
fn without_tests(code: &str) -> String {
    let mut out = code.to_string();
    while let Some(start) = out.find("#[cfg(test)]") {
        let Some(open) = out[start..].find('{').map(|o| start + o) else {
            break;
        };
        let mut depth = 0;
        let mut end = out.len();
        for (offset, c) in out[open..].char_indices() {
            match c {
                '{' => depth += 1,
                '}' => {
                    depth -= 1;
                    if depth == 0 {
                        end = open + offset + 1;
                        break;
                    }
                }
                _ => {}
            }
        }
        out.replace_range(start..end, "");
    }
    out
}

/// The `use` declarations of `code`, each expanded into its full paths:
/// `use super::{a, b::{C, D as E}};` gives `super::a`, `super::b::C`,
/// `super::b::D as E`.
fn use_paths(code: &str) -> Vec<(String, bool)> {
    let mut found = Vec::new();
    let mut rest = code;
    while let Some(at) = find_word(rest, "use") {
        let before = rest[..at].trim_end();
        let public = before.ends_with("pub") || before.ends_with(')');
        let Some(end) = rest[at..].find(';') else {
            break;
        };
        let tree: String = rest[at + 3..at + end]
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ");
        for path in expand(&tree) {
            found.push((path, public));
        }
        rest = &rest[at + end..];
    }
    found
}

/// Where `word` stands alone in `text` (not inside `reuse` or `used`).
fn find_word(text: &str, word: &str) -> Option<usize> {
    let is_ident = |c: char| c.is_alphanumeric() || c == '_';
    let mut from = 0;
    while let Some(at) = text[from..].find(word).map(|a| from + a) {
        let before = text[..at].chars().next_back();
        let after = text[at + word.len()..].chars().next();
        if !before.is_some_and(is_ident) && !after.is_some_and(is_ident) {
            return Some(at);
        }
        from = at + word.len();
    }
    None
}

/// A use tree's paths: `a::{b, c::{d, e}}` gives `a::b`, `a::c::d`, `a::c::e`.
fn expand(tree: &str) -> Vec<String> {
    let tree = tree.trim();
    let Some(open) = tree.find('{') else {
        return vec![tree.to_string()];
    };
    let prefix = &tree[..open];
    let inner = &tree[open + 1..tree.rfind('}').unwrap_or(tree.len())];
    let mut parts = Vec::new();
    let (mut depth, mut start) = (0, 0);
    for (i, c) in inner.char_indices() {
        match c {
            '{' => depth += 1,
            '}' => depth -= 1,
            ',' if depth == 0 => {
                parts.push(&inner[start..i]);
                start = i + 1;
            }
            _ => {}
        }
    }
    parts.push(&inner[start..]);
    parts
        .into_iter()
        .filter(|part| !part.trim().is_empty())
        .flat_map(expand)
        .map(|path| match path.as_str() {
            "self" => prefix.trim_end_matches("::").to_string(),
            _ => format!("{prefix}{path}"),
        })
        .collect()
}

/// Every path in `code` that starts at `crate`, `super` or `self`, outside `use`
/// declarations too (`crate::wording::km(x)` in an expression).
fn inline_paths(code: &str) -> Vec<String> {
    let is_path_char = |c: char| c.is_alphanumeric() || c == '_' || c == ':';
    let mut found = Vec::new();
    for root in ["crate::", "super::", "self::"] {
        let mut from = 0;
        while let Some(at) = code[from..].find(root).map(|a| from + a) {
            from = at + root.len();
            let before = code[..at].chars().next_back();
            if before.is_some_and(|c| c.is_alphanumeric() || c == '_' || c == ':') {
                continue;
            }
            let end = code[at..]
                .find(|c: char| !is_path_char(c))
                .map_or(code.len(), |e| at + e);
            found.push(code[at..end].trim_end_matches(':').to_string());
        }
    }
    found
}

/// A path as absolute segments, from the file module `module` (a `mod.rs` file's
/// `self` is its directory's module, and its `super` the module above that).
fn absolute(path: &str, module: &[String]) -> Option<Vec<String>> {
    let path = path.split(" as ").next().unwrap().trim();
    let mut segments: Vec<&str> = path.split("::").filter(|s| !s.is_empty()).collect();
    let mut base: Vec<String> = match segments.first() {
        Some(&"crate") => Vec::new(),
        Some(&"self") => module.to_vec(),
        Some(&"super") => {
            // In src/chart/canvas.rs `super` is `chart`; in src/chart/mod.rs, the crate.
            let mut base = module.to_vec();
            base.pop();
            segments.remove(0);
            while segments.first() == Some(&"super") {
                base.pop();
                segments.remove(0);
            }
            base.extend(segments.iter().map(|s| s.to_string()));
            return Some(base);
        }
        _ => return None,
    };
    segments.remove(0);
    base.extend(segments.iter().map(|s| s.to_string()));
    Some(base)
}

impl Graph {
    fn of(src: &Path) -> Self {
        let sources = read_sources(src);
        let modules: BTreeSet<ModulePath> = sources.iter().map(|s| s.module.clone()).collect();
        // What each mod.rs re-exports from its submodules: name → submodule.
        let mut reexports: BTreeMap<(ModulePath, String), ModulePath> = BTreeMap::new();
        for source in sources.iter().filter(|s| s.is_mod_rs) {
            for (path, public) in use_paths(&source.code) {
                if !public {
                    continue;
                }
                let name = path.rsplit([' ', ':']).next().unwrap().to_string();
                let relative = match path.split("::").next() {
                    Some(first)
                        if modules
                            .contains(&[source.module.clone(), vec![first.into()]].concat()) =>
                    {
                        format!("self::{path}")
                    }
                    _ => path.clone(),
                };
                if let Some(target) = absolute(&relative, &source.module) {
                    let target = resolve(&target, &modules, &BTreeMap::new());
                    if target.len() > source.module.len() && target.starts_with(&source.module) {
                        reexports.insert((source.module.clone(), name), target);
                    }
                }
            }
        }
        let mut edges = BTreeMap::new();
        for source in &sources {
            let mut paths: Vec<String> = use_paths(&source.code)
                .into_iter()
                .map(|(p, _)| p)
                .collect();
            paths.extend(inline_paths(&source.code));
            for path in paths {
                let Some(target) = absolute(&path, &source.module) else {
                    continue;
                };
                let target = resolve(&target, &modules, &reexports);
                if let Some(edge) = edge_between(&source.module, &target) {
                    let file = source.module.join("/");
                    edges.entry(edge).or_insert(format!("{file}: {path}"));
                }
            }
        }
        Graph { edges }
    }
}

/// The module file a path names: its longest prefix that is a module, followed into
/// a submodule where that module re-exports the next name.
fn resolve(
    path: &[String],
    modules: &BTreeSet<ModulePath>,
    reexports: &BTreeMap<(ModulePath, String), ModulePath>,
) -> ModulePath {
    let mut found: ModulePath = Vec::new();
    for len in 1..=path.len() {
        if modules.contains(&path[..len].to_vec()) {
            found = path[..len].to_vec();
        }
    }
    if found.is_empty() {
        // The crate root: lib.rs's `pub mod` lines only.
        return found;
    }
    if let Some(next) = path.get(found.len())
        && let Some(inner) = reexports.get(&(found.clone(), next.clone()))
    {
        let mut rest = inner.clone();
        rest.extend(path[found.len() + 1..].iter().cloned());
        let deeper = resolve(&rest, modules, reexports);
        if deeper.len() >= inner.len() {
            return deeper;
        }
        return inner.clone();
    }
    found
}

/// The edge a use from `from` to `to` makes, between the two modules that sit side
/// by side under their deepest common parent; none between a module and its own
/// parent or submodule, or within one file.
fn edge_between(from: &[String], to: &[String]) -> Option<(ModulePath, ModulePath)> {
    let common = from.iter().zip(to).take_while(|(a, b)| a == b).count();
    if common == from.len() || common == to.len() {
        return None;
    }
    Some((from[..=common].to_vec(), to[..=common].to_vec()))
}

fn layer_of(module: &str) -> Option<usize> {
    LAYERS.iter().position(|layer| layer.contains(&module))
}

/// Every edge between top-level modules that does not go down the layers.
fn against_layers(graph: &Graph) -> Vec<String> {
    let mut wrong = Vec::new();
    for ((from, to), evidence) in &graph.edges {
        if from.len() != 1 {
            continue;
        }
        match (layer_of(&from[0]), layer_of(&to[0])) {
            (Some(a), Some(b)) if b < a => {}
            (Some(_), Some(_)) => wrong.push(format!(
                "{} uses {}, which is not in a lower layer ({evidence})",
                from[0], to[0]
            )),
            _ => wrong.push(format!(
                "{} → {}: a module with no layer in LAYERS ({evidence})",
                from[0], to[0]
            )),
        }
    }
    wrong
}

/// Every cycle of the graph, each once, as its modules in order.
fn cycles(graph: &Graph) -> Vec<String> {
    let mut next: BTreeMap<&ModulePath, Vec<&ModulePath>> = BTreeMap::new();
    for (from, to) in graph.edges.keys() {
        next.entry(from).or_default().push(to);
    }
    // A cycle is reported from its least module, through the least next step each
    // time, so it is found once whatever module the search starts from.
    let mut found = BTreeSet::new();
    for start in next.keys() {
        let mut stack: Vec<(&ModulePath, usize)> = vec![(start, 0)];
        let mut on_path: Vec<&ModulePath> = vec![start];
        while let Some((node, index)) = stack.pop() {
            let Some(&step) = next.get(node).and_then(|n| n.get(index)) else {
                on_path.pop();
                continue;
            };
            stack.push((node, index + 1));
            if step == *start {
                let names: Vec<String> = on_path.iter().map(|m| m.join("::")).collect();
                found.insert(format!("{} → {}", names.join(" → "), start.join("::")));
            } else if step > *start && !on_path.contains(&step) {
                on_path.push(step);
                stack.push((step, 0));
            }
        }
    }
    found.into_iter().collect()
}

fn src() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("src")
}

#[test]
fn every_top_level_module_has_a_layer() {
    let mut missing = Vec::new();
    for entry in std::fs::read_dir(src()).unwrap() {
        let path = entry.unwrap().path();
        let name = path.file_stem().unwrap().to_str().unwrap().to_string();
        if name != "lib" && layer_of(&name).is_none() {
            missing.push(name);
        }
    }
    assert!(
        missing.is_empty(),
        "modules with no layer in LAYERS: {missing:?}"
    );
}

#[test]
fn dependencies_follow_the_layers() {
    let wrong = against_layers(&Graph::of(&src()));
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}

#[test]
fn no_modules_use_each_other() {
    let found = cycles(&Graph::of(&src()));
    assert!(found.is_empty(), "cycles:\n{}", found.join("\n"));
}

/// The checks themselves, on a small tree with one of each fault.
#[test]
fn the_checks_find_a_back_edge_and_a_cycle() {
    let temp = tempfile::tempdir().unwrap();
    let write = |path: &str, text: &str| {
        let file = temp.path().join(path);
        std::fs::create_dir_all(file.parent().unwrap()).unwrap();
        std::fs::write(file, text).unwrap();
    };
    write("lib.rs", "pub mod model;\npub mod load;\npub mod chart;\n");
    // model uses load, above it, in an expression path.
    write(
        "model.rs",
        "// crate::chart in a comment is no use\npub fn f() { crate::load::g(); }\n\
         pub fn q() -> (char, &'static str) { ('\"', \"use crate::chart; /* no */\") }\n",
    );
    write("load.rs", "use crate::model::{self, f};\npub fn g() {}\n");
    write(
        "chart/mod.rs",
        "mod canvas;\nmod style;\npub use style::Font;\npub struct ChartError;\n",
    );
    // canvas reaches style through the name chart/mod.rs re-exports.
    write(
        "chart/canvas.rs",
        "use super::{ChartError, Font};\n#[cfg(test)]\nmod tests { use crate::chart::style::X; }\n",
    );
    write(
        "chart/style.rs",
        "use super::canvas::Area;\npub struct Font;\n",
    );
    let graph = Graph::of(temp.path());
    let wrong = against_layers(&graph);
    assert_eq!(
        wrong,
        ["model uses load, which is not in a lower layer (model: crate::load::g)"]
    );
    assert_eq!(
        cycles(&graph),
        [
            "chart::canvas → chart::style → chart::canvas",
            "load → model → load"
        ]
    );
}
