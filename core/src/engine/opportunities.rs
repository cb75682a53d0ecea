//! Opportunities (OPP-2 to OPP-5): scope checks, create and update, stage moves with history, the evaluation gate, outcomes, sharing.

use super::approvals::{self, Document};
use super::{Ctx, Engine, inbox};
use super::{EngineError, EngineResult};
use crate::domain::access::{self, Access};
use crate::domain::approval::{Approval, ApprovalState, Decision, DocumentType, FieldValue};
use crate::domain::common::{IdRequest, Page};
use crate::domain::custom_fields;
use crate::domain::entity::Entity;
use crate::domain::opportunity::{
    AbandonRequest, AdvanceRequest, ApprovalStatus, Collaborator, CollaboratorRequest, LoseRequest, NoteRequest,
    Opportunity, OpportunityDraft, OpportunityListRequest, OpportunityPatch, OpportunitySeed, OpportunityStatus,
    RemoveCollaboratorRequest, ReopenRequest, StageVisit,
};
use crate::domain::permissions::Action;
use crate::domain::pipeline::Pipeline;
use crate::domain::sort;
use crate::domain::text;
use crate::domain::visibility;
use crate::storage::{ListScope, OpportunityFilter};

const ENTITY: Entity = Entity::Opportunity;

// ---- helpers --------------------------------------------------------------------------------

/// Loads an opportunity the actor may read (`not_found` otherwise).
fn readable(cx: &Ctx<'_>, id: &str) -> EngineResult<Opportunity> {
    let (access, _) = cx.access_facts(Entity::Opportunity, id)?;
    access::require_read(access, ENTITY)?;
    cx.tx.opportunity(id)?.ok_or_else(|| EngineError::not_found("no such opportunity"))
}

/// Loads an opportunity the actor may change (`not_found` / `permission_denied` otherwise); one whose
/// evaluation awaits approval is locked until decided (ORG-5: `invalid_state`).
fn writable(cx: &Ctx<'_>, id: &str) -> EngineResult<Opportunity> {
    let (access, _) = cx.access_facts(Entity::Opportunity, id)?;
    access::require_write(access, ENTITY)?;
    let o = cx.tx.opportunity(id)?.ok_or_else(|| EngineError::not_found("no such opportunity"))?;
    if o.approval_status == ApprovalStatus::Pending {
        return Err(EngineError::invalid_state("the opportunity is locked while its evaluation awaits approval"));
    }
    Ok(o)
}

/// Loads an opportunity for a manager's decision (OPP-4 reopen): invisible ->
/// `not_found`; not a manager, or a manager whose scope does not cover the owner -> `permission_denied`.
fn managed(cx: &Ctx<'_>, id: &str, what: &str) -> EngineResult<Opportunity> {
    let (access, facts) = cx.access_facts(Entity::Opportunity, id)?;
    access::require_read(access, ENTITY)?;
    cx.actor
        .require(Entity::Opportunity, Action::Approve)
        .map_err(|_| EngineError::permission_denied(format!("no role of this user permits deciding to {what}")))?;
    let covered = facts.as_ref().is_some_and(|f| visibility::covers_owner(&cx.actor, &f.ownership));
    if access < Access::Write || !covered {
        return Err(EngineError::permission_denied("only a manager whose scope covers this opportunity may do this"));
    }
    cx.tx.opportunity(id)?.ok_or_else(|| EngineError::not_found("no such opportunity"))
}

/// ORG-5: submits the opportunity's evaluation at its current (approval) stage along the flow in force;
/// locks the opportunity (approved at once when no step of the flow applies).
pub(crate) fn submit_evaluation(
    cx: &mut Ctx<'_>,
    id: &str,
    note: Option<String>,
) -> EngineResult<(Opportunity, Approval)> {
    let before = writable(cx, id)?;
    let pipeline = pipeline_of(cx, &before)?;
    let mut after = before.clone();
    after.submit_for_approval(&pipeline)?;
    let (_, facts) = cx.access_facts(ENTITY, id)?;
    let document = Document {
        doc_type: DocumentType::OpportunityEvaluation,
        id: after.id.clone(),
        subject: Some(after.stage_id.clone()),
        title: after.title.clone(),
        ownership: facts.map(|f| f.ownership).unwrap_or_default(),
        values: vec![
            ("amount", Some(FieldValue::Number(after.amount_base as f64))),
            ("probability", Some(FieldValue::Number(after.probability as f64))),
            ("expected_close_date", after.expected_close_date.map(FieldValue::Date)),
        ],
        custom: after.custom.clone(),
    };
    let approval = approvals::submit(cx, &document, note)?;
    if approval.status == ApprovalState::Approved {
        after.decide_approval(true)?;
    }
    Ok((save(cx, &before, after, "submit_for_approval")?, approval))
}

/// ORG-5: follows a decided evaluation on its opportunity (approved or rejected); `None` while a step
/// still waits.
pub(crate) fn follow_evaluation(cx: &mut Ctx<'_>, approval: &Approval) -> EngineResult<Option<Opportunity>> {
    let approve = match approval.status {
        ApprovalState::Pending => return Ok(None),
        ApprovalState::Approved => true,
        ApprovalState::Rejected => false,
    };
    let before = cx
        .tx
        .opportunity(&approval.document_id)?
        .ok_or_else(|| EngineError::internal("an approved opportunity is missing"))?;
    let mut after = before.clone();
    after.decide_approval(approve)?;
    Ok(Some(save(cx, &before, after, if approve { "approve" } else { "reject" })?))
}

/// Loads an opportunity whose sharing the actor may change (OPP-5): writable, and the actor is its
/// owner or a manager whose scope covers the owner; `self_removal` also lets a collaborator leave.
fn shareable(cx: &Ctx<'_>, id: &str, self_removal: Option<&str>) -> EngineResult<Opportunity> {
    let (access, facts) = cx.access_facts(Entity::Opportunity, id)?;
    let leaving = self_removal.is_some_and(|u| Some(u) == cx.actor.user_id()) && access > Access::None;
    if !leaving {
        access::require_write(access, ENTITY)?;
        if !facts.as_ref().is_some_and(|f| visibility::may_share(&cx.actor, ENTITY, &f.ownership)) {
            return Err(EngineError::permission_denied(
                "only the owner, or a manager whose scope covers the owner, shares this opportunity",
            ));
        }
    }
    cx.tx.opportunity(id)?.ok_or_else(|| EngineError::not_found("no such opportunity"))
}

fn pipeline_of(cx: &Ctx<'_>, o: &Opportunity) -> EngineResult<Pipeline> {
    cx.tx.pipeline(&o.pipeline_id)?.ok_or_else(|| EngineError::internal("the opportunity's pipeline is missing"))
}

/// The customer must be visible to the actor: an invisible customer answers
/// `not_found` on `customer_id` (existence is not revealed); an archived one is a validation error.
fn check_customer(cx: &Ctx<'_>, customer_id: &str) -> EngineResult<()> {
    let (access, facts) = cx.access_facts(Entity::Customer, customer_id)?;
    if access == Access::None {
        return Err(EngineError::not_found("no such customer").with_field("customer_id"));
    }
    if facts.is_some_and(|f| f.archived) {
        return Err(EngineError::validation("customer_id", "the customer is archived"));
    }
    Ok(())
}

/// An owner must be an active user within the actor's scope.
fn check_owner(cx: &Ctx<'_>, owner_id: &str) -> EngineResult<()> {
    let bad = || EngineError::validation("owner_id", "must be an active user within your scope");
    let user = cx.tx.user(owner_id)?.ok_or_else(bad)?;
    if !user.active {
        return Err(bad());
    }
    if cx.scope_covers_user(owner_id)?.ok_or_else(bad)? { Ok(()) } else { Err(bad()) }
}

fn custom_values(
    cx: &Ctx<'_>,
    values: &serde_json::Map<String, serde_json::Value>,
    existing: Option<&serde_json::Map<String, serde_json::Value>>,
) -> EngineResult<serde_json::Map<String, serde_json::Value>> {
    let defs = cx.tx.custom_field_defs(ENTITY)?;
    Ok(custom_fields::validate_values(&defs, values, existing)?)
}

/// Saves a changed opportunity and audits it with `action`.
fn save(cx: &Ctx<'_>, before: &Opportunity, mut after: Opportunity, action: &str) -> EngineResult<Opportunity> {
    after.updated_at = cx.now;
    cx.tx.save_opportunity(Some(before), &after)?;
    cx.touch_opportunity(&after);
    cx.audit_change(ENTITY, &after.id, action, Some(before), &after)?;
    inbox::assigned(cx, "opportunity", &after.id, &after.title, before.owner_id.as_deref(), after.owner_id.as_deref())?;
    Ok(after)
}

/// Creates an opportunity inside the caller's transaction (also used by lead conversion, LEAD-4).
/// A taken `external_ref` is a conflict here; `opportunities.create` turns it into an update first.
pub(crate) fn insert_opportunity(cx: &mut Ctx<'_>, draft: OpportunityDraft) -> EngineResult<Opportunity> {
    cx.actor.require(Entity::Opportunity, Action::Create)?;
    check_customer(cx, &draft.customer_id)?;
    let pipeline = match &draft.pipeline_id {
        Some(pid) => match cx.tx.pipeline(pid)? {
            Some(p) if p.archived_at.is_none() => p,
            Some(_) => return Err(EngineError::validation("pipeline_id", "the pipeline is archived")),
            None => return Err(EngineError::validation("pipeline_id", "no such pipeline")),
        },
        None => cx
            .tx
            .default_pipeline()?
            .ok_or_else(|| EngineError::validation("pipeline_id", "no pipeline is configured"))?,
    };
    let owner_id = draft.owner_id.clone().or_else(|| cx.actor.user_id().map(str::to_string));
    if let Some(owner) = &owner_id {
        check_owner(cx, owner)?;
    }
    let external_ref = text::optional("external_ref", draft.external_ref.as_deref(), text::SHORT_MAX)?;
    if let Some(r) = &external_ref
        && cx.tx.opportunity_by_ref(r)?.is_some()
    {
        return Err(EngineError::conflict("external_ref", "another opportunity has this external_ref"));
    }
    let custom = custom_values(cx, &draft.custom, None)?;
    let base = cx.organisation()?.base_currency.clone();
    let seed = OpportunitySeed {
        id: cx.new_id(),
        code: cx.next_code(ENTITY)?,
        pipeline: &pipeline,
        owner_id,
        custom,
        external_ref,
        base_currency: &base,
        created_by: cx.actor.user_id().map(str::to_string),
        now: cx.now,
    };
    let (o, gates_passed) = Opportunity::create(seed, &draft, &cx.actor)?;
    cx.tx.save_opportunity(None, &o)?;
    cx.touch_opportunity(&o);
    inbox::assigned(cx, "opportunity", &o.id, &o.title, None, o.owner_id.as_deref())?;
    cx.tx.enter_stage(&o.id, &o.stage_id, cx.now, cx.actor.user_id())?;
    let mut changes = super::context::diff(None, &o)?;
    if !gates_passed.is_empty() {
        changes.insert("gates_passed".into(), serde_json::json!([null, gates_passed]));
    }
    cx.audit(ENTITY, &o.id, "create", changes)?;
    Ok(o)
}

/// Applies a patch to an open opportunity the actor may change.
fn apply_patch(cx: &mut Ctx<'_>, before: Opportunity, patch: OpportunityPatch) -> EngineResult<Opportunity> {
    before.require_open()?;
    let mut o = before.clone();
    if let Some(c) = &patch.customer_id
        && *c != o.customer_id
    {
        check_customer(cx, c)?;
        o.customer_id = c.clone();
    }
    if let Some(owner) = &patch.owner_id
        && Some(owner) != o.owner_id.as_ref()
    {
        check_owner(cx, owner)?;
        o.owner_id = Some(owner.clone());
    }
    o.custom = custom_values(cx, &patch.custom, Some(&before.custom))?;
    let base = cx.organisation()?.base_currency.clone();
    o.apply_fields(&patch, &base)?;
    let pipeline = pipeline_of(cx, &o)?;
    if let Some(stage) = pipeline.stage_by_id(&o.stage_id).cloned() {
        o.set_stage(&stage);
    }
    save(cx, &before, o, "update")
}

// ---- methods --------------------------------------------------------------------------------

impl Engine {
    /// OPP-2: creates an opportunity; a known `external_ref` updates that opportunity's
    /// descriptive fields instead (stage, pipeline and status change only through their methods).
    pub fn create_opportunity(&self, actor: Option<&str>, draft: OpportunityDraft) -> EngineResult<Opportunity> {
        self.write(actor, |cx| {
            let existing = match text::optional("external_ref", draft.external_ref.as_deref(), text::SHORT_MAX)? {
                Some(r) => cx.tx.opportunity_by_ref(&r)?,
                None => None,
            };
            let Some(existing) = existing else { return insert_opportunity(cx, draft) };
            let before = writable(cx, &existing.id)?;
            let patch = OpportunityPatch {
                id: before.id.clone(),
                title: Some(draft.title),
                customer_id: Some(draft.customer_id),
                amount: draft.amount,
                currency: draft.currency,
                fx_rate: draft.fx_rate,
                expected_close_date: Some(draft.expected_close_date),
                probability_override: Some(draft.probability_override),
                owner_id: draft.owner_id,
                source: Some(draft.source),
                campaign: Some(draft.campaign),
                lines: Some(draft.lines.unwrap_or_default()),
                custom: draft.custom,
            };
            apply_patch(cx, before, patch)
        })
    }

    /// Changes an open opportunity's fields.
    pub fn update_opportunity(&self, actor: Option<&str>, patch: OpportunityPatch) -> EngineResult<Opportunity> {
        self.write(actor, |cx| {
            let before = writable(cx, &patch.id)?;
            apply_patch(cx, before, patch)
        })
    }

    pub fn opportunity(&self, actor: Option<&str>, req: IdRequest) -> EngineResult<Opportunity> {
        self.read(actor, |cx| readable(cx, &req.id))
    }

    /// Opportunities in the actor's scope plus those they collaborate on, by id, one page at a time.
    pub fn list_opportunities(
        &self,
        actor: Option<&str>,
        req: OpportunityListRequest,
    ) -> EngineResult<Page<Opportunity>> {
        self.read(actor, |cx| {
            let limit = super::paging::page_limit(req.limit)?;
            let filter = OpportunityFilter {
                mine: req.mine,
                owner_id: req.owner_id.as_deref(),
                customer_id: req.customer_id.as_deref(),
                pipeline_id: req.pipeline_id.as_deref(),
                stage: req.stage.as_deref(),
                status: req.status,
                include_archived: req.include_archived,
                after: req.cursor.as_deref(),
            };
            let items = cx.tx.opportunities(&ListScope::of(&cx.actor), &filter, limit + 1)?;
            Ok(super::paging::into_page(items, limit, |o| &o.id))
        })
    }

    pub fn archive_opportunity(&self, actor: Option<&str>, req: IdRequest) -> EngineResult<Opportunity> {
        self.set_opportunity_archived(actor, &req.id, true)
    }

    pub fn restore_opportunity(&self, actor: Option<&str>, req: IdRequest) -> EngineResult<Opportunity> {
        self.set_opportunity_archived(actor, &req.id, false)
    }

    fn set_opportunity_archived(&self, actor: Option<&str>, id: &str, archive: bool) -> EngineResult<Opportunity> {
        self.write(actor, |cx| {
            let before = writable(cx, id)?;
            cx.actor.require(ENTITY, Action::Archive)?;
            if archive == before.archived_at.is_some() {
                return Err(EngineError::invalid_state(if archive {
                    "the opportunity is already archived"
                } else {
                    "the opportunity is not archived"
                }));
            }
            let mut after = before.clone();
            after.archived_at = if archive { Some(cx.now) } else { None };
            save(cx, &before, after, if archive { "archive" } else { "restore" })
        })
    }

    /// OPP-4: moves an open opportunity to another stage, forward or backward; both are recorded.
    /// OPP-3: leaving a stage that requires approval forward needs the approval.
    pub fn advance_opportunity(&self, actor: Option<&str>, req: AdvanceRequest) -> EngineResult<Opportunity> {
        self.write(actor, |cx| {
            let before = writable(cx, &req.id)?;
            let pipeline = pipeline_of(cx, &before)?;
            let mut after = before.clone();
            after.advance_to(&pipeline, &req.stage)?;
            cx.tx.leave_stage(&after.id, cx.now)?;
            cx.tx.enter_stage(&after.id, &after.stage_id, cx.now, cx.actor.user_id())?;
            save(cx, &before, after, "advance")
        })
    }

    /// OPP-3: submits the evaluation at the current (approval) stage along the opportunity evaluation's
    /// approval flow (ORG-5); the opportunity is locked until it is decided.
    pub fn submit_opportunity_for_approval(&self, actor: Option<&str>, req: NoteRequest) -> EngineResult<Opportunity> {
        self.write(actor, |cx| {
            let note = text::optional("note", req.note.as_deref(), text::LONG_TEXT_MAX)?;
            submit_evaluation(cx, &req.id, note).map(|(o, _)| o)
        })
    }

    /// OPP-3: approves the evaluation's waiting step addressed to the actor (ORG-5); the last step
    /// approves the evaluation.
    pub fn approve_opportunity(&self, actor: Option<&str>, req: NoteRequest) -> EngineResult<Opportunity> {
        self.decide_evaluation(actor, req, Decision::Approve)
    }

    /// OPP-3: rejects the pending evaluation at its waiting step, with a reason (the note); it may be
    /// submitted again.
    pub fn reject_opportunity(&self, actor: Option<&str>, req: NoteRequest) -> EngineResult<Opportunity> {
        self.decide_evaluation(actor, req, Decision::Reject)
    }

    fn decide_evaluation(
        &self,
        actor: Option<&str>,
        req: NoteRequest,
        decision: Decision,
    ) -> EngineResult<Opportunity> {
        self.write(actor, |cx| {
            let note = text::optional("note", req.note.as_deref(), text::LONG_TEXT_MAX)?;
            let reason = match decision {
                Decision::Reject => {
                    Some(note.clone().ok_or_else(|| EngineError::validation("note", "a rejection needs a reason"))?)
                }
                _ => None,
            };
            let current = readable(cx, &req.id)?;
            let pending = cx.tx.pending_approval_of(DocumentType::OpportunityEvaluation, &current.id)?;
            let Some((before, _)) = pending.map(|id| cx.tx.approval(&id)).transpose()?.flatten() else {
                return Err(EngineError::invalid_state("no evaluation of this opportunity awaits approval"));
            };
            let comment = if reason.is_some() { None } else { note };
            let after = approvals::decide(cx, before, decision, comment, reason)?;
            Ok(follow_evaluation(cx, &after)?.unwrap_or(current))
        })
    }

    /// OPP-1: closes as won (a won opportunity counts as having reached every stage).
    pub fn win_opportunity(&self, actor: Option<&str>, req: NoteRequest) -> EngineResult<Opportunity> {
        self.close(actor, &req.id, OpportunityStatus::Won, req.note.as_deref(), None)
    }

    /// OPP-1: closes as lost; a reason is required, the competitor optional.
    pub fn lose_opportunity(&self, actor: Option<&str>, req: LoseRequest) -> EngineResult<Opportunity> {
        self.close(actor, &req.id, OpportunityStatus::Lost, Some(&req.reason), req.competitor.as_deref())
    }

    /// OPP-1: closes as abandoned.
    pub fn abandon_opportunity(&self, actor: Option<&str>, req: AbandonRequest) -> EngineResult<Opportunity> {
        self.close(actor, &req.id, OpportunityStatus::Abandoned, req.reason.as_deref(), None)
    }

    fn close(
        &self,
        actor: Option<&str>,
        id: &str,
        outcome: OpportunityStatus,
        reason: Option<&str>,
        competitor: Option<&str>,
    ) -> EngineResult<Opportunity> {
        self.write(actor, |cx| {
            let before = writable(cx, id)?;
            let pipeline = pipeline_of(cx, &before)?;
            let mut after = before.clone();
            after.close(&pipeline, outcome, reason, competitor, cx.now)?;
            cx.tx.leave_stage(&after.id, cx.now)?;
            save(cx, &before, after, outcome.as_str())
        })
    }

    /// OPP-4: a manager in scope reopens a closed opportunity; a new stage visit starts.
    pub fn reopen_opportunity(&self, actor: Option<&str>, req: ReopenRequest) -> EngineResult<Opportunity> {
        self.write(actor, |cx| {
            let before = managed(cx, &req.id, "reopen a closed opportunity")?;
            let pipeline = pipeline_of(cx, &before)?;
            let mut after = before.clone();
            after.reopen(&pipeline, req.stage.as_deref())?;
            cx.tx.enter_stage(&after.id, &after.stage_id, cx.now, cx.actor.user_id())?;
            save(cx, &before, after, "reopen")
        })
    }

    /// OPP-5: the owner, or a manager whose scope covers the owner, shares the opportunity with a user,
    /// read-only or editing.
    pub fn add_opportunity_collaborator(
        &self,
        actor: Option<&str>,
        req: CollaboratorRequest,
    ) -> EngineResult<Opportunity> {
        self.write(actor, |cx| {
            let before = shareable(cx, &req.id, None)?;
            if before.archived_at.is_some() {
                return Err(EngineError::invalid_state("the opportunity is archived"));
            }
            match cx.tx.user(&req.user_id)? {
                Some(u) if u.active => {}
                _ => return Err(EngineError::validation("user_id", "no such active user")),
            }
            if before.owner_id.as_deref() == Some(req.user_id.as_str()) {
                return Err(EngineError::validation("user_id", "the owner already has access"));
            }
            let c = Collaborator { user_id: req.user_id.clone(), access: req.access };
            if before.collaborators.contains(&c) {
                return Err(EngineError::invalid_state("the user already collaborates with this access"));
            }
            cx.tx.set_collaborator(&before.id, &c)?;
            let mut after = before.clone();
            after.collaborators.retain(|x| x.user_id != c.user_id);
            after.collaborators.push(c);
            sort::sort_by(&mut after.collaborators, |a, b| a.user_id.cmp(&b.user_id));
            save(cx, &before, after, "add_collaborator")
        })
    }

    /// OPP-5: stops sharing the opportunity with a user (the owner or a covering manager; a collaborator
    /// may also leave).
    pub fn remove_opportunity_collaborator(
        &self,
        actor: Option<&str>,
        req: RemoveCollaboratorRequest,
    ) -> EngineResult<Opportunity> {
        self.write(actor, |cx| {
            let before = shareable(cx, &req.id, Some(&req.user_id))?;
            if !cx.tx.remove_collaborator(&before.id, &req.user_id)? {
                return Err(EngineError::not_found("no such collaborator").with_field("user_id"));
            }
            let mut after = before.clone();
            after.collaborators.retain(|x| x.user_id != req.user_id);
            save(cx, &before, after, "remove_collaborator")
        })
    }

    /// OPP-4: every stage visit with its entry and exit time, oldest first.
    pub fn opportunity_stage_history(&self, actor: Option<&str>, req: IdRequest) -> EngineResult<Vec<StageVisit>> {
        self.read(actor, |cx| {
            readable(cx, &req.id)?;
            Ok(cx.tx.stage_history(&req.id)?)
        })
    }
}

/// DOC-2: an accepted quote's lines (net of discount, before tax) become its opportunity's lines and
/// amount, in the quote's currency; the opportunity must be open and writable by the actor.
pub(crate) fn take_quoted_lines(
    cx: &mut Ctx<'_>,
    id: &str,
    currency: &str,
    fx_rate: crate::domain::money::FxRate,
    lines: Vec<crate::domain::opportunity::OpportunityLine>,
) -> EngineResult<Opportunity> {
    let before = writable(cx, id).map_err(|e| e.with_field("opportunity_id"))?;
    let lines: Vec<serde_json::Value> = lines
        .into_iter()
        .map(|l| {
            serde_json::json!({
                "product_code": l.product_code, "description": l.description,
                "quantity": l.quantity, "unit_price": l.unit_price,
            })
        })
        .collect();
    let patch: OpportunityPatch = serde_json::from_value(serde_json::json!({
        "id": id, "currency": currency, "fx_rate": fx_rate, "lines": lines,
    }))
    .map_err(|e| EngineError::internal_from("an opportunity patch from a quote", e))?;
    apply_patch(cx, before, patch)
}
