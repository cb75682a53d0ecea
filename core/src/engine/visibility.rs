//! Access to one record for the current actor (ORG-3): the kind's rule ([`visibility::rule`]) judged on the record's facts.

use std::cell::RefCell;

use super::{Ctx, EngineError, EngineResult};
use crate::domain::access::{Access, Ownership};
use crate::domain::entity::{Entity, Scoping};
use crate::domain::visibility::{self, RecordFacts};

impl Ctx<'_> {
    /// The actor's access to record `id` of `entity`, with the facts that decided it (`None`: no such
    /// record, or an organisation or catalogue record, which has none). The rule is the one lists and reports filter
    /// by ([`visibility::rule`]); a grant through a parent asks the parent's access the same way.
    pub fn access_facts(&self, entity: Entity, id: &str) -> EngineResult<(Access, Option<RecordFacts>)> {
        let rule = visibility::rule(&self.actor, entity);
        if matches!(entity.declaration().scoping, Scoping::Organisation | Scoping::Catalogue { .. }) {
            return Ok((rule.access(&RecordFacts::default(), |_, _| Access::None), None));
        }
        let viewer = self.actor.user_id().unwrap_or("");
        let Some(facts) = self.tx.record_facts(entity, id, viewer)? else { return Ok((Access::None, None)) };
        let failure: RefCell<Option<EngineError>> = RefCell::new(None);
        let access = rule.access(&facts, |parent, parent_id| {
            self.access(parent, parent_id).unwrap_or_else(|e| {
                *failure.borrow_mut() = Some(e);
                Access::None
            })
        });
        match failure.into_inner() {
            Some(e) => Err(e),
            None => Ok((access, Some(facts))),
        }
    }

    /// Whether the actor's scope covers records owned by `user_id` (ORG-2): the owners they may assign
    /// and the agendas they may read. `None`: no such user.
    pub fn scope_covers_user(&self, user_id: &str) -> EngineResult<Option<bool>> {
        let Some(crate::storage::UserDepartment { department_id, path }) = self.tx.user_department(user_id)? else {
            return Ok(None);
        };
        Ok(Some(visibility::covers_owner(&self.actor, &Ownership::owned_by(user_id, department_id, path))))
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
