//! The storage layer's error: what SQLite or the schema refused.

/// A failure inside storage. The boundary maps it to a stable code.
#[derive(Debug, thiserror::Error)]
pub enum StorageError {
    #[error("database error: {0}")]
    Sqlite(#[from] rusqlite::Error),
    #[error(
        "the database file has schema version {found}, newer than this Rapport supports ({supported}); upgrade Rapport to open it"
    )]
    SchemaTooNew { found: i64, supported: i64 },
    #[error("the database file has schema version {found} and needs migration, which a read-only open cannot do")]
    NeedsMigration { found: i64 },
    #[error("this database was opened read-only")]
    ReadOnly,
    #[error("cannot open the database: {0}")]
    Open(String),
    #[error("a stored value is not valid: {0}")]
    Corrupt(String),
}

pub type StorageResult<T> = Result<T, StorageError>;

impl From<serde_json::Error> for StorageError {
    fn from(e: serde_json::Error) -> Self {
        StorageError::Corrupt(format!("stored JSON: {e}"))
    }
}
