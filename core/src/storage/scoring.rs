//! Value models, customer scores, RFM segments and ABC classes (SCORE-1..5): rows, the rescoring read, scoped report counts.

use chrono::NaiveDate;
use rusqlite::types::Value as SqlValue;
use rusqlite::{OptionalExtension, Row, params, params_from_iter};

use super::db::Tx;
use super::error::StorageResult;
use super::row;
use super::scope::ListScope;
use super::statistics::{STATS_COLS, stats_from};
use crate::domain::analytics::{AbcView, RfmView};
use crate::domain::calendar;
use crate::domain::segmentation::{AbcClass, RfmSegment};
use crate::domain::statistics::CustomerStatistics;
use crate::domain::value_model::{Grade, ValueModel, decode_values, encode_values};

const MODEL_COLS: &str =
    "id, code, name, is_default, dimensions, grading, version, created_at, updated_at, archived_at";

fn model_row(r: &Row<'_>) -> rusqlite::Result<ValueModel> {
    Ok(ValueModel {
        id: r.get(0)?,
        code: r.get(1)?,
        name: r.get(2)?,
        is_default: r.get(3)?,
        dimensions: row::get_json(r, 4)?,
        grading: row::get_json(r, 5)?,
        version: r.get(6)?,
        created_at: row::get_instant(r, 7)?,
        updated_at: row::get_instant(r, 8)?,
        archived_at: row::get_opt_instant(r, 9)?,
    })
}

/// One customer as the rescoring reads it: its statistics and the numeric custom fields the models use.
pub(crate) struct ScoringRow {
    pub id: String,
    pub code: String,
    pub stats: CustomerStatistics,
    pub custom: Vec<Option<f64>>,
}

/// A stored score.
pub(crate) struct StoredScore {
    pub model_version: i64,
    pub as_of: NaiveDate,
    pub score: i64,
    pub grade: Grade,
    /// Each dimension's raw value, from which the model rebuilds the breakdown.
    pub values: Vec<Option<f64>>,
}

/// A customer's RFM and ABC result, as read back.
pub(crate) struct StoredSegment {
    pub as_of: NaiveDate,
    pub window_days: i64,
    pub rfm: Option<RfmView>,
    pub abc: Option<AbcView>,
}

/// A customer's RFM and ABC result, as written by the rescoring.
pub(crate) struct SegmentRow<'a> {
    pub customer_id: &'a str,
    pub recency_days: Option<i64>,
    pub frequency: Option<i64>,
    pub monetary: Option<i64>,
    pub rfm: Option<(u8, u8, u8, &'static str)>,
    pub abc: Option<(&'static str, i64)>,
    /// Mean order interval in days and whether the customer is at churn risk.
    pub churn: Option<(f64, bool)>,
}

impl Tx<'_> {
    pub(crate) fn value_model(&self, id: &str) -> StorageResult<Option<ValueModel>> {
        let sql = format!("SELECT {MODEL_COLS} FROM value_models WHERE id = ?1");
        Ok(self.conn.prepare_cached(&sql)?.query_row([id], model_row).optional()?)
    }

    pub(crate) fn value_model_by_code(&self, code: &str) -> StorageResult<Option<ValueModel>> {
        let sql = format!("SELECT {MODEL_COLS} FROM value_models WHERE code = ?1");
        Ok(self.conn.prepare_cached(&sql)?.query_row([code], model_row).optional()?)
    }

    /// Live models, the default first; with `include_archived` every model.
    pub(crate) fn value_models(&self, include_archived: bool) -> StorageResult<Vec<ValueModel>> {
        let sql = format!(
            "SELECT {MODEL_COLS} FROM value_models WHERE ?1 OR archived_at IS NULL ORDER BY is_default DESC, code"
        );
        let mut stmt = self.conn.prepare_cached(&sql)?;
        let rows = stmt.query_map([include_archived], model_row)?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// Inserts a model, or (`insert` false) rewrites it.
    pub(crate) fn save_value_model(&self, m: &ValueModel, insert: bool) -> StorageResult<()> {
        let sql = if insert {
            format!("INSERT INTO value_models ({MODEL_COLS}) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)")
        } else {
            "UPDATE value_models SET code = ?2, name = ?3, is_default = ?4, dimensions = ?5, grading = ?6, version = ?7,
               created_at = ?8, updated_at = ?9, archived_at = ?10 WHERE id = ?1"
                .to_string()
        };
        self.conn.prepare_cached(&sql)?.execute(params![
            m.id,
            m.code,
            m.name,
            m.is_default,
            row::json(&m.dimensions),
            row::json(&m.grading),
            m.version,
            row::instant(m.created_at),
            row::instant(m.updated_at),
            row::opt_instant(m.archived_at),
        ])?;
        Ok(())
    }

    /// Makes `id` the only default model.
    pub(crate) fn set_default_value_model(&self, id: &str) -> StorageResult<()> {
        self.conn.prepare_cached("UPDATE value_models SET is_default = (id = ?1)")?.execute([id])?;
        Ok(())
    }

    /// Every live customer with its statistics (as of `as_of`) and the custom fields `custom_keys`, by id.
    pub(crate) fn scoring_rows(&self, as_of: NaiveDate, custom_keys: &[String]) -> StorageResult<Vec<ScoringRow>> {
        let stats_cols: Vec<String> = STATS_COLS.split(',').map(|c| format!("s.{}", c.trim())).collect();
        let mut custom_cols = String::new();
        let mut params: Vec<SqlValue> = Vec::new();
        for key in custom_keys {
            params.push(format!("$.\"{}\"", key.replace('"', "")).into());
            custom_cols.push_str(&format!(", json_extract(c.custom, ?{})", params.len()));
        }
        let sql = format!(
            "SELECT c.id, c.code, {}{custom_cols} FROM customers c LEFT JOIN customer_stats s ON s.customer_id = c.id
             WHERE c.archived_at IS NULL ORDER BY c.id",
            stats_cols.join(", ")
        );
        let n = custom_keys.len();
        let mut stmt = self.conn.prepare(&sql)?;
        let rows = stmt.query_map(params_from_iter(params), |r| {
            let custom = (0..n)
                .map(|i| {
                    Ok(match r.get_ref(17 + i)? {
                        rusqlite::types::ValueRef::Integer(v) => Some(v as f64),
                        rusqlite::types::ValueRef::Real(v) => Some(v),
                        _ => None,
                    })
                })
                .collect::<rusqlite::Result<Vec<_>>>()?;
            Ok(ScoringRow { id: r.get(0)?, code: r.get(1)?, stats: stats_from(r, 2, as_of)?, custom })
        })?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// Replaces every score of a model with `scores` (customer id, score, grade, dimension values).
    pub(crate) fn replace_scores<'a>(
        &self,
        model: &ValueModel,
        as_of: NaiveDate,
        scores: impl Iterator<Item = (&'a str, i64, Grade, &'a [Option<f64>])>,
    ) -> StorageResult<()> {
        self.conn.prepare_cached("DELETE FROM customer_scores WHERE model_id = ?1")?.execute([&model.id])?;
        let mut insert = self.conn.prepare_cached(
            "INSERT INTO customer_scores (model_id, customer_id, model_version, as_of, score, grade, dimension_values)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
        )?;
        let as_of = calendar::format_date(as_of);
        for (customer_id, score, grade, values) in scores {
            insert.execute(params![
                model.id,
                customer_id,
                model.version,
                as_of,
                score,
                grade.as_str(),
                encode_values(values)
            ])?;
        }
        Ok(())
    }

    pub(crate) fn customer_score(&self, model_id: &str, customer_id: &str) -> StorageResult<Option<StoredScore>> {
        Ok(self
            .conn
            .prepare_cached(
                "SELECT model_version, as_of, score, grade, dimension_values FROM customer_scores
                 WHERE model_id = ?1 AND customer_id = ?2",
            )?
            .query_row([model_id, customer_id], |r| {
                Ok(StoredScore {
                    model_version: r.get(0)?,
                    as_of: row::get_date(r, 1)?,
                    score: r.get(2)?,
                    grade: row::get_enum(r, 3, Grade::parse)?,
                    values: decode_values(r.get_ref(4)?.as_str()?)
                        .ok_or_else(|| row::conv_err(4, "dimension values"))?,
                })
            })
            .optional()?)
    }

    /// Replaces every customer's RFM and ABC result.
    pub(crate) fn replace_segments<'a>(
        &self,
        as_of: NaiveDate,
        window_days: i64,
        rows: impl Iterator<Item = SegmentRow<'a>>,
    ) -> StorageResult<()> {
        self.conn.prepare_cached("DELETE FROM customer_segments")?.execute([])?;
        let mut insert = self.conn.prepare_cached(
            "INSERT INTO customer_segments (customer_id, as_of, window_days, recency_days, frequency, monetary,
               r, f, m, segment, abc_class, abc_share_before, mean_interval_days, churn_risk)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14)",
        )?;
        let as_of = calendar::format_date(as_of);
        for s in rows {
            let (r, f, m, segment) =
                s.rfm.map_or((None, None, None, None), |(r, f, m, g)| (Some(r), Some(f), Some(m), Some(g)));
            let (class, share) = s.abc.map_or((None, None), |(c, sh)| (Some(c), Some(sh)));
            insert.execute(params![
                s.customer_id,
                as_of,
                window_days,
                s.recency_days,
                s.frequency,
                s.monetary,
                r,
                f,
                m,
                segment,
                class,
                share,
                s.churn.map(|c| c.0),
                s.churn.is_some_and(|c| c.1)
            ])?;
        }
        Ok(())
    }

    /// A customer's RFM and ABC row from the last rescoring.
    pub(crate) fn customer_segment(&self, customer_id: &str) -> StorageResult<Option<StoredSegment>> {
        Ok(self
            .conn
            .prepare_cached(
                "SELECT as_of, window_days, recency_days, frequency, monetary, r, f, m, segment, abc_class, abc_share_before
                 FROM customer_segments WHERE customer_id = ?1",
            )?
            .query_row([customer_id], |r| {
                let rfm = match (r.get(2)?, r.get(3)?, r.get(4)?, r.get(5)?, r.get(6)?, r.get(7)?, r.get::<_, Option<String>>(8)?)
                {
                    (Some(recency_days), Some(frequency), Some(monetary), Some(r), Some(f), Some(m), Some(seg)) => {
                        RfmSegment::parse(&seg)
                            .map(|segment| RfmView { recency_days, frequency, monetary, r, f, m, segment })
                    }
                    _ => None,
                };
                let abc = match (r.get::<_, Option<String>>(9)?, r.get::<_, Option<i64>>(10)?) {
                    (Some(class), Some(share)) => {
                        AbcClass::parse(&class).map(|class| AbcView { class, share_before: share as f64 / 1e6 })
                    }
                    _ => None,
                };
                Ok(StoredSegment { as_of: row::get_date(r, 0)?, window_days: r.get(1)?, rfm, abc })
            })
            .optional()?)
    }

    /// Counts and amounts per key over the live customers whose owner the scope covers.
    /// `key_sql` groups (e.g. `sc.grade`), `from_sql` joins the table it reads; amounts sum `amount_sql`.
    pub(crate) fn scoped_customer_groups(
        &self,
        scope: &ListScope,
        from_sql: &str,
        key_sql: &str,
        amount_sql: &str,
        mut params: Vec<SqlValue>,
    ) -> StorageResult<Vec<(Option<String>, i64, i64)>> {
        let owner = scope.owner_sql("c.owner_id", &mut params);
        let sql = format!(
            "SELECT {key_sql}, COUNT(*), COALESCE(SUM({amount_sql}), 0)
             FROM customers c {from_sql} LEFT JOIN customer_stats s ON s.customer_id = c.id
             WHERE c.archived_at IS NULL AND {owner}
             GROUP BY 1 ORDER BY 1"
        );
        let mut stmt = self.conn.prepare(&sql)?;
        let rows = stmt.query_map(params_from_iter(params), |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?;
        Ok(rows.collect::<Result<_, _>>()?)
    }
}
