// Shared fixtures of the Node tests (no tests here).
import assert from "node:assert/strict";

import { init, RapportEngine } from "@rapport/engine";

/** An image whose one customer has custom fields corrupted on disk (no longer JSON), and that customer's id. */
export async function corruptImage() {
  await init();
  const engine = RapportEngine.openInMemory();
  engine.call(null, "custom_fields.define", { entity: "customer", key: "note", label: "Note", field_type: "text" });
  const { id } = engine.call(null, "customers.create", { name: "Log Co", custom: { note: "QQQQQQ" } });
  const image = engine.exportImage();
  engine.close();
  const from = new TextEncoder().encode('{"note":"QQQQQQ"}');
  let replaced = 0;
  for (let i = 0; i + from.length <= image.length; i++) {
    if (from.every((b, k) => image[i + k] === b)) {
      image[i] = "[".charCodeAt(0);
      replaced++;
    }
  }
  assert.ok(replaced > 0, "the stored value is in the image");
  return { image, id };
}

/** An `imports.run` request of `rows` generated customers named "`prefix` n" (LIFE-1). */
export function importRequest(rows, prefix) {
  const lines = Array.from({ length: rows }, (_, i) => `${prefix} ${i + 1},0755-8${String(i + 1).padStart(7, "0")}\n`);
  return {
    entity: "customers",
    format: "csv",
    text: `name,phone\n${lines.join("")}`,
    mapping: { columns: { name: "name", phone: "phone" } },
    mode: "skip_invalid",
  };
}

/** Checks a call's progress reports: items rising to `rows`, done within total. */
export function assertProgress(reports, rows) {
  const items = reports.map((p) => p.items);
  assert.ok(items.length >= 3, `progress reported more than once: ${items}`);
  assert.ok(items.every((n, i) => i === 0 || n > items[i - 1]), `items rise: ${items}`);
  assert.equal(items.at(-1), rows, "the last report counts every row");
  assert.ok(reports.every((p) => p.done <= p.total && p.total > 0), "done within total");
}
