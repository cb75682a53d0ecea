//! Rapport's build-time code generation: every generated file of the repository, rendered from the method registry's schema side.
//!
//! `rapport docs` (the CLI in rapport-examples) writes them; the freshness tests in rapport-tests fail
//! while a committed file differs. Only this crate turns on rapport-core's `schema` feature, so schemars
//! and the `JsonSchema` impls never reach a host's binary (librapport, the wasm module).

pub mod docs;
pub mod typescript;

use std::io;
use std::path::{Path, PathBuf};

/// What [`write`] did.
pub struct Written {
    /// Every file written, absolute.
    pub files: Vec<PathBuf>,
    /// Schema files of methods that no longer exist, removed.
    pub removed: Vec<PathBuf>,
}

/// Every generated file: its path relative to the repository root, and its text.
pub fn files() -> Vec<(String, String)> {
    let mut files = vec![(docs::API_MARKDOWN.to_string(), docs::api_markdown())];
    for (name, text) in docs::json_schemas() {
        files.push((format!("{}/{name}", docs::SCHEMA_DIR), text));
    }
    files.push((typescript::TYPES_FILE.to_string(), typescript::types_declarations()));
    files.push((typescript::METHODS_FILE.to_string(), typescript::methods_module()));
    files
}

/// Writes every generated file under `root` (the repository root) and removes stale schema files.
pub fn write(root: &Path) -> io::Result<Written> {
    let files = files();
    let schema_dir = root.join(docs::SCHEMA_DIR);
    std::fs::create_dir_all(&schema_dir)?;
    let mut removed = Vec::new();
    for entry in std::fs::read_dir(&schema_dir)?.flatten() {
        let relative = format!("{}/{}", docs::SCHEMA_DIR, entry.file_name().to_string_lossy());
        if relative.ends_with(".json") && !files.iter().any(|(path, _)| *path == relative) {
            std::fs::remove_file(entry.path())?;
            removed.push(entry.path());
        }
    }
    let mut written = Vec::new();
    for (relative, text) in files {
        let path = root.join(relative);
        if let Some(dir) = path.parent() {
            std::fs::create_dir_all(dir)?;
        }
        std::fs::write(&path, text).map_err(|e| io::Error::new(e.kind(), format!("{}: {e}", path.display())))?;
        written.push(path);
    }
    Ok(Written { files: written, removed })
}
