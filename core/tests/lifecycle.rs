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
    let (dir, path) = temp_db("newer");
    drop(Engine::open(&path, &OpenOptions::default()).unwrap());
    let conn = rusqlite::Connection::open(&path).unwrap();
    conn.pragma_update(None, "user_version", Engine::schema_version() + 1).unwrap();
    drop(conn);
    let err = Engine::open(&path, &OpenOptions::default()).err().expect("refused");
    assert_eq!(err.code(), ErrorCode::SchemaTooNew);
    assert!(err.public_message().contains("newer"), "{}", err.public_message());
    std::fs::remove_dir_all(dir).unwrap();
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
