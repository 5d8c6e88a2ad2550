// The float32 tanh kernel equals Math.tanh rounded to float32, bit for bit: a sampled run of
// scripts/check-tanh.ts (which checks all 2^32 inputs when run by hand; see its header).
// The full run, last done on Node 20.20 (V8's Math.tanh) with the kernel of commit 279710c:
// 4294967296 inputs, 0 differ, max error 0 ulp (244 s on one core).
import assert from "node:assert/strict";
import { test } from "node:test";
import { checkTanh } from "../../scripts/check-tanh.js";

const bitsOf = (x: number) => new Uint32Array(Float32Array.of(x).buffer)[0]!;

test("every 4096th float32 bit pattern (2^20 inputs, both signs, NaN, ±Infinity)", () => {
  const { checked, mismatches } = checkTanh(0, 2 ** 32, 4096);
  assert.equal(checked, 2 ** 20);
  assert.deepEqual(mismatches, []);
});

test("every float32 in dense runs where the polynomial does the work (near 0.5, 3 and 9.4)", () => {
  for (const x of [0.5, 3, 9.4, -0.5]) {
    const start = bitsOf(x);
    const { checked, mismatches } = checkTanh(start, start + 2 ** 17);
    assert.equal(checked, 2 ** 17);
    assert.deepEqual(mismatches, [], `from ${x}`);
  }
});
