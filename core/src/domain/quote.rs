//! Quotes (DOC-2): requests, the record, its status machine, versions, and the discount ceiling that sends a quote to approval.
//!
//! A quote is `draft` while it is written, `sent` once the customer has it, then `accepted` or
//! `rejected`; a sent quote past its `valid_until` reads as `expired`. Revising a sent (or expired or
//! rejected) quote makes a new draft version with the same code and keeps the old one as `superseded`;
//! orders come only from the current version. A line discount above the ceiling of the actor's roles
//! sends the quote through the `quote_discount` approval flow before it can be sent.

use std::collections::BTreeMap;

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use super::access::Role;
use super::document_line::{DocumentLine, LineRequest, Totals};
use super::error::{DomainError, DomainResult};
use super::money::FxRate;
use super::product::{BASIS_POINTS_MAX, validate_basis_points};

/// A quote's state.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[cfg_attr(feature = "uniffi", derive(uniffi::Enum))]
#[serde(rename_all = "snake_case")]
pub enum QuoteStatus {
    Draft,
    Sent,
    Accepted,
    Rejected,
    /// Sent and past `valid_until` (shown so; stored as `sent`).
    Expired,
    /// A later version replaced it.
    Superseded,
}

impl QuoteStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Draft => "draft",
            Self::Sent => "sent",
            Self::Accepted => "accepted",
            Self::Rejected => "rejected",
            Self::Expired => "expired",
            Self::Superseded => "superseded",
        }
    }

    pub fn parse(s: &str) -> Option<QuoteStatus> {
        serde_json::from_value(Value::String(s.to_string())).ok()
    }
}

/// Where a quote stands with the discount approval (DOC-2).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[cfg_attr(feature = "uniffi", derive(uniffi::Enum))]
#[serde(rename_all = "snake_case")]
pub enum DiscountApproval {
    /// Every discount is within the ceiling of the roles of whoever sends it.
    NotNeeded,
    Pending,
    Approved,
    Rejected,
}

impl DiscountApproval {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::NotNeeded => "not_needed",
            Self::Pending => "pending",
            Self::Approved => "approved",
            Self::Rejected => "rejected",
        }
    }

    pub fn parse(s: &str) -> Option<DiscountApproval> {
        serde_json::from_value(Value::String(s.to_string())).ok()
    }
}

/// A quote.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
pub struct Quote {
    pub id: String,
    /// The readable code (`Q-000012`), shared by every version.
    pub code: String,
    /// 1 for the first version.
    pub version: u32,
    /// The version this one revises.
    pub previous_id: Option<String>,
    pub customer_id: String,
    pub opportunity_id: Option<String>,
    pub status: QuoteStatus,
    pub currency: String,
    pub fx_rate: FxRate,
    pub lines: Vec<DocumentLine>,
    pub totals: Totals,
    /// `totals.gross` in minor units of the base currency.
    pub amount_base: i64,
    /// The largest line discount, basis points.
    pub max_discount_bp: i64,
    pub discount_approval: DiscountApproval,
    pub valid_until: NaiveDate,
    pub note: Option<String>,
    pub custom: Map<String, Value>,
    pub external_ref: Option<String>,
    pub created_by: Option<String>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    pub sent_at: Option<DateTime<Utc>>,
    pub decided_at: Option<DateTime<Utc>>,
    pub rejection_reason: Option<String>,
    pub archived_at: Option<DateTime<Utc>>,
}

impl Quote {
    /// The status as of `today`: a sent quote past its validity is expired.
    pub(crate) fn status_on(&self, today: NaiveDate) -> QuoteStatus {
        match self.status {
            QuoteStatus::Sent if self.valid_until < today => QuoteStatus::Expired,
            s => s,
        }
    }

    /// Shows the status as of `today`.
    pub(crate) fn shown_on(mut self, today: NaiveDate) -> Quote {
        self.status = self.status_on(today);
        self
    }

    fn require_live(&self) -> DomainResult<()> {
        if self.archived_at.is_some() {
            return Err(DomainError::invalid_state("the quote is archived"));
        }
        Ok(())
    }

    /// Edits are for drafts whose discount is not waiting for approval.
    pub(crate) fn require_editable(&self) -> DomainResult<()> {
        self.require_live()?;
        if self.status != QuoteStatus::Draft {
            return Err(DomainError::invalid_state("only a draft quote can be changed; revise a sent quote"));
        }
        if self.discount_approval == DiscountApproval::Pending {
            return Err(DomainError::invalid_state("the quote's discount is waiting for approval"));
        }
        Ok(())
    }

    /// DOC-2: whether sending needs the discount approved first: a line discount above `ceiling_bp`
    /// and no approval of these very lines on record.
    pub(crate) fn needs_discount_approval(&self, ceiling_bp: i64) -> bool {
        self.max_discount_bp > ceiling_bp && self.discount_approval != DiscountApproval::Approved
    }

    /// DOC-2: a draft goes to the customer.
    pub(crate) fn send(&mut self, now: DateTime<Utc>, today: NaiveDate) -> DomainResult<()> {
        self.require_editable()?;
        if self.valid_until < today {
            return Err(DomainError::validation("valid_until", "is in the past; extend the validity first"));
        }
        self.status = QuoteStatus::Sent;
        self.sent_at = Some(now);
        Ok(())
    }

    /// DOC-2: the customer accepts or rejects a sent quote within its validity.
    pub(crate) fn decide(
        &mut self,
        accept: bool,
        reason: Option<String>,
        now: DateTime<Utc>,
        today: NaiveDate,
    ) -> DomainResult<()> {
        self.require_live()?;
        match self.status_on(today) {
            QuoteStatus::Sent => {}
            QuoteStatus::Expired => return Err(DomainError::invalid_state("the quote has expired; revise it")),
            QuoteStatus::Superseded => {
                return Err(DomainError::invalid_state("a later version of this quote exists; use the current one"));
            }
            _ => return Err(DomainError::invalid_state("only a sent quote can be accepted or rejected")),
        }
        self.status = if accept { QuoteStatus::Accepted } else { QuoteStatus::Rejected };
        self.rejection_reason = reason;
        self.decided_at = Some(now);
        Ok(())
    }

    /// DOC-2: a sent, expired or rejected quote may be revised into a new version.
    pub(crate) fn check_revisable(&self, today: NaiveDate) -> DomainResult<()> {
        self.require_live()?;
        match self.status_on(today) {
            QuoteStatus::Sent | QuoteStatus::Expired | QuoteStatus::Rejected => Ok(()),
            QuoteStatus::Draft => Err(DomainError::invalid_state("a draft is changed in place; revise sent quotes")),
            QuoteStatus::Accepted => Err(DomainError::invalid_state("an accepted quote cannot be revised")),
            QuoteStatus::Superseded => {
                Err(DomainError::invalid_state("a later version of this quote exists; revise the current one"))
            }
        }
    }

    /// DOC-2 and DOC-4: an order comes only from the current version of an accepted (or sent) quote.
    pub(crate) fn check_orderable(&self, today: NaiveDate) -> DomainResult<()> {
        self.require_live()?;
        match self.status_on(today) {
            QuoteStatus::Accepted | QuoteStatus::Sent => Ok(()),
            QuoteStatus::Superseded => Err(DomainError::validation(
                "quote_id",
                "a later version of this quote exists; orders come only from the current version",
            )),
            QuoteStatus::Expired => Err(DomainError::validation("quote_id", "the quote has expired")),
            _ => Err(DomainError::validation("quote_id", "only a sent or accepted quote becomes an order")),
        }
    }
}

/// A new quote (a draft).
#[derive(Debug, Clone, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
#[serde(deny_unknown_fields)]
pub struct QuoteDraft {
    pub customer_id: String,
    /// The opportunity it prices: it must have passed its evaluation gate (OPP-3).
    #[serde(default)]
    #[cfg_attr(feature = "uniffi", uniffi(default))]
    pub opportunity_id: Option<String>,
    /// ISO 4217 (default: the base currency).
    #[serde(default)]
    #[cfg_attr(feature = "uniffi", uniffi(default))]
    pub currency: Option<String>,
    #[serde(default)]
    #[cfg_attr(feature = "uniffi", uniffi(default))]
    pub fx_rate: Option<FxRate>,
    /// The last day the offer holds (`YYYY-MM-DD`; default 30 days from today).
    #[serde(default)]
    #[cfg_attr(feature = "uniffi", uniffi(default))]
    pub valid_until: Option<String>,
    pub lines: Vec<LineRequest>,
    #[serde(default)]
    #[cfg_attr(feature = "uniffi", uniffi(default))]
    pub note: Option<String>,
    #[serde(default)]
    #[cfg_attr(feature = "uniffi", uniffi(default))]
    pub custom: Map<String, Value>,
    #[serde(default)]
    #[cfg_attr(feature = "uniffi", uniffi(default))]
    pub external_ref: Option<String>,
}

/// Changes to a draft quote; absent fields stay. `lines` replaces every line.
#[derive(Debug, Clone, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
#[serde(deny_unknown_fields)]
pub struct QuotePatch {
    pub id: String,
    #[serde(default)]
    #[cfg_attr(feature = "uniffi", uniffi(default))]
    pub valid_until: Option<String>,
    #[serde(default)]
    #[cfg_attr(feature = "uniffi", uniffi(default))]
    pub lines: Option<Vec<LineRequest>>,
    #[serde(default)]
    #[cfg_attr(feature = "uniffi", uniffi(default))]
    pub note: Option<String>,
    #[serde(default)]
    #[cfg_attr(feature = "uniffi", uniffi(default))]
    pub custom: Option<Map<String, Value>>,
}

/// Sends a draft quote; a discount above the actor's ceiling submits it for approval instead.
#[derive(Debug, Clone, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
#[serde(deny_unknown_fields)]
pub struct SendQuoteRequest {
    pub id: String,
    /// A note for the approvers, when the discount needs approval.
    #[serde(default)]
    #[cfg_attr(feature = "uniffi", uniffi(default))]
    pub note: Option<String>,
    /// Answers what sending would do (sent, or the approval route), writing nothing.
    #[serde(default)]
    #[cfg_attr(feature = "uniffi", uniffi(default))]
    pub dry_run: bool,
}

/// The customer accepts a sent quote.
#[derive(Debug, Clone, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
#[serde(deny_unknown_fields)]
pub struct AcceptQuoteRequest {
    pub id: String,
    /// Also set the quote's opportunity's lines and amount from the quote (net of discount, before tax).
    #[serde(default)]
    #[cfg_attr(feature = "uniffi", uniffi(default))]
    pub update_opportunity: bool,
}

/// The customer rejects a sent quote.
#[derive(Debug, Clone, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
#[serde(deny_unknown_fields)]
pub struct RejectQuoteRequest {
    pub id: String,
    #[serde(default)]
    #[cfg_attr(feature = "uniffi", uniffi(default))]
    pub reason: Option<String>,
}

/// Lists quotes in the actor's scope, newest first.
#[derive(Debug, Clone, Default, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
#[serde(deny_unknown_fields)]
pub struct QuoteListRequest {
    #[serde(default)]
    #[cfg_attr(feature = "uniffi", uniffi(default))]
    pub customer_id: Option<String>,
    #[serde(default)]
    #[cfg_attr(feature = "uniffi", uniffi(default))]
    pub opportunity_id: Option<String>,
    /// Only quotes in this status (as of today: `expired` finds sent quotes past their validity).
    #[serde(default)]
    #[cfg_attr(feature = "uniffi", uniffi(default))]
    pub status: Option<QuoteStatus>,
    /// Also list superseded versions (default: current versions only).
    #[serde(default)]
    #[cfg_attr(feature = "uniffi", uniffi(default))]
    pub include_superseded: bool,
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

/// The discount ceilings of roles (DOC-2): a role may give line discounts up to its ceiling without approval.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct DiscountCeilings {
    /// Basis points by role: a built-in role (`sales_rep`) or a custom role's code. Roles not named
    /// keep their default (administrators and managers 10000, everyone else 1000).
    pub ceilings: BTreeMap<String, i64>,
}

impl DiscountCeilings {
    pub(crate) fn validate(&self) -> DomainResult<()> {
        if self.ceilings.len() > 200 {
            return Err(DomainError::validation("ceilings", "names more than 200 roles"));
        }
        for (role, bp) in &self.ceilings {
            super::text::required("ceilings", role, super::text::SHORT_MAX)?;
            validate_basis_points("ceilings", *bp)?;
        }
        Ok(())
    }
}

/// A built-in role's default discount ceiling.
pub(crate) fn default_ceiling(role: Role) -> i64 {
    match role {
        Role::Admin | Role::SalesManager | Role::ServiceManager => BASIS_POINTS_MAX,
        _ => 1_000,
    }
}
