//! Approvals on mobile (ORG-5): a manager's phone lists what waits for their decision and approves, rejects or sends back.

use rapport_core::approvals::{Approval, DecisionRequest, PendingRequest, RejectApprovalRequest, SubmitRequest};
use rapport_core::mobile::{PendingApprovalPage, RapportError};

use super::Engine;

#[uniffi::export]
impl Engine {
    /// What waits for the actor's decision, oldest first; see `approvals.pending`.
    pub fn pending_approvals(
        &self,
        actor: Option<String>,
        request: PendingRequest,
    ) -> Result<PendingApprovalPage, RapportError> {
        self.with(|e| e.pending_approvals(actor.as_deref(), request).map(Into::into))
    }

    /// Submits a document along its type's approval flow (`dry_run`: the route only); see `approvals.submit`.
    pub fn submit_for_approval(&self, actor: Option<String>, request: SubmitRequest) -> Result<Approval, RapportError> {
        self.with(|e| e.submit_for_approval(actor.as_deref(), request))
    }

    /// Approves the waiting step addressed to the actor.
    pub fn approve_approval(&self, actor: Option<String>, request: DecisionRequest) -> Result<Approval, RapportError> {
        self.with(|e| e.approve_approval(actor.as_deref(), request))
    }

    /// Rejects at the waiting step, with a reason.
    pub fn reject_approval(
        &self,
        actor: Option<String>,
        request: RejectApprovalRequest,
    ) -> Result<Approval, RapportError> {
        self.with(|e| e.reject_approval(actor.as_deref(), request))
    }

    /// Sends the approval back to the step approved before the waiting one.
    pub fn send_back_approval(
        &self,
        actor: Option<String>,
        request: DecisionRequest,
    ) -> Result<Approval, RapportError> {
        self.with(|e| e.send_back_approval(actor.as_deref(), request))
    }
}
