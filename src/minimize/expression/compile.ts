// Expression: a parsed formula that evaluates with tensor ops or numbers, and compileExpression.
import { ArgumentError } from "../../errors.js";
import { isFloating, type DType } from "../../tensor/dtype.js";
import { Tensor } from "../../tensor/tensor.js";
import { formatNode, type ExpressionNode } from "./ast.js";
import { ExpressionError } from "./errors.js";
import { evaluateNumber, evaluateTensor } from "./evaluate.js";
import { parse } from "./parser.js";
import { postOrder } from "./walk.js";

/** How {@link Expression.evaluate} makes tensors of the expression's number literals. */
export interface EvaluateOptions {
  /** The dtype of the literals; by default the first float variable's dtype, else float32. */
  dtype?: DType;
}

/** A formula parsed from a string, e.g. `parseExpression("(1-x)^2 + 100(y-x^2)^2")`. */
export class Expression {
  /** The text as given. */
  readonly source: string;
  /** The syntax tree, each node with its span in `source`. */
  readonly ast: ExpressionNode;
  /** The variables: x, y, z first, then the others alphabetically (w2 before w10). */
  readonly variables: string[];
  /** The first occurrence of each variable, where a missing-variable error points. */
  private readonly firstUse = new Map<string, ExpressionNode>();

  constructor(source: string) {
    if (typeof source !== "string") {
      throw new ArgumentError(`parseExpression: expected a string, got ${typeof source}`);
    }
    this.source = source;
    this.ast = parse(source);
    this.collect(this.ast);
    this.variables = [...this.firstUse.keys()].sort(compareVariables);
  }

  /** The normalised text: explicit `*`, minimal parentheses; parsing it gives the same tree. */
  toString(): string {
    return formatNode(this.ast);
  }

  /**
   * The value built from tensor ops, so `.backward()` reaches the variables. Variables may have any
   * shapes that broadcast together; names not in `variables` are ignored.
   */
  evaluate(vars: Readonly<Record<string, Tensor>>, options: EvaluateOptions = {}): Tensor {
    this.checkVariables(vars, (v) => v instanceof Tensor, "a Tensor");
    const dtype =
      options.dtype ??
      this.variables.map((name) => vars[name]!.dtype).find((d) => isFloating(d)) ??
      "float32";
    return evaluateTensor(this.ast, vars, dtype);
  }

  /** The value with plain JS numbers (float64), e.g. for the points of a contour grid. */
  evaluateNumber(vars: Readonly<Record<string, number>>): number {
    this.checkVariables(vars, (v) => typeof v === "number", "a number");
    return evaluateNumber(this.ast, vars);
  }

  private collect(root: ExpressionNode): void {
    for (const node of postOrder(root)) {
      if (node.kind === "variable" && !this.firstUse.has(node.name))
        this.firstUse.set(node.name, node);
    }
  }

  private checkVariables(
    vars: Readonly<Record<string, unknown>>,
    valid: (value: unknown) => boolean,
    expected: string,
  ): void {
    if (typeof vars !== "object" || vars === null) {
      throw new ArgumentError(
        `expression: expected an object of variables such as { x: ..., y: ... }, got ${vars === null ? "null" : typeof vars}`,
      );
    }
    for (const name of this.variables) {
      if (!Object.hasOwn(vars, name)) {
        const node = this.firstUse.get(name)!;
        const given = Object.keys(vars);
        throw new ExpressionError(
          this.source,
          node.start,
          node.end - node.start,
          `missing variable '${name}'`,
          `the expression uses ${this.variables.join(", ")}; ` +
            `got ${given.length === 0 ? "no variables" : given.join(", ")}`,
        );
      }
      const value = vars[name];
      if (!valid(value)) {
        const got = value === null ? "null" : value instanceof Tensor ? "a Tensor" : typeof value;
        throw new ArgumentError(`expression: variable '${name}' must be ${expected}, got ${got}`);
      }
    }
  }
}

const FIRST = ["x", "y", "z"];

function compareVariables(a: string, b: string): number {
  const rank = (name: string) => (FIRST.includes(name) ? FIRST.indexOf(name) : FIRST.length);
  return rank(a) - rank(b) || a.localeCompare(b, "en", { numeric: true });
}

/**
 * Parses `source`; throws an ExpressionError that points at the first mistake.
 *
 * Numbers (`12`, `0.5`, `.5`, `1e-3`), the constants `pi` and `e`, `+ - * / ^` (`**` = `^`),
 * unary minus and plus, parentheses, and calls of the functions in FUNCTION_ARITY. `^` binds
 * tighter than unary minus (`-x^2` = −(x²)) and is right-associative (`2^3^2` = 2⁹). Juxtaposition
 * multiplies with the precedence of `*`: `3x^2` = 3·x², `2(x+1)`, `(x-1)(x+1)`, `x y`, `2pi`,
 * `2sin(x)`, and `1/2x` = (1/2)·x. Any other name is a variable; a name is read whole, so `xy` is
 * one variable and `x y` a product.
 *
 * @example parseExpression("(1-x)^2 + 100(y-x^2)^2").evaluateNumber({ x: 1, y: 1 }) // 0
 */
export function parseExpression(source: string): Expression {
  return new Expression(source);
}

/** What {@link compileExpression} returns: the function, its argument order and the parsed expression. */
export interface CompiledExpression {
  /** The order in which `f` takes its arguments. */
  variables: string[];
  /** The expression as a function of one tensor per variable, ready for grad/valueAndGrad. */
  f: (...args: Tensor[]) => Tensor;
  /** The parsed expression it was compiled from. */
  expression: Expression;
}

/**
 * `source` as a function of its variables in `variables` order.
 *
 * @example const { f } = compileExpression("(1-x)^2 + 100(y-x^2)^2"); grad(f, { argnums: [0, 1] })
 */
export function compileExpression(source: string): CompiledExpression {
  const expression = parseExpression(source);
  const variables = expression.variables.slice();
  const f = (...args: Tensor[]): Tensor => {
    if (args.length !== variables.length) {
      throw new ArgumentError(
        `expression: '${source}' takes ${variables.length} tensor${variables.length === 1 ? "" : "s"} ` +
          `(${variables.join(", ") || "none"}), got ${args.length}`,
      );
    }
    // no prototype, so that even a variable named __proto__ is an ordinary key
    const vars = Object.create(null) as Record<string, Tensor>;
    variables.forEach((name, i) => (vars[name] = args[i]!));
    return expression.evaluate(vars);
  };
  return { variables, f, expression };
}
