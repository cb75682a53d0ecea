//! Pure rules: entities, state machines, validation, permissions. No database access, no clock, no I/O.

pub mod access;
pub mod activity;
pub mod agenda;
pub mod alerts;
pub mod analytics;
pub mod assignment;
pub mod audit;
pub mod calendar;
pub mod contact;
pub mod custom_fields;
pub mod customer;
pub mod error;
pub mod funnel;
pub mod hlc;
pub mod lead;
pub mod money;
pub mod normalize;
pub mod opportunity;
pub mod org;
pub mod pipeline;
pub mod prediction;
pub mod sales;
pub mod segmentation;
pub mod statistics;
pub mod text;
pub mod value_model;
