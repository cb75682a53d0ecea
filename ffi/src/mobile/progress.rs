//! Long work's progress on mobile: a `ProgressListener` the app implements, told how far an import (in time
//! an export, a backup, a restore) has come, answering whether to go on.

use rapport_core::Progress;

/// What the app implements to follow long work (`Engine.callWithProgress`): called on the calling thread
/// every 1,000 items and at the end. Answer `true` to go on, `false` to cancel: the call then fails with
/// `cancelled` and keeps nothing; so does a listener that throws. It must not call the engine.
#[uniffi::export(with_foreign)]
pub trait ProgressListener: Send + Sync {
    /// One report: `items` handled so far (rows read by an import), `done` of `total` (bytes of its source).
    fn on_progress(&self, progress: Progress) -> bool;
}
