//! Generated TypeScript for the npm package: DTO types, the typed client and the host types (open and demo options), rendered from the registry's schema side.
//!
//! The types come from the same JSON Schemas as `bindings/schema/` (schemars reads the Rust
//! structs and their serde attributes), so a request type says what the engine accepts and a
//! response type what it answers. Regenerate with `cargo run -p rapport-examples -- docs`; a
//! test in `rapport-tests` fails when the committed files differ.

use std::borrow::Cow;
use std::collections::BTreeMap;
use std::fmt::Write as _;

use rapport_core::OpenOptions;
use rapport_core::demo::{DemoOptions, DemoSummary};
use schemars::generate::{SchemaGenerator, SchemaSettings};
use schemars::{JsonSchema, Schema};
use serde_json::Value;

use rapport_core::schema::{self, MethodSchema};

/// The generated declarations: DTO types, `RapportMethods` and `RapportClient`.
pub const TYPES_FILE: &str = "bindings/js/generated/api.d.ts";
/// The generated method list the client is built from at run time.
pub const METHODS_FILE: &str = "bindings/js/generated/methods.js";

const HEADER: &str = "// Generated from the method registry by `cargo run -p rapport-examples -- docs`. Do not edit.\n";

/// One side of the contract: what the engine reads (requests) or writes (responses).
#[derive(Clone, Copy, PartialEq, Eq)]
enum Side {
    Request,
    Response,
}

/// Every named type of both sides, with the TypeScript name each gets.
struct TypeTable {
    /// `(side, schema name)` -> TypeScript name.
    names: BTreeMap<(u8, String), String>,
    /// TypeScript name -> schema, in name order.
    schemas: BTreeMap<String, Value>,
    /// `(side, method)` -> TypeScript name of the method's request or response.
    tops: BTreeMap<(u8, &'static str), String>,
}

fn side_key(side: Side) -> u8 {
    match side {
        Side::Request => 0,
        Side::Response => 1,
    }
}

fn generator(side: Side) -> SchemaGenerator {
    let settings = SchemaSettings::draft2020_12();
    match side {
        Side::Request => settings.into_generator(),
        Side::Response => settings.for_serialize().into_generator(),
    }
}

/// One type of the contract: a method's request or response, or a type hosts use outside the calls.
struct Contract {
    /// The method's name, or the host type's own name.
    key: &'static str,
    side: Side,
    schema: fn(&mut SchemaGenerator) -> Schema,
    name: fn() -> Cow<'static, str>,
}

/// A method's request or response.
fn method_side(entry: &MethodSchema, side: Side) -> Contract {
    match side {
        Side::Request => Contract { key: entry.name, side, schema: entry.request_schema, name: entry.request_type },
        Side::Response => Contract { key: entry.name, side, schema: entry.response_schema, name: entry.response_type },
    }
}

/// A type hosts pass or receive outside `call` (opening a database, seeding the demo): index.d.ts uses these.
fn host_type<T: JsonSchema>(key: &'static str, side: Side) -> Contract {
    Contract { key, side, schema: T::json_schema, name: T::schema_name }
}

/// The types of the npm package's own functions, generated like the methods' so they cannot drift.
fn host_types() -> [Contract; 3] {
    [
        host_type::<OpenOptions>("OpenOptions", Side::Request),
        host_type::<DemoOptions>("DemoOptions", Side::Request),
        host_type::<DemoSummary>("DemoSummary", Side::Response),
    ]
}

/// Every type of the contract: each method's request and response, then the host types.
fn contracts() -> Vec<Contract> {
    let methods = schema::methods().flat_map(|e| [method_side(e, Side::Request), method_side(e, Side::Response)]);
    methods.chain(host_types()).collect()
}

/// A contract type's top-level schema and the definitions it uses.
fn schema_of(contract: &Contract) -> (String, Value, BTreeMap<String, Value>) {
    let mut generator = generator(contract.side);
    let (name, schema) = ((contract.name)(), (contract.schema)(&mut generator));
    let mut top = schema.to_value();
    if let Value::Object(map) = &mut top {
        map.remove("$schema");
        map.remove("title");
    }
    let defs = generator.take_definitions(true).into_iter().collect();
    (ts_identifier(&name), top, defs)
}

/// `Page_for_Customer` stays; anything else that is not an identifier character becomes `_`.
fn ts_identifier(name: &str) -> String {
    name.chars().map(|c| if c.is_ascii_alphanumeric() || c == '_' { c } else { '_' }).collect()
}

impl TypeTable {
    /// Collects every type of every method. A response type equal to the request type of the same
    /// name is shared; one that differs (fields with defaults are optional in requests) is `<Name>_response`,
    /// as in `bindings/schema/`.
    fn build() -> Result<TypeTable, String> {
        let mut sides: [BTreeMap<String, Value>; 2] = [BTreeMap::new(), BTreeMap::new()];
        let mut top_names: BTreeMap<(u8, &'static str), String> = BTreeMap::new();
        let mut tops: Vec<(Side, &'static str, String, Value)> = Vec::new();
        for contract in contracts() {
            let (name, top, defs) = schema_of(&contract);
            let table = &mut sides[side_key(contract.side) as usize];
            for (name, schema) in defs {
                let name = ts_identifier(&name);
                if table.get(&name).is_some_and(|existing| *existing != schema) {
                    return Err(format!("two different types are both named {name} (in {})", contract.key));
                }
                table.entry(name).or_insert(schema);
            }
            tops.push((contract.side, contract.key, name, top));
        }
        // Generic top-level types share a name (`Page`): when one name stands for several types,
        // each is named after what it holds (`Page_of_Customer`).
        for (side, method, name, top) in &tops {
            let generic = tops.iter().any(|(s, _, n, t)| s == side && n == name && t != top)
                || sides[side_key(*side) as usize].get(name).is_some_and(|d| d != top);
            let name = if generic { disambiguate(name, top, method) } else { name.clone() };
            let table = &mut sides[side_key(*side) as usize];
            if table.get(&name).is_some_and(|existing| existing != top) {
                return Err(format!("two different types are both named {name} (in {method})"));
            }
            table.entry(name.clone()).or_insert_with(|| top.clone());
            top_names.insert((side_key(*side), method), name);
        }
        let [requests, responses] = sides;
        let mut names = BTreeMap::new();
        let mut schemas = requests.clone();
        for name in requests.keys() {
            names.insert((side_key(Side::Request), name.clone()), name.clone());
        }
        for (name, schema) in responses {
            let ts_name = match requests.get(&name) {
                Some(same) if *same == schema => name.clone(),
                Some(_) => format!("{name}_response"),
                None => name.clone(),
            };
            if ts_name != name && schemas.contains_key(&ts_name) {
                return Err(format!("the response type {ts_name} clashes with a request type"));
            }
            schemas.insert(ts_name.clone(), schema);
            names.insert((side_key(Side::Response), name), ts_name);
        }
        let tops = top_names
            .into_iter()
            .map(|((side, method), name)| {
                let ts = names.get(&(side, name.clone())).cloned().unwrap_or(name);
                ((side, method), ts)
            })
            .collect();
        Ok(TypeTable { names, schemas, tops })
    }

    /// The TypeScript name of a method's request or response.
    fn top_name(&self, side: Side, method: &str) -> String {
        self.tops.get(&(side_key(side), method)).cloned().unwrap_or_else(|| "JsonValue".into())
    }

    fn ts_name(&self, side: Side, schema_name: &str) -> String {
        let key = (side_key(side), ts_identifier(schema_name));
        self.names.get(&key).cloned().unwrap_or(key.1)
    }

    /// The side a TypeScript type name was registered for (a shared name reads as a request).
    fn side_of(&self, ts_name: &str) -> Side {
        let is_response_only = self.names.iter().any(|((s, _), n)| *s == 1 && n == ts_name)
            && !self.names.iter().any(|((s, _), n)| *s == 0 && n == ts_name);
        if is_response_only { Side::Response } else { Side::Request }
    }
}

/// A name for a generic type from what it holds (`Page_of_Customer`), else from the method.
fn disambiguate(name: &str, schema: &Value, method: &str) -> String {
    let item = schema.pointer("/properties/items/items/$ref").and_then(Value::as_str);
    match item.and_then(|r| r.strip_prefix("#/$defs/")) {
        Some(item) => format!("{name}_of_{}", ts_identifier(item)),
        None => format!("{name}_of_{}", ts_identifier(method)),
    }
}

/// A string as a TypeScript string literal (JSON's quoting is valid TypeScript).
fn literal(value: &Value) -> String {
    value.to_string()
}

/// A property name, quoted when it is not an identifier.
fn property_name(name: &str) -> String {
    let ident = name.chars().next().is_some_and(|c| c.is_ascii_alphabetic() || c == '_' || c == '$')
        && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '$');
    if ident { name.to_string() } else { literal(&Value::String(name.to_string())) }
}

/// A JSDoc comment at `indent`, or nothing without a description.
fn jsdoc(schema: &Value, indent: &str) -> String {
    match schema.get("description").and_then(Value::as_str) {
        Some(text) if !text.trim().is_empty() => {
            let text = text.replace("*/", "*\\/");
            let lines: Vec<&str> = text.lines().map(str::trim_end).collect();
            if lines.len() == 1 {
                format!("{indent}/** {} */\n", lines[0])
            } else {
                let body: String = lines.iter().map(|l| format!("{indent} * {l}\n").replace(" * \n", " *\n")).collect();
                format!("{indent}/**\n{body}{indent} */\n")
            }
        }
        _ => String::new(),
    }
}

/// Renders types of one side: `$ref`s resolve to that side's names.
struct Renderer<'t> {
    table: &'t TypeTable,
    side: Side,
}

impl Renderer<'_> {
    /// The TypeScript type of `schema`, written at `indent` (objects span lines).
    fn ty(&self, schema: &Value, indent: &str) -> String {
        let map = match schema {
            Value::Bool(true) => return "JsonValue".into(),
            Value::Bool(false) => return "never".into(),
            Value::Object(map) => map,
            _ => return "JsonValue".into(),
        };
        if let Some(r) = map.get("$ref").and_then(Value::as_str) {
            let name = r.strip_prefix("#/$defs/").unwrap_or(r);
            return self.table.ts_name(self.side, name);
        }
        if let Some(c) = map.get("const") {
            return literal(c);
        }
        if let Some(values) = map.get("enum").and_then(Value::as_array) {
            return values.iter().map(literal).collect::<Vec<_>>().join(" | ");
        }
        for key in ["oneOf", "anyOf"] {
            if let Some(variants) = map.get(key).and_then(Value::as_array) {
                return union(variants.iter().map(|v| self.ty(v, indent)));
            }
        }
        match map.get("type") {
            Some(Value::String(t)) => self.of_type(t, map, indent),
            Some(Value::Array(types)) => {
                union(types.iter().filter_map(Value::as_str).map(|t| self.of_type(t, map, indent)))
            }
            _ if map.contains_key("properties") => self.of_type("object", map, indent),
            _ => "JsonValue".into(),
        }
    }

    fn of_type(&self, t: &str, map: &serde_json::Map<String, Value>, indent: &str) -> String {
        match t {
            "string" => "string".into(),
            "integer" | "number" => "number".into(),
            "boolean" => "boolean".into(),
            "null" => "null".into(),
            "array" => match map.get("items") {
                Some(items) => {
                    let inner = self.ty(items, indent);
                    if inner.contains(' ') { format!("Array<{inner}>") } else { format!("{inner}[]") }
                }
                None => "JsonValue[]".into(),
            },
            "object" => self.object(map, indent),
            _ => "JsonValue".into(),
        }
    }

    fn object(&self, map: &serde_json::Map<String, Value>, indent: &str) -> String {
        let extra = match map.get("additionalProperties") {
            None | Some(Value::Bool(false)) => None,
            Some(schema) => Some(format!("Record<string, {}>", self.ty(schema, indent))),
        };
        let Some(properties) = map.get("properties").and_then(Value::as_object).filter(|p| !p.is_empty()) else {
            return extra.unwrap_or_else(|| "Record<string, never>".into());
        };
        let required: Vec<&str> = map
            .get("required")
            .and_then(Value::as_array)
            .map(|r| r.iter().filter_map(Value::as_str).collect())
            .unwrap_or_default();
        let inner = format!("{indent}  ");
        let mut out = String::from("{\n");
        for (name, schema) in properties {
            out.push_str(&jsdoc(schema, &inner));
            let optional = if required.contains(&name.as_str()) { "" } else { "?" };
            let _ = writeln!(out, "{inner}{}{optional}: {};", property_name(name), self.ty(schema, &inner));
        }
        out.push_str(indent);
        out.push('}');
        match extra {
            Some(extra) => format!("{out} & {extra}"),
            None => out,
        }
    }
}

fn union(parts: impl Iterator<Item = String>) -> String {
    let mut seen: Vec<String> = Vec::new();
    for p in parts {
        if !seen.contains(&p) {
            seen.push(p);
        }
    }
    seen.join(" | ")
}

/// Whether a request may be left out: an object schema without required properties.
fn request_is_optional(schema: &Value) -> bool {
    schema.get("type").and_then(Value::as_str) == Some("object")
        && schema.get("required").and_then(Value::as_array).is_none_or(|r| r.is_empty())
}

/// Renders `bindings/js/generated/api.d.ts`.
pub fn types_declarations() -> String {
    let table = TypeTable::build().unwrap_or_else(|e| panic!("cannot generate TypeScript: {e}"));
    let mut ts = String::from(HEADER);
    ts.push_str(
        "\n/** Any JSON value (custom fields, audit changes). */\n\
         export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };\n",
    );
    for (name, schema) in &table.schemas {
        let renderer = Renderer { table: &table, side: table.side_of(name) };
        let body = renderer.ty(schema, "");
        ts.push('\n');
        ts.push_str(&jsdoc(schema, ""));
        // An interface only for a single object type; unions and intersections are type aliases.
        if body.starts_with("{\n") && body.ends_with("\n}") && !body.contains("\n} ") {
            let _ = writeln!(ts, "export interface {name} {body}");
        } else {
            let _ = writeln!(ts, "export type {name} = {body};");
        }
    }

    ts.push_str("\n/** Every method by name: its request and response types. */\nexport interface RapportMethods {\n");
    for entry in schema::methods() {
        let (request, response) =
            (table.top_name(Side::Request, entry.name), table.top_name(Side::Response, entry.name));
        let _ = writeln!(
            ts,
            "  {}: {{ request: {request}; response: {response} }};",
            literal(&Value::String(entry.name.into()))
        );
    }
    ts.push_str(
        "}\n\n/** A method name (`\"customers.create\"`). */\nexport type MethodName = keyof RapportMethods;\n",
    );

    ts.push_str(
        "\n/** The typed client of one actor: `engine.as(actorId).customers.create({...})`. */\nexport interface RapportClient {\n",
    );
    let mut modules: Vec<(&str, Vec<&MethodSchema>)> = Vec::new();
    for entry in schema::methods() {
        let module = entry.name.split('.').next().unwrap_or(entry.name);
        match modules.iter_mut().find(|(m, _)| *m == module) {
            Some((_, list)) => list.push(entry),
            None => modules.push((module, vec![entry])),
        }
    }
    for (module, entries) in modules {
        let _ = writeln!(ts, "  {}: {{", property_name(module));
        for entry in entries {
            let verb = entry.name.split_once('.').map_or(entry.name, |(_, v)| v);
            let (_, request_schema, _) = schema_of(&method_side(entry, Side::Request));
            let optional = if request_is_optional(&request_schema) { "?" } else { "" };
            let method = literal(&Value::String(entry.name.into()));
            let doc = crate::docs::doc_line(entry).replace("*/", "*\\/");
            let _ = writeln!(ts, "    /** {doc} */");
            let _ = writeln!(
                ts,
                "    {}(request{optional}: RapportMethods[{method}][\"request\"]): RapportMethods[{method}][\"response\"];",
                property_name(verb)
            );
        }
        ts.push_str("  };\n");
    }
    ts.push_str("}\n");
    ts
}

/// Renders `bindings/js/generated/methods.js`: every method name, in registry order.
pub fn methods_module() -> String {
    let mut js = String::from(HEADER);
    js.push_str(
        "\n/** Every method of the engine, in registry order. */\nexport const METHOD_NAMES = Object.freeze([\n",
    );
    for entry in schema::methods() {
        let _ = writeln!(js, "  {},", literal(&Value::String(entry.name.into())));
    }
    js.push_str("]);\n");
    js
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_type_name_is_unambiguous() {
        TypeTable::build().unwrap();
    }

    #[test]
    fn every_method_is_in_the_methods_map_and_the_client() {
        let ts = types_declarations();
        for entry in schema::methods() {
            assert!(ts.contains(&format!("  \"{}\": {{ request: ", entry.name)), "{} missing", entry.name);
        }
        assert!(ts.contains("export interface RapportClient {"));
        assert!(!ts.contains("$ref"), "every reference resolves to a type name");
    }
}
