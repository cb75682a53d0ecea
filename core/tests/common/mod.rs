//! Shared fixture for engine flow tests: a deterministic engine with a small organisation.
#![allow(dead_code)]

use std::collections::BTreeMap;

use rapport_core::TestMode;
use rapport_core::{ApiError, Engine, OpenOptions};
use serde_json::{Value, json};

pub mod dataset;

/// Test-mode options: clock starts 2026-03-02T01:00:00Z (09:00 in UTC+8) and steps 1 s per request.
pub fn test_options() -> OpenOptions {
    OpenOptions {
        test_mode: Some(TestMode { start: "2026-03-02T01:00:00Z".into(), step_ms: 1000, id_seed: 42 }),
        ..OpenOptions::default()
    }
}

/// An organisation for flow tests:
///
/// ```text
/// HQ (admin, viewer)
/// └── Sales (sales_manager: `manager`)
///     ├── East (east_manager [sales_manager], rep_east1, rep_east2)
///     └── West (rep_west)
/// Service (agent)
/// ```
pub struct Org {
    pub engine: Engine,
    pub hq: String,
    pub sales: String,
    pub east: String,
    pub west: String,
    pub service: String,
    pub admin: String,
    pub viewer: String,
    pub manager: String,
    pub east_manager: String,
    pub rep_east1: String,
    pub rep_east2: String,
    pub rep_west: String,
    pub agent: String,
}

impl Org {
    pub fn new() -> Org {
        Org::with_engine(Engine::open(":memory:", &test_options()).expect("open"))
    }

    pub fn with_engine(engine: Engine) -> Org {
        let dept = |name: &str, parent: Option<&str>| -> String {
            id(&ok(&engine, None, "departments.create", json!({"name": name, "parent_id": parent})))
        };
        let hq = dept("HQ", None);
        let sales = dept("Sales", Some(&hq));
        let east = dept("East", Some(&sales));
        let west = dept("West", Some(&sales));
        let service = dept("Service", Some(&hq));
        let user = |name: &str, dept: &str, roles: &[&str], manager: Option<&str>| -> String {
            id(&ok(
                &engine,
                None,
                "users.create",
                json!({"name": name, "department_id": dept, "roles": roles, "manager_id": manager}),
            ))
        };
        let admin = user("Admin", &hq, &["admin"], None);
        let viewer = user("Viewer", &hq, &["viewer"], None);
        let manager = user("Sales Manager", &sales, &["sales_manager"], None);
        let east_manager = user("East Manager", &east, &["sales_manager"], Some(&manager));
        let rep_east1 = user("张伟", &east, &["sales_rep"], Some(&east_manager));
        let rep_east2 = user("李娜", &east, &["sales_rep"], Some(&east_manager));
        let rep_west = user("Wang Fang", &west, &["sales_rep"], Some(&manager));
        let agent = user("Agent", &service, &["service_agent"], None);
        Org {
            engine,
            hq,
            sales,
            east,
            west,
            service,
            admin,
            viewer,
            manager,
            east_manager,
            rep_east1,
            rep_east2,
            rep_west,
            agent,
        }
    }

    /// Calls a method and expects success.
    pub fn ok(&self, actor: Option<&str>, method: &str, req: Value) -> Value {
        ok(&self.engine, actor, method, req)
    }

    /// Calls a method and expects an error; also checks that nothing changed (row counts, audit log).
    pub fn refused(&self, actor: Option<&str>, method: &str, req: Value) -> ApiError {
        let before = self.counts();
        let err =
            self.engine.call(actor, method, &req.to_string()).expect_err(&format!("{method} should have been refused"));
        assert_eq!(before, self.counts(), "{method} was refused ({err}) but changed rows");
        err
    }

    /// Calls a method and expects an error; also checks the database is byte for byte what it was.
    pub fn refused_unchanged(&self, actor: Option<&str>, method: &str, req: Value) -> ApiError {
        let before = self.engine.export_image().expect("image");
        let err = self.refused(actor, method, req);
        assert!(
            self.engine.export_image().expect("image") == before,
            "{method} was refused ({err}) but changed the database"
        );
        err
    }

    pub fn counts(&self) -> BTreeMap<String, i64> {
        self.engine.row_counts().expect("row counts")
    }
}

pub fn ok(engine: &Engine, actor: Option<&str>, method: &str, req: Value) -> Value {
    match engine.call_value(actor, method, &req.to_string()) {
        Ok(v) => v,
        Err(e) => panic!("{method} failed: {e:?}"),
    }
}

pub fn id(v: &Value) -> String {
    v["id"].as_str().expect("an id").to_string()
}
