//! Opportunities on mobile (OPP-2 to OPP-4): create, advance through stages and the evaluation gate, win, lose, list mine.

use rapport_core::IdRequest;
use rapport_core::mobile::{OpportunityPage, RapportError};
use rapport_core::opportunities::{
    AdvanceRequest, LoseRequest, NoteRequest, Opportunity, OpportunityDraft, OpportunityListRequest,
};

use super::Engine;

#[uniffi::export]
impl Engine {
    /// Creates an opportunity for a visible customer; see `opportunities.create`.
    pub fn create_opportunity(
        &self,
        actor: Option<String>,
        draft: OpportunityDraft,
    ) -> Result<Opportunity, RapportError> {
        self.with(|e| e.create_opportunity(actor.as_deref(), draft))
    }

    /// One opportunity with its stage, probability, lines and collaborators.
    pub fn get_opportunity(&self, actor: Option<String>, id: String) -> Result<Opportunity, RapportError> {
        self.with(|e| e.opportunity(actor.as_deref(), IdRequest::new(id)))
    }

    /// Moves an open opportunity to a stage; past an approval stage only once approved (`invalid_state`).
    pub fn advance_opportunity(
        &self,
        actor: Option<String>,
        request: AdvanceRequest,
    ) -> Result<Opportunity, RapportError> {
        self.with(|e| e.advance_opportunity(actor.as_deref(), request))
    }

    /// Submits the evaluation at the current stage for a manager's approval.
    pub fn submit_opportunity_for_approval(
        &self,
        actor: Option<String>,
        request: NoteRequest,
    ) -> Result<Opportunity, RapportError> {
        self.with(|e| e.submit_opportunity_for_approval(actor.as_deref(), request))
    }

    /// A manager in scope approves the pending evaluation.
    pub fn approve_opportunity(
        &self,
        actor: Option<String>,
        request: NoteRequest,
    ) -> Result<Opportunity, RapportError> {
        self.with(|e| e.approve_opportunity(actor.as_deref(), request))
    }

    /// Closes an opportunity as won.
    pub fn win_opportunity(&self, actor: Option<String>, request: NoteRequest) -> Result<Opportunity, RapportError> {
        self.with(|e| e.win_opportunity(actor.as_deref(), request))
    }

    /// Closes an opportunity as lost, with a reason and optionally the competitor.
    pub fn lose_opportunity(&self, actor: Option<String>, request: LoseRequest) -> Result<Opportunity, RapportError> {
        self.with(|e| e.lose_opportunity(actor.as_deref(), request))
    }

    /// The actor's own opportunities and those shared with them (`mine`), filtered, one page at a time.
    pub fn list_my_opportunities(
        &self,
        actor: Option<String>,
        mut request: OpportunityListRequest,
    ) -> Result<OpportunityPage, RapportError> {
        request.mine = true;
        self.with(|e| e.list_opportunities(actor.as_deref(), request)).map(Into::into)
    }

    /// Opportunities in the actor's scope and those shared with them, filtered, one page at a time.
    pub fn list_opportunities(
        &self,
        actor: Option<String>,
        request: OpportunityListRequest,
    ) -> Result<OpportunityPage, RapportError> {
        self.with(|e| e.list_opportunities(actor.as_deref(), request)).map(Into::into)
    }
}
