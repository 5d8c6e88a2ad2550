// Evaluating a tree: with tensor ops (so autograd gives the gradient) or with plain JS numbers.
import { sigmoid, sign, softplus } from "../../backend/scalar-math.js";
import { full } from "../../tensor/create.js";
import type { DType } from "../../tensor/dtype.js";
import type { Tensor } from "../../tensor/tensor.js";
import type { ExpressionNode, FunctionName } from "./ast.js";

interface FunctionImpl {
  readonly tensor: (...args: Tensor[]) => Tensor;
  readonly number: (...args: number[]) => number;
}

// Each number version follows its tensor version's formula and special values, so that a contour
// grid drawn with evaluateNumber matches the surface the optimizer walks on.
const FUNCTIONS: Readonly<Record<FunctionName, FunctionImpl>> = {
  abs: { tensor: (x) => x.abs(), number: (x) => Math.abs(x) },
  sqrt: { tensor: (x) => x.sqrt(), number: (x) => Math.sqrt(x) },
  exp: { tensor: (x) => x.exp(), number: (x) => Math.exp(x) },
  log: { tensor: (x) => x.log(), number: (x) => Math.log(x) },
  ln: { tensor: (x) => x.log(), number: (x) => Math.log(x) },
  log1p: { tensor: (x) => x.log1p(), number: (x) => Math.log1p(x) },
  sin: { tensor: (x) => x.sin(), number: (x) => Math.sin(x) },
  cos: { tensor: (x) => x.cos(), number: (x) => Math.cos(x) },
  // there is no tan op; sin/cos gives the gradient 1/cos² through the quotient rule
  tan: { tensor: (x) => x.sin().div(x.cos()), number: (x) => Math.sin(x) / Math.cos(x) },
  tanh: { tensor: (x) => x.tanh(), number: (x) => Math.tanh(x) },
  sigmoid: { tensor: (x) => x.sigmoid(), number: (x) => sigmoid(x) },
  relu: { tensor: (x) => x.relu(), number: (x) => (x > 0 || Number.isNaN(x) ? x : 0) },
  sign: { tensor: (x) => x.sign(), number: (x) => sign(x) },
  softplus: { tensor: (x) => x.softplus(), number: (x) => softplus(x, 1, 20) },
  square: { tensor: (x) => x.square(), number: (x) => x * x },
  min: { tensor: (a, b) => a.minimum(b), number: (a, b) => Math.min(a, b) },
  max: { tensor: (a, b) => a.maximum(b), number: (a, b) => Math.max(a, b) },
  pow: { tensor: (a, b) => a.pow(b), number: (a, b) => Math.pow(a, b) },
  hypot: {
    tensor: (a, b) => a.square().add(b.square()).sqrt(),
    number: (a, b) => Math.sqrt(a * a + b * b),
  },
  // torch.clamp: max(x, lo) then min(·, hi), so hi wins when lo > hi; NaN stays NaN
  clamp: {
    tensor: (x, lo, hi) => x.clamp(lo, hi),
    number: (x, lo, hi) => (Number.isNaN(x) ? x : Math.min(Math.max(x, lo), hi)),
  },
};

/** True when the subtree uses no variable, so that its value is a plain number. */
function isConstant(node: ExpressionNode): boolean {
  switch (node.kind) {
    case "number":
      return true;
    case "variable":
      return false;
    case "unary":
      return isConstant(node.operand);
    case "binary":
      return isConstant(node.left) && isConstant(node.right);
    case "call":
      return node.args.every(isConstant);
  }
}

/**
 * The value of `node` built from tensor ops. Literals become 0-d tensors of `dtype`. A power whose
 * exponent uses no variable takes that exponent as a JS number, as `x ** 2` does in PyTorch:
 * the result is the same, but the graph has no exponent branch (whose ln(base) would be NaN for a
 * negative base).
 */
export function evaluateTensor(
  node: ExpressionNode,
  vars: Readonly<Record<string, Tensor>>,
  dtype: DType,
): Tensor {
  const recurse = (child: ExpressionNode) => evaluateTensor(child, vars, dtype);
  switch (node.kind) {
    case "number":
      return full([], node.value, { dtype });
    case "variable":
      return vars[node.name]!;
    case "unary":
      return recurse(node.operand).neg();
    case "binary": {
      if (node.op === "^") return power(node.left, node.right, vars, dtype);
      const left = recurse(node.left);
      const right = recurse(node.right);
      if (node.op === "+") return left.add(right);
      if (node.op === "-") return left.sub(right);
      if (node.op === "*") return left.mul(right);
      return left.div(right);
    }
    case "call":
      if (node.name === "pow") return power(node.args[0]!, node.args[1]!, vars, dtype);
      return FUNCTIONS[node.name].tensor(...node.args.map(recurse));
  }
}

function power(
  base: ExpressionNode,
  exponent: ExpressionNode,
  vars: Readonly<Record<string, Tensor>>,
  dtype: DType,
): Tensor {
  const b = evaluateTensor(base, vars, dtype);
  if (isConstant(exponent)) return b.pow(evaluateNumber(exponent, {}));
  return b.pow(evaluateTensor(exponent, vars, dtype));
}

/** The value of `node` in float64 JS arithmetic. */
export function evaluateNumber(
  node: ExpressionNode,
  vars: Readonly<Record<string, number>>,
): number {
  const recurse = (child: ExpressionNode) => evaluateNumber(child, vars);
  switch (node.kind) {
    case "number":
      return node.value;
    case "variable":
      return vars[node.name]!;
    case "unary":
      return -recurse(node.operand);
    case "binary": {
      const left = recurse(node.left);
      const right = recurse(node.right);
      if (node.op === "+") return left + right;
      if (node.op === "-") return left - right;
      if (node.op === "*") return left * right;
      if (node.op === "/") return left / right;
      return Math.pow(left, right);
    }
    case "call":
      return FUNCTIONS[node.name].number(...node.args.map(recurse));
  }
}
