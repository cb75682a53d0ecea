//! Notifications (ORG-7): inbox entries, announcements and the outbox.

use chrono::{DateTime, Utc};
use rusqlite::{OptionalExtension, Row, params};

use super::db::Tx;
use super::error::StorageResult;
use super::row;
use crate::domain::notification::{
    Announcement, Channel, InboxEntry, InboxKind, MessageStatus, Notice, OutboxMessage, RecipientKind,
};

const ENTRY_COLS: &str = "id, user_id, kind, entity, record_id, title, params, created_at, read_at";
const MESSAGE_COLS: &str = "id, channel, recipient_kind, recipient_id, address, customer_id, template_key, params,
    entity, record_id, created_by, created_at, status, taken_at, attempts, reported_at, error, activity_id";

fn entry_row(r: &Row<'_>) -> rusqlite::Result<InboxEntry> {
    Ok(InboxEntry {
        id: r.get(0)?,
        user_id: r.get(1)?,
        kind: row::get_enum(r, 2, InboxKind::parse)?,
        entity: r.get(3)?,
        record_id: r.get(4)?,
        title: r.get(5)?,
        params: row::get_json(r, 6)?,
        created_at: row::get_instant(r, 7)?,
        read_at: row::get_opt_instant(r, 8)?,
    })
}

fn message_row(r: &Row<'_>) -> rusqlite::Result<OutboxMessage> {
    Ok(OutboxMessage {
        id: r.get(0)?,
        channel: row::get_enum(r, 1, Channel::parse)?,
        recipient_kind: row::get_enum(r, 2, RecipientKind::parse)?,
        recipient_id: r.get(3)?,
        address: r.get(4)?,
        customer_id: r.get(5)?,
        template_key: r.get(6)?,
        params: row::get_json(r, 7)?,
        entity: r.get(8)?,
        record_id: r.get(9)?,
        created_by: r.get(10)?,
        created_at: row::get_instant(r, 11)?,
        status: row::get_enum(r, 12, MessageStatus::parse)?,
        taken_at: row::get_opt_instant(r, 13)?,
        attempts: r.get(14)?,
        reported_at: row::get_opt_instant(r, 15)?,
        error: r.get(16)?,
        activity_id: r.get(17)?,
    })
}

impl Tx<'_> {
    /// Adds an inbox entry; `false` when one with the same user and dedupe key exists (nothing written).
    pub(crate) fn insert_inbox_entry(&self, id: &str, n: &Notice, at: DateTime<Utc>) -> StorageResult<bool> {
        let written = self
            .conn
            .prepare_cached(
                "INSERT INTO inbox_entries (id, user_id, kind, entity, record_id, title, params, dedupe_key, created_at)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9) ON CONFLICT DO NOTHING",
            )?
            .execute(params![
                id,
                n.user_id,
                n.kind.as_str(),
                n.entity,
                n.record_id,
                n.title,
                row::json(&n.params),
                n.dedupe_key,
                row::instant(at)
            ])?;
        Ok(written == 1)
    }

    /// Up to `limit` entries of one part of a user's inbox (unread or read), newest first, after `after`
    /// (its creation time and id) when given.
    pub(crate) fn inbox_part(
        &self,
        user_id: &str,
        read: bool,
        after: Option<(&str, &str)>,
        limit: u32,
    ) -> StorageResult<Vec<InboxEntry>> {
        let (at, id) = after.unwrap_or(("\u{10ffff}", ""));
        let mut stmt = self.conn.prepare_cached(&format!(
            "SELECT {ENTRY_COLS} FROM inbox_entries
             WHERE user_id = ?1 AND (read_at IS NOT NULL) = ?2 AND (created_at < ?3 OR (created_at = ?3 AND id < ?4))
             ORDER BY created_at DESC, id DESC LIMIT ?5"
        ))?;
        let rows = stmt.query_map(params![user_id, read, at, id, limit], entry_row)?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// A user's unread entries: the count the triggers of `inbox_unread` keep.
    pub(crate) fn inbox_unread_count(&self, user_id: &str) -> StorageResult<i64> {
        Ok(self
            .conn
            .prepare_cached("SELECT unread FROM inbox_unread WHERE user_id = ?1")?
            .query_row([user_id], |r| r.get(0))
            .optional()?
            .unwrap_or(0))
    }

    /// An entry's owner and whether it is read.
    pub(crate) fn inbox_entry_owner(&self, id: &str) -> StorageResult<Option<(String, bool)>> {
        Ok(self
            .conn
            .prepare_cached("SELECT user_id, read_at IS NOT NULL FROM inbox_entries WHERE id = ?1")?
            .query_row([id], |r| Ok((r.get(0)?, r.get(1)?)))
            .optional()?)
    }

    /// Marks one entry read (if unread); whether it was.
    pub(crate) fn mark_inbox_entry_read(&self, id: &str, at: DateTime<Utc>) -> StorageResult<bool> {
        Ok(self
            .conn
            .prepare_cached("UPDATE inbox_entries SET read_at = ?2 WHERE id = ?1 AND read_at IS NULL")?
            .execute(params![id, row::instant(at)])?
            == 1)
    }

    /// The ids of a user's unread entries.
    pub(crate) fn unread_inbox_ids(&self, user_id: &str) -> StorageResult<Vec<String>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT id FROM inbox_entries WHERE user_id = ?1 AND (read_at IS NOT NULL) = 0 ORDER BY created_at, id",
        )?;
        let rows = stmt.query_map([user_id], |r| r.get(0))?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// Active users in the departments named (by path prefix when `subdepartments`), by id.
    pub(crate) fn active_users_in_departments(
        &self,
        department_ids: &[String],
        subdepartments: bool,
    ) -> StorageResult<Vec<String>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT DISTINCT u.id FROM users u JOIN departments d ON d.id = u.department_id
             JOIN departments target ON target.id IN (SELECT value FROM json_each(?1))
             WHERE u.active = 1 AND (d.id = target.id OR (?2 AND substr(d.path, 1, length(target.path)) = target.path))
             ORDER BY u.id",
        )?;
        let rows = stmt.query_map(params![row::json(&department_ids), subdepartments], |r| r.get(0))?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// Every active user, by id.
    pub(crate) fn active_user_ids(&self) -> StorageResult<Vec<String>> {
        let mut stmt = self.conn.prepare_cached("SELECT id FROM users WHERE active = 1 ORDER BY id")?;
        let rows = stmt.query_map([], |r| r.get(0))?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// Planned activities of active owners whose reminder time lies in `(from, to]`: (id, owner, subject,
    /// customer id, remind_at).
    pub(crate) fn due_reminders(
        &self,
        owner_id: Option<&str>,
        from: DateTime<Utc>,
        to: DateTime<Utc>,
    ) -> StorageResult<Vec<DueReminder>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT a.id, a.owner_id, a.subject, a.customer_id, a.remind_at FROM activities a
             JOIN users u ON u.id = a.owner_id AND u.active = 1
             WHERE a.status = 'planned' AND a.archived_at IS NULL AND a.remind_at > ?2 AND a.remind_at <= ?3
               AND (?1 IS NULL OR a.owner_id = ?1)
             ORDER BY a.remind_at, a.id",
        )?;
        let rows = stmt.query_map(params![owner_id, row::instant(from), row::instant(to)], |r| {
            Ok(DueReminder {
                activity_id: r.get(0)?,
                owner_id: r.get(1)?,
                subject: r.get(2)?,
                customer_id: r.get(3)?,
                remind_at: row::get_instant(r, 4)?,
            })
        })?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    pub(crate) fn insert_announcement(&self, a: &Announcement) -> StorageResult<()> {
        self.conn
            .prepare_cached(
                "INSERT INTO announcements (id, author_id, title, body, department_ids, subdepartments, recipients, created_at)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
            )?
            .execute(params![
                a.id,
                a.author_id,
                a.title,
                a.body,
                row::json(&a.department_ids),
                a.include_subdepartments,
                a.recipients,
                row::instant(a.created_at)
            ])?;
        Ok(())
    }

    /// Queues a message; `false` when one with the same dedupe key exists (nothing written).
    pub(crate) fn insert_outbox_message(&self, m: &OutboxMessage, dedupe_key: Option<&str>) -> StorageResult<bool> {
        let written = self
            .conn
            .prepare_cached(
                "INSERT INTO outbox_messages (id, channel, recipient_kind, recipient_id, address, customer_id,
                   template_key, params, entity, record_id, dedupe_key, created_by, created_at, status)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, 'pending') ON CONFLICT DO NOTHING",
            )?
            .execute(params![
                m.id,
                m.channel.as_str(),
                m.recipient_kind.as_str(),
                m.recipient_id,
                m.address,
                m.customer_id,
                m.template_key,
                row::json(&m.params),
                m.entity,
                m.record_id,
                dedupe_key,
                m.created_by,
                row::instant(m.created_at)
            ])?;
        Ok(written == 1)
    }

    pub(crate) fn outbox_message(&self, id: &str) -> StorageResult<Option<OutboxMessage>> {
        Ok(self
            .conn
            .prepare_cached(&format!("SELECT {MESSAGE_COLS} FROM outbox_messages WHERE id = ?1"))?
            .query_row([id], message_row)
            .optional()?)
    }

    /// Pending messages free to take at `now` (never taken, or taken before `lease_ends_before`), oldest
    /// first; marks them taken at `now`.
    pub(crate) fn take_outbox_messages(
        &self,
        channel: Option<Channel>,
        now: DateTime<Utc>,
        lease_ends_before: DateTime<Utc>,
        limit: u32,
    ) -> StorageResult<Vec<OutboxMessage>> {
        let mut stmt = self.conn.prepare_cached(&format!(
            "SELECT {MESSAGE_COLS} FROM outbox_messages
             WHERE status = 'pending' AND (taken_at IS NULL OR taken_at <= ?2) AND (?1 IS NULL OR channel = ?1)
             ORDER BY created_at, id LIMIT ?3"
        ))?;
        let rows =
            stmt.query_map(params![channel.map(Channel::as_str), row::instant(lease_ends_before), limit], message_row)?;
        let mut taken: Vec<OutboxMessage> = rows.collect::<Result<_, _>>()?;
        let mut mark = self
            .conn
            .prepare_cached("UPDATE outbox_messages SET taken_at = ?2, attempts = attempts + 1 WHERE id = ?1")?;
        for m in &mut taken {
            mark.execute(params![m.id, row::instant(now)])?;
            m.taken_at = Some(now);
            m.attempts += 1;
        }
        Ok(taken)
    }

    /// Records the reported outcome of a message.
    pub(crate) fn save_outbox_report(&self, m: &OutboxMessage) -> StorageResult<()> {
        self.conn
            .prepare_cached(
                "UPDATE outbox_messages SET status = ?2, reported_at = ?3, error = ?4, activity_id = ?5 WHERE id = ?1",
            )?
            .execute(params![m.id, m.status.as_str(), row::opt_instant(m.reported_at), m.error, m.activity_id])?;
        Ok(())
    }

    /// Messages by status, oldest first, after the message `after` (by creation time and id).
    pub(crate) fn outbox_page(
        &self,
        status: Option<MessageStatus>,
        after: Option<(&str, &str)>,
        limit: u32,
    ) -> StorageResult<Vec<OutboxMessage>> {
        let (at, id) = after.unwrap_or(("", ""));
        let mut stmt = self.conn.prepare_cached(&format!(
            "SELECT {MESSAGE_COLS} FROM outbox_messages
             WHERE (?1 IS NULL OR status = ?1) AND (created_at > ?2 OR (created_at = ?2 AND id > ?3))
             ORDER BY created_at, id LIMIT ?4"
        ))?;
        let rows = stmt.query_map(params![status.map(MessageStatus::as_str), at, id, limit], message_row)?;
        Ok(rows.collect::<Result<_, _>>()?)
    }
}

/// An activity whose reminder came due.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct DueReminder {
    pub activity_id: String,
    pub owner_id: String,
    pub subject: String,
    pub customer_id: Option<String>,
    pub remind_at: DateTime<Utc>,
}
