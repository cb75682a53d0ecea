//! Sales documents the ERP pushes (DOC-8) through `engine.call`: readable codes and the order state machine (DOC-4).

mod common;

use common::{Org, id};
use rapport_core::ErrorCode;
use serde_json::{Value, json};

fn order(external_ref: &str, customer_id: &str, status: &str, number: Option<&str>) -> Value {
    json!({"external_ref": external_ref, "customer_id": customer_id, "status": status, "order_date": "2026-01-10",
           "amount": 10000, "number": number})
}

fn push(org: &Org, items: Vec<Value>) -> Value {
    org.ok(None, "orders.push", json!({"items": items}))
}

fn get(org: &Org, order_id: &str) -> Value {
    org.ok(None, "orders.get", json!({"id": order_id}))
}

#[test]
fn doc_8_every_order_gets_a_unique_sequential_code_and_keeps_the_erps_number() {
    let org = Org::new();
    let c = id(&org.ok(None, "customers.create", json!({"name": "Codes Co", "owner_id": org.rep_east1})));
    // ERP numbers are neither sequential nor unique: two orders share one here.
    let pushed = push(
        &org,
        vec![
            order("E-1", &c, "approved", Some("2026/0042")),
            order("E-2", &c, "approved", Some("2026/0042")),
            order("E-3", &c, "draft", None),
        ],
    );
    let ids: Vec<String> = pushed["written"].as_array().unwrap().iter().map(id).collect();
    let orders: Vec<Value> = ids.iter().map(|i| get(&org, i)).collect();
    let codes: Vec<&str> = orders.iter().map(|o| o["code"].as_str().unwrap()).collect();
    assert_eq!(codes, ["SO-000001", "SO-000002", "SO-000003"]);
    let numbers: Vec<&Value> = orders.iter().map(|o| &o["erp_number"]).collect();
    assert_eq!(numbers, [&json!("2026/0042"), &json!("2026/0042"), &Value::Null]);

    // A later push keeps the code; a push without a number keeps the known one.
    push(&org, vec![order("E-1", &c, "completed", None)]);
    let again = get(&org, &ids[0]);
    assert_eq!((again["code"].as_str(), again["erp_number"].as_str()), (Some("SO-000001"), Some("2026/0042")));
    assert_eq!(again["status"], "completed");
}

#[test]
fn doc_4_a_later_push_moves_an_order_only_along_the_state_machine() {
    let org = Org::new();
    let c = id(&org.ok(None, "customers.create", json!({"name": "States Co", "owner_id": org.rep_east1})));
    // A first push may create an order in any state: the ERP pushes its history.
    let done = id(&push(&org, vec![order("H-1", &c, "completed", None)])["written"][0]);
    let open = id(&push(&org, vec![order("H-2", &c, "draft", None)])["written"][0]);
    let audit_before = org.counts()["audit_log"];

    for status in ["draft", "cancelled", "approved"] {
        let err = org.refused(None, "orders.push", json!({"items": [order("H-1", &c, status, None)]}));
        assert_eq!(err.code, ErrorCode::Validation, "a batch with a refused item: {status}");
        assert_eq!(err.items[0].code, ErrorCode::InvalidState, "completed -> {status}");
    }
    assert_eq!(get(&org, &done)["status"], "completed");
    assert_eq!(org.counts()["audit_log"], audit_before, "refusals write nothing");

    for status in ["submitted", "rejected", "submitted", "approved", "partially_delivered", "completed"] {
        push(&org, vec![order("H-2", &c, status, None)]);
        assert_eq!(get(&org, &open)["status"], status);
    }
    let skipped = org.ok(
        None,
        "orders.push",
        json!({"mode": "skip_invalid", "items": [order("H-2", &c, "draft", None), order("H-3", &c, "draft", None)]}),
    );
    assert_eq!(skipped["rejected"][0]["code"], "invalid_state");
    assert_eq!(skipped["created"], 1);
}
