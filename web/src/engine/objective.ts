// The function a descent lab works on: a gallery name or a typed formula, checked before any run.
import {
  ArgumentError,
  ExpressionError,
  galleryFunction,
  parseExpression,
  type Expression,
  type GalleryFunction,
} from "../../../src/index.js";

/** An expression that did not parse, with where (0-based) and how long the mistake is. */
export interface ExpressionProblem {
  message: string;
  position: number;
  length: number;
}

export type Objective =
  | { ok: true; source: string; expression: Expression; gallery?: GalleryFunction }
  | { ok: false; problem: ExpressionProblem };

/** Resolves `f` (gallery name or formula) and checks that it uses exactly the lab's variables. */
export function resolveObjective(f: string, variables: readonly string[]): Objective {
  const gallery = galleryFunction(f);
  const source = gallery?.expression ?? f;
  if (source.trim() === "") {
    return problem("expression: empty; type a formula such as x^2 - 2x", 0, 0);
  }
  let expression: Expression;
  try {
    expression = parseExpression(source);
  } catch (error) {
    if (error instanceof ExpressionError)
      return problem(error.message, error.position, error.length);
    return problem(String(error), 0, source.length);
  }
  const unknown = expression.variables.filter((v) => !variables.includes(v));
  if (unknown.length > 0) {
    const name = unknown[0]!;
    const at = Math.max(0, source.search(new RegExp(`\\b${name}\\b`)));
    return problem(
      `expression: unknown variable "${name}" at position ${at}; this lab's variables are ${variables.join(", ")}`,
      at,
      name.length,
    );
  }
  return gallery ? { ok: true, source, expression, gallery } : { ok: true, source, expression };
}

function problem(message: string, position: number, length: number): Objective {
  return { ok: false, problem: { message, position, length } };
}

/** f as a plain number function of the lab's variables (x, or x and y). */
export function numeric(expression: Expression, variables: readonly string[]) {
  return (...values: number[]): number => {
    const vars: Record<string, number> = {};
    variables.forEach((name, i) => (vars[name] = values[i]!));
    return expression.evaluateNumber(vars);
  };
}

/**
 * Runs minimize() or race(), turning a refused start (outside f's domain, or where its gradient
 * is infinite) into a problem the lab shows, like a typing mistake, instead of a worker error.
 */
export function startChecked<T>(run: () => T): T | { problem: ExpressionProblem } {
  try {
    return run();
  } catch (error) {
    if (error instanceof ArgumentError && /at the start point/.test(error.message))
      return { problem: { message: error.message, position: 0, length: 0 } };
    throw error;
  }
}
