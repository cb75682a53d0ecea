//! Roles and permissions (ORG-6): the actions a role permits per entity kind, the built-in roles' table, custom roles and department grants.
//!
//! Permissions say what an actor may do (create, edit, archive, assign, approve, export, see financial
//! fields) per kind; scopes and grants say on which records ([`super::visibility`]). An actor holds the
//! union of their roles' permissions. The built-in roles' table ([`builtin`]) is written out so that it
//! equals the behaviour before custom roles existed; `core/tests/roles.rs` pins it.

use std::collections::BTreeMap;

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use super::access::{Role, Scope};
use super::entity::Entity;
use super::error::{DomainError, DomainResult};
use super::text;

/// What a permission lets an actor do on a kind's records (ORG-6).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
pub enum Action {
    Create,
    /// Change records the actor's scope reaches (without it, they are read-only to the actor).
    Edit,
    /// Archive and restore.
    Archive,
    /// Give a record to another owner (within the actor's scope), assign leads, read territories.
    Assign,
    /// Decide: approval steps addressed to the actor, reopening a closed opportunity, sharing a record
    /// the actor does not own.
    Approve,
    /// Export lists (LIFE-2).
    Export,
    /// See the kind's financial fields (its declaration marks them).
    ViewFinancial,
}

impl Action {
    pub const ALL: [Action; 7] = [
        Action::Create,
        Action::Edit,
        Action::Archive,
        Action::Assign,
        Action::Approve,
        Action::Export,
        Action::ViewFinancial,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Action::Create => "create",
            Action::Edit => "edit",
            Action::Archive => "archive",
            Action::Assign => "assign",
            Action::Approve => "approve",
            Action::Export => "export",
            Action::ViewFinancial => "view_financial",
        }
    }

    fn bit(self) -> u8 {
        1 << (self as u8)
    }
}

/// The kinds permissions are given on: the business records. Organisation set-up (settings,
/// departments, users, roles, pipelines, value models) stays with administrators.
pub const PERMISSION_KINDS: [Entity; 13] = [
    Entity::Customer,
    Entity::Contact,
    Entity::Lead,
    Entity::Opportunity,
    Entity::Activity,
    Entity::Order,
    Entity::Delivery,
    Entity::Receipt,
    Entity::Quote,
    Entity::Return,
    Entity::Receivable,
    Entity::Contract,
    Entity::Invoice,
];

/// The set-up kinds a custom role may also be given permissions on (DOC-1): the product catalogue, whose
/// `create`/`edit`/`archive` also govern price lists. No built-in role but the administrator holds them;
/// every user reads the catalogue without a permission (its scoping is [`Scoping::Catalogue`]).
///
/// [`Scoping::Catalogue`]: super::entity::Scoping::Catalogue
pub const CATALOGUE_PERMISSION_KINDS: [Entity; 1] = [Entity::Product];

/// A permission set: per entity kind, the actions permitted.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Permissions([u8; Entity::ALL.len()]);

/// A permission set as JSON: `{"customer": ["create", "edit"], ...}`, kinds and actions in order.
pub type PermissionMap = BTreeMap<String, Vec<Action>>;

impl Permissions {
    /// Every action on every kind (administrators, the host).
    pub fn everything() -> Permissions {
        let all = Action::ALL.iter().fold(0, |bits, a| bits | a.bit());
        Permissions([all; Entity::ALL.len()])
    }

    pub fn allows(&self, entity: Entity, action: Action) -> bool {
        self.0[entity as usize] & action.bit() != 0
    }

    fn grant(&mut self, entities: &[Entity], actions: &[Action]) {
        for e in entities {
            for a in actions {
                self.0[*e as usize] |= a.bit();
            }
        }
    }

    /// The union of two sets (an actor's roles).
    pub fn union(mut self, other: Permissions) -> Permissions {
        for (mine, theirs) in self.0.iter_mut().zip(other.0) {
            *mine |= theirs;
        }
        self
    }

    /// The set as JSON, kinds without actions left out.
    pub fn to_map(self) -> PermissionMap {
        Entity::ALL
            .iter()
            .filter_map(|e| {
                let actions: Vec<Action> = Action::ALL.into_iter().filter(|a| self.allows(*e, *a)).collect();
                (!actions.is_empty()).then(|| (e.name().to_string(), actions))
            })
            .collect()
    }

    /// A custom role's set from JSON: only [`PERMISSION_KINDS`] and [`CATALOGUE_PERMISSION_KINDS`].
    pub fn from_map(map: &PermissionMap) -> DomainResult<Permissions> {
        let mut set = Permissions::default();
        for (kind, actions) in map {
            let takes_permissions = |e: &Entity| PERMISSION_KINDS.contains(e) || CATALOGUE_PERMISSION_KINDS.contains(e);
            let entity = Entity::parse(kind).filter(takes_permissions).ok_or_else(|| {
                DomainError::validation(
                    "permissions",
                    "names a kind that takes no permissions (customer, contact, lead, opportunity, activity, \
                     order, delivery, receipt, quote, return, product, receivable, contract, invoice)",
                )
            })?;
            set.grant(&[entity], actions);
        }
        Ok(set)
    }
}

/// The built-in roles' permissions, equal to their behaviour before custom roles existed:
///
/// | role | create, edit, archive | assign | approve | export | view financial |
/// |---|---|---|---|---|---|
/// | admin | every kind | every kind | every kind | every kind | every kind |
/// | sales_manager, service_manager | business kinds | business kinds | business kinds | business kinds | business kinds |
/// | sales_rep | business kinds | customer, opportunity, activity | - | - | business kinds |
/// | service_agent | business kinds, except creating leads | customer, opportunity, activity | return | - | business kinds |
/// | marketer | business kinds | customer, opportunity, activity, lead | - | - | business kinds |
/// | viewer | - | - | - | - | business kinds |
///
/// The catalogue (products, and price lists kept with them) is set-up: only administrators hold its
/// permissions among the built-in roles; every user reads it (DOC-1).
///
/// Assigning stays within the actor's scope: a rep whose scope is `own` gives records only to themselves
/// or the pool. Leads are assigned by managers and marketers (a rep creates only leads they own).
pub fn builtin(role: Role) -> Permissions {
    use Action::*;
    let mut set = Permissions::default();
    let business = &PERMISSION_KINDS;
    let owned = &[Entity::Customer, Entity::Opportunity, Entity::Activity];
    match role {
        Role::Admin => return Permissions::everything(),
        Role::SalesManager | Role::ServiceManager => set.grant(business, &Action::ALL),
        Role::SalesRep => {
            set.grant(business, &[Create, Edit, Archive, ViewFinancial]);
            set.grant(owned, &[Assign]);
        }
        Role::ServiceAgent => {
            set.grant(business, &[Create, Edit, Archive, ViewFinancial]);
            set.grant(owned, &[Assign]);
            // DOC-7: a service agent approves the first step of a return.
            set.grant(&[Entity::Return], &[Approve]);
            set.0[Entity::Lead as usize] &= !Create.bit();
        }
        Role::Marketer => {
            set.grant(business, &[Create, Edit, Archive, ViewFinancial]);
            set.grant(owned, &[Assign]);
            set.grant(&[Entity::Lead], &[Assign]);
        }
        Role::Viewer => set.grant(business, &[ViewFinancial]),
    }
    set
}

/// A role an administrator defined (ORG-6): a data scope and a permission set.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CustomRole {
    pub code: String,
    pub name: String,
    pub scope: Scope,
    pub permissions: Permissions,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    pub archived_at: Option<DateTime<Utc>>,
}

/// A role as `roles.list` shows it: built-in or custom, its scope and permission set.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct RoleDefinition {
    /// A built-in role (`sales_rep`) or a custom role's code.
    pub role: String,
    pub name: String,
    pub built_in: bool,
    /// The data scope its holders get (for a built-in role, as configured with `roles.set_scope`).
    pub scope: Scope,
    /// A built-in role's scope before any configuration.
    pub default_scope: Option<Scope>,
    pub permissions: PermissionMap,
    pub archived_at: Option<DateTime<Utc>>,
}

impl RoleDefinition {
    pub(crate) fn of_builtin(role: Role, scope: Scope) -> RoleDefinition {
        RoleDefinition {
            role: role.as_str().to_string(),
            name: role.label().to_string(),
            built_in: true,
            scope,
            default_scope: Some(role.default_scope()),
            permissions: builtin(role).to_map(),
            archived_at: None,
        }
    }

    pub(crate) fn of_custom(role: &CustomRole) -> RoleDefinition {
        RoleDefinition {
            role: role.code.clone(),
            name: role.name.clone(),
            built_in: false,
            scope: role.scope,
            default_scope: None,
            permissions: role.permissions.to_map(),
            archived_at: role.archived_at,
        }
    }
}

/// Defines a custom role, or redefines one with the same code (ORG-6).
#[derive(Debug, Clone, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct RoleDraft {
    /// Lower-case letters, digits and `_`, starting with a letter; not a built-in role's name.
    pub code: String,
    pub name: String,
    pub scope: Scope,
    /// Per kind, the actions the role permits: `{"customer": ["create", "edit", "view_financial"]}`.
    #[serde(default)]
    pub permissions: PermissionMap,
}

impl RoleDraft {
    /// The validated role, created (or last changed) `now`.
    pub(crate) fn validated(&self, before: Option<&CustomRole>, now: DateTime<Utc>) -> DomainResult<CustomRole> {
        let code = role_code(&self.code)?;
        Ok(CustomRole {
            code,
            name: text::required("name", &self.name, text::NAME_MAX)?,
            scope: self.scope,
            permissions: Permissions::from_map(&self.permissions)?,
            created_at: before.map_or(now, |b| b.created_at),
            updated_at: now,
            archived_at: None,
        })
    }
}

/// A custom role's code: 2 to 40 of `a-z`, `0-9`, `_`, starting with a letter, not a built-in role.
pub(crate) fn role_code(code: &str) -> DomainResult<String> {
    let well_formed = (2..=40).contains(&code.len())
        && code.starts_with(|c: char| c.is_ascii_lowercase())
        && code.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_');
    if !well_formed {
        return Err(DomainError::validation(
            "code",
            "must be 2 to 40 lower-case letters, digits or _, starting with a letter",
        ));
    }
    if Role::parse(code).is_some() {
        return Err(DomainError::validation("code", "names a built-in role"));
    }
    Ok(code.to_string())
}

/// A custom role by code.
#[derive(Debug, Clone, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct RoleCodeRequest {
    pub code: String,
}

/// How far a department grant reaches: reading, or reading and editing.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
pub enum GrantAccess {
    Read,
    Edit,
}

impl GrantAccess {
    pub fn as_str(self) -> &'static str {
        match self {
            GrantAccess::Read => "read",
            GrantAccess::Edit => "edit",
        }
    }
    pub fn parse(s: &str) -> Option<GrantAccess> {
        [GrantAccess::Read, GrantAccess::Edit].into_iter().find(|g| g.as_str() == s)
    }
}

/// A grant of read or edit scope over a department and the departments below it, to a user or to
/// every holder of a role (ORG-6).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct AccessGrant {
    pub id: String,
    /// The user it is granted to (or `role`).
    pub user_id: Option<String>,
    /// The role (built-in or custom code) whose holders it is granted to (or `user_id`).
    pub role: Option<String>,
    pub department_id: String,
    pub access: GrantAccess,
    pub created_at: DateTime<Utc>,
}

/// Grants a user or a role read or edit scope over a department's records (owned by users of the
/// department or any below it). Granting the same grantee the same department again changes its access.
#[derive(Debug, Clone, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct GrantRequest {
    #[serde(default)]
    pub user_id: Option<String>,
    /// A built-in role or a custom role's code.
    #[serde(default)]
    pub role: Option<String>,
    pub department_id: String,
    pub access: GrantAccess,
}

/// Whom a grant is for: exactly one of a user and a role.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Grantee {
    User(String),
    Role(String),
}

impl GrantRequest {
    pub(crate) fn grantee(&self) -> DomainResult<Grantee> {
        match (&self.user_id, &self.role) {
            (Some(u), None) => Ok(Grantee::User(u.clone())),
            (None, Some(r)) => Ok(Grantee::Role(r.clone())),
            _ => Err(DomainError::validation("user_id", "name either a user or a role, not both")),
        }
    }
}

/// Which grants to list: all, or a user's or a role's.
#[derive(Debug, Clone, Default, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields, default)]
pub struct GrantListRequest {
    pub user_id: Option<String>,
    pub role: Option<String>,
}

/// A department grant as an actor holds it: the department's materialised path.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct DepartmentGrant {
    pub department_path: String,
    pub access: GrantAccess,
}

/// One user's access for periodic review (ORG-6's permission report).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct UserPermissions {
    pub user_id: String,
    pub name: String,
    pub department_id: String,
    pub active: bool,
    /// Built-in roles and custom role codes.
    pub roles: Vec<String>,
    /// The scope of each role, distinct.
    pub scopes: Vec<Scope>,
    /// Department grants to the user and to their roles.
    pub grants: Vec<AccessGrant>,
    /// The union of the roles' permissions.
    pub permissions: PermissionMap,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn org_6_permission_sets_round_trip_and_unite() {
        let rep = builtin(Role::SalesRep);
        assert!(rep.allows(Entity::Customer, Action::Create));
        assert!(!rep.allows(Entity::Lead, Action::Assign));
        assert!(!rep.allows(Entity::Customer, Action::Export));
        assert_eq!(Permissions::from_map(&rep.to_map()).unwrap(), rep);
        let both = rep.union(builtin(Role::Marketer));
        assert!(both.allows(Entity::Lead, Action::Assign));
        assert!(PERMISSION_KINDS.iter().all(|k| !builtin(Role::Viewer).allows(*k, Action::Edit)));
        assert!(Permissions::everything().allows(Entity::User, Action::Edit));
        let org = PermissionMap::from([("user".to_string(), vec![Action::Edit])]);
        assert!(Permissions::from_map(&org).is_err(), "set-up kinds take no permissions");
    }

    #[test]
    fn org_6_role_codes() {
        assert!(role_code("key_accounts").is_ok());
        for bad in ["", "x", "Key", "1abc", "sales_rep", "a-b", &"a".repeat(41)] {
            assert!(role_code(bad).is_err(), "{bad:?}");
        }
    }
}
