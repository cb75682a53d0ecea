//! Seeding the sales documents a host ERP pushes (DOC-8): two years of orders, with receipts for most of them.

use chrono::Duration;
use serde_json::json;

use super::customers::SeededCustomer;
use super::layout::Org;
use super::seeder::Seeder;
use crate::api::ApiResult;

impl Seeder<'_> {
    /// Pushes `count` orders over the last two years (60% of them from the first fifth of the customers,
    /// which also order larger amounts), with receipts for most, as an ERP would.
    pub(super) fn sales(&mut self, org: &Org, customers: &[SeededCustomer], count: usize) -> ApiResult<()> {
        if count == 0 || customers.is_empty() || self.skip("orders.push") {
            return Ok(());
        }
        let today = org.now.date_naive();
        let key_accounts = (customers.len() / 5).max(1);
        let (mut orders, mut receipts) = (Vec::new(), Vec::new());
        for i in 0..count {
            let key = self.rng.chance(0.6);
            let c =
                if key { &customers[self.rng.below(key_accounts as u64) as usize] } else { self.rng.pick(customers) };
            let date = today - Duration::days(self.rng.below(730) as i64);
            let due = date + Duration::days(30);
            let yuan = 2_000 + self.rng.below(if key { 400_000 } else { 60_000 }) as i64;
            let status = if date < today - Duration::days(60) { "completed" } else { "approved" };
            let external_ref = format!("demo-so-{i:06}");
            orders.push(json!({"external_ref": external_ref, "customer_id": c.id, "number": format!("SO{i:06}"),
                               "status": status, "order_date": date.to_string(), "due_date": due.to_string(),
                               "amount": yuan * 100}));
            let paid_on = date + Duration::days(10 + self.rng.below(40) as i64);
            if paid_on <= today && self.rng.chance(0.85) {
                receipts.push(json!({"external_ref": format!("demo-rc-{i:06}"), "customer_id": c.id,
                                     "order_external_ref": external_ref, "receipt_date": paid_on.to_string(),
                                     "amount": yuan * 100}));
            }
        }
        for chunk in orders.chunks(1000) {
            self.call("orders.push", json!({"items": chunk}))?;
        }
        self.summary.orders = orders.len();
        if !self.skip("receipts.push") {
            for chunk in receipts.chunks(1000) {
                self.call("receipts.push", json!({"items": chunk}))?;
            }
            self.summary.receipts = receipts.len();
        }
        Ok(())
    }
}
