//! Value models, customer scores, RFM segments and ABC classes (SCORE-1..5): rows, the rescoring's visit of every customer, scoped report counts.

use chrono::NaiveDate;
use rusqlite::types::Value as SqlValue;
use rusqlite::{OptionalExtension, Row, params, params_from_iter};

use super::db::Tx;
use super::error::{StorageError, StorageResult};
use super::row;
use super::row_sync::RowSync;
use super::row_writer::Columns;
use super::statistics::{STATS_COLS, stats_from};
use crate::domain::analytics::{AbcView, RfmView};
use crate::domain::calendar;
use crate::domain::segmentation::{AbcClass, RfmSegment};
use crate::domain::statistics::CustomerStatistics;
use crate::domain::value_model::{Grade, ValueModel, decode_values, encode_values};

/// Meta keys: the date and window of the stored segments.
pub(crate) const SEGMENTS_AS_OF: &str = "segments_as_of";
const SEGMENTS_WINDOW: &str = "segments_window_days";

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

/// The stored columns of a value model (the dimensions and grading are JSON columns).
const MODEL_COLUMNS: Columns = Columns {
    table: "value_models",
    names: &[
        "id",
        "code",
        "name",
        "is_default",
        "dimensions",
        "grading",
        "version",
        "created_at",
        "updated_at",
        "archived_at",
    ],
};

/// A model's values in the order of [`MODEL_COLUMNS`].
fn model_values(m: &ValueModel) -> Vec<SqlValue> {
    vec![
        m.id.clone().into(),
        m.code.clone().into(),
        m.name.clone().into(),
        m.is_default.into(),
        row::json(&m.dimensions).into(),
        row::json(&m.grading).into(),
        m.version.into(),
        row::instant(m.created_at).into(),
        row::instant(m.updated_at).into(),
        row::opt_instant(m.archived_at).into(),
    ]
}

/// One customer as the rescoring visits it: its statistics and the numeric custom fields the models use.
pub(crate) struct ScoringRow<'r> {
    pub id: &'r str,
    pub code: &'r str,
    pub stats: CustomerStatistics,
    pub custom: &'r [Option<f64>],
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
    pub last_order_date: Option<NaiveDate>,
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

    /// Saves a model: inserts it (`before` is `None`), or updates the columns that changed since `before`
    /// (`scored_as_of` belongs to the rescoring, never to this).
    pub(crate) fn save_value_model(&self, before: Option<&ValueModel>, m: &ValueModel) -> StorageResult<()> {
        match before {
            None => self.insert_row(&MODEL_COLUMNS, model_values(m)),
            Some(b) => self.update_changed(&MODEL_COLUMNS, model_values(b), model_values(m)).map(|_| ()),
        }
    }

    /// Makes `id` the only default model.
    pub(crate) fn set_default_value_model(&self, id: &str) -> StorageResult<()> {
        self.conn.prepare_cached("UPDATE value_models SET is_default = (id = ?1)")?.execute([id])?;
        Ok(())
    }

    /// Visits every live customer, by id, with its statistics (as of `as_of`) and the custom fields
    /// `custom_keys`; answers how many it visited. The same transaction visits them in the same order.
    pub(crate) fn visit_scoring_rows<E: From<StorageError>>(
        &self,
        as_of: NaiveDate,
        custom_keys: &[String],
        mut visit: impl FnMut(&ScoringRow<'_>) -> Result<(), E>,
    ) -> Result<usize, E> {
        if !custom_keys.is_empty() {
            return self.visit_scoring_rows_with_custom(as_of, custom_keys, visit);
        }
        // Two scans in id order, merged: the live customers from their covering index, the statistics
        // from their own table (one lookup per customer would cost several times more).
        let mut customers = self
            .conn
            .prepare_cached(
                "SELECT id, code FROM customers INDEXED BY customers_live_codes WHERE archived_at IS NULL ORDER BY id",
            )
            .map_err(StorageError::from)?;
        let mut stats = self
            .conn
            .prepare_cached(&format!("SELECT customer_id, {STATS_COLS} FROM customer_stats ORDER BY customer_id"))
            .map_err(StorageError::from)?;
        let mut stats = stats.query([]).map_err(StorageError::from)?;
        let next_stats = |stats: &mut rusqlite::Rows<'_>| -> rusqlite::Result<Option<(String, CustomerStatistics)>> {
            stats.next()?.map(|r| Ok((r.get(0)?, stats_from(r, 1, as_of)?))).transpose()
        };
        let mut pending = next_stats(&mut stats).map_err(StorageError::from)?;
        let mut found = customers.query([]).map_err(StorageError::from)?;
        let mut visited = 0;
        while let Some(r) = found.next().map_err(StorageError::from)? {
            let id = r.get_ref(0).and_then(|v| Ok(v.as_str()?)).map_err(StorageError::from)?;
            // Statistics of archived customers (absent from the index) are skipped.
            while pending.as_ref().is_some_and(|(sid, _)| sid.as_str() < id) {
                pending = next_stats(&mut stats).map_err(StorageError::from)?;
            }
            let stats = match pending.take_if(|(sid, _)| sid == id) {
                Some((_, s)) => {
                    pending = next_stats(&mut stats).map_err(StorageError::from)?;
                    s
                }
                None => CustomerStatistics { as_of: Some(as_of), ..Default::default() },
            };
            let code = r.get_ref(1).and_then(|v| Ok(v.as_str()?)).map_err(StorageError::from)?;
            visit(&ScoringRow { id, code, stats, custom: &[] })?;
            visited += 1;
        }
        Ok(visited)
    }

    /// [`Tx::visit_scoring_rows`] for models with custom-field dimensions: one query joining the three.
    fn visit_scoring_rows_with_custom<E: From<StorageError>>(
        &self,
        as_of: NaiveDate,
        custom_keys: &[String],
        mut visit: impl FnMut(&ScoringRow<'_>) -> Result<(), E>,
    ) -> Result<usize, E> {
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
        let mut stmt = self.conn.prepare(&sql).map_err(StorageError::from)?;
        let mut rows = stmt.query(params_from_iter(params)).map_err(StorageError::from)?;
        let mut custom: Vec<Option<f64>> = Vec::with_capacity(custom_keys.len());
        let mut visited = 0;
        while let Some(r) = rows.next().map_err(StorageError::from)? {
            custom.clear();
            for i in 0..custom_keys.len() {
                custom.push(match r.get_ref(2 + stats_cols.len() + i).map_err(StorageError::from)? {
                    rusqlite::types::ValueRef::Integer(v) => Some(v as f64),
                    rusqlite::types::ValueRef::Real(v) => Some(v),
                    _ => None,
                });
            }
            let text = |i: usize| r.get_ref(i).and_then(|v| Ok(v.as_str()?)).map_err(StorageError::from);
            let stats = stats_from(r, 2, as_of).map_err(StorageError::from)?;
            visit(&ScoringRow { id: text(0)?, code: text(1)?, stats, custom: &custom })?;
            visited += 1;
        }
        Ok(visited)
    }

    /// Starts replacing a model's stored scores (as of `as_of`): push every live customer's score in
    /// id order with [`push_score`], then finish.
    pub(crate) fn score_sync(&self, model: &ValueModel, as_of: NaiveDate) -> StorageResult<RowSync<'_>> {
        self.conn
            .prepare_cached("UPDATE value_models SET scored_as_of = ?2 WHERE id = ?1")?
            .execute(params![model.id, calendar::format_date(as_of)])?;
        Ok(RowSync::new(
            self,
            "customer_scores",
            Some(("model_id", model.id.clone())),
            &["model_version", "score", "grade", "dimension_values"],
        ))
    }

    pub(crate) fn customer_score(&self, model_id: &str, customer_id: &str) -> StorageResult<Option<StoredScore>> {
        Ok(self
            .conn
            .prepare_cached(
                "SELECT s.model_version, m.scored_as_of, s.score, s.grade, s.dimension_values
                 FROM customer_scores s JOIN value_models m ON m.id = s.model_id
                 WHERE s.model_id = ?1 AND s.customer_id = ?2",
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

    /// Starts replacing every customer's stored RFM and ABC result (as of `as_of`, with a `window_days`
    /// window): push every live customer's row in id order with [`push_segment`], then finish.
    pub(crate) fn segment_sync(&self, as_of: NaiveDate, window_days: i64) -> StorageResult<RowSync<'_>> {
        self.meta_set(SEGMENTS_AS_OF, &calendar::format_date(as_of))?;
        self.meta_set(SEGMENTS_WINDOW, &window_days.to_string())?;
        Ok(RowSync::new(
            self,
            "customer_segments",
            None,
            &[
                "last_order_date",
                "frequency",
                "monetary",
                "r",
                "f",
                "m",
                "segment",
                "abc_class",
                "abc_share_before",
                "mean_interval_days",
                "churn_risk",
            ],
        ))
    }

    /// A customer's RFM and ABC row from the last rescoring.
    pub(crate) fn customer_segment(&self, customer_id: &str) -> StorageResult<Option<StoredSegment>> {
        let Some(as_of) = self.meta_get(SEGMENTS_AS_OF)? else { return Ok(None) };
        let as_of = calendar::parse_date(SEGMENTS_AS_OF, &as_of).map_err(|_| row::conv_err(0, "segments date"))?;
        let window_days = self.meta_get(SEGMENTS_WINDOW)?.and_then(|w| w.parse().ok()).unwrap_or(365);
        Ok(self
            .conn
            .prepare_cached(
                "SELECT last_order_date, frequency, monetary, r, f, m, segment, abc_class, abc_share_before
                 FROM customer_segments WHERE customer_id = ?1",
            )?
            .query_row([customer_id], |r| {
                let last = row::get_opt_date(r, 0)?;
                let rfm =
                    match (last, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?, r.get(5)?, r.get::<_, Option<String>>(6)?)
                    {
                        (Some(last), Some(frequency), Some(monetary), Some(r), Some(f), Some(m), Some(seg)) => {
                            RfmSegment::parse(&seg).map(|segment| RfmView {
                                recency_days: (as_of - last).num_days(),
                                frequency,
                                monetary,
                                r,
                                f,
                                m,
                                segment,
                            })
                        }
                        _ => None,
                    };
                let abc = match (r.get::<_, Option<String>>(7)?, r.get::<_, Option<i64>>(8)?) {
                    (Some(class), Some(share)) => {
                        AbcClass::parse(&class).map(|class| AbcView { class, share_before: share as f64 / 1e6 })
                    }
                    _ => None,
                };
                Ok(StoredSegment { as_of, window_days, rfm, abc })
            })
            .optional()?)
    }
}

/// Pushes one customer's score (with its dimension values) into a [`Tx::score_sync`].
pub(crate) fn push_score(
    sync: &mut RowSync<'_>,
    customer_id: &str,
    model_version: i64,
    score: i64,
    grade: Grade,
    values: &[Option<f64>],
) -> StorageResult<()> {
    let fields: Vec<SqlValue> =
        vec![model_version.into(), score.into(), grade.as_str().to_string().into(), encode_values(values).into()];
    sync.push(customer_id, fields)
}

/// Pushes one customer's RFM and ABC row into a [`Tx::segment_sync`].
pub(crate) fn push_segment(sync: &mut RowSync<'_>, s: &SegmentRow<'_>) -> StorageResult<()> {
    let (r, f, m, segment) =
        s.rfm.map_or((None, None, None, None), |(r, f, m, g)| (Some(r), Some(f), Some(m), Some(g)));
    let (class, share) = s.abc.map_or((None, None), |(c, sh)| (Some(c), Some(sh)));
    let text = |t: Option<&str>| t.map_or(SqlValue::Null, |t| SqlValue::Text(t.to_string()));
    let int = |n: Option<i64>| n.map_or(SqlValue::Null, SqlValue::Integer);
    let fields = vec![
        text(s.last_order_date.map(calendar::format_date).as_deref()),
        int(s.frequency),
        int(s.monetary),
        int(r.map(i64::from)),
        int(f.map(i64::from)),
        int(m.map(i64::from)),
        text(segment),
        text(class),
        int(share),
        s.churn.map_or(SqlValue::Null, |c| SqlValue::Real(c.0)),
        SqlValue::Integer(i64::from(s.churn.is_some_and(|c| c.1))),
    ];
    sync.push(s.customer_id, fields)
}
