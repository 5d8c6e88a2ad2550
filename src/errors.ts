/** Error classes: every message names the op, the shapes or the argument, and what to do. */

/**
 * Base class of every error descent throws on purpose; catch it to tell descent's errors from
 * bugs. PyTorch raises RuntimeError, ValueError or TypeError instead.
 */
export class DescentError extends Error {
  /** The class name, so that messages print as "DescentError: …". */
  override name = "DescentError";
}

/** Shapes that do not fit an op (broadcasting, matmul, reshape, cat...). */
export class ShapeError extends DescentError {
  /** "ShapeError". */
  override name = "ShapeError";
}

/** A dtype that an op cannot take, or an unknown dtype name. */
export class DTypeError extends DescentError {
  /** "DTypeError". */
  override name = "DTypeError";
}

/** A bad argument: an index out of range, a dim out of range, an invalid option value. */
export class ArgumentError extends DescentError {
  /** "ArgumentError". */
  override name = "ArgumentError";
}

/** Misuse of autograd: backward on a non-scalar without a gradient, a freed graph, ... */
export class AutogradError extends DescentError {
  /** "AutogradError". */
  override name = "AutogradError";
}

/** Thrown by `detectAnomaly(true)` when an op produces NaN or Infinity. */
export class AnomalyError extends DescentError {
  /** "AnomalyError". */
  override name = "AnomalyError";
}

/** `[2, 3]` — how every message prints a shape. */
export function formatShape(shape: readonly number[]): string {
  return `[${shape.join(", ")}]`;
}
