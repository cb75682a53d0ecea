//! Custom roles, the users holding them, department grants and the manager chain (ORG-6).

use std::collections::BTreeMap;

use rusqlite::{OptionalExtension, Row, params};

use super::db::Tx;
use super::error::StorageResult;
use super::row;
use crate::domain::access::Scope;
use crate::domain::permissions::{AccessGrant, CustomRole, DepartmentGrant, GrantAccess, PermissionMap, Permissions};

const ROLE_COLS: &str = "code, name, scope, permissions, created_at, updated_at, archived_at";
const GRANT_COLS: &str = "id, user_id, role, department_id, access, created_at";

fn role_row(r: &Row<'_>) -> rusqlite::Result<CustomRole> {
    role_row_at(r, 0)
}

/// A custom role from the `ROLE_COLS` starting at column `at`.
fn role_row_at(r: &Row<'_>, at: usize) -> rusqlite::Result<CustomRole> {
    let map: PermissionMap = row::get_json(r, at + 3)?;
    Ok(CustomRole {
        code: r.get(at)?,
        name: r.get(at + 1)?,
        scope: row::get_enum(r, at + 2, Scope::parse)?,
        permissions: Permissions::from_map(&map).map_err(|_| row::conv_err(at + 3, "a permission set"))?,
        created_at: row::get_instant(r, at + 4)?,
        updated_at: row::get_instant(r, at + 5)?,
        archived_at: row::get_opt_instant(r, at + 6)?,
    })
}

/// A department grant with whom it is given to (a user or a role).
pub(crate) struct GranteeGrant {
    pub user_id: Option<String>,
    pub role: Option<String>,
    pub grant: DepartmentGrant,
}

fn grant_row(r: &Row<'_>) -> rusqlite::Result<AccessGrant> {
    Ok(AccessGrant {
        id: r.get(0)?,
        user_id: r.get(1)?,
        role: r.get(2)?,
        department_id: r.get(3)?,
        access: row::get_enum(r, 4, GrantAccess::parse)?,
        created_at: row::get_instant(r, 5)?,
    })
}

impl Tx<'_> {
    /// Every custom role, archived ones included, by code.
    pub(crate) fn custom_roles(&self) -> StorageResult<Vec<CustomRole>> {
        let mut stmt = self.conn.prepare_cached(&format!("SELECT {ROLE_COLS} FROM custom_roles ORDER BY code"))?;
        let rows = stmt.query_map([], role_row)?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    pub(crate) fn custom_role(&self, code: &str) -> StorageResult<Option<CustomRole>> {
        Ok(self
            .conn
            .prepare_cached(&format!("SELECT {ROLE_COLS} FROM custom_roles WHERE code = ?1"))?
            .query_row([code], role_row)
            .optional()?)
    }

    /// Inserts or replaces a custom role.
    pub(crate) fn save_custom_role(&self, role: &CustomRole) -> StorageResult<()> {
        self.conn
            .prepare_cached(
                "INSERT INTO custom_roles (code, name, scope, permissions, created_at, updated_at, archived_at)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)
                 ON CONFLICT (code) DO UPDATE SET name = excluded.name, scope = excluded.scope,
                   permissions = excluded.permissions, updated_at = excluded.updated_at,
                   archived_at = excluded.archived_at",
            )?
            .execute(params![
                role.code,
                role.name,
                role.scope.as_str(),
                row::json(&role.permissions.to_map()),
                row::instant(role.created_at),
                row::instant(role.updated_at),
                row::opt_instant(role.archived_at),
            ])?;
        Ok(())
    }

    /// How many active users hold a custom role.
    pub(crate) fn count_custom_role_holders(&self, code: &str) -> StorageResult<i64> {
        Ok(self.conn.query_row(
            "SELECT COUNT(*) FROM user_custom_roles ur JOIN users u ON u.id = ur.user_id
             WHERE ur.role = ?1 AND u.active = 1",
            [code],
            |r| r.get(0),
        )?)
    }

    /// The custom roles a user holds, by code.
    pub(crate) fn user_custom_roles(&self, user_id: &str) -> StorageResult<Vec<String>> {
        let mut stmt =
            self.conn.prepare_cached("SELECT role FROM user_custom_roles WHERE user_id = ?1 ORDER BY role")?;
        let rows = stmt.query_map([user_id], |r| r.get(0))?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// Replaces the custom roles a user holds.
    pub(crate) fn set_user_custom_roles(&self, user_id: &str, codes: &[String]) -> StorageResult<()> {
        self.conn.prepare_cached("DELETE FROM user_custom_roles WHERE user_id = ?1")?.execute([user_id])?;
        let mut ins = self.conn.prepare_cached("INSERT INTO user_custom_roles (user_id, role) VALUES (?1, ?2)")?;
        for code in codes {
            ins.execute([user_id, code.as_str()])?;
        }
        Ok(())
    }

    /// The custom roles (not archived) a user holds, for actor resolution.
    pub(crate) fn held_custom_roles(&self, user_id: &str) -> StorageResult<Vec<CustomRole>> {
        let cols = ROLE_COLS.split(", ").map(|c| format!("c.{c}")).collect::<Vec<_>>().join(", ");
        let mut stmt = self.conn.prepare_cached(&format!(
            "SELECT {cols} FROM user_custom_roles ur JOIN custom_roles c ON c.code = ur.role
             WHERE ur.user_id = ?1 AND c.archived_at IS NULL ORDER BY c.code"
        ))?;
        let rows = stmt.query_map([user_id], role_row)?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// [`Tx::held_custom_roles`] of many users at once, by user id.
    pub(crate) fn held_custom_roles_many(
        &self,
        user_ids: &[String],
    ) -> StorageResult<BTreeMap<String, Vec<CustomRole>>> {
        let cols = ROLE_COLS.split(", ").map(|c| format!("c.{c}")).collect::<Vec<_>>().join(", ");
        let mut stmt = self.conn.prepare_cached(&format!(
            "SELECT ur.user_id, {cols} FROM user_custom_roles ur JOIN custom_roles c ON c.code = ur.role
             WHERE ur.user_id IN (SELECT value FROM json_each(?1)) AND c.archived_at IS NULL ORDER BY ur.user_id, c.code"
        ))?;
        let mut rows = stmt.query([row::json(&user_ids)])?;
        let mut held: BTreeMap<String, Vec<CustomRole>> = BTreeMap::new();
        while let Some(r) = rows.next()? {
            let role = role_row_at(r, 1)?;
            held.entry(r.get(0)?).or_default().push(role);
        }
        Ok(held)
    }

    /// Every department grant with its grantee and the department's path (a short table: approval
    /// candidates take theirs from it).
    pub(crate) fn all_department_grants(&self) -> StorageResult<Vec<GranteeGrant>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT g.user_id, g.role, d.path, g.access FROM access_grants g JOIN departments d ON d.id = g.department_id
             ORDER BY d.path, g.access",
        )?;
        let rows = stmt.query_map([], |r| {
            Ok(GranteeGrant {
                user_id: r.get(0)?,
                role: r.get(1)?,
                grant: DepartmentGrant { department_path: r.get(2)?, access: row::get_enum(r, 3, GrantAccess::parse)? },
            })
        })?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// The department grants to a user or to any of `roles` (codes), with each department's path.
    pub(crate) fn department_grants(&self, user_id: &str, roles: &[&str]) -> StorageResult<Vec<DepartmentGrant>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT d.path, g.access FROM access_grants g JOIN departments d ON d.id = g.department_id
             WHERE g.user_id = ?1 OR g.role IN (SELECT value FROM json_each(?2))
             ORDER BY d.path, g.access",
        )?;
        let rows = stmt.query_map(params![user_id, row::json(&roles)], |r| {
            Ok(DepartmentGrant { department_path: r.get(0)?, access: row::get_enum(r, 1, GrantAccess::parse)? })
        })?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// Every user below `user_id` in the manager chain, active or not (their records stay in scope).
    pub(crate) fn subordinates(&self, user_id: &str) -> StorageResult<Vec<String>> {
        let mut stmt = self.conn.prepare_cached(
            "WITH RECURSIVE below(id) AS (
                 SELECT id FROM users WHERE manager_id = ?1
                 UNION SELECT u.id FROM users u JOIN below b ON u.manager_id = b.id
             ) SELECT id FROM below WHERE id <> ?1 ORDER BY id",
        )?;
        let rows = stmt.query_map([user_id], |r| r.get(0))?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    pub(crate) fn access_grant(&self, id: &str) -> StorageResult<Option<AccessGrant>> {
        Ok(self
            .conn
            .prepare_cached(&format!("SELECT {GRANT_COLS} FROM access_grants WHERE id = ?1"))?
            .query_row([id], grant_row)
            .optional()?)
    }

    /// The grant of a grantee over a department, if any.
    pub(crate) fn access_grant_of(
        &self,
        user_id: Option<&str>,
        role: Option<&str>,
        department_id: &str,
    ) -> StorageResult<Option<AccessGrant>> {
        Ok(self
            .conn
            .prepare_cached(&format!(
                "SELECT {GRANT_COLS} FROM access_grants
                 WHERE user_id IS ?1 AND role IS ?2 AND department_id = ?3"
            ))?
            .query_row(params![user_id, role, department_id], grant_row)
            .optional()?)
    }

    /// Grants, all or a user's or a role's, by grantee and department.
    pub(crate) fn access_grants(&self, user_id: Option<&str>, role: Option<&str>) -> StorageResult<Vec<AccessGrant>> {
        let mut stmt = self.conn.prepare_cached(&format!(
            "SELECT {GRANT_COLS} FROM access_grants
             WHERE (?1 IS NULL OR user_id = ?1) AND (?2 IS NULL OR role = ?2)
             ORDER BY coalesce(user_id, ''), coalesce(role, ''), department_id"
        ))?;
        let rows = stmt.query_map(params![user_id, role], grant_row)?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// Inserts a grant or changes its access.
    pub(crate) fn save_access_grant(&self, g: &AccessGrant) -> StorageResult<()> {
        self.conn
            .prepare_cached(
                "INSERT INTO access_grants (id, user_id, role, department_id, access, created_at)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6)
                 ON CONFLICT (id) DO UPDATE SET access = excluded.access",
            )?
            .execute(params![
                g.id,
                g.user_id,
                g.role,
                g.department_id,
                g.access.as_str(),
                row::instant(g.created_at)
            ])?;
        Ok(())
    }

    pub(crate) fn delete_access_grant(&self, id: &str) -> StorageResult<()> {
        self.conn.prepare_cached("DELETE FROM access_grants WHERE id = ?1")?.execute([id])?;
        Ok(())
    }
}
