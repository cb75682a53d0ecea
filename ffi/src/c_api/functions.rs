//! The `rapport_*` entry points: open, call (with or without progress), close, free, and the error and version queries.

use std::ffi::{CStr, CString, c_char, c_int, c_void};
use std::sync::OnceLock;

use rapport_core::{Engine, ErrorCode, Progress};

use super::handles::{RapportDb, handleless};
use crate::c_boundary;

/// Opens (creating it if missing, unless the options say otherwise) the database at `path`.
///
/// @param path          UTF-8 file path, or `":memory:"` for a private in-memory database. Borrowed.
/// @param options_json  NULL for the defaults, or a JSON object of open options: `create_if_missing`,
///                      `read_only`, `busy_timeout_ms`, `reader_connections`, `max_request_bytes`,
///                      `synchronous_full`, `cache_mib` (page cache per connection, default 32), `test_mode` (`{"start": "2026-03-02T01:00:00Z", "step_ms": 1000,
///                      "id_seed": 42}`: a stepping clock and seeded ids). Borrowed.
/// @param out_db        Receives the handle. It is set even when opening fails, so `rapport_errmsg` can
///                      explain the failure; close it with `rapport_close` in every case.
/// @return `RAPPORT_OK`, or an error code (`RAPPORT_IO`, `RAPPORT_SCHEMA_TOO_NEW`, `RAPPORT_MISUSE`,
///         `RAPPORT_MALFORMED_REQUEST` for bad options, ...). With `out_db` NULL nothing is opened and
///         the code is `RAPPORT_MISUSE` (read it with `rapport_errcode(NULL)`).
///
/// # Safety
/// Strings are NULL or NUL-terminated; `out_db` is NULL or points to writable storage for one handle.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn rapport_open(
    path: *const c_char,
    options_json: *const c_char,
    out_db: *mut *mut RapportDb,
) -> c_int {
    c_boundary! {
        handle: std::ptr::null(),
        |_no_handle| {
            if out_db.is_null() {
                return Err(super::boundary::misuse("out_db", "is NULL"));
            }
            // SAFETY: checked non-NULL; the caller provides storage for one pointer.
            unsafe { *out_db = std::ptr::null_mut() };
            let opened = (|| {
                let path = unsafe { super::boundary::text(path, "path") }?;
                let options = unsafe { super::boundary::optional_text(options_json, "options_json") }?;
                Engine::open_with_json(path, options)
            })();
            let (handle, outcome) = match opened {
                Ok(engine) => (RapportDb::new(Some(engine)), Ok(())),
                Err(error) => {
                    let failed = RapportDb::new(None);
                    failed.remember(&error);
                    (failed, Err(error))
                }
            };
            // SAFETY: as above.
            unsafe { *out_db = handle.register() };
            outcome
        }
    }
}

/// Closes a handle from `rapport_open` (opened or failed) and frees everything it owns, including
/// strings returned by `rapport_errmsg`. Calls still running on other threads finish first; the
/// database file is closed when the last of them returns.
///
/// @param db  The handle; NULL is a no-op. Do not use it afterwards (a closed handle is `RAPPORT_MISUSE`).
/// @return `RAPPORT_OK`, or `RAPPORT_MISUSE` for a handle that is not open.
///
/// # Safety
/// `db` is NULL or a handle from `rapport_open`.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn rapport_close(db: *mut RapportDb) -> c_int {
    c_boundary! {
        handle: std::ptr::null(),
        |_no_handle| {
            if db.is_null() || RapportDb::unregister(db).is_some() {
                Ok(())
            } else {
                Err(super::boundary::misuse("db", "is not an open handle (closed, or never opened)"))
            }
        }
    }
}

/// Runs one method of the registry (see docs/api.md): `rapport_call(db, actor, "customers.create",
/// "{\"name\": \"...\"}", &out)`.
///
/// @param db                 An open handle. Any thread may use it; calls run concurrently.
/// @param actor_id           The acting user's id, or NULL for the host acting as `system`
///                           (set-up, imports, ERP pushes; audited as `system`). Borrowed.
/// @param method             The method name, e.g. `"customers.create"`. Borrowed.
/// @param request_json       The request, a JSON object (`"{}"` when the method takes none). Borrowed.
/// @param out_response_json  Receives the answer JSON on success, or `{"error": {"code": "...",
///                           "field": ..., "message": "..."}}` on failure; NULL only when the out
///                           pointer itself is NULL. Owned by the caller: free it with `rapport_free`.
/// @return `RAPPORT_OK` or the error's code. The call applies completely or not at all.
///
/// # Safety
/// Strings are NULL or NUL-terminated; `out_response_json` is NULL or points to storage for one pointer.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn rapport_call(
    db: *mut RapportDb,
    actor_id: *const c_char,
    method: *const c_char,
    request_json: *const c_char,
    out_response_json: *mut *mut c_char,
) -> c_int {
    c_boundary! {
        handle: db,
        out_json: out_response_json,
        text: [method, request_json],
        optional_text: [actor_id],
        |handle| {
            let db = handle.ok_or_else(|| super::boundary::misuse("db", "is NULL"))?;
            out_response_json.deliver(db.engine()?.call(actor_id, method, request_json)?);
            Ok(())
        }
    }
}

/// A function `rapport_call_with_progress` calls as long work goes on, on the calling thread: `items` handled
/// so far (rows read by an import), `done` of `total` (bytes of the source; `total` is 0 when not known in
/// advance). Return 0 to go on, anything else to cancel: the call then fails with `RAPPORT_CANCELLED` and
/// keeps nothing. It must not call the library with the same handle (the call holds the database), and
/// must not unwind or `longjmp` out: a Rust panic in it is caught and cancels the call, a C++ exception
/// aborts the process.
pub type RapportProgressFn =
    Option<unsafe extern "C-unwind" fn(items: u64, done: u64, total: u64, user_data: *mut c_void) -> c_int>;

/// `rapport_call` with a progress callback: long work (`imports.run`, and in time exports, backups and
/// restores) reports to `on_progress` every 1,000 items and at the end, and stops when it answers nonzero;
/// any other method runs as `rapport_call` runs it.
///
/// @param db                 An open handle, as for `rapport_call`.
/// @param actor_id           The acting user's id, or NULL for the host acting as `system`. Borrowed.
/// @param method             The method name, e.g. `"imports.run"`. Borrowed.
/// @param request_json       The request, a JSON object. Borrowed.
/// @param on_progress        Called with each report (see `rapport_progress_fn`); NULL makes this a plain call.
/// @param user_data          Passed back to `on_progress` unchanged; the library never reads it.
/// @param out_response_json  Receives the answer or the error JSON, as for `rapport_call`; free it with `rapport_free`.
/// @return `RAPPORT_OK` or the error's code: `RAPPORT_CANCELLED` when `on_progress` cancelled (or panicked);
///         nothing of a failed call is kept.
///
/// # Safety
/// As `rapport_call`; `on_progress` is NULL or a function of this signature, called only during this call.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn rapport_call_with_progress(
    db: *mut RapportDb,
    actor_id: *const c_char,
    method: *const c_char,
    request_json: *const c_char,
    on_progress: RapportProgressFn,
    user_data: *mut c_void,
    out_response_json: *mut *mut c_char,
) -> c_int {
    c_boundary! {
        handle: db,
        out_json: out_response_json,
        text: [method, request_json],
        optional_text: [actor_id],
        |handle| {
            let db = handle.ok_or_else(|| super::boundary::misuse("db", "is NULL"))?;
            // SAFETY: the host's function for this signature, called during the call it was given to.
            let go_on = |p: Progress| on_progress.is_none_or(|f| unsafe { f(p.items, p.done, p.total, user_data) } == 0);
            out_response_json.deliver(crate::progress::call(db.engine()?, actor_id, method, request_json, go_on)?);
            Ok(())
        }
    }
}

/// Frees a string the library returned (`out_response_json`). NULL is a no-op.
///
/// # Safety
/// `s` is NULL or a string from `rapport_call` not freed before; never pass memory from `malloc`.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn rapport_free(s: *mut c_char) {
    c_boundary! { quiet, fallback: (), || {
        if !s.is_null() {
            // SAFETY: `s` came from `CString::into_raw` in this library (caller's contract).
            drop(unsafe { CString::from_raw(s) });
        }
    }}
}

/// The code of the calling thread's last call on `db` (`RAPPORT_OK` if it succeeded). Threads sharing
/// a handle never see each other's errors. With `db` NULL or not open: the thread's last call made
/// without a valid handle (e.g. `rapport_open` with `out_db` NULL).
///
/// # Safety
/// `db` is NULL or a handle from `rapport_open`.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn rapport_errcode(db: *mut RapportDb) -> c_int {
    c_boundary! { quiet, fallback: ErrorCode::Internal.number(), || {
        match RapportDb::lookup(db) {
            Some(handle) => handle.last_code(),
            None => handleless::last_code(),
        }
    }}
}

/// The English message of the calling thread's last error on `db` (`"not an error"` after a success);
/// `db` NULL or not open as for `rapport_errcode`. Owned by the library: valid until the same thread's
/// next call on that handle, or `rapport_close`. Never free it.
///
/// # Safety
/// `db` is NULL or a handle from `rapport_open`.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn rapport_errmsg(db: *mut RapportDb) -> *const c_char {
    c_boundary! { quiet, fallback: c"internal error".as_ptr(), || {
        match RapportDb::lookup(db) {
            Some(handle) => handle.last_message(),
            None => handleless::last_message(),
        }
    }}
}

/// What a status code means, in English (`"no such record, ..."`); `"unknown error code"` for a number
/// outside the table. Static: never free it.
#[unsafe(no_mangle)]
pub extern "C" fn rapport_errstr(rc: c_int) -> *const c_char {
    c_boundary! { quiet, fallback: c"unknown error code".as_ptr(), || {
        static MEANINGS: OnceLock<Vec<CString>> = OnceLock::new();
        let meanings = MEANINGS.get_or_init(|| {
            let mut table = vec![CString::from(c"not an error")];
            table.extend(ErrorCode::ALL.iter().map(|c| CString::new(c.meaning()).unwrap_or_default()));
            table
        });
        usize::try_from(rc).ok().and_then(|i| meanings.get(i)).map_or(c"unknown error code".as_ptr(), |m| m.as_ptr())
    }}
}

/// The library version, e.g. `"0.1.0"`. Static: never free it.
#[unsafe(no_mangle)]
pub extern "C" fn rapport_libversion() -> *const c_char {
    const VERSION: &CStr = match CStr::from_bytes_with_nul(concat!(env!("CARGO_PKG_VERSION"), "\0").as_bytes()) {
        Ok(v) => v,
        Err(_) => c"unknown",
    };
    c_boundary! { quiet, fallback: VERSION.as_ptr(), || VERSION.as_ptr() }
}

/// The library version as a number, equal to the header's `RAPPORT_VERSION_NUMBER` when header and
/// library match.
#[unsafe(no_mangle)]
pub extern "C" fn rapport_libversion_number() -> c_int {
    c_boundary! { quiet, fallback: super::RAPPORT_VERSION_NUMBER, || super::RAPPORT_VERSION_NUMBER }
}
