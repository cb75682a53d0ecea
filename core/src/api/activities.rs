//! Activity methods (ACT-1) and the day agenda (ACT-4).
//!
//! Activities (ACT-1) and the agenda (ACT-4).

use super::method::methods;
pub use crate::domain::activity::{
    Activity, ActivityDraft, ActivityKind, ActivityListRequest, ActivityPatch, ActivityStatus, CompleteRequest,
};
pub use crate::domain::agenda::{AgendaDay, AgendaRequest};
pub use crate::domain::alerts::{AlertKind, AlertSettings, CustomerAlert};
use crate::domain::common::{BatchRequest, BatchResult, IdRequest, Page};

methods! {
    /// Logs or plans an activity (call, visit, meeting, email, task, note). A done one moves its customer's last contact forward; a known `external_ref` updates that activity instead.
    "activities.create" => create_activity(ActivityDraft) -> Activity,
        example r#"{"kind": "visit", "subject": "拜访华南贸易，演示新产品", "starts_at": "2026-03-03T02:00:00Z", "duration_minutes": 90, "customer_id": "0190a8b2-7c1e-7000-8000-000000000003", "contact_id": "0190a8b2-7c1e-7000-8000-000000000004", "remind_at": "2026-03-03T01:30:00Z"}"#;
    /// Changes an activity's fields, related records or owner; `null` clears a field. Status changes use complete or cancel.
    "activities.update" => update_activity(ActivityPatch) -> Activity,
        example r#"{"id": "0190a8b2-7c1e-7000-8000-000000000005", "starts_at": "2026-03-04T06:00:00Z", "remind_at": null}"#;
    /// One activity.
    "activities.get" => activity(IdRequest) -> Activity,
        example r#"{"id": "0190a8b2-7c1e-7000-8000-000000000005"}"#;
    /// Completes a planned activity (at `completed_at`, default now) with an optional outcome; moves the customer's last contact forward.
    "activities.complete" => complete_activity(CompleteRequest) -> Activity,
        example r#"{"id": "0190a8b2-7c1e-7000-8000-000000000005", "outcome": "客户同意下周报价"}"#;
    /// Cancels a planned activity.
    "activities.cancel" => cancel_activity(IdRequest) -> Activity,
        example r#"{"id": "0190a8b2-7c1e-7000-8000-000000000005"}"#;
    /// Activities in scope (own, or of a visible customer), filtered by owner, customer, opportunity, kind, status and start time; paged by cursor.
    "activities.list" => list_activities(ActivityListRequest) -> Page<Activity>,
        example r#"{"customer_id": "0190a8b2-7c1e-7000-8000-000000000003", "status": "done", "from": "2026-03-01T00:00:00Z", "limit": 20}"#;
    /// Archives an activity (hidden from lists and the agenda, restorable).
    "activities.archive" => archive_activity(IdRequest) -> Activity,
        example r#"{"id": "0190a8b2-7c1e-7000-8000-000000000005"}"#;
    /// Restores an archived activity.
    "activities.restore" => restore_activity(IdRequest) -> Activity,
        example r#"{"id": "0190a8b2-7c1e-7000-8000-000000000005"}"#;
    /// Creates or upserts (by `external_ref`) many activities at once; items may name the customer by `customer_external_ref`.
    "activities.batch" => batch_activities(BatchRequest<ActivityDraft>) -> BatchResult,
        example r#"{"mode": "skip_invalid", "items": [{"kind": "call", "subject": "回款提醒", "status": "done", "starts_at": "2026-03-01T03:00:00Z", "customer_external_ref": "ERP-C-1001", "external_ref": "ERP-A-501"}]}"#;
    /// A user's agenda for a local day: planned activities, overdue tasks, reminders due, and the CUS-8 alerts on their own customers.
    "agenda.day" => agenda_day(AgendaRequest) -> AgendaDay,
        example r#"{"user_id": "0190a8b2-7c1e-7000-8000-000000000002", "date": "2026-03-03"}"#;
    /// Sets the thresholds of the agenda's customer alerts (admin or system): days without activity, days without an order (transaction customers), days ahead for birthdays.
    "alerts.configure" => configure_alerts(AlertSettings) -> AlertSettings,
        example r#"{"no_activity_days": 30, "no_order_days": 90, "birthday_days": 7}"#;
    /// The thresholds of the customer alerts.
    "alerts.get" => alert_settings() -> AlertSettings,
        example r#"{}"#;
}
