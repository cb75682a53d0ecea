//! Activities: queries.
//!
//! Rows of `activities`, the scoped list, the agenda's candidates, and the
//! customer's `last_contact_at` that done activities move forward (ACT-1).

use chrono::{DateTime, NaiveDate, Utc};
use rusqlite::types::Value as SqlValue;
use rusqlite::{OptionalExtension, Row, params, params_from_iter};

use super::db::Tx;
use super::error::StorageResult;
use super::row;
use super::row_writer::Columns;
use super::scope::ListScope;
use crate::domain::activity::{Activity, ActivityKind, ActivityStatus};
use crate::domain::entity::Entity;

const COLS: &str = "id, kind, subject, starts_at, duration_minutes, due_date, customer_id, contact_id, opportunity_id,
    ticket_id, owner_id, status, outcome, remind_at, completed_at, custom, external_ref, created_by, created_at,
    updated_at, archived_at";

fn activity_row(r: &Row<'_>) -> rusqlite::Result<Activity> {
    Ok(Activity {
        id: r.get(0)?,
        kind: row::get_enum(r, 1, ActivityKind::parse)?,
        subject: r.get(2)?,
        starts_at: row::get_opt_instant(r, 3)?,
        duration_minutes: r.get(4)?,
        due_date: row::get_opt_date(r, 5)?,
        customer_id: r.get(6)?,
        contact_id: r.get(7)?,
        opportunity_id: r.get(8)?,
        ticket_id: r.get(9)?,
        owner_id: r.get::<_, Option<String>>(10)?.unwrap_or_default(),
        status: row::get_enum(r, 11, ActivityStatus::parse)?,
        outcome: r.get(12)?,
        remind_at: row::get_opt_instant(r, 13)?,
        completed_at: row::get_opt_instant(r, 14)?,
        custom: row::get_json(r, 15)?,
        external_ref: r.get(16)?,
        created_by: r.get(17)?,
        created_at: row::get_instant(r, 18)?,
        updated_at: row::get_instant(r, 19)?,
        archived_at: row::get_opt_instant(r, 20)?,
    })
}

/// Prefixes every column of [`COLS`] with `alias.`.
fn cols_of(alias: &str) -> String {
    COLS.split(',').map(|c| format!("{alias}.{}", c.trim())).collect::<Vec<_>>().join(", ")
}

/// Which activities a page holds, besides the actor's scope (the engine builds it from the list request).
#[derive(Debug, Clone, Default)]
pub(crate) struct ActivityFilter<'a> {
    pub owner_id: Option<&'a str>,
    pub customer_id: Option<&'a str>,
    pub opportunity_id: Option<&'a str>,
    pub kind: Option<ActivityKind>,
    pub status: Option<ActivityStatus>,
    /// Starting at or after this instant.
    pub from: Option<DateTime<Utc>>,
    /// Starting before this instant.
    pub to: Option<DateTime<Utc>>,
    pub include_archived: bool,
    /// Ids after this one (the page cursor).
    pub after: Option<&'a str>,
}

/// The stored columns of an activity (the order of [`COLS`]).
const ACTIVITY_COLUMNS: Columns = Columns {
    table: "activities",
    names: &[
        "id",
        "kind",
        "subject",
        "starts_at",
        "duration_minutes",
        "due_date",
        "customer_id",
        "contact_id",
        "opportunity_id",
        "ticket_id",
        "owner_id",
        "status",
        "outcome",
        "remind_at",
        "completed_at",
        "custom",
        "external_ref",
        "created_by",
        "created_at",
        "updated_at",
        "archived_at",
    ],
};

/// An activity's values in the order of [`ACTIVITY_COLUMNS`].
fn activity_values(a: &Activity) -> Vec<SqlValue> {
    vec![
        a.id.clone().into(),
        a.kind.as_str().to_string().into(),
        a.subject.clone().into(),
        row::opt_instant(a.starts_at).into(),
        a.duration_minutes.into(),
        row::opt_date(a.due_date).into(),
        a.customer_id.clone().into(),
        a.contact_id.clone().into(),
        a.opportunity_id.clone().into(),
        a.ticket_id.clone().into(),
        a.owner_id.clone().into(),
        a.status.as_str().to_string().into(),
        a.outcome.clone().into(),
        row::opt_instant(a.remind_at).into(),
        row::opt_instant(a.completed_at).into(),
        row::json(&a.custom).into(),
        a.external_ref.clone().into(),
        a.created_by.clone().into(),
        row::instant(a.created_at).into(),
        row::instant(a.updated_at).into(),
        row::opt_instant(a.archived_at).into(),
    ]
}

impl Tx<'_> {
    pub(crate) fn activity(&self, id: &str) -> StorageResult<Option<Activity>> {
        Ok(self
            .conn
            .prepare_cached(&format!("SELECT {COLS} FROM activities WHERE id = ?1"))?
            .query_row([id], activity_row)
            .optional()?)
    }

    pub(crate) fn activity_by_ref(&self, external_ref: &str) -> StorageResult<Option<Activity>> {
        Ok(self
            .conn
            .prepare_cached(&format!("SELECT {COLS} FROM activities WHERE external_ref = ?1"))?
            .query_row([external_ref], activity_row)
            .optional()?)
    }

    /// Saves an activity: inserts it (`before` is `None`), or updates the columns that changed since `before`.
    pub(crate) fn save_activity(&self, before: Option<&Activity>, a: &Activity) -> StorageResult<()> {
        match before {
            None => self.insert_row(&ACTIVITY_COLUMNS, activity_values(a)),
            Some(b) => self.update_changed(&ACTIVITY_COLUMNS, activity_values(b), activity_values(a)).map(|_| ()),
        }
    }

    /// One page of activities in scope, ordered by id, after `req.cursor`; at
    /// most `limit` rows (the caller asks for one more to see if a page follows).
    ///
    /// Scope: the activities the actor reads (owned in scope, or through a customer they read).
    pub(crate) fn list_activities(
        &self,
        scope: &ListScope,
        req: &ActivityFilter<'_>,
        limit: u32,
    ) -> StorageResult<Vec<Activity>> {
        let mut params: Vec<SqlValue> = Vec::new();
        let mut clauses: Vec<String> = Vec::new();
        clauses.push(scope.filter(Entity::Activity, "a", &mut params));
        let mut eq = |col: &str, v: Option<&str>| {
            if let Some(v) = v {
                params.push(v.to_string().into());
                clauses.push(format!("{col} = ?{}", params.len()));
            }
        };
        eq("a.owner_id", req.owner_id);
        eq("a.customer_id", req.customer_id);
        eq("a.opportunity_id", req.opportunity_id);
        eq("a.kind", req.kind.map(ActivityKind::as_str));
        eq("a.status", req.status.map(ActivityStatus::as_str));
        if let Some(cursor) = req.after {
            params.push(cursor.to_string().into());
            clauses.push(format!("a.id > ?{}", params.len()));
        }
        if let Some(from) = req.from {
            params.push(row::instant(from).into());
            clauses.push(format!("a.starts_at >= ?{}", params.len()));
        }
        if let Some(to) = req.to {
            params.push(row::instant(to).into());
            clauses.push(format!("a.starts_at < ?{}", params.len()));
        }
        if !req.include_archived {
            clauses.push("a.archived_at IS NULL".into());
        }
        let filter = if clauses.is_empty() { "1".to_string() } else { clauses.join(" AND ") };
        params.push(i64::from(limit).into());
        let sql =
            format!("SELECT {} FROM activities a WHERE {filter} ORDER BY a.id LIMIT ?{}", cols_of("a"), params.len());
        let mut stmt = self.conn.prepare_cached(&sql)?;
        let rows = stmt.query_map(params_from_iter(params), activity_row)?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// The planned, live activities of `owner_id` that may belong on the agenda
    /// of a local day ending at `day_end` with date `date`: starting before the
    /// day's end, due on or before the day, or with a reminder before the
    /// day's end. The agenda rule (domain/agenda.rs) picks from these.
    pub(crate) fn agenda_candidates(
        &self,
        owner_id: &str,
        date: NaiveDate,
        day_end: DateTime<Utc>,
    ) -> StorageResult<Vec<Activity>> {
        let mut stmt = self.conn.prepare_cached(&format!(
            "SELECT {COLS} FROM activities
             WHERE owner_id = ?1 AND status = 'planned' AND archived_at IS NULL
               AND (starts_at < ?2 OR due_date <= ?3 OR remind_at < ?2)
             ORDER BY id"
        ))?;
        let rows = stmt.query_map(
            params![owner_id, row::instant(day_end), row::opt_date(Some(date)).unwrap_or_default()],
            activity_row,
        )?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// The id of the customer with this `external_ref` (ERP imports name customers by their key).
    pub(crate) fn customer_id_by_external_ref(&self, external_ref: &str) -> StorageResult<Option<String>> {
        Ok(self
            .conn
            .prepare_cached("SELECT id FROM customers WHERE external_ref = ?1")?
            .query_row([external_ref], |r| r.get(0))
            .optional()?)
    }

    /// A customer's last-contact time (`None`: never contacted, or no such customer).
    pub(crate) fn customer_last_contact(&self, customer_id: &str) -> StorageResult<Option<DateTime<Utc>>> {
        Ok(self
            .conn
            .prepare_cached("SELECT last_contact_at FROM customers WHERE id = ?1")?
            .query_row([customer_id], |r| row::get_opt_instant(r, 0))
            .optional()?
            .flatten())
    }

    /// Sets a customer's `last_contact_at` (ACT-1; the engine decides that it moves forward), stamping `updated_at`.
    pub(crate) fn set_customer_last_contact(
        &self,
        customer_id: &str,
        at: DateTime<Utc>,
        now: DateTime<Utc>,
    ) -> StorageResult<()> {
        self.conn
            .prepare_cached("UPDATE customers SET last_contact_at = ?2, updated_at = ?3 WHERE id = ?1")?
            .execute(params![customer_id, row::instant(at), row::instant(now)])?;
        Ok(())
    }
}
