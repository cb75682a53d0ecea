//! Contacts methods (CUS-3): create or upsert, update, get, list per customer, archive, restore, batches.

use super::method::methods;
use crate::domain::common::{BatchRequest, BatchResult, IdRequest, Page};
pub use crate::domain::contact::{Contact, ContactDraft, ContactListRequest, ContactPatch, DealRole, RelationshipNode};

methods! {
    /// Creates a contact of a customer (by `customer_id` or `customer_external_ref`); the first contact becomes primary. A known `external_ref` updates that contact instead.
    "contacts.create" => create_contact(ContactDraft) -> Contact,
        example r#"{"customer_id": "0190a8b2-7c1e-7000-8000-0000000000c1", "name": "陈静", "title": "采购经理", "phones": ["138 0013 8000"], "emails": ["chen.jing@huaqiang.example.com"], "birthday": "1986-04-12", "deal_role": "decision_maker", "external_ref": "ERP-P-501"}"#;
    /// Changes a contact; `is_primary: true` demotes the old primary, `reports_to` must be a contact of the same customer without cycles.
    "contacts.update" => update_contact(ContactPatch) -> Contact,
        example r#"{"id": "0190a8b2-7c1e-7000-8000-0000000000d1", "title": "采购总监", "reports_to": "0190a8b2-7c1e-7000-8000-0000000000d2", "is_primary": true}"#;
    /// One contact, visible with its customer.
    "contacts.get" => contact(IdRequest) -> Contact,
        example r#"{"id": "0190a8b2-7c1e-7000-8000-0000000000d1"}"#;
    /// A customer's contacts in creation order, paged by cursor.
    "contacts.list" => list_contacts(ContactListRequest) -> Page<Contact>,
        example r#"{"customer_id": "0190a8b2-7c1e-7000-8000-0000000000c1", "limit": 50}"#;
    /// Archives a contact; an archived primary hands the role to the oldest live contact.
    "contacts.archive" => archive_contact(IdRequest) -> Contact,
        example r#"{"id": "0190a8b2-7c1e-7000-8000-0000000000d1"}"#;
    /// Restores an archived contact (primary again if its customer has none).
    "contacts.restore" => restore_contact(IdRequest) -> Contact,
        example r#"{"id": "0190a8b2-7c1e-7000-8000-0000000000d1"}"#;
    /// Creates or upserts (by `external_ref`) many contacts at once, naming customers by id or `customer_external_ref`; per-item errors.
    "contacts.batch" => batch_contacts(BatchRequest<ContactDraft>) -> BatchResult,
        example r#"{"mode": "all_or_nothing", "items": [{"customer_external_ref": "ERP-C-1001", "name": "刘洋", "phones": ["+86 139 2233 4455"], "external_ref": "ERP-P-502"}]}"#;
}
