//! Stable sorting through one copy of the standard library's sort.
//!
//! `slice::sort_by` is instantiated for every element type and comparison, about 6 KB of wasm each. These
//! helpers sort the positions `0..len` instead (one instantiation, comparing through `dyn`) and then move the
//! elements into that order, so a call site adds only its comparison and a few swaps. The order is exactly
//! the one `sort_by` gives: a stable sort of the positions keeps equal elements in their original order.
//! Meant for the short lists of the engine (roles, scopes, an agenda, report groups), not for hot loops.

use std::cmp::Ordering;

/// Sorts `items` by `compare`, stably: the same order as `items.sort_by(compare)`.
pub(crate) fn sort_by<T>(items: &mut [T], mut compare: impl FnMut(&T, &T) -> Ordering) {
    if items.len() < 2 {
        return;
    }
    let order = sorted_positions(items.len(), &mut |a, b| compare(&items[a], &items[b]));
    permute(items, order);
}

/// Sorts `items` in their natural order, stably: the same order as `items.sort()`.
pub(crate) fn sort<T: Ord>(items: &mut [T]) {
    sort_by(items, T::cmp);
}

/// The positions `0..len` in the order `compare` gives their elements (stable).
#[inline(never)]
fn sorted_positions(len: usize, compare: &mut dyn FnMut(usize, usize) -> Ordering) -> Vec<usize> {
    let mut order: Vec<usize> = (0..len).collect();
    order.sort_by(|&a, &b| compare(a, b));
    order
}

/// Puts `items[order[k]]` at position `k`, following each cycle of the permutation with swaps.
fn permute<T>(items: &mut [T], mut order: Vec<usize>) {
    for start in 0..order.len() {
        let mut at = start;
        loop {
            // Marks `at` as placed; the cycle closes when it leads back to `start`.
            let next = std::mem::replace(&mut order[at], at);
            if next == start {
                break;
            }
            items.swap(at, next);
            at = next;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A small deterministic generator, so the test needs no dependency.
    fn numbers(seed: u64, n: usize, modulo: u64) -> Vec<u64> {
        let mut x = seed;
        (0..n)
            .map(|_| {
                x = x.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
                (x >> 33) % modulo
            })
            .collect()
    }

    #[test]
    fn the_order_is_that_of_the_standard_stable_sort() {
        for (seed, n, modulo) in [(1, 0, 5), (2, 1, 5), (3, 2, 2), (4, 7, 3), (5, 40, 4), (6, 300, 1000), (7, 1000, 7)]
        {
            // Pairs of (key, original position): equal keys must keep their order, as with `sort_by`.
            let items: Vec<(u64, usize)> = numbers(seed, n, modulo).into_iter().zip(0..).collect();
            let mut expected = items.clone();
            expected.sort_by_key(|a| a.0);
            let mut got = items.clone();
            sort_by(&mut got, |a, b| a.0.cmp(&b.0));
            assert_eq!(got, expected, "seed {seed}, {n} items");
            let mut descending = items.clone();
            descending.sort_by_key(|a| std::cmp::Reverse(a.0));
            let mut got = items;
            sort_by(&mut got, |a, b| b.0.cmp(&a.0));
            assert_eq!(got, descending, "seed {seed}, {n} items, descending");
        }
        let mut words = vec!["pear".to_string(), "apple".into(), "fig".into(), "apple".into()];
        sort(&mut words);
        assert_eq!(words, ["apple", "apple", "fig", "pear"]);
    }
}
