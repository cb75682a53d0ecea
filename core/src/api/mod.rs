//! The boundary: request and response DTOs, the method registry, request parsing, and `ApiError` with stable codes.

pub mod activities;
pub mod analytics;
pub mod approvals;
pub mod audit;
pub mod backups;
pub mod contacts;
pub mod contracts;
pub mod customers;
mod dispatch;
mod error;
pub mod error_log;
pub mod exports;
pub mod imports;
pub mod invoices;
pub mod leads;
mod long_work;
pub mod method;
#[cfg(feature = "uniffi")]
pub mod mobile;
pub mod notifications;
pub mod opportunities;
pub mod org;
pub mod products;
pub mod quotes;
pub mod receivables;
pub mod registry;
mod request;
pub mod roles;
pub mod sales;
#[cfg(feature = "schema")]
pub mod schema;

pub use error::{ApiError, ApiResult, ErrorCode};
