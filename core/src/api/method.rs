//! The method contract: one declaration per method (name, doc line, request and response types, handler), written by `methods!`.

use serde::Serialize;
use serde::de::DeserializeOwned;

use super::error::{ApiError, ApiResult, ErrorCode};
use crate::engine::Engine;

/// One operation of the engine, reachable by its dotted name from every host.
pub trait Method {
    /// Dotted name, `module.verb` (`customers.create`).
    const NAME: &'static str;
    /// The first line of its doc comment, for listings (`rapport methods`, the typed client's comments).
    /// The full text, the example and the schemas are on the schema side (feature `schema`).
    const DOC: &'static str;
    type Request: DeserializeOwned;
    type Response: Serialize;
    /// Runs the typed `Engine` method. `actor` `None` is the host acting as `system`.
    fn run(engine: &Engine, actor: Option<&str>, req: Self::Request) -> ApiResult<Self::Response>;
}

/// A registry row: a method with its types erased, so one table can hold them all.
pub struct MethodEntry {
    pub name: &'static str,
    /// The first line of the method's doc comment.
    pub doc: &'static str,
    /// Parses the request, runs the method and writes the answer as JSON text (no intermediate `Value`).
    pub(crate) call: fn(&Engine, Option<&str>, &str) -> ApiResult<String>,
}

impl MethodEntry {
    pub const fn of<M: Method>() -> MethodEntry {
        MethodEntry { name: M::NAME, doc: M::DOC, call: call_json::<M> }
    }
}

/// A method's handler: all it adds to a build is this call sequence (parsing and writing are shared per type).
fn call_json<M: Method>(engine: &Engine, actor: Option<&str>, json: &str) -> ApiResult<String> {
    let request = parse_request::<M::Request>(json)?;
    to_json(&M::run(engine, actor, request)?)
}

/// A response as JSON text; one copy per response type, shared by the methods that answer it.
#[inline(never)]
fn to_json<T: Serialize>(value: &T) -> ApiResult<String> {
    serde_json::to_string(value).map_err(|_| ApiError::internal("the response could not be serialised"))
}

/// Parses a request, naming the offending field on failure (`items[2].name`).
/// Messages never quote the input's values.
pub fn parse_request<T: DeserializeOwned>(json: &str) -> ApiResult<T> {
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

/// Declares methods and the module's `METHODS` table in one place (and, with the `schema` feature, its
/// `SCHEMAS` table: the full doc text, the example and the request and response schemas).
///
/// The first doc line is the method's one-line summary. The body may answer any error that converts into
/// `ApiError`.
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
        #[doc = $line:literal]
        $(#[doc = $more:literal])*
        $ty:ident $name:literal ($req:ty) -> $resp:ty,
            example $ex:literal,
            |$e:ident, $a:ident, $r:ident| $body:expr;
    )*) => {
        $(
            #[doc = $line]
            $(#[doc = $more])*
            pub struct $ty;
            impl $crate::api::method::Method for $ty {
                const NAME: &'static str = $name;
                const DOC: &'static str = $line.trim_ascii();
                type Request = $req;
                type Response = $resp;
                fn run(
                    $e: &$crate::engine::Engine,
                    $a: Option<&str>,
                    $r: $req,
                ) -> $crate::api::ApiResult<$resp> {
                    ($body).map_err(::core::convert::Into::into)
                }
            }
        )*
        /// This module's methods, in documentation order.
        pub(crate) const METHODS: &[$crate::api::method::MethodEntry] =
            &[$($crate::api::method::MethodEntry::of::<$ty>()),*];
        /// The schema side of this module's methods, in the same order (for the build-time generators).
        #[cfg(feature = "schema")]
        pub(crate) const SCHEMAS: &[$crate::api::schema::MethodSchema] = &[$(
            $crate::api::schema::MethodSchema::of::<$ty>(concat!($line, "\n", $($more, "\n",)*), $ex)
        ),*];
    };
}
pub(crate) use methods;
