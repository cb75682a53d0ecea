//! LIFE-1 imports through the public API: mapping, encodings, duplicate policies, modes, dry runs, orders with lines, revert, progress and cancel, and every refusal leaving the database unchanged.

mod common;

use common::Org;
use rapport_core::{ErrorCode, Flow, Progress};
use serde_json::{Value, json};

/// A customers CSV with the headers a Chinese Excel export has.
const CUSTOMERS_CSV: &str = "客户名称,电话,员工数,ERP编号,标签\n\
深圳市华强电子有限公司,0755-83761234,320,ERP-C-1,key-account;vip\n\
广州宏达贸易,020-88888888,45,ERP-C-2,\n\
\"佛山美佳家具, 有限公司\",0757-1234567,,ERP-C-3,new\n";

fn customer_mapping() -> Value {
    json!({
        "columns": {"客户名称": "name", "电话": "phone", "员工数": "custom.employees", "ERP编号": "external_ref", "标签": "tags"},
        "constants": {"source": "import", "region": "44"}
    })
}

fn org_with_custom_field() -> Org {
    let org = Org::new();
    org.ok(
        None,
        "custom_fields.define",
        json!({"entity": "customer", "key": "employees", "label": "员工数", "field_type": "number"}),
    );
    org
}

fn customers_by_ref(org: &Org) -> Vec<Value> {
    let page = org.ok(None, "customers.list", json!({"limit": 200, "include_archived": true}));
    let mut items: Vec<Value> = page["items"].as_array().unwrap().clone();
    items.sort_by_key(|c| c["external_ref"].as_str().unwrap_or("").to_string());
    items
}

fn temp_file(name: &str, bytes: &[u8]) -> String {
    let dir = std::env::temp_dir().join(format!("rapport-imports-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join(name);
    std::fs::write(&path, bytes).unwrap();
    path.to_string_lossy().into_owned()
}

#[test]
fn life_1_csv_import_maps_columns_constants_custom_fields_and_lists() {
    let org = org_with_custom_field();
    let report = org.ok(
        None,
        "imports.run",
        json!({"entity": "customers", "text": CUSTOMERS_CSV, "mapping": customer_mapping()}),
    );
    assert_eq!(
        (report["rows"].as_u64(), report["created"].as_u64(), report["rejected"].as_u64()),
        (Some(3), Some(3), Some(0))
    );
    let import_id = report["import_id"].as_str().unwrap().to_string();
    let customers = customers_by_ref(&org);
    assert_eq!(customers.len(), 3);
    let first = &customers[0];
    assert_eq!(first["name"], "深圳市华强电子有限公司");
    assert_eq!(first["phone"], "0755-83761234");
    assert_eq!(first["custom"]["employees"], 320);
    assert_eq!(first["tags"], json!(["key-account", "vip"]));
    assert_eq!(first["source"], "import");
    assert_eq!(first["region"], "44");
    assert_eq!(customers[2]["name"], "佛山美佳家具, 有限公司", "a quoted cell keeps its comma");
    assert!(customers[2]["custom"].get("employees").is_none(), "an empty cell leaves the field out");

    let listed = org.ok(None, "imports.list", json!({}));
    assert_eq!(listed["items"][0]["id"], import_id.as_str());
    assert_eq!(listed["items"][0]["created"], 3);
    assert_eq!(listed["items"][0]["entity"], "customers");
    assert_eq!(org.ok(None, "imports.get", json!({"id": import_id}))["rows"], 3);
    // A rep sees the imports they ran, not the host's.
    assert_eq!(org.ok(Some(&org.rep_east1), "imports.list", json!({}))["items"], json!([]));
}

#[test]
fn life_1_utf8_with_bom_gbk_and_gb18030_files_read_the_same() {
    let mut with_bom = b"\xEF\xBB\xBF".to_vec();
    with_bom.extend_from_slice(CUSTOMERS_CSV.as_bytes());
    let (gbk, _, unmappable) = encoding_rs::GBK.encode(CUSTOMERS_CSV);
    assert!(!unmappable);
    for (name, bytes, encoding) in
        [("bom.csv", with_bom, "utf8"), ("gbk.csv", gbk.to_vec(), "gbk"), ("gb18030.csv", gbk.to_vec(), "gb18030")]
    {
        let org = org_with_custom_field();
        let path = temp_file(name, &bytes);
        let report = org.ok(
            None,
            "imports.run",
            json!({"entity": "customers", "path": path, "encoding": encoding, "mapping": customer_mapping()}),
        );
        assert_eq!(report["created"], 3, "{name}");
        assert_eq!(customers_by_ref(&org)[0]["name"], "深圳市华强电子有限公司", "{name}");
        let listed = org.ok(None, "imports.list", json!({}));
        assert_eq!(listed["items"][0]["source"], name, "the file's name is recorded");
    }
}

#[test]
fn life_1_duplicate_policies_skip_update_and_create() {
    let org = org_with_custom_field();
    let run = |duplicates: &str, text: &str, mode: &str| {
        org.engine.call_value(
            None,
            "imports.run",
            &json!({"entity": "customers", "text": text, "mapping": customer_mapping(), "duplicates": duplicates, "mode": mode})
                .to_string(),
        )
    };
    run("update", CUSTOMERS_CSV, "all_or_nothing").unwrap();
    let renamed = CUSTOMERS_CSV.replace("广州宏达贸易", "广州宏达贸易集团");
    let skipped = run("skip", &renamed, "all_or_nothing").unwrap();
    assert_eq!((skipped["skipped"].as_u64(), skipped["updated"].as_u64()), (Some(3), Some(0)));
    assert_eq!(customers_by_ref(&org)[1]["name"], "广州宏达贸易", "skip leaves the record");
    let updated = run("update", &renamed, "all_or_nothing").unwrap();
    assert_eq!(updated["updated"], 3);
    assert_eq!(customers_by_ref(&org)[1]["name"], "广州宏达贸易集团");
    let created = run("create", &renamed, "skip_invalid").unwrap();
    assert_eq!((created["created"].as_u64(), created["rejected"].as_u64()), (Some(0), Some(3)));
    assert_eq!(created["errors"][0]["code"], "conflict");
    assert_eq!(created["errors"][0]["column"], "ERP编号");
    let fresh = renamed.replace("ERP-C-", "ERP-N-");
    assert_eq!(run("create", &fresh, "all_or_nothing").unwrap()["created"], 3);
    assert_eq!(customers_by_ref(&org).len(), 6);
}

const BAD_ROWS_CSV: &str = "客户名称,电话,员工数,ERP编号,标签\n\
好客户,010-1,10,ERP-G-1,\n\
,010-2,10,ERP-B-1,\n\
坏员工数,010-3,many,ERP-B-2,\n\
好客户二,010-4,,ERP-G-2,\n";

#[test]
fn life_1_skip_invalid_writes_good_rows_and_reports_bad_ones_with_row_and_column() {
    let org = org_with_custom_field();
    let report = org.ok(
        None,
        "imports.run",
        json!({"entity": "customers", "text": BAD_ROWS_CSV, "mapping": customer_mapping(), "mode": "skip_invalid"}),
    );
    assert_eq!((report["created"].as_u64(), report["rejected"].as_u64()), (Some(2), Some(2)));
    let errors = report["errors"].as_array().unwrap();
    assert_eq!(errors[0]["row"], 2);
    assert_eq!(errors[0]["column"], "客户名称");
    assert_eq!(errors[0]["field"], "name");
    assert_eq!(errors[1]["row"], 3);
    assert_eq!(errors[1]["column"], "员工数");
    assert_eq!(errors[1]["field"], "custom.employees");
    assert_eq!(customers_by_ref(&org).len(), 2);
}

#[test]
fn life_1_all_or_nothing_and_dry_run_write_nothing_and_report_every_bad_row() {
    let org = org_with_custom_field();
    let err = org.refused_unchanged(
        None,
        "imports.run",
        json!({"entity": "customers", "text": BAD_ROWS_CSV, "mapping": customer_mapping()}),
    );
    assert_eq!(err.code, ErrorCode::Validation);
    assert_eq!(err.items.len(), 2);
    assert_eq!((err.items[0].index, err.items[0].field.as_deref()), (1, Some("name")));
    assert_eq!((err.items[1].index, err.items[1].field.as_deref()), (2, Some("custom.employees")));

    let before = org.engine.export_image().unwrap();
    let preview = org.ok(
        None,
        "imports.run",
        json!({"entity": "customers", "text": BAD_ROWS_CSV, "mapping": customer_mapping(), "dry_run": true}),
    );
    assert_eq!(preview["dry_run"], true);
    assert_eq!(preview["import_id"], Value::Null);
    assert_eq!((preview["created"].as_u64(), preview["rejected"].as_u64()), (Some(2), Some(2)));
    assert_eq!(preview["errors"][1]["column"], "员工数");
    assert!(org.engine.export_image().unwrap() == before, "a dry run keeps nothing");
}

#[test]
fn life_1_json_lines_and_contacts_with_a_date_format() {
    let org = Org::new();
    let customer =
        common::id(&org.ok(None, "customers.create", json!({"name": "华强电子", "external_ref": "ERP-C-1"})));
    let jsonl = "{\"姓名\": \"王经理\", \"客户\": \"ERP-C-1\", \"生日\": \"1980/5/17\", \"手机\": \"13800138000;13900139000\"}\n\n{\"姓名\": \"李工\", \"客户\": \"ERP-C-1\"}\n";
    let report = org.ok(
        None,
        "imports.run",
        json!({"entity": "contacts", "format": "jsonl", "text": jsonl,
               "mapping": {"columns": {"姓名": "name", "客户": "customer_external_ref", "生日": "birthday", "手机": "phones"}, "date_format": "%Y/%m/%d"}}),
    );
    assert_eq!(report["created"], 2);
    assert_eq!(report["rows"], 2, "blank lines are not rows");
    let contacts = org.ok(None, "contacts.list", json!({"customer_id": customer}));
    let wang = contacts["items"].as_array().unwrap().iter().find(|c| c["name"] == "王经理").unwrap().clone();
    assert_eq!(wang["birthday"], "1980-05-17");
    assert_eq!(wang["phones"].as_array().unwrap().len(), 2);

    // Without a mapping, each key fills the field of its name; JSON values keep their types.
    let typed = "{\"name\": \"深圳客户\", \"credit_limit\": 5000000, \"tags\": [\"a\"]}\n";
    let report = org.ok(None, "imports.run", json!({"entity": "customers", "format": "jsonl", "text": typed}));
    assert_eq!(report["created"], 1);
    let bad = "{\"name\": \"x\", \"nme\": 1}\nnot json\n";
    let report = org.ok(
        None,
        "imports.run",
        json!({"entity": "customers", "format": "jsonl", "text": bad, "mode": "skip_invalid"}),
    );
    assert_eq!(report["rejected"], 2);
    assert_eq!(report["errors"][0]["column"], "nme");
    assert_eq!(report["errors"][1]["row"], 2);
}

#[test]
fn life_1_orders_gather_consecutive_rows_into_one_order_with_lines() {
    let org = Org::new();
    org.ok(None, "customers.create", json!({"name": "华强电子", "external_ref": "ERP-C-1"}));
    org.ok(
        None,
        "products.push",
        json!({"items": [
        {"code": "P-1", "name": "主板", "unit": "pcs", "list_price": 10000, "external_ref": "P-1"},
        {"code": "P-2", "name": "电源", "unit": "pcs", "list_price": 5000, "external_ref": "P-2"}]}),
    );
    let products = org.ok(None, "products.list", json!({}));
    let pid = |code: &str| {
        products["items"].as_array().unwrap().iter().find(|p| p["code"] == code).unwrap()["id"]
            .as_str()
            .unwrap()
            .to_string()
    };
    let csv = format!(
        "单号,客户,日期,金额,状态,产品,数量\n\
         SO-1,ERP-C-1,2026.03.01,25000,approved,{p1},2\n\
         SO-1,ERP-C-1,2026.03.01,25000,approved,{p2},1\n\
         SO-2,ERP-C-1,2026.03.02,10000,approved,{p1},1\n",
        p1 = pid("P-1"),
        p2 = pid("P-2")
    );
    let report = org.ok(
        None,
        "imports.run",
        json!({"entity": "orders", "text": csv, "mapping": {
            "columns": {"单号": "external_ref", "客户": "customer_external_ref", "日期": "order_date", "金额": "amount",
                        "状态": "status", "产品": "lines.product_id", "数量": "lines.quantity"},
            "date_format": "%Y.%m.%d"}}),
    );
    assert_eq!((report["rows"].as_u64(), report["created"].as_u64()), (Some(3), Some(2)), "{report}");
    let orders = org.ok(None, "orders.list", json!({}));
    let so1 = orders["items"].as_array().unwrap().iter().find(|o| o["amount"] == 25000).unwrap().clone();
    let so1 = org.ok(None, "orders.get", json!({"id": so1["id"]}));
    assert_eq!(so1["lines"].as_array().unwrap().len(), 2);
    assert_eq!(so1["order_date"], "2026-03-01");
}

#[test]
fn life_1_revert_archives_what_it_created_and_puts_back_what_it_updated() {
    let org = org_with_custom_field();
    org.ok(None, "customers.create", json!({"name": "广州宏达", "phone": "020-1", "external_ref": "ERP-C-2"}));
    let report = org.ok(
        None,
        "imports.run",
        json!({"entity": "customers", "text": CUSTOMERS_CSV, "mapping": customer_mapping()}),
    );
    assert_eq!((report["created"].as_u64(), report["updated"].as_u64()), (Some(2), Some(1)));
    let id = report["import_id"].as_str().unwrap().to_string();
    // One created record is changed by a user after the import: the revert leaves it and says so.
    let third = customers_by_ref(&org)[2].clone();
    org.ok(None, "customers.update", json!({"id": third["id"], "phone": "0757-9"}));

    let reverted = org.ok(None, "imports.revert", json!({"id": id}));
    assert_eq!((reverted["archived"].as_u64(), reverted["restored"].as_u64()), (Some(1), Some(1)));
    assert_eq!(reverted["left_changed"], json!([third["id"]]));
    let customers = customers_by_ref(&org);
    assert!(customers[0]["archived_at"].is_string(), "created by the import: archived");
    assert_eq!(customers[1]["name"], "广州宏达");
    assert_eq!(customers[1]["phone"], "020-1", "updated by the import: as it was before");
    assert!(customers[2]["archived_at"].is_null(), "changed since: left");
    let history = org.ok(None, "audit.history", json!({"entity": "customer", "id": customers[1]["id"]}));
    assert!(history.to_string().contains("import_revert"), "the revert is audited");
    let err = org.refused(None, "imports.revert", json!({"id": id}));
    assert_eq!(err.code, ErrorCode::InvalidState, "twice is refused");
    assert!(org.ok(None, "imports.get", json!({"id": id}))["reverted_at"].is_string());
}

fn many_customers(n: usize) -> String {
    let mut csv = String::from("name,phone,external_ref\n");
    for i in 0..n {
        csv.push_str(&format!("客户{i},0755-{i:08},REF-{i}\n"));
    }
    csv
}

#[test]
fn life_1_progress_is_reported_and_a_cancel_keeps_nothing() {
    let org = Org::new();
    let request = json!({"entity": "customers", "text": many_customers(3_500)}).to_string();
    let mut seen: Vec<Progress> = Vec::new();
    let answer = org
        .engine
        .call_with_progress(None, "imports.run", &request, &mut |p| {
            seen.push(p);
            Flow::Continue
        })
        .unwrap();
    assert!(answer.contains("\"created\":3500"), "{answer}");
    assert!(seen.len() >= 4, "{seen:?}");
    assert!(seen.windows(2).all(|w| w[0].items < w[1].items));
    let last = seen.last().unwrap();
    assert_eq!(last.items, 3_500);
    assert_eq!(last.done, last.total);

    let before = org.engine.export_image().unwrap();
    let again = json!({"entity": "customers", "text": many_customers(3_500).replace("REF-", "NEW-")}).to_string();
    let mut calls = 0;
    let err = org
        .engine
        .call_with_progress(None, "imports.run", &again, &mut |_| {
            calls += 1;
            if calls == 2 { Flow::Cancel } else { Flow::Continue }
        })
        .unwrap_err();
    assert_eq!(err.code, ErrorCode::Cancelled);
    assert!(org.engine.export_image().unwrap() == before, "nothing of a cancelled import remains");
}

#[test]
fn life_1_bad_input_is_refused_and_changes_nothing() {
    let org = org_with_custom_field();
    let refused = |req: Value, code: ErrorCode, field: &str| {
        let err = org.refused_unchanged(None, "imports.run", req.clone());
        assert_eq!((err.code, err.field.as_deref()), (code, Some(field)), "{req}: {}", err.message);
    };
    let with = |extra: Value| {
        let mut r = json!({"entity": "customers", "text": CUSTOMERS_CSV, "mapping": customer_mapping()});
        r.as_object_mut().unwrap().extend(extra.as_object().unwrap().clone());
        r
    };
    // A mapping naming an unknown field, an undefined custom field, a column the file lacks.
    refused(
        with(json!({"mapping": {"columns": {"客户名称": "nme"}}})),
        ErrorCode::Validation,
        "mapping.columns.客户名称",
    );
    refused(
        with(json!({"mapping": {"columns": {"客户名称": "custom.nope"}}})),
        ErrorCode::Validation,
        "mapping.columns.客户名称",
    );
    refused(with(json!({"mapping": {"columns": {"公司": "name"}}})), ErrorCode::Validation, "mapping.columns.公司");
    refused(
        with(json!({"mapping": {"columns": {"客户名称": "name", "电话": "name"}}})),
        ErrorCode::Validation,
        "mapping.columns.电话",
    );
    refused(
        with(json!({"mapping": {"columns": {"客户名称": "name"}, "constants": {"colour": "red"}}})),
        ErrorCode::Validation,
        "mapping.constants.colour",
    );
    refused(
        with(json!({"mapping": {"columns": {"客户名称": "name"}, "date_format": "%H:%M"}})),
        ErrorCode::Validation,
        "mapping.date_format",
    );
    // Without a mapping, a header naming no field.
    refused(json!({"entity": "customers", "text": CUSTOMERS_CSV}), ErrorCode::Validation, "mapping.columns");
    // A ragged row, all-or-nothing: the import is refused with the row.
    let ragged = "name,phone\nA,1\nB,2,extra\n";
    let err = org.refused_unchanged(None, "imports.run", json!({"entity": "customers", "text": ragged}));
    assert_eq!((err.code, err.items[0].index), (ErrorCode::Validation, 1));
    // Invalid UTF-8, invalid GBK, a file that is not CSV.
    let bad_utf8 = temp_file("bad-utf8.csv", b"name,phone\n\xC3\x28,1\n");
    refused(json!({"entity": "customers", "path": bad_utf8}), ErrorCode::Validation, "path");
    let bad_gbk = temp_file("bad-gbk.csv", b"name,phone\nok,1\n\x81\x20,2\n");
    refused(json!({"entity": "customers", "path": bad_gbk, "encoding": "gbk"}), ErrorCode::Validation, "path");
    let png = temp_file("picture.csv", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x10\xff\xfe");
    refused(json!({"entity": "customers", "path": png}), ErrorCode::Validation, "path");
    // The source itself: none, both, missing, a directory; a bad delimiter; no permission.
    refused(json!({"entity": "customers"}), ErrorCode::Validation, "path");
    refused(json!({"entity": "customers", "text": "a", "path": "/x"}), ErrorCode::Validation, "path");
    refused(json!({"entity": "customers", "path": "/no/such/file.csv"}), ErrorCode::Validation, "path");
    refused(json!({"entity": "customers", "path": std::env::temp_dir()}), ErrorCode::Validation, "path");
    refused(with(json!({"delimiter": "ab"})), ErrorCode::Validation, "delimiter");
    let err = org.refused_unchanged(Some(&org.viewer), "imports.run", with(json!({})));
    assert_eq!(err.code, ErrorCode::PermissionDenied);
    // Malformed requests.
    let err = org.refused_unchanged(None, "imports.run", json!({"entity": "robots", "text": "a"}));
    assert_eq!((err.code, err.field.as_deref()), (ErrorCode::MalformedRequest, Some("entity")));
}
