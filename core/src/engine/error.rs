//! The engine's error: a refusal with its stable code, or a failure that keeps its cause for the host's log.
//!
//! Every engine function answers [`EngineResult`]. The boundary turns an [`EngineError`] into the
//! public `ApiError` in one conversion (`api/error.rs`), reporting internal failures with their
//! whole cause chain to the error log first; Rust hosts calling the typed methods get the
//! `EngineError` itself and can walk [`std::error::Error::source`].

use std::error::Error as StdError;

use crate::domain::common::ItemError;
use crate::domain::error::{DomainError, ErrorCode};
use crate::storage::{StorageError, StorageFailure};

/// What caused an internal failure.
pub type Cause = Box<dyn StdError + Send + Sync + 'static>;

/// Why an engine call failed: the stable [`ErrorCode`], the field, the public message, and for
/// failures the cause ([`std::error::Error::source`]).
#[derive(Debug, thiserror::Error)]
#[error(transparent)]
pub struct EngineError(Box<Kind>);

/// What an [`EngineError`] is inside.
#[derive(Debug, thiserror::Error)]
enum Kind {
    /// A domain rule refused the request (validation, conflict, state, permission, not found).
    #[error(transparent)]
    Rule(DomainError),
    /// Storage failed: SQLite, the schema version, the file. The SQLite error is the source.
    #[error(transparent)]
    Storage(StorageError),
    /// The engine itself refused the request: an unknown actor, a request or batch too large, a batch
    /// with invalid items (each in `items`).
    #[error("{message}")]
    Refused { code: ErrorCode, field: Option<String>, message: String, items: Vec<ItemError> },
    /// A bug or an impossible state: what the engine was doing, and the cause when there is one.
    #[error("{context}")]
    Internal {
        context: String,
        #[source]
        cause: Option<Cause>,
    },
}

/// The result of every engine function.
pub type EngineResult<T> = Result<T, EngineError>;

impl From<DomainError> for EngineError {
    fn from(e: DomainError) -> Self {
        EngineError::new(Kind::Rule(e))
    }
}

impl From<StorageError> for EngineError {
    fn from(e: StorageError) -> Self {
        EngineError::new(Kind::Storage(e))
    }
}

impl EngineError {
    /// Boxed: an engine result stays one pointer wide on its error side, and every function's drop of
    /// an error is one call (measured: the unboxed error added about 60 KB to the wasm module).
    fn new(kind: Kind) -> EngineError {
        EngineError(Box::new(kind))
    }

    /// A field is missing, malformed or out of range.
    pub fn validation(field: impl Into<String>, message: impl Into<String>) -> Self {
        DomainError::validation(field, message).into()
    }
    /// A unique value is already taken.
    pub fn conflict(field: impl Into<String>, message: impl Into<String>) -> Self {
        DomainError::conflict(field, message).into()
    }
    /// No such record, or not visible to this actor.
    pub fn not_found(message: impl Into<String>) -> Self {
        DomainError::not_found(message).into()
    }
    /// Visible, but this actor may not do this.
    pub fn permission_denied(message: impl Into<String>) -> Self {
        DomainError::permission_denied(message).into()
    }
    /// The record's state forbids this transition.
    pub fn invalid_state(message: impl Into<String>) -> Self {
        DomainError::invalid_state(message).into()
    }
    /// A refusal of the engine's own, with a code of the shared table.
    pub fn refused(code: ErrorCode, message: impl Into<String>) -> Self {
        EngineError::new(Kind::Refused { code, field: None, message: message.into(), items: Vec::new() })
    }
    /// A bug or an impossible state without an underlying error.
    pub fn internal(context: impl Into<String>) -> Self {
        EngineError::new(Kind::Internal { context: context.into(), cause: None })
    }
    /// A bug or an impossible state caused by `cause` (kept for the error log).
    pub fn internal_from(context: impl Into<String>, cause: impl Into<Cause>) -> Self {
        EngineError::new(Kind::Internal { context: context.into(), cause: Some(cause.into()) })
    }

    /// The same refusal naming `field` (a failure keeps its code and public message, and loses its cause).
    pub fn with_field(self, field: impl Into<String>) -> Self {
        let field = Some(field.into());
        match *self.0 {
            Kind::Refused { code, message, items, .. } => {
                EngineError::new(Kind::Refused { code, field, message, items })
            }
            _ => EngineError::new(Kind::Refused {
                code: self.code(),
                field,
                message: self.public_message(),
                items: Vec::new(),
            }),
        }
    }

    /// The same refusal with its field renamed by `rename` (`None` keeps it), e.g. to nest it in a
    /// larger request.
    pub fn rename_field(self, rename: impl FnOnce(&str) -> Option<String>) -> Self {
        match self.field().and_then(rename) {
            Some(field) => self.with_field(field),
            None => self,
        }
    }

    /// The same refusal carrying every rejected item of a batch.
    pub fn with_items(self, items: Vec<ItemError>) -> Self {
        match *self.0 {
            Kind::Refused { code, field, message, .. } => {
                EngineError::new(Kind::Refused { code, field, message, items })
            }
            Kind::Rule(rule) => EngineError::new(Kind::Refused {
                code: rule.code(),
                field: rule.field().map(str::to_string),
                message: rule.message().to_string(),
                items,
            }),
            kind => EngineError(Box::new(kind)),
        }
    }

    /// The stable code every host sees.
    pub fn code(&self) -> ErrorCode {
        match &*self.0 {
            Kind::Rule(rule) => rule.code(),
            Kind::Storage(e) => match e.failure() {
                StorageFailure::SchemaTooNew => ErrorCode::SchemaTooNew,
                StorageFailure::NeedsMigration | StorageFailure::ReadOnly => ErrorCode::ReadOnly,
                StorageFailure::Io => ErrorCode::Io,
                StorageFailure::Busy => ErrorCode::Busy,
                StorageFailure::Constraint => ErrorCode::Conflict,
                StorageFailure::Internal => ErrorCode::Internal,
            },
            Kind::Refused { code, .. } => *code,
            Kind::Internal { .. } => ErrorCode::Internal,
        }
    }

    /// The offending field, when there is one.
    pub fn field(&self) -> Option<&str> {
        match &*self.0 {
            Kind::Rule(rule) => rule.field(),
            Kind::Refused { field, .. } => field.as_deref(),
            Kind::Storage(_) | Kind::Internal { .. } => None,
        }
    }

    /// For a batch refused as a whole: every rejected item.
    pub fn items(&self) -> &[ItemError] {
        match &*self.0 {
            Kind::Refused { items, .. } => items,
            _ => &[],
        }
    }

    /// The rejected items of a batch refused as a whole, taken out.
    pub fn take_items(&mut self) -> Vec<ItemError> {
        match &mut *self.0 {
            Kind::Refused { items, .. } => std::mem::take(items),
            _ => Vec::new(),
        }
    }

    /// The message hosts see: English, without the field (it travels apart), and for storage
    /// failures without SQLite's own text where that can quote stored values.
    pub fn public_message(&self) -> String {
        match &*self.0 {
            Kind::Rule(rule) => rule.message().to_string(),
            Kind::Storage(e) => match self.code() {
                ErrorCode::Conflict => "a unique value is already taken".to_string(),
                ErrorCode::Busy => "the database stayed locked past the busy timeout".to_string(),
                // A bug or a corrupt value: what it was is for the host's error log, not for the caller.
                ErrorCode::Internal => "an internal storage error (its cause went to the host's error log)".to_string(),
                _ => e.public_message(),
            },
            Kind::Refused { message, .. } => message.clone(),
            Kind::Internal { context, .. } => context.clone(),
        }
    }

    /// The same error, reported as item `index` of a batch.
    pub fn into_item(self, index: usize) -> ItemError {
        ItemError { index, code: self.code(), field: self.field().map(str::to_string), message: self.public_message() }
    }

    /// Whether the error belongs to one item of a batch; anything else (busy, io, internal) aborts it.
    pub fn is_item_error(&self) -> bool {
        matches!(
            self.code(),
            ErrorCode::Validation
                | ErrorCode::Conflict
                | ErrorCode::NotFound
                | ErrorCode::PermissionDenied
                | ErrorCode::InvalidState
        )
    }

    /// The error and each of its causes, outermost first, for the host's error log.
    pub fn cause_chain(&self) -> Vec<String> {
        let mut chain = vec![self.to_string()];
        let mut next = self.source();
        while let Some(cause) = next {
            let text = cause.to_string();
            // Transparent layers repeat their inner error's text as their own.
            if chain.last() != Some(&text) {
                chain.push(text);
            }
            next = cause.source();
        }
        chain
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn refusals_keep_their_code_field_and_message() {
        let e = EngineError::validation("name", "must not be empty");
        assert_eq!(
            (e.code(), e.field(), e.public_message().as_str()),
            (ErrorCode::Validation, Some("name"), "must not be empty")
        );
        let e = EngineError::not_found("no such contact").with_field("reports_to_id");
        assert_eq!((e.code(), e.field()), (ErrorCode::NotFound, Some("reports_to_id")));
        let e = EngineError::refused(ErrorCode::UnknownActor, "the actor id names no active user").with_field("actor");
        assert_eq!((e.code(), e.field()), (ErrorCode::UnknownActor, Some("actor")));
    }

    #[test]
    fn internal_failures_keep_their_cause() {
        let cause = serde_json::from_str::<serde_json::Value>("{").unwrap_err();
        let e = EngineError::internal_from("alert settings could not be read", cause);
        assert_eq!(e.code(), ErrorCode::Internal);
        let chain = e.cause_chain();
        assert_eq!(chain.len(), 2, "{chain:?}");
        assert_eq!(chain[0], "alert settings could not be read");
        assert!(chain[1].contains("EOF"), "{chain:?}");
    }

    /// SPEC §0 "Errors": a file failure's message says what happened to the file, not SQLite's terse text.
    #[test]
    fn conventions_file_failures_say_what_happened_to_the_file() {
        let failure = |code| {
            let sqlite = rusqlite::Error::SqliteFailure(rusqlite::ffi::Error::new(code), Some("sqlite's text".into()));
            let e = EngineError::from(StorageError::from(sqlite));
            (e.code(), e.public_message())
        };
        for (code, expected, words) in [
            (rusqlite::ffi::SQLITE_FULL, ErrorCode::Io, "the disk is full"),
            (rusqlite::ffi::SQLITE_IOERR_WRITE, ErrorCode::Io, "could not be read or written"),
            (rusqlite::ffi::SQLITE_NOTADB, ErrorCode::Io, "not a Rapport database"),
            (rusqlite::ffi::SQLITE_CORRUPT, ErrorCode::Io, "damaged"),
            (rusqlite::ffi::SQLITE_CANTOPEN, ErrorCode::Io, "cannot be opened"),
            (rusqlite::ffi::SQLITE_READONLY, ErrorCode::ReadOnly, "cannot be written"),
        ] {
            let (got, message) = failure(code);
            assert_eq!(got, expected, "{message}");
            assert!(message.contains(words) && !message.contains("sqlite's text"), "{code}: {message}");
        }
        let e = EngineError::from(StorageError::NotWritable);
        assert_eq!(e.code(), ErrorCode::ReadOnly);
    }

    #[test]
    fn storage_failures_keep_the_sqlite_error_as_source() {
        let sqlite = rusqlite::Error::SqliteFailure(
            rusqlite::ffi::Error::new(rusqlite::ffi::SQLITE_CORRUPT),
            Some("database disk image is malformed".into()),
        );
        let e = EngineError::from(StorageError::from(sqlite));
        assert_eq!(e.code(), ErrorCode::Io);
        assert!(e.source().is_some(), "the SQLite error is kept as the cause");
        assert!(e.cause_chain().iter().any(|c| c.contains("malformed")), "{:?}", e.cause_chain());
    }
}
