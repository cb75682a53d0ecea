//! Leads: orchestration (LEAD-1 capture and status machine, LEAD-3 assignment, LEAD-4 conversion).

use super::batch::{self, Written};
use super::import::Revertable;
use super::{Ctx, Engine, prediction};
use super::{EngineError, EngineResult};
use crate::domain::access;
use crate::domain::assignment::{self, AssignMethod, AssignRequest, Candidate, Territory};
use crate::domain::common::{BatchRequest, BatchResult, IdRequest, Page};
use crate::domain::contact::ContactDraft;
use crate::domain::custom_fields;
use crate::domain::customer::{CustomerDraft, CustomerKind};
use crate::domain::entity::{Entity, Setting};
use crate::domain::lead::{
    self, Conversion, ConvertRequest, DisqualifyRequest, Lead, LeadDraft, LeadEvent, LeadListRequest, LeadPatch,
    LeadStatus,
};
use crate::domain::opportunity::OpportunityDraft;
use crate::domain::permissions::Action;
use crate::domain::text;
use crate::storage::{LeadFilter, ListScope};

impl Engine {
    /// Creates a lead (status `new`, or `assigned` with an owner); a known `external_ref` updates that lead.
    pub fn create_lead(&self, actor: Option<&str>, draft: LeadDraft) -> EngineResult<Lead> {
        self.write(actor, |cx| save_draft(cx, draft).map(|(l, _)| l))
    }

    /// Creates or upserts (by `external_ref`) many leads, with per-item errors.
    pub fn batch_leads(&self, actor: Option<&str>, req: BatchRequest<LeadDraft>) -> EngineResult<BatchResult> {
        self.write(actor, |cx| {
            batch::run(cx, req.items, req.mode, |cx, draft| {
                let (l, created) = save_draft(cx, draft)?;
                Ok(Written { id: l.id, created })
            })
        })
    }

    pub fn update_lead(&self, actor: Option<&str>, patch: LeadPatch) -> EngineResult<Lead> {
        self.write(actor, |cx| {
            let before = load_lead(cx, &patch.id, true)?;
            before.require_changeable()?;
            let fields = before.patched_fields(&patch)?;
            if let Some(r) = &fields.external_ref
                && let Some(other) = cx.tx.lead_by_ref(r)?
                && other.id != before.id
            {
                return Err(EngineError::conflict("external_ref", "another lead has this external_ref"));
            }
            let defs = cx.custom_field_defs(Entity::Lead)?;
            let mut after = before.clone();
            after.custom = custom_fields::validate_values(&defs, &patch.custom, Some(&before.custom))?;
            after.set_fields(fields);
            after.updated_at = cx.now;
            store(cx, Some(&before), &mut after, "update")?;
            Ok(after)
        })
    }

    pub fn lead(&self, actor: Option<&str>, req: IdRequest) -> EngineResult<Lead> {
        self.read(actor, |cx| load_lead(cx, &req.id, false))
    }

    /// Leads in the actor's scope (plus unassigned leads for users above `own` scope), by id.
    pub fn list_leads(&self, actor: Option<&str>, req: LeadListRequest) -> EngineResult<Page<Lead>> {
        self.read(actor, |cx| {
            let limit = super::paging::page_limit(req.limit)?;
            let filter = LeadFilter {
                owner_id: req.owner_id.as_deref(),
                status: req.status,
                source: req.source.as_deref(),
                campaign: req.campaign.as_deref(),
                unassigned: req.unassigned,
                include_archived: req.include_archived,
                after: req.cursor.as_deref(),
            };
            let items = cx.tx.list_leads(&ListScope::of(&cx.actor), &filter, limit)?;
            Ok(super::paging::into_page(items, limit, |l| &l.id))
        })
    }

    pub fn archive_lead(&self, actor: Option<&str>, req: IdRequest) -> EngineResult<Lead> {
        self.set_lead_archived(actor, &req.id, true)
    }

    pub fn restore_lead(&self, actor: Option<&str>, req: IdRequest) -> EngineResult<Lead> {
        self.set_lead_archived(actor, &req.id, false)
    }

    fn set_lead_archived(&self, actor: Option<&str>, id: &str, archive: bool) -> EngineResult<Lead> {
        self.write(actor, |cx| {
            let before = load_lead(cx, id, true)?;
            cx.actor.require(Entity::Lead, Action::Archive)?;
            if archive == before.archived_at.is_some() {
                return Err(EngineError::invalid_state(if archive {
                    "the lead is already archived"
                } else {
                    "the lead is not archived"
                }));
            }
            let mut after = before.clone();
            after.archived_at = if archive { Some(cx.now) } else { None };
            after.updated_at = cx.now;
            store(cx, Some(&before), &mut after, if archive { "archive" } else { "restore" })?;
            Ok(after)
        })
    }

    /// LEAD-1: assigned -> working.
    pub fn start_work_on_lead(&self, actor: Option<&str>, req: IdRequest) -> EngineResult<Lead> {
        self.lead_event(actor, &req.id, LeadEvent::StartWork, None)
    }

    /// LEAD-1: working -> qualified.
    pub fn qualify_lead(&self, actor: Option<&str>, req: IdRequest) -> EngineResult<Lead> {
        self.lead_event(actor, &req.id, LeadEvent::Qualify, None)
    }

    /// LEAD-1: new, assigned, working or qualified -> disqualified, with a reason.
    pub fn disqualify_lead(&self, actor: Option<&str>, req: DisqualifyRequest) -> EngineResult<Lead> {
        self.lead_event(actor, &req.id, LeadEvent::Disqualify, req.reason.as_deref())
    }

    /// LEAD-1: disqualified -> recycled, back into the pool (owner cleared).
    pub fn recycle_lead(&self, actor: Option<&str>, req: IdRequest) -> EngineResult<Lead> {
        self.lead_event(actor, &req.id, LeadEvent::Recycle, None)
    }

    fn lead_event(&self, actor: Option<&str>, id: &str, event: LeadEvent, reason: Option<&str>) -> EngineResult<Lead> {
        self.write(actor, |cx| {
            let before = load_lead(cx, id, true)?;
            let mut after = before.clone();
            after.apply(event, reason, cx.now)?;
            store(cx, Some(&before), &mut after, event.action())?;
            Ok(after)
        })
    }

    /// LEAD-3: assigns one lead or several (in order, atomically) manually or by a rule.
    pub fn assign_leads(&self, actor: Option<&str>, req: AssignRequest) -> EngineResult<Vec<Lead>> {
        self.write(actor, |cx| {
            cx.actor.require(Entity::Lead, Action::Assign)?;
            cx.actor.require(Entity::Lead, Action::Edit)?;
            let ids = req.lead_ids()?;
            ids.iter().map(|id| assign_one(cx, id, &req.method)).collect()
        })
    }

    /// Routes leads whose region lies under `region_prefix` to a department's team (admin or system).
    pub fn set_lead_territory(&self, actor: Option<&str>, req: Territory) -> EngineResult<Territory> {
        self.write(actor, |cx| {
            cx.actor.require_admin("configure lead territories")?;
            let t = req.validated()?;
            match cx.tx.department(&t.department_id)? {
                Some(d) if d.archived_at.is_none() => {}
                Some(_) => return Err(EngineError::validation("department_id", "the department is archived")),
                None => return Err(EngineError::validation("department_id", "no such department")),
            }
            let before = cx.tx.lead_territory(&t.region_prefix)?;
            cx.tx.save_lead_territory(&t)?;
            let action = if before.is_some() { "update" } else { "create" };
            cx.audit_setting_change(Setting::LeadTerritory, &t.region_prefix, action, before.as_ref(), &t)?;
            Ok(t)
        })
    }

    /// LEAD-4: converts a qualified lead into a (new or linked) customer, a contact and optionally an
    /// opportunity, in one transaction; the lead keeps links to what it became.
    pub fn convert_lead(&self, actor: Option<&str>, req: ConvertRequest) -> EngineResult<Conversion> {
        self.write(actor, |cx| convert(cx, req))
    }

    /// The configured territories (managers and administrators).
    pub fn lead_territories(&self, actor: Option<&str>) -> EngineResult<Vec<Territory>> {
        self.read(actor, |cx| {
            cx.actor.require(Entity::Lead, Action::Assign)?;
            Ok(cx.tx.lead_territories()?)
        })
    }
}

/// Loads a lead the actor may read (`write`: may change): `not_found` when out of
/// scope, `permission_denied` when visible but not editable.
fn load_lead(cx: &Ctx<'_>, id: &str, write: bool) -> EngineResult<Lead> {
    let (access, _) = cx.access_facts(Entity::Lead, id)?;
    if write {
        access::require_write(access, Entity::Lead)?;
    } else {
        access::require_read(access, Entity::Lead)?;
    }
    cx.tx.lead(id)?.ok_or_else(|| EngineError::not_found("no such lead"))
}

/// Saves a lead, refreshes its dedupe keys and audits the change.
fn store(cx: &mut Ctx<'_>, before: Option<&Lead>, after: &mut Lead, action: &str) -> EngineResult<()> {
    after.score = prediction::rule_score(&prediction::rules(cx)?, after);
    cx.tx.save_lead(before, after)?;
    cx.touch_lead(&after.id);
    let country_code = cx.organisation()?.country_code.clone();
    cx.tx.set_dedupe_keys(Entity::Lead, &after.id, &after.dedupe_keys(&country_code), before.is_some())?;
    let previous = before.and_then(|b| b.owner_id.as_deref());
    super::inbox::assigned(cx, "lead", &after.id, &after.person_name, previous, after.owner_id.as_deref())?;
    cx.audit_change(Entity::Lead, &after.id, action, before, after)
}

/// Refuses an owner who is not an active user (`validation` on `field`) or lies outside the actor's scope.
fn require_owner_in_scope(cx: &Ctx<'_>, user_id: &str, field: &str) -> EngineResult<()> {
    match cx.tx.user(user_id)? {
        Some(u) if u.active => {}
        _ => return Err(EngineError::validation(field, "no such active user")),
    }
    let covered =
        cx.scope_covers_user(user_id)?.ok_or_else(|| EngineError::validation(field, "no such active user"))?;
    if covered { Ok(()) } else { Err(EngineError::permission_denied("the user is outside your scope")) }
}

/// Creates a lead from a draft, or updates the lead with the draft's `external_ref`. Returns it and whether it was created.
pub(crate) fn save_draft(cx: &mut Ctx<'_>, draft: LeadDraft) -> EngineResult<(Lead, bool)> {
    let existing = lead_of_draft(cx, &draft)?;
    save_found(cx, draft, existing)
}

/// The lead a draft's `external_ref` names, if any.
pub(crate) fn lead_of_draft(cx: &Ctx<'_>, draft: &LeadDraft) -> EngineResult<Option<Lead>> {
    match text::optional("external_ref", draft.external_ref.as_deref(), text::SHORT_MAX)? {
        Some(r) => Ok(cx.tx.lead_by_ref(&r)?),
        None => Ok(None),
    }
}

/// [`save_draft`] with the lead the draft's `external_ref` names already read.
pub(crate) fn save_found(cx: &mut Ctx<'_>, draft: LeadDraft, existing: Option<Lead>) -> EngineResult<(Lead, bool)> {
    let owner = lead::creation_owner(&cx.actor, draft.owner_id.as_deref())?;
    let fields = draft.fields()?;
    let defs = cx.custom_field_defs(Entity::Lead)?;
    if let Some(before) = existing {
        let (access, _) = cx.access_facts(Entity::Lead, &before.id)?;
        access::require_write(access, Entity::Lead)?;
        before.require_changeable()?;
        let mut after = before.clone();
        after.custom = custom_fields::validate_values(&defs, &draft.custom, Some(&before.custom))?;
        after.set_fields(fields);
        after.updated_at = cx.now;
        if let Some(o) = owner.filter(|o| before.owner_id.as_ref() != Some(o)) {
            require_owner_in_scope(cx, &o, "owner_id")?;
            after.assign_to(&o, cx.now)?;
        }
        store(cx, Some(&before), &mut after, "update")?;
        return Ok((after, false));
    }
    let custom = custom_fields::validate_values(&defs, &draft.custom, None)?;
    if let Some(o) = &owner {
        require_owner_in_scope(cx, o, "owner_id")?;
    }
    let mut l = Lead {
        id: cx.new_id(),
        code: cx.next_code(Entity::Lead)?,
        person_name: String::new(),
        company_name: None,
        title: None,
        phone: None,
        email: None,
        region: None,
        industry: None,
        source: None,
        campaign: None,
        status: LeadStatus::New,
        disqualify_reason: None,
        owner_id: None,
        score: 0,
        custom,
        external_ref: None,
        converted_customer_id: None,
        converted_contact_id: None,
        converted_opportunity_id: None,
        converted_at: None,
        created_by: cx.actor.user_id().map(str::to_string),
        created_at: cx.now,
        updated_at: cx.now,
        archived_at: None,
    };
    l.set_fields(fields);
    if let Some(o) = &owner {
        l.assign_to(o, cx.now)?;
    }
    store(cx, None, &mut l, "create")?;
    Ok((l, true))
}

/// The team of a department: its active sales reps; refused when the department is unknown or the team empty.
fn team_of(cx: &Ctx<'_>, department_id: &str) -> EngineResult<Vec<Candidate>> {
    if cx.tx.department(department_id)?.is_none() {
        return Err(EngineError::validation("department_id", "no such department"));
    }
    let team = cx.tx.lead_team(department_id)?;
    if team.is_empty() {
        return Err(EngineError::validation("department_id", "the team has no active sales reps"));
    }
    Ok(team)
}

fn least_loaded_of(cx: &Ctx<'_>, department_id: &str) -> EngineResult<String> {
    let team = team_of(cx, department_id)?;
    let pick = assignment::least_loaded(&team).ok_or_else(|| EngineError::internal("an empty team"))?;
    Ok(pick.user_id.clone())
}

/// Assigns one lead by `method` (LEAD-3), checking the chosen user is in the actor's scope.
fn assign_one(cx: &mut Ctx<'_>, id: &str, method: &AssignMethod) -> EngineResult<Lead> {
    let before = load_lead(cx, id, true)?;
    before.require_changeable()?;
    let (user_id, field) = match method {
        AssignMethod::Manual { user_id } => (user_id.clone(), "method.user_id"),
        AssignMethod::RoundRobin { department_id } => {
            let team = team_of(cx, department_id)?;
            let last = cx.tx.round_robin_position(department_id)?;
            let pick = assignment::round_robin(&team, last.as_deref())
                .ok_or_else(|| EngineError::internal("an empty team"))?
                .user_id
                .clone();
            cx.tx.set_round_robin_position(department_id, &pick)?;
            (pick, "method.department_id")
        }
        AssignMethod::LeastLoaded { department_id } => (least_loaded_of(cx, department_id)?, "method.department_id"),
        AssignMethod::Territory => {
            let region =
                before.region.as_deref().ok_or_else(|| EngineError::validation("region", "the lead has no region"))?;
            let territories = cx.tx.lead_territories()?;
            let t = assignment::territory_for(region, &territories)
                .ok_or_else(|| EngineError::validation("region", "no territory covers the lead's region"))?;
            (least_loaded_of(cx, &t.department_id)?, "region")
        }
    };
    require_owner_in_scope(cx, &user_id, field)?;
    let mut after = before.clone();
    after.assign_to(&user_id, cx.now)?;
    store(cx, Some(&before), &mut after, "assign")?;
    Ok(after)
}

/// LEAD-4 inside one transaction: any failure rolls back every record written before it.
fn convert(cx: &mut Ctx<'_>, req: ConvertRequest) -> EngineResult<Conversion> {
    let before = load_lead(cx, &req.id, true)?;
    before.require_changeable()?;
    before.status.after(LeadEvent::Convert)?;
    let (customer_id, customer_created) = match &req.customer_id {
        Some(id) => {
            let (access, facts) = cx.access_facts(Entity::Customer, id)?;
            if access == access::Access::None {
                return Err(EngineError::not_found("no such customer").with_field("customer_id"));
            }
            if facts.is_some_and(|f| f.archived) {
                return Err(EngineError::validation("customer_id", "the customer is archived"));
            }
            (id.clone(), false)
        }
        None => {
            let customer = crate::engine::customers::insert_customer(cx, customer_from(&before))?;
            (customer.id, true)
        }
    };
    let contact = crate::engine::contacts::insert_contact(
        cx,
        ContactDraft {
            customer_id: Some(customer_id.clone()),
            name: before.person_name.clone(),
            title: before.title.clone(),
            phones: before.phone.iter().cloned().collect(),
            emails: before.email.iter().cloned().collect(),
            ..ContactDraft::default()
        },
    )?;
    let opportunity_id = match req.opportunity {
        Some(o) => {
            let draft = OpportunityDraft {
                customer_id: customer_id.clone(),
                title: o.title,
                amount: Some(o.amount),
                currency: Some(o.currency),
                expected_close_date: o.expected_close_date,
                pipeline_id: o.pipeline_id,
                owner_id: before.owner_id.clone(),
                source: before.source.clone(),
                campaign: before.campaign.clone(),
                ..OpportunityDraft::default()
            };
            let opp = crate::engine::opportunities::insert_opportunity(cx, draft).map_err(in_opportunity)?;
            Some(opp.id)
        }
        None => None,
    };
    let mut after = before.clone();
    after.convert(&customer_id, &contact.id, opportunity_id.as_deref(), cx.now)?;
    store(cx, Some(&before), &mut after, "convert")?;
    Ok(Conversion { lead: after, customer_id, customer_created, contact_id: contact.id, opportunity_id })
}

/// The customer a lead becomes: a company when it names one, else the person; owned like the lead
/// (an unassigned lead's customer goes to the converting user, or the pool for the host).
fn customer_from(l: &Lead) -> CustomerDraft {
    let (name, kind) = match &l.company_name {
        Some(c) => (c.clone(), CustomerKind::Company),
        None => (l.person_name.clone(), CustomerKind::Individual),
    };
    let individual = kind == CustomerKind::Individual;
    CustomerDraft {
        name,
        kind: Some(kind),
        owner_id: l.owner_id.clone().map(Some),
        region: l.region.clone(),
        industry: l.industry.clone(),
        source: l.source.clone(),
        phone: if individual { l.phone.clone() } else { None },
        email: if individual { l.email.clone() } else { None },
        ..CustomerDraft::default()
    }
}

/// Names an opportunity field as part of the conversion request (`opportunity.currency`).
fn in_opportunity(e: EngineError) -> EngineError {
    e.rename_field(|f| (!f.starts_with("customer_id")).then(|| format!("opportunity.{f}")))
}

impl Revertable for Lead {
    fn load(cx: &Ctx<'_>, id: &str) -> EngineResult<Option<Self>> {
        Ok(cx.tx.lead(id)?)
    }
    fn updated_at(&self) -> chrono::DateTime<chrono::Utc> {
        self.updated_at
    }
    fn archived(self, now: chrono::DateTime<chrono::Utc>) -> Option<Self> {
        self.archived_at.is_none().then_some(Lead { archived_at: Some(now), updated_at: now, ..self })
    }
    fn put(cx: &mut Ctx<'_>, current: &Self, mut after: Self) -> EngineResult<()> {
        after.updated_at = cx.now;
        store(cx, Some(current), &mut after, "import_revert")
    }
}
