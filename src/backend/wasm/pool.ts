/**
 * The worker pool: threads that run the wasm kernels on the one shared WebAssembly.Memory (Node
 * worker_threads, or Web Workers in a browser). A job is a kernel name, its arguments and a range
 * of work items split evenly over the threads; the calling thread takes the first share. Each
 * item is computed the same way whoever runs it, so results never depend on the thread count.
 * Jobs go through shared memory, not messages: workers spin, then sleep in Atomics.wait, and wake
 * when the job counter moves, so a synchronous training loop needs no event-loop turn. Idle Node
 * workers are unref()ed: they never keep a process alive.
 */
import { TILE_SCRATCH_BYTES } from "./gemm.js";
import { MAX_THREADS, type Runtime } from "./runtime.js";

// Int32 slots in the control block (the first bytes of wasm memory).
const JOB = 0;
const DONE = 1;
const KERNEL = 2;
const ARGS = 4;
const MAX_ARGS = 16;
const RANGES = ARGS + MAX_ARGS;
const READY = RANGES + 2 * MAX_THREADS;
/** Kernels a job may name, by their index in this list (the worker knows the same list). */
const KERNELS = ["tiles", "pack"] as const;
export type PoolKernel = (typeof KERNELS)[number];

/** Worker source, the same for Node (eval) and browsers (Blob URL). */
const WORKER_SOURCE = `
"use strict";
const KERNELS = ${JSON.stringify(KERNELS)};
function start(data) {
  const { module, memory, index } = data;
  const kernels = new WebAssembly.Instance(module, { env: { memory } }).exports;
  const ctl = new Int32Array(memory.buffer, 0, ${READY + MAX_THREADS});
  let seen = Atomics.load(ctl, ${JOB});
  Atomics.store(ctl, ${READY} + index, 1);
  for (;;) {
    let spins = 0;
    while (Atomics.load(ctl, ${JOB}) === seen) {
      if (++spins > 20000) Atomics.wait(ctl, ${JOB}, seen);
    }
    seen = Atomics.load(ctl, ${JOB});
    const first = ctl[${RANGES} + 2 * index];
    const end = ctl[${RANGES} + 2 * index + 1];
    if (first < end) {
      const args = Array.from(ctl.subarray(${ARGS}, ${ARGS + MAX_ARGS}));
      const name = KERNELS[ctl[${KERNEL}]];
      if (name === "tiles") kernels.tiles(...args.slice(0, 9), first, end, args[9] + index * ${TILE_SCRATCH_BYTES});
      else kernels[name](...args);
    }
    Atomics.add(ctl, ${DONE}, 1);
    Atomics.notify(ctl, ${DONE});
  }
}
const nodeModule = typeof process === "object" && process.getBuiltinModule
  ? process.getBuiltinModule
  : typeof require === "function" ? require : undefined;
if (nodeModule !== undefined) {
  start(nodeModule("node:worker_threads").workerData);
} else {
  self.onmessage = (event) => start(event.data);
}
`;

interface NodeWorker {
  unref(): void;
  terminate(): Promise<number>;
}
interface NodeWorkerThreads {
  Worker: new (
    code: string,
    options: { eval: true; workerData: unknown; execArgv: string[] },
  ) => NodeWorker;
}

/** Node's worker_threads without a static import (the root entry must bundle for browsers). */
function nodeWorkerThreads(): NodeWorkerThreads | undefined {
  const proc = (globalThis as { process?: { getBuiltinModule?: (id: string) => unknown } }).process;
  return proc?.getBuiltinModule?.("node:worker_threads") as NodeWorkerThreads | undefined;
}

/** How many cores this machine offers (1 where unknown). */
export function availableCores(): number {
  const proc = (globalThis as { process?: { getBuiltinModule?: (id: string) => unknown } }).process;
  const os = proc?.getBuiltinModule?.("node:os") as
    { availableParallelism?: () => number } | undefined;
  const cores =
    os?.availableParallelism?.() ??
    (globalThis as { navigator?: { hardwareConcurrency?: number } }).navigator?.hardwareConcurrency;
  return Math.max(1, Math.min(MAX_THREADS, cores ?? 1));
}

export class Pool {
  private readonly ctl: Int32Array;
  private readonly workers: { terminate(): unknown }[] = [];
  private canWait = true;

  /** Starts `threads − 1` workers (the calling thread is the first thread). */
  constructor(
    rt: Runtime,
    readonly threads: number,
  ) {
    this.ctl = rt.control();
    for (let t = 0; t < MAX_THREADS; t++) Atomics.store(this.ctl, READY + t, 0);
    const node = nodeWorkerThreads();
    for (let index = 1; index < threads; index++) {
      const data = { module: rt.module, memory: rt.memory, index };
      if (node !== undefined) {
        // execArgv []: the worker is plain script, without the parent's loaders or flags
        const worker = new node.Worker(WORKER_SOURCE, {
          eval: true,
          workerData: data,
          execArgv: [],
        });
        worker.unref();
        this.workers.push(worker);
      } else {
        const url = URL.createObjectURL(new Blob([WORKER_SOURCE], { type: "text/javascript" }));
        const worker = new Worker(url);
        worker.postMessage(data);
        this.workers.push(worker);
      }
    }
  }

  /** Whether every worker has instantiated the kernels (until then jobs run on one thread). */
  ready(): boolean {
    for (let t = 1; t < this.threads; t++)
      if (Atomics.load(this.ctl, READY + t) !== 1) return false;
    return true;
  }

  /** Resolves when every worker is ready (polls: no event-loop message is needed for readiness). */
  async whenReady(): Promise<void> {
    while (!this.ready()) await new Promise((resolve) => setTimeout(resolve, 2));
  }

  /**
   * Runs `kernel` over items 0…count−1 split into equal contiguous shares, thread t taking share t.
   * `run(first, end)` runs the calling thread's share; workers run the same kernel with `args`.
   */
  run(
    kernel: PoolKernel,
    args: readonly number[],
    count: number,
    run: (first: number, end: number) => void,
  ): void {
    const threads = this.threads;
    const ctl = this.ctl;
    ctl[KERNEL] = KERNELS.indexOf(kernel);
    for (let i = 0; i < args.length; i++) ctl[ARGS + i] = args[i]!;
    for (let t = 0; t < threads; t++) {
      ctl[RANGES + 2 * t] = Math.floor((count * t) / threads);
      ctl[RANGES + 2 * t + 1] = Math.floor((count * (t + 1)) / threads);
    }
    Atomics.store(ctl, DONE, 0);
    Atomics.add(ctl, JOB, 1);
    Atomics.notify(ctl, JOB);
    run(ctl[RANGES]!, ctl[RANGES + 1]!);
    const others = threads - 1;
    let spins = 0;
    for (;;) {
      const done = Atomics.load(ctl, DONE);
      if (done === others) break;
      if (++spins > 100000 && this.canWait) {
        try {
          Atomics.wait(ctl, DONE, done, 10);
        } catch {
          this.canWait = false; // a browser's main thread may not block: keep spinning
        }
      }
    }
  }

  /** Stops the workers (tests; a process exits without this). */
  close(): void {
    for (const w of this.workers) void w.terminate();
    this.workers.length = 0;
  }
}
