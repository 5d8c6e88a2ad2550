/**
 * Elementwise primitives, each forward beside its backward, and the composites built from them.
 * Rules return gradients in the broadcast output shape; the engine sums them to input shapes.
 */
import { ArgumentError } from "../../errors.js";
import type { ActivationGradOp, UnaryOp } from "../../backend/index.js";
import { floatingOf, isFloating, promoteTypes } from "../../tensor/dtype.js";
import { shapesEqual } from "../../tensor/shape.js";
import { Tensor, type TensorLike } from "../../tensor/tensor.js";
import type { Primitive } from "../../primitives.js";
import { apply, defineOp, type OpDef } from "../op.js";
import { activationGradKernel, binaryKernel, unaryKernel, whereKernel } from "../kernels.js";
import { resultType2, toTensor } from "./convert.js";

/** A float-valued unary primitive (exp, log...): ints and bools are computed as float32. */
function floatUnary(op: UnaryOp & Primitive, backward: OpDef["backward"]): OpDef {
  return defineOp({
    name: op,
    forward: ([x]) => unaryKernel(op, x!, floatingOf(x!.dtype)),
    backward,
  });
}

/** A unary primitive that keeps its input's dtype (neg, abs...). */
function sameTypeUnary(op: UnaryOp & Primitive, backward: OpDef["backward"]): OpDef {
  return defineOp({ name: op, forward: ([x]) => unaryKernel(op, x!, x!.dtype), backward });
}

const SQRT_PI_HALF_INV = 1.1283791670955126; // 2/√π

export const Neg = sameTypeUnary("neg", (dOut) => [
  // d/dx −x = −1
  dOut.neg(),
]);
export const Abs = sameTypeUnary("abs", (dOut, [x]) => [
  // d/dx |x| = sign(x); torch's subgradient at 0 is 0
  dOut.mul(x!.sign()),
]);
export const Sign = sameTypeUnary("sign", (dOut) => [
  // sign is piecewise constant
  dOut.mul(0),
]);
export const Relu = sameTypeUnary("relu", (dOut, _inputs, out) => [
  // d/dx max(x, 0) = [x > 0]; the subgradient at 0 is 0, as torch
  activationGrad("relu", dOut, out),
]);
export const Square = sameTypeUnary("square", (dOut, [x]) => [
  // d/dx x² = 2x
  dOut.mul(x!.mul(2)),
]);
export const Exp = floatUnary("exp", (dOut, _inputs, out) => [
  // d/dx eˣ = eˣ
  dOut.mul(out),
]);
export const Log = floatUnary("log", (dOut, [x]) => [
  // d/dx ln x = 1/x
  dOut.div(x!),
]);
export const Log1p = floatUnary("log1p", (dOut, [x]) => [
  // d/dx ln(1 + x) = 1/(1 + x)
  dOut.div(x!.add(1)),
]);
export const Sqrt = floatUnary("sqrt", (dOut, _inputs, out) => [
  // d/dx √x = 1/(2√x)
  dOut.div(out.mul(2)),
]);
export const Sin = floatUnary("sin", (dOut, [x]) => [
  // d/dx sin x = cos x
  dOut.mul(x!.cos()),
]);
export const Cos = floatUnary("cos", (dOut, [x]) => [
  // d/dx cos x = −sin x
  dOut.mul(x!.sin()).neg(),
]);
export const Tanh = floatUnary("tanh", (dOut, _inputs, out) => [
  // d/dx tanh x = 1 − tanh² x
  activationGrad("tanh", dOut, out),
]);
export const Atan = floatUnary("atan", (dOut, [x]) => [
  // d/dx atan x = 1/(1 + x²)
  dOut.div(x!.square().add(1)),
]);
// Own rule (not 1/(1+e^−x) composed): the composed gradient overflows for very negative x.
export const Sigmoid = floatUnary("sigmoid", (dOut, _inputs, out) => [
  // d/dx σ(x) = σ(x)(1 − σ(x))
  activationGrad("sigmoid", dOut, out),
]);

/**
 * dOut times an activation's derivative written with its output y, as one kernel (torch's
 * tanh_backward, sigmoid_backward, threshold_backward); it gives the same values as the
 * elementwise ops in `composedActivationGrad`, and its own backward makes higher orders work.
 */
function activationGradOp(op: ActivationGradOp, backward: OpDef["backward"]): OpDef {
  return defineOp<undefined, `${ActivationGradOp}Backward`>({
    name: `${op}Backward`,
    forward: ([dOut, y]) => activationGradKernel(op, dOut!, y!),
    backward,
  });
}

export const TanhBackward = activationGradOp("tanh", (g, [dOut, y], _out, _attrs, needs) => [
  // ∂/∂dOut = 1 − y², ∂/∂y = −2y·dOut
  needs[0] ? activationGrad("tanh", g, y!) : null,
  needs[1] ? g.mul(dOut!).neg().mul(y!.mul(2)) : null,
]);
export const SigmoidBackward = activationGradOp("sigmoid", (g, [dOut, y], _out, _attrs, needs) => {
  // ∂/∂dOut = y(1 − y), ∂/∂y = g·dOut·(1 − y) − g·dOut·y (the composed rule's two terms)
  const gd = needs[1] ? g.mul(dOut!) : null;
  return [
    needs[0] ? activationGrad("sigmoid", g, y!) : null,
    gd ? gd.mul(sub(1, y!)).add(gd.mul(y!).neg()) : null,
  ];
});
export const ReluBackward = activationGradOp("relu", (g, [, y], _out, _attrs, needs) => [
  // ∂/∂dOut = [y > 0]; y only selects, so it gets no gradient
  needs[0] ? activationGrad("relu", g, y!) : null,
  null,
]);
const ACTIVATION_GRADS: { [K in ActivationGradOp]: OpDef } = {
  tanh: TanhBackward,
  sigmoid: SigmoidBackward,
  relu: ReluBackward,
};

/** dOut·f'(x) for the activation f whose output is y. */
function activationGrad(op: ActivationGradOp, dOut: Tensor, y: Tensor): Tensor {
  if (dOut.dtype === y.dtype && shapesEqual(dOut.shape, y.shape)) {
    return apply(ACTIVATION_GRADS[op], [dOut, y], undefined);
  }
  return composedActivationGrad(op, dOut, y);
}

/** The same gradients as separate elementwise ops (any shapes and dtypes that broadcast). */
function composedActivationGrad(op: ActivationGradOp, dOut: Tensor, y: Tensor): Tensor {
  switch (op) {
    case "tanh":
      return dOut.mul(sub(1, y.square()));
    case "sigmoid":
      return dOut.mul(y.mul(sub(1, y)));
    case "relu":
      return where(y.gt(0), dOut, 0);
  }
}

export const Erf = floatUnary("erf", (dOut, [x]) => [
  // d/dx erf x = 2/√π · e^(−x²)
  dOut.mul(x!.square().neg().exp().mul(SQRT_PI_HALF_INV)),
]);
export const Reciprocal = floatUnary("reciprocal", (dOut, _inputs, out) => [
  // d/dx 1/x = −1/x²
  dOut.mul(out.square()).neg(),
]);

export const PowScalar = defineOp<{ exponent: number }>({
  name: "powScalar",
  label: "pow",
  forward: ([x], { exponent }) => unaryKernel("powScalar", x!, floatingOf(x!.dtype), [exponent]),
  // d/dx xᵖ = p·xᵖ⁻¹ (and 0 for p = 0, as torch)
  backward: (dOut, [x], _out, { exponent }) => [
    exponent === 0 ? dOut.mul(0) : dOut.mul(x!.pow(exponent - 1).mul(exponent)),
  ],
});

// Own rule: composing log1p(exp(βx)) would overflow for large x and give NaN gradients.
export const Softplus = defineOp<{ beta: number; threshold: number }>({
  name: "softplus",
  forward: ([x], { beta, threshold }) =>
    unaryKernel("softplus", x!, floatingOf(x!.dtype), [beta, threshold]),
  // d/dx ln(1 + e^(βx))/β = σ(βx), and 1 above the threshold
  backward: (dOut, [x], _out, { beta, threshold }) => {
    const bx = x!.mul(beta);
    return [where(bx.gt(threshold), dOut, dOut.mul(bx.sigmoid()))];
  },
});

export const Add = defineOp({
  name: "add",
  forward: ([a, b]) => binaryKernel("add", a!, b!, promoteTypes(a!.dtype, b!.dtype)),
  // ∂(a + b) = (1, 1)
  backward: (dOut) => [dOut, dOut],
});
export const Sub = defineOp({
  name: "sub",
  forward: ([a, b]) => binaryKernel("sub", a!, b!, promoteTypes(a!.dtype, b!.dtype)),
  // ∂(a − b) = (1, −1)
  backward: (dOut, _inputs, _out, _attrs, needs) => [dOut, needs[1] ? dOut.neg() : null],
});
export const Mul = defineOp({
  name: "mul",
  forward: ([a, b]) => binaryKernel("mul", a!, b!, promoteTypes(a!.dtype, b!.dtype)),
  // ∂(a·b) = (b, a)
  backward: (dOut, [a, b], _out, _attrs, needs) => [
    needs[0] ? dOut.mul(b!) : null,
    needs[1] ? dOut.mul(a!) : null,
  ],
});
export const Div = defineOp({
  name: "div",
  forward: ([a, b]) => binaryKernel("div", a!, b!, floatingOf(promoteTypes(a!.dtype, b!.dtype))),
  // ∂(a/b) = (1/b, −a/b²)
  backward: (dOut, [a, b], _out, _attrs, needs) => [
    needs[0] ? dOut.div(b!) : null,
    needs[1] ? dOut.mul(a!).div(b!.square()).neg() : null,
  ],
});
export const Pow = defineOp({
  name: "pow",
  forward: ([a, b]) => binaryKernel("pow", a!, b!, promoteTypes(a!.dtype, b!.dtype)),
  // ∂(aᵇ) = (b·aᵇ⁻¹, aᵇ·ln a); torch masks b = 0 in the first and a = 0, b ≥ 0 in the second
  backward: (dOut, [a, b], out, _attrs, needs) => [
    needs[0] ? where(b!.eq(0), 0, dOut.mul(b!.mul(a!.pow(b!.sub(1))))) : null,
    needs[1] ? where(a!.eq(0).and(b!.ge(0)), 0, dOut.mul(out.mul(a!.log()))) : null,
  ],
});
export const Atan2 = defineOp({
  name: "atan2",
  forward: ([y, x]) => binaryKernel("atan2", y!, x!, floatingOf(promoteTypes(y!.dtype, x!.dtype))),
  // ∂ atan2(y, x) = (x, −y)/(x² + y²)
  backward: (dOut, [y, x], _out, _attrs, needs) => {
    const scale = dOut.div(x!.square().add(y!.square()));
    return [needs[0] ? scale.mul(x!) : null, needs[1] ? scale.mul(y!).neg() : null];
  },
});
export const Maximum = defineOp({
  name: "maximum",
  forward: ([a, b]) => binaryKernel("maximum", a!, b!, promoteTypes(a!.dtype, b!.dtype)),
  // the larger input gets the gradient; ties split it in half, as torch
  backward: (dOut, [a, b]) => {
    const shared = where(a!.eq(b!), dOut.div(2), dOut);
    return [where(a!.lt(b!), 0, shared), where(a!.gt(b!), 0, shared)];
  },
});
export const Minimum = defineOp({
  name: "minimum",
  forward: ([a, b]) => binaryKernel("minimum", a!, b!, promoteTypes(a!.dtype, b!.dtype)),
  // the smaller input gets the gradient; ties split it in half, as torch
  backward: (dOut, [a, b]) => {
    const shared = where(a!.eq(b!), dOut.div(2), dOut);
    return [where(a!.gt(b!), 0, shared), where(a!.lt(b!), 0, shared)];
  },
});
export const Where = defineOp({
  name: "where",
  forward: ([cond, a, b]) => whereKernel(cond!, a!, b!),
  // the gradient flows to the branch that was chosen
  backward: (dOut, [cond], _out, _attrs, needs) => [
    null,
    needs[1] ? where(cond!, dOut, 0) : null,
    needs[2] ? where(cond!, 0, dOut) : null,
  ],
});

// ---- public functions ---------------------------------------------------------------------

/** Elementwise −x, in x's dtype. PyTorch: `torch.neg`. */
export const neg = (x: Tensor): Tensor => apply(Neg, [x], undefined);
/** Elementwise |x|, in x's dtype; the gradient at 0 is 0. PyTorch: `torch.abs`. */
export const abs = (x: Tensor): Tensor => apply(Abs, [x], undefined);
/** Elementwise sign: −1, 0 or 1 (NaN stays NaN); its gradient is 0. PyTorch: `torch.sign`. */
export const sign = (x: Tensor): Tensor => apply(Sign, [x], undefined);
/** Elementwise max(x, 0); the gradient at 0 is 0. PyTorch: `torch.relu`. */
export const relu = (x: Tensor): Tensor => apply(Relu, [x], undefined);
/** Elementwise x², in x's dtype. PyTorch: `torch.square`. */
export const square = (x: Tensor): Tensor => apply(Square, [x], undefined);
/** Elementwise eˣ; int and bool inputs give float32. PyTorch: `torch.exp`. */
export const exp = (x: Tensor): Tensor => apply(Exp, [x], undefined);
/** Elementwise natural log (−∞ at 0, NaN below); ints give float32. PyTorch: `torch.log`. */
export const log = (x: Tensor): Tensor => apply(Log, [x], undefined);
/** Elementwise ln(1 + x), accurate for small x; ints give float32. PyTorch: `torch.log1p`. */
export const log1p = (x: Tensor): Tensor => apply(Log1p, [x], undefined);
/** Elementwise √x (NaN below 0); ints give float32. PyTorch: `torch.sqrt`. */
export const sqrt = (x: Tensor): Tensor => apply(Sqrt, [x], undefined);
/** Elementwise 1/√x, composed as reciprocal(sqrt(x)). PyTorch: `torch.rsqrt`. */
export const rsqrt = (x: Tensor): Tensor => reciprocal(sqrt(x));
/** Elementwise sine (radians); ints give float32. PyTorch: `torch.sin`. */
export const sin = (x: Tensor): Tensor => apply(Sin, [x], undefined);
/** Elementwise cosine (radians); ints give float32. PyTorch: `torch.cos`. */
export const cos = (x: Tensor): Tensor => apply(Cos, [x], undefined);
/** Elementwise hyperbolic tangent; ints give float32. PyTorch: `torch.tanh`. */
export const tanh = (x: Tensor): Tensor => apply(Tanh, [x], undefined);
/** Elementwise 1/(1 + e⁻ˣ), with a gradient that stays finite for large |x|. PyTorch: `torch.sigmoid`. */
export const sigmoid = (x: Tensor): Tensor => apply(Sigmoid, [x], undefined);
/** Elementwise arctangent, in (−π/2, π/2); ints give float32. PyTorch: `torch.atan`. */
export const atan = (x: Tensor): Tensor => apply(Atan, [x], undefined);
/** Elementwise Gauss error function; ints give float32. PyTorch: `torch.erf`. */
export const erf = (x: Tensor): Tensor => apply(Erf, [x], undefined);
/** Elementwise 1/x (±∞ at ±0); ints give float32. PyTorch: `torch.reciprocal`. */
export const reciprocal = (x: Tensor): Tensor => apply(Reciprocal, [x], undefined);

function binary(op: OpDef, a: TensorLike, b: TensorLike): Tensor {
  const dtype = resultType2(a, b);
  return apply(op, [toTensor(a, dtype), toTensor(b, dtype)], undefined);
}

/**
 * a + alpha·b, elementwise with broadcasting; numbers act as 0-d tensors and the result dtype
 * follows torch's type promotion. PyTorch: `torch.add`.
 *
 * @example
 * ```ts
 * add(tensor([1, 2]), tensor([[10], [20]])); // [[11, 12], [21, 22]]
 * add(tensor([1, 2]), 1, { alpha: 3 }); // [4, 5]
 * ```
 */
export function add(a: TensorLike, b: TensorLike, options?: { alpha?: number }): Tensor {
  const alpha = options?.alpha ?? 1;
  return binary(Add, a, alpha === 1 ? b : mul(b, alpha));
}
/** a − alpha·b, elementwise with broadcasting. PyTorch: `torch.sub`. */
export function sub(a: TensorLike, b: TensorLike, options?: { alpha?: number }): Tensor {
  const alpha = options?.alpha ?? 1;
  return binary(Sub, a, alpha === 1 ? b : mul(b, alpha));
}
/** a·b, elementwise with broadcasting. PyTorch: `torch.mul`. */
export const mul = (a: TensorLike, b: TensorLike): Tensor => binary(Mul, a, b);
/** a/b with broadcasting; true division, so integer inputs give float32. PyTorch: `torch.div`. */
export const div = (a: TensorLike, b: TensorLike): Tensor => binary(Div, a, b);
/** The angle of the point (x, y) in (−π, π], quadrant-aware and broadcast. PyTorch: `torch.atan2`. */
export const atan2 = (y: TensorLike, x: TensorLike): Tensor => binary(Atan2, y, x);
/**
 * The larger of a and b, elementwise with broadcasting (NaN if either is NaN); at a tie the
 * gradient is split in half between them. PyTorch: `torch.maximum`.
 */
export const maximum = (a: TensorLike, b: TensorLike): Tensor => binary(Maximum, a, b);
/**
 * The smaller of a and b, elementwise with broadcasting (NaN if either is NaN); at a tie the
 * gradient is split in half between them. PyTorch: `torch.minimum`.
 */
export const minimum = (a: TensorLike, b: TensorLike): Tensor => binary(Minimum, a, b);

/**
 * aᵇ elementwise, for a number or tensor exponent, with broadcasting; an int tensor to a
 * non-integer number gives float32. PyTorch: `torch.pow`.
 */
export function pow(a: TensorLike, exponent: TensorLike): Tensor {
  if (typeof exponent === "number" && a instanceof Tensor) {
    const x = isFloating(a.dtype) || Number.isInteger(exponent) ? a : a.to("float32");
    if (!isFloating(x.dtype)) return binary(Pow, x, exponent);
    return apply(PowScalar, [x], { exponent });
  }
  return binary(Pow, a, exponent);
}

/**
 * cond ? a : b elementwise, all three broadcast together; `cond` must be a bool tensor. The
 * gradient flows to a where cond holds and to b elsewhere. PyTorch: `torch.where`.
 */
export function where(cond: Tensor, a: TensorLike, b: TensorLike): Tensor {
  if (cond.dtype !== "bool") {
    throw new ArgumentError(
      `where: the condition must be a bool tensor, got ${cond.dtype}; build it with a comparison such as x.gt(0)`,
    );
  }
  const dtype = resultType2(a, b);
  return apply(Where, [cond, toTensor(a, dtype), toTensor(b, dtype)], undefined);
}

/**
 * ln(1 + e^(βx))/β elementwise, and x itself where βx > threshold (default β = 1, threshold 20).
 * PyTorch: `torch.nn.functional.softplus`.
 */
export function softplus(x: Tensor, options?: { beta?: number; threshold?: number }): Tensor {
  return apply(Softplus, [floatInput(x)], {
    beta: options?.beta ?? 1,
    threshold: options?.threshold ?? 20,
  });
}

/**
 * x where x > 0, else negativeSlope·x (default 0.01); at 0 the gradient is the slope.
 * PyTorch: `torch.nn.functional.leaky_relu`.
 */
export function leakyRelu(x: Tensor, negativeSlope = 0.01): Tensor {
  return where(x.gt(0), x, x.mul(negativeSlope));
}

/** x where x > 0, else α(eˣ − 1) (default α = 1). PyTorch: `torch.nn.functional.elu`. */
export function elu(x: Tensor, alpha = 1): Tensor {
  // clamp first so that the unused branch never overflows into a NaN gradient
  return where(x.gt(0), x, x.clamp(null, 0).exp().sub(1).mul(alpha));
}

/**
 * Gaussian error linear unit x·Φ(x): exact through erf (`approximate: "none"`, the default) or
 * with the tanh approximation. PyTorch: `torch.nn.functional.gelu`.
 */
export function gelu(x: Tensor, options?: { approximate?: "none" | "tanh" }): Tensor {
  const approximate = options?.approximate ?? "none";
  if (approximate === "tanh") {
    const inner = x.add(x.pow(3).mul(0.044715)).mul(Math.sqrt(2 / Math.PI));
    return x.mul(0.5).mul(inner.tanh().add(1));
  }
  if (approximate !== "none") {
    throw new ArgumentError(
      `gelu: approximate must be "none" or "tanh", got ${JSON.stringify(approximate)}`,
    );
  }
  return x.mul(0.5).mul(x.mul(Math.SQRT1_2).erf().add(1));
}

/**
 * Limits x to [min, max] (either may be omitted or null, or a tensor); when min > max the result
 * is max, and NaN stays NaN. The gradient passes where min ≤ x ≤ max. PyTorch: `torch.clamp`.
 */
export function clamp(
  x: Tensor,
  min?: number | Tensor | null,
  max?: number | Tensor | null,
): Tensor {
  if ((min === undefined || min === null) && (max === undefined || max === null)) {
    throw new ArgumentError("clamp: give at least one of min and max");
  }
  let out = x;
  if (min !== undefined && min !== null) out = where(x.ge(min), out, min);
  // min(max(x, lo), hi) like torch, so lo > hi gives hi
  if (max !== undefined && max !== null) out = where(out.le(max), out, max);
  // NaN stays NaN (torch propagates it), with no gradient.
  return where(x.ne(x), x, out);
}

function floatInput(x: Tensor): Tensor {
  return isFloating(x.dtype) ? x : x.to("float32");
}
