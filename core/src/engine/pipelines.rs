//! Pipelines (OPP-1): their set-up by an administrator, the default pipeline, and stage lists replaced without losing the stages' ids.

use super::{Ctx, Engine};
use super::{EngineError, EngineResult};
use crate::domain::common::IdRequest;
use crate::domain::entity::Entity;
use crate::domain::pipeline::{self, Pipeline, PipelineDraft, PipelineListRequest, PipelinePatch, Stage};
use crate::domain::text;

/// Moves the default flag to `keep`: every other default pipeline loses it (audited).
fn clear_other_defaults(cx: &Ctx<'_>, keep: &str) -> EngineResult<()> {
    for p in cx.tx.pipelines(true)? {
        if p.is_default && p.id != keep {
            let mut after = p.clone();
            after.is_default = false;
            after.updated_at = cx.now;
            cx.tx.save_pipeline(Some(&p), &after)?;
            cx.audit_change(Entity::Pipeline, &p.id, "update", Some(&p), &after)?;
        }
    }
    Ok(())
}

/// Replaces a pipeline's stages: known codes keep their ids, new codes get new ids,
/// codes left out are retired (refused while open opportunities are at them).
fn replace_stages(cx: &Ctx<'_>, p: &mut Pipeline, drafts: &[pipeline::StageDraft]) -> EngineResult<()> {
    let valid = pipeline::validate_stages(drafts)?;
    for old in &p.stages {
        if !valid.iter().any(|v| v.code == old.code) {
            if cx.tx.count_open_at_stage(&old.id)? > 0 {
                return Err(EngineError::invalid_state("a stage with open opportunities cannot be removed"));
            }
            cx.tx.retire_stage(&old.id)?;
        }
    }
    let mut stages = Vec::with_capacity(valid.len());
    for (i, v) in valid.into_iter().enumerate() {
        let id = match cx.tx.stage_id_by_code(&p.id, &v.code)? {
            Some(id) => id,
            None => cx.new_id(),
        };
        let s = Stage {
            id,
            code: v.code,
            name: v.name,
            position: i as i64 + 1,
            probability: v.probability,
            requires_approval: v.requires_approval,
            forecast_category: v.forecast_category,
        };
        cx.tx.save_stage(&p.id, &s)?;
        stages.push(s);
    }
    p.stages = stages;
    Ok(())
}

impl Engine {
    /// OPP-1: creates a pipeline (admin or system). The first pipeline becomes the default.
    pub fn create_pipeline(&self, actor: Option<&str>, draft: PipelineDraft) -> EngineResult<Pipeline> {
        self.write(actor, |cx| {
            cx.actor.require_admin("configure pipelines")?;
            let code = pipeline::validate_code(&draft.code)?;
            let name = text::required("name", &draft.name, text::NAME_MAX)?;
            pipeline::validate_stages(&draft.stages)?;
            if cx.tx.pipeline_by_code(&code)?.is_some() {
                return Err(EngineError::conflict("code", "another pipeline has this code"));
            }
            let is_default = draft.is_default || cx.tx.default_pipeline()?.is_none();
            let mut p = Pipeline {
                id: cx.new_id(),
                code,
                name,
                is_default,
                stages: Vec::new(),
                created_at: cx.now,
                updated_at: cx.now,
                archived_at: None,
            };
            if is_default {
                clear_other_defaults(cx, &p.id)?;
            }
            cx.tx.save_pipeline(None, &p)?;
            replace_stages(cx, &mut p, &draft.stages)?;
            cx.audit_change(Entity::Pipeline, &p.id, "create", None, &p)?;
            Ok(p)
        })
    }

    /// OPP-1: renames a pipeline, moves the default flag to it, or replaces its stages.
    pub fn update_pipeline(&self, actor: Option<&str>, patch: PipelinePatch) -> EngineResult<Pipeline> {
        self.write(actor, |cx| {
            cx.actor.require_admin("configure pipelines")?;
            let before = cx.tx.pipeline(&patch.id)?.ok_or_else(|| EngineError::not_found("no such pipeline"))?;
            let mut after = before.clone();
            if let Some(n) = &patch.name {
                after.name = text::required("name", n, text::NAME_MAX)?;
            }
            match patch.is_default {
                Some(true) if !before.is_default => {
                    if before.archived_at.is_some() {
                        return Err(EngineError::invalid_state("an archived pipeline cannot be the default"));
                    }
                    clear_other_defaults(cx, &before.id)?;
                    after.is_default = true;
                }
                Some(false) if before.is_default => {
                    return Err(EngineError::invalid_state("make another pipeline the default instead"));
                }
                _ => {}
            }
            if let Some(stages) = &patch.stages {
                replace_stages(cx, &mut after, stages)?;
            }
            after.updated_at = cx.now;
            cx.tx.save_pipeline(Some(&before), &after)?;
            cx.audit_change(Entity::Pipeline, &after.id, "update", Some(&before), &after)?;
            if patch.stages.is_some() {
                // Stage positions may have moved: the funnel counters of its opportunities follow.
                super::funnel::refresh_pipeline(cx, &after.id)?;
            }
            Ok(after)
        })
    }

    pub fn pipeline(&self, actor: Option<&str>, req: IdRequest) -> EngineResult<Pipeline> {
        self.read(actor, |cx| cx.tx.pipeline(&req.id)?.ok_or_else(|| EngineError::not_found("no such pipeline")))
    }

    pub fn list_pipelines(&self, actor: Option<&str>, req: PipelineListRequest) -> EngineResult<Vec<Pipeline>> {
        self.read(actor, |cx| Ok(cx.tx.pipelines(req.include_archived)?))
    }

    /// Archives a pipeline other than the default; its opportunities keep working.
    pub fn archive_pipeline(&self, actor: Option<&str>, req: IdRequest) -> EngineResult<Pipeline> {
        self.set_pipeline_archived(actor, &req.id, true)
    }

    pub fn restore_pipeline(&self, actor: Option<&str>, req: IdRequest) -> EngineResult<Pipeline> {
        self.set_pipeline_archived(actor, &req.id, false)
    }

    fn set_pipeline_archived(&self, actor: Option<&str>, id: &str, archive: bool) -> EngineResult<Pipeline> {
        self.write(actor, |cx| {
            cx.actor.require_admin("configure pipelines")?;
            let before = cx.tx.pipeline(id)?.ok_or_else(|| EngineError::not_found("no such pipeline"))?;
            if archive == before.archived_at.is_some() {
                return Err(EngineError::invalid_state(if archive {
                    "the pipeline is already archived"
                } else {
                    "the pipeline is not archived"
                }));
            }
            if archive && before.is_default {
                return Err(EngineError::invalid_state("the default pipeline cannot be archived"));
            }
            let mut after = before.clone();
            after.archived_at = if archive { Some(cx.now) } else { None };
            if !archive && cx.tx.default_pipeline()?.is_none() {
                after.is_default = true;
            }
            after.updated_at = cx.now;
            cx.tx.save_pipeline(Some(&before), &after)?;
            cx.audit_change(Entity::Pipeline, id, if archive { "archive" } else { "restore" }, Some(&before), &after)?;
            Ok(after)
        })
    }
}
