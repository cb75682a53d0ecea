//! Cross-cutting tests of the workspace: the README's Rust example runs as a doc-test, generated files are fresh, and
//! [`boundary`] fuzzes every boundary (the generator and oracle of `tests/tests/fuzz_boundary.rs` and `tests/fuzz/`).
#![doc = include_str!("../../README.md")]

pub mod boundary;
pub mod crash;
pub mod serial_oracle;
pub mod state;
pub mod workload;
