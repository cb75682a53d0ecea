//! Sales document methods pushed by the host ERP (DOC-8): orders, deliveries and receipts.

use super::method::methods;
use crate::domain::common::{BatchRequest, BatchResult, IdRequest};
pub use crate::domain::sales::{Delivery, DeliveryPush, Order, OrderPush, OrderStatus, Receipt, ReceiptPush};

methods! {
    /// Pushes orders from the ERP, created or updated by `external_ref` (idempotent), naming customers by id or `customer_external_ref`; approved and later orders feed the customers' statistics in the same transaction.
    "orders.push" => push_orders(BatchRequest<OrderPush>) -> BatchResult,
        example r#"{"mode": "skip_invalid", "items": [{"external_ref": "ERP-SO-7001", "customer_external_ref": "ERP-C-1001", "number": "SO202603-001", "status": "approved", "order_date": "2026-03-02", "due_date": "2026-04-01", "amount": 12800000, "currency": "CNY"}]}"#;
    /// One order (its status, amounts in its currency and the base currency, what was delivered).
    "orders.get" => order(IdRequest) -> Order,
        example r#"{"id": "0190a8b2-7c1e-7000-8000-000000000050"}"#;
    /// Pushes deliveries against orders (by id or `order_external_ref`), never more than ordered; the order becomes partially or fully delivered.
    "deliveries.push" => push_deliveries(BatchRequest<DeliveryPush>) -> BatchResult,
        example r#"{"items": [{"external_ref": "ERP-DN-9001", "order_external_ref": "ERP-SO-7001", "delivery_date": "2026-03-05", "amount": 6400000}]}"#;
    /// Pushes receipts (payments received); one naming an order settles it first, the rest settles the oldest receivables first.
    "receipts.push" => push_receipts(BatchRequest<ReceiptPush>) -> BatchResult,
        example r#"{"items": [{"external_ref": "ERP-RC-3001", "customer_external_ref": "ERP-C-1001", "order_external_ref": "ERP-SO-7001", "receipt_date": "2026-03-20", "amount": 5000000}]}"#;
}
