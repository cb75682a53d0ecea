//! Rapport core: the embeddable CRM engine.
pub const VERSION: &str = env!("CARGO_PKG_VERSION");
