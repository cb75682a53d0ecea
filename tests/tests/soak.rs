//! The soak run (SPEC §0): every method of the registry called at random by the system and every user of a
//! seeded organisation, checking the promises as it goes: no panic (even a caught one), no `internal`,
//! every refusal a documented code, a refused write changes nothing, the file stays sound and its derived
//! data equal to a fresh computation.
//!
//! Bounded here (`RAPPORT_SOAK_SECS`, default 15 s); the long form is an hour:
//! `RAPPORT_SOAK_SECS=3600 cargo test -p rapport-tests --release --test soak -- --nocapture`.

use std::collections::BTreeMap;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use rapport_core::{Engine, ErrorCode, OpenOptions};
use rapport_tests::crash::seed_database;
use rapport_tests::state::{connect, derived_mismatches, differences, dump, integrity};
use rapport_tests::workload::{READS, Rng, World, discovery};

fn soak_duration() -> Duration {
    Duration::from_secs(std::env::var("RAPPORT_SOAK_SECS").ok().and_then(|v| v.parse().ok()).unwrap_or(15))
}

#[test]
fn spec_0_a_long_random_run_keeps_every_promise() {
    let panics = Arc::new(AtomicUsize::new(0));
    let seen = panics.clone();
    let previous = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        seen.fetch_add(1, Ordering::SeqCst);
        previous(info);
    }));
    let dir = std::env::temp_dir().join(format!("rapport-soak-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let db = dir.join("soak.db");
    seed_database(&db, 11, 60);
    let engine = Engine::open(db.to_str().unwrap(), &OpenOptions::default()).unwrap();
    let mut world = World::new();
    for call in discovery() {
        if let Ok(answer) = engine.call(None, &call.method, &call.request) {
            world.learn(&call, &answer);
        }
    }
    for call in world.follow_up() {
        if let Ok(answer) = engine.call(None, &call.method, &call.request) {
            world.learn(&call, &answer);
        }
    }
    let documented: Vec<&str> = ErrorCode::ALL.iter().map(|c| c.as_str()).collect();
    let mut rng = Rng::new(11);
    let mut outcomes: BTreeMap<String, usize> = BTreeMap::new();
    let mut failures: Vec<String> = Vec::new();
    let (mut calls, mut refusals_checked, mut derived_checks) = (0usize, 0usize, 0usize);
    let mut follow_on = None;
    let started = Instant::now();
    let mut next_check = Duration::from_secs(5);
    while started.elapsed() < soak_duration() && failures.len() < 10 {
        let call = follow_on.take().unwrap_or_else(|| world.next_call(&mut rng));
        let write = !READS.contains(&call.method.as_str());
        // One refused write in ten is checked against an ordered dump from a second connection.
        let before = (write && rng.chance(10)).then(|| dump(&connect(&db)));
        let result = engine.call(call.actor.as_deref(), &call.method, &call.request);
        calls += 1;
        match &result {
            Ok(answer) => {
                world.learn(&call, answer);
                follow_on = world.follow_on(&call, &mut rng);
                *outcomes.entry("ok".into()).or_default() += 1;
            }
            Err(e) => {
                *outcomes.entry(e.code.as_str().into()).or_default() += 1;
                if e.code == ErrorCode::Internal || !documented.contains(&e.code.as_str()) {
                    failures.push(format!("{}: {:?} on {}", call.method, e, call.request));
                }
                if let Some(before) = before {
                    refusals_checked += 1;
                    let changed = differences(&before, &dump(&connect(&db)));
                    if !changed.is_empty() {
                        failures.push(format!("{} refused ({:?}) but changed: {changed:?}", call.method, e.code));
                    }
                }
            }
        }
        if started.elapsed() >= next_check {
            next_check += Duration::from_secs(30);
            let sound = integrity(&connect(&db));
            if sound != "ok" {
                failures.push(format!("integrity_check after {calls} calls: {sound}"));
            }
            derived_checks += 1;
            failures.extend(derived_mismatches(&db, &dir, &OpenOptions::default()).into_iter().take(3));
        }
    }
    derived_checks += 1;
    failures.extend(derived_mismatches(&db, &dir, &OpenOptions::default()).into_iter().take(3));
    drop(engine);
    std::fs::remove_dir_all(&dir).ok();
    let panicked = panics.load(Ordering::SeqCst);
    println!(
        "soak: {calls} calls in {:.0} s by the system and {} users; outcomes {outcomes:?}; {refusals_checked} refused \
         writes checked against a dump; {derived_checks} derived-data checks; {panicked} panics; {} failures",
        started.elapsed().as_secs_f64(),
        world.users().len(),
        failures.len()
    );
    assert_eq!(panicked, 0, "a panic is a bug even when caught");
    assert!(failures.is_empty(), "{}", failures.join("\n"));
    assert!(
        outcomes.get("ok").copied().unwrap_or(0) > calls / 10,
        "too few calls succeeded to mean much: {outcomes:?}"
    );
}
