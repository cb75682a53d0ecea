//! The domain layer's error (why a pure rule refused a request) and the stable error code table every boundary shares.

use serde::{Deserialize, Serialize};

/// A refusal by a domain rule. The boundary maps each variant to a stable
/// [`ErrorCode`]; messages are English and carry no personal data.
///
/// Crate-internal: hosts see it through `EngineError` (its `From` impl makes it reachable, not public).
#[allow(unnameable_types)]
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum DomainError {
    /// A field is missing, malformed or out of range; `field` names it
    /// (dotted for nested values, e.g. `custom.budget`).
    #[error("{field}: {message}")]
    Validation { field: String, message: String },
    /// A unique value is already taken.
    #[error("{field}: {message}")]
    Conflict { field: String, message: String },
    /// The record's state forbids this transition.
    #[error("{0}")]
    InvalidState(String),
    /// The record is visible, but this actor may not do this.
    #[error("{0}")]
    PermissionDenied(String),
    /// No such record, or not visible to this actor.
    #[error("{0}")]
    NotFound(String),
}

impl DomainError {
    pub fn validation(field: impl Into<String>, message: impl Into<String>) -> Self {
        DomainError::Validation { field: field.into(), message: message.into() }
    }
    pub fn conflict(field: impl Into<String>, message: impl Into<String>) -> Self {
        DomainError::Conflict { field: field.into(), message: message.into() }
    }
    pub fn invalid_state(message: impl Into<String>) -> Self {
        DomainError::InvalidState(message.into())
    }
    pub fn permission_denied(message: impl Into<String>) -> Self {
        DomainError::PermissionDenied(message.into())
    }
    pub fn not_found(message: impl Into<String>) -> Self {
        DomainError::NotFound(message.into())
    }
}

pub type DomainResult<T> = Result<T, DomainError>;

impl DomainError {
    /// The stable code of this refusal.
    pub fn code(&self) -> ErrorCode {
        match self {
            DomainError::Validation { .. } => ErrorCode::Validation,
            DomainError::Conflict { .. } => ErrorCode::Conflict,
            DomainError::InvalidState(_) => ErrorCode::InvalidState,
            DomainError::PermissionDenied(_) => ErrorCode::PermissionDenied,
            DomainError::NotFound(_) => ErrorCode::NotFound,
        }
    }

    /// The offending field, when the refusal names one.
    pub fn field(&self) -> Option<&str> {
        match self {
            DomainError::Validation { field, .. } | DomainError::Conflict { field, .. } => Some(field),
            _ => None,
        }
    }

    /// The message without the field prefix (the field travels separately).
    pub fn message(&self) -> &str {
        match self {
            DomainError::Validation { message, .. } | DomainError::Conflict { message, .. } => message,
            DomainError::InvalidState(m) | DomainError::PermissionDenied(m) | DomainError::NotFound(m) => m,
        }
    }
}

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
    /// The host cancelled long work from its progress callback; nothing of it was kept.
    Cancelled = 16, "cancelled";
}

impl std::fmt::Display for ErrorCode {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}
