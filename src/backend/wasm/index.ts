/**
 * The WebAssembly SIMD kernel set: matrix products (and, where measured to pay, other kernels) in
 * wasm, every other method shared with the JavaScript kernels. Threads: a pool over the shared
 * memory, started on the first call that runs in wasm, used once every worker is ready, for
 * products and elementwise kernels large enough to split.
 */
import type { Backend } from "../backend.js";
import type { TypedArray } from "../../tensor/dtype.js";
import { fastBackend } from "../fast/index.js";
import { wasmMatmul } from "./matmul.js";
import { wasmUnary } from "./unary.js";
import { MIN_ELEMENTS, wasmActivationGrad, wasmAddScaled, wasmBinary, wasmRelu } from "./binary.js";
import { availableCores, Pool } from "./pool.js";
import type { Threads } from "./split.js";
import { relaxedSimdSupported, runtime, wasmSimdSupported } from "./runtime.js";

export { relaxedSimdSupported, wasmSimdSupported };

/** Whether products use relaxed-SIMD FMA (opt-in: it changes the last bits, by CPU). */
let relaxed = false;

/**
 * Opts in to (or out of) relaxed-SIMD FMA for matrix products: about a third faster where the
 * runtime has it (Chromium; Node 20 with --experimental-wasm-relaxed-simd), but a fused
 * multiply-add rounds once where mul + add round twice, and whether it fuses depends on the CPU,
 * so results differ in the last bits between machines. Off by default.
 */
export async function setRelaxedSimd(on: boolean): Promise<void> {
  if (on && !relaxedSimdSupported()) {
    throw new Error(
      "setRelaxedSimd: this runtime has no relaxed SIMD (Node 20 needs --experimental-wasm-relaxed-simd)",
    );
  }
  relaxed = on;
  await setThreads(getThreads());
}

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
    pool = new Pool(runtime(relaxed), getThreads());
    await pool.whenReady();
  }
}

/**
 * The runtime and, for a call that splits when more than one thread is wanted and ready, the
 * pool. A call on one thread runs on a plain memory, whose copies in and out are twice as fast as
 * a shared one's (see runtime); the shared memory and the pool serve only calls that split.
 */
function currentThreads(split: boolean): Threads {
  const count = getThreads();
  if (count === 1 || !split) return { runtime: runtime(relaxed, false), pool: undefined };
  const rt = runtime(relaxed);
  pool ??= new Pool(rt, count);
  return { runtime: rt, pool: pool.ready() ? pool : undefined };
}

const wasmSquare = (x: TypedArray, out: TypedArray): boolean =>
  wasmBinary(currentThreads, "mul", x, [x.length], x, [x.length], out, [out.length]);

/** WebAssembly SIMD kernels ("wasm"), threaded where workers are available; the default where SIMD runs. */
export const wasmBackend: Backend = {
  ...fastBackend,
  name: "wasm",
  matmul(a, aShape, transA, b, bShape, transB, out, outShape) {
    wasmMatmul(currentThreads, a, aShape, transA, b, bShape, transB, out, outShape);
  },
  unary(op, x, out, params) {
    switch (op) {
      case "relu":
        if (wasmRelu(currentThreads, x, out)) return;
        break;
      // x·x rounded once, as the JavaScript kernel's double product rounded to float32
      case "square":
        if (wasmSquare(x, out)) return;
        break;
      case "powScalar":
        if (params?.[0] === 2 && wasmSquare(x, out)) return;
        break;
      case "exp":
      case "log":
      case "log1p":
      case "tanh":
      case "sigmoid":
      case "erf":
      case "softplus":
      case "sin":
      case "cos":
        if (wasmUnary(currentThreads, op, x, out, params)) return;
        break;
      default:
        break;
    }
    fastBackend.unary(op, x, out, params);
  },
  binary(op, a, aShape, b, bShape, out, outShape) {
    // short arrays first, with nothing in between: scalar graphs are made of these
    if (
      out.length < MIN_ELEMENTS ||
      !wasmBinary(currentThreads, op, a, aShape, b, bShape, out, outShape)
    ) {
      fastBackend.binary(op, a, aShape, b, bShape, out, outShape);
    }
  },
  activationGrad(op, dOut, y, out) {
    if (!wasmActivationGrad(currentThreads, op, dOut, y, out))
      fastBackend.activationGrad(op, dOut, y, out);
  },
  addScaled(a, b, alpha, subtract, out) {
    if (!wasmAddScaled(currentThreads, a, b, alpha, subtract, out)) {
      fastBackend.addScaled(a, b, alpha, subtract, out);
    }
  },
};
