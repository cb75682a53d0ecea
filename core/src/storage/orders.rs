//! Order, delivery and return rows (DOC-4, DOC-5, DOC-7): orders with their lines, deliveries and returns with quantities per line, order lists in scope.

use chrono::{DateTime, Utc};
use rusqlite::types::Value as SqlValue;
use rusqlite::{OptionalExtension, Row, params, params_from_iter};

use super::db::Tx;
use super::error::StorageResult;
use super::quotes::{LINE_COLS, line_row, line_values, marks};
use super::row;
use super::row_writer::Columns;
use super::sales_facts;
use super::scope::ListScope;
use crate::domain::calendar;
use crate::domain::entity::Entity;
use crate::domain::order::{OrderLine, OrderOrigin, QuantityLine, Return, ReturnKind, ReturnStatus};
use crate::domain::quantity::Quantity;
use crate::domain::sales::{Delivery, Order, OrderStatus};

/// The stored columns of an order (its lines are rows of `order_lines`).
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
        "origin",
        "quote_id",
        "net_amount",
        "tax_amount",
        "payment_terms_days",
        "shipping_address",
        "channel_partner",
        "returned_amount",
        "returned_base",
        "credit_override_reason",
        "credit_override_by",
        "note",
        "custom",
        "created_by",
        "archived_at",
        "contract_id",
    ],
};

const ORDER_SELECT: &str = "SELECT o.id, o.code, o.customer_id, o.status, o.order_date, o.due_date, o.amount,
    o.currency, o.fx_rate, o.amount_base, o.delivered_amount, o.external_ref, o.created_at, o.updated_at, o.erp_number,
    o.origin, o.quote_id, o.net_amount, o.tax_amount, o.payment_terms_days, o.shipping_address, o.channel_partner,
    o.returned_amount, o.returned_base, o.credit_override_reason, o.credit_override_by, o.note, o.custom,
    o.created_by, o.archived_at, o.contract_id,
    (SELECT COALESCE(SUM(i.issued_amount), 0) FROM invoices i WHERE i.order_id = o.id AND i.status = 'issued'),
    (SELECT COALESCE(SUM(i.amount), 0) FROM invoices i WHERE i.order_id = o.id AND i.status = 'requested')
    FROM orders o";

fn order_row(r: &Row<'_>) -> rusqlite::Result<Order> {
    let id: String = r.get(0)?;
    let external_ref: String = r.get(11)?;
    Ok(Order {
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
        // An order written in the engine keeps its id in the NOT NULL column.
        external_ref: (external_ref != id).then_some(external_ref),
        created_at: row::get_instant(r, 12)?,
        updated_at: row::get_instant(r, 13)?,
        erp_number: r.get(14)?,
        origin: row::get_enum(r, 15, OrderOrigin::parse)?,
        quote_id: r.get(16)?,
        lines: Vec::new(),
        net_amount: r.get(17)?,
        tax_amount: r.get(18)?,
        payment_terms_days: r.get(19)?,
        shipping_address: r.get(20)?,
        channel_partner: r.get(21)?,
        returned_amount: r.get(22)?,
        returned_base: r.get(23)?,
        credit_override_reason: r.get(24)?,
        credit_override_by: r.get(25)?,
        note: r.get(26)?,
        custom: row::get_json(r, 27)?,
        created_by: r.get(28)?,
        archived_at: row::get_opt_instant(r, 29)?,
        contract_id: r.get(30)?,
        invoiced_amount: r.get(31)?,
        invoice_requested_amount: r.get(32)?,
        uninvoiced_amount: 0,
        id,
    }
    .with_uninvoiced())
}

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
        o.external_ref.clone().unwrap_or_else(|| o.id.clone()).into(),
        row::instant(o.created_at).into(),
        row::instant(o.updated_at).into(),
        o.erp_number.clone().into(),
        o.origin.as_str().to_string().into(),
        o.quote_id.clone().into(),
        o.net_amount.into(),
        o.tax_amount.into(),
        o.payment_terms_days.into(),
        o.shipping_address.clone().into(),
        o.channel_partner.clone().into(),
        o.returned_amount.into(),
        o.returned_base.into(),
        o.credit_override_reason.clone().into(),
        o.credit_override_by.clone().into(),
        o.note.clone().into(),
        row::json(&o.custom).into(),
        o.created_by.clone().into(),
        row::opt_instant(o.archived_at).into(),
        o.contract_id.clone().into(),
    ]
}

/// The stored columns of a delivery (its lines are rows of `delivery_lines`).
const DELIVERY_COLUMNS: Columns = Columns {
    table: "deliveries",
    names: &[
        "id",
        "order_id",
        "delivery_date",
        "amount",
        "external_ref",
        "created_at",
        "shipping_address",
        "return_id",
        "customer_id",
    ],
};

const DELIVERY_SELECT: &str = "SELECT id, order_id, delivery_date, amount, external_ref, created_at, shipping_address,
    return_id, customer_id FROM deliveries";

fn delivery_row(r: &Row<'_>) -> rusqlite::Result<Delivery> {
    let id: String = r.get(0)?;
    let external_ref: String = r.get(4)?;
    Ok(Delivery {
        order_id: r.get(1)?,
        delivery_date: row::get_date(r, 2)?,
        amount: r.get(3)?,
        external_ref: (external_ref != id).then_some(external_ref),
        created_at: row::get_instant(r, 5)?,
        lines: Vec::new(),
        shipping_address: r.get(6)?,
        return_id: r.get(7)?,
        customer_id: r.get(8)?,
        id,
    })
}

fn delivery_values(d: &Delivery) -> Vec<SqlValue> {
    vec![
        d.id.clone().into(),
        d.order_id.clone().into(),
        calendar::format_date(d.delivery_date).into(),
        d.amount.into(),
        d.external_ref.clone().unwrap_or_else(|| d.id.clone()).into(),
        row::instant(d.created_at).into(),
        d.shipping_address.clone().into(),
        d.return_id.clone().into(),
        d.customer_id.clone().into(),
    ]
}

const RETURN_COLUMNS: Columns = Columns {
    table: "returns",
    names: &[
        "id",
        "code",
        "order_id",
        "customer_id",
        "kind",
        "status",
        "reason",
        "amount",
        "amount_base",
        "replacement_delivery_id",
        "external_ref",
        "created_by",
        "created_at",
        "updated_at",
        "decided_at",
    ],
};

const RETURN_SELECT: &str = "SELECT id, code, order_id, customer_id, kind, status, reason, amount, amount_base,
    replacement_delivery_id, external_ref, created_by, created_at, updated_at, decided_at FROM returns";

fn return_row(r: &Row<'_>) -> rusqlite::Result<Return> {
    Ok(Return {
        id: r.get(0)?,
        code: r.get(1)?,
        order_id: r.get(2)?,
        customer_id: r.get(3)?,
        kind: row::get_enum(r, 4, ReturnKind::parse)?,
        status: row::get_enum(r, 5, ReturnStatus::parse)?,
        reason: r.get(6)?,
        lines: Vec::new(),
        amount: r.get(7)?,
        amount_base: r.get(8)?,
        replacement_delivery_id: r.get(9)?,
        external_ref: r.get(10)?,
        created_by: r.get(11)?,
        created_at: row::get_instant(r, 12)?,
        updated_at: row::get_instant(r, 13)?,
        decided_at: row::get_opt_instant(r, 14)?,
    })
}

fn return_values(x: &Return) -> Vec<SqlValue> {
    vec![
        x.id.clone().into(),
        x.code.clone().into(),
        x.order_id.clone().into(),
        x.customer_id.clone().into(),
        x.kind.as_str().to_string().into(),
        x.status.as_str().to_string().into(),
        x.reason.clone().into(),
        x.amount.into(),
        x.amount_base.into(),
        x.replacement_delivery_id.clone().into(),
        x.external_ref.clone().into(),
        x.created_by.clone().into(),
        row::instant(x.created_at).into(),
        row::instant(x.updated_at).into(),
        row::opt_instant(x.decided_at).into(),
    ]
}

fn quantity_line(r: &Row<'_>) -> rusqlite::Result<QuantityLine> {
    let milli: i64 = r.get(1)?;
    Ok(QuantityLine {
        line_no: r.get(0)?,
        quantity: Quantity::from_milli(milli).ok_or_else(|| row::conv_err(1, "quantity"))?,
        amount: r.get(2)?,
    })
}

/// Which orders a list holds.
pub(crate) struct OrderFilter<'a> {
    pub customer_id: Option<&'a str>,
    pub status: Option<OrderStatus>,
    pub include_archived: bool,
    /// The last row of the previous page: (created_at, id), newest first.
    pub after: Option<(DateTime<Utc>, String)>,
}

impl Tx<'_> {
    /// One order with its lines.
    pub(crate) fn order(&self, id: &str) -> StorageResult<Option<Order>> {
        let sql = format!("{ORDER_SELECT} WHERE o.id = ?1");
        self.with_lines(self.conn.prepare_cached(&sql)?.query_row([id], order_row).optional()?)
    }

    /// The order pushed or made with `external_ref`.
    pub(crate) fn order_by_ref(&self, external_ref: &str) -> StorageResult<Option<Order>> {
        let sql = format!("{ORDER_SELECT} WHERE o.external_ref = ?1");
        self.with_lines(self.conn.prepare_cached(&sql)?.query_row([external_ref], order_row).optional()?)
    }

    /// The id of the order pushed or made with `external_ref`.
    pub(crate) fn order_id_by_external_ref(&self, external_ref: &str) -> StorageResult<Option<String>> {
        Ok(self
            .conn
            .prepare_cached("SELECT id FROM orders WHERE external_ref = ?1")?
            .query_row([external_ref], |r| r.get(0))
            .optional()?)
    }

    fn with_lines(&self, order: Option<Order>) -> StorageResult<Option<Order>> {
        let Some(mut order) = order else { return Ok(None) };
        order.lines = self.order_lines(&order.id)?;
        Ok(Some(order))
    }

    fn order_lines(&self, order_id: &str) -> StorageResult<Vec<OrderLine>> {
        let sql = format!(
            "SELECT {LINE_COLS}, delivered_milli, returned_milli FROM order_lines WHERE order_id = ?1 ORDER BY line_no"
        );
        let mut stmt = self.conn.prepare_cached(&sql)?;
        let rows = stmt.query_map([order_id], |r| {
            let q = |i: usize| {
                let milli: i64 = r.get(i)?;
                Quantity::from_milli(milli).ok_or_else(|| row::conv_err(i, "quantity"))
            };
            Ok(OrderLine { line: line_row(r, 0)?, delivered: q(13)?, returned: q(14)? })
        })?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// Saves an order: inserts it (`before` is `None`), or updates the columns that changed since
    /// `before`; lines are written where they changed.
    /// The kept sales figures (`sales_facts`) move with it in the same transaction.
    pub(crate) fn save_order(&self, before: Option<&Order>, o: &Order) -> StorageResult<()> {
        if !sales_facts::order_moves_sales(before, o) {
            return self.write_order(before, o);
        }
        let held = before.map(|b| self.sold_before(b)).transpose()?;
        self.write_order(before, o)?;
        self.move_order_sales(before.zip(held.as_ref()), o)
    }

    fn write_order(&self, before: Option<&Order>, o: &Order) -> StorageResult<()> {
        match before {
            None => self.insert_row(&ORDER_COLUMNS, order_values(o))?,
            Some(b) => {
                self.update_changed(&ORDER_COLUMNS, order_values(b), order_values(o))?;
                if b.customer_id != o.customer_id {
                    // An order that moved takes its deliveries with it (they carry its customer).
                    self.conn
                        .prepare_cached("UPDATE deliveries SET customer_id = ?2 WHERE order_id = ?1")?
                        .execute(params![o.id, o.customer_id])?;
                }
                if b.lines == o.lines {
                    return Ok(());
                }
                let same_shape =
                    b.lines.len() == o.lines.len() && b.lines.iter().zip(&o.lines).all(|(x, y)| x.line == y.line);
                if same_shape {
                    // Deliveries and returns move quantities only: update the lines that moved.
                    let mut stmt = self.conn.prepare_cached(
                        "UPDATE order_lines SET delivered_milli = ?3, returned_milli = ?4 WHERE order_id = ?1 AND line_no = ?2",
                    )?;
                    for (_, y) in b.lines.iter().zip(&o.lines).filter(|(x, y)| x != y) {
                        stmt.execute(params![o.id, y.line.line_no, y.delivered.milli(), y.returned.milli()])?;
                    }
                    return Ok(());
                }
                self.conn.prepare_cached("DELETE FROM order_lines WHERE order_id = ?1")?.execute([&o.id])?;
            }
        }
        let sql = format!(
            "INSERT INTO order_lines (order_id, {LINE_COLS}, delivered_milli, returned_milli, category)
             VALUES (?1, {}, (SELECT p.category FROM products p WHERE p.id = ?3))",
            marks(2, 15)
        );
        let mut stmt = self.conn.prepare_cached(&sql)?;
        for l in &o.lines {
            let values = std::iter::once(SqlValue::from(o.id.clone()))
                .chain(line_values(&l.line))
                .chain([l.delivered.milli().into(), l.returned.milli().into()]);
            stmt.execute(params_from_iter(values))?;
        }
        Ok(())
    }

    /// A page of orders in `scope` (through their customers), newest first; `limit + 1` rows, lines included.
    pub(crate) fn orders_page(
        &self,
        filter: &OrderFilter<'_>,
        limit: u32,
        scope: &ListScope,
    ) -> StorageResult<Vec<Order>> {
        let mut p: Vec<SqlValue> = Vec::new();
        let mut conds = vec![scope.filter(Entity::Customer, "c", &mut p)];
        let bind = |p: &mut Vec<SqlValue>, v: SqlValue| {
            p.push(v);
            format!("?{}", p.len())
        };
        if let Some(c) = filter.customer_id {
            conds.push(format!("o.customer_id = {}", bind(&mut p, c.to_string().into())));
        }
        if let Some(s) = filter.status {
            conds.push(format!("o.status = {}", bind(&mut p, s.as_str().to_string().into())));
        }
        if !filter.include_archived {
            conds.push("o.archived_at IS NULL".to_string());
        }
        if let Some((at, id)) = &filter.after {
            let at = bind(&mut p, row::instant(*at).into());
            let id = bind(&mut p, id.clone().into());
            conds.push(format!("(o.created_at < {at} OR (o.created_at = {at} AND o.id < {id}))"));
        }
        let limit = bind(&mut p, (i64::from(limit) + 1).into());
        let sql = format!(
            "{ORDER_SELECT} JOIN customers c ON c.id = o.customer_id WHERE {} ORDER BY o.created_at DESC, o.id DESC LIMIT {limit}",
            conds.join(" AND ")
        );
        let mut orders: Vec<Order> =
            self.conn.prepare(&sql)?.query_map(params_from_iter(p), order_row)?.collect::<Result<_, _>>()?;
        for o in &mut orders {
            o.lines = self.order_lines(&o.id)?;
        }
        Ok(orders)
    }

    pub(crate) fn delivery_by_ref(&self, external_ref: &str) -> StorageResult<Option<Delivery>> {
        let sql = format!("{DELIVERY_SELECT} WHERE external_ref = ?1");
        let Some(mut d) = self.conn.prepare_cached(&sql)?.query_row([external_ref], delivery_row).optional()? else {
            return Ok(None);
        };
        d.lines = self.delivery_lines(&d.id)?;
        Ok(Some(d))
    }

    /// An order's deliveries, oldest first, with their lines.
    pub(crate) fn deliveries_of(&self, order_id: &str) -> StorageResult<Vec<Delivery>> {
        let sql = format!("{DELIVERY_SELECT} WHERE order_id = ?1 ORDER BY created_at, id");
        let mut found: Vec<Delivery> =
            self.conn.prepare_cached(&sql)?.query_map([order_id], delivery_row)?.collect::<Result<_, _>>()?;
        for d in &mut found {
            d.lines = self.delivery_lines(&d.id)?;
        }
        Ok(found)
    }

    fn delivery_lines(&self, delivery_id: &str) -> StorageResult<Vec<QuantityLine>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT line_no, quantity_milli, amount FROM delivery_lines WHERE delivery_id = ?1 ORDER BY line_no",
        )?;
        let rows = stmt.query_map([delivery_id], quantity_line)?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// Saves a delivery: inserts it with its lines (`before` is `None`), or updates the columns that
    /// changed (a delivery's lines are fixed once recorded).
    pub(crate) fn save_delivery(&self, before: Option<&Delivery>, d: &Delivery) -> StorageResult<()> {
        match before {
            Some(b) => self.update_changed(&DELIVERY_COLUMNS, delivery_values(b), delivery_values(d)).map(|_| ()),
            None => {
                self.insert_row(&DELIVERY_COLUMNS, delivery_values(d))?;
                let mut stmt = self.conn.prepare_cached(
                    "INSERT INTO delivery_lines (delivery_id, line_no, quantity_milli, amount) VALUES (?1, ?2, ?3, ?4)",
                )?;
                for l in &d.lines {
                    stmt.execute(params![d.id, l.line_no, l.quantity.milli(), l.amount])?;
                }
                Ok(())
            }
        }
    }

    /// The sum of an order's deliveries by amount (replacement deliveries left out).
    pub(crate) fn delivered_on_order(&self, order_id: &str) -> StorageResult<i64> {
        Ok(self
            .conn
            .prepare_cached(
                "SELECT COALESCE(SUM(amount), 0) FROM deliveries WHERE order_id = ?1 AND return_id IS NULL",
            )?
            .query_row([order_id], |r| r.get(0))?)
    }

    /// One return with its lines.
    pub(crate) fn sales_return(&self, id: &str) -> StorageResult<Option<Return>> {
        let sql = format!("{RETURN_SELECT} WHERE id = ?1");
        self.return_with_lines(self.conn.prepare_cached(&sql)?.query_row([id], return_row).optional()?)
    }

    pub(crate) fn return_by_ref(&self, external_ref: &str) -> StorageResult<Option<Return>> {
        let sql = format!("{RETURN_SELECT} WHERE external_ref = ?1");
        self.return_with_lines(self.conn.prepare_cached(&sql)?.query_row([external_ref], return_row).optional()?)
    }

    /// An order's returns, oldest first.
    pub(crate) fn returns_of(&self, order_id: &str) -> StorageResult<Vec<Return>> {
        let sql = format!("{RETURN_SELECT} WHERE order_id = ?1 ORDER BY created_at, id");
        let found: Vec<Return> =
            self.conn.prepare_cached(&sql)?.query_map([order_id], return_row)?.collect::<Result<_, _>>()?;
        found.into_iter().map(|r| self.return_with_lines(Some(r)).map(|r| r.expect("found"))).collect()
    }

    fn return_with_lines(&self, found: Option<Return>) -> StorageResult<Option<Return>> {
        let Some(mut x) = found else { return Ok(None) };
        let mut stmt = self.conn.prepare_cached(
            "SELECT line_no, quantity_milli, amount FROM return_lines WHERE return_id = ?1 ORDER BY line_no",
        )?;
        x.lines = stmt.query_map([&x.id], quantity_line)?.collect::<Result<_, _>>()?;
        Ok(Some(x))
    }

    /// Saves a return: inserts it with its lines, or updates the columns that changed.
    pub(crate) fn save_return(&self, before: Option<&Return>, x: &Return) -> StorageResult<()> {
        match before {
            Some(b) => self.update_changed(&RETURN_COLUMNS, return_values(b), return_values(x)).map(|_| ()),
            None => {
                self.insert_row(&RETURN_COLUMNS, return_values(x))?;
                let mut stmt = self.conn.prepare_cached(
                    "INSERT INTO return_lines (return_id, line_no, quantity_milli, amount) VALUES (?1, ?2, ?3, ?4)",
                )?;
                for l in &x.lines {
                    stmt.execute(params![x.id, l.line_no, l.quantity.milli(), l.amount])?;
                }
                Ok(())
            }
        }
    }

    /// What a pending item shows of an order: code, amount, the customer's owner and name.
    pub(crate) fn order_summary(&self, id: &str) -> StorageResult<Option<crate::domain::approval::DocumentSummary>> {
        self.document_summary(
            "SELECT o.code, o.amount, o.currency, c.owner_id, o.customer_id, c.name
             FROM orders o LEFT JOIN customers c ON c.id = o.customer_id WHERE o.id = ?1",
            id,
        )
    }

    /// What a pending item shows of a return: code, amount, the customer's owner and name.
    pub(crate) fn return_summary(&self, id: &str) -> StorageResult<Option<crate::domain::approval::DocumentSummary>> {
        self.document_summary(
            "SELECT x.code, x.amount, o.currency, c.owner_id, x.customer_id, c.name
             FROM returns x JOIN orders o ON o.id = x.order_id LEFT JOIN customers c ON c.id = x.customer_id
             WHERE x.id = ?1",
            id,
        )
    }

    fn document_summary(&self, sql: &str, id: &str) -> StorageResult<Option<crate::domain::approval::DocumentSummary>> {
        Ok(self
            .conn
            .prepare_cached(sql)?
            .query_row([id], |r| {
                let code: String = r.get(0)?;
                let customer: Option<String> = r.get(5)?;
                Ok(crate::domain::approval::DocumentSummary {
                    title: match &customer {
                        Some(c) => format!("{code} · {c}"),
                        None => code.clone(),
                    },
                    code: Some(code),
                    amount: r.get(1)?,
                    currency: r.get(2)?,
                    owner_id: r.get(3)?,
                    customer_id: r.get(4)?,
                    customer_name: customer,
                })
            })
            .optional()?)
    }
}
