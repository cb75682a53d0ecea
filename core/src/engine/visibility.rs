//! Access to one record for the current actor (ORG-3): owned records by scope, children with their customer.

use super::Ctx;
use crate::api::{ApiError, ApiResult};
use crate::domain::access::{self, Access};
use crate::storage::RecordFacts;

impl Ctx<'_> {
    /// A customer: by owner scope; pool customers readable by everyone.
    pub fn customer_access(&self, id: &str) -> ApiResult<(Access, Option<RecordFacts>)> {
        let facts = self.tx.customer_facts(id)?;
        let access = facts.as_ref().map_or(Access::None, |f| self.actor.access_to(&f.ownership, true));
        Ok((access, facts))
    }

    /// An opportunity: by owner scope, or as a collaborator (OPP-5).
    pub fn opportunity_access(&self, id: &str) -> ApiResult<(Access, Option<RecordFacts>)> {
        let viewer = self.actor.user_id().unwrap_or("");
        let facts = self.tx.opportunity_facts(id, viewer)?;
        let access = facts.as_ref().map_or(Access::None, |f| self.actor.access_to(&f.ownership, false));
        Ok((access, facts))
    }

    /// A lead: by owner scope; unassigned leads are visible to users above `own` scope.
    pub fn lead_access(&self, id: &str) -> ApiResult<(Access, Option<RecordFacts>)> {
        let facts = self.tx.lead_facts(id)?;
        let pool = self.actor.scope() > crate::domain::access::Scope::Own;
        let access = facts.as_ref().map_or(Access::None, |f| self.actor.access_to(&f.ownership, pool));
        Ok((access, facts))
    }

    /// A contact: visible and editable with its customer.
    pub fn contact_access(&self, id: &str) -> ApiResult<(Access, Option<RecordFacts>)> {
        let Some(facts) = self.tx.contact_facts(id)? else { return Ok((Access::None, None)) };
        let customer = facts.customer_id.clone().unwrap_or_default();
        let (access, _) = self.customer_access(&customer)?;
        Ok((access, Some(facts)))
    }

    /// An activity: by its owner's scope, or with its customer.
    pub fn activity_access(&self, id: &str) -> ApiResult<(Access, Option<RecordFacts>)> {
        let Some(facts) = self.tx.activity_facts(id)? else { return Ok((Access::None, None)) };
        let own = self.actor.access_to(&facts.ownership, false);
        let via_customer = match &facts.customer_id {
            Some(c) => self.customer_access(c)?.0,
            None => Access::None,
        };
        Ok((own.max(via_customer), Some(facts)))
    }

    /// The actor's access to a record of `entity` (the names used in audit entries).
    pub fn access(&self, entity: &str, id: &str) -> ApiResult<Access> {
        Ok(match entity {
            "customer" => self.customer_access(id)?.0,
            "contact" => self.contact_access(id)?.0,
            "lead" => self.lead_access(id)?.0,
            "opportunity" => self.opportunity_access(id)?.0,
            "activity" => self.activity_access(id)?.0,
            // Organisation records: administrators only.
            _ if self.actor.is_admin() => Access::Write,
            _ => Access::None,
        })
    }

    /// Refuses unless the actor may read the record (`not_found` otherwise).
    pub fn require_readable(&self, entity: &str, id: &str) -> ApiResult<()> {
        access::require_read(self.access(entity, id)?, entity).map_err(ApiError::from)
    }
}
