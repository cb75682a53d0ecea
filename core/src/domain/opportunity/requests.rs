//! The requests of the opportunity methods (OPP-2 to OPP-5): drafts, patches, list filters, moves, outcomes and sharing, as every host sends them.

use chrono::NaiveDate;
use serde::Deserialize;
use serde_json::{Map, Value};

use super::OpportunityStatus;
use crate::domain::access::CollaboratorAccess;
use crate::domain::money::FxRate;
use crate::domain::text::{self, Patch};

/// A product line as given in a request.
#[derive(Debug, Clone, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
#[serde(deny_unknown_fields)]
pub struct LineDraft {
    #[serde(default)]
    #[cfg_attr(feature = "uniffi", uniffi(default))]
    pub product_code: Option<String>,
    pub description: String,
    /// Positive decimal string with at most 3 decimals (`"2.5"`).
    pub quantity: String,
    /// Minor units of the opportunity's currency.
    pub unit_price: i64,
}

/// A new opportunity; with a known `external_ref` it updates that opportunity instead.
#[derive(Debug, Clone, Default, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
#[serde(deny_unknown_fields)]
pub struct OpportunityDraft {
    /// Must be visible to the actor (otherwise `not_found` on `customer_id`).
    pub customer_id: String,
    pub title: String,
    /// Minor units; computed from `lines` when omitted (then 0 without lines).
    #[serde(default)]
    #[cfg_attr(feature = "uniffi", uniffi(default))]
    pub amount: Option<i64>,
    /// ISO 4217; the base currency when omitted.
    #[serde(default)]
    #[cfg_attr(feature = "uniffi", uniffi(default))]
    pub currency: Option<String>,
    /// Rate to the base currency (`"7.1"`); 1 when omitted.
    #[serde(default)]
    #[cfg_attr(feature = "uniffi", uniffi(default))]
    pub fx_rate: Option<FxRate>,
    #[serde(default)]
    #[cfg_attr(feature = "uniffi", uniffi(default))]
    pub expected_close_date: Option<NaiveDate>,
    /// The default pipeline when omitted.
    #[serde(default)]
    #[cfg_attr(feature = "uniffi", uniffi(default))]
    pub pipeline_id: Option<String>,
    /// Stage code or id; the first stage when omitted.
    #[serde(default)]
    #[cfg_attr(feature = "uniffi", uniffi(default))]
    pub stage: Option<String>,
    #[serde(default)]
    #[cfg_attr(feature = "uniffi", uniffi(default))]
    pub probability_override: Option<i64>,
    /// The acting user when omitted.
    #[serde(default)]
    #[cfg_attr(feature = "uniffi", uniffi(default))]
    pub owner_id: Option<String>,
    #[serde(default)]
    #[cfg_attr(feature = "uniffi", uniffi(default))]
    pub source: Option<String>,
    #[serde(default)]
    #[cfg_attr(feature = "uniffi", uniffi(default))]
    pub campaign: Option<String>,
    #[serde(default)]
    #[cfg_attr(feature = "uniffi", uniffi(default))]
    pub lines: Option<Vec<LineDraft>>,
    #[serde(default)]
    #[cfg_attr(feature = "uniffi", uniffi(default))]
    pub custom: Map<String, Value>,
    #[serde(default)]
    #[cfg_attr(feature = "uniffi", uniffi(default))]
    pub external_ref: Option<String>,
}

/// Changes to an open opportunity; absent fields stay as they are.
/// Stage, status and collaborators change through their own methods.
#[derive(Debug, Clone, Default, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct OpportunityPatch {
    pub id: String,
    #[serde(default)]
    pub title: Option<String>,
    #[serde(default)]
    pub customer_id: Option<String>,
    /// With `lines`, must equal their sum (or be omitted).
    #[serde(default)]
    pub amount: Option<i64>,
    #[serde(default)]
    pub currency: Option<String>,
    #[serde(default)]
    pub fx_rate: Option<FxRate>,
    #[serde(default, deserialize_with = "text::patch")]
    #[cfg_attr(feature = "schema", schemars(with = "Option<NaiveDate>"))]
    pub expected_close_date: Patch<NaiveDate>,
    #[serde(default, deserialize_with = "text::patch")]
    #[cfg_attr(feature = "schema", schemars(with = "Option<i64>"))]
    pub probability_override: Patch<i64>,
    #[serde(default)]
    pub owner_id: Option<String>,
    #[serde(default, deserialize_with = "text::patch")]
    #[cfg_attr(feature = "schema", schemars(with = "Option<String>"))]
    pub source: Patch<String>,
    #[serde(default, deserialize_with = "text::patch")]
    #[cfg_attr(feature = "schema", schemars(with = "Option<String>"))]
    pub campaign: Patch<String>,
    /// Replaces every line; `[]` removes them.
    #[serde(default)]
    pub lines: Option<Vec<LineDraft>>,
    /// Merged into the stored values; `null` removes a key.
    #[serde(default)]
    pub custom: Map<String, Value>,
}

/// Which opportunities to list (always within the actor's scope, plus collaborations).
#[derive(Debug, Clone, Default, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
#[serde(deny_unknown_fields, default)]
pub struct OpportunityListRequest {
    #[cfg_attr(feature = "uniffi", uniffi(default))]
    pub owner_id: Option<String>,
    #[cfg_attr(feature = "uniffi", uniffi(default))]
    pub customer_id: Option<String>,
    #[cfg_attr(feature = "uniffi", uniffi(default))]
    pub pipeline_id: Option<String>,
    /// A stage code.
    #[cfg_attr(feature = "uniffi", uniffi(default))]
    pub stage: Option<String>,
    #[cfg_attr(feature = "uniffi", uniffi(default))]
    pub status: Option<OpportunityStatus>,
    /// Only the actor's own opportunities and those they collaborate on.
    #[cfg_attr(feature = "uniffi", uniffi(default))]
    pub mine: bool,
    #[cfg_attr(feature = "uniffi", uniffi(default))]
    pub include_archived: bool,
    /// `next_cursor` of the previous page.
    #[cfg_attr(feature = "uniffi", uniffi(default))]
    pub cursor: Option<String>,
    /// Page size (default 50, at most 1000).
    #[cfg_attr(feature = "uniffi", uniffi(default))]
    pub limit: Option<u32>,
}

/// Moves an open opportunity to another stage of its pipeline (forward or backward).
#[derive(Debug, Clone, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
#[serde(deny_unknown_fields)]
pub struct AdvanceRequest {
    pub id: String,
    /// Stage code (or id).
    pub stage: String,
}

/// An opportunity and an optional note.
#[derive(Debug, Clone, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
#[serde(deny_unknown_fields)]
pub struct NoteRequest {
    pub id: String,
    #[serde(default)]
    #[cfg_attr(feature = "uniffi", uniffi(default))]
    pub note: Option<String>,
}

/// Closes an opportunity as lost: a reason is required.
#[derive(Debug, Clone, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
#[serde(deny_unknown_fields)]
pub struct LoseRequest {
    pub id: String,
    pub reason: String,
    #[serde(default)]
    #[cfg_attr(feature = "uniffi", uniffi(default))]
    pub competitor: Option<String>,
}

/// Closes an opportunity as abandoned.
#[derive(Debug, Clone, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct AbandonRequest {
    pub id: String,
    #[serde(default)]
    pub reason: Option<String>,
}

/// Reopens a closed opportunity (managers only), at `stage` or the stage it closed at.
#[derive(Debug, Clone, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct ReopenRequest {
    pub id: String,
    #[serde(default)]
    pub stage: Option<String>,
}

/// Shares an opportunity with a user (OPP-5); an existing collaborator gets the new access.
#[derive(Debug, Clone, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct CollaboratorRequest {
    pub id: String,
    pub user_id: String,
    pub access: CollaboratorAccess,
}

/// Stops sharing an opportunity with a user.
#[derive(Debug, Clone, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct RemoveCollaboratorRequest {
    pub id: String,
    pub user_id: String,
}
