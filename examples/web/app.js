// The demo page: the engine (WebAssembly) holds the data and the rules; this file only draws and forwards clicks.
//
// State lives in one SQLite image kept in IndexedDB: opened at load, saved after every change.
import { init, RapportEngine } from "@rapport/engine";
import * as echarts from "echarts";

const IDB_NAME = "rapport-demo";
const IDB_STORE = "images";
const IMAGE_KEY = "main";
const ACTOR_KEY = "rapport-demo-actor";
const SYSTEM = "";

const $ = (selector) => document.querySelector(selector);
let engine;
let users = [];
let chart;

// ---------------------------------------------------------------------------------------------
// IndexedDB: one object store holding the database image.

function idb() {
  return new Promise((resolve, reject) => {
    const request = indexedDB.open(IDB_NAME, 1);
    request.onupgradeneeded = () => request.result.createObjectStore(IDB_STORE);
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error);
  });
}

async function idbRequest(mode, run) {
  const db = await idb();
  try {
    return await new Promise((resolve, reject) => {
      const tx = db.transaction(IDB_STORE, mode);
      const request = run(tx.objectStore(IDB_STORE));
      tx.oncomplete = () => resolve(request.result);
      tx.onerror = () => reject(tx.error);
    });
  } finally {
    db.close();
  }
}

const loadImage = () => idbRequest("readonly", (store) => store.get(IMAGE_KEY));
const saveImage = () => idbRequest("readwrite", (store) => store.put(engine.exportImage(), IMAGE_KEY));

// ---------------------------------------------------------------------------------------------
// The engine.

async function openEngine({ fresh = false } = {}) {
  const image = fresh ? undefined : await loadImage();
  if (image) {
    engine = RapportEngine.openImage(new Uint8Array(image));
    status(`Opened the saved database (${(image.byteLength / 1024).toFixed(0)} KB from IndexedDB)`);
    return;
  }
  status("Seeding the demo organisation inside the engine…");
  await new Promise((r) => setTimeout(r, 0)); // let the status paint first
  engine = RapportEngine.openInMemory();
  const started = performance.now();
  const summary = engine.seedDemo({ customers: 300 });
  await saveImage();
  status(
    `Seeded ${summary.customers} customers, ${summary.opportunities} opportunities, ${summary.users} users ` +
      `in ${Math.round(performance.now() - started)} ms; saved to IndexedDB`,
  );
}

/** The acting user's id, `null` for the system. */
function actor() {
  return $("#actor").value || null;
}

function userName(id) {
  return users.find((u) => u.id === id)?.name ?? "—";
}

function status(text) {
  $("#status").textContent = text;
}

function notice(text, kind = "error") {
  const el = $("#notice");
  el.textContent = text;
  el.className = kind === "ok" ? "ok" : "";
  el.dataset.kind = kind;
  el.hidden = false;
}

/** Every page of a list method. */
function listAll(method, params) {
  const items = [];
  let cursor = null;
  do {
    const page = engine.call(actor(), method, { ...params, limit: 1000, cursor });
    items.push(...page.items);
    cursor = page.next_cursor ?? null;
  } while (cursor);
  return items;
}

// ---------------------------------------------------------------------------------------------
// Drawing.

function renderActors() {
  users = engine.call(null, "users.list", {});
  const select = $("#actor");
  const saved = localStorage.getItem(ACTOR_KEY) ?? SYSTEM;
  select.replaceChildren(new Option("System (host)", SYSTEM));
  for (const u of users) {
    select.append(new Option(`${u.name} · ${u.roles.join(", ")}`, u.id));
  }
  select.value = users.some((u) => u.id === saved) ? saved : SYSTEM;
}

function renderBoard() {
  const [pipeline] = engine.call(null, "pipelines.list", {});
  const board = $("#board");
  board.replaceChildren();
  if (!pipeline) return;
  $("#pipeline-name").textContent = pipeline.name;
  const cards = listAll("opportunities.list", { pipeline_id: pipeline.id, status: "open" });
  for (const stage of pipeline.stages) {
    const column = document.createElement("div");
    column.className = "column";
    column.dataset.stage = stage.code;
    const inStage = cards.filter((o) => o.stage === stage.code);
    const gate = stage.requires_approval ? ' <span class="gate" title="Evaluation gate (OPP-3)">gate</span>' : "";
    column.innerHTML = `<h3><span>${escape(stage.name)}${gate}</span><span class="count">${inStage.length}</span></h3>`;
    column.addEventListener("dragover", (e) => {
      e.preventDefault();
      column.classList.add("drop");
    });
    column.addEventListener("dragleave", () => column.classList.remove("drop"));
    column.addEventListener("drop", (e) => {
      e.preventDefault();
      column.classList.remove("drop");
      moveCard(e.dataTransfer.getData("text/plain"), stage.code);
    });
    for (const o of inStage) column.append(card(o, pipeline));
    board.append(column);
  }
  renderFunnel(pipeline, cards);
  board.dataset.ready = "true";
  board.dataset.cards = String(cards.length);
}

function card(o, pipeline) {
  const el = document.createElement("div");
  el.className = "card";
  el.draggable = true;
  el.dataset.id = o.id;
  el.dataset.owner = o.owner_id ?? "";
  el.dataset.stage = o.stage;
  el.dataset.approval = o.approval_status;
  const amount = (o.amount / 100).toLocaleString("zh-CN", { style: "currency", currency: o.currency });
  el.innerHTML =
    `<div class="title">${escape(o.title)}</div>` +
    `<div class="meta">${escape(o.code)} · ${amount} · ${escape(userName(o.owner_id))} · ${o.approval_status}</div>`;
  const move = document.createElement("select");
  move.className = "move";
  move.setAttribute("aria-label", `Move ${o.title}`);
  move.append(new Option("Move to…", ""));
  for (const s of pipeline.stages) if (s.code !== o.stage) move.append(new Option(s.name, s.code));
  move.addEventListener("change", () => move.value && moveCard(o.id, move.value));
  el.append(move);
  el.addEventListener("dragstart", (e) => e.dataTransfer.setData("text/plain", o.id));
  return el;
}

function renderFunnel(pipeline, cards) {
  chart ??= echarts.init($("#funnel"));
  const data = pipeline.stages.map((s) => ({ name: s.name, value: cards.filter((o) => o.stage === s.code).length }));
  chart.setOption({
    tooltip: { trigger: "item", formatter: "{b}: {c}" },
    series: [{ type: "funnel", sort: "none", left: "10%", width: "80%", label: { formatter: "{b} {c}" }, data }],
  });
}

function renderCustomers() {
  const form = new FormData($("#customer-filters"));
  const params = { limit: 50 };
  for (const key of ["name", "region", "status"]) if (form.get(key)) params[key] = form.get(key);
  if (form.get("pool_only")) params.pool_only = true;
  let page;
  try {
    page = engine.call(actor(), "customers.list", params);
  } catch (e) {
    notice(explain(e));
    return;
  }
  const rows = page.items.map((c) => {
    const tr = document.createElement("tr");
    tr.dataset.id = c.id;
    tr.title = "Open the customer's 360 view and timeline";
    for (const text of [c.code, c.name, c.region ?? "", c.status, userName(c.owner_id)]) {
      const td = document.createElement("td");
      td.textContent = text;
      tr.append(td);
    }
    tr.addEventListener("click", () => openCustomer(c.id, c.name));
    return tr;
  });
  $("#customer-rows").replaceChildren(...rows);
  $("#customer-count").textContent = `${page.items.length} shown${page.next_cursor ? " (more on the next page)" : ""}`;
}

// ---------------------------------------------------------------------------------------------
// One customer: the 360 figures (CUS-4) and the timeline (CUS-5), both answered by the engine in the
// acting user's scope (financial figures withheld where the user may not see them).

let openCustomerId = null;
let timelineCursor = null;

const money = (minor) => (minor == null ? "—" : (minor / 100).toLocaleString("zh-CN", { minimumFractionDigits: 2 }));

const FIGURES = [
  ["Orders (all time)", (o) => `${o.statistics.order_count} · ${money(o.statistics.order_amount)}`],
  ["Orders this year", (o) => `${o.statistics.year_order_count} · ${money(o.statistics.year_order_amount)}`],
  ["Largest order", (o) => money(o.statistics.largest_order)],
  ["Receipts (all time)", (o) => money(o.statistics.receipts_amount), "statistics.receipts_amount"],
  ["Receipts this year", (o) => money(o.statistics.year_receipts_amount), "statistics.year_receipts_amount"],
  ["Outstanding", (o) => money(o.statistics.outstanding_amount), "statistics.outstanding_amount"],
  ["Owed on this year's orders", (o) => money(o.statistics.year_outstanding_amount), "statistics.year_outstanding_amount"],
  ["Overdue", (o) => money(o.statistics.overdue_amount), "statistics.overdue_amount"],
  ["Credit available", (o) => money(o.credit_available), "credit_available"],
  ["Open opportunities", (o) => `${o.open_opportunities} · weighted ${money(o.open_opportunities_weighted)}`],
  ["Activities", (o) => `${o.statistics.activity_count} (last ${o.statistics.last_activity_date ?? "—"})`],
  ["Value grade", (o) => o.value_grade ?? "—"],
  ["Channel partners", (o) => o.channel_partners.map((c) => `${c.channel_partner} ${money(c.order_amount)}`).join(", ") || "—"],
];

function openCustomer(id, name) {
  const section = $("#customer-view");
  section.dataset.ready = "false";
  section.hidden = false;
  openCustomerId = id;
  let overview;
  try {
    overview = engine.call(actor(), "customers.overview", { id });
  } catch (e) {
    notice(explain(e));
    section.hidden = true;
    return;
  }
  $("#customer-title").textContent = `${name} · as of ${overview.as_of}`;
  const withheld = new Set(overview.withheld ?? []);
  const items = FIGURES.flatMap(([label, value, field]) => {
    const dt = document.createElement("dt");
    dt.textContent = label;
    const dd = document.createElement("dd");
    dd.textContent = field && withheld.has(field) ? "withheld" : value(overview);
    return [dt, dd];
  });
  $("#customer-figures").replaceChildren(...items);
  $("#timeline").replaceChildren();
  timelineCursor = null;
  loadTimeline();
  section.dataset.ready = "true";
  section.scrollIntoView({ block: "nearest" });
}

const TIMELINE_KINDS = {
  opportunity: "Opportunity",
  quote: "Quote",
  contract: "Contract",
  order: "Order",
  delivery: "Delivery",
  receipt: "Receipt",
  return: "Return",
  invoice: "Invoice",
  activity: "Activity",
};

/** The next page of the open customer's timeline, appended. */
function loadTimeline() {
  let page;
  try {
    page = engine.call(actor(), "customers.timeline", { id: openCustomerId, limit: 20, cursor: timelineCursor });
  } catch (e) {
    notice(explain(e));
    return;
  }
  const entries = page.items.map((e) => {
    const li = document.createElement("li");
    li.dataset.kind = e.kind;
    const amount = e.amount != null ? ` ${money(e.amount)} ${e.currency ?? ""}` : "";
    li.innerHTML =
      `<time>${escape(e.at.slice(0, 10))}</time> <span class="kind">${escape(TIMELINE_KINDS[e.kind] ?? e.kind)}</span> ` +
      `<span class="title">${escape(e.title ?? "")}</span> <span class="state">${escape(e.status ?? "")}</span>` +
      `<span class="amount">${escape(amount)}</span>`;
    return li;
  });
  $("#timeline").append(...entries);
  timelineCursor = page.next_cursor;
  $("#timeline-more").hidden = !timelineCursor;
}

const INBOX_KINDS = {
  approval: "Approval waiting",
  approval_decided: "Approval decided",
  assignment: "Assigned to you",
  alert: "Alert",
  reminder: "Reminder",
  announcement: "Announcement",
};

/** The acting user's inbox (ORG-7): the newest ten, unread first, each unread one with a mark-read button. */
function renderInbox() {
  const section = $("#inbox");
  section.dataset.ready = "false";
  const who = actor();
  $("#inbox-read-all").hidden = !who;
  if (!who) {
    $("#inbox-items").replaceChildren();
    $("#inbox-unread").textContent = "the host has no inbox: act as a user";
    section.dataset.unread = "0";
    section.dataset.ready = "true";
    return;
  }
  let page;
  try {
    page = engine.call(who, "inbox.list", { limit: 10 });
  } catch (e) {
    notice(explain(e));
    return;
  }
  const items = page.items.map((entry) => {
    const li = document.createElement("li");
    li.dataset.id = entry.id;
    li.dataset.read = String(entry.read_at !== null);
    li.className = entry.read_at ? "read" : "unread";
    const when = new Date(entry.created_at).toLocaleString("zh-CN", { dateStyle: "short", timeStyle: "short" });
    li.innerHTML =
      `<span class="kind">${escape(INBOX_KINDS[entry.kind] ?? entry.kind)}</span> ` +
      `<span class="title">${escape(entry.title)}</span> <time>${escape(when)}</time>`;
    if (!entry.read_at) {
      const read = document.createElement("button");
      read.type = "button";
      read.className = "mark-read";
      read.textContent = "Mark read";
      read.addEventListener("click", () => markRead({ ids: [entry.id] }));
      li.append(read);
    }
    return li;
  });
  $("#inbox-items").replaceChildren(...items);
  $("#inbox-unread").textContent = `${page.unread} unread`;
  section.dataset.unread = String(page.unread);
  section.dataset.ready = "true";
}

async function markRead(request) {
  try {
    const done = engine.call(actor(), "inbox.mark_read", request);
    await saveImage();
    notice(`Marked ${done.marked} read; ${done.unread} unread. Saved.`, "ok");
  } catch (e) {
    notice(explain(e));
  }
  renderInbox();
}

function renderAll() {
  renderBoard();
  renderCustomers();
  renderInbox();
}

// ---------------------------------------------------------------------------------------------
// Actions: each goes through the engine, so scopes and the evaluation gate apply.

function explain(e) {
  if (e?.name !== "RapportError") return `Unexpected error: ${e}`;
  const why = {
    invalid_state: "the pipeline's rules forbid this move",
    permission_denied: "this user may not change it",
    not_found: "this user cannot see it",
    validation: "a value is not accepted",
  }[e.code];
  return `Refused (${e.code}${why ? `: ${why}` : ""}): ${e.message}`;
}

async function moveCard(id, stage) {
  try {
    const moved = engine.call(actor(), "opportunities.advance", { id, stage });
    await saveImage();
    notice(`Moved ${moved.code} to ${moved.stage_name}; saved.`, "ok");
  } catch (e) {
    notice(explain(e));
  }
  renderBoard();
}

async function main() {
  await init();
  await openEngine();
  renderActors();
  renderAll();
  $("#actor").addEventListener("change", () => {
    localStorage.setItem(ACTOR_KEY, $("#actor").value);
    $("#notice").hidden = true;
    $("#customer-view").hidden = true;
    renderAll();
  });
  $("#customer-filters").addEventListener("input", renderCustomers);
  $("#timeline-more").addEventListener("click", loadTimeline);
  $("#inbox-read-all").addEventListener("click", () => markRead({ all: true }));
  $("#reset").addEventListener("click", async () => {
    engine.close();
    await openEngine({ fresh: true });
    renderActors();
    renderAll();
  });
}

function escape(text) {
  return String(text ?? "").replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

main().catch((e) => {
  status("Failed to start");
  notice(explain(e));
  console.error(e);
});
