//! What an import writes for each kind: the draft a row becomes, the record an ERP key names, and the module's own upsert.

use serde::de::DeserializeOwned;

use super::super::{Ctx, EngineError, EngineResult, contacts, customers, leads, products, sales};
use crate::domain::contact::ContactDraft;
use crate::domain::customer::CustomerDraft;
use crate::domain::document_line::LineRequest;
use crate::domain::import::cells::struct_fields;
use crate::domain::import::{DraftFields, ImportKind};
use crate::domain::lead::LeadDraft;
use crate::domain::product::ProductDraft;
use crate::domain::sales::{OrderPush, ReceiptPush};

/// One kind an import writes.
pub(crate) trait ImportedKind {
    type Draft: DeserializeOwned + Clone;
    /// The draft's ERP key, which the duplicate policy looks for.
    fn key(draft: &Self::Draft) -> Option<&str>;
    /// The record holding `key`: its id and its JSON as it is now (what a revert puts back).
    fn existing(cx: &Ctx<'_>, key: &str) -> EngineResult<Option<(String, String)>>;
    /// Writes the draft as the kind's own batch or push does: its id, and whether it was created.
    fn write(cx: &mut Ctx<'_>, draft: Self::Draft) -> EngineResult<(String, bool)>;
    /// The fields a mapping may name.
    fn fields() -> DraftFields;
}

/// A record found by its key, with its JSON (the before-image a revert puts back).
fn found<T: serde::Serialize>(record: Option<T>, id: impl Fn(&T) -> &str) -> EngineResult<Option<(String, String)>> {
    let Some(r) = record else { return Ok(None) };
    let json = serde_json::to_string(&r).map_err(|e| EngineError::internal_from("a record kept by an import", e))?;
    Ok(Some((id(&r).to_string(), json)))
}

pub(crate) struct Customers;
impl ImportedKind for Customers {
    type Draft = CustomerDraft;
    fn key(d: &CustomerDraft) -> Option<&str> {
        d.external_ref.as_deref()
    }
    fn existing(cx: &Ctx<'_>, key: &str) -> EngineResult<Option<(String, String)>> {
        found(cx.tx.customer_by_ref(key)?, |c| &c.id)
    }
    fn write(cx: &mut Ctx<'_>, d: CustomerDraft) -> EngineResult<(String, bool)> {
        customers::upsert_customer(cx, d).map(|(c, created)| (c.id, created))
    }
    fn fields() -> DraftFields {
        DraftFields { fields: struct_fields::<CustomerDraft>(), line_fields: &[] }
    }
}

pub(crate) struct Contacts;
impl ImportedKind for Contacts {
    type Draft = ContactDraft;
    fn key(d: &ContactDraft) -> Option<&str> {
        d.external_ref.as_deref()
    }
    fn existing(cx: &Ctx<'_>, key: &str) -> EngineResult<Option<(String, String)>> {
        found(cx.tx.contact_by_ref(key)?, |c| &c.id)
    }
    fn write(cx: &mut Ctx<'_>, d: ContactDraft) -> EngineResult<(String, bool)> {
        contacts::upsert_contact(cx, d).map(|(c, created)| (c.id, created))
    }
    fn fields() -> DraftFields {
        DraftFields { fields: struct_fields::<ContactDraft>(), line_fields: &[] }
    }
}

pub(crate) struct Leads;
impl ImportedKind for Leads {
    type Draft = LeadDraft;
    fn key(d: &LeadDraft) -> Option<&str> {
        d.external_ref.as_deref()
    }
    fn existing(cx: &Ctx<'_>, key: &str) -> EngineResult<Option<(String, String)>> {
        found(cx.tx.lead_by_ref(key)?, |l| &l.id)
    }
    fn write(cx: &mut Ctx<'_>, d: LeadDraft) -> EngineResult<(String, bool)> {
        leads::save_draft(cx, d).map(|(l, created)| (l.id, created))
    }
    fn fields() -> DraftFields {
        DraftFields { fields: struct_fields::<LeadDraft>(), line_fields: &[] }
    }
}

pub(crate) struct Products;
impl ImportedKind for Products {
    type Draft = ProductDraft;
    fn key(d: &ProductDraft) -> Option<&str> {
        d.external_ref.as_deref()
    }
    fn existing(cx: &Ctx<'_>, key: &str) -> EngineResult<Option<(String, String)>> {
        found(cx.tx.product_by_ref(key)?, |p| &p.id)
    }
    fn write(cx: &mut Ctx<'_>, d: ProductDraft) -> EngineResult<(String, bool)> {
        products::upsert_product(cx, d).map(|(p, created)| (p.id, created))
    }
    fn fields() -> DraftFields {
        DraftFields { fields: struct_fields::<ProductDraft>(), line_fields: &[] }
    }
}

pub(crate) struct Orders;
impl ImportedKind for Orders {
    type Draft = OrderPush;
    fn key(d: &OrderPush) -> Option<&str> {
        Some(&d.external_ref)
    }
    fn existing(cx: &Ctx<'_>, key: &str) -> EngineResult<Option<(String, String)>> {
        found(cx.tx.order_by_ref(key)?, |o| &o.id)
    }
    fn write(cx: &mut Ctx<'_>, d: OrderPush) -> EngineResult<(String, bool)> {
        sales::push_order(cx, d).map(|w| (w.id, w.created))
    }
    fn fields() -> DraftFields {
        DraftFields { fields: struct_fields::<OrderPush>(), line_fields: struct_fields::<LineRequest>() }
    }
}

pub(crate) struct Receipts;
impl ImportedKind for Receipts {
    type Draft = ReceiptPush;
    fn key(d: &ReceiptPush) -> Option<&str> {
        Some(&d.external_ref)
    }
    fn existing(cx: &Ctx<'_>, key: &str) -> EngineResult<Option<(String, String)>> {
        found(cx.tx.receipt_by_ref(key)?, |r| &r.id)
    }
    fn write(cx: &mut Ctx<'_>, d: ReceiptPush) -> EngineResult<(String, bool)> {
        sales::push_receipt(cx, d).map(|w| (w.id, w.created))
    }
    fn fields() -> DraftFields {
        DraftFields { fields: struct_fields::<ReceiptPush>(), line_fields: &[] }
    }
}

/// The fields of a kind, for checking a mapping.
pub(crate) fn fields_of(kind: ImportKind) -> DraftFields {
    match kind {
        ImportKind::Customers => Customers::fields(),
        ImportKind::Contacts => Contacts::fields(),
        ImportKind::Leads => Leads::fields(),
        ImportKind::Products => Products::fields(),
        ImportKind::Orders => Orders::fields(),
        ImportKind::Receipts => Receipts::fields(),
    }
}
