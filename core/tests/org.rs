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

/// §0 bad input, found from outside: an unknown enum value, an unknown key and an audit entity were echoed
/// in messages. A message names the field and what was expected, never what was sent.
#[test]
fn conventions_messages_never_quote_the_request() {
    let org = Org::new();
    let secret = "13800138000 张三身份证";
    let cases = [
        ("customers.create", json!({"name": "x", "kind": secret})),
        ("customers.create", json!({"name": "x", secret: 1})),
        ("customers.list", json!({"status": secret})),
        ("audit.history", json!({"entity": secret, "id": "x"})),
        ("customers.get", json!({"id": secret})),
    ];
    for actor in [None, Some(org.rep_east1.as_str())] {
        for (method, req) in &cases {
            // An admin (or the system) reads the history of any audited name, none found here.
            let Err(err) = org.engine.call(actor, method, &req.to_string()) else {
                assert_eq!((actor, *method), (None, "audit.history"));
                continue;
            };
            let shown = format!("{} {:?}", err.message, err.field);
            assert!(!shown.contains("13800138000") && !shown.contains("张三"), "{method}: {shown}");
        }
    }
    let err = org.refused(None, "customers.create", json!({"name": "x", secret: 1}));
    assert_eq!((err.field.as_deref(), err.code), (Some("?"), ErrorCode::MalformedRequest));
    let err = org.refused(None, "customers.create", json!({"name": "x", "nmae": 1}));
    assert_eq!(err.field.as_deref(), Some("nmae"), "a key that reads as a name is the field");
}

/// §0 bad input, found by the boundary fuzzer: an undefined custom field key came back whole in `field`
/// (`custom.<the key sent>`), whatever it held. A key that could not be a custom field's is `custom.?`.
#[test]
fn conventions_fields_never_quote_the_request() {
    let org = Org::new();
    let secret = "13800138000 张三身份证";
    for actor in [None, Some(org.rep_east1.as_str())] {
        for (method, name) in [("customers.create", "name"), ("leads.create", "person_name")] {
            let req = json!({name: "x", "custom": {secret: "x"}});
            let err = org.refused(actor, method, req);
            assert_eq!((err.code, err.field.as_deref()), (ErrorCode::Validation, Some("custom.?")), "{method}");
            assert!(!err.message.contains("13800138000"), "{method}: {}", err.message);
        }
    }
    let err = org.refused(None, "customers.create", json!({"name": "x", "custom": {"colour": "red"}}));
    assert_eq!(err.field.as_deref(), Some("custom.colour"), "a key that could be defined is the field");
}

/// §0 bad input: a request is exactly one JSON object. Trailing text was ignored (`{A} {B}` created A),
/// and serde's array form of a struct renamed a customer from `["<id>", "Renamed"]`.
#[test]
fn conventions_a_request_is_exactly_one_json_object() {
    let org = Org::new();
    let before = org.counts();
    for (method, text) in [
        ("customers.create", r#"{"name":"A"} {"name":"B"}"#),
        ("customers.create", r#"{"name":"A"}x"#),
        ("customers.create", r#"{"name":"A"}}"#),
        ("customers.create", r#"["A"]"#),
        ("alerts.configure", "[1,2,3]"),
        ("departments.list", "[]"),
        ("customers.create", "\"A\""),
        ("customers.create", "null"),
    ] {
        let err = org.engine.call(None, method, text).unwrap_err();
        assert_eq!(err.code, ErrorCode::MalformedRequest, "{method} {text}");
    }
    assert_eq!(org.counts(), before, "nothing was written");
    let c = org.ok(None, "customers.create", json!({"name": "ACME"}));
    let renamed = format!(r#"["{}","Renamed"]"#, id(&c));
    let err = org.engine.call(None, "customers.update", &renamed).unwrap_err();
    assert_eq!(err.code, ErrorCode::MalformedRequest);
    let again = org.ok(None, "customers.get", json!({"id": id(&c)}));
    assert_eq!(again["name"], "ACME");
    // White space around the one value is fine.
    org.engine.call(None, "departments.list", " \n{}\n ").unwrap();
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

#[test]
fn org_1_departments_restore_and_users_update_and_reactivate() {
    let org = Org::new();
    let dept = id(&org.ok(None, "departments.create", json!({"name": "Temp", "parent_id": org.hq})));
    let archived = org.ok(Some(&org.admin), "departments.archive", json!({"id": dept}));
    assert!(archived["archived_at"].is_string());
    let restored = org.ok(Some(&org.admin), "departments.restore", json!({"id": dept}));
    assert!(restored["archived_at"].is_null());
    let err = org.refused(Some(&org.rep_east1), "departments.restore", json!({"id": dept}));
    assert_eq!(err.code, ErrorCode::PermissionDenied);

    // A user changes department and roles; the new scope applies at once.
    let user = org.ok(
        Some(&org.admin),
        "users.update",
        json!({"id": org.rep_west, "department_id": org.east, "roles": ["sales_rep", "marketer"]}),
    );
    assert_eq!(user["department_id"].as_str(), Some(org.east.as_str()));
    assert_eq!(user["roles"], json!(["sales_rep", "marketer"]));
    let err = org.refused(Some(&org.rep_west), "users.update", json!({"id": org.rep_east1, "name": "X"}));
    assert_eq!(err.code, ErrorCode::PermissionDenied);
    let err = org.refused(Some(&org.admin), "users.update", json!({"id": org.rep_east1, "department_id": "nowhere"}));
    assert_eq!(err.field.as_deref(), Some("department_id"));

    org.ok(Some(&org.admin), "users.deactivate", json!({"id": org.rep_west}));
    assert_eq!(org.refused(Some(&org.rep_west), "departments.list", json!({})).code, ErrorCode::UnknownActor);
    let active = org.ok(Some(&org.admin), "users.activate", json!({"id": org.rep_west}));
    assert_eq!(active["active"], json!(true));
    org.ok(Some(&org.rep_west), "departments.list", json!({}));
}

#[test]
fn cus_1_code_prefixes_are_listed_and_set_for_every_coded_kind() {
    let org = Org::new();
    let codes = org.ok(Some(&org.viewer), "codes.list", json!({}));
    let kinds: Vec<&str> = codes.as_array().unwrap().iter().map(|c| c["entity"].as_str().unwrap()).collect();
    assert_eq!(kinds, ["customer", "lead", "opportunity", "order", "quote", "return", "contract", "invoice", "ticket"]);
    assert_eq!(codes[0]["prefix"], "C-");
    assert_eq!(codes[0]["next_value"], 1);

    let codes = org.ok(Some(&org.admin), "codes.set_prefix", json!({"entity": "customer", "prefix": "KH-"}));
    assert_eq!(codes[0]["prefix"], "KH-");
    let customer = org.ok(Some(&org.rep_east1), "customers.create", json!({"name": "前缀测试"}));
    assert_eq!(customer["code"], "KH-000001");
    // A kind of a module to come takes a prefix ahead; a kind without codes does not.
    org.ok(Some(&org.admin), "codes.set_prefix", json!({"entity": "quote", "prefix": "BJ-"}));
    let err = org.refused(Some(&org.admin), "codes.set_prefix", json!({"entity": "contact", "prefix": "LX-"}));
    assert_eq!((err.code, err.field.as_deref()), (ErrorCode::Validation, Some("entity")));
    let err = org.refused(Some(&org.admin), "codes.set_prefix", json!({"entity": "customer", "prefix": "有 空格"}));
    assert_eq!(err.field.as_deref(), Some("prefix"));
    let err = org.refused(Some(&org.rep_east1), "codes.set_prefix", json!({"entity": "customer", "prefix": "X-"}));
    assert_eq!(err.code, ErrorCode::PermissionDenied);
}

#[test]
fn cus_6_custom_field_definitions_are_listed_and_removed_per_kind() {
    let org = Org::new();
    let define = |key: &str| {
        org.ok(
            Some(&org.admin),
            "custom_fields.define",
            json!({"entity": "lead", "key": key, "label": key, "field_type": "text"}),
        )
    };
    define("wechat");
    define("budget_note");
    let listed = org.ok(Some(&org.rep_east1), "custom_fields.list", json!({"entity": "lead"}));
    let keys: Vec<&str> = listed.as_array().unwrap().iter().map(|d| d["key"].as_str().unwrap()).collect();
    assert_eq!(keys, ["wechat", "budget_note"]);
    assert_eq!(org.ok(None, "custom_fields.list", json!({"entity": "customer"})), json!([]));

    let left = org.ok(Some(&org.admin), "custom_fields.remove", json!({"entity": "lead", "key": "wechat"}));
    assert_eq!(left.as_array().unwrap().len(), 1);
    let err = org.refused(Some(&org.admin), "custom_fields.remove", json!({"entity": "lead", "key": "wechat"}));
    assert_eq!(err.code, ErrorCode::NotFound);
    let err =
        org.refused(Some(&org.rep_east1), "custom_fields.remove", json!({"entity": "lead", "key": "budget_note"}));
    assert_eq!(err.code, ErrorCode::PermissionDenied);
    // Only kinds that take custom fields are named.
    let err = org.refused(None, "custom_fields.list", json!({"entity": "delivery"}));
    assert_eq!((err.code, err.field.as_deref()), (ErrorCode::Validation, Some("entity")));
    let history = org.ok(Some(&org.admin), "audit.history", json!({"entity": "custom_field", "id": "lead.wechat"}));
    assert_eq!(history.as_array().map(Vec::len), Some(2), "defined, then removed: {history}");
}

#[test]
fn org_3_a_customers_department_follows_its_owner_when_the_owner_moves() {
    let org = Org::new();
    let c = id(&org.ok(None, "customers.create", json!({"name": "Moving Co", "owner_id": org.rep_east1})));
    let pool = id(&org.ok(None, "customers.create", json!({"name": "Pool Co"})));
    assert_eq!(org.ok(None, "customers.get", json!({"id": c}))["department_id"], org.east.as_str());

    org.ok(None, "users.update", json!({"id": org.rep_east1, "department_id": org.west}));
    let moved = org.ok(None, "customers.get", json!({"id": c}));
    assert_eq!(moved["department_id"], org.west.as_str(), "documented as the owner's department");
    assert!(org.ok(None, "customers.get", json!({"id": pool}))["department_id"].is_null());
    let history = org.ok(None, "audit.history", json!({"entity": "customer", "id": c}));
    let last = history.as_array().unwrap().last().unwrap().clone();
    assert_eq!(last["action"], "follow_owner");
    assert_eq!(last["changes"]["department_id"], json!([org.east, org.west]));
    // Visibility and the stored department agree: the west rep's manager chain now sees it, east's does not.
    assert_eq!(org.refused(Some(&org.east_manager), "customers.get", json!({"id": c})).code, ErrorCode::NotFound);
    let west_page = org.ok(Some(&org.rep_east1), "customers.list", json!({}));
    assert!(west_page["items"].as_array().unwrap().iter().any(|x| x["id"] == c.as_str()));

    // The upsert of users by external_ref moves them too.
    let u = id(&org.ok(
        None,
        "users.create",
        json!({"external_ref": "HR-7", "name": "Mover", "department_id": org.east, "roles": ["sales_rep"]}),
    ));
    let c2 = id(&org.ok(None, "customers.create", json!({"name": "Second Co", "owner_id": u})));
    org.ok(
        None,
        "users.create",
        json!({"external_ref": "HR-7", "name": "Mover", "department_id": org.hq, "roles": ["sales_rep"]}),
    );
    assert_eq!(org.ok(None, "customers.get", json!({"id": c2}))["department_id"], org.hq.as_str());
}

#[test]
fn money_the_base_currency_is_fixed_once_an_order_or_receipt_exists() {
    // §0 money: opportunities, orders and receipts keep amounts converted to the base currency.
    let with_order = Org::new();
    let c = id(&with_order.ok(None, "customers.create", json!({"name": "Order Co", "owner_id": with_order.rep_east1})));
    with_order.ok(None, "org.configure", json!({"base_currency": "USD"}));
    with_order.ok(
        None,
        "orders.push",
        json!({"items": [{"external_ref": "ERP-1", "customer_id": c, "status": "approved", "order_date": "2026-01-10", "amount": 100}]}),
    );
    let err = with_order.refused(None, "org.configure", json!({"base_currency": "CNY"}));
    assert_eq!(err.code, ErrorCode::InvalidState);
    assert_eq!(with_order.ok(None, "org.get", json!({}))["base_currency"], "USD");

    let with_receipt = Org::new();
    let c = id(&with_receipt.ok(None, "customers.create", json!({"name": "Receipt Co"})));
    with_receipt.ok(
        None,
        "receipts.push",
        json!({"items": [{"external_ref": "R-1", "customer_id": c, "receipt_date": "2026-01-10", "amount": 100}]}),
    );
    let err = with_receipt.refused(None, "org.configure", json!({"base_currency": "USD"}));
    assert_eq!(err.code, ErrorCode::InvalidState);
    // Other settings still change.
    with_receipt.ok(None, "org.configure", json!({"name": "Renamed"}));
}

#[test]
fn archive_a_removed_custom_field_is_archived_and_its_stored_values_stay_readable() {
    // §0 archive: custom_fields.remove archives the definition; nothing stored is lost.
    let org = Org::new();
    org.ok(
        None,
        "custom_fields.define",
        json!({"entity": "customer", "key": "wechat", "label": "WeChat", "field_type": "text"}),
    );
    let c = id(&org.ok(None, "customers.create", json!({"name": "Kept Co", "custom": {"wechat": "kept_co"}})));
    org.ok(None, "custom_fields.remove", json!({"entity": "customer", "key": "wechat"}));

    assert_eq!(org.ok(None, "custom_fields.list", json!({"entity": "customer"})), json!([]));
    let all = org.ok(None, "custom_fields.list", json!({"entity": "customer", "include_archived": true}));
    assert_eq!(all[0]["key"], "wechat");
    assert!(all[0]["archived_at"].is_string(), "{all}");
    assert_eq!(org.counts()["custom_field_defs"], 1, "kept, not deleted");

    // The stored value is still there, and survives an update of other fields.
    assert_eq!(org.ok(None, "customers.get", json!({"id": c}))["custom"]["wechat"], "kept_co");
    let updated = org.ok(None, "customers.update", json!({"id": c, "name": "Kept Co Ltd"}));
    assert_eq!(updated["custom"]["wechat"], "kept_co");
    // No new value is accepted while archived.
    let err = org.refused(None, "customers.update", json!({"id": c, "custom": {"wechat": "new"}}));
    assert_eq!((err.code, err.field.as_deref()), (ErrorCode::Validation, Some("custom.wechat")));

    // Defining the key again restores it, with the values still in place.
    let live = org.ok(
        None,
        "custom_fields.define",
        json!({"entity": "customer", "key": "wechat", "label": "WeChat", "field_type": "text"}),
    );
    assert!(live[0]["archived_at"].is_null());
    let history = org.ok(None, "audit.history", json!({"entity": "custom_field", "id": "customer.wechat"}));
    let actions: Vec<&str> = history.as_array().unwrap().iter().map(|h| h["action"].as_str().unwrap()).collect();
    assert_eq!(actions, ["create", "archive", "restore"]);
    assert_eq!(org.ok(None, "customers.get", json!({"id": c}))["custom"]["wechat"], "kept_co");
}
