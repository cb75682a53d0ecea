//! Where the generator's decisions come from: a seeded generator (the bounded test) or a fuzzer's input bytes.
//!
//! Every decision goes through [`Choices`], so the same generator code builds requests from a seed
//! (reproducible: the failing seed is printed) and from the bytes a coverage-guided fuzzer mutates (each
//! byte steers one decision, so a mutation of the input is a small change of the request).

/// A stream of decisions.
pub struct Choices<'a> {
    source: Source<'a>,
}

enum Source<'a> {
    /// splitmix64 over a seed.
    Seeded(u64),
    /// A fuzzer's input: one byte per small decision; zeros once it runs out.
    Bytes { data: &'a [u8], pos: usize },
}

impl<'a> Choices<'a> {
    /// Decisions drawn from `seed`.
    pub fn seeded(seed: u64) -> Choices<'static> {
        Choices { source: Source::Seeded(seed) }
    }

    /// Decisions read from `data`, a fuzzer's input.
    pub fn from_bytes(data: &'a [u8]) -> Choices<'a> {
        Choices { source: Source::Bytes { data, pos: 0 } }
    }

    /// Whether the decisions come from bytes that have all been read (the generator then takes the
    /// simplest choice everywhere, so a short input is a small request).
    pub fn exhausted(&self) -> bool {
        matches!(self.source, Source::Bytes { data, pos } if pos >= data.len())
    }

    /// One byte of decision.
    pub fn byte(&mut self) -> u8 {
        match &mut self.source {
            Source::Seeded(state) => (splitmix64(state) >> 56) as u8,
            Source::Bytes { data, pos } => {
                let b = data.get(*pos).copied().unwrap_or(0);
                *pos += 1;
                b
            }
        }
    }

    /// A number in `0..n` (`n` > 0), from as few bytes as `n` needs.
    pub fn below(&mut self, n: usize) -> usize {
        if n <= 1 {
            return 0;
        }
        let mut value: u64 = 0;
        let mut span: u64 = 1;
        while span < n as u64 {
            value = (value << 8) | u64::from(self.byte());
            span = span.saturating_mul(256);
        }
        (value % n as u64) as usize
    }

    /// A number in `lo..=hi`.
    pub fn between(&mut self, lo: i64, hi: i64) -> i64 {
        let span = (hi - lo) as usize + 1;
        lo + self.below(span) as i64
    }

    /// True `percent` times in a hundred (never once bytes are exhausted, so short inputs stay plain).
    pub fn chance(&mut self, percent: u8) -> bool {
        if self.exhausted() {
            return false;
        }
        self.below(100) < usize::from(percent)
    }

    /// One of `items` (which is not empty).
    pub fn pick<'t, T>(&mut self, items: &'t [T]) -> &'t T {
        &items[self.below(items.len())]
    }

    /// A copy of one of `items` (which is not empty).
    pub fn one_of<T: Copy>(&mut self, items: &[T]) -> T {
        *self.pick(items)
    }

    /// A full 64-bit number.
    pub fn u64(&mut self) -> u64 {
        match &mut self.source {
            Source::Seeded(state) => splitmix64(state),
            Source::Bytes { .. } => (0..8).fold(0u64, |acc, _| (acc << 8) | u64::from(self.byte())),
        }
    }
}

/// The splitmix64 step (Steele, Lea and Flood), the same generator the engine's test mode uses for ids.
pub fn splitmix64(state: &mut u64) -> u64 {
    *state = state.wrapping_add(0x9E37_79B9_7F4A_7C15);
    let mut z = *state;
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bytes_steer_decisions_and_run_out_into_the_simplest_choice() {
        let mut c = Choices::from_bytes(&[3, 1, 2]);
        assert_eq!(c.below(10), 3);
        assert_eq!(c.below(300), 258);
        assert!(c.exhausted());
        assert_eq!(c.below(10), 0);
        assert!(!c.chance(99));
    }

    #[test]
    fn a_seed_gives_the_same_decisions() {
        let a: Vec<usize> = {
            let mut c = Choices::seeded(7);
            (0..20).map(|_| c.below(1000)).collect()
        };
        let mut c = Choices::seeded(7);
        assert_eq!(a, (0..20).map(|_| c.below(1000)).collect::<Vec<_>>());
    }
}
