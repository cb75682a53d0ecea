//! Helpers shared by the bench binaries: command-line numbers and throwaway database paths.

/// The number after `--name` on the command line, or `default`.
pub fn arg(name: &str, default: usize) -> usize {
    let args: Vec<String> = std::env::args().collect();
    args.iter().position(|a| a == name).and_then(|i| args.get(i + 1)).and_then(|v| v.parse().ok()).unwrap_or(default)
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
