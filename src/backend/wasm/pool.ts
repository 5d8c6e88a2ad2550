/**
 * The worker pool: threads that run the wasm kernels on the one shared WebAssembly.Memory (Node
 * worker_threads, or Web Workers in a browser). A job is one or more parts run in order (a matrix
 * product packs its operands, then computes on them), each part an exported kernel and, per share,
 * its own arguments (a range of tiles, a slice of an array); every thread, the calling one
 * included, claims open shares until none is left, and a share of a later part starts once every
 * share of the earlier ones is done. Shares are fixed by the work's size and the thread count, and
 * each item is computed the same way whoever runs it, so results never depend on the thread count
 * or on which thread ran what.
 * Jobs go through shared memory, not messages: workers poll briefly after a job, then sleep in
 * Atomics.wait, and wake when the job counter moves, so a synchronous training loop needs no
 * event-loop turn. Idle Node workers are unref()ed: they
 * never keep a process alive.
 */
import { MAX_SHARES, MAX_THREADS, type Runtime } from "./runtime.js";
import type { Part } from "./split.js";

// Int32 slots in the control block (the first bytes of wasm memory).
const JOB = 0;
const DONE = 1;
/** Shares not yet claimed: a thread claims share r − 1 by decrementing it from r > 0. */
const OPEN = 2;
/** Per share: the index of its kernel. */
const KERNELS = 4;
/** Per share: how many shares must be done before it starts (those of the earlier parts). */
const GATES = KERNELS + MAX_SHARES;
/** Per share: how many arguments it has (0: nothing to do). */
const COUNTS = GATES + MAX_SHARES;
const READY = COUNTS + MAX_SHARES;
/** Each share's arguments, as float64 (pointers and counts are exact), from this byte. */
const ARGS_BYTE = 8 * Math.ceil((READY + MAX_THREADS) / 2);
export const MAX_ARGS = 16;
/**
 * Milliseconds a worker polls for the next job before it sleeps. Waking from Atomics.wait takes
 * 90–130 µs on the 2-core VM (under 1 µs while polling), but polling longer lost on training:
 * interleaved on the 2-core VM, a 784-128-10 step (batch 64) took 1.37 ms with 0.02 ms of
 * polling, 1.47 with 0.05, 1.63 with 0.15 and 1.96 with 0.5 (one thread: 1.56); the step's other
 * work (V8's garbage collector too) wants the second core. The calling thread wakes the workers
 * before it copies a product's operands in (Pool.wake), which hides most of the wake-up.
 */
const WORKER_SPIN_MS = 0.02;
/**
 * Milliseconds a worker polls once woken (by a job, or by Pool.wake before a product copies in and
 * packs its operands): with WORKER_SPIN_MS there, a worker woken early slept again before the job.
 */
const WAKE_SPIN_MS = 1;
/** Milliseconds the calling thread polls for the workers' last shares before it sleeps. */
const CALLER_SPIN_MS = 0.2;

/**
 * Worker source, the same for Node (eval) and browsers (Blob URL). A worker that wakes claims
 * shares until none is open; one that wakes late finds them all claimed and waits again. It reads
 * a share's kernel and arguments only after claiming it: the caller writes them before it opens
 * the shares, and waits for every claimed share before it writes the next job's. A share gated on
 * earlier parts polls (those shares are all claimed already, each by a thread that is running it),
 * then sleeps between notifications (that thread may have lost its core on a loaded machine).
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
    let until = performance.now() + ${WORKER_SPIN_MS};
    for (let polls = 1; Atomics.load(ctl, ${JOB}) === seen; polls++) {
      if (polls % 256 === 0 && performance.now() > until) {
        Atomics.wait(ctl, ${JOB}, seen);
        until = performance.now() + ${WAKE_SPIN_MS}; // a job, or wake(): a job is coming
      }
    }
    seen = Atomics.load(ctl, ${JOB});
    for (let open = Atomics.sub(ctl, ${OPEN}, 1); open > 0; open = Atomics.sub(ctl, ${OPEN}, 1)) {
      const share = open - 1;
      const gate = ctl[${GATES} + share];
      for (let done, polls = 1; (done = Atomics.load(ctl, ${DONE})) < gate; polls++) {
        if (polls % 4096 === 0) Atomics.wait(ctl, ${DONE}, done, 1);
      }
      const count = ctl[${COUNTS} + share];
      const from = share * ${MAX_ARGS};
      if (count > 0) kernels[names[ctl[${KERNELS} + share]]](...args.subarray(from, from + count));
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
   * Tells the workers a job is coming: a sleeping one wakes now, while the calling thread prepares
   * the job (copies operands in), instead of when the job is posted.
   */
  wake(): void {
    Atomics.notify(this.ctl, JOB);
  }

  /**
   * Runs the `parts` in order: every share of a part is done before a share of the next starts.
   * The calling thread claims shares like the workers do, so it never idles while a share is
   * open, and a worker that is asleep or descheduled (a loaded machine) delays the job by at most
   * the share it has claimed. Returns when all are done.
   */
  run(parts: readonly Part[]): void {
    const ctl = this.ctl;
    const count = parts.reduce((sum, p) => sum + p.shares.length, 0);
    if (count > MAX_SHARES) throw new Error(`Pool.run: more than ${MAX_SHARES} shares`);
    // shares are claimed from the top: the first part takes the highest indices
    const kernelOf: ((...args: number[]) => unknown)[] = [];
    const argsOf: (readonly number[])[] = [];
    let s = count;
    let before = 0;
    for (const { kernel, shares } of parts) {
      const index = this.names.indexOf(kernel);
      if (index < 0) throw new Error(`Pool.run: no kernel "${kernel}"`);
      for (const args of shares) {
        s--;
        this.args.set(args, s * MAX_ARGS);
        ctl[KERNELS + s] = index;
        ctl[GATES + s] = before;
        ctl[COUNTS + s] = args.length;
        kernelOf[s] = this.kernels[kernel]!;
        argsOf[s] = args;
      }
      before += shares.length;
    }
    Atomics.store(ctl, DONE, 0);
    Atomics.store(ctl, OPEN, count); // the shares are open from here: the workers may claim them
    Atomics.add(ctl, JOB, 1);
    Atomics.notify(ctl, JOB);
    for (let open = Atomics.sub(ctl, OPEN, 1); open > 0; open = Atomics.sub(ctl, OPEN, 1)) {
      const share = open - 1;
      this.waitFor(ctl[GATES + share]!);
      const args = argsOf[share]!;
      if (args.length > 0) kernelOf[share]!(...args);
      Atomics.add(ctl, DONE, 1);
      Atomics.notify(ctl, DONE); // a worker may be waiting for this part to end
    }
    this.waitFor(count);
  }

  /**
   * Returns once `done` shares of the job are done: polls for CALLER_SPIN_MS (the last shares
   * usually end within it), then sleeps between the workers' notifications, so that the calling
   * thread leaves its core to a worker that the scheduler had put off (a loaded machine).
   */
  private waitFor(done: number): void {
    const ctl = this.ctl;
    const until = performance.now() + CALLER_SPIN_MS;
    for (let polls = 1; ; polls++) {
      const now = Atomics.load(ctl, DONE);
      if (now >= done) return;
      if (polls % 64 === 0 && this.canWait && performance.now() > until) {
        try {
          Atomics.wait(ctl, DONE, now, 10);
        } catch {
          this.canWait = false; // a browser's main thread may not block: keep polling
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
