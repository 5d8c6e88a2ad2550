// ExpressionError: a syntax or evaluation error that points into the expression's source text.
import { ArgumentError } from "../../errors.js";

/**
 * A mistake in an expression string, or a missing variable when evaluating one. `position` is the
 * 0-based index in the source and `length` the number of characters concerned; the message repeats
 * the source with a caret under them, so that a user sees where the problem is without counting.
 */
export class ExpressionError extends ArgumentError {
  /** "ExpressionError", so a catch can tell it from other errors. */
  override name = "ExpressionError";
  /** The expression as the user wrote it. */
  readonly source: string;
  /** The 0-based index in `source` where the problem starts. */
  readonly position: number;
  /** How many characters the problem spans (at least 1 is underlined). */
  readonly length: number;

  /** `problem` says what is wrong, `hint` what to write instead; the message shows the caret. */
  constructor(source: string, position: number, length: number, problem: string, hint?: string) {
    super(formatMessage(source, position, length, problem, hint));
    this.source = source;
    this.position = position;
    this.length = length;
  }
}

function formatMessage(
  source: string,
  position: number,
  length: number,
  problem: string,
  hint: string | undefined,
): string {
  const head = `expression: ${problem} at position ${position}${hint ? `; ${hint}` : ""}`;
  // Tabs and newlines would shift the caret out of line with the character it points at.
  const shown = source.replace(/\s/g, " ");
  const caret = " ".repeat(position) + "^".repeat(Math.max(1, length));
  return `${head}\n  ${shown}\n  ${caret}`;
}
