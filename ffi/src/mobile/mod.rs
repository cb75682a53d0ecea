//! uniffi exports for Kotlin, Swift and Python: one `Engine` object with typed methods for the everyday mobile flows, and `call` for the rest.
//!
//! No domain logic and no mirrored types: every record, enum and the error
//! (`RapportError`) are rapport-core's own, derived behind its `uniffi`
//! feature (`core/src/api/mobile.rs`). Each method converts its arguments,
//! calls the typed `rapport_core::Engine` method and converts back. Calls
//! block: mobile hosts make them off the main thread.

mod activities;
mod approvals;
mod contacts;
mod customers;
mod engine;
mod error_log;
mod inbox;
mod opportunities;
mod orders;
mod products;
mod progress;
mod quotes;

pub use engine::Engine;
pub use error_log::{ErrorLogger, reported_error_count, set_error_logger};
pub use progress::ProgressListener;
