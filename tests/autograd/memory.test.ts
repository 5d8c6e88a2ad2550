// The garbage collector owns everything: a long training loop keeps its memory flat.
import assert from "node:assert/strict";
import { test } from "node:test";
import { setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";
import { Generator, noGrad, rand, randn, type Tensor } from "../../src/index.js";

setFlagsFromString("--expose-gc");
const gc = runInNewContext("gc") as () => void;

function heapAfterGc(): number {
  gc();
  gc();
  return process.memoryUsage().heapUsed + process.memoryUsage().arrayBuffers;
}

test("100,000 training steps of a small model keep memory flat", () => {
  const g = new Generator(0);
  const x = rand([16, 2], { generator: g }).mul(2).sub(1);
  const y = x.narrow(1, 0, 1).mul(x.narrow(1, 1, 1));
  const params = [randn([2, 8], { generator: g }), randn([8]), randn([8, 1]), randn([1])].map((p) =>
    p.mul(0.5).requiresGrad_(),
  );
  const step = (): number => {
    const [w1, b1, w2, b2] = params as [Tensor, Tensor, Tensor, Tensor];
    const loss = x.matmul(w1).add(b1).tanh().matmul(w2).add(b2).sub(y).square().mean();
    loss.backward();
    noGrad(() => {
      for (const p of params) {
        p.sub_(p.grad!.mul(0.05));
        p.grad = null;
      }
    });
    return loss.item();
  };
  const first = step();
  for (let i = 0; i < 10_000; i++) step();
  const before = heapAfterGc();
  let last = first;
  for (let i = 0; i < 90_000; i++) last = step();
  const after = heapAfterGc();
  assert.ok(last < first, `the loss went down (${first} -> ${last})`);
  const growth = after - before;
  assert.ok(
    growth < 2 * 1024 * 1024,
    `memory grew by ${(growth / 1024).toFixed(0)} KiB over 90,000 steps`,
  );
});
