//! The crash run (SPEC §0, a killed process loses no committed transaction): a writer process is killed
//! with SIGKILL at random moments, again and again on the same file, and after each kill the file must
//! be sound and hold exactly the transactions that returned, plus at most the one in flight, whole.
//!
//! The oracle is a reference database that never crashes: the writer runs in the test mode (clock and
//! ids seeded per life), it announces every call before making it, and the parent replays the calls that
//! returned on the reference, so the two files must be equal row for row. The call in flight when the
//! kill came either committed whole (the file equals the reference once it is replayed there too) or
//! left nothing (the file equals the reference without it). After some kills, and after the last, the
//! derived data is also checked against a fresh computation ([`crate::state::derived_mismatches`]).

use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use rapport_core::demo::{self, DemoOptions};
use rapport_core::{Engine, OpenOptions, TestMode};

use crate::state::{connect, derived_mismatches, differences, dump, integrity};
use crate::workload::{Call, Rng, outcome};

/// The options a writer opens the file with in life `life` (a reference replaying that life opens with
/// the same): the test mode, its clock a day further per life, its ids seeded by the life.
pub fn life_options(life: u64, seed: u64, synchronous_full: bool) -> OpenOptions {
    let start = chrono::DateTime::parse_from_rfc3339("2026-03-02T01:00:00Z").expect("start")
        + chrono::Duration::days(i64::try_from(life).unwrap_or(0));
    OpenOptions {
        synchronous_full,
        test_mode: Some(TestMode {
            start: start.to_rfc3339(),
            step_ms: 1000,
            id_seed: seed.wrapping_mul(1_000_003).wrapping_add(life),
        }),
        ..OpenOptions::default()
    }
}

/// How a series is run.
#[derive(Debug, Clone)]
pub struct Series {
    /// Kills in a row on the same file.
    pub kills: usize,
    pub synchronous_full: bool,
    pub seed: u64,
    /// Customers of the seeded organisation (the rest scales from them).
    pub customers: usize,
    /// The longest a writer lives before its kill; each kill comes at a random moment up to this.
    pub max_life: Duration,
    /// Check the derived data against a fresh computation after every this many kills (and the last).
    pub derived_every: usize,
}

/// What a series saw.
#[derive(Debug, Default)]
pub struct SeriesReport {
    pub lives: usize,
    /// Calls that returned in the writers and were replayed on the reference.
    pub calls_replayed: usize,
    /// Of them, writes that committed (answered `ok`).
    pub commits: usize,
    /// Kills that came while a call was in flight: it had committed whole, or left nothing.
    pub in_flight_committed: usize,
    pub in_flight_absent: usize,
    /// Derived-data checks against a fresh computation.
    pub derived_checks: usize,
    pub write_methods_committed: std::collections::BTreeSet<String>,
    /// Everything that went wrong: integrity failures, lost or half-applied transactions, outcomes that
    /// differ from the reference's, derived data that differs from a fresh computation.
    pub failures: Vec<String>,
    pub elapsed: Duration,
}

/// Seeds the organisation in the test mode (the same bytes each time for the same seed).
pub fn seed_database(path: &Path, seed: u64, customers: usize) {
    let options = OpenOptions {
        test_mode: Some(TestMode { start: "2026-01-05T01:00:00Z".into(), step_ms: 1000, id_seed: seed }),
        ..OpenOptions::default()
    };
    let engine = Engine::open(path.to_str().expect("utf-8 path"), &options).expect("open to seed");
    let opts = DemoOptions { customers: Some(customers), seed: Some(seed), ..DemoOptions::default() };
    demo::seed(&engine, &opts).expect("seed the organisation");
}

/// One writer's life as its lines told it: the calls that returned with their outcomes, and the call in
/// flight when it died, if any.
struct Life {
    returned: Vec<(Call, String)>,
    in_flight: Option<Call>,
}

fn parse_life(lines: &[String]) -> Life {
    let mut life = Life { returned: Vec::new(), in_flight: None };
    for line in lines {
        if let Some(rest) = line.strip_prefix("call\t") {
            life.in_flight = Call::from_line(rest);
        } else if let Some(result) = line.strip_prefix("done\t")
            && let Some(call) = life.in_flight.take()
        {
            life.returned.push((call, result.to_string()));
        }
    }
    life
}

/// Runs the writer `writer` (the `crash_writer` binary) until a random moment, then SIGKILL; its lines.
fn one_life(writer: &Path, db: &Path, life: u64, series: &Series, rng: &mut Rng) -> Vec<String> {
    let mut cmd = Command::new(writer);
    cmd.arg(db).arg(life.to_string()).arg(series.seed.to_string());
    if series.synchronous_full {
        cmd.arg("--sync-full");
    }
    let mut child = cmd.stdout(Stdio::piped()).stderr(Stdio::null()).spawn().expect("start the writer");
    let stdout = child.stdout.take().expect("stdout");
    let reader = std::thread::spawn(move || BufReader::new(stdout).lines().map_while(Result::ok).collect::<Vec<_>>());
    let max = u64::try_from(series.max_life.as_micros()).unwrap_or(u64::MAX).max(1);
    std::thread::sleep(Duration::from_micros(rng.next_u64() % max));
    child.kill().ok(); // SIGKILL on Unix
    child.wait().expect("wait for the writer");
    reader.join().expect("reader thread")
}

/// Runs a series in `dir`: seeds the file and a reference, then kills a writer `series.kills` times.
pub fn run_series(dir: &Path, writer: &Path, series: &Series) -> SeriesReport {
    let started = Instant::now();
    let mut report = SeriesReport::default();
    let db: PathBuf = dir.join("crash.db");
    let reference: PathBuf = dir.join("reference.db");
    seed_database(&db, series.seed, series.customers);
    seed_database(&reference, series.seed, series.customers);
    let seeded = differences(&dump(&connect(&db)), &dump(&connect(&reference)));
    if !seeded.is_empty() {
        report.failures.push(format!("seeding twice differs: {seeded:?}"));
        return report;
    }
    let mut rng = Rng::new(series.seed);
    let reference_path = reference.to_str().expect("utf-8 path");
    for life in 0..series.kills as u64 {
        let lines = one_life(writer, &db, life, series, &mut rng);
        let Life { returned, in_flight } = parse_life(&lines);
        report.lives += 1;
        let engine = Engine::open(reference_path, &life_options(life, series.seed, false)).expect("open the reference");
        for (i, (call, told)) in returned.iter().enumerate() {
            let result = engine.call(call.actor.as_deref(), &call.method, &call.request);
            report.calls_replayed += 1;
            if outcome(&result) != told {
                report.failures.push(format!(
                    "life {life} call {i} {} answered {told} in the writer, {} on the reference: {:?}",
                    call.method,
                    outcome(&result),
                    result.err()
                ));
            } else if result.is_ok() && !crate::workload::READS.contains(&call.method.as_str()) {
                report.commits += 1;
                report.write_methods_committed.insert(call.method.clone());
            }
        }
        let conn = connect(&db);
        let sound = integrity(&conn);
        if sound != "ok" {
            report.failures.push(format!("life {life}: integrity_check: {sound}"));
            break;
        }
        let crashed = dump(&conn);
        drop(conn);
        let without = differences(&crashed, &dump(&connect(&reference)));
        if !without.is_empty() {
            match in_flight {
                Some(call) => {
                    let _ = engine.call(call.actor.as_deref(), &call.method, &call.request);
                    let with = differences(&crashed, &dump(&connect(&reference)));
                    if with.is_empty() {
                        report.in_flight_committed += 1;
                    } else {
                        report.failures.push(format!(
                            "life {life}: the file is neither the reference without the call in flight ({}) nor with it:\n  without: {without:?}\n  with: {with:?}",
                            call.method
                        ));
                        break;
                    }
                }
                None => {
                    report.failures.push(format!("life {life}: the file differs from the reference: {without:?}"));
                    break;
                }
            }
        } else if in_flight.is_some() {
            report.in_flight_absent += 1;
        }
        drop(engine);
        let last = life + 1 == series.kills as u64;
        if last || (series.derived_every > 0 && (life as usize + 1).is_multiple_of(series.derived_every)) {
            report.derived_checks += 1;
            let found = derived_mismatches(&db, dir, &OpenOptions::default());
            report.failures.extend(found.into_iter().take(5).map(|m| format!("life {life}: derived data: {m}")));
        }
    }
    report.elapsed = started.elapsed();
    report
}
