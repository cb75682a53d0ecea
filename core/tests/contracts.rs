//! DOC-3, DOC-9 and DOC-10 through `engine.call`: contracts from quotes or direct with a payment plan, approval, signing, amendments into versions, orders under a contract owing along its plan, execution, the alerts, invoice requests, and bad input refused without a change.

mod common;

use common::{Org, id};
use rapport_core::ErrorCode;
use serde_json::{Value, json};

/// A customer of `rep_east1` and a widget (100.00, 13% VAT: 113.00 a piece with tax).
struct Shop {
    org: Org,
    customer: String,
    widget: String,
    gear: String,
}

fn shop() -> Shop {
    let org = Org::new();
    let customer = id(&org.ok(
        None,
        "customers.create",
        json!({"name": "苏州机电", "owner_id": org.rep_east1, "credit_limit": 100_000_000}),
    ));
    let product = |code: &str, price: i64| {
        id(&org.ok(
            None,
            "products.create",
            json!({"code": code, "name": code, "unit": "pcs", "list_price": price, "tax_rate_bp": 1300}),
        ))
    };
    let widget = product("W-1", 10_000);
    let gear = product("G-1", 5_000);
    Shop { org, customer, widget, gear }
}

impl Shop {
    fn rep(&self) -> Option<&str> {
        Some(&self.org.rep_east1)
    }

    /// A draft contract for 100 widgets (11,300.00 with tax): 30% on 03-15, 70% on 06-30.
    fn draft(&self) -> Value {
        self.org.ok(
            self.rep(),
            "contracts.create",
            json!({
                "customer_id": self.customer, "title": "年度框架协议", "end_date": "2026-12-31",
                "lines": [{"product_id": self.widget, "quantity": 100}],
                "payment_plan": [
                    {"due_date": "2026-03-15", "percent_bp": 3000, "note": "预付款"},
                    {"due_date": "2026-06-30", "percent_bp": 7000},
                ],
            }),
        )
    }

    /// Submitted by the rep, approved by their manager, signed.
    fn approve_and_sign(&self, contract: &Value) -> Value {
        let a = self.org.ok(self.rep(), "contracts.submit", json!({"id": id(contract)}));
        assert_eq!(a["status"], "pending");
        self.org.ok(Some(&self.org.east_manager), "approvals.approve", json!({"id": id(&a)}));
        self.org.ok(self.rep(), "contracts.sign", json!({"id": id(contract), "signed_date": "2026-03-02"}))
    }

    fn signed(&self) -> Value {
        let k = self.draft();
        self.approve_and_sign(&k)
    }

    /// An order under `contract` for `quantity` widgets, submitted and approved.
    fn order(&self, contract: &Value, quantity: i64) -> Value {
        let o = self.org.ok(
            self.rep(),
            "orders.create",
            json!({"contract_id": id(contract), "lines": [{"product_id": self.widget, "quantity": quantity}]}),
        );
        let a = self.org.ok(self.rep(), "orders.submit", json!({"id": id(&o)}));
        self.org.ok(Some(&self.org.east_manager), "approvals.approve", json!({"id": id(&a)}));
        self.org.ok(None, "orders.get", json!({"id": id(&o)}))
    }

    fn receivables(&self, order: &Value) -> Vec<(i64, String, i64, i64)> {
        let page = self.org.ok(None, "receivables.list", json!({"order_id": id(order)}));
        let mut rows: Vec<(i64, String, i64, i64)> = page["items"]
            .as_array()
            .unwrap()
            .iter()
            .map(|r| {
                (
                    r["seq"].as_i64().unwrap(),
                    r["due_date"].as_str().unwrap().to_string(),
                    r["amount_base"].as_i64().unwrap(),
                    r["outstanding_base"].as_i64().unwrap(),
                )
            })
            .collect();
        rows.sort();
        rows
    }

    fn execution(&self, contract: &Value, as_of: &str) -> Value {
        self.org.ok(self.rep(), "contracts.execution", json!({"id": id(contract), "as_of": as_of}))
    }
}

#[test]
fn doc_3_a_contract_from_a_quote_is_approved_signed_and_listed() {
    let s = shop();
    let q = s.org.ok(
        s.rep(),
        "quotes.create",
        json!({"customer_id": s.customer, "lines": [{"product_id": s.widget, "quantity": 10, "discount_bp": 500}]}),
    );
    s.org.ok(s.rep(), "quotes.send", json!({"id": id(&q)}));
    let k = s.org.ok(
        s.rep(),
        "contracts.create",
        json!({"quote_id": id(&q), "title": "首单合同", "start_date": "2026-03-02", "end_date": "2026-06-30"}),
    );
    assert_eq!(
        (k["code"].as_str(), k["version"].as_i64(), k["status"].as_str()),
        (Some("K-000001"), Some(1), Some("draft"))
    );
    assert_eq!((k["quote_id"].as_str(), k["customer_id"].as_str()), (Some(id(&q).as_str()), Some(s.customer.as_str())));
    assert_eq!(k["lines"], q["lines"], "the quote's lines");
    assert_eq!(k["totals"], q["totals"]);
    assert_eq!(k["payment_plan"], json!([]), "no plan: orders follow their payment terms");
    assert_eq!(s.org.ok(None, "quotes.get", json!({"id": id(&q)}))["status"], "accepted", "the quote was accepted");
    // Submission goes through the contract flow to the rep's manager; a submitted contract is locked.
    let before = s.org.engine.export_image().unwrap();
    let dry = s.org.ok(s.rep(), "contracts.submit", json!({"id": id(&k), "dry_run": true}));
    assert!(s.org.engine.export_image().unwrap() == before, "a dry run writes nothing");
    assert_eq!(dry["steps"][0]["approvers"], json!([s.org.east_manager]));
    let a = s.org.ok(s.rep(), "contracts.submit", json!({"id": id(&k), "note": "请审批"}));
    assert_eq!((a["document_type"].as_str(), a["status"].as_str()), (Some("contract"), Some("pending")));
    let err = s.org.refused_unchanged(s.rep(), "contracts.update", json!({"id": id(&k), "title": "x"}));
    assert_eq!(err.code, ErrorCode::InvalidState);
    let err = s.org.refused_unchanged(s.rep(), "contracts.sign", json!({"id": id(&k)}));
    assert_eq!(err.code, ErrorCode::InvalidState, "not yet approved");
    let pending = s.org.ok(Some(&s.org.east_manager), "approvals.pending", json!({}));
    assert_eq!(pending["items"][0]["document_type"], "contract");
    assert!(pending["items"][0]["title"].as_str().unwrap().starts_with("K-000001 v1 首单合同"));
    s.org.ok(Some(&s.org.east_manager), "approvals.approve", json!({"id": id(&a)}));
    assert_eq!(s.org.ok(s.rep(), "contracts.get", json!({"id": id(&k)}))["status"], "approved");
    let signed = s.org.ok(s.rep(), "contracts.sign", json!({"id": id(&k)}));
    assert_eq!((signed["status"].as_str(), signed["signed_date"].as_str()), (Some("signed"), Some("2026-03-02")));
    // Listed in scope; another rep does not see it; the audit log has every step.
    let listed = s.org.ok(s.rep(), "contracts.list", json!({"customer_id": s.customer, "status": "signed"}));
    assert_eq!(listed["items"].as_array().unwrap().iter().map(id).collect::<Vec<_>>(), [id(&k)]);
    let other = s.org.ok(Some(&s.org.rep_west), "contracts.list", json!({}));
    assert_eq!(other["items"], json!([]));
    let err = s.org.refused(Some(&s.org.rep_west), "contracts.get", json!({"id": id(&k)}));
    assert_eq!(err.code, ErrorCode::NotFound);
    let history = s.org.ok(None, "audit.history", json!({"entity": "contract", "id": id(&k)}));
    let actions: Vec<&str> = history.as_array().unwrap().iter().map(|e| e["action"].as_str().unwrap()).collect();
    assert_eq!(actions, ["create", "approval_submitted", "submit", "approval_approved", "approve", "sign"]);
    // Past its end date it reads as expired, and orders are no longer made under it.
    s.org.ok(None, "contracts.terminate", json!({"id": id(&k), "reason": "客户业务调整"}));
    let err = s.org.refused_unchanged(s.rep(), "orders.create", json!({"contract_id": id(&k)}));
    assert_eq!((err.code, err.field.as_deref()), (ErrorCode::Validation, Some("contract_id")));
    // A terminated contract is archived and restored.
    let archived = s.org.ok(s.rep(), "contracts.archive", json!({"id": id(&k)}));
    assert!(archived["archived_at"].is_string());
    assert_eq!(s.org.ok(s.rep(), "contracts.list", json!({}))["items"], json!([]));
    let restored = s.org.ok(s.rep(), "contracts.restore", json!({"id": id(&k)}));
    assert_eq!(restored["archived_at"], Value::Null);
}

#[test]
fn doc_9_a_payment_plan_adds_up_to_the_contract_and_bad_input_changes_nothing() {
    let s = shop();
    let k = s.draft();
    let plan = k["payment_plan"].as_array().unwrap();
    assert_eq!(
        plan.iter().map(|p| (p["amount"].as_i64().unwrap(), p["percent_bp"].as_i64())).collect::<Vec<_>>(),
        [(339_000, Some(3000)), (791_000, Some(7000))]
    );
    let base = json!({"customer_id": s.customer, "title": "T", "end_date": "2026-12-31",
                      "lines": [{"product_id": s.widget, "quantity": 1}]});
    let with = |extra: Value| {
        let mut r = base.clone();
        r.as_object_mut().unwrap().extend(extra.as_object().unwrap().clone());
        r
    };
    let cases = [
        // Instalments that do not add up to the contract (11,300 against 113.00).
        (with(json!({"payment_plan": [{"due_date": "2026-04-01", "amount": 10_000}]})), "payment_plan"),
        (with(json!({"payment_plan": [{"due_date": "2026-04-01", "percent_bp": 9000}]})), "payment_plan"),
        (
            with(
                json!({"payment_plan": [{"due_date": "2026-05-01", "amount": 5_000}, {"due_date": "2026-04-01", "amount": 6_300}]}),
            ),
            "payment_plan[1].due_date",
        ),
        (
            with(json!({"payment_plan": [{"due_date": "2026-04-01", "amount": 11_300, "percent_bp": 10000}]})),
            "payment_plan[0].amount",
        ),
        (with(json!({"payment_plan": [{"due_date": "2026-04-31", "amount": 11_300}]})), "payment_plan[0].due_date"),
        (with(json!({"payment_plan": [{"due_date": "2026-04-01", "amount": -1}]})), "payment_plan[0].amount"),
        (with(json!({"start_date": "2026-06-01", "end_date": "2026-05-01"})), "end_date"),
        (with(json!({"title": "  "})), "title"),
        (
            with(json!({"lines": [{"product_id": s.widget, "quantity": 1}, {"product_id": s.widget, "quantity": 2}]})),
            "lines[1].product_id",
        ),
        (with(json!({"lines": []})), "lines"),
    ];
    for (req, field) in cases {
        let err = s.org.refused_unchanged(s.rep(), "contracts.create", req.clone());
        assert_eq!((err.code, err.field.as_deref()), (ErrorCode::Validation, Some(field)), "{req}");
    }
    let err = s.org.refused_unchanged(s.rep(), "contracts.create", json!({"title": "T", "end_date": "2026-12-31"}));
    assert_eq!(err.field.as_deref(), Some("customer_id"));
    let err = s.org.refused_unchanged(s.rep(), "contracts.create", json!({"customer_id": s.customer, "title": 7}));
    assert_eq!(err.code, ErrorCode::MalformedRequest);
    // Changing the lines re-resolves a percentage plan; fixed amounts that no longer fit are refused.
    let k2 = s.org.ok(
        s.rep(),
        "contracts.update",
        json!({"id": id(&k), "lines": [{"product_id": s.widget, "quantity": 10}]}),
    );
    assert_eq!(k2["payment_plan"][0]["amount"], 33_900);
    let fixed = s.org.ok(
        s.rep(),
        "contracts.update",
        json!({"id": id(&k), "payment_plan": [{"due_date": "2026-04-01", "amount": 113_000}]}),
    );
    assert_eq!(fixed["payment_plan"][0]["percent_bp"], Value::Null);
    let err = s.org.refused_unchanged(
        s.rep(),
        "contracts.update",
        json!({"id": id(&k), "lines": [{"product_id": s.widget, "quantity": 11}]}),
    );
    assert_eq!(err.field.as_deref(), Some("payment_plan"));
    // Amending an unsigned contract as if signed; signing a draft; ordering under a draft.
    let err = s.org.refused_unchanged(s.rep(), "contracts.amend", json!({"id": id(&k)}));
    assert_eq!(err.code, ErrorCode::InvalidState);
    let err = s.org.refused_unchanged(s.rep(), "contracts.sign", json!({"id": id(&k)}));
    assert_eq!(err.code, ErrorCode::InvalidState);
    let err = s.org.refused_unchanged(s.rep(), "orders.create", json!({"contract_id": id(&k)}));
    assert_eq!((err.code, err.field.as_deref()), (ErrorCode::Validation, Some("contract_id")));
    let err = s.org.refused_unchanged(s.rep(), "contracts.terminate", json!({"id": id(&k), "reason": "x"}));
    assert_eq!(err.code, ErrorCode::InvalidState);
    // Someone else's customer: not found; a viewer may not write.
    let err = s.org.refused_unchanged(Some(&s.org.rep_west), "contracts.update", json!({"id": id(&k), "title": "x"}));
    assert_eq!(err.code, ErrorCode::NotFound);
    let err = s.org.refused_unchanged(Some(&s.org.viewer), "contracts.update", json!({"id": id(&k), "title": "x"}));
    assert_eq!(err.code, ErrorCode::PermissionDenied);
}

#[test]
fn doc_9_orders_under_a_contract_owe_along_its_payment_plan_and_execution_follows_them() {
    let s = shop();
    let k = s.signed();
    // All that remains when no lines are given; within what remains otherwise, at the contract's price.
    let err = s.org.refused_unchanged(
        s.rep(),
        "orders.create",
        json!({"contract_id": id(&k), "lines": [{"product_id": s.widget, "quantity": 101}]}),
    );
    assert_eq!((err.code, err.field.as_deref()), (ErrorCode::Validation, Some("lines[0].quantity")));
    let err = s.org.refused_unchanged(
        s.rep(),
        "orders.create",
        json!({"contract_id": id(&k), "lines": [{"product_id": s.gear, "quantity": 1}]}),
    );
    assert_eq!(err.field.as_deref(), Some("lines[0].product_id"));
    let err = s.org.refused_unchanged(
        s.rep(),
        "orders.create",
        json!({"contract_id": id(&k), "lines": [{"product_id": s.widget, "quantity": 1, "unit_price": 1}]}),
    );
    assert_eq!(err.field.as_deref(), Some("lines[0]"));
    let o = s.order(&k, 40);
    assert_eq!((o["contract_id"].as_str(), o["amount"].as_i64()), (Some(id(&k).as_str()), Some(452_000)));
    assert!(o["lines"][0]["price_source"].as_str().unwrap().starts_with("contract:K-000001:v1"));
    // 30% and 70% of 4,520.00, due on the plan's dates instead of the payment terms.
    assert_eq!(
        s.receivables(&o),
        [(1, "2026-03-15".into(), 135_600, 135_600), (2, "2026-06-30".into(), 316_400, 316_400)]
    );
    // A draft order waiting takes from what remains; a second order cannot take more.
    let pending = s.org.ok(
        s.rep(),
        "orders.create",
        json!({"contract_id": id(&k), "lines": [{"product_id": s.widget, "quantity": 50}]}),
    );
    let err = s.org.refused_unchanged(
        s.rep(),
        "orders.create",
        json!({"contract_id": id(&k), "lines": [{"product_id": s.widget, "quantity": 11}]}),
    );
    assert_eq!(err.field.as_deref(), Some("lines[0].quantity"));
    s.org.ok(s.rep(), "orders.deliver", json!({"order_id": id(&o), "lines": [{"line_no": 1, "quantity": 10}]}));
    s.org.ok(
        None,
        "receipts.push",
        json!({"items": [{"external_ref": "RC-1", "customer_id": s.customer, "order_id": id(&o), "receipt_date": "2026-03-10", "amount": 135_600}]}),
    );
    let x = s.execution(&k, "2026-04-01");
    let line = &x["lines"][0];
    assert_eq!(
        (line["ordered_quantity"].as_str(), line["pending_quantity"].as_str(), line["remaining_quantity"].as_str()),
        (Some("40"), Some("50"), Some("10"))
    );
    assert_eq!((line["delivered_quantity"].as_str(), line["delivered_amount"].as_i64()), (Some("10"), Some(113_000)));
    assert_eq!(line["received_amount"], 135_600);
    assert_eq!(x["totals"]["ordered_amount"], 452_000);
    assert_eq!(x["totals"]["pending_amount"], 565_000);
    assert_eq!(
        (x["totals"]["outstanding_base"].as_i64(), x["totals"]["overdue_base"].as_i64()),
        (Some(316_400), Some(0))
    );
    let statuses = |x: &Value| -> Vec<String> {
        x["instalments"].as_array().unwrap().iter().map(|i| i["status"].as_str().unwrap().to_string()).collect()
    };
    assert_eq!(statuses(&x), ["paid", "open"]);
    let later = s.execution(&k, "2026-07-05");
    assert_eq!(statuses(&later), ["paid", "overdue"]);
    assert_eq!(
        (later["instalments"][1]["overdue_days"].as_i64(), later["totals"]["overdue_base"].as_i64()),
        (Some(5), Some(316_400))
    );
    // The customer's 360 view counts the plan's receivables.
    let overview = s.org.ok(None, "customers.overview", json!({"id": s.customer, "as_of": "2026-07-05"}));
    assert_eq!(overview["statistics"]["overdue_amount"], 316_400);
    // A cancelled pending order frees its quantities.
    s.org.ok(s.rep(), "orders.cancel", json!({"id": id(&pending)}));
    assert_eq!(s.execution(&k, "2026-04-01")["lines"][0]["remaining_quantity"], "60");
    // Without `view_financial` on receivables the money received is withheld.
    s.org.ok(
        None,
        "roles.define",
        json!({"code": "clerk", "name": "Clerk", "scope": "all", "permissions": {"contract": ["create", "edit"]}}),
    );
    let clerk = id(&s.org.ok(
        None,
        "users.create",
        json!({"name": "Clerk", "department_id": s.org.east, "custom_roles": ["clerk"]}),
    ));
    let hidden = s.org.ok(Some(&clerk), "contracts.execution", json!({"id": id(&k)}));
    assert_eq!(hidden["totals"]["received_amount"], Value::Null);
    assert!(hidden["withheld"].as_array().unwrap().contains(&json!("outstanding_base")));
    assert_eq!(hidden["totals"]["ordered_amount"], 452_000);
}

#[test]
fn doc_9_amending_a_signed_contract_makes_a_version_and_its_orders_follow_the_new_plan() {
    let s = shop();
    let v1 = s.signed();
    let o = s.order(&v1, 40);
    let v2 = s.org.ok(s.rep(), "contracts.amend", json!({"id": id(&v1)}));
    assert_eq!(
        (v2["code"].as_str(), v2["version"].as_i64(), v2["status"].as_str(), v2["previous_id"].as_str()),
        (Some("K-000001"), Some(2), Some("draft"), Some(id(&v1).as_str()))
    );
    let err = s.org.refused_unchanged(s.rep(), "contracts.amend", json!({"id": id(&v1)}));
    assert_eq!(err.code, ErrorCode::InvalidState, "one amendment at a time");
    // Until the amendment is signed, orders are made under the version in force.
    assert_eq!(s.org.ok(s.rep(), "contracts.get", json!({"id": id(&v1)}))["status"], "signed");
    // An amendment keeps what was ordered.
    s.org.ok(s.rep(), "contracts.update", json!({"id": id(&v2), "lines": [{"product_id": s.widget, "quantity": 30}]}));
    let err = s.org.refused_unchanged(s.rep(), "contracts.submit", json!({"id": id(&v2)}));
    assert_eq!(err.field.as_deref(), Some("lines[0].quantity"));
    s.org.ok(
        s.rep(),
        "contracts.update",
        json!({"id": id(&v2), "lines": [{"product_id": s.widget, "quantity": 120}],
               "payment_plan": [{"due_date": "2026-04-30", "percent_bp": 5000}, {"due_date": "2026-05-31", "percent_bp": 2500},
                                {"due_date": "2026-08-31", "percent_bp": 2500}]}),
    );
    let signed = s.approve_and_sign(&v2);
    assert_eq!(signed["status"], "signed");
    assert_eq!(s.org.ok(s.rep(), "contracts.get", json!({"id": id(&v1)}))["status"], "superseded");
    let listed = s.org.ok(s.rep(), "contracts.list", json!({}));
    assert_eq!(listed["items"].as_array().unwrap().iter().map(id).collect::<Vec<_>>(), [id(&v2)]);
    // The order moved to the new version and owes along its plan.
    let moved = s.org.ok(None, "orders.get", json!({"id": id(&o)}));
    assert_eq!(moved["contract_id"], json!(id(&v2)));
    assert_eq!(
        s.receivables(&o),
        [
            (1, "2026-04-30".into(), 226_000, 226_000),
            (2, "2026-05-31".into(), 113_000, 113_000),
            (3, "2026-08-31".into(), 113_000, 113_000)
        ]
    );
    let x = s.execution(&v2, "2026-05-01");
    assert_eq!(
        (x["lines"][0]["ordered_quantity"].as_str(), x["lines"][0]["remaining_quantity"].as_str()),
        (Some("40"), Some("80"))
    );
    assert_eq!(x["order_ids"], json!([id(&o)]));
    // Orders named by the old version's id are made under the version in force.
    let o2 = s.org.ok(
        s.rep(),
        "orders.create",
        json!({"contract_id": id(&v1), "lines": [{"product_id": s.widget, "quantity": 1}]}),
    );
    assert_eq!(o2["contract_id"], json!(id(&v2)));
}

#[test]
fn cus_8_instalments_due_and_contracts_ending_appear_in_the_alerts() {
    let s = shop();
    let k = s.org.ok(
        s.rep(),
        "contracts.create",
        json!({"customer_id": s.customer, "title": "短期合同", "end_date": "2026-03-20",
               "lines": [{"product_id": s.widget, "quantity": 10}],
               "payment_plan": [{"due_date": "2026-03-10", "amount": 113_000}]}),
    );
    let k = s.approve_and_sign(&k);
    s.order(&k, 10);
    s.org.ok(None, "alerts.configure", json!({"contract_days": 10}));
    let agenda = s.org.ok(s.rep(), "agenda.day", json!({"date": "2026-03-05"}));
    let alerts: Vec<(String, Value, Value, Value)> = agenda["alerts"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|a| a["record_id"] == json!(id(&k)))
        .map(|a| (a["kind"].as_str().unwrap().to_string(), a["days"].clone(), a["date"].clone(), a["amount"].clone()))
        .collect();
    assert_eq!(alerts, [("instalment_due".to_string(), json!(5), json!("2026-03-10"), json!(113_000))]);
    let agenda = s.org.ok(s.rep(), "agenda.day", json!({"date": "2026-03-12"}));
    let kinds: Vec<&str> = agenda["alerts"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|a| a["record_id"] == json!(id(&k)))
        .map(|a| a["kind"].as_str().unwrap())
        .collect();
    assert_eq!(kinds, ["contract_ending"], "the instalment passed; the contract ends on 03-20");
    let err = s.org.refused_unchanged(None, "alerts.configure", json!({"contract_days": -1}));
    assert_eq!(err.field.as_deref(), Some("contract_days"));
}

#[test]
fn doc_10_invoice_requests_stay_within_the_uninvoiced_amount_and_finance_reports_them_issued() {
    let s = shop();
    let k = s.signed();
    let o = s.order(&k, 40);
    let request = |amount: i64| {
        json!({"order_id": id(&o), "amount": amount, "invoice_title": "苏州机电有限公司",
               "tax_id": "91320500MA1X2Y3Z4K", "invoice_type": "vat_special"})
    };
    // Above what the order may still be invoiced; a special VAT invoice without a tax id; a draft order.
    let err = s.org.refused_unchanged(s.rep(), "invoices.request", request(452_001));
    assert_eq!((err.code, err.field.as_deref()), (ErrorCode::Validation, Some("amount")));
    let mut no_tax_id = request(1);
    no_tax_id.as_object_mut().unwrap().remove("tax_id");
    assert_eq!(s.org.refused_unchanged(s.rep(), "invoices.request", no_tax_id).field.as_deref(), Some("tax_id"));
    let mut bad_tax_id = request(1);
    bad_tax_id["tax_id"] = json!("12-34");
    assert_eq!(s.org.refused_unchanged(s.rep(), "invoices.request", bad_tax_id).field.as_deref(), Some("tax_id"));
    let draft = s.org.ok(
        s.rep(),
        "orders.create",
        json!({"customer_id": s.customer, "lines": [{"product_id": s.gear, "quantity": 1}]}),
    );
    let mut on_draft = request(1);
    on_draft["order_id"] = json!(id(&draft));
    assert_eq!(s.org.refused_unchanged(s.rep(), "invoices.request", on_draft).field.as_deref(), Some("order_id"));
    let mut two = request(1);
    two["contract_id"] = json!(id(&k));
    assert_eq!(s.org.refused_unchanged(s.rep(), "invoices.request", two).code, ErrorCode::Validation);
    let err = s.org.refused_unchanged(
        s.rep(),
        "invoices.request",
        json!({"order_id": id(&o), "amount": 1, "invoice_title": "x", "invoice_type": "paper"}),
    );
    assert_eq!(err.code, ErrorCode::MalformedRequest);
    // The rep asks for 3,000.00; the order shows it waiting.
    let inv = s.org.ok(s.rep(), "invoices.request", request(300_000));
    assert_eq!(
        (inv["code"].as_str(), inv["status"].as_str(), inv["currency"].as_str()),
        (Some("INV-000001"), Some("requested"), Some("CNY"))
    );
    let order = s.org.ok(None, "orders.get", json!({"id": id(&o)}));
    assert_eq!(
        (
            order["invoiced_amount"].as_i64(),
            order["invoice_requested_amount"].as_i64(),
            order["uninvoiced_amount"].as_i64()
        ),
        (Some(0), Some(300_000), Some(152_000))
    );
    assert_eq!(s.org.refused_unchanged(s.rep(), "invoices.request", request(152_001)).field.as_deref(), Some("amount"));
    // Finance's queue; a rep may not issue; the manager (approve on invoices) or the host does.
    let queue = s.org.ok(Some(&s.org.manager), "invoices.list", json!({"status": "requested"}));
    assert_eq!(queue["items"].as_array().unwrap().iter().map(id).collect::<Vec<_>>(), [id(&inv)]);
    let issue = json!({"id": id(&inv), "invoice_number": "04401234", "issue_date": "2026-03-03", "amount": 250_000});
    let err = s.org.refused_unchanged(s.rep(), "invoices.issue", issue.clone());
    assert_eq!(err.code, ErrorCode::PermissionDenied);
    let err = s.org.refused_unchanged(
        None,
        "invoices.issue",
        json!({"id": id(&inv), "invoice_number": "1", "issue_date": "2026-03-03", "amount": 300_001}),
    );
    assert_eq!(err.field.as_deref(), Some("amount"));
    let issued = s.org.ok(Some(&s.org.manager), "invoices.issue", issue);
    assert_eq!((issued["status"].as_str(), issued["issued_amount"].as_i64()), (Some("issued"), Some(250_000)));
    let read = s.org.ok(s.rep(), "invoices.get", json!({"id": id(&inv)}));
    assert_eq!((read["invoice_number"].as_str(), read["issue_date"].as_str()), (Some("04401234"), Some("2026-03-03")));
    let err = s.org.refused_unchanged(Some(&s.org.rep_west), "invoices.get", json!({"id": id(&inv)}));
    assert_eq!(err.code, ErrorCode::NotFound, "another team's invoice is out of scope");
    let err = s.org.refused_unchanged(None, "invoices.reject", json!({"id": id(&inv), "reason": "late"}));
    assert_eq!(err.code, ErrorCode::InvalidState);
    let order = s.org.ok(None, "orders.get", json!({"id": id(&o)}));
    assert_eq!(
        (order["invoiced_amount"].as_i64(), order["uninvoiced_amount"].as_i64()),
        (Some(250_000), Some(202_000))
    );
    // The contract counts its orders' invoices; a request on the contract stays within its own remainder.
    let contract = s.org.ok(s.rep(), "contracts.get", json!({"id": id(&k)}));
    assert_eq!(
        (contract["invoiced_amount"].as_i64(), contract["uninvoiced_amount"].as_i64()),
        (Some(250_000), Some(880_000))
    );
    let on_contract =
        json!({"contract_id": id(&k), "amount": 880_001, "invoice_title": "苏州机电", "invoice_type": "electronic"});
    assert_eq!(s.org.refused_unchanged(s.rep(), "invoices.request", on_contract).field.as_deref(), Some("amount"));
    let advance = s.org.ok(
        s.rep(),
        "invoices.request",
        json!({"contract_id": id(&k), "amount": 100_000, "invoice_title": "苏州机电", "invoice_type": "electronic"}),
    );
    let rejected = s.org.ok(None, "invoices.reject", json!({"id": id(&advance), "reason": "抬头与合同不符"}));
    assert_eq!(rejected["status"], "rejected");
    let x = s.execution(&k, "2026-03-05");
    assert_eq!(
        (
            x["totals"]["invoiced_amount"].as_i64(),
            x["totals"]["invoice_requested_amount"].as_i64(),
            x["totals"]["uninvoiced_amount"].as_i64()
        ),
        (Some(250_000), Some(0), Some(880_000))
    );
    assert_eq!(x["lines"][0]["invoiced_amount"], 250_000);
    // Service income of the customer, described; listed with the customer's requests.
    let err = s.org.refused_unchanged(
        s.rep(),
        "invoices.request",
        json!({"customer_id": s.customer, "amount": 50_000, "invoice_title": "苏州机电", "invoice_type": "vat_general"}),
    );
    assert_eq!(err.field.as_deref(), Some("description"));
    s.org.ok(
        s.rep(),
        "invoices.request",
        json!({"customer_id": s.customer, "amount": 50_000, "invoice_title": "苏州机电", "invoice_type": "vat_general", "description": "设备维修服务费"}),
    );
    let all = s.org.ok(s.rep(), "invoices.list", json!({"customer_id": s.customer}));
    assert_eq!(all["items"].as_array().map(Vec::len), Some(3));
    let history = s.org.ok(None, "audit.history", json!({"entity": "invoice", "id": id(&inv)}));
    let actions: Vec<&str> = history.as_array().unwrap().iter().map(|e| e["action"].as_str().unwrap()).collect();
    assert_eq!(actions, ["request", "issue"]);
}

#[test]
fn cus_5_the_timeline_holds_every_document_and_activity_newest_first_with_its_status() {
    let s = shop();
    let k = s.signed();
    let o = s.order(&k, 10);
    s.org.ok(
        s.rep(),
        "orders.deliver",
        json!({"order_id": id(&o), "delivery_date": "2026-03-03", "lines": [{"line_no": 1, "quantity": 4}]}),
    );
    s.org.ok(
        None,
        "receipts.push",
        json!({"items": [{"external_ref": "BANK-9", "customer_id": s.customer, "receipt_date": "2026-03-04", "amount": 50_000}]}),
    );
    let q = s.org.ok(s.rep(), "quotes.create", json!({"customer_id": s.customer, "valid_until": "2026-03-10", "lines": [{"product_id": s.gear, "quantity": 1}]}));
    s.org.ok(s.rep(), "quotes.send", json!({"id": id(&q)}));
    s.org.ok(
        s.rep(),
        "activities.create",
        json!({"kind": "visit", "subject": "回访", "status": "done", "starts_at": "2026-03-05T02:00:00Z", "customer_id": s.customer}),
    );
    s.org.ok(
        s.rep(),
        "invoices.request",
        json!({"order_id": id(&o), "amount": 10_000, "invoice_title": "苏州机电", "invoice_type": "electronic"}),
    );
    let page = s.org.ok(s.rep(), "customers.timeline", json!({"id": s.customer}));
    let entries: Vec<(String, String, Value)> = page["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| {
            (e["kind"].as_str().unwrap().to_string(), e["at"].as_str().unwrap()[..10].to_string(), e["status"].clone())
        })
        .collect();
    let kinds: Vec<&str> = entries.iter().map(|(k, _, _)| k.as_str()).collect();
    assert_eq!(kinds, ["activity", "receipt", "delivery", "invoice", "quote", "order", "contract"]);
    assert_eq!(entries[0].2, "done");
    assert_eq!(entries[5], ("order".to_string(), "2026-03-02".to_string(), json!("partially_delivered")));
    assert_eq!(entries[6].2, "signed");
    let receipt = &page["items"][1];
    assert_eq!((receipt["amount"].as_i64(), receipt["currency"].as_str()), (Some(50_000), Some("CNY")));
    // Later the quote reads expired; kinds narrow it; pages follow the cursor without gaps or repeats.
    let later = s.org.ok(s.rep(), "customers.timeline", json!({"id": s.customer, "kinds": ["quote"]}));
    assert_eq!(later["items"][0]["status"], "sent", "valid until 03-10, today is 03-02");
    let mut seen = Vec::new();
    let mut cursor = Value::Null;
    loop {
        let p = s.org.ok(s.rep(), "customers.timeline", json!({"id": s.customer, "limit": 2, "cursor": cursor}));
        seen.extend(p["items"].as_array().unwrap().iter().map(|e| e["kind"].as_str().unwrap().to_string()));
        cursor = p["next_cursor"].clone();
        if cursor.is_null() {
            break;
        }
    }
    assert_eq!(seen, kinds);
    // Amounts of receipts are financial: withheld from roles without view_financial on receipts.
    s.org.ok(None, "roles.define", json!({"code": "desk", "name": "Desk", "scope": "all", "permissions": {}}));
    let desk = id(&s.org.ok(
        None,
        "users.create",
        json!({"name": "Desk", "department_id": s.org.east, "custom_roles": ["desk"]}),
    ));
    let hidden = s.org.ok(Some(&desk), "customers.timeline", json!({"id": s.customer, "kinds": ["receipt", "order"]}));
    let receipt = hidden["items"].as_array().unwrap().iter().find(|e| e["kind"] == "receipt").unwrap().clone();
    assert_eq!((receipt.get("amount"), receipt["withheld"].clone()), (None, json!(["amount"])));
    let order = hidden["items"].as_array().unwrap().iter().find(|e| e["kind"] == "order").unwrap().clone();
    assert_eq!(order["amount"], 113_000);
    // Out of scope: not found; bad kinds and cursors: validation, nothing written.
    let err = s.org.refused_unchanged(Some(&s.org.rep_west), "customers.timeline", json!({"id": s.customer}));
    assert_eq!(err.code, ErrorCode::NotFound);
    let err = s.org.refused_unchanged(s.rep(), "customers.timeline", json!({"id": s.customer, "kinds": ["user"]}));
    assert_eq!(err.field.as_deref(), Some("kinds"));
    let err = s.org.refused_unchanged(s.rep(), "customers.timeline", json!({"id": s.customer, "cursor": "nope"}));
    assert_eq!(err.field.as_deref(), Some("cursor"));
    let err = s.org.refused_unchanged(s.rep(), "customers.timeline", json!({"id": s.customer, "limit": 100_000}));
    assert_eq!(err.field.as_deref(), Some("limit"));
}

#[test]
fn doc_10_the_erp_owns_receivables_once_migrated_and_every_figure_follows_its_pushes() {
    let s = shop();
    let rep = s.rep();
    assert_eq!(s.org.ok(None, "finance.get", json!({})), json!({"receivables_owner": "engine"}));
    // An ERP order and a receipt: the engine derives the receivable; money is recorded.
    s.org.ok(
        None,
        "orders.push",
        json!({"items": [{"external_ref": "ERP-SO-1", "customer_id": s.customer, "status": "approved",
                          "order_date": "2026-01-10", "due_date": "2026-02-10", "amount": 500_000}]}),
    );
    s.org.ok(
        None,
        "receipts.push",
        json!({"items": [{"external_ref": "ERP-RC-1", "customer_id": s.customer, "receipt_date": "2026-02-01", "amount": 100_000}]}),
    );
    let push = json!({"items": [{"external_ref": "AR-1", "order_external_ref": "ERP-SO-1", "due_date": "2026-02-10", "amount": 500_000}]});
    let err = s.org.refused_unchanged(None, "receivables.push", push.clone());
    assert_eq!(err.code, ErrorCode::InvalidState, "a pushed receivable in engine-owned mode");
    let err = s.org.refused_unchanged(None, "finance.configure", json!({"receivables_owner": "erp"}));
    assert_eq!((err.code, err.field.as_deref()), (ErrorCode::InvalidState, Some("migrate")));
    let err = s.org.refused_unchanged(rep, "finance.configure", json!({"receivables_owner": "erp", "migrate": true}));
    assert_eq!(err.code, ErrorCode::PermissionDenied);
    // The documented migration: the engine's open receivable is closed, kept; nothing is owed until the ERP pushes.
    s.org.ok(None, "finance.configure", json!({"receivables_owner": "erp", "migrate": true}));
    let overview = |as_of: &str| {
        s.org.ok(None, "customers.overview", json!({"id": s.customer, "as_of": as_of}))["statistics"].clone()
    };
    assert_eq!(overview("2026-03-02")["outstanding_amount"], 0);
    let closed = s.org.ok(None, "receivables.list", json!({"customer_id": s.customer}));
    assert!(closed["items"][0]["closed_at"].is_string());
    // The ERP pushes two receivables on its order, one partly settled; a second push is idempotent.
    let two = json!({"items": [
        {"external_ref": "AR-1", "order_external_ref": "ERP-SO-1", "due_date": "2026-02-10", "amount": 300_000, "outstanding": 200_000},
        {"external_ref": "AR-2", "order_external_ref": "ERP-SO-1", "due_date": "2026-04-10", "amount": 200_000}]});
    let first = s.org.ok(None, "receivables.push", two.clone());
    assert_eq!((first["created"].as_i64(), first["updated"].as_i64()), (Some(2), Some(0)));
    let again = s.org.ok(None, "receivables.push", two);
    assert_eq!((again["created"].as_i64(), again["updated"].as_i64()), (Some(0), Some(2)));
    let stats = overview("2026-03-02");
    assert_eq!(
        (stats["outstanding_amount"].as_i64(), stats["overdue_amount"].as_i64()),
        (Some(400_000), Some(200_000))
    );
    assert_eq!(stats["year_outstanding_amount"], 400_000);
    let aging = s.org.ok(None, "receivables.aging", json!({"as_of": "2026-03-02"}));
    assert_eq!((aging["total"].as_i64(), aging["not_due"].as_i64()), (Some(400_000), Some(200_000)));
    let pushed = s.org.ok(None, "receivables.list", json!({"customer_id": s.customer, "open_only": true}));
    let refs: Vec<&str> =
        pushed["items"].as_array().unwrap().iter().map(|r| r["external_ref"].as_str().unwrap()).collect();
    assert_eq!(refs.len(), 2);
    // The credit check counts the ERP's open receivables.
    s.org.ok(None, "customers.update", json!({"id": s.customer, "credit_limit": 405_000}));
    let draft = s.org.ok(
        rep,
        "orders.create",
        json!({"customer_id": s.customer, "lines": [{"product_id": s.widget, "quantity": 1}]}),
    );
    let check = s.org.ok(Some(&s.org.manager), "orders.credit_check", json!({"id": id(&draft)}));
    assert_eq!((check["outstanding"].as_i64(), check["blocked"].as_bool()), (Some(400_000), Some(true)));
    // An order approved now derives no receivable; the overdue alert follows the ERP's.
    s.org.ok(None, "customers.update", json!({"id": s.customer, "credit_limit": null}));
    let a = s.org.ok(rep, "orders.submit", json!({"id": id(&draft)}));
    s.org.ok(Some(&s.org.east_manager), "approvals.approve", json!({"id": id(&a)}));
    assert_eq!(s.org.ok(None, "receivables.list", json!({"order_id": id(&draft)}))["items"], json!([]));
    let agenda = s.org.ok(rep, "agenda.day", json!({"date": "2026-03-02"}));
    let overdue: Vec<Value> = agenda["alerts"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|a| a["kind"] == "overdue_receivable")
        .map(|a| a["amount"].clone())
        .collect();
    assert_eq!(overdue, [json!(200_000)]);
    // The ERP settles AR-1; bad pushes change nothing.
    s.org.ok(None, "receivables.push", json!({"items": [{"external_ref": "AR-1", "order_external_ref": "ERP-SO-1", "due_date": "2026-02-10", "amount": 300_000, "outstanding": 0}]}));
    assert_eq!(overview("2026-03-02")["overdue_amount"], 0);
    for (item, field) in [
        (
            json!({"external_ref": "AR-3", "order_external_ref": "ERP-SO-1", "due_date": "2026-05-01", "amount": 100, "outstanding": 101}),
            "outstanding",
        ),
        (
            json!({"external_ref": "AR-3", "order_external_ref": "NOPE", "due_date": "2026-05-01", "amount": 100}),
            "order_id",
        ),
        (
            json!({"external_ref": "AR-3", "order_external_ref": "ERP-SO-1", "due_date": "2026-13-01", "amount": 100}),
            "due_date",
        ),
        (
            json!({"external_ref": "AR-3", "order_external_ref": "ERP-SO-1", "due_date": "2026-05-01", "amount": -5}),
            "amount",
        ),
    ] {
        let err = s.org.refused_unchanged(None, "receivables.push", json!({"items": [item]}));
        assert_eq!(err.items[0].field.as_deref(), Some(field), "{item}");
    }
    // Back to the engine with the migration: the pushed receivables close and the engine derives again.
    s.org.ok(None, "finance.configure", json!({"receivables_owner": "engine", "migrate": true}));
    let open = s.org.ok(None, "receivables.list", json!({"customer_id": s.customer, "open_only": true}));
    assert!(open["items"].as_array().unwrap().iter().all(|r| r["external_ref"].is_null()));
    let stats = overview("2026-03-02");
    assert_eq!(stats["outstanding_amount"], 500_000 + 11_300 - 100_000);
    let history = s.org.ok(None, "audit.history", json!({"entity": "finance", "id": "receivables_owner"}));
    assert_eq!(history.as_array().map(Vec::len), Some(2));
}
