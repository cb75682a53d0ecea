//! The boundary fuzzed, bounded: the committed corpus replayed and a seeded generation over every method, through the oracle.
//!
//! `engine_call` replays every file of `tests/fuzz/corpus/engine_call/` and then makes
//! `RAPPORT_FUZZ_CALLS` (default 3000) generated calls, seeded by `RAPPORT_FUZZ_SEED` (default fixed),
//! as the system, an out-of-scope rep and the other actors, then as many (default 1500) calls made from
//! each method's example with ids learned from the answers, half of them mutated; `c_entry_points` does the same for the C
//! entry points with `tests/fuzz/corpus/c_entry_points/`. `RAPPORT_FUZZ_SECONDS` runs the generation
//! for that long instead (the soak form without an instrumented build). Every broken rule is reported
//! with the call in the corpus's text form, and written to `$CARGO_TARGET_TMPDIR/fuzz-failures/` so it
//! can be added to the corpus as a regression. The coverage-guided long form is `scripts/fuzz.sh`.

use std::collections::BTreeMap;
use std::path::PathBuf;
use std::time::{Duration, Instant};

use rapport_tests::boundary::cabi::CHarness;
use rapport_tests::boundary::schema::repo_root;
use rapport_tests::boundary::{Case, Choices, Generator, Harness, Schemas, Violation};

fn env_u64(name: &str) -> Option<u64> {
    std::env::var(name).ok().and_then(|v| v.trim().parse().ok())
}

/// When the generation stops: after a number of calls, or (RAPPORT_FUZZ_SECONDS) a time.
struct Budget {
    calls: u64,
    until: Option<Instant>,
}

impl Budget {
    fn from_env(default_calls: u64) -> Budget {
        Budget {
            calls: env_u64("RAPPORT_FUZZ_CALLS").unwrap_or(default_calls),
            until: env_u64("RAPPORT_FUZZ_SECONDS").map(|s| Instant::now() + Duration::from_secs(s)),
        }
    }
    fn more(&self, done: u64) -> bool {
        match self.until {
            Some(t) => Instant::now() < t,
            None => done < self.calls,
        }
    }
}

fn seed() -> u64 {
    env_u64("RAPPORT_FUZZ_SEED").unwrap_or(20_260_513)
}

/// The committed corpus of a target, in file name order.
fn corpus(target: &str) -> Vec<(String, Vec<u8>)> {
    let dir = repo_root().join("tests/fuzz/corpus").join(target);
    let mut files: Vec<PathBuf> =
        std::fs::read_dir(&dir).map(|d| d.flatten().map(|e| e.path()).collect()).unwrap_or_default();
    files.sort();
    files
        .into_iter()
        .filter(|p| p.is_file())
        .map(|p| (p.file_name().unwrap().to_string_lossy().into_owned(), std::fs::read(&p).unwrap()))
        .collect()
}

/// The broken rules met, grouped by rule and method, with the first call of each.
#[derive(Default)]
struct Failures {
    seen: BTreeMap<(String, String), (usize, String)>,
    written: usize,
}

impl Failures {
    fn add(&mut self, origin: &str, method: &str, input: &[u8], described: String, violations: Vec<Violation>) {
        for v in violations {
            let entry = self.seen.entry((v.rule.to_string(), method.to_string())).or_insert_with(|| (0, String::new()));
            entry.0 += 1;
            if entry.1.is_empty() {
                entry.1 = format!("{v}\n  from {origin}:\n{described}");
                if self.written < 200 {
                    let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("fuzz-failures");
                    let _ = std::fs::create_dir_all(&dir);
                    let _ =
                        std::fs::write(dir.join(format!("{:03}-{}", self.written, method.replace('/', "_"))), input);
                    self.written += 1;
                }
            }
        }
    }

    fn assert_none(&self, what: &str) {
        if self.seen.is_empty() {
            return;
        }
        let mut report = format!("{what}: {} kinds of broken rule\n", self.seen.len());
        for ((rule, method), (n, first)) in &self.seen {
            report.push_str(&format!("\n[{rule}] {method}: {n} calls; the first:\n{first}\n"));
        }
        report.push_str(&format!(
            "\nthe first call of each kind is in {}/fuzz-failures/ (copy one into tests/fuzz/corpus/<target>/ to keep it)",
            env!("CARGO_TARGET_TMPDIR")
        ));
        panic!("{report}");
    }
}

/// Runs the fuzzers in a scratch directory of their own: a generated request may name a relative path
/// (`backups.create`, `exports.run`, `imports.run`), which must never land in the repository.
fn in_scratch_directory() {
    static SCRATCH: std::sync::OnceLock<()> = std::sync::OnceLock::new();
    SCRATCH.get_or_init(|| {
        let dir = std::path::Path::new(env!("CARGO_TARGET_TMPDIR")).join("fuzz-cwd");
        std::fs::create_dir_all(&dir).expect("scratch directory");
        std::env::set_current_dir(&dir).expect("into the scratch directory");
    });
}

#[test]
fn engine_call() {
    in_scratch_directory();
    let started = Instant::now();
    let schemas = Schemas::load();
    let mut h = Harness::new(&schemas);
    let world = h.seeded.world.clone();
    let g = Generator::new(&schemas, &world);
    let mut failures = Failures::default();

    let files = corpus("engine_call");
    for (name, data) in &files {
        let case = Case::decode(data, &g);
        let v = h.check(&case.actor, &case.method, &case.request);
        failures.add(&format!("corpus file {name}"), &case.method, &case.encode(), case.describe(), v);
    }
    let replayed = h.stats.clone();
    h.reset();
    h.stats = Default::default();

    let seed = seed();
    let budget = Budget::from_env(3000);
    let mut done = 0u64;
    while budget.more(done) {
        let mut c = Choices::seeded(seed.wrapping_add(done));
        let case = g.case(&mut c);
        let v = h.check(&case.actor, &case.method, &case.request);
        failures.add(&format!("seed {} + {done}", seed), &case.method, &case.encode(), case.describe(), v);
        done += 1;
        // Back to the seeded organisation now and then, so deactivated actors and archived records do not
        // pile up.
        if done.is_multiple_of(150) {
            h.reset();
        }
    }
    let generated = h.stats.clone();
    h.reset();
    h.stats = Default::default();

    // Calls made from each method's example with ids learned from the answers (the crash and soak runs'
    // workload), half of them mutated: state-dependent rules (restore what was archived, qualify a lead
    // being worked, approve what was submitted) are reached by successes before they are probed.
    let example_budget = Budget::from_env(1500);
    let mut workload = rapport_tests::workload::World::new();
    let mut rng = rapport_tests::workload::Rng::new(seed);
    let all: Vec<&'static str> = rapport_core::methods().map(|m| m.name).collect();
    let writes = rapport_tests::workload::World::write_methods();
    let mut follow_on = None;
    let mut done = 0u64;
    while example_budget.more(done) {
        if done.is_multiple_of(300) {
            if done > 0 {
                h.reset();
            }
            workload = discover(&h);
            follow_on = None;
        }
        // Writes three times as often as reads; a record taken one step further now and then.
        let call = follow_on.take().unwrap_or_else(|| {
            let method = if rng.chance(75) { rng.pick(&writes) } else { rng.pick(&all) };
            workload.call_of(method.expect("the registry has methods"), &mut rng)
        });
        let mut c = Choices::seeded(seed.wrapping_add(1_000_000 + done));
        let request = if c.chance(50) {
            let mut value: serde_json::Value = serde_json::from_str(&call.request).unwrap_or_default();
            for _ in 0..=c.below(2) {
                rapport_tests::boundary::mutate::value(&mut value, &g, &call.method, &mut c);
            }
            value.to_string()
        } else {
            call.request.clone()
        };
        let actor = call.actor.clone().unwrap_or_else(|| "system".to_string());
        let v = h.check(&actor, &call.method, request.as_bytes());
        let case = Case { actor, method: call.method.clone(), request: request.into_bytes() };
        failures.add(&format!("example seed {seed} + {done}"), &case.method, &case.encode(), case.describe(), v);
        if let Some(answer) = h.last_answer.take() {
            workload.learn(&call, &answer);
            follow_on = workload.follow_on(&call, &mut rng);
        }
        done += 1;
    }
    println!("engine.call corpus: {} files; {}", files.len(), replayed.summary());
    println!("engine.call generated (seed {seed}): {}", generated.summary());
    println!("engine.call from the examples (seed {seed}): {}", h.stats.summary());
    let succeeded =
        |stats: &rapport_tests::boundary::Stats, m: &str| stats.methods.get(m).is_some_and(|(ok, _)| *ok > 0);
    let never: Vec<&str> = rapport_core::methods()
        .map(|m| m.name)
        .filter(|m| !succeeded(&replayed, m) && !succeeded(&generated, m) && !succeeded(&h.stats, m))
        .collect();
    println!("methods of the registry that never succeeded: {never:?}");
    println!("in {:.1} s", started.elapsed().as_secs_f64());
    failures.assert_none("engine.call");
}

/// What the organisation holds, learned as the crash and soak workloads learn it.
fn discover(h: &Harness) -> rapport_tests::workload::World {
    let mut world = rapport_tests::workload::World::new();
    for call in rapport_tests::workload::discovery() {
        if let Ok(answer) = h.engine().call(None, &call.method, &call.request) {
            world.learn(&call, &answer);
        }
    }
    for call in world.follow_up() {
        if let Ok(answer) = h.engine().call(None, &call.method, &call.request) {
            world.learn(&call, &answer);
        }
    }
    world
}

#[test]
fn c_entry_points() {
    in_scratch_directory();
    let started = Instant::now();
    let schemas = Schemas::load();
    let mut h = CHarness::new(&schemas);
    let world = h.seeded.world.clone();
    let g = Generator::new(&schemas, &world);
    let mut failures = Failures::default();

    let files = corpus("c_entry_points");
    for (name, data) in &files {
        let v = h.run(data, &g);
        failures.add(&format!("corpus file {name}"), "c", data, format!("{} bytes", data.len()), v);
    }
    let replayed = h.stats.clone();
    h.reset();
    h.stats = Default::default();

    let seed = seed();
    let budget = Budget::from_env(600);
    let mut done = 0u64;
    while budget.more(done) {
        let input = rapport_tests::boundary::cabi::generate_input(&mut Choices::seeded(seed.wrapping_add(done)));
        let v = h.run(&input, &g);
        failures.add(&format!("seed {} + {done}", seed), "c", &input, format!("{} bytes", input.len()), v);
        done += 1;
        if done.is_multiple_of(200) {
            h.reset();
        }
    }
    println!("C entry points corpus: {} files; {}", files.len(), replayed.summary());
    println!("C entry points generated (seed {seed}): {}", h.stats.summary());
    println!("in {:.1} s", started.elapsed().as_secs_f64());
    failures.assert_none("C entry points");
}

/// Writes the seed corpus (files not already there): one plain request per method of the registry as
/// the system, the defects issue 13 found from outside as regressions, and a few structured inputs.
/// `cargo test -p rapport-tests --test fuzz_boundary seed_corpus -- --ignored`; `scripts/fuzz.sh` grows
/// the corpus from these.
#[test]
#[ignore = "writes tests/fuzz/corpus; run by hand when methods are added"]
fn seed_corpus() {
    let schemas = Schemas::load();
    let seeded = rapport_tests::boundary::fixture::Seeded::new();
    let g = Generator::new(&schemas, &seeded.world);
    let root = repo_root().join("tests/fuzz/corpus");
    let write = |target: &str, name: &str, bytes: &[u8]| {
        let dir = root.join(target);
        std::fs::create_dir_all(&dir).unwrap();
        let path = dir.join(name);
        if !path.exists() {
            std::fs::write(path, bytes).unwrap();
        }
    };
    for (i, method) in g.methods.iter().enumerate() {
        let mut c = Choices::seeded(i as u64);
        let request = g.request(method, &mut c).to_string();
        let case = Case { actor: "system".into(), method: method.to_string(), request: request.into_bytes() };
        write("engine_call", &format!("seed-{method}"), &case.encode());
    }
    let customer = seeded.world.ids_of("customer")[0].clone();
    let secret = rapport_tests::boundary::mutate::SECRET;
    let regressions = [
        ("regress-enum-value-echoed", "rep-out", "customers.create", format!(r#"{{"name":"x","kind":"{secret}"}}"#)),
        ("regress-unknown-key-echoed", "system", "customers.create", format!(r#"{{"name":"x","{secret}":1}}"#)),
        ("regress-audit-entity-echoed", "rep-out", "audit.history", format!(r#"{{"entity":"{secret}","id":"x"}}"#)),
        ("regress-trailing-object", "system", "customers.create", r#"{"name":"A"} {"name":"B"}"#.to_string()),
        ("regress-trailing-text", "system", "customers.create", r#"{"name":"A"}x"#.to_string()),
        ("regress-array-for-object", "system", "customers.update", format!(r#"["{customer}","Renamed"]"#)),
        ("regress-array-settings", "system", "alerts.configure", "[1,2,3]".to_string()),
    ];
    for (name, actor, method, request) in regressions {
        let case = Case { actor: actor.into(), method: method.into(), request: request.into_bytes() };
        write("engine_call", name, &case.encode());
    }
    for i in 0..16u64 {
        let bytes: Vec<u8> = {
            let mut c = Choices::seeded(1000 + i);
            (0..96).map(|_| c.byte()).collect()
        };
        write("engine_call", &format!("seed-structured-{i:02}"), &bytes);
    }
    for i in 0..24u64 {
        let input = rapport_tests::boundary::cabi::generate_input(&mut Choices::seeded(2000 + i));
        write("c_entry_points", &format!("seed-{i:02}"), &input);
    }
    // rapport_open with {"busy_timeout_ms": 4294967295} panicked in rusqlite (fixed in the engine's open).
    let input = rapport_tests::boundary::cabi::generate_input(&mut Choices::seeded(20_260_513 + 77));
    write("c_entry_points", "regress-busy-timeout-panic", &input);
}
