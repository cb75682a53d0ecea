//! Rapport core: the embeddable CRM engine (domain rules, SQLite storage, the method registry).
//!
//! Hosts open an [`Engine`] and either call its typed methods or go through the
//! one way in, [`Engine::call`], with a dotted method name and a JSON request.
//! See `ARCHITECTURE.md` at the repository root for the layers.
//!
//! The public surface is this list: every type has exactly one public path. Each SPEC module's
//! requests, records and method declarations are in the module of its name ([`customers`],
//! [`opportunities`], ...); the shapes every module shares (ids, pages, batches) and the errors
//! are at the crate root.
#![warn(unnameable_types)]

mod api;
pub mod demo;
mod domain;
mod engine;
mod storage;

// The uniffi scaffolding of this crate: its DTOs are Records and Enums that rapport-ffi exports.
#[cfg(feature = "uniffi")]
uniffi::setup_scaffolding!();

// The engine, how to open it, and its error.
pub use engine::{
    Cause, DEFAULT_CACHE_MIB, DEFAULT_MAX_REQUEST_BYTES, Engine, EngineError, EngineResult, OpenOptions, TestMode,
};
// Long work (imports, exports, backups): the host's progress callback and how it cancels.
pub use engine::{Flow, OnProgress, Progress, REPORT_EVERY, no_progress};

// The boundary: the error every host sees, its code table, the host's error log, the registry.
pub use api::error_log::{ErrorHook, ErrorReport, report as report_error, reported_error_count, set_error_hook};
pub use api::method::{Method, MethodEntry, parse_request};
pub use api::registry::{find as find_method, methods};
pub use api::{ApiError, ApiResult, ErrorCode};

// Shapes every module shares, and the entity kinds.
pub use domain::common::{
    BatchItem, BatchMode, BatchRequest, BatchResult, DEFAULT_PAGE_SIZE, Empty, IdRequest, ItemError, MAX_BATCH_ITEMS,
    MAX_PAGE_SIZE, Page,
};
pub use domain::entity::{Collaborators, Entity, EntityDecl, Field, Pool, Scoping, Setting, TimelineDecl};
pub use domain::money::FxRate;
pub use domain::quantity::Quantity;

// One namespace per SPEC module: its requests, records and method declarations.
#[cfg(feature = "uniffi")]
pub use api::mobile;
pub use api::{
    activities, analytics, approvals, audit, backups, contacts, contracts, customers, exports, imports, invoices,
    leads, notifications, opportunities, org, products, quotes, receivables, roles, sales,
};

// The schema side of every method (full docs, examples, JSON Schemas): only with the `schema` feature,
// which the build-time crate rapport-codegen enables; never in a host's build.
#[cfg(feature = "schema")]
pub use api::schema;

/// The crate version, as reported to every host.
pub const VERSION: &str = env!("CARGO_PKG_VERSION");
