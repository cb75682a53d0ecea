//! Cross-cutting tests of the workspace: the README's Rust example runs as a doc-test, generated files are fresh.
#![doc = include_str!("../../README.md")]

pub mod crash;
pub mod serial_oracle;
pub mod state;
pub mod workload;
