//! Receivable rows (DOC-6): save and load, the facts of the new-order fast path, lists in scope, and the aging report's sums by bucket and group.

use chrono::{DateTime, NaiveDate, Utc};
use rusqlite::types::Value as SqlValue;
use rusqlite::{OptionalExtension, Row, params, params_from_iter};

use super::db::Tx;
use super::error::StorageResult;
use super::row;
use super::row_writer::Columns;
use super::scope::ListScope;
use crate::domain::calendar;
use crate::domain::entity::Entity;
use crate::domain::receivable::AgingGrouping;

/// A stored receivable.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct ReceivableRow {
    pub id: String,
    pub customer_id: String,
    pub order_id: String,
    pub seq: i64,
    pub due_date: NaiveDate,
    pub amount_base: i64,
    pub outstanding_base: i64,
    pub closed_at: Option<DateTime<Utc>>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    /// The ERP's key of a receivable it pushed (origin `erp`, DOC-10); `None`: the engine derived it.
    pub external_ref: Option<String>,
}

const COLS: &str = "id, customer_id, order_id, seq, due_date, amount_base, outstanding_base, closed_at, created_at,
    updated_at, external_ref";

const COLUMNS: Columns = Columns {
    table: "receivables",
    names: &[
        "id",
        "customer_id",
        "order_id",
        "seq",
        "due_date",
        "amount_base",
        "outstanding_base",
        "closed_at",
        "created_at",
        "updated_at",
        "external_ref",
        "origin",
    ],
};

fn values(r: &ReceivableRow) -> Vec<SqlValue> {
    vec![
        r.id.clone().into(),
        r.customer_id.clone().into(),
        r.order_id.clone().into(),
        r.seq.into(),
        calendar::format_date(r.due_date).into(),
        r.amount_base.into(),
        r.outstanding_base.into(),
        r.closed_at.map(row::instant).into(),
        row::instant(r.created_at).into(),
        row::instant(r.updated_at).into(),
        r.external_ref.clone().into(),
        if r.external_ref.is_some() { "erp" } else { "engine" }.to_string().into(),
    ]
}

fn receivable_row(r: &Row<'_>) -> rusqlite::Result<ReceivableRow> {
    Ok(ReceivableRow {
        id: r.get(0)?,
        customer_id: r.get(1)?,
        order_id: r.get(2)?,
        seq: r.get(3)?,
        due_date: row::get_date(r, 4)?,
        amount_base: r.get(5)?,
        outstanding_base: r.get(6)?,
        closed_at: row::get_opt_instant(r, 7)?,
        created_at: row::get_instant(r, 8)?,
        updated_at: row::get_instant(r, 9)?,
        external_ref: r.get(10)?,
    })
}

/// Which receivables a list holds (the engine checked access to the customer or order it names).
pub(crate) struct ReceivableFilter<'a> {
    pub customer_id: Option<&'a str>,
    pub order_id: Option<&'a str>,
    pub open_only: bool,
    /// The id after which the page starts.
    pub after: Option<&'a str>,
}

/// Outstanding amounts and counts per bucket: index 0 not yet due, then each bucket.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct BucketSums {
    pub amounts: Vec<i64>,
    pub counts: Vec<i64>,
}

/// One group of the aging report: its key (`''` for none), name and amount per bucket (index 0 not due).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct AgingGroupRow {
    pub key: String,
    pub name: Option<String>,
    pub amounts: Vec<i64>,
    pub total: i64,
}

/// Where an aging page starts: after the group with this total and key.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct AgingCursor {
    pub total: i64,
    pub key: String,
}

/// The bucket of `r.due_date` as SQL (0 not due, 1.. the buckets), with the limits bound as parameters.
fn bucket_sql(limits: &[NaiveDate], params: &mut Vec<SqlValue>) -> String {
    let mut sql = String::from("CASE");
    for (i, limit) in limits.iter().enumerate() {
        params.push(calendar::format_date(*limit).into());
        sql.push_str(&format!(" WHEN r.due_date >= ?{} THEN {i}", params.len()));
    }
    sql.push_str(&format!(" ELSE {} END", limits.len()));
    sql
}

impl Tx<'_> {
    pub(crate) fn receivable(&self, id: &str) -> StorageResult<Option<ReceivableRow>> {
        let sql = format!("SELECT {COLS} FROM receivables WHERE id = ?1");
        Ok(self.conn.prepare_cached(&sql)?.query_row([id], receivable_row).optional()?)
    }

    pub(crate) fn receivable_by_external_ref(&self, external_ref: &str) -> StorageResult<Option<ReceivableRow>> {
        let sql = format!("SELECT {COLS} FROM receivables WHERE external_ref = ?1");
        Ok(self.conn.prepare_cached(&sql)?.query_row([external_ref], receivable_row).optional()?)
    }

    /// The next instalment number of an order's receivables.
    pub(crate) fn next_receivable_seq(&self, order_id: &str) -> StorageResult<i64> {
        Ok(self
            .conn
            .prepare_cached("SELECT COALESCE(MAX(seq), 0) + 1 FROM receivables WHERE order_id = ?1")?
            .query_row([order_id], |r| r.get(0))?)
    }

    /// DOC-10: whether any money is recorded (a receivable or a receipt).
    pub(crate) fn money_recorded(&self) -> StorageResult<bool> {
        Ok(self
            .conn
            .prepare_cached("SELECT EXISTS (SELECT 1 FROM receivables) OR EXISTS (SELECT 1 FROM receipts)")?
            .query_row([], |r| r.get(0))?)
    }

    /// The open receivables of one origin (`engine` or `erp`).
    pub(crate) fn open_receivables_of_origin(&self, origin: &str) -> StorageResult<Vec<ReceivableRow>> {
        let sql = format!("SELECT {COLS} FROM receivables WHERE origin = ?1 AND closed_at IS NULL");
        let mut stmt = self.conn.prepare_cached(&sql)?;
        Ok(stmt.query_map([origin], receivable_row)?.collect::<Result<_, _>>()?)
    }

    /// The customers with counting orders (whose receivables the engine derives).
    pub(crate) fn customers_with_counting_orders(&self) -> StorageResult<Vec<String>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT DISTINCT customer_id FROM orders
              WHERE status IN ('approved', 'partially_delivered', 'delivered', 'completed') ORDER BY customer_id",
        )?;
        Ok(stmt.query_map([], |r| r.get(0))?.collect::<Result<_, _>>()?)
    }

    /// DOC-10: a customer's open pushed receivables as the statistics count them: (due date, the order's
    /// date, outstanding).
    pub(crate) fn pushed_receivable_facts(&self, customer_id: &str) -> StorageResult<Vec<(NaiveDate, NaiveDate, i64)>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT r.due_date, o.order_date, r.outstanding_base FROM receivables r JOIN orders o ON o.id = r.order_id
              WHERE r.customer_id = ?1 AND r.origin = 'erp' AND r.closed_at IS NULL AND r.outstanding_base > 0",
        )?;
        let rows = stmt.query_map([customer_id], |r| Ok((row::get_date(r, 0)?, row::get_date(r, 1)?, r.get(2)?)))?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    pub(crate) fn receivable_of_order(&self, order_id: &str, seq: i64) -> StorageResult<Option<ReceivableRow>> {
        let sql = format!("SELECT {COLS} FROM receivables WHERE order_id = ?1 AND seq = ?2");
        Ok(self.conn.prepare_cached(&sql)?.query_row(params![order_id, seq], receivable_row).optional()?)
    }

    /// Every receivable stored under a customer, closed ones included.
    pub(crate) fn customer_receivables(&self, customer_id: &str) -> StorageResult<Vec<ReceivableRow>> {
        let sql = format!("SELECT {COLS} FROM receivables WHERE customer_id = ?1");
        let mut stmt = self.conn.prepare_cached(&sql)?;
        let rows = stmt.query_map([customer_id], receivable_row)?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// Saves a receivable: inserts it (`before` is `None`), or updates the columns that changed; and moves
    /// its open amount in the aging report's kept totals (the only writer of receivables keeps them).
    pub(crate) fn save_receivable(&self, before: Option<&ReceivableRow>, r: &ReceivableRow) -> StorageResult<()> {
        match before {
            None => self.insert_row(&COLUMNS, values(r))?,
            Some(b) => {
                self.update_changed(&COLUMNS, values(b), values(r))?;
            }
        }
        fn open(x: &ReceivableRow) -> Option<(&str, NaiveDate, i64)> {
            (x.outstanding_base > 0).then_some((x.customer_id.as_str(), x.due_date, x.outstanding_base))
        }
        match (before.and_then(open), open(r)) {
            (Some(b), Some(a)) if (b.0, b.1) == (a.0, a.1) => {
                if a.2 != b.2 {
                    self.move_open_totals(a.0, a.1, a.2 - b.2, 0)?;
                }
            }
            (b, a) => {
                if let Some((customer, due, amount)) = b {
                    self.move_open_totals(customer, due, -amount, -1)?;
                }
                if let Some((customer, due, amount)) = a {
                    self.move_open_totals(customer, due, amount, 1)?;
                }
            }
        }
        Ok(())
    }

    /// Adds `amount` and `count` open receivables to the kept totals of `customer_id` and of `due`; a total
    /// left counting nothing is dropped (a row exists while it counts an open receivable).
    fn move_open_totals(&self, customer_id: &str, due: NaiveDate, amount: i64, count: i64) -> StorageResult<()> {
        /// The upsert answering what a total counts after the move, and the delete of a total left at none.
        macro_rules! open_total {
            ($table:literal, $key:literal) => {
                (
                    concat!(
                        "INSERT INTO ",
                        $table,
                        " (",
                        $key,
                        ", outstanding_base, receivables) VALUES (?1, ?2, ?3)
                         ON CONFLICT (",
                        $key,
                        ") DO UPDATE SET outstanding_base = outstanding_base + excluded.outstanding_base,
                                                    receivables = receivables + excluded.receivables
                         RETURNING receivables"
                    ),
                    concat!("DELETE FROM ", $table, " WHERE ", $key, " = ?1"),
                )
            };
        }
        let due = calendar::format_date(due);
        let totals = [
            (open_total!("receivable_customer_totals", "customer_id"), customer_id),
            (open_total!("receivable_due_totals", "due_date"), due.as_str()),
        ];
        for ((upsert, drop), key) in totals {
            let left: i64 = self.conn.prepare_cached(upsert)?.query_row(params![key, amount, count], |r| r.get(0))?;
            if left == 0 {
                self.conn.prepare_cached(drop)?.execute([key])?;
            }
        }
        Ok(())
    }

    /// DOC-4's credit exposure: what the customer owes on open receivables (instalments not yet due
    /// included), leaving one order's out.
    pub(crate) fn open_receivables_total(&self, customer_id: &str, except_order: &str) -> StorageResult<i64> {
        Ok(self
            .conn
            .prepare_cached(
                "SELECT COALESCE(SUM(outstanding_base), 0) FROM receivables
                 WHERE customer_id = ?1 AND closed_at IS NULL AND order_id <> ?2",
            )?
            .query_row([customer_id, except_order], |r| r.get(0))?)
    }

    /// For the new-order fast path: the customer's unallocated credit (receipts minus what they paid on
    /// open receivables), and whether an open receivable due on or after `due` has been paid anything (a
    /// new receivable due earlier could take the oldest-first share it got).
    pub(crate) fn receivable_credit_and_later_paid(
        &self,
        customer_id: &str,
        due: NaiveDate,
    ) -> StorageResult<(i64, bool)> {
        Ok(self
            .conn
            .prepare_cached(
                "SELECT (SELECT COALESCE(SUM(amount_base), 0) FROM receipts WHERE customer_id = ?1)
                      - (SELECT COALESCE(SUM(amount_base - outstanding_base), 0) FROM receivables
                          WHERE customer_id = ?1 AND closed_at IS NULL),
                        EXISTS (SELECT 1 FROM receivables WHERE customer_id = ?1 AND due_date >= ?2
                                   AND closed_at IS NULL AND outstanding_base < amount_base)",
            )?
            .query_row(params![customer_id, calendar::format_date(due)], |r| Ok((r.get(0)?, r.get(1)?)))?)
    }

    /// One page of receivables in id order: a customer's or an order's, or (neither) the open ones `scope` reads.
    pub(crate) fn receivables_page(
        &self,
        f: &ReceivableFilter<'_>,
        limit: u32,
        scope: &ListScope,
    ) -> StorageResult<Vec<ReceivableRow>> {
        let mut params: Vec<SqlValue> = Vec::new();
        let mut wheres: Vec<String> = Vec::new();
        let bind = |params: &mut Vec<SqlValue>, v: SqlValue| {
            params.push(v);
            params.len()
        };
        if let Some(c) = f.customer_id {
            wheres.push(format!("r.customer_id = ?{}", bind(&mut params, c.to_string().into())));
        }
        if let Some(o) = f.order_id {
            wheres.push(format!("r.order_id = ?{}", bind(&mut params, o.to_string().into())));
        }
        if f.customer_id.is_none() && f.order_id.is_none() {
            wheres.push(scope.filter(Entity::Receivable, "r", &mut params));
        }
        if f.open_only {
            wheres.push("r.outstanding_base > 0".into());
        }
        if let Some(after) = f.after {
            wheres.push(format!("r.id > ?{}", bind(&mut params, after.to_string().into())));
        }
        let n = bind(&mut params, i64::from(limit).into());
        let cols = COLS.split(", ").map(|c| format!("r.{c}")).collect::<Vec<_>>().join(", ");
        let sql = format!("SELECT {cols} FROM receivables r WHERE {} ORDER BY r.id LIMIT ?{n}", wheres.join(" AND "));
        let mut stmt = self.conn.prepare(&sql)?;
        let rows = stmt.query_map(params_from_iter(params), receivable_row)?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// Outstanding per bucket over the open receivables of the customers `scope` reports on. The whole
    /// organisation's are summed from the kept totals per due date (`receivable_due_totals`, one row per
    /// date), a narrower scope's from its customers' open receivables.
    pub(crate) fn aging_totals(&self, scope: &ListScope, limits: &[NaiveDate]) -> StorageResult<BucketSums> {
        let mut params = Vec::new();
        let bucket = bucket_sql(limits, &mut params);
        let filter = scope.filter(Entity::Customer, "c", &mut params);
        let sql = if filter == "1" {
            format!(
                "SELECT {bucket} AS b, SUM(r.outstanding_base), SUM(r.receivables) FROM receivable_due_totals r GROUP BY b"
            )
        } else {
            format!(
                "SELECT {bucket} AS b, SUM(r.outstanding_base), COUNT(*)
                 FROM customers c JOIN receivables r ON r.customer_id = c.id AND r.outstanding_base > 0 AND {filter}
                 WHERE r.outstanding_base > 0 GROUP BY b"
            )
        };
        let mut sums = BucketSums { amounts: vec![0; limits.len() + 1], counts: vec![0; limits.len() + 1] };
        let mut stmt = self.conn.prepare(&sql)?;
        let mut rows = stmt.query(params_from_iter(params))?;
        while let Some(r) = rows.next()? {
            let b: usize = r.get::<_, i64>(0)? as usize;
            sums.amounts[b] = r.get(1)?;
            sums.counts[b] = r.get(2)?;
        }
        Ok(sums)
    }

    /// One page of groups (largest total first, then key) over the open receivables of the customers
    /// `scope` reports on; `limit` rows after `cursor`.
    pub(crate) fn aging_groups(
        &self,
        scope: &ListScope,
        limits: &[NaiveDate],
        by: AgingGrouping,
        cursor: Option<&AgingCursor>,
        limit: u32,
    ) -> StorageResult<Vec<AgingGroupRow>> {
        if by == AgingGrouping::Customer {
            return self.aging_customer_groups(scope, limits, cursor, limit);
        }
        let mut params = Vec::new();
        let bucket = bucket_sql(limits, &mut params);
        let filter = scope.filter(Entity::Customer, "c", &mut params);
        let (key, join) = match by {
            AgingGrouping::Customer => unreachable!("grouped by customer above"),
            AgingGrouping::Owner => {
                ("COALESCE(c.owner_id, '')", "customers c JOIN receivables r ON r.customer_id = c.id")
            }
            AgingGrouping::Department => {
                ("COALESCE(c.department_id, '')", "customers c JOIN receivables r ON r.customer_id = c.id")
            }
        };
        let sums: Vec<String> =
            (0..=limits.len()).map(|i| format!("SUM(CASE WHEN b = {i} THEN amt ELSE 0 END)")).collect();
        let having = match cursor {
            Some(c) => {
                params.push(c.total.into());
                let t = params.len();
                params.push(c.key.clone().into());
                format!("HAVING total < ?{t} OR (total = ?{t} AND k > ?{})", params.len())
            }
            None => String::new(),
        };
        params.push(i64::from(limit).into());
        let n = params.len();
        let name = match by {
            AgingGrouping::Customer => unreachable!("grouped by customer above"),
            AgingGrouping::Owner => "(SELECT name FROM users WHERE id = g.k)",
            AgingGrouping::Department => "(SELECT name FROM departments WHERE id = g.k)",
        };
        let sql = format!(
            "SELECT g.*, {name} FROM (
                 SELECT k, SUM(amt) AS total, {sums} FROM (
                     SELECT {key} AS k, {bucket} AS b, r.outstanding_base AS amt FROM {join}
                     WHERE r.outstanding_base > 0 AND {filter})
                 GROUP BY k {having} ORDER BY total DESC, k LIMIT ?{n}) g
             ORDER BY g.total DESC, g.k",
            sums = sums.join(", ")
        );
        let buckets = limits.len() + 1;
        let mut stmt = self.conn.prepare(&sql)?;
        let rows = stmt.query_map(params_from_iter(params), |r| aging_group_row(r, buckets))?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// One page of customers (largest total first, then id) with their amounts per bucket: the page is a walk
    /// of the kept per-customer totals (`receivable_customer_totals`, by total for the whole organisation,
    /// else over the customers in scope), and only the page's customers' open receivables are bucketed.
    fn aging_customer_groups(
        &self,
        scope: &ListScope,
        limits: &[NaiveDate],
        cursor: Option<&AgingCursor>,
        limit: u32,
    ) -> StorageResult<Vec<AgingGroupRow>> {
        let mut params = Vec::new();
        let bucket = bucket_sql(limits, &mut params);
        let filter = scope.filter(Entity::Customer, "c", &mut params);
        let from = if filter == "1" {
            "receivable_customer_totals t".to_string()
        } else {
            format!("customers c JOIN receivable_customer_totals t ON t.customer_id = c.id AND {filter}")
        };
        let after = match cursor {
            Some(c) => {
                params.push(c.total.into());
                let t = params.len();
                params.push(c.key.clone().into());
                format!(
                    "WHERE t.outstanding_base <= ?{t} AND (t.outstanding_base < ?{t} OR t.customer_id > ?{})",
                    params.len()
                )
            }
            None => String::new(),
        };
        params.push(i64::from(limit).into());
        let n = params.len();
        let sums: Vec<String> = (0..=limits.len())
            .map(|i| format!("SUM(CASE WHEN {bucket} = {i} THEN r.outstanding_base ELSE 0 END)"))
            .collect();
        let sql = format!(
            "WITH page AS MATERIALIZED (
                 SELECT t.customer_id AS k, t.outstanding_base AS total FROM {from} {after}
                 ORDER BY t.outstanding_base DESC, t.customer_id LIMIT ?{n})
             SELECT p.k, p.total, {sums}, (SELECT name FROM customers WHERE id = p.k)
             FROM page p JOIN receivables r ON r.customer_id = p.k AND r.outstanding_base > 0
             GROUP BY p.k ORDER BY p.total DESC, p.k",
            sums = sums.join(", ")
        );
        let buckets = limits.len() + 1;
        let mut stmt = self.conn.prepare(&sql)?;
        let rows = stmt.query_map(params_from_iter(params), |r| aging_group_row(r, buckets))?;
        Ok(rows.collect::<Result<_, _>>()?)
    }
}

/// A receivable as the tests compare it: (order id, seq, due date, amount, outstanding).
/// A group row of the aging queries: key, total, one amount per bucket, then the group's name.
fn aging_group_row(r: &rusqlite::Row<'_>, buckets: usize) -> rusqlite::Result<AgingGroupRow> {
    let amounts = (0..buckets).map(|i| r.get(2 + i)).collect::<rusqlite::Result<Vec<i64>>>()?;
    Ok(AgingGroupRow { key: r.get(0)?, total: r.get(1)?, amounts, name: r.get(2 + buckets)? })
}

#[cfg(test)]
pub(crate) type SnapshotRow = (String, i64, String, i64, i64);

/// A kept or computed total: (customer id or due date, outstanding, open receivables).
#[cfg(test)]
pub(crate) type TotalRow = (String, i64, i64);

#[cfg(test)]
impl Tx<'_> {
    /// Every receivable as (order id, seq, due date, amount, outstanding), in order.
    pub(crate) fn receivables_snapshot(&self) -> StorageResult<Vec<SnapshotRow>> {
        let mut stmt = self.conn.prepare(
            "SELECT order_id, seq, due_date, amount_base, outstanding_base FROM receivables
             WHERE closed_at IS NULL ORDER BY order_id, seq",
        )?;
        let rows = stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?)))?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// Empties the receivables and their kept totals and fills them again with schema v8's migration
    /// statements (those that fill an older file).
    pub(crate) fn refill_receivables_as_migrated(&self) -> StorageResult<()> {
        let sql = include_str!("schema/v8_receivables.sql");
        let start = sql.find("INSERT INTO receivables").expect("the fill statement");
        let end = sql.find("-- The triggers keeping them").expect("the totals fill's end");
        let fill = &sql[start..end];
        self.conn.execute_batch(&format!(
            "UPDATE receipts SET receivable_id = NULL; DELETE FROM receivables;
             DELETE FROM receivable_customer_totals; DELETE FROM receivable_due_totals; {fill}"
        ))?;
        Ok(())
    }

    /// The kept totals per customer and per due date, each against the same sums over the open receivables
    /// (`(kept, computed)`, rows in key order).
    pub(crate) fn receivable_totals_kept_and_computed(&self) -> StorageResult<(Vec<TotalRow>, Vec<TotalRow>)> {
        let read = |sql: &str| -> StorageResult<Vec<TotalRow>> {
            let mut stmt = self.conn.prepare(sql)?;
            let rows = stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?;
            Ok(rows.collect::<Result<_, _>>()?)
        };
        let kept = [
            read("SELECT customer_id, outstanding_base, receivables FROM receivable_customer_totals ORDER BY 1")?,
            read("SELECT due_date, outstanding_base, receivables FROM receivable_due_totals ORDER BY 1")?,
        ]
        .concat();
        let computed = [
            read(
                "SELECT customer_id, SUM(outstanding_base), COUNT(*) FROM receivables WHERE outstanding_base > 0
                 GROUP BY 1 ORDER BY 1",
            )?,
            read(
                "SELECT due_date, SUM(outstanding_base), COUNT(*) FROM receivables WHERE outstanding_base > 0
                 GROUP BY 1 ORDER BY 1",
            )?,
        ]
        .concat();
        Ok((kept, computed))
    }
}
