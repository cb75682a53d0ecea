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
