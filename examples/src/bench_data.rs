//! The analytics benchmark's dataset: a deterministic generator of customers, orders, opportunities and stage history, cached as a file.
//!
//! Shape (with `n` customers): `10 n` orders skewed so that about 20% of the
//! customers hold 80% of the revenue (per-customer value drawn from a Pareto
//! law with alpha = log 5 / log 4), dated over the three years ending at
//! [`REFERENCE_DATE`]; `n` opportunities with about three stage-history rows
//! each, created month by month over two years; 100 reps in 10 departments.
//! The organisation, reps, pipeline and customers go in through the engine
//! (`customers.batch`). The documents are bulk-loaded into the engine's tables
//! the way an ERP migration loads its history (the API's own push path is
//! what the benchmark's part (d) measures), and everything derived from them
//! is then built by the engine itself: funnel counters, prediction facts and kept sales figures
//! when it opens, every customer's statistics with the first scoring. The
//! file is cached (keyed by the shape and the generator version; a file of an older schema version is
//! migrated in place by the engine when a bench opens it)
//! so repeated runs reuse it.

use std::path::PathBuf;
use std::time::Instant;

use rapport_core::sales::{OrderPush, OrderStatus};
use rapport_core::{DEFAULT_CACHE_MIB, TestMode};
use rapport_core::{Engine, OpenOptions};
use serde_json::{Value, json};

/// The date the dataset is "now": the last order date, and the statistics' reference date.
pub const REFERENCE_DATE: &str = "2026-03-31";
/// The instant the orders are pushed (the reference date, local afternoon in UTC+8).
const PUSH_INSTANT: &str = "2026-03-31T06:00:00Z";
/// Bump when the generator's output changes, so cached files are rebuilt.
const GENERATOR_VERSION: u32 = 2;
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
        lines: None,
        shipping_address: None,
        channel_partner: None,
    }
}

/// Opens a dataset file with the clock at the reference date, as the host would on that day (a fixed
/// test-mode clock, with an id seed of its own so new ids never meet the generator's).
/// `cache_mib` is the engine's page cache per connection.
pub fn open_on_reference_date(path: &str, cache_mib: u32) -> Engine {
    engine_with(path, PUSH_INSTANT, 0xBE4C, cache_mib)
}

/// An engine on `path` with a fixed test-mode clock at `start` and ids seeded by `seed`.
fn engine_with(path: &str, start: &str, seed: u64, cache_mib: u32) -> Engine {
    let options = OpenOptions {
        test_mode: Some(TestMode { start: start.to_string(), step_ms: 0, id_seed: seed }),
        cache_mib,
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
    // Keyed by the shape and the generator, not the schema: a file cached under an older schema version
    // is extended in place by the engine's migrations when a bench opens it (never rebuilt or copied).
    let key =
        format!("analytics-c{}-o{}-p{}-g{GENERATOR_VERSION}.db", shape.customers, shape.orders, shape.opportunities);
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

    // Organisation, reps, pipeline, customers: through the engine, at the start of the history.
    let t = Instant::now();
    let engine = engine_with(path, "2023-04-01T01:00:00Z", 1, DEFAULT_CACHE_MIB);
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
    let stages: Vec<Value> = STAGES
        .iter()
        .enumerate()
        .map(|(i, code)| {
            json!({"code": code, "name": code, "probability": 10 + 25 * i, "requires_approval": false,
                   "forecast_category": if i < 2 { "pipeline" } else if i < 3 { "best_case" } else { "commit" }})
        })
        .collect();
    let pipeline = call(
        &engine,
        "pipelines.create",
        &json!({"code": "standard", "name": "标准销售流程", "is_default": true, "stages": stages}),
    );
    let pipeline = Pipeline {
        id: id_of(&pipeline),
        stage_ids: pipeline["stages"].as_array().expect("stages").iter().map(id_of).collect(),
    };
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
    seconds.push(("organisation + customers (customers.batch)", t.elapsed().as_secs_f64()));

    // The documents: bulk-loaded, as an ERP migration would load its history.
    let t = Instant::now();
    let mut conn = bulk_connection(path);
    let revenue = bulk_orders(&mut conn, shape, &customers, reference, &mut rng);
    seconds.push(("orders (bulk load, then indexes)", t.elapsed().as_secs_f64()));
    let t = Instant::now();
    bulk_opportunities(&mut conn, shape, &customers, &owner_of, &reps, &pipeline, &mut rng);
    seconds.push(("opportunities + stage history (bulk load, then indexes)", t.elapsed().as_secs_f64()));
    // What the engine derives from them is built by the engine: the funnel and prediction facts when
    // it next opens, the statistics (and CUS-1 statuses) with the first scoring.
    conn.execute_batch(
        "DELETE FROM meta WHERE key IN ('funnel_built', 'sales_facts_built', 'stats_as_of', 'stats_window_days');
         UPDATE customers SET status = 'transaction' WHERE id IN
           (SELECT customer_id FROM orders WHERE status IN ('approved', 'completed'));
         PRAGMA journal_mode = WAL;",
    )
    .expect("hand over to the engine");
    drop(conn);

    let t = Instant::now();
    let engine = engine_with(path, PUSH_INSTANT, 3, DEFAULT_CACHE_MIB);
    seconds.push(("funnel counters + prediction facts (engine, at open)", t.elapsed().as_secs_f64()));
    let t = Instant::now();
    call(&engine, "value_models.create", &standard_model());
    seconds.push(("statistics of every customer + value model + first scoring (engine)", t.elapsed().as_secs_f64()));
    drop(engine);

    let mut revenue = revenue;
    revenue.sort_unstable_by(|a, b| b.cmp(a));
    let total: i64 = revenue.iter().sum();
    let top: i64 = revenue[..shape.customers / 5].iter().sum();
    (seconds, top as f64 / total.max(1) as f64)
}

/// The pipeline the opportunities run through.
struct Pipeline {
    id: String,
    stage_ids: Vec<String>,
}

/// A connection for bulk loading: no journal, no syncing (a failed build leaves a `.partial` file that is discarded).
fn bulk_connection(path: &str) -> rusqlite::Connection {
    let conn = rusqlite::Connection::open(path).expect("open for bulk load");
    conn.execute_batch("PRAGMA journal_mode = DELETE; PRAGMA synchronous = OFF; PRAGMA cache_size = -1048576;")
        .expect("bulk pragmas");
    conn
}

/// Runs `load` in one transaction with the secondary indexes of `tables` dropped, then builds them again
/// (sorting once is far quicker than keeping them up to date row by row).
fn without_indexes(conn: &mut rusqlite::Connection, tables: &[&str], load: impl FnOnce(&rusqlite::Transaction<'_>)) {
    let mut indexes: Vec<(String, String)> = Vec::new();
    for table in tables {
        let mut stmt = conn
            .prepare("SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = ?1 AND sql IS NOT NULL")
            .expect("indexes");
        let rows = stmt.query_map([table], |r| Ok((r.get(0)?, r.get(1)?))).expect("indexes");
        indexes.extend(rows.map(|r| r.expect("index")));
    }
    let tx = conn.transaction().expect("bulk transaction");
    for (name, _) in &indexes {
        tx.execute_batch(&format!("DROP INDEX {name}")).expect("drop index");
    }
    load(&tx);
    for (_, sql) in &indexes {
        tx.execute_batch(sql).expect("create index");
    }
    tx.commit().expect("commit bulk load");
}

/// An id shaped like the engine's (UUID text), increasing with `seq` within its `kind`.
fn bulk_id(kind: u32, seq: usize) -> String {
    format!("01800000-{kind:04x}-7000-8000-{seq:012x}")
}

/// Every customer's order history (grouped by customer, as an ERP's export is); answers each customer's counting revenue.
fn bulk_orders(
    conn: &mut rusqlite::Connection,
    shape: Shape,
    customers: &[String],
    reference: chrono::NaiveDate,
    rng: &mut Rng,
) -> Vec<i64> {
    let plans = plans(shape, rng);
    let mut revenue: Vec<i64> = vec![0; shape.customers];
    let pushed = format_instant(PUSH_INSTANT);
    let mut next_ref = 0usize;
    let mut seq = 0usize;
    without_indexes(conn, &["orders"], |tx| {
        let mut insert = tx
            .prepare(
                "INSERT INTO orders (id, code, customer_id, status, order_date, due_date, amount, currency, fx_rate,
                   amount_base, delivered_amount, external_ref, created_at, updated_at)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, 'CNY', '1', ?7, 0, ?8, ?9, ?9)",
            )
            .expect("insert order");
        for (i, plan) in plans.iter().enumerate() {
            for o in customer_orders(plan, &customers[i], &mut next_ref, reference, rng) {
                seq += 1;
                if o.status.counts() {
                    revenue[i] += o.amount;
                }
                insert
                    .execute(rusqlite::params![
                        bulk_id(1, seq),
                        o.number,
                        customers[i],
                        o.status.as_str(),
                        o.order_date,
                        o.due_date,
                        o.amount,
                        o.external_ref,
                        pushed,
                    ])
                    .expect("insert order");
            }
        }
    });
    conn.execute(
        "INSERT INTO code_sequences (entity, prefix, next_value) VALUES ('order', 'SO-', ?1)
         ON CONFLICT (entity) DO UPDATE SET next_value = excluded.next_value",
        [next_ref as i64 + 1],
    )
    .expect("order sequence");
    revenue
}

/// An instant as the engine stores it: RFC 3339 UTC with milliseconds (`...T08:00:00.000Z`).
fn stored_instant(t: chrono::DateTime<chrono::Utc>) -> String {
    t.to_rfc3339_opts(chrono::SecondsFormat::Millis, true)
}

fn format_instant(text: &str) -> String {
    let t = chrono::DateTime::parse_from_rfc3339(text).expect("instant").with_timezone(&chrono::Utc);
    stored_instant(t)
}

/// Opportunities created month by month over two years, moved through the stages by their owners, most of
/// them closed: each visit of a stage is a stage-history row.
fn bulk_opportunities(
    conn: &mut rusqlite::Connection,
    shape: Shape,
    customers: &[String],
    owner_of: &[usize],
    reps: &[String],
    pipeline: &Pipeline,
    rng: &mut Rng,
) {
    const MONTHS: usize = 24;
    const DAY_MS: i64 = 86_400_000;
    let first_month = chrono::NaiveDate::from_ymd_opt(2024, 4, 1).expect("date");
    let at = |ms: i64| stored_instant(chrono::DateTime::from_timestamp_millis(ms).expect("instant"));
    without_indexes(conn, &["opportunities", "opportunity_stage_history"], |tx| {
        let mut insert = tx
            .prepare(
                "INSERT INTO opportunities (id, code, customer_id, title, amount, currency, fx_rate, amount_base,
                   expected_close_date, pipeline_id, stage_id, owner_id, status, close_reason, closed_at,
                   created_at, updated_at)
                 VALUES (?1, ?2, ?3, '设备采购', ?4, 'CNY', '1', ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13)",
            )
            .expect("insert opportunity");
        let mut visit = tx
            .prepare(
                "INSERT INTO opportunity_stage_history (opportunity_id, stage_id, entered_at, left_at, actor_id)
                 VALUES (?1, ?2, ?3, ?4, ?5)",
            )
            .expect("insert visit");
        let mut made = 0usize;
        for month in 0..MONTHS {
            let count = (shape.opportunities * (month + 1)) / MONTHS - made;
            let start = first_month + chrono::Months::new(month as u32);
            let start_ms = start.and_hms_opt(1, 0, 0).expect("time").and_utc().timestamp_millis();
            for _ in 0..count {
                made += 1;
                let c = rng.below(customers.len() as u64) as usize;
                let owner = &reps[owner_of[c]];
                let amount = 1_000_000 + rng.below(50_000_000) as i64;
                let close_date = start + chrono::Duration::days(30 + rng.below(120) as i64);
                let id = bulk_id(2, made);
                // Created some time in the month; three chances to move on (most reach evaluate,
                // many propose, some negotiate; a few jump a stage), a day to ten apart.
                let mut now = start_ms + rng.below(28 * DAY_MS as u64) as i64;
                let created = now;
                let mut stage = 0usize;
                let mut visits = vec![(0usize, now)];
                for p in [90, 75, 50] {
                    if stage + 1 < STAGES.len() && rng.below(100) < p {
                        now += DAY_MS + rng.below(9 * DAY_MS as u64) as i64;
                        stage = (stage + if rng.below(100) < 15 { 2 } else { 1 }).min(STAGES.len() - 1);
                        visits.push((stage, now));
                    }
                }
                let (status, reason) = match rng.below(100) {
                    x if x < 25 + 8 * stage as u64 => ("won", None),
                    x if x < 55 => ("lost", Some("价格偏高")),
                    _ => ("open", None),
                };
                let closed = (status != "open").then(|| now + DAY_MS + rng.below(19 * DAY_MS as u64) as i64);
                insert
                    .execute(rusqlite::params![
                        id,
                        format!("O-{made:06}"),
                        customers[c],
                        amount,
                        close_date.to_string(),
                        pipeline.id,
                        pipeline.stage_ids[stage],
                        owner,
                        status,
                        reason,
                        closed.map(at),
                        at(created),
                        at(closed.unwrap_or(now)),
                    ])
                    .expect("insert opportunity");
                for (k, (s, entered)) in visits.iter().enumerate() {
                    let left = visits.get(k + 1).map(|v| v.1).or(closed);
                    visit
                        .execute(rusqlite::params![id, pipeline.stage_ids[*s], at(*entered), left.map(at), owner])
                        .expect("insert visit");
                }
            }
        }
    });
    conn.execute(
        "INSERT INTO code_sequences (entity, prefix, next_value) VALUES ('opportunity', 'O-', ?1)
         ON CONFLICT (entity) DO UPDATE SET next_value = excluded.next_value",
        [shape.opportunities as i64 + 1],
    )
    .expect("opportunity sequence");
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
