//! Notifications (ORG-7): inbox entries the engine raises for a user, announcements posted to departments, and outbox messages the host delivers.
//!
//! The engine never sends anything itself: entries wait in the inbox until read; messages meant to leave
//! (push, SMS, email) wait in the outbox until the host takes them and reports each one sent or failed.
//! Entries that come due with time (alerts, reminders) are raised when an inbox is read for a moment
//! (`inbox.list` with `now`) or when the host calls `inbox.refresh`, never by a thread of the engine.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use super::error::{DomainError, DomainResult};
use super::text;

/// What raised an inbox entry.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[cfg_attr(feature = "uniffi", derive(uniffi::Enum))]
#[serde(rename_all = "snake_case")]
pub enum InboxKind {
    /// A step of an approval waits for the user's decision (ORG-5).
    Approval,
    /// The user's submission was approved or rejected.
    ApprovalDecided,
    /// A record was assigned to the user by someone else.
    Assignment,
    /// A customer alert came due (CUS-8).
    Alert,
    /// An activity's reminder time came.
    Reminder,
    /// An announcement posted to the user's department.
    Announcement,
}

impl InboxKind {
    pub const ALL: [InboxKind; 6] = [
        InboxKind::Approval,
        InboxKind::ApprovalDecided,
        InboxKind::Assignment,
        InboxKind::Alert,
        InboxKind::Reminder,
        InboxKind::Announcement,
    ];
    pub fn as_str(self) -> &'static str {
        match self {
            InboxKind::Approval => "approval",
            InboxKind::ApprovalDecided => "approval_decided",
            InboxKind::Assignment => "assignment",
            InboxKind::Alert => "alert",
            InboxKind::Reminder => "reminder",
            InboxKind::Announcement => "announcement",
        }
    }
    pub fn parse(s: &str) -> Option<InboxKind> {
        InboxKind::ALL.into_iter().find(|k| k.as_str() == s)
    }
}

/// One entry of a user's inbox.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct InboxEntry {
    pub id: String,
    pub user_id: String,
    pub kind: InboxKind,
    /// The kind of record it concerns (`opportunity`, `customer`, `announcement`, ...), if any.
    pub entity: Option<String>,
    pub record_id: Option<String>,
    /// The record's name or code, or the announcement's title.
    pub title: String,
    /// What a host needs to word the entry in its language (`{"step": "区域经理审批"}`).
    pub params: Map<String, Value>,
    pub created_at: DateTime<Utc>,
    pub read_at: Option<DateTime<Utc>>,
}

/// A new inbox entry, before it has an id and a time.
#[derive(Debug, Clone, PartialEq)]
pub struct Notice {
    pub user_id: String,
    pub kind: InboxKind,
    pub entity: Option<&'static str>,
    pub record_id: Option<String>,
    pub title: String,
    pub params: Map<String, Value>,
    /// Raised once per user with this key (`None`: every time).
    pub dedupe_key: Option<String>,
}

/// The acting user's inbox, unread first, newest first, a page at a time.
#[derive(Debug, Clone, Default, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
#[serde(deny_unknown_fields)]
pub struct InboxListRequest {
    /// Only entries not read yet.
    #[serde(default)]
    #[cfg_attr(feature = "uniffi", uniffi(default))]
    pub unread_only: bool,
    /// Raise first what came due by this moment (RFC 3339; alerts of its local day, reminders up to it).
    #[cfg_attr(feature = "uniffi", uniffi(default))]
    pub now: Option<String>,
    #[cfg_attr(feature = "uniffi", uniffi(default))]
    pub cursor: Option<String>,
    /// Default 50, at most 1000.
    #[cfg_attr(feature = "uniffi", uniffi(default))]
    pub limit: Option<u32>,
}

/// A page of an inbox and how many entries are unread in all.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct InboxPage {
    pub items: Vec<InboxEntry>,
    pub next_cursor: Option<String>,
    pub unread: i64,
}

/// Marks entries of the acting user's inbox read: the named ones, or all.
#[derive(Debug, Clone, Default, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
#[serde(deny_unknown_fields)]
pub struct MarkReadRequest {
    /// At most 1000 entry ids.
    #[serde(default)]
    #[cfg_attr(feature = "uniffi", uniffi(default))]
    pub ids: Vec<String>,
    /// Every unread entry instead.
    #[serde(default)]
    #[cfg_attr(feature = "uniffi", uniffi(default))]
    pub all: bool,
}

/// What marking read did.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
pub struct MarkReadResult {
    /// Entries that were unread and now are read.
    pub marked: i64,
    /// Entries still unread.
    pub unread: i64,
}

/// Raises what came due by `now` for every active user (the host calls it, e.g. each morning).
#[derive(Debug, Clone, Default, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct RefreshRequest {
    /// RFC 3339; default the engine's clock.
    pub now: Option<String>,
}

/// What a refresh raised.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct RefreshResult {
    pub users: i64,
    /// New inbox entries (an alert or reminder already raised is not raised again).
    pub entries: i64,
    /// New outbox messages (birthday greetings).
    pub messages: i64,
}

/// An announcement to post to departments.
#[derive(Debug, Clone, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct AnnouncementDraft {
    pub title: String,
    pub body: String,
    /// 1 to 100 departments.
    pub department_ids: Vec<String>,
    /// Also the departments below them (default true).
    #[serde(default = "yes")]
    pub include_subdepartments: bool,
}

fn yes() -> bool {
    true
}

/// A posted announcement.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Announcement {
    pub id: String,
    pub author_id: Option<String>,
    pub title: String,
    pub body: String,
    pub department_ids: Vec<String>,
    pub include_subdepartments: bool,
    /// Active users whose inbox received it.
    pub recipients: i64,
    pub created_at: DateTime<Utc>,
}

impl AnnouncementDraft {
    /// The title and body trimmed and within bounds, the departments named at most once.
    pub fn validated(&self) -> DomainResult<(String, String, Vec<String>)> {
        let title = text::required("title", &self.title, text::NAME_MAX)?;
        let body = text::required("body", &self.body, text::LONG_TEXT_MAX)?;
        if self.department_ids.is_empty() || self.department_ids.len() > MAX_ANNOUNCEMENT_DEPARTMENTS {
            return Err(DomainError::validation(
                "department_ids",
                format!("must name 1 to {MAX_ANNOUNCEMENT_DEPARTMENTS} departments"),
            ));
        }
        let mut departments = self.department_ids.clone();
        super::sort::sort(&mut departments);
        departments.dedup();
        Ok((title, body, departments))
    }
}

pub const MAX_ANNOUNCEMENT_DEPARTMENTS: usize = 100;
/// The most entries one `inbox.mark_read` names.
pub const MAX_MARK_READ: usize = 1000;

/// How an outbox message leaves.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[cfg_attr(feature = "uniffi", derive(uniffi::Enum))]
#[serde(rename_all = "snake_case")]
pub enum Channel {
    Push,
    Sms,
    Email,
}

impl Channel {
    pub fn as_str(self) -> &'static str {
        match self {
            Channel::Push => "push",
            Channel::Sms => "sms",
            Channel::Email => "email",
        }
    }
    pub fn parse(s: &str) -> Option<Channel> {
        [Channel::Push, Channel::Sms, Channel::Email].into_iter().find(|c| c.as_str() == s)
    }
}

/// Who an outbox message goes to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[cfg_attr(feature = "uniffi", derive(uniffi::Enum))]
#[serde(rename_all = "snake_case")]
pub enum RecipientKind {
    User,
    Contact,
    Customer,
}

impl RecipientKind {
    pub fn as_str(self) -> &'static str {
        match self {
            RecipientKind::User => "user",
            RecipientKind::Contact => "contact",
            RecipientKind::Customer => "customer",
        }
    }
    pub fn parse(s: &str) -> Option<RecipientKind> {
        [RecipientKind::User, RecipientKind::Contact, RecipientKind::Customer].into_iter().find(|c| c.as_str() == s)
    }
}

/// Where an outbox message is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[cfg_attr(feature = "uniffi", derive(uniffi::Enum))]
#[serde(rename_all = "snake_case")]
pub enum MessageStatus {
    /// Waiting for the host (also while taken, until reported or its lease runs out).
    Pending,
    Sent,
    Failed,
}

impl MessageStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            MessageStatus::Pending => "pending",
            MessageStatus::Sent => "sent",
            MessageStatus::Failed => "failed",
        }
    }
    pub fn parse(s: &str) -> Option<MessageStatus> {
        [MessageStatus::Pending, MessageStatus::Sent, MessageStatus::Failed].into_iter().find(|c| c.as_str() == s)
    }
}

/// A message in the outbox.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct OutboxMessage {
    pub id: String,
    pub channel: Channel,
    pub recipient_kind: RecipientKind,
    pub recipient_id: String,
    /// The phone (sms) or email address (email) at the time it was queued; `null` for push (the host
    /// knows the user's devices).
    pub address: Option<String>,
    /// The customer it concerns: a delivery to a contact or customer is logged as its activity.
    pub customer_id: Option<String>,
    /// The host's template (`approval.requested`, `contact.birthday`).
    pub template_key: String,
    pub params: Map<String, Value>,
    pub entity: Option<String>,
    pub record_id: Option<String>,
    pub created_by: Option<String>,
    pub created_at: DateTime<Utc>,
    pub status: MessageStatus,
    pub taken_at: Option<DateTime<Utc>>,
    /// How many times the host took it.
    pub attempts: i64,
    pub reported_at: Option<DateTime<Utc>>,
    pub error: Option<String>,
    /// The activity that logs its delivery to a customer.
    pub activity_id: Option<String>,
}

/// A message a user or the host queues to a user, a contact or a customer.
#[derive(Debug, Clone, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct MessageDraft {
    pub channel: Channel,
    pub recipient_kind: RecipientKind,
    pub recipient_id: String,
    /// Letters, digits, `_ - . /`; at most 64.
    pub template_key: String,
    /// At most 8 KB as JSON.
    #[serde(default)]
    pub params: Map<String, Value>,
}

/// Takes pending messages for delivery: each is leased to the host for `lease_seconds` and offered
/// again after that unless reported.
#[derive(Debug, Clone, Default, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct TakeRequest {
    /// Default 50, at most 1000.
    pub limit: Option<u32>,
    /// Only this channel.
    pub channel: Option<Channel>,
    /// Default 300, 1 to 86400.
    pub lease_seconds: Option<i64>,
}

/// The outcome of one delivery.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
pub enum DeliveryOutcome {
    Sent,
    Failed,
}

/// The host reports how a delivery went; each message is reported once.
#[derive(Debug, Clone, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct ReportRequest {
    pub id: String,
    pub outcome: DeliveryOutcome,
    /// Why it failed (at most 2000 characters).
    pub error: Option<String>,
}

/// The outbox, for review: by status, oldest first.
#[derive(Debug, Clone, Default, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct OutboxListRequest {
    pub status: Option<MessageStatus>,
    pub cursor: Option<String>,
    pub limit: Option<u32>,
}

/// The most bytes of a message's parameters as JSON.
pub const MAX_PARAMS_BYTES: usize = 8 * 1024;

impl MessageDraft {
    /// The template key, checked, once the parameters are within bounds.
    pub fn validated_key(&self) -> DomainResult<String> {
        params_size(&self.params)?;
        template_key(&self.template_key)
    }
}

/// A template key: a code of at most 64 characters.
pub fn template_key(key: &str) -> DomainResult<String> {
    let key = text::code("template_key", key)?;
    if key.len() > 64 {
        return Err(DomainError::validation("template_key", "at most 64 characters"));
    }
    Ok(key)
}

fn params_size(params: &Map<String, Value>) -> DomainResult<()> {
    let size = serde_json::to_string(params).map(|s| s.len()).unwrap_or(usize::MAX);
    if size > MAX_PARAMS_BYTES {
        return Err(DomainError::validation("params", format!("at most {MAX_PARAMS_BYTES} bytes as JSON")));
    }
    Ok(())
}

/// A report's error text: required when it failed, refused when it was sent.
pub fn report_error(outcome: DeliveryOutcome, error: Option<&str>) -> DomainResult<Option<String>> {
    let error = text::optional("error", error, text::LONG_TEXT_MAX)?;
    match (outcome, &error) {
        (DeliveryOutcome::Sent, Some(_)) => Err(DomainError::validation("error", "only a failed delivery has one")),
        _ => Ok(error),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kinds_and_channels_round_trip_through_their_names() {
        for k in InboxKind::ALL {
            assert_eq!(InboxKind::parse(k.as_str()), Some(k));
        }
        for c in [Channel::Push, Channel::Sms, Channel::Email] {
            assert_eq!(Channel::parse(c.as_str()), Some(c));
        }
        assert!(template_key("approval.requested").is_ok());
        assert!(template_key("has space").is_err());
        assert!(report_error(DeliveryOutcome::Sent, Some("x")).is_err());
    }
}
