//! DOC-6 receivables through the public API: created when a pushed order comes to count, settled by receipts naming a receivable, an order or none, overdue days, closed on cancel, the aging report in totals and groups, in the actor's scope, withheld without `view_financial`, refusals that change nothing, and CUS-4's outstanding and overdue equal to the table.

mod common;

use common::dataset::customer;
use common::{Org, id};
use rapport_core::ErrorCode;
use serde_json::{Value, json};

fn order(r: &str, customer: &str, status: &str, date: &str, due: &str, amount: i64) -> Value {
    json!({"external_ref": r, "customer_id": customer, "status": status, "order_date": date, "due_date": due,
           "amount": amount})
}

fn push(org: &Org, method: &str, items: Vec<Value>) -> Value {
    org.ok(None, method, json!({"items": items}))
}

fn receipt(r: &str, customer: &str, date: &str, amount: i64) -> Value {
    json!({"external_ref": r, "customer_id": customer, "receipt_date": date, "amount": amount})
}

/// A customer's receivables (closed ones too), with overdue days as of `as_of`.
fn receivables_of(org: &Org, actor: Option<&str>, customer: &str, as_of: &str) -> Vec<Value> {
    org.ok(actor, "receivables.list", json!({"customer_id": customer, "as_of": as_of}))["items"]
        .as_array()
        .unwrap()
        .clone()
}

fn of_order<'a>(list: &'a [Value], order_id: &str) -> &'a Value {
    list.iter().find(|r| r["order_id"] == order_id).unwrap_or_else(|| panic!("no receivable of {order_id}"))
}

#[test]
fn doc_6_a_receivable_is_created_when_a_pushed_order_comes_to_count_due_on_its_due_date() {
    let org = Org::new();
    let c = customer(&org, "应收客户", &org.rep_east1, json!({}));
    let o = id(
        &push(&org, "orders.push", vec![order("R-1", &c, "submitted", "2026-01-10", "2026-02-09", 50000)])["written"]
            [0],
    );
    assert!(receivables_of(&org, None, &c, "2026-03-01").is_empty(), "a submitted order owes nothing yet");

    push(&org, "orders.push", vec![order("R-1", &c, "approved", "2026-01-10", "2026-02-09", 50000)]);
    let list = receivables_of(&org, None, &c, "2026-03-01");
    assert_eq!(list.len(), 1);
    let r = &list[0];
    assert_eq!((r["order_id"].as_str(), r["seq"].as_i64()), (Some(o.as_str()), Some(1)));
    assert_eq!(r["due_date"], "2026-02-09");
    assert_eq!((r["amount_base"].as_i64(), r["outstanding_base"].as_i64()), (Some(50000), Some(50000)));
    assert_eq!(r["overdue_days"], 20, "2026-02-09 to 2026-03-01");
    assert!(r["closed_at"].is_null());
    assert_eq!(org.ok(None, "receivables.get", json!({"id": r["id"], "as_of": "2026-02-09"}))["overdue_days"], 0);

    // A foreign-currency order owes its base amount; without a due date it is due on the order date.
    let usd = json!({"external_ref": "R-2", "customer_id": c, "status": "approved", "order_date": "2026-02-01",
                     "amount": 1000, "currency": "USD", "fx_rate": "7.1"});
    let o2 = id(&push(&org, "orders.push", vec![usd])["written"][0]);
    let list = receivables_of(&org, None, &c, "2026-03-01");
    let r2 = of_order(&list, &o2);
    assert_eq!((r2["amount_base"].as_i64(), r2["due_date"].as_str()), (Some(7100), Some("2026-02-01")));

    // A changed amount and due date update the same receivable.
    push(&org, "orders.push", vec![order("R-1", &c, "partially_delivered", "2026-01-10", "2026-02-19", 60000)]);
    let after = receivables_of(&org, None, &c, "2026-03-01");
    let r1 = of_order(&after, &o);
    assert_eq!(r1["id"], r["id"], "the receivable keeps its id");
    assert_eq!((r1["amount_base"].as_i64(), r1["due_date"].as_str()), (Some(60000), Some("2026-02-19")));
}

/// Three orders: A due 01-31 (100.00), B due 02-15 (200.00), C due 03-31 (300.00).
fn three_orders(org: &Org) -> (String, [String; 3]) {
    let c = customer(org, "结算客户", &org.rep_east1, json!({}));
    let written = push(
        org,
        "orders.push",
        vec![
            order("S-A", &c, "approved", "2026-01-01", "2026-01-31", 10000),
            order("S-B", &c, "approved", "2026-01-15", "2026-02-15", 20000),
            order("S-C", &c, "approved", "2026-02-01", "2026-03-31", 30000),
        ],
    );
    let ids: Vec<String> = written["written"].as_array().unwrap().iter().map(id).collect();
    (c, [ids[0].clone(), ids[1].clone(), ids[2].clone()])
}

#[test]
fn doc_6_receipts_settle_a_named_receivable_then_a_named_order_then_the_oldest() {
    let org = Org::new();
    let (c, [a, b, cc]) = three_orders(&org);
    let list = receivables_of(&org, None, &c, "2026-03-01");
    let rc = of_order(&list, &cc)["id"].as_str().unwrap().to_string();

    // Names C's receivable: 50.00 of C.
    let mut named = receipt("P-1", &c, "2026-02-20", 5000);
    named["receivable_id"] = json!(rc);
    // Names order B: 250.00 pays B (200.00), 50.00 joins the pool.
    let mut to_b = receipt("P-2", &c, "2026-02-21", 25000);
    to_b["order_id"] = json!(b);
    // Names nothing: 30.00 joins the pool. The pool (80.00) pays the oldest first: A 80.00.
    push(&org, "receipts.push", vec![named, to_b, receipt("P-3", &c, "2026-02-22", 3000)]);
    let list = receivables_of(&org, None, &c, "2026-03-01");
    let outstanding = |o: &str| of_order(&list, o)["outstanding_base"].as_i64().unwrap();
    assert_eq!((outstanding(&a), outstanding(&b), outstanding(&cc)), (2000, 0, 25000));
    assert_eq!(of_order(&list, &a)["overdue_days"], 29, "A is due 01-31 and partly unpaid");
    assert_eq!(of_order(&list, &b)["overdue_days"], 0, "B is paid");
    assert_eq!(of_order(&list, &cc)["overdue_days"], 0, "C is not due yet");
    assert_eq!(org.ok(None, "receipts.push", json!({"items": []}))["created"], 0);

    // An order's open receivables, and the open ones in scope.
    let open = org.ok(None, "receivables.list", json!({"order_id": a, "open_only": true}))["items"].clone();
    assert_eq!(open.as_array().unwrap().len(), 1);
    let in_scope = org.ok(Some(&org.rep_east1), "receivables.list", json!({}))["items"].clone();
    assert_eq!(in_scope.as_array().unwrap().len(), 2, "A and C are open");

    // A receipt may not name another customer's receivable, nor one of another order; nothing changes.
    let other = customer(&org, "别的客户", &org.rep_east1, json!({}));
    let mut wrong = receipt("P-9", &other, "2026-02-22", 100);
    wrong["receivable_id"] = json!(rc);
    let err = org.refused_unchanged(None, "receipts.push", json!({"items": [wrong]}));
    assert_eq!(err.items[0].field.as_deref(), Some("receivable_id"));
    let mut mismatched = receipt("P-9", &c, "2026-02-22", 100);
    mismatched["receivable_id"] = json!(rc);
    mismatched["order_id"] = json!(a);
    let err = org.refused_unchanged(None, "receipts.push", json!({"items": [mismatched]}));
    assert_eq!(err.items[0].field.as_deref(), Some("receivable_id"));
}

#[test]
fn doc_6_cancelling_an_order_closes_its_receivable_and_its_payments_move_to_the_oldest() {
    let org = Org::new();
    let (c, [a, b, _]) = three_orders(&org);
    let mut to_b = receipt("P-1", &c, "2026-02-20", 5000);
    to_b["order_id"] = json!(b);
    push(&org, "receipts.push", vec![to_b]);
    push(&org, "orders.push", vec![order("S-B", &c, "cancelled", "2026-01-15", "2026-02-15", 20000)]);
    let list = receivables_of(&org, None, &c, "2026-03-01");
    let rb = of_order(&list, &b);
    assert!(rb["closed_at"].is_string(), "B's receivable is closed, kept");
    assert_eq!((rb["outstanding_base"].as_i64(), rb["overdue_days"].as_i64()), (Some(0), Some(0)));
    // The 50.00 paid towards B now pays A, the oldest.
    assert_eq!(of_order(&list, &a)["outstanding_base"], 5000);
    let open = org.ok(None, "receivables.list", json!({"customer_id": c, "open_only": true}))["items"].clone();
    assert_eq!(open.as_array().unwrap().len(), 2);
}

/// East: rep_east1's customers E1 (overdue 10 and 45 days) and E2 (overdue 100 days), rep_east2's E3 (not
/// due); West: rep_west's W1 (overdue 70 days); a pool customer P (overdue 5 days). As of 2026-03-01.
fn aging_dataset(org: &Org) -> [String; 5] {
    let e1 = customer(org, "E1", &org.rep_east1, json!({}));
    let e2 = customer(org, "E2", &org.rep_east1, json!({}));
    let e3 = customer(org, "E3", &org.rep_east2, json!({}));
    let w1 = customer(org, "W1", &org.rep_west, json!({}));
    let p = id(&org.ok(None, "customers.create", json!({"name": "Pool"})));
    push(
        org,
        "orders.push",
        vec![
            order("G-1", &e1, "approved", "2026-01-01", "2026-02-19", 1000),
            order("G-2", &e1, "delivered", "2026-01-01", "2026-01-15", 2000),
            order("G-3", &e2, "completed", "2025-11-01", "2025-11-21", 4000),
            order("G-4", &e3, "approved", "2026-02-01", "2026-03-20", 800),
            order("G-5", &w1, "approved", "2025-12-01", "2025-12-21", 3000),
            order("G-6", &p, "approved", "2026-02-01", "2026-02-24", 500),
            order("G-7", &w1, "draft", "2025-12-01", "2025-12-21", 99999),
        ],
    );
    [e1, e2, e3, w1, p]
}

fn amounts(report: &Value) -> Vec<i64> {
    report["buckets"].as_array().unwrap().iter().map(|b| b["amount"].as_i64().unwrap()).collect()
}

#[test]
fn doc_6_aging_bucket_totals_and_groups_by_customer_owner_and_department_paged() {
    let org = Org::new();
    let [e1, e2, e3, w1, p] = aging_dataset(&org);
    let report = org.ok(None, "receivables.aging", json!({"as_of": "2026-03-01"}));
    let labels: Vec<&str> =
        report["buckets"].as_array().unwrap().iter().map(|b| b["label"].as_str().unwrap()).collect();
    assert_eq!(labels, ["1-30", "31-60", "61-90", "90+"]);
    assert_eq!(amounts(&report), [1500, 2000, 3000, 4000], "E1 10d + P 5d; E1 45d; W1 70d; E2 100d");
    assert_eq!((report["not_due"].as_i64(), report["total"].as_i64()), (Some(800), Some(11300)));
    assert!(report["groups"].is_null());
    assert_eq!(report["buckets"][0]["receivables"], 2);

    let custom = org.ok(None, "receivables.aging", json!({"as_of": "2026-03-01", "buckets": [7, 50]}));
    assert_eq!(amounts(&custom), [500, 3000, 7000]);

    // By customer, two a page: E2 4000, W1 3000, E1 3000 (ties by id), P 500, E3 800.
    let page1 = org.ok(None, "receivables.aging", json!({"as_of": "2026-03-01", "group_by": "customer", "limit": 2}));
    let mut ids: Vec<String> = Vec::new();
    let mut cursor = page1["next_cursor"].clone();
    ids.extend(page1["groups"].as_array().unwrap().iter().map(id));
    assert_eq!(page1["groups"][0]["id"], e2.as_str());
    assert_eq!(page1["groups"][0]["name"], "E2");
    assert_eq!(page1["groups"][0]["buckets"], json!([0, 0, 0, 4000]));
    while cursor.is_string() {
        let page = org.ok(
            None,
            "receivables.aging",
            json!({"as_of": "2026-03-01", "group_by": "customer", "limit": 2, "cursor": cursor}),
        );
        ids.extend(page["groups"].as_array().unwrap().iter().map(id));
        cursor = page["next_cursor"].clone();
    }
    let mut tied = [e1.clone(), w1.clone()];
    tied.sort();
    assert_eq!(ids, [e2.clone(), tied[0].clone(), tied[1].clone(), e3.clone(), p.clone()]);

    let owners = org.ok(None, "receivables.aging", json!({"as_of": "2026-03-01", "group_by": "owner"}));
    let groups = owners["groups"].as_array().unwrap();
    assert_eq!(groups[0]["id"], org.rep_east1.as_str());
    assert_eq!((groups[0]["total"].as_i64(), groups[0]["name"].as_str()), (Some(7000), Some("张伟")));
    assert_eq!(groups[0]["buckets"], json!([1000, 2000, 0, 4000]));
    let pool = groups.iter().find(|g| g["id"].is_null()).expect("the pool as a group without an owner");
    assert_eq!(pool["total"], 500);

    let departments = org.ok(None, "receivables.aging", json!({"as_of": "2026-03-01", "group_by": "department"}));
    let groups = departments["groups"].as_array().unwrap();
    assert_eq!((groups[0]["id"].as_str(), groups[0]["total"].as_i64()), (Some(org.east.as_str()), Some(7800)));
    assert_eq!(groups[0]["not_due"], 800);
    assert_eq!((groups[1]["id"].as_str(), groups[1]["total"].as_i64()), (Some(org.west.as_str()), Some(3000)));
}

#[test]
fn doc_6_aging_counts_the_actors_scope() {
    let org = Org::new();
    let [_, _, _, _, _] = aging_dataset(&org);
    let total = |actor: &str| {
        org.ok(Some(actor), "receivables.aging", json!({"as_of": "2026-03-01"}))["total"].as_i64().unwrap()
    };
    assert_eq!(total(&org.rep_east1), 7000, "a rep: their own customers, no pool");
    assert_eq!(total(&org.rep_west), 3000);
    assert_eq!(total(&org.east_manager), 7800, "a manager: their department");
    assert_eq!(total(&org.admin), 11300);
    let groups =
        org.ok(Some(&org.rep_east1), "receivables.aging", json!({"as_of": "2026-03-01", "group_by": "customer"}));
    assert_eq!(groups["groups"].as_array().unwrap().len(), 2);
    // Lists follow the same scope: another rep's customer is not found.
    let e3 = org.ok(Some(&org.rep_east2), "receivables.list", json!({}))["items"][0]["customer_id"].clone();
    let err = org.refused(Some(&org.rep_east1), "receivables.list", json!({"customer_id": e3}));
    assert_eq!(err.code, ErrorCode::NotFound);
    let r = org.ok(Some(&org.rep_east2), "receivables.list", json!({}))["items"][0]["id"].clone();
    assert_eq!(org.refused(Some(&org.rep_east1), "receivables.get", json!({"id": r})).code, ErrorCode::NotFound);
}

#[test]
fn doc_6_amounts_are_withheld_and_aging_refused_without_view_financial() {
    let org = Org::new();
    let [e1, ..] = aging_dataset(&org);
    org.ok(
        None,
        "roles.define",
        json!({"code": "no_money", "name": "No money", "scope": "all", "permissions": {
            "customer": ["view_financial"], "receivable": []}}),
    );
    let user = id(&org.ok(
        None,
        "users.create",
        json!({"name": "Clerk", "department_id": org.hq, "custom_roles": ["no_money"]}),
    ));
    let list = receivables_of(&org, Some(&user), &e1, "2026-03-01");
    assert_eq!(list.len(), 2);
    for r in &list {
        assert!(r.get("amount_base").is_none() && r.get("outstanding_base").is_none(), "{r}");
        assert_eq!(r["withheld"], json!(["amount_base", "outstanding_base"]));
        assert!(r["overdue_days"].is_i64());
    }
    let one = org.ok(Some(&user), "receivables.get", json!({"id": list[0]["id"]}));
    assert!(one.get("amount_base").is_none());
    let err = org.refused_unchanged(Some(&user), "receivables.aging", json!({}));
    assert_eq!(err.code, ErrorCode::PermissionDenied);
    // Built-in reps see receivables' money.
    assert_eq!(receivables_of(&org, Some(&org.rep_east1), &e1, "2026-03-01")[0]["withheld"], Value::Null);
}

#[test]
fn doc_6_bad_input_is_refused_with_its_field_and_changes_nothing() {
    let org = Org::new();
    aging_dataset(&org);
    for (req, field) in [
        (json!({"buckets": [60, 30]}), "buckets"),
        (json!({"buckets": [30, 30]}), "buckets"),
        (json!({"buckets": [0, 30]}), "buckets"),
        (json!({"buckets": [-5]}), "buckets"),
        (json!({"buckets": []}), "buckets"),
        (json!({"buckets": (1..=13).collect::<Vec<i64>>()}), "buckets"),
        (json!({"as_of": "2026-02-30"}), "as_of"),
        (json!({"limit": 0}), "limit"),
        (json!({"limit": 1001}), "limit"),
        (json!({"group_by": "customer", "cursor": "nonsense"}), "cursor"),
    ] {
        let err = org.refused_unchanged(None, "receivables.aging", req.clone());
        assert_eq!((err.code, err.field.as_deref()), (ErrorCode::Validation, Some(field)), "{req}");
    }
    let err = org.refused_unchanged(None, "receivables.aging", json!({"group_by": "region"}));
    assert_eq!((err.code, err.field.as_deref()), (ErrorCode::MalformedRequest, Some("group_by")));
    let err = org.refused_unchanged(None, "receivables.list", json!({"as_of": "03/01/2026"}));
    assert_eq!(err.field.as_deref(), Some("as_of"));
    let err = org.refused_unchanged(None, "receivables.get", json!({"id": "nope"}));
    assert_eq!(err.code, ErrorCode::NotFound);
}

/// A small deterministic history per customer: counting and other orders, receipts naming an order, a
/// receivable or nothing, cancellations and moved due dates, pushed in many small batches so both the
/// fast path and settling again run. CUS-4's outstanding and overdue (the stored statistics, as of today)
/// equal the receivables table's sums.
#[test]
fn doc_6_statistics_outstanding_and_overdue_equal_the_receivables_table() {
    let org = Org::new();
    let mut state = 0x2545_F491_4F6C_DD1Du64;
    let mut next = |n: u64| {
        state = state.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1_442_695_040_888_963_407);
        (state >> 33) % n
    };
    let customers: Vec<String> = (0..6).map(|i| customer(&org, &format!("S{i}"), &org.rep_east1, json!({}))).collect();
    let day = |k: u64| {
        let d = chrono::NaiveDate::from_ymd_opt(2025, 10, 1).unwrap() + chrono::Duration::days(k as i64);
        d.format("%Y-%m-%d").to_string()
    };
    let statuses = ["approved", "delivered", "completed", "draft", "submitted"];
    let mut orders: Vec<(String, String, String)> = Vec::new();
    for step in 0..120 {
        let c = customers[next(customers.len() as u64) as usize].clone();
        match next(5) {
            0 | 1 => {
                let date = next(150);
                let r = format!("O-{step}");
                let status = statuses[next(statuses.len() as u64) as usize];
                let item = order(&r, &c, status, &day(date), &day(date + next(60)), 1 + next(5000) as i64);
                let oid = id(&push(&org, "orders.push", vec![item])["written"][0]);
                orders.push((r, oid, c));
            }
            2 if !orders.is_empty() => {
                // Cancel or re-date an order that can move there.
                let (r, oid, oc) = orders[next(orders.len() as u64) as usize].clone();
                let current = org.ok(None, "orders.get", json!({"id": oid}));
                let status = current["status"].as_str().unwrap();
                let (to, due) = if matches!(status, "approved" | "draft" | "submitted") && next(2) == 0 {
                    ("cancelled", current["due_date"].as_str().unwrap().to_string())
                } else {
                    (status, day(next(150)))
                };
                let due = due.max(current["order_date"].as_str().unwrap().to_string());
                let item = order(
                    &r,
                    &oc,
                    to,
                    current["order_date"].as_str().unwrap(),
                    &due,
                    current["amount"].as_i64().unwrap(),
                );
                push(&org, "orders.push", vec![item]);
            }
            _ => {
                let mut item = receipt(&format!("P-{step}"), &c, &day(next(150)), 1 + next(4000) as i64);
                let mine: Vec<&(String, String, String)> = orders.iter().filter(|o| o.2 == c).collect();
                if !mine.is_empty() && next(3) == 0 {
                    item["order_id"] = json!(mine[next(mine.len() as u64) as usize].1);
                } else if next(3) == 0 {
                    let list = org.ok(None, "receivables.list", json!({"customer_id": c}))["items"].clone();
                    if let Some(r) = list.as_array().unwrap().first() {
                        item["receivable_id"] = r["id"].clone();
                    }
                }
                push(&org, "receipts.push", vec![item]);
            }
        }
    }
    let (mut owed, mut late, mut closed) = (0, 0, 0);
    for c in &customers {
        let overview = org.ok(None, "customers.overview", json!({"id": c}));
        let as_of = overview["as_of"].as_str().unwrap().to_string();
        let list = receivables_of(&org, None, c, &as_of);
        let outstanding: i64 = list.iter().map(|r| r["outstanding_base"].as_i64().unwrap()).sum();
        let overdue: i64 = list
            .iter()
            .filter(|r| r["overdue_days"].as_i64().unwrap() > 0)
            .map(|r| r["outstanding_base"].as_i64().unwrap())
            .sum();
        owed += outstanding;
        late += overdue;
        closed += list.iter().filter(|r| r["closed_at"].is_string()).count();
        let stats = &overview["statistics"];
        assert_eq!(stats["outstanding_amount"].as_i64(), Some(outstanding), "{c}");
        assert_eq!(stats["overdue_amount"].as_i64(), Some(overdue), "{c}");
    }
    assert!(owed > late && late > 0 && closed > 0, "the history exercises every path: {owed} {late} {closed}");
    // And the aging report's total is the sum of every open receivable.
    let aging = org.ok(None, "receivables.aging", json!({}));
    let all: i64 = customers
        .iter()
        .map(|c| {
            org.ok(None, "customers.overview", json!({"id": c}))["statistics"]["outstanding_amount"].as_i64().unwrap()
        })
        .sum();
    assert_eq!(aging["total"].as_i64(), Some(all));
}
