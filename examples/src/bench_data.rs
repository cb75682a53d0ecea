//! The analytics benchmark's dataset: a deterministic generator of customers, orders, opportunities and stage history, built through the engine's API and cached as a file.
//!
//! Shape (with `n` customers): `10 n` orders skewed so that about 20% of the
//! customers hold 80% of the revenue (per-customer value drawn from a Pareto
//! law with alpha = log 5 / log 4), dated over the three years ending at
//! [`REFERENCE_DATE`]; `n` opportunities with about three stage-history rows
//! each, created month by month over two years; 100 reps in 10 departments.
//! Everything goes in through the engine: customers by `customers.batch`,
//! orders by `orders.push` batches (each customer's history in one push, as
//! an ERP's initial export is grouped), opportunities by their stage methods
//! under a test-mode clock set to the month being generated, so stage times
//! spread over the period. The file is cached (keyed by the shape, the
//! generator version and the schema) so repeated runs reuse it.

use std::collections::hash_map::DefaultHasher;
use std::hash::{Hash, Hasher};
use std::path::PathBuf;
use std::time::Instant;

use rapport_core::api::common::{BatchMode, BatchRequest};
use rapport_core::domain::sales::{OrderPush, OrderStatus};
use rapport_core::engine::TestMode;
use rapport_core::{Engine, OpenOptions};
use serde_json::{Value, json};

/// The date the dataset is "now": the last order date, and the statistics' reference date.
pub const REFERENCE_DATE: &str = "2026-03-31";
/// The instant the orders are pushed (the reference date, local afternoon in UTC+8).
const PUSH_INSTANT: &str = "2026-03-31T06:00:00Z";
/// Bump when the generator's output changes, so cached files are rebuilt.
const GENERATOR_VERSION: u32 = 1;
/// Reps and departments.
pub const DEPARTMENTS: usize = 10;
pub const REPS_PER_DEPARTMENT: usize = 10;
/// Statuses of the orders as pushed, by share out of 100 (the rest approved).
const CANCELLED_PER_100: u64 = 3;
const DRAFT_PER_100: u64 = 2;
/// Orders per `orders.push` request.
pub const PUSH_CHUNK: usize = 10_000;

/// How big a dataset is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Shape {
    pub customers: usize,
    pub orders: usize,
    pub opportunities: usize,
}

impl Shape {
    /// `--customers N` (default 1,000,000), `--orders` (default 10 N), `--opportunities` (default N).
    pub fn from_args() -> Shape {
        let customers = super::bench_support::arg("--customers", 1_000_000);
        Shape {
            customers,
            orders: super::bench_support::arg("--orders", customers * 10),
            opportunities: super::bench_support::arg("--opportunities", customers),
        }
    }
}

/// A built (or cached) dataset file.
pub struct Dataset {
    pub path: PathBuf,
    /// Seconds per phase when it was built by this run; empty when it came from the cache.
    pub build_seconds: Vec<(&'static str, f64)>,
    /// Share of the counting revenue held by the top 20% of customers (by revenue).
    pub top20_share: f64,
}

/// A small, fast, seeded generator (splitmix64): the same seed gives the same dataset everywhere.
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Rng {
        Rng(seed)
    }

    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// Uniform in `[0, n)`.
    pub fn below(&mut self, n: u64) -> u64 {
        ((u128::from(self.next_u64()) * u128::from(n)) >> 64) as u64
    }

    /// Uniform in `(0, 1]`.
    pub fn unit(&mut self) -> f64 {
        ((self.next_u64() >> 11) + 1) as f64 / (1u64 << 53) as f64
    }
}

/// One customer's plan: how many orders, their total value, and when it was active.
struct CustomerPlan {
    orders: usize,
    revenue: f64,
    /// Days before the reference date of its first and last possible order.
    first_day: i64,
    last_day: i64,
}

/// Pareto alpha giving an 80/20 split: the top share p holds p^(1 - 1/alpha).
const PARETO_ALPHA: f64 = 1.160_964;
/// Mean order amount, fen (2,000.00 CNY).
const MEAN_ORDER_FEN: f64 = 200_000.0;
/// Days of order history.
const HISTORY_DAYS: i64 = 3 * 365;

fn plans(shape: Shape, rng: &mut Rng) -> Vec<CustomerPlan> {
    let n = shape.customers;
    // Value weights from the Pareto law (capped so one customer never dominates a small run).
    let weights: Vec<f64> = (0..n).map(|_| rng.unit().powf(-1.0 / PARETO_ALPHA).min(1e5)).collect();
    // Order counts grow with the square root of value: big customers order more often and bigger.
    let counts: Vec<f64> = weights.iter().map(|w| 0.3 + w.sqrt()).collect();
    let count_total: f64 = counts.iter().sum();
    let weight_total: f64 = weights.iter().sum();
    let revenue_total = MEAN_ORDER_FEN * shape.orders as f64;
    let mut cumulative = 0.0;
    let mut assigned = 0usize;
    weights
        .iter()
        .zip(&counts)
        .map(|(w, c)| {
            // Cumulative rounding: the counts sum to exactly `shape.orders`.
            cumulative += c;
            let upto = ((cumulative / count_total) * shape.orders as f64).round() as usize;
            let orders = upto.saturating_sub(assigned);
            assigned = upto.max(assigned);
            // Active spans: most customers are active to the end, some lapsed a while ago.
            let lapsed = if rng.below(100) < 35 { rng.below(HISTORY_DAYS as u64 / 2) as i64 } else { 0 };
            let first_day = HISTORY_DAYS - 1 - rng.below(HISTORY_DAYS as u64 / 3) as i64;
            let last_day = lapsed.min(first_day);
            CustomerPlan { orders, revenue: revenue_total * w / weight_total, first_day, last_day }
        })
        .collect()
}

/// The order pushes of one customer (ids known), in its history order.
fn customer_orders(
    plan: &CustomerPlan,
    customer_id: &str,
    next_ref: &mut usize,
    reference: chrono::NaiveDate,
    rng: &mut Rng,
) -> Vec<OrderPush> {
    let per_order = plan.revenue / plan.orders.max(1) as f64;
    (0..plan.orders)
        .map(|_| {
            let days_back = plan.last_day + rng.below((plan.first_day - plan.last_day + 1) as u64) as i64;
            let date = reference - chrono::Duration::days(days_back);
            let amount = (per_order * (0.5 + rng.unit())).round().max(100.0) as i64;
            let status = match rng.below(100) {
                x if x < CANCELLED_PER_100 => OrderStatus::Cancelled,
                x if x < CANCELLED_PER_100 + DRAFT_PER_100 => OrderStatus::Draft,
                x if x < 50 => OrderStatus::Completed,
                _ => OrderStatus::Approved,
            };
            *next_ref += 1;
            order_push(*next_ref, customer_id, status, date, amount)
        })
        .collect()
}

/// An order as the ERP pushes it (external ref and number from its sequence number).
pub fn order_push(
    seq: usize,
    customer_id: &str,
    status: OrderStatus,
    date: chrono::NaiveDate,
    amount: i64,
) -> OrderPush {
    OrderPush {
        external_ref: format!("ERP-SO-{seq:09}"),
        customer_id: Some(customer_id.to_string()),
        customer_external_ref: None,
        number: Some(format!("SO{seq:09}")),
        status,
        order_date: date.format("%Y-%m-%d").to_string(),
        due_date: Some((date + chrono::Duration::days(30)).format("%Y-%m-%d").to_string()),
        amount,
        currency: None,
        fx_rate: None,
    }
}

/// Opens a dataset file with the clock at the reference date, as the host would on that day (a fixed
/// test-mode clock, with an id seed of its own so new ids never meet the generator's).
pub fn open_on_reference_date(path: &str) -> Engine {
    engine_at(path, PUSH_INSTANT, 0, 0xBE4C)
}

fn engine_at(path: &str, start: &str, step_ms: i64, seed: u64) -> Engine {
    let options = OpenOptions {
        test_mode: Some(TestMode { start: start.to_string(), step_ms, id_seed: seed }),
        ..OpenOptions::default()
    };
    Engine::open(path, &options).unwrap_or_else(|e| panic!("open {path}: {e}"))
}

fn call(engine: &Engine, method: &str, req: &Value) -> Value {
    engine.call_value(None, method, &req.to_string()).unwrap_or_else(|e| panic!("{method}: {e}"))
}

fn id_of(v: &Value) -> String {
    v["id"].as_str().expect("an id").to_string()
}

/// A fingerprint of the schema this build writes, so a schema change rebuilds cached files.
fn schema_fingerprint() -> u64 {
    let dir = std::env::temp_dir().join(format!("rapport-schema-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    let path = dir.join("schema.db");
    drop(Engine::open(&path.to_string_lossy(), &OpenOptions::default()).expect("schema"));
    let conn = rusqlite::Connection::open(&path).expect("open schema");
    let sql: String = conn
        .query_row("SELECT group_concat(sql, ';') FROM (SELECT sql FROM sqlite_master ORDER BY name)", [], |r| r.get(0))
        .expect("schema sql");
    drop(conn);
    let _ = std::fs::remove_dir_all(&dir);
    let mut h = DefaultHasher::new();
    (sql, GENERATOR_VERSION).hash(&mut h);
    h.finish()
}

/// Where cached datasets live: `<target>/bench-data/` next to the running binary.
fn cache_dir() -> PathBuf {
    let exe = std::env::current_exe().expect("current exe");
    let target = exe.ancestors().nth(2).map(PathBuf::from).unwrap_or_else(std::env::temp_dir);
    target.join("bench-data")
}

/// The dataset of `shape`: from the cache, or built now (then cached).
pub fn dataset(shape: Shape) -> Dataset {
    let dir = cache_dir();
    std::fs::create_dir_all(&dir).expect("cache dir");
    let key = format!(
        "analytics-c{}-o{}-p{}-{:016x}.db",
        shape.customers,
        shape.orders,
        shape.opportunities,
        schema_fingerprint()
    );
    let path = dir.join(&key);
    let share_path = dir.join(format!("{key}.top20"));
    if path.exists()
        && let Some(share) = std::fs::read_to_string(&share_path).ok().and_then(|s| s.trim().parse().ok())
    {
        return Dataset { path, build_seconds: Vec::new(), top20_share: share };
    }
    let partial = dir.join(format!("{key}.partial"));
    let _ = std::fs::remove_file(&partial);
    let (build_seconds, top20_share) = build(&partial.to_string_lossy(), shape);
    // Fold the write-ahead log into the file so the cached file stands alone.
    let conn = rusqlite::Connection::open(&partial).expect("open the built file");
    conn.query_row("PRAGMA wal_checkpoint(TRUNCATE)", [], |_| Ok(())).expect("checkpoint");
    conn.pragma_update(None, "journal_mode", "DELETE").expect("journal mode");
    drop(conn);
    std::fs::rename(&partial, &path).expect("cache the dataset");
    std::fs::write(&share_path, format!("{top20_share}\n")).expect("cache the share");
    Dataset { path, build_seconds, top20_share }
}

/// Builds the dataset into `path`; answers the seconds per phase and the top-20% revenue share.
fn build(path: &str, shape: Shape) -> (Vec<(&'static str, f64)>, f64) {
    let mut rng = Rng::new(0x5EED_0005);
    let mut seconds = Vec::new();
    let reference = chrono::NaiveDate::parse_from_str(REFERENCE_DATE, "%Y-%m-%d").expect("date");

    // Organisation, reps, customers: created at the start of the history.
    let t = Instant::now();
    let engine = engine_at(path, "2023-04-01T01:00:00Z", 0, 1);
    let mut reps = Vec::new();
    for d in 0..DEPARTMENTS {
        let dept = id_of(&call(&engine, "departments.create", &json!({"name": format!("销售{d}部")})));
        for r in 0..REPS_PER_DEPARTMENT {
            let rep = call(
                &engine,
                "users.create",
                &json!({"name": format!("Rep {d}-{r}"), "department_id": dept, "roles": ["sales_rep"]}),
            );
            reps.push(id_of(&rep));
        }
    }
    const REGIONS: &[&str] = &["44/4403", "31/3100", "11/1100", "33/3301", "44/4401", "51/5101"];
    let mut customers: Vec<String> = Vec::with_capacity(shape.customers);
    let mut owner_of: Vec<usize> = Vec::with_capacity(shape.customers);
    for start in (0..shape.customers).step_by(PUSH_CHUNK) {
        let end = (start + PUSH_CHUNK).min(shape.customers);
        let items: Vec<Value> = (start..end)
            .map(|i| {
                let owner = rng.below(reps.len() as u64) as usize;
                owner_of.push(owner);
                json!({
                    "name": format!("客户{i:07}有限公司"),
                    "owner_id": reps[owner],
                    "region": REGIONS[i % REGIONS.len()],
                    "external_ref": format!("ERP-C-{i:07}"),
                })
            })
            .collect();
        let r = call(&engine, "customers.batch", &json!({"items": items}));
        customers.extend(r["written"].as_array().expect("written").iter().map(id_of));
    }
    drop(engine);
    seconds.push(("customers (customers.batch)", t.elapsed().as_secs_f64()));

    // Opportunities month by month: created, advanced, closed, with the clock in that month.
    let t = Instant::now();
    build_opportunities(path, shape, &customers, &owner_of, &reps, &mut rng);
    seconds.push(("opportunities + stage history (opportunities.* calls)", t.elapsed().as_secs_f64()));

    // Orders: each customer's history in one push (grouped as an ERP's initial export).
    let t = Instant::now();
    let engine = engine_at(path, PUSH_INSTANT, 0, 3);
    let plans = plans(shape, &mut rng);
    let mut next_ref = 0usize;
    let mut pending: Vec<OrderPush> = Vec::with_capacity(PUSH_CHUNK + 1000);
    let mut revenue: Vec<i64> = vec![0; shape.customers];
    for (i, plan) in plans.iter().enumerate() {
        let orders = customer_orders(plan, &customers[i], &mut next_ref, reference, &mut rng);
        revenue[i] = orders.iter().filter(|o| o.status.counts()).map(|o| o.amount).sum();
        pending.extend(orders);
        if pending.len() >= PUSH_CHUNK || i + 1 == plans.len() {
            let take = pending.len().min(rapport_core::api::common::MAX_BATCH_ITEMS);
            let rest = pending.split_off(take);
            let items = std::mem::replace(&mut pending, rest);
            engine
                .push_orders(None, BatchRequest { items, mode: BatchMode::AllOrNothing })
                .unwrap_or_else(|e| panic!("orders.push: {e}"));
        }
    }
    while !pending.is_empty() {
        let rest = pending.split_off(pending.len().min(rapport_core::api::common::MAX_BATCH_ITEMS));
        let items = std::mem::replace(&mut pending, rest);
        engine.push_orders(None, BatchRequest { items, mode: BatchMode::AllOrNothing }).expect("orders.push");
    }
    seconds.push(("orders (orders.push, 10,000 per request)", t.elapsed().as_secs_f64()));

    // The default value model (creating it scores every customer once).
    let t = Instant::now();
    call(&engine, "value_models.create", &standard_model());
    seconds.push(("value model + first scoring", t.elapsed().as_secs_f64()));
    drop(engine);

    revenue.sort_unstable_by(|a, b| b.cmp(a));
    let total: i64 = revenue.iter().sum();
    let top: i64 = revenue[..shape.customers / 5].iter().sum();
    (seconds, top as f64 / total.max(1) as f64)
}

/// The benchmark's default value model: four dimensions, score grading.
pub fn standard_model() -> Value {
    json!({"code": "standard", "name": "客户价值", "is_default": true, "dimensions": [
        {"metric": "order_amount", "rule": {"kind": "linear", "lo": 0, "hi": 20_000_000}, "weight": 3},
        {"metric": "year_order_amount", "rule": {"kind": "bands", "bands": [
            {"max": 1, "points": 0}, {"min": 1, "max": 500_000, "points": 40},
            {"min": 500_000, "max": 5_000_000, "points": 70}, {"min": 5_000_000, "points": 100}]}, "weight": 2},
        {"metric": "order_count", "rule": {"kind": "linear", "lo": 0, "hi": 50}, "weight": 1},
        {"metric": "days_since_last_order", "rule": {"kind": "linear", "lo": 365, "hi": 0}, "weight": 2}
    ]})
}

/// Stage codes of the benchmark pipeline, in order.
pub const STAGES: &[&str] = &["qualify", "evaluate", "propose", "negotiate"];

fn build_opportunities(
    path: &str,
    shape: Shape,
    customers: &[String],
    owner_of: &[usize],
    reps: &[String],
    rng: &mut Rng,
) {
    if shape.opportunities == 0 {
        return;
    }
    let engine = engine_at(path, "2024-03-31T01:00:00Z", 0, 2);
    let stages: Vec<Value> = STAGES
        .iter()
        .enumerate()
        .map(|(i, code)| {
            json!({"code": code, "name": code, "probability": 10 + 25 * i, "requires_approval": false,
                   "forecast_category": if i < 2 { "pipeline" } else if i < 3 { "best_case" } else { "commit" }})
        })
        .collect();
    call(
        &engine,
        "pipelines.create",
        &json!({"code": "standard", "name": "标准销售流程", "is_default": true, "stages": stages}),
    );
    drop(engine);
    const MONTHS: usize = 24;
    let mut made = 0usize;
    for month in 0..MONTHS {
        let count = (shape.opportunities * (month + 1)) / MONTHS - made;
        made += count;
        let date = chrono::NaiveDate::from_ymd_opt(2024, 4, 1).expect("date") + chrono::Months::new(month as u32);
        // About 3.6 calls per opportunity over ~28 days of clock.
        let step_ms = (28 * 86_400_000 / (count as i64 * 4).max(1)).max(1);
        let engine = engine_at(path, &format!("{date}T01:00:00Z"), step_ms, 100 + month as u64);
        let mut open: Vec<String> = Vec::with_capacity(count);
        for _ in 0..count {
            let c = rng.below(customers.len() as u64) as usize;
            let amount = 1_000_000 + rng.below(50_000_000) as i64;
            let close = date + chrono::Duration::days(30 + rng.below(120) as i64);
            let o = call(
                &engine,
                "opportunities.create",
                &json!({"customer_id": customers[c], "title": "设备采购", "amount": amount,
                        "expected_close_date": close.to_string(), "owner_id": reps[owner_of[c]]}),
            );
            open.push(id_of(&o));
        }
        // Two waves of stage moves (most reach evaluate, many propose, some negotiate), then outcomes.
        let mut stage_of = vec![0usize; open.len()];
        for wave in 0..2 {
            for (k, id) in open.iter().enumerate() {
                let p = if wave == 0 { 85 } else { 70 };
                if stage_of[k] == wave && rng.below(100) < p {
                    let jump = if rng.below(100) < 15 { 2 } else { 1 };
                    stage_of[k] = (stage_of[k] + jump).min(STAGES.len() - 1);
                    call(&engine, "opportunities.advance", &json!({"id": id, "stage": STAGES[stage_of[k]]}));
                }
            }
        }
        for (k, id) in open.iter().enumerate() {
            match rng.below(100) {
                x if x < 25 + 8 * stage_of[k] as u64 => {
                    call(&engine, "opportunities.win", &json!({"id": id}));
                }
                x if x < 55 => {
                    call(&engine, "opportunities.lose", &json!({"id": id, "reason": "价格偏高"}));
                }
                _ => {}
            }
        }
        drop(engine);
    }
}
