//! The funnel (SCORE-8): refreshing the counters of the opportunities a write touched, and the report read from them.
//!
//! Each opportunity's contribution is stored; a refresh subtracts the old one
//! from the per-pipeline, per-month, per-owner counters and adds the new one,
//! so the report reads a few counter rows instead of the stage history.

use std::collections::{BTreeMap, BTreeSet};

use super::{Ctx, Engine, statistics};
use super::{EngineError, EngineResult};
use crate::domain::funnel::{self, FunnelReport, FunnelRequest, FunnelStage};
use crate::domain::opportunity::{Opportunity, OpportunityStatus};
use crate::storage::{FunnelFilter, FunnelInputs, ListScope};

const BUILT_KEY: &str = "funnel_built";

/// Builds every opportunity's funnel contribution and every closed record's prediction fact once (files from before they existed).
pub(crate) fn build_once(cx: &mut Ctx<'_>) -> EngineResult<()> {
    if cx.tx.meta_get(BUILT_KEY)?.is_some() {
        return Ok(());
    }
    let all: BTreeSet<String> = cx.tx.opportunity_ids(None)?.into_iter().collect();
    refresh(cx, &all)?;
    super::prediction::refresh(cx, super::prediction::Kind::Opportunity, &all)?;
    let leads: BTreeSet<String> = cx.tx.lead_ids()?.into_iter().collect();
    super::prediction::refresh(cx, super::prediction::Kind::Lead, &leads)?;
    cx.tx.meta_set(BUILT_KEY, "1")?;
    Ok(())
}

/// Replaces the contributions of `opportunities` (and of every opportunity of a pipeline whose stages changed).
pub(crate) fn refresh(cx: &mut Ctx<'_>, opportunities: &BTreeSet<String>) -> EngineResult<()> {
    for id in opportunities {
        let inputs = cx.tx.funnel_inputs(id)?;
        replace_contribution(cx, id, inputs)?;
    }
    Ok(())
}

/// Replaces the contributions of the opportunities this write saved, from the records as saved (their
/// rows are not read again; only their stage visits are).
pub(crate) fn refresh_saved(cx: &mut Ctx<'_>, saved: &BTreeMap<String, Opportunity>) -> EngineResult<()> {
    for (id, o) in saved {
        let inputs = FunnelInputs {
            pipeline_id: o.pipeline_id.clone(),
            owner_id: o.owner_id.clone(),
            amount_base: o.amount_base,
            status: o.status.as_str().to_string(),
            created_at: o.created_at,
            closed_at: o.closed_at,
            archived: o.archived_at.is_some(),
            visits: cx.tx.stage_visits(id)?,
        };
        replace_contribution(cx, id, Some(inputs))?;
    }
    Ok(())
}

/// Swaps an opportunity's stored contribution for the one its `inputs` give (none: archived or gone).
fn replace_contribution(cx: &mut Ctx<'_>, id: &str, inputs: Option<FunnelInputs>) -> EngineResult<()> {
    let offset = cx.organisation()?.utc_offset_minutes;
    let new = inputs.filter(|i| !i.archived).map(|i| {
        let outcome = OpportunityStatus::parse(&i.status).unwrap_or(OpportunityStatus::Open);
        funnel::contribution(
            &i.pipeline_id,
            i.owner_id.as_deref(),
            i.amount_base,
            outcome,
            i.created_at,
            i.closed_at,
            &i.visits,
            offset,
        )
    });
    let old = cx.tx.funnel_contribution(id)?;
    if old == new {
        return Ok(());
    }
    if let Some(old) = &old {
        cx.tx.add_funnel_counts(old, -1)?;
    }
    if let Some(new) = &new {
        cx.tx.add_funnel_counts(new, 1)?;
    }
    cx.tx.save_funnel_contribution(id, new.as_ref())?;
    Ok(())
}

/// Refreshes every opportunity of a pipeline (its stage positions changed).
pub(crate) fn refresh_pipeline(cx: &mut Ctx<'_>, pipeline_id: &str) -> EngineResult<()> {
    let all: BTreeSet<String> = cx.tx.opportunity_ids(Some(pipeline_id))?.into_iter().collect();
    refresh(cx, &all)
}

impl Engine {
    /// The funnel of a pipeline over creation months, for the opportunities in the actor's scope.
    pub fn funnel_report(&self, actor: Option<&str>, req: FunnelRequest) -> EngineResult<FunnelReport> {
        self.read(actor, |cx| {
            let pipeline = match &req.pipeline_id {
                Some(id) => cx.tx.pipeline(id)?,
                None => cx.tx.pipelines(false)?.into_iter().find(|p| p.is_default),
            }
            .ok_or_else(|| EngineError::not_found("no such pipeline").with_field("pipeline_id"))?;
            let today = statistics::today(cx)?;
            let (from, to) = funnel::period_span(req.from.as_deref(), req.to.as_deref(), today)?;
            let scope = ListScope::reports(&cx.actor);
            let filter = FunnelFilter {
                scope: &scope,
                pipeline_id: &pipeline.id,
                from: &from,
                to: &to,
                owner_id: req.owner_id.as_deref(),
            };
            let mut counts = cx.tx.funnel_counts(&filter)?;
            for shared in cx.tx.funnel_collaborations(&filter)? {
                counts.add(&shared, &from, &to);
            }
            let positions: Vec<i64> = pipeline.stages.iter().map(|s| s.position).collect();
            let reached = counts.reached(&positions);
            let stages = pipeline
                .stages
                .iter()
                .enumerate()
                .map(|(i, s)| {
                    let (visits, seconds) =
                        counts.stage_time.iter().find(|t| t.stage_id == s.id).map_or((0, 0), |t| (t.visits, t.seconds));
                    FunnelStage {
                        stage_id: s.id.clone(),
                        code: s.code.clone(),
                        name: s.name.clone(),
                        position: s.position,
                        reached: reached[i].0,
                        reached_amount: reached[i].1,
                        conversion_to_next: reached.get(i + 1).and_then(|next| funnel::ratio(next.0, reached[i].0)),
                        average_days_in_stage: funnel::days(seconds, visits),
                    }
                })
                .collect();
            let won_counts = counts.outcome(OpportunityStatus::Won);
            let (won, won_amount, won_seconds) = (won_counts.opportunities, won_counts.amount, won_counts.seconds);
            let lost = counts.outcome(OpportunityStatus::Lost).opportunities;
            let abandoned = counts.outcome(OpportunityStatus::Abandoned).opportunities;
            Ok(FunnelReport {
                pipeline_id: pipeline.id.clone(),
                from,
                to,
                created: counts.reach.iter().map(|r| r.opportunities).sum(),
                stages,
                won,
                lost,
                abandoned,
                win_rate: funnel::ratio(won, won + lost),
                average_deal_size: (won > 0)
                    .then(|| crate::domain::money::round_half_up_div(i128::from(won_amount), i128::from(won)) as i64),
                average_cycle_days: funnel::days(won_seconds, won),
            })
        })
    }
}
