//! Seeding the pipeline and its opportunities: each advanced stage by stage (through the approval gate when it can), some won or lost.

use chrono::Duration;
use serde_json::{Value, json};

use super::customers::SeededCustomer;
use super::layout::{Org, Pipeline, STAGES, pipeline_request};
use super::names::{COMPETITORS, LOSS_REASONS, PRODUCTS};
use super::seeder::{Seeder, has, id_of};
use crate::api::ApiResult;

impl Seeder<'_> {
    pub(super) fn pipeline(&mut self) -> ApiResult<Option<Pipeline>> {
        if self.skip("pipelines.create") {
            return Ok(None);
        }
        let result = self.call("pipelines.create", pipeline_request())?;
        self.summary.pipelines += 1;
        Ok(Some(Pipeline { id: id_of(&result), stages: STAGES.iter().map(|s| s.0.to_string()).collect() }))
    }

    pub(super) fn opportunities(
        &mut self,
        org: &Org,
        customers: &[SeededCustomer],
        pipeline: &Pipeline,
        count: usize,
    ) -> ApiResult<()> {
        let owned: Vec<&SeededCustomer> = customers.iter().filter(|c| c.owner_id.is_some()).collect();
        if self.skip("opportunities.create") || owned.is_empty() || count == 0 {
            return Ok(());
        }
        let can_advance = !self.skip("opportunities.advance");
        for i in 0..count {
            let customer = owned[self.rng.below(owned.len() as u64) as usize];
            let owner = customer.owner_id.clone().unwrap_or_default();
            let request = self.opportunity_item(org, customer, &owner, pipeline, i);
            let opp = self.call("opportunities.create", request)?;
            let id = id_of(&opp);
            self.summary.opportunities += 1;
            if !can_advance {
                continue;
            }
            // Spread over the stages; about one in five closes (won or lost).
            let target = self.rng.below(pipeline.stages.len() as u64) as usize;
            let reached = self.advance(org, &owner, &id, pipeline, target)?;
            let roll = self.rng.below(10);
            if reached + 1 == pipeline.stages.len() && roll < 6 && has("opportunities.win") {
                self.call("opportunities.win", json!({"id": id}))?;
                self.summary.opportunities_won += 1;
            } else if roll == 9 && has("opportunities.lose") {
                let reason = *self.rng.pick(LOSS_REASONS);
                let competitor = *self.rng.pick(COMPETITORS);
                self.call("opportunities.lose", json!({"id": id, "reason": reason, "competitor": competitor}))?;
                self.summary.opportunities_lost += 1;
            }
        }
        Ok(())
    }

    /// One `opportunities.create` request, at the first stage.
    fn opportunity_item(
        &mut self,
        org: &Org,
        customer: &SeededCustomer,
        owner: &str,
        pipeline: &Pipeline,
        i: usize,
    ) -> Value {
        let product = *self.rng.pick(PRODUCTS);
        // 50 thousand to 2 million yuan, in whole thousands, as fen.
        let amount = (50 + self.rng.below(1950) as i64) * 1000 * 100;
        let close = (org.now + Duration::days(15 + self.rng.below(165) as i64)).date_naive();
        json!({
            "customer_id": customer.id,
            "title": format!("{} {product}", customer.short_name),
            "amount": amount,
            "currency": "CNY",
            "pipeline_id": pipeline.id,
            "stage": pipeline.stages[0],
            "expected_close_date": close.to_string(),
            "owner_id": owner,
            "source": self.source(),
            "external_ref": format!("demo-o-{i:05}"),
        })
    }

    /// Advances stage by stage up to `target`; an approval gate is passed when the approval methods
    /// exist (submitted by the system, approved by the owner's team manager), else the opportunity
    /// stays at the gate. Answers the index of the stage reached.
    fn advance(&mut self, org: &Org, owner: &str, id: &str, pipeline: &Pipeline, target: usize) -> ApiResult<usize> {
        let mut at = 0;
        while at < target {
            let gate = STAGES[at].3;
            if gate {
                if !(has("opportunities.submit_for_approval") && has("opportunities.approve")) {
                    return Ok(at);
                }
                self.call("opportunities.submit_for_approval", json!({"id": id}))?;
                let approver = org.team_of_rep(owner).map(|t| t.manager_id.as_str());
                self.engine.call_value(approver, "opportunities.approve", &json!({"id": id}).to_string())?;
            }
            self.call("opportunities.advance", json!({"id": id, "stage": pipeline.stages[at + 1]}))?;
            at += 1;
        }
        Ok(at)
    }
}
