// What every workload shares: its inputs, the result row, and "check the answer, then time it".

import {
  mlpTrainData,
  mnistEpochData,
  normalArray,
  scalarLeaves,
  tinyTrainData,
  type MnistEpochData,
  type TrainData,
} from "../data.js";
import type { Peer } from "../peers/peer.js";
import { timeCall, type TimingOptions } from "../stats.js";

export type WorkloadName = "scalar_autograd" | "sgemm" | "tiny_train" | "mlp_train" | "mnist_epoch";

export interface Row {
  workload: WorkloadName;
  /** The problem size: "n=256", "10002 ops", "batch 128". */
  size: string;
  peer: string;
  mode: string;
  /** ok: checked and timed; wrong: the check failed; failed: it threw; skipped: not run this time. */
  status: "ok" | "wrong" | "failed" | "skipped" | "absent";
  unit: string;
  figure?: number;
  msPerCall?: number;
  /** Number of timed blocks the median is over, and (max - min) / median of their times. */
  blocks?: number;
  spread?: number;
  /** CPU time over wall time while timing, and the figure from CPU time (see Timing). */
  cpuShare?: number;
  cpuFigure?: number;
  /** What the first result was checked against, and how close it was. */
  check?: string;
  note?: string;
}

/** The inputs every peer gets; the torch script reads the same numbers from a file. */
export interface Inputs {
  quick: boolean;
  leaves: Float32Array;
  scalarIterations: number;
  sgemm: { n: number; a: Float32Array; b: Float32Array }[];
  tiny: TrainData;
  mlp: TrainData;
  /** mnist_epoch's digits: loaded only when it runs; a string says why they could not be. */
  mnist: MnistEpochData | string | null;
}

export async function makeInputs(quick: boolean, names: readonly WorkloadName[]): Promise<Inputs> {
  const sizes = quick ? [64, 256] : [64, 256, 512, 1024];
  let mnist: MnistEpochData | string | null = null;
  if (names.includes("mnist_epoch")) {
    try {
      mnist = await mnistEpochData();
    } catch (error) {
      mnist = `the digits could not be loaded: ${oneLine(error)}`;
    }
  }
  return {
    quick,
    leaves: scalarLeaves(),
    scalarIterations: 3334,
    sgemm: sizes.map((n) => ({
      n,
      a: normalArray(n * n, 1000 + n),
      b: normalArray(n * n, 2000 + n),
    })),
    tiny: tinyTrainData(),
    mlp: mlpTrainData(),
    mnist,
  };
}

export interface Workload {
  name: WorkloadName;
  /** Short name for --only, in the order of the brief. */
  letter: string;
  unit: string;
  /** A second figure per call shown in the table, e.g. "epochs/s" (1000 / ms per call). */
  perCallUnit?: string;
  run(peer: Peer, inputs: Inputs, timing: TimingOptions): Row[] | Promise<Row[]>;
}

/** Thrown by a check: the peer computed a wrong answer, which must not be timed. */
export class WrongAnswer extends Error {}

export interface Measured {
  /** Runs the first call(s) and compares with a reference; returns a one-line summary, throws WrongAnswer. */
  check(): string;
  call(): unknown;
  /** Units of work of one call: GFLOP, ops, steps or samples. */
  work: number;
  /** Checks after timing (e.g. the loss is still finite); returns a failure message or null. */
  after?(): string | null;
  /** Replaces timing when the case timed itself (ms per call). */
  selfTimedMs?(): number;
}

export function measure(row: Omit<Row, "status">, m: Measured, timing: TimingOptions): Row {
  let check: string;
  try {
    check = m.check();
  } catch (error) {
    const status = error instanceof WrongAnswer ? "wrong" : "failed";
    return { ...row, status, note: oneLine(error) };
  }
  try {
    const t = m.selfTimedMs === undefined ? timeCall(() => m.call(), timing) : null;
    const msPerCall = t === null ? m.selfTimedMs!() : t.msPerCall;
    const late = m.after?.() ?? null;
    if (late !== null) return { ...row, status: "wrong", check, note: late };
    const blocks = t === null ? 1 : t.blockMs.length;
    const spread = t === null ? 0 : (Math.max(...t.blockMs) - Math.min(...t.blockMs)) / t.msPerCall;
    const figure = m.work / (msPerCall / 1000);
    const cpu =
      t === null ? {} : { cpuShare: t.cpuShare, cpuFigure: m.work / (t.cpuMsPerCall / 1000) };
    return { ...row, status: "ok", figure, msPerCall, blocks, spread, ...cpu, check };
  } catch (error) {
    return { ...row, status: "failed", check, note: oneLine(error) };
  }
}

export function oneLine(error: unknown): string {
  const text =
    error instanceof Error
      ? `${error.name === "Error" ? "" : `${error.name}: `}${error.message}`
      : String(error);
  return (text.split("\n")[0] ?? "").slice(0, 300);
}

/** Runs one setup step, turning a throw into a failed row. */
export function guarded(row: Omit<Row, "status">, make: () => Row[]): Row[] {
  try {
    return make();
  } catch (error) {
    return [{ ...row, status: "failed", note: oneLine(error) }];
  }
}

export const fmt = (x: number): string =>
  Math.abs(x) >= 0.01 || x === 0 ? x.toFixed(4) : x.toExponential(2);
