//! Requests and answers of the value analytics (CUS-4, SCORE-1..5): the 360 overview, rescoring, scores, report counts.

use std::collections::BTreeMap;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::segmentation::{AbcClass, AbcThresholds, RfmSegment};
use super::statistics::CustomerStatistics;
use super::value_model::{DimensionScore, Grade};

/// One customer's 360 overview, as of a date.
#[derive(Debug, Clone, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct OverviewRequest {
    pub id: String,
    /// Local date (default today).
    pub as_of: Option<String>,
}

/// The customer 360 overview (CUS-4). Money in minor units of the base currency.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct CustomerOverview {
    pub customer_id: String,
    pub as_of: NaiveDate,
    pub statistics: CustomerStatistics,
    pub credit_limit: Option<i64>,
    /// `credit_limit - outstanding`; `null` without a limit.
    pub credit_available: Option<i64>,
    pub open_opportunities: i64,
    /// Sum over open opportunities of `amount * probability / 100`, rounded half-up per opportunity.
    pub open_opportunities_weighted: i64,
    /// The default value model's score (0-100) and grade from the last rescoring, if any.
    pub value_score: Option<f64>,
    pub value_grade: Option<Grade>,
    pub rfm_segment: Option<RfmSegment>,
    pub abc_class: Option<AbcClass>,
    /// What the customer bought through each channel partner (counting orders up to `as_of` that name
    /// one), largest amount first.
    pub channel_partners: Vec<ChannelFigures>,
    /// The financial figures the actor may not see (ORG-6), dotted for those of `statistics`: absent from
    /// the JSON (zero in `statistics` for Rust callers).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub withheld: Vec<String>,
}

/// A customer's orders through one channel partner (CUS-4). Amounts are minor units of the base currency.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct ChannelFigures {
    pub channel_partner: String,
    pub order_count: i64,
    pub order_amount: i64,
    pub last_order_date: Option<NaiveDate>,
}

/// Rescoring: value models, RFM and ABC over every customer, as of a date.
#[derive(Debug, Clone, Default, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct RescoreRequest {
    /// Local date (default today).
    pub as_of: Option<String>,
    /// The RFM and ABC window in days (default 365, at most 3660).
    pub window_days: Option<i64>,
    /// ABC thresholds on the revenue share ahead (default 0.80 and 0.95).
    pub abc: Option<AbcThresholds>,
    /// Churn risk when days since the last order exceed `churn_k` times the mean order interval (default 2).
    pub churn_k: Option<f64>,
    /// A preview: the same rescoring runs in the transaction and is rolled back, so the summary is what
    /// the real one would answer and nothing changes.
    #[serde(default)]
    pub dry_run: bool,
}

/// What a rescoring did.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct RescoreSummary {
    pub as_of: NaiveDate,
    pub window_days: i64,
    /// Live customers scored by every model.
    pub customers: i64,
    pub models: Vec<ModelSummary>,
    /// Customers with an order on or before `as_of` (the RFM and ABC population).
    pub rfm_population: i64,
    pub segments: BTreeMap<RfmSegment, i64>,
    pub abc: BTreeMap<AbcClass, i64>,
    /// Customers at churn risk (SCORE-10).
    pub churn_risks: i64,
    /// Stored score and segment rows this rescoring wrote (changed, new or removed); unchanged rows are
    /// left as they are, and a dry run writes none.
    pub rows_written: i64,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct ModelSummary {
    pub model_id: String,
    pub code: String,
    pub version: i64,
    pub grades: BTreeMap<Grade, i64>,
}

/// A customer's score under one model, with its breakdown (SCORE-2).
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct ScoreView {
    pub model_id: String,
    pub model_code: String,
    pub model_version: i64,
    pub as_of: NaiveDate,
    /// 0-100, two decimals.
    pub score: f64,
    pub grade: Grade,
    pub breakdown: Vec<DimensionScore>,
}

/// A customer's RFM scores and segment (SCORE-4).
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct RfmView {
    pub recency_days: i64,
    pub frequency: i64,
    pub monetary: i64,
    pub r: u8,
    pub f: u8,
    pub m: u8,
    pub segment: RfmSegment,
}

/// A customer's ABC class and the revenue share of everyone ahead of it (SCORE-5).
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct AbcView {
    pub class: AbcClass,
    /// 0-1, six decimals.
    pub share_before: f64,
}

/// Every score of a customer, from the last rescoring.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct CustomerScores {
    pub customer_id: String,
    pub scores: Vec<ScoreView>,
    /// `null` outside the RFM population (no order on or before `as_of`) or before the first rescoring.
    pub rfm: Option<RfmView>,
    pub abc: Option<AbcView>,
    pub as_of: Option<NaiveDate>,
    pub window_days: Option<i64>,
}

/// Which model's pyramid (default: the default model).
#[derive(Debug, Clone, Default, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct PyramidRequest {
    pub model_id: Option<String>,
}

/// Customers and cumulative order amount per grade, over the customers in the actor's scope (SCORE-3).
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct ValuePyramid {
    pub model_id: String,
    pub model_code: String,
    /// A to D, then customers without a score (`grade` null).
    pub levels: Vec<PyramidLevel>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct PyramidLevel {
    pub grade: Option<Grade>,
    pub customers: i64,
    pub order_amount: i64,
}

/// A report group: its key, customers and an amount.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct GroupCount {
    /// The group (`null`: customers outside the population or not yet scored).
    pub key: Option<String>,
    pub customers: i64,
    /// Order amount of the group's customers, minor units of the base currency: every counting order as
    /// of the statistics date (value pyramid, customer distribution), or the window's (RFM, ABC).
    pub amount: i64,
}

/// Counts per group over the customers in the actor's scope.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct GroupReport {
    pub groups: Vec<GroupCount>,
}

/// A span of local months, `YYYY-MM` (default: the last twelve up to this month), optionally one owner's records.
#[derive(Debug, Clone, Default, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct PeriodRequest {
    pub from: Option<String>,
    pub to: Option<String>,
    pub owner_id: Option<String>,
}

/// One month of the forecast (SCORE-7): open opportunities weighted by probability, by the month of
/// their expected close date and forecast category, and the won amount closed in the month.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct ForecastMonth {
    /// `YYYY-MM`; `null` for open opportunities without an expected close date.
    pub month: Option<String>,
    pub pipeline: i64,
    pub best_case: i64,
    pub commit: i64,
    /// pipeline + best_case + commit.
    pub weighted: i64,
    pub open_opportunities: i64,
    /// Won in the month (category `closed`).
    pub closed: i64,
    /// The month's target; `null` until targets (TGT) exist.
    pub target: Option<i64>,
}

/// The weighted forecast over the opportunities in the actor's scope (minor units of the base currency).
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Forecast {
    pub from: String,
    pub to: String,
    pub months: Vec<ForecastMonth>,
}

/// How to group a report.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
pub enum PipelineGrouping {
    Owner,
    Department,
}

#[derive(Debug, Clone, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct PipelineReportRequest {
    pub by: PipelineGrouping,
}

/// Open opportunities of one owner or department.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct PipelineGroup {
    /// The user or department id (`null`: no owner).
    pub id: Option<String>,
    pub name: Option<String>,
    pub opportunities: i64,
    pub amount: i64,
    /// Sum of amount x probability / 100, rounded half-up per opportunity.
    pub weighted: i64,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct PipelineReport {
    pub groups: Vec<PipelineGroup>,
}

/// Won and lost opportunities closed in the months, by reason and competitor.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct WonLostGroup {
    /// `won` or `lost`.
    pub status: String,
    pub reason: Option<String>,
    pub competitor: Option<String>,
    pub opportunities: i64,
    pub amount: i64,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct WonLostReport {
    pub from: String,
    pub to: String,
    pub groups: Vec<WonLostGroup>,
}

/// Lead conversion grouped by source or campaign.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
pub enum LeadGrouping {
    Source,
    Campaign,
}

#[derive(Debug, Clone, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct LeadConversionRequest {
    pub by: LeadGrouping,
    /// Creation months, `YYYY-MM` (default: the last twelve).
    pub from: Option<String>,
    pub to: Option<String>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct LeadConversionGroup {
    pub key: Option<String>,
    pub leads: i64,
    pub converted: i64,
    pub disqualified: i64,
    /// converted / leads, four decimals.
    pub conversion_rate: Option<f64>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct LeadConversionReport {
    pub from: String,
    pub to: String,
    pub groups: Vec<LeadConversionGroup>,
}

/// A customer attribute to count by.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
pub enum CustomerGrouping {
    Source,
    Status,
    Kind,
    /// The first level of the region code (e.g. the province `44`).
    Region,
    Industry,
}

#[derive(Debug, Clone, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct CustomerDistributionRequest {
    pub by: CustomerGrouping,
}

/// SCORE-10: the churn list from the last rescoring.
#[derive(Debug, Clone, Default, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct ChurnRequest {
    /// Page size (default 50, at most 1000).
    pub limit: Option<u32>,
    /// The `next_cursor` of the previous page.
    pub cursor: Option<String>,
}

/// A customer at risk of churning: days since its last order exceed `k` times its mean order interval.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct ChurnRisk {
    pub customer_id: String,
    pub code: String,
    pub name: String,
    pub owner_id: Option<String>,
    pub days_since_last_order: i64,
    pub mean_interval_days: f64,
    /// days_since_last_order / mean_interval_days, two decimals (`null` when every order fell on one day).
    pub ratio: Option<f64>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct ChurnReport {
    pub as_of: Option<NaiveDate>,
    pub k: Option<f64>,
    /// Highest ratio first.
    pub customers: Vec<ChurnRisk>,
    /// Pass as `cursor` for the next page; `null` on the last one.
    pub next_cursor: Option<String>,
}

/// A value with two decimals, rounded half-up on its decimal value (§0): the value is first taken to
/// micro-units, so a binary fraction just below a half (4.475 stored as 4.47499...) still rounds up.
pub(crate) fn two_decimals(value: f64) -> f64 {
    let micro = (value * 1e6).round() as i128;
    super::money::round_half_up_div(micro, 10_000) as f64 / 100.0
}

/// SCORE-10: days since the last order over the mean interval, two decimals half-up (`None` when every
/// order fell on one day).
pub(crate) fn churn_ratio(days: i64, mean_interval_days: f64) -> Option<f64> {
    let mean_micro = (mean_interval_days * 1e6).round() as i128;
    (mean_micro > 0)
        .then(|| super::money::round_half_up_div(i128::from(days) * 100 * 1_000_000, mean_micro) as f64 / 100.0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn score_10_ratios_round_half_up_on_their_decimal_value() {
        // 179 / 40 = 4.475 exactly; in binary floating point it is 4.47499..., which rounded to 4.47.
        assert_eq!(churn_ratio(179, 40.0), Some(4.48));
        assert_eq!(churn_ratio(100, 3.0), Some(33.33));
        assert_eq!(churn_ratio(5, 0.0), None);
        assert_eq!(two_decimals(1.005), 1.01);
        assert_eq!(two_decimals(13.333_333_333), 13.33);
    }
}
