//! Fuzzing every boundary: requests shaped by the committed schemas, mutated, and an oracle for each call.
//!
//! Shared by the bounded test (`tests/tests/fuzz_boundary.rs`: the committed corpus replayed, then a
//! seeded generation) and by the coverage-guided fuzz targets (`tests/fuzz/`, the long form run by
//! `scripts/fuzz.sh`):
//!
//! - [`schema`]: the committed `bindings/schema/*.json` and the names they declare;
//! - [`fixture`]: a small seeded organisation on a database file, and the ids it holds;
//! - [`choices`], [`generate`], [`mutate`]: decisions from a seed or from a fuzzer's bytes, requests built
//!   from the schemas, and their mutations;
//! - [`case`]: one call as a fuzzer input or a corpus file;
//! - [`oracle`], [`dump`], [`quoting`]: the rules every call is checked against;
//! - [`cabi`]: the same for the C entry points (NULL, invalid UTF-8, huge and deeply nested arguments);
//! - [`targets`]: the bodies of the coverage-guided fuzz targets.

pub mod cabi;
pub mod case;
pub mod choices;
pub mod dump;
pub mod fixture;
pub mod generate;
pub mod mutate;
pub mod oracle;
pub mod quoting;
pub mod schema;
pub mod targets;

pub use case::Case;
pub use choices::Choices;
pub use generate::Generator;
pub use oracle::{Harness, Stats, Violation};
pub use schema::Schemas;
