//! Lead scoring (SCORE-6): rule points per field condition, capped, and the naive Bayes probability learned from closed history (leads and opportunities).
//!
//! Appendix A: with `W` won (converted) and `L` lost (disqualified) records
//! and Laplace smoothing `a = 1`, `P(won) = (W + a) / (W + L + 2a)` and
//! `P(v | won) = (won(f, v) + a) / (W + a * |V_f|)`, where `|V_f|` counts the
//! distinct values of field `f` seen in the history plus one for unseen
//! values; likewise for lost. A field without a value is left out, both when
//! learning and when predicting.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::error::{DomainError, DomainResult};

/// How a rule tests a field.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(tag = "op", rename_all = "snake_case", deny_unknown_fields)]
pub enum Condition {
    /// The field equals `value`.
    Equals { value: String },
    /// The field is one of `values`.
    In { values: Vec<String> },
    /// The field has a value.
    Present,
    /// The field starts with `value` (e.g. a region prefix).
    Prefix { value: String },
    /// A numeric custom field is at least `number`.
    AtLeast { number: f64 },
}

/// Points when a field meets a condition (`{"field": "source", "op": "equals", "value": "web", "points": 30}`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct ScoringRule {
    /// A lead field (`source`, `campaign`, `industry`, `region`, `status`, `title`, `email`, `phone`,
    /// `company_name`) or `custom.<key>`.
    pub field: String,
    #[serde(flatten)]
    pub condition: Condition,
    /// Points added (may be negative).
    pub points: i64,
}

/// The rule set of lead scoring; a lead's score is the sum of the matching rules' points, within 0..=cap.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct LeadScoringRules {
    pub rules: Vec<ScoringRule>,
    /// The highest score (default 100).
    #[serde(default = "default_cap")]
    pub cap: i64,
}

fn default_cap() -> i64 {
    100
}

impl Default for LeadScoringRules {
    fn default() -> Self {
        LeadScoringRules { rules: Vec::new(), cap: default_cap() }
    }
}

/// A field's value for scoring: text, or a number for custom fields.
#[derive(Debug, Clone, PartialEq)]
pub enum FieldValue {
    Text(String),
    Number(f64),
}

const LEAD_FIELDS: &[&str] =
    &["source", "campaign", "industry", "region", "status", "title", "email", "phone", "company_name"];

impl LeadScoringRules {
    pub(crate) fn validate(&self) -> DomainResult<()> {
        if !(0..=1_000_000).contains(&self.cap) {
            return Err(DomainError::validation("cap", "must be between 0 and 1000000"));
        }
        for (i, r) in self.rules.iter().enumerate() {
            let known = LEAD_FIELDS.contains(&r.field.as_str())
                || r.field.strip_prefix("custom.").is_some_and(|k| !k.is_empty());
            if !known {
                return Err(DomainError::validation(format!("rules[{i}].field"), "is not a lead field"));
            }
            if !(-1_000_000..=1_000_000).contains(&r.points) {
                return Err(DomainError::validation(format!("rules[{i}].points"), "is out of range"));
            }
        }
        Ok(())
    }

    /// The score of a record whose fields `value_of` answers.
    pub(crate) fn score(&self, value_of: impl Fn(&str) -> Option<FieldValue>) -> i64 {
        let total: i64 = self
            .rules
            .iter()
            .filter(|r| {
                let value = value_of(&r.field);
                match (&r.condition, value) {
                    (Condition::Present, v) => v.is_some(),
                    (Condition::Equals { value }, Some(FieldValue::Text(t))) => t == *value,
                    (Condition::In { values }, Some(FieldValue::Text(t))) => values.contains(&t),
                    (Condition::Prefix { value }, Some(FieldValue::Text(t))) => t.starts_with(value.as_str()),
                    (Condition::AtLeast { number }, Some(FieldValue::Number(n))) => n >= *number,
                    _ => false,
                }
            })
            .map(|r| r.points)
            .sum();
        total.clamp(0, self.cap)
    }
}

/// A closed record's outcome, for learning.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
pub enum Outcome {
    /// Converted lead, won opportunity.
    Won,
    /// Disqualified lead, lost opportunity.
    Lost,
}

/// Counts learned from closed history: per outcome, the total and per (feature, value).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct History {
    pub won: i64,
    pub lost: i64,
    /// (feature, value) -> (won count, lost count).
    pub values: BTreeMap<(String, String), (i64, i64)>,
}

/// One feature's part in a prediction.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct FeatureLikelihood {
    pub feature: String,
    pub value: String,
    /// P(value | won) and P(value | lost), six decimals.
    pub given_won: f64,
    pub given_lost: f64,
}

/// A predicted probability (SCORE-6) with its parts.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Prediction {
    /// Percent, two decimals; `null` without any closed history (and no stage to fall back on).
    pub probability: Option<f64>,
    /// `naive_bayes`, or `stage` when there is no history yet (opportunities).
    pub method: String,
    /// Closed records learned from.
    pub won: i64,
    pub lost: i64,
    pub features: Vec<FeatureLikelihood>,
}

fn six(x: f64) -> f64 {
    (x * 1e6).round() / 1e6
}

impl History {
    /// The naive Bayes probability of winning for a record with `features` (missing values left out).
    pub(crate) fn predict(&self, features: &[(String, Option<String>)]) -> Option<(f64, Vec<FeatureLikelihood>)> {
        if self.won + self.lost == 0 {
            return None;
        }
        let a = 1.0;
        let (w, l) = (self.won as f64, self.lost as f64);
        let mut p_won = (w + a) / (w + l + 2.0 * a);
        let mut p_lost = (l + a) / (w + l + 2.0 * a);
        let mut parts = Vec::new();
        for (feature, value) in features {
            let Some(value) = value else { continue };
            let distinct = self.values.keys().filter(|(f, _)| f == feature).count() as f64 + 1.0;
            let (won_v, lost_v) = self.values.get(&(feature.clone(), value.clone())).copied().unwrap_or((0, 0));
            let given_won = (won_v as f64 + a) / (w + a * distinct);
            let given_lost = (lost_v as f64 + a) / (l + a * distinct);
            p_won *= given_won;
            p_lost *= given_lost;
            parts.push(FeatureLikelihood {
                feature: feature.clone(),
                value: value.clone(),
                given_won: six(given_won),
                given_lost: six(given_lost),
            });
        }
        let probability = p_won / (p_won + p_lost) * 100.0;
        Some((super::value_model::hundredths(probability) as f64 / 100.0, parts))
    }
}

/// A lead's rule score and its predicted conversion probability.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct LeadPrediction {
    pub lead_id: String,
    /// The rule score (also stored on the lead as `score`).
    pub score: i64,
    /// The probability of conversion learned from converted versus disqualified leads.
    pub conversion: Prediction,
}

/// The first level of a region code (`44/4403` -> `44`).
pub fn province(region: Option<String>) -> Option<String> {
    region.map(|r| r.split('/').next().unwrap_or_default().to_string()).filter(|p| !p.is_empty())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn history(records: &[(&str, &str, Outcome)]) -> History {
        let mut h = History::default();
        for (source, industry, outcome) in records {
            let won = *outcome == Outcome::Won;
            if won {
                h.won += 1
            } else {
                h.lost += 1
            }
            for (f, v) in [("source", source), ("industry", industry)] {
                let e = h.values.entry((f.to_string(), v.to_string())).or_default();
                if won { e.0 += 1 } else { e.1 += 1 }
            }
        }
        h
    }

    fn lead(source: &str, industry: &str) -> Vec<(String, Option<String>)> {
        vec![
            ("source".into(), Some(source.into())),
            ("industry".into(), Some(industry.into())),
            ("campaign".into(), None),
        ]
    }

    #[test]
    fn naive_bayes_with_laplace_smoothing_as_appendix_a_defines_it() {
        // W = 2 (web/A, web/B), L = 2 (fair/A, web/A): P(won) = 3/6. |V_source| = |V_industry| = 3.
        use Outcome::*;
        let h = history(&[("web", "A", Won), ("web", "B", Won), ("fair", "A", Lost), ("web", "A", Lost)]);
        // web/B: won .5 x 3/5 x 2/5 = .12; lost .5 x 2/5 x 1/5 = .04 -> 75%.
        let (p, parts) = h.predict(&lead("web", "B")).unwrap();
        assert_eq!(p, 75.0);
        assert_eq!(parts.len(), 2, "a missing campaign is left out");
        assert_eq!((parts[0].given_won, parts[0].given_lost), (0.6, 0.4));
        // fair/A: won .5 x 1/5 x 2/5 = .04; lost .5 x 2/5 x 3/5 = .12 -> 25%.
        assert_eq!(h.predict(&lead("fair", "A")).unwrap().0, 25.0);
        // An unseen source: (0 + 1) / (2 + 3) both ways; B decides: .04 vs .02 -> 66.67%.
        assert_eq!(h.predict(&lead("tv", "B")).unwrap().0, 66.67);
        assert!(History::default().predict(&lead("web", "B")).is_none());
    }

    #[test]
    fn rules_add_points_within_the_cap() {
        let rules = LeadScoringRules {
            rules: vec![
                ScoringRule {
                    field: "source".into(),
                    condition: Condition::Equals { value: "web".into() },
                    points: 30,
                },
                ScoringRule { field: "email".into(), condition: Condition::Present, points: 20 },
                ScoringRule {
                    field: "industry".into(),
                    condition: Condition::In { values: vec!["A".into()] },
                    points: 25,
                },
                ScoringRule { field: "region".into(), condition: Condition::Prefix { value: "44".into() }, points: 5 },
                ScoringRule {
                    field: "custom.budget".into(),
                    condition: Condition::AtLeast { number: 1000.0 },
                    points: 7,
                },
            ],
            cap: 60,
        };
        let lead = |f: &str| match f {
            "source" => Some(FieldValue::Text("web".into())),
            "email" => Some(FieldValue::Text("a@b.c".into())),
            _ => None,
        };
        assert_eq!(rules.score(lead), 50);
        let richer = |f: &str| match f {
            "industry" => Some(FieldValue::Text("A".into())),
            "region" => Some(FieldValue::Text("44/4403".into())),
            "custom.budget" => Some(FieldValue::Number(1000.0)),
            other => lead(other),
        };
        assert_eq!(rules.score(richer), 60, "30 + 20 + 25 + 5 + 7 = 87, capped at 60");
        assert!(
            LeadScoringRules {
                rules: vec![ScoringRule { field: "shoe_size".into(), condition: Condition::Present, points: 1 }],
                cap: 10
            }
            .validate()
            .is_err()
        );
        for points in [i64::MIN, i64::MAX, 1_000_001, -1_000_001] {
            let rules = LeadScoringRules {
                rules: vec![ScoringRule { field: "email".into(), condition: Condition::Present, points }],
                cap: 10,
            };
            assert!(rules.validate().is_err(), "{points} points is refused, not negated into an overflow");
        }
    }
}
