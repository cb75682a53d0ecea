//! DOC-2 quotes through `engine.call`: lines priced exactly, versions, the discount approval, the opportunity's evaluation gate, acceptance into the opportunity, and bad input refused without a change.

mod common;

use common::{Org, id};
use rapport_core::ErrorCode;
use serde_json::{Value, json};

/// A customer of `rep_east1` and two products: a pump (list price 1,250.00, 13% VAT) and a service
/// hour (99.99, 6%).
struct Shop {
    org: Org,
    customer: String,
    pump: String,
    hour: String,
}

fn shop() -> Shop {
    let org = Org::new();
    let customer = id(&org.ok(None, "customers.create", json!({"name": "深圳精密", "owner_id": org.rep_east1})));
    let product = |code: &str, price: i64, tax: i64| {
        id(&org.ok(
            None,
            "products.create",
            json!({"code": code, "name": code, "unit": "pcs", "list_price": price, "tax_rate_bp": tax}),
        ))
    };
    let pump = product("PUMP-200", 125_000, 1300);
    let hour = product("SVC-HOUR", 9_999, 600);
    Shop { org, customer, pump, hour }
}

impl Shop {
    fn quote(&self, actor: &str, lines: Value) -> Value {
        self.org.ok(Some(actor), "quotes.create", json!({"customer_id": self.customer, "lines": lines}))
    }
}

#[test]
fn doc_2_a_quote_prices_each_line_half_up_and_totals_the_lines() {
    let s = shop();
    let q = s.quote(
        &s.org.rep_east1,
        json!([
            {"product_id": s.pump, "quantity": 3, "discount_bp": 500},
            {"product_id": s.hour, "quantity": "2.5", "unit_price": 8_888},
        ]),
    );
    assert_eq!(
        (q["code"].as_str(), q["version"].as_i64(), q["status"].as_str()),
        (Some("Q-000001"), Some(1), Some("draft"))
    );
    let l0 = &q["lines"][0];
    // 3 x 1,250.00 x 95% = 3,562.50; tax 13% = 463.125 -> 463.13 (half up).
    assert_eq!((l0["unit_price"].as_i64(), l0["price_source"].as_str()), (Some(125_000), Some("list_price")));
    assert_eq!(
        (l0["net"].as_i64(), l0["tax"].as_i64(), l0["gross"].as_i64()),
        (Some(356_250), Some(46_313), Some(402_563))
    );
    let l1 = &q["lines"][1];
    // 2.5 x 88.88 = 222.20; tax 6% = 13.332 -> 13.33.
    assert_eq!(
        (l1["quantity"].as_str(), l1["net"].as_i64(), l1["tax"].as_i64()),
        (Some("2.5"), Some(22_220), Some(1_333))
    );
    assert_eq!(l1["price_source"], "given");
    assert_eq!(q["totals"], json!({"net": 378_470, "tax": 47_646, "gross": 426_116}));
    assert_eq!((q["amount_base"].as_i64(), q["max_discount_bp"].as_i64()), (Some(426_116), Some(500)));
    assert_eq!(q["valid_until"], "2026-04-01", "30 days from today by default");
    // Changing the lines of a draft reprices it; the audit log has both writes.
    let q = s.org.ok(
        Some(&s.org.rep_east1),
        "quotes.update",
        json!({"id": id(&q), "lines": [{"product_id": s.hour, "quantity": 1}]}),
    );
    assert_eq!(q["totals"], json!({"net": 9_999, "tax": 600, "gross": 10_599}));
    let history = s.org.ok(None, "audit.history", json!({"entity": "quote", "id": id(&q)}));
    assert_eq!(history.as_array().map(Vec::len), Some(2));
}

#[test]
fn doc_2_revising_a_sent_quote_keeps_the_old_version_as_superseded() {
    let s = shop();
    let rep = &s.org.rep_east1;
    let v1 = s.quote(rep, json!([{"product_id": s.pump, "quantity": 1}]));
    let sent = s.org.ok(Some(rep), "quotes.send", json!({"id": id(&v1)}));
    assert_eq!(sent["status"], "sent");
    // A sent quote is not edited in place.
    let err = s.org.refused(Some(rep), "quotes.update", json!({"id": id(&v1), "note": "x"}));
    assert_eq!(err.code, ErrorCode::InvalidState);
    let v2 = s.org.ok(Some(rep), "quotes.revise", json!({"id": id(&v1)}));
    assert_eq!(
        (v2["code"].as_str(), v2["version"].as_i64(), v2["status"].as_str()),
        (Some("Q-000001"), Some(2), Some("draft"))
    );
    assert_eq!(v2["previous_id"], json!(id(&v1)));
    assert_eq!(v2["lines"], v1["lines"]);
    let old = s.org.ok(Some(rep), "quotes.get", json!({"id": id(&v1)}));
    assert_eq!(old["status"], "superseded");
    // Lists show the current version unless asked.
    let listed = s.org.ok(Some(rep), "quotes.list", json!({"customer_id": s.customer}));
    assert_eq!(listed["items"].as_array().unwrap().iter().map(id).collect::<Vec<_>>(), [id(&v2)]);
    let all = s.org.ok(Some(rep), "quotes.list", json!({"customer_id": s.customer, "include_superseded": true}));
    assert_eq!(all["items"].as_array().map(Vec::len), Some(2));
    // The superseded version is neither accepted, revised again, nor ordered.
    for (method, req) in [("quotes.accept", json!({"id": id(&v1)})), ("quotes.revise", json!({"id": id(&v1)}))] {
        assert_eq!(s.org.refused_unchanged(Some(rep), method, req).code, ErrorCode::InvalidState, "{method}");
    }
    let err = s.org.refused_unchanged(Some(rep), "orders.create", json!({"quote_id": id(&v1)}));
    assert_eq!((err.code, err.field.as_deref()), (ErrorCode::Validation, Some("quote_id")));
    // The current version is sent, accepted and ordered.
    s.org.ok(Some(rep), "quotes.send", json!({"id": id(&v2)}));
    let accepted = s.org.ok(Some(rep), "quotes.accept", json!({"id": id(&v2)}));
    assert_eq!(accepted["status"], "accepted");
    let order = s.org.ok(Some(rep), "orders.create", json!({"quote_id": id(&v2)}));
    assert_eq!(
        (order["quote_id"].as_str(), order["amount"].as_i64()),
        (Some(id(&v2).as_str()), v2["totals"]["gross"].as_i64())
    );
    // A rejected quote records its reason.
    let other = s.quote(rep, json!([{"product_id": s.hour, "quantity": 1}]));
    s.org.ok(Some(rep), "quotes.send", json!({"id": id(&other)}));
    let rejected = s.org.ok(Some(rep), "quotes.reject", json!({"id": id(&other), "reason": "价格高于竞品"}));
    assert_eq!(
        (rejected["status"].as_str(), rejected["rejection_reason"].as_str()),
        (Some("rejected"), Some("价格高于竞品"))
    );
}

#[test]
fn doc_2_a_discount_above_the_senders_ceiling_is_approved_before_the_quote_is_sent() {
    let s = shop();
    let rep = &s.org.rep_east1;
    let q = s.quote(rep, json!([{"product_id": s.pump, "quantity": 2, "discount_bp": 1500}]));
    // Dry run: what sending would do, nothing written.
    let before = s.org.counts();
    let preview = s.org.ok(Some(rep), "quotes.send", json!({"id": id(&q), "dry_run": true}));
    assert_eq!(preview["discount_approval"], "pending");
    assert_eq!(before, s.org.counts());
    // A rep's ceiling is 10%: 15% goes to the quote_discount flow; the quote stays a draft meanwhile.
    let waiting = s.org.ok(Some(rep), "quotes.send", json!({"id": id(&q), "note": "首单"}));
    assert_eq!((waiting["status"].as_str(), waiting["discount_approval"].as_str()), (Some("draft"), Some("pending")));
    let err = s.org.refused(Some(rep), "quotes.update", json!({"id": id(&q), "note": "x"}));
    assert_eq!(err.code, ErrorCode::InvalidState);
    let pending = s.org.ok(Some(&s.org.east_manager), "approvals.pending", json!({}));
    let item = pending["items"].as_array().unwrap().iter().find(|i| i["document_id"] == json!(id(&q))).expect("waits");
    assert_eq!(item["document_type"], "quote_discount");
    assert!(item["title"].as_str().unwrap().starts_with("Q-000001 v1"), "{item}");
    s.org.ok(Some(&s.org.east_manager), "approvals.approve", json!({"id": item["id"]}));
    let sent = s.org.ok(Some(rep), "quotes.get", json!({"id": id(&q)}));
    assert_eq!((sent["status"].as_str(), sent["discount_approval"].as_str()), (Some("sent"), Some("approved")));

    // Rejected: the quote stays a draft to change.
    let q2 = s.quote(rep, json!([{"product_id": s.pump, "quantity": 1, "discount_bp": 3000}]));
    s.org.ok(Some(rep), "quotes.send", json!({"id": id(&q2)}));
    let approval =
        s.org.ok(None, "approvals.history", json!({"document_type": "quote_discount", "document_id": id(&q2)}));
    s.org.ok(Some(&s.org.east_manager), "approvals.reject", json!({"id": approval[0]["id"], "reason": "折扣过高"}));
    let back = s.org.ok(Some(rep), "quotes.get", json!({"id": id(&q2)}));
    assert_eq!((back["status"].as_str(), back["discount_approval"].as_str()), (Some("draft"), Some("rejected")));

    // A manager's ceiling covers it; and an administrator may raise the reps' ceiling.
    let q3 = s.quote(&s.org.east_manager, json!([{"product_id": s.pump, "quantity": 1, "discount_bp": 3000}]));
    assert_eq!(s.org.ok(Some(&s.org.east_manager), "quotes.send", json!({"id": id(&q3)}))["status"], "sent");
    s.org.ok(Some(&s.org.admin), "quotes.set_discount_ceilings", json!({"ceilings": {"sales_rep": 2000}}));
    let ceilings = s.org.ok(Some(&s.org.admin), "quotes.discount_ceilings", json!({}));
    assert_eq!(
        (ceilings["ceilings"]["sales_rep"].as_i64(), ceilings["ceilings"]["admin"].as_i64()),
        (Some(2000), Some(10000))
    );
    let q4 = s.quote(rep, json!([{"product_id": s.pump, "quantity": 1, "discount_bp": 1500}]));
    assert_eq!(s.org.ok(Some(rep), "quotes.send", json!({"id": id(&q4)}))["status"], "sent");
    let err =
        s.org.refused_unchanged(Some(rep), "quotes.set_discount_ceilings", json!({"ceilings": {"sales_rep": 9000}}));
    assert_eq!(err.code, ErrorCode::PermissionDenied);
    for bad in [json!({"ceilings": {"sales_rep": 10_001}}), json!({"ceilings": {"no_such_role": 100}})] {
        let err = s.org.refused_unchanged(Some(&s.org.admin), "quotes.set_discount_ceilings", bad);
        assert_eq!((err.code, err.field.as_deref()), (ErrorCode::Validation, Some("ceilings")));
    }
}

#[test]
fn doc_2_a_quote_for_an_opportunity_needs_its_evaluation_gate_passed_and_can_update_it() {
    let s = shop();
    let rep = &s.org.rep_east1;
    s.org.ok(
        None,
        "pipelines.create",
        json!({"code": "standard", "name": "标准", "is_default": true, "stages": [
            {"code": "qualify", "name": "接洽", "probability": 10},
            {"code": "evaluate", "name": "评估", "probability": 40, "requires_approval": true},
            {"code": "negotiate", "name": "谈判", "probability": 80}]}),
    );
    let opp = id(&s.org.ok(
        Some(rep),
        "opportunities.create",
        json!({"customer_id": s.customer, "title": "二期设备", "stage": "evaluate", "amount": 100}),
    ));
    let draft =
        json!({"customer_id": s.customer, "opportunity_id": opp, "lines": [{"product_id": s.pump, "quantity": 2}]});
    let err = s.org.refused_unchanged(Some(rep), "quotes.create", draft.clone());
    assert_eq!((err.code, err.field.as_deref()), (ErrorCode::InvalidState, Some("opportunity_id")));
    let a =
        s.org.ok(Some(rep), "approvals.submit", json!({"document_type": "opportunity_evaluation", "document_id": opp}));
    s.org.ok(Some(&s.org.east_manager), "approvals.approve", json!({"id": id(&a)}));
    let q = s.org.ok(Some(rep), "quotes.create", draft);
    s.org.ok(Some(rep), "quotes.send", json!({"id": id(&q)}));
    s.org.ok(Some(rep), "quotes.accept", json!({"id": id(&q), "update_opportunity": true}));
    let o = s.org.ok(Some(rep), "opportunities.get", json!({"id": opp}));
    assert_eq!(o["amount"].as_i64(), q["totals"]["net"].as_i64(), "the quote's net, before tax");
    assert_eq!(
        (o["lines"][0]["product_code"].as_str(), o["lines"][0]["quantity"].as_str()),
        (Some("PUMP-200"), Some("2.000"))
    );
    // Another customer's opportunity is refused.
    let other = id(&s.org.ok(None, "customers.create", json!({"name": "Other", "owner_id": rep})));
    let err = s.org.refused_unchanged(
        Some(rep),
        "quotes.create",
        json!({"customer_id": other, "opportunity_id": opp, "lines": [{"product_id": s.pump, "quantity": 1}]}),
    );
    assert_eq!(err.field.as_deref(), Some("opportunity_id"));
}

#[test]
fn doc_2_bad_input_is_refused_with_its_field_and_changes_nothing() {
    let s = shop();
    let rep = &s.org.rep_east1;
    let line = |extra: Value| {
        let mut l = json!({"product_id": s.pump, "quantity": 1});
        l.as_object_mut().unwrap().extend(extra.as_object().unwrap().clone());
        json!({"customer_id": s.customer, "lines": [l]})
    };
    let cases = [
        (line(json!({"quantity": "-1"})), ErrorCode::MalformedRequest, "lines[0].quantity"),
        (line(json!({"quantity": -1})), ErrorCode::MalformedRequest, "lines[0].quantity"),
        (line(json!({"quantity": 1.5})), ErrorCode::MalformedRequest, "lines[0].quantity"),
        (line(json!({"quantity": 0})), ErrorCode::Validation, "lines[0].quantity"),
        (line(json!({"discount_bp": 10_001})), ErrorCode::Validation, "lines[0].discount_bp"),
        (line(json!({"unit_price": -5})), ErrorCode::Validation, "lines[0].unit_price"),
        (line(json!({"product_id": "no-such-product"})), ErrorCode::NotFound, "lines[0].product_id"),
        (line(json!({"colour": "red"})), ErrorCode::MalformedRequest, "lines[0].colour"),
        (json!({"customer_id": s.customer, "lines": []}), ErrorCode::Validation, "lines"),
        (
            json!({"customer_id": s.customer, "lines": [{"product_id": s.pump, "quantity": 1}], "valid_until": "2026-02-30"}),
            ErrorCode::Validation,
            "valid_until",
        ),
        (
            json!({"customer_id": s.customer, "lines": [{"product_id": s.pump, "quantity": 1}], "valid_until": "2020-01-01"}),
            ErrorCode::Validation,
            "valid_until",
        ),
        (
            json!({"customer_id": s.customer, "lines": [{"product_id": s.pump, "quantity": 1}], "currency": "XXX"}),
            ErrorCode::Validation,
            "currency",
        ),
        (
            json!({"customer_id": "nobody", "lines": [{"product_id": s.pump, "quantity": 1}]}),
            ErrorCode::NotFound,
            "customer_id",
        ),
    ];
    for (req, code, field) in cases {
        let err = s.org.refused_unchanged(Some(rep), "quotes.create", req.clone());
        assert_eq!((err.code, err.field.as_deref()), (code, Some(field)), "{req}");
    }
    // Another rep's customer does not exist for rep_west; a draft is neither accepted nor rejected.
    let err = s.org.refused_unchanged(Some(&s.org.rep_west), "quotes.create", line(json!({})));
    assert_eq!(err.code, ErrorCode::NotFound);
    let q = s.quote(rep, json!([{"product_id": s.pump, "quantity": 1}]));
    for method in ["quotes.accept", "quotes.reject", "quotes.revise"] {
        assert_eq!(s.org.refused_unchanged(Some(rep), method, json!({"id": id(&q)})).code, ErrorCode::InvalidState);
    }
    let err = s.org.refused_unchanged(Some(&s.org.rep_west), "quotes.get", json!({"id": id(&q)}));
    assert_eq!(err.code, ErrorCode::NotFound);
    // An inactive product is not quoted.
    s.org.ok(None, "products.update", json!({"id": s.hour, "active": false}));
    let err = s.org.refused_unchanged(
        Some(rep),
        "quotes.create",
        json!({"customer_id": s.customer, "lines": [{"product_id": s.hour, "quantity": 1}]}),
    );
    assert_eq!((err.code, err.field.as_deref()), (ErrorCode::InvalidState, Some("lines[0].product_id")));
}

#[test]
fn doc_2_a_quote_not_waiting_for_its_discount_approval_is_archived_and_restored() {
    let s = shop();
    let rep = Some(s.org.rep_east1.as_str());
    let draft = s.quote(&s.org.rep_east1, json!([{"product_id": s.pump, "quantity": 1}]));
    let waiting = s.quote(&s.org.rep_east1, json!([{"product_id": s.pump, "quantity": 1, "discount_bp": 2000}]));
    s.org.ok(rep, "quotes.send", json!({"id": id(&waiting)}));
    // A quote whose discount waits for the manager stays in view.
    let e = s.org.refused_unchanged(rep, "quotes.archive", json!({"id": id(&waiting)}));
    assert_eq!(e.code, ErrorCode::InvalidState);
    let archived = s.org.ok(rep, "quotes.archive", json!({"id": id(&draft)}));
    assert!(archived["archived_at"].is_string());
    let listed = |extra: Value| -> Vec<String> {
        let mut req = json!({"customer_id": s.customer});
        req.as_object_mut().unwrap().extend(extra.as_object().unwrap().clone());
        s.org.ok(rep, "quotes.list", req)["items"].as_array().unwrap().iter().map(id).collect()
    };
    assert_eq!(listed(json!({})), vec![id(&waiting)]);
    assert_eq!(listed(json!({"include_archived": true})).len(), 2);
    // Archived, it is read but not written; archiving twice is refused.
    assert_eq!(s.org.ok(rep, "quotes.get", json!({"id": id(&draft)}))["archived_at"], archived["archived_at"]);
    let e = s.org.refused_unchanged(rep, "quotes.send", json!({"id": id(&draft)}));
    assert_eq!(e.code, ErrorCode::InvalidState);
    let e = s.org.refused_unchanged(rep, "quotes.archive", json!({"id": id(&draft)}));
    assert_eq!(e.code, ErrorCode::InvalidState);
    // Another team's rep does not reach it.
    let e = s.org.refused_unchanged(Some(&s.org.rep_west), "quotes.restore", json!({"id": id(&draft)}));
    assert_eq!(e.code, ErrorCode::NotFound);
    let restored = s.org.ok(rep, "quotes.restore", json!({"id": id(&draft)}));
    assert!(restored["archived_at"].is_null());
    assert_eq!(listed(json!({})).len(), 2);
    let e = s.org.refused_unchanged(rep, "quotes.restore", json!({"id": id(&draft)}));
    assert_eq!(e.code, ErrorCode::InvalidState);
    let history = s.org.ok(None, "audit.history", json!({"entity": "quote", "id": id(&draft)}));
    let actions: Vec<&str> = history.as_array().unwrap().iter().map(|h| h["action"].as_str().unwrap()).collect();
    assert!(actions.contains(&"archive") && actions.contains(&"restore"), "{actions:?}");
}
