//! The audit log: appending entries (with change sequence number and HLC) and reading a record's history.

use chrono::{DateTime, Utc};
use rusqlite::{OptionalExtension, params};
use serde_json::{Map, Value};

use super::db::Tx;
use super::error::StorageResult;
use super::row;
use crate::domain::audit::AuditEntry;

impl Tx<'_> {
    #[allow(clippy::too_many_arguments)]
    pub(crate) fn append_audit(
        &self,
        hlc: &str,
        at: DateTime<Utc>,
        actor_id: Option<&str>,
        entity: &str,
        entity_id: &str,
        action: &str,
        changes: &Map<String, Value>,
    ) -> StorageResult<i64> {
        self.conn
            .prepare_cached(
                "INSERT INTO audit_log (hlc, at, actor_id, entity, entity_id, action, changes) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
            )?
            .execute(params![hlc, row::instant(at), actor_id, entity, entity_id, action, row::json(changes)])?;
        Ok(self.conn.last_insert_rowid())
    }

    /// The HLC of the newest audit entry, to resume the clock after a restart.
    pub(crate) fn last_hlc(&self) -> StorageResult<Option<String>> {
        Ok(self
            .conn
            .prepare_cached("SELECT hlc FROM audit_log ORDER BY seq DESC LIMIT 1")?
            .query_row([], |r| r.get(0))
            .optional()?)
    }

    /// Every audit entry of one record, oldest first.
    pub(crate) fn audit_history(&self, entity: &str, entity_id: &str) -> StorageResult<Vec<AuditEntry>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT seq, hlc, at, actor_id, entity, entity_id, action, changes FROM audit_log
             WHERE entity = ?1 AND entity_id = ?2 ORDER BY seq",
        )?;
        let rows = stmt.query_map([entity, entity_id], |r| {
            Ok(AuditEntry {
                seq: r.get(0)?,
                hlc: r.get(1)?,
                at: row::get_instant(r, 2)?,
                actor: r.get::<_, Option<String>>(3)?.unwrap_or_else(|| "system".into()),
                entity: r.get(4)?,
                entity_id: r.get(5)?,
                action: r.get(6)?,
                changes: row::get_json(r, 7)?,
                withheld: Vec::new(),
            })
        })?;
        Ok(rows.collect::<Result<_, _>>()?)
    }
}
