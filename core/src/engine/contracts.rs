//! Contracts (DOC-3, DOC-9): drafts from quotes or direct with a payment plan, approval through the `contract` flow, signing, amendments into versions, termination, the orders made under a contract, and its execution.

use chrono::NaiveDate;

use super::approvals::{self, Document};
use super::orders::{Party, Source, party};
use super::paging::page_limit;
use super::quotes::{self, parse_cursor, price_lines};
use super::statistics::today;
use super::{Ctx, Engine, EngineError, EngineResult};
use crate::domain::access::{self, Access};
use crate::domain::approval::{Approval, ApprovalState, DocumentType, FieldValue};
use crate::domain::calendar;
use crate::domain::common::{IdRequest, Page};
use crate::domain::contract::{
    self, Contract, ContractDraft, ContractExecution, ContractListRequest, ContractPatch, ContractStatus,
    ExecutionOrder, ExecutionRequest, InstalmentRequest, SignContractRequest, SubmitContractRequest,
    TerminateContractRequest, check_one_line_per_product, check_period, plan_requests, resolve_plan,
};
use crate::domain::custom_fields;
use crate::domain::document_line::{self, DocumentLine};
use crate::domain::entity::Entity;
use crate::domain::money;
use crate::domain::permissions::Action;
use crate::domain::quantity::Quantity;
use crate::domain::sales::OrderStatus;
use crate::domain::text;
use crate::domain::withholding::Withhold;
use crate::storage::{ListScope, VersionedFilter};

const ENTITY: Entity = Entity::Contract;

impl Engine {
    /// DOC-3: a draft contract for a visible customer, from the current version of a sent or accepted
    /// quote (accepting a sent one) or direct with lines, with its validity period and payment plan; a
    /// known `external_ref` answers the contract made with it.
    pub fn create_contract(&self, actor: Option<&str>, draft: ContractDraft) -> EngineResult<Contract> {
        self.write(actor, |cx| {
            cx.actor.require(ENTITY, Action::Create)?;
            let external_ref = text::optional("external_ref", draft.external_ref.as_deref(), text::SHORT_MAX)?;
            if let Some(r) = &external_ref
                && let Some(id) = cx.tx.contract_id_by_external_ref(r)?
            {
                return readable(cx, &id);
            }
            let title = text::required("title", &draft.title, text::NAME_MAX)?;
            let today = today(cx)?;
            let quote = match &draft.quote_id {
                Some(id) => Some(quotes::take_for_order(cx, id, today)?),
                None => None,
            };
            let source = quote.as_ref().map(|q| Source {
                of: "quote",
                customer_id: &q.customer_id,
                currency: &q.currency,
                fx_rate: q.fx_rate,
            });
            let Party { customer_id, currency, fx_rate } =
                party(cx, source, draft.customer_id.as_deref(), draft.currency.as_deref(), draft.fx_rate)?;
            let opportunity_id = draft.opportunity_id.clone().or_else(|| quote.as_ref()?.opportunity_id.clone());
            if let Some(o) = &draft.opportunity_id {
                check_opportunity(cx, o, &customer_id)?;
            }
            let base = cx.organisation()?.base_currency.clone();
            let start_date = match draft.start_date.as_deref() {
                Some(d) => calendar::parse_date("start_date", d)?,
                None => today,
            };
            let end_date = calendar::parse_date("end_date", &draft.end_date)?;
            check_period(start_date, end_date)?;
            let lines: Vec<DocumentLine> = match (&draft.lines, &quote) {
                (Some(reqs), _) => price_lines(cx, &currency, reqs, (&customer_id, start_date))?,
                (None, Some(q)) => q.lines.clone(),
                (None, None) => return Err(EngineError::validation("lines", "a contract needs lines (or a quote)")),
            };
            let defs = cx.tx.custom_field_defs(ENTITY)?;
            let custom = custom_fields::validate_values(&defs, &draft.custom, None)?;
            let mut contract = Contract {
                id: cx.new_id(),
                code: cx.next_code(ENTITY)?,
                version: 1,
                previous_id: None,
                customer_id,
                quote_id: quote.as_ref().map(|q| q.id.clone()),
                opportunity_id,
                title,
                status: ContractStatus::Draft,
                currency,
                fx_rate,
                lines: Vec::new(),
                totals: Default::default(),
                amount_base: 0,
                start_date,
                end_date,
                signed_date: None,
                payment_plan: Vec::new(),
                note: text::optional("note", draft.note.as_deref(), text::LONG_TEXT_MAX)?,
                custom,
                external_ref,
                created_by: cx.actor.user_id().map(str::to_string),
                created_at: cx.now,
                updated_at: cx.now,
                decided_at: None,
                termination_reason: None,
                archived_at: None,
                invoiced_amount: 0,
                invoice_requested_amount: 0,
                uninvoiced_amount: 0,
            };
            set_lines(&mut contract, lines, &draft.payment_plan, &base)?;
            cx.tx.save_contract(None, &contract)?;
            cx.audit_change(ENTITY, &contract.id, "create", None::<&Contract>, &contract)?;
            Ok(contract.shown_on(today))
        })
    }

    /// DOC-3: changes a draft or rejected contract: title, period, lines, plan, note, custom values.
    pub fn update_contract(&self, actor: Option<&str>, patch: ContractPatch) -> EngineResult<Contract> {
        self.write(actor, |cx| {
            let before = writable(cx, &patch.id)?;
            before.require_editable()?;
            let mut after = before.clone();
            if let Some(t) = &patch.title {
                after.title = text::required("title", t, text::NAME_MAX)?;
            }
            if let Some(d) = &patch.start_date {
                after.start_date = calendar::parse_date("start_date", d)?;
            }
            if let Some(d) = &patch.end_date {
                after.end_date = calendar::parse_date("end_date", d)?;
            }
            check_period(after.start_date, after.end_date)?;
            if patch.note.is_some() {
                after.note = text::optional("note", patch.note.as_deref(), text::LONG_TEXT_MAX)?;
            }
            if let Some(values) = &patch.custom {
                let defs = cx.tx.custom_field_defs(ENTITY)?;
                after.custom = custom_fields::validate_values(&defs, values, Some(&before.custom))?;
            }
            let lines = match &patch.lines {
                Some(reqs) => {
                    let (currency, customer) = (after.currency.clone(), after.customer_id.clone());
                    price_lines(cx, &currency, reqs, (&customer, after.start_date))?
                }
                None => after.lines.clone(),
            };
            let plan = patch.payment_plan.clone().unwrap_or_else(|| plan_requests(&before.payment_plan));
            let base = cx.organisation()?.base_currency.clone();
            set_lines(&mut after, lines, &plan, &base)?;
            save(cx, &before, after, "update")
        })
    }

    /// DOC-3: one contract version, on a customer the actor may read (its status as of today).
    pub fn contract(&self, actor: Option<&str>, req: IdRequest) -> EngineResult<Contract> {
        self.read(actor, |cx| {
            let today = today(cx)?;
            Ok(readable(cx, &req.id)?.shown_on(today))
        })
    }

    /// DOC-3: contracts in the actor's scope, newest first, current versions unless asked.
    pub fn list_contracts(&self, actor: Option<&str>, req: ContractListRequest) -> EngineResult<Page<Contract>> {
        self.read(actor, |cx| {
            let limit = page_limit(req.limit)?;
            let after = req.cursor.as_deref().map(parse_cursor).transpose()?;
            let today = today(cx)?;
            let filter = VersionedFilter {
                equal: req.customer_id.as_deref().map(|c| ("customer_id", c)).into_iter().collect(),
                status: req.status.map(ContractStatus::as_str),
                today,
                include_superseded: req.include_superseded,
                include_archived: req.include_archived,
                after,
            };
            let mut items = cx.tx.contracts_page(&filter, limit, &ListScope::of(&cx.actor))?;
            let next_cursor = if items.len() > limit as usize {
                items.truncate(limit as usize);
                items.last().map(|k| format!("{}|{}", calendar::format_instant(k.created_at), k.id))
            } else {
                None
            };
            Ok(Page { items: items.into_iter().map(|k| k.shown_on(today)).collect(), next_cursor })
        })
    }

    /// DOC-9 with ORG-5: submits a draft or rejected contract along the `contract` flow; approved at once
    /// when no step applies. `dry_run` answers the route writing nothing.
    pub fn submit_contract(&self, actor: Option<&str>, req: SubmitContractRequest) -> EngineResult<Approval> {
        self.write_or_dry_run(actor, req.dry_run, |cx| {
            let note = text::optional("note", req.note.as_deref(), text::LONG_TEXT_MAX)?;
            submit(cx, &req.id, note)
        })
    }

    /// DOC-3: the customer signed an approved contract; signing an amendment supersedes the version in
    /// force and moves the orders made under it, whose receivables then follow the new payment plan.
    pub fn sign_contract(&self, actor: Option<&str>, req: SignContractRequest) -> EngineResult<Contract> {
        self.write(actor, |cx| {
            let before = writable(cx, &req.id)?;
            let today = today(cx)?;
            let date = match req.signed_date.as_deref() {
                Some(d) => calendar::parse_date("signed_date", d)?,
                None => today,
            };
            let mut after = before.clone();
            after.sign(date)?;
            if let Some(previous_id) = before.previous_id.clone() {
                supersede(cx, &previous_id, &after)?;
            }
            save(cx, &before, after, "sign")
        })
    }

    /// DOC-9: amends a signed contract: a new draft version with the same code, lines and plan; the
    /// signed version stays in force until the amendment is signed.
    pub fn amend_contract(&self, actor: Option<&str>, req: IdRequest) -> EngineResult<Contract> {
        self.write(actor, |cx| {
            cx.actor.require(ENTITY, Action::Create)?;
            let before = writable(cx, &req.id)?;
            before.check_amendable()?;
            if cx.tx.contract_amendment_of(&before.id)?.is_some() {
                return Err(EngineError::invalid_state("the contract already has an amendment in progress"));
            }
            let today = today(cx)?;
            let amendment = Contract {
                id: cx.new_id(),
                version: before.version + 1,
                previous_id: Some(before.id.clone()),
                status: ContractStatus::Draft,
                signed_date: None,
                external_ref: None,
                created_by: cx.actor.user_id().map(str::to_string),
                created_at: cx.now,
                updated_at: cx.now,
                decided_at: None,
                termination_reason: None,
                ..before
            };
            cx.tx.save_contract(None, &amendment)?;
            cx.audit_change(ENTITY, &amendment.id, "amend", None::<&Contract>, &amendment)?;
            Ok(amendment.shown_on(today))
        })
    }

    /// DOC-3: ends a signed contract early, with a reason: no more orders are made under it; the orders
    /// made keep their receivables.
    pub fn terminate_contract(&self, actor: Option<&str>, req: TerminateContractRequest) -> EngineResult<Contract> {
        self.write(actor, |cx| {
            let reason = text::required("reason", &req.reason, text::LONG_TEXT_MAX)?;
            let before = writable(cx, &req.id)?;
            before.require_live()?;
            if before.status != ContractStatus::Signed {
                return Err(EngineError::invalid_state("only a signed contract can be terminated"));
            }
            let mut after = before.clone();
            after.status = ContractStatus::Terminated;
            after.termination_reason = Some(reason);
            save(cx, &before, after, "terminate")
        })
    }

    /// Archives a contract nothing is pending on (a draft, rejected, terminated or superseded one).
    pub fn archive_contract(&self, actor: Option<&str>, req: IdRequest) -> EngineResult<Contract> {
        self.set_contract_archived(actor, &req.id, true)
    }

    pub fn restore_contract(&self, actor: Option<&str>, req: IdRequest) -> EngineResult<Contract> {
        self.set_contract_archived(actor, &req.id, false)
    }

    fn set_contract_archived(&self, actor: Option<&str>, id: &str, archived: bool) -> EngineResult<Contract> {
        self.write(actor, |cx| {
            cx.actor.require(ENTITY, Action::Archive)?;
            let before = writable(cx, id)?;
            if before.archived_at.is_some() == archived {
                return Err(EngineError::invalid_state(if archived {
                    "the contract is already archived"
                } else {
                    "the contract is not archived"
                }));
            }
            if archived
                && matches!(
                    before.status,
                    ContractStatus::Submitted | ContractStatus::Approved | ContractStatus::Signed
                )
            {
                return Err(EngineError::invalid_state(
                    "a contract waiting for approval or signature, or in force, cannot be archived; terminate it first",
                ));
            }
            let mut after = before.clone();
            after.archived_at = archived.then_some(cx.now);
            save(cx, &before, after, if archived { "archive" } else { "restore" })
        })
    }

    /// DOC-9: what was ordered, delivered, invoiced and received against a contract, per line and in
    /// total, over the orders made under any of its versions, and its instalments owed, due and overdue
    /// as of today or `as_of`. Received and outstanding money is withheld from roles without
    /// `view_financial` on receivables.
    pub fn contract_execution(&self, actor: Option<&str>, req: ExecutionRequest) -> EngineResult<ContractExecution> {
        self.read(actor, |cx| {
            let contract = readable(cx, &req.id)?;
            let as_of = match req.as_of.as_deref() {
                Some(d) => calendar::parse_date("as_of", d)?,
                None => today(cx)?,
            };
            let mut orders = Vec::new();
            for id in cx.tx.contract_order_ids(&contract.id)? {
                let Some(order) = cx.tx.order(&id)? else { continue };
                if matches!(order.status, OrderStatus::Cancelled | OrderStatus::Rejected) {
                    continue;
                }
                let receivables = if order.status.counts() { cx.tx.order_receivable_terms(&id)? } else { Vec::new() };
                orders.push(ExecutionOrder {
                    order_id: id.clone(),
                    counts: order.status.counts(),
                    currency_amount: order.amount,
                    counted_amount: order.amount - order.returned_amount,
                    invoiced: order.invoiced_amount,
                    lines: order.lines,
                    receivables,
                });
            }
            let sums = cx.tx.contract_invoice_sums(&contract.code)?;
            let mut execution = contract::execution(&contract, &orders, (sums.issued, sums.requested), as_of);
            execution.withhold(&cx.actor);
            Ok(execution)
        })
    }
}

/// The contract, on a customer the actor may read (`not_found` otherwise).
fn readable(cx: &Ctx<'_>, id: &str) -> EngineResult<Contract> {
    access::require_read(cx.access(ENTITY, id)?, ENTITY)?;
    cx.tx.contract(id)?.ok_or_else(|| EngineError::not_found("no such contract"))
}

/// The contract, on a customer the actor may write, with the `edit` permission on contracts.
fn writable(cx: &Ctx<'_>, id: &str) -> EngineResult<Contract> {
    access::require_write(cx.access(ENTITY, id)?, ENTITY)?;
    cx.actor.require(ENTITY, Action::Edit)?;
    cx.tx.contract(id)?.ok_or_else(|| EngineError::not_found("no such contract"))
}

/// Saves and audits a change, answering the contract as of today.
fn save(cx: &mut Ctx<'_>, before: &Contract, mut after: Contract, action: &str) -> EngineResult<Contract> {
    after.updated_at = cx.now;
    cx.tx.save_contract(Some(before), &after)?;
    cx.audit_change(ENTITY, &after.id, action, Some(before), &after)?;
    let today = today(cx)?;
    Ok(after.shown_on(today))
}

/// Sets a contract's lines (one per product) and what they decide: totals, the base amount, and the
/// payment plan resolved against the new gross total.
fn set_lines(
    contract: &mut Contract,
    lines: Vec<DocumentLine>,
    plan: &[InstalmentRequest],
    base: &str,
) -> EngineResult<()> {
    check_one_line_per_product(&lines)?;
    contract.totals = document_line::totals(&lines)?;
    contract.amount_base = money::convert_to_base(contract.totals.gross, &contract.currency, base, contract.fx_rate)?;
    contract.payment_plan = resolve_plan(plan, contract.totals.gross)?;
    contract.lines = lines;
    Ok(())
}

/// OPP-3 with DOC-3: the opportunity is the customer's and visible.
fn check_opportunity(cx: &Ctx<'_>, id: &str, customer_id: &str) -> EngineResult<()> {
    let not_found = || EngineError::not_found("no such opportunity").with_field("opportunity_id");
    if cx.access(Entity::Opportunity, id)? == Access::None {
        return Err(not_found());
    }
    let opportunity = cx.tx.opportunity(id)?.ok_or_else(not_found)?;
    if opportunity.customer_id != customer_id {
        return Err(EngineError::validation("opportunity_id", "the opportunity belongs to another customer"));
    }
    Ok(())
}

/// DOC-9: an amendment keeps at least what was ordered under the version in force, product by product.
fn check_covers_orders(cx: &Ctx<'_>, amendment: &Contract) -> EngineResult<()> {
    let Some(previous_id) = &amendment.previous_id else { return Ok(()) };
    let mut ordered: Vec<(String, Quantity)> = Vec::new();
    for (product, q) in cx.tx.contract_ordered_lines(previous_id, "")? {
        match ordered.iter_mut().find(|(p, _)| *p == product) {
            Some((_, total)) => *total = total.saturating_add(q),
            None => ordered.push((product, q)),
        }
    }
    for (product, q) in ordered {
        let line = amendment.lines.iter().position(|l| l.product_id == product);
        match line {
            Some(i) if amendment.lines[i].quantity >= q => {}
            Some(i) => {
                return Err(EngineError::validation(
                    format!("lines[{i}].quantity"),
                    "is below what was already ordered under the contract",
                ));
            }
            None => {
                return Err(EngineError::validation(
                    "lines",
                    "drops a product already ordered under the contract; keep its line",
                ));
            }
        }
    }
    Ok(())
}

/// The contract as the approval mechanism sees it: owned as its customer is.
fn document(cx: &Ctx<'_>, contract: &Contract) -> EngineResult<Document> {
    let (_, facts) = cx.access_facts(Entity::Customer, &contract.customer_id)?;
    let customer = cx.tx.customer(&contract.customer_id)?.map(|c| c.name);
    let days = (contract.end_date - contract.start_date).num_days() + 1;
    Ok(Document {
        doc_type: DocumentType::Contract,
        id: contract.id.clone(),
        subject: None,
        title: crate::storage::contract_title(
            &contract.code,
            i64::from(contract.version),
            &contract.title,
            customer.as_deref(),
        ),
        ownership: facts.map(|f| f.ownership).unwrap_or_default(),
        values: vec![
            ("amount", Some(FieldValue::Number(contract.amount_base as f64))),
            ("duration_days", Some(FieldValue::Number(days as f64))),
            ("instalments", Some(FieldValue::Number(contract.payment_plan.len() as f64))),
        ],
        custom: contract.custom.clone(),
    })
}

/// ORG-5 with DOC-9: submits a draft or rejected contract (from `contracts.submit` and `approvals.submit`).
pub(crate) fn submit(cx: &mut Ctx<'_>, id: &str, note: Option<String>) -> EngineResult<Approval> {
    let before = writable(cx, id)?;
    before.require_editable()?;
    if before.lines.is_empty() {
        return Err(EngineError::validation("lines", "a contract needs lines"));
    }
    check_covers_orders(cx, &before)?;
    let mut after = before.clone();
    after.status = ContractStatus::Submitted;
    let approval = approvals::submit(cx, &document(cx, &after)?, note)?;
    if approval.status == ApprovalState::Approved {
        after.status = ContractStatus::Approved;
        after.decided_at = Some(cx.now);
    }
    save(cx, &before, after, "submit")?;
    Ok(approval)
}

/// ORG-5 with DOC-9: follows a decided contract approval: approved waits for the signature, rejected
/// returns the contract to its writer.
pub(crate) fn follow_contract(cx: &mut Ctx<'_>, approval: &Approval) -> EngineResult<()> {
    let approved = match approval.status {
        ApprovalState::Pending => return Ok(()),
        ApprovalState::Approved => true,
        ApprovalState::Rejected => false,
    };
    let before =
        cx.tx.contract(&approval.document_id)?.ok_or_else(|| EngineError::internal("a decided contract is missing"))?;
    let mut after = before.clone();
    after.status = if approved { ContractStatus::Approved } else { ContractStatus::Rejected };
    after.decided_at = Some(cx.now);
    save(cx, &before, after, if approved { "approve" } else { "reject" }).map(|_| ())
}

/// DOC-9: the amendment `signed` replaces the version in force: that version is superseded and the
/// orders made under it move to the amendment; its customer's receivables follow the new plan.
fn supersede(cx: &mut Ctx<'_>, previous_id: &str, signed: &Contract) -> EngineResult<()> {
    check_covers_orders(cx, signed)?;
    let before = cx.tx.contract(previous_id)?.ok_or_else(|| EngineError::internal("an amended contract is missing"))?;
    if !matches!(before.status, ContractStatus::Signed | ContractStatus::Terminated) {
        return Err(EngineError::invalid_state("the amended version is no longer in force"));
    }
    let mut after = before.clone();
    after.status = ContractStatus::Superseded;
    save(cx, &before, after, "supersede")?;
    for order_id in cx.tx.contract_order_ids(previous_id)? {
        let Some(order_before) = cx.tx.order(&order_id)? else { continue };
        let mut order = order_before.clone();
        order.contract_id = Some(signed.id.clone());
        order.updated_at = cx.now;
        cx.tx.save_order(Some(&order_before), &order)?;
        cx.audit_change(Entity::Order, &order.id, "contract_amended", Some(&order_before), &order)?;
    }
    cx.touch_customer_documents(&signed.customer_id);
    Ok(())
}

/// DOC-4 with DOC-9: the contract an order is made under on `order_date`: the version in force of the
/// contract named (any of its versions), readable, signed, within its period.
pub(crate) fn take_for_order(cx: &Ctx<'_>, id: &str, order_date: NaiveDate) -> EngineResult<Contract> {
    let named = readable(cx, id).map_err(|e| e.with_field("contract_id"))?;
    let contract = match cx.tx.contract_in_force(&named.code)? {
        Some(current) if current != named.id => readable(cx, &current).map_err(|e| e.with_field("contract_id"))?,
        _ => named,
    };
    contract.check_orderable(order_date)?;
    Ok(contract)
}

/// DOC-9: an order's lines under `contract`: the products and quantities asked (each a product of the
/// contract, within what remains of it), or everything that remains; priced as the contract's lines
/// (their unit price and discount), `except_order` left out of what was ordered (an order changing).
pub(crate) fn order_lines(
    cx: &Ctx<'_>,
    contract: &Contract,
    wanted: Option<&[crate::domain::document_line::LineRequest]>,
    except_order: &str,
) -> EngineResult<Vec<DocumentLine>> {
    let ordered = cx.tx.contract_ordered_lines(&contract.id, except_order)?;
    let remaining = |line: &DocumentLine| {
        let taken = ordered
            .iter()
            .filter(|(p, _)| *p == line.product_id)
            .fold(Quantity::ZERO, |t, (_, q)| t.saturating_add(*q));
        line.quantity.saturating_sub(taken)
    };
    let mut lines = Vec::new();
    match wanted {
        Some(reqs) => {
            document_line::check_line_count(reqs.len())?;
            for (i, req) in reqs.iter().enumerate() {
                let field = format!("lines[{i}]");
                let line = contract.lines.iter().find(|l| l.product_id == req.product_id).ok_or_else(|| {
                    EngineError::validation(format!("{field}.product_id"), "is not a product of the contract")
                })?;
                if req.unit_price.is_some_and(|p| p != line.unit_price)
                    || req.discount_bp.is_some_and(|d| d != line.discount_bp)
                {
                    return Err(EngineError::validation(field, "an order under a contract takes the contract's price"));
                }
                if req.quantity > remaining(line)
                    || lines.iter().any(|l: &DocumentLine| l.product_id == line.product_id)
                {
                    return Err(EngineError::validation(
                        format!("{field}.quantity"),
                        "is more than what remains of the contract's line",
                    ));
                }
                lines.push(under(contract, document_line::reprice(line, lines.len() as u32 + 1, req.quantity)?));
            }
        }
        None => {
            for line in &contract.lines {
                let left = remaining(line);
                if !left.is_zero() {
                    lines.push(under(contract, document_line::reprice(line, lines.len() as u32 + 1, left)?));
                }
            }
            if lines.is_empty() {
                return Err(
                    EngineError::invalid_state("everything in the contract has been ordered").with_field("contract_id")
                );
            }
        }
    }
    Ok(lines)
}

/// A line priced by the contract: its source names the contract version.
fn under(contract: &Contract, mut line: DocumentLine) -> DocumentLine {
    line.price_source = format!("contract:{}:v{}", contract.code, contract.version);
    line
}
