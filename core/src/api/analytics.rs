//! Value analytics methods: the customer 360 overview (CUS-4), value models and scores (SCORE-1..3), RFM and ABC (SCORE-4, SCORE-5).

use super::method::methods;
pub use crate::domain::analytics::{
    AbcView, ChannelFigures, ChurnReport, ChurnRequest, ChurnRisk, CustomerDistributionRequest, CustomerGrouping,
    CustomerOverview, CustomerScores, Forecast, ForecastMonth, GroupCount, GroupReport, LeadConversionGroup,
    LeadConversionReport, LeadConversionRequest, LeadGrouping, ModelSummary, OverviewRequest, PeriodRequest,
    PipelineGroup, PipelineGrouping, PipelineReport, PipelineReportRequest, PyramidLevel, PyramidRequest,
    RescoreRequest, RescoreSummary, RfmView, ScoreView, ValuePyramid, WonLostGroup, WonLostReport,
};
use crate::domain::common::IdRequest;
pub use crate::domain::funnel::{FunnelReport, FunnelRequest, FunnelStage};
pub use crate::domain::prediction::{
    Condition, FeatureLikelihood, LeadPrediction, LeadScoringRules, Outcome as PredictionOutcome, Prediction,
    ScoringRule,
};
pub use crate::domain::sales_report::{
    ExecutionGroup, ExecutionGrouping, OrderExecutionReport, OrderExecutionRequest, SalesGroup, SalesGrouping,
    SalesPeriod, SalesReport, SalesReportRequest,
};
pub use crate::domain::segmentation::{AbcClass, AbcThresholds, RfmSegment};
pub use crate::domain::statistics::CustomerStatistics;
pub use crate::domain::value_model::{
    Band, Dimension, DimensionScore, Grade, Grading, Metric, Rule, ValueModel, ValueModelDraft, ValueModelListRequest,
    ValueModelPatch,
};

methods! {
    /// The customer 360 overview as of a date (default today): order totals (cumulative, this year, largest, last), receipts, outstanding and overdue receivables, credit available, open opportunities and their weighted amount, activity counts, value score and grade, RFM segment and ABC class.
    "customers.overview" => customer_overview(OverviewRequest) -> CustomerOverview,
        example r#"{"id": "0190a8b2-7c1e-7000-8000-000000000003"}"#;
    /// Every score of a customer from the last rescoring: per value model the score, grade, model version and per-dimension breakdown; RFM scores and segment; ABC class.
    "customers.scores" => customer_scores(IdRequest) -> CustomerScores,
        example r#"{"id": "0190a8b2-7c1e-7000-8000-000000000003"}"#;
    /// Creates a value model (admin or system): dimensions with band or linear rules and weights, and a grading method; every customer is scored with it at once.
    "value_models.create" => create_value_model(ValueModelDraft) -> ValueModel,
        example r#"{"code": "standard", "name": "客户价值模型", "is_default": true, "dimensions": [{"metric": "order_amount", "rule": {"kind": "linear", "lo": 0, "hi": 100000000}, "weight": 3}, {"metric": "days_since_last_order", "rule": {"kind": "linear", "lo": 365, "hi": 0}, "weight": 2}, {"metric": "overdue_amount", "rule": {"kind": "bands", "bands": [{"max": 1, "points": 100}, {"min": 1, "max": 1000000, "points": 50}]}, "weight": 1}], "grading": {"method": "score", "a": 80, "b": 60, "c": 30}}"#;
    /// Changes a value model (admin or system); its version rises and every customer is rescored.
    "value_models.update" => update_value_model(ValueModelPatch) -> ValueModel,
        example r#"{"id": "0190a8b2-7c1e-7000-8000-000000000040", "grading": {"method": "percentage", "a": 0.2, "b": 0.5, "c": 0.8}}"#;
    /// One value model.
    "value_models.get" => value_model(IdRequest) -> ValueModel,
        example r#"{"id": "0190a8b2-7c1e-7000-8000-000000000040"}"#;
    /// The value models, the default first.
    "value_models.list" => list_value_models(ValueModelListRequest) -> Vec<ValueModel>,
        example r#"{}"#;
    /// Rescores every live customer as of a date (admin or system): every value model, RFM quintiles and segments, ABC classes; statistics move to that date first.
    "scores.rescore" => rescore(RescoreRequest) -> RescoreSummary,
        example r#"{"as_of": "2026-03-31", "window_days": 365, "abc": {"a": 0.8, "b": 0.95}}"#;
    /// The value pyramid: customers and cumulative order amount per grade of a model (default: the default model), over the customers in the actor's scope.
    "reports.value_pyramid" => value_pyramid(PyramidRequest) -> ValuePyramid,
        example r#"{}"#;
    /// The funnel of a pipeline (default: the default one) over creation months (default: the last twelve): per stage the opportunities that reached it or a later one and their amount, conversion to the next stage, mean days in the stage; won, lost, win rate, mean deal size and cycle length of those closed in the months. Counts only the opportunities in the actor's scope, optionally one owner's.
    "reports.funnel" => funnel_report(FunnelRequest) -> FunnelReport,
        example r#"{"from": "2026-01", "to": "2026-03"}"#;
    /// The weighted forecast (SCORE-7): per month of expected close, open opportunities' amount x probability (rounded half-up per opportunity) by forecast category, and the won amount closed in the month; `target` stays null until targets exist. Over the actor's scope.
    "reports.forecast" => forecast(PeriodRequest) -> Forecast,
        example r#"{"from": "2026-03", "to": "2026-08"}"#;
    /// Open opportunities, amount and weighted amount per owner or per department, over the actor's scope.
    "reports.pipeline" => pipeline_report(PipelineReportRequest) -> PipelineReport,
        example r#"{"by": "department"}"#;
    /// Won and lost opportunities closed in the months, by lost reason and competitor, over the actor's scope.
    "reports.won_lost" => won_lost_report(PeriodRequest) -> WonLostReport,
        example r#"{"from": "2026-01", "to": "2026-03"}"#;
    /// Sales (SCORE-9) of the counting orders dated in the months `from..=to` (default the last twelve), in the actor's report scope (pool customers left out): by product (with quantities) or product category (a line's share of its order's base amount), region, owner, department, customer, channel partner or period; `period` also splits every group by month, quarter or year. Largest first, `limit` groups; totals count every sale. Credit returns are taken off.
    "reports.sales" => sales_report(SalesReportRequest) -> SalesReport,
        example r#"{"by": "category", "period": "month", "from": "2026-01", "to": "2026-06"}"#;
    /// Order execution (SCORE-9): the counting orders dated in the months by owner, department, customer or month, with what was ordered, delivered, invoiced and received (received withheld without `view_financial` on receivables).
    "reports.order_execution" => order_execution_report(OrderExecutionRequest) -> OrderExecutionReport,
        example r#"{"by": "owner", "from": "2026-01", "to": "2026-03"}"#;
    /// Leads created in the months by source or campaign: converted, disqualified and the conversion rate, over the actor's scope.
    "reports.lead_conversion" => lead_conversion_report(LeadConversionRequest) -> LeadConversionReport,
        example r#"{"by": "source"}"#;
    /// Live customers by source, status, kind, province (first level of the region) or industry, over the actor's scope.
    "reports.customer_distribution" => customer_distribution(CustomerDistributionRequest) -> GroupReport,
        example r#"{"by": "region"}"#;
    /// Customers at churn risk (SCORE-10) from the last rescoring: days since the last order above k times their mean order interval, highest ratio first, over the actor's scope.
    "reports.churn" => churn_report(ChurnRequest) -> ChurnReport,
        example r#"{"limit": 20}"#;
    /// Sets the lead scoring rules (admin or system): points per field condition (equals, in, present, prefix, at_least on numeric custom fields), capped; every lead is rescored and each lead write keeps its `score` current.
    "lead_scoring.configure" => configure_lead_scoring(LeadScoringRules) -> LeadScoringRules,
        example r#"{"cap": 100, "rules": [{"field": "source", "op": "equals", "value": "referral", "points": 30}, {"field": "email", "op": "present", "points": 10}, {"field": "region", "op": "prefix", "value": "44", "points": 15}, {"field": "custom.budget", "op": "at_least", "number": 1000000, "points": 25}]}"#;
    /// The lead scoring rules.
    "lead_scoring.get" => lead_scoring_rules() -> LeadScoringRules,
        example r#"{}"#;
    /// A lead's rule score and its probability of conversion: naive Bayes with Laplace smoothing over source, industry, province and campaign of converted versus disqualified leads, with each feature's likelihoods.
    "leads.prediction" => lead_prediction(IdRequest) -> LeadPrediction,
        example r#"{"id": "0190a8b2-7c1e-7000-8000-000000000101"}"#;
    /// An opportunity's win probability: naive Bayes over source, campaign and the customer's industry and province of won versus lost opportunities; the stage's probability while there is no history.
    "opportunities.prediction" => opportunity_prediction(IdRequest) -> Prediction,
        example r#"{"id": "0190a8b2-7c1e-7000-8000-000000000020"}"#;
    /// Customers and window order amount per RFM segment, over the customers in the actor's scope (`null`: no order on or before the rescoring date).
    "reports.rfm_segments" => rfm_segment_report() -> GroupReport,
        example r#"{}"#;
    /// Customers and window order amount per ABC class, over the customers in the actor's scope.
    "reports.abc_classes" => abc_report() -> GroupReport,
        example r#"{}"#;
}
