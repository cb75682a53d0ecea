//! What an import writes for each kind: the draft a row becomes, the record an ERP key names, and the module's own upsert.

use serde::Serialize;
use serde::de::DeserializeOwned;

use super::super::{Ctx, EngineError, EngineResult, contacts, customers, leads, products, sales};
use crate::domain::contact::{Contact, ContactDraft};
use crate::domain::customer::{Customer, CustomerDraft};
use crate::domain::document_line::LineRequest;
use crate::domain::import::cells::struct_fields;
use crate::domain::import::{DraftFields, ImportKind};
use crate::domain::lead::{Lead, LeadDraft};
use crate::domain::product::{Product, ProductDraft};
use crate::domain::sales::{Order, OrderPush, Receipt, ReceiptPush};

/// One kind an import writes.
pub(crate) trait ImportedKind {
    type Draft: DeserializeOwned + Clone;
    type Record: Serialize;
    /// The record the draft's ERP key names, read once: the duplicate policy looks at it and a revert puts
    /// it back.
    fn existing(cx: &Ctx<'_>, draft: &Self::Draft) -> EngineResult<Option<Self::Record>>;
    /// Writes the draft as the kind's own batch or push does, given what `existing` found: its id, and
    /// whether it was created.
    fn write(cx: &mut Ctx<'_>, draft: Self::Draft, existing: Option<Self::Record>) -> EngineResult<(String, bool)>;
    /// The fields a mapping may name.
    fn fields() -> DraftFields;
}

/// A record's JSON, as an import keeps it for a revert.
pub(crate) fn kept_json<T: Serialize>(record: &T) -> EngineResult<String> {
    serde_json::to_string(record).map_err(|e| EngineError::internal_from("a record kept by an import", e))
}

pub(crate) struct Customers;
impl ImportedKind for Customers {
    type Draft = CustomerDraft;
    type Record = Customer;
    fn existing(cx: &Ctx<'_>, d: &CustomerDraft) -> EngineResult<Option<Customer>> {
        customers::customer_of_draft(cx, d)
    }
    fn write(cx: &mut Ctx<'_>, d: CustomerDraft, existing: Option<Customer>) -> EngineResult<(String, bool)> {
        customers::upsert_found(cx, d, existing).map(|(c, created)| (c.id, created))
    }
    fn fields() -> DraftFields {
        DraftFields { fields: struct_fields::<CustomerDraft>(), line_fields: &[] }
    }
}

pub(crate) struct Contacts;
impl ImportedKind for Contacts {
    type Draft = ContactDraft;
    type Record = Contact;
    fn existing(cx: &Ctx<'_>, d: &ContactDraft) -> EngineResult<Option<Contact>> {
        contacts::contact_of_draft(cx, d)
    }
    fn write(cx: &mut Ctx<'_>, d: ContactDraft, existing: Option<Contact>) -> EngineResult<(String, bool)> {
        contacts::upsert_found(cx, d, existing).map(|(c, created)| (c.id, created))
    }
    fn fields() -> DraftFields {
        DraftFields { fields: struct_fields::<ContactDraft>(), line_fields: &[] }
    }
}

pub(crate) struct Leads;
impl ImportedKind for Leads {
    type Draft = LeadDraft;
    type Record = Lead;
    fn existing(cx: &Ctx<'_>, d: &LeadDraft) -> EngineResult<Option<Lead>> {
        leads::lead_of_draft(cx, d)
    }
    fn write(cx: &mut Ctx<'_>, d: LeadDraft, existing: Option<Lead>) -> EngineResult<(String, bool)> {
        leads::save_found(cx, d, existing).map(|(l, created)| (l.id, created))
    }
    fn fields() -> DraftFields {
        DraftFields { fields: struct_fields::<LeadDraft>(), line_fields: &[] }
    }
}

pub(crate) struct Products;
impl ImportedKind for Products {
    type Draft = ProductDraft;
    type Record = Product;
    fn existing(cx: &Ctx<'_>, d: &ProductDraft) -> EngineResult<Option<Product>> {
        products::product_of_draft(cx, d)
    }
    fn write(cx: &mut Ctx<'_>, d: ProductDraft, existing: Option<Product>) -> EngineResult<(String, bool)> {
        products::upsert_found(cx, d, existing).map(|(p, created)| (p.id, created))
    }
    fn fields() -> DraftFields {
        DraftFields { fields: struct_fields::<ProductDraft>(), line_fields: &[] }
    }
}

pub(crate) struct Orders;
impl ImportedKind for Orders {
    type Draft = OrderPush;
    type Record = Order;
    fn existing(cx: &Ctx<'_>, d: &OrderPush) -> EngineResult<Option<Order>> {
        Ok(cx.tx.order_by_ref(&d.external_ref)?)
    }
    /// The push reads the order again itself (its checks need the stored order as of the write).
    fn write(cx: &mut Ctx<'_>, d: OrderPush, _existing: Option<Order>) -> EngineResult<(String, bool)> {
        sales::push_order(cx, d).map(|w| (w.id, w.created))
    }
    fn fields() -> DraftFields {
        DraftFields { fields: struct_fields::<OrderPush>(), line_fields: struct_fields::<LineRequest>() }
    }
}

pub(crate) struct Receipts;
impl ImportedKind for Receipts {
    type Draft = ReceiptPush;
    type Record = Receipt;
    fn existing(cx: &Ctx<'_>, d: &ReceiptPush) -> EngineResult<Option<Receipt>> {
        Ok(cx.tx.receipt_by_ref(&d.external_ref)?)
    }
    fn write(cx: &mut Ctx<'_>, d: ReceiptPush, _existing: Option<Receipt>) -> EngineResult<(String, bool)> {
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
