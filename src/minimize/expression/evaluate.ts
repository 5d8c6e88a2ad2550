// Evaluating a tree: with tensor ops (so autograd gives the gradient) or with plain JS numbers.
import { sign } from "../../backend/scalar-math.js";
import * as det from "../../util/det-math.js";
import { full } from "../../tensor/create.js";
import type { DType } from "../../tensor/dtype.js";
import type { Tensor } from "../../tensor/tensor.js";
import type { ExpressionNode, FunctionName } from "./ast.js";
import { children, foldTree, isConstant, postOrder } from "./walk.js";

interface FunctionImpl {
  readonly tensor: (...args: Tensor[]) => Tensor;
  readonly number: (...args: number[]) => number;
}

// Each number version follows its tensor version's formula and special values, so that a contour
// grid drawn with evaluateNumber matches the surface the optimizer walks on. exp, log, sin, cos,
// sigmoid, softplus and integer powers come from det-math: the same bits in every engine, and the
// wasm backend's (tanh and a non-integer power stay on Math).
const FUNCTIONS: Readonly<Record<FunctionName, FunctionImpl>> = {
  abs: { tensor: (x) => x.abs(), number: (x) => Math.abs(x) },
  sqrt: { tensor: (x) => x.sqrt(), number: (x) => Math.sqrt(x) },
  exp: { tensor: (x) => x.exp(), number: det.exp },
  log: { tensor: (x) => x.log(), number: det.log },
  ln: { tensor: (x) => x.log(), number: det.log },
  log1p: { tensor: (x) => x.log1p(), number: det.log1p },
  sin: { tensor: (x) => x.sin(), number: det.sin },
  cos: { tensor: (x) => x.cos(), number: det.cos },
  // there is no tan op; sin/cos gives the gradient 1/cos² through the quotient rule
  tan: { tensor: (x) => x.sin().div(x.cos()), number: (x) => det.sin(x) / det.cos(x) },
  tanh: { tensor: (x) => x.tanh(), number: (x) => Math.tanh(x) },
  sigmoid: { tensor: (x) => x.sigmoid(), number: det.sigmoid },
  relu: { tensor: (x) => x.relu(), number: (x) => (x > 0 || Number.isNaN(x) ? x : 0) },
  sign: { tensor: (x) => x.sign(), number: (x) => sign(x) },
  softplus: { tensor: (x) => x.softplus(), number: (x) => det.softplus(x, 1, 20) },
  square: { tensor: (x) => x.square(), number: (x) => x * x },
  min: { tensor: (a, b) => a.minimum(b), number: (a, b) => Math.min(a, b) },
  max: { tensor: (a, b) => a.maximum(b), number: (a, b) => Math.max(a, b) },
  pow: { tensor: (a, b) => a.pow(b), number: det.pow },
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

/**
 * The value of `node` built from tensor ops. Literals become 0-d tensors of `dtype`. A power whose
 * exponent uses no variable takes that exponent as a JS number, as `x ** 2` does in PyTorch:
 * the result is the same, but the graph has no exponent branch (whose ln(base) would be NaN for a
 * negative base). Iterative (see ./walk.ts), so a sum of 50,000 terms is fine.
 */
export function evaluateTensor(
  node: ExpressionNode,
  vars: Readonly<Record<string, Tensor>>,
  dtype: DType,
): Tensor {
  // the exponents that are numbers, computed once; their subtrees are not built as tensors
  const numericExponents = new Map<ExpressionNode, number>();
  const childrenOf = (n: ExpressionNode): readonly ExpressionNode[] => {
    const base = n.kind === "binary" ? n.left : n.kind === "call" ? n.args[0] : undefined;
    const exponent = powerExponent(n);
    if (exponent === undefined || !isConstant(exponent)) return children(n);
    if (!numericExponents.has(n)) numericExponents.set(n, evaluateNumber(exponent, {}));
    return [base!];
  };
  return foldTree<Tensor>(
    node,
    (n, args) => {
      const exponent = numericExponents.get(n);
      if (exponent !== undefined) return args[0]!.pow(exponent);
      switch (n.kind) {
        case "number":
          return full([], n.value, { dtype });
        case "variable":
          return vars[n.name]!;
        case "unary":
          return args[0]!.neg();
        case "binary": {
          const [left, right] = args as [Tensor, Tensor];
          if (n.op === "+") return left.add(right);
          if (n.op === "-") return left.sub(right);
          if (n.op === "*") return left.mul(right);
          if (n.op === "/") return left.div(right);
          return left.pow(right);
        }
        case "call":
          return FUNCTIONS[n.name].tensor(...args);
      }
    },
    childrenOf,
  );
}

/** The exponent of a power node (`a ^ b`, `pow(a, b)`), else undefined. */
function powerExponent(node: ExpressionNode): ExpressionNode | undefined {
  if (node.kind === "binary" && node.op === "^") return node.right;
  if (node.kind === "call" && node.name === "pow") return node.args[1];
  return undefined;
}

/** Post-order of each tree evaluated with numbers, kept: a contour grid evaluates it often. */
const numberPrograms = new WeakMap<ExpressionNode, ExpressionNode[]>();

/** The value of `node` in float64 JS arithmetic, with a value stack instead of recursion. */
export function evaluateNumber(
  node: ExpressionNode,
  vars: Readonly<Record<string, number>>,
): number {
  let program = numberPrograms.get(node);
  if (program === undefined) {
    program = postOrder(node);
    numberPrograms.set(node, program);
  }
  const stack: number[] = [];
  for (const n of program) {
    switch (n.kind) {
      case "number":
        stack.push(n.value);
        break;
      case "variable":
        stack.push(vars[n.name]!);
        break;
      case "unary":
        stack.push(-stack.pop()!);
        break;
      case "binary": {
        const right = stack.pop()!;
        const left = stack.pop()!;
        if (n.op === "+") stack.push(left + right);
        else if (n.op === "-") stack.push(left - right);
        else if (n.op === "*") stack.push(left * right);
        else if (n.op === "/") stack.push(left / right);
        else stack.push(det.pow(left, right));
        break;
      }
      case "call": {
        const args = stack.splice(stack.length - n.args.length, n.args.length);
        stack.push(FUNCTIONS[n.name].number(...args));
        break;
      }
    }
  }
  return stack[0]!;
}
