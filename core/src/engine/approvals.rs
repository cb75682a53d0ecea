//! Approval flows (ORG-5): configuring a document type's flow, submitting a document along it (addressing each applicable step), deciding steps, the pending list and a document's history; one mechanism for every document type.
//!
//! A module whose documents need approval describes a document as a [`Document`] and follows a
//! decided approval with its own state change (the two `match`es on [`DocumentType`] below); it writes
//! no approval rule of its own.

use std::collections::BTreeSet;

use chrono::{DateTime, Utc};
use serde_json::{Map, Value, json};

use super::context::{user_actor_of, user_actors_of};
use super::paging::page_limit;
use super::{Ctx, Engine, EngineError, EngineResult};
use super::{contracts, inbox, opportunities, orders, quotes};
use crate::domain::access::{self, Actor, Ownership, Role, UserActor};
use crate::domain::approval::{
    Approval, ApprovalAction, ApprovalEvent, ApprovalState, ApprovalStep, Approver, Decision, DecisionRequest,
    DocumentRequest, DocumentType, FieldValue, Flow, FlowRequest, FlowStep, PendingApproval, PendingRequest,
    RejectApprovalRequest, SetFlowRequest, StepStatus, SubmitRequest, ValueKind, validate_steps,
};
use crate::domain::common::{IdRequest, Page};
use crate::domain::entity::Setting;
use crate::domain::permissions::Action;
use crate::domain::text;
use crate::domain::visibility;
use crate::storage::InboxRow;

/// A document as its module hands it to the mechanism.
pub(crate) struct Document {
    pub doc_type: DocumentType,
    pub id: String,
    /// What of the document is approved, when it is a part of it (an evaluation's stage).
    pub subject: Option<String>,
    /// How people name it (an opportunity's title): the title of its inbox entries.
    pub title: String,
    /// Its owner: whose managers a `manager_in_scope` step is addressed to.
    pub ownership: Ownership,
    /// The values conditions read, by field name (`None`: no value).
    pub values: Vec<(&'static str, Option<FieldValue>)>,
    pub custom: Map<String, Value>,
}

/// The flow of `doc_type` in force: the newest configured version, or the built-in default.
fn flow_in_force(cx: &Ctx<'_>, doc_type: DocumentType) -> EngineResult<Flow> {
    Ok(cx.tx.approval_flow(doc_type, None)?.unwrap_or_else(|| Flow {
        document_type: doc_type,
        version: 0,
        steps: doc_type.default_steps(),
        created_by: None,
        created_at: None,
    }))
}

/// The kind of a condition field of `doc_type`: its own fields, or `custom.<key>` of a defined custom field.
fn field_kinds(cx: &Ctx<'_>, doc_type: DocumentType) -> EngineResult<impl Fn(&str) -> Option<ValueKind>> {
    let defs = cx.tx.custom_field_defs(doc_type.entity())?;
    Ok(move |field: &str| match field.strip_prefix("custom.") {
        Some(key) => defs.iter().find(|d| d.key == key).map(|d| ValueKind::of_custom(d.field_type)),
        None => doc_type.condition_fields().iter().find(|(f, _)| *f == field).map(|(_, k)| *k),
    })
}

/// Whether the step applies to the document: no condition, or a condition that holds.
fn applies(step: &FlowStep, doc: &Document, kind_of: &impl Fn(&str) -> Option<ValueKind>) -> bool {
    let Some(c) = &step.condition else { return true };
    let Some(kind) = kind_of(&c.field) else { return false };
    let value = match c.field.strip_prefix("custom.") {
        Some(key) => doc.custom.get(key).and_then(|v| FieldValue::from_json(kind, v)),
        None => doc.values.iter().find(|(f, _)| *f == c.field).and_then(|(_, v)| v.clone()),
    };
    c.holds(kind, value.as_ref())
}

/// Who may be addressed for `doc_type`: active users holding a role, built-in or custom, that permits
/// approving its kind (ORG-6), as the rules see them.
fn candidates(cx: &Ctx<'_>, doc_type: DocumentType) -> EngineResult<Vec<UserActor>> {
    let entity = doc_type.entity();
    let roles: Vec<Role> = Role::ALL.into_iter().filter(|r| doc_type.approvable_by(*r)).collect();
    let custom: Vec<String> = cx
        .tx
        .custom_roles()?
        .into_iter()
        .filter(|c| c.archived_at.is_none() && c.permissions.allows(entity, Action::Approve))
        .map(|c| c.code)
        .collect();
    user_actors_of(cx.tx, &cx.tx.approval_candidates(&roles, &custom)?)
}

/// The users one step is addressed to, before the submitter is left out.
fn addressees(
    cx: &Ctx<'_>,
    approver: &Approver,
    doc: &Document,
    reference: Option<&str>,
    candidates: &[UserActor],
) -> EngineResult<Vec<String>> {
    let ids = |f: &dyn Fn(&UserActor) -> bool| candidates.iter().filter(|c| f(c)).map(|c| c.id.clone()).collect();
    Ok(match approver {
        Approver::ManagerInScope => ids(&|c| visibility::covers_owner(&Actor::User(c.clone()), &doc.ownership)),
        Approver::Manager { levels } => {
            let mut at = reference.map(str::to_string);
            for _ in 0..*levels {
                at = match at {
                    Some(u) => cx.tx.manager_of(&u)?,
                    None => None,
                };
            }
            at.map_or_else(Vec::new, |m| ids(&|c| c.id == m))
        }
        Approver::NearestRole { role } => {
            let Some(path) = reference.map(|u| cx.tx.user_department(u)).transpose()?.flatten().map(|d| d.path) else {
                return Ok(Vec::new());
            };
            let holders = |c: &UserActor| c.roles.contains(role) && path.starts_with(&c.department_path);
            let nearest = candidates.iter().filter(|c| holders(c)).map(|c| c.department_path.len()).max();
            ids(&|c| holders(c) && Some(c.department_path.len()) == nearest)
        }
        Approver::Role { role, department_id } => {
            let under =
                match department_id {
                    Some(d) => Some(cx.tx.department(d)?.map(|d| d.path).ok_or_else(|| {
                        EngineError::internal("a flow step names a department that no longer exists")
                    })?),
                    None => None,
                };
            ids(&|c| c.roles.contains(role) && under.as_ref().is_none_or(|p| c.department_path.starts_with(p)))
        }
        Approver::User { user_id } => ids(&|c| c.id == *user_id),
    })
}

/// Plans a submission of `doc` under the flow in force: the applicable steps, each addressed to its
/// approvers without the submitter (to the administrators when that leaves nobody); started, so the
/// first applicable step waits, or everything is approved when none applies.
fn plan(cx: &Ctx<'_>, doc: &Document, note: Option<String>) -> EngineResult<Approval> {
    let flow = flow_in_force(cx, doc.doc_type)?;
    let kind_of = field_kinds(cx, doc.doc_type)?;
    let candidates = candidates(cx, doc.doc_type)?;
    let submitter = cx.actor.user_id().map(str::to_string);
    // Steps relative to "the submitter" follow the owner when the host submits.
    let reference = submitter.as_deref().or(doc.ownership.owner_id.as_deref());
    let admins: Vec<String> = candidates
        .iter()
        .filter(|c| c.roles.contains(&Role::Admin) && Some(&c.id) != submitter.as_ref())
        .map(|c| c.id.clone())
        .collect();
    let mut steps = Vec::with_capacity(flow.steps.len());
    for (i, step) in flow.steps.iter().enumerate() {
        let position = i as u32 + 1;
        if !applies(step, doc, &kind_of) {
            steps.push(ApprovalStep {
                position,
                name: step.name.clone(),
                status: StepStatus::Skipped,
                approvers: vec![],
            });
            continue;
        }
        let mut approvers: BTreeSet<String> =
            addressees(cx, &step.approver, doc, reference, &candidates)?.into_iter().collect();
        if let Some(s) = &submitter {
            approvers.remove(s);
        }
        if approvers.is_empty() {
            approvers.extend(admins.iter().cloned());
        }
        if approvers.is_empty() {
            return Err(EngineError::invalid_state(format!(
                "step {position} of the {} flow finds no one who may approve this document",
                doc.doc_type.as_str()
            )));
        }
        steps.push(ApprovalStep {
            position,
            name: step.name.clone(),
            status: StepStatus::Upcoming,
            approvers: approvers.into_iter().collect(),
        });
    }
    let mut approval = Approval {
        id: cx.new_id(),
        document_type: doc.doc_type,
        document_id: doc.id.clone(),
        flow_version: flow.version,
        status: ApprovalState::Pending,
        current_step: None,
        submitted_by: submitter.clone(),
        submitted_at: cx.now,
        note: note.clone(),
        decided_at: None,
        reason: None,
        steps,
        history: vec![event(cx, None, ApprovalAction::Submitted, note)],
    };
    approval.start(cx.now);
    Ok(approval)
}

fn event(cx: &Ctx<'_>, position: Option<u32>, action: ApprovalAction, comment: Option<String>) -> ApprovalEvent {
    ApprovalEvent { at: cx.now, position, actor_id: cx.actor.user_id().map(str::to_string), action, comment }
}

/// Audits an approval event on its document (the document's own changes are audited by its module).
fn audit_event(cx: &Ctx<'_>, before: Option<&Approval>, after: &Approval, action: ApprovalAction) -> EngineResult<()> {
    let mut changes = Map::new();
    changes.insert("approval_id".into(), json!([before.map(|b| &b.id), after.id]));
    changes.insert("status".into(), json!([before.map(|b| b.status), after.status]));
    changes.insert("current_step".into(), json!([before.and_then(|b| b.current_step), after.current_step]));
    if let Some(comment) = after.history.last().and_then(|e| e.comment.as_ref()) {
        changes.insert("comment".into(), json!([null, comment]));
    }
    cx.audit(after.document_type.entity(), &after.document_id, &format!("approval_{}", action.as_str()), changes)
}

/// Submits a document along the flow in force (its module has checked and locked it): stores the
/// route and audits the submission.
pub(crate) fn submit(cx: &Ctx<'_>, doc: &Document, note: Option<String>) -> EngineResult<Approval> {
    let approval = plan(cx, doc, note)?;
    cx.tx.insert_approval(&approval, doc.subject.as_deref())?;
    audit_event(cx, None, &approval, ApprovalAction::Submitted)?;
    inbox::approval_moved(cx, None, &approval, &doc.title)?;
    Ok(approval)
}

/// Loads an approval for the actor: `not_found` unless they may read its document.
fn visible(cx: &Ctx<'_>, id: &str) -> EngineResult<(Approval, Option<String>)> {
    let found = cx.tx.approval(id)?;
    let Some((approval, subject)) = found else { return Err(EngineError::not_found("no such approval")) };
    let entity = approval.document_type.entity();
    access::require_read(cx.access(entity, &approval.document_id)?, entity)?;
    Ok((approval, subject))
}

/// Decides the waiting step of `approval` as the actor: decided already -> `invalid_state`; the step not
/// addressed to the actor, or the actor without the `approve` permission -> `permission_denied`. The
/// host decides any step. Saves and audits the decision; the caller follows it on the document.
pub(crate) fn decide(
    cx: &Ctx<'_>,
    before: Approval,
    decision: Decision,
    comment: Option<String>,
    reason: Option<String>,
) -> EngineResult<Approval> {
    let Some(waiting) = before.waiting().filter(|_| before.status == ApprovalState::Pending) else {
        return Err(EngineError::invalid_state("this approval has been decided"));
    };
    if let Actor::User(u) = &cx.actor {
        let permitted = u.permissions.allows(before.document_type.entity(), Action::Approve);
        if !waiting.approvers.contains(&u.id) || !permitted {
            return Err(EngineError::permission_denied("this step does not wait for your decision"));
        }
    }
    let position = waiting.position;
    let mut after = before.clone();
    after.decide(decision, reason.clone(), cx.now)?;
    let (action, said) = match decision {
        Decision::Approve => (ApprovalAction::Approved, comment),
        Decision::SendBack => (ApprovalAction::SentBack, comment),
        Decision::Reject => (ApprovalAction::Rejected, Some(join(reason, comment))),
    };
    after.history.push(event(cx, Some(position), action, said));
    cx.tx.save_approval_progress(&before, &after, cx.now)?;
    audit_event(cx, Some(&before), &after, action)?;
    inbox::approval_moved(cx, Some(&before), &after, &document_title(cx, &after)?)?;
    Ok(after)
}

/// A rejection's history entry: the reason, then the comment when there is one.
fn join(reason: Option<String>, comment: Option<String>) -> String {
    match (reason, comment) {
        (Some(r), Some(c)) => format!("{r}\n{c}"),
        (r, c) => r.or(c).unwrap_or_default(),
    }
}

/// Submits a document of any type through its module.
fn submit_document(cx: &mut Ctx<'_>, req: &SubmitRequest, note: Option<String>) -> EngineResult<Approval> {
    match req.document_type {
        DocumentType::OpportunityEvaluation => {
            opportunities::submit_evaluation(cx, &req.document_id, note).map(|(_, a)| a)
        }
        DocumentType::QuoteDiscount => quotes::submit_discount(cx, &req.document_id, note),
        DocumentType::SalesOrder => orders::submit(cx, &req.document_id, note),
        DocumentType::SalesReturn => {
            Err(EngineError::invalid_state("a return is submitted when it is created (returns.create)"))
        }
        DocumentType::Contract => contracts::submit(cx, &req.document_id, note),
    }
}

/// How people name an approval's document (the title of its inbox entries).
fn document_title(cx: &Ctx<'_>, approval: &Approval) -> EngineResult<String> {
    Ok(match approval.document_type {
        DocumentType::OpportunityEvaluation => {
            cx.tx.opportunity(&approval.document_id)?.map_or_else(|| approval.document_id.clone(), |o| o.title)
        }
        DocumentType::QuoteDiscount => {
            cx.tx.quote_summary(&approval.document_id)?.map_or_else(|| approval.document_id.clone(), |s| s.title)
        }
        DocumentType::SalesOrder => {
            cx.tx.order_summary(&approval.document_id)?.map_or_else(|| approval.document_id.clone(), |s| s.title)
        }
        DocumentType::SalesReturn => {
            cx.tx.return_summary(&approval.document_id)?.map_or_else(|| approval.document_id.clone(), |s| s.title)
        }
        DocumentType::Contract => {
            cx.tx.contract_summary(&approval.document_id)?.map_or_else(|| approval.document_id.clone(), |s| s.title)
        }
    })
}

/// Follows a decided approval on its document: its module sets the approved or rejected state.
pub(crate) fn follow(cx: &mut Ctx<'_>, approval: &Approval) -> EngineResult<()> {
    match approval.document_type {
        DocumentType::OpportunityEvaluation => opportunities::follow_evaluation(cx, approval).map(|_| ()),
        DocumentType::QuoteDiscount => quotes::follow_discount(cx, approval),
        DocumentType::SalesOrder => orders::follow_order(cx, approval),
        DocumentType::SalesReturn => orders::follow_return(cx, approval),
        DocumentType::Contract => contracts::follow_contract(cx, approval),
    }
}

/// A comment or note: trimmed, at most the long-text length.
fn comment(field: &str, value: Option<&str>) -> EngineResult<Option<String>> {
    Ok(text::optional(field, value, text::LONG_TEXT_MAX)?)
}

/// The opaque cursor of the pending list: the last item's waiting time and id.
fn cursor_of(row: &PendingApproval) -> String {
    format!("{}|{}", row.waiting_since.to_rfc3339_opts(chrono::SecondsFormat::Micros, true), row.id)
}

fn parse_cursor(cursor: &str) -> EngineResult<(DateTime<Utc>, String)> {
    let bad = || EngineError::validation("cursor", "is not a cursor this list returned");
    let (at, id) = cursor.split_once('|').ok_or_else(bad)?;
    let at = DateTime::parse_from_rfc3339(at).map_err(|_| bad())?.with_timezone(&Utc);
    Ok((at, id.to_string()))
}

/// One pending item: the inbox row and what it shows of its document.
fn pending_item(cx: &Ctx<'_>, row: InboxRow) -> EngineResult<PendingApproval> {
    let summary = match row.document_type {
        DocumentType::OpportunityEvaluation => cx.tx.opportunity_summary(&row.document_id)?,
        DocumentType::QuoteDiscount => cx.tx.quote_summary(&row.document_id)?,
        DocumentType::SalesOrder => cx.tx.order_summary(&row.document_id)?,
        DocumentType::SalesReturn => cx.tx.return_summary(&row.document_id)?,
        DocumentType::Contract => cx.tx.contract_summary(&row.document_id)?,
    }
    .unwrap_or_default();
    Ok(PendingApproval {
        id: row.approval_id,
        document_type: row.document_type,
        document_id: row.document_id,
        step: row.step,
        step_name: row.step_name,
        waiting_since: row.waiting_since,
        submitted_by: row.submitted_by,
        submitted_at: row.submitted_at,
        note: row.note,
        code: summary.code,
        title: summary.title,
        amount: summary.amount,
        currency: summary.currency,
        owner_id: summary.owner_id,
        customer_id: summary.customer_id,
        customer_name: summary.customer_name,
    })
}

impl Engine {
    /// ORG-5: configures a document type's flow as a new version (administrators and the host). Documents
    /// already submitted finish under the version they were submitted under.
    pub fn set_approval_flow(&self, actor: Option<&str>, req: SetFlowRequest) -> EngineResult<Flow> {
        self.write(actor, |cx| {
            cx.actor.require_admin("configure approval flows")?;
            let kind_of = field_kinds(cx, req.document_type)?;
            let steps = validate_steps(req.document_type, &req.steps, kind_of)?;
            for (i, step) in steps.iter().enumerate() {
                match &step.approver {
                    Approver::Role { department_id: Some(d), .. } if cx.tx.department(d)?.is_none() => {
                        return Err(EngineError::validation(
                            format!("steps[{i}].approver.department_id"),
                            "names no department",
                        ));
                    }
                    Approver::User { user_id } => {
                        let may = user_actor_of(cx.tx, user_id, true)?
                            .is_some_and(|u| u.permissions.allows(req.document_type.entity(), Action::Approve));
                        if !may {
                            return Err(EngineError::validation(
                                format!("steps[{i}].approver.user_id"),
                                "names no active user who may approve this document type",
                            ));
                        }
                    }
                    _ => {}
                }
            }
            let before = cx.tx.approval_flow(req.document_type, None)?;
            let flow = Flow {
                document_type: req.document_type,
                version: before.as_ref().map_or(1, |f| f.version + 1),
                steps,
                created_by: cx.actor.user_id().map(str::to_string),
                created_at: Some(cx.now),
            };
            cx.tx.insert_approval_flow(&cx.new_id(), &flow)?;
            cx.audit_setting_change(Setting::ApprovalFlow, flow.document_type.as_str(), "set", before.as_ref(), &flow)?;
            Ok(flow)
        })
    }

    /// ORG-5: a document type's flow in force (version 0: the built-in default), or a given version.
    pub fn approval_flow(&self, actor: Option<&str>, req: FlowRequest) -> EngineResult<Flow> {
        self.read(actor, |cx| match req.version {
            None => flow_in_force(cx, req.document_type),
            Some(0) => Ok(Flow {
                document_type: req.document_type,
                version: 0,
                steps: req.document_type.default_steps(),
                created_by: None,
                created_at: None,
            }),
            Some(v) => cx
                .tx
                .approval_flow(req.document_type, Some(v))?
                .ok_or_else(|| EngineError::not_found("no such flow version")),
        })
    }

    /// ORG-5: submits a document for approval along the flow in force and locks it; with `dry_run`,
    /// answers which steps would apply and to whom, writing nothing.
    pub fn submit_for_approval(&self, actor: Option<&str>, req: SubmitRequest) -> EngineResult<Approval> {
        self.write_or_dry_run(actor, req.dry_run, |cx| {
            let note = comment("note", req.note.as_deref())?;
            submit_document(cx, &req, note)
        })
    }

    /// ORG-5: approves the waiting step addressed to the actor; the last step approves the document.
    pub fn approve_approval(&self, actor: Option<&str>, req: DecisionRequest) -> EngineResult<Approval> {
        self.decide_approval(actor, &req.id, Decision::Approve, req.comment.as_deref(), None, req.dry_run)
    }

    /// ORG-5: rejects at the waiting step, with a reason: the document takes its rejected state.
    pub fn reject_approval(&self, actor: Option<&str>, req: RejectApprovalRequest) -> EngineResult<Approval> {
        self.decide_approval(actor, &req.id, Decision::Reject, req.comment.as_deref(), Some(&req.reason), false)
    }

    /// ORG-5: sends the approval back from the waiting step to the step approved before it.
    pub fn send_back_approval(&self, actor: Option<&str>, req: DecisionRequest) -> EngineResult<Approval> {
        self.decide_approval(actor, &req.id, Decision::SendBack, req.comment.as_deref(), None, req.dry_run)
    }

    fn decide_approval(
        &self,
        actor: Option<&str>,
        id: &str,
        decision: Decision,
        comment_text: Option<&str>,
        reason: Option<&str>,
        dry_run: bool,
    ) -> EngineResult<Approval> {
        self.write_or_dry_run(actor, dry_run, |cx| {
            let comment_text = comment("comment", comment_text)?;
            let reason = match reason {
                Some(r) => Some(text::required("reason", r, text::LONG_TEXT_MAX)?),
                None => None,
            };
            let (before, _) = visible(cx, id)?;
            let after = decide(cx, before, decision, comment_text, reason)?;
            follow(cx, &after)?;
            Ok(after)
        })
    }

    /// ORG-5: what waits for the actor's decision, oldest first, a page at a time (the host has no inbox).
    pub fn pending_approvals(&self, actor: Option<&str>, req: PendingRequest) -> EngineResult<Page<PendingApproval>> {
        self.read(actor, |cx| {
            let limit = page_limit(req.limit)?;
            let after = req.cursor.as_deref().map(parse_cursor).transpose()?;
            let Some(user) = cx.actor.user_id() else { return Ok(Page { items: vec![], next_cursor: None }) };
            let rows = cx.tx.approval_inbox(user, after.as_ref().map(|(t, id)| (*t, id.as_str())), limit + 1)?;
            let mut items = rows.into_iter().map(|r| pending_item(cx, r)).collect::<EngineResult<Vec<_>>>()?;
            let next_cursor = if items.len() > limit as usize {
                items.truncate(limit as usize);
                items.last().map(cursor_of)
            } else {
                None
            };
            Ok(Page { items, next_cursor })
        })
    }

    /// ORG-5: one approval, with its route and history, for those who may read its document.
    pub fn approval(&self, actor: Option<&str>, req: IdRequest) -> EngineResult<Approval> {
        self.read(actor, |cx| visible(cx, &req.id).map(|(a, _)| a))
    }

    /// ORG-5: a document's approvals, oldest first, each with its route and history.
    pub fn approval_history(&self, actor: Option<&str>, req: DocumentRequest) -> EngineResult<Vec<Approval>> {
        self.read(actor, |cx| {
            let entity = req.document_type.entity();
            access::require_read(cx.access(entity, &req.document_id)?, entity)?;
            Ok(cx.tx.approvals_of(req.document_type, &req.document_id)?)
        })
    }
}
