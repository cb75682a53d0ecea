//! Backups methods (LIFE-2): an online backup of the open database to a file, and a restore from one.

use super::method::methods;
pub use crate::domain::backup::{BackupReport, BackupRequest, RestoreReport, RestoreRequest};

methods! {
    /// Backs the database up to a file while other calls go on reading and writing (SQLite's online backup of one snapshot); the file appears whole when done. An existing file is refused unless `overwrite`. Host or administrators only. Long work: `call_with_progress` reports pages copied and cancels it. Browsers use the database image instead.
    "backups.create" => create_backup(BackupRequest) -> BackupReport,
        example r#"{"path": "/var/backups/rapport/crm-2026-03-02.db", "overwrite": false}"#;
    /// Replaces the database's content with a backup file's and migrates it forward if older; a file that is not a Rapport database, or is newer than this version, is refused and nothing changes. Host or administrators only. Long work: `call_with_progress` reports pages copied.
    "backups.restore" => restore_backup(RestoreRequest) -> RestoreReport,
        example r#"{"path": "/var/backups/rapport/crm-2026-03-02.db"}"#;
}
