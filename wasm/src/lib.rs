//! Rapport for browsers: the wasm-bindgen surface lands here (no domain logic).

/// The library version the module will report to JavaScript.
pub fn libversion() -> &'static str {
    rapport_core::VERSION
}
