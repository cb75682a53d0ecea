//! Engine flows of approval flows (ORG-5): configured steps with approvers and conditions, deciding, locking, the pending list, history, dry runs, and the opportunity gate as the default flow.

mod common;

use common::{Org, id};
use rapport_core::ErrorCode;
use serde_json::{Value, json};

const EVALUATION: &str = "opportunity_evaluation";

/// The organisation with the standard pipeline (qualify -> evaluate (approval) -> negotiate).
fn setup() -> Org {
    let org = Org::new();
    org.ok(
        None,
        "pipelines.create",
        json!({"code": "standard", "name": "标准销售流程", "stages": [
            {"code": "qualify", "name": "初步接洽", "probability": 10},
            {"code": "evaluate", "name": "需求评估", "probability": 40, "requires_approval": true},
            {"code": "negotiate", "name": "商务谈判", "probability": 80}
        ]}),
    );
    org
}

/// An opportunity of `owner`'s at the evaluation stage.
fn evaluation(org: &Org, owner: &str, amount: i64) -> String {
    let c = id(&org.ok(None, "customers.create", json!({"name": format!("客户 {amount}"), "owner_id": owner})));
    id(&org.ok(
        Some(owner),
        "opportunities.create",
        json!({"customer_id": c, "title": format!("项目 {amount}"), "amount": amount, "stage": "evaluate"}),
    ))
}

fn submit(org: &Org, actor: &str, oid: &str) -> Value {
    org.ok(Some(actor), "approvals.submit", json!({"document_type": EVALUATION, "document_id": oid}))
}

fn pending_ids(org: &Org, actor: &str) -> Vec<String> {
    let page = org.ok(Some(actor), "approvals.pending", json!({}));
    page["items"].as_array().unwrap().iter().map(|i| i["document_id"].as_str().unwrap().to_string()).collect()
}

/// Step 1: the submitter's manager; step 2, above 1,000,000.00 (minor units): the manager two levels up.
fn two_step_flow(org: &Org) -> Value {
    org.ok(
        Some(&org.admin),
        "approvals.set_flow",
        json!({"document_type": EVALUATION, "steps": [
            {"name": "直属主管", "approver": {"kind": "manager"}},
            {"name": "销售总监", "approver": {"kind": "manager", "levels": 2},
             "condition": {"field": "amount", "op": "gt", "value": 100000000}}
        ]}),
    )
}

#[test]
fn org_5_the_opportunity_gate_is_the_default_flow() {
    let org = setup();
    let flow = org.ok(Some(&org.rep_east1), "approvals.get_flow", json!({"document_type": EVALUATION}));
    assert_eq!(flow["version"], 0);
    assert_eq!(flow["steps"], json!([{"name": "manager", "approver": {"kind": "manager_in_scope"}}]));

    let oid = evaluation(&org, &org.rep_east1, 500_000);
    let a = submit(&org, &org.rep_east1, &oid);
    assert_eq!(
        (a["status"].as_str(), a["current_step"].as_u64(), a["flow_version"].as_u64()),
        (Some("pending"), Some(1), Some(0))
    );
    // Every manager whose scope covers the East rep: the East manager, the Sales manager, the admin.
    let mut expected = vec![org.admin.clone(), org.east_manager.clone(), org.manager.clone()];
    expected.sort();
    assert_eq!(a["steps"][0]["approvers"], json!(expected));
    assert_eq!(org.ok(Some(&org.rep_east1), "opportunities.get", json!({"id": oid}))["approval_status"], "pending");
    assert_eq!(pending_ids(&org, &org.east_manager), std::slice::from_ref(&oid));
    assert!(pending_ids(&org, &org.rep_east1).is_empty());

    let done = org.ok(Some(&org.east_manager), "approvals.approve", json!({"id": id(&a), "comment": "同意"}));
    assert_eq!((done["status"].as_str(), done["current_step"].as_u64()), (Some("approved"), None));
    assert!(pending_ids(&org, &org.manager).is_empty(), "a decided step leaves every inbox");
    let o = org.ok(Some(&org.rep_east1), "opportunities.advance", json!({"id": oid, "stage": "negotiate"}));
    assert_eq!(o["stage"], "negotiate");
}

#[test]
fn org_5_a_condition_adds_a_step_for_larger_documents() {
    let org = setup();
    let flow = two_step_flow(&org);
    assert_eq!(flow["version"], 1);
    let small = evaluation(&org, &org.rep_east1, 50_000_000);
    let big = evaluation(&org, &org.rep_east1, 300_000_000);

    let a = submit(&org, &org.rep_east1, &small);
    assert_eq!(a["steps"][0]["approvers"], json!([org.east_manager]));
    assert_eq!((a["steps"][1]["status"].as_str(), a["steps"][1]["approvers"].clone()), (Some("skipped"), json!([])));
    let done = org.ok(Some(&org.east_manager), "approvals.approve", json!({"id": id(&a)}));
    assert_eq!(done["status"], "approved", "the skipped step does not wait");

    let b = submit(&org, &org.rep_east1, &big);
    assert_eq!(b["steps"][1]["approvers"], json!([org.manager]));
    assert!(pending_ids(&org, &org.manager).is_empty(), "step 2 waits for step 1");
    let err = org.refused_unchanged(Some(&org.manager), "approvals.approve", json!({"id": id(&b)}));
    assert_eq!(err.code, ErrorCode::PermissionDenied, "step 1 is not addressed to the Sales manager");
    let after1 = org.ok(Some(&org.east_manager), "approvals.approve", json!({"id": id(&b)}));
    assert_eq!((after1["status"].as_str(), after1["current_step"].as_u64()), (Some("pending"), Some(2)));
    assert_eq!(org.ok(Some(&org.rep_east1), "opportunities.get", json!({"id": big}))["approval_status"], "pending");
    assert_eq!(pending_ids(&org, &org.manager), std::slice::from_ref(&big));
    assert!(pending_ids(&org, &org.east_manager).is_empty());
    // The opportunities method decides the same waiting step.
    let o = org.ok(Some(&org.manager), "opportunities.approve", json!({"id": big, "note": "可以"}));
    assert_eq!(o["approval_status"], "approved");
}

#[test]
fn org_5_dry_run_answers_the_route_and_writes_nothing() {
    let org = setup();
    two_step_flow(&org);
    let big = evaluation(&org, &org.rep_east1, 300_000_000);
    let before = org.engine.export_image().unwrap();
    let preview = org.ok(
        Some(&org.rep_east1),
        "approvals.submit",
        json!({"document_type": EVALUATION, "document_id": big, "dry_run": true}),
    );
    assert!(org.engine.export_image().unwrap() == before, "a dry run writes nothing");
    let steps: Vec<(&str, Value)> = preview["steps"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| (s["status"].as_str().unwrap(), s["approvers"].clone()))
        .collect();
    assert_eq!(steps, [("waiting", json!([org.east_manager])), ("upcoming", json!([org.manager]))]);
    assert!(pending_ids(&org, &org.east_manager).is_empty());
    let real = submit(&org, &org.rep_east1, &big);
    assert_eq!(real["steps"], preview["steps"], "the submission takes the previewed route");
}

#[test]
fn org_5_send_back_then_reject_with_a_reason_and_submit_again() {
    let org = setup();
    two_step_flow(&org);
    let big = evaluation(&org, &org.rep_east1, 300_000_000);
    let a = submit(&org, &org.rep_east1, &big);
    let aid = id(&a);
    let err = org.refused_unchanged(Some(&org.east_manager), "approvals.send_back", json!({"id": aid}));
    assert_eq!(err.code, ErrorCode::InvalidState, "the first step has nothing before it");
    org.ok(Some(&org.east_manager), "approvals.approve", json!({"id": aid}));
    let back = org.ok(Some(&org.manager), "approvals.send_back", json!({"id": aid, "comment": "请补充竞品信息"}));
    assert_eq!(back["current_step"], 1);
    assert_eq!(pending_ids(&org, &org.east_manager), std::slice::from_ref(&big), "step 1 waits again");
    org.ok(Some(&org.east_manager), "approvals.approve", json!({"id": aid, "comment": "已补充"}));

    let err = org.refused_unchanged(Some(&org.manager), "approvals.reject", json!({"id": aid, "reason": "  "}));
    assert_eq!((err.code, err.field.as_deref()), (ErrorCode::Validation, Some("reason")));
    let err = org.refused_unchanged(Some(&org.manager), "approvals.reject", json!({"id": aid}));
    assert_eq!((err.code, err.field.as_deref()), (ErrorCode::MalformedRequest, Some("reason")));
    let rejected =
        org.ok(Some(&org.manager), "approvals.reject", json!({"id": aid, "reason": "价格过低", "comment": "重新评估"}));
    assert_eq!((rejected["status"].as_str(), rejected["reason"].as_str()), (Some("rejected"), Some("价格过低")));
    let actions: Vec<(&str, Option<u64>)> = rejected["history"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| (e["action"].as_str().unwrap(), e["position"].as_u64()))
        .collect();
    assert_eq!(
        actions,
        [
            ("submitted", None),
            ("approved", Some(1)),
            ("sent_back", Some(2)),
            ("approved", Some(1)),
            ("rejected", Some(2))
        ]
    );
    assert_eq!(rejected["history"][4]["comment"], "价格过低\n重新评估");
    assert_eq!(rejected["history"][2]["actor_id"], org.manager.as_str());

    let err = org.refused_unchanged(Some(&org.manager), "approvals.approve", json!({"id": aid}));
    assert_eq!(err.code, ErrorCode::InvalidState, "deciding twice");
    let o = org.ok(Some(&org.rep_east1), "opportunities.update", json!({"id": big, "amount": 90_000_000}));
    assert_eq!(o["approval_status"], "rejected", "unlocked again: edited and submitted once more");
    let again = submit(&org, &org.rep_east1, &big);
    assert_eq!(again["steps"][1]["status"], "skipped", "the smaller amount no longer climbs to step 2");
    let history =
        org.ok(Some(&org.rep_east1), "approvals.history", json!({"document_type": EVALUATION, "document_id": big}));
    assert_eq!(history.as_array().unwrap().len(), 2);
    let audit = org.ok(Some(&org.admin), "audit.history", json!({"entity": "opportunity", "id": big}));
    let audited: Vec<&str> = audit.as_array().unwrap().iter().map(|e| e["action"].as_str().unwrap()).collect();
    for action in ["approval_submitted", "approval_approved", "approval_sent_back", "approval_rejected", "reject"] {
        assert!(audited.contains(&action), "{action} is audited: {audited:?}");
    }
}

#[test]
fn org_5_a_submitted_document_is_locked_until_decided() {
    let org = setup();
    let oid = evaluation(&org, &org.rep_east1, 500_000);
    let a = submit(&org, &org.rep_east1, &oid);
    let rep = Some(org.rep_east1.as_str());
    for (method, req) in [
        ("opportunities.update", json!({"id": oid, "amount": 1})),
        ("opportunities.advance", json!({"id": oid, "stage": "qualify"})),
        ("opportunities.archive", json!({"id": oid})),
        ("opportunities.lose", json!({"id": oid, "reason": "price"})),
        ("opportunities.submit_for_approval", json!({"id": oid})),
    ] {
        assert_eq!(org.refused_unchanged(rep, method, req).code, ErrorCode::InvalidState, "{method} while pending");
    }
    let err = org.refused_unchanged(Some(&org.manager), "opportunities.update", json!({"id": oid, "title": "x"}));
    assert_eq!(err.code, ErrorCode::InvalidState, "locked for managers too");
    org.ok(Some(&org.manager), "approvals.approve", json!({"id": id(&a)}));
    org.ok(rep, "opportunities.update", json!({"id": oid, "amount": 1}));
}

#[test]
fn org_5_only_the_addressed_approver_with_the_approve_permission_decides() {
    let org = setup();
    let oid = evaluation(&org, &org.rep_east1, 500_000);
    let aid = id(&submit(&org, &org.rep_east1, &oid));
    let err = org.refused_unchanged(Some(&org.rep_east1), "approvals.approve", json!({"id": aid}));
    assert_eq!(err.code, ErrorCode::PermissionDenied, "the submitter is not an approver");
    let err = org.refused_unchanged(Some(&org.viewer), "approvals.approve", json!({"id": aid}));
    assert_eq!(err.code, ErrorCode::PermissionDenied, "a viewer reads it but is not addressed");
    let err = org.refused_unchanged(Some(&org.rep_west), "approvals.approve", json!({"id": aid}));
    assert_eq!(err.code, ErrorCode::NotFound, "out of scope: existence is not revealed");
    let err = org.refused_unchanged(Some(&org.rep_west), "approvals.get", json!({"id": aid}));
    assert_eq!(err.code, ErrorCode::NotFound);
    let err = org.refused_unchanged(Some(&org.manager), "approvals.approve", json!({"id": "no-such-approval"}));
    assert_eq!(err.code, ErrorCode::NotFound);
    // An addressee who loses the approve permission (no manager role any more) may not decide.
    org.ok(None, "users.update", json!({"id": org.east_manager, "roles": ["sales_rep"]}));
    let err = org.refused_unchanged(Some(&org.east_manager), "approvals.approve", json!({"id": aid}));
    assert_eq!(err.code, ErrorCode::PermissionDenied);
    // The host decides any step.
    assert_eq!(org.ok(None, "approvals.approve", json!({"id": aid}))["status"], "approved");
}

#[test]
fn org_5_the_addressee_reads_the_document_while_the_step_waits() {
    let org = setup();
    let audit = id(&org.ok(None, "departments.create", json!({"name": "Audit", "parent_id": org.hq})));
    let auditor = id(&org.ok(
        None,
        "users.create",
        json!({"name": "审计主管", "department_id": audit, "roles": ["sales_manager"]}),
    ));
    org.ok(
        None,
        "approvals.set_flow",
        json!({"document_type": EVALUATION, "steps": [{"name": "审计", "approver": {"kind": "user", "user_id": auditor}}]}),
    );
    let oid = evaluation(&org, &org.rep_east1, 500_000);
    let customer_id = org.ok(Some(&org.rep_east1), "opportunities.get", json!({"id": oid}))["customer_id"].clone();
    let me = Some(auditor.as_str());
    assert_eq!(org.refused_unchanged(me, "opportunities.get", json!({"id": oid})).code, ErrorCode::NotFound);
    let aid = id(&submit(&org, &org.rep_east1, &oid));

    assert_eq!(org.ok(me, "opportunities.get", json!({"id": oid}))["id"], oid.as_str());
    let listed = org.ok(me, "opportunities.list", json!({}));
    assert_eq!(listed["items"].as_array().unwrap().len(), 1, "a list shows what get shows");
    let pending = org.ok(me, "approvals.pending", json!({}));
    assert_eq!(pending["items"][0]["customer_name"], "客户 500000");
    assert_eq!(pending["items"][0]["customer_id"], customer_id);
    assert_eq!(org.refused_unchanged(me, "customers.get", json!({"id": customer_id})).code, ErrorCode::NotFound);
    let err = org.refused_unchanged(me, "opportunities.update", json!({"id": oid, "title": "x"}));
    assert_eq!(err.code, ErrorCode::PermissionDenied, "read, not edit");

    org.ok(me, "approvals.approve", json!({"id": aid}));
    assert_eq!(
        org.refused_unchanged(me, "opportunities.get", json!({"id": oid})).code,
        ErrorCode::NotFound,
        "decided: back out of reach"
    );
    assert_eq!(org.refused_unchanged(me, "approvals.get", json!({"id": aid})).code, ErrorCode::NotFound);
}

#[test]
fn org_5_approvers_by_role_department_and_chain() {
    let org = setup();
    let set = |steps: Value| org.ok(None, "approvals.set_flow", json!({"document_type": EVALUATION, "steps": steps}));
    let route = |oid: &str| -> Vec<Value> {
        let preview = org.ok(
            Some(&org.rep_east1),
            "approvals.submit",
            json!({"document_type": EVALUATION, "document_id": oid, "dry_run": true}),
        );
        preview["steps"].as_array().unwrap().iter().map(|s| s["approvers"].clone()).collect()
    };
    let oid = evaluation(&org, &org.rep_east1, 500_000);
    set(json!([
        {"name": "nearest", "approver": {"kind": "nearest_role", "role": "sales_manager"}},
        {"name": "sales", "approver": {"kind": "role", "role": "sales_manager", "department_id": org.sales}},
        {"name": "admins", "approver": {"kind": "role", "role": "admin"}},
        {"name": "chain 3", "approver": {"kind": "manager", "levels": 3}}
    ]));
    let mut sales = vec![org.east_manager.clone(), org.manager.clone()];
    sales.sort();
    assert_eq!(
        route(&oid),
        [json!([org.east_manager]), json!(sales), json!([org.admin]), json!([org.admin])],
        "nearest holder in East; every holder under Sales; every admin; no third manager up: the administrators"
    );
}

#[test]
fn org_5_a_flow_version_stays_with_its_submissions() {
    let org = setup();
    two_step_flow(&org);
    let big = evaluation(&org, &org.rep_east1, 300_000_000);
    let a = submit(&org, &org.rep_east1, &big);
    let v2 = org.ok(
        Some(&org.admin),
        "approvals.set_flow",
        json!({"document_type": EVALUATION, "steps": [{"name": "any", "approver": {"kind": "manager_in_scope"}}]}),
    );
    assert_eq!(v2["version"], 2);
    org.ok(Some(&org.east_manager), "approvals.approve", json!({"id": id(&a)}));
    let after = org.ok(Some(&org.manager), "approvals.approve", json!({"id": id(&a)}));
    assert_eq!((after["flow_version"].as_u64(), after["status"].as_str()), (Some(1), Some("approved")));
    let v1 = org.ok(None, "approvals.get_flow", json!({"document_type": EVALUATION, "version": 1}));
    assert_eq!(v1["steps"].as_array().unwrap().len(), 2);
    let audit = org.ok(None, "audit.history", json!({"entity": "approval_flow", "id": EVALUATION}));
    assert_eq!(audit.as_array().unwrap().len(), 2, "each version is audited");
}

#[test]
fn org_5_bad_flows_are_refused_and_change_nothing() {
    let org = setup();
    let set = |actor: Option<&str>, req: Value| org.refused_unchanged(actor, "approvals.set_flow", req);
    let flow = |steps: Value| json!({"document_type": EVALUATION, "steps": steps});
    let cases: Vec<(Value, ErrorCode, &str)> = vec![
        (flow(json!([{"name": "x"}])), ErrorCode::MalformedRequest, "steps[0].approver"),
        (json!({"document_type": "purchase_order", "steps": []}), ErrorCode::MalformedRequest, "document_type"),
        (flow(json!([])), ErrorCode::Validation, "steps"),
        (
            flow(
                json!([{"name": "x", "approver": {"kind": "manager_in_scope"}, "condition": {"field": "colour", "op": "eq", "value": 1}}]),
            ),
            ErrorCode::Validation,
            "steps[0].condition.field",
        ),
        (
            flow(
                json!([{"name": "x", "approver": {"kind": "manager_in_scope"}, "condition": {"field": "expected_close_date", "op": "gt", "value": 20260101}}]),
            ),
            ErrorCode::Validation,
            "steps[0].condition.value",
        ),
        (
            flow(json!([{"name": "x", "approver": {"kind": "user", "user_id": org.rep_east1}}])),
            ErrorCode::Validation,
            "steps[0].approver.user_id",
        ),
        (
            flow(
                json!([{"name": "x", "approver": {"kind": "role", "role": "sales_manager", "department_id": "nowhere"}}]),
            ),
            ErrorCode::Validation,
            "steps[0].approver.department_id",
        ),
        (
            flow(json!([{"name": "x", "approver": {"kind": "role", "role": "sales_rep"}}])),
            ErrorCode::Validation,
            "steps[0].approver.role",
        ),
    ];
    for (req, code, field) in cases {
        let err = set(None, req.clone());
        assert_eq!((err.code, err.field.as_deref()), (code, Some(field)), "{req}");
    }
    let ok_steps = json!([{"name": "x", "approver": {"kind": "manager_in_scope"}}]);
    let err = set(Some(&org.manager), flow(ok_steps));
    assert_eq!(err.code, ErrorCode::PermissionDenied, "flows are set-up: administrators and the host");
    // A custom field of the document type is a condition field, typed as defined.
    org.ok(
        None,
        "custom_fields.define",
        json!({"entity": "opportunity", "key": "discount", "label": "折扣", "field_type": "number"}),
    );
    let err = set(
        None,
        flow(
            json!([{"name": "x", "approver": {"kind": "manager_in_scope"}, "condition": {"field": "custom.discount", "op": "gt", "value": "high"}}]),
        ),
    );
    assert_eq!(err.field.as_deref(), Some("steps[0].condition.value"));
    org.ok(None, "approvals.set_flow", flow(json!([{"name": "x", "approver": {"kind": "manager_in_scope"}, "condition": {"field": "custom.discount", "op": "gt", "value": 20}}])));
}

#[test]
fn org_5_a_custom_field_condition_and_no_applicable_step() {
    let org = setup();
    org.ok(
        None,
        "custom_fields.define",
        json!({"entity": "opportunity", "key": "discount", "label": "折扣", "field_type": "number"}),
    );
    org.ok(
        None,
        "approvals.set_flow",
        json!({"document_type": EVALUATION, "steps": [{"name": "折扣审批", "approver": {"kind": "manager"},
               "condition": {"field": "custom.discount", "op": "gt", "value": 20}}]}),
    );
    let oid = evaluation(&org, &org.rep_east1, 500_000);
    let a = submit(&org, &org.rep_east1, &oid);
    assert_eq!(a["status"], "approved", "no discount: no step applies, approved at once");
    assert_eq!(org.ok(None, "opportunities.get", json!({"id": oid}))["approval_status"], "approved");

    let other = evaluation(&org, &org.rep_east2, 600_000);
    org.ok(Some(&org.rep_east2), "opportunities.update", json!({"id": other, "custom": {"discount": 35}}));
    let b = submit(&org, &org.rep_east2, &other);
    assert_eq!(
        (b["status"].as_str(), b["steps"][0]["approvers"].clone()),
        (Some("pending"), json!([org.east_manager]))
    );
}

#[test]
fn org_5_pending_pages_oldest_first() {
    let org = setup();
    let mut submitted = Vec::new();
    for i in 0..5 {
        let oid = evaluation(&org, &org.rep_east1, 100_000 + i);
        submit(&org, &org.rep_east1, &oid);
        submitted.push(oid);
    }
    let mut seen = Vec::new();
    let mut cursor: Option<String> = None;
    loop {
        let page = org.ok(Some(&org.east_manager), "approvals.pending", json!({"limit": 2, "cursor": cursor}));
        for item in page["items"].as_array().unwrap() {
            assert_eq!(item["step_name"], "manager");
            seen.push(item["document_id"].as_str().unwrap().to_string());
        }
        match page["next_cursor"].as_str() {
            Some(c) => cursor = Some(c.to_string()),
            None => break,
        }
    }
    assert_eq!(seen, submitted);
    let err = org.refused_unchanged(Some(&org.east_manager), "approvals.pending", json!({"cursor": "garbage"}));
    assert_eq!((err.code, err.field.as_deref()), (ErrorCode::Validation, Some("cursor")));
    assert!(
        pending_ids(&org, &org.admin).len() == 5 && org.ok(None, "approvals.pending", json!({}))["items"] == json!([])
    );
}
