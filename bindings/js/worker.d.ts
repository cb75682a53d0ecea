// Inside a dedicated worker: serve engines to the page's RapportWorker.

/** The protocol version both sides tag their messages with. */
export declare const PROTOCOL: 1;

/** What serveRapport needs of the worker's global scope (the default). */
export interface WorkerScopeLike {
  postMessage(message: unknown, transfer?: unknown[]): void;
  addEventListener(type: "message", listener: (event: { data: unknown }) => void): void;
}

/** Answers the page's RapportWorker requests until the worker ends: `serveRapport();` is the whole worker script. */
export declare function serveRapport(scope?: WorkerScopeLike): void;
