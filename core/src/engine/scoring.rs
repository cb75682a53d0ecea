//! Value models and rescoring requests (SCORE-1..5): model upkeep, `scores.rescore`, a customer's scores, and the scoped reports.
//!
//! Scores are a property of the customer, computed over every live customer
//! whoever asks (Appendix A); the reports count only the customers in the
//! actor's scope.

use std::collections::BTreeMap;

use super::{Ctx, Engine, rescoring, statistics};
use super::{EngineError, EngineResult};
use crate::domain::access;
use crate::domain::analytics::{
    CustomerScores, GroupReport, PyramidLevel, PyramidRequest, RescoreRequest, RescoreSummary, ScoreView, ValuePyramid,
};
use crate::domain::calendar;
use crate::domain::common::IdRequest;
use crate::domain::custom_fields::CustomFieldType;
use crate::domain::entity::Entity;
use crate::domain::text;
use crate::domain::value_model::{
    self, Dimension, Grade, ValueModel, ValueModelDraft, ValueModelListRequest, ValueModelPatch, validate_model,
};
use crate::storage::ListScope;

/// The longest scoring window.
const MAX_WINDOW_DAYS: i64 = 3660;

impl Engine {
    /// Creates a value model (admin or system) and scores every customer with it.
    pub fn create_value_model(&self, actor: Option<&str>, draft: ValueModelDraft) -> EngineResult<ValueModel> {
        self.write(actor, |cx| {
            cx.actor.require_admin("value models")?;
            let code = text::code("code", &draft.code)?;
            let name = text::required("name", &draft.name, text::SHORT_MAX)?;
            check_dimensions(cx, &draft.dimensions, &draft.grading)?;
            if cx.tx.value_model_by_code(&code)?.is_some() {
                return Err(EngineError::conflict("code", "another value model has this code"));
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
            cx.tx.save_value_model(None, &model)?;
            if model.is_default {
                cx.tx.set_default_value_model(&model.id)?;
            }
            cx.audit_change(Entity::ValueModel, &model.id, "create", None, &model)?;
            let as_of = rescoring::scoring_date(cx)?;
            rescoring::run(cx, std::slice::from_ref(&model), as_of, None)?;
            Ok(model)
        })
    }

    /// Changes a value model (admin or system): its version rises and every customer is rescored with it.
    pub fn update_value_model(&self, actor: Option<&str>, patch: ValueModelPatch) -> EngineResult<ValueModel> {
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
                return Err(EngineError::validation("is_default", "make another model the default instead"));
            }
            model.is_default = before.is_default || patch.is_default == Some(true);
            check_dimensions(cx, &model.dimensions, &model.grading)?;
            model.version += 1;
            model.updated_at = cx.now;
            cx.tx.save_value_model(Some(&before), &model)?;
            if model.is_default {
                cx.tx.set_default_value_model(&model.id)?;
            }
            cx.audit_change(Entity::ValueModel, &model.id, "update", Some(&before), &model)?;
            let as_of = rescoring::scoring_date(cx)?;
            rescoring::run(cx, std::slice::from_ref(&model), as_of, None)?;
            Ok(model)
        })
    }

    /// One value model.
    pub fn value_model(&self, actor: Option<&str>, req: IdRequest) -> EngineResult<ValueModel> {
        self.read(actor, |cx| cx.tx.value_model(&req.id)?.ok_or_else(|| EngineError::not_found("no such value model")))
    }

    /// The value models, the default first.
    pub fn list_value_models(&self, actor: Option<&str>, req: ValueModelListRequest) -> EngineResult<Vec<ValueModel>> {
        self.read(actor, |cx| Ok(cx.tx.value_models(req.include_archived)?))
    }

    /// Rescores every live customer as of a date (admin or system): every live model, RFM and ABC.
    /// `dry_run`: the same rescoring in the transaction, rolled back (nothing changes, not even the
    /// statistics' reference date).
    pub fn rescore(&self, actor: Option<&str>, req: RescoreRequest) -> EngineResult<RescoreSummary> {
        self.write_or_dry_run(actor, req.dry_run, |cx| {
            cx.actor.require_admin("rescoring")?;
            let as_of = match req.as_of.as_deref() {
                Some(d) => calendar::parse_date("as_of", d)?,
                None => statistics::today(cx)?,
            };
            let window = req.window_days.unwrap_or(statistics::DEFAULT_WINDOW_DAYS);
            if !(1..=MAX_WINDOW_DAYS).contains(&window) {
                return Err(EngineError::validation("window_days", format!("must be between 1 and {MAX_WINDOW_DAYS}")));
            }
            let thresholds = req.abc.unwrap_or_default();
            if !(0.0 < thresholds.a && thresholds.a < thresholds.b && thresholds.b <= 1.0) {
                return Err(EngineError::validation("abc", "needs 0 < a < b <= 1"));
            }
            statistics::move_reference(cx, as_of, window)?;
            let models = cx.tx.value_models(false)?;
            let churn_k = req.churn_k.unwrap_or(2.0);
            if !(churn_k.is_finite() && churn_k > 0.0) {
                return Err(EngineError::validation("churn_k", "must be a number above 0"));
            }
            let segmenting = rescoring::Segmenting { window_days: window, thresholds, churn_k };
            let done = rescoring::run(cx, &models, as_of, Some(&segmenting))?;
            cx.tx.meta_set("churn_k", &churn_k.to_string())?;
            let counts = done.segments.unwrap_or_default();
            Ok(RescoreSummary {
                as_of,
                window_days: window,
                customers: done.customers,
                models: done.models,
                rfm_population: counts.population,
                segments: counts.segments,
                abc: counts.classes,
                churn_risks: counts.churn_risks,
                rows_written: done.rows_written as i64,
            })
        })
    }

    /// A customer's scores, RFM and ABC from the last rescoring (readable customers only).
    pub fn customer_scores(&self, actor: Option<&str>, req: IdRequest) -> EngineResult<CustomerScores> {
        self.read(actor, |cx| {
            access::require_read(cx.access(Entity::Customer, &req.id)?, Entity::Customer)?;
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
    pub fn value_pyramid(&self, actor: Option<&str>, req: PyramidRequest) -> EngineResult<ValuePyramid> {
        self.read(actor, |cx| {
            let model = match &req.model_id {
                Some(id) => live_model(cx, id)?,
                None => cx
                    .tx
                    .value_models(false)?
                    .into_iter()
                    .find(|m| m.is_default)
                    .ok_or_else(|| EngineError::not_found("no value model is defined"))?,
            };
            let groups = cx.tx.scoped_customer_groups(
                &ListScope::reports(&cx.actor),
                "LEFT JOIN customer_scores sc ON sc.customer_id = c.id AND sc.model_id = ?1",
                "sc.grade",
                "s.order_amount",
                vec![model.id.clone().into()],
            )?;
            let found: BTreeMap<Option<String>, (i64, i64)> =
                groups.into_iter().map(|g| (g.key, (g.customers, g.amount))).collect();
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
    pub fn rfm_segment_report(&self, actor: Option<&str>) -> EngineResult<GroupReport> {
        self.segment_report(actor, "seg.segment")
    }

    /// ABC class counts (SCORE-9) over the actor's scope, from the last rescoring.
    pub fn abc_report(&self, actor: Option<&str>) -> EngineResult<GroupReport> {
        self.segment_report(actor, "seg.abc_class")
    }

    fn segment_report(&self, actor: Option<&str>, key: &str) -> EngineResult<GroupReport> {
        self.read(actor, |cx| {
            let groups = cx.tx.scoped_customer_groups(
                &ListScope::reports(&cx.actor),
                "LEFT JOIN customer_segments seg ON seg.customer_id = c.id",
                key,
                "seg.monetary",
                Vec::new(),
            )?;
            Ok(GroupReport { groups })
        })
    }
}

fn live_model(cx: &Ctx<'_>, id: &str) -> EngineResult<ValueModel> {
    cx.tx
        .value_model(id)?
        .filter(|m| m.archived_at.is_none())
        .ok_or_else(|| EngineError::not_found("no such value model").with_field("id"))
}

/// Validates a model, and that each custom dimension names a numeric customer custom field.
fn check_dimensions(cx: &Ctx<'_>, dimensions: &[Dimension], grading: &value_model::Grading) -> EngineResult<()> {
    validate_model(dimensions, grading)?;
    let defs = cx.tx.custom_field_defs(Entity::Customer)?;
    for (i, d) in dimensions.iter().enumerate() {
        if let Some(key) = &d.field
            && !defs.iter().any(|def| def.key == *key && def.field_type == CustomFieldType::Number)
        {
            return Err(EngineError::validation(
                format!("dimensions[{i}].field"),
                "must name a number custom field of customers",
            ));
        }
    }
    Ok(())
}
