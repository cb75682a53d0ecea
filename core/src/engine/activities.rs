//! Activities: orchestration.
//!
//! Activities (ACT-1) and the agenda (ACT-4): resolve the related customer,
//! contact and opportunity within the actor's scope, apply the domain rules,
//! write the activity and, when it is done, move the customer's last-contact
//! time forward in the same transaction, auditing both.

use super::batch::{self, Written};
use super::{Ctx, Engine};
use super::{EngineError, EngineResult};
use crate::domain::access;
use crate::domain::activity::{
    self, Activity, ActivityDraft, ActivityFields, ActivityListRequest, ActivityPatch, CompleteRequest,
};
use crate::domain::agenda::{self, AgendaDay, AgendaRequest};
use crate::domain::calendar;
use crate::domain::common::{BatchRequest, BatchResult, IdRequest, Page};
use crate::domain::custom_fields;
use crate::domain::entity::Entity;
use crate::domain::permissions::Action;
use crate::domain::text;
use crate::domain::withholding::Withhold;
use crate::storage::{ActivityFilter, ListScope};

/// The customer, contact and opportunity an activity is related to, checked.
struct Relations {
    customer_id: Option<String>,
    contact_id: Option<String>,
    opportunity_id: Option<String>,
    /// The customer's owner (`None` also for a pool customer).
    customer_owner: Option<String>,
}

/// What the caller names as related records.
struct RelationRequest<'a> {
    customer_id: Option<&'a str>,
    customer_external_ref: Option<&'a str>,
    contact_id: Option<&'a str>,
    opportunity_id: Option<&'a str>,
}

fn with_field(e: impl Into<EngineError>, field: &str) -> EngineError {
    e.into().with_field(field)
}

impl Ctx<'_> {
    /// Resolves and checks related records: contact and opportunity must exist
    /// and be visible (else `not_found`), all must name the same customer
    /// (else `validation`), and the customer must be writable by the actor
    /// (`not_found` when invisible, `permission_denied` when only readable).
    fn activity_relations(&self, req: RelationRequest<'_>) -> EngineResult<Relations> {
        let mut customer_id = req.customer_id.map(str::to_string);
        if let Some(r) = req.customer_external_ref {
            let found = self
                .tx
                .customer_id_by_external_ref(r)?
                .ok_or_else(|| EngineError::not_found("no such customer").with_field("customer_external_ref"))?;
            if customer_id.as_ref().is_some_and(|c| *c != found) {
                return Err(EngineError::validation(
                    "customer_external_ref",
                    "names another customer than customer_id",
                ));
            }
            customer_id = Some(found);
        }
        let contact_customer = match req.contact_id {
            Some(id) => {
                let (acc, facts) = self.access_facts(Entity::Contact, id)?;
                access::require_read(acc, Entity::Contact).map_err(|e| with_field(e, "contact_id"))?;
                let facts = facts.ok_or_else(|| EngineError::not_found("no such contact").with_field("contact_id"))?;
                if facts.archived {
                    return Err(EngineError::validation("contact_id", "the contact is archived"));
                }
                facts.customer_id
            }
            None => None,
        };
        let opportunity_customer = match req.opportunity_id {
            Some(id) => {
                let (acc, facts) = self.access_facts(Entity::Opportunity, id)?;
                access::require_read(acc, Entity::Opportunity).map_err(|e| with_field(e, "opportunity_id"))?;
                facts.and_then(|f| f.customer_id)
            }
            None => None,
        };
        let customer_id = activity::related_customer(
            customer_id.as_deref(),
            contact_customer.as_deref(),
            opportunity_customer.as_deref(),
        )?;
        let mut customer_owner = None;
        if let Some(c) = &customer_id {
            let (acc, facts) = self.access_facts(Entity::Customer, c)?;
            access::require_write(acc, Entity::Customer).map_err(|e| with_field(e, "customer_id"))?;
            let facts = facts.ok_or_else(|| EngineError::not_found("no such customer").with_field("customer_id"))?;
            if facts.archived {
                return Err(EngineError::validation("customer_id", "the customer is archived"));
            }
            customer_owner = facts.ownership.owner_id;
        }
        Ok(Relations {
            customer_id,
            contact_id: req.contact_id.map(str::to_string),
            opportunity_id: req.opportunity_id.map(str::to_string),
            customer_owner,
        })
    }

    /// The owner of a new or reassigned activity: `requested`, else `fallback`
    /// (the existing owner of an upserted activity, kept as is), else the
    /// acting user, else (for the host) the customer's owner. Reps may only own their own activities; others may assign
    /// active users within their scope.
    fn activity_owner(
        &self,
        requested: Option<&str>,
        fallback: Option<&str>,
        customer_owner: Option<&str>,
    ) -> EngineResult<String> {
        if let (None, Some(kept)) = (requested, fallback) {
            return Ok(kept.to_string());
        }
        let owner = requested
            .or(self.actor.user_id())
            .or(customer_owner)
            .ok_or_else(|| EngineError::validation("owner_id", "is required"))?
            .to_string();
        if Some(owner.as_str()) == self.actor.user_id() {
            return Ok(owner);
        }
        if self.actor.reaches_only_own() {
            return Err(EngineError::permission_denied("you may only own your own activities").with_field("owner_id"));
        }
        let active = self.tx.user(&owner)?.is_some_and(|u| u.active);
        let Some(covered) = self.scope_covers_user(&owner)?.filter(|_| active) else {
            return Err(EngineError::validation("owner_id", "no such active user"));
        };
        if !covered {
            return Err(EngineError::permission_denied("the owner is outside your scope").with_field("owner_id"));
        }
        Ok(owner)
    }

    /// Loads an activity the actor may change (`not_found` / `permission_denied`).
    fn writable_activity(&self, id: &str) -> EngineResult<Activity> {
        self.actor.require(Entity::Activity, Action::Edit)?;
        let (acc, _) = self.access_facts(Entity::Activity, id)?;
        access::require_write(acc, Entity::Activity)?;
        self.tx.activity(id)?.ok_or_else(|| EngineError::not_found("no such activity"))
    }

    /// ACT-1: a done activity moves its customer's last-contact time forward to
    /// the activity's time (never back), audited as an update of the customer.
    fn record_customer_contact(&self, a: &Activity) -> EngineResult<()> {
        let (Some(customer_id), Some(at)) = (&a.customer_id, a.contact_time()) else { return Ok(()) };
        let old = self.tx.customer_last_contact(customer_id)?;
        let Some(new) = activity::advanced_last_contact(old, at) else { return Ok(()) };
        self.tx.set_customer_last_contact(customer_id, new, self.now)?;
        let mut changes = serde_json::Map::new();
        changes.insert("last_contact_at".into(), serde_json::json!([old, new]));
        self.audit(Entity::Customer, customer_id, "update", changes)
    }

    /// Writes `after` (new when `before` is `None`), audits it, applies ACT-1, and keeps the
    /// customers' statistics (activity counts) current.
    fn store_activity(&mut self, before: Option<&Activity>, after: &Activity, action: &str) -> EngineResult<()> {
        self.tx.save_activity(before, after)?;
        self.audit_change(Entity::Activity, &after.id, action, before, after)?;
        let previous = before.map(|b| b.owner_id.as_str());
        super::inbox::assigned(self, "activity", &after.id, &after.subject, previous, Some(&after.owner_id))?;
        self.record_customer_contact(after)?;
        self.touch_activity_customers(before, after);
        Ok(())
    }

    /// Notes the customers whose statistics (activity counts) an activity change touched.
    fn touch_activity_customers(&self, before: Option<&Activity>, after: &Activity) {
        for customer in before.iter().chain([&after]).filter_map(|a| a.customer_id.as_deref()) {
            self.touch_customer(customer);
        }
    }

    /// Creates an activity, or updates the one with the draft's `external_ref`.
    /// Returns it and whether it was created.
    pub(crate) fn save_activity_draft(&mut self, draft: ActivityDraft) -> EngineResult<(Activity, bool)> {
        self.actor.require(Entity::Activity, Action::Create)?;
        let fields = ActivityFields::of_draft(&draft)?;
        let external_ref = text::optional("external_ref", draft.external_ref.as_deref(), text::SHORT_MAX)?;
        let existing = match &external_ref {
            Some(r) => self.tx.activity_by_ref(r)?,
            None => None,
        };
        if let Some(e) = &existing {
            let (acc, _) = self.access_facts(Entity::Activity, &e.id)?;
            access::require_write(acc, Entity::Activity).map_err(|err| with_field(err, "external_ref"))?;
            e.require_live()?;
        }
        let rel = self.activity_relations(RelationRequest {
            customer_id: draft.customer_id.as_deref(),
            customer_external_ref: draft.customer_external_ref.as_deref(),
            contact_id: draft.contact_id.as_deref(),
            opportunity_id: draft.opportunity_id.as_deref(),
        })?;
        let owner = self.activity_owner(
            draft.owner_id.as_deref(),
            existing.as_ref().map(|e| e.owner_id.as_str()),
            rel.customer_owner.as_deref(),
        )?;
        let defs = self.tx.custom_field_defs(Entity::Activity)?;
        let custom = custom_fields::validate_values(&defs, &draft.custom, existing.as_ref().map(|e| &e.custom))?;
        let mut after = match &existing {
            Some(e) => e.clone(),
            None => {
                let status = draft.status.unwrap_or(fields.kind.default_status());
                Activity {
                    id: self.new_id(),
                    kind: fields.kind,
                    subject: String::new(),
                    starts_at: None,
                    duration_minutes: None,
                    due_date: None,
                    customer_id: None,
                    contact_id: None,
                    opportunity_id: None,
                    ticket_id: None,
                    owner_id: String::new(),
                    status,
                    outcome: None,
                    remind_at: None,
                    completed_at: (status == activity::ActivityStatus::Done).then_some(self.now),
                    custom: Default::default(),
                    external_ref: external_ref.clone(),
                    created_by: self.actor.user_id().map(str::to_string),
                    created_at: self.now,
                    updated_at: self.now,
                    archived_at: None,
                }
            }
        };
        fields.apply_to(&mut after);
        after.customer_id = rel.customer_id;
        after.contact_id = rel.contact_id;
        after.opportunity_id = rel.opportunity_id;
        after.owner_id = owner;
        after.custom = custom;
        after.updated_at = self.now;
        if existing.is_some()
            && let Some(status) = draft.status
        {
            after.transition_to(status, self.now)?;
        }
        let action = if existing.is_some() { "update" } else { "create" };
        self.store_activity(existing.as_ref(), &after, action)?;
        Ok((after, existing.is_none()))
    }
}

impl Engine {
    /// Creates an activity (ACT-1); a known `external_ref` updates that activity instead.
    pub fn create_activity(&self, actor: Option<&str>, draft: ActivityDraft) -> EngineResult<Activity> {
        self.write(actor, |cx| Ok(cx.save_activity_draft(draft)?.0))
    }

    /// Creates or upserts many activities in one transaction, with per-item errors.
    pub fn batch_activities(&self, actor: Option<&str>, req: BatchRequest<ActivityDraft>) -> EngineResult<BatchResult> {
        self.write(actor, |cx| {
            batch::run(cx, req.items, req.mode, |cx, draft| {
                let (a, created) = cx.save_activity_draft(draft)?;
                Ok(Written { id: a.id, created })
            })
        })
    }

    /// Changes an activity's fields, relations or owner (not its status).
    pub fn update_activity(&self, actor: Option<&str>, patch: ActivityPatch) -> EngineResult<Activity> {
        self.write(actor, |cx| {
            let before = cx.writable_activity(&patch.id)?;
            before.require_live()?;
            let fields = ActivityFields::patched(&before, &patch)?;
            let mut after = before.clone();
            fields.apply_to(&mut after);
            let relations_change =
                patch.customer_id.is_some() || patch.contact_id.is_some() || patch.opportunity_id.is_some();
            let mut customer_owner = None;
            if relations_change {
                let pick = |p: &Option<Option<String>>, old: &Option<String>| p.clone().unwrap_or_else(|| old.clone());
                let customer_id = pick(&patch.customer_id, &before.customer_id);
                let contact_id = pick(&patch.contact_id, &before.contact_id);
                let opportunity_id = pick(&patch.opportunity_id, &before.opportunity_id);
                let rel = cx.activity_relations(RelationRequest {
                    customer_id: customer_id.as_deref(),
                    customer_external_ref: None,
                    contact_id: contact_id.as_deref(),
                    opportunity_id: opportunity_id.as_deref(),
                })?;
                after.customer_id = rel.customer_id;
                after.contact_id = rel.contact_id;
                after.opportunity_id = rel.opportunity_id;
                customer_owner = rel.customer_owner;
            }
            if let Some(o) = &patch.owner_id
                && *o != before.owner_id
            {
                after.owner_id = cx.activity_owner(Some(o), None, customer_owner.as_deref())?;
            }
            if let Some(values) = &patch.custom {
                let defs = cx.tx.custom_field_defs(Entity::Activity)?;
                after.custom = custom_fields::validate_values(&defs, values, Some(&before.custom))?;
            }
            after.updated_at = cx.now;
            cx.store_activity(Some(&before), &after, "update")?;
            Ok(after)
        })
    }

    /// One activity, if visible.
    pub fn activity(&self, actor: Option<&str>, req: IdRequest) -> EngineResult<Activity> {
        self.read(actor, |cx| {
            let (acc, _) = cx.access_facts(Entity::Activity, &req.id)?;
            access::require_read(acc, Entity::Activity)?;
            cx.tx.activity(&req.id)?.ok_or_else(|| EngineError::not_found("no such activity"))
        })
    }

    /// Completes a planned activity (ACT-1): `done`, with the customer's last contact moved forward.
    pub fn complete_activity(&self, actor: Option<&str>, req: CompleteRequest) -> EngineResult<Activity> {
        self.write(actor, |cx| {
            let before = cx.writable_activity(&req.id)?;
            before.require_live()?;
            let outcome = text::optional("outcome", req.outcome.as_deref(), text::LONG_TEXT_MAX)?;
            let mut after = before.clone();
            after.complete(req.completed_at.unwrap_or(cx.now), outcome)?;
            after.updated_at = cx.now;
            cx.store_activity(Some(&before), &after, "complete")?;
            Ok(after)
        })
    }

    /// Cancels a planned activity.
    pub fn cancel_activity(&self, actor: Option<&str>, req: IdRequest) -> EngineResult<Activity> {
        self.write(actor, |cx| {
            let before = cx.writable_activity(&req.id)?;
            before.require_live()?;
            let mut after = before.clone();
            after.cancel(cx.now)?;
            after.updated_at = cx.now;
            cx.store_activity(Some(&before), &after, "cancel")?;
            Ok(after)
        })
    }

    /// Activities in scope, filtered, one page at a time (ordered by id).
    pub fn list_activities(&self, actor: Option<&str>, req: ActivityListRequest) -> EngineResult<Page<Activity>> {
        self.read(actor, |cx| {
            let limit = super::paging::page_limit(req.limit)?;
            let mut filter = ActivityFilter {
                owner_id: req.owner_id.as_deref(),
                customer_id: req.customer_id.as_deref(),
                opportunity_id: req.opportunity_id.as_deref(),
                kind: req.kind,
                status: req.status,
                from: req.from,
                to: req.to,
                include_archived: req.include_archived,
                after: req.cursor.as_deref(),
            };
            if let Some(date) = req.date {
                // A local day is a window of start times: intersect it with `from` and `to`.
                let (start, end) = calendar::local_day_bounds(date, cx.organisation()?.utc_offset_minutes);
                filter.from = Some(req.from.map_or(start, |f| f.max(start)));
                filter.to = Some(req.to.map_or(end, |t| t.min(end)));
            }
            let items = cx.tx.list_activities(&ListScope::of(&cx.actor), &filter, limit + 1)?;
            Ok(super::paging::into_page(items, limit, |a| &a.id))
        })
    }

    pub fn archive_activity(&self, actor: Option<&str>, req: IdRequest) -> EngineResult<Activity> {
        self.set_activity_archived(actor, &req.id, true)
    }

    pub fn restore_activity(&self, actor: Option<&str>, req: IdRequest) -> EngineResult<Activity> {
        self.set_activity_archived(actor, &req.id, false)
    }

    fn set_activity_archived(&self, actor: Option<&str>, id: &str, archive: bool) -> EngineResult<Activity> {
        self.write(actor, |cx| {
            let before = cx.writable_activity(id)?;
            cx.actor.require(Entity::Activity, Action::Archive)?;
            if archive == before.archived_at.is_some() {
                return Err(EngineError::invalid_state(if archive {
                    "the activity is already archived"
                } else {
                    "the activity is not archived"
                }));
            }
            let mut after = before.clone();
            after.archived_at = archive.then_some(cx.now);
            after.updated_at = cx.now;
            cx.tx.save_activity(Some(&before), &after)?;
            cx.audit_change(Entity::Activity, id, if archive { "archive" } else { "restore" }, Some(&before), &after)?;
            cx.touch_activity_customers(Some(&before), &after);
            Ok(after)
        })
    }

    /// A user's agenda for a local day (ACT-4). Another user's agenda needs
    /// that user's records in the actor's scope (else `not_found`).
    pub fn agenda_day(&self, actor: Option<&str>, req: AgendaRequest) -> EngineResult<AgendaDay> {
        self.read(actor, |cx| {
            let user_id = req
                .user_id
                .clone()
                .or_else(|| cx.actor.user_id().map(str::to_string))
                .ok_or_else(|| EngineError::validation("user_id", "is required when the host asks"))?;
            if Some(user_id.as_str()) != cx.actor.user_id() && cx.scope_covers_user(&user_id)? != Some(true) {
                return Err(EngineError::not_found("no such user"));
            }
            let offset = cx.organisation()?.utc_offset_minutes;
            let date = req.date.unwrap_or_else(|| calendar::local_date(cx.now, offset));
            let (_, day_end) = calendar::local_day_bounds(date, offset);
            let candidates = cx.tx.agenda_candidates(&user_id, date, day_end)?;
            let lists = agenda::select(&candidates, date, offset);
            let alerts = super::alerts::for_user(cx, &user_id, date)?.withheld_from(&cx.actor);
            Ok(AgendaDay {
                user_id,
                date,
                planned: lists.planned,
                overdue_tasks: lists.overdue_tasks,
                reminders: lists.reminders,
                alerts,
            })
        })
    }
}
