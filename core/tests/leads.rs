//! Engine flows of leads: capture and status machine (LEAD-1), assignment (LEAD-3), conversion (LEAD-4).

mod common;

use common::{Org, id};
use rapport_core::ErrorCode;
use serde_json::{Value, json};

fn new_lead(org: &Org, actor: Option<&str>, person: &str, extra: Value) -> Value {
    let mut req = json!({"person_name": person});
    if let Value::Object(m) = extra {
        req.as_object_mut().unwrap().extend(m);
    }
    org.ok(actor, "leads.create", req)
}

fn owners(leads: &Value) -> Vec<String> {
    leads.as_array().unwrap().iter().map(|l| l["owner_id"].as_str().unwrap().to_string()).collect()
}

fn listed(org: &Org, actor: &str, req: Value) -> Vec<String> {
    let page = org.ok(Some(actor), "leads.list", req);
    page["items"].as_array().unwrap().iter().map(id).collect()
}

/// East's team (its sales reps), ordered by user id.
fn east_team(org: &Org) -> Vec<String> {
    let mut t = vec![org.rep_east1.clone(), org.rep_east2.clone()];
    t.sort();
    t
}

#[test]
fn lead_1_create_assigns_code_and_status() {
    let org = Org::new();
    let before = org.counts();
    let l = new_lead(
        &org,
        None,
        "陈静",
        json!({"company_name": "深圳前海科技", "phone": "138 0013 8000", "email": "Chen.Jing@QHTech.cn", "region": "44/4403", "source": "fair"}),
    );
    assert_eq!(l["code"], "L-000001");
    assert_eq!(l["status"], "new");
    assert!(l["owner_id"].is_null());
    let after = org.counts();
    assert_eq!(after["leads"], before["leads"] + 1);
    assert_eq!(after["dedupe_keys"], before["dedupe_keys"] + 3, "name, phone and email keys");
    assert_eq!(after["audit_log"], before["audit_log"] + 1);

    // With an owner: assigned at once.
    let l2 = new_lead(&org, Some(&org.manager), "刘洋", json!({"owner_id": org.rep_east1}));
    assert_eq!((l2["code"].as_str(), l2["status"].as_str()), (Some("L-000002"), Some("assigned")));
    assert_eq!(l2["owner_id"], org.rep_east1.as_str());

    // Marketers create leads.
    let marketer =
        id(&org.ok(None, "users.create", json!({"name": "Mkt", "department_id": org.hq, "roles": ["marketer"]})));
    let l3 = new_lead(&org, Some(&marketer), "Li Mei", json!({"campaign": "spring"}));
    assert_eq!(l3["status"], "new");
    assert_eq!(l3["created_by"], marketer.as_str());

    // A rep's lead is the rep's own; not someone else's.
    let l4 = new_lead(&org, Some(&org.rep_east1), "王强", json!({}));
    assert_eq!((l4["owner_id"].as_str(), l4["status"].as_str()), (Some(org.rep_east1.as_str()), Some("assigned")));
    let err = org.refused(Some(&org.rep_east1), "leads.create", json!({"person_name": "x", "owner_id": org.rep_east2}));
    assert_eq!(err.code, ErrorCode::PermissionDenied);
    let err = org.refused(Some(&org.agent), "leads.create", json!({"person_name": "x"}));
    assert_eq!(err.code, ErrorCode::PermissionDenied);
    let err = org.refused(Some(&org.viewer), "leads.create", json!({"person_name": "x"}));
    assert_eq!(err.code, ErrorCode::PermissionDenied);
    // A manager cannot hand a lead to someone outside their scope.
    let err =
        org.refused(Some(&org.east_manager), "leads.create", json!({"person_name": "x", "owner_id": org.rep_west}));
    assert_eq!(err.code, ErrorCode::PermissionDenied);

    // Validation.
    let err = org.refused(None, "leads.create", json!({"person_name": "x", "email": "not-an-email"}));
    assert_eq!((err.code, err.field.as_deref()), (ErrorCode::Validation, Some("email")));
    let err = org.refused(None, "leads.create", json!({"person_name": "  "}));
    assert_eq!((err.code, err.field.as_deref()), (ErrorCode::Validation, Some("person_name")));
    let err = org.refused(None, "leads.create", json!({"person_name": "x", "region": "44//03"}));
    assert_eq!((err.code, err.field.as_deref()), (ErrorCode::Validation, Some("region")));
    let err = org.refused(None, "leads.create", json!({"person_name": "x", "owner_id": "nobody"}));
    assert_eq!((err.code, err.field.as_deref()), (ErrorCode::Validation, Some("owner_id")));
    org.ok(
        None,
        "custom_fields.define",
        json!({"entity": "lead", "key": "budget", "label": "预算", "field_type": "number", "required": false}),
    );
    let err = org.refused(None, "leads.create", json!({"person_name": "x", "custom": {"budget": "lots"}}));
    assert_eq!((err.code, err.field.as_deref()), (ErrorCode::Validation, Some("custom.budget")));
    let l5 = new_lead(&org, None, "赵六", json!({"custom": {"budget": 50000}}));
    assert_eq!(l5["custom"]["budget"], 50000);
    assert_eq!(l5["code"], "L-000005", "refused creations use no code");
}

#[test]
fn lead_1_status_machine() {
    let org = Org::new();
    let rep = Some(org.rep_east1.as_str());
    let l = new_lead(&org, None, "陈静", json!({"owner_id": org.rep_east1}));
    let lid = id(&l);
    assert_eq!(l["status"], "assigned");
    // Illegal moves from assigned.
    for method in ["leads.qualify", "leads.recycle"] {
        let err = org.refused(rep, method, json!({"id": lid}));
        assert_eq!(err.code, ErrorCode::InvalidState, "{method}");
    }
    assert_eq!(org.ok(rep, "leads.start_work", json!({"id": lid}))["status"], "working");
    let err = org.refused(rep, "leads.start_work", json!({"id": lid}));
    assert_eq!(err.code, ErrorCode::InvalidState);
    assert_eq!(org.ok(rep, "leads.qualify", json!({"id": lid}))["status"], "qualified");
    let l = org.ok(rep, "leads.disqualify", json!({"id": lid, "reason": "no budget"}));
    assert_eq!((l["status"].as_str(), l["disqualify_reason"].as_str()), (Some("disqualified"), Some("no budget")));
    for method in ["leads.start_work", "leads.qualify"] {
        let err = org.refused(rep, method, json!({"id": lid}));
        assert_eq!(err.code, ErrorCode::InvalidState, "{method}");
    }
    let err = org.refused(rep, "leads.disqualify", json!({"id": lid, "reason": "again"}));
    assert_eq!(err.code, ErrorCode::InvalidState);
    let l = org.ok(rep, "leads.recycle", json!({"id": lid}));
    assert_eq!(l["status"], "recycled");
    assert!(l["owner_id"].is_null(), "recycled leads go back to the pool");
    // The rep no longer sees it; a manager re-assigns it.
    assert_eq!(org.refused(rep, "leads.get", json!({"id": lid})).code, ErrorCode::NotFound);
    let err = org.refused(Some(&org.manager), "leads.start_work", json!({"id": lid}));
    assert_eq!(err.code, ErrorCode::InvalidState);
    let out = org.ok(
        Some(&org.manager),
        "leads.assign",
        json!({"id": lid, "method": {"kind": "manual", "user_id": org.rep_east2}}),
    );
    assert_eq!(out[0]["status"], "assigned");
    assert_eq!(out[0]["owner_id"], org.rep_east2.as_str());

    // new -> disqualified, new cannot be worked or qualified.
    let n = id(&new_lead(&org, None, "王强", json!({})));
    for method in ["leads.start_work", "leads.qualify", "leads.recycle"] {
        let err = org.refused(None, method, json!({"id": n}));
        assert_eq!(err.code, ErrorCode::InvalidState, "{method}");
    }
    assert_eq!(org.ok(None, "leads.disqualify", json!({"id": n, "reason": "spam"}))["status"], "disqualified");
    let err = org.refused(
        Some(&org.manager),
        "leads.assign",
        json!({"id": n, "method": {"kind": "manual", "user_id": org.rep_east1}}),
    );
    assert_eq!(err.code, ErrorCode::InvalidState, "disqualified leads are recycled before re-assignment");

    // The audit trail holds one entry per transition.
    let history = org.ok(None, "audit.history", json!({"entity": "lead", "id": lid}));
    let actions: Vec<&str> = history.as_array().unwrap().iter().filter_map(|e| e["action"].as_str()).collect();
    assert_eq!(actions, ["create", "start_work", "qualify", "disqualify", "recycle", "assign"]);
}

#[test]
fn lead_1_disqualify_requires_reason() {
    let org = Org::new();
    let lid = id(&new_lead(&org, None, "陈静", json!({})));
    let err = org.refused(None, "leads.disqualify", json!({"id": lid}));
    assert_eq!((err.code, err.field.as_deref()), (ErrorCode::Validation, Some("reason")));
    let err = org.refused(None, "leads.disqualify", json!({"id": lid, "reason": "   "}));
    assert_eq!((err.code, err.field.as_deref()), (ErrorCode::Validation, Some("reason")));
    assert_eq!(org.ok(None, "leads.get", json!({"id": lid}))["status"], "new");
}

#[test]
fn lead_1_upsert_by_external_ref() {
    let org = Org::new();
    let a = new_lead(&org, None, "陈静", json!({"title": "采购", "external_ref": "ERP-1"}));
    let before = org.counts();
    let b = new_lead(&org, None, "陈静", json!({"title": "采购经理", "external_ref": "ERP-1"}));
    assert_eq!(id(&a), id(&b));
    assert_eq!(a["code"], b["code"]);
    assert_eq!(b["title"], "采购经理");
    assert_eq!(org.counts()["leads"], before["leads"], "updated, not duplicated");

    // Update: fields, clearing, external_ref uniqueness.
    let other = id(&new_lead(&org, None, "刘洋", json!({"external_ref": "ERP-2"})));
    let u = org.ok(None, "leads.update", json!({"id": id(&a), "title": null, "phone": "13900139000"}));
    assert!(u["title"].is_null());
    assert_eq!(u["phone"], "13900139000");
    let err = org.refused(None, "leads.update", json!({"id": other, "external_ref": "ERP-1"}));
    assert_eq!((err.code, err.field.as_deref()), (ErrorCode::Conflict, Some("external_ref")));
    let err = org.refused(None, "leads.update", json!({"id": other, "email": "bad"}));
    assert_eq!((err.code, err.field.as_deref()), (ErrorCode::Validation, Some("email")));
    let err = org.refused(None, "leads.update", json!({"id": "no-such-lead"}));
    assert_eq!(err.code, ErrorCode::NotFound);
}

#[test]
fn lead_1_batch_per_item_errors() {
    let org = Org::new();
    new_lead(&org, None, "陈静", json!({"external_ref": "ERP-1"}));
    let items = json!([
        {"person_name": "刘洋", "source": "web"},
        {"person_name": "bad", "email": "nope"},
        {"person_name": "陈静", "title": "经理", "external_ref": "ERP-1"},
        {"person_name": ""}
    ]);
    let err = org.refused(None, "leads.batch", json!({"items": items}));
    assert_eq!(err.code, ErrorCode::Validation);
    let rejected: Vec<(usize, Option<&str>)> = err.items.iter().map(|i| (i.index, i.field.as_deref())).collect();
    assert_eq!(rejected, vec![(1, Some("email")), (3, Some("person_name"))]);

    let before = org.counts();
    let out = org.ok(None, "leads.batch", json!({"items": items, "mode": "skip_invalid"}));
    assert_eq!((out["created"].as_u64(), out["updated"].as_u64()), (Some(1), Some(1)));
    let rejected: Vec<u64> = out["rejected"].as_array().unwrap().iter().map(|r| r["index"].as_u64().unwrap()).collect();
    assert_eq!(rejected, vec![1, 3]);
    assert_eq!(org.counts()["leads"], before["leads"] + 1);
    let page = org.ok(None, "leads.list", json!({"source": "web"}));
    assert_eq!(page["items"].as_array().unwrap().len(), 1);

    // A rep's batch: items for someone else are rejected one by one.
    let out = org.ok(
        Some(&org.rep_east1),
        "leads.batch",
        json!({"mode": "skip_invalid", "items": [{"person_name": "a"}, {"person_name": "b", "owner_id": org.rep_west}]}),
    );
    assert_eq!(out["created"], 1);
    assert_eq!(out["rejected"][0]["code"], "permission_denied");
}

#[test]
fn lead_1_rep_sees_only_own_leads() {
    let org = Org::new();
    let east1 = id(&new_lead(&org, None, "东一", json!({"owner_id": org.rep_east1})));
    let east2 = id(&new_lead(&org, None, "东二", json!({"owner_id": org.rep_east2})));
    let west = id(&new_lead(&org, None, "西", json!({"owner_id": org.rep_west})));
    let pool = id(&new_lead(&org, None, "池", json!({})));

    assert_eq!(listed(&org, &org.rep_east1, json!({})), vec![east1.clone()]);
    assert_eq!(listed(&org, &org.east_manager, json!({})), vec![east1.clone(), east2.clone(), pool.clone()]);
    assert_eq!(listed(&org, &org.manager, json!({})), vec![east1.clone(), east2.clone(), west.clone(), pool.clone()]);
    assert_eq!(listed(&org, &org.manager, json!({"unassigned": true})), vec![pool.clone()]);
    assert_eq!(listed(&org, &org.manager, json!({"owner_id": org.rep_west})), vec![west.clone()]);
    assert_eq!(listed(&org, &org.manager, json!({"status": "new"})), vec![pool.clone()]);

    // Reads out of scope: not_found, for reads and writes alike.
    for other in [&east2, &west, &pool] {
        assert_eq!(org.refused(Some(&org.rep_east1), "leads.get", json!({"id": other})).code, ErrorCode::NotFound);
        let err = org.refused(Some(&org.rep_east1), "leads.update", json!({"id": other, "title": "x"}));
        assert_eq!(err.code, ErrorCode::NotFound);
    }
    assert_eq!(org.refused(Some(&org.east_manager), "leads.get", json!({"id": west})).code, ErrorCode::NotFound);
    org.ok(Some(&org.east_manager), "leads.get", json!({"id": pool}));
    org.ok(Some(&org.rep_east1), "leads.update", json!({"id": east1, "title": "经理"}));

    // Visible but not editable: the viewer reads everything, changes nothing.
    org.ok(Some(&org.viewer), "leads.get", json!({"id": west}));
    assert_eq!(listed(&org, &org.viewer, json!({})).len(), 4);
    for (method, req) in [
        ("leads.update", json!({"id": west, "title": "x"})),
        ("leads.archive", json!({"id": west})),
        ("leads.disqualify", json!({"id": pool, "reason": "x"})),
    ] {
        assert_eq!(org.refused(Some(&org.viewer), method, req).code, ErrorCode::PermissionDenied, "{method}");
    }

    // Paging by id.
    let page = org.ok(Some(&org.manager), "leads.list", json!({"limit": 3}));
    assert_eq!(page["items"].as_array().unwrap().len(), 3);
    let cursor = page["next_cursor"].as_str().unwrap().to_string();
    let page2 = org.ok(Some(&org.manager), "leads.list", json!({"limit": 3, "cursor": cursor}));
    assert_eq!(page2["items"].as_array().unwrap().iter().map(id).collect::<Vec<_>>(), vec![pool.clone()]);
    assert!(page2["next_cursor"].is_null());

    // Archive and restore.
    let a = org.ok(Some(&org.rep_east1), "leads.archive", json!({"id": east1}));
    assert!(a["archived_at"].is_string());
    assert!(listed(&org, &org.rep_east1, json!({})).is_empty());
    assert_eq!(listed(&org, &org.rep_east1, json!({"include_archived": true})), vec![east1.clone()]);
    assert_eq!(org.refused(Some(&org.rep_east1), "leads.archive", json!({"id": east1})).code, ErrorCode::InvalidState);
    let err = org.refused(Some(&org.rep_east1), "leads.start_work", json!({"id": east1}));
    assert_eq!(err.code, ErrorCode::InvalidState, "archived leads do not move");
    org.ok(Some(&org.rep_east1), "leads.restore", json!({"id": east1}));
    assert_eq!(org.refused(Some(&org.rep_east1), "leads.restore", json!({"id": east1})).code, ErrorCode::InvalidState);
    assert_eq!(listed(&org, &org.rep_east1, json!({})), vec![east1]);
}

fn pool_leads(org: &Org, n: usize, extra: Value) -> Vec<String> {
    (0..n).map(|i| id(&new_lead(org, None, &format!("客户{i}"), extra.clone()))).collect()
}

#[test]
fn lead_3_round_robin_cycles_through_team() {
    let org = Org::new();
    let team = east_team(&org);
    let leads = pool_leads(&org, 3, json!({}));
    let out = org.ok(
        Some(&org.manager),
        "leads.assign",
        json!({"ids": leads, "method": {"kind": "round_robin", "department_id": org.east}}),
    );
    // Only the reps of East (not its manager), by user id, wrapping.
    assert_eq!(owners(&out), vec![team[0].clone(), team[1].clone(), team[0].clone()]);
    assert!(out.as_array().unwrap().iter().all(|l| l["status"] == "assigned"));
    let more = pool_leads(&org, 1, json!({}));
    let out = org.ok(
        Some(&org.admin),
        "leads.assign",
        json!({"id": more[0], "method": {"kind": "round_robin", "department_id": org.east}}),
    );
    assert_eq!(owners(&out), vec![team[1].clone()], "the position is kept between requests");

    // An inactive rep leaves the team.
    org.ok(None, "users.deactivate", json!({"id": team[0]}));
    let more = pool_leads(&org, 2, json!({}));
    let out = org.ok(
        None,
        "leads.assign",
        json!({"ids": more, "method": {"kind": "round_robin", "department_id": org.east}}),
    );
    assert_eq!(owners(&out), vec![team[1].clone(), team[1].clone()]);

    // A department without reps has no team.
    let lone = pool_leads(&org, 1, json!({}));
    let err = org.refused(
        None,
        "leads.assign",
        json!({"id": lone[0], "method": {"kind": "round_robin", "department_id": org.hq}}),
    );
    assert_eq!(err.code, ErrorCode::Validation);
}

#[test]
fn lead_3_least_loaded_picks_fewest_open() {
    let org = Org::new();
    let team = east_team(&org);
    let manual = |lead: &str, user: &str| {
        org.ok(None, "leads.assign", json!({"id": lead, "method": {"kind": "manual", "user_id": user}}));
    };
    let leads = pool_leads(&org, 3, json!({}));
    manual(&leads[0], &team[0]);
    manual(&leads[1], &team[0]);
    manual(&leads[2], &team[1]);
    let next = pool_leads(&org, 3, json!({}));
    let out = org.ok(
        Some(&org.manager),
        "leads.assign",
        json!({"ids": next, "method": {"kind": "least_loaded", "department_id": org.east}}),
    );
    // 2-1 -> team[1]; 2-2 -> tie by user id -> team[0]; 3-2 -> team[1].
    assert_eq!(owners(&out), vec![team[1].clone(), team[0].clone(), team[1].clone()]);

    // Closed leads do not count: disqualifying two of team[0]'s makes them the least loaded.
    org.ok(None, "leads.disqualify", json!({"id": leads[0], "reason": "dup"}));
    org.ok(None, "leads.disqualify", json!({"id": leads[1], "reason": "dup"}));
    let one = pool_leads(&org, 1, json!({}));
    let out = org.ok(
        None,
        "leads.assign",
        json!({"id": one[0], "method": {"kind": "least_loaded", "department_id": org.east}}),
    );
    assert_eq!(owners(&out), vec![team[0].clone()]);
}

#[test]
fn lead_3_territory_longest_prefix() {
    let org = Org::new();
    org.ok(Some(&org.admin), "leads.set_territory", json!({"region_prefix": "44", "department_id": org.east}));
    org.ok(None, "leads.set_territory", json!({"region_prefix": "44/4403", "department_id": org.west}));
    let err = org.refused(
        Some(&org.manager),
        "leads.set_territory",
        json!({"region_prefix": "11", "department_id": org.east}),
    );
    assert_eq!(err.code, ErrorCode::PermissionDenied);
    let err = org.refused(None, "leads.set_territory", json!({"region_prefix": "11/", "department_id": org.east}));
    assert_eq!((err.code, err.field.as_deref()), (ErrorCode::Validation, Some("region_prefix")));
    let err = org.refused(None, "leads.set_territory", json!({"region_prefix": "11", "department_id": "nowhere"}));
    assert_eq!((err.code, err.field.as_deref()), (ErrorCode::Validation, Some("department_id")));
    let ts = org.ok(Some(&org.manager), "leads.territories", json!({}));
    assert_eq!(ts.as_array().unwrap().len(), 2);
    assert_eq!(ts[1]["region_prefix"], "44/4403");

    let sz = pool_leads(&org, 1, json!({"region": "44/4403/440305"}));
    let gz = pool_leads(&org, 1, json!({"region": "44/4401"}));
    let out =
        org.ok(Some(&org.manager), "leads.assign", json!({"ids": [sz[0], gz[0]], "method": {"kind": "territory"}}));
    assert_eq!(owners(&out), vec![org.rep_west.clone(), east_team(&org)[0].clone()]);

    // No territory covers the region, or the lead has none: validation on `region`.
    let sh = pool_leads(&org, 1, json!({"region": "31"}));
    let none = pool_leads(&org, 1, json!({}));
    for l in [&sh[0], &none[0]] {
        let err = org.refused(Some(&org.manager), "leads.assign", json!({"id": l, "method": {"kind": "territory"}}));
        assert_eq!((err.code, err.field.as_deref()), (ErrorCode::Validation, Some("region")));
    }
    // Re-pointing a territory changes the route.
    org.ok(None, "leads.set_territory", json!({"region_prefix": "44/4403", "department_id": org.east}));
    let sz2 = pool_leads(&org, 1, json!({"region": "44/4403"}));
    let out = org.ok(None, "leads.assign", json!({"id": sz2[0], "method": {"kind": "territory"}}));
    assert_eq!(owners(&out), vec![east_team(&org)[1].clone()]);
}

fn assignment_scenario() -> Vec<String> {
    let org = Org::new();
    org.ok(None, "leads.set_territory", json!({"region_prefix": "44", "department_id": org.east}));
    let mut out = Vec::new();
    let rr = pool_leads(&org, 3, json!({}));
    out.extend(owners(&org.ok(
        None,
        "leads.assign",
        json!({"ids": rr, "method": {"kind": "round_robin", "department_id": org.east}}),
    )));
    let ll = pool_leads(&org, 3, json!({"region": "44/4403"}));
    out.extend(owners(&org.ok(None, "leads.assign", json!({"ids": ll, "method": {"kind": "territory"}}))));
    let ll = pool_leads(&org, 2, json!({}));
    out.extend(owners(&org.ok(
        None,
        "leads.assign",
        json!({"ids": ll, "method": {"kind": "least_loaded", "department_id": org.east}}),
    )));
    out
}

#[test]
fn lead_3_deterministic() {
    let first = assignment_scenario();
    let second = assignment_scenario();
    assert_eq!(first.len(), 8);
    assert_eq!(first, second, "the same state gives the same assignments");
}

#[test]
fn lead_3_rep_cannot_assign() {
    let org = Org::new();
    let leads = pool_leads(&org, 2, json!({}));
    let err = org.refused(
        Some(&org.rep_east1),
        "leads.assign",
        json!({"id": leads[0], "method": {"kind": "manual", "user_id": org.rep_east1}}),
    );
    assert_eq!(err.code, ErrorCode::PermissionDenied);
    // A manager assigns only to users in scope.
    let err = org.refused(
        Some(&org.east_manager),
        "leads.assign",
        json!({"id": leads[0], "method": {"kind": "manual", "user_id": org.rep_west}}),
    );
    assert_eq!(err.code, ErrorCode::PermissionDenied);
    let err = org.refused(
        Some(&org.east_manager),
        "leads.assign",
        json!({"id": leads[0], "method": {"kind": "round_robin", "department_id": org.west}}),
    );
    assert_eq!(err.code, ErrorCode::PermissionDenied);
    // Atomic: one bad lead in `ids` leaves the good one unassigned too.
    let err = org.refused(
        Some(&org.manager),
        "leads.assign",
        json!({"ids": [leads[0], "no-such-lead"], "method": {"kind": "manual", "user_id": org.rep_east1}}),
    );
    assert_eq!(err.code, ErrorCode::NotFound);
    assert_eq!(org.ok(None, "leads.get", json!({"id": leads[0]}))["status"], "new");
    let err = org.refused(Some(&org.manager), "leads.assign", json!({"ids": [], "method": {"kind": "territory"}}));
    assert_eq!(err.code, ErrorCode::Validation);
    // A west lead is out of the east manager's scope.
    let west = id(&new_lead(&org, None, "西", json!({"owner_id": org.rep_west})));
    let err = org.refused(
        Some(&org.east_manager),
        "leads.assign",
        json!({"id": west, "method": {"kind": "manual", "user_id": org.rep_east1}}),
    );
    assert_eq!(err.code, ErrorCode::NotFound);
    let out = org.ok(
        Some(&org.east_manager),
        "leads.assign",
        json!({"id": leads[1], "method": {"kind": "manual", "user_id": org.rep_east2}}),
    );
    assert_eq!(owners(&out), vec![org.rep_east2.clone()]);
}

fn with_pipeline(org: &Org) -> String {
    id(&org.ok(
        None,
        "pipelines.create",
        json!({"code": "standard", "name": "标准销售流程", "is_default": true, "stages": [
            {"code": "qualify", "name": "初步接洽", "probability": 10},
            {"code": "negotiate", "name": "商务谈判", "probability": 60}
        ]}),
    ))
}

/// A lead owned by `owner`, worked and qualified by them.
fn qualified_lead(org: &Org, owner: &str, extra: Value) -> String {
    let mut req = json!({"owner_id": owner, "title": "采购经理", "phone": "138 0013 8000", "email": "chen.jing@qhtech.cn",
        "region": "44/4403", "industry": "electronics", "source": "fair", "campaign": "spring"});
    if let Value::Object(m) = extra {
        req.as_object_mut().unwrap().extend(m);
    }
    let lid = id(&new_lead(org, None, "陈静", req));
    org.ok(Some(owner), "leads.start_work", json!({"id": lid}));
    org.ok(Some(owner), "leads.qualify", json!({"id": lid}));
    lid
}

#[test]
fn lead_4_convert_creates_customer_contact_opportunity() {
    let org = Org::new();
    let pipeline = with_pipeline(&org);
    let rep = Some(org.rep_east1.as_str());
    let lid = qualified_lead(&org, &org.rep_east1, json!({"company_name": "深圳前海科技有限公司"}));
    let before = org.counts();
    let conv = org.ok(
        rep,
        "leads.convert",
        json!({"id": lid, "opportunity": {"title": "设备采购", "amount": 8800000, "currency": "CNY", "expected_close_date": "2026-06-30"}}),
    );
    let after = org.counts();
    for (table, added) in [("customers", 1), ("contacts", 1), ("opportunities", 1), ("leads", 0)] {
        assert_eq!(after[table], before[table] + added, "{table}");
    }
    assert!(after["audit_log"] >= before["audit_log"] + 4, "customer, contact, opportunity and lead audited");
    assert_eq!(conv["customer_created"], true);
    let lead = &conv["lead"];
    assert_eq!(lead["status"], "converted");
    assert_eq!(lead["converted_customer_id"], conv["customer_id"]);
    assert_eq!(lead["converted_contact_id"], conv["contact_id"]);
    assert_eq!(lead["converted_opportunity_id"], conv["opportunity_id"]);
    assert!(lead["converted_at"].is_string());

    let customer = org.ok(rep, "customers.get", json!({"id": conv["customer_id"]}));
    assert_eq!((customer["name"].as_str(), customer["kind"].as_str()), (Some("深圳前海科技有限公司"), Some("company")));
    assert_eq!(customer["owner_id"], org.rep_east1.as_str());
    assert_eq!(customer["region"], "44/4403");
    let contact = org.ok(rep, "contacts.get", json!({"id": conv["contact_id"]}));
    assert_eq!((contact["name"].as_str(), contact["title"].as_str()), (Some("陈静"), Some("采购经理")));
    assert_eq!(contact["customer_id"], conv["customer_id"]);
    assert_eq!(contact["emails"], json!(["chen.jing@qhtech.cn"]));
    let opp = org.ok(rep, "opportunities.get", json!({"id": conv["opportunity_id"]}));
    assert_eq!((opp["amount"].as_i64(), opp["currency"].as_str()), (Some(8800000), Some("CNY")));
    assert_eq!(opp["customer_id"], conv["customer_id"]);
    assert_eq!(opp["pipeline_id"], pipeline.as_str());
    assert_eq!(opp["owner_id"], org.rep_east1.as_str());
    assert_eq!(opp["campaign"], "spring");
    let history = org.ok(None, "audit.history", json!({"entity": "customer", "id": conv["customer_id"]}));
    assert_eq!(history[0]["action"], "create");

    // Converted leads are immutable, except archiving.
    for (method, req) in [
        ("leads.update", json!({"id": lid, "title": "x"})),
        ("leads.disqualify", json!({"id": lid, "reason": "x"})),
        ("leads.convert", json!({"id": lid})),
    ] {
        assert_eq!(org.refused(rep, method, req).code, ErrorCode::InvalidState, "{method}");
    }
    let err = org.refused(
        Some(&org.manager),
        "leads.assign",
        json!({"id": lid, "method": {"kind": "manual", "user_id": org.rep_east2}}),
    );
    assert_eq!(err.code, ErrorCode::InvalidState);
    org.ok(rep, "leads.archive", json!({"id": lid}));

    // Without a company name the customer is the person, and no opportunity is made.
    let lid = qualified_lead(&org, &org.rep_east2, json!({}));
    let conv = org.ok(Some(&org.rep_east2), "leads.convert", json!({"id": lid}));
    assert!(conv["opportunity_id"].is_null());
    assert!(conv["lead"]["converted_opportunity_id"].is_null());
    let customer = org.ok(None, "customers.get", json!({"id": conv["customer_id"]}));
    assert_eq!((customer["name"].as_str(), customer["kind"].as_str()), (Some("陈静"), Some("individual")));
}

#[test]
fn lead_4_convert_links_existing_customer() {
    let org = Org::new();
    let existing = id(&org.ok(None, "customers.create", json!({"name": "华南贸易", "owner_id": org.rep_east1})));
    let west_customer = id(&org.ok(None, "customers.create", json!({"name": "西部实业", "owner_id": org.rep_west})));
    let lid = qualified_lead(&org, &org.rep_east1, json!({"company_name": "华南贸易有限公司"}));

    // A customer out of the rep's scope cannot be linked; an unknown one neither.
    for cid in [west_customer.as_str(), "no-such-customer"] {
        let err = org.refused(Some(&org.rep_east1), "leads.convert", json!({"id": lid, "customer_id": cid}));
        assert_eq!((err.code, err.field.as_deref()), (ErrorCode::NotFound, Some("customer_id")));
    }
    let before = org.counts();
    let conv = org.ok(Some(&org.rep_east1), "leads.convert", json!({"id": lid, "customer_id": existing}));
    let after = org.counts();
    assert_eq!(conv["customer_created"], false);
    assert_eq!(conv["customer_id"], existing.as_str());
    assert_eq!(after["customers"], before["customers"]);
    assert_eq!(after["contacts"], before["contacts"] + 1);
    let contact = org.ok(Some(&org.rep_east1), "contacts.get", json!({"id": conv["contact_id"]}));
    assert_eq!(contact["customer_id"], existing.as_str());
    assert_eq!(conv["lead"]["converted_customer_id"], existing.as_str());
}

#[test]
fn lead_4_only_qualified_converts() {
    let org = Org::new();
    let rep = Some(org.rep_east1.as_str());
    let lid = id(&new_lead(&org, None, "陈静", json!({"owner_id": org.rep_east1})));
    assert_eq!(org.refused(rep, "leads.convert", json!({"id": lid})).code, ErrorCode::InvalidState, "assigned");
    org.ok(rep, "leads.start_work", json!({"id": lid}));
    assert_eq!(org.refused(rep, "leads.convert", json!({"id": lid})).code, ErrorCode::InvalidState, "working");
    org.ok(rep, "leads.disqualify", json!({"id": lid, "reason": "no budget"}));
    assert_eq!(org.refused(rep, "leads.convert", json!({"id": lid})).code, ErrorCode::InvalidState, "disqualified");
    let fresh = id(&new_lead(&org, None, "王强", json!({})));
    assert_eq!(org.refused(None, "leads.convert", json!({"id": fresh})).code, ErrorCode::InvalidState, "new");
    // Out of scope and read-only actors.
    let q = qualified_lead(&org, &org.rep_east1, json!({}));
    assert_eq!(org.refused(Some(&org.rep_west), "leads.convert", json!({"id": q})).code, ErrorCode::NotFound);
    assert_eq!(org.refused(Some(&org.viewer), "leads.convert", json!({"id": q})).code, ErrorCode::PermissionDenied);
    org.ok(rep, "leads.convert", json!({"id": q}));
}

#[test]
fn lead_4_failed_conversion_writes_nothing() {
    let org = Org::new();
    with_pipeline(&org);
    let lid = qualified_lead(&org, &org.rep_east1, json!({"company_name": "深圳前海科技有限公司"}));
    // The customer and contact would be written first; the bad opportunity undoes them.
    let err = org.refused(
        Some(&org.rep_east1),
        "leads.convert",
        json!({"id": lid, "opportunity": {"title": "设备采购", "amount": 100, "currency": "XYZ1"}}),
    );
    assert_eq!((err.code, err.field.as_deref()), (ErrorCode::Validation, Some("opportunity.currency")));
    let err = org.refused(
        Some(&org.rep_east1),
        "leads.convert",
        json!({"id": lid, "opportunity": {"title": "设备采购", "amount": 100, "currency": "CNY", "pipeline_id": "nope"}}),
    );
    assert_eq!((err.code, err.field.as_deref()), (ErrorCode::Validation, Some("opportunity.pipeline_id")));
    let err = org.refused(
        Some(&org.rep_east1),
        "leads.convert",
        json!({"id": lid, "opportunity": {"title": " ", "amount": 100, "currency": "CNY"}}),
    );
    assert_eq!((err.code, err.field.as_deref()), (ErrorCode::Validation, Some("opportunity.title")));
    let lead = org.ok(Some(&org.rep_east1), "leads.get", json!({"id": lid}));
    assert_eq!(lead["status"], "qualified");
    assert!(lead["converted_customer_id"].is_null());
    org.ok(
        Some(&org.rep_east1),
        "leads.convert",
        json!({"id": lid, "opportunity": {"title": "设备采购", "amount": 100, "currency": "USD"}}),
    );
}
