//! The host's error log: internal and I/O failures reach a hook the host installs, with their whole cause chain, and a counter.
//!
//! Hosts see a failure as `{code, field, message}`: stable and free of internals. What went wrong
//! underneath (the SQLite error, the JSON that did not parse, the panic) is for the host's own
//! log, as SQLite's `SQLITE_CONFIG_LOG` is: one process-wide hook, called on the thread that
//! failed, before the call returns its error. Without a hook the failures are only counted.

use std::panic::{AssertUnwindSafe, catch_unwind};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, RwLock};

use crate::domain::error::ErrorCode;

/// One logged failure.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ErrorReport {
    /// `internal` (a bug, an impossible state, a caught panic) or `io` (the file failed).
    pub code: ErrorCode,
    /// The failure and each of its causes, outermost first.
    pub causes: Vec<String>,
}

impl ErrorReport {
    /// The causes on one line: `outer: inner: innermost`.
    pub fn text(&self) -> String {
        self.causes.join(": ")
    }
}

/// What a host installs: called with each failure, on the thread that failed.
pub type ErrorHook = Box<dyn Fn(&ErrorReport) + Send + Sync + 'static>;

type Hook = Arc<dyn Fn(&ErrorReport) + Send + Sync + 'static>;

static HOOK: RwLock<Option<Hook>> = RwLock::new(None);
static REPORTED: AtomicU64 = AtomicU64::new(0);

/// Installs the process-wide error hook (replacing any earlier one); `None` removes it.
/// The hook must not call back into the engine; a panic inside it is swallowed.
pub fn set_error_hook(hook: Option<ErrorHook>) {
    let hook: Option<Hook> = hook.map(Arc::from);
    *HOOK.write().unwrap_or_else(|p| p.into_inner()) = hook;
}

/// How many failures were reported since the process started (with or without a hook).
pub fn reported_error_count() -> u64 {
    REPORTED.load(Ordering::Relaxed)
}

/// Reports a failure: counts it and hands it to the hook, if one is installed.
pub fn report(code: ErrorCode, causes: &[String]) {
    REPORTED.fetch_add(1, Ordering::Relaxed);
    let hook = HOOK.read().unwrap_or_else(|p| p.into_inner()).clone();
    if let Some(hook) = hook {
        let report = ErrorReport { code, causes: causes.to_vec() };
        let _ = catch_unwind(AssertUnwindSafe(|| hook(&report)));
    }
}
