//! Benchmark: LIFE-1's CSV import of a million customers with a column mapping, against raw prepared inserts of the same rows read from the same file, with the process's memory as the import goes.
//!
//! Run: `cargo run --release -p rapport-examples --bin bench_import [-- --rows N]` (default 1,000,000).
//! The CSV is generated once under `target/bench-data/` and reused; the databases are temporary and
//! deleted. Prints a table; never used as a timed assertion.

use std::io::{BufWriter, Write};
use std::path::PathBuf;
use std::time::Instant;

#[path = "../bench_support.rs"]
mod bench_support;

use bench_support::{arg, remove_db, temp_path};
use rapport_core::{Engine, Flow, OpenOptions};
use serde_json::{Value, json};

const SURNAMES: &[&str] = &["王", "李", "张", "刘", "陈", "杨", "黄", "赵", "周", "吴"];
const CITIES: &[(&str, &str)] = &[("深圳", "44/4403"), ("上海", "31/3100"), ("北京", "11/1100"), ("杭州", "33/3301")];
const HEADER: &str = "客户名称,电话,邮箱,地区,行业,标签,员工数,ERP编号";

/// The cached CSV of `rows` customers (written once, as a Chinese Excel export's UTF-8 with BOM).
fn csv_file(rows: usize) -> PathBuf {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../target/bench-data");
    std::fs::create_dir_all(&dir).expect("bench-data");
    let path = dir.join(format!("import-customers-{rows}.csv"));
    if path.is_file() {
        return path;
    }
    let partial = path.with_extension("csv.partial");
    let mut out = BufWriter::new(std::fs::File::create(&partial).expect("create csv"));
    out.write_all(b"\xEF\xBB\xBF").unwrap();
    writeln!(out, "{HEADER}").unwrap();
    for i in 0..rows {
        let (city, region) = CITIES[i % CITIES.len()];
        let surname = SURNAMES[i % SURNAMES.len()];
        let tags = if i % 3 == 0 { "key-account;vip" } else { "" };
        writeln!(
            out,
            "\"{city}{surname}{i}科技有限公司\",+86 138{i:08},info{i}@example.com,{region},manufacturing,{tags},{},ERP-{i}",
            10 + i % 990
        )
        .unwrap();
    }
    out.flush().unwrap();
    drop(out);
    std::fs::rename(&partial, &path).expect("rename csv");
    path
}

/// The process's resident and peak memory, in MiB (Linux `/proc/self/status`).
fn memory_mib() -> (f64, f64) {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    let field = |name: &str| {
        status
            .lines()
            .find(|l| l.starts_with(name))
            .and_then(|l| l.split_whitespace().nth(1))
            .and_then(|kb| kb.parse::<f64>().ok())
            .map_or(0.0, |kb| kb / 1024.0)
    };
    (field("VmRSS:"), field("VmHWM:"))
}

fn call(engine: &Engine, method: &str, req: Value) -> Value {
    engine.call_value(None, method, &req.to_string()).unwrap_or_else(|e| panic!("{method}: {e}"))
}

fn main() {
    let rows = arg("--rows", 1_000_000);
    let cache_mib = arg("--cache-mib", rapport_core::DEFAULT_CACHE_MIB as usize) as u32;
    let t = Instant::now();
    let file = csv_file(rows);
    let size = std::fs::metadata(&file).map(|m| m.len()).unwrap_or(0);
    println!("CSV: {} ({:.1} MB, ready in {:.1} s)", file.display(), size as f64 / 1e6, t.elapsed().as_secs_f64());

    // Rapport: imports.run with a mapping, one transaction, file database (WAL, synchronous=NORMAL).
    let path = temp_path("import");
    let engine = Engine::open(&path, &OpenOptions::default()).expect("open");
    call(
        &engine,
        "custom_fields.define",
        json!({"entity": "customer", "key": "employees", "label": "员工数", "field_type": "number"}),
    );
    let dept = call(&engine, "departments.create", json!({"name": "Sales"}))["id"].as_str().unwrap().to_string();
    let owner =
        call(&engine, "users.create", json!({"name": "Rep", "department_id": dept, "roles": ["sales_rep"]}))["id"]
            .as_str()
            .unwrap()
            .to_string();
    let request = json!({
        "entity": "customers",
        "path": file,
        "mapping": {
            "columns": {"客户名称": "name", "电话": "phone", "邮箱": "email", "地区": "region", "行业": "industry",
                        "标签": "tags", "员工数": "custom.employees", "ERP编号": "external_ref"},
            "constants": {"source": "import", "owner_id": owner}
        },
        "mode": "skip_invalid"
    });
    let (rss_before, _) = memory_mib();
    let mut samples: Vec<(u64, f64)> = Vec::new();
    let t = Instant::now();
    let answer = engine
        .call_with_progress(None, "imports.run", &request.to_string(), &mut |p| {
            if p.items % 100_000 == 1 || p.items as usize == rows {
                samples.push((p.items, memory_mib().0));
            }
            Flow::Continue
        })
        .expect("import");
    let import_secs = t.elapsed().as_secs_f64();
    let (_, peak) = memory_mib();
    let report: Value = serde_json::from_str(&answer).unwrap();
    assert_eq!(report["created"].as_u64(), Some(rows as u64), "{}", report["errors"]);
    drop(engine);

    // Baseline: the same file read with the same CSV reader, raw prepared INSERTs of the same rows into the
    // same schema, one transaction (no validation, codes, dedupe keys, tags, custom values, audit, undo record).
    let raw_path = temp_path("raw");
    drop(Engine::open(&raw_path, &OpenOptions::default()).expect("schema"));
    let mut conn = rusqlite::Connection::open(&raw_path).expect("raw open");
    conn.pragma_update(None, "synchronous", "NORMAL").unwrap();
    let t = Instant::now();
    let tx = conn.transaction().unwrap();
    {
        let mut reader = csv::Reader::from_path(&file).expect("csv");
        let mut ins = tx
            .prepare_cached(
                "INSERT INTO customers (id, code, name, name_key, kind, status, region, industry, source, phone, email, custom, external_ref, created_at, updated_at)
                 VALUES (?1, ?2, ?3, ?4, 'company', 'potential', ?5, ?6, 'import', ?7, ?8, ?9, ?10, '2026-01-01T00:00:00.000Z', '2026-01-01T00:00:00.000Z')",
            )
            .unwrap();
        for (n, record) in reader.records().enumerate() {
            let r = record.expect("row");
            ins.execute(rusqlite::params![
                format!("id-{n}"),
                format!("C-{n:07}"),
                &r[0],
                r[0].to_lowercase(),
                &r[3],
                &r[4],
                &r[1],
                &r[2],
                format!("{{\"employees\":{}}}", &r[6]),
                &r[7],
            ])
            .unwrap();
        }
    }
    tx.commit().unwrap();
    let raw_secs = t.elapsed().as_secs_f64();

    println!(
        "\nCSV import of {rows} customers, file database (WAL, synchronous=NORMAL, cache {cache_mib} MiB), one transaction"
    );
    println!("| workload | rows | seconds | rows/s |");
    println!("|---|---:|---:|---:|");
    println!(
        "| rapport imports.run (mapping, custom field, tags, validation, codes, dedupe keys, audit, undo record) | {rows} | {import_secs:.1} | {:.0} |",
        rows as f64 / import_secs
    );
    println!(
        "| baseline: same CSV reader + raw prepared INSERT, same rows | {rows} | {raw_secs:.1} | {:.0} |",
        rows as f64 / raw_secs
    );
    println!("\nimport / raw: {:.2}x the baseline's rows per second", raw_secs / import_secs);
    println!("\nmemory (resident, MiB): before the import {rss_before:.0}, process peak {peak:.0}");
    println!("| rows read | resident MiB |");
    println!("|---:|---:|");
    for (items, rss) in samples {
        println!("| {items} | {rss:.0} |");
    }
    remove_db(&path);
    remove_db(&raw_path);
}
