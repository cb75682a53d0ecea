// Inside a dedicated worker: serves engines to the page's RapportWorker (remote.js) over postMessage.
//
// The worker script is one line, `import { serveRapport } from "@rapport/engine/worker"; serveRapport();`.
// Messages are handled one at a time, in order (an OPFS open awaits; later calls wait for it). Only messages
// tagged `rapport: 1` are read, so the worker can carry the page's own messages too.
import { init, RapportEngine, rapportError, isRapportError, setErrorHook } from "./index.js";

/** The protocol tag and version of every message both ways. */
export const PROTOCOL = 1;

/** The slots of a progress call's shared Int32Array (see remote.js): reports the page answered, its cancel. */
const ANSWERED = 0;
const CANCEL = 1;

/** Answers the page's requests on `scope` (the worker's global scope by default) until the worker ends. */
export function serveRapport(scope = globalThis) {
  const engines = new Map();
  let nextHandle = 1;
  let queue = Promise.resolve();

  /** The engine of `handle`, or `misuse` when it was closed (or never opened here). */
  const engineOf = (handle) => {
    const engine = engines.get(handle);
    if (!engine) throw rapportError("misuse", "the engine is closed");
    return engine;
  };
  const keep = (engine) => {
    const handle = nextHandle++;
    engines.set(handle, engine);
    return handle;
  };

  const operations = {
    openInMemory: (_, [options]) => keep(RapportEngine.openInMemory(options)),
    openImage: (_, [image, options]) => keep(RapportEngine.openImage(image, options)),
    openOpfs: async (_, [name, options]) => keep(await RapportEngine.openOpfs(name, options)),
    importOpfs: async (_, [name, image]) => {
      await RapportEngine.importOpfs(name, image);
      return null;
    },
    deleteOpfs: (_, [name]) => RapportEngine.deleteOpfs(name),
    listOpfs: () => RapportEngine.listOpfs(),
    call: (handle, [actor, method, params]) => engineOf(handle).call(actor, method, params),
    callJson: (handle, [actor, method, requestJson]) => engineOf(handle).callJson(actor, method, requestJson),
    callWithProgress: (handle, [actor, method, params, shared], id) =>
      engineOf(handle).callWithProgress(actor, method, params, progressToPage(scope, id, shared)),
    exportImage: (handle) => engineOf(handle).exportImage(),
    seedDemo: (handle, [options]) => engineOf(handle).seedDemo(options),
    isDemoSeeded: (handle) => engineOf(handle).isDemoSeeded(),
    // The page's RapportWorker.setErrorHook: failures reported in this worker are posted to the page.
    watchErrors: (_, [on]) => {
      setErrorHook(on ? (report) => scope.postMessage({ rapport: PROTOCOL, errorReport: report }) : null);
      return null;
    },
    close: (handle) => {
      engines.get(handle)?.close();
      engines.delete(handle);
      return null;
    },
  };

  async function answer({ id, op, handle, args }) {
    try {
      await init();
      const run = Object.hasOwn(operations, op) ? operations[op] : null;
      if (!run) throw rapportError("misuse", `the worker has no operation '${op}'`);
      const value = await run(handle, Array.isArray(args) ? args : [], id);
      // An image (a Uint8Array owning its whole buffer) moves to the page instead of being copied.
      const owned = value instanceof Uint8Array && value.byteOffset === 0 && value.byteLength === value.buffer.byteLength;
      const transfer = owned ? [value.buffer] : [];
      scope.postMessage({ rapport: PROTOCOL, id, ok: true, value }, transfer);
    } catch (e) {
      scope.postMessage({ rapport: PROTOCOL, id, ok: false, error: errorFields(e) });
    }
  }

  scope.addEventListener("message", (event) => {
    const message = event.data;
    if (message?.rapport !== PROTOCOL || message.hello || message.errorReport) return;
    queue = queue.then(() => answer(message));
  });
  // Tells the page the worker runs: from now on an error event is the application's, not a failed start.
  scope.postMessage({ rapport: PROTOCOL, hello: true });
}

/**
 * The engine's progress callback for the call `id`: posts each report to the page. With `shared` (an Int32Array
 * over a SharedArrayBuffer) it then waits for the page's answer to that report, so the page's `false` cancels
 * right there, as it would in the page's own engine: the call runs synchronously, so no message could reach
 * this worker before it ends. Without shared memory the reports only inform.
 */
function progressToPage(scope, id, shared) {
  const isShared = typeof SharedArrayBuffer === "function" && shared?.buffer instanceof SharedArrayBuffer;
  const state = isShared && shared instanceof Int32Array ? shared : null;
  let sent = 0;
  return (progress) => {
    scope.postMessage({ rapport: PROTOCOL, id, progress });
    if (!state) return true;
    sent += 1;
    while (Atomics.load(state, ANSWERED) < sent) Atomics.wait(state, ANSWERED, sent - 1);
    return Atomics.load(state, CANCEL) === 0;
  };
}

/** A RapportError's fields for the page; any other error (a bug) is `internal`. */
function errorFields(e) {
  if (isRapportError(e)) {
    const fields = { code: e.code, message: e.message, field: e.field ?? null };
    if (e.items) fields.items = e.items;
    return fields;
  }
  return { code: "internal", message: `the worker failed: ${e?.message ?? String(e)}`, field: null };
}
