//! Connections and transactions: one writer, a pool of WAL readers (or one serialized in-memory connection).

use std::sync::{Mutex, MutexGuard};
use std::time::Duration;

use rusqlite::{Connection, OpenFlags, TransactionBehavior};

use super::error::{StorageError, StorageResult};
use super::migrations;

/// How the database is opened.
#[derive(Debug, Clone)]
pub struct StorageOptions {
    pub create_if_missing: bool,
    pub read_only: bool,
    pub busy_timeout: Duration,
    /// Reader connections for a file database (WAL readers); 0 reads on the writer.
    pub readers: usize,
    /// `PRAGMA synchronous=FULL` instead of NORMAL (WAL): also survives power loss.
    pub synchronous_full: bool,
    /// Page cache ceiling per connection, in MiB.
    pub cache_mib: u32,
}

/// The database: every query runs inside [`Db::read`] or [`Db::write`].
pub struct Db {
    pub(super) writer: Mutex<Connection>,
    pub(super) readers: Vec<Mutex<Connection>>,
    pub(super) next_reader: std::sync::atomic::AtomicUsize,
    pub(super) read_only: bool,
    /// The file opened (as given to SQLite), for connections of its own (a backup's snapshot); `None` in memory.
    #[cfg_attr(target_arch = "wasm32", allow(dead_code, reason = "browsers have no backups by path"))]
    pub(super) path: Option<String>,
    /// How long a connection waits for a lock held by another.
    #[cfg_attr(target_arch = "wasm32", allow(dead_code, reason = "browsers have no backups by path"))]
    pub(super) busy_timeout: Duration,
    /// Folds the write-ahead log off the commit path (native file databases with readers).
    #[cfg(not(target_arch = "wasm32"))]
    pub(super) checkpointer: Option<super::checkpoint::Checkpointer>,
    /// Statements run on every connection so far (the `diagnostics` feature's trace hook).
    #[cfg(feature = "diagnostics")]
    pub(super) statements: std::sync::Arc<std::sync::atomic::AtomicU64>,
}

/// An open transaction. Storage methods hang off it, so engine code never sees SQL.
pub struct Tx<'c> {
    pub(super) conn: &'c Connection,
}

/// Counts each statement a connection starts running (SQLite's trace hook, `SQLITE_TRACE_STMT`); with
/// `RAPPORT_PRINT_SQL` set in the environment, also prints each one to standard error.
#[cfg(feature = "diagnostics")]
pub(super) fn count_statements(
    conn: &mut Connection,
    counter: &std::sync::Arc<std::sync::atomic::AtomicU64>,
) -> StorageResult<()> {
    let counter = counter.clone();
    let print = std::env::var_os("RAPPORT_PRINT_SQL").is_some();
    conn.trace_v2(
        rusqlite::trace::TraceEventCodes::SQLITE_TRACE_STMT,
        Some(move |event: rusqlite::trace::TraceEvent<'_>| {
            counter.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
            if let (true, rusqlite::trace::TraceEvent::Stmt(_, sql)) = (print, event) {
                eprintln!("sql: {}", sql.split_whitespace().collect::<Vec<_>>().join(" "));
            }
        }),
    )?;
    Ok(())
}

pub(super) fn lock(m: &Mutex<Connection>) -> MutexGuard<'_, Connection> {
    // A panic inside a transaction rolled it back while unwinding; the
    // connection itself is still good, so a poisoned lock is recovered.
    m.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
}

impl Db {
    /// Opens `path` (`":memory:"` for a private in-memory database), applies
    /// the connection settings and migrates the schema forward.
    ///
    /// A read-only open of a file on a read-only file system (a mounted image, a volume made read-only)
    /// reads it as immutable: SQLite cannot open a WAL database without creating its `-wal` and `-shm`
    /// files, and on such a file system nobody can change the file under the reader.
    pub fn open(path: &str, opts: &StorageOptions) -> StorageResult<Db> {
        match Db::open_at(path, opts) {
            Err(e) if opts.read_only && e.is_cannot_open() && on_read_only_medium(path) => {
                Db::open_at(&immutable_uri(path), opts)
            }
            opened => opened,
        }
    }

    fn open_at(path: &str, opts: &StorageOptions) -> StorageResult<Db> {
        let in_memory = path == ":memory:" || path.is_empty();
        let mut flags = OpenFlags::SQLITE_OPEN_NO_MUTEX | OpenFlags::SQLITE_OPEN_URI;
        if opts.read_only && !in_memory {
            flags |= OpenFlags::SQLITE_OPEN_READ_ONLY;
        } else {
            flags |= OpenFlags::SQLITE_OPEN_READ_WRITE;
            if opts.create_if_missing || in_memory {
                flags |= OpenFlags::SQLITE_OPEN_CREATE;
            }
        }
        #[cfg(feature = "diagnostics")]
        let statements = std::sync::Arc::new(std::sync::atomic::AtomicU64::new(0));
        let writer = if in_memory {
            Connection::open_in_memory()?
        } else {
            Connection::open_with_flags(path, flags).map_err(|e| match e {
                rusqlite::Error::SqliteFailure(f, _) if f.code == rusqlite::ErrorCode::CannotOpen => {
                    StorageError::Open(if opts.create_if_missing {
                        "the file cannot be created or opened".into()
                    } else {
                        "the file does not exist or cannot be opened (create_if_missing is off)".into()
                    })
                }
                // Anything else refused at the open itself is the path's fault, not a bug: a URI with an
                // unknown access mode or VFS (`file:crm.db?mode=x`), a name SQLite cannot take.
                other => StorageError::BadPath(other),
            })?
        };
        if !in_memory && !opts.read_only && writer.is_readonly(rusqlite::MAIN_DB)? {
            // SQLite falls back to reading a file it may not write (its permissions, a read-only file
            // system): a read-write open refuses it instead, so every write does not fail on its own.
            return Err(StorageError::NotWritable);
        }
        // Mutable for the statement counter (diagnostics) and the checkpointer's WAL hook (native).
        #[cfg_attr(all(target_arch = "wasm32", not(feature = "diagnostics")), allow(unused_mut))]
        let mut writer = writer;
        #[cfg(feature = "diagnostics")]
        count_statements(&mut writer, &statements)?;
        // LIFE-6: a newer file is refused before `configure` switches it to WAL, so it stays untouched.
        writer.busy_timeout(opts.busy_timeout)?;
        migrations::refuse_newer(&writer)?;
        configure(&writer, opts, !in_memory)?;
        if opts.read_only && !in_memory {
            migrations::check(&writer)?;
        } else {
            migrations::migrate(&writer)?;
        }
        #[cfg(not(target_arch = "wasm32"))]
        let checkpointer = if !in_memory && !opts.read_only && opts.readers > 0 {
            Some(super::checkpoint::Checkpointer::start(path, &mut writer, opts.busy_timeout)?)
        } else {
            None
        };
        let mut readers = Vec::new();
        if !in_memory {
            let mut rflags = OpenFlags::SQLITE_OPEN_NO_MUTEX | OpenFlags::SQLITE_OPEN_URI;
            rflags |= OpenFlags::SQLITE_OPEN_READ_ONLY;
            for _ in 0..opts.readers {
                #[cfg_attr(not(feature = "diagnostics"), allow(unused_mut))]
                let mut r = Connection::open_with_flags(path, rflags)?;
                #[cfg(feature = "diagnostics")]
                count_statements(&mut r, &statements)?;
                configure(&r, opts, false)?;
                readers.push(Mutex::new(r));
            }
        }
        Ok(Db {
            writer: Mutex::new(writer),
            readers,
            next_reader: Default::default(),
            read_only: opts.read_only && !in_memory,
            path: (!in_memory).then(|| path.to_string()),
            busy_timeout: opts.busy_timeout,
            #[cfg(not(target_arch = "wasm32"))]
            checkpointer,
            #[cfg(feature = "diagnostics")]
            statements,
        })
    }

    /// Statements run on every connection since the database was opened (`diagnostics` feature).
    #[cfg(feature = "diagnostics")]
    pub fn statements_executed(&self) -> u64 {
        self.statements.load(std::sync::atomic::Ordering::Relaxed)
    }

    pub fn is_read_only(&self) -> bool {
        self.read_only
    }

    /// Runs `f` in one IMMEDIATE transaction on the writer: committed when `f`
    /// returns `Ok`, rolled back on `Err` or panic.
    pub fn write<T, E: From<StorageError>>(&self, f: impl FnOnce(&Tx<'_>) -> Result<T, E>) -> Result<T, E> {
        if self.read_only {
            return Err(StorageError::ReadOnly.into());
        }
        let mut conn = lock(&self.writer);
        let txn = conn.transaction_with_behavior(TransactionBehavior::Immediate).map_err(StorageError::from)?;
        let out = f(&Tx { conn: &txn })?;
        txn.commit().map_err(StorageError::from)?;
        Ok(out)
    }

    /// Runs `f` exactly as [`Db::write`] would, then rolls the transaction back: a dry run (DESIGN.md,
    /// "Dry runs") executes the very code of the real write and keeps nothing.
    pub fn rehearse<T, E: From<StorageError>>(&self, f: impl FnOnce(&Tx<'_>) -> Result<T, E>) -> Result<T, E> {
        if self.read_only {
            return Err(StorageError::ReadOnly.into());
        }
        let mut conn = lock(&self.writer);
        let txn = conn.transaction_with_behavior(TransactionBehavior::Immediate).map_err(StorageError::from)?;
        let out = f(&Tx { conn: &txn })?;
        txn.rollback().map_err(StorageError::from)?;
        Ok(out)
    }

    /// Runs `f` in one read transaction (a consistent snapshot).
    pub fn read<T, E: From<StorageError>>(&self, f: impl FnOnce(&Tx<'_>) -> Result<T, E>) -> Result<T, E> {
        let mut conn = if self.readers.is_empty() { lock(&self.writer) } else { self.pick_reader() };
        let txn = conn.transaction_with_behavior(TransactionBehavior::Deferred).map_err(StorageError::from)?;
        let out = f(&Tx { conn: &txn })?;
        // Nothing to keep: ending a read transaction either way is the same.
        txn.finish().map_err(StorageError::from)?;
        Ok(out)
    }

    fn pick_reader(&self) -> MutexGuard<'_, Connection> {
        let n = self.readers.len();
        let start = self.next_reader.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        for i in 0..n {
            if let Ok(guard) = self.readers[(start + i) % n].try_lock() {
                return guard;
            }
        }
        lock(&self.readers[start % n])
    }
}

impl Drop for Db {
    /// The readers close before the writer (fields would drop in declaration order, writer first), so the
    /// writer is the file's last connection when it closes: SQLite then checkpoints the WAL into the
    /// database file and deletes the `-wal` and `-shm` files, and a closed database is one self-contained
    /// file a host may copy. (Another process still having the file open keeps the WAL, as SQLite does.)
    /// The checkpointer's thread stops and its connection closes before the writer's too.
    fn drop(&mut self) {
        self.readers.clear();
        #[cfg(not(target_arch = "wasm32"))]
        self.checkpointer.take();
    }
}

/// Whether the file at `path` is on a read-only file system and its WAL holds nothing (missing or empty), so
/// the database file alone is the whole database and nobody can change it. `file:` URIs are the host's own.
fn on_read_only_medium(path: &str) -> bool {
    if path.starts_with("file:") {
        return false;
    }
    let wal_empty = std::fs::metadata(format!("{path}-wal")).map(|m| m.len() == 0).unwrap_or(true);
    // Asking for write access is the portable test. On a writable file system this runs only after SQLite
    // could not create the `-wal` file, so no connection of this process holds a lock that closing the
    // descriptor would drop (POSIX locks are per process and file).
    wal_empty
        && matches!(std::fs::OpenOptions::new().write(true).open(path),
            Err(e) if e.kind() == std::io::ErrorKind::ReadOnlyFilesystem)
}

/// `path` as a SQLite URI opening it immutable (no locks, no `-wal` or `-shm` files).
fn immutable_uri(path: &str) -> String {
    let mut uri = String::from("file:");
    for b in path.bytes() {
        match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'/' | b'-' | b'_' | b'.' | b'~' => uri.push(char::from(b)),
            _ => uri.push_str(&format!("%{b:02X}")),
        }
    }
    uri.push_str("?immutable=1");
    uri
}

pub(super) fn configure(conn: &Connection, opts: &StorageOptions, file: bool) -> StorageResult<()> {
    conn.busy_timeout(opts.busy_timeout)?;
    // Query planner stability: without it SQLite marks statements that compare
    // an indexed column with a bound parameter as plan-dependent and
    // re-prepares them after every rebinding, which defeats the statement
    // cache (measured: half of a batch create's instructions were re-prepares).
    conn.set_db_config(rusqlite::config::DbConfig::SQLITE_DBCONFIG_ENABLE_QPSG, true)?;
    conn.set_prepared_statement_cache_capacity(256);
    conn.pragma_update(None, "foreign_keys", "ON")?;
    if file && !opts.read_only {
        let mode: String = conn.pragma_update_and_check(None, "journal_mode", "WAL", |r| r.get(0))?;
        if !mode.eq_ignore_ascii_case("wal") {
            return Err(StorageError::Open(format!("journal_mode WAL refused ({mode})")));
        }
    }
    let sync = if opts.synchronous_full { "FULL" } else { "NORMAL" };
    conn.pragma_update(None, "synchronous", sync)?;
    // A page cache of 32 MiB per connection by default (SQLite's default is 2 MiB): with 2 MiB, writes to a
    // database of a few hundred MB re-read the index pages they touch from the OS on every statement
    // (measured: a third of an `orders.push` was copying pages in). It is a ceiling, not an allocation.
    conn.pragma_update(None, "cache_size", -1024 * i64::from(opts.cache_mib.max(1)))?;
    Ok(())
}

impl Tx<'_> {
    /// Runs `f` inside a savepoint: its writes are undone if it fails, while the
    /// enclosing transaction goes on (batches report an item and continue).
    pub(crate) fn savepoint<T, E: From<StorageError>>(&self, f: impl FnOnce() -> Result<T, E>) -> Result<T, E> {
        self.named_savepoint("item", f)
    }

    /// [`Tx::savepoint`] with a name of its own, to nest one savepoint in another.
    pub(crate) fn named_savepoint<T, E: From<StorageError>>(
        &self,
        name: &'static str,
        f: impl FnOnce() -> Result<T, E>,
    ) -> Result<T, E> {
        self.conn.execute_batch(&format!("SAVEPOINT {name}")).map_err(StorageError::from)?;
        match f() {
            Ok(v) => {
                self.conn.execute_batch(&format!("RELEASE {name}")).map_err(StorageError::from)?;
                Ok(v)
            }
            Err(e) => {
                self.conn.execute_batch(&format!("ROLLBACK TO {name}; RELEASE {name}")).map_err(StorageError::from)?;
                Err(e)
            }
        }
    }
}

#[cfg(test)]
impl StorageOptions {
    /// Options for a private in-memory database in unit tests.
    pub(crate) fn in_memory(cache_mib: u32) -> StorageOptions {
        StorageOptions {
            create_if_missing: true,
            read_only: false,
            busy_timeout: Duration::from_millis(100),
            readers: 0,
            synchronous_full: false,
            cache_mib,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cached_statements_are_not_reprepared_after_rebinding() {
        let db = Db::open(":memory:", &StorageOptions::in_memory(32)).unwrap();
        let sql = "SELECT COUNT(*) FROM users u JOIN departments d ON d.id = u.department_id WHERE u.id = ?1";
        let reprepares = db
            .read(|tx| {
                for id in ["a", "b", "c", "d"] {
                    let _: i64 = tx.conn.prepare_cached(sql)?.query_row([id], |r| r.get(0))?;
                }
                let stmt = tx.conn.prepare_cached(sql)?;
                Ok::<_, StorageError>(stmt.get_status(rusqlite::StatementStatus::RePrepare))
            })
            .unwrap();
        assert_eq!(reprepares, 0, "the statement cache must survive rebinding (QPSG on)");
    }

    #[test]
    fn the_page_cache_follows_the_open_options() {
        let db = Db::open(":memory:", &StorageOptions::in_memory(256)).unwrap();
        let kib: i64 = db
            .write(|tx| Ok::<_, StorageError>(tx.conn.pragma_query_value(None, "cache_size", |r| r.get(0))?))
            .unwrap();
        assert_eq!(kib, -256 * 1024);
    }
}
