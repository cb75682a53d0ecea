//! Role and access methods (ORG-2, ORG-6): roles with their scopes and permissions, custom roles, department grants, the permission report.

use super::method::methods;
use crate::domain::common::IdRequest;
pub use crate::domain::org::RoleScopeRequest;
pub use crate::domain::permissions::{
    AccessGrant, Action, GrantAccess, GrantListRequest, GrantRequest, RoleCodeRequest, RoleDefinition, RoleDraft,
    UserPermissions,
};

methods! {
    /// Every role, built-in and custom, with its data scope and permission set (entity kind x action).
    "roles.list" => roles() -> Vec<RoleDefinition>,
        example r#"{}"#;
    /// Sets the data scope of a built-in role (`own`, `subordinates`, `department`, `department_tree`, `all`).
    "roles.set_scope" => set_role_scope(RoleScopeRequest) -> Vec<RoleDefinition>,
        example r#"{"role": "sales_rep", "scope": "department"}"#;
    /// Defines a custom role (admin or system), or redefines the one with the same code: a data scope and per kind the actions it permits (create, edit, archive, assign, approve, export, view_financial).
    "roles.define" => define_role(RoleDraft) -> RoleDefinition,
        example r#"{"code": "key_account_manager", "name": "大客户经理", "scope": "subordinates", "permissions": {"customer": ["create", "edit", "assign", "view_financial"], "opportunity": ["create", "edit", "approve", "view_financial"], "activity": ["create", "edit"]}}"#;
    /// Archives a custom role no active user holds.
    "roles.archive" => archive_role(RoleCodeRequest) -> RoleDefinition,
        example r#"{"code": "key_account_manager"}"#;
    /// Each user's roles, scopes, department grants and permissions, for periodic review (admin or system).
    "roles.permission_report" => permission_report() -> Vec<UserPermissions>,
        example r#"{}"#;
    /// Grants a user or a role read or edit scope over a department and those below it; granting again changes the access.
    "grants.grant" => grant_access(GrantRequest) -> AccessGrant,
        example r#"{"role": "key_account_manager", "department_id": "0190a8b2-7c1e-7000-8000-000000000001", "access": "read"}"#;
    /// Revokes a department grant.
    "grants.revoke" => revoke_access(IdRequest) -> AccessGrant,
        example r#"{"id": "0190a8b2-7c1e-7000-8000-0000000000a1"}"#;
    /// Department grants, all or a user's or a role's.
    "grants.list" => access_grants(GrantListRequest) -> Vec<AccessGrant>,
        example r#"{"user_id": "0190a8b2-7c1e-7000-8000-000000000002"}"#;
}
