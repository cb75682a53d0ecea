//! Sales document methods pushed by the host ERP (DOC-8): orders, deliveries and receipts.

use super::method::methods;
use crate::domain::common::{BatchRequest, BatchResult, IdRequest};
pub use crate::domain::sales::{Delivery, DeliveryPush, Order, OrderPush, OrderStatus, Receipt, ReceiptPush};

methods! {
    /// Pushes orders from the ERP, created or updated by `external_ref` (idempotent), naming customers by id or `customer_external_ref`; approved and later orders feed the customers' statistics in the same transaction.
    PushOrders "orders.push" (BatchRequest<OrderPush>) -> BatchResult,
        example r#"{"mode": "skip_invalid", "items": [{"external_ref": "ERP-SO-7001", "customer_external_ref": "ERP-C-1001", "number": "SO202603-001", "status": "approved", "order_date": "2026-03-02", "due_date": "2026-04-01", "amount": 12800000, "currency": "CNY"}]}"#,
        |e, a, r| e.push_orders(a, r);
    /// One order (its status, amounts in its currency and the base currency, what was delivered).
    GetOrder "orders.get" (IdRequest) -> Order,
        example r#"{"id": "0190a8b2-7c1e-7000-8000-000000000050"}"#,
        |e, a, r| e.order(a, r);
    /// Pushes deliveries against orders (by id or `order_external_ref`), never more than ordered; the order becomes partially or fully delivered.
    PushDeliveries "deliveries.push" (BatchRequest<DeliveryPush>) -> BatchResult,
        example r#"{"items": [{"external_ref": "ERP-DN-9001", "order_external_ref": "ERP-SO-7001", "delivery_date": "2026-03-05", "amount": 6400000}]}"#,
        |e, a, r| e.push_deliveries(a, r);
    /// Pushes receipts (payments received); one naming an order settles it first, the rest settles the oldest receivables first.
    PushReceipts "receipts.push" (BatchRequest<ReceiptPush>) -> BatchResult,
        example r#"{"items": [{"external_ref": "ERP-RC-3001", "customer_external_ref": "ERP-C-1001", "order_external_ref": "ERP-SO-7001", "receipt_date": "2026-03-20", "amount": 5000000}]}"#,
        |e, a, r| e.push_receipts(a, r);
}
