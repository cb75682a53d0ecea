//! Engine flows of customers (CUS-1) and the §0 conventions they exercise: codes, upsert by external_ref, custom fields, scope, archive, batches, audit.

mod common;

use common::{Org, id};
use rapport_core::ErrorCode;
use serde_json::{Value, json};

fn create(org: &Org, actor: Option<&str>, req: Value) -> Value {
    org.ok(actor, "customers.create", req)
}

fn names(page: &Value) -> Vec<String> {
    page["items"].as_array().unwrap().iter().map(|c| c["name"].as_str().unwrap().to_string()).collect()
}

fn list(org: &Org, actor: Option<&str>, req: Value) -> Vec<String> {
    let mut n = names(&org.ok(actor, "customers.list", req));
    n.sort();
    n
}

fn define_employees(org: &Org) {
    org.ok(
        None,
        "custom_fields.define",
        json!({"entity": "customer", "key": "employees", "label": "员工人数", "field_type": "number"}),
    );
}

#[test]
fn cus_1_create_assigns_code_and_owner() {
    let org = Org::new();
    let c = create(&org, Some(&org.rep_east1), json!({"name": " 深圳市华强电子有限公司 ", "region": "44/4403"}));
    assert_eq!(c["code"], "C-000001");
    assert_eq!(c["name"], "深圳市华强电子有限公司");
    assert_eq!(c["kind"], "company");
    assert_eq!(c["status"], "potential");
    assert_eq!(c["owner_id"], json!(org.rep_east1));
    assert_eq!(c["department_id"], json!(org.east));
    assert_eq!(c["created_by"], json!(org.rep_east1));
    for key in [
        "id",
        "code",
        "name",
        "kind",
        "status",
        "owner_id",
        "department_id",
        "region",
        "industry",
        "source",
        "phone",
        "email",
        "website",
        "address",
        "credit_limit",
        "tags",
        "custom",
        "external_ref",
        "last_contact_at",
        "created_by",
        "created_at",
        "updated_at",
        "archived_at",
    ] {
        assert!(c.get(key).is_some(), "customer JSON lacks {key}");
    }
    let c2 = create(&org, Some(&org.rep_east1), json!({"name": "Pool Co", "owner_id": null, "kind": "individual"}));
    assert_eq!(c2["code"], "C-000002");
    assert_eq!(c2["owner_id"], Value::Null);
    assert_eq!(c2["department_id"], Value::Null);
    assert_eq!(c2["kind"], "individual");
    // System creates in the pool by default, or for any active owner.
    let c3 = create(&org, None, json!({"name": "ERP Co"}));
    assert_eq!(c3["owner_id"], Value::Null);
    let c4 = create(&org, None, json!({"name": "West Co", "owner_id": org.rep_west}));
    assert_eq!(c4["department_id"], json!(org.west));
    // A manager assigns within scope.
    let c5 = create(&org, Some(&org.east_manager), json!({"name": "East Co", "owner_id": org.rep_east2}));
    assert_eq!(c5["owner_id"], json!(org.rep_east2));
    // Get returns the saved record.
    assert_eq!(org.ok(Some(&org.rep_east1), "customers.get", json!({"id": id(&c)})), c);
}

#[test]
fn cus_1_owner_assignment_is_scoped() {
    let org = Org::new();
    let err = org.refused(Some(&org.rep_east1), "customers.create", json!({"name": "X", "owner_id": org.rep_east2}));
    assert_eq!(err.code, ErrorCode::PermissionDenied);
    let err = org.refused(Some(&org.east_manager), "customers.create", json!({"name": "X", "owner_id": org.rep_west}));
    assert_eq!(err.code, ErrorCode::PermissionDenied);
    let err = org.refused(None, "customers.create", json!({"name": "X", "owner_id": "no-such-user"}));
    assert_eq!(err.code, ErrorCode::Validation);
    assert_eq!(err.field.as_deref(), Some("owner_id"));
    org.ok(None, "users.deactivate", json!({"id": org.rep_east2}));
    let err = org.refused(Some(&org.manager), "customers.create", json!({"name": "X", "owner_id": org.rep_east2}));
    assert_eq!(err.code, ErrorCode::Validation);
    let err = org.refused(Some(&org.viewer), "customers.create", json!({"name": "X"}));
    assert_eq!(err.code, ErrorCode::PermissionDenied);
    let err = org.refused(Some(&org.rep_east1), "customers.create", json!({"name": "  "}));
    assert_eq!(err.code, ErrorCode::Validation);
    assert_eq!(err.field.as_deref(), Some("name"));
    let err = org.refused(Some(&org.rep_east1), "customers.create", json!({"name": "X", "email": "nope"}));
    assert_eq!(err.field.as_deref(), Some("email"));
    let err = org.refused(Some(&org.rep_east1), "customers.create", json!({"name": "X", "credit_limit": -5}));
    assert_eq!(err.field.as_deref(), Some("credit_limit"));
}

#[test]
fn cus_1_rep_sees_only_own_and_pool() {
    let org = Org::new();
    create(&org, Some(&org.rep_east1), json!({"name": "A1"}));
    create(&org, Some(&org.rep_east2), json!({"name": "B1"}));
    create(&org, Some(&org.rep_west), json!({"name": "W1"}));
    create(&org, None, json!({"name": "Pool"}));
    assert_eq!(list(&org, Some(&org.rep_east1), json!({})), ["A1", "Pool"]);
    assert_eq!(list(&org, Some(&org.rep_west), json!({})), ["Pool", "W1"]);
    assert_eq!(list(&org, Some(&org.agent), json!({})), ["Pool"]);
    assert_eq!(list(&org, Some(&org.admin), json!({})), ["A1", "B1", "Pool", "W1"]);
    assert_eq!(list(&org, Some(&org.rep_east1), json!({"pool_only": true})), ["Pool"]);
}

#[test]
fn cus_1_manager_sees_department_tree() {
    let org = Org::new();
    create(&org, Some(&org.rep_east1), json!({"name": "A1"}));
    create(&org, Some(&org.rep_east2), json!({"name": "B1"}));
    create(&org, Some(&org.rep_west), json!({"name": "W1"}));
    create(&org, Some(&org.agent), json!({"name": "S1"}));
    assert_eq!(list(&org, Some(&org.east_manager), json!({})), ["A1", "B1"]);
    assert_eq!(list(&org, Some(&org.manager), json!({})), ["A1", "B1", "W1"]);
    assert_eq!(list(&org, Some(&org.viewer), json!({})), ["A1", "B1", "S1", "W1"]);
    org.ok(None, "roles.set_scope", json!({"role": "sales_rep", "scope": "department"}));
    assert_eq!(list(&org, Some(&org.rep_east1), json!({})), ["A1", "B1"]);
}

#[test]
fn cus_1_out_of_scope_read_is_not_found() {
    let org = Org::new();
    let c = create(&org, Some(&org.rep_east1), json!({"name": "A1"}));
    for (method, req) in [
        ("customers.get", json!({"id": id(&c)})),
        ("customers.update", json!({"id": id(&c), "name": "Hijacked"})),
        ("customers.archive", json!({"id": id(&c)})),
        ("audit.history", json!({"entity": "customer", "id": id(&c)})),
    ] {
        let err = org.refused(Some(&org.rep_east2), method, req.clone());
        assert_eq!(err.code, ErrorCode::NotFound, "{method}");
        let err = org.refused(Some(&org.rep_west), method, req);
        assert_eq!(err.code, ErrorCode::NotFound, "{method}");
    }
    let err = org.refused(Some(&org.rep_east1), "customers.get", json!({"id": "no-such-id"}));
    assert_eq!(err.code, ErrorCode::NotFound);
}

#[test]
fn cus_1_visible_pool_customer_not_writable_by_rep() {
    let org = Org::new();
    let c = create(&org, None, json!({"name": "Pool Co"}));
    assert_eq!(org.ok(Some(&org.rep_east1), "customers.get", json!({"id": id(&c)}))["name"], "Pool Co");
    let err = org.refused(Some(&org.rep_east1), "customers.update", json!({"id": id(&c), "name": "Mine"}));
    assert_eq!(err.code, ErrorCode::PermissionDenied);
    let err = org.refused(Some(&org.rep_east1), "customers.archive", json!({"id": id(&c)}));
    assert_eq!(err.code, ErrorCode::PermissionDenied);
    // A viewer sees in-scope customers but never writes.
    let own = create(&org, Some(&org.rep_east1), json!({"name": "A1"}));
    let err = org.refused(Some(&org.viewer), "customers.update", json!({"id": id(&own), "name": "V"}));
    assert_eq!(err.code, ErrorCode::PermissionDenied);
    // A manager may edit pool customers.
    let up = org.ok(Some(&org.manager), "customers.update", json!({"id": id(&c), "industry": "retail"}));
    assert_eq!(up["industry"], "retail");
}

#[test]
fn cus_1_status_never_goes_back() {
    let org = Org::new();
    let c = create(&org, Some(&org.rep_east1), json!({"name": "A1", "phone": "0755-1234567"}));
    let up = org.ok(
        Some(&org.rep_east1),
        "customers.update",
        json!({"id": id(&c), "status": "transaction", "phone": null, "tags": ["vip"]}),
    );
    assert_eq!(up["status"], "transaction");
    assert_eq!(up["phone"], Value::Null);
    assert_eq!(up["tags"], json!(["vip"]));
    assert_eq!(up["code"], c["code"]);
    let err = org.refused(Some(&org.rep_east1), "customers.update", json!({"id": id(&c), "status": "potential"}));
    assert_eq!(err.code, ErrorCode::InvalidState);
    // Nor by an upsert.
    org.ok(None, "customers.update", json!({"id": id(&c), "external_ref": "ERP-1"}));
    let err =
        org.refused(None, "customers.create", json!({"name": "A1", "external_ref": "ERP-1", "status": "potential"}));
    assert_eq!(err.code, ErrorCode::InvalidState);
}

#[test]
fn cus_1_upsert_by_external_ref() {
    let org = Org::new();
    let a = create(&org, None, json!({"name": "华南贸易", "external_ref": "ERP-C-1", "owner_id": org.rep_east1}));
    let counts = org.counts();
    // Repeating the same push changes nothing at all.
    let again = create(&org, None, json!({"name": "华南贸易", "external_ref": "ERP-C-1", "owner_id": org.rep_east1}));
    assert_eq!(again, a);
    assert_eq!(org.counts(), counts);
    // A changed push updates the same record.
    let b = create(&org, None, json!({"name": "华南贸易有限公司", "external_ref": "ERP-C-1", "industry": "trade"}));
    assert_eq!(id(&b), id(&a));
    assert_eq!(b["code"], a["code"]);
    assert_eq!(b["name"], "华南贸易有限公司");
    assert_eq!(b["owner_id"], json!(org.rep_east1), "absent owner keeps the owner");
    assert_eq!(org.counts()["customers"], counts["customers"]);
    let page = org.ok(None, "customers.list", json!({}));
    assert_eq!(page["items"].as_array().unwrap().len(), 1);
    // Another customer cannot take the same external_ref.
    let other = create(&org, None, json!({"name": "Other"}));
    let err = org.refused(None, "customers.update", json!({"id": id(&other), "external_ref": "ERP-C-1"}));
    assert_eq!(err.code, ErrorCode::Conflict);
    assert_eq!(err.field.as_deref(), Some("external_ref"));
    // An out-of-scope actor cannot update by external_ref.
    let err = org.refused(Some(&org.rep_west), "customers.create", json!({"name": "X", "external_ref": "ERP-C-1"}));
    assert_eq!(err.code, ErrorCode::NotFound);
    // The audit trail has one create and one update.
    let history = org.ok(None, "audit.history", json!({"entity": "customer", "id": id(&a)}));
    let actions: Vec<&str> = history.as_array().unwrap().iter().map(|e| e["action"].as_str().unwrap()).collect();
    assert_eq!(actions, ["create", "update"]);
    assert_eq!(history[1]["changes"]["name"], json!(["华南贸易", "华南贸易有限公司"]));
}

#[test]
fn cus_1_list_filters() {
    let org = Org::new();
    define_employees(&org);
    let r = Some(org.rep_east1.as_str());
    create(&org, r, json!({"name": "深圳甲", "region": "44/4403", "tags": ["vip"], "custom": {"employees": 50}}));
    create(&org, r, json!({"name": "广州乙", "region": "44/4401", "status": "transaction", "custom": {"employees": 8}}));
    create(&org, r, json!({"name": "广东丙", "region": "44", "tags": ["vip", "key"]}));
    create(&org, r, json!({"name": "北京丁", "region": "11/1101"}));
    create(&org, r, json!({"name": "Odd 440", "region": "440"}));
    create(&org, Some(&org.rep_east2), json!({"name": "Other rep"}));
    create(&org, None, json!({"name": "In the pool", "region": "44/4403"}));
    let m = Some(org.manager.as_str());
    assert_eq!(list(&org, m, json!({"region": "44"})), ["In the pool", "广东丙", "广州乙", "深圳甲"]);
    assert_eq!(list(&org, m, json!({"region": "44/4403"})), ["In the pool", "深圳甲"]);
    assert_eq!(list(&org, m, json!({"status": "transaction"})), ["广州乙"]);
    assert_eq!(list(&org, m, json!({"tag": "vip"})), ["广东丙", "深圳甲"]);
    assert_eq!(list(&org, m, json!({"owner_id": org.rep_east2})), ["Other rep"]);
    assert_eq!(list(&org, m, json!({"custom": {"key": "employees", "value": "50"}})), ["深圳甲"]);
    assert_eq!(list(&org, m, json!({"custom": {"key": "employees", "value": "50.0"}})), ["深圳甲"]);
    assert_eq!(list(&org, m, json!({"name": "州"})), ["广州乙"]);
    assert_eq!(list(&org, m, json!({"name": "%"})), Vec::<String>::new());
    assert_eq!(list(&org, m, json!({"region": "44", "tag": "vip", "status": "potential"})), ["广东丙", "深圳甲"]);
    // The rep's own view keeps its scope under every filter.
    assert_eq!(list(&org, Some(&org.rep_east2), json!({"region": "44"})), ["In the pool"]);
    // Bad filters are validation errors.
    let err = org.refused(m, "customers.list", json!({"custom": {"key": "nope", "value": "1"}}));
    assert_eq!(err.code, ErrorCode::Validation);
    let err = org.refused(m, "customers.list", json!({"custom": {"key": "employees", "value": "many"}}));
    assert_eq!(err.field.as_deref(), Some("custom.employees"));
    let err = org.refused(m, "customers.list", json!({"limit": 1001}));
    assert_eq!(err.field.as_deref(), Some("limit"));
}

#[test]
fn cus_1_cursor_pagination_is_stable() {
    let org = Org::new();
    let m = Some(org.manager.as_str());
    for i in 0..7 {
        create(&org, Some(&org.rep_east1), json!({"name": format!("C{i}")}));
    }
    let mut seen: Vec<String> = Vec::new();
    let mut cursor: Option<String> = None;
    let mut pages = 0;
    loop {
        let page = org.ok(m, "customers.list", json!({"limit": 3, "cursor": cursor}));
        pages += 1;
        seen.extend(names(&page));
        // Customers created while paging appear once, at the end.
        if pages == 1 {
            create(&org, Some(&org.rep_east1), json!({"name": "New1"}));
        }
        if pages == 2 {
            create(&org, Some(&org.rep_east2), json!({"name": "New2"}));
        }
        match page["next_cursor"].as_str() {
            Some(c) => cursor = Some(c.to_string()),
            None => break,
        }
    }
    let expected: Vec<String> = (0..7).map(|i| format!("C{i}")).chain(["New1".into(), "New2".into()]).collect();
    assert_eq!(seen, expected);
    assert_eq!(pages, 3);
    let page = org.ok(m, "customers.list", json!({}));
    assert_eq!(page["items"].as_array().unwrap().len(), 9);
    assert_eq!(page["next_cursor"], Value::Null);
}

#[test]
fn cus_1_custom_field_validation() {
    let org = Org::new();
    define_employees(&org);
    org.ok(
        None,
        "custom_fields.define",
        json!({"entity": "customer", "key": "tier", "label": "Tier", "field_type": "choice", "choices": ["gold", "silver"], "required": true}),
    );
    let r = Some(org.rep_east1.as_str());
    let err = org.refused(r, "customers.create", json!({"name": "X"}));
    assert_eq!(err.field.as_deref(), Some("custom.tier"));
    let err = org.refused(r, "customers.create", json!({"name": "X", "custom": {"tier": "bronze"}}));
    assert_eq!(err.field.as_deref(), Some("custom.tier"));
    let err = org.refused(r, "customers.create", json!({"name": "X", "custom": {"tier": "gold", "employees": "12"}}));
    assert_eq!(err.field.as_deref(), Some("custom.employees"));
    let err = org.refused(r, "customers.create", json!({"name": "X", "custom": {"tier": "gold", "colour": "red"}}));
    assert_eq!(err.field.as_deref(), Some("custom.colour"));
    let c = create(&org, r, json!({"name": "X", "custom": {"tier": " gold ", "employees": 12}}));
    assert_eq!(c["custom"], json!({"tier": "gold", "employees": 12}));
    let up = org.ok(r, "customers.update", json!({"id": id(&c), "custom": {"employees": null}}));
    assert_eq!(up["custom"], json!({"tier": "gold"}));
    let err = org.refused(r, "customers.update", json!({"id": id(&c), "custom": {"tier": null}}));
    assert_eq!(err.field.as_deref(), Some("custom.tier"));
}

#[test]
fn cus_1_batch_all_or_nothing() {
    let org = Org::new();
    let err = org.refused(
        None,
        "customers.batch",
        json!({"items": [
            {"name": "Good", "external_ref": "B-1"},
            {"name": "", "external_ref": "B-2"},
            {"name": "Bad email", "email": "x"},
        ]}),
    );
    assert_eq!(err.code, ErrorCode::Validation);
    let items = &err.items;
    assert_eq!(items.len(), 2);
    assert_eq!(items[0].index, 1);
    assert_eq!(items[0].field.as_deref(), Some("name"));
    assert_eq!(items[1].index, 2);
    assert_eq!(items[1].field.as_deref(), Some("email"));
    let res = org.ok(
        None,
        "customers.batch",
        json!({"items": [{"name": "Good", "external_ref": "B-1"}, {"name": "Two", "external_ref": "B-2"}]}),
    );
    assert_eq!(res["created"], 2);
    let res = org.ok(
        None,
        "customers.batch",
        json!({"items": [{"name": "Good renamed", "external_ref": "B-1"}, {"name": "Three"}]}),
    );
    assert_eq!((res["created"].as_u64(), res["updated"].as_u64()), (Some(1), Some(1)));
    assert_eq!(res["written"][0]["created"], false);
    assert_eq!(org.counts()["customers"], 3);
}

#[test]
fn cus_1_batch_skip_invalid() {
    let org = Org::new();
    let res = org.ok(
        Some(&org.rep_east1),
        "customers.batch",
        json!({"mode": "skip_invalid", "items": [
            {"name": "One", "tags": ["a"]},
            {"name": "Two", "owner_id": org.rep_west},
            {"name": "Three", "region": "bad//region"},
            {"name": "Four"},
        ]}),
    );
    assert_eq!(res["created"], 2);
    let rejected = res["rejected"].as_array().unwrap();
    assert_eq!(rejected.len(), 2);
    assert_eq!(rejected[0]["index"], 1);
    assert_eq!(rejected[0]["code"], "permission_denied");
    assert_eq!(rejected[1]["index"], 2);
    assert_eq!(rejected[1]["field"], "region");
    assert_eq!(list(&org, Some(&org.rep_east1), json!({})), ["Four", "One"]);
    // Nothing of a rejected item remains (no tags, no dedupe keys, no audit).
    assert_eq!(org.counts()["customer_tags"], 1);
    assert_eq!(org.counts()["dedupe_keys"], 2);
}

#[test]
fn cus_1_archive_restore() {
    let org = Org::new();
    let r = Some(org.rep_east1.as_str());
    let c = create(&org, r, json!({"name": "A1"}));
    create(&org, r, json!({"name": "A2"}));
    let a = org.ok(r, "customers.archive", json!({"id": id(&c)}));
    assert!(a["archived_at"].is_string());
    assert_eq!(list(&org, r, json!({})), ["A2"]);
    assert_eq!(list(&org, r, json!({"include_archived": true})), ["A1", "A2"]);
    assert_eq!(org.ok(r, "customers.get", json!({"id": id(&c)}))["archived_at"], a["archived_at"]);
    let err = org.refused(r, "customers.archive", json!({"id": id(&c)}));
    assert_eq!(err.code, ErrorCode::InvalidState);
    let err = org.refused(r, "customers.update", json!({"id": id(&c), "name": "Z"}));
    assert_eq!(err.code, ErrorCode::InvalidState);
    let back = org.ok(r, "customers.restore", json!({"id": id(&c)}));
    assert_eq!(back["archived_at"], Value::Null);
    let err = org.refused(r, "customers.restore", json!({"id": id(&c)}));
    assert_eq!(err.code, ErrorCode::InvalidState);
    assert_eq!(list(&org, r, json!({})), ["A1", "A2"]);
}

#[test]
fn cus_1_audit_entries_for_create_update_archive() {
    let org = Org::new();
    let r = Some(org.rep_east1.as_str());
    let c = create(&org, r, json!({"name": "A1", "tags": ["x"]}));
    org.ok(r, "customers.update", json!({"id": id(&c), "industry": "retail"}));
    org.ok(r, "customers.archive", json!({"id": id(&c)}));
    org.ok(r, "customers.restore", json!({"id": id(&c)}));
    let h = org.ok(r, "audit.history", json!({"entity": "customer", "id": id(&c)}));
    let h = h.as_array().unwrap();
    let actions: Vec<&str> = h.iter().map(|e| e["action"].as_str().unwrap()).collect();
    assert_eq!(actions, ["create", "update", "archive", "restore"]);
    assert!(h.iter().all(|e| e["actor"] == json!(org.rep_east1)));
    assert_eq!(h[0]["changes"]["name"], json!([null, "A1"]));
    assert_eq!(h[1]["changes"]["industry"], json!([null, "retail"]));
    assert_eq!(h[1]["changes"].as_object().unwrap().len(), 1);
    assert!(h[2]["changes"]["archived_at"][1].is_string());
}

#[test]
fn cus_1_dedupe_keys_are_stored() {
    let org = Org::new();
    let before = org.counts()["dedupe_keys"];
    let c = create(
        &org,
        Some(&org.rep_east1),
        json!({"name": "ACME, Inc.", "phone": "0755-1234567", "email": "Info@ACME.com"}),
    );
    assert_eq!(org.counts()["dedupe_keys"], before + 3);
    org.ok(Some(&org.rep_east1), "customers.update", json!({"id": id(&c), "phone": null}));
    assert_eq!(org.counts()["dedupe_keys"], before + 2);
}
