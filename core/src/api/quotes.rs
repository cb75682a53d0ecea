//! Quote methods (DOC-2): drafts with priced lines, sending (through the discount approval), acceptance, rejection, revisions, and the roles' discount ceilings.

use super::method::methods;
use crate::domain::common::{Empty, IdRequest, Page};
pub use crate::domain::document_line::{DocumentLine, LineRequest, Totals};
pub use crate::domain::quote::{
    AcceptQuoteRequest, DiscountApproval, DiscountCeilings, Quote, QuoteDraft, QuoteListRequest, QuotePatch,
    QuoteStatus, RejectQuoteRequest, SendQuoteRequest,
};

methods! {
    /// Creates a draft quote for a visible customer (and optionally its opportunity, which must have passed its evaluation gate): each line's unit price is the given one or the product's price, net = quantity x price x (1 - discount) and tax = net x rate, each rounded half up per line; totals are the lines' sums. A known `external_ref` answers the quote made with it.
    "quotes.create" => create_quote(QuoteDraft) -> Quote,
        example r#"{"customer_id": "0190a8b2-7c1e-7000-8000-000000000003", "valid_until": "2026-04-30", "lines": [{"product_id": "0190a8b2-7c1e-7000-8000-000000000060", "quantity": 4, "discount_bp": 500}, {"product_id": "0190a8b2-7c1e-7000-8000-000000000061", "quantity": "2.5", "unit_price": 88000}]}"#;
    /// Changes a draft quote: validity, note, custom values, or all its lines at once (repriced).
    "quotes.update" => update_quote(QuotePatch) -> Quote,
        example r#"{"id": "0190a8b2-7c1e-7000-8000-000000000070", "valid_until": "2026-05-15", "lines": [{"product_id": "0190a8b2-7c1e-7000-8000-000000000060", "quantity": 5, "discount_bp": 800}]}"#;
    /// One quote with its lines and totals; a sent quote past `valid_until` reads as `expired`.
    "quotes.get" => quote(IdRequest) -> Quote,
        example r#"{"id": "0190a8b2-7c1e-7000-8000-000000000070"}"#;
    /// Quotes on customers in the actor's scope, newest first, current versions unless `include_superseded`.
    "quotes.list" => list_quotes(QuoteListRequest) -> Page<Quote>,
        example r#"{"customer_id": "0190a8b2-7c1e-7000-8000-000000000003", "status": "sent", "limit": 20}"#;
    /// Sends a draft to the customer; a line discount above the ceiling of the sender's roles submits it through the `quote_discount` approval flow instead, and the approval sends it. `dry_run` answers what would happen.
    "quotes.send" => send_quote(SendQuoteRequest) -> Quote,
        example r#"{"id": "0190a8b2-7c1e-7000-8000-000000000070", "note": "首单客户, 申请 15% 折扣"}"#;
    /// Records that the customer accepted a sent quote within its validity; `update_opportunity` gives its opportunity the quote's lines and net amount.
    "quotes.accept" => accept_quote(AcceptQuoteRequest) -> Quote,
        example r#"{"id": "0190a8b2-7c1e-7000-8000-000000000070", "update_opportunity": true}"#;
    /// Records that the customer rejected a sent quote.
    "quotes.reject" => reject_quote(RejectQuoteRequest) -> Quote,
        example r#"{"id": "0190a8b2-7c1e-7000-8000-000000000070", "reason": "价格高于竞品"}"#;
    /// Revises a sent, expired or rejected quote into a new draft version with the same code and lines; the old version stays as `superseded`, and orders come only from the current one.
    "quotes.revise" => revise_quote(IdRequest) -> Quote,
        example r#"{"id": "0190a8b2-7c1e-7000-8000-000000000070"}"#;
    /// Archives a quote (not one waiting for a discount approval).
    "quotes.archive" => archive_quote(IdRequest) -> Quote,
        example r#"{"id": "0190a8b2-7c1e-7000-8000-000000000070"}"#;
    /// Restores an archived quote.
    "quotes.restore" => restore_quote(IdRequest) -> Quote,
        example r#"{"id": "0190a8b2-7c1e-7000-8000-000000000070"}"#;
    /// The discount each role may give without approval, in basis points (administrators).
    "quotes.discount_ceilings" => discount_ceilings(Empty) -> DiscountCeilings,
        example r#"{}"#;
    /// Sets roles' discount ceilings in basis points (built-in roles or custom role codes); roles not named take their defaults (administrators and managers 10000, others 1000).
    "quotes.set_discount_ceilings" => set_discount_ceilings(DiscountCeilings) -> DiscountCeilings,
        example r#"{"ceilings": {"sales_rep": 1500, "marketer": 500}}"#;
}
