//! Approval flows and approvals (ORG-5): flow versions, each submission's route, addressees and history, the inbox, the users a step may be addressed to.

use chrono::{DateTime, Utc};
use rusqlite::{OptionalExtension, Row, params};

use super::db::Tx;
use super::error::StorageResult;
use super::row;
use crate::domain::access::Role;
use crate::domain::approval::{
    Approval, ApprovalAction, ApprovalEvent, ApprovalState, ApprovalStep, Approver, CompareOp, Condition,
    DocumentSummary, DocumentType, Flow, FlowStep, StepStatus,
};

/// One row of a user's inbox: the approval and its waiting step, oldest first.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct InboxRow {
    pub approval_id: String,
    pub document_type: DocumentType,
    pub document_id: String,
    pub step: u32,
    pub step_name: String,
    pub waiting_since: DateTime<Utc>,
    pub submitted_by: Option<String>,
    pub submitted_at: DateTime<Utc>,
    pub note: Option<String>,
}

const APPROVER_KINDS: [&str; 5] = ["manager_in_scope", "manager", "nearest_role", "role", "user"];

fn op_str(op: CompareOp) -> &'static str {
    match op {
        CompareOp::Gt => "gt",
        CompareOp::Gte => "gte",
        CompareOp::Lt => "lt",
        CompareOp::Lte => "lte",
        CompareOp::Eq => "eq",
        CompareOp::Ne => "ne",
    }
}

fn op_parse(s: &str) -> Option<CompareOp> {
    [CompareOp::Gt, CompareOp::Gte, CompareOp::Lt, CompareOp::Lte, CompareOp::Eq, CompareOp::Ne]
        .into_iter()
        .find(|o| op_str(*o) == s)
}

fn flow_step(r: &Row<'_>) -> rusqlite::Result<FlowStep> {
    let kind: String = r.get(1)?;
    let role = || row::get_enum(r, 3, Role::parse);
    let approver = match APPROVER_KINDS.iter().position(|k| *k == kind) {
        Some(0) => Approver::ManagerInScope,
        Some(1) => Approver::Manager { levels: r.get(2)? },
        Some(2) => Approver::NearestRole { role: role()? },
        Some(3) => Approver::Role { role: role()?, department_id: r.get(4)? },
        Some(4) => Approver::User { user_id: r.get(5)? },
        _ => return Err(row::conv_err(1, "approver")),
    };
    let condition = match r.get::<_, Option<String>>(6)? {
        None => None,
        Some(field) => Some(Condition { field, op: row::get_enum(r, 7, op_parse)?, value: row::get_json(r, 8)? }),
    };
    Ok(FlowStep { name: r.get(0)?, approver, condition })
}

fn approval_row(r: &Row<'_>) -> rusqlite::Result<Approval> {
    Ok(Approval {
        id: r.get(0)?,
        document_type: row::get_enum(r, 1, DocumentType::parse)?,
        document_id: r.get(2)?,
        flow_version: r.get(3)?,
        status: row::get_enum(r, 4, ApprovalState::parse)?,
        current_step: r.get(5)?,
        submitted_by: r.get(6)?,
        submitted_at: row::get_instant(r, 7)?,
        note: r.get(8)?,
        decided_at: row::get_opt_instant(r, 9)?,
        reason: r.get(10)?,
        steps: Vec::new(),
        history: Vec::new(),
    })
}

const APPROVAL_COLUMNS: &str = "id, document_type, document_id, flow_version, status, current_step, submitted_by, \
                                submitted_at, note, decided_at, reason";

impl Tx<'_> {
    /// The flow of `doc_type` at `version`, or the newest configured one (`None`); `None` when no such
    /// version is configured.
    pub(crate) fn approval_flow(&self, doc_type: DocumentType, version: Option<u32>) -> StorageResult<Option<Flow>> {
        let head = self
            .conn
            .prepare_cached(
                "SELECT id, version, created_by, created_at FROM approval_flows WHERE document_type = ?1
                 AND (?2 IS NULL OR version = ?2) ORDER BY version DESC LIMIT 1",
            )?
            .query_row(params![doc_type.as_str(), version], |r| {
                Ok((
                    r.get::<_, String>(0)?,
                    r.get::<_, u32>(1)?,
                    r.get::<_, Option<String>>(2)?,
                    row::get_instant(r, 3)?,
                ))
            })
            .optional()?;
        let Some((id, version, created_by, created_at)) = head else { return Ok(None) };
        let mut stmt = self.conn.prepare_cached(
            "SELECT name, approver, levels, role, department_id, user_id, condition_field, condition_op, condition_value
             FROM approval_flow_steps WHERE flow_id = ?1 ORDER BY position",
        )?;
        let steps = stmt.query_map([&id], flow_step)?.collect::<Result<_, _>>()?;
        Ok(Some(Flow { document_type: doc_type, version, steps, created_by, created_at: Some(created_at) }))
    }

    /// Stores a new flow version.
    pub(crate) fn insert_approval_flow(&self, id: &str, flow: &Flow) -> StorageResult<()> {
        self.conn
            .prepare_cached(
                "INSERT INTO approval_flows (id, document_type, version, created_by, created_at) VALUES (?1, ?2, ?3, ?4, ?5)",
            )?
            .execute(params![
                id,
                flow.document_type.as_str(),
                flow.version,
                flow.created_by,
                row::opt_instant(flow.created_at)
            ])?;
        let mut ins = self.conn.prepare_cached(
            "INSERT INTO approval_flow_steps (flow_id, position, name, approver, levels, role, department_id, user_id,
             condition_field, condition_op, condition_value) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)",
        )?;
        for (i, s) in flow.steps.iter().enumerate() {
            let (kind, levels, role, department, user) = match &s.approver {
                Approver::ManagerInScope => (0, None, None, None, None),
                Approver::Manager { levels } => (1, Some(*levels), None, None, None),
                Approver::NearestRole { role } => (2, None, Some(role.as_str()), None, None),
                Approver::Role { role, department_id } => {
                    (3, None, Some(role.as_str()), department_id.as_deref(), None)
                }
                Approver::User { user_id } => (4, None, None, None, Some(user_id.as_str())),
            };
            let c = s.condition.as_ref();
            ins.execute(params![
                id,
                i as i64 + 1,
                s.name,
                APPROVER_KINDS[kind],
                levels,
                role,
                department,
                user,
                c.map(|c| c.field.as_str()),
                c.map(|c| op_str(c.op)),
                c.map(|c| row::json(&c.value)),
            ])?;
        }
        Ok(())
    }

    /// Active users holding any of the built-in `roles` or the custom roles `custom`, by id.
    pub(crate) fn approval_candidates(&self, roles: &[Role], custom: &[String]) -> StorageResult<Vec<String>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT u.id FROM users u WHERE u.active = 1 AND (
                 EXISTS (SELECT 1 FROM user_roles r WHERE r.user_id = u.id AND r.role IN (SELECT value FROM json_each(?1)))
                 OR EXISTS (SELECT 1 FROM user_custom_roles c WHERE c.user_id = u.id
                            AND c.role IN (SELECT value FROM json_each(?2))))
             ORDER BY u.id",
        )?;
        let roles: Vec<&str> = roles.iter().map(|r| r.as_str()).collect();
        let rows = stmt.query_map([row::json(&roles), row::json(&custom)], |r| r.get(0))?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// A user's manager, if the user exists and has one.
    pub(crate) fn manager_of(&self, user_id: &str) -> StorageResult<Option<String>> {
        Ok(self
            .conn
            .prepare_cached("SELECT manager_id FROM users WHERE id = ?1")?
            .query_row([user_id], |r| r.get(0))
            .optional()?
            .flatten())
    }

    /// Stores a new approval with its route, addressees and history; the waiting step's addressees
    /// wait from `submitted_at`.
    pub(crate) fn insert_approval(&self, a: &Approval, subject: Option<&str>) -> StorageResult<()> {
        self.conn
            .prepare_cached(
                "INSERT INTO approvals (id, document_type, document_id, subject, flow_version, status, current_step,
                 submitted_by, submitted_at, note, decided_at, reason) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)",
            )?
            .execute(params![
                a.id,
                a.document_type.as_str(),
                a.document_id,
                subject,
                a.flow_version,
                a.status.as_str(),
                a.current_step,
                a.submitted_by,
                row::instant(a.submitted_at),
                a.note,
                row::opt_instant(a.decided_at),
                a.reason,
            ])?;
        let mut step = self.conn.prepare_cached(
            "INSERT INTO approval_steps (approval_id, position, name, status) VALUES (?1, ?2, ?3, ?4)",
        )?;
        let mut addressee = self.conn.prepare_cached(
            "INSERT INTO approval_addressees (approval_id, position, user_id, document_id, waiting_since)
             VALUES (?1, ?2, ?3, ?4, ?5)",
        )?;
        for s in &a.steps {
            step.execute(params![a.id, s.position, s.name, s.status.as_str()])?;
            let since = (s.status == StepStatus::Waiting).then(|| row::instant(a.submitted_at));
            for u in &s.approvers {
                addressee.execute(params![a.id, s.position, u, a.document_id, since])?;
            }
        }
        self.append_approval_events(&a.id, 0, &a.history)
    }

    fn append_approval_events(&self, id: &str, stored: usize, events: &[ApprovalEvent]) -> StorageResult<()> {
        let mut ins = self.conn.prepare_cached(
            "INSERT INTO approval_events (approval_id, seq, at, position, actor_id, action, comment)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
        )?;
        for (i, e) in events.iter().enumerate().skip(stored) {
            ins.execute(params![
                id,
                i as i64 + 1,
                row::instant(e.at),
                e.position,
                e.actor_id,
                e.action.as_str(),
                e.comment
            ])?;
        }
        Ok(())
    }

    /// Saves a decision: the approval's state, its steps' statuses, the waiting step's addressees (waiting
    /// from `now`; every other step's stop waiting) and the new history entries.
    pub(crate) fn save_approval_progress(
        &self,
        before: &Approval,
        a: &Approval,
        now: DateTime<Utc>,
    ) -> StorageResult<()> {
        self.conn
            .prepare_cached(
                "UPDATE approvals SET status = ?2, current_step = ?3, decided_at = ?4, reason = ?5 WHERE id = ?1",
            )?
            .execute(params![a.id, a.status.as_str(), a.current_step, row::opt_instant(a.decided_at), a.reason])?;
        let mut step = self
            .conn
            .prepare_cached("UPDATE approval_steps SET status = ?3 WHERE approval_id = ?1 AND position = ?2")?;
        for (old, new) in before.steps.iter().zip(&a.steps) {
            if old.status != new.status {
                step.execute(params![a.id, new.position, new.status.as_str()])?;
            }
        }
        if before.current_step != a.current_step {
            self.conn
                .prepare_cached(
                    "UPDATE approval_addressees SET waiting_since = CASE WHEN position IS ?2 THEN ?3 END
                     WHERE approval_id = ?1 AND (waiting_since IS NOT NULL OR position IS ?2)",
                )?
                .execute(params![a.id, a.current_step, row::instant(now)])?;
        }
        self.append_approval_events(&a.id, before.history.len(), &a.history)
    }

    /// An approval with its route, addressees and history, and what of the document it approves.
    pub(crate) fn approval(&self, id: &str) -> StorageResult<Option<(Approval, Option<String>)>> {
        let sql = format!("SELECT {APPROVAL_COLUMNS}, subject FROM approvals WHERE id = ?1");
        let found = self
            .conn
            .prepare_cached(&sql)?
            .query_row([id], |r| Ok((approval_row(r)?, r.get::<_, Option<String>>(11)?)))
            .optional()?;
        let Some((mut a, subject)) = found else { return Ok(None) };
        self.fill_approval(&mut a)?;
        Ok(Some((a, subject)))
    }

    fn fill_approval(&self, a: &mut Approval) -> StorageResult<()> {
        let mut steps = self.conn.prepare_cached(
            "SELECT position, name, status FROM approval_steps WHERE approval_id = ?1 ORDER BY position",
        )?;
        a.steps = steps
            .query_map([&a.id], |r| {
                Ok(ApprovalStep {
                    position: r.get(0)?,
                    name: r.get(1)?,
                    status: row::get_enum(r, 2, StepStatus::parse)?,
                    approvers: Vec::new(),
                })
            })?
            .collect::<Result<_, _>>()?;
        let mut addressees = self.conn.prepare_cached(
            "SELECT position, user_id FROM approval_addressees WHERE approval_id = ?1 ORDER BY position, user_id",
        )?;
        let mut rows = addressees.query([&a.id])?;
        while let Some(r) = rows.next()? {
            let position: u32 = r.get(0)?;
            if let Some(s) = a.steps.iter_mut().find(|s| s.position == position) {
                s.approvers.push(r.get(1)?);
            }
        }
        let mut events = self.conn.prepare_cached(
            "SELECT at, position, actor_id, action, comment FROM approval_events WHERE approval_id = ?1 ORDER BY seq",
        )?;
        a.history = events
            .query_map([&a.id], |r| {
                Ok(ApprovalEvent {
                    at: row::get_instant(r, 0)?,
                    position: r.get(1)?,
                    actor_id: r.get(2)?,
                    action: row::get_enum(r, 3, ApprovalAction::parse)?,
                    comment: r.get(4)?,
                })
            })?
            .collect::<Result<_, _>>()?;
        Ok(())
    }

    /// Every approval of a document, oldest first.
    pub(crate) fn approvals_of(&self, doc_type: DocumentType, document_id: &str) -> StorageResult<Vec<Approval>> {
        let sql = format!(
            "SELECT {APPROVAL_COLUMNS} FROM approvals WHERE document_id = ?1 AND document_type = ?2 ORDER BY submitted_at, id"
        );
        let mut out: Vec<Approval> = self
            .conn
            .prepare_cached(&sql)?
            .query_map([document_id, doc_type.as_str()], approval_row)?
            .collect::<Result<_, _>>()?;
        for a in &mut out {
            self.fill_approval(a)?;
        }
        Ok(out)
    }

    /// The id of a document's pending approval, if any.
    pub(crate) fn pending_approval_of(
        &self,
        doc_type: DocumentType,
        document_id: &str,
    ) -> StorageResult<Option<String>> {
        Ok(self
            .conn
            .prepare_cached(
                "SELECT id FROM approvals WHERE document_id = ?1 AND document_type = ?2 AND status = 'pending'",
            )?
            .query_row([document_id, doc_type.as_str()], |r| r.get(0))
            .optional()?)
    }

    /// What waits for `user_id`, oldest first, after the cursor (waiting since, approval id).
    pub(crate) fn approval_inbox(
        &self,
        user_id: &str,
        after: Option<(DateTime<Utc>, &str)>,
        limit: u32,
    ) -> StorageResult<Vec<InboxRow>> {
        let (since, id) = after.map_or((None, ""), |(t, id)| (Some(row::instant(t)), id));
        let mut stmt = self.conn.prepare_cached(
            "SELECT x.approval_id, a.document_type, a.document_id, x.position, s.name, x.waiting_since,
                    a.submitted_by, a.submitted_at, a.note
             FROM approval_addressees x
             JOIN approvals a ON a.id = x.approval_id
             JOIN approval_steps s ON s.approval_id = x.approval_id AND s.position = x.position
             WHERE x.user_id = ?1 AND x.waiting_since IS NOT NULL
               AND (?2 IS NULL OR (x.waiting_since, x.approval_id) > (?2, ?3))
             ORDER BY x.waiting_since, x.approval_id LIMIT ?4",
        )?;
        let rows = stmt.query_map(params![user_id, since, id, limit], |r| {
            Ok(InboxRow {
                approval_id: r.get(0)?,
                document_type: row::get_enum(r, 1, DocumentType::parse)?,
                document_id: r.get(2)?,
                step: r.get(3)?,
                step_name: r.get(4)?,
                waiting_since: row::get_instant(r, 5)?,
                submitted_by: r.get(6)?,
                submitted_at: row::get_instant(r, 7)?,
                note: r.get(8)?,
            })
        })?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// What a pending item shows of an opportunity: code, title, amount, owner, customer and its name.
    pub(crate) fn opportunity_summary(&self, id: &str) -> StorageResult<Option<DocumentSummary>> {
        Ok(self
            .conn
            .prepare_cached(
                "SELECT o.code, o.title, o.amount, o.currency, o.owner_id, o.customer_id, c.name
                 FROM opportunities o LEFT JOIN customers c ON c.id = o.customer_id WHERE o.id = ?1",
            )?
            .query_row([id], |r| {
                Ok(DocumentSummary {
                    code: r.get(0)?,
                    title: r.get(1)?,
                    amount: r.get(2)?,
                    currency: r.get(3)?,
                    owner_id: r.get(4)?,
                    customer_id: r.get(5)?,
                    customer_name: r.get(6)?,
                })
            })
            .optional()?)
    }
}
