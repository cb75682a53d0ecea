//! Invoice request rows (DOC-10): requests and issued invoices, lists in the actor's scope through the customer, and what an order or a contract has invoiced and has waiting.

use chrono::{DateTime, Utc};
use rusqlite::types::Value as SqlValue;
use rusqlite::{OptionalExtension, Row, params_from_iter};

use super::db::Tx;
use super::error::StorageResult;
use super::row;
use super::row_writer::Columns;
use super::scope::ListScope;
use crate::domain::calendar;
use crate::domain::entity::Entity;
use crate::domain::invoice::{Invoice, InvoiceStatus, InvoiceSubject, InvoiceType};

const INVOICE_COLUMNS: Columns = Columns {
    table: "invoices",
    names: &[
        "id",
        "code",
        "customer_id",
        "subject",
        "order_id",
        "contract_id",
        "status",
        "amount",
        "currency",
        "invoice_title",
        "tax_id",
        "invoice_type",
        "description",
        "invoice_number",
        "issue_date",
        "issued_amount",
        "rejection_reason",
        "external_ref",
        "requested_by",
        "created_at",
        "updated_at",
        "decided_at",
    ],
};

fn invoice_values(i: &Invoice) -> Vec<SqlValue> {
    vec![
        i.id.clone().into(),
        i.code.clone().into(),
        i.customer_id.clone().into(),
        i.subject.as_str().to_string().into(),
        i.order_id.clone().into(),
        i.contract_id.clone().into(),
        i.status.as_str().to_string().into(),
        i.amount.into(),
        i.currency.clone().into(),
        i.invoice_title.clone().into(),
        i.tax_id.clone().into(),
        i.invoice_type.as_str().to_string().into(),
        i.description.clone().into(),
        i.invoice_number.clone().into(),
        row::opt_date(i.issue_date).into(),
        i.issued_amount.into(),
        i.rejection_reason.clone().into(),
        i.external_ref.clone().into(),
        i.requested_by.clone().into(),
        row::instant(i.created_at).into(),
        row::instant(i.updated_at).into(),
        row::opt_instant(i.decided_at).into(),
    ]
}

const INVOICE_SELECT: &str = "SELECT i.id, i.code, i.customer_id, i.subject, i.order_id, i.contract_id, i.status,
    i.amount, i.currency, i.invoice_title, i.tax_id, i.invoice_type, i.description, i.invoice_number, i.issue_date,
    i.issued_amount, i.rejection_reason, i.external_ref, i.requested_by, i.created_at, i.updated_at, i.decided_at
    FROM invoices i";

fn invoice_row(r: &Row<'_>) -> rusqlite::Result<Invoice> {
    Ok(Invoice {
        id: r.get(0)?,
        code: r.get(1)?,
        customer_id: r.get(2)?,
        subject: row::get_enum(r, 3, InvoiceSubject::parse)?,
        order_id: r.get(4)?,
        contract_id: r.get(5)?,
        status: row::get_enum(r, 6, InvoiceStatus::parse)?,
        amount: r.get(7)?,
        currency: r.get(8)?,
        invoice_title: r.get(9)?,
        tax_id: r.get(10)?,
        invoice_type: row::get_enum(r, 11, InvoiceType::parse)?,
        description: r.get(12)?,
        invoice_number: r.get(13)?,
        issue_date: row::get_opt_date(r, 14)?,
        issued_amount: r.get(15)?,
        rejection_reason: r.get(16)?,
        external_ref: r.get(17)?,
        requested_by: r.get(18)?,
        created_at: row::get_instant(r, 19)?,
        updated_at: row::get_instant(r, 20)?,
        decided_at: row::get_opt_instant(r, 21)?,
    })
}

/// What a document has invoiced (issued) and has waiting in requests, minor units of its currency.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub(crate) struct InvoiceSums {
    pub issued: i64,
    pub requested: i64,
}

/// Which invoice requests a list holds.
pub(crate) struct InvoiceFilter<'a> {
    pub customer_id: Option<&'a str>,
    pub order_id: Option<&'a str>,
    pub contract_id: Option<&'a str>,
    pub status: Option<InvoiceStatus>,
    /// The last row of the previous page: (created_at, id).
    pub after: Option<(DateTime<Utc>, String)>,
}

/// The sums of the `WHERE` part `cond` over invoice requests (`i`).
const SUMS: &str = "SELECT COALESCE(SUM(CASE WHEN i.status = 'issued' THEN i.issued_amount ELSE 0 END), 0),
    COALESCE(SUM(CASE WHEN i.status = 'requested' THEN i.amount ELSE 0 END), 0) FROM invoices i WHERE ";

impl Tx<'_> {
    pub(crate) fn invoice(&self, id: &str) -> StorageResult<Option<Invoice>> {
        let sql = format!("{INVOICE_SELECT} WHERE i.id = ?1");
        Ok(self.conn.prepare_cached(&sql)?.query_row([id], invoice_row).optional()?)
    }

    pub(crate) fn invoice_id_by_external_ref(&self, external_ref: &str) -> StorageResult<Option<String>> {
        Ok(self
            .conn
            .prepare_cached("SELECT id FROM invoices WHERE external_ref = ?1")?
            .query_row([external_ref], |r| r.get(0))
            .optional()?)
    }

    pub(crate) fn save_invoice(&self, before: Option<&Invoice>, after: &Invoice) -> StorageResult<()> {
        match before {
            None => self.insert_row(&INVOICE_COLUMNS, invoice_values(after)),
            Some(b) => self.update_changed(&INVOICE_COLUMNS, invoice_values(b), invoice_values(after)).map(|_| ()),
        }
    }

    /// DOC-10: what a contract (any of its versions, by code) has invoiced and has waiting, on itself
    /// and on the orders made under it.
    pub(crate) fn contract_invoice_sums(&self, code: &str) -> StorageResult<InvoiceSums> {
        let sql = format!(
            "{SUMS} i.contract_id IN (SELECT id FROM contracts WHERE code = ?1)
               OR i.order_id IN (SELECT o.id FROM orders o JOIN contracts k ON k.id = o.contract_id WHERE k.code = ?1)"
        );
        Ok(self
            .conn
            .prepare_cached(&sql)?
            .query_row([code], |r| Ok(InvoiceSums { issued: r.get(0)?, requested: r.get(1)? }))?)
    }

    /// A page of invoice requests in `scope` (through their customers): newest first, or for the waiting
    /// ones oldest first (finance's queue); `limit + 1` rows.
    pub(crate) fn invoices_page(
        &self,
        filter: &InvoiceFilter<'_>,
        limit: u32,
        scope: &ListScope,
    ) -> StorageResult<Vec<Invoice>> {
        let mut p: Vec<SqlValue> = Vec::new();
        let mut conds = vec![scope.filter(Entity::Customer, "c", &mut p)];
        let bind = |p: &mut Vec<SqlValue>, v: SqlValue| {
            p.push(v);
            format!("?{}", p.len())
        };
        for (column, value) in
            [("customer_id", filter.customer_id), ("order_id", filter.order_id), ("contract_id", filter.contract_id)]
        {
            if let Some(v) = value {
                conds.push(format!("i.{column} = {}", bind(&mut p, v.to_string().into())));
            }
        }
        if let Some(s) = filter.status {
            conds.push(format!("i.status = {}", bind(&mut p, s.as_str().to_string().into())));
        }
        let oldest_first = filter.status == Some(InvoiceStatus::Requested);
        if let Some((at, id)) = &filter.after {
            let at = bind(&mut p, row::instant(*at).into());
            let id = bind(&mut p, id.clone().into());
            let op = if oldest_first { ">" } else { "<" };
            conds.push(format!("(i.created_at {op} {at} OR (i.created_at = {at} AND i.id {op} {id}))"));
        }
        let limit = bind(&mut p, (i64::from(limit) + 1).into());
        let order = if oldest_first { "ASC" } else { "DESC" };
        let sql = format!(
            "{INVOICE_SELECT} JOIN customers c ON c.id = i.customer_id WHERE {}
              ORDER BY i.created_at {order}, i.id {order} LIMIT {limit}",
            conds.join(" AND ")
        );
        Ok(self.conn.prepare(&sql)?.query_map(params_from_iter(p), invoice_row)?.collect::<Result<_, _>>()?)
    }
}

/// The opaque cursor after `i` in a list: its creation time and id.
pub(crate) fn cursor_of(i: &Invoice) -> String {
    format!("{}|{}", calendar::format_instant(i.created_at), i.id)
}
