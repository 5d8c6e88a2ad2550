/**
 * The worker pool: threads that run the wasm kernels on the one shared WebAssembly.Memory (Node
 * worker_threads, or Web Workers in a browser). A job is one exported kernel and, per share, its
 * own arguments (a range of tiles, a slice of an array); every thread, the calling one included,
 * claims open shares until none is left. Shares are fixed by the work's size and the thread count,
 * and each item is computed the same way whoever runs it, so results never depend on the thread
 * count or on which thread ran what.
 * Jobs go through shared memory, not messages: workers spin, then sleep in Atomics.wait, and wake
 * when the job counter moves, so a synchronous training loop needs no event-loop turn. Idle Node
 * workers are unref()ed: they never keep a process alive.
 */
import { MAX_SHARES, MAX_THREADS, type Runtime } from "./runtime.js";

// Int32 slots in the control block (the first bytes of wasm memory).
const JOB = 0;
const DONE = 1;
const KERNEL = 2;
/** Shares not yet claimed: a thread claims share r − 1 by decrementing it from r > 0. */
const OPEN = 3;
/** Per share: how many arguments it has (0: nothing to do). */
const COUNTS = 4;
const READY = COUNTS + MAX_SHARES;
/** Each share's arguments, as float64 (pointers and counts are exact), from this byte. */
const ARGS_BYTE = 8 * Math.ceil((READY + MAX_THREADS) / 2);
export const MAX_ARGS = 16;
/**
 * Polls of the job counter before a worker sleeps. Short: the calling thread starts on a job's
 * shares at once, so a worker that wakes tens of µs late costs little, while one that spins uses
 * up its time slice and is the first descheduled on a loaded machine (mid-share, holding the job).
 */
const WORKER_SPINS = 1000;

/**
 * Worker source, the same for Node (eval) and browsers (Blob URL). A worker that wakes claims
 * shares until none is open; one that wakes late finds them all claimed and sleeps again. It reads
 * a share's kernel and arguments only after claiming it: the caller writes them before it opens
 * the shares, and waits for every claimed share before it writes the next job's.
 */
const WORKER_SOURCE = `
"use strict";
function start(data) {
  const { module, memory, index, names } = data;
  const kernels = new WebAssembly.Instance(module, { env: { memory } }).exports;
  const ctl = new Int32Array(memory.buffer, 0, ${READY + MAX_THREADS});
  const args = new Float64Array(memory.buffer, ${ARGS_BYTE}, ${MAX_SHARES * MAX_ARGS});
  let seen = Atomics.load(ctl, ${JOB});
  Atomics.store(ctl, ${READY} + index, 1);
  for (;;) {
    let spins = 0;
    while (Atomics.load(ctl, ${JOB}) === seen) {
      if (++spins > ${WORKER_SPINS}) Atomics.wait(ctl, ${JOB}, seen);
    }
    seen = Atomics.load(ctl, ${JOB});
    for (let open = Atomics.sub(ctl, ${OPEN}, 1); open > 0; open = Atomics.sub(ctl, ${OPEN}, 1)) {
      const share = open - 1;
      const count = ctl[${COUNTS} + share];
      const from = share * ${MAX_ARGS};
      if (count > 0) kernels[names[ctl[${KERNEL}]]](...args.subarray(from, from + count));
      Atomics.add(ctl, ${DONE}, 1);
      Atomics.notify(ctl, ${DONE});
    }
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

/** The runtime the kernels run on and, when more than one thread is on and ready, the pool. */
export interface Threads {
  runtime: Runtime;
  pool: Pool | undefined;
}

/**
 * Item ranges [first, end) of `count` items for each of `threads` threads, in order: equal shares,
 * their bounds rounded down to multiples of `align`. The same count and thread count always give
 * the same shares.
 */
export function shares(count: number, threads: number, align = 1): [number, number][] {
  const bound = (t: number) =>
    t === threads ? count : Math.floor((count * t) / threads / align) * align;
  return Array.from({ length: threads }, (_, t) => [bound(t), bound(t + 1)]);
}

/** Shares per thread: a thread that comes free (or a worker that wakes late) leaves less to wait for. */
const SHARES_PER_THREAD = 4;

/**
 * Runs the exported `kernel` over `count` items, `argsOf(first, end, share)` giving a share's
 * arguments: on the calling thread alone without a pool or unless `worthThreads`, else in
 * `shares` (bounds aligned to `align`) that the threads claim as they come free. For kernels whose
 * items are computed independently; a share's scratch must be its own (by share, not by thread).
 */
export function runSplit(
  { runtime, pool }: Threads,
  kernel: string,
  count: number,
  worthThreads: boolean,
  align: number,
  argsOf: (first: number, end: number, share: number) => number[],
): void {
  if (pool === undefined || !worthThreads) {
    runtime.kernels[kernel]!(...argsOf(0, count, 0));
    return;
  }
  const most = Math.min(MAX_SHARES, pool.threads * SHARES_PER_THREAD, Math.ceil(count / align));
  const perShare = shares(count, most, align).map(([first, end], share) =>
    first < end ? argsOf(first, end, share) : [],
  );
  pool.run(kernel, perShare);
}

export class Pool {
  private readonly ctl: Int32Array;
  private readonly args: Float64Array;
  private readonly kernels: Record<string, (...args: number[]) => unknown>;
  /** Export names in a fixed order: a job names its kernel by index. */
  private readonly names: string[];
  private readonly workers: { terminate(): unknown }[] = [];
  private canWait = true;

  /** Starts `threads − 1` workers (the calling thread is the first thread). */
  constructor(
    rt: Runtime,
    readonly threads: number,
  ) {
    this.ctl = rt.control();
    this.args = new Float64Array(rt.memory.buffer, ARGS_BYTE, MAX_SHARES * MAX_ARGS);
    this.kernels = rt.kernels;
    this.names = Object.keys(rt.kernels);
    for (let t = 0; t < MAX_THREADS; t++) Atomics.store(this.ctl, READY + t, 0);
    const node = nodeWorkerThreads();
    for (let index = 1; index < threads; index++) {
      const data = { module: rt.module, memory: rt.memory, index, names: this.names };
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
   * Runs the exported `kernel` once per share, share s with the arguments `perShare[s]` (at most
   * MAX_ARGS numbers; an empty list: nothing). The calling thread claims shares like the workers
   * do, so it never idles while a share is open, and a worker that is asleep or descheduled (a
   * loaded machine) delays the job by at most the share it has claimed. Returns when all are done.
   */
  run(kernel: string, perShare: readonly (readonly number[])[]): void {
    const ctl = this.ctl;
    const index = this.names.indexOf(kernel);
    const count = perShare.length;
    if (index < 0 || count > MAX_SHARES) {
      throw new Error(`Pool.run: no kernel "${kernel}", or more than ${MAX_SHARES} shares`);
    }
    ctl[KERNEL] = index;
    for (let s = 0; s < count; s++) {
      const args = perShare[s]!;
      this.args.set(args, s * MAX_ARGS);
      ctl[COUNTS + s] = args.length;
    }
    Atomics.store(ctl, DONE, 0);
    Atomics.store(ctl, OPEN, count); // the shares are open from here: the workers may claim them
    Atomics.add(ctl, JOB, 1);
    Atomics.notify(ctl, JOB);
    const run = this.kernels[kernel]!;
    for (let open = Atomics.sub(ctl, OPEN, 1); open > 0; open = Atomics.sub(ctl, OPEN, 1)) {
      const args = perShare[open - 1]!;
      if (args.length > 0) run(...args);
      Atomics.add(ctl, DONE, 1);
    }
    let spins = 0;
    for (;;) {
      const done = Atomics.load(ctl, DONE);
      if (done === count) break;
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
