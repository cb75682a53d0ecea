//! The inbox (ORG-7): raising entries (approvals, assignments, alerts, reminders, announcements), reading a page unread first, marking read, the host's refresh.

use chrono::{DateTime, Duration, Utc};
use serde_json::{Map, Value, json};

use super::paging::page_limit;
use super::{Ctx, Engine, alerts, outbox};
use super::{EngineError, EngineResult};
use crate::domain::access::{Actor, Ownership, Role};
use crate::domain::alerts::CustomerAlert;
use crate::domain::approval::{Approval, ApprovalState};
use crate::domain::calendar;
use crate::domain::notification::{
    Announcement, AnnouncementDraft, InboxEntry, InboxKind, InboxListRequest, InboxPage, MAX_MARK_READ,
    MarkReadRequest, MarkReadResult, Notice, RefreshRequest, RefreshResult,
};
use crate::domain::visibility;

/// How far back a refresh looks for reminders that came due (older ones were raised or are stale).
const REMINDER_LOOKBACK_DAYS: i64 = 30;

/// Adds an entry to a user's inbox (once per dedupe key); whether it was added.
pub(crate) fn raise(cx: &Ctx<'_>, notice: &Notice) -> EngineResult<bool> {
    Ok(cx.tx.insert_inbox_entry(&cx.new_id(), notice, cx.now)?)
}

fn notice(
    user_id: &str,
    kind: InboxKind,
    entity: Option<&'static str>,
    record_id: Option<&str>,
    title: &str,
) -> Notice {
    Notice {
        user_id: user_id.to_string(),
        kind,
        entity,
        record_id: record_id.map(str::to_string),
        title: title.to_string(),
        params: Map::new(),
        dedupe_key: None,
    }
}

/// A record given to `after` by someone else: an `assignment` entry for the new owner. The host's own
/// writes (ERP pushes, imports, syncs) raise none, except for leads, which arrive from outside and are
/// routed to the rep who must act on them.
pub(crate) fn assigned(
    cx: &Ctx<'_>,
    entity: &'static str,
    id: &str,
    title: &str,
    before: Option<&str>,
    after: Option<&str>,
) -> EngineResult<()> {
    let Some(owner) = after else { return Ok(()) };
    if before == Some(owner) || cx.actor.user_id() == Some(owner) || (cx.actor.user_id().is_none() && entity != "lead")
    {
        return Ok(());
    }
    let mut n = notice(owner, InboxKind::Assignment, Some(entity), Some(id), title);
    if let Some(by) = cx.actor.user_id() {
        n.params.insert("by".into(), json!(by));
    }
    n.params.insert("previous_owner".into(), json!(before));
    raise(cx, &n)?;
    Ok(())
}

/// An approval moved: its newly waiting step raises an `approval` entry (and a push message) for each
/// of its approvers; a decided one raises `approval_decided` for the submitter.
pub(crate) fn approval_moved(
    cx: &Ctx<'_>,
    before: Option<&Approval>,
    after: &Approval,
    title: &str,
) -> EngineResult<()> {
    let entity = after.document_type.entity().name();
    let was_waiting = before.filter(|b| b.status == ApprovalState::Pending).and_then(|b| b.current_step);
    if after.status == ApprovalState::Pending
        && let Some(step) = after.waiting()
        && was_waiting != Some(step.position)
    {
        let mut params = Map::new();
        params.insert("approval_id".into(), json!(after.id));
        params.insert("document_type".into(), json!(after.document_type.as_str()));
        params.insert("step".into(), json!(step.name));
        params.insert("position".into(), json!(step.position));
        for user in &step.approvers {
            let mut n = notice(user, InboxKind::Approval, Some(entity), Some(&after.document_id), title);
            n.params = params.clone();
            n.dedupe_key = Some(format!("approval:{}:{}:{}", after.id, step.position, after.history.len()));
            raise(cx, &n)?;
            outbox::push_to_user(cx, user, "approval.requested", &n)?;
        }
    }
    if after.status != ApprovalState::Pending
        && before.is_some_and(|b| b.status == ApprovalState::Pending)
        && let Some(submitter) = &after.submitted_by
        && cx.actor.user_id() != Some(submitter.as_str())
    {
        let mut n = notice(submitter, InboxKind::ApprovalDecided, Some(entity), Some(&after.document_id), title);
        n.params.insert("approval_id".into(), json!(after.id));
        n.params.insert("status".into(), json!(after.status));
        n.params.insert("reason".into(), json!(after.reason));
        raise(cx, &n)?;
    }
    Ok(())
}

/// Raises for one user (or every active user) what came due by `now`: reminders whose time came in the
/// last 30 days, and the customer alerts of `now`'s local day (each alert once per record and date).
fn raise_due(cx: &mut Ctx<'_>, user_id: Option<&str>, now: DateTime<Utc>) -> EngineResult<i64> {
    let mut raised = 0;
    for r in cx.tx.due_reminders(user_id, now - Duration::days(REMINDER_LOOKBACK_DAYS), now)? {
        let mut n = notice(&r.owner_id, InboxKind::Reminder, Some("activity"), Some(&r.activity_id), &r.subject);
        n.params.insert("remind_at".into(), json!(r.remind_at));
        n.params.insert("customer_id".into(), json!(r.customer_id));
        n.dedupe_key = Some(format!("reminder:{}:{}", r.activity_id, r.remind_at.timestamp()));
        raised += i64::from(raise(cx, &n)?);
    }
    let offset = cx.organisation()?.utc_offset_minutes;
    let day = calendar::local_date(now, offset);
    let users = match user_id {
        Some(u) => vec![u.to_string()],
        None => cx.tx.active_user_ids()?,
    };
    for user in users {
        for alert in alerts::for_user(cx, &user, day)? {
            raised += i64::from(raise(cx, &alert_notice(&user, &alert))?);
        }
    }
    Ok(raised)
}

/// An alert as an inbox entry: raised once per kind, record and the date it is about (a customer silent
/// since a date is one entry, not one a day); an overdue receivable once per amount.
fn alert_notice(user: &str, a: &CustomerAlert) -> Notice {
    let record = a.record_id.as_deref().unwrap_or(&a.customer_id);
    let entity = if a.record_id.is_some() { None } else { Some("customer") };
    let mut n = notice(user, InboxKind::Alert, entity, Some(record), &a.customer_name);
    let about = match (a.date, a.amount) {
        (Some(d), _) => d.to_string(),
        (None, Some(amount)) => amount.to_string(),
        (None, None) => String::new(),
    };
    let kind = serde_json::to_value(a.kind).unwrap_or(Value::Null);
    n.dedupe_key = Some(format!("alert:{}:{}:{}:{about}", kind.as_str().unwrap_or(""), a.customer_id, record));
    if let Value::Object(mut params) = serde_json::to_value(a).unwrap_or(Value::Null) {
        // An overdue amount is financial (ORG-6): the entry says what is overdue, the overview how much.
        params.remove("amount");
        n.params = params;
    }
    if a.record_id.is_some() {
        n.entity = Some(match a.kind {
            crate::domain::alerts::AlertKind::Birthday => "contact",
            crate::domain::alerts::AlertKind::InstalmentDue | crate::domain::alerts::AlertKind::ContractEnding => {
                "contract"
            }
            _ => "opportunity",
        });
    }
    n
}

/// The opaque cursor of an inbox page: the part (`u` unread, `r` read), the last entry's time and id.
fn cursor_of(e: &InboxEntry) -> String {
    let part = if e.read_at.is_some() { 'r' } else { 'u' };
    format!("{part}|{}|{}", calendar::format_instant(e.created_at), e.id)
}

fn parse_cursor(cursor: &str) -> EngineResult<(bool, String, String)> {
    let bad = || EngineError::validation("cursor", "is not a cursor of this list");
    let mut parts = cursor.splitn(3, '|');
    let read = match parts.next() {
        Some("u") => false,
        Some("r") => true,
        _ => return Err(bad()),
    };
    let at = parts.next().filter(|a| calendar::parse_instant("cursor", a).is_ok()).ok_or_else(bad)?;
    let id = parts.next().filter(|i| !i.is_empty() && i.len() <= 64).ok_or_else(bad)?;
    Ok((read, at.to_string(), id.to_string()))
}

fn inbox_user(actor: &Actor) -> EngineResult<&str> {
    actor.user_id().ok_or_else(|| {
        EngineError::validation("actor", "the host has no inbox: read a user's inbox acting as that user")
    })
}

/// One page of the actor's inbox: the unread part, then the read part, each newest first.
fn page(cx: &Ctx<'_>, user: &str, req: &InboxListRequest) -> EngineResult<InboxPage> {
    let limit = page_limit(req.limit)?;
    let after = req.cursor.as_deref().map(parse_cursor).transpose()?;
    let mut items = Vec::new();
    let (start_read, after) = match &after {
        Some((read, at, id)) => (*read, Some((at.as_str(), id.as_str()))),
        None => (false, None),
    };
    if !start_read {
        items = cx.tx.inbox_part(user, false, after, limit + 1)?;
    }
    if !req.unread_only && items.len() <= limit as usize {
        let read_after = if start_read { after } else { None };
        let want = limit + 1 - items.len() as u32;
        items.extend(cx.tx.inbox_part(user, true, read_after, want)?);
    }
    let next_cursor = if items.len() > limit as usize {
        items.truncate(limit as usize);
        items.last().map(cursor_of)
    } else {
        None
    };
    Ok(InboxPage { items, next_cursor, unread: cx.tx.inbox_unread_count(user)? })
}

impl Engine {
    /// The acting user's inbox, unread first then read, newest first in each, a page at a time, with the
    /// unread count. With `now`, what came due by then (reminders, the day's alerts) is raised first.
    pub fn inbox(&self, actor: Option<&str>, req: InboxListRequest) -> EngineResult<InboxPage> {
        let Some(now) = req.now.as_deref() else {
            return self.read(actor, |cx| page(cx, inbox_user(&cx.actor)?, &req));
        };
        let now = calendar::parse_instant("now", now)?;
        self.write(actor, |cx| {
            let user = inbox_user(&cx.actor)?.to_string();
            page_limit(req.limit)?;
            req.cursor.as_deref().map(parse_cursor).transpose()?;
            raise_due(cx, Some(&user), now)?;
            page(cx, &user, &req)
        })
    }

    /// Marks entries of the acting user's inbox read (named, or `all`), audited once per call. Naming an
    /// entry of someone else's inbox, or none, answers `not_found` and marks nothing.
    pub fn mark_inbox_read(&self, actor: Option<&str>, req: MarkReadRequest) -> EngineResult<MarkReadResult> {
        self.write(actor, |cx| {
            let user = inbox_user(&cx.actor)?.to_string();
            let ids = match (req.all, req.ids.is_empty()) {
                (true, true) => cx.tx.unread_inbox_ids(&user)?,
                (false, false) if req.ids.len() <= MAX_MARK_READ => {
                    for (i, id) in req.ids.iter().enumerate() {
                        match cx.tx.inbox_entry_owner(id)? {
                            Some((owner, _)) if owner == user => {}
                            _ => {
                                return Err(EngineError::not_found("no such entry in your inbox")
                                    .with_field(format!("ids.{i}")));
                            }
                        }
                    }
                    req.ids.clone()
                }
                (false, false) => {
                    return Err(EngineError::validation("ids", format!("at most {MAX_MARK_READ} entries at once")));
                }
                _ => return Err(EngineError::validation("ids", "name the entries, or set all (not both)")),
            };
            let mut marked = Vec::new();
            for id in &ids {
                if cx.tx.mark_inbox_entry_read(id, cx.now)? {
                    marked.push(id.clone());
                }
            }
            if !marked.is_empty() {
                let mut changes = Map::new();
                changes.insert("marked".into(), json!([null, marked.len()]));
                if req.all {
                    changes.insert("all".into(), json!([null, true]));
                } else {
                    changes.insert("entries".into(), json!([null, marked]));
                }
                cx.audit_named("inbox", &user, "mark_read", changes)?;
            }
            Ok(MarkReadResult { marked: marked.len() as i64, unread: cx.tx.inbox_unread_count(&user)? })
        })
    }

    /// Raises what came due by `now` for every active user, and queues the day's birthday greetings when
    /// a template is configured (the host or an admin calls it, e.g. each morning; never a thread of ours).
    pub fn refresh_inbox(&self, actor: Option<&str>, req: RefreshRequest) -> EngineResult<RefreshResult> {
        let now = req.now.as_deref().map(|n| calendar::parse_instant("now", n)).transpose()?;
        self.write(actor, |cx| {
            if !cx.actor.is_admin() {
                return Err(EngineError::permission_denied("only an administrator or the host refreshes inboxes"));
            }
            let now = now.unwrap_or(cx.now);
            let users = cx.tx.active_user_ids()?.len() as i64;
            let entries = raise_due(cx, None, now)?;
            let messages = outbox::queue_birthday_greetings(cx, now)?;
            Ok(RefreshResult { users, entries, messages })
        })
    }

    /// Posts an announcement to departments (and by default those below them): an entry in the inbox of
    /// each active user there. Administrators post anywhere; managers to departments their scope covers.
    pub fn post_announcement(&self, actor: Option<&str>, draft: AnnouncementDraft) -> EngineResult<Announcement> {
        self.write(actor, |cx| {
            let (title, body, departments) = draft.validated()?;
            let manager = cx.actor.has_role(Role::SalesManager) || cx.actor.has_role(Role::ServiceManager);
            if !cx.actor.is_admin() && !manager {
                return Err(EngineError::permission_denied("only administrators and managers post announcements"));
            }
            for (i, id) in departments.iter().enumerate() {
                let field = format!("department_ids.{i}");
                let Some(d) = cx.tx.department(id)? else {
                    return Err(EngineError::validation(field, "no such department"));
                };
                if !cx.actor.is_admin()
                    && !visibility::covers_owner(&cx.actor, &Ownership::owned_by("", d.id.clone(), d.path.clone()))
                {
                    return Err(
                        EngineError::permission_denied("the department is outside your scope").with_field(field)
                    );
                }
            }
            let users = cx.tx.active_users_in_departments(&departments, draft.include_subdepartments)?;
            let announcement = Announcement {
                id: cx.new_id(),
                author_id: cx.actor.user_id().map(str::to_string),
                title,
                body,
                department_ids: departments,
                include_subdepartments: draft.include_subdepartments,
                recipients: users.len() as i64,
                created_at: cx.now,
            };
            cx.tx.insert_announcement(&announcement)?;
            for user in &users {
                let mut n = notice(
                    user,
                    InboxKind::Announcement,
                    Some("announcement"),
                    Some(&announcement.id),
                    &announcement.title,
                );
                n.params.insert("body".into(), json!(announcement.body));
                n.params.insert("author_id".into(), json!(announcement.author_id));
                raise(cx, &n)?;
            }
            let mut changes = Map::new();
            changes.insert("title".into(), json!([null, announcement.title]));
            changes.insert("department_ids".into(), json!([null, announcement.department_ids]));
            changes.insert("recipients".into(), json!([null, announcement.recipients]));
            cx.audit_named("announcement", &announcement.id, "post", changes)?;
            Ok(announcement)
        })
    }
}
