// The demo page in headless Chromium (Debian's, driven by playwright-core): move a card, see a refusal, reload.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { mkdirSync } from "node:fs";
import { join } from "node:path";
import { createRequire } from "node:module";

import { startServer } from "../serve.mjs";

// playwright-core is a devDependency of the npm package (bindings/js); it never downloads a browser.
const require = createRequire(new URL("../../../bindings/js/package.json", import.meta.url));
const { chromium } = require("playwright-core");

const OUT = process.env.RAPPORT_WEB_TEST_OUT ?? join(process.cwd(), "target", "web-test");
const CHROMIUM_FLAGS = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
];

let server;
let browser;

before(async () => {
  server = await startServer(0);
  browser = await chromium.launch({ executablePath: "/usr/bin/chromium", args: CHROMIUM_FLAGS });
});

after(async () => {
  await browser?.close();
  await server?.close();
});

/** Waits until the board is drawn (after seeding or opening the saved image). */
async function boardReady(page) {
  await page.waitForSelector('#board[data-ready="true"]', { timeout: 120_000 });
}

test("a card moves through the engine, a refused move is explained, and the move survives a reload", async () => {
  const context = await browser.newContext({ viewport: { width: 1400, height: 1000 } });
  const page = await context.newPage();
  const errors = [];
  page.on("pageerror", (e) => errors.push(String(e)));
  await page.goto(server.url);
  await boardReady(page);
  assert.match(await page.textContent("#status"), /Seeded \d+ customers/);

  const stages = await page.$$eval("#board .column", (cols) =>
    cols.map((c) => ({ code: c.dataset.stage, gate: !!c.querySelector(".gate") })),
  );
  const gate = stages.findIndex((s) => s.gate);
  assert.ok(gate > 0, "the demo pipeline has an evaluation gate");
  const beforeGate = stages.slice(0, gate).map((s) => s.code);

  // Act as a sales rep: only her own cards are on the board. Take the first rep with a card before the gate.
  const reps = await page.$$eval("#actor option", (options) =>
    options.filter((o) => / sales_rep$/.test(o.textContent)).map((o) => o.value),
  );
  assert.ok(reps.length > 0, "the demo has sales reps");
  let rep;
  let movable = [];
  for (const candidate of reps) {
    await page.selectOption("#actor", candidate);
    await boardReady(page);
    const cards = await page.$$eval("#board .card", (cards) =>
      cards.map((c) => ({ id: c.dataset.id, stage: c.dataset.stage, owner: c.dataset.owner })),
    );
    assert.ok(cards.every((c) => c.owner === candidate), "a rep sees only her own cards");
    movable = cards.filter((c) => beforeGate.includes(c.stage));
    if (movable.length > 0) {
      rep = candidate;
      break;
    }
  }
  assert.ok(rep, "a rep with a card before the gate");
  // A move the rules allow: a card before the gate onto the gate stage.
  const card = movable[0];
  const target = stages[gate].code;
  await page.selectOption(`.card[data-id="${card.id}"] select.move`, target);
  await page.waitForSelector('#notice[data-kind="ok"]');
  assert.equal(await page.getAttribute(`.card[data-id="${card.id}"]`, "data-stage"), target);

  // A move the evaluation gate refuses: the same card past the gate, without an approved evaluation.
  const last = stages[stages.length - 1].code;
  await page.selectOption(`.card[data-id="${card.id}"] select.move`, last);
  await page.waitForSelector('#notice[data-kind="error"]');
  const refusal = await page.textContent("#notice");
  assert.match(refusal, /^Refused \(invalid_state/, refusal);
  assert.equal(await page.getAttribute(`.card[data-id="${card.id}"]`, "data-stage"), target, "nothing moved");

  mkdirSync(OUT, { recursive: true });
  await page.screenshot({ path: join(OUT, "kanban.png"), fullPage: true });

  // Reload: the saved image comes back from IndexedDB with the move in it.
  await page.reload();
  await boardReady(page);
  assert.match(await page.textContent("#status"), /Opened the saved database/);
  assert.equal(await page.inputValue("#actor"), rep, "the acting user is remembered");
  assert.equal(await page.getAttribute(`.card[data-id="${card.id}"]`, "data-stage"), target, "the move persisted");

  // The customer filters go through the engine too.
  await page.fill('#customer-filters input[name="region"]', "44");
  const regions = await page.$$eval("#customer-rows tr td:nth-child(3)", (tds) => tds.map((td) => td.textContent));
  assert.ok(regions.every((r) => r.startsWith("44")), "region filter applied");
  assert.ok(await page.$("#funnel canvas, #funnel svg"), "the funnel chart is drawn");
  await page.screenshot({ path: join(OUT, "after-reload.png"), fullPage: true });

  assert.deepEqual(errors, []);
  await context.close();
  console.log(`screenshots: ${join(OUT, "kanban.png")}, ${join(OUT, "after-reload.png")}`);
});
