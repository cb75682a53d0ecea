//! Open database handles: what a `rapport_db *` names, and each thread's last error on it.
//!
//! A `rapport_db *` is an opaque token, never a pointer the library dereferences:
//! it names an entry of a process-wide table. A closed, never-opened or
//! made-up handle is therefore reported as `RAPPORT_MISUSE` instead of
//! touching freed memory, a call racing `rapport_close` finishes on its own
//! reference, and tokens are never reused.

use std::cell::RefCell;
use std::collections::HashMap;
use std::ffi::{CStr, CString, c_char, c_int};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, PoisonError, RwLock};
use std::thread::ThreadId;

use rapport_core::{ApiError, Engine, ErrorCode};

/// The handle C code holds: an opened engine, or the reason opening failed.
pub struct RapportDb {
    engine: Option<Engine>,
    last_errors: Mutex<HashMap<ThreadId, LastError>>,
}

/// The message `rapport_errmsg` gives when the last call succeeded.
const NO_ERROR: &CStr = c"not an error";

/// One thread's last error: the code and a NUL-terminated copy of the message.
struct LastError {
    code: c_int,
    message: CString,
}

impl LastError {
    fn of(error: &ApiError) -> LastError {
        let message = CString::new(error.message.replace('\0', " ")).unwrap_or_default();
        LastError { code: error.code.number(), message }
    }
}

thread_local! {
    /// The last error of calls made without a valid handle, per thread.
    static HANDLELESS_ERROR: RefCell<Option<LastError>> = const { RefCell::new(None) };
}

static OPEN_HANDLES: RwLock<HandleTable> = RwLock::new(HandleTable { next: 0, open: None });
static LIVE_HANDLES: AtomicUsize = AtomicUsize::new(0);

struct HandleTable {
    next: usize,
    open: Option<HashMap<usize, Arc<RapportDb>>>,
}

impl RapportDb {
    /// A handle for an open engine, or for a failed open that still explains itself.
    pub(crate) fn new(engine: Option<Engine>) -> RapportDb {
        RapportDb { engine, last_errors: Mutex::new(HashMap::new()) }
    }

    /// The engine, or `misuse` when `rapport_open` failed for this handle.
    pub(crate) fn engine(&self) -> Result<&Engine, ApiError> {
        self.engine.as_ref().ok_or_else(|| {
            ApiError::new(ErrorCode::Misuse, "db holds no open database: rapport_open failed for it").with_field("db")
        })
    }

    /// Registers the handle and gives C its token.
    pub(crate) fn register(self) -> *mut RapportDb {
        let mut table = OPEN_HANDLES.write().unwrap_or_else(PoisonError::into_inner);
        table.next += 1;
        let token = table.next;
        table.open.get_or_insert_with(HashMap::new).insert(token, Arc::new(self));
        LIVE_HANDLES.fetch_add(1, Ordering::Relaxed);
        token as *mut RapportDb
    }

    /// The handle a token names, if it is open.
    pub(crate) fn lookup(token: *const RapportDb) -> Option<Arc<RapportDb>> {
        if token.is_null() {
            return None;
        }
        let table = OPEN_HANDLES.read().unwrap_or_else(PoisonError::into_inner);
        table.open.as_ref()?.get(&(token as usize)).cloned()
    }

    /// Forgets a token; the engine closes when the last call still using it returns.
    pub(crate) fn unregister(token: *const RapportDb) -> Option<Arc<RapportDb>> {
        let mut table = OPEN_HANDLES.write().unwrap_or_else(PoisonError::into_inner);
        let open = table.open.as_mut()?;
        let removed = open.remove(&(token as usize));
        if removed.is_some() {
            LIVE_HANDLES.fetch_sub(1, Ordering::Relaxed);
        }
        if open.is_empty() {
            // No table outlives the last handle (leak checkers see nothing at exit).
            table.open = None;
        }
        removed
    }

    /// Keeps `error` as this thread's last error on this handle.
    pub(crate) fn remember(&self, error: &ApiError) {
        let mut errors = self.last_errors.lock().unwrap_or_else(PoisonError::into_inner);
        errors.insert(std::thread::current().id(), LastError::of(error));
    }

    /// Clears this thread's last error on this handle after a successful call.
    pub(crate) fn forget(&self) {
        let mut errors = self.last_errors.lock().unwrap_or_else(PoisonError::into_inner);
        if !errors.is_empty() {
            errors.remove(&std::thread::current().id());
        }
    }

    /// This thread's last error code on this handle (`RAPPORT_OK` if none).
    pub(crate) fn last_code(&self) -> c_int {
        let errors = self.last_errors.lock().unwrap_or_else(PoisonError::into_inner);
        errors.get(&std::thread::current().id()).map_or(0, |e| e.code)
    }

    /// This thread's last error message; valid until this thread's next call on the handle.
    pub(crate) fn last_message(&self) -> *const c_char {
        let errors = self.last_errors.lock().unwrap_or_else(PoisonError::into_inner);
        // The CString's buffer stays put while the map rehashes; only this
        // thread replaces or removes its own entry.
        errors.get(&std::thread::current().id()).map_or(NO_ERROR.as_ptr(), |e| e.message.as_ptr())
    }
}

/// Where errors of calls without a valid handle are kept: per thread.
pub(crate) mod handleless {
    use super::*;

    // `try_with`: a host may call in while its thread is being torn down (a C++ thread_local's destructor
    // closing a handle), after this slot is gone. Then there is nothing to keep: `with` panicked there,
    // outside the boundary's catch_unwind, and aborted the host.

    pub(crate) fn remember(error: &ApiError) {
        let _ = HANDLELESS_ERROR.try_with(|slot| *slot.borrow_mut() = Some(LastError::of(error)));
    }

    pub(crate) fn forget() {
        let _ = HANDLELESS_ERROR.try_with(|slot| *slot.borrow_mut() = None);
    }

    pub(crate) fn last_code() -> c_int {
        HANDLELESS_ERROR.try_with(|slot| slot.borrow().as_ref().map_or(0, |e| e.code)).unwrap_or(0)
    }

    pub(crate) fn last_message() -> *const c_char {
        HANDLELESS_ERROR
            .try_with(|slot| slot.borrow().as_ref().map_or(NO_ERROR.as_ptr(), |e| e.message.as_ptr()))
            .unwrap_or(NO_ERROR.as_ptr())
    }
}

/// How many handles are open (for tests and diagnostics).
pub fn open_handle_count() -> usize {
    LIVE_HANDLES.load(Ordering::Relaxed)
}
