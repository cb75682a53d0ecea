//! Seeding activities in batches: done in the last 90 days or planned in the next two weeks, on owned customers.

use chrono::Duration;
use serde_json::{Value, json};

use super::customers::SeededCustomer;
use super::layout::Org;
use super::names::ACTIVITY_SUBJECTS;
use super::seeder::{Seeder, batch_ids};
use crate::api::ApiResult;

impl Seeder<'_> {
    pub(super) fn activities(&mut self, org: &Org, customers: &[SeededCustomer], count: usize) -> ApiResult<()> {
        let owned: Vec<&SeededCustomer> = customers.iter().filter(|c| c.owner_id.is_some()).collect();
        if self.skip("activities.batch") || owned.is_empty() || count == 0 {
            return Ok(());
        }
        let mut items = Vec::new();
        for i in 0..count {
            let customer = owned[self.rng.below(owned.len() as u64) as usize];
            items.push(self.activity_item(org, customer));
            if items.len() == 500 || i + 1 == count {
                let result = self.call("activities.batch", json!({"items": std::mem::take(&mut items)}))?;
                self.summary.activities += batch_ids(&result).len();
            }
        }
        Ok(())
    }

    /// One `activities.batch` item: done in the last 90 days, or planned in the next two weeks.
    fn activity_item(&mut self, org: &Org, customer: &SeededCustomer) -> Value {
        let (kind, subject) = *self.rng.pick(ACTIVITY_SUBJECTS);
        let past = self.rng.chance(0.75);
        let minutes =
            if past { -(self.rng.below(90 * 24 * 60) as i64) } else { 1 + self.rng.below(14 * 24 * 60) as i64 };
        // Whole quarter hours.
        let starts_at = org.now + Duration::minutes(minutes - minutes.rem_euclid(15));
        json!({
            "kind": kind,
            "subject": format!("{subject}: {}", customer.short_name),
            "starts_at": starts_at.to_rfc3339_opts(chrono::SecondsFormat::Secs, true),
            "duration_minutes": 15 * (1 + self.rng.below(8)),
            "customer_id": customer.id,
            "owner_id": customer.owner_id,
            "status": if past { "done" } else { "planned" },
        })
    }
}
