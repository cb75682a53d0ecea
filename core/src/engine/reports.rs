//! Reports (SCORE-7, SCORE-9, SCORE-10): the weighted forecast, pipeline by owner or department, won/lost, lead conversion, customer distribution, the churn list; all counted over the actor's scope.

use std::collections::BTreeMap;

use super::EngineResult;
use super::paging::page_limit;
use super::{Engine, statistics};
use crate::domain::analytics::{
    ChurnReport, ChurnRequest, ChurnRisk, CustomerDistributionRequest, CustomerGrouping, Forecast, ForecastMonth,
    GroupCount, GroupReport, LeadConversionGroup, LeadConversionReport, LeadConversionRequest, LeadGrouping,
    PeriodRequest, PipelineGroup, PipelineGrouping, PipelineReport, PipelineReportRequest, WonLostGroup, WonLostReport,
};
use crate::domain::funnel::{period_span, ratio};
use crate::storage::ListScope;

impl Engine {
    /// SCORE-7: open opportunities weighted by probability per expected close month and forecast category,
    /// and the won amount per month, over the actor's scope.
    pub fn forecast(&self, actor: Option<&str>, req: PeriodRequest) -> EngineResult<Forecast> {
        self.read(actor, |cx| {
            let today = statistics::today(cx)?;
            let (from, to) = period_span(req.from.as_deref(), req.to.as_deref(), today)?;
            let offset = cx.organisation()?.utc_offset_minutes;
            let scope = ListScope::of(&cx.actor);
            let mut months: BTreeMap<Option<String>, ForecastMonth> = BTreeMap::new();
            for (month, category, weighted, count) in
                cx.tx.forecast_open(&scope, req.owner_id.as_deref(), &from, &to)?
            {
                let m = months.entry(month.clone()).or_insert_with(|| ForecastMonth { month, ..Default::default() });
                match category.as_str() {
                    "commit" => m.commit += weighted,
                    "best_case" => m.best_case += weighted,
                    _ => m.pipeline += weighted,
                }
                m.weighted += weighted;
                m.open_opportunities += count;
            }
            for (month, amount) in cx.tx.forecast_won(&scope, req.owner_id.as_deref(), &from, &to, offset)? {
                let key = Some(month);
                months
                    .entry(key.clone())
                    .or_insert_with(|| ForecastMonth { month: key, ..Default::default() })
                    .closed += amount;
            }
            // Months in order; the open opportunities without a close date last.
            let (undated, mut dated): (Vec<_>, Vec<_>) = months.into_values().partition(|m| m.month.is_none());
            dated.extend(undated);
            Ok(Forecast { from, to, months: dated })
        })
    }

    /// SCORE-9: open opportunities, amount and weighted amount per owner or department.
    pub fn pipeline_report(&self, actor: Option<&str>, req: PipelineReportRequest) -> EngineResult<PipelineReport> {
        self.read(actor, |cx| {
            let by_department = req.by == PipelineGrouping::Department;
            let groups = cx
                .tx
                .pipeline_groups(&ListScope::of(&cx.actor), by_department)?
                .into_iter()
                .map(|(id, name, opportunities, amount, weighted)| PipelineGroup {
                    id,
                    name,
                    opportunities,
                    amount,
                    weighted,
                })
                .collect();
            Ok(PipelineReport { groups })
        })
    }

    /// SCORE-9: won and lost opportunities closed in the months, by reason and competitor.
    pub fn won_lost_report(&self, actor: Option<&str>, req: PeriodRequest) -> EngineResult<WonLostReport> {
        self.read(actor, |cx| {
            let today = statistics::today(cx)?;
            let (from, to) = period_span(req.from.as_deref(), req.to.as_deref(), today)?;
            let offset = cx.organisation()?.utc_offset_minutes;
            let groups = cx
                .tx
                .won_lost_groups(&ListScope::of(&cx.actor), req.owner_id.as_deref(), &from, &to, offset)?
                .into_iter()
                .map(|(status, reason, competitor, opportunities, amount)| WonLostGroup {
                    status,
                    reason,
                    competitor,
                    opportunities,
                    amount,
                })
                .collect();
            Ok(WonLostReport { from, to, groups })
        })
    }

    /// SCORE-9: leads created in the months by source or campaign, with conversions.
    pub fn lead_conversion_report(
        &self,
        actor: Option<&str>,
        req: LeadConversionRequest,
    ) -> EngineResult<LeadConversionReport> {
        self.read(actor, |cx| {
            let today = statistics::today(cx)?;
            let (from, to) = period_span(req.from.as_deref(), req.to.as_deref(), today)?;
            let offset = cx.organisation()?.utc_offset_minutes;
            let by_campaign = req.by == LeadGrouping::Campaign;
            let groups = cx
                .tx
                .lead_conversion_groups(&ListScope::of(&cx.actor), by_campaign, &from, &to, offset)?
                .into_iter()
                .map(|(key, leads, converted, disqualified)| LeadConversionGroup {
                    key,
                    leads,
                    converted,
                    disqualified,
                    conversion_rate: ratio(converted, leads),
                })
                .collect();
            Ok(LeadConversionReport { from, to, groups })
        })
    }

    /// SCORE-9: live customers by source, status, kind, province or industry.
    pub fn customer_distribution(
        &self,
        actor: Option<&str>,
        req: CustomerDistributionRequest,
    ) -> EngineResult<GroupReport> {
        self.read(actor, |cx| {
            let key = match req.by {
                CustomerGrouping::Source => "c.source",
                CustomerGrouping::Status => "c.status",
                CustomerGrouping::Kind => "c.kind",
                CustomerGrouping::Region => "CASE WHEN instr(c.region, '/') > 0 THEN substr(c.region, 1, instr(c.region, '/') - 1) ELSE c.region END",
                CustomerGrouping::Industry => "c.industry",
            };
            let groups = cx
                .tx
                .customer_distribution(&ListScope::of(&cx.actor), key)?
                .into_iter()
                .map(|(key, customers)| GroupCount { key, customers, amount: 0 })
                .collect();
            Ok(GroupReport { groups })
        })
    }

    /// SCORE-10: customers at churn risk from the last rescoring, in the actor's scope.
    pub fn churn_report(&self, actor: Option<&str>, req: ChurnRequest) -> EngineResult<ChurnReport> {
        self.read(actor, |cx| {
            let limit = page_limit(req.limit)?;
            let as_of = statistics::reference(cx)?.map(|r| r.0);
            let k = cx.tx.meta_get("churn_k")?.and_then(|k| k.parse().ok());
            let customers = cx
                .tx
                .churn_list(&ListScope::of(&cx.actor), limit)?
                .into_iter()
                .map(|(customer_id, code, name, owner_id, days, mean)| ChurnRisk {
                    customer_id,
                    code,
                    name,
                    owner_id,
                    days_since_last_order: days,
                    mean_interval_days: (mean * 100.0).round() / 100.0,
                    ratio: (mean > 0.0).then(|| (days as f64 / mean * 100.0).round() / 100.0),
                })
                .collect();
            Ok(ChurnReport { as_of, k, customers })
        })
    }
}
