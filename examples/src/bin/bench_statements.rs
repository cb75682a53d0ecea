//! Benchmark: SQL statements per call of common methods, counted by SQLite's trace hook (the core's `diagnostics` feature).
//!
//! Run: `cargo run --release -p rapport-examples --features diagnostics --bin bench_statements [-- --calls N]`.
//! Prints a table (method, statements per call, every statement SQLite starts: BEGIN and COMMIT included);
//! never used as an assertion.

#[path = "../bench_support.rs"]
mod bench_support;

use bench_support::{arg, remove_db, temp_path};
use rapport_core::{Engine, OpenOptions};
use serde_json::{Value, json};

fn call(engine: &Engine, actor: Option<&str>, method: &str, req: Value) -> Value {
    engine.call_value(actor, method, &req.to_string()).unwrap_or_else(|e| panic!("{method}: {e}"))
}

fn id(v: &Value) -> String {
    v["id"].as_str().expect("an id").to_string()
}

/// Statements per call of `method`, over `calls` calls whose requests `req` makes from the call's index.
fn per_call(engine: &Engine, actor: &str, method: &str, calls: usize, req: impl Fn(usize) -> Value) -> f64 {
    let before = engine.statements_executed();
    for i in 0..calls {
        call(engine, Some(actor), method, req(i));
    }
    (engine.statements_executed() - before) as f64 / calls as f64
}

fn main() {
    let calls = arg("--calls", 200);
    let path = temp_path("statements");
    let engine = Engine::open(&path, &OpenOptions::default()).expect("open");
    let e = &engine;
    let dept = id(&call(e, None, "departments.create", json!({"name": "Sales"})));
    let rep = id(&call(e, None, "users.create", json!({"name": "Rep", "department_id": dept, "roles": ["sales_rep"]})));
    call(
        e,
        None,
        "pipelines.create",
        json!({"code": "std", "name": "Standard", "is_default": true, "stages": [
            {"code": "qualify", "name": "Qualify", "probability": 10},
            {"code": "propose", "name": "Propose", "probability": 40},
            {"code": "negotiate", "name": "Negotiate", "probability": 80}
        ]}),
    );
    let customers: Vec<String> = (0..calls)
        .map(|i| id(&call(e, None, "customers.create", json!({"name": format!("Customer {i}"), "owner_id": rep}))))
        .collect();
    let opportunities: Vec<String> = customers
        .iter()
        .map(|c| {
            let line = json!([{"description": "Pump", "quantity": "2", "unit_price": 5000}]);
            id(&call(e, Some(&rep), "opportunities.create", json!({"customer_id": c, "title": "Deal", "lines": line})))
        })
        .collect();

    let products: Vec<String> = call(
        e,
        None,
        "products.push",
        json!({"items": (0..3).map(|k| json!({"code": format!("P-{k}"), "name": format!("Product {k}"), "unit": "pcs",
                                              "list_price": 10_000 + k, "tax_rate_bp": 1300, "external_ref": format!("ERP-P-{k}")})).collect::<Vec<_>>()}),
    )["written"]
        .as_array()
        .expect("written")
        .iter()
        .map(|w| id(w))
        .collect();
    // The 3 lines' gross: quantity 2 at the list price, 13% tax rounded half up per line.
    let gross: i64 = (0..3).map(|k| 2 * (10_000 + k)).map(|net| net + (net * 1300 + 5_000) / 10_000).sum();
    let rows = [
        (
            "customers.create",
            per_call(e, &rep, "customers.create", calls, |i| json!({"name": format!("New customer {i}")})),
        ),
        ("customers.get", per_call(e, &rep, "customers.get", calls, |i| json!({"id": customers[i]}))),
        (
            "customers.update",
            per_call(e, &rep, "customers.update", calls, |i| json!({"id": customers[i], "industry": "pumps"})),
        ),
        ("customers.list (page of 50)", per_call(e, &rep, "customers.list", calls, |_| json!({"limit": 50}))),
        ("opportunities.get", per_call(e, &rep, "opportunities.get", calls, |i| json!({"id": opportunities[i]}))),
        (
            "opportunities.advance",
            per_call(e, &rep, "opportunities.advance", calls, |i| json!({"id": opportunities[i], "stage": "propose"})),
        ),
        (
            "activities.create",
            per_call(
                e,
                &rep,
                "activities.create",
                calls,
                |i| json!({"kind": "call", "subject": "Follow up", "customer_id": customers[i]}),
            ),
        ),
        (
            "orders.push (one approved order of a customer with an earlier one)",
            per_call(e, &rep, "orders.push", calls, |i| {
                json!({"items": [{"external_ref": format!("SO-{i}"), "customer_id": customers[i], "status": "approved",
                                  "order_date": "2026-03-01", "due_date": "2026-03-31", "amount": 10_000}]})
            }),
        ),
        (
            "orders.push (the same with 3 catalogue lines)",
            per_call(e, &rep, "orders.push", calls, |i| {
                let lines: Vec<Value> = products.iter().map(|p| json!({"product_id": p, "quantity": 2})).collect();
                json!({"items": [{"external_ref": format!("SO-L{i}"), "customer_id": customers[i], "status": "approved",
                                  "order_date": "2026-03-02", "due_date": "2026-04-01", "lines": lines, "amount": gross}]})
            }),
        ),
    ];
    println!("SQL statements per call ({calls} calls each, file database, a sales rep acting)");
    println!("| method | statements per call |");
    println!("|---|---:|");
    for (method, n) in rows {
        println!("| {method} | {n:.1} |");
    }
    drop(engine);
    remove_db(&path);
}
