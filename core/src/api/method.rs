//! The method contract: one declaration per method (name, doc line, request and response types, handler), written by `methods!`.

use serde::Serialize;
use serde::de::DeserializeOwned;

use super::error::{ApiError, ApiResult};
pub use super::request::parse_request;
use crate::domain::withholding;
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
pub(crate) fn respond<T: Serialize>(answer: ApiResult<T>) -> ApiResult<String> {
    let text = serde_json::to_string(&answer?).map_err(|_| unserialisable())?;
    omit_withheld(text)
}

/// Leaves out the fields an answer withheld from its actor (ORG-6): absent, not `null`. Only an answer
/// holding the key `"withheld"` with a list is parsed again (a JSON string cannot hold the unescaped key),
/// so every other answer is written once; a parsed one comes out with its keys in sorted order.
fn omit_withheld(text: String) -> ApiResult<String> {
    if !text.contains(WITHHELD_MARK) {
        return Ok(text);
    }
    let mut value: serde_json::Value = serde_json::from_str(&text).map_err(|_| unserialisable())?;
    withholding::omit_withheld(&mut value);
    serde_json::to_string(&value).map_err(|_| unserialisable())
}

const WITHHELD_MARK: &str = "\"withheld\":[";

fn unserialisable() -> ApiError {
    ApiError::internal("the response could not be serialised")
}

/// Declares a module's methods and its `METHODS` table in one place (and, with the `schema` feature, its
/// `SCHEMAS` table: the full doc text, the example and the request and response schemas).
///
/// Each entry is the doc comment (its first line is the one-line summary), the dotted name, the typed
/// `Engine` method it runs, with its request type (none: the method takes only the actor and the wire
/// request is `{}`), the response type, and an example request:
///
/// ```ignore
/// methods! {
///     /// Creates a customer.
///     "customers.create" => create_customer(CustomerDraft) -> Customer,
///         example r#"{"name": "ACME"}"#;
///     /// The organisation settings.
///     "org.get" => organisation() -> Organisation,
///         example r#"{}"#;
/// }
/// ```
///
/// The engine method answers `Result<Response, E>` for any `E` that converts into `ApiError`.
macro_rules! methods {
    ($(
        #[doc = $line:literal]
        $(#[doc = $more:literal])*
        $name:literal => $run:ident ( $($req:ty)? ) -> $resp:ty,
            example $ex:literal;
    )*) => {
        $( $crate::api::method::method! { #[doc = $line] $name => $run ( $($req)? ) -> $resp } )*
        /// This module's methods, in documentation order.
        pub(crate) const METHODS: &[$crate::api::method::MethodEntry] =
            &[$($crate::api::method::MethodEntry::of::<$run::Declared>()),*];
        /// The schema side of this module's methods, in the same order (for the build-time generators).
        #[cfg(feature = "schema")]
        pub(crate) const SCHEMAS: &[$crate::api::schema::MethodSchema] = &[$(
            $crate::api::schema::MethodSchema::of::<$run::Declared>(concat!($line, "\n", $($more, "\n",)*), $ex)
        ),*];
        /// Each method's request parsed by the parser and by its oracle (the first parser), for the parser test.
        #[cfg(test)]
        pub(crate) const PARSE_ORACLES: &[$crate::api::request::tests::Oracle] =
            &[$($crate::api::request::tests::Oracle::of::<$run::Declared>($ex)),*];
    };
}
pub(crate) use methods;

/// One method of `methods!`: a module named after the engine method it runs, holding the `Method` impl.
/// Without a request type the method takes `{}` on the wire and only the actor in Rust.
macro_rules! method {
    (#[doc = $line:literal] $name:literal => $run:ident ( $req:ty ) -> $resp:ty) => {
        $crate::api::method::method! {
            @module #[doc = $line] $name, $run, $req, $resp, |engine, actor, request| engine.$run(actor, request)
        }
    };
    (#[doc = $line:literal] $name:literal => $run:ident ( ) -> $resp:ty) => {
        $crate::api::method::method! {
            @module #[doc = $line] $name, $run, $crate::domain::common::Empty, $resp, |engine, actor, _request| engine.$run(actor)
        }
    };
    (@module #[doc = $line:literal] $name:literal, $run:ident, $req:ty, $resp:ty,
        |$e:ident, $a:ident, $r:ident| $call:expr) => {
        #[doc = $line]
        pub(crate) mod $run {
            #[allow(unused_imports)]
            use super::*;

            #[doc = $line]
            pub(crate) struct Declared;
            impl $crate::api::method::Method for Declared {
                const NAME: &'static str = $name;
                const DOC: &'static str = $line.trim_ascii();
                type Request = $req;
                type Response = $resp;
                #[inline(always)]
                fn run($e: &$crate::engine::Engine, $a: Option<&str>, $r: $req) -> $crate::api::ApiResult<$resp> {
                    $call.map_err(::core::convert::Into::into)
                }
            }
        }
    };
}
pub(crate) use method;
