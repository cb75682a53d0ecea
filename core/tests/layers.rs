//! The layers of rapport-core point one way and its public surface is one list (ARCHITECTURE.md, "Layers"): this test reads the sources and fails on a forbidden import or an item with two public paths.
//!
//! `api -> engine -> {domain, storage}`, `storage -> domain`, `domain -> nothing`: nothing in the
//! engine, domain or storage names the api; the domain names nothing of the crate outside itself;
//! storage names only the domain; the api does not reach into storage. `demo` sits above the api
//! (it seeds through the method registry) and may use anything.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

/// For each layer (a folder of `core/src`), the layers it may name with `crate::...`.
const ALLOWED: &[(&str, &[&str])] = &[
    ("domain", &["domain"]),
    ("storage", &["storage", "domain"]),
    ("engine", &["engine", "domain", "storage"]),
    ("api", &["api", "engine", "domain"]),
];

/// The top-level modules of `crate::`, so a path like `crate::VERSION` is not taken for a layer.
const LAYERS: &[&str] = &["api", "demo", "domain", "engine", "storage"];

fn src() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("src")
}

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).expect("read_dir").flatten() {
        let path = entry.path();
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

/// The source without comments and string literals (so prose and SQL never count as imports).
fn code_only(source: &str) -> String {
    let mut out = String::with_capacity(source.len());
    let mut chars = source.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '/' if chars.peek() == Some(&'/') => {
                for c in chars.by_ref() {
                    if c == '\n' {
                        out.push('\n');
                        break;
                    }
                }
            }
            '/' if chars.peek() == Some(&'*') => {
                chars.next();
                let mut prev = ' ';
                for c in chars.by_ref() {
                    if prev == '*' && c == '/' {
                        break;
                    }
                    prev = c;
                }
            }
            'r' if chars.peek() == Some(&'#') || chars.peek() == Some(&'"') => {
                // A raw string r"..." or r#"..."#.
                let mut hashes = 0;
                while chars.peek() == Some(&'#') {
                    chars.next();
                    hashes += 1;
                }
                if chars.peek() == Some(&'"') {
                    chars.next();
                    let closing: String = std::iter::once('"').chain(std::iter::repeat_n('#', hashes)).collect();
                    let mut body = String::new();
                    for c in chars.by_ref() {
                        body.push(c);
                        if body.ends_with(&closing) {
                            break;
                        }
                    }
                    out.push_str("\"\"");
                } else {
                    out.push('r');
                }
            }
            '"' => {
                let mut escaped = false;
                for c in chars.by_ref() {
                    if escaped {
                        escaped = false;
                    } else if c == '\\' {
                        escaped = true;
                    } else if c == '"' {
                        break;
                    }
                }
                out.push_str("\"\"");
            }
            '\'' => {
                // A char literal ('a', '\n', '"') or a lifetime ('a).
                let rest: String = chars.clone().take(4).collect();
                let len = if rest.starts_with('\\') {
                    rest.find('\'').map(|i| i + 1)
                } else if rest.chars().nth(1) == Some('\'') {
                    Some(2)
                } else {
                    None
                };
                if let Some(len) = len {
                    for _ in 0..len {
                        chars.next();
                    }
                    out.push_str("' '");
                } else {
                    out.push('\'');
                }
            }
            _ => out.push(c),
        }
    }
    out
}

/// The top-level modules a source names through `crate::` (grouped imports included) and through
/// `super::` chains that climb out of its own layer folder.
fn named_layers(code: &str, depth_in_layer: usize) -> BTreeSet<String> {
    let mut named = BTreeSet::new();
    let compact: String = code.split_whitespace().collect::<Vec<_>>().join(" ");
    let compact = compact.replace(" :: ", "::").replace(":: ", "::").replace(" ::", "::");
    for (i, _) in compact.match_indices("crate::") {
        let rest = &compact[i + "crate::".len()..];
        if let Some(group) = rest.strip_prefix('{') {
            // `crate::{api::X, engine}`: the top-level names of the group.
            let mut depth = 0;
            let mut item = String::new();
            for c in group.chars() {
                match c {
                    '{' => depth += 1,
                    '}' if depth == 0 => break,
                    '}' => depth -= 1,
                    ',' if depth == 0 => {
                        named.insert(first_segment(&item));
                        item.clear();
                        continue;
                    }
                    _ => {}
                }
                if depth == 0 {
                    item.push(c);
                }
            }
            named.insert(first_segment(&item));
        } else {
            named.insert(first_segment(rest));
        }
    }
    // `super::super::api` from `engine/x.rs` leaves the engine folder.
    let climb = "super::".repeat(depth_in_layer + 1);
    for (i, _) in compact.match_indices(&climb) {
        named.insert(first_segment(&compact[i + climb.len()..]));
    }
    named.retain(|n| LAYERS.contains(&n.as_str()));
    named
}

fn first_segment(path: &str) -> String {
    path.trim().chars().take_while(|c| c.is_alphanumeric() || *c == '_').collect()
}

/// Every forbidden layer each file of `core/src` names: `(file, layer)`.
fn violations() -> Vec<(String, String)> {
    let root = src();
    let mut found = Vec::new();
    for (layer, allowed) in ALLOWED {
        let mut files = Vec::new();
        rust_files(&root.join(layer), &mut files);
        files.sort();
        assert!(!files.is_empty(), "no sources under core/src/{layer}");
        for file in files {
            let rel = file.strip_prefix(&root).expect("under src");
            // Files directly in the layer folder (`engine/x.rs`, `engine/mod.rs`) are at depth 0.
            let depth = rel.components().count() - 2;
            let code = code_only(&std::fs::read_to_string(&file).expect("read"));
            for named in named_layers(&code, depth) {
                if !allowed.contains(&named.as_str()) {
                    found.push((rel.display().to_string(), named));
                }
            }
        }
    }
    found
}

#[test]
fn layers_point_one_way() {
    let found = violations();
    assert!(
        found.is_empty(),
        "forbidden imports (allowed: api -> engine -> {{domain, storage}}, storage -> domain, domain -> nothing): {found:#?}"
    );
}

#[test]
fn the_scanner_sees_every_form_of_import() {
    let code = code_only(
        "use crate::api::ApiError;\nuse crate::{domain::x, engine};\nlet e = crate :: storage::Tx;\n\
         // use crate::demo;\nlet s = \"crate::demo\";\nuse super::super::api::X;\nlet c = '\"'; use crate::demo::Y;",
    );
    let named = named_layers(&code, 0);
    let expected: BTreeSet<String> = ["api", "domain", "engine", "storage", "demo"].map(String::from).into();
    assert_eq!(named, expected, "comments and strings are skipped; grouped, spaced and climbing paths are seen");
    assert!(named_layers(&code_only("use super::error::X;"), 0).is_empty(), "super:: inside the layer is fine");
}

/// `pub use` statements of a source: `(source path, exported name)` for each item, braces expanded.
fn pub_uses(code: &str) -> Vec<(String, String)> {
    let compact: String = code.split_whitespace().collect::<Vec<_>>().join(" ");
    let mut out = Vec::new();
    for statement in compact.split(';') {
        let Some(rest) = statement.trim().strip_prefix("pub use ") else { continue };
        let (prefix, items) = match rest.find('{') {
            Some(open) => (rest[..open].trim_end_matches("::").to_string(), rest[open + 1..].trim_end_matches('}')),
            None => match rest.rfind("::") {
                Some(at) => (rest[..at].to_string(), &rest[at + 2..]),
                None => (String::new(), rest),
            },
        };
        for item in items.split(',').map(str::trim).filter(|i| !i.is_empty()) {
            let (name, alias) = match item.split_once(" as ") {
                Some((name, alias)) => (name.trim(), alias.trim()),
                None => (item, item),
            };
            let source = format!("{}::{name}", prefix.trim_start_matches("crate::"));
            out.push((source, alias.to_string()));
        }
    }
    out
}

/// The public surface is lib.rs's list: the root's re-exports and the SPEC module namespaces it
/// publishes; no item is re-exported under two public paths.
#[test]
fn every_public_item_has_one_public_path() {
    let root = src();
    let lib = code_only(&std::fs::read_to_string(root.join("lib.rs")).expect("lib.rs"));
    let mut paths: std::collections::BTreeMap<String, Vec<String>> = Default::default();
    let mut namespaces = Vec::new();
    for (source, name) in pub_uses(&lib) {
        if let Some(module) = source.strip_prefix("api::").filter(|m| !m.contains("::"))
            && root.join("api").join(format!("{module}.rs")).exists()
            && name == module
        {
            namespaces.push(name);
            continue;
        }
        paths.entry(source).or_default().push(format!("rapport_core::{name}"));
    }
    assert!(namespaces.len() >= 9, "the SPEC module namespaces are published: {namespaces:?}");
    for ns in &namespaces {
        let code = code_only(&std::fs::read_to_string(root.join("api").join(format!("{ns}.rs"))).expect("namespace"));
        for (source, name) in pub_uses(&code) {
            paths.entry(source).or_default().push(format!("rapport_core::{ns}::{name}"));
        }
    }
    let twice: Vec<_> = paths.iter().filter(|(_, p)| p.len() > 1).collect();
    assert!(twice.is_empty(), "items with more than one public path: {twice:#?}");
    assert!(!lib.contains("pub mod domain") && !lib.contains("pub mod engine") && !lib.contains("pub mod storage"));
}
