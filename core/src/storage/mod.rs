//! Storage: the only module that uses rusqlite. Schema, migrations, and typed queries as methods on [`Tx`].

mod activities;
mod alerts;
mod audit;
mod contacts;
mod customers;
mod db;
mod error;
mod funnel;
mod image;
mod leads;
mod meta;
mod migrations;
mod opportunities;
mod org;
mod ownership;
mod prediction;
mod reports;
mod row;
mod row_sync;
mod sales;
mod scope;
mod scoring;
mod statistics;
mod tables;

pub(crate) use db::{Db, StorageOptions, Tx};
pub(crate) use error::{StorageError, StorageFailure};
pub(crate) use funnel::FunnelFilter;
pub use migrations::SCHEMA_VERSION;
pub(crate) use ownership::RecordFacts;
pub(crate) use prediction::PredictionFact;
pub(crate) use scope::ListScope;
pub(crate) use scoring::{ScoringRow, SegmentRow, push_score, push_segment};
pub(crate) use statistics::TouchedRanges;
