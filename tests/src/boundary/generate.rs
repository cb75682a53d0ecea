//! Requests shaped by the committed schemas, with ids of records that exist, for every method of the registry.
//!
//! [`Generator::case`] picks an actor and a method, builds a request from the method's request schema
//! (required fields always, optional ones often; strings by what the field is: real ids of the right kind,
//! stage codes, currencies, dates, custom field values of the declared types, Chinese and other text),
//! then mutates it at the value level and the text level ([`super::mutate`]). Most calls thus pass
//! parsing and reach the handlers' rules; the mutated ones probe the parser and the refusals.

use serde_json::{Map, Number, Value, json};

use super::case::Case;
use super::choices::Choices;
use super::fixture::{ACTOR_TAGS, World};
use super::mutate;
use super::schema::{MethodSchema, Schemas};

/// Builds cases from the schemas and the seeded organisation.
pub struct Generator<'w> {
    pub schemas: &'w Schemas,
    pub world: &'w World,
    /// Every method of the registry, in documentation order.
    pub methods: Vec<&'static str>,
}

/// Text a generated string may be: names as hosts send them, and a few awkward ones.
const TEXTS: &[&str] = &[
    "上海明辉科技有限公司",
    "Zhang Wei",
    "李娜",
    "Acme Trading GmbH",
    "O'Brien & Söhne",
    "Qx7 canary text",
    "深圳市南山区科技园",
    "ｆｕｌｌｗｉｄｔｈ １２３",
    "Ærøskøbing",
    "  padded name  ",
];

impl<'w> Generator<'w> {
    pub fn new(schemas: &'w Schemas, world: &'w World) -> Generator<'w> {
        Generator { schemas, world, methods: rapport_core::methods().map(|m| m.name).collect() }
    }

    /// One call: an actor tag (mostly the system or an out-of-scope rep), a method and its request.
    pub fn case(&self, c: &mut Choices) -> Case {
        let actor = match c.below(100) {
            0..45 => "system".to_string(),
            45..80 => "rep-out".to_string(),
            _ => c.pick(&ACTOR_TAGS).to_string(),
        };
        let method = if c.chance(3) {
            mutate::method_name(c.one_of(&self.methods), c)
        } else {
            c.pick(&self.methods).to_string()
        };
        let request = self.request_text(&method, c);
        Case { actor, method, request: request.into_bytes() }
    }

    /// A request for `method` as text: generated, then (often) mutated.
    pub fn request_text(&self, method: &str, c: &mut Choices) -> String {
        let mut value = self.request(method, c);
        if c.chance(45) {
            for _ in 0..=c.below(3) {
                mutate::value(&mut value, self, method, c);
            }
        }
        let text = value.to_string();
        if c.chance(12) { mutate::text(text, c) } else { text }
    }

    /// A valid-looking request for `method` (an object shaped by its schema); `{}` for a method without one.
    pub fn request(&self, method: &str, c: &mut Choices) -> Value {
        match self.schemas.get(method) {
            Some(ms) => self.value(ms, &ms.request, "", method, c, 0),
            None => json!({}),
        }
    }

    fn value(&self, ms: &MethodSchema, node: &Value, field: &str, method: &str, c: &mut Choices, depth: u32) -> Value {
        let node = ms.resolve(node);
        if let Some(v) = node.get("const") {
            return v.clone();
        }
        if let Some(options) = node.get("enum").and_then(Value::as_array).filter(|o| !o.is_empty()) {
            return c.pick(options).clone();
        }
        for key in ["anyOf", "oneOf"] {
            if let Some(branches) = node.get(key).and_then(Value::as_array).filter(|b| !b.is_empty()) {
                if node.get("properties").is_some() {
                    // Common properties beside the alternatives (an internally tagged enum with shared fields):
                    // one object of both.
                    let branch = ms.resolve(c.pick(branches)).clone();
                    let merged = merge_objects(node, &branch, key);
                    return self.object(ms, &merged, field, method, c, depth);
                }
                let non_null: Vec<&Value> = branches.iter().filter(|b| b.get("type") != Some(&json!("null"))).collect();
                let branch = if !non_null.is_empty() && !c.chance(10) { *c.pick(&non_null) } else { c.pick(branches) };
                return self.value(ms, branch, field, method, c, depth);
            }
        }
        let types: Vec<&str> = match node.get("type") {
            Some(Value::String(t)) => vec![t.as_str()],
            Some(Value::Array(ts)) => ts.iter().filter_map(Value::as_str).collect(),
            _ if node.get("properties").is_some() => vec!["object"],
            _ => vec!["string"],
        };
        let non_null: Vec<&str> = types.iter().copied().filter(|t| *t != "null").collect();
        let ty =
            if non_null.is_empty() || (types.contains(&"null") && c.chance(12)) { "null" } else { *c.pick(&non_null) };
        match ty {
            "null" => Value::Null,
            "boolean" => Value::Bool(c.chance(50)),
            "integer" => self.integer(node, field, c),
            "number" => self.number(field, c),
            "string" => Value::String(self.string(node, field, method, c)),
            "array" => {
                let items = node.get("items").cloned().unwrap_or(json!({"type": "string"}));
                let n = if depth > 6 {
                    0
                } else if field == "items" {
                    1 + c.below(3)
                } else {
                    c.below(4)
                };
                let item_field = singular(field);
                Value::Array((0..n).map(|_| self.value(ms, &items, item_field, method, c, depth + 1)).collect())
            }
            _ => self.object(ms, node, field, method, c, depth),
        }
    }

    fn object(&self, ms: &MethodSchema, node: &Value, field: &str, method: &str, c: &mut Choices, depth: u32) -> Value {
        let mut out = Map::new();
        let required: Vec<&str> =
            node.get("required").and_then(Value::as_array).into_iter().flatten().filter_map(Value::as_str).collect();
        if let Some(props) = node.get("properties").and_then(Value::as_object) {
            for (name, schema) in props {
                // A customer is what most records need; other references often belong to another one.
                let often = match name.as_str() {
                    "customer_id" => 80,
                    n if n.ends_with("_id") || n.ends_with("_ref") => 25,
                    _ => 45,
                };
                if required.contains(&name.as_str()) || (depth < 6 && c.chance(often)) {
                    out.insert(name.clone(), self.value(ms, schema, name, method, c, depth + 1));
                }
            }
        } else if node.get("additionalProperties") == Some(&json!(true)) && field == "custom" {
            self.custom(method, c, &mut out);
        }
        Value::Object(out)
    }

    /// Custom field values for the method's entity: the declared keys with values of their types.
    fn custom(&self, method: &str, c: &mut Choices, out: &mut Map<String, Value>) {
        let entity = entity_of(method);
        let defs: Vec<_> = self.world.custom.iter().filter(|d| Some(d.entity.as_str()) == entity).collect();
        if defs.is_empty() {
            return;
        }
        for _ in 0..=c.below(2) {
            let def = c.pick(&defs);
            let value = match def.field_type.as_str() {
                "number" => json!(c.between(-5, 500)),
                "date" => json!(self.date(c)),
                "bool" => json!(c.chance(50)),
                "choice" if !def.choices.is_empty() => json!(c.pick(&def.choices)),
                _ => json!(c.pick(TEXTS)),
            };
            let value = if c.chance(10) { Value::Null } else { value };
            out.insert(def.key.clone(), value);
        }
    }

    fn integer(&self, node: &Value, field: &str, c: &mut Choices) -> Value {
        let format = node.get("format").and_then(Value::as_str).unwrap_or("");
        let (lo, hi) = match field {
            "limit" => (1, 60),
            "probability" | "probability_override" => (0, 100),
            "utc_offset_minutes" => return json!(60 * c.between(-12, 14)),
            f if f == "days" || f.ends_with("_days") || f == "window_days" => (1, 400),
            f if f.contains("amount") || f.contains("price") || f == "credit_limit" || f == "target" => (0, 5_000_000),
            "position" | "index" => (0, 5),
            "duration_minutes" => (5, 240),
            _ if format == "uint8" => (0, 100),
            _ => (0, 1000),
        };
        let lo = node.get("minimum").and_then(Value::as_i64).map_or(lo, |m| m.max(lo));
        let hi = node.get("maximum").and_then(Value::as_i64).map_or(hi, |m| m.min(hi)).max(lo);
        json!(c.between(lo, hi))
    }

    fn number(&self, field: &str, c: &mut Choices) -> Value {
        let n = match field {
            "quantity" => 1.0 + c.below(20) as f64 * 0.5,
            "weight" => c.below(11) as f64 / 10.0,
            _ => c.below(201) as f64 * 0.5,
        };
        Value::Number(Number::from_f64(n).unwrap_or_else(|| Number::from(0)))
    }

    fn date(&self, c: &mut Choices) -> String {
        format!("2026-{:02}-{:02}", 1 + c.below(12), 1 + c.below(28))
    }

    fn string(&self, node: &Value, field: &str, method: &str, c: &mut Choices) -> String {
        match node.get("format").and_then(Value::as_str) {
            Some("date") => return self.date(c),
            Some("date-time") => {
                return format!(
                    "2026-{:02}-{:02}T{:02}:{:02}:00Z",
                    1 + c.below(12),
                    1 + c.below(28),
                    c.below(24),
                    c.below(60)
                );
            }
            _ => {}
        }
        if let Some(kind) = id_kind(field, method) {
            return self.id(kind, c);
        }
        // A field whose description lists its values in backticks (`customer`, `contact`, ...).
        let listed = listed_values(node);
        if listed.len() >= 2 && c.chance(70) {
            return c.pick(&listed).replace("<key>", "fz_note");
        }
        let w = self.world;
        let n = c.below(1000);
        match field {
            "stage" => {
                if !w.stage_codes.is_empty() && !c.chance(15) {
                    c.pick(&w.stage_codes).clone()
                } else {
                    self.id("stage", c)
                }
            }
            "code" if method.starts_with("value_models") && !w.model_codes.is_empty() && c.chance(50) => {
                c.pick(&w.model_codes).clone()
            }
            "code" => format!("FZ{n}"),
            f if f.ends_with("_date") || f == "as_of" || f == "birthday" || f == "date" => self.date(c),
            "from" | "to" | "month" => format!("2026-{:02}", 1 + c.below(12)),
            "quantity" => c.pick(&["1", "2.5", "0.125", "10"]).to_string(),
            "entity" => {
                let names: Vec<&str> = rapport_core::Entity::ALL.iter().map(|e| e.name()).collect();
                c.pick(&names).to_string()
            }
            "key" => {
                if !w.custom.is_empty() && c.chance(60) {
                    c.pick(&w.custom).key.clone()
                } else {
                    format!("fz_new_{n}")
                }
            }
            "prefix" => c.pick(&["C-", "L-", "X-", "客户-"]).to_string(),
            "currency" | "base_currency" => c.pick(&["CNY", "USD", "EUR", "JPY", "HKD"]).to_string(),
            "country_code" => c.pick(&["CN", "US", "DE"]).to_string(),
            "fx_rate" => c.pick(&["7.1", "1", "0.137", "6.98"]).to_string(),
            "region" | "region_prefix" => c.pick(&["44", "44/4403", "31/3101", "11", "51/5101"]).to_string(),
            "email" => format!("fz{n}@example.com"),
            "phone" => format!("+86 138 {:04} {:04}", n, c.below(10000)),
            "website" => format!("https://fz{n}.example.com"),
            "tag" => c.pick(&["vip", "重点", "new", "erp"]).to_string(),
            "product_code" => format!("P-{}", c.below(20)),
            f if f.contains("external_ref") => {
                let known = match f {
                    "customer_external_ref" => &w.customer_refs,
                    "order_external_ref" => &w.order_refs,
                    _ if method.starts_with("orders")
                        || method.starts_with("deliveries")
                        || method.starts_with("receipts") =>
                    {
                        &w.order_refs
                    }
                    _ => &w.customer_refs,
                };
                let often = if f == "external_ref" { 30 } else { 85 };
                if !known.is_empty() && c.chance(often) { c.pick(known).clone() } else { format!("fz-ext-{n}") }
            }
            _ => {
                let text = *c.pick(TEXTS);
                if c.chance(50) { format!("{text} {n}") } else { text.to_string() }
            }
        }
    }

    /// An id of a record of `kind` (often), or of another kind, or of nothing.
    pub fn id(&self, kind: &str, c: &mut Choices) -> String {
        let ids = self.world.ids_of(kind);
        if !ids.is_empty() && !c.chance(12) {
            return c.pick(ids).clone();
        }
        match c.below(3) {
            0 => {
                let kinds: Vec<&str> = self.world.ids.keys().copied().collect();
                let other = self.world.ids_of(c.one_of(&kinds));
                if other.is_empty() { String::new() } else { c.pick(other).clone() }
            }
            1 => format!("0190a4c2-{:04x}-7000-8000-000000000000", c.below(65536)),
            _ => "no-such-record".to_string(),
        }
    }
}

/// The kind of record a method's module is about (`customers.update` -> `customer`).
pub fn entity_of(method: &str) -> Option<&'static str> {
    let module = method.split('.').next().unwrap_or("");
    Some(match module {
        "customers" => "customer",
        "contacts" => "contact",
        "leads" => "lead",
        "opportunities" => "opportunity",
        "activities" => "activity",
        "users" => "user",
        "departments" => "department",
        "pipelines" => "pipeline",
        "value_models" => "value_model",
        "orders" => "order",
        "approvals" => "approval",
        "inbox" => "inbox_entry",
        "outbox" => "outbox_message",
        _ => return None,
    })
}

/// The kind of record an id field names, if it names one.
fn id_kind(field: &str, method: &str) -> Option<&'static str> {
    Some(match field {
        "id" => entity_of(method).unwrap_or("customer"),
        "customer_id" => "customer",
        "contact_id" | "reports_to" => "contact",
        "lead_id" => "lead",
        "opportunity_id" | "document_id" => "opportunity",
        "owner_id" | "user_id" | "manager_id" | "actor_id" => "user",
        "department_id" | "parent_id" => "department",
        "pipeline_id" => "pipeline",
        "stage_id" | "approval_stage_id" => "stage",
        "model_id" => "value_model",
        "order_id" => "order",
        "recipient_id" => "contact",
        f if f.ends_with("_id") => "customer",
        _ => return None,
    })
}

/// The field name of an array's items (`ids` -> `id`).
fn singular(field: &str) -> &str {
    match field {
        "ids" => "id",
        "tags" => "tag",
        "emails" => "email",
        "phones" => "phone",
        "choices" => "choice",
        "department_ids" => "department_id",
        other => other,
    }
}

/// An object schema with the properties and required names of `node` and of one of its alternatives.
fn merge_objects(node: &Value, branch: &Value, alternatives: &str) -> Value {
    let mut merged = node.clone();
    if let Some(m) = merged.as_object_mut() {
        m.remove(alternatives);
        let mut props = m.get("properties").and_then(Value::as_object).cloned().unwrap_or_default();
        props.extend(branch.get("properties").and_then(Value::as_object).cloned().unwrap_or_default());
        m.insert("properties".into(), Value::Object(props));
        let mut required = m.get("required").and_then(Value::as_array).cloned().unwrap_or_default();
        required.extend(branch.get("required").and_then(Value::as_array).cloned().unwrap_or_default());
        m.insert("required".into(), Value::Array(required));
    }
    merged
}

/// The values a field's description lists in backticks, when they read as names (`customer`, `custom.<key>`).
fn listed_values(node: &Value) -> Vec<String> {
    let text = node.get("description").and_then(Value::as_str).unwrap_or_default();
    text.split('`')
        .enumerate()
        .filter(|(i, part)| {
            i % 2 == 1 && !part.is_empty() && part.chars().all(|ch| ch.is_ascii_alphanumeric() || "_.<>".contains(ch))
        })
        .map(|(_, part)| part.to_string())
        .collect()
}
