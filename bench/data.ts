// Seeded inputs shared by every peer, so that all of them start from the same numbers.

/** mulberry32: a tiny, fast, seeded uniform generator on [0, 1). */
export function uniformSource(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function uniformArray(count: number, low: number, high: number, seed: number): Float32Array {
  const next = uniformSource(seed);
  const out = new Float32Array(count);
  for (let i = 0; i < count; i++) out[i] = low + (high - low) * next();
  return out;
}

/** Standard normal samples by Box-Muller. */
export function normalArray(count: number, seed: number): Float32Array {
  const next = uniformSource(seed);
  const out = new Float32Array(count);
  for (let i = 0; i < count; i += 2) {
    const u = 1 - next();
    const v = next();
    const r = Math.sqrt(-2 * Math.log(u));
    out[i] = r * Math.cos(2 * Math.PI * v);
    if (i + 1 < count) out[i + 1] = r * Math.sin(2 * Math.PI * v);
  }
  return out;
}

/** A dense layer, `y = x @ w + b`, with `w` stored row-major as [fanIn, fanOut]. */
export interface Layer {
  fanIn: number;
  fanOut: number;
  w: Float32Array;
  b: Float32Array;
}

/** PyTorch's default `nn.Linear` init: weight and bias uniform in ±1/sqrt(fanIn). */
export function linearInit(fanIn: number, fanOut: number, seed: number): Layer {
  const bound = 1 / Math.sqrt(fanIn);
  return {
    fanIn,
    fanOut,
    w: uniformArray(fanIn * fanOut, -bound, bound, seed),
    b: uniformArray(fanOut, -bound, bound, seed + 1),
  };
}

/** Data and initial weights of a full-batch classification problem. */
export interface TrainData {
  /** Row-major [batch, features]. */
  x: Float32Array;
  batch: number;
  /** Input features (fanIn of the first layer) and outputs (fanOut of the last). */
  features: number;
  outputs: number;
  layers: Layer[];
  /** Hidden activation between layers. */
  activation: "tanh" | "relu";
  /** tiny_train: one float 0/1 per row (BCE on logits); mlp_train: class indices (softmax CE). */
  targets: Float32Array | Int32Array;
  lr: number;
  momentum: number;
}

export function tinyTrainData(): TrainData {
  const batch = 200;
  const x = uniformArray(batch * 2, -1, 1, 11);
  const y = new Float32Array(batch);
  for (let i = 0; i < batch; i++) y[i] = x[2 * i]! * x[2 * i + 1]! > 0 ? 1 : 0;
  return {
    x,
    batch,
    features: 2,
    outputs: 1,
    layers: [linearInit(2, 16, 21), linearInit(16, 16, 23), linearInit(16, 1, 25)],
    activation: "tanh",
    targets: y,
    lr: 0.1,
    momentum: 0.9,
  };
}

export function mlpTrainData(): TrainData {
  const batch = 128;
  const labels = new Int32Array(batch);
  const next = uniformSource(31);
  for (let i = 0; i < batch; i++) labels[i] = Math.floor(next() * 10);
  return {
    x: normalArray(batch * 784, 33),
    batch,
    features: 784,
    outputs: 10,
    layers: [linearInit(784, 256, 41), linearInit(256, 128, 43), linearInit(128, 10, 45)],
    activation: "relu",
    targets: labels,
    lr: 0.01,
    momentum: 0.9,
  };
}

/** The 100 leaves of scalar_autograd. */
export function scalarLeaves(): Float32Array {
  return uniformArray(100, -1.5, 1.5, 51);
}

/** Initial value of the accumulator of scalar_autograd (a constant, not a leaf). */
export const SCALAR_ACC0 = 0.5;

/** mnist_epoch: descent's MNIST split, the 784-128-10 MLP's initial weights and the SGD settings. */
export interface MnistEpochData {
  /** Row-major [trainSize, 784], pixels in [0, 1]; labels 0-9. */
  trainX: Float32Array;
  trainY: Int32Array;
  trainSize: number;
  /** The held-out digits, [testSize, 784]. */
  testX: Float32Array;
  testY: Int32Array;
  testSize: number;
  features: number;
  classes: number;
  /** Samples per step; trainSize / batch steps make one epoch, in order (no shuffle). */
  batch: number;
  steps: number;
  /** [fanIn, fanOut] layout, as every other workload (torch's nn.Linear keeps the transpose). */
  layers: Layer[];
  lr: number;
  momentum: number;
}

/**
 * The digits of `loadMnist({ trainSize: 8000, seed: 0 })` from descent's own src/node.ts, copied to
 * plain arrays so that every peer gets the same numbers. Imported here, not statically, so that a
 * broken engine only fails this workload.
 */
export async function mnistEpochData(): Promise<MnistEpochData> {
  const { loadMnist } = await import("../src/node.js");
  const { train, test } = loadMnist({ trainSize: 8000, seed: 0 });
  const floats = (values: unknown, what: string): Float32Array => {
    if (!(values instanceof Float32Array)) throw new Error(`loadMnist: ${what} is not float32`);
    return values;
  };
  const ints = (values: unknown, what: string): Int32Array => {
    if (!(values instanceof Int32Array)) throw new Error(`loadMnist: ${what} is not int32`);
    return values;
  };
  const trainX = floats(train.x.toTypedArray(), "train.x");
  const trainY = ints(train.y.toTypedArray(), "train.y");
  const testX = floats(test.x.toTypedArray(), "test.x");
  const testY = ints(test.y.toTypedArray(), "test.y");
  const features = 784;
  const batch = 64;
  if (trainX.length !== trainY.length * features || testX.length !== testY.length * features)
    throw new Error("loadMnist: x and y disagree on the number of digits");
  if (trainY.length % batch !== 0)
    throw new Error(
      `loadMnist: ${trainY.length} training digits are not whole batches of ${batch}`,
    );
  return {
    trainX,
    trainY,
    trainSize: trainY.length,
    testX,
    testY,
    testSize: testY.length,
    features,
    classes: 10,
    batch,
    steps: trainY.length / batch,
    layers: [linearInit(features, 128, 61), linearInit(128, 10, 63)],
    lr: 0.1,
    momentum: 0.9,
  };
}
