//! Benchmark (issue 15): what custom roles and department grants (ORG-6) cost a customer list, and the first
//! page of a large inbox (ORG-7), each against hand-written SQL on the same file in the same run.
//!
//! Run: `cargo run --release -p rapport-examples --bin bench_roles_inbox [-- --customers N]` (default
//! 1,000,000 customers: the analytics dataset of `bench_scoring`, cached under `target/bench-data/`). The
//! first run extends that cached file in place (no copy), finding each addition again by its name on later
//! runs: two new departments; three custom roles (scopes `own`, `subordinates`, `department_tree`); a user
//! holding the three, with three subordinates, a read grant of the dataset's second sales department to
//! them and an edit grant of another department to one of their roles; a built-in `sales_manager`
//! (`department_tree`) in the dataset's first sales department, so that both actors see about a tenth of
//! the customers; and a user with `--entries E` (default 100,000) inbox entries, about half of them read,
//! inserted directly with SQL (setup only). Each run then measures:
//!
//! (a) `customers.list`, pages of 50 (the first and later ones, cursors found by walking the list once),
//!     for both actors, with the overhead of the custom actor over the built-in one (target at most 10%),
//!     and each actor's page read by one hand-written query (the visible owners in one subquery, read in id
//!     order); then where the time goes: the first page's statement as the engine writes it and with the
//!     owner index kept out, run by hand for both actors and two plain reps, and the floor of a call (actor
//!     resolution) for both actors;
//! (b) `inbox.list {limit: 50}`: the first page and later pages through `next_cursor` (target p99 <= 2 ms),
//!     against the same two statements (page, unread count) by hand, and each statement alone.
//!
//! Each row takes up to `--samples S` rounds (default 2,000) within `--budget B` seconds (default 120; at
//! least 20 rounds), calls interleaved, after untimed warm-up rounds; `--lists-only` and `--inbox-only`
//! run one part.
//! Prints markdown tables; never a timed assertion, and never part of the test run.

use std::time::Instant;

// The shared bench modules: this bench takes the dataset and the command line from them, not every helper.
#[allow(dead_code)]
#[path = "../bench_support.rs"]
mod bench_support;

#[allow(dead_code)]
#[path = "../bench_data.rs"]
mod bench_data;

use bench_data::{Rng, Shape};
use bench_support::{arg, call, id_of, open_dataset, percentile};
use rapport_core::Engine;
use rusqlite::types::Value as SqlValue;
use rusqlite::{Connection, OptionalExtension, params};
use serde_json::{Value, json};

/// The dataset's "now" (the engine's fixed clock in this bench).
const NOW: &str = "2026-03-31T06:00:00Z";
/// Names of what the extension adds (found again by them on later runs).
const CUSTOM_DEPT: &str = "自定义角色部";
const GRANTED_DEPT: &str = "授权部";
const CUSTOM_USER: &str = "自定义角色用户";
const BUILTIN_USER: &str = "内置角色经理";
const INBOX_USER: &str = "收件人";
/// The dataset's departments the two actors see: the built-in manager's own, and the one granted to the
/// custom actor.
const BUILTIN_DEPT: &str = "销售0部";
const USER_GRANT_DEPT: &str = "销售1部";
/// Pages of the customer list measured (1 = the first).
const LIST_PAGES: [usize; 4] = [1, 2, 20, 200];
/// Untimed calls before each measured series (page cache and statement caches warm).
const WARM_UP: usize = 50;

/// The engine's columns of a customer, as `customers.list` reads them.
const CUSTOMER_COLS: &str = "c.id, c.code, c.name, c.kind, c.status, c.owner_id, c.department_id, c.region, c.industry,
    c.source, c.phone, c.email, c.website, c.address, c.credit_limit, c.custom, c.external_ref, c.last_contact_at,
    c.created_by, c.created_at, c.updated_at, c.archived_at,
    (SELECT json_group_array(tag) FROM (SELECT tag FROM customer_tags t WHERE t.customer_id = c.id ORDER BY tag))";
const ENTRY_COLS: &str = "id, user_id, kind, entity, record_id, title, params, created_at, read_at";

fn open(path: &str) -> Engine {
    open_dataset(path, NOW)
}

fn scalar(conn: &Connection, sql: &str, p: &[&dyn rusqlite::ToSql]) -> Option<String> {
    conn.query_row(sql, p, |r| r.get(0)).optional().unwrap()
}

/// What the extension added to the dataset.
struct Setup {
    /// The custom-role actor and the built-in one.
    custom: String,
    builtin: String,
    /// The department paths each reaches (for the hand-written queries): the built-in manager's tree; the
    /// custom actor's own tree and its two grants.
    builtin_path: String,
    custom_paths: Vec<String>,
    /// The custom actor's subordinates.
    subordinates: Vec<String>,
    /// The user with the large inbox.
    inbox_user: String,
}

/// Extends the cached dataset (each piece found by name first, so a run that stopped half-way resumes).
fn extend(path: &str, entries: usize) -> Setup {
    let conn = Connection::open(path).unwrap();
    let user_named = |name: &str| scalar(&conn, "SELECT id FROM users WHERE name = ?1", &[&name]);
    let dept_named = |name: &str| scalar(&conn, "SELECT id FROM departments WHERE name = ?1", &[&name]);
    let path_of = |id: &str| scalar(&conn, "SELECT path FROM departments WHERE id = ?1", &[&id]).expect("a path");
    let t = Instant::now();
    let engine = open(path);
    let mut changed = false;
    let mut dept = |name: &str| {
        dept_named(name).unwrap_or_else(|| {
            changed = true;
            id_of(&call(&engine, None, "departments.create", &json!({"name": name})))
        })
    };
    let custom_dept = dept(CUSTOM_DEPT);
    let granted_dept = dept(GRANTED_DEPT);
    let builtin_dept = dept_named(BUILTIN_DEPT).expect("the dataset's first sales department");
    let user_grant_dept = dept_named(USER_GRANT_DEPT).expect("the dataset's second sales department");

    let roles = [
        (
            "bench_own",
            "本人客户",
            "own",
            json!({"customer": ["create", "edit", "view_financial"], "contact": ["create", "edit"]}),
        ),
        (
            "bench_team",
            "团队主管",
            "subordinates",
            json!({"customer": ["edit", "assign"], "opportunity": ["create", "edit", "approve"]}),
        ),
        (
            "bench_tree",
            "部门查看",
            "department_tree",
            json!({"customer": ["view_financial", "export"], "order": ["view_financial"]}),
        ),
    ];
    for (code, name, scope, permissions) in &roles {
        if scalar(&conn, "SELECT code FROM custom_roles WHERE code = ?1", &[code]).is_none() {
            changed = true;
            call(
                &engine,
                None,
                "roles.define",
                &json!({"code": code, "name": name, "scope": scope, "permissions": permissions}),
            );
        }
    }
    let codes: Vec<&str> = roles.iter().map(|r| r.0).collect();
    let mut user = |name: &str, mut body: Value| {
        user_named(name).unwrap_or_else(|| {
            changed = true;
            body["name"] = json!(name);
            id_of(&call(&engine, None, "users.create", &body))
        })
    };
    let custom = user(CUSTOM_USER, json!({"department_id": custom_dept, "custom_roles": codes}));
    let subordinates: Vec<String> = (1..=3)
        .map(|i| {
            user(
                &format!("自定义下属{i}"),
                json!({"department_id": custom_dept, "manager_id": custom, "roles": ["sales_rep"]}),
            )
        })
        .collect();
    user("授权部代表", json!({"department_id": granted_dept, "roles": ["sales_rep"]}));
    let builtin = user(BUILTIN_USER, json!({"department_id": builtin_dept, "roles": ["sales_manager"]}));
    let inbox_user = user(INBOX_USER, json!({"department_id": granted_dept, "roles": ["sales_rep"]}));

    // The two grants: one to the user, one to one of their roles.
    let grants = [
        (json!({"user_id": custom, "department_id": user_grant_dept, "access": "read"}), Some(custom.as_str()), None),
        (json!({"role": "bench_team", "department_id": granted_dept, "access": "edit"}), None, Some("bench_team")),
    ];
    for (request, user_id, role) in &grants {
        let exists = conn
            .query_row(
                "SELECT 1 FROM access_grants WHERE user_id IS ?1 AND role IS ?2 AND department_id = ?3",
                params![user_id, role, request["department_id"].as_str()],
                |_| Ok(()),
            )
            .optional()
            .unwrap()
            .is_some();
        if !exists {
            changed = true;
            call(&engine, None, "grants.grant", request);
        }
    }
    drop(engine);

    // The inbox: inserted directly (setup only), in one transaction, so it is all there or none of it.
    let have: i64 =
        conn.query_row("SELECT COUNT(*) FROM inbox_entries WHERE user_id = ?1", [&inbox_user], |r| r.get(0)).unwrap();
    if have == 0 {
        changed = true;
        insert_inbox(&conn, &inbox_user, entries);
    } else if have as usize != entries {
        println!("note: the inbox user already has {have} entries (not --entries {entries}); measuring those");
    }
    if changed {
        println!("extended the dataset: roles, users, grants and the inbox in {:.1} s", t.elapsed().as_secs_f64());
    }
    let builtin_path = path_of(&builtin_dept);
    let custom_paths = vec![path_of(&custom_dept), path_of(&user_grant_dept), path_of(&granted_dept)];
    Setup { custom, builtin, builtin_path, custom_paths, subordinates, inbox_user }
}

/// `n` inbox entries of `user`, one every three minutes back from the dataset's "now", about half read
/// (an hour after they came), of every kind the engine raises, on real customers.
fn insert_inbox(conn: &Connection, user: &str, n: usize) {
    const KINDS: [&str; 6] = ["approval", "assignment", "alert", "reminder", "announcement", "approval_decided"];
    let now = chrono::DateTime::parse_from_rfc3339(NOW).unwrap().with_timezone(&chrono::Utc);
    let at = |t: chrono::DateTime<chrono::Utc>| t.to_rfc3339_opts(chrono::SecondsFormat::Millis, true);
    let customers: Vec<(String, String)> = {
        let mut stmt = conn.prepare("SELECT id, name FROM customers ORDER BY id LIMIT 1000").unwrap();
        stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?))).unwrap().map(Result::unwrap).collect()
    };
    let mut rng = Rng::new(0x1B0C);
    conn.execute_batch("BEGIN IMMEDIATE").unwrap();
    {
        let mut insert = conn
            .prepare(
                "INSERT INTO inbox_entries (id, user_id, kind, entity, record_id, title, params, dedupe_key, created_at, read_at)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
            )
            .unwrap();
        for i in 0..n {
            let kind = KINDS[i % KINDS.len()];
            let (customer, name) = &customers[rng.below(customers.len() as u64) as usize];
            let created = now - chrono::Duration::minutes(3 * (i as i64 + 1));
            let read = rng.below(100) < 50;
            let (entity, params, dedupe) = match kind {
                "announcement" => {
                    ("announcement", json!({"body": "本周五下午三点全员例会，请准时参加。", "author_id": user}), None)
                }
                "alert" => (
                    "customer",
                    json!({"kind": "silent", "customer_id": customer, "customer_name": name, "date": "2026-01-05"}),
                    Some(format!("alert:silent:{customer}:{i}")),
                ),
                "reminder" => (
                    "activity",
                    json!({"remind_at": at(created), "customer_id": customer}),
                    Some(format!("reminder:bench-{i}")),
                ),
                _ => ("customer", json!({"by": user, "previous_owner": null}), None),
            };
            insert
                .execute(params![
                    format!("01900000-1b0c-7000-8000-{:012x}", n - i),
                    user,
                    kind,
                    entity,
                    customer,
                    name,
                    params.to_string(),
                    dedupe,
                    at(created),
                    read.then(|| at(created + chrono::Duration::hours(1))),
                ])
                .unwrap();
        }
    }
    conn.execute_batch("COMMIT").unwrap();
}

/// One actor's customer list: the engine's caller, and the same page by hand.
struct ListActor {
    id: String,
    /// The hand-written statement's visible owners (one subquery of users) and its parameters.
    owners: String,
    owner_params: Vec<SqlValue>,
    /// The engine's grants over owners: the actor, the users below them, the department paths.
    one_of: Option<Vec<String>>,
    paths: Vec<String>,
}

impl ListActor {
    /// The hand-written page: the visible owners in one subquery, read in id order (`+c.owner_id` keeps the
    /// owner index out, so the page is a scan of the live-id index that stops at the 51st match).
    fn hand_sql(&self) -> String {
        format!(
            "SELECT {CUSTOMER_COLS} FROM customers c
             WHERE c.archived_at IS NULL AND c.id > ?{} AND (+c.owner_id IS NULL OR +c.owner_id IN ({}))
             ORDER BY c.id LIMIT 51",
            self.owner_params.len() + 1,
            self.owners
        )
    }

    fn hand_params(&self, after: Option<&str>) -> Vec<SqlValue> {
        let mut p = self.owner_params.clone();
        p.push(after.unwrap_or("").to_string().into());
        p
    }

    /// The engine's statement for the page (`customers_page` in `core/src/storage/customers.rs` with the
    /// fragments of `ListScope::grant_sql` in `core/src/storage/scope.rs`), and its parameters; with `plus`,
    /// `+c.owner_id` in every fragment (the owner index kept out).
    fn engine_sql(&self, after: Option<&str>, plus: bool) -> (String, Vec<SqlValue>) {
        let o = if plus { "+c.owner_id" } else { "c.owner_id" };
        let mut params: Vec<SqlValue> = vec![self.id.clone().into()];
        let mut terms = vec![format!("{o} = ?1")];
        if let Some(users) = &self.one_of {
            params.push(serde_json::to_string(users).unwrap().into());
            terms.push(format!("{o} IN (SELECT value FROM json_each(?{}))", params.len()));
        }
        for path in &self.paths {
            params.push(format!("{path}%").into());
            terms.push(format!(
                "{o} IN (SELECT us.id FROM users us JOIN departments dp ON dp.id = us.department_id \
                 WHERE dp.path LIKE ?{} ESCAPE '\\')",
                params.len()
            ));
        }
        terms.push(format!("{o} IS NULL"));
        let mut cursor = String::new();
        if let Some(a) = after {
            params.push(a.to_string().into());
            cursor = format!(" AND c.id > ?{}", params.len());
        }
        params.push(51i64.into());
        let sql = format!(
            "SELECT {CUSTOMER_COLS} FROM customers c WHERE ({}) AND c.archived_at IS NULL{cursor} ORDER BY c.id LIMIT ?{}",
            terms.join(" OR "),
            params.len()
        );
        (sql, params)
    }
}

/// Runs a page statement; answers the ids of its rows (every column read).
fn page_by_sql(conn: &Connection, sql: &str, params: &[SqlValue]) -> Vec<String> {
    let mut stmt = conn.prepare_cached(sql).unwrap();
    let rows = stmt
        .query_map(rusqlite::params_from_iter(params), |r| {
            let row = (0..23).map(|i| r.get::<_, SqlValue>(i)).collect::<Result<Vec<_>, _>>()?;
            Ok(match &row[0] {
                SqlValue::Text(id) => id.clone(),
                _ => String::new(),
            })
        })
        .unwrap();
    rows.map(Result::unwrap).collect()
}

fn query_plan(conn: &Connection, sql: &str, params: &[SqlValue]) -> String {
    let mut stmt = conn.prepare(&format!("EXPLAIN QUERY PLAN {sql}")).unwrap();
    let rows = stmt.query_map(rusqlite::params_from_iter(params), |r| r.get::<_, String>(3)).unwrap();
    rows.map(Result::unwrap).collect::<Vec<_>>().join("; ")
}

/// The two statements of an inbox page by hand: up to 51 entries of the part (unread or read) after the
/// cursor (and of the read part when the unread one runs out), and the unread count.
fn inbox_by_sql(conn: &Connection, user: &str, read: bool, after: (&str, &str)) -> usize {
    let part = |read: bool, after: (&str, &str), limit: usize| {
        let mut stmt = conn
            .prepare_cached(&format!(
                "SELECT {ENTRY_COLS} FROM inbox_entries
                 WHERE user_id = ?1 AND (read_at IS NOT NULL) = ?2 AND (created_at < ?3 OR (created_at = ?3 AND id < ?4))
                 ORDER BY created_at DESC, id DESC LIMIT ?5"
            ))
            .unwrap();
        let rows = stmt
            .query_map(params![user, read, after.0, after.1, limit as i64], |r| {
                (0..9).map(|i| r.get::<_, SqlValue>(i)).collect::<Result<Vec<_>, _>>()
            })
            .unwrap();
        rows.map(Result::unwrap).count()
    };
    let mut n = part(read, after, 51);
    if !read && n < 51 {
        n += part(true, (FIRST, ""), 51 - n);
    }
    unread_by_sql(conn, user);
    n
}

/// A cursor past every entry (the engine's first page starts after it).
const FIRST: &str = "\u{10ffff}";

fn unread_by_sql(conn: &Connection, user: &str) -> i64 {
    conn.prepare_cached("SELECT COUNT(*) FROM inbox_entries WHERE user_id = ?1 AND (read_at IS NOT NULL) = 0")
        .unwrap()
        .query_row([user], |r| r.get(0))
        .unwrap()
}

/// p50 and p99 of samples (sorted in place).
fn stats(xs: &mut [f64]) -> (f64, f64) {
    xs.sort_by(f64::total_cmp);
    (percentile(xs, 0.5), percentile(xs, 0.99))
}

fn fmt((p50, p99): (f64, f64)) -> String {
    format!("{p50:.3} / {p99:.3}")
}

fn pct(ours: f64, base: f64) -> String {
    format!("{:+.1}%", (ours / base - 1.0) * 100.0)
}

/// Times `calls` interleaved (one of each per round): rounds until `WARM_UP` or a tenth of the budget
/// untimed, then until `samples` rounds or `budget` seconds (at least 20 rounds). Answers each call's
/// samples, in ms.
fn measure(samples: usize, budget: f64, calls: &mut [&mut dyn FnMut()]) -> Vec<Vec<f64>> {
    let start = Instant::now();
    for n in 0.. {
        if n >= WARM_UP || start.elapsed().as_secs_f64() > budget / 10.0 {
            break;
        }
        calls.iter_mut().for_each(|f| f());
    }
    let start = Instant::now();
    let mut out = vec![Vec::new(); calls.len()];
    while out[0].len() < samples && (out[0].len() < 20 || start.elapsed().as_secs_f64() < budget) {
        for (f, times) in calls.iter_mut().zip(out.iter_mut()) {
            let t = Instant::now();
            f();
            times.push(t.elapsed().as_secs_f64() * 1e3);
        }
    }
    out
}

/// The cursors before each page of `pages` (ascending; None for the first), walking the list with `next`.
fn cursors<T: Clone>(pages: &[usize], mut next: impl FnMut(Option<&T>) -> Option<T>) -> Vec<Option<T>> {
    let last = *pages.iter().max().unwrap();
    let mut found = Vec::new();
    let mut cursor: Option<T> = None;
    for page in 1..=last {
        if pages.contains(&page) {
            found.push(cursor.clone());
        }
        if page < last {
            cursor = Some(next(cursor.as_ref()).unwrap_or_else(|| panic!("the list ends before page {last}")));
        }
    }
    found
}

fn paged(cursor: Option<&String>) -> String {
    let mut req = json!({"limit": 50});
    if let Some(c) = cursor {
        req["cursor"] = json!(c);
    }
    req.to_string()
}

fn main() {
    // An internal failure's causes go to the host's error log: print them, so a failed run says why.
    rapport_core::set_error_hook(Some(Box::new(|report: &rapport_core::ErrorReport| {
        eprintln!("error log: {}", report.text())
    })));
    let shape = Shape::from_args();
    let samples = arg("--samples", 2_000);
    let budget = arg("--budget", 120) as f64;
    let entries = arg("--entries", 100_000);
    let flag = |name: &str| std::env::args().any(|a| a == name);
    let (lists, inbox) = (!flag("--inbox-only"), !flag("--lists-only"));
    let t = Instant::now();
    let dataset = bench_data::dataset(shape);
    for (phase, seconds) in &dataset.build_seconds {
        println!("built the dataset: {phase}: {seconds:.1} s");
    }
    if !dataset.build_seconds.is_empty() {
        println!("built the dataset in {:.1} s", t.elapsed().as_secs_f64());
    }
    let path = dataset.path.to_string_lossy().into_owned();
    let setup = extend(&path, entries);
    let conn = Connection::open(&path).unwrap();
    let engine = open(&path);

    if lists {
        customer_lists(&engine, &conn, &setup, samples, budget);
    }
    if inbox {
        inbox_pages(&engine, &conn, &setup, samples, budget);
    }
    println!(
        "\nThe dataset file was extended in place ({} bytes now); no working copy was made.",
        std::fs::metadata(&path).map_or(0, |m| m.len())
    );
}

/// (a) customers.list: the custom actor against the built-in one.
fn customer_lists(engine: &Engine, conn: &Connection, setup: &Setup, samples: usize, budget: f64) {
    let users_under = |n: usize| (0..n).map(|i| format!("d.path LIKE ?{}", i + 1)).collect::<Vec<_>>().join(" OR ");
    let like = |p: &String| -> SqlValue { format!("{p}%").into() };
    let builtin = ListActor {
        id: setup.builtin.clone(),
        owners: format!(
            "SELECT u.id FROM users u JOIN departments d ON d.id = u.department_id WHERE {} OR u.id = ?2",
            users_under(1)
        ),
        owner_params: vec![like(&setup.builtin_path), setup.builtin.clone().into()],
        one_of: None,
        paths: vec![setup.builtin_path.clone()],
    };
    // The custom actor's scopes narrowest first, then its grants by department path (as the engine orders them).
    let mut grant_paths = setup.custom_paths[1..].to_vec();
    grant_paths.sort();
    let mut subordinates = setup.subordinates.clone();
    subordinates.sort();
    let custom = ListActor {
        id: setup.custom.clone(),
        owners: format!(
            "SELECT u.id FROM users u JOIN departments d ON d.id = u.department_id
             WHERE {} OR u.id = ?4 OR u.id IN (SELECT value FROM json_each(?5))",
            users_under(3)
        ),
        owner_params: setup
            .custom_paths
            .iter()
            .map(like)
            .chain([setup.custom.clone().into(), serde_json::to_string(&subordinates).unwrap().into()])
            .collect(),
        one_of: Some(subordinates),
        paths: std::iter::once(setup.custom_paths[0].clone()).chain(grant_paths).collect(),
    };
    let customers: i64 = conn.query_row("SELECT COUNT(*) FROM customers", [], |r| r.get(0)).unwrap();
    let visible = |a: &ListActor| -> i64 {
        let sql = format!(
            "SELECT COUNT(*) FROM customers c WHERE c.archived_at IS NULL AND (+c.owner_id IS NULL OR +c.owner_id IN ({}))",
            a.owners
        );
        conn.query_row(&sql, rusqlite::params_from_iter(&a.owner_params), |r| r.get(0)).unwrap()
    };
    let (builtin_visible, custom_visible) = (visible(&builtin), visible(&custom));

    let next_of = |actor: &str, cursor: Option<&String>| -> Option<String> {
        let page = engine.call_value(Some(actor), "customers.list", &paged(cursor)).unwrap();
        page["next_cursor"].as_str().map(str::to_string)
    };
    let t = Instant::now();
    let builtin_cursors = cursors(&LIST_PAGES, |c| next_of(&builtin.id, c));
    let custom_cursors = cursors(&LIST_PAGES, |c| next_of(&custom.id, c));
    let walk = t.elapsed().as_secs_f64();
    // The engine's pages and the statements by hand agree (the same 50 ids).
    for (actor, cursors) in [(&builtin, &builtin_cursors), (&custom, &custom_cursors)] {
        for cursor in cursors {
            let page = engine.call_value(Some(&actor.id), "customers.list", &paged(cursor.as_ref())).unwrap();
            let ids: Vec<&str> = page["items"].as_array().unwrap().iter().map(|c| c["id"].as_str().unwrap()).collect();
            let after = cursor.as_deref();
            let by_hand = page_by_sql(conn, &actor.hand_sql(), &actor.hand_params(after));
            assert_eq!(ids, by_hand[..50], "the engine's page and the hand-written one differ");
            for plus in [false, true] {
                let (sql, params) = actor.engine_sql(after, plus);
                assert_eq!(
                    by_hand,
                    page_by_sql(conn, &sql, &params),
                    "the engine's statement and the hand-written one differ"
                );
            }
        }
    }

    println!(
        "\n(a) `customers.list`, pages of 50, {customers} customers. The built-in `sales_manager` (department_tree) \
         sees {builtin_visible}; the custom actor (3 custom roles with scopes own, subordinates and department_tree, \
         3 subordinates, a read grant to the user and an edit grant to one of its roles) sees {custom_visible}. \
         Calls interleaved, up to {samples} rounds or {budget} s per row; times in ms, p50 / p99. (Walking to page \
         {} took {walk:.1} s for both actors.)\n",
        LIST_PAGES[LIST_PAGES.len() - 1]
    );
    println!(
        "| page | calls | built-in role (engine.call) | 3 custom roles + 2 grants (engine.call) | overhead p50 / p99 \
         (target <= 10%) | baseline: hand-written SQL, built-in's page | the same, custom's page |"
    );
    println!("|---:|---:|---:|---:|---:|---:|---:|");
    for (i, page) in LIST_PAGES.iter().enumerate() {
        let (b_req, c_req) = (paged(builtin_cursors[i].as_ref()), paged(custom_cursors[i].as_ref()));
        let (b_after, c_after) = (builtin_cursors[i].as_deref(), custom_cursors[i].as_deref());
        let (b_hand, c_hand) = (builtin.hand_sql(), custom.hand_sql());
        let (b_hand_p, c_hand_p) = (builtin.hand_params(b_after), custom.hand_params(c_after));
        let mut s = measure(
            samples,
            budget,
            &mut [
                &mut || assert!(engine.call(Some(&builtin.id), "customers.list", &b_req).unwrap().len() > 1000),
                &mut || assert!(engine.call(Some(&custom.id), "customers.list", &c_req).unwrap().len() > 1000),
                &mut || assert_eq!(page_by_sql(conn, &b_hand, &b_hand_p).len(), 51),
                &mut || assert_eq!(page_by_sql(conn, &c_hand, &c_hand_p).len(), 51),
            ],
        );
        let n = s[0].len();
        let [b, c, bh, ch] = [0, 1, 2, 3].map(|k| stats(&mut s[k]));
        println!(
            "| {page} | {n} | {} | {} | {} / {} | {} | {} |",
            fmt(b),
            fmt(c),
            pct(c.0, b.0),
            pct(c.1, b.1),
            fmt(bh),
            fmt(ch)
        );
    }

    // Where the time goes: the first page's statement by hand, as the engine writes it and with the owner
    // index kept out, for both actors and for two plain reps (own scope): one of the dataset's, and one
    // owning nothing (the pool is empty).
    let rep = |name: &str| {
        let id = scalar(conn, "SELECT id FROM users WHERE name = ?1", &[&name]).expect("a rep");
        ListActor { id, owners: String::new(), owner_params: Vec::new(), one_of: None, paths: Vec::new() }
    };
    let (rep, nobody) = (rep("Rep 0-0"), rep("自定义下属1"));
    let owned: i64 =
        conn.query_row("SELECT COUNT(*) FROM customers WHERE owner_id = ?1", [&rep.id], |r| r.get(0)).unwrap();
    let actors = [&builtin, &custom, &rep, &nobody];
    let statements: Vec<[(String, Vec<SqlValue>); 2]> =
        actors.iter().map(|a| [a.engine_sql(None, false), a.engine_sql(None, true)]).collect();
    let mut calls: Vec<Box<dyn FnMut()>> = Vec::new();
    for [(sql, params), (plus_sql, plus_params)] in &statements {
        calls.push(Box::new(move || drop(page_by_sql(conn, sql, params))));
        calls.push(Box::new(move || drop(page_by_sql(conn, plus_sql, plus_params))));
    }
    let mut refs: Vec<&mut dyn FnMut()> = calls.iter_mut().map(|c| &mut **c as &mut dyn FnMut()).collect();
    let mut s = measure(samples, budget, &mut refs);
    let n = s[0].len();
    let cells: Vec<String> = s.iter_mut().map(|x| fmt(stats(x))).collect();
    println!(
        "\nWhere the time goes: the first page's statement run by hand (the bundled SQLite), {n} rounds; ms, p50 / p99\n"
    );
    println!(
        "| statement | built-in (sees {builtin_visible}) | custom (sees {custom_visible}) | a rep, own scope (owns {owned}) \
         | a rep owning none (empty pool) |"
    );
    println!("|---|---:|---:|---:|---:|");
    println!(
        "| the engine's (owner index: MULTI-INDEX OR, then a sort) | {} | {} | {} | {} |",
        cells[0], cells[2], cells[4], cells[6]
    );
    println!(
        "| the same with `+c.owner_id` (a scan in id order to the 51st match) | {} | {} | {} | {} |",
        cells[1], cells[3], cells[5], cells[7]
    );
    let plan = |a: &ListActor, plus: bool| {
        let (sql, params) = a.engine_sql(None, plus);
        query_plan(conn, &sql, &params)
    };
    println!("\nQuery plans, first page:");
    println!("- the engine's statement, custom: {}", plan(&custom, false));
    println!("- with `+c.owner_id`, custom: {}", plan(&custom, true));

    // The floor of a call for each actor (actor resolution and little else): the first page of an empty inbox.
    let empty = json!({"limit": 50}).to_string();
    let mut s = measure(
        samples,
        budget,
        &mut [&mut || drop(engine.call(Some(&builtin.id), "inbox.list", &empty).unwrap()), &mut || {
            drop(engine.call(Some(&custom.id), "inbox.list", &empty).unwrap())
        }],
    );
    let (bf, cf) = (stats(&mut s[0]), stats(&mut s[1]));
    println!(
        "\nThe floor of a call (`inbox.list` of an empty inbox: actor resolution, three index probes, serialisation), \
         {} rounds: built-in {} ms, custom {} ms (p50 / p99), a difference of {:.3} ms at p50.",
        s[0].len(),
        fmt(bf),
        fmt(cf),
        cf.0 - bf.0
    );
}

/// (b) The inbox's pages.
fn inbox_pages(engine: &Engine, conn: &Connection, setup: &Setup, samples: usize, budget: f64) {
    let user = setup.inbox_user.as_str();
    let total: i64 =
        conn.query_row("SELECT COUNT(*) FROM inbox_entries WHERE user_id = ?1", [user], |r| r.get(0)).unwrap();
    let unread = unread_by_sql(conn, user);
    // The first page, the second, the one where the unread part ends, one deep in the read part.
    let crossing = unread as usize / 50 + 1;
    let mut pages = vec![1, 2, crossing, (total as usize / 50) * 3 / 4];
    pages.sort_unstable();
    pages.dedup();
    let inbox_cursors = cursors(&pages, |cursor: Option<&String>| {
        let page = engine.call_value(Some(user), "inbox.list", &paged(cursor)).unwrap();
        page["next_cursor"].as_str().map(str::to_string)
    });
    println!(
        "\n(b) `inbox.list {{limit: 50}}` of a user with {total} entries, {unread} unread; calls interleaved, up to \
         {samples} rounds or {budget} s per row; times in ms, p50 / p99\n"
    );
    println!(
        "| measure | calls | Rapport (engine.call) | baseline (hand-written SQL: the page, then COUNT(*) of the unread) | target |"
    );
    println!("|---|---:|---:|---:|---|");
    for (i, page) in pages.iter().enumerate() {
        let req = paged(inbox_cursors[i].as_ref());
        // The cursor as the engine reads it: part, time, id.
        let (read, at, id) = match &inbox_cursors[i] {
            None => (false, FIRST.to_string(), String::new()),
            Some(c) => {
                let mut parts = c.splitn(3, '|');
                let read = parts.next() == Some("r");
                (read, parts.next().unwrap().to_string(), parts.next().unwrap().to_string())
            }
        };
        let mut s = measure(
            samples,
            budget,
            &mut [&mut || assert!(engine.call(Some(user), "inbox.list", &req).unwrap().len() > 1000), &mut || {
                assert_eq!(inbox_by_sql(conn, user, read, (&at, &id)), 51)
            }],
        );
        let what = match page {
            1 => "first page".to_string(),
            p if *p == crossing => format!("page {p} (through `next_cursor`; the unread part ends in it)"),
            p => format!("page {p} (through `next_cursor`; {} part)", if read { "read" } else { "unread" }),
        };
        println!(
            "| `inbox.list`, {what} | {} | {} | {} | p99 <= 2 ms |",
            s[0].len(),
            fmt(stats(&mut s[0])),
            fmt(stats(&mut s[1]))
        );
    }
    let capped = "SELECT COUNT(*) FROM (SELECT 1 FROM inbox_entries WHERE user_id = ?1 AND (read_at IS NOT NULL) = 0 LIMIT 1000)";
    let mut s = measure(
        samples,
        budget,
        &mut [
            &mut || {
                let mut stmt = conn
                    .prepare_cached(&format!(
                        "SELECT {ENTRY_COLS} FROM inbox_entries WHERE user_id = ?1 AND (read_at IS NOT NULL) = 0
                         AND (created_at < ?2 OR (created_at = ?2 AND id < ?3)) ORDER BY created_at DESC, id DESC LIMIT 51"
                    ))
                    .unwrap();
                let rows = stmt.query_map(params![user, FIRST, ""], |r| r.get::<_, String>(0)).unwrap();
                assert_eq!(rows.count(), 51);
            },
            &mut || assert_eq!(unread_by_sql(conn, user), unread),
            &mut || {
                let n: i64 = conn.prepare_cached(capped).unwrap().query_row([user], |r| r.get(0)).unwrap();
                assert_eq!(n, unread.min(1000));
            },
        ],
    );
    let n = s[0].len();
    println!("| of which: the first page's rows alone (SQL) | {n} | | {} | |", fmt(stats(&mut s[0])));
    println!(
        "| the baseline's COUNT(*) of the unread alone (SQL, {unread} unread; the engine reads a kept count) | {n} | | {} | |",
        fmt(stats(&mut s[1]))
    );
    println!("| COUNT(*) capped at 1,000 (SQL, for comparison) | {n} | | {} | |", fmt(stats(&mut s[2])));
}
