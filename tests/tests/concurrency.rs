//! Concurrency against a serial oracle (issue 13): threads of mixed reads and writes on one file engine end in the state, totals and answers of the same writes replayed one at a time in the commit order `seq` shows.
//!
//! Six threads act as different users on one engine over a file database (one writer, WAL readers):
//! the ERP host (the system actor: customers, contacts, orders, deliveries and receipts in batches), an
//! administrator (rescoring, value model and lead scoring changes, alert thresholds, code prefixes, role
//! scopes, archiving, territory assignment), a sales manager (approvals, lead assignment, reopening,
//! updates on the team's records) and three reps (customers, contacts, activities, leads through
//! conversion, opportunities through their stages, batches), each drawing from a seeded mix in which
//! about a third of the calls are reads (lists, gets, overviews, agendas, every report, audit histories,
//! predictions). Every call is logged; `rapport_tests::serial_oracle` then replays the successful
//! writes serially on a fresh database in the commit order and compares every write's answer and audit
//! entries, every read against a state its window allows, every table, and the totals (each report as
//! every actor, each customer's overview and scores, each prediction). No call may answer `busy` (with
//! the default busy timeout) or `internal`.
//!
//! Bounded (in `cargo test`): 6 threads x 500 calls (about 3,000 calls, 10 s in a debug build). Long form (seed and calls per thread from the
//! environment; a failure prints its seed):
//! `RAPPORT_CONCURRENCY_OPS=5000 RAPPORT_CONCURRENCY_SEED=7 cargo test --release -p rapport-tests --test concurrency -- --nocapture`

use std::collections::BTreeMap;
use std::sync::{Mutex, RwLock};
use std::time::Instant;

use rapport_core::{Engine, OpenOptions, TestMode};
use rapport_tests::serial_oracle::{self, Call, Kind, Outcome, newest_seq, open_read_only};
use rusqlite::Connection;
use serde_json::{Value, json};

/// Calls per thread in the bounded form.
const DEFAULT_OPS: usize = 500;
const THREADS: usize = 6;

/// A fixed clock: times, codes and every derived counter are then expected byte for byte in the replay.
fn options() -> OpenOptions {
    OpenOptions {
        test_mode: Some(TestMode { start: "2026-03-02T01:00:00Z".into(), step_ms: 0, id_seed: 13 }),
        ..OpenOptions::default()
    }
}

/// xorshift64*: the workload's draws (in a `Cell`, so a draw can sit in the arguments of a `&mut self` call).
struct Rng(std::cell::Cell<u64>);

impl Rng {
    fn new(seed: u64) -> Rng {
        Rng(std::cell::Cell::new(seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1))
    }
    fn next(&self) -> u64 {
        let mut x = self.0.get();
        x ^= x >> 12;
        x ^= x << 25;
        x ^= x >> 27;
        self.0.set(x);
        x.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }
    fn below(&self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
    fn chance(&self, percent: usize) -> bool {
        self.below(100) < percent
    }
    fn pick<'a, T>(&self, xs: &'a [T]) -> &'a T {
        &xs[self.below(xs.len())]
    }
}

/// A record some thread created, with its owner when it has one and, for leads and opportunities, the
/// state its last answer showed (`status`, or `status/stage/approval_status`), to pick a sensible next step.
#[derive(Clone, Default)]
struct Rec {
    id: String,
    owner: Option<String>,
    state: String,
}

impl Rec {
    fn new(id: &str, owner: Option<&str>) -> Rec {
        Rec { id: id.to_string(), owner: owner.map(str::to_string), state: String::new() }
    }

    /// The record an answer shows: its id, owner and state.
    fn of(answer: &Value) -> Option<Rec> {
        let id = answer["id"].as_str()?;
        let state = match (answer["status"].as_str(), answer["stage"].as_str()) {
            (Some(status), Some(stage)) => {
                format!("{status}/{stage}/{}", answer["approval_status"].as_str().unwrap_or(""))
            }
            (Some(status), None) => status.to_string(),
            _ => String::new(),
        };
        Some(Rec { state, ..Rec::new(id, answer["owner_id"].as_str()) })
    }
}

/// What the threads know exists (ids of the concurrent run), shared so they act on each other's records.
#[derive(Default)]
struct Known {
    customers: Vec<Rec>,
    customer_refs: Vec<String>,
    contacts: Vec<Rec>,
    leads: Vec<Rec>,
    opportunities: Vec<Rec>,
    activities: Vec<Rec>,
    orders: Vec<PushedOrder>,
    order_ids: Vec<String>,
}

impl Known {
    /// A record of `list`, the actor's own most of the time.
    fn pick(list: &[Rec], rng: &Rng, mine: Option<&str>) -> Option<String> {
        Known::pick_where(list, rng, mine, |_| true).map(|r| r.id)
    }

    /// A record of `list` in a state `wanted` accepts (the actor's own when `mine`) most of the time,
    /// else any.
    fn pick_where(list: &[Rec], rng: &Rng, mine: Option<&str>, wanted: impl Fn(&str) -> bool) -> Option<Rec> {
        if list.is_empty() {
            return None;
        }
        if rng.chance(85) {
            let fit: Vec<&Rec> = list
                .iter()
                .filter(|r| mine.is_none_or(|me| r.owner.as_deref() == Some(me)) && wanted(&r.state))
                .collect();
            if !fit.is_empty() {
                return Some(fit[rng.below(fit.len())].clone());
            }
        }
        Some(rng.pick(list).clone())
    }

    /// Keeps the state (and owner) an answer shows of a record already known.
    fn note(list: &mut [Rec], answer: &Value) {
        if let Some(seen) = Rec::of(answer)
            && let Some(rec) = list.iter_mut().find(|r| r.id == seen.id)
        {
            *rec = seen;
        }
    }
}

fn leads(k: &mut Known) -> &mut Vec<Rec> {
    &mut k.leads
}

fn opps(k: &mut Known) -> &mut Vec<Rec> {
    &mut k.opportunities
}

/// An order the ERP pushed: its key, amount, and how it named its customer (`customer_id` or
/// `customer_external_ref`, and the value).
#[derive(Clone)]
struct PushedOrder {
    external_ref: String,
    amount: i64,
    customer: (&'static str, String),
}

/// The organisation every thread acts in.
struct Org {
    east: String,
    west: String,
    admin: String,
    manager: String,
    reps: Vec<String>,
    value_model: String,
}

struct Shared {
    engine: Engine,
    path: String,
    org: Org,
    known: Mutex<Known>,
    /// Writes hold it shared; a write that leaves no audit entry (a rescoring) holds it alone, so its
    /// place in the commit order is the newest `seq` when it runs. It orders, nothing more: the engine
    /// serialises writes on its writer anyway; reads never take it.
    writers: RwLock<()>,
}

const STAGES: [&str; 4] = ["qualify", "evaluate", "negotiate", "contract"];
const REGIONS: [&str; 5] = ["44/4403", "44/4401", "11/1101", "31/3101", "44"];
const INDUSTRIES: [&str; 4] = ["electronics", "machinery", "retail", "logistics"];
const SOURCES: [&str; 4] = ["web", "trade_show", "referral", "cold_call"];
const CAMPAIGNS: [&str; 3] = ["spring-2026", "autumn-2025", "webinar"];

/// One thread: its actor, draws, log and a connection to read the newest `seq`.
struct Worker<'a> {
    shared: &'a Shared,
    actor: Option<String>,
    tag: String,
    rng: Rng,
    seq_conn: Connection,
    log: Vec<Call>,
    n: usize,
}

impl<'a> Worker<'a> {
    fn new(shared: &'a Shared, actor: Option<String>, tag: &str, seed: u64) -> Worker<'a> {
        Worker {
            shared,
            actor,
            tag: tag.to_string(),
            rng: Rng::new(seed),
            seq_conn: open_read_only(&shared.path),
            log: Vec::new(),
            n: 0,
        }
    }

    fn next_n(&mut self) -> usize {
        self.n += 1;
        self.n
    }

    fn me(&self) -> Option<&str> {
        self.actor.as_deref()
    }

    fn logged(&mut self, method: &str, request: String, kind: Kind, result: Result<String, rapport_core::ApiError>) {
        let outcome = Outcome::of(&result);
        self.log.push(Call { actor: self.actor.clone(), method: method.to_string(), request, kind, outcome });
    }

    fn answer(&self) -> Option<Value> {
        match &self.log.last()?.outcome {
            Outcome::Ok(a) => serde_json::from_str(a).ok(),
            Outcome::Err(_) => None,
        }
    }

    /// A write: its audit entries place it.
    fn write(&mut self, method: &str, request: Value) -> Option<Value> {
        let request = request.to_string();
        let result = {
            let _shared = self.shared.writers.read().unwrap();
            self.shared.engine.call(self.me(), method, &request)
        };
        self.logged(method, request, Kind::Write, result);
        self.answer()
    }

    /// A write that leaves no audit entry, run while no other write is in flight.
    fn unaudited_write(&mut self, method: &str, request: Value) -> Option<Value> {
        let request = request.to_string();
        let (after_seq, result) = {
            let _alone = self.shared.writers.write().unwrap();
            let after_seq = newest_seq(&self.seq_conn);
            (after_seq, self.shared.engine.call(self.me(), method, &request))
        };
        self.logged(method, request, Kind::Unaudited { after_seq }, result);
        self.answer()
    }

    /// A read, with the newest `seq` before and after it: its snapshot lies between.
    fn read(&mut self, method: &str, request: Value) -> Option<Value> {
        let request = request.to_string();
        let lo = newest_seq(&self.seq_conn);
        let result = self.shared.engine.call(self.me(), method, &request);
        let hi = newest_seq(&self.seq_conn);
        self.logged(method, request, Kind::Read { lo, hi }, result);
        self.answer()
    }

    fn known(&self) -> std::sync::MutexGuard<'_, Known> {
        self.shared.known.lock().unwrap()
    }

    /// A record of one list: one this thread's actor owns when `mine`, else any.
    fn pick_known(&self, list: fn(&Known) -> &Vec<Rec>, mine: bool) -> Option<String> {
        let me = if mine { self.actor.as_deref() } else { None };
        Known::pick(list(&self.known()), &self.rng, me)
    }

    fn customer(&mut self) -> Option<String> {
        self.pick_known(|k| &k.customers, true)
    }

    fn opportunity(&mut self) -> Option<String> {
        self.pick_known(|k| &k.opportunities, true)
    }

    fn lead(&mut self) -> Option<String> {
        self.pick_known(|k| &k.leads, true)
    }

    fn activity(&mut self) -> Option<String> {
        self.pick_known(|k| &k.activities, true)
    }

    fn contact(&mut self) -> Option<String> {
        self.pick_known(|k| &k.contacts, false)
    }

    /// Notes the record an answer created (owner and state from the answer).
    fn remember(&self, list: fn(&mut Known) -> &mut Vec<Rec>, answer: &Value) {
        if let Some(rec) = Rec::of(answer) {
            list(&mut self.known()).push(rec);
        }
    }

    /// A write on a lead or opportunity: its answer's state is kept.
    fn write_noted(&mut self, list: fn(&mut Known) -> &mut Vec<Rec>, method: &str, request: Value) -> Option<Value> {
        let answer = self.write(method, request)?;
        let mut known = self.known();
        match answer.as_array() {
            Some(records) => records.iter().for_each(|a| Known::note(list(&mut known), a)),
            None => Known::note(list(&mut known), &answer),
        }
        drop(known);
        Some(answer)
    }

    fn remember_batch(&self, list: fn(&mut Known) -> &mut Vec<Rec>, answer: &Value, owner: Option<&str>) {
        let mut known = self.known();
        for w in answer["written"].as_array().into_iter().flatten() {
            if let (Some(id), true) = (w["id"].as_str(), w["created"].as_bool() == Some(true)) {
                list(&mut known).push(Rec::new(id, owner));
            }
        }
    }

    fn date(&mut self) -> String {
        // Within the last year and a bit, up to the clock's day (2026-03-02).
        let (y, m) = if self.rng.chance(30) { (2026, 1 + self.rng.below(2)) } else { (2025, 1 + self.rng.below(12)) };
        format!("{y}-{m:02}-{:02}", 1 + self.rng.below(28))
    }

    fn customer_draft(&mut self) -> Value {
        let n = self.next_n();
        let mut draft = json!({
            "name": format!("客户 {}-{n}", self.tag),
            "region": *self.rng.pick(&REGIONS),
            "industry": *self.rng.pick(&INDUSTRIES),
            "source": *self.rng.pick(&SOURCES),
            "phone": format!("0755-8{:03}{n:04}", self.tag.len()),
        });
        if self.rng.chance(50) {
            draft["external_ref"] = json!(format!("c-{}-{n}", self.tag));
        }
        if self.rng.chance(20) {
            draft["tags"] = json!([*self.rng.pick(&["key-account", "vip", "new"])]);
        }
        draft
    }

    fn create_customer(&mut self, owner: Option<Option<&str>>) {
        let mut draft = self.customer_draft();
        if let Some(owner) = owner {
            draft["owner_id"] = json!(owner);
        }
        let r = draft["external_ref"].as_str().map(str::to_string);
        if let Some(a) = self.write("customers.create", draft) {
            self.remember(|k| &mut k.customers, &a);
            if let Some(r) = r {
                self.known().customer_refs.push(r);
            }
        }
    }

    fn update_customer(&mut self) {
        let Some(id) = self.customer() else { return };
        let n = self.next_n();
        let patch = match self.rng.below(3) {
            0 => json!({"id": id, "industry": *self.rng.pick(&INDUSTRIES)}),
            1 => json!({"id": id, "tags": [format!("t{}", n % 4)], "credit_limit": 1_000_000 * (n % 7) as i64}),
            _ => json!({"id": id, "name": format!("客户 {}-{n} (改)", self.tag), "phone": null}),
        };
        self.write("customers.update", patch);
    }

    fn batch_customers(&mut self) {
        let items: Vec<Value> = (0..2 + self.rng.below(3)).map(|_| self.customer_draft()).collect();
        let mode = if self.rng.chance(50) { "skip_invalid" } else { "all_or_nothing" };
        if let Some(a) = self.write("customers.batch", json!({"items": items, "mode": mode})) {
            let owner = self.actor.clone();
            self.remember_batch(|k| &mut k.customers, &a, owner.as_deref());
        }
    }

    fn create_contact(&mut self) {
        let Some(customer) = self.customer() else { return };
        let n = self.next_n();
        let draft = json!({
            "customer_id": customer,
            "name": format!("联系人 {}-{n}", self.tag),
            "phones": [format!("138 {:04} {n:04}", self.tag.len() * 7)],
            "title": *self.rng.pick(&["采购经理", "总经理", "工程师"]),
        });
        if let Some(a) = self.write("contacts.create", draft) {
            self.remember(|k| &mut k.contacts, &a);
        }
    }

    fn update_contact(&mut self) {
        let Some(id) = self.contact() else { return };
        let patch = if self.rng.chance(50) {
            json!({"id": id, "is_primary": true})
        } else {
            json!({"id": id, "title": *self.rng.pick(&["采购总监", "CTO", "财务"])})
        };
        self.write("contacts.update", patch);
    }

    fn activity_draft(&mut self, customer: &str) -> Value {
        let n = self.next_n();
        let done = self.rng.chance(50);
        let day = if done { 1 + self.rng.below(28) } else { 3 + self.rng.below(20) };
        let month = if done { "02" } else { "03" };
        json!({
            "kind": *self.rng.pick(&["call", "visit", "meeting", "email", "task"]),
            "subject": format!("跟进 {}-{n}", self.tag),
            "customer_id": customer,
            "starts_at": format!("2026-{month}-{day:02}T02:00:00Z"),
            "duration_minutes": 30,
            "status": if done { "done" } else { "planned" },
        })
    }

    fn create_activity(&mut self) {
        let Some(customer) = self.customer() else { return };
        let draft = self.activity_draft(&customer);
        if let Some(a) = self.write("activities.create", draft) {
            self.remember(|k| &mut k.activities, &a);
        }
    }

    fn batch_activities(&mut self) {
        let mut items = Vec::new();
        for _ in 0..2 + self.rng.below(2) {
            let Some(customer) = self.customer() else { return };
            items.push(self.activity_draft(&customer));
        }
        if let Some(a) = self.write("activities.batch", json!({"items": items, "mode": "skip_invalid"})) {
            let owner = self.actor.clone();
            self.remember_batch(|k| &mut k.activities, &a, owner.as_deref());
        }
    }

    fn finish_activity(&mut self) {
        let Some(id) = self.activity() else { return };
        if self.rng.chance(75) {
            self.write("activities.complete", json!({"id": id, "outcome": "ok"}));
        } else {
            self.write("activities.cancel", json!({"id": id}));
        }
    }

    fn create_lead(&mut self) {
        let n = self.next_n();
        let mut draft = json!({
            "person_name": format!("线索 {}-{n}", self.tag),
            "company_name": format!("公司 {}-{n}", self.tag),
            "region": *self.rng.pick(&REGIONS),
            "industry": *self.rng.pick(&INDUSTRIES),
            "source": *self.rng.pick(&SOURCES),
            "campaign": *self.rng.pick(&CAMPAIGNS),
        });
        if self.rng.chance(60) {
            draft["owner_id"] = json!(self.actor);
        }
        if let Some(a) = self.write("leads.create", draft) {
            self.remember(|k| &mut k.leads, &a);
        }
    }

    /// A lead in one of `states` (the actor's own when `mine`), most of the time.
    fn lead_in(&mut self, states: &[&str], mine: bool) -> Option<String> {
        let me = if mine { self.actor.clone() } else { None };
        let known = self.shared.known.lock().unwrap();
        Known::pick_where(&known.leads, &self.rng, me.as_deref(), |s| states.contains(&s)).map(|r| r.id)
    }

    /// The next step of a lead's life (LEAD-1): start, qualify (or disqualify), recycle.
    fn move_lead(&mut self) {
        let Some(id) = self.lead_in(&["assigned", "working", "disqualified"], true) else { return };
        let state = self.known().leads.iter().find(|l| l.id == id).map(|l| l.state.clone()).unwrap_or_default();
        match (state.as_str(), self.rng.below(10)) {
            ("assigned", 0..=8) => self.write_noted(leads, "leads.start_work", json!({"id": id})),
            ("working", 0..=6) => self.write_noted(leads, "leads.qualify", json!({"id": id})),
            ("working", 7..=8) | (_, 9) => {
                self.write_noted(leads, "leads.disqualify", json!({"id": id, "reason": "no budget"}))
            }
            ("disqualified", _) => self.write_noted(leads, "leads.recycle", json!({"id": id})),
            _ => self.write_noted(leads, "leads.start_work", json!({"id": id})),
        };
    }

    fn convert_lead(&mut self) {
        let Some(id) = self.lead_in(&["qualified"], true) else { return };
        let mut req = json!({"id": id});
        if self.rng.chance(60) {
            let amount = 100_000 * (1 + self.rng.below(50)) as i64;
            req["opportunity"] =
                json!({"title": "转化商机", "amount": amount, "currency": "CNY", "expected_close_date": "2026-05-31"});
        }
        if let Some(a) = self.write("leads.convert", req) {
            let owner = a["lead"]["owner_id"].as_str().map(str::to_string);
            let mut known = self.known();
            Known::note(&mut known.leads, &a["lead"]);
            if let Some(c) = a["customer_id"].as_str()
                && a["customer_created"].as_bool() == Some(true)
            {
                known.customers.push(Rec::new(c, owner.as_deref()));
            }
            if let Some(c) = a["contact_id"].as_str() {
                known.contacts.push(Rec::new(c, None));
            }
            if let Some(o) = a["opportunity_id"].as_str() {
                known.opportunities.push(Rec { state: "open/qualify/none".into(), ..Rec::new(o, owner.as_deref()) });
            }
        }
    }

    fn create_opportunity(&mut self) {
        let Some(customer) = self.customer() else { return };
        let n = self.next_n();
        let amount = 50_000 * (1 + self.rng.below(100)) as i64;
        let month = 3 + self.rng.below(9);
        let mut draft = json!({
            "customer_id": customer,
            "title": format!("商机 {}-{n}", self.tag),
            "amount": amount,
            "currency": "CNY",
            "expected_close_date": format!("2026-{month:02}-15"),
            "source": *self.rng.pick(&SOURCES),
            "campaign": *self.rng.pick(&CAMPAIGNS),
        });
        if self.rng.chance(30) {
            draft["lines"] = json!([{"description": "设备", "quantity": "3", "unit_price": amount / 3}]);
            draft.as_object_mut().unwrap().remove("amount");
        }
        if let Some(a) = self.write("opportunities.create", draft) {
            self.remember(|k| &mut k.opportunities, &a);
        }
    }

    /// An opportunity of the actor's whose state `wanted` accepts, most of the time.
    fn opportunity_where(&mut self, mine: bool, wanted: impl Fn(&str) -> bool) -> Option<Rec> {
        let me = if mine { self.actor.clone() } else { None };
        let known = self.shared.known.lock().unwrap();
        Known::pick_where(&known.opportunities, &self.rng, me.as_deref(), wanted)
    }

    /// The next step of an open opportunity (OPP-2, OPP-3): through the approval gate at `evaluate`,
    /// on to `contract`, then won, lost or abandoned; now and then a step back or an update, a share.
    fn work_opportunity(&mut self) {
        let Some(opp) = self.opportunity_where(true, |s| s.starts_with("open/")) else { return };
        let id = opp.id;
        let stage = opp.state.split('/').nth(1).unwrap_or("").to_string();
        let approval = opp.state.split('/').nth(2).unwrap_or("").to_string();
        let roll = self.rng.below(20);
        match (stage.as_str(), approval.as_str(), roll) {
            (_, _, 0..=1) => {
                let amount = 10_000 * (1 + self.rng.below(500)) as i64;
                let p = self.rng.below(101);
                let req = json!({"id": id, "amount": amount, "probability_override": p});
                self.write_noted(opps, "opportunities.update", req)
            }
            (_, _, 2) => {
                let reps = self.shared.org.reps.clone();
                let user = self.rng.pick(&reps).clone();
                let access = *self.rng.pick(&["read", "edit"]);
                let req = json!({"id": id, "user_id": user, "access": access});
                self.write_noted(opps, "opportunities.add_collaborator", req)
            }
            (_, _, 3) => {
                let req = json!({"id": id, "stage": *self.rng.pick(&STAGES)});
                self.write_noted(opps, "opportunities.advance", req)
            }
            ("qualify", _, _) => {
                self.write_noted(opps, "opportunities.advance", json!({"id": id, "stage": "evaluate"}))
            }
            ("evaluate", "none" | "rejected", _) => {
                self.write_noted(opps, "opportunities.submit_for_approval", json!({"id": id, "note": "请审批"}))
            }
            ("evaluate", "approved", _) | ("negotiate", _, 4..=15) => {
                let next = if stage == "evaluate" { "negotiate" } else { "contract" };
                self.write_noted(opps, "opportunities.advance", json!({"id": id, "stage": next}))
            }
            ("contract", _, 4..=13) => self.write_noted(opps, "opportunities.win", json!({"id": id})),
            ("contract", _, 14..=16) | ("negotiate", _, 16..=17) => {
                let reason = *self.rng.pick(&["价格", "交期"]);
                let req = json!({"id": id, "reason": reason, "competitor": "Acme"});
                self.write_noted(opps, "opportunities.lose", req)
            }
            ("contract", _, 17) => {
                self.write_noted(opps, "opportunities.abandon", json!({"id": id, "reason": "项目取消"}))
            }
            _ => self.write_noted(opps, "opportunities.advance", json!({"id": id, "stage": "qualify"})),
        };
    }

    fn archive_or_restore(&mut self) {
        let (kind, id) = match self.rng.below(3) {
            0 => ("customers", self.customer()),
            1 => ("opportunities", self.opportunity()),
            _ => ("leads", self.lead()),
        };
        let Some(id) = id else { return };
        let verb = if self.rng.chance(60) { "archive" } else { "restore" };
        self.write(&format!("{kind}.{verb}"), json!({"id": id}));
    }

    /// One read of any kind, as this actor.
    fn some_read(&mut self) {
        let me = self.actor.clone();
        match self.rng.below(24) {
            0 => self.read("customers.list", json!({"limit": 30})),
            1 => self.read("customers.list", json!({"limit": 20, "region": "44", "status": "potential"})),
            2 => match self.customer() {
                Some(id) => self.read("customers.get", json!({"id": id})),
                None => None,
            },
            3 => match self.customer() {
                Some(id) => self.read("customers.overview", json!({"id": id})),
                None => None,
            },
            4 => self.read("opportunities.list", json!({"limit": 30, "status": "open"})),
            5 => match self.opportunity() {
                Some(id) => self.read("opportunities.get", json!({"id": id})),
                None => None,
            },
            6 => self.read("leads.list", json!({"limit": 30})),
            7 => self.read("activities.list", json!({"limit": 30})),
            8 => match me {
                Some(user) => self.read("agenda.day", json!({"user_id": user, "date": "2026-03-02"})),
                None => self.read("org.get", json!({})),
            },
            9 => self.read("reports.pipeline", json!({"by": *self.rng.pick(&["owner", "department"])})),
            10 => self.read("reports.funnel", json!({"from": "2025-06", "to": "2026-12"})),
            11 => self.read("reports.forecast", json!({"from": "2026-01", "to": "2026-12"})),
            12 => self.read("reports.won_lost", json!({"from": "2026-01", "to": "2026-12"})),
            13 => self.read("reports.lead_conversion", json!({"by": *self.rng.pick(&["source", "campaign"])})),
            14 => self.read(
                "reports.customer_distribution",
                json!({"by": *self.rng.pick(&["source", "status", "kind", "region", "industry"])}),
            ),
            15 => self.read("reports.value_pyramid", json!({})),
            16 => {
                let method = *self.rng.pick(&["reports.rfm_segments", "reports.abc_classes"]);
                self.read(method, json!({}))
            }
            17 => self.read("reports.churn", json!({"limit": 20})),
            18 => match self.customer() {
                Some(id) => self.read("audit.history", json!({"entity": "customer", "id": id})),
                None => None,
            },
            19 => match self.opportunity() {
                Some(id) => self.read("opportunities.stage_history", json!({"id": id})),
                None => None,
            },
            20 => match self.opportunity() {
                Some(id) => self.read("opportunities.prediction", json!({"id": id})),
                None => None,
            },
            21 => match self.lead() {
                Some(id) => self.read("leads.prediction", json!({"id": id})),
                None => None,
            },
            22 => match self.customer() {
                Some(id) => self.read("customers.scores", json!({"id": id})),
                None => None,
            },
            _ => match self.customer() {
                Some(id) => self.read("contacts.list", json!({"customer_id": id, "limit": 20})),
                None => None,
            },
        };
    }

    /// A sales rep: customers, contacts, activities, leads, opportunities, and reads.
    fn rep_step(&mut self) {
        match self.rng.below(100) {
            0..=5 => self.create_customer(if self.rng.chance(5) { Some(None) } else { None }),
            6..=9 => self.update_customer(),
            10..=11 => self.batch_customers(),
            12..=14 => self.create_contact(),
            15..=16 => self.update_contact(),
            17..=21 => self.create_activity(),
            22..=24 => self.finish_activity(),
            25..=26 => self.batch_activities(),
            27..=30 => self.create_lead(),
            31..=38 => self.move_lead(),
            39..=42 => self.convert_lead(),
            43..=47 => self.create_opportunity(),
            48..=61 => self.work_opportunity(),
            62..=63 => self.archive_or_restore(),
            _ => self.some_read(),
        }
    }

    /// A sales manager: approvals, lead assignment, reopening, updates on the team's records, and reads.
    fn manager_step(&mut self) {
        match self.rng.below(100) {
            0..=19 => {
                if let Some(opp) = self.opportunity_where(false, |s| s.ends_with("/pending")) {
                    let verb = if self.rng.chance(80) { "approve" } else { "reject" };
                    self.write_noted(opps, &format!("opportunities.{verb}"), json!({"id": opp.id, "note": "ok"}));
                }
            }
            20..=29 => self.assign_leads(),
            30..=32 => {
                if let Some(opp) = self.opportunity_where(false, |s| !s.starts_with("open/")) {
                    let mut req = json!({"id": opp.id});
                    if self.rng.chance(50) {
                        req["stage"] = json!(*self.rng.pick(&STAGES));
                    }
                    self.write_noted(opps, "opportunities.reopen", req);
                }
            }
            35..=41 => self.work_opportunity(),
            42..=46 => self.update_customer(),
            47..=50 => {
                let reps = self.shared.org.reps.clone();
                let owner = self.rng.pick(&reps).clone();
                self.create_customer(Some(Some(&owner)));
            }
            51..=53 => self.archive_or_restore(),
            _ => self.some_read(),
        }
    }

    fn assign_leads(&mut self) {
        let open = ["new", "recycled", "assigned"];
        let ids: Vec<String> = (0..1 + self.rng.below(3)).filter_map(|_| self.lead_in(&open, false)).collect();
        if ids.is_empty() {
            return;
        }
        let (east, west) = (self.shared.org.east.clone(), self.shared.org.west.clone());
        let reps = self.shared.org.reps.clone();
        let method = match self.rng.below(4) {
            0 => json!({"kind": "round_robin", "department_id": east}),
            1 => json!({"kind": "least_loaded", "department_id": west}),
            2 => json!({"kind": "manual", "user_id": self.rng.pick(&reps)}),
            _ => json!({"kind": "territory"}),
        };
        self.write_noted(leads, "leads.assign", json!({"ids": ids, "method": method}));
    }

    /// The administrator: organisation-wide changes, rescoring, archiving, and reads.
    fn admin_step(&mut self) {
        match self.rng.below(100) {
            0..=5 => {
                self.unaudited_write("scores.rescore", json!({}));
            }
            6..=8 => {
                self.read("scores.rescore", json!({"dry_run": true}));
            }
            9..=12 => {
                let model = self.shared.org.value_model.clone();
                let weight = 1 + self.rng.below(5);
                self.write("value_models.update", json!({"id": model, "dimensions": value_model_dimensions(weight)}));
            }
            13..=15 => {
                let points = 5 * (1 + self.rng.below(6));
                self.write(
                    "lead_scoring.configure",
                    json!({"cap": 100, "rules": [
                        {"field": "source", "op": "equals", "value": *self.rng.pick(&SOURCES), "points": points},
                        {"field": "region", "op": "prefix", "value": "44", "points": 15}
                    ]}),
                );
            }
            16..=17 => {
                let days = 10 + self.rng.below(50);
                self.write(
                    "alerts.configure",
                    json!({"no_activity_days": days, "no_order_days": 90, "birthday_days": 7}),
                );
            }
            18..=19 => {
                let prefix = *self.rng.pick(&["C-", "CU-", "K-"]);
                self.write("codes.set_prefix", json!({"entity": "customer", "prefix": prefix}));
            }
            20..=21 => {
                let scope = *self.rng.pick(&["own", "department", "department_tree"]);
                self.write("roles.set_scope", json!({"role": "sales_rep", "scope": scope}));
            }
            22..=29 => self.archive_or_restore(),
            30..=35 => self.assign_leads(),
            36..=39 => self.update_customer(),
            _ => self.some_read(),
        }
    }

    /// The ERP host (system actor): customers and contacts by external ref, orders, deliveries, receipts.
    fn erp_step(&mut self) {
        match self.rng.below(100) {
            0..=9 => {
                let n = self.next_n();
                let owner = self.rng.pick(&self.shared.org.reps.clone()).clone();
                let mut items = vec![json!({
                    "name": format!("ERP 客户 {n}"),
                    "external_ref": format!("erp-c-{n}"),
                    "owner_id": owner,
                    "region": *self.rng.pick(&REGIONS),
                })];
                let refs = self.known().customer_refs.clone();
                if !refs.is_empty() {
                    // An upsert of a known customer.
                    items.push(json!({"name": format!("ERP 更新 {n}"), "external_ref": self.rng.pick(&refs)}));
                }
                if let Some(a) = self.write("customers.batch", json!({"items": items, "mode": "skip_invalid"})) {
                    let first = a["written"][0].clone();
                    if first["created"].as_bool() == Some(true) {
                        self.known().customer_refs.push(format!("erp-c-{n}"));
                        let id = first["id"].as_str().unwrap().to_string();
                        self.known().customers.push(Rec::new(&id, Some(&owner)));
                    }
                }
            }
            10..=14 => {
                let refs = self.known().customer_refs.clone();
                if refs.is_empty() {
                    return;
                }
                let n = self.next_n();
                let items = json!([{
                    "customer_external_ref": self.rng.pick(&refs),
                    "external_ref": format!("erp-p-{n}"),
                    "name": format!("ERP 联系人 {n}"),
                    "phones": [format!("139 {n:04} 0000")],
                }]);
                if let Some(a) = self.write("contacts.batch", json!({"items": items})) {
                    self.remember_batch(|k| &mut k.contacts, &a, None);
                }
            }
            15..=44 => self.push_orders(),
            45..=54 => self.push_deliveries(),
            55..=69 => self.push_receipts(),
            _ => match self.rng.below(3) {
                0 => {
                    let id = self.known().order_ids.clone();
                    if !id.is_empty() {
                        let id = self.rng.pick(&id).clone();
                        self.read("orders.get", json!({"id": id}));
                    }
                }
                _ => self.some_read(),
            },
        }
    }

    fn push_orders(&mut self) {
        let mut items = Vec::new();
        for _ in 0..1 + self.rng.below(4) {
            let existing = self.known().orders.clone();
            if !existing.is_empty() && self.rng.chance(25) {
                // A later push of a known order: its status moves on (or is refused as a move back).
                let order = self.rng.pick(&existing).clone();
                let status = *self.rng.pick(&["approved", "delivered", "completed", "cancelled"]);
                let date = self.date();
                let mut item = json!({"external_ref": order.external_ref, "status": status, "order_date": date,
                                      "amount": order.amount});
                item[order.customer.0] = json!(order.customer.1);
                items.push(item);
                continue;
            }
            let n = self.next_n();
            let date = self.date();
            let amount = 1000 * (1 + self.rng.below(2000)) as i64;
            let status = *self.rng.pick(&["approved", "approved", "completed", "submitted", "draft"]);
            let mut item = json!({"external_ref": format!("so-{n}"), "number": format!("SO{n:05}"),
                                  "status": status, "order_date": date, "amount": amount});
            let refs = self.known().customer_refs.clone();
            if !refs.is_empty() && self.rng.chance(40) {
                item["customer_external_ref"] = json!(self.rng.pick(&refs));
            } else {
                item["customer_id"] = json!(self.customer());
            }
            items.push(item);
        }
        let mode = if self.rng.chance(60) { "skip_invalid" } else { "all_or_nothing" };
        if let Some(a) = self.write("orders.push", json!({"items": items.clone(), "mode": mode})) {
            let mut known = self.known();
            for w in a["written"].as_array().into_iter().flatten() {
                let item = &items[w["index"].as_u64().unwrap() as usize];
                if w["created"].as_bool() == Some(true) {
                    let key = if item["customer_id"].is_string() { "customer_id" } else { "customer_external_ref" };
                    known.orders.push(PushedOrder {
                        external_ref: item["external_ref"].as_str().unwrap().to_string(),
                        amount: item["amount"].as_i64().unwrap(),
                        customer: (key, item[key].as_str().unwrap().to_string()),
                    });
                    known.order_ids.push(w["id"].as_str().unwrap().to_string());
                }
            }
        }
    }

    fn push_deliveries(&mut self) {
        let orders = self.known().orders.clone();
        if orders.is_empty() {
            return;
        }
        let order = self.rng.pick(&orders).clone();
        let n = self.next_n();
        let part = order.amount / (1 + self.rng.below(3)) as i64;
        let items = json!([{"external_ref": format!("dn-{n}"), "order_external_ref": order.external_ref,
                            "delivery_date": "2026-02-20", "amount": part}]);
        self.write("deliveries.push", json!({"items": items}));
    }

    fn push_receipts(&mut self) {
        let orders = self.known().orders.clone();
        let n = self.next_n();
        let date = self.date();
        let amount = 500 * (1 + self.rng.below(2000)) as i64;
        let mut item = json!({"external_ref": format!("rc-{n}"), "receipt_date": date, "amount": amount});
        if !orders.is_empty() && self.rng.chance(60) {
            // Settling a pushed order, named as the order named its customer.
            let order = self.rng.pick(&orders).clone();
            item["order_external_ref"] = json!(order.external_ref);
            item["amount"] = json!(order.amount / 2);
            item[order.customer.0] = json!(order.customer.1);
        } else {
            match self.customer() {
                Some(c) => item["customer_id"] = json!(c),
                None => return,
            }
        }
        self.write("receipts.push", json!({"items": [item], "mode": "skip_invalid"}));
    }
}

/// The value model's dimensions, with the money dimension weighted `weight`.
fn value_model_dimensions(weight: usize) -> Value {
    json!([
        {"metric": "order_amount", "rule": {"kind": "linear", "lo": 0, "hi": 300_000_000}, "weight": weight},
        {"metric": "order_count", "rule": {"kind": "bands", "bands": [
            {"min": 1, "max": 3, "points": 30}, {"min": 3, "max": 8, "points": 70}, {"min": 8, "points": 100}]}, "weight": 2},
        {"metric": "days_since_last_order", "rule": {"kind": "linear", "lo": 365, "hi": 0}, "weight": 3},
        {"metric": "overdue_amount", "rule": {"kind": "bands", "bands": [
            {"max": 1, "points": 100}, {"min": 1, "max": 5_000_000, "points": 50}]}, "weight": 1}
    ])
}

fn id_of(v: &Option<Value>) -> String {
    v.as_ref().and_then(|v| v["id"].as_str()).expect("an id").to_string()
}

/// The organisation, its pipeline, value model, lead scoring and territories, and a few customers per
/// rep, as the system actor (logged as the first stream).
fn set_up(engine: Engine, path: &str) -> (Shared, Vec<Call>) {
    let placeholder = Org {
        east: String::new(),
        west: String::new(),
        admin: String::new(),
        manager: String::new(),
        reps: Vec::new(),
        value_model: String::new(),
    };
    let mut shared =
        Shared { engine, path: path.to_string(), org: placeholder, known: Mutex::default(), writers: RwLock::new(()) };
    let mut log = Vec::new();
    let org = {
        let mut w = Worker::new(&shared, None, "setup", 1);
        let dept = |w: &mut Worker<'_>, name: &str, parent: Option<&str>| {
            id_of(&w.write("departments.create", json!({"name": name, "parent_id": parent})))
        };
        let hq = dept(&mut w, "HQ", None);
        let sales = dept(&mut w, "Sales", Some(&hq));
        let east = dept(&mut w, "East", Some(&sales));
        let west = dept(&mut w, "West", Some(&sales));
        let user = |w: &mut Worker<'_>, name: &str, dept: &str, role: &str| {
            id_of(&w.write("users.create", json!({"name": name, "department_id": dept, "roles": [role]})))
        };
        let admin = user(&mut w, "Admin", &hq, "admin");
        let manager = user(&mut w, "Sales Manager", &sales, "sales_manager");
        let reps = vec![
            user(&mut w, "张伟", &east, "sales_rep"),
            user(&mut w, "李娜", &east, "sales_rep"),
            user(&mut w, "Wang Fang", &west, "sales_rep"),
        ];
        w.write(
            "pipelines.create",
            json!({"code": "standard", "name": "标准销售流程", "stages": [
                {"code": "qualify", "name": "初步接洽", "probability": 10},
                {"code": "evaluate", "name": "需求评估", "probability": 40, "requires_approval": true, "forecast_category": "best_case"},
                {"code": "negotiate", "name": "商务谈判", "probability": 70, "forecast_category": "best_case"},
                {"code": "contract", "name": "签约", "probability": 90, "forecast_category": "commit"}
            ]}),
        )
        .expect("pipeline");
        let model = w.write(
            "value_models.create",
            json!({"code": "standard", "name": "客户价值模型", "is_default": true,
                   "dimensions": value_model_dimensions(4),
                   "grading": {"method": "percentage", "a": 0.2, "b": 0.5, "c": 0.8}}),
        );
        let value_model = id_of(&model);
        w.write("leads.set_territory", json!({"region_prefix": "44", "department_id": east})).expect("territory");
        w.write("leads.set_territory", json!({"region_prefix": "11", "department_id": west})).expect("territory");
        for rep in &reps {
            for _ in 0..3 {
                w.create_customer(Some(Some(rep)));
            }
        }
        w.create_customer(Some(None));
        log.append(&mut w.log);
        Org { east, west, admin, manager, reps, value_model }
    };
    shared.org = org;
    (shared, log)
}

fn temp_db(name: &str) -> (std::path::PathBuf, String) {
    let dir = std::env::temp_dir().join(format!("rapport-concurrency-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("crm.db").to_str().unwrap().to_string();
    (dir, path)
}

/// The totals both engines must agree on: every report, list and agenda as every actor
/// ([`serial_oracle::report_reads`]), each customer's overview and scores, each opportunity's and lead's
/// prediction and history, each order.
fn totals(shared: &Shared) -> Vec<(Option<String>, String, String)> {
    let org = &shared.org;
    let mut actors: Vec<Option<String>> = vec![None, Some(org.admin.clone()), Some(org.manager.clone())];
    actors.extend(org.reps.iter().cloned().map(Some));
    let mut reads = serial_oracle::report_reads(&actors);
    let mut add = |actor: &Option<String>, method: &str, request: Value| {
        reads.push((actor.clone(), method.to_string(), request.to_string()));
    };
    let known = shared.known.lock().unwrap();
    for c in &known.customers {
        add(&None, "customers.overview", json!({"id": c.id}));
        add(&None, "customers.scores", json!({"id": c.id}));
        add(&None, "customers.relationship_map", json!({"id": c.id}));
    }
    for o in &known.opportunities {
        add(&None, "opportunities.prediction", json!({"id": o.id}));
        add(&None, "opportunities.stage_history", json!({"id": o.id}));
    }
    for l in &known.leads {
        add(&None, "leads.prediction", json!({"id": l.id}));
    }
    for o in &known.order_ids {
        add(&None, "orders.get", json!({"id": o}));
    }
    reads
}

#[test]
fn concurrent_calls_end_as_the_same_calls_run_serially_in_commit_order() {
    let ops: usize = std::env::var("RAPPORT_CONCURRENCY_OPS").ok().and_then(|s| s.parse().ok()).unwrap_or(DEFAULT_OPS);
    let seed: u64 = std::env::var("RAPPORT_CONCURRENCY_SEED").ok().and_then(|s| s.parse().ok()).unwrap_or(20260302);
    eprintln!(
        "concurrency: seed {seed}, {THREADS} threads x {ops} calls (RAPPORT_CONCURRENCY_SEED, RAPPORT_CONCURRENCY_OPS)"
    );
    let started = Instant::now();
    let (dir, path) = temp_db("run");
    let (shared, setup_log) = set_up(Engine::open(&path, &options()).expect("open"), &path);

    let mut streams: Vec<Vec<Call>> = vec![setup_log];
    let org = &shared.org;
    let roles: Vec<(Option<String>, &str)> = vec![
        (None, "erp"),
        (Some(org.admin.clone()), "admin"),
        (Some(org.manager.clone()), "manager"),
        (Some(org.reps[0].clone()), "rep0"),
        (Some(org.reps[1].clone()), "rep1"),
        (Some(org.reps[2].clone()), "rep2"),
    ];
    assert_eq!(roles.len(), THREADS);
    let logs: Vec<Vec<Call>> = std::thread::scope(|s| {
        let handles: Vec<_> = roles
            .iter()
            .enumerate()
            .map(|(t, (actor, role))| {
                let shared = &shared;
                s.spawn(move || {
                    let mut w = Worker::new(shared, actor.clone(), role, seed.wrapping_add(t as u64 * 7919));
                    for _ in 0..ops {
                        match *role {
                            "erp" => w.erp_step(),
                            "admin" => w.admin_step(),
                            "manager" => w.manager_step(),
                            _ => w.rep_step(),
                        }
                    }
                    w.log
                })
            })
            .collect();
        handles.into_iter().map(|h| h.join().expect("a worker panicked")).collect()
    });
    streams.extend(logs);
    let concurrent_secs = started.elapsed().as_secs_f64();

    // Tally, and no call may answer busy or internal.
    let mut tally: BTreeMap<String, (usize, BTreeMap<String, usize>)> = BTreeMap::new();
    let mut forbidden = Vec::new();
    for call in streams.iter().flatten() {
        let entry = tally.entry(call.method.clone()).or_default();
        match call.outcome.code() {
            None => entry.0 += 1,
            Some(code) => {
                *entry.1.entry(code.to_string()).or_default() += 1;
                if code == "busy" || code == "internal" {
                    forbidden.push(format!("{} by {:?} {}: {code}", call.method, call.actor, call.request));
                }
            }
        }
    }
    for (method, (ok, errors)) in &tally {
        eprintln!("  {method:36} ok {ok:5}  refused {errors:?}");
    }
    assert!(forbidden.is_empty(), "seed {seed}: calls answered busy or internal:\n{}", forbidden.join("\n"));

    let (replay_dir, replay_path) = temp_db("replay");
    let replay = serial_oracle::replay(&path, &streams, &replay_path, &options())
        .unwrap_or_else(|e| panic!("seed {seed}: the serial replay diverged: {e}"));
    let rows = serial_oracle::compare_tables(&path, &replay_path, &replay.ids)
        .unwrap_or_else(|e| panic!("seed {seed}: the final states differ:\n{e}"));
    let totals = serial_oracle::compare_reads(&shared.engine, &replay.engine, &replay.ids, &totals(&shared))
        .unwrap_or_else(|e| panic!("seed {seed}: a total differs: {e}"));
    let s = &replay.stats;
    let calls: usize = streams.iter().map(Vec::len).sum();
    eprintln!(
        "concurrency: {calls} calls in {concurrent_secs:.1} s; replayed {} writes ({} audit entries, {} rescorings placed by seq, without entries: {:?}), {} refused writes skipped; {} reads matched a serial state ({} evaluations); {rows} rows and {totals} totals equal; {:.1} s in all",
        s.writes,
        s.audit_entries,
        s.unaudited,
        s.without_entries,
        s.refused_writes,
        s.reads_checked,
        s.read_evaluations,
        started.elapsed().as_secs_f64()
    );
    drop(replay);
    drop(shared);
    std::fs::remove_dir_all(dir).unwrap();
    std::fs::remove_dir_all(replay_dir).unwrap();
}
