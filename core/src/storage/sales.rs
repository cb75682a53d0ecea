//! Receipts (DOC-6, DOC-8) and each customer's counting facts: the orders and receipts its statistics read.

use chrono::{DateTime, Utc};
use rusqlite::types::Value as SqlValue;
use rusqlite::{OptionalExtension, Row};

use super::db::Tx;
use super::error::StorageResult;
use super::row;
use super::row_writer::Columns;
use crate::domain::calendar;
use crate::domain::sales::Receipt;
use crate::domain::statistics::{OrderFact, ReceiptFact};

const RECEIPT_COLS: &str =
    "id, customer_id, order_id, receipt_date, amount, currency, fx_rate, amount_base, external_ref,
    created_at, receivable_id";

fn receipt_row(r: &Row<'_>) -> rusqlite::Result<Receipt> {
    Ok(Receipt {
        id: r.get(0)?,
        customer_id: r.get(1)?,
        order_id: r.get(2)?,
        receipt_date: row::get_date(r, 3)?,
        amount: r.get(4)?,
        currency: r.get(5)?,
        fx_rate: row::get_fx_rate(r, 6)?,
        amount_base: r.get(7)?,
        external_ref: r.get(8)?,
        created_at: row::get_instant(r, 9)?,
        receivable_id: r.get(10)?,
    })
}

/// The stored columns of a receipt.
const RECEIPT_COLUMNS: Columns = Columns {
    table: "receipts",
    names: &[
        "id",
        "customer_id",
        "order_id",
        "receipt_date",
        "amount",
        "currency",
        "fx_rate",
        "amount_base",
        "external_ref",
        "created_at",
        "receivable_id",
    ],
};

/// A receipt's values in the order of [`RECEIPT_COLUMNS`].
fn receipt_values(r: &Receipt) -> Vec<SqlValue> {
    vec![
        r.id.clone().into(),
        r.customer_id.clone().into(),
        r.order_id.clone().into(),
        calendar::format_date(r.receipt_date).into(),
        r.amount.into(),
        r.currency.clone().into(),
        r.fx_rate.to_string().into(),
        r.amount_base.into(),
        r.external_ref.clone().into(),
        row::instant(r.created_at).into(),
        r.receivable_id.clone().into(),
    ]
}

/// The statuses that count, as an SQL list.
pub(super) const COUNTING: &str = "('approved', 'partially_delivered', 'delivered', 'completed')";

/// An order that counts in its customer's statistics, with the customer it belongs to.
pub(crate) struct CountingOrder {
    pub customer_id: String,
    pub fact: OrderFact,
}

impl Tx<'_> {
    /// An order as its customer's statistics count it, if it exists and counts.
    pub(crate) fn counting_order_fact(&self, id: &str) -> StorageResult<Option<CountingOrder>> {
        let sql = format!(
            "SELECT customer_id, order_date, due_date, amount_base - returned_base, contract_id FROM orders
              WHERE id = ?1 AND status IN {COUNTING}"
        );
        let fact = |r: &Row<'_>| {
            let (customer_id, contract_id): (String, Option<String>) = (r.get(0)?, r.get(4)?);
            let fact = OrderFact {
                order_id: id.to_string(),
                order_date: row::get_date(r, 1)?,
                due_date: row::get_date(r, 2)?,
                amount_base: r.get(3)?,
                plan: Vec::new(),
            };
            Ok((CountingOrder { customer_id, fact }, contract_id))
        };
        let Some((mut order, contract_id)) = self.conn.prepare_cached(&sql)?.query_row([id], fact).optional()? else {
            return Ok(None);
        };
        if let Some(k) = contract_id {
            order.fact.plan = self.contract_plan_shares(&k)?;
        }
        Ok(Some(order))
    }

    pub(crate) fn receipt_by_ref(&self, external_ref: &str) -> StorageResult<Option<Receipt>> {
        let sql = format!("SELECT {RECEIPT_COLS} FROM receipts WHERE external_ref = ?1");
        Ok(self.conn.prepare_cached(&sql)?.query_row([external_ref], receipt_row).optional()?)
    }

    /// Saves a receipt: inserts it (`before` is `None`), or updates the columns that changed since `before`.
    pub(crate) fn save_receipt(&self, before: Option<&Receipt>, r: &Receipt) -> StorageResult<()> {
        match before {
            None => self.insert_row(&RECEIPT_COLUMNS, receipt_values(r)),
            Some(b) => self.update_changed(&RECEIPT_COLUMNS, receipt_values(b), receipt_values(r)).map(|_| ()),
        }
    }

    /// A customer's counting orders (approved or later), with the payment plans of their contracts.
    pub(crate) fn customer_order_facts(&self, customer_id: &str) -> StorageResult<Vec<OrderFact>> {
        let sql = format!(
            "SELECT id, order_date, due_date, amount_base - returned_base, contract_id FROM orders
              WHERE customer_id = ?1 AND status IN {COUNTING}"
        );
        let mut stmt = self.conn.prepare_cached(&sql)?;
        let rows = stmt.query_map([customer_id], |r| {
            let fact = OrderFact {
                order_id: r.get(0)?,
                order_date: row::get_date(r, 1)?,
                due_date: row::get_date(r, 2)?,
                amount_base: r.get(3)?,
                plan: Vec::new(),
            };
            Ok((fact, r.get::<_, Option<String>>(4)?))
        })?;
        let rows: Vec<(OrderFact, Option<String>)> = rows.collect::<Result<_, _>>()?;
        let mut plans: std::collections::HashMap<String, Vec<crate::domain::contract::PlanShare>> = Default::default();
        let mut facts = Vec::with_capacity(rows.len());
        for (mut fact, contract_id) in rows {
            if let Some(k) = contract_id {
                if !plans.contains_key(&k) {
                    let plan = self.contract_plan_shares(&k)?;
                    plans.insert(k.clone(), plan);
                }
                fact.plan = plans[&k].clone();
            }
            facts.push(fact);
        }
        Ok(facts)
    }

    /// A customer's receipts, in the base currency.
    pub(crate) fn customer_receipt_facts(&self, customer_id: &str) -> StorageResult<Vec<ReceiptFact>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT r.order_id, rv.order_id, rv.seq, r.receipt_date, r.amount_base
                 FROM receipts r LEFT JOIN receivables rv ON rv.id = r.receivable_id WHERE r.customer_id = ?1",
        )?;
        let rows = stmt.query_map([customer_id], |r| {
            let named: Option<String> = r.get(1)?;
            Ok(ReceiptFact {
                order_id: r.get(0)?,
                receivable: match named {
                    Some(order) => Some((order, r.get(2)?)),
                    None => None,
                },
                receipt_date: row::get_date(r, 3)?,
                amount_base: r.get(4)?,
            })
        })?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// When a customer's done (live) activities were completed.
    pub(crate) fn customer_done_activity_times(&self, customer_id: &str) -> StorageResult<Vec<DateTime<Utc>>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT completed_at FROM activities
             WHERE customer_id = ?1 AND status = 'done' AND archived_at IS NULL AND completed_at IS NOT NULL",
        )?;
        let rows = stmt.query_map([customer_id], |r| row::get_instant(r, 0))?;
        Ok(rows.collect::<Result<_, _>>()?)
    }
}
