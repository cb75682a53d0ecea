//! Database images (the browser's persistence): export, open from bytes, journal mode of the image, refusals.

mod common;

use common::{Org, ok, test_options};
use rapport_core::{Engine, ErrorCode, OpenOptions};
use serde_json::json;

#[test]
fn an_exported_image_reopens_with_the_same_records() {
    let org = Org::new();
    let customer = ok(&org.engine, Some(&org.rep_east1), "customers.create", json!({"name": "ACME", "region": "44"}));
    let image = org.engine.export_image().unwrap();
    assert!(image.starts_with(b"SQLite format 3\0"));

    let copy = Engine::open_image(&image, &test_options()).unwrap();
    let again = ok(&copy, Some(&org.rep_east1), "customers.get", json!({"id": customer["id"]}));
    assert_eq!(again, customer);
    assert_eq!(copy.row_counts().unwrap(), org.engine.row_counts().unwrap());

    // The copy is independent: a write there leaves the original alone.
    ok(&copy, Some(&org.rep_east1), "customers.create", json!({"name": "Globex", "region": "44"}));
    assert_eq!(copy.row_counts().unwrap()["customers"], org.engine.row_counts().unwrap()["customers"] + 1);
}

#[test]
fn an_image_of_a_wal_file_is_marked_journal_mode_delete() {
    let dir = std::env::temp_dir().join(format!("rapport-test-{}-image", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("crm.db");
    let engine = Engine::open(path.to_str().unwrap(), &OpenOptions::default()).unwrap();
    engine.call(None, "departments.create", r#"{"name": "HQ"}"#).unwrap();
    let image = engine.export_image().unwrap();
    assert_eq!(&image[18..20], &[1, 1], "file format versions say rollback journal, not WAL");

    let exported = dir.join("image.db");
    std::fs::write(&exported, &image).unwrap();
    let conn = rusqlite::Connection::open(&exported).unwrap();
    let mode: String = conn.pragma_query_value(None, "journal_mode", |r| r.get(0)).unwrap();
    assert_eq!(mode, "delete");
    let departments: i64 = conn.query_row("SELECT COUNT(*) FROM departments", [], |r| r.get(0)).unwrap();
    assert_eq!(departments, 1);
    drop(conn);
    drop(engine);
    std::fs::remove_dir_all(dir).unwrap();
}

#[test]
fn bytes_that_are_not_a_database_are_refused_with_io() {
    let err = Engine::open_image(b"not a database", &OpenOptions::default()).err().unwrap();
    assert_eq!(err.code(), ErrorCode::Io);
    let mut garbage = b"SQLite format 3\0".to_vec();
    garbage.resize(4096, 0xAB);
    let err = Engine::open_image(&garbage, &OpenOptions::default()).err().unwrap();
    assert!(matches!(err.code(), ErrorCode::Io | ErrorCode::Internal), "{err:?}");
}

#[test]
fn a_read_only_image_refuses_writes() {
    let org = Org::new();
    let image = org.engine.export_image().unwrap();
    let copy = Engine::open_image(&image, &OpenOptions { read_only: true, ..test_options() }).unwrap();
    let err = copy.call(None, "departments.create", r#"{"name": "X"}"#).unwrap_err();
    assert_eq!(err.code, ErrorCode::ReadOnly);
    assert!(copy.call(Some(&org.admin), "departments.list", "{}").is_ok());
}
