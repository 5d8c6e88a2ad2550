// The worker pool's claiming of shares: every share of every job runs exactly once, whichever thread
// claims it, however many shares a job has and however fast jobs follow each other (a worker that
// wakes late must find the old job's shares gone, not run the new job's twice), and a job's parts
// run in order.
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { Pool } from "../../src/backend/wasm/pool.js";
import { shares } from "../../src/backend/wasm/split.js";
import { MAX_SHARES, Runtime } from "../../src/backend/wasm/runtime.js";

describe("the wasm worker pool", () => {
  const rt = new Runtime(false);
  let pool: Pool | undefined;
  before(async () => {
    if (!rt.shared) return;
    pool = new Pool(rt, 2);
    await pool.whenReady();
  });
  after(() => pool?.close());

  test("each share runs exactly once: 3,000 in-place additions split 1 to 16 ways", (t) => {
    if (pool === undefined) return t.skip("no shared memory here");
    const n = 4 * 1031; // shares end off the multiples of 64
    rt.reset();
    const acc = rt.reserve(4 * n);
    const one = rt.reserve(4 * n);
    rt.f32.fill(0, acc >> 2, (acc >> 2) + n);
    rt.f32.fill(1, one >> 2, (one >> 2) + n);
    const jobs = 3000;
    for (let job = 0; job < jobs; job++) {
      const count = 1 + (job % MAX_SHARES);
      // binary_add(a, ia, ra, b, ib, rb, out, rows, inner): acc += 1 over [first, end)
      const perShare = shares(n, count, 4).map(([first, end]) => {
        const [a, b] = [acc + 4 * first, one + 4 * first];
        return first < end ? [a, 1, 0, b, 1, 0, a, 1, end - first] : [];
      });
      pool.run([{ kernel: "binary_add", shares: perShare }]);
    }
    const sums = rt.f32.subarray(acc >> 2, (acc >> 2) + n);
    const wrong = sums.findIndex((v) => v !== jobs);
    assert.equal(wrong, -1, `element ${wrong} is ${sums[wrong]}, not ${jobs}`);
  });

  test("a later part starts after every share of the earlier ones: 300 jobs of two parts", (t) => {
    if (pool === undefined) return t.skip("no shared memory here");
    const count = 8;
    const block = 4 * 8191;
    rt.reset();
    const x = rt.reserve(4 * count * block);
    const y = rt.reserve(4 * count * block);
    const one = rt.reserve(4 * count * block);
    const zero = rt.reserve(4 * count * block);
    rt.f32.fill(0, x >> 2, (x >> 2) + 2 * count * block);
    rt.f32.fill(1, one >> 2, (one >> 2) + count * block);
    rt.f32.fill(0, zero >> 2, (zero >> 2) + count * block);
    const add = (a: number, b: number, out: number) => [a, 1, 0, b, 1, 0, out, 1, block];
    const at = (base: number, s: number) => base + 4 * s * block;
    const jobs = 300;
    for (let job = 0; job < jobs; job++) {
      // x = y + 1 block by block, then y = x with its blocks rotated: each reads another's block
      const first = Array.from({ length: count }, (_, s) => add(at(y, s), at(one, s), at(x, s)));
      const second = Array.from({ length: count }, (_, s) =>
        add(at(x, (s + 1) % count), at(zero, s), at(y, s)),
      );
      pool.run([
        { kernel: "binary_add", shares: first },
        { kernel: "binary_add", shares: second },
      ]);
    }
    const ys = rt.f32.subarray(y >> 2, (y >> 2) + count * block);
    const wrong = ys.findIndex((v) => v !== jobs);
    assert.equal(wrong, -1, `element ${wrong} is ${ys[wrong]}, not ${jobs}`);
  });

  test("more shares than the control block holds is refused, naming the limit", (t) => {
    if (pool === undefined) return t.skip("no shared memory here");
    const perShare = Array.from({ length: MAX_SHARES + 1 }, () => []);
    assert.throws(
      () => pool!.run([{ kernel: "binary_add", shares: perShare }]),
      /more than 16 shares/,
    );
  });
});
