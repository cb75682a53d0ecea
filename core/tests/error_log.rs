//! The host's error log: an internal failure reaches the installed hook with its whole cause chain, the caller sees only a stable code and a message without internals, and the counter moves.

use std::sync::{Arc, Mutex};

use rapport_core::{Engine, EngineError, ErrorCode, ErrorReport, OpenOptions};
use serde_json::json;

/// A file database with one customer whose custom fields were corrupted on disk (not JSON any more).
fn engine_with_a_corrupt_customer(name: &str) -> (Engine, String, std::path::PathBuf) {
    let dir = std::env::temp_dir().join(format!("rapport-test-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("crm.db").to_str().unwrap().to_string();
    let engine = Engine::open(&path, &OpenOptions::default()).unwrap();
    let created = engine.call_value(None, "customers.create", r#"{"name": "ACME"}"#).unwrap();
    let id = created["id"].as_str().unwrap().to_string();
    drop(engine);
    let conn = rusqlite::Connection::open(&path).unwrap();
    conn.execute("UPDATE customers SET custom = '{\"k\": SECRET' WHERE id = ?1", [&id]).unwrap();
    drop(conn);
    (Engine::open(&path, &OpenOptions::default()).unwrap(), id, dir)
}

#[test]
fn internal_failures_reach_the_hook_with_their_cause_and_callers_see_no_internals() {
    let (engine, id, dir) = engine_with_a_corrupt_customer("log-hook");
    let reports: Arc<Mutex<Vec<(std::thread::ThreadId, ErrorReport)>>> = Arc::default();
    let sink = reports.clone();
    rapport_core::set_error_hook(Some(Box::new(move |r: &ErrorReport| {
        sink.lock().unwrap().push((std::thread::current().id(), r.clone()));
    })));
    let before = rapport_core::reported_error_count();

    let err = engine.call(None, "customers.get", &json!({"id": id}).to_string()).unwrap_err();
    assert_eq!(err.code, ErrorCode::Internal);
    assert!(!err.message.contains("SECRET") && !err.message.contains("line"), "{}", err.message);

    let me = std::thread::current().id();
    let mine: Vec<ErrorReport> =
        reports.lock().unwrap().iter().filter(|(t, _)| *t == me).map(|(_, r)| r.clone()).collect();
    assert_eq!(mine.len(), 1, "{mine:?}");
    assert_eq!(mine[0].code, ErrorCode::Internal);
    let text = mine[0].text();
    assert!(mine[0].causes.len() >= 2, "the cause chain is kept: {:?}", mine[0].causes);
    assert!(text.contains("line 1 column"), "the JSON parser's own error is the innermost cause: {text}");
    assert!(rapport_core::reported_error_count() > before);

    // Rust hosts of the typed methods get the cause themselves.
    let typed: EngineError = engine.customer(None, rapport_core::IdRequest::new(&id)).unwrap_err();
    assert_eq!(typed.code(), ErrorCode::Internal);
    assert!(std::error::Error::source(&typed).is_some(), "{typed:?}");

    // Refusals are not failures: nothing is reported.
    let count = reports.lock().unwrap().iter().filter(|(t, _)| *t == me).count();
    let refused = engine.call(None, "customers.get", r#"{"id": "no-such-customer"}"#).unwrap_err();
    assert_eq!(refused.code, ErrorCode::NotFound);
    assert_eq!(reports.lock().unwrap().iter().filter(|(t, _)| *t == me).count(), count);

    // A hook that panics does not take the call down (the hook is process-wide, so this runs here,
    // in the same test, rather than beside it).
    rapport_core::set_error_hook(Some(Box::new(|_: &ErrorReport| panic!("a host's hook that panics"))));
    let err = engine.call(None, "customers.get", &json!({"id": id}).to_string()).unwrap_err();
    assert_eq!(err.code, ErrorCode::Internal);

    rapport_core::set_error_hook(None);
    drop(engine);
    std::fs::remove_dir_all(dir).unwrap();
}
