//! The committed request schemas (`bindings/schema/*.json`) and the names they declare.
//!
//! The generator builds requests from these files, and the oracle uses the names they declare (field
//! names, enum values, method names, the names a description quotes in backticks) as the words a message
//! or a `field` may repeat from a request: everything else a request holds is the caller's text.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use serde_json::{Map, Value};

/// The repository root, as this crate was built from it.
pub fn repo_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).parent().expect("the tests crate is one level down").to_path_buf()
}

/// One method's request schema.
pub struct MethodSchema {
    pub name: String,
    /// The request's JSON Schema (an object schema).
    pub request: Value,
    /// The schema's `$defs`, which `$ref`s point into.
    pub defs: Map<String, Value>,
}

impl MethodSchema {
    /// The node a `$ref` names, or the node itself.
    pub fn resolve<'a>(&'a self, node: &'a Value) -> &'a Value {
        let mut node = node;
        for _ in 0..16 {
            match node.get("$ref").and_then(Value::as_str) {
                Some(r) => match r.strip_prefix("#/$defs/").and_then(|name| self.defs.get(name)) {
                    Some(target) => node = target,
                    None => return node,
                },
                None => return node,
            }
        }
        node
    }
}

/// Every committed request schema, and the declared names.
pub struct Schemas {
    pub methods: BTreeMap<String, MethodSchema>,
    /// Names a message or field may repeat: field names, enum and const values, `$defs` names, method
    /// names, and the words descriptions quote in backticks.
    pub declared: BTreeSet<String>,
}

impl Schemas {
    /// Reads `bindings/schema/*.json` from the repository.
    pub fn load() -> Schemas {
        Schemas::load_from(&repo_root().join("bindings/schema"))
    }

    /// Reads every `*.json` schema in `dir`.
    pub fn load_from(dir: &Path) -> Schemas {
        let mut methods = BTreeMap::new();
        let mut declared = BTreeSet::new();
        let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
            .unwrap_or_else(|e| panic!("reading {}: {e}", dir.display()))
            .filter_map(|entry| entry.ok().map(|e| e.path()))
            .filter(|p| p.extension().is_some_and(|x| x == "json"))
            .collect();
        files.sort();
        for file in files {
            let text = std::fs::read_to_string(&file).unwrap_or_else(|e| panic!("reading {}: {e}", file.display()));
            let doc: Value = serde_json::from_str(&text).unwrap_or_else(|e| panic!("{}: {e}", file.display()));
            let name = doc["method"].as_str().unwrap_or_else(|| panic!("{}: no method", file.display())).to_string();
            collect_names(&doc, &mut declared);
            declared.insert(name.clone());
            let defs = doc.get("$defs").and_then(Value::as_object).cloned().unwrap_or_default();
            declared.extend(defs.keys().cloned());
            methods.insert(name.clone(), MethodSchema { name, request: doc["request"].clone(), defs });
        }
        for m in rapport_core::methods() {
            declared.insert(m.name.to_string());
        }
        for e in rapport_core::Entity::ALL {
            let decl = e.declaration();
            declared.insert(e.name().to_string());
            declared.insert(decl.table.to_string());
            declared.extend(decl.fields.iter().map(|f| f.name.to_string()));
        }
        // The C entry points' parameter names (a misuse error's field).
        for p in ["db", "actor_id", "method", "request_json", "out_response_json", "path", "options_json", "out_db"] {
            declared.insert(p.to_string());
        }
        Schemas { methods, declared }
    }

    /// The schema of `method`.
    pub fn get(&self, method: &str) -> Option<&MethodSchema> {
        self.methods.get(method)
    }
}

/// Property names, enum and const values, and backticked words of descriptions, anywhere in `node`.
fn collect_names(node: &Value, out: &mut BTreeSet<String>) {
    match node {
        Value::Object(map) => {
            for (key, value) in map {
                match key.as_str() {
                    "properties" => {
                        if let Some(props) = value.as_object() {
                            out.extend(props.keys().cloned());
                        }
                    }
                    "enum" => {
                        for v in value.as_array().into_iter().flatten() {
                            if let Some(s) = v.as_str() {
                                out.insert(s.to_string());
                            }
                        }
                    }
                    "const" => {
                        if let Some(s) = value.as_str() {
                            out.insert(s.to_string());
                        }
                    }
                    "description" => {
                        if let Some(text) = value.as_str() {
                            backticked(text, out);
                        }
                    }
                    _ => {}
                }
                collect_names(value, out);
            }
        }
        Value::Array(items) => items.iter().for_each(|v| collect_names(v, out)),
        _ => {}
    }
}

/// The words a description quotes in backticks (`customer`, `44/4403`): each quoted text, and each
/// identifier in it.
fn backticked(text: &str, out: &mut BTreeSet<String>) {
    for (i, part) in text.split('`').enumerate() {
        if i % 2 == 1 && !part.is_empty() {
            out.insert(part.to_string());
            for word in part.split(|c: char| !(c.is_alphanumeric() || c == '_')) {
                if !word.is_empty() {
                    out.insert(word.to_string());
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_method_of_the_registry_has_a_committed_schema() {
        let schemas = Schemas::load();
        for m in rapport_core::methods() {
            assert!(schemas.get(m.name).is_some(), "no bindings/schema/{}.json", m.name);
        }
        for name in ["customers.create", "name", "company", "all_or_nothing", "customer", "CustomerKind"] {
            assert!(schemas.declared.contains(name), "{name} is declared");
        }
    }
}
