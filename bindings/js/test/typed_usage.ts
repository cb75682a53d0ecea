// A typed usage sample: `tsc --noEmit` checks it against the package's types (it is not run).
import { init, RapportEngine, isRapportError } from "@rapport/engine";
import type {
  Customer,
  CustomerDraft,
  DemoOptions,
  DemoSummary,
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

  const image: Uint8Array = engine.exportImage();
  RapportEngine.openImage(image).close();
  return customer;
}
