//! Customer value models (SCORE-1..3): dimensions with band or linear rules and weights, a 0-100 score with its breakdown, grades.
//!
//! Appendix A: each dimension yields points in 0-100 (bands: half-open ranges
//! `[min, max)`, a value outside every band scores 0; linear:
//! `100 * clamp((v - lo) / (hi - lo), 0, 1)`, with `lo > hi` where less is
//! better); a missing value scores 0. Score = `sum(w_i * points_i) / sum(w_i)`,
//! rounded half-up to two decimals; grades use the rounded score.

use serde::{Deserialize, Serialize};

use super::error::{DomainError, DomainResult};
use super::statistics::CustomerStatistics;

/// What a dimension measures. Money is in minor units of the base currency.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
pub enum Metric {
    /// Cumulative order amount.
    OrderAmount,
    /// Order amount of the calendar year of `as_of`.
    YearOrderAmount,
    /// Cumulative receipts.
    ReceiptsAmount,
    /// Receipts of the calendar year of `as_of`.
    YearReceiptsAmount,
    /// What the orders of the calendar year of `as_of` still owe (a negative dimension: `lo > hi`).
    YearOutstandingAmount,
    /// Cumulative order count.
    OrderCount,
    /// Days since the last order (missing without orders); less is better.
    DaysSinceLastOrder,
    /// Done activities in the last 90 days.
    RecentActivities,
    /// Overdue receivables (a negative dimension: give it `lo > hi`).
    OverdueAmount,
    /// A numeric custom field of the customer, named by `field`.
    CustomField,
}

impl Metric {
    /// The metric's value for a customer; `custom` is the numeric custom field's value.
    pub(crate) fn value(self, stats: &CustomerStatistics, custom: Option<f64>) -> Option<f64> {
        Some(match self {
            Metric::OrderAmount => stats.order_amount as f64,
            Metric::YearOrderAmount => stats.year_order_amount as f64,
            Metric::ReceiptsAmount => stats.receipts_amount as f64,
            Metric::YearReceiptsAmount => stats.year_receipts_amount as f64,
            Metric::YearOutstandingAmount => stats.year_outstanding_amount as f64,
            Metric::OrderCount => stats.order_count as f64,
            Metric::DaysSinceLastOrder => stats.days_since_last_order()? as f64,
            Metric::RecentActivities => stats.recent_activity_count as f64,
            Metric::OverdueAmount => stats.overdue_amount as f64,
            Metric::CustomField => custom?,
        })
    }
}

/// One band: values in `[min, max)` (an absent bound is open) score `points`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct Band {
    pub min: Option<f64>,
    pub max: Option<f64>,
    /// 0 to 100.
    pub points: f64,
}

/// How a dimension's value becomes points.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(tag = "kind", rename_all = "snake_case", deny_unknown_fields)]
pub enum Rule {
    /// The first band containing the value; 0 outside every band.
    Bands { bands: Vec<Band> },
    /// `100 * clamp((v - lo) / (hi - lo), 0, 1)`; `lo > hi` when less is better.
    Linear { lo: f64, hi: f64 },
}

/// One dimension of a model.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct Dimension {
    pub metric: Metric,
    /// The custom field's key, for `custom_field`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub field: Option<String>,
    pub rule: Rule,
    /// At least 0; the weights of a model sum to more than 0.
    pub weight: f64,
}

/// A customer grade.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub enum Grade {
    A,
    B,
    C,
    D,
}

impl Grade {
    pub const ALL: [Grade; 4] = [Grade::A, Grade::B, Grade::C, Grade::D];

    pub fn as_str(self) -> &'static str {
        match self {
            Grade::A => "A",
            Grade::B => "B",
            Grade::C => "C",
            Grade::D => "D",
        }
    }

    pub fn parse(s: &str) -> Option<Grade> {
        Grade::ALL.into_iter().find(|g| g.as_str() == s)
    }
}

/// How grades are given.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(tag = "method", rename_all = "snake_case", deny_unknown_fields)]
pub enum Grading {
    /// Score bands: A at or above `a`, B at or above `b`, C at or above `c`, else D (default 80/60/30).
    Score { a: f64, b: f64, c: f64 },
    /// Rank percentiles: with `h` customers scoring strictly higher out of `n`, A if `h/n < a`,
    /// B if `< b`, C if `< c`, else D (default 0.2/0.5/0.8).
    Percentage { a: f64, b: f64, c: f64 },
}

impl Default for Grading {
    fn default() -> Self {
        Grading::Score { a: 80.0, b: 60.0, c: 30.0 }
    }
}

/// A value model to create.
#[derive(Debug, Clone, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct ValueModelDraft {
    pub code: String,
    pub name: String,
    /// The default model's score and grade show in the customer overview; the first model is the default.
    #[serde(default)]
    pub is_default: bool,
    pub dimensions: Vec<Dimension>,
    #[serde(default)]
    pub grading: Grading,
}

/// Changes to a model; each change raises its version and rescores every customer.
#[derive(Debug, Clone, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct ValueModelPatch {
    pub id: String,
    pub name: Option<String>,
    pub is_default: Option<bool>,
    pub dimensions: Option<Vec<Dimension>>,
    pub grading: Option<Grading>,
}

/// A stored value model.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct ValueModel {
    pub id: String,
    pub code: String,
    pub name: String,
    pub is_default: bool,
    pub dimensions: Vec<Dimension>,
    pub grading: Grading,
    /// Raised by every change; each score names the version it was computed with.
    pub version: i64,
    pub created_at: chrono::DateTime<chrono::Utc>,
    pub updated_at: chrono::DateTime<chrono::Utc>,
    pub archived_at: Option<chrono::DateTime<chrono::Utc>>,
}

/// One dimension's part of a score (SCORE-2).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct DimensionScore {
    pub metric: Metric,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub field: Option<String>,
    /// The raw value (`null` when missing: 0 points).
    pub value: Option<f64>,
    /// Points, 0-100, rounded to two decimals.
    pub points: f64,
    pub weight: f64,
    /// `weight * points / sum of weights`, rounded to two decimals.
    pub contribution: f64,
}

/// Rounds half-up to two decimals, as a whole number of hundredths (noise of binary fractions removed first).
pub(crate) fn hundredths(x: f64) -> i64 {
    let scaled = (x * 1e9).round() / 1e7;
    (scaled + 0.5).floor() as i64
}

fn two_decimals(x: f64) -> f64 {
    hundredths(x) as f64 / 100.0
}

impl Rule {
    /// Points for a value, 0-100 (unrounded).
    pub(crate) fn points(&self, value: f64) -> f64 {
        match self {
            Rule::Bands { bands } => bands
                .iter()
                .find(|b| b.min.is_none_or(|m| value >= m) && b.max.is_none_or(|m| value < m))
                .map_or(0.0, |b| b.points),
            Rule::Linear { lo, hi } => 100.0 * ((value - lo) / (hi - lo)).clamp(0.0, 1.0),
        }
    }
}

/// Validates a model's dimensions and grading.
pub(crate) fn validate_model(dimensions: &[Dimension], grading: &Grading) -> DomainResult<()> {
    if dimensions.is_empty() {
        return Err(DomainError::validation("dimensions", "needs at least one dimension"));
    }
    let mut total = 0.0;
    for (i, d) in dimensions.iter().enumerate() {
        let at = |f: &str| format!("dimensions[{i}].{f}");
        if !d.weight.is_finite() || d.weight < 0.0 {
            return Err(DomainError::validation(at("weight"), "must be a number of at least 0"));
        }
        total += d.weight;
        match (d.metric, &d.field) {
            (Metric::CustomField, None) => {
                return Err(DomainError::validation(at("field"), "names the custom field of a custom_field dimension"));
            }
            (Metric::CustomField, Some(_)) | (_, None) => {}
            (_, Some(_)) => return Err(DomainError::validation(at("field"), "is only for custom_field dimensions")),
        }
        match &d.rule {
            Rule::Linear { lo, hi } => {
                if !lo.is_finite() || !hi.is_finite() || lo == hi {
                    return Err(DomainError::validation(at("rule"), "needs finite lo and hi that differ"));
                }
            }
            Rule::Bands { bands } => {
                if bands.is_empty() {
                    return Err(DomainError::validation(at("rule.bands"), "needs at least one band"));
                }
                for (j, b) in bands.iter().enumerate() {
                    if !(0.0..=100.0).contains(&b.points) {
                        return Err(DomainError::validation(
                            format!("dimensions[{i}].rule.bands[{j}].points"),
                            "must be between 0 and 100",
                        ));
                    }
                    if let (Some(lo), Some(hi)) = (b.min, b.max)
                        && lo >= hi
                    {
                        return Err(DomainError::validation(
                            format!("dimensions[{i}].rule.bands[{j}]"),
                            "min must be below max",
                        ));
                    }
                }
            }
        }
    }
    if total <= 0.0 {
        return Err(DomainError::validation("dimensions", "the weights must sum to more than 0"));
    }
    let (a, b, c) = match grading {
        Grading::Score { a, b, c } | Grading::Percentage { a, b, c } => (*a, *b, *c),
    };
    let ordered = match grading {
        Grading::Score { .. } => a > b && b > c && c >= 0.0 && a <= 100.0,
        Grading::Percentage { .. } => 0.0 < a && a < b && b < c && c <= 1.0,
    };
    if !ordered {
        return Err(DomainError::validation("grading", "thresholds must be in order (A strictest) and in range"));
    }
    Ok(())
}

impl ValueModel {
    #[cfg(test)]
    /// A customer's score in hundredths (0-10000) and its breakdown, from each dimension's value.
    pub(crate) fn score(&self, values: &[Option<f64>]) -> (i64, Vec<DimensionScore>) {
        (self.score_only(values), self.breakdown(values))
    }

    /// A customer's score in hundredths (0-10000) alone: what a whole-database rescoring stores.
    pub(crate) fn score_only(&self, values: &[Option<f64>]) -> i64 {
        let total_weight: f64 = self.dimensions.iter().map(|d| d.weight).sum();
        let weighted: f64 = self
            .dimensions
            .iter()
            .zip(values)
            .map(|(d, &value)| d.weight * value.map_or(0.0, |v| d.rule.points(v)))
            .sum();
        hundredths(weighted / total_weight)
    }

    /// The explanation of a score (SCORE-2): per dimension the raw value, the points and the contribution.
    /// A pure function of the model and the values, so it can be rebuilt from the stored values.
    pub(crate) fn breakdown(&self, values: &[Option<f64>]) -> Vec<DimensionScore> {
        let total_weight: f64 = self.dimensions.iter().map(|d| d.weight).sum();
        self.dimensions
            .iter()
            .zip(values)
            .map(|(d, &value)| {
                let points = value.map_or(0.0, |v| d.rule.points(v));
                DimensionScore {
                    metric: d.metric,
                    field: d.field.clone(),
                    value,
                    points: two_decimals(points),
                    weight: d.weight,
                    contribution: two_decimals(d.weight * points / total_weight),
                }
            })
            .collect()
    }
}

/// Dimension values in a compact text form (`12.5,,3`: empty for a missing value); exact for every
/// finite value, since each is written in the shortest form that reads back the same.
pub(crate) fn encode_values(values: &[Option<f64>]) -> String {
    let mut out = String::with_capacity(values.len() * 8);
    for (i, v) in values.iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        if let Some(v) = v {
            out.push_str(&v.to_string());
        }
    }
    out
}

/// Reads [`encode_values`] back (of at least one value: a model has a dimension); `None` when the
/// text is not such a list.
pub(crate) fn decode_values(text: &str) -> Option<Vec<Option<f64>>> {
    text.split(',').map(|v| if v.is_empty() { Some(None) } else { v.parse().ok().map(Some) }).collect()
}

/// Grades for rounded scores (hundredths), in input order.
pub(crate) fn grades(grading: &Grading, scores: &[i64]) -> Vec<Grade> {
    match grading {
        Grading::Score { a, b, c } => {
            let (a, b, c) = (hundredths(*a), hundredths(*b), hundredths(*c));
            scores
                .iter()
                .map(|&s| {
                    if s >= a {
                        Grade::A
                    } else if s >= b {
                        Grade::B
                    } else if s >= c {
                        Grade::C
                    } else {
                        Grade::D
                    }
                })
                .collect()
        }
        Grading::Percentage { a, b, c } => {
            let n = scores.len() as f64;
            let mut sorted = scores.to_vec();
            sorted.sort_unstable();
            scores
                .iter()
                .map(|&s| {
                    // Customers with a strictly higher score.
                    let higher = (sorted.len() - sorted.partition_point(|&x| x <= s)) as f64;
                    let share = higher / n;
                    if share < *a {
                        Grade::A
                    } else if share < *b {
                        Grade::B
                    } else if share < *c {
                        Grade::C
                    } else {
                        Grade::D
                    }
                })
                .collect()
        }
    }
}

/// Which value models to list.
#[derive(Debug, Clone, Default, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct ValueModelListRequest {
    #[serde(default)]
    pub include_archived: bool,
}

#[cfg(test)]
#[allow(clippy::inconsistent_digit_grouping)] // money written as yuan_fen, scores as points_hundredths
mod tests {
    use super::*;

    fn model(dimensions: Vec<Dimension>) -> ValueModel {
        let t = chrono::DateTime::from_timestamp(0, 0).unwrap();
        ValueModel {
            id: "m".into(),
            code: "m".into(),
            name: "m".into(),
            is_default: true,
            dimensions,
            grading: Grading::default(),
            version: 1,
            created_at: t,
            updated_at: t,
            archived_at: None,
        }
    }

    fn dim(metric: Metric, rule: Rule, weight: f64) -> Dimension {
        Dimension { metric, field: None, rule, weight }
    }

    #[test]
    fn bands_are_half_open_and_outside_scores_zero() {
        let rule = Rule::Bands {
            bands: vec![
                Band { min: Some(0.0), max: Some(10.0), points: 20.0 },
                Band { min: Some(10.0), max: None, points: 100.0 },
            ],
        };
        assert_eq!(rule.points(9.999), 20.0);
        assert_eq!(rule.points(10.0), 100.0);
        assert_eq!(rule.points(-1.0), 0.0);
    }

    #[test]
    fn linear_clamps_and_reverses_when_less_is_better() {
        let up = Rule::Linear { lo: 0.0, hi: 200.0 };
        assert_eq!((up.points(-5.0), up.points(50.0), up.points(500.0)), (0.0, 25.0, 100.0));
        let down = Rule::Linear { lo: 365.0, hi: 0.0 };
        assert_eq!((down.points(0.0), down.points(365.0), down.points(73.0)), (100.0, 0.0, 80.0));
    }

    #[test]
    fn score_is_the_weighted_mean_rounded_half_up_with_a_breakdown() {
        let m = model(vec![
            dim(Metric::OrderAmount, Rule::Linear { lo: 0.0, hi: 1000.0 }, 3.0),
            dim(Metric::DaysSinceLastOrder, Rule::Linear { lo: 300.0, hi: 0.0 }, 1.0),
            dim(Metric::RecentActivities, Rule::Linear { lo: 0.0, hi: 10.0 }, 1.0),
        ]);
        // Points 33.3 / 50 / missing -> 0; (3*33.3 + 50 + 0) / 5 = 29.98
        let (score, breakdown) = m.score(&[Some(333.0), Some(150.0), None]);
        assert_eq!(score, 29_98);
        assert_eq!(breakdown[0].points, 33.3);
        assert_eq!(breakdown[0].contribution, 19.98);
        assert_eq!(breakdown[1].contribution, 10.0);
        assert_eq!(breakdown[2].value, None);
        assert_eq!(breakdown[2].points, 0.0);
        // Half-up at the second decimal: (1 * 0.125 * 100 ...) 12.345 -> 12.35
        assert_eq!(hundredths(12.345), 12_35);
        assert_eq!(hundredths(2.675), 2_68);
        assert_eq!(hundredths(29.975), 29_98);
    }

    #[test]
    fn dimension_values_survive_their_compact_form() {
        let values = [Some(333.0), None, Some(0.1 + 0.2), Some(-7.25e-9), Some(123456789012.0)];
        assert_eq!(decode_values(&encode_values(&values)).as_deref(), Some(&values[..]));
        assert_eq!(decode_values(&encode_values(&[None])), Some(vec![None]));
        assert_eq!(decode_values("1,x"), None);
    }

    #[test]
    fn score_grades_use_bands_on_the_rounded_score() {
        let g = grades(&Grading::default(), &[80_00, 79_99, 60_00, 30_00, 29_99]);
        assert_eq!(g, [Grade::A, Grade::B, Grade::B, Grade::C, Grade::D]);
    }

    #[test]
    fn percentage_grades_count_strictly_higher_scores() {
        // n = 10; h/n: 90 -> 0, 80 (x2) -> 0.1, 70 -> 0.3, 60 -> 0.4, 50 -> 0.5, 40 -> 0.6, 30 -> 0.7, 20 -> 0.8, 10 -> 0.9
        let scores = [90, 80, 80, 70, 60, 50, 40, 30, 20, 10];
        let g = grades(&Grading::Percentage { a: 0.2, b: 0.5, c: 0.8 }, &scores);
        use Grade::*;
        assert_eq!(g, [A, A, A, B, B, C, C, C, D, D]);
    }

    #[test]
    fn models_are_validated() {
        let ok = vec![dim(Metric::OrderCount, Rule::Linear { lo: 0.0, hi: 10.0 }, 1.0)];
        assert!(validate_model(&ok, &Grading::default()).is_ok());
        let zero = vec![dim(Metric::OrderCount, Rule::Linear { lo: 0.0, hi: 10.0 }, 0.0)];
        assert!(validate_model(&zero, &Grading::default()).is_err());
        let flat = vec![dim(Metric::OrderCount, Rule::Linear { lo: 5.0, hi: 5.0 }, 1.0)];
        assert!(validate_model(&flat, &Grading::default()).is_err());
        let custom = vec![dim(Metric::CustomField, Rule::Linear { lo: 0.0, hi: 5.0 }, 1.0)];
        assert!(validate_model(&custom, &Grading::default()).is_err());
        let bad_grading = Grading::Score { a: 50.0, b: 60.0, c: 30.0 };
        assert!(validate_model(&ok, &bad_grading).is_err());
    }
}
