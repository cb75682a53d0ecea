//! Files on disk: schema versions (LIFE-6), durability across reopen, read-only opens, many threads on one engine.

mod common;

use std::sync::Arc;

use common::{Org, ok, test_options};
use rapport_core::{Engine, ErrorCode, OpenOptions};
use serde_json::json;

fn temp_db(name: &str) -> (std::path::PathBuf, String) {
    let dir = std::env::temp_dir().join(format!("rapport-test-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("crm.db");
    let s = path.to_str().unwrap().to_string();
    (dir, s)
}

#[test]
fn engine_is_send_and_sync() {
    fn assert_send_sync<T: Send + Sync>() {}
    assert_send_sync::<Engine>();
}

#[test]
fn life_6_schema_version_is_stored_in_the_file() {
    let (dir, path) = temp_db("version");
    drop(Engine::open(&path, &OpenOptions::default()).unwrap());
    let conn = rusqlite::Connection::open(&path).unwrap();
    let v: i64 = conn.pragma_query_value(None, "user_version", |r| r.get(0)).unwrap();
    assert_eq!(v, Engine::schema_version());
    let mode: String = conn.pragma_query_value(None, "journal_mode", |r| r.get(0)).unwrap();
    assert_eq!(mode, "wal");
    drop(conn);
    std::fs::remove_dir_all(dir).unwrap();
}

#[test]
fn life_6_newer_file_is_refused_with_a_clear_error() {
    // In both journal modes a file arrives in: WAL (as the engine leaves it) and DELETE (an exported
    // image, a committed fixture). Refused by every open (file, read-only, the bindings' JSON open), the
    // file is left exactly as it was: same bytes, no -wal or -shm beside it.
    for mode in ["wal", "delete"] {
        let (dir, path) = temp_db(&format!("newer-{mode}"));
        drop(Engine::open(&path, &OpenOptions::default()).unwrap());
        let conn = rusqlite::Connection::open(&path).unwrap();
        conn.pragma_update(None, "user_version", Engine::schema_version() + 1).unwrap();
        let _: String = conn.pragma_update_and_check(None, "journal_mode", mode, |r| r.get(0)).unwrap();
        drop(conn);
        let bytes = std::fs::read(&path).unwrap();
        let err = Engine::open(&path, &OpenOptions::default()).err().expect("refused");
        assert_eq!(err.code(), ErrorCode::SchemaTooNew, "{mode}");
        assert!(err.public_message().contains("newer"), "{}", err.public_message());
        let err =
            Engine::open(&path, &OpenOptions { read_only: true, ..OpenOptions::default() }).err().expect("refused");
        assert_eq!(err.code(), ErrorCode::SchemaTooNew, "{mode}, read-only");
        let err = Engine::open_with_json(&path, Some(r#"{"create_if_missing": false}"#)).err().expect("refused");
        assert_eq!(err.code, ErrorCode::SchemaTooNew, "{mode}, JSON options");
        assert!(std::fs::read(&path).unwrap() == bytes, "{mode}: the refused file was changed");
        for side in ["-wal", "-shm"] {
            assert!(!std::path::Path::new(&format!("{path}{side}")).exists(), "{mode}: {side} left beside the file");
        }
        std::fs::remove_dir_all(dir).unwrap();
    }
}

#[test]
fn committed_data_survives_reopen_and_read_only_refuses_writes() {
    let (dir, path) = temp_db("reopen");
    let org = Org::with_engine(Engine::open(&path, &test_options()).unwrap());
    let rep = org.rep_east1.clone();
    drop(org);
    let ro = Engine::open(&path, &OpenOptions { read_only: true, ..OpenOptions::default() }).unwrap();
    let user = ok(&ro, None, "users.get", json!({"id": rep}));
    assert_eq!(user["name"], "张伟");
    let err = ro.call(None, "departments.create", r#"{"name": "X"}"#).unwrap_err();
    assert_eq!(err.code, ErrorCode::ReadOnly);
    drop(ro);
    let missing = format!("{path}.missing");
    let err = Engine::open(&missing, &OpenOptions { create_if_missing: false, ..OpenOptions::default() })
        .err()
        .expect("no file");
    assert_eq!(err.code(), ErrorCode::Io);
    std::fs::remove_dir_all(dir).unwrap();
}

#[test]
fn many_threads_share_one_file_engine() {
    let (dir, path) = temp_db("threads");
    let engine = Arc::new(Engine::open(&path, &OpenOptions::default()).unwrap());
    let root = ok(&engine, None, "departments.create", json!({"name": "Root"}))["id"].as_str().unwrap().to_string();
    let handles: Vec<_> = (0..4)
        .map(|t| {
            let engine = Arc::clone(&engine);
            let root = root.clone();
            std::thread::spawn(move || {
                for i in 0..25 {
                    ok(&engine, None, "departments.create", json!({"name": format!("T{t}-{i}"), "parent_id": root}));
                    let all = ok(&engine, None, "departments.list", json!({}));
                    assert!(all.as_array().unwrap().len() > i);
                }
            })
        })
        .collect();
    for h in handles {
        h.join().unwrap();
    }
    let all = ok(&engine, None, "departments.list", json!({}));
    assert_eq!(all.as_array().unwrap().len(), 101);
    drop(engine);
    std::fs::remove_dir_all(dir).unwrap();
}

#[test]
fn test_mode_reproduces_the_same_json() {
    let a = Org::new();
    let b = Org::new();
    let da = a.ok(None, "departments.list", json!({}));
    let db = b.ok(None, "departments.list", json!({}));
    assert_eq!(da, db);
    assert_eq!(a.rep_west, b.rep_west);
}

/// Closing the engine folds the WAL into the database file and removes the `-wal` and `-shm` files, so the
/// closed database is one file a host may copy as its backup. (The reader connections used to outlive the
/// writer, so no connection checkpointed on close: the file alone held only what an automatic checkpoint had
/// moved there, for a new database not even its schema.)
#[test]
fn life_2_a_closed_database_is_one_self_contained_file() {
    let (dir, path) = temp_db("one-file");
    let engine = Engine::open(&path, &OpenOptions::default()).unwrap();
    let id = ok(&engine, None, "customers.create", json!({"name": "Copied"}))["id"].clone();
    drop(engine);
    for sidecar in ["-wal", "-shm"] {
        assert!(!std::path::Path::new(&format!("{path}{sidecar}")).exists(), "{sidecar} is left after closing");
    }
    let copy = dir.join("copy.db");
    std::fs::copy(&path, &copy).unwrap();
    let engine = Engine::open(copy.to_str().unwrap(), &OpenOptions::default()).unwrap();
    assert_eq!(ok(&engine, None, "customers.get", json!({"id": id}))["name"], "Copied");
    drop(engine);
    std::fs::remove_dir_all(dir).unwrap();
}

/// A read-write open of a file SQLite may only read (file permissions, a read-only file system, or here a
/// `mode=ro` URI) is refused with `read_only` and a message saying how to read it; it used to open, and every
/// write then failed on its own.
#[test]
fn conventions_a_read_write_open_of_a_file_that_cannot_be_written_is_refused_with_read_only() {
    let (dir, path) = temp_db("not-writable");
    drop(Engine::open(&path, &OpenOptions::default()).unwrap());
    let uri = format!("file:{path}?mode=ro");
    let err = Engine::open(&uri, &OpenOptions::default()).err().expect("refused");
    assert_eq!(err.code(), ErrorCode::ReadOnly, "{}", err.public_message());
    assert!(err.public_message().contains("open it with read_only"), "{}", err.public_message());
    let engine = Engine::open(&uri, &OpenOptions { read_only: true, ..OpenOptions::default() }).unwrap();
    assert_eq!(ok(&engine, None, "departments.list", json!({})).as_array().unwrap().len(), 0);
    drop(engine);
    std::fs::remove_dir_all(dir).unwrap();
}

/// §0 "every request is made at a time", OPP-4: a write takes its time once it holds the writer, so times
/// never run backwards in commit order. Taken before waiting for the writer, a write that waited longer
/// committed after a later one with an earlier time: audit times fell as `seq` rose, and a stage visit
/// could end before it began (negative time in the funnel's stage counters).
#[test]
fn conventions_write_times_never_run_backwards_in_commit_order() {
    let (dir, path) = temp_db("commit-times");
    let mut options = test_options();
    options.test_mode.as_mut().unwrap().step_ms = 1;
    let org = Org::with_engine(Engine::open(&path, &options).unwrap());
    ok(
        &org.engine,
        None,
        "pipelines.create",
        json!({"code": "p", "name": "P", "stages": [
            {"code": "a", "name": "A", "probability": 10},
            {"code": "b", "name": "B", "probability": 50},
            {"code": "c", "name": "C", "probability": 80}
        ]}),
    );
    let customer = ok(&org.engine, None, "customers.create", json!({"name": "Shared", "owner_id": org.rep_east1}));
    let customer = customer["id"].as_str().unwrap().to_string();
    let opportunities: Vec<String> = (0..2)
        .map(|i| {
            let o = ok(
                &org.engine,
                None,
                "opportunities.create",
                json!({"customer_id": customer, "title": format!("O{i}"), "amount": 1000, "owner_id": org.rep_east1}),
            );
            o["id"].as_str().unwrap().to_string()
        })
        .collect();
    let engine = Arc::new(org.engine);
    let handles: Vec<_> = (0..4)
        .map(|t| {
            let engine = Arc::clone(&engine);
            let opportunities = opportunities.clone();
            let customer = customer.clone();
            std::thread::spawn(move || {
                for i in 0..150 {
                    let stage = ["a", "b", "c"][(t + i) % 3];
                    let id = &opportunities[(t + i) % 2];
                    // Moving to the stage it is at is refused; every other move is a new stage visit.
                    let _ = engine.call(None, "opportunities.advance", &json!({"id": id, "stage": stage}).to_string());
                    let name = format!("Shared {t}-{i}");
                    ok(&engine, None, "customers.update", json!({"id": customer, "name": name}));
                    ok(&engine, None, "customers.list", json!({"limit": 5}));
                }
            })
        })
        .collect();
    for h in handles {
        h.join().unwrap();
    }
    drop(engine);
    let conn = rusqlite::Connection::open(&path).unwrap();
    let backwards: i64 = conn
        .query_row(
            "SELECT COUNT(*) FROM audit_log a JOIN audit_log b ON b.seq = a.seq + 1 WHERE b.at < a.at",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(backwards, 0, "audit times ran backwards in seq order");
    let inverted: i64 = conn
        .query_row("SELECT COUNT(*) FROM opportunity_stage_history WHERE left_at < entered_at", [], |r| r.get(0))
        .unwrap();
    assert_eq!(inverted, 0, "stage visits ended before they began");
    let negative: i64 =
        conn.query_row("SELECT COUNT(*) FROM funnel_stage_time WHERE seconds < 0", [], |r| r.get(0)).unwrap();
    assert_eq!(negative, 0, "negative time in a stage");
    drop(conn);
    std::fs::remove_dir_all(dir).unwrap();
}

/// §0 bad input never panics or crashes the host, found by the boundary fuzzer: `rapport_open` with
/// `{"busy_timeout_ms": 4294967295}` panicked inside rusqlite (caught at the C boundary as `internal`),
/// `{"reader_connections": 65536}` opened connections until it had taken 2 GB and every file descriptor,
/// and a bad test mode start was refused only after the file had been created. All are refused before
/// the file is touched.
#[test]
fn conventions_bad_open_options_are_refused_before_the_file_is_touched() {
    let (dir, path) = temp_db("options");
    for options in [
        r#"{"busy_timeout_ms": 4294967295}"#,
        r#"{"busy_timeout_ms": 2147483648}"#,
        r#"{"reader_connections": 65536}"#,
        r#"{"reader_connections": 18446744073709551615}"#,
        r#"{"test_mode": {"start": "not a date", "id_seed": 1}}"#,
    ] {
        let err = Engine::open_with_json(&path, Some(options)).err().expect("refused");
        assert_eq!(err.code, ErrorCode::Validation, "{options}");
        assert!(!std::path::Path::new(&path).exists(), "{options} created the file");
        let err = Engine::open_image(&[], &rapport_core::parse_request(options).unwrap()).err().expect("refused");
        assert_eq!(err.code(), ErrorCode::Validation, "{options}");
    }
    let err = Engine::open_with_json(&path, Some(r#"{"busy_timeout_ms": 4294967295}"#)).err().unwrap();
    assert_eq!(err.field.as_deref(), Some("busy_timeout_ms"));
    Engine::open_with_json(&path, Some(r#"{"busy_timeout_ms": 2147483647}"#))
        .expect("the largest timeout SQLite takes");
    std::fs::remove_dir_all(dir).unwrap();
}

/// §0 errors are typed: a path SQLite refuses (a URI with an unknown access mode or VFS, found by the
/// boundary fuzzer as `file:crm.db?mode=rwcfile:...`) was `internal`, a bug; it is `io`, and the message
/// does not repeat the path.
#[test]
fn conventions_a_path_sqlite_refuses_is_io_not_internal() {
    let (dir, path) = temp_db("uri");
    for uri in [format!("file:{path}?mode=rwcfile:{path}"), format!("file:{path}?vfs=no-such-vfs")] {
        let err = Engine::open(&uri, &OpenOptions::default()).err().expect("refused");
        assert_eq!(err.code(), ErrorCode::Io, "{uri}");
        assert!(!err.public_message().contains("rwcfile") && !err.public_message().contains("no-such-vfs"));
    }
    std::fs::remove_dir_all(dir).unwrap();
}
