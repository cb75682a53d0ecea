//! Quote rows and their lines (DOC-2), lists in the actor's scope through the customer, and the roles' discount ceilings.

use rusqlite::types::Value as SqlValue;
use rusqlite::{OptionalExtension, Row, params, params_from_iter};

use super::db::Tx;
use super::error::StorageResult;
use super::row;
use super::row_writer::Columns;
use super::scope::ListScope;
use super::versioned_pages::{VersionedFilter, VersionedTable, page_query};
use crate::domain::calendar;
use crate::domain::document_line::{DocumentLine, Totals};
use crate::domain::quantity::Quantity;
use crate::domain::quote::{DiscountApproval, Quote, QuoteStatus};

/// The stored columns of a quote (its lines are rows of `quote_lines`).
const QUOTE_COLUMNS: Columns = Columns {
    table: "quotes",
    names: &[
        "id",
        "code",
        "version",
        "previous_id",
        "customer_id",
        "opportunity_id",
        "status",
        "currency",
        "fx_rate",
        "net_amount",
        "tax_amount",
        "gross_amount",
        "amount_base",
        "max_discount_bp",
        "discount_approval",
        "valid_until",
        "note",
        "custom",
        "external_ref",
        "created_by",
        "created_at",
        "updated_at",
        "sent_at",
        "decided_at",
        "rejection_reason",
        "archived_at",
    ],
};

fn quote_values(q: &Quote) -> Vec<SqlValue> {
    vec![
        q.id.clone().into(),
        q.code.clone().into(),
        i64::from(q.version).into(),
        q.previous_id.clone().into(),
        q.customer_id.clone().into(),
        q.opportunity_id.clone().into(),
        // Expiry is read from `valid_until`: a quote is stored `sent` while it is out.
        match q.status {
            QuoteStatus::Expired => QuoteStatus::Sent.as_str(),
            s => s.as_str(),
        }
        .to_string()
        .into(),
        q.currency.clone().into(),
        q.fx_rate.to_string().into(),
        q.totals.net.into(),
        q.totals.tax.into(),
        q.totals.gross.into(),
        q.amount_base.into(),
        q.max_discount_bp.into(),
        q.discount_approval.as_str().to_string().into(),
        calendar::format_date(q.valid_until).into(),
        q.note.clone().into(),
        row::json(&q.custom).into(),
        q.external_ref.clone().into(),
        q.created_by.clone().into(),
        row::instant(q.created_at).into(),
        row::instant(q.updated_at).into(),
        row::opt_instant(q.sent_at).into(),
        row::opt_instant(q.decided_at).into(),
        q.rejection_reason.clone().into(),
        row::opt_instant(q.archived_at).into(),
    ]
}

/// Quotes as versioned documents: a sent quote past `valid_until` reads as expired.
const QUOTES: VersionedTable =
    VersionedTable { select: QUOTE_SELECT, alias: "q", live_status: "sent", expiry_column: "valid_until" };

const QUOTE_SELECT: &str = "SELECT q.id, q.code, q.version, q.previous_id, q.customer_id, q.opportunity_id, q.status,
    q.currency, q.fx_rate, q.net_amount, q.tax_amount, q.gross_amount, q.amount_base, q.max_discount_bp,
    q.discount_approval, q.valid_until, q.note, q.custom, q.external_ref, q.created_by, q.created_at, q.updated_at,
    q.sent_at, q.decided_at, q.rejection_reason, q.archived_at FROM quotes q";

fn quote_row(r: &Row<'_>) -> rusqlite::Result<Quote> {
    Ok(Quote {
        id: r.get(0)?,
        code: r.get(1)?,
        version: r.get(2)?,
        previous_id: r.get(3)?,
        customer_id: r.get(4)?,
        opportunity_id: r.get(5)?,
        status: row::get_enum(r, 6, QuoteStatus::parse)?,
        currency: r.get(7)?,
        fx_rate: row::get_fx_rate(r, 8)?,
        lines: Vec::new(),
        totals: Totals { net: r.get(9)?, tax: r.get(10)?, gross: r.get(11)? },
        amount_base: r.get(12)?,
        max_discount_bp: r.get(13)?,
        discount_approval: row::get_enum(r, 14, DiscountApproval::parse)?,
        valid_until: row::get_date(r, 15)?,
        note: r.get(16)?,
        custom: row::get_json(r, 17)?,
        external_ref: r.get(18)?,
        created_by: r.get(19)?,
        created_at: row::get_instant(r, 20)?,
        updated_at: row::get_instant(r, 21)?,
        sent_at: row::get_opt_instant(r, 22)?,
        decided_at: row::get_opt_instant(r, 23)?,
        rejection_reason: r.get(24)?,
        archived_at: row::get_opt_instant(r, 25)?,
    })
}

/// A document line from the columns `line_no, product_id, product_code, description, unit, quantity_milli,
/// unit_price, discount_bp, tax_rate_bp, price_source, net, tax, gross` starting at `at`.
pub(super) fn line_row(r: &Row<'_>, at: usize) -> rusqlite::Result<DocumentLine> {
    let milli: i64 = r.get(at + 5)?;
    Ok(DocumentLine {
        line_no: r.get(at)?,
        product_id: r.get(at + 1)?,
        product_code: r.get(at + 2)?,
        description: r.get(at + 3)?,
        unit: r.get(at + 4)?,
        quantity: Quantity::from_milli(milli).ok_or_else(|| row::conv_err(at + 5, "quantity"))?,
        unit_price: r.get(at + 6)?,
        discount_bp: r.get(at + 7)?,
        tax_rate_bp: r.get(at + 8)?,
        price_source: r.get(at + 9)?,
        net: r.get(at + 10)?,
        tax: r.get(at + 11)?,
        gross: r.get(at + 12)?,
    })
}

/// The line columns [`line_row`] reads, in its order.
pub(super) const LINE_COLS: &str =
    "line_no, product_id, product_code, description, unit, quantity_milli, unit_price, discount_bp, tax_rate_bp,
     price_source, net, tax, gross";

/// A line's values in the order of [`LINE_COLS`].
pub(super) fn line_values(l: &DocumentLine) -> [SqlValue; 13] {
    [
        i64::from(l.line_no).into(),
        l.product_id.clone().into(),
        l.product_code.clone().into(),
        l.description.clone().into(),
        l.unit.clone().into(),
        l.quantity.milli().into(),
        l.unit_price.into(),
        l.discount_bp.into(),
        l.tax_rate_bp.into(),
        l.price_source.clone().into(),
        l.net.into(),
        l.tax.into(),
        l.gross.into(),
    ]
}

impl Tx<'_> {
    /// One quote with its lines.
    pub(crate) fn quote(&self, id: &str) -> StorageResult<Option<Quote>> {
        let sql = format!("{QUOTE_SELECT} WHERE q.id = ?1");
        let Some(mut quote) = self.conn.prepare_cached(&sql)?.query_row([id], quote_row).optional()? else {
            return Ok(None);
        };
        quote.lines = self.quote_lines(id)?;
        Ok(Some(quote))
    }

    pub(crate) fn quote_id_by_external_ref(&self, external_ref: &str) -> StorageResult<Option<String>> {
        Ok(self
            .conn
            .prepare_cached("SELECT id FROM quotes WHERE external_ref = ?1")?
            .query_row([external_ref], |r| r.get(0))
            .optional()?)
    }

    fn quote_lines(&self, quote_id: &str) -> StorageResult<Vec<DocumentLine>> {
        let sql = format!("SELECT {LINE_COLS} FROM quote_lines WHERE quote_id = ?1 ORDER BY line_no");
        let mut stmt = self.conn.prepare_cached(&sql)?;
        let rows = stmt.query_map([quote_id], |r| line_row(r, 0))?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// Inserts a new quote (`before` is `None`) or writes what changed; lines are rewritten when they changed.
    pub(crate) fn save_quote(&self, before: Option<&Quote>, after: &Quote) -> StorageResult<()> {
        match before {
            Some(b) => {
                self.update_changed(&QUOTE_COLUMNS, quote_values(b), quote_values(after))?;
                if b.lines == after.lines {
                    return Ok(());
                }
                self.conn.prepare_cached("DELETE FROM quote_lines WHERE quote_id = ?1")?.execute([&after.id])?;
            }
            None => self.insert_row(&QUOTE_COLUMNS, quote_values(after))?,
        }
        let sql = format!("INSERT INTO quote_lines (quote_id, {LINE_COLS}) VALUES (?1, {})", marks(2, 13));
        let mut stmt = self.conn.prepare_cached(&sql)?;
        for line in &after.lines {
            let values = std::iter::once(SqlValue::from(after.id.clone())).chain(line_values(line));
            stmt.execute(params_from_iter(values))?;
        }
        Ok(())
    }

    /// A page of quotes in `scope` (through their customers), newest first; `limit + 1` rows, lines included.
    pub(crate) fn quotes_page(
        &self,
        filter: &VersionedFilter<'_>,
        limit: u32,
        scope: &ListScope,
    ) -> StorageResult<Vec<Quote>> {
        let (sql, p) = page_query(&QUOTES, filter, limit, scope);
        let mut quotes: Vec<Quote> =
            self.conn.prepare(&sql)?.query_map(params_from_iter(p), quote_row)?.collect::<Result<_, _>>()?;
        for q in &mut quotes {
            q.lines = self.quote_lines(&q.id)?;
        }
        Ok(quotes)
    }

    /// The configured discount ceilings, by role.
    pub(crate) fn discount_ceilings(&self) -> StorageResult<Vec<(String, i64)>> {
        let mut stmt = self.conn.prepare_cached("SELECT role, ceiling_bp FROM discount_ceilings ORDER BY role")?;
        let rows = stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// Replaces the configured discount ceilings.
    pub(crate) fn set_discount_ceilings(&self, ceilings: &[(String, i64)]) -> StorageResult<()> {
        self.conn.prepare_cached("DELETE FROM discount_ceilings")?.execute([])?;
        let mut stmt = self.conn.prepare_cached("INSERT INTO discount_ceilings (role, ceiling_bp) VALUES (?1, ?2)")?;
        for (role, bp) in ceilings {
            stmt.execute(params![role, bp])?;
        }
        Ok(())
    }
}

/// `?from, ?from+1, ...`: `count` numbered parameters.
pub(super) fn marks(from: usize, count: usize) -> String {
    (from..from + count).map(|i| format!("?{i}")).collect::<Vec<_>>().join(", ")
}

impl Tx<'_> {
    /// What a pending item shows of a quote: code and version, gross total, the customer's owner and name.
    pub(crate) fn quote_summary(&self, id: &str) -> StorageResult<Option<crate::domain::approval::DocumentSummary>> {
        Ok(self
            .conn
            .prepare_cached(
                "SELECT q.code, q.version, q.gross_amount, q.currency, c.owner_id, q.customer_id, c.name
                 FROM quotes q LEFT JOIN customers c ON c.id = q.customer_id WHERE q.id = ?1",
            )?
            .query_row([id], |r| {
                let (code, version): (String, i64) = (r.get(0)?, r.get(1)?);
                let customer: Option<String> = r.get(6)?;
                Ok(crate::domain::approval::DocumentSummary {
                    title: quote_title(&code, version, customer.as_deref()),
                    code: Some(code),
                    amount: r.get(2)?,
                    currency: r.get(3)?,
                    owner_id: r.get(4)?,
                    customer_id: r.get(5)?,
                    customer_name: customer,
                })
            })
            .optional()?)
    }
}

/// How a quote is named in inboxes: `Q-000012 v2 · 华为`.
pub(crate) fn quote_title(code: &str, version: i64, customer: Option<&str>) -> String {
    match customer {
        Some(c) => format!("{code} v{version} · {c}"),
        None => format!("{code} v{version}"),
    }
}
