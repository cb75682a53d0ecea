//! The demo organisation seeder: a realistic sales organisation built through the public method registry.
//!
//! [`seed`] calls the engine only through [`Engine::call_value`] with the system
//! actor, so it exercises exactly what every host sees. It is deterministic given
//! [`DemoOptions::seed`] (and, with an engine in test mode, byte for byte). Parts
//! whose methods are not in the registry are skipped and named in
//! [`DemoSummary::skipped`]. Each request shape lives in one small function
//! (`customer_item`, `contact_item`, ...), so a field rename is a one-line fix.

pub mod names;

use chrono::{DateTime, Duration, Utc};
use serde::{Deserialize, Serialize};
use serde_json::{Value, json};

use crate::api::{ApiError, ApiResult, registry};
use crate::engine::Engine;
use names::*;

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
    let mut s = Seeder { engine, rng: SplitMix64::new(opts.seed), summary: DemoSummary::default(), phone_serial: 0 };
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

// ---------------------------------------------------------------------------------------------
// The organisation.

/// A regional sales team.
struct Team {
    department_id: String,
    manager_id: String,
    reps: Vec<String>,
    regions: &'static [(&'static str, &'static str)],
}

/// The seeded organisation's ids.
struct Org {
    now: DateTime<Utc>,
    teams: Vec<Team>,
}

impl Org {
    fn team_of_rep(&self, rep: &str) -> Option<&Team> {
        self.teams.iter().find(|t| t.reps.iter().any(|r| r == rep))
    }
}

/// Customers as seeded: id, owner, and the name parts later steps reuse.
struct SeededCustomer {
    id: String,
    owner_id: Option<String>,
    short_name: String,
    domain: String,
}

struct Pipeline {
    id: String,
    /// Stage codes in order.
    stages: Vec<String>,
}

/// The pipeline of the demo (OPP-1): code, name, probability, requires approval, forecast category (SCORE-7).
const STAGES: &[(&str, &str, i64, bool, &str)] = &[
    ("initial", "初步接洽", 10, false, "pipeline"),
    ("needs", "需求确认", 30, false, "pipeline"),
    ("proposal", "方案报价", 50, true, "best_case"),
    ("negotiation", "商务谈判", 70, false, "best_case"),
    ("signing", "签约", 90, false, "commit"),
];

struct Seeder<'e> {
    engine: &'e Engine,
    rng: SplitMix64,
    summary: DemoSummary,
    phone_serial: u64,
}

fn has(method: &str) -> bool {
    registry::find(method).is_some()
}

/// Calls `method` as the system actor; an error names the method it came from.
fn call(engine: &Engine, method: &str, request: Value) -> ApiResult<Value> {
    engine.call_value(None, method, &request.to_string()).map_err(|mut e: ApiError| {
        e.message = format!("demo seed, {method}: {}", e.message);
        e
    })
}

fn id_of(v: &Value) -> String {
    v["id"].as_str().unwrap_or_default().to_string()
}

/// The ids a batch wrote, in request order.
fn batch_ids(result: &Value) -> Vec<String> {
    result["written"].as_array().map(|w| w.iter().map(id_of).collect()).unwrap_or_default()
}

impl Seeder<'_> {
    fn call(&self, method: &str, request: Value) -> ApiResult<Value> {
        call(self.engine, method, request)
    }

    fn skip(&mut self, method: &str) -> bool {
        if has(method) {
            return false;
        }
        self.summary.skipped.push(method.to_string());
        true
    }

    fn organisation(&mut self) -> ApiResult<Org> {
        self.call(
            "org.configure",
            json!({"name": "锐拓科技集团 (Rapport Demo)", "base_currency": "CNY", "utc_offset_minutes": 480, "country_code": "86"}),
        )?;
        let hq = self.department("总部 HQ", None, ROOT_DEPARTMENT_REF)?;
        let now = hq["created_at"].as_str().and_then(|t| t.parse::<DateTime<Utc>>().ok()).unwrap_or_default();
        let hq = id_of(&hq);
        let sales = id_of(&self.department("销售部 Sales", Some(&hq), "demo-dept-sales")?);
        let service = id_of(&self.department("客服部 Service", Some(&hq), "demo-dept-service")?);
        let marketing = id_of(&self.department("市场部 Marketing", Some(&hq), "demo-dept-marketing")?);

        self.user(&hq, &["admin"], None)?;
        self.user(&hq, &["viewer"], None)?;
        let director = self.user(&sales, &["sales_manager"], None)?;
        let mut teams = Vec::new();
        for (name, slug, regions) in [
            ("华东销售团队", "east", EAST_REGIONS),
            ("华南销售团队", "south", SOUTH_REGIONS),
            ("华北销售团队", "north", NORTH_REGIONS),
        ] {
            let dept = id_of(&self.department(name, Some(&sales), &format!("demo-dept-{slug}"))?);
            let manager = self.user(&dept, &["sales_manager"], Some(&director))?;
            let mut team_reps = Vec::new();
            for _ in 0..4 {
                team_reps.push(self.user(&dept, &["sales_rep"], Some(&manager))?);
            }
            teams.push(Team { department_id: dept, manager_id: manager, reps: team_reps, regions });
        }
        let service_manager = self.user(&service, &["service_manager"], None)?;
        for _ in 0..2 {
            self.user(&service, &["service_agent"], Some(&service_manager))?;
        }
        self.user(&marketing, &["marketer"], None)?;
        Ok(Org { now, teams })
    }

    fn department(&mut self, name: &str, parent: Option<&str>, external_ref: &str) -> ApiResult<Value> {
        self.summary.departments += 1;
        self.call("departments.create", json!({"name": name, "parent_id": parent, "external_ref": external_ref}))
    }

    fn user(&mut self, department_id: &str, roles: &[&str], manager_id: Option<&str>) -> ApiResult<String> {
        self.summary.users += 1;
        let n = self.summary.users;
        let (name, pinyin) = self.chinese_person();
        let phone = self.mobile();
        let user = self.call(
            "users.create",
            json!({
                "name": name,
                "email": format!("{pinyin}{n}@rapport-demo.example"),
                "phone": phone,
                "department_id": department_id,
                "manager_id": manager_id,
                "roles": roles,
                "external_ref": format!("demo-user-{n:02}"),
            }),
        )?;
        Ok(id_of(&user))
    }

    // -----------------------------------------------------------------------------------------
    // Customers and contacts.

    fn customers(&mut self, org: &Org, count: usize) -> ApiResult<Vec<SeededCustomer>> {
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

    fn contacts(&mut self, customers: &[SeededCustomer]) -> ApiResult<()> {
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

    // -----------------------------------------------------------------------------------------
    // Leads.

    fn leads(&mut self, org: &Org, count: usize) -> ApiResult<()> {
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

    // -----------------------------------------------------------------------------------------
    // Pipeline and opportunities.

    fn pipeline(&mut self) -> ApiResult<Option<Pipeline>> {
        if self.skip("pipelines.create") {
            return Ok(None);
        }
        let result = self.call("pipelines.create", pipeline_request())?;
        self.summary.pipelines += 1;
        Ok(Some(Pipeline { id: id_of(&result), stages: STAGES.iter().map(|s| s.0.to_string()).collect() }))
    }

    fn opportunities(
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
            "expected_close_date": close.format("%Y-%m-%d").to_string(),
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

    // -----------------------------------------------------------------------------------------
    // Activities.

    fn activities(&mut self, org: &Org, customers: &[SeededCustomer], count: usize) -> ApiResult<()> {
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

    // -----------------------------------------------------------------------------------------
    // ERP sales documents, a value model and a rescoring.

    /// Pushes `count` orders over the last two years (60% of them from the first fifth of the customers,
    /// which also order larger amounts), with receipts for most, as an ERP would.
    fn sales(&mut self, org: &Org, customers: &[SeededCustomer], count: usize) -> ApiResult<()> {
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

    /// The default value model (which scores every customer) and a rescoring for RFM, ABC and churn.
    fn value_model(&mut self) -> ApiResult<()> {
        if self.skip("value_models.create") || self.skip("scores.rescore") {
            return Ok(());
        }
        self.call("value_models.create", value_model_request())?;
        self.summary.value_models = 1;
        self.call("scores.rescore", json!({}))?;
        Ok(())
    }

    // -----------------------------------------------------------------------------------------
    // Small generators.

    /// A Chinese name and its pinyin (`wei.zhang`).
    fn chinese_person(&mut self) -> (String, String) {
        let (sur, sur_py) = *self.rng.pick(CN_SURNAMES);
        let (g1, g1_py) = *self.rng.pick(CN_GIVEN);
        if self.rng.chance(0.6) {
            let (g2, g2_py) = *self.rng.pick(CN_GIVEN);
            (format!("{sur}{g1}{g2}"), format!("{g1_py}{g2_py}.{sur_py}"))
        } else {
            (format!("{sur}{g1}"), format!("{g1_py}.{sur_py}"))
        }
    }

    /// A mobile number, unique within one seeding.
    fn mobile(&mut self) -> String {
        const PREFIXES: &[&str] = &["138", "139", "135", "186", "158", "177"];
        self.phone_serial += 1;
        let prefix = *self.rng.pick(PREFIXES);
        format!("{prefix}{:08}", (self.phone_serial * 7_919 + self.rng.below(7_000)) % 100_000_000)
    }

    /// A landline with the city's area code.
    fn landline(&mut self, region: &str) -> String {
        let area = match region {
            "11/1100" => "010",
            "31/3100" => "021",
            "44/4401" => "020",
            "44/4403" => "0755",
            "33/3301" => "0571",
            "32/3201" => "025",
            "12/1200" => "022",
            "35/3502" => "0592",
            _ => "0532",
        };
        format!("{area}-{}", 60_000_000 + self.rng.below(30_000_000))
    }

    /// A source channel code, weighted.
    fn source(&mut self) -> &'static str {
        let total: u32 = SOURCES.iter().map(|s| s.2).sum();
        let mut roll = self.rng.below(total as u64) as u32;
        for (code, _, weight) in SOURCES {
            if roll < *weight {
                return code;
            }
            roll -= weight;
        }
        SOURCES[0].0
    }
}

/// The `pipelines.create` request of the demo pipeline.
fn pipeline_request() -> Value {
    let stages: Vec<Value> = STAGES
        .iter()
        .map(|(code, name, probability, approval, forecast)| {
            json!({
                "code": code,
                "name": name,
                "probability": probability,
                "requires_approval": approval,
                "forecast_category": forecast,
            })
        })
        .collect();
    json!({"code": "standard", "name": "标准销售流程", "is_default": true, "stages": stages})
}

/// The `leads.assign` request: round robin within a team.
/// The demo's value model: money, loyalty and recency, less overdue debt.
fn value_model_request() -> Value {
    json!({
        "code": "standard",
        "name": "客户价值模型",
        "is_default": true,
        "dimensions": [
            {"metric": "order_amount", "rule": {"kind": "linear", "lo": 0, "hi": 300_000_000}, "weight": 4},
            {"metric": "order_count", "rule": {"kind": "bands", "bands": [
                {"min": 1, "max": 3, "points": 30}, {"min": 3, "max": 8, "points": 70}, {"min": 8, "points": 100}]}, "weight": 2},
            {"metric": "days_since_last_order", "rule": {"kind": "linear", "lo": 365, "hi": 0}, "weight": 3},
            {"metric": "overdue_amount", "rule": {"kind": "bands", "bands": [
                {"max": 1, "points": 100}, {"min": 1, "max": 5_000_000, "points": 50}]}, "weight": 1}
        ],
        "grading": {"method": "percentage", "a": 0.2, "b": 0.5, "c": 0.8}
    })
}

fn assign_request(ids: &[&String], department_id: &str) -> Value {
    json!({"ids": ids, "method": {"kind": "round_robin", "department_id": department_id}})
}

/// A small, fast, deterministic generator (SplitMix64).
struct SplitMix64(u64);

impl SplitMix64 {
    fn new(seed: u64) -> Self {
        SplitMix64(seed)
    }

    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// A number in `0..n` (`n > 0`).
    fn below(&mut self, n: u64) -> u64 {
        self.next() % n.max(1)
    }

    fn chance(&mut self, p: f64) -> bool {
        (self.next() >> 11) as f64 / (1u64 << 53) as f64 <= p
    }

    fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len() as u64) as usize]
    }
}

#[cfg(test)]
mod tests {
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
    fn the_generator_is_deterministic() {
        let mut a = SplitMix64::new(7);
        let mut b = SplitMix64::new(7);
        assert_eq!((0..10).map(|_| a.next()).collect::<Vec<_>>(), (0..10).map(|_| b.next()).collect::<Vec<_>>());
        assert!((0..1000).all(|_| a.below(5) < 5));
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
