//! The oracle of every boundary call: no panic, documented codes with `{"error":...}` JSON, no quoted input, no change after a refusal.
//!
//! [`Harness::check`] runs one call of `Engine::call` on the seeded file database and answers the rules
//! it broke:
//!
//! - **no panic**: a panic hook counts the panics of the calling thread; one during the call is a bug
//!   even when something caught it.
//! - **documented refusal**: the code is in the fixed table and is not `internal` (a bug) or `io`; the
//!   error's JSON is `{"error": {"code": ..., "field": ..., "message": ...}}` with that code; a batch's
//!   item errors too.
//! - **no quoted input**: no message (nor item message) repeats a needle of the request
//!   ([`super::quoting`]); a `field` repeats only keys that read as names.
//! - **nothing changed**: after a refusal, every table's rows equal those before the call (an ordered
//!   dump through a second connection, [`super::dump`]).
//!
//! A success's answer must be JSON, and its request must have been one JSON object (or empty, which means
//! `{}`): trailing text, an array for the object, text that is not JSON are refused. The rejected items a
//! `skip_invalid` batch reports are checked as refusals are.

use std::cell::{Cell, RefCell};
use std::collections::BTreeMap;
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::sync::Once;

use rapport_core::{ApiError, Engine, ErrorCode};
use serde_json::Value;

use super::dump::{Dump, Reader};
use super::fixture::{Seeded, open_options};
use super::quoting::{Names, Needle};
use super::schema::Schemas;
use crate::state::differences;

thread_local! {
    static PANICS: Cell<u64> = const { Cell::new(0) };
    static LAST_PANIC: RefCell<String> = const { RefCell::new(String::new()) };
}

/// Installs (once per process) the hook that counts each thread's panics, then hands them on to the
/// hook that was there (which prints them).
pub fn install_panic_counter() {
    static ONCE: Once = Once::new();
    ONCE.call_once(|| {
        let previous = std::panic::take_hook();
        std::panic::set_hook(Box::new(move |info| {
            // `try_with`: a panic while the thread is torn down must not panic again in the hook.
            let _ = PANICS.try_with(|p| p.set(p.get() + 1));
            let _ = LAST_PANIC.try_with(|l| *l.borrow_mut() = info.to_string());
            previous(info);
        }));
    });
}

/// Panics on this thread since the counter was installed.
pub fn panic_count() -> u64 {
    PANICS.with(Cell::get)
}

/// The last panic on this thread, as the hook saw it.
pub fn last_panic() -> String {
    LAST_PANIC.with(|l| l.borrow().clone())
}

/// A rule a call broke.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Violation {
    pub rule: &'static str,
    pub detail: String,
}

impl std::fmt::Display for Violation {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}: {}", self.rule, self.detail)
    }
}

pub const NO_PANIC: &str = "no panic reaches the boundary";
pub const DOCUMENTED: &str = "every refusal is a documented code with {\"error\":...} JSON";
pub const NO_INTERNAL: &str = "no internal (or io) failure";
pub const NO_QUOTE: &str = "no message quotes an input value";
pub const NO_FIELD_QUOTE: &str = "no field quotes an input value";
pub const UNCHANGED: &str = "after a refused request every table's rows are equal";
pub const JSON_ANSWER: &str = "a success answers JSON";
pub const ONE_OBJECT: &str = "a request is exactly one JSON object (anything else is refused)";

/// Whether a request that succeeded was one JSON object (or empty text, which means `{}`), else the violation.
pub fn accepted_request(text: &str) -> Option<Violation> {
    let blank = text.chars().all(|c| matches!(c, ' ' | '\t' | '\n' | '\r'));
    match serde_json::from_str::<Value>(text) {
        Ok(Value::Object(_)) => None,
        _ if blank => None,
        Ok(other) => Some(Violation { rule: ONE_OBJECT, detail: format!("accepted a JSON {}", kind(&other)) }),
        Err(e) => Some(Violation { rule: ONE_OBJECT, detail: format!("accepted text that is not JSON ({e})") }),
    }
}

fn kind(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "boolean",
        Value::Number(_) => "number",
        Value::String(_) => "string",
        Value::Array(_) => "array",
        Value::Object(_) => "object",
    }
}

/// What the calls did.
#[derive(Debug, Default, Clone)]
pub struct Stats {
    pub calls: u64,
    pub successes: u64,
    pub refusals: BTreeMap<&'static str, u64>,
    /// Per method: (successes, refusals).
    pub methods: BTreeMap<String, (u64, u64)>,
    pub violations: u64,
}

impl Stats {
    pub fn summary(&self) -> String {
        let refusals: Vec<String> = self.refusals.iter().map(|(c, n)| format!("{c} {n}")).collect();
        let reached = self.methods.values().filter(|(ok, _)| *ok > 0).count();
        format!(
            "{} calls: {} successes, {} refusals ({}); {} methods answered at least once; {} violations",
            self.calls,
            self.successes,
            self.calls - self.successes,
            refusals.join(", "),
            reached,
            self.violations
        )
    }
}

/// Checks one error the boundary gave: its code, its JSON, its message and field (and its items').
pub fn check_error(error: &ApiError, names: &Names, needles: &[Needle], out: &mut Vec<Violation>) {
    if !ErrorCode::ALL.contains(&error.code) {
        out.push(Violation { rule: DOCUMENTED, detail: format!("code {:?} is not in the table", error.code) });
    }
    if matches!(error.code, ErrorCode::Internal | ErrorCode::Io) {
        out.push(Violation { rule: NO_INTERNAL, detail: format!("{}: {}", error.code.as_str(), error.message) });
    }
    check_error_json(&error.to_json(), Some(error.code), names, needles, out);
}

/// Checks an `{"error": {...}}` text: the shape, the code (`want` if known), messages and fields.
pub fn check_error_json(
    json: &str,
    want: Option<ErrorCode>,
    names: &Names,
    needles: &[Needle],
    out: &mut Vec<Violation>,
) {
    let parsed: Value = match serde_json::from_str(json) {
        Ok(v) => v,
        Err(e) => {
            out.push(Violation { rule: DOCUMENTED, detail: format!("the error is not JSON ({e}): {json}") });
            return;
        }
    };
    let Some(error) = parsed.get("error").filter(|e| e.is_object()) else {
        out.push(Violation { rule: DOCUMENTED, detail: format!("no `error` object: {json}") });
        return;
    };
    let code = error["code"].as_str().unwrap_or_default();
    let known = ErrorCode::ALL.iter().find(|c| c.as_str() == code);
    match (known, want) {
        (None, _) => out.push(Violation { rule: DOCUMENTED, detail: format!("undocumented code `{code}`") }),
        (Some(k), Some(w)) if *k != w => {
            out.push(Violation { rule: DOCUMENTED, detail: format!("code `{code}` but status {}", w.as_str()) })
        }
        _ => {}
    }
    if error["message"].as_str().is_none_or(|m| m.is_empty()) {
        out.push(Violation { rule: DOCUMENTED, detail: format!("no message: {json}") });
    }
    if !(error["field"].is_null() || error["field"].is_string()) {
        out.push(Violation { rule: DOCUMENTED, detail: format!("field is neither null nor text: {json}") });
    }
    check_texts(error, names, needles, out);
    for item in error.get("items").and_then(Value::as_array).into_iter().flatten() {
        let code = item["code"].as_str().unwrap_or_default();
        if !ErrorCode::ALL.iter().any(|c| c.as_str() == code) {
            out.push(Violation { rule: DOCUMENTED, detail: format!("item with undocumented code `{code}`") });
        }
        if code == "internal" || code == "io" {
            out.push(Violation { rule: NO_INTERNAL, detail: format!("item: {item}") });
        }
        check_texts(item, names, needles, out);
    }
}

/// The message and field of one error object.
fn check_texts(error: &Value, names: &Names, needles: &[Needle], out: &mut Vec<Violation>) {
    let message = error["message"].as_str().unwrap_or_default();
    if let Some(n) = names.quoted_in_message(message, needles) {
        out.push(Violation { rule: NO_QUOTE, detail: format!("{:?} in message {message:?}", n.text) });
    }
    if let Some(field) = error["field"].as_str()
        && let Some(n) = names.quoted_in_field(field, needles)
    {
        out.push(Violation { rule: NO_FIELD_QUOTE, detail: format!("{:?} in field {field:?}", n.text) });
    }
}

/// The item errors a success reports (`rejected` of a `skip_invalid` batch): objects with an index, a
/// code and a message.
fn item_errors(answer: &Value, out: &mut Vec<Value>) {
    match answer {
        Value::Object(map) => {
            if map.contains_key("index") && map.contains_key("code") && map.contains_key("message") {
                out.push(answer.clone());
            }
            map.values().for_each(|v| item_errors(v, out));
        }
        Value::Array(items) => items.iter().for_each(|v| item_errors(v, out)),
        _ => {}
    }
}

/// Every string under `key` anywhere in `value`.
fn learn(value: &Value, key: &str, out: &mut std::collections::BTreeSet<String>) {
    match value {
        Value::Object(map) => {
            for (k, v) in map {
                match v {
                    Value::String(s) if k == key => {
                        out.insert(s.clone());
                    }
                    _ => learn(v, key, out),
                }
            }
        }
        Value::Array(items) => items.iter().for_each(|v| learn(v, key, out)),
        _ => {}
    }
}

/// The names a seeded organisation declares: custom field keys, stage and value model codes.
pub fn organisation_names(world: &super::fixture::World) -> impl Iterator<Item = String> + '_ {
    world
        .custom
        .iter()
        .map(|d| d.key.clone())
        .chain(world.stage_codes.iter().cloned())
        .chain(world.model_codes.iter().cloned())
}

/// An engine on the seeded file, a second connection reading it, and the oracle.
pub struct Harness {
    pub seeded: Seeded,
    engine: Option<Engine>,
    reader: Option<Reader>,
    dump: Dump,
    pub names: Names,
    pub stats: Stats,
    /// The answer of the last call that succeeded ([`Harness::check`]), for a caller that learns from answers.
    pub last_answer: Option<String>,
}

impl Harness {
    /// Seeds the organisation and opens it.
    pub fn new(schemas: &Schemas) -> Harness {
        install_panic_counter();
        let seeded = Seeded::new();
        let mut declared = schemas.declared.clone();
        declared.extend(organisation_names(&seeded.world));
        let mut h = Harness {
            seeded,
            engine: None,
            reader: None,
            dump: Dump::default(),
            names: Names::new(declared),
            stats: Stats::default(),
            last_answer: None,
        };
        h.open();
        h
    }

    fn open(&mut self) {
        let options = open_options(self.seeded.generation);
        self.engine = Some(Engine::open(self.seeded.path_str(), &options).expect("open the seeded file"));
        let mut reader = Reader::open(&self.seeded.path);
        self.dump = reader.dump();
        self.reader = Some(reader);
    }

    /// Puts the organisation back as seeded.
    pub fn reset(&mut self) {
        self.engine = None;
        self.reader = None;
        self.seeded.restore();
        self.open();
    }

    /// Identifiers the organisation declares in a request that succeeded (a custom field's key, stage and
    /// value model codes) are names from then on: a message may name them, as it names a field.
    fn learn_names(&mut self, method: &str, text: &str) {
        let key = match method {
            "custom_fields.define" => "key",
            m if m.starts_with("pipelines.") || m.starts_with("value_models.") => "code",
            _ => return,
        };
        if let Ok(req) = serde_json::from_str::<Value>(text) {
            learn(&req, key, &mut self.names.declared);
        }
    }

    pub fn engine(&self) -> &Engine {
        self.engine.as_ref().expect("open")
    }

    /// Makes one call and answers the rules it broke. `actor` is a tag or an id ([`super::fixture::World::actor`]).
    pub fn check(&mut self, actor: &str, method: &str, request: &[u8]) -> Vec<Violation> {
        let actor_id = self.seeded.world.actor(actor);
        // Invalid UTF-8 cannot be a `&str`: the C entry points take such bytes (their own harness).
        let text = String::from_utf8_lossy(request);
        let needles = self.names.needles(actor_id.as_deref(), method, text.as_bytes());
        let engine = self.engine.as_ref().expect("open");
        let panics = panic_count();
        let outcome = catch_unwind(AssertUnwindSafe(|| engine.call(actor_id.as_deref(), method, &text)));
        let mut out = Vec::new();
        if panic_count() != panics || outcome.is_err() {
            out.push(Violation { rule: NO_PANIC, detail: last_panic() });
        }
        let after = self.reader.as_mut().expect("open").dump();
        self.last_answer = None;
        self.stats.calls += 1;
        let per_method = self.stats.methods.entry(method.to_string()).or_default();
        match outcome {
            Ok(Ok(answer)) => {
                self.stats.successes += 1;
                per_method.0 += 1;
                out.extend(accepted_request(&text));
                match serde_json::from_str::<Value>(&answer) {
                    Ok(value) => {
                        let mut items = Vec::new();
                        item_errors(&value, &mut items);
                        for item in items {
                            check_error_json(
                                &serde_json::json!({ "error": item }).to_string(),
                                None,
                                &self.names,
                                &needles,
                                &mut out,
                            );
                        }
                    }
                    Err(e) => out.push(Violation { rule: JSON_ANSWER, detail: format!("{e}") }),
                }
                self.learn_names(method, &text);
                self.last_answer = Some(answer);
            }
            Ok(Err(error)) => {
                per_method.1 += 1;
                *self.stats.refusals.entry(error.code.as_str()).or_default() += 1;
                check_error(&error, &self.names, &needles, &mut out);
                let changed = differences(&self.dump, &after);
                if !changed.is_empty() {
                    out.push(Violation {
                        rule: UNCHANGED,
                        detail: format!("{} refused, but {}", error.code.as_str(), changed.join(", ")),
                    });
                }
            }
            Err(_) => {
                per_method.1 += 1;
                *self.stats.refusals.entry("panic").or_default() += 1;
                let changed = differences(&self.dump, &after);
                if !changed.is_empty() {
                    out.push(Violation { rule: UNCHANGED, detail: format!("panicked, and {}", changed.join(", ")) });
                }
            }
        }
        self.dump = after;
        self.stats.violations += out.len() as u64;
        out
    }
}
