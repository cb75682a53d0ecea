//! Receivable methods (DOC-6): a customer's or an order's receivables, one receivable, and the aging report.

use super::method::methods;
use crate::domain::common::Page;
pub use crate::domain::receivable::{
    AgingBucket, AgingGroup, AgingGrouping, AgingReport, AgingRequest, Receivable, ReceivableListRequest,
    ReceivableRequest,
};

methods! {
    /// Receivables (DOC-6): a customer's or an order's (closed ones included unless `open_only`), or without either the open ones of the customers the actor reads; each with what is owed, what is outstanding and its overdue days as of today or `as_of`. Amounts are withheld from roles without `view_financial` on receivables. Paged by id.
    "receivables.list" => list_receivables(ReceivableListRequest) -> Page<Receivable>,
        example r#"{"customer_id": "0190a8b2-7c1e-7000-8000-000000000003", "as_of": "2026-04-15"}"#;
    /// One receivable (created when its order is approved, due after the payment terms, settled by receipts naming it, its order, or none, oldest first), with its overdue days as of today or `as_of`.
    "receivables.get" => receivable(ReceivableRequest) -> Receivable,
        example r#"{"id": "0190a8b2-7c1e-7000-8000-000000000060"}"#;
    /// The aging report (DOC-6) over the open receivables of the customers the actor's reports count: outstanding not yet due and per bucket of days overdue (default 1-30, 31-60, 61-90, 90+; `buckets` gives other ascending bounds) as of today or `as_of`, with the total; with `group_by` (customer, owner or department) a page of groups, largest total first. Needs `view_financial` on receivables.
    "receivables.aging" => receivables_aging(AgingRequest) -> AgingReport,
        example r#"{"as_of": "2026-04-30", "buckets": [30, 60, 90], "group_by": "owner", "limit": 20}"#;
}
