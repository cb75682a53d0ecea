//! The access rule as SQL (ORG-3): the WHERE fragment that keeps lists, searches and reports to the records the actor's grants reach, one fragment per grant.

use rusqlite::types::Value as SqlValue;

use crate::domain::access::{Actor, CollaboratorAccess};
use crate::domain::entity::{Entity, Scoping};
use crate::domain::visibility::{self, Grant, Rule};

/// Which records a query may hold: those the actor reads (lists, searches), or those reports count
/// ([`Rule::for_reports`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Purpose {
    List,
    Report,
}

/// How a query restricts records to the actor's, built from the actor and [`visibility::rule`].
#[derive(Debug, Clone)]
pub(crate) struct ListScope {
    actor: Actor,
    purpose: Purpose,
}

impl ListScope {
    /// The records the actor may read: what `*.list` shows.
    pub(crate) fn of(actor: &Actor) -> ListScope {
        ListScope { actor: actor.clone(), purpose: Purpose::List }
    }

    /// The records the actor's reports count: readable, but not the pool they may only read.
    pub(crate) fn reports(actor: &Actor) -> ListScope {
        ListScope { actor: actor.clone(), purpose: Purpose::Report }
    }

    fn rule(&self, entity: Entity) -> Rule {
        let rule = visibility::rule(&self.actor, entity);
        match self.purpose {
            Purpose::List => rule,
            Purpose::Report => rule.for_reports(),
        }
    }

    /// A boolean SQL expression, true for the records of `entity` (aliased `alias`) this scope holds.
    /// Parameters are appended to `params`.
    pub(crate) fn filter(&self, entity: Entity, alias: &str, params: &mut Vec<SqlValue>) -> String {
        let rule = self.rule(entity);
        if rule.reads_everything() {
            return "1".into();
        }
        let fragments: Vec<String> = rule.read.iter().map(|g| self.grant_sql(entity, g, alias, params)).collect();
        if fragments.is_empty() { "0".into() } else { format!("({})", fragments.join(" OR ")) }
    }

    /// Whether this scope holds every record of `entity` (no filter needed).
    pub(crate) fn reads_everything(&self, entity: Entity) -> bool {
        self.rule(entity).reads_everything()
    }

    /// The part of the filter a table of per-owner counters can apply (funnel counters keep `owner_id`,
    /// `''` for none, and no record ids): the owner grants, true for the rows those grants cover. What the
    /// counters cannot see (collaborations) the caller adds from per-record data
    /// ([`ListScope::collaborations_beyond_owners`]).
    pub(crate) fn owner_filter(&self, entity: Entity, alias: &str, params: &mut Vec<SqlValue>) -> String {
        let rule = self.rule(entity);
        if rule.reads_everything() {
            return "1".into();
        }
        let fragments: Vec<String> = rule
            .read
            .iter()
            .filter(|g| {
                matches!(
                    g,
                    Grant::OwnedBy(_) | Grant::OwnedByOneOf(_) | Grant::OwnerInDepartment(_) | Grant::OwnerUnderPath(_)
                )
            })
            .map(|g| self.grant_sql(entity, g, alias, params))
            .collect();
        if fragments.is_empty() { "0".into() } else { format!("({})", fragments.join(" OR ")) }
    }

    /// For a kind with collaborator entries: SQL true for records (aliased `alias`) the actor collaborates
    /// on whose owner the owner grants do not cover, which per-owner counters leave out.
    pub(crate) fn collaborations_beyond_owners(
        &self,
        entity: Entity,
        alias: &str,
        params: &mut Vec<SqlValue>,
    ) -> Option<String> {
        let rule = self.rule(entity);
        let collaborator = rule.read.iter().find(|g| matches!(g, Grant::Collaborator { .. }))?;
        if rule.reads_everything() {
            return None;
        }
        let covered = self.owner_filter(entity, alias, params);
        let collaborates = self.grant_sql(entity, collaborator, alias, params);
        Some(format!("({collaborates} AND NOT ({covered} AND {alias}.owner_id IS NOT NULL))"))
    }

    fn grant_sql(&self, entity: Entity, grant: &Grant, alias: &str, params: &mut Vec<SqlValue>) -> String {
        let mut bind = |v: &str| {
            params.push(v.to_string().into());
            params.len()
        };
        match grant {
            Grant::Everything => "1".into(),
            Grant::OwnedBy(user) => format!("{alias}.owner_id = ?{}", bind(user)),
            Grant::OwnedByOneOf(users) => {
                let list = serde_json::to_string(users).unwrap_or_else(|_| "[]".into());
                format!("{alias}.owner_id IN (SELECT value FROM json_each(?{}))", bind(&list))
            }
            Grant::OwnerInDepartment(dept) => {
                format!("{alias}.owner_id IN (SELECT id FROM users WHERE department_id = ?{})", bind(dept))
            }
            Grant::OwnerUnderPath(path) => format!(
                "{alias}.owner_id IN (SELECT us.id FROM users us JOIN departments dp ON dp.id = us.department_id \
                 WHERE dp.path LIKE ?{} ESCAPE '\\')",
                bind(&format!("{}%", escape_like(path)))
            ),
            Grant::Unowned => format!("{alias}.owner_id IS NULL"),
            Grant::Collaborator { user_id, at_least } => {
                let Scoping::Owned { collaborators: Some(c), .. } = entity.declaration().scoping else {
                    return "0".into();
                };
                let x = format!("{alias}_x");
                let edit = if *at_least == CollaboratorAccess::Edit {
                    format!(" AND {x}.access = 'edit'")
                } else {
                    String::new()
                };
                format!(
                    "EXISTS (SELECT 1 FROM {} {x} WHERE {x}.{} = {alias}.id AND {x}.user_id = ?{}{edit})",
                    c.table,
                    c.record_column,
                    bind(user_id)
                )
            }
            Grant::AwaitingDecision(user_id) => format!(
                "EXISTS (SELECT 1 FROM approval_addressees {alias}_w WHERE {alias}_w.document_id = {alias}.id \
                 AND {alias}_w.user_id = ?{} AND {alias}_w.waiting_since IS NOT NULL)",
                bind(user_id)
            ),
            Grant::ThroughParent { parent, column } => {
                let parent_alias = format!("{alias}_p");
                let parent_filter = self.filter(*parent, &parent_alias, params);
                format!(
                    "EXISTS (SELECT 1 FROM {} {parent_alias} WHERE {parent_alias}.id = {alias}.{column} AND {parent_filter})",
                    parent.declaration().table
                )
            }
        }
    }

    /// The user id for `mine` filters (empty for system).
    pub(crate) fn user_id(&self) -> &str {
        self.actor.user_id().unwrap_or("")
    }
}

/// Escapes `%`, `_` and `\` for a LIKE pattern with `ESCAPE '\'`.
pub(crate) fn escape_like(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        if matches!(c, '%' | '_' | '\\') {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::access::{Role, Scope, UserActor};

    fn rep() -> Actor {
        Actor::User(UserActor::with_roles("u1", "east", "/hq/east/", &[Role::SalesRep], Scope::Own))
    }

    #[test]
    fn org_3_list_and_report_filters_follow_the_rule() {
        let mut params = Vec::new();
        let list = ListScope::of(&rep()).filter(Entity::Customer, "c", &mut params);
        assert_eq!(list, "(c.owner_id = ?1 OR c.owner_id IS NULL)");
        let report = ListScope::reports(&rep()).filter(Entity::Customer, "c", &mut params);
        assert_eq!(report, "(c.owner_id = ?2)", "a rep's reports leave the pool out");
        let activities = ListScope::of(&rep()).filter(Entity::Activity, "a", &mut params);
        assert_eq!(
            activities,
            "(a.owner_id = ?3 OR EXISTS (SELECT 1 FROM customers a_p WHERE a_p.id = a.customer_id AND \
             (a_p.owner_id = ?4 OR a_p.owner_id IS NULL)))"
        );
        let opportunities = ListScope::of(&rep()).filter(Entity::Opportunity, "o", &mut params);
        assert_eq!(
            opportunities,
            "(o.owner_id = ?5 OR EXISTS (SELECT 1 FROM opportunity_collaborators o_x WHERE o_x.opportunity_id = o.id \
             AND o_x.user_id = ?6) OR EXISTS (SELECT 1 FROM approval_addressees o_w WHERE o_w.document_id = o.id \
             AND o_w.user_id = ?7 AND o_w.waiting_since IS NOT NULL))"
        );
        assert_eq!(ListScope::of(&Actor::System).filter(Entity::Lead, "l", &mut params), "1");
        assert_eq!(ListScope::of(&rep()).filter(Entity::User, "u", &mut params), "0");
    }
}
