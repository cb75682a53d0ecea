//! Folding the write-ahead log into the database file off the commit path: a checkpointer thread with a connection of its own.
//!
//! SQLite's default has the commit that grows the log past 1,000 pages fold it into the file itself (copy
//! the pages, sync the file), so about one write in forty waited for that work: it made the p99 of a
//! write several times its median. Here the writer's WAL hook only wakes a thread, which checkpoints
//! (PASSIVE: it never blocks the writer or a reader) on its own connection. Should the thread fall
//! behind, a commit that finds the log past [`BACKSTOP_PAGES`] folds it itself, as SQLite would, so the
//! log stays bounded. A checkpoint is SQLite's own crash-safe copy: a process killed during one loses
//! nothing committed. Native file databases with reader connections only: the browser has no threads,
//! and its OPFS database has one connection.

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::thread::JoinHandle;
use std::time::Duration;

use rusqlite::{Connection, OpenFlags};

use super::error::StorageResult;

/// Log pages after which the checkpointer is woken (SQLite's default checkpoint threshold).
const WAKE_PAGES: i32 = 1000;
/// Log pages after which the committing writer folds the log itself.
const BACKSTOP_PAGES: i32 = 20_000;
/// How long the thread sleeps when nobody wakes it; a wake-up with nothing due does nothing.
const IDLE: Duration = Duration::from_secs(5);

/// The checkpointer thread; dropping it stops the thread and closes its connection.
pub(crate) struct Checkpointer {
    stop: Arc<AtomicBool>,
    thread: Option<JoinHandle<()>>,
}

impl Checkpointer {
    /// Starts the thread on its own connection to `path` and hands the writer's log growth to it.
    pub(super) fn start(path: &str, writer: &mut Connection, busy_timeout: Duration) -> StorageResult<Checkpointer> {
        Checkpointer::start_with(path, writer, busy_timeout, WAKE_PAGES, BACKSTOP_PAGES)
    }

    fn start_with(
        path: &str,
        writer: &mut Connection,
        busy_timeout: Duration,
        wake_pages: i32,
        backstop_pages: i32,
    ) -> StorageResult<Checkpointer> {
        let conn = Connection::open_with_flags(
            path,
            OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX | OpenFlags::SQLITE_OPEN_URI,
        )?;
        conn.busy_timeout(busy_timeout)?;
        let stop = Arc::new(AtomicBool::new(false));
        let due = Arc::new(AtomicBool::new(false));
        let thread = {
            let (stop, due) = (stop.clone(), due.clone());
            std::thread::Builder::new()
                .name("rapport-checkpoint".into())
                .spawn(move || {
                    while !stop.load(Ordering::Acquire) {
                        if due.swap(false, Ordering::AcqRel) {
                            // A failed passive checkpoint (busy, a full disk) leaves the log as it was: the
                            // next wake-up, the writer's backstop or the close folds it.
                            let _ = conn.query_row("PRAGMA wal_checkpoint(PASSIVE)", [], |_| Ok(()));
                        }
                        std::thread::park_timeout(IDLE);
                    }
                })
                .map_err(|e| super::StorageError::Open(format!("the checkpoint thread cannot start: {e}")))?
        };
        let wake = thread.thread().clone();
        // The hook runs after the commit: what it answers would be the commit's answer, so like SQLite's own
        // checkpoint hook it never fails (a checkpoint that cannot run now runs later).
        writer.wal_hook(Some(move |wal: &mut rusqlite::hooks::Wal, pages: i32| {
            if pages >= backstop_pages {
                let _ = wal.checkpoint();
            } else if pages >= wake_pages && !due.swap(true, Ordering::AcqRel) {
                wake.unpark();
            }
            Ok(())
        }))?;
        Ok(Checkpointer { stop, thread: Some(thread) })
    }
}

impl Drop for Checkpointer {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::Release);
        if let Some(thread) = self.thread.take() {
            thread.thread().unpark();
            let _ = thread.join();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn writer(path: &str) -> Connection {
        let conn = Connection::open(path).unwrap();
        conn.execute_batch("PRAGMA journal_mode = WAL; CREATE TABLE t (x TEXT)").unwrap();
        conn
    }

    /// 40 commits of about one 4 KB page each.
    fn write_pages(conn: &Connection) {
        for i in 0..40 {
            conn.execute("INSERT INTO t (x) VALUES (?1)", [format!("{i:04000}")]).unwrap();
        }
    }

    /// The database file's size: it grows only when a checkpoint copies pages from the log into it.
    fn file_len(path: &str) -> u64 {
        std::fs::metadata(path).unwrap().len()
    }

    #[test]
    fn the_thread_folds_the_log_and_the_backstop_bounds_it() {
        let dir = std::env::temp_dir().join(format!("rapport-checkpoint-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let (woken, backstop) = (dir.join("woken.db"), dir.join("backstop.db"));
        let (woken, backstop) = (woken.to_string_lossy(), backstop.to_string_lossy());

        // Woken from 8 pages on: the thread copies the log into the file while the writer goes on.
        let mut conn = writer(&woken);
        let before = file_len(&woken);
        let thread = Checkpointer::start_with(&woken, &mut conn, Duration::from_secs(1), 8, 1_000_000).unwrap();
        write_pages(&conn);
        let mut waited = 0;
        while file_len(&woken) < before + 100_000 && waited < 500 {
            std::thread::sleep(Duration::from_millis(10));
            waited += 1;
        }
        assert!(file_len(&woken) >= before + 100_000, "the checkpointer folded the log into the file");
        drop(thread);

        // A thread never woken: the commit that finds 16 pages in the log folds it itself.
        let mut conn = writer(&backstop);
        let before = file_len(&backstop);
        let idle = Checkpointer::start_with(&backstop, &mut conn, Duration::from_secs(1), 1_000_000, 16).unwrap();
        write_pages(&conn);
        assert!(file_len(&backstop) >= before + 50_000, "the writer's backstop folded the log");
        drop(idle);
        drop(conn);
        let _ = std::fs::remove_dir_all(&dir);
    }
}
