//! Engine flows of products and price lists (DOC-1): the catalogue, its ERP push, price lists, the explainable price and its precedence, who may write, audit, and refusals that change nothing.

mod common;

use common::{Org, id};
use rapport_core::ErrorCode;
use serde_json::{Value, json};

fn pump(org: &Org) -> Value {
    org.ok(
        Some(&org.admin),
        "products.create",
        json!({"code": " PUMP-200 ", "name": "Circulation pump", "unit": "pcs", "list_price": 1000, "category": "pumps",
               "tax_rate_bp": 1300, "warranty_months": 24, "needs_installation": true}),
    )
}

fn codes(page: &Value) -> Vec<String> {
    page["items"].as_array().unwrap().iter().map(|p| p["code"].as_str().unwrap().to_string()).collect()
}

fn actions(org: &Org, entity: &str, id: &str) -> Vec<String> {
    let history = org.ok(None, "audit.history", json!({"entity": entity, "id": id}));
    history.as_array().unwrap().iter().map(|e| e["action"].as_str().unwrap().to_string()).collect()
}

#[test]
fn doc_1_products_are_created_read_updated_and_listed() {
    let org = Org::new();
    let p = pump(&org);
    assert_eq!(p["code"], "PUMP-200");
    assert_eq!(p["currency"], "CNY", "the base currency by default");
    assert_eq!(p["active"], true);
    assert_eq!((p["warranty_months"].clone(), p["needs_installation"].clone()), (json!(24), json!(true)));
    let pid = id(&p);
    // Every user reads the catalogue.
    for reader in [&org.rep_east1, &org.viewer, &org.agent] {
        assert_eq!(org.ok(Some(reader), "products.get", json!({"id": pid})), p);
    }
    let valve = org.ok(
        None,
        "products.create",
        json!({"code": "VALVE-15", "name": "Ball valve", "unit": "pcs", "list_price": 45, "currency": "usd"}),
    );
    assert_eq!(valve["currency"], "USD");
    let updated = org.ok(Some(&org.admin), "products.update", json!({"id": pid, "list_price": 1100, "category": null}));
    assert_eq!((updated["list_price"].clone(), updated["category"].clone()), (json!(1100), Value::Null));
    org.ok(Some(&org.admin), "products.update", json!({"id": id(&valve), "active": false}));
    let rep = Some(org.rep_east1.as_str());
    assert_eq!(codes(&org.ok(rep, "products.list", json!({}))), ["PUMP-200", "VALVE-15"]);
    assert_eq!(codes(&org.ok(rep, "products.list", json!({"active": true}))), ["PUMP-200"]);
    assert_eq!(codes(&org.ok(rep, "products.list", json!({"text": "valve"}))), ["VALVE-15"]);
    assert_eq!(codes(&org.ok(rep, "products.list", json!({"text": "pump-2"}))), ["PUMP-200"]);
    org.ok(None, "products.update", json!({"id": pid, "category": "pumps"}));
    assert_eq!(codes(&org.ok(rep, "products.list", json!({"category": "pumps"}))), ["PUMP-200"]);
    let first = org.ok(rep, "products.list", json!({"limit": 1}));
    assert_eq!(codes(&first), ["PUMP-200"]);
    let next = org.ok(rep, "products.list", json!({"limit": 1, "cursor": first["next_cursor"]}));
    assert_eq!((codes(&next), next["next_cursor"].clone()), (vec!["VALVE-15".to_string()], Value::Null));
    assert_eq!(actions(&org, "product", &pid), ["create", "update", "update"]);
}

#[test]
fn doc_1_push_and_create_upsert_by_external_ref_idempotently() {
    let org = Org::new();
    let item =
        json!({"code": "VALVE-15", "name": "Ball valve", "unit": "pcs", "list_price": 45, "external_ref": "ERP-P-15"});
    let first = org.ok(None, "products.push", json!({"items": [item]}));
    assert_eq!((first["created"].clone(), first["updated"].clone()), (json!(1), json!(0)));
    let pid = first["written"][0]["id"].as_str().unwrap().to_string();
    let before = org.ok(None, "products.get", json!({"id": pid}));
    let counts = org.counts();
    let again = org.ok(None, "products.push", json!({"items": [item]}));
    assert_eq!((again["created"].clone(), again["updated"].clone()), (json!(0), json!(1)));
    assert_eq!(org.counts(), counts, "an identical push writes nothing, not even an audit entry");
    assert_eq!(org.ok(None, "products.get", json!({"id": pid})), before);
    // products.create with a known external_ref updates that product.
    let mut changed = item.clone();
    changed["list_price"] = json!(50);
    let p = org.ok(Some(&org.admin), "products.create", changed);
    assert_eq!((id(&p), p["list_price"].clone()), (pid.clone(), json!(50)));
    assert_eq!(actions(&org, "product", &pid), ["create", "update"]);
    // skip_invalid reports the bad item, writes the good one.
    let r = org.ok(
        None,
        "products.push",
        json!({"mode": "skip_invalid", "items": [
            {"code": "X-1", "name": "No key", "unit": "pcs", "list_price": 1},
            {"code": "X-2", "name": "Keyed", "unit": "pcs", "list_price": 1, "external_ref": "ERP-P-2"}
        ]}),
    );
    assert_eq!(r["created"], 1);
    assert_eq!(
        (r["rejected"][0]["index"].clone(), r["rejected"][0]["field"].clone()),
        (json!(0), json!("external_ref"))
    );
}

/// A rep's customer tagged `key-account`, another customer, the pump, and a price list with a rule for
/// everyone, one for the tag, one for the customer and a quantity break.
struct Priced {
    org: Org,
    pump: String,
    tagged: String,
    other: String,
    list: Value,
}

fn priced() -> Priced {
    let org = Org::new();
    let pump = id(&pump(&org));
    let rep = Some(org.rep_east1.as_str());
    let tagged = id(&org.ok(rep, "customers.create", json!({"name": "华强电子", "tags": ["key-account"]})));
    let other = id(&org.ok(rep, "customers.create", json!({"name": "宏达贸易"})));
    let list = org.ok(
        Some(&org.admin),
        "price_lists.define",
        json!({"code": "spring", "name": "Spring 2026", "rules": [
            {"product_id": pump, "unit_price": 950},
            {"product_id": pump, "customer_tag": "key-account", "unit_price": 900},
            {"product_id": pump, "unit_price": 800, "min_quantity": "10"},
            {"product_id": pump, "customer_id": tagged, "unit_price": 920, "valid_from": "2026-03-05", "valid_to": "2026-03-10"}
        ]}),
    );
    Priced { org, pump, tagged, other, list }
}

impl Priced {
    fn price(&self, customer: &str, quantity: Value, date: &str) -> Value {
        let req = json!({"product_id": self.pump, "customer_id": customer, "quantity": quantity, "date": date});
        self.org.ok(Some(&self.org.rep_east1), "products.price", req)
    }
    fn rule(&self, i: usize) -> Value {
        self.list["rules"][i]["id"].clone()
    }
}

#[test]
fn doc_1_price_customer_rule_beats_tag_beats_general_and_says_why() {
    let p = priced();
    let on_day = p.price(&p.tagged, json!(1), "2026-03-07");
    assert_eq!((on_day["unit_price"].clone(), on_day["list_price"].clone()), (json!(920), json!(1000)));
    assert_eq!(on_day["currency"], "CNY");
    let s = &on_day["source"];
    assert_eq!(
        (s["kind"].clone(), s["rule_id"].clone(), s["matched_by"].clone()),
        (json!("rule"), p.rule(3), json!("customer"))
    );
    assert_eq!((s["price_list_code"].clone(), s["price_list_version"].clone()), (json!("spring"), json!(1)));
    assert_eq!((s["valid_from"].clone(), s["valid_to"].clone()), (json!("2026-03-05"), json!("2026-03-10")));
    // Outside the customer's window the tag's rule wins; a customer without the tag gets the general one.
    let tag = p.price(&p.tagged, json!(1), "2026-03-11");
    assert_eq!((tag["unit_price"].clone(), tag["source"]["matched_by"].clone()), (json!(900), json!("tag")));
    assert_eq!(tag["source"]["customer_tag"], "key-account");
    let general = p.price(&p.other, json!(1), "2026-03-07");
    assert_eq!((general["unit_price"].clone(), general["source"]["rule_id"].clone()), (json!(950), p.rule(0)));
    assert_eq!(general["source"]["matched_by"], "everyone");
}

#[test]
fn doc_1_price_quantity_break_from_its_minimum() {
    let p = priced();
    let below = p.price(&p.other, json!("9.999"), "2026-03-07");
    assert_eq!(below["unit_price"], 950);
    let at = p.price(&p.other, json!(10), "2026-03-07");
    assert_eq!((at["unit_price"].clone(), at["source"]["rule_id"].clone()), (json!(800), p.rule(2)));
    assert_eq!((at["quantity"].clone(), at["source"]["min_quantity"].clone()), (json!("10"), json!("10")));
    // Specificity comes before the quantity break: the tagged customer keeps the tag's price.
    assert_eq!(p.price(&p.tagged, json!(10), "2026-03-20")["unit_price"], 900);
}

#[test]
fn doc_1_price_validity_window_edges_are_inclusive() {
    let p = priced();
    for (day, price) in [("2026-03-04", 900), ("2026-03-05", 920), ("2026-03-10", 920), ("2026-03-11", 900)] {
        assert_eq!(p.price(&p.tagged, json!(1), day)["unit_price"], price, "{day}");
    }
}

#[test]
fn doc_1_price_falls_back_to_the_list_price_and_follows_redefinition_and_archive() {
    let p = priced();
    let org = &p.org;
    let list_id = id(&p.list);
    // Redefined with only the quantity break: the unchanged rule keeps its id, the version rises.
    let v2 = org.ok(
        Some(&org.admin),
        "price_lists.define",
        json!({"code": "spring", "name": "Spring 2026", "rules": [{"product_id": p.pump, "unit_price": 800, "min_quantity": 10}]}),
    );
    assert_eq!((id(&v2), v2["version"].clone(), v2["rules"][0]["id"].clone()), (list_id.clone(), json!(2), p.rule(2)));
    let fallback = p.price(&p.other, json!(1), "2026-03-07");
    assert_eq!(
        (fallback["unit_price"].clone(), fallback["source"].clone()),
        (json!(1000), json!({"kind": "list_price"}))
    );
    assert_eq!(p.price(&p.other, json!(12), "2026-03-07")["source"]["price_list_version"], 2);
    // The same definition again writes nothing.
    let counts = org.counts();
    assert_eq!(org.ok(Some(&org.admin), "price_lists.define", json!({"code": "spring", "name": "Spring 2026", "rules": [{"product_id": p.pump, "unit_price": 800, "min_quantity": 10}]}))["version"], 2);
    assert_eq!(org.counts(), counts);
    org.ok(Some(&org.admin), "price_lists.archive", json!({"id": list_id}));
    assert_eq!(p.price(&p.other, json!(12), "2026-03-07")["source"]["kind"], "list_price");
    let live = org.ok(Some(&org.rep_east1), "price_lists.list", json!({}));
    assert_eq!(live["items"], json!([]));
    let all = org.ok(Some(&org.rep_east1), "price_lists.list", json!({"include_archived": true}));
    assert_eq!(all["items"][0]["code"], "spring");
    org.ok(Some(&org.admin), "price_lists.restore", json!({"id": list_id}));
    assert_eq!(p.price(&p.other, json!(12), "2026-03-07")["unit_price"], 800);
    assert_eq!(org.ok(Some(&org.viewer), "price_lists.get", json!({"id": list_id}))["version"], 2);
    assert_eq!(actions(org, "price_list", &list_id), ["create", "define", "archive", "restore"]);
}

#[test]
fn doc_1_an_inactive_product_cannot_be_priced_for_a_new_line() {
    let p = priced();
    p.org.ok(None, "products.update", json!({"id": p.pump, "active": false}));
    let err = p.org.refused_unchanged(
        Some(&p.org.rep_east1),
        "products.price",
        json!({"product_id": p.pump, "customer_id": p.other, "quantity": 1}),
    );
    assert_eq!(err.code, ErrorCode::InvalidState);
}

#[test]
fn doc_1_every_refusal_changes_nothing() {
    let p = priced();
    let org = &p.org;
    // A second product whose code and external_ref the conflicts below name.
    org.ok(
        None,
        "products.create",
        json!({"code": "OTHER", "name": "Other", "unit": "kg", "list_price": 1, "external_ref": "ERP-O"}),
    );
    let good = json!({"code": "NEW-1", "name": "New", "unit": "pcs", "list_price": 1});
    let with = |key: &str, value: Value| {
        let mut v = good.clone();
        v[key] = value;
        v
    };
    let rule = |r: Value| json!({"code": "bad", "name": "Bad", "rules": [r]});
    let cases: Vec<(&str, Value, ErrorCode, &str)> = vec![
        ("products.create", with("code", json!(" ")), ErrorCode::Validation, "code"),
        ("products.create", with("name", json!("")), ErrorCode::Validation, "name"),
        ("products.create", with("unit", json!("  ")), ErrorCode::Validation, "unit"),
        ("products.create", with("code", json!("PUMP-200")), ErrorCode::Conflict, "code"),
        ("products.create", with("list_price", json!(-1)), ErrorCode::Validation, "list_price"),
        ("products.create", with("currency", json!("XYZ")), ErrorCode::Validation, "currency"),
        ("products.create", with("tax_rate_bp", json!(10_001)), ErrorCode::Validation, "tax_rate_bp"),
        ("products.create", with("tax_rate_bp", json!(-1)), ErrorCode::Validation, "tax_rate_bp"),
        ("products.create", with("warranty_months", json!(-1)), ErrorCode::Validation, "warranty_months"),
        ("products.create", with("colour", json!("red")), ErrorCode::MalformedRequest, "colour"),
        ("products.update", json!({"id": p.pump, "code": "OTHER"}), ErrorCode::Conflict, "code"),
        ("products.update", json!({"id": p.pump, "external_ref": "ERP-O"}), ErrorCode::Conflict, "external_ref"),
        ("products.update", json!({"id": p.pump, "list_price": -5}), ErrorCode::Validation, "list_price"),
        ("products.update", json!({"id": "nope"}), ErrorCode::NotFound, "id"),
        ("products.push", json!({"items": [good.clone()]}), ErrorCode::Validation, "items"),
        (
            "price_lists.define",
            rule(json!({"product_id": p.pump, "unit_price": 1, "valid_from": "2026-03-10", "valid_to": "2026-03-09"})),
            ErrorCode::Validation,
            "rules[0].valid_to",
        ),
        (
            "price_lists.define",
            rule(json!({"product_id": "nope", "unit_price": 1})),
            ErrorCode::NotFound,
            "rules[0].product_id",
        ),
        (
            "price_lists.define",
            rule(json!({"product_id": p.pump, "customer_id": "nope", "unit_price": 1})),
            ErrorCode::NotFound,
            "rules[0].customer_id",
        ),
        (
            "price_lists.define",
            rule(json!({"product_id": p.pump, "unit_price": 1, "min_quantity": -1})),
            ErrorCode::Validation,
            "rules[0].min_quantity",
        ),
        (
            "price_lists.define",
            rule(json!({"product_id": p.pump, "unit_price": 1, "min_quantity": "-2.5"})),
            ErrorCode::Validation,
            "rules[0].min_quantity",
        ),
        (
            "price_lists.define",
            rule(json!({"product_id": p.pump, "unit_price": -1})),
            ErrorCode::Validation,
            "rules[0].unit_price",
        ),
        (
            "price_lists.define",
            rule(json!({"product_id": p.pump, "unit_price": 1, "customer_id": p.other, "customer_tag": "vip"})),
            ErrorCode::Validation,
            "rules[0].customer_tag",
        ),
        (
            "price_lists.define",
            rule(json!({"product_id": p.pump, "unit_price": 1, "discount": 5})),
            ErrorCode::MalformedRequest,
            "rules[0].discount",
        ),
        ("price_lists.define", json!({"code": "", "name": "x"}), ErrorCode::Validation, "code"),
        ("price_lists.archive", json!({"id": "nope"}), ErrorCode::NotFound, ""),
        (
            "products.price",
            json!({"product_id": p.pump, "customer_id": "nope", "quantity": 1}),
            ErrorCode::NotFound,
            "customer_id",
        ),
        (
            "products.price",
            json!({"product_id": "nope", "customer_id": p.other, "quantity": 1}),
            ErrorCode::NotFound,
            "product_id",
        ),
        (
            "products.price",
            json!({"product_id": p.pump, "customer_id": p.other, "quantity": -1}),
            ErrorCode::Validation,
            "quantity",
        ),
        (
            "products.price",
            json!({"product_id": p.pump, "customer_id": p.other, "quantity": 1, "date": "2026-02-30"}),
            ErrorCode::Validation,
            "date",
        ),
    ];
    for (method, req, code, field) in cases {
        let err = org.refused_unchanged(Some(&org.admin), method, req.clone());
        assert_eq!(err.code, code, "{method} {req}: {err}");
        assert_eq!(err.field.as_deref().unwrap_or(""), field, "{method} {req}: {err}");
    }
    // Archiving twice is invalid_state; so is redefining an archived list.
    org.ok(Some(&org.admin), "price_lists.archive", json!({"id": id(&p.list)}));
    let err = org.refused_unchanged(Some(&org.admin), "price_lists.archive", json!({"id": id(&p.list)}));
    assert_eq!(err.code, ErrorCode::InvalidState);
    let err = org.refused_unchanged(Some(&org.admin), "price_lists.define", json!({"code": "spring", "name": "Again"}));
    assert_eq!(err.code, ErrorCode::InvalidState);
}

#[test]
fn doc_1_a_rep_reads_and_prices_but_does_not_keep_the_catalogue() {
    let p = priced();
    let org = &p.org;
    let rep = Some(org.rep_east1.as_str());
    assert_eq!(org.ok(rep, "price_lists.get", json!({"id": id(&p.list)}))["code"], "spring");
    assert_eq!(org.ok(rep, "products.list", json!({}))["items"].as_array().unwrap().len(), 1);
    let new = json!({"code": "NEW-1", "name": "New", "unit": "pcs", "list_price": 1});
    for actor in [&org.rep_east1, &org.manager, &org.viewer, &org.agent] {
        for (method, req) in [
            ("products.create", new.clone()),
            (
                "products.push",
                json!({"items": [{"code": "N", "name": "N", "unit": "pcs", "list_price": 1, "external_ref": "E"}]}),
            ),
            ("products.update", json!({"id": p.pump, "list_price": 1})),
            ("price_lists.define", json!({"code": "rep", "name": "Rep's own"})),
            ("price_lists.define", json!({"code": "spring", "name": "Renamed"})),
            ("price_lists.archive", json!({"id": id(&p.list)})),
        ] {
            let err = org.refused_unchanged(Some(actor), method, req);
            assert_eq!(err.code, ErrorCode::PermissionDenied, "{method} by {actor}");
        }
    }
    // A rep cannot price for a customer outside their scope.
    let west = id(&org.ok(Some(&org.rep_west), "customers.create", json!({"name": "西部客户"})));
    let err =
        org.refused_unchanged(rep, "products.price", json!({"product_id": p.pump, "customer_id": west, "quantity": 1}));
    assert_eq!((err.code, err.field.as_deref()), (ErrorCode::NotFound, Some("customer_id")));
}

#[test]
fn doc_1_a_custom_role_granted_product_permissions_keeps_the_catalogue() {
    let org = Org::new();
    org.ok(
        None,
        "roles.define",
        json!({"code": "catalogue", "name": "产品管理", "scope": "own", "permissions": {"product": ["create", "edit"]}}),
    );
    let keeper = id(&org.ok(
        None,
        "users.create",
        json!({"name": "Keeper", "department_id": org.hq, "custom_roles": ["catalogue"]}),
    ));
    let k = Some(keeper.as_str());
    let p = org.ok(k, "products.create", json!({"code": "K-1", "name": "Kept", "unit": "pcs", "list_price": 10}));
    org.ok(k, "products.update", json!({"id": id(&p), "name": "Kept well"}));
    let list = org.ok(
        k,
        "price_lists.define",
        json!({"code": "k", "name": "K", "rules": [{"product_id": id(&p), "unit_price": 9}]}),
    );
    org.ok(k, "price_lists.define", json!({"code": "k", "name": "K2"}));
    // Archiving needs the archive permission, which the role does not give.
    let err = org.refused_unchanged(k, "price_lists.archive", json!({"id": id(&list)}));
    assert_eq!(err.code, ErrorCode::PermissionDenied);
}
