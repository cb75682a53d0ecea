// Node tests of the worker protocol: serveRapport in a worker thread, RapportWorker and RemoteEngine on this side.
// (Node's worker threads are not a browser's dedicated worker: there openOpfs is refused, which is tested here;
// OPFS itself is tested in Chromium by examples/web/test.)
import { test } from "node:test";
import assert from "node:assert/strict";
import { Worker } from "node:worker_threads";

import { RapportWorker } from "@rapport/engine/remote";
import { corruptImage, importRequest, assertProgress } from "./fixtures.mjs";

const TEST_MODE = { test_mode: { start: "2026-03-02T01:00:00Z", step_ms: 1000, id_seed: 42 } };

// The worker script: serveRapport over a worker thread's port (a browser worker needs only `serveRapport()`).
const WORKER_SOURCE = `
  const { parentPort, workerData } = require("node:worker_threads");
  import(workerData.serve).then(({ serveRapport }) =>
    serveRapport({
      postMessage: (message, transfer) => parentPort.postMessage(message, transfer),
      addEventListener: (type, listener) => parentPort.on(type, (data) => listener({ data })),
    }),
  );`;

/** A Node worker thread shaped like a browser Worker (postMessage, addEventListener, terminate). */
function workerLike(source = WORKER_SOURCE) {
  const worker = new Worker(source, { eval: true, workerData: { serve: new URL("../worker.js", import.meta.url).href } });
  return {
    postMessage: (message) => worker.postMessage(message),
    addEventListener: (type, listener) => worker.on(type, (data) => listener(type === "message" ? { data } : data)),
    terminate: () => worker.terminate(),
  };
}

/** The RapportError a promise rejects with. */
async function rejection(promise) {
  try {
    await promise;
  } catch (e) {
    assert.equal(e.name, "RapportError", String(e));
    return e;
  }
  assert.fail("expected a rejection");
}

test("a remote engine answers like a local one, errors keep their code, field and items", async () => {
  const rapport = new RapportWorker(workerLike());
  const engine = await rapport.openInMemory(TEST_MODE);
  const system = engine.as(null);
  const dept = await system.departments.create({ name: "华南销售部" });
  const rep = await system.users.create({ name: "王芳", department_id: dept.id, roles: ["sales_rep"] });
  const customer = await engine.as(rep.id).customers.create({ name: "深圳华强科技有限公司", region: "44/4403" });
  assert.equal(customer.code, "C-000001");
  assert.deepEqual(await engine.call(rep.id, "customers.get", { id: customer.id }), customer);
  assert.deepEqual(JSON.parse(await engine.callJson(rep.id, "customers.get", JSON.stringify({ id: customer.id }))), customer);

  const invalid = await rejection(engine.as(rep.id).customers.create({ name: "" }));
  assert.equal(invalid.code, "validation");
  assert.equal(invalid.field, "name");
  const batch = await rejection(
    engine.call(null, "customers.batch", { mode: "all_or_nothing", items: [{ name: "Good" }, { name: "" }] }),
  );
  assert.equal(batch.code, "validation");
  assert.ok(Array.isArray(batch.items) && batch.items.length > 0, "the refused items come across");
  assert.equal((await rejection(engine.call(rep.id, "no.such_method", {}))).code, "unknown_method");
  const uncloneable = await rejection(engine.call(rep.id, "customers.list", { limit: () => 1 }));
  assert.equal(uncloneable.code, "malformed_request");

  // An image moves across, and opens in a second engine of the same worker.
  const image = await engine.exportImage();
  assert.ok(image instanceof Uint8Array && image.length > 0);
  const copy = await rapport.openImage(image);
  assert.equal((await copy.as(rep.id).customers.get({ id: customer.id })).name, customer.name);

  await engine.close();
  assert.equal((await rejection(engine.call(rep.id, "customers.list", {}))).code, "misuse");
  assert.equal((await copy.as(rep.id).customers.get({ id: customer.id })).code, customer.code, "the other engine stays open");
  rapport.terminate();
  assert.equal((await rejection(copy.as(rep.id).customers.list({}))).code, "misuse");
});

test("the worker runs the demo seeder, and refuses OPFS outside a browser's dedicated worker", async () => {
  const rapport = new RapportWorker(workerLike());
  const engine = await rapport.openInMemory(TEST_MODE);
  assert.equal(await engine.isDemoSeeded(), false);
  const summary = await engine.seedDemo({ customers: 20 });
  assert.equal(summary.customers, 20);
  assert.equal(await engine.isDemoSeeded(), true);
  for (const attempt of [rapport.openOpfs("crm"), rapport.listOpfs(), rapport.deleteOpfs("crm")]) {
    const refused = await rejection(attempt);
    assert.equal(refused.code, "misuse");
    assert.match(refused.message, /dedicated worker/);
  }
  assert.equal((await rejection(rapport.openOpfs("no/slashes"))).field, "name");
  rapport.terminate();
});

test("a worker that fails to start rejects its calls with io instead of leaving them pending", async () => {
  const rapport = new RapportWorker(workerLike("throw new Error('the worker script is broken')"));
  const failed = await rejection(rapport.openInMemory());
  assert.equal(failed.code, "io");
  assert.match(failed.message, /did not start/);
  assert.equal((await rejection(rapport.listOpfs())).code, "io");
  rapport.terminate();
});

test("the worker's error hook reports its internal failures to the page", async () => {
  const { image, id } = await corruptImage();
  const rapport = new RapportWorker(workerLike());
  const reports = [];
  await rapport.setErrorHook((report) => reports.push(report));
  const engine = await rapport.openImage(image);
  const e = await rejection(engine.call(null, "customers.get", { id }));
  assert.equal(e.code, "internal");
  assert.equal(reports.length, 1);
  assert.match(reports[0].causes.at(-1), /line 1 column/);
  await rapport.setErrorHook(null);
  await rejection(engine.call(null, "customers.get", { id }));
  assert.equal(reports.length, 1);
  await assert.rejects(rapport.setErrorHook(42), { code: "validation" });
  rapport.terminate();
});

/** How many customers the host sees in a remote engine. */
async function remoteCustomerCount(engine) {
  let total = 0;
  let cursor = null;
  do {
    const page = await engine.call(null, "customers.list", { limit: 1000, cursor });
    total += page.items.length;
    cursor = page.next_cursor;
  } while (cursor);
  return total;
}

test("LIFE-1 through the worker: progress reaches the page, and the page's false cancels in the worker", async () => {
  const rapport = new RapportWorker(workerLike());
  assert.equal(rapport.canCancel, true, "Node shares memory with its worker threads");
  const engine = await rapport.openInMemory(TEST_MODE);
  const reports = [];
  const report = await engine.callWithProgress(null, "imports.run", importRequest(3000, "华强客户"), (p) => {
    reports.push(p);
  });
  assert.equal(report.created, 3000);
  assertProgress(reports, 3000);
  assert.equal(await remoteCustomerCount(engine), 3000);

  const cancelled = [];
  const e = await rejection(
    engine.callWithProgress(null, "imports.run", importRequest(3000, "取消"), (p) => cancelled.push(p) < 1),
  );
  assert.equal(e.code, "cancelled");
  assert.equal(cancelled.length, 1, "the worker stopped at the report the page refused");
  assert.equal(await remoteCustomerCount(engine), 3000, "nothing of the cancelled import remains");

  const bug = new Error("the page's bug");
  const failed = await rejection(
    engine.callWithProgress(null, "imports.run", importRequest(2000, "坏"), () => {
      throw bug;
    }),
  );
  assert.equal(failed.code, "cancelled");
  assert.equal(failed.cause, bug);
  assert.equal((await engine.call(null, "imports.list", {})).items.length, 1);

  // The page decodes a file's bytes; the worker imports the text.
  const bytes = new TextEncoder().encode("\uFEFFname,phone\n深圳华强电子,0755-83761234\n");
  const request = { entity: "customers", mapping: { columns: { name: "name", phone: "phone" } } };
  assert.equal((await engine.importBytes(null, request, bytes, () => true)).created, 1);
  assert.equal((await rejection(engine.importBytes(null, { ...request, encoding: "gbk" }, Uint8Array.of(0x81, 0x20)))).field, "text");
  assert.equal((await rejection(engine.callWithProgress(null, "org.get", {}, 5))).field, "onProgress");
  assert.equal(await remoteCustomerCount(engine), 3001);
  rapport.terminate();
});

test("RapportWorker needs a worker", () => {
  assert.throws(() => new RapportWorker({}), { name: "RapportError", code: "misuse" });
});
