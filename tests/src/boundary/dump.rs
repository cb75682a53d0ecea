//! An ordered dump of every table, read through a second connection: what "nothing changed" is checked against.
//!
//! SQLite's `data_version` does not move for the writer's own commits, so it cannot tell whether a refused
//! request wrote: the dump reads every row of every table (virtual tables through their shadow tables),
//! sorts them and keeps one digest per table, so a mismatch names the tables that changed.

use std::collections::BTreeMap;
use std::hash::{DefaultHasher, Hash, Hasher};
use std::path::Path;

use rusqlite::types::ValueRef;
use rusqlite::{Connection, OpenFlags};

/// Per table: the number of rows and a digest of the sorted rows.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Dump(pub BTreeMap<String, (usize, u64)>);

impl Dump {
    /// The tables whose rows differ between two dumps, with their row counts before and after.
    pub fn changed(&self, after: &Dump) -> Vec<String> {
        let mut names: Vec<&String> = self.0.keys().chain(after.0.keys()).collect();
        names.sort();
        names.dedup();
        names
            .into_iter()
            .filter(|t| self.0.get(*t) != after.0.get(*t))
            .map(|t| {
                let rows = |d: &Dump| d.0.get(t).map_or(0, |(n, _)| *n);
                format!("{t} ({} -> {} rows)", rows(self), rows(after))
            })
            .collect()
    }
}

/// A read-only connection of its own to the database file.
pub struct Reader {
    conn: Connection,
    tables: Vec<String>,
}

impl Reader {
    pub fn open(path: &Path) -> Reader {
        let conn =
            Connection::open_with_flags(path, OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX)
                .expect("a second connection");
        Reader { conn, tables: Vec::new() }
    }

    /// Every row of every table, as committed now.
    pub fn dump(&mut self) -> Dump {
        // One read transaction: the dump is one snapshot.
        self.conn.execute_batch("BEGIN").expect("begin a read");
        if self.tables.is_empty() {
            let mut stmt = self
                .conn
                .prepare(
                    "SELECT name FROM sqlite_schema WHERE type = 'table' \
                     AND sql NOT LIKE 'CREATE VIRTUAL TABLE%' ORDER BY name",
                )
                .expect("list tables");
            self.tables =
                stmt.query_map([], |r| r.get(0)).and_then(|r| r.collect::<Result<_, _>>()).expect("list tables");
        }
        let mut dump = Dump::default();
        for table in &self.tables {
            let mut stmt = self.conn.prepare_cached(&format!("SELECT * FROM \"{table}\"")).expect("select");
            let columns = stmt.column_count();
            // Each row as a digest of its typed values; the sorted digests make the table's digest.
            let mut rows: Vec<u64> = Vec::new();
            let mut query = stmt.query([]).expect("query");
            while let Some(row) = query.next().expect("a row") {
                let mut h = DefaultHasher::new();
                for i in 0..columns {
                    match row.get_ref(i).expect("a value") {
                        ValueRef::Null => 0u8.hash(&mut h),
                        ValueRef::Integer(v) => (1u8, v).hash(&mut h),
                        ValueRef::Real(v) => (2u8, v.to_bits()).hash(&mut h),
                        ValueRef::Text(t) => (3u8, t).hash(&mut h),
                        ValueRef::Blob(b) => (4u8, b).hash(&mut h),
                    }
                }
                rows.push(h.finish());
            }
            rows.sort_unstable();
            let mut h = DefaultHasher::new();
            rows.hash(&mut h);
            dump.0.insert(table.clone(), (rows.len(), h.finish()));
        }
        self.conn.execute_batch("COMMIT").expect("end the read");
        dump
    }
}
