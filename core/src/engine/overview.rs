//! The customer 360 overview (CUS-4): statistics as of a date, credit, open opportunities, score and segments.

use super::{Engine, statistics};
use super::{EngineError, EngineResult};
use crate::domain::access;
use crate::domain::analytics::{CustomerOverview, OverviewRequest};
use crate::domain::calendar;
use crate::domain::entity::Entity;
use crate::domain::money::round_half_up_div;
use crate::domain::withholding::Withhold;

impl Engine {
    /// One customer's 360 overview (readable customers only), consistent with its documents as of `as_of`.
    pub fn customer_overview(&self, actor: Option<&str>, req: OverviewRequest) -> EngineResult<CustomerOverview> {
        self.read(actor, |cx| {
            access::require_read(cx.access(Entity::Customer, &req.id)?, Entity::Customer)?;
            let customer = cx.tx.customer(&req.id)?.ok_or_else(|| EngineError::not_found("no such customer"))?;
            let as_of = match req.as_of.as_deref() {
                Some(d) => calendar::parse_date("as_of", d)?,
                None => statistics::today(cx)?,
            };
            let stats = statistics::as_of(cx, &req.id, as_of)?;
            let opportunities = cx.tx.customer_open_opportunities(&req.id)?;
            let weighted = opportunities
                .iter()
                .map(|o| round_half_up_div(i128::from(o.amount_base) * i128::from(o.probability), 100) as i64)
                .sum();
            let default_model = cx.tx.value_models(false)?.into_iter().find(|m| m.is_default);
            let score = match &default_model {
                Some(m) => cx.tx.customer_score(&m.id, &req.id)?,
                None => None,
            };
            let segment = cx.tx.customer_segment(&req.id)?;
            let channel_partners = cx.tx.customer_channel_figures(&req.id, as_of)?;
            Ok(CustomerOverview {
                customer_id: req.id,
                as_of,
                credit_limit: customer.credit_limit,
                credit_available: customer.credit_limit.map(|l| l - stats.outstanding_amount),
                statistics: stats,
                open_opportunities: opportunities.len() as i64,
                open_opportunities_weighted: weighted,
                value_score: score.as_ref().map(|s| s.score as f64 / 100.0),
                value_grade: score.map(|s| s.grade),
                rfm_segment: segment.as_ref().and_then(|s| s.rfm.as_ref()).map(|r| r.segment),
                abc_class: segment.as_ref().and_then(|s| s.abc.as_ref()).map(|a| a.class),
                channel_partners,
                withheld: Vec::new(),
            }
            .withheld_from(&cx.actor))
        })
    }
}
