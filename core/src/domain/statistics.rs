//! Per-customer statistics as of a date (CUS-4, SCORE-1): order totals, windows, receipts and receivables.
//!
//! The engine keeps one row per customer for a reference date and recomputes a
//! customer's row from that customer's own documents whenever one of them
//! changes, so a whole-database rescoring reads one row per customer and never
//! scans the orders.

use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Serialize};

use super::receivable::{self, Term};

/// Days of the "recent activities" statistic (activities in the last 90 days).
pub const RECENT_ACTIVITY_DAYS: i64 = 90;

/// A counting order of one customer (approved or later).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OrderFact {
    pub order_id: String,
    pub order_date: NaiveDate,
    pub due_date: NaiveDate,
    pub amount_base: i64,
    /// The payment plan of the contract it was made under (DOC-9); empty: one receivable on `due_date`.
    pub plan: Vec<super::contract::PlanShare>,
}

/// A receipt of one customer, in the base currency.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReceiptFact {
    pub order_id: Option<String>,
    /// The receivable it names, as (order id, instalment number).
    pub receivable: Option<(String, i64)>,
    pub receipt_date: NaiveDate,
    pub amount_base: i64,
}

/// A customer's statistics as of `as_of` (documents dated after it do not count).
/// Amounts are minor units of the base currency.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct CustomerStatistics {
    pub as_of: Option<NaiveDate>,
    pub order_count: i64,
    pub order_amount: i64,
    /// Orders of the calendar year of `as_of`, up to `as_of`.
    pub year_order_count: i64,
    pub year_order_amount: i64,
    pub largest_order: i64,
    pub first_order_date: Option<NaiveDate>,
    pub last_order_date: Option<NaiveDate>,
    /// Orders in the scoring window (`window_days` ending at `as_of`, inclusive).
    pub window_order_count: i64,
    pub window_order_amount: i64,
    pub receipts_amount: i64,
    /// Receipts of the calendar year of `as_of`, up to `as_of` (本年累计收款额).
    pub year_receipts_amount: i64,
    /// Order amounts not yet settled by receipts.
    pub outstanding_amount: i64,
    /// What the orders of the calendar year of `as_of` still owe (本年累计欠款额).
    pub year_outstanding_amount: i64,
    /// The outstanding part of receivables due before `as_of`.
    pub overdue_amount: i64,
    /// Done activities up to `as_of`.
    pub activity_count: i64,
    /// Done activities in the 90 days ending at `as_of`.
    pub recent_activity_count: i64,
    pub last_activity_date: Option<NaiveDate>,
    /// The latest due date of a receivable that received a payment: a new order due later displaces no
    /// payment in the oldest-first settlement (kept with the row, not shown).
    #[serde(skip)]
    pub(crate) last_paid_due: Option<NaiveDate>,
}

/// The first day of the window of `days` days ending at `as_of` (inclusive).
pub(crate) fn window_start(as_of: NaiveDate, days: i64) -> NaiveDate {
    shift(as_of, -(days.max(1) - 1))
}

/// `date` moved by `days`, saturating at the calendar's ends.
pub(crate) fn shift(date: NaiveDate, days: i64) -> NaiveDate {
    chrono::Duration::try_days(days).and_then(|d| date.checked_add_signed(d)).unwrap_or(if days < 0 {
        NaiveDate::MIN
    } else {
        NaiveDate::MAX
    })
}

impl CustomerStatistics {
    /// Computes a customer's statistics from its documents. `activities` are the local dates of its done activities.
    pub(crate) fn compute(
        as_of: NaiveDate,
        window_days: i64,
        orders: &[OrderFact],
        receipts: &[ReceiptFact],
        activities: &[NaiveDate],
    ) -> CustomerStatistics {
        let mut s = CustomerStatistics { as_of: Some(as_of), ..Default::default() };
        let window_from = window_start(as_of, window_days);
        let orders: Vec<&OrderFact> = orders.iter().filter(|o| o.order_date <= as_of).collect();
        for o in &orders {
            s.order_count += 1;
            s.order_amount += o.amount_base;
            s.largest_order = s.largest_order.max(o.amount_base);
            if o.order_date.year() == as_of.year() {
                s.year_order_count += 1;
                s.year_order_amount += o.amount_base;
            }
            if o.order_date >= window_from {
                s.window_order_count += 1;
                s.window_order_amount += o.amount_base;
            }
            s.first_order_date = Some(s.first_order_date.map_or(o.order_date, |d| d.min(o.order_date)));
            s.last_order_date = Some(s.last_order_date.map_or(o.order_date, |d| d.max(o.order_date)));
        }
        let receipts: Vec<&ReceiptFact> = receipts.iter().filter(|r| r.receipt_date <= as_of).collect();
        s.receipts_amount = receipts.iter().map(|r| r.amount_base).sum();
        s.year_receipts_amount =
            receipts.iter().filter(|r| r.receipt_date.year() == as_of.year()).map(|r| r.amount_base).sum();
        let settled = receivables(as_of, &orders, &receipts);
        s.outstanding_amount = settled.outstanding;
        s.overdue_amount = settled.overdue;
        s.year_outstanding_amount = settled.year_outstanding;
        s.last_paid_due = settled.last_paid_due;
        let recent_from = window_start(as_of, RECENT_ACTIVITY_DAYS);
        for &d in activities.iter().filter(|&&d| d <= as_of) {
            s.activity_count += 1;
            if d >= recent_from {
                s.recent_activity_count += 1;
            }
            s.last_activity_date = Some(s.last_activity_date.map_or(d, |l| l.max(d)));
        }
        s
    }

    /// These statistics with one more counting order added, without rereading the customer's documents;
    /// `None` when that cannot be done exactly and the caller must recompute: statistics not dated, or a
    /// receipt credit the new order could absorb. An order due before `as_of` could change which
    /// receivables are overdue, so it is `None` too; one dated after `as_of` changes nothing yet.
    ///
    /// Why it is exact otherwise: with no credit every receipt is already allocated, so the new order adds
    /// its whole amount to the outstanding total; it is due on or after `as_of`, so any receivable it
    /// displaces in the oldest-first settlement is due later still and none of them is overdue.
    pub(crate) fn with_new_order(&self, window_days: i64, order: &OrderFact) -> Option<CustomerStatistics> {
        let as_of = self.as_of?;
        if order.order_date > as_of {
            return Some(self.clone());
        }
        let credit = self.receipts_amount - (self.order_amount - self.outstanding_amount);
        let terms = receivable::terms(order);
        if credit != 0 || terms.iter().any(|t| t.due_date < as_of) {
            return None;
        }
        // A term due on or before a paid one would take that payment (oldest first): the year's
        // outstanding could move between years.
        if let Some(paid) = self.last_paid_due
            && terms.iter().any(|t| t.due_date <= paid)
        {
            return None;
        }
        let mut s = self.clone();
        let (date, amount) = (order.order_date, order.amount_base);
        s.order_count += 1;
        s.order_amount += amount;
        s.largest_order = s.largest_order.max(amount);
        if date.year() == as_of.year() {
            s.year_order_count += 1;
            s.year_order_amount += amount;
            s.year_outstanding_amount += amount;
        }
        if date >= window_start(as_of, window_days) {
            s.window_order_count += 1;
            s.window_order_amount += amount;
        }
        s.first_order_date = Some(s.first_order_date.map_or(date, |d| d.min(date)));
        s.last_order_date = Some(s.last_order_date.map_or(date, |d| d.max(date)));
        s.outstanding_amount += amount;
        Some(s)
    }

    /// DOC-10: the receivables figures from what the ERP pushed (`(due date, order date, open amount)` of
    /// each open receivable) instead of the engine's settlement.
    pub(crate) fn with_pushed_receivables(&mut self, open: &[(NaiveDate, NaiveDate, i64)]) {
        let Some(as_of) = self.as_of else { return };
        self.outstanding_amount = open.iter().map(|r| r.2).sum();
        self.overdue_amount = open.iter().filter(|r| r.0 < as_of).map(|r| r.2).sum();
        self.year_outstanding_amount = open.iter().filter(|r| r.1.year() == as_of.year()).map(|r| r.2).sum();
        self.last_paid_due = None;
    }

    /// Days from the last order to `as_of`; `None` without orders.
    pub(crate) fn days_since_last_order(&self) -> Option<i64> {
        Some((self.as_of? - self.last_order_date?).num_days())
    }
}

/// What the settlement of a customer's receivables gives the statistics.
struct Settled {
    outstanding: i64,
    /// Of receivables due before `as_of`.
    overdue: i64,
    /// Of the orders dated in the year of `as_of`.
    year_outstanding: i64,
    last_paid_due: Option<NaiveDate>,
}

/// The totals of the orders' receivables as of `as_of`, settled by the one rule the `receivables` table
/// also follows ([`receivable::settle`]).
fn receivables(as_of: NaiveDate, orders: &[&OrderFact], receipts: &[&ReceiptFact]) -> Settled {
    let terms: Vec<Term> = orders.iter().flat_map(|o| receivable::terms(o)).collect();
    let outstanding = receivable::settle(&terms, receipts);
    let mut s = Settled { outstanding: 0, overdue: 0, year_outstanding: 0, last_paid_due: None };
    for (t, &owed) in terms.iter().zip(&outstanding) {
        s.outstanding += owed;
        if t.due_date < as_of {
            s.overdue += owed;
        }
        if t.order_date.year() == as_of.year() {
            s.year_outstanding += owed;
        }
        if owed < t.amount_base {
            s.last_paid_due = Some(s.last_paid_due.map_or(t.due_date, |d| d.max(t.due_date)));
        }
    }
    s
}

#[cfg(test)]
#[allow(clippy::inconsistent_digit_grouping)] // money written as yuan_fen, scores as points_hundredths
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    fn order(id: &str, date: &str, due: &str, amount: i64) -> OrderFact {
        OrderFact { order_id: id.into(), order_date: d(date), due_date: d(due), amount_base: amount, plan: Vec::new() }
    }

    #[test]
    fn totals_windows_and_the_year_count_only_orders_up_to_as_of() {
        let orders = [
            order("a", "2025-01-10", "2025-02-10", 100_00),
            order("b", "2025-12-31", "2026-01-30", 300_00),
            order("c", "2026-02-01", "2026-03-01", 50_00),
            order("d", "2026-03-05", "2026-04-05", 999_00), // after as_of: ignored
        ];
        let s = CustomerStatistics::compute(d("2026-03-01"), 365, &orders, &[], &[]);
        assert_eq!((s.order_count, s.order_amount, s.largest_order), (3, 450_00, 300_00));
        assert_eq!((s.year_order_count, s.year_order_amount), (1, 50_00));
        // Window 2025-03-02..=2026-03-01 holds b and c, not a.
        assert_eq!((s.window_order_count, s.window_order_amount), (2, 350_00));
        assert_eq!((s.first_order_date, s.last_order_date), (Some(d("2025-01-10")), Some(d("2026-02-01"))));
        assert_eq!(s.days_since_last_order(), Some(28));
    }

    #[test]
    fn receipts_settle_the_named_order_then_the_oldest_receivables() {
        let orders = [
            order("a", "2026-01-01", "2026-01-31", 100_00),
            order("b", "2026-01-15", "2026-02-14", 200_00),
            order("c", "2026-02-20", "2026-03-20", 400_00),
        ];
        let receipts = [
            // Names c: pays 150 of c.
            ReceiptFact {
                order_id: Some("c".into()),
                receivable: None,
                receipt_date: d("2026-02-25"),
                amount_base: 150_00,
            },
            // Unnamed: pays a fully (100) and 30 of b.
            ReceiptFact { order_id: None, receivable: None, receipt_date: d("2026-02-26"), amount_base: 130_00 },
        ];
        let s = CustomerStatistics::compute(d("2026-03-01"), 365, &orders, &receipts, &[]);
        assert_eq!(s.receipts_amount, 280_00);
        // Unpaid: a 0, b 170, c 250. Due before 2026-03-01: a and b.
        assert_eq!((s.outstanding_amount, s.overdue_amount), (420_00, 170_00));
    }

    #[test]
    fn a_receipt_above_its_order_pays_the_others_and_overpayment_is_no_debt() {
        let orders = [order("a", "2026-01-01", "2026-01-31", 100_00), order("b", "2026-01-02", "2026-02-01", 50_00)];
        let receipts = [ReceiptFact {
            order_id: Some("a".into()),
            receivable: None,
            receipt_date: d("2026-01-05"),
            amount_base: 500_00,
        }];
        let s = CustomerStatistics::compute(d("2026-03-01"), 365, &orders, &receipts, &[]);
        assert_eq!((s.outstanding_amount, s.overdue_amount), (0, 0));
    }

    #[test]
    fn recent_activities_are_the_last_90_days_inclusive() {
        let days = [d("2025-12-01"), d("2025-12-02"), d("2026-02-28"), d("2026-03-02")];
        let s = CustomerStatistics::compute(d("2026-03-01"), 365, &[], &[], &days);
        // 90 days ending 2026-03-01 start on 2025-12-02.
        assert_eq!((s.activity_count, s.recent_activity_count), (3, 2));
        assert_eq!(s.last_activity_date, Some(d("2026-02-28")));
        assert_eq!(s.days_since_last_order(), None);
    }

    #[test]
    fn a_new_order_added_incrementally_equals_a_recomputation_whenever_it_is_allowed() {
        // A deterministic sweep of small random histories: orders, named and unnamed receipts, a new order
        // anywhere in time. Whenever `with_new_order` answers, it must equal computing from scratch.
        let mut state = 0x9E37_79B9_7F4A_7C15u64;
        let mut next = |n: u64| {
            state = state.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1_442_695_040_888_963_407);
            (state >> 33) % n
        };
        let as_of = d("2026-03-01");
        let day = |k: u64| shift(as_of, k as i64 - 400);
        let (mut exact, mut refused) = (0, 0);
        for case in 0..2000 {
            let orders: Vec<OrderFact> = (0..next(6))
                .map(|i| {
                    let date = day(next(420));
                    let due = shift(date, next(60) as i64);
                    OrderFact {
                        order_id: format!("o{case}-{i}"),
                        order_date: date,
                        due_date: due,
                        amount_base: 1 + next(500) as i64,
                        plan: Vec::new(),
                    }
                })
                .collect();
            let receipts: Vec<ReceiptFact> = (0..next(4))
                .map(|_| ReceiptFact {
                    order_id: (!orders.is_empty() && next(2) == 0)
                        .then(|| orders[next(orders.len() as u64) as usize].order_id.clone()),
                    receivable: None,
                    receipt_date: day(next(420)),
                    amount_base: 1 + next(400) as i64,
                })
                .collect();
            let date = day(next(420));
            let new = OrderFact {
                order_id: format!("new{case}"),
                order_date: date,
                due_date: shift(date, next(90) as i64),
                amount_base: 1 + next(500) as i64,
                plan: Vec::new(),
            };
            let before = CustomerStatistics::compute(as_of, 365, &orders, &receipts, &[]);
            let mut all = orders.clone();
            all.push(new.clone());
            let after = CustomerStatistics::compute(as_of, 365, &all, &receipts, &[]);
            match before.with_new_order(365, &new) {
                Some(incremental) => {
                    assert_eq!(incremental, after, "case {case}");
                    exact += 1;
                }
                None => refused += 1,
            }
        }
        assert!(exact > 200 && refused > 200, "both paths exercised: {exact} exact, {refused} refused");
    }
}
