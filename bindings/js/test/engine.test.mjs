// Node tests of the npm package: the API, errors with codes, image round trip, typed client, panics, README example.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync, writeFileSync, rmSync } from "node:fs";
import { execFileSync } from "node:child_process";
import { fileURLToPath, pathToFileURL } from "node:url";

import {
  init,
  RapportEngine,
  METHOD_NAMES,
  isRapportError,
  version,
  schemaVersion,
  setErrorHook,
  reportedErrorCount,
  decodeImportText,
} from "@rapport/engine";
import { corruptImage, importRequest, assertProgress } from "./fixtures.mjs";

await init();

const TEST_MODE = { test_mode: { start: "2026-03-02T01:00:00Z", step_ms: 1000, id_seed: 42 } };

/** A department, a manager and two reps of it. */
function smallOrg(engine) {
  const system = engine.as(null);
  const dept = system.departments.create({ name: "华南销售部" });
  const manager = system.users.create({ name: "李强", department_id: dept.id, roles: ["sales_manager"] });
  const rep = system.users.create({ name: "王芳", department_id: dept.id, roles: ["sales_rep"], manager_id: manager.id });
  const other = system.users.create({ name: "张伟", department_id: dept.id, roles: ["sales_rep"], manager_id: manager.id });
  return { dept, manager, rep, other };
}

test("the module reports its versions", () => {
  assert.match(version(), /^\d+\.\d+\.\d+/);
  assert.ok(schemaVersion() >= 1);
});

test("call takes and answers plain objects equal to the JSON the other bindings return", () => {
  const engine = RapportEngine.openInMemory(TEST_MODE);
  const { rep } = smallOrg(engine);
  const customer = engine.call(rep.id, "customers.create", { name: "深圳华强科技有限公司", region: "44/4403" });
  assert.equal(Object.getPrototypeOf(customer), Object.prototype, "a plain object, not a Map");
  assert.equal(customer.code, "C-000001");
  assert.equal(customer.owner_id, rep.id);
  assert.equal(customer.archived_at, null, "null, not undefined");
  const viaJson = JSON.parse(engine.callJson(rep.id, "customers.get", JSON.stringify({ id: customer.id })));
  assert.deepEqual(engine.call(rep.id, "customers.get", { id: customer.id }), viaJson);
  engine.close();
});

test("text beyond ASCII comes back unchanged through call (answers cross as \\u-escaped ASCII JSON)", () => {
  const engine = RapportEngine.openInMemory(TEST_MODE);
  const { rep } = smallOrg(engine);
  // CJK, an accent, an astral character (a surrogate pair), U+2028, quotes and a backslash.
  const name = '深圳华强 Café 😀\u2028 "引号" \\ 末';
  const customer = engine.call(rep.id, "customers.create", { name, region: "44" });
  assert.equal(customer.name, name);
  const text = engine.callJson(rep.id, "customers.get", JSON.stringify({ id: customer.id }));
  assert.ok(text.includes("深圳华强"), "callJson answers the engine's own UTF-8 JSON, unescaped");
  assert.deepEqual(engine.call(rep.id, "customers.get", { id: customer.id }), JSON.parse(text));
  engine.close();
});

test("OPFS is refused in Node with typed errors (it needs a browser's dedicated worker)", async () => {
  const image = RapportEngine.openInMemory().exportImage();
  const attempts = [RapportEngine.openOpfs("crm"), RapportEngine.listOpfs(), RapportEngine.deleteOpfs("crm")];
  for (const attempt of [...attempts, RapportEngine.importOpfs("crm", image)]) {
    await assert.rejects(attempt, { name: "RapportError", code: "misuse", message: /dedicated worker/ });
  }
  await assert.rejects(RapportEngine.openOpfs(42), { name: "RapportError", code: "validation", field: "name" });
  await assert.rejects(RapportEngine.openOpfs("a/b"), { name: "RapportError", code: "validation", field: "name" });
  await assert.rejects(RapportEngine.openOpfs("crm", { nope: true }), { name: "RapportError", code: "malformed_request" });
  await assert.rejects(RapportEngine.importOpfs("crm", [1, 2]), { name: "RapportError", code: "validation", field: "image" });
  // The in-memory engine is unaffected.
  assert.equal(RapportEngine.openInMemory().isDemoSeeded(), false);
});

test("the same test mode gives the same answers twice (deterministic ids and clock)", () => {
  const run = () => {
    const engine = RapportEngine.openInMemory(TEST_MODE);
    const org = smallOrg(engine);
    const answer = engine.call(org.rep.id, "customers.create", { name: "ACME", region: "44" });
    engine.close();
    return answer;
  };
  assert.deepEqual(run(), run());
});

test("errors are Errors named RapportError with a stable code and the field", () => {
  const engine = RapportEngine.openInMemory(TEST_MODE);
  const { rep, other } = smallOrg(engine);
  const expectError = (f, code, field) => {
    let thrown;
    try {
      f();
    } catch (e) {
      thrown = e;
    }
    assert.ok(thrown instanceof Error, "an Error is thrown");
    assert.equal(thrown.name, "RapportError");
    assert.ok(isRapportError(thrown));
    assert.equal(thrown.code, code, thrown.message);
    if (field !== undefined) assert.equal(thrown.field, field);
    assert.equal(typeof thrown.message, "string");
    return thrown;
  };
  expectError(() => engine.call(rep.id, "customers.create", {}), "malformed_request", "name");
  expectError(() => engine.call(rep.id, "customers.create", { name: "" }), "validation", "name");
  expectError(() => engine.call(rep.id, "no.such_method", {}), "unknown_method", "method");
  expectError(() => engine.call("no-such-user", "customers.list", {}), "unknown_actor");
  expectError(() => engine.call(rep.id, "customers.get", { id: "missing" }), "not_found");
  const mine = engine.call(rep.id, "customers.create", { name: "Mine Ltd", region: "44" });
  expectError(() => engine.call(other.id, "customers.get", { id: mine.id }), "not_found");
  const refused = expectError(
    () => engine.call(null, "customers.batch", { mode: "all_or_nothing", items: [{ name: "Good" }, { name: "" }] }),
    "validation",
  );
  assert.deepEqual(refused.items.map((i) => i.index), [1]);
  engine.close();
  expectError(() => engine.call(null, "users.list", {}), "misuse");
});

test("an exported image reopens with every record, also read-only", () => {
  const engine = RapportEngine.openInMemory(TEST_MODE);
  const { rep } = smallOrg(engine);
  const customer = engine.call(rep.id, "customers.create", { name: "ACME", region: "44" });
  const image = engine.exportImage();
  assert.ok(image instanceof Uint8Array);
  assert.equal(new TextDecoder().decode(image.subarray(0, 15)), "SQLite format 3");
  assert.deepEqual([...image.subarray(18, 20)], [1, 1], "journal_mode=DELETE in the header");

  const copy = RapportEngine.openImage(image, TEST_MODE);
  assert.deepEqual(copy.call(rep.id, "customers.get", { id: customer.id }), customer);
  copy.call(rep.id, "customers.create", { name: "Globex", region: "44" });
  assert.equal(copy.call(rep.id, "customers.list", {}).items.length, 2);
  assert.equal(engine.call(rep.id, "customers.list", {}).items.length, 1, "the copy is independent");

  const readOnly = RapportEngine.openImage(copy.exportImage(), { read_only: true });
  assert.equal(readOnly.call(rep.id, "customers.list", {}).items.length, 2);
  assert.throws(() => readOnly.call(rep.id, "customers.create", { name: "X", region: "44" }), { code: "read_only" });
  assert.throws(() => RapportEngine.openImage(new Uint8Array([1, 2, 3])), { name: "RapportError", code: "io" });
});

test("internal failures reach the error hook with their cause; the RapportError carries no internals", async () => {
  const { image, id } = await corruptImage();
  const engine = RapportEngine.openImage(image);
  const reports = [];
  const before = reportedErrorCount();
  setErrorHook((report) => reports.push(report));
  try {
    assert.throws(() => engine.call(null, "customers.get", { id }), (e) => {
      assert.equal(e.code, "internal");
      assert.ok(!e.message.includes("QQQQQQ"), e.message);
      return true;
    });
    assert.equal(reports.length, 1);
    assert.equal(reports[0].code, "internal");
    assert.ok(reports[0].causes.length >= 2, JSON.stringify(reports[0]));
    assert.match(reports[0].causes.at(-1), /line 1 column/);
    assert.equal(reportedErrorCount(), before + 1);
    setErrorHook(null);
    assert.throws(() => engine.call(null, "customers.get", { id }), { code: "internal" });
    assert.equal(reports.length, 1, "no hook, no call");
    assert.throws(() => setErrorHook("not a function"), { code: "validation", field: "hook" });
  } finally {
    setErrorHook(null);
    engine.close();
  }
});

test("the typed client covers every method and calls the engine as its actor", () => {
  const engine = RapportEngine.openInMemory(TEST_MODE);
  const { rep, other } = smallOrg(engine);
  const client = engine.as(rep.id);
  for (const name of METHOD_NAMES) {
    const [module, verb] = name.split(".");
    assert.equal(typeof client[module][verb], "function", name);
  }
  const created = client.customers.create({ name: "ACME", region: "44" });
  assert.equal(created.owner_id, rep.id);
  assert.equal(client.customers.list().items.length, 1, "a request without required fields may be left out");
  assert.equal(engine.as(other.id).customers.list({}).items.length, 0, "another rep sees nothing of it");
});

test("ORG-5: a manager lists pending approvals and decides one through the typed client", () => {
  const engine = RapportEngine.openInMemory(TEST_MODE);
  const { manager, rep } = smallOrg(engine);
  const system = engine.as(null);
  system.pipelines.create({
    code: "standard",
    name: "标准销售流程",
    stages: [
      { code: "qualify", name: "初步接洽", probability: 10 },
      { code: "evaluate", name: "需求评估", probability: 40, requires_approval: true },
    ],
  });
  system.approvals.set_flow({
    document_type: "opportunity_evaluation",
    steps: [{ name: "直属经理", approver: { kind: "manager" } }],
  });
  const seller = engine.as(rep.id);
  const customer = seller.customers.create({ name: "深圳华强科技" });
  const deal = seller.opportunities.create({ customer_id: customer.id, title: "二期", amount: 5000000, stage: "evaluate" });
  const submitted = seller.approvals.submit({ document_type: "opportunity_evaluation", document_id: deal.id });
  assert.deepEqual(submitted.steps[0].approvers, [manager.id]);
  assert.throws(() => seller.opportunities.update({ id: deal.id, amount: 1 }), (e) => isRapportError(e) && e.code === "invalid_state");

  const boss = engine.as(manager.id);
  const pending = boss.approvals.pending({ limit: 10 });
  assert.deepEqual(pending.items.map((p) => [p.document_id, p.customer_name]), [[deal.id, "深圳华强科技"]]);
  assert.throws(() => seller.approvals.approve({ id: pending.items[0].id }), (e) => isRapportError(e) && e.code === "permission_denied");
  const decided = boss.approvals.approve({ id: pending.items[0].id, comment: "同意" });
  assert.equal(decided.status, "approved");
  assert.equal(boss.approvals.pending().items.length, 0);
  assert.equal(seller.opportunities.get({ id: deal.id }).approval_status, "approved");
});

test("ORG-7: a rep's inbox through the typed client, unread first; the host delivers the outbox once", () => {
  const engine = RapportEngine.openInMemory(TEST_MODE);
  const { manager, rep, other } = smallOrg(engine);
  const boss = engine.as(manager.id);
  const older = boss.customers.create({ name: "杭州新锐自动化", owner_id: rep.id });
  const newer = boss.customers.create({ name: "宁波海天精工", owner_id: rep.id });
  const seller = engine.as(rep.id);
  let page = seller.inbox.list({});
  assert.deepEqual(
    page.items.map((e) => [e.kind, e.entity, e.record_id, e.title, e.read_at]),
    [
      ["assignment", "customer", newer.id, "宁波海天精工", null],
      ["assignment", "customer", older.id, "杭州新锐自动化", null],
    ],
  );
  assert.equal(page.unread, 2);
  assert.deepEqual(page.items[0].params, { by: manager.id, previous_owner: null }, "params are a plain object in JS");
  const newest = page.items[0].id;
  const notYours = (e) => isRapportError(e) && e.code === "not_found" && e.field === "ids.0";
  assert.throws(() => engine.as(other.id).inbox.mark_read({ ids: [newest] }), notYours);
  assert.deepEqual(seller.inbox.mark_read({ ids: [newest] }), { marked: 1, unread: 1 });
  page = seller.inbox.list({});
  assert.deepEqual(
    page.items.map((e) => [e.record_id, e.read_at === null]),
    [
      [older.id, true],
      [newer.id, false],
    ],
    "unread first, then read",
  );
  assert.deepEqual(seller.inbox.mark_read({ all: true }), { marked: 1, unread: 0 });
  assert.deepEqual(seller.inbox.list({ unread_only: true }), { items: [], next_cursor: null, unread: 0 });
  assert.throws(() => seller.inbox.list({ unread_only: "yes" }), { code: "malformed_request", field: "unread_only" });

  const host = engine.as(null);
  const queued = seller.outbox.send({ channel: "push", recipient_kind: "user", recipient_id: manager.id, template_key: "visit.reminder" });
  assert.throws(() => seller.outbox.take({}), { code: "permission_denied" });
  assert.deepEqual(host.outbox.take({ limit: 10 }).map((m) => m.id), [queued.id]);
  assert.equal(host.outbox.report({ id: queued.id, outcome: "sent" }).status, "sent");
  assert.throws(() => host.outbox.report({ id: queued.id, outcome: "sent" }), { code: "invalid_state" });
  engine.close();
});

test("ORG-6: a custom role without view_financial reads a credit limit as withheld", () => {
  const engine = RapportEngine.openInMemory(TEST_MODE);
  const { dept, manager, rep } = smallOrg(engine);
  const system = engine.as(null);
  system.roles.define({ code: "service_desk", name: "客服专员", scope: "department", permissions: { customer: ["edit"] } });
  const desk = system.users.create({ name: "客服小刘", department_id: dept.id, custom_roles: ["service_desk"] });
  const customer = engine.as(manager.id).customers.create({ name: "杭州新锐自动化", owner_id: rep.id, credit_limit: 20000000 });
  const seen = engine.as(desk.id).customers.get({ id: customer.id });
  assert.equal("credit_limit" in seen, false, "absent from the JSON");
  assert.deepEqual(seen.withheld, ["credit_limit"]);
  assert.equal(engine.as(rep.id).customers.get({ id: customer.id }).credit_limit, 20000000);
  assert.throws(() => engine.as(desk.id).customers.update({ id: customer.id, credit_limit: 1 }), {
    code: "permission_denied",
    field: "credit_limit",
  });
  assert.throws(() => system.roles.define({ code: "field_audit", name: "现场审计", scope: "own", permissions: { customer: ["fly"] } }), {
    code: "malformed_request",
    field: "permissions.customer[0]",
  });
  engine.close();
});

test("the demo seeder runs inside the module", () => {
  const engine = RapportEngine.openInMemory();
  assert.equal(engine.isDemoSeeded(), false);
  const summary = engine.seedDemo({ customers: 60 });
  assert.equal(summary.customers, 60);
  assert.ok(summary.opportunities > 0 && summary.users > 0);
  assert.deepEqual(summary.skipped, []);
  assert.equal(engine.isDemoSeeded(), true);
});

test("a panic is reported as an internal RapportError and the instance refuses further calls", () => {
  const engine = RapportEngine.openInMemory();
  const bystander = RapportEngine.openInMemory();
  assert.throws(() => engine._panicForTests(), (e) => {
    assert.equal(e.name, "RapportError");
    assert.equal(e.code, "internal");
    assert.match(e.message, /deliberate panic/);
    return true;
  });
  assert.throws(() => engine.call(null, "users.list", {}), { code: "internal", message: /reopen/ });
  const reopened = RapportEngine.openInMemory();
  assert.deepEqual(reopened.call(null, "users.list", {}), []);
  assert.deepEqual(bystander.call(null, "departments.list", {}), []);
});

/** How many customers the host sees. */
function customerCount(engine) {
  let total = 0;
  let cursor = null;
  do {
    const page = engine.call(null, "customers.list", { limit: 1000, cursor });
    total += page.items.length;
    cursor = page.next_cursor;
  } while (cursor);
  return total;
}

test("LIFE-1: callWithProgress reports an import of 3,000 rows; a false from the callback cancels and keeps nothing", () => {
  const engine = RapportEngine.openInMemory(TEST_MODE);
  const reports = [];
  const report = engine.callWithProgress(null, "imports.run", importRequest(3000, "华强客户"), (p) => {
    reports.push(p);
  });
  assert.equal(report.created, 3000);
  assertProgress(reports, 3000);
  assert.deepEqual(Object.keys(reports[0]), ["items", "done", "total"]);
  assert.equal(customerCount(engine), 3000);

  const cancelled = [];
  assert.throws(
    () => engine.callWithProgress(null, "imports.run", importRequest(3000, "取消"), (p) => cancelled.push(p) < 1),
    { name: "RapportError", code: "cancelled" },
  );
  assert.equal(cancelled.length, 1, "cancelled at the first report");
  assert.equal(customerCount(engine), 3000, "nothing of the cancelled import remains");
  assert.equal(engine.call(null, "imports.list", {}).items.length, 1);

  // Not long work: a plain call, the callback never called; bad input refused before any work.
  assert.equal(typeof engine.callWithProgress(null, "org.get", {}, () => assert.fail("called back")), "object");
  assert.throws(() => engine.callWithProgress(null, "imports.run", { entity: "customers", text: 5 }, () => true), {
    code: "malformed_request",
    field: "text",
  });
  assert.throws(() => engine.callWithProgress(null, "imports.run", importRequest(1, "X"), "not a function"), {
    code: "validation",
    field: "onProgress",
  });
  assert.equal(customerCount(engine), 3000);
  engine.close();
});

test("LIFE-1: a progress callback that throws or calls the engine cancels with a typed error; the engine stays usable", () => {
  const engine = RapportEngine.openInMemory(TEST_MODE);
  const bug = new Error("the page's bug");
  const thrown = (() => {
    try {
      engine.callWithProgress(null, "imports.run", importRequest(2000, "坏"), () => {
        throw bug;
      });
    } catch (e) {
      return e;
    }
  })();
  assert.equal(thrown.name, "RapportError");
  assert.equal(thrown.code, "cancelled");
  assert.equal(thrown.cause, bug, "what the callback threw is the cause");
  assert.match(thrown.message, /the page's bug/);
  assert.throws(
    () => engine.callWithProgress(null, "imports.run", importRequest(2000, "坏"), () => engine.call(null, "org.get", {})),
    (e) => e.code === "cancelled" && e.cause?.code === "misuse",
  );
  assert.throws(
    () => engine.callWithProgress(null, "imports.run", importRequest(2000, "坏"), () => engine.close()),
    (e) => e.code === "cancelled" && e.cause?.code === "misuse",
  );
  assert.equal(customerCount(engine), 0);
  assert.deepEqual(engine.call(null, "imports.list", {}).items, []);
  assert.equal(engine.callWithProgress(null, "imports.run", importRequest(10, "好")).created, 10, "no callback: a plain call");
  engine.close();
});

test("LIFE-1: importBytes decodes UTF-8 (BOM skipped) and GBK with the platform's TextDecoder", () => {
  const engine = RapportEngine.openInMemory(TEST_MODE);
  const request = { entity: "customers", format: "csv", mapping: { columns: { 名称: "name", 电话: "phone" } } };
  const utf8 = new TextEncoder().encode("\uFEFF名称,电话\n深圳华强电子,0755-83761234\n");
  assert.equal(engine.importBytes(null, request, utf8).created, 1);
  // "名称,电话\n广州宏达贸易,020-1234\n" in GBK, as Chinese Excel saves a CSV file.
  const gbk = Uint8Array.from([
    0xc3, 0xfb, 0xb3, 0xc6, 0x2c, 0xb5, 0xe7, 0xbb, 0xb0, 0x0a, 0xb9, 0xe3, 0xd6, 0xdd, 0xba, 0xea, 0xb4, 0xef, 0xc3,
    0xb3, 0xd2, 0xd7, 0x2c, 0x30, 0x32, 0x30, 0x2d, 0x31, 0x32, 0x33, 0x34, 0x0a,
  ]);
  const reports = [];
  const report = engine.importBytes(null, { ...request, encoding: "gbk" }, gbk.buffer, (p) => reports.push(p));
  assert.equal(report.created, 1);
  assert.equal(reports.at(-1).items, 1);
  const names = engine.call(null, "customers.list", {}).items.map((c) => c.name).sort();
  assert.deepEqual(names, ["广州宏达贸易", "深圳华强电子"].sort());
  assert.equal(decodeImportText(gbk, "gbk"), "名称,电话\n广州宏达贸易,020-1234\n");

  // Bytes that are not text in the encoding named: validation on `text`, nothing imported.
  assert.throws(() => engine.importBytes(null, request, gbk), { name: "RapportError", code: "validation", field: "text" });
  const broken = Uint8Array.from([...gbk.slice(0, 12), 0x81, 0x20, 0x0a]);
  assert.throws(() => engine.importBytes(null, { ...request, encoding: "gbk" }, broken), { code: "validation", field: "text" });
  assert.throws(() => engine.importBytes(null, { ...request, encoding: "latin1" }, utf8), { code: "validation", field: "encoding" });
  assert.throws(() => engine.importBytes(null, request, "名称,电话"), { code: "validation", field: "bytes" });
  assert.equal(customerCount(engine), 2);
  engine.close();
});

test("README's 'Use from JavaScript' example runs", async () => {
  const readme = readFileSync(new URL("../../../README.md", import.meta.url), "utf8");
  const section = readme.split("## Use from JavaScript")[1] ?? "";
  const block = /```js\n([\s\S]*?)```/.exec(section);
  assert.ok(block, "README.md has a js block under 'Use from JavaScript'");
  // Inside the package folder, so "@rapport/engine" resolves to this package (self-reference).
  const file = fileURLToPath(new URL("./readme_example.generated.mjs", import.meta.url));
  writeFileSync(file, block[1]);
  // Node's console.assert only prints: make a failed assertion of the example fail the test.
  const assertQuietly = console.assert;
  console.assert = (condition, ...message) => assert.ok(condition, message.join(" ") || "a README assertion");
  try {
    await import(pathToFileURL(file).href);
  } finally {
    console.assert = assertQuietly;
    rmSync(file, { force: true });
  }
});

test("README's worker examples under 'Use from JavaScript' are valid modules", () => {
  const readme = readFileSync(new URL("../../../README.md", import.meta.url), "utf8");
  const section = (readme.split("## Use from JavaScript")[1] ?? "").split("\n## ")[0];
  const blocks = [...section.matchAll(/```js\n([\s\S]*?)```/g)].slice(1).map((m) => m[1]);
  assert.ok(blocks.length >= 2, "the worker and page examples");
  const file = fileURLToPath(new URL("./readme_worker.generated.mjs", import.meta.url));
  try {
    for (const block of blocks) {
      writeFileSync(file, block);
      execFileSync(process.execPath, ["--check", file]);
    }
  } finally {
    rmSync(file, { force: true });
  }
});

test("LIFE-2: exports.run streams a list as CSV or JSON lines with progress; the image export reopens with the same rows", () => {
  const engine = RapportEngine.openInMemory(TEST_MODE);
  engine.call(null, "imports.run", importRequest(1500, "导出客户"));
  const reports = [];
  const csv = engine.callWithProgress(null, "exports.run", { list: "customers.list", format: "csv" }, (p) => {
    reports.push(p);
  });
  assert.equal(csv.rows, 1500);
  const lines = csv.text.trimEnd().split("\n");
  assert.equal(lines.length, 1501, "a header and a line per customer");
  assert.ok(lines[0].split(",").includes("name"));
  assert.equal(reports.at(-1).items, 1500);
  const jsonl = engine.call(null, "exports.run", { list: "customers.list", format: "jsonl", filter: { name: "导出客户 1" } });
  for (const line of jsonl.text.trimEnd().split("\n")) assert.match(JSON.parse(line).name, /导出客户 1/);
  // In a browser there is no file to write or back up to: a path is refused, the image is the backup.
  assert.throws(() => engine.call(null, "backups.create", { path: "/tmp/x.db" }), { code: "validation", field: "path" });
  const copy = RapportEngine.openImage(engine.exportImage(), TEST_MODE);
  assert.equal(customerCount(copy), 1500);
  copy.close();
  engine.close();
});
