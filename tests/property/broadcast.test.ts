// Property tests of broadcasting: the shape rule against a direct spec, the gradients of a
// broadcast add, and sumToShape as the inverse of expand. Seeded, so every run is the same.
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import fc from "fast-check";
import {
  ShapeError,
  add,
  broadcastShapes,
  expand,
  sumToShape,
  tensor,
  type Tensor,
} from "../../src/index.js";
import { assertClose } from "../helpers.js";

const RUNS = { seed: 42, numRuns: 200 };

// ---- a direct spec of broadcasting --------------------------------------------------------------

/** The broadcast of two shapes by the rule itself, or null when they are incompatible. */
function specBroadcast(a: readonly number[], b: readonly number[]): number[] | null {
  const n = Math.max(a.length, b.length);
  const out: number[] = [];
  for (let i = 0; i < n; i++) {
    // align from the right; a missing leading dim counts as 1
    const da = i < n - a.length ? 1 : a[i - (n - a.length)]!;
    const db = i < n - b.length ? 1 : b[i - (n - b.length)]!;
    if (da === db) out.push(da);
    else if (da === 1) out.push(db);
    else if (db === 1) out.push(da);
    else return null;
  }
  return out;
}

const numel = (shape: readonly number[]) => shape.reduce((p, d) => p * d, 1);

/** Any shape of rank 0..5 with dims 0..3 (incompatible pairs are common). */
const anyShape = fc.array(fc.integer({ min: 0, max: 3 }), { minLength: 0, maxLength: 5 });

/** A shape that broadcasts to `target`: a suffix of it with some dims replaced by 1. */
function partnerOf(target: readonly number[]): fc.Arbitrary<number[]> {
  return fc
    .tuple(
      fc.integer({ min: 0, max: target.length }),
      fc.array(fc.boolean(), { minLength: target.length, maxLength: target.length }),
    )
    .map(([rank, ones]) =>
      target.slice(target.length - rank).map((d, i) => (ones[i + target.length - rank] ? 1 : d)),
    );
}

/** Two shapes that broadcast together (dims 1..4, ranks 0..4), with the shape they make. */
const broadcastablePair = fc
  .array(fc.integer({ min: 1, max: 4 }), { minLength: 0, maxLength: 4 })
  .chain((out) => fc.tuple(partnerOf(out), partnerOf(out)));

/** A float64 tensor of `shape` with small integer values, so that sums are exact. */
function intValued(shape: readonly number[], seed: number): Tensor {
  const n = numel(shape);
  const values = Float64Array.from({ length: n }, (_, i) => ((i * 7 + seed * 13) % 11) - 5);
  return tensor(values, { shape });
}

/** Row-major coordinates of flat index i in `shape`. */
function unravel(i: number, shape: readonly number[]): number[] {
  const coords = new Array<number>(shape.length);
  let rest = i;
  for (let d = shape.length - 1; d >= 0; d--) {
    coords[d] = rest % shape[d]!;
    rest = Math.floor(rest / shape[d]!);
  }
  return coords;
}

/** What the gradient of a broadcast operand must be: w summed over the dims it was broadcast in. */
function naiveSumTo(
  w: Float64Array,
  outShape: readonly number[],
  shape: readonly number[],
): number[] {
  const out = new Array<number>(numel(shape)).fill(0);
  const lead = outShape.length - shape.length;
  for (let i = 0; i < w.length; i++) {
    const coords = unravel(i, outShape);
    let index = 0;
    for (let d = 0; d < shape.length; d++) {
      index = index * shape[d]! + (shape[d] === 1 ? 0 : coords[d + lead]!);
    }
    out[index]! += w[i]!;
  }
  return out;
}

describe("property: broadcastShapes", () => {
  test("is commutative (same result, or both throw)", () => {
    fc.assert(
      fc.property(anyShape, anyShape, (a, b) => {
        let ab: number[] | "error";
        let ba: number[] | "error";
        try {
          ab = broadcastShapes(a, b);
        } catch {
          ab = "error";
        }
        try {
          ba = broadcastShapes(b, a);
        } catch {
          ba = "error";
        }
        assert.deepEqual(
          ab,
          ba,
          `broadcastShapes([${a.join(",")}], [${b.join(",")}]) vs ([${b.join(",")}], [${a.join(",")}])`,
        );
      }),
      RUNS,
    );
  });

  test("matches the spec (aligned dims equal or 1) and throws a ShapeError exactly when incompatible", () => {
    fc.assert(
      fc.property(anyShape, anyShape, (a, b) => {
        const expected = specBroadcast(a, b);
        if (expected === null) {
          assert.throws(
            () => broadcastShapes(a, b),
            ShapeError,
            `[${a.join(",")}] and [${b.join(",")}] are incompatible and must throw`,
          );
        } else {
          assert.deepEqual(
            broadcastShapes(a, b),
            expected,
            `broadcastShapes([${a.join(",")}], [${b.join(",")}])`,
          );
        }
      }),
      RUNS,
    );
  });

  test("a shape broadcast with itself, with [] and with all-ones of its rank is itself", () => {
    fc.assert(
      fc.property(anyShape, (a) => {
        assert.deepEqual(broadcastShapes(a, a), a);
        assert.deepEqual(broadcastShapes(a, []), a);
        assert.deepEqual(
          broadcastShapes(
            a,
            a.map(() => 1),
          ),
          a,
        );
      }),
      RUNS,
    );
  });

  test("add() of tensors of incompatible shapes throws a ShapeError", () => {
    fc.assert(
      fc.property(anyShape, anyShape, (a, b) => {
        fc.pre(specBroadcast(a, b) === null);
        assert.throws(() => add(intValued(a, 1), intValued(b, 2)), ShapeError);
      }),
      { seed: 42, numRuns: 100 },
    );
  });
});

describe("property: gradients of a broadcast add", () => {
  test("add(a, b).backward(w) gives each input a grad of its own shape, equal to w summed over broadcast dims", () => {
    fc.assert(
      fc.property(broadcastablePair, fc.integer({ min: 0, max: 100 }), ([sa, sb], seed) => {
        const a = intValued(sa, seed).requiresGrad_();
        const b = intValued(sb, seed + 1).requiresGrad_();
        const out = add(a, b);
        const outShape = specBroadcast(sa, sb)!;
        assert.deepEqual([...out.shape], outShape, "output shape");
        const w = intValued(outShape, seed + 2);
        out.backward(w);
        assert.ok(a.grad !== null && b.grad !== null, "both inputs get a grad");
        assert.deepEqual(
          [...a.grad.shape],
          sa,
          `grad of a [${sa.join(",")}] (out [${outShape.join(",")}])`,
        );
        assert.deepEqual(
          [...b.grad.shape],
          sb,
          `grad of b [${sb.join(",")}] (out [${outShape.join(",")}])`,
        );
        const wData = w.data as Float64Array;
        assertClose(a.grad, naiveSumTo(wData, outShape, sa), { rtol: 0, atol: 0 }, "grad of a");
        assertClose(b.grad, naiveSumTo(wData, outShape, sb), { rtol: 0, atol: 0 }, "grad of b");
      }),
      RUNS,
    );
  });
});

describe("property: sumToShape inverts expand", () => {
  test("sumToShape(expand(x, big), x.shape) equals x times the number of copies", () => {
    const pair = fc
      .array(fc.integer({ min: 1, max: 4 }), { minLength: 0, maxLength: 4 })
      .chain((big) => fc.tuple(fc.constant(big), partnerOf(big)));
    fc.assert(
      fc.property(pair, fc.integer({ min: 0, max: 100 }), ([big, small], seed) => {
        const x = intValued(small, seed);
        const expanded = expand(x, big);
        assert.deepEqual([...expanded.shape], big);
        const back = sumToShape(expanded, x.shape);
        assert.deepEqual(
          [...back.shape],
          small,
          `sumToShape to [${small.join(",")}] from [${big.join(",")}]`,
        );
        const copies = numel(big) / numel(small);
        const expected = Array.from(x.data, (v) => v * copies);
        assertClose(
          back,
          expected,
          { rtol: 0, atol: 0 },
          `[${small.join(",")}] → [${big.join(",")}] → back`,
        );
      }),
      RUNS,
    );
  });
});
