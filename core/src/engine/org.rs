//! Organisation set-up (ORG-1, ORG-2): settings, departments, users, role scopes, code prefixes, custom field definitions.

use super::Engine;
use super::{EngineError, EngineResult};
use crate::domain::calendar;
use crate::domain::common::IdRequest;
use crate::domain::custom_fields::{self, CustomFieldDef};
use crate::domain::entity::{self, Entity, Setting};
use crate::domain::error::DomainError;
use crate::domain::org::{
    self, CodePrefixRequest, CodeSequence, CustomFieldKey, CustomFieldListRequest, CustomFieldRequest, Department,
    DepartmentDraft, DepartmentListRequest, DepartmentPatch, Organisation, OrganisationPatch, User, UserDraft,
    UserListRequest, UserPatch,
};
use crate::domain::text;

/// The kind named in a custom field request: one that carries custom fields.
fn custom_field_kind(name: &str) -> EngineResult<Entity> {
    match Entity::parse(name) {
        Some(e) if e.declaration().custom_fields => Ok(e),
        _ => {
            let allowed: Vec<&str> = Entity::with_custom_fields().map(Entity::name).collect();
            Err(EngineError::validation("entity", format!("must be one of: {}", allowed.join(", "))))
        }
    }
}

/// The kind named in a code prefix request: a declared or planned kind with readable codes.
fn check_coded_kind(name: &str) -> EngineResult<()> {
    if entity::coded_kind_names().any(|n| n == name) {
        Ok(())
    } else {
        let allowed: Vec<&str> = entity::coded_kind_names().collect();
        Err(EngineError::validation("entity", format!("must be one of: {}", allowed.join(", "))))
    }
}

impl Engine {
    pub fn organisation(&self, actor: Option<&str>) -> EngineResult<Organisation> {
        self.read(actor, |cx| Ok(cx.tx.organisation()?))
    }

    pub fn configure_organisation(&self, actor: Option<&str>, patch: OrganisationPatch) -> EngineResult<Organisation> {
        self.write(actor, |cx| {
            cx.actor.require_admin("configure the organisation")?;
            let before = cx.tx.organisation()?;
            let after = before.patched(&patch)?;
            if after.base_currency != before.base_currency {
                for kind in Entity::ALL.into_iter().filter(|e| e.declaration().keeps_base_money()) {
                    if cx.tx.has_records(kind)? {
                        return Err(EngineError::invalid_state(format!(
                            "the base currency cannot change once money has been recorded (a {kind} exists)"
                        )));
                    }
                }
            }
            cx.tx.save_organisation(&after, cx.now)?;
            cx.audit_change(Entity::Organisation, "1", "update", Some(&before), &after)?;
            Ok(after)
        })
    }

    pub fn create_department(&self, actor: Option<&str>, draft: DepartmentDraft) -> EngineResult<Department> {
        self.write(actor, |cx| {
            cx.actor.require_admin("change departments")?;
            let name = text::required("name", &draft.name, text::NAME_MAX)?;
            let external_ref = text::optional("external_ref", draft.external_ref.as_deref(), text::SHORT_MAX)?;
            let parent =
                match &draft.parent_id {
                    Some(pid) => Some(cx.tx.department(pid)?.ok_or_else(|| {
                        EngineError::from(DomainError::validation("parent_id", "no such department"))
                    })?),
                    None => None,
                };
            if let Some(existing) = match &external_ref {
                Some(r) => cx.tx.department_by_ref(r)?,
                None => None,
            } {
                let mut after = existing.clone();
                after.name = name;
                if after.parent_id != draft.parent_id {
                    let new_path = org::department_path(parent.as_ref().map(|p| p.path.as_str()), &after.id);
                    org::check_department_move(&existing.path, parent.as_ref().map(|p| p.path.as_str()))?;
                    cx.tx.repath_departments(&existing.path, &new_path)?;
                    after.parent_id = draft.parent_id.clone();
                    after.path = new_path;
                }
                after.updated_at = cx.now;
                cx.tx.save_department(Some(&existing), &after)?;
                cx.audit_change(Entity::Department, &after.id, "update", Some(&existing), &after)?;
                return Ok(after);
            }
            let id = cx.new_id();
            let d = Department {
                path: org::department_path(parent.as_ref().map(|p| p.path.as_str()), &id),
                id,
                name,
                parent_id: draft.parent_id,
                external_ref,
                created_at: cx.now,
                updated_at: cx.now,
                archived_at: None,
            };
            cx.tx.save_department(None, &d)?;
            cx.audit_change(Entity::Department, &d.id, "create", None, &d)?;
            Ok(d)
        })
    }

    pub fn update_department(&self, actor: Option<&str>, patch: DepartmentPatch) -> EngineResult<Department> {
        self.write(actor, |cx| {
            cx.actor.require_admin("change departments")?;
            let before = cx.tx.department(&patch.id)?.ok_or_else(|| EngineError::not_found("no such department"))?;
            let mut after = before.clone();
            if let Some(n) = &patch.name {
                after.name = text::required("name", n, text::NAME_MAX)?;
            }
            if let Some(parent_id) = &patch.parent_id {
                let parent = match parent_id {
                    Some(pid) => Some(cx.tx.department(pid)?.ok_or_else(|| {
                        EngineError::from(DomainError::validation("parent_id", "no such department"))
                    })?),
                    None => None,
                };
                let parent_path = parent.as_ref().map(|p| p.path.as_str());
                org::check_department_move(&before.path, parent_path)?;
                let new_path = org::department_path(parent_path, &before.id);
                cx.tx.repath_departments(&before.path, &new_path)?;
                after.parent_id = parent_id.clone();
                after.path = new_path;
            }
            after.updated_at = cx.now;
            cx.tx.save_department(Some(&before), &after)?;
            cx.audit_change(Entity::Department, &after.id, "update", Some(&before), &after)?;
            Ok(after)
        })
    }

    pub fn list_departments(&self, actor: Option<&str>, req: DepartmentListRequest) -> EngineResult<Vec<Department>> {
        self.read(actor, |cx| Ok(cx.tx.departments(req.include_archived)?))
    }

    /// Archives a department; refused while active users remain in it or below it.
    pub fn archive_department(&self, actor: Option<&str>, req: IdRequest) -> EngineResult<Department> {
        self.set_department_archived(actor, &req.id, true)
    }

    pub fn restore_department(&self, actor: Option<&str>, req: IdRequest) -> EngineResult<Department> {
        self.set_department_archived(actor, &req.id, false)
    }

    fn set_department_archived(&self, actor: Option<&str>, id: &str, archive: bool) -> EngineResult<Department> {
        self.write(actor, |cx| {
            cx.actor.require_admin("change departments")?;
            let before = cx.tx.department(id)?.ok_or_else(|| EngineError::not_found("no such department"))?;
            if archive == before.archived_at.is_some() {
                return Err(EngineError::invalid_state(if archive {
                    "the department is already archived"
                } else {
                    "the department is not archived"
                }));
            }
            if archive && cx.tx.count_active_users_under(&before.path)? > 0 {
                return Err(EngineError::invalid_state("the department still has active users"));
            }
            let mut after = before.clone();
            after.archived_at = if archive { Some(cx.now) } else { None };
            after.updated_at = cx.now;
            cx.tx.save_department(Some(&before), &after)?;
            cx.audit_change(
                Entity::Department,
                id,
                if archive { "archive" } else { "restore" },
                Some(&before),
                &after,
            )?;
            Ok(after)
        })
    }

    pub fn create_user(&self, actor: Option<&str>, draft: UserDraft) -> EngineResult<User> {
        self.write(actor, |cx| {
            cx.actor.require_admin("manage users")?;
            let org::UserFields { name, email, phone, roles, custom_roles } = org::validate_user_fields(
                &draft.name,
                draft.email.as_deref(),
                draft.phone.as_deref(),
                &draft.roles,
                &draft.custom_roles,
            )?;
            require_custom_roles(cx.tx, &custom_roles)?;
            let external_ref = text::optional("external_ref", draft.external_ref.as_deref(), text::SHORT_MAX)?;
            require_live_department(cx.tx, &draft.department_id)?;
            let existing = match &external_ref {
                Some(r) => cx.tx.user_by_ref(r)?,
                None => None,
            };
            if let Some(m) = &draft.manager_id {
                require_manager_user(cx.tx, m, existing.as_ref().map(|u| u.id.as_str()))?;
            }
            if let Some(e) = &email
                && let Some(other) = cx.tx.user_by_email(e)?
                && existing.as_ref().is_none_or(|x| x.id != other.id)
            {
                return Err(EngineError::conflict("email", "another user has this email"));
            }
            let (user, before) = match existing {
                Some(before) => {
                    let mut u = before.clone();
                    u.name = name;
                    u.email = email;
                    u.phone = phone;
                    u.department_id = draft.department_id;
                    u.manager_id = draft.manager_id;
                    u.roles = roles;
                    u.custom_roles = custom_roles;
                    u.updated_at = cx.now;
                    (u, Some(before))
                }
                None => (
                    User {
                        id: cx.new_id(),
                        name,
                        email,
                        phone,
                        department_id: draft.department_id,
                        manager_id: draft.manager_id,
                        roles,
                        custom_roles,
                        active: true,
                        external_ref,
                        created_at: cx.now,
                        updated_at: cx.now,
                    },
                    None,
                ),
            };
            cx.tx.save_user(before.as_ref(), &user)?;
            if before.as_ref().is_some_and(|b| b.department_id != user.department_id) {
                super::customers::follow_owner_department(cx, &user.id, &user.department_id)?;
            }
            let action = if before.is_some() { "update" } else { "create" };
            cx.audit_change(Entity::User, &user.id, action, before.as_ref(), &user)?;
            Ok(user)
        })
    }

    pub fn update_user(&self, actor: Option<&str>, patch: UserPatch) -> EngineResult<User> {
        self.write(actor, |cx| {
            cx.actor.require_admin("manage users")?;
            let before = cx.tx.user(&patch.id)?.ok_or_else(|| EngineError::not_found("no such user"))?;
            let name = patch.name.clone().unwrap_or_else(|| before.name.clone());
            let email = patch.email.clone().unwrap_or_else(|| before.email.clone());
            let phone = patch.phone.clone().unwrap_or_else(|| before.phone.clone());
            let roles = patch.roles.clone().unwrap_or_else(|| before.roles.clone());
            let custom_roles = patch.custom_roles.clone().unwrap_or_else(|| before.custom_roles.clone());
            let org::UserFields { name, email, phone, roles, custom_roles } =
                org::validate_user_fields(&name, email.as_deref(), phone.as_deref(), &roles, &custom_roles)?;
            if patch.custom_roles.is_some() {
                require_custom_roles(cx.tx, &custom_roles)?;
            }
            if let Some(e) = &email
                && let Some(other) = cx.tx.user_by_email(e)?
                && other.id != before.id
            {
                return Err(EngineError::conflict("email", "another user has this email"));
            }
            let mut after = before.clone();
            if let Some(d) = &patch.department_id {
                require_live_department(cx.tx, d)?;
                after.department_id = d.clone();
            }
            if let Some(m) = &patch.manager_id {
                if let Some(m) = m {
                    require_manager_user(cx.tx, m, Some(&before.id))?;
                }
                after.manager_id = m.clone();
            }
            after.name = name;
            after.email = email;
            after.phone = phone;
            after.roles = roles;
            after.custom_roles = custom_roles;
            after.updated_at = cx.now;
            cx.tx.save_user(Some(&before), &after)?;
            if after.department_id != before.department_id {
                super::customers::follow_owner_department(cx, &after.id, &after.department_id)?;
            }
            cx.audit_change(Entity::User, &after.id, "update", Some(&before), &after)?;
            Ok(after)
        })
    }

    pub fn user(&self, actor: Option<&str>, req: IdRequest) -> EngineResult<User> {
        self.read(actor, |cx| cx.tx.user(&req.id)?.ok_or_else(|| EngineError::not_found("no such user")))
    }

    pub fn list_users(&self, actor: Option<&str>, req: UserListRequest) -> EngineResult<Vec<User>> {
        self.read(actor, |cx| {
            let path = match &req.department_id {
                Some(d) => Some(
                    cx.tx
                        .department(d)?
                        .ok_or_else(|| EngineError::validation("department_id", "no such department"))?
                        .path,
                ),
                None => None,
            };
            Ok(cx.tx.users(path.as_deref(), req.role, req.include_inactive)?)
        })
    }

    /// Deactivates a user (archive): they can no longer act. Records they own stay theirs until handed over.
    pub fn deactivate_user(&self, actor: Option<&str>, req: IdRequest) -> EngineResult<User> {
        self.set_user_active(actor, &req.id, false)
    }

    pub fn activate_user(&self, actor: Option<&str>, req: IdRequest) -> EngineResult<User> {
        self.set_user_active(actor, &req.id, true)
    }

    fn set_user_active(&self, actor: Option<&str>, id: &str, active: bool) -> EngineResult<User> {
        self.write(actor, |cx| {
            cx.actor.require_admin("manage users")?;
            let before = cx.tx.user(id)?.ok_or_else(|| EngineError::not_found("no such user"))?;
            if before.active == active {
                return Err(EngineError::invalid_state(if active {
                    "the user is already active"
                } else {
                    "the user is already inactive"
                }));
            }
            if cx.actor.user_id() == Some(id) {
                return Err(EngineError::invalid_state("a user cannot deactivate themselves"));
            }
            let mut after = before.clone();
            after.active = active;
            after.updated_at = cx.now;
            cx.tx.save_user(Some(&before), &after)?;
            cx.audit_change(Entity::User, id, if active { "restore" } else { "archive" }, Some(&before), &after)?;
            Ok(after)
        })
    }

    pub fn set_code_prefix(&self, actor: Option<&str>, req: CodePrefixRequest) -> EngineResult<Vec<CodeSequence>> {
        self.write(actor, |cx| {
            cx.actor.require_admin("configure code prefixes")?;
            check_coded_kind(&req.entity)?;
            let p = req.prefix.trim();
            if p.is_empty() || p.chars().count() > 10 || !p.chars().all(|c| c.is_ascii_alphanumeric() || c == '-') {
                return Err(EngineError::validation("prefix", "must be 1 to 10 letters, digits or -"));
            }
            cx.tx.set_code_prefix(&req.entity, p)?;
            let mut changes = serde_json::Map::new();
            changes.insert("prefix".into(), serde_json::json!([null, p]));
            cx.audit_setting(Setting::CodeSequence, &req.entity, "update", changes)?;
            code_sequences(cx.tx)
        })
    }

    pub fn code_sequences(&self, actor: Option<&str>) -> EngineResult<Vec<CodeSequence>> {
        self.read(actor, |cx| code_sequences(cx.tx))
    }

    pub fn define_custom_field(
        &self,
        actor: Option<&str>,
        req: CustomFieldRequest,
    ) -> EngineResult<Vec<CustomFieldDef>> {
        self.write(actor, |cx| {
            cx.actor.require_admin("define custom fields")?;
            let kind = custom_field_kind(&req.entity)?;
            custom_fields::validate_definition(&req.field)?;
            let before = cx.tx.custom_field_defs_with_archived(kind)?;
            let old = before.iter().find(|d| d.key == req.field.key);
            cx.tx.save_custom_field_def(kind, &req.field)?;
            let action = match old {
                Some(d) if d.archived_at.is_some() => "restore",
                Some(_) => "update",
                None => "create",
            };
            cx.audit_setting_change(
                Setting::CustomField,
                &format!("{kind}.{}", req.field.key),
                action,
                old,
                &req.field,
            )?;
            Ok(cx.tx.custom_field_defs(kind)?)
        })
    }

    pub fn custom_fields(&self, actor: Option<&str>, req: CustomFieldListRequest) -> EngineResult<Vec<CustomFieldDef>> {
        self.read(actor, |cx| {
            let kind = custom_field_kind(&req.entity)?;
            if req.include_archived {
                Ok(cx.tx.custom_field_defs_with_archived(kind)?)
            } else {
                Ok(cx.tx.custom_field_defs(kind)?)
            }
        })
    }

    /// Archives a definition (§0 archive): records keep their values, readable as before; no new value is
    /// accepted until the key is defined again, which restores it.
    pub fn remove_custom_field(&self, actor: Option<&str>, req: CustomFieldKey) -> EngineResult<Vec<CustomFieldDef>> {
        self.write(actor, |cx| {
            cx.actor.require_admin("define custom fields")?;
            let kind = custom_field_kind(&req.entity)?;
            if !cx.tx.archive_custom_field_def(kind, &req.key, cx.now)? {
                return Err(EngineError::not_found("no such custom field"));
            }
            let mut changes = serde_json::Map::new();
            changes.insert("archived_at".into(), serde_json::json!([null, calendar::format_instant(cx.now)]));
            cx.audit_setting(Setting::CustomField, &format!("{kind}.{}", req.key), "archive", changes)?;
            Ok(cx.tx.custom_field_defs(kind)?)
        })
    }
}

fn code_sequences(tx: &crate::storage::Tx<'_>) -> EngineResult<Vec<CodeSequence>> {
    let stored = tx.code_sequences()?;
    Ok(entity::coded_kind_names()
        .map(|e| match stored.iter().find(|s| s.entity == e) {
            Some(s) => s.clone(),
            None => CodeSequence {
                entity: e.to_string(),
                prefix: entity::default_code_prefix(e).unwrap_or("X-").to_string(),
                next_value: 1,
            },
        })
        .collect())
}

fn require_live_department(tx: &crate::storage::Tx<'_>, id: &str) -> EngineResult<()> {
    match tx.department(id)? {
        Some(d) if d.archived_at.is_none() => Ok(()),
        Some(_) => Err(EngineError::validation("department_id", "the department is archived")),
        None => Err(EngineError::validation("department_id", "no such department")),
    }
}

/// Refuses custom roles that do not exist or are archived (ORG-6).
fn require_custom_roles(tx: &crate::storage::Tx<'_>, codes: &[String]) -> EngineResult<()> {
    for code in codes {
        if tx.custom_role(code)?.is_none_or(|r| r.archived_at.is_some()) {
            return Err(EngineError::validation("custom_roles", "names no custom role"));
        }
    }
    Ok(())
}

fn require_manager_user(tx: &crate::storage::Tx<'_>, manager_id: &str, self_id: Option<&str>) -> EngineResult<()> {
    if Some(manager_id) == self_id {
        return Err(EngineError::validation("manager_id", "a user cannot be their own manager"));
    }
    match tx.user(manager_id)? {
        Some(m) if m.active => Ok(()),
        _ => Err(EngineError::validation("manager_id", "no such active user")),
    }
}
