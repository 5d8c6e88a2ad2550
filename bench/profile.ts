// Where the MLP training step of workload (d) spends its time, by backend method: every method of
// the active backend is wrapped to add up its CPU time. Usage:
//   node --import tsx bench/profile.ts [wasm|js|reference] [threads]
import * as d from "../src/index.js";
import type { Tensor } from "../src/index.js";

const backend = (process.argv[2] ?? "wasm") as d.BackendName;
const threads = Number(process.argv[3] ?? 1);
d.setBackend(backend);
if (backend === "wasm") await d.setThreads(threads);

const totals = new Map<string, { ms: number; calls: number }>();
const methods = d.getBackend() as unknown as Record<string, unknown>;
for (const key of Object.keys(methods)) {
  const method = methods[key];
  if (typeof method !== "function") continue;
  methods[key] = (...args: unknown[]): unknown => {
    let label = key;
    if (["unary", "binary", "reduce", "activationGrad"].includes(key))
      label += ` ${String(args[0])}`;
    if (key === "matmul") {
      const [aShape, transA, bShape, transB] = [args[1], args[2], args[4], args[5]] as [
        number[],
        boolean,
        number[],
        boolean,
      ];
      label += ` ${aShape.join("×")}${transA ? "ᵀ" : ""} @ ${bShape.join("×")}${transB ? "ᵀ" : ""}`;
    }
    const start = process.cpuUsage();
    const result = (method as (...a: unknown[]) => unknown)(...args);
    const used = process.cpuUsage(start);
    const entry = totals.get(label) ?? { ms: 0, calls: 0 };
    entry.ms += (used.user + used.system) / 1000;
    entry.calls++;
    totals.set(label, entry);
    return result;
  };
}

// The bench's MLP: 784-256-128-10, ReLU, batch 128, cross-entropy, SGD momentum 0.9, lr 0.01.
const sizes = [784, 256, 128, 10];
const g = new d.Generator(0);
const layers = sizes.slice(1).map((fanOut, i) => ({
  w: d.randn([sizes[i]!, fanOut], { generator: g }).mul(0.05).requiresGrad_(),
  b: d.zeros([fanOut]).requiresGrad_(),
}));
const params = layers.flatMap((l) => [l.w, l.b]);
const x = d.randn([128, 784], { generator: g });
const targets = d
  .tensor(
    Array.from({ length: 128 }, (_, i) => i % 10),
    { dtype: "int32" },
  )
  .unsqueeze(1);
const buffers = new Map<Tensor, Tensor>();
const step = (): number => {
  let h = x;
  layers.forEach((l, i) => {
    h = h.matmul(l.w).add(l.b);
    if (i < layers.length - 1) h = h.relu();
  });
  const loss = h.logSoftmax(1).gather(1, targets).mean().neg();
  loss.backward();
  d.noGrad(() => {
    for (const p of params) {
      const grad = p.grad!;
      let buffer = buffers.get(p);
      if (buffer === undefined) buffers.set(p, (buffer = grad.clone()));
      else buffer.mul_(0.9).add_(grad);
      p.sub_(buffer.mul(0.01));
      p.grad = null;
    }
  });
  return loss.item();
};

for (let i = 0; i < 20; i++) step();
totals.clear();
const steps = 50;
const start = process.cpuUsage();
for (let i = 0; i < steps; i++) step();
const used = process.cpuUsage(start);
const rows = [...totals.entries()].sort((a, b) => b[1].ms - a[1].ms);
const kernels = rows.reduce((sum, [, e]) => sum + e.ms, 0);
console.log(
  `${backend}, ${threads} thread(s): ${((used.user + used.system) / 1000 / steps).toFixed(2)} ms CPU per step, ` +
    `${(kernels / steps).toFixed(2)} in kernels`,
);
for (const [label, e] of rows) {
  console.log(`  ${label.padEnd(36)} ${(e.ms / steps).toFixed(3)} ms  ${e.calls / steps} calls`);
}
