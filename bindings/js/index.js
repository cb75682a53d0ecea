// Rapport for JavaScript: the RapportEngine class and the typed client over the WebAssembly module (no domain logic).
//
// `await init()` once (it loads pkg/rapport_wasm_bg.wasm next to this file, in Node and in browsers),
// then open engines. Errors are `Error`s with name "RapportError", a stable `code` and the `field`.
import initModule, {
  RawEngine,
  libversion,
  schemaVersion,
  takePanicMessage,
  setErrorHook as setRawErrorHook,
  reportedErrorCount,
} from "./pkg/rapport_wasm.js";
import { METHOD_NAMES } from "./generated/methods.js";
import { rapportError, isRapportError, callbackThrew } from "./errors.js";
import { typedClient } from "./client.js";
import { decodeImportText, importRequest } from "./text.js";

export { METHOD_NAMES, decodeImportText };

let loading = null;

/** Loads the WebAssembly module (once). `source`: the .wasm as bytes, URL, Response or Module; default: next to this file. */
export function init(source) {
  loading ??= (async () => {
    let module_or_path = source;
    if (module_or_path === undefined && globalThis.process?.versions?.node) {
      const { readFile } = await import("node:fs/promises");
      module_or_path = await readFile(new URL("./pkg/rapport_wasm_bg.wasm", import.meta.url));
    }
    await initModule(module_or_path === undefined ? undefined : { module_or_path });
  })();
  return loading;
}

/** The library version (`"0.1.0"`). */
export function version() {
  return libversion();
}

/** The schema version this build writes. */
export { schemaVersion };

/**
 * Installs the error hook of this module instance (`null` removes it): `hook({code, causes})` is called with
 * each internal or I/O failure and its causes, outermost first, before the failing call throws a
 * RapportError that carries no internals. In a worker, install it there (`RapportWorker.setErrorHook`).
 */
export function setErrorHook(hook) {
  if (hook !== null && hook !== undefined && typeof hook !== "function") {
    throw rapportError("validation", "the error hook must be a function or null", "hook");
  }
  setRawErrorHook(hook ?? null);
}

/** How many internal and I/O failures this module instance has reported. */
export { reportedErrorCount };

export { rapportError, isRapportError };

/** Runs `open` (a static RawEngine constructor), turning a panic into a RapportError. */
function openRaw(open) {
  try {
    return open();
  } catch (e) {
    throw panicError(e) ?? e;
  }
}

/** `openRaw` for the asynchronous constructors. */
async function openRawAsync(open) {
  try {
    return await open();
  } catch (e) {
    throw panicError(e) ?? e;
  }
}

// After a reload the previous page's worker may hold the OPFS files for a moment: `busy` is retried.
const OPFS_BUSY_RETRIES = 10;
const OPFS_BUSY_WAIT_MS = 200;

/** Refuses an OPFS database name that is not a string (the engine checks the rest). */
function opfsName(name) {
  if (typeof name !== "string") throw rapportError("validation", "the OPFS database name must be a string", "name");
  return name;
}

/** The RapportError for a WebAssembly trap (a panic aborts the call), or null for any other error. */
function panicError(e) {
  if (!(e instanceof WebAssembly.RuntimeError)) return null;
  const detail = takePanicMessage() ?? e.message;
  return rapportError("internal", `the engine panicked (${detail}); this instance is unusable, reopen the database`);
}

/**
 * Runs a raw call with `report(items, done, total)` over the host's `onProgress({items, done, total})`: `false`
 * or a throw cancels; after a throw the call fails with `cancelled` whose `cause` is what was thrown.
 */
function progressReporter(onProgress) {
  if (onProgress != null && typeof onProgress !== "function") {
    throw rapportError("validation", "onProgress must be a function", "onProgress");
  }
  let thrown = null;
  const report = (items, done, total) => {
    try {
      return onProgress?.({ items, done, total }) !== false;
    } catch (e) {
      thrown ??= { value: e };
      return false;
    }
  };
  return (run) => {
    try {
      return run(report);
    } catch (e) {
      if (!thrown || e?.code !== "cancelled") throw e;
      throw callbackThrew(thrown.value);
    }
  };
}

/** One open database. Calls are synchronous; in a page, run long ones (seeding) in a worker if the UI must stay live. */
export class RapportEngine {
  #raw;
  #failure = null;
  #busy = false;

  /** Use the static `open*` functions. */
  constructor(raw) {
    if (!(raw instanceof RawEngine)) throw rapportError("misuse", "use RapportEngine.openInMemory, openImage or openOpfs");
    this.#raw = raw;
  }

  /** A private in-memory database. `options`: the open options (`{test_mode: {start, step_ms, id_seed}}`). */
  static openInMemory(options) {
    return new RapportEngine(openRaw(() => RawEngine.openInMemory(options)));
  }

  /** An in-memory database holding a copy of `image` (a Uint8Array from `exportImage`, or any Rapport SQLite file). */
  static openImage(image, options) {
    return new RapportEngine(openRaw(() => RawEngine.openImage(image, options)));
  }

  /**
   * The database `name` in the origin private file system (OPFS), opened or created: data that survives
   * reloads, written as the engine commits. Only in a dedicated worker (elsewhere: `misuse`); one engine
   * per name at a time. Installs the OPFS pool on first use, retrying `busy` for about two seconds while
   * another worker (the page before a reload) still holds its files.
   */
  static async openOpfs(name, options) {
    opfsName(name);
    await init();
    for (let attempt = 0; ; attempt++) {
      try {
        return new RapportEngine(await openRawAsync(() => RawEngine.openOpfs(name, options)));
      } catch (e) {
        if (e?.code !== "busy" || attempt >= OPFS_BUSY_RETRIES) throw e;
        await new Promise((resolve) => setTimeout(resolve, OPFS_BUSY_WAIT_MS));
      }
    }
  }

  /**
   * Writes `image` (a Uint8Array from `exportImage`, e.g. kept in IndexedDB until now) into OPFS as the
   * new database `name`; open it with `openOpfs(name)`. `conflict` when `name` exists. Dedicated workers only.
   */
  static async importOpfs(name, image) {
    opfsName(name);
    if (!(image instanceof Uint8Array)) throw rapportError("validation", "the image must be a Uint8Array", "image");
    await init();
    return openRawAsync(() => RawEngine.importOpfs(name, image));
  }

  /** Deletes the OPFS database `name` (close it first); answers whether it existed. Dedicated workers only. */
  static async deleteOpfs(name) {
    await init();
    return openRawAsync(() => RawEngine.deleteOpfs(opfsName(name)));
  }

  /** The names of the databases in OPFS. Dedicated workers only. */
  static async listOpfs() {
    await init();
    return openRawAsync(() => RawEngine.listOpfs());
  }

  /** Runs `method` for `actor` (a user id; `null` is the host acting as `system`) with a plain-object request. */
  call(actor, method, params) {
    return this.#use((raw) => raw.call(actor ?? null, method, params));
  }

  /**
   * `call` for long work (`imports.run`, ...): `onProgress({items, done, total})` is called every 1,000 items and
   * at the end. Returning `false` cancels: the call throws a `cancelled` RapportError and keeps nothing; so does
   * a throw (then the error's `cause`). The callback must not use this engine. Other methods run as `call`.
   */
  callWithProgress(actor, method, params, onProgress) {
    const withProgress = progressReporter(onProgress);
    return this.#use((raw) =>
      this.#reporting(() => withProgress((report) => raw.callWithProgress(actor ?? null, method, params, report))),
    );
  }

  /**
   * Imports a file's bytes (`await file.arrayBuffer()`, a Uint8Array): decoded with the platform's TextDecoder
   * by `request.encoding` (`utf8`, a byte order mark skipped; `gbk`; `gb18030`), then `imports.run` with the
   * text and `onProgress` as in `callWithProgress`. Undecodable bytes are a `validation` error on `text`.
   */
  importBytes(actor, request, bytes, onProgress) {
    return this.callWithProgress(actor, "imports.run", importRequest(request, bytes), onProgress);
  }

  /** Like `call`, with the request and the answer as JSON text. */
  callJson(actor, method, requestJson) {
    return this.#use((raw) => raw.callJson(actor ?? null, method, requestJson ?? "{}"));
  }

  /** The typed client of one actor: `engine.as(userId).customers.create({...})`. */
  as(actor) {
    return typedClient((method, params) => this.call(actor, method, params));
  }

  /** The whole database as a SQLite image (Uint8Array, `journal_mode = DELETE`): store it in IndexedDB, reopen with `openImage`. */
  exportImage() {
    return this.#use((raw) => raw.exportImage());
  }

  /** Seeds the demo organisation with the engine's own seeder (`{customers: 300, seed: 1}`); answers what it wrote. */
  seedDemo(options) {
    return this.#use((raw) => raw.seedDemo(options));
  }

  /** Whether the demo organisation is already in this database. */
  isDemoSeeded() {
    return this.#use((raw) => raw.isDemoSeeded());
  }

  /** Frees the database. Later calls throw `misuse`. */
  close() {
    if (this.#busy) throw rapportError("misuse", "the engine is running long work: its progress callback must not close it");
    if (this.#raw && !this.#failure) this.#raw.free();
    this.#raw = null;
  }

  /** Panics on purpose (tests of the panic path only). */
  _panicForTests() {
    return this.#use((raw) => raw.panicForTests());
  }

  /** Runs `f` with the engine marked busy with long work, which a progress callback must not call. */
  #reporting(f) {
    this.#busy = true;
    try {
      return f();
    } finally {
      this.#busy = false;
    }
  }

  #use(f) {
    if (this.#failure) throw rapportError("internal", this.#failure.message);
    if (!this.#raw) throw rapportError("misuse", "the engine is closed");
    if (this.#busy) throw rapportError("misuse", "the engine is running long work: its progress callback must not call it");
    try {
      return f(this.#raw);
    } catch (e) {
      const panic = panicError(e);
      if (!panic) throw e;
      // The module's state for this instance is unknown after a trap: never touch it again.
      this.#failure = panic;
      throw panic;
    }
  }
}
