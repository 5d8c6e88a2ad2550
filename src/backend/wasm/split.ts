/**
 * How a pool job is cut into shares: fixed by the work's size and the thread count, never by
 * timing, so that the same product or array is always cut the same way (pool.ts runs the shares).
 */
import { MAX_SHARES, type Runtime } from "./runtime.js";
import type { Pool } from "./pool.js";

/** The runtime the kernels run on and, when more than one thread is on and ready, the pool. */
export interface Threads {
  runtime: Runtime;
  pool: Pool | undefined;
}

/**
 * The runtime and pool for a kernel call that splits over the threads (`split`) or runs on the
 * calling thread alone. A call that does not split runs on a plain memory even when threads are
 * on: copies into a shared memory go word by word and take twice as long (see runtime.ts).
 */
export type ThreadsFor = (split: boolean) => Threads;

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
export const SHARES_PER_THREAD = 4;

/** One part of a pool job: the exported `kernel` once per share, with that share's arguments. */
export interface Part {
  kernel: string;
  /** Per share, at most MAX_ARGS numbers; an empty list: nothing to do. */
  shares: readonly (readonly number[])[];
}

/**
 * The shares of `count` items: `how` many shares (bounds aligned to `align`, at most one per
 * aligned item), `argsOf(first, end, share)` giving a share's arguments.
 */
export function part(
  kernel: string,
  count: number,
  how: number,
  align: number,
  argsOf: (first: number, end: number, share: number) => number[],
): Part {
  const most = Math.max(1, Math.min(how, Math.ceil(count / align)));
  return {
    kernel,
    shares: shares(count, most, align).map(([first, end], share) =>
      first < end ? argsOf(first, end, share) : [],
    ),
  };
}

/**
 * Runs the `parts` in order: over the pool when there is one and `worthThreads`, else each share
 * in turn on the calling thread.
 */
export function runParts({ runtime, pool }: Threads, parts: Part[], worthThreads: boolean): void {
  if (pool !== undefined && worthThreads) {
    pool.run(parts);
    return;
  }
  for (const { kernel, shares } of parts)
    for (const args of shares) if (args.length > 0) runtime.kernels[kernel]!(...args);
}

/**
 * Runs the exported `kernel` over `count` items, `argsOf(first, end, share)` giving a share's
 * arguments: on the calling thread alone without a pool or unless `worthThreads`, else in
 * SHARES_PER_THREAD shares per thread (bounds aligned to `align`) that the threads claim as they
 * come free. For kernels whose items are computed independently; a share's scratch must be its own
 * (by share, not by thread).
 */
export function runSplit(
  threads: Threads,
  kernel: string,
  count: number,
  worthThreads: boolean,
  align: number,
  argsOf: (first: number, end: number, share: number) => number[],
): void {
  const pool = worthThreads ? threads.pool : undefined;
  const how = pool === undefined ? 1 : Math.min(MAX_SHARES, pool.threads * SHARES_PER_THREAD);
  runParts(threads, [part(kernel, count, how, align, argsOf)], worthThreads);
}
