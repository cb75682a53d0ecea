//! Organisation methods: settings, departments, users, role scopes, code prefixes, custom field definitions.

use super::common::IdRequest;
use super::method::methods;
use crate::domain::custom_fields::CustomFieldDef;
use crate::domain::org::{
    Department, DepartmentDraft, DepartmentPatch, Organisation, OrganisationPatch, RoleScope, User, UserDraft,
    UserPatch,
};
pub use crate::engine::org_requests::*;

/// An empty request.
#[derive(Debug, Clone, Default, serde::Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct Empty {}

methods! {
    /// The organisation settings: name, base currency, UTC offset, phone country code.
    GetOrganisation "org.get" (Empty) -> Organisation,
        example r#"{}"#,
        |e, a, _r| e.organisation(a);
    /// Changes organisation settings (admin or system). The base currency is fixed once money is recorded.
    ConfigureOrganisation "org.configure" (OrganisationPatch) -> Organisation,
        example r#"{"name": "华南贸易有限公司", "base_currency": "CNY", "utc_offset_minutes": 480}"#,
        |e, a, r| e.configure_organisation(a, r);
    /// Creates a department under `parent_id` (none: a root). A known `external_ref` updates that department instead.
    CreateDepartment "departments.create" (DepartmentDraft) -> Department,
        example r#"{"name": "华南销售部", "parent_id": null, "external_ref": "ERP-D-10"}"#,
        |e, a, r| e.create_department(a, r);
    /// Renames or moves a department; its subtree moves with it.
    UpdateDepartment "departments.update" (DepartmentPatch) -> Department,
        example r#"{"id": "0190a8b2-7c1e-7000-8000-000000000001", "name": "South China Sales"}"#,
        |e, a, r| e.update_department(a, r);
    /// Every department in tree order (parents first).
    ListDepartments "departments.list" (DepartmentListRequest) -> Vec<Department>,
        example r#"{"include_archived": false}"#,
        |e, a, r| e.list_departments(a, r);
    /// Archives a department with no active users.
    ArchiveDepartment "departments.archive" (IdRequest) -> Department,
        example r#"{"id": "0190a8b2-7c1e-7000-8000-000000000001"}"#,
        |e, a, r| e.archive_department(a, r);
    /// Restores an archived department.
    RestoreDepartment "departments.restore" (IdRequest) -> Department,
        example r#"{"id": "0190a8b2-7c1e-7000-8000-000000000001"}"#,
        |e, a, r| e.restore_department(a, r);
    /// Creates a user with roles in a department. A known `external_ref` updates that user instead.
    CreateUser "users.create" (UserDraft) -> User,
        example r#"{"name": "王芳", "email": "wang.fang@example.com", "department_id": "0190a8b2-7c1e-7000-8000-000000000001", "roles": ["sales_rep"]}"#,
        |e, a, r| e.create_user(a, r);
    /// Changes a user's name, contact details, department, manager or roles.
    UpdateUser "users.update" (UserPatch) -> User,
        example r#"{"id": "0190a8b2-7c1e-7000-8000-000000000002", "roles": ["sales_rep", "marketer"]}"#,
        |e, a, r| e.update_user(a, r);
    /// One user.
    GetUser "users.get" (IdRequest) -> User,
        example r#"{"id": "0190a8b2-7c1e-7000-8000-000000000002"}"#,
        |e, a, r| e.user(a, r);
    /// Users, optionally of a department subtree and a role.
    ListUsers "users.list" (UserListRequest) -> Vec<User>,
        example r#"{"role": "sales_rep"}"#,
        |e, a, r| e.list_users(a, r);
    /// Deactivates a user: they can no longer act; their records stay until handed over.
    DeactivateUser "users.deactivate" (IdRequest) -> User,
        example r#"{"id": "0190a8b2-7c1e-7000-8000-000000000002"}"#,
        |e, a, r| e.deactivate_user(a, r);
    /// Reactivates a user.
    ActivateUser "users.activate" (IdRequest) -> User,
        example r#"{"id": "0190a8b2-7c1e-7000-8000-000000000002"}"#,
        |e, a, r| e.activate_user(a, r);
    /// Every role with its configured and default data scope.
    ListRoles "roles.list" (Empty) -> Vec<RoleScope>,
        example r#"{}"#,
        |e, a, _r| e.role_scopes(a);
    /// Sets the data scope of a role (`own`, `department`, `department_tree`, `all`).
    SetRoleScope "roles.set_scope" (RoleScopeRequest) -> Vec<RoleScope>,
        example r#"{"role": "sales_rep", "scope": "department"}"#,
        |e, a, r| e.set_role_scope(a, r);
    /// The readable code sequences (prefix and next value) per entity type.
    ListCodeSequences "codes.list" (Empty) -> Vec<CodeSequence>,
        example r#"{}"#,
        |e, a, _r| e.code_sequences(a);
    /// Sets the prefix of an entity type's readable codes; numbers continue, never reused.
    SetCodePrefix "codes.set_prefix" (CodePrefixRequest) -> Vec<CodeSequence>,
        example r#"{"entity": "customer", "prefix": "KH-"}"#,
        |e, a, r| e.set_code_prefix(a, r);
    /// Declares or redefines a custom field of an entity type.
    DefineCustomField "custom_fields.define" (CustomFieldRequest) -> Vec<CustomFieldDef>,
        example r#"{"entity": "customer", "key": "employees", "label": "员工人数", "field_type": "number", "required": false}"#,
        |e, a, r| e.define_custom_field(a, r);
    /// The custom fields of an entity type.
    ListCustomFields "custom_fields.list" (EntityRequest) -> Vec<CustomFieldDef>,
        example r#"{"entity": "customer"}"#,
        |e, a, r| e.custom_fields(a, r);
    /// Removes a custom field definition; stored values are kept.
    RemoveCustomField "custom_fields.remove" (CustomFieldKey) -> Vec<CustomFieldDef>,
        example r#"{"entity": "customer", "key": "employees"}"#,
        |e, a, r| e.remove_custom_field(a, r);
}
