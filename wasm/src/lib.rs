//! Rapport for browsers and Node: a wasm-bindgen class over the engine (no domain logic).
//!
//! The npm package (`bindings/js`) wraps these exports in the public `RapportEngine`
//! class and the typed client; see `wasm/README.md` for the file map.

mod convert;
mod engine;
mod error;
mod error_log;
#[cfg(all(target_family = "wasm", target_os = "unknown"))]
mod opfs;
mod panic;
mod progress;

pub use engine::BrowserEngine;
pub use error_log::{reported_error_count, set_error_hook};

use wasm_bindgen::prelude::*;

/// talc instead of Rust's default dlmalloc (SQLite allocates through it too): a few percent faster on
/// the reporting benchmark (per-call minimums, JSON path 0.8-1.5 ms of about 40 ms a round) and smaller.
#[cfg(all(target_family = "wasm", target_os = "unknown", not(target_feature = "atomics")))]
#[global_allocator]
static ALLOCATOR: talc::wasm::WasmDynamicTalc = talc::wasm::new_wasm_dynamic_allocator();

/// Runs once when the module is instantiated: installs the panic hook.
#[wasm_bindgen(start)]
pub fn start() {
    panic::install_hook();
}

/// The library version (`0.1.0`).
#[wasm_bindgen]
pub fn libversion() -> String {
    rapport_core::VERSION.to_string()
}

/// The schema version this build writes.
#[wasm_bindgen(js_name = schemaVersion)]
pub fn schema_version() -> f64 {
    rapport_core::Engine::schema_version() as f64
}
