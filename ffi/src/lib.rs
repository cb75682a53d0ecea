//! Rapport's foreign interfaces; the C ABI and uniffi bindings land here (no domain logic).

pub mod mobile;

uniffi::setup_scaffolding!();

/// The library version, as the C ABI will report it.
pub fn libversion() -> &'static str {
    rapport_core::VERSION
}
