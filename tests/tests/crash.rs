//! SPEC §0: a killed process loses no committed transaction. A writer is killed with SIGKILL 50 times in
//! a row on the same file, with the default synchronous mode and with `synchronous_full`; the file is
//! checked against a reference after each kill (see `rapport_tests::crash`).
//!
//! Longer: `RAPPORT_CRASH_KILLS=1000 cargo test -p rapport-tests --release --test crash -- --nocapture`.

use std::time::Duration;

use rapport_tests::crash::{Series, run_series};

fn kills() -> usize {
    std::env::var("RAPPORT_CRASH_KILLS").ok().and_then(|v| v.parse().ok()).unwrap_or(50)
}

fn series(synchronous_full: bool, seed: u64) {
    let dir = std::env::temp_dir().join(format!("rapport-crash-{}-{synchronous_full}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let series = Series {
        kills: kills(),
        synchronous_full,
        seed,
        customers: 30,
        max_life: Duration::from_millis(300),
        derived_every: 10,
    };
    let report = run_series(&dir, env!("CARGO_BIN_EXE_crash_writer").as_ref(), &series);
    std::fs::remove_dir_all(&dir).ok();
    println!(
        "crash, synchronous_full={synchronous_full}: {} kills, {} calls replayed, {} commits of {} write methods, \
         in flight at the kill: {} committed whole, {} left nothing; {} derived-data checks; {} failures; {:.1} s",
        report.lives,
        report.calls_replayed,
        report.commits,
        report.write_methods_committed.len(),
        report.in_flight_committed,
        report.in_flight_absent,
        report.derived_checks,
        report.failures.len(),
        report.elapsed.as_secs_f64()
    );
    let never: Vec<&str> = rapport_tests::workload::World::write_methods()
        .into_iter()
        .filter(|m| !report.write_methods_committed.contains(*m))
        .collect();
    println!("  write methods that never committed in this run: {never:?}");
    assert!(report.failures.is_empty(), "{}", report.failures.join("\n"));
    assert_eq!(report.lives, series.kills);
    assert!(report.commits > series.kills, "the writers committed too little to prove anything: {report:?}");
    let writes = rapport_tests::workload::World::write_methods().len();
    assert!(
        report.write_methods_committed.len() * 4 >= writes * 3,
        "fewer than three quarters of the {writes} write methods committed: the workload lost its reach"
    );
}

#[test]
fn spec_0_a_killed_process_loses_no_committed_transaction() {
    series(false, 7);
}

#[test]
fn spec_0_a_killed_process_loses_no_committed_transaction_with_synchronous_full() {
    series(true, 8);
}
