//! Opportunities (OPP-2 to OPP-5): the record and its state machine (stage moves, the evaluation gate, outcomes, reopen, collaborators).
//!
//! The requests live in `requests.rs`, pricing in `pricing.rs`, the validation of a draft's and a patch's
//! fields in `fields.rs`.

mod fields;
mod pricing;
mod requests;

pub(crate) use fields::OpportunitySeed;
pub use requests::{
    AbandonRequest, AdvanceRequest, CollaboratorRequest, LineDraft, LoseRequest, NoteRequest, OpportunityDraft,
    OpportunityListRequest, OpportunityPatch, RemoveCollaboratorRequest, ReopenRequest,
};

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use super::access::{Actor, CollaboratorAccess};
use super::error::{DomainError, DomainResult};
use super::money::FxRate;
use super::pipeline::{ForecastCategory, Pipeline, Stage};
use super::text;

/// Where an opportunity stands (OPP-1 outcomes).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[cfg_attr(feature = "uniffi", derive(uniffi::Enum))]
#[serde(rename_all = "snake_case")]
pub enum OpportunityStatus {
    Open,
    Won,
    Lost,
    Abandoned,
}

impl OpportunityStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            OpportunityStatus::Open => "open",
            OpportunityStatus::Won => "won",
            OpportunityStatus::Lost => "lost",
            OpportunityStatus::Abandoned => "abandoned",
        }
    }
    pub fn parse(s: &str) -> Option<Self> {
        [OpportunityStatus::Open, OpportunityStatus::Won, OpportunityStatus::Lost, OpportunityStatus::Abandoned]
            .into_iter()
            .find(|x| x.as_str() == s)
    }
}

/// The evaluation gate's state (OPP-3) for `approval_stage_id`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[cfg_attr(feature = "uniffi", derive(uniffi::Enum))]
#[serde(rename_all = "snake_case")]
pub enum ApprovalStatus {
    None,
    Pending,
    Approved,
    Rejected,
}

impl ApprovalStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            ApprovalStatus::None => "none",
            ApprovalStatus::Pending => "pending",
            ApprovalStatus::Approved => "approved",
            ApprovalStatus::Rejected => "rejected",
        }
    }
    pub fn parse(s: &str) -> Option<Self> {
        [ApprovalStatus::None, ApprovalStatus::Pending, ApprovalStatus::Approved, ApprovalStatus::Rejected]
            .into_iter()
            .find(|x| x.as_str() == s)
    }
}

/// A product line of an opportunity. `amount = quantity * unit_price`, rounded half-up to the minor unit per line.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
pub struct OpportunityLine {
    pub product_code: Option<String>,
    pub description: String,
    /// Decimal with a fixed scale of 3, as a string (`"2.500"`).
    pub quantity: String,
    /// Minor units of the opportunity's currency.
    pub unit_price: i64,
    pub amount: i64,
}

/// A user the owner shares the opportunity with (OPP-5).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
pub struct Collaborator {
    pub user_id: String,
    pub access: CollaboratorAccess,
}

/// An opportunity (OPP-2), with its stage, effective probability, lines and collaborators.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
pub struct Opportunity {
    pub id: String,
    pub code: String,
    pub customer_id: String,
    pub title: String,
    /// Minor units of `currency`.
    pub amount: i64,
    pub currency: String,
    /// Rate to the organisation's base currency.
    pub fx_rate: FxRate,
    /// `amount` in minor units of the base currency (rounded half-up once).
    pub amount_base: i64,
    pub expected_close_date: Option<NaiveDate>,
    pub pipeline_id: String,
    pub stage_id: String,
    /// The current stage's code.
    pub stage: String,
    pub stage_name: String,
    pub forecast_category: ForecastCategory,
    /// The stage's probability unless overridden.
    pub probability: i64,
    pub probability_override: Option<i64>,
    pub owner_id: Option<String>,
    pub source: Option<String>,
    pub campaign: Option<String>,
    pub status: OpportunityStatus,
    /// The lost or abandoned reason, or the win note.
    pub close_reason: Option<String>,
    pub competitor: Option<String>,
    pub closed_at: Option<DateTime<Utc>>,
    pub approval_status: ApprovalStatus,
    /// The stage the evaluation in `approval_status` is for.
    pub approval_stage_id: Option<String>,
    pub lines: Vec<OpportunityLine>,
    pub collaborators: Vec<Collaborator>,
    pub custom: Map<String, Value>,
    pub external_ref: Option<String>,
    pub created_by: Option<String>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    pub archived_at: Option<DateTime<Utc>>,
}

/// One visit of an opportunity to a stage (OPP-4).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct StageVisit {
    pub stage_id: String,
    pub stage: String,
    pub entered_at: DateTime<Utc>,
    /// `None` while the opportunity is still at the stage.
    pub left_at: Option<DateTime<Utc>>,
    /// Who moved it there (`None`: system).
    pub actor_id: Option<String>,
}

/// OPP-3 for a new opportunity: a user starts it at or before the first approval gate, never past one.
/// The system actor (an ERP importing its open deals) may start it at any stage; the answer lists the
/// gates it passed, for the audit entry.
pub(crate) fn check_start_stage(pipeline: &Pipeline, stage: &Stage, actor: &Actor) -> DomainResult<Vec<String>> {
    let passed: Vec<&Stage> = pipeline.gates_between(i64::MIN, stage.position).collect();
    match (passed.first(), actor) {
        (Some(gate), Actor::User(_)) => Err(gate_refusal(gate)),
        _ => Ok(passed.iter().map(|g| g.code.clone()).collect()),
    }
}

/// The refusal of a move past an unapproved gate.
fn gate_refusal(gate: &Stage) -> DomainError {
    DomainError::invalid_state(format!(
        "stage {} requires an approved evaluation: move to it and have it approved first",
        gate.code
    ))
}

impl Opportunity {
    /// Puts the opportunity at `stage` (its code, name, category and probability).
    pub(crate) fn set_stage(&mut self, stage: &Stage) {
        self.stage_id = stage.id.clone();
        self.stage = stage.code.clone();
        self.stage_name = stage.name.clone();
        self.forecast_category = stage.forecast_category;
        self.probability = self.probability_override.unwrap_or(stage.probability);
    }

    pub(crate) fn is_open(&self) -> bool {
        self.status == OpportunityStatus::Open
    }

    /// Refuses changes to a closed or archived opportunity.
    pub(crate) fn require_open(&self) -> DomainResult<()> {
        if self.archived_at.is_some() {
            return Err(DomainError::invalid_state("the opportunity is archived"));
        }
        if !self.is_open() {
            return Err(DomainError::invalid_state("the opportunity is closed; a manager may reopen it"));
        }
        Ok(())
    }

    /// Whether an approved evaluation for the current stage is on record.
    fn approved_here(&self) -> bool {
        self.approval_status == ApprovalStatus::Approved && self.approval_stage_id.as_deref() == Some(&self.stage_id)
    }

    /// OPP-3 with DOC-2: whether the opportunity has passed its evaluation gate, the pipeline's first stage
    /// that requires approval: won, past that stage, or at it with its evaluation approved. A pipeline
    /// without such a stage has no gate to pass.
    pub(crate) fn passed_evaluation_gate(&self, pipeline: &Pipeline) -> bool {
        let Some(gate) = pipeline.gates_between(i64::MIN, i64::MAX).next() else { return true };
        let here = pipeline.stage_by_id(&self.stage_id).map_or(i64::MIN, |s| s.position);
        self.status == OpportunityStatus::Won || here > gate.position || (here == gate.position && self.approved_here())
    }

    /// OPP-3 gate: leaving the current stage forward needs its approval when it requires one, and a
    /// move to position `to_position` may not jump over a stage that requires approval. Winning counts as
    /// reaching every stage, so it passes `i64::MAX`: every gate after the current stage stops it too.
    fn check_gate(&self, pipeline: &Pipeline, to_position: i64) -> DomainResult<()> {
        let current = pipeline.stage_by_id(&self.stage_id);
        if current.is_some_and(|s| s.requires_approval) && !self.approved_here() {
            return Err(DomainError::invalid_state("this stage requires an approved evaluation before moving past it"));
        }
        let from = current.map_or(0, |s| s.position);
        if let Some(gate) = pipeline.gates_between(from, to_position).next() {
            return Err(gate_refusal(gate));
        }
        Ok(())
    }

    /// OPP-4: moves an open opportunity forward or backward to `target` (code or id).
    /// Moving forward from a stage that requires approval needs that approval (OPP-3).
    pub(crate) fn advance_to(&mut self, pipeline: &Pipeline, target: &str) -> DomainResult<()> {
        self.require_open()?;
        let to = pipeline.find_stage("stage", target)?.clone();
        if to.id == self.stage_id {
            return Err(DomainError::invalid_state("the opportunity is already at this stage"));
        }
        let from_pos = pipeline.stage_by_id(&self.stage_id).map_or(0, |s| s.position);
        if to.position > from_pos {
            self.check_gate(pipeline, to.position)?;
        }
        self.set_stage(&to);
        Ok(())
    }

    /// OPP-3: submits the evaluation at the current stage.
    pub(crate) fn submit_for_approval(&mut self, pipeline: &Pipeline) -> DomainResult<()> {
        self.require_open()?;
        let stage = pipeline.stage_by_id(&self.stage_id);
        if !stage.is_some_and(|s| s.requires_approval) {
            return Err(DomainError::invalid_state("the current stage does not require approval"));
        }
        if self.approval_status == ApprovalStatus::Pending {
            return Err(DomainError::invalid_state("an evaluation is already pending"));
        }
        if self.approved_here() {
            return Err(DomainError::invalid_state("the evaluation at this stage is already approved"));
        }
        self.approval_status = ApprovalStatus::Pending;
        self.approval_stage_id = Some(self.stage_id.clone());
        Ok(())
    }

    /// OPP-3: records a manager's decision on the pending evaluation.
    pub(crate) fn decide_approval(&mut self, approve: bool) -> DomainResult<()> {
        self.require_open()?;
        if self.approval_status != ApprovalStatus::Pending {
            return Err(DomainError::invalid_state("no evaluation is pending"));
        }
        self.approval_status = if approve { ApprovalStatus::Approved } else { ApprovalStatus::Rejected };
        Ok(())
    }

    /// Closes the opportunity with an outcome. Lost needs a reason; winning passes every evaluation gate
    /// from the current stage on (OPP-3), whoever asks.
    pub(crate) fn close(
        &mut self,
        pipeline: &Pipeline,
        outcome: OpportunityStatus,
        reason: Option<&str>,
        competitor: Option<&str>,
        now: DateTime<Utc>,
    ) -> DomainResult<()> {
        self.require_open()?;
        let reason = match outcome {
            OpportunityStatus::Lost => Some(text::required("reason", reason.unwrap_or(""), text::LONG_TEXT_MAX)?),
            OpportunityStatus::Open => return Err(DomainError::invalid_state("open is not an outcome")),
            _ => text::optional(
                if outcome == OpportunityStatus::Won { "note" } else { "reason" },
                reason,
                text::LONG_TEXT_MAX,
            )?,
        };
        if outcome == OpportunityStatus::Won {
            self.check_gate(pipeline, i64::MAX)?;
        }
        self.competitor = match outcome {
            OpportunityStatus::Lost => text::optional("competitor", competitor, text::NAME_MAX)?,
            _ => None,
        };
        self.status = outcome;
        self.close_reason = reason;
        self.closed_at = Some(now);
        Ok(())
    }

    /// OPP-4: reopens a closed opportunity at `stage` (code or id), or where it closed.
    pub(crate) fn reopen(&mut self, pipeline: &Pipeline, stage: Option<&str>) -> DomainResult<()> {
        if self.archived_at.is_some() {
            return Err(DomainError::invalid_state("the opportunity is archived"));
        }
        if self.is_open() {
            return Err(DomainError::invalid_state("the opportunity is not closed"));
        }
        let to = match stage {
            Some(s) => pipeline.find_stage("stage", s)?.clone(),
            None => match pipeline.stage_by_id(&self.stage_id) {
                Some(s) => s.clone(),
                None => pipeline.first_stage()?.clone(),
            },
        };
        self.status = OpportunityStatus::Open;
        self.close_reason = None;
        self.competitor = None;
        self.closed_at = None;
        self.set_stage(&to);
        Ok(())
    }
}

#[cfg(test)]
pub(super) mod tests {
    use super::*;

    pub(super) fn stage(code: &str, pos: i64, approval: bool) -> Stage {
        Stage {
            id: format!("s-{code}"),
            code: code.into(),
            name: code.into(),
            position: pos,
            probability: pos * 20,
            requires_approval: approval,
            forecast_category: ForecastCategory::Pipeline,
        }
    }

    pub(super) fn pipeline() -> Pipeline {
        let t = DateTime::parse_from_rfc3339("2026-03-02T01:00:00Z").unwrap().with_timezone(&Utc);
        Pipeline {
            id: "p".into(),
            code: "std".into(),
            name: "Standard".into(),
            is_default: true,
            stages: vec![stage("lead", 1, false), stage("eval", 2, true), stage("offer", 3, false)],
            created_at: t,
            updated_at: t,
            archived_at: None,
        }
    }

    pub(super) fn opportunity(p: &Pipeline, at: &str) -> Opportunity {
        let t = p.created_at;
        let mut o = Opportunity {
            id: "o".into(),
            code: "O-000001".into(),
            customer_id: "c".into(),
            title: "Deal".into(),
            amount: 0,
            currency: "CNY".into(),
            fx_rate: FxRate::ONE,
            amount_base: 0,
            expected_close_date: None,
            pipeline_id: p.id.clone(),
            stage_id: String::new(),
            stage: String::new(),
            stage_name: String::new(),
            forecast_category: ForecastCategory::Pipeline,
            probability: 0,
            probability_override: None,
            owner_id: None,
            source: None,
            campaign: None,
            status: OpportunityStatus::Open,
            close_reason: None,
            competitor: None,
            closed_at: None,
            approval_status: ApprovalStatus::None,
            approval_stage_id: None,
            lines: vec![],
            collaborators: vec![],
            custom: Map::new(),
            external_ref: None,
            created_by: None,
            created_at: t,
            updated_at: t,
            archived_at: None,
        };
        o.set_stage(p.stage_by_code(at).unwrap());
        o
    }

    #[test]
    fn opp_3_gate_and_opp_4_moves() {
        let p = pipeline();
        let mut o = opportunity(&p, "lead");
        o.advance_to(&p, "eval").unwrap();
        assert_eq!(o.probability, 40);
        assert!(matches!(o.advance_to(&p, "offer"), Err(DomainError::InvalidState(_))));
        o.advance_to(&p, "lead").unwrap();
        o.advance_to(&p, "eval").unwrap();
        o.submit_for_approval(&p).unwrap();
        assert!(o.submit_for_approval(&p).is_err());
        o.decide_approval(true).unwrap();
        o.advance_to(&p, "offer").unwrap();
        assert!(o.submit_for_approval(&p).is_err());
        // A gate cannot be jumped over by a move.
        let mut skip = opportunity(&p, "lead");
        assert!(matches!(skip.advance_to(&p, "offer"), Err(DomainError::InvalidState(_))));
        assert_eq!(skip.stage, "lead");
    }

    #[test]
    fn opp_3_no_start_or_win_past_an_unapproved_gate() {
        let p = pipeline();
        use crate::domain::access::{Role, Scope, UserActor};
        let user = Actor::User(UserActor::with_roles("u", "d", "/d/", &[Role::SalesRep], Scope::Own));
        let at = |code: &str| p.stage_by_code(code).unwrap();
        assert_eq!(check_start_stage(&p, at("lead"), &user).unwrap(), Vec::<String>::new());
        assert_eq!(check_start_stage(&p, at("eval"), &user).unwrap(), Vec::<String>::new());
        assert!(matches!(check_start_stage(&p, at("offer"), &user), Err(DomainError::InvalidState(_))));
        assert_eq!(check_start_stage(&p, at("offer"), &Actor::System).unwrap(), ["eval"]);
        let now = p.created_at;
        let mut early = opportunity(&p, "lead");
        assert!(matches!(early.close(&p, OpportunityStatus::Won, None, None, now), Err(DomainError::InvalidState(_))));
        assert!(early.is_open());
        early.close(&p, OpportunityStatus::Lost, Some("price"), None, now).unwrap();
        let mut late = opportunity(&p, "offer");
        late.close(&p, OpportunityStatus::Won, None, None, now).unwrap();
    }

    #[test]
    fn opp_1_outcomes_and_reopen() {
        let p = pipeline();
        let now = p.created_at;
        let mut o = opportunity(&p, "lead");
        assert!(o.close(&p, OpportunityStatus::Lost, None, None, now).is_err());
        o.close(&p, OpportunityStatus::Lost, Some("price"), Some("Rival"), now).unwrap();
        assert!(o.advance_to(&p, "eval").is_err());
        assert!(o.close(&p, OpportunityStatus::Won, None, None, now).is_err());
        o.reopen(&p, Some("eval")).unwrap();
        assert!(o.is_open() && o.competitor.is_none());
        assert!(o.close(&p, OpportunityStatus::Won, None, None, now).is_err(), "gate applies to winning");
        o.probability_override = Some(90);
        o.set_stage(&p.stages[0]);
        assert_eq!(o.probability, 90);
    }
}
