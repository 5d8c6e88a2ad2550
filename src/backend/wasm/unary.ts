/**
 * Elementwise functions that the wasm backend computes with its own float64 code (math.ts), so
 * that exp, log, tanh, sigmoid, erf and their kin give the same bits on every engine. The rest of
 * the unary ops (exact IEEE operations such as neg, sqrt, relu) stay on the JavaScript kernels.
 */
import type { UnaryOp } from "../backend.js";
import type { TypedArray } from "../../tensor/dtype.js";
import { MATH_OPS, type MathOp } from "./math.js";
import { runtime } from "./runtime.js";

const isMathOp = (op: UnaryOp): op is MathOp => (MATH_OPS as readonly string[]).includes(op);

/** Runs `op` in wasm when it is one of ours on float storage; false means "not handled". */
export function wasmUnary(
  op: UnaryOp,
  x: TypedArray,
  out: TypedArray,
  params?: readonly number[],
): boolean {
  if (!isMathOp(op)) return false;
  const f32 = x instanceof Float32Array && out instanceof Float32Array;
  const f64 = x instanceof Float64Array && out instanceof Float64Array;
  if (!f32 && !f64) return false;
  const rt = runtime();
  const size = f32 ? 4 : 8;
  rt.reset();
  if (!rt.fits(2 * size * x.length)) return false;
  const src = rt.reserve(size * x.length);
  const dst = rt.reserve(size * x.length);
  const view = f32 ? rt.f32 : rt.f64;
  const shift = f32 ? 2 : 3;
  view.set(x, src >> shift);
  const kernel = rt.kernels[`${op}_${f32 ? "f32" : "f64"}`]!;
  if (op === "softplus") kernel(src, dst, x.length, params![0]!, params![1]!);
  else kernel(src, dst, x.length);
  out.set(view.subarray(dst >> shift, (dst >> shift) + x.length));
  return true;
}
