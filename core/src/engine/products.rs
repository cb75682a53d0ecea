//! Products and price lists (DOC-1): the catalogue kept by administrators (and roles permitted to edit products), read by every user; the explainable price of a line.

use chrono::NaiveDate;

use super::batch::{self, Written};
use super::import::Revertable;
use super::paging::{into_page, page_limit};
use super::{Ctx, Engine};
use super::{EngineError, EngineResult};
use crate::domain::access;
use crate::domain::calendar;
use crate::domain::common::{BatchRequest, BatchResult, IdRequest, Page};
use crate::domain::entity::Entity;
use crate::domain::permissions::Action;
use crate::domain::product::{
    self, LinePrice, PriceList, PriceListDraft, PriceListListRequest, PriceRequest, Product, ProductDraft,
    ProductListRequest, ProductPatch,
};
use crate::domain::quantity::Quantity;
use crate::domain::text;
use crate::storage::{ListScope, ProductFilter};

impl Engine {
    /// Creates a product; a known `external_ref` updates that product instead (idempotent).
    pub fn create_product(&self, actor: Option<&str>, draft: ProductDraft) -> EngineResult<Product> {
        self.write(actor, |cx| Ok(upsert_product(cx, draft)?.0))
    }

    /// Applies a patch to a product.
    pub fn update_product(&self, actor: Option<&str>, patch: ProductPatch) -> EngineResult<Product> {
        self.write(actor, |cx| {
            let before = writable_product(cx, &patch.id)?;
            let after = before.patched(&patch, cx.now)?;
            require_unique(cx, &after)?;
            if (Product { updated_at: before.updated_at, ..after.clone() }) == before {
                return Ok(before);
            }
            store_product(cx, Some(&before), after, "update")
        })
    }

    /// One product (every user reads the catalogue).
    pub fn product(&self, actor: Option<&str>, req: IdRequest) -> EngineResult<Product> {
        self.read(actor, |cx| readable_product(cx, &req.id, "id"))
    }

    /// Products filtered by category, active flag and text in the code or name, one page at a time.
    pub fn list_products(&self, actor: Option<&str>, req: ProductListRequest) -> EngineResult<Page<Product>> {
        self.read(actor, |cx| {
            let limit = page_limit(req.limit)?;
            let category = text::optional("category", req.category.as_deref(), text::SHORT_MAX)?;
            let text = text::optional("text", req.text.as_deref(), text::NAME_MAX)?;
            let filter = ProductFilter {
                category: category.as_deref(),
                active: req.active,
                text: text.as_deref(),
                after: req.cursor.as_deref(),
            };
            let rows = cx.tx.products_page(&filter, limit, &ListScope::of(&cx.actor))?;
            Ok(into_page(rows, limit, |p| &p.id))
        })
    }

    /// Creates or updates (by `external_ref`, required) many products at once: the ERP's catalogue push.
    pub fn push_products(&self, actor: Option<&str>, req: BatchRequest<ProductDraft>) -> EngineResult<BatchResult> {
        self.write(actor, |cx| {
            cx.actor.require(Entity::Product, Action::Create)?;
            batch::run(cx, req.items, req.mode, |cx, draft| {
                if text::optional("external_ref", draft.external_ref.as_deref(), text::SHORT_MAX)?.is_none() {
                    return Err(EngineError::validation("external_ref", "is required to push a product"));
                }
                let (p, created) = upsert_product(cx, draft)?;
                Ok(Written { id: p.id, created })
            })
        })
    }

    /// The price of a product for a customer, a quantity and a day, with the rule that gave it.
    pub fn price_product(&self, actor: Option<&str>, req: PriceRequest) -> EngineResult<LinePrice> {
        self.read(actor, |cx| {
            let product = readable_product(cx, &req.product_id, "product_id")?;
            let quantity = req.quantity.quantity("quantity")?;
            let on = match req.date.as_deref() {
                Some(d) => calendar::parse_date("date", d)?,
                None => calendar::local_date(cx.now, cx.organisation()?.utc_offset_minutes),
            };
            price_for(cx, &req.customer_id, &product, quantity, on)
        })
    }

    /// Creates a price list, or replaces the name and rules of the list with the draft's code (its
    /// version rises; an identical definition writes nothing).
    pub fn define_price_list(&self, actor: Option<&str>, draft: PriceListDraft) -> EngineResult<PriceList> {
        self.write(actor, |cx| define(cx, draft))
    }

    /// One price list with its rules (every user reads them).
    pub fn price_list(&self, actor: Option<&str>, req: IdRequest) -> EngineResult<PriceList> {
        self.read(actor, |cx| {
            access::require_read(cx.access(Entity::PriceList, &req.id)?, Entity::PriceList)?;
            cx.tx.price_list(&req.id)?.ok_or_else(|| EngineError::not_found("no such price list"))
        })
    }

    /// Price lists with their rules, live ones unless `include_archived`, one page at a time.
    pub fn list_price_lists(&self, actor: Option<&str>, req: PriceListListRequest) -> EngineResult<Page<PriceList>> {
        self.read(actor, |cx| {
            let limit = page_limit(req.limit)?;
            let rows = cx.tx.price_lists_page(req.include_archived, req.cursor.as_deref(), limit)?;
            Ok(into_page(rows, limit, |l| &l.id))
        })
    }

    /// Archives a price list: kept, restorable, and no longer giving prices.
    pub fn archive_price_list(&self, actor: Option<&str>, req: IdRequest) -> EngineResult<PriceList> {
        self.write(actor, |cx| set_price_list_archived(cx, &req.id, true))
    }

    /// Restores an archived price list: its rules give prices again.
    pub fn restore_price_list(&self, actor: Option<&str>, req: IdRequest) -> EngineResult<PriceList> {
        self.write(actor, |cx| set_price_list_archived(cx, &req.id, false))
    }
}

/// The price of `quantity` of `product` for a customer on day `on`, and the rule that gave it
/// ([`product::choose_price`] documents the precedence). Refuses an inactive product (`invalid_state`:
/// it cannot go on a new line) and a customer the actor does not reach (`not_found`, `customer_id`).
/// Quotes and orders price their lines through this.
pub(crate) fn price_for(
    cx: &mut Ctx<'_>,
    customer_id: &str,
    product: &Product,
    quantity: Quantity,
    on: NaiveDate,
) -> EngineResult<LinePrice> {
    let customer = PricedCustomer::read(cx, customer_id)?;
    customer.price(cx, product, quantity, on)
}

/// The customer a document is priced for, read once per document (its tags choose tag rules).
pub(crate) struct PricedCustomer {
    id: String,
    tags: Vec<String>,
}

impl PricedCustomer {
    /// The customer, `not_found` (field `customer_id`) unless the actor reads it.
    pub(crate) fn read(cx: &Ctx<'_>, customer_id: &str) -> EngineResult<PricedCustomer> {
        access::require_read(cx.access(Entity::Customer, customer_id)?, Entity::Customer)
            .map_err(|e| EngineError::from(e).with_field("customer_id"))?;
        let customer = cx
            .tx
            .customer(customer_id)?
            .ok_or_else(|| EngineError::not_found("no such customer").with_field("customer_id"))?;
        Ok(PricedCustomer { id: customer.id, tags: customer.tags })
    }

    /// DOC-1: the price of `quantity` of an active `product` for this customer on day `on`, explained.
    pub(crate) fn price(
        &self,
        cx: &Ctx<'_>,
        product: &Product,
        quantity: Quantity,
        on: NaiveDate,
    ) -> EngineResult<LinePrice> {
        if !product.active {
            return Err(EngineError::invalid_state("the product is inactive and cannot be priced for a new line")
                .with_field("product_id"));
        }
        let candidates = cx.tx.price_candidates(&product.id)?;
        Ok(product::choose_price(product, &self.id, &self.tags, quantity, on, &candidates))
    }
}

/// The product, `not_found` (with `field`) if there is none or the actor does not reach it.
fn readable_product(cx: &Ctx<'_>, id: &str, field: &str) -> EngineResult<Product> {
    let found = cx.tx.product(id)?;
    let access = if found.is_some() { cx.access(Entity::Product, id)? } else { access::Access::None };
    access::require_read(access, Entity::Product).map_err(|e| EngineError::from(e).with_field(field))?;
    found.ok_or_else(|| EngineError::not_found("no such product").with_field(field))
}

/// The product, refusing unless the actor may change it (`not_found` / `permission_denied`).
fn writable_product(cx: &Ctx<'_>, id: &str) -> EngineResult<Product> {
    let before = readable_product(cx, id, "id")?;
    access::require_write(cx.access(Entity::Product, id)?, Entity::Product)?;
    Ok(before)
}

/// Creates a product, or updates the one with the draft's `external_ref` (no write when nothing
/// changed). Returns the product and whether it was created.
pub(crate) fn upsert_product(cx: &mut Ctx<'_>, draft: ProductDraft) -> EngineResult<(Product, bool)> {
    let existing = product_of_draft(cx, &draft)?;
    upsert_found(cx, draft, existing)
}

/// The product a draft's `external_ref` names, if any.
pub(crate) fn product_of_draft(cx: &Ctx<'_>, draft: &ProductDraft) -> EngineResult<Option<Product>> {
    match text::optional("external_ref", draft.external_ref.as_deref(), text::SHORT_MAX)? {
        Some(r) => Ok(cx.tx.product_by_ref(&r)?),
        None => Ok(None),
    }
}

/// [`upsert_product`] with the product the draft's `external_ref` names already read.
pub(crate) fn upsert_found(
    cx: &mut Ctx<'_>,
    draft: ProductDraft,
    existing: Option<Product>,
) -> EngineResult<(Product, bool)> {
    let base = cx.organisation()?.base_currency.clone();
    let Some(before) = existing else {
        cx.actor.require(Entity::Product, Action::Create)?;
        let p = Product::from_draft(cx.new_id(), &draft, &base, None, cx.now)?;
        require_unique(cx, &p)?;
        return Ok((store_product(cx, None, p, "create")?, true));
    };
    access::require_write(cx.access(Entity::Product, &before.id)?, Entity::Product)?;
    let after = Product::from_draft(before.id.clone(), &draft, &base, Some(&before), cx.now)?;
    require_unique(cx, &after)?;
    if (Product { updated_at: before.updated_at, ..after.clone() }) == before {
        // An idempotent sync: no write, no audit entry.
        return Ok((before, false));
    }
    Ok((store_product(cx, Some(&before), after, "update")?, false))
}

/// Refuses a code or external_ref another product has (`conflict`).
fn require_unique(cx: &Ctx<'_>, p: &Product) -> EngineResult<()> {
    if cx.tx.product_by_code(&p.code)?.is_some_and(|o| o.id != p.id) {
        return Err(EngineError::conflict("code", "another product has this code"));
    }
    if let Some(r) = &p.external_ref
        && cx.tx.product_by_ref(r)?.is_some_and(|o| o.id != p.id)
    {
        return Err(EngineError::conflict("external_ref", "another product has this external_ref"));
    }
    Ok(())
}

fn store_product(cx: &mut Ctx<'_>, before: Option<&Product>, after: Product, action: &str) -> EngineResult<Product> {
    cx.tx.save_product(before, &after)?;
    cx.audit_change(Entity::Product, &after.id, action, before, &after)?;
    Ok(after)
}

fn define(cx: &mut Ctx<'_>, draft: PriceListDraft) -> EngineResult<PriceList> {
    let code = text::code("code", &draft.code)?;
    let name = text::required("name", &draft.name, text::NAME_MAX)?;
    let before = cx.tx.price_list_by_code(&code)?;
    match &before {
        None => cx.actor.require(Entity::Product, Action::Create)?,
        Some(b) => {
            access::require_write(cx.access(Entity::PriceList, &b.id)?, Entity::PriceList)?;
            if b.archived_at.is_some() {
                return Err(EngineError::invalid_state("the price list is archived; restore it first"));
            }
        }
    }
    let mut rules = Vec::with_capacity(draft.rules.len());
    let mut kept = vec![false; before.as_ref().map_or(0, |b| b.rules.len())];
    for (i, d) in draft.rules.iter().enumerate() {
        let mut rule = d.validated(i, String::new())?;
        let product = cx.tx.product(&rule.product_id)?;
        if product.is_none() {
            return Err(EngineError::not_found("no such product").with_field(format!("rules[{i}].product_id")));
        }
        if let Some(c) = &rule.customer_id {
            let field = format!("rules[{i}].customer_id");
            access::require_read(cx.access(Entity::Customer, c)?, Entity::Customer)
                .map_err(|e| EngineError::from(e).with_field(field.clone()))?;
            if cx.tx.customer(c)?.is_none() {
                return Err(EngineError::not_found("no such customer").with_field(field));
            }
        }
        // A rule unchanged from the previous version keeps its id, so prices it gave stay explained.
        let old = before.as_ref().map_or(&[][..], |b| &b.rules[..]);
        let same = old.iter().enumerate().find(|(j, o)| !kept[*j] && o.same_terms(&rule));
        rule.id = match same {
            Some((j, o)) => {
                kept[j] = true;
                o.id.clone()
            }
            None => cx.new_id(),
        };
        rules.push(rule);
    }
    let Some(before) = before else {
        let list = PriceList {
            id: cx.new_id(),
            code,
            name,
            version: 1,
            rules,
            created_at: cx.now,
            updated_at: cx.now,
            archived_at: None,
        };
        cx.tx.save_price_list(None, &list)?;
        cx.audit_change(Entity::PriceList, &list.id, "create", None, &list)?;
        return Ok(list);
    };
    if before.name == name && before.rules == rules {
        return Ok(before);
    }
    let after = PriceList { name, rules, version: before.version + 1, updated_at: cx.now, ..before.clone() };
    cx.tx.save_price_list(Some(&before), &after)?;
    cx.audit_change(Entity::PriceList, &after.id, "define", Some(&before), &after)?;
    Ok(after)
}

fn set_price_list_archived(cx: &mut Ctx<'_>, id: &str, archive: bool) -> EngineResult<PriceList> {
    let before = cx.tx.price_list(id)?.ok_or_else(|| EngineError::not_found("no such price list"))?;
    access::require_write(cx.access(Entity::PriceList, id)?, Entity::PriceList)?;
    cx.actor.require(Entity::Product, Action::Archive)?;
    if archive == before.archived_at.is_some() {
        return Err(EngineError::invalid_state(if archive {
            "the price list is already archived"
        } else {
            "the price list is not archived"
        }));
    }
    let after = PriceList { archived_at: archive.then_some(cx.now), updated_at: cx.now, ..before.clone() };
    cx.tx.save_price_list(Some(&before), &after)?;
    cx.audit_change(Entity::PriceList, id, if archive { "archive" } else { "restore" }, Some(&before), &after)?;
    Ok(after)
}

impl Revertable for Product {
    fn load(cx: &Ctx<'_>, id: &str) -> EngineResult<Option<Self>> {
        Ok(cx.tx.product(id)?)
    }
    fn updated_at(&self) -> chrono::DateTime<chrono::Utc> {
        self.updated_at
    }
    /// A product is taken off the catalogue by making it inactive (quotes and orders keep naming it).
    fn archived(self, now: chrono::DateTime<chrono::Utc>) -> Option<Self> {
        self.active.then_some(Product { active: false, updated_at: now, ..self })
    }
    fn put(cx: &mut Ctx<'_>, current: &Self, mut after: Self) -> EngineResult<()> {
        after.updated_at = cx.now;
        store_product(cx, Some(current), after, "import_revert").map(drop)
    }
}
