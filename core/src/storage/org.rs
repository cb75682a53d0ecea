//! Departments, users, roles and role scopes (ORG-1, ORG-2).

use chrono::{DateTime, Utc};
use std::collections::BTreeMap;

use rusqlite::types::Value as SqlValue;
use rusqlite::{OptionalExtension, Row, params};

use super::db::Tx;
use super::error::StorageResult;
use super::row;
use super::row_writer::Columns;
use crate::domain::access::{Role, Scope};
use crate::domain::org::{Department, User};
use crate::domain::sort;

/// What actor resolution needs to know about a user.
pub struct UserActorFacts {
    pub active: bool,
    pub department_id: String,
    pub department_path: String,
    pub roles: Vec<Role>,
    /// The scopes set through `roles.set_scope` for the user's roles (the others keep their default).
    pub configured_scopes: Vec<ConfiguredScope>,
}

/// A role's scope as set through `roles.set_scope`.
pub(crate) struct ConfiguredScope {
    pub role: Role,
    pub scope: Scope,
}

impl ConfiguredScope {
    /// The scope of a built-in role: as configured (`roles.set_scope`), else its default.
    pub(crate) fn of(configured: &[ConfiguredScope], role: Role) -> Scope {
        configured.iter().find(|c| c.role == role).map_or(role.default_scope(), |c| c.scope)
    }
}

/// A user's department and its materialised path (owner-based scope checks).
pub(crate) struct UserDepartment {
    pub department_id: String,
    pub path: String,
}

const DEPT_COLS: &str = "id, name, parent_id, path, external_ref, created_at, updated_at, archived_at";

fn department_row(r: &Row<'_>) -> rusqlite::Result<Department> {
    Ok(Department {
        id: r.get(0)?,
        name: r.get(1)?,
        parent_id: r.get(2)?,
        path: r.get(3)?,
        external_ref: r.get(4)?,
        created_at: row::get_instant(r, 5)?,
        updated_at: row::get_instant(r, 6)?,
        archived_at: row::get_opt_instant(r, 7)?,
    })
}

const USER_COLS: &str =
    "id, name, email, phone, department_id, manager_id, active, external_ref, created_at, updated_at";

/// The stored columns of a department.
const DEPARTMENT_COLUMNS: Columns = Columns {
    table: "departments",
    names: &["id", "name", "parent_id", "path", "external_ref", "created_at", "updated_at", "archived_at"],
};

/// A department's values in the order of [`DEPARTMENT_COLUMNS`], with `created_at` given apart (an update
/// passes the stored one for both sides, so it is never rewritten).
fn department_values(d: &Department, created_at: DateTime<Utc>) -> Vec<SqlValue> {
    vec![
        d.id.clone().into(),
        d.name.clone().into(),
        d.parent_id.clone().into(),
        d.path.clone().into(),
        d.external_ref.clone().into(),
        row::instant(created_at).into(),
        row::instant(d.updated_at).into(),
        row::opt_instant(d.archived_at).into(),
    ]
}

/// The stored columns of a user (their roles are rows of their own).
const USER_COLUMNS: Columns = Columns {
    table: "users",
    names: &[
        "id",
        "name",
        "email",
        "phone",
        "department_id",
        "manager_id",
        "active",
        "external_ref",
        "created_at",
        "updated_at",
    ],
};

/// A user's values in the order of [`USER_COLUMNS`].
fn user_values(u: &User) -> Vec<SqlValue> {
    vec![
        u.id.clone().into(),
        u.name.clone().into(),
        u.email.clone().into(),
        u.phone.clone().into(),
        u.department_id.clone().into(),
        u.manager_id.clone().into(),
        u.active.into(),
        u.external_ref.clone().into(),
        row::instant(u.created_at).into(),
        row::instant(u.updated_at).into(),
    ]
}

impl Tx<'_> {
    pub(crate) fn department(&self, id: &str) -> StorageResult<Option<Department>> {
        Ok(self
            .conn
            .prepare_cached(&format!("SELECT {DEPT_COLS} FROM departments WHERE id = ?1"))?
            .query_row([id], department_row)
            .optional()?)
    }

    pub(crate) fn department_by_ref(&self, external_ref: &str) -> StorageResult<Option<Department>> {
        Ok(self
            .conn
            .prepare_cached(&format!("SELECT {DEPT_COLS} FROM departments WHERE external_ref = ?1"))?
            .query_row([external_ref], department_row)
            .optional()?)
    }

    /// Every department, in tree order (parents before children).
    pub(crate) fn departments(&self, include_archived: bool) -> StorageResult<Vec<Department>> {
        let mut stmt = self.conn.prepare_cached(&format!(
            "SELECT {DEPT_COLS} FROM departments WHERE ?1 OR archived_at IS NULL ORDER BY path"
        ))?;
        let rows = stmt.query_map([include_archived], department_row)?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// Saves a department: inserts it (`before` is `None`), or updates the columns that changed since
    /// `before` (`created_at` is written only on insert).
    pub(crate) fn save_department(&self, before: Option<&Department>, d: &Department) -> StorageResult<()> {
        match before {
            None => self.insert_row(&DEPARTMENT_COLUMNS, department_values(d, d.created_at)),
            Some(b) => self
                .update_changed(
                    &DEPARTMENT_COLUMNS,
                    department_values(b, b.created_at),
                    department_values(d, b.created_at),
                )
                .map(|_| ()),
        }
    }

    /// Rewrites the paths of a moved subtree: every path starting with `old` starts with `new` instead.
    pub(crate) fn repath_departments(&self, old: &str, new: &str) -> StorageResult<()> {
        self.conn
            .prepare_cached(
                "UPDATE departments SET path = ?2 || substr(path, length(?1) + 1) WHERE substr(path, 1, length(?1)) = ?1",
            )?
            .execute([old, new])?;
        Ok(())
    }

    /// Active users in a department or any below it.
    pub(crate) fn count_active_users_under(&self, path: &str) -> StorageResult<i64> {
        Ok(self.conn.query_row(
            "SELECT COUNT(*) FROM users u JOIN departments d ON d.id = u.department_id
             WHERE u.active = 1 AND substr(d.path, 1, length(?1)) = ?1",
            [path],
            |r| r.get(0),
        )?)
    }

    fn user_roles(&self, user_id: &str) -> StorageResult<Vec<Role>> {
        let mut stmt = self.conn.prepare_cached("SELECT role FROM user_roles WHERE user_id = ?1 ORDER BY role")?;
        let rows = stmt.query_map([user_id], |r| row::get_enum(r, 0, Role::parse))?;
        let mut roles: Vec<Role> = rows.collect::<Result<_, _>>()?;
        sort::sort(&mut roles);
        Ok(roles)
    }

    fn user_from_row(&self, r: &Row<'_>) -> rusqlite::Result<User> {
        Ok(User {
            id: r.get(0)?,
            name: r.get(1)?,
            email: r.get(2)?,
            phone: r.get(3)?,
            department_id: r.get(4)?,
            manager_id: r.get(5)?,
            roles: Vec::new(),
            custom_roles: Vec::new(),
            active: r.get(6)?,
            external_ref: r.get(7)?,
            created_at: row::get_instant(r, 8)?,
            updated_at: row::get_instant(r, 9)?,
        })
    }

    fn user_where(&self, clause: &str, value: &str) -> StorageResult<Option<User>> {
        let user = self
            .conn
            .prepare_cached(&format!("SELECT {USER_COLS} FROM users WHERE {clause} = ?1"))?
            .query_row([value], |r| self.user_from_row(r))
            .optional()?;
        match user {
            Some(mut u) => {
                u.roles = self.user_roles(&u.id)?;
                u.custom_roles = self.user_custom_roles(&u.id)?;
                Ok(Some(u))
            }
            None => Ok(None),
        }
    }

    pub(crate) fn user(&self, id: &str) -> StorageResult<Option<User>> {
        self.user_where("id", id)
    }

    pub(crate) fn user_by_ref(&self, external_ref: &str) -> StorageResult<Option<User>> {
        self.user_where("external_ref", external_ref)
    }

    pub(crate) fn user_by_email(&self, email: &str) -> StorageResult<Option<User>> {
        self.user_where("email", email)
    }

    /// Users, optionally of one department (or its subtree) and one role.
    pub(crate) fn users(
        &self,
        department_path: Option<&str>,
        role: Option<Role>,
        include_inactive: bool,
    ) -> StorageResult<Vec<User>> {
        let mut stmt = self.conn.prepare_cached(&format!(
            "SELECT {} FROM users u JOIN departments d ON d.id = u.department_id
             WHERE (?1 IS NULL OR substr(d.path, 1, length(?1)) = ?1)
               AND (?2 IS NULL OR EXISTS (SELECT 1 FROM user_roles r WHERE r.user_id = u.id AND r.role = ?2))
               AND (?3 OR u.active = 1)
             ORDER BY u.name, u.id",
            // Each user's built-in and custom roles in the same statement (no query per user).
            USER_COLS
                .split(", ")
                .map(|c| format!("u.{c}"))
                .chain([
                    "(SELECT json_group_array(role) FROM (SELECT role FROM user_roles WHERE user_id = u.id))".into(),
                    "(SELECT json_group_array(role) FROM (SELECT role FROM user_custom_roles WHERE user_id = u.id ORDER BY role))"
                        .into(),
                ])
                .collect::<Vec<_>>()
                .join(", ")
        ))?;
        let rows = stmt.query_map(params![department_path, role.map(Role::as_str), include_inactive], |r| {
            let mut u = self.user_from_row(r)?;
            let roles: Vec<String> = row::get_json(r, 10)?;
            u.roles = roles
                .iter()
                .map(|n| Role::parse(n).ok_or_else(|| row::conv_err(10, "a role")))
                .collect::<Result<_, _>>()?;
            crate::domain::sort::sort(&mut u.roles);
            u.custom_roles = row::get_json(r, 11)?;
            Ok(u)
        })?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// Saves a user: inserts it with its roles (`before` is `None`), or updates the columns that changed
    /// since `before` and replaces its built-in and custom roles only when they changed.
    pub(crate) fn save_user(&self, before: Option<&User>, u: &User) -> StorageResult<()> {
        match before {
            None => {
                self.insert_row(&USER_COLUMNS, user_values(u))?;
                self.insert_user_roles(u)?;
                if !u.custom_roles.is_empty() {
                    self.set_user_custom_roles(&u.id, &u.custom_roles)?;
                }
            }
            Some(b) => {
                self.update_changed(&USER_COLUMNS, user_values(b), user_values(u))?;
                if b.roles != u.roles {
                    self.conn.prepare_cached("DELETE FROM user_roles WHERE user_id = ?1")?.execute([&u.id])?;
                    self.insert_user_roles(u)?;
                }
                if b.custom_roles != u.custom_roles {
                    self.set_user_custom_roles(&u.id, &u.custom_roles)?;
                }
            }
        }
        Ok(())
    }

    fn insert_user_roles(&self, u: &User) -> StorageResult<()> {
        let mut ins = self.conn.prepare_cached("INSERT INTO user_roles (user_id, role) VALUES (?1, ?2)")?;
        for r in &u.roles {
            ins.execute([u.id.as_str(), r.as_str()])?;
        }
        Ok(())
    }

    pub(crate) fn user_actor_facts(&self, id: &str) -> StorageResult<Option<UserActorFacts>> {
        Ok(self.actor_facts_where("u.id = ?1", id)?.remove(id))
    }

    /// [`Tx::user_actor_facts`] of many users at once, by id (unknown ids are left out).
    pub(crate) fn user_actor_facts_many(&self, ids: &[String]) -> StorageResult<BTreeMap<String, UserActorFacts>> {
        self.actor_facts_where("u.id IN (SELECT value FROM json_each(?1))", &row::json(&ids))
    }

    fn actor_facts_where(&self, clause: &str, arg: &str) -> StorageResult<BTreeMap<String, UserActorFacts>> {
        // One statement: each user, its department's path, and each of its roles with the scope configured
        // for it (roles.set_scope), if any.
        let mut stmt = self.conn.prepare_cached(&format!(
            "SELECT u.id, u.active, u.department_id, d.path, ur.role, rs.scope FROM users u
             JOIN departments d ON d.id = u.department_id
             LEFT JOIN user_roles ur ON ur.user_id = u.id LEFT JOIN role_scopes rs ON rs.role = ur.role
             WHERE {clause} ORDER BY u.id, ur.role"
        ))?;
        let mut rows = stmt.query([arg])?;
        let mut all: BTreeMap<String, UserActorFacts> = BTreeMap::new();
        while let Some(r) = rows.next()? {
            let f = all.entry(r.get(0)?).or_insert(UserActorFacts {
                active: r.get(1)?,
                department_id: r.get(2)?,
                department_path: r.get(3)?,
                roles: Vec::new(),
                configured_scopes: Vec::new(),
            });
            if let Some(role) = row::get_opt_enum(r, 4, Role::parse)? {
                f.roles.push(role);
                if let Some(scope) = row::get_opt_enum(r, 5, Scope::parse)? {
                    f.configured_scopes.push(ConfiguredScope { role, scope });
                }
            }
        }
        for f in all.values_mut() {
            sort::sort(&mut f.roles);
        }
        Ok(all)
    }

    /// The department id and path of a user (for owner-based scope checks).
    pub(crate) fn user_department(&self, user_id: &str) -> StorageResult<Option<UserDepartment>> {
        Ok(self
            .conn
            .prepare_cached("SELECT u.department_id, d.path FROM users u JOIN departments d ON d.id = u.department_id WHERE u.id = ?1")?
            .query_row([user_id], |r| Ok(UserDepartment { department_id: r.get(0)?, path: r.get(1)? }))
            .optional()?)
    }

    /// Configured role scopes (roles without a row use their default).
    pub(crate) fn role_scopes(&self) -> StorageResult<Vec<ConfiguredScope>> {
        let mut stmt = self.conn.prepare_cached("SELECT role, scope FROM role_scopes")?;
        let rows = stmt.query_map([], |r| {
            Ok(ConfiguredScope { role: row::get_enum(r, 0, Role::parse)?, scope: row::get_enum(r, 1, Scope::parse)? })
        })?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    pub(crate) fn set_role_scope(&self, role: Role, scope: Scope) -> StorageResult<()> {
        self.conn
            .prepare_cached("INSERT INTO role_scopes (role, scope) VALUES (?1, ?2) ON CONFLICT (role) DO UPDATE SET scope = excluded.scope")?
            .execute([role.as_str(), scope.as_str()])?;
        Ok(())
    }
}
