// Where a training workload spends its time, by backend method: runs the bench's own descent peer
// (bench/peers/descent.ts) on the bench's data, with every method of the active backend wrapped to
// add up its time. Usage:
//   node --import tsx bench/profile.ts [mlp|mnist|mnist-fit] [wasm|js] [threads]
// mlp: workload (d), the 784-256-128-10 step at batch 128; mnist: workload (e), one epoch of the
// 784-128-10 net at batch 64 with raw tensors; mnist-fit: the same epoch through nn.mlp, optim.SGD
// and fit. Times are CPU time of the whole process (all threads) and wall time, per step.
import { mlpTrainData, mnistEpochData } from "./data.js";
import { descentPeer } from "./peers/descent.js";

const workload = process.argv[2] ?? "mlp";
const backend = (process.argv[3] ?? "wasm") as "wasm" | "js";
const threads = Number(process.argv[4] ?? 1);
if (!["mlp", "mnist", "mnist-fit"].includes(workload) || !["wasm", "js"].includes(backend)) {
  console.error("usage: bench/profile.ts [mlp|mnist|mnist-fit] [wasm|js] [threads]");
  process.exit(2);
}

const peer = descentPeer({ name: "descent", backend, threads });
const failure = await peer.setUp();
if (failure !== null) throw new Error(failure);
const d = await import("../src/index.js");

interface Entry {
  cpu: number;
  wall: number;
  calls: number;
}
const totals = new Map<string, Entry>();

/** "add 128×256 + 256" for binary ops, "matmul 128×784 @ 784×256ᵀ", else the method and op. */
function labelOf(key: string, args: unknown[]): string {
  const shape = (s: unknown) => (s as number[]).join("×") || "scalar";
  const size = (x: unknown) => (x as ArrayLike<number>).length;
  if (key === "matmul") {
    const [aShape, transA, bShape, transB] = [args[1], args[2], args[4], args[5]];
    return `matmul ${shape(aShape)}${transA ? "ᵀ" : ""} @ ${shape(bShape)}${transB ? "ᵀ" : ""}`;
  }
  if (key === "binary") return `binary ${String(args[0])} ${shape(args[2])}, ${shape(args[4])}`;
  if (key === "reduce")
    return `reduce ${String(args[0])} ${shape(args[2])} over ${String(args[3])}`;
  if (key === "unary" || key === "activationGrad") {
    return `${key} ${String(args[0])} n=${size(args[1])}`;
  }
  if (key === "addScaled") return `addScaled n=${size(args[0])}`;
  if (key === "allocate") return "allocate";
  return key;
}

/** `method` timed into `totals` under its label. */
function timed(key: string, method: (...a: unknown[]) => unknown) {
  return (...args: unknown[]): unknown => {
    const label = labelOf(key, args);
    const cpu = process.cpuUsage();
    const wall = performance.now();
    const result = method(...args);
    const entry = totals.get(label) ?? { cpu: 0, wall: 0, calls: 0 };
    const used = process.cpuUsage(cpu);
    entry.wall += performance.now() - wall;
    entry.cpu += (used.user + used.system) / 1000;
    entry.calls++;
    totals.set(label, entry);
    return result;
  };
}

// What the timing itself adds to each call (two clock reads and two getrusage calls): a method of
// a few µs is mostly this, so compare small entries with care.
const empty = timed("calibration", () => undefined);
for (let i = 0; i < 20000; i++) empty();
const calibration = totals.get("calibration")!;
const overheadUs = (1000 * calibration.cpu) / calibration.calls;
totals.clear();

const methods = d.getBackend() as unknown as Record<string, unknown>;
for (const key of Object.keys(methods)) {
  const method = methods[key];
  if (typeof method === "function") methods[key] = timed(key, method as () => unknown);
}

/** Runs `steps` steps of the workload (after a warm-up); returns how many steps ran. */
async function run(): Promise<number> {
  if (workload === "mlp") {
    const train = peer.train(mlpTrainData());
    train.run(20);
    totals.clear();
    train.run(50);
    return 50;
  }
  const data = await mnistEpochData();
  const [eager, fit] = peer.mnistEpoch(data);
  const epoch = workload === "mnist" ? eager! : fit!;
  epoch.reset();
  await epoch.train(20);
  epoch.reset();
  totals.clear();
  await epoch.train(data.steps);
  epoch.accuracy();
  return data.steps;
}

const cpu = process.cpuUsage();
const wall = performance.now();
const steps = await run();
const used = process.cpuUsage(cpu);
const perStep = (ms: number) => (ms / steps).toFixed(3);
const rows = [...totals.entries()].sort((a, b) => b[1].cpu - a[1].cpu);
const kernels = rows.reduce((sum, [, e]) => sum + e.cpu, 0);
console.log(
  `${workload}, ${backend}, ${threads} thread(s), ${steps} steps: ` +
    `${perStep((used.user + used.system) / 1000)} ms CPU and ${perStep(performance.now() - wall)} ms wall per step, ` +
    `${perStep(kernels)} ms CPU in kernels`,
);
console.log(`  timing adds about ${overheadUs.toFixed(1)} µs of CPU to every call below`);
console.log(`  ${"method".padEnd(48)} CPU ms  wall ms  calls per step`);
for (const [label, e] of rows) {
  const calls = Number((e.calls / steps).toFixed(2));
  console.log(`  ${label.padEnd(48)} ${perStep(e.cpu)}  ${perStep(e.wall)}  ${calls}`);
}
