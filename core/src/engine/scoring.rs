//! Value models and rescoring (SCORE-1..5): model upkeep, scores, RFM and ABC for every customer, and the scoped reports.
//!
//! Scores are a property of the customer, computed over every live customer
//! whoever asks (Appendix A); the reports count only the customers in the
//! actor's scope.

use std::collections::BTreeMap;

use chrono::NaiveDate;

use super::{Ctx, Engine, statistics};
use crate::api::common::IdRequest;
use crate::api::{ApiError, ApiResult};
use crate::domain::access;
use crate::domain::analytics::{
    CustomerScores, GroupCount, GroupReport, ModelSummary, PyramidLevel, PyramidRequest, RescoreRequest,
    RescoreSummary, ScoreView, ValuePyramid,
};
use crate::domain::calendar;
use crate::domain::custom_fields::CustomFieldType;
use crate::domain::segmentation::{self, AbcClass, RfmInput, RfmSegment};
use crate::domain::text;
use crate::domain::value_model::{
    self, Dimension, Grade, ValueModel, ValueModelDraft, ValueModelPatch, validate_model,
};
use crate::storage::{ListScope, ScoringRow, SegmentRow};

/// The longest scoring window.
const MAX_WINDOW_DAYS: i64 = 3660;

/// Which value models to list.
#[derive(Debug, Clone, Default, serde::Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ValueModelListRequest {
    #[serde(default)]
    pub include_archived: bool,
}

impl Engine {
    /// Creates a value model (admin or system) and scores every customer with it.
    pub fn create_value_model(&self, actor: Option<&str>, draft: ValueModelDraft) -> ApiResult<ValueModel> {
        self.write(actor, |cx| {
            cx.actor.require_admin("value models")?;
            let code = text::code("code", &draft.code)?;
            let name = text::required("name", &draft.name, text::SHORT_MAX)?;
            check_dimensions(cx, &draft.dimensions, &draft.grading)?;
            if cx.tx.value_model_by_code(&code)?.is_some() {
                return Err(ApiError::conflict("code", "another value model has this code"));
            }
            let first = cx.tx.value_models(false)?.is_empty();
            let model = ValueModel {
                id: cx.new_id(),
                code,
                name,
                is_default: draft.is_default || first,
                dimensions: draft.dimensions,
                grading: draft.grading,
                version: 1,
                created_at: cx.now,
                updated_at: cx.now,
                archived_at: None,
            };
            cx.tx.save_value_model(&model, true)?;
            if model.is_default {
                cx.tx.set_default_value_model(&model.id)?;
            }
            cx.audit_change("value_model", &model.id, "create", None, &model)?;
            rescore_models(cx, std::slice::from_ref(&model), true)?;
            Ok(model)
        })
    }

    /// Changes a value model (admin or system): its version rises and every customer is rescored with it.
    pub fn update_value_model(&self, actor: Option<&str>, patch: ValueModelPatch) -> ApiResult<ValueModel> {
        self.write(actor, |cx| {
            cx.actor.require_admin("value models")?;
            let before = live_model(cx, &patch.id)?;
            let mut model = before.clone();
            if let Some(name) = &patch.name {
                model.name = text::required("name", name, text::SHORT_MAX)?;
            }
            if let Some(d) = patch.dimensions {
                model.dimensions = d;
            }
            if let Some(g) = patch.grading {
                model.grading = g;
            }
            if patch.is_default == Some(false) && before.is_default {
                return Err(ApiError::validation("is_default", "make another model the default instead"));
            }
            model.is_default = before.is_default || patch.is_default == Some(true);
            check_dimensions(cx, &model.dimensions, &model.grading)?;
            model.version += 1;
            model.updated_at = cx.now;
            cx.tx.save_value_model(&model, false)?;
            if model.is_default {
                cx.tx.set_default_value_model(&model.id)?;
            }
            cx.audit_change("value_model", &model.id, "update", Some(&before), &model)?;
            rescore_models(cx, std::slice::from_ref(&model), true)?;
            Ok(model)
        })
    }

    /// One value model.
    pub fn value_model(&self, actor: Option<&str>, req: IdRequest) -> ApiResult<ValueModel> {
        self.read(actor, |cx| cx.tx.value_model(&req.id)?.ok_or_else(|| ApiError::not_found("no such value model")))
    }

    /// The value models, the default first.
    pub fn list_value_models(&self, actor: Option<&str>, req: ValueModelListRequest) -> ApiResult<Vec<ValueModel>> {
        self.read(actor, |cx| Ok(cx.tx.value_models(req.include_archived)?))
    }

    /// Rescores every live customer as of a date (admin or system): every live model, RFM and ABC.
    pub fn rescore(&self, actor: Option<&str>, req: RescoreRequest) -> ApiResult<RescoreSummary> {
        self.write(actor, |cx| {
            cx.actor.require_admin("rescoring")?;
            let as_of = match req.as_of.as_deref() {
                Some(d) => calendar::parse_date("as_of", d)?,
                None => statistics::today(cx)?,
            };
            let window = req.window_days.unwrap_or(statistics::DEFAULT_WINDOW_DAYS);
            if !(1..=MAX_WINDOW_DAYS).contains(&window) {
                return Err(ApiError::validation("window_days", format!("must be between 1 and {MAX_WINDOW_DAYS}")));
            }
            let thresholds = req.abc.unwrap_or_default();
            if !(0.0 < thresholds.a && thresholds.a < thresholds.b && thresholds.b <= 1.0) {
                return Err(ApiError::validation("abc", "needs 0 < a < b <= 1"));
            }
            statistics::move_reference(cx, as_of, window)?;
            let models = cx.tx.value_models(false)?;
            let churn_k = req.churn_k.unwrap_or(2.0);
            if !(churn_k.is_finite() && churn_k > 0.0) {
                return Err(ApiError::validation("churn_k", "must be a number above 0"));
            }
            let (rows, summaries, score_rows_written) = rescore_models(cx, &models, !req.dry_run)?;
            let customers = rows.len() as i64;
            let (population, segments, abc, churn_risks, segment_rows_written) =
                segment(cx, &rows, as_of, window, thresholds, churn_k, !req.dry_run)?;
            if !req.dry_run {
                cx.tx.meta_set("churn_k", &churn_k.to_string())?;
            }
            Ok(RescoreSummary {
                as_of,
                window_days: window,
                customers,
                models: summaries,
                rfm_population: population,
                segments,
                abc,
                churn_risks,
                rows_written: (score_rows_written + segment_rows_written) as i64,
            })
        })
    }

    /// A customer's scores, RFM and ABC from the last rescoring (readable customers only).
    pub fn customer_scores(&self, actor: Option<&str>, req: IdRequest) -> ApiResult<CustomerScores> {
        self.read(actor, |cx| {
            access::require_read(cx.customer_access(&req.id)?.0, "customer")?;
            let mut scores = Vec::new();
            for model in cx.tx.value_models(false)? {
                if let Some(s) = cx.tx.customer_score(&model.id, &req.id)? {
                    scores.push(ScoreView {
                        model_id: model.id.clone(),
                        model_code: model.code.clone(),
                        model_version: s.model_version,
                        as_of: s.as_of,
                        score: s.score as f64 / 100.0,
                        grade: s.grade,
                        breakdown: model.breakdown(&s.values),
                    });
                }
            }
            let segment = cx.tx.customer_segment(&req.id)?;
            let (as_of, window) = segment.as_ref().map_or((None, None), |s| (Some(s.as_of), Some(s.window_days)));
            let (rfm, abc) = segment.map_or((None, None), |s| (s.rfm, s.abc));
            Ok(CustomerScores { customer_id: req.id, scores, rfm, abc, as_of, window_days: window })
        })
    }

    /// The value pyramid (SCORE-3): customers and order amount per grade, over the actor's scope.
    pub fn value_pyramid(&self, actor: Option<&str>, req: PyramidRequest) -> ApiResult<ValuePyramid> {
        self.read(actor, |cx| {
            let model = match &req.model_id {
                Some(id) => live_model(cx, id)?,
                None => cx
                    .tx
                    .value_models(false)?
                    .into_iter()
                    .find(|m| m.is_default)
                    .ok_or_else(|| ApiError::not_found("no value model is defined"))?,
            };
            let groups = cx.tx.scoped_customer_groups(
                &ListScope::of(&cx.actor),
                "LEFT JOIN customer_scores sc ON sc.customer_id = c.id AND sc.model_id = ?1",
                "sc.grade",
                "s.order_amount",
                vec![model.id.clone().into()],
            )?;
            let found: BTreeMap<Option<String>, (i64, i64)> =
                groups.into_iter().map(|(k, n, amount)| (k, (n, amount))).collect();
            let levels = Grade::ALL
                .iter()
                .map(|g| Some(*g))
                .chain([None])
                .map(|grade| {
                    let (customers, order_amount) =
                        found.get(&grade.map(|g| g.as_str().to_string())).copied().unwrap_or((0, 0));
                    PyramidLevel { grade, customers, order_amount }
                })
                .collect();
            Ok(ValuePyramid { model_id: model.id, model_code: model.code, levels })
        })
    }

    /// RFM segment counts (SCORE-9) over the actor's scope, from the last rescoring.
    pub fn rfm_segment_report(&self, actor: Option<&str>) -> ApiResult<GroupReport> {
        self.segment_report(actor, "seg.segment")
    }

    /// ABC class counts (SCORE-9) over the actor's scope, from the last rescoring.
    pub fn abc_report(&self, actor: Option<&str>) -> ApiResult<GroupReport> {
        self.segment_report(actor, "seg.abc_class")
    }

    fn segment_report(&self, actor: Option<&str>, key: &str) -> ApiResult<GroupReport> {
        self.read(actor, |cx| {
            let groups = cx.tx.scoped_customer_groups(
                &ListScope::of(&cx.actor),
                "LEFT JOIN customer_segments seg ON seg.customer_id = c.id",
                key,
                "seg.monetary",
                Vec::new(),
            )?;
            Ok(GroupReport {
                groups: groups
                    .into_iter()
                    .map(|(key, customers, amount)| GroupCount { key, customers, amount })
                    .collect(),
            })
        })
    }
}

fn live_model(cx: &Ctx<'_>, id: &str) -> ApiResult<ValueModel> {
    cx.tx
        .value_model(id)?
        .filter(|m| m.archived_at.is_none())
        .ok_or_else(|| ApiError::not_found("no such value model").with_field("id"))
}

/// Validates a model, and that each custom dimension names a numeric customer custom field.
fn check_dimensions(cx: &Ctx<'_>, dimensions: &[Dimension], grading: &value_model::Grading) -> ApiResult<()> {
    validate_model(dimensions, grading)?;
    let defs = cx.tx.custom_field_defs("customer")?;
    for (i, d) in dimensions.iter().enumerate() {
        if let Some(key) = &d.field
            && !defs.iter().any(|def| def.key == *key && def.field_type == CustomFieldType::Number)
        {
            return Err(ApiError::validation(
                format!("dimensions[{i}].field"),
                "must name a number custom field of customers",
            ));
        }
    }
    Ok(())
}

/// Scores every live customer with `models` as of the stored statistics' date and (with `write`) writes
/// the scores back; answers the rows read, for the RFM and ABC pass.
fn rescore_models(
    cx: &mut Ctx<'_>,
    models: &[ValueModel],
    write: bool,
) -> ApiResult<(Vec<ScoringRow>, Vec<ModelSummary>, usize)> {
    let as_of = match statistics::reference(cx)? {
        Some((date, _)) => date,
        None => {
            let today = statistics::today(cx)?;
            statistics::move_reference(cx, today, statistics::DEFAULT_WINDOW_DAYS)?;
            today
        }
    };
    let mut keys: Vec<String> =
        models.iter().flat_map(|m| m.dimensions.iter().filter_map(|d| d.field.clone())).collect();
    keys.sort();
    keys.dedup();
    let rows = cx.tx.scoring_rows(as_of, &keys)?;
    let mut summaries = Vec::new();
    let mut written = 0;
    for model in models {
        let slots: Vec<Option<usize>> =
            model.dimensions.iter().map(|d| d.field.as_ref().and_then(|f| keys.iter().position(|k| k == f))).collect();
        // A customer's dimension values, recomputed when written rather than held for a million customers.
        let values_of = |row: &ScoringRow, into: &mut Vec<Option<f64>>| {
            into.clear();
            into.extend(
                model
                    .dimensions
                    .iter()
                    .zip(&slots)
                    .map(|(d, slot)| d.metric.value(&row.stats, slot.and_then(|i| row.custom[i]))),
            );
        };
        let mut buffer = Vec::with_capacity(model.dimensions.len());
        let scores: Vec<i64> = rows
            .iter()
            .map(|row| {
                values_of(row, &mut buffer);
                model.score_only(&buffer)
            })
            .collect();
        let grades = value_model::grades(&model.grading, &scores);
        if write {
            written += cx.tx.replace_scores(
                model,
                as_of,
                rows.iter().zip(scores.iter().zip(&grades)).map(|(row, (score, grade))| {
                    let mut values = Vec::with_capacity(model.dimensions.len());
                    values_of(row, &mut values);
                    (row.id.as_str(), *score, *grade, values)
                }),
            )?;
        }
        let mut counts: BTreeMap<Grade, i64> = Grade::ALL.iter().map(|g| (*g, 0)).collect();
        for g in &grades {
            *counts.entry(*g).or_default() += 1;
        }
        summaries.push(ModelSummary {
            model_id: model.id.clone(),
            code: model.code.clone(),
            version: model.version,
            grades: counts,
        });
    }
    Ok((rows, summaries, written))
}

/// Population, segment counts, class counts, churn risks and rows written.
type SegmentCounts = (i64, BTreeMap<RfmSegment, i64>, BTreeMap<AbcClass, i64>, i64, usize);

/// RFM and ABC over the customers with an order on or before `as_of`; writes every customer's row.
fn segment(
    cx: &mut Ctx<'_>,
    rows: &[ScoringRow],
    as_of: NaiveDate,
    window: i64,
    thresholds: segmentation::AbcThresholds,
    churn_k: f64,
    write: bool,
) -> ApiResult<SegmentCounts> {
    let population: Vec<usize> = (0..rows.len()).filter(|&i| rows[i].stats.order_count > 0).collect();
    let inputs: Vec<RfmInput> = population
        .iter()
        .map(|&i| {
            let s = &rows[i].stats;
            RfmInput {
                days_since_last_order: s.days_since_last_order().unwrap_or(0),
                frequency: s.window_order_count,
                monetary: s.window_order_amount,
            }
        })
        .collect();
    let rfm = segmentation::rfm(&inputs);
    let revenue: Vec<(&str, i64)> =
        population.iter().map(|&i| (rows[i].code.as_str(), rows[i].stats.window_order_amount)).collect();
    let abc = segmentation::abc(&revenue, thresholds);
    let mut segments: BTreeMap<RfmSegment, i64> = BTreeMap::new();
    let mut classes: BTreeMap<AbcClass, i64> = BTreeMap::new();
    let churn: Vec<Option<(f64, bool)>> = rows
        .iter()
        .map(|row| {
            let s = &row.stats;
            segmentation::churn_risk(s.order_count, s.first_order_date?, s.last_order_date?, as_of, churn_k)
        })
        .collect();
    let churn_risks = churn.iter().filter(|c| c.is_some_and(|c| c.1)).count() as i64;
    // Each row's place in the population (u32::MAX outside it): 4 bytes a customer.
    let mut by_row: Vec<u32> = vec![u32::MAX; rows.len()];
    for (k, &i) in population.iter().enumerate() {
        by_row[i] = k as u32;
        *segments.entry(rfm[k].3).or_default() += 1;
        *classes.entry(abc[k].0).or_default() += 1;
    }
    if !write {
        return Ok((population.len() as i64, segments, classes, churn_risks, 0));
    }
    let written = cx.tx.replace_segments(
        as_of,
        window,
        rows.iter().zip(&by_row).zip(&churn).map(|((row, &k), churn)| match (k != u32::MAX).then_some(k as usize) {
            Some(k) => SegmentRow {
                customer_id: &row.id,
                last_order_date: row.stats.last_order_date,
                frequency: Some(inputs[k].frequency),
                monetary: Some(inputs[k].monetary),
                rfm: Some((rfm[k].0, rfm[k].1, rfm[k].2, rfm[k].3.as_str())),
                abc: Some((abc[k].0.as_str(), abc[k].1)),
                churn: *churn,
            },
            None => SegmentRow {
                customer_id: &row.id,
                last_order_date: None,
                frequency: None,
                monetary: None,
                rfm: None,
                abc: None,
                churn: *churn,
            },
        }),
    )?;
    Ok((population.len() as i64, segments, classes, churn_risks, written))
}
