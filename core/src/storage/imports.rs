//! Imports (LIFE-1): the record of each import with its counts, and what each record it wrote was before.

use chrono::{DateTime, Utc};
use rusqlite::{OptionalExtension, Row, params};

use super::db::Tx;
use super::error::StorageResult;
use super::row::{get_enum, get_instant, get_opt_instant, instant, opt_instant};
use crate::domain::common::BatchMode;
use crate::domain::import::{DuplicatePolicy, ImportFormat, ImportKind, ImportRecord};

const COLUMNS: &str = "id, entity, format, source, duplicates, mode, actor_id, created_at, rows, created, updated, \
                       skipped, rejected, reverted_at, reverted_by";

fn import_record(r: &Row<'_>) -> rusqlite::Result<ImportRecord> {
    let count = |i: usize| r.get::<_, i64>(i).map(|n| u64::try_from(n).unwrap_or(0));
    Ok(ImportRecord {
        id: r.get(0)?,
        entity: get_enum(r, 1, ImportKind::parse)?,
        format: get_enum(r, 2, ImportFormat::parse)?,
        source: r.get(3)?,
        duplicates: get_enum(r, 4, DuplicatePolicy::parse)?,
        mode: get_enum(r, 5, BatchMode::parse)?,
        actor_id: r.get(6)?,
        created_at: get_instant(r, 7)?,
        rows: count(8)?,
        created: count(9)?,
        updated: count(10)?,
        skipped: count(11)?,
        rejected: count(12)?,
        reverted_at: get_opt_instant(r, 13)?,
        reverted_by: r.get(14)?,
    })
}

fn signed(n: u64) -> i64 {
    i64::try_from(n).unwrap_or(i64::MAX)
}

impl Tx<'_> {
    pub(crate) fn insert_import(&self, i: &ImportRecord) -> StorageResult<()> {
        self.conn.prepare_cached(&format!("INSERT INTO imports ({COLUMNS}) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15)"))?.execute(params![
            i.id,
            i.entity.as_str(),
            i.format.as_str(),
            i.source,
            i.duplicates.as_str(),
            i.mode.as_str(),
            i.actor_id,
            instant(i.created_at),
            signed(i.rows),
            signed(i.created),
            signed(i.updated),
            signed(i.skipped),
            signed(i.rejected),
            opt_instant(i.reverted_at),
            i.reverted_by,
        ])?;
        Ok(())
    }

    pub(crate) fn import(&self, id: &str) -> StorageResult<Option<ImportRecord>> {
        Ok(self
            .conn
            .prepare_cached(&format!("SELECT {COLUMNS} FROM imports WHERE id = ?1"))?
            .query_row([id], import_record)
            .optional()?)
    }

    /// Imports newest first, after the cursor `(created_at, id)` of the previous page's last one.
    pub(crate) fn imports_page(
        &self,
        entity: Option<ImportKind>,
        after: Option<(&str, &str)>,
        limit: u32,
    ) -> StorageResult<Vec<ImportRecord>> {
        let (at, id) = after.unwrap_or(("9999", ""));
        let sql = format!(
            "SELECT {COLUMNS} FROM imports WHERE (?1 IS NULL OR entity = ?1) AND (created_at, id) < (?2, ?3) \
             ORDER BY created_at DESC, id DESC LIMIT ?4"
        );
        let rows = self
            .conn
            .prepare_cached(&sql)?
            .query_map(params![entity.map(ImportKind::as_str), at, id, i64::from(limit) + 1], import_record)?
            .collect::<Result<_, _>>()?;
        Ok(rows)
    }

    /// The counts of an import that finished.
    pub(crate) fn finish_import(
        &self,
        id: &str,
        rows: u64,
        created: u64,
        updated: u64,
        skipped: u64,
        rejected: u64,
    ) -> StorageResult<()> {
        self.conn
            .prepare_cached(
                "UPDATE imports SET rows = ?2, created = ?3, updated = ?4, skipped = ?5, rejected = ?6 WHERE id = ?1",
            )?
            .execute(params![id, signed(rows), signed(created), signed(updated), signed(skipped), signed(rejected)])?;
        Ok(())
    }

    pub(crate) fn set_import_reverted(&self, id: &str, at: DateTime<Utc>, by: Option<&str>) -> StorageResult<()> {
        self.conn
            .prepare_cached("UPDATE imports SET reverted_at = ?2, reverted_by = ?3 WHERE id = ?1")?
            .execute(params![id, instant(at), by])?;
        Ok(())
    }

    /// Records a record the import wrote: `before` is its JSON before the import (None: created by it).
    pub(crate) fn insert_import_item(
        &self,
        import_id: &str,
        record_id: &str,
        before: Option<&str>,
        written_at: DateTime<Utc>,
    ) -> StorageResult<()> {
        // A record written twice by one import (two rows with one key) keeps what it was before the first.
        self.conn
            .prepare_cached(
                "INSERT INTO import_items (import_id, record_id, before, written_at) VALUES (?1, ?2, ?3, ?4) \
                 ON CONFLICT (import_id, record_id) DO UPDATE SET written_at = excluded.written_at",
            )?
            .execute(params![import_id, record_id, before, instant(written_at)])?;
        Ok(())
    }

    /// The records an import wrote: id, JSON before (None: created), and the time it left them.
    pub(crate) fn import_items(&self, import_id: &str) -> StorageResult<Vec<ImportItem>> {
        let rows = self
            .conn
            .prepare_cached("SELECT record_id, before, written_at FROM import_items WHERE import_id = ?1")?
            .query_map([import_id], |r| {
                Ok(ImportItem { record_id: r.get(0)?, before: r.get(1)?, written_at: get_instant(r, 2)? })
            })?
            .collect::<Result<_, _>>()?;
        Ok(rows)
    }
}

/// A record an import wrote.
pub(crate) struct ImportItem {
    pub record_id: String,
    pub before: Option<String>,
    pub written_at: DateTime<Utc>,
}
