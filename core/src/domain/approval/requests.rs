//! The requests and answers of the approval methods (ORG-5): configuring a flow, submitting, deciding, the pending list.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use super::{DocumentType, FlowStep};

/// Configures a document type's flow: a new version, in force for every later submission.
#[derive(Debug, Clone, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct SetFlowRequest {
    pub document_type: DocumentType,
    /// Ordered steps, 1 to 20.
    pub steps: Vec<FlowStep>,
}

/// A document type's flow: the one in force, or a given version.
#[derive(Debug, Clone, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct FlowRequest {
    pub document_type: DocumentType,
    /// A version (0: the built-in default); absent: the one in force.
    #[serde(default)]
    pub version: Option<u32>,
}

/// Submits a document for approval.
#[derive(Debug, Clone, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
#[serde(deny_unknown_fields)]
pub struct SubmitRequest {
    pub document_type: DocumentType,
    pub document_id: String,
    #[serde(default)]
    #[cfg_attr(feature = "uniffi", uniffi(default))]
    pub note: Option<String>,
    /// Answer which steps would apply and to whom, writing nothing.
    #[serde(default)]
    #[cfg_attr(feature = "uniffi", uniffi(default))]
    pub dry_run: bool,
}

/// Approves the waiting step of an approval, or sends it back to the step before.
#[derive(Debug, Clone, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
#[serde(deny_unknown_fields)]
pub struct DecisionRequest {
    /// The approval's id (from `approvals.pending`).
    pub id: String,
    #[serde(default)]
    #[cfg_attr(feature = "uniffi", uniffi(default))]
    pub comment: Option<String>,
    /// Answers what the decision would do (the next step, or the document's approval and its checks,
    /// such as an order's credit check), writing nothing.
    #[serde(default)]
    #[cfg_attr(feature = "uniffi", uniffi(default))]
    pub dry_run: bool,
}

/// Rejects an approval at its waiting step: a reason is required.
#[derive(Debug, Clone, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
#[serde(deny_unknown_fields)]
pub struct RejectApprovalRequest {
    pub id: String,
    pub reason: String,
    #[serde(default)]
    #[cfg_attr(feature = "uniffi", uniffi(default))]
    pub comment: Option<String>,
}

/// A page of what waits for the actor's decision, oldest first.
#[derive(Debug, Clone, Default, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
#[serde(deny_unknown_fields, default)]
pub struct PendingRequest {
    /// `next_cursor` of the previous page.
    #[cfg_attr(feature = "uniffi", uniffi(default))]
    pub cursor: Option<String>,
    /// Page size, default 50, at most 1000.
    #[cfg_attr(feature = "uniffi", uniffi(default))]
    pub limit: Option<u32>,
}

/// A document's approvals.
#[derive(Debug, Clone, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct DocumentRequest {
    pub document_type: DocumentType,
    pub document_id: String,
}

/// One approval waiting for the actor: which step, since when, and what the document is.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
pub struct PendingApproval {
    /// The approval's id, to decide it.
    pub id: String,
    pub document_type: DocumentType,
    pub document_id: String,
    pub step: u32,
    pub step_name: String,
    /// Since when the step waits.
    pub waiting_since: DateTime<Utc>,
    pub submitted_by: Option<String>,
    pub submitted_at: DateTime<Utc>,
    pub note: Option<String>,
    /// The document's readable code and title.
    pub code: Option<String>,
    pub title: String,
    /// Minor units of `currency`.
    pub amount: Option<i64>,
    pub currency: Option<String>,
    pub owner_id: Option<String>,
    pub customer_id: Option<String>,
    /// Readable by the approver even outside their scope, while the step waits.
    pub customer_name: Option<String>,
}

/// What a pending item shows of its document, read per document type.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct DocumentSummary {
    pub code: Option<String>,
    pub title: String,
    pub amount: Option<i64>,
    pub currency: Option<String>,
    pub owner_id: Option<String>,
    pub customer_id: Option<String>,
    pub customer_name: Option<String>,
}
