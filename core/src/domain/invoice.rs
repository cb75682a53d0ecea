//! Invoice requests (DOC-10): what a rep asks finance to invoice (an order, a contract or service income), the issued invoice finance or the host reports back, and the amounts still to invoice.
//!
//! A request is `requested` until finance (a user holding `approve` on invoices) or the host reports the
//! invoice `issued` (its number, date and amount, at most the amount asked) or `rejected` with a reason.
//! What an order or a contract may still be invoiced is its amount less what was issued and what waits
//! in requests; a contract's invoices include those of the orders made under it.

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use serde_json::Value;

use super::error::{DomainError, DomainResult};

/// What an invoice request is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[cfg_attr(feature = "uniffi", derive(uniffi::Enum))]
#[serde(rename_all = "snake_case")]
pub enum InvoiceSubject {
    Order,
    Contract,
    /// Service income of the customer (a repair, a maintenance fee), described by the request.
    Service,
}

impl InvoiceSubject {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Order => "order",
            Self::Contract => "contract",
            Self::Service => "service",
        }
    }

    pub fn parse(s: &str) -> Option<InvoiceSubject> {
        serde_json::from_value(Value::String(s.to_string())).ok()
    }
}

/// The kind of invoice asked for (the Chinese VAT invoice types).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[cfg_attr(feature = "uniffi", derive(uniffi::Enum))]
#[serde(rename_all = "snake_case")]
pub enum InvoiceType {
    /// 增值税专用发票: the buyer deducts the VAT; needs the buyer's tax id.
    VatSpecial,
    /// 增值税普通发票.
    VatGeneral,
    /// 电子发票.
    Electronic,
}

impl InvoiceType {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::VatSpecial => "vat_special",
            Self::VatGeneral => "vat_general",
            Self::Electronic => "electronic",
        }
    }

    pub fn parse(s: &str) -> Option<InvoiceType> {
        serde_json::from_value(Value::String(s.to_string())).ok()
    }
}

/// Where an invoice request stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[cfg_attr(feature = "uniffi", derive(uniffi::Enum))]
#[serde(rename_all = "snake_case")]
pub enum InvoiceStatus {
    Requested,
    Issued,
    Rejected,
}

impl InvoiceStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Requested => "requested",
            Self::Issued => "issued",
            Self::Rejected => "rejected",
        }
    }

    pub fn parse(s: &str) -> Option<InvoiceStatus> {
        serde_json::from_value(Value::String(s.to_string())).ok()
    }
}

/// DOC-10: an invoice request and, once issued, the invoice.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
pub struct Invoice {
    pub id: String,
    /// The readable code (`INV-000012`).
    pub code: String,
    pub customer_id: String,
    pub subject: InvoiceSubject,
    pub order_id: Option<String>,
    pub contract_id: Option<String>,
    pub status: InvoiceStatus,
    /// Asked, minor units of `currency` (the order's or contract's).
    pub amount: i64,
    pub currency: String,
    /// The buyer's name on the invoice (发票抬头).
    pub invoice_title: String,
    /// The buyer's taxpayer id (纳税人识别号).
    pub tax_id: Option<String>,
    pub invoice_type: InvoiceType,
    pub description: Option<String>,
    /// The issued invoice: its number, date and amount.
    pub invoice_number: Option<String>,
    pub issue_date: Option<NaiveDate>,
    pub issued_amount: Option<i64>,
    pub rejection_reason: Option<String>,
    pub external_ref: Option<String>,
    pub requested_by: Option<String>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    pub decided_at: Option<DateTime<Utc>>,
}

impl Invoice {
    /// What the request takes of its document's amount: the issued amount once issued, the amount asked
    /// while it waits, nothing once rejected.
    pub fn claimed(&self) -> i64 {
        match self.status {
            InvoiceStatus::Requested => self.amount,
            InvoiceStatus::Issued => self.issued_amount.unwrap_or(self.amount),
            InvoiceStatus::Rejected => 0,
        }
    }

    /// DOC-10: finance or the host reports the invoice issued: a number, a date and at most the amount asked.
    pub(crate) fn issue(
        &mut self,
        number: String,
        date: NaiveDate,
        amount: i64,
        now: DateTime<Utc>,
    ) -> DomainResult<()> {
        self.require_requested()?;
        if amount <= 0 || amount > self.amount {
            return Err(DomainError::validation("amount", "must be positive and at most the amount requested"));
        }
        self.status = InvoiceStatus::Issued;
        self.invoice_number = Some(number);
        self.issue_date = Some(date);
        self.issued_amount = Some(amount);
        self.decided_at = Some(now);
        Ok(())
    }

    /// DOC-10: finance refuses the request, with a reason; its amount is free to invoice again.
    pub(crate) fn reject(&mut self, reason: String, now: DateTime<Utc>) -> DomainResult<()> {
        self.require_requested()?;
        self.status = InvoiceStatus::Rejected;
        self.rejection_reason = Some(reason);
        self.decided_at = Some(now);
        Ok(())
    }

    fn require_requested(&self) -> DomainResult<()> {
        match self.status {
            InvoiceStatus::Requested => Ok(()),
            InvoiceStatus::Issued => Err(DomainError::invalid_state("the invoice is already issued")),
            InvoiceStatus::Rejected => Err(DomainError::invalid_state("the invoice request was rejected")),
        }
    }
}

/// DOC-10: a request may take at most what is left to invoice.
pub(crate) fn check_within_uninvoiced(amount: i64, uninvoiced: i64, of: &str) -> DomainResult<()> {
    if amount <= 0 {
        return Err(DomainError::validation("amount", "must be positive"));
    }
    if amount > uninvoiced {
        return Err(DomainError::validation(
            "amount",
            format!("is more than the {of}'s uninvoiced amount ({uninvoiced} minor units)"),
        ));
    }
    Ok(())
}

/// A rep asks for an invoice on an order, a contract, or service income of a customer.
#[derive(Debug, Clone, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
#[serde(deny_unknown_fields)]
pub struct InvoiceRequest {
    /// An approved (or later) order, by id or by the ERP's key...
    #[serde(default)]
    #[cfg_attr(feature = "uniffi", uniffi(default))]
    pub order_id: Option<String>,
    #[serde(default)]
    #[cfg_attr(feature = "uniffi", uniffi(default))]
    pub order_external_ref: Option<String>,
    /// ...or a signed contract...
    #[serde(default)]
    #[cfg_attr(feature = "uniffi", uniffi(default))]
    pub contract_id: Option<String>,
    /// ...or, naming neither, service income of this customer (with a `description`).
    #[serde(default)]
    #[cfg_attr(feature = "uniffi", uniffi(default))]
    pub customer_id: Option<String>,
    /// Minor units of the document's currency (service income: `currency`, default the base currency).
    pub amount: i64,
    #[serde(default)]
    #[cfg_attr(feature = "uniffi", uniffi(default))]
    pub currency: Option<String>,
    pub invoice_title: String,
    /// Required for a `vat_special` invoice.
    #[serde(default)]
    #[cfg_attr(feature = "uniffi", uniffi(default))]
    pub tax_id: Option<String>,
    pub invoice_type: InvoiceType,
    #[serde(default)]
    #[cfg_attr(feature = "uniffi", uniffi(default))]
    pub description: Option<String>,
    /// The host's key (a known one answers the request made with it).
    #[serde(default)]
    #[cfg_attr(feature = "uniffi", uniffi(default))]
    pub external_ref: Option<String>,
}

/// Finance or the host reports the invoice issued.
#[derive(Debug, Clone, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
#[serde(deny_unknown_fields)]
pub struct IssueInvoiceRequest {
    pub id: String,
    pub invoice_number: String,
    /// `YYYY-MM-DD`.
    pub issue_date: String,
    /// At most the amount requested (default: all of it).
    #[serde(default)]
    #[cfg_attr(feature = "uniffi", uniffi(default))]
    pub amount: Option<i64>,
}

/// Finance refuses an invoice request.
#[derive(Debug, Clone, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
#[serde(deny_unknown_fields)]
pub struct RejectInvoiceRequest {
    pub id: String,
    pub reason: String,
}

/// Lists invoice requests in the actor's scope: a customer's, an order's, a contract's, or (none named)
/// every one, newest first; `status: requested` is finance's queue, oldest first.
#[derive(Debug, Clone, Default, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
#[serde(deny_unknown_fields)]
pub struct InvoiceListRequest {
    #[serde(default)]
    #[cfg_attr(feature = "uniffi", uniffi(default))]
    pub customer_id: Option<String>,
    #[serde(default)]
    #[cfg_attr(feature = "uniffi", uniffi(default))]
    pub order_id: Option<String>,
    #[serde(default)]
    #[cfg_attr(feature = "uniffi", uniffi(default))]
    pub contract_id: Option<String>,
    #[serde(default)]
    #[cfg_attr(feature = "uniffi", uniffi(default))]
    pub status: Option<InvoiceStatus>,
    #[serde(default)]
    #[cfg_attr(feature = "uniffi", uniffi(default))]
    pub cursor: Option<String>,
    #[serde(default)]
    #[cfg_attr(feature = "uniffi", uniffi(default))]
    pub limit: Option<u32>,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at() -> DateTime<Utc> {
        DateTime::parse_from_rfc3339("2026-03-01T08:00:00Z").unwrap().with_timezone(&Utc)
    }

    fn invoice(amount: i64) -> Invoice {
        let at = at();
        Invoice {
            id: "i".into(),
            code: "INV-000001".into(),
            customer_id: "c".into(),
            subject: InvoiceSubject::Order,
            order_id: Some("o".into()),
            contract_id: None,
            status: InvoiceStatus::Requested,
            amount,
            currency: "CNY".into(),
            invoice_title: "华为".into(),
            tax_id: None,
            invoice_type: InvoiceType::VatGeneral,
            description: None,
            invoice_number: None,
            issue_date: None,
            issued_amount: None,
            rejection_reason: None,
            external_ref: None,
            requested_by: None,
            created_at: at,
            updated_at: at,
            decided_at: None,
        }
    }

    #[test]
    fn doc_10_an_issued_invoice_claims_what_was_issued_a_rejected_one_nothing() {
        let now = at();
        let mut i = invoice(100);
        assert_eq!(i.claimed(), 100);
        assert!(i.clone().issue("N1".into(), NaiveDate::default(), 101, now).is_err());
        i.issue("N1".into(), NaiveDate::default(), 80, now).unwrap();
        assert_eq!(i.claimed(), 80);
        assert!(i.reject("late".into(), now).is_err());
        let mut r = invoice(100);
        r.reject("wrong title".into(), now).unwrap();
        assert_eq!(r.claimed(), 0);
        assert!(check_within_uninvoiced(101, 100, "order").is_err());
        assert!(check_within_uninvoiced(0, 100, "order").is_err());
        assert!(check_within_uninvoiced(100, 100, "order").is_ok());
    }
}
