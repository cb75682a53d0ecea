// The wasm benchmark: the reporting workload of workload.json in Node (the npm package) against native Rust, one run.
// Usage: node bindings/js/bench/reports.mjs <path of the native bench_reports binary>
//
// Fairness: V8 first runs wasm on its baseline compiler and optimises hot functions in the background
// (a round settles after 10 to 15 rounds here), so `warmup_rounds` untimed rounds of each style run first.
// The native binary runs as a child in lockstep (`--serve`: one round per request), and every step times
// one round of each of the four rows in turn, so a busy machine slows all of them alike. Each row gives
// its median round and its best round (the best is the least disturbed by other work on the machine).
import { spawn } from "node:child_process";
import { readFileSync } from "node:fs";
import { createInterface } from "node:readline";
import { fileURLToPath } from "node:url";

// RAPPORT_BENCH_PACKAGE: another build of the package to measure (its index.js), e.g. to compare two builds.
const { init, RapportEngine } = await import(process.env.RAPPORT_BENCH_PACKAGE ?? "../index.js");

const workloadPath = fileURLToPath(new URL("./workload.json", import.meta.url));
const workload = JSON.parse(readFileSync(workloadPath, "utf8"));
const nativeBinary = process.argv[2];
if (!nativeBinary) throw new Error("usage: node reports.mjs <bench_reports binary>");

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

await init();
const engine = RapportEngine.openInMemory({ test_mode: workload.test_mode });
let started = performance.now();
engine.seedDemo({ customers: workload.customers });
const wasmSeedMs = performance.now() - started;
const managers = engine.call(null, "users.list", { role: "sales_manager" });
const actors = [null, ...managers.map((u) => u.id)];
const queries = workload.queries.map((q) => ({ ...q, json: JSON.stringify(q.params) }));

/** One round of every query for every actor, in one call style; answers its milliseconds. */
function wasmRound(style) {
  const started = performance.now();
  for (const actor of actors) {
    for (const q of queries) {
      if (style === "objects") engine.call(actor, q.method, q.params);
      else engine.callJson(actor, q.method, q.json);
    }
  }
  return performance.now() - started;
}

for (let r = 0; r < workload.warmup_rounds; r++) {
  wasmRound("objects");
  wasmRound("json");
}

// The native half: seeds and warms up, says its size, then answers one round's milliseconds per request.
const child = spawn(nativeBinary, [workloadPath, "--serve"], { stdio: ["pipe", "pipe", "inherit"] });
const lines = createInterface({ input: child.stdout })[Symbol.asyncIterator]();
const nextLine = async () => {
  const { value, done } = await lines.next();
  if (done) throw new Error("the native benchmark ended early");
  return JSON.parse(value);
};
const nativeRound = (style) => {
  child.stdin.write(`${style}\n`);
  return nextLine();
};
const nativeReport = await nextLine();

const native = { text: [], tree: [] };
const wasm = { objects: [], json: [] };
for (let r = 0; r < workload.rounds; r++) {
  native.text.push(await nativeRound("text"));
  wasm.json.push(wasmRound("json"));
  wasm.objects.push(wasmRound("objects"));
  native.tree.push(await nativeRound("tree"));
}
child.stdin.end();
engine.close();

const best = (xs) => Math.min(...xs);
const row = (name, seedMs, rounds) => {
  const [m, b] = [median(rounds), best(rounds)];
  const ratio = (x, width) => `${x.toFixed(2)}x`.padStart(width);
  return (
    `| ${name.padEnd(56)} | ${seedMs.toFixed(0).padStart(7)} | ${m.toFixed(2).padStart(9)} | ${b.toFixed(2).padStart(7)} ` +
    `| ${ratio(m / median(native.text), 16)} | ${ratio(b / best(native.text), 14)} |`
  );
};
console.log(
  `Workload: demo with ${workload.customers} customers (test mode), then ${workload.rounds} rounds of ` +
    `${nativeReport.calls_per_round} reporting calls (${nativeReport.answer_bytes_per_round} bytes of answers per round) ` +
    `after ${workload.warmup_rounds} warm-up rounds, the four rows in lockstep; median and best round.`,
);
console.log(`| ${"run".padEnd(56)} | seed ms | median ms | best ms | median vs native | best vs native |`);
console.log(`|${"-".repeat(58)}|--------:|----------:|--------:|-----------------:|---------------:|`);
console.log(row("native Rust (release), Engine::call: JSON text", nativeReport.seed_ms, native.text));
console.log(row("native Rust (release), Engine::call + serde_json::Value", nativeReport.seed_ms, native.tree));
console.log(row("Node wasm, engine.callJson: JSON text", wasmSeedMs, wasm.json));
console.log(row("Node wasm, engine.call: plain objects", wasmSeedMs, wasm.objects));
console.log(
  `Like for like (medians): callJson against Engine::call ${(median(wasm.json) / median(native.text)).toFixed(2)}x; ` +
    `call (objects) against Engine::call + a parsed tree ${(median(wasm.objects) / median(native.tree)).toFixed(2)}x. ` +
    `The wasm seed includes V8's first compilation of the module.`,
);
