//! Benchmark (issue 17): a customer's timeline (CUS-5), the first page of 20, for a customer with 10,000 documents in the analytics dataset, against hand-written SQL (four kinds, through the same indexes) over the same rows in the same run.
//!
//! Run: `cargo run --release -p rapport-examples --bin bench_timeline [-- --customers N --runs R]` (default
//! the cached 1,000,000-customer dataset of `bench_scoring` under `target/bench-data/`). The first run extends
//! the cached file in place, through the engine: one customer gains 4,000 pushed orders, 2,000 deliveries,
//! 2,000 receipts and 2,000 activities (meta `bench_timeline_customer` remembers it, so later runs add
//! nothing). The first open of a file cached at an older schema version also migrates it; that time is
//! printed. Prints a markdown table; never a timed assertion, never part of the test run.

use std::time::Instant;

#[allow(dead_code)]
#[path = "../bench_support.rs"]
mod bench_support;

#[allow(dead_code)]
#[path = "../bench_data.rs"]
mod bench_data;

use bench_data::Shape;
use bench_support::{arg, arg_text, call, open_dataset, time_runs};
use rusqlite::{Connection, OptionalExtension};
use serde_json::json;

const NOW: &str = "2026-03-31T06:00:00Z";
const ORDERS: usize = 4_000;
const DELIVERIES: usize = 2_000;
const RECEIPTS: usize = 2_000;
const ACTIVITIES: usize = 2_000;

/// A day of the three years before the reference date.
fn day(i: usize) -> String {
    let d = chrono::NaiveDate::from_ymd_opt(2023, 4, 1).unwrap() + chrono::Days::new((i % 1_095) as u64);
    d.format("%Y-%m-%d").to_string()
}

/// The customer with 10,000 documents: found in meta, else the first customer by id, extended now.
fn busy_customer(engine: &rapport_core::Engine, conn: &Connection) -> String {
    let known: Option<String> = conn
        .query_row("SELECT value FROM meta WHERE key = 'bench_timeline_customer'", [], |r| r.get(0))
        .optional()
        .unwrap();
    if let Some(c) = known {
        return c;
    }
    let customer: String = conn.query_row("SELECT id FROM customers ORDER BY id LIMIT 1", [], |r| r.get(0)).unwrap();
    let t = Instant::now();
    for chunk in (0..ORDERS).collect::<Vec<_>>().chunks(1_000) {
        let items: Vec<_> = chunk
            .iter()
            .map(|i| {
                json!({"external_ref": format!("TL-SO-{i:05}"), "customer_id": customer, "status": "approved",
                       "order_date": day(*i), "amount": 10_000 + (*i as i64 % 97) * 100})
            })
            .collect();
        call(engine, None, "orders.push", &json!({"items": items}));
    }
    for chunk in (0..DELIVERIES).collect::<Vec<_>>().chunks(1_000) {
        let items: Vec<_> = chunk
            .iter()
            .map(|i| {
                json!({"external_ref": format!("TL-DN-{i:05}"), "order_external_ref": format!("TL-SO-{:05}", i * 2),
                       "delivery_date": day(i * 2), "amount": 5_000})
            })
            .collect();
        call(engine, None, "deliveries.push", &json!({"items": items}));
    }
    for chunk in (0..RECEIPTS).collect::<Vec<_>>().chunks(1_000) {
        let items: Vec<_> = chunk
            .iter()
            .map(|i| {
                json!({"external_ref": format!("TL-RC-{i:05}"), "customer_id": customer, "receipt_date": day(i * 2 + 1),
                       "amount": 4_000})
            })
            .collect();
        call(engine, None, "receipts.push", &json!({"items": items}));
    }
    for i in 0..ACTIVITIES {
        call(
            engine,
            None,
            "activities.create",
            &json!({"kind": "call", "subject": format!("回访 {i}"), "status": "done",
                    "starts_at": format!("{}T02:00:00Z", day(i + 7)), "customer_id": customer}),
        );
    }
    conn.execute("INSERT INTO meta (key, value) VALUES ('bench_timeline_customer', ?1)", [&customer]).unwrap();
    println!("extended the dataset: one customer gained 10,000 documents in {:.1} s", t.elapsed().as_secs_f64());
    customer
}

fn main() {
    let shape = Shape::from_args();
    let runs = arg("--runs", 200).max(1);
    let path = arg_text("--db").unwrap_or_else(|| bench_data::dataset(shape).path.to_string_lossy().into_owned());
    let t = Instant::now();
    let engine = open_dataset(&path, NOW);
    println!("opened {path} in {:.1} s (migrations included, if any)", t.elapsed().as_secs_f64());
    let conn = Connection::open(&path).unwrap();
    let customer = busy_customer(&engine, &conn);
    let count = |sql: &str| -> i64 { conn.query_row(sql, [&customer], |r| r.get(0)).unwrap() };
    let documents = count("SELECT COUNT(*) FROM orders WHERE customer_id = ?1")
        + count("SELECT COUNT(*) FROM deliveries d JOIN orders o ON o.id = d.order_id WHERE o.customer_id = ?1")
        + count("SELECT COUNT(*) FROM receipts WHERE customer_id = ?1")
        + count("SELECT COUNT(*) FROM activities WHERE customer_id = ?1")
        + count("SELECT COUNT(*) FROM opportunities WHERE customer_id = ?1");
    let orders_total: i64 = conn.query_row("SELECT COUNT(*) FROM orders", [], |r| r.get(0)).unwrap();
    // The hand-written query: the same kinds' newest 20, each through its index (v11's included), merged.
    let sql = "SELECT * FROM (SELECT 'order', id, order_date || substr(created_at, 11) AS at FROM orders
                 WHERE customer_id = ?1 ORDER BY order_date DESC, substr(created_at, 11) DESC LIMIT 21)
               UNION ALL SELECT * FROM (SELECT 'delivery', id, delivery_date || substr(created_at, 11) FROM deliveries
                 WHERE customer_id = ?1 ORDER BY delivery_date DESC, substr(created_at, 11) DESC LIMIT 21)
               UNION ALL SELECT * FROM (SELECT 'receipt', id, receipt_date || substr(created_at, 11) FROM receipts
                 WHERE customer_id = ?1 ORDER BY receipt_date DESC, substr(created_at, 11) DESC LIMIT 21)
               UNION ALL SELECT * FROM (SELECT 'activity', id, COALESCE(starts_at, created_at) FROM activities
                 WHERE customer_id = ?1 ORDER BY COALESCE(starts_at, created_at) DESC LIMIT 21)
               ORDER BY 3 DESC LIMIT 21";
    let mut stmt = conn.prepare(sql).unwrap();
    let mut raw = || stmt.query_map([&customer], |_| Ok(())).unwrap().count();
    println!(
        "\n## A customer's timeline (`customers.timeline`), first page of 20, for a customer with {documents} documents \
         among {orders_total} orders; {runs} runs each\n"
    );
    println!("| workload | rapport p50 | rapport p99 | hand-written SQL p50 | SQL p99 | target |");
    println!("|---|---:|---:|---:|---:|---|");
    let (b50, b99) = time_runs(runs, 2, || {
        std::hint::black_box(raw());
    });
    for (what, req) in [
        ("every kind, first page", json!({"id": customer, "limit": 20})),
        ("orders and receipts only", json!({"id": customer, "limit": 20, "kinds": ["order", "receipt"]})),
    ] {
        let mut page = serde_json::Value::Null;
        let (p50, p99) = time_runs(runs, 2, || page = call(&engine, None, "customers.timeline", &req));
        assert_eq!(page["items"].as_array().map(Vec::len), Some(20));
        println!("| {what} | {p50:.2} ms | {p99:.2} ms | {b50:.2} ms | {b99:.2} ms | p99 <= 2 ms |");
    }
    let first = call(&engine, None, "customers.timeline", &json!({"id": customer, "limit": 20}));
    let cursor = first["next_cursor"].clone();
    let (p50, p99) = time_runs(runs, 2, || {
        std::hint::black_box(call(
            &engine,
            None,
            "customers.timeline",
            &json!({"id": customer, "limit": 20, "cursor": cursor}),
        ));
    });
    println!("| every kind, second page (cursor) | {p50:.2} ms | {p99:.2} ms | | | |");
}
