//! Engine flows of activities (ACT-1) and the agenda (ACT-4).

mod common;

use common::{Org, id};
use rapport_core::ErrorCode;
use serde_json::{Value, json};

/// A customer owned by `owner` (`None`: in the public pool).
fn customer(org: &Org, name: &str, owner: Option<&str>) -> String {
    id(&org.ok(None, "customers.create", json!({"name": name, "owner_id": owner})))
}

fn last_contact(org: &Org, customer_id: &str) -> Value {
    org.ok(None, "customers.get", json!({"id": customer_id}))["last_contact_at"].clone()
}

/// The same instant, whatever RFC 3339 spelling each side uses.
fn same_instant(v: &Value, expected: &str) -> bool {
    let parse = |s: &str| chrono::DateTime::parse_from_rfc3339(s).ok();
    v.as_str().and_then(parse).is_some() && v.as_str().and_then(parse) == parse(expected)
}

fn history(org: &Org, entity: &str, id: &str) -> Vec<Value> {
    org.ok(None, "audit.history", json!({"entity": entity, "id": id})).as_array().unwrap().clone()
}

fn ids(list: &Value) -> Vec<String> {
    list.as_array().unwrap().iter().map(id).collect()
}

#[test]
fn act_1_done_activity_updates_last_contact() {
    let org = Org::new();
    let c = customer(&org, "华南贸易有限公司", Some(&org.rep_east1));
    assert!(last_contact(&org, &c).is_null());
    let call = org.ok(
        Some(&org.rep_east1),
        "activities.create",
        json!({"kind": "call", "subject": "回访", "status": "done", "starts_at": "2026-03-01T03:00:00Z", "customer_id": c}),
    );
    assert_eq!(call["status"], "done");
    assert_eq!(call["owner_id"], org.rep_east1.as_str());
    assert!(call["completed_at"].is_string());
    assert!(same_instant(&last_contact(&org, &c), "2026-03-01T03:00:00Z"));

    // A note is done when written; with no start, its time is the completion time (now).
    let note = org.ok(
        Some(&org.rep_east1),
        "activities.create",
        json!({"kind": "note", "subject": "客户说下周再联系", "customer_id": c}),
    );
    assert_eq!(note["status"], "done");
    let completed = note["completed_at"].as_str().unwrap();
    assert!(same_instant(&last_contact(&org, &c), completed));

    // The customer change is audited: two moves of last_contact_at.
    let moves: Vec<Value> = history(&org, "customer", &c)
        .into_iter()
        .filter(|e| e["action"] == "update" && e["changes"].get("last_contact_at").is_some())
        .collect();
    assert_eq!(moves.len(), 2);
    assert!(moves[0]["changes"]["last_contact_at"][0].is_null());
    assert!(same_instant(&moves[0]["changes"]["last_contact_at"][1], "2026-03-01T03:00:00Z"));
    assert!(same_instant(&moves[1]["changes"]["last_contact_at"][0], "2026-03-01T03:00:00Z"));
    assert_eq!(moves[1]["actor"], org.rep_east1.as_str());
}

#[test]
fn act_1_planned_activity_does_not_update_last_contact() {
    let org = Org::new();
    let c = customer(&org, "Acme", Some(&org.rep_east1));
    let visit = org.ok(
        Some(&org.rep_east1),
        "activities.create",
        json!({"kind": "visit", "subject": "Demo", "starts_at": "2026-03-01T03:00:00Z", "customer_id": c}),
    );
    assert_eq!(visit["status"], "planned");
    assert!(visit["completed_at"].is_null());
    assert!(last_contact(&org, &c).is_null());
    let cancelled = org.ok(Some(&org.rep_east1), "activities.cancel", json!({"id": id(&visit)}));
    assert_eq!(cancelled["status"], "cancelled");
    assert!(last_contact(&org, &c).is_null());
    assert!(history(&org, "customer", &c).iter().all(|e| e["action"] != "update"));
}

#[test]
fn act_1_complete_updates_last_contact_and_never_moves_it_back() {
    let org = Org::new();
    let c = customer(&org, "Acme", Some(&org.rep_east1));
    let later = org.ok(
        Some(&org.rep_east1),
        "activities.create",
        json!({"kind": "meeting", "subject": "Kick-off", "starts_at": "2026-03-01T08:00:00Z", "customer_id": c}),
    );
    let earlier = org.ok(
        Some(&org.rep_east1),
        "activities.create",
        json!({"kind": "call", "subject": "Prep call", "starts_at": "2026-02-27T08:00:00Z", "customer_id": c}),
    );
    let done = org.ok(Some(&org.rep_east1), "activities.complete", json!({"id": id(&later), "outcome": "签约意向强"}));
    assert_eq!(done["status"], "done");
    assert_eq!(done["outcome"], "签约意向强");
    assert!(same_instant(&last_contact(&org, &c), "2026-03-01T08:00:00Z"));
    let audits = history(&org, "customer", &c).len();

    org.ok(Some(&org.rep_east1), "activities.complete", json!({"id": id(&earlier)}));
    assert!(same_instant(&last_contact(&org, &c), "2026-03-01T08:00:00Z"), "never moves back");
    assert_eq!(history(&org, "customer", &c).len(), audits, "no customer change, no customer audit entry");

    // Without a start, the completion time counts.
    let task = org.ok(
        Some(&org.rep_east1),
        "activities.create",
        json!({"kind": "task", "subject": "Send quote", "customer_id": c}),
    );
    org.ok(
        Some(&org.rep_east1),
        "activities.complete",
        json!({"id": id(&task), "completed_at": "2026-03-02T00:30:00+08:00"}),
    );
    assert!(same_instant(&last_contact(&org, &c), "2026-03-01T16:30:00Z"));
}

#[test]
fn act_1_complete_twice_is_invalid_state() {
    let org = Org::new();
    let a = org.ok(Some(&org.rep_east1), "activities.create", json!({"kind": "task", "subject": "Follow up"}));
    org.ok(Some(&org.rep_east1), "activities.complete", json!({"id": id(&a)}));
    let err = org.refused(Some(&org.rep_east1), "activities.complete", json!({"id": id(&a)}));
    assert_eq!(err.code, ErrorCode::InvalidState);
    let err = org.refused(Some(&org.rep_east1), "activities.cancel", json!({"id": id(&a)}));
    assert_eq!(err.code, ErrorCode::InvalidState);

    let b = org.ok(Some(&org.rep_east1), "activities.create", json!({"kind": "call", "subject": "Call"}));
    org.ok(Some(&org.rep_east1), "activities.cancel", json!({"id": id(&b)}));
    let err = org.refused(Some(&org.rep_east1), "activities.complete", json!({"id": id(&b)}));
    assert_eq!(err.code, ErrorCode::InvalidState);

    // An archived activity must be restored before it changes.
    let c = org.ok(Some(&org.rep_east1), "activities.create", json!({"kind": "call", "subject": "Call"}));
    org.ok(Some(&org.rep_east1), "activities.archive", json!({"id": id(&c)}));
    let err = org.refused(Some(&org.rep_east1), "activities.complete", json!({"id": id(&c)}));
    assert_eq!(err.code, ErrorCode::InvalidState);
    let err = org.refused(Some(&org.rep_east1), "activities.archive", json!({"id": id(&c)}));
    assert_eq!(err.code, ErrorCode::InvalidState);
    org.ok(Some(&org.rep_east1), "activities.restore", json!({"id": id(&c)}));
    org.ok(Some(&org.rep_east1), "activities.complete", json!({"id": id(&c)}));
}

#[test]
fn act_1_contact_must_belong_to_customer() {
    let org = Org::new();
    let a = customer(&org, "Acme", Some(&org.rep_east1));
    let b = customer(&org, "Beta", Some(&org.rep_east1));
    let contact_b = id(&org.ok(None, "contacts.create", json!({"customer_id": b, "name": "刘洋"})));

    let err = org.refused(
        Some(&org.rep_east1),
        "activities.create",
        json!({"kind": "call", "subject": "Call", "customer_id": a, "contact_id": contact_b}),
    );
    assert_eq!(err.code, ErrorCode::Validation);
    assert_eq!(err.field.as_deref(), Some("contact_id"));

    // The customer defaults from the contact.
    let call = org.ok(
        Some(&org.rep_east1),
        "activities.create",
        json!({"kind": "call", "subject": "Call", "contact_id": contact_b}),
    );
    assert_eq!(call["customer_id"], b.as_str());

    // Changing the customer away from the contact's is refused too.
    let err = org.refused(Some(&org.rep_east1), "activities.update", json!({"id": id(&call), "customer_id": a}));
    assert_eq!(err.field.as_deref(), Some("contact_id"));

    // Unknown related records are not found, naming the field.
    for (field, body) in [
        ("opportunity_id", json!({"kind": "call", "subject": "x", "opportunity_id": "no-such-opportunity"})),
        ("contact_id", json!({"kind": "call", "subject": "x", "contact_id": "no-such-contact"})),
        ("customer_id", json!({"kind": "call", "subject": "x", "customer_id": "no-such-customer"})),
    ] {
        let err = org.refused(Some(&org.rep_east1), "activities.create", body);
        assert_eq!(err.code, ErrorCode::NotFound, "{field}");
        assert_eq!(err.field.as_deref(), Some(field));
    }

    // Plain field validation.
    for (field, body) in [
        ("subject", json!({"kind": "call", "subject": "  "})),
        ("duration_minutes", json!({"kind": "call", "subject": "x", "duration_minutes": -5})),
    ] {
        let err = org.refused(Some(&org.rep_east1), "activities.create", body);
        assert_eq!(err.code, ErrorCode::Validation);
        assert_eq!(err.field.as_deref(), Some(field));
    }
    let err = org.refused(Some(&org.rep_east1), "activities.create", json!({"kind": "fax", "subject": "x"}));
    assert_eq!(err.code, ErrorCode::MalformedRequest);
}

#[test]
fn act_1_opportunity_must_belong_to_customer() {
    let org = Org::new();
    org.ok(
        None,
        "pipelines.create",
        json!({"code": "standard", "name": "标准销售流程", "stages": [{"code": "qualify", "name": "初步接洽", "probability": 10}]}),
    );
    let a = customer(&org, "Acme", Some(&org.rep_east1));
    let b = customer(&org, "Beta", Some(&org.rep_east1));
    let opp_b = id(&org.ok(
        Some(&org.rep_east1),
        "opportunities.create",
        json!({"customer_id": b, "title": "二期设备采购", "amount": 100000}),
    ));
    let err = org.refused(
        Some(&org.rep_east1),
        "activities.create",
        json!({"kind": "meeting", "subject": "Review", "customer_id": a, "opportunity_id": opp_b}),
    );
    assert_eq!(err.code, ErrorCode::Validation);
    assert_eq!(err.field.as_deref(), Some("opportunity_id"));

    // The customer defaults from the opportunity; done, it moves that customer's last contact.
    let meeting = org.ok(
        Some(&org.rep_east1),
        "activities.create",
        json!({"kind": "meeting", "subject": "Review", "status": "done", "starts_at": "2026-03-01T06:00:00Z", "opportunity_id": opp_b}),
    );
    assert_eq!(meeting["customer_id"], b.as_str());
    assert!(same_instant(&last_contact(&org, &b), "2026-03-01T06:00:00Z"));
    let listed = org.ok(Some(&org.rep_east1), "activities.list", json!({"opportunity_id": opp_b}));
    assert_eq!(ids(&listed["items"]), [id(&meeting)]);

    // Another rep's opportunity is not found.
    let err = org.refused(
        Some(&org.rep_west),
        "activities.create",
        json!({"kind": "call", "subject": "x", "opportunity_id": opp_b}),
    );
    assert_eq!(err.code, ErrorCode::NotFound);
    assert_eq!(err.field.as_deref(), Some("opportunity_id"));
}

#[test]
fn act_1_rep_cannot_log_on_out_of_scope_customer() {
    let org = Org::new();
    let west = customer(&org, "Westwind", Some(&org.rep_west));
    let err = org.refused(
        Some(&org.rep_east1),
        "activities.create",
        json!({"kind": "call", "subject": "Call", "status": "done", "customer_id": west}),
    );
    assert_eq!(err.code, ErrorCode::NotFound);
    assert!(last_contact(&org, &west).is_null());

    // Reps only log their own activities; managers assign within their scope.
    let err = org.refused(
        Some(&org.rep_east1),
        "activities.create",
        json!({"kind": "call", "subject": "Call", "owner_id": org.rep_east2}),
    );
    assert_eq!(err.code, ErrorCode::PermissionDenied);
    let err = org.refused(
        Some(&org.east_manager),
        "activities.create",
        json!({"kind": "call", "subject": "Call", "owner_id": org.rep_west}),
    );
    assert_eq!(err.code, ErrorCode::PermissionDenied);
    let assigned = org.ok(
        Some(&org.east_manager),
        "activities.create",
        json!({"kind": "call", "subject": "Call", "owner_id": org.rep_east2}),
    );
    assert_eq!(assigned["owner_id"], org.rep_east2.as_str());
    assert_eq!(assigned["created_by"], org.east_manager.as_str());

    // Viewers read but never write.
    let err = org.refused(Some(&org.viewer), "activities.create", json!({"kind": "call", "subject": "Call"}));
    assert_eq!(err.code, ErrorCode::PermissionDenied);

    // Another rep's activity is invisible: reads and writes answer not_found.
    let theirs = org.ok(
        Some(&org.rep_west),
        "activities.create",
        json!({"kind": "visit", "subject": "Visit", "customer_id": west}),
    );
    for (method, body) in [
        ("activities.get", json!({"id": id(&theirs)})),
        ("activities.update", json!({"id": id(&theirs), "subject": "Mine now"})),
        ("activities.complete", json!({"id": id(&theirs)})),
        ("activities.cancel", json!({"id": id(&theirs)})),
        ("activities.archive", json!({"id": id(&theirs)})),
    ] {
        let err = org.refused(Some(&org.rep_east1), method, body);
        assert_eq!(err.code, ErrorCode::NotFound, "{method}");
    }
    let err = org.refused(Some(&org.viewer), "activities.update", json!({"id": id(&theirs), "subject": "x"}));
    assert_eq!(err.code, ErrorCode::PermissionDenied);
    org.ok(Some(&org.manager), "activities.get", json!({"id": id(&theirs)}));
}

#[test]
fn act_1_visible_pool_customer_is_read_only_for_reps() {
    let org = Org::new();
    let pool = customer(&org, "Pool Co", None);
    let err = org.refused(
        Some(&org.rep_east1),
        "activities.create",
        json!({"kind": "call", "subject": "Cold call", "status": "done", "customer_id": pool}),
    );
    assert_eq!(err.code, ErrorCode::PermissionDenied);
    assert!(last_contact(&org, &pool).is_null());

    // A manager may log on a pool customer; reps then see that activity with the customer.
    let call = org.ok(
        Some(&org.east_manager),
        "activities.create",
        json!({"kind": "call", "subject": "Cold call", "status": "done", "customer_id": pool}),
    );
    assert!(last_contact(&org, &pool).is_string());
    org.ok(Some(&org.rep_west), "activities.get", json!({"id": id(&call)}));
    let listed = org.ok(Some(&org.rep_west), "activities.list", json!({"customer_id": pool}));
    assert_eq!(ids(&listed["items"]), [id(&call)]);
    let err = org.refused(Some(&org.rep_west), "activities.update", json!({"id": id(&call), "subject": "x"}));
    assert_eq!(err.code, ErrorCode::PermissionDenied);
}

#[test]
fn act_1_upsert_by_external_ref() {
    let org = Org::new();
    let c = customer(&org, "Acme", Some(&org.rep_east1));
    let first = org.ok(
        None,
        "activities.create",
        json!({"kind": "visit", "subject": "ERP visit", "starts_at": "2026-02-20T02:00:00Z", "customer_id": c, "external_ref": "ERP-A-1"}),
    );
    assert_eq!(first["owner_id"], org.rep_east1.as_str(), "the host's activity defaults to the customer's owner");
    assert_eq!(first["status"], "planned");
    let rows = org.counts()["activities"];

    let second = org.ok(
        None,
        "activities.create",
        json!({"kind": "visit", "subject": "ERP visit (done)", "starts_at": "2026-02-20T02:00:00Z", "customer_id": c,
               "status": "done", "outcome": "OK", "external_ref": "ERP-A-1"}),
    );
    assert_eq!(id(&second), id(&first));
    assert_eq!(second["subject"], "ERP visit (done)");
    assert_eq!(second["status"], "done");
    assert_eq!(org.counts()["activities"], rows, "updated, not duplicated");
    assert!(same_instant(&last_contact(&org, &c), "2026-02-20T02:00:00Z"));

    // Once done it cannot go back to planned.
    let err = org.refused(
        None,
        "activities.create",
        json!({"kind": "visit", "subject": "ERP visit", "customer_id": c, "status": "planned", "external_ref": "ERP-A-1"}),
    );
    assert_eq!(err.code, ErrorCode::InvalidState);

    // A rep cannot upsert into an activity they cannot see.
    let west = customer(&org, "Westwind", Some(&org.rep_west));
    org.ok(
        Some(&org.rep_west),
        "activities.create",
        json!({"kind": "call", "subject": "W", "customer_id": west, "external_ref": "ERP-A-2"}),
    );
    let err = org.refused(
        Some(&org.rep_east1),
        "activities.create",
        json!({"kind": "call", "subject": "Hijack", "external_ref": "ERP-A-2"}),
    );
    assert_eq!(err.code, ErrorCode::NotFound);

    let actions: Vec<String> =
        history(&org, "activity", &id(&first)).iter().map(|e| e["action"].as_str().unwrap().to_string()).collect();
    assert_eq!(actions, ["create", "update"]);
}

#[test]
fn act_1_batch_per_item_errors() {
    let org = Org::new();
    let c = id(&org.ok(
        None,
        "customers.create",
        json!({"name": "ERP Customer", "owner_id": org.rep_east1, "external_ref": "ERP-C-1"}),
    ));
    let items = json!([
        {"kind": "call", "subject": "One", "status": "done", "starts_at": "2026-02-10T02:00:00Z", "customer_external_ref": "ERP-C-1", "external_ref": "ERP-A-1"},
        {"kind": "call", "subject": "  ", "customer_external_ref": "ERP-C-1"},
        {"kind": "task", "subject": "Three", "customer_external_ref": "ERP-C-404"},
        {"kind": "task", "subject": "Four", "customer_id": c, "due_date": "2026-03-05"}
    ]);
    let err = org.refused(None, "activities.batch", json!({"items": items}));
    assert_eq!(err.code, ErrorCode::Validation);
    let rejected: Vec<(usize, Option<&str>)> = err.items.iter().map(|i| (i.index, i.field.as_deref())).collect();
    assert_eq!(rejected, [(1, Some("subject")), (2, Some("customer_external_ref"))]);
    assert!(last_contact(&org, &c).is_null(), "nothing of a refused batch is written");

    let result = org.ok(None, "activities.batch", json!({"items": items, "mode": "skip_invalid"}));
    assert_eq!(result["created"], 2);
    assert_eq!(result["updated"], 0);
    let indexes: Vec<u64> =
        result["rejected"].as_array().unwrap().iter().map(|r| r["index"].as_u64().unwrap()).collect();
    assert_eq!(indexes, [1, 2]);
    assert!(same_instant(&last_contact(&org, &c), "2026-02-10T02:00:00Z"));

    // Re-running the import updates by external_ref.
    let again = org.ok(None, "activities.batch", json!({"items": [items[0].clone()]}));
    assert_eq!(again["created"], 0);
    assert_eq!(again["updated"], 1);
    assert_eq!(again["written"][0]["id"], result["written"][0]["id"]);
}

#[test]
fn act_1_update_and_audit_entries() {
    let org = Org::new();
    let a = org.ok(
        Some(&org.rep_east1),
        "activities.create",
        json!({"kind": "call", "subject": "Call", "starts_at": "2026-03-03T02:00:00Z", "remind_at": "2026-03-03T01:45:00Z"}),
    );
    let updated = org.ok(
        Some(&org.rep_east1),
        "activities.update",
        json!({"id": id(&a), "subject": "Call back", "remind_at": null, "duration_minutes": 15}),
    );
    assert_eq!(updated["subject"], "Call back");
    assert!(updated["remind_at"].is_null());
    assert_eq!(updated["duration_minutes"], 15);
    assert!(same_instant(&updated["starts_at"], "2026-03-03T02:00:00Z"), "absent fields stay");
    org.ok(Some(&org.rep_east1), "activities.complete", json!({"id": id(&a)}));
    org.ok(Some(&org.rep_east1), "activities.archive", json!({"id": id(&a)}));
    org.ok(Some(&org.rep_east1), "activities.restore", json!({"id": id(&a)}));
    let h = history(&org, "activity", &id(&a));
    let actions: Vec<&str> = h.iter().map(|e| e["action"].as_str().unwrap()).collect();
    assert_eq!(actions, ["create", "update", "complete", "archive", "restore"]);
    assert_eq!(h[1]["changes"]["subject"], json!(["Call", "Call back"]));
    assert_eq!(h[2]["changes"]["status"], json!(["planned", "done"]));
    assert!(h.iter().all(|e| e["actor"] == org.rep_east1.as_str()));
}

#[test]
fn act_1_custom_fields_are_validated() {
    let org = Org::new();
    org.ok(
        None,
        "custom_fields.define",
        json!({"entity": "activity", "key": "channel", "label": "渠道", "field_type": "choice", "choices": ["wechat", "phone"]}),
    );
    let err = org.refused(
        Some(&org.rep_east1),
        "activities.create",
        json!({"kind": "call", "subject": "x", "custom": {"channel": "fax"}}),
    );
    assert_eq!(err.code, ErrorCode::Validation);
    assert_eq!(err.field.as_deref(), Some("custom.channel"));
    let a = org.ok(
        Some(&org.rep_east1),
        "activities.create",
        json!({"kind": "call", "subject": "x", "custom": {"channel": "wechat"}}),
    );
    assert_eq!(a["custom"], json!({"channel": "wechat"}));
    let b = org.ok(Some(&org.rep_east1), "activities.update", json!({"id": id(&a), "custom": {"channel": null}}));
    assert_eq!(b["custom"], json!({}));
}

#[test]
fn act_1_list_scope_filters_and_paging() {
    let org = Org::new();
    let mk = |actor: &str, kind: &str, at: &str| {
        id(&org.ok(Some(actor), "activities.create", json!({"kind": kind, "subject": "x", "starts_at": at})))
    };
    let e1 = mk(&org.rep_east1, "call", "2026-03-01T01:00:00Z");
    let e2 = mk(&org.rep_east1, "visit", "2026-03-02T01:00:00Z");
    let e3 = mk(&org.rep_east1, "call", "2026-03-03T01:00:00Z");
    let w1 = mk(&org.rep_west, "call", "2026-03-01T01:00:00Z");

    let mine = org.ok(Some(&org.rep_east1), "activities.list", json!({}));
    assert_eq!(ids(&mine["items"]), [e1.clone(), e2.clone(), e3.clone()]);
    let all = org.ok(Some(&org.manager), "activities.list", json!({}));
    assert_eq!(ids(&all["items"]), [e1.clone(), e2.clone(), e3.clone(), w1.clone()]);
    let east = org.ok(Some(&org.east_manager), "activities.list", json!({}));
    assert_eq!(ids(&east["items"]).len(), 3);

    let calls = org.ok(Some(&org.manager), "activities.list", json!({"kind": "call", "owner_id": org.rep_east1}));
    assert_eq!(ids(&calls["items"]), [e1.clone(), e3.clone()]);
    let window = org.ok(
        Some(&org.manager),
        "activities.list",
        json!({"from": "2026-03-01T12:00:00Z", "to": "2026-03-03T01:00:00Z"}),
    );
    assert_eq!(ids(&window["items"]), [e2.as_str()]);

    let page1 = org.ok(Some(&org.manager), "activities.list", json!({"limit": 3}));
    assert_eq!(ids(&page1["items"]).len(), 3);
    let cursor = page1["next_cursor"].as_str().unwrap();
    let page2 = org.ok(Some(&org.manager), "activities.list", json!({"limit": 3, "cursor": cursor}));
    assert_eq!(ids(&page2["items"]), [w1.as_str()]);
    assert!(page2["next_cursor"].is_null());

    org.ok(Some(&org.rep_east1), "activities.archive", json!({"id": e2}));
    let live = org.ok(Some(&org.rep_east1), "activities.list", json!({}));
    assert_eq!(ids(&live["items"]), [e1.clone(), e3.clone()]);
    let with_archived = org.ok(Some(&org.rep_east1), "activities.list", json!({"include_archived": true}));
    assert_eq!(ids(&with_archived["items"]).len(), 3);
}

#[test]
fn act_1_list_one_local_day() {
    // The organisation's day is UTC+8: 2026-03-02 runs from 2026-03-01T16:00Z to 2026-03-02T16:00Z.
    let org = Org::new();
    let mk = |at: &str| {
        id(&org.ok(
            Some(&org.rep_east1),
            "activities.create",
            json!({"kind": "visit", "subject": "x", "starts_at": at}),
        ))
    };
    let _before = mk("2026-03-01T15:59:59Z");
    let first = mk("2026-03-01T16:00:00Z");
    let last = mk("2026-03-02T15:59:59Z");
    let _after = mk("2026-03-02T16:00:00Z");
    let day = org.ok(Some(&org.rep_east1), "activities.list", json!({"date": "2026-03-02"}));
    assert_eq!(ids(&day["items"]), [first.clone(), last.clone()]);
    // `from` and `to` narrow the day further; a window outside it is empty.
    let narrowed =
        org.ok(Some(&org.rep_east1), "activities.list", json!({"date": "2026-03-02", "from": "2026-03-02T00:00:00Z"}));
    assert_eq!(ids(&narrowed["items"]), [last.as_str()]);
    let outside =
        org.ok(Some(&org.rep_east1), "activities.list", json!({"date": "2026-03-02", "to": "2026-03-01T00:00:00Z"}));
    assert!(ids(&outside["items"]).is_empty());
    let err = org.refused(Some(&org.rep_east1), "activities.list", json!({"date": "2026-02-30"}));
    assert_eq!(err.code, ErrorCode::MalformedRequest);
}

#[test]
fn act_4_agenda_planned_overdue_reminders() {
    let org = Org::new();
    org.ok(None, "org.configure", json!({"utc_offset_minutes": 480}));
    let rep = Some(org.rep_east1.as_str());
    let mk = |body: Value| id(&org.ok(rep, "activities.create", body));
    // 2026-03-02T17:00Z is 2026-03-03 01:00 local (UTC+8).
    let early = mk(json!({"kind": "visit", "subject": "Early visit", "starts_at": "2026-03-02T17:00:00Z"}));
    let midday = mk(json!({"kind": "meeting", "subject": "Meeting", "starts_at": "2026-03-03T04:00:00Z"}));
    let due_today = mk(json!({"kind": "task", "subject": "Due today", "due_date": "2026-03-03"}));
    let overdue = mk(json!({"kind": "task", "subject": "Overdue", "due_date": "2026-03-01"}));
    let missed = mk(json!({"kind": "call", "subject": "Missed call", "starts_at": "2026-03-02T15:00:00Z"}));
    let remind = mk(
        json!({"kind": "call", "subject": "Remind", "starts_at": "2026-03-05T02:00:00Z", "remind_at": "2026-03-03T00:30:00Z"}),
    );
    let _tomorrow = mk(json!({"kind": "visit", "subject": "Tomorrow", "starts_at": "2026-03-03T16:00:00Z"}));
    let done = mk(json!({"kind": "call", "subject": "Done", "starts_at": "2026-03-03T03:00:00Z"}));
    org.ok(rep, "activities.complete", json!({"id": done}));
    let archived = mk(json!({"kind": "task", "subject": "Archived", "due_date": "2026-02-01"}));
    org.ok(rep, "activities.archive", json!({"id": archived}));
    let _others = org.ok(
        Some(&org.rep_east2),
        "activities.create",
        json!({"kind": "visit", "subject": "Not mine", "starts_at": "2026-03-03T02:00:00Z"}),
    );

    let day = org.ok(rep, "agenda.day", json!({"date": "2026-03-03"}));
    assert_eq!(day["user_id"], org.rep_east1.as_str());
    assert_eq!(day["date"], "2026-03-03");
    assert_eq!(ids(&day["planned"]), [early.clone(), midday, due_today]);
    assert_eq!(ids(&day["overdue_tasks"]), [overdue, missed]);
    assert_eq!(ids(&day["reminders"]), [remind]);
    assert_eq!(day["alerts"], json!([]));

    // The default date is today in the organisation's offset: 2026-03-02 local.
    let today = org.ok(rep, "agenda.day", json!({}));
    assert_eq!(today["date"], "2026-03-02");
    assert!(!ids(&today["planned"]).contains(&early));
}

#[test]
fn act_4_manager_sees_rep_agenda_rep_cannot_see_other() {
    let org = Org::new();
    org.ok(
        Some(&org.rep_east1),
        "activities.create",
        json!({"kind": "visit", "subject": "Visit", "starts_at": "2026-03-02T02:00:00Z"}),
    );
    let day = org.ok(Some(&org.east_manager), "agenda.day", json!({"user_id": org.rep_east1, "date": "2026-03-02"}));
    assert_eq!(ids(&day["planned"]).len(), 1);
    org.ok(Some(&org.manager), "agenda.day", json!({"user_id": org.rep_west}));

    let err = org.refused(Some(&org.rep_east2), "agenda.day", json!({"user_id": org.rep_east1}));
    assert_eq!(err.code, ErrorCode::NotFound);
    let err = org.refused(Some(&org.east_manager), "agenda.day", json!({"user_id": org.rep_west}));
    assert_eq!(err.code, ErrorCode::NotFound);
    let err = org.refused(Some(&org.manager), "agenda.day", json!({"user_id": "no-such-user"}));
    assert_eq!(err.code, ErrorCode::NotFound);
    let err = org.refused(None, "agenda.day", json!({}));
    assert_eq!(err.code, ErrorCode::Validation);
}
