//! Sales documents pushed in by the host ERP (DOC-8): orders, deliveries and receipts, and which of them count.
//!
//! Orders count for statistics and scores from approval on (`approved`,
//! `partially_delivered`, `delivered`, `completed`); drafts, submitted,
//! rejected and cancelled orders do not. Amounts are integer minor units of
//! the document's currency, converted once to the base currency.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::error::{DomainError, DomainResult};
use super::money::FxRate;

/// An order's state (DOC-4), as the ERP reports it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
pub enum OrderStatus {
    Draft,
    Submitted,
    Approved,
    Rejected,
    PartiallyDelivered,
    Delivered,
    Completed,
    Cancelled,
}

impl OrderStatus {
    /// Whether an order in this state counts in statistics and scores (from approval on).
    pub fn counts(self) -> bool {
        matches!(self, Self::Approved | Self::PartiallyDelivered | Self::Delivered | Self::Completed)
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Self::Draft => "draft",
            Self::Submitted => "submitted",
            Self::Approved => "approved",
            Self::Rejected => "rejected",
            Self::PartiallyDelivered => "partially_delivered",
            Self::Delivered => "delivered",
            Self::Completed => "completed",
            Self::Cancelled => "cancelled",
        }
    }

    pub fn parse(s: &str) -> Option<OrderStatus> {
        serde_json::from_value(serde_json::Value::String(s.to_string())).ok()
    }
}

/// A sales order as the ERP pushes it; `external_ref` makes the push idempotent (a known one updates).
#[derive(Debug, Clone, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct OrderPush {
    /// The ERP's order key (required: pushes are idempotent by it).
    pub external_ref: String,
    /// The customer, by id...
    pub customer_id: Option<String>,
    /// ... or by the ERP's customer key.
    pub customer_external_ref: Option<String>,
    /// The ERP's order number, shown as the order's code (default: a readable `SO-` code).
    pub number: Option<String>,
    pub status: OrderStatus,
    /// The order date (local calendar date, `YYYY-MM-DD`).
    pub order_date: String,
    /// When the receivable falls due (default: the order date).
    pub due_date: Option<String>,
    /// Total in minor units of `currency` (at least 0).
    pub amount: i64,
    /// ISO 4217 (default: the base currency).
    pub currency: Option<String>,
    /// Rate to the base currency (default 1).
    pub fx_rate: Option<FxRate>,
}

/// A stored order.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Order {
    pub id: String,
    pub code: String,
    pub customer_id: String,
    pub status: OrderStatus,
    pub order_date: NaiveDate,
    pub due_date: NaiveDate,
    pub amount: i64,
    pub currency: String,
    pub fx_rate: FxRate,
    /// `amount` in minor units of the base currency.
    pub amount_base: i64,
    /// Delivered so far, minor units of `currency`.
    pub delivered_amount: i64,
    pub external_ref: String,
    pub created_at: chrono::DateTime<chrono::Utc>,
    pub updated_at: chrono::DateTime<chrono::Utc>,
}

/// A delivery against an order (DOC-5): never more than ordered minus already delivered.
#[derive(Debug, Clone, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct DeliveryPush {
    pub external_ref: String,
    /// The order, by id...
    pub order_id: Option<String>,
    /// ... or by the ERP's order key.
    pub order_external_ref: Option<String>,
    pub delivery_date: String,
    /// Delivered value in minor units of the order's currency (at least 0).
    pub amount: i64,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Delivery {
    pub id: String,
    pub order_id: String,
    pub delivery_date: NaiveDate,
    pub amount: i64,
    pub external_ref: String,
    pub created_at: chrono::DateTime<chrono::Utc>,
}

/// A receipt (payment received, DOC-6). One naming an order settles that order's receivable first;
/// the rest settles the customer's oldest receivables first.
#[derive(Debug, Clone, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct ReceiptPush {
    pub external_ref: String,
    pub customer_id: Option<String>,
    pub customer_external_ref: Option<String>,
    /// The order it pays, by id or ERP key (optional).
    pub order_id: Option<String>,
    pub order_external_ref: Option<String>,
    pub receipt_date: String,
    /// Minor units of `currency` (at least 0).
    pub amount: i64,
    pub currency: Option<String>,
    pub fx_rate: Option<FxRate>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Receipt {
    pub id: String,
    pub customer_id: String,
    pub order_id: Option<String>,
    pub receipt_date: NaiveDate,
    pub amount: i64,
    pub currency: String,
    pub fx_rate: FxRate,
    pub amount_base: i64,
    pub external_ref: String,
    pub created_at: chrono::DateTime<chrono::Utc>,
}

/// A non-negative document amount.
pub(crate) fn validate_document_amount(field: &str, amount: i64) -> DomainResult<()> {
    super::money::validate_amount(field, amount)?;
    if amount < 0 {
        return Err(DomainError::validation(field, "must not be negative"));
    }
    Ok(())
}

/// The status after delivering `delivered` of `amount` (an approved order moves to partially or fully delivered).
pub(crate) fn status_after_delivery(current: OrderStatus, delivered: i64, amount: i64) -> DomainResult<OrderStatus> {
    if !current.counts() {
        return Err(DomainError::InvalidState("only an approved order can be delivered".into()));
    }
    if delivered > amount {
        return Err(DomainError::validation("amount", "exceeds what remains to deliver on the order"));
    }
    Ok(match current {
        OrderStatus::Completed => OrderStatus::Completed,
        _ if delivered == amount => OrderStatus::Delivered,
        _ if delivered > 0 => OrderStatus::PartiallyDelivered,
        other => other,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn orders_count_from_approval_on() {
        let counting: Vec<_> = [
            OrderStatus::Draft,
            OrderStatus::Submitted,
            OrderStatus::Approved,
            OrderStatus::Rejected,
            OrderStatus::PartiallyDelivered,
            OrderStatus::Delivered,
            OrderStatus::Completed,
            OrderStatus::Cancelled,
        ]
        .into_iter()
        .filter(|s| s.counts())
        .map(OrderStatus::as_str)
        .collect();
        assert_eq!(counting, ["approved", "partially_delivered", "delivered", "completed"]);
        assert_eq!(OrderStatus::parse("partially_delivered"), Some(OrderStatus::PartiallyDelivered));
    }

    #[test]
    fn deliveries_move_the_status_and_never_exceed_the_order() {
        assert_eq!(status_after_delivery(OrderStatus::Approved, 40, 100).unwrap(), OrderStatus::PartiallyDelivered);
        assert_eq!(status_after_delivery(OrderStatus::PartiallyDelivered, 100, 100).unwrap(), OrderStatus::Delivered);
        assert!(status_after_delivery(OrderStatus::Approved, 101, 100).is_err());
        assert!(status_after_delivery(OrderStatus::Draft, 10, 100).is_err());
    }
}
