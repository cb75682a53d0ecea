//! Long work's progress (DESIGN.md, "long work"): what the host's callback is told, and how it cancels.
//!
//! Imports, exports, backups and restores call the host back as they go, through one callback type,
//! [`OnProgress`]. The host answers [`Flow::Cancel`] to stop: the call then fails with `cancelled` and
//! keeps nothing of its work (an import's transaction rolls back, a backup's file is removed).

use serde::Serialize;

use super::{EngineError, EngineResult};
use crate::domain::error::ErrorCode;

/// How far a long call has come.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
pub struct Progress {
    /// Items handled so far: rows read by an import, rows written by an export, pages copied by a backup.
    pub items: u64,
    /// Work done, in the unit of `total`: bytes of an import's source read, pages of a backup copied.
    pub done: u64,
    /// The whole, in the unit of `done`; 0 when it is not known in advance (an export's rows).
    pub total: u64,
}

/// What the host's callback answers: go on, or stop the call.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Flow {
    Continue,
    Cancel,
}

/// The host's progress callback. Called from the thread running the call, at most every
/// [`REPORT_EVERY`] items and once at the end.
pub type OnProgress<'a> = dyn FnMut(Progress) -> Flow + 'a;

/// Items between two reports (rows; a backup reports after each step of pages).
pub const REPORT_EVERY: u64 = 1_000;

/// Reports to the host's callback at a bounded rate and turns its `Cancel` into the `cancelled` error.
pub(crate) struct Reporter<'a, 'p> {
    on_progress: &'a mut OnProgress<'p>,
    last_reported: Option<u64>,
}

impl<'a, 'p> Reporter<'a, 'p> {
    pub(crate) fn new(on_progress: &'a mut OnProgress<'p>) -> Self {
        Reporter { on_progress, last_reported: None }
    }

    /// Tells the host when [`REPORT_EVERY`] items passed since the last report (or none was made).
    pub(crate) fn tick(&mut self, progress: Progress) -> EngineResult<()> {
        match self.last_reported {
            Some(last) if progress.items < last + REPORT_EVERY => Ok(()),
            _ => self.report(progress),
        }
    }

    /// Tells the host now (the last report of a call, or each step of a backup).
    pub(crate) fn report(&mut self, progress: Progress) -> EngineResult<()> {
        self.last_reported = Some(progress.items);
        match (self.on_progress)(progress) {
            Flow::Continue => Ok(()),
            Flow::Cancel => Err(cancelled()),
        }
    }
}

/// The error of a call the host cancelled.
pub(crate) fn cancelled() -> EngineError {
    EngineError::refused(ErrorCode::Cancelled, "cancelled by the host's progress callback; nothing was kept")
}

/// A callback for calls made without one: never cancels.
pub fn no_progress(_: Progress) -> Flow {
    Flow::Continue
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reports_every_thousand_items_and_turns_cancel_into_the_cancelled_error() {
        let mut seen = Vec::new();
        let mut callback = |p: Progress| {
            seen.push(p.items);
            if p.items >= 2_500 { Flow::Cancel } else { Flow::Continue }
        };
        let mut reporter = Reporter::new(&mut callback);
        let mut outcome = Ok(());
        for items in 1..=5_000 {
            outcome = reporter.tick(Progress { items, done: items, total: 5_000 });
            if outcome.is_err() {
                break;
            }
        }
        assert_eq!(outcome.unwrap_err().code(), ErrorCode::Cancelled);
        assert_eq!(seen, vec![1, 1_001, 2_001, 3_001]);
    }
}
