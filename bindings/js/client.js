// The typed client shape shared by local and remote engines: `client.customers.create(params)` for every registry method.
import { METHOD_NAMES } from "./generated/methods.js";

/** An object with one function per method (`module.verb`), each calling `call(method, params)`. */
export function typedClient(call) {
  const client = {};
  for (const name of METHOD_NAMES) {
    const [module, verb] = name.split(".");
    (client[module] ??= {})[verb] = (params) => call(name, params);
  }
  return client;
}
