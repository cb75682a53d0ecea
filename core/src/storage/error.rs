//! The storage layer's error: what SQLite or the schema refused.

/// A failure inside storage. The boundary maps it to a stable code.
///
/// Crate-internal: hosts see it through `EngineError` (its `From` impl makes it reachable, not public).
#[allow(unnameable_types)]
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
    #[error("the database file cannot be written (a read-only file or file system); open it with read_only to read it")]
    NotWritable,
    #[error("cannot open the database: {0}")]
    Open(String),
    /// SQLite refused the path itself (an unknown URI access mode or VFS, ...); its error, which may
    /// quote the path, is the cause (for the host's error log), never the message.
    #[error("cannot open the database: the path is not a file name or URI SQLite can open")]
    BadPath(#[source] rusqlite::Error),
    #[error("a stored value is not valid: {0}")]
    Corrupt(String),
}

pub type StorageResult<T> = Result<T, StorageError>;

/// What kind of failure a [`StorageError`] is, for the boundary's stable codes (so only storage reads
/// SQLite's result codes).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum StorageFailure {
    SchemaTooNew,
    NeedsMigration,
    ReadOnly,
    /// The file could not be opened, read or written (or is not a database).
    Io,
    /// Locked by another connection past the busy timeout.
    Busy,
    /// A unique or other constraint refused the write.
    Constraint,
    /// Anything else: a bug or a corrupt value.
    Internal,
}

impl StorageError {
    pub(crate) fn failure(&self) -> StorageFailure {
        use rusqlite::ErrorCode as Sq;
        match self {
            StorageError::SchemaTooNew { .. } => StorageFailure::SchemaTooNew,
            StorageError::NeedsMigration { .. } => StorageFailure::NeedsMigration,
            StorageError::ReadOnly | StorageError::NotWritable => StorageFailure::ReadOnly,
            StorageError::Open(_) | StorageError::BadPath(_) => StorageFailure::Io,
            StorageError::Corrupt(_) => StorageFailure::Internal,
            StorageError::Sqlite(rusqlite::Error::SqliteFailure(f, _)) => match f.code {
                Sq::DatabaseBusy | Sq::DatabaseLocked => StorageFailure::Busy,
                Sq::ReadOnly => StorageFailure::ReadOnly,
                Sq::CannotOpen
                | Sq::SystemIoFailure
                | Sq::DiskFull
                | Sq::NotADatabase
                | Sq::DatabaseCorrupt
                | Sq::PermissionDenied => StorageFailure::Io,
                Sq::ConstraintViolation => StorageFailure::Constraint,
                _ => StorageFailure::Internal,
            },
            StorageError::Sqlite(_) => StorageFailure::Internal,
        }
    }

    /// Whether SQLite could not open a file (the database, or its `-wal` or `-shm` file).
    pub(crate) fn is_cannot_open(&self) -> bool {
        matches!(self, StorageError::Sqlite(rusqlite::Error::SqliteFailure(f, _)) if f.code == rusqlite::ErrorCode::CannotOpen)
    }

    /// What hosts are told: this error's text, except that SQLite's file failures say what happened to the
    /// file in words a host can act on instead of SQLite's terse text (which goes to the host's error log).
    pub(crate) fn public_message(&self) -> String {
        use rusqlite::ErrorCode as Sq;
        let StorageError::Sqlite(rusqlite::Error::SqliteFailure(f, _)) = self else {
            return self.to_string();
        };
        let message = match f.code {
            Sq::DiskFull => "the disk is full: the database file cannot grow, and the request was not applied",
            Sq::SystemIoFailure => {
                "the database file could not be read or written (an I/O error: the file system may be read-only, \
                 full or failing); the request was not applied"
            }
            Sq::ReadOnly => "the database file cannot be written (a read-only file or file system)",
            Sq::NotADatabase => "the file is not a Rapport database (not SQLite, encrypted, or damaged)",
            Sq::DatabaseCorrupt => "the database file is damaged (a malformed page)",
            Sq::CannotOpen => "the database file, or its -wal or -shm file beside it, cannot be opened",
            Sq::PermissionDenied => "access to the database file was denied",
            _ => return self.to_string(),
        };
        message.to_string()
    }
}

impl From<serde_json::Error> for StorageError {
    fn from(e: serde_json::Error) -> Self {
        StorageError::Corrupt(format!("stored JSON: {e}"))
    }
}
