// The syntax tree of a parsed expression, the table of known names, and its normalised printing.
import { foldTree } from "./walk.js";

/** Where a node was written in the source: `source.slice(start, end)`. */
export interface Span {
  /** The index of its first character. */
  readonly start: number;
  /** The index after its last character. */
  readonly end: number;
}

/** The binary operators, loosest first: + −, then * /, then ^ (right-associative). */
export type BinaryOperator = "+" | "-" | "*" | "/" | "^";

/**
 * A node of the tree. Named constants (`pi`, `e`) are numbers that keep their `name`; implicit
 * multiplication is an ordinary "*"; unary plus leaves no node; parentheses leave none either
 * (only a wider span).
 */
export type ExpressionNode =
  | (Span & {
      /** A number literal or a named constant. */
      readonly kind: "number";
      /** Its value (π for `pi`). */
      readonly value: number;
      /** The constant's name, when it was written as one. */
      readonly name?: ConstantName;
    })
  | (Span & {
      /** A variable, given a value when evaluated. */
      readonly kind: "variable";
      /** The variable's name as written. */
      readonly name: string;
    })
  | (Span & {
      /** Negation. */
      readonly kind: "unary";
      /** Always "-" (unary plus leaves no node). */
      readonly op: "-";
      /** What is negated. */
      readonly operand: ExpressionNode;
    })
  | (Span & {
      /** An operator with two operands (implicit multiplication included). */
      readonly kind: "binary";
      /** Which operator. */
      readonly op: BinaryOperator;
      /** The left operand. */
      readonly left: ExpressionNode;
      /** The right operand. */
      readonly right: ExpressionNode;
    })
  | (Span & {
      /** A function call. */
      readonly kind: "call";
      /** The function, one of FUNCTION_ARITY's. */
      readonly name: FunctionName;
      /** Its arguments, as many as its arity. */
      readonly args: readonly ExpressionNode[];
    });

/** The named constants an expression may use, and their values. */
export const CONSTANTS = {
  /** π = 3.14159… */
  pi: Math.PI,
  /** Euler's number e = 2.71828… */
  e: Math.E,
} as const;
/** The named constants an expression may use: `pi` and `e`. */
export type ConstantName = keyof typeof CONSTANTS;

/** Every function an expression may call, with its number of arguments. */
export const FUNCTION_ARITY = {
  /** |x| */
  abs: 1,
  /** √x */
  sqrt: 1,
  /** eˣ */
  exp: 1,
  /** the natural logarithm */
  log: 1,
  /** the natural logarithm (same as log) */
  ln: 1,
  /** log(1 + x), accurate near 0 */
  log1p: 1,
  /** sine (radians) */
  sin: 1,
  /** cosine (radians) */
  cos: 1,
  /** tangent (radians) */
  tan: 1,
  /** hyperbolic tangent */
  tanh: 1,
  /** 1 / (1 + e⁻ˣ) */
  sigmoid: 1,
  /** max(x, 0) */
  relu: 1,
  /** −1, 0 or 1 (gradient 0) */
  sign: 1,
  /** log(1 + eˣ) */
  softplus: 1,
  /** x² */
  square: 1,
  /** the smaller of two */
  min: 2,
  /** the larger of two */
  max: 2,
  /** pow(x, p) = x^p */
  pow: 2,
  /** √(x² + y²) */
  hypot: 2,
  /** clamp(x, lo, hi): x limited to [lo, hi] */
  clamp: 3,
} as const;
/** The functions an expression may call (see FUNCTION_ARITY). */
export type FunctionName = keyof typeof FUNCTION_ARITY;

export const isFunctionName = (name: string): name is FunctionName =>
  Object.hasOwn(FUNCTION_ARITY, name);
export const isConstantName = (name: string): name is ConstantName =>
  Object.hasOwn(CONSTANTS, name);

// Binding strength of what a node prints as; a child weaker than its place needs parentheses.
const SUM = 1;
const PRODUCT = 2;
const UNARY = 3;
const POWER = 4;
const ATOM = 5;

function strength(node: ExpressionNode): number {
  switch (node.kind) {
    case "number": // never negative: the parser reads `-2` as a unary minus
    case "variable":
    case "call":
      return ATOM;
    case "unary":
      return UNARY;
    case "binary":
      return node.op === "^" ? POWER : node.op === "*" || node.op === "/" ? PRODUCT : SUM;
  }
}

/**
 * The normalised text of a tree: explicit `*`, `^` for powers, single spaces around `+ - * /`,
 * and only the parentheses the tree needs (`a - (b - c)` keeps its own, `(a - b) - c` prints as
 * `a - b - c`). Parsing the result gives back the same tree. Iterative, like every walk of a tree.
 */
export function formatNode(root: ExpressionNode): string {
  return foldTree<string>(root, (node, texts) => {
    const wrap = (k: number, parenthesise: boolean) =>
      parenthesise ? `(${texts[k]!})` : texts[k]!;
    switch (node.kind) {
      case "number":
        return node.name ?? String(node.value);
      case "variable":
        return node.name;
      case "call":
        return `${node.name}(${texts.join(", ")})`;
      case "unary":
        // `-(-x)` rather than `--x`, which parses the same but reads like a typo
        return `-${wrap(0, strength(node.operand) <= UNARY)}`;
      case "binary": {
        const own = strength(node);
        if (node.op === "^") {
          // right-associative: `(a^b)^c` needs its parentheses and `a^(b^c)` does not
          return `${wrap(0, strength(node.left) <= POWER)}^${wrap(1, strength(node.right) < POWER)}`;
        }
        const left = wrap(0, strength(node.left) < own);
        return `${left} ${node.op} ${wrap(1, strength(node.right) <= own)}`;
      }
    }
  });
}
