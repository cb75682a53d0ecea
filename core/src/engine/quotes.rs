//! Quotes (DOC-2): writing drafts with priced lines, sending (through the discount approval when a discount is above the sender's ceiling), accepting, rejecting, revising into versions, and the roles' discount ceilings.

use super::approvals::{self, Document};
use super::paging::page_limit;
use super::products::PricedCustomer;
use super::statistics::today;
use super::{Ctx, Engine, EngineError, EngineResult};
use crate::domain::access::{self, Access, Actor, Role};
use crate::domain::approval::{Approval, ApprovalState, DocumentType, FieldValue};
use crate::domain::calendar;
use crate::domain::common::{Empty, IdRequest, Page};
use crate::domain::custom_fields;
use crate::domain::document_line::{self, DocumentLine, LineRequest};
use crate::domain::entity::{Entity, Setting};
use crate::domain::money;
use crate::domain::opportunity::OpportunityLine;
use crate::domain::permissions::Action;
use crate::domain::product::PriceSource;
use crate::domain::quote::{
    AcceptQuoteRequest, DiscountApproval, DiscountCeilings, Quote, QuoteDraft, QuoteListRequest, QuotePatch,
    QuoteStatus, RejectQuoteRequest, SendQuoteRequest, default_ceiling,
};
use crate::domain::statistics::shift;
use crate::domain::text;
use crate::storage::VersionedFilter;
use chrono::NaiveDate;

const ENTITY: Entity = Entity::Quote;
/// A quote's validity when the draft names none.
const DEFAULT_VALIDITY_DAYS: i64 = 30;

impl Engine {
    /// DOC-2: a draft quote for a visible customer (and optionally its opportunity, past its evaluation
    /// gate), its lines priced and totalled; a known `external_ref` answers the quote made with it.
    pub fn create_quote(&self, actor: Option<&str>, draft: QuoteDraft) -> EngineResult<Quote> {
        self.write(actor, |cx| {
            cx.actor.require(ENTITY, Action::Create)?;
            let external_ref = text::optional("external_ref", draft.external_ref.as_deref(), text::SHORT_MAX)?;
            if let Some(r) = &external_ref
                && let Some(id) = cx.tx.quote_id_by_external_ref(r)?
            {
                return readable(cx, &id);
            }
            let customer_access = cx.access_facts(Entity::Customer, &draft.customer_id)?;
            match customer_access {
                (Access::None, _) => return Err(EngineError::not_found("no such customer").with_field("customer_id")),
                (_, Some(f)) if f.archived => {
                    return Err(EngineError::validation("customer_id", "the customer is archived"));
                }
                (a, _) => access::require_write(a, Entity::Customer)
                    .map_err(|e| EngineError::from(e).with_field("customer_id"))?,
            }
            if let Some(o) = &draft.opportunity_id {
                check_opportunity(cx, o, &draft.customer_id)?;
            }
            let today = today(cx)?;
            let valid_until = match draft.valid_until.as_deref() {
                Some(d) => valid_date(d, today)?,
                None => shift(today, DEFAULT_VALIDITY_DAYS),
            };
            let base = cx.organisation()?.base_currency.clone();
            let currency = draft.currency.as_deref().map(str::to_uppercase).unwrap_or_else(|| base.clone());
            money::validate_currency("currency", &currency)?;
            let fx_rate = draft.fx_rate.unwrap_or_default();
            let defs = cx.tx.custom_field_defs(ENTITY)?;
            let custom = custom_fields::validate_values(&defs, &draft.custom, None)?;
            let note = text::optional("note", draft.note.as_deref(), text::LONG_TEXT_MAX)?;
            let lines = price_lines(cx, &currency, &draft.lines, (&draft.customer_id, today))?;
            let mut quote = Quote {
                id: cx.new_id(),
                code: cx.next_code(ENTITY)?,
                version: 1,
                previous_id: None,
                customer_id: draft.customer_id,
                opportunity_id: draft.opportunity_id,
                status: QuoteStatus::Draft,
                currency,
                fx_rate,
                lines: Vec::new(),
                totals: Default::default(),
                amount_base: 0,
                max_discount_bp: 0,
                discount_approval: DiscountApproval::NotNeeded,
                valid_until,
                note,
                custom,
                external_ref,
                created_by: cx.actor.user_id().map(str::to_string),
                created_at: cx.now,
                updated_at: cx.now,
                sent_at: None,
                decided_at: None,
                rejection_reason: None,
                archived_at: None,
            };
            set_lines(&mut quote, lines, &base)?;
            cx.tx.save_quote(None, &quote)?;
            cx.audit_change(ENTITY, &quote.id, "create", None::<&Quote>, &quote)?;
            Ok(quote.shown_on(today))
        })
    }

    /// DOC-2: changes a draft: validity, note, custom values, or every line at once.
    pub fn update_quote(&self, actor: Option<&str>, patch: QuotePatch) -> EngineResult<Quote> {
        self.write(actor, |cx| {
            let before = writable(cx, &patch.id)?;
            before.require_editable()?;
            let today = today(cx)?;
            let mut after = before.clone();
            if let Some(d) = &patch.valid_until {
                after.valid_until = valid_date(d, today)?;
            }
            if patch.note.is_some() {
                after.note = text::optional("note", patch.note.as_deref(), text::LONG_TEXT_MAX)?;
            }
            if let Some(values) = &patch.custom {
                let defs = cx.tx.custom_field_defs(ENTITY)?;
                after.custom = custom_fields::validate_values(&defs, values, Some(&before.custom))?;
            }
            if let Some(lines) = &patch.lines {
                let priced = price_lines(cx, &after.currency.clone(), lines, (&after.customer_id.clone(), today))?;
                let base = cx.organisation()?.base_currency.clone();
                set_lines(&mut after, priced, &base)?;
            }
            save(cx, &before, after, "update", today)
        })
    }

    /// DOC-2: one quote, on a customer the actor may read (its status as of today).
    pub fn quote(&self, actor: Option<&str>, req: IdRequest) -> EngineResult<Quote> {
        self.read(actor, |cx| {
            let today = today(cx)?;
            Ok(readable(cx, &req.id)?.shown_on(today))
        })
    }

    /// DOC-2: quotes in the actor's scope, newest first, current versions unless asked.
    pub fn list_quotes(&self, actor: Option<&str>, req: QuoteListRequest) -> EngineResult<Page<Quote>> {
        self.read(actor, |cx| {
            let limit = page_limit(req.limit)?;
            let after = req.cursor.as_deref().map(parse_cursor).transpose()?;
            let today = today(cx)?;
            let mut equal = Vec::new();
            equal.extend(req.customer_id.as_deref().map(|c| ("customer_id", c)));
            equal.extend(req.opportunity_id.as_deref().map(|o| ("opportunity_id", o)));
            let filter = VersionedFilter {
                equal,
                status: req.status.map(QuoteStatus::as_str),
                today,
                include_superseded: req.include_superseded,
                include_archived: req.include_archived,
                after,
            };
            let mut items = cx.tx.quotes_page(&filter, limit, &crate::storage::ListScope::of(&cx.actor))?;
            let next_cursor = if items.len() > limit as usize {
                items.truncate(limit as usize);
                items.last().map(|q| format!("{}|{}", calendar::format_instant(q.created_at), q.id))
            } else {
                None
            };
            Ok(Page { items: items.into_iter().map(|q| q.shown_on(today)).collect(), next_cursor })
        })
    }

    /// DOC-2: sends a draft to the customer. A line discount above the ceiling of the sender's roles
    /// submits it through the `quote_discount` flow instead; approval then sends it. With `dry_run`,
    /// answers what sending would do.
    pub fn send_quote(&self, actor: Option<&str>, req: SendQuoteRequest) -> EngineResult<Quote> {
        self.write_or_dry_run(actor, req.dry_run, |cx| {
            let note = text::optional("note", req.note.as_deref(), text::LONG_TEXT_MAX)?;
            let before = writable(cx, &req.id)?;
            before.require_editable()?;
            let today = today(cx)?;
            if before.needs_discount_approval(ceiling_of(cx)?) {
                return submit_for_discount(cx, &before, note, today).map(|(q, _)| q);
            }
            let mut after = before.clone();
            after.send(cx.now, today)?;
            save(cx, &before, after, "send", today)
        })
    }

    /// DOC-2: the customer accepted a sent quote; with `update_opportunity`, its opportunity takes the
    /// quote's lines and net amount.
    pub fn accept_quote(&self, actor: Option<&str>, req: AcceptQuoteRequest) -> EngineResult<Quote> {
        self.write(actor, |cx| {
            let before = writable(cx, &req.id)?;
            let today = today(cx)?;
            let mut after = before.clone();
            after.decide(true, None, cx.now, today)?;
            if req.update_opportunity {
                let Some(opportunity_id) = after.opportunity_id.clone() else {
                    return Err(EngineError::validation("update_opportunity", "the quote names no opportunity"));
                };
                let lines: Vec<OpportunityLine> = after.lines.iter().map(opportunity_line).collect();
                super::opportunities::take_quoted_lines(cx, &opportunity_id, &after.currency, after.fx_rate, lines)?;
            }
            save(cx, &before, after, "accept", today)
        })
    }

    /// DOC-2: the customer rejected a sent quote.
    pub fn reject_quote(&self, actor: Option<&str>, req: RejectQuoteRequest) -> EngineResult<Quote> {
        self.write(actor, |cx| {
            let reason = text::optional("reason", req.reason.as_deref(), text::LONG_TEXT_MAX)?;
            let before = writable(cx, &req.id)?;
            let today = today(cx)?;
            let mut after = before.clone();
            after.decide(false, reason, cx.now, today)?;
            save(cx, &before, after, "reject", today)
        })
    }

    /// DOC-2: revises a sent, expired or rejected quote: a new draft version with the same code and lines
    /// (valid for the default period from today); the old version is kept as superseded.
    pub fn revise_quote(&self, actor: Option<&str>, req: IdRequest) -> EngineResult<Quote> {
        self.write(actor, |cx| {
            cx.actor.require(ENTITY, Action::Create)?;
            let before = writable(cx, &req.id)?;
            let today = today(cx)?;
            before.check_revisable(today)?;
            let mut superseded = before.clone();
            superseded.status = QuoteStatus::Superseded;
            superseded.updated_at = cx.now;
            save(cx, &before, superseded, "supersede", today)?;
            let revised = Quote {
                id: cx.new_id(),
                version: before.version + 1,
                previous_id: Some(before.id.clone()),
                status: QuoteStatus::Draft,
                discount_approval: DiscountApproval::NotNeeded,
                valid_until: shift(today, DEFAULT_VALIDITY_DAYS).max(before.valid_until),
                external_ref: None,
                created_by: cx.actor.user_id().map(str::to_string),
                created_at: cx.now,
                updated_at: cx.now,
                sent_at: None,
                decided_at: None,
                rejection_reason: None,
                ..before
            };
            cx.tx.save_quote(None, &revised)?;
            cx.audit_change(ENTITY, &revised.id, "revise", None::<&Quote>, &revised)?;
            Ok(revised.shown_on(today))
        })
    }

    /// Archives a quote that is not waiting for a discount approval.
    pub fn archive_quote(&self, actor: Option<&str>, req: IdRequest) -> EngineResult<Quote> {
        self.set_quote_archived(actor, &req.id, true)
    }

    pub fn restore_quote(&self, actor: Option<&str>, req: IdRequest) -> EngineResult<Quote> {
        self.set_quote_archived(actor, &req.id, false)
    }

    fn set_quote_archived(&self, actor: Option<&str>, id: &str, archived: bool) -> EngineResult<Quote> {
        self.write(actor, |cx| {
            cx.actor.require(ENTITY, Action::Archive)?;
            let before = writable(cx, id)?;
            if before.archived_at.is_some() == archived {
                return Err(EngineError::invalid_state(if archived {
                    "the quote is already archived"
                } else {
                    "the quote is not archived"
                }));
            }
            if before.discount_approval == DiscountApproval::Pending {
                return Err(EngineError::invalid_state("the quote's discount is waiting for approval"));
            }
            let today = today(cx)?;
            let mut after = before.clone();
            after.archived_at = archived.then_some(cx.now);
            save(cx, &before, after, if archived { "archive" } else { "restore" }, today)
        })
    }

    /// DOC-2: the discount ceilings of roles (configured and defaults), administrators and the host.
    pub fn discount_ceilings(&self, actor: Option<&str>, _req: Empty) -> EngineResult<DiscountCeilings> {
        self.read(actor, |cx| {
            cx.actor.require_admin("set discount ceilings")?;
            let mut ceilings: std::collections::BTreeMap<String, i64> =
                Role::ALL.into_iter().map(|r| (r.as_str().to_string(), default_ceiling(r))).collect();
            ceilings.extend(cx.tx.discount_ceilings()?);
            Ok(DiscountCeilings { ceilings })
        })
    }

    /// DOC-2: sets roles' discount ceilings (basis points); roles not named go back to their defaults.
    pub fn set_discount_ceilings(&self, actor: Option<&str>, req: DiscountCeilings) -> EngineResult<DiscountCeilings> {
        self.write(actor, |cx| {
            cx.actor.require_admin("set discount ceilings")?;
            req.validate()?;
            let custom: Vec<String> = cx.tx.custom_roles()?.into_iter().map(|c| c.code).collect();
            for role in req.ceilings.keys() {
                if Role::parse(role).is_none() && !custom.contains(role) {
                    return Err(EngineError::validation("ceilings", "names a role that does not exist"));
                }
            }
            let before = DiscountCeilings { ceilings: cx.tx.discount_ceilings()?.into_iter().collect() };
            let pairs: Vec<(String, i64)> = req.ceilings.iter().map(|(r, b)| (r.clone(), *b)).collect();
            cx.tx.set_discount_ceilings(&pairs)?;
            cx.audit_setting_change(Setting::DiscountCeiling, "quote", "update", Some(&before), &req)?;
            Ok(req)
        })
    }
}

/// The quote, on a customer the actor may read (`not_found` otherwise).
fn readable(cx: &Ctx<'_>, id: &str) -> EngineResult<Quote> {
    access::require_read(cx.access(ENTITY, id)?, ENTITY)?;
    cx.tx.quote(id)?.ok_or_else(|| EngineError::not_found("no such quote"))
}

/// The quote, on a customer the actor may write, with the `edit` permission on quotes.
fn writable(cx: &Ctx<'_>, id: &str) -> EngineResult<Quote> {
    access::require_write(cx.access(ENTITY, id)?, ENTITY)?;
    cx.actor.require(ENTITY, Action::Edit)?;
    cx.tx.quote(id)?.ok_or_else(|| EngineError::not_found("no such quote"))
}

/// Saves and audits a change, answering the quote as of today.
fn save(cx: &Ctx<'_>, before: &Quote, mut after: Quote, action: &str, today: NaiveDate) -> EngineResult<Quote> {
    after.updated_at = cx.now;
    cx.tx.save_quote(Some(before), &after)?;
    cx.audit_change(ENTITY, &after.id, action, Some(before), &after)?;
    Ok(after.shown_on(today))
}

/// A validity date, not in the past.
fn valid_date(text: &str, today: NaiveDate) -> EngineResult<NaiveDate> {
    let date = calendar::parse_date("valid_until", text)?;
    if date < today {
        return Err(EngineError::validation("valid_until", "must not be in the past"));
    }
    Ok(date)
}

/// OPP-3 with DOC-2: the opportunity is the customer's, visible, open, and past its evaluation gate.
fn check_opportunity(cx: &Ctx<'_>, id: &str, customer_id: &str) -> EngineResult<()> {
    let not_found = || EngineError::not_found("no such opportunity").with_field("opportunity_id");
    if cx.access(Entity::Opportunity, id)? == Access::None {
        return Err(not_found());
    }
    let opportunity = cx.tx.opportunity(id)?.ok_or_else(not_found)?;
    if opportunity.customer_id != customer_id {
        return Err(EngineError::validation("opportunity_id", "the opportunity belongs to another customer"));
    }
    let pipeline = cx
        .tx
        .pipeline(&opportunity.pipeline_id)?
        .ok_or_else(|| EngineError::internal("an opportunity's pipeline is missing"))?;
    if !opportunity.passed_evaluation_gate(&pipeline) {
        return Err(EngineError::invalid_state(
            "the opportunity has not passed its evaluation gate; quote it once its evaluation is approved",
        )
        .with_field("opportunity_id"));
    }
    Ok(())
}

/// Prices every line of a request (DOC-1, DOC-2): the product must exist and be active; the unit price
/// is the given one, else the one the product's price lists give this customer on `on` (its list price
/// when no rule applies), which must be in the document's currency.
pub(crate) fn price_lines(
    cx: &mut Ctx<'_>,
    currency: &str,
    lines: &[LineRequest],
    (customer_id, on): (&str, NaiveDate),
) -> EngineResult<Vec<DocumentLine>> {
    document_line::check_line_count(lines.len())?;
    let mut priced = Vec::with_capacity(lines.len());
    // Read once for the document, and only when a line takes its price from the catalogue.
    let mut customer: Option<PricedCustomer> = None;
    for (i, req) in lines.iter().enumerate() {
        let field = format!("lines[{i}]");
        let at = |e: EngineError| e.with_field(format!("{field}.product_id"));
        let product = cx.tx.product(&req.product_id)?.ok_or_else(|| at(EngineError::not_found("no such product")))?;
        if !product.active {
            return Err(at(EngineError::invalid_state("the product is not active")));
        }
        let (unit_price, source) = match req.unit_price {
            Some(p) => (p, "given".to_string()),
            None if product.currency != currency => {
                return Err(EngineError::validation(
                    format!("{field}.unit_price"),
                    "the product is priced in another currency; give the unit price",
                ));
            }
            None => {
                let priced_for = match customer.take() {
                    Some(c) => c,
                    None => PricedCustomer::read(cx, customer_id)?,
                };
                let price = priced_for.price(cx, &product, req.quantity, on).map_err(at);
                customer = Some(priced_for);
                let price = price?;
                let source = match &price.source {
                    PriceSource::ListPrice => "list_price".to_string(),
                    PriceSource::Rule { price_list_code, price_list_version, rule_id, .. } => {
                        format!("price_list:{price_list_code}:v{price_list_version}:{rule_id}")
                    }
                };
                (price.unit_price, source)
            }
        };
        priced.push(document_line::price_line(&field, i as u32 + 1, &product, req, unit_price, source)?);
    }
    Ok(priced)
}

/// Sets a quote's lines and everything they decide: totals, the base amount, the largest discount, and
/// whether an approved discount still covers them.
fn set_lines(quote: &mut Quote, lines: Vec<DocumentLine>, base: &str) -> EngineResult<()> {
    quote.totals = document_line::totals(&lines)?;
    quote.amount_base = money::convert_to_base(quote.totals.gross, &quote.currency, base, quote.fx_rate)?;
    let max_discount = document_line::max_discount(&lines);
    if max_discount > quote.max_discount_bp && quote.discount_approval == DiscountApproval::Approved {
        quote.discount_approval = DiscountApproval::NotNeeded;
    }
    quote.max_discount_bp = max_discount;
    quote.lines = lines;
    Ok(())
}

/// DOC-2: the highest discount the actor gives without approval: the largest ceiling among their roles,
/// configured or default; the host is not limited (its quotes record what was decided elsewhere).
fn ceiling_of(cx: &Ctx<'_>) -> EngineResult<i64> {
    let Actor::User(user) = &cx.actor else { return Ok(crate::domain::product::BASIS_POINTS_MAX) };
    let configured = cx.tx.discount_ceilings()?;
    let of = |name: &str, default: i64| configured.iter().find(|(r, _)| r == name).map_or(default, |(_, b)| *b);
    let builtin = user.roles.iter().map(|r| of(r.as_str(), default_ceiling(*r)));
    let custom = user.custom_roles.iter().map(|c| of(c, default_ceiling(Role::SalesRep)));
    Ok(builtin.chain(custom).max().unwrap_or(0))
}

/// The quote as the approval mechanism sees it: owned as its customer is.
fn document(cx: &Ctx<'_>, quote: &Quote) -> EngineResult<Document> {
    let (_, facts) = cx.access_facts(Entity::Customer, &quote.customer_id)?;
    let customer = cx.tx.customer(&quote.customer_id)?.map(|c| c.name);
    Ok(Document {
        doc_type: DocumentType::QuoteDiscount,
        id: quote.id.clone(),
        subject: None,
        title: crate::storage::quote_title(&quote.code, i64::from(quote.version), customer.as_deref()),
        ownership: facts.map(|f| f.ownership).unwrap_or_default(),
        values: vec![
            ("amount", Some(FieldValue::Number(quote.amount_base as f64))),
            ("max_discount_bp", Some(FieldValue::Number(quote.max_discount_bp as f64))),
        ],
        custom: quote.custom.clone(),
    })
}

/// ORG-5 with DOC-2: submits a draft quote's discount for approval (from `approvals.submit`).
pub(crate) fn submit_discount(cx: &mut Ctx<'_>, id: &str, note: Option<String>) -> EngineResult<Approval> {
    let before = writable(cx, id)?;
    before.require_editable()?;
    let today = today(cx)?;
    submit_for_discount(cx, &before, note, today).map(|(_, a)| a)
}

/// Submits a draft's discount along the flow in force; sends the quote at once when no step applies.
fn submit_for_discount(
    cx: &mut Ctx<'_>,
    before: &Quote,
    note: Option<String>,
    today: NaiveDate,
) -> EngineResult<(Quote, Approval)> {
    let mut after = before.clone();
    // Checked before submitting: a quote that could not be sent is not worth approving.
    after.clone().send(cx.now, today)?;
    after.discount_approval = DiscountApproval::Pending;
    let approval = approvals::submit(cx, &document(cx, &after)?, note)?;
    if approval.status == ApprovalState::Approved {
        after.discount_approval = DiscountApproval::Approved;
        after.send(cx.now, today)?;
    }
    Ok((save(cx, before, after, "submit_discount", today)?, approval))
}

/// ORG-5 with DOC-2: follows a decided discount approval: approved sends the quote, rejected leaves it a
/// draft to change.
pub(crate) fn follow_discount(cx: &mut Ctx<'_>, approval: &Approval) -> EngineResult<()> {
    let approved = match approval.status {
        ApprovalState::Pending => return Ok(()),
        ApprovalState::Approved => true,
        ApprovalState::Rejected => false,
    };
    let before =
        cx.tx.quote(&approval.document_id)?.ok_or_else(|| EngineError::internal("an approved quote is missing"))?;
    let today = today(cx)?;
    let mut after = before.clone();
    if approved {
        after.discount_approval = DiscountApproval::Approved;
        // Approval sends it, even if its validity ran out while it waited (the approver saw the date).
        after.status = QuoteStatus::Sent;
        after.sent_at = Some(cx.now);
    } else {
        after.discount_approval = DiscountApproval::Rejected;
    }
    save(cx, &before, after, if approved { "approve_discount" } else { "reject_discount" }, today).map(|_| ())
}

/// An opportunity line from a quote line: net of discount, before tax.
fn opportunity_line(line: &DocumentLine) -> OpportunityLine {
    let milli = line.quantity.milli().max(1);
    OpportunityLine {
        product_code: Some(line.product_code.clone()),
        description: line.description.clone(),
        quantity: format!("{}.{:03}", milli / 1000, milli % 1000),
        unit_price: money::round_half_up_div(i128::from(line.net) * 1000, i128::from(milli)) as i64,
        amount: line.net,
    }
}

pub(crate) fn parse_cursor(cursor: &str) -> EngineResult<(chrono::DateTime<chrono::Utc>, String)> {
    let bad = || EngineError::validation("cursor", "is not a cursor this list returned");
    let (at, id) = cursor.split_once('|').ok_or_else(bad)?;
    let at = chrono::DateTime::parse_from_rfc3339(at).map_err(|_| bad())?.with_timezone(&chrono::Utc);
    Ok((at, id.to_string()))
}

/// DOC-2 with DOC-4: the quote an order is made from: readable, the current version, sent (accepted now)
/// or accepted, within its validity.
pub(crate) fn take_for_order(cx: &mut Ctx<'_>, id: &str, today: NaiveDate) -> EngineResult<Quote> {
    let quote = readable(cx, id).map_err(|e| e.with_field("quote_id"))?;
    quote.check_orderable(today)?;
    if quote.status != QuoteStatus::Sent {
        return Ok(quote);
    }
    let before = writable(cx, id).map_err(|e| e.with_field("quote_id"))?;
    let mut after = before.clone();
    after.decide(true, None, cx.now, today)?;
    save(cx, &before, after, "accept", today)
}
