//! LIFE-6 against real files: databases written by every earlier schema version open, migrate and answer as before.
//!
//! `tests/fixtures/schema/vN.db` was written by the code of schema version N (the last commit before v(N+1)),
//! with data in every table, and `vN.reads.json` holds that same code's answers to a fixed list of reads, as
//! the host and as users of several roles, at a fixed clock (`open_options`). `scripts/schema_fixtures.sh`
//! regenerates them; adding schema v(N+1) means running it for N (a test below fails until vN is there).
//! Each fixture is copied, opened by today's engine (which migrates it) and checked: integrity, the version,
//! every old table's rows, and every recorded read.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use rapport_core::{Engine, OpenOptions};
use rusqlite::Connection;
use rusqlite::types::Value as SqlValue;
use serde_json::{Value, json};

fn fixture_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/schema")
}

/// One committed fixture: its version, its database and the reads recorded by the version that wrote it.
struct Fixture {
    version: i64,
    db: PathBuf,
    recorded: Value,
}

/// Every `vN.db` in the fixture directory, oldest first, with its `vN.reads.json`.
fn fixtures() -> Vec<Fixture> {
    let mut found: Vec<Fixture> = std::fs::read_dir(fixture_dir())
        .expect("tests/fixtures/schema")
        .map(|e| e.unwrap().path())
        .filter_map(|path| {
            let name = path.file_name()?.to_str()?;
            let version = name.strip_prefix('v')?.strip_suffix(".db")?.parse().ok()?;
            let reads = path.with_extension("reads.json");
            let text = std::fs::read_to_string(&reads).unwrap_or_else(|e| panic!("{}: {e}", reads.display()));
            let recorded: Value = serde_json::from_str(&text).unwrap_or_else(|e| panic!("{}: {e}", reads.display()));
            assert_eq!(recorded["version"], version, "{} names another version", reads.display());
            Some(Fixture { version, db: path, recorded })
        })
        .collect();
    found.sort_by_key(|f| f.version);
    found
}

/// A private copy of a fixture in a fresh directory (the committed file is never opened for writing).
struct Copy {
    dir: PathBuf,
    path: String,
}

impl Copy {
    fn of(fixture: &Fixture, name: &str) -> Copy {
        let dir =
            std::env::temp_dir().join(format!("rapport-schema-{}-v{}-{name}", std::process::id(), fixture.version));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        let path = dir.join("crm.db");
        std::fs::copy(&fixture.db, &path).unwrap();
        Copy { dir, path: path.to_str().unwrap().to_string() }
    }

    fn sql(&self) -> Connection {
        Connection::open(&self.path).unwrap()
    }
}

impl Drop for Copy {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}

fn user_version(conn: &Connection) -> i64 {
    conn.pragma_query_value(None, "user_version", |r| r.get(0)).unwrap()
}

fn row_counts(conn: &Connection) -> BTreeMap<String, i64> {
    let mut stmt = conn
        .prepare("SELECT name FROM sqlite_schema WHERE type = 'table' AND name <> 'sqlite_sequence' ORDER BY name")
        .unwrap();
    let names: Vec<String> = stmt.query_map([], |r| r.get(0)).unwrap().map(Result::unwrap).collect();
    names
        .into_iter()
        .map(|t| {
            let n = conn.query_row(&format!("SELECT COUNT(*) FROM \"{t}\""), [], |r| r.get(0)).unwrap();
            (t, n)
        })
        .collect()
}

/// The engine as the reads were recorded: the fixture's open options (test mode at the recorded clock).
fn open_as_recorded(fixture: &Fixture, path: &str) -> Engine {
    let options: OpenOptions = serde_json::from_value(fixture.recorded["open_options"].clone()).unwrap();
    Engine::open(path, &options).unwrap_or_else(|e| panic!("v{} does not open: {e}", fixture.version))
}

#[test]
fn life_6_every_earlier_schema_version_has_a_fixture() {
    let have: Vec<i64> = fixtures().iter().map(|f| f.version).collect();
    let want: Vec<i64> = (1..Engine::schema_version()).collect();
    assert_eq!(
        have, want,
        "one fixture per earlier schema version: after adding a version, run `bash scripts/schema_fixtures.sh N` \
         for the one before it"
    );
}

#[test]
fn life_6_fixtures_are_self_contained_files_of_their_version_with_rows_in_every_table() {
    for fixture in fixtures() {
        let v = fixture.version;
        for suffix in ["-wal", "-shm", "-journal"] {
            let side = PathBuf::from(format!("{}{suffix}", fixture.db.display()));
            assert!(!side.exists(), "v{v}: {} is committed beside the fixture", side.display());
        }
        let copy = Copy::of(&fixture, "plain");
        let conn = copy.sql();
        assert_eq!(user_version(&conn), v);
        let mode: String = conn.pragma_query_value(None, "journal_mode", |r| r.get(0)).unwrap();
        assert_eq!(mode, "delete", "v{v}: the fixture must not need a WAL file");
        let counts = row_counts(&conn);
        let recorded: BTreeMap<String, i64> = serde_json::from_value(fixture.recorded["tables"].clone()).unwrap();
        assert_eq!(counts, recorded, "v{v}: the rows recorded beside the fixture");
        let empty: Vec<&String> = counts.iter().filter(|(_, n)| **n == 0).map(|(t, _)| t).collect();
        assert!(empty.is_empty(), "v{v}: tables without rows: {empty:?}");
    }
}

/// Every row of a table on the given columns, in a stable order.
fn rows(conn: &Connection, table: &str, columns: &[String]) -> Vec<Vec<SqlValue>> {
    let list = columns.iter().map(|c| format!("\"{c}\"")).collect::<Vec<_>>().join(", ");
    let mut stmt = conn.prepare(&format!("SELECT {list} FROM \"{table}\"")).unwrap();
    let mut out: Vec<Vec<SqlValue>> = stmt
        .query_map([], |r| (0..columns.len()).map(|i| r.get::<_, SqlValue>(i)).collect())
        .unwrap()
        .map(Result::unwrap)
        .collect();
    out.sort_by(|a, b| format!("{a:?}").cmp(&format!("{b:?}")));
    out
}

fn columns(conn: &Connection, table: &str) -> Vec<String> {
    let mut stmt = conn.prepare("SELECT name FROM pragma_table_info(?1) ORDER BY cid").unwrap();
    stmt.query_map([table], |r| r.get(0)).unwrap().map(Result::unwrap).collect()
}

/// Each old table's rows, on the old columns that still exist.
type Contents = BTreeMap<String, (Vec<String>, Vec<Vec<SqlValue>>)>;

fn contents(conn: &Connection, tables: &[String], keep_columns: impl Fn(&str) -> Vec<String>) -> Contents {
    tables
        .iter()
        .map(|t| {
            let cols = keep_columns(t);
            (t.clone(), (cols.clone(), rows(conn, t, &cols)))
        })
        .collect()
}

/// Values the migrations change on purpose, compared by their rule in
/// `life_6_fixtures_migrate_to_the_current_version_keeping_every_row` instead of as they were.
fn changed_on_purpose(version: i64, table: &str, column: &str) -> bool {
    // §0 codes, DOC-8 (v4): a stored order's code was the ERP's number; it moves to erp_number and the
    // order gets its own `SO-` code.
    version < 4 && table == "orders" && column == "code"
}

/// Tables a later version replaces on purpose, their rows moved elsewhere (checked by their rule in
/// `life_6_fixtures_migrate_to_the_current_version_keeping_every_row`).
fn moved_on_purpose(version: i64, table: &str) -> bool {
    // ORG-5 (v5): OPP-3's submissions become approvals under the default flow.
    version < 5 && table == "opportunity_approvals"
}

/// The rows (by key) that a later version adds to an old table on purpose.
fn rows_added_on_purpose(version: i64, table: &str) -> Vec<&'static str> {
    let mut added = Vec::new();
    match table {
        // §0 codes, DOC-8 (v4): the orders' code sequence is stored.
        "code_sequences" if version < 4 => added.push("order"),
        "meta" => {
            // SCORE-8 (v2): the funnel counters and prediction facts of a file from before them are built
            // once, the first time the engine opens it, and that is noted.
            if version < 2 {
                added.push("funnel_built");
            }
            // SCORE-4 (v3): the rescoring's date and window move from every segment row to one place.
            if version == 2 {
                added.extend(["segments_as_of", "segments_window_days"]);
            }
            // SCORE-9 (v12): the kept sales figures are built once, the same way.
            if version < 12 {
                added.push("sales_facts_built");
            }
        }
        _ => {}
    }
    added
}

#[test]
fn life_6_fixtures_migrate_to_the_current_version_keeping_every_row() {
    for fixture in fixtures() {
        let v = fixture.version;
        let copy = Copy::of(&fixture, "migrate");
        let old_conn = copy.sql();
        let mut old_counts = row_counts(&old_conn);
        old_counts.retain(|t, _| !moved_on_purpose(v, t));
        let tables: Vec<String> = old_counts.keys().cloned().collect();
        let submissions = if v < 5 {
            let cols = ["id", "opportunity_id", "stage_id", "submitted_by", "submitted_at", "note", "decision"];
            rows(&old_conn, "opportunity_approvals", &cols.map(String::from))
        } else {
            vec![]
        };
        let old_columns: BTreeMap<String, Vec<String>> =
            tables.iter().map(|t| (t.clone(), columns(&old_conn, t))).collect();
        let old_codes = if old_counts.contains_key("orders") {
            rows(&old_conn, "orders", &["id".into(), "code".into()])
        } else {
            vec![]
        };
        drop(old_conn);

        drop(open_as_recorded(&fixture, &copy.path));
        let conn = copy.sql();
        let check: String = conn.query_row("PRAGMA integrity_check", [], |r| r.get(0)).unwrap();
        assert_eq!(check, "ok", "v{v}");
        let violations: i64 =
            conn.query_row("SELECT COUNT(*) FROM pragma_foreign_key_check", [], |r| r.get(0)).unwrap();
        assert_eq!(violations, 0, "v{v}: foreign keys");
        assert_eq!(user_version(&conn), Engine::schema_version(), "v{v}");

        // Every row of every old table is still there, with the same values in the columns that remain
        // (a later version may drop a column, as v3 dropped the per-row dates of scores and segments).
        let new_counts = row_counts(&conn);
        for (table, rows_before) in &old_counts {
            let added = rows_added_on_purpose(v, table);
            assert_eq!(new_counts.get(table), Some(&(rows_before + added.len() as i64)), "v{v}: rows of {table}");
            if !added.is_empty() {
                let key = if table == "meta" { "key" } else { "entity" };
                let mut stmt = conn.prepare(&format!("SELECT {key} FROM {table} ORDER BY 1")).unwrap();
                let keys: Vec<String> = stmt.query_map([], |r| r.get(0)).unwrap().map(Result::unwrap).collect();
                assert!(added.iter().all(|k| keys.iter().any(|have| have == k)), "v{v}: {table} has {keys:?}");
            }
        }
        let new_columns: BTreeMap<String, Vec<String>> =
            tables.iter().map(|t| (t.clone(), columns(&conn, t))).collect();
        let kept = |t: &str| -> Vec<String> {
            old_columns[t]
                .iter()
                .filter(|c| new_columns[t].contains(c) && !changed_on_purpose(v, t, c))
                .cloned()
                .collect()
        };
        let original = Connection::open_with_flags(
            &fixture.db,
            rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY | rusqlite::OpenFlags::SQLITE_OPEN_NO_MUTEX,
        )
        .unwrap();
        let before = contents(&original, &tables, kept);
        let after = contents(&conn, &tables, kept);
        for (table, (cols, old_rows)) in &before {
            let new_rows = &after[table].1;
            let missing: Vec<_> = old_rows.iter().filter(|r| !new_rows.contains(r)).collect();
            assert!(missing.is_empty(), "v{v}: rows of {table} changed on {cols:?}: {missing:?}");
        }

        let count = |sql: &str| -> i64 { conn.query_row(sql, [], |r| r.get(0)).unwrap() };
        if v < 5 {
            // ORG-5 (v5): each OPP-3 submission is an approval of the opportunity's evaluation at its stage,
            // decided as it was; a waiting one waits at step 1 for the managers whose scope covers the owner.
            assert!(!submissions.is_empty(), "v{v}: the fixture has OPP-3 submissions");
            let cols = ["id", "document_id", "subject", "submitted_by", "submitted_at", "note", "status"];
            let approvals = rows(&conn, "approvals", &cols.map(String::from));
            for old in &submissions {
                let mut want = old.clone();
                if want[6] == SqlValue::Null {
                    want[6] = SqlValue::Text("pending".into());
                }
                assert!(approvals.contains(&want), "v{v}: submission {old:?} is an approval");
            }
            let waiting = count("SELECT COUNT(*) FROM approvals WHERE status = 'pending'");
            let addressed =
                count("SELECT COUNT(DISTINCT approval_id) FROM approval_addressees WHERE waiting_since IS NOT NULL");
            assert_eq!(waiting, addressed, "v{v}: every waiting approval is addressed");
        }
        if v < 4 {
            // §0 codes, DOC-8 (v4): each order keeps the ERP's number in erp_number and has a unique
            // `SO-` code below the sequence's next value.
            let orders = rows(&conn, "orders", &["id".into(), "code".into(), "erp_number".into()]);
            let next: i64 = conn
                .query_row("SELECT next_value FROM code_sequences WHERE entity = 'order'", [], |r| r.get(0))
                .unwrap();
            let mut codes = std::collections::BTreeSet::new();
            for (row, old) in orders.iter().zip(&old_codes) {
                assert_eq!(row[0], old[0]);
                let (SqlValue::Text(code), erp) = (&row[1], &row[2]) else { panic!("v{v}: {row:?}") };
                assert_eq!(erp, &old[1], "v{v}: the ERP's number is kept in erp_number");
                let digits = code.strip_prefix("SO-").unwrap_or_else(|| panic!("v{v}: order code {code}"));
                assert!(digits.len() >= 6 && digits.bytes().all(|b| b.is_ascii_digit()), "v{v}: order code {code}");
                assert!(digits.parse::<i64>().unwrap() < next, "v{v}: {code} is not below the next value {next}");
                assert!(codes.insert(code.clone()), "v{v}: order code {code} is not unique");
            }
        }
        // SCORE-8 (v2): every opportunity has its funnel contribution and every closed lead or opportunity its
        // prediction fact, also in a file from before they existed (built on the first open).
        assert_eq!(
            count("SELECT COUNT(*) FROM opportunity_funnel"),
            count("SELECT COUNT(*) FROM opportunities"),
            "v{v}"
        );
        assert_eq!(
            count("SELECT COUNT(*) FROM prediction_facts"),
            count(
                "SELECT (SELECT COUNT(*) FROM opportunities WHERE status IN ('won', 'lost'))
                      + (SELECT COUNT(*) FROM leads WHERE status IN ('converted', 'disqualified'))"
            ),
            "v{v}"
        );
        // ORG-3 (v4): a customer's department is its owner's.
        let strays: i64 = conn
            .query_row(
                "SELECT COUNT(*) FROM customers c JOIN users u ON u.id = c.owner_id WHERE c.department_id IS NOT u.department_id",
                [],
                |r| r.get(0),
            )
            .unwrap();
        assert_eq!(strays, 0, "v{v}: customers whose department is not their owner's");
    }
}

/// Whether `new` answers what `old` did, on the fields `old` has: later versions add fields to records
/// and reports (an old answer never had them, so they are not compared); arrays keep their length and
/// order. Differences are collected as `path: old -> new`.
fn compare(old: &Value, new: &Value, path: &str, diffs: &mut Vec<String>) {
    match (old, new) {
        (Value::Object(o), Value::Object(n)) => {
            for (key, value) in o {
                match n.get(key) {
                    Some(nv) => compare(value, nv, &format!("{path}.{key}"), diffs),
                    None => diffs.push(format!("{path}.{key}: {value} -> (absent)")),
                }
            }
        }
        (Value::Array(o), Value::Array(n)) if o.len() == n.len() => {
            for (i, (ov, nv)) in o.iter().zip(n).enumerate() {
                compare(ov, nv, &format!("{path}[{i}]"), diffs);
            }
        }
        _ if old == new => {}
        _ => diffs.push(format!("{path}: {old} -> {new}")),
    }
}

/// What one recorded read answers today, with the migrated file's SQL beside it for the rule checks.
struct Reading<'a> {
    version: i64,
    engine: &'a Engine,
    sql: &'a Connection,
    actor: Option<&'a str>,
    label: String,
}

impl Reading<'_> {
    fn number(&self, sql: &str, params: impl rusqlite::Params) -> i64 {
        self.sql.query_row(sql, params, |r| r.get(0)).unwrap()
    }

    /// Answers a later SPEC rule changed on purpose: the rule is asserted on the fields it changed, the
    /// rest of the answer is compared as usual. Each exception names its rule and the version that made it.
    fn compare_by_rule(&self, method: &str, old: &Value, new: &Value, diffs: &mut Vec<String>) {
        let (mut old, mut new) = (old.clone(), new.clone());
        // DOC-7 (v8): returns have readable codes; the list gains `return` (RT-, nothing numbered yet).
        if method == "codes.list" && self.version < 8 {
            let list = new.as_array_mut().unwrap();
            let at = list.iter().position(|c| c["entity"] == "return").expect("returns are coded");
            let added = list.remove(at);
            assert_eq!(added, json!({"entity": "return", "next_value": 1, "prefix": "RT-"}), "{}", self.label);
        }
        // DOC-10 (v10): invoice requests have readable codes; the list gains `invoice` (INV-, nothing
        // numbered yet).
        if method == "codes.list" && self.version < 10 {
            let list = new.as_array_mut().unwrap();
            let at = list.iter().position(|c| c["entity"] == "invoice").expect("invoices are coded");
            let added = list.remove(at);
            assert_eq!(added, json!({"entity": "invoice", "next_value": 1, "prefix": "INV-"}), "{}", self.label);
        }
        match method {
            // §0 codes, DOC-8 (v4): the orders' sequence is stored, its next value past the orders the
            // migration numbered. The list's order is presentation (v3 moved `order` up), so by entity.
            "codes.list" if self.version < 4 => {
                let renumbered = self.number("SELECT COUNT(*) FROM orders WHERE erp_number IS NOT NULL", []);
                for list in [&mut old, &mut new] {
                    list.as_array_mut().unwrap().sort_by_key(|c| c["entity"].as_str().unwrap().to_string());
                }
                for c in old.as_array_mut().unwrap() {
                    if c["entity"] == "order" {
                        c["next_value"] = (c["next_value"].as_i64().unwrap() + renumbered).into();
                    }
                }
            }
            // §0 codes, DOC-8 (v4): an order's code was the ERP's number; it is kept in erp_number and
            // the order has its own `SO-` code.
            "orders.get" if self.version < 4 => {
                assert_eq!(new["erp_number"], old["code"], "{}", self.label);
                let code = new["code"].as_str().unwrap();
                assert!(code.starts_with("SO-") && code.len() == 9, "{}: {code}", self.label);
                old["code"] = new["code"].clone();
            }
            // SCORE-9 (v4): each group's amount is its live customers' order revenue (it was 0).
            "reports.customer_distribution" if self.version < 4 && self.actor.is_none() => {
                assert_eq!(old["by"].as_str().or(Some("region")), Some("region"));
                for (o, n) in old["groups"].as_array_mut().unwrap().iter_mut().zip(new["groups"].as_array().unwrap()) {
                    let key = n["key"].as_str().unwrap();
                    let revenue = self.number(
                        "SELECT COALESCE(SUM(s.order_amount), 0) FROM customers c
                           LEFT JOIN customer_stats s ON s.customer_id = c.id
                          WHERE c.archived_at IS NULL
                            AND (CASE WHEN instr(c.region, '/') > 0 THEN substr(c.region, 1, instr(c.region, '/') - 1)
                                      ELSE c.region END) = ?1",
                        [key],
                    );
                    assert_eq!(n["amount"], revenue, "{}: group {key}", self.label);
                    o["amount"] = n["amount"].clone();
                }
            }
            // CUS-8 (v2): v1 had no alerts (always empty); the agenda now shows the user's customers'
            // alerts, each for a customer the user owns, a no-activity alert at least the configured days
            // after the last activity.
            "agenda.day" if self.version < 2 => {
                assert_eq!(old["alerts"], Value::Array(Vec::new()), "{}", self.label);
                let user = old["date"].as_str().and(self.actor).unwrap();
                let settings = self.engine.call_value(self.actor, "alerts.get", "{}").unwrap();
                let day = chrono::NaiveDate::parse_from_str(new["date"].as_str().unwrap(), "%Y-%m-%d").unwrap();
                for alert in new["alerts"].as_array().unwrap() {
                    let customer = alert["customer_id"].as_str().unwrap();
                    let owner: String = self
                        .sql
                        .query_row("SELECT owner_id FROM customers WHERE id = ?1", [customer], |r| r.get(0))
                        .unwrap();
                    assert_eq!(owner, user, "{}: {alert}", self.label);
                    if alert["kind"] == "no_activity" {
                        let last =
                            chrono::NaiveDate::parse_from_str(alert["date"].as_str().unwrap(), "%Y-%m-%d").unwrap();
                        let days = alert["days"].as_i64().unwrap();
                        assert_eq!(days, (day - last).num_days(), "{}: {alert}", self.label);
                        assert!(days >= settings["no_activity_days"].as_i64().unwrap(), "{}: {alert}", self.label);
                    }
                }
                old["alerts"] = new["alerts"].clone();
            }
            _ => {}
        }
        compare(&old, &new, &self.label, diffs);
    }
}

#[test]
fn life_6_migrated_fixtures_answer_the_recorded_reads() {
    let mut diffs = Vec::new();
    for fixture in fixtures() {
        let copy = Copy::of(&fixture, "reads");
        let engine = open_as_recorded(&fixture, &copy.path);
        let sql = copy.sql();
        for read in fixture.recorded["reads"].as_array().unwrap() {
            let method = read["method"].as_str().unwrap();
            let reading = Reading {
                version: fixture.version,
                engine: &engine,
                sql: &sql,
                actor: read["actor_id"].as_str(),
                label: format!("v{} {} {method} {}", fixture.version, read["actor"].as_str().unwrap(), read["request"]),
            };
            match (&read["response"], &read["error"], engine.call(reading.actor, method, &read["request"].to_string()))
            {
                (old, Value::Null, Ok(text)) => {
                    let new: Value = serde_json::from_str(&text).unwrap();
                    reading.compare_by_rule(method, old, &new, &mut diffs);
                }
                // A refusal keeps its code and field; messages are English text, not data (and no longer
                // quote the request since the §0 bad-input repairs).
                (Value::Null, old, Err(e)) => {
                    if old["code"] != e.code.as_str() || old["field"].as_str() != e.field.as_deref() {
                        diffs.push(format!("{}: error {old} -> {}", reading.label, e.to_json()));
                    }
                }
                (_, old, answer) => diffs.push(format!("{}: {old} -> {answer:?}", reading.label)),
            }
        }
    }
    assert!(diffs.is_empty(), "{} differences:\n{}", diffs.len(), diffs.join("\n"));
}
