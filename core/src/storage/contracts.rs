//! Contract rows (DOC-3, DOC-9): versions with their lines and payment plans, lists in the actor's scope through the customer, the orders made under a contract, and the plans an order's receivables follow.

use chrono::NaiveDate;
use rusqlite::types::Value as SqlValue;
use rusqlite::{OptionalExtension, Row, params, params_from_iter};

use super::db::Tx;
use super::error::StorageResult;
use super::quotes::{LINE_COLS, line_row, line_values, marks};
use super::row;
use super::row_writer::Columns;
use super::scope::ListScope;
use super::versioned_pages::{VersionedFilter, VersionedTable, page_query};
use crate::domain::approval::DocumentSummary;
use crate::domain::calendar;
use crate::domain::contract::{Contract, ContractStatus, Instalment, PlanShare};
use crate::domain::document_line::Totals;

/// The stored columns of a contract (its lines and instalments are rows of their own tables).
const CONTRACT_COLUMNS: Columns = Columns {
    table: "contracts",
    names: &[
        "id",
        "code",
        "version",
        "previous_id",
        "customer_id",
        "quote_id",
        "opportunity_id",
        "title",
        "status",
        "currency",
        "fx_rate",
        "net_amount",
        "tax_amount",
        "gross_amount",
        "amount_base",
        "start_date",
        "end_date",
        "signed_date",
        "note",
        "custom",
        "external_ref",
        "created_by",
        "created_at",
        "updated_at",
        "decided_at",
        "termination_reason",
        "archived_at",
    ],
};

fn contract_values(k: &Contract) -> Vec<SqlValue> {
    vec![
        k.id.clone().into(),
        k.code.clone().into(),
        i64::from(k.version).into(),
        k.previous_id.clone().into(),
        k.customer_id.clone().into(),
        k.quote_id.clone().into(),
        k.opportunity_id.clone().into(),
        k.title.clone().into(),
        // Expiry is read from `end_date`: a contract is stored `signed` while it is in force.
        match k.status {
            ContractStatus::Expired => ContractStatus::Signed.as_str(),
            s => s.as_str(),
        }
        .to_string()
        .into(),
        k.currency.clone().into(),
        k.fx_rate.to_string().into(),
        k.totals.net.into(),
        k.totals.tax.into(),
        k.totals.gross.into(),
        k.amount_base.into(),
        calendar::format_date(k.start_date).into(),
        calendar::format_date(k.end_date).into(),
        k.signed_date.map(calendar::format_date).into(),
        k.note.clone().into(),
        row::json(&k.custom).into(),
        k.external_ref.clone().into(),
        k.created_by.clone().into(),
        row::instant(k.created_at).into(),
        row::instant(k.updated_at).into(),
        row::opt_instant(k.decided_at).into(),
        k.termination_reason.clone().into(),
        row::opt_instant(k.archived_at).into(),
    ]
}

/// Contracts as versioned documents: a signed contract past `end_date` reads as expired.
const CONTRACTS: VersionedTable =
    VersionedTable { select: CONTRACT_SELECT, alias: "k", live_status: "signed", expiry_column: "end_date" };

const CONTRACT_SELECT: &str = "SELECT k.id, k.code, k.version, k.previous_id, k.customer_id, k.quote_id,
    k.opportunity_id, k.title, k.status, k.currency, k.fx_rate, k.net_amount, k.tax_amount, k.gross_amount,
    k.amount_base, k.start_date, k.end_date, k.signed_date, k.note, k.custom, k.external_ref, k.created_by,
    k.created_at, k.updated_at, k.decided_at, k.termination_reason, k.archived_at FROM contracts k";

fn contract_row(r: &Row<'_>) -> rusqlite::Result<Contract> {
    Ok(Contract {
        id: r.get(0)?,
        code: r.get(1)?,
        version: r.get(2)?,
        previous_id: r.get(3)?,
        customer_id: r.get(4)?,
        quote_id: r.get(5)?,
        opportunity_id: r.get(6)?,
        title: r.get(7)?,
        status: row::get_enum(r, 8, ContractStatus::parse)?,
        currency: r.get(9)?,
        fx_rate: row::get_fx_rate(r, 10)?,
        lines: Vec::new(),
        totals: Totals { net: r.get(11)?, tax: r.get(12)?, gross: r.get(13)? },
        amount_base: r.get(14)?,
        start_date: row::get_date(r, 15)?,
        end_date: row::get_date(r, 16)?,
        signed_date: row::get_opt_date(r, 17)?,
        payment_plan: Vec::new(),
        note: r.get(18)?,
        custom: row::get_json(r, 19)?,
        external_ref: r.get(20)?,
        created_by: r.get(21)?,
        created_at: row::get_instant(r, 22)?,
        updated_at: row::get_instant(r, 23)?,
        decided_at: row::get_opt_instant(r, 24)?,
        termination_reason: r.get(25)?,
        archived_at: row::get_opt_instant(r, 26)?,
        invoiced_amount: 0,
        invoice_requested_amount: 0,
        uninvoiced_amount: 0,
    })
}

fn instalment_row(r: &Row<'_>) -> rusqlite::Result<Instalment> {
    Ok(Instalment {
        seq: r.get(0)?,
        due_date: row::get_date(r, 1)?,
        amount: r.get(2)?,
        percent_bp: r.get(3)?,
        note: r.get(4)?,
    })
}

/// A contract instalment or end date coming up, for a user's alerts.
pub(crate) struct ContractDate {
    pub contract_id: String,
    pub contract_title: String,
    pub customer_id: String,
    pub customer_name: String,
    pub date: NaiveDate,
    /// The instalment's share not yet received, minor units of the base currency (instalments only).
    pub open_base: Option<i64>,
}

impl Tx<'_> {
    /// One contract version with its lines and plan.
    pub(crate) fn contract(&self, id: &str) -> StorageResult<Option<Contract>> {
        let sql = format!("{CONTRACT_SELECT} WHERE k.id = ?1");
        let Some(mut contract) = self.conn.prepare_cached(&sql)?.query_row([id], contract_row).optional()? else {
            return Ok(None);
        };
        self.fill_contract(&mut contract)?;
        Ok(Some(contract))
    }

    fn fill_contract(&self, contract: &mut Contract) -> StorageResult<()> {
        let sql = format!("SELECT {LINE_COLS} FROM contract_lines WHERE contract_id = ?1 ORDER BY line_no");
        let mut stmt = self.conn.prepare_cached(&sql)?;
        contract.lines = stmt.query_map([&contract.id], |r| line_row(r, 0))?.collect::<Result<_, _>>()?;
        contract.payment_plan = self.contract_plan(&contract.id)?;
        let sums = self.contract_invoice_sums(&contract.code)?;
        contract.invoiced_amount = sums.issued;
        contract.invoice_requested_amount = sums.requested;
        contract.uninvoiced_amount = contract.totals.gross - sums.issued - sums.requested;
        Ok(())
    }

    fn contract_plan(&self, contract_id: &str) -> StorageResult<Vec<Instalment>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT seq, due_date, amount, percent_bp, note FROM contract_instalments WHERE contract_id = ?1 ORDER BY seq",
        )?;
        Ok(stmt.query_map([contract_id], instalment_row)?.collect::<Result<_, _>>()?)
    }

    /// The payment plan an order under `contract_id` owes along (DOC-9).
    pub(crate) fn contract_plan_shares(&self, contract_id: &str) -> StorageResult<Vec<PlanShare>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT seq, due_date, amount FROM contract_instalments WHERE contract_id = ?1 ORDER BY seq",
        )?;
        let rows = stmt.query_map([contract_id], |r| {
            Ok(PlanShare { seq: r.get(0)?, due_date: row::get_date(r, 1)?, weight: r.get(2)? })
        })?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    pub(crate) fn contract_id_by_external_ref(&self, external_ref: &str) -> StorageResult<Option<String>> {
        Ok(self
            .conn
            .prepare_cached("SELECT id FROM contracts WHERE external_ref = ?1")?
            .query_row([external_ref], |r| r.get(0))
            .optional()?)
    }

    /// Inserts a new contract (`before` is `None`) or writes what changed; lines and the plan are
    /// rewritten when they changed.
    pub(crate) fn save_contract(&self, before: Option<&Contract>, after: &Contract) -> StorageResult<()> {
        let (lines_changed, plan_changed) = match before {
            Some(b) => {
                self.update_changed(&CONTRACT_COLUMNS, contract_values(b), contract_values(after))?;
                (b.lines != after.lines, b.payment_plan != after.payment_plan)
            }
            None => {
                self.insert_row(&CONTRACT_COLUMNS, contract_values(after))?;
                (true, true)
            }
        };
        if lines_changed {
            if before.is_some() {
                self.conn.prepare_cached("DELETE FROM contract_lines WHERE contract_id = ?1")?.execute([&after.id])?;
            }
            let sql = format!("INSERT INTO contract_lines (contract_id, {LINE_COLS}) VALUES (?1, {})", marks(2, 13));
            let mut stmt = self.conn.prepare_cached(&sql)?;
            for line in &after.lines {
                let values = std::iter::once(SqlValue::from(after.id.clone())).chain(line_values(line));
                stmt.execute(params_from_iter(values))?;
            }
        }
        if plan_changed {
            if before.is_some() {
                self.conn
                    .prepare_cached("DELETE FROM contract_instalments WHERE contract_id = ?1")?
                    .execute([&after.id])?;
            }
            let mut stmt = self.conn.prepare_cached(
                "INSERT INTO contract_instalments (contract_id, seq, due_date, amount, percent_bp, note)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
            )?;
            for p in &after.payment_plan {
                stmt.execute(params![
                    after.id,
                    p.seq,
                    calendar::format_date(p.due_date),
                    p.amount,
                    p.percent_bp,
                    p.note
                ])?;
            }
        }
        Ok(())
    }

    /// A page of contracts in `scope` (through their customers), newest first; `limit + 1` rows.
    pub(crate) fn contracts_page(
        &self,
        filter: &VersionedFilter<'_>,
        limit: u32,
        scope: &ListScope,
    ) -> StorageResult<Vec<Contract>> {
        let (sql, p) = page_query(&CONTRACTS, filter, limit, scope);
        let mut contracts: Vec<Contract> =
            self.conn.prepare(&sql)?.query_map(params_from_iter(p), contract_row)?.collect::<Result<_, _>>()?;
        for k in &mut contracts {
            self.fill_contract(k)?;
        }
        Ok(contracts)
    }

    /// The version of contract `code` in force (signed), if any.
    pub(crate) fn contract_in_force(&self, code: &str) -> StorageResult<Option<String>> {
        Ok(self
            .conn
            .prepare_cached(
                "SELECT id FROM contracts WHERE code = ?1 AND status = 'signed' ORDER BY version DESC LIMIT 1",
            )?
            .query_row([code], |r| r.get(0))
            .optional()?)
    }

    /// The amendment of `contract_id` being written or decided (not yet signed), if any.
    pub(crate) fn contract_amendment_of(&self, contract_id: &str) -> StorageResult<Option<String>> {
        Ok(self
            .conn
            .prepare_cached(
                "SELECT id FROM contracts WHERE previous_id = ?1 AND archived_at IS NULL
                   AND status IN ('draft', 'submitted', 'approved', 'rejected')",
            )?
            .query_row([contract_id], |r| r.get(0))
            .optional()?)
    }

    /// An order's receivables: (instalment, due date, owed, outstanding), base currency.
    pub(crate) fn order_receivable_terms(&self, order_id: &str) -> StorageResult<Vec<(i64, NaiveDate, i64, i64)>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT seq, due_date, amount_base, outstanding_base FROM receivables
              WHERE order_id = ?1 AND closed_at IS NULL ORDER BY seq",
        )?;
        let rows = stmt.query_map([order_id], |r| Ok((r.get(0)?, row::get_date(r, 1)?, r.get(2)?, r.get(3)?)))?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// The orders made under a contract version, oldest first.
    pub(crate) fn contract_order_ids(&self, contract_id: &str) -> StorageResult<Vec<String>> {
        let mut stmt =
            self.conn.prepare_cached("SELECT id FROM orders WHERE contract_id = ?1 ORDER BY created_at, id")?;
        Ok(stmt.query_map([contract_id], |r| r.get(0))?.collect::<Result<_, _>>()?)
    }

    /// The lines of the orders under a contract version that are live (not cancelled or rejected), but
    /// `except_order`: what they take of the contract's quantities.
    pub(crate) fn contract_ordered_lines(
        &self,
        contract_id: &str,
        except_order: &str,
    ) -> StorageResult<Vec<(String, crate::domain::quantity::Quantity)>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT l.product_id, l.quantity_milli - l.returned_milli FROM orders o
               JOIN order_lines l ON l.order_id = o.id
              WHERE o.contract_id = ?1 AND o.id <> ?2 AND o.status NOT IN ('cancelled', 'rejected')",
        )?;
        let rows = stmt.query_map([contract_id, except_order], |r| {
            let milli: i64 = r.get(1)?;
            let q = crate::domain::quantity::Quantity::from_milli(milli.max(0))
                .ok_or_else(|| row::conv_err(1, "quantity"))?;
            Ok((r.get(0)?, q))
        })?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// What a pending item shows of a contract: code and version, gross total, the customer's owner and name.
    pub(crate) fn contract_summary(&self, id: &str) -> StorageResult<Option<DocumentSummary>> {
        Ok(self
            .conn
            .prepare_cached(
                "SELECT k.code, k.version, k.gross_amount, k.currency, c.owner_id, k.customer_id, c.name, k.title
                 FROM contracts k LEFT JOIN customers c ON c.id = k.customer_id WHERE k.id = ?1",
            )?
            .query_row([id], |r| {
                let (code, version, title): (String, i64, String) = (r.get(0)?, r.get(1)?, r.get(7)?);
                let customer: Option<String> = r.get(6)?;
                Ok(DocumentSummary {
                    title: contract_title(&code, version, &title, customer.as_deref()),
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

    /// CUS-8 with DOC-9: instalments of signed contracts on the user's live customers falling due from
    /// `from` to `to`, with what their orders' receivables leave unpaid on them, earliest first.
    pub(crate) fn instalments_due(
        &self,
        user_id: &str,
        from: NaiveDate,
        to: NaiveDate,
    ) -> StorageResult<Vec<ContractDate>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT k.id, k.title, c.id, c.name, i.due_date,
                    (SELECT COALESCE(SUM(rv.outstanding_base), 0) FROM orders o
                       JOIN receivables rv ON rv.order_id = o.id AND rv.seq = i.seq
                      WHERE o.contract_id = k.id)
                    + MAX(0, i.amount * k.amount_base / MAX(k.gross_amount, 1)
                        - (SELECT COALESCE(SUM(rv.amount_base), 0) FROM orders o
                             JOIN receivables rv ON rv.order_id = o.id AND rv.seq = i.seq
                            WHERE o.contract_id = k.id))
               FROM contract_instalments i
               JOIN contracts k ON k.id = i.contract_id AND k.status = 'signed' AND k.archived_at IS NULL
               JOIN customers c ON c.id = k.customer_id AND c.owner_id = ?1 AND c.archived_at IS NULL
              WHERE i.due_date BETWEEN ?2 AND ?3
              ORDER BY i.due_date, k.id, i.seq",
        )?;
        let rows = stmt.query_map(params![user_id, calendar::format_date(from), calendar::format_date(to)], |r| {
            Ok(ContractDate {
                contract_id: r.get(0)?,
                contract_title: r.get(1)?,
                customer_id: r.get(2)?,
                customer_name: r.get(3)?,
                date: row::get_date(r, 4)?,
                open_base: Some(r.get(5)?),
            })
        })?;
        Ok(rows.collect::<Result<Vec<_>, _>>()?.into_iter().filter(|d| d.open_base != Some(0)).collect())
    }

    /// CUS-8 with DOC-3: signed contracts on the user's live customers ending from `from` to `to`.
    pub(crate) fn contracts_ending(
        &self,
        user_id: &str,
        from: NaiveDate,
        to: NaiveDate,
    ) -> StorageResult<Vec<ContractDate>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT k.id, k.title, c.id, c.name, k.end_date FROM contracts k
               JOIN customers c ON c.id = k.customer_id AND c.owner_id = ?1 AND c.archived_at IS NULL
              WHERE k.status = 'signed' AND k.archived_at IS NULL AND k.end_date BETWEEN ?2 AND ?3
              ORDER BY k.end_date, k.id",
        )?;
        let rows = stmt.query_map(params![user_id, calendar::format_date(from), calendar::format_date(to)], |r| {
            Ok(ContractDate {
                contract_id: r.get(0)?,
                contract_title: r.get(1)?,
                customer_id: r.get(2)?,
                customer_name: r.get(3)?,
                date: row::get_date(r, 4)?,
                open_base: None,
            })
        })?;
        Ok(rows.collect::<Result<_, _>>()?)
    }
}

/// How a contract is named in inboxes: `K-000012 v2 年度框架协议 · 华为`.
pub(crate) fn contract_title(code: &str, version: i64, title: &str, customer: Option<&str>) -> String {
    match customer {
        Some(c) => format!("{code} v{version} {title} · {c}"),
        None => format!("{code} v{version} {title}"),
    }
}
