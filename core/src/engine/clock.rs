//! The injectable clock: the system clock, or a fixed or stepping clock for the test mode.

use std::sync::atomic::{AtomicI64, Ordering};

use chrono::{DateTime, TimeZone, Utc};

/// Where `now` comes from. Every request reads it once.
pub(crate) enum Clock {
    System,
    /// Starts at `next_ms` and advances `step_ms` per reading (0 = fixed).
    Test {
        next_ms: AtomicI64,
        step_ms: i64,
    },
}

impl Clock {
    pub(crate) fn test(start: DateTime<Utc>, step_ms: i64) -> Clock {
        Clock::Test { next_ms: AtomicI64::new(start.timestamp_millis()), step_ms }
    }

    /// The current instant, at millisecond precision (the precision stored).
    pub(crate) fn now(&self) -> DateTime<Utc> {
        let ms = match self {
            Clock::System => Utc::now().timestamp_millis(),
            Clock::Test { next_ms, step_ms } => next_ms.fetch_add(*step_ms, Ordering::Relaxed),
        };
        Utc.timestamp_millis_opt(ms).single().unwrap_or_default()
    }
}
