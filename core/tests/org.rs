//! Engine flows of organisation and access (ORG-1, ORG-2) and the §0 conventions they exercise.

mod common;

use common::{Org, id};
use rapport_core::ErrorCode;
use serde_json::json;

#[test]
fn org_1_department_tree_and_users() {
    let org = Org::new();
    let depts = org.ok(None, "departments.list", json!({}));
    let names: Vec<&str> = depts.as_array().unwrap().iter().map(|d| d["name"].as_str().unwrap()).collect();
    assert_eq!(names.len(), 5);
    let east = depts.as_array().unwrap().iter().find(|d| d["name"] == "East").unwrap();
    assert_eq!(east["path"], format!("/{}/{}/{}/", org.hq, org.sales, org.east));
    let reps = org.ok(Some(&org.admin), "users.list", json!({"department_id": org.sales, "role": "sales_rep"}));
    assert_eq!(reps.as_array().unwrap().len(), 3);
}

#[test]
fn org_1_moving_a_department_moves_its_subtree() {
    let org = Org::new();
    org.ok(None, "departments.update", json!({"id": org.sales, "parent_id": null}));
    let depts = org.ok(None, "departments.list", json!({}));
    let east = depts.as_array().unwrap().iter().find(|d| d["name"] == "East").unwrap();
    assert_eq!(east["path"], format!("/{}/{}/", org.sales, org.east));
    let err = org.refused(None, "departments.update", json!({"id": org.sales, "parent_id": org.east}));
    assert_eq!(err.code, ErrorCode::Validation);
    assert_eq!(err.field.as_deref(), Some("parent_id"));
}

#[test]
fn org_1_only_admins_set_up_the_organisation() {
    let org = Org::new();
    let err = org.refused(Some(&org.manager), "departments.create", json!({"name": "Rogue"}));
    assert_eq!(err.code, ErrorCode::PermissionDenied);
    let err = org.refused(Some(&org.rep_east1), "roles.set_scope", json!({"role": "sales_rep", "scope": "all"}));
    assert_eq!(err.code, ErrorCode::PermissionDenied);
    org.ok(Some(&org.admin), "departments.create", json!({"name": "North", "parent_id": org.sales}));
}

#[test]
fn org_2_role_scopes_are_configurable() {
    let org = Org::new();
    let roles = org.ok(None, "roles.list", json!({}));
    let rep = roles.as_array().unwrap().iter().find(|r| r["role"] == "sales_rep").unwrap();
    assert_eq!(rep["scope"], "own");
    let roles = org.ok(Some(&org.admin), "roles.set_scope", json!({"role": "sales_rep", "scope": "department"}));
    let rep = roles.as_array().unwrap().iter().find(|r| r["role"] == "sales_rep").unwrap();
    assert_eq!(rep["scope"], "department");
    assert_eq!(rep["default_scope"], "own");
}

#[test]
fn conventions_unknown_actor_method_and_malformed_requests() {
    let org = Org::new();
    let err = org.refused(Some("no-such-user"), "departments.list", json!({}));
    assert_eq!(err.code, ErrorCode::UnknownActor);
    let err = org.engine.call(None, "no.such.method", "{}").unwrap_err();
    assert_eq!(err.code, ErrorCode::UnknownMethod);
    let err = org.engine.call(None, "users.create", "{not json").unwrap_err();
    assert_eq!(err.code, ErrorCode::MalformedRequest);
    let err = org.engine.call(None, "users.create", r#"{"name": "x", "roles": ["sales_rep"]}"#).unwrap_err();
    assert_eq!(err.code, ErrorCode::MalformedRequest);
    assert_eq!(err.field.as_deref(), Some("department_id"));
    let err = org.engine.call(None, "users.create", r#"{"name": 5}"#).unwrap_err();
    assert_eq!(err.field.as_deref(), Some("name"));
    assert!(!err.message.contains('5'), "no input values in messages: {}", err.message);
}

#[test]
fn conventions_requests_above_the_maximum_size_are_refused() {
    let org = Org::new();
    let huge = format!(r#"{{"name": "{}"}}"#, "x".repeat(17 * 1024 * 1024));
    let err = org.engine.call(None, "departments.create", &huge).unwrap_err();
    assert_eq!(err.code, ErrorCode::TooLarge);
}

#[test]
fn conventions_deactivated_users_cannot_act() {
    let org = Org::new();
    org.ok(Some(&org.admin), "users.deactivate", json!({"id": org.rep_west}));
    let err = org.refused(Some(&org.rep_west), "departments.list", json!({}));
    assert_eq!(err.code, ErrorCode::UnknownActor);
    let err = org.refused(Some(&org.admin), "departments.archive", json!({"id": org.east}));
    assert_eq!(err.code, ErrorCode::InvalidState);
}

#[test]
fn conventions_users_upsert_by_external_ref() {
    let org = Org::new();
    let a = org.ok(
        None,
        "users.create",
        json!({"name": "Ext", "department_id": org.east, "roles": ["sales_rep"], "external_ref": "HR-7"}),
    );
    let b = org.ok(
        None,
        "users.create",
        json!({"name": "Ext Renamed", "department_id": org.west, "roles": ["sales_rep"], "external_ref": "HR-7"}),
    );
    assert_eq!(id(&a), id(&b));
    assert_eq!(b["name"], "Ext Renamed");
    let history = org.ok(Some(&org.admin), "audit.history", json!({"entity": "user", "id": id(&a)}));
    let actions: Vec<&str> = history.as_array().unwrap().iter().map(|h| h["action"].as_str().unwrap()).collect();
    assert_eq!(actions, ["create", "update"]);
    assert_eq!(history[1]["actor"], "system");
    assert_eq!(history[1]["changes"]["name"], json!(["Ext", "Ext Renamed"]));
    assert!(history[0]["seq"].as_i64() < history[1]["seq"].as_i64());
    assert!(history[0]["hlc"].as_str() < history[1]["hlc"].as_str());
}

#[test]
fn conventions_email_is_unique_among_users() {
    let org = Org::new();
    org.ok(
        None,
        "users.create",
        json!({"name": "A", "email": "a@example.com", "department_id": org.east, "roles": ["sales_rep"]}),
    );
    let err = org.refused(
        None,
        "users.create",
        json!({"name": "B", "email": "A@example.com", "department_id": org.east, "roles": ["sales_rep"]}),
    );
    assert_eq!(err.code, ErrorCode::Conflict);
    assert_eq!(err.field.as_deref(), Some("email"));
}
