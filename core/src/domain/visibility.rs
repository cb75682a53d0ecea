//! One access rule per entity kind (ORG-2, ORG-3, OPP-5): the grants an actor holds over a kind's records, read from the kind's declaration; the per-record check and the list and report filters all interpret these grants.
//!
//! [`rule`] is the only place that decides who reaches what. [`Rule::access`] judges one record from
//! its [`RecordFacts`]; storage turns the same grants into the WHERE clause of every list, search and
//! report, mechanically, one SQL fragment per [`Grant`]. The agreement test
//! (`core/tests/visibility.rs`) checks over a generated organisation that both interpretations answer
//! the same for every actor, record and kind.

use super::access::{Access, Actor, CollaboratorAccess, Ownership, Scope};
use super::entity::{Entity, Pool, Scoping};
use super::permissions::{Action, GrantAccess};

/// One way an actor reaches records of a kind.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Grant {
    /// Every record of the kind.
    Everything,
    /// Records the user owns.
    OwnedBy(String),
    /// Records one of these users owns (the users below an actor in the manager chain).
    OwnedByOneOf(Vec<String>),
    /// Records whose owner belongs to this department.
    OwnerInDepartment(String),
    /// Records whose owner's department lies at or below this materialised path (`/hq/sales/`).
    OwnerUnderPath(String),
    /// Records without an owner: the kind's pool.
    Unowned,
    /// Records the user collaborates on with at least this access (the kind's collaborator entries).
    Collaborator { user_id: String, at_least: CollaboratorAccess },
    /// Records whose parent (the record of `parent` named in `column`) the actor reaches at the same
    /// level: read through a readable parent, write through a writable one.
    ThroughParent { parent: Entity, column: &'static str },
    /// Documents with a step waiting for this user's decision (ORG-5): read while the step waits.
    AwaitingDecision(String),
}

/// What an actor reaches among a kind's records: `read` grants make a record visible, `write` grants
/// make it changeable. Every write grant is also a read grant.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Rule {
    pub read: Vec<Grant>,
    pub write: Vec<Grant>,
}

/// What access checks need to know about one record.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RecordFacts {
    pub ownership: Ownership,
    /// The record it is reached through, per its kind's scoping (an activity's customer, a delivery's order).
    pub parent_id: Option<String>,
    /// The customer the record belongs to (the kind's `customer_column`).
    pub customer_id: Option<String>,
    pub archived: bool,
    /// A step of the record's pending approval waits for the viewer's decision (ORG-5).
    pub awaiting_viewer: bool,
}

/// The grants of the actor's data scopes over owned records (ORG-2, ORG-6): the union of the records
/// each role's scope covers by owner, and with `edit` the departments granted to edit (`read` adds
/// those granted to read).
pub fn scope_grants(actor: &Actor, access: GrantAccess) -> Vec<Grant> {
    let Actor::User(u) = actor else { return vec![Grant::Everything] };
    let mut grants = vec![Grant::OwnedBy(u.id.clone())];
    for scope in &u.scopes {
        match scope {
            Scope::All => return vec![Grant::Everything],
            Scope::Own => {}
            Scope::Subordinates if u.subordinates.is_empty() => {}
            Scope::Subordinates => grants.push(Grant::OwnedByOneOf(u.subordinates.clone())),
            Scope::Department => grants.push(Grant::OwnerInDepartment(u.department_id.clone())),
            Scope::DepartmentTree => grants.push(Grant::OwnerUnderPath(u.department_path.clone())),
        }
    }
    let granted = u.department_grants.iter().filter(|g| access == GrantAccess::Read || g.access == GrantAccess::Edit);
    grants.extend(granted.map(|g| Grant::OwnerUnderPath(g.department_path.clone())));
    grants.dedup();
    grants
}

/// The access rule of `entity` for `actor` (ORG-3):
///
/// - the host (`system`) reaches everything;
/// - organisation set-up: administrators read and write, nobody else reaches it;
/// - the catalogue (products, price lists): every user reads it; administrators and roles permitted
///   `edit` on the kind (or the kind it is kept with) write it;
/// - owned records: the owner judged against the actor's scope (read and write); records without an
///   owner per the kind's pool (the public pool: everyone reads, users above `own` scope write; a pool
///   above `own` scope: only those users, read and write); the actor's collaborator entry (`read`, or
///   `edit` to write); and for kinds also reached through a parent, the parent's access;
/// - records reached only through a parent (a contact, an order): the parent's access;
/// - documents submitted for approval: read by the users a waiting step is addressed to (ORG-5);
/// - read-only users (viewers) keep every read grant and no write grant.
pub fn rule(actor: &Actor, entity: Entity) -> Rule {
    let user = match actor {
        Actor::System => return Rule { read: vec![Grant::Everything], write: vec![Grant::Everything] },
        Actor::User(u) => u,
    };
    let mut read = Vec::new();
    let mut write = Vec::new();
    match entity.declaration().scoping {
        Scoping::Organisation => {
            if actor.is_admin() {
                read.push(Grant::Everything);
                write.push(Grant::Everything);
            }
        }
        Scoping::Catalogue { .. } => {
            read.push(Grant::Everything);
            write.push(Grant::Everything);
        }
        Scoping::Owned { pool, collaborators, with_parent } => {
            read.extend(scope_grants(actor, GrantAccess::Read));
            write.extend(scope_grants(actor, GrantAccess::Edit));
            let above_own = actor.scope_beyond_own();
            match pool {
                Pool::None => {}
                Pool::PublicPool => {
                    read.push(Grant::Unowned);
                    if above_own {
                        write.push(Grant::Unowned);
                    }
                }
                Pool::AboveOwnScope if above_own => {
                    read.push(Grant::Unowned);
                    write.push(Grant::Unowned);
                }
                Pool::AboveOwnScope => {}
            }
            if collaborators.is_some() {
                let collaborator = |at_least| Grant::Collaborator { user_id: user.id.clone(), at_least };
                read.push(collaborator(CollaboratorAccess::Read));
                write.push(collaborator(CollaboratorAccess::Edit));
            }
            if let Some((parent, column)) = with_parent {
                read.push(Grant::ThroughParent { parent, column });
                write.push(Grant::ThroughParent { parent, column });
            }
        }
        Scoping::WithParent { parent, column } => {
            read.push(Grant::ThroughParent { parent, column });
            write.push(Grant::ThroughParent { parent, column });
        }
    }
    if entity.declaration().approvable {
        read.push(Grant::AwaitingDecision(user.id.clone()));
    }
    if !actor.may(entity.declaration().permission_kind(), Action::Edit) {
        write.clear();
    }
    Rule { read, write }
}

impl Rule {
    /// The rule reports count by (SCORE-3, SCORE-7 to SCORE-10): the records the actor's scope covers
    /// (owned in scope, collaborated on, or reached through their customer), not the pool. Reps read pool
    /// customers only to claim them, so no rep's report counts them, and unassigned records belong to
    /// nobody's figures; only a scope of `all` (every record) counts them. Documents read only to decide
    /// their approval are not the approver's figures either.
    pub fn for_reports(mut self) -> Rule {
        let counted = |g: &Grant| !matches!(g, Grant::Unowned | Grant::AwaitingDecision(_));
        self.read.retain(counted);
        self.write.retain(counted);
        self
    }

    /// Whether the rule reaches every record (no filter needed).
    pub fn reads_everything(&self) -> bool {
        self.read.contains(&Grant::Everything)
    }

    /// The access this rule gives to one record. `parent_access` answers the actor's access to a
    /// parent record (asked at most once, only when a grant goes through the parent).
    pub fn access(&self, facts: &RecordFacts, parent_access: impl FnOnce(Entity, &str) -> Access) -> Access {
        let mut parent = None;
        let mut parent_access = Some(parent_access);
        let mut through_parent = |entity: Entity| -> Access {
            *parent.get_or_insert_with(|| match (&facts.parent_id, parent_access.take()) {
                (Some(id), Some(f)) => f(entity, id),
                _ => Access::None,
            })
        };
        let mut matches = |g: &Grant, level: Access| match g {
            Grant::ThroughParent { parent, .. } => through_parent(*parent) >= level,
            Grant::AwaitingDecision(_) => facts.awaiting_viewer,
            other => other.matches_owner_facts(&facts.ownership),
        };
        if self.write.iter().any(|g| matches(g, Access::Write)) {
            Access::Write
        } else if self.read.iter().any(|g| matches(g, Access::Read)) {
            Access::Read
        } else {
            Access::None
        }
    }
}

impl Grant {
    /// Whether the grant covers a record with these ownership facts (a parent grant never does here).
    fn matches_owner_facts(&self, own: &Ownership) -> bool {
        match self {
            Grant::Everything => true,
            Grant::OwnedBy(user) => own.owner_id.as_deref() == Some(user.as_str()),
            Grant::OwnedByOneOf(users) => own.owner_id.as_ref().is_some_and(|o| users.contains(o)),
            Grant::OwnerInDepartment(dept) => {
                own.owner_id.is_some() && own.owner_department_id.as_deref() == Some(dept.as_str())
            }
            Grant::OwnerUnderPath(path) => {
                own.owner_id.is_some() && own.owner_department_path.as_deref().is_some_and(|p| p.starts_with(path))
            }
            Grant::Unowned => own.owner_id.is_none(),
            Grant::Collaborator { at_least, .. } => matches!(
                (own.collaborator, at_least),
                (Some(CollaboratorAccess::Edit), _) | (Some(CollaboratorAccess::Read), CollaboratorAccess::Read)
            ),
            Grant::ThroughParent { .. } | Grant::AwaitingDecision(_) => false,
        }
    }
}

/// Whether the actor's edit scope (scopes and edit grants) covers a record owned as `own` (ORG-2,
/// ORG-6): a manager's decisions and sharing, and the owners an actor may assign, are judged by it.
pub fn covers_owner(actor: &Actor, own: &Ownership) -> bool {
    scope_grants(actor, GrantAccess::Edit).iter().any(|g| g.matches_owner_facts(own))
}

/// OPP-5: who shares a record of `entity` with collaborators: its owner (who may edit it), or an actor
/// whose roles permit deciding on the kind (managers) and whose scope covers the owner (an editing
/// collaborator edits the record but does not share it further).
pub fn may_share(actor: &Actor, entity: Entity, own: &Ownership) -> bool {
    if !actor.may(entity, Action::Edit) {
        return false;
    }
    let owner = own.owner_id.is_some() && own.owner_id.as_deref() == actor.user_id();
    owner || (actor.may(entity, Action::Approve) && covers_owner(actor, own))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::access::{Role, UserActor};

    fn user(id: &str, dept: &str, path: &str, roles: &[Role], scope: Scope) -> Actor {
        Actor::User(UserActor::with_roles(id, dept, path, roles, scope))
    }

    fn owned(owner: &str, dept: &str, path: &str) -> RecordFacts {
        RecordFacts {
            ownership: Ownership {
                owner_id: Some(owner.into()),
                owner_department_id: Some(dept.into()),
                owner_department_path: Some(path.into()),
                collaborator: None,
            },
            ..RecordFacts::default()
        }
    }

    fn no_parent(_: Entity, _: &str) -> Access {
        Access::None
    }

    #[test]
    fn org_3_scopes_judge_by_owner_department() {
        let rec = owned("u2", "east", "/hq/sales/east/");
        let rep = user("u1", "east", "/hq/sales/east/", &[Role::SalesRep], Scope::Own);
        let dept = user("u3", "east", "/hq/sales/east/", &[Role::SalesRep], Scope::Department);
        let tree = user("m", "sales", "/hq/sales/", &[Role::SalesManager], Scope::DepartmentTree);
        let other = user("m2", "west", "/hq/sales/west/", &[Role::SalesManager], Scope::DepartmentTree);
        let access = |a: &Actor| rule(a, Entity::Customer).access(&rec, no_parent);
        assert_eq!(access(&rep), Access::None);
        assert_eq!(access(&dept), Access::Write);
        assert_eq!(access(&tree), Access::Write);
        assert_eq!(access(&other), Access::None);
        assert_eq!(access(&Actor::System), Access::Write);
    }

    #[test]
    fn org_3_pools_public_for_customers_and_above_own_scope_for_leads() {
        let pool = RecordFacts::default();
        let rep = user("u1", "east", "/e/", &[Role::SalesRep], Scope::Own);
        let mgr = user("m", "east", "/e/", &[Role::SalesManager], Scope::DepartmentTree);
        assert_eq!(rule(&rep, Entity::Customer).access(&pool, no_parent), Access::Read);
        assert_eq!(rule(&mgr, Entity::Customer).access(&pool, no_parent), Access::Write);
        assert_eq!(rule(&rep, Entity::Lead).access(&pool, no_parent), Access::None);
        assert_eq!(rule(&mgr, Entity::Lead).access(&pool, no_parent), Access::Write);
        assert_eq!(rule(&rep, Entity::Opportunity).access(&pool, no_parent), Access::None);
        // Reports count no pool record, except through a scope of everything.
        assert!(!rule(&rep, Entity::Customer).for_reports().read.contains(&Grant::Unowned));
        assert!(!rule(&mgr, Entity::Lead).for_reports().read.contains(&Grant::Unowned));
        assert!(rule(&Actor::System, Entity::Customer).for_reports().reads_everything());
    }

    #[test]
    fn opp_5_collaborators_and_viewers() {
        let mut rec = owned("u2", "east", "/e/");
        let rep = user("u1", "west", "/w/", &[Role::SalesRep], Scope::Own);
        rec.ownership.collaborator = Some(CollaboratorAccess::Read);
        assert_eq!(rule(&rep, Entity::Opportunity).access(&rec, no_parent), Access::Read);
        rec.ownership.collaborator = Some(CollaboratorAccess::Edit);
        assert_eq!(rule(&rep, Entity::Opportunity).access(&rec, no_parent), Access::Write);
        // Customers have no collaborator entries: the fact is ignored.
        assert_eq!(rule(&rep, Entity::Customer).access(&rec, no_parent), Access::None);
        let viewer = user("v", "hq", "/", &[Role::Viewer], Scope::All);
        assert_eq!(rule(&viewer, Entity::Opportunity).access(&rec, no_parent), Access::Read);
    }

    #[test]
    fn opp_5_only_the_owner_or_a_covering_manager_shares() {
        let mut rec = owned("u2", "east", "/hq/east/").ownership;
        let owner = user("u2", "east", "/hq/east/", &[Role::SalesRep], Scope::Own);
        let editor = user("u1", "west", "/hq/west/", &[Role::SalesRep], Scope::Own);
        let peer = user("u3", "east", "/hq/east/", &[Role::SalesRep], Scope::Department);
        let manager = user("m", "hq", "/hq/", &[Role::SalesManager], Scope::DepartmentTree);
        let other_manager = user("m2", "west", "/hq/west/", &[Role::SalesManager], Scope::DepartmentTree);
        rec.collaborator = Some(CollaboratorAccess::Edit);
        assert!(may_share(&owner, Entity::Opportunity, &rec));
        assert!(!may_share(&editor, Entity::Opportunity, &rec), "an editing collaborator does not share further");
        assert!(!may_share(&peer, Entity::Opportunity, &rec), "a rep whose scope covers the owner is not a manager");
        assert!(may_share(&manager, Entity::Opportunity, &rec));
        assert!(!may_share(&other_manager, Entity::Opportunity, &rec));
        assert!(may_share(&Actor::System, Entity::Opportunity, &rec));
        assert!(!may_share(&owner, Entity::Opportunity, &Ownership::default()));
    }

    #[test]
    fn org_3_through_the_parent_at_the_same_level() {
        let rep = user("u1", "east", "/e/", &[Role::SalesRep], Scope::Own);
        let mut activity = owned("u9", "west", "/w/");
        activity.parent_id = Some("c1".into());
        let through = |level: Access| rule(&rep, Entity::Activity).access(&activity, |_, _| level);
        assert_eq!(through(Access::Read), Access::Read);
        assert_eq!(through(Access::Write), Access::Write);
        assert_eq!(through(Access::None), Access::None);
        let contact = RecordFacts { parent_id: Some("c1".into()), ..RecordFacts::default() };
        assert_eq!(
            rule(&rep, Entity::Contact).access(&contact, |e, _| {
                assert_eq!(e, Entity::Customer);
                Access::Read
            }),
            Access::Read
        );
        // Organisation set-up: administrators only.
        let admin = user("a", "hq", "/", &[Role::Admin], Scope::All);
        assert_eq!(rule(&admin, Entity::User).access(&RecordFacts::default(), no_parent), Access::Write);
        assert_eq!(rule(&rep, Entity::User).access(&RecordFacts::default(), no_parent), Access::None);
    }

    #[test]
    fn doc_1_the_catalogue_is_read_by_everyone_and_written_with_product_permissions() {
        let rep = user("u1", "east", "/e/", &[Role::SalesRep], Scope::Own);
        let viewer = user("v", "hq", "/", &[Role::Viewer], Scope::All);
        let admin = user("a", "hq", "/", &[Role::Admin], Scope::All);
        let mut keeper = user("k", "hq", "/", &[], Scope::Own);
        if let Actor::User(u) = &mut keeper {
            let map = crate::domain::permissions::PermissionMap::from([("product".to_string(), vec![Action::Edit])]);
            u.permissions = crate::domain::permissions::Permissions::from_map(&map).unwrap();
        }
        let facts = RecordFacts::default();
        for kind in [Entity::Product, Entity::PriceList] {
            assert_eq!(rule(&rep, kind).access(&facts, no_parent), Access::Read);
            assert_eq!(rule(&viewer, kind).access(&facts, no_parent), Access::Read);
            assert_eq!(rule(&admin, kind).access(&facts, no_parent), Access::Write);
            assert_eq!(rule(&keeper, kind).access(&facts, no_parent), Access::Write, "price lists follow products");
        }
    }
}
