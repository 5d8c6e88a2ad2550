// One thread against two in the same process, interleaved: the training step's matrix products
// (each shape alone) and the whole MLP step, so that the machine's load hits both alike. Usage:
//   node --import tsx bench/threads.ts [rounds]
// Each round times every case with 1 thread, then with 2 (medians of short blocks); the table gives
// the median over rounds and the spread (min–max of the rounds' medians) of each.
import { mlpTrainData } from "./data.js";
import { descentPeer } from "./peers/descent.js";
import { median } from "./stats.js";

const rounds = Number(process.argv[2] ?? 5);
const peer = descentPeer({ name: "descent", backend: "wasm", threads: 1 });
const failure = await peer.setUp();
if (failure !== null) throw new Error(failure);
const d = await import("../src/index.js");
const backend = d.getBackend();

/**
 * [label, m, k, n, transA, transB]: the products of the 784-256-128-10 step at batch 128, the
 * largest two of the MNIST epoch's 784-128-10 step at batch 64, and sgemm n=512.
 */
const PRODUCTS: [string, number, number, number, boolean, boolean][] = [
  ["128×784 @ 784×256", 128, 784, 256, false, false],
  ["784×128 (Aᵀ) @ 128×256", 784, 128, 256, true, false],
  ["128×256 @ 256×128", 128, 256, 128, false, false],
  ["128×128 @ 128×256 (Bᵀ)", 128, 128, 256, false, true],
  ["256×128 (Aᵀ) @ 128×128", 256, 128, 128, true, false],
  ["64×784 @ 784×128 (mnist)", 64, 784, 128, false, false],
  ["784×64 (Aᵀ) @ 64×128 (mnist)", 784, 64, 128, true, false],
  ["512×512 @ 512×512", 512, 512, 512, false, false],
];

function filled(n: number, seed: number): Float32Array {
  const x = new Float32Array(n);
  for (let i = 0; i < n; i++) x[i] = Math.sin(i * 0.37 + seed);
  return x;
}

interface Case {
  label: string;
  run: () => void;
}

const cases: Case[] = PRODUCTS.map(([label, m, k, n, transA, transB]) => {
  const a = filled(m * k, 1);
  const b = filled(k * n, 2);
  const out = new Float32Array(m * n);
  const aShape = transA ? [k, m] : [m, k];
  const bShape = transB ? [n, k] : [k, n];
  return {
    label: `matmul ${label}`,
    run: () => backend.matmul(a, aShape, transA, b, bShape, transB, out, [m, n]),
  };
});
const train = peer.train(mlpTrainData());
cases.push({ label: "mlp step (batch 128)", run: () => train.run(1) });

/** Median ms per call over blocks of about 20 ms. */
function time(run: () => void): number {
  for (let i = 0; i < 3; i++) run();
  let calls = 1;
  for (;;) {
    const start = performance.now();
    for (let i = 0; i < calls; i++) run();
    if (performance.now() - start > 20) break;
    calls *= 2;
  }
  const blocks: number[] = [];
  for (let i = 0; i < 7; i++) {
    const start = performance.now();
    for (let j = 0; j < calls; j++) run();
    blocks.push((performance.now() - start) / calls);
  }
  return median(blocks);
}

const results = new Map<string, number[][]>(cases.map((c) => [c.label, [[], []]]));
for (let round = 0; round < rounds; round++) {
  for (const threads of [1, 2]) {
    await d.setThreads(threads);
    for (const c of cases) results.get(c.label)![threads - 1]!.push(time(c.run));
  }
}

const show = (xs: number[]) =>
  `${median(xs).toFixed(3)} (${Math.min(...xs).toFixed(3)}–${Math.max(...xs).toFixed(3)})`;
console.log(`${rounds} rounds, ms per call: median (min–max of the rounds)`);
console.log(`${"case".padEnd(34)} ${"1 thread".padEnd(24)} ${"2 threads".padEnd(24)} 1t/2t`);
for (const [label, [one, two]] of results) {
  const ratio = median(one!) / median(two!);
  console.log(
    `${label.padEnd(34)} ${show(one!).padEnd(24)} ${show(two!).padEnd(24)} ${ratio.toFixed(2)}`,
  );
}
process.exit(0);
