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
  let shown = source.replace(/\s/g, " ");
  let at = position;
  // A long source shows only the part around the mistake, so the message stays a few lines.
  if (shown.length > WINDOW * 2) {
    const from = Math.max(0, position - WINDOW);
    const to = Math.min(shown.length, position + Math.max(1, length) + WINDOW);
    shown = `${from > 0 ? "…" : ""}${shown.slice(from, to)}${to < shown.length ? "…" : ""}`;
    at = position - from + (from > 0 ? 1 : 0);
  }
  const caret = " ".repeat(at) + "^".repeat(Math.max(1, Math.min(length, WINDOW)));
  return `${head}\n  ${shown}\n  ${caret}`;
}

/** Characters shown either side of the mistake in a long source. */
const WINDOW = 40;
