// Shared test helpers: numeric comparison of tensors / arrays against expected values.
import assert from "node:assert/strict";
import type { Tensor } from "../src/index.js";

/** Tolerances: |actual - expected| <= atol + rtol * |expected| (elementwise). */
export interface Tolerance {
  rtol: number;
  atol: number;
}

/** The tolerances used to compare against PyTorch, by dtype (integers and bools exact). */
export function toleranceFor(dtype: string): Tolerance {
  switch (dtype) {
    case "float64":
      return { rtol: 1e-10, atol: 1e-12 };
    case "float32":
      return { rtol: 1e-5, atol: 1e-6 };
    default:
      return { rtol: 0, atol: 0 };
  }
}

/** An expected value: a number, or the strings "Infinity" / "-Infinity" / "NaN" (JSON-safe). */
export type ExpectedValue = number | boolean | string;

/** What `assertClose` accepts on either side. */
export type Comparable = Tensor | ArrayLike<ExpectedValue> | ExpectedValue;

function isTensor(x: unknown): x is Tensor {
  return (
    typeof x === "object" &&
    x !== null &&
    typeof (x as { toTypedArray?: unknown }).toTypedArray === "function"
  );
}

/** Decodes one value: booleans to 0/1, the JSON-safe strings to non-finite numbers. */
export function decodeNumber(v: ExpectedValue): number {
  if (typeof v === "number") return v;
  if (typeof v === "boolean") return v ? 1 : 0;
  if (v === "Infinity" || v === "inf") return Infinity;
  if (v === "-Infinity" || v === "-inf") return -Infinity;
  if (v === "NaN" || v === "nan") return NaN;
  const n = Number(v);
  if (Number.isNaN(n)) throw new Error(`decodeNumber: not a number: ${JSON.stringify(v)}`);
  return n;
}

/** Flattens a tensor, an array (of numbers, booleans or "Infinity"-style strings) or a number. */
export function toNumbers(x: Comparable): number[] {
  if (isTensor(x)) {
    const flat = x.toTypedArray() as ArrayLike<number | bigint | boolean>;
    return Array.from(flat, (v) => Number(v));
  }
  if (typeof x === "object") return Array.from(x, decodeNumber);
  return [decodeNumber(x)];
}

function fmt(v: number): string {
  return Number.isFinite(v) ? v.toPrecision(17).replace(/\.?0+(e|$)/, "$1") : String(v);
}

/**
 * Asserts that `actual` and `expected` have the same number of elements and that every pair is
 * close: NaN matches NaN, infinities must match exactly, otherwise
 * `|a - e| <= atol + rtol * |e|`. On failure the message lists the worst elements.
 */
export function assertClose(
  actual: Comparable,
  expected: Comparable,
  tol: Partial<Tolerance> = {},
  message = "values",
): void {
  const rtol = tol.rtol ?? 1e-10;
  const atol = tol.atol ?? 1e-12;
  const a = toNumbers(actual);
  const e = toNumbers(expected);
  assert.equal(a.length, e.length, `${message}: ${a.length} elements, expected ${e.length}`);
  const bad: { i: number; a: number; e: number; err: number }[] = [];
  for (let i = 0; i < e.length; i++) {
    const av = a[i]!;
    const ev = e[i]!;
    if (Number.isNaN(ev) && Number.isNaN(av)) continue;
    if (!Number.isFinite(ev) || !Number.isFinite(av)) {
      if (av !== ev) bad.push({ i, a: av, e: ev, err: Infinity });
      continue;
    }
    const diff = Math.abs(av - ev);
    const allowed = atol + rtol * Math.abs(ev);
    if (!(diff <= allowed)) bad.push({ i, a: av, e: ev, err: diff / allowed });
  }
  if (bad.length > 0) {
    bad.sort((x, y) => y.err - x.err);
    const shown = bad
      .slice(0, 5)
      .map(
        (b) =>
          `  [${b.i}] got ${fmt(b.a)}, expected ${fmt(b.e)} (abs err ${fmt(Math.abs(b.a - b.e))})`,
      )
      .join("\n");
    assert.fail(
      `${message}: ${bad.length}/${e.length} elements differ (rtol ${rtol}, atol ${atol}), worst:\n${shown}`,
    );
  }
}

/** Asserts a tensor's shape exactly. */
export function assertShape(t: Tensor, expected: readonly number[], message = "shape"): void {
  assert.deepEqual([...t.shape], [...expected], `${message}: got [${t.shape.join(", ")}]`);
}

/** Asserts a tensor's shape and dtype exactly, then its values with the dtype's tolerance. */
export function assertTensor(
  actual: Tensor,
  expected: { shape: readonly number[]; dtype: string; data: ArrayLike<ExpectedValue> },
  message = "tensor",
  tol: Tolerance = toleranceFor(expected.dtype),
): void {
  assertShape(actual, expected.shape, `${message} shape`);
  assert.equal(actual.dtype, expected.dtype, `${message} dtype`);
  assertClose(actual, expected.data, tol, `${message} values`);
}
