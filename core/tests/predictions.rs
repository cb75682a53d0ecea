//! Predictions (SCORE-6): lead rule scores and the naive Bayes conversion probability, an opportunity's win probability from its stage and then from outcomes, learned as outcomes arrive and leave.

mod common;

use common::dataset::{funnel_pipeline, golden, win_through_gate};
use common::{Org, id};
use serde_json::{Value, json};

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

/// SCORE-6, found by the crash run's fresh computation: the win prediction learns the customer's
/// industry and province of each closed opportunity, and kept the old ones when the customer moved.
#[test]
fn score_6_a_customers_new_region_moves_what_the_win_prediction_learned() {
    let g = golden();
    let org = &g.org;
    funnel_pipeline(org);
    let east = org.rep_east1.clone();
    org.ok(Some(&east), "customers.update", json!({"id": g.c[1], "region": "44/4401", "industry": "retail"}));
    let create = |customer: &str| -> String {
        id(&org.ok(
            Some(&east),
            "opportunities.create",
            json!({"customer_id": customer, "title": "机会", "amount": 100}),
        ))
    };
    let lost = create(&g.c[1]);
    org.ok(Some(&east), "opportunities.lose", json!({"id": lost, "reason": "价格"}));
    let won = create(&g.c[0]);
    win_through_gate(org, &east, &won);
    let open = create(&g.c[1]);
    let feature = |name: &str| -> Value {
        let p = org.ok(Some(&east), "opportunities.prediction", json!({"id": open}));
        p["features"].as_array().unwrap().iter().find(|f| f["feature"] == name).cloned().unwrap_or(Value::Null)
    };
    // One lost and one won opportunity: a province that saw the loss is likelier given lost than won.
    let leans_lost = |f: &Value| f["given_lost"].as_f64() > f["given_won"].as_f64();
    let before = feature("province");
    assert!(before["value"] == "44" && leans_lost(&before), "{before}");
    // The customer moves to Shanghai: its lost opportunity now counts there, not in Guangdong.
    org.ok(Some(&east), "customers.update", json!({"id": g.c[1], "region": "31/3101"}));
    let after = feature("province");
    assert!(after["value"] == "31" && leans_lost(&after), "{after}");
}
