//! A small seeded organisation on a database file, and what the generator draws from it (actors, ids).
//!
//! [`Seeded::new`] seeds the demo organisation (a few dozen records of every kind) in the test mode,
//! defines custom fields of every type, deactivates one user, closes the engine and keeps the file's
//! bytes, so [`Seeded::restore`] puts the organisation back as it was in a millisecond (the fuzz
//! targets do, every few hundred inputs, so a run does not drift far from records that exist).

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};

use rapport_core::demo::{self, DemoOptions};
use rapport_core::{Engine, Entity, OpenOptions, TestMode};
use serde_json::{Value, json};

/// The user the generator acts as, by tag: what a corpus file's first line names.
pub const ACTOR_TAGS: [&str; 8] = ["system", "admin", "manager", "rep", "rep-out", "viewer", "inactive", "unknown"];

/// A custom field the organisation declares.
#[derive(Debug, Clone)]
pub struct CustomDef {
    pub entity: String,
    pub key: String,
    pub field_type: String,
    pub choices: Vec<String>,
}

/// What exists in the seeded organisation: the generator's source of real ids and names.
#[derive(Debug, Clone, Default)]
pub struct World {
    /// Actor tag -> user id (`system` is `None`, `unknown` a made-up id).
    pub actors: BTreeMap<&'static str, Option<String>>,
    /// Kind (`customer`, `stage`, `order`, ...) -> ids of every record of that kind.
    pub ids: BTreeMap<&'static str, Vec<String>>,
    /// Stage codes, for requests that name a stage.
    pub stage_codes: Vec<String>,
    /// Value model codes.
    pub model_codes: Vec<String>,
    /// `external_ref`s of customers.
    pub customer_refs: Vec<String>,
    /// `external_ref`s of orders.
    pub order_refs: Vec<String>,
    pub custom: Vec<CustomDef>,
}

impl World {
    /// The id of the actor a tag names (`None`: the system). An unknown tag is taken as the id itself.
    pub fn actor(&self, tag: &str) -> Option<String> {
        match self.actors.get(tag) {
            Some(id) => id.clone(),
            None => Some(tag.to_string()),
        }
    }

    /// Ids of records of `kind` (empty when there are none).
    pub fn ids_of(&self, kind: &str) -> &[String] {
        self.ids.get(kind).map(Vec::as_slice).unwrap_or(&[])
    }
}

/// The test mode of a generation of the file: the seeding is generation 0; each restore opens with a
/// later clock and another id seed, so new ids never meet those already stored.
pub fn test_mode(generation: u64) -> TestMode {
    let start = chrono::DateTime::parse_from_rfc3339("2026-03-02T01:00:00Z").expect("a date")
        + chrono::Duration::days(i64::try_from(generation).unwrap_or(0));
    TestMode {
        start: start.with_timezone(&chrono::Utc).to_rfc3339_opts(chrono::SecondsFormat::Secs, true),
        step_ms: 1000,
        id_seed: 42 + 1000 * generation,
    }
}

/// The options the harnesses open the file with: test mode, one reader, and a maximum request size small
/// enough that a fuzzer reaches `too_large` without building 16 MiB inputs.
pub fn open_options(generation: u64) -> OpenOptions {
    OpenOptions {
        test_mode: Some(test_mode(generation)),
        reader_connections: 1,
        max_request_bytes: MAX_REQUEST_BYTES,
        ..OpenOptions::default()
    }
}

/// `max_request_bytes` of the harnesses' databases.
pub const MAX_REQUEST_BYTES: usize = 256 * 1024;

/// A seeded database file in a directory of its own (removed on drop).
pub struct Seeded {
    pub dir: PathBuf,
    pub path: PathBuf,
    pub world: World,
    /// The file as seeded, for [`Seeded::restore`].
    image: Vec<u8>,
    /// How many times the file was restored (the test mode's generation).
    pub generation: u64,
}

impl Seeded {
    /// Seeds a fresh organisation in a new temporary directory.
    pub fn new() -> Seeded {
        static COUNTER: AtomicUsize = AtomicUsize::new(0);
        let dir = std::env::temp_dir().join(format!(
            "rapport-boundary-{}-{}",
            std::process::id(),
            COUNTER.fetch_add(1, Ordering::Relaxed)
        ));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).expect("a temporary directory");
        let path = dir.join("crm.db");
        let world = {
            let engine = Engine::open(path.to_str().expect("a UTF-8 path"), &open_options(0)).expect("open");
            seed(&engine);
            world(&engine, &path)
        };
        // The engine is closed, but its last connection to close may have been a read-only reader, which
        // leaves the WAL beside the file: a writable connection folds it in before the bytes are kept.
        {
            let conn = rusqlite::Connection::open(&path).expect("reopen the seeded file");
            conn.query_row("PRAGMA wal_checkpoint(TRUNCATE)", [], |_| Ok(())).expect("checkpoint");
        }
        let image = std::fs::read(&path).expect("the seeded file");
        // Generation 0 was the seeding: the harnesses open with later clocks and other id seeds.
        Seeded { dir, path, world, image, generation: 1 }
    }

    /// The path as the engine takes it.
    pub fn path_str(&self) -> &str {
        self.path.to_str().expect("a UTF-8 path")
    }

    /// Puts the file back as seeded (every connection to it must be closed) and counts a generation.
    pub fn restore(&mut self) {
        for suffix in ["-wal", "-shm", "-journal"] {
            let _ = std::fs::remove_file(with_suffix(&self.path, suffix));
        }
        std::fs::write(&self.path, &self.image).expect("restore the seeded file");
        self.generation += 1;
    }
}

impl Default for Seeded {
    fn default() -> Self {
        Seeded::new()
    }
}

impl Drop for Seeded {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}

fn with_suffix(path: &Path, suffix: &str) -> PathBuf {
    let mut s = path.as_os_str().to_owned();
    s.push(suffix);
    PathBuf::from(s)
}

fn call(engine: &Engine, method: &str, request: Value) -> Value {
    engine.call_value(None, method, &request.to_string()).unwrap_or_else(|e| panic!("{method}: {e}"))
}

/// The demo organisation, small, with custom fields of every type and one deactivated user.
fn seed(engine: &Engine) {
    let opts = DemoOptions {
        customers: Some(16),
        seed: Some(7),
        leads: Some(8),
        opportunities: Some(8),
        activities: Some(12),
        orders: Some(16),
    };
    demo::seed(engine, &opts).expect("the demo seeds");
    let fields = [
        ("customer", "fz_note", "text", json!([])),
        ("customer", "fz_size", "number", json!([])),
        ("customer", "fz_since", "date", json!([])),
        ("customer", "fz_vip", "bool", json!([])),
        ("customer", "fz_tier", "choice", json!(["gold", "silver"])),
        ("lead", "fz_channel", "choice", json!(["web", "fair"])),
        ("opportunity", "fz_risk", "number", json!([])),
        ("contact", "fz_hobby", "text", json!([])),
        ("activity", "fz_place", "text", json!([])),
    ];
    for (entity, key, field_type, choices) in fields {
        call(
            engine,
            "custom_fields.define",
            json!({"entity": entity, "key": key, "label": key, "field_type": field_type, "choices": choices}),
        );
    }
    // A few opportunities wait for their evaluation, so approvals.* have something to decide.
    let pipelines = call(engine, "pipelines.list", json!({}));
    let gate_of = |pipeline_id: &Value| {
        let pipeline = pipelines.as_array().into_iter().flatten().find(|p| &p["id"] == pipeline_id)?;
        let stages = pipeline["stages"].as_array()?;
        stages.iter().find(|s| s["requires_approval"] == json!(true)).map(|s| s["code"].clone())
    };
    let opportunities = call(engine, "opportunities.list", json!({"limit": 100}));
    let waiting = opportunities["items"].as_array().into_iter().flatten().filter(|o| {
        let Some(gate) = gate_of(&o["pipeline_id"]) else { return false };
        let advance = json!({"id": o["id"], "stage": gate});
        let submit = json!({"document_type": "opportunity_evaluation", "document_id": o["id"]});
        engine.call_value(None, "opportunities.advance", &advance.to_string()).is_ok()
            && engine.call_value(None, "approvals.submit", &submit.to_string()).is_ok()
    });
    assert!(waiting.take(3).count() > 0, "the fixture has an opportunity waiting for approval");
    let users = call(engine, "users.list", json!({}));
    let reps = reps(&users);
    if let Some(last) = reps.last() {
        call(engine, "users.deactivate", json!({"id": last.0}));
    }
}

/// Active sales reps as (id, department).
fn reps(users: &Value) -> Vec<(String, String)> {
    users
        .as_array()
        .into_iter()
        .flatten()
        .filter(|u| has_role(u, "sales_rep") && u["active"] != json!(false))
        .map(|u| (text(&u["id"]), text(&u["department_id"])))
        .collect()
}

fn has_role(user: &Value, role: &str) -> bool {
    user["roles"].as_array().is_some_and(|r| r.iter().any(|x| x == role))
}

fn text(v: &Value) -> String {
    v.as_str().unwrap_or_default().to_string()
}

/// Reads what the generator draws from: actors through the API, ids straight from the tables.
fn world(engine: &Engine, path: &Path) -> World {
    let users = call(engine, "users.list", json!({"include_inactive": true}));
    let list = users.as_array().cloned().unwrap_or_default();
    let first = |pred: &dyn Fn(&Value) -> bool| list.iter().find(|u| pred(u)).map(|u| text(&u["id"]));
    let active = |u: &Value| u["active"] != json!(false);
    let mut actors = BTreeMap::new();
    actors.insert("system", None);
    actors.insert("admin", first(&|u| active(u) && has_role(u, "admin")));
    actors.insert("manager", first(&|u| active(u) && has_role(u, "sales_manager")));
    let reps = reps(&users);
    let rep = reps.first().cloned().unwrap_or_default();
    // The out-of-scope rep: one in another department than `rep`, whose records most ids are not.
    let rep_out = reps.iter().find(|(_, dept)| *dept != rep.1).cloned().unwrap_or_default();
    actors.insert("rep", Some(rep.0));
    actors.insert("rep-out", Some(rep_out.0));
    actors.insert("viewer", first(&|u| active(u) && has_role(u, "viewer")));
    actors.insert("inactive", first(&|u| !active(u)));
    actors.insert("unknown", Some("0190a4c2-0000-7000-8000-00000000dead".to_string()));

    let conn = rusqlite::Connection::open_with_flags(path, rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY)
        .expect("a second connection");
    let column = |sql: &str| -> Vec<String> {
        let mut stmt = conn.prepare(sql).unwrap_or_else(|e| panic!("{sql}: {e}"));
        stmt.query_map([], |r| r.get::<_, String>(0))
            .and_then(|rows| rows.collect::<Result<Vec<_>, _>>())
            .unwrap_or_else(|e| panic!("{sql}: {e}"))
    };
    let mut ids = BTreeMap::new();
    for e in Entity::ALL {
        let decl = e.declaration();
        if decl.has_field("id") && e != Entity::Organisation {
            ids.insert(decl.name, column(&format!("SELECT id FROM {} ORDER BY id", decl.table)));
        }
    }
    for (kind, table) in [
        ("stage", "pipeline_stages"),
        ("order", "orders"),
        ("value_model", "value_models"),
        ("approval", "approvals"),
        ("inbox_entry", "inbox_entries"),
        ("outbox_message", "outbox_messages"),
    ] {
        ids.insert(kind, column(&format!("SELECT id FROM {table} ORDER BY id")));
    }
    let custom = column("SELECT entity || char(31) || key || char(31) || field_type || char(31) || choices FROM custom_field_defs ORDER BY 1")
        .into_iter()
        .map(|row| {
            let parts: Vec<&str> = row.split('\u{1f}').collect();
            let choices = serde_json::from_str::<Vec<String>>(parts.get(3).copied().unwrap_or("[]")).unwrap_or_default();
            CustomDef {
                entity: parts[0].to_string(),
                key: parts.get(1).copied().unwrap_or_default().to_string(),
                field_type: parts.get(2).copied().unwrap_or_default().to_string(),
                choices,
            }
        })
        .collect();
    World {
        actors,
        stage_codes: column("SELECT DISTINCT code FROM pipeline_stages ORDER BY code"),
        model_codes: column("SELECT code FROM value_models ORDER BY code"),
        customer_refs: column("SELECT external_ref FROM customers WHERE external_ref IS NOT NULL ORDER BY 1"),
        order_refs: column("SELECT external_ref FROM orders ORDER BY 1"),
        ids,
        custom,
    }
}
