//! Activities (ACT-1): kinds, statuses, completion, and the last-contact rule.
//!
//! An activity is a call, visit, meeting, email, task or note of one owner,
//! optionally related to a customer, one of its contacts, one of its
//! opportunities and a ticket. It is `planned` until completed (`done`) or
//! cancelled; a note is done when written. A done activity moves its
//! customer's last-contact time forward to the activity's time (its start, or
//! its completion when it has no start), never back.

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use super::error::{DomainError, DomainResult};
use super::text::{self, Patch};

/// Longest activity, in minutes: one week.
pub const MAX_DURATION_MINUTES: i64 = 7 * 24 * 60;

/// What kind of contact or work an activity is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[cfg_attr(feature = "uniffi", derive(uniffi::Enum))]
#[serde(rename_all = "snake_case")]
pub enum ActivityKind {
    Call,
    Visit,
    Meeting,
    Email,
    Task,
    Note,
    /// A message the host delivered to the customer (SMS, push; ORG-7).
    Message,
}

impl ActivityKind {
    pub const ALL: [ActivityKind; 7] = [
        ActivityKind::Call,
        ActivityKind::Visit,
        ActivityKind::Meeting,
        ActivityKind::Email,
        ActivityKind::Task,
        ActivityKind::Note,
        ActivityKind::Message,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            ActivityKind::Call => "call",
            ActivityKind::Visit => "visit",
            ActivityKind::Meeting => "meeting",
            ActivityKind::Email => "email",
            ActivityKind::Task => "task",
            ActivityKind::Note => "note",
            ActivityKind::Message => "message",
        }
    }

    pub fn parse(s: &str) -> Option<ActivityKind> {
        ActivityKind::ALL.into_iter().find(|k| k.as_str() == s)
    }

    /// The status of a new activity of this kind when none is given: a note records
    /// something that happened (`done`), everything else is `planned`.
    pub(crate) fn default_status(self) -> ActivityStatus {
        match self {
            ActivityKind::Note => ActivityStatus::Done,
            _ => ActivityStatus::Planned,
        }
    }
}

/// Where an activity is in its life: `planned -> done` or `planned -> cancelled`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[cfg_attr(feature = "uniffi", derive(uniffi::Enum))]
#[serde(rename_all = "snake_case")]
pub enum ActivityStatus {
    Planned,
    Done,
    Cancelled,
}

impl ActivityStatus {
    pub const ALL: [ActivityStatus; 3] = [ActivityStatus::Planned, ActivityStatus::Done, ActivityStatus::Cancelled];

    pub fn as_str(self) -> &'static str {
        match self {
            ActivityStatus::Planned => "planned",
            ActivityStatus::Done => "done",
            ActivityStatus::Cancelled => "cancelled",
        }
    }

    pub fn parse(s: &str) -> Option<ActivityStatus> {
        ActivityStatus::ALL.into_iter().find(|k| k.as_str() == s)
    }
}

/// An activity as stored and returned.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
pub struct Activity {
    pub id: String,
    pub kind: ActivityKind,
    pub subject: String,
    /// Planned or actual start.
    pub starts_at: Option<DateTime<Utc>>,
    pub duration_minutes: Option<i64>,
    /// Calendar date a task is due.
    pub due_date: Option<NaiveDate>,
    pub customer_id: Option<String>,
    pub contact_id: Option<String>,
    pub opportunity_id: Option<String>,
    /// A ticket id (opaque here).
    pub ticket_id: Option<String>,
    pub owner_id: String,
    pub status: ActivityStatus,
    pub outcome: Option<String>,
    /// When the owner wants to be reminded (shown on the agenda from then on while planned).
    pub remind_at: Option<DateTime<Utc>>,
    /// When it was done (set by completion, or at creation of a done activity).
    pub completed_at: Option<DateTime<Utc>>,
    pub custom: Map<String, Value>,
    pub external_ref: Option<String>,
    pub created_by: Option<String>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    pub archived_at: Option<DateTime<Utc>>,
}

/// A new activity, or (with a known `external_ref`) the new state of an existing one.
#[derive(Debug, Clone, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
#[serde(deny_unknown_fields)]
pub struct ActivityDraft {
    pub kind: ActivityKind,
    pub subject: String,
    #[serde(default)]
    #[cfg_attr(feature = "uniffi", uniffi(default))]
    pub starts_at: Option<DateTime<Utc>>,
    #[serde(default)]
    #[cfg_attr(feature = "uniffi", uniffi(default))]
    pub duration_minutes: Option<i64>,
    #[serde(default)]
    #[cfg_attr(feature = "uniffi", uniffi(default))]
    pub due_date: Option<NaiveDate>,
    /// Defaults to the customer of `contact_id` or `opportunity_id`.
    #[serde(default)]
    #[cfg_attr(feature = "uniffi", uniffi(default))]
    pub customer_id: Option<String>,
    /// The customer by the host ERP's key, instead of `customer_id` (imports).
    #[serde(default)]
    #[cfg_attr(feature = "uniffi", uniffi(default))]
    pub customer_external_ref: Option<String>,
    /// Must belong to the customer.
    #[serde(default)]
    #[cfg_attr(feature = "uniffi", uniffi(default))]
    pub contact_id: Option<String>,
    /// Must be an opportunity of the customer.
    #[serde(default)]
    #[cfg_attr(feature = "uniffi", uniffi(default))]
    pub opportunity_id: Option<String>,
    #[serde(default)]
    #[cfg_attr(feature = "uniffi", uniffi(default))]
    pub ticket_id: Option<String>,
    /// Defaults to the acting user; reps may only create their own activities.
    #[serde(default)]
    #[cfg_attr(feature = "uniffi", uniffi(default))]
    pub owner_id: Option<String>,
    /// Defaults to `planned` (`done` for a note).
    #[serde(default)]
    #[cfg_attr(feature = "uniffi", uniffi(default))]
    pub status: Option<ActivityStatus>,
    #[serde(default)]
    #[cfg_attr(feature = "uniffi", uniffi(default))]
    pub outcome: Option<String>,
    #[serde(default)]
    #[cfg_attr(feature = "uniffi", uniffi(default))]
    pub remind_at: Option<DateTime<Utc>>,
    /// Values of the custom fields declared for `activity`.
    #[serde(default)]
    #[cfg_attr(feature = "uniffi", uniffi(default))]
    pub custom: Map<String, Value>,
    /// The host ERP's key: a known value updates that activity instead of creating one.
    #[serde(default)]
    #[cfg_attr(feature = "uniffi", uniffi(default))]
    pub external_ref: Option<String>,
}

/// Changes to an activity; absent fields stay, `null` clears. Status changes go
/// through `activities.complete` and `activities.cancel`.
#[derive(Debug, Clone, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct ActivityPatch {
    pub id: String,
    #[serde(default)]
    pub kind: Option<ActivityKind>,
    #[serde(default)]
    pub subject: Option<String>,
    #[serde(default, deserialize_with = "text::patch")]
    #[cfg_attr(feature = "schema", schemars(with = "Option<DateTime<Utc>>"))]
    pub starts_at: Patch<DateTime<Utc>>,
    #[serde(default, deserialize_with = "text::patch")]
    #[cfg_attr(feature = "schema", schemars(with = "Option<i64>"))]
    pub duration_minutes: Patch<i64>,
    #[serde(default, deserialize_with = "text::patch")]
    #[cfg_attr(feature = "schema", schemars(with = "Option<NaiveDate>"))]
    pub due_date: Patch<NaiveDate>,
    #[serde(default, deserialize_with = "text::patch")]
    #[cfg_attr(feature = "schema", schemars(with = "Option<String>"))]
    pub customer_id: Patch<String>,
    #[serde(default, deserialize_with = "text::patch")]
    #[cfg_attr(feature = "schema", schemars(with = "Option<String>"))]
    pub contact_id: Patch<String>,
    #[serde(default, deserialize_with = "text::patch")]
    #[cfg_attr(feature = "schema", schemars(with = "Option<String>"))]
    pub opportunity_id: Patch<String>,
    #[serde(default, deserialize_with = "text::patch")]
    #[cfg_attr(feature = "schema", schemars(with = "Option<String>"))]
    pub ticket_id: Patch<String>,
    #[serde(default)]
    pub owner_id: Option<String>,
    #[serde(default, deserialize_with = "text::patch")]
    #[cfg_attr(feature = "schema", schemars(with = "Option<String>"))]
    pub outcome: Patch<String>,
    #[serde(default, deserialize_with = "text::patch")]
    #[cfg_attr(feature = "schema", schemars(with = "Option<DateTime<Utc>>"))]
    pub remind_at: Patch<DateTime<Utc>>,
    /// Custom values to set (`null` removes one); others are kept.
    #[serde(default)]
    pub custom: Option<Map<String, Value>>,
}

/// Completes a planned activity.
#[derive(Debug, Clone, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
#[serde(deny_unknown_fields)]
pub struct CompleteRequest {
    pub id: String,
    #[serde(default)]
    #[cfg_attr(feature = "uniffi", uniffi(default))]
    pub outcome: Option<String>,
    /// When it was done; defaults to now.
    #[serde(default)]
    #[cfg_attr(feature = "uniffi", uniffi(default))]
    pub completed_at: Option<DateTime<Utc>>,
}

/// Which activities to list (all filters combine).
#[derive(Debug, Clone, Default, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
#[serde(deny_unknown_fields, default)]
pub struct ActivityListRequest {
    #[cfg_attr(feature = "uniffi", uniffi(default))]
    pub owner_id: Option<String>,
    #[cfg_attr(feature = "uniffi", uniffi(default))]
    pub customer_id: Option<String>,
    #[cfg_attr(feature = "uniffi", uniffi(default))]
    pub opportunity_id: Option<String>,
    #[cfg_attr(feature = "uniffi", uniffi(default))]
    pub kind: Option<ActivityKind>,
    #[cfg_attr(feature = "uniffi", uniffi(default))]
    pub status: Option<ActivityStatus>,
    /// Only activities starting at or after this instant.
    #[cfg_attr(feature = "uniffi", uniffi(default))]
    pub from: Option<DateTime<Utc>>,
    /// Only activities starting before this instant.
    #[cfg_attr(feature = "uniffi", uniffi(default))]
    pub to: Option<DateTime<Utc>>,
    /// Only activities starting within this local day (the organisation's UTC offset); combines with `from` and `to`.
    #[cfg_attr(feature = "uniffi", uniffi(default))]
    pub date: Option<NaiveDate>,
    #[cfg_attr(feature = "uniffi", uniffi(default))]
    pub include_archived: bool,
    /// `next_cursor` of the previous page.
    #[cfg_attr(feature = "uniffi", uniffi(default))]
    pub cursor: Option<String>,
    /// Page size (default 50, at most 1000).
    #[cfg_attr(feature = "uniffi", uniffi(default))]
    pub limit: Option<u32>,
}

/// The validated plain fields of an activity (everything but relations, owner and status).
#[derive(Debug, Clone, PartialEq)]
pub struct ActivityFields {
    pub kind: ActivityKind,
    pub subject: String,
    pub starts_at: Option<DateTime<Utc>>,
    pub duration_minutes: Option<i64>,
    pub due_date: Option<NaiveDate>,
    pub ticket_id: Option<String>,
    pub outcome: Option<String>,
    pub remind_at: Option<DateTime<Utc>>,
}

impl ActivityFields {
    /// Trims and checks every field: subject required, duration within a week, text lengths.
    #[allow(clippy::too_many_arguments)]
    pub(crate) fn validate(
        kind: ActivityKind,
        subject: &str,
        starts_at: Option<DateTime<Utc>>,
        duration_minutes: Option<i64>,
        due_date: Option<NaiveDate>,
        ticket_id: Option<&str>,
        outcome: Option<&str>,
        remind_at: Option<DateTime<Utc>>,
    ) -> DomainResult<ActivityFields> {
        let subject = text::required("subject", subject, text::NAME_MAX)?;
        if let Some(d) = duration_minutes
            && !(0..=MAX_DURATION_MINUTES).contains(&d)
        {
            return Err(DomainError::validation("duration_minutes", "must be between 0 and 10080 minutes"));
        }
        Ok(ActivityFields {
            kind,
            subject,
            starts_at,
            duration_minutes,
            due_date,
            ticket_id: text::optional("ticket_id", ticket_id, text::SHORT_MAX)?,
            outcome: text::optional("outcome", outcome, text::LONG_TEXT_MAX)?,
            remind_at,
        })
    }

    pub(crate) fn of_draft(d: &ActivityDraft) -> DomainResult<ActivityFields> {
        ActivityFields::validate(
            d.kind,
            &d.subject,
            d.starts_at,
            d.duration_minutes,
            d.due_date,
            d.ticket_id.as_deref(),
            d.outcome.as_deref(),
            d.remind_at,
        )
    }

    /// The fields of `a` with `p` applied (then validated).
    pub(crate) fn patched(a: &Activity, p: &ActivityPatch) -> DomainResult<ActivityFields> {
        let pick = |patch: &Patch<String>, old: &Option<String>| match patch {
            Some(v) => v.clone(),
            None => old.clone(),
        };
        let ticket = pick(&p.ticket_id, &a.ticket_id);
        let outcome = pick(&p.outcome, &a.outcome);
        ActivityFields::validate(
            p.kind.unwrap_or(a.kind),
            p.subject.as_deref().unwrap_or(&a.subject),
            p.starts_at.unwrap_or(a.starts_at),
            p.duration_minutes.unwrap_or(a.duration_minutes),
            p.due_date.unwrap_or(a.due_date),
            ticket.as_deref(),
            outcome.as_deref(),
            p.remind_at.unwrap_or(a.remind_at),
        )
    }

    /// Copies these fields into `a`.
    pub(crate) fn apply_to(self, a: &mut Activity) {
        a.kind = self.kind;
        a.subject = self.subject;
        a.starts_at = self.starts_at;
        a.duration_minutes = self.duration_minutes;
        a.due_date = self.due_date;
        a.ticket_id = self.ticket_id;
        a.outcome = self.outcome;
        a.remind_at = self.remind_at;
    }
}

/// The customer an activity belongs to, given the customer named directly and
/// the customers of the named contact and opportunity: the direct one, else
/// the contact's, else the opportunity's. All that are given must agree
/// (errors on `contact_id` or `opportunity_id`).
pub(crate) fn related_customer(
    customer_id: Option<&str>,
    contact_customer: Option<&str>,
    opportunity_customer: Option<&str>,
) -> DomainResult<Option<String>> {
    let customer = customer_id.or(contact_customer).or(opportunity_customer);
    if let (Some(c), Some(cc)) = (customer, contact_customer)
        && c != cc
    {
        return Err(DomainError::validation("contact_id", "the contact belongs to another customer"));
    }
    if let (Some(c), Some(oc)) = (customer, opportunity_customer)
        && c != oc
    {
        return Err(DomainError::validation("opportunity_id", "the opportunity belongs to another customer"));
    }
    Ok(customer.map(str::to_string))
}

impl Activity {
    /// The instant a done activity counts as contact with its customer (ACT-1):
    /// its start, or its completion when it has no start. `None` unless done.
    pub(crate) fn contact_time(&self) -> Option<DateTime<Utc>> {
        match self.status {
            ActivityStatus::Done => self.starts_at.or(self.completed_at),
            _ => None,
        }
    }

    /// Moves the activity to `to` (ERP upserts and the complete/cancel methods):
    /// only `planned -> done` and `planned -> cancelled`; staying put is allowed.
    /// Completion records `at` as the completion time.
    pub(crate) fn transition_to(&mut self, to: ActivityStatus, at: DateTime<Utc>) -> DomainResult<()> {
        if to == self.status {
            return Ok(());
        }
        match (self.status, to) {
            (ActivityStatus::Planned, ActivityStatus::Done) => {
                self.status = ActivityStatus::Done;
                self.completed_at = Some(at);
                Ok(())
            }
            (ActivityStatus::Planned, ActivityStatus::Cancelled) => {
                self.status = ActivityStatus::Cancelled;
                Ok(())
            }
            (from, to) => {
                Err(DomainError::invalid_state(format!("a {} activity cannot become {}", from.as_str(), to.as_str())))
            }
        }
    }

    /// Completes a planned activity at `at` with an optional outcome (a given
    /// outcome replaces the old one). Anything but `planned` is `invalid_state`.
    pub(crate) fn complete(&mut self, at: DateTime<Utc>, outcome: Option<String>) -> DomainResult<()> {
        if self.status != ActivityStatus::Planned {
            return Err(DomainError::invalid_state(format!(
                "only a planned activity can be completed; this one is {}",
                self.status.as_str()
            )));
        }
        self.transition_to(ActivityStatus::Done, at)?;
        if outcome.is_some() {
            self.outcome = outcome;
        }
        Ok(())
    }

    /// Cancels a planned activity. Anything but `planned` is `invalid_state`.
    pub(crate) fn cancel(&mut self, at: DateTime<Utc>) -> DomainResult<()> {
        if self.status != ActivityStatus::Planned {
            return Err(DomainError::invalid_state(format!(
                "only a planned activity can be cancelled; this one is {}",
                self.status.as_str()
            )));
        }
        self.transition_to(ActivityStatus::Cancelled, at)
    }

    /// Refuses changes to an archived activity.
    pub(crate) fn require_live(&self) -> DomainResult<()> {
        if self.archived_at.is_some() {
            Err(DomainError::invalid_state("the activity is archived; restore it first"))
        } else {
            Ok(())
        }
    }
}

/// ACT-1: the customer's new last-contact time after a contact at `at`, or
/// `None` when it does not move (it only ever moves forward).
pub(crate) fn advanced_last_contact(existing: Option<DateTime<Utc>>, at: DateTime<Utc>) -> Option<DateTime<Utc>> {
    match existing {
        Some(e) if e >= at => None,
        _ => Some(at),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::calendar::parse_instant;

    fn t(s: &str) -> DateTime<Utc> {
        parse_instant("t", s).unwrap()
    }

    fn activity(kind: ActivityKind, status: ActivityStatus) -> Activity {
        Activity {
            id: "a1".into(),
            kind,
            subject: "Call back".into(),
            starts_at: None,
            duration_minutes: None,
            due_date: None,
            customer_id: Some("c1".into()),
            contact_id: None,
            opportunity_id: None,
            ticket_id: None,
            owner_id: "u1".into(),
            status,
            outcome: None,
            remind_at: None,
            completed_at: None,
            custom: Map::new(),
            external_ref: None,
            created_by: None,
            created_at: t("2026-03-01T00:00:00Z"),
            updated_at: t("2026-03-01T00:00:00Z"),
            archived_at: None,
        }
    }

    #[test]
    fn act_1_kinds_and_statuses_round_trip() {
        for k in ActivityKind::ALL {
            assert_eq!(ActivityKind::parse(k.as_str()), Some(k));
        }
        for s in ActivityStatus::ALL {
            assert_eq!(ActivityStatus::parse(s.as_str()), Some(s));
        }
        assert_eq!(ActivityKind::Note.default_status(), ActivityStatus::Done);
        assert_eq!(ActivityKind::Task.default_status(), ActivityStatus::Planned);
    }

    #[test]
    fn act_1_fields_are_validated() {
        let ok =
            ActivityFields::validate(ActivityKind::Call, "  回访客户 ", None, Some(30), None, None, Some(""), None)
                .unwrap();
        assert_eq!(ok.subject, "回访客户");
        assert_eq!(ok.outcome, None);
        let err = ActivityFields::validate(ActivityKind::Call, " ", None, None, None, None, None, None).unwrap_err();
        assert_eq!(err, DomainError::validation("subject", "is required"));
        for bad in [-1, MAX_DURATION_MINUTES + 1] {
            let err =
                ActivityFields::validate(ActivityKind::Call, "x", None, Some(bad), None, None, None, None).unwrap_err();
            assert!(matches!(err, DomainError::Validation { ref field, .. } if field == "duration_minutes"));
        }
    }

    #[test]
    fn act_1_related_customer_defaults_and_must_agree() {
        assert_eq!(related_customer(None, None, None).unwrap(), None);
        assert_eq!(related_customer(None, Some("c1"), None).unwrap().as_deref(), Some("c1"));
        assert_eq!(related_customer(None, None, Some("c2")).unwrap().as_deref(), Some("c2"));
        assert_eq!(related_customer(Some("c1"), Some("c1"), Some("c1")).unwrap().as_deref(), Some("c1"));
        let err = related_customer(Some("c1"), Some("c2"), None).unwrap_err();
        assert!(matches!(err, DomainError::Validation { ref field, .. } if field == "contact_id"));
        let err = related_customer(Some("c1"), None, Some("c2")).unwrap_err();
        assert!(matches!(err, DomainError::Validation { ref field, .. } if field == "opportunity_id"));
        let err = related_customer(None, Some("c1"), Some("c2")).unwrap_err();
        assert!(matches!(err, DomainError::Validation { ref field, .. } if field == "opportunity_id"));
    }

    #[test]
    fn act_1_complete_and_cancel_only_from_planned() {
        let mut a = activity(ActivityKind::Call, ActivityStatus::Planned);
        a.complete(t("2026-03-02T10:00:00Z"), Some("Interested".into())).unwrap();
        assert_eq!(a.status, ActivityStatus::Done);
        assert_eq!(a.completed_at, Some(t("2026-03-02T10:00:00Z")));
        assert_eq!(a.outcome.as_deref(), Some("Interested"));
        assert!(matches!(a.complete(t("2026-03-02T11:00:00Z"), None), Err(DomainError::InvalidState(_))));
        assert!(matches!(a.cancel(t("2026-03-02T11:00:00Z")), Err(DomainError::InvalidState(_))));

        let mut b = activity(ActivityKind::Task, ActivityStatus::Planned);
        b.cancel(t("2026-03-02T10:00:00Z")).unwrap();
        assert_eq!(b.status, ActivityStatus::Cancelled);
        assert_eq!(b.completed_at, None);
        assert!(b.complete(t("2026-03-02T10:00:00Z"), None).is_err());
        assert!(b.transition_to(ActivityStatus::Planned, t("2026-03-02T10:00:00Z")).is_err());
        assert!(b.transition_to(ActivityStatus::Cancelled, t("2026-03-02T10:00:00Z")).is_ok());
    }

    #[test]
    fn act_1_contact_time_is_start_else_completion_and_only_when_done() {
        let mut a = activity(ActivityKind::Visit, ActivityStatus::Planned);
        a.starts_at = Some(t("2026-03-01T08:00:00Z"));
        assert_eq!(a.contact_time(), None);
        a.complete(t("2026-03-02T10:00:00Z"), None).unwrap();
        assert_eq!(a.contact_time(), Some(t("2026-03-01T08:00:00Z")));
        a.starts_at = None;
        assert_eq!(a.contact_time(), Some(t("2026-03-02T10:00:00Z")));
    }

    #[test]
    fn act_1_last_contact_only_moves_forward() {
        let at = t("2026-03-02T10:00:00Z");
        assert_eq!(advanced_last_contact(None, at), Some(at));
        assert_eq!(advanced_last_contact(Some(t("2026-03-01T10:00:00Z")), at), Some(at));
        assert_eq!(advanced_last_contact(Some(at), at), None);
        assert_eq!(advanced_last_contact(Some(t("2026-03-03T10:00:00Z")), at), None);
    }
}
