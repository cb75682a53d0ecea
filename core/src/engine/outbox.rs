//! The outbox (ORG-7): messages queued for the host to deliver (approval requests, birthday greetings, what users send), taken on a lease, reported once; a delivery to a customer logged as an activity.

use chrono::{DateTime, Duration, Utc};
use serde_json::{Map, json};

use super::paging::page_limit;
use super::{Ctx, Engine};
use super::{EngineError, EngineResult};
use crate::domain::access::{self, Actor};
use crate::domain::activity::{ActivityDraft, ActivityKind, ActivityStatus};
use crate::domain::calendar;
use crate::domain::common::{IdRequest, Page};
use crate::domain::entity::Entity;
use crate::domain::notification::{
    Channel, DeliveryOutcome, MessageDraft, MessageStatus, Notice, OutboxListRequest, OutboxMessage, RecipientKind,
    ReportRequest, TakeRequest, report_error,
};

const DEFAULT_LEASE_SECONDS: i64 = 300;
const MAX_LEASE_SECONDS: i64 = 86_400;

/// A message as queued now by the actor, before its recipient's address is known.
fn message(cx: &Ctx<'_>, channel: Channel, kind: RecipientKind, recipient: &str, template: &str) -> OutboxMessage {
    OutboxMessage {
        id: cx.new_id(),
        channel,
        recipient_kind: kind,
        recipient_id: recipient.to_string(),
        address: None,
        customer_id: None,
        template_key: template.to_string(),
        params: Map::new(),
        entity: None,
        record_id: None,
        created_by: cx.actor.user_id().map(str::to_string),
        created_at: cx.now,
        status: MessageStatus::Pending,
        taken_at: None,
        attempts: 0,
        reported_at: None,
        error: None,
        activity_id: None,
    }
}

/// A push message to a user about an inbox entry (an approval request to the approver's phone).
pub(crate) fn push_to_user(cx: &Ctx<'_>, user_id: &str, template: &str, about: &Notice) -> EngineResult<()> {
    let mut m = message(cx, Channel::Push, RecipientKind::User, user_id, template);
    m.params = about.params.clone();
    m.params.insert("title".into(), json!(about.title));
    m.entity = about.entity.map(str::to_string);
    m.record_id = about.record_id.clone();
    cx.tx.insert_outbox_message(&m, None)?;
    Ok(())
}

/// Queues a greeting for each contact whose birthday is on `now`'s local day, when the alert settings
/// name a greeting template: by SMS to the contact's first phone, else by email; once per contact and year.
pub(crate) fn queue_birthday_greetings(cx: &mut Ctx<'_>, now: DateTime<Utc>) -> EngineResult<i64> {
    let settings = super::alerts::settings(cx)?;
    let Some(template) = settings.birthday_greeting_template else { return Ok(0) };
    let offset = cx.organisation()?.utc_offset_minutes;
    let today = calendar::local_date(now, offset);
    let mut queued = 0;
    for (contact_id, name, customer_id, _customer, birthday) in cx.tx.contact_birthdays_all()? {
        let Some(birthday) = birthday else { continue };
        if crate::domain::alerts::next_birthday(birthday, today) != today {
            continue;
        }
        let Some(contact) = cx.tx.contact(&contact_id)? else { continue };
        let (channel, address) = match (contact.phones.first(), contact.emails.first()) {
            (Some(p), _) => (Channel::Sms, p.clone()),
            (None, Some(e)) => (Channel::Email, e.clone()),
            (None, None) => continue,
        };
        let mut m = message(cx, channel, RecipientKind::Contact, &contact_id, &template);
        m.address = Some(address);
        m.customer_id = Some(customer_id);
        m.entity = Some("contact".into());
        m.record_id = Some(contact_id.clone());
        m.params.insert("name".into(), json!(name));
        m.params.insert("birthday".into(), json!(today));
        let key = format!("birthday:{contact_id}:{}", today.format("%Y"));
        queued += i64::from(cx.tx.insert_outbox_message(&m, Some(&key))?);
    }
    Ok(queued)
}

/// The address a message to `kind`/`id` goes to over `channel`, checking the recipient exists and that
/// the actor may read it; for a contact or a customer, also the customer it concerns.
fn address(
    cx: &Ctx<'_>,
    channel: Channel,
    kind: RecipientKind,
    id: &str,
) -> EngineResult<(Option<String>, Option<String>)> {
    let none = |what: &str| EngineError::validation("recipient_id", format!("no such {what}"));
    let pick = |phones: &[String], emails: &[String]| -> EngineResult<Option<String>> {
        let found = match channel {
            Channel::Push => return Ok(None),
            Channel::Sms => phones.first(),
            Channel::Email => emails.first(),
        };
        found.cloned().map(Some).ok_or_else(|| {
            EngineError::validation(
                "channel",
                format!("the recipient has no {}", if channel == Channel::Sms { "phone" } else { "email" }),
            )
        })
    };
    match kind {
        RecipientKind::User => {
            let user = cx.tx.user(id)?.filter(|u| u.active).ok_or_else(|| none("active user"))?;
            let phones: Vec<String> = user.phone.into_iter().collect();
            let emails: Vec<String> = user.email.into_iter().collect();
            Ok((pick(&phones, &emails)?, None))
        }
        RecipientKind::Contact => {
            if channel == Channel::Push {
                return Err(EngineError::validation("channel", "push goes to users only"));
            }
            let contact = cx.tx.contact(id)?.ok_or_else(|| none("contact"))?;
            access::require_read(cx.access(Entity::Customer, &contact.customer_id)?, Entity::Customer)
                .map_err(|_| none("contact"))?;
            Ok((pick(&contact.phones, &contact.emails)?, Some(contact.customer_id)))
        }
        RecipientKind::Customer => {
            if channel == Channel::Push {
                return Err(EngineError::validation("channel", "push goes to users only"));
            }
            access::require_read(cx.access(Entity::Customer, id)?, Entity::Customer).map_err(|_| none("customer"))?;
            let customer = cx.tx.customer(id)?.ok_or_else(|| none("customer"))?;
            let phones: Vec<String> = customer.phone.into_iter().collect();
            let emails: Vec<String> = customer.email.into_iter().collect();
            Ok((pick(&phones, &emails)?, Some(id.to_string())))
        }
    }
}

fn require_host(actor: &Actor) -> EngineResult<()> {
    if actor.is_admin() {
        Ok(())
    } else {
        Err(EngineError::permission_denied("only the host or an administrator handles the outbox"))
    }
}

/// Logs a delivered message to a contact or customer as a done activity of the customer, owned by who
/// queued it or else the customer's owner; `None` when neither exists (a pool customer greeted by the host).
fn log_delivery(cx: &mut Ctx<'_>, m: &OutboxMessage) -> EngineResult<Option<String>> {
    let Some(customer_id) = &m.customer_id else { return Ok(None) };
    let owner = match &m.created_by {
        Some(u) => Some(u.clone()),
        None => cx.tx.customer(customer_id)?.and_then(|c| c.owner_id),
    };
    let Some(owner) = owner else { return Ok(None) };
    let kind = if m.channel == Channel::Email { ActivityKind::Email } else { ActivityKind::Message };
    let draft = ActivityDraft {
        kind,
        subject: format!("{} {}", m.channel.as_str(), m.template_key),
        starts_at: Some(cx.now),
        duration_minutes: None,
        due_date: None,
        customer_id: Some(customer_id.clone()),
        customer_external_ref: None,
        contact_id: (m.recipient_kind == RecipientKind::Contact).then(|| m.recipient_id.clone()),
        opportunity_id: None,
        ticket_id: None,
        owner_id: Some(owner),
        status: Some(ActivityStatus::Done),
        outcome: Some(format!("delivered by the host; outbox message {}", m.id)),
        remind_at: None,
        custom: Map::new(),
        external_ref: None,
    };
    Ok(Some(cx.save_activity_draft(draft)?.0.id))
}

impl Engine {
    /// Queues a message to a user, a contact or a customer (to one the actor may read); the address is
    /// the recipient's first phone (sms) or email (email) now; push goes to users only.
    pub fn send_message(&self, actor: Option<&str>, draft: MessageDraft) -> EngineResult<OutboxMessage> {
        self.write(actor, |cx| {
            let key = draft.validated_key()?;
            let (address, customer_id) = address(cx, draft.channel, draft.recipient_kind, &draft.recipient_id)?;
            let mut m = message(cx, draft.channel, draft.recipient_kind, &draft.recipient_id, &key);
            m.address = address;
            m.customer_id = customer_id;
            m.params = draft.params.clone();
            cx.tx.insert_outbox_message(&m, None)?;
            let mut changes = Map::new();
            changes
                .insert("recipient".into(), json!([null, format!("{}:{}", m.recipient_kind.as_str(), m.recipient_id)]));
            changes.insert("template_key".into(), json!([null, m.template_key]));
            cx.audit_named("outbox_message", &m.id, "queue", changes)?;
            Ok(m)
        })
    }

    /// The host takes pending messages to deliver, oldest first: each is leased for `lease_seconds`
    /// (default 300) and offered again after that unless reported, so a host that died mid-delivery
    /// loses nothing.
    pub fn take_outbox(&self, actor: Option<&str>, req: TakeRequest) -> EngineResult<Vec<OutboxMessage>> {
        self.write(actor, |cx| {
            require_host(&cx.actor)?;
            let limit = page_limit(req.limit)?;
            let lease = req.lease_seconds.unwrap_or(DEFAULT_LEASE_SECONDS);
            if !(1..=MAX_LEASE_SECONDS).contains(&lease) {
                return Err(EngineError::validation(
                    "lease_seconds",
                    format!("must be between 1 and {MAX_LEASE_SECONDS}"),
                ));
            }
            Ok(cx.tx.take_outbox_messages(req.channel, cx.now, cx.now - Duration::seconds(lease), limit)?)
        })
    }

    /// The host reports one delivery, once: `sent` (a message to a contact or customer is then logged as
    /// its activity) or `failed` with the error. A second report answers `invalid_state`.
    pub fn report_outbox(&self, actor: Option<&str>, req: ReportRequest) -> EngineResult<OutboxMessage> {
        self.write(actor, |cx| {
            require_host(&cx.actor)?;
            let error = report_error(req.outcome, req.error.as_deref())?;
            let Some(mut m) = cx.tx.outbox_message(&req.id)? else {
                return Err(EngineError::not_found("no such outbox message").with_field("id"));
            };
            if m.status != MessageStatus::Pending {
                return Err(EngineError::invalid_state(format!(
                    "this message was reported {} already",
                    m.status.as_str()
                )));
            }
            let before = m.status;
            m.status = match req.outcome {
                DeliveryOutcome::Sent => MessageStatus::Sent,
                DeliveryOutcome::Failed => MessageStatus::Failed,
            };
            m.reported_at = Some(cx.now);
            m.error = error;
            if m.status == MessageStatus::Sent {
                m.activity_id = log_delivery(cx, &m)?;
            }
            cx.tx.save_outbox_report(&m)?;
            let mut changes = Map::new();
            changes.insert("status".into(), json!([before, m.status]));
            if let Some(e) = &m.error {
                changes.insert("error".into(), json!([null, e]));
            }
            cx.audit_named("outbox_message", &m.id, "report", changes)?;
            Ok(m)
        })
    }

    /// One outbox message (the host or an administrator).
    pub fn outbox_message(&self, actor: Option<&str>, req: IdRequest) -> EngineResult<OutboxMessage> {
        self.read(actor, |cx| {
            require_host(&cx.actor)?;
            cx.tx.outbox_message(&req.id)?.ok_or_else(|| EngineError::not_found("no such outbox message"))
        })
    }

    /// The outbox for review, by status, oldest first, a page at a time (the host or an administrator).
    pub fn list_outbox(&self, actor: Option<&str>, req: OutboxListRequest) -> EngineResult<Page<OutboxMessage>> {
        self.read(actor, |cx| {
            require_host(&cx.actor)?;
            let limit = page_limit(req.limit)?;
            let after = match req.cursor.as_deref() {
                None => None,
                Some(c) => {
                    let (at, id) = c
                        .split_once('|')
                        .filter(|(at, id)| calendar::parse_instant("cursor", at).is_ok() && !id.is_empty())
                        .ok_or_else(|| EngineError::validation("cursor", "is not a cursor of this list"))?;
                    Some((at.to_string(), id.to_string()))
                }
            };
            let mut items =
                cx.tx.outbox_page(req.status, after.as_ref().map(|(a, i)| (a.as_str(), i.as_str())), limit + 1)?;
            let next_cursor = if items.len() > limit as usize {
                items.truncate(limit as usize);
                items.last().map(|m| format!("{}|{}", calendar::format_instant(m.created_at), m.id))
            } else {
                None
            };
            Ok(Page { items, next_cursor })
        })
    }
}
