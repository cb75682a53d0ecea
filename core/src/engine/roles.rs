//! Roles, scopes, department grants and the permission report (ORG-2, ORG-6): built-in roles' scopes, custom roles, grants of department scope, and who holds what.

use std::collections::BTreeSet;

use super::Engine;
use super::context::{Ctx, user_actor_of};
use super::{EngineError, EngineResult};
use crate::domain::access::{Role, Scope};
use crate::domain::common::IdRequest;
use crate::domain::entity::Setting;
use crate::domain::org::RoleScopeRequest;
use crate::domain::permissions::{
    AccessGrant, GrantListRequest, GrantRequest, Grantee, RoleCodeRequest, RoleDefinition, RoleDraft, UserPermissions,
};
use crate::storage::ConfiguredScope;

/// Every role: the built-in ones with their configured scope, then the custom ones by code.
fn role_table(cx: &Ctx<'_>) -> EngineResult<Vec<RoleDefinition>> {
    let configured = cx.tx.role_scopes()?;
    let builtin = Role::ALL.iter().map(|r| {
        let scope = ConfiguredScope::of(&configured, *r);
        RoleDefinition::of_builtin(*r, scope)
    });
    let custom = cx.tx.custom_roles()?;
    Ok(builtin.chain(custom.iter().map(RoleDefinition::of_custom)).collect())
}

/// Whether `role` names a built-in role or a live custom role.
fn role_exists(cx: &Ctx<'_>, role: &str) -> EngineResult<bool> {
    Ok(Role::parse(role).is_some() || cx.tx.custom_role(role)?.is_some_and(|r| r.archived_at.is_none()))
}

impl Engine {
    /// ORG-2, ORG-6: every role, built-in and custom, with its scope and permission set.
    pub fn roles(&self, actor: Option<&str>) -> EngineResult<Vec<RoleDefinition>> {
        self.read(actor, |cx| role_table(cx))
    }

    /// ORG-2: sets the data scope of a built-in role.
    pub fn set_role_scope(&self, actor: Option<&str>, req: RoleScopeRequest) -> EngineResult<Vec<RoleDefinition>> {
        self.write(actor, |cx| {
            cx.actor.require_admin("configure role scopes")?;
            let before = role_table(cx)?;
            let old = before.iter().find(|r| r.role == req.role.as_str()).map(|r| r.scope);
            cx.tx.set_role_scope(req.role, req.scope)?;
            let mut changes = serde_json::Map::new();
            changes.insert("scope".into(), serde_json::json!([old, req.scope]));
            cx.audit_setting(Setting::RoleScope, req.role.as_str(), "update", changes)?;
            role_table(cx)
        })
    }

    /// ORG-6: defines a custom role, or redefines the one with the same code (an archived one comes back).
    pub fn define_role(&self, actor: Option<&str>, draft: RoleDraft) -> EngineResult<RoleDefinition> {
        self.write(actor, |cx| {
            cx.actor.require_admin("define roles")?;
            let before = cx.tx.custom_role(draft.code.trim())?;
            let role = draft.validated(before.as_ref(), cx.now)?;
            cx.tx.save_custom_role(&role)?;
            let after = RoleDefinition::of_custom(&role);
            let action = if before.is_some() { "update" } else { "create" };
            let before = before.as_ref().map(RoleDefinition::of_custom);
            cx.audit_setting_change(Setting::CustomRole, &role.code, action, before.as_ref(), &after)?;
            Ok(after)
        })
    }

    /// ORG-6: archives a custom role no active user holds (`invalid_state` otherwise).
    pub fn archive_role(&self, actor: Option<&str>, req: RoleCodeRequest) -> EngineResult<RoleDefinition> {
        self.write(actor, |cx| {
            cx.actor.require_admin("define roles")?;
            let before = cx.tx.custom_role(&req.code)?.ok_or_else(|| EngineError::not_found("no such custom role"))?;
            if before.archived_at.is_some() {
                return Err(EngineError::invalid_state("the role is already archived"));
            }
            let holders = cx.tx.count_custom_role_holders(&before.code)?;
            if holders > 0 {
                return Err(EngineError::invalid_state(format!(
                    "{holders} active users hold this role: take it from them first"
                )));
            }
            let mut role = before.clone();
            role.archived_at = Some(cx.now);
            role.updated_at = cx.now;
            cx.tx.save_custom_role(&role)?;
            let (before, after) = (RoleDefinition::of_custom(&before), RoleDefinition::of_custom(&role));
            cx.audit_setting_change(Setting::CustomRole, &role.code, "archive", Some(&before), &after)?;
            Ok(after)
        })
    }

    /// ORG-6: grants a user or a role read or edit scope over a department and those below it; granting
    /// the same grantee the same department again changes the access.
    pub fn grant_access(&self, actor: Option<&str>, req: GrantRequest) -> EngineResult<AccessGrant> {
        self.write(actor, |cx| {
            cx.actor.require_admin("grant access")?;
            let grantee = req.grantee()?;
            match &grantee {
                Grantee::User(u) if cx.tx.user(u)?.is_none_or(|u| !u.active) => {
                    return Err(EngineError::validation("user_id", "names no active user"));
                }
                Grantee::Role(r) if !role_exists(cx, r)? => {
                    return Err(EngineError::validation("role", "names no role"));
                }
                _ => {}
            }
            if cx.tx.department(&req.department_id)?.is_none_or(|d| d.archived_at.is_some()) {
                return Err(EngineError::validation("department_id", "names no department"));
            }
            let (user_id, role) = match grantee {
                Grantee::User(u) => (Some(u), None),
                Grantee::Role(r) => (None, Some(r)),
            };
            let before = cx.tx.access_grant_of(user_id.as_deref(), role.as_deref(), &req.department_id)?;
            let grant = AccessGrant {
                id: before.as_ref().map_or_else(|| cx.new_id(), |b| b.id.clone()),
                user_id,
                role,
                department_id: req.department_id.clone(),
                access: req.access,
                created_at: before.as_ref().map_or(cx.now, |b| b.created_at),
            };
            cx.tx.save_access_grant(&grant)?;
            let action = if before.is_some() { "update" } else { "create" };
            cx.audit_setting_change(Setting::AccessGrant, &grant.id, action, before.as_ref(), &grant)?;
            Ok(grant)
        })
    }

    /// ORG-6: revokes a department grant; answers the grant as it was.
    pub fn revoke_access(&self, actor: Option<&str>, req: IdRequest) -> EngineResult<AccessGrant> {
        self.write(actor, |cx| {
            cx.actor.require_admin("grant access")?;
            let grant = cx.tx.access_grant(&req.id)?.ok_or_else(|| EngineError::not_found("no such grant"))?;
            cx.tx.delete_access_grant(&grant.id)?;
            let mut changes = serde_json::Map::new();
            changes.insert("access".into(), serde_json::json!([grant.access, null]));
            cx.audit_setting(Setting::AccessGrant, &grant.id, "revoke", changes)?;
            Ok(grant)
        })
    }

    /// ORG-6: department grants, all or a user's or a role's.
    pub fn access_grants(&self, actor: Option<&str>, req: GrantListRequest) -> EngineResult<Vec<AccessGrant>> {
        self.read(actor, |cx| {
            cx.actor.require_admin("review access")?;
            Ok(cx.tx.access_grants(req.user_id.as_deref(), req.role.as_deref())?)
        })
    }

    /// ORG-6: each user's roles, scopes, grants and permissions, for periodic review (administrators).
    pub fn permission_report(&self, actor: Option<&str>) -> EngineResult<Vec<UserPermissions>> {
        self.read(actor, |cx| {
            cx.actor.require_admin("review access")?;
            let grants = cx.tx.access_grants(None, None)?;
            let mut report = Vec::new();
            for user in cx.tx.users(None, None, true)? {
                let Some(actor) = user_actor_of(cx.tx, &user.id, false)? else { continue };
                let held: BTreeSet<&str> = actor
                    .roles
                    .iter()
                    .map(|r| r.as_str())
                    .chain(actor.custom_roles.iter().map(String::as_str))
                    .collect();
                let mine = grants.iter().filter(|g| {
                    g.user_id.as_deref() == Some(user.id.as_str())
                        || g.role.as_deref().is_some_and(|r| held.contains(r))
                });
                let scopes: Vec<Scope> = actor.scopes.clone();
                report.push(UserPermissions {
                    user_id: user.id.clone(),
                    name: user.name.clone(),
                    department_id: user.department_id.clone(),
                    active: user.active,
                    roles: held.iter().map(|r| r.to_string()).collect(),
                    scopes,
                    grants: mine.cloned().collect(),
                    permissions: actor.permissions.to_map(),
                });
            }
            Ok(report)
        })
    }
}
