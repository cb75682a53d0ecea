//! Engine metadata, organisation settings, readable code sequences, custom field definitions and dedupe keys.

use chrono::{DateTime, Utc};
use rusqlite::{OptionalExtension, params};

use super::db::Tx;
use super::error::StorageResult;
use super::row;
use crate::domain::custom_fields::{CustomFieldDef, CustomFieldType};
use crate::domain::entity::{self, Entity};
use crate::domain::org::{CodeSequence, Organisation};

impl Tx<'_> {
    pub(crate) fn meta_get(&self, key: &str) -> StorageResult<Option<String>> {
        Ok(self
            .conn
            .prepare_cached("SELECT value FROM meta WHERE key = ?1")?
            .query_row([key], |r| r.get(0))
            .optional()?)
    }

    pub(crate) fn meta_set(&self, key: &str, value: &str) -> StorageResult<()> {
        self.conn
            .prepare_cached(
                "INSERT INTO meta (key, value) VALUES (?1, ?2) ON CONFLICT (key) DO UPDATE SET value = excluded.value",
            )?
            .execute([key, value])?;
        Ok(())
    }

    pub(crate) fn meta_delete(&self, key: &str) -> StorageResult<()> {
        self.conn.prepare_cached("DELETE FROM meta WHERE key = ?1")?.execute([key])?;
        Ok(())
    }

    /// The organisation settings; the defaults until configured.
    pub(crate) fn organisation(&self) -> StorageResult<Organisation> {
        let org = self
            .conn
            .prepare_cached(
                "SELECT name, base_currency, utc_offset_minutes, country_code FROM organisation WHERE id = 1",
            )?
            .query_row([], |r| {
                Ok(Organisation {
                    name: r.get(0)?,
                    base_currency: r.get(1)?,
                    utc_offset_minutes: r.get(2)?,
                    country_code: r.get(3)?,
                })
            })
            .optional()?;
        Ok(org.unwrap_or_default())
    }

    pub(crate) fn save_organisation(&self, o: &Organisation, now: chrono::DateTime<chrono::Utc>) -> StorageResult<()> {
        self.conn
            .prepare_cached(
                "INSERT INTO organisation (id, name, base_currency, utc_offset_minutes, country_code, updated_at)
                 VALUES (1, ?1, ?2, ?3, ?4, ?5)
                 ON CONFLICT (id) DO UPDATE SET name = excluded.name, base_currency = excluded.base_currency,
                   utc_offset_minutes = excluded.utc_offset_minutes, country_code = excluded.country_code,
                   updated_at = excluded.updated_at",
            )?
            .execute(params![o.name, o.base_currency, o.utc_offset_minutes, o.country_code, row::instant(now)])?;
        Ok(())
    }

    /// Takes the next readable code of `entity` (`C-000123`); values are never reused.
    pub(crate) fn next_code(&self, entity: &str) -> StorageResult<String> {
        let prefix = entity::default_code_prefix(entity).unwrap_or("X-");
        // One statement: the first code of a kind creates its sequence, every later one moves it on.
        let (prefix, n): (String, i64) = self
            .conn
            .prepare_cached(
                "INSERT INTO code_sequences (entity, prefix, next_value) VALUES (?1, ?2, 2)
                 ON CONFLICT (entity) DO UPDATE SET next_value = next_value + 1
                 RETURNING prefix, next_value - 1",
            )?
            .query_row([entity, prefix], |r| Ok((r.get(0)?, r.get(1)?)))?;
        Ok(format!("{prefix}{n:06}"))
    }

    pub(crate) fn set_code_prefix(&self, entity: &str, prefix: &str) -> StorageResult<()> {
        self.conn
            .prepare_cached(
                "INSERT INTO code_sequences (entity, prefix, next_value) VALUES (?1, ?2, 1)
                 ON CONFLICT (entity) DO UPDATE SET prefix = excluded.prefix",
            )?
            .execute([entity, prefix])?;
        Ok(())
    }

    /// The code sequences stored so far (kinds never coded have none yet).
    pub(crate) fn code_sequences(&self) -> StorageResult<Vec<CodeSequence>> {
        let mut stmt =
            self.conn.prepare_cached("SELECT entity, prefix, next_value FROM code_sequences ORDER BY entity")?;
        let rows =
            stmt.query_map([], |r| Ok(CodeSequence { entity: r.get(0)?, prefix: r.get(1)?, next_value: r.get(2)? }))?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// The custom field definitions of `entity`, in declaration order.
    /// The live custom field definitions of a kind, in form order.
    pub(crate) fn custom_field_defs(&self, entity: Entity) -> StorageResult<Vec<CustomFieldDef>> {
        self.custom_field_defs_where(entity, "AND archived_at IS NULL")
    }

    /// Every definition of a kind, archived ones included (their `archived_at` set).
    pub(crate) fn custom_field_defs_with_archived(&self, entity: Entity) -> StorageResult<Vec<CustomFieldDef>> {
        self.custom_field_defs_where(entity, "")
    }

    fn custom_field_defs_where(&self, entity: Entity, filter: &str) -> StorageResult<Vec<CustomFieldDef>> {
        let mut stmt = self.conn.prepare_cached(&format!(
            "SELECT key, label, field_type, required, choices, archived_at FROM custom_field_defs
             WHERE entity = ?1 {filter} ORDER BY position, key"
        ))?;
        let rows = stmt.query_map([entity.name()], |r| {
            Ok(CustomFieldDef {
                key: r.get(0)?,
                label: r.get(1)?,
                field_type: row::get_enum(r, 2, CustomFieldType::parse)?,
                required: r.get(3)?,
                choices: row::get_json(r, 4)?,
                archived_at: row::get_opt_instant(r, 5)?,
            })
        })?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// Inserts or replaces one definition (keeping its position when it exists; defining an archived key
    /// again restores it).
    pub(crate) fn save_custom_field_def(&self, entity: Entity, def: &CustomFieldDef) -> StorageResult<()> {
        self.conn
            .prepare_cached(
                "INSERT INTO custom_field_defs (entity, key, label, field_type, required, choices, position)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, (SELECT COALESCE(MAX(position), 0) + 1 FROM custom_field_defs WHERE entity = ?1))
                 ON CONFLICT (entity, key) DO UPDATE SET label = excluded.label, field_type = excluded.field_type,
                   required = excluded.required, choices = excluded.choices, archived_at = NULL",
            )?
            .execute(params![entity.name(), def.key, def.label, def.field_type.as_str(), def.required, row::json(&def.choices)])?;
        Ok(())
    }

    /// Archives a live definition; answers whether there was one.
    pub(crate) fn archive_custom_field_def(&self, entity: Entity, key: &str, at: DateTime<Utc>) -> StorageResult<bool> {
        let n = self
            .conn
            .prepare_cached(
                "UPDATE custom_field_defs SET archived_at = ?3 WHERE entity = ?1 AND key = ?2 AND archived_at IS NULL",
            )?
            .execute([entity.name(), key, &row::instant(at)])?;
        Ok(n > 0)
    }

    /// Replaces the dedupe keys of one record: `(kind, key)` pairs such as `("phone", "8613800138000")`.
    /// Replaces a record's dedupe keys (`replacing` false: a new record, which has none to remove).
    pub(crate) fn set_dedupe_keys(
        &self,
        entity: Entity,
        id: &str,
        keys: &[(&str, String)],
        replacing: bool,
    ) -> StorageResult<()> {
        let entity = entity.name();
        if replacing {
            self.conn
                .prepare_cached("DELETE FROM dedupe_keys WHERE entity = ?1 AND entity_id = ?2")?
                .execute([entity, id])?;
        }
        let mut ins = self.conn.prepare_cached(
            "INSERT OR IGNORE INTO dedupe_keys (kind, key, entity, entity_id) VALUES (?1, ?2, ?3, ?4)",
        )?;
        for (kind, key) in keys {
            if !key.is_empty() {
                ins.execute(params![kind, key, entity, id])?;
            }
        }
        Ok(())
    }

    /// Row count of a table (tests check that refusals change nothing).
    /// Whether the record table of `entity` holds any row.
    pub(crate) fn has_records(&self, entity: Entity) -> StorageResult<bool> {
        let sql = format!("SELECT EXISTS (SELECT 1 FROM {})", entity.declaration().table);
        Ok(self.conn.prepare_cached(&sql)?.query_row([], |r| r.get(0))?)
    }

    pub(crate) fn count_rows(&self, table: &str) -> StorageResult<i64> {
        let ok = table.chars().all(|c| c.is_ascii_lowercase() || c == '_');
        if !ok {
            return Ok(-1);
        }
        Ok(self.conn.query_row(&format!("SELECT COUNT(*) FROM {table}"), [], |r| r.get(0))?)
    }
}
