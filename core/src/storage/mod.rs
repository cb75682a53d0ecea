//! Storage: the only module that uses rusqlite. Schema, migrations, and typed queries as methods on [`Tx`].

mod activities;
mod audit;
mod contacts;
mod customers;
mod db;
mod error;
mod image;
mod leads;
mod meta;
pub(crate) use meta::default_code_prefix;
mod migrations;
mod opportunities;
mod org;
mod ownership;
mod row;
mod scope;

pub(crate) use db::{Db, StorageOptions, Tx};
pub(crate) use error::StorageError;
pub use migrations::SCHEMA_VERSION;
pub(crate) use ownership::RecordFacts;
pub(crate) use scope::ListScope;
