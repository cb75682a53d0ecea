//! The crash run's child: random writes of every kind on a file database, each call announced before it
//! starts and its outcome after it returns, until the parent kills it (or it has made `--calls` calls).
//!
//! `crash_writer <db> <life> <seed> [--sync-full] [--calls N]`. Every line on stdout is flushed at once:
//! `call\t<actor>\t<method>\t<request>` before a call, `done\t<outcome>` after it. The parent replays
//! them on a reference database, so the clock and ids are in the test mode, seeded by `life`.

use std::io::Write;

use rapport_core::{Engine, OpenOptions};
use rapport_tests::crash::life_options;
use rapport_tests::workload::{Call, Rng, World, discovery, outcome};

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let usage = "crash_writer <db> <life> <seed> [--sync-full] [--calls N]";
    let (Some(db), Some(life), Some(seed)) = (args.get(1), args.get(2), args.get(3)) else {
        eprintln!("{usage}");
        std::process::exit(2);
    };
    let life: u64 = life.parse().expect("life");
    let seed: u64 = seed.parse().expect("seed");
    let sync_full = args.iter().any(|a| a == "--sync-full");
    let calls: u64 = args
        .iter()
        .position(|a| a == "--calls")
        .and_then(|i| args.get(i + 1))
        .map_or(u64::MAX, |n| n.parse().expect("--calls N"));
    let options: OpenOptions = life_options(life, seed, sync_full);
    let engine = Engine::open(db, &options).expect("open the database");
    let mut out = std::io::stdout().lock();
    let mut run = |call: &Call| {
        writeln!(out, "call\t{}", call.to_line()).and_then(|()| out.flush()).expect("stdout");
        let result = engine.call(call.actor.as_deref(), &call.method, &call.request);
        writeln!(out, "done\t{}", outcome(&result)).and_then(|()| out.flush()).expect("stdout");
        result
    };
    let mut world = World::new();
    for call in discovery() {
        if let Ok(answer) = run(&call) {
            world.learn(&call, &answer);
        }
    }
    for call in world.follow_up() {
        if let Ok(answer) = run(&call) {
            world.learn(&call, &answer);
        }
    }
    let mut rng = Rng::new(seed ^ (life << 32));
    let mut follow_on = None;
    for _ in 0..calls {
        let call = follow_on.take().unwrap_or_else(|| world.next_write(&mut rng));
        if let Ok(answer) = run(&call) {
            world.learn(&call, &answer);
            follow_on = world.follow_on(&call, &mut rng);
        }
    }
}
