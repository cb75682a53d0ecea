//! Seeding leads in batches, and assigning about 60% of them round robin within the team serving each lead's region.

use serde_json::{Value, json};

use super::layout::{Org, Team};
use super::names::{CAMPAIGNS, CN_COMPANY_TRADES, CN_COMPANY_WORDS};
use super::seeder::{Seeder, batch_ids};
use crate::api::ApiResult;

impl Seeder<'_> {
    pub(super) fn leads(&mut self, org: &Org, count: usize) -> ApiResult<()> {
        if self.skip("leads.batch") || count == 0 {
            return Ok(());
        }
        let mut lead_teams = Vec::with_capacity(count);
        let mut ids = Vec::with_capacity(count);
        let mut items = Vec::new();
        for i in 0..count {
            let team = self.rng.below(org.teams.len() as u64) as usize;
            items.push(self.lead_item(&org.teams[team], i));
            lead_teams.push(team);
            if items.len() == 500 || i + 1 == count {
                let result = self.call("leads.batch", json!({"items": std::mem::take(&mut items)}))?;
                ids.extend(batch_ids(&result));
            }
        }
        self.summary.leads = ids.len();
        if self.skip("leads.assign") {
            return Ok(());
        }
        // About 60% are assigned, round robin within the team serving the lead's region.
        for (t, team) in org.teams.iter().enumerate() {
            let chosen: Vec<&String> = ids
                .iter()
                .zip(&lead_teams)
                .enumerate()
                .filter(|(i, (_, lt))| **lt == t && i % 5 < 3)
                .map(|(_, (id, _))| id)
                .collect();
            for chunk in chosen.chunks(200) {
                self.call("leads.assign", assign_request(chunk, &team.department_id))?;
                self.summary.leads_assigned += chunk.len();
            }
        }
        Ok(())
    }

    /// One `leads.batch` item.
    fn lead_item(&mut self, team: &Team, i: usize) -> Value {
        let (person, pinyin) = self.chinese_person();
        let (region, city) = *self.rng.pick(team.regions);
        let (word, slug) = *self.rng.pick(CN_COMPANY_WORDS);
        let (trade, industry) = *self.rng.pick(CN_COMPANY_TRADES);
        json!({
            "person_name": person,
            "company_name": format!("{city}{word}{trade}有限公司"),
            "phone": self.mobile(),
            "email": format!("{pinyin}@{slug}-{i}.example.cn"),
            "source": self.source(),
            "campaign": *self.rng.pick(CAMPAIGNS),
            "region": region,
            "industry": industry,
        })
    }
}

/// The `leads.assign` request: round robin within a team.
fn assign_request(ids: &[&String], department_id: &str) -> Value {
    json!({"ids": ids, "method": {"kind": "round_robin", "department_id": department_id}})
}
