//! Pushing sales documents from the host ERP (DOC-8): orders, deliveries and receipts, idempotent by `external_ref`, batched.
//!
//! Every push writes the documents, an audit entry per document, and the
//! statistics of the customers it touched, in one transaction.

use super::batch::{self, Written};
use super::{Ctx, Engine, orders, quotes};
use super::{EngineError, EngineResult};
use crate::domain::access;
use crate::domain::calendar;
use crate::domain::common::{BatchRequest, BatchResult};
use crate::domain::entity::Entity;
use crate::domain::money::{self, FxRate};
use crate::domain::order::OrderOrigin;
use crate::domain::permissions::Action;
use crate::domain::sales::{
    Delivery, DeliveryPush, Order, OrderPush, OrderStatus, Receipt, ReceiptPush, check_order_move,
    status_after_delivery, validate_document_amount,
};
use crate::domain::text;

impl Engine {
    /// Creates or updates (by `external_ref`) orders the ERP pushes; their customers' statistics follow.
    pub fn push_orders(&self, actor: Option<&str>, req: BatchRequest<OrderPush>) -> EngineResult<BatchResult> {
        self.write(actor, |cx| {
            cx.actor.require(Entity::Order, Action::Create)?;
            batch::run(cx, req.items, req.mode, push_order)
        })
    }

    /// Records (by `external_ref`) deliveries against pushed orders; an order moves to partially or fully delivered.
    pub fn push_deliveries(&self, actor: Option<&str>, req: BatchRequest<DeliveryPush>) -> EngineResult<BatchResult> {
        self.write(actor, |cx| {
            cx.actor.require(Entity::Delivery, Action::Create)?;
            batch::run(cx, req.items, req.mode, push_delivery)
        })
    }

    /// Records (by `external_ref`) receipts; they settle the named order, then the oldest receivables.
    pub fn push_receipts(&self, actor: Option<&str>, req: BatchRequest<ReceiptPush>) -> EngineResult<BatchResult> {
        self.write(actor, |cx| {
            cx.actor.require(Entity::Receipt, Action::Create)?;
            batch::run(cx, req.items, req.mode, push_receipt)
        })
    }
}

/// The customer named by id or ERP key (exactly one), writable by the actor.
fn writable_customer(cx: &Ctx<'_>, id: Option<&str>, external_ref: Option<&str>) -> EngineResult<String> {
    let (id, field) = match (id, external_ref) {
        (Some(id), None) => (id.to_string(), "customer_id"),
        (None, Some(r)) => {
            let found = cx
                .tx
                .customer_id_by_external_ref(r)?
                .ok_or_else(|| EngineError::not_found("no such customer").with_field("customer_external_ref"))?;
            (found, "customer_external_ref")
        }
        _ => return Err(EngineError::validation("customer_id", "give either customer_id or customer_external_ref")),
    };
    access::require_write(cx.access(Entity::Customer, &id)?, Entity::Customer)
        .map_err(|e| EngineError::from(e).with_field(field))?;
    Ok(id)
}

/// The order named by id or ERP key (exactly one), on a customer the actor may write.
pub(crate) fn writable_order(
    cx: &Ctx<'_>,
    id: Option<&str>,
    external_ref: Option<&str>,
    field: &str,
) -> EngineResult<Order> {
    let order = match (id, external_ref) {
        (Some(id), None) => cx.tx.order(id)?,
        (None, Some(r)) => cx.tx.order_by_ref(r)?,
        _ => return Err(EngineError::validation(field, "give either order_id or order_external_ref")),
    }
    .ok_or_else(|| EngineError::not_found("no such order").with_field(field))?;
    access::require_write(cx.access(Entity::Customer, &order.customer_id)?, Entity::Order)
        .map_err(|e| EngineError::from(e).with_field(field))?;
    Ok(order)
}

/// Currency (default the base currency), rate (default 1) and the amount in the base currency.
fn in_base(
    cx: &mut Ctx<'_>,
    amount: i64,
    currency: Option<&str>,
    rate: Option<FxRate>,
) -> EngineResult<(String, FxRate, i64)> {
    validate_document_amount("amount", amount)?;
    let base = cx.organisation()?.base_currency.clone();
    let currency = currency.map(str::to_uppercase).unwrap_or_else(|| base.clone());
    money::validate_currency("currency", &currency)?;
    let rate = rate.unwrap_or_default();
    let amount_base = money::convert_to_base(amount, &currency, &base, rate)?;
    Ok((currency, rate, amount_base))
}

pub(crate) fn push_order(cx: &mut Ctx<'_>, push: OrderPush) -> EngineResult<Written> {
    let external_ref = text::required("external_ref", &push.external_ref, text::SHORT_MAX)?;
    let customer_id = writable_customer(cx, push.customer_id.as_deref(), push.customer_external_ref.as_deref())?;
    let order_date = calendar::parse_date("order_date", &push.order_date)?;
    let due_date = match push.due_date.as_deref() {
        Some(d) => calendar::parse_date("due_date", d)?,
        None => order_date,
    };
    if due_date < order_date {
        return Err(EngineError::validation("due_date", "must not be before the order date"));
    }
    let number = text::optional("number", push.number.as_deref(), text::SHORT_MAX)?;
    let shipping_address = text::optional("shipping_address", push.shipping_address.as_deref(), text::LONG_TEXT_MAX)?;
    let channel_partner = text::optional("channel_partner", push.channel_partner.as_deref(), text::NAME_MAX)?;
    let (currency, fx_rate, amount_base) = in_base(cx, push.amount, push.currency.as_deref(), push.fx_rate)?;
    let lines = match &push.lines {
        Some(reqs) => Some(quotes::price_lines(cx, &currency, reqs, (&customer_id, order_date))?),
        None => None,
    };
    let existing = cx.tx.order_by_ref(&external_ref)?;
    if let Some(before) = &existing {
        access::require_write(cx.access(Entity::Customer, &before.customer_id)?, Entity::Order)?;
        if push.amount < before.delivered_amount {
            return Err(EngineError::validation("amount", "is below what was already delivered"));
        }
        if lines.is_none() && !before.lines.is_empty() {
            return Err(EngineError::validation("lines", "the order has lines: push them again with it"));
        }
    }
    // The delivery state follows the deliveries recorded here, whatever an approved-stage push says.
    let delivered = existing.as_ref().map_or(0, |o| o.delivered_amount);
    let base = cx.organisation()?.base_currency.clone();
    let mut order = match &existing {
        Some(before) => before.clone(),
        None => Order {
            id: cx.new_id(),
            code: cx.next_code(Entity::Order)?,
            erp_number: None,
            customer_id: customer_id.clone(),
            status: push.status,
            order_date,
            due_date,
            amount: push.amount,
            currency: currency.clone(),
            fx_rate,
            amount_base,
            delivered_amount: 0,
            external_ref: Some(external_ref.clone()),
            created_at: cx.now,
            updated_at: cx.now,
            origin: OrderOrigin::Erp,
            quote_id: None,
            contract_id: None,
            lines: Vec::new(),
            net_amount: None,
            tax_amount: None,
            payment_terms_days: 0,
            shipping_address: None,
            channel_partner: None,
            returned_amount: 0,
            returned_base: 0,
            credit_override_reason: None,
            credit_override_by: None,
            note: None,
            custom: Default::default(),
            created_by: None,
            archived_at: None,
            invoiced_amount: 0,
            invoice_requested_amount: 0,
            uninvoiced_amount: 0,
        },
    };
    order.erp_number = number.or(order.erp_number);
    order.customer_id = customer_id.clone();
    order.order_date = order_date;
    order.due_date = due_date;
    order.payment_terms_days = (due_date - order_date).num_days();
    order.currency = currency;
    order.fx_rate = fx_rate;
    order.shipping_address = shipping_address.or(order.shipping_address);
    order.channel_partner = channel_partner.or(order.channel_partner);
    order.updated_at = cx.now;
    match lines {
        Some(priced) => {
            let kept = existing.as_ref().map(|o| o.lines.clone()).unwrap_or_default();
            orders::set_lines(&mut order, priced, &kept, &base)?;
            if order.amount != push.amount {
                return Err(EngineError::validation("amount", "must equal the gross total of the lines"));
            }
        }
        None => {
            order.amount = push.amount;
            order.amount_base = amount_base;
        }
    }
    let status = match push.status {
        OrderStatus::Approved | OrderStatus::PartiallyDelivered | OrderStatus::Delivered if delivered > 0 => {
            status_after_delivery(OrderStatus::Approved, delivered, push.amount)?
        }
        other => other,
    };
    if let Some(before) = &existing {
        check_order_move(before.status, status)?;
    }
    order.status = status;
    let order = order.with_uninvoiced();
    cx.tx.save_order(existing.as_ref(), &order)?;
    let action = if existing.is_some() { "update" } else { "push" };
    cx.audit_change(Entity::Order, &order.id, action, existing.as_ref(), &order)?;
    if order.status.counts() {
        orders::become_transaction_customer(cx, &customer_id)?;
    }
    match &existing {
        Some(before) => {
            cx.touch_customer_documents(&before.customer_id);
            cx.touch_customer_documents(&customer_id);
        }
        None if order.status.counts() => cx.add_new_order(&customer_id, &order.id),
        // A new order that does not count (draft, cancelled, ...) changes no statistic.
        None => {}
    }
    Ok(Written { id: order.id, created: existing.is_none() })
}

fn push_delivery(cx: &mut Ctx<'_>, push: DeliveryPush) -> EngineResult<Written> {
    let external_ref = text::required("external_ref", &push.external_ref, text::SHORT_MAX)?;
    let order = writable_order(cx, push.order_id.as_deref(), push.order_external_ref.as_deref(), "order_id")?;
    let delivery_date = calendar::parse_date("delivery_date", &push.delivery_date)?;
    let shipping = text::optional("shipping_address", push.shipping_address.as_deref(), text::LONG_TEXT_MAX)?;
    let existing = cx.tx.delivery_by_ref(&external_ref)?;
    if existing.as_ref().is_some_and(|d| d.order_id != order.id) {
        return Err(EngineError::validation("order_id", "the delivery belongs to another order"));
    }
    if let Some(lines) = &push.lines {
        // DOC-5 through the one path: per line, never more than ordered minus delivered.
        if let Some(before) = existing {
            let same = before.lines.len() == lines.len()
                && lines
                    .iter()
                    .all(|l| before.lines.iter().any(|b| b.line_no == l.line_no && b.quantity == l.quantity));
            if !same {
                return Err(EngineError::validation("lines", "a delivery's lines cannot change once recorded"));
            }
            return Ok(Written { id: before.id, created: false });
        }
        let delivery = orders::deliver_lines(cx, order, delivery_date, lines, shipping, Some(external_ref))?;
        if push.amount.is_some_and(|a| a != delivery.amount) {
            return Err(EngineError::validation("amount", "must equal the lines' share of the order"));
        }
        return Ok(Written { id: delivery.id, created: true });
    }
    if !order.lines.is_empty() {
        return Err(EngineError::validation("lines", "the order has lines: deliver quantities per line"));
    }
    let amount =
        push.amount.ok_or_else(|| EngineError::validation("amount", "is required for an order without lines"))?;
    validate_document_amount("amount", amount)?;
    let delivered = cx.tx.delivered_on_order(&order.id)? - existing.as_ref().map_or(0, |d| d.amount) + amount;
    let before = order.clone();
    let mut order = order;
    order.status = orders::status_by_amount(&order, delivered)?;
    order.delivered_amount = delivered;
    order.updated_at = cx.now;
    let delivery = Delivery {
        id: existing.as_ref().map_or_else(|| cx.new_id(), |d| d.id.clone()),
        order_id: order.id.clone(),
        customer_id: order.customer_id.clone(),
        delivery_date,
        amount,
        external_ref: Some(external_ref),
        created_at: existing.as_ref().map_or(cx.now, |d| d.created_at),
        lines: Vec::new(),
        shipping_address: shipping.or_else(|| existing.as_ref().and_then(|d| d.shipping_address.clone())),
        return_id: None,
    };
    cx.tx.save_delivery(existing.as_ref(), &delivery)?;
    cx.tx.save_order(Some(&before), &order)?;
    let action = if existing.is_some() { "update" } else { "push" };
    cx.audit_change(Entity::Delivery, &delivery.id, action, existing.as_ref(), &delivery)?;
    cx.audit_change(Entity::Order, &order.id, "deliver", Some(&before), &order)?;
    Ok(Written { id: delivery.id, created: existing.is_none() })
}

pub(crate) fn push_receipt(cx: &mut Ctx<'_>, push: ReceiptPush) -> EngineResult<Written> {
    let external_ref = text::required("external_ref", &push.external_ref, text::SHORT_MAX)?;
    let customer_id = writable_customer(cx, push.customer_id.as_deref(), push.customer_external_ref.as_deref())?;
    let order_id = match (push.order_id.as_deref(), push.order_external_ref.as_deref()) {
        (None, None) => None,
        (id, r) => {
            let order = writable_order(cx, id, r, "order_id")?;
            if order.customer_id != customer_id {
                return Err(EngineError::validation("order_id", "the order belongs to another customer"));
            }
            Some(order.id)
        }
    };
    let receivable_id = match push.receivable_id.as_deref() {
        None => None,
        Some(id) => {
            let receivable = cx
                .tx
                .receivable(id)?
                .ok_or_else(|| EngineError::not_found("no such receivable").with_field("receivable_id"))?;
            if receivable.customer_id != customer_id {
                return Err(EngineError::validation("receivable_id", "the receivable belongs to another customer"));
            }
            if order_id.as_ref().is_some_and(|o| *o != receivable.order_id) {
                return Err(EngineError::validation("receivable_id", "the receivable belongs to another order"));
            }
            Some(receivable.id)
        }
    };
    let receipt_date = calendar::parse_date("receipt_date", &push.receipt_date)?;
    let (currency, fx_rate, amount_base) = in_base(cx, push.amount, push.currency.as_deref(), push.fx_rate)?;
    let existing = cx.tx.receipt_by_ref(&external_ref)?;
    if let Some(before) = &existing {
        access::require_write(cx.access(Entity::Customer, &before.customer_id)?, Entity::Receipt)?;
        cx.touch_customer_documents(&before.customer_id);
    }
    let receipt = Receipt {
        id: existing.as_ref().map_or_else(|| cx.new_id(), |r| r.id.clone()),
        customer_id: customer_id.clone(),
        order_id,
        receipt_date,
        amount: push.amount,
        currency,
        fx_rate,
        amount_base,
        external_ref,
        created_at: existing.as_ref().map_or(cx.now, |r| r.created_at),
        receivable_id,
    };
    cx.tx.save_receipt(existing.as_ref(), &receipt)?;
    let action = if existing.is_some() { "update" } else { "push" };
    cx.audit_change(Entity::Receipt, &receipt.id, action, existing.as_ref(), &receipt)?;
    cx.touch_customer_documents(&customer_id);
    Ok(Written { id: receipt.id, created: existing.is_none() })
}
