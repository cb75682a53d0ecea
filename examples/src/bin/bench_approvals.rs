//! Benchmark: approval flows (ORG-5) at scale: a manager's pending list among a million documents, and submitting through a five-step flow, each against hand-written SQL on the same file in the same run.
//!
//! Run: `cargo run --release -p rapport-examples --bin bench_approvals [-- --customers N]` (default
//! 1,000,000 customers and as many opportunities: the analytics dataset of `bench_scoring`, cached under
//! `target/bench-data/`). The first run extends that cached file in place (no copy): a department whose
//! manager has `--pending P` (default 10,000) opportunities waiting for approval, and a second
//! department with a four-level manager chain for the five-step flow. Each run then measures
//! (a) `approvals.pending`, the first page of 50, `--samples S` times (default 2,000), against the same
//! page read by one hand-written SQL query; (b) `approvals.submit` of `--submits K` fresh opportunities
//! (default 2,000) through a five-step flow with conditions, against the same rows written by
//! hand-written SQL in one transaction per document. Prints a markdown table; never a timed assertion.

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
use rusqlite::{Connection, params};
use serde_json::{Value, json};

const DOC: &str = "opportunity_evaluation";

fn open(path: &str) -> Engine {
    open_dataset(path, "2026-03-31T06:00:00Z")
}

/// What the extension added to the dataset: who waits and who submits.
struct Actors {
    /// The manager with the pending list.
    manager: String,
    /// The rep who submits through the five-step flow, and the managers above them (nearest first).
    submitter: String,
    chain: Vec<String>,
    /// The pipeline whose `evaluate` stage requires approval.
    pipeline: String,
}

fn scalar(conn: &Connection, sql: &str) -> Option<String> {
    conn.query_row(sql, [], |r| r.get(0)).ok()
}

/// Customer ids to hang new opportunities on.
fn customer_ids(conn: &Connection, n: usize, offset: usize) -> Vec<String> {
    let mut stmt = conn.prepare("SELECT id FROM customers ORDER BY id LIMIT ?1 OFFSET ?2").unwrap();
    stmt.query_map(params![n as i64, offset as i64], |r| r.get(0)).unwrap().map(Result::unwrap).collect()
}

/// Extends the cached dataset once (found again by its department names): the pending manager's
/// department with `pending` submissions waiting for them, and the chain for the five-step flow.
fn extend(path: &str, pending: usize) -> Actors {
    let conn = Connection::open(path).unwrap();
    let found = |name: &str| scalar(&conn, &format!("SELECT id FROM users WHERE name = '{name}'"));
    if let (Some(manager), Some(submitter), Some(pipeline)) =
        (found("审批经理"), found("提交人"), scalar(&conn, "SELECT id FROM pipelines WHERE code = 'gated'"))
    {
        let chain = (1..=4).map(|i| found(&format!("链上经理{i}")).expect("the chain")).collect();
        return Actors { manager, submitter, chain, pipeline };
    }
    let t = Instant::now();
    let engine = open(path);
    let dept = |name: &str, parent: Option<&str>| {
        id_of(&call(&engine, None, "departments.create", &json!({"name": name, "parent_id": parent})))
    };
    let user = |name: &str, dept: &str, role: &str, manager: Option<&str>| {
        id_of(&call(
            &engine,
            None,
            "users.create",
            &json!({"name": name, "department_id": dept, "roles": [role], "manager_id": manager}),
        ))
    };
    let pipeline = id_of(&call(
        &engine,
        None,
        "pipelines.create",
        &json!({"code": "gated", "name": "审批流程", "stages": [
            {"code": "qualify", "name": "初步接洽", "probability": 10},
            {"code": "evaluate", "name": "需求评估", "probability": 40, "requires_approval": true},
            {"code": "negotiate", "name": "商务谈判", "probability": 80}
        ]}),
    ));
    // The pending manager's department: ten reps, each submitting a tenth of the documents.
    let approvals = dept("审批中心", None);
    let manager = user("审批经理", &approvals, "sales_manager", None);
    let reps: Vec<String> =
        (0..10).map(|i| user(&format!("审批代表{i}"), &approvals, "sales_rep", Some(&manager))).collect();
    let customers = customer_ids(&conn, pending, 0);
    let mut rng = Rng::new(0xA9_9A);
    for (i, customer) in customers.iter().enumerate() {
        let rep = &reps[i % reps.len()];
        let o = call(
            &engine,
            None,
            "opportunities.create",
            &json!({"customer_id": customer, "title": format!("审批商机 {i}"), "amount": 100_000 + rng.below(50_000_000),
                    "owner_id": rep, "pipeline_id": pipeline, "stage": "evaluate"}),
        );
        call(&engine, Some(rep), "approvals.submit", &json!({"document_type": DOC, "document_id": id_of(&o)}));
    }
    // The five-step flow's chain: a rep under four levels of managers, in a department tree of their own.
    let top = dept("流程总部", None);
    let middle = dept("流程大区", Some(&top));
    let bottom = dept("流程小组", Some(&middle));
    let m4 = user("链上经理4", &top, "sales_manager", None);
    let m3 = user("链上经理3", &top, "sales_manager", Some(&m4));
    let m2 = user("链上经理2", &middle, "sales_manager", Some(&m3));
    let m1 = user("链上经理1", &bottom, "sales_manager", Some(&m2));
    let submitter = user("提交人", &bottom, "sales_rep", Some(&m1));
    drop(engine);
    println!(
        "extended the dataset: {pending} pending approvals and the flow's chain in {:.1} s",
        t.elapsed().as_secs_f64()
    );
    Actors { manager, submitter, chain: vec![m1, m2, m3, m4], pipeline }
}

/// The five steps: the submitter's manager; two levels up from 1,000,000.00; the nearest sales manager;
/// every sales manager under the top department when the deal closes this year; a named user from
/// 5,000,000.00.
fn five_step_flow(a: &Actors, top_department: &str) -> Value {
    json!({"document_type": DOC, "steps": [
        {"name": "直属经理", "approver": {"kind": "manager"}},
        {"name": "二级经理", "approver": {"kind": "manager", "levels": 2},
         "condition": {"field": "amount", "op": "gte", "value": 100_000_000}},
        {"name": "最近销售经理", "approver": {"kind": "nearest_role", "role": "sales_manager"}},
        {"name": "总部销售经理", "approver": {"kind": "role", "role": "sales_manager", "department_id": top_department},
         "condition": {"field": "expected_close_date", "op": "lte", "value": "2026-12-31"}},
        {"name": "总经理", "approver": {"kind": "user", "user_id": a.chain[3]},
         "condition": {"field": "amount", "op": "gte", "value": 500_000_000}}
    ]})
}

/// Fresh opportunities of the submitter at the approval stage, to submit.
fn fresh_documents(engine: &Engine, conn: &Connection, a: &Actors, n: usize, offset: usize) -> Vec<(String, i64)> {
    let mut rng = Rng::new(offset as u64 + 7);
    customer_ids(conn, n, offset)
        .iter()
        .enumerate()
        .map(|(i, customer)| {
            let amount = rng.below(800_000_000) as i64;
            let o = call(
                engine,
                None,
                "opportunities.create",
                &json!({"customer_id": customer, "title": format!("流程商机 {i}"), "amount": amount,
                        "owner_id": a.submitter, "pipeline_id": a.pipeline, "stage": "evaluate",
                        "expected_close_date": if i.is_multiple_of(2) { "2026-09-30" } else { "2027-03-31" }}),
            );
            (id_of(&o), amount)
        })
        .collect()
}

/// The rows a five-step submission writes, by hand: the document's state, the approval, its steps, their
/// addressees, the history entry and two audit entries, in one transaction.
fn submit_by_sql(conn: &mut Connection, a: &Actors, top: &[String], hlc: &str, doc: &str, amount: i64, n: usize) {
    let tx = conn.transaction_with_behavior(rusqlite::TransactionBehavior::Immediate).unwrap();
    let now = "2026-03-31T06:00:00.000Z";
    let id = format!("sql-approval-{n}-{doc}");
    let stage: String = tx.query_row("SELECT stage_id FROM opportunities WHERE id = ?1", [doc], |r| r.get(0)).unwrap();
    tx.prepare_cached(
        "UPDATE opportunities SET approval_status = 'pending', approval_stage_id = ?2, updated_at = ?3 WHERE id = ?1",
    )
    .unwrap()
    .execute(params![doc, stage, now])
    .unwrap();
    tx.prepare_cached(
        "INSERT INTO approvals (id, document_type, document_id, subject, flow_version, status, current_step,
         submitted_by, submitted_at, note, decided_at, reason) VALUES (?1, ?2, ?3, ?4, 1, 'pending', 1, ?5, ?6, NULL, NULL, NULL)",
    )
    .unwrap()
    .execute(params![id, DOC, doc, stage, a.submitter, now])
    .unwrap();
    let applies = [true, amount >= 100_000_000, true, n.is_multiple_of(2), amount >= 500_000_000];
    let approvers: [Vec<&String>; 5] =
        [vec![&a.chain[0]], vec![&a.chain[1]], vec![&a.chain[0]], top.iter().collect(), vec![&a.chain[3]]];
    for (i, (applies, who)) in applies.iter().zip(&approvers).enumerate() {
        let status = if !applies {
            "skipped"
        } else if i == 0 {
            "waiting"
        } else {
            "upcoming"
        };
        tx.prepare_cached("INSERT INTO approval_steps (approval_id, position, name, status) VALUES (?1, ?2, ?3, ?4)")
            .unwrap()
            .execute(params![id, i as i64 + 1, format!("step {i}"), status])
            .unwrap();
        if *applies {
            for u in who {
                tx.prepare_cached(
                    "INSERT INTO approval_addressees (approval_id, position, user_id, document_id, waiting_since)
                     VALUES (?1, ?2, ?3, ?4, ?5)",
                )
                .unwrap()
                .execute(params![id, i as i64 + 1, u, doc, (i == 0).then_some(now)])
                .unwrap();
            }
        }
    }
    tx.prepare_cached(
        "INSERT INTO approval_events (approval_id, seq, at, position, actor_id, action, comment)
         VALUES (?1, 1, ?2, NULL, ?3, 'submitted', NULL)",
    )
    .unwrap()
    .execute(params![id, now, a.submitter])
    .unwrap();
    for action in ["approval_submitted", "submit_for_approval"] {
        tx.prepare_cached(
            "INSERT INTO audit_log (hlc, at, actor_id, entity, entity_id, action, changes)
             VALUES (?1, ?2, ?3, 'opportunity', ?4, ?5, '{}')",
        )
        .unwrap()
        .execute(params![hlc, now, a.submitter, doc, action])
        .unwrap();
    }
    tx.commit().unwrap();
}

/// The first page of a user's pending list by hand: the same rows and document columns in one query.
fn pending_by_sql(conn: &Connection, user: &str) -> usize {
    let mut stmt = conn
        .prepare_cached(
            "SELECT x.approval_id, a.document_type, a.document_id, x.position, s.name, x.waiting_since, a.submitted_by,
                    a.submitted_at, a.note, o.code, o.title, o.amount, o.currency, o.owner_id, o.customer_id, c.name
             FROM approval_addressees x
             JOIN approvals a ON a.id = x.approval_id
             JOIN approval_steps s ON s.approval_id = x.approval_id AND s.position = x.position
             JOIN opportunities o ON o.id = a.document_id
             LEFT JOIN customers c ON c.id = o.customer_id
             WHERE x.user_id = ?1 AND x.waiting_since IS NOT NULL
             ORDER BY x.waiting_since, x.approval_id LIMIT 50",
        )
        .unwrap();
    let rows = stmt
        .query_map([user], |r| (0..16).map(|i| r.get::<_, rusqlite::types::Value>(i)).collect::<Result<Vec<_>, _>>())
        .unwrap();
    rows.map(Result::unwrap).count()
}

fn timed(samples: &mut Vec<f64>, f: impl FnOnce()) {
    let t = Instant::now();
    f();
    samples.push(t.elapsed().as_secs_f64() * 1e3);
}

fn row(what: &str, n: usize, ours: &mut [f64], base: &mut [f64], target: &str) {
    ours.sort_by(f64::total_cmp);
    base.sort_by(f64::total_cmp);
    println!(
        "| {what} | {n} | {:.3} / {:.3} | {:.3} / {:.3} | {target} |",
        percentile(ours, 0.5),
        percentile(ours, 0.99),
        percentile(base, 0.5),
        percentile(base, 0.99)
    );
}

fn main() {
    // An internal failure's causes go to the host's error log: print them, so a failed run says why.
    rapport_core::set_error_hook(Some(Box::new(|report: &rapport_core::ErrorReport| {
        eprintln!("error log: {}", report.text())
    })));
    let shape = Shape::from_args();
    let pending = arg("--pending", 10_000);
    let samples = arg("--samples", 2_000);
    let submits = arg("--submits", 2_000);
    let dataset = bench_data::dataset(shape);
    let path = dataset.path.to_string_lossy().into_owned();
    let actors = extend(&path, pending);
    let mut conn = Connection::open(&path).unwrap();
    let documents: i64 = conn.query_row("SELECT COUNT(*) FROM opportunities", [], |r| r.get(0)).unwrap();
    let waiting: i64 = conn
        .query_row(
            "SELECT COUNT(*) FROM approval_addressees WHERE user_id = ?1 AND waiting_since IS NOT NULL",
            [&actors.manager],
            |r| r.get(0),
        )
        .unwrap();
    let top: String = conn.query_row("SELECT id FROM departments WHERE name = '流程总部'", [], |r| r.get(0)).unwrap();
    let top_managers: Vec<String> = {
        let mut ids = actors.chain.clone();
        ids.sort();
        ids
    };
    let customers: i64 = conn.query_row("SELECT COUNT(*) FROM customers", [], |r| r.get(0)).unwrap();
    let engine = open(&path);

    // (a) The pending list's first page, engine and hand-written SQL interleaved.
    let request = json!({"limit": 50}).to_string();
    let (mut ours, mut base) = (Vec::new(), Vec::new());
    for _ in 0..samples {
        timed(&mut ours, || {
            let page = engine.call(Some(&actors.manager), "approvals.pending", &request).unwrap();
            assert!(page.len() > 100);
        });
        timed(&mut base, || assert_eq!(pending_by_sql(&conn, &actors.manager), 50));
    }
    println!(
        "\nApprovals (ORG-5): {documents} opportunities, {waiting} waiting for one manager; times in ms, p50 / p99\n"
    );
    println!("| measure | calls | Rapport (engine.call) | baseline (hand-written SQL, same file, same run) | target |");
    println!("|---|---:|---:|---:|---|");
    row("`approvals.pending`, first page of 50", samples, &mut ours, &mut base, "p99 <= 5 ms");

    // (b) Submitting through a five-step flow with conditions: fresh documents for each side.
    call(&engine, None, "approvals.set_flow", &five_step_flow(&actors, &top));
    // Each run hangs its documents on other customers (any customer will do; the offset only spreads them).
    let offset = (documents as usize * 7) % (customers as usize).saturating_sub(2 * submits).max(1);
    let hlc: String = conn.query_row("SELECT hlc FROM audit_log ORDER BY seq DESC LIMIT 1", [], |r| r.get(0)).unwrap();
    let ours_docs = fresh_documents(&engine, &conn, &actors, submits, offset);
    let base_docs = fresh_documents(&engine, &conn, &actors, submits, offset + submits);
    let (mut ours, mut base) = (Vec::new(), Vec::new());
    for (n, ((doc, _), (sql_doc, amount))) in ours_docs.iter().zip(&base_docs).enumerate() {
        let request = json!({"document_type": DOC, "document_id": doc}).to_string();
        timed(&mut ours, || {
            engine.call(Some(&actors.submitter), "approvals.submit", &request).unwrap();
        });
        timed(&mut base, || submit_by_sql(&mut conn, &actors, &top_managers, &hlc, sql_doc, *amount, n));
    }
    row("`approvals.submit`, five-step flow with conditions", submits, &mut ours, &mut base, "p99 <= 1 ms");
    let slow = |xs: &[f64]| xs.iter().filter(|t| **t > 1.0).count();
    let (ours_slow, base_slow) = (slow(&ours), slow(&base));

    // (b') The same with the write-ahead log checkpointed between calls by a second connection, outside the
    // timing, as a background checkpointer would: no commit then pays for folding the log into the file.
    let ours_docs = fresh_documents(&engine, &conn, &actors, submits, offset + 2 * submits);
    let base_docs = fresh_documents(&engine, &conn, &actors, submits, offset + 3 * submits);
    let (mut ours2, mut base2) = (Vec::new(), Vec::new());
    for (n, ((doc, _), (sql_doc, amount))) in ours_docs.iter().zip(&base_docs).enumerate() {
        let request = json!({"document_type": DOC, "document_id": doc}).to_string();
        conn.query_row("PRAGMA wal_checkpoint(PASSIVE)", [], |_| Ok(())).unwrap();
        timed(&mut ours2, || {
            engine.call(Some(&actors.submitter), "approvals.submit", &request).unwrap();
        });
        conn.query_row("PRAGMA wal_checkpoint(PASSIVE)", [], |_| Ok(())).unwrap();
        timed(&mut base2, || submit_by_sql(&mut conn, &actors, &top_managers, &hlc, sql_doc, *amount, n + submits));
    }
    row("the same, the log checkpointed between calls (untimed)", submits, &mut ours2, &mut base2, "p99 <= 1 ms");
    println!(
        "\nSubmissions over 1 ms: {ours_slow} of ours and {base_slow} of the SQL's with checkpoints in the commits; \
         {} and {} with the log checkpointed apart.",
        slow(&ours2),
        slow(&base2)
    );
    println!(
        "\nThe dataset file was extended in place ({} bytes now); no working copy was made.",
        std::fs::metadata(&path).map_or(0, |m| m.len())
    );
}
