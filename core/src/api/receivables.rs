//! Receivable methods (DOC-6, DOC-10): a customer's or an order's receivables, one receivable, the aging report, who owns receivables, and the ERP's pushed receivables.

use super::method::methods;
use crate::domain::common::{BatchRequest, BatchResult, Empty, Page};
pub use crate::domain::receivable::{
    AgingBucket, AgingGroup, AgingGrouping, AgingReport, AgingRequest, FinanceConfigureRequest, FinanceSettings,
    Receivable, ReceivableListRequest, ReceivablePush, ReceivableRequest, ReceivablesOwner,
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
    /// Who owns receivables (DOC-10): `engine` (derived from orders and receipts, DOC-6) or `erp` (pushed by the host ERP).
    "finance.get" => finance_settings(Empty) -> FinanceSettings,
        example r#"{}"#;
    /// Sets who owns receivables (administrators). Once money is recorded, switching needs `migrate: true`: to the ERP the engine's open receivables are closed for the ERP to push its own; to the engine the pushed ones are closed and every customer's receivables are derived again. Credit checks, the 360 view, aging, alerts and scores follow whichever owns them.
    "finance.configure" => configure_finance(FinanceConfigureRequest) -> FinanceSettings,
        example r#"{"receivables_owner": "erp"}"#;
    /// Pushes receivables the ERP owns, created or updated by `external_ref` (idempotent), each on an order (by id or `order_external_ref`), with its due date, amount and what is still open (its settlement; 0 settles it), in minor units of the base currency. Refused while the engine owns receivables.
    "receivables.push" => push_receivables(BatchRequest<ReceivablePush>) -> BatchResult,
        example r#"{"mode": "skip_invalid", "items": [{"external_ref": "AR-2026-0001", "order_external_ref": "ERP-SO-7001", "due_date": "2026-04-01", "amount": 12800000, "outstanding": 6400000}]}"#;
}
