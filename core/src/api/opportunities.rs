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
    CreatePipeline "pipelines.create" (PipelineDraft) -> Pipeline,
        example r#"{"code": "standard", "name": "标准销售流程", "is_default": true, "stages": [{"code": "qualify", "name": "初步接洽", "probability": 10, "requires_approval": false, "forecast_category": "pipeline"}, {"code": "evaluate", "name": "需求评估", "probability": 40, "requires_approval": true, "forecast_category": "best_case"}, {"code": "negotiate", "name": "商务谈判", "probability": 80, "requires_approval": false, "forecast_category": "commit"}]}"#,
        |e, a, r| e.create_pipeline(a, r);
    /// Renames a pipeline, makes it the default, or replaces its stages (known codes keep their ids).
    UpdatePipeline "pipelines.update" (PipelinePatch) -> Pipeline,
        example r#"{"id": "0190a8b2-7c1e-7000-8000-000000000010", "name": "Standard B2B", "is_default": true}"#,
        |e, a, r| e.update_pipeline(a, r);
    /// One pipeline with its stages.
    GetPipeline "pipelines.get" (IdRequest) -> Pipeline,
        example r#"{"id": "0190a8b2-7c1e-7000-8000-000000000010"}"#,
        |e, a, r| e.pipeline(a, r);
    /// Every pipeline with its stages, the default first.
    ListPipelines "pipelines.list" (PipelineListRequest) -> Vec<Pipeline>,
        example r#"{"include_archived": false}"#,
        |e, a, r| e.list_pipelines(a, r);
    /// Archives a pipeline other than the default.
    ArchivePipeline "pipelines.archive" (IdRequest) -> Pipeline,
        example r#"{"id": "0190a8b2-7c1e-7000-8000-000000000010"}"#,
        |e, a, r| e.archive_pipeline(a, r);
    /// Restores an archived pipeline.
    RestorePipeline "pipelines.restore" (IdRequest) -> Pipeline,
        example r#"{"id": "0190a8b2-7c1e-7000-8000-000000000010"}"#,
        |e, a, r| e.restore_pipeline(a, r);
    /// Creates an opportunity for a visible customer (lines priced half-up per line); a known `external_ref` updates it instead.
    CreateOpportunity "opportunities.create" (OpportunityDraft) -> Opportunity,
        example r#"{"customer_id": "0190a8b2-7c1e-7000-8000-000000000003", "title": "深圳工厂二期设备采购", "currency": "USD", "fx_rate": "7.1", "expected_close_date": "2026-06-30", "lines": [{"product_code": "PUMP-200", "description": "Industrial pump", "quantity": "4", "unit_price": 125000}], "source": "exhibition", "external_ref": "ERP-OPP-881"}"#,
        |e, a, r| e.create_opportunity(a, r);
    /// Changes an open opportunity's fields (stage, status and sharing have their own methods).
    UpdateOpportunity "opportunities.update" (OpportunityPatch) -> Opportunity,
        example r#"{"id": "0190a8b2-7c1e-7000-8000-000000000020", "title": "深圳工厂二期设备采购 (扩容)", "probability_override": 55}"#,
        |e, a, r| e.update_opportunity(a, r);
    /// One opportunity with its stage, effective probability, lines and collaborators.
    GetOpportunity "opportunities.get" (IdRequest) -> Opportunity,
        example r#"{"id": "0190a8b2-7c1e-7000-8000-000000000020"}"#,
        |e, a, r| e.opportunity(a, r);
    /// Opportunities in the actor's scope and those shared with them, filtered, by id, a page at a time.
    ListOpportunities "opportunities.list" (OpportunityListRequest) -> Page<Opportunity>,
        example r#"{"status": "open", "stage": "evaluate", "mine": true, "limit": 50}"#,
        |e, a, r| e.list_opportunities(a, r);
    /// Archives an opportunity.
    ArchiveOpportunity "opportunities.archive" (IdRequest) -> Opportunity,
        example r#"{"id": "0190a8b2-7c1e-7000-8000-000000000020"}"#,
        |e, a, r| e.archive_opportunity(a, r);
    /// Restores an archived opportunity.
    RestoreOpportunity "opportunities.restore" (IdRequest) -> Opportunity,
        example r#"{"id": "0190a8b2-7c1e-7000-8000-000000000020"}"#,
        |e, a, r| e.restore_opportunity(a, r);
    /// Moves an open opportunity to a stage, forward or backward; past an approval stage only once approved.
    AdvanceOpportunity "opportunities.advance" (AdvanceRequest) -> Opportunity,
        example r#"{"id": "0190a8b2-7c1e-7000-8000-000000000020", "stage": "negotiate"}"#,
        |e, a, r| e.advance_opportunity(a, r);
    /// Submits the evaluation at the current stage when it requires approval.
    SubmitOpportunityForApproval "opportunities.submit_for_approval" (NoteRequest) -> Opportunity,
        example r#"{"id": "0190a8b2-7c1e-7000-8000-000000000020", "note": "客户预算已确认"}"#,
        |e, a, r| e.submit_opportunity_for_approval(a, r);
    /// A manager in scope approves the pending evaluation.
    ApproveOpportunity "opportunities.approve" (NoteRequest) -> Opportunity,
        example r#"{"id": "0190a8b2-7c1e-7000-8000-000000000020", "note": "同意推进"}"#,
        |e, a, r| e.approve_opportunity(a, r);
    /// A manager in scope rejects the pending evaluation.
    RejectOpportunity "opportunities.reject" (NoteRequest) -> Opportunity,
        example r#"{"id": "0190a8b2-7c1e-7000-8000-000000000020", "note": "需要补充技术方案"}"#,
        |e, a, r| e.reject_opportunity(a, r);
    /// Closes an opportunity as won.
    WinOpportunity "opportunities.win" (NoteRequest) -> Opportunity,
        example r#"{"id": "0190a8b2-7c1e-7000-8000-000000000020", "note": "价格与交期优势"}"#,
        |e, a, r| e.win_opportunity(a, r);
    /// Closes an opportunity as lost, with a reason and optionally the competitor.
    LoseOpportunity "opportunities.lose" (LoseRequest) -> Opportunity,
        example r#"{"id": "0190a8b2-7c1e-7000-8000-000000000020", "reason": "价格偏高", "competitor": "Acme Pumps"}"#,
        |e, a, r| e.lose_opportunity(a, r);
    /// Closes an opportunity as abandoned.
    AbandonOpportunity "opportunities.abandon" (AbandonRequest) -> Opportunity,
        example r#"{"id": "0190a8b2-7c1e-7000-8000-000000000020", "reason": "项目取消"}"#,
        |e, a, r| e.abandon_opportunity(a, r);
    /// A manager in scope reopens a closed opportunity, at a stage or where it closed.
    ReopenOpportunity "opportunities.reopen" (ReopenRequest) -> Opportunity,
        example r#"{"id": "0190a8b2-7c1e-7000-8000-000000000020", "stage": "negotiate"}"#,
        |e, a, r| e.reopen_opportunity(a, r);
    /// Shares an opportunity with a user, `read` or `edit`.
    AddOpportunityCollaborator "opportunities.add_collaborator" (CollaboratorRequest) -> Opportunity,
        example r#"{"id": "0190a8b2-7c1e-7000-8000-000000000020", "user_id": "0190a8b2-7c1e-7000-8000-000000000002", "access": "edit"}"#,
        |e, a, r| e.add_opportunity_collaborator(a, r);
    /// Stops sharing an opportunity with a user.
    RemoveOpportunityCollaborator "opportunities.remove_collaborator" (RemoveCollaboratorRequest) -> Opportunity,
        example r#"{"id": "0190a8b2-7c1e-7000-8000-000000000020", "user_id": "0190a8b2-7c1e-7000-8000-000000000002"}"#,
        |e, a, r| e.remove_opportunity_collaborator(a, r);
    /// Every stage visit of an opportunity (stage, entered_at, left_at), oldest first.
    OpportunityStageHistory "opportunities.stage_history" (IdRequest) -> Vec<StageVisit>,
        example r#"{"id": "0190a8b2-7c1e-7000-8000-000000000020"}"#,
        |e, a, r| e.opportunity_stage_history(a, r);
}
