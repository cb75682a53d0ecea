//! Reports (SCORE-7, SCORE-9, SCORE-10): the weighted forecast, pipeline by owner or department, sales and order execution, won/lost, lead conversion, customer distribution, the churn list; all counted over the actor's scope.

use std::collections::BTreeMap;

use super::paging::page_limit;
use super::{Engine, statistics};
use super::{EngineError, EngineResult};
use crate::domain::analytics::{
    ChurnReport, ChurnRequest, ChurnRisk, CustomerDistributionRequest, CustomerGrouping, Forecast, ForecastMonth,
    GroupReport, LeadConversionGroup, LeadConversionReport, LeadConversionRequest, LeadGrouping, PeriodRequest,
    PipelineGrouping, PipelineReport, PipelineReportRequest, WonLostReport,
};
use crate::domain::analytics::{churn_ratio, two_decimals};
use crate::domain::funnel::{period_span, ratio};
use crate::domain::sales_report::{
    OrderExecutionReport, OrderExecutionRequest, SalesGrouping, SalesReport, SalesReportRequest,
};
use crate::domain::sort;
use crate::domain::withholding::Withhold;
use crate::storage::{ChurnCursor, ListScope};

impl Engine {
    /// SCORE-7: open opportunities weighted by probability per expected close month and forecast category,
    /// and the won amount per month, over the actor's scope.
    pub fn forecast(&self, actor: Option<&str>, req: PeriodRequest) -> EngineResult<Forecast> {
        self.read(actor, |cx| {
            let today = statistics::today(cx)?;
            let (from, to) = period_span(req.from.as_deref(), req.to.as_deref(), today)?;
            let offset = cx.organisation()?.utc_offset_minutes;
            let scope = ListScope::reports(&cx.actor);
            let mut months: BTreeMap<Option<String>, ForecastMonth> = BTreeMap::new();
            for open in cx.tx.forecast_open(&scope, req.owner_id.as_deref(), &from, &to)? {
                let month = open.month.clone();
                let m = months.entry(month.clone()).or_insert_with(|| ForecastMonth { month, ..Default::default() });
                match open.category.as_str() {
                    "commit" => m.commit += open.weighted,
                    "best_case" => m.best_case += open.weighted,
                    _ => m.pipeline += open.weighted,
                }
                m.weighted += open.weighted;
                m.open_opportunities += open.opportunities;
            }
            for won in cx.tx.forecast_won(&scope, req.owner_id.as_deref(), &from, &to, offset)? {
                let key = Some(won.month);
                months
                    .entry(key.clone())
                    .or_insert_with(|| ForecastMonth { month: key, ..Default::default() })
                    .closed += won.amount;
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
            let groups = cx.tx.pipeline_groups(&ListScope::reports(&cx.actor), by_department)?;
            Ok(PipelineReport { groups })
        })
    }

    /// SCORE-9: sales of the counting orders dated in the months, in the actor's report scope, grouped by
    /// product, category, region, owner, department, customer, channel partner or period.
    pub fn sales_report(&self, actor: Option<&str>, req: SalesReportRequest) -> EngineResult<SalesReport> {
        self.read(actor, |cx| {
            let today = statistics::today(cx)?;
            let (from, to) = period_span(req.from.as_deref(), req.to.as_deref(), today)?;
            let limit = page_limit(req.limit)?;
            let period = match req.by {
                SalesGrouping::Period => Some(req.period.unwrap_or_default()),
                _ => req.period,
            };
            let (groups, total_orders, total_amount) =
                cx.tx.sales_groups(&ListScope::reports(&cx.actor), req.by, period, &from, &to, limit)?;
            Ok(SalesReport { by: req.by, from, to, groups, total_orders, total_amount })
        })
    }

    /// SCORE-9: ordered, delivered, invoiced and received on the counting orders dated in the months, in the
    /// actor's report scope, grouped; received money is withheld without `view_financial` on receivables.
    pub fn order_execution_report(
        &self,
        actor: Option<&str>,
        req: OrderExecutionRequest,
    ) -> EngineResult<OrderExecutionReport> {
        self.read(actor, |cx| {
            let today = statistics::today(cx)?;
            let (from, to) = period_span(req.from.as_deref(), req.to.as_deref(), today)?;
            let limit = page_limit(req.limit)?;
            let groups = cx.tx.execution_groups(&ListScope::reports(&cx.actor), req.by, &from, &to, limit)?;
            Ok(OrderExecutionReport { by: req.by, from, to, groups, withheld: Vec::new() }.withheld_from(&cx.actor))
        })
    }

    /// SCORE-9: won and lost opportunities closed in the months, by reason and competitor.
    pub fn won_lost_report(&self, actor: Option<&str>, req: PeriodRequest) -> EngineResult<WonLostReport> {
        self.read(actor, |cx| {
            let today = statistics::today(cx)?;
            let (from, to) = period_span(req.from.as_deref(), req.to.as_deref(), today)?;
            let offset = cx.organisation()?.utc_offset_minutes;
            let groups =
                cx.tx.won_lost_groups(&ListScope::reports(&cx.actor), req.owner_id.as_deref(), &from, &to, offset)?;
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
                .lead_conversion_groups(&ListScope::reports(&cx.actor), by_campaign, &from, &to, offset)?
                .into_iter()
                .map(|g| LeadConversionGroup {
                    conversion_rate: ratio(g.converted, g.leads),
                    key: g.key,
                    leads: g.leads,
                    converted: g.converted,
                    disqualified: g.disqualified,
                })
                .collect();
            Ok(LeadConversionReport { from, to, groups })
        })
    }

    /// SCORE-9: live customers by source, status, kind, province or industry, with their revenue (every
    /// counting order as of the statistics date, base currency); most customers first.
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
            let mut groups =
                cx.tx.scoped_customer_groups(&ListScope::reports(&cx.actor), "", key, "s.order_amount", Vec::new())?;
            sort::sort_by(&mut groups, |a, b| b.customers.cmp(&a.customers).then_with(|| a.key.cmp(&b.key)));
            Ok(GroupReport { groups })
        })
    }

    /// SCORE-10: customers at churn risk from the last rescoring, in the actor's report scope, highest
    /// ratio first, a page at a time.
    pub fn churn_report(&self, actor: Option<&str>, req: ChurnRequest) -> EngineResult<ChurnReport> {
        self.read(actor, |cx| {
            let limit = page_limit(req.limit)?;
            let cursor = req.cursor.as_deref().map(churn_cursor).transpose()?;
            let as_of = statistics::reference(cx)?.map(|r| r.0);
            let k = cx.tx.meta_get("churn_k")?.and_then(|k| k.parse().ok());
            let mut rows = cx.tx.churn_page(&ListScope::reports(&cx.actor), cursor.as_ref(), limit + 1)?;
            let next_cursor = if rows.len() > limit as usize {
                rows.truncate(limit as usize);
                rows.last().map(|r| format!("{}|{}", r.rank, r.code))
            } else {
                None
            };
            let customers = rows
                .into_iter()
                .map(|r| ChurnRisk {
                    ratio: churn_ratio(r.days_since_last_order, r.mean_interval_days),
                    mean_interval_days: two_decimals(r.mean_interval_days),
                    customer_id: r.customer_id,
                    code: r.code,
                    name: r.name,
                    owner_id: r.owner_id,
                    days_since_last_order: r.days_since_last_order,
                })
                .collect();
            Ok(ChurnReport { as_of, k, customers, next_cursor })
        })
    }
}

/// A churn page cursor (`rank|code`, as the last page answered it).
fn churn_cursor(text: &str) -> EngineResult<ChurnCursor> {
    let bad = || EngineError::validation("cursor", "is not a cursor this report answered");
    let (rank, code) = text.split_once('|').ok_or_else(bad)?;
    let rank: f64 = rank.parse().map_err(|_| bad())?;
    if !rank.is_finite() {
        return Err(bad());
    }
    Ok(ChurnCursor { rank, code: code.to_string() })
}
