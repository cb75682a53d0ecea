//! Rapport core: the embeddable CRM engine (domain rules, SQLite storage, the method registry).
//!
//! Hosts open an [`Engine`] and either call its typed methods or go through the
//! one way in, [`Engine::call`], with a dotted method name and a JSON request.
//! See `ARCHITECTURE.md` at the repository root for the layers.

pub mod api;
pub mod demo;
pub mod domain;
pub mod engine;
mod storage;

// The uniffi scaffolding of this crate: its DTOs are Records and Enums that rapport-ffi exports.
#[cfg(feature = "uniffi")]
uniffi::setup_scaffolding!();

pub use api::{ApiError, ErrorCode};
pub use engine::{Engine, OpenOptions};

/// The crate version, as reported to every host.
pub const VERSION: &str = env!("CARGO_PKG_VERSION");
