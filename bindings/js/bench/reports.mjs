// The wasm benchmark: the reporting workload of workload.json in Node (the npm package) against native Rust, one run.
// Usage: node bindings/js/bench/reports.mjs <path of the native bench_reports binary>
//
// Fairness: V8 first runs wasm on its baseline compiler and optimises hot functions in the background, so
// `warmup_rounds` untimed rounds run before any timing (the native binary warms up the same way). The two
// call styles alternate round by round on one seeded engine, and `passes` alternate the native binary and
// the wasm rounds, so a busy machine slows both sides alike. Each row is the median of all its rounds.
import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
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
const native = { seed: [], text: [], tree: [] };
const wasm = { objects: [], json: [] };
let nativeReport;
for (let pass = 0; pass < workload.passes; pass++) {
  nativeReport = JSON.parse(execFileSync(nativeBinary, [workloadPath], { encoding: "utf8" }));
  native.seed.push(nativeReport.seed_ms);
  native.text.push(...nativeReport.round_ms);
  native.tree.push(...nativeReport.tree_round_ms);
  for (let r = 0; r < workload.rounds; r++) {
    wasm.objects.push(wasmRound("objects"));
    wasm.json.push(wasmRound("json"));
  }
}
engine.close();

const nativeMs = median(native.text);
const row = (name, seedMs, rounds) => {
  const ms = median(rounds);
  return `| ${name.padEnd(56)} | ${seedMs.toFixed(0).padStart(7)} | ${ms.toFixed(2).padStart(8)} | ${(ms / nativeMs).toFixed(2).padStart(8)}x |`;
};
console.log(
  `Workload: demo with ${workload.customers} customers (test mode), then ${workload.rounds} rounds x ${workload.passes} ` +
    `passes of ${nativeReport.calls_per_round} reporting calls (${nativeReport.answer_bytes_per_round} bytes of answers ` +
    `per round) after ${workload.warmup_rounds} warm-up rounds; median round.`,
);
console.log(`| ${"run".padEnd(56)} | seed ms | round ms | vs native |`);
console.log(`|${"-".repeat(58)}|--------:|---------:|----------:|`);
console.log(row("native Rust (release), Engine::call: JSON text", median(native.seed), native.text));
console.log(row("native Rust (release), Engine::call + serde_json::Value", median(native.seed), native.tree));
console.log(row("Node wasm, engine.callJson: JSON text", wasmSeedMs, wasm.json));
console.log(row("Node wasm, engine.call: plain objects", wasmSeedMs, wasm.objects));
console.log(
  `Like for like: callJson against Engine::call ${(median(wasm.json) / nativeMs).toFixed(2)}x; call (objects) ` +
    `against Engine::call + a parsed tree ${(median(wasm.objects) / median(native.tree)).toFixed(2)}x. ` +
    `The wasm seed includes V8's first compilation of the module.`,
);
