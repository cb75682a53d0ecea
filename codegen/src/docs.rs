//! The method reference `docs/api.md` and the JSON Schemas `bindings/schema/*.json`, rendered from the registry's schema side.
//!
//! Regenerate with `cargo run -p rapport-examples -- docs`; a test in `rapport-tests`
//! fails when the committed files differ from what this module renders.

use std::collections::BTreeMap;
use std::fmt::Write as _;

use schemars::generate::{SchemaGenerator, SchemaSettings};
use serde_json::{Map, Value, json};

use rapport_core::ErrorCode;
use rapport_core::schema::{self, MethodSchema};

/// Where the schema files live, relative to the repository root.
pub const SCHEMA_DIR: &str = "bindings/schema";
/// Where the method reference lives, relative to the repository root.
pub const API_MARKDOWN: &str = "docs/api.md";

/// The schema file name of a method (`customers.create.json`).
pub fn schema_file_name(method: &str) -> String {
    format!("{method}.json")
}

/// The module of a method: the part of its name before the dot.
fn module_of(method: &str) -> &str {
    method.split('.').next().unwrap_or(method)
}

/// The methods grouped by module, modules in registry order.
fn modules() -> Vec<(&'static str, Vec<&'static MethodSchema>)> {
    let mut groups: Vec<(&'static str, Vec<&'static MethodSchema>)> = Vec::new();
    for m in schema::methods() {
        let module = module_of(m.name);
        match groups.iter_mut().find(|(name, _)| *name == module) {
            Some((_, list)) => list.push(m),
            None => groups.push((module, vec![m])),
        }
    }
    groups
}

/// A method's doc text with the leading space of each `///` line removed.
fn doc_text(entry: &MethodSchema) -> String {
    entry.doc.lines().map(str::trim).filter(|l| !l.is_empty()).collect::<Vec<_>>().join(" ")
}

/// The first sentence-line of a method's doc, for one-line listings.
pub fn doc_line(entry: &MethodSchema) -> String {
    entry.doc.lines().map(str::trim).find(|l| !l.is_empty()).unwrap_or("").to_string()
}

/// A method's example, pretty-printed (or verbatim when it is not valid JSON).
fn pretty_example(entry: &MethodSchema) -> String {
    let text = if entry.example.trim().is_empty() { "{}" } else { entry.example };
    match serde_json::from_str::<Value>(text) {
        Ok(v) => serde_json::to_string_pretty(&v).unwrap_or_else(|_| text.to_string()),
        Err(_) => text.to_string(),
    }
}

/// Renders `docs/api.md`.
pub fn api_markdown() -> String {
    let mut md = String::new();
    let _ = writeln!(md, "# Rapport API reference\n");
    let _ = writeln!(
        md,
        "<!-- Generated from the method registry by `cargo run -p rapport-examples -- docs`. Do not edit. -->\n"
    );
    md.push_str(
        "Every operation of the engine is a method with a dotted name, a JSON request and a JSON response. \
         All hosts reach the same methods:\n\n\
         - Rust: `engine.call(actor, \"customers.create\", json)` (or the typed `Engine` methods).\n\
         - C: `rapport_call(db, actor, \"customers.create\", json, &out_json)`; free `out_json` with `rapport_free`.\n\
         - JavaScript: `engine.call(actor, \"customers.create\", params)`.\n\n\
         The actor is a user id. A null actor is the host itself acting as `system` (set-up, imports, ERP pushes); \
         it is audited as `system`. Writes answer the saved record.\n\n\
         JSON Schemas of every request and response are in \
         [`bindings/schema/`](../bindings/schema/), one file per method.\n\n",
    );

    md.push_str("## Errors\n\n");
    md.push_str(
        "A failed call answers `{\"error\": {\"code\": \"validation\", \"field\": \"name\", \"message\": \"...\"}}`. \
         `field` names the offending field when there is one (`items[2].name`); a batch refused as a whole also \
         carries `items`, one entry per rejected item. Messages are English and never quote input values; hosts \
         localise by `code`. C functions return the number.\n\n",
    );
    md.push_str("| number | code | meaning |\n|---:|---|---|\n| 0 | ok | success |\n");
    for code in ErrorCode::ALL {
        let _ = writeln!(md, "| {} | `{}` | {} |", code.number(), code.as_str(), code.meaning());
    }
    md.push('\n');

    let groups = modules();
    md.push_str("## Methods\n\n");
    for (module, entries) in &groups {
        let names: Vec<String> = entries.iter().map(|e| format!("[`{}`](#{})", e.name, anchor(e.name))).collect();
        let _ = writeln!(md, "- **{module}**: {}", names.join(", "));
    }
    md.push('\n');

    for (module, entries) in &groups {
        let _ = writeln!(md, "## {module}\n");
        for e in entries {
            let file = schema_file_name(e.name);
            let _ = writeln!(md, "### {}\n", e.name);
            let _ = writeln!(md, "{}\n", doc_text(e));
            let _ = writeln!(
                md,
                "Request: [`{}`](../{SCHEMA_DIR}/{file}) · Response: [`{}`](../{SCHEMA_DIR}/{file})\n",
                (e.request_type)(),
                (e.response_type)()
            );
            let _ = writeln!(md, "```json\n{}\n```\n", pretty_example(e));
        }
    }
    while md.ends_with("\n\n") {
        md.pop();
    }
    md
}

/// The GitHub-style anchor of a heading that is a method name (`customers.create` -> `customerscreate`).
fn anchor(method: &str) -> String {
    method.chars().filter(|c| c.is_alphanumeric() || *c == '_' || *c == '-').collect()
}

/// One JSON Schema file per method: `(file name, pretty JSON)`, in registry order.
///
/// Each file holds `{"method", "description", "request", "response", "$defs"}`. The request is
/// described as the engine reads it (the deserialize contract), the response as the engine
/// writes it (the serialize contract); when a type differs between the two, the response's
/// definition is named `<Type>_response`.
pub fn json_schemas() -> Vec<(String, String)> {
    schema::methods()
        .map(|e| {
            let doc = json_schema_document(e);
            let text = serde_json::to_string_pretty(&doc).unwrap_or_default() + "\n";
            (schema_file_name(e.name), text)
        })
        .collect()
}

fn json_schema_document(entry: &MethodSchema) -> Value {
    let mut request_gen: SchemaGenerator = SchemaSettings::draft2020_12().into_generator();
    let request = (entry.request_schema)(&mut request_gen).to_value();
    let mut defs = request_gen.take_definitions(true);

    let mut response_gen: SchemaGenerator = SchemaSettings::draft2020_12().for_serialize().into_generator();
    let mut response = (entry.response_schema)(&mut response_gen).to_value();
    let mut response_defs = response_gen.take_definitions(true);

    // Response definitions that clash with a different request definition get their own name.
    let renames: BTreeMap<String, String> = response_defs
        .iter()
        .filter(|(name, schema)| defs.get(*name).is_some_and(|d| d != *schema))
        .map(|(name, _)| (name.clone(), format!("{name}_response")))
        .collect();
    if !renames.is_empty() {
        rename_refs(&mut response, &renames);
        for schema in response_defs.values_mut() {
            rename_refs(schema, &renames);
        }
    }
    for (name, schema) in response_defs {
        let name = renames.get(&name).cloned().unwrap_or(name);
        defs.entry(name).or_insert(schema);
    }
    let defs: Map<String, Value> = defs.into_iter().collect::<BTreeMap<_, _>>().into_iter().collect();

    json!({
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "method": entry.name,
        "description": doc_text(entry),
        "request": request,
        "response": response,
        "$defs": defs,
    })
}

/// Rewrites `#/$defs/<old>` references to `#/$defs/<new>`.
fn rename_refs(value: &mut Value, renames: &BTreeMap<String, String>) {
    match value {
        Value::Object(map) => {
            for (key, v) in map.iter_mut() {
                if key == "$ref"
                    && let Value::String(r) = v
                    && let Some(new) = r.strip_prefix("#/$defs/").and_then(|name| renames.get(name))
                {
                    *r = format!("#/$defs/{new}");
                } else {
                    rename_refs(v, renames);
                }
            }
        }
        Value::Array(items) => items.iter_mut().for_each(|v| rename_refs(v, renames)),
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_example_is_json_and_a_valid_request() {
        let mut failures = Vec::new();
        for e in schema::methods() {
            let text = if e.example.trim().is_empty() { "{}" } else { e.example };
            if let Err(err) = serde_json::from_str::<Value>(text) {
                failures.push(format!("{}: example is not valid JSON: {err}", e.name));
                continue;
            }
            if let Err(err) = e.check_request(e.example) {
                failures.push(format!("{}: example does not deserialize into its request type: {err}", e.name));
            }
        }
        assert!(failures.is_empty(), "bad method examples:\n{}", failures.join("\n"));
    }

    #[test]
    fn the_schema_side_matches_the_runtime_registry() {
        let runtime: Vec<(&str, &str)> = rapport_core::methods().map(|m| (m.name, m.doc)).collect();
        let schema: Vec<(&str, String)> = schema::methods().map(|m| (m.name, doc_line(m))).collect();
        assert_eq!(runtime.len(), schema.len(), "one schema entry per method");
        for ((name, doc), (schema_name, schema_doc)) in runtime.into_iter().zip(schema) {
            assert_eq!(name, schema_name, "the same methods in the same order");
            assert_eq!(doc, schema_doc, "{name}: the runtime doc line is the first line of the full doc");
        }
    }

    #[test]
    fn markdown_lists_every_method_and_error_code() {
        let md = api_markdown();
        for e in schema::methods() {
            assert!(md.contains(&format!("### {}\n", e.name)), "{} missing from api.md", e.name);
        }
        for code in ErrorCode::ALL {
            assert!(md.contains(&format!("| {} | `{}` |", code.number(), code.as_str())));
        }
        assert!(ErrorCode::ALL.iter().all(|c| !c.meaning().is_empty()), "every error code has a meaning");
    }

    #[test]
    fn schema_files_have_resolvable_refs() {
        for (file, text) in json_schemas() {
            let doc: Value = serde_json::from_str(&text).expect("schema file is JSON");
            let defs = doc["$defs"].as_object().cloned().unwrap_or_default();
            let mut refs = Vec::new();
            collect_refs(&doc, &mut refs);
            for r in refs {
                let name = r.strip_prefix("#/$defs/").unwrap_or_else(|| panic!("{file}: unexpected $ref {r}"));
                assert!(defs.contains_key(name), "{file}: $ref {r} has no definition");
            }
        }
    }

    fn collect_refs(v: &Value, out: &mut Vec<String>) {
        match v {
            Value::Object(map) => {
                for (k, v) in map {
                    match (k.as_str(), v) {
                        ("$ref", Value::String(r)) => out.push(r.clone()),
                        _ => collect_refs(v, out),
                    }
                }
            }
            Value::Array(items) => items.iter().for_each(|v| collect_refs(v, out)),
            _ => {}
        }
    }
}
