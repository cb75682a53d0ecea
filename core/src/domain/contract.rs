//! Contracts (DOC-3, DOC-9): requests, the record and its status machine, versions, the payment plan and how it splits an order's amount, and the execution report's shapes.
//!
//! A contract is written as a `draft`, `submitted` along the `contract` approval flow, `approved`, then
//! `signed` by the customer; a signed contract past its `end_date` reads as `expired`, and may be
//! `terminated`. Amending a signed contract makes a new draft version with the same code; once that
//! version is signed the old one is `superseded` and the orders made under it move to the new one.
//! Orders made under a contract owe along its payment plan: each instalment takes its share of the
//! order's amount ([`plan_shares`]) and falls due on the instalment's date.

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use super::access::Actor;
use super::calendar;
use super::document_line::{DocumentLine, LineRequest, Totals};
use super::entity::Entity;
use super::error::{DomainError, DomainResult};
use super::money::{self, FxRate};
use super::product::BASIS_POINTS_MAX;
use super::quantity::Quantity;
use super::text;
use super::withholding::{Withhold, withheld_fields};

/// The most instalments a payment plan may have.
pub const MAX_INSTALMENTS: usize = 120;

/// A contract's state.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[cfg_attr(feature = "uniffi", derive(uniffi::Enum))]
#[serde(rename_all = "snake_case")]
pub enum ContractStatus {
    Draft,
    /// Waiting for the `contract` approval flow.
    Submitted,
    /// Approved, not yet signed by the customer.
    Approved,
    /// The flow rejected it: changed and submitted again, or archived.
    Rejected,
    /// In force: orders are made under it.
    Signed,
    /// Signed and past `end_date` (shown so; stored as `signed`).
    Expired,
    /// Ended early with a reason: no more orders under it.
    Terminated,
    /// A later signed version replaced it.
    Superseded,
}

impl ContractStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Draft => "draft",
            Self::Submitted => "submitted",
            Self::Approved => "approved",
            Self::Rejected => "rejected",
            Self::Signed => "signed",
            Self::Expired => "expired",
            Self::Terminated => "terminated",
            Self::Superseded => "superseded",
        }
    }

    pub fn parse(s: &str) -> Option<ContractStatus> {
        serde_json::from_value(Value::String(s.to_string())).ok()
    }
}

/// One instalment of a payment plan as a request gives it: a date and either an amount or a percentage
/// of the contract's gross total.
#[derive(Debug, Clone, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
#[serde(deny_unknown_fields)]
pub struct InstalmentRequest {
    /// `YYYY-MM-DD`; instalments come in date order.
    pub due_date: String,
    /// Minor units of the contract's currency.
    #[serde(default)]
    #[cfg_attr(feature = "uniffi", uniffi(default))]
    pub amount: Option<i64>,
    /// Basis points of the contract's gross total (30% is `3000`); the amount follows the lines.
    #[serde(default)]
    #[cfg_attr(feature = "uniffi", uniffi(default))]
    pub percent_bp: Option<i64>,
    #[serde(default)]
    #[cfg_attr(feature = "uniffi", uniffi(default))]
    pub note: Option<String>,
}

/// One instalment of a contract's payment plan.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
pub struct Instalment {
    /// 1, 2, ... in date order; an order's receivables carry the same numbers.
    pub seq: u32,
    pub due_date: NaiveDate,
    /// Minor units of the contract's currency.
    pub amount: i64,
    /// Set when the instalment was given as a percentage of the gross total.
    pub percent_bp: Option<i64>,
    pub note: Option<String>,
}

impl Instalment {
    fn as_request(&self) -> InstalmentRequest {
        InstalmentRequest {
            due_date: calendar::format_date(self.due_date),
            amount: self.percent_bp.is_none().then_some(self.amount),
            percent_bp: self.percent_bp,
            note: self.note.clone(),
        }
    }
}

/// DOC-9: the payment plan of a contract whose gross total is `gross`: every instalment dated, in date
/// order, with an amount or a percentage (percentages are rounded half up, the last one taking what the
/// rounding left), adding up to the gross total exactly. An empty plan leaves orders to their payment
/// terms.
pub(crate) fn resolve_plan(requests: &[InstalmentRequest], gross: i64) -> DomainResult<Vec<Instalment>> {
    if requests.len() > MAX_INSTALMENTS {
        return Err(DomainError::validation("payment_plan", format!("has more than {MAX_INSTALMENTS} instalments")));
    }
    let mut plan = Vec::with_capacity(requests.len());
    let mut last_percent: Option<usize> = None;
    let mut percent_total = 0i64;
    for (i, r) in requests.iter().enumerate() {
        let field = |f: &str| format!("payment_plan[{i}].{f}");
        let due_date = calendar::parse_date(&field("due_date"), &r.due_date)?;
        if let Some(prev) = plan.last().map(|p: &Instalment| p.due_date)
            && due_date < prev
        {
            return Err(DomainError::validation(field("due_date"), "instalments must come in date order"));
        }
        let amount = match (r.amount, r.percent_bp) {
            (Some(a), None) => {
                if a <= 0 || a > money::MAX_AMOUNT {
                    return Err(DomainError::validation(
                        field("amount"),
                        "must be positive and within the amount range",
                    ));
                }
                a
            }
            (None, Some(bp)) => {
                if !(1..=BASIS_POINTS_MAX).contains(&bp) {
                    return Err(DomainError::validation(field("percent_bp"), "must be between 1 and 10000"));
                }
                percent_total += bp;
                last_percent = Some(i);
                money::round_half_up_div(i128::from(gross) * i128::from(bp), i128::from(BASIS_POINTS_MAX)) as i64
            }
            _ => return Err(DomainError::validation(field("amount"), "give either amount or percent_bp")),
        };
        let note = text::optional(&field("note"), r.note.as_deref(), text::LONG_TEXT_MAX)?;
        plan.push(Instalment { seq: i as u32 + 1, due_date, amount, percent_bp: r.percent_bp, note });
    }
    if plan.is_empty() {
        return Ok(plan);
    }
    let mut sum: i64 = plan.iter().map(|p| p.amount).sum();
    // Percentages adding up with the amounts to the whole: the last one takes the rounding's remainder.
    if let Some(i) = last_percent {
        let remainder = gross - sum;
        if remainder.abs() <= plan.iter().filter(|p| p.percent_bp.is_some()).count() as i64 && percent_total > 0 {
            plan[i].amount += remainder;
            sum = gross;
        }
    }
    if sum != gross {
        return Err(DomainError::validation(
            "payment_plan",
            format!("the instalments add up to {sum}, the contract's gross total is {gross} (minor units)"),
        ));
    }
    Ok(plan)
}

/// A plan's instalments as requests again (to resolve them against new lines).
pub(crate) fn plan_requests(plan: &[Instalment]) -> Vec<InstalmentRequest> {
    plan.iter().map(Instalment::as_request).collect()
}

/// One instalment as an order's receivables see it: when it falls due and its weight (its amount).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PlanShare {
    pub seq: i64,
    pub due_date: NaiveDate,
    pub weight: i64,
}

/// DOC-9: an order's `amount` split along a payment plan: each instalment's share is the amount times
/// its weight over the plan's total, rounded half up, the last taking the remainder, so the shares add up
/// to the amount exactly.
pub(crate) fn plan_shares(plan: &[PlanShare], amount: i64) -> Vec<(PlanShare, i64)> {
    let total: i128 = plan.iter().map(|p| i128::from(p.weight)).sum();
    if total <= 0 {
        return Vec::new();
    }
    let mut left = amount;
    plan.iter()
        .enumerate()
        .map(|(i, p)| {
            let share = if i + 1 == plan.len() {
                left
            } else {
                money::round_half_up_div(i128::from(amount) * i128::from(p.weight), total) as i64
            };
            left -= share;
            (*p, share)
        })
        .collect()
}

/// DOC-3 and DOC-9: a contract (one version).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
pub struct Contract {
    pub id: String,
    /// The readable code (`K-000012`), shared by every version.
    pub code: String,
    /// 1 for the first version; an amendment is the next.
    pub version: u32,
    /// The version this one amends.
    pub previous_id: Option<String>,
    pub customer_id: String,
    /// The quote it was made from.
    pub quote_id: Option<String>,
    pub opportunity_id: Option<String>,
    pub title: String,
    pub status: ContractStatus,
    pub currency: String,
    pub fx_rate: FxRate,
    /// One line per product.
    pub lines: Vec<DocumentLine>,
    pub totals: Totals,
    /// `totals.gross` in minor units of the base currency.
    pub amount_base: i64,
    /// The validity period: orders are made under it from `start_date` to `end_date`.
    pub start_date: NaiveDate,
    pub end_date: NaiveDate,
    pub signed_date: Option<NaiveDate>,
    /// Instalments in date order adding up to `totals.gross`; empty: orders follow their payment terms.
    pub payment_plan: Vec<Instalment>,
    pub note: Option<String>,
    pub custom: Map<String, Value>,
    pub external_ref: Option<String>,
    pub created_by: Option<String>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    /// When the approval flow decided it.
    pub decided_at: Option<DateTime<Utc>>,
    pub termination_reason: Option<String>,
    pub archived_at: Option<DateTime<Utc>>,
    /// Invoices issued on the contract (any version) and on the orders made under it (DOC-10).
    pub invoiced_amount: i64,
    /// Invoice requests waiting on them.
    pub invoice_requested_amount: i64,
    /// What a new invoice request may take: the gross total less invoiced and waiting.
    pub uninvoiced_amount: i64,
}

impl Contract {
    /// The status as of `today`: a signed contract past its end date is expired.
    pub(crate) fn status_on(&self, today: NaiveDate) -> ContractStatus {
        match self.status {
            ContractStatus::Signed if self.end_date < today => ContractStatus::Expired,
            s => s,
        }
    }

    pub(crate) fn shown_on(mut self, today: NaiveDate) -> Contract {
        self.status = self.status_on(today);
        self
    }

    pub(crate) fn require_live(&self) -> DomainResult<()> {
        if self.archived_at.is_some() {
            return Err(DomainError::invalid_state("the contract is archived"));
        }
        Ok(())
    }

    /// Drafts and rejected contracts are changed in place; a signed one is amended.
    pub(crate) fn require_editable(&self) -> DomainResult<()> {
        self.require_live()?;
        match self.status {
            ContractStatus::Draft | ContractStatus::Rejected => Ok(()),
            ContractStatus::Signed => {
                Err(DomainError::invalid_state("a signed contract is amended (contracts.amend), not changed"))
            }
            _ => Err(DomainError::invalid_state("only a draft or rejected contract can be changed")),
        }
    }

    /// DOC-9: only the version in force (signed, within or past its period) is amended.
    pub(crate) fn check_amendable(&self) -> DomainResult<()> {
        self.require_live()?;
        match self.status {
            ContractStatus::Signed => Ok(()),
            ContractStatus::Superseded => {
                Err(DomainError::invalid_state("a later version of this contract exists; amend the current one"))
            }
            _ => Err(DomainError::invalid_state("only a signed contract is amended; change a draft in place")),
        }
    }

    /// DOC-3: an approved contract is signed on `date`, within its period's end.
    pub(crate) fn sign(&mut self, date: NaiveDate) -> DomainResult<()> {
        self.require_live()?;
        match self.status {
            ContractStatus::Approved => {}
            ContractStatus::Signed => return Err(DomainError::invalid_state("the contract is already signed")),
            _ => return Err(DomainError::invalid_state("only an approved contract can be signed; submit it first")),
        }
        if date > self.end_date {
            return Err(DomainError::validation("signed_date", "is after the contract's end date"));
        }
        self.status = ContractStatus::Signed;
        self.signed_date = Some(date);
        Ok(())
    }

    /// DOC-4 with DOC-9: orders are made under a signed contract within its period.
    pub(crate) fn check_orderable(&self, order_date: NaiveDate) -> DomainResult<()> {
        self.require_live()?;
        match self.status {
            ContractStatus::Signed => {}
            ContractStatus::Superseded => {
                return Err(DomainError::validation(
                    "contract_id",
                    "a later version of this contract is in force; order under it",
                ));
            }
            _ => return Err(DomainError::validation("contract_id", "orders are made only under a signed contract")),
        }
        if order_date < self.start_date || order_date > self.end_date {
            return Err(DomainError::validation("order_date", "is outside the contract's validity period"));
        }
        Ok(())
    }
}

/// A validity period: `start_date` no later than `end_date`.
pub(crate) fn check_period(start: NaiveDate, end: NaiveDate) -> DomainResult<()> {
    if end < start {
        return Err(DomainError::validation("end_date", "is before start_date"));
    }
    Ok(())
}

/// DOC-9: a contract has one line per product (its execution is followed per product).
pub(crate) fn check_one_line_per_product(lines: &[DocumentLine]) -> DomainResult<()> {
    for (i, l) in lines.iter().enumerate() {
        if lines[..i].iter().any(|o| o.product_id == l.product_id) {
            return Err(DomainError::validation(
                format!("lines[{i}].product_id"),
                "the contract already has a line for this product",
            ));
        }
    }
    Ok(())
}

/// A new contract (a draft): from a quote (its customer, currency, lines) or direct with lines.
#[derive(Debug, Clone, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
#[serde(deny_unknown_fields)]
pub struct ContractDraft {
    /// The customer (required without a quote; with one it must be the quote's).
    #[serde(default)]
    #[cfg_attr(feature = "uniffi", uniffi(default))]
    pub customer_id: Option<String>,
    /// The current version of a sent or accepted quote (a sent one is accepted).
    #[serde(default)]
    #[cfg_attr(feature = "uniffi", uniffi(default))]
    pub quote_id: Option<String>,
    #[serde(default)]
    #[cfg_attr(feature = "uniffi", uniffi(default))]
    pub opportunity_id: Option<String>,
    pub title: String,
    /// `YYYY-MM-DD` (default today).
    #[serde(default)]
    #[cfg_attr(feature = "uniffi", uniffi(default))]
    pub start_date: Option<String>,
    /// `YYYY-MM-DD`, the last day of the validity period.
    pub end_date: String,
    /// Lines (required without a quote; with one, the quote's lines are taken when absent).
    #[serde(default)]
    #[cfg_attr(feature = "uniffi", uniffi(default))]
    pub lines: Option<Vec<LineRequest>>,
    /// Instalments in date order adding up to the gross total (default none: orders follow their terms).
    #[serde(default)]
    #[cfg_attr(feature = "uniffi", uniffi(default))]
    pub payment_plan: Vec<InstalmentRequest>,
    #[serde(default)]
    #[cfg_attr(feature = "uniffi", uniffi(default))]
    pub currency: Option<String>,
    #[serde(default)]
    #[cfg_attr(feature = "uniffi", uniffi(default))]
    pub fx_rate: Option<FxRate>,
    #[serde(default)]
    #[cfg_attr(feature = "uniffi", uniffi(default))]
    pub note: Option<String>,
    #[serde(default)]
    #[cfg_attr(feature = "uniffi", uniffi(default))]
    pub custom: Map<String, Value>,
    /// The host's key (a known one answers the contract made with it).
    #[serde(default)]
    #[cfg_attr(feature = "uniffi", uniffi(default))]
    pub external_ref: Option<String>,
}

/// Changes to a draft or rejected contract; absent fields stay. `lines` replaces every line, and the
/// plan is resolved again against the new total (give `payment_plan` when fixed amounts no longer fit).
#[derive(Debug, Clone, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
#[serde(deny_unknown_fields)]
pub struct ContractPatch {
    pub id: String,
    #[serde(default)]
    #[cfg_attr(feature = "uniffi", uniffi(default))]
    pub title: Option<String>,
    #[serde(default)]
    #[cfg_attr(feature = "uniffi", uniffi(default))]
    pub start_date: Option<String>,
    #[serde(default)]
    #[cfg_attr(feature = "uniffi", uniffi(default))]
    pub end_date: Option<String>,
    #[serde(default)]
    #[cfg_attr(feature = "uniffi", uniffi(default))]
    pub lines: Option<Vec<LineRequest>>,
    #[serde(default)]
    #[cfg_attr(feature = "uniffi", uniffi(default))]
    pub payment_plan: Option<Vec<InstalmentRequest>>,
    #[serde(default)]
    #[cfg_attr(feature = "uniffi", uniffi(default))]
    pub note: Option<String>,
    #[serde(default)]
    #[cfg_attr(feature = "uniffi", uniffi(default))]
    pub custom: Option<Map<String, Value>>,
}

/// Submits a draft or rejected contract along the `contract` approval flow.
#[derive(Debug, Clone, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
#[serde(deny_unknown_fields)]
pub struct SubmitContractRequest {
    pub id: String,
    #[serde(default)]
    #[cfg_attr(feature = "uniffi", uniffi(default))]
    pub note: Option<String>,
    /// Answers the approval route, writing nothing.
    #[serde(default)]
    #[cfg_attr(feature = "uniffi", uniffi(default))]
    pub dry_run: bool,
}

/// Records the customer's signature on an approved contract.
#[derive(Debug, Clone, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
#[serde(deny_unknown_fields)]
pub struct SignContractRequest {
    pub id: String,
    /// `YYYY-MM-DD` (default today).
    #[serde(default)]
    #[cfg_attr(feature = "uniffi", uniffi(default))]
    pub signed_date: Option<String>,
}

/// Ends a signed contract early.
#[derive(Debug, Clone, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
#[serde(deny_unknown_fields)]
pub struct TerminateContractRequest {
    pub id: String,
    pub reason: String,
}

/// Lists contracts in the actor's scope, newest first.
#[derive(Debug, Clone, Default, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
#[serde(deny_unknown_fields)]
pub struct ContractListRequest {
    #[serde(default)]
    #[cfg_attr(feature = "uniffi", uniffi(default))]
    pub customer_id: Option<String>,
    /// Only contracts in this status as of today (`expired` finds signed ones past their end date).
    #[serde(default)]
    #[cfg_attr(feature = "uniffi", uniffi(default))]
    pub status: Option<ContractStatus>,
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

/// Asks for a contract's execution as of a day.
#[derive(Debug, Clone, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
#[serde(deny_unknown_fields)]
pub struct ExecutionRequest {
    pub id: String,
    /// `YYYY-MM-DD` (default today): instalments are due or overdue as of this day.
    #[serde(default)]
    #[cfg_attr(feature = "uniffi", uniffi(default))]
    pub as_of: Option<String>,
}

/// Where an instalment stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[cfg_attr(feature = "uniffi", derive(uniffi::Enum))]
#[serde(rename_all = "snake_case")]
pub enum InstalmentStatus {
    /// Nothing ordered under the contract owes this instalment yet.
    Planned,
    /// Owed, not yet due.
    Open,
    /// Owed and due today.
    Due,
    /// Owed and past its date.
    Overdue,
    /// Everything owed on it is received.
    Paid,
}

/// Execution of one contract line: what was ordered, delivered, invoiced and received against it.
/// Quantities are the contract line's unit; amounts minor units of the contract's currency.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
pub struct LineExecution {
    pub line_no: u32,
    pub product_id: String,
    pub product_code: String,
    pub description: String,
    pub quantity: Quantity,
    pub amount: i64,
    /// In approved and later orders, less approved credit returns.
    pub ordered_quantity: Quantity,
    pub ordered_amount: i64,
    /// In draft and submitted orders.
    pub pending_quantity: Quantity,
    /// What is left to order: quantity less ordered and pending.
    pub remaining_quantity: Quantity,
    /// Delivered less returned for credit.
    pub delivered_quantity: Quantity,
    pub delivered_amount: i64,
    /// The line's share of the invoices issued on its orders.
    pub invoiced_amount: i64,
    /// The line's share of what its orders' receivables have received (financial).
    pub received_amount: Option<i64>,
}

/// Execution of one instalment: its plan and what the orders under the contract owe and paid on it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
pub struct InstalmentExecution {
    pub seq: u32,
    pub due_date: NaiveDate,
    /// The plan's amount, minor units of the contract's currency.
    pub planned_amount: i64,
    /// What the orders' receivables owe on it, minor units of the base currency (financial).
    pub owed_base: Option<i64>,
    pub received_base: Option<i64>,
    pub outstanding_base: Option<i64>,
    /// Days past the due date while anything is outstanding.
    pub overdue_days: i64,
    pub status: InstalmentStatus,
}

/// The contract's totals: lines summed, and the money owed and received (financial).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
pub struct ExecutionTotals {
    pub amount: i64,
    pub ordered_amount: i64,
    pub pending_amount: i64,
    pub delivered_amount: i64,
    /// Invoices issued on the contract and on its orders.
    pub invoiced_amount: i64,
    /// Invoice requests waiting on them.
    pub invoice_requested_amount: i64,
    /// The gross total less what was invoiced and what waits: what a new request may take.
    pub uninvoiced_amount: i64,
    pub received_amount: Option<i64>,
    /// Minor units of the base currency.
    pub outstanding_base: Option<i64>,
    pub overdue_base: Option<i64>,
}

/// DOC-9: a contract's execution as of a day.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
pub struct ContractExecution {
    pub contract_id: String,
    pub code: String,
    pub version: u32,
    pub status: ContractStatus,
    pub currency: String,
    pub as_of: NaiveDate,
    /// Orders made under the contract (any version), cancelled and rejected ones left out.
    pub order_ids: Vec<String>,
    pub lines: Vec<LineExecution>,
    pub instalments: Vec<InstalmentExecution>,
    pub totals: ExecutionTotals,
    /// The financial fields the actor may not see (ORG-6): `null` here, absent from the JSON.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    #[cfg_attr(feature = "uniffi", uniffi(default))]
    pub withheld: Vec<String>,
}

impl Withhold for ContractExecution {
    /// Money received and outstanding is the finance side's (ORG-6): withheld as receivables are.
    fn withhold(&mut self, actor: &Actor) {
        if withheld_fields(actor, Entity::Receivable).is_empty() {
            return;
        }
        for l in &mut self.lines {
            l.received_amount = None;
        }
        for i in &mut self.instalments {
            (i.owed_base, i.received_base, i.outstanding_base) = (None, None, None);
        }
        let t = &mut self.totals;
        (t.received_amount, t.outstanding_base, t.overdue_base) = (None, None, None);
        let fields = ["received_amount", "owed_base", "received_base", "outstanding_base", "overdue_base"];
        self.withheld.extend(fields.map(String::from));
    }
}

/// What the execution report reads of one order under the contract.
#[derive(Debug, Clone)]
pub struct ExecutionOrder {
    pub order_id: String,
    /// Approved or later (counts); otherwise a draft or submitted order (pending).
    pub counts: bool,
    pub currency_amount: i64,
    /// `amount - returned_amount`, what the order counts in its currency.
    pub counted_amount: i64,
    pub lines: Vec<super::order::OrderLine>,
    /// Invoices issued on the order, minor units of its currency.
    pub invoiced: i64,
    /// The order's receivables: (instalment, due date, owed base, outstanding base).
    pub receivables: Vec<(i64, NaiveDate, i64, i64)>,
}

/// `value x part / whole`, rounded half up (0 when the whole is 0).
fn share(value: i64, part: i64, whole: i64) -> i64 {
    if whole == 0 {
        return 0;
    }
    money::round_half_up_div(i128::from(value) * i128::from(part), i128::from(whole)) as i64
}

/// DOC-9: the execution of `contract` from the orders made under it, as of `as_of`; `invoiced` and
/// `invoice_requested` are the contract's and its orders' invoices issued and waiting. Order lines count
/// against the contract line of their product; an order's received and invoiced money is spread over its
/// lines by their gross.
pub(crate) fn execution(
    contract: &Contract,
    orders: &[ExecutionOrder],
    (invoiced, invoice_requested): (i64, i64),
    as_of: NaiveDate,
) -> ContractExecution {
    let mut lines: Vec<LineExecution> = contract
        .lines
        .iter()
        .map(|l| LineExecution {
            line_no: l.line_no,
            product_id: l.product_id.clone(),
            product_code: l.product_code.clone(),
            description: l.description.clone(),
            quantity: l.quantity,
            amount: l.gross,
            ordered_quantity: Quantity::ZERO,
            ordered_amount: 0,
            pending_quantity: Quantity::ZERO,
            remaining_quantity: l.quantity,
            delivered_quantity: Quantity::ZERO,
            delivered_amount: 0,
            invoiced_amount: 0,
            received_amount: Some(0),
        })
        .collect();
    let mut totals = ExecutionTotals { amount: contract.totals.gross, ..Default::default() };
    let mut received = 0i64;
    for o in orders {
        let owed: i64 = o.receivables.iter().map(|r| r.2).sum();
        let paid: i64 = o.receivables.iter().map(|r| r.2 - r.3).sum();
        // Received in the order's currency: its counted amount times the paid share of what it owes.
        let order_received = share(o.counted_amount, paid, owed);
        if o.counts {
            totals.ordered_amount += o.counted_amount;
            received += order_received;
        } else {
            totals.pending_amount += o.currency_amount;
        }
        let order_gross: i64 = o.lines.iter().map(|l| l.line.gross).sum();
        for l in &o.lines {
            totals.delivered_amount += if o.counts { delivered_gross(l) } else { 0 };
            let Some(x) = lines.iter_mut().find(|x| x.product_id == l.line.product_id) else { continue };
            if o.counts {
                let returned_gross = super::document_line::gross_of(&l.line, l.returned);
                let kept = l.line.quantity.saturating_sub(l.returned);
                x.ordered_quantity = x.ordered_quantity.saturating_add(kept);
                x.ordered_amount += l.line.gross - returned_gross;
                x.delivered_quantity = x.delivered_quantity.saturating_add(l.delivered.saturating_sub(l.returned));
                x.delivered_amount += delivered_gross(l);
                let line_counted = l.line.gross - returned_gross;
                x.invoiced_amount += share(o.invoiced, line_counted, o.counted_amount);
                x.received_amount = x.received_amount.map(|a| a + share(order_received, l.line.gross, order_gross));
            } else {
                x.pending_quantity = x.pending_quantity.saturating_add(l.line.quantity);
            }
        }
    }
    for x in &mut lines {
        x.remaining_quantity = x.quantity.saturating_sub(x.ordered_quantity).saturating_sub(x.pending_quantity);
    }
    let counted: Vec<&ExecutionOrder> = orders.iter().filter(|o| o.counts).collect();
    let instalments: Vec<InstalmentExecution> = contract
        .payment_plan
        .iter()
        .map(|p| {
            let of_seq = counted.iter().flat_map(|o| &o.receivables).filter(|r| r.0 == i64::from(p.seq));
            let (owed, outstanding) = of_seq.fold((0, 0), |(a, b), r| (a + r.2, b + r.3));
            let overdue = outstanding > 0 && p.due_date < as_of;
            InstalmentExecution {
                seq: p.seq,
                due_date: p.due_date,
                planned_amount: p.amount,
                owed_base: Some(owed),
                received_base: Some(owed - outstanding),
                outstanding_base: Some(outstanding),
                overdue_days: if overdue { (as_of - p.due_date).num_days() } else { 0 },
                status: match () {
                    _ if owed == 0 => InstalmentStatus::Planned,
                    _ if outstanding == 0 => InstalmentStatus::Paid,
                    _ if overdue => InstalmentStatus::Overdue,
                    _ if p.due_date == as_of => InstalmentStatus::Due,
                    _ => InstalmentStatus::Open,
                },
            }
        })
        .collect();
    let all_receivables = counted.iter().flat_map(|o| &o.receivables);
    let (outstanding, overdue) =
        all_receivables.fold((0, 0), |(o, d), r| (o + r.3, if r.1 < as_of { d + r.3 } else { d }));
    totals.invoiced_amount = invoiced;
    totals.invoice_requested_amount = invoice_requested;
    totals.uninvoiced_amount = contract.totals.gross - invoiced - invoice_requested;
    totals.received_amount = Some(received);
    totals.outstanding_base = Some(outstanding);
    totals.overdue_base = Some(overdue);
    ContractExecution {
        contract_id: contract.id.clone(),
        code: contract.code.clone(),
        version: contract.version,
        status: contract.status_on(as_of),
        currency: contract.currency.clone(),
        as_of,
        order_ids: orders.iter().map(|o| o.order_id.clone()).collect(),
        lines,
        instalments,
        totals,
        withheld: Vec::new(),
    }
}

/// The gross of what a line delivered and kept (delivered less returned for credit).
fn delivered_gross(l: &super::order::OrderLine) -> i64 {
    super::document_line::gross_of(&l.line, l.delivered.saturating_sub(l.returned))
}

#[cfg(test)]
#[allow(clippy::inconsistent_digit_grouping)] // money written as yuan_fen
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    fn by_amount(date: &str, amount: i64) -> InstalmentRequest {
        InstalmentRequest { due_date: date.into(), amount: Some(amount), percent_bp: None, note: None }
    }

    fn by_percent(date: &str, bp: i64) -> InstalmentRequest {
        InstalmentRequest { due_date: date.into(), amount: None, percent_bp: Some(bp), note: None }
    }

    #[test]
    fn doc_9_a_plan_adds_up_to_the_contract_exactly() {
        let plan = resolve_plan(&[by_percent("2026-01-10", 3333), by_percent("2026-02-10", 6667)], 100_01).unwrap();
        assert_eq!(plan.iter().map(|p| p.amount).sum::<i64>(), 100_01);
        let mixed = resolve_plan(&[by_amount("2026-01-10", 30_00), by_percent("2026-02-10", 7000)], 100_00).unwrap();
        assert_eq!((mixed[0].amount, mixed[1].amount), (30_00, 70_00));
        let short = resolve_plan(&[by_amount("2026-01-10", 30_00), by_amount("2026-02-10", 60_00)], 100_00);
        assert_eq!(short.unwrap_err().field(), Some("payment_plan"));
        let unordered = resolve_plan(&[by_amount("2026-02-10", 50_00), by_amount("2026-01-10", 50_00)], 100_00);
        assert_eq!(unordered.unwrap_err().field(), Some("payment_plan[1].due_date"));
        let both = InstalmentRequest { percent_bp: Some(100), ..by_amount("2026-01-10", 1) };
        assert_eq!(resolve_plan(&[both], 1).unwrap_err().field(), Some("payment_plan[0].amount"));
        assert!(resolve_plan(&[], 100).unwrap().is_empty());
    }

    #[test]
    fn doc_9_an_orders_amount_splits_along_the_plan_to_the_minor_unit() {
        let plan = [
            PlanShare { seq: 1, due_date: d("2026-01-10"), weight: 30_00 },
            PlanShare { seq: 2, due_date: d("2026-03-10"), weight: 60_00 },
            PlanShare { seq: 3, due_date: d("2026-06-10"), weight: 10_00 },
        ];
        let shares: Vec<i64> = plan_shares(&plan, 333_33).into_iter().map(|(_, s)| s).collect();
        assert_eq!(shares, [100_00, 200_00, 33_33]);
        assert_eq!(shares.iter().sum::<i64>(), 333_33);
        assert!(plan_shares(&[], 5).is_empty());
    }
}
