//! A database file seen from outside the engine: an ordered dump of every table, the integrity check, and
//! the derived data (statistics, funnel and prediction counters, kept sales figures) recomputed from scratch to compare with.

use std::collections::BTreeMap;
use std::path::Path;

use rapport_core::{Engine, OpenOptions};
use rusqlite::{Connection, OpenFlags, types::Value as Sql};
use serde_json::{Value, json};

/// Every table's rows, each row rendered as text and the rows sorted: equal dumps mean equal contents,
/// whatever order the rows were written in.
pub type Dump = BTreeMap<String, Vec<String>>;

/// The tables that hold derived data, rebuilt by the engine from the records when missing.
pub const KEPT_TABLES: &[&str] = &[
    "opportunity_funnel",
    "funnel_reach",
    "funnel_stage_time",
    "funnel_outcomes",
    "prediction_facts",
    "prediction_totals",
    "prediction_counts",
    "sales_facts",
];

/// A second connection to a database file (read and write, so that it recovers a WAL left by a killed
/// process, as any later open would).
pub fn connect(path: &Path) -> Connection {
    let flags = OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX;
    Connection::open_with_flags(path, flags).unwrap_or_else(|e| panic!("open {}: {e}", path.display()))
}

/// `PRAGMA integrity_check`'s answer (`ok` when the file is sound).
pub fn integrity(conn: &Connection) -> String {
    let rows: Vec<String> = conn
        .prepare("PRAGMA integrity_check")
        .and_then(|mut s| s.query_map([], |r| r.get(0))?.collect())
        .unwrap_or_else(|e| vec![format!("integrity_check failed: {e}")]);
    rows.join("; ")
}

/// The ordered dump of every table of the file.
pub fn dump(conn: &Connection) -> Dump {
    dump_mapped(conn, str::to_string)
}

/// The ordered dump with every text cell passed through `text` first (the serial oracle maps one run's ids
/// to the other's).
pub fn dump_mapped(conn: &Connection, text: impl Fn(&str) -> String) -> Dump {
    let tables: Vec<String> = conn
        .prepare("SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name")
        .and_then(|mut s| s.query_map([], |r| r.get(0))?.collect())
        .expect("list tables");
    tables.into_iter().map(|t| (t.clone(), table_rows(conn, &t, &text))).collect()
}

fn table_rows(conn: &Connection, table: &str, text: &impl Fn(&str) -> String) -> Vec<String> {
    let mut stmt = conn.prepare(&format!("SELECT * FROM \"{table}\"")).expect("select");
    let columns = stmt.column_count();
    let mut rows: Vec<String> = stmt
        .query_map([], |r| {
            let mut cells = Vec::with_capacity(columns);
            for i in 0..columns {
                cells.push(match r.get::<_, Sql>(i)? {
                    Sql::Null => "NULL".to_string(),
                    Sql::Integer(n) => n.to_string(),
                    Sql::Real(x) => format!("{x:?}"),
                    Sql::Text(s) => format!("{:?}", text(&s)),
                    Sql::Blob(b) => format!("x'{}'", b.iter().map(|x| format!("{x:02x}")).collect::<String>()),
                });
            }
            Ok(cells.join("|"))
        })
        .and_then(|rows| rows.collect())
        .expect("rows");
    rows.sort();
    rows
}

/// Where two dumps differ, in a few lines (empty when they are equal).
pub fn differences(left: &Dump, right: &Dump) -> Vec<String> {
    let mut out = Vec::new();
    for table in left.keys().chain(right.keys()).collect::<std::collections::BTreeSet<_>>() {
        let (l, r) = (left.get(table), right.get(table));
        if l == r {
            continue;
        }
        let (l, r) = (l.cloned().unwrap_or_default(), r.cloned().unwrap_or_default());
        let only_left: Vec<&String> = l.iter().filter(|x| !r.contains(x)).take(3).collect();
        let only_right: Vec<&String> = r.iter().filter(|x| !l.contains(x)).take(3).collect();
        out.push(format!(
            "{table}: {} vs {} rows; only left {only_left:?}; only right {only_right:?}",
            l.len(),
            r.len()
        ));
    }
    out
}

/// Counter tables and how many of their last columns are counts.
const COUNTERS: &[(&str, usize)] = &[
    ("funnel_reach", 2),
    ("funnel_stage_time", 2),
    ("funnel_outcomes", 3),
    ("prediction_totals", 2),
    ("prediction_counts", 2),
];

/// The dump without counter rows at zero, which count nothing: the engine removes them since the crash
/// run found them (SCORE-8), but files written before that still hold some.
fn without_zero_counters(mut dump: Dump) -> Dump {
    for (table, counts) in COUNTERS {
        if let Some(rows) = dump.get_mut(*table) {
            rows.retain(|row| !row.rsplit('|').take(*counts).all(|cell| cell == "0"));
        }
    }
    dump
}

/// The dump without kept sales figures at zero: the rows of a key whose orders all went stay as zeros
/// (SCORE-9), where a rebuild has none.
fn without_zero_sales(mut dump: Dump) -> Dump {
    if let Some(rows) = dump.get_mut("sales_facts") {
        rows.retain(|row| !row.rsplit('|').take(3).all(|cell| cell == "0"));
    }
    dump
}

/// Copies a database file (its WAL checkpointed first) to `to`, replacing whatever was there: a WAL
/// left beside `to` by an earlier database would otherwise be replayed into the copy.
pub fn copy_database(from: &Path, to: &Path) {
    let conn = connect(from);
    let (busy, _, _): (i64, i64, i64) = conn
        .query_row("PRAGMA wal_checkpoint(TRUNCATE)", [], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
        .expect("checkpoint");
    assert_eq!(busy, 0, "the checkpoint of {} was blocked", from.display());
    drop(conn);
    remove_database(to);
    std::fs::copy(from, to).expect("copy database");
}

/// Removes a database file with its WAL and shared-memory files.
pub fn remove_database(path: &Path) {
    for suffix in ["", "-wal", "-shm"] {
        let mut name = path.as_os_str().to_owned();
        name.push(suffix);
        std::fs::remove_file(std::path::PathBuf::from(name)).ok();
    }
}

/// Mismatches between the derived data stored in `path` and a fresh computation from its records, made
/// on copies in `scratch`: the funnel and prediction counters rebuilt by a new open after they are
/// dropped, and each customer's statistics at the reference date against a computation from its
/// documents once the reference has moved away. Empty when everything agrees.
pub fn derived_mismatches(path: &Path, scratch: &Path, options: &OpenOptions) -> Vec<String> {
    mismatches(path, scratch, options, false)
}

/// [`derived_mismatches`] for a file written before counters at zero were removed (schema 4 and older):
/// such rows count nothing and are left out of the comparison.
pub fn derived_mismatches_of_an_old_file(path: &Path, scratch: &Path, options: &OpenOptions) -> Vec<String> {
    mismatches(path, scratch, options, true)
}

fn mismatches(path: &Path, scratch: &Path, options: &OpenOptions, old_file: bool) -> Vec<String> {
    let mut out = Vec::new();
    // Funnel and prediction counters and the kept sales figures: dropped, the open rebuilds them from the
    // records.
    let rebuilt = scratch.join("rebuilt.db");
    copy_database(path, &rebuilt);
    {
        let conn = connect(&rebuilt);
        for table in KEPT_TABLES {
            conn.execute(&format!("DELETE FROM {table}"), []).expect("drop derived rows");
        }
        conn.execute("DELETE FROM meta WHERE key IN ('funnel_built', 'sales_facts_built')", [])
            .expect("forget the build");
    }
    drop(Engine::open(rebuilt.to_str().expect("utf-8 path"), options).expect("open the copy to rebuild"));
    let stored = without_zero_sales(dump(&connect(path)));
    let stored = if old_file { without_zero_counters(stored) } else { stored };
    let fresh = dump(&connect(&rebuilt));
    for table in KEPT_TABLES {
        if stored.get(*table) != fresh.get(*table) {
            let pick = |d: &Dump| {
                d.iter().filter(|(t, _)| t.as_str() == *table).map(|(t, r)| (t.clone(), r.clone())).collect()
            };
            out.extend(
                differences(&pick(&stored), &pick(&fresh)).into_iter().map(|d| format!("stored vs rebuilt {d}")),
            );
        }
    }
    remove_database(&rebuilt);
    // Statistics: read at the reference date, then computed from the documents once the date has moved.
    let moved = scratch.join("moved.db");
    copy_database(path, &moved);
    let as_of: Option<String> =
        connect(&moved).query_row("SELECT value FROM meta WHERE key = 'stats_as_of'", [], |r| r.get(0)).ok();
    if let Some(as_of) = as_of {
        let engine = Engine::open(moved.to_str().expect("utf-8 path"), options).expect("open the copy");
        let customers: Vec<String> = connect(&moved)
            .prepare("SELECT id FROM customers ORDER BY id")
            .and_then(|mut s| s.query_map([], |r| r.get(0))?.collect())
            .expect("customers");
        let overview = |id: &str| -> Value {
            let answer = engine.call(None, "customers.overview", &json!({"id": id, "as_of": as_of}).to_string());
            answer
                .map(|a| serde_json::from_str::<Value>(&a).expect("json")["statistics"].clone())
                .unwrap_or(Value::Null)
        };
        let stored: Vec<Value> = customers.iter().map(|c| overview(c)).collect();
        engine.call(None, "scores.rescore", r#"{"as_of": "2099-12-31"}"#).expect("move the reference date");
        for (c, stored) in customers.iter().zip(&stored) {
            let fresh = overview(c);
            if &fresh != stored {
                out.push(format!("customer {c}: statistics at {as_of} stored {stored} vs computed {fresh}"));
            }
        }
    }
    remove_database(&moved);
    // Unread counts (schema 7 on): what the triggers kept against a count of the entries.
    let conn = connect(path);
    let has_counts = conn
        .query_row("SELECT COUNT(*) FROM sqlite_schema WHERE type = 'table' AND name = 'inbox_unread'", [], |r| {
            r.get::<_, i64>(0)
        })
        .expect("schema");
    if has_counts == 1 {
        let mut stmt = conn
            .prepare(
                "SELECT u.id, coalesce(n.unread, 0),
                        (SELECT COUNT(*) FROM inbox_entries e WHERE e.user_id = u.id AND e.read_at IS NULL)
                 FROM users u LEFT JOIN inbox_unread n ON n.user_id = u.id ORDER BY u.id",
            )
            .expect("unread counts");
        let rows: Vec<(String, i64, i64)> = stmt
            .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
            .and_then(|rows| rows.collect())
            .expect("unread counts");
        for (user, kept, counted) in rows {
            if kept != counted {
                out.push(format!("user {user}: {kept} unread kept vs {counted} counted"));
            }
        }
    }
    out
}
