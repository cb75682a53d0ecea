//! Benchmark: value analytics at scale (issue 5): rescoring, the 360 overview and order pushes, each against raw SQL on the same data.
//!
//! Run: `cargo run --release -p rapport-examples --bin bench_scoring [-- --customers N]`
//! (default 1,000,000 customers, 10 orders each, as many opportunities; the
//! dataset is built once through the engine and cached under
//! `target/bench-data/`). Other flags: `--runs R` (timed repetitions, median
//! reported; default 3), `--baseline-runs B` (default 1), `--samples S`
//! (overview calls, default 10,000), `--push-rows P` (default 100,000),
//! `--push-chunk K` (default 1,000), `--parts abcd` (which parts to run). Prints markdown tables; never used as a
//! timed assertion.

use std::collections::BTreeMap;
use std::time::Instant;

#[path = "../bench_support.rs"]
mod bench_support;

#[path = "../bench_data.rs"]
mod bench_data;

use bench_data::{Rng, Shape, order_push};
use bench_support::arg;
use rapport_core::DEFAULT_CACHE_MIB;
use rapport_core::Engine;
use rapport_core::sales::OrderStatus;
use serde_json::{Value, json};

fn median(xs: &mut [f64]) -> f64 {
    xs.sort_by(|a, b| a.total_cmp(b));
    xs[xs.len() / 2]
}

fn percentile(sorted: &[f64], p: f64) -> f64 {
    let i = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    sorted[i.min(sorted.len() - 1)]
}

/// Peak resident memory of this process so far, MB (`VmHWM`).
fn peak_rss_mb() -> f64 {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    status
        .lines()
        .find_map(|l| l.strip_prefix("VmHWM:"))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse::<f64>().ok())
        .map_or(f64::NAN, |kb| kb / 1024.0)
}

/// Resets the peak so the next reading covers only what follows (Linux `clear_refs` 5).
fn reset_peak_rss() {
    let _ = std::fs::write("/proc/self/clear_refs", "5");
}

fn call(engine: &Engine, method: &str, req: &Value) -> Value {
    engine.call_value(None, method, &req.to_string()).unwrap_or_else(|e| panic!("{method}: {e}"))
}

fn secs(t: Instant) -> f64 {
    t.elapsed().as_secs_f64()
}

const COUNTING: &str = "('approved', 'partially_delivered', 'delivered', 'completed')";

/// The RFM segment table of Appendix A as an SQL CASE over columns r, f, m.
fn segment_case() -> String {
    type Range = (u8, u8);
    const ROWS: &[(&str, Range, Range, Range)] = &[
        ("champions", (4, 5), (4, 5), (4, 5)),
        ("loyal", (2, 5), (3, 5), (3, 5)),
        ("new", (4, 5), (1, 1), (1, 1)),
        ("promising", (3, 4), (1, 1), (1, 1)),
        ("potential_loyalist", (3, 5), (1, 3), (1, 3)),
        ("need_attention", (2, 3), (2, 3), (2, 3)),
        ("about_to_sleep", (2, 3), (1, 2), (1, 2)),
        ("cannot_lose", (1, 1), (4, 5), (4, 5)),
        ("at_risk", (1, 2), (2, 5), (2, 5)),
        ("lost", (1, 1), (1, 1), (1, 1)),
        ("hibernating", (1, 2), (1, 2), (1, 2)),
    ];
    let mut s = String::from("CASE");
    for (name, r, f, m) in ROWS {
        s.push_str(&format!(
            " WHEN rq BETWEEN {} AND {} AND fq BETWEEN {} AND {} AND mq BETWEEN {} AND {} THEN '{name}'",
            r.0, r.1, f.0, f.1, m.0, m.1
        ));
    }
    s.push_str(" ELSE 'others' END");
    s
}

/// The baseline: the standard model's scores and grades, RFM and ABC for every customer, in one SQL
/// statement. `per_customer` is a subquery giving (customer_id, order_count, order_amount,
/// year_amount, last_date, f, m) for the customers with counting orders up to the date.
fn baseline_sql(per_customer: &str) -> String {
    let lin = |v: &str, lo: f64, hi: f64| format!("100.0 * MIN(MAX(({v} - {lo:?}) / ({hi:?} - {lo:?}), 0.0), 1.0)");
    let score = format!(
        "(3 * {} + 2 * (CASE WHEN year_amount >= 5000000 THEN 100 WHEN year_amount >= 500000 THEN 70
                          WHEN year_amount >= 1 THEN 40 ELSE 0 END)
             + 1 * {} + 2 * (CASE WHEN days IS NULL THEN 0 ELSE {} END)) / 8.0",
        lin("COALESCE(order_amount, 0)", 0.0, 20_000_000.0),
        lin("COALESCE(order_count, 0)", 0.0, 50.0),
        lin("days", 365.0, 0.0),
    );
    format!(
        "WITH per AS ({per_customer}),
         s AS (SELECT c.id, c.code, per.order_count, per.order_amount, per.year_amount, per.f, per.m,
                      CAST(julianday(?1) - julianday(per.last_date) AS INTEGER) AS days
               FROM customers c LEFT JOIN per ON per.customer_id = c.id WHERE c.archived_at IS NULL),
         scored AS (SELECT *, CAST({score} * 100 + 0.5 AS INTEGER) AS score FROM s),
         ranked AS (SELECT id, COUNT(*) OVER () AS n,
                      RANK() OVER (ORDER BY -days) AS rr, RANK() OVER (ORDER BY f) AS fr, RANK() OVER (ORDER BY m) AS mr,
                      SUM(m) OVER (ORDER BY m DESC, code ROWS UNBOUNDED PRECEDING) - m AS before,
                      SUM(m) OVER () AS total, m AS revenue
                    FROM scored WHERE order_count > 0),
         rfm AS (SELECT id, MIN(1 + 5 * (rr - 1) / n, 5) AS rq, MIN(1 + 5 * (fr - 1) / n, 5) AS fq,
                        MIN(1 + 5 * (mr - 1) / n, 5) AS mq, before, total, revenue FROM ranked)
         SELECT sc.id, sc.score,
                CASE WHEN sc.score >= 8000 THEN 'A' WHEN sc.score >= 6000 THEN 'B' WHEN sc.score >= 3000 THEN 'C' ELSE 'D' END,
                CASE WHEN rfm.id IS NULL THEN NULL ELSE {} END,
                CASE WHEN rfm.id IS NULL THEN NULL WHEN revenue = 0 THEN 'C'
                     WHEN before * 1.0 / total < 0.8 THEN 'A' WHEN before * 1.0 / total < 0.95 THEN 'B' ELSE 'C' END
         FROM scored sc LEFT JOIN rfm ON rfm.id = sc.id",
        segment_case()
    )
}

fn from_orders_sql() -> String {
    format!(
        "SELECT customer_id, COUNT(*) AS order_count, SUM(amount_base) AS order_amount,
                SUM(CASE WHEN order_date >= ?2 THEN amount_base ELSE 0 END) AS year_amount,
                MAX(order_date) AS last_date,
                SUM(order_date >= ?3) AS f, SUM(CASE WHEN order_date >= ?3 THEN amount_base ELSE 0 END) AS m
         FROM orders WHERE status IN {COUNTING} AND order_date <= ?1 GROUP BY customer_id"
    )
}

fn from_stats_sql() -> String {
    "SELECT customer_id, order_count, order_amount, year_order_amount AS year_amount, last_order_date AS last_date,
            window_order_count AS f, window_order_amount AS m
     FROM customer_stats WHERE order_count > 0 AND ?2 IS NOT NULL AND ?3 IS NOT NULL"
        .to_string()
}

/// Grade counts and segment counts of one baseline run.
type BaselineCounts = (BTreeMap<String, i64>, BTreeMap<String, i64>, BTreeMap<String, i64>);

fn run_baseline(conn: &rusqlite::Connection, sql: &str) -> BaselineCounts {
    let as_of = bench_data::REFERENCE_DATE;
    let year_start = format!("{}-01-01", &as_of[..4]);
    let window_start =
        (chrono::NaiveDate::parse_from_str(as_of, "%Y-%m-%d").expect("date") - chrono::Duration::days(364)).to_string();
    let mut stmt = conn.prepare(sql).expect("baseline sql");
    let mut rows = stmt.query(rusqlite::params![as_of, year_start, window_start]).expect("query");
    let (mut grades, mut segments, mut classes) = (BTreeMap::new(), BTreeMap::new(), BTreeMap::new());
    while let Some(r) = rows.next().expect("row") {
        *grades.entry(r.get::<_, String>(2).expect("grade")).or_insert(0) += 1;
        if let Some(s) = r.get::<_, Option<String>>(3).expect("segment") {
            *segments.entry(s).or_insert(0) += 1;
        }
        if let Some(c) = r.get::<_, Option<String>>(4).expect("class") {
            *classes.entry(c).or_insert(0) += 1;
        }
    }
    (grades, segments, classes)
}

fn counts_of(v: &Value) -> BTreeMap<String, i64> {
    v.as_object().map(|o| o.iter().map(|(k, n)| (k.clone(), n.as_i64().unwrap_or(0))).collect()).unwrap_or_default()
}

struct Table {
    title: String,
    rows: Vec<[String; 4]>,
}

impl Table {
    fn print(&self) {
        println!("\n{}\n", self.title);
        println!("| measure | Rapport | baseline (raw SQL, same file, same run) | target |");
        println!("|---|---:|---:|---|");
        for r in &self.rows {
            println!("| {} | {} | {} | {} |", r[0], r[1], r[2], r[3]);
        }
    }
}

fn main() {
    let shape = Shape::from_args();
    let runs = arg("--runs", 3).max(1);
    let baseline_runs = arg("--baseline-runs", 1).max(1);
    let samples = arg("--samples", 10_000).max(1);
    let push_rows = arg("--push-rows", 100_000);
    let push_chunk = arg("--push-chunk", 1_000).clamp(1, 10_000);
    let parts = {
        let args: Vec<String> = std::env::args().collect();
        args.iter().position(|a| a == "--parts").and_then(|i| args.get(i + 1)).cloned().unwrap_or("abcd".into())
    };

    let t = Instant::now();
    let data = bench_data::dataset(shape);
    let ready = secs(t);
    println!("# bench_scoring");
    println!(
        "\ndataset: {} customers, {} orders (top 20% of customers hold {:.1}% of counting revenue), {} opportunities; {}",
        shape.customers,
        shape.orders,
        100.0 * data.top20_share,
        shape.opportunities,
        if data.build_seconds.is_empty() { "from the cache".to_string() } else { format!("built in {ready:.1} s") }
    );
    for (phase, s) in &data.build_seconds {
        println!("- {phase}: {s:.1} s");
    }

    // Work on a copy: the workloads write scores and orders.
    let work = bench_support::temp_path("scoring");
    std::fs::copy(&data.path, &work).expect("copy the dataset");
    let engine = bench_data::open_on_reference_date(&work, DEFAULT_CACHE_MIB);
    let raw = rusqlite::Connection::open(&work).expect("raw open");
    raw.pragma_update(None, "cache_size", -262_144).expect("cache size"); // 256 MiB, like a tuned host
    raw.pragma_update(None, "synchronous", "NORMAL").expect("synchronous"); // as the engine commits
    let counts = engine.row_counts().expect("counts");
    println!(
        "\nrows: customers {}, orders {}, customer_stats {}, opportunities {}, opportunity_stage_history {}, audit_log {}",
        counts["customers"],
        counts["orders"],
        counts["customer_stats"],
        counts["opportunities"],
        counts["opportunity_stage_history"],
        counts["audit_log"]
    );
    let file_mb = std::fs::metadata(&work).map(|m| m.len() as f64 / 1e6).unwrap_or(0.0);
    println!("file: {file_mb:.0} MB; timings are medians of {runs} runs (baselines: {baseline_runs}); 2 shared cores");

    if parts.contains('a') {
        // (a) Rescoring: a daily run (the date moves a day each time), the same date again (nothing changed),
        // a model change (every score row rewritten), and computing only.
        let reference = chrono::NaiveDate::parse_from_str(bench_data::REFERENCE_DATE, "%Y-%m-%d").expect("date");
        let rescore_on = |days: i64| json!({"as_of": (reference + chrono::Duration::days(days)).to_string()});
        call(&engine, "scores.rescore", &rescore_on(0)); // warm the cache and settle the reference date
        reset_peak_rss();
        let rss_before = peak_rss_mb();
        let mut daily_times = Vec::new();
        let mut daily_rows = Vec::new();
        let mut summary = Value::Null;
        for day in 1..=runs as i64 {
            let t = Instant::now();
            summary = call(&engine, "scores.rescore", &rescore_on(day));
            daily_times.push(secs(t));
            daily_rows.push(summary["rows_written"].as_i64().unwrap_or(-1));
        }
        let mut same_times = Vec::new();
        let mut same_rows = 0;
        for _ in 0..runs {
            let t = Instant::now();
            same_rows =
                call(&engine, "scores.rescore", &rescore_on(runs as i64))["rows_written"].as_i64().unwrap_or(-1);
            same_times.push(secs(t));
        }
        let model_id = summary["models"][0]["model_id"].as_str().expect("the model").to_string();
        let mut model_times = Vec::new();
        for run in 0..runs {
            let mut model = bench_data::standard_model();
            model["dimensions"][3]["weight"] = json!(2 + (run % 2) as i64 + 1);
            let t = Instant::now();
            call(&engine, "value_models.update", &json!({"id": model_id, "dimensions": model["dimensions"]}));
            model_times.push(secs(t));
        }
        let rss_write = peak_rss_mb();
        let mut dry = rescore_on(runs as i64);
        dry["dry_run"] = json!(true);
        let mut compute_times = Vec::new();
        for _ in 0..runs {
            let t = Instant::now();
            call(&engine, "scores.rescore", &dry);
            compute_times.push(secs(t));
        }
        let rss_peak = peak_rss_mb();
        // The grades the baseline checks against: the standard model again, as of the reference date.
        call(
            &engine,
            "value_models.update",
            &json!({"id": model_id, "dimensions": bench_data::standard_model()["dimensions"]}),
        );
        let summary = call(&engine, "scores.rescore", &rescore_on(0));
        let mut from_orders = Vec::new();
        let mut from_stats = Vec::new();
        let mut baseline_counts = None;
        for _ in 0..baseline_runs {
            let t = Instant::now();
            baseline_counts = Some(run_baseline(&raw, &baseline_sql(&from_orders_sql())));
            from_orders.push(secs(t));
            let t = Instant::now();
            run_baseline(&raw, &baseline_sql(&from_stats_sql()));
            from_stats.push(secs(t));
        }
        let (b_grades, b_segments, b_classes) = baseline_counts.expect("a baseline run");
        let r_grades = counts_of(&summary["models"][0]["grades"]);
        let (r_segments, r_classes) = (counts_of(&summary["segments"]), counts_of(&summary["abc"]));
        let r_grades: BTreeMap<String, i64> = r_grades.into_iter().filter(|(_, n)| *n > 0).collect();
        let agree = |a: &BTreeMap<String, i64>, b: &BTreeMap<String, i64>| if a == b { "same" } else { "DIFFERENT" };
        let n = summary["customers"].as_i64().unwrap_or(0);
        Table {
            title: format!(
                "## (a) Full rescoring: value model (4 dimensions) + RFM + ABC over {n} customers ({} in the RFM population), as of {}",
                summary["rfm_population"],
                bench_data::REFERENCE_DATE
            ),
            rows: vec![
                [
                    format!(
                        "rescore, scores written back (`scores.rescore`), daily: the date moves a day each run ({} rows rewritten)",
                        daily_rows.iter().map(|n| n.to_string()).collect::<Vec<_>>().join(" / ")
                    ),
                    format!("{:.2} s", median(&mut daily_times)),
                    format!("{:.2} s (one query over raw orders, no write)", median(&mut from_orders)),
                    "<= 1.5 s".into(),
                ],
                [
                    format!("rescore again on the same date ({same_rows} rows rewritten)"),
                    format!("{:.2} s", median(&mut same_times)),
                    "-".into(),
                    "<= 1.5 s".into(),
                ],
                [
                    format!("model change (`value_models.update`: new version, all {n} score rows rewritten)"),
                    format!("{:.2} s", median(&mut model_times)),
                    "-".into(),
                    "-".into(),
                ],
                [
                    "rescore, compute only (`scores.rescore` with `dry_run`)".into(),
                    format!("{:.2} s", median(&mut compute_times)),
                    format!("{:.2} s (same query over customer_stats)", median(&mut from_stats)),
                    "<= 0.5 s".into(),
                ],
                [
                    "peak RSS during rescoring (VmHWM)".into(),
                    format!("{rss_peak:.0} MB (with write-back {rss_write:.0} MB; {rss_before:.0} MB before)"),
                    "-".into(),
                    "<= 300 MB".into(),
                ],
                [
                    "results agree (grades / RFM segments / ABC counts)".into(),
                    format!(
                        "{} / {} / {}",
                        agree(&r_grades, &b_grades),
                        agree(&r_segments, &b_segments),
                        agree(&r_classes, &b_classes)
                    ),
                    format!("grades {b_grades:?}"),
                    "same".into(),
                ],
            ],
        }
        .print();
        if r_segments != b_segments || r_classes != b_classes || r_grades != b_grades {
            println!("\nRapport: grades {r_grades:?} segments {r_segments:?} abc {r_classes:?}");
            println!("baseline: grades {b_grades:?} segments {b_segments:?} abc {b_classes:?}");
        }
    }
    let ids: Vec<String> = {
        let mut stmt = raw.prepare("SELECT id FROM customers ORDER BY id").expect("ids");
        stmt.query_map([], |r| r.get(0)).expect("ids").collect::<Result<_, _>>().expect("ids")
    };
    // (b) The 360 overview of random customers.
    if parts.contains('b') {
        let mut rng = Rng::new(42);
        let picks: Vec<&String> = (0..samples).map(|_| &ids[rng.below(ids.len() as u64) as usize]).collect();
        let mut engine_ms = Vec::with_capacity(samples);
        for id in &picks {
            let t = Instant::now();
            call(&engine, "customers.overview", &json!({"id": id}));
            engine_ms.push(secs(t) * 1e3);
        }
        let overview_sql = format!(
            "SELECT COUNT(*), COALESCE(SUM(amount_base), 0), MAX(amount_base), MIN(order_date), MAX(order_date),
                    SUM(CASE WHEN order_date >= ?3 THEN amount_base ELSE 0 END), SUM(order_date >= ?4),
                    SUM(CASE WHEN order_date >= ?4 THEN amount_base ELSE 0 END),
                    (SELECT COALESCE(SUM(amount_base), 0) FROM receipts WHERE customer_id = ?1 AND receipt_date <= ?2)
             FROM orders WHERE customer_id = ?1 AND status IN {COUNTING} AND order_date <= ?2"
        );
        let mut raw_ms = Vec::with_capacity(samples);
        {
            let mut stmt = raw.prepare(&overview_sql).expect("overview sql");
            for id in &picks {
                let t = Instant::now();
                let n: i64 = stmt
                    .query_row(rusqlite::params![id, bench_data::REFERENCE_DATE, "2026-01-01", "2025-04-01"], |r| {
                        r.get(0)
                    })
                    .expect("overview row");
                std::hint::black_box(n);
                raw_ms.push(secs(t) * 1e3);
            }
        }
        engine_ms.sort_by(|a, b| a.total_cmp(b));
        raw_ms.sort_by(|a, b| a.total_cmp(b));
        Table {
            title: format!(
                "## (b) The 360 overview (`customers.overview` through `engine.call`) of {samples} random customers"
            ),
            rows: vec![
                [
                    "p50".into(),
                    format!("{:.3} ms", percentile(&engine_ms, 0.5)),
                    format!("{:.3} ms (order and receipt aggregate of one customer)", percentile(&raw_ms, 0.5)),
                    "-".into(),
                ],
                [
                    "p99".into(),
                    format!("{:.3} ms", percentile(&engine_ms, 0.99)),
                    format!("{:.3} ms", percentile(&raw_ms, 0.99)),
                    "<= 1 ms".into(),
                ],
            ],
        }
        .print();
    }
    // (c) The funnel over every opportunity, and over one rep's, from the maintained counters.
    if parts.contains('c') {
        let pipeline: String =
            raw.query_row("SELECT id FROM pipelines WHERE is_default = 1", [], |r| r.get(0)).expect("pipeline");
        let rep: String = raw
            .query_row(
                "SELECT owner_id FROM opportunities WHERE owner_id IS NOT NULL GROUP BY owner_id ORDER BY COUNT(*) DESC LIMIT 1",
                [],
                |r| r.get(0),
            )
            .expect("a rep");
        let funnel_request = json!({"pipeline_id": pipeline, "from": "2000-01", "to": "2099-12"});
        let funnel_sql = |owner: bool| {
            format!(
                "WITH reach AS (
                   SELECT o.id, o.amount_base, CASE WHEN o.status = 'won' THEN 1000000 ELSE MAX(s.position) END AS reach
                   FROM opportunities o JOIN opportunity_stage_history h ON h.opportunity_id = o.id
                   JOIN pipeline_stages s ON s.id = h.stage_id
                   WHERE o.archived_at IS NULL AND o.pipeline_id = ?1 {}
                   GROUP BY o.id)
                 SELECT st.position, COUNT(r.id), COALESCE(SUM(r.amount_base), 0) FROM pipeline_stages st
                 LEFT JOIN reach r ON r.reach >= st.position WHERE st.pipeline_id = ?1 AND st.active = 1
                 GROUP BY st.position ORDER BY st.position",
                if owner { "AND o.owner_id = ?2" } else { "AND ?2 IS NOT NULL" }
            )
        };
        let time_sql =
            "SELECT h.stage_id, AVG(julianday(h.left_at) - julianday(h.entered_at)) FROM opportunity_stage_history h
             JOIN opportunities o ON o.id = h.opportunity_id
             WHERE h.left_at IS NOT NULL AND o.archived_at IS NULL AND o.pipeline_id = ?1 GROUP BY h.stage_id";
        let mut funnel_rows = Vec::new();
        for (label, actor, owner) in
            [("all opportunities (system)", None, false), ("one rep's scope", Some(rep.as_str()), true)]
        {
            let mut ours = Vec::new();
            let mut reached = Vec::new();
            for _ in 0..runs.max(5) {
                let t = Instant::now();
                let report = engine
                    .call_value(actor, "reports.funnel", &funnel_request.to_string())
                    .unwrap_or_else(|e| panic!("reports.funnel: {e}"));
                ours.push(secs(t) * 1e3);
                reached = report["stages"].as_array().unwrap().iter().map(|s| s["reached"].as_i64().unwrap()).collect();
            }
            let mut theirs = Vec::new();
            let mut base_reached: Vec<i64> = Vec::new();
            for _ in 0..baseline_runs {
                let t = Instant::now();
                let mut stmt = raw.prepare(&funnel_sql(owner)).expect("funnel sql");
                base_reached = stmt
                    .query_map(rusqlite::params![pipeline, rep], |r| r.get(1))
                    .expect("funnel rows")
                    .collect::<Result<_, _>>()
                    .expect("funnel rows");
                let mut times = raw.prepare(time_sql).expect("time sql");
                let n = times.query_map([&pipeline], |r| r.get::<_, String>(0)).expect("times").count();
                std::hint::black_box(n);
                theirs.push(secs(t) * 1e3);
            }
            funnel_rows.push([
                format!("{label}: reached per stage {reached:?}"),
                format!("{:.1} ms", median(&mut ours)),
                format!(
                    "{:.1} ms (stage-history aggregate; {})",
                    median(&mut theirs),
                    if base_reached == reached { "same counts" } else { "DIFFERENT counts" }
                ),
                "<= 50 ms".into(),
            ]);
        }
        Table { title: "## (c) The funnel (`reports.funnel`, all months)".into(), rows: funnel_rows }.print();
    }
    // (d) Pushing new orders for random customers, through the API and as raw prepared inserts.
    if push_rows > 0 && parts.contains('d') {
        let reference = chrono::NaiveDate::parse_from_str(bench_data::REFERENCE_DATE, "%Y-%m-%d").expect("date");
        let mut rng = Rng::new(7);
        let base = 900_000_000usize;
        let rows: Vec<(String, i64, chrono::NaiveDate)> = (0..push_rows)
            .map(|_| {
                let id = ids[rng.below(ids.len() as u64) as usize].clone();
                (id, 10_000 + rng.below(1_000_000) as i64, reference - chrono::Duration::days(rng.below(30) as i64))
            })
            .collect();
        // The engine with the raw connection's page cache (256 MiB), so both write through the same cache.
        drop(engine);
        let engine = bench_data::open_on_reference_date(&work, 256);
        let mut t_engine = Vec::new();
        let t = Instant::now();
        for (c, part) in rows.chunks(push_chunk).enumerate() {
            let items: Vec<Value> = part
                .iter()
                .enumerate()
                .map(|(j, (customer, amount, date))| {
                    let o = order_push(base + c * push_chunk + j, customer, OrderStatus::Approved, *date, *amount);
                    json!({"external_ref": o.external_ref, "customer_id": o.customer_id, "number": o.number,
                           "status": "approved", "order_date": o.order_date, "due_date": o.due_date, "amount": o.amount})
                })
                .collect();
            let request = json!({"items": items}).to_string();
            engine.call(None, "orders.push", &request).unwrap_or_else(|e| panic!("orders.push: {e}"));
        }
        t_engine.push(secs(t));
        drop(engine);
        let mut raw = raw;
        let t = Instant::now();
        for (c, part) in rows.chunks(push_chunk).enumerate() {
            let tx = raw.transaction().expect("tx");
            {
                let mut ins = tx
                    .prepare_cached(
                        "INSERT INTO orders (id, code, customer_id, status, order_date, due_date, amount, currency, fx_rate,
                           amount_base, delivered_amount, external_ref, created_at, updated_at)
                         VALUES (?1, ?2, ?3, 'approved', ?4, ?5, ?6, 'CNY', '1', ?6, 0, ?7, ?8, ?8)",
                    )
                    .expect("insert");
                for (j, (customer, amount, date)) in part.iter().enumerate() {
                    let seq = base + push_rows + c * push_chunk + j;
                    let o = order_push(seq, customer, OrderStatus::Approved, *date, *amount);
                    ins.execute(rusqlite::params![
                        format!("raw-{seq}"),
                        o.number,
                        customer,
                        o.order_date,
                        o.due_date,
                        amount,
                        o.external_ref,
                        "2026-03-31T06:00:00.000Z",
                    ])
                    .expect("raw insert");
                }
            }
            tx.commit().expect("commit");
        }
        let t_raw = secs(t);
        let rapport = push_rows as f64 / median(&mut t_engine);
        let baseline = push_rows as f64 / t_raw;
        Table {
            title: format!(
                "## (d) Pushing {push_rows} new orders for random customers, {push_chunk} per request (`orders.push` through `engine.call`: validation, audit entry per order, statistics of each touched customer)"
            ),
            rows: vec![[
                "rows per second".into(),
                format!("{rapport:.0} ({:.2}x the baseline)", rapport / baseline),
                format!("{baseline:.0} (prepared INSERT, same rows, one transaction per chunk)"),
                ">= 0.5x the baseline".into(),
            ]],
        }
        .print();
    }
    bench_support::remove_db(&work);
}
