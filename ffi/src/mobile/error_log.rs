//! The host's error log on mobile: an `ErrorLogger` the app implements, called with each internal or I/O failure and its causes; a counter.

use std::sync::Arc;

use rapport_core::{ErrorCode, ErrorReport};

/// What the app implements to receive the failures that calls report only as `internal` or `io`,
/// with their causes (`RapportException` carries the code and a message without internals).
/// Called on the thread whose call failed, before that call returns; it must not call the engine.
#[uniffi::export(with_foreign)]
pub trait ErrorLogger: Send + Sync {
    /// One failure: its code and its causes, outermost first.
    fn log(&self, code: ErrorCode, causes: Vec<String>);
}

/// Installs the process-wide error logger (`null` removes it). Failures are counted either way.
#[uniffi::export]
pub fn set_error_logger(logger: Option<Arc<dyn ErrorLogger>>) {
    let hook = logger.map(|logger| {
        Box::new(move |report: &ErrorReport| logger.log(report.code, report.causes.clone())) as rapport_core::ErrorHook
    });
    rapport_core::set_error_hook(hook);
}

/// How many internal and I/O failures were reported since the process started.
#[uniffi::export]
pub fn reported_error_count() -> u64 {
    rapport_core::reported_error_count()
}
