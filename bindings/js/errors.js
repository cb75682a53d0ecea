// RapportError: the one error shape of the package, shared by the engine wrapper, the worker and its client.

/** An `Error` named "RapportError" with a stable `code` and the `field`, like the engine's own errors. */
export function rapportError(code, message, field = null) {
  return Object.assign(new Error(message), { name: "RapportError", code, field });
}

/** Whether `e` is an error the engine (or this package) reported. */
export function isRapportError(e) {
  return e instanceof Error && e.name === "RapportError";
}
