//! Orders made in the engine and the order rules every path shares (DOC-4, DOC-5, DOC-7, DOC-8): drafts from quotes or direct, submission through the `sales_order` flow with the credit check, deliveries per line, cancellation, returns through the `sales_return` flow.
//!
//! Pushed orders (`engine/sales.rs`) and orders written here go through the same functions below for
//! what they share: lines, deliveries, the state machine, the customer becoming a transaction
//! customer, and the statistics; a push by the host only skips the approval flow and the credit check.

use chrono::NaiveDate;

use super::approvals::{self, Document};
use super::import::Revertable;
use super::paging::page_limit;
use super::statistics::today;
use super::{Ctx, Engine, EngineError, EngineResult};
use super::{contracts, quotes};
use crate::domain::access::{self, Access};
use crate::domain::approval::{Approval, ApprovalState, DocumentType, FieldValue};
use crate::domain::calendar;
use crate::domain::common::{IdRequest, Page};
use crate::domain::custom_fields;
use crate::domain::customer::CustomerStatus;
use crate::domain::document_line::{self, DocumentLine, gross_of};
use crate::domain::entity::Entity;
use crate::domain::money::{self, FxRate};
use crate::domain::order::{
    CancelOrderRequest, CreditCheck, CreditOverrideRequest, DeliverRequest, LineQuantity, OrderDraft, OrderLine,
    OrderListRequest, OrderOrigin, OrderPatch, QuantityLine, Return, ReturnKind, ReturnRequest, ReturnStatus,
    SubmitOrderRequest, check_line_quantities, validate_payment_terms,
};
use crate::domain::permissions::Action;
use crate::domain::quantity::Quantity;
use crate::domain::sales::{Delivery, Order, OrderStatus, check_order_move, status_after_delivery};
use crate::domain::statistics::shift;
use crate::domain::text;
use crate::domain::withholding;
use crate::storage::{ListScope, OrderFilter};

const ENTITY: Entity = Entity::Order;
/// Payment terms when an order names none.
pub const DEFAULT_PAYMENT_TERMS_DAYS: i64 = 30;

impl Engine {
    /// DOC-4: a draft order, from the current version of a sent or accepted quote (accepting a sent one)
    /// or direct with lines; a known `external_ref` answers the order made with it.
    pub fn create_order(&self, actor: Option<&str>, draft: OrderDraft) -> EngineResult<Order> {
        self.write(actor, |cx| {
            cx.actor.require(ENTITY, Action::Create)?;
            let external_ref = text::optional("external_ref", draft.external_ref.as_deref(), text::SHORT_MAX)?;
            if let Some(r) = &external_ref
                && let Some(found) = cx.tx.order_by_ref(r)?
            {
                access::require_read(cx.access(ENTITY, &found.id)?, ENTITY)?;
                return Ok(found);
            }
            let today = today(cx)?;
            let order_date = match draft.order_date.as_deref() {
                Some(d) => calendar::parse_date("order_date", d)?,
                None => today,
            };
            let contract = match (&draft.contract_id, &draft.quote_id) {
                (Some(_), Some(_)) => {
                    return Err(EngineError::validation("contract_id", "give contract_id or quote_id, not both"));
                }
                (Some(id), None) => Some(contracts::take_for_order(cx, id, order_date)?),
                _ => None,
            };
            let quote = match &draft.quote_id {
                Some(id) => Some(quotes::take_for_order(cx, id, today)?),
                None => None,
            };
            let source = match (&quote, &contract) {
                (Some(q), _) => {
                    Some(Source { of: "quote", customer_id: &q.customer_id, currency: &q.currency, fx_rate: q.fx_rate })
                }
                (None, Some(k)) => Some(Source {
                    of: "contract",
                    customer_id: &k.customer_id,
                    currency: &k.currency,
                    fx_rate: k.fx_rate,
                }),
                (None, None) => None,
            };
            let Party { customer_id, currency, fx_rate } =
                party(cx, source, draft.customer_id.as_deref(), draft.currency.as_deref(), draft.fx_rate)?;
            let base = cx.organisation()?.base_currency.clone();
            let lines: Vec<DocumentLine> = match (&draft.lines, &quote, &contract) {
                (wanted, _, Some(k)) => contracts::order_lines(cx, k, wanted.as_deref(), "")?,
                (Some(reqs), _, None) => quotes::price_lines(cx, &currency, reqs, (&customer_id, order_date))?,
                (None, Some(q), None) => q.lines.clone(),
                (None, None, None) => {
                    return Err(EngineError::validation("lines", "an order needs lines (or a quote or contract)"));
                }
            };
            let terms = draft.payment_terms_days.unwrap_or(DEFAULT_PAYMENT_TERMS_DAYS);
            validate_payment_terms(terms)?;
            let defs = cx.tx.custom_field_defs(ENTITY)?;
            let custom = custom_fields::validate_values(&defs, &draft.custom, None)?;
            let id = cx.new_id();
            let mut order = Order {
                code: cx.next_code(ENTITY)?,
                erp_number: None,
                customer_id: customer_id.clone(),
                status: OrderStatus::Draft,
                order_date,
                due_date: shift(order_date, terms),
                amount: 0,
                currency,
                fx_rate,
                amount_base: 0,
                delivered_amount: 0,
                external_ref,
                created_at: cx.now,
                updated_at: cx.now,
                origin: OrderOrigin::Engine,
                quote_id: quote.as_ref().map(|q| q.id.clone()),
                contract_id: contract.as_ref().map(|k| k.id.clone()),
                lines: Vec::new(),
                net_amount: None,
                tax_amount: None,
                payment_terms_days: terms,
                shipping_address: text::optional(
                    "shipping_address",
                    draft.shipping_address.as_deref(),
                    text::LONG_TEXT_MAX,
                )?,
                channel_partner: text::optional("channel_partner", draft.channel_partner.as_deref(), text::NAME_MAX)?,
                returned_amount: 0,
                returned_base: 0,
                credit_override_reason: None,
                credit_override_by: None,
                note: text::optional("note", draft.note.as_deref(), text::LONG_TEXT_MAX)?,
                custom,
                created_by: cx.actor.user_id().map(str::to_string),
                archived_at: None,
                invoiced_amount: 0,
                invoice_requested_amount: 0,
                uninvoiced_amount: 0,
                id,
            };
            set_lines(&mut order, lines, &[], &base)?;
            let order = order.with_uninvoiced();
            cx.tx.save_order(None, &order)?;
            cx.audit_change(ENTITY, &order.id, "create", None::<&Order>, &order)?;
            Ok(order)
        })
    }

    /// DOC-4: changes a draft or rejected order: lines (repriced), terms, shipping, channel, note, custom values.
    pub fn update_order(&self, actor: Option<&str>, patch: OrderPatch) -> EngineResult<Order> {
        self.write(actor, |cx| {
            let before = writable(cx, &patch.id)?;
            if !matches!(before.status, OrderStatus::Draft | OrderStatus::Rejected) {
                return Err(EngineError::invalid_state("only a draft or rejected order can be changed"));
            }
            let mut after = before.clone();
            if let Some(reqs) = &patch.lines {
                let contract = match &before.contract_id {
                    Some(k) => cx.tx.contract(k)?,
                    None => None,
                };
                let priced = match &contract {
                    // DOC-9: within what remains of the contract, this order's own lines left out.
                    Some(k) => contracts::order_lines(cx, k, Some(reqs), &before.id)?,
                    None => quotes::price_lines(
                        cx,
                        &after.currency.clone(),
                        reqs,
                        (&after.customer_id.clone(), after.order_date),
                    )?,
                };
                let base = cx.organisation()?.base_currency.clone();
                set_lines(&mut after, priced, &[], &base)?;
            }
            if let Some(days) = patch.payment_terms_days {
                validate_payment_terms(days)?;
                after.payment_terms_days = days;
                after.due_date = shift(after.order_date, days);
            }
            if patch.shipping_address.is_some() {
                after.shipping_address =
                    text::optional("shipping_address", patch.shipping_address.as_deref(), text::LONG_TEXT_MAX)?;
            }
            if patch.channel_partner.is_some() {
                after.channel_partner =
                    text::optional("channel_partner", patch.channel_partner.as_deref(), text::NAME_MAX)?;
            }
            if patch.note.is_some() {
                after.note = text::optional("note", patch.note.as_deref(), text::LONG_TEXT_MAX)?;
            }
            if let Some(values) = &patch.custom {
                let defs = cx.tx.custom_field_defs(ENTITY)?;
                after.custom = custom_fields::validate_values(&defs, values, Some(&before.custom))?;
            }
            save(cx, &before, after, "update")
        })
    }

    /// One order, on a customer the actor may read.
    pub fn order(&self, actor: Option<&str>, req: IdRequest) -> EngineResult<Order> {
        self.read(actor, |cx| readable(cx, &req.id))
    }

    /// DOC-4: orders on customers in the actor's scope, newest first.
    pub fn list_orders(&self, actor: Option<&str>, req: OrderListRequest) -> EngineResult<Page<Order>> {
        self.read(actor, |cx| {
            let limit = page_limit(req.limit)?;
            let after = req.cursor.as_deref().map(quotes::parse_cursor).transpose()?;
            let filter = OrderFilter {
                customer_id: req.customer_id.as_deref(),
                status: req.status,
                include_archived: req.include_archived,
                after,
            };
            let mut items = cx.tx.orders_page(&filter, limit, &ListScope::of(&cx.actor))?;
            let next_cursor = if items.len() > limit as usize {
                items.truncate(limit as usize);
                items.last().map(|o| format!("{}|{}", calendar::format_instant(o.created_at), o.id))
            } else {
                None
            };
            Ok(Page { items, next_cursor })
        })
    }

    /// Archives an order nothing is pending on: a draft, or one rejected, completed or cancelled (an
    /// approved order still owes deliveries and money). It keeps counting in the statistics.
    pub fn archive_order(&self, actor: Option<&str>, req: IdRequest) -> EngineResult<Order> {
        self.set_order_archived(actor, &req.id, true)
    }

    /// Restores an archived order.
    pub fn restore_order(&self, actor: Option<&str>, req: IdRequest) -> EngineResult<Order> {
        self.set_order_archived(actor, &req.id, false)
    }

    fn set_order_archived(&self, actor: Option<&str>, id: &str, archived: bool) -> EngineResult<Order> {
        self.write(actor, |cx| {
            cx.actor.require(ENTITY, Action::Archive)?;
            access::require_write(cx.access(ENTITY, id)?, ENTITY)?;
            let before = cx.tx.order(id)?.ok_or_else(|| EngineError::not_found("no such order"))?;
            if before.archived_at.is_some() == archived {
                return Err(EngineError::invalid_state(if archived {
                    "the order is already archived"
                } else {
                    "the order is not archived"
                }));
            }
            let settled = matches!(
                before.status,
                OrderStatus::Draft | OrderStatus::Rejected | OrderStatus::Completed | OrderStatus::Cancelled
            );
            if archived && !settled {
                return Err(EngineError::invalid_state(
                    "only a draft, rejected, completed or cancelled order can be archived",
                ));
            }
            let mut after = before.clone();
            after.archived_at = archived.then_some(cx.now);
            save(cx, &before, after, if archived { "archive" } else { "restore" })
        })
    }

    /// DOC-4: submits a draft or rejected order along the `sales_order` flow; when no step applies it is
    /// approved at once, which takes the credit check. With `dry_run`, answers the route and the credit
    /// check, writing nothing.
    pub fn submit_order(&self, actor: Option<&str>, req: SubmitOrderRequest) -> EngineResult<Approval> {
        self.write_or_dry_run(actor, req.dry_run, |cx| {
            let note = text::optional("note", req.note.as_deref(), text::LONG_TEXT_MAX)?;
            submit(cx, &req.id, note)
        })
    }

    /// DOC-4: what the credit check says of the order now: the customer's open receivables, this order,
    /// the limit and the excess, and whether approval would be refused. Readers without `view_financial`
    /// on customers see the verdict with the figures withheld.
    pub fn order_credit_check(&self, actor: Option<&str>, req: IdRequest) -> EngineResult<CreditCheck> {
        self.read(actor, |cx| {
            let order = readable(cx, &req.id)?;
            let mut check = credit_check(cx, &order)?;
            if !withholding::sees_financial(&cx.actor, Entity::Customer) {
                check.credit_limit = None;
                check.outstanding = None;
                check.exposure = None;
                check.excess = None;
                check.withheld = vec!["credit_limit".into(), "outstanding".into(), "exposure".into(), "excess".into()];
            }
            Ok(check)
        })
    }

    /// DOC-4: a manager whose scope covers the order's customer overrides the credit check, with a reason
    /// (audited); approval then passes the check.
    pub fn override_order_credit(&self, actor: Option<&str>, req: CreditOverrideRequest) -> EngineResult<Order> {
        self.write(actor, |cx| {
            let reason = text::required("reason", &req.reason, text::LONG_TEXT_MAX)?;
            let before = writable(cx, &req.id)?;
            cx.actor
                .require(ENTITY, Action::Approve)
                .map_err(|_| EngineError::permission_denied("only a manager may override the credit check"))?;
            if !matches!(before.status, OrderStatus::Draft | OrderStatus::Submitted | OrderStatus::Rejected) {
                return Err(EngineError::invalid_state("the order has been decided"));
            }
            let mut after = before.clone();
            after.credit_override_reason = Some(reason);
            after.credit_override_by = cx.actor.user_id().map(str::to_string);
            save(cx, &before, after, "override_credit")
        })
    }

    /// DOC-4: cancels an order before its delivery is complete; its receivable and statistics follow.
    pub fn cancel_order(&self, actor: Option<&str>, req: CancelOrderRequest) -> EngineResult<Order> {
        self.write(actor, |cx| {
            let reason = text::optional("reason", req.reason.as_deref(), text::LONG_TEXT_MAX)?;
            let before = writable(cx, &req.id)?;
            match before.status {
                OrderStatus::Submitted => {
                    return Err(EngineError::invalid_state(
                        "the order waits for approval; it can be cancelled once decided",
                    ));
                }
                OrderStatus::Cancelled => return Err(EngineError::invalid_state("the order is already cancelled")),
                _ => {}
            }
            check_order_move(before.status, OrderStatus::Cancelled).map_err(EngineError::from)?;
            let mut after = before.clone();
            after.status = OrderStatus::Cancelled;
            if reason.is_some() {
                after.note = reason;
            }
            cx.touch_customer_documents(&after.customer_id);
            save(cx, &before, after, "cancel")
        })
    }

    /// DOC-4: completes a delivered order (or an approved one the customer closes early).
    pub fn complete_order(&self, actor: Option<&str>, req: IdRequest) -> EngineResult<Order> {
        self.write(actor, |cx| {
            let before = writable(cx, &req.id)?;
            if !before.status.in_delivery() {
                return Err(EngineError::invalid_state("only an approved or delivered order can be completed"));
            }
            let mut after = before.clone();
            after.status = OrderStatus::Completed;
            save(cx, &before, after, "complete")
        })
    }

    /// DOC-5: delivers quantities per line of an approved order, never more than ordered minus delivered;
    /// the order's delivered quantities, amount and status follow.
    pub fn deliver_order(&self, actor: Option<&str>, req: DeliverRequest) -> EngineResult<Delivery> {
        self.write(actor, |cx| {
            cx.actor.require(Entity::Delivery, Action::Create)?;
            let external_ref = text::optional("external_ref", req.external_ref.as_deref(), text::SHORT_MAX)?;
            if let Some(r) = &external_ref
                && let Some(found) = cx.tx.delivery_by_ref(r)?
            {
                access::require_read(cx.access(Entity::Delivery, &found.id)?, Entity::Delivery)?;
                return Ok(found);
            }
            let order = writable(cx, &req.order_id).map_err(|e| e.with_field("order_id"))?;
            let date = match req.delivery_date.as_deref() {
                Some(d) => calendar::parse_date("delivery_date", d)?,
                None => today(cx)?,
            };
            let shipping = text::optional("shipping_address", req.shipping_address.as_deref(), text::LONG_TEXT_MAX)?;
            deliver_lines(cx, order, date, &req.lines, shipping, external_ref)
        })
    }

    /// DOC-5: an order's deliveries, oldest first, with their lines.
    pub fn order_deliveries(&self, actor: Option<&str>, req: IdRequest) -> EngineResult<Vec<Delivery>> {
        self.read(actor, |cx| {
            readable(cx, &req.id)?;
            Ok(cx.tx.deliveries_of(&req.id)?)
        })
    }

    /// DOC-7: a return against delivered lines of an order (at most delivered minus returned per line),
    /// submitted through the `sales_return` flow; approval credits the order (and so its receivable and
    /// the statistics), or, for an exchange, records a replacement delivery instead.
    pub fn create_return(&self, actor: Option<&str>, req: ReturnRequest) -> EngineResult<Return> {
        self.write(actor, |cx| {
            cx.actor.require(Entity::Return, Action::Create)?;
            let external_ref = text::optional("external_ref", req.external_ref.as_deref(), text::SHORT_MAX)?;
            if let Some(r) = &external_ref
                && let Some(found) = cx.tx.return_by_ref(r)?
            {
                access::require_read(cx.access(Entity::Return, &found.id)?, Entity::Return)?;
                return Ok(found);
            }
            let reason = text::required("reason", &req.reason, text::LONG_TEXT_MAX)?;
            let note = text::optional("note", req.note.as_deref(), text::LONG_TEXT_MAX)?;
            let order = writable(cx, &req.order_id).map_err(|e| e.with_field("order_id"))?;
            if !order.status.counts() {
                return Err(EngineError::invalid_state("only an approved order's deliveries can be returned"));
            }
            if order.lines.is_empty() {
                return Err(EngineError::validation("order_id", "the order has no lines to return"));
            }
            // Quantities already waiting in other returns are not returnable twice.
            let pending = pending_returns(cx, &order.id)?;
            let returnable = |l: &OrderLine| {
                let waiting = pending
                    .iter()
                    .filter(|(n, _)| *n == l.line.line_no)
                    .fold(Quantity::ZERO, |a, (_, q)| a.checked_add(*q).unwrap_or(a));
                l.returnable().checked_sub(waiting).unwrap_or(Quantity::ZERO)
            };
            check_line_quantities(&order.lines, &req.lines, returnable, "was delivered and not returned")?;
            let lines = shares(&order.lines, &req.lines, |l| l.returned);
            let amount: i64 = lines.iter().map(|l| l.amount).sum();
            let base = cx.organisation()?.base_currency.clone();
            let mut ret = Return {
                id: cx.new_id(),
                code: cx.next_code(Entity::Return)?,
                order_id: order.id.clone(),
                customer_id: order.customer_id.clone(),
                kind: req.kind,
                status: ReturnStatus::Submitted,
                reason,
                lines,
                amount,
                amount_base: money::convert_to_base(amount, &order.currency, &base, order.fx_rate)?,
                replacement_delivery_id: None,
                external_ref,
                created_by: cx.actor.user_id().map(str::to_string),
                created_at: cx.now,
                updated_at: cx.now,
                decided_at: None,
            };
            cx.tx.save_return(None, &ret)?;
            cx.audit_change(Entity::Return, &ret.id, "create", None::<&Return>, &ret)?;
            let approval = approvals::submit(cx, &return_document(cx, &ret, &order)?, note)?;
            if approval.status == ApprovalState::Approved {
                ret = follow_return_decision(cx, ret, true)?;
            }
            Ok(ret)
        })
    }

    /// DOC-7: one return, on a customer the actor may read.
    pub fn sales_return(&self, actor: Option<&str>, req: IdRequest) -> EngineResult<Return> {
        self.read(actor, |cx| {
            access::require_read(cx.access(Entity::Return, &req.id)?, Entity::Return)?;
            cx.tx.sales_return(&req.id)?.ok_or_else(|| EngineError::not_found("no such return"))
        })
    }

    /// DOC-7: an order's returns, oldest first.
    pub fn order_returns(&self, actor: Option<&str>, req: IdRequest) -> EngineResult<Vec<Return>> {
        self.read(actor, |cx| {
            readable(cx, &req.id)?;
            Ok(cx.tx.returns_of(&req.id)?)
        })
    }
}

/// The order, on a customer the actor may read (`not_found` otherwise).
fn readable(cx: &Ctx<'_>, id: &str) -> EngineResult<Order> {
    access::require_read(cx.access(ENTITY, id)?, ENTITY)?;
    cx.tx.order(id)?.ok_or_else(|| EngineError::not_found("no such order"))
}

/// The order, on a customer the actor may write, with the `edit` permission on orders.
pub(crate) fn writable(cx: &Ctx<'_>, id: &str) -> EngineResult<Order> {
    access::require_write(cx.access(ENTITY, id)?, ENTITY)?;
    cx.actor.require(ENTITY, Action::Edit)?;
    let order = cx.tx.order(id)?.ok_or_else(|| EngineError::not_found("no such order"))?;
    if order.archived_at.is_some() {
        return Err(EngineError::invalid_state("the order is archived"));
    }
    Ok(order)
}

/// The document a new sales document is made from (a quote, a contract): its customer, currency and rate.
pub(crate) struct Source<'a> {
    /// `quote` or `contract`, for the messages.
    pub of: &'static str,
    pub customer_id: &'a str,
    pub currency: &'a str,
    pub fx_rate: FxRate,
}

/// Who a new sales document is for and in what money.
pub(crate) struct Party {
    pub customer_id: String,
    pub currency: String,
    pub fx_rate: FxRate,
}

/// The customer (visible, live, writable), currency and rate of a new sales document: the source's, which
/// the draft may repeat but not contradict (its rate may be given anew), else the draft's own (the
/// currency defaulting to the base currency, the rate to 1).
pub(crate) fn party(
    cx: &mut Ctx<'_>,
    source: Option<Source<'_>>,
    customer_id: Option<&str>,
    currency: Option<&str>,
    fx_rate: Option<FxRate>,
) -> EngineResult<Party> {
    let party = match source {
        Some(s) => {
            if customer_id.is_some_and(|c| c != s.customer_id) {
                return Err(EngineError::validation("customer_id", format!("is not the {}'s customer", s.of)));
            }
            if currency.is_some_and(|c| !c.eq_ignore_ascii_case(s.currency)) {
                return Err(EngineError::validation("currency", format!("is not the {}'s currency", s.of)));
            }
            Party {
                customer_id: s.customer_id.to_string(),
                currency: s.currency.to_string(),
                fx_rate: fx_rate.unwrap_or(s.fx_rate),
            }
        }
        None => {
            let Some(customer_id) = customer_id else {
                return Err(EngineError::validation("customer_id", "give customer_id or the document it comes from"));
            };
            let base = cx.organisation()?.base_currency.clone();
            Party {
                customer_id: customer_id.to_string(),
                currency: currency.map(str::to_uppercase).unwrap_or(base),
                fx_rate: fx_rate.unwrap_or_default(),
            }
        }
    };
    writable_customer(cx, &party.customer_id)?;
    money::validate_currency("currency", &party.currency)?;
    Ok(party)
}

/// The customer must be visible, live and writable by the actor.
pub(crate) fn writable_customer(cx: &Ctx<'_>, id: &str) -> EngineResult<()> {
    match cx.access_facts(Entity::Customer, id)? {
        (Access::None, _) => Err(EngineError::not_found("no such customer").with_field("customer_id")),
        (_, Some(f)) if f.archived => Err(EngineError::validation("customer_id", "the customer is archived")),
        (a, _) => {
            access::require_write(a, Entity::Customer).map_err(|e| EngineError::from(e).with_field("customer_id"))
        }
    }
}

/// Saves and audits a change of an order.
fn save(cx: &Ctx<'_>, before: &Order, after: Order, action: &str) -> EngineResult<Order> {
    let mut after = after.with_uninvoiced();
    after.updated_at = cx.now;
    cx.tx.save_order(Some(before), &after)?;
    cx.audit_change(ENTITY, &after.id, action, Some(before), &after)?;
    Ok(after)
}

/// Sets an order's lines and what they decide (amount, net, tax, base amount), keeping what was
/// delivered and returned of lines that stay (`kept`: the lines before).
pub(crate) fn set_lines(
    order: &mut Order,
    lines: Vec<DocumentLine>,
    kept: &[OrderLine],
    base: &str,
) -> EngineResult<()> {
    let totals = document_line::totals(&lines)?;
    let mut out = Vec::with_capacity(lines.len());
    for (i, line) in lines.into_iter().enumerate() {
        let old = kept.iter().find(|k| k.line.line_no == line.line_no);
        let (delivered, returned) = match old {
            Some(k) if k.line.product_id == line.product_id && k.delivered <= line.quantity => {
                (k.delivered, k.returned)
            }
            Some(k) if !k.delivered.is_zero() => {
                return Err(EngineError::validation(
                    format!("lines[{i}]"),
                    "a delivered line keeps its product and at least its delivered quantity",
                ));
            }
            _ => (Quantity::ZERO, Quantity::ZERO),
        };
        out.push(OrderLine { line, delivered, returned });
    }
    if kept.iter().any(|k| !k.delivered.is_zero() && !out.iter().any(|l| l.line.line_no == k.line.line_no)) {
        return Err(EngineError::validation("lines", "a delivered line cannot be removed"));
    }
    order.amount = totals.gross;
    order.net_amount = Some(totals.net);
    order.tax_amount = Some(totals.tax);
    order.amount_base = money::convert_to_base(totals.gross, &order.currency, base, order.fx_rate)?;
    order.lines = out;
    Ok(())
}

/// The gross share of `wanted` quantities per line, telescoping from what `done` says was already
/// delivered or returned, so parts add up to the line exactly.
fn shares(lines: &[OrderLine], wanted: &[LineQuantity], done: impl Fn(&OrderLine) -> Quantity) -> Vec<QuantityLine> {
    let mut out: Vec<QuantityLine> = wanted
        .iter()
        .filter_map(|w| {
            let line = lines.iter().find(|l| l.line.line_no == w.line_no)?;
            let before = done(line);
            let after = before.checked_add(w.quantity)?;
            Some(QuantityLine {
                line_no: w.line_no,
                quantity: w.quantity,
                amount: gross_of(&line.line, after) - gross_of(&line.line, before),
            })
        })
        .collect();
    out.sort_by_key(|l| l.line_no);
    out
}

/// DOC-5: records a delivery of quantities per line; the order's lines, delivered amount and status follow.
pub(crate) fn deliver_lines(
    cx: &mut Ctx<'_>,
    order: Order,
    date: NaiveDate,
    wanted: &[LineQuantity],
    shipping_address: Option<String>,
    external_ref: Option<String>,
) -> EngineResult<Delivery> {
    if order.lines.is_empty() {
        return Err(EngineError::validation("lines", "the order has no lines; the ERP delivers it by amount"));
    }
    if !order.status.counts() || order.status == OrderStatus::Completed {
        return Err(EngineError::invalid_state("only an approved order that is not completed can be delivered"));
    }
    check_line_quantities(&order.lines, wanted, OrderLine::undelivered, "ordered minus delivered")?;
    let lines = shares(&order.lines, wanted, |l| l.delivered);
    let amount: i64 = lines.iter().map(|l| l.amount).sum();
    let before = order.clone();
    let mut after = order;
    for w in wanted {
        if let Some(l) = after.lines.iter_mut().find(|l| l.line.line_no == w.line_no) {
            l.delivered = l.delivered.checked_add(w.quantity).unwrap_or(l.line.quantity);
        }
    }
    after.delivered_amount += amount;
    after.status = status_by_lines(&after);
    after.updated_at = cx.now;
    let delivery = Delivery {
        id: cx.new_id(),
        order_id: after.id.clone(),
        customer_id: after.customer_id.clone(),
        delivery_date: date,
        amount,
        external_ref,
        created_at: cx.now,
        lines,
        shipping_address: shipping_address.or_else(|| after.shipping_address.clone()),
        return_id: None,
    };
    cx.tx.save_delivery(None, &delivery)?;
    cx.tx.save_order(Some(&before), &after)?;
    cx.audit_change(Entity::Delivery, &delivery.id, "create", None::<&Delivery>, &delivery)?;
    cx.audit_change(ENTITY, &after.id, "deliver", Some(&before), &after)?;
    Ok(delivery)
}

/// An order with lines in delivery: delivered when every line is, partially when any is.
fn status_by_lines(order: &Order) -> OrderStatus {
    if order.status == OrderStatus::Completed || !order.status.in_delivery() {
        return order.status;
    }
    if order.lines.iter().all(|l| l.delivered >= l.line.quantity) {
        OrderStatus::Delivered
    } else if order.lines.iter().any(|l| !l.delivered.is_zero()) {
        OrderStatus::PartiallyDelivered
    } else {
        OrderStatus::Approved
    }
}

/// The status an order takes when it is delivered by amount (an order without lines).
pub(crate) fn status_by_amount(order: &Order, delivered: i64) -> EngineResult<OrderStatus> {
    Ok(status_after_delivery(order.status, delivered, order.amount)?)
}

/// What the order is as a document of the `sales_order` flow: owned as its customer is.
fn order_document(cx: &Ctx<'_>, order: &Order) -> EngineResult<Document> {
    let (_, facts) = cx.access_facts(Entity::Customer, &order.customer_id)?;
    let title = cx.tx.order_summary(&order.id)?.map_or_else(|| order.code.clone(), |s| s.title);
    Ok(Document {
        doc_type: DocumentType::SalesOrder,
        id: order.id.clone(),
        subject: None,
        title,
        ownership: facts.map(|f| f.ownership).unwrap_or_default(),
        values: vec![
            ("amount", Some(FieldValue::Number(order.amount_base as f64))),
            ("payment_terms_days", Some(FieldValue::Number(order.payment_terms_days as f64))),
        ],
        custom: order.custom.clone(),
    })
}

fn return_document(cx: &Ctx<'_>, ret: &Return, order: &Order) -> EngineResult<Document> {
    let (_, facts) = cx.access_facts(Entity::Customer, &order.customer_id)?;
    let title = cx.tx.return_summary(&ret.id)?.map_or_else(|| ret.code.clone(), |s| s.title);
    Ok(Document {
        doc_type: DocumentType::SalesReturn,
        id: ret.id.clone(),
        subject: None,
        title,
        ownership: facts.map(|f| f.ownership).unwrap_or_default(),
        values: vec![
            ("amount", Some(FieldValue::Number(ret.amount_base as f64))),
            ("exchange", Some(FieldValue::Bool(ret.kind == ReturnKind::Exchange))),
        ],
        custom: Default::default(),
    })
}

/// DOC-4: submits a draft or rejected order along the flow in force (from `orders.submit` and
/// `approvals.submit`); approved at once, with the credit check, when no step applies.
pub(crate) fn submit(cx: &mut Ctx<'_>, id: &str, note: Option<String>) -> EngineResult<Approval> {
    let before = writable(cx, id)?;
    if !matches!(before.status, OrderStatus::Draft | OrderStatus::Rejected) {
        return Err(EngineError::invalid_state("only a draft or rejected order can be submitted"));
    }
    if before.lines.is_empty() && before.origin == OrderOrigin::Engine {
        return Err(EngineError::validation("lines", "an order needs lines"));
    }
    let mut after = before.clone();
    after.status = OrderStatus::Submitted;
    let approval = approvals::submit(cx, &order_document(cx, &after)?, note)?;
    let saved = save(cx, &before, after, "submit")?;
    if approval.status == ApprovalState::Approved {
        approve(cx, saved)?;
    }
    Ok(approval)
}

/// DOC-4: the credit check of `order` now.
fn credit_check(cx: &mut Ctx<'_>, order: &Order) -> EngineResult<CreditCheck> {
    let limit = cx.tx.customer(&order.customer_id)?.and_then(|c| c.credit_limit);
    let outstanding = open_receivables(cx, &order.customer_id, &order.id)?;
    Ok(CreditCheck::of(
        &order.id,
        &order.customer_id,
        limit,
        outstanding,
        order.amount_base - order.returned_base,
        order.credit_override_reason.clone(),
    ))
}

/// The customer's open receivables (DOC-6's table, kept current by every write), instalments not yet
/// due included, leaving `order_id` out.
fn open_receivables(cx: &Ctx<'_>, customer_id: &str, order_id: &str) -> EngineResult<i64> {
    Ok(cx.tx.open_receivables_total(customer_id, order_id)?)
}

/// DOC-4 with DOC-6 and CUS-1: the order is approved: the credit check must pass (or be overridden),
/// the receivable falls due after the payment terms from today, the customer becomes a transaction
/// customer, and the statistics count it.
fn approve(cx: &mut Ctx<'_>, before: Order) -> EngineResult<Order> {
    let check = credit_check(cx, &before)?;
    if let Some(refusal) = check.refusal() {
        return Err(refusal.into());
    }
    if check.excess.is_some_and(|e| e > 0) {
        cx.audit_change(ENTITY, &before.id, "credit_override_used", None::<&CreditCheck>, &check)?;
    }
    let today = today(cx)?;
    let mut after = before.clone();
    after.status = OrderStatus::Approved;
    after.due_date = shift(today.max(after.order_date), after.payment_terms_days);
    let saved = save(cx, &before, after, "approve")?;
    counted(cx, &saved)?;
    Ok(saved)
}

/// CUS-1 and CUS-4: an order that came to count makes its customer a transaction customer and enters
/// the statistics.
pub(crate) fn counted(cx: &mut Ctx<'_>, order: &Order) -> EngineResult<()> {
    become_transaction_customer(cx, &order.customer_id)?;
    cx.add_new_order(&order.customer_id, &order.id);
    Ok(())
}

/// CUS-1: a potential customer becomes a transaction customer on its first approved order, never back.
pub(crate) fn become_transaction_customer(cx: &Ctx<'_>, customer_id: &str) -> EngineResult<()> {
    let Some(before) = cx.tx.customer(customer_id)? else { return Ok(()) };
    if before.status == CustomerStatus::Transaction {
        return Ok(());
    }
    let mut after = before.clone();
    after.status = CustomerStatus::Transaction;
    after.updated_at = cx.now;
    cx.tx.save_customer(Some(&before), &after)?;
    cx.audit_change(Entity::Customer, customer_id, "update", Some(&before), &after)
}

/// ORG-5 with DOC-4: follows a decided order approval: approved takes the credit check (a refusal
/// refuses the deciding call), rejected returns the order to its owner.
pub(crate) fn follow_order(cx: &mut Ctx<'_>, approval: &Approval) -> EngineResult<()> {
    let before =
        cx.tx.order(&approval.document_id)?.ok_or_else(|| EngineError::internal("an approved order is missing"))?;
    match approval.status {
        ApprovalState::Pending => Ok(()),
        ApprovalState::Approved => approve(cx, before).map(|_| ()),
        ApprovalState::Rejected => {
            let mut after = before.clone();
            after.status = OrderStatus::Rejected;
            save(cx, &before, after, "reject").map(|_| ())
        }
    }
}

/// The quantities per line waiting in submitted returns of an order.
fn pending_returns(cx: &Ctx<'_>, order_id: &str) -> EngineResult<Vec<(u32, Quantity)>> {
    Ok(cx
        .tx
        .returns_of(order_id)?
        .into_iter()
        .filter(|r| r.status == ReturnStatus::Submitted)
        .flat_map(|r| r.lines.into_iter().map(|l| (l.line_no, l.quantity)))
        .collect())
}

/// ORG-5 with DOC-7: follows a decided return approval.
pub(crate) fn follow_return(cx: &mut Ctx<'_>, approval: &Approval) -> EngineResult<()> {
    let approved = match approval.status {
        ApprovalState::Pending => return Ok(()),
        ApprovalState::Approved => true,
        ApprovalState::Rejected => false,
    };
    let ret = cx
        .tx
        .sales_return(&approval.document_id)?
        .ok_or_else(|| EngineError::internal("a decided return is missing"))?;
    follow_return_decision(cx, ret, approved).map(|_| ())
}

/// DOC-7: an approved credit return subtracts its lines from the order (what counts, and so the
/// receivable and the statistics, as Appendix A says); an approved exchange records a replacement
/// delivery of the same quantities instead, leaving the money as it was.
fn follow_return_decision(cx: &mut Ctx<'_>, before: Return, approved: bool) -> EngineResult<Return> {
    let mut after = before.clone();
    after.status = if approved { ReturnStatus::Approved } else { ReturnStatus::Rejected };
    after.decided_at = Some(cx.now);
    after.updated_at = cx.now;
    if approved {
        let order_before =
            cx.tx.order(&before.order_id)?.ok_or_else(|| EngineError::internal("a returned order is missing"))?;
        let mut order = order_before.clone();
        match before.kind {
            ReturnKind::Credit => {
                // An exchange's replacement restores what was delivered; a credit return takes it back.
                for l in &before.lines {
                    let Some(line) = order.lines.iter_mut().find(|x| x.line.line_no == l.line_no) else { continue };
                    if l.quantity > line.returnable() {
                        return Err(EngineError::invalid_state(
                            "the order's delivered quantities changed; the return no longer fits",
                        ));
                    }
                    line.returned = line.returned.checked_add(l.quantity).unwrap_or(line.delivered);
                }
                order.returned_amount += before.amount;
                order.returned_base += before.amount_base;
            }
            ReturnKind::Exchange => {
                let replacement = Delivery {
                    id: cx.new_id(),
                    order_id: order.id.clone(),
                    customer_id: order.customer_id.clone(),
                    delivery_date: today(cx)?,
                    amount: 0,
                    external_ref: None,
                    created_at: cx.now,
                    lines: before.lines.iter().map(|l| QuantityLine { amount: 0, ..l.clone() }).collect(),
                    shipping_address: order.shipping_address.clone(),
                    return_id: Some(before.id.clone()),
                };
                cx.tx.save_delivery(None, &replacement)?;
                cx.audit_change(Entity::Delivery, &replacement.id, "create", None::<&Delivery>, &replacement)?;
                after.replacement_delivery_id = Some(replacement.id);
            }
        }
        save(cx, &order_before, order, "return")?;
        cx.touch_customer_documents(&before.customer_id);
    }
    cx.tx.save_return(Some(&before), &after)?;
    cx.audit_change(Entity::Return, &after.id, if approved { "approve" } else { "reject" }, Some(&before), &after)?;
    Ok(after)
}

impl Revertable for Order {
    fn load(cx: &Ctx<'_>, id: &str) -> EngineResult<Option<Self>> {
        Ok(cx.tx.order(id)?)
    }
    fn updated_at(&self) -> chrono::DateTime<chrono::Utc> {
        self.updated_at
    }
    fn archived(self, now: chrono::DateTime<chrono::Utc>) -> Option<Self> {
        // An order the import created is undone as cancelled (its receivables and sales figures leave with it).
        self.archived_at.is_none().then_some(Order {
            status: OrderStatus::Cancelled,
            archived_at: Some(now),
            updated_at: now,
            ..self
        })
    }
    fn put(cx: &mut Ctx<'_>, current: &Self, after: Self) -> EngineResult<()> {
        cx.touch_customer_documents(&after.customer_id);
        save(cx, current, after, "import_revert").map(drop)
    }
}
