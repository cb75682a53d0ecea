//! Value analytics through `engine.call`: ERP pushes (DOC-8), the 360 overview (CUS-4), value models,
//! RFM and ABC (SCORE-1..5), with small datasets whose results are worked out by hand here.

mod common;

use common::{Org, id};
use serde_json::{Value, json};

const AS_OF: &str = "2026-03-01";

fn customer(org: &Org, name: &str, owner: &str, extra: Value) -> String {
    let mut req = json!({"name": name, "owner_id": owner});
    if let (Some(r), Some(e)) = (req.as_object_mut(), extra.as_object()) {
        r.extend(e.clone());
    }
    id(&org.ok(None, "customers.create", req))
}

fn order(external_ref: &str, customer_id: &str, date: &str, amount: i64) -> Value {
    json!({"external_ref": external_ref, "customer_id": customer_id, "status": "approved", "order_date": date, "amount": amount})
}

fn push_orders(org: &Org, items: Vec<Value>) -> Value {
    org.ok(None, "orders.push", json!({"items": items}))
}

/// The golden dataset (amounts in fen; as of 2026-03-01, window 2025-03-02..=2026-03-01):
///
/// | customer | owner | counting orders (date: amount) | as of: count, total, last, days | window count, amount |
/// |---|---|---|---|---|
/// | C1 | rep_east1 | 2026-01-10: 600.00, 2026-02-20: 400.00 | 2, 1000.00, 02-20, 9 | 2, 1000.00 |
/// | C2 | rep_east1 | 2025-12-01: 200.00 | 1, 200.00, 12-01, 90 | 1, 200.00 |
/// | C3 | rep_east2 | 2024-12-01: 500.00, 2025-06-01: 300.00 | 2, 800.00, 06-01, 273 | 1, 300.00 |
/// | C4 | rep_west | 2026-02-28: 100.00 | 1, 100.00, 02-28, 1 | 1, 100.00 |
/// | C5 | rep_west | 2026-03-05: 999.00 (after as_of), a draft | none as of | - |
/// | C6 | rep_east1 | none | - | - |
struct Golden {
    org: Org,
    c: Vec<String>,
}

fn golden() -> Golden {
    let org = Org::new();
    let c = vec![
        customer(&org, "C1 深圳华强", &org.rep_east1.clone(), json!({})),
        customer(&org, "C2 广州宏达", &org.rep_east1.clone(), json!({})),
        customer(&org, "C3 佛山美佳", &org.rep_east2.clone(), json!({"credit_limit": 100000})),
        customer(&org, "C4 东莞精工", &org.rep_west.clone(), json!({})),
        customer(&org, "C5 珠海海洋", &org.rep_west.clone(), json!({})),
        customer(&org, "C6 中山华美", &org.rep_east1.clone(), json!({})),
    ];
    let mut draft = order("SO-5-draft", &c[4], "2026-01-01", 5000);
    draft["status"] = json!("draft");
    push_orders(
        &org,
        vec![
            order("SO-1a", &c[0], "2026-01-10", 60000),
            order("SO-1b", &c[0], "2026-02-20", 40000),
            order("SO-2", &c[1], "2025-12-01", 20000),
            json!({"external_ref": "SO-3a", "customer_id": c[2], "status": "completed", "order_date": "2024-12-01",
                   "due_date": "2024-12-31", "amount": 50000}),
            json!({"external_ref": "SO-3b", "customer_id": c[2], "status": "delivered", "order_date": "2025-06-01",
                   "due_date": "2025-07-01", "amount": 30000}),
            order("SO-4", &c[3], "2026-02-28", 10000),
            order("SO-5", &c[4], "2026-03-05", 99900),
            draft,
        ],
    );
    Golden { org, c }
}

fn standard_model(org: &Org) -> Value {
    org.ok(
        None,
        "value_models.create",
        json!({"code": "standard", "name": "客户价值", "dimensions": [
            {"metric": "order_amount", "rule": {"kind": "linear", "lo": 0, "hi": 100000}, "weight": 3},
            {"metric": "days_since_last_order", "rule": {"kind": "linear", "lo": 100, "hi": 0}, "weight": 1}
        ]}),
    )
}

fn scores(org: &Org, customer_id: &str) -> Value {
    org.ok(None, "customers.scores", json!({"id": customer_id}))
}

#[test]
fn doc_8_order_pushes_are_idempotent_batched_and_feed_statistics() {
    let g = golden();
    let org = &g.org;
    // The same order again updates it: no new row, same statistics.
    let again = push_orders(org, vec![order("SO-1a", &g.c[0], "2026-01-10", 60000)]);
    assert_eq!((again["created"].as_i64(), again["updated"].as_i64()), (Some(0), Some(1)));
    let o = org.ok(None, "customers.overview", json!({"id": g.c[0], "as_of": AS_OF}));
    let s = &o["statistics"];
    assert_eq!((s["order_count"].as_i64(), s["order_amount"].as_i64()), (Some(2), Some(100000)));
    assert_eq!((s["largest_order"].as_i64(), s["last_order_date"].as_str()), (Some(60000), Some("2026-02-20")));

    // Another currency converts once to the base currency (USD 10.00 at 7.1 = 71.00 CNY).
    push_orders(
        org,
        vec![json!({"external_ref": "SO-1c", "customer_id": g.c[0], "status": "approved", "order_date": "2026-02-21",
                    "amount": 1000, "currency": "USD", "fx_rate": "7.1"})],
    );
    let o = org.ok(None, "customers.overview", json!({"id": g.c[0], "as_of": AS_OF}));
    assert_eq!(o["statistics"]["order_amount"].as_i64(), Some(107100));
    // Cancelling it takes it out again; by customer_external_ref works too.
    org.ok(None, "customers.update", json!({"id": g.c[0], "external_ref": "ERP-C1"}));
    push_orders(
        org,
        vec![json!({"external_ref": "SO-1c", "customer_external_ref": "ERP-C1", "status": "cancelled",
                    "order_date": "2026-02-21", "amount": 1000, "currency": "USD", "fx_rate": "7.1"})],
    );
    let o = org.ok(None, "customers.overview", json!({"id": g.c[0], "as_of": AS_OF}));
    assert_eq!(o["statistics"]["order_amount"].as_i64(), Some(100000));

    // Draft and future orders do not count as of the date.
    let o5 = org.ok(None, "customers.overview", json!({"id": g.c[4], "as_of": AS_OF}));
    assert_eq!(o5["statistics"]["order_count"].as_i64(), Some(0));
    let o5 = org.ok(None, "customers.overview", json!({"id": g.c[4], "as_of": "2026-03-31"}));
    assert_eq!(o5["statistics"]["order_amount"].as_i64(), Some(99900));

    // Bad items: all_or_nothing refuses the batch with each item's error, and changes nothing.
    let err = org.refused(
        None,
        "orders.push",
        json!({"items": [order("SO-9", &g.c[0], "2026-02-30", 100), order("SO-10", "nobody", "2026-02-01", 100)]}),
    );
    assert_eq!(err.code.as_str(), "validation");
    assert_eq!(err.items.len(), 2);
    assert_eq!(err.items[0].field.as_deref(), Some("order_date"));
    assert_eq!((err.items[1].code.as_str(), err.items[1].field.as_deref()), ("not_found", Some("customer_id")));
    // A rep cannot push documents for another team's customer.
    let err =
        org.refused(Some(&org.rep_west), "orders.push", json!({"items": [order("SO-11", &g.c[0], "2026-02-01", 1)]}));
    assert_eq!(err.items[0].code.as_str(), "not_found");
    let err = org.refused(None, "orders.push", json!({"items": [{"external_ref": "x", "customer_id": g.c[0]}]}));
    assert_eq!(err.code.as_str(), "malformed_request");
}

#[test]
fn doc_8_deliveries_never_exceed_the_order_and_move_its_status() {
    let g = golden();
    let org = &g.org;
    let r = org.ok(
        None,
        "deliveries.push",
        json!({"items": [{"external_ref": "DN-1", "order_external_ref": "SO-1b", "delivery_date": "2026-02-22", "amount": 25000}]}),
    );
    assert_eq!(r["created"].as_i64(), Some(1));
    let order_id = push_orders(org, vec![order("SO-1b", &g.c[0], "2026-02-20", 40000)])["written"][0]["id"].clone();
    let status = || org.ok(None, "orders.get", json!({"id": order_id}))["status"].clone();
    assert_eq!(status(), json!("partially_delivered"));
    let err = org.refused(
        None,
        "deliveries.push",
        json!({"items": [{"external_ref": "DN-2", "order_external_ref": "SO-1b", "delivery_date": "2026-02-23", "amount": 15001}]}),
    );
    assert_eq!(err.items[0].field.as_deref(), Some("amount"));
    // Re-pushing DN-1 with the rest delivers the order fully (the old amount is replaced, not added).
    org.ok(
        None,
        "deliveries.push",
        json!({"items": [{"external_ref": "DN-1", "order_external_ref": "SO-1b", "delivery_date": "2026-02-22", "amount": 40000}]}),
    );
    assert_eq!(status(), json!("delivered"));
    let o = org.ok(None, "orders.get", json!({"id": order_id}));
    assert_eq!(o["delivered_amount"].as_i64(), Some(40000));
    org.refused(Some(&org.rep_west), "orders.get", json!({"id": order_id}));
    let err = org.refused(
        None,
        "deliveries.push",
        json!({"items": [{"external_ref": "DN-3", "order_external_ref": "SO-5-draft", "delivery_date": "2026-02-23", "amount": 1}]}),
    );
    assert_eq!(err.items[0].code.as_str(), "invalid_state");
}

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
fn score_1_2_value_model_scores_with_breakdown_and_score_grades() {
    let g = golden();
    let org = &g.org;
    let model = standard_model(org);
    assert_eq!((model["version"].as_i64(), model["is_default"].as_bool()), (Some(1), Some(true)));
    let summary = org.ok(None, "scores.rescore", json!({"as_of": AS_OF}));
    assert_eq!(summary["customers"].as_i64(), Some(6));
    // Points: amount linear 0..1000.00 (weight 3), days since last order 100..0 (weight 1).
    // C1: 100, 91 -> (300 + 91) / 4 = 97.75 A; C2: 20, 10 -> 17.50 D; C3: 80, 0 -> 60.00 B;
    // C4: 10, 99 -> 32.25 C; C5 and C6: 0 (no orders as of the date: days missing scores 0) -> D.
    let expected = [(97.75, "A"), (17.5, "D"), (60.0, "B"), (32.25, "C"), (0.0, "D"), (0.0, "D")];
    for (c, (score, grade)) in g.c.iter().zip(expected) {
        let s = &scores(org, c)["scores"][0];
        assert_eq!((s["score"].as_f64(), s["grade"].as_str()), (Some(score), Some(grade)), "customer {c}");
        assert_eq!(s["model_version"].as_i64(), Some(1));
    }
    assert_eq!(summary["models"][0]["grades"], json!({"A": 1, "B": 1, "C": 1, "D": 3}));
    // SCORE-2: the breakdown explains C1's 97.75.
    let b = &scores(org, &g.c[0])["scores"][0]["breakdown"];
    assert_eq!(
        b[0],
        json!({"metric": "order_amount", "value": 100000.0, "points": 100.0, "weight": 3.0, "contribution": 75.0})
    );
    assert_eq!(
        b[1],
        json!({"metric": "days_since_last_order", "value": 9.0, "points": 91.0, "weight": 1.0, "contribution": 22.75})
    );
    let b5 = &scores(org, &g.c[4])["scores"][0]["breakdown"];
    assert_eq!((b5[1]["value"].clone(), b5[1]["points"].as_f64()), (Value::Null, Some(0.0)));
    // The overview shows the default model's score and grade.
    let o = org.ok(None, "customers.overview", json!({"id": g.c[2], "as_of": AS_OF}));
    assert_eq!((o["value_score"].as_f64(), o["value_grade"].as_str()), (Some(60.0), Some("B")));
}

#[test]
fn score_1_changing_a_model_raises_its_version_and_rescores_with_percentage_grades() {
    let g = golden();
    let org = &g.org;
    let model = standard_model(org);
    org.ok(None, "scores.rescore", json!({"as_of": AS_OF}));
    let updated = org.ok(
        None,
        "value_models.update",
        json!({"id": model["id"], "grading": {"method": "percentage", "a": 0.2, "b": 0.5, "c": 0.8}}),
    );
    assert_eq!(updated["version"].as_i64(), Some(2));
    // Scores 97.75, 17.50, 60.00, 32.25, 0, 0; n = 6; strictly higher h: 0, 3, 1, 2, 4, 4;
    // h/n: 0 A, .5 C, .17 A, .33 B, .67 C, .67 C.
    let expected = ["A", "C", "A", "B", "C", "C"];
    for (c, grade) in g.c.iter().zip(expected) {
        let s = &scores(org, c)["scores"][0];
        assert_eq!((s["grade"].as_str(), s["model_version"].as_i64()), (Some(grade), Some(2)), "customer {c}");
    }
    // Only an admin (or the host) maintains models; bad models are refused with the field.
    let err = org.refused(Some(&org.manager), "value_models.update", json!({"id": model["id"], "name": "x"}));
    assert_eq!(err.code.as_str(), "permission_denied");
    let err = org.refused(
        None,
        "value_models.create",
        json!({"code": "bad", "name": "Bad", "dimensions": [{"metric": "custom_field", "field": "employees",
               "rule": {"kind": "linear", "lo": 0, "hi": 10}, "weight": 1}]}),
    );
    assert_eq!(err.field.as_deref(), Some("dimensions[0].field"));
    let err = org.refused(
        None,
        "value_models.create",
        json!({"code": "standard", "name": "Again", "dimensions": [
        {"metric": "order_count", "rule": {"kind": "linear", "lo": 0, "hi": 10}, "weight": 1}]}),
    );
    assert_eq!(err.code.as_str(), "conflict");
}

#[test]
fn score_1_numeric_custom_fields_are_dimensions_and_band_rules_apply() {
    let g = golden();
    let org = &g.org;
    org.ok(
        None,
        "custom_fields.define",
        json!({"entity": "customer", "key": "employees", "label": "员工数", "field_type": "number"}),
    );
    org.ok(None, "customers.update", json!({"id": g.c[0], "custom": {"employees": 250}}));
    org.ok(None, "customers.update", json!({"id": g.c[1], "custom": {"employees": 40}}));
    org.ok(
        None,
        "value_models.create",
        json!({"code": "size", "name": "规模", "dimensions": [{"metric": "custom_field", "field": "employees",
               "rule": {"kind": "bands", "bands": [{"min": 0, "max": 50, "points": 20}, {"min": 50, "max": 200, "points": 60}, {"min": 200, "points": 100}]},
               "weight": 1}]}),
    );
    // C1 250 -> 100 (A), C2 40 -> 20 (D), C3 no value -> 0 (D).
    for (c, score) in [(&g.c[0], 100.0), (&g.c[1], 20.0), (&g.c[2], 0.0)] {
        assert_eq!(scores(org, c)["scores"][0]["score"].as_f64(), Some(score));
    }
}

#[test]
fn score_4_5_rfm_quintiles_segments_and_abc_classes() {
    let g = golden();
    let org = &g.org;
    let summary = org.ok(None, "scores.rescore", json!({"as_of": AS_OF}));
    // Population: C1..C4 (n = 4). R on -days (-9, -90, -273, -1): 3, 2, 1, 4. F (2, 1, 1, 1): 4, 1, 1, 1.
    // M (1000, 200, 300, 100): 4, 2, 3, 1. Segments: C1 (3,4,4) loyal, C2 (2,1,2) about_to_sleep,
    // C3 (1,1,3) others, C4 (4,1,1) new.
    assert_eq!(summary["rfm_population"].as_i64(), Some(4));
    let expected = [(3, 4, 4, "loyal"), (2, 1, 2, "about_to_sleep"), (1, 1, 3, "others"), (4, 1, 1, "new")];
    for (c, (r, f, m, segment)) in g.c.iter().zip(expected) {
        let rfm = &scores(org, c)["rfm"];
        assert_eq!(
            (rfm["r"].as_i64(), rfm["f"].as_i64(), rfm["m"].as_i64(), rfm["segment"].as_str()),
            (Some(r), Some(f), Some(m), Some(segment)),
            "customer {c}"
        );
    }
    assert_eq!(scores(org, &g.c[0])["rfm"]["recency_days"].as_i64(), Some(9));
    assert_eq!(scores(org, &g.c[4])["rfm"], Value::Null, "no order on or before as_of: outside RFM");
    // ABC on window revenue (total 1600.00): C1 1000 (ahead 0) A, C3 300 (ahead .625) A,
    // C2 200 (ahead .8125) B, C4 100 (ahead .9375) B.
    let expected = [("A", 0.0), ("B", 0.8125), ("A", 0.625), ("B", 0.9375)];
    for (c, (class, share)) in g.c.iter().zip(expected) {
        let abc = &scores(org, c)["abc"];
        assert_eq!((abc["class"].as_str(), abc["share_before"].as_f64()), (Some(class), Some(share)), "customer {c}");
    }
    // Thresholds are configurable: with A < 0.6 only C1 is A.
    org.ok(None, "scores.rescore", json!({"as_of": AS_OF, "abc": {"a": 0.6, "b": 0.95}}));
    assert_eq!(scores(org, &g.c[2])["abc"]["class"].as_str(), Some("B"));
    // A shorter window: 30 days keeps only C1's 02-20 order and C4's: C2 and C3 have F = M = 0.
    let s = org.ok(None, "scores.rescore", json!({"as_of": AS_OF, "window_days": 30}));
    assert_eq!(s["window_days"].as_i64(), Some(30));
    assert_eq!(scores(org, &g.c[0])["rfm"]["monetary"].as_i64(), Some(40000));
    assert_eq!(scores(org, &g.c[2])["rfm"]["frequency"].as_i64(), Some(0));
    let err = org.refused(None, "scores.rescore", json!({"window_days": 0}));
    assert_eq!(err.field.as_deref(), Some("window_days"));
    let err = org.refused(Some(&org.manager), "scores.rescore", json!({}));
    assert_eq!(err.code.as_str(), "permission_denied");
}

#[test]
fn score_a_dry_run_rescoring_changes_nothing_and_answers_what_the_real_one_does() {
    let g = golden();
    let org = &g.org;
    standard_model(org);
    org.ok(None, "scores.rescore", json!({"as_of": AS_OF}));
    let state = || {
        (
            org.counts(),
            org.ok(None, "reports.churn", json!({})),
            org.ok(None, "reports.value_pyramid", json!({})),
            org.ok(None, "customers.scores", json!({"id": g.c[0]})),
        )
    };
    let before = state();
    // Another date moves the statistics' reference date inside the transaction; the rollback undoes it.
    let preview = org.ok(None, "scores.rescore", json!({"as_of": "2026-09-01", "dry_run": true}));
    assert!(preview["rows_written"].as_i64() > Some(0), "{preview}");
    assert_eq!(state(), before, "a dry run writes nothing");
    let real = org.ok(None, "scores.rescore", json!({"as_of": "2026-09-01"}));
    assert_eq!(preview, real, "the preview is what the real rescoring answers");
    assert_ne!(state(), before);
}

#[test]
fn score_1_5_rescoring_rewrites_only_the_rows_whose_result_changed() {
    let g = golden();
    let org = &g.org;
    standard_model(org);
    let rescore = || org.ok(None, "scores.rescore", json!({"as_of": AS_OF}))["rows_written"].as_i64();
    rescore();
    // Nothing changed since: no stored row is rewritten, and a dry run never writes.
    assert_eq!(rescore(), Some(0));
    assert_eq!(org.ok(None, "scores.rescore", json!({"as_of": AS_OF, "dry_run": true}))["rows_written"], json!(0));
    // C1 buys 1.00 more on 02-21: its score (amount, last order) and its F and M change, and the ABC share
    // ahead of C3, C2 and C4 moves (1001/1601 instead of 1000/1600); C5 and C6 stay outside RFM: 1 + 4 rows.
    push_orders(org, vec![order("SO-1c", &g.c[0], "2026-02-21", 100)]);
    assert_eq!(rescore(), Some(5));
    assert_eq!(scores(org, &g.c[0])["rfm"]["recency_days"].as_i64(), Some(8));
    assert_eq!(scores(org, &g.c[2])["abc"]["share_before"].as_f64(), Some(0.625234));
    // Archiving C6 removes its score and segment rows at the next rescoring.
    org.ok(None, "customers.archive", json!({"id": g.c[5]}));
    let summary = org.ok(None, "scores.rescore", json!({"as_of": AS_OF}));
    assert_eq!((summary["customers"].as_i64(), summary["rows_written"].as_i64()), (Some(5), Some(2)));
    // Recency follows the rescoring's date without a stored day count: one day later C1 is 9 days silent.
    org.ok(None, "scores.rescore", json!({"as_of": "2026-03-02"}));
    assert_eq!(scores(org, &g.c[0])["rfm"]["recency_days"].as_i64(), Some(9));
    assert_eq!(scores(org, &g.c[0])["as_of"].as_str(), Some("2026-03-02"));
}

#[test]
fn score_3_9_reports_count_only_the_actors_scope() {
    let g = golden();
    let org = &g.org;
    standard_model(org);
    org.ok(None, "scores.rescore", json!({"as_of": AS_OF}));
    let levels = |actor: &str| -> Vec<(Value, i64, i64)> {
        org.ok(Some(actor), "reports.value_pyramid", json!({}))["levels"]
            .as_array()
            .unwrap()
            .iter()
            .map(|l| (l["grade"].clone(), l["customers"].as_i64().unwrap(), l["order_amount"].as_i64().unwrap()))
            .collect()
    };
    // The whole organisation (admin): A C1, B C3, C C4, D C2 C5 C6.
    assert_eq!(
        levels(&org.admin),
        [
            (json!("A"), 1, 100000),
            (json!("B"), 1, 80000),
            (json!("C"), 1, 10000),
            (json!("D"), 3, 20000),
            (Value::Null, 0, 0)
        ]
    );
    // rep_east1 owns C1, C2, C6.
    assert_eq!(
        levels(&org.rep_east1),
        [(json!("A"), 1, 100000), (json!("B"), 0, 0), (json!("C"), 0, 0), (json!("D"), 2, 20000), (Value::Null, 0, 0)]
    );
    // The east manager sees East (C1, C2, C3, C6), not West.
    let east: i64 = levels(&org.east_manager).iter().map(|l| l.1).sum();
    assert_eq!(east, 4);

    let groups = |actor: &str, method: &str| -> Vec<(Value, i64)> {
        org.ok(Some(actor), method, json!({}))["groups"]
            .as_array()
            .unwrap()
            .iter()
            .map(|g| (g["key"].clone(), g["customers"].as_i64().unwrap()))
            .collect()
    };
    assert_eq!(
        groups(&org.admin, "reports.rfm_segments"),
        [(Value::Null, 2), (json!("about_to_sleep"), 1), (json!("loyal"), 1), (json!("new"), 1), (json!("others"), 1)]
    );
    assert_eq!(groups(&org.rep_west, "reports.rfm_segments"), [(Value::Null, 1), (json!("new"), 1)]);
    assert_eq!(groups(&org.admin, "reports.abc_classes"), [(Value::Null, 2), (json!("A"), 2), (json!("B"), 2)]);
    assert_eq!(groups(&org.rep_east1, "reports.abc_classes"), [(Value::Null, 1), (json!("A"), 1), (json!("B"), 1)]);
    // Scores are the customer's, the same whoever asks: rep_west's own C4 scores against everyone.
    assert_eq!(scores(org, &g.c[3])["rfm"]["r"].as_i64(), Some(4));
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

fn funnel_pipeline(org: &Org) -> Value {
    org.ok(
        None,
        "pipelines.create",
        json!({"code": "standard", "name": "标准销售流程", "stages": [
            {"code": "qualify", "name": "初步接洽", "probability": 10},
            {"code": "evaluate", "name": "需求评估", "probability": 40, "requires_approval": true},
            {"code": "negotiate", "name": "商务谈判", "probability": 80}
        ]}),
    )
}

/// Wins an opportunity of `funnel_pipeline` the only way OPP-3 allows: through the approved evaluation.
fn win_through_gate(org: &Org, rep: &str, id: &str) {
    org.ok(Some(rep), "opportunities.advance", json!({"id": id, "stage": "evaluate"}));
    org.ok(Some(rep), "opportunities.submit_for_approval", json!({"id": id}));
    org.ok(Some(&org.manager), "opportunities.approve", json!({"id": id}));
    org.ok(Some(rep), "opportunities.win", json!({"id": id}));
}

fn funnel_of(org: &Org, actor: &str) -> Value {
    org.ok(Some(actor), "reports.funnel", json!({}))
}

fn reached(report: &Value) -> Vec<i64> {
    report["stages"].as_array().unwrap().iter().map(|s| s["reached"].as_i64().unwrap()).collect()
}

#[test]
fn score_8_funnel_reach_conversion_outcomes_and_scope() {
    let g = golden();
    let org = &g.org;
    funnel_pipeline(org);
    let opp = |actor: &str, customer: &str, amount: i64| -> String {
        id(&org.ok(
            Some(actor),
            "opportunities.create",
            json!({"customer_id": customer, "title": "机会", "amount": amount}),
        ))
    };
    let advance = |actor: &str, id: &str, stage: &str| {
        org.ok(Some(actor), "opportunities.advance", json!({"id": id, "stage": stage}));
    };
    let east = org.rep_east1.clone();
    let west = org.rep_west.clone();
    // O1: qualify -> evaluate -> (approved) -> negotiate -> won. O2: -> evaluate -> lost. O3: stays.
    // O4 (west): -> evaluate -> back to qualify.
    let o1 = opp(&east, &g.c[0], 100000);
    let o2 = opp(&east, &g.c[1], 40000);
    let o3 = opp(&east, &g.c[5], 10000);
    let o4 = opp(&west, &g.c[3], 70000);
    advance(&east, &o1, "evaluate");
    org.ok(Some(&east), "opportunities.submit_for_approval", json!({"id": o1}));
    org.ok(Some(&org.east_manager), "opportunities.approve", json!({"id": o1}));
    advance(&east, &o1, "negotiate");
    org.ok(Some(&east), "opportunities.win", json!({"id": o1}));
    advance(&east, &o2, "evaluate");
    org.ok(Some(&east), "opportunities.lose", json!({"id": o2, "reason": "价格偏高", "competitor": "Acme"}));
    advance(&west, &o4, "evaluate");
    advance(&west, &o4, "qualify");

    // Everyone (admin): reached(qualify) 4, reached(evaluate) 3 (O1 won, O2, O4 once), reached(negotiate) 1 (O1).
    let all = funnel_of(org, &org.admin);
    assert_eq!(all["created"].as_i64(), Some(4));
    assert_eq!(reached(&all), [4, 3, 1]);
    assert_eq!(all["stages"][0]["reached_amount"].as_i64(), Some(220000));
    assert_eq!(all["stages"][0]["conversion_to_next"].as_f64(), Some(0.75));
    assert_eq!(all["stages"][1]["conversion_to_next"].as_f64(), Some(0.3333));
    assert_eq!(all["stages"][2]["conversion_to_next"], Value::Null);
    assert_eq!((all["won"].as_i64(), all["lost"].as_i64(), all["win_rate"].as_f64()), (Some(1), Some(1), Some(0.5)));
    assert_eq!(all["average_deal_size"].as_i64(), Some(100000));
    assert!(all["average_cycle_days"].as_f64().is_some());

    // Time in stage equals the mean of the completed visits in the stage histories.
    let mut qualify_seconds = Vec::new();
    for o in [&o1, &o2, &o3, &o4] {
        for v in org.ok(None, "opportunities.stage_history", json!({"id": o})).as_array().unwrap() {
            if v["stage"] == "qualify" && !v["left_at"].is_null() {
                let t = |k: &str| chrono::DateTime::parse_from_rfc3339(v[k].as_str().unwrap()).unwrap();
                qualify_seconds.push((t("left_at") - t("entered_at")).num_seconds());
            }
        }
    }
    let mean_days = qualify_seconds.iter().sum::<i64>() as f64 / qualify_seconds.len() as f64 / 86_400.0;
    assert_eq!(all["stages"][0]["average_days_in_stage"].as_f64(), Some((mean_days * 100.0).round() / 100.0));

    // A rep sees only their own: O1, O2, O3 -> 3, 2, 1; the west rep only O4 -> 1, 1, 0.
    assert_eq!(reached(&funnel_of(org, &east)), [3, 2, 1]);
    let w = funnel_of(org, &west);
    assert_eq!(reached(&w), [1, 1, 0]);
    assert_eq!((w["won"].as_i64(), w["win_rate"].clone()), (Some(0), Value::Null));
    // One owner's funnel within the manager's scope.
    let one = org.ok(Some(&org.manager), "reports.funnel", json!({"owner_id": west}));
    assert_eq!(reached(&one), [1, 1, 0]);

    // Archiving O3 takes it out; reopening O2 (a manager) moves it from lost back to open.
    org.ok(Some(&east), "opportunities.archive", json!({"id": o3}));
    assert_eq!(reached(&funnel_of(org, &org.admin)), [3, 3, 1]);
    org.ok(Some(&org.east_manager), "opportunities.reopen", json!({"id": o2}));
    let after = funnel_of(org, &org.admin);
    assert_eq!((after["won"].as_i64(), after["lost"].as_i64()), (Some(1), Some(0)));
    // Months outside the period count nothing; bad months are refused.
    let none = org.ok(None, "reports.funnel", json!({"from": "2025-01", "to": "2025-12"}));
    assert_eq!(reached(&none), [0, 0, 0]);
    let err = org.refused(None, "reports.funnel", json!({"from": "2026-13"}));
    assert_eq!(err.field.as_deref(), Some("from"));
}

#[test]
fn score_7_forecast_weights_open_opportunities_by_close_month_and_category() {
    let g = golden();
    let org = &g.org;
    funnel_pipeline(org);
    let east = org.rep_east1.clone();
    let west = org.rep_west.clone();
    let opp = |actor: &str, customer: &str, amount: i64, extra: Value| -> String {
        let mut req = json!({"customer_id": customer, "title": "机会", "amount": amount});
        req.as_object_mut().unwrap().extend(extra.as_object().unwrap().clone());
        id(&org.ok(Some(actor), "opportunities.create", req))
    };
    // qualify 10% (pipeline), evaluate 40% (best_case, by default its category is pipeline unless set).
    opp(&east, &g.c[0], 100000, json!({"expected_close_date": "2026-04-15"}));
    let b = opp(&east, &g.c[1], 33333, json!({"expected_close_date": "2026-04-20"}));
    org.ok(Some(&east), "opportunities.advance", json!({"id": b, "stage": "evaluate"}));
    opp(&west, &g.c[3], 55555, json!({"expected_close_date": "2026-05-01", "probability_override": 55}));
    opp(&east, &g.c[5], 20000, json!({}));
    let e = opp(&east, &g.c[0], 70000, json!({"expected_close_date": "2026-03-31"}));
    win_through_gate(org, &east, &e);

    let f = org.ok(Some(&org.admin), "reports.forecast", json!({"from": "2026-03", "to": "2026-06"}));
    let months = f["months"].as_array().unwrap();
    let month = |m: Value| months.iter().find(|x| x["month"] == m).cloned().unwrap_or(Value::Null);
    // March: the won 700.00 only.
    assert_eq!(
        (month(json!("2026-03"))["closed"].as_i64(), month(json!("2026-03"))["weighted"].as_i64()),
        (Some(70000), Some(0))
    );
    // April: 1000.00 x 10% = 100.00 and 333.33 x 40% = 133.332 -> 133.33; two open.
    let april = month(json!("2026-04"));
    assert_eq!(april["weighted"].as_i64(), Some(10000 + 13333));
    assert_eq!(april["open_opportunities"].as_i64(), Some(2));
    assert_eq!(april["target"], Value::Null);
    // May: 555.55 x 55% = 305.5525 -> 305.55 (the override, not the stage's 10%).
    assert_eq!(month(json!("2026-05"))["weighted"].as_i64(), Some(30555));
    // Without a close date: 200.00 x 10%, listed last.
    assert_eq!(
        (months.last().unwrap()["month"].clone(), months.last().unwrap()["weighted"].as_i64()),
        (Value::Null, Some(2000))
    );
    // The west rep's forecast holds only its own.
    let w = org.ok(Some(&west), "reports.forecast", json!({"from": "2026-03", "to": "2026-06"}));
    let weighted: Vec<i64> = w["months"].as_array().unwrap().iter().map(|m| m["weighted"].as_i64().unwrap()).collect();
    assert_eq!(weighted, [30555]);
    // Pipeline by owner and department (open only): east rep 3 open, west rep 1.
    let by_owner = org.ok(Some(&org.admin), "reports.pipeline", json!({"by": "owner"}));
    let groups = by_owner["groups"].as_array().unwrap();
    let of = |id: &str| groups.iter().find(|g| g["id"] == id).unwrap().clone();
    assert_eq!((of(&east)["opportunities"].as_i64(), of(&east)["amount"].as_i64()), (Some(3), Some(153333)));
    assert_eq!(of(&east)["weighted"].as_i64(), Some(10000 + 13333 + 2000));
    let by_dept = org.ok(Some(&org.rep_west), "reports.pipeline", json!({"by": "department"}));
    assert_eq!(
        by_dept["groups"],
        json!([{"id": org.west, "name": "West", "opportunities": 1, "amount": 55555, "weighted": 30555}])
    );
}

#[test]
fn score_9_won_lost_lead_conversion_and_customer_distribution() {
    let g = golden();
    let org = &g.org;
    funnel_pipeline(org);
    let east = org.rep_east1.clone();
    let mk = |customer: &str, amount: i64| -> String {
        id(&org.ok(
            Some(&east),
            "opportunities.create",
            json!({"customer_id": customer, "title": "机会", "amount": amount}),
        ))
    };
    let (a, b, c) = (mk(&g.c[0], 100), mk(&g.c[1], 200), mk(&g.c[1], 300));
    win_through_gate(org, &east, &a);
    org.ok(Some(&east), "opportunities.lose", json!({"id": b, "reason": "价格偏高", "competitor": "Acme"}));
    org.ok(Some(&east), "opportunities.lose", json!({"id": c, "reason": "价格偏高", "competitor": "Acme"}));
    let r = org.ok(Some(&org.admin), "reports.won_lost", json!({}));
    assert_eq!(
        r["groups"],
        json!([
            {"status": "won", "reason": null, "competitor": null, "opportunities": 1, "amount": 100},
            {"status": "lost", "reason": "价格偏高", "competitor": "Acme", "opportunities": 2, "amount": 500}
        ])
    );
    assert_eq!(org.ok(Some(&org.rep_west), "reports.won_lost", json!({}))["groups"], json!([]));

    // Leads: 3 from the web (one converted, one disqualified), 1 from a fair.
    let lead = |source: &str| -> String {
        id(&org.ok(
            Some(&east),
            "leads.create",
            json!({"person_name": "客户", "company_name": "公司", "source": source}),
        ))
    };
    let (l1, l2, _l3, _l4) = (lead("web"), lead("web"), lead("web"), lead("fair"));
    org.ok(Some(&east), "leads.start_work", json!({"id": l1}));
    org.ok(Some(&east), "leads.qualify", json!({"id": l1}));
    org.ok(Some(&east), "leads.convert", json!({"id": l1}));
    org.ok(Some(&east), "leads.disqualify", json!({"id": l2, "reason": "no budget"}));
    let r = org.ok(Some(&org.admin), "reports.lead_conversion", json!({"by": "source"}));
    assert_eq!(
        r["groups"],
        json!([
            {"key": "web", "leads": 3, "converted": 1, "disqualified": 1, "conversion_rate": 0.3333},
            {"key": "fair", "leads": 1, "converted": 0, "disqualified": 0, "conversion_rate": 0.0}
        ])
    );
    assert_eq!(org.ok(Some(&org.rep_west), "reports.lead_conversion", json!({"by": "source"}))["groups"], json!([]));

    // Customers by province: the golden six have no region; the lead conversion made a seventh (east rep).
    org.ok(None, "customers.update", json!({"id": g.c[0], "region": "44/4403"}));
    org.ok(None, "customers.update", json!({"id": g.c[3], "region": "44/4401"}));
    org.ok(None, "customers.update", json!({"id": g.c[4], "region": "31/3101"}));
    let r = org.ok(Some(&org.admin), "reports.customer_distribution", json!({"by": "region"}));
    assert_eq!(
        r["groups"],
        // Revenue to date: C2 200.00 + C3 800.00 with no region; C1 1,000.00 + C4 100.00 in 44; C5's
        // order is after today.
        json!([{"key": null, "customers": 4, "amount": 100000}, {"key": "44", "customers": 2, "amount": 110000}, {"key": "31", "customers": 1, "amount": 0}])
    );
    let r = org.ok(Some(&org.rep_west), "reports.customer_distribution", json!({"by": "region"}));
    assert_eq!(
        r["groups"],
        json!([{"key": "31", "customers": 1, "amount": 0}, {"key": "44", "customers": 1, "amount": 10000}])
    );
    let err = org.refused(None, "reports.customer_distribution", json!({"by": "colour"}));
    assert_eq!(err.code.as_str(), "malformed_request");
}

#[test]
fn score_10_churn_list_compares_silence_with_each_customers_rhythm() {
    let g = golden();
    let org = &g.org;
    // C1 orders every 30 days (4 orders, last 2025-12-30): 61 days of silence on 2026-03-01 > 2 x 30.
    // C2 orders every 60 days (3 orders, last 2026-01-30): 30 days < 2 x 60: fine. C3 has 2 orders: not judged.
    let mut items = Vec::new();
    for (i, d) in ["2025-10-01", "2025-10-31", "2025-11-30", "2025-12-30"].iter().enumerate() {
        items.push(order(&format!("CH-1-{i}"), &g.c[5], d, 1000));
    }
    for (i, d) in ["2025-10-02", "2025-12-01", "2026-01-30"].iter().enumerate() {
        items.push(order(&format!("CH-2-{i}"), &g.c[4], d, 1000));
    }
    push_orders(org, items);
    let summary = org.ok(None, "scores.rescore", json!({"as_of": AS_OF}));
    assert_eq!(summary["churn_risks"].as_i64(), Some(1));
    let r = org.ok(Some(&org.admin), "reports.churn", json!({}));
    assert_eq!(r["customers"].as_array().unwrap().len(), 1);
    let at_risk = &r["customers"][0];
    assert_eq!(at_risk["customer_id"], json!(g.c[5]));
    assert_eq!(
        (at_risk["days_since_last_order"].as_i64(), at_risk["mean_interval_days"].as_f64()),
        (Some(61), Some(30.0))
    );
    assert_eq!(at_risk["ratio"].as_f64(), Some(2.03));
    // k = 1: C5 (30 days > 1 x 60? no) stays fine; k = 0.4: C5 joins (30 > 24).
    org.ok(None, "scores.rescore", json!({"as_of": AS_OF, "churn_k": 0.4}));
    assert_eq!(org.ok(Some(&org.admin), "reports.churn", json!({}))["customers"].as_array().unwrap().len(), 2);
    // Scope: C6 is rep_east1's, C5 rep_west's.
    let west = org.ok(Some(&org.rep_west), "reports.churn", json!({}));
    assert_eq!(west["customers"].as_array().unwrap().len(), 1);
    assert_eq!(west["customers"][0]["customer_id"], json!(g.c[4]));
    let err = org.refused(None, "scores.rescore", json!({"churn_k": -1}));
    assert_eq!(err.field.as_deref(), Some("churn_k"));

    // SCORE-10 pages like every list: highest ratio first, then the cursor's page.
    let first = org.ok(Some(&org.admin), "reports.churn", json!({"limit": 1}));
    assert_eq!(first["customers"][0]["customer_id"], json!(g.c[5]));
    let cursor = first["next_cursor"].as_str().expect("a second page").to_string();
    let second = org.ok(Some(&org.admin), "reports.churn", json!({"limit": 1, "cursor": cursor}));
    assert_eq!(second["customers"][0]["customer_id"], json!(g.c[4]));
    assert!(second["next_cursor"].is_null());
    let err = org.refused(Some(&org.admin), "reports.churn", json!({"cursor": "not-a-cursor"}));
    assert_eq!((err.code.as_str(), err.field.as_deref()), ("validation", Some("cursor")));
}

#[test]
fn score_10_the_churn_ratio_rounds_half_up() {
    // 179 days of silence over a 40-day rhythm is 4.475, which floating point held as 4.4749...: 4.48.
    let g = golden();
    let org = &g.org;
    let items = ["2025-06-15", "2025-07-25", "2025-09-03"]
        .iter()
        .enumerate()
        .map(|(i, d)| order(&format!("R-{i}"), &g.c[5], d, 1000));
    push_orders(org, items.collect());
    org.ok(None, "scores.rescore", json!({"as_of": AS_OF, "churn_k": 4}));
    let r = org.ok(Some(&org.admin), "reports.churn", json!({}));
    let c6 = r["customers"].as_array().unwrap().iter().find(|c| c["customer_id"] == json!(g.c[5])).cloned();
    let c6 = c6.expect("C6 at risk");
    assert_eq!((c6["days_since_last_order"].as_i64(), c6["mean_interval_days"].as_f64()), (Some(179), Some(40.0)));
    assert_eq!(c6["ratio"].as_f64(), Some(4.48));
}

#[test]
fn score_6_lead_rules_and_naive_bayes_learned_from_outcomes_as_they_arrive() {
    let org = Org::new();
    let east = org.rep_east1.clone();
    // Rules: web +30, an email +20, industry A +25, capped at 60.
    org.ok(
        None,
        "lead_scoring.configure",
        json!({"cap": 60, "rules": [
            {"field": "source", "op": "equals", "value": "web", "points": 30},
            {"field": "email", "op": "present", "points": 20},
            {"field": "industry", "op": "in", "values": ["A"], "points": 25}
        ]}),
    );
    let lead = |source: &str, industry: &str, email: Option<&str>| -> Value {
        org.ok(
            Some(&east),
            "leads.create",
            json!({"person_name": "客户", "company_name": "公司", "source": source, "industry": industry, "email": email}),
        )
    };
    let close = |id: &Value, converted: bool| {
        if converted {
            org.ok(Some(&east), "leads.start_work", json!({"id": id}));
            org.ok(Some(&east), "leads.qualify", json!({"id": id}));
            org.ok(Some(&east), "leads.convert", json!({"id": id}));
        } else {
            org.ok(Some(&east), "leads.disqualify", json!({"id": id, "reason": "no budget"}));
        }
    };
    // The saved lead carries its rule score: 30 + 20 + 25 = 75, capped at 60; 30 without the others.
    let scored = lead("web", "A", Some("a@example.com"));
    assert_eq!(scored["score"].as_i64(), Some(60));
    assert_eq!(lead("web", "B", None)["score"].as_i64(), Some(30));

    // No history yet: no probability.
    let fresh = id(&lead("web", "B", None));
    let p = org.ok(Some(&east), "leads.prediction", json!({"id": fresh}));
    assert_eq!((p["conversion"]["probability"].clone(), p["score"].as_i64()), (Value::Null, Some(30)));

    // History: converted web/A and web/B; disqualified fair/A and web/A (Appendix A worked in the unit test):
    // web/B -> 75%, fair/A -> 25%, tv/B -> 66.67%.
    for (source, industry, converted) in
        [("web", "A", true), ("web", "B", true), ("fair", "A", false), ("web", "A", false)]
    {
        let l = lead(source, industry, None);
        close(&l["id"], converted);
    }
    let probability =
        |id: &str| org.ok(Some(&east), "leads.prediction", json!({"id": id}))["conversion"]["probability"].as_f64();
    assert_eq!(probability(&fresh), Some(75.0));
    assert_eq!(probability(&id(&lead("fair", "A", None))), Some(25.0));
    assert_eq!(probability(&id(&lead("tv", "B", None))), Some(66.67));
    // A new outcome arrives (web/B converted): W = 3, L = 2 -> 84.75% for web/B.
    let more = lead("web", "B", None);
    close(&more["id"], true);
    assert_eq!(probability(&fresh), Some(84.75));
    // Recycling a disqualified lead takes its outcome back out.
    let l = lead("web", "B", None);
    close(&l["id"], false);
    org.ok(Some(&east), "leads.recycle", json!({"id": l["id"]}));
    assert_eq!(probability(&fresh), Some(84.75));

    // Rescoring every lead when the rules change.
    org.ok(
        None,
        "lead_scoring.configure",
        json!({"rules": [{"field": "source", "op": "equals", "value": "web", "points": 5}]}),
    );
    assert_eq!(org.ok(Some(&east), "leads.get", json!({"id": scored["id"]}))["score"].as_i64(), Some(5));
    let err = org.refused(Some(&east), "lead_scoring.configure", json!({"rules": []}));
    assert_eq!(err.code.as_str(), "permission_denied");
    let err = org.refused(
        None,
        "lead_scoring.configure",
        json!({"rules": [{"field": "shoe", "op": "present", "points": 1}]}),
    );
    assert_eq!(err.field.as_deref(), Some("rules[0].field"));
    let err = org.refused(
        None,
        "lead_scoring.configure",
        json!({"rules": [{"field": "source", "op": "equals", "value": "web", "points": 1, "bogus": 2}]}),
    );
    assert_eq!(err.code.as_str(), "malformed_request");
    org.refused(Some(&org.rep_west), "leads.prediction", json!({"id": fresh}));
}

#[test]
fn score_6_opportunity_win_probability_falls_back_to_the_stage_then_learns() {
    let g = golden();
    let org = &g.org;
    funnel_pipeline(org);
    let east = org.rep_east1.clone();
    let opp = |customer: &str, source: &str| -> String {
        id(&org.ok(
            Some(&east),
            "opportunities.create",
            json!({"customer_id": customer, "title": "机会", "amount": 100, "source": source}),
        ))
    };
    let open = opp(&g.c[0], "web");
    let p = org.ok(Some(&east), "opportunities.prediction", json!({"id": open}));
    assert_eq!((p["probability"].as_f64(), p["method"].as_str()), (Some(10.0), Some("stage")));
    // One won from the web, one lost from a fair: P(won) = 2/4; source |V| = 3:
    // web: won (1+1)/(1+3) = .5, lost (0+1)/(1+3) = .25 -> .25 / (.25 + .125) = 66.67%.
    let won = opp(&g.c[1], "web");
    win_through_gate(org, &east, &won);
    let lost = opp(&g.c[1], "fair");
    org.ok(Some(&east), "opportunities.lose", json!({"id": lost, "reason": "价格"}));
    let p = org.ok(Some(&east), "opportunities.prediction", json!({"id": open}));
    assert_eq!((p["probability"].as_f64(), p["method"].as_str()), (Some(66.67), Some("naive_bayes")));
    assert_eq!((p["won"].as_i64(), p["lost"].as_i64()), (Some(1), Some(1)));
    // Reopening the lost one (a manager) takes it back out of the history.
    org.ok(Some(&org.east_manager), "opportunities.reopen", json!({"id": lost}));
    let p = org.ok(Some(&east), "opportunities.prediction", json!({"id": open}));
    assert_eq!((p["won"].as_i64(), p["lost"].as_i64()), (Some(1), Some(0)));
    org.refused(Some(&org.rep_west), "opportunities.prediction", json!({"id": open}));
}

#[test]
fn cus_8_agenda_alerts_on_the_users_own_customers() {
    let g = golden();
    let org = &g.org;
    let east = org.rep_east1.clone();
    org.ok(None, "alerts.configure", json!({"no_activity_days": 1, "no_order_days": 60, "birthday_days": 7}));
    // C2 was visited on 03-04; C6's contacts have birthdays on 03-08 and 03-20; C1's deal was due 03-01.
    org.ok(
        Some(&east),
        "activities.create",
        json!({"kind": "visit", "subject": "拜访", "status": "done", "starts_at": "2026-03-04T02:00:00Z", "customer_id": g.c[1]}),
    );
    let soon = id(&org.ok(
        None,
        "contacts.create",
        json!({"customer_id": g.c[5], "name": "生日近", "birthday": "1990-03-08"}),
    ));
    org.ok(None, "contacts.create", json!({"customer_id": g.c[5], "name": "生日远", "birthday": "1990-03-20"}));
    org.ok(
        None,
        "pipelines.create",
        json!({"code": "p", "name": "P", "stages": [{"code": "q", "name": "Q", "probability": 10}]}),
    );
    let late = id(&org.ok(
        Some(&east),
        "opportunities.create",
        json!({"customer_id": g.c[0], "title": "逾期机会", "amount": 100, "expected_close_date": "2026-03-01"}),
    ));
    let agenda = org.ok(Some(&east), "agenda.day", json!({"date": "2026-03-05"}));
    let alerts: Vec<(String, String, Value, Value)> = agenda["alerts"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| {
            (
                a["kind"].as_str().unwrap().to_string(),
                a["customer_id"].as_str().unwrap().to_string(),
                a["days"].clone(),
                a["amount"].clone(),
            )
        })
        .collect();
    let k = |kind: &str, c: &str, days: Value, amount: Value| (kind.to_string(), c.to_string(), days, amount);
    assert_eq!(
        alerts,
        [
            // Never contacted since their creation on 03-02: C1, C6 (C2 was visited yesterday).
            k("no_activity", &g.c[0], Value::Null, Value::Null),
            k("no_activity", &g.c[5], Value::Null, Value::Null),
            // A transaction customer whose last order (2025-12-01) is 94 days back.
            k("no_order", &g.c[1], json!(94), Value::Null),
            // Unpaid orders due before the day (due on their order dates).
            k("overdue_receivable", &g.c[0], Value::Null, json!(100000)),
            k("overdue_receivable", &g.c[1], Value::Null, json!(20000)),
            k("birthday", &g.c[5], json!(3), Value::Null),
            k("opportunity_overdue", &g.c[0], json!(4), Value::Null),
        ]
    );
    assert_eq!(agenda["alerts"][5]["record_id"], json!(soon));
    assert_eq!(agenda["alerts"][6]["record_id"], json!(late));
    // The west rep's own: C4 and C5 silent; C4 owes 100.00 due 02-28; C5's order is due on the day itself.
    let west = org.ok(Some(&org.rep_west), "agenda.day", json!({"date": "2026-03-05"}));
    let kinds: Vec<&str> = west["alerts"].as_array().unwrap().iter().map(|a| a["kind"].as_str().unwrap()).collect();
    assert_eq!(kinds, ["no_activity", "no_activity", "overdue_receivable"]);
    // A pushed approved order made C5 a transaction customer (CUS-1).
    assert_eq!(org.ok(None, "customers.get", json!({"id": g.c[4]}))["status"].as_str(), Some("transaction"));
    let err = org.refused(Some(&east), "alerts.configure", json!({"no_order_days": 10}));
    assert_eq!(err.code.as_str(), "permission_denied");
    let err = org.refused(None, "alerts.configure", json!({"birthday_days": -3}));
    assert_eq!(err.field.as_deref(), Some("birthday_days"));
}

#[test]
fn score_1_models_rules_and_alert_settings_read_back_as_configured() {
    let org = Org::new();
    // Nothing configured yet: the defaults.
    assert_eq!(org.ok(None, "value_models.list", json!({})), json!([]));
    assert_eq!(
        org.ok(Some(&org.rep_east1), "alerts.get", json!({})),
        json!({"no_activity_days": 30, "no_order_days": 90, "birthday_days": 7})
    );
    let rules = org.ok(Some(&org.rep_east1), "lead_scoring.get", json!({}));
    assert_eq!(rules["rules"], json!([]));

    let model = standard_model(&org);
    let read = org.ok(Some(&org.rep_east1), "value_models.get", json!({"id": model["id"]}));
    assert_eq!(read, model, "a model reads back as it was answered when created");
    let err = org.refused(Some(&org.rep_east1), "value_models.get", json!({"id": "no-such-model"}));
    assert_eq!(err.code.as_str(), "not_found");
    org.ok(
        None,
        "value_models.create",
        json!({"code": "frequency", "name": "购买频次", "dimensions": [
        {"metric": "order_count", "rule": {"kind": "linear", "lo": 0, "hi": 10}, "weight": 1}]}),
    );
    let listed = org.ok(Some(&org.viewer), "value_models.list", json!({}));
    let codes: Vec<&str> = listed.as_array().unwrap().iter().map(|m| m["code"].as_str().unwrap()).collect();
    assert_eq!(codes, ["standard", "frequency"]);

    org.ok(None, "alerts.configure", json!({"no_activity_days": 14, "no_order_days": 60, "birthday_days": 3}));
    assert_eq!(org.ok(None, "alerts.get", json!({}))["no_activity_days"], 14);
    org.ok(
        None,
        "lead_scoring.configure",
        json!({"cap": 50, "rules": [
        {"field": "source", "op": "equals", "value": "web", "points": 30}]}),
    );
    let rules = org.ok(Some(&org.manager), "lead_scoring.get", json!({}));
    assert_eq!((rules["cap"].as_i64(), rules["rules"][0]["points"].as_i64()), (Some(50), Some(30)));
}
