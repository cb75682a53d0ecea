//! Customers: orchestration (CUS-1): create or upsert by external_ref, update, read, scoped lists, archive, batches.

use super::Ctx;
use super::Engine;
use super::batch::{self, Written};
use super::import::Revertable;
use super::paging::{into_page, page_limit};
use super::{EngineError, EngineResult};
use crate::domain::access::{self, Ownership};
use crate::domain::common::{BatchRequest, BatchResult, IdRequest, Page};
use crate::domain::custom_fields;
use crate::domain::customer::{Customer, CustomerDraft, CustomerListRequest, CustomerPatch, CustomerSeed};
use crate::domain::entity::Entity;
use crate::domain::permissions::Action;
use crate::domain::text;
use crate::domain::visibility;
use crate::domain::withholding::{self, Withhold};
use crate::storage::{CustomerFilter, ListScope};

impl Engine {
    /// Creates a customer; a known `external_ref` updates that customer instead (CUS-1, §0).
    pub fn create_customer(&self, actor: Option<&str>, draft: CustomerDraft) -> EngineResult<Customer> {
        self.write(actor, |cx| Ok(upsert_customer(cx, draft)?.0.withheld_from(&cx.actor)))
    }

    /// Applies a patch to a customer in the actor's scope; status only moves forward.
    pub fn update_customer(&self, actor: Option<&str>, patch: CustomerPatch) -> EngineResult<Customer> {
        self.write(actor, |cx| {
            let before = writable_customer(cx, &patch.id)?;
            if before.archived_at.is_some() {
                return Err(EngineError::invalid_state("the customer is archived; restore it first"));
            }
            if patch.credit_limit.is_some() {
                cx.require_financial_write(Entity::Customer, "credit_limit")?;
            }
            let defs = cx.custom_field_defs(Entity::Customer)?;
            let after = before.patched(&patch, &defs, cx.now)?;
            require_free_ref(cx, after.external_ref.as_deref(), &after.id)?;
            Ok(store(cx, Some(&before), after, "update")?.withheld_from(&cx.actor))
        })
    }

    /// One customer visible to the actor.
    pub fn customer(&self, actor: Option<&str>, req: IdRequest) -> EngineResult<Customer> {
        self.read(actor, |cx| {
            access::require_read(cx.access(Entity::Customer, &req.id)?, Entity::Customer)?;
            let customer = cx.tx.customer(&req.id)?.ok_or_else(|| EngineError::not_found("no such customer"))?;
            Ok(customer.withheld_from(&cx.actor))
        })
    }

    /// Customers in the actor's scope plus the public pool, filtered, one page at a time (ordered by id).
    pub fn list_customers(&self, actor: Option<&str>, req: CustomerListRequest) -> EngineResult<Page<Customer>> {
        self.read(actor, |cx| {
            let limit = page_limit(req.limit)?;
            text::region("region", req.region.as_deref())?;
            let custom = match &req.custom {
                None => None,
                Some(f) => {
                    let defs = cx.custom_field_defs(Entity::Customer)?;
                    let def = defs.iter().find(|d| d.key == f.key).ok_or_else(|| {
                        EngineError::validation("custom.key", "is not a defined custom field of customers")
                    })?;
                    Some((def.key.clone(), custom_fields::filter_value_matches(def, &f.value)?))
                }
            };
            let filter = CustomerFilter {
                owner_id: req.owner_id.as_deref(),
                pool_only: req.pool_only,
                status: req.status,
                region: req.region.as_deref(),
                tag: req.tag.as_deref(),
                name: req.name.as_deref(),
                custom,
                include_archived: req.include_archived,
                after: req.cursor.as_deref(),
            };
            let rows = cx.tx.customers_page(&filter, limit, &ListScope::of(&cx.actor))?;
            Ok(into_page(rows, limit, |c| &c.id).withheld_from(&cx.actor))
        })
    }

    /// Archives a customer (kept and restorable; hidden from lists).
    pub fn archive_customer(&self, actor: Option<&str>, req: IdRequest) -> EngineResult<Customer> {
        self.write(actor, |cx| Ok(set_archived(cx, &req.id, true)?.withheld_from(&cx.actor)))
    }

    pub fn restore_customer(&self, actor: Option<&str>, req: IdRequest) -> EngineResult<Customer> {
        self.write(actor, |cx| Ok(set_archived(cx, &req.id, false)?.withheld_from(&cx.actor)))
    }

    /// Creates or upserts (by `external_ref`) many customers in one transaction, with per-item errors.
    pub fn batch_customers(&self, actor: Option<&str>, req: BatchRequest<CustomerDraft>) -> EngineResult<BatchResult> {
        self.write(actor, |cx| {
            cx.actor.require(Entity::Customer, Action::Create)?;
            batch::run(cx, req.items, req.mode, |cx, draft| {
                let (c, created) = upsert_customer(cx, draft)?;
                Ok(Written { id: c.id, created })
            })
        })
    }
}

/// The customer, refusing unless the actor may change it (`not_found` / `permission_denied`).
pub(crate) fn writable_customer(cx: &Ctx<'_>, id: &str) -> EngineResult<Customer> {
    access::require_write(cx.access(Entity::Customer, id)?, Entity::Customer)?;
    cx.tx.customer(id)?.ok_or_else(|| EngineError::not_found("no such customer"))
}

/// Creates a customer, or updates the one with the draft's `external_ref`.
/// Returns the saved customer and whether it was created.
pub(crate) fn upsert_customer(cx: &mut Ctx<'_>, draft: CustomerDraft) -> EngineResult<(Customer, bool)> {
    let existing = customer_of_draft(cx, &draft)?;
    upsert_found(cx, draft, existing)
}

/// The customer a draft's `external_ref` names, if any.
pub(crate) fn customer_of_draft(cx: &Ctx<'_>, draft: &CustomerDraft) -> EngineResult<Option<Customer>> {
    match text::optional("external_ref", draft.external_ref.as_deref(), text::SHORT_MAX)? {
        Some(r) => Ok(cx.tx.customer_by_ref(&r)?),
        None => Ok(None),
    }
}

/// [`upsert_customer`] with the customer the draft's `external_ref` names already read (an import reads it
/// first, to keep what it was).
pub(crate) fn upsert_found(
    cx: &mut Ctx<'_>,
    draft: CustomerDraft,
    existing: Option<Customer>,
) -> EngineResult<(Customer, bool)> {
    cx.actor.require(Entity::Customer, Action::Create)?;
    if draft.credit_limit.is_some() {
        cx.require_financial_write(Entity::Customer, "credit_limit")?;
    }
    let Some(existing) = existing else {
        // The owner's department, read once for the scope check and the record; the free external_ref
        // was just checked.
        let department = match &draft.owner_id {
            Some(owner) => Some(require_assignable(cx, owner.as_deref())?),
            None => None,
        };
        return Ok((insert(cx, draft, department, false)?, true));
    };
    access::require_write(cx.access(Entity::Customer, &existing.id)?, Entity::Customer)?;
    let defs = cx.custom_field_defs(Entity::Customer)?;
    let mut after = existing.with_draft(&draft, &defs, false, cx.now)?;
    if !withholding::sees_financial(&cx.actor, Entity::Customer) {
        // A draft from someone who cannot see the credit limit leaves it as it is.
        after.credit_limit = existing.credit_limit;
    }
    if let Some(owner) = &draft.owner_id
        && *owner != existing.owner_id
    {
        after.department_id = require_assignable(cx, owner.as_deref())?;
        after.owner_id = owner.clone();
    }
    if (Customer { updated_at: existing.updated_at, ..after.clone() }) == existing {
        // Nothing changed (an idempotent sync): no write, no audit entry.
        return Ok((existing, false));
    }
    Ok((store(cx, Some(&existing), after, "update")?, false))
}

/// Creates a customer from a draft in the current transaction: validates it,
/// takes a code and writes it with its dedupe keys and an audit entry. No scope
/// check beyond validation: callers (lead conversion) have decided the actor
/// may do this. Owner: the draft's (`null`: the pool), by default the acting user.
pub(crate) fn insert_customer(cx: &mut Ctx<'_>, draft: CustomerDraft) -> EngineResult<Customer> {
    insert(cx, draft, None, true)
}

/// [`insert_customer`], given the owner's department when the caller read it (`Some`), and whether the
/// external_ref still needs checking.
fn insert(
    cx: &mut Ctx<'_>,
    draft: CustomerDraft,
    department: Option<Option<String>>,
    check_ref: bool,
) -> EngineResult<Customer> {
    let owner_id = match &draft.owner_id {
        None => cx.actor.user_id().map(str::to_string),
        Some(o) => o.clone(),
    };
    let department_id = match (department, &owner_id) {
        (Some(known), _) => known,
        (None, Some(o)) => Some(active_user_department(cx, o)?.0),
        (None, None) => None,
    };
    let defs = cx.custom_field_defs(Entity::Customer)?;
    let seed = CustomerSeed {
        id: cx.new_id(),
        code: String::new(),
        owner_id,
        department_id,
        created_by: cx.actor.user_id().map(str::to_string),
        now: cx.now,
    };
    let mut c = Customer::create(seed, &draft, &defs)?;
    if check_ref {
        require_free_ref(cx, c.external_ref.as_deref(), &c.id)?;
    }
    c.code = cx.next_code(Entity::Customer)?;
    store(cx, None, c, "create")
}

/// The department id and path of an active user named as owner (`validation` otherwise).
fn active_user_department(cx: &Ctx<'_>, user_id: &str) -> EngineResult<(String, String)> {
    match cx.tx.user_actor_facts(user_id)? {
        Some(u) if u.active => Ok((u.department_id, u.department_path)),
        _ => Err(EngineError::validation("owner_id", "must be an active user")),
    }
}

/// Checks that the actor may give a customer to `owner` (`None`: the pool, open
/// to all): an active user whose records the actor's scope covers. Returns the
/// owner's department.
fn require_assignable(cx: &Ctx<'_>, owner: Option<&str>) -> EngineResult<Option<String>> {
    let Some(owner) = owner else { return Ok(None) };
    let (department_id, path) = active_user_department(cx, owner)?;
    if !visibility::covers_owner(&cx.actor, &Ownership::owned_by(owner, department_id.clone(), path)) {
        return Err(EngineError::permission_denied("you may only assign customers to users within your scope")
            .with_field("owner_id"));
    }
    Ok(Some(department_id))
}

/// ORG-3: a customer's department is its owner's; when a user moves, the customers they own move too
/// (each audited as `follow_owner`).
pub(crate) fn follow_owner_department(cx: &Ctx<'_>, owner_id: &str, department_id: &str) -> EngineResult<()> {
    for crate::storage::MovedCustomer { id, left } in cx.tx.follow_owner_department(owner_id, department_id, cx.now)? {
        let mut changes = serde_json::Map::new();
        changes.insert("department_id".into(), serde_json::json!([left, department_id]));
        cx.audit(Entity::Customer, &id, "follow_owner", changes)?;
    }
    Ok(())
}

fn require_free_ref(cx: &Ctx<'_>, external_ref: Option<&str>, id: &str) -> EngineResult<()> {
    if let Some(r) = external_ref
        && let Some(other) = cx.tx.customer_by_ref(r)?
        && other.id != id
    {
        return Err(EngineError::conflict("external_ref", "another customer has this external_ref"));
    }
    Ok(())
}

fn set_archived(cx: &mut Ctx<'_>, id: &str, archive: bool) -> EngineResult<Customer> {
    let before = writable_customer(cx, id)?;
    cx.actor.require(Entity::Customer, Action::Archive)?;
    if archive == before.archived_at.is_some() {
        return Err(EngineError::invalid_state(if archive {
            "the customer is already archived"
        } else {
            "the customer is not archived"
        }));
    }
    let mut after = before.clone();
    after.archived_at = if archive { Some(cx.now) } else { None };
    after.updated_at = cx.now;
    store(cx, Some(&before), after, if archive { "archive" } else { "restore" })
}

/// Writes a customer with its dedupe keys and one audit entry.
fn store(cx: &mut Ctx<'_>, before: Option<&Customer>, after: Customer, action: &str) -> EngineResult<Customer> {
    cx.tx.save_customer(before, &after)?;
    if before.is_some_and(|b| (&b.industry, &b.region) != (&after.industry, &after.region)) {
        cx.touch_customer_place(&after.id);
    }
    let country = cx.organisation()?.country_code.clone();
    cx.tx.set_dedupe_keys(Entity::Customer, &after.id, &after.dedupe_keys(&country), before.is_some())?;
    cx.audit_change(Entity::Customer, &after.id, action, before, &after)?;
    let previous = before.and_then(|b| b.owner_id.as_deref());
    super::inbox::assigned(cx, "customer", &after.id, &after.name, previous, after.owner_id.as_deref())?;
    Ok(after)
}

impl Revertable for Customer {
    fn load(cx: &Ctx<'_>, id: &str) -> EngineResult<Option<Self>> {
        Ok(cx.tx.customer(id)?)
    }
    fn updated_at(&self) -> chrono::DateTime<chrono::Utc> {
        self.updated_at
    }
    fn archived(self, now: chrono::DateTime<chrono::Utc>) -> Option<Self> {
        self.archived_at.is_none().then_some(Customer { archived_at: Some(now), updated_at: now, ..self })
    }
    fn put(cx: &mut Ctx<'_>, current: &Self, mut after: Self) -> EngineResult<()> {
        after.updated_at = cx.now;
        store(cx, Some(current), after, "import_revert").map(drop)
    }
}
