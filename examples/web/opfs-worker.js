// The demo's worker: it hosts the engine (and its OPFS database) for opfs.js. This line is the whole worker.
import { serveRapport } from "./node_modules/@rapport/engine/worker.js";

serveRapport();
