// The wasm benchmark: the reporting workload of workload.json in Node (the npm package) against native Rust, one run.
// Usage: node bindings/js/bench/reports.mjs <path of the native bench_reports binary>
import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";

import { init, RapportEngine } from "../index.js";

const workloadPath = fileURLToPath(new URL("./workload.json", import.meta.url));
const workload = JSON.parse(readFileSync(workloadPath, "utf8"));
const nativeBinary = process.argv[2];
if (!nativeBinary) throw new Error("usage: node reports.mjs <bench_reports binary>");

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

async function runWasm(callStyle) {
  await init();
  const engine = RapportEngine.openInMemory({ test_mode: workload.test_mode });
  let started = performance.now();
  engine.seedDemo({ customers: workload.customers });
  const seedMs = performance.now() - started;
  const managers = engine.call(null, "users.list", { role: "sales_manager" });
  const actors = [null, ...managers.map((u) => u.id)];
  const queries = workload.queries.map((q) => ({ ...q, json: JSON.stringify(q.params) }));
  const rounds = [];
  for (let r = 0; r < workload.rounds; r++) {
    started = performance.now();
    for (const actor of actors) {
      for (const q of queries) {
        if (callStyle === "objects") engine.call(actor, q.method, q.params);
        else engine.callJson(actor, q.method, q.json);
      }
    }
    rounds.push(performance.now() - started);
  }
  engine.close();
  return { seed_ms: seedMs, round_ms_median: median(rounds), calls_per_round: actors.length * queries.length };
}

const native = JSON.parse(execFileSync(nativeBinary, [workloadPath], { encoding: "utf8" }));
const objects = await runWasm("objects");
const json = await runWasm("json");

const row = (name, r) =>
  `| ${name.padEnd(40)} | ${r.seed_ms.toFixed(0).padStart(8)} | ${r.round_ms_median.toFixed(2).padStart(10)} | ${(r.round_ms_median / native.round_ms_median).toFixed(2).padStart(8)}x |`;
console.log(
  `Workload: demo with ${workload.customers} customers (test mode), then ${workload.rounds} rounds of ` +
    `${native.calls_per_round} reporting calls (${native.answer_bytes_per_round} bytes of answers per round); median round.`,
);
console.log(`| ${"run".padEnd(40)} | seed ms  |   round ms | vs native |`);
console.log(`|${"-".repeat(42)}|---------:|-----------:|----------:|`);
console.log(row("native Rust (release, Engine::call)", native));
console.log(row("Node wasm, engine.call (plain objects)", objects));
console.log(row("Node wasm, engine.callJson (JSON text)", json));
