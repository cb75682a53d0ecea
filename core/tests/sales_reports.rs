//! SCORE-9 sales reports through `engine.call`: sales by product, category, region, owner, department, customer, channel partner and period, and the execution of orders, in the actor's report scope, received money withheld without `view_financial`.

mod common;

use common::{Org, id, test_options};
use rapport_core::{Engine, ErrorCode};
use serde_json::{Value, json};

struct Sales {
    org: Org,
    east: String,
    west: String,
}

/// Two customers (东方 of rep_east1 in 44/4403, 西部 of rep_west in 31/3100), pumps (100.00) and valves
/// (10.00) at 13% VAT, and pushed orders: January east 2 pumps + 5 valves through 华南代理, February east
/// 1 pump, February west 3 valves, a March west order pushed without lines (500.00), and a cancelled one.
fn sales() -> Sales {
    sales_in(Org::new())
}

fn sales_in(org: Org) -> Sales {
    let customer = |name: &str, owner: &str, region: &str| {
        id(&org.ok(None, "customers.create", json!({"name": name, "owner_id": owner, "region": region})))
    };
    let east = customer("东方机电", &org.rep_east1, "44/4403");
    let west = customer("西部能源", &org.rep_west, "31/3100");
    let product = |code: &str, price: i64, category: &str| {
        id(&org.ok(
            None,
            "products.create",
            json!({"code": code, "name": code, "unit": "pcs", "list_price": price, "tax_rate_bp": 1300, "category": category}),
        ))
    };
    let pump = product("PUMP", 10_000, "pumps");
    let valve = product("VALVE", 1_000, "valves");
    let order = |r: &str, c: &str, date: &str, lines: Value, amount: i64, extra: Value| {
        let mut o = json!({"external_ref": r, "customer_id": c, "status": "approved", "order_date": date,
                           "amount": amount, "lines": lines});
        o.as_object_mut().unwrap().extend(extra.as_object().unwrap().clone());
        o
    };
    org.ok(
        None,
        "orders.push",
        json!({"items": [
            order("S-1", &east, "2026-01-10", json!([{"product_id": pump, "quantity": 2}, {"product_id": valve, "quantity": 5}]),
                  28_250, json!({"channel_partner": "华南代理"})),
            order("S-2", &east, "2026-02-03", json!([{"product_id": pump, "quantity": 1}]), 11_300, json!({})),
            order("S-3", &west, "2026-02-20", json!([{"product_id": valve, "quantity": 3}]), 3_390, json!({})),
            {"external_ref": "S-4", "customer_id": west, "status": "approved", "order_date": "2026-03-01", "amount": 50_000},
            order("S-5", &west, "2026-03-02", json!([{"product_id": pump, "quantity": 9}]), 101_700, json!({"status": "cancelled"})),
        ]}),
    );
    Sales { org, east, west }
}

fn groups(report: &Value) -> Vec<(Value, Value, i64, i64)> {
    report["groups"]
        .as_array()
        .unwrap()
        .iter()
        .map(|g| (g["key"].clone(), g["period"].clone(), g["orders"].as_i64().unwrap(), g["amount"].as_i64().unwrap()))
        .collect()
}

#[test]
fn score_9_sales_by_product_category_region_owner_department_customer_channel_and_period() {
    let s = sales();
    let all = |by: &str, extra: Value| {
        let mut req = json!({"by": by, "from": "2026-01", "to": "2026-03"});
        req.as_object_mut().unwrap().extend(extra.as_object().unwrap().clone());
        s.org.ok(None, "reports.sales", req)
    };
    // Totals: the four counting orders (the cancelled one is not a sale).
    let by_customer = all("customer", json!({}));
    assert_eq!((by_customer["total_orders"].as_i64(), by_customer["total_amount"].as_i64()), (Some(4), Some(92_940)));
    assert_eq!(
        groups(&by_customer),
        [(json!(s.west), Value::Null, 2, 53_390), (json!(s.east), Value::Null, 2, 39_550)]
    );
    assert_eq!(by_customer["groups"][0]["name"], "西部能源");
    // Products with their quantities; the order pushed without lines is one group without a product.
    let by_product = all("product", json!({}));
    let products: Vec<(Value, Value, Value)> = by_product["groups"]
        .as_array()
        .unwrap()
        .iter()
        .map(|g| (g["name"].clone(), g["quantity"].clone(), g["amount"].clone()))
        .collect();
    assert_eq!(
        products,
        [
            (Value::Null, Value::Null, json!(50_000)),
            (json!("PUMP"), json!("3"), json!(33_900)),
            (json!("VALVE"), json!("8"), json!(9_040))
        ]
    );
    // Categories by month.
    let by_category = all("category", json!({"period": "month"}));
    assert_eq!(
        groups(&by_category),
        [
            (Value::Null, json!("2026-03"), 1, 50_000),
            (json!("pumps"), json!("2026-01"), 1, 22_600),
            (json!("pumps"), json!("2026-02"), 1, 11_300),
            (json!("valves"), json!("2026-01"), 1, 5_650),
            (json!("valves"), json!("2026-02"), 1, 3_390)
        ]
    );
    assert_eq!(
        groups(&all("region", json!({}))),
        [(json!("31"), Value::Null, 2, 53_390), (json!("44"), Value::Null, 2, 39_550)]
    );
    let owners = all("owner", json!({}));
    assert_eq!(groups(&owners)[0].0, json!(s.org.rep_west));
    assert_eq!(owners["groups"][1]["name"], "张伟");
    let departments = all("department", json!({}));
    assert_eq!(
        groups(&departments),
        [(json!(s.org.west), Value::Null, 2, 53_390), (json!(s.org.east), Value::Null, 2, 39_550)]
    );
    assert_eq!(
        groups(&all("channel_partner", json!({}))),
        [(Value::Null, Value::Null, 3, 64_690), (json!("华南代理"), Value::Null, 1, 28_250)]
    );
    assert_eq!(groups(&all("period", json!({"period": "quarter"}))), [(Value::Null, json!("2026-Q1"), 4, 92_940)]);
    // The months bound the sales; the limit bounds the groups, not the totals.
    let january = s.org.ok(None, "reports.sales", json!({"by": "customer", "from": "2026-01", "to": "2026-01"}));
    assert_eq!(january["total_amount"], 28_250);
    let top =
        s.org.ok(None, "reports.sales", json!({"by": "customer", "from": "2026-01", "to": "2026-03", "limit": 1}));
    assert_eq!((top["groups"].as_array().map(Vec::len), top["total_amount"].as_i64()), (Some(1), Some(92_940)));
    // A rep's report counts the sales of the customers they reach.
    let rep = s.org.ok(
        Some(&s.org.rep_east1),
        "reports.sales",
        json!({"by": "customer", "from": "2026-01", "to": "2026-03"}),
    );
    assert_eq!(
        (groups(&rep), rep["total_amount"].as_i64()),
        (vec![(json!(s.east), Value::Null, 2, 39_550)], Some(39_550))
    );
    // Bad input changes nothing.
    for (req, field) in [
        (json!({"by": "customer", "from": "2026-04", "to": "2026-03"}), Some("from")),
        (json!({"by": "customer", "from": "2026-13"}), Some("from")),
        (json!({"by": "customer", "limit": 100_000}), Some("limit")),
    ] {
        let err = s.org.refused_unchanged(None, "reports.sales", req.clone());
        assert_eq!((err.code, err.field.as_deref()), (ErrorCode::Validation, field), "{req}");
    }
    let err = s.org.refused_unchanged(None, "reports.sales", json!({"by": "colour"}));
    assert_eq!(err.code, ErrorCode::MalformedRequest);
}

#[test]
fn score_9_order_execution_ordered_delivered_invoiced_received_and_received_withheld() {
    let s = sales();
    s.org.ok(
        None,
        "deliveries.push",
        json!({"items": [{"external_ref": "D-1", "order_external_ref": "S-1", "delivery_date": "2026-01-20", "lines": [{"line_no": 1, "quantity": 2}]}]}),
    );
    let invoice = s.org.ok(
        Some(&s.org.rep_east1),
        "invoices.request",
        json!({"order_external_ref": "S-1", "amount": 10_000, "invoice_title": "东方机电", "invoice_type": "electronic"}),
    );
    s.org.ok(None, "invoices.issue", json!({"id": id(&invoice), "invoice_number": "1", "issue_date": "2026-01-25"}));
    s.org.ok(
        None,
        "receipts.push",
        json!({"items": [{"external_ref": "R-1", "customer_id": s.east, "order_external_ref": "S-1", "receipt_date": "2026-02-01", "amount": 20_000}]}),
    );
    let report =
        s.org.ok(None, "reports.order_execution", json!({"by": "customer", "from": "2026-01", "to": "2026-03"}));
    let east = report["groups"].as_array().unwrap().iter().find(|g| g["key"] == json!(s.east)).unwrap().clone();
    assert_eq!(
        (
            east["orders"].as_i64(),
            east["ordered"].as_i64(),
            east["delivered"].as_i64(),
            east["invoiced"].as_i64(),
            east["received"].as_i64()
        ),
        (Some(2), Some(39_550), Some(22_600), Some(10_000), Some(20_000))
    );
    let months = s.org.ok(None, "reports.order_execution", json!({"by": "month", "from": "2026-01", "to": "2026-03"}));
    let keys: Vec<Value> = months["groups"].as_array().unwrap().iter().map(|g| g["key"].clone()).collect();
    assert_eq!(keys, [json!("2026-03"), json!("2026-01"), json!("2026-02")], "largest ordered first");
    // Without view_financial on receivables the received money is withheld.
    s.org.ok(None, "roles.define", json!({"code": "desk", "name": "Desk", "scope": "all", "permissions": {}}));
    let desk = id(&s.org.ok(
        None,
        "users.create",
        json!({"name": "Desk", "department_id": s.org.east, "custom_roles": ["desk"]}),
    ));
    let hidden =
        s.org.ok(Some(&desk), "reports.order_execution", json!({"by": "owner", "from": "2026-01", "to": "2026-03"}));
    assert_eq!(hidden["withheld"], json!(["groups.received"]));
    assert!(hidden["groups"].as_array().unwrap().iter().all(|g| g["received"].is_null()));
    let err = s.org.refused_unchanged(None, "reports.order_execution", json!({"by": "region"}));
    assert_eq!(err.code, ErrorCode::MalformedRequest);
}

/// The kept figures as stored, zeros left out.
fn kept_figures(path: &std::path::Path) -> Vec<(String, String, String, String, i64, i64, i64)> {
    let conn = rusqlite::Connection::open(path).unwrap();
    let mut stmt = conn
        .prepare(
            "SELECT dim, month, owner_id, key, orders, quantity_milli, amount FROM sales_facts
              WHERE orders <> 0 OR quantity_milli <> 0 OR amount <> 0 ORDER BY 1, 2, 3, 4",
        )
        .unwrap();
    let rows =
        stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?, r.get(5)?, r.get(6)?)));
    rows.unwrap().collect::<Result<_, _>>().unwrap()
}

#[test]
fn score_9_kept_sales_figures_follow_every_write_and_equal_a_rebuild() {
    let dir = std::env::temp_dir().join(format!("rapport-sales-facts-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("crm.db");
    let s = sales_in(Org::with_engine(Engine::open(path.to_str().unwrap(), &test_options()).unwrap()));
    let org = &s.org;
    let pump = id(&org.ok(None, "products.list", json!({"category": "pumps"}))["items"][0]);
    let valve = id(&org.ok(None, "products.list", json!({"category": "valves"}))["items"][0]);
    // A credit return of one of S-1's two pumps, approved by an agent and a manager.
    let s1 = org.ok(None, "orders.list", json!({"customer_id": s.east}))["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|o| o["external_ref"] == "S-1")
        .cloned()
        .unwrap();
    org.ok(
        Some(&org.rep_east1),
        "orders.deliver",
        json!({"order_id": id(&s1), "lines": [{"line_no": 1, "quantity": 2}]}),
    );
    let r = org.ok(
        Some(&org.rep_east1),
        "returns.create",
        json!({"order_id": id(&s1), "kind": "credit", "reason": "运输破损", "lines": [{"line_no": 1, "quantity": 1}]}),
    );
    let approval = org.ok(None, "approvals.history", json!({"document_type": "sales_return", "document_id": id(&r)}));
    org.ok(Some(&org.agent), "approvals.approve", json!({"id": id(&approval[0])}));
    org.ok(Some(&org.east_manager), "approvals.approve", json!({"id": id(&approval[0])}));
    // The east customer goes to another rep; the pump moves to another category (its earlier sales stay
    // where they were sold), and a new pump order goes to the new one; the ERP moves S-2 to March and
    // cancels S-3.
    org.ok(None, "customers.update", json!({"id": s.east, "external_ref": "ERP-EAST"}));
    org.ok(
        None,
        "customers.batch",
        json!({"items": [{"name": "东方机电", "external_ref": "ERP-EAST", "owner_id": org.rep_east2}]}),
    );
    org.ok(None, "products.update", json!({"id": pump, "category": "heavy"}));
    org.ok(
        None,
        "orders.push",
        json!({"items": [
            {"external_ref": "S-6", "customer_id": s.east, "status": "approved", "order_date": "2026-03-05",
             "amount": 11_300, "lines": [{"product_id": pump, "quantity": 1}]},
            {"external_ref": "S-2", "customer_id": s.east, "status": "approved", "order_date": "2026-03-10",
             "amount": 11_300, "lines": [{"product_id": pump, "quantity": 1}]},
            {"external_ref": "S-7", "customer_id": s.west, "status": "approved", "order_date": "2026-03-07",
             "currency": "USD", "fx_rate": "7.1234", "amount": 5_761,
             "lines": [{"product_id": pump, "quantity": 3, "unit_price": 1_333},
                       {"product_id": valve, "quantity": 7, "unit_price": 157}]},
            {"external_ref": "S-3", "customer_id": s.west, "status": "cancelled", "order_date": "2026-02-20",
             "amount": 3_390, "lines": [{"product_id": valve, "quantity": 3}]},
        ]}),
    );
    let by_category =
        org.ok(None, "reports.sales", json!({"by": "category", "from": "2026-01", "to": "2026-03", "period": "month"}));
    assert_eq!(
        groups(&by_category),
        [
            (Value::Null, json!("2026-03"), 1, 50_000),
            (json!("heavy"), json!("2026-03"), 2, 11_300 + 32_191),
            (json!("pumps"), json!("2026-01"), 1, 11_300),
            (json!("pumps"), json!("2026-03"), 1, 11_300),
            (json!("valves"), json!("2026-03"), 1, 8_847),
            (json!("valves"), json!("2026-01"), 1, 5_650),
        ],
        "the return takes one pump back; S-2 moves to March keeping its line's category; S-6 and S-7 sell pumps as \
         heavy; S-7's lines share its base amount (57.61 USD at 7.1234 = 410.38, rounded per line); S-3 is cancelled"
    );
    let rep2 =
        org.ok(Some(&org.rep_east2), "reports.sales", json!({"by": "product", "from": "2026-01", "to": "2026-03"}));
    assert_eq!(rep2["total_orders"], 3, "the east customer's orders moved with it to its new owner");
    let rep1 =
        org.ok(Some(&org.rep_east1), "reports.sales", json!({"by": "product", "from": "2026-01", "to": "2026-03"}));
    assert_eq!((rep1["total_orders"].as_i64(), rep1["groups"].as_array().map(Vec::len)), (Some(0), Some(0)));
    let before = (kept_figures(&path), by_category);
    drop(s);
    // Built again from the documents, the figures are the same row for row.
    let conn = rusqlite::Connection::open(&path).unwrap();
    conn.execute("DELETE FROM meta WHERE key = 'sales_facts_built'", []).unwrap();
    conn.execute("UPDATE sales_facts SET amount = amount + 1", []).unwrap();
    drop(conn);
    let engine = Engine::open(path.to_str().unwrap(), &test_options()).unwrap();
    let after = common::ok(
        &engine,
        None,
        "reports.sales",
        json!({"by": "category", "from": "2026-01", "to": "2026-03", "period": "month"}),
    );
    drop(engine);
    assert_eq!(kept_figures(&path), before.0);
    assert_eq!(after, before.1);
    let _ = std::fs::remove_dir_all(&dir);
}
