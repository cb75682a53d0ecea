// The OPFS demo page: the engine runs in a dedicated worker and keeps one database in OPFS, so what you add
// is there after a reload without saving anything. The page only draws and forwards the form.
import { RapportWorker } from "@rapport/engine/remote";

const DATABASE = "rapport-demo";
const $ = (selector) => document.querySelector(selector);
const rapport = new RapportWorker(new Worker(new URL("./opfs-worker.js", import.meta.url), { type: "module" }));
let engine;
let rep;

/** Opens (or creates and seeds) the OPFS database in the worker, then draws its customers. */
async function open() {
  const started = performance.now();
  engine = await rapport.openOpfs(DATABASE);
  const created = !(await engine.isDemoSeeded());
  if (created) await engine.seedDemo({ customers: 40 });
  [rep] = await engine.call(null, "users.list", { role: "sales_rep" });
  $("#rep").textContent = rep.name;
  const databases = await rapport.listOpfs();
  status(
    `${created ? "Created and seeded" : "Reopened"} OPFS database '${DATABASE}' in the worker in ` +
      `${Math.round(performance.now() - started)} ms (in OPFS: ${databases.join(", ")})`,
  );
  await render();
  $("#customers").dataset.state = created ? "created" : "reopened";
  $("#delete").disabled = false;
}

async function render() {
  const page = await engine.as(rep.id).customers.list({ limit: 500 });
  $("#customer-rows").replaceChildren(
    ...page.items.map((c) => {
      const row = document.createElement("tr");
      row.dataset.id = c.id;
      for (const text of [c.code, c.name, c.region ?? "", c.status]) row.insertCell().textContent = text;
      return row;
    }),
  );
  $("#customer-count").textContent = `${page.items.length} customers of ${rep.name}`;
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

/** A refusal as the engine words it: its code, field and message. */
function refused(e) {
  notice(`Refused (${e.code}${e.field ? `, ${e.field}` : ""}): ${e.message}`);
}

$("#add-customer").addEventListener("submit", async (event) => {
  event.preventDefault();
  const form = new FormData(event.target);
  try {
    const customer = await engine.as(rep.id).customers.create({ name: form.get("name"), region: form.get("region") });
    notice(`Added ${customer.code} ${customer.name}; it is in OPFS already`, "ok");
    event.target.reset();
    await render();
  } catch (e) {
    refused(e);
  }
});

$("#delete").addEventListener("click", async () => {
  $("#delete").disabled = true;
  $("#customers").dataset.state = "loading";
  try {
    await engine.close();
    const existed = await rapport.deleteOpfs(DATABASE);
    notice(`Deleted '${DATABASE}' from OPFS (${existed ? "it existed" : "it was not there"}); starting again`, "ok");
    await open();
  } catch (e) {
    refused(e);
  }
});

open().catch((e) => {
  status("The database could not be opened");
  $("#customers").dataset.state = "failed";
  refused(e);
});
