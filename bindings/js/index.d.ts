// Rapport for JavaScript: public types of the package. DTO types, the client and the open and demo options are
// generated from the Rust types (generated/api.d.ts).
import type {
  DemoOptions,
  DemoSummary,
  ErrorCode,
  ImportReport,
  ImportRequest,
  ItemError,
  JsonValue,
  MethodName,
  OpenOptions,
  RapportClient,
  RapportMethods,
  TextEncoding,
} from "./generated/api.js";

export type * from "./generated/api.js";

/** Every method name, in registry order. */
export declare const METHOD_NAMES: readonly MethodName[];

/** The error every call throws: `name === "RapportError"`, a stable `code`, the offending `field`. */
export interface RapportError extends Error {
  name: "RapportError";
  code: ErrorCode;
  field: string | null;
  /** For a batch refused as a whole: every rejected item. */
  items?: ItemError[];
}

/** Loads the WebAssembly module once; default: the .wasm next to this package's index.js. */
export declare function init(source?: unknown): Promise<void>;
/** The library version. */
export declare function version(): string;
/** The schema version this build writes. */
export declare function schemaVersion(): number;
/** One failure the engine reported to the error hook: `internal` or `io`, and its causes, outermost first. */
export interface ErrorReport {
  code: "internal" | "io";
  causes: string[];
}
/**
 * Installs this module instance's error hook (`null` removes it): called with each internal or I/O failure
 * and its causes before the failing call throws a RapportError that carries no internals.
 */
export declare function setErrorHook(hook: ((report: ErrorReport) => void) | null): void;
/** How many internal and I/O failures this module instance has reported. */
export declare function reportedErrorCount(): number;
/** Makes an error of the same shape as the engine's. */
export declare function rapportError(code: ErrorCode, message: string, field?: string | null): RapportError;
/** Whether `e` is an error the engine reported. */
export declare function isRapportError(e: unknown): e is RapportError;

/** How far long work has come: items handled (rows read by an import), `done` of `total` (bytes of its source). */
export interface Progress {
  items: number;
  done: number;
  total: number;
}
/** A progress callback: `false` cancels the call (it throws `cancelled`, keeping nothing); anything else goes on. */
export type OnProgress = (progress: Progress) => boolean | void;
/** `imports.run`'s request for `importBytes`: the text comes from the bytes. */
export type ImportBytesRequest = Omit<ImportRequest, "text" | "path">;
/**
 * A file's bytes as text for `imports.run`, decoded with the platform's TextDecoder (`utf8` with a byte order mark
 * skipped, `gbk`, `gb18030`); undecodable bytes throw a `validation` RapportError with field `text`.
 */
export declare function decodeImportText(bytes: ArrayBuffer | ArrayBufferView, encoding?: TextEncoding): string;

/** One open database; calls are synchronous (run them in a worker to keep a page responsive: see `remote`). */
export declare class RapportEngine {
  private constructor();
  /** A private in-memory database. */
  static openInMemory(options?: OpenOptions): RapportEngine;
  /** An in-memory database holding a copy of `image` (from `exportImage`). */
  static openImage(image: Uint8Array, options?: OpenOptions): RapportEngine;
  /**
   * The database `name` (1 to 64 letters, digits, `_`, `-`, `.`) in the origin private file system:
   * opened or created, and kept across reloads. Only in a dedicated worker (elsewhere it rejects with
   * `misuse`); one engine per name at a time; `busy` when another tab or worker holds the files.
   */
  static openOpfs(name: string, options?: OpenOptions): Promise<RapportEngine>;
  /** Writes `image` into OPFS as the new database `name` (`conflict` if it exists); then `openOpfs(name)`. */
  static importOpfs(name: string, image: Uint8Array): Promise<void>;
  /** Deletes the OPFS database `name` (close it first); resolves whether it existed. Dedicated workers only. */
  static deleteOpfs(name: string): Promise<boolean>;
  /** The names of the databases in OPFS. Dedicated workers only. */
  static listOpfs(): Promise<string[]>;
  /** Runs `method` for `actor` (`null`: the host as `system`). */
  call<M extends MethodName>(
    actor: string | null,
    method: M,
    params: RapportMethods[M]["request"],
  ): RapportMethods[M]["response"];
  /** Like `call`, with JSON text in and out. */
  callJson(actor: string | null, method: MethodName, requestJson?: string): string;
  /**
   * `call` for long work (`imports.run`, ...): `onProgress` hears every 1,000 items and the end; `false` (or a
   * throw, then the error's `cause`) cancels with `cancelled`, keeping nothing. It must not call this engine.
   */
  callWithProgress<M extends MethodName>(
    actor: string | null,
    method: M,
    params: RapportMethods[M]["request"],
    onProgress?: OnProgress,
  ): RapportMethods[M]["response"];
  /** Imports a file's bytes, decoded by `request.encoding` with the platform's TextDecoder (see `decodeImportText`). */
  importBytes(
    actor: string | null,
    request: ImportBytesRequest,
    bytes: ArrayBuffer | ArrayBufferView,
    onProgress?: OnProgress,
  ): ImportReport;
  /** The typed client of one actor. */
  as(actor: string | null): RapportClient;
  /** The whole database as a SQLite image. */
  exportImage(): Uint8Array;
  /** Seeds the demo organisation with the engine's own seeder. */
  seedDemo(options?: DemoOptions): DemoSummary;
  /** Whether the demo organisation is in this database. */
  isDemoSeeded(): boolean;
  /** Frees the database; later calls throw `misuse`. */
  close(): void;
}

export type { JsonValue };
