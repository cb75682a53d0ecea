//! Benchmark (issue 16): the DOC-6 aging report over the open receivables of the analytics dataset, totals and the first page of groups by customer, for the whole organisation and for one rep (the organisation as the host: the dataset has no administrator), against hand-written SQL over the same rows in the same run.
//!
//! Run: `cargo run --release -p rapport-examples --bin bench_aging [-- --customers N]` (default 1,000,000
//! customers and 10,000,000 orders: the analytics dataset of `bench_scoring`, cached under
//! `target/bench-data/`, whose orders carry no receipts, so every counting order's receivable is open).
//! The dataset's orders are bulk-loaded with SQL, so on a dataset built at schema v8 the first run fills
//! its receivables in place (no copy) with schema v8's own migration statement, the one that fills an
//! older file; a file cached before v8 is migrated, filling them, when the engine opens it.
//!
//! Each row runs `--runs R` times (default 20) after two untimed warm-up calls and prints p50 and p99.
//! Prints markdown tables; never a timed assertion, and never part of the test run.

use std::time::Instant;

#[allow(dead_code)]
#[path = "../bench_support.rs"]
mod bench_support;

#[allow(dead_code)]
#[path = "../bench_data.rs"]
mod bench_data;

use bench_data::Shape;
use bench_support::{arg, arg_text, call, open_dataset, percentile};
use rusqlite::{Connection, params};
use serde_json::{Value, json};

/// The dataset's "now" (the engine's fixed clock in this bench).
const NOW: &str = "2026-03-31T06:00:00Z";
const AS_OF: &str = "2026-03-31";
/// Schema v8's statement that fills the receivables of the counting orders (the migration's own).
const MIGRATION: &str = include_str!("../../../core/src/storage/schema/v8_receivables.sql");

fn time_runs(runs: usize, mut f: impl FnMut()) -> (f64, f64) {
    f();
    f();
    let mut ms: Vec<f64> = (0..runs)
        .map(|_| {
            let t = Instant::now();
            f();
            t.elapsed().as_secs_f64() * 1e3
        })
        .collect();
    ms.sort_by(f64::total_cmp);
    (percentile(&ms, 0.50), percentile(&ms, 0.99))
}

/// The hand-written aging: the same buckets over the open receivables (of one owner's customers, if given),
/// totals then the first 50 customers by total.
fn baseline(conn: &Connection, owner: Option<&str>, groups: bool) -> usize {
    let from = match owner {
        None => "receivables r".to_string(),
        Some(_) => "customers c JOIN receivables r ON r.customer_id = c.id AND c.owner_id = ?1".to_string(),
    };
    let bucket = "CASE WHEN r.due_date >= '2026-03-31' THEN 0 WHEN r.due_date >= '2026-03-01' THEN 1
                  WHEN r.due_date >= '2026-01-30' THEN 2 WHEN r.due_date >= '2025-12-31' THEN 3 ELSE 4 END";
    let sql = if groups {
        format!(
            "SELECT k, SUM(amt) AS total, SUM(amt * (b = 0)), SUM(amt * (b = 1)), SUM(amt * (b = 2)), SUM(amt * (b = 3)),
                    SUM(amt * (b = 4))
             FROM (SELECT r.customer_id AS k, {bucket} AS b, r.outstanding_base AS amt FROM {from}
                   WHERE r.outstanding_base > 0)
             GROUP BY k ORDER BY total DESC, k LIMIT 50"
        )
    } else {
        format!(
            "SELECT {bucket} AS b, SUM(r.outstanding_base), COUNT(*) FROM {from} WHERE r.outstanding_base > 0 GROUP BY b"
        )
    };
    let mut stmt = conn.prepare_cached(&sql).unwrap();
    match owner {
        None => stmt.query_map([], |_| Ok(())).unwrap().count(),
        Some(o) => stmt.query_map(params![o], |_| Ok(())).unwrap().count(),
    }
}

fn main() {
    rapport_core::set_error_hook(Some(Box::new(|report: &rapport_core::ErrorReport| {
        eprintln!("error log: {}", report.text())
    })));
    let shape = Shape::from_args();
    let runs = arg("--runs", 20).max(1);
    // `--db PATH`: a dataset file used where it is (e.g. one cached by another checkout), else the cache's.
    let path = arg_text("--db").unwrap_or_else(|| {
        let t = Instant::now();
        let dataset = bench_data::dataset(shape);
        if !dataset.build_seconds.is_empty() {
            println!("built the dataset in {:.1} s", t.elapsed().as_secs_f64());
        }
        dataset.path.to_string_lossy().into_owned()
    });
    // Opening through the engine first migrates a file cached before v8 (which fills the receivables).
    let engine = open_dataset(&path, NOW);
    let conn = Connection::open(&path).unwrap();
    let count =
        |conn: &Connection| -> i64 { conn.query_row("SELECT COUNT(*) FROM receivables", [], |r| r.get(0)).unwrap() };
    if count(&conn) == 0 {
        let t = Instant::now();
        let insert = &MIGRATION[MIGRATION.find("INSERT INTO receivables").expect("the fill statement")..];
        conn.execute_batch(&format!("BEGIN; {insert} COMMIT;")).unwrap();
        println!("filled {} receivables in place in {:.1} s", count(&conn), t.elapsed().as_secs_f64());
    }
    let open: i64 =
        conn.query_row("SELECT COUNT(*) FROM receivables WHERE outstanding_base > 0", [], |r| r.get(0)).unwrap();
    let (rep, rep_customers): (String, i64) = conn
        .query_row(
            "SELECT c.owner_id, COUNT(*) FROM customers c JOIN user_roles r ON r.user_id = c.owner_id AND r.role = 'sales_rep'
             GROUP BY c.owner_id ORDER BY COUNT(*) DESC, c.owner_id LIMIT 1",
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .unwrap();
    let rep_open: i64 = conn
        .query_row(
            "SELECT COUNT(*) FROM customers c JOIN receivables r ON r.customer_id = c.id
             WHERE c.owner_id = ?1 AND r.outstanding_base > 0",
            [&rep],
            |r| r.get(0),
        )
        .unwrap();
    println!(
        "\n## The aging report (`receivables.aging`, as of {AS_OF}, default buckets) over {open} open receivables; \
         the rep owns {rep_customers} customers with {rep_open} of them; {runs} runs each\n"
    );
    println!("| workload | rapport p50 | rapport p99 | hand-written SQL p50 | SQL p99 | target |");
    println!("|---|---:|---:|---:|---:|---|");
    for (who, actor, owner) in
        [("the host (whole organisation)", None, None), ("one rep", Some(rep.as_str()), Some(rep.as_str()))]
    {
        for (what, req, groups) in [
            ("bucket totals", json!({"as_of": AS_OF}), false),
            (
                "totals + first 50 groups by customer",
                json!({"as_of": AS_OF, "group_by": "customer", "limit": 50}),
                true,
            ),
        ] {
            let mut answer = Value::Null;
            let (p50, p99) = time_runs(runs, || answer = call(&engine, actor, "receivables.aging", &req));
            let (b50, b99) = time_runs(runs, || {
                if groups {
                    baseline(&conn, owner, false);
                }
                std::hint::black_box(baseline(&conn, owner, groups));
            });
            println!(
                "| {who}: {what} (total {}) | {p50:.1} ms | {p99:.1} ms | {b50:.1} ms | {b99:.1} ms | <= 300 ms |",
                answer["total"]
            );
        }
    }
    drop(engine);
}
