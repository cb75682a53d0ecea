//! Who may see and change what (ORG-2, ORG-3): roles, data scopes, and the access an actor has to a record.

use serde::{Deserialize, Serialize};

use super::entity::Entity;
use super::error::{DomainError, DomainResult};
use super::permissions::{Action, DepartmentGrant, Permissions};

/// A user's role (ORG-1). A user may hold several.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
pub enum Role {
    Admin,
    SalesManager,
    SalesRep,
    ServiceManager,
    ServiceAgent,
    Marketer,
    Viewer,
}

impl Role {
    pub const ALL: [Role; 7] = [
        Role::Admin,
        Role::SalesManager,
        Role::SalesRep,
        Role::ServiceManager,
        Role::ServiceAgent,
        Role::Marketer,
        Role::Viewer,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Role::Admin => "admin",
            Role::SalesManager => "sales_manager",
            Role::SalesRep => "sales_rep",
            Role::ServiceManager => "service_manager",
            Role::ServiceAgent => "service_agent",
            Role::Marketer => "marketer",
            Role::Viewer => "viewer",
        }
    }

    pub fn parse(s: &str) -> Option<Role> {
        Role::ALL.into_iter().find(|r| r.as_str() == s)
    }

    /// The role's name for people.
    pub fn label(self) -> &'static str {
        match self {
            Role::Admin => "Administrator",
            Role::SalesManager => "Sales manager",
            Role::SalesRep => "Sales representative",
            Role::ServiceManager => "Service manager",
            Role::ServiceAgent => "Service agent",
            Role::Marketer => "Marketer",
            Role::Viewer => "Viewer",
        }
    }

    /// ORG-2 defaults: reps and agents `own`, managers `department_tree`,
    /// admin `all`; marketers and viewers see their department tree.
    pub(crate) fn default_scope(self) -> Scope {
        match self {
            Role::Admin => Scope::All,
            Role::SalesRep | Role::ServiceAgent => Scope::Own,
            Role::SalesManager | Role::ServiceManager | Role::Marketer | Role::Viewer => Scope::DepartmentTree,
        }
    }
}

/// How much of the organisation's data a role reaches (ORG-2), narrowest first.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
pub enum Scope {
    /// Records the user owns or collaborates on.
    Own,
    /// The user's records and those of everyone below the user in the manager chain, whatever their
    /// department (ORG-6).
    Subordinates,
    /// Records owned by users of the user's department.
    Department,
    /// Records owned by users of the user's department or any below it.
    DepartmentTree,
    /// Every record.
    All,
}

impl Scope {
    pub fn as_str(self) -> &'static str {
        match self {
            Scope::Own => "own",
            Scope::Subordinates => "subordinates",
            Scope::Department => "department",
            Scope::DepartmentTree => "department_tree",
            Scope::All => "all",
        }
    }
    pub fn parse(s: &str) -> Option<Scope> {
        [Scope::Own, Scope::Subordinates, Scope::Department, Scope::DepartmentTree, Scope::All]
            .into_iter()
            .find(|x| x.as_str() == s)
    }
}

/// A signed-in user, as the rules see them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UserActor {
    pub id: String,
    pub department_id: String,
    /// Materialised path of the department (`/root/child/`).
    pub department_path: String,
    /// Built-in roles.
    pub roles: Vec<Role>,
    /// Custom roles' codes (ORG-6).
    pub custom_roles: Vec<String>,
    /// The scope of each role, distinct: the actor reaches the union of what they cover.
    pub scopes: Vec<Scope>,
    /// Everyone below the user in the manager chain (read when a scope is `subordinates`).
    pub subordinates: Vec<String>,
    /// Department grants to the user and to their roles.
    pub department_grants: Vec<DepartmentGrant>,
    /// The union of the roles' permissions.
    pub permissions: Permissions,
}

impl UserActor {
    /// A user holding built-in roles with one scope and no grants.
    #[cfg(test)]
    pub fn with_roles(id: &str, department_id: &str, department_path: &str, roles: &[Role], scope: Scope) -> UserActor {
        UserActor {
            id: id.to_string(),
            department_id: department_id.to_string(),
            department_path: department_path.to_string(),
            roles: roles.to_vec(),
            custom_roles: Vec::new(),
            scopes: vec![scope],
            subordinates: Vec::new(),
            department_grants: Vec::new(),
            permissions: roles.iter().fold(Permissions::default(), |p, r| p.union(super::permissions::builtin(*r))),
        }
    }
}

/// Who makes a request: a user, or the host itself acting as `system`
/// (set-up, imports, ERP pushes; audited as `system`).
#[derive(Debug, Clone, PartialEq, Eq)]
// One actor per call, never in collections: boxing the user would only add an allocation per call.
#[allow(clippy::large_enum_variant)]
pub enum Actor {
    System,
    User(UserActor),
}

/// What an actor may do with one record.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Access {
    /// Not visible: reads answer `not_found`.
    None,
    /// Visible but not editable: writes answer `permission_denied`.
    Read,
    Write,
}

/// How a collaborator shares an opportunity (OPP-5).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[cfg_attr(feature = "uniffi", derive(uniffi::Enum))]
#[serde(rename_all = "snake_case")]
pub enum CollaboratorAccess {
    Read,
    Edit,
}

impl CollaboratorAccess {
    pub fn as_str(self) -> &'static str {
        match self {
            CollaboratorAccess::Read => "read",
            CollaboratorAccess::Edit => "edit",
        }
    }
    pub fn parse(s: &str) -> Option<Self> {
        match s {
            "read" => Some(CollaboratorAccess::Read),
            "edit" => Some(CollaboratorAccess::Edit),
            _ => None,
        }
    }
}

/// The facts about an owned record that decide access (ORG-3).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Ownership {
    /// `None`: unowned (a customer in the public pool, an unassigned lead).
    pub owner_id: Option<String>,
    pub owner_department_id: Option<String>,
    pub owner_department_path: Option<String>,
    /// The actor's own collaborator entry on the record, if any.
    pub collaborator: Option<CollaboratorAccess>,
}

impl Ownership {
    /// A record owned by `user_id`, who belongs to department `department_id` at `department_path`.
    pub fn owned_by(user_id: &str, department_id: String, department_path: String) -> Ownership {
        Ownership {
            owner_id: Some(user_id.to_string()),
            owner_department_id: Some(department_id),
            owner_department_path: Some(department_path),
            collaborator: None,
        }
    }
}

impl Actor {
    /// The user id, `None` for system.
    pub(crate) fn user_id(&self) -> Option<&str> {
        match self {
            Actor::System => None,
            Actor::User(u) => Some(&u.id),
        }
    }

    pub(crate) fn has_role(&self, role: Role) -> bool {
        matches!(self, Actor::User(u) if u.roles.contains(&role))
    }

    pub(crate) fn is_admin(&self) -> bool {
        matches!(self, Actor::System) || self.has_role(Role::Admin)
    }

    /// Whether a role of the actor permits `action` on `entity` records (ORG-6); the host may do anything.
    pub(crate) fn may(&self, entity: Entity, action: Action) -> bool {
        match self {
            Actor::System => true,
            Actor::User(u) => u.permissions.allows(entity, action),
        }
    }

    /// Refuses an action no role of the actor permits (`permission_denied`).
    pub(crate) fn require(&self, entity: Entity, action: Action) -> DomainResult<()> {
        if self.may(entity, action) {
            Ok(())
        } else {
            Err(DomainError::permission_denied(format!(
                "no role of this user permits {} on {entity} records",
                action.as_str()
            )))
        }
    }

    /// Whether the actor reaches only records they own: every scope `own` and no department grant to edit.
    pub(crate) fn reaches_only_own(&self) -> bool {
        match self {
            Actor::System => false,
            Actor::User(u) => {
                u.scopes.iter().all(|s| *s == Scope::Own)
                    && !u.department_grants.iter().any(|g| g.access == super::permissions::GrantAccess::Edit)
            }
        }
    }

    /// Whether a scope of the actor reaches beyond their own records (pools open to such users).
    pub(crate) fn scope_beyond_own(&self) -> bool {
        match self {
            Actor::System => true,
            Actor::User(u) => u.scopes.iter().any(|s| *s != Scope::Own),
        }
    }

    /// Set-up (organisation, users, roles, pipelines, custom fields) is for admins and the host.
    pub(crate) fn require_admin(&self, what: &str) -> DomainResult<()> {
        if self.is_admin() {
            Ok(())
        } else {
            Err(DomainError::permission_denied(format!("only an administrator may {what}")))
        }
    }
}

/// Refuses a read without access (`not_found`: existence is not revealed).
pub(crate) fn require_read(access: Access, entity: Entity) -> DomainResult<()> {
    match access {
        Access::None => Err(DomainError::not_found(format!("no such {entity}"))),
        _ => Ok(()),
    }
}

/// Refuses a write without access: `not_found` when invisible, `permission_denied` when only readable.
pub(crate) fn require_write(access: Access, entity: Entity) -> DomainResult<()> {
    match access {
        Access::None => Err(DomainError::not_found(format!("no such {entity}"))),
        Access::Read => {
            Err(DomainError::permission_denied(format!("this {entity} is visible to you but you may not change it")))
        }
        Access::Write => Ok(()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scope_names_round_trip() {
        for s in [Scope::Own, Scope::Department, Scope::DepartmentTree, Scope::All] {
            assert_eq!(Scope::parse(s.as_str()), Some(s));
        }
        for r in Role::ALL {
            assert_eq!(Role::parse(r.as_str()), Some(r));
        }
    }
}
