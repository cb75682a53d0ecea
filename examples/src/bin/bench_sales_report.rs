//! Benchmark (issue 17): SCORE-9 sales by product category and month over the cached 10,000,000 orders with about two lines each, from the engine's kept figures, against hand-written SQL over the documents and DuckDB over the same rows, in the same run.
//!
//! Run: `cargo run --release -p rapport-examples --bin bench_sales_report [-- --customers N --runs R
//! --baseline-runs B --no-duckdb]` (default the cached 1,000,000-customer dataset of `bench_scoring` under
//! `target/bench-data/`). The first run extends the cached file in place, once: 5,000 products in 40
//! categories through `products.push`, then 1 to 3 lines per order (about 20,000,000), bulk-loaded the way
//! an ERP migration loads its history, after which the engine builds its kept figures when it opens the
//! file (meta `bench_sales_lines` remembers it). DuckDB (`pip install duckdb`, found through `$DUCKDB_PYTHON`,
//! else `target/duckdb-venv/bin/python`) loads the same orders and lines from CSV files written into a
//! working folder that is removed afterwards. Prints markdown tables; never a timed assertion.

use std::collections::BTreeMap;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::time::Instant;

#[allow(dead_code)]
#[path = "../bench_support.rs"]
mod bench_support;

#[allow(dead_code)]
#[path = "../bench_data.rs"]
mod bench_data;

use bench_data::{Rng, Shape};
use bench_support::{arg, arg_text, call, open_dataset, time_runs};
use rusqlite::{Connection, OptionalExtension, params};
use serde_json::{Value, json};

const NOW: &str = "2026-03-31T06:00:00Z";
const PRODUCTS: usize = 5_000;
const CATEGORIES: usize = 40;
const LINES_KEY: &str = "bench_sales_lines";
/// The twelve months the target names, and the dataset's whole three years.
const YEAR: (&str, &str) = ("2025-04", "2026-03");
const ALL: (&str, &str) = ("2023-04", "2026-03");

/// Figures per (category, month): orders, quantity (milli), amount.
type Figures = BTreeMap<(String, String), (i64, i64, i64)>;

fn file_size(path: &str) -> u64 {
    ["", "-wal"].iter().filter_map(|s| std::fs::metadata(format!("{path}{s}")).ok()).map(|m| m.len()).sum()
}

/// Extends the cached file once: products through the engine, lines bulk-loaded, the kept figures built by
/// the engine when it next opens the file. Answers the engine on the extended file.
fn extend_once(path: &str, engine: rapport_core::Engine) -> rapport_core::Engine {
    let conn = Connection::open(path).unwrap();
    if conn
        .query_row("SELECT value FROM meta WHERE key = ?1", [LINES_KEY], |r| r.get::<_, String>(0))
        .optional()
        .unwrap()
        .is_some()
    {
        return engine;
    }
    let size_before = file_size(path);
    let t = Instant::now();
    for start in (0..PRODUCTS).step_by(1_000) {
        let items: Vec<Value> = (start..start + 1_000)
            .map(|i| {
                json!({"code": format!("BP-{i:05}"), "name": format!("产品 {i:05}"), "unit": "pcs",
                       "list_price": 1_000 + (i as i64 % 500) * 100, "tax_rate_bp": 1300,
                       "category": format!("品类 {:02}", i % CATEGORIES), "external_ref": format!("BENCH-P-{i:05}")})
            })
            .collect();
        call(&engine, None, "products.push", &json!({"items": items}));
    }
    drop(engine);
    let products_s = t.elapsed().as_secs_f64();
    let products: Vec<(String, String, String, String)> = conn
        .prepare("SELECT id, code, name, category FROM products WHERE external_ref LIKE 'BENCH-P-%' ORDER BY code")
        .unwrap()
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    assert_eq!(products.len(), PRODUCTS);
    drop(conn);

    let t = Instant::now();
    let mut conn = Connection::open(path).unwrap();
    conn.execute_batch("PRAGMA synchronous = OFF; PRAGMA cache_size = -1048576;").unwrap();
    let tx = conn.transaction().unwrap();
    let mut rng = Rng::new(0x5A1E_5017);
    let mut lines = 0usize;
    {
        let mut orders = tx.prepare("SELECT id, amount FROM orders ORDER BY id").unwrap();
        let mut insert = tx
            .prepare(
                "INSERT INTO order_lines (order_id, line_no, product_id, product_code, description, unit, quantity_milli,
                   unit_price, discount_bp, tax_rate_bp, price_source, net, tax, gross, category)
                 VALUES (?1, ?2, ?3, ?4, ?5, 'pcs', ?6, ?7, 0, 1300, 'list', ?8, ?9, ?10, ?11)",
            )
            .unwrap();
        let mut rows = orders.query([]).unwrap();
        while let Some(row) = rows.next().unwrap() {
            let (id, amount): (String, i64) = (row.get(0).unwrap(), row.get(1).unwrap());
            let n = 1 + rng.below(3) as usize;
            let weights: Vec<i64> = (0..n).map(|_| 1 + rng.below(9) as i64).collect();
            let total: i64 = weights.iter().sum();
            let mut left = amount;
            for (k, w) in weights.iter().enumerate() {
                // Popular products sell most: the index is skewed toward the first products.
                let u = rng.unit();
                let p = &products[((u * u * u) * PRODUCTS as f64) as usize % PRODUCTS];
                let gross = if k + 1 == n { left } else { amount * w / total };
                left -= gross;
                let quantity = 1 + rng.below(20) as i64;
                let net = (gross as f64 / 1.13).round() as i64;
                insert
                    .execute(params![
                        id,
                        k as i64 + 1,
                        p.0,
                        p.1,
                        p.2,
                        quantity * 1_000,
                        net / quantity,
                        net,
                        gross - net,
                        gross,
                        p.3
                    ])
                    .unwrap();
                lines += 1;
            }
        }
    }
    tx.execute("DELETE FROM meta WHERE key = 'sales_facts_built'", []).unwrap();
    tx.execute("INSERT INTO meta (key, value) VALUES (?1, ?2)", params![LINES_KEY, lines.to_string()]).unwrap();
    tx.commit().unwrap();
    drop(conn);
    let lines_s = t.elapsed().as_secs_f64();
    let t = Instant::now();
    let engine = open_dataset(path, NOW);
    let build_s = t.elapsed().as_secs_f64();
    let size_after = file_size(path);
    println!(
        "extended the dataset once: {PRODUCTS} products (products.push) in {products_s:.1} s; {lines} order lines \
         (bulk load) in {lines_s:.1} s; the engine built its kept sales figures at open in {build_s:.1} s; \
         the file grew from {:.2} GB to {:.2} GB",
        size_before as f64 / 1e9,
        size_after as f64 / 1e9
    );
    engine
}

/// The hand-written query over the documents (every customer, so no scope join): the engine's figures'
/// definition, read from the orders and their lines.
const DOCUMENTS_SQL: &str = "SELECT COALESCE(l.category, ''), substr(o.order_date, 1, 7), COUNT(DISTINCT o.id),
        SUM(l.quantity_milli - l.returned_milli),
        SUM(CAST(ROUND(1.0 * l.gross * (l.quantity_milli - l.returned_milli) / l.quantity_milli
                       * o.amount_base / NULLIF(o.amount, 0)) AS INTEGER))
   FROM orders o JOIN order_lines l ON l.order_id = o.id
  WHERE o.status IN ('approved', 'partially_delivered', 'delivered', 'completed')
    AND o.order_date BETWEEN ?1 AND ?2
  GROUP BY 1, 2";

/// The same for one rep's customers.
const DOCUMENTS_REP_SQL: &str = "SELECT COALESCE(l.category, ''), substr(o.order_date, 1, 7), COUNT(DISTINCT o.id),
        SUM(l.quantity_milli - l.returned_milli),
        SUM(CAST(ROUND(1.0 * l.gross * (l.quantity_milli - l.returned_milli) / l.quantity_milli
                       * o.amount_base / NULLIF(o.amount, 0)) AS INTEGER))
   FROM customers c JOIN orders o ON o.customer_id = c.id JOIN order_lines l ON l.order_id = o.id
  WHERE c.owner_id = ?3 AND o.status IN ('approved', 'partially_delivered', 'delivered', 'completed')
    AND o.order_date BETWEEN ?1 AND ?2
  GROUP BY 1, 2";

/// The hand-written query over the kept figures (what the engine reads, without the call around it).
const KEPT_SQL: &str = "SELECT key, month, orders, quantity_milli, amount FROM sales_facts
  WHERE dim = 'c' AND month BETWEEN ?1 AND ?2 AND owner_id = '*' AND orders > 0";

/// The same for one rep's customers.
const KEPT_REP_SQL: &str = "SELECT key, month, orders, quantity_milli, amount FROM sales_facts
  WHERE dim = 'c' AND month BETWEEN ?1 AND ?2 AND owner_id = ?3 AND orders > 0";

fn query_figures(conn: &Connection, sql: &str, from: &str, to: &str, rep: Option<&str>) -> Figures {
    let mut stmt = conn.prepare_cached(sql).unwrap();
    let args: Vec<&str> = [from, to].into_iter().chain(rep).collect();
    let rows = stmt
        .query_map(rusqlite::params_from_iter(args), |r| {
            Ok(((r.get(0)?, r.get(1)?), (r.get(2)?, r.get(3)?, r.get(4)?)))
        })
        .unwrap();
    rows.collect::<Result<_, _>>().unwrap()
}

/// A report's groups as figures (a category's quantity is not shown: it would add up different units, so
/// it is left at 0 here and in what it is compared with).
fn report_figures(report: &Value) -> Figures {
    report["groups"]
        .as_array()
        .unwrap()
        .iter()
        .map(|g| {
            (
                (g["key"].as_str().unwrap_or("").to_string(), g["period"].as_str().unwrap().to_string()),
                (g["orders"].as_i64().unwrap(), 0, g["amount"].as_i64().unwrap()),
            )
        })
        .collect()
}

fn without_quantities(f: &Figures) -> Figures {
    f.iter().map(|(k, (o, _, a))| (k.clone(), (*o, 0, *a))).collect()
}

/// Writes the orders and lines DuckDB loads into `dir`.
fn export_csv(conn: &Connection, dir: &Path) {
    std::fs::create_dir_all(dir).unwrap();
    let mut out = std::io::BufWriter::new(std::fs::File::create(dir.join("orders.csv")).unwrap());
    writeln!(out, "id,status,order_date,amount,amount_base,returned_base").unwrap();
    let mut stmt =
        conn.prepare("SELECT id, status, order_date, amount, amount_base, returned_base FROM orders").unwrap();
    let mut rows = stmt.query([]).unwrap();
    while let Some(r) = rows.next().unwrap() {
        let (id, status, date): (String, String, String) = (r.get(0).unwrap(), r.get(1).unwrap(), r.get(2).unwrap());
        let (a, b, c): (i64, i64, i64) = (r.get(3).unwrap(), r.get(4).unwrap(), r.get(5).unwrap());
        writeln!(out, "{id},{status},{date},{a},{b},{c}").unwrap();
    }
    out.flush().unwrap();
    let mut out = std::io::BufWriter::new(std::fs::File::create(dir.join("lines.csv")).unwrap());
    writeln!(out, "order_id,category,quantity_milli,returned_milli,gross").unwrap();
    let mut stmt =
        conn.prepare("SELECT order_id, category, quantity_milli, returned_milli, gross FROM order_lines").unwrap();
    let mut rows = stmt.query([]).unwrap();
    while let Some(r) = rows.next().unwrap() {
        let (id, category): (String, Option<String>) = (r.get(0).unwrap(), r.get(1).unwrap());
        let (q, ret, g): (i64, i64, i64) = (r.get(2).unwrap(), r.get(3).unwrap(), r.get(4).unwrap());
        // Categories are the bench's own ("品类 07"): no commas or quotes to escape.
        writeln!(out, "{id},{},{q},{ret},{g}", category.unwrap_or_default()).unwrap();
    }
    out.flush().unwrap();
}

/// DuckDB's run over the same rows, if a Python with duckdb is there.
fn duckdb_run(conn: &Connection, runs: usize, (from, to): (&str, &str)) -> Option<(Value, f64)> {
    let python = std::env::var("DUCKDB_PYTHON").map(PathBuf::from).unwrap_or_else(|_| {
        let exe = std::env::current_exe().unwrap();
        exe.ancestors().nth(2).unwrap().join("duckdb-venv/bin/python")
    });
    if !python.exists() {
        println!(
            "(DuckDB skipped: no {} — `python3 -m venv target/duckdb-venv && target/duckdb-venv/bin/pip install duckdb`)",
            python.display()
        );
        return None;
    }
    let dir = std::env::temp_dir().join(format!("rapport-bench-duckdb-{}", std::process::id()));
    let t = Instant::now();
    export_csv(conn, &dir);
    let export_s = t.elapsed().as_secs_f64();
    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("../scripts/bench_duckdb_sales.py");
    let out = std::process::Command::new(&python)
        .arg(&script)
        .arg(&dir)
        .arg(format!("{from}-01"))
        .arg(format!("{to}-31"))
        .arg(runs.to_string())
        .output()
        .unwrap();
    let _ = std::fs::remove_dir_all(&dir);
    assert!(out.status.success(), "duckdb: {}", String::from_utf8_lossy(&out.stderr));
    Some((serde_json::from_slice(&out.stdout).unwrap(), export_s))
}

fn duckdb_figures(v: &Value) -> Figures {
    v["rows"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            let s = |i: usize| r[i].as_str().unwrap().to_string();
            let n = |i: usize| r[i].as_i64().unwrap();
            ((s(0), s(1)), (n(2), n(3), n(4)))
        })
        .collect()
}

fn same(a: &Figures, b: &Figures) -> &'static str {
    if a == b { "same figures" } else { "FIGURES DIFFER" }
}

/// Whether a report's groups (at most its limit, the largest first) are the documents' largest groups.
fn same_largest(report: &Figures, docs: &Figures, limit: usize) -> &'static str {
    let mut largest: Vec<_> = docs.iter().collect();
    largest.sort_by(|a, b| b.1.2.cmp(&a.1.2).then(a.0.cmp(b.0)));
    let largest: Figures = largest.into_iter().take(limit).map(|(k, v)| (k.clone(), *v)).collect();
    same(report, &largest)
}

/// The write that moves the most kept rows at once: the customer with the most orders given to another
/// rep (`customers.batch` by its ERP key) and back, each move timed.
fn reassignment(engine: &rapport_core::Engine, conn: &Connection, runs: usize) {
    let (customer, key, owner, orders): (String, String, String, i64) = conn
        .query_row(
            "SELECT c.id, c.external_ref, c.owner_id, COUNT(*) FROM orders o JOIN customers c ON c.id = o.customer_id
              WHERE c.external_ref IS NOT NULL AND c.owner_id IS NOT NULL GROUP BY c.id ORDER BY COUNT(*) DESC LIMIT 1",
            [],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)),
        )
        .unwrap();
    let other: String =
        conn.query_row("SELECT id FROM users WHERE id <> ?1 ORDER BY id LIMIT 1", [&owner], |r| r.get(0)).unwrap();
    let name: String = conn.query_row("SELECT name FROM customers WHERE id = ?1", [&customer], |r| r.get(0)).unwrap();
    let mut to_other = true;
    let (p50, p99) = time_runs(runs.min(10) * 2, 0, || {
        let to = if to_other { &other } else { &owner };
        to_other = !to_other;
        call(engine, None, "customers.batch", &json!({"items": [{"name": name, "external_ref": key, "owner_id": to}]}));
    });
    assert!(to_other, "the customer ends with its own owner");
    println!(
        "| a customer with {orders} orders given to another rep (`customers.batch`), its kept rows moved | {p50:.2} ms | {p99:.2} ms | | | |"
    );
}

fn main() {
    let shape = Shape::from_args();
    let runs = arg("--runs", 30).max(1);
    let baseline_runs = arg("--baseline-runs", 3).max(1);
    let path = arg_text("--db").unwrap_or_else(|| bench_data::dataset(shape).path.to_string_lossy().into_owned());
    let t = Instant::now();
    let engine = open_dataset(&path, NOW);
    println!("opened {path} in {:.1} s (migrations and builds at open included, if any)", t.elapsed().as_secs_f64());
    let engine = extend_once(&path, engine);
    let conn = Connection::open(&path).unwrap();
    conn.execute_batch("PRAGMA cache_size = -262144;").unwrap();
    let count = |sql: &str| -> i64 { conn.query_row(sql, [], |r| r.get(0)).unwrap() };
    let (orders, lines, kept) = (
        count("SELECT COUNT(*) FROM orders"),
        count("SELECT COUNT(*) FROM order_lines"),
        count("SELECT COUNT(*) FROM sales_facts"),
    );
    let rep: String = conn
        .query_row("SELECT owner_id FROM customers WHERE owner_id IS NOT NULL GROUP BY owner_id ORDER BY COUNT(*) DESC LIMIT 1", [], |r| r.get(0))
        .unwrap();
    println!(
        "\n## Sales by product category and month (`reports.sales`), over {orders} orders and {lines} lines \
         ({kept} kept figure rows); {runs} runs each, baselines {baseline_runs}\n"
    );
    println!(
        "| workload | rapport p50 | rapport p99 | hand-written SQL over the documents p50 | SQL over the kept figures p50 | target |"
    );
    println!("|---|---:|---:|---:|---:|---|");
    let mut checks = Vec::new();
    for (what, actor, (from, to)) in [
        ("by category and month, 12 months, whole company", None, YEAR),
        ("by category and month, 36 months, whole company", None, ALL),
        ("by category and month, 12 months, one rep's customers", Some(rep.as_str()), YEAR),
    ] {
        let req = json!({"by": "category", "period": "month", "from": from, "to": to, "limit": 1000});
        let mut report = Value::Null;
        let (p50, p99) = time_runs(runs, 2, || report = call(&engine, actor, "reports.sales", &req));
        let (d_from, d_to) = (format!("{from}-01"), format!("{to}-31"));
        // Each run of the documents' query reads far more than the page cache holds: no warm-up.
        let docs_sql = if actor.is_none() { DOCUMENTS_SQL } else { DOCUMENTS_REP_SQL };
        let mut docs = Figures::new();
        let (doc50, _) = time_runs(baseline_runs, 0, || docs = query_figures(&conn, docs_sql, &d_from, &d_to, actor));
        let mut kept = Figures::new();
        let kept_sql = if actor.is_none() { KEPT_SQL } else { KEPT_REP_SQL };
        let (kept50, _) = time_runs(runs, 2, || kept = query_figures(&conn, kept_sql, from, to, actor));
        checks.push(format!(
            "{what}: engine's groups (at most 1,000) vs the documents' largest {}, kept rows vs documents {}",
            same_largest(&report_figures(&report), &without_quantities(&docs), 1000),
            same(&kept, &docs)
        ));
        let (docs, kept_ms) = (format!("{doc50:.0} ms"), format!("{kept50:.2} ms"));
        println!("| {what} | {p50:.2} ms | {p99:.2} ms | {docs} | {kept_ms} | p99 <= 500 ms |");
    }
    let req = json!({"by": "product", "from": YEAR.0, "to": YEAR.1, "limit": 50});
    let (p50, p99) = time_runs(runs, 2, || {
        std::hint::black_box(call(&engine, None, "reports.sales", &req));
    });
    println!("| by product, top 50, 12 months, whole company | {p50:.2} ms | {p99:.2} ms | | | |");
    reassignment(&engine, &conn, runs);
    if !std::env::args().any(|a| a == "--no-duckdb")
        && let Some((duck, export_s)) = duckdb_run(&conn, baseline_runs.max(5), YEAR)
    {
        let docs = query_figures(&conn, DOCUMENTS_SQL, &format!("{}-01", YEAR.0), &format!("{}-31", YEAR.1), None);
        println!(
            "\n## DuckDB {} ({} threads) on the same orders and lines, by category and month over 12 months\n",
            duck["version"].as_str().unwrap_or("?"),
            duck["threads"]
        );
        println!("| engine | p50 | p99 | set-up (not in the query time) |");
        println!("|---|---:|---:|---|");
        println!(
            "| DuckDB, in memory, join and group of the same rows | {:.0} ms | {:.0} ms | CSV export {export_s:.1} s, load {:.1} s |",
            duck["p50_ms"].as_f64().unwrap(),
            duck["p99_ms"].as_f64().unwrap(),
            duck["load_s"].as_f64().unwrap()
        );
        checks.push(format!("DuckDB vs documents: {}", same(&duckdb_figures(&duck), &docs)));
    }
    println!();
    for c in checks {
        println!("- {c}");
    }
}
