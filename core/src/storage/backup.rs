//! Online backup and restore (LIFE-2) through SQLite's backup API: the live database copied page by page into a file, and a backup file copied back into the writer.
//!
//! A backup of a file database reads from a WAL reader connection of its own that holds one read
//! transaction for the whole copy: the copy is the snapshot of its first step, and writers committing
//! meanwhile neither wait for it nor make it start over (SQLite restarts a backup whose source changes
//! under it only when the source connection sees the change). An in-memory database has one connection,
//! so its backup copies from the writer, holding it. The file written is marked `journal_mode = DELETE`,
//! one self-contained file.
//!
//! A restore checks the file first (SQLite, a Rapport database, not newer than this build, not damaged;
//! one of another page size is first copied at this database's with `VACUUM INTO`, since the backup API
//! cannot change a WAL database's page size), then copies it into the writer connection, held for the whole copy so no write
//! interleaves; the copy is one write transaction, so a failure or a cancel midway leaves the database as
//! it was. The WAL readers see the restored content at their next read (SQLite bumps the schema cookie at
//! the end of a backup, so their cached schema is read again). The database is then migrated forward and
//! the caller's `after` runs in one more transaction, all before the writer is released.

use std::path::Path;

use rusqlite::backup::{Backup, StepResult};
use rusqlite::{Connection, OpenFlags, TransactionBehavior};

use super::db::{Db, Tx, lock};
use super::error::StorageError;
use super::migrations::{self, SCHEMA_VERSION};

/// Pages copied per step; the caller is told between steps (and may cancel there).
const STEP_PAGES: i32 = 1024;

/// How far a copy has come: pages copied and the database's page count.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Pages {
    pub copied: u64,
    pub total: u64,
}

/// Why a backup or a restore stopped.
pub(crate) enum CopyError<E> {
    /// The backup file could not be created, written or read, or was written by a newer Rapport.
    File(StorageError),
    /// The backup file is readable but cannot be restored, for the reason given.
    Invalid(&'static str),
    /// The open database failed, or the step callback (or `after`) stopped the work with its error.
    Other(E),
}

impl<E: From<StorageError>> CopyError<E> {
    fn other(e: impl Into<StorageError>) -> Self {
        CopyError::Other(E::from(e.into()))
    }
}

/// An error of the backup file's own.
fn file<E>(e: rusqlite::Error) -> CopyError<E> {
    CopyError::File(e.into())
}

impl Db {
    /// Copies the database, as of one snapshot, into a new SQLite file at `dest` (which must not exist: the
    /// caller writes to a temporary name and renames it). `on_step` is told after each step but the last
    /// and stops the copy with its error; the caller then removes the partial file.
    pub(crate) fn backup_into<E: From<StorageError>>(
        &self,
        dest: &Path,
        on_step: &mut dyn FnMut(Pages) -> Result<(), E>,
    ) -> Result<Pages, CopyError<E>> {
        match &self.path {
            Some(path) => {
                let flags =
                    OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX | OpenFlags::SQLITE_OPEN_URI;
                let mut source = Connection::open_with_flags(path, flags).map_err(CopyError::other)?;
                source.busy_timeout(self.busy_timeout).map_err(CopyError::other)?;
                let snapshot =
                    source.transaction_with_behavior(TransactionBehavior::Deferred).map_err(CopyError::other)?;
                // The read transaction starts at its first read: from here the copy sees this snapshot only.
                snapshot.query_row("SELECT COUNT(*) FROM sqlite_master", [], |_| Ok(())).map_err(CopyError::other)?;
                let copied = copy_into_file(&snapshot, dest, on_step);
                // Nothing to keep: the read transaction just ends.
                let _ = snapshot.finish();
                copied
            }
            None => {
                let writer = lock(&self.writer);
                copy_into_file(&writer, dest, on_step)
            }
        }
    }

    /// Replaces the database's content with the Rapport database file at `path`: checks the file, copies it
    /// into the writer, migrates it forward and runs `after` in a transaction, holding the writer
    /// throughout. Refused before anything changes when the file cannot be restored; a failure or a stop
    /// from `on_step` (told after each step but the last) leaves the database as it was.
    pub(crate) fn restore_from<T, E: From<StorageError>>(
        &self,
        path: &str,
        on_step: &mut dyn FnMut(Pages) -> Result<(), E>,
        after: impl FnOnce(&Tx<'_>) -> Result<T, E>,
    ) -> Result<(Pages, T), CopyError<E>> {
        if self.read_only {
            return Err(CopyError::other(StorageError::ReadOnly));
        }
        let mut source = open_read_only(path, self.busy_timeout).map_err(file)?;
        check_restorable(&source)?;
        let page_size = |c: &Connection| c.pragma_query_value(None, "page_size", |r| r.get::<_, i64>(0));
        let wanted = page_size(&lock(&self.writer)).map_err(CopyError::other)?;
        // A database of another page size (a file vacuumed with its own) cannot be copied page by page
        // into this one: a copy at this page size is made first, beside the database, and restored.
        let _scratch = if page_size(&source).map_err(file)? != wanted {
            let scratch = Scratch::beside(self.path.as_deref());
            source.pragma_update(None, "page_size", wanted).map_err(file)?;
            source.execute("VACUUM INTO ?1", [scratch.path.as_str()]).map_err(file)?;
            source = open_read_only(&scratch.path, self.busy_timeout).map_err(file)?;
            Some(scratch)
        } else {
            None
        };
        let source = source.transaction_with_behavior(TransactionBehavior::Deferred).map_err(file)?;
        source.query_row("SELECT COUNT(*) FROM sqlite_master", [], |_| Ok(())).map_err(file)?;

        let mut writer = lock(&self.writer);
        let pages = {
            let backup = Backup::new(&source, &mut writer).map_err(CopyError::other)?;
            run_steps(&backup, on_step, CopyError::other)?
        };
        drop(source);
        migrations::migrate(&writer).map_err(CopyError::other)?;
        let txn = writer.transaction_with_behavior(TransactionBehavior::Immediate).map_err(CopyError::other)?;
        let out = after(&Tx { conn: &txn }).map_err(CopyError::Other)?;
        txn.commit().map_err(CopyError::other)?;
        Ok((pages, out))
    }
}

/// Opens a backup file to read it. Its name is a file name, never a URI.
fn open_read_only(path: &str, busy_timeout: std::time::Duration) -> rusqlite::Result<Connection> {
    let conn = Connection::open_with_flags(path, OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX)?;
    conn.busy_timeout(busy_timeout)?;
    Ok(conn)
}

/// A scratch file for a restore, beside the database (or in the temporary directory for an in-memory one
/// or a URI), removed when dropped.
struct Scratch {
    path: String,
}

impl Scratch {
    fn beside(database: Option<&str>) -> Scratch {
        static NEXT: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(0);
        let n = NEXT.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        let name = format!("restore-{}-{n}.tmp", std::process::id());
        let path = match database {
            Some(db) if !db.starts_with("file:") => format!("{db}.{name}"),
            _ => std::env::temp_dir().join(format!("rapport-{name}")).to_string_lossy().into_owned(),
        };
        Scratch { path }
    }
}

impl Drop for Scratch {
    fn drop(&mut self) {
        let _ = std::fs::remove_file(&self.path);
        let _ = std::fs::remove_file(format!("{}-journal", self.path));
    }
}

/// Refuses a file that is not a Rapport database this build can open: not SQLite (or damaged), no `meta`
/// table with a `node_id`, a newer schema version.
fn check_restorable<E>(source: &Connection) -> Result<(), CopyError<E>> {
    let version: i64 = source.pragma_query_value(None, "user_version", |r| r.get(0)).map_err(file)?;
    let has_meta: bool = source
        .query_row("SELECT EXISTS (SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'meta')", [], |r| {
            r.get(0)
        })
        .map_err(file)?;
    let node_id: Option<String> = if has_meta {
        source.query_row("SELECT value FROM meta WHERE key = 'node_id'", [], |r| r.get(0)).map(Some).or_else(|e| {
            match e {
                rusqlite::Error::QueryReturnedNoRows => Ok(None),
                e => Err(CopyError::File(e.into())),
            }
        })?
    } else {
        None
    };
    if node_id.is_none() {
        return Err(CopyError::Invalid("the file is a SQLite database but not a Rapport database"));
    }
    if version > SCHEMA_VERSION {
        return Err(CopyError::File(StorageError::SchemaTooNew { found: version, supported: SCHEMA_VERSION }));
    }
    let check: String = source.query_row("PRAGMA quick_check(1)", [], |r| r.get(0)).map_err(file)?;
    if check != "ok" {
        return Err(CopyError::Invalid("the backup file is damaged (its integrity check failed)"));
    }
    Ok(())
}

/// Copies `source` into a new file at `dest`, then marks the file `journal_mode = DELETE` (a copy of a WAL
/// database says WAL in its header).
fn copy_into_file<E: From<StorageError>>(
    source: &Connection,
    dest: &Path,
    on_step: &mut dyn FnMut(Pages) -> Result<(), E>,
) -> Result<Pages, CopyError<E>> {
    let flags = OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_CREATE | OpenFlags::SQLITE_OPEN_NO_MUTEX;
    let mut target = Connection::open_with_flags(dest, flags).map_err(file)?;
    let pages = {
        let backup = Backup::new(source, &mut target).map_err(file)?;
        run_steps(&backup, on_step, file)?
    };
    // Reading once opens the copied header (WAL); switching to DELETE then rewrites it, and the copy stays
    // one file that opens anywhere, read-only included.
    target.query_row("SELECT COUNT(*) FROM sqlite_master", [], |_| Ok(())).map_err(file)?;
    target.pragma_update_and_check(None, "journal_mode", "DELETE", |r| r.get::<_, String>(0)).map_err(file)?;
    target.close().map_err(|(_, e)| CopyError::File(e.into()))?;
    Ok(pages)
}

/// Runs a backup's steps to the end, telling `on_step` after each but the last (whose report is the
/// caller's: a restore has committed by then); `failed` says whose fault an error of SQLite's is (the
/// file's or the database's).
fn run_steps<E: From<StorageError>>(
    backup: &Backup<'_, '_>,
    on_step: &mut dyn FnMut(Pages) -> Result<(), E>,
    failed: impl Fn(rusqlite::Error) -> CopyError<E>,
) -> Result<Pages, CopyError<E>> {
    loop {
        let step = backup.step(STEP_PAGES).map_err(&failed)?;
        let progress = backup.progress();
        let total = u64::try_from(progress.pagecount).unwrap_or(0);
        let remaining = u64::try_from(progress.remaining).unwrap_or(0);
        let pages = Pages { copied: total.saturating_sub(remaining), total };
        match step {
            StepResult::More => on_step(pages).map_err(CopyError::Other)?,
            StepResult::Done => return Ok(pages),
            // A lock another connection held past the busy timeout.
            StepResult::Busy | StepResult::Locked => {
                let busy = rusqlite::ffi::Error::new(rusqlite::ffi::SQLITE_BUSY);
                return Err(failed(rusqlite::Error::SqliteFailure(busy, None)));
            }
            _ => return Err(CopyError::Other(E::from(StorageError::Corrupt("an unknown backup step result".into())))),
        }
    }
}
