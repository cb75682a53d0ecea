//! The demo organisation's shape: its regional sales teams, the pipeline's stages and the value model, and the ids later phases need.

use chrono::{DateTime, Utc};
use serde_json::{Value, json};

/// A regional sales team.
pub(super) struct Team {
    pub(super) department_id: String,
    pub(super) manager_id: String,
    pub(super) reps: Vec<String>,
    pub(super) regions: &'static [(&'static str, &'static str)],
}

/// The seeded organisation's ids.
pub(super) struct Org {
    pub(super) now: DateTime<Utc>,
    pub(super) teams: Vec<Team>,
}

impl Org {
    pub(super) fn team_of_rep(&self, rep: &str) -> Option<&Team> {
        self.teams.iter().find(|t| t.reps.iter().any(|r| r == rep))
    }
}

/// The demo pipeline as seeded.
pub(super) struct Pipeline {
    pub(super) id: String,
    /// Stage codes in order.
    pub(super) stages: Vec<String>,
}

/// The pipeline of the demo (OPP-1): code, name, probability, requires approval, forecast category (SCORE-7).
pub(super) const STAGES: &[(&str, &str, i64, bool, &str)] = &[
    ("initial", "初步接洽", 10, false, "pipeline"),
    ("needs", "需求确认", 30, false, "pipeline"),
    ("proposal", "方案报价", 50, true, "best_case"),
    ("negotiation", "商务谈判", 70, false, "best_case"),
    ("signing", "签约", 90, false, "commit"),
];

/// The `pipelines.create` request of the demo pipeline.
pub(super) fn pipeline_request() -> Value {
    let stages: Vec<Value> = STAGES
        .iter()
        .map(|(code, name, probability, approval, forecast)| {
            json!({
                "code": code,
                "name": name,
                "probability": probability,
                "requires_approval": approval,
                "forecast_category": forecast,
            })
        })
        .collect();
    json!({"code": "standard", "name": "标准销售流程", "is_default": true, "stages": stages})
}

/// The demo's value model: money, loyalty and recency, less overdue debt.
pub(super) fn value_model_request() -> Value {
    json!({
        "code": "standard",
        "name": "客户价值模型",
        "is_default": true,
        "dimensions": [
            {"metric": "order_amount", "rule": {"kind": "linear", "lo": 0, "hi": 300_000_000}, "weight": 4},
            {"metric": "order_count", "rule": {"kind": "bands", "bands": [
                {"min": 1, "max": 3, "points": 30}, {"min": 3, "max": 8, "points": 70}, {"min": 8, "points": 100}]}, "weight": 2},
            {"metric": "days_since_last_order", "rule": {"kind": "linear", "lo": 365, "hi": 0}, "weight": 3},
            {"metric": "overdue_amount", "rule": {"kind": "bands", "bands": [
                {"max": 1, "points": 100}, {"min": 1, "max": 5_000_000, "points": 50}]}, "weight": 1}
        ],
        "grading": {"method": "percentage", "a": 0.2, "b": 0.5, "c": 0.8}
    })
}
