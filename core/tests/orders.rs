//! DOC-4 to DOC-8 through `engine.call`: orders from quotes or direct, the sales_order flow and the credit check, deliveries per line, returns and exchanges, pushes with lines on the same path, and bad input refused without a change.

mod common;

use common::{Org, id};
use rapport_core::ErrorCode;
use serde_json::{Value, json};

/// A customer of `rep_east1` with a credit limit of 10,000.00 and a product (100.00, 13% VAT).
struct Shop {
    org: Org,
    customer: String,
    widget: String,
}

fn shop() -> Shop {
    let org = Org::new();
    let customer = id(&org.ok(
        None,
        "customers.create",
        json!({"name": "苏州机电", "owner_id": org.rep_east1, "credit_limit": 1_000_000, "external_ref": "ERP-C-1"}),
    ));
    let widget = id(&org.ok(
        None,
        "products.create",
        json!({"code": "W-1", "name": "Widget", "unit": "pcs", "list_price": 10_000, "tax_rate_bp": 1300}),
    ));
    Shop { org, customer, widget }
}

impl Shop {
    /// A draft order of `quantity` widgets (113.00 each with tax), by the rep.
    fn draft(&self, quantity: i64) -> Value {
        self.org.ok(
            Some(&self.org.rep_east1),
            "orders.create",
            json!({"customer_id": self.customer, "lines": [{"product_id": self.widget, "quantity": quantity}]}),
        )
    }

    fn submit_and_approve(&self, order: &Value) -> Value {
        let a = self.org.ok(Some(&self.org.rep_east1), "orders.submit", json!({"id": id(order)}));
        self.org.ok(Some(&self.org.east_manager), "approvals.approve", json!({"id": id(&a)}));
        self.get(order)
    }

    fn get(&self, order: &Value) -> Value {
        self.org.ok(None, "orders.get", json!({"id": id(order)}))
    }
}

#[test]
fn doc_4_an_order_is_approved_through_its_flow_and_makes_a_transaction_customer() {
    let s = shop();
    let o = s.draft(10);
    assert_eq!(
        (o["status"].as_str(), o["origin"].as_str(), o["code"].as_str()),
        (Some("draft"), Some("engine"), Some("SO-000001"))
    );
    assert_eq!(
        (o["amount"].as_i64(), o["net_amount"].as_i64(), o["tax_amount"].as_i64()),
        (Some(113_000), Some(100_000), Some(13_000))
    );
    assert_eq!(o["external_ref"], Value::Null);
    let a = s.org.ok(Some(&s.org.rep_east1), "orders.submit", json!({"id": id(&o)}));
    assert_eq!(a["status"], "pending");
    assert_eq!(s.get(&o)["status"], "submitted");
    // Waiting for approval it is neither changed nor cancelled.
    for (m, r) in [("orders.update", json!({"id": id(&o), "note": "x"})), ("orders.cancel", json!({"id": id(&o)}))] {
        assert_eq!(s.org.refused_unchanged(Some(&s.org.rep_east1), m, r).code, ErrorCode::InvalidState, "{m}");
    }
    // The rep's manager decides.
    let pending = s.org.ok(Some(&s.org.east_manager), "approvals.pending", json!({}));
    assert_eq!(pending["items"][0]["document_type"], "sales_order");
    s.org.ok(Some(&s.org.east_manager), "approvals.approve", json!({"id": id(&a)}));
    let approved = s.get(&o);
    assert_eq!((approved["status"].as_str(), approved["due_date"].as_str()), (Some("approved"), Some("2026-04-01")));
    let customer = s.org.ok(None, "customers.get", json!({"id": s.customer}));
    assert_eq!(customer["status"], "transaction");
    let overview = s.org.ok(None, "customers.overview", json!({"id": s.customer}));
    assert_eq!(overview["statistics"]["order_amount"].as_i64(), Some(113_000));
    assert_eq!(overview["statistics"]["outstanding_amount"].as_i64(), Some(113_000));
    // A rejected order goes back to its rep, who may change it and submit again.
    let o2 = s.draft(1);
    let a2 = s.org.ok(Some(&s.org.rep_east1), "orders.submit", json!({"id": id(&o2)}));
    s.org.ok(Some(&s.org.east_manager), "approvals.reject", json!({"id": id(&a2), "reason": "价格有误"}));
    assert_eq!(s.get(&o2)["status"], "rejected");
    s.org.ok(Some(&s.org.rep_east1), "orders.update", json!({"id": id(&o2), "payment_terms_days": 60}));
    s.org.ok(Some(&s.org.rep_east1), "orders.submit", json!({"id": id(&o2)}));
}

#[test]
fn doc_4_a_large_order_climbs_a_second_level() {
    let s = shop();
    // 5,000 widgets = 565,000.00 with tax: above 500,000.00, so the manager's manager approves too.
    s.org.ok(None, "customers.update", json!({"id": s.customer, "credit_limit": null}));
    let o = s.draft(5_000);
    let a = s.org.ok(Some(&s.org.rep_east1), "orders.submit", json!({"id": id(&o)}));
    let names: Vec<&str> = a["steps"].as_array().unwrap().iter().map(|x| x["name"].as_str().unwrap()).collect();
    assert_eq!(names, ["manager", "director"]);
    s.org.ok(Some(&s.org.east_manager), "approvals.approve", json!({"id": id(&a)}));
    assert_eq!(s.get(&o)["status"], "submitted");
    s.org.ok(Some(&s.org.manager), "approvals.approve", json!({"id": id(&a)}));
    assert_eq!(s.get(&o)["status"], "approved");
    // A small one takes one step.
    let small = s.org.ok(Some(&s.org.rep_east1), "orders.submit", json!({"id": id(&s.draft(1)), "dry_run": true}));
    assert_eq!(small["steps"][1]["status"], "skipped");
}

#[test]
fn doc_4_approval_over_the_credit_limit_needs_a_managers_override_with_a_reason() {
    let s = shop();
    // 8,000.00 already owed (an approved ERP order), limit 10,000.00.
    s.org.ok(
        None,
        "orders.push",
        json!({"items": [{"external_ref": "ERP-1", "customer_id": s.customer, "status": "approved",
                          "order_date": "2026-02-01", "due_date": "2026-05-01", "amount": 800_000}]}),
    );
    let o = s.draft(20); // 2,260.00
    let a = s.org.ok(Some(&s.org.rep_east1), "orders.submit", json!({"id": id(&o)}));
    let check = s.org.ok(Some(&s.org.rep_east1), "orders.credit_check", json!({"id": id(&o)}));
    assert_eq!(
        (
            check["outstanding"].as_i64(),
            check["order_amount"].as_i64(),
            check["excess"].as_i64(),
            check["blocked"].as_bool()
        ),
        (Some(800_000), Some(226_000), Some(26_000), Some(true))
    );
    // Dry run of the decision answers the refusal; the decision itself is refused and changes nothing.
    let dry =
        s.org.refused_unchanged(Some(&s.org.east_manager), "approvals.approve", json!({"id": id(&a), "dry_run": true}));
    assert_eq!(dry.code, ErrorCode::InvalidState);
    assert!(dry.message.contains("26000"), "{}", dry.message);
    let err = s.org.refused_unchanged(Some(&s.org.east_manager), "approvals.approve", json!({"id": id(&a)}));
    assert_eq!(err.code, ErrorCode::InvalidState);
    // A rep may not override; an override needs a reason.
    let err =
        s.org.refused_unchanged(Some(&s.org.rep_east1), "orders.override_credit", json!({"id": id(&o), "reason": "x"}));
    assert_eq!(err.code, ErrorCode::PermissionDenied);
    let err = s.org.refused_unchanged(
        Some(&s.org.east_manager),
        "orders.override_credit",
        json!({"id": id(&o), "reason": " "}),
    );
    assert_eq!((err.code, err.field.as_deref()), (ErrorCode::Validation, Some("reason")));
    s.org.ok(Some(&s.org.east_manager), "orders.override_credit", json!({"id": id(&o), "reason": "战略客户"}));
    s.org.ok(Some(&s.org.east_manager), "approvals.approve", json!({"id": id(&a)}));
    assert_eq!(s.get(&o)["status"], "approved");
    let audit = s.org.ok(None, "audit.history", json!({"entity": "order", "id": id(&o)}));
    let actions: Vec<&str> = audit.as_array().unwrap().iter().map(|e| e["action"].as_str().unwrap()).collect();
    assert!(actions.contains(&"override_credit") && actions.contains(&"credit_override_used"), "{actions:?}");

    // Splitting does not escape: each part is checked against what the earlier approvals already owe.
    let part1 = s.draft(5); // 565.00: 8,000 + 2,260 already owed: over
    let a1 = s.org.ok(Some(&s.org.rep_east1), "orders.submit", json!({"id": id(&part1)}));
    assert_eq!(
        s.org.refused(Some(&s.org.east_manager), "approvals.approve", json!({"id": id(&a1)})).code,
        ErrorCode::InvalidState
    );
    // Receipts bring the customer back within the limit.
    s.org.ok(
        None,
        "receipts.push",
        json!({"items": [{"external_ref": "RC-1", "customer_id": s.customer, "receipt_date": "2026-03-01", "amount": 900_000}]}),
    );
    s.org.ok(Some(&s.org.east_manager), "approvals.approve", json!({"id": id(&a1)}));
    assert_eq!(s.get(&part1)["status"], "approved");
    // A customer without a limit is not checked; a viewer sees the verdict with the figures withheld.
    s.org.ok(None, "customers.update", json!({"id": s.customer, "credit_limit": null}));
    let free = s.submit_and_approve(&s.draft(1_000));
    assert_eq!(free["status"], "approved");
    s.org.ok(
        None,
        "roles.define",
        json!({"code": "order_clerk", "name": "Order clerk", "scope": "all", "permissions": {"order": ["create", "edit"]}}),
    );
    let clerk = id(&s.org.ok(
        None,
        "users.create",
        json!({"name": "Clerk", "department_id": s.org.east, "roles": [], "custom_roles": ["order_clerk"]}),
    ));
    let seen = s.org.ok(Some(&clerk), "orders.credit_check", json!({"id": id(&free)}));
    assert_eq!((seen["credit_limit"].clone(), seen["withheld"].as_array().map(Vec::len)), (Value::Null, Some(4)));
}

#[test]
fn doc_5_deliveries_take_quantities_per_line_never_more_than_ordered() {
    let s = shop();
    let o = s.org.ok(
        Some(&s.org.rep_east1),
        "orders.create",
        json!({"customer_id": s.customer, "lines": [{"product_id": s.widget, "quantity": 3, "unit_price": 3_333},
                                                    {"product_id": s.widget, "quantity": "1.5"}]}),
    );
    // Not before approval.
    let deliver = |lines: Value| json!({"order_id": id(&o), "lines": lines});
    let err = s.org.refused_unchanged(
        Some(&s.org.rep_east1),
        "orders.deliver",
        deliver(json!([{"line_no": 1, "quantity": 1}])),
    );
    assert_eq!(err.code, ErrorCode::InvalidState);
    let o = s.submit_and_approve(&o);
    let d1 = s.org.ok(Some(&s.org.rep_east1), "orders.deliver", deliver(json!([{"line_no": 1, "quantity": 1}])));
    assert_eq!(s.get(&o)["status"], "partially_delivered");
    for (lines, field) in [
        (json!([{"line_no": 1, "quantity": 3}]), "lines[0].quantity"),
        (json!([{"line_no": 9, "quantity": 1}]), "lines[0].line_no"),
        (json!([{"line_no": 2, "quantity": 0}]), "lines[0].quantity"),
        (json!([{"line_no": 2, "quantity": 1}, {"line_no": 2, "quantity": "0.5"}]), "lines[1].line_no"),
        (json!([]), "lines"),
    ] {
        let err = s.org.refused_unchanged(Some(&s.org.rep_east1), "orders.deliver", deliver(lines.clone()));
        assert_eq!((err.code, err.field.as_deref()), (ErrorCode::Validation, Some(field)), "{lines}");
    }
    s.org.ok(
        Some(&s.org.rep_east1),
        "orders.deliver",
        deliver(json!([{"line_no": 1, "quantity": 1}, {"line_no": 2, "quantity": "1.5"}])),
    );
    s.org.ok(Some(&s.org.rep_east1), "orders.deliver", deliver(json!([{"line_no": 1, "quantity": 1}])));
    let done = s.get(&o);
    assert_eq!(done["status"], "delivered");
    // The shares of a line add up to its gross exactly, whatever the rounding of each part.
    assert_eq!(done["delivered_amount"], done["amount"]);
    assert_eq!(done["lines"][0]["delivered"], "3");
    let deliveries = s.org.ok(Some(&s.org.rep_east1), "orders.deliveries", json!({"id": id(&o)}));
    assert_eq!(deliveries.as_array().map(Vec::len), Some(3));
    assert_eq!(deliveries[0]["id"], d1["id"]);
    let total: i64 = deliveries.as_array().unwrap().iter().map(|d| d["amount"].as_i64().unwrap()).sum();
    assert_eq!(Some(total), done["amount"].as_i64());
}

#[test]
fn doc_7_a_credit_return_is_approved_by_an_agent_then_a_manager_and_subtracts() {
    let s = shop();
    let o = s.submit_and_approve(&s.draft(4)); // 452.00
    s.org.ok(
        Some(&s.org.rep_east1),
        "orders.deliver",
        json!({"order_id": id(&o), "lines": [{"line_no": 1, "quantity": 2}]}),
    );
    let ret = |q: i64| json!({"order_id": id(&o), "kind": "credit", "reason": "运输破损", "lines": [{"line_no": 1, "quantity": q}]});
    let err = s.org.refused_unchanged(Some(&s.org.rep_east1), "returns.create", ret(3));
    assert_eq!((err.code, err.field.as_deref()), (ErrorCode::Validation, Some("lines[0].quantity")));
    let err = s.org.refused_unchanged(
        Some(&s.org.rep_east1),
        "returns.create",
        json!({"order_id": id(&o), "kind": "credit", "reason": "", "lines": [{"line_no": 1, "quantity": 1}]}),
    );
    assert_eq!(err.field.as_deref(), Some("reason"));
    let r = s.org.ok(Some(&s.org.rep_east1), "returns.create", ret(1));
    assert_eq!(
        (r["status"].as_str(), r["amount"].as_i64(), r["code"].as_str()),
        (Some("submitted"), Some(11_300), Some("RT-000001"))
    );
    // What waits in a return is not returnable twice.
    let err = s.org.refused_unchanged(Some(&s.org.rep_east1), "returns.create", ret(2));
    assert_eq!(err.field.as_deref(), Some("lines[0].quantity"));
    let approval = s.org.ok(None, "approvals.history", json!({"document_type": "sales_return", "document_id": id(&r)}));
    let a = id(&approval[0]);
    // First a service agent, then a manager.
    let err = s.org.refused_unchanged(Some(&s.org.east_manager), "approvals.approve", json!({"id": a}));
    assert_eq!(err.code, ErrorCode::PermissionDenied);
    s.org.ok(Some(&s.org.agent), "approvals.approve", json!({"id": a}));
    s.org.ok(Some(&s.org.east_manager), "approvals.approve", json!({"id": a}));
    let r = s.org.ok(Some(&s.org.rep_east1), "returns.get", json!({"id": id(&r)}));
    assert_eq!(r["status"], "approved");
    let order = s.get(&o);
    assert_eq!((order["returned_amount"].as_i64(), order["lines"][0]["returned"].as_str()), (Some(11_300), Some("1")));
    let overview = s.org.ok(None, "customers.overview", json!({"id": s.customer}));
    assert_eq!(overview["statistics"]["order_amount"].as_i64(), Some(45_200 - 11_300), "approved returns subtract");
    assert_eq!(
        overview["statistics"]["outstanding_amount"].as_i64(),
        Some(45_200 - 11_300),
        "and credit the receivable"
    );
    // Returned quantities are not returned again.
    let err = s.org.refused_unchanged(Some(&s.org.rep_east1), "returns.create", ret(2));
    assert_eq!(err.field.as_deref(), Some("lines[0].quantity"));
}

#[test]
fn doc_7_an_exchange_records_a_replacement_delivery_instead_of_a_credit() {
    let s = shop();
    let o = s.submit_and_approve(&s.draft(2));
    s.org.ok(
        Some(&s.org.rep_east1),
        "orders.deliver",
        json!({"order_id": id(&o), "lines": [{"line_no": 1, "quantity": 2}]}),
    );
    let r = s.org.ok(
        Some(&s.org.rep_east1),
        "returns.create",
        json!({"order_id": id(&o), "kind": "exchange", "reason": "型号不符", "lines": [{"line_no": 1, "quantity": 1}]}),
    );
    let a =
        id(&s.org.ok(None, "approvals.history", json!({"document_type": "sales_return", "document_id": id(&r)}))[0]);
    s.org.ok(None, "approvals.approve", json!({"id": a}));
    s.org.ok(None, "approvals.approve", json!({"id": a}));
    let r = s.org.ok(None, "returns.get", json!({"id": id(&r)}));
    let replacement = r["replacement_delivery_id"].as_str().expect("a replacement delivery").to_string();
    let order = s.get(&o);
    assert_eq!((order["returned_amount"].as_i64(), order["status"].as_str()), (Some(0), Some("delivered")));
    let deliveries = s.org.ok(None, "orders.deliveries", json!({"id": id(&o)}));
    let last = deliveries.as_array().unwrap().last().unwrap();
    assert_eq!(
        (last["id"].as_str(), last["return_id"].as_str(), last["amount"].as_i64()),
        (Some(replacement.as_str()), Some(id(&r).as_str()), Some(0))
    );
}

#[test]
fn doc_8_a_push_with_lines_takes_the_same_path_without_approval_or_credit_check() {
    let s = shop();
    // 200 widgets = 22,600.00, far over the 10,000.00 limit: the ERP decided, the push records it.
    let pushed = s.org.ok(
        None,
        "orders.push",
        json!({"items": [{"external_ref": "ERP-SO-1", "customer_external_ref": "ERP-C-1", "status": "approved",
                          "order_date": "2026-03-01", "amount": 2_260_000, "shipping_address": "苏州工业园区",
                          "lines": [{"product_id": s.widget, "quantity": 200}]}]}),
    );
    let o = s.org.ok(None, "orders.get", json!({"id": pushed["written"][0]["id"]}));
    assert_eq!(
        (o["status"].as_str(), o["origin"].as_str(), o["lines"][0]["gross"].as_i64()),
        (Some("approved"), Some("erp"), Some(2_260_000))
    );
    // Deliveries per line through the push; above what is left is refused.
    let push_delivery = |r: &str, q: i64| json!({"items": [{"external_ref": r, "order_external_ref": "ERP-SO-1", "delivery_date": "2026-03-02", "lines": [{"line_no": 1, "quantity": q}]}]});
    s.org.ok(None, "deliveries.push", push_delivery("DN-1", 150));
    let err = s.org.refused_unchanged(None, "deliveries.push", push_delivery("DN-2", 51));
    assert_eq!(err.items[0].field.as_deref(), Some("lines[0].quantity"));
    s.org.ok(None, "deliveries.push", push_delivery("DN-1", 150));
    s.org.ok(None, "deliveries.push", push_delivery("DN-2", 50));
    assert_eq!(s.org.ok(None, "orders.get", json!({"id": id(&o)}))["status"], "delivered");
    // An amount that is not the lines' gross is refused; so is a delivery by amount on an order with lines.
    let bad = json!({"items": [{"external_ref": "ERP-SO-2", "customer_id": s.customer, "status": "approved",
                                "order_date": "2026-03-01", "amount": 1, "lines": [{"product_id": s.widget, "quantity": 1}]}]});
    assert_eq!(s.org.refused_unchanged(None, "orders.push", bad).items[0].field.as_deref(), Some("amount"));
    let by_amount = json!({"items": [{"external_ref": "DN-3", "order_external_ref": "ERP-SO-1", "delivery_date": "2026-03-02", "amount": 5}]});
    assert_eq!(s.org.refused_unchanged(None, "deliveries.push", by_amount).items[0].field.as_deref(), Some("lines"));
}

#[test]
fn doc_4_bad_input_is_refused_with_its_field_and_changes_nothing() {
    let s = shop();
    let rep = Some(s.org.rep_east1.as_str());
    for (req, code, field) in [
        (json!({"customer_id": s.customer}), ErrorCode::Validation, "lines"),
        (json!({"lines": [{"product_id": s.widget, "quantity": 1}]}), ErrorCode::Validation, "customer_id"),
        (
            json!({"customer_id": s.customer, "lines": [{"product_id": "nope", "quantity": 1}]}),
            ErrorCode::NotFound,
            "lines[0].product_id",
        ),
        (
            json!({"customer_id": s.customer, "lines": [{"product_id": s.widget, "quantity": "-2"}]}),
            ErrorCode::MalformedRequest,
            "lines[0].quantity",
        ),
        (
            json!({"customer_id": s.customer, "payment_terms_days": -1, "lines": [{"product_id": s.widget, "quantity": 1}]}),
            ErrorCode::Validation,
            "payment_terms_days",
        ),
        (
            json!({"customer_id": s.customer, "order_date": "2026-13-01", "lines": [{"product_id": s.widget, "quantity": 1}]}),
            ErrorCode::Validation,
            "order_date",
        ),
        (json!({"quote_id": "nope"}), ErrorCode::NotFound, "quote_id"),
    ] {
        let err = s.org.refused_unchanged(rep, "orders.create", req.clone());
        assert_eq!((err.code, err.field.as_deref()), (code, Some(field)), "{req}");
    }
    let o = s.draft(1);
    for (method, req, code) in [
        ("orders.complete", json!({"id": id(&o)}), ErrorCode::InvalidState),
        (
            "orders.deliver",
            json!({"order_id": id(&o), "lines": [{"line_no": 1, "quantity": 1}]}),
            ErrorCode::InvalidState,
        ),
        (
            "returns.create",
            json!({"order_id": id(&o), "kind": "credit", "reason": "x", "lines": [{"line_no": 1, "quantity": 1}]}),
            ErrorCode::InvalidState,
        ),
        (
            "returns.create",
            json!({"order_id": id(&o), "kind": "refund", "reason": "x", "lines": []}),
            ErrorCode::MalformedRequest,
        ),
        ("orders.get", json!({"id": "nope"}), ErrorCode::NotFound),
    ] {
        assert_eq!(s.org.refused_unchanged(rep, method, req).code, code, "{method}");
    }
    // Another rep's orders are out of reach.
    assert_eq!(
        s.org.refused_unchanged(Some(&s.org.rep_west), "orders.get", json!({"id": id(&o)})).code,
        ErrorCode::NotFound
    );
    assert_eq!(
        s.org.refused_unchanged(Some(&s.org.rep_west), "orders.submit", json!({"id": id(&o)})).code,
        ErrorCode::NotFound
    );
    // A cancelled order is cancelled once; a delivered one is not cancelled.
    s.org.ok(rep, "orders.cancel", json!({"id": id(&o)}));
    assert_eq!(s.org.refused_unchanged(rep, "orders.cancel", json!({"id": id(&o)})).code, ErrorCode::InvalidState);
}

#[test]
fn doc_4_an_order_nothing_is_pending_on_is_archived_and_restored() {
    let s = shop();
    let draft = s.draft(2);
    let approved = s.submit_and_approve(&s.draft(1));
    let rep = Some(s.org.rep_east1.as_str());
    // An approved order still owes deliveries and money: it stays in view.
    let e = s.org.refused_unchanged(rep, "orders.archive", json!({"id": id(&approved)}));
    assert_eq!(e.code, ErrorCode::InvalidState);
    let archived = s.org.ok(rep, "orders.archive", json!({"id": id(&draft)}));
    assert!(archived["archived_at"].is_string());
    let listed = |extra: Value| -> Vec<String> {
        let mut req = json!({"customer_id": s.customer});
        req.as_object_mut().unwrap().extend(extra.as_object().unwrap().clone());
        s.org.ok(rep, "orders.list", req)["items"].as_array().unwrap().iter().map(id).collect()
    };
    assert_eq!(listed(json!({})), vec![id(&approved)]);
    assert_eq!(listed(json!({"include_archived": true})).len(), 2);
    // Archived, it is read but not written; archiving twice is refused.
    assert_eq!(s.org.ok(rep, "orders.get", json!({"id": id(&draft)}))["archived_at"], archived["archived_at"]);
    let e = s.org.refused_unchanged(rep, "orders.submit", json!({"id": id(&draft)}));
    assert_eq!(e.code, ErrorCode::InvalidState);
    let e = s.org.refused_unchanged(rep, "orders.archive", json!({"id": id(&draft)}));
    assert_eq!(e.code, ErrorCode::InvalidState);
    // Another team's rep does not reach it.
    let e = s.org.refused_unchanged(Some(&s.org.rep_west), "orders.restore", json!({"id": id(&draft)}));
    assert_eq!(e.code, ErrorCode::NotFound);
    let restored = s.org.ok(rep, "orders.restore", json!({"id": id(&draft)}));
    assert!(restored["archived_at"].is_null());
    assert_eq!(listed(json!({})).len(), 2);
    let history = s.org.ok(None, "audit.history", json!({"entity": "order", "id": id(&draft)}));
    let actions: Vec<&str> = history.as_array().unwrap().iter().map(|h| h["action"].as_str().unwrap()).collect();
    assert!(actions.contains(&"archive") && actions.contains(&"restore"), "{actions:?}");
}
