//! Value analytics methods: the customer 360 overview (CUS-4), value models and scores (SCORE-1..3), RFM and ABC (SCORE-4, SCORE-5).

use super::method::methods;
pub use crate::domain::analytics::{
    AbcView, ChurnReport, ChurnRequest, ChurnRisk, CustomerDistributionRequest, CustomerGrouping, CustomerOverview,
    CustomerScores, Forecast, ForecastMonth, GroupCount, GroupReport, LeadConversionGroup, LeadConversionReport,
    LeadConversionRequest, LeadGrouping, ModelSummary, OverviewRequest, PeriodRequest, PipelineGroup, PipelineGrouping,
    PipelineReport, PipelineReportRequest, PyramidLevel, PyramidRequest, RescoreRequest, RescoreSummary, RfmView,
    ScoreView, ValuePyramid, WonLostGroup, WonLostReport,
};
use crate::domain::common::Empty;
use crate::domain::common::IdRequest;
pub use crate::domain::funnel::{FunnelReport, FunnelRequest, FunnelStage};
pub use crate::domain::prediction::{
    Condition, FeatureLikelihood, LeadPrediction, LeadScoringRules, Outcome as PredictionOutcome, Prediction,
    ScoringRule,
};
pub use crate::domain::segmentation::{AbcClass, AbcThresholds, RfmSegment};
pub use crate::domain::statistics::CustomerStatistics;
pub use crate::domain::value_model::{
    Band, Dimension, DimensionScore, Grade, Grading, Metric, Rule, ValueModel, ValueModelDraft, ValueModelListRequest,
    ValueModelPatch,
};

methods! {
    /// The customer 360 overview as of a date (default today): order totals (cumulative, this year, largest, last), receipts, outstanding and overdue receivables, credit available, open opportunities and their weighted amount, activity counts, value score and grade, RFM segment and ABC class.
    CustomerOverviewMethod "customers.overview" (OverviewRequest) -> CustomerOverview,
        example r#"{"id": "0190a8b2-7c1e-7000-8000-000000000003"}"#,
        |e, a, r| e.customer_overview(a, r);
    /// Every score of a customer from the last rescoring: per value model the score, grade, model version and per-dimension breakdown; RFM scores and segment; ABC class.
    CustomerScoresMethod "customers.scores" (IdRequest) -> CustomerScores,
        example r#"{"id": "0190a8b2-7c1e-7000-8000-000000000003"}"#,
        |e, a, r| e.customer_scores(a, r);
    /// Creates a value model (admin or system): dimensions with band or linear rules and weights, and a grading method; every customer is scored with it at once.
    CreateValueModel "value_models.create" (ValueModelDraft) -> ValueModel,
        example r#"{"code": "standard", "name": "客户价值模型", "is_default": true, "dimensions": [{"metric": "order_amount", "rule": {"kind": "linear", "lo": 0, "hi": 100000000}, "weight": 3}, {"metric": "days_since_last_order", "rule": {"kind": "linear", "lo": 365, "hi": 0}, "weight": 2}, {"metric": "overdue_amount", "rule": {"kind": "bands", "bands": [{"max": 1, "points": 100}, {"min": 1, "max": 1000000, "points": 50}]}, "weight": 1}], "grading": {"method": "score", "a": 80, "b": 60, "c": 30}}"#,
        |e, a, r| e.create_value_model(a, r);
    /// Changes a value model (admin or system); its version rises and every customer is rescored.
    UpdateValueModel "value_models.update" (ValueModelPatch) -> ValueModel,
        example r#"{"id": "0190a8b2-7c1e-7000-8000-000000000040", "grading": {"method": "percentage", "a": 0.2, "b": 0.5, "c": 0.8}}"#,
        |e, a, r| e.update_value_model(a, r);
    /// One value model.
    GetValueModel "value_models.get" (IdRequest) -> ValueModel,
        example r#"{"id": "0190a8b2-7c1e-7000-8000-000000000040"}"#,
        |e, a, r| e.value_model(a, r);
    /// The value models, the default first.
    ListValueModels "value_models.list" (ValueModelListRequest) -> Vec<ValueModel>,
        example r#"{}"#,
        |e, a, r| e.list_value_models(a, r);
    /// Rescores every live customer as of a date (admin or system): every value model, RFM quintiles and segments, ABC classes; statistics move to that date first.
    Rescore "scores.rescore" (RescoreRequest) -> RescoreSummary,
        example r#"{"as_of": "2026-03-31", "window_days": 365, "abc": {"a": 0.8, "b": 0.95}}"#,
        |e, a, r| e.rescore(a, r);
    /// The value pyramid: customers and cumulative order amount per grade of a model (default: the default model), over the customers in the actor's scope.
    ValuePyramidReport "reports.value_pyramid" (PyramidRequest) -> ValuePyramid,
        example r#"{}"#,
        |e, a, r| e.value_pyramid(a, r);
    /// The funnel of a pipeline (default: the default one) over creation months (default: the last twelve): per stage the opportunities that reached it or a later one and their amount, conversion to the next stage, mean days in the stage; won, lost, win rate, mean deal size and cycle length of those closed in the months. Counts only the opportunities in the actor's scope, optionally one owner's.
    FunnelReportMethod "reports.funnel" (FunnelRequest) -> FunnelReport,
        example r#"{"from": "2026-01", "to": "2026-03"}"#,
        |e, a, r| e.funnel_report(a, r);
    /// The weighted forecast (SCORE-7): per month of expected close, open opportunities' amount x probability (rounded half-up per opportunity) by forecast category, and the won amount closed in the month; `target` stays null until targets exist. Over the actor's scope.
    ForecastReport "reports.forecast" (PeriodRequest) -> Forecast,
        example r#"{"from": "2026-03", "to": "2026-08"}"#,
        |e, a, r| e.forecast(a, r);
    /// Open opportunities, amount and weighted amount per owner or per department, over the actor's scope.
    PipelineByGroup "reports.pipeline" (PipelineReportRequest) -> PipelineReport,
        example r#"{"by": "department"}"#,
        |e, a, r| e.pipeline_report(a, r);
    /// Won and lost opportunities closed in the months, by lost reason and competitor, over the actor's scope.
    WonLost "reports.won_lost" (PeriodRequest) -> WonLostReport,
        example r#"{"from": "2026-01", "to": "2026-03"}"#,
        |e, a, r| e.won_lost_report(a, r);
    /// Leads created in the months by source or campaign: converted, disqualified and the conversion rate, over the actor's scope.
    LeadConversion "reports.lead_conversion" (LeadConversionRequest) -> LeadConversionReport,
        example r#"{"by": "source"}"#,
        |e, a, r| e.lead_conversion_report(a, r);
    /// Live customers by source, status, kind, province (first level of the region) or industry, over the actor's scope.
    CustomerDistribution "reports.customer_distribution" (CustomerDistributionRequest) -> GroupReport,
        example r#"{"by": "region"}"#,
        |e, a, r| e.customer_distribution(a, r);
    /// Customers at churn risk (SCORE-10) from the last rescoring: days since the last order above k times their mean order interval, highest ratio first, over the actor's scope.
    ChurnList "reports.churn" (ChurnRequest) -> ChurnReport,
        example r#"{"limit": 20}"#,
        |e, a, r| e.churn_report(a, r);
    /// Sets the lead scoring rules (admin or system): points per field condition (equals, in, present, prefix, at_least on numeric custom fields), capped; every lead is rescored and each lead write keeps its `score` current.
    ConfigureLeadScoring "lead_scoring.configure" (LeadScoringRules) -> LeadScoringRules,
        example r#"{"cap": 100, "rules": [{"field": "source", "op": "equals", "value": "referral", "points": 30}, {"field": "email", "op": "present", "points": 10}, {"field": "region", "op": "prefix", "value": "44", "points": 15}, {"field": "custom.budget", "op": "at_least", "number": 1000000, "points": 25}]}"#,
        |e, a, r| e.configure_lead_scoring(a, r);
    /// The lead scoring rules.
    GetLeadScoring "lead_scoring.get" (Empty) -> LeadScoringRules,
        example r#"{}"#,
        |e, a, _r| e.lead_scoring_rules(a);
    /// A lead's rule score and its probability of conversion: naive Bayes with Laplace smoothing over source, industry, province and campaign of converted versus disqualified leads, with each feature's likelihoods.
    LeadPredictionMethod "leads.prediction" (IdRequest) -> LeadPrediction,
        example r#"{"id": "0190a8b2-7c1e-7000-8000-000000000101"}"#,
        |e, a, r| e.lead_prediction(a, r);
    /// An opportunity's win probability: naive Bayes over source, campaign and the customer's industry and province of won versus lost opportunities; the stage's probability while there is no history.
    OpportunityPredictionMethod "opportunities.prediction" (IdRequest) -> Prediction,
        example r#"{"id": "0190a8b2-7c1e-7000-8000-000000000020"}"#,
        |e, a, r| e.opportunity_prediction(a, r);
    /// Customers and window order amount per RFM segment, over the customers in the actor's scope (`null`: no order on or before the rescoring date).
    RfmSegmentReport "reports.rfm_segments" (Empty) -> GroupReport,
        example r#"{}"#,
        |e, a, _r| e.rfm_segment_report(a);
    /// Customers and window order amount per ABC class, over the customers in the actor's scope.
    AbcReport "reports.abc_classes" (Empty) -> GroupReport,
        example r#"{}"#,
        |e, a, _r| e.abc_report(a);
}
