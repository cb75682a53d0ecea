// The page's side of a Rapport worker: RapportWorker opens engines in a dedicated worker, RemoteEngine calls them.
import type {
  DemoOptions,
  DemoSummary,
  ImportReport,
  MethodName,
  OpenOptions,
  RapportClient,
  RapportMethods,
} from "./generated/api.js";
import type { ErrorReport, ImportBytesRequest, OnProgress } from "./index.js";

/** What RapportWorker needs of a Worker (the DOM `Worker` fits). */
export interface WorkerLike {
  postMessage(message: unknown): void;
  addEventListener(type: "message" | "error", listener: (event: any) => void): void;
  terminate(): void;
}

/** The typed client of one actor with every answer as a Promise: `await remote.as(id).customers.list({})`. */
export type RapportAsyncClient = {
  [Module in keyof RapportClient]: {
    [Verb in keyof RapportClient[Module]]: RapportClient[Module][Verb] extends (...args: infer A) => infer R
      ? (...args: A) => Promise<R>
      : never;
  };
};

/** The page's end of one worker whose script calls `serveRapport()`. Failures reject with a RapportError. */
export declare class RapportWorker {
  constructor(worker: WorkerLike);
  /** The database `name` in OPFS inside the worker: kept across reloads. */
  openOpfs(name: string, options?: OpenOptions): Promise<RemoteEngine>;
  /** A private in-memory database inside the worker. */
  openInMemory(options?: OpenOptions): Promise<RemoteEngine>;
  /** An in-memory database inside the worker holding a copy of `image`. */
  openImage(image: Uint8Array, options?: OpenOptions): Promise<RemoteEngine>;
  /** Writes `image` into OPFS inside the worker as the new database `name` (`conflict` if it exists). */
  importOpfs(name: string, image: Uint8Array): Promise<void>;
  /** Deletes the OPFS database `name` (close its engine first); resolves whether it existed. */
  deleteOpfs(name: string): Promise<boolean>;
  /** The names of the databases in OPFS. */
  listOpfs(): Promise<string[]>;
  /** Installs the worker's error hook (`null` removes it): each internal or I/O failure there, with its causes. */
  setErrorHook(hook: ((report: ErrorReport) => void) | null): Promise<void>;
  /**
   * Whether a progress callback's `false` can cancel work in the worker: it needs memory shared with the worker
   * (Node; a browser page served cross-origin isolated). Without it reports still arrive but cannot cancel.
   */
  readonly canCancel: boolean;
  /** Ends the worker; pending and later calls reject with `misuse`. */
  terminate(): void;
}

/** One database open inside the worker: RapportEngine's methods, answering Promises. */
export declare class RemoteEngine {
  private constructor();
  /** Runs `method` for `actor` (`null`: the host as `system`). */
  call<M extends MethodName>(
    actor: string | null,
    method: M,
    params: RapportMethods[M]["request"],
  ): Promise<RapportMethods[M]["response"]>;
  /** Like `call`, with JSON text in and out. */
  callJson(actor: string | null, method: MethodName, requestJson?: string): Promise<string>;
  /**
   * `call` for long work: the worker's reports reach `onProgress` in the page. With `canCancel` the worker waits
   * for each answer and `false` (or a throw) cancels there, rejecting with `cancelled` and keeping nothing.
   */
  callWithProgress<M extends MethodName>(
    actor: string | null,
    method: M,
    params: RapportMethods[M]["request"],
    onProgress?: OnProgress,
  ): Promise<RapportMethods[M]["response"]>;
  /** Decodes a file's bytes in the page (see `decodeImportText`) and imports the text in the worker. */
  importBytes(
    actor: string | null,
    request: ImportBytesRequest,
    bytes: ArrayBuffer | ArrayBufferView,
    onProgress?: OnProgress,
  ): Promise<ImportReport>;
  /** The typed client of one actor. */
  as(actor: string | null): RapportAsyncClient;
  /** The whole database as a SQLite image. */
  exportImage(): Promise<Uint8Array>;
  /** Seeds the demo organisation inside the worker. */
  seedDemo(options?: DemoOptions): Promise<DemoSummary>;
  /** Whether the demo organisation is in this database. */
  isDemoSeeded(): Promise<boolean>;
  /** Closes the database in the worker; later calls reject with `misuse`. */
  close(): Promise<void>;
}
