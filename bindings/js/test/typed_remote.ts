// A typed usage sample of the worker API (page side and worker side): `tsc --noEmit` checks it (it is not run).
import { RapportEngine } from "@rapport/engine";
import type { Customer, ImportReport, Page_of_Customer } from "@rapport/engine";
import { RapportWorker } from "@rapport/engine/remote";
import type { RapportAsyncClient, RemoteEngine } from "@rapport/engine/remote";
import { serveRapport } from "@rapport/engine/worker";

export async function page(): Promise<Customer> {
  const rapport = new RapportWorker(new Worker(new URL("./rapport.worker.js", import.meta.url), { type: "module" }));
  const saved: Uint8Array = new Uint8Array(0);
  await rapport.importOpfs("crm", saved);
  const engine: RemoteEngine = await rapport.openOpfs("crm", { test_mode: { start: "2026-03-02T01:00:00Z" } });
  const names: string[] = await rapport.listOpfs();
  void names;
  const rep: RapportAsyncClient = engine.as("rep-id");
  const customer: Customer = await rep.customers.create({ name: "深圳华强科技有限公司", region: "44/4403" });
  const list: Page_of_Customer = await engine.call("rep-id", "customers.list", { limit: 20 });
  void list;
  // @ts-expect-error: answers are Promises in the page.
  const notAwaited: Customer = rep.customers.get({ id: customer.id });
  void notAwaited;
  // @ts-expect-error: `name` is required.
  await rep.customers.create({ region: "44" });
  const cancellable: boolean = rapport.canCancel;
  const report: ImportReport = await engine.callWithProgress(null, "imports.run", { entity: "customers", text: "name\nA\n" }, (p) =>
    p.items < 1000 || !cancellable,
  );
  const fromFile: ImportReport = await engine.importBytes(null, { entity: "customers" }, new Uint8Array(0));
  void [report, fromFile];
  const image: Uint8Array = await engine.exportImage();
  await engine.close();
  const deleted: boolean = await rapport.deleteOpfs("crm");
  void deleted;
  void image;
  rapport.terminate();
  return customer;
}

/** Inside a worker: the engine can also be used directly there. */
export async function inWorker(): Promise<void> {
  serveRapport();
  await RapportEngine.importOpfs("local", new Uint8Array(0));
  const engine: RapportEngine = await RapportEngine.openOpfs("local");
  const names: string[] = await RapportEngine.listOpfs();
  void names;
  engine.close();
  const existed: boolean = await RapportEngine.deleteOpfs("local");
  void existed;
}
