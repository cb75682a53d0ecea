// The parity scenario (tests/parity/scenario.tsv) through the npm package: callJson's transcript equals
// tests/parity/expected.txt byte for byte; call's objects equal the expected answers after canonicalisation
// (JavaScript reorders integer-like keys and holds no integer above 2^53, so objects are compared, not text).
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";

import { init, RapportEngine } from "@rapport/engine";

await init();

const parity = new URL("../../../tests/parity/", import.meta.url);
const scenario = readFileSync(new URL("scenario.tsv", parity), "utf8");
const expected = readFileSync(new URL("expected.txt", parity), "utf8");

/** Replays the scenario (format in scenario.tsv); `answer(engine, actor, method, requestJson)` returns the answer
 * as text. Returns the transcript. */
function transcript(answer) {
  let engine = null;
  const kept = new Map();
  const substitute = (text) => text.replace(/\$([A-Za-z0-9_]+)/g, (_, name) => kept.get(name));
  let out = "";
  for (const line of scenario.split("\n")) {
    if (line === "" || line.startsWith("#")) continue;
    const fields = line.split("\t");
    if (fields[0] === "@open") {
      engine = RapportEngine.openInMemory(JSON.parse(fields[1]));
      continue;
    }
    const [keep, actor, method, request] = fields;
    try {
      const text = answer(engine, actor === "-" ? null : substitute(actor), method, substitute(request));
      if (keep !== "-") kept.set(keep, JSON.parse(text).id);
      out += `${method}\tok\t${text}\n`;
    } catch (e) {
      out += `${method}\terror\t${e.code}\t${e.field ?? "-"}\t${e.message}\n`;
    }
  }
  engine.close();
  return out;
}

/** `value` as JSON text with every object's keys sorted. */
function canonical(value) {
  return JSON.stringify(value, (_, v) =>
    v && typeof v === "object" && !Array.isArray(v)
      ? Object.fromEntries(Object.keys(v).sort().map((k) => [k, v[k]]))
      : v,
  );
}

test("parity: callJson's transcript is the expected text, byte for byte", () => {
  const ours = transcript((engine, actor, method, request) => engine.callJson(actor, method, request));
  assert.deepEqual(Buffer.from(ours, "utf8"), Buffer.from(expected, "utf8"));
});

test("parity: call's objects are the expected answers", () => {
  const answers = transcript((engine, actor, method, request) =>
    canonical(engine.call(actor, method, JSON.parse(request))),
  );
  const canonicalExpected = expected
    .split("\n")
    .map((line) => {
      const [method, outcome, answer] = line.split("\t");
      return outcome === "ok" ? `${method}\tok\t${canonical(JSON.parse(answer))}` : line;
    })
    .join("\n");
  assert.equal(answers, canonicalExpected);
});
