//! The committed `docs/api.md`, `bindings/schema/*.json` and `bindings/js/generated/*` match what rapport-codegen generates.

use std::collections::BTreeSet;
use std::path::PathBuf;

use rapport_codegen::docs;

const REGENERATE: &str = "run `cargo run -p rapport-examples -- docs` to regenerate";

fn repo_root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("..")
}

#[test]
fn api_markdown_is_fresh() {
    let path = repo_root().join(docs::API_MARKDOWN);
    let committed = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(committed == docs::api_markdown(), "{} is stale or missing: {REGENERATE}", docs::API_MARKDOWN);
}

#[test]
fn json_schemas_are_fresh() {
    let dir = repo_root().join(docs::SCHEMA_DIR);
    let generated = docs::json_schemas();
    let expected: BTreeSet<String> = generated.iter().map(|(name, _)| name.clone()).collect();
    let present: BTreeSet<String> = std::fs::read_dir(&dir)
        .map(|entries| {
            entries
                .flatten()
                .map(|e| e.file_name().to_string_lossy().to_string())
                .filter(|n| n.ends_with(".json"))
                .collect()
        })
        .unwrap_or_default();
    let missing: Vec<&String> = expected.difference(&present).collect();
    let extra: Vec<&String> = present.difference(&expected).collect();
    assert!(missing.is_empty(), "schema files missing from {}: {missing:?}; {REGENERATE}", docs::SCHEMA_DIR);
    assert!(extra.is_empty(), "stale schema files in {}: {extra:?}; {REGENERATE}", docs::SCHEMA_DIR);
    let stale: Vec<&String> = generated
        .iter()
        .filter(|(name, text)| std::fs::read_to_string(dir.join(name)).ok().as_deref() != Some(text.as_str()))
        .map(|(name, _)| name)
        .collect();
    assert!(stale.is_empty(), "stale schema files in {}: {stale:?}; {REGENERATE}", docs::SCHEMA_DIR);
}

#[test]
fn every_method_example_is_a_valid_request() {
    for m in rapport_core::schema::methods() {
        if let Err(e) = m.check_request(m.example) {
            panic!("the example of {} is not a valid request: {e}", m.name);
        }
    }
}

#[test]
fn typescript_declarations_and_method_list_are_fresh() {
    use rapport_codegen::typescript;
    for (file, generated) in [
        (typescript::TYPES_FILE, typescript::types_declarations()),
        (typescript::METHODS_FILE, typescript::methods_module()),
    ] {
        let committed = std::fs::read_to_string(repo_root().join(file)).unwrap_or_default();
        assert!(committed == generated, "{file} is stale or missing: {REGENERATE}");
    }
}
