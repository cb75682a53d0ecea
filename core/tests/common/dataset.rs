//! The value analytics' golden dataset (six customers whose orders are worked out by hand as of 2026-03-01) and the gated pipeline that the statistics, scoring, prediction, report, alert and order tests share.

use serde_json::{Value, json};

use super::{Org, id};

/// The date the golden dataset's results are worked out for.
pub const AS_OF: &str = "2026-03-01";

/// Creates a customer owned by `owner`, with the fields of `extra` added to the request.
pub fn customer(org: &Org, name: &str, owner: &str, extra: Value) -> String {
    let mut req = json!({"name": name, "owner_id": owner});
    if let (Some(r), Some(e)) = (req.as_object_mut(), extra.as_object()) {
        r.extend(e.clone());
    }
    id(&org.ok(None, "customers.create", req))
}

/// An approved order item for `orders.push`.
pub fn order(external_ref: &str, customer_id: &str, date: &str, amount: i64) -> Value {
    json!({"external_ref": external_ref, "customer_id": customer_id, "status": "approved", "order_date": date, "amount": amount})
}

/// Pushes order items as the host (the ERP).
pub fn push_orders(org: &Org, items: Vec<Value>) -> Value {
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
pub struct Golden {
    pub org: Org,
    pub c: Vec<String>,
}

/// Builds the golden dataset on a fresh [`Org`].
pub fn golden() -> Golden {
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

/// The standard pipeline: qualify (10%), evaluate (40%, requires approval), negotiate (80%).
pub fn funnel_pipeline(org: &Org) -> Value {
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
pub fn win_through_gate(org: &Org, rep: &str, id: &str) {
    org.ok(Some(rep), "opportunities.advance", json!({"id": id, "stage": "evaluate"}));
    org.ok(Some(rep), "opportunities.submit_for_approval", json!({"id": id}));
    org.ok(Some(&org.manager), "opportunities.approve", json!({"id": id}));
    org.ok(Some(rep), "opportunities.win", json!({"id": id}));
}
