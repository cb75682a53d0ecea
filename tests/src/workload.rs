//! A random workload over every write method of the registry, for the crash, concurrency and soak runs.
//!
//! Each request starts from the method's documented example (every method has one: `methods!` requires
//! it) with its ids replaced by ids of records that exist, its external references drawn from a small
//! set (so upserts happen), names and amounts varied. A method lands in the workload the day it is
//! declared; only reads are listed here ([`READS`]), and a test fails when a listed name is not a method.
//! Everything is seeded: the same seed and the same answers give the same calls.

use std::collections::BTreeMap;

use rapport_core::ApiError;
use serde_json::{Map, Value, json};

/// The methods that never write. Every other method of the registry is a write and is drawn by
/// [`World::next_write`]; a new module's reads belong here.
pub const READS: &[&str] = &[
    "org.get",
    "departments.list",
    "users.get",
    "users.list",
    "roles.list",
    "codes.list",
    "custom_fields.list",
    "customers.get",
    "customers.list",
    "customers.relationship_map",
    "customers.overview",
    "customers.scores",
    "contacts.get",
    "contacts.list",
    "leads.get",
    "leads.list",
    "leads.territories",
    "leads.prediction",
    "pipelines.get",
    "pipelines.list",
    "opportunities.get",
    "opportunities.list",
    "opportunities.stage_history",
    "opportunities.prediction",
    "activities.get",
    "activities.list",
    "agenda.day",
    "alerts.get",
    "orders.get",
    "orders.list",
    "orders.credit_check",
    "orders.deliveries",
    "orders.returns",
    "returns.get",
    "quotes.get",
    "quotes.list",
    "quotes.discount_ceilings",
    "receivables.get",
    "receivables.list",
    "receivables.aging",
    "products.get",
    "products.list",
    "products.price",
    "price_lists.get",
    "price_lists.list",
    "value_models.get",
    "value_models.list",
    "reports.value_pyramid",
    "reports.funnel",
    "reports.forecast",
    "reports.pipeline",
    "reports.won_lost",
    "reports.lead_conversion",
    "reports.customer_distribution",
    "reports.churn",
    "reports.rfm_segments",
    "reports.abc_classes",
    "lead_scoring.get",
    "audit.history",
    "approvals.get_flow",
    "approvals.pending",
    "approvals.get",
    "approvals.history",
    "imports.list",
    "imports.get",
    "exports.run",
    "contracts.execution",
];

/// Methods that name files of the host (a backup written, a database replaced by a backup's content): never
/// drawn by the workload, whose requests cannot name a file that exists; the boundary fuzzers and
/// `core/tests/data_out.rs` cover them.
pub const HOST_FILES: &[&str] = &["backups.create", "backups.restore"];

/// One call of the workload. `actor` `None` is the host acting as `system`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Call {
    pub actor: Option<String>,
    pub method: String,
    pub request: String,
}

impl Call {
    /// One line of text (tab-separated actor, method, request; `-` for the system), for a log or a pipe.
    pub fn to_line(&self) -> String {
        format!("{}\t{}\t{}", self.actor.as_deref().unwrap_or("-"), self.method, self.request)
    }

    /// The call a [`Call::to_line`] line stands for.
    pub fn from_line(line: &str) -> Option<Call> {
        let mut parts = line.splitn(3, '\t');
        let actor = parts.next()?;
        let method = parts.next()?.to_string();
        let request = parts.next()?.to_string();
        Some(Call { actor: (actor != "-").then(|| actor.to_string()), method, request })
    }
}

/// The outcome of a call as a short word: `ok` or the error code.
pub fn outcome(result: &Result<String, ApiError>) -> &'static str {
    match result {
        Ok(_) => "ok",
        Err(e) => e.code.as_str(),
    }
}

/// A small seeded generator (xorshift64*): no dependency, the same stream on every platform.
#[derive(Debug, Clone)]
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Rng {
        Rng(seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1)
    }

    pub fn next_u64(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    /// A number in `0..n` (`n > 0`).
    pub fn below(&mut self, n: usize) -> usize {
        (self.next_u64() % n as u64) as usize
    }

    /// True with probability `percent` in 100.
    pub fn chance(&mut self, percent: u64) -> bool {
        self.next_u64() % 100 < percent
    }

    pub fn pick<'a, T>(&mut self, items: &'a [T]) -> Option<&'a T> {
        (!items.is_empty()).then(|| &items[self.below(items.len())])
    }
}

/// What the workload knows of the database: ids per entity kind, external references, stage codes and
/// the users who act. Learned from the answers of the calls it makes.
#[derive(Debug, Default, Clone)]
pub struct World {
    ids: BTreeMap<String, Vec<String>>,
    refs: BTreeMap<String, Vec<String>>,
    stages: Vec<String>,
    /// The customer of each record that names one (contacts, opportunities), so that a request naming
    /// both a record and a customer names a matching pair.
    customer_of: BTreeMap<String, String>,
    /// Each method's example request, parsed.
    examples: BTreeMap<&'static str, Value>,
    /// The registry's methods, and its writes, drawn from at every call.
    methods: Vec<&'static str>,
    writes: Vec<&'static str>,
}

/// The reads that tell a new workload what exists, in order; each answer goes through [`World::learn`].
pub fn discovery() -> Vec<Call> {
    let list = |method: &str, request: Value| Call { actor: None, method: method.into(), request: request.to_string() };
    vec![
        list("departments.list", json!({})),
        list("users.list", json!({})),
        list("pipelines.list", json!({})),
        list("value_models.list", json!({})),
        list("customers.list", json!({"limit": 200})),
        list("leads.list", json!({"limit": 200})),
        list("opportunities.list", json!({"limit": 200})),
        list("activities.list", json!({"limit": 200})),
        list("products.list", json!({"limit": 200})),
        list("quotes.list", json!({"limit": 200})),
        list("orders.list", json!({"limit": 200})),
    ]
}

/// The kind of record a method's answers and `id` fields are about: its module (`customers` -> `customer`).
fn kind_of_method(method: &str) -> String {
    // Methods answering a record of another module's kind.
    match method {
        "orders.submit" => return "approval".into(),
        "orders.deliver" | "orders.deliveries" => return "delivery".into(),
        "orders.returns" => return "return".into(),
        "orders.credit_check" | "quotes.discount_ceilings" | "quotes.set_discount_ceilings" => {
            return method.into();
        }
        _ => {}
    }
    let module = method.split('.').next().unwrap_or(method);
    match module {
        "opportunities" => "opportunity".into(),
        "activities" => "activity".into(),
        "agenda" | "alerts" | "scores" | "lead_scoring" | "org" | "codes" | "roles" => module.into(),
        m => m.strip_suffix('s').unwrap_or(m).into(),
    }
}

/// The kind of record an id field names, by its key.
fn kind_of_key(key: &str, method: &str) -> Option<String> {
    Some(match key {
        "id" | "ids" => kind_of_method(method),
        "customer_id" => "customer".into(),
        "contact_id" | "reports_to" => "contact".into(),
        "user_id" | "owner_id" | "manager_id" | "assignee_id" => "user".into(),
        "department_id" => "department".into(),
        "parent_id" if method.starts_with("departments.") => "department".into(),
        "opportunity_id" => "opportunity".into(),
        "lead_id" => "lead".into(),
        "pipeline_id" => "pipeline".into(),
        "order_id" => "order".into(),
        "model_id" | "value_model_id" => "value_model".into(),
        // The one document type so far is an opportunity's evaluation.
        "document_id" => "opportunity".into(),
        k => return k.strip_suffix("_id").map(str::to_string),
    })
}

impl World {
    /// A world with no records yet, knowing every method's example.
    pub fn new() -> World {
        let examples = rapport_core::schema::methods()
            .map(|m| {
                let text = if m.example.trim().is_empty() { "{}" } else { m.example };
                (m.name, serde_json::from_str(text).unwrap_or_else(|_| json!({})))
            })
            .collect();
        let methods = rapport_core::methods().map(|m| m.name).filter(|n| !HOST_FILES.contains(n)).collect();
        World { examples, methods, writes: World::write_methods(), ..World::default() }
    }

    /// The write methods: every method of the registry but [`READS`] and [`HOST_FILES`].
    pub fn write_methods() -> Vec<&'static str> {
        rapport_core::methods().map(|m| m.name).filter(|n| !READS.contains(n) && !HOST_FILES.contains(n)).collect()
    }

    /// Records of `kind` known so far.
    pub fn ids(&self, kind: &str) -> &[String] {
        self.ids.get(kind).map(Vec::as_slice).unwrap_or(&[])
    }

    /// The users who may act (the system acts otherwise).
    pub fn users(&self) -> &[String] {
        self.ids("user")
    }

    /// Takes in what an answer shows: every object with an `id` (of the method's kind, or of the kind a
    /// nested key names), external references, stage codes.
    pub fn learn(&mut self, call: &Call, answer: &str) {
        let Ok(value) = serde_json::from_str::<Value>(answer) else { return };
        let kind = kind_of_method(&call.method);
        self.learn_value(&kind, &value);
        // Pushes answer ids and counts; the external references they stored are in the request.
        if let Ok(Value::Object(request)) = serde_json::from_str::<Value>(&call.request)
            && let Some(Value::Array(items)) = request.get("items")
        {
            for r in items.iter().filter_map(|item| item["external_ref"].as_str()) {
                remember(self.refs.entry(kind.clone()).or_default(), r);
            }
        }
    }

    /// Reads that tell what [`discovery`] could not list: the contacts of some customers.
    pub fn follow_up(&self) -> Vec<Call> {
        self.ids("customer")
            .iter()
            .take(12)
            .map(|c| Call {
                actor: None,
                method: "contacts.list".into(),
                request: json!({"customer_id": c, "limit": 50}).to_string(),
            })
            .collect()
    }

    fn learn_value(&mut self, kind: &str, value: &Value) {
        match value {
            Value::Array(items) => items.iter().for_each(|v| self.learn_value(kind, v)),
            Value::Object(map) => {
                if let Some(Value::String(id)) = map.get("id") {
                    remember(self.ids.entry(kind.to_string()).or_default(), id);
                    if let Some(Value::String(customer)) = map.get("customer_id") {
                        self.customer_of.insert(id.clone(), customer.clone());
                    }
                }
                if let Some(Value::String(r)) = map.get("external_ref") {
                    remember(self.refs.entry(kind.to_string()).or_default(), r);
                }
                // An import's report names it by `import_id` (imports.revert takes it).
                if let Some(Value::String(id)) = map.get("import_id") {
                    remember(self.ids.entry("import".to_string()).or_default(), id);
                }
                if kind == "pipeline"
                    && let Some(Value::Array(stages)) = map.get("stages")
                {
                    for code in stages.iter().filter_map(|s| s["code"].as_str()) {
                        remember(&mut self.stages, code);
                    }
                }
                for (key, nested) in map {
                    let nested_kind = match key.as_str() {
                        "items" | "results" | "created" | "updated" => kind.to_string(),
                        "customer" => "customer".into(),
                        "opportunity" => "opportunity".into(),
                        "contact" => "contact".into(),
                        _ => continue,
                    };
                    self.learn_value(&nested_kind, nested);
                }
            }
            _ => {}
        }
    }

    /// A random write: a write method, an actor (mostly the system) and a request made from the method's
    /// example with ids of records that exist.
    pub fn next_write(&self, rng: &mut Rng) -> Call {
        let method = *rng.pick(&self.writes).expect("the registry has write methods");
        self.call_of(method, rng)
    }

    /// A random call of any method, reads included (the soak run's mix).
    pub fn next_call(&self, rng: &mut Rng) -> Call {
        let method = *rng.pick(&self.methods).expect("the registry has methods");
        self.call_of(method, rng)
    }

    /// A call of `method` from its example.
    pub fn call_of(&self, method: &str, rng: &mut Rng) -> Call {
        let example = self.examples.get(method).cloned().unwrap_or_else(|| json!({}));
        let request = self.vary(method, None, example, rng);
        let actor = if rng.chance(70) { None } else { rng.pick(self.users()).cloned() };
        Call { actor, method: method.to_string(), request: request.to_string() }
    }

    /// The call that takes a record one step further after `call` succeeded, when one does (half the time):
    /// what only succeeds after another call (restore after archive, qualify after start_work, approve after
    /// submit_for_approval) is otherwise almost never reached by independent random calls. The follow-on
    /// names the same record (and the same collaborator) as `call`, by the same actor.
    pub fn follow_on(&self, call: &Call, rng: &mut Rng) -> Option<Call> {
        let (module, action) = call.method.split_once('.')?;
        let next: &[&str] = match action {
            "archive" => &["restore"],
            "start_work" => &["qualify", "disqualify"],
            "qualify" => &["convert"],
            "disqualify" => &["recycle"],
            "submit_for_approval" => &["approve", "reject"],
            // A quote is written, sent, then decided or revised; an order is written then submitted.
            "create" => &["send", "submit"],
            "send" => &["accept", "reject", "revise"],
            // approvals.submit answers the approval: its id is the newest learned.
            "submit" | "approve" => &["approve", "reject", "send_back"],
            "add_collaborator" => &["remove_collaborator"],
            "win" | "lose" | "abandon" => &["reopen"],
            _ => return None,
        };
        let existing: Vec<&'static str> =
            next.iter().filter_map(|n| self.methods.iter().copied().find(|m| *m == format!("{module}.{n}"))).collect();
        let method = *rng.pick(&existing)?;
        if !rng.chance(50) {
            return None;
        }
        let mut next_call = self.call_of(method, rng);
        let (Ok(Value::Object(done)), Ok(Value::Object(mut request))) =
            (serde_json::from_str::<Value>(&call.request), serde_json::from_str::<Value>(&next_call.request))
        else {
            return None;
        };
        for key in ["id", "user_id"] {
            if let (Some(v), true) = (done.get(key), request.contains_key(key)) {
                request.insert(key.to_string(), v.clone());
            }
        }
        if !done.contains_key("id")
            && request.contains_key("id")
            && let Some(newest) = self.ids(&kind_of_method(&call.method)).last()
        {
            request.insert("id".into(), Value::String(newest.clone()));
        }
        next_call.request = Value::Object(request).to_string();
        next_call.actor = call.actor.clone();
        Some(next_call)
    }

    /// The example's value at `key`, varied.
    fn vary(&self, method: &str, key: Option<&str>, value: Value, rng: &mut Rng) -> Value {
        match value {
            Value::Object(map) => {
                let mut out = Map::new();
                for (k, v) in map {
                    let v = self.vary(method, Some(&k), v, rng);
                    out.insert(k, v);
                }
                // A contact reports to a contact of its own customer.
                if let (Some(Value::String(contact)), Some(Value::String(_))) = (out.get("id"), out.get("reports_to"))
                    && let Some(customer) = self.customer_of.get(contact)
                {
                    let peers: Vec<&String> = self
                        .customer_of
                        .iter()
                        .filter(|(c, of)| *of == customer && *c != contact && self.ids("contact").contains(c))
                        .map(|(c, _)| c)
                        .collect();
                    if let Some(peer) = rng.pick(&peers) {
                        out.insert("reports_to".into(), Value::String((*peer).clone()));
                    }
                }
                // A contact or opportunity and the customer it belongs to.
                for record in ["contact_id", "opportunity_id"] {
                    let customer = out.get(record).and_then(Value::as_str).and_then(|r| self.customer_of.get(r));
                    if let Some(customer) = customer.cloned()
                        && out.contains_key("customer_id")
                    {
                        out.insert("customer_id".into(), Value::String(customer));
                    }
                }
                Value::Object(out)
            }
            Value::Array(items) => {
                let many_ids = key == Some("ids");
                let items: Vec<Value> = items.into_iter().map(|v| self.vary(method, key, v, rng)).collect();
                if many_ids { Value::Array(dedup(items)) } else { Value::Array(items) }
            }
            Value::String(s) => Value::String(self.vary_string(method, key.unwrap_or(""), s, rng)),
            Value::Number(n) if key.is_some_and(|k| k.contains("amount") || k == "unit_price") => {
                let base = n.as_i64().unwrap_or(1000).max(1);
                json!(base / 10 + rng.below(base as usize) as i64)
            }
            other => other,
        }
    }

    fn vary_string(&self, method: &str, key: &str, s: String, rng: &mut Rng) -> String {
        if let Some(kind) = kind_of_key(key, method)
            && looks_like_id(&s)
        {
            return rng.pick(self.ids(&kind)).cloned().unwrap_or(s);
        }
        if let Some(kind) = key.strip_suffix("_external_ref") {
            return rng.pick(self.refs.get(kind).map(Vec::as_slice).unwrap_or(&[])).cloned().unwrap_or(s);
        }
        match key {
            // A small set per kind, so that pushes and creates sometimes update what exists.
            "external_ref" => format!("{}-{}", s.rsplit_once('-').map_or(s.as_str(), |(head, _)| head), rng.below(40)),
            "stage" => rng.pick(&self.stages).cloned().unwrap_or(s),
            // Codes are unique: a few new ones, and now and then one that exists.
            "code" => format!("{s}-{}", rng.below(6)),
            "name" | "subject" | "title" | "person_name" | "company_name" | "note" | "outcome" => {
                format!("{s} {}", rng.below(1000))
            }
            _ => s,
        }
    }
}

fn remember(list: &mut Vec<String>, item: &str) {
    if !list.iter().any(|x| x == item) {
        list.push(item.to_string());
    }
}

fn dedup(items: Vec<Value>) -> Vec<Value> {
    let mut out: Vec<Value> = Vec::new();
    for v in items {
        if !out.contains(&v) {
            out.push(v);
        }
    }
    out
}

/// The examples' ids are UUIDs (`0190a8b2-7c1e-7000-8000-000000000001`).
fn looks_like_id(s: &str) -> bool {
    s.len() == 36 && s.bytes().filter(|&b| b == b'-').count() == 4
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_listed_read_is_a_method_and_every_other_method_is_drawn() {
        for read in READS {
            assert!(rapport_core::find_method(read).is_some(), "{read} is listed as a read but is no method");
        }
        let writes = World::write_methods();
        assert_eq!(writes.len() + READS.len() + HOST_FILES.len(), rapport_core::methods().count());
        assert!(writes.contains(&"customers.create") && writes.contains(&"scores.rescore"));
    }

    #[test]
    fn calls_survive_a_line() {
        let call =
            Call { actor: Some("u".into()), method: "customers.create".into(), request: r#"{"name":"a b"}"#.into() };
        assert_eq!(Call::from_line(&call.to_line()), Some(call));
        let system = Call { actor: None, method: "org.get".into(), request: "{}".into() };
        assert_eq!(Call::from_line(&system.to_line()), Some(system));
    }
}
