// A typed usage sample: `tsc --noEmit` checks it against the package's types (it is not run).
import { init, RapportEngine, isRapportError, decodeImportText } from "@rapport/engine";
import type {
  Customer,
  CustomerDraft,
  DemoOptions,
  DemoSummary,
  ImportReport,
  Progress,
  Opportunity,
  Page_of_Customer,
  RapportClient,
} from "@rapport/engine";

export async function sample(): Promise<Customer> {
  await init();
  const engine: RapportEngine = RapportEngine.openInMemory({ test_mode: { start: "2026-03-02T01:00:00Z" } });
  const system: RapportClient = engine.as(null);
  const department = system.departments.create({ name: "华南销售部" });
  const rep = system.users.create({ name: "王芳", department_id: department.id, roles: ["sales_rep"] });

  const draft: CustomerDraft = { name: "深圳华强科技有限公司", region: "44/4403" };
  const customer: Customer = engine.as(rep.id).customers.create(draft);
  const page: Page_of_Customer = engine.call(rep.id, "customers.list", { limit: 20 });
  const codes: string[] = page.items.map((c) => c.code);
  const next: string | null | undefined = page.next_cursor;

  const moved: Opportunity | undefined = undefined;
  void moved;
  void codes;
  void next;

  // @ts-expect-error: `name` is required.
  engine.as(rep.id).customers.create({ region: "44" });
  // @ts-expect-error: no such field on the request (`deny_unknown_fields`-style checks also happen in the engine).
  engine.as(rep.id).customers.get({ id: customer.id, nope: 1 });
  // @ts-expect-error: no such method.
  engine.as(rep.id).customers.explode({});
  // @ts-expect-error: a typo in the method name of `call`.
  engine.call(rep.id, "customers.craete", { name: "x" });

  try {
    engine.call(rep.id, "customers.get", { id: "missing" });
  } catch (e) {
    if (isRapportError(e) && e.code === "not_found") {
      const field: string | null = e.field;
      void field;
    }
  }
  // The demo's options and summary are generated from the seeder's own Rust types.
  const demo: DemoOptions = { customers: 300 };
  const summary: DemoSummary = engine.seedDemo(demo);
  const written: number = summary.orders + summary.receipts + summary.value_models + summary.leads_assigned;
  void written;
  // @ts-expect-error: no such demo option.
  engine.seedDemo({ clients: 300 });

  // LIFE-1: long work with progress; a file's bytes decoded by the platform.
  const seen: Progress[] = [];
  const imported: ImportReport = engine.callWithProgress(
    null,
    "imports.run",
    { entity: "customers", text: "name\n华强\n" },
    (p) => seen.push(p) < 10,
  );
  const bytes = new Uint8Array(await new Blob(["name\n华强\n"]).arrayBuffer());
  const fromFile: ImportReport = engine.importBytes(null, { entity: "customers", encoding: "gbk" }, bytes, (p) => {
    void p.done;
  });
  const text: string = decodeImportText(bytes, "utf8");
  void [imported, fromFile, text];
  // @ts-expect-error: the text comes from the bytes.
  engine.importBytes(null, { entity: "customers", text: "x" }, bytes);
  // @ts-expect-error: no such encoding.
  decodeImportText(bytes, "latin1");

  const image: Uint8Array = engine.exportImage();
  RapportEngine.openImage(image).close();
  return customer;
}
