//! The domain layer's error: why a pure rule refused a request.

/// A refusal by a domain rule. The boundary maps each variant to a stable
/// [`crate::api::ErrorCode`]; messages are English and carry no personal data.
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
