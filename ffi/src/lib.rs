//! Rapport's foreign interfaces: the C ABI (`c_api`) and the uniffi bindings (`mobile`); no domain logic.

pub mod c_api;
pub mod mobile;
mod progress;

uniffi::setup_scaffolding!();

/// The library version, as the C ABI reports it (`rapport_libversion`).
pub fn libversion() -> &'static str {
    rapport_core::VERSION
}
