//! Sales reports (SCORE-7 to SCORE-10): the funnel, the weighted forecast and the pipeline, won/lost, lead conversion, customer distribution and the churn list, each over the actor's scope.

mod common;

use common::dataset::{AS_OF, funnel_pipeline, golden, order, push_orders, win_through_gate};
use common::{Org, id};
use serde_json::{Value, json};

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

/// SCORE-8, found by the crash run's fresh computation: a contribution taken back left its counter rows
/// at zero, so the stored counters differed from a count over the records.
#[test]
fn score_8_funnel_counters_back_at_zero_are_removed() {
    let org = Org::new();
    funnel_pipeline(&org);
    let customer = id(&org.ok(Some(&org.rep_east1), "customers.create", json!({"name": "ACME"})));
    let before = org.counts();
    let opp = id(&org.ok(
        Some(&org.rep_east1),
        "opportunities.create",
        json!({"customer_id": customer, "title": "机会", "amount": 100}),
    ));
    org.ok(Some(&org.rep_east1), "opportunities.lose", json!({"id": opp, "reason": "价格"}));
    assert!(org.counts()["funnel_outcomes"] > before["funnel_outcomes"]);
    org.ok(Some(&org.rep_east1), "opportunities.archive", json!({"id": opp}));
    let after = org.counts();
    // And what the win prediction learned (SCORE-6) goes with the lost opportunity.
    for table in ["funnel_reach", "funnel_stage_time", "funnel_outcomes", "prediction_totals", "prediction_counts"] {
        assert_eq!(after[table], before[table], "{table}: rows at zero are removed");
    }
}
