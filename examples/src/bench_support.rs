//! Helpers shared by the bench binaries: command-line numbers and throwaway database paths.

/// The number after `--name` on the command line, or `default`.
pub fn arg(name: &str, default: usize) -> usize {
    let args: Vec<String> = std::env::args().collect();
    args.iter().position(|a| a == name).and_then(|i| args.get(i + 1)).and_then(|v| v.parse().ok()).unwrap_or(default)
}

/// The text after `--name` on the command line, if any.
#[allow(dead_code)]
pub fn arg_text(name: &str) -> Option<String> {
    let args: Vec<String> = std::env::args().collect();
    args.iter().position(|a| a == name).and_then(|i| args.get(i + 1)).cloned()
}

/// A fresh database path in its own temporary directory (removed by [`remove_db`]).
pub fn temp_path(tag: &str) -> String {
    let dir = std::env::temp_dir().join(format!("rapport-bench-{}-{tag}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("temp dir");
    dir.join("bench.db").to_string_lossy().into_owned()
}

/// Removes the directory of a path from [`temp_path`].
pub fn remove_db(path: &str) {
    if let Some(dir) = std::path::Path::new(path).parent() {
        let _ = std::fs::remove_dir_all(dir);
    }
}

/// The `p` quantile (0 to 1) of sorted samples, nearest rank.
#[allow(dead_code)]
pub fn percentile(sorted: &[f64], p: f64) -> f64 {
    let i = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    sorted[i.min(sorted.len() - 1)]
}

/// Runs `f` `warm` times unmeasured, then `runs` times; answers the p50 and p99 in milliseconds.
#[allow(dead_code)]
pub fn time_runs(runs: usize, warm: usize, mut f: impl FnMut()) -> (f64, f64) {
    for _ in 0..warm {
        f();
    }
    let mut ms: Vec<f64> = (0..runs)
        .map(|_| {
            let t = std::time::Instant::now();
            f();
            t.elapsed().as_secs_f64() * 1e3
        })
        .collect();
    ms.sort_by(f64::total_cmp);
    (percentile(&ms, 0.50), percentile(&ms, 0.99))
}

/// A call that must succeed, answered as JSON.
#[allow(dead_code)]
pub fn call(
    engine: &rapport_core::Engine,
    actor: Option<&str>,
    method: &str,
    req: &serde_json::Value,
) -> serde_json::Value {
    engine.call_value(actor, method, &req.to_string()).unwrap_or_else(|e| panic!("{method}: {e}"))
}

/// The `id` of an answer.
#[allow(dead_code)]
pub fn id_of(v: &serde_json::Value) -> String {
    v["id"].as_str().expect("an id").to_string()
}

/// An engine on a cached dataset: a fixed clock at `now` (the dataset's "now"), ids seeded from this
/// run's start so that records added by successive runs never collide.
#[allow(dead_code)]
pub fn open_dataset(path: &str, now: &str) -> rapport_core::Engine {
    let seed = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map_or(1, |d| d.as_nanos() as u64);
    let options = rapport_core::OpenOptions {
        test_mode: Some(rapport_core::TestMode { start: now.into(), step_ms: 0, id_seed: seed }),
        cache_mib: rapport_core::DEFAULT_CACHE_MIB,
        ..rapport_core::OpenOptions::default()
    };
    rapport_core::Engine::open(path, &options).unwrap_or_else(|e| panic!("open {path}: {e}"))
}
