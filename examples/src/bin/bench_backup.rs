//! Benchmark: LIFE-2's online backup of the cached 1M-customer database while 4 threads write: the backup's time, and the writers' throughput during it against without it.
//!
//! Run: `cargo run --release -p rapport-examples --bin bench_backup [-- --customers N --seconds S]`.
//! The dataset is the analytics benchmarks' cached file under `target/bench-data/` (built once if missing);
//! the backup file is written next to it and deleted. Prints a table; never used as a timed assertion.

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::time::{Duration, Instant};

#[allow(dead_code)]
#[path = "../bench_data.rs"]
mod bench_data;
#[allow(dead_code)]
#[path = "../bench_support.rs"]
mod bench_support;

use bench_data::Shape;
use bench_support::{arg, open_dataset};
use rapport_core::{Engine, Flow};
use serde_json::json;

const WRITERS: usize = 4;

/// Runs `WRITERS` threads creating customers until `stop`; answers the writes each made.
fn writers(engine: &Arc<Engine>, stop: &Arc<AtomicBool>, run: &str) -> Vec<std::thread::JoinHandle<u64>> {
    (0..WRITERS)
        .map(|w| {
            let engine = Arc::clone(engine);
            let stop = Arc::clone(stop);
            let run = run.to_string();
            std::thread::spawn(move || {
                let mut n = 0u64;
                while !stop.load(Ordering::Relaxed) {
                    let req = json!({"name": format!("备份期间客户 {run}-{w}-{n}"), "phone": format!("0755-{n:08}")});
                    engine.call(None, "customers.create", &req.to_string()).expect("write during the backup");
                    n += 1;
                }
                n
            })
        })
        .collect()
}

fn main() {
    let shape = Shape::from_args();
    let seconds = arg("--seconds", 20) as u64;
    let dataset = bench_data::dataset(shape);
    let path = dataset.path.to_string_lossy().into_owned();
    let size = std::fs::metadata(&path).map(|m| m.len()).unwrap_or(0);
    let engine = Arc::new(open_dataset(&path, "2026-03-31T06:00:00Z"));
    let stamp = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map_or(0, |d| d.as_secs());

    // The writers alone, for the baseline.
    let stop = Arc::new(AtomicBool::new(false));
    let started = Instant::now();
    let handles = writers(&engine, &stop, &format!("{stamp}-a"));
    std::thread::sleep(Duration::from_secs(seconds));
    stop.store(true, Ordering::Relaxed);
    let alone: u64 = handles.into_iter().map(|h| h.join().unwrap()).sum();
    let alone_secs = started.elapsed().as_secs_f64();

    // The backup, with the writers running throughout it.
    let backup = dataset.path.with_extension(format!("backup-{stamp}.db"));
    let stop = Arc::new(AtomicBool::new(false));
    let handles = writers(&engine, &stop, &format!("{stamp}-b"));
    let pages = Arc::new(AtomicU64::new(0));
    let started = Instant::now();
    let answer = engine
        .call_with_progress(None, "backups.create", &json!({"path": backup}).to_string(), &mut |p| {
            pages.store(p.done, Ordering::Relaxed);
            Flow::Continue
        })
        .expect("backup");
    let backup_secs = started.elapsed().as_secs_f64();
    stop.store(true, Ordering::Relaxed);
    let during: u64 = handles.into_iter().map(|h| h.join().unwrap()).sum();
    let during_secs = started.elapsed().as_secs_f64();
    let copied = std::fs::metadata(&backup).map(|m| m.len()).unwrap_or(0);

    // The copy is a database of its own: it opens and counts what it held when the backup began.
    let copy =
        Engine::open(&backup.to_string_lossy(), &rapport_core::OpenOptions { read_only: true, ..Default::default() })
            .expect("open the backup");
    let customers = copy.row_counts().expect("counts")["customers"];
    drop(copy);
    let _ = std::fs::remove_file(&backup);
    drop(answer);

    println!("Online backup of {path} ({:.2} GB) while {WRITERS} threads create customers", size as f64 / 1e9);
    println!("| workload | seconds | writes | writes/s |");
    println!("|---|---:|---:|---:|");
    println!("| writers alone | {alone_secs:.1} | {alone} | {:.0} |", alone as f64 / alone_secs);
    println!("| writers during the backup | {during_secs:.1} | {during} | {:.0} |", during as f64 / during_secs);
    println!(
        "| backup ({} pages, {:.2} GB copied, {:.0} MB/s) | {backup_secs:.1} | | |",
        pages.load(Ordering::Relaxed),
        copied as f64 / 1e9,
        copied as f64 / 1e6 / backup_secs
    );
    println!("\nthe backup holds {customers} customers (a consistent snapshot) and opened read-only");
}
