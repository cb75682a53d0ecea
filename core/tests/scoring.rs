//! Value models and rescoring (SCORE-1..5): scores with breakdown and grades, model versions, custom-field dimensions, RFM and ABC, dry runs, rows rewritten only on change, the value pyramid and segment reports in scope (SCORE-3, SCORE-9), settings read back.

mod common;

use common::Org;
use common::dataset::{AS_OF, golden, order, push_orders};
use serde_json::{Value, json};

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
fn score_1_models_rules_and_alert_settings_read_back_as_configured() {
    let org = Org::new();
    // Nothing configured yet: the defaults.
    assert_eq!(org.ok(None, "value_models.list", json!({})), json!([]));
    assert_eq!(
        org.ok(Some(&org.rep_east1), "alerts.get", json!({})),
        json!({"no_activity_days": 30, "no_order_days": 90, "birthday_days": 7, "contract_days": 14})
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
