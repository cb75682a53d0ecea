//! LIFE-2: exports of any list (CSV, JSON lines; scope, permission, withheld fields, progress and cancel), online backup while writers write, restore and its refusals.

mod common;

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};

use common::{Org, id, test_options};
use rapport_core::{Engine, ErrorCode, Flow, OpenOptions, Progress};
use serde_json::{Value, json};

/// A fresh, empty directory for one test.
fn temp_dir(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("rapport-data-out-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

fn entries(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> =
        std::fs::read_dir(dir).unwrap().map(|e| e.unwrap().file_name().to_string_lossy().into_owned()).collect();
    names.sort();
    names
}

fn s(path: &Path) -> &str {
    path.to_str().unwrap()
}

/// An organisation on a file database (WAL, four readers) in `dir`.
fn file_org(dir: &Path) -> Org {
    Org::with_engine(Engine::open(s(&dir.join("crm.db")), &test_options()).unwrap())
}

/// `n` customers created by the host in batches, named `{prefix}-{i}`.
fn seed_customers(org: &Org, prefix: &str, n: usize) {
    seed_customers_by(org, prefix, n, 1000);
}

fn seed_customers_by(org: &Org, prefix: &str, n: usize, batch: usize) {
    for start in (0..n).step_by(batch) {
        let items: Vec<Value> = (start..n.min(start + batch))
            .map(|i| json!({"name": format!("{prefix}-{i}"), "region": "44/4403", "phone": "0755-83761234"}))
            .collect();
        org.ok(None, "customers.batch", json!({"items": items}));
    }
}

/// Every customer id `actor` sees through `customers.list` with `filter`, in list order.
fn listed_ids(org: &Org, actor: Option<&str>, filter: Value) -> Vec<String> {
    let mut ids = Vec::new();
    let mut cursor: Option<String> = None;
    loop {
        let mut req = filter.clone();
        req["limit"] = json!(1000);
        if let Some(c) = &cursor {
            req["cursor"] = json!(c);
        }
        let page = org.ok(actor, "customers.list", req);
        ids.extend(page["items"].as_array().unwrap().iter().map(id));
        match page["next_cursor"].as_str() {
            Some(c) => cursor = Some(c.to_string()),
            None => return ids,
        }
    }
}

fn csv_rows(text: &str) -> (Vec<String>, Vec<Vec<String>>) {
    let mut reader = csv::Reader::from_reader(text.as_bytes());
    let header = reader.headers().unwrap().iter().map(str::to_string).collect();
    let rows = reader.records().map(|r| r.unwrap().iter().map(str::to_string).collect()).collect();
    (header, rows)
}

/// Defines a custom role and gives it, alone, to a new user of the East department.
fn user_with_custom_role(org: &Org, code: &str, scope: &str, permissions: Value) -> String {
    org.ok(None, "roles.define", json!({"code": code, "name": code, "scope": scope, "permissions": permissions}));
    id(&org.ok(
        None,
        "users.create",
        json!({"name": format!("user of {code}"), "department_id": org.east, "roles": [], "custom_roles": [code]}),
    ))
}

#[test]
fn life_2_exports_customers_as_csv_with_a_filter() {
    let org = Org::new();
    org.ok(
        None,
        "customers.create",
        json!({"name": "深圳市华强电子有限公司", "region": "44/4403", "tags": ["vip", "华南"]}),
    );
    org.ok(None, "customers.create", json!({"name": "ACME, \"Inc.\"", "region": "44"}));
    org.ok(None, "customers.create", json!({"name": "上海 Globex", "region": "31"}));

    let answer =
        org.ok(None, "exports.run", json!({"list": "customers.list", "filter": {"region": "44"}, "format": "csv"}));
    let text = answer["text"].as_str().unwrap();
    assert_eq!(answer["rows"], 2);
    assert_eq!(answer["bytes"], text.len());
    assert!(answer.get("path").is_none());
    let (header, rows) = csv_rows(text);
    assert_eq!(answer["columns"], json!(header));
    for column in ["id", "code", "name", "region", "tags", "custom", "credit_limit"] {
        assert!(header.contains(&column.to_string()), "{column} in {header:?}");
    }
    let at = |name: &str| header.iter().position(|h| h == name).unwrap();
    let listed = listed_ids(&org, None, json!({"region": "44"}));
    assert_eq!(
        rows.iter().map(|r| r[at("id")].clone()).collect::<Vec<_>>(),
        listed,
        "the list's records, in its order"
    );
    let huaqiang = rows.iter().find(|r| r[at("region")] == "44/4403").unwrap();
    assert_eq!(huaqiang[at("name")], "深圳市华强电子有限公司");
    assert_eq!(huaqiang[at("tags")], r#"["vip","华南"]"#, "nested values are JSON text in one cell");
    assert!(rows.iter().any(|r| r[at("name")] == "ACME, \"Inc.\""), "quoted as RFC 4180 says");

    // Chosen columns, in their order; the same export written to a file.
    let dir = temp_dir("csv");
    let path = dir.join("customers.csv");
    let chosen = json!({"list": "customers.list", "filter": {"region": "44"}, "columns": ["code", "name", "tags"]});
    let text = org.ok(None, "exports.run", chosen.clone())["text"].as_str().unwrap().to_string();
    assert_eq!(csv_rows(&text).0, ["code", "name", "tags"]);
    let mut to_file = chosen;
    to_file["path"] = json!(s(&path));
    let written = org.ok(None, "exports.run", to_file);
    assert_eq!(written["path"], s(&path));
    assert!(written.get("text").is_none());
    assert_eq!(std::fs::read_to_string(&path).unwrap(), text);
    assert_eq!(written["bytes"], text.len());
    assert_eq!(entries(&dir), ["customers.csv"], "no temporary file is left");
    std::fs::remove_dir_all(dir).unwrap();
}

#[test]
fn life_2_exports_customers_as_json_lines() {
    let org = Org::new();
    seed_customers(&org, "华南客户", 1_203);
    org.ok(None, "customers.create", json!({"name": "北方客户", "region": "11"}));
    let answer =
        org.ok(None, "exports.run", json!({"list": "customers.list", "filter": {"region": "44"}, "format": "jsonl"}));
    assert_eq!(answer["rows"], 1_203, "every page of 500");
    assert_eq!(answer["columns"], json!([]));
    let records: Vec<Value> =
        answer["text"].as_str().unwrap().lines().map(|l| serde_json::from_str(l).unwrap()).collect();
    let first_page = org.ok(None, "customers.list", json!({"region": "44", "limit": 1000}));
    assert_eq!(records[..1000], first_page["items"].as_array().unwrap()[..], "each record as the list answers it");
    assert_eq!(records.iter().map(id).collect::<Vec<_>>(), listed_ids(&org, None, json!({"region": "44"})));
}

#[test]
fn life_2_an_export_holds_what_the_actors_scope_reaches() {
    let org = Org::new();
    let rep = user_with_custom_role(&org, "exporting_rep", "own", json!({"customer": ["create", "edit", "export"]}));
    let mine: Vec<String> =
        (0..3).map(|i| id(&org.ok(Some(&rep), "customers.create", json!({"name": format!("mine {i}")})))).collect();
    let theirs = id(&org.ok(Some(&org.rep_east2), "customers.create", json!({"name": "a colleague's"})));
    org.ok(None, "customers.create", json!({"name": "the manager's", "owner_id": org.manager}));

    let answer = org.ok(Some(&rep), "exports.run", json!({"list": "customers.list", "format": "jsonl"}));
    let exported: Vec<String> =
        answer["text"].as_str().unwrap().lines().map(|l| id(&serde_json::from_str(l).unwrap())).collect();
    assert_eq!(exported, listed_ids(&org, Some(&rep), json!({})), "exactly what the list shows the rep");
    assert!(mine.iter().all(|m| exported.contains(m)));
    assert!(!exported.contains(&theirs), "a colleague's customer is out of scope");
    assert_eq!(exported.len(), 3);
}

#[test]
fn life_2_export_needs_the_export_permission_and_a_list_of_records() {
    let org = Org::new();
    org.ok(None, "customers.create", json!({"name": "ACME"}));
    let dir = temp_dir("permission");
    let path = dir.join("out.csv");
    // Built-in sales reps may not export (ORG-6's table): refused, nothing written.
    let err = org.refused(Some(&org.rep_east1), "exports.run", json!({"list": "customers.list", "path": s(&path)}));
    assert_eq!(err.code, ErrorCode::PermissionDenied);
    assert_eq!(entries(&dir), Vec::<String>::new());
    // A sales manager may.
    org.ok(Some(&org.manager), "exports.run", json!({"list": "customers.list"}));

    for list in ["customers.get", "imports.list", "nothing.list", "users.list"] {
        let err = org.refused(None, "exports.run", json!({"list": list}));
        assert_eq!((err.code, err.field.as_deref()), (ErrorCode::Validation, Some("list")), "{list}");
    }
    let err = org.refused(None, "exports.run", json!({"list": "customers.list", "filter": {"cursor": "x"}}));
    assert_eq!((err.code, err.field.as_deref()), (ErrorCode::Validation, Some("filter.cursor")));
    let err = org.refused(None, "exports.run", json!({"list": "customers.list", "filter": {"colour": "red"}}));
    assert_eq!((err.code, err.field.as_deref()), (ErrorCode::MalformedRequest, Some("filter.colour")));
    let err = org.refused(None, "exports.run", json!({"list": "customers.list", "format": "jsonl", "columns": ["id"]}));
    assert_eq!((err.code, err.field.as_deref()), (ErrorCode::Validation, Some("columns")));
    let unwritable = dir.join("missing-dir").join("out.csv");
    let err = org.refused(None, "exports.run", json!({"list": "customers.list", "path": s(&unwritable)}));
    assert_eq!((err.code, err.field.as_deref()), (ErrorCode::Validation, Some("path")));
    assert_eq!(entries(&dir), Vec::<String>::new());
    std::fs::remove_dir_all(dir).unwrap();
}

#[test]
fn life_2_financial_fields_are_withheld_from_an_export() {
    let org = Org::new();
    org.ok(None, "customers.create", json!({"name": "ACME", "region": "44", "credit_limit": 50_000_000}));
    org.ok(None, "customers.create", json!({"name": "Globex", "region": "44", "credit_limit": 10_000_000}));
    let clerk = user_with_custom_role(&org, "export_clerk", "all", json!({"customer": ["export"]}));

    let csv = |actor: Option<&str>, extra: Value| {
        let mut req = json!({"list": "customers.list", "format": "csv"});
        req.as_object_mut().unwrap().extend(extra.as_object().unwrap().clone());
        org.ok(actor, "exports.run", req)
    };
    let full = csv(None, json!({}));
    assert!(full["columns"].as_array().unwrap().contains(&json!("credit_limit")), "the host sees it");
    assert!(full["text"].as_str().unwrap().contains("50000000"));

    let withheld = csv(Some(&clerk), json!({}));
    let (header, rows) = csv_rows(withheld["text"].as_str().unwrap());
    assert!(!header.contains(&"credit_limit".to_string()) && !header.contains(&"withheld".to_string()), "{header:?}");
    assert_eq!(rows.len(), 2);
    assert!(!withheld["text"].as_str().unwrap().contains("50000000"));
    // Asked for by name, it is still left out.
    let chosen = csv(Some(&clerk), json!({"columns": ["name", "credit_limit"]}));
    assert_eq!(chosen["columns"], json!(["name"]));
    assert_eq!(csv_rows(chosen["text"].as_str().unwrap()).0, ["name"]);

    let lines = org.ok(Some(&clerk), "exports.run", json!({"list": "customers.list", "format": "jsonl"}));
    for line in lines["text"].as_str().unwrap().lines() {
        let record: Value = serde_json::from_str(line).unwrap();
        assert!(record.get("credit_limit").is_none(), "{record}");
    }
}

#[test]
fn life_2_export_reports_progress_and_a_cancel_leaves_no_file() {
    let org = Org::new();
    seed_customers(&org, "客户", 1_200);
    let dir = temp_dir("export-progress");
    let path = dir.join("all.csv");
    let req = json!({"list": "customers.list", "path": s(&path)}).to_string();

    let mut seen: Vec<Progress> = Vec::new();
    let answer = org
        .engine
        .call_with_progress(None, "exports.run", &req, &mut |p| {
            seen.push(p);
            Flow::Continue
        })
        .unwrap();
    let answer: Value = serde_json::from_str(&answer).unwrap();
    assert_eq!(answer["rows"], 1_200);
    assert_eq!(seen.iter().map(|p| p.items).collect::<Vec<_>>(), [1, 1_001, 1_200], "every 1,000 rows and at the end");
    assert!(seen.iter().all(|p| p.done == p.items && p.total == 0));
    assert_eq!(csv_rows(&std::fs::read_to_string(&path).unwrap()).1.len(), 1_200);

    // Cancelled at the first report: `cancelled`, and neither the file nor a temporary one is left.
    std::fs::remove_file(&path).unwrap();
    let err = org.engine.call_with_progress(None, "exports.run", &req, &mut |_| Flow::Cancel).unwrap_err();
    assert_eq!(err.code, ErrorCode::Cancelled);
    assert_eq!(entries(&dir), Vec::<String>::new());
    // Cancelled at the very end (the last report, after the last row): still nothing is kept.
    let mut reports = 0;
    let err = org
        .engine
        .call_with_progress(None, "exports.run", &req, &mut |_| {
            reports += 1;
            if reports == 3 { Flow::Cancel } else { Flow::Continue }
        })
        .unwrap_err();
    assert_eq!(err.code, ErrorCode::Cancelled);
    assert_eq!(entries(&dir), Vec::<String>::new());

    // The typed entry streams into any writer.
    let mut out = Vec::new();
    let req: rapport_core::exports::ExportRequest =
        serde_json::from_value(json!({"list": "customers.list", "format": "jsonl"})).unwrap();
    let report = org.engine.export_to(None, req, &mut out, &mut rapport_core::no_progress).unwrap();
    assert_eq!((report.rows, report.bytes), (1_200, out.len() as u64));
    std::fs::remove_dir_all(dir).unwrap();
}

#[test]
fn life_2_an_export_answered_as_text_is_bounded_by_the_maximum_request_size() {
    let options = OpenOptions { max_request_bytes: 4_000, ..test_options() };
    let org = Org::with_engine(Engine::open(":memory:", &options).unwrap());
    seed_customers_by(&org, "客户", 100, 10);
    let err = org.refused(None, "exports.run", json!({"list": "customers.list"}));
    assert_eq!(err.code, ErrorCode::TooLarge);
    let dir = temp_dir("too-large");
    let path = dir.join("all.csv");
    let answer = org.ok(None, "exports.run", json!({"list": "customers.list", "path": s(&path)}));
    assert_eq!(answer["rows"], 100);
    assert!(answer["bytes"].as_u64().unwrap() > 4_000);
    std::fs::remove_dir_all(dir).unwrap();
}

/// Customers in the backup file, its customers' creation audit entries, and its integrity check.
fn backup_facts(path: &Path) -> (i64, i64, String) {
    let conn = rusqlite::Connection::open_with_flags(path, rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY).unwrap();
    let count = |sql: &str| conn.query_row(sql, [], |r| r.get::<_, i64>(0)).unwrap();
    let customers = count("SELECT COUNT(*) FROM customers");
    let created = count("SELECT COUNT(*) FROM audit_log WHERE entity = 'customer' AND action = 'create'");
    let check: String = conn.query_row("PRAGMA integrity_check", [], |r| r.get(0)).unwrap();
    (customers, created, check)
}

#[test]
fn life_2_a_backup_taken_while_four_threads_write_is_one_consistent_snapshot() {
    let dir = temp_dir("backup-writers");
    let org = file_org(&dir);
    seed_customers(&org, "种子", 8_000);
    let backup = dir.join("backup.db");
    let stop = AtomicBool::new(false);
    let written = AtomicUsize::new(0);
    let reps = [org.rep_east1.clone(), org.rep_east2.clone(), org.rep_west.clone(), org.east_manager.clone()];

    let (answer, seen, during) = std::thread::scope(|scope| {
        let writers: Vec<_> = reps
            .iter()
            .map(|rep| {
                let (org, stop, written) = (&org, &stop, &written);
                scope.spawn(move || {
                    let mut failures = Vec::new();
                    let mut i = 0;
                    while !stop.load(Ordering::Acquire) {
                        let req = json!({"name": format!("{rep}-{i}"), "region": "44"}).to_string();
                        match org.engine.call(Some(rep), "customers.create", &req) {
                            Ok(_) => {
                                written.fetch_add(1, Ordering::AcqRel);
                            }
                            Err(e) => failures.push(e),
                        }
                        i += 1;
                    }
                    failures
                })
            })
            .collect();
        while written.load(Ordering::Acquire) < 8 {
            std::thread::yield_now();
        }
        let at_start = written.load(Ordering::Acquire);
        let mut seen: Vec<Progress> = Vec::new();
        let req = json!({"path": s(&backup)}).to_string();
        let answer = org.engine.call_with_progress(None, "backups.create", &req, &mut |p| {
            seen.push(p);
            // Give the writers time between steps: they must neither wait for the copy nor restart it.
            std::thread::sleep(std::time::Duration::from_millis(30));
            Flow::Continue
        });
        let during = written.load(Ordering::Acquire) - at_start;
        stop.store(true, Ordering::Release);
        for w in writers {
            let failures = w.join().unwrap();
            assert!(failures.is_empty(), "every write succeeded: {failures:?}");
        }
        (answer, seen, during)
    });
    let answer: Value = serde_json::from_str(&answer.unwrap()).unwrap();
    assert!(during > 0, "writers committed while the backup ran");
    assert!(seen.len() >= 3, "several steps, each reported: {seen:?}");
    let last = seen.last().unwrap();
    assert_eq!((last.items, last.done), (last.total, last.total));
    assert!(
        seen.windows(2).all(|w| w[0].items < w[1].items && w[0].total == w[1].total),
        "one snapshot, never restarted"
    );
    assert_eq!(answer["pages"], last.total);
    assert_eq!(answer["bytes"], std::fs::metadata(&backup).unwrap().len());
    assert_eq!(answer["path"], s(&backup));

    let (customers, created, check) = backup_facts(&backup);
    assert_eq!(check, "ok");
    assert_eq!(customers, created, "every customer of the snapshot with its audit entry, and no other");
    let now = org.counts()["customers"];
    assert!((8_000..now).contains(&customers), "{customers} of {now}");
    let header = std::fs::read(&backup).unwrap();
    assert_eq!(&header[18..20], &[1, 1], "the file is one self-contained rollback-journal database");
    let names = entries(&dir);
    assert!(names.iter().all(|n| !n.ends_with(".tmp")), "{names:?}");

    // The backup opens as a database of its own.
    let copy = Engine::open(s(&backup), &OpenOptions { read_only: true, ..OpenOptions::default() }).unwrap();
    assert_eq!(copy.row_counts().unwrap()["customers"], customers);
    drop(copy);
    drop(org);
    std::fs::remove_dir_all(dir).unwrap();
}

#[test]
fn life_2_restore_brings_back_the_old_data_and_readers_see_it() {
    let dir = temp_dir("restore");
    let org = file_org(&dir);
    let kept = id(&org.ok(Some(&org.rep_east1), "customers.create", json!({"name": "Kept", "region": "44"})));
    let backup = dir.join("backup.db");
    let before = org.counts();
    org.ok(None, "backups.create", json!({"path": s(&backup)}));

    let later = id(&org.ok(Some(&org.rep_east1), "customers.create", json!({"name": "Later"})));
    org.ok(Some(&org.rep_east1), "customers.update", json!({"id": kept, "name": "Renamed"}));
    // The readers have read the newer state.
    assert_eq!(listed_ids(&org, Some(&org.rep_east1), json!({})).len(), 2);

    let answer = org.ok(Some(&org.admin), "backups.restore", json!({"path": s(&backup)}));
    assert_eq!(answer["schema_version"], Engine::schema_version());
    assert!(answer["pages"].as_u64().unwrap() > 0);
    assert_eq!(org.counts(), before, "every table as it was at the backup");
    assert_eq!(
        listed_ids(&org, Some(&org.rep_east1), json!({})),
        std::slice::from_ref(&kept),
        "the readers see the restored data"
    );
    assert_eq!(org.ok(Some(&org.rep_east1), "customers.get", json!({"id": kept}))["name"], "Kept");
    assert_eq!(org.refused(Some(&org.rep_east1), "customers.get", json!({"id": later})).code, ErrorCode::NotFound);

    // The engine writes on after the restore, and a reopened file holds the same.
    let after = id(&org.ok(Some(&org.rep_east1), "customers.create", json!({"name": "After"})));
    assert_eq!(listed_ids(&org, Some(&org.rep_east1), json!({})).len(), 2);
    let counts = org.counts();
    drop(org);
    let reopened = Engine::open(s(&dir.join("crm.db")), &test_options()).unwrap();
    assert_eq!(reopened.row_counts().unwrap(), counts);
    assert_eq!(common::ok(&reopened, None, "customers.get", json!({"id": after}))["name"], "After");
    drop(reopened);
    std::fs::remove_dir_all(dir).unwrap();
}

#[test]
fn life_2_an_older_backup_is_migrated_forward_on_restore() {
    let dir = temp_dir("restore-old");
    let org = file_org(&dir);
    let old = dir.join("v11.db");
    std::fs::copy(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/schema/v11.db"), &old).unwrap();
    let fixture = std::fs::read(&old).unwrap();
    // The fixtures are vacuumed at a page size of 1,024 bytes; this database has SQLite's 4,096.
    assert_eq!(&fixture[16..18], &[4, 0]);
    let answer = org.ok(None, "backups.restore", json!({"path": s(&old)}));
    assert_eq!(answer["schema_version"], Engine::schema_version());
    let customers = org.ok(None, "customers.list", json!({}));
    assert!(!customers["items"].as_array().unwrap().is_empty(), "the old file's customers");
    assert_eq!(std::fs::read(&old).unwrap(), fixture, "the backup file is only read");
    assert_eq!(entries(&dir), ["crm.db", "crm.db-shm", "crm.db-wal", "v11.db"], "no scratch file is left");
    let reopened_counts = org.counts();
    drop(org);
    let reopened = Engine::open(s(&dir.join("crm.db")), &test_options()).unwrap();
    assert_eq!(reopened.row_counts().unwrap(), reopened_counts);
    drop(reopened);
    std::fs::remove_dir_all(dir).unwrap();
}

#[test]
fn life_2_restore_refuses_what_it_cannot_restore_and_changes_nothing() {
    let dir = temp_dir("restore-refusals");
    let org = file_org(&dir);
    org.ok(None, "customers.create", json!({"name": "ACME"}));
    let backup = dir.join("backup.db");
    org.ok(None, "backups.create", json!({"path": s(&backup)}));
    org.ok(None, "customers.create", json!({"name": "Globex"}));
    let restore = |path: &Path| org.refused(None, "backups.restore", json!({"path": s(path)}));

    let garbage = dir.join("garbage.db");
    std::fs::write(&garbage, "this is not a database, only text. ".repeat(200)).unwrap();
    let err = restore(&garbage);
    assert!(matches!(err.code, ErrorCode::Validation), "{err:?}");
    assert_eq!(err.field.as_deref(), Some("path"));

    let foreign = dir.join("foreign.db");
    let conn = rusqlite::Connection::open(&foreign).unwrap();
    conn.execute_batch(
        "CREATE TABLE notes (id INTEGER PRIMARY KEY, text TEXT); INSERT INTO notes (text) VALUES ('hi');",
    )
    .unwrap();
    drop(conn);
    let err = restore(&foreign);
    assert_eq!((err.code, err.field.as_deref()), (ErrorCode::Validation, Some("path")), "{err:?}");

    let newer = dir.join("newer.db");
    std::fs::copy(&backup, &newer).unwrap();
    let conn = rusqlite::Connection::open(&newer).unwrap();
    conn.pragma_update(None, "user_version", Engine::schema_version() + 1).unwrap();
    drop(conn);
    let err = restore(&newer);
    assert_eq!((err.code, err.field.as_deref()), (ErrorCode::SchemaTooNew, Some("path")), "{err:?}");

    let err = restore(&dir.join("missing.db"));
    assert_eq!((err.code, err.field.as_deref()), (ErrorCode::Validation, Some("path")), "{err:?}");
    let err = restore(&dir);
    assert_eq!(err.field.as_deref(), Some("path"), "a directory: {err:?}");

    // Only the host and administrators back up and restore.
    let err = org.refused(Some(&org.manager), "backups.restore", json!({"path": s(&backup)}));
    assert_eq!(err.code, ErrorCode::PermissionDenied);
    let err = org.refused(Some(&org.rep_east1), "backups.create", json!({"path": s(&dir.join("mine.db"))}));
    assert_eq!(err.code, ErrorCode::PermissionDenied);
    assert!(!dir.join("mine.db").exists());
    assert_eq!(org.counts()["customers"], 2, "the database is the one before the refusals");
    drop(org);
    std::fs::remove_dir_all(dir).unwrap();
}

#[test]
fn life_2_a_backup_refuses_an_existing_file_unless_told_and_an_unwritable_path() {
    let org = Org::new();
    org.ok(None, "customers.create", json!({"name": "ACME"}));
    let dir = temp_dir("backup-refusals");
    let existing = dir.join("existing.db");
    std::fs::write(&existing, "keep me").unwrap();
    let err = org.refused(Some(&org.admin), "backups.create", json!({"path": s(&existing)}));
    assert_eq!((err.code, err.field.as_deref()), (ErrorCode::Validation, Some("path")));
    assert_eq!(std::fs::read_to_string(&existing).unwrap(), "keep me");
    let err = org.refused(None, "backups.create", json!({"path": s(&dir.join("no-such-dir").join("b.db"))}));
    assert_eq!((err.code, err.field.as_deref()), (ErrorCode::Validation, Some("path")), "{err:?}");

    // Overwriting is asked for; an in-memory database backs up from its one connection.
    let answer = org.ok(Some(&org.admin), "backups.create", json!({"path": s(&existing), "overwrite": true}));
    assert_eq!(answer["bytes"], std::fs::metadata(&existing).unwrap().len());
    let copy = Engine::open(s(&existing), &test_options()).unwrap();
    assert_eq!(copy.row_counts().unwrap(), org.counts());
    drop(copy);
    std::fs::remove_dir_all(dir).unwrap();
}

#[test]
fn life_2_a_cancelled_backup_leaves_no_file_and_a_cancelled_restore_changes_nothing() {
    let dir = temp_dir("backup-cancel");
    let org = file_org(&dir);
    seed_customers(&org, "客户", 6_000);
    let backup = dir.join("backup.db");
    let before = entries(&dir);
    let req = json!({"path": s(&backup)}).to_string();
    let err = org.engine.call_with_progress(None, "backups.create", &req, &mut |_| Flow::Cancel).unwrap_err();
    assert_eq!(err.code, ErrorCode::Cancelled);
    assert_eq!(entries(&dir), before, "neither the backup nor a temporary file");

    org.ok(None, "backups.create", json!({"path": s(&backup)}));
    seed_customers(&org, "后来", 10);
    let counts = org.counts();
    let mut reports = 0;
    let err = org
        .engine
        .call_with_progress(None, "backups.restore", &req, &mut |p| {
            reports += 1;
            assert!(p.items < p.total, "reports before the last step can still cancel");
            Flow::Cancel
        })
        .unwrap_err();
    assert_eq!(err.code, ErrorCode::Cancelled);
    assert_eq!(reports, 1);
    assert_eq!(org.counts(), counts, "the cancelled restore changed nothing");
    drop(org);
    std::fs::remove_dir_all(dir).unwrap();
}
