// Import sources in a browser: a file's bytes decoded with the platform's TextDecoder, so the WebAssembly module
// carries no encoding tables (GBK is decoded natively by the engine, in the browser here). Shared by the local and
// the remote engine.
import { rapportError } from "./errors.js";

/** The request's `encoding` (the engine's names) as the WHATWG encoding label TextDecoder takes. */
const DECODER_LABELS = { utf8: "utf-8", gbk: "gbk", gb18030: "gb18030" };

/**
 * A file's bytes (a Uint8Array, an ArrayBuffer or any view) as text for `imports.run`: `encoding` is the request's
 * (`"utf8"`, the default, with a byte order mark skipped; `"gbk"` as Chinese Excel writes CSV files; `"gb18030"`).
 * Bytes that are not valid in that encoding are a `validation` RapportError with field `text`.
 */
export function decodeImportText(bytes, encoding = "utf8") {
  const label = Object.hasOwn(DECODER_LABELS, encoding ?? "utf8") ? DECODER_LABELS[encoding ?? "utf8"] : null;
  if (!label) throw rapportError("validation", `unknown encoding '${encoding}': utf8, gbk or gb18030`, "encoding");
  if (!(bytes instanceof ArrayBuffer || ArrayBuffer.isView(bytes))) {
    throw rapportError("validation", "the file's bytes must be a Uint8Array or an ArrayBuffer", "bytes");
  }
  let decoder;
  try {
    decoder = new TextDecoder(label, { fatal: true });
  } catch {
    throw rapportError("validation", `this platform's TextDecoder cannot decode ${label}`, "encoding");
  }
  try {
    return decoder.decode(bytes);
  } catch {
    const hint = label === "utf-8" ? ' (a GBK file needs encoding: "gbk")' : "";
    throw rapportError("validation", `the file is not valid ${label} text${hint}`, "text");
  }
}

/** `imports.run`'s request with the file's decoded bytes as its `text` (and the encoding done with). */
export function importRequest(request, bytes) {
  const { encoding, ...rest } = request ?? {};
  return { ...rest, text: decodeImportText(bytes, encoding) };
}
