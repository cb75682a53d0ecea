//! Backups (LIFE-2): the requests and answers of an online backup to a file and a restore from one.

use serde::{Deserialize, Serialize};

/// An online backup of the open database to a file, taken while other calls go on reading and writing.
#[derive(Debug, Clone, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct BackupRequest {
    /// The file to write; it appears whole when the backup is done, never half written.
    pub path: String,
    /// Replace an existing file (default false: an existing file is refused).
    #[serde(default)]
    pub overwrite: bool,
}

/// A backup made.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct BackupReport {
    pub path: String,
    /// Database pages copied.
    pub pages: u64,
    /// The file's size in bytes.
    pub bytes: u64,
}

/// Replaces the open database's content with a backup file's.
#[derive(Debug, Clone, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct RestoreRequest {
    /// A backup file (`backups.create`), or any Rapport database file of this or an older version.
    pub path: String,
}

/// A restore done.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct RestoreReport {
    /// Database pages copied.
    pub pages: u64,
    /// The schema version of the database now open (an older backup is migrated forward).
    pub schema_version: i64,
}
