// In the page: RapportWorker opens engines inside a dedicated worker (one that runs serveRapport() from
// worker.js) and RemoteEngine calls them, each call a Promise. This file loads no WebAssembly itself.
import { rapportError } from "./errors.js";
import { typedClient } from "./client.js";

const PROTOCOL = 1;

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

  /** Ends the worker (its open databases close with it); pending and later calls reject with `misuse`. */
  terminate() {
    this.#worker.terminate();
    this.#fail(rapportError("misuse", "the Rapport worker was terminated"));
  }

  /** Posts one request; settles with the worker's answer. */
  #send = (op, handle, args) => {
    if (this.#failure) return Promise.reject(this.#failure);
    const id = this.#nextId++;
    return new Promise((resolve, reject) => {
      this.#pending.set(id, { resolve, reject });
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
    this.#pending.delete(message.id);
    if (message.ok) {
      pending.resolve(message.value);
    } else {
      const { code, message: text, field, items } = message.error;
      pending.reject(Object.assign(rapportError(code, text, field), items ? { items } : {}));
    }
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
