//! Receivables (DOC-6): what a counting order owes and when, the one settlement rule that applies receipts to them, overdue days, and the aging report's buckets and shapes.
//!
//! An order owes from approval on ([`super::sales::OrderStatus::counts`]). Its receivables are its
//! [`terms`]: one, due on the order's due date, for its whole amount in the base currency, or under a
//! contract's payment plan (DOC-9) one per instalment. [`settle`] applies a customer's receipts to them;
//! the per-customer statistics (CUS-4 outstanding and overdue) and the `receivables` table both call it,
//! so the two never disagree.

use std::collections::HashMap;

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

use super::access::Actor;
use super::entity::Entity;
use super::error::{DomainError, DomainResult};
use super::sort;
use super::statistics::{OrderFact, ReceiptFact, shift};
use super::withholding::{Withhold, withheld_fields};

/// One receivable of an order as the rules see it: the order, its instalment number, dates and amount.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Term {
    pub order_id: String,
    /// The instalment number, 1 for an order's single receivable.
    pub seq: i64,
    pub order_date: NaiveDate,
    pub due_date: NaiveDate,
    /// Minor units of the base currency.
    pub amount_base: i64,
}

/// The receivables a counting order owes: one, due on its due date, for its whole amount; or, under a
/// contract with a payment plan (DOC-9), one per instalment, due on the instalment's date, for the
/// instalment's share of the amount.
pub(crate) fn terms(order: &OrderFact) -> Vec<Term> {
    let term = |seq: i64, due_date: NaiveDate, amount_base: i64| Term {
        order_id: order.order_id.clone(),
        seq,
        order_date: order.order_date,
        due_date,
        amount_base,
    };
    let shares = super::contract::plan_shares(&order.plan, order.amount_base);
    if shares.is_empty() {
        return vec![term(1, order.due_date, order.amount_base)];
    }
    shares.into_iter().map(|(p, amount)| term(p.seq, p.due_date, amount)).collect()
}

/// Settles receivables; answers the outstanding amount of each term, in the order given.
///
/// First each receipt naming a receivable pays it; then what is left of each receipt naming an order pays
/// that order's receivables, earliest due first; everything left (the excess, and receipts naming
/// neither, or naming what does not count) pays the customer's oldest receivables first, by due date,
/// then order date, then order id, then instalment. Overpayment is credit, never negative debt.
pub(crate) fn settle(terms: &[Term], receipts: &[&ReceiptFact]) -> Vec<i64> {
    let mut unpaid: Vec<i64> = terms.iter().map(|t| t.amount_base).collect();
    let mut oldest_first: Vec<usize> = (0..terms.len()).collect();
    sort::sort_by(&mut oldest_first, |&a, &b| {
        let (a, b) = (&terms[a], &terms[b]);
        (a.due_date, a.order_date, &a.order_id, a.seq).cmp(&(b.due_date, b.order_date, &b.order_id, b.seq))
    });
    let mut by_key: HashMap<(&str, i64), usize> = HashMap::with_capacity(terms.len());
    let mut by_order: HashMap<&str, Vec<usize>> = HashMap::with_capacity(terms.len());
    for &i in &oldest_first {
        by_key.insert((terms[i].order_id.as_str(), terms[i].seq), i);
        by_order.entry(terms[i].order_id.as_str()).or_default().push(i);
    }
    let pay = |unpaid: &mut Vec<i64>, i: usize, left: &mut i64| {
        let paid = (*left).min(unpaid[i]).max(0);
        unpaid[i] -= paid;
        *left -= paid;
    };
    let mut left: Vec<i64> = receipts.iter().map(|r| r.amount_base).collect();
    for (r, left) in receipts.iter().zip(left.iter_mut()) {
        if let Some(&i) = r.receivable.as_ref().and_then(|(o, s)| by_key.get(&(o.as_str(), *s))) {
            pay(&mut unpaid, i, left);
        }
    }
    let mut pool = 0i64;
    for (r, left) in receipts.iter().zip(left.iter_mut()) {
        if let Some(list) = r.order_id.as_deref().and_then(|o| by_order.get(o)) {
            for &i in list {
                pay(&mut unpaid, i, left);
            }
        }
        pool += *left;
    }
    for i in oldest_first {
        pay(&mut unpaid, i, &mut pool);
    }
    unpaid
}

/// Days a receivable due on `due` is overdue on `as_of` (0 when due that day or later).
pub fn overdue_days(due: NaiveDate, as_of: NaiveDate) -> i64 {
    (as_of - due).num_days().max(0)
}

/// DOC-6: a receivable, stored and settled. Amounts are minor units of the base currency.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Receivable {
    pub id: String,
    pub customer_id: String,
    pub order_id: String,
    /// The instalment number, 1 for an order's single receivable.
    pub seq: i64,
    pub due_date: NaiveDate,
    /// What is owed (financial: withheld without `view_financial` on receivables).
    pub amount_base: Option<i64>,
    /// What the customer's receipts leave unpaid (financial).
    pub outstanding_base: Option<i64>,
    /// Days past the due date as of today (or the request's `as_of`) while anything is outstanding; 0 otherwise.
    pub overdue_days: i64,
    /// Set when its order stopped counting (cancelled), or the other side took receivables over
    /// (DOC-10): nothing is owed on it any more.
    pub closed_at: Option<DateTime<Utc>>,
    /// The ERP's key of a receivable it pushed (DOC-10); `None` for one the engine derived.
    pub external_ref: Option<String>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    /// The financial fields the actor may not see (ORG-6): `null` here, absent from the JSON.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub withheld: Vec<String>,
}

impl Withhold for Receivable {
    fn withhold(&mut self, actor: &Actor) {
        for field in withheld_fields(actor, Entity::Receivable) {
            match field {
                "amount_base" => self.amount_base = None,
                "outstanding_base" => self.outstanding_base = None,
                other => unreachable!("receivable field {other} is declared financial but not withheld"),
            }
            self.withheld.push(field.to_string());
        }
    }
}

/// Which receivables to list: a customer's, an order's, or (neither) the open ones in the actor's scope.
#[derive(Debug, Clone, Default, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct ReceivableListRequest {
    pub customer_id: Option<String>,
    pub order_id: Option<String>,
    /// Only those with something outstanding (default false; always so without a customer or order).
    #[serde(default)]
    pub open_only: bool,
    /// The date overdue days are counted to (`YYYY-MM-DD`, default the organisation's today).
    pub as_of: Option<String>,
    /// Page size (default 50, at most 1000).
    pub limit: Option<u32>,
    /// The `next_cursor` of the previous page.
    pub cursor: Option<String>,
}

/// One receivable, with its overdue days as of a date.
#[derive(Debug, Clone, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct ReceivableRequest {
    pub id: String,
    /// `YYYY-MM-DD`, default the organisation's today.
    pub as_of: Option<String>,
}

/// How the aging report groups open receivables: by the customer, the customer's owner, or the owner's
/// department.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
pub enum AgingGrouping {
    Customer,
    Owner,
    Department,
}

/// The most buckets bounds an aging report takes.
pub const MAX_AGING_BOUNDS: usize = 12;

/// The default bucket bounds: 1-30, 31-60, 61-90 and over 90 days overdue.
pub const DEFAULT_AGING_BOUNDS: [i64; 3] = [30, 60, 90];

/// DOC-6 aging: open receivables by days overdue as of a date, in totals and optionally per group.
#[derive(Debug, Clone, Default, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct AgingRequest {
    /// `YYYY-MM-DD`, default the organisation's today.
    pub as_of: Option<String>,
    /// Ascending positive upper bounds in days overdue (default `[30, 60, 90]`: 1-30, 31-60, 61-90, 90+);
    /// at most 12. Receivables due on `as_of` or later are `not_due`.
    pub buckets: Option<Vec<i64>>,
    /// Groups to page through (absent: totals only).
    pub group_by: Option<AgingGrouping>,
    /// Groups per page (default 50, at most 1000).
    pub limit: Option<u32>,
    /// The `next_cursor` of the previous page.
    pub cursor: Option<String>,
}

/// One bucket of days overdue.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct AgingBucket {
    /// `1-30`, ..., `90+`.
    pub label: String,
    /// Fewest days overdue in the bucket (inclusive).
    pub min_days: i64,
    /// Most days overdue in the bucket (inclusive); `null` for the last.
    pub max_days: Option<i64>,
    pub amount: i64,
    /// Open receivables in the bucket.
    pub receivables: i64,
}

/// One group of the aging report: a customer, an owner or a department (`id` null: customers without one).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct AgingGroup {
    pub id: Option<String>,
    pub name: Option<String>,
    pub not_due: i64,
    /// Amount per bucket, in the order of the report's `buckets`.
    pub buckets: Vec<i64>,
    pub total: i64,
}

/// The aging report. Amounts are minor units of the base currency.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct AgingReport {
    pub as_of: NaiveDate,
    /// Outstanding on receivables due on `as_of` or later.
    pub not_due: i64,
    pub buckets: Vec<AgingBucket>,
    /// Everything outstanding: `not_due` plus every bucket.
    pub total: i64,
    /// With `group_by`: one page of groups, largest total first, then id.
    pub groups: Option<Vec<AgingGroup>>,
    pub next_cursor: Option<String>,
}

/// The bucket bounds of a request: ascending, positive, at most [`MAX_AGING_BOUNDS`].
pub(crate) fn aging_bounds(bounds: Option<&[i64]>) -> DomainResult<Vec<i64>> {
    let Some(bounds) = bounds else { return Ok(DEFAULT_AGING_BOUNDS.to_vec()) };
    if bounds.is_empty() || bounds.len() > MAX_AGING_BOUNDS {
        return Err(DomainError::validation("buckets", format!("give 1 to {MAX_AGING_BOUNDS} day bounds")));
    }
    if bounds.iter().any(|&b| b <= 0 || b > 36_500) {
        return Err(DomainError::validation("buckets", "each bound must be a number of days from 1 to 36500"));
    }
    if bounds.windows(2).any(|w| w[0] >= w[1]) {
        return Err(DomainError::validation("buckets", "bounds must be strictly ascending"));
    }
    Ok(bounds.to_vec())
}

/// The empty buckets of `bounds`: `1-b0`, `b0+1 - b1`, ..., `bn+`.
pub(crate) fn empty_buckets(bounds: &[i64]) -> Vec<AgingBucket> {
    let mut out = Vec::with_capacity(bounds.len() + 1);
    let mut min = 1;
    for &b in bounds {
        out.push(AgingBucket {
            label: format!("{min}-{b}"),
            min_days: min,
            max_days: Some(b),
            amount: 0,
            receivables: 0,
        });
        min = b + 1;
    }
    let last = bounds.last().copied().unwrap_or(0);
    out.push(AgingBucket { label: format!("{last}+"), min_days: min, max_days: None, amount: 0, receivables: 0 });
    out
}

/// The due dates that split the buckets as of `as_of`: a receivable is in bucket `i` (0 the first overdue
/// one) when due before `limits[i]` and on or after `limits[i + 1]`; `limits[0]` is `as_of` (due before it:
/// overdue).
pub(crate) fn bucket_limits(as_of: NaiveDate, bounds: &[i64]) -> Vec<NaiveDate> {
    std::iter::once(as_of).chain(bounds.iter().map(|&b| shift(as_of, -b))).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    fn term(order: &str, seq: i64, due: &str, amount: i64) -> Term {
        Term { order_id: order.into(), seq, order_date: d("2026-01-01"), due_date: d(due), amount_base: amount }
    }

    fn receipt(order: Option<&str>, receivable: Option<(&str, i64)>, amount: i64) -> ReceiptFact {
        ReceiptFact {
            order_id: order.map(str::to_string),
            receivable: receivable.map(|(o, s)| (o.to_string(), s)),
            receipt_date: d("2026-02-01"),
            amount_base: amount,
        }
    }

    #[test]
    fn doc_6_a_named_receivable_then_a_named_order_then_the_oldest() {
        let terms = [
            term("a", 1, "2026-01-31", 100),
            term("b", 1, "2026-02-28", 100),
            term("b", 2, "2026-03-31", 100),
            term("c", 1, "2026-01-15", 100),
        ];
        let receipts = [
            receipt(None, Some(("b", 2)), 30), // b#2: 70 left
            receipt(Some("b"), None, 150),     // b#1 paid, b#2 50 more: 20 left
            receipt(None, None, 120),          // c paid, a 20: 80 left
            receipt(Some("zzz"), None, 5),     // names nothing counting: the pool, a 75 left
            receipt(None, Some(("b", 9)), 1),  // no such receivable: the pool, a 74 left
        ];
        let refs: Vec<&ReceiptFact> = receipts.iter().collect();
        assert_eq!(settle(&terms, &refs), vec![74, 0, 20, 0]);
    }

    #[test]
    fn doc_6_overpayment_is_credit_and_the_order_of_receipts_does_not_matter() {
        let terms = [term("a", 1, "2026-01-31", 100), term("b", 1, "2026-02-28", 50)];
        let receipts = [receipt(Some("a"), None, 500), receipt(None, Some(("b", 1)), 10)];
        let mut refs: Vec<&ReceiptFact> = receipts.iter().collect();
        assert_eq!(settle(&terms, &refs), vec![0, 0]);
        refs.reverse();
        assert_eq!(settle(&terms, &refs), vec![0, 0]);
    }

    #[test]
    fn doc_6_buckets_and_overdue_days() {
        assert_eq!(overdue_days(d("2026-03-01"), d("2026-03-01")), 0);
        assert_eq!(overdue_days(d("2026-03-01"), d("2026-03-31")), 30);
        assert_eq!(overdue_days(d("2026-04-01"), d("2026-03-01")), 0);
        let labels: Vec<String> = empty_buckets(&DEFAULT_AGING_BOUNDS).into_iter().map(|b| b.label).collect();
        assert_eq!(labels, ["1-30", "31-60", "61-90", "90+"]);
        assert_eq!(bucket_limits(d("2026-03-31"), &[30])[1], d("2026-03-01"));
        assert!(aging_bounds(Some(&[30, 30])).is_err());
        assert!(aging_bounds(Some(&[0, 30])).is_err());
        assert!(aging_bounds(Some(&[])).is_err());
        assert!(aging_bounds(Some(&(1..=13).collect::<Vec<_>>())).is_err());
        assert_eq!(aging_bounds(None).unwrap(), vec![30, 60, 90]);
    }
}

/// DOC-10: who owns receivables.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
pub enum ReceivablesOwner {
    /// The engine derives them from counting orders and settles them with receipts (DOC-6).
    #[default]
    Engine,
    /// The host ERP pushes them and their open amounts (`receivables.push`); the engine derives none.
    Erp,
}

impl ReceivablesOwner {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Engine => "engine",
            Self::Erp => "erp",
        }
    }

    pub fn parse(s: &str) -> Option<ReceivablesOwner> {
        match s {
            "engine" => Some(Self::Engine),
            "erp" => Some(Self::Erp),
            _ => None,
        }
    }
}

/// DOC-10: the finance settings.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct FinanceSettings {
    pub receivables_owner: ReceivablesOwner,
}

/// DOC-10: sets who owns receivables.
#[derive(Debug, Clone, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct FinanceConfigureRequest {
    pub receivables_owner: ReceivablesOwner,
    /// Required once money is recorded: the documented migration. To the ERP, the engine's open
    /// receivables are closed (kept, nothing owed) and the ERP pushes its own; to the engine, the pushed
    /// ones are closed and the engine derives every customer's receivables from its orders and receipts.
    #[serde(default)]
    pub migrate: bool,
}

/// DOC-10: a receivable the ERP owns, created or updated by `external_ref`: what an order owes, when, and
/// what is still open (its settlement). Amounts are minor units of the base currency.
#[derive(Debug, Clone, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct ReceivablePush {
    pub external_ref: String,
    /// The order it belongs to, by id or by the ERP's key (exactly one); its customer owes it.
    pub order_id: Option<String>,
    pub order_external_ref: Option<String>,
    /// `YYYY-MM-DD`.
    pub due_date: String,
    pub amount: i64,
    /// What is still open (default the whole amount); 0 settles it.
    pub outstanding: Option<i64>,
}
