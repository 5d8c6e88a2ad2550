/**
 * The WebAssembly SIMD kernel set: matrix products (and, where measured to pay, other kernels) in
 * wasm, every other method shared with the JavaScript kernels. Threads: a pool over the shared
 * memory, started on the first product big enough to split, used once every worker is ready.
 */
import type { Backend } from "../backend.js";
import { fastBackend } from "../fast/index.js";
import { wasmMatmul, type Threads } from "./matmul.js";
import { wasmUnary } from "./unary.js";
import { availableCores, Pool } from "./pool.js";
import { runtime, wasmSimdSupported } from "./runtime.js";

export { wasmSimdSupported };

/** DESCENT_THREADS (for the CLI and test runs), else unset: every core. */
function threadsFromEnvironment(): number | undefined {
  const env = (globalThis as { process?: { env?: Record<string, string | undefined> } }).process
    ?.env;
  const value = env?.DESCENT_THREADS;
  if (value === undefined || value === "") return undefined;
  const count = Number(value);
  if (!Number.isInteger(count) || count < 1) {
    throw new RangeError(
      `DESCENT_THREADS must be a positive integer, got ${JSON.stringify(value)}`,
    );
  }
  return count;
}

let requestedThreads: number | undefined = threadsFromEnvironment();
let pool: Pool | undefined;

/** Threads the wasm backend uses: setThreads's value, else every core (1 without shared memory). */
export function getThreads(): number {
  if (!wasmSimdSupported() || !runtime().shared) return 1;
  return requestedThreads ?? availableCores();
}

/**
 * Sets how many threads (the calling one included) split large products; resolves once the
 * workers are running. Results are the same, to the bit, for every thread count.
 */
export async function setThreads(count: number): Promise<void> {
  if (!Number.isInteger(count) || count < 1) {
    throw new RangeError(`setThreads: count must be a positive integer, got ${String(count)}`);
  }
  requestedThreads = count;
  pool?.close();
  pool = undefined;
  if (getThreads() > 1) {
    pool = new Pool(runtime(), getThreads());
    await pool.whenReady();
  }
}

/** The runtime and, when more than one thread is wanted and ready, the pool. */
function currentThreads(): Threads {
  const rt = runtime();
  const count = getThreads();
  if (count > 1 && pool === undefined) pool = new Pool(rt, count);
  return { runtime: rt, pool: pool?.ready() === true ? pool : undefined };
}

export const wasmBackend: Backend = {
  ...fastBackend,
  name: "wasm",
  matmul(a, aShape, transA, b, bShape, transB, out, outShape) {
    wasmMatmul(currentThreads, a, aShape, transA, b, bShape, transB, out, outShape);
  },
  unary(op, x, out, params) {
    if (!wasmUnary(op, x, out, params)) fastBackend.unary(op, x, out, params);
  },
};
