//! Database images: the whole database as bytes (export), and a private in-memory database opened from them.
//!
//! Browsers keep their data this way (IndexedDB holds the bytes). An image always
//! says `journal_mode = DELETE` in its header (bytes 18 and 19), so an image taken
//! from a WAL file opens anywhere, including in SQLite compiled to WebAssembly.

use std::sync::Mutex;

use rusqlite::{Connection, MAIN_DB};

use super::db::{Db, StorageOptions, configure, lock};
use super::error::{StorageError, StorageResult};
use super::migrations;

/// Every SQLite database file starts with these 16 bytes.
const SQLITE_HEADER: &[u8; 16] = b"SQLite format 3\0";
/// Offsets of the file format write and read versions: 1 = rollback journal, 2 = WAL.
const FORMAT_VERSION_BYTES: std::ops::Range<usize> = 18..20;
/// The header is 100 bytes long.
const HEADER_LEN: usize = 100;

/// Marks an image as a rollback-journal (`journal_mode = DELETE`) database.
fn mark_rollback_journal(image: &mut [u8]) {
    if image.len() >= HEADER_LEN {
        image[FORMAT_VERSION_BYTES].fill(1);
    }
}

impl Db {
    /// The whole database as one image, consistent as of the last commit.
    pub fn export_image(&self) -> StorageResult<Vec<u8>> {
        let mut conn = lock(&self.writer);
        let mut image = conn.serialize(MAIN_DB)?.to_vec();
        mark_rollback_journal(&mut image);
        Ok(image)
    }

    /// Opens a private in-memory database holding a copy of `image`, then migrates it
    /// forward (or, read-only, checks its version) as [`Db::open`] does for a file.
    pub fn open_image(image: &[u8], opts: &StorageOptions) -> StorageResult<Db> {
        if image.len() < HEADER_LEN || !image.starts_with(SQLITE_HEADER) {
            return Err(StorageError::Open("the bytes are not a SQLite database image".into()));
        }
        let mut copy = image.to_vec();
        mark_rollback_journal(&mut copy);
        let mut conn = Connection::open_in_memory()?;
        conn.deserialize_read_exact(MAIN_DB, copy.as_slice(), copy.len(), false)?;
        #[cfg(feature = "diagnostics")]
        let statements = std::sync::Arc::new(std::sync::atomic::AtomicU64::new(0));
        #[cfg(feature = "diagnostics")]
        super::db::count_statements(&mut conn, &statements)?;
        configure(&conn, opts, false)?;
        if opts.read_only {
            migrations::check(&conn)?;
        } else {
            migrations::migrate(&conn)?;
        }
        Ok(Db {
            writer: Mutex::new(conn),
            readers: Vec::new(),
            next_reader: Default::default(),
            read_only: opts.read_only,
            path: None,
            busy_timeout: opts.busy_timeout,
            #[cfg(not(target_arch = "wasm32"))]
            checkpointer: None,
            #[cfg(feature = "diagnostics")]
            statements,
        })
    }
}
