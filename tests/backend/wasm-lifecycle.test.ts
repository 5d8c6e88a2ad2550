// The wasm backend needs no freeing and never holds a process: 100,000 training steps keep both
// the JavaScript heap and the wasm memory flat, and a process that used two threads exits.
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { test } from "node:test";
import { setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";
import {
  Generator,
  noGrad,
  rand,
  randn,
  setBackend,
  setThreads,
  type Tensor,
} from "../../src/index.js";
import { runtime } from "../../src/backend/wasm/runtime.js";

setFlagsFromString("--expose-gc");
const gc = runInNewContext("gc") as () => void;

function heapAfterGc(): number {
  gc();
  gc();
  return process.memoryUsage().heapUsed + process.memoryUsage().arrayBuffers;
}

test("100,000 training steps on the wasm backend (two threads) keep memory flat", async () => {
  const previous = setBackend("wasm");
  await setThreads(2);
  try {
    const g = new Generator(0);
    // 32×2 @ 2×64 and 32×64 @ 64×1 forward, and their transposed backward products: big enough
    // for the wasm matmul (≥ 16³ multiply-adds), with tanh computed in wasm too
    const x = rand([32, 2], { generator: g }).mul(2).sub(1);
    const y = x.narrow(1, 0, 1).mul(x.narrow(1, 1, 1));
    const params = [
      randn([2, 64], { generator: g }),
      randn([64]),
      randn([64, 1], { generator: g }),
      randn([1]),
    ].map((p) => p.mul(0.3).requiresGrad_());
    const step = (): number => {
      const [w1, b1, w2, b2] = params as [Tensor, Tensor, Tensor, Tensor];
      const loss = x.matmul(w1).add(b1).tanh().matmul(w2).add(b2).sub(y).square().mean();
      loss.backward();
      noGrad(() => {
        for (const p of params) {
          p.sub_(p.grad!.mul(0.02));
          p.grad = null;
        }
      });
      return loss.item();
    };
    const first = step();
    for (let i = 0; i < 10_000; i++) step();
    const before = heapAfterGc();
    const wasmBefore = runtime().memory.buffer.byteLength;
    let last = first;
    for (let i = 0; i < 90_000; i++) last = step();
    const after = heapAfterGc();
    assert.ok(last < first, `the loss went down (${first} -> ${last})`);
    const growth = after - before;
    assert.ok(growth < 2 * 1024 * 1024, `memory grew by ${(growth / 1024).toFixed(0)} KiB`);
    assert.equal(runtime().memory.buffer.byteLength, wasmBefore, "wasm memory grew");
  } finally {
    setBackend(previous);
    await setThreads(1);
  }
});

test("a process that trained on two threads exits by itself", () => {
  const script = `
    const d = await import("./src/index.ts");
    d.setBackend("wasm");
    await d.setThreads(2);
    const a = d.randn([300, 200]), b = d.randn([200, 100]);
    let s = 0;
    for (let i = 0; i < 20; i++) s += a.matmul(b).sum().item();
    console.log("threads", d.getThreads(), Number.isFinite(s));
  `;
  const run = spawnSync(
    process.execPath,
    ["--import", "tsx", "--input-type=module", "--eval", script],
    {
      encoding: "utf8",
      timeout: 60_000,
    },
  );
  assert.equal(run.error, undefined, "the child did not exit within 60 s");
  assert.equal(run.status, 0, run.stderr);
  assert.equal(run.stdout.trim(), "threads 2 true");
});
