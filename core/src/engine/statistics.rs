//! Keeping per-customer statistics (CUS-4): recompute a customer's row when its documents change, and move the reference date.
//!
//! Rows hold statistics as of a reference date (meta `stats_as_of`) with a
//! scoring window (meta `stats_window_days`, default 365). A write recomputes
//! the rows of the customers it touched, from their own documents; moving the
//! reference date recomputes only the customers with a document or activity in
//! the days that move in or out of a total, the window or the 90-day count.

use std::collections::{BTreeMap, BTreeSet};

use chrono::{Datelike, NaiveDate};

use super::Ctx;
use super::EngineResult;
use crate::domain::calendar;
use crate::domain::receivable::ReceivablesOwner;
use crate::domain::statistics::{CustomerStatistics, RECENT_ACTIVITY_DAYS, shift, window_start};
use crate::storage::TouchedRanges;

/// The default scoring window.
pub const DEFAULT_WINDOW_DAYS: i64 = 365;

const AS_OF_KEY: &str = "stats_as_of";
const WINDOW_KEY: &str = "stats_window_days";
const REBUILD_KEY: &str = "stats_rebuild";

/// The organisation's local date now.
pub(crate) fn today(cx: &mut Ctx<'_>) -> EngineResult<NaiveDate> {
    let offset = cx.organisation()?.utc_offset_minutes;
    Ok(calendar::local_date(cx.now, offset))
}

/// The reference date and window of the stored rows, if they were ever built.
pub(crate) fn reference(cx: &Ctx<'_>) -> EngineResult<Option<(NaiveDate, i64)>> {
    let as_of = cx.tx.meta_get(AS_OF_KEY)?.and_then(|s| calendar::parse_date("stats_as_of", &s).ok());
    let window = cx.tx.meta_get(WINDOW_KEY)?.and_then(|s| s.parse().ok()).unwrap_or(DEFAULT_WINDOW_DAYS);
    Ok(as_of.map(|d| (d, window)))
}

/// Computes a customer's statistics as of any date, from its documents.
pub(crate) fn compute(
    cx: &mut Ctx<'_>,
    customer_id: &str,
    as_of: NaiveDate,
    window: i64,
) -> EngineResult<CustomerStatistics> {
    let offset = cx.organisation()?.utc_offset_minutes;
    let orders = cx.tx.customer_order_facts(customer_id)?;
    let receipts = cx.tx.customer_receipt_facts(customer_id)?;
    let activities: Vec<NaiveDate> =
        cx.tx.customer_done_activity_times(customer_id)?.into_iter().map(|t| calendar::local_date(t, offset)).collect();
    let mut stats = CustomerStatistics::compute(as_of, window, &orders, &receipts, &activities);
    if cx.receivables_owner()? == ReceivablesOwner::Erp {
        // DOC-10: what is owed is what the ERP pushed, as it stands.
        stats.with_pushed_receivables(&cx.tx.pushed_receivable_facts(customer_id)?);
    }
    Ok(stats)
}

/// A customer's statistics as of `as_of`: the stored row when it is for that date, else computed.
pub(crate) fn as_of(cx: &mut Ctx<'_>, customer_id: &str, as_of: NaiveDate) -> EngineResult<CustomerStatistics> {
    match reference(cx)? {
        Some((date, _)) if date == as_of => Ok(cx.tx.customer_stats(customer_id, as_of)?),
        Some((_, window)) => compute(cx, customer_id, as_of, window),
        None => compute(cx, customer_id, as_of, DEFAULT_WINDOW_DAYS),
    }
}

/// Recomputes the stored rows of `customers` after a write changed their documents, and adds `new_orders`
/// to the rows of the other customers as deltas where that is exact (moving the reference date forward to
/// today first, so rows never lag the calendar).
pub(crate) fn refresh(
    cx: &mut Ctx<'_>,
    customers: &BTreeSet<String>,
    new_orders: &[(String, String)],
) -> EngineResult<()> {
    if customers.is_empty() && new_orders.is_empty() {
        return Ok(());
    }
    let today = today(cx)?;
    // Moving the date recomputes rows from the documents as they are now, new orders included: those
    // customers then take no delta.
    let (as_of, window, moved) = match reference(cx)? {
        Some((date, window)) if date >= today => (date, window, false),
        Some((_, window)) => {
            move_reference(cx, today, window)?;
            (today, window, true)
        }
        None => {
            move_reference(cx, today, DEFAULT_WINDOW_DAYS)?;
            (today, DEFAULT_WINDOW_DAYS, true)
        }
    };
    for id in customers {
        let stats = compute(cx, id, as_of, window)?;
        cx.tx.save_customer_stats(id, &stats)?;
    }
    // Each new order once (a batch retried item by item may name it twice), as it is stored now: an
    // order rolled back with a failed batch item, or no longer this customer's, sends the customer to a
    // recomputation instead.
    let mut recompute: BTreeSet<&str> = BTreeSet::new();
    // DOC-10: with the ERP owning receivables a new order owes nothing by itself; recompute instead.
    let erp = !new_orders.is_empty() && cx.receivables_owner()? == ReceivablesOwner::Erp;
    let mut added: BTreeMap<&str, CustomerStatistics> = BTreeMap::new();
    let mut seen: BTreeSet<&str> = BTreeSet::new();
    for (customer, order_id) in new_orders {
        if customers.contains(customer) || recompute.contains(customer.as_str()) || !seen.insert(order_id) {
            continue;
        }
        let current = match added.remove(customer.as_str()) {
            Some(s) => Some(s),
            None => cx.tx.stored_customer_stats(customer, as_of)?,
        };
        let next = match (current, moved || erp) {
            (Some(s), false) => match cx.tx.counting_order_fact(order_id)? {
                Some(order) if order.customer_id == *customer => s.with_new_order(window, &order.fact),
                _ => None,
            },
            _ => None,
        };
        match next {
            Some(s) => {
                added.insert(customer, s);
            }
            None => {
                recompute.insert(customer);
            }
        }
    }
    for (id, stats) in &added {
        cx.tx.save_customer_stats(id, stats)?;
    }
    for id in recompute {
        let stats = compute(cx, id, as_of, window)?;
        cx.tx.save_customer_stats(id, &stats)?;
    }
    Ok(())
}

/// Recomputes every stored row at its reference date once, when a migration asked for it (meta
/// `stats_rebuild`: the rows gained figures older versions did not keep).
pub(crate) fn rebuild_once(cx: &mut Ctx<'_>) -> EngineResult<()> {
    if cx.tx.meta_get(REBUILD_KEY)?.is_none() {
        return Ok(());
    }
    if let Some((as_of, window)) = reference(cx)? {
        for id in cx.tx.customers_touched_all()? {
            let stats = compute(cx, &id, as_of, window)?;
            cx.tx.save_customer_stats(&id, &stats)?;
        }
    }
    cx.tx.meta_delete(REBUILD_KEY)?;
    Ok(())
}

/// Makes the stored rows statistics as of `as_of` with a `window`-day scoring window.
pub(crate) fn move_reference(cx: &mut Ctx<'_>, as_of: NaiveDate, window: i64) -> EngineResult<()> {
    let touched: Vec<String> = match reference(cx)? {
        Some((old, old_window)) if old == as_of && old_window == window => return Ok(()),
        Some((old, old_window)) if old_window == window => {
            let offset = cx.organisation()?.utc_offset_minutes;
            cx.tx.customers_touched_between(&touched_ranges(old, as_of, window, offset))?
        }
        // A first build, or a new window length: every customer with documents.
        _ => cx.tx.customers_touched_all()?,
    };
    for id in &touched {
        let stats = compute(cx, id, as_of, window)?;
        cx.tx.save_customer_stats(id, &stats)?;
    }
    cx.tx.meta_set(AS_OF_KEY, &calendar::format_date(as_of))?;
    cx.tx.meta_set(WINDOW_KEY, &window.to_string())?;
    Ok(())
}

/// The dates whose documents change some statistic when the reference date moves from `old` to `new`,
/// exactly (a statistic as of a date counts what is dated on or before it, the window and the 90 days end
/// on it, and a receivable is overdue when due before it). With `lo` and `hi` the earlier and later date:
/// orders, receipts and activities dated in `(lo, hi]` enter or leave the totals; receivables due in
/// `[lo, hi)` become or stop being overdue; orders dated from the earlier window start up to the day
/// before the later one leave or enter the window (activities likewise for the 90 days); and a new year
/// changes the year totals of every order since the first of January of `lo`'s year.
fn touched_ranges(old: NaiveDate, new: NaiveDate, window: i64, offset: i32) -> TouchedRanges {
    let (lo, hi) = (old.min(new), old.max(new));
    let entered = (shift(lo, 1), hi);
    let window_starts = (window_start(lo, window), shift(window_start(hi, window), -1));
    let years = (lo.year() != hi.year()).then(|| (NaiveDate::from_ymd_opt(lo.year(), 1, 1).unwrap_or(lo), hi));
    let recent = (window_start(lo, RECENT_ACTIVITY_DAYS), shift(window_start(hi, RECENT_ACTIVITY_DAYS), -1));
    let instants = |(a, b): (NaiveDate, NaiveDate)| {
        (calendar::local_day_bounds(a, offset).0, calendar::local_day_bounds(b, offset).1)
    };
    TouchedRanges {
        dates: entered,
        due_dates: (lo, shift(hi, -1)),
        window_starts,
        years,
        activity_times: [instants(entered), instants(recent)],
    }
}
