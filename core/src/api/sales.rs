//! Sales order methods (DOC-4 to DOC-8): orders written in the engine or pushed by the host ERP, their approval and credit check, deliveries per line, returns, and receipts.

use super::method::methods;
use crate::domain::approval::Approval;
use crate::domain::common::{BatchRequest, BatchResult, IdRequest, Page};
pub use crate::domain::order::{
    CancelOrderRequest, CreditCheck, CreditOverrideRequest, DeliverRequest, LineQuantity, OrderDraft, OrderLine,
    OrderListRequest, OrderOrigin, OrderPatch, QuantityLine, Return, ReturnKind, ReturnRequest, ReturnStatus,
    SubmitOrderRequest,
};
pub use crate::domain::sales::{Delivery, DeliveryPush, Order, OrderPush, OrderStatus, Receipt, ReceiptPush};

methods! {
    /// Writes a draft order, from the current version of a sent or accepted quote (accepting a sent one; its customer, currency and lines) or direct with lines priced like a quote's; payment terms default to 30 days from approval.
    "orders.create" => create_order(OrderDraft) -> Order,
        example r#"{"customer_id": "0190a8b2-7c1e-7000-8000-000000000003", "lines": [{"product_id": "0190a8b2-7c1e-7000-8000-000000000060", "quantity": 5, "discount_bp": 300}], "payment_terms_days": 45, "shipping_address": "深圳市南山区科技园 8 栋", "channel_partner": "华南代理"}"#;
    /// Changes a draft or rejected order: lines (repriced), payment terms, shipping address, channel partner, note, custom values.
    "orders.update" => update_order(OrderPatch) -> Order,
        example r#"{"id": "0190a8b2-7c1e-7000-8000-000000000050", "payment_terms_days": 60}"#;
    /// One order: status, lines with what was delivered and returned, amounts in its currency and the base currency.
    "orders.get" => order(IdRequest) -> Order,
        example r#"{"id": "0190a8b2-7c1e-7000-8000-000000000050"}"#;
    /// Orders on customers in the actor's scope, newest first.
    "orders.list" => list_orders(OrderListRequest) -> Page<Order>,
        example r#"{"customer_id": "0190a8b2-7c1e-7000-8000-000000000003", "status": "approved"}"#;
    /// Submits a draft or rejected order along the `sales_order` approval flow (larger orders climb more levels); the last approval checks credit: open receivables plus this order within the customer's credit limit, unless a manager overrode it. `dry_run` answers the route writing nothing; with no step applying it answers whether credit blocks approval.
    "orders.submit" => submit_order(SubmitOrderRequest) -> Approval,
        example r#"{"id": "0190a8b2-7c1e-7000-8000-000000000050", "note": "季度框架采购"}"#;
    /// The credit check of an order now: the customer's open receivables, this order, the limit, by how much it would exceed it, and whether approval would be refused (figures withheld from roles without `view_financial`).
    "orders.credit_check" => order_credit_check(IdRequest) -> CreditCheck,
        example r#"{"id": "0190a8b2-7c1e-7000-8000-000000000050"}"#;
    /// A manager overrides the credit check of an undecided order, with a reason (audited).
    "orders.override_credit" => override_order_credit(CreditOverrideRequest) -> Order,
        example r#"{"id": "0190a8b2-7c1e-7000-8000-000000000050", "reason": "战略客户, 总经理批准"}"#;
    /// Cancels an order before its delivery is complete (not while it waits for approval); its receivable and the statistics follow.
    "orders.cancel" => cancel_order(CancelOrderRequest) -> Order,
        example r#"{"id": "0190a8b2-7c1e-7000-8000-000000000050", "reason": "客户取消"}"#;
    /// Archives an order nothing is pending on (a draft, or rejected, completed or cancelled); it keeps counting in the statistics and leaves the lists unless `include_archived`.
    "orders.archive" => archive_order(IdRequest) -> Order,
        example r#"{"id": "0190a8b2-7c1e-7000-8000-000000000050"}"#;
    /// Restores an archived order.
    "orders.restore" => restore_order(IdRequest) -> Order,
        example r#"{"id": "0190a8b2-7c1e-7000-8000-000000000050"}"#;
    /// Completes an approved or delivered order.
    "orders.complete" => complete_order(IdRequest) -> Order,
        example r#"{"id": "0190a8b2-7c1e-7000-8000-000000000050"}"#;
    /// Delivers quantities per line of an approved order, never more than ordered minus delivered; the order becomes partially or fully delivered.
    "orders.deliver" => deliver_order(DeliverRequest) -> Delivery,
        example r#"{"order_id": "0190a8b2-7c1e-7000-8000-000000000050", "delivery_date": "2026-03-10", "lines": [{"line_no": 1, "quantity": 2}]}"#;
    /// An order's deliveries with their lines, oldest first.
    "orders.deliveries" => order_deliveries(IdRequest) -> Vec<Delivery>,
        example r#"{"id": "0190a8b2-7c1e-7000-8000-000000000050"}"#;
    /// An order's returns, oldest first.
    "orders.returns" => order_returns(IdRequest) -> Vec<Return>,
        example r#"{"id": "0190a8b2-7c1e-7000-8000-000000000050"}"#;
    /// Pushes orders from the ERP, created or updated by `external_ref` (idempotent), naming customers by id or `customer_external_ref`, with lines or without (then delivered by amount); a push records what the ERP decided: no approval flow or credit check, every other rule applies. Approved and later orders feed the customers' statistics in the same transaction.
    "orders.push" => push_orders(BatchRequest<OrderPush>) -> BatchResult,
        example r#"{"mode": "skip_invalid", "items": [{"external_ref": "ERP-SO-7001", "customer_external_ref": "ERP-C-1001", "number": "SO202603-001", "status": "approved", "order_date": "2026-03-02", "due_date": "2026-04-01", "amount": 12800000, "currency": "CNY"}]}"#;
    /// Pushes deliveries against orders (by id or `order_external_ref`): quantities per line for an order with lines, an amount for one without; never more than ordered; the order becomes partially or fully delivered.
    "deliveries.push" => push_deliveries(BatchRequest<DeliveryPush>) -> BatchResult,
        example r#"{"items": [{"external_ref": "ERP-DN-9001", "order_external_ref": "ERP-SO-7001", "delivery_date": "2026-03-05", "amount": 6400000}]}"#;
    /// Returns delivered quantities of an order's lines (at most delivered minus returned), with a reason, through the `sales_return` flow (a service agent, then a manager); approval credits the order, its receivable and the statistics, or for an exchange records a replacement delivery.
    "returns.create" => create_return(ReturnRequest) -> Return,
        example r#"{"order_id": "0190a8b2-7c1e-7000-8000-000000000050", "kind": "credit", "reason": "运输破损", "lines": [{"line_no": 1, "quantity": 1}]}"#;
    /// One return with its lines.
    "returns.get" => sales_return(IdRequest) -> Return,
        example r#"{"id": "0190a8b2-7c1e-7000-8000-000000000080"}"#;
    /// Pushes receipts (payments received); one naming an order settles it first, the rest settles the oldest receivables first.
    "receipts.push" => push_receipts(BatchRequest<ReceiptPush>) -> BatchResult,
        example r#"{"items": [{"external_ref": "ERP-RC-3001", "customer_external_ref": "ERP-C-1001", "order_external_ref": "ERP-SO-7001", "receipt_date": "2026-03-20", "amount": 5000000}]}"#;
}
