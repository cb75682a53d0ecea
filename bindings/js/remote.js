// In the page: RapportWorker opens engines inside a dedicated worker (one that runs serveRapport() from
// worker.js) and RemoteEngine calls them, each call a Promise. This file loads no WebAssembly itself.
import { rapportError, callbackThrew } from "./errors.js";
import { typedClient } from "./client.js";
import { importRequest } from "./text.js";

const PROTOCOL = 1;
/** The slots of a progress call's shared Int32Array (see worker.js): reports answered, cancel. */
const ANSWERED = 0;
const CANCEL = 1;

/**
 * Whether this page can share memory with its worker (Node; a browser page only when cross-origin isolated,
 * served with `Cross-Origin-Opener-Policy: same-origin` and `Cross-Origin-Embedder-Policy: require-corp`).
 */
function canShareMemory() {
  return typeof SharedArrayBuffer === "function" && globalThis.crossOriginIsolated !== false;
}

/** The page's end of one worker: opens engines there (in OPFS, in memory, from an image) and lists OPFS databases. */
export class RapportWorker {
  #worker;
  #pending = new Map();
  #nextId = 1;
  #started = false;
  #failure = null;
  #errorHook = null;

  /** `worker`: a module Worker whose script calls `serveRapport()`. */
  constructor(worker) {
    if (typeof worker?.postMessage !== "function" || typeof worker?.addEventListener !== "function") {
      throw rapportError("misuse", "RapportWorker needs a Worker whose script calls serveRapport()");
    }
    this.#worker = worker;
    worker.addEventListener("message", (event) => this.#settle(event.data));
    // Before serveRapport() has said hello, an error means the script did not load or threw: nothing will
    // ever answer. Later errors belong to the application's own code in the worker and are left to it.
    worker.addEventListener("error", (event) => {
      if (!this.#started) {
        this.#fail(rapportError("io", `the Rapport worker did not start: ${event.message || "its script failed to load"}`));
      }
    });
  }

  /** The database `name` in OPFS inside the worker (see `RapportEngine.openOpfs`). */
  async openOpfs(name, options) {
    return new RemoteEngine(this.#send, await this.#send("openOpfs", null, [name, options]));
  }

  /** A private in-memory database inside the worker. */
  async openInMemory(options) {
    return new RemoteEngine(this.#send, await this.#send("openInMemory", null, [options]));
  }

  /** An in-memory database inside the worker holding a copy of `image`. */
  async openImage(image, options) {
    return new RemoteEngine(this.#send, await this.#send("openImage", null, [image, options]));
  }

  /** Writes `image` into OPFS inside the worker as the new database `name`; then `openOpfs(name)`. */
  async importOpfs(name, image) {
    await this.#send("importOpfs", null, [name, image]);
  }

  /** Deletes the OPFS database `name` (close its engine first); answers whether it existed. */
  deleteOpfs(name) {
    return this.#send("deleteOpfs", null, [name]);
  }

  /** The names of the databases in OPFS. */
  listOpfs() {
    return this.#send("listOpfs", null, []);
  }

  /**
   * Installs the worker's error hook (`null` removes it): `hook({code, causes})` runs in the page for each
   * internal or I/O failure inside the worker, with its causes (see `setErrorHook` of the package).
   */
  async setErrorHook(hook) {
    if (hook !== null && hook !== undefined && typeof hook !== "function") {
      throw rapportError("validation", "the error hook must be a function or null", "hook");
    }
    this.#errorHook = hook ?? null;
    await this.#send("watchErrors", null, [this.#errorHook !== null]);
  }

  /**
   * Whether a progress callback's `false` can cancel long work in the worker: only with shared memory (see
   * `RemoteEngine.callWithProgress`). Without it the reports still arrive, and the work runs to its end.
   */
  get canCancel() {
    return canShareMemory();
  }

  /** Ends the worker (its open databases close with it); pending and later calls reject with `misuse`. */
  terminate() {
    this.#worker.terminate();
    this.#fail(rapportError("misuse", "the Rapport worker was terminated"));
  }

  /**
   * Posts one request; settles with the worker's answer. With `onProgress`, the worker's progress reports are
   * passed to it and, with shared memory, each is answered through an Int32Array appended to the arguments.
   */
  #send = (op, handle, args, onProgress) => {
    if (this.#failure) return Promise.reject(this.#failure);
    if (onProgress != null && typeof onProgress !== "function") {
      return Promise.reject(rapportError("validation", "onProgress must be a function", "onProgress"));
    }
    const id = this.#nextId++;
    const shared = onProgress && canShareMemory() ? new Int32Array(new SharedArrayBuffer(8)) : null;
    if (onProgress) args = [...args, shared];
    return new Promise((resolve, reject) => {
      this.#pending.set(id, { resolve, reject, onProgress, shared, thrown: null });
      try {
        this.#worker.postMessage({ rapport: PROTOCOL, id, op, handle, args });
      } catch (e) {
        this.#pending.delete(id);
        reject(rapportError("malformed_request", `the request cannot be sent to the worker (${e?.message ?? e})`));
      }
    });
  };

  #settle(message) {
    if (message?.rapport !== PROTOCOL) return;
    if (message.hello) {
      this.#started = true;
      return;
    }
    if (message.errorReport) {
      try {
        this.#errorHook?.(message.errorReport);
      } catch {
        // A failing hook does not break the protocol.
      }
      return;
    }
    const pending = this.#pending.get(message.id);
    if (!pending) return;
    if (message.progress) {
      this.#progress(pending, message.progress);
      return;
    }
    this.#pending.delete(message.id);
    if (message.ok) {
      pending.resolve(message.value);
    } else {
      const { code, message: text, field, items } = message.error;
      if (pending.thrown && code === "cancelled") pending.reject(callbackThrew(pending.thrown.value));
      else pending.reject(Object.assign(rapportError(code, text, field), items ? { items } : {}));
    }
  }

  /** One progress report of a pending call: the page's callback decides, and the waiting worker is told. */
  #progress(pending, progress) {
    let goOn = true;
    try {
      goOn = pending.onProgress?.(progress) !== false;
    } catch (e) {
      pending.thrown ??= { value: e };
      goOn = false;
    }
    const shared = pending.shared;
    if (!shared) return;
    if (!goOn) Atomics.store(shared, CANCEL, 1);
    Atomics.add(shared, ANSWERED, 1);
    Atomics.notify(shared, ANSWERED);
  }

  #fail(error) {
    this.#failure = error;
    for (const { reject } of this.#pending.values()) reject(error);
    this.#pending.clear();
  }
}

/** One database open inside the worker: RapportEngine's methods, each answering a Promise. */
export class RemoteEngine {
  #send;
  #handle;

  /** Use `RapportWorker`'s `open*` methods. */
  constructor(send, handle) {
    if (typeof send !== "function") throw rapportError("misuse", "use RapportWorker.openOpfs, openInMemory or openImage");
    this.#send = send;
    this.#handle = handle;
  }

  /** Runs `method` for `actor` (`null`: the host as `system`) with a plain-object request. */
  call(actor, method, params) {
    return this.#send("call", this.#handle, [actor ?? null, method, params]);
  }

  /** Like `call`, with the request and the answer as JSON text. */
  callJson(actor, method, requestJson) {
    return this.#send("callJson", this.#handle, [actor ?? null, method, requestJson]);
  }

  /**
   * `call` for long work (`imports.run`, ...): the worker's reports reach `onProgress({items, done, total})` here.
   * With shared memory (`RapportWorker.canCancel`) the worker waits for each answer, and `false` (or a throw,
   * then the error's `cause`) cancels there: the call rejects with `cancelled`, keeping nothing. Without it a
   * cancel cannot reach the worker's running call (it blocks the worker), so the work runs to its end.
   */
  callWithProgress(actor, method, params, onProgress) {
    return this.#send("callWithProgress", this.#handle, [actor ?? null, method, params], onProgress);
  }

  /** `RapportEngine.importBytes` in the worker: the bytes are decoded here, the text imported there. */
  async importBytes(actor, request, bytes, onProgress) {
    return this.callWithProgress(actor, "imports.run", importRequest(request, bytes), onProgress);
  }

  /** The typed client of one actor: `await engine.as(userId).customers.create({...})`. */
  as(actor) {
    return typedClient((method, params) => this.call(actor, method, params));
  }

  /** The whole database as a SQLite image (a Uint8Array moved from the worker). */
  exportImage() {
    return this.#send("exportImage", this.#handle, []);
  }

  /** Seeds the demo organisation inside the worker; answers what it wrote. */
  seedDemo(options) {
    return this.#send("seedDemo", this.#handle, [options]);
  }

  /** Whether the demo organisation is in this database. */
  isDemoSeeded() {
    return this.#send("isDemoSeeded", this.#handle, []);
  }

  /** Closes the database in the worker (an OPFS name is free again); later calls reject with `misuse`. */
  close() {
    return this.#send("close", this.#handle, []);
  }
}
