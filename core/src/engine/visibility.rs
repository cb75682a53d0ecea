//! Access to one record for the current actor (ORG-3), decided by its kind's declared scoping.

use super::{Ctx, EngineResult};
use crate::domain::access::{Access, Scope};
use crate::domain::entity::{Entity, Pool, Scoping};
use crate::storage::RecordFacts;

impl Ctx<'_> {
    /// The actor's access to record `id` of `entity`, with the facts that decided it (`None`: no such
    /// record, or an organisation record, which has none).
    ///
    /// - Organisation set-up: administrators and the host.
    /// - Owned: the owner's department against the actor's scope; an unowned record per the kind's
    ///   pool; the actor's collaborator entry; or, for kinds reached through a parent too (an activity
    ///   with its customer), the better of the two.
    /// - Reached through a parent only (a contact, an order): the parent's access.
    pub fn access_facts(&self, entity: Entity, id: &str) -> EngineResult<(Access, Option<RecordFacts>)> {
        let decl = entity.declaration();
        match decl.scoping {
            Scoping::Organisation => Ok((if self.actor.is_admin() { Access::Write } else { Access::None }, None)),
            Scoping::Owned { pool, with_parent, .. } => {
                let viewer = self.actor.user_id().unwrap_or("");
                let Some(facts) = self.tx.record_facts(entity, id, viewer)? else { return Ok((Access::None, None)) };
                let pool_reachable = match pool {
                    Pool::None => false,
                    Pool::PublicPool => true,
                    Pool::AboveOwnScope => self.actor.scope() > Scope::Own,
                };
                let own = self.actor.access_to(&facts.ownership, pool_reachable);
                let through_parent = match (with_parent, &facts.parent_id) {
                    (Some((parent, _)), Some(parent_id)) => self.access(parent, parent_id)?,
                    _ => Access::None,
                };
                Ok((own.max(through_parent), Some(facts)))
            }
            Scoping::WithParent { parent, .. } => {
                let Some(facts) = self.tx.record_facts(entity, id, "")? else { return Ok((Access::None, None)) };
                let access = match &facts.parent_id {
                    Some(parent_id) => self.access(parent, parent_id)?,
                    None => Access::None,
                };
                Ok((access, Some(facts)))
            }
        }
    }

    /// The actor's access to record `id` of `entity`.
    pub fn access(&self, entity: Entity, id: &str) -> EngineResult<Access> {
        Ok(self.access_facts(entity, id)?.0)
    }

    /// The actor's access to the records audited under `name`: a declared kind by its scoping,
    /// anything else (organisation settings) administrators only.
    pub fn access_by_name(&self, name: &str, id: &str) -> EngineResult<Access> {
        match Entity::parse(name) {
            Some(entity) => self.access(entity, id),
            None if self.actor.is_admin() => Ok(Access::Write),
            None => Ok(Access::None),
        }
    }
}
