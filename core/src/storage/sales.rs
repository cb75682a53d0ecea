//! Sales documents pushed by the ERP (DOC-8): order, delivery and receipt rows, and each customer's counting facts.

use chrono::{DateTime, Utc};
use rusqlite::types::Value as SqlValue;
use rusqlite::{OptionalExtension, Row};

use super::db::Tx;
use super::error::StorageResult;
use super::row;
use super::row_writer::Columns;
use crate::domain::calendar;
use crate::domain::sales::{Delivery, Order, OrderStatus, Receipt};
use crate::domain::statistics::{OrderFact, ReceiptFact};

const ORDER_COLS: &str = "id, code, customer_id, status, order_date, due_date, amount, currency, fx_rate, amount_base,
    delivered_amount, external_ref, created_at, updated_at, erp_number";

fn order_row(r: &Row<'_>) -> rusqlite::Result<Order> {
    Ok(Order {
        id: r.get(0)?,
        code: r.get(1)?,
        customer_id: r.get(2)?,
        status: row::get_enum(r, 3, OrderStatus::parse)?,
        order_date: row::get_date(r, 4)?,
        due_date: row::get_date(r, 5)?,
        amount: r.get(6)?,
        currency: r.get(7)?,
        fx_rate: row::get_fx_rate(r, 8)?,
        amount_base: r.get(9)?,
        delivered_amount: r.get(10)?,
        external_ref: r.get(11)?,
        created_at: row::get_instant(r, 12)?,
        updated_at: row::get_instant(r, 13)?,
        erp_number: r.get(14)?,
    })
}

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

/// The stored columns of an order.
const ORDER_COLUMNS: Columns = Columns {
    table: "orders",
    names: &[
        "id",
        "code",
        "customer_id",
        "status",
        "order_date",
        "due_date",
        "amount",
        "currency",
        "fx_rate",
        "amount_base",
        "delivered_amount",
        "external_ref",
        "created_at",
        "updated_at",
        "erp_number",
    ],
};

/// An order's values in the order of [`ORDER_COLUMNS`].
fn order_values(o: &Order) -> Vec<SqlValue> {
    vec![
        o.id.clone().into(),
        o.code.clone().into(),
        o.customer_id.clone().into(),
        o.status.as_str().to_string().into(),
        calendar::format_date(o.order_date).into(),
        calendar::format_date(o.due_date).into(),
        o.amount.into(),
        o.currency.clone().into(),
        o.fx_rate.to_string().into(),
        o.amount_base.into(),
        o.delivered_amount.into(),
        o.external_ref.clone().into(),
        row::instant(o.created_at).into(),
        row::instant(o.updated_at).into(),
        o.erp_number.clone().into(),
    ]
}

/// The stored columns of a delivery.
const DELIVERY_COLUMNS: Columns = Columns {
    table: "deliveries",
    names: &["id", "order_id", "delivery_date", "amount", "external_ref", "created_at"],
};

/// A delivery's values in the order of [`DELIVERY_COLUMNS`].
fn delivery_values(d: &Delivery) -> Vec<SqlValue> {
    vec![
        d.id.clone().into(),
        d.order_id.clone().into(),
        calendar::format_date(d.delivery_date).into(),
        d.amount.into(),
        d.external_ref.clone().into(),
        row::instant(d.created_at).into(),
    ]
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
const COUNTING: &str = "('approved', 'partially_delivered', 'delivered', 'completed')";

/// An order that counts in its customer's statistics, with the customer it belongs to.
pub(crate) struct CountingOrder {
    pub customer_id: String,
    pub fact: OrderFact,
}

impl Tx<'_> {
    pub(crate) fn order(&self, id: &str) -> StorageResult<Option<Order>> {
        let sql = format!("SELECT {ORDER_COLS} FROM orders WHERE id = ?1");
        Ok(self.conn.prepare_cached(&sql)?.query_row([id], order_row).optional()?)
    }

    /// An order as its customer's statistics count it, if it exists and counts.
    pub(crate) fn counting_order_fact(&self, id: &str) -> StorageResult<Option<CountingOrder>> {
        let sql = format!(
            "SELECT customer_id, order_date, due_date, amount_base FROM orders WHERE id = ?1 AND status IN {COUNTING}"
        );
        let fact = |r: &Row<'_>| {
            Ok(CountingOrder {
                customer_id: r.get(0)?,
                fact: OrderFact {
                    order_id: id.to_string(),
                    order_date: row::get_date(r, 1)?,
                    due_date: row::get_date(r, 2)?,
                    amount_base: r.get(3)?,
                },
            })
        };
        Ok(self.conn.prepare_cached(&sql)?.query_row([id], fact).optional()?)
    }

    pub(crate) fn order_by_ref(&self, external_ref: &str) -> StorageResult<Option<Order>> {
        let sql = format!("SELECT {ORDER_COLS} FROM orders WHERE external_ref = ?1");
        Ok(self.conn.prepare_cached(&sql)?.query_row([external_ref], order_row).optional()?)
    }

    /// Saves an order: inserts it (`before` is `None`), or updates the columns that changed since `before`.
    pub(crate) fn save_order(&self, before: Option<&Order>, o: &Order) -> StorageResult<()> {
        match before {
            None => self.insert_row(&ORDER_COLUMNS, order_values(o)),
            Some(b) => self.update_changed(&ORDER_COLUMNS, order_values(b), order_values(o)).map(|_| ()),
        }
    }

    pub(crate) fn delivery_by_ref(&self, external_ref: &str) -> StorageResult<Option<Delivery>> {
        Ok(self
            .conn
            .prepare_cached(
                "SELECT id, order_id, delivery_date, amount, external_ref, created_at FROM deliveries WHERE external_ref = ?1",
            )?
            .query_row([external_ref], |r| {
                Ok(Delivery {
                    id: r.get(0)?,
                    order_id: r.get(1)?,
                    delivery_date: row::get_date(r, 2)?,
                    amount: r.get(3)?,
                    external_ref: r.get(4)?,
                    created_at: row::get_instant(r, 5)?,
                })
            })
            .optional()?)
    }

    /// Saves a delivery: inserts it (`before` is `None`), or updates the columns that changed since `before`.
    pub(crate) fn save_delivery(&self, before: Option<&Delivery>, d: &Delivery) -> StorageResult<()> {
        match before {
            None => self.insert_row(&DELIVERY_COLUMNS, delivery_values(d)),
            Some(b) => self.update_changed(&DELIVERY_COLUMNS, delivery_values(b), delivery_values(d)).map(|_| ()),
        }
    }

    /// The sum of an order's deliveries.
    pub(crate) fn delivered_on_order(&self, order_id: &str) -> StorageResult<i64> {
        Ok(self
            .conn
            .prepare_cached("SELECT COALESCE(SUM(amount), 0) FROM deliveries WHERE order_id = ?1")?
            .query_row([order_id], |r| r.get(0))?)
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

    /// A customer's counting orders (approved or later).
    pub(crate) fn customer_order_facts(&self, customer_id: &str) -> StorageResult<Vec<OrderFact>> {
        let sql = format!(
            "SELECT id, order_date, due_date, amount_base FROM orders WHERE customer_id = ?1 AND status IN {COUNTING}"
        );
        let mut stmt = self.conn.prepare_cached(&sql)?;
        let rows = stmt.query_map([customer_id], |r| {
            Ok(OrderFact {
                order_id: r.get(0)?,
                order_date: row::get_date(r, 1)?,
                due_date: row::get_date(r, 2)?,
                amount_base: r.get(3)?,
            })
        })?;
        Ok(rows.collect::<Result<_, _>>()?)
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
