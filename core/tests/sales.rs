//! Sales documents the ERP pushes (DOC-8) through `engine.call`: readable codes, the order state machine (DOC-4), idempotent batched pushes that feed the statistics, deliveries within their order.

mod common;

use common::dataset::{self, AS_OF, golden, push_orders};
use common::{Org, id};
use rapport_core::ErrorCode;
use serde_json::{Value, json};

fn order(external_ref: &str, customer_id: &str, status: &str, number: Option<&str>) -> Value {
    json!({"external_ref": external_ref, "customer_id": customer_id, "status": status, "order_date": "2026-01-10",
           "amount": 10000, "number": number})
}

fn get(org: &Org, order_id: &str) -> Value {
    org.ok(None, "orders.get", json!({"id": order_id}))
}

#[test]
fn doc_8_every_order_gets_a_unique_sequential_code_and_keeps_the_erps_number() {
    let org = Org::new();
    let c = id(&org.ok(None, "customers.create", json!({"name": "Codes Co", "owner_id": org.rep_east1})));
    // ERP numbers are neither sequential nor unique: two orders share one here.
    let pushed = push_orders(
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
    push_orders(&org, vec![order("E-1", &c, "completed", None)]);
    let again = get(&org, &ids[0]);
    assert_eq!((again["code"].as_str(), again["erp_number"].as_str()), (Some("SO-000001"), Some("2026/0042")));
    assert_eq!(again["status"], "completed");
}

#[test]
fn doc_4_a_later_push_moves_an_order_only_along_the_state_machine() {
    let org = Org::new();
    let c = id(&org.ok(None, "customers.create", json!({"name": "States Co", "owner_id": org.rep_east1})));
    // A first push may create an order in any state: the ERP pushes its history.
    let done = id(&push_orders(&org, vec![order("H-1", &c, "completed", None)])["written"][0]);
    let open = id(&push_orders(&org, vec![order("H-2", &c, "draft", None)])["written"][0]);
    let audit_before = org.counts()["audit_log"];

    for status in ["draft", "cancelled", "approved"] {
        let err = org.refused(None, "orders.push", json!({"items": [order("H-1", &c, status, None)]}));
        assert_eq!(err.code, ErrorCode::Validation, "a batch with a refused item: {status}");
        assert_eq!(err.items[0].code, ErrorCode::InvalidState, "completed -> {status}");
    }
    assert_eq!(get(&org, &done)["status"], "completed");
    assert_eq!(org.counts()["audit_log"], audit_before, "refusals write nothing");

    for status in ["submitted", "rejected", "submitted", "approved", "partially_delivered", "completed"] {
        push_orders(&org, vec![order("H-2", &c, status, None)]);
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

#[test]
fn doc_8_order_pushes_are_idempotent_batched_and_feed_statistics() {
    let g = golden();
    let org = &g.org;
    // The same order again updates it: no new row, same statistics.
    let again = push_orders(org, vec![dataset::order("SO-1a", &g.c[0], "2026-01-10", 60000)]);
    assert_eq!((again["created"].as_i64(), again["updated"].as_i64()), (Some(0), Some(1)));
    let o = org.ok(None, "customers.overview", json!({"id": g.c[0], "as_of": AS_OF}));
    let s = &o["statistics"];
    assert_eq!((s["order_count"].as_i64(), s["order_amount"].as_i64()), (Some(2), Some(100000)));
    assert_eq!((s["largest_order"].as_i64(), s["last_order_date"].as_str()), (Some(60000), Some("2026-02-20")));

    // Another currency converts once to the base currency (USD 10.00 at 7.1 = 71.00 CNY).
    push_orders(
        org,
        vec![json!({"external_ref": "SO-1c", "customer_id": g.c[0], "status": "approved", "order_date": "2026-02-21",
                    "amount": 1000, "currency": "USD", "fx_rate": "7.1"})],
    );
    let o = org.ok(None, "customers.overview", json!({"id": g.c[0], "as_of": AS_OF}));
    assert_eq!(o["statistics"]["order_amount"].as_i64(), Some(107100));
    // Cancelling it takes it out again; by customer_external_ref works too.
    org.ok(None, "customers.update", json!({"id": g.c[0], "external_ref": "ERP-C1"}));
    push_orders(
        org,
        vec![json!({"external_ref": "SO-1c", "customer_external_ref": "ERP-C1", "status": "cancelled",
                    "order_date": "2026-02-21", "amount": 1000, "currency": "USD", "fx_rate": "7.1"})],
    );
    let o = org.ok(None, "customers.overview", json!({"id": g.c[0], "as_of": AS_OF}));
    assert_eq!(o["statistics"]["order_amount"].as_i64(), Some(100000));

    // Draft and future orders do not count as of the date.
    let o5 = org.ok(None, "customers.overview", json!({"id": g.c[4], "as_of": AS_OF}));
    assert_eq!(o5["statistics"]["order_count"].as_i64(), Some(0));
    let o5 = org.ok(None, "customers.overview", json!({"id": g.c[4], "as_of": "2026-03-31"}));
    assert_eq!(o5["statistics"]["order_amount"].as_i64(), Some(99900));

    // Bad items: all_or_nothing refuses the batch with each item's error, and changes nothing.
    let err = org.refused(
        None,
        "orders.push",
        json!({"items": [dataset::order("SO-9", &g.c[0], "2026-02-30", 100), dataset::order("SO-10", "nobody", "2026-02-01", 100)]}),
    );
    assert_eq!(err.code.as_str(), "validation");
    assert_eq!(err.items.len(), 2);
    assert_eq!(err.items[0].field.as_deref(), Some("order_date"));
    assert_eq!((err.items[1].code.as_str(), err.items[1].field.as_deref()), ("not_found", Some("customer_id")));
    // A rep cannot push documents for another team's customer.
    let err = org.refused(
        Some(&org.rep_west),
        "orders.push",
        json!({"items": [dataset::order("SO-11", &g.c[0], "2026-02-01", 1)]}),
    );
    assert_eq!(err.items[0].code.as_str(), "not_found");
    let err = org.refused(None, "orders.push", json!({"items": [{"external_ref": "x", "customer_id": g.c[0]}]}));
    assert_eq!(err.code.as_str(), "malformed_request");
}

#[test]
fn doc_8_deliveries_never_exceed_the_order_and_move_its_status() {
    let g = golden();
    let org = &g.org;
    let r = org.ok(
        None,
        "deliveries.push",
        json!({"items": [{"external_ref": "DN-1", "order_external_ref": "SO-1b", "delivery_date": "2026-02-22", "amount": 25000}]}),
    );
    assert_eq!(r["created"].as_i64(), Some(1));
    let order_id =
        push_orders(org, vec![dataset::order("SO-1b", &g.c[0], "2026-02-20", 40000)])["written"][0]["id"].clone();
    let status = || org.ok(None, "orders.get", json!({"id": order_id}))["status"].clone();
    assert_eq!(status(), json!("partially_delivered"));
    let err = org.refused(
        None,
        "deliveries.push",
        json!({"items": [{"external_ref": "DN-2", "order_external_ref": "SO-1b", "delivery_date": "2026-02-23", "amount": 15001}]}),
    );
    assert_eq!(err.items[0].field.as_deref(), Some("amount"));
    // Re-pushing DN-1 with the rest delivers the order fully (the old amount is replaced, not added).
    org.ok(
        None,
        "deliveries.push",
        json!({"items": [{"external_ref": "DN-1", "order_external_ref": "SO-1b", "delivery_date": "2026-02-22", "amount": 40000}]}),
    );
    assert_eq!(status(), json!("delivered"));
    let o = org.ok(None, "orders.get", json!({"id": order_id}));
    assert_eq!(o["delivered_amount"].as_i64(), Some(40000));
    org.refused(Some(&org.rep_west), "orders.get", json!({"id": order_id}));
    let err = org.refused(
        None,
        "deliveries.push",
        json!({"items": [{"external_ref": "DN-3", "order_external_ref": "SO-5-draft", "delivery_date": "2026-02-23", "amount": 1}]}),
    );
    assert_eq!(err.items[0].code.as_str(), "invalid_state");
}
