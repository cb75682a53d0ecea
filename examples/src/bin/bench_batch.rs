//! Benchmark: batch create throughput through `engine.call` against raw SQL inserts of the same rows.
//!
//! Run: `cargo run --release -p rapport-examples --bin bench_batch [-- --rows N]`.
//! Prints a table; never used as a timed assertion.

use std::time::Instant;

#[path = "../bench_support.rs"]
mod bench_support;

use bench_support::{arg, remove_db, temp_path};
use rapport_core::{Engine, OpenOptions};
use serde_json::{Value, json};

fn call(engine: &Engine, method: &str, req: Value) -> Value {
    engine.call_value(None, method, &req.to_string()).unwrap_or_else(|e| panic!("{method}: {e}"))
}

const SURNAMES: &[&str] = &["王", "李", "张", "刘", "陈", "杨", "黄", "赵", "周", "吴"];
const CITIES: &[(&str, &str)] = &[("深圳", "44/4403"), ("上海", "31/3100"), ("北京", "11/1100"), ("杭州", "33/3301")];

fn customer(i: usize, owner: &str) -> Value {
    let (city, region) = CITIES[i % CITIES.len()];
    json!({
        "name": format!("{city}{}{i}科技有限公司", SURNAMES[i % SURNAMES.len()]),
        "owner_id": owner,
        "region": region,
        "industry": "manufacturing",
        "source": "trade_show",
        "phone": format!("+86 138{:08}", i),
        "email": format!("info{i}@example.com"),
        "tags": ["bench"],
        "external_ref": format!("ERP-{i}"),
    })
}

fn main() {
    let rows = arg("--rows", 20_000);
    let chunk = arg("--chunk", 1_000);

    // Rapport: customers.batch through engine.call (JSON in, JSON out), file database.
    let path = temp_path("engine");
    let engine = Engine::open(&path, &OpenOptions::default()).expect("open");
    let dept = call(&engine, "departments.create", json!({"name": "Sales"}))["id"].as_str().unwrap().to_string();
    let owner =
        call(&engine, "users.create", json!({"name": "Rep", "department_id": dept, "roles": ["sales_rep"]}))["id"]
            .as_str()
            .unwrap()
            .to_string();
    let items: Vec<Value> = (0..rows).map(|i| customer(i, &owner)).collect();
    let t = Instant::now();
    for part in items.chunks(chunk) {
        call(&engine, "customers.batch", json!({"items": part}));
    }
    let engine_create = t.elapsed().as_secs_f64();
    let t = Instant::now();
    for part in items.chunks(chunk) {
        let r = call(&engine, "customers.batch", json!({"items": part}));
        assert_eq!(r["updated"].as_u64(), Some(part.len() as u64));
    }
    let engine_upsert = t.elapsed().as_secs_f64();
    drop(engine);

    // Baseline: raw SQL inserts of the same rows into the same schema, one transaction per chunk.
    let path2 = temp_path("raw");
    drop(Engine::open(&path2, &OpenOptions::default()).expect("schema"));
    let mut conn = rusqlite::Connection::open(&path2).expect("raw open");
    conn.pragma_update(None, "synchronous", "NORMAL").unwrap();
    let t = Instant::now();
    for (c, part) in items.chunks(chunk).enumerate() {
        let tx = conn.transaction().unwrap();
        {
            let mut ins = tx
                .prepare_cached(
                    "INSERT INTO customers (id, code, name, name_key, kind, status, region, industry, source, phone, email, custom, external_ref, created_at, updated_at)
                     VALUES (?1, ?2, ?3, ?4, 'company', 'potential', ?5, ?6, ?7, ?8, ?9, '{}', ?10, '2026-01-01T00:00:00.000Z', '2026-01-01T00:00:00.000Z')",
                )
                .unwrap();
            for (j, it) in part.iter().enumerate() {
                let n = c * chunk + j;
                ins.execute(rusqlite::params![
                    format!("id-{n}"),
                    format!("C-{n:06}"),
                    it["name"].as_str(),
                    it["name"].as_str().map(str::to_lowercase),
                    it["region"].as_str(),
                    it["industry"].as_str(),
                    it["source"].as_str(),
                    it["phone"].as_str(),
                    it["email"].as_str(),
                    it["external_ref"].as_str(),
                ])
                .unwrap();
            }
        }
        tx.commit().unwrap();
    }
    let raw = t.elapsed().as_secs_f64();

    println!("batch create, file database (WAL, synchronous=NORMAL), chunks of {chunk}");
    println!("| workload | rows | seconds | rows/s |");
    println!("|---|---:|---:|---:|");
    for (name, secs) in [
        ("rapport customers.batch (create; validation, codes, dedupe keys, tags, audit)", engine_create),
        ("rapport customers.batch (upsert by external_ref, all updated)", engine_upsert),
        ("baseline: raw SQL INSERT, same rows, no audit/keys", raw),
    ] {
        println!("| {name} | {rows} | {secs:.3} | {:.0} |", rows as f64 / secs);
    }
    remove_db(&path);
    remove_db(&path2);
}
