//! Record ids: UUIDv7 (time ordered), from the engine clock; seeded and reproducible in the test mode.

use std::sync::Mutex;

use uuid::Uuid;

/// Generates ids that sort in creation order, even within one millisecond.
pub(crate) struct IdGenerator {
    state: Mutex<IdState>,
}

struct IdState {
    /// `None`: random bits from the OS; `Some`: a splitmix64 stream.
    seed: Option<u64>,
    last: u128,
}

impl IdGenerator {
    pub(crate) fn random() -> Self {
        IdGenerator { state: Mutex::new(IdState { seed: None, last: 0 }) }
    }

    pub(crate) fn seeded(seed: u64) -> Self {
        IdGenerator { state: Mutex::new(IdState { seed: Some(seed), last: 0 }) }
    }

    /// Where the generator stands, to take back ids handed out to writes that were rolled back.
    pub(crate) fn position(&self) -> (Option<u64>, u128) {
        let st = self.state.lock().unwrap_or_else(|p| p.into_inner());
        (st.seed, st.last)
    }

    /// Returns to a [`IdGenerator::position`]: the ids handed out since then were never stored.
    pub(crate) fn rewind(&self, (seed, last): (Option<u64>, u128)) {
        let mut st = self.state.lock().unwrap_or_else(|p| p.into_inner());
        st.seed = seed;
        st.last = last;
    }

    /// A new UUIDv7 for instant `now_ms`, greater than every id made before.
    pub(crate) fn next(&self, now_ms: i64) -> String {
        let mut st = self.state.lock().unwrap_or_else(|p| p.into_inner());
        let mut bytes = [0u8; 10];
        match st.seed.as_mut() {
            Some(s) => {
                let a = splitmix64(s).to_be_bytes();
                let b = splitmix64(s).to_be_bytes();
                bytes[..8].copy_from_slice(&a);
                bytes[8..].copy_from_slice(&b[..2]);
            }
            None => bytes.copy_from_slice(&Uuid::new_v4().as_bytes()[..10]),
        }
        let ms = u64::try_from(now_ms).unwrap_or(0);
        let candidate = uuid::Builder::from_unix_timestamp_millis(ms, &bytes).into_uuid().as_u128();
        // Monotonic: within one millisecond (or if the clock steps back) count up from the last id.
        let id = if candidate > st.last { candidate } else { st.last + 1 };
        st.last = id;
        Uuid::from_u128(id).hyphenated().to_string()
    }
}

fn splitmix64(state: &mut u64) -> u64 {
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
    fn seeded_ids_repeat_and_sort() {
        let a = IdGenerator::seeded(7);
        let b = IdGenerator::seeded(7);
        let xs: Vec<String> = (0..50).map(|_| a.next(1_700_000_000_000)).collect();
        let ys: Vec<String> = (0..50).map(|_| b.next(1_700_000_000_000)).collect();
        assert_eq!(xs, ys);
        let mut sorted = xs.clone();
        sorted.sort();
        assert_eq!(xs, sorted);
        assert!(Uuid::parse_str(&xs[0]).unwrap().get_version_num() == 7);
    }
}
