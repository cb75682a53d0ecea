//! The demo organisation seeder: a realistic sales organisation built through the public method registry.
//!
//! [`seed`] calls the engine only through [`Engine::call_value`] with the system
//! actor, so it exercises exactly what every host sees. It is deterministic given
//! [`DemoOptions::seed`] (and, with an engine in test mode, byte for byte). Parts
//! whose methods are not in the registry are skipped and named in
//! [`DemoSummary::skipped`]. Each request shape lives in one small function
//! (`customer_item`, `contact_item`, ...), so a field rename is a one-line fix.
//!
//! The seeding is split by domain: `layout.rs` is the organisation's shape, `seeder.rs` the state
//! and calls every phase shares, `random.rs` the generator, `details.rs` the generated names and
//! numbers, and one file per phase (`organisation.rs`, `customers.rs`, `leads.rs`,
//! `opportunities.rs`, `activities.rs`, `erp.rs`, `scoring.rs`), in the order [`seed`] runs them.

mod activities;
mod customers;
mod details;
mod erp;
mod layout;
mod leads;
pub mod names;
mod opportunities;
mod organisation;
mod random;
mod scoring;
mod seeder;

use serde::{Deserialize, Serialize};
use serde_json::json;

use crate::api::ApiResult;
use crate::engine::Engine;
use seeder::{Seeder, call};

/// The `external_ref` of the demo's root department: its presence means the demo is seeded.
pub const ROOT_DEPARTMENT_REF: &str = "demo-dept-hq";

/// What to seed, as every host gives it (`{"customers": 300}` from JavaScript, `--customers 300` in the CLI):
/// every field is optional, and the counts not given scale from `customers`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(default, deny_unknown_fields)]
pub struct DemoOptions {
    /// Customers (default 3000).
    pub customers: Option<usize>,
    /// Seed of the generator: the same seed gives the same organisation (default 20260301).
    pub seed: Option<u64>,
    /// Leads (default: a third of the customers).
    pub leads: Option<usize>,
    /// Opportunities (default: a quarter of the customers).
    pub opportunities: Option<usize>,
    /// Activities (default: as many as customers).
    pub activities: Option<usize>,
    /// Orders pushed as from an ERP, most by a fifth of the customers, with receipts for most of them
    /// (default: three per customer).
    pub orders: Option<usize>,
}

/// The demo's default number of customers.
pub const DEFAULT_CUSTOMERS: usize = 3000;
/// The demo's default seed.
pub const DEFAULT_SEED: u64 = 20260301;

impl DemoOptions {
    /// `customers` customers, the rest scaled from them.
    pub fn with_customers(customers: usize) -> DemoOptions {
        DemoOptions { customers: Some(customers), ..DemoOptions::default() }
    }

    /// The counts to seed: those given, the others scaled from the customers (a third as many leads, a
    /// quarter as many opportunities, as many activities, three orders per customer).
    pub fn plan(&self) -> DemoPlan {
        let customers = self.customers.unwrap_or(DEFAULT_CUSTOMERS);
        DemoPlan {
            seed: self.seed.unwrap_or(DEFAULT_SEED),
            customers,
            leads: self.leads.unwrap_or(customers / 3),
            opportunities: self.opportunities.unwrap_or(customers / 4),
            activities: self.activities.unwrap_or(customers),
            orders: self.orders.unwrap_or(customers * 3),
        }
    }
}

/// What [`seed`] will write: [`DemoOptions`] with every count decided.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DemoPlan {
    pub seed: u64,
    pub customers: usize,
    pub leads: usize,
    pub opportunities: usize,
    pub activities: usize,
    pub orders: usize,
}

/// What the seeder wrote.
#[derive(Debug, Clone, Default, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct DemoSummary {
    pub departments: usize,
    pub users: usize,
    pub customers: usize,
    pub contacts: usize,
    pub leads: usize,
    pub leads_assigned: usize,
    pub pipelines: usize,
    pub opportunities: usize,
    pub opportunities_won: usize,
    pub opportunities_lost: usize,
    pub activities: usize,
    pub orders: usize,
    pub receipts: usize,
    pub value_models: usize,
    /// Parts skipped because their methods are not in the registry (`customers.batch`, ...).
    pub skipped: Vec<String>,
}

/// Whether the demo organisation is already in this database.
pub fn is_seeded(engine: &Engine) -> ApiResult<bool> {
    let depts = call(engine, "departments.list", json!({"include_archived": true}))?;
    Ok(depts.as_array().is_some_and(|d| d.iter().any(|d| d["external_ref"].as_str() == Some(ROOT_DEPARTMENT_REF))))
}

/// Seeds the demo organisation. Run it on an empty database (see [`is_seeded`]); departments, users,
/// customers and contacts carry `external_ref`s, so a second run updates those rather than duplicating.
pub fn seed(engine: &Engine, opts: &DemoOptions) -> ApiResult<DemoSummary> {
    let opts = opts.plan();
    let mut s = Seeder::new(engine, opts.seed);
    let org = s.organisation()?;
    let customers = s.customers(&org, opts.customers)?;
    s.contacts(&customers)?;
    s.leads(&org, opts.leads)?;
    if let Some(pipeline) = s.pipeline()? {
        s.opportunities(&org, &customers, &pipeline, opts.opportunities)?;
    }
    s.activities(&org, &customers, opts.activities)?;
    s.sales(&org, &customers, opts.orders)?;
    s.value_model()?;
    Ok(s.summary)
}

#[cfg(test)]
mod tests {
    use super::seeder::has;
    use super::*;

    #[test]
    fn options_scale_from_the_customers_unless_given() {
        use crate::api::method::parse_request;
        let opts: DemoOptions = parse_request(r#"{"customers": 300}"#).unwrap();
        let plan = DemoPlan {
            seed: DEFAULT_SEED,
            customers: 300,
            leads: 100,
            opportunities: 75,
            activities: 300,
            orders: 900,
        };
        assert_eq!(opts.plan(), plan);
        assert_eq!(opts, DemoOptions::with_customers(300));
        let opts: DemoOptions = parse_request(r#"{"customers": 300, "seed": 7, "orders": 5, "leads": null}"#).unwrap();
        assert_eq!(opts.plan(), DemoPlan { seed: 7, orders: 5, ..plan });
        assert_eq!(parse_request::<DemoOptions>("").unwrap().plan().customers, DEFAULT_CUSTOMERS);
        let err = parse_request::<DemoOptions>(r#"{"clients": 300}"#).unwrap_err();
        assert_eq!(err.field.as_deref(), Some("clients"));
    }

    #[test]
    fn seeds_an_organisation_and_knows_it_is_seeded() {
        let engine = Engine::open_in_memory().unwrap();
        assert!(!is_seeded(&engine).unwrap());
        let summary = seed(&engine, &DemoOptions::with_customers(40)).unwrap();
        assert!(is_seeded(&engine).unwrap());
        assert_eq!(summary.departments, 7);
        assert_eq!(summary.users, 22);
        let users = engine.call_value(None, "users.list", "{}").unwrap();
        assert_eq!(users.as_array().unwrap().len(), 22);
        for role in crate::domain::access::Role::ALL {
            let req = json!({"role": role.as_str()}).to_string();
            let of_role = engine.call_value(None, "users.list", &req).unwrap();
            assert!(!of_role.as_array().unwrap().is_empty(), "no user with role {}", role.as_str());
        }
        if has("customers.batch") {
            assert_eq!(summary.customers, 40);
        } else {
            assert!(summary.skipped.contains(&"customers.batch".to_string()));
        }
    }
}
