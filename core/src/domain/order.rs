//! Orders made in the engine (DOC-4, DOC-5, DOC-7): requests, lines with what was delivered and returned, the credit check, and returns.
//!
//! An order is written as a draft (directly or from a quote), submitted through the `sales_order`
//! approval flow and approved once the credit check passes: the customer's open receivables plus this
//! order must stay within its credit limit, else a manager overrides with a reason. Deliveries take
//! quantities per line, never more than ordered minus delivered; returns take quantities per line,
//! never more than delivered minus returned, through the `sales_return` flow.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use super::document_line::{DocumentLine, LineRequest};
use super::error::{DomainError, DomainResult};
use super::money::FxRate;
use super::quantity::Quantity;

/// The most days of payment terms.
pub const MAX_PAYMENT_TERMS_DAYS: i64 = 3_650;

/// Where an order was made.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[cfg_attr(feature = "uniffi", derive(uniffi::Enum))]
#[serde(rename_all = "snake_case")]
pub enum OrderOrigin {
    /// Pushed by the host ERP (`orders.push`).
    Erp,
    /// Written in the engine (`orders.create`).
    Engine,
}

impl OrderOrigin {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Erp => "erp",
            Self::Engine => "engine",
        }
    }

    pub fn parse(s: &str) -> Option<OrderOrigin> {
        match s {
            "erp" => Some(Self::Erp),
            "engine" => Some(Self::Engine),
            _ => None,
        }
    }
}

/// An order line with what was delivered and returned of it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
pub struct OrderLine {
    #[serde(flatten)]
    pub line: DocumentLine,
    pub delivered: Quantity,
    /// Approved returns (credit and exchange alike).
    pub returned: Quantity,
}

impl OrderLine {
    /// What may still be delivered: ordered minus delivered.
    pub(crate) fn undelivered(&self) -> Quantity {
        self.line.quantity.checked_sub(self.delivered).unwrap_or(Quantity::ZERO)
    }

    /// What may still be returned: delivered minus returned.
    pub(crate) fn returnable(&self) -> Quantity {
        self.delivered.checked_sub(self.returned).unwrap_or(Quantity::ZERO)
    }
}

/// A new order, written as a draft: from a quote (its current version, sent or accepted: its customer,
/// currency and lines) or direct with lines.
#[derive(Debug, Clone, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
#[serde(deny_unknown_fields)]
pub struct OrderDraft {
    /// The customer (required without a quote; with one it must be the quote's).
    #[serde(default)]
    #[cfg_attr(feature = "uniffi", uniffi(default))]
    pub customer_id: Option<String>,
    #[serde(default)]
    #[cfg_attr(feature = "uniffi", uniffi(default))]
    pub quote_id: Option<String>,
    /// A signed contract (any of its versions: the one in force is used): its customer, currency and
    /// prices; `lines` name its products and quantities within what remains, or, absent, order all that
    /// remains. Its receivables follow the contract's payment plan (DOC-9).
    #[serde(default)]
    #[cfg_attr(feature = "uniffi", uniffi(default))]
    pub contract_id: Option<String>,
    /// Lines (required without a quote or contract; with one, its lines are taken when absent).
    #[serde(default)]
    #[cfg_attr(feature = "uniffi", uniffi(default))]
    pub lines: Option<Vec<LineRequest>>,
    #[serde(default)]
    #[cfg_attr(feature = "uniffi", uniffi(default))]
    pub currency: Option<String>,
    #[serde(default)]
    #[cfg_attr(feature = "uniffi", uniffi(default))]
    pub fx_rate: Option<FxRate>,
    /// `YYYY-MM-DD` (default today).
    #[serde(default)]
    #[cfg_attr(feature = "uniffi", uniffi(default))]
    pub order_date: Option<String>,
    /// Days from approval to the receivable's due date (default 30).
    #[serde(default)]
    #[cfg_attr(feature = "uniffi", uniffi(default))]
    pub payment_terms_days: Option<i64>,
    #[serde(default)]
    #[cfg_attr(feature = "uniffi", uniffi(default))]
    pub shipping_address: Option<String>,
    /// The channel partner it was sold through.
    #[serde(default)]
    #[cfg_attr(feature = "uniffi", uniffi(default))]
    pub channel_partner: Option<String>,
    #[serde(default)]
    #[cfg_attr(feature = "uniffi", uniffi(default))]
    pub note: Option<String>,
    #[serde(default)]
    #[cfg_attr(feature = "uniffi", uniffi(default))]
    pub custom: Map<String, Value>,
    /// The host's key (a known one answers the order made with it).
    #[serde(default)]
    #[cfg_attr(feature = "uniffi", uniffi(default))]
    pub external_ref: Option<String>,
}

/// Changes to a draft or rejected order; absent fields stay; `lines` replaces every line.
#[derive(Debug, Clone, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct OrderPatch {
    pub id: String,
    #[serde(default)]
    pub lines: Option<Vec<LineRequest>>,
    #[serde(default)]
    pub payment_terms_days: Option<i64>,
    #[serde(default)]
    pub shipping_address: Option<String>,
    #[serde(default)]
    pub channel_partner: Option<String>,
    #[serde(default)]
    pub note: Option<String>,
    #[serde(default)]
    pub custom: Option<Map<String, Value>>,
}

/// Submits a draft or rejected order for approval.
#[derive(Debug, Clone, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
#[serde(deny_unknown_fields)]
pub struct SubmitOrderRequest {
    pub id: String,
    #[serde(default)]
    #[cfg_attr(feature = "uniffi", uniffi(default))]
    pub note: Option<String>,
    /// Answers the route and whether credit would block approval, writing nothing.
    #[serde(default)]
    #[cfg_attr(feature = "uniffi", uniffi(default))]
    pub dry_run: bool,
}

/// A manager's override of the credit check, with its reason (audited).
#[derive(Debug, Clone, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct CreditOverrideRequest {
    pub id: String,
    pub reason: String,
}

/// Cancels an order (not once delivery is complete).
#[derive(Debug, Clone, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
#[serde(deny_unknown_fields)]
pub struct CancelOrderRequest {
    pub id: String,
    #[serde(default)]
    #[cfg_attr(feature = "uniffi", uniffi(default))]
    pub reason: Option<String>,
}

/// Lists orders on customers in the actor's scope, newest first.
#[derive(Debug, Clone, Default, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
#[serde(deny_unknown_fields)]
pub struct OrderListRequest {
    #[serde(default)]
    #[cfg_attr(feature = "uniffi", uniffi(default))]
    pub customer_id: Option<String>,
    #[serde(default)]
    #[cfg_attr(feature = "uniffi", uniffi(default))]
    pub status: Option<super::sales::OrderStatus>,
    /// Also list archived orders.
    #[serde(default)]
    #[cfg_attr(feature = "uniffi", uniffi(default))]
    pub include_archived: bool,
    #[serde(default)]
    #[cfg_attr(feature = "uniffi", uniffi(default))]
    pub cursor: Option<String>,
    #[serde(default)]
    #[cfg_attr(feature = "uniffi", uniffi(default))]
    pub limit: Option<u32>,
}

/// The credit check of an order's approval (DOC-4), in minor units of the base currency.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
pub struct CreditCheck {
    pub order_id: String,
    pub customer_id: String,
    /// `None`: the customer has no credit limit and is not checked.
    pub credit_limit: Option<i64>,
    /// The customer's open receivables (instalments not yet due included).
    pub outstanding: Option<i64>,
    /// This order, net of approved returns.
    pub order_amount: i64,
    /// Outstanding plus this order.
    pub exposure: Option<i64>,
    /// How far the exposure exceeds the limit (0 within it).
    pub excess: Option<i64>,
    /// Whether approval would be refused for credit (exceeding and no override on record).
    pub blocked: bool,
    /// A manager's override on record.
    pub override_reason: Option<String>,
    /// Fields the actor's roles may not see (credit limit and receivables are financial).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    #[cfg_attr(feature = "uniffi", uniffi(default))]
    pub withheld: Vec<String>,
}

impl CreditCheck {
    /// DOC-4: outstanding receivables plus this order must not exceed the credit limit; a customer
    /// without a limit is not checked.
    pub(crate) fn of(
        order_id: &str,
        customer_id: &str,
        credit_limit: Option<i64>,
        outstanding: i64,
        order_amount: i64,
        override_reason: Option<String>,
    ) -> CreditCheck {
        let exposure = outstanding.saturating_add(order_amount);
        let excess = credit_limit.map(|l| (exposure - l).max(0));
        CreditCheck {
            order_id: order_id.to_string(),
            customer_id: customer_id.to_string(),
            credit_limit,
            outstanding: Some(outstanding),
            order_amount,
            exposure: Some(exposure),
            excess,
            blocked: excess.is_some_and(|e| e > 0) && override_reason.is_none(),
            override_reason,
            withheld: Vec::new(),
        }
    }

    /// The refusal of an approval the check blocks.
    pub(crate) fn refusal(&self) -> Option<DomainError> {
        self.blocked.then(|| {
            DomainError::invalid_state(format!(
                "the order would take the customer {} over its credit limit; a manager may override with a reason \
                 (orders.override_credit)",
                self.excess.unwrap_or(0)
            ))
        })
    }
}

/// A delivery of quantities per order line (DOC-5).
#[derive(Debug, Clone, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct DeliverRequest {
    pub order_id: String,
    /// `YYYY-MM-DD` (default today).
    #[serde(default)]
    pub delivery_date: Option<String>,
    pub lines: Vec<LineQuantity>,
    /// Default: the order's.
    #[serde(default)]
    pub shipping_address: Option<String>,
    /// The host's key (a known one answers the delivery made with it).
    #[serde(default)]
    pub external_ref: Option<String>,
}

/// A quantity of one order line.
#[derive(Debug, Clone, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct LineQuantity {
    /// The order line's `line_no`.
    pub line_no: u32,
    pub quantity: Quantity,
}

/// A delivered or returned quantity of one order line, with its share of the line's gross.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct QuantityLine {
    pub line_no: u32,
    pub quantity: Quantity,
    pub amount: i64,
}

/// Whether a return credits the customer or is exchanged for a replacement delivery (DOC-7).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
pub enum ReturnKind {
    Credit,
    Exchange,
}

/// A return's state.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
pub enum ReturnStatus {
    Submitted,
    Approved,
    Rejected,
}

impl ReturnKind {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Credit => "credit",
            Self::Exchange => "exchange",
        }
    }
    pub fn parse(s: &str) -> Option<ReturnKind> {
        serde_json::from_value(Value::String(s.to_string())).ok()
    }
}

impl ReturnStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Submitted => "submitted",
            Self::Approved => "approved",
            Self::Rejected => "rejected",
        }
    }
    pub fn parse(s: &str) -> Option<ReturnStatus> {
        serde_json::from_value(Value::String(s.to_string())).ok()
    }
}

/// A return against delivered order lines (DOC-7), submitted through the `sales_return` flow.
#[derive(Debug, Clone, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct ReturnRequest {
    pub order_id: String,
    pub kind: ReturnKind,
    pub reason: String,
    pub lines: Vec<LineQuantity>,
    #[serde(default)]
    pub note: Option<String>,
    /// The host's key (a known one answers the return made with it).
    #[serde(default)]
    pub external_ref: Option<String>,
}

/// A return.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Return {
    pub id: String,
    /// `RT-000001`.
    pub code: String,
    pub order_id: String,
    pub customer_id: String,
    pub kind: ReturnKind,
    pub status: ReturnStatus,
    pub reason: String,
    pub lines: Vec<QuantityLine>,
    /// The lines' gross shares, minor units of the order's currency.
    pub amount: i64,
    pub amount_base: i64,
    /// An approved exchange's replacement delivery.
    pub replacement_delivery_id: Option<String>,
    pub external_ref: Option<String>,
    pub created_by: Option<String>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    pub decided_at: Option<DateTime<Utc>>,
}

/// Checks quantities per line against what each line allows (`limit`), each line once: `field` names the
/// request list, `what` the limit in the message.
pub(crate) fn check_line_quantities(
    lines: &[OrderLine],
    wanted: &[LineQuantity],
    limit: impl Fn(&OrderLine) -> Quantity,
    what: &str,
) -> DomainResult<()> {
    if wanted.is_empty() {
        return Err(DomainError::validation("lines", "name at least one order line"));
    }
    if wanted.len() > super::document_line::MAX_LINES {
        return Err(DomainError::validation("lines", "has more than 500 lines"));
    }
    let mut seen = std::collections::BTreeSet::new();
    for (i, w) in wanted.iter().enumerate() {
        let Some(line) = lines.iter().find(|l| l.line.line_no == w.line_no) else {
            return Err(DomainError::validation(format!("lines[{i}].line_no"), "the order has no such line"));
        };
        if !seen.insert(w.line_no) {
            return Err(DomainError::validation(format!("lines[{i}].line_no"), "names a line twice"));
        }
        if w.quantity.is_zero() {
            return Err(DomainError::validation(format!("lines[{i}].quantity"), "must be greater than zero"));
        }
        if w.quantity > limit(line) {
            return Err(DomainError::validation(format!("lines[{i}].quantity"), format!("is more than {what}")));
        }
    }
    Ok(())
}

/// Days of payment terms: 0 to ten years.
pub(crate) fn validate_payment_terms(days: i64) -> DomainResult<()> {
    if !(0..=MAX_PAYMENT_TERMS_DAYS).contains(&days) {
        return Err(DomainError::validation("payment_terms_days", "must be between 0 and 3650"));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn doc_4_credit_is_checked_against_the_limit_unless_overridden() {
        let within = CreditCheck::of("o", "c", Some(1000), 600, 400, None);
        assert_eq!((within.exposure, within.excess, within.blocked), (Some(1000), Some(0), false));
        let over = CreditCheck::of("o", "c", Some(1000), 600, 401, None);
        assert_eq!((over.excess, over.blocked), (Some(1), true));
        assert!(over.refusal().is_some());
        let overridden = CreditCheck::of("o", "c", Some(1000), 600, 401, Some("strategic".into()));
        assert!(!overridden.blocked && overridden.refusal().is_none());
        let unlimited = CreditCheck::of("o", "c", None, 10_000, 10_000, None);
        assert_eq!((unlimited.excess, unlimited.blocked), (None, false));
    }
}
