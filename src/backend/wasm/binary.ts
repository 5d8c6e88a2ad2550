/**
 * The JavaScript side of the wasm elementwise kernels: float32 operands of at least MIN_ELEMENTS
 * are copied into the arena, computed four lanes at a time, and copied back (a copy costs about a
 * tenth of the JavaScript loop it replaces); from THREAD_MIN_ELEMENTS the computing is split over
 * the threads (the copies stay on the calling thread). Anything else answers false: "use the JS
 * kernel".
 */
import type { ActivationGradOp, BinaryOp } from "../backend.js";
import type { TypedArray } from "../../tensor/dtype.js";
import type { Shape } from "../../tensor/shape.js";
import { broadcastPlan } from "../fast/broadcast.js";
import { BINARY_OPS, type WasmBinaryOp } from "./elementwise.js";
import { runSplit, type ThreadsFor } from "./split.js";
import type { Runtime } from "./runtime.js";

/**
 * Below this many output elements the JavaScript loop is as fast as the copies. Measured (one
 * thread, best of 7): at 512 elements wasm takes 0.5–1.0 µs where JS takes 0.7–1.5, at 1,024
 * 0.7–1.4 against 1.2–2.0; at 256 they tie, at 128 JS wins.
 */
export const MIN_ELEMENTS = 512;
/**
 * From this many elements (16 MB of float32) the kernels run split over the threads. They are
 * bound by memory and the copies stay on the calling thread, so a split seldom pays: on the
 * loaded 2-core machine, a 200,704-element mul took 0.33 ms on one thread and 0.7 ms on two, and at
 * 4M elements two threads were no faster.
 */
export const THREAD_MIN_ELEMENTS = 1 << 22;

const isWasmBinary = (op: BinaryOp): op is WasmBinaryOp =>
  (BINARY_OPS as readonly string[]).includes(op);

/** Copies `x` into a fresh arena block (padded to 16 bytes); returns its byte offset. */
function copyIn(rt: Runtime, x: Float32Array): number {
  const at = rt.reserve(4 * x.length + 16);
  rt.f32.set(x, at >> 2);
  return at;
}

export function wasmBinary(
  threads: ThreadsFor,
  op: BinaryOp,
  a: TypedArray,
  aShape: Shape,
  b: TypedArray,
  bShape: Shape,
  out: TypedArray,
  outShape: Shape,
): boolean {
  const n = out.length;
  if (
    n < MIN_ELEMENTS ||
    !isWasmBinary(op) ||
    !(a instanceof Float32Array && b instanceof Float32Array && out instanceof Float32Array)
  ) {
    return false;
  }
  // (rows × inner) with inner strides 0 or 1: equal shapes, a scalar side, a broadcast row/column
  let rows = 1;
  let inner = n;
  let [ia, ra, ib, rb] = [a.length === n ? 1 : 0, 0, b.length === n ? 1 : 0, 0];
  if ((a.length !== n && a.length !== 1) || (b.length !== n && b.length !== 1)) {
    const plan = broadcastPlan(outShape, [aShape, bShape]);
    const rank = plan.shape.length;
    if (rank > 2) return false;
    const [sa, sb] = plan.strides as [number[], number[]];
    inner = plan.shape[rank - 1]!;
    rows = rank === 2 ? plan.shape[0]! : 1;
    [ia, ib] = [sa[rank - 1]!, sb[rank - 1]!];
    [ra, rb] = rank === 2 ? [sa[0]!, sb[0]!] : [0, 0];
    if (ia > 1 || ib > 1) return false;
  }
  const parallel = n >= THREAD_MIN_ELEMENTS;
  const shared = threads(parallel);
  const rt = shared.runtime;
  rt.reset();
  if (!rt.fits(4 * (a.length + b.length + n) + 64)) return false;
  const pa = copyIn(rt, a);
  const pb = b === a ? pa : copyIn(rt, b);
  const po = rt.reserve(4 * n + 16);
  // shares of rows, or of one long row's columns (in fours, so the vector loop stays whole)
  const kernel = `binary_${op}`;
  if (rows > 1) {
    runSplit(shared, kernel, rows, parallel, 1, (first, end) => {
      const [a0, b0, o0] = [pa + 4 * first * ra, pb + 4 * first * rb, po + 4 * first * inner];
      return [a0, ia, ra, b0, ib, rb, o0, end - first, inner];
    });
  } else {
    runSplit(shared, kernel, inner, parallel, 4, (first, end) => {
      const [a0, b0, o0] = [pa + 4 * first * ia, pb + 4 * first * ib, po + 4 * first];
      return [a0, ia, ra, b0, ib, rb, o0, 1, end - first];
    });
  }
  out.set(rt.f32.subarray(po >> 2, (po >> 2) + n));
  return true;
}

/** relu (x and out) or relu's gradient (x = y, g = dOut), float32, of at least MIN_ELEMENTS. */
function select(
  threads: ThreadsFor,
  kernel: string,
  x: TypedArray,
  g: TypedArray,
  out: TypedArray,
): boolean {
  const n = out.length;
  if (
    n < MIN_ELEMENTS ||
    !(x instanceof Float32Array && g instanceof Float32Array && out instanceof Float32Array)
  ) {
    return false;
  }
  const parallel = n >= THREAD_MIN_ELEMENTS;
  const shared = threads(parallel);
  const rt = shared.runtime;
  rt.reset();
  if (!rt.fits(12 * n + 64)) return false;
  const px = copyIn(rt, x);
  const pg = x === g ? px : copyIn(rt, g);
  const po = rt.reserve(4 * n + 16);
  runSplit(shared, kernel, (n + 3) & ~3, parallel, 4, (first, end) => [
    px + 4 * first,
    pg + 4 * first,
    po + 4 * first,
    end - first,
  ]);
  out.set(rt.f32.subarray(po >> 2, (po >> 2) + n));
  return true;
}

export const wasmRelu = (threads: ThreadsFor, x: TypedArray, out: TypedArray): boolean =>
  select(threads, "relu_f32", x, x, out);

export function wasmActivationGrad(
  threads: ThreadsFor,
  op: ActivationGradOp,
  dOut: TypedArray,
  y: TypedArray,
  out: TypedArray,
): boolean {
  return op === "relu" && select(threads, "relu_grad_f32", y, dOut, out);
}

export function wasmAddScaled(
  threads: ThreadsFor,
  a: TypedArray,
  b: TypedArray,
  alpha: number,
  subtract: boolean,
  out: TypedArray,
): boolean {
  const n = out.length;
  if (
    n < MIN_ELEMENTS ||
    !(a instanceof Float32Array && b instanceof Float32Array && out instanceof Float32Array)
  ) {
    return false;
  }
  const parallel = n >= THREAD_MIN_ELEMENTS;
  const shared = threads(parallel);
  const rt = shared.runtime;
  rt.reset();
  if (!rt.fits(12 * n + 64)) return false;
  const pa = copyIn(rt, a);
  const pb = copyIn(rt, b);
  const po = rt.reserve(4 * n + 16);
  const sign = subtract ? -1 : 1;
  runSplit(shared, "add_scaled", (n + 3) & ~3, parallel, 4, (first, end) => [
    pa + 4 * first,
    pb + 4 * first,
    po + 4 * first,
    end - first,
    alpha,
    sign,
  ]);
  out.set(rt.f32.subarray(po >> 2, (po >> 2) + n));
  return true;
}
