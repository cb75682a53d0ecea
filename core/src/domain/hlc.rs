//! Hybrid logical clock: change-feed timestamps that order edits the same way on every replica.
//!
//! Concurrent edits are resolved per field by HLC, last writer wins (LIFE-4).
//! An [`Hlc`] is a wall-clock millisecond plus a logical counter; ties between
//! equal HLCs are broken by the node id, so `(Hlc, node)` is a total order
//! and [`encode`] turns it into a string whose byte order is the same order.
//! The clock never reads the time itself: callers pass `now_ms`.

use std::fmt;

/// Largest wall time [`encode`] can represent: 15 decimal digits
/// (about the year 33658).
pub const MAX_WALL_MS: i64 = 999_999_999_999_999;

/// A hybrid logical timestamp. Ordered by `wall_ms`, then `counter`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Hlc {
    /// Milliseconds since the Unix epoch (physical part).
    pub wall_ms: i64,
    /// Logical counter distinguishing events within the same millisecond.
    pub counter: u32,
}

impl Hlc {
    pub(crate) const fn new(wall_ms: i64, counter: u32) -> Self {
        Hlc { wall_ms, counter }
    }

    /// The timestamp right after `(wall_ms, counter)`: the counter plus one,
    /// or the next millisecond with counter zero when the counter is full.
    fn successor(wall_ms: i64, counter: u32) -> Hlc {
        match counter.checked_add(1) {
            Some(c) => Hlc::new(wall_ms, c),
            None => Hlc::new(wall_ms.saturating_add(1), 0),
        }
    }
}

impl fmt::Display for Hlc {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:015}-{:08x}", self.wall_ms, self.counter)
    }
}

/// A node's hybrid logical clock. Every timestamp it hands out is strictly
/// greater than every timestamp it handed out or observed before.
#[derive(Debug, Clone, Default)]
pub struct HlcClock {
    last: Option<Hlc>,
}

impl HlcClock {
    /// A clock resuming after `last` (e.g. the newest HLC in storage), or a
    /// fresh one with `None`.
    pub(crate) fn new(last: Option<Hlc>) -> Self {
        HlcClock { last }
    }

    #[cfg(test)]
    /// The most recent timestamp issued or observed.
    pub(crate) fn last(&self) -> Option<Hlc> {
        self.last
    }

    /// A local or send event at physical time `now_ms`: the wall part is
    /// `max(last.wall_ms, now_ms)`; the counter is `last.counter + 1` when
    /// the wall part did not advance and `0` when it did.
    pub(crate) fn tick(&mut self, now_ms: i64) -> Hlc {
        let next = match self.last {
            Some(last) if last.wall_ms >= now_ms => Hlc::successor(last.wall_ms, last.counter),
            _ => Hlc::new(now_ms, 0),
        };
        self.last = Some(next);
        next
    }

    #[allow(dead_code, reason = "merging a remote clock is for offline sync (LIFE-4); tested now")]
    /// A receive event: merges the `remote` timestamp at physical time
    /// `now_ms` (the standard HLC receive rule). The wall part becomes
    /// `max(last.wall_ms, remote.wall_ms, now_ms)`; the counter continues
    /// from whichever of `last` and `remote` share that wall part (the larger
    /// counter when both do), or restarts at `0` when `now_ms` is ahead of
    /// both. The result is greater than both `last` and `remote`.
    pub(crate) fn observe(&mut self, remote: Hlc, now_ms: i64) -> Hlc {
        let next = match self.last {
            None => {
                if remote.wall_ms >= now_ms {
                    Hlc::successor(remote.wall_ms, remote.counter)
                } else {
                    Hlc::new(now_ms, 0)
                }
            }
            Some(last) => {
                let wall = last.wall_ms.max(remote.wall_ms).max(now_ms);
                if wall == last.wall_ms && wall == remote.wall_ms {
                    Hlc::successor(wall, last.counter.max(remote.counter))
                } else if wall == last.wall_ms {
                    Hlc::successor(wall, last.counter)
                } else if wall == remote.wall_ms {
                    Hlc::successor(wall, remote.counter)
                } else {
                    Hlc::new(wall, 0)
                }
            }
        };
        self.last = Some(next);
        next
    }
}

/// Encodes `(hlc, node)` as `WWWWWWWWWWWWWWW-CCCCCCCC-node`: the wall time
/// as 15 zero-padded decimal digits, the counter as 8 zero-padded lowercase
/// hex digits (the whole `u32` range), then the node id. Because the first
/// two parts have fixed widths, byte order of the strings equals the order of
/// `(hlc, node)`.
///
/// A wall time outside `0..=MAX_WALL_MS` cannot keep that promise and is
/// clamped into the range.
pub(crate) fn encode(hlc: Hlc, node: &str) -> String {
    let wall = hlc.wall_ms.clamp(0, MAX_WALL_MS);
    format!("{wall:015}-{:08x}-{node}", hlc.counter)
}

/// Decodes a string produced by [`encode`]; `None` unless it has exactly
/// that shape (15 decimal digits, `-`, 8 lowercase hex digits, `-`, node).
/// The node may be empty and may itself contain `-`.
pub(crate) fn decode(s: &str) -> Option<(Hlc, String)> {
    let bytes = s.as_bytes();
    if bytes.len() < 25 || bytes[15] != b'-' || bytes[24] != b'-' {
        return None;
    }
    let wall_part = &bytes[..15];
    let counter_part = &bytes[16..24];
    if !wall_part.iter().all(u8::is_ascii_digit) {
        return None;
    }
    if !counter_part.iter().all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(b)) {
        return None;
    }
    // All checked bytes are ASCII, so these slice boundaries are char boundaries.
    let wall_ms: i64 = s[..15].parse().ok()?;
    let counter = u32::from_str_radix(&s[16..24], 16).ok()?;
    Some((Hlc::new(wall_ms, counter), s[25..].to_string()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tick_from_fresh_clock_uses_now() {
        let mut c = HlcClock::default();
        assert_eq!(c.last(), None);
        assert_eq!(c.tick(1000), Hlc::new(1000, 0));
        assert_eq!(c.last(), Some(Hlc::new(1000, 0)));
    }

    #[test]
    fn tick_same_millisecond_increments_counter() {
        let mut c = HlcClock::new(None);
        assert_eq!(c.tick(1000), Hlc::new(1000, 0));
        assert_eq!(c.tick(1000), Hlc::new(1000, 1));
        assert_eq!(c.tick(1000), Hlc::new(1000, 2));
        assert_eq!(c.tick(1001), Hlc::new(1001, 0));
    }

    #[test]
    fn tick_never_goes_backwards_when_the_clock_does() {
        let mut c = HlcClock::new(Some(Hlc::new(5000, 3)));
        assert_eq!(c.tick(4000), Hlc::new(5000, 4));
        assert_eq!(c.tick(0), Hlc::new(5000, 5));
        assert_eq!(c.tick(6000), Hlc::new(6000, 0));
    }

    #[test]
    fn tick_counter_overflow_moves_to_next_millisecond() {
        let mut c = HlcClock::new(Some(Hlc::new(5000, u32::MAX)));
        assert_eq!(c.tick(5000), Hlc::new(5001, 0));
        assert_eq!(c.tick(5000), Hlc::new(5001, 1));
    }

    #[test]
    fn tick_is_strictly_monotonic() {
        let mut c = HlcClock::default();
        let mut prev = c.tick(100);
        for now in [100, 99, 150, 150, 10, 151, 151, 200, 0] {
            let next = c.tick(now);
            assert!(next > prev, "{next:?} <= {prev:?}");
            prev = next;
        }
    }

    #[test]
    fn observe_on_fresh_clock() {
        let mut c = HlcClock::default();
        assert_eq!(c.observe(Hlc::new(2000, 7), 1000), Hlc::new(2000, 8));
        let mut c = HlcClock::default();
        assert_eq!(c.observe(Hlc::new(2000, 7), 2000), Hlc::new(2000, 8));
        let mut c = HlcClock::default();
        assert_eq!(c.observe(Hlc::new(2000, 7), 3000), Hlc::new(3000, 0));
    }

    #[test]
    fn observe_now_ahead_of_both_resets_counter() {
        let mut c = HlcClock::new(Some(Hlc::new(1000, 5)));
        assert_eq!(c.observe(Hlc::new(1500, 9), 2000), Hlc::new(2000, 0));
    }

    #[test]
    fn observe_remote_ahead() {
        let mut c = HlcClock::new(Some(Hlc::new(1000, 5)));
        assert_eq!(c.observe(Hlc::new(3000, 9), 2000), Hlc::new(3000, 10));
        // A following local tick continues from the observed time.
        assert_eq!(c.tick(2500), Hlc::new(3000, 11));
    }

    #[test]
    fn observe_local_ahead() {
        let mut c = HlcClock::new(Some(Hlc::new(3000, 5)));
        assert_eq!(c.observe(Hlc::new(1000, 9), 2000), Hlc::new(3000, 6));
    }

    #[test]
    fn observe_equal_walls_takes_max_counter() {
        let mut c = HlcClock::new(Some(Hlc::new(3000, 5)));
        assert_eq!(c.observe(Hlc::new(3000, 9), 2000), Hlc::new(3000, 10));
        let mut c = HlcClock::new(Some(Hlc::new(3000, 12)));
        assert_eq!(c.observe(Hlc::new(3000, 9), 3000), Hlc::new(3000, 13));
    }

    #[test]
    fn observe_counter_overflow() {
        let mut c = HlcClock::new(Some(Hlc::new(3000, 1)));
        assert_eq!(c.observe(Hlc::new(3000, u32::MAX), 0), Hlc::new(3001, 0));
    }

    #[test]
    fn observe_result_exceeds_both_inputs() {
        let cases = [
            (Hlc::new(10, 0), Hlc::new(10, 0), 10),
            (Hlc::new(10, 3), Hlc::new(20, 1), 5),
            (Hlc::new(30, 3), Hlc::new(20, 1), 25),
            (Hlc::new(30, 3), Hlc::new(20, 1), 40),
            (Hlc::new(30, 3), Hlc::new(30, 3), 30),
        ];
        for (last, remote, now) in cases {
            let mut c = HlcClock::new(Some(last));
            let got = c.observe(remote, now);
            assert!(got > last && got > remote, "{last:?} {remote:?} {now} -> {got:?}");
            assert!(got.wall_ms >= now);
            assert_eq!(c.last(), Some(got));
        }
    }

    #[test]
    fn hlc_orders_by_wall_then_counter() {
        assert!(Hlc::new(1, 99) < Hlc::new(2, 0));
        assert!(Hlc::new(2, 0) < Hlc::new(2, 1));
        assert_eq!(Hlc::new(2, 1).to_string(), "000000000000002-00000001");
    }

    #[test]
    fn encode_shape_and_round_trip() {
        let h = Hlc::new(1_767_600_000_000, 26);
        let s = encode(h, "node-a");
        assert_eq!(s, "001767600000000-0000001a-node-a");
        assert_eq!(decode(&s), Some((h, "node-a".to_string())));

        for (hlc, node) in [
            (Hlc::new(0, 0), ""),
            (Hlc::new(MAX_WALL_MS, u32::MAX), "0190a5b2-7c3d-7e4f-8a9b-123456789abc"),
            (Hlc::new(1, 1), "节点"),
        ] {
            assert_eq!(decode(&encode(hlc, node)), Some((hlc, node.to_string())));
        }
    }

    #[test]
    fn encode_clamps_out_of_range_walls() {
        assert_eq!(encode(Hlc::new(-5, 0), "n"), "000000000000000-00000000-n");
        assert_eq!(encode(Hlc::new(i64::MAX, 0), "n"), "999999999999999-00000000-n");
    }

    #[test]
    fn decode_rejects_malformed() {
        for bad in [
            "",
            "garbage",
            "00000000000001-00000001-n",
            "0000000000000001-00000001-n",
            "000000000000001-0000001-n",
            "000000000000001-000000001-n",
            "000000000000001-00000001",
            "000000000000001_00000001-n",
            "000000000000001-00000001_n",
            "000000000000001-0000000G-n",
            "000000000000001-0000000A-n",
            "00000000000000a-00000001-n",
            "-00000000000001-00000001-n",
            "+00000000000001-00000001-n",
            "00000000000000１-00000001-n",
        ] {
            assert_eq!(decode(bad), None, "{bad:?}");
        }
        assert_eq!(decode("000000000000001-00000001-"), Some((Hlc::new(1, 1), String::new())));
    }

    #[test]
    fn string_order_equals_hlc_then_node_order() {
        let walls = [0, 1, 9, 10, 999, 1000, 1_767_600_000_000, MAX_WALL_MS];
        let counters = [0, 1, 9, 10, 15, 16, 255, 256, 999_999, 1_000_000, u32::MAX];
        let nodes = ["", "a", "a-b", "ab", "b", "node-1", "node-10", "node-2", "z", "节点"];
        let mut items = Vec::new();
        for w in walls {
            for c in counters {
                for n in nodes {
                    items.push((Hlc::new(w, c), n.to_string()));
                }
            }
        }
        let mut by_value = items.clone();
        by_value.sort();
        let mut by_string: Vec<String> = items.iter().map(|(h, n)| encode(*h, n)).collect();
        by_string.sort();
        let expected: Vec<String> = by_value.iter().map(|(h, n)| encode(*h, n)).collect();
        assert_eq!(by_string, expected);
    }

    #[test]
    fn replicas_converge_on_the_same_winner() {
        // Two nodes edit the same field concurrently; each replica picks the
        // greatest encoded stamp, so both agree.
        let mut a = HlcClock::default();
        let mut b = HlcClock::default();
        let ea = encode(a.tick(1000), "node-a");
        let eb = encode(b.tick(1000), "node-b");
        let winner_on_a = ea.clone().max(eb.clone());
        let winner_on_b = eb.max(ea);
        assert_eq!(winner_on_a, winner_on_b);
        assert!(winner_on_a.ends_with("node-b"));
    }
}
