//! Bad input at the boundary of custom roles (ORG-6) and notifications (ORG-7), through `Engine::call` as every host
//! reaches it: each refusal has its code and field, and leaves the database file exactly as it was (its ordered dump).
//!
//! The bounded fuzz (`fuzz_boundary.rs`) covers these methods with generated input; this test names the cases a
//! host meets: malformed JSON, an unknown action in `roles.define`, a grant over an unknown department, a delivery
//! reported twice, another user's inbox entry marked read.

use std::path::PathBuf;

use rapport_core::{Engine, ErrorCode, OpenOptions};
use rapport_tests::state::{self, Dump};
use serde_json::{Value, json};

/// A file database in test mode: a department, a manager, a rep and another rep; the manager has handed the rep a
/// customer (an assignment in the rep's inbox), and a message queued to the rep was delivered and reported.
struct Org {
    engine: Engine,
    path: PathBuf,
    manager: String,
    rep: String,
    other: String,
    entry: String,
    message: String,
}

impl Org {
    fn new(name: &str) -> Org {
        let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("org-boundaries");
        std::fs::create_dir_all(&dir).unwrap();
        let path = dir.join(format!("{name}.db"));
        state::remove_database(&path);
        let options: OpenOptions = serde_json::from_value(
            json!({"test_mode": {"start": "2026-03-02T01:00:00Z", "step_ms": 1000, "id_seed": 7}}),
        )
        .unwrap();
        let engine = Engine::open(path.to_str().unwrap(), &options).unwrap();
        let mut org = Org {
            engine,
            path,
            manager: String::new(),
            rep: String::new(),
            other: String::new(),
            entry: String::new(),
            message: String::new(),
        };
        let dept = org.id(None, "departments.create", json!({"name": "华东销售部"}));
        let user = |role: &str, name: &str| json!({"name": name, "department_id": dept, "roles": [role]});
        org.manager = org.id(None, "users.create", user("sales_manager", "王经理"));
        org.rep = org.id(None, "users.create", user("sales_rep", "张伟"));
        org.other = org.id(None, "users.create", user("sales_rep", "李娜"));
        let (manager, rep) = (org.manager.clone(), org.rep.clone());
        org.ok(Some(&manager), "customers.create", json!({"name": "杭州新锐自动化", "owner_id": rep}));
        org.entry = org.ok(Some(&rep), "inbox.list", json!({}))["items"][0]["id"].as_str().unwrap().to_string();
        let message = json!({"channel": "push", "recipient_kind": "user", "recipient_id": rep, "template_key": "t"});
        org.message = org.id(None, "outbox.send", message);
        org.ok(None, "outbox.take", json!({}));
        org.ok(None, "outbox.report", json!({"id": org.message, "outcome": "sent"}));
        org
    }

    fn ok(&self, actor: Option<&str>, method: &str, request: Value) -> Value {
        let answer = self.engine.call(actor, method, &request.to_string());
        serde_json::from_str(&answer.unwrap_or_else(|e| panic!("{method}: {e:?}"))).unwrap()
    }

    fn id(&self, actor: Option<&str>, method: &str, request: Value) -> String {
        self.ok(actor, method, request)["id"].as_str().unwrap().to_string()
    }

    fn dump(&self) -> Dump {
        state::dump(&state::connect(&self.path))
    }

    /// `request` (raw text: it may be malformed) is refused with `code` on `field`, and nothing changed.
    fn refused(&self, actor: Option<&str>, method: &str, request: &str, code: ErrorCode, field: Option<&str>) {
        let before = self.dump();
        let e = self.engine.call(actor, method, request).expect_err(&format!("{method} {request} should fail"));
        assert_eq!((e.code, e.field.as_deref()), (code, field), "{method} {request}: {}", e.message);
        let changed = state::differences(&before, &self.dump());
        assert!(changed.is_empty(), "{method} {request} was refused but changed {changed:#?}");
    }
}

#[test]
fn malformed_requests_to_the_new_methods_are_refused_with_their_field() {
    let org = Org::new("malformed");
    let rep = Some(org.rep.as_str());
    use ErrorCode::MalformedRequest as M;
    org.refused(rep, "inbox.list", r#"{"unread_only": "#, M, Some("unread_only"));
    org.refused(rep, "inbox.list", r#"{"unread_only": "yes"}"#, M, Some("unread_only"));
    org.refused(rep, "inbox.list", r#"{"limit": -1}"#, M, Some("limit"));
    org.refused(rep, "inbox.mark_read", r#"{"ids": "all"}"#, M, Some("ids"));
    org.refused(rep, "inbox.mark_read", r#"{"ids": [], "everything": true}"#, M, Some("everything"));
    org.refused(None, "outbox.report", r#"{"id": 1, "outcome": "sent"}"#, M, Some("id"));
    org.refused(None, "outbox.report", r#"{"id": "x", "outcome": "lost"}"#, M, Some("outcome"));
    org.refused(None, "outbox.take", "[]", M, None);
    org.refused(None, "roles.define", "not json", M, None);
    org.refused(None, "grants.grant", r#"{"role": "sales_rep", "department_id": "d"}"#, M, Some("access"));
    org.refused(None, "announcements.post", r#"{"title": "三月冲刺"}"#, M, Some("body"));
}

#[test]
fn roles_define_refuses_an_unknown_action_and_kind() {
    let org = Org::new("roles");
    let role = |permissions: Value| {
        json!({"code": "field_audit", "name": "现场审计", "scope": "own", "permissions": permissions}).to_string()
    };
    let unknown_action = role(json!({"customer": ["edit", "fly"]}));
    org.refused(None, "roles.define", &unknown_action, ErrorCode::MalformedRequest, Some("permissions.customer[1]"));
    let unknown_kind = role(json!({"spaceship": ["edit"]}));
    org.refused(None, "roles.define", &unknown_kind, ErrorCode::Validation, Some("permissions"));
    let rep_defines = role(json!({"customer": ["edit"]}));
    org.refused(Some(&org.rep), "roles.define", &rep_defines, ErrorCode::PermissionDenied, None);
}

#[test]
fn a_grant_over_an_unknown_department_is_refused() {
    let org = Org::new("grants");
    let grant = |department: &str| json!({"role": "sales_rep", "department_id": department, "access": "read"});
    let unknown = grant("no-such-department").to_string();
    org.refused(None, "grants.grant", &unknown, ErrorCode::Validation, Some("department_id"));
    let to_user = json!({"user_id": org.other, "department_id": "no-such-department", "access": "edit"}).to_string();
    org.refused(None, "grants.grant", &to_user, ErrorCode::Validation, Some("department_id"));
}

#[test]
fn a_delivery_is_reported_once() {
    let org = Org::new("outbox");
    let again = json!({"id": org.message, "outcome": "sent"}).to_string();
    org.refused(None, "outbox.report", &again, ErrorCode::InvalidState, None);
    let failed_now = json!({"id": org.message, "outcome": "failed", "error": "timeout"}).to_string();
    org.refused(None, "outbox.report", &failed_now, ErrorCode::InvalidState, None);
    let unknown = json!({"id": "no-such-message", "outcome": "sent"}).to_string();
    org.refused(None, "outbox.report", &unknown, ErrorCode::NotFound, Some("id"));
    // Reporting is the host's (or an administrator's): a rep neither takes nor reports.
    org.refused(Some(&org.rep), "outbox.report", &again, ErrorCode::PermissionDenied, None);
    org.refused(Some(&org.rep), "outbox.take", "{}", ErrorCode::PermissionDenied, None);
    assert_eq!(org.ok(None, "outbox.get", json!({"id": org.message}))["status"], "sent");
}

#[test]
fn another_users_inbox_entry_cannot_be_marked_read() {
    let org = Org::new("inbox");
    let theirs = json!({"ids": [org.entry]}).to_string();
    for actor in [&org.manager, &org.other] {
        org.refused(Some(actor), "inbox.mark_read", &theirs, ErrorCode::NotFound, Some("ids.0"));
    }
    // One entry not theirs among their own marks nothing.
    let manager_entries = org.ok(Some(&org.manager), "inbox.list", json!({}))["items"].as_array().unwrap().len();
    assert_eq!(manager_entries, 0, "the manager's own assignment raised nothing for the manager");
    let mixed = json!({"ids": ["no-such-entry", org.entry]}).to_string();
    org.refused(Some(&org.rep), "inbox.mark_read", &mixed, ErrorCode::NotFound, Some("ids.0"));
    org.refused(None, "inbox.mark_read", &theirs, ErrorCode::Validation, Some("actor"));
    org.refused(Some(&org.rep), "inbox.mark_read", "{}", ErrorCode::Validation, Some("ids"));
    let both = json!({"ids": [org.entry], "all": true}).to_string();
    org.refused(Some(&org.rep), "inbox.mark_read", &both, ErrorCode::Validation, Some("ids"));
    assert_eq!(org.ok(Some(&org.rep), "inbox.list", json!({}))["unread"], 1, "still unread");
    let marked = org.ok(Some(&org.rep), "inbox.mark_read", json!({"ids": [org.entry]}));
    assert_eq!(marked, json!({"marked": 1, "unread": 0}));
}
