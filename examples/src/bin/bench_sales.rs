//! Benchmark (issue 16): the sales documents on a file database: creating a 50-line quote, approving an order through its flow with the credit check, and `orders.push` with and without lines against raw prepared inserts of the same rows in the same run.
//!
//! Run: `cargo run --release -p rapport-examples --bin bench_sales [-- --parts qap]`. Builds a fresh file
//! database under `target/bench-data/` (removed at the end): a sales department (a manager and a rep),
//! `--customers N` customers of the rep (default 10,000) with one earlier order each, 50 catalogue products (`products.push`), and a
//! customer with a credit limit and `--open K` open receivables (default 1,000 pushed approved orders), so
//! the credit check reads real receivables. Parts:
//! - `q`: `quotes.create` with 50 lines by the rep, `--runs R` times (default 200), p50 and p99;
//! - `a`: per run an order of 3 lines by the rep (`orders.create`), `orders.submit` (the default
//!   `sales_order` flow: one step, the rep's manager) and `approvals.approve` by the manager, which takes the
//!   credit check, approves the order and writes its receivable: each call timed apart;
//! - `p`: `orders.push` of `--push-rows P` new approved orders (default 20,000) in requests of
//!   `--push-chunk K` (default 1,000) for random customers, without lines, against prepared INSERTs of the
//!   same rows into `orders`, one transaction per chunk; `l`: the same with 3 lines per order against
//!   prepared INSERTs into `orders` and `order_lines`. Rows per second (orders) and the ratio.
//!
//! Each timed call runs after five untimed ones. Prints markdown tables; never a timed assertion, and never
//! part of the test run.

use std::path::{Path, PathBuf};
use std::time::Instant;

#[allow(dead_code)]
#[path = "../bench_support.rs"]
mod bench_support;

use bench_support::{arg, call, id_of, open_dataset, percentile};
use rapport_core::Engine;
use rusqlite::{Connection, params};
use serde_json::{Value, json};

const NOW: &str = "2026-03-31T06:00:00Z";
const STORED_NOW: &str = "2026-03-31T06:00:00.000Z";
const PRODUCTS: usize = 50;

/// A throwaway file under `<target>/bench-data/`, next to the cached datasets.
fn work_path() -> PathBuf {
    let exe = std::env::current_exe().expect("current exe");
    let target = exe.ancestors().nth(2).map(PathBuf::from).unwrap_or_else(std::env::temp_dir);
    let dir = target.join("bench-data");
    std::fs::create_dir_all(&dir).expect("bench-data dir");
    dir.join(format!("bench-sales-{}.db", std::process::id()))
}

fn remove(path: &Path) {
    for suffix in ["", "-wal", "-shm"] {
        let _ = std::fs::remove_file(format!("{}{suffix}", path.display()));
    }
}

/// p50 and p99 of milliseconds.
fn quantiles(mut ms: Vec<f64>) -> (f64, f64) {
    ms.sort_by(f64::total_cmp);
    (percentile(&ms, 0.50), percentile(&ms, 0.99))
}

fn timed<T>(f: impl FnOnce() -> T) -> (T, f64) {
    let t = Instant::now();
    let out = f();
    (out, t.elapsed().as_secs_f64() * 1e3)
}

struct Setup {
    manager: String,
    rep: String,
    /// The rep's customer with a credit limit and open receivables.
    debtor: String,
    customers: Vec<String>,
    /// Product ids with their list price and tax rate.
    products: Vec<(String, i64, i64)>,
}

fn setup(engine: &Engine, customers: usize, open: usize, catalogue: bool) -> Setup {
    let hq = id_of(&call(engine, None, "departments.create", &json!({"name": "总部"})));
    let sales = id_of(&call(engine, None, "departments.create", &json!({"name": "销售部", "parent_id": hq})));
    let user = |name: &str, role: &str, manager: Option<&str>| {
        id_of(&call(
            engine,
            None,
            "users.create",
            &json!({"name": name, "department_id": sales, "roles": [role], "manager_id": manager}),
        ))
    };
    let manager = user("王经理", "sales_manager", None);
    let rep = user("张伟", "sales_rep", Some(&manager));
    let items: Vec<Value> = (0..PRODUCTS)
        .map(|i| {
            json!({"code": format!("P-{i:03}"), "name": format!("产品 {i}"), "unit": "pcs",
                   "list_price": 10_000 + 137 * i as i64, "tax_rate_bp": 1300, "external_ref": format!("ERP-P-{i:03}")})
        })
        .collect();
    // Without the quote, approval and lines parts no product is needed (so the push part also runs on a build
    // from before the catalogue).
    let products: Vec<(String, i64, i64)> = if catalogue {
        let written = call(engine, None, "products.push", &json!({"items": items}));
        written["written"]
            .as_array()
            .expect("written")
            .iter()
            .enumerate()
            .map(|(i, w)| (id_of(w), 10_000 + 137 * i as i64, 1300))
            .collect()
    } else {
        Vec::new()
    };
    let debtor = id_of(&call(
        engine,
        None,
        "customers.create",
        &json!({"name": "苏州机电有限公司", "owner_id": rep, "credit_limit": 10_000_000_000_000i64, "external_ref": "ERP-C-DEBTOR"}),
    ));
    let mut ids = Vec::with_capacity(customers);
    for start in (0..customers).step_by(10_000) {
        let items: Vec<Value> = (start..(start + 10_000).min(customers))
            .map(|i| json!({"name": format!("客户{i:07}有限公司"), "owner_id": rep, "external_ref": format!("ERP-C-{i:07}")}))
            .collect();
        let r = call(engine, None, "customers.batch", &json!({"items": items}));
        ids.extend(r["written"].as_array().expect("written").iter().map(id_of));
    }
    // One earlier order per customer (untimed), so the timed pushes meet customers with a history, as an ERP's
    // daily pushes do, rather than each customer's first order (CUS-1 status change and first statistics).
    for start in (0..ids.len()).step_by(1_000) {
        let items: Vec<Value> = (start..(start + 1_000).min(ids.len()))
            .map(|i| {
                json!({"external_ref": format!("ERP-SO-H{i:07}"), "customer_id": ids[i], "status": "completed",
                       "order_date": "2026-01-05", "due_date": "2026-02-04", "amount": 50_000})
            })
            .collect();
        call(engine, None, "orders.push", &json!({"items": items}));
    }
    for start in (0..open).step_by(1_000) {
        let items: Vec<Value> = (start..(start + 1_000).min(open))
            .map(|i| {
                json!({"external_ref": format!("ERP-SO-D{i:07}"), "customer_id": debtor, "status": "approved",
                       "order_date": "2025-12-01", "due_date": format!("2026-{:02}-15", 1 + i % 6), "amount": 100_000})
            })
            .collect();
        call(engine, None, "orders.push", &json!({"items": items}));
    }
    Setup { manager, rep, debtor, customers: ids, products }
}

fn print_latencies(title: &str, rows: &[(String, (f64, f64), &str)]) {
    println!("\n## {title}\n");
    println!("| call | p50 | p99 | target |");
    println!("|---|---:|---:|---|");
    for (what, (p50, p99), target) in rows {
        println!("| {what} | {p50:.3} ms | {p99:.3} ms | {target} |");
    }
}

/// A small, seeded generator (splitmix64).
struct Rng(u64);

impl Rng {
    fn below(&mut self, n: u64) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        ((u128::from(z ^ (z >> 31)) * u128::from(n)) >> 64) as u64
    }
}

/// One pushed order: customer, amount, order date.
struct PushRow {
    customer: String,
    amount: i64,
    day: u64,
}

/// A line of 2 of `product` at its list price: net, tax (half up) and gross.
fn priced(product: &(String, i64, i64)) -> (i64, i64) {
    let net = 2 * product.1;
    (net, (net * product.2 + 5_000) / 10_000)
}

fn gross(product: &(String, i64, i64)) -> i64 {
    let (net, tax) = priced(product);
    net + tax
}

/// `orders.push` of `rows` (`lines`: 3 catalogue lines each, priced by the engine) against prepared INSERTs of
/// the same rows; answers (rapport rows/s, raw rows/s).
fn push_vs_raw(
    engine: &Engine,
    path: &str,
    s: &Setup,
    rows: &[PushRow],
    chunk: usize,
    lines: bool,
    tag: &str,
) -> (f64, f64) {
    let date = |day: u64| format!("2026-03-{:02}", 1 + day);
    let due = |day: u64| format!("2026-04-{:02}", 1 + day);
    let line_of = |i: usize, k: usize| &s.products[(i * 3 + k) % s.products.len()];
    let t = Instant::now();
    for (c, part) in rows.chunks(chunk).enumerate() {
        let items: Vec<Value> = part
            .iter()
            .enumerate()
            .map(|(j, r)| {
                let i = c * chunk + j;
                let mut item = json!({"external_ref": format!("ERP-SO-{tag}{i:09}"), "customer_id": r.customer,
                    "number": format!("SO{tag}{i:09}"), "status": "approved", "order_date": date(r.day),
                    "due_date": due(r.day), "amount": r.amount});
                if lines {
                    item["lines"] = (0..3).map(|k| json!({"product_id": line_of(i, k).0, "quantity": 2})).collect();
                    item["amount"] = json!((0..3).map(|k| gross(line_of(i, k))).sum::<i64>());
                }
                item
            })
            .collect();
        call(engine, None, "orders.push", &json!({"items": items}));
    }
    let rapport = rows.len() as f64 / t.elapsed().as_secs_f64();
    let mut raw = Connection::open(path).expect("raw connection");
    raw.busy_timeout(std::time::Duration::from_secs(10)).expect("busy timeout");
    raw.execute_batch("PRAGMA cache_size = -65536").expect("cache");
    let t = Instant::now();
    for (c, part) in rows.chunks(chunk).enumerate() {
        let tx = raw.transaction().expect("tx");
        {
            let mut order = tx
                .prepare_cached(if lines {
                    "INSERT INTO orders (id, code, customer_id, status, order_date, due_date, amount, currency, fx_rate,
                       amount_base, delivered_amount, external_ref, net_amount, tax_amount, created_at, updated_at)
                     VALUES (?1, ?2, ?3, 'approved', ?4, ?5, ?6, 'CNY', '1', ?6, 0, ?7, ?8, ?9, ?10, ?10)"
                } else {
                    "INSERT INTO orders (id, code, customer_id, status, order_date, due_date, amount, currency, fx_rate,
                       amount_base, delivered_amount, external_ref, created_at, updated_at)
                     VALUES (?1, ?2, ?3, 'approved', ?4, ?5, ?6, 'CNY', '1', ?6, 0, ?7, ?10, ?10)"
                })
                .expect("insert order");
            let mut line = tx
                .prepare_cached(if lines {
                    "INSERT INTO order_lines (order_id, line_no, product_id, product_code, description, unit,
                       quantity_milli, unit_price, discount_bp, tax_rate_bp, price_source, net, tax, gross)
                     VALUES (?1, ?2, ?3, ?4, ?4, 'pcs', 2000, ?5, 0, ?6, 'list', ?7, ?8, ?9)"
                } else {
                    "SELECT 1"
                })
                .expect("insert line");
            for (j, r) in part.iter().enumerate() {
                let i = c * chunk + j;
                let id = format!("raw-{tag}-{i:09}");
                let (mut net, mut tax) = (0i64, 0i64);
                let mut parts = Vec::new();
                if lines {
                    for k in 0..3 {
                        let (product, price, rate) = line_of(i, k);
                        let (n, t) = priced(line_of(i, k));
                        net += n;
                        tax += t;
                        parts.push((product.clone(), *price, *rate, n, t));
                    }
                }
                let amount = if lines { net + tax } else { r.amount };
                order
                    .execute(params![
                        id,
                        format!("RAW-{tag}{i:09}"),
                        r.customer,
                        date(r.day),
                        due(r.day),
                        amount,
                        format!("RAW-SO-{tag}{i:09}"),
                        lines.then_some(net),
                        lines.then_some(tax),
                        STORED_NOW,
                    ])
                    .expect("raw order");
                for (k, (product, price, rate, n, t)) in parts.into_iter().enumerate() {
                    line.execute(params![id, k as i64 + 1, product, format!("P-{k:03}"), price, rate, n, t, n + t])
                        .expect("raw line");
                }
            }
        }
        tx.commit().expect("commit");
    }
    let baseline = rows.len() as f64 / t.elapsed().as_secs_f64();
    (rapport, baseline)
}

fn main() {
    rapport_core::set_error_hook(Some(Box::new(|report: &rapport_core::ErrorReport| {
        eprintln!("error log: {}", report.text())
    })));
    let args: Vec<String> = std::env::args().collect();
    let parts =
        args.iter().position(|a| a == "--parts").and_then(|i| args.get(i + 1)).cloned().unwrap_or("qapl".into());
    let runs = arg("--runs", 200).max(1);
    let customers = arg("--customers", 10_000).max(1);
    let open = arg("--open", 1_000);
    let push_rows = arg("--push-rows", 20_000);
    let push_chunk = arg("--push-chunk", 1_000).clamp(1, 10_000);
    let path = work_path();
    remove(&path);
    let file = path.to_string_lossy().into_owned();
    let engine = open_dataset(&file, NOW);
    let t = Instant::now();
    let s = setup(&engine, customers, open, parts.contains(['q', 'a', 'l']));
    println!(
        "file database {file}: {customers} customers, {PRODUCTS} products, a debtor with {open} open receivables (set up in {:.1} s)",
        t.elapsed().as_secs_f64()
    );

    if parts.contains('q') {
        let lines: Vec<Value> = s
            .products
            .iter()
            .enumerate()
            .map(|(i, p)| json!({"product_id": p.0, "quantity": 1 + i % 5, "discount_bp": if i % 7 == 0 { 200 } else { 0 }}))
            .collect();
        let req = json!({"customer_id": s.debtor, "valid_until": "2026-04-30", "lines": lines});
        let mut ms = Vec::with_capacity(runs);
        for i in 0..runs + 5 {
            let (_, t) = timed(|| call(&engine, Some(&s.rep), "quotes.create", &req));
            if i >= 5 {
                ms.push(t);
            }
        }
        print_latencies(
            &format!("Quotes on a file database ({runs} runs)"),
            &[("`quotes.create`, 50 lines (by the rep)".into(), quantiles(ms), "p99 <= 2 ms")],
        );
    }

    if parts.contains('a') {
        let (mut create, mut submit, mut approve) = (Vec::new(), Vec::new(), Vec::new());
        for i in 0..runs + 5 {
            let lines: Vec<Value> =
                (0..3).map(|k| json!({"product_id": s.products[(i + k) % PRODUCTS].0, "quantity": 2})).collect();
            let req = json!({"customer_id": s.debtor, "lines": lines, "payment_terms_days": 30});
            let (order, t1) = timed(|| call(&engine, Some(&s.rep), "orders.create", &req));
            let (approval, t2) = timed(|| call(&engine, Some(&s.rep), "orders.submit", &json!({"id": id_of(&order)})));
            let (decided, t3) =
                timed(|| call(&engine, Some(&s.manager), "approvals.approve", &json!({"id": id_of(&approval)})));
            assert_eq!(decided["status"], "approved", "one step: the approval decides the order");
            if i >= 5 {
                create.push(t1);
                submit.push(t2);
                approve.push(t3);
            }
        }
        let check = call(
            &engine,
            None,
            "orders.credit_check",
            &json!({"id": id_of(&call(
                &engine,
                Some(&s.rep),
                "orders.create",
                &json!({"customer_id": s.debtor, "lines": [{"product_id": s.products[0].0, "quantity": 1}]}),
            ))}),
        );
        print_latencies(
            &format!(
                "Approving an order with the credit check on a file database ({runs} runs; the customer's open receivables: {})",
                check["outstanding"]
            ),
            &[
                ("`orders.create`, 3 lines (by the rep)".into(), quantiles(create), ""),
                ("`orders.submit` (the default flow: one step, the rep's manager)".into(), quantiles(submit), ""),
                (
                    "`approvals.approve` by the manager: credit check, order approved, receivable and statistics"
                        .into(),
                    quantiles(approve),
                    "p99 <= 2 ms",
                ),
            ],
        );
    }

    if parts.contains('p') || parts.contains('l') {
        let mut rng = Rng(11);
        let rows: Vec<PushRow> = (0..push_rows)
            .map(|_| PushRow {
                customer: s.customers[rng.below(s.customers.len() as u64) as usize].clone(),
                amount: 10_000 + rng.below(1_000_000) as i64,
                day: rng.below(28),
            })
            .collect();
        println!(
            "\n## `orders.push` of {push_rows} new approved orders for random customers, {push_chunk} per request, against prepared INSERTs of the same rows (one transaction per chunk)\n"
        );
        println!("| workload | rapport rows/s | raw INSERT rows/s | ratio | target |");
        println!("|---|---:|---:|---:|---|");
        for (part, lines, what) in
            [('p', false, "without lines"), ('l', true, "3 lines per order (raw: orders + order_lines)")]
        {
            if parts.contains(part) {
                let (rapport, raw) = push_vs_raw(&engine, &file, &s, &rows, push_chunk, lines, &part.to_string());
                println!("| {what} | {rapport:.0} | {raw:.0} | {:.2}x | not below 0.37x |", rapport / raw);
            }
        }
    }
    drop(engine);
    remove(&path);
}
