//! The access rule agrees with itself everywhere (ORG-2, ORG-3, OPP-5, ORG-5, ORG-6: custom roles, the subordinates scope, department grants): over a generated organisation, for every actor, record and kind, `*.list` shows a record exactly when `*.get` answers it, both exactly when an oracle written from SPEC says it is visible, writes succeed exactly when the oracle says so, and every report counts what the actor's lists show without the pool.

mod common;

use std::collections::{BTreeMap, BTreeSet};

use common::{id, ok, test_options};
use rapport_core::{Engine, ErrorCode};
use serde_json::{Value, json};

/// An access level, as the oracle decides it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Level {
    None,
    Read,
    Write,
}

/// Data scopes, narrowest first (ORG-2).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Scope {
    Own,
    Subordinates,
    Department,
    DepartmentTree,
    All,
}

fn scope_named(name: &str) -> Scope {
    match name {
        "own" => Scope::Own,
        "subordinates" => Scope::Subordinates,
        "department" => Scope::Department,
        "department_tree" => Scope::DepartmentTree,
        _ => Scope::All,
    }
}

/// ORG-2 defaults, as SPEC states them.
fn default_scope(role: &str) -> Scope {
    match role {
        "admin" => Scope::All,
        "sales_rep" | "service_agent" => Scope::Own,
        _ => Scope::DepartmentTree,
    }
}

struct User {
    id: String,
    department: String,
    roles: Vec<&'static str>,
    /// Custom roles (ORG-6): `team_lead` (subordinates, edits), `auditor` (own, reads only).
    custom: Vec<&'static str>,
    manager: Option<String>,
}

/// A custom role's scope and whether it edits, as the world defines them.
fn custom_role(code: &str) -> (Scope, bool) {
    match code {
        "team_lead" => (Scope::Subordinates, true),
        _ => (Scope::Own, false),
    }
}

/// One record of a kind, with what visibility depends on.
#[derive(Debug, Clone)]
struct Record {
    kind: &'static str,
    id: String,
    owner: Option<String>,
    /// The customer a contact, activity or order is reached through.
    customer: Option<String>,
    /// Collaborators of an opportunity: (user id, "read" | "edit").
    collaborators: Vec<(String, &'static str)>,
    closed: bool,
    /// ORG-5: the users the waiting step of the record's pending approval is addressed to.
    awaiting: Vec<String>,
}

/// The generated organisation:
///
/// ```text
/// HQ (admin, viewer)
/// ├── Sales (head [sales_manager], marketer, lead [team_lead: rep_a2 and rep_w report to them, agent to rep_w])
/// │   ├── East (east_mgr [sales_manager])
/// │   │   ├── EastA (rep_a1, rep_a2 [granted edit over West])
/// │   │   └── EastB (rep_b [sales_rep + marketer, granted read over Service])
/// │   └── West (rep_w)
/// ├── Service (svc_mgr [service_manager], agent [service_agent])
/// └── auditor [auditor, a custom role reading its own; the role is granted read over East]
/// ```
struct World {
    engine: Engine,
    /// Department id -> materialised path.
    paths: BTreeMap<String, String>,
    users: Vec<User>,
    records: Vec<Record>,
    pipeline: String,
    /// Department grants (ORG-6): (user id or role, department id, "read" | "edit").
    grants: Vec<(String, String, &'static str)>,
}

fn call(engine: &Engine, actor: Option<&str>, method: &str, req: Value) -> Result<Value, ErrorCode> {
    engine.call_value(actor, method, &req.to_string()).map_err(|e| e.code)
}

fn build() -> World {
    let engine = Engine::open(":memory:", &test_options()).expect("open");
    let e = &engine;
    let dept = |name: &str, parent: Option<&str>| {
        id(&ok(e, None, "departments.create", json!({"name": name, "parent_id": parent})))
    };
    let hq = dept("HQ", None);
    let sales = dept("Sales", Some(&hq));
    let east = dept("East", Some(&sales));
    let east_a = dept("EastA", Some(&east));
    let east_b = dept("EastB", Some(&east));
    let west = dept("West", Some(&sales));
    let service = dept("Service", Some(&hq));
    let listed = ok(e, None, "departments.list", json!({}));
    let paths = listed.as_array().unwrap().iter().map(|d| (id(d), d["path"].as_str().unwrap().to_string())).collect();
    let edits = json!(["create", "edit", "archive", "assign", "view_financial"]);
    let kinds = ["customer", "contact", "lead", "opportunity", "activity"];
    let team_lead: serde_json::Map<String, Value> = kinds.iter().map(|k| (k.to_string(), edits.clone())).collect();
    ok(
        e,
        None,
        "roles.define",
        json!({"code": "team_lead", "name": "Team lead", "scope": "subordinates", "permissions": team_lead}),
    );
    let reads: serde_json::Map<String, Value> =
        kinds.iter().map(|k| (k.to_string(), json!(["view_financial"]))).collect();
    ok(e, None, "roles.define", json!({"code": "auditor", "name": "Auditor", "scope": "own", "permissions": reads}));
    let mut users = Vec::new();
    let mut user = |name: &str,
                    department: &str,
                    roles: Vec<&'static str>,
                    custom: Vec<&'static str>,
                    manager: Option<&str>| {
        let u = id(&ok(
            e,
            None,
            "users.create",
            json!({"name": name, "department_id": department, "roles": roles, "custom_roles": custom, "manager_id": manager}),
        ));
        let manager = manager.map(str::to_string);
        users.push(User { id: u.clone(), department: department.to_string(), roles, custom, manager });
        u
    };
    let _admin = user("Admin", &hq, vec!["admin"], vec![], None);
    let _viewer = user("Viewer", &hq, vec!["viewer"], vec![], None);
    let head = user("Head", &sales, vec!["sales_manager"], vec![], None);
    let _marketer = user("Marketer", &sales, vec!["marketer"], vec![], None);
    let lead = user("Team Lead", &sales, vec![], vec!["team_lead"], None);
    let east_mgr = user("East Manager", &east, vec!["sales_manager"], vec![], None);
    let rep_a1 = user("Rep A1", &east_a, vec!["sales_rep"], vec![], None);
    let rep_a2 = user("Rep A2", &east_a, vec!["sales_rep"], vec![], Some(&lead));
    let rep_b = user("Rep B", &east_b, vec!["sales_rep", "marketer"], vec![], None);
    let rep_w = user("Rep W", &west, vec!["sales_rep"], vec![], Some(&lead));
    let _svc_mgr = user("Service Manager", &service, vec!["service_manager"], vec![], None);
    let agent = user("Agent", &service, vec!["service_agent"], vec![], Some(&rep_w));
    let _auditor = user("Auditor", &hq, vec![], vec!["auditor"], None);
    let grants = vec![
        (rep_a2.clone(), west.clone(), "edit"),
        (rep_b.clone(), service.clone(), "read"),
        ("auditor".to_string(), east.clone(), "read"),
    ];
    for (grantee, department, access) in &grants {
        let who = if grantee == "auditor" { json!({"role": grantee}) } else { json!({"user_id": grantee}) };
        let mut req = json!({"department_id": department, "access": access});
        req.as_object_mut().unwrap().extend(who.as_object().unwrap().clone());
        ok(e, None, "grants.grant", req);
    }

    let pipeline = id(&ok(
        e,
        None,
        "pipelines.create",
        json!({"code": "plain", "name": "Plain", "is_default": true, "stages": [
            {"code": "qualify", "name": "Qualify", "probability": 20},
            {"code": "negotiate", "name": "Negotiate", "probability": 70}
        ]}),
    ));

    let mut records = Vec::new();
    let mut customers: BTreeMap<&str, String> = BTreeMap::new();
    let owners = [
        ("a1", Some(&rep_a1)),
        ("a2", Some(&rep_a2)),
        ("b", Some(&rep_b)),
        ("w", Some(&rep_w)),
        ("east", Some(&east_mgr)),
        ("head", Some(&head)),
        ("agent", Some(&agent)),
        ("pool1", None),
        ("pool2", None),
    ];
    for (key, owner) in owners {
        let c = id(&ok(e, None, "customers.create", json!({"name": format!("Customer {key}"), "owner_id": owner})));
        records.push(Record {
            kind: "customer",
            id: c.clone(),
            owner: owner.cloned(),
            customer: None,
            collaborators: vec![],
            closed: false,
            awaiting: vec![],
        });
        let contact = id(&ok(e, None, "contacts.create", json!({"customer_id": c, "name": format!("Contact {key}")})));
        records.push(Record {
            kind: "contact",
            id: contact,
            owner: None,
            customer: Some(c.clone()),
            collaborators: vec![],
            closed: false,
            awaiting: vec![],
        });
        customers.insert(key, c);
    }
    for (n, owner) in
        [Some(&rep_a1), Some(&rep_a2), Some(&rep_b), Some(&rep_w), Some(&east_mgr), None, None].into_iter().enumerate()
    {
        let lead = id(&ok(e, None, "leads.create", json!({"person_name": format!("Lead {n}"), "owner_id": owner})));
        records.push(Record {
            kind: "lead",
            id: lead,
            owner: owner.cloned(),
            customer: None,
            collaborators: vec![],
            closed: false,
            awaiting: vec![],
        });
    }
    // Opportunities: owned on the owner's customer, some shared, some closed; one on a pool customer.
    type Shared = Vec<(String, &'static str)>;
    let opportunities: Vec<(&str, &String, Shared, Option<&str>)> = vec![
        ("a1", &rep_a1, vec![], None),
        ("a1", &rep_a1, vec![(rep_w.clone(), "read")], Some("won")),
        ("a2", &rep_a2, vec![(rep_w.clone(), "edit")], None),
        ("b", &rep_b, vec![(agent.clone(), "read")], Some("lost")),
        ("w", &rep_w, vec![(rep_a1.clone(), "read")], None),
        ("w", &rep_w, vec![], Some("won")),
        ("east", &east_mgr, vec![(rep_b.clone(), "edit")], None),
        ("head", &head, vec![], None),
        ("pool1", &rep_a2, vec![], None),
    ];
    for (customer, owner, shared, outcome) in opportunities {
        let o = id(&ok(
            e,
            None,
            "opportunities.create",
            json!({"customer_id": customers[customer], "title": "Deal", "amount": 10000, "owner_id": owner}),
        ));
        for (user, access) in &shared {
            ok(e, None, "opportunities.add_collaborator", json!({"id": o, "user_id": user, "access": access}));
        }
        match outcome {
            Some("won") => {
                ok(e, None, "opportunities.win", json!({"id": o}));
            }
            Some(_) => {
                ok(e, None, "opportunities.lose", json!({"id": o, "reason": "price"}));
            }
            None => {}
        }
        records.push(Record {
            kind: "opportunity",
            id: o,
            owner: Some(owner.clone()),
            customer: Some(customers[customer].clone()),
            collaborators: shared,
            closed: outcome.is_some(),
            awaiting: vec![],
        });
    }
    // Activities, some owned by someone other than the customer's owner.
    let activities = [
        ("a1", &rep_a1),
        ("a1", &agent),
        ("w", &east_mgr),
        ("pool1", &rep_w),
        ("b", &rep_b),
        ("head", &rep_a2),
        ("agent", &agent),
    ];
    for (customer, owner) in activities {
        let a = id(&ok(
            e,
            None,
            "activities.create",
            json!({"kind": "call", "subject": "Call", "customer_id": customers[customer], "owner_id": owner}),
        ));
        records.push(Record {
            kind: "activity",
            id: a,
            owner: Some(owner.clone()),
            customer: Some(customers[customer].clone()),
            collaborators: vec![],
            closed: false,
            awaiting: vec![],
        });
    }
    for (n, customer) in ["a1", "w", "pool2"].into_iter().enumerate() {
        let pushed = ok(
            e,
            None,
            "orders.push",
            json!({"items": [{"external_ref": format!("O-{n}"), "customer_id": customers[customer], "status": "approved",
                              "order_date": "2026-02-01", "amount": 5000}]}),
        );
        records.push(Record {
            kind: "order",
            id: id(&pushed["written"][0]),
            owner: None,
            customer: Some(customers[customer].clone()),
            collaborators: vec![],
            closed: false,
            awaiting: vec![],
        });
    }
    // ORG-5: opportunities waiting for approval, read by the users their waiting step is addressed to: step 1
    // the service manager, step 2 the East manager (neither's scope covers a West or EastA rep's records).
    let gated = id(&ok(
        e,
        None,
        "pipelines.create",
        json!({"code": "gated", "name": "Gated", "stages": [
            {"code": "qualify", "name": "Qualify", "probability": 20},
            {"code": "evaluate", "name": "Evaluate", "probability": 50, "requires_approval": true}
        ]}),
    ));
    ok(
        e,
        None,
        "approvals.set_flow",
        json!({"document_type": "opportunity_evaluation", "steps": [
            {"name": "service", "approver": {"kind": "role", "role": "service_manager"}},
            {"name": "east", "approver": {"kind": "user", "user_id": east_mgr}}
        ]}),
    );
    let svc_mgr = users.iter().find(|u| u.roles == ["service_manager"]).map(|u| u.id.clone()).unwrap();
    for (customer, owner, decided_steps) in [("a1", &rep_a1, 0), ("w", &rep_w, 1)] {
        let o = id(&ok(
            e,
            None,
            "opportunities.create",
            json!({"customer_id": customers[customer], "title": "Gated deal", "amount": 20000, "owner_id": owner,
                   "pipeline_id": gated, "stage": "evaluate"}),
        ));
        let a = ok(
            e,
            Some(owner),
            "approvals.submit",
            json!({"document_type": "opportunity_evaluation", "document_id": o}),
        );
        if decided_steps == 1 {
            ok(e, Some(&svc_mgr), "approvals.approve", json!({"id": id(&a)}));
        }
        records.push(Record {
            kind: "opportunity",
            id: o,
            owner: Some(owner.clone()),
            customer: Some(customers[customer].clone()),
            collaborators: vec![],
            closed: false,
            awaiting: vec![if decided_steps == 0 { svc_mgr.clone() } else { east_mgr.clone() }],
        });
    }
    World { engine, paths, users, records, pipeline, grants }
}

/// What the oracle needs to know about one actor.
struct Viewer<'a> {
    user: Option<&'a User>,
    /// The scope of each role (ORG-2, ORG-6): the actor reaches their union.
    scopes: Vec<Scope>,
    read_only: bool,
}

impl Viewer<'_> {
    fn scope_beyond_own(&self) -> bool {
        self.user.is_none() || self.scopes.iter().any(|s| *s != Scope::Own)
    }
}

impl World {
    fn user(&self, id: &str) -> &User {
        self.users.iter().find(|u| u.id == id).expect("a user of the world")
    }

    fn viewer<'a>(&'a self, actor: Option<&'a User>, scopes: &BTreeMap<&str, Scope>) -> Viewer<'a> {
        match actor {
            None => Viewer { user: None, scopes: vec![Scope::All], read_only: false },
            Some(u) => Viewer {
                user: Some(u),
                scopes: u
                    .roles
                    .iter()
                    .map(|r| scopes.get(r).copied().unwrap_or(default_scope(r)))
                    .chain(u.custom.iter().map(|c| custom_role(c).0))
                    .collect(),
                read_only: u.roles.iter().all(|r| *r == "viewer") && u.custom.iter().all(|c| !custom_role(c).1),
            },
        }
    }

    /// ORG-6: whether `user` is below `me` in the manager chain.
    fn reports_to(&self, user: &str, me: &str) -> bool {
        let mut at = self.user(user).manager.clone();
        while let Some(m) = at {
            if m == me {
                return true;
            }
            at = self.user(&m).manager.clone();
        }
        false
    }

    /// ORG-2 and ORG-6: whether the viewer's scopes, or a department grant to them or their roles (read
    /// grants only when reading), cover records owned by `owner`.
    fn covers(&self, v: &Viewer<'_>, owner: Option<&str>, level: Level) -> bool {
        let Some(me) = v.user else { return true };
        if v.scopes.contains(&Scope::All) {
            return true;
        }
        let Some(owner) = owner else { return false };
        if owner == me.id {
            return true;
        }
        let theirs = &self.user(owner).department;
        let by_scope = v.scopes.iter().any(|s| match s {
            Scope::Own | Scope::All => false,
            Scope::Subordinates => self.reports_to(owner, &me.id),
            Scope::Department => *theirs == me.department,
            Scope::DepartmentTree => self.paths[theirs].starts_with(&self.paths[&me.department]),
        });
        let granted = self.grants.iter().any(|(grantee, department, access)| {
            let mine =
                *grantee == me.id || me.roles.contains(&grantee.as_str()) || me.custom.contains(&grantee.as_str());
            mine && (level == Level::Read || *access == "edit")
                && self.paths[theirs].starts_with(&self.paths[department])
        });
        by_scope || granted
    }

    /// The level the viewer's scopes and grants give on records owned by `owner`.
    fn owned_level(&self, v: &Viewer<'_>, owner: Option<&str>) -> Level {
        if self.covers(v, owner, Level::Write) {
            Level::Write
        } else if self.covers(v, owner, Level::Read) {
            Level::Read
        } else {
            Level::None
        }
    }

    /// ORG-3, OPP-5 and ORG-5, as SPEC states them: what the actor reaches, including what they read only
    /// because a step of its approval waits for them.
    fn oracle(&self, v: &Viewer<'_>, r: &Record) -> Level {
        let scoped = self.scoped_oracle(v, r);
        let awaited = v.user.is_some_and(|me| r.awaiting.contains(&me.id));
        if scoped == Level::None && awaited { Level::Read } else { scoped }
    }

    /// ORG-3, OPP-5 and ORG-6: what the actor's scopes and grants, the pool, collaborations and parents
    /// reach (reports count these).
    fn scoped_oracle(&self, v: &Viewer<'_>, r: &Record) -> Level {
        let customer = |id: &str| self.records.iter().find(|c| c.kind == "customer" && c.id == id).unwrap();
        let owned = self.owned_level(v, r.owner.as_deref());
        let level = match r.kind {
            "customer" if r.owner.is_none() => {
                if v.scope_beyond_own() {
                    Level::Write
                } else {
                    Level::Read
                }
            }
            "customer" => owned,
            "lead" if r.owner.is_none() && v.scope_beyond_own() => Level::Write,
            "lead" => owned,
            "opportunity" => {
                let mine = v.user.and_then(|me| r.collaborators.iter().find(|(u, _)| *u == me.id));
                let shared = match mine {
                    Some((_, "edit")) => Level::Write,
                    Some(_) => Level::Read,
                    None => Level::None,
                };
                owned.max(shared)
            }
            "activity" => owned.max(self.scoped_oracle(v, customer(r.customer.as_deref().unwrap()))),
            "contact" | "order" => self.scoped_oracle(v, customer(r.customer.as_deref().unwrap())),
            _ => Level::None,
        };
        if v.read_only && level == Level::Write { Level::Read } else { level }
    }
}

fn get_method(kind: &str) -> &'static str {
    match kind {
        "customer" => "customers.get",
        "contact" => "contacts.get",
        "lead" => "leads.get",
        "opportunity" => "opportunities.get",
        "activity" => "activities.get",
        "order" => "orders.get",
        _ => unreachable!(),
    }
}

fn list_method(kind: &str) -> &'static str {
    match kind {
        "customer" => "customers.list",
        "lead" => "leads.list",
        "opportunity" => "opportunities.list",
        "activity" => "activities.list",
        _ => unreachable!(),
    }
}

/// Every page of a list.
fn list_all(engine: &Engine, actor: Option<&str>, method: &str, mut req: Value) -> Vec<Value> {
    let mut out = Vec::new();
    loop {
        let page = call(engine, actor, method, req.clone()).unwrap_or_else(|c| panic!("{method}: {c:?}"));
        out.extend(page["items"].as_array().unwrap().iter().cloned());
        match page["next_cursor"].as_str() {
            Some(c) => req["cursor"] = json!(c),
            None => return out,
        }
    }
}

/// Everything an actor's lists show, by kind (contacts through each customer's list).
fn listed(w: &World, actor: Option<&str>) -> BTreeMap<&'static str, Vec<Value>> {
    let mut out = BTreeMap::new();
    for kind in ["customer", "lead", "opportunity", "activity"] {
        out.insert(kind, list_all(&w.engine, actor, list_method(kind), json!({"limit": 3})));
    }
    let mut contacts = Vec::new();
    for c in w.records.iter().filter(|r| r.kind == "customer") {
        match call(&w.engine, actor, "contacts.list", json!({"customer_id": c.id})) {
            Ok(page) => contacts.extend(page["items"].as_array().unwrap().iter().cloned()),
            Err(code) => assert_eq!(code, ErrorCode::NotFound, "contacts.list of an invisible customer"),
        }
    }
    out.insert("contact", contacts);
    out
}

fn probe_write(engine: &Engine, actor: Option<&str>, r: &Record) -> Result<Value, ErrorCode> {
    let method = match r.kind {
        "customer" => "customers.update",
        "contact" => "contacts.update",
        "lead" => "leads.update",
        "opportunity" => "opportunities.update",
        "activity" => "activities.update",
        _ => unreachable!(),
    };
    call(engine, actor, method, json!({"id": r.id}))
}

/// The role scopes tried, each set through `roles.set_scope`: the defaults, then two configurations that
/// between them give every role every other scope at least once.
const CONFIGURATIONS: [&[(&str, &str)]; 3] = [
    &[],
    &[
        ("sales_rep", "department"),
        ("sales_manager", "department"),
        ("marketer", "own"),
        ("viewer", "all"),
        ("service_agent", "department_tree"),
        ("service_manager", "all"),
    ],
    &[
        ("sales_rep", "department_tree"),
        ("sales_manager", "all"),
        ("marketer", "department"),
        ("viewer", "own"),
        ("service_agent", "all"),
        ("service_manager", "own"),
    ],
];

#[test]
fn org_3_list_get_and_write_agree_with_the_rule_for_every_actor_record_and_kind() {
    let w = build();
    let mut checked = 0usize;
    for configuration in CONFIGURATIONS {
        for (role, scope) in configuration {
            ok(&w.engine, None, "roles.set_scope", json!({"role": role, "scope": scope}));
        }
        let scopes: BTreeMap<&str, Scope> = configuration.iter().map(|(r, s)| (*r, scope_named(s))).collect();
        let actors: Vec<Option<&User>> = std::iter::once(None).chain(w.users.iter().map(Some)).collect();
        for actor in actors {
            let v = w.viewer(actor, &scopes);
            let actor_id = actor.map(|u| u.id.as_str());
            let lists = listed(&w, actor_id);
            for r in &w.records {
                let expected = w.oracle(&v, r);
                let who = format!(
                    "{} as {:?} {:?} ({:?}) on {} {}",
                    configuration.len(),
                    actor.map(|u| &u.roles),
                    actor.map(|u| &u.custom),
                    v.scopes,
                    r.kind,
                    r.id
                );
                let got = call(&w.engine, actor_id, get_method(r.kind), json!({"id": r.id}));
                assert_eq!(got.is_ok(), expected > Level::None, "get: {who}");
                if let Err(code) = got {
                    assert_eq!(code, ErrorCode::NotFound, "an invisible record is not found: {who}");
                }
                if let Some(list) = lists.get(r.kind) {
                    let in_list = list.iter().any(|x| x["id"] == r.id.as_str());
                    assert_eq!(in_list, expected > Level::None, "list: {who}");
                }
                if r.kind != "order" {
                    let wrote = probe_write(&w.engine, actor_id, r);
                    match (expected, wrote) {
                        (Level::Write, Ok(_)) => {}
                        (Level::Write, Err(ErrorCode::InvalidState)) if r.closed || !r.awaiting.is_empty() => {}
                        (_, Err(ErrorCode::PermissionDenied)) if v.read_only => {}
                        (Level::Read, Err(ErrorCode::PermissionDenied)) => {}
                        (Level::None, Err(ErrorCode::NotFound)) => {}
                        (expected, wrote) => panic!("write: {who}: expected {expected:?}, got {wrote:?}"),
                    }
                }
                checked += 1;
            }
        }
    }
    let kinds: BTreeSet<&str> = w.records.iter().map(|r| r.kind).collect();
    println!(
        "agreement: {} configurations x {} actors x {} records of {} kinds = {checked} checks",
        CONFIGURATIONS.len(),
        w.users.len() + 1,
        w.records.len(),
        kinds.len()
    );
    assert_eq!(checked, CONFIGURATIONS.len() * (w.users.len() + 1) * w.records.len());
}

#[test]
fn org_3_reports_count_what_the_lists_show_without_the_pool() {
    let w = build();
    for configuration in CONFIGURATIONS {
        for (role, scope) in configuration {
            ok(&w.engine, None, "roles.set_scope", json!({"role": role, "scope": scope}));
        }
        let scopes: BTreeMap<&str, Scope> = configuration.iter().map(|(r, s)| (*r, scope_named(s))).collect();
        for actor in std::iter::once(None).chain(w.users.iter().map(Some)) {
            let v = w.viewer(actor, &scopes);
            let actor_id = actor.map(|u| u.id.as_str());
            let who = format!("{:?} {:?} ({:?})", actor.map(|u| &u.roles), actor.map(|u| &u.custom), v.scopes);
            let lists = listed(&w, actor_id);
            // Only a scope of everything counts unowned records; what the actor reads only to decide its
            // approval is not counted either (ORG-5).
            let approving_only = |x: &Value| {
                let r = w.records.iter().find(|r| r.id == x["id"].as_str().unwrap_or("")).unwrap();
                w.scoped_oracle(&v, r) == Level::None
            };
            let counted = |kind: &str| -> Vec<Value> {
                lists[kind]
                    .iter()
                    .filter(|x| (v.scopes.contains(&Scope::All) || !x["owner_id"].is_null()) && !approving_only(x))
                    .cloned()
                    .collect()
            };
            let report = |method: &str, req: Value| call(&w.engine, actor_id, method, req).expect(method);
            let sum = |groups: &Value, field: &str| -> i64 {
                groups.as_array().unwrap().iter().map(|g| g[field].as_i64().unwrap()).sum()
            };

            let customers = counted("customer").len() as i64;
            let by_status = report("reports.customer_distribution", json!({"by": "status"}));
            assert_eq!(sum(&by_status["groups"], "customers"), customers, "customer_distribution: {who}");
            let rfm = report("reports.rfm_segments", json!({}));
            assert_eq!(sum(&rfm["groups"], "customers"), customers, "rfm_segments: {who}");

            let opportunities = counted("opportunity");
            let open = opportunities.iter().filter(|o| o["status"] == "open").count() as i64;
            let won = opportunities.iter().filter(|o| o["status"] == "won").count() as i64;
            let pipeline = report("reports.pipeline", json!({"by": "owner"}));
            assert_eq!(sum(&pipeline["groups"], "opportunities"), open, "pipeline: {who}");
            let forecast = report("reports.forecast", json!({}));
            assert_eq!(sum(&forecast["months"], "open_opportunities"), open, "forecast: {who}");
            let won_lost = report("reports.won_lost", json!({}));
            let won_groups: i64 = won_lost["groups"]
                .as_array()
                .unwrap()
                .iter()
                .filter(|g| g["status"] == "won")
                .map(|g| g["opportunities"].as_i64().unwrap())
                .sum();
            assert_eq!(won_groups, won, "won_lost: {who}");
            let funnel = report("reports.funnel", json!({"pipeline_id": w.pipeline}));
            let in_pipeline = opportunities.iter().filter(|o| o["pipeline_id"] == w.pipeline.as_str()).count();
            assert_eq!(funnel["created"].as_i64(), Some(in_pipeline as i64), "funnel: {who}");
            assert_eq!(funnel["won"].as_i64(), Some(won), "funnel won: {who}");

            let leads = counted("lead").len() as i64;
            let conversion = report("reports.lead_conversion", json!({"by": "source"}));
            assert_eq!(sum(&conversion["groups"], "leads"), leads, "lead_conversion: {who}");
        }
    }
}
