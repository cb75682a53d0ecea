//! Pipelines and opportunities (OPP-1 to OPP-5): scope checks, stage moves with history, the evaluation gate, outcomes, sharing.

use super::{Ctx, Engine};
use super::{EngineError, EngineResult};
use crate::domain::access::{self, Access};
use crate::domain::common::{IdRequest, Page};
use crate::domain::custom_fields;
use crate::domain::entity::Entity;
use crate::domain::money::{self, FxRate};
use crate::domain::opportunity::{
    self, AbandonRequest, AdvanceRequest, Collaborator, CollaboratorRequest, LineDraft, LoseRequest, NoteRequest,
    Opportunity, OpportunityDraft, OpportunityListRequest, OpportunityPatch, OpportunityStatus,
    RemoveCollaboratorRequest, ReopenRequest, StageVisit,
};
use crate::domain::pipeline::{self, Pipeline, PipelineDraft, PipelineListRequest, PipelinePatch, Stage};
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

/// Loads an opportunity the actor may change (`not_found` / `permission_denied` otherwise).
fn writable(cx: &Ctx<'_>, id: &str) -> EngineResult<Opportunity> {
    let (access, _) = cx.access_facts(Entity::Opportunity, id)?;
    access::require_write(access, ENTITY)?;
    cx.tx.opportunity(id)?.ok_or_else(|| EngineError::not_found("no such opportunity"))
}

/// Loads an opportunity for a manager's decision (OPP-3 approvals, OPP-4 reopen): invisible ->
/// `not_found`; not a manager, or a manager whose scope does not cover the owner -> `permission_denied`.
fn managed(cx: &Ctx<'_>, id: &str, what: &str) -> EngineResult<Opportunity> {
    let (access, facts) = cx.access_facts(Entity::Opportunity, id)?;
    access::require_read(access, ENTITY)?;
    cx.actor.require_manager(what)?;
    let covered = facts.as_ref().is_some_and(|f| visibility::covers_owner(&cx.actor, &f.ownership));
    if access < Access::Write || !covered {
        return Err(EngineError::permission_denied("only a manager whose scope covers this opportunity may do this"));
    }
    cx.tx.opportunity(id)?.ok_or_else(|| EngineError::not_found("no such opportunity"))
}

/// Loads an opportunity whose sharing the actor may change (OPP-5): writable, and the actor is its
/// owner or a manager whose scope covers the owner; `self_removal` also lets a collaborator leave.
fn shareable(cx: &Ctx<'_>, id: &str, self_removal: Option<&str>) -> EngineResult<Opportunity> {
    let (access, facts) = cx.access_facts(Entity::Opportunity, id)?;
    let leaving = self_removal.is_some_and(|u| Some(u) == cx.actor.user_id()) && access > Access::None;
    if !leaving {
        access::require_write(access, ENTITY)?;
        if !facts.as_ref().is_some_and(|f| visibility::may_share(&cx.actor, &f.ownership)) {
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

/// Recomputes lines, amount and `amount_base` (money rules of §0: half-up per line, one conversion).
fn price(
    cx: &mut Ctx<'_>,
    o: &mut Opportunity,
    lines: Option<&[LineDraft]>,
    amount: Option<i64>,
    currency: Option<&str>,
    fx_rate: Option<FxRate>,
) -> EngineResult<()> {
    let base = cx.organisation()?.base_currency.clone();
    if let Some(c) = currency {
        money::validate_currency("currency", c)?;
        if c != o.currency {
            o.currency = c.to_string();
            o.fx_rate = FxRate::ONE;
        }
    }
    if let Some(fx) = fx_rate {
        o.fx_rate = fx;
    }
    match lines {
        Some(l) => {
            let (lines, total) = opportunity::price_lines(l, amount)?;
            o.lines = lines;
            o.amount = total;
        }
        None if o.lines.is_empty() => {
            if let Some(a) = amount {
                money::validate_amount("amount", a)?;
                o.amount = a;
            }
        }
        None => {
            if amount.is_some_and(|a| a != o.amount) {
                return Err(EngineError::validation("amount", "must equal the sum of the lines (or be omitted)"));
            }
        }
    }
    o.amount_base = money::convert_to_base(o.amount, &o.currency, &base, o.fx_rate)?;
    Ok(())
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
    Ok(after)
}

/// Creates an opportunity inside the caller's transaction (also used by lead conversion, LEAD-4).
/// A taken `external_ref` is a conflict here; `opportunities.create` turns it into an update first.
pub(crate) fn insert_opportunity(cx: &mut Ctx<'_>, draft: OpportunityDraft) -> EngineResult<Opportunity> {
    cx.actor.require_writer()?;
    let title = text::required("title", &draft.title, text::NAME_MAX)?;
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
    let stage = match &draft.stage {
        Some(s) => pipeline.find_stage("stage", s)?.clone(),
        None => pipeline.first_stage()?.clone(),
    };
    let gates_passed = opportunity::check_start_stage(&pipeline, &stage, &cx.actor)?;
    let probability_override = opportunity::validate_probability("probability_override", draft.probability_override)?;
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
    let mut o = Opportunity {
        id: cx.new_id(),
        code: cx.next_code(ENTITY)?,
        customer_id: draft.customer_id.clone(),
        title,
        amount: 0,
        currency: base,
        fx_rate: FxRate::ONE,
        amount_base: 0,
        expected_close_date: draft.expected_close_date,
        pipeline_id: pipeline.id.clone(),
        stage_id: String::new(),
        stage: String::new(),
        stage_name: String::new(),
        forecast_category: stage.forecast_category,
        probability: 0,
        probability_override,
        owner_id,
        source: text::optional("source", draft.source.as_deref(), text::SHORT_MAX)?,
        campaign: text::optional("campaign", draft.campaign.as_deref(), text::NAME_MAX)?,
        status: OpportunityStatus::Open,
        close_reason: None,
        competitor: None,
        closed_at: None,
        approval_status: opportunity::ApprovalStatus::None,
        approval_stage_id: None,
        lines: Vec::new(),
        collaborators: Vec::new(),
        custom,
        external_ref,
        created_by: cx.actor.user_id().map(str::to_string),
        created_at: cx.now,
        updated_at: cx.now,
        archived_at: None,
    };
    o.set_stage(&stage);
    let lines = draft.lines.as_deref().unwrap_or(&[]);
    price(cx, &mut o, Some(lines), draft.amount, draft.currency.as_deref(), draft.fx_rate)?;
    cx.tx.save_opportunity(None, &o)?;
    cx.touch_opportunity(&o);
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
    if let Some(t) = &patch.title {
        o.title = text::required("title", t, text::NAME_MAX)?;
    }
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
    if let Some(d) = patch.expected_close_date {
        o.expected_close_date = d;
    }
    if let Some(p) = patch.probability_override {
        o.probability_override = opportunity::validate_probability("probability_override", p)?;
    }
    if let Some(s) = &patch.source {
        o.source = text::optional("source", s.as_deref(), text::SHORT_MAX)?;
    }
    if let Some(c) = &patch.campaign {
        o.campaign = text::optional("campaign", c.as_deref(), text::NAME_MAX)?;
    }
    o.custom = custom_values(cx, &patch.custom, Some(&before.custom))?;
    price(cx, &mut o, patch.lines.as_deref(), patch.amount, patch.currency.as_deref(), patch.fx_rate)?;
    let pipeline = pipeline_of(cx, &o)?;
    if let Some(stage) = pipeline.stage_by_id(&o.stage_id).cloned() {
        o.set_stage(&stage);
    }
    save(cx, &before, o, "update")
}

/// Moves the default flag to `keep`: every other default pipeline loses it (audited).
fn clear_other_defaults(cx: &Ctx<'_>, keep: &str) -> EngineResult<()> {
    for p in cx.tx.pipelines(true)? {
        if p.is_default && p.id != keep {
            let mut after = p.clone();
            after.is_default = false;
            after.updated_at = cx.now;
            cx.tx.save_pipeline(&after, false)?;
            cx.audit_change(Entity::Pipeline, &p.id, "update", Some(&p), &after)?;
        }
    }
    Ok(())
}

/// Replaces a pipeline's stages: known codes keep their ids, new codes get new ids,
/// codes left out are retired (refused while open opportunities are at them).
fn replace_stages(cx: &Ctx<'_>, p: &mut Pipeline, drafts: &[pipeline::StageDraft]) -> EngineResult<()> {
    let valid = pipeline::validate_stages(drafts)?;
    for old in &p.stages {
        if !valid.iter().any(|v| v.code == old.code) {
            if cx.tx.count_open_at_stage(&old.id)? > 0 {
                return Err(EngineError::invalid_state("a stage with open opportunities cannot be removed"));
            }
            cx.tx.retire_stage(&old.id)?;
        }
    }
    let mut stages = Vec::with_capacity(valid.len());
    for (i, v) in valid.into_iter().enumerate() {
        let id = match cx.tx.stage_id_by_code(&p.id, &v.code)? {
            Some(id) => id,
            None => cx.new_id(),
        };
        let s = Stage {
            id,
            code: v.code,
            name: v.name,
            position: i as i64 + 1,
            probability: v.probability,
            requires_approval: v.requires_approval,
            forecast_category: v.forecast_category,
        };
        cx.tx.save_stage(&p.id, &s)?;
        stages.push(s);
    }
    p.stages = stages;
    Ok(())
}

// ---- methods --------------------------------------------------------------------------------

impl Engine {
    /// OPP-1: creates a pipeline (admin or system). The first pipeline becomes the default.
    pub fn create_pipeline(&self, actor: Option<&str>, draft: PipelineDraft) -> EngineResult<Pipeline> {
        self.write(actor, |cx| {
            cx.actor.require_admin("configure pipelines")?;
            let code = pipeline::validate_code(&draft.code)?;
            let name = text::required("name", &draft.name, text::NAME_MAX)?;
            pipeline::validate_stages(&draft.stages)?;
            if cx.tx.pipeline_by_code(&code)?.is_some() {
                return Err(EngineError::conflict("code", "another pipeline has this code"));
            }
            let is_default = draft.is_default || cx.tx.default_pipeline()?.is_none();
            let mut p = Pipeline {
                id: cx.new_id(),
                code,
                name,
                is_default,
                stages: Vec::new(),
                created_at: cx.now,
                updated_at: cx.now,
                archived_at: None,
            };
            if is_default {
                clear_other_defaults(cx, &p.id)?;
            }
            cx.tx.save_pipeline(&p, true)?;
            replace_stages(cx, &mut p, &draft.stages)?;
            cx.audit_change(Entity::Pipeline, &p.id, "create", None, &p)?;
            Ok(p)
        })
    }

    /// OPP-1: renames a pipeline, moves the default flag to it, or replaces its stages.
    pub fn update_pipeline(&self, actor: Option<&str>, patch: PipelinePatch) -> EngineResult<Pipeline> {
        self.write(actor, |cx| {
            cx.actor.require_admin("configure pipelines")?;
            let before = cx.tx.pipeline(&patch.id)?.ok_or_else(|| EngineError::not_found("no such pipeline"))?;
            let mut after = before.clone();
            if let Some(n) = &patch.name {
                after.name = text::required("name", n, text::NAME_MAX)?;
            }
            match patch.is_default {
                Some(true) if !before.is_default => {
                    if before.archived_at.is_some() {
                        return Err(EngineError::invalid_state("an archived pipeline cannot be the default"));
                    }
                    clear_other_defaults(cx, &before.id)?;
                    after.is_default = true;
                }
                Some(false) if before.is_default => {
                    return Err(EngineError::invalid_state("make another pipeline the default instead"));
                }
                _ => {}
            }
            if let Some(stages) = &patch.stages {
                replace_stages(cx, &mut after, stages)?;
            }
            after.updated_at = cx.now;
            cx.tx.save_pipeline(&after, false)?;
            cx.audit_change(Entity::Pipeline, &after.id, "update", Some(&before), &after)?;
            if patch.stages.is_some() {
                // Stage positions may have moved: the funnel counters of its opportunities follow.
                super::funnel::refresh_pipeline(cx, &after.id)?;
            }
            Ok(after)
        })
    }

    pub fn pipeline(&self, actor: Option<&str>, req: IdRequest) -> EngineResult<Pipeline> {
        self.read(actor, |cx| cx.tx.pipeline(&req.id)?.ok_or_else(|| EngineError::not_found("no such pipeline")))
    }

    pub fn list_pipelines(&self, actor: Option<&str>, req: PipelineListRequest) -> EngineResult<Vec<Pipeline>> {
        self.read(actor, |cx| Ok(cx.tx.pipelines(req.include_archived)?))
    }

    /// Archives a pipeline other than the default; its opportunities keep working.
    pub fn archive_pipeline(&self, actor: Option<&str>, req: IdRequest) -> EngineResult<Pipeline> {
        self.set_pipeline_archived(actor, &req.id, true)
    }

    pub fn restore_pipeline(&self, actor: Option<&str>, req: IdRequest) -> EngineResult<Pipeline> {
        self.set_pipeline_archived(actor, &req.id, false)
    }

    fn set_pipeline_archived(&self, actor: Option<&str>, id: &str, archive: bool) -> EngineResult<Pipeline> {
        self.write(actor, |cx| {
            cx.actor.require_admin("configure pipelines")?;
            let before = cx.tx.pipeline(id)?.ok_or_else(|| EngineError::not_found("no such pipeline"))?;
            if archive == before.archived_at.is_some() {
                return Err(EngineError::invalid_state(if archive {
                    "the pipeline is already archived"
                } else {
                    "the pipeline is not archived"
                }));
            }
            if archive && before.is_default {
                return Err(EngineError::invalid_state("the default pipeline cannot be archived"));
            }
            let mut after = before.clone();
            after.archived_at = if archive { Some(cx.now) } else { None };
            if !archive && cx.tx.default_pipeline()?.is_none() {
                after.is_default = true;
            }
            after.updated_at = cx.now;
            cx.tx.save_pipeline(&after, false)?;
            cx.audit_change(Entity::Pipeline, id, if archive { "archive" } else { "restore" }, Some(&before), &after)?;
            Ok(after)
        })
    }

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

    /// OPP-3: submits the evaluation at the current (approval) stage.
    pub fn submit_opportunity_for_approval(&self, actor: Option<&str>, req: NoteRequest) -> EngineResult<Opportunity> {
        self.write(actor, |cx| {
            let before = writable(cx, &req.id)?;
            let note = text::optional("note", req.note.as_deref(), text::LONG_TEXT_MAX)?;
            let pipeline = pipeline_of(cx, &before)?;
            let mut after = before.clone();
            after.submit_for_approval(&pipeline)?;
            let approval_id = cx.new_id();
            cx.tx.insert_approval(
                &approval_id,
                &after.id,
                &after.stage_id,
                cx.actor.user_id(),
                cx.now,
                note.as_deref(),
            )?;
            save(cx, &before, after, "submit_for_approval")
        })
    }

    /// OPP-3: a manager in scope approves the pending evaluation.
    pub fn approve_opportunity(&self, actor: Option<&str>, req: NoteRequest) -> EngineResult<Opportunity> {
        self.decide(actor, req, true)
    }

    /// OPP-3: a manager in scope rejects the pending evaluation; it may be submitted again.
    pub fn reject_opportunity(&self, actor: Option<&str>, req: NoteRequest) -> EngineResult<Opportunity> {
        self.decide(actor, req, false)
    }

    fn decide(&self, actor: Option<&str>, req: NoteRequest, approve: bool) -> EngineResult<Opportunity> {
        self.write(actor, |cx| {
            let before = managed(cx, &req.id, "decide an evaluation")?;
            let note = text::optional("note", req.note.as_deref(), text::LONG_TEXT_MAX)?;
            let mut after = before.clone();
            after.decide_approval(approve)?;
            let decision = if approve { "approved" } else { "rejected" };
            cx.tx.decide_approval(&after.id, decision, cx.actor.user_id(), cx.now, note.as_deref())?;
            save(cx, &before, after, if approve { "approve" } else { "reject" })
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
            after.collaborators.sort_by(|a, b| a.user_id.cmp(&b.user_id));
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
