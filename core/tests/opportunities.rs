//! Engine flows of pipelines and opportunities (OPP-1 to OPP-5): stages, the evaluation gate, history, outcomes, sharing, scope.

mod common;

use common::{Org, id};
use rapport_core::ErrorCode;
use serde_json::{Value, json};

/// The standard pipeline: qualify (10) -> evaluate (40, approval gate) -> negotiate (80).
fn standard_pipeline(org: &Org) -> Value {
    org.ok(
        None,
        "pipelines.create",
        json!({"code": "standard", "name": "标准销售流程", "stages": [
            {"code": "qualify", "name": "初步接洽", "probability": 10},
            {"code": "evaluate", "name": "需求评估", "probability": 40, "requires_approval": true, "forecast_category": "best_case"},
            {"code": "negotiate", "name": "商务谈判", "probability": 80, "forecast_category": "commit"}
        ]}),
    )
}

fn customer(org: &Org, name: &str, owner: &str) -> String {
    id(&org.ok(None, "customers.create", json!({"name": name, "owner_id": owner})))
}

fn opportunity(org: &Org, actor: &str, customer_id: &str, title: &str) -> Value {
    org.ok(Some(actor), "opportunities.create", json!({"customer_id": customer_id, "title": title, "amount": 100000}))
}

/// Takes an opportunity at `qualify` through the evaluation gate (OPP-3): to `evaluate`, submitted by
/// `actor`, approved by the east manager.
fn pass_gate(org: &Org, actor: &str, oid: &str) {
    org.ok(Some(actor), "opportunities.advance", json!({"id": oid, "stage": "evaluate"}));
    org.ok(Some(actor), "opportunities.submit_for_approval", json!({"id": oid}));
    org.ok(Some(&org.east_manager), "opportunities.approve", json!({"id": oid}));
}

fn setup() -> (Org, Value) {
    let org = Org::new();
    let p = standard_pipeline(&org);
    (org, p)
}

fn ids(page: &Value) -> Vec<String> {
    page["items"].as_array().unwrap().iter().map(id).collect()
}

#[test]
fn opp_1_pipeline_validation() {
    let (org, _) = setup();
    let stage = |code: &str, p: i64| json!({"code": code, "name": "Stage", "probability": p});
    let err = org.refused(None, "pipelines.create", json!({"code": "x", "name": "X", "stages": []}));
    assert_eq!((err.code, err.field.as_deref()), (ErrorCode::Validation, Some("stages")));
    let err = org.refused(
        None,
        "pipelines.create",
        json!({"code": "x", "name": "X", "stages": [stage("a", 10), stage("a", 20)]}),
    );
    assert_eq!((err.code, err.field.as_deref()), (ErrorCode::Validation, Some("stages[1].code")));
    let err = org.refused(None, "pipelines.create", json!({"code": "x", "name": "X", "stages": [stage("a", 101)]}));
    assert_eq!((err.code, err.field.as_deref()), (ErrorCode::Validation, Some("stages[0].probability")));
    let err = org.refused(
        None,
        "pipelines.create",
        json!({"code": "x", "name": "X", "stages": [{"code": "a", "name": "A", "probability": 5, "forecast_category": "maybe"}]}),
    );
    assert_eq!(err.code, ErrorCode::MalformedRequest);
    let err =
        org.refused(None, "pipelines.create", json!({"code": "standard", "name": "Dup", "stages": [stage("a", 1)]}));
    assert_eq!((err.code, err.field.as_deref()), (ErrorCode::Conflict, Some("code")));
    let err = org.refused(
        Some(&org.manager),
        "pipelines.create",
        json!({"code": "mine", "name": "Mine", "stages": [stage("a", 1)]}),
    );
    assert_eq!(err.code, ErrorCode::PermissionDenied);
    let p = org.ok(
        Some(&org.admin),
        "pipelines.create",
        json!({"code": "svc", "name": "Service", "stages": [stage("a", 1)]}),
    );
    assert_eq!(p["stages"][0]["position"], 1);
    assert_eq!(p["stages"][0]["forecast_category"], "pipeline");
    // Reps read pipelines (they need the stages).
    let list = org.ok(Some(&org.rep_east1), "pipelines.list", json!({}));
    assert_eq!(list.as_array().unwrap().len(), 2);
}

#[test]
fn opp_1_default_pipeline() {
    let (org, std) = setup();
    assert_eq!(std["is_default"], true, "the first pipeline becomes the default");
    let stage = json!([{"code": "open", "name": "Open", "probability": 50}]);
    let key = org.ok(None, "pipelines.create", json!({"code": "key", "name": "Key accounts", "stages": stage}));
    assert_eq!(key["is_default"], false);
    let c = customer(&org, "深圳华强", &org.rep_east1);
    let o = opportunity(&org, &org.rep_east1, &c, "Default pipeline");
    assert_eq!(o["pipeline_id"], std["id"]);
    assert_eq!(o["stage"], "qualify");
    assert_eq!(o["probability"], 10);

    // Setting is_default moves the flag (and audits both pipelines).
    org.ok(None, "pipelines.update", json!({"id": id(&key), "is_default": true}));
    assert_eq!(org.ok(None, "pipelines.get", json!({"id": id(&std)}))["is_default"], false);
    let o = opportunity(&org, &org.rep_east1, &c, "Key pipeline");
    assert_eq!(o["pipeline_id"], key["id"]);
    let history = org.ok(Some(&org.admin), "audit.history", json!({"entity": "pipeline", "id": id(&std)}));
    assert_eq!(history.as_array().unwrap().last().unwrap()["changes"]["is_default"], json!([true, false]));
    let err = org.refused(None, "pipelines.update", json!({"id": id(&key), "is_default": false}));
    assert_eq!(err.code, ErrorCode::InvalidState);
    let err = org.refused(None, "pipelines.archive", json!({"id": id(&key)}));
    assert_eq!(err.code, ErrorCode::InvalidState);
    org.ok(None, "pipelines.archive", json!({"id": id(&std)}));
    assert_eq!(org.ok(None, "pipelines.list", json!({})).as_array().unwrap().len(), 1);
    let err = org.refused(
        Some(&org.rep_east1),
        "opportunities.create",
        json!({"customer_id": c, "title": "Archived pipeline", "pipeline_id": id(&std)}),
    );
    assert_eq!((err.code, err.field.as_deref()), (ErrorCode::Validation, Some("pipeline_id")));
    org.ok(None, "pipelines.restore", json!({"id": id(&std)}));
}

#[test]
fn opp_1_stage_replacement_keeps_ids_and_guards_open_opportunities() {
    let (org, std) = setup();
    let c = customer(&org, "广州白云", &org.rep_east1);
    let o = opportunity(&org, &org.rep_east1, &c, "At qualify");
    let qualify_id = std["stages"][0]["id"].clone();
    let err = org.refused(
        None,
        "pipelines.update",
        json!({"id": id(&std), "stages": [{"code": "negotiate", "name": "谈判", "probability": 70}]}),
    );
    assert_eq!(err.code, ErrorCode::InvalidState);
    let p = org.ok(
        None,
        "pipelines.update",
        json!({"id": id(&std), "name": "Standard B2B", "stages": [
            {"code": "qualify", "name": "Qualify", "probability": 15},
            {"code": "demo", "name": "Demo", "probability": 30},
            {"code": "negotiate", "name": "谈判", "probability": 70}
        ]}),
    );
    assert_eq!(p["stages"][0]["id"], qualify_id);
    assert_eq!(p["stages"][2]["id"], std["stages"][2]["id"]);
    assert_eq!(p["stages"].as_array().unwrap().len(), 3);
    let o = org.ok(Some(&org.rep_east1), "opportunities.get", json!({"id": id(&o)}));
    assert_eq!(o["probability"], 15, "the stage's new probability applies");
}

#[test]
fn opp_2_create_with_lines_and_fx() {
    let (org, _) = setup();
    let c = customer(&org, "Shenzhen Pumps", &org.rep_east1);
    let o = org.ok(
        Some(&org.rep_east1),
        "opportunities.create",
        json!({
            "customer_id": c, "title": "二期设备", "currency": "USD", "fx_rate": "7.1",
            "expected_close_date": "2026-06-30", "source": "exhibition", "campaign": "Canton Fair",
            "lines": [
                {"product_code": "PUMP-200", "description": "Pump", "quantity": "2.5", "unit_price": 1999},
                {"description": "Installation", "quantity": "1", "unit_price": 1000}
            ]
        }),
    );
    // 2.5 x 19.99 = 49.975 -> 49.98 (half-up per line); total 59.98 USD; x 7.1 = 425.858 -> 425.86 CNY.
    assert_eq!(o["lines"][0]["amount"], 4998);
    assert_eq!(o["lines"][0]["quantity"], "2.500");
    assert_eq!(o["amount"], 5998);
    assert_eq!(o["amount_base"], 42586);
    assert_eq!(o["fx_rate"], "7.1");
    assert_eq!(o["code"], "O-000001");
    assert_eq!(o["owner_id"], org.rep_east1.as_str());
    assert_eq!(o["status"], "open");
    assert_eq!(o["probability"], 10);
    assert_eq!(o["expected_close_date"], "2026-06-30");
    let history = org.ok(Some(&org.rep_east1), "opportunities.stage_history", json!({"id": id(&o)}));
    assert_eq!(history.as_array().unwrap().len(), 1);
    assert_eq!(history[0]["stage"], "qualify");

    let o2 = org.ok(
        Some(&org.rep_east1),
        "opportunities.create",
        json!({"customer_id": c, "title": "Override", "amount": 50000, "stage": "evaluate", "probability_override": 65}),
    );
    assert_eq!((o2["stage"].as_str(), o2["probability"].as_i64()), (Some("evaluate"), Some(65)));
    assert_eq!((o2["currency"].as_str(), o2["amount_base"].as_i64()), (Some("CNY"), Some(50000)));

    let lines = json!([{"description": "Pump", "quantity": "2", "unit_price": 100}]);
    let refusals = [
        (json!({"customer_id": c, "title": "T", "amount": 201, "lines": lines}), ErrorCode::Validation, "amount"),
        (json!({"customer_id": c, "title": "T", "currency": "XXX"}), ErrorCode::Validation, "currency"),
        (json!({"customer_id": c, "title": "T", "currency": "CNY", "fx_rate": "2"}), ErrorCode::Validation, "fx_rate"),
        (
            json!({"customer_id": c, "title": "T", "lines": [{"description": "P", "quantity": "1.2345", "unit_price": 1}]}),
            ErrorCode::Validation,
            "lines[0].quantity",
        ),
        (json!({"customer_id": c, "title": " "}), ErrorCode::Validation, "title"),
        (json!({"customer_id": c, "title": "T", "stage": "nope"}), ErrorCode::Validation, "stage"),
        (
            json!({"customer_id": c, "title": "T", "probability_override": 120}),
            ErrorCode::Validation,
            "probability_override",
        ),
        (json!({"customer_id": c, "title": "T", "owner_id": org.rep_west}), ErrorCode::Validation, "owner_id"),
        (json!({"customer_id": "no-such", "title": "T"}), ErrorCode::NotFound, "customer_id"),
    ];
    for (req, code, field) in refusals {
        let err = org.refused(Some(&org.rep_east1), "opportunities.create", req);
        assert_eq!((err.code, err.field.as_deref()), (code, Some(field)), "{err}");
    }
    // A customer out of the actor's scope is not revealed.
    let west = customer(&org, "West Co", &org.rep_west);
    let err = org.refused(Some(&org.rep_east1), "opportunities.create", json!({"customer_id": west, "title": "T"}));
    assert_eq!((err.code, err.field.as_deref()), (ErrorCode::NotFound, Some("customer_id")));
    let err = org.refused(Some(&org.viewer), "opportunities.create", json!({"customer_id": c, "title": "T"}));
    assert_eq!(err.code, ErrorCode::PermissionDenied);
}

#[test]
fn opp_2_upsert_by_external_ref() {
    let (org, _) = setup();
    let c = customer(&org, "ERP Customer", &org.rep_east1);
    let a = org.ok(
        None,
        "opportunities.create",
        json!({"customer_id": c, "title": "ERP deal", "amount": 1000, "owner_id": org.rep_east1, "external_ref": "ERP-OPP-1"}),
    );
    let b = org.ok(
        None,
        "opportunities.create",
        json!({"customer_id": c, "title": "ERP deal v2", "amount": 2000, "external_ref": "ERP-OPP-1"}),
    );
    assert_eq!(id(&a), id(&b));
    assert_eq!(b["title"], "ERP deal v2");
    assert_eq!(b["amount"], 2000);
    assert_eq!(b["code"], a["code"]);
    assert_eq!(b["owner_id"], org.rep_east1.as_str());
    assert_eq!(org.counts()["opportunities"], 1);
    let history = org.ok(Some(&org.rep_east1), "audit.history", json!({"entity": "opportunity", "id": id(&a)}));
    let actions: Vec<&str> = history.as_array().unwrap().iter().map(|h| h["action"].as_str().unwrap()).collect();
    assert_eq!(actions, ["create", "update"]);
    assert_eq!(history[1]["changes"]["amount"], json!([1000, 2000]));
    // Another rep cannot update it through its external_ref.
    let err = org.refused(
        Some(&org.rep_west),
        "opportunities.create",
        json!({"customer_id": c, "title": "Hijack", "external_ref": "ERP-OPP-1"}),
    );
    assert_eq!(err.code, ErrorCode::NotFound);
}

#[test]
fn opp_2_update_fields() {
    let (org, _) = setup();
    let c = customer(&org, "Update Co", &org.rep_east1);
    let o = opportunity(&org, &org.rep_east1, &c, "Before");
    let o = org.ok(
        Some(&org.rep_east1),
        "opportunities.update",
        json!({"id": id(&o), "title": "After", "probability_override": 33, "lines": [{"description": "X", "quantity": "3", "unit_price": 700}]}),
    );
    assert_eq!(
        (o["title"].as_str(), o["probability"].as_i64(), o["amount"].as_i64()),
        (Some("After"), Some(33), Some(2100))
    );
    let o = org.ok(Some(&org.rep_east1), "opportunities.update", json!({"id": id(&o), "probability_override": null}));
    assert_eq!(o["probability"], 10);
    let err = org.refused(Some(&org.rep_east1), "opportunities.update", json!({"id": id(&o), "amount": 5}));
    assert_eq!((err.code, err.field.as_deref()), (ErrorCode::Validation, Some("amount")));
    let err = org.refused(Some(&org.rep_west), "opportunities.update", json!({"id": id(&o), "title": "X"}));
    assert_eq!(err.code, ErrorCode::NotFound);
    let err = org.refused(Some(&org.viewer), "opportunities.update", json!({"id": id(&o), "title": "X"}));
    assert_eq!(err.code, ErrorCode::PermissionDenied);
    org.ok(Some(&org.rep_east1), "opportunities.archive", json!({"id": id(&o)}));
    let err = org.refused(Some(&org.rep_east1), "opportunities.archive", json!({"id": id(&o)}));
    assert_eq!(err.code, ErrorCode::InvalidState);
    let err = org.refused(Some(&org.rep_east1), "opportunities.advance", json!({"id": id(&o), "stage": "evaluate"}));
    assert_eq!(err.code, ErrorCode::InvalidState);
    org.ok(Some(&org.rep_east1), "opportunities.restore", json!({"id": id(&o)}));
}

#[test]
fn opp_3_gate_blocks_until_approved() {
    let (org, _) = setup();
    let c = customer(&org, "Gate Co", &org.rep_east1);
    let o = opportunity(&org, &org.rep_east1, &c, "Gated");
    let oid = id(&o);
    let rep = Some(org.rep_east1.as_str());
    let err = org.refused(rep, "opportunities.submit_for_approval", json!({"id": oid}));
    assert_eq!(err.code, ErrorCode::InvalidState, "qualify needs no approval");
    org.ok(rep, "opportunities.advance", json!({"id": oid, "stage": "evaluate"}));
    let err = org.refused(rep, "opportunities.advance", json!({"id": oid, "stage": "negotiate"}));
    assert_eq!(err.code, ErrorCode::InvalidState);
    let err = org.refused(rep, "opportunities.win", json!({"id": oid}));
    assert_eq!(err.code, ErrorCode::InvalidState);
    let err = org.refused(Some(&org.east_manager), "opportunities.approve", json!({"id": oid}));
    assert_eq!(err.code, ErrorCode::InvalidState, "nothing pending");

    let o = org.ok(rep, "opportunities.submit_for_approval", json!({"id": oid, "note": "预算已确认"}));
    assert_eq!(o["approval_status"], "pending");
    let err = org.refused(rep, "opportunities.submit_for_approval", json!({"id": oid}));
    assert_eq!(err.code, ErrorCode::InvalidState);
    let o = org.ok(Some(&org.east_manager), "opportunities.reject", json!({"id": oid, "note": "方案不足"}));
    assert_eq!(o["approval_status"], "rejected");
    let err = org.refused(rep, "opportunities.advance", json!({"id": oid, "stage": "negotiate"}));
    assert_eq!(err.code, ErrorCode::InvalidState);

    org.ok(rep, "opportunities.submit_for_approval", json!({"id": oid}));
    let o = org.ok(Some(&org.east_manager), "opportunities.approve", json!({"id": oid, "note": "同意"}));
    assert_eq!(o["approval_status"], "approved");
    let o = org.ok(rep, "opportunities.advance", json!({"id": oid, "stage": "negotiate"}));
    assert_eq!((o["stage"].as_str(), o["probability"].as_i64()), (Some("negotiate"), Some(80)));
    assert_eq!(o["forecast_category"], "commit");
    assert_eq!(org.counts()["approvals"], 2);
}

#[test]
fn opp_3_no_user_creates_or_wins_past_an_unapproved_gate() {
    let (org, _) = setup();
    let c = customer(&org, "Past Gate Co", &org.rep_east1);
    let rep = Some(org.rep_east1.as_str());
    let before = org.counts()["opportunities"];
    let err =
        org.refused(rep, "opportunities.create", json!({"customer_id": c, "title": "Skip", "stage": "negotiate"}));
    assert_eq!(err.code, ErrorCode::InvalidState);
    let err = org.refused(
        Some(&org.manager),
        "opportunities.create",
        json!({"customer_id": c, "title": "Skip", "stage": "negotiate", "owner_id": org.rep_east1}),
    );
    assert_eq!(err.code, ErrorCode::InvalidState, "a manager is a user too");
    assert_eq!(org.counts()["opportunities"], before, "a refusal writes nothing");

    let early = id(&opportunity(&org, &org.rep_east1, &c, "Early win"));
    let err = org.refused(rep, "opportunities.win", json!({"id": early}));
    assert_eq!(err.code, ErrorCode::InvalidState, "winning from qualify would pass the evaluate gate");
    assert_eq!(org.ok(rep, "opportunities.get", json!({"id": early}))["status"], "open");
    pass_gate(&org, &org.rep_east1, &early);
    assert_eq!(org.ok(rep, "opportunities.win", json!({"id": early}))["status"], "won");

    // The system actor (an ERP importing its open deals) starts one anywhere; the audit entry shows it.
    let imported = org.ok(
        None,
        "opportunities.create",
        json!({"customer_id": c, "title": "Imported", "stage": "negotiate", "owner_id": org.rep_east1}),
    );
    assert_eq!(imported["stage"], "negotiate");
    let history = org.ok(rep, "audit.history", json!({"entity": "opportunity", "id": id(&imported)}));
    assert_eq!(history[0]["actor"], "system");
    assert_eq!(history[0]["changes"]["gates_passed"], json!([null, ["evaluate"]]));
    assert_eq!(org.ok(rep, "opportunities.win", json!({"id": id(&imported)}))["status"], "won");
}

#[test]
fn opp_3_rep_cannot_approve() {
    let (org, _) = setup();
    let c = customer(&org, "Rep Co", &org.rep_east1);
    let oid = id(&org.ok(
        Some(&org.rep_east1),
        "opportunities.create",
        json!({"customer_id": c, "title": "Self approval", "stage": "evaluate"}),
    ));
    org.ok(Some(&org.rep_east1), "opportunities.submit_for_approval", json!({"id": oid}));
    let err = org.refused(Some(&org.rep_east1), "opportunities.approve", json!({"id": oid}));
    assert_eq!(err.code, ErrorCode::PermissionDenied);
    let err = org.refused(Some(&org.rep_east1), "opportunities.reject", json!({"id": oid, "note": "自己驳回"}));
    assert_eq!(err.code, ErrorCode::PermissionDenied);
    let err = org.refused(Some(&org.east_manager), "opportunities.reject", json!({"id": oid}));
    assert_eq!(
        (err.code, err.field.as_deref()),
        (ErrorCode::Validation, Some("note")),
        "ORG-5: a rejection needs a reason"
    );
}

#[test]
fn opp_3_out_of_scope_manager_gets_not_found() {
    let (org, _) = setup();
    let c = customer(&org, "West Gate", &org.rep_west);
    let oid = id(&org.ok(
        Some(&org.rep_west),
        "opportunities.create",
        json!({"customer_id": c, "title": "West deal", "stage": "evaluate"}),
    ));
    org.ok(Some(&org.rep_west), "opportunities.submit_for_approval", json!({"id": oid}));
    let err = org.refused(Some(&org.east_manager), "opportunities.approve", json!({"id": oid}));
    assert_eq!(err.code, ErrorCode::NotFound);
    let err = org.refused(Some(&org.east_manager), "opportunities.get", json!({"id": oid}));
    assert_eq!(err.code, ErrorCode::NotFound);
    let o = org.ok(Some(&org.manager), "opportunities.approve", json!({"id": oid}));
    assert_eq!(o["approval_status"], "approved");
}

#[test]
fn opp_4_stage_history_forward_and_backward() {
    let (org, _) = setup();
    let c = customer(&org, "History Co", &org.rep_east1);
    let oid = id(&opportunity(&org, &org.rep_east1, &c, "History"));
    let rep = Some(org.rep_east1.as_str());
    org.ok(rep, "opportunities.advance", json!({"id": oid, "stage": "evaluate"}));
    let o = org.ok(rep, "opportunities.advance", json!({"id": oid, "stage": "qualify"}));
    assert_eq!(o["stage"], "qualify");
    let err = org.refused(rep, "opportunities.advance", json!({"id": oid, "stage": "qualify"}));
    assert_eq!(err.code, ErrorCode::InvalidState);
    let err = org.refused(rep, "opportunities.advance", json!({"id": oid, "stage": "nope"}));
    assert_eq!((err.code, err.field.as_deref()), (ErrorCode::Validation, Some("stage")));
    let h = org.ok(rep, "opportunities.stage_history", json!({"id": oid}));
    let visits = h.as_array().unwrap();
    let stages: Vec<&str> = visits.iter().map(|v| v["stage"].as_str().unwrap()).collect();
    assert_eq!(stages, ["qualify", "evaluate", "qualify"]);
    assert_eq!(visits[0]["left_at"], visits[1]["entered_at"]);
    assert_eq!(visits[1]["left_at"], visits[2]["entered_at"]);
    assert!(visits[0]["entered_at"].as_str() < visits[1]["entered_at"].as_str());
    assert!(visits[2]["left_at"].is_null());
    pass_gate(&org, &org.rep_east1, &oid);
    org.ok(rep, "opportunities.win", json!({"id": oid, "note": "价格优势"}));
    let h = org.ok(rep, "opportunities.stage_history", json!({"id": oid}));
    assert!(!h[3]["left_at"].is_null(), "winning closes the current visit");
    let err = org.refused(Some(&org.rep_west), "opportunities.stage_history", json!({"id": oid}));
    assert_eq!(err.code, ErrorCode::NotFound);
}

#[test]
fn opp_1_lost_requires_reason() {
    let (org, _) = setup();
    let c = customer(&org, "Lost Co", &org.rep_east1);
    let oid = id(&opportunity(&org, &org.rep_east1, &c, "Lost"));
    let rep = Some(org.rep_east1.as_str());
    let err = org.refused(rep, "opportunities.lose", json!({"id": oid, "reason": "  "}));
    assert_eq!((err.code, err.field.as_deref()), (ErrorCode::Validation, Some("reason")));
    let err = org.refused(rep, "opportunities.lose", json!({"id": oid}));
    assert_eq!((err.code, err.field.as_deref()), (ErrorCode::MalformedRequest, Some("reason")));
    let o = org.ok(rep, "opportunities.lose", json!({"id": oid, "reason": "价格偏高", "competitor": "Acme"}));
    assert_eq!((o["status"].as_str(), o["close_reason"].as_str()), (Some("lost"), Some("价格偏高")));
    assert_eq!(o["competitor"], "Acme");
    assert!(o["closed_at"].is_string());
    let oid2 = id(&opportunity(&org, &org.rep_east1, &c, "Abandoned"));
    let o = org.ok(rep, "opportunities.abandon", json!({"id": oid2}));
    assert_eq!(o["status"], "abandoned");
}

#[test]
fn opp_4_closed_cannot_advance() {
    let (org, _) = setup();
    let c = customer(&org, "Closed Co", &org.rep_east1);
    let oid = id(&opportunity(&org, &org.rep_east1, &c, "Closed"));
    let rep = Some(org.rep_east1.as_str());
    pass_gate(&org, &org.rep_east1, &oid);
    let o = org.ok(rep, "opportunities.win", json!({"id": oid}));
    assert_eq!(o["status"], "won");
    for (method, req) in [
        ("opportunities.advance", json!({"id": oid, "stage": "evaluate"})),
        ("opportunities.win", json!({"id": oid})),
        ("opportunities.lose", json!({"id": oid, "reason": "late"})),
        ("opportunities.abandon", json!({"id": oid})),
        ("opportunities.update", json!({"id": oid, "title": "Changed"})),
    ] {
        let err = org.refused(rep, method, req);
        assert_eq!(err.code, ErrorCode::InvalidState, "{method}");
    }
}

#[test]
fn opp_4_reopen_only_by_manager() {
    let (org, _) = setup();
    let c = customer(&org, "Reopen Co", &org.rep_east1);
    let oid = id(&opportunity(&org, &org.rep_east1, &c, "Reopen"));
    let rep = Some(org.rep_east1.as_str());
    let err = org.refused(Some(&org.east_manager), "opportunities.reopen", json!({"id": oid}));
    assert_eq!(err.code, ErrorCode::InvalidState, "an open opportunity cannot be reopened");
    org.ok(rep, "opportunities.lose", json!({"id": oid, "reason": "budget"}));
    let err = org.refused(rep, "opportunities.reopen", json!({"id": oid}));
    assert_eq!(err.code, ErrorCode::PermissionDenied);
    let err = org.refused(Some(&org.rep_west), "opportunities.reopen", json!({"id": oid}));
    assert_eq!(err.code, ErrorCode::NotFound);
    let o = org.ok(Some(&org.east_manager), "opportunities.reopen", json!({"id": oid, "stage": "evaluate"}));
    assert_eq!((o["status"].as_str(), o["stage"].as_str()), (Some("open"), Some("evaluate")));
    assert!(o["closed_at"].is_null() && o["close_reason"].is_null());
    let h = org.ok(rep, "opportunities.stage_history", json!({"id": oid}));
    let stages: Vec<&str> = h.as_array().unwrap().iter().map(|v| v["stage"].as_str().unwrap()).collect();
    assert_eq!(stages, ["qualify", "evaluate"]);
    assert!(!h[0]["left_at"].is_null() && h[1]["left_at"].is_null());
}

#[test]
fn opp_5_collaborators_read_and_edit() {
    let (org, _) = setup();
    let c = customer(&org, "Shared Co", &org.rep_east1);
    let oid = id(&opportunity(&org, &org.rep_east1, &c, "Shared"));
    let west = Some(org.rep_west.as_str());
    let err = org.refused(west, "opportunities.get", json!({"id": oid}));
    assert_eq!(err.code, ErrorCode::NotFound);

    let o = org.ok(
        Some(&org.rep_east1),
        "opportunities.add_collaborator",
        json!({"id": oid, "user_id": org.rep_west, "access": "read"}),
    );
    assert_eq!(o["collaborators"], json!([{"user_id": org.rep_west, "access": "read"}]));
    assert_eq!(org.ok(west, "opportunities.get", json!({"id": oid}))["title"], "Shared");
    let err = org.refused(west, "opportunities.update", json!({"id": oid, "title": "Mine now"}));
    assert_eq!(err.code, ErrorCode::PermissionDenied);
    let err = org.refused(
        west,
        "opportunities.add_collaborator",
        json!({"id": oid, "user_id": org.rep_east2, "access": "read"}),
    );
    assert_eq!(err.code, ErrorCode::PermissionDenied);

    org.ok(
        Some(&org.rep_east1),
        "opportunities.add_collaborator",
        json!({"id": oid, "user_id": org.rep_west, "access": "edit"}),
    );
    let o = org.ok(west, "opportunities.update", json!({"id": oid, "title": "Edited by collaborator"}));
    assert_eq!(o["title"], "Edited by collaborator");
    // OPP-5: an editing collaborator edits but does not share further; the owner or a covering manager does.
    let err = org.refused(
        west,
        "opportunities.add_collaborator",
        json!({"id": oid, "user_id": org.rep_east2, "access": "read"}),
    );
    assert_eq!(err.code, ErrorCode::PermissionDenied);
    let err = org.refused(west, "opportunities.remove_collaborator", json!({"id": oid, "user_id": org.rep_east1}));
    assert_eq!(err.code, ErrorCode::PermissionDenied);
    let err = org.refused(
        Some(&org.rep_east2),
        "opportunities.add_collaborator",
        json!({"id": oid, "user_id": org.rep_east2, "access": "edit"}),
    );
    assert_eq!(err.code, ErrorCode::NotFound, "invisible to a peer rep");
    org.ok(
        Some(&org.east_manager),
        "opportunities.add_collaborator",
        json!({"id": oid, "user_id": org.rep_east2, "access": "read"}),
    );

    let refusals = [
        (json!({"id": oid, "user_id": org.rep_east1, "access": "read"}), ErrorCode::Validation),
        (json!({"id": oid, "user_id": "no-such-user", "access": "read"}), ErrorCode::Validation),
        (json!({"id": oid, "user_id": org.rep_east2, "access": "read"}), ErrorCode::InvalidState),
    ];
    for (req, code) in refusals {
        let err = org.refused(Some(&org.rep_east1), "opportunities.add_collaborator", req);
        assert_eq!(err.code, code);
    }
    let o =
        org.ok(Some(&org.rep_east1), "opportunities.remove_collaborator", json!({"id": oid, "user_id": org.rep_west}));
    assert_eq!(o["collaborators"].as_array().unwrap().len(), 1);
    let err = org.refused(west, "opportunities.get", json!({"id": oid}));
    assert_eq!(err.code, ErrorCode::NotFound);
    // A read-only collaborator may leave on their own.
    let o =
        org.ok(Some(&org.rep_east2), "opportunities.remove_collaborator", json!({"id": oid, "user_id": org.rep_east2}));
    assert_eq!(o["collaborators"], json!([]));
    let err = org.refused(
        Some(&org.rep_east1),
        "opportunities.remove_collaborator",
        json!({"id": oid, "user_id": org.rep_west}),
    );
    assert_eq!((err.code, err.field.as_deref()), (ErrorCode::NotFound, Some("user_id")));
}

#[test]
fn opp_2_list_scope_rep_sees_own_and_collaborations_manager_sees_tree() {
    let (org, _) = setup();
    let ce1 = customer(&org, "E1", &org.rep_east1);
    let ce2 = customer(&org, "E2", &org.rep_east2);
    let cw = customer(&org, "W", &org.rep_west);
    let a = id(&opportunity(&org, &org.rep_east1, &ce1, "A"));
    let b = id(&opportunity(&org, &org.rep_east1, &ce1, "B"));
    let e2 = id(&opportunity(&org, &org.rep_east2, &ce2, "E2"));
    let w = id(&opportunity(&org, &org.rep_west, &cw, "W"));
    org.ok(
        Some(&org.rep_west),
        "opportunities.add_collaborator",
        json!({"id": w, "user_id": org.rep_east1, "access": "read"}),
    );
    pass_gate(&org, &org.rep_east1, &b);
    org.ok(Some(&org.rep_east1), "opportunities.win", json!({"id": b}));

    let list = |actor: &str, req: Value| ids(&org.ok(Some(actor), "opportunities.list", req));
    assert_eq!(list(&org.rep_east1, json!({})), [a.as_str(), b.as_str(), w.as_str()]);
    assert_eq!(list(&org.rep_east2, json!({})), [e2.as_str()]);
    assert_eq!(list(&org.east_manager, json!({})), [a.as_str(), b.as_str(), e2.as_str()]);
    assert_eq!(list(&org.manager, json!({})), [a.as_str(), b.as_str(), e2.as_str(), w.as_str()]);
    assert!(list(&org.manager, json!({"mine": true})).is_empty());
    assert_eq!(list(&org.rep_east1, json!({"mine": true, "status": "open"})), [a.as_str(), w.as_str()]);
    assert_eq!(list(&org.manager, json!({"owner_id": org.rep_east1, "status": "won"})), [b.as_str()]);
    assert_eq!(list(&org.manager, json!({"customer_id": ce2})), [e2.as_str()]);
    assert_eq!(list(&org.manager, json!({"stage": "qualify", "status": "open"})).len(), 3);

    let page = org.ok(Some(&org.manager), "opportunities.list", json!({"limit": 3}));
    assert_eq!(ids(&page), [a.as_str(), b.as_str(), e2.as_str()]);
    let cursor = page["next_cursor"].as_str().unwrap().to_string();
    let page = org.ok(Some(&org.manager), "opportunities.list", json!({"limit": 3, "cursor": cursor}));
    assert_eq!(ids(&page), [w.as_str()]);
    assert!(page["next_cursor"].is_null());
    org.ok(Some(&org.rep_east1), "opportunities.archive", json!({"id": a}));
    assert_eq!(list(&org.rep_east1, json!({})), [b.as_str(), w.as_str()]);
    assert_eq!(list(&org.rep_east1, json!({"include_archived": true})).len(), 3);
    let err = org.refused(Some(&org.manager), "opportunities.list", json!({"limit": 0}));
    assert_eq!((err.code, err.field.as_deref()), (ErrorCode::Validation, Some("limit")));
}

#[test]
fn opp_audit_entries_for_every_mutation() {
    let (org, _) = setup();
    let c = customer(&org, "Audit Co", &org.rep_east1);
    let oid = id(&opportunity(&org, &org.rep_east1, &c, "Audited"));
    let rep = Some(org.rep_east1.as_str());
    org.ok(rep, "opportunities.advance", json!({"id": oid, "stage": "evaluate"}));
    org.ok(rep, "opportunities.submit_for_approval", json!({"id": oid}));
    org.ok(Some(&org.east_manager), "opportunities.approve", json!({"id": oid}));
    org.ok(rep, "opportunities.add_collaborator", json!({"id": oid, "user_id": org.rep_east2, "access": "edit"}));
    org.ok(rep, "opportunities.win", json!({"id": oid}));
    org.ok(Some(&org.manager), "opportunities.reopen", json!({"id": oid}));
    let history = org.ok(rep, "audit.history", json!({"entity": "opportunity", "id": oid}));
    let entries = history.as_array().unwrap();
    let actions: Vec<&str> = entries.iter().map(|h| h["action"].as_str().unwrap()).collect();
    assert_eq!(
        actions,
        [
            "create",
            "advance",
            "approval_submitted",
            "submit_for_approval",
            "approval_approved",
            "approve",
            "add_collaborator",
            "won",
            "reopen"
        ]
    );
    assert_eq!(entries[1]["changes"]["stage"], json!(["qualify", "evaluate"]));
    assert_eq!(entries[5]["actor"], org.east_manager.as_str());
    assert_eq!(entries[7]["changes"]["status"], json!(["open", "won"]));
}
