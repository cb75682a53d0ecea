//! Rapport's foreign interfaces: the C ABI (`c_api`), and later the uniffi bindings; no domain logic.

pub mod c_api;

/// The library version, as the C ABI reports it (`rapport_libversion`).
pub fn libversion() -> &'static str {
    rapport_core::VERSION
}
