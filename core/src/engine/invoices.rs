//! Invoice requests (DOC-10): a rep asks for an invoice on an order, a contract or service income, within what is left to invoice; finance (the `approve` permission on invoices) or the host reports it issued or rejects it.

use super::paging::page_limit;
use super::quotes::parse_cursor;
use super::{Ctx, Engine, EngineError, EngineResult};
use crate::domain::access;
use crate::domain::calendar;
use crate::domain::common::{IdRequest, Page};
use crate::domain::contract::ContractStatus;
use crate::domain::entity::Entity;
use crate::domain::invoice::{
    Invoice, InvoiceListRequest, InvoiceRequest, InvoiceStatus, InvoiceSubject, InvoiceType, IssueInvoiceRequest,
    RejectInvoiceRequest, check_within_uninvoiced,
};
use crate::domain::money;
use crate::domain::permissions::Action;
use crate::domain::text;
use crate::storage::{InvoiceFilter, ListScope, invoice_cursor};

const ENTITY: Entity = Entity::Invoice;

/// What a request is for, once checked: the subject, its customer and currency, and what is left to
/// invoice on it (`None`: service income, not capped).
struct Target {
    subject: InvoiceSubject,
    customer_id: String,
    order_id: Option<String>,
    contract_id: Option<String>,
    currency: String,
    uninvoiced: Option<(i64, &'static str)>,
}

impl Engine {
    /// DOC-10: asks for an invoice on an approved order, a signed contract, or service income of a
    /// customer, for at most what is left to invoice on it; a known `external_ref` answers the request
    /// made with it.
    pub fn request_invoice(&self, actor: Option<&str>, req: InvoiceRequest) -> EngineResult<Invoice> {
        self.write(actor, |cx| {
            cx.actor.require(ENTITY, Action::Create)?;
            let external_ref = text::optional("external_ref", req.external_ref.as_deref(), text::SHORT_MAX)?;
            if let Some(r) = &external_ref
                && let Some(id) = cx.tx.invoice_id_by_external_ref(r)?
            {
                return readable(cx, &id);
            }
            let invoice_title = text::required("invoice_title", &req.invoice_title, text::NAME_MAX)?;
            let tax_id = req.tax_id.as_deref().map(tax_id).transpose()?;
            if req.invoice_type == InvoiceType::VatSpecial && tax_id.is_none() {
                return Err(EngineError::validation("tax_id", "a vat_special invoice needs the buyer's tax id"));
            }
            let description = text::optional("description", req.description.as_deref(), text::LONG_TEXT_MAX)?;
            let target = target(cx, &req)?;
            if target.subject == InvoiceSubject::Service && description.is_none() {
                return Err(EngineError::validation("description", "say what service income is invoiced"));
            }
            match target.uninvoiced {
                Some((left, of)) => check_within_uninvoiced(req.amount, left, of)?,
                None => {
                    money::validate_amount("amount", req.amount)?;
                    if req.amount <= 0 {
                        return Err(EngineError::validation("amount", "must be positive"));
                    }
                }
            }
            let invoice = Invoice {
                id: cx.new_id(),
                code: cx.next_code(ENTITY)?,
                customer_id: target.customer_id,
                subject: target.subject,
                order_id: target.order_id,
                contract_id: target.contract_id,
                status: InvoiceStatus::Requested,
                amount: req.amount,
                currency: target.currency,
                invoice_title,
                tax_id,
                invoice_type: req.invoice_type,
                description,
                invoice_number: None,
                issue_date: None,
                issued_amount: None,
                rejection_reason: None,
                external_ref,
                requested_by: cx.actor.user_id().map(str::to_string),
                created_at: cx.now,
                updated_at: cx.now,
                decided_at: None,
            };
            cx.tx.save_invoice(None, &invoice)?;
            cx.audit_change(ENTITY, &invoice.id, "request", None::<&Invoice>, &invoice)?;
            Ok(invoice)
        })
    }

    /// DOC-10: finance or the host reports an invoice issued: its number, date and amount (at most what
    /// was requested; default all of it).
    pub fn issue_invoice(&self, actor: Option<&str>, req: IssueInvoiceRequest) -> EngineResult<Invoice> {
        self.write(actor, |cx| {
            let before = decidable(cx, &req.id)?;
            let number = text::required("invoice_number", &req.invoice_number, text::SHORT_MAX)?;
            let date = calendar::parse_date("issue_date", &req.issue_date)?;
            let mut after = before.clone();
            after.issue(number, date, req.amount.unwrap_or(before.amount), cx.now)?;
            save(cx, &before, after, "issue")
        })
    }

    /// DOC-10: finance refuses an invoice request, with a reason; its amount may be requested again.
    pub fn reject_invoice(&self, actor: Option<&str>, req: RejectInvoiceRequest) -> EngineResult<Invoice> {
        self.write(actor, |cx| {
            let reason = text::required("reason", &req.reason, text::LONG_TEXT_MAX)?;
            let before = decidable(cx, &req.id)?;
            let mut after = before.clone();
            after.reject(reason, cx.now)?;
            save(cx, &before, after, "reject")
        })
    }

    /// DOC-10: one invoice request, on a customer the actor may read.
    pub fn invoice(&self, actor: Option<&str>, req: IdRequest) -> EngineResult<Invoice> {
        self.read(actor, |cx| readable(cx, &req.id))
    }

    /// DOC-10: invoice requests in the actor's scope: newest first, or the waiting ones oldest first.
    pub fn list_invoices(&self, actor: Option<&str>, req: InvoiceListRequest) -> EngineResult<Page<Invoice>> {
        self.read(actor, |cx| {
            let limit = page_limit(req.limit)?;
            let after = req.cursor.as_deref().map(parse_cursor).transpose()?;
            let filter = InvoiceFilter {
                customer_id: req.customer_id.as_deref(),
                order_id: req.order_id.as_deref(),
                contract_id: req.contract_id.as_deref(),
                status: req.status,
                after,
            };
            let mut items = cx.tx.invoices_page(&filter, limit, &ListScope::of(&cx.actor))?;
            let next_cursor = if items.len() > limit as usize {
                items.truncate(limit as usize);
                items.last().map(invoice_cursor)
            } else {
                None
            };
            Ok(Page { items, next_cursor })
        })
    }
}

/// A taxpayer id (统一社会信用代码 or an older tax registration number): 15 to 20 letters and digits.
fn tax_id(value: &str) -> EngineResult<String> {
    let v = value.trim().to_uppercase();
    if !(15..=20).contains(&v.len()) || !v.bytes().all(|b| b.is_ascii_alphanumeric()) {
        return Err(EngineError::validation("tax_id", "must be 15 to 20 letters and digits"));
    }
    Ok(v)
}

/// The order, contract or customer a request names (exactly one), checked: visible and writable, an
/// approved order or a signed contract, in its currency, with what is left to invoice on it.
fn target(cx: &mut Ctx<'_>, req: &InvoiceRequest) -> EngineResult<Target> {
    let same_currency = |currency: &str| -> EngineResult<()> {
        match &req.currency {
            Some(c) if !c.eq_ignore_ascii_case(currency) => {
                Err(EngineError::validation("currency", "is not the currency of the document invoiced"))
            }
            _ => Ok(()),
        }
    };
    let order_id = match (&req.order_id, &req.order_external_ref) {
        (Some(_), Some(_)) => {
            return Err(EngineError::validation("order_id", "give either order_id or order_external_ref"));
        }
        (Some(id), None) => Some(id.clone()),
        (None, Some(r)) => Some(
            cx.tx
                .order_id_by_external_ref(r)?
                .ok_or_else(|| EngineError::not_found("no such order").with_field("order_external_ref"))?,
        ),
        (None, None) => None,
    };
    match (&order_id, &req.contract_id, &req.customer_id) {
        (Some(order_id), None, None) => {
            let order = super::orders::writable(cx, order_id).map_err(|e| e.with_field("order_id"))?;
            if !order.status.counts() {
                return Err(EngineError::validation("order_id", "only an approved (or later) order is invoiced"));
            }
            same_currency(&order.currency)?;
            let mut left = order.uninvoiced_amount;
            let mut of = "order";
            // An order under a contract also takes from what is left to invoice on the contract.
            if let Some(k) = &order.contract_id
                && let Some(contract) = cx.tx.contract(k)?
                && contract.uninvoiced_amount < left
            {
                (left, of) = (contract.uninvoiced_amount, "contract");
            }
            Ok(Target {
                subject: InvoiceSubject::Order,
                customer_id: order.customer_id,
                order_id: Some(order.id),
                contract_id: None,
                currency: order.currency,
                uninvoiced: Some((left, of)),
            })
        }
        (None, Some(contract_id), None) => {
            access::require_write(cx.access(Entity::Contract, contract_id)?, Entity::Contract)
                .map_err(|e| EngineError::from(e).with_field("contract_id"))?;
            let contract = cx
                .tx
                .contract(contract_id)?
                .ok_or_else(|| EngineError::not_found("no such contract").with_field("contract_id"))?;
            if !matches!(contract.status, ContractStatus::Signed | ContractStatus::Terminated) {
                return Err(EngineError::validation("contract_id", "only a signed contract is invoiced"));
            }
            same_currency(&contract.currency)?;
            Ok(Target {
                subject: InvoiceSubject::Contract,
                customer_id: contract.customer_id,
                order_id: None,
                contract_id: Some(contract.id),
                currency: contract.currency,
                uninvoiced: Some((contract.uninvoiced_amount, "contract")),
            })
        }
        (None, None, Some(customer_id)) => {
            super::orders::writable_customer(cx, customer_id)?;
            let currency = match &req.currency {
                Some(c) => c.to_uppercase(),
                None => cx.organisation()?.base_currency.clone(),
            };
            money::validate_currency("currency", &currency)?;
            Ok(Target {
                subject: InvoiceSubject::Service,
                customer_id: customer_id.clone(),
                order_id: None,
                contract_id: None,
                currency,
                uninvoiced: None,
            })
        }
        _ => Err(EngineError::validation(
            "order_id",
            "name exactly one of order_id, contract_id or customer_id (service income)",
        )),
    }
}

/// The request, on a customer the actor may read (`not_found` otherwise).
fn readable(cx: &Ctx<'_>, id: &str) -> EngineResult<Invoice> {
    access::require_read(cx.access(ENTITY, id)?, ENTITY)?;
    cx.tx.invoice(id)?.ok_or_else(|| EngineError::not_found("no such invoice request"))
}

/// The request, for finance to decide: readable, and the actor holds `approve` on invoices (the host
/// always may).
fn decidable(cx: &Ctx<'_>, id: &str) -> EngineResult<Invoice> {
    let invoice = readable(cx, id)?;
    cx.actor.require(ENTITY, Action::Approve)?;
    Ok(invoice)
}

fn save(cx: &mut Ctx<'_>, before: &Invoice, mut after: Invoice, action: &str) -> EngineResult<Invoice> {
    after.updated_at = cx.now;
    cx.tx.save_invoice(Some(before), &after)?;
    cx.audit_change(ENTITY, &after.id, action, Some(before), &after)?;
    Ok(after)
}
