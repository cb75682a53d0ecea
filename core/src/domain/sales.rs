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
#[cfg_attr(feature = "uniffi", derive(uniffi::Enum))]
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
    /// DOC-4: the moves of the order state machine. `draft -> submitted -> approved | rejected ->
    /// partially_delivered -> delivered -> completed`, or `cancelled` before delivery is complete. A
    /// rejected order goes back to `draft` or is submitted again; the ERP may approve a draft directly
    /// and report a delivery state or completion straight after approval. Staying put is always allowed.
    pub(crate) fn may_become(self, next: OrderStatus) -> bool {
        use OrderStatus::*;
        self == next
            || match self {
                Draft => matches!(next, Submitted | Approved | Cancelled),
                Submitted => matches!(next, Approved | Rejected | Cancelled),
                Rejected => matches!(next, Draft | Submitted | Cancelled),
                Approved => matches!(next, PartiallyDelivered | Delivered | Completed | Cancelled),
                PartiallyDelivered => matches!(next, Delivered | Completed | Cancelled),
                Delivered => next == Completed,
                Completed | Cancelled => false,
            }
    }

    /// Approved and not completed: the states the recorded deliveries decide between.
    pub(crate) fn in_delivery(self) -> bool {
        matches!(self, Self::Approved | Self::PartiallyDelivered | Self::Delivered)
    }

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
    /// The ERP's own order number, kept as `erp_number` (the order's `code` is always the engine's
    /// readable, unique `SO-` code: ERP numbers are neither sequential nor unique).
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
    /// The order's lines (DOC-8: optional; an order pushed without lines takes deliveries by amount).
    /// With lines, `amount` must equal their gross total.
    #[serde(default)]
    pub lines: Option<Vec<super::document_line::LineRequest>>,
    #[serde(default)]
    pub shipping_address: Option<String>,
    /// The channel partner it was sold through.
    #[serde(default)]
    pub channel_partner: Option<String>,
}

/// A stored order.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
pub struct Order {
    pub id: String,
    /// The readable code (`SO-000123`): sequential and unique (§0 codes).
    pub code: String,
    /// The ERP's own order number, as pushed (`number`).
    pub erp_number: Option<String>,
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
    /// The host's key; `None` for an order written in the engine without one.
    pub external_ref: Option<String>,
    pub created_at: chrono::DateTime<chrono::Utc>,
    pub updated_at: chrono::DateTime<chrono::Utc>,
    /// Pushed by the ERP or written in the engine.
    pub origin: super::order::OrderOrigin,
    /// The quote version it was made from.
    pub quote_id: Option<String>,
    /// The contract it was made under (the version in force): its receivables follow the contract's
    /// payment plan (DOC-9).
    pub contract_id: Option<String>,
    /// Its lines (none for an order pushed without lines).
    pub lines: Vec<super::order::OrderLine>,
    /// With lines: the lines' net and tax sums (`amount` is their gross).
    pub net_amount: Option<i64>,
    pub tax_amount: Option<i64>,
    /// Days from approval to the receivable's due date.
    pub payment_terms_days: i64,
    pub shipping_address: Option<String>,
    pub channel_partner: Option<String>,
    /// Approved credit returns, minor units of `currency`; the order counts `amount - returned_amount`.
    pub returned_amount: i64,
    pub returned_base: i64,
    /// A manager's credit override (DOC-4).
    pub credit_override_reason: Option<String>,
    pub credit_override_by: Option<String>,
    pub note: Option<String>,
    pub custom: serde_json::Map<String, serde_json::Value>,
    pub created_by: Option<String>,
    pub archived_at: Option<chrono::DateTime<chrono::Utc>>,
    /// Invoices issued on the order, minor units of `currency` (DOC-10).
    pub invoiced_amount: i64,
    /// Invoice requests waiting on it.
    pub invoice_requested_amount: i64,
    /// What a new invoice request may take: `amount - returned_amount` less invoiced and waiting.
    pub uninvoiced_amount: i64,
}

impl Order {
    /// Sets `uninvoiced_amount` from the amounts (DOC-10).
    pub(crate) fn with_uninvoiced(mut self) -> Order {
        self.uninvoiced_amount =
            self.amount - self.returned_amount - self.invoiced_amount - self.invoice_requested_amount;
        self
    }
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
    /// Delivered value in minor units of the order's currency (at least 0): required for an order
    /// without lines; with `lines`, the lines' gross shares, which a given amount must equal.
    #[serde(default)]
    pub amount: Option<i64>,
    /// Quantities per order line, for an order with lines (DOC-5).
    #[serde(default)]
    pub lines: Option<Vec<super::order::LineQuantity>>,
    #[serde(default)]
    pub shipping_address: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Delivery {
    pub id: String,
    pub order_id: String,
    /// The order's customer (follows the order should it move).
    pub customer_id: String,
    pub delivery_date: NaiveDate,
    pub amount: i64,
    /// The host's key; `None` for a delivery recorded in the engine without one.
    pub external_ref: Option<String>,
    pub created_at: chrono::DateTime<chrono::Utc>,
    /// Quantities per order line (empty for a delivery by amount).
    pub lines: Vec<super::order::QuantityLine>,
    pub shipping_address: Option<String>,
    /// An exchange's replacement delivery names its return (it changes no delivered quantity).
    pub return_id: Option<String>,
}

/// A receipt (payment received, DOC-6). One naming a receivable settles it first, one naming an order
/// settles that order's receivables first (earliest due first); the rest settles the customer's oldest
/// receivables first.
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
    /// The receivable it pays (optional; of the same customer, and of the named order if one is named).
    #[serde(default)]
    pub receivable_id: Option<String>,
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
    /// The receivable it names, if any.
    pub receivable_id: Option<String>,
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
/// DOC-8 with DOC-4: the status a later push of an order may set. A first push may create the order in
/// any state (the ERP pushes its history); afterwards the order moves only along [`OrderStatus::may_become`].
/// Within delivery (approved, partially or fully delivered) the recorded deliveries decide, so a push that
/// changes the amount may move between those states either way.
pub(crate) fn check_order_move(before: OrderStatus, after: OrderStatus) -> DomainResult<()> {
    if before.may_become(after) || (before.in_delivery() && after.in_delivery()) {
        Ok(())
    } else {
        Err(DomainError::InvalidState(format!("an order cannot move from {} to {}", before.as_str(), after.as_str())))
    }
}

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
    fn doc_4_orders_move_forward_or_to_cancelled() {
        use OrderStatus::*;
        let ok = [
            (Draft, Submitted),
            (Submitted, Approved),
            (Submitted, Rejected),
            (Rejected, Submitted),
            (Approved, PartiallyDelivered),
            (PartiallyDelivered, Delivered),
            (Delivered, Completed),
            (Approved, Cancelled),
            (Completed, Completed),
            (Delivered, PartiallyDelivered),
        ];
        for (a, b) in ok {
            assert!(check_order_move(a, b).is_ok(), "{a:?} -> {b:?}");
        }
        let refused = [
            (Completed, Draft),
            (Completed, Cancelled),
            (Cancelled, Approved),
            (Delivered, Cancelled),
            (Approved, Submitted),
            (Rejected, Approved),
            (Draft, Delivered),
        ];
        for (a, b) in refused {
            assert!(matches!(check_order_move(a, b), Err(DomainError::InvalidState(_))), "{a:?} -> {b:?}");
        }
    }

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
