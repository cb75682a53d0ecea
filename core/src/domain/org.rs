//! The organisation (ORG-1): settings, the department tree, users and their roles.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use super::access::{Role, Scope};
use super::custom_fields::CustomFieldDef;
use super::error::{DomainError, DomainResult};
use super::sort;
use super::text::{self, Patch};

/// Organisation-wide settings.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Organisation {
    pub name: String,
    /// ISO 4217 code; statistics, scores and reports are in this currency.
    pub base_currency: String,
    /// Minutes east of UTC; defines "today" for alerts, agendas and reports.
    pub utc_offset_minutes: i32,
    /// Default country calling code for phone dedupe keys (`86`).
    pub country_code: String,
}

impl Default for Organisation {
    fn default() -> Self {
        Organisation {
            name: "Rapport".into(),
            base_currency: "CNY".into(),
            utc_offset_minutes: 480,
            country_code: "86".into(),
        }
    }
}

/// Changes to the organisation settings; absent fields stay as they are.
#[derive(Debug, Clone, Default, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct OrganisationPatch {
    pub name: Option<String>,
    pub base_currency: Option<String>,
    pub utc_offset_minutes: Option<i32>,
    pub country_code: Option<String>,
}

impl Organisation {
    /// Applies a patch after validating every field.
    pub(crate) fn patched(&self, p: &OrganisationPatch) -> DomainResult<Organisation> {
        let mut o = self.clone();
        if let Some(n) = &p.name {
            o.name = text::required("name", n, text::NAME_MAX)?;
        }
        if let Some(c) = &p.base_currency {
            super::money::validate_currency("base_currency", c)?;
            o.base_currency = c.clone();
        }
        if let Some(m) = p.utc_offset_minutes {
            super::calendar::validate_utc_offset_minutes("utc_offset_minutes", m)?;
            o.utc_offset_minutes = m;
        }
        if let Some(cc) = &p.country_code {
            let cc = cc.trim().trim_start_matches('+');
            if cc.is_empty() || cc.len() > 4 || !cc.chars().all(|c| c.is_ascii_digit()) {
                return Err(DomainError::validation("country_code", "must be 1 to 4 digits"));
            }
            o.country_code = cc.to_string();
        }
        Ok(o)
    }
}

/// A department: a node of the organisation tree.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Department {
    pub id: String,
    pub name: String,
    pub parent_id: Option<String>,
    /// Materialised path of ids from the root, `/root/child/`.
    pub path: String,
    pub external_ref: Option<String>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    pub archived_at: Option<DateTime<Utc>>,
}

/// A new department (or, with a known `external_ref`, an update of it).
#[derive(Debug, Clone, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct DepartmentDraft {
    pub name: String,
    /// `None`: a root department.
    #[serde(default)]
    pub parent_id: Option<String>,
    #[serde(default)]
    pub external_ref: Option<String>,
}

/// Changes to a department.
#[derive(Debug, Clone, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct DepartmentPatch {
    pub id: String,
    #[serde(default)]
    pub name: Option<String>,
    /// Moves the department (and its subtree) under another; `null` makes it a root.
    #[serde(default, deserialize_with = "text::patch")]
    #[cfg_attr(feature = "schema", schemars(with = "Option<String>"))]
    pub parent_id: Patch<String>,
}

/// The path of a department with id `id` under a parent with path `parent_path`.
pub(crate) fn department_path(parent_path: Option<&str>, id: &str) -> String {
    format!("{}{}/", parent_path.unwrap_or("/"), id)
}

/// Refuses a move that would put a department under itself or its own subtree.
pub(crate) fn check_department_move(own_path: &str, new_parent_path: Option<&str>) -> DomainResult<()> {
    match new_parent_path {
        Some(p) if p.starts_with(own_path) => {
            Err(DomainError::validation("parent_id", "a department cannot be moved under itself or its own subtree"))
        }
        _ => Ok(()),
    }
}

/// A user of the engine (ORG-1).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct User {
    pub id: String,
    pub name: String,
    pub email: Option<String>,
    pub phone: Option<String>,
    pub department_id: String,
    pub manager_id: Option<String>,
    /// Built-in roles.
    pub roles: Vec<Role>,
    /// Custom roles' codes (ORG-6).
    #[serde(default)]
    pub custom_roles: Vec<String>,
    pub active: bool,
    pub external_ref: Option<String>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

/// A new user (or, with a known `external_ref`, an update of it).
#[derive(Debug, Clone, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct UserDraft {
    pub name: String,
    #[serde(default)]
    pub email: Option<String>,
    #[serde(default)]
    pub phone: Option<String>,
    pub department_id: String,
    #[serde(default)]
    pub manager_id: Option<String>,
    /// Built-in roles; a user holds at least one role, built-in or custom.
    #[serde(default)]
    pub roles: Vec<Role>,
    /// Custom roles' codes (`roles.define`).
    #[serde(default)]
    pub custom_roles: Vec<String>,
    #[serde(default)]
    pub external_ref: Option<String>,
}

/// Changes to a user; absent fields stay as they are.
#[derive(Debug, Clone, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct UserPatch {
    pub id: String,
    #[serde(default)]
    pub name: Option<String>,
    #[serde(default, deserialize_with = "text::patch")]
    #[cfg_attr(feature = "schema", schemars(with = "Option<String>"))]
    pub email: Patch<String>,
    #[serde(default, deserialize_with = "text::patch")]
    #[cfg_attr(feature = "schema", schemars(with = "Option<String>"))]
    pub phone: Patch<String>,
    #[serde(default)]
    pub department_id: Option<String>,
    #[serde(default, deserialize_with = "text::patch")]
    #[cfg_attr(feature = "schema", schemars(with = "Option<String>"))]
    pub manager_id: Patch<String>,
    #[serde(default)]
    pub roles: Option<Vec<Role>>,
    /// Replaces the custom roles the user holds.
    #[serde(default)]
    pub custom_roles: Option<Vec<String>>,
}

/// A user's validated fields: trimmed name, lower-cased email, phone, sorted distinct roles.
pub struct UserFields {
    pub name: String,
    pub email: Option<String>,
    pub phone: Option<String>,
    pub roles: Vec<Role>,
    pub custom_roles: Vec<String>,
}

/// Validates a user's fields.
pub(crate) fn validate_user_fields(
    name: &str,
    email: Option<&str>,
    phone: Option<&str>,
    roles: &[Role],
    custom_roles: &[String],
) -> DomainResult<UserFields> {
    let name = text::required("name", name, text::NAME_MAX)?;
    let email = text::optional("email", email, text::NAME_MAX)?;
    if let Some(e) = &email
        && !super::normalize::is_valid_email(e)
    {
        return Err(DomainError::validation("email", "must be a valid email address"));
    }
    let email = email.map(|e| e.to_lowercase());
    let phone = text::optional("phone", phone, 50)?;
    if roles.is_empty() && custom_roles.is_empty() {
        return Err(DomainError::validation("roles", "a user needs at least one role"));
    }
    let mut roles = roles.to_vec();
    sort::sort(&mut roles);
    roles.dedup();
    let mut custom_roles = custom_roles
        .iter()
        .map(|c| {
            super::permissions::role_code(c)
                .map_err(|_| DomainError::validation("custom_roles", "names no custom role"))
        })
        .collect::<DomainResult<Vec<_>>>()?;
    sort::sort(&mut custom_roles);
    custom_roles.dedup();
    Ok(UserFields { name, email, phone, roles, custom_roles })
}

// Requests of the organisation methods.

/// Which users to list.
#[derive(Debug, Clone, Default, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields, default)]
pub struct UserListRequest {
    /// Only users of this department and the departments below it.
    pub department_id: Option<String>,
    pub role: Option<Role>,
    pub include_inactive: bool,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields, default)]
pub struct DepartmentListRequest {
    pub include_archived: bool,
}

/// Sets the data scope of a role (ORG-2).
#[derive(Debug, Clone, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct RoleScopeRequest {
    pub role: Role,
    pub scope: Scope,
}

/// Declares (or redefines) a custom field of an entity type.
#[derive(Debug, Clone, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct CustomFieldRequest {
    /// `customer`, `contact`, `lead`, `opportunity` or `activity`.
    pub entity: String,
    #[serde(flatten)]
    pub field: CustomFieldDef,
}

#[derive(Debug, Clone, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct CustomFieldListRequest {
    /// `customer`, `contact`, `lead`, `opportunity` or `activity`.
    pub entity: String,
    /// Also list archived definitions (their `archived_at` set); their stored values stay readable.
    #[serde(default)]
    pub include_archived: bool,
}

#[derive(Debug, Clone, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct CustomFieldKey {
    pub entity: String,
    pub key: String,
}

/// Sets the prefix of an entity type's readable codes (`C-`).
#[derive(Debug, Clone, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct CodePrefixRequest {
    pub entity: String,
    pub prefix: String,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct CodeSequence {
    pub entity: String,
    pub prefix: String,
    pub next_value: i64,
}
