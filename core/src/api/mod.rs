//! The boundary: request and response DTOs, the method registry, and `ApiError` with stable codes.

pub mod activities;
pub mod analytics;
pub mod audit;
pub mod contacts;
pub mod customers;
mod dispatch;
pub mod docs;
mod error;
pub mod error_log;
pub mod leads;
pub mod method;
#[cfg(feature = "uniffi")]
pub mod mobile;
pub mod opportunities;
pub mod org;
pub mod registry;
pub mod sales;
pub mod typescript;

pub use error::{ApiError, ApiResult, ErrorCode};
