// Every registered backend: the PyTorch fixtures, the table-driven gradchecks, the conformance
// suite and the smoke test run on each. A new backend is added here.
import {
  fastBackend,
  referenceBackend,
  setBackend,
  wasmBackend,
  type Backend,
} from "../src/index.js";

export const BACKENDS: readonly Backend[] = [referenceBackend, fastBackend, wasmBackend];

/** Runs `body` with `backend` active, restoring the previous one afterwards. */
export function withBackend<T>(backend: Backend, body: () => T): T {
  const previous = setBackend(backend);
  try {
    return body();
  } finally {
    setBackend(previous);
  }
}
