//! A user's agenda for a day (ACT-4): planned activities, overdue tasks, reminders due.
//!
//! The day is a calendar date in the organisation's UTC offset. Only planned,
//! non-archived activities appear:
//! - `planned`: those starting within the local day (by start time), then
//!   those without a start whose due date is that day;
//! - `overdue_tasks`: those whose due date (or, without one, the local date of
//!   their start) is before that day, oldest first (timed before untimed);
//! - `reminders`: those whose reminder time falls within the day or earlier,
//!   by reminder time.
//!
//! The lists are independent: an activity starting today with an earlier due
//! date is both planned and overdue.

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

use super::activity::{Activity, ActivityStatus};
use super::calendar;
use super::sort;

/// Whose agenda, for which day.
#[derive(Debug, Clone, Default, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
#[serde(deny_unknown_fields, default)]
pub struct AgendaRequest {
    /// Defaults to the acting user. Another user's agenda needs that user's records in scope.
    #[cfg_attr(feature = "uniffi", uniffi(default))]
    pub user_id: Option<String>,
    /// Calendar date; defaults to today in the organisation's UTC offset.
    #[cfg_attr(feature = "uniffi", uniffi(default))]
    pub date: Option<NaiveDate>,
}

/// One user's day.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
pub struct AgendaDay {
    pub user_id: String,
    pub date: NaiveDate,
    pub planned: Vec<Activity>,
    pub overdue_tasks: Vec<Activity>,
    pub reminders: Vec<Activity>,
    /// The customer alerts of CUS-8 on the user's own customers: no activity for N days, no order
    /// for M days, overdue receivables, contact birthdays within K days, opportunities past their
    /// expected close (thresholds: `alerts.configure`).
    pub alerts: Vec<super::alerts::CustomerAlert>,
}

/// The three activity lists of an agenda.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct AgendaLists {
    pub planned: Vec<Activity>,
    pub overdue_tasks: Vec<Activity>,
    pub reminders: Vec<Activity>,
}

/// The date an activity is due: its due date, else the local date of its start.
pub(crate) fn due_on(a: &Activity, utc_offset_minutes: i32) -> Option<NaiveDate> {
    a.due_date.or_else(|| a.starts_at.map(|s| calendar::local_date(s, utc_offset_minutes)))
}

/// Sorts `candidates` (any superset of the user's activities) into the agenda of local `date`.
pub(crate) fn select(candidates: &[Activity], date: NaiveDate, utc_offset_minutes: i32) -> AgendaLists {
    let (start, end) = calendar::local_day_bounds(date, utc_offset_minutes);
    let live = || candidates.iter().filter(|a| a.status == ActivityStatus::Planned && a.archived_at.is_none());
    let within = |t: DateTime<Utc>| start <= t && t < end;

    let mut planned: Vec<&Activity> = live()
        .filter(|a| match a.starts_at {
            Some(s) => within(s),
            None => a.due_date == Some(date),
        })
        .collect();
    // Timed activities by start, then untimed ones due that day; ties by id.
    sort::sort_by(&mut planned, |a, b| {
        (a.starts_at.is_none(), a.starts_at, &a.id).cmp(&(b.starts_at.is_none(), b.starts_at, &b.id))
    });

    let mut overdue: Vec<(&Activity, NaiveDate)> =
        live().filter_map(|a| due_on(a, utc_offset_minutes).filter(|d| *d < date).map(|d| (a, d))).collect();
    sort::sort_by(&mut overdue, |(a, da), (b, db)| {
        (da, a.starts_at.is_none(), a.starts_at, &a.id).cmp(&(db, b.starts_at.is_none(), b.starts_at, &b.id))
    });

    let mut reminders: Vec<(&Activity, DateTime<Utc>)> =
        live().filter_map(|a| a.remind_at.filter(|r| *r < end).map(|r| (a, r))).collect();
    sort::sort_by(&mut reminders, |(a, ra), (b, rb)| (ra, &a.id).cmp(&(rb, &b.id)));

    AgendaLists {
        planned: planned.into_iter().cloned().collect(),
        overdue_tasks: overdue.into_iter().map(|(a, _)| a.clone()).collect(),
        reminders: reminders.into_iter().map(|(a, _)| a.clone()).collect(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::activity::ActivityKind;
    use crate::domain::calendar::{parse_date, parse_instant};
    use serde_json::Map;

    fn t(s: &str) -> DateTime<Utc> {
        parse_instant("t", s).unwrap()
    }

    fn d(s: &str) -> NaiveDate {
        parse_date("d", s).unwrap()
    }

    fn act(id: &str, starts_at: Option<&str>, due: Option<&str>, remind: Option<&str>) -> Activity {
        Activity {
            id: id.into(),
            kind: if starts_at.is_some() { ActivityKind::Visit } else { ActivityKind::Task },
            subject: id.into(),
            starts_at: starts_at.map(t),
            duration_minutes: None,
            due_date: due.map(d),
            customer_id: None,
            contact_id: None,
            opportunity_id: None,
            ticket_id: None,
            owner_id: "u1".into(),
            status: ActivityStatus::Planned,
            outcome: None,
            remind_at: remind.map(t),
            completed_at: None,
            custom: Map::new(),
            external_ref: None,
            created_by: None,
            created_at: t("2026-03-01T00:00:00Z"),
            updated_at: t("2026-03-01T00:00:00Z"),
            archived_at: None,
        }
    }

    fn ids(list: &[Activity]) -> Vec<&str> {
        list.iter().map(|a| a.id.as_str()).collect()
    }

    #[test]
    fn act_4_planned_uses_the_local_day() {
        // UTC+8: 2026-03-03 local is [2026-03-02T16:00Z, 2026-03-03T16:00Z).
        let all = vec![
            act("late", Some("2026-03-03T09:00:00Z"), None, None),
            act("early", Some("2026-03-02T17:00:00Z"), None, None),
            act("before", Some("2026-03-02T15:59:59Z"), None, None),
            act("after", Some("2026-03-03T16:00:00Z"), None, None),
            act("due_today", None, Some("2026-03-03"), None),
        ];
        let lists = select(&all, d("2026-03-03"), 480);
        assert_eq!(ids(&lists.planned), ["early", "late", "due_today"]);
        assert_eq!(ids(&lists.overdue_tasks), ["before"]);
        assert!(lists.reminders.is_empty());
    }

    #[test]
    fn act_4_overdue_by_due_date_else_start_date() {
        let all = vec![
            act("due_yesterday", None, Some("2026-03-02"), None),
            act("due_long_ago", None, Some("2026-02-01"), None),
            act("started_yesterday", Some("2026-03-02T02:00:00Z"), None, None),
            act("due_tomorrow", Some("2026-03-01T02:00:00Z"), Some("2026-03-04"), None),
            act("no_dates", None, None, None),
        ];
        let lists = select(&all, d("2026-03-03"), 480);
        assert_eq!(ids(&lists.overdue_tasks), ["due_long_ago", "started_yesterday", "due_yesterday"]);
        assert!(lists.planned.is_empty());
    }

    #[test]
    fn act_4_reminders_due_within_the_day_or_earlier() {
        let all = vec![
            act("today", None, None, Some("2026-03-03T01:00:00Z")),
            act("earlier", None, None, Some("2026-02-20T01:00:00Z")),
            act("tomorrow", None, None, Some("2026-03-03T16:00:00Z")),
        ];
        let lists = select(&all, d("2026-03-03"), 480);
        assert_eq!(ids(&lists.reminders), ["earlier", "today"]);
    }

    #[test]
    fn act_4_only_planned_live_activities() {
        let mut done = act("done", Some("2026-03-03T01:00:00Z"), None, Some("2026-03-03T01:00:00Z"));
        done.status = ActivityStatus::Done;
        let mut cancelled = act("cancelled", None, Some("2026-03-01"), None);
        cancelled.status = ActivityStatus::Cancelled;
        let mut archived = act("archived", Some("2026-03-03T01:00:00Z"), None, None);
        archived.archived_at = Some(t("2026-03-02T00:00:00Z"));
        let lists = select(&[done, cancelled, archived], d("2026-03-03"), 480);
        assert_eq!(lists, AgendaLists::default());
    }
}
