//! The request context: the transaction, the resolved actor, `now`, and the helpers every write uses (ids, codes, audit).

use std::cell::RefCell;
use std::collections::{BTreeMap, BTreeSet};

use chrono::{DateTime, Utc};
use serde::Serialize;
use serde_json::{Map, Value};

use super::Engine;
use super::{EngineError, EngineResult};
use crate::domain::access::{Actor, Role, Scope, UserActor};
use crate::domain::audit;
use crate::domain::custom_fields::CustomFieldDef;
use crate::domain::entity::{Entity, Setting};
use crate::domain::error::ErrorCode;
use crate::domain::hlc;
use crate::domain::opportunity::Opportunity;
use crate::domain::org::Organisation;
use crate::domain::permissions::{self, CustomRole, DepartmentGrant, Permissions};
use crate::domain::sort;
use crate::domain::withholding;
use crate::storage::{ConfiguredScope, Tx, UserActorFacts};

/// The meta key of who owns receivables (DOC-10).
const RECEIVABLES_OWNER_KEY: &str = "receivables_owner";

/// The state of the id generator and the HLC at one moment of a write.
pub(crate) struct GeneratorsMark {
    ids: (Option<u64>, u128),
    hlc: hlc::HlcClock,
}

/// One request in flight: everything a handler needs, inside one transaction.
pub(crate) struct Ctx<'a> {
    engine: &'a Engine,
    pub tx: &'a Tx<'a>,
    pub actor: Actor,
    pub now: DateTime<Utc>,
    organisation: Option<Organisation>,
    receivables_owner: Option<crate::domain::receivable::ReceivablesOwner>,
    /// Records this write changed, whose derived data refreshes before it commits.
    touched: RefCell<Touched>,
    /// Each kind's live custom field definitions, read once per call (a batch or an import checks every
    /// record against them; no call both defines fields and writes records).
    custom_field_defs: RefCell<BTreeMap<Entity, std::rc::Rc<Vec<CustomFieldDef>>>>,
}

/// The records a write changed: customers (their statistics), opportunities (funnel counters and
/// win prediction counts) and leads (conversion prediction counts) refresh before the commit.
#[derive(Default)]
pub(crate) struct Touched {
    pub customers: BTreeSet<String>,
    /// Customers whose orders or receipts changed: their receivables (DOC-6) are settled again.
    pub documents: BTreeSet<String>,
    /// New counting orders (customer id, order id), whose customers' statistics can take them as a delta.
    pub new_orders: Vec<(String, String)>,
    /// Each opportunity this write saved, as it saved it last: the refreshes read it here instead of
    /// reading its row again.
    pub opportunities: BTreeMap<String, Opportunity>,
    pub leads: BTreeSet<String>,
    /// Customers whose industry or region changed: what the win prediction learned from their closed
    /// opportunities follows.
    pub customer_places: BTreeSet<String>,
}

impl<'a> Ctx<'a> {
    pub(super) fn new(engine: &'a Engine, tx: &'a Tx<'a>, actor: Actor, now: DateTime<Utc>) -> Self {
        Ctx {
            engine,
            tx,
            actor,
            now,
            organisation: None,
            receivables_owner: None,
            touched: RefCell::default(),
            custom_field_defs: RefCell::default(),
        }
    }

    /// Notes that this write changed a customer's documents or activities (its statistics follow).
    pub fn touch_customer(&self, id: &str) {
        self.touched.borrow_mut().customers.insert(id.to_string());
    }

    /// Notes that this write changed a customer's orders or receipts: its receivables are settled again
    /// and its statistics recomputed.
    pub fn touch_customer_documents(&self, id: &str) {
        let mut touched = self.touched.borrow_mut();
        touched.customers.insert(id.to_string());
        touched.documents.insert(id.to_string());
    }

    /// Notes that this write added a counting order to a customer: its statistics take it as a delta
    /// when that is exact (checked at commit), else are recomputed.
    pub fn add_new_order(&self, customer_id: &str, order_id: &str) {
        self.touched.borrow_mut().new_orders.push((customer_id.to_string(), order_id.to_string()));
    }

    /// Notes that this write saved an opportunity as `saved` (its funnel and prediction counts follow).
    pub fn touch_opportunity(&self, saved: &Opportunity) {
        self.touched.borrow_mut().opportunities.insert(saved.id.clone(), saved.clone());
    }

    /// Notes that this write changed a customer's industry or region (the prediction facts of its closed
    /// opportunities follow).
    pub fn touch_customer_place(&self, id: &str) {
        self.touched.borrow_mut().customer_places.insert(id.to_string());
    }

    /// Notes that this write changed a lead (its prediction counts follow).
    pub fn touch_lead(&self, id: &str) {
        self.touched.borrow_mut().leads.insert(id.to_string());
    }

    /// What this write changed so far, emptying the record.
    pub fn take_touched(&self) -> Touched {
        std::mem::take(&mut *self.touched.borrow_mut())
    }

    /// A new UUIDv7 record id.
    pub fn new_id(&self) -> String {
        self.engine.ids.next(self.now.timestamp_millis())
    }

    /// Where the id generator and the HLC stand, for [`Ctx::rewind`].
    pub(crate) fn mark(&self) -> GeneratorsMark {
        let hlc = self.engine.hlc.lock().unwrap_or_else(|p| p.into_inner()).clone();
        GeneratorsMark { ids: self.engine.ids.position(), hlc }
    }

    /// Takes back the ids and HLC times handed out since `mark`, after the writes that used them were
    /// rolled back, so a retried write gets the same ones (the test mode stays reproducible).
    pub(crate) fn rewind(&self, mark: GeneratorsMark) {
        self.engine.ids.rewind(mark.ids);
        *self.engine.hlc.lock().unwrap_or_else(|p| p.into_inner()) = mark.hlc;
    }

    /// The next readable code of `entity` (`C-000123`); never reused.
    pub fn next_code(&self, entity: Entity) -> EngineResult<String> {
        Ok(self.tx.next_code(entity.name())?)
    }

    /// Who owns receivables (DOC-10; read once per request).
    pub fn receivables_owner(&mut self) -> EngineResult<crate::domain::receivable::ReceivablesOwner> {
        if let Some(o) = self.receivables_owner {
            return Ok(o);
        }
        let stored = self.tx.meta_get(RECEIVABLES_OWNER_KEY)?;
        let owner = stored.as_deref().and_then(crate::domain::receivable::ReceivablesOwner::parse).unwrap_or_default();
        self.receivables_owner = Some(owner);
        Ok(owner)
    }

    /// Records who owns receivables from now on (DOC-10).
    pub fn set_receivables_owner(&mut self, owner: crate::domain::receivable::ReceivablesOwner) -> EngineResult<()> {
        self.tx.meta_set(RECEIVABLES_OWNER_KEY, owner.as_str())?;
        self.receivables_owner = Some(owner);
        Ok(())
    }

    /// The organisation settings (read once per request).
    /// The live custom field definitions of `entity`, read once per call.
    pub fn custom_field_defs(&self, entity: Entity) -> EngineResult<std::rc::Rc<Vec<CustomFieldDef>>> {
        if let Some(defs) = self.custom_field_defs.borrow().get(&entity) {
            return Ok(defs.clone());
        }
        let defs = std::rc::Rc::new(self.tx.custom_field_defs(entity)?);
        self.custom_field_defs.borrow_mut().insert(entity, defs.clone());
        Ok(defs)
    }

    pub fn organisation(&mut self) -> EngineResult<&Organisation> {
        if self.organisation.is_none() {
            self.organisation = Some(self.tx.organisation()?);
        }
        Ok(self.organisation.as_ref().expect("just set"))
    }

    /// Refuses writing a financial field the actor may not see (ORG-6): `permission_denied` naming it.
    pub fn require_financial_write(&self, entity: Entity, field: &str) -> EngineResult<()> {
        if withholding::sees_financial(&self.actor, entity) {
            return Ok(());
        }
        Err(EngineError::permission_denied(format!(
            "no role of this user permits view_financial on {entity} records, so {field} cannot be written"
        ))
        .with_field(field))
    }

    /// Appends an audit entry of a record (with change sequence number and HLC time).
    pub fn audit(&self, entity: Entity, id: &str, action: &str, changes: Map<String, Value>) -> EngineResult<()> {
        self.append_audit(entity.name(), id, action, changes)
    }

    /// Audits a change of a record by diffing its serialised form before and after.
    pub fn audit_change<T: Serialize>(
        &self,
        entity: Entity,
        id: &str,
        action: &str,
        before: Option<&T>,
        after: &T,
    ) -> EngineResult<()> {
        self.append_audit(entity.name(), id, action, diff(before, after)?)
    }

    /// Appends an audit entry of an organisation setting.
    pub fn audit_setting(
        &self,
        setting: Setting,
        id: &str,
        action: &str,
        changes: Map<String, Value>,
    ) -> EngineResult<()> {
        self.append_audit(setting.name(), id, action, changes)
    }

    /// Audits a change of an organisation setting by diffing its serialised form before and after.
    pub fn audit_setting_change<T: Serialize>(
        &self,
        setting: Setting,
        id: &str,
        action: &str,
        before: Option<&T>,
        after: &T,
    ) -> EngineResult<()> {
        self.append_audit(setting.name(), id, action, diff(before, after)?)
    }

    /// Appends an audit entry of something that is neither a record kind nor a setting (an inbox, an
    /// announcement, an outbox message), under `name`.
    pub fn audit_named(&self, name: &str, id: &str, action: &str, changes: Map<String, Value>) -> EngineResult<()> {
        self.append_audit(name, id, action, changes)
    }

    fn append_audit(&self, entity: &str, id: &str, action: &str, changes: Map<String, Value>) -> EngineResult<()> {
        let stamp = {
            let mut clock = self.engine.hlc.lock().unwrap_or_else(|p| p.into_inner());
            clock.tick(self.now.timestamp_millis())
        };
        let hlc = hlc::encode(stamp, &self.engine.node_id);
        self.tx.append_audit(&hlc, self.now, self.actor.user_id(), entity, id, action, &changes)?;
        Ok(())
    }
}

/// The changed fields between two serialised forms of a record.
pub(super) fn diff<T: Serialize>(before: Option<&T>, after: &T) -> EngineResult<Map<String, Value>> {
    let before = before.map(to_value).transpose()?;
    let after = to_value(after)?;
    Ok(audit::diff(before.as_ref(), &after))
}

fn to_value<T: Serialize>(v: &T) -> EngineResult<Value> {
    serde_json::to_value(v)
        .map_err(|e| EngineError::internal_from("a record could not be serialised for its audit entry", e))
}

/// Resolves an actor id to the actor the rules see; `None` is the host as `system`.
pub(super) fn resolve_actor(tx: &Tx<'_>, actor: Option<&str>) -> EngineResult<Actor> {
    let Some(id) = actor else { return Ok(Actor::System) };
    let unknown =
        || EngineError::refused(ErrorCode::UnknownActor, "the actor id names no active user").with_field("actor");
    match user_actor_of(tx, id, true)? {
        Some(user) => Ok(Actor::User(user)),
        None => Err(unknown()),
    }
}

/// An active user as the rules see them (ORG-2, ORG-6): their built-in and custom roles, each role's
/// scope (built-in roles as configured), the union of the roles' permissions, the department grants to
/// them and to their roles, and, when a scope is `subordinates`, everyone below them in the manager
/// chain. `None`: no such user (with `active_only`, no such active user).
pub(crate) fn user_actor_of(tx: &Tx<'_>, id: &str, active_only: bool) -> EngineResult<Option<UserActor>> {
    let Some(user) = tx.user_actor_facts(id)? else { return Ok(None) };
    if active_only && !user.active {
        return Ok(None);
    }
    let custom = tx.held_custom_roles(id)?;
    let role_codes: Vec<&str> =
        user.roles.iter().map(|r| r.as_str()).chain(custom.iter().map(|c| c.code.as_str())).collect();
    let grants = tx.department_grants(id, &role_codes)?;
    Ok(Some(assemble(tx, id, user, custom, grants)?))
}

/// The active users among `ids` as the rules see them, as [`user_actor_of`] builds one, in a fixed
/// number of queries whatever their count (plus one per user whose scope is `subordinates`): approval
/// candidates are every holder of the approve permission.
pub(crate) fn user_actors_of(tx: &Tx<'_>, ids: &[String]) -> EngineResult<Vec<UserActor>> {
    let mut facts = tx.user_actor_facts_many(ids)?;
    let mut custom = tx.held_custom_roles_many(ids)?;
    let grants = tx.all_department_grants()?;
    let mut actors = Vec::with_capacity(ids.len());
    for id in ids {
        let Some(user) = facts.remove(id).filter(|u| u.active) else { continue };
        let held = custom.remove(id).unwrap_or_default();
        let mine = grants
            .iter()
            .filter(|g| {
                g.user_id.as_deref() == Some(id.as_str())
                    || g.role
                        .as_deref()
                        .is_some_and(|r| user.roles.iter().any(|b| b.as_str() == r) || held.iter().any(|c| c.code == r))
            })
            .map(|g| g.grant.clone())
            .collect();
        actors.push(assemble(tx, id, user, held, mine)?);
    }
    Ok(actors)
}

/// An actor from what was loaded about them: scopes, permissions, grants, and the subordinates when a
/// scope needs them.
fn assemble(
    tx: &Tx<'_>,
    id: &str,
    user: UserActorFacts,
    custom: Vec<CustomRole>,
    mut department_grants: Vec<DepartmentGrant>,
) -> EngineResult<UserActor> {
    let scope_of = |r: Role| ConfiguredScope::of(&user.configured_scopes, r);
    let mut scopes: Vec<Scope> =
        user.roles.iter().map(|r| scope_of(*r)).chain(custom.iter().map(|c| c.scope)).collect();
    if scopes.is_empty() {
        scopes.push(Scope::Own);
    }
    sort::sort(&mut scopes);
    scopes.dedup();
    let permissions = user
        .roles
        .iter()
        .map(|r| permissions::builtin(*r))
        .chain(custom.iter().map(|c| c.permissions))
        .fold(Permissions::default(), Permissions::union);
    sort::sort(&mut department_grants);
    department_grants.dedup();
    let subordinates = if scopes.contains(&Scope::Subordinates) { tx.subordinates(id)? } else { Vec::new() };
    Ok(UserActor {
        id: id.to_string(),
        department_id: user.department_id,
        department_path: user.department_path,
        roles: user.roles,
        custom_roles: custom.into_iter().map(|c| c.code).collect(),
        scopes,
        subordinates,
        department_grants,
        permissions,
    })
}

#[cfg(test)]
mod tests {
    use serde_json::{Value, json};

    use super::*;

    fn call(engine: &Engine, method: &str, req: Value) -> Value {
        engine.call_value(None, method, &req.to_string()).unwrap_or_else(|e| panic!("{method}: {e:?}"))
    }

    /// Approval candidates are built many at once: each one equal to the actor built alone.
    #[test]
    fn actors_built_many_at_once_equal_actors_built_one_by_one() {
        let engine = Engine::open_in_memory().expect("open");
        let dept = |name: &str, parent: Option<&str>| -> String {
            call(&engine, "departments.create", json!({"name": name, "parent_id": parent}))["id"]
                .as_str()
                .unwrap()
                .into()
        };
        let hq = dept("HQ", None);
        let east = dept("East", Some(&hq));
        let west = dept("West", Some(&hq));
        call(&engine, "roles.set_scope", json!({"role": "sales_rep", "scope": "department"}));
        call(
            &engine,
            "roles.define",
            json!({"code": "lead", "name": "Lead", "scope": "subordinates", "permissions": {"customer": ["edit"]}}),
        );
        call(&engine, "roles.define", json!({"code": "audit", "name": "Audit", "scope": "own", "permissions": {}}));
        let user = |name: &str, d: &str, roles: Value, custom: Value, manager: Option<&str>| -> String {
            call(
                &engine,
                "users.create",
                json!({"name": name, "department_id": d, "roles": roles, "custom_roles": custom, "manager_id": manager}),
            )["id"]
                .as_str()
                .unwrap()
                .into()
        };
        let boss = user("Boss", &hq, json!(["sales_manager"]), json!(["lead"]), None);
        let rep = user("Rep", &east, json!(["sales_rep"]), json!([]), Some(&boss));
        let auditor = user("Auditor", &west, json!([]), json!(["audit"]), Some(&rep));
        let inactive = user("Gone", &west, json!(["admin"]), json!([]), None);
        call(&engine, "users.deactivate", json!({"id": inactive}));
        call(&engine, "grants.grant", json!({"role": "audit", "department_id": east, "access": "read"}));
        call(&engine, "grants.grant", json!({"user_id": auditor, "department_id": hq, "access": "edit"}));
        call(&engine, "grants.grant", json!({"role": "sales_rep", "department_id": west, "access": "read"}));
        let ids = vec![auditor.clone(), boss.clone(), inactive.clone(), rep.clone(), "nobody".to_string()];
        engine
            .read(None, |cx| {
                let many = user_actors_of(cx.tx, &ids)?;
                let one: Vec<UserActor> =
                    ids.iter().filter_map(|id| user_actor_of(cx.tx, id, true).transpose()).collect::<Result<_, _>>()?;
                assert_eq!(many.len(), 3);
                assert_eq!(many, one);
                assert!(many.iter().any(|a| a.department_grants.len() == 2), "the auditor's own and their role's");
                assert!(many.iter().any(|a| !a.subordinates.is_empty()), "the boss's reports");
                Ok(())
            })
            .expect("read");
    }
}
