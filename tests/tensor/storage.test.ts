// Storage: small tensors are carved from shared ArrayBuffer blocks (src/tensor/dtype.ts). No two
// tensors may ever share storage: results kept for a long time keep their values whatever is
// computed, written in place or collected afterwards, and every new tensor starts from zeros.
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { noGrad, tensor, zeros, type Tensor, type TypedArray } from "../../src/index.js";

/** The byte range [start, end) of a tensor's storage in its ArrayBuffer. */
function range(t: Tensor): [ArrayBufferLike, number, number] {
  return [t.data.buffer, t.data.byteOffset, t.data.byteOffset + t.data.byteLength];
}

/** No two of the tensors overlap in memory (distinct tensors with one storage are allowed only if given as the same object). */
function assertDisjoint(ts: readonly Tensor[]): void {
  const byBuffer = new Map<ArrayBufferLike, [number, number, number][]>();
  ts.forEach((t, i) => {
    const [buffer, start, end] = range(t);
    if (end === start) return;
    const list = byBuffer.get(buffer) ?? [];
    list.push([start, end, i]);
    byBuffer.set(buffer, list);
  });
  for (const list of byBuffer.values()) {
    list.sort((a, b) => a[0] - b[0]);
    for (let k = 1; k < list.length; k++) {
      const [, prevEnd, i] = list[k - 1]!;
      const [start, , j] = list[k]!;
      assert.ok(start >= prevEnd, `tensors ${i} and ${j} overlap`);
    }
  }
}

const snapshot = (a: TypedArray): number[] => Array.from(a);

describe("storage", () => {
  test("many tensors of every dtype and size are disjoint and zero-filled", () => {
    const kept: Tensor[] = [];
    for (const dtype of ["float32", "float64", "int32", "bool"] as const) {
      for (const n of [1, 2, 15, 16, 17, 31, 64, 65, 100, 200, 511, 512, 513, 1024, 1025, 5000]) {
        for (let copy = 0; copy < 3; copy++) {
          const t = zeros([n], { dtype });
          assert.ok(
            t.data.every((v) => v === 0),
            `${dtype} [${n}] starts at zero`,
          );
          t.fill_(1); // dirty it, so that a later tensor handed the same bytes would show it
          kept.push(t);
        }
      }
    }
    assertDisjoint(kept);
    for (const t of kept)
      assert.ok(
        t.data.every((v) => v === 1),
        "values kept",
      );
  });

  test("results held across many training steps keep their values", () => {
    // Small outputs (carved) and larger ones, from forward and backward passes, kept across
    // 100 steps of training with in-place updates; each must still hold what it held when made.
    const w1 = tensor(
      Array.from({ length: 32 }, (_, i) => Math.sin(i) / 4),
      { shape: [2, 16], requiresGrad: true },
    );
    const b1 = tensor(new Array<number>(16).fill(0.1), { requiresGrad: true });
    const w2 = tensor(
      Array.from({ length: 16 }, (_, i) => Math.cos(i) / 4),
      { shape: [16, 1], requiresGrad: true },
    );
    const x = tensor(
      Array.from({ length: 2 * 40 }, (_, i) => Math.sin(3 * i)),
      { shape: [40, 2] },
    );
    const kept: { t: Tensor; values: number[] }[] = [];
    const keep = (t: Tensor) => kept.push({ t, values: snapshot(t.data) });
    for (let step = 0; step < 100; step++) {
      const h = x.matmul(w1).add(b1).tanh(); // [40, 16]: 2,560 bytes, carved
      const out = h.matmul(w2); // [40, 1]: 160 bytes, carved
      const loss = out.square().mean();
      loss.backward();
      keep(h);
      keep(out);
      keep(loss);
      keep(w1.grad!);
      keep(b1.grad!);
      keep(w2.grad!);
      keep(h.detach().mul(2));
      noGrad(() => {
        for (const p of [w1, b1, w2]) {
          p.sub_(p.grad!, { alpha: 0.05 });
          p.grad!.mul_(-3); // scribble on the old gradient: it belongs to nobody else
          p.grad = null;
        }
      });
      // the scribbled gradients changed in place, as asked: record their new values
      for (const k of kept.slice(-4, -1)) k.values = snapshot(k.t.data);
    }
    assertDisjoint(kept.map((k) => k.t));
    for (const [i, { t, values }] of kept.entries()) {
      assert.deepEqual(snapshot(t.data), values, `kept tensor ${i} changed`);
    }
  });

  test("an in-place op on a carved tensor leaves its neighbours alone", () => {
    const ts = Array.from({ length: 40 }, (_, i) => tensor(new Array<number>(30).fill(i)));
    ts[7]!.add_(100);
    ts[8]!.mul_(tensor(new Array<number>(30).fill(2)));
    ts.forEach((t, i) => {
      const expected = i === 7 ? 107 : i === 8 ? 16 : i;
      assert.ok(
        t.data.every((v) => v === expected),
        `tensor ${i}`,
      );
    });
  });
});
