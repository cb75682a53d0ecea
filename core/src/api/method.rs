//! The method contract: one declaration per method (name, doc, example, request and response DTOs, handler).

use schemars::JsonSchema;
use serde::Serialize;
use serde::de::DeserializeOwned;

use super::error::{ApiError, ApiResult, ErrorCode};
use crate::engine::Engine;

/// One operation of the engine, reachable by its dotted name from every host.
pub trait Method {
    /// Dotted name, `module.verb` (`customers.create`).
    const NAME: &'static str;
    /// What it does, for `docs/api.md`.
    const DOC: &'static str;
    /// An example request (JSON), shown in `docs/api.md`.
    const EXAMPLE: &'static str;
    type Request: DeserializeOwned + JsonSchema;
    type Response: Serialize + JsonSchema;
    /// Runs the typed `Engine` method. `actor` `None` is the host acting as `system`.
    fn run(engine: &Engine, actor: Option<&str>, req: Self::Request) -> ApiResult<Self::Response>;
}

/// A registry row: a method with its types erased, so one table can hold them all.
pub struct MethodEntry {
    pub name: &'static str,
    pub doc: &'static str,
    pub example: &'static str,
    /// Parses the request, runs the method and writes the answer as JSON text (no intermediate `Value`).
    pub(crate) call: fn(&Engine, Option<&str>, &str) -> ApiResult<String>,
    /// Parses a JSON text as this method's request (used to check `example`).
    pub(crate) check_example: fn(&str) -> Result<(), String>,
    pub request_schema: fn(&mut schemars::SchemaGenerator) -> schemars::Schema,
    pub response_schema: fn(&mut schemars::SchemaGenerator) -> schemars::Schema,
    pub request_type: fn() -> std::borrow::Cow<'static, str>,
    pub response_type: fn() -> std::borrow::Cow<'static, str>,
}

impl MethodEntry {
    pub const fn of<M: Method>() -> MethodEntry {
        MethodEntry {
            name: M::NAME,
            doc: M::DOC,
            example: M::EXAMPLE,
            call: call_json::<M>,
            check_example: check_request::<M>,
            request_schema: <M::Request as JsonSchema>::json_schema,
            response_schema: <M::Response as JsonSchema>::json_schema,
            request_type: <M::Request as JsonSchema>::schema_name,
            response_type: <M::Response as JsonSchema>::schema_name,
        }
    }

    /// Whether `json` is a valid request of this method (the error says which field is wrong).
    pub fn check_request(&self, json: &str) -> Result<(), String> {
        (self.check_example)(json)
    }
}

fn call_json<M: Method>(engine: &Engine, actor: Option<&str>, json: &str) -> ApiResult<String> {
    let req: M::Request = parse_request(json)?;
    let resp = M::run(engine, actor, req)?;
    serde_json::to_string(&resp).map_err(|_| ApiError::internal("the response could not be serialised"))
}

fn check_request<M: Method>(json: &str) -> Result<(), String> {
    parse_request::<M::Request>(json).map(|_| ()).map_err(|e| format!("{e} (field: {:?})", e.field))
}

/// Parses a request, naming the offending field on failure (`items[2].name`).
/// Messages never quote the input's values.
pub(crate) fn parse_request<T: DeserializeOwned>(json: &str) -> ApiResult<T> {
    let json = if json.trim().is_empty() { "{}" } else { json };
    let de = &mut serde_json::Deserializer::from_str(json);
    serde_path_to_error::deserialize(de).map_err(|e| {
        let path = e.path().to_string();
        let inner = e.inner();
        let message = describe_json_error(inner);
        let mut err = ApiError::new(ErrorCode::MalformedRequest, message);
        let field = match missing_field(inner) {
            Some(name) if path == "." => Some(name),
            Some(name) => Some(format!("{path}.{name}")),
            None if path != "." && !path.is_empty() => Some(path),
            None => None,
        };
        if let Some(f) = field {
            err = err.with_field(f);
        }
        err
    })
}

fn missing_field(e: &serde_json::Error) -> Option<String> {
    let msg = e.to_string();
    let rest = msg.strip_prefix("missing field `")?;
    Some(rest.split('`').next()?.to_string())
}

/// serde_json's own message minus any quoted input value.
fn describe_json_error(e: &serde_json::Error) -> String {
    use serde_json::error::Category;
    let msg = e.to_string();
    let at = format!("at line {} column {}", e.line(), e.column());
    match e.classify() {
        Category::Syntax | Category::Eof | Category::Io => {
            format!("the request is not valid JSON ({at})")
        }
        Category::Data => {
            // "invalid type: string \"x\", expected u32 at ..." -> keep the expectation only.
            if let Some(idx) = msg.find(", expected ") {
                let head = msg.split(':').next().unwrap_or("invalid value");
                let expected = &msg[idx + 2..];
                let expected = expected.split(" at line ").next().unwrap_or(expected);
                format!("{head}: {expected} ({at})")
            } else if msg.starts_with("missing field") || msg.starts_with("unknown field") {
                let first = msg.split(" at line ").next().unwrap_or(&msg);
                let first = first.split(", expected").next().unwrap_or(first);
                format!("{first} ({at})")
            } else {
                format!("a value has the wrong type or form ({at})")
            }
        }
    }
}

/// Declares methods and the module's `METHODS` table in one place.
///
/// ```ignore
/// methods! {
///     /// Creates a customer.
///     CreateCustomer "customers.create" (CustomerDraft) -> Customer,
///         example r#"{"name": "ACME"}"#,
///         |engine, actor, req| engine.create_customer(actor, req);
/// }
/// ```
macro_rules! methods {
    ($(
        $(#[doc = $doc:literal])*
        $ty:ident $name:literal ($req:ty) -> $resp:ty,
            example $ex:literal,
            |$e:ident, $a:ident, $r:ident| $body:expr;
    )*) => {
        $(
            $(#[doc = $doc])*
            pub struct $ty;
            impl $crate::api::method::Method for $ty {
                const NAME: &'static str = $name;
                const DOC: &'static str = concat!($($doc, "\n"),*);
                const EXAMPLE: &'static str = $ex;
                type Request = $req;
                type Response = $resp;
                fn run(
                    $e: &$crate::engine::Engine,
                    $a: Option<&str>,
                    $r: $req,
                ) -> $crate::api::ApiResult<$resp> {
                    Ok($body?)
                }
            }
        )*
        /// This module's methods, in documentation order.
        pub(crate) const METHODS: &[$crate::api::method::MethodEntry] =
            &[$($crate::api::method::MethodEntry::of::<$ty>()),*];
    };
}
pub(crate) use methods;
