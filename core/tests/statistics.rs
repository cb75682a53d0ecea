//! Customer statistics and the 360 overview (CUS-4): receivables and credit, opportunities and activities, new orders added or recomputed exactly, stored rows that follow every move of the reference date.

mod common;

use common::Org;
use common::dataset::{AS_OF, customer, golden, order, push_orders};
use serde_json::{Value, json};

#[test]
fn cus_4_overview_holds_receivables_credit_opportunities_and_activities() {
    let g = golden();
    let org = &g.org;
    // C3 owes 500.00 (due 2024-12-31) and 300.00 (due 2025-07-01); an unnamed receipt of 600.00 pays the
    // oldest first: 500.00 fully, 100.00 of the second. Outstanding 200.00, all of it overdue; credit
    // limit 1000.00 leaves 800.00.
    org.ok(
        None,
        "receipts.push",
        json!({"items": [{"external_ref": "RC-1", "customer_id": g.c[2], "receipt_date": "2025-08-01", "amount": 60000}]}),
    );
    let o = org.ok(Some(&org.rep_east2), "customers.overview", json!({"id": g.c[2], "as_of": AS_OF}));
    let s = &o["statistics"];
    assert_eq!(s["receipts_amount"].as_i64(), Some(60000));
    assert_eq!((s["outstanding_amount"].as_i64(), s["overdue_amount"].as_i64()), (Some(20000), Some(20000)));
    assert_eq!((o["credit_limit"].as_i64(), o["credit_available"].as_i64()), (Some(100000), Some(80000)));
    // A receipt naming the 2025-06 order settles it first; it is now paid in full.
    org.ok(
        None,
        "receipts.push",
        json!({"items": [{"external_ref": "RC-2", "customer_id": g.c[2], "order_external_ref": "SO-3b",
                          "receipt_date": "2025-09-01", "amount": 20000}]}),
    );
    let o = org.ok(None, "customers.overview", json!({"id": g.c[2], "as_of": AS_OF}));
    assert_eq!(o["statistics"]["outstanding_amount"].as_i64(), Some(0));

    // C1: an open opportunity of 1000.00 at 10% weighs 100.00; a done visit counts as a recent activity.
    org.ok(
        None,
        "pipelines.create",
        json!({"code": "standard", "name": "标准", "stages": [{"code": "qualify", "name": "初步接洽", "probability": 10}]}),
    );
    org.ok(
        Some(&org.rep_east1),
        "opportunities.create",
        json!({"customer_id": g.c[0], "title": "二期", "amount": 100000}),
    );
    org.ok(
        Some(&org.rep_east1),
        "activities.create",
        json!({"kind": "visit", "subject": "拜访", "status": "done", "starts_at": "2026-03-01T02:00:00Z", "customer_id": g.c[0]}),
    );
    let o = org.ok(Some(&org.rep_east1), "customers.overview", json!({"id": g.c[0]}));
    assert_eq!(o["as_of"].as_str(), Some("2026-03-02"), "default as_of is the organisation's today");
    assert_eq!((o["open_opportunities"].as_i64(), o["open_opportunities_weighted"].as_i64()), (Some(1), Some(10000)));
    assert_eq!(o["statistics"]["activity_count"].as_i64(), Some(1));
    assert_eq!(o["statistics"]["recent_activity_count"].as_i64(), Some(1));
    assert_eq!(o["statistics"]["year_order_amount"].as_i64(), Some(100000));

    // Scope: another team's customer is not found; an unknown one neither.
    org.refused(Some(&org.rep_west), "customers.overview", json!({"id": g.c[0]}));
    let err = org.refused(None, "customers.overview", json!({"id": g.c[0], "as_of": "2026-02-30"}));
    assert_eq!(err.field.as_deref(), Some("as_of"));
}

#[test]
fn cus_4_this_years_receipts_and_outstanding_and_the_figures_per_channel_partner() {
    let org = Org::new();
    let c = customer(&org, "年度客户", &org.rep_east1, json!({}));
    let push = |r: &str, date: &str, due: &str, amount: i64, channel: Option<&str>| {
        json!({"external_ref": r, "customer_id": c, "status": "approved", "order_date": date, "due_date": due,
               "amount": amount, "channel_partner": channel})
    };
    org.ok(
        None,
        "orders.push",
        json!({"items": [push("Y-1", "2025-11-10", "2025-12-10", 50_000, Some("华东代理")),
                         push("Y-2", "2026-01-15", "2026-02-15", 30_000, Some("华东代理")),
                         push("Y-3", "2026-02-20", "2026-04-20", 20_000, Some("华南代理")),
                         push("Y-4", "2026-02-25", "2026-05-25", 10_000, None)]}),
    );
    // 2025: 20,000.00 received; 2026: 45,000.00, paying oldest first: Y-1 (2025) in full, then 15,000 of Y-2.
    org.ok(
        None,
        "receipts.push",
        json!({"items": [{"external_ref": "R-1", "customer_id": c, "receipt_date": "2025-12-01", "amount": 20_000},
                         {"external_ref": "R-2", "customer_id": c, "receipt_date": "2026-02-01", "amount": 45_000}]}),
    );
    let o = org.ok(None, "customers.overview", json!({"id": c, "as_of": "2026-03-01"}));
    let s = &o["statistics"];
    assert_eq!((s["receipts_amount"].as_i64(), s["year_receipts_amount"].as_i64()), (Some(65_000), Some(45_000)));
    // Outstanding 45,000.00: 15,000 of Y-2, Y-3 and Y-4, all ordered in 2026; nothing of 2025 is owed.
    assert_eq!((s["outstanding_amount"].as_i64(), s["year_outstanding_amount"].as_i64()), (Some(45_000), Some(45_000)));
    // As of the end of 2025 the year is 2025's: 20,000 received, 30,000 of Y-1 owed.
    let o25 = org.ok(None, "customers.overview", json!({"id": c, "as_of": "2025-12-31"}));
    let s25 = &o25["statistics"];
    assert_eq!(
        (s25["year_receipts_amount"].as_i64(), s25["year_outstanding_amount"].as_i64()),
        (Some(20_000), Some(30_000))
    );
    assert_eq!(
        o["channel_partners"],
        json!([
            {"channel_partner": "华东代理", "order_count": 2, "order_amount": 80_000, "last_order_date": "2026-01-15"},
            {"channel_partner": "华南代理", "order_count": 1, "order_amount": 20_000, "last_order_date": "2026-02-20"}
        ])
    );
    // The stored row (as of today) holds the same as a computation; a rep's value model may weigh them.
    let today = org.ok(None, "customers.overview", json!({"id": c}));
    assert_eq!(today["statistics"]["year_outstanding_amount"].as_i64(), Some(45_000));
    // Roles without view_financial on customers see neither figure.
    org.ok(None, "roles.define", json!({"code": "desk", "name": "Desk", "scope": "all", "permissions": {}}));
    let desk = common::id(&org.ok(
        None,
        "users.create",
        json!({"name": "Desk", "department_id": org.east, "custom_roles": ["desk"]}),
    ));
    let hidden = org.ok(Some(&desk), "customers.overview", json!({"id": c}));
    let withheld = hidden["withheld"].as_array().unwrap();
    assert!(withheld.contains(&json!("statistics.year_receipts_amount")));
    assert!(withheld.contains(&json!("statistics.year_outstanding_amount")));
}

#[test]
fn cus_4_new_orders_join_the_statistics_exactly_whether_added_or_recomputed() {
    // A new counting order is added to its customer's row as a delta when that is exact, else the row is
    // recomputed; either way the row must equal a fresh computation from the documents.
    let g = golden();
    let org = &g.org;
    let stats = |c: &str| org.ok(None, "customers.overview", json!({"id": c}))["statistics"].clone();
    let before: Vec<Value> = g.c.iter().map(|c| stats(c)).collect();
    // C4 has paid more than it owes (credit 50.00), which the next order absorbs: recomputed, not added.
    org.ok(
        None,
        "receipts.push",
        json!({"items": [{"external_ref": "RC-4", "customer_id": g.c[3], "receipt_date": "2026-03-01", "amount": 15000}]}),
    );
    // One batch skipping an invalid item: it first runs as a whole, fails on the bad date, and is retried
    // item by item, so the first attempt's orders are rolled back and written again under new ids.
    let r = org.ok(
        None,
        "orders.push",
        json!({"mode": "skip_invalid", "items": [
            order("SO-N1", &g.c[0], "2026-03-02", 7000),
            order("SO-N2", &g.c[1], "2026-13-40", 1),
            order("SO-N3", &g.c[3], "2026-03-02", 8000),
            order("SO-N4", &g.c[0], "2026-03-02", 500),
        ]}),
    );
    assert_eq!(r["rejected"].as_array().map(Vec::len), Some(1));
    let after: Vec<Value> = g.c.iter().map(|c| stats(c)).collect();
    let n = |v: &Value, k: &str| v[k].as_i64().unwrap();
    // C1: two more orders (70.00 and 5.00), both outstanding.
    assert_eq!(n(&after[0], "order_count"), n(&before[0], "order_count") + 2);
    assert_eq!(n(&after[0], "order_amount"), n(&before[0], "order_amount") + 7500);
    assert_eq!(n(&after[0], "outstanding_amount"), n(&before[0], "outstanding_amount") + 7500);
    assert_eq!(after[0]["last_order_date"], json!("2026-03-02"));
    assert_eq!(after[1], before[1], "the rejected item changed nothing");
    // C4: 100.00 + 80.00 owed, 150.00 paid: 30.00 outstanding.
    assert_eq!((n(&after[3], "order_count"), n(&after[3], "outstanding_amount")), (2, 3000));
    // Every stored row equals a fresh computation (once the reference date has moved away, the overview
    // at 2026-03-02 computes from the documents).
    org.ok(None, "scores.rescore", json!({"as_of": "2026-03-20"}));
    for (c, stored) in g.c.iter().zip(&after) {
        let fresh = org.ok(None, "customers.overview", json!({"id": c, "as_of": "2026-03-02"}))["statistics"].clone();
        assert_eq!(stored, &fresh, "{c}");
    }
}

#[test]
fn statistics_follow_the_reference_date_exactly() {
    // The stored rows are moved between reference dates by recomputing only the customers whose
    // documents the move touches. After each move, every stored row (read back through the overview
    // at the reference date) must equal a fresh computation for that date (the overview at that date
    // once the reference has moved elsewhere).
    let g = golden();
    let org = &g.org;
    org.ok(
        Some(&org.rep_east1),
        "activities.create",
        json!({"kind": "call", "subject": "回访", "status": "done", "starts_at": "2025-12-05T02:00:00Z", "customer_id": g.c[1]}),
    );
    org.ok(
        None,
        "receipts.push",
        json!({"items": [{"external_ref": "RC-9", "customer_id": g.c[0], "receipt_date": "2026-02-25", "amount": 30000}]}),
    );
    let dates = ["2026-03-01", "2025-06-01", "2026-12-31", "2026-03-02", "2025-12-31", "2026-03-01", "2027-01-01"];
    let overview =
        |c: &str, d: &str| org.ok(None, "customers.overview", json!({"id": c, "as_of": d}))["statistics"].clone();
    let mut stored_before: Vec<Value> = Vec::new();
    for (i, as_of) in dates.iter().enumerate() {
        org.ok(None, "scores.rescore", json!({"as_of": as_of}));
        if i > 0 {
            for (c, stored) in g.c.iter().zip(&stored_before) {
                assert_eq!(
                    stored,
                    &overview(c, dates[i - 1]),
                    "{c}: stored row at {} vs a fresh computation",
                    dates[i - 1]
                );
            }
        }
        stored_before = g.c.iter().map(|c| overview(c, as_of)).collect();
    }
    // A date with statistics at all: C1 at 2026-03-01 holds both orders and the receipt.
    assert_eq!(overview(&g.c[0], "2026-03-01")["receipts_amount"].as_i64(), Some(30000));
}

#[test]
fn statistics_follow_random_moves_of_the_reference_date_exactly() {
    // Moving the reference date recomputes only the customers with a document in exactly the days that
    // change some statistic. A seeded random history (orders of every status with random due dates,
    // named and unnamed receipts, done activities at any hour) and a walk of reference dates (day steps,
    // long jumps both ways, a new year, a window change): after each move every stored row must equal a
    // fresh computation for its date.
    let org = Org::new();
    let mut state = 0x2545_F491_4F6C_DD1Du64;
    let mut next = |n: u64| {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        state % n
    };
    let base = chrono::NaiveDate::from_ymd_opt(2026, 3, 1).unwrap();
    let day = |k: i64| (base + chrono::Duration::days(k)).to_string();
    let customers: Vec<String> =
        (0..16).map(|i| customer(&org, &format!("客户{i:02}"), &org.rep_east1.clone(), json!({}))).collect();
    let (mut orders, mut receipts) = (Vec::new(), Vec::new());
    for (i, c) in customers.iter().enumerate() {
        for j in 0..next(7) {
            let date = next(500) as i64 - 400;
            let status = ["approved", "approved", "completed", "draft", "cancelled"][next(5) as usize];
            let external_ref = format!("R-{i}-{j}");
            orders.push(json!({"external_ref": external_ref, "customer_id": c, "status": status,
                "order_date": day(date), "due_date": day(date + next(60) as i64), "amount": 100 + next(90_000)}));
            if next(3) == 0 {
                receipts.push(json!({"external_ref": format!("RC-{i}-{j}"), "customer_id": c,
                    "order_external_ref": external_ref, "receipt_date": day(date + next(90) as i64),
                    "amount": 100 + next(60_000)}));
            }
        }
        for j in 0..next(3) {
            receipts.push(json!({"external_ref": format!("RU-{i}-{j}"), "customer_id": c,
                "receipt_date": day(next(500) as i64 - 400), "amount": 100 + next(50_000)}));
        }
        for _ in 0..next(4) {
            let at = format!("{}T{:02}:30:00Z", day(next(500) as i64 - 400), next(24));
            org.ok(
                Some(&org.rep_east1),
                "activities.create",
                json!({"kind": "visit", "subject": "拜访", "status": "done", "starts_at": at, "customer_id": c}),
            );
        }
    }
    push_orders(&org, orders);
    org.ok(None, "receipts.push", json!({"items": receipts}));
    let mut walk: Vec<(i64, i64)> = Vec::new();
    let mut at = 0i64;
    for step in 0..40 {
        at += match next(10) {
            0 => 60,
            1 => -45,
            _ => next(3) as i64 + 1,
        };
        walk.push((at, if step < 25 { 365 } else { 90 }));
    }
    walk.push((305, 90)); // 2026-12-31
    walk.push((306, 90)); // 2027-01-01, a new year
    walk.push((305, 90));
    let overview =
        |c: &str, d: &str| org.ok(None, "customers.overview", json!({"id": c, "as_of": d}))["statistics"].clone();
    // A fresh computation for another date uses the current window: rows are compared across moves that
    // keep the window (a window change itself recomputes every customer).
    let mut stored_before: Option<(String, i64, Vec<Value>)> = None;
    let mut compared = 0;
    for (k, window) in walk {
        let as_of = day(k);
        org.ok(None, "scores.rescore", json!({"as_of": as_of, "window_days": window}));
        if let Some((date, before_window, stored)) = stored_before.take()
            && date != as_of
            && before_window == window
        {
            compared += 1;
            for (c, row) in customers.iter().zip(&stored) {
                assert_eq!(row, &overview(c, &date), "{c}: stored row at {date} vs a fresh computation");
            }
        }
        stored_before = Some((as_of.clone(), window, customers.iter().map(|c| overview(c, &as_of)).collect()));
    }
    assert!(compared >= 38, "{compared} moves compared");
}
