/**
 * Elementwise functions that the wasm backend computes with its own float64 code (math.ts), so
 * that exp, log, tanh, sigmoid, erf and their kin give the same bits on every engine. The rest of
 * the unary ops (exact IEEE operations such as neg, sqrt, relu) stay on the JavaScript kernels.
 *
 * Three paths, one result: short arrays call the scalar wasm function per element from
 * JavaScript (no copies), long ones run the array kernel on copies in wasm memory (split over the
 * threads from MAP_THREAD_MIN elements), and float32 tanh uses the fast table kernel built on the
 * wasm tanh (equal to it rounded to float32).
 */
import type { UnaryOp } from "../backend.js";
import type { TypedArray } from "../../tensor/dtype.js";
import { makeTanhToFloat32 } from "../fast/tanh.js";
import { MATH_OPS, type MathOp } from "./math.js";
import { TRIG_LIMIT } from "./math-trig.js";
import { runSplit, type Threads, type ThreadsFor } from "./split.js";
import { runtime } from "./runtime.js";

/** Up to this many elements a JavaScript loop over the scalar function beats the copies. */
const SCALAR_MAX = 32;
/**
 * From this many elements the array kernel is split over the threads: at 5–40 ns an element
 * (float64 series, exp about 17), a share outweighs waking a worker. Measured on the loaded 2-core
 * machine (wall time, medians of 5): exp of 16,384 float32 took 0.51 ms on one thread and 0.70 on
 * two, of 65,536 2.9 and 1.6.
 */
export const MAP_THREAD_MIN = 65536;

type Scalar = (x: number) => number;

interface MathKernels {
  scalar: Record<Exclude<MathOp, "softplus">, Scalar>;
  log1p: Scalar;
  exp: Scalar;
  tanhF32: (x: TypedArray, out: Float32Array) => void;
}

let cached: MathKernels | undefined;

function kernels(): MathKernels {
  if (cached !== undefined) return cached;
  const k = runtime().kernels as unknown as Record<string, Scalar>;
  cached = {
    scalar: {
      exp: k.exp64!,
      log: k.log64!,
      log1p: k.log1p64!,
      tanh: k.tanh64!,
      sigmoid: k.sigmoid64!,
      erf: k.erf64!,
      sin: k.sin64!,
      cos: k.cos64!,
    },
    log1p: k.log1p64!,
    exp: k.exp64!,
    tanhF32: makeTanhToFloat32(k.tanh64!),
  };
  return cached;
}

/**
 * The finite inputs of sin or cos at |x| ≥ TRIG_LIMIT, which the wasm reduction does not cover, by
 * index (read before the kernel runs: `out` may be `x`). Math gives their values.
 */
function beyondTrigLimit(op: MathOp, x: TypedArray): [number, number][] {
  const found: [number, number][] = [];
  if (op !== "sin" && op !== "cos") return found;
  for (let i = 0; i < x.length; i++) {
    const v = x[i]!;
    if (Math.abs(v) >= TRIG_LIMIT && v - v === 0) found.push([i, v]);
  }
  return found;
}

const MATH = new Set<string>(MATH_OPS);
const isMathOp = (op: UnaryOp): op is MathOp => MATH.has(op);

/** Runs `op` with the wasm backend's own math; false means "not one of ours" (use the JS kernel). */
export function wasmUnary(
  threads: ThreadsFor,
  op: UnaryOp,
  x: TypedArray,
  out: TypedArray,
  params?: readonly number[],
): boolean {
  if (!isMathOp(op)) return false;
  const f32 = x instanceof Float32Array && out instanceof Float32Array;
  const f64 = x instanceof Float64Array && out instanceof Float64Array;
  if (!f32 && !f64) return false;
  const beyond = beyondTrigLimit(op, x);
  if (op === "tanh" && f32) kernels().tanhF32(x, out);
  else if (x.length <= SCALAR_MAX) scalarLoop(op, x, out, params);
  else if (!arrayKernel(threads(x.length >= MAP_THREAD_MIN), op, x, out, params)) return false;
  for (const [i, v] of beyond) out[i] = op === "sin" ? Math.sin(v) : Math.cos(v);
  return true;
}

/** A JavaScript loop over the scalar wasm function: no copies, for short arrays. */
function scalarLoop(op: MathOp, x: TypedArray, out: TypedArray, params?: readonly number[]): void {
  const k = kernels();
  const n = x.length;
  if (op === "softplus") {
    // the same float64 steps as the array kernel: x·β, the threshold test, exp, log1p, ÷β
    const [beta, threshold] = params as [number, number];
    for (let i = 0; i < n; i++) {
      const v = x[i]!;
      const bx = v * beta;
      out[i] = bx > threshold ? v : k.log1p(k.exp(bx)) / beta;
    }
  } else {
    const f = k.scalar[op];
    for (let i = 0; i < n; i++) out[i] = f(x[i]!);
  }
}

/** The array kernel on copies in wasm memory; false when they do not fit. */
function arrayKernel(
  shared: Threads,
  op: MathOp,
  x: TypedArray,
  out: TypedArray,
  params?: readonly number[],
): boolean {
  const rt = shared.runtime;
  const n = x.length;
  const f32 = x instanceof Float32Array;
  const size = f32 ? 4 : 8;
  rt.reset();
  if (!rt.fits(2 * size * n)) return false;
  const src = rt.reserve(size * n);
  const dst = rt.reserve(size * n);
  const shift = f32 ? 2 : 3;
  (f32 ? rt.f32 : rt.f64).set(x, src >> shift);
  const extra = op === "softplus" ? [params![0]!, params![1]!] : [];
  // each element is computed alone, so any split gives the same bits
  runSplit(shared, `${op}_${f32 ? "f32" : "f64"}`, n, n >= MAP_THREAD_MIN, 1, (first, end) => [
    src + size * first,
    dst + size * first,
    end - first,
    ...extra,
  ]);
  const view = f32 ? rt.f32 : rt.f64;
  out.set(view.subarray(dst >> shift, (dst >> shift) + n));
  return true;
}
