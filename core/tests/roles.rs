//! ORG-6 through the public API: the built-in roles' permission table, custom roles and what they permit, the subordinates scope, department grants, the permission report, and bad input refused without a change.

mod common;

use common::{Org, id};
use rapport_core::ErrorCode;
use serde_json::{Value, json};

/// The built-in roles' permissions as `roles.list` answers them, pinned: equal to the behaviour before
/// custom roles existed (admin everything; managers every action on the business kinds; reps and agents
/// create, edit, archive and see money, and give customers, opportunities and activities to someone in
/// their scope; agents create no leads and approve returns; marketers also assign leads; viewers only see).
/// The catalogue (DOC-1: products, and price lists kept with them) is set-up: only the administrator holds
/// its permissions; every user reads it without one.
#[test]
fn org_6_the_builtin_roles_permission_table_is_pinned() {
    let org = Org::new();
    let roles = org.ok(None, "roles.list", json!({}));
    let table = |role: &str| -> Value {
        roles.as_array().unwrap().iter().find(|r| r["role"] == role).unwrap_or_else(|| panic!("{role}"))["permissions"]
            .clone()
    };
    let business = [
        "activity",
        "contact",
        "contract",
        "customer",
        "delivery",
        "invoice",
        "lead",
        "opportunity",
        "order",
        "quote",
        "receipt",
        "receivable",
        "return",
    ];
    let all = json!(["create", "edit", "archive", "assign", "approve", "export", "view_financial"]);
    let every = |kinds: &[&str], actions: &Value| -> Value {
        Value::Object(kinds.iter().map(|k| (k.to_string(), actions.clone())).collect())
    };
    let mut admin_kinds = business.to_vec();
    admin_kinds.extend(["department", "organisation", "pipeline", "price_list", "product", "user", "value_model"]);
    assert_eq!(table("admin"), every(&admin_kinds, &all));
    assert_eq!(table("sales_manager"), every(&business, &all));
    assert_eq!(table("service_manager"), every(&business, &all));
    let plain = json!(["create", "edit", "archive", "view_financial"]);
    let assigning = json!(["create", "edit", "archive", "assign", "view_financial"]);
    let mut rep = every(&business, &plain);
    for k in ["activity", "customer", "opportunity"] {
        rep[k] = assigning.clone();
    }
    assert_eq!(table("sales_rep"), rep);
    let mut agent = rep.clone();
    agent["lead"] = json!(["edit", "archive", "view_financial"]);
    // DOC-7: an agent approves the first step of a return.
    agent["return"] = json!(["create", "edit", "archive", "approve", "view_financial"]);
    assert_eq!(table("service_agent"), agent);
    let mut marketer = rep.clone();
    marketer["lead"] = assigning.clone();
    assert_eq!(table("marketer"), marketer);
    assert_eq!(table("viewer"), every(&business, &json!(["view_financial"])));
    let built_in = roles.as_array().unwrap().iter().filter(|r| r["built_in"] == true).count();
    assert_eq!(built_in, 7);
}

fn define_field_sales(org: &Org) -> Value {
    org.ok(
        None,
        "roles.define",
        json!({"code": "field_sales", "name": "外勤销售", "scope": "own", "permissions": {
            "customer": ["create", "edit"], "activity": ["create", "edit"], "contact": ["create", "edit"]
        }}),
    )
}

#[test]
fn org_6_a_custom_role_permits_what_it_lists_and_nothing_else() {
    let org = Org::new();
    let role = define_field_sales(&org);
    assert_eq!(role["built_in"], false);
    assert_eq!(role["scope"], "own");
    assert_eq!(role["permissions"]["customer"], json!(["create", "edit"]));
    let user = id(&org.ok(
        None,
        "users.create",
        json!({"name": "Field", "department_id": org.east, "custom_roles": ["field_sales"]}),
    ));
    assert_eq!(org.ok(None, "users.get", json!({"id": user}))["custom_roles"], json!(["field_sales"]));

    let customer = id(&org.ok(Some(&user), "customers.create", json!({"name": "上海新客户"})));
    org.ok(Some(&user), "customers.update", json!({"id": customer, "phone": "13800138000"}));
    org.ok(Some(&user), "activities.create", json!({"kind": "visit", "subject": "拜访", "customer_id": customer}));
    for (method, req) in [
        ("customers.archive", json!({"id": customer})),
        ("leads.create", json!({"person_name": "x"})),
        ("opportunities.create", json!({"customer_id": customer, "title": "x", "amount": 1})),
    ] {
        let err = org.refused(Some(&user), method, req);
        assert_eq!(err.code, ErrorCode::PermissionDenied, "{method}");
    }
    // Scope `own`: a colleague's customer is invisible.
    let theirs = id(&org.ok(Some(&org.rep_east1), "customers.create", json!({"name": "Theirs"})));
    assert_eq!(org.refused(Some(&user), "customers.get", json!({"id": theirs})).code, ErrorCode::NotFound);

    // Redefining changes what holders may do at once; a built-in role added to the user unites the two.
    org.ok(
        None,
        "roles.define",
        json!({"code": "field_sales", "name": "外勤销售", "scope": "own", "permissions": {"customer": ["edit"]}}),
    );
    let err = org.refused(Some(&user), "customers.create", json!({"name": "again"}));
    assert_eq!(err.code, ErrorCode::PermissionDenied);
    org.ok(None, "users.update", json!({"id": user, "roles": ["sales_rep"]}));
    org.ok(Some(&user), "customers.archive", json!({"id": customer}));
}

#[test]
fn org_6_a_custom_role_without_edit_reads_only() {
    let org = Org::new();
    org.ok(
        None,
        "roles.define",
        json!({"code": "auditor", "name": "审计", "scope": "all", "permissions": {"customer": ["view_financial"]}}),
    );
    let auditor = id(&org.ok(
        None,
        "users.create",
        json!({"name": "Audit", "department_id": org.hq, "custom_roles": ["auditor"]}),
    ));
    let customer = id(&org.ok(Some(&org.rep_east1), "customers.create", json!({"name": "Read me"})));
    org.ok(Some(&auditor), "customers.get", json!({"id": customer}));
    let err = org.refused(Some(&auditor), "customers.update", json!({"id": customer, "name": "changed"}));
    assert_eq!(err.code, ErrorCode::PermissionDenied);
}

#[test]
fn org_6_the_subordinates_scope_follows_the_manager_chain_across_departments() {
    let org = Org::new();
    org.ok(
        None,
        "roles.define",
        json!({"code": "team_lead", "name": "组长", "scope": "subordinates", "permissions": {
            "customer": ["create", "edit", "assign"], "opportunity": ["create", "edit", "approve"]
        }}),
    );
    // The lead sits in Service; a West rep and (below her) an East rep report to them.
    let lead = id(&org.ok(
        None,
        "users.create",
        json!({"name": "Lead", "department_id": org.service, "custom_roles": ["team_lead"]}),
    ));
    org.ok(None, "users.update", json!({"id": org.rep_west, "manager_id": lead}));
    org.ok(None, "users.update", json!({"id": org.rep_east2, "manager_id": org.rep_west}));
    let west = id(&org.ok(Some(&org.rep_west), "customers.create", json!({"name": "West customer"})));
    let east2 = id(&org.ok(Some(&org.rep_east2), "customers.create", json!({"name": "East2 customer"})));
    let east1 = id(&org.ok(Some(&org.rep_east1), "customers.create", json!({"name": "East1 customer"})));
    org.ok(Some(&lead), "customers.update", json!({"id": west, "name": "West renamed"}));
    org.ok(Some(&lead), "customers.update", json!({"id": east2, "name": "East2 renamed"}));
    assert_eq!(org.refused(Some(&lead), "customers.get", json!({"id": east1})).code, ErrorCode::NotFound);
    let listed = org.ok(Some(&lead), "customers.list", json!({}));
    let mut ids: Vec<&str> = listed["items"].as_array().unwrap().iter().map(|c| c["id"].as_str().unwrap()).collect();
    ids.sort();
    let mut expected = vec![west.as_str(), east2.as_str()];
    expected.sort();
    assert_eq!(ids, expected, "the lead's list is their subordinates' customers (the pool is empty)");
    // Giving a customer to someone in the chain is assigning within scope; outside it is refused.
    org.ok(Some(&lead), "customers.create", json!({"name": "For East2", "owner_id": org.rep_east2}));
    let err = org.refused(Some(&lead), "customers.create", json!({"name": "For East1", "owner_id": org.rep_east1}));
    assert_eq!(err.code, ErrorCode::PermissionDenied);
    // A custom role with approve on opportunities decides its subordinates' evaluations (ORG-5 with ORG-6).
    let gated = org.ok(
        None,
        "pipelines.create",
        json!({"code": "gated", "name": "Gated", "stages": [
            {"code": "qualify", "name": "Qualify", "probability": 20},
            {"code": "evaluate", "name": "Evaluate", "probability": 50, "requires_approval": true}
        ]}),
    );
    let deal = id(&org.ok(
        Some(&org.rep_east2),
        "opportunities.create",
        json!({"customer_id": east2, "title": "Deal", "amount": 100, "pipeline_id": id(&gated), "stage": "evaluate"}),
    ));
    let approval = org.ok(
        Some(&org.rep_east2),
        "approvals.submit",
        json!({"document_type": "opportunity_evaluation", "document_id": deal}),
    );
    let approvers = &approval["steps"][0]["approvers"];
    assert!(approvers.as_array().unwrap().iter().any(|a| a == lead.as_str()), "{approvers}");
    org.ok(Some(&lead), "approvals.approve", json!({"id": id(&approval)}));
}

#[test]
fn org_6_department_grants_give_read_and_edit_separately() {
    let org = Org::new();
    let west = id(&org.ok(Some(&org.rep_west), "customers.create", json!({"name": "West customer"})));
    assert_eq!(org.refused(Some(&org.rep_east1), "customers.get", json!({"id": west})).code, ErrorCode::NotFound);
    let grant =
        org.ok(None, "grants.grant", json!({"user_id": org.rep_east1, "department_id": org.west, "access": "read"}));
    org.ok(Some(&org.rep_east1), "customers.get", json!({"id": west}));
    let listed = org.ok(Some(&org.rep_east1), "customers.list", json!({}));
    assert!(listed["items"].as_array().unwrap().iter().any(|c| c["id"] == west.as_str()));
    let err = org.refused(Some(&org.rep_east1), "customers.update", json!({"id": west, "name": "x"}));
    assert_eq!(err.code, ErrorCode::PermissionDenied);
    // Granting again changes the access of the same grant.
    let edit =
        org.ok(None, "grants.grant", json!({"user_id": org.rep_east1, "department_id": org.west, "access": "edit"}));
    assert_eq!(edit["id"], grant["id"]);
    org.ok(Some(&org.rep_east1), "customers.update", json!({"id": west, "name": "renamed by East"}));
    // A grant to a role reaches every holder.
    org.ok(None, "grants.grant", json!({"role": "sales_rep", "department_id": org.west, "access": "read"}));
    org.ok(Some(&org.rep_east2), "customers.get", json!({"id": west}));
    let listed = org.ok(None, "grants.list", json!({}));
    assert_eq!(listed.as_array().unwrap().len(), 2);
    // Revoking takes the access away.
    org.ok(None, "grants.revoke", json!({"id": grant["id"]}));
    let err = org.refused(Some(&org.rep_east1), "customers.update", json!({"id": west, "name": "x"}));
    assert_eq!(err.code, ErrorCode::PermissionDenied, "the role's read grant remains");
    let audit = org.ok(None, "audit.history", json!({"entity": "access_grant", "id": grant["id"]}));
    let actions: Vec<&str> = audit.as_array().unwrap().iter().map(|e| e["action"].as_str().unwrap()).collect();
    assert_eq!(actions, ["create", "update", "revoke"]);
}

#[test]
fn org_6_the_permission_report_lists_each_users_roles_scopes_and_grants() {
    let org = Org::new();
    define_field_sales(&org);
    org.ok(None, "users.update", json!({"id": org.rep_west, "custom_roles": ["field_sales"]}));
    org.ok(None, "grants.grant", json!({"user_id": org.rep_west, "department_id": org.east, "access": "read"}));
    org.ok(None, "grants.grant", json!({"role": "field_sales", "department_id": org.service, "access": "edit"}));
    let report = org.ok(None, "roles.permission_report", json!({}));
    let rows = report.as_array().unwrap();
    assert_eq!(rows.len(), 8, "every user");
    let west = rows.iter().find(|r| r["user_id"] == org.rep_west.as_str()).unwrap();
    assert_eq!(west["roles"], json!(["field_sales", "sales_rep"]));
    assert_eq!(west["scopes"], json!(["own"]));
    assert_eq!(west["grants"].as_array().unwrap().len(), 2);
    assert_eq!(west["permissions"]["lead"], json!(["create", "edit", "archive", "view_financial"]));
    let err = org.refused(Some(&org.manager), "roles.permission_report", json!({}));
    assert_eq!(err.code, ErrorCode::PermissionDenied);
}

#[test]
fn org_6_bad_input_is_refused_and_changes_nothing() {
    let org = Org::new();
    define_field_sales(&org);
    let holder = id(&org.ok(
        None,
        "users.create",
        json!({"name": "Holder", "department_id": org.east, "custom_roles": ["field_sales"]}),
    ));
    let cases: Vec<(Option<&str>, &str, Value, ErrorCode)> = vec![
        (
            None,
            "roles.define",
            json!({"code": "x_role", "name": "X", "scope": "own", "permissions": {"customer": ["fly"]}}),
            ErrorCode::MalformedRequest,
        ),
        (
            None,
            "roles.define",
            json!({"code": "x_role", "name": "X", "scope": "own", "permissions": {"spaceship": ["edit"]}}),
            ErrorCode::Validation,
        ),
        (
            None,
            "roles.define",
            json!({"code": "x_role", "name": "X", "scope": "own", "permissions": {"user": ["edit"]}}),
            ErrorCode::Validation,
        ),
        (None, "roles.define", json!({"code": "sales_rep", "name": "X", "scope": "own"}), ErrorCode::Validation),
        (None, "roles.define", json!({"code": "Bad Code", "name": "X", "scope": "own"}), ErrorCode::Validation),
        (None, "roles.define", json!({"code": "x_role", "name": " ", "scope": "own"}), ErrorCode::Validation),
        (None, "roles.define", json!({"code": "x_role", "name": "X", "scope": "galaxy"}), ErrorCode::MalformedRequest),
        (
            Some(&org.manager),
            "roles.define",
            json!({"code": "x_role", "name": "X", "scope": "own"}),
            ErrorCode::PermissionDenied,
        ),
        (None, "roles.archive", json!({"code": "field_sales"}), ErrorCode::InvalidState),
        (None, "roles.archive", json!({"code": "no_such_role"}), ErrorCode::NotFound),
        (
            None,
            "grants.grant",
            json!({"user_id": org.rep_west, "department_id": "0190a4c2-0000-7000-8000-00000000dead", "access": "read"}),
            ErrorCode::Validation,
        ),
        (
            None,
            "grants.grant",
            json!({"user_id": org.rep_west, "role": "sales_rep", "department_id": org.east, "access": "read"}),
            ErrorCode::Validation,
        ),
        (None, "grants.grant", json!({"department_id": org.east, "access": "read"}), ErrorCode::Validation),
        (
            None,
            "grants.grant",
            json!({"role": "astronaut", "department_id": org.east, "access": "read"}),
            ErrorCode::Validation,
        ),
        (
            None,
            "grants.grant",
            json!({"user_id": org.rep_west, "department_id": org.east, "access": "own"}),
            ErrorCode::MalformedRequest,
        ),
        (
            Some(&org.manager),
            "grants.grant",
            json!({"user_id": org.rep_west, "department_id": org.east, "access": "read"}),
            ErrorCode::PermissionDenied,
        ),
        (None, "grants.revoke", json!({"id": "0190a4c2-0000-7000-8000-00000000dead"}), ErrorCode::NotFound),
        (None, "users.update", json!({"id": holder, "custom_roles": ["no_such_role"]}), ErrorCode::Validation),
        (None, "users.update", json!({"id": holder, "custom_roles": []}), ErrorCode::Validation),
        (
            None,
            "users.create",
            json!({"name": "N", "department_id": org.east, "custom_roles": ["Not A Code"]}),
            ErrorCode::Validation,
        ),
    ];
    for (actor, method, req, code) in cases {
        let err = org.refused(actor, method, req.clone());
        assert_eq!(err.code, code, "{method} {req}: {err}");
    }
    // Once no active user holds it, the role archives and can no longer be given.
    org.ok(None, "users.update", json!({"id": holder, "roles": ["sales_rep"], "custom_roles": []}));
    let archived = org.ok(None, "roles.archive", json!({"code": "field_sales"}));
    assert!(archived["archived_at"].is_string());
    let err = org.refused(None, "users.update", json!({"id": holder, "custom_roles": ["field_sales"]}));
    assert_eq!(err.code, ErrorCode::Validation);
}

/// ORG-6 field permissions: a role without `view_financial` on customers gets no credit limit (absent from
/// the JSON, named in `withheld`), no receivables in the 360 overview (named once at its top), no credit
/// limit changes in the audit history, and may not write a credit limit; a draft of theirs leaves it as it is.
#[test]
fn org_6_financial_fields_are_withheld_from_roles_without_view_financial() {
    let org = Org::new();
    define_field_sales(&org);
    let user = id(&org.ok(
        None,
        "users.create",
        json!({"name": "Field", "department_id": org.east, "custom_roles": ["field_sales"]}),
    ));
    let customer = id(&org.ok(
        None,
        "customers.create",
        json!({"name": "华东贸易", "owner_id": user, "credit_limit": 5_000_000, "external_ref": "ERP-C-9"}),
    ));
    org.ok(None, "customers.update", json!({"id": customer, "credit_limit": 6_000_000}));

    // Reading: absent and named, for the record alone, in a list and in a page of the list.
    let seen = org.ok(Some(&user), "customers.get", json!({"id": customer}));
    assert!(seen.get("credit_limit").is_none(), "{seen}");
    assert_eq!(seen["withheld"], json!(["credit_limit"]));
    assert_eq!(seen["name"], "华东贸易");
    let listed = org.ok(Some(&user), "customers.list", json!({}));
    let row = listed["items"].as_array().unwrap().iter().find(|c| c["id"] == customer.as_str()).unwrap().clone();
    assert_eq!(row, seen);
    // Whoever may see it sees it, and no `withheld`.
    let full = org.ok(Some(&org.east_manager), "customers.get", json!({"id": customer}));
    assert_eq!(full["credit_limit"], 6_000_000);
    assert!(full.get("withheld").is_none());
    // The typed Rust API (what Kotlin, Swift and Python get): `None`, and the list.
    let typed = org.engine.customer(Some(&user), rapport_core::IdRequest::new(customer.clone())).expect("typed read");
    assert_eq!((typed.credit_limit, typed.withheld.clone()), (None, vec!["credit_limit".to_string()]));

    // The 360 overview: the credit and receivables figures, named once at its top.
    let overview = org.ok(Some(&user), "customers.overview", json!({"id": customer}));
    assert_eq!(
        overview["withheld"],
        json!([
            "credit_limit",
            "credit_available",
            "statistics.receipts_amount",
            "statistics.year_receipts_amount",
            "statistics.outstanding_amount",
            "statistics.year_outstanding_amount",
            "statistics.overdue_amount"
        ])
    );
    for gone in ["credit_limit", "credit_available"] {
        assert!(overview.get(gone).is_none(), "{gone}: {overview}");
    }
    for gone in ["receipts_amount", "outstanding_amount", "overdue_amount"] {
        assert!(overview["statistics"].get(gone).is_none(), "{gone}: {overview}");
    }
    assert_eq!(overview["statistics"]["order_count"], 0);
    let full = org.ok(Some(&org.east_manager), "customers.overview", json!({"id": customer}));
    assert_eq!(full["credit_limit"], 6_000_000);
    assert_eq!(full["statistics"]["outstanding_amount"], 0);

    // The audit history: credit limit changes left out, named per entry.
    let history = org.ok(Some(&user), "audit.history", json!({"entity": "customer", "id": customer}));
    let entries = history.as_array().unwrap();
    assert_eq!(entries.len(), 2);
    for e in entries {
        assert!(e["changes"].get("credit_limit").is_none(), "{e}");
        assert_eq!(e["withheld"], json!(["credit_limit"]));
    }
    let full = org.ok(None, "audit.history", json!({"entity": "customer", "id": customer}));
    assert_eq!(full[1]["changes"]["credit_limit"], json!([5_000_000, 6_000_000]));

    // Writing: refused with the field named, nothing changed.
    let before = org.counts();
    for (method, req) in [
        ("customers.update", json!({"id": customer, "credit_limit": 1})),
        ("customers.update", json!({"id": customer, "credit_limit": null})),
        ("customers.create", json!({"name": "新客户", "credit_limit": 1})),
    ] {
        let e = org.refused(Some(&user), method, req.clone());
        assert_eq!((e.code, e.field.as_deref()), (ErrorCode::PermissionDenied, Some("credit_limit")), "{method} {req}");
    }
    let e = org.refused(Some(&user), "customers.batch", json!({"items": [{"name": "批量客户", "credit_limit": 1}]}));
    let item = &e.items[0];
    assert_eq!((item.index, item.code, item.field.as_deref()), (0, ErrorCode::PermissionDenied, Some("credit_limit")));
    assert_eq!(org.counts(), before);
    // An upsert by external_ref without the field leaves the credit limit as it is.
    org.ok(Some(&user), "customers.create", json!({"name": "华东贸易有限公司", "external_ref": "ERP-C-9"}));
    let full = org.ok(None, "customers.get", json!({"id": customer}));
    assert_eq!((full["name"].as_str(), full["credit_limit"].as_i64()), (Some("华东贸易有限公司"), Some(6_000_000)));
}
