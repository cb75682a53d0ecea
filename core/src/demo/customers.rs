//! Seeding customers and their contacts in batches: companies (mostly) or individuals, owned by a rep of the team serving their region or in the public pool, with one to three contacts each.

use serde_json::{Value, json};

use super::layout::Org;
use super::names::{
    CN_COMPANY_FORMS, CN_COMPANY_TRADES, CN_COMPANY_WORDS, EN_COMPANY_FORMS, EN_COMPANY_TRADES, EN_COMPANY_WORDS,
    EN_FAMILY, EN_GIVEN, TAGS, TITLES,
};
use super::seeder::{Seeder, batch_ids};
use crate::api::ApiResult;

/// Customers as seeded: id, owner, and the name parts later steps reuse.
pub(super) struct SeededCustomer {
    pub(super) id: String,
    pub(super) owner_id: Option<String>,
    pub(super) short_name: String,
    pub(super) domain: String,
}

impl Seeder<'_> {
    pub(super) fn customers(&mut self, org: &Org, count: usize) -> ApiResult<Vec<SeededCustomer>> {
        if self.skip("customers.batch") {
            return Ok(Vec::new());
        }
        let mut seeded = Vec::with_capacity(count);
        let mut items = Vec::new();
        for i in 0..count {
            let (item, customer) = self.customer_item(org, i);
            items.push(item);
            seeded.push(customer);
            if items.len() == 500 || i + 1 == count {
                let result = self.call("customers.batch", json!({"items": std::mem::take(&mut items)}))?;
                let ids = batch_ids(&result);
                let start = seeded.len() - ids.len();
                for (c, id) in seeded[start..].iter_mut().zip(ids) {
                    c.id = id;
                }
            }
        }
        self.summary.customers = seeded.len();
        Ok(seeded)
    }

    /// One `customers.batch` item: a company (mostly) or an individual, owned by a rep of the
    /// team serving its region, or in the public pool.
    fn customer_item(&mut self, org: &Org, i: usize) -> (Value, SeededCustomer) {
        let team = self.rng.pick(&org.teams);
        let (region, city) = *self.rng.pick(team.regions);
        let owner = if self.rng.chance(0.1) { None } else { Some(self.rng.pick(&team.reps).clone()) };
        let (name, short_name, domain, industry, kind) = if self.rng.chance(0.12) {
            let (name, pinyin) = self.chinese_person();
            (name.clone(), name, format!("{pinyin}.example.cn"), None, "individual")
        } else if self.rng.chance(0.15) {
            let word = *self.rng.pick(EN_COMPANY_WORDS);
            let (trade, industry) = *self.rng.pick(EN_COMPANY_TRADES);
            let form = *self.rng.pick(EN_COMPANY_FORMS);
            let domain = format!("{}-{}.example.com", word.to_lowercase(), trade.to_lowercase());
            (format!("{word} {trade} {form}"), format!("{word} {trade}"), domain, Some(industry), "company")
        } else {
            let (word, slug) = *self.rng.pick(CN_COMPANY_WORDS);
            let (trade, industry) = *self.rng.pick(CN_COMPANY_TRADES);
            let form = *self.rng.pick(CN_COMPANY_FORMS);
            let short = format!("{city}{word}{trade}");
            (format!("{short}{form}"), short, format!("{slug}.example.cn"), Some(industry), "company")
        };
        let mut tags = Vec::new();
        if self.rng.chance(0.3) {
            tags.push(*self.rng.pick(TAGS));
        }
        let item = json!({
            "name": name,
            "kind": kind,
            "owner_id": owner,
            "region": region,
            "industry": industry,
            "source": self.source(),
            "phone": self.landline(region),
            "email": format!("info@{domain}"),
            "tags": tags,
            "external_ref": format!("demo-c-{i:05}"),
        });
        (item, SeededCustomer { id: String::new(), owner_id: owner, short_name, domain })
    }

    pub(super) fn contacts(&mut self, customers: &[SeededCustomer]) -> ApiResult<()> {
        if self.skip("contacts.batch") || customers.is_empty() {
            return Ok(());
        }
        let mut items = Vec::new();
        for (i, c) in customers.iter().enumerate() {
            let n = 1 + self.rng.below(3) as usize;
            for k in 0..n {
                items.push(self.contact_item(c, k == 0));
            }
            if items.len() >= 1000 || i + 1 == customers.len() {
                let result = self.call("contacts.batch", json!({"items": std::mem::take(&mut items)}))?;
                self.summary.contacts += batch_ids(&result).len();
            }
        }
        Ok(())
    }

    /// One `contacts.batch` item.
    fn contact_item(&mut self, customer: &SeededCustomer, is_primary: bool) -> Value {
        let (name, email_local) = if self.rng.chance(0.1) {
            let given = *self.rng.pick(EN_GIVEN);
            let family = *self.rng.pick(EN_FAMILY);
            (format!("{given} {family}"), format!("{}.{}", given.to_lowercase(), family.to_lowercase()))
        } else {
            self.chinese_person()
        };
        json!({
            "customer_id": customer.id,
            "name": name,
            "title": *self.rng.pick(TITLES),
            "phones": [self.mobile()],
            "emails": [format!("{email_local}@{}", customer.domain)],
            "is_primary": is_primary,
        })
    }
}
