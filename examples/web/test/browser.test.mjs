// The demo pages in headless Chromium (Debian's, driven by playwright-core): the kanban page (move a card, see a
// refusal, mark an inbox entry read, reload) and the OPFS page (the engine in a worker keeps its database in OPFS across a reload).
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

test("a card moves through the engine, a refused move is explained, an inbox entry is read, and both survive a reload", async () => {
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

  // The rep's inbox (ORG-7): the leads the demo routed to her, unread first, with the unread count; marking one
  // read goes through the engine and is saved.
  await page.waitForSelector('#inbox[data-ready="true"]');
  const inbox = () =>
    page.$$eval("#inbox-items li", (items) => items.map((li) => ({ id: li.dataset.id, read: li.dataset.read === "true" })));
  const entries = await inbox();
  const unread = Number(await page.getAttribute("#inbox", "data-unread"));
  assert.ok(unread > 0 && entries.length > 0, "the rep has unread entries");
  assert.match(await page.textContent("#inbox-unread"), new RegExp(`^${unread} unread$`));
  const readFlags = entries.map((e) => e.read);
  assert.deepEqual(readFlags, [...readFlags].sort(), "unread first, then read");
  await page.click(`#inbox-items li[data-id="${entries[0].id}"] button.mark-read`);
  await page.waitForSelector(`#inbox[data-ready="true"][data-unread="${unread - 1}"]`);
  assert.match(await page.textContent("#notice"), /^Marked 1 read/);
  const afterRead = await inbox();
  assert.ok(!afterRead.some((e) => e.id === entries[0].id && !e.read), "the entry is read");
  const flagsAfter = afterRead.map((e) => e.read);
  assert.deepEqual(flagsAfter, [...flagsAfter].sort(), "still unread first");

  mkdirSync(OUT, { recursive: true });
  await page.screenshot({ path: join(OUT, "kanban.png"), fullPage: true });

  // Reload: the saved image comes back from IndexedDB with the move in it.
  await page.reload();
  await boardReady(page);
  assert.match(await page.textContent("#status"), /Opened the saved database/);
  assert.equal(await page.inputValue("#actor"), rep, "the acting user is remembered");
  assert.equal(await page.getAttribute(`.card[data-id="${card.id}"]`, "data-stage"), target, "the move persisted");
  await page.waitForSelector(`#inbox[data-ready="true"][data-unread="${unread - 1}"]`);

  // The customer filters go through the engine too.
  await page.fill('#customer-filters input[name="region"]', "44");
  const regions = await page.$$eval("#customer-rows tr td:nth-child(3)", (tds) => tds.map((td) => td.textContent));
  assert.ok(regions.every((r) => r.startsWith("44")), "region filter applied");

  // CUS-4 and CUS-5: a customer's 360 figures and its timeline, newest first, from the engine.
  await page.fill('#customer-filters input[name="region"]', "");
  await page.click("#customer-rows tr:first-child");
  await page.waitForSelector('#customer-view[data-ready="true"]');
  const figures = await page.$$eval("#customer-figures dt", (dts) => dts.map((dt) => dt.textContent));
  for (const label of ["Orders this year", "Receipts this year", "Owed on this year's orders", "Channel partners"]) {
    assert.ok(figures.includes(label), `the 360 view shows ${label}`);
  }
  const times = await page.$$eval("#timeline li time", (ts) => ts.map((t) => t.textContent));
  assert.ok(times.length > 0, "the timeline has entries");
  assert.deepEqual(times, [...times].sort().reverse(), "newest first");
  assert.ok(await page.$("#funnel canvas, #funnel svg"), "the funnel chart is drawn");
  await page.screenshot({ path: join(OUT, "after-reload.png"), fullPage: true });

  assert.deepEqual(errors, []);
  await context.close();
  console.log(`screenshots: ${join(OUT, "kanban.png")}, ${join(OUT, "after-reload.png")}`);
});

test("in a worker the database lives in OPFS: what is added survives a reload; elsewhere openOpfs is refused", async () => {
  const context = await browser.newContext({ viewport: { width: 1100, height: 900 } });
  const page = await context.newPage();
  const errors = [];
  page.on("pageerror", (e) => errors.push(String(e)));
  const opened = (state) => page.waitForSelector(`#customers[data-state="${state}"]`, { timeout: 120_000 });
  await page.goto(`${server.url}opfs.html`);
  await opened("created");
  assert.match(await page.textContent("#status"), /Created and seeded OPFS database 'rapport-demo'.*in OPFS: rapport-demo\)/);
  const rowsAtFirst = await page.$$eval("#customer-rows tr", (rows) => rows.length);
  assert.ok(rowsAtFirst > 0, "the seeded rep has customers");

  // A customer added through the worker; nothing is saved by the page.
  const name = "OPFS 持久客户 有限公司";
  await page.fill('#add-customer input[name="name"]', name);
  await page.click('#add-customer button[type="submit"]');
  await page.waitForSelector('#notice[data-kind="ok"]');
  const names = () => page.$$eval("#customer-rows tr td:nth-child(2)", (tds) => tds.map((td) => td.textContent));
  assert.ok((await names()).includes(name));
  // A refusal comes back through the worker as a RapportError with its code and field.
  await page.fill('#add-customer input[name="name"]', " ");
  await page.click('#add-customer button[type="submit"]');
  await page.waitForSelector('#notice[data-kind="error"]');
  assert.match(await page.textContent("#notice"), /^Refused \(validation, name\)/);

  // On the page's main thread (not a dedicated worker) openOpfs is refused with a typed error, not a crash.
  const mainThread = await page.evaluate(async () => {
    const { RapportEngine } = await import("@rapport/engine");
    try {
      await RapportEngine.openOpfs("rapport-demo");
      return { opened: true };
    } catch (e) {
      return { name: e.name, code: e.code, message: e.message };
    }
  });
  assert.equal(mainThread.name, "RapportError");
  assert.equal(mainThread.code, "misuse");
  assert.match(mainThread.message, /dedicated worker/);

  // A second tab of the site cannot take the files the first one's worker holds: `busy`, explained.
  const second = await context.newPage();
  await second.goto(`${server.url}opfs.html`);
  await second.waitForSelector('#customers[data-state="failed"]', { timeout: 60_000 });
  assert.match(await second.textContent("#notice"), /^Refused \(busy\)/);
  await second.close();

  mkdirSync(OUT, { recursive: true });
  await page.screenshot({ path: join(OUT, "opfs.png"), fullPage: true });

  // Reload: a new worker reopens the same OPFS database, with the customer in it.
  await page.reload();
  await opened("reopened");
  assert.match(await page.textContent("#status"), /Reopened OPFS database 'rapport-demo'/);
  assert.ok((await names()).includes(name), "the customer added before the reload is there");
  assert.equal(await page.$$eval("#customer-rows tr", (rows) => rows.length), rowsAtFirst + 1);
  await page.screenshot({ path: join(OUT, "opfs-after-reload.png"), fullPage: true });

  // Deleting the database starts again from a fresh seed, without the added customer.
  await page.click("#delete");
  await opened("created");
  assert.ok(!(await names()).includes(name), "the deleted database took the customer with it");

  assert.deepEqual(errors, []);
  await context.close();
  console.log(`screenshots: ${join(OUT, "opfs.png")}, ${join(OUT, "opfs-after-reload.png")}`);
});

test("OPFS in a worker: an image moves in; misuse gets typed errors (a name open twice, a bad name, deleting an open database)", async () => {
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.goto(server.url);
  await boardReady(page);
  const outcome = await page.evaluate(async () => {
    const { RapportWorker } = await import("./node_modules/@rapport/engine/remote.js");
    const rapport = new RapportWorker(new Worker("./opfs-worker.js", { type: "module" }));
    const refusal = (promise) =>
      promise.then(
        () => "no error",
        (e) => `${e.name}:${e.code}:${e.field}`,
      );
    const engine = await rapport.openOpfs("edge-cases");
    const results = {
      listed: await rapport.listOpfs(),
      second: await refusal(rapport.openOpfs("edge-cases")),
      badName: await refusal(rapport.openOpfs("../outside")),
      deleteOpen: await refusal(rapport.deleteOpfs("edge-cases")),
      seeded: (await engine.seedDemo({ customers: 5 })).customers,
    };
    // An image made in memory (as a page that kept it in IndexedDB has) moves into OPFS and opens there.
    const scratch = await rapport.openInMemory();
    await scratch.seedDemo({ customers: 7 });
    const image = await scratch.exportImage();
    await scratch.close();
    await rapport.importOpfs("imported", image);
    results.importAgain = await refusal(rapport.importOpfs("imported", image));
    results.importJunk = await refusal(rapport.importOpfs("junk", new Uint8Array(4096)));
    const imported = await rapport.openOpfs("imported");
    results.importedSeeded = await imported.isDemoSeeded();
    results.importedCustomers = (await imported.call(null, "customers.list", { limit: 100 })).items.length;
    results.listedWithImport = await rapport.listOpfs();
    await imported.close();
    await rapport.deleteOpfs("imported");
    await engine.close();
    results.deleted = await rapport.deleteOpfs("edge-cases");
    results.deletedAgain = await rapport.deleteOpfs("edge-cases");
    results.after = await rapport.listOpfs();
    results.closed = await refusal(engine.isDemoSeeded());
    rapport.terminate();
    return results;
  });
  assert.deepEqual(outcome, {
    listed: ["edge-cases"],
    second: "RapportError:misuse:name",
    badName: "RapportError:validation:name",
    deleteOpen: "RapportError:misuse:name",
    seeded: 5,
    importAgain: "RapportError:conflict:name",
    importJunk: "RapportError:validation:image",
    importedSeeded: true,
    importedCustomers: 7,
    listedWithImport: ["edge-cases", "imported"],
    deleted: true,
    deletedAgain: false,
    after: [],
    closed: "RapportError:misuse:null",
  });
  await context.close();
});

test("LIFE-1 in Chromium: an OPFS import in the worker reports to the page, which cancels it there; GBK bytes decoded by the browser", async () => {
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.goto(server.url);
  await boardReady(page);
  const outcome = await page.evaluate(async () => {
    const { RapportWorker } = await import("./node_modules/@rapport/engine/remote.js");
    const rapport = new RapportWorker(new Worker("./opfs-worker.js", { type: "module" }));
    const engine = await rapport.openOpfs("life-1");
    const request = (rows, prefix) => ({
      entity: "customers",
      format: "csv",
      text: `name,phone\n${Array.from({ length: rows }, (_, i) => `${prefix} ${i + 1},0755-8${1000000 + i}\n`).join("")}`,
      mapping: { columns: { name: "name", phone: "phone" } },
      mode: "skip_invalid",
    });
    const count = async () => {
      let total = 0;
      let cursor = null;
      do {
        const page = await engine.call(null, "customers.list", { limit: 1000, cursor });
        total += page.items.length;
        cursor = page.next_cursor;
      } while (cursor);
      return total;
    };
    const reports = [];
    const imported = await engine.callWithProgress(null, "imports.run", request(3000, "华强客户"), (p) => {
      reports.push(p.items);
    });
    const seen = [];
    const cancelled = await engine
      .callWithProgress(null, "imports.run", request(3000, "取消"), (p) => seen.push(p) < 1)
      .then(() => "no error", (e) => e.code);
    const afterCancel = await count();
    // "名称,电话\n广州宏达贸易,020-1234\n" as Chinese Excel saves it (GBK), decoded by Chromium's TextDecoder.
    const gbk = Uint8Array.from([
      0xc3, 0xfb, 0xb3, 0xc6, 0x2c, 0xb5, 0xe7, 0xbb, 0xb0, 0x0a, 0xb9, 0xe3, 0xd6, 0xdd, 0xba, 0xea, 0xb4, 0xef,
      0xc3, 0xb3, 0xd2, 0xd7, 0x2c, 0x30, 0x32, 0x30, 0x2d, 0x31, 0x32, 0x33, 0x34, 0x0a,
    ]);
    const file = { entity: "customers", encoding: "gbk", mapping: { columns: { 名称: "name", 电话: "phone" } } };
    const fromFile = await engine.importBytes(null, file, await new Blob([gbk]).arrayBuffer());
    const named = (await engine.call(null, "customers.list", { name: "广州宏达" })).items.map((c) => c.name);
    const badBytes = await engine
      .importBytes(null, file, Uint8Array.of(0x81, 0x20))
      .then(() => "no error", (e) => `${e.code}:${e.field}`);
    const result = {
      isolated: globalThis.crossOriginIsolated,
      canCancel: rapport.canCancel,
      created: imported.created,
      reports,
      cancelled,
      seen: seen.length,
      afterCancel,
      fromFile: fromFile.created,
      named,
      badBytes,
      total: await count(),
    };
    await engine.close();
    await rapport.deleteOpfs("life-1");
    rapport.terminate();
    return result;
  });
  assert.equal(outcome.isolated, true, "served cross-origin isolated");
  assert.equal(outcome.canCancel, true);
  assert.equal(outcome.created, 3000);
  assert.ok(outcome.reports.length >= 3 && outcome.reports.at(-1) === 3000, `reports: ${outcome.reports}`);
  assert.ok(outcome.reports.every((n, i) => i === 0 || n > outcome.reports[i - 1]));
  assert.equal(outcome.cancelled, "cancelled");
  assert.equal(outcome.seen, 1, "the worker stopped at the report the page refused");
  assert.equal(outcome.afterCancel, 3000, "nothing of the cancelled import is in OPFS");
  assert.equal(outcome.fromFile, 1);
  assert.deepEqual(outcome.named, ["广州宏达贸易"]);
  assert.equal(outcome.badBytes, "validation:text");
  assert.equal(outcome.total, 3001);
  await context.close();
});
