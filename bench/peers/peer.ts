// What a peer adapter provides: one factory per workload, each returning cases the workloads check and time.

import type { MnistEpochData, TrainData } from "../data.js";

/** scalar_autograd: build the graph, backpropagate and read all 100 gradients, every call. */
export interface ScalarCase {
  /** How the peer runs it, e.g. "eager" or "jit, compiled once". */
  mode: string;
  iterations: number;
  run(): Float64Array;
  dispose?(): void;
  /** Why this case is not run this time (it is listed in the table as skipped). */
  skipped?: string;
  /** Set when the case times itself (e.g. in a child process): ms per call of the last run(). */
  selfTimedMs?: () => number;
}

/** sgemm: one product with a freshly allocated output, read back to JS. */
export interface SgemmCase {
  mode: string;
  run(): Float32Array;
  dispose(): void;
}

/** tiny_train and mlp_train. */
export interface TrainCase {
  mode: string;
  /** Runs `steps` optimisation steps and returns the loss of the last one, read back as a number. */
  run(steps: number): number;
  dispose(): void;
}

/**
 * mnist_epoch: one way of training the MNIST MLP. The workload calls reset(), then train() for one
 * epoch (or its first steps), then accuracy(), and times train + accuracy.
 */
export interface EpochCase {
  mode: string;
  /** Back to the initial weights and a fresh optimizer (zero momentum). Not timed. */
  reset(): void;
  /**
   * Trains on the first `steps` batches of the training digits, in order, reading the loss of every
   * step back as a number; returns those losses.
   */
  train(steps: number): number[] | Promise<number[]>;
  /** The accuracy of the current weights on the held-out digits, read back as a number. */
  accuracy(): number;
  dispose(): void;
}

export interface Peer {
  /** Name used by `--peers`. */
  name: string;
  /** Loads the library; returns why it cannot run, or null when it can. */
  setUp(): Promise<string | null>;
  scalarAutograd(leaves: Float32Array, iterations: number, quick: boolean): ScalarCase[];
  sgemm(n: number, a: Float32Array, b: Float32Array): SgemmCase;
  train(data: TrainData): TrainCase;
  mnistEpoch(data: MnistEpochData): EpochCase[];
  /** Releases backend state once all workloads ran (e.g. leak checks). */
  tearDown?(): string | null;
}
