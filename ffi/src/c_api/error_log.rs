//! The host's error log in C: `rapport_set_log` installs a function pointer with a user pointer, `rapport_reported_errors` counts.

use std::ffi::{CString, c_char, c_int, c_ulonglong, c_void};

use rapport_core::ErrorReport;

/// A function the library calls with each internal or I/O failure, on the thread that failed, before
/// the failing call returns: the status code (`RAPPORT_INTERNAL` or `RAPPORT_IO`) and the failure with
/// its causes, outermost first, on one line (`"context: cause: cause"`). `message` is valid only during
/// the call. The function must not call back into the library.
pub type RapportLogFn = Option<unsafe extern "C" fn(user_data: *mut c_void, code: c_int, message: *const c_char)>;

/// The host's function and pointer, called from whichever thread failed (the host's contract).
struct HostLog {
    log: unsafe extern "C" fn(*mut c_void, c_int, *const c_char),
    user_data: *mut c_void,
}

// SAFETY: `rapport_set_log`'s contract: the function and `user_data` may be used from any thread.
unsafe impl Send for HostLog {}
// SAFETY: as above.
unsafe impl Sync for HostLog {}

impl HostLog {
    fn write(&self, report: &ErrorReport) {
        let text = CString::new(report.text().replace('\0', " ")).unwrap_or_default();
        // SAFETY: a function pointer the host installed for exactly this signature; the string lives
        // for the call.
        unsafe { (self.log)(self.user_data, report.code.number(), text.as_ptr()) }
    }
}

/// Installs the process-wide error log: `log` is called with each internal or I/O failure of any
/// handle (their causes, which the error JSON leaves out). NULL removes it. Failures are counted
/// either way (`rapport_reported_errors`).
///
/// @param log        The function, or NULL to remove the current one.
/// @param user_data  Passed back to `log` unchanged; the library never reads it.
/// @return `RAPPORT_OK`.
///
/// # Safety
/// `log` is NULL or a function of this signature that may be called from any thread, until it is
/// replaced or removed, with `user_data`.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn rapport_set_log(log: RapportLogFn, user_data: *mut c_void) -> c_int {
    crate::c_boundary! { quiet, fallback: super::RAPPORT_INTERNAL, || {
        let hook = log.map(|log| {
            let host = HostLog { log, user_data };
            Box::new(move |report: &ErrorReport| host.write(report)) as rapport_core::ErrorHook
        });
        rapport_core::set_error_hook(hook);
        super::RAPPORT_OK
    }}
}

/// How many internal and I/O failures the library has reported since the process started.
#[unsafe(no_mangle)]
pub extern "C" fn rapport_reported_errors() -> c_ulonglong {
    crate::c_boundary! { quiet, fallback: 0, || rapport_core::reported_error_count() }
}
