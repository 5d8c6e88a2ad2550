// The wasm matrix product against the reference kernel on odd shapes, against float64 with a
// relative bound, to the bit against the in-order float32 sum, and the same to the bit on one
// thread and on two.
import assert from "node:assert/strict";
import { after, describe, test } from "node:test";
import { spawnSync } from "node:child_process";
import {
  Generator,
  referenceBackend,
  relaxedSimdSupported,
  setRelaxedSimd,
  setThreads,
  wasmBackend,
} from "../../src/index.js";

const rng = new Generator(12);
const values = (n: number) => Float32Array.from({ length: n }, () => rng.nextFloat64() * 2 - 1);

interface Case {
  aShape: number[];
  bShape: number[];
  transA: boolean;
  transB: boolean;
}

/** The output shape of op(a) @ op(b) with broadcast batch dims. */
function outShapeOf({ aShape, bShape, transA, transB }: Case): number[] {
  const m = aShape[aShape.length - (transA ? 1 : 2)]!;
  const n = bShape[bShape.length - (transB ? 2 : 1)]!;
  const aBatch = aShape.slice(0, -2);
  const bBatch = bShape.slice(0, -2);
  const rank = Math.max(aBatch.length, bBatch.length);
  const batch = Array.from({ length: rank }, (_, i) => {
    const x = aBatch[aBatch.length - rank + i] ?? 1;
    const y = bBatch[bBatch.length - rank + i] ?? 1;
    return x === 1 ? y : x;
  });
  return [...batch, m, n];
}

const size = (shape: readonly number[]) => shape.reduce((p, d) => p * d, 1);

/** Runs one case on the wasm kernel and the reference; checks |Δ| ≤ 4·k·ε·Σ|aᵢbᵢ| per element. */
function check(c: Case): Float32Array {
  const a = values(size(c.aShape));
  const b = values(size(c.bShape));
  const outShape = outShapeOf(c);
  const out = new Float32Array(size(outShape)).fill(7777);
  wasmBackend.matmul(a, c.aShape, c.transA, b, c.bShape, c.transB, out, outShape);
  // float64 reference of the exact sum and of Σ|a·b| (the scale of the rounding error)
  const a64 = Float64Array.from(a);
  const b64 = Float64Array.from(b);
  const exact = new Float64Array(out.length);
  const scale = new Float64Array(out.length);
  referenceBackend.matmul(a64, c.aShape, c.transA, b64, c.bShape, c.transB, exact, outShape);
  const absA = a64.map(Math.abs);
  const absB = b64.map(Math.abs);
  referenceBackend.matmul(absA, c.aShape, c.transA, absB, c.bShape, c.transB, scale, outShape);
  const k = c.aShape[c.aShape.length - (c.transA ? 2 : 1)]!;
  for (let i = 0; i < out.length; i++) {
    const bound = 4 * (k + 1) * 2 ** -24 * scale[i]! + 1e-30;
    const err = Math.abs(out[i]! - exact[i]!);
    assert.ok(
      err <= bound,
      `${JSON.stringify(c)} element ${i}: ${out[i]} vs ${exact[i]} (error ${err} > ${bound})`,
    );
  }
  return out;
}

const TRANSPOSES = [
  [false, false],
  [true, false],
  [false, true],
  [true, true],
] as const;

function stored(m: number, k: number, n: number, transA: boolean, transB: boolean): Case {
  return {
    aShape: transA ? [k, m] : [m, k],
    bShape: transB ? [n, k] : [k, n],
    transA,
    transB,
  };
}

describe("wasm matmul", () => {
  after(() => setThreads(1));

  const shapes: [number, number, number][] = [
    [1, 1, 1],
    [1, 300, 40], // 1×n
    [300, 1, 40], // n×1
    [127, 61, 253], // primes: every edge of the register tile
    [17, 17, 17],
    [64, 64, 64],
    [5, 130, 9],
    [3, 4, 700],
    [0, 5, 7], // empty dims
    [5, 0, 7],
    [5, 7, 0],
  ];
  for (const [m, k, n] of shapes) {
    test(`${m}×${k}×${n} in all four transpositions is within float32 rounding of float64`, () => {
      for (const [transA, transB] of TRANSPOSES) check(stored(m, k, n, transA, transB));
    });
  }

  test("every element is the in-order float32 sum, to the bit, whatever the tile's edges", () => {
    // Σₚ a·b for p = 0…k−1 with a rounded product and sum each: the kernels' contract, so any
    // register tile gives these bits (odd shapes cut tiles of every height and width; each is
    // above WASM_MIN_WORK, so the wasm kernel runs)
    const shapes: [number, number, number][] = [
      [37, 45, 53],
      [2, 300, 16],
      [33, 9, 17],
      [130, 20, 50],
      [363, 370, 21],
    ];
    for (const [m, k, n] of shapes) {
      for (const [transA, transB] of TRANSPOSES) {
        const a = values(m * k);
        const b = values(k * n);
        const out = new Float32Array(m * n);
        const c = stored(m, k, n, transA, transB);
        wasmBackend.matmul(a, c.aShape, transA, b, c.bShape, transB, out, [m, n]);
        for (let i = 0; i < m; i++) {
          for (let j = 0; j < n; j++) {
            let sum = 0;
            for (let p = 0; p < k; p++) {
              const x = a[transA ? p * m + i : i * k + p]!;
              const y = b[transB ? j * k + p : p * n + j]!;
              sum = Math.fround(sum + Math.fround(x * y));
            }
            assert.ok(
              Object.is(out[i * n + j], sum),
              `${m}×${k}×${n} ${transA} ${transB} (${i}, ${j})`,
            );
          }
        }
      }
    }
  });

  test("k = 0 gives zeros, not the output's old contents", () => {
    const out = check(stored(20, 0, 30, false, false));
    assert.ok(out.every((v) => v === 0));
  });

  test("batched, with broadcast batch dims on either side", () => {
    const cases: Case[] = [
      { aShape: [3, 20, 17], bShape: [3, 17, 9], transA: false, transB: false },
      { aShape: [3, 20, 17], bShape: [17, 9], transA: false, transB: false },
      { aShape: [20, 17], bShape: [4, 9, 17], transA: false, transB: true },
      { aShape: [2, 1, 17, 20], bShape: [1, 3, 17, 9], transA: true, transB: false },
    ];
    for (const c of cases) check(c);
  });

  test("one thread and two threads give the same bits", async () => {
    // past PACK_SPLIT_MIN packed floats of B the packing is split too: panel counts off a multiple of
    // the shares, either stride, a broadcast operand packed once
    const cases = [stored(200, 150, 170, false, false), stored(256, 256, 256, true, true)];
    cases.push(stored(130, 700, 400, true, false), stored(203, 640, 450, false, true));
    cases.push({ aShape: [4, 150, 120], bShape: [120, 130], transA: false, transB: false });
    cases.push({ aShape: [150, 120], bShape: [3, 120, 130], transA: false, transB: false });
    cases.push({ aShape: [2, 130, 700], bShape: [700, 400], transA: false, transB: false });
    const run = (c: Case) => {
      const a = values(size(c.aShape));
      const b = values(size(c.bShape));
      const outShape = outShapeOf(c);
      const out = new Float32Array(size(outShape));
      return () => {
        wasmBackend.matmul(a, c.aShape, c.transA, b, c.bShape, c.transB, out, outShape);
        return out.slice();
      };
    };
    const runs = cases.map(run);
    await setThreads(1);
    const one = runs.map((r) => r());
    await setThreads(2);
    const two = runs.map((r) => r());
    for (let i = 0; i < runs.length; i++) assert.deepEqual(two[i], one[i]);
  });

  test("relaxed FMA is opt-in: asking for it where the runtime lacks it names the flag", async () => {
    if (!relaxedSimdSupported()) {
      await assert.rejects(setRelaxedSimd(true), /--experimental-wasm-relaxed-simd/);
      return;
    }
    await setRelaxedSimd(true);
    try {
      for (const [transA, transB] of TRANSPOSES) check(stored(127, 61, 253, transA, transB));
    } finally {
      await setRelaxedSimd(false);
    }
  });

  test("with relaxed SIMD on (Node's flag), products stay within float32 rounding", () => {
    const script = `
      const d = await import("./src/index.ts");
      await d.setRelaxedSimd(true);
      const a = d.randn([130, 70]), b = d.randn([70, 90]);
      const fma = a.matmul(b);
      const exact = a.double().matmul(b.double());
      const scale = a.abs().double().matmul(b.abs().double());
      const worst = fma.double().sub(exact).abs().div(scale).max().item();
      console.log(worst < 71 * 2 ** -24 ? "ok" : "error " + worst);
    `;
    const run = spawnSync(
      process.execPath,
      [
        "--experimental-wasm-relaxed-simd",
        "--import",
        "tsx",
        "--input-type=module",
        "--eval",
        script,
      ],
      { encoding: "utf8", timeout: 60_000 },
    );
    assert.equal(run.status, 0, run.stderr);
    assert.equal(run.stdout.trim(), "ok");
  });
});
