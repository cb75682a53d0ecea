//! The bodies of the coverage-guided fuzz targets (`tests/fuzz/fuzz_targets/`): one input, the oracle, a panic on a broken rule.
//!
//! Each target keeps one harness per process (per thread: libFuzzer runs inputs on one) (seeding costs a few hundred milliseconds) and puts the
//! organisation back as seeded every [`RESET_EVERY`] inputs, so a run keeps meeting records that exist.
//! A broken rule panics with the call in the corpus's text form: libFuzzer then saves the input as a
//! crash artifact, which the replay test (`tests/tests/fuzz_boundary.rs`) runs once copied into the
//! corpus.

use std::cell::RefCell;
use std::sync::OnceLock;

use super::cabi::CHarness;
use super::case::Case;
use super::fixture::World;
use super::generate::Generator;
use super::oracle::{Harness, Violation};
use super::schema::Schemas;

/// Inputs between two restores of the seeded organisation.
pub const RESET_EVERY: u64 = 500;

fn schemas() -> &'static Schemas {
    static SCHEMAS: OnceLock<Schemas> = OnceLock::new();
    SCHEMAS.get_or_init(Schemas::load)
}

struct Engine {
    harness: Harness,
    world: &'static World,
    runs: u64,
}

struct C {
    harness: CHarness,
    world: &'static World,
    runs: u64,
}

fn fail(what: &str, violations: &[Violation]) -> ! {
    let list: Vec<String> = violations.iter().map(|v| format!("  {v}")).collect();
    panic!("{what}\n{}", list.join("\n"));
}

/// One input of the `engine_call` target: a call in either form of [`Case`].
pub fn engine_call(data: &[u8]) {
    thread_local! {
        static STATE: RefCell<Option<Engine>> = const { RefCell::new(None) };
    }
    STATE.with_borrow_mut(|state| engine_call_on(state, data));
}

fn engine_call_on(state: &mut Option<Engine>, data: &[u8]) {
    let state = state.get_or_insert_with(|| {
        let harness = Harness::new(schemas());
        let world: &'static World = Box::leak(Box::new(harness.seeded.world.clone()));
        Engine { harness, world, runs: 0 }
    });
    state.runs += 1;
    if state.runs.is_multiple_of(RESET_EVERY) {
        state.harness.reset();
    }
    let g = Generator::new(schemas(), state.world);
    let case = Case::decode(data, &g);
    let violations = state.harness.check(&case.actor, &case.method, &case.request);
    if !violations.is_empty() {
        fail(&case.describe(), &violations);
    }
}

/// One input of the `c_entry_points` target: a short program of `rapport_*` calls ([`CHarness::run`]).
pub fn c_entry_points(data: &[u8]) {
    thread_local! {
        static STATE: RefCell<Option<C>> = const { RefCell::new(None) };
    }
    STATE.with_borrow_mut(|state| c_entry_points_on(state, data));
}

fn c_entry_points_on(state: &mut Option<C>, data: &[u8]) {
    let state = state.get_or_insert_with(|| {
        let harness = CHarness::new(schemas());
        let world: &'static World = Box::leak(Box::new(harness.seeded.world.clone()));
        C { harness, world, runs: 0 }
    });
    state.runs += 1;
    if state.runs.is_multiple_of(RESET_EVERY) {
        state.harness.reset();
    }
    let g = Generator::new(schemas(), state.world);
    let violations = state.harness.run(data, &g);
    if !violations.is_empty() {
        fail(&format!("C entry points, an input of {} bytes", data.len()), &violations);
    }
}
