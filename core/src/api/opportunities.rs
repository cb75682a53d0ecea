//! Pipeline and opportunity methods (OPP-1 to OPP-5).

use super::method::methods;
pub use crate::domain::access::CollaboratorAccess;
use crate::domain::common::{IdRequest, Page};
pub use crate::domain::opportunity::{
    AbandonRequest, AdvanceRequest, ApprovalStatus, Collaborator, CollaboratorRequest, LineDraft, LoseRequest,
    NoteRequest, Opportunity, OpportunityDraft, OpportunityLine, OpportunityListRequest, OpportunityPatch,
    OpportunityStatus, RemoveCollaboratorRequest, ReopenRequest, StageVisit,
};
pub use crate::domain::pipeline::{
    ForecastCategory, Pipeline, PipelineDraft, PipelineListRequest, PipelinePatch, Stage, StageDraft,
};

methods! {
    /// Creates a pipeline with ordered stages (admin or system); the first pipeline becomes the default.
    "pipelines.create" => create_pipeline(PipelineDraft) -> Pipeline,
        example r#"{"code": "standard", "name": "标准销售流程", "is_default": true, "stages": [{"code": "qualify", "name": "初步接洽", "probability": 10, "requires_approval": false, "forecast_category": "pipeline"}, {"code": "evaluate", "name": "需求评估", "probability": 40, "requires_approval": true, "forecast_category": "best_case"}, {"code": "negotiate", "name": "商务谈判", "probability": 80, "requires_approval": false, "forecast_category": "commit"}]}"#;
    /// Renames a pipeline, makes it the default, or replaces its stages (known codes keep their ids).
    "pipelines.update" => update_pipeline(PipelinePatch) -> Pipeline,
        example r#"{"id": "0190a8b2-7c1e-7000-8000-000000000010", "name": "Standard B2B", "is_default": true}"#;
    /// One pipeline with its stages.
    "pipelines.get" => pipeline(IdRequest) -> Pipeline,
        example r#"{"id": "0190a8b2-7c1e-7000-8000-000000000010"}"#;
    /// Every pipeline with its stages, the default first.
    "pipelines.list" => list_pipelines(PipelineListRequest) -> Vec<Pipeline>,
        example r#"{"include_archived": false}"#;
    /// Archives a pipeline other than the default.
    "pipelines.archive" => archive_pipeline(IdRequest) -> Pipeline,
        example r#"{"id": "0190a8b2-7c1e-7000-8000-000000000010"}"#;
    /// Restores an archived pipeline.
    "pipelines.restore" => restore_pipeline(IdRequest) -> Pipeline,
        example r#"{"id": "0190a8b2-7c1e-7000-8000-000000000010"}"#;
    /// Creates an opportunity for a visible customer (lines priced half-up per line); a known `external_ref` updates it instead. A user starts it at or before the first approval stage; the system may start it anywhere.
    "opportunities.create" => create_opportunity(OpportunityDraft) -> Opportunity,
        example r#"{"customer_id": "0190a8b2-7c1e-7000-8000-000000000003", "title": "深圳工厂二期设备采购", "currency": "USD", "fx_rate": "7.1", "expected_close_date": "2026-06-30", "lines": [{"product_code": "PUMP-200", "description": "Industrial pump", "quantity": "4", "unit_price": 125000}], "source": "exhibition", "external_ref": "ERP-OPP-881"}"#;
    /// Changes an open opportunity's fields (stage, status and sharing have their own methods).
    "opportunities.update" => update_opportunity(OpportunityPatch) -> Opportunity,
        example r#"{"id": "0190a8b2-7c1e-7000-8000-000000000020", "title": "深圳工厂二期设备采购 (扩容)", "probability_override": 55}"#;
    /// One opportunity with its stage, effective probability, lines and collaborators.
    "opportunities.get" => opportunity(IdRequest) -> Opportunity,
        example r#"{"id": "0190a8b2-7c1e-7000-8000-000000000020"}"#;
    /// Opportunities in the actor's scope and those shared with them, filtered, by id, a page at a time.
    "opportunities.list" => list_opportunities(OpportunityListRequest) -> Page<Opportunity>,
        example r#"{"status": "open", "stage": "evaluate", "mine": true, "limit": 50}"#;
    /// Archives an opportunity.
    "opportunities.archive" => archive_opportunity(IdRequest) -> Opportunity,
        example r#"{"id": "0190a8b2-7c1e-7000-8000-000000000020"}"#;
    /// Restores an archived opportunity.
    "opportunities.restore" => restore_opportunity(IdRequest) -> Opportunity,
        example r#"{"id": "0190a8b2-7c1e-7000-8000-000000000020"}"#;
    /// Moves an open opportunity to a stage, forward or backward; past an approval stage only once approved.
    "opportunities.advance" => advance_opportunity(AdvanceRequest) -> Opportunity,
        example r#"{"id": "0190a8b2-7c1e-7000-8000-000000000020", "stage": "negotiate"}"#;
    /// Submits the evaluation at the current stage when it requires approval, along the opportunity evaluation's approval flow; the opportunity is locked until decided.
    "opportunities.submit_for_approval" => submit_opportunity_for_approval(NoteRequest) -> Opportunity,
        example r#"{"id": "0190a8b2-7c1e-7000-8000-000000000020", "note": "客户预算已确认"}"#;
    /// Approves the evaluation's waiting step addressed to the actor (by default: any manager whose scope covers the owner); the last step approves it.
    "opportunities.approve" => approve_opportunity(NoteRequest) -> Opportunity,
        example r#"{"id": "0190a8b2-7c1e-7000-8000-000000000020", "note": "同意推进"}"#;
    /// Rejects the pending evaluation at its waiting step; the note is the required reason.
    "opportunities.reject" => reject_opportunity(NoteRequest) -> Opportunity,
        example r#"{"id": "0190a8b2-7c1e-7000-8000-000000000020", "note": "需要补充技术方案"}"#;
    /// Closes an opportunity as won; every approval stage from the current one on must be approved.
    "opportunities.win" => win_opportunity(NoteRequest) -> Opportunity,
        example r#"{"id": "0190a8b2-7c1e-7000-8000-000000000020", "note": "价格与交期优势"}"#;
    /// Closes an opportunity as lost, with a reason and optionally the competitor.
    "opportunities.lose" => lose_opportunity(LoseRequest) -> Opportunity,
        example r#"{"id": "0190a8b2-7c1e-7000-8000-000000000020", "reason": "价格偏高", "competitor": "Acme Pumps"}"#;
    /// Closes an opportunity as abandoned.
    "opportunities.abandon" => abandon_opportunity(AbandonRequest) -> Opportunity,
        example r#"{"id": "0190a8b2-7c1e-7000-8000-000000000020", "reason": "项目取消"}"#;
    /// A manager in scope reopens a closed opportunity, at a stage or where it closed.
    "opportunities.reopen" => reopen_opportunity(ReopenRequest) -> Opportunity,
        example r#"{"id": "0190a8b2-7c1e-7000-8000-000000000020", "stage": "negotiate"}"#;
    /// The owner, or a manager whose scope covers the owner, shares an opportunity with a user, `read` or `edit`.
    "opportunities.add_collaborator" => add_opportunity_collaborator(CollaboratorRequest) -> Opportunity,
        example r#"{"id": "0190a8b2-7c1e-7000-8000-000000000020", "user_id": "0190a8b2-7c1e-7000-8000-000000000002", "access": "edit"}"#;
    /// Stops sharing an opportunity with a user (the owner or a covering manager; a collaborator may leave).
    "opportunities.remove_collaborator" => remove_opportunity_collaborator(RemoveCollaboratorRequest) -> Opportunity,
        example r#"{"id": "0190a8b2-7c1e-7000-8000-000000000020", "user_id": "0190a8b2-7c1e-7000-8000-000000000002"}"#;
    /// Every stage visit of an opportunity (stage, entered_at, left_at), oldest first.
    "opportunities.stage_history" => opportunity_stage_history(IdRequest) -> Vec<StageVisit>,
        example r#"{"id": "0190a8b2-7c1e-7000-8000-000000000020"}"#;
}
