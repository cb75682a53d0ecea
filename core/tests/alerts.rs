//! Agenda alerts on the user's own customers (CUS-8): silence, lapsed buyers, overdue receivables, birthdays, overdue opportunities, and who configures the thresholds.

mod common;

use common::dataset::golden;
use common::id;
use serde_json::{Value, json};

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

/// ORG-6: an overdue receivable's amount is financial: a rep whose roles do not permit `view_financial`
/// on customers sees the alert without its amount, named in `withheld`.
#[test]
fn org_6_an_overdue_alert_withholds_its_amount_from_roles_without_view_financial() {
    let g = golden();
    let org = &g.org;
    org.ok(
        None,
        "roles.define",
        json!({"code": "field_rep", "name": "外勤", "scope": "own", "permissions": {"customer": ["create", "edit"]}}),
    );
    org.ok(None, "users.update", json!({"id": org.rep_west, "roles": [], "custom_roles": ["field_rep"]}));
    let west = org.ok(Some(&org.rep_west), "agenda.day", json!({"date": "2026-03-05"}));
    let overdue = west["alerts"].as_array().unwrap().iter().find(|a| a["kind"] == "overdue_receivable").unwrap();
    assert!(overdue.get("amount").is_none(), "{overdue}");
    assert_eq!(overdue["withheld"], json!(["amount"]));
    let full = org.ok(None, "agenda.day", json!({"date": "2026-03-05", "user_id": org.rep_west}));
    let overdue = full["alerts"].as_array().unwrap().iter().find(|a| a["kind"] == "overdue_receivable").unwrap();
    assert_eq!(overdue["amount"], 10000);
}
