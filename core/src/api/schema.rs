//! The schema side of the method registry (feature `schema`, enabled only by the build-time crate rapport-codegen): each method's full doc, example and JSON Schemas.

use std::borrow::Cow;

use schemars::{JsonSchema, Schema, SchemaGenerator};

use super::error::ApiResult;
use super::method::{Method, parse_request};
use super::registry;

/// What the generators need of one method: `docs/api.md`, `bindings/schema/*.json` and the TypeScript types.
pub struct MethodSchema {
    pub name: &'static str,
    /// The whole doc comment, one line per `///` line (each with its leading space).
    pub doc: &'static str,
    /// An example request (JSON), shown in `docs/api.md`; a test checks it parses as the request type.
    pub example: &'static str,
    pub request_schema: fn(&mut SchemaGenerator) -> Schema,
    pub response_schema: fn(&mut SchemaGenerator) -> Schema,
    pub request_type: fn() -> Cow<'static, str>,
    pub response_type: fn() -> Cow<'static, str>,
    check: fn(&str) -> ApiResult<()>,
}

impl MethodSchema {
    pub const fn of<M: Method>(doc: &'static str, example: &'static str) -> MethodSchema
    where
        M::Request: JsonSchema,
        M::Response: JsonSchema,
    {
        MethodSchema {
            name: M::NAME,
            doc,
            example,
            request_schema: <M::Request as JsonSchema>::json_schema,
            response_schema: <M::Response as JsonSchema>::json_schema,
            request_type: <M::Request as JsonSchema>::schema_name,
            response_type: <M::Response as JsonSchema>::schema_name,
            check: check_request::<M>,
        }
    }

    /// Whether `json` is a valid request of this method (the error says which field is wrong).
    pub fn check_request(&self, json: &str) -> Result<(), String> {
        (self.check)(json).map_err(|e| format!("{e} (field: {:?})", e.field))
    }
}

fn check_request<M: Method>(json: &str) -> ApiResult<()> {
    parse_request::<M::Request>(json).map(|_| ())
}

/// Every method's schema side, in registry (documentation) order.
pub fn methods() -> impl Iterator<Item = &'static MethodSchema> {
    registry::SCHEMA_MODULES.iter().flat_map(|m| m.iter())
}
