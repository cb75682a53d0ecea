//! The one way across the C boundary: handle and pointer checks, UTF-8 validation, caught panics, the last error.
//!
//! Every `extern "C"` function's body is one [`c_boundary!`] invocation, so
//! nothing unwinds into C, every string is checked before use, and the last
//! error is kept per handle and per thread the same way everywhere.

use std::ffi::{CStr, CString, c_char, c_int};
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::sync::Arc;

use rapport_core::{ApiError, ErrorCode};

use super::handles::{RapportDb, handleless};

/// Runs the body of an `extern "C"` function.
///
/// ```ignore
/// c_boundary! {
///     handle: db,                       // the error is kept on this handle (NULL: per thread)
///     out_json: out_response_json,      // must not be NULL; set to NULL, then the answer or the error JSON
///     text: [method, request_json],     // NUL-terminated UTF-8, required
///     optional_text: [actor_id],        // NULL allowed
///     |handle| { ... Ok(()) }          // handle: Option<&RapportDb>
/// }
/// c_boundary! { quiet, fallback: value, || expr }   // catches panics, leaves the last error alone
/// ```
/// A string's field name in errors is the parameter's own name.
#[macro_export]
#[doc(hidden)]
macro_rules! c_boundary {
    (
        handle: $db:expr,
        $( out_json: $out:ident, )?
        $( text: [$($text:ident),* $(,)?], )?
        $( optional_text: [$($opt:ident),* $(,)?], )?
        |$handle:ident| $body:block
    ) => {{
        let body = |$handle: Option<&$crate::c_api::RapportDb>| {
            $( let $out = unsafe { $crate::c_api::boundary::OutJson::new($out, stringify!($out)) }?; )?
            $($( let $text = unsafe { $crate::c_api::boundary::text($text, stringify!($text)) }?; )*)?
            $($( let $opt = unsafe { $crate::c_api::boundary::optional_text($opt, stringify!($opt)) }?; )*)?
            $body
        };
        // SAFETY: the out pointer is NULL or writable, as every out parameter's contract says.
        unsafe { $crate::c_api::boundary::run($db, $crate::c_boundary!(@error_out $($out)?), body) }
    }};
    (@error_out) => { ::std::ptr::null_mut() };
    (@error_out $out:ident) => { $out };
    (quiet, fallback: $fallback:expr, || $body:expr) => {
        $crate::c_api::boundary::run_quietly($fallback, || $body)
    };
}

/// Runs `body` for a call on `db`: catches a panic as `internal`, writes the
/// error JSON to `error_out` when the call fails, and keeps this thread's last
/// error on the handle (or per thread when `db` is NULL or not open).
///
/// # Safety
/// `error_out` is NULL or points to writable storage for one pointer.
pub unsafe fn run(
    db: *const RapportDb,
    error_out: *mut *mut c_char,
    body: impl FnOnce(Option<&RapportDb>) -> Result<(), ApiError>,
) -> c_int {
    let handle: Option<Arc<RapportDb>> = RapportDb::lookup(db);
    if !error_out.is_null() {
        // SAFETY: a non-NULL out pointer points to writable storage for one
        // pointer (the documented contract of every out parameter).
        unsafe { *error_out = std::ptr::null_mut() };
    }
    let outcome = catch_unwind(AssertUnwindSafe(|| {
        if !db.is_null() && handle.is_none() {
            return Err(
                ApiError::new(ErrorCode::Misuse, "db is not an open handle (closed, or never opened)").with_field("db")
            );
        }
        body(handle.as_deref())
    }))
    .unwrap_or_else(|panic| {
        let what = panic
            .downcast_ref::<&str>()
            .map(|s| s.to_string())
            .or_else(|| panic.downcast_ref::<String>().cloned())
            .unwrap_or_else(|| "a panic without a message".to_string());
        rapport_core::report_error(ErrorCode::Internal, &["a panic was caught at the C boundary".to_string(), what]);
        Err(ApiError::internal("internal error: a panic was caught at the C boundary"))
    });
    match outcome {
        Ok(()) => {
            match &handle {
                Some(h) => h.forget(),
                None => handleless::forget(),
            }
            0
        }
        Err(error) => {
            if !error_out.is_null() {
                // SAFETY: as above; the string is freed by `rapport_free`.
                unsafe { *error_out = into_c_string(error.to_json()) };
            }
            match &handle {
                Some(h) => h.remember(&error),
                None => handleless::remember(&error),
            }
            error.code.number()
        }
    }
}

/// Runs a body that neither fails nor touches the last error (`rapport_errmsg`,
/// `rapport_free`, ...); a panic answers `fallback`.
pub fn run_quietly<T>(fallback: T, body: impl FnOnce() -> T) -> T {
    catch_unwind(AssertUnwindSafe(body)).unwrap_or(fallback)
}

/// A required UTF-8 string argument.
///
/// # Safety
/// `ptr` is NULL or points to a NUL-terminated string that outlives the call.
pub unsafe fn text<'a>(ptr: *const c_char, name: &'static str) -> Result<&'a str, ApiError> {
    if ptr.is_null() {
        return Err(misuse(name, "is NULL"));
    }
    // SAFETY: non-NULL and NUL-terminated by the caller's contract.
    let bytes = unsafe { CStr::from_ptr(ptr) }.to_bytes();
    std::str::from_utf8(bytes).map_err(|_| misuse(name, "is not valid UTF-8"))
}

/// An optional UTF-8 string argument (NULL is `None`).
///
/// # Safety
/// As [`text`].
pub unsafe fn optional_text<'a>(ptr: *const c_char, name: &'static str) -> Result<Option<&'a str>, ApiError> {
    if ptr.is_null() { Ok(None) } else { unsafe { text(ptr, name) }.map(Some) }
}

/// An out parameter receiving a JSON string the caller frees with `rapport_free`.
pub struct OutJson(*mut *mut c_char);

impl OutJson {
    /// # Safety
    /// `ptr` is NULL or points to writable storage for one pointer.
    pub unsafe fn new(ptr: *mut *mut c_char, name: &'static str) -> Result<OutJson, ApiError> {
        if ptr.is_null() { Err(misuse(name, "is NULL")) } else { Ok(OutJson(ptr)) }
    }

    /// Hands `json` to the caller.
    pub fn deliver(self, json: String) {
        // SAFETY: checked non-NULL and writable in `new`.
        unsafe { *self.0 = into_c_string(json) };
    }
}

/// `misuse` for argument `name`: "request_json is NULL".
pub fn misuse(name: &'static str, problem: &str) -> ApiError {
    ApiError::new(ErrorCode::Misuse, format!("{name} {problem}")).with_field(name)
}

/// A Rust string as a C string owned by the caller (freed with `rapport_free`).
/// JSON never holds a NUL byte (serde escapes it), so nothing is lost.
fn into_c_string(s: String) -> *mut c_char {
    CString::new(s).unwrap_or_default().into_raw()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_panic_becomes_internal_and_is_kept_as_the_threads_last_error() {
        let mut out: *mut c_char = std::ptr::null_mut();
        let rc = unsafe { run(std::ptr::null(), &mut out, |_| panic!("boom")) };
        assert_eq!(rc, ErrorCode::Internal.number());
        assert_eq!(handleless::last_code(), rc);
        let json = unsafe { CString::from_raw(out) }.into_string().unwrap();
        assert!(json.contains(r#""code":"internal""#), "{json}");
        assert!(!json.contains("boom"), "panic payloads stay out of messages: {json}");
    }

    #[test]
    fn a_quiet_body_that_panics_answers_its_fallback() {
        assert_eq!(run_quietly(7, || panic!("boom")), 7);
    }

    #[test]
    fn a_made_up_handle_is_misuse_not_a_dereference() {
        let rc = unsafe { run(0xdead_beef as *const RapportDb, std::ptr::null_mut(), |_| Ok(())) };
        assert_eq!(rc, ErrorCode::Misuse.number());
        assert_eq!(handleless::last_code(), rc);
    }
}
