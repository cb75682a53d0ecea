//! Customers methods (CUS-1, CUS-5): create or upsert, update, get, the timeline, scoped lists, archive, restore, batches.

use super::method::methods;
use crate::domain::common::{BatchRequest, BatchResult, IdRequest, Page};
use crate::domain::contact::RelationshipNode;
pub use crate::domain::customer::{
    CustomFilter, Customer, CustomerDraft, CustomerKind, CustomerListRequest, CustomerPatch, CustomerStatus,
};
pub use crate::domain::timeline::{TimelineEntry, TimelineRequest};

methods! {
    /// Creates a customer (owner: the acting user unless given; `null` puts it in the public pool). A known `external_ref` updates that customer instead.
    "customers.create" => create_customer(CustomerDraft) -> Customer,
        example r#"{"name": "深圳市华强电子有限公司", "kind": "company", "region": "44/4403", "industry": "electronics", "source": "trade_show", "phone": "0755-83761234", "email": "purchasing@huaqiang.example.com", "credit_limit": 50000000, "tags": ["key-account"], "custom": {"employees": 320}, "external_ref": "ERP-C-1001"}"#;
    /// Changes a customer's fields; `null` clears a field, status only moves `potential -> transaction`.
    "customers.update" => update_customer(CustomerPatch) -> Customer,
        example r#"{"id": "0190a8b2-7c1e-7000-8000-0000000000c1", "status": "transaction", "phone": null, "tags": ["key-account", "vip"]}"#;
    /// One customer visible to the actor.
    "customers.get" => customer(IdRequest) -> Customer,
        example r#"{"id": "0190a8b2-7c1e-7000-8000-0000000000c1"}"#;
    /// The customer's timeline (CUS-5): its opportunities, quotes, contracts, orders, deliveries, receipts, returns, invoice requests and activities, newest first, each with its status as of today and its amount (financial amounts withheld as the record's are); `kinds` narrows it; paged by cursor.
    "customers.timeline" => customer_timeline(TimelineRequest) -> Page<TimelineEntry>,
        example r#"{"id": "0190a8b2-7c1e-7000-8000-0000000000c1", "kinds": ["order", "receipt", "activity"], "limit": 20}"#;
    /// Customers in the actor's scope plus the public pool, filtered (owner, status, region prefix, tag, custom field, name), paged by cursor.
    "customers.list" => list_customers(CustomerListRequest) -> Page<Customer>,
        example r#"{"status": "potential", "region": "44", "tag": "key-account", "custom": {"key": "employees", "value": "320"}, "limit": 50}"#;
    /// Archives a customer: kept and restorable, hidden from lists unless `include_archived`.
    "customers.archive" => archive_customer(IdRequest) -> Customer,
        example r#"{"id": "0190a8b2-7c1e-7000-8000-0000000000c1"}"#;
    /// Restores an archived customer.
    "customers.restore" => restore_customer(IdRequest) -> Customer,
        example r#"{"id": "0190a8b2-7c1e-7000-8000-0000000000c1"}"#;
    /// Creates or upserts (by `external_ref`) many customers at once; `all_or_nothing` (default) or `skip_invalid` with per-item errors.
    "customers.batch" => batch_customers(BatchRequest<CustomerDraft>) -> BatchResult,
        example r#"{"mode": "skip_invalid", "items": [{"name": "广州宏达贸易", "region": "44/4401", "external_ref": "ERP-C-1002"}, {"name": "佛山美佳家具", "external_ref": "ERP-C-1003"}]}"#;
    /// The relationship map of a customer: its live contacts as a reports-to tree (roots report to nobody).
    "customers.relationship_map" => relationship_map(IdRequest) -> Vec<RelationshipNode>,
        example r#"{"id": "0190a8b2-7c1e-7000-8000-0000000000c1"}"#;
}
