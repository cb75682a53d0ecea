//! The parity scenario through the Rust API: `tests/parity/scenario.tsv` replayed on a test-mode engine gives exactly
//! `tests/parity/expected.txt`, the transcript the C, Python, Kotlin and Node hosts compare with byte for byte.
//!
//! `RAPPORT_BLESS=1 cargo test -p rapport-tests --test parity` rewrites the transcript after a deliberate change.

use std::collections::HashMap;
use std::path::PathBuf;

use rapport_core::{Engine, OpenOptions};

fn parity_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("parity")
}

/// `text` with every `$name` replaced by the id kept under that name (names are letters, digits and `_`).
fn substitute(text: &str, kept: &HashMap<String, String>) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(at) = rest.find('$') {
        out.push_str(&rest[..at]);
        let name_len =
            rest[at + 1..].find(|c: char| !(c.is_ascii_alphanumeric() || c == '_')).unwrap_or(rest.len() - at - 1);
        let name = &rest[at + 1..at + 1 + name_len];
        out.push_str(kept.get(name).unwrap_or_else(|| panic!("${name} is used before a step keeps it")));
        rest = &rest[at + 1 + name_len..];
    }
    out.push_str(rest);
    out
}

/// The answer's own id (its top-level `"id"`).
fn answer_id(answer: &str) -> String {
    let value: serde_json::Value = serde_json::from_str(answer).unwrap();
    value["id"].as_str().expect("the answer has an id").to_string()
}

fn transcript() -> String {
    let scenario = std::fs::read_to_string(parity_dir().join("scenario.tsv")).unwrap();
    let mut engine = None;
    let mut kept = HashMap::new();
    let mut out = String::new();
    for line in scenario.lines().filter(|l| !l.is_empty() && !l.starts_with('#')) {
        let fields: Vec<&str> = line.split('\t').collect();
        if fields[0] == "@open" {
            let options: OpenOptions = serde_json::from_str(fields[1]).unwrap();
            engine = Some(Engine::open(":memory:", &options).unwrap());
            continue;
        }
        let [keep, actor, method, request] = fields[..] else { panic!("a step has four fields: {line}") };
        let engine = engine.as_ref().expect("@open comes first");
        let actor = (actor != "-").then(|| substitute(actor, &kept));
        match engine.call(actor.as_deref(), method, &substitute(request, &kept)) {
            Ok(answer) => {
                if keep != "-" {
                    kept.insert(keep.to_string(), answer_id(&answer));
                }
                out.push_str(&format!("{method}\tok\t{answer}\n"));
            }
            Err(e) => {
                let field = e.field.as_deref().unwrap_or("-");
                out.push_str(&format!("{method}\terror\t{}\t{field}\t{}\n", e.code.as_str(), e.message));
            }
        }
    }
    out
}

#[test]
fn parity_scenario_matches_the_transcript() {
    let path = parity_dir().join("expected.txt");
    let ours = transcript();
    if std::env::var_os("RAPPORT_BLESS").is_some() {
        std::fs::write(&path, &ours).unwrap();
    }
    let expected = std::fs::read_to_string(&path).unwrap_or_default();
    if ours != expected {
        let line = ours.lines().zip(expected.lines()).position(|(a, b)| a != b).unwrap_or(expected.lines().count());
        panic!(
            "the scenario's transcript differs from {} at step {}:\n  ours:     {}\n  expected: {}\n\
             (after a deliberate change: RAPPORT_BLESS=1 cargo test -p rapport-tests --test parity)",
            path.display(),
            line + 1,
            ours.lines().nth(line).unwrap_or("<end>"),
            expected.lines().nth(line).unwrap_or("<end>")
        );
    }
}
