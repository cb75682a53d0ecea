//! The boundary error: a stable code, the field when there is one, a human message.

use serde::{Deserialize, Serialize};

use crate::domain::error::DomainError;
use crate::storage::{StorageError, StorageFailure};

macro_rules! error_codes {
    ($( #[doc = $doc:literal] $variant:ident = $num:tt, $name:literal; )*) => {
        /// Stable error codes. The table is fixed and only ever appended to;
        /// the number is what C sees (`RAPPORT_*`).
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
        #[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
        #[cfg_attr(feature = "uniffi", derive(uniffi::Enum))]
        #[serde(rename_all = "snake_case")]
        #[non_exhaustive]
        pub enum ErrorCode {
            $( #[doc = $doc] $variant = $num, )*
        }

        impl ErrorCode {
            /// Every code, in table order.
            pub const ALL: &'static [ErrorCode] = &[$(ErrorCode::$variant),*];

            /// The stable snake_case name (`not_found`).
            pub fn as_str(self) -> &'static str {
                match self { $(ErrorCode::$variant => $name,)* }
            }

            /// The stable number (`RAPPORT_NOT_FOUND == 3`).
            pub fn number(self) -> i32 {
                self as i32
            }

            /// What the code means, in one English sentence (the doc line above).
            pub fn meaning(self) -> &'static str {
                match self { $(ErrorCode::$variant => $doc.trim(),)* }
            }

            pub fn from_number(n: i32) -> Option<ErrorCode> {
                match n { $($num => Some(ErrorCode::$variant),)* _ => None }
            }
        }
    };
}

error_codes! {
    /// A bug: a caught panic or an impossible state.
    Internal = 1, "internal";
    /// NULL where a pointer is required, invalid UTF-8, a closed handle.
    Misuse = 2, "misuse";
    /// No such record, or not visible to this actor.
    NotFound = 3, "not_found";
    /// Visible, but this actor may not do this.
    PermissionDenied = 4, "permission_denied";
    /// A field is missing, malformed or out of range (`field` says which).
    Validation = 5, "validation";
    /// A unique value already taken, a stale version.
    Conflict = 6, "conflict";
    /// The record's state forbids this transition.
    InvalidState = 7, "invalid_state";
    /// The database stayed locked past the busy timeout.
    Busy = 8, "busy";
    /// No method of that name.
    UnknownMethod = 9, "unknown_method";
    /// The request is not valid JSON for the method.
    MalformedRequest = 10, "malformed_request";
    /// The actor id names no active user.
    UnknownActor = 11, "unknown_actor";
    /// The file was written by a newer Rapport.
    SchemaTooNew = 12, "schema_too_new";
    /// The request exceeds the maximum size.
    TooLarge = 13, "too_large";
    /// The file cannot be opened, read or written.
    Io = 14, "io";
    /// A write on a database opened read-only.
    ReadOnly = 15, "read_only";
}

impl std::fmt::Display for ErrorCode {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// One rejected item of a batch.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct ItemError {
    /// Position of the item in the request's `items`, from 0.
    pub index: usize,
    pub code: ErrorCode,
    pub field: Option<String>,
    pub message: String,
}

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

impl From<DomainError> for ApiError {
    fn from(e: DomainError) -> Self {
        match e {
            DomainError::Validation { field, message } => ApiError::validation(field, message),
            DomainError::Conflict { field, message } => ApiError::conflict(field, message),
            DomainError::InvalidState(m) => ApiError::invalid_state(m),
            DomainError::PermissionDenied(m) => ApiError::permission_denied(m),
            DomainError::NotFound(m) => ApiError::not_found(m),
        }
    }
}

impl From<StorageError> for ApiError {
    fn from(e: StorageError) -> Self {
        let code = match e.failure() {
            StorageFailure::SchemaTooNew => ErrorCode::SchemaTooNew,
            StorageFailure::NeedsMigration | StorageFailure::ReadOnly => ErrorCode::ReadOnly,
            StorageFailure::Io => ErrorCode::Io,
            StorageFailure::Busy => ErrorCode::Busy,
            StorageFailure::Constraint => ErrorCode::Conflict,
            StorageFailure::Internal => ErrorCode::Internal,
        };
        let message = match code {
            // SQLite's own text can quote values; keep personal data out.
            ErrorCode::Conflict => "a unique value is already taken".to_string(),
            ErrorCode::Busy => "the database stayed locked past the busy timeout".to_string(),
            _ => e.to_string(),
        };
        ApiError::new(code, message)
    }
}

pub type ApiResult<T> = Result<T, ApiError>;
