//! The boundary error: a stable code, the field when there is one, a human message.

use serde::{Deserialize, Serialize};

use super::error_log;
use crate::domain::common::ItemError;
use crate::domain::error::DomainError;
pub use crate::domain::error::ErrorCode;
use crate::engine::EngineError;

/// The error every host sees: `{"code": "validation", "field": "name", "message": "..."}`.
/// Messages are English and carry no personal data; hosts localise by code.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, thiserror::Error)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[error("{code}: {message}")]
#[non_exhaustive]
pub struct ApiError {
    pub code: ErrorCode,
    pub field: Option<String>,
    pub message: String,
    /// For a batch refused as a whole: every rejected item.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub items: Vec<ItemError>,
}

impl ApiError {
    pub fn new(code: ErrorCode, message: impl Into<String>) -> Self {
        ApiError { code, field: None, message: message.into(), items: Vec::new() }
    }
    pub fn with_field(mut self, field: impl Into<String>) -> Self {
        self.field = Some(field.into());
        self
    }
    pub fn with_items(mut self, items: Vec<ItemError>) -> Self {
        self.items = items;
        self
    }
    pub fn validation(field: impl Into<String>, message: impl Into<String>) -> Self {
        ApiError::new(ErrorCode::Validation, message).with_field(field)
    }
    pub fn not_found(message: impl Into<String>) -> Self {
        ApiError::new(ErrorCode::NotFound, message)
    }
    pub fn permission_denied(message: impl Into<String>) -> Self {
        ApiError::new(ErrorCode::PermissionDenied, message)
    }
    pub fn invalid_state(message: impl Into<String>) -> Self {
        ApiError::new(ErrorCode::InvalidState, message)
    }
    pub fn conflict(field: impl Into<String>, message: impl Into<String>) -> Self {
        ApiError::new(ErrorCode::Conflict, message).with_field(field)
    }
    pub fn internal(message: impl Into<String>) -> Self {
        ApiError::new(ErrorCode::Internal, message)
    }

    /// The JSON every binding returns on failure: `{"error": {...}}`.
    pub fn to_json(&self) -> String {
        serde_json::json!({ "error": self }).to_string()
    }

    /// The same error, reported as item `index` of a batch.
    pub fn into_item(self, index: usize) -> ItemError {
        ItemError { index, code: self.code, field: self.field, message: self.message }
    }
}

impl From<EngineError> for ApiError {
    /// The one conversion of an engine error into what hosts see. Internal and I/O failures reach the
    /// host's error log first, with their whole cause chain ([`super::error_log`]). Never inlined: every
    /// method's handler calls this one copy (the wasm module's size per method).
    #[inline(never)]
    #[cold]
    fn from(e: EngineError) -> Self {
        let code = e.code();
        if matches!(code, ErrorCode::Internal | ErrorCode::Io) {
            error_log::report(code, &e.cause_chain());
        }
        let mut e = e;
        ApiError { code, field: e.field().map(str::to_string), message: e.public_message(), items: e.take_items() }
    }
}

impl From<DomainError> for ApiError {
    /// A domain refusal met at the boundary itself (a bad custom type on a mobile call).
    fn from(e: DomainError) -> Self {
        ApiError::from(EngineError::from(e))
    }
}

pub type ApiResult<T> = Result<T, ApiError>;
