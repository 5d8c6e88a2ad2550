/**
 * The active kernel set, chosen explicitly: setBackend("wasm" | "js" | "reference") or the
 * DESCENT_BACKEND environment variable (read once, for the CLI and the test suites). Nothing
 * registers itself on import; the wasm module is assembled on its first use.
 */
import type { Backend } from "./backend.js";
import { fastBackend } from "./fast/index.js";
import { referenceBackend } from "./reference.js";
import {
  getThreads,
  relaxedSimdSupported,
  setRelaxedSimd,
  setThreads,
  wasmBackend,
  wasmSimdSupported,
} from "./wasm/index.js";

export type {
  ActivationGradOp,
  Backend,
  BinaryOp,
  ReduceOp,
  Storage,
  StorageHandle,
  UnaryOp,
} from "./backend.js";
export {
  fastBackend,
  referenceBackend,
  wasmBackend,
  getThreads,
  setThreads,
  setRelaxedSimd,
  relaxedSimdSupported,
  wasmSimdSupported,
};

/** The names setBackend takes: WebAssembly SIMD, plain JavaScript, or the reference kernels. */
export type BackendName = "wasm" | "js" | "reference";
/** Every BackendName, for menus and messages. */
export const BACKEND_NAMES: readonly BackendName[] = ["wasm", "js", "reference"];

function byName(name: string, where: string): Backend {
  switch (name) {
    case "wasm":
      if (!wasmSimdSupported()) {
        throw new Error(
          `${where}: this JavaScript engine has no WebAssembly SIMD; use "js" (the default here)`,
        );
      }
      return wasmBackend;
    case "js":
      return fastBackend;
    case "reference":
      return referenceBackend;
    default:
      throw new Error(
        `${where}: unknown backend ${JSON.stringify(name)}; use one of ${BACKEND_NAMES.map((n) => `"${n}"`).join(", ")}`,
      );
  }
}

/** DESCENT_BACKEND when set, else wasm wherever WebAssembly SIMD runs, else the JavaScript kernels. */
function initialBackend(): Backend {
  const env = (globalThis as { process?: { env?: Record<string, string | undefined> } }).process
    ?.env;
  const name = env?.DESCENT_BACKEND;
  if (name !== undefined && name !== "") return byName(name, "DESCENT_BACKEND");
  return wasmSimdSupported() ? wasmBackend : fastBackend;
}

let active: Backend = initialBackend();

/** The kernels every op runs on now. */
export function getBackend(): Backend {
  return active;
}

/**
 * Switches the kernels, by name ("wasm", "js", "reference") or as a Backend object (e.g. one of
 * your own). Returns the previous one.
 */
export function setBackend(backend: Backend | BackendName): Backend {
  const previous = active;
  active = typeof backend === "string" ? byName(backend, "setBackend") : backend;
  return previous;
}

/** What `descent info` prints: the active kernels and, for wasm, its threads and SIMD. */
export function backendInfo(): {
  /** The active backend's name: "wasm", "js" or "reference" (or a custom one's). */
  backend: string;
  /** The worker threads wasm kernels use (1 for the others). */
  threads: number;
  /** Whether this engine runs WebAssembly SIMD. */
  simd: boolean;
} {
  const simd = wasmSimdSupported();
  return {
    backend: active === fastBackend ? "js" : active.name,
    threads: active === wasmBackend ? getThreads() : 1,
    simd,
  };
}
