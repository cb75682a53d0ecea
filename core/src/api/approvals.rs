//! Approval flow methods (ORG-5): configure a document type's flow, submit, decide, the pending list and a document's history.

use super::method::methods;
pub use crate::domain::approval::{
    Approval, ApprovalAction, ApprovalEvent, ApprovalState, ApprovalStep, Approver, CompareOp, Condition,
    DecisionRequest, DocumentRequest, DocumentType, Flow, FlowRequest, FlowStep, PendingApproval, PendingRequest,
    RejectApprovalRequest, SetFlowRequest, StepStatus, SubmitRequest,
};
use crate::domain::common::{IdRequest, Page};

methods! {
    /// Configures a document type's approval flow as a new version (admin or system): ordered steps, each with an approver and an optional condition; documents already submitted finish under their version.
    "approvals.set_flow" => set_approval_flow(SetFlowRequest) -> Flow,
        example r#"{"document_type": "opportunity_evaluation", "steps": [{"name": "直属主管", "approver": {"kind": "manager"}}, {"name": "销售总监", "approver": {"kind": "nearest_role", "role": "sales_manager"}, "condition": {"field": "amount", "op": "gte", "value": 50000000}}]}"#;
    /// A document type's flow in force (version 0 is the built-in default), or a given version.
    "approvals.get_flow" => approval_flow(FlowRequest) -> Flow,
        example r#"{"document_type": "opportunity_evaluation"}"#;
    /// Submits a document along its type's flow and locks it until decided; `dry_run` answers which steps would apply and to whom.
    "approvals.submit" => submit_for_approval(SubmitRequest) -> Approval,
        example r#"{"document_type": "opportunity_evaluation", "document_id": "0190a8b2-7c1e-7000-8000-000000000020", "note": "客户预算已确认"}"#;
    /// Approves the waiting step addressed to the actor; the last step approves the document.
    "approvals.approve" => approve_approval(DecisionRequest) -> Approval,
        example r#"{"id": "0190a8b2-7c1e-7000-8000-000000000090", "comment": "同意"}"#;
    /// Rejects at the waiting step with a reason: the document takes its rejected state and may be submitted again.
    "approvals.reject" => reject_approval(RejectApprovalRequest) -> Approval,
        example r#"{"id": "0190a8b2-7c1e-7000-8000-000000000090", "reason": "折扣过高", "comment": "请重新报价"}"#;
    /// Sends the approval back from the waiting step to the step approved before it.
    "approvals.send_back" => send_back_approval(DecisionRequest) -> Approval,
        example r#"{"id": "0190a8b2-7c1e-7000-8000-000000000090", "comment": "请补充竞品信息"}"#;
    /// What waits for the actor's decision, oldest first, a page at a time, with each document's title, amount and customer name.
    "approvals.pending" => pending_approvals(PendingRequest) -> Page<PendingApproval>,
        example r#"{"limit": 50}"#;
    /// One approval with its route (steps, approvers) and history, for those who may read its document.
    "approvals.get" => approval(IdRequest) -> Approval,
        example r#"{"id": "0190a8b2-7c1e-7000-8000-000000000090"}"#;
    /// A document's approvals, oldest first, each with its route and history (step, approver, decision, time, comment).
    "approvals.history" => approval_history(DocumentRequest) -> Vec<Approval>,
        example r#"{"document_type": "opportunity_evaluation", "document_id": "0190a8b2-7c1e-7000-8000-000000000020"}"#;
}
