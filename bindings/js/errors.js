// RapportError: the one error shape of the package, shared by the engine wrapper, the worker and its client.

/** An `Error` named "RapportError" with a stable `code` and the `field`, like the engine's own errors. */
export function rapportError(code, message, field = null) {
  return Object.assign(new Error(message), { name: "RapportError", code, field });
}

/** Whether `e` is an error the engine (or this package) reported. */
export function isRapportError(e) {
  return e instanceof Error && e.name === "RapportError";
}

/** The `cancelled` error of a call whose progress callback threw `value` (kept as its `cause`); nothing was kept. */
export function callbackThrew(value) {
  const what = value instanceof Error ? value.message : String(value);
  const error = rapportError("cancelled", `the progress callback threw (${what}); the call stopped and kept nothing`);
  return Object.assign(error, { cause: value });
}
