//! Request and response shapes every module shares: one record's id, an empty request, a page, a batch and its per-item errors.

use serde::{Deserialize, Serialize};

use super::error::ErrorCode;

/// A request naming one record.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct IdRequest {
    pub id: String,
}

impl IdRequest {
    pub fn new(id: impl Into<String>) -> Self {
        IdRequest { id: id.into() }
    }
}

/// An empty request.
#[derive(Debug, Clone, Default, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct Empty {}

/// One page of a list. Pass `next_cursor` back as `cursor` for the next page;
/// `None` means this was the last page. Cursors stay valid while records are
/// added (ordering is by id, which is time ordered).
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Page<T> {
    pub items: Vec<T>,
    pub next_cursor: Option<String>,
}

/// Default and maximum page sizes.
pub const DEFAULT_PAGE_SIZE: u32 = 50;
pub const MAX_PAGE_SIZE: u32 = 1000;

/// How a batch treats invalid items.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
pub enum BatchMode {
    /// Any invalid item refuses the whole batch (error `validation` with `items`); nothing is written.
    #[default]
    AllOrNothing,
    /// Valid items are written; invalid ones are reported in `rejected`.
    SkipInvalid,
}

impl BatchMode {
    pub fn as_str(self) -> &'static str {
        match self {
            BatchMode::AllOrNothing => "all_or_nothing",
            BatchMode::SkipInvalid => "skip_invalid",
        }
    }

    pub fn parse(s: &str) -> Option<BatchMode> {
        [BatchMode::AllOrNothing, BatchMode::SkipInvalid].into_iter().find(|m| m.as_str() == s)
    }
}

/// A batch of items of one kind.
#[derive(Debug, Clone, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct BatchRequest<T> {
    pub items: Vec<T>,
    #[serde(default)]
    pub mode: BatchMode,
}

/// What a batch did, item by item.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct BatchResult {
    /// For each written item, in request order: its index, id, and whether it was created (else updated by `external_ref`).
    pub written: Vec<BatchItem>,
    pub created: usize,
    pub updated: usize,
    /// Items skipped in `skip_invalid` mode.
    pub rejected: Vec<ItemError>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct BatchItem {
    pub index: usize,
    pub id: String,
    pub created: bool,
}

/// One rejected item of a batch.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct ItemError {
    /// Position of the item in the request's `items`, from 0.
    pub index: usize,
    pub code: ErrorCode,
    pub field: Option<String>,
    pub message: String,
}

/// The maximum items of one batch request.
pub const MAX_BATCH_ITEMS: usize = 10_000;
