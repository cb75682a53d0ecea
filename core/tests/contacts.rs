//! Engine flows of contacts (CUS-3): the one-primary rule, reports-to links and the relationship map, scope with the customer, upsert, batches, audit.

mod common;

use common::{Org, id};
use rapport_core::ErrorCode;
use serde_json::{Value, json};

fn customer(org: &Org, actor: &str, name: &str) -> String {
    id(&org.ok(Some(actor), "customers.create", json!({"name": name})))
}

fn contact(org: &Org, actor: &str, customer_id: &str, name: &str, extra: Value) -> Value {
    let mut req = json!({"customer_id": customer_id, "name": name});
    req.as_object_mut().unwrap().extend(extra.as_object().unwrap().clone());
    org.ok(Some(actor), "contacts.create", req)
}

fn get(org: &Org, actor: &str, contact_id: &str) -> Value {
    org.ok(Some(actor), "contacts.get", json!({"id": contact_id}))
}

/// The names of the live primary contacts of a customer.
fn primaries(org: &Org, actor: &str, customer_id: &str) -> Vec<String> {
    let page = org.ok(Some(actor), "contacts.list", json!({"customer_id": customer_id}));
    page["items"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|c| c["is_primary"] == true)
        .map(|c| c["name"].as_str().unwrap().to_string())
        .collect()
}

#[test]
fn cus_3_first_contact_is_primary() {
    let org = Org::new();
    let rep = org.rep_east1.as_str();
    let cu = customer(&org, rep, "华强电子");
    let first = contact(
        &org,
        rep,
        &cu,
        "陈静",
        json!({"title": "采购经理", "phones": ["138 0013 8000"], "emails": ["chen@example.com"], "birthday": "1986-04-12", "deal_role": "decision_maker", "custom": {}}),
    );
    assert_eq!(first["is_primary"], true);
    assert_eq!(first["customer_id"], json!(cu));
    assert_eq!(first["birthday"], "1986-04-12");
    assert_eq!(first["deal_role"], "decision_maker");
    for key in [
        "id",
        "customer_id",
        "name",
        "title",
        "phones",
        "emails",
        "birthday",
        "deal_role",
        "reports_to",
        "is_primary",
        "custom",
        "external_ref",
        "created_at",
        "updated_at",
        "archived_at",
    ] {
        assert!(first.get(key).is_some(), "contact JSON lacks {key}");
    }
    let second = contact(&org, rep, &cu, "刘洋", json!({}));
    assert_eq!(second["is_primary"], false);
    assert_eq!(get(&org, rep, &id(&first)), first);
    // Validation of channels, dates and roles.
    let err = org.refused(Some(rep), "contacts.create", json!({"customer_id": cu, "name": "X", "emails": ["bad@"]}));
    assert_eq!(err.field.as_deref(), Some("emails.0"));
    let err = org.refused(Some(rep), "contacts.create", json!({"customer_id": cu, "name": "X", "phones": ["12"]}));
    assert_eq!(err.field.as_deref(), Some("phones.0"));
    let err =
        org.refused(Some(rep), "contacts.create", json!({"customer_id": cu, "name": "X", "birthday": "1990-13-01"}));
    assert_eq!(err.field.as_deref(), Some("birthday"));
    let err = org.refused(Some(rep), "contacts.create", json!({"customer_id": cu, "name": " "}));
    assert_eq!(err.field.as_deref(), Some("name"));
    let err = org.refused(Some(rep), "contacts.create", json!({"name": "X"}));
    assert_eq!(err.code, ErrorCode::Validation);
    let err = org.refused(Some(rep), "contacts.create", json!({"customer_id": "nope", "name": "X"}));
    assert_eq!(err.code, ErrorCode::NotFound);
}

#[test]
fn cus_3_one_primary_contact() {
    let org = Org::new();
    let rep = org.rep_east1.as_str();
    let cu = customer(&org, rep, "华强电子");
    let a = contact(&org, rep, &cu, "A", json!({}));
    let b = contact(&org, rep, &cu, "B", json!({}));
    let c = contact(&org, rep, &cu, "C", json!({"is_primary": true}));
    assert_eq!(c["is_primary"], true);
    assert_eq!(primaries(&org, rep, &cu), ["C"]);
    // Setting another primary demotes the old one in the same request.
    let b2 = org.ok(Some(rep), "contacts.update", json!({"id": id(&b), "is_primary": true}));
    assert_eq!(b2["is_primary"], true);
    assert_eq!(primaries(&org, rep, &cu), ["B"]);
    // Unsetting the only primary is refused.
    let err = org.refused(Some(rep), "contacts.update", json!({"id": id(&b), "is_primary": false}));
    assert_eq!(err.code, ErrorCode::InvalidState);
    // Archiving the primary promotes the oldest live contact.
    org.ok(Some(rep), "contacts.archive", json!({"id": id(&b)}));
    assert_eq!(primaries(&org, rep, &cu), ["A"]);
    assert_eq!(get(&org, rep, &id(&b))["is_primary"], false);
    // A restored contact does not steal the role.
    let b3 = org.ok(Some(rep), "contacts.restore", json!({"id": id(&b)}));
    assert_eq!(b3["is_primary"], false);
    // Archiving every contact leaves none; restoring one makes it primary again.
    for x in [&a, &b, &c] {
        org.ok(Some(rep), "contacts.archive", json!({"id": id(x)}));
    }
    assert!(primaries(&org, rep, &cu).is_empty());
    let err = org.refused(Some(rep), "contacts.archive", json!({"id": id(&a)}));
    assert_eq!(err.code, ErrorCode::InvalidState);
    let err = org.refused(Some(rep), "contacts.update", json!({"id": id(&a), "title": "x"}));
    assert_eq!(err.code, ErrorCode::InvalidState);
    assert_eq!(org.ok(Some(rep), "contacts.restore", json!({"id": id(&c)}))["is_primary"], true);
    let err = org.refused(Some(rep), "contacts.restore", json!({"id": id(&c)}));
    assert_eq!(err.code, ErrorCode::InvalidState);
    // Archived contacts are listed only on request.
    let page = org.ok(Some(rep), "contacts.list", json!({"customer_id": cu, "include_archived": true}));
    assert_eq!(page["items"].as_array().unwrap().len(), 3);
}

#[test]
fn cus_3_reports_to_same_customer_no_cycles() {
    let org = Org::new();
    let rep = org.rep_east1.as_str();
    let cu = customer(&org, rep, "华强电子");
    let other = customer(&org, rep, "Other");
    let boss = contact(&org, rep, &cu, "Boss", json!({}));
    let mid = contact(&org, rep, &cu, "Mid", json!({"reports_to": id(&boss)}));
    let low = contact(&org, rep, &cu, "Low", json!({"reports_to": id(&mid)}));
    let stranger = contact(&org, rep, &other, "Stranger", json!({}));
    assert_eq!(mid["reports_to"], json!(id(&boss)));
    // Another customer's contact is refused.
    let err = org.refused(
        Some(rep),
        "contacts.create",
        json!({"customer_id": cu, "name": "X", "reports_to": id(&stranger)}),
    );
    assert_eq!(err.field.as_deref(), Some("reports_to"));
    let err = org.refused(Some(rep), "contacts.update", json!({"id": id(&low), "reports_to": id(&stranger)}));
    assert_eq!(err.field.as_deref(), Some("reports_to"));
    // Cycles and self links are refused.
    let err = org.refused(Some(rep), "contacts.update", json!({"id": id(&boss), "reports_to": id(&low)}));
    assert_eq!(err.code, ErrorCode::Validation);
    assert_eq!(err.field.as_deref(), Some("reports_to"));
    let err = org.refused(Some(rep), "contacts.update", json!({"id": id(&boss), "reports_to": id(&boss)}));
    assert_eq!(err.field.as_deref(), Some("reports_to"));
    // An archived contact is not a valid manager.
    let gone = contact(&org, rep, &cu, "Gone", json!({}));
    org.ok(Some(rep), "contacts.archive", json!({"id": id(&gone)}));
    let err = org.refused(Some(rep), "contacts.update", json!({"id": id(&low), "reports_to": id(&gone)}));
    assert_eq!(err.field.as_deref(), Some("reports_to"));
    // Re-linking and clearing work.
    let low2 = org.ok(Some(rep), "contacts.update", json!({"id": id(&low), "reports_to": id(&boss)}));
    assert_eq!(low2["reports_to"], json!(id(&boss)));
    let mid2 = org.ok(Some(rep), "contacts.update", json!({"id": id(&mid), "reports_to": null}));
    assert_eq!(mid2["reports_to"], Value::Null);
}

#[test]
fn cus_3_relationship_map_tree() {
    let org = Org::new();
    let rep = org.rep_east1.as_str();
    let cu = customer(&org, rep, "华强电子");
    let ceo = contact(&org, rep, &cu, "CEO", json!({"deal_role": "decision_maker"}));
    let cto = contact(&org, rep, &cu, "CTO", json!({"reports_to": id(&ceo), "deal_role": "influencer"}));
    let cfo = contact(&org, rep, &cu, "CFO", json!({"reports_to": id(&ceo)}));
    contact(&org, rep, &cu, "Engineer", json!({"reports_to": id(&cto), "deal_role": "user"}));
    contact(&org, rep, &cu, "Receptionist", json!({"deal_role": "gatekeeper"}));
    let map = org.ok(Some(rep), "customers.relationship_map", json!({"id": cu}));
    let roots: Vec<&str> = map.as_array().unwrap().iter().map(|n| n["contact"]["name"].as_str().unwrap()).collect();
    assert_eq!(roots, ["CEO", "Receptionist"]);
    let reports: Vec<&str> =
        map[0]["reports"].as_array().unwrap().iter().map(|n| n["contact"]["name"].as_str().unwrap()).collect();
    assert_eq!(reports, ["CTO", "CFO"]);
    assert_eq!(map[0]["reports"][0]["reports"][0]["contact"]["name"], "Engineer");
    assert_eq!(map[0]["reports"][1]["reports"], json!([]));
    // Archiving a manager lifts their reports to roots.
    org.ok(Some(rep), "contacts.archive", json!({"id": id(&cfo)}));
    org.ok(Some(rep), "contacts.archive", json!({"id": id(&ceo)}));
    let map = org.ok(Some(rep), "customers.relationship_map", json!({"id": cu}));
    let roots: Vec<&str> = map.as_array().unwrap().iter().map(|n| n["contact"]["name"].as_str().unwrap()).collect();
    assert_eq!(roots, ["CTO", "Receptionist"]);
    // Out of scope: not found.
    let err = org.refused(Some(&org.rep_west), "customers.relationship_map", json!({"id": cu}));
    assert_eq!(err.code, ErrorCode::NotFound);
}

#[test]
fn cus_3_contacts_follow_customer_scope() {
    let org = Org::new();
    let rep = org.rep_east1.as_str();
    let cu = customer(&org, rep, "华强电子");
    let c = contact(&org, rep, &cu, "陈静", json!({}));
    // Other reps: not found for reads and writes.
    for (method, req) in [
        ("contacts.get", json!({"id": id(&c)})),
        ("contacts.update", json!({"id": id(&c), "title": "x"})),
        ("contacts.archive", json!({"id": id(&c)})),
        ("contacts.list", json!({"customer_id": cu})),
        ("contacts.create", json!({"customer_id": cu, "name": "X"})),
        ("audit.history", json!({"entity": "contact", "id": id(&c)})),
    ] {
        let err = org.refused(Some(&org.rep_west), method, req);
        assert_eq!(err.code, ErrorCode::NotFound, "{method}");
    }
    // Managers above the owner see and edit them.
    assert_eq!(get(&org, &org.east_manager, &id(&c))["name"], "陈静");
    org.ok(Some(&org.manager), "contacts.update", json!({"id": id(&c), "title": "采购总监"}));
    // Viewers read only.
    assert_eq!(get(&org, &org.viewer, &id(&c))["title"], "采购总监");
    let err = org.refused(Some(&org.viewer), "contacts.update", json!({"id": id(&c), "title": "v"}));
    assert_eq!(err.code, ErrorCode::PermissionDenied);
    // A pool customer's contacts: readable by reps, not writable.
    let pool = id(&org.ok(None, "customers.create", json!({"name": "Pool Co"})));
    let pc = org.ok(None, "contacts.create", json!({"customer_id": pool, "name": "Pool Person"}));
    assert_eq!(get(&org, rep, &id(&pc))["name"], "Pool Person");
    let err = org.refused(Some(rep), "contacts.update", json!({"id": id(&pc), "title": "x"}));
    assert_eq!(err.code, ErrorCode::PermissionDenied);
    let err = org.refused(Some(rep), "contacts.create", json!({"customer_id": pool, "name": "X"}));
    assert_eq!(err.code, ErrorCode::PermissionDenied);
    // An archived customer takes no new contacts.
    org.ok(Some(rep), "customers.archive", json!({"id": cu}));
    let err = org.refused(Some(rep), "contacts.create", json!({"customer_id": cu, "name": "Late"}));
    assert_eq!(err.code, ErrorCode::InvalidState);
}

#[test]
fn cus_3_upsert_by_external_ref() {
    let org = Org::new();
    org.ok(None, "customers.create", json!({"name": "华强电子", "external_ref": "ERP-C-1", "owner_id": org.rep_east1}));
    let a = org.ok(
        None,
        "contacts.create",
        json!({"customer_external_ref": "ERP-C-1", "name": "陈静", "external_ref": "ERP-P-1", "phones": ["13800138000"]}),
    );
    let counts = org.counts();
    let again = org.ok(
        None,
        "contacts.create",
        json!({"customer_external_ref": "ERP-C-1", "name": "陈静", "external_ref": "ERP-P-1", "phones": ["13800138000"]}),
    );
    assert_eq!(again, a);
    assert_eq!(org.counts(), counts);
    let b = org.ok(
        None,
        "contacts.create",
        json!({"customer_external_ref": "ERP-C-1", "name": "陈静", "title": "经理", "external_ref": "ERP-P-1"}),
    );
    assert_eq!(id(&b), id(&a));
    assert_eq!(b["title"], "经理");
    assert_eq!(b["phones"], json!([]));
    assert_eq!(org.counts()["contacts"], counts["contacts"]);
    // It cannot move to another customer through an upsert.
    let other = id(&org.ok(None, "customers.create", json!({"name": "Other"})));
    let err =
        org.refused(None, "contacts.create", json!({"customer_id": other, "name": "陈静", "external_ref": "ERP-P-1"}));
    assert_eq!(err.code, ErrorCode::Validation);
    // Unknown customer ref: not found, named.
    let err = org.refused(None, "contacts.create", json!({"customer_external_ref": "nope", "name": "X"}));
    assert_eq!(err.code, ErrorCode::NotFound);
    assert_eq!(err.field.as_deref(), Some("customer_external_ref"));
}

#[test]
fn cus_3_batch_after_customers() {
    let org = Org::new();
    org.ok(
        None,
        "customers.batch",
        json!({"items": [{"name": "A Co", "external_ref": "C-A"}, {"name": "B Co", "external_ref": "C-B"}]}),
    );
    let err = org.refused(
        None,
        "contacts.batch",
        json!({"items": [
            {"customer_external_ref": "C-A", "name": "A1", "external_ref": "P-1"},
            {"customer_external_ref": "C-Z", "name": "Z1"},
            {"customer_external_ref": "C-B", "name": "B1", "emails": ["nope"]},
        ]}),
    );
    assert_eq!(err.code, ErrorCode::Validation);
    let idx: Vec<usize> = err.items.iter().map(|i| i.index).collect();
    assert_eq!(idx, [1, 2]);
    let res = org.ok(
        None,
        "contacts.batch",
        json!({"mode": "skip_invalid", "items": [
            {"customer_external_ref": "C-A", "name": "A1", "external_ref": "P-1"},
            {"customer_external_ref": "C-A", "name": "A2", "external_ref": "P-2", "is_primary": true},
            {"customer_external_ref": "C-Z", "name": "Z1"},
            {"customer_external_ref": "C-B", "name": "B1"},
        ]}),
    );
    assert_eq!(res["created"], 3);
    assert_eq!(res["rejected"][0]["index"], 2);
    assert_eq!(res["rejected"][0]["code"], "not_found");
    let a = org.ok(None, "customers.list", json!({"name": "A Co"}))["items"][0]["id"].as_str().unwrap().to_string();
    assert_eq!(primaries(&org, &org.admin, &a), ["A2"]);
    let res = org.ok(
        None,
        "contacts.batch",
        json!({"items": [{"customer_external_ref": "C-A", "name": "A1 renamed", "external_ref": "P-1"}]}),
    );
    assert_eq!((res["created"].as_u64(), res["updated"].as_u64()), (Some(0), Some(1)));
}

#[test]
fn cus_3_audit_entries_and_pages() {
    let org = Org::new();
    let rep = org.rep_east1.as_str();
    let cu = customer(&org, rep, "华强电子");
    let a = contact(&org, rep, &cu, "A", json!({}));
    let b = contact(&org, rep, &cu, "B", json!({}));
    org.ok(Some(rep), "contacts.update", json!({"id": id(&b), "is_primary": true}));
    org.ok(Some(rep), "contacts.archive", json!({"id": id(&b)}));
    let hist = |x: &Value| -> Vec<String> {
        let h = org.ok(Some(rep), "audit.history", json!({"entity": "contact", "id": id(x)}));
        h.as_array().unwrap().iter().map(|e| e["action"].as_str().unwrap().to_string()).collect()
    };
    // A: created primary, demoted by B, promoted when B was archived.
    assert_eq!(hist(&a), ["create", "update", "update"]);
    assert_eq!(hist(&b), ["create", "update", "archive"]);
    for i in 0..4 {
        contact(&org, rep, &cu, &format!("P{i}"), json!({}));
    }
    let mut seen = Vec::new();
    let mut cursor = Value::Null;
    loop {
        let page = org.ok(Some(rep), "contacts.list", json!({"customer_id": cu, "limit": 2, "cursor": cursor}));
        seen.extend(page["items"].as_array().unwrap().iter().map(|c| c["name"].as_str().unwrap().to_string()));
        cursor = page["next_cursor"].clone();
        if cursor.is_null() {
            break;
        }
    }
    assert_eq!(seen, ["A", "P0", "P1", "P2", "P3"]);
}

#[test]
fn cus_3_dedupe_keys_are_stored() {
    let org = Org::new();
    let rep = org.rep_east1.as_str();
    let cu = customer(&org, rep, "华强电子");
    let before = org.counts()["dedupe_keys"];
    contact(&org, rep, &cu, "陈静", json!({"phones": ["138 0013 8000", "0755-1234567"], "emails": ["a@b.cn"]}));
    assert_eq!(org.counts()["dedupe_keys"], before + 4);
}
