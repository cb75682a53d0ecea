//! The native half of the wasm benchmark: runs `bindings/js/bench/workload.json` on the engine and prints timings as JSON.
//!
//! `node bindings/js/bench/reports.mjs <this binary>` runs both halves and prints the table
//! (`bash scripts/test_web.sh --bench`); it starts this binary with `--serve`, which seeds, warms
//! up, prints the workload's size, then runs one round per line of standard input ("text" or
//! "tree") and prints its milliseconds, so native and wasm rounds alternate under the same load.
//! Without `--serve` it runs the workload's `rounds` and prints every round as JSON. Each round runs every query for every actor twice over:
//! answers as JSON text (`Engine::call`, what the C ABI and `callJson` return) and answers parsed
//! into a `serde_json::Value` tree (the native counterpart of the plain objects `engine.call`
//! hands to JavaScript). Warm-up rounds run first and are not timed.

use std::time::Instant;

use rapport_core::demo::{self, DemoOptions};
use rapport_core::{Engine, OpenOptions};
use serde_json::{Value, json};

fn main() {
    let path = std::env::args().nth(1).unwrap_or_else(|| "bindings/js/bench/workload.json".into());
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"));
    let workload: Value = serde_json::from_str(&text).expect("the workload is JSON");
    let options: OpenOptions =
        serde_json::from_value(json!({"test_mode": workload["test_mode"]})).expect("valid open options");
    let engine = Engine::open(":memory:", &options).expect("open");

    let started = Instant::now();
    let customers = workload["customers"].as_u64().unwrap_or(1000) as usize;
    demo::seed(&engine, &DemoOptions::with_customers(customers)).expect("seed");
    let seed_ms = started.elapsed().as_secs_f64() * 1000.0;

    let managers = engine.call_value(None, "users.list", r#"{"role": "sales_manager"}"#).expect("managers");
    let mut actors: Vec<Option<String>> = vec![None];
    actors.extend(managers.as_array().into_iter().flatten().map(|u| u["id"].as_str().map(String::from)));
    let queries: Vec<(String, String)> = workload["queries"]
        .as_array()
        .expect("queries")
        .iter()
        .map(|q| (q["method"].as_str().unwrap_or_default().to_string(), q["params"].to_string()))
        .collect();

    // One round: every query for every actor; answers as text, or parsed into a tree. Answers its bytes.
    let round = |tree: bool| -> usize {
        let mut bytes = 0;
        for actor in &actors {
            for (method, params) in &queries {
                let answer = engine.call(actor.as_deref(), method, params).expect("query");
                bytes += answer.len();
                if tree {
                    let value: Value = serde_json::from_str(&answer).expect("the answer is JSON");
                    std::hint::black_box(value);
                }
            }
        }
        bytes
    };
    let timed = |tree: bool| -> (f64, usize) {
        let started = Instant::now();
        let bytes = round(tree);
        (started.elapsed().as_secs_f64() * 1000.0, bytes)
    };

    for _ in 0..workload["warmup_rounds"].as_u64().unwrap_or(0) {
        round(false);
        round(true);
    }
    let calls_per_round = actors.len() * queries.len();
    let answer_bytes = round(false);

    if std::env::args().any(|a| a == "--serve") {
        // Lockstep with the JS half: one round per line read ("text" or "tree"), its milliseconds printed back.
        println!(
            "{}",
            json!({"seed_ms": seed_ms, "calls_per_round": calls_per_round, "answer_bytes_per_round": answer_bytes})
        );
        for line in std::io::stdin().lines() {
            let line = line.expect("stdin");
            println!("{}", timed(line.trim() == "tree").0);
        }
        return;
    }

    let rounds = workload["rounds"].as_u64().unwrap_or(10) as usize;
    let (mut text_ms, mut tree_ms) = (Vec::with_capacity(rounds), Vec::with_capacity(rounds));
    for _ in 0..rounds {
        text_ms.push(timed(false).0);
        tree_ms.push(timed(true).0);
    }
    let report = json!({
        "seed_ms": seed_ms,
        "round_ms": text_ms,
        "tree_round_ms": tree_ms,
        "calls_per_round": calls_per_round,
        "answer_bytes_per_round": answer_bytes,
    });
    println!("{report}");
}
