//! Per-customer statistics rows (CUS-4): save and load, the reference date, and whose rows a new reference date changes.

use chrono::{DateTime, NaiveDate, Utc};
use rusqlite::{OptionalExtension, Row, params};

use super::db::Tx;
use super::error::StorageResult;
use super::row;
use crate::domain::calendar;
use crate::domain::statistics::CustomerStatistics;

pub(crate) const STATS_COLS: &str = "order_count, order_amount, year_order_count, year_order_amount, largest_order,
    first_order_date, last_order_date, window_order_count, window_order_amount, receipts_amount, outstanding_amount,
    overdue_amount, activity_count, recent_activity_count, last_activity_date, year_receipts_amount,
    year_outstanding_amount, last_paid_due";

/// Reads [`STATS_COLS`] starting at column `at` (all NULL, as from a LEFT JOIN without a row: zeros).
pub(crate) fn stats_from(r: &Row<'_>, at: usize, as_of: NaiveDate) -> rusqlite::Result<CustomerStatistics> {
    let n = |i: usize| -> rusqlite::Result<i64> { Ok(r.get::<_, Option<i64>>(at + i)?.unwrap_or(0)) };
    Ok(CustomerStatistics {
        as_of: Some(as_of),
        order_count: n(0)?,
        order_amount: n(1)?,
        year_order_count: n(2)?,
        year_order_amount: n(3)?,
        largest_order: n(4)?,
        first_order_date: row::get_opt_date(r, at + 5)?,
        last_order_date: row::get_opt_date(r, at + 6)?,
        window_order_count: n(7)?,
        window_order_amount: n(8)?,
        receipts_amount: n(9)?,
        outstanding_amount: n(10)?,
        overdue_amount: n(11)?,
        activity_count: n(12)?,
        recent_activity_count: n(13)?,
        last_activity_date: row::get_opt_date(r, at + 14)?,
        year_receipts_amount: n(15)?,
        year_outstanding_amount: n(16)?,
        last_paid_due: row::get_opt_date(r, at + 17)?,
    })
}

/// The date ranges a move of the reference date touches (see [`Tx::customers_touched_between`]).
pub(crate) struct TouchedRanges {
    /// Orders and receipts dated in here enter or leave the totals.
    pub dates: (NaiveDate, NaiveDate),
    /// Receivables due in here become or stop being overdue.
    pub due_dates: (NaiveDate, NaiveDate),
    /// Orders dated in here enter or leave the scoring window.
    pub window_starts: (NaiveDate, NaiveDate),
    /// Orders dated in here may change year totals (empty when the year is unchanged).
    pub years: Option<(NaiveDate, NaiveDate)>,
    /// Activities completed in these instants enter or leave the totals or the 90-day count.
    pub activity_times: [(DateTime<Utc>, DateTime<Utc>); 2],
}

/// An open opportunity as the customer overview weighs it.
pub(crate) struct OpenOpportunity {
    pub amount_base: i64,
    pub probability: i64,
}

impl Tx<'_> {
    /// A customer's stored row, if it has one.
    pub(crate) fn stored_customer_stats(
        &self,
        customer_id: &str,
        as_of: NaiveDate,
    ) -> StorageResult<Option<CustomerStatistics>> {
        let sql = format!("SELECT {STATS_COLS} FROM customer_stats WHERE customer_id = ?1");
        Ok(self.conn.prepare_cached(&sql)?.query_row([customer_id], |r| stats_from(r, 0, as_of)).optional()?)
    }

    pub(crate) fn customer_stats(&self, customer_id: &str, as_of: NaiveDate) -> StorageResult<CustomerStatistics> {
        let found = self.stored_customer_stats(customer_id, as_of)?;
        Ok(found.unwrap_or(CustomerStatistics { as_of: Some(as_of), ..Default::default() }))
    }

    pub(crate) fn save_customer_stats(&self, customer_id: &str, s: &CustomerStatistics) -> StorageResult<()> {
        let sql = format!(
            "INSERT OR REPLACE INTO customer_stats (customer_id, {STATS_COLS})
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19)"
        );
        self.conn.prepare_cached(&sql)?.execute(params![
            customer_id,
            s.order_count,
            s.order_amount,
            s.year_order_count,
            s.year_order_amount,
            s.largest_order,
            row::opt_date(s.first_order_date),
            row::opt_date(s.last_order_date),
            s.window_order_count,
            s.window_order_amount,
            s.receipts_amount,
            s.outstanding_amount,
            s.overdue_amount,
            s.activity_count,
            s.recent_activity_count,
            row::opt_date(s.last_activity_date),
            s.year_receipts_amount,
            s.year_outstanding_amount,
            row::opt_date(s.last_paid_due),
        ])?;
        Ok(())
    }

    /// Customers with a document or done activity in the touched ranges: the rows to recompute when the
    /// reference date moves (the ranges are exact: [`TouchedRanges`]).
    pub(crate) fn customers_touched_between(&self, t: &TouchedRanges) -> StorageResult<Vec<String>> {
        let d = |x: NaiveDate| calendar::format_date(x);
        let (years_from, years_to) = t.years.map_or((String::from("9999-12-31"), String::new()), |(a, b)| (d(a), d(b)));
        let mut stmt = self.conn.prepare_cached(
            "SELECT customer_id FROM orders WHERE order_date BETWEEN ?1 AND ?2
             UNION SELECT customer_id FROM orders WHERE due_date BETWEEN ?11 AND ?12
             UNION SELECT o.customer_id FROM contract_instalments i JOIN orders o ON o.contract_id = i.contract_id
                 WHERE i.due_date BETWEEN ?11 AND ?12
             UNION SELECT customer_id FROM receivables WHERE origin = 'erp' AND due_date BETWEEN ?11 AND ?12
             UNION SELECT customer_id FROM orders WHERE order_date BETWEEN ?3 AND ?4
             UNION SELECT customer_id FROM orders WHERE order_date BETWEEN ?5 AND ?6
             UNION SELECT customer_id FROM receipts WHERE receipt_date BETWEEN ?1 AND ?2
             UNION SELECT customer_id FROM receipts WHERE receipt_date BETWEEN ?5 AND ?6
             UNION SELECT customer_id FROM activities
                 WHERE status = 'done' AND customer_id IS NOT NULL AND completed_at BETWEEN ?7 AND ?8
             UNION SELECT customer_id FROM activities
                 WHERE status = 'done' AND customer_id IS NOT NULL AND completed_at BETWEEN ?9 AND ?10",
        )?;
        let [(a0, a1), (b0, b1)] = t.activity_times;
        let rows = stmt.query_map(
            params![
                d(t.dates.0),
                d(t.dates.1),
                d(t.window_starts.0),
                d(t.window_starts.1),
                years_from,
                years_to,
                row::instant(a0),
                row::instant(a1),
                row::instant(b0),
                row::instant(b1),
                d(t.due_dates.0),
                d(t.due_dates.1),
            ],
            |r| r.get(0),
        )?;
        Ok(rows.collect::<Result<_, _>>()?)
    }
}

impl Tx<'_> {
    /// CUS-4: a customer's counting orders up to `as_of` per channel partner, largest amount first.
    pub(crate) fn customer_channel_figures(
        &self,
        customer_id: &str,
        as_of: NaiveDate,
    ) -> StorageResult<Vec<crate::domain::analytics::ChannelFigures>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT channel_partner, COUNT(*), SUM(amount_base - returned_base), MAX(order_date) FROM orders
              WHERE customer_id = ?1 AND channel_partner IS NOT NULL AND order_date <= ?2
                AND status IN ('approved', 'partially_delivered', 'delivered', 'completed')
              GROUP BY channel_partner ORDER BY 3 DESC, 1",
        )?;
        let rows = stmt.query_map(params![customer_id, calendar::format_date(as_of)], |r| {
            Ok(crate::domain::analytics::ChannelFigures {
                channel_partner: r.get(0)?,
                order_count: r.get(1)?,
                order_amount: r.get(2)?,
                last_order_date: row::get_opt_date(r, 3)?,
            })
        })?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// A customer's open opportunities: amount in the base currency and effective probability.
    pub(crate) fn customer_open_opportunities(&self, customer_id: &str) -> StorageResult<Vec<OpenOpportunity>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT o.amount_base, COALESCE(o.probability_override, st.probability)
             FROM opportunities o JOIN pipeline_stages st ON st.id = o.stage_id
             WHERE o.customer_id = ?1 AND o.status = 'open' AND o.archived_at IS NULL",
        )?;
        let rows =
            stmt.query_map([customer_id], |r| Ok(OpenOpportunity { amount_base: r.get(0)?, probability: r.get(1)? }))?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// Every customer with an order, a receipt or a done activity (a first build of the statistics).
    pub(crate) fn customers_touched_all(&self) -> StorageResult<Vec<String>> {
        let mut stmt = self.conn.prepare(
            "SELECT customer_id FROM orders UNION SELECT customer_id FROM receipts
             UNION SELECT customer_id FROM activities WHERE status = 'done' AND customer_id IS NOT NULL",
        )?;
        let rows = stmt.query_map([], |r| r.get(0))?;
        Ok(rows.collect::<Result<_, _>>()?)
    }
}
