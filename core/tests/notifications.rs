//! ORG-7 through the public API: the inbox (approvals, decisions, assignments, reminders, alerts, announcements; unread first, paged, marking read audited), the host's refresh, and the outbox (take on a lease, report once, a delivery to a customer logged as an activity); bad input refused without a change.

mod common;

use common::{Org, dataset, id};
use rapport_core::ErrorCode;
use serde_json::{Value, json};

fn inbox(org: &Org, user: &str, req: Value) -> Value {
    org.ok(Some(user), "inbox.list", req)
}

fn kinds(page: &Value) -> Vec<String> {
    page["items"].as_array().unwrap().iter().map(|e| e["kind"].as_str().unwrap().to_string()).collect()
}

#[test]
fn org_7_an_approval_step_reaches_each_approvers_inbox_and_phone_and_the_decision_reaches_the_submitter() {
    let org = Org::new();
    dataset::funnel_pipeline(&org);
    let c = id(&org.ok(None, "customers.create", json!({"name": "华为技术", "owner_id": org.rep_east1})));
    let oid = id(&org.ok(
        Some(&org.rep_east1),
        "opportunities.create",
        json!({"customer_id": c, "title": "数据中心项目", "amount": 500_000, "stage": "evaluate"}),
    ));
    let a = org.ok(
        Some(&org.rep_east1),
        "approvals.submit",
        json!({"document_type": "opportunity_evaluation", "document_id": oid}),
    );
    let approvers = a["steps"][0]["approvers"].as_array().unwrap().clone();
    assert_eq!(approvers.len(), 3);
    for approver in &approvers {
        let page = inbox(&org, approver.as_str().unwrap(), json!({}));
        assert_eq!(page["unread"], 1, "{page}");
        let e = &page["items"][0];
        assert_eq!(
            (e["kind"].as_str(), e["entity"].as_str(), e["record_id"].as_str(), e["params"]["approval_id"].as_str()),
            (Some("approval"), Some("opportunity"), Some(oid.as_str()), a["id"].as_str())
        );
        assert!(e["read_at"].is_null());
        assert_eq!(e["title"], "数据中心项目");
    }
    // One push message per approver, waiting for the host.
    let pushes = org.ok(None, "outbox.list", json!({"status": "pending"}))["items"].as_array().unwrap().clone();
    let mut to: Vec<&str> = pushes.iter().map(|m| m["recipient_id"].as_str().unwrap()).collect();
    to.sort();
    let mut expected: Vec<&str> = approvers.iter().map(|a| a.as_str().unwrap()).collect();
    expected.sort();
    assert_eq!(to, expected);
    assert!(pushes.iter().all(|m| m["channel"] == "push" && m["template_key"] == "approval.requested"));

    org.ok(Some(&org.east_manager), "approvals.approve", json!({"id": a["id"]}));
    let rep = inbox(&org, &org.rep_east1, json!({}));
    assert_eq!(kinds(&rep), vec!["approval_decided"]);
    assert_eq!(rep["items"][0]["params"]["status"], "approved");
    assert_eq!(rep["items"][0]["title"], "数据中心项目");
}

#[test]
fn org_7_records_assigned_by_someone_else_raise_an_assignment_and_the_inbox_reads_unread_first() {
    let org = Org::new();
    // The rep's own records raise nothing; the manager's assignments do, newest first.
    org.ok(Some(&org.rep_east1), "customers.create", json!({"name": "自己的客户"}));
    assert_eq!(inbox(&org, &org.rep_east1, json!({}))["items"], json!([]));
    let mut assigned = Vec::new();
    for i in 0..5 {
        assigned.push(id(&org.ok(
            Some(&org.east_manager),
            "customers.create",
            json!({"name": format!("分配客户 {i}"), "owner_id": org.rep_east1}),
        )));
    }
    // The host's own writes (an ERP push, an import) raise no assignment.
    org.ok(None, "customers.create", json!({"name": "ERP 客户", "owner_id": org.rep_east1}));
    let page = inbox(&org, &org.rep_east1, json!({"limit": 2}));
    assert_eq!(page["unread"], 5);
    let first: Vec<&str> = page["items"].as_array().unwrap().iter().map(|e| e["record_id"].as_str().unwrap()).collect();
    assert_eq!(first, vec![assigned[4].as_str(), assigned[3].as_str()]);
    assert_eq!(page["items"][0]["params"]["by"], org.east_manager.as_str());

    // Marking two read moves them after the unread ones; paging walks unread then read.
    let ids: Vec<String> = page["items"].as_array().unwrap().iter().map(id).collect();
    let marked = org.ok(Some(&org.rep_east1), "inbox.mark_read", json!({"ids": ids}));
    assert_eq!(marked, json!({"marked": 2, "unread": 3}));
    let mut seen = Vec::new();
    let mut cursor: Option<String> = None;
    loop {
        let page = inbox(&org, &org.rep_east1, json!({"limit": 2, "cursor": cursor}));
        for e in page["items"].as_array().unwrap() {
            seen.push((e["record_id"].as_str().unwrap().to_string(), e["read_at"].is_null()));
        }
        match page["next_cursor"].as_str() {
            Some(c) => cursor = Some(c.to_string()),
            None => break,
        }
    }
    let expected: Vec<(String, bool)> = [2, 1, 0]
        .iter()
        .map(|i| (assigned[*i].clone(), true))
        .chain([4, 3].iter().map(|i| (assigned[*i].clone(), false)))
        .collect();
    assert_eq!(seen, expected);
    let unread = inbox(&org, &org.rep_east1, json!({"unread_only": true}));
    assert_eq!(unread["items"].as_array().unwrap().len(), 3);

    // Marking again marks nothing and writes no audit entry; `all` marks the rest, audited once.
    assert_eq!(org.ok(Some(&org.rep_east1), "inbox.mark_read", json!({"ids": [ids[0]]}))["marked"], 0);
    assert_eq!(
        org.ok(Some(&org.rep_east1), "inbox.mark_read", json!({"all": true})),
        json!({"marked": 3, "unread": 0})
    );
    let audit = org.ok(None, "audit.history", json!({"entity": "inbox", "id": org.rep_east1}));
    let actions: Vec<&str> = audit.as_array().unwrap().iter().map(|e| e["action"].as_str().unwrap()).collect();
    assert_eq!(actions, vec!["mark_read", "mark_read"]);
    assert_eq!(audit[1]["changes"]["all"], json!([null, true]));

    // Leads routed by the host do reach the rep.
    org.ok(None, "leads.create", json!({"person_name": "王强", "owner_id": org.rep_east1}));
    assert_eq!(kinds(&inbox(&org, &org.rep_east1, json!({"unread_only": true}))), vec!["assignment"]);
}

#[test]
fn org_7_reminders_and_alerts_come_due_when_the_inbox_is_read_for_a_moment_or_refreshed() {
    let org = Org::new();
    let c = id(&org.ok(None, "customers.create", json!({"name": "沉默客户", "owner_id": org.rep_east1})));
    org.ok(
        Some(&org.rep_east1),
        "activities.create",
        json!({"kind": "call", "subject": "回访", "customer_id": c, "starts_at": "2026-03-10T02:00:00Z",
               "remind_at": "2026-03-10T01:30:00Z"}),
    );
    // Not due yet.
    assert_eq!(inbox(&org, &org.rep_east1, json!({"now": "2026-03-10T01:00:00Z"}))["items"], json!([]));
    let page = inbox(&org, &org.rep_east1, json!({"now": "2026-03-10T01:31:00Z"}));
    assert_eq!(kinds(&page), vec!["reminder"]);
    assert_eq!(page["items"][0]["title"], "回访");
    // Read again for the same moment: raised once.
    assert_eq!(inbox(&org, &org.rep_east1, json!({"now": "2026-03-10T01:32:00Z"}))["unread"], 1);

    // Forty days later the customer has been silent past the threshold (30 days): the host's refresh
    // raises the alert once, however often it runs.
    let r = org.ok(None, "inbox.refresh", json!({"now": "2026-04-20T01:00:00Z"}));
    assert!(r["entries"].as_i64().unwrap() >= 1, "{r}");
    let again = org.ok(None, "inbox.refresh", json!({"now": "2026-04-20T02:00:00Z"}));
    assert_eq!(again["entries"], 0);
    let page = inbox(&org, &org.rep_east1, json!({"unread_only": true}));
    let alert = page["items"].as_array().unwrap().iter().find(|e| e["kind"] == "alert").expect("an alert").clone();
    assert_eq!(
        (alert["record_id"].as_str(), alert["params"]["kind"].as_str()),
        (Some(c.as_str()), Some("no_activity"))
    );
    assert_eq!(org.refused(Some(&org.rep_east1), "inbox.refresh", json!({})).code, ErrorCode::PermissionDenied);
}

#[test]
fn org_7_announcements_reach_the_departments_named_and_those_below() {
    let org = Org::new();
    let a = org.ok(
        Some(&org.manager),
        "announcements.post",
        json!({"title": "三月销售冲刺", "body": "本月目标提高 10%", "department_ids": [org.sales]}),
    );
    // Sales and below: the sales manager's own inbox too, East, West; not HQ or Service.
    assert_eq!(a["recipients"], 5);
    for user in [&org.manager, &org.east_manager, &org.rep_east1, &org.rep_east2, &org.rep_west] {
        let page = inbox(&org, user, json!({}));
        assert_eq!(kinds(&page), vec!["announcement"], "{user}");
        assert_eq!(page["items"][0]["params"]["body"], "本月目标提高 10%");
    }
    for user in [&org.admin, &org.agent] {
        assert_eq!(inbox(&org, user, json!({}))["items"], json!([]));
    }
    let only_sales = org.ok(
        Some(&org.admin),
        "announcements.post",
        json!({"title": "t", "body": "b", "department_ids": [org.sales], "include_subdepartments": false}),
    );
    assert_eq!(only_sales["recipients"], 1);
    // A manager posts only within their scope; a rep not at all.
    let e = org.refused_unchanged(
        Some(&org.east_manager),
        "announcements.post",
        json!({"title": "t", "body": "b", "department_ids": [org.west]}),
    );
    assert_eq!((e.code, e.field.as_deref()), (ErrorCode::PermissionDenied, Some("department_ids.0")));
    let e = org.refused_unchanged(
        Some(&org.rep_east1),
        "announcements.post",
        json!({"title": "t", "body": "b", "department_ids": [org.east]}),
    );
    assert_eq!(e.code, ErrorCode::PermissionDenied);
}

#[test]
fn org_7_the_host_takes_delivers_and_reports_each_message_once_and_a_delivery_is_logged_as_an_activity() {
    let org = Org::new();
    let c = id(&org.ok(None, "customers.create", json!({"name": "北京客户", "owner_id": org.rep_east1})));
    let contact = id(&org.ok(
        Some(&org.rep_east1),
        "contacts.create",
        json!({"customer_id": c, "name": "陈静", "phones": ["13800138000"], "emails": ["chen@example.com"]}),
    ));
    let sms = org.ok(
        Some(&org.rep_east1),
        "outbox.send",
        json!({"channel": "sms", "recipient_kind": "contact", "recipient_id": contact, "template_key": "visit.confirmation",
               "params": {"date": "2026-03-05"}}),
    );
    assert_eq!((sms["address"].as_str(), sms["customer_id"].as_str()), (Some("13800138000"), Some(c.as_str())));
    let mail = org.ok(
        Some(&org.rep_east1),
        "outbox.send",
        json!({"channel": "email", "recipient_kind": "contact", "recipient_id": contact, "template_key": "quote.sent"}),
    );
    assert_eq!(mail["address"], "chen@example.com");

    // Taken on a lease: not offered again while it runs, offered again after it.
    let taken = org.ok(None, "outbox.take", json!({"lease_seconds": 60}));
    assert_eq!(taken.as_array().unwrap().len(), 2);
    assert_eq!(taken[0]["attempts"], 1);
    assert_eq!(org.ok(None, "outbox.take", json!({"lease_seconds": 60})), json!([]));
    let retaken = org.ok(None, "outbox.take", json!({"lease_seconds": 1}));
    assert_eq!(retaken.as_array().unwrap().len(), 2, "the host died mid-delivery: offered again");
    assert_eq!(retaken[0]["attempts"], 2);

    let sent = org.ok(None, "outbox.report", json!({"id": sms["id"], "outcome": "sent"}));
    assert_eq!(sent["status"], "sent");
    let activity = org.ok(Some(&org.rep_east1), "activities.get", json!({"id": sent["activity_id"]}));
    assert_eq!(
        (activity["kind"].as_str(), activity["status"].as_str(), activity["contact_id"].as_str()),
        (Some("message"), Some("done"), Some(contact.as_str()))
    );
    let failed = org.ok(None, "outbox.report", json!({"id": mail["id"], "outcome": "failed", "error": "mailbox full"}));
    assert_eq!((failed["status"].as_str(), failed["activity_id"].as_str()), (Some("failed"), None));
    assert_eq!(org.ok(None, "outbox.list", json!({"status": "failed"}))["items"][0]["error"], "mailbox full");

    // Reported twice: refused, nothing changes.
    let e =
        org.refused_unchanged(None, "outbox.report", json!({"id": sms["id"], "outcome": "failed", "error": "late"}));
    assert_eq!(e.code, ErrorCode::InvalidState);
    assert_eq!(org.ok(None, "outbox.take", json!({})), json!([]));
}

#[test]
fn org_7_birthday_greetings_are_queued_once_a_year_when_a_template_is_set() {
    let org = Org::new();
    let c = id(&org.ok(None, "customers.create", json!({"name": "上海客户", "owner_id": org.rep_east1})));
    org.ok(
        Some(&org.rep_east1),
        "contacts.create",
        json!({"customer_id": c, "name": "刘洋", "phones": ["13900139000"], "birthday": "1986-03-05"}),
    );
    assert_eq!(
        org.ok(None, "inbox.refresh", json!({"now": "2026-03-05T01:00:00Z"}))["messages"],
        0,
        "no template: none"
    );
    org.ok(None, "alerts.configure", json!({"birthday_greeting_template": "contact.birthday"}));
    assert_eq!(org.ok(None, "inbox.refresh", json!({"now": "2026-03-04T01:00:00Z"}))["messages"], 0, "not the day");
    assert_eq!(org.ok(None, "inbox.refresh", json!({"now": "2026-03-05T01:00:00Z"}))["messages"], 1);
    assert_eq!(org.ok(None, "inbox.refresh", json!({"now": "2026-03-05T09:00:00Z"}))["messages"], 0, "once a year");
    let m = &org.ok(None, "outbox.take", json!({}))[0];
    assert_eq!(
        (m["channel"].as_str(), m["template_key"].as_str(), m["address"].as_str()),
        (Some("sms"), Some("contact.birthday"), Some("13900139000"))
    );
    // Delivered: logged as an activity of the customer, owned by the customer's owner.
    let sent = org.ok(None, "outbox.report", json!({"id": m["id"], "outcome": "sent"}));
    let activity = org.ok(None, "activities.get", json!({"id": sent["activity_id"]}));
    assert_eq!(activity["owner_id"], org.rep_east1.as_str());
}

/// A refused call: actor, method, request, the code and field expected.
type Case<'a> = (Option<&'a str>, &'a str, Value, ErrorCode, Option<&'a str>);

#[test]
fn org_7_bad_input_is_refused_and_changes_nothing() {
    let org = Org::new();
    org.ok(Some(&org.east_manager), "customers.create", json!({"name": "分配客户", "owner_id": org.rep_east1}));
    let entry = id(&inbox(&org, &org.rep_east1, json!({}))["items"][0]);
    let contact_less = id(&org.ok(None, "customers.create", json!({"name": "无电话客户", "owner_id": org.rep_east1})));
    let cases: Vec<Case> = vec![
        // Another user's entry, an unknown one, both ways of naming at once, too many.
        (Some(&org.rep_east2), "inbox.mark_read", json!({"ids": [entry]}), ErrorCode::NotFound, Some("ids.0")),
        (Some(&org.rep_east1), "inbox.mark_read", json!({"ids": ["nope"]}), ErrorCode::NotFound, Some("ids.0")),
        (
            Some(&org.rep_east1),
            "inbox.mark_read",
            json!({"ids": [entry], "all": true}),
            ErrorCode::Validation,
            Some("ids"),
        ),
        (Some(&org.rep_east1), "inbox.mark_read", json!({}), ErrorCode::Validation, Some("ids")),
        (Some(&org.rep_east1), "inbox.mark_read", json!({"ids": vec!["x"; 1001]}), ErrorCode::Validation, Some("ids")),
        (None, "inbox.mark_read", json!({"all": true}), ErrorCode::Validation, Some("actor")),
        (None, "inbox.list", json!({}), ErrorCode::Validation, Some("actor")),
        (Some(&org.rep_east1), "inbox.list", json!({"cursor": "garbage"}), ErrorCode::Validation, Some("cursor")),
        (Some(&org.rep_east1), "inbox.list", json!({"now": "yesterday"}), ErrorCode::Validation, Some("now")),
        (Some(&org.rep_east1), "inbox.list", json!({"limit": 0}), ErrorCode::Validation, Some("limit")),
        (
            Some(&org.rep_east1),
            "inbox.list",
            json!({"unread_only": "yes"}),
            ErrorCode::MalformedRequest,
            Some("unread_only"),
        ),
        (None, "inbox.refresh", json!({"now": 5}), ErrorCode::MalformedRequest, Some("now")),
        (
            None,
            "announcements.post",
            json!({"title": "", "body": "b", "department_ids": [org.east]}),
            ErrorCode::Validation,
            Some("title"),
        ),
        (
            None,
            "announcements.post",
            json!({"title": "t", "body": "b", "department_ids": []}),
            ErrorCode::Validation,
            Some("department_ids"),
        ),
        (
            None,
            "announcements.post",
            json!({"title": "t", "body": "b", "department_ids": ["nope"]}),
            ErrorCode::Validation,
            Some("department_ids.0"),
        ),
        // The outbox: reporting an unknown message, a sent one with an error, a push to a contact, a
        // recipient without a phone, a bad template key, huge parameters, a rep taking or reporting.
        (None, "outbox.report", json!({"id": "nope", "outcome": "sent"}), ErrorCode::NotFound, Some("id")),
        (
            None,
            "outbox.report",
            json!({"id": "nope", "outcome": "sent", "error": "x"}),
            ErrorCode::Validation,
            Some("error"),
        ),
        (None, "outbox.report", json!({"id": "nope", "outcome": "lost"}), ErrorCode::MalformedRequest, Some("outcome")),
        (
            Some(&org.rep_east1),
            "outbox.send",
            json!({"channel": "push", "recipient_kind": "customer", "recipient_id": contact_less, "template_key": "x"}),
            ErrorCode::Validation,
            Some("channel"),
        ),
        (
            Some(&org.rep_east1),
            "outbox.send",
            json!({"channel": "sms", "recipient_kind": "customer", "recipient_id": contact_less, "template_key": "x"}),
            ErrorCode::Validation,
            Some("channel"),
        ),
        (
            Some(&org.rep_east1),
            "outbox.send",
            json!({"channel": "sms", "recipient_kind": "contact", "recipient_id": "nope", "template_key": "x"}),
            ErrorCode::Validation,
            Some("recipient_id"),
        ),
        (
            Some(&org.rep_east2),
            "outbox.send",
            json!({"channel": "push", "recipient_kind": "user", "recipient_id": org.rep_east1, "template_key": "has space"}),
            ErrorCode::Validation,
            Some("template_key"),
        ),
        (
            Some(&org.rep_east2),
            "outbox.send",
            json!({"channel": "push", "recipient_kind": "user", "recipient_id": org.rep_east1, "template_key": "x", "params": {"big": "x".repeat(9000)}}),
            ErrorCode::Validation,
            Some("params"),
        ),
        (Some(&org.rep_east1), "outbox.take", json!({}), ErrorCode::PermissionDenied, None),
        (None, "outbox.take", json!({"lease_seconds": 0}), ErrorCode::Validation, Some("lease_seconds")),
        (
            Some(&org.rep_east1),
            "outbox.report",
            json!({"id": "nope", "outcome": "sent"}),
            ErrorCode::PermissionDenied,
            None,
        ),
        (None, "outbox.list", json!({"cursor": "x"}), ErrorCode::Validation, Some("cursor")),
    ];
    for (actor, method, req, code, field) in cases {
        let e = org.refused_unchanged(actor, method, req.clone());
        assert_eq!((e.code, e.field.as_deref()), (code, field), "{method} {req}: {e}");
    }
    // A rep's push to a colleague from outside the customer's scope is allowed (push to users).
    org.ok(Some(&org.rep_east2), "outbox.send", json!({"channel": "push", "recipient_kind": "user", "recipient_id": org.rep_east1, "template_key": "colleague.note"}));
    // A customer the rep cannot read is no recipient of theirs.
    let west = id(&org.ok(
        None,
        "customers.create",
        json!({"name": "西区客户", "owner_id": org.rep_west, "phone": "13700137000"}),
    ));
    let e = org.refused_unchanged(
        Some(&org.rep_east1),
        "outbox.send",
        json!({"channel": "sms", "recipient_kind": "customer", "recipient_id": west, "template_key": "x"}),
    );
    assert_eq!((e.code, e.field.as_deref()), (ErrorCode::Validation, Some("recipient_id")));
}
