//! The method contract: one declaration per method (name, doc line, request and response types, handler), written by `methods!`.

use serde::Serialize;
use serde::de::DeserializeOwned;

use super::error::{ApiError, ApiResult};
pub use super::request::parse_request;
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
    respond(M::run(engine, actor, parse_request::<M::Request>(json)?))
}

/// A method's answer as JSON text; one copy per response type, shared by the methods that answer it.
#[inline(never)]
fn respond<T: Serialize>(answer: ApiResult<T>) -> ApiResult<String> {
    serde_json::to_string(&answer?).map_err(|_| ApiError::internal("the response could not be serialised"))
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
                #[inline(always)]
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
        /// Each method's request parsed by the parser and by its oracle (the first parser), for the parser test.
        #[cfg(test)]
        pub(crate) const PARSE_ORACLES: &[$crate::api::request::tests::Oracle] =
            &[$($crate::api::request::tests::Oracle::of::<$ty>($ex)),*];
    };
}
pub(crate) use methods;
