//! The fuzz oracle's view of "nothing changed": [`crate::state`]'s ordered dump, read as one snapshot through a
//! read-only connection of its own that stays open across calls.
//!
//! SQLite's `data_version` does not move for the writer's own commits, so it cannot tell whether a refused
//! request wrote: the dump reads every row of every table.

use std::path::Path;

use rusqlite::{Connection, OpenFlags};

pub use crate::state::Dump;

/// A read-only connection of its own to the database file.
pub struct Reader {
    conn: Connection,
}

impl Reader {
    pub fn open(path: &Path) -> Reader {
        let flags = OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX;
        Reader { conn: Connection::open_with_flags(path, flags).expect("a second connection") }
    }

    /// Every row of every table, as committed now (one read transaction: one snapshot).
    pub fn dump(&mut self) -> Dump {
        self.conn.execute_batch("BEGIN").expect("begin a read");
        let dump = crate::state::dump(&self.conn);
        self.conn.execute_batch("COMMIT").expect("end the read");
        dump
    }
}
