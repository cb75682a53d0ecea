//! Approval flows (ORG-5): document types, flows of ordered steps (approver, condition), the route a submission takes, and the decisions that move along it.
//!
//! Everything here is pure. The engine resolves each step's approver to users and reads a document's
//! values for the conditions; this module validates flows, evaluates conditions, and moves an approval
//! from step to step (approve, reject, send back).

mod requests;

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use serde_json::Value;

pub use self::requests::*;
use super::access::Role;
use super::custom_fields::CustomFieldType;
use super::entity::Entity;
use super::error::{DomainError, DomainResult};
use super::text;

/// The most steps a flow may have.
pub const MAX_STEPS: usize = 20;
/// The most levels a `manager` step may climb.
pub const MAX_LEVELS: u32 = 10;
/// DOC-4: from this amount (minor units of the base currency: 500,000.00) the default order flow
/// climbs a second level.
pub const LARGE_ORDER_MINOR_UNITS: i64 = 50_000_000;

/// What can be submitted for approval. Each module that approves something adds its type here with
/// its default flow; none writes an approval rule of its own.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[cfg_attr(feature = "uniffi", derive(uniffi::Enum))]
#[serde(rename_all = "snake_case")]
pub enum DocumentType {
    /// An opportunity's evaluation at a stage that requires approval (OPP-3); the document id is the
    /// opportunity's.
    OpportunityEvaluation,
    /// A quote whose line discount exceeds the ceiling of the sender's roles (DOC-2); the document id is
    /// the quote's.
    QuoteDiscount,
    /// A sales order's approval (DOC-4): larger orders climb more levels; the last approval takes the
    /// credit check. The document id is the order's.
    SalesOrder,
    /// A return or exchange (DOC-7): a service agent, then a manager. The document id is the return's.
    SalesReturn,
    /// A contract (DOC-9): the submitter's manager, larger contracts the manager above too. The document
    /// id is the contract version's.
    Contract,
}

/// The type of a value a condition compares.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum ValueKind {
    Number,
    Date,
    Text,
    Bool,
}

impl ValueKind {
    fn name(self) -> &'static str {
        match self {
            ValueKind::Number => "a number",
            ValueKind::Date => "a date (YYYY-MM-DD)",
            ValueKind::Text => "a text",
            ValueKind::Bool => "true or false",
        }
    }

    /// The kind of a custom field's values.
    pub(crate) fn of_custom(t: CustomFieldType) -> ValueKind {
        match t {
            CustomFieldType::Number => ValueKind::Number,
            CustomFieldType::Date => ValueKind::Date,
            CustomFieldType::Bool => ValueKind::Bool,
            CustomFieldType::Text | CustomFieldType::Choice => ValueKind::Text,
        }
    }
}

impl DocumentType {
    pub const ALL: [DocumentType; 5] = [
        DocumentType::OpportunityEvaluation,
        DocumentType::QuoteDiscount,
        DocumentType::SalesOrder,
        DocumentType::SalesReturn,
        DocumentType::Contract,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            DocumentType::OpportunityEvaluation => "opportunity_evaluation",
            DocumentType::QuoteDiscount => "quote_discount",
            DocumentType::SalesOrder => "sales_order",
            DocumentType::SalesReturn => "sales_return",
            DocumentType::Contract => "contract",
        }
    }

    pub fn parse(s: &str) -> Option<DocumentType> {
        DocumentType::ALL.into_iter().find(|t| t.as_str() == s)
    }

    /// The kind of record the document is.
    pub fn entity(self) -> Entity {
        match self {
            DocumentType::OpportunityEvaluation => Entity::Opportunity,
            DocumentType::QuoteDiscount => Entity::Quote,
            DocumentType::SalesOrder => Entity::Order,
            DocumentType::SalesReturn => Entity::Return,
            DocumentType::Contract => Entity::Contract,
        }
    }

    /// The flow that applies while an administrator has configured none (version 0).
    pub fn default_steps(self) -> Vec<FlowStep> {
        match self {
            // OPP-3's gate: any manager whose scope covers the opportunity's owner.
            // DOC-2: a manager whose scope covers the customer's owner.
            DocumentType::OpportunityEvaluation | DocumentType::QuoteDiscount => {
                vec![FlowStep { name: "manager".into(), approver: Approver::ManagerInScope, condition: None }]
            }
            // DOC-4 and DOC-9: the submitter's manager; from 500,000.00 of the base currency also the
            // manager above.
            DocumentType::SalesOrder | DocumentType::Contract => vec![
                FlowStep { name: "manager".into(), approver: Approver::Manager { levels: 1 }, condition: None },
                FlowStep {
                    name: "director".into(),
                    approver: Approver::Manager { levels: 2 },
                    condition: Some(Condition {
                        field: "amount".into(),
                        op: CompareOp::Gte,
                        value: Value::from(LARGE_ORDER_MINOR_UNITS),
                    }),
                },
            ],
            // DOC-7: a service agent, then a manager whose scope covers the customer's owner.
            DocumentType::SalesReturn => vec![
                FlowStep {
                    name: "service".into(),
                    approver: Approver::Role { role: Role::ServiceAgent, department_id: None },
                    condition: None,
                },
                FlowStep { name: "manager".into(), approver: Approver::ManagerInScope, condition: None },
            ],
        }
    }

    /// The document's own fields a condition may name (custom fields are `custom.<key>`), with their kinds.
    pub(crate) fn condition_fields(self) -> &'static [(&'static str, ValueKind)] {
        match self {
            DocumentType::OpportunityEvaluation => &[
                // Minor units of the organisation's base currency, so one threshold serves every currency.
                ("amount", ValueKind::Number),
                ("probability", ValueKind::Number),
                ("expected_close_date", ValueKind::Date),
            ],
            DocumentType::QuoteDiscount => &[
                // The gross total in minor units of the base currency, and the largest line discount.
                ("amount", ValueKind::Number),
                ("max_discount_bp", ValueKind::Number),
            ],
            DocumentType::SalesOrder => &[("amount", ValueKind::Number), ("payment_terms_days", ValueKind::Number)],
            DocumentType::SalesReturn => &[("amount", ValueKind::Number), ("exchange", ValueKind::Bool)],
            // The gross total in the base currency, the period's length and the number of instalments.
            DocumentType::Contract => &[
                ("amount", ValueKind::Number),
                ("duration_days", ValueKind::Number),
                ("instalments", ValueKind::Number),
            ],
        }
    }

    /// Whether a holder of `role` may approve documents of this type (the `approve` permission; the
    /// roles issue makes it configurable). Built-in managers and administrators have it.
    pub fn approvable_by(self, role: Role) -> bool {
        match self {
            DocumentType::OpportunityEvaluation
            | DocumentType::QuoteDiscount
            | DocumentType::SalesOrder
            | DocumentType::SalesReturn
            | DocumentType::Contract => {
                super::permissions::builtin(role).allows(self.entity(), super::permissions::Action::Approve)
            }
        }
    }
}

/// Who approves a step.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(tag = "kind", rename_all = "snake_case", deny_unknown_fields)]
pub enum Approver {
    /// Any manager whose data scope covers the document's owner.
    ManagerInScope,
    /// The submitter's manager (`levels` 1, the default) or the manager that many levels up the chain.
    Manager {
        #[serde(default = "one")]
        #[cfg_attr(feature = "schema", schemars(range(min = 1, max = 10)))]
        levels: u32,
    },
    /// The holders of `role` in the submitter's department, or else in the nearest ancestor department
    /// that has one.
    NearestRole { role: Role },
    /// Every holder of `role` in the organisation, or in `department_id` and the departments below it.
    Role {
        role: Role,
        #[serde(default)]
        department_id: Option<String>,
    },
    /// A named user.
    User { user_id: String },
}

fn one() -> u32 {
    1
}

/// How a condition compares the document's value with the threshold.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
pub enum CompareOp {
    Gt,
    Gte,
    Lt,
    Lte,
    Eq,
    Ne,
}

/// A condition on the document: the step applies only when it holds.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct Condition {
    /// One of the document type's fields (`amount`, ...) or `custom.<key>`.
    pub field: String,
    pub op: CompareOp,
    /// A number, a `YYYY-MM-DD` date, a text or a boolean, as the field is.
    pub value: Value,
}

/// One step of a flow.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct FlowStep {
    pub name: String,
    pub approver: Approver,
    /// When absent the step always applies; otherwise only when the condition holds.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub condition: Option<Condition>,
}

/// A document type's flow at one version. Version 0 is the built-in default, in force until an
/// administrator configures one.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Flow {
    pub document_type: DocumentType,
    pub version: u32,
    pub steps: Vec<FlowStep>,
    pub created_by: Option<String>,
    pub created_at: Option<DateTime<Utc>>,
}

/// A value of a document, as a condition reads it.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum FieldValue {
    Number(f64),
    Date(NaiveDate),
    Text(String),
    Bool(bool),
}

impl FieldValue {
    /// A custom field's stored JSON value as `kind`, if it is one.
    pub(crate) fn from_json(kind: ValueKind, v: &Value) -> Option<FieldValue> {
        match (kind, v) {
            (ValueKind::Number, Value::Number(n)) => n.as_f64().map(FieldValue::Number),
            (ValueKind::Date, Value::String(s)) => NaiveDate::parse_from_str(s, "%Y-%m-%d").ok().map(FieldValue::Date),
            (ValueKind::Text, Value::String(s)) => Some(FieldValue::Text(s.clone())),
            (ValueKind::Bool, Value::Bool(b)) => Some(FieldValue::Bool(*b)),
            _ => None,
        }
    }
}

/// Validates a flow's steps for `doc_type`. `field_kind` answers the kind of a condition field
/// (`None`: no such field); approvers naming a department or user are checked by the engine.
pub(crate) fn validate_steps(
    doc_type: DocumentType,
    steps: &[FlowStep],
    field_kind: impl Fn(&str) -> Option<ValueKind>,
) -> DomainResult<Vec<FlowStep>> {
    if steps.is_empty() {
        return Err(DomainError::validation("steps", "a flow needs at least one step"));
    }
    if steps.len() > MAX_STEPS {
        return Err(DomainError::validation("steps", format!("a flow has at most {MAX_STEPS} steps")));
    }
    let mut out = Vec::with_capacity(steps.len());
    for (i, step) in steps.iter().enumerate() {
        let at = |f: &str| format!("steps[{i}].{f}");
        let name = text::required(&at("name"), &step.name, text::NAME_MAX)?;
        let approver = match &step.approver {
            Approver::Manager { levels } if !(1..=MAX_LEVELS).contains(levels) => {
                return Err(DomainError::validation(
                    at("approver.levels"),
                    format!("must be between 1 and {MAX_LEVELS}"),
                ));
            }
            Approver::NearestRole { role } | Approver::Role { role, .. } if !doc_type.approvable_by(*role) => {
                return Err(DomainError::validation(
                    at("approver.role"),
                    format!("this role may not approve a {}", doc_type.as_str()),
                ));
            }
            Approver::Role { role, department_id } => Approver::Role {
                role: *role,
                department_id: text::optional(
                    &at("approver.department_id"),
                    department_id.as_deref(),
                    text::SHORT_MAX,
                )?,
            },
            Approver::User { user_id } => {
                Approver::User { user_id: text::required(&at("approver.user_id"), user_id, text::SHORT_MAX)? }
            }
            other => other.clone(),
        };
        let condition =
            step.condition.as_ref().map(|c| validate_condition(c, &at("condition"), &field_kind)).transpose()?;
        out.push(FlowStep { name, approver, condition });
    }
    Ok(out)
}

fn validate_condition(
    c: &Condition,
    at: &str,
    field_kind: &impl Fn(&str) -> Option<ValueKind>,
) -> DomainResult<Condition> {
    let field = c.field.trim();
    let kind = field_kind(field)
        .ok_or_else(|| DomainError::validation(format!("{at}.field"), "is not a field of this document type"))?;
    if matches!(kind, ValueKind::Text | ValueKind::Bool) && !matches!(c.op, CompareOp::Eq | CompareOp::Ne) {
        return Err(DomainError::validation(format!("{at}.op"), "a text or boolean field compares with eq or ne only"));
    }
    let value = FieldValue::from_json(kind, &c.value);
    match value {
        Some(FieldValue::Text(ref s)) if s.chars().count() > text::NAME_MAX => Err(DomainError::validation(
            format!("{at}.value"),
            format!("must be at most {} characters", text::NAME_MAX),
        )),
        Some(_) => Ok(Condition { field: field.to_string(), op: c.op, value: c.value.clone() }),
        None => {
            Err(DomainError::validation(format!("{at}.value"), format!("must be {}, as the field is", kind.name())))
        }
    }
}

impl Condition {
    /// Whether the condition holds for a document whose `field` has `value` (`None`: no value, so it
    /// does not hold).
    pub(crate) fn holds(&self, kind: ValueKind, value: Option<&FieldValue>) -> bool {
        let (Some(value), Some(threshold)) = (value, FieldValue::from_json(kind, &self.value)) else { return false };
        let ordering = match (value, &threshold) {
            (FieldValue::Number(a), FieldValue::Number(b)) => a.partial_cmp(b),
            (FieldValue::Date(a), FieldValue::Date(b)) => Some(a.cmp(b)),
            (FieldValue::Text(a), FieldValue::Text(b)) => Some(a.cmp(b)),
            (FieldValue::Bool(a), FieldValue::Bool(b)) => Some(a.cmp(b)),
            _ => None,
        };
        let Some(o) = ordering else { return false };
        match self.op {
            CompareOp::Gt => o.is_gt(),
            CompareOp::Gte => o.is_ge(),
            CompareOp::Lt => o.is_lt(),
            CompareOp::Lte => o.is_le(),
            CompareOp::Eq => o.is_eq(),
            CompareOp::Ne => o.is_ne(),
        }
    }
}

/// Where an approval stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[cfg_attr(feature = "uniffi", derive(uniffi::Enum))]
#[serde(rename_all = "snake_case")]
pub enum ApprovalState {
    /// A step waits for its decision; the document is locked.
    Pending,
    Approved,
    Rejected,
}

/// Where one step of an approval stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[cfg_attr(feature = "uniffi", derive(uniffi::Enum))]
#[serde(rename_all = "snake_case")]
pub enum StepStatus {
    /// Its condition did not hold for the document: it does not apply.
    Skipped,
    /// Not reached yet (or sent back past).
    Upcoming,
    /// Its approvers decide now.
    Waiting,
    Approved,
    Rejected,
}

/// What happened to an approval (its history).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[cfg_attr(feature = "uniffi", derive(uniffi::Enum))]
#[serde(rename_all = "snake_case")]
pub enum ApprovalAction {
    Submitted,
    Approved,
    Rejected,
    SentBack,
}

macro_rules! str_enum {
    ($t:ty { $($v:ident => $s:literal),* $(,)? }) => {
        impl $t {
            pub fn as_str(self) -> &'static str {
                match self { $(<$t>::$v => $s),* }
            }
            pub fn parse(s: &str) -> Option<$t> {
                match s { $($s => Some(<$t>::$v),)* _ => None }
            }
        }
    };
}
str_enum!(ApprovalState { Pending => "pending", Approved => "approved", Rejected => "rejected" });
str_enum!(StepStatus {
    Skipped => "skipped", Upcoming => "upcoming", Waiting => "waiting", Approved => "approved", Rejected => "rejected",
});
str_enum!(ApprovalAction { Submitted => "submitted", Approved => "approved", Rejected => "rejected", SentBack => "sent_back" });

/// One step of a submitted document's route, with the users it is addressed to.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
pub struct ApprovalStep {
    /// 1 for the flow's first step.
    pub position: u32,
    pub name: String,
    pub status: StepStatus,
    /// Who may decide it (empty for a skipped step).
    pub approvers: Vec<String>,
}

/// One entry of an approval's history.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
pub struct ApprovalEvent {
    pub at: DateTime<Utc>,
    /// The step decided (`None` for the submission).
    pub position: Option<u32>,
    /// The user who acted (`None`: the host).
    pub actor_id: Option<String>,
    pub action: ApprovalAction,
    /// The submission's note, the decision's comment, or a rejection's reason.
    pub comment: Option<String>,
}

/// A document's submission and its route through the flow in force when it was submitted.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
pub struct Approval {
    pub id: String,
    pub document_type: DocumentType,
    pub document_id: String,
    /// The flow version it was submitted under (0: the built-in default); it finishes under it.
    pub flow_version: u32,
    pub status: ApprovalState,
    /// The step that waits (`None` once decided).
    pub current_step: Option<u32>,
    pub submitted_by: Option<String>,
    pub submitted_at: DateTime<Utc>,
    pub note: Option<String>,
    pub decided_at: Option<DateTime<Utc>>,
    /// Why it was rejected.
    pub reason: Option<String>,
    pub steps: Vec<ApprovalStep>,
    pub history: Vec<ApprovalEvent>,
}

/// A decision on the waiting step.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Decision {
    Approve,
    Reject,
    SendBack,
}

impl Approval {
    /// The waiting step.
    pub(crate) fn waiting(&self) -> Option<&ApprovalStep> {
        self.current_step.and_then(|p| self.steps.iter().find(|s| s.position == p))
    }

    /// Starts the route: the first applicable step waits; with none applicable the document is
    /// approved at once.
    pub(crate) fn start(&mut self, now: DateTime<Utc>) {
        self.advance_from(0, now);
    }

    /// Sets the first upcoming step after `position` waiting, or approves the whole.
    fn advance_from(&mut self, position: u32, now: DateTime<Utc>) {
        match self.steps.iter_mut().find(|s| s.position > position && s.status == StepStatus::Upcoming) {
            Some(next) => {
                next.status = StepStatus::Waiting;
                self.current_step = Some(next.position);
            }
            None => {
                self.status = ApprovalState::Approved;
                self.current_step = None;
                self.decided_at = Some(now);
            }
        }
    }

    /// Applies a decision on the waiting step (the engine has checked the actor is addressed).
    pub(crate) fn decide(
        &mut self,
        decision: Decision,
        reason: Option<String>,
        now: DateTime<Utc>,
    ) -> DomainResult<()> {
        let Some(position) = self.current_step.filter(|_| self.status == ApprovalState::Pending) else {
            return Err(DomainError::invalid_state("this approval has been decided"));
        };
        let index = self.steps.iter().position(|s| s.position == position).expect("the waiting step is in the route");
        match decision {
            Decision::Approve => {
                self.steps[index].status = StepStatus::Approved;
                self.advance_from(position, now);
            }
            Decision::Reject => {
                self.steps[index].status = StepStatus::Rejected;
                self.status = ApprovalState::Rejected;
                self.current_step = None;
                self.decided_at = Some(now);
                self.reason = reason;
            }
            Decision::SendBack => {
                let previous =
                    self.steps[..index].iter().rposition(|s| s.status == StepStatus::Approved).ok_or_else(|| {
                        DomainError::invalid_state(
                            "the first step has no step before it to send back to: reject instead",
                        )
                    })?;
                self.steps[index].status = StepStatus::Upcoming;
                self.steps[previous].status = StepStatus::Waiting;
                self.current_step = Some(self.steps[previous].position);
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn kind(field: &str) -> Option<ValueKind> {
        match field {
            "amount" => Some(ValueKind::Number),
            "expected_close_date" => Some(ValueKind::Date),
            "custom.vip" => Some(ValueKind::Bool),
            _ => None,
        }
    }

    fn step(name: &str, condition: Option<Condition>) -> FlowStep {
        FlowStep { name: name.into(), approver: Approver::ManagerInScope, condition }
    }

    fn at(s: u32) -> DateTime<Utc> {
        DateTime::from_timestamp(1_700_000_000 + i64::from(s), 0).unwrap()
    }

    #[test]
    fn org_5_flows_refuse_unknown_fields_and_mismatched_values() {
        let t = DocumentType::OpportunityEvaluation;
        let cond = |field: &str, op, value| Some(Condition { field: field.into(), op, value });
        let err = validate_steps(t, &[step("a", cond("colour", CompareOp::Eq, json!(1)))], kind).unwrap_err();
        assert_eq!(err.field(), Some("steps[0].condition.field"));
        let err = validate_steps(
            t,
            &[step("a", None), step("b", cond("expected_close_date", CompareOp::Gt, json!(5)))],
            kind,
        )
        .unwrap_err();
        assert_eq!(err.field(), Some("steps[1].condition.value"), "a date compared with a number");
        let err = validate_steps(t, &[step("a", cond("custom.vip", CompareOp::Gt, json!(true)))], kind).unwrap_err();
        assert_eq!(err.field(), Some("steps[0].condition.op"));
        assert!(validate_steps(t, &[], kind).is_err());
        let rep =
            FlowStep { name: "x".into(), approver: Approver::NearestRole { role: Role::SalesRep }, condition: None };
        assert_eq!(validate_steps(t, &[rep], kind).unwrap_err().field(), Some("steps[0].approver.role"));
        let far = FlowStep { name: "x".into(), approver: Approver::Manager { levels: 11 }, condition: None };
        assert_eq!(validate_steps(t, &[far], kind).unwrap_err().field(), Some("steps[0].approver.levels"));
        let ok = validate_steps(t, &[step(" big ", cond("amount", CompareOp::Gte, json!(100_000)))], kind).unwrap();
        assert_eq!(ok[0].name, "big");
    }

    #[test]
    fn org_5_conditions_compare_like_values_only() {
        let c = Condition { field: "amount".into(), op: CompareOp::Gt, value: json!(1000) };
        assert!(c.holds(ValueKind::Number, Some(&FieldValue::Number(1000.5))));
        assert!(!c.holds(ValueKind::Number, Some(&FieldValue::Number(1000.0))));
        assert!(!c.holds(ValueKind::Number, None), "no value: the step does not apply");
        let d = Condition { field: "expected_close_date".into(), op: CompareOp::Lte, value: json!("2026-06-30") };
        assert!(d.holds(ValueKind::Date, Some(&FieldValue::Date(NaiveDate::from_ymd_opt(2026, 6, 30).unwrap()))));
        assert!(!d.holds(ValueKind::Date, Some(&FieldValue::Number(1.0))));
    }

    fn approval(statuses: &[StepStatus]) -> Approval {
        Approval {
            id: "a".into(),
            document_type: DocumentType::OpportunityEvaluation,
            document_id: "o".into(),
            flow_version: 1,
            status: ApprovalState::Pending,
            current_step: None,
            submitted_by: None,
            submitted_at: at(0),
            note: None,
            decided_at: None,
            reason: None,
            steps: statuses
                .iter()
                .enumerate()
                .map(|(i, s)| ApprovalStep {
                    position: i as u32 + 1,
                    name: format!("s{i}"),
                    status: *s,
                    approvers: vec![],
                })
                .collect(),
            history: vec![],
        }
    }

    #[test]
    fn org_5_a_route_skips_steps_sends_back_and_ends() {
        use StepStatus::*;
        let mut a = approval(&[Skipped, Upcoming, Skipped, Upcoming]);
        a.start(at(1));
        assert_eq!(a.current_step, Some(2));
        assert!(
            a.decide(Decision::SendBack, None, at(2)).is_err(),
            "nothing approved before the first applicable step"
        );
        a.decide(Decision::Approve, None, at(3)).unwrap();
        assert_eq!(a.current_step, Some(4));
        a.decide(Decision::SendBack, None, at(4)).unwrap();
        assert_eq!((a.current_step, a.steps[3].status, a.steps[1].status), (Some(2), Upcoming, Waiting));
        a.decide(Decision::Approve, None, at(5)).unwrap();
        a.decide(Decision::Approve, None, at(6)).unwrap();
        assert_eq!((a.status, a.current_step, a.decided_at), (ApprovalState::Approved, None, Some(at(6))));
        assert!(a.decide(Decision::Approve, None, at(7)).is_err(), "deciding twice");

        let mut none_apply = approval(&[Skipped]);
        none_apply.start(at(1));
        assert_eq!(none_apply.status, ApprovalState::Approved);

        let mut rejected = approval(&[Upcoming, Upcoming]);
        rejected.start(at(1));
        rejected.decide(Decision::Reject, Some("no budget".into()), at(2)).unwrap();
        assert_eq!((rejected.status, rejected.reason.as_deref()), (ApprovalState::Rejected, Some("no budget")));
        assert_eq!(rejected.steps[1].status, Upcoming);
    }
}
