//! Organisation methods: settings, departments, users, code prefixes, custom field definitions.

use super::method::methods;
pub use crate::domain::access::{Role, Scope};
use crate::domain::common::IdRequest;
pub use crate::domain::custom_fields::{CustomFieldDef, CustomFieldType};
pub use crate::domain::org::{
    CodePrefixRequest, CodeSequence, CustomFieldKey, CustomFieldListRequest, CustomFieldRequest, Department,
    DepartmentDraft, DepartmentListRequest, DepartmentPatch, Organisation, OrganisationPatch, User, UserDraft,
    UserListRequest, UserPatch,
};

methods! {
    /// The organisation settings: name, base currency, UTC offset, phone country code.
    "org.get" => organisation() -> Organisation,
        example r#"{}"#;
    /// Changes organisation settings (admin or system). The base currency is fixed once money is recorded.
    "org.configure" => configure_organisation(OrganisationPatch) -> Organisation,
        example r#"{"name": "华南贸易有限公司", "base_currency": "CNY", "utc_offset_minutes": 480}"#;
    /// Creates a department under `parent_id` (none: a root). A known `external_ref` updates that department instead.
    "departments.create" => create_department(DepartmentDraft) -> Department,
        example r#"{"name": "华南销售部", "parent_id": null, "external_ref": "ERP-D-10"}"#;
    /// Renames or moves a department; its subtree moves with it.
    "departments.update" => update_department(DepartmentPatch) -> Department,
        example r#"{"id": "0190a8b2-7c1e-7000-8000-000000000001", "name": "South China Sales"}"#;
    /// Every department in tree order (parents first).
    "departments.list" => list_departments(DepartmentListRequest) -> Vec<Department>,
        example r#"{"include_archived": false}"#;
    /// Archives a department with no active users.
    "departments.archive" => archive_department(IdRequest) -> Department,
        example r#"{"id": "0190a8b2-7c1e-7000-8000-000000000001"}"#;
    /// Restores an archived department.
    "departments.restore" => restore_department(IdRequest) -> Department,
        example r#"{"id": "0190a8b2-7c1e-7000-8000-000000000001"}"#;
    /// Creates a user with roles in a department. A known `external_ref` updates that user instead.
    "users.create" => create_user(UserDraft) -> User,
        example r#"{"name": "王芳", "email": "wang.fang@example.com", "department_id": "0190a8b2-7c1e-7000-8000-000000000001", "roles": ["sales_rep"]}"#;
    /// Changes a user's name, contact details, department, manager, built-in or custom roles.
    "users.update" => update_user(UserPatch) -> User,
        example r#"{"id": "0190a8b2-7c1e-7000-8000-000000000002", "roles": ["sales_rep", "marketer"]}"#;
    /// One user.
    "users.get" => user(IdRequest) -> User,
        example r#"{"id": "0190a8b2-7c1e-7000-8000-000000000002"}"#;
    /// Users, optionally of a department subtree and a role.
    "users.list" => list_users(UserListRequest) -> Vec<User>,
        example r#"{"role": "sales_rep"}"#;
    /// Deactivates a user: they can no longer act; their records stay until handed over.
    "users.deactivate" => deactivate_user(IdRequest) -> User,
        example r#"{"id": "0190a8b2-7c1e-7000-8000-000000000002"}"#;
    /// Reactivates a user.
    "users.activate" => activate_user(IdRequest) -> User,
        example r#"{"id": "0190a8b2-7c1e-7000-8000-000000000002"}"#;
    /// The readable code sequences (prefix and next value) per entity type.
    "codes.list" => code_sequences() -> Vec<CodeSequence>,
        example r#"{}"#;
    /// Sets the prefix of an entity type's readable codes; numbers continue, never reused.
    "codes.set_prefix" => set_code_prefix(CodePrefixRequest) -> Vec<CodeSequence>,
        example r#"{"entity": "customer", "prefix": "KH-"}"#;
    /// Declares or redefines a custom field of an entity type.
    "custom_fields.define" => define_custom_field(CustomFieldRequest) -> Vec<CustomFieldDef>,
        example r#"{"entity": "customer", "key": "employees", "label": "员工人数", "field_type": "number", "required": false}"#;
    /// The custom fields of an entity type.
    "custom_fields.list" => custom_fields(CustomFieldListRequest) -> Vec<CustomFieldDef>,
        example r#"{"entity": "customer"}"#;
    /// Removes a custom field definition; stored values are kept.
    "custom_fields.remove" => remove_custom_field(CustomFieldKey) -> Vec<CustomFieldDef>,
        example r#"{"entity": "customer", "key": "employees"}"#;
}
