// Medians of repeated timed blocks after a warm-up, bounded by a time budget per measurement.

export function median(values: readonly number[]): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((x, y) => x - y);
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

export interface TimingOptions {
  /** Keep warming up until this much time has passed (and at least `warmupCalls` calls). */
  warmupMs: number;
  warmupCalls: number;
  /** Each timed block repeats the call until it is at least this long (calibrated from the warm-up). */
  blockMs: number;
  /** Timed blocks wanted, and the least accepted when the budget runs out. */
  blocks: number;
  minBlocks: number;
  /** Stop adding blocks once warm-up plus blocks have taken this long. */
  budgetMs: number;
}

export interface Timing {
  /** Median over blocks of the time of one call. */
  msPerCall: number;
  /** Time of one call in each block. */
  blockMs: number[];
  callsPerBlock: number;
  /**
   * Median over blocks of the process's CPU time (all its threads) per call. For a one-thread peer
   * it is what the wall time would be on an idle machine: other processes cannot inflate it.
   */
  cpuMsPerCall: number;
  /**
   * Process CPU time over wall time during the blocks: about 1 for a single-threaded peer that had a
   * core to itself, lower when other processes took the CPU (the wall times are then inflated).
   */
  cpuShare: number;
}

/** CPU time (user + system, all threads) of this process in ms. */
export function cpuMs(): number {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1000;
}

export const fullTiming: TimingOptions = {
  warmupMs: 400,
  warmupCalls: 2,
  blockMs: 250,
  blocks: 7,
  minBlocks: 3,
  budgetMs: 6000,
};

export const quickTiming: TimingOptions = {
  warmupMs: 100,
  warmupCalls: 1,
  blockMs: 100,
  blocks: 3,
  minBlocks: 2,
  budgetMs: 1200,
};

/** Times a synchronous call; the call itself must force its result (read it back to JS). */
export function timeCall(call: () => unknown, options: TimingOptions): Timing {
  const start = performance.now();
  let last = Number.POSITIVE_INFINITY;
  for (let i = 0; i < options.warmupCalls || performance.now() - start < options.warmupMs; i++) {
    const t0 = performance.now();
    call();
    last = performance.now() - t0;
  }
  const callsPerBlock = Math.max(1, Math.round(options.blockMs / Math.max(last, 1e-3)));
  const blockMs: number[] = [];
  const blockCpuMs: number[] = [];
  while (blockMs.length < options.blocks) {
    if (blockMs.length >= options.minBlocks && performance.now() - start > options.budgetMs) break;
    const t0 = performance.now();
    const c0 = cpuMs();
    for (let i = 0; i < callsPerBlock; i++) call();
    blockCpuMs.push((cpuMs() - c0) / callsPerBlock);
    blockMs.push((performance.now() - t0) / callsPerBlock);
  }
  const sum = (xs: number[]) => xs.reduce((s, x) => s + x, 0);
  return {
    msPerCall: median(blockMs),
    blockMs,
    callsPerBlock,
    cpuMsPerCall: median(blockCpuMs),
    cpuShare: sum(blockCpuMs) / sum(blockMs),
  };
}
