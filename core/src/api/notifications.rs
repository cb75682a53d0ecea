//! Notification methods (ORG-7): the inbox, announcements, and the outbox the host delivers.

use super::method::methods;
use crate::domain::common::{IdRequest, Page};
pub use crate::domain::notification::{
    Announcement, AnnouncementDraft, Channel, DeliveryOutcome, InboxEntry, InboxKind, InboxListRequest, InboxPage,
    MarkReadRequest, MarkReadResult, MessageDraft, MessageStatus, OutboxListRequest, OutboxMessage, RecipientKind,
    RefreshRequest, RefreshResult, ReportRequest, TakeRequest,
};

methods! {
    /// The acting user's inbox (approvals awaiting them, decisions on their submissions, records assigned to them, alerts, reminders, announcements): unread first, newest first, a page at a time, with the unread count; with `now`, what came due by then is raised first.
    "inbox.list" => inbox(InboxListRequest) -> InboxPage,
        example r#"{"unread_only": false, "now": "2026-03-02T01:00:00Z", "limit": 20}"#;
    /// Marks entries of the acting user's inbox read, the named ones or `all`; audited.
    "inbox.mark_read" => mark_inbox_read(MarkReadRequest) -> MarkReadResult,
        example r#"{"ids": ["0190a8b2-7c1e-7000-8000-0000000000e1"]}"#;
    /// Raises what came due by `now` for every active user (reminders, the day's alerts) and queues the day's birthday greetings; the host calls it (admin or system).
    "inbox.refresh" => refresh_inbox(RefreshRequest) -> RefreshResult,
        example r#"{"now": "2026-03-02T01:00:00Z"}"#;
    /// Posts an announcement to departments (and those below them): an inbox entry for each active user there. Administrators anywhere, managers within their scope.
    "announcements.post" => post_announcement(AnnouncementDraft) -> Announcement,
        example r#"{"title": "三月销售冲刺", "body": "本月目标提高 10%，请各位更新商机。", "department_ids": ["0190a8b2-7c1e-7000-8000-000000000001"]}"#;
    /// Queues a message for the host to deliver to a user (push, sms, email) or to a contact or customer the actor may read (sms, email).
    "outbox.send" => send_message(MessageDraft) -> OutboxMessage,
        example r#"{"channel": "sms", "recipient_kind": "contact", "recipient_id": "0190a8b2-7c1e-7000-8000-0000000000c1", "template_key": "visit.confirmation", "params": {"date": "2026-03-05"}}"#;
    /// The host takes pending messages to deliver, oldest first, each leased for `lease_seconds` and offered again unless reported (admin or system).
    "outbox.take" => take_outbox(TakeRequest) -> Vec<OutboxMessage>,
        example r#"{"limit": 100, "lease_seconds": 300}"#;
    /// The host reports one delivery, once: `sent` (logged as an activity of the customer it reached) or `failed` with the error (admin or system).
    "outbox.report" => report_outbox(ReportRequest) -> OutboxMessage,
        example r#"{"id": "0190a8b2-7c1e-7000-8000-0000000000f1", "outcome": "sent"}"#;
    /// One outbox message (admin or system).
    "outbox.get" => outbox_message(IdRequest) -> OutboxMessage,
        example r#"{"id": "0190a8b2-7c1e-7000-8000-0000000000f1"}"#;
    /// The outbox by status, oldest first, a page at a time (admin or system).
    "outbox.list" => list_outbox(OutboxListRequest) -> Page<OutboxMessage>,
        example r#"{"status": "failed"}"#;
}
