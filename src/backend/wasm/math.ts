/**
 * exp, log, log1p, expm1, tanh, sigmoid, erf, softplus, sin and cos written with wasm float64
 * arithmetic only, so they give the same bits on every engine (Math.exp and friends differ between engines in
 * the last bit). Each float32 result is the float64 value rounded once. Range reduction and the
 * series are the textbook ones: exp by x = k·ln2 + r with ln2 split in two, log by
 * log(1 + f) = 2·atanh(f / (2 + f)), erf by its Taylor series and erfc's continued fraction,
 * sin and cos by fdlibm's reduction by π/2 and kernel polynomials (math-trig.ts).
 */
import { Fn, op, type ValType } from "./assembler.js";
import { erf64, sigmoid64, tanh64 } from "./math-activations.js";
import { exp64, expm1_64, log1p64, log64 } from "./math-exp-log.js";
import { kernelCos64, kernelSin64, trig64 } from "./math-trig.js";

/** The scalar helpers, in index order after `first`; map kernels follow them. */
const HELPERS = [
  "exp64",
  "log64",
  "log1p64",
  "expm1_64",
  "tanh64",
  "sigmoid64",
  "erf64",
  "ksin64",
  "kcos64",
  "sin64",
  "cos64",
] as const;
type Helper = (typeof HELPERS)[number];

export type MathOp =
  "exp" | "log" | "log1p" | "tanh" | "sigmoid" | "erf" | "softplus" | "sin" | "cos";
export const MATH_OPS: readonly MathOp[] = [
  "exp",
  "log",
  "log1p",
  "tanh",
  "sigmoid",
  "erf",
  "softplus",
  "sin",
  "cos",
];
const HELPER_OF: Record<Exclude<MathOp, "softplus">, Helper> = {
  exp: "exp64",
  log: "log64",
  log1p: "log1p64",
  tanh: "tanh64",
  sigmoid: "sigmoid64",
  erf: "erf64",
  sin: "sin64",
  cos: "cos64",
};

/**
 * `name(src, dst, n[, beta, threshold])`: dst[i] = op(src[i]) over float32 or float64 storage,
 * computed in float64. softplus: log1p(e^(βx))/β, x itself above the threshold (torch's rule).
 */
function mapFunction(mathOp: MathOp, type: "f32" | "f64", index: (h: Helper) => number): Fn {
  const params: ValType[] = ["i32", "i32", "i32"];
  if (mathOp === "softplus") params.push("f64", "f64");
  const f = new Fn(`${mathOp}_${type}`, params, []);
  const [src, dst, n] = [0, 1, 2];
  const i = f.local("i32");
  const x = f.local("f64");
  const size = type === "f32" ? 4 : 8;
  f.forRange(
    i,
    () => f.i32(0),
    () => f.get(n),
    1,
    () => {
      f.get(dst).get(i).i32(size).emit(op.i32_mul).emit(op.i32_add);
      f.get(src).get(i).i32(size).emit(op.i32_mul).emit(op.i32_add);
      if (type === "f32") f.mem(op.f32_load, 2).emit(op.f64_promote_f32);
      else f.mem(op.f64_load, 3);
      f.set(x);
      if (mathOp === "softplus") {
        const [beta, threshold] = [3, 4];
        f.get(x).get(beta).emit(op.f64_mul).get(threshold).emit(op.f64_gt);
        f.emit(0x04, 0x7c);
        f.get(x);
        f.emit(0x05);
        f.get(x).get(beta).emit(op.f64_mul).call(index("exp64")).call(index("log1p64"));
        f.get(beta).emit(op.f64_div);
        f.emit(0x0b);
      } else {
        f.get(x).call(index(HELPER_OF[mathOp]));
      }
      if (type === "f32") f.emit(op.f32_demote_f64).mem(op.f32_store, 2);
      else f.mem(op.f64_store, 3);
    },
  );
  return f;
}

/** The helpers and the map kernels, for a module in which they start at function index `first`. */
export function mathFunctions(first: number): Fn[] {
  const index = (h: Helper) => first + HELPERS.indexOf(h);
  const helpers = [
    exp64(),
    log64(),
    log1p64(index("log64")),
    expm1_64(index("exp64")),
    tanh64(index("expm1_64")),
    sigmoid64(index("exp64")),
    erf64(index("exp64")),
    kernelSin64(),
    kernelCos64(),
    trig64("sin64", index("ksin64"), index("kcos64")),
    trig64("cos64", index("ksin64"), index("kcos64")),
  ];
  const maps = MATH_OPS.flatMap((m) => [
    mapFunction(m, "f32", index),
    mapFunction(m, "f64", index),
  ]);
  return [...helpers, ...maps];
}
