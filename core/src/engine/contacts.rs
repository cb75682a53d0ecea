//! Contacts: orchestration (CUS-3): create or upsert by external_ref, the one-primary rule, reports-to links, the relationship map.

use std::collections::HashMap;

use super::Ctx;
use super::Engine;
use super::batch::{self, Written};
use super::import::Revertable;
use super::paging::{into_page, page_limit};
use super::{EngineError, EngineResult};
use crate::domain::access;
use crate::domain::common::{BatchRequest, BatchResult, IdRequest, Page};
use crate::domain::contact::{
    self, Contact, ContactDraft, ContactListRequest, ContactPatch, ContactSeed, RelationshipNode,
};
use crate::domain::customer::Customer;
use crate::domain::entity::Entity;
use crate::domain::error::ErrorCode;
use crate::domain::permissions::Action;
use crate::domain::text;

impl Engine {
    /// Creates a contact of a customer the actor may change; a known `external_ref` updates that contact instead.
    pub fn create_contact(&self, actor: Option<&str>, draft: ContactDraft) -> EngineResult<Contact> {
        self.write(actor, |cx| Ok(upsert_contact(cx, draft)?.0))
    }

    /// Applies a patch to a contact (editable with its customer).
    pub fn update_contact(&self, actor: Option<&str>, patch: ContactPatch) -> EngineResult<Contact> {
        self.write(actor, |cx| {
            let before = writable_contact(cx, &patch.id)?;
            if before.archived_at.is_some() {
                return Err(EngineError::invalid_state("the contact is archived; restore it first"));
            }
            let defs = cx.custom_field_defs(Entity::Contact)?;
            let country = cx.organisation()?.country_code.clone();
            let mut after = before.patched(&patch, &defs, &country, cx.now)?;
            if after.reports_to != before.reports_to {
                check_reports_to(cx, &after)?;
            }
            require_free_ref(cx, after.external_ref.as_deref(), &after.id)?;
            match patch.is_primary {
                Some(true) if !before.is_primary => {
                    demote_primary(cx, &after.customer_id)?;
                    after.is_primary = true;
                }
                Some(false) if before.is_primary => {
                    return Err(EngineError::invalid_state(
                        "a customer with contacts keeps exactly one primary contact; make another contact primary instead",
                    ));
                }
                _ => {}
            }
            store(cx, Some(&before), after, "update")
        })
    }

    /// One contact, visible with its customer.
    pub fn contact(&self, actor: Option<&str>, req: IdRequest) -> EngineResult<Contact> {
        self.read(actor, |cx| {
            access::require_read(cx.access(Entity::Contact, &req.id)?, Entity::Contact)?;
            cx.tx.contact(&req.id)?.ok_or_else(|| EngineError::not_found("no such contact"))
        })
    }

    /// A customer's contacts in creation order, one page at a time.
    pub fn list_contacts(&self, actor: Option<&str>, req: ContactListRequest) -> EngineResult<Page<Contact>> {
        self.read(actor, |cx| {
            let limit = page_limit(req.limit)?;
            access::require_read(cx.access(Entity::Customer, &req.customer_id)?, Entity::Customer)?;
            let rows = cx.tx.contacts_page(&req.customer_id, req.include_archived, req.cursor.as_deref(), limit)?;
            Ok(into_page(rows, limit, |c| &c.id))
        })
    }

    /// Archives a contact; an archived primary hands the role to the oldest live contact.
    pub fn archive_contact(&self, actor: Option<&str>, req: IdRequest) -> EngineResult<Contact> {
        self.write(actor, |cx| {
            let before = writable_contact(cx, &req.id)?;
            cx.actor.require(Entity::Contact, Action::Archive)?;
            if before.archived_at.is_some() {
                return Err(EngineError::invalid_state("the contact is already archived"));
            }
            let mut after = before.clone();
            after.archived_at = Some(cx.now);
            after.updated_at = cx.now;
            after.is_primary = false;
            let after = store(cx, Some(&before), after, "archive")?;
            if before.is_primary {
                let live = cx.tx.contacts_of_customer(&after.customer_id, false)?;
                if let Some(next) = contact::next_primary(&live) {
                    let mut promoted = next.clone();
                    promoted.is_primary = true;
                    promoted.updated_at = cx.now;
                    store(cx, Some(next), promoted, "update")?;
                }
            }
            Ok(after)
        })
    }

    /// Restores an archived contact; it becomes primary when its customer has no live primary.
    pub fn restore_contact(&self, actor: Option<&str>, req: IdRequest) -> EngineResult<Contact> {
        self.write(actor, |cx| {
            let before = writable_contact(cx, &req.id)?;
            cx.actor.require(Entity::Contact, Action::Archive)?;
            if before.archived_at.is_none() {
                return Err(EngineError::invalid_state("the contact is not archived"));
            }
            let mut after = before.clone();
            after.archived_at = None;
            after.updated_at = cx.now;
            after.is_primary = primary_of(cx, &after.customer_id)?.is_none();
            store(cx, Some(&before), after, "restore")
        })
    }

    /// Creates or upserts (by `external_ref`) many contacts in one transaction, with per-item errors.
    pub fn batch_contacts(&self, actor: Option<&str>, req: BatchRequest<ContactDraft>) -> EngineResult<BatchResult> {
        self.write(actor, |cx| {
            cx.actor.require(Entity::Contact, Action::Create)?;
            batch::run(cx, req.items, req.mode, |cx, draft| {
                let (c, created) = upsert_contact(cx, draft)?;
                Ok(Written { id: c.id, created })
            })
        })
    }

    /// The reports-to tree of a customer's live contacts (roots report to nobody).
    pub fn relationship_map(&self, actor: Option<&str>, req: IdRequest) -> EngineResult<Vec<RelationshipNode>> {
        self.read(actor, |cx| {
            access::require_read(cx.access(Entity::Customer, &req.id)?, Entity::Customer)?;
            Ok(contact::relationship_map(cx.tx.contacts_of_customer(&req.id, false)?))
        })
    }
}

fn writable_contact(cx: &Ctx<'_>, id: &str) -> EngineResult<Contact> {
    access::require_write(cx.access(Entity::Contact, id)?, Entity::Contact)?;
    cx.tx.contact(id)?.ok_or_else(|| EngineError::not_found("no such contact"))
}

/// The customer a draft names, by `customer_id` or `customer_external_ref` (exactly one).
fn draft_customer(cx: &Ctx<'_>, draft: &ContactDraft) -> EngineResult<Customer> {
    let by_id = text::optional("customer_id", draft.customer_id.as_deref(), text::SHORT_MAX)?;
    let by_ref = text::optional("customer_external_ref", draft.customer_external_ref.as_deref(), text::SHORT_MAX)?;
    let found = match (by_id, by_ref) {
        (Some(id), None) => cx.tx.customer(&id)?.ok_or("customer_id"),
        (None, Some(r)) => cx.tx.customer_by_ref(&r)?.ok_or("customer_external_ref"),
        _ => return Err(EngineError::validation("customer_id", "give either customer_id or customer_external_ref")),
    };
    found.map_err(|field| EngineError::not_found("no such customer").with_field(field))
}

/// Creates a contact, or updates the one with the draft's `external_ref`.
pub(crate) fn upsert_contact(cx: &mut Ctx<'_>, draft: ContactDraft) -> EngineResult<(Contact, bool)> {
    let existing = contact_of_draft(cx, &draft)?;
    upsert_found(cx, draft, existing)
}

/// The contact a draft's `external_ref` names, if any.
pub(crate) fn contact_of_draft(cx: &Ctx<'_>, draft: &ContactDraft) -> EngineResult<Option<Contact>> {
    match text::optional("external_ref", draft.external_ref.as_deref(), text::SHORT_MAX)? {
        Some(r) => Ok(cx.tx.contact_by_ref(&r)?),
        None => Ok(None),
    }
}

/// [`upsert_contact`] with the contact the draft's `external_ref` names already read.
pub(crate) fn upsert_found(
    cx: &mut Ctx<'_>,
    draft: ContactDraft,
    existing: Option<Contact>,
) -> EngineResult<(Contact, bool)> {
    cx.actor.require(Entity::Contact, Action::Create)?;
    let customer = draft_customer(cx, &draft)?;
    let field = if draft.customer_id.is_some() { "customer_id" } else { "customer_external_ref" };
    access::require_write(cx.access(Entity::Customer, &customer.id)?, Entity::Customer).map_err(|e| {
        let e = EngineError::from(e);
        if e.code() == ErrorCode::NotFound { e.with_field(field) } else { e }
    })?;
    let Some(existing) = existing else {
        return Ok((insert_contact(cx, draft)?, true));
    };
    access::require_write(cx.access(Entity::Contact, &existing.id)?, Entity::Contact)?;
    if existing.customer_id != customer.id {
        return Err(EngineError::validation(field, "a contact stays with its customer"));
    }
    let defs = cx.custom_field_defs(Entity::Contact)?;
    let country = cx.organisation()?.country_code.clone();
    let mut after = existing.with_draft(&draft, &defs, &country, false, cx.now)?;
    if after.reports_to != existing.reports_to {
        check_reports_to(cx, &after)?;
    }
    if draft.is_primary && !existing.is_primary {
        if existing.archived_at.is_some() {
            return Err(EngineError::invalid_state("an archived contact cannot be primary"));
        }
        demote_primary(cx, &after.customer_id)?;
        after.is_primary = true;
    }
    if (Contact { updated_at: existing.updated_at, ..after.clone() }) == existing {
        // Nothing changed (an idempotent sync): no write, no audit entry.
        return Ok((existing, false));
    }
    Ok((store(cx, Some(&existing), after, "update")?, false))
}

/// Creates a contact from a draft in the current transaction: validates it
/// (its customer must exist and be live; `reports_to` a live contact of the
/// same customer), applies the one-primary rule (CUS-3: the first contact is
/// primary; a new primary demotes the old one) and writes it with dedupe keys
/// and audit entries. No scope check beyond validation: callers (lead
/// conversion) have decided the actor may do this.
pub(crate) fn insert_contact(cx: &mut Ctx<'_>, draft: ContactDraft) -> EngineResult<Contact> {
    let customer = draft_customer(cx, &draft)?;
    if customer.archived_at.is_some() {
        return Err(EngineError::invalid_state("the customer is archived"));
    }
    let defs = cx.custom_field_defs(Entity::Contact)?;
    let country = cx.organisation()?.country_code.clone();
    let seed = ContactSeed { id: cx.new_id(), customer_id: customer.id.clone(), now: cx.now };
    let mut c = Contact::create(seed, &draft, &defs, &country)?;
    if c.reports_to.is_some() {
        check_reports_to(cx, &c)?;
    }
    require_free_ref(cx, c.external_ref.as_deref(), &c.id)?;
    let has_primary = primary_of(cx, &customer.id)?.is_some();
    if draft.is_primary && has_primary {
        demote_primary(cx, &customer.id)?;
    }
    c.is_primary = draft.is_primary || !has_primary;
    store(cx, None, c, "create")
}

/// Refuses a `reports_to` that is not a live contact of the same customer or would close a cycle.
fn check_reports_to(cx: &Ctx<'_>, c: &Contact) -> EngineResult<()> {
    let Some(manager) = &c.reports_to else { return Ok(()) };
    let links: HashMap<String, Option<String>> =
        cx.tx.contacts_of_customer(&c.customer_id, false)?.into_iter().map(|x| (x.id, x.reports_to)).collect();
    Ok(contact::check_reports_to(&c.id, manager, &links)?)
}

fn primary_of(cx: &Ctx<'_>, customer_id: &str) -> EngineResult<Option<Contact>> {
    Ok(cx.tx.contacts_of_customer(customer_id, false)?.into_iter().find(|c| c.is_primary))
}

/// Demotes the customer's current primary contact, if any (before another is made primary).
fn demote_primary(cx: &mut Ctx<'_>, customer_id: &str) -> EngineResult<()> {
    if let Some(old) = primary_of(cx, customer_id)? {
        let mut demoted = old.clone();
        demoted.is_primary = false;
        demoted.updated_at = cx.now;
        store(cx, Some(&old), demoted, "update")?;
    }
    Ok(())
}

fn require_free_ref(cx: &Ctx<'_>, external_ref: Option<&str>, id: &str) -> EngineResult<()> {
    if let Some(r) = external_ref
        && let Some(other) = cx.tx.contact_by_ref(r)?
        && other.id != id
    {
        return Err(EngineError::conflict("external_ref", "another contact has this external_ref"));
    }
    Ok(())
}

/// Writes a contact with its dedupe keys and one audit entry.
fn store(cx: &mut Ctx<'_>, before: Option<&Contact>, after: Contact, action: &str) -> EngineResult<Contact> {
    cx.tx.save_contact(before, &after, cx.actor.user_id())?;
    let country = cx.organisation()?.country_code.clone();
    cx.tx.set_dedupe_keys(Entity::Contact, &after.id, &after.dedupe_keys(&country), before.is_some())?;
    cx.audit_change(Entity::Contact, &after.id, action, before, &after)?;
    Ok(after)
}

impl Revertable for Contact {
    fn load(cx: &Ctx<'_>, id: &str) -> EngineResult<Option<Self>> {
        Ok(cx.tx.contact(id)?)
    }
    fn updated_at(&self) -> chrono::DateTime<chrono::Utc> {
        self.updated_at
    }
    fn archived(self, now: chrono::DateTime<chrono::Utc>) -> Option<Self> {
        self.archived_at.is_none().then_some(Contact {
            archived_at: Some(now),
            updated_at: now,
            is_primary: false,
            ..self
        })
    }
    fn put(cx: &mut Ctx<'_>, current: &Self, mut after: Self) -> EngineResult<()> {
        after.updated_at = cx.now;
        store(cx, Some(current), after, "import_revert").map(drop)
    }
}
