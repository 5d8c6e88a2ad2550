/** The active kernel set. Explicit: nothing registers itself on import. */
import type { Backend } from "./backend.js";
import { fastBackend } from "./fast/index.js";
import { referenceBackend } from "./reference.js";

export type { ActivationGradOp, Backend, BinaryOp, ReduceOp, Storage, UnaryOp } from "./backend.js";
export { fastBackend, referenceBackend };

let active: Backend = fastBackend;

/** The kernels every op runs on. */
export function getBackend(): Backend {
  return active;
}

/** Switches the kernels (e.g. to `referenceBackend` to check a result). Returns the previous one. */
export function setBackend(backend: Backend): Backend {
  const previous = active;
  active = backend;
  return previous;
}
