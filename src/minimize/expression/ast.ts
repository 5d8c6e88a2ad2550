// The syntax tree of a parsed expression, the table of known names, and its normalised printing.
import { foldTree } from "./walk.js";

/** Where a node was written in the source: `source.slice(start, end)`. */
interface Span {
  readonly start: number;
  readonly end: number;
}

export type BinaryOperator = "+" | "-" | "*" | "/" | "^";

/**
 * A node of the tree. Named constants (`pi`, `e`) are numbers that keep their `name`; implicit
 * multiplication is an ordinary "*"; unary plus leaves no node; parentheses leave none either
 * (only a wider span).
 */
export type ExpressionNode =
  | (Span & { readonly kind: "number"; readonly value: number; readonly name?: ConstantName })
  | (Span & { readonly kind: "variable"; readonly name: string })
  | (Span & { readonly kind: "unary"; readonly op: "-"; readonly operand: ExpressionNode })
  | (Span & {
      readonly kind: "binary";
      readonly op: BinaryOperator;
      readonly left: ExpressionNode;
      readonly right: ExpressionNode;
    })
  | (Span & {
      readonly kind: "call";
      readonly name: FunctionName;
      readonly args: readonly ExpressionNode[];
    });

export const CONSTANTS = { pi: Math.PI, e: Math.E } as const;
export type ConstantName = keyof typeof CONSTANTS;

/** Every function an expression may call, with its number of arguments. */
export const FUNCTION_ARITY = {
  abs: 1,
  sqrt: 1,
  exp: 1,
  log: 1,
  ln: 1,
  log1p: 1,
  sin: 1,
  cos: 1,
  tan: 1,
  tanh: 1,
  sigmoid: 1,
  relu: 1,
  sign: 1,
  softplus: 1,
  square: 1,
  min: 2,
  max: 2,
  pow: 2,
  hypot: 2,
  clamp: 3,
} as const;
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
