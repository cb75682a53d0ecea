//! Storage: the only module that uses rusqlite. Schema, migrations, and typed queries as methods on [`Tx`].

mod activities;
mod alerts;
mod approvals;
mod audit;
#[cfg(not(target_arch = "wasm32"))]
mod checkpoint;
mod contacts;
mod customers;
mod db;
mod error;
mod funnel;
mod image;
mod leads;
mod meta;
mod migrations;
mod notifications;
mod opportunities;
mod org;
mod ownership;
mod prediction;
mod reports;
mod roles;
mod row;
mod row_sync;
mod row_writer;
mod sales;
mod scope;
mod scoring;
mod statistics;
mod tables;

pub(crate) use activities::ActivityFilter;
pub(crate) use alerts::CustomerName;
pub(crate) use approvals::InboxRow;
pub(crate) use customers::{CustomerFilter, MovedCustomer};
pub(crate) use db::{Db, StorageOptions, Tx};
pub(crate) use error::{StorageError, StorageFailure};
pub(crate) use funnel::{FunnelFilter, FunnelInputs};
pub(crate) use leads::LeadFilter;
pub use migrations::SCHEMA_VERSION;
pub(crate) use opportunities::OpportunityFilter;
pub(crate) use org::{ConfiguredScope, UserActorFacts, UserDepartment};
pub(crate) use prediction::PredictionFact;
pub(crate) use reports::ChurnCursor;
pub(crate) use scope::ListScope;
pub(crate) use scoring::{ScoringRow, SegmentRow, push_score, push_segment};
pub(crate) use statistics::TouchedRanges;
