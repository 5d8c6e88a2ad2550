/**
 * Synthetic datasets for pictures and small experiments: 2-D classification sets (two moons,
 * circles, spirals, XOR, Gaussian blobs) and 1-D regression sets (a noisy line, a noisy sine).
 *
 * Every set is deterministic by its seed, in Node and in every browser alike: the only source of
 * randomness is the seeded Generator (MT19937, torch's), never Math.random. (The curves and the
 * Gaussian noise use Math.cos/sin/log/sqrt; engines that round those differently in the last bit
 * could differ in a float32 value's last bit, very rarely.) Each classification
 * set is built the same way, in this order of draws from `new Generator(seed)` (default seed 0):
 *   1. the noise-free points ("anchors") in class order: class 0 first, then class 1, ...
 *      (for `xor` and `blobs` this step draws uniforms, see there);
 *   2. with `shuffle` (default true): a randperm(N) that reorders the samples (x and y together);
 *   3. Gaussian noise: `noise · randn(N, 2)` (a float64 randn) added to x; skipped when noise is 0.
 * So in torch, with `g = torch.Generator().manual_seed(seed)`, step 2 is
 * `torch.randperm(N, generator=g)` and step 3 `torch.randn(N, 2, dtype=torch.float64, generator=g)`.
 * x is float32 [N, 2] (values computed in float64, rounded once); y holds int32 class indices [N].
 * Classes are balanced: with K classes, the first N mod K classes get one sample more.
 */
import { ArgumentError } from "../errors.js";
import { Tensor } from "../tensor/tensor.js";
import type { Generator } from "../tensor/random.js";
import { resolveGenerator, type RandomSource } from "./dataset.js";

/** A synthetic dataset: inputs x and targets y (see each function for shapes and dtypes). */
export interface SyntheticData {
  /** The inputs, one sample per row (float32 [n, 2] for the 2-D sets). */
  x: Tensor;
  /** The targets: int32 class indices [n] for classification, float32 values for regression. */
  y: Tensor;
}

export interface SyntheticOptions extends RandomSource {
  /** Standard deviation of the Gaussian noise added to each coordinate of x. */
  noise?: number;
  /** Shuffles the samples so that the classes are interleaved (default true). */
  shuffle?: boolean;
}

function checkCount(op: string, n: number): void {
  if (!Number.isSafeInteger(n) || n < 0) {
    throw new ArgumentError(`${op}: n must be a non-negative integer, got ${n}`);
  }
}

function checkNonNegative(op: string, name: string, v: number): number {
  if (typeof v !== "number" || !Number.isFinite(v) || v < 0) {
    throw new ArgumentError(`${op}: ${name} must be a finite number ≥ 0, got ${String(v)}`);
  }
  return v;
}

function generatorOf(op: string, options: RandomSource): Generator {
  const source = options.generator === undefined ? { seed: options.seed ?? 0 } : options;
  return resolveGenerator(op, source, null)!;
}

/** Sizes of K balanced classes: floor(n/K) each, one more for the first n mod K (sklearn's). */
function classSizes(n: number, k: number): number[] {
  return Array.from({ length: k }, (_v, i) => Math.floor(n / k) + (i < n % k ? 1 : 0));
}

/** numpy.linspace(start, stop, num, endpoint): i·step + start, the endpoint exactly stop. */
function linspace(start: number, stop: number, num: number, endpoint = true): Float64Array {
  const out = new Float64Array(num);
  const div = endpoint ? num - 1 : num;
  const step = div > 0 ? (stop - start) / div : 0;
  for (let i = 0; i < num; i++) out[i] = i * step + start;
  if (endpoint && num > 1) out[num - 1] = stop;
  return out;
}

/** Steps 2 and 3 of the module comment: shuffle the anchors, add noise, make the tensors. */
function finish(
  anchors: Float64Array,
  labels: Int32Array,
  generator: Generator,
  noise: number,
  shuffle: boolean,
): SyntheticData {
  const n = labels.length;
  const x = new Float32Array(2 * n);
  const y = new Int32Array(n);
  const perm = shuffle ? generator.permutation(n) : null;
  const z = noise > 0 ? new Float64Array(2 * n) : null;
  if (z !== null) generator.fillNormal(z);
  for (let i = 0; i < n; i++) {
    const j = perm === null ? i : perm[i]!;
    const dx = z === null ? 0 : noise * z[2 * i]!;
    const dy = z === null ? 0 : noise * z[2 * i + 1]!;
    x[2 * i] = anchors[2 * j]! + dx;
    x[2 * i + 1] = anchors[2 * j + 1]! + dy;
    y[i] = labels[j]!;
  }
  return { x: new Tensor(x, [n, 2]), y: new Tensor(y, [n]) };
}

/**
 * Two interleaving half circles, as sklearn.datasets.make_moons: floor(n/2) points of class 0 at
 * (cos t, sin t) and the other ceil(n/2) of class 1 at (1 − cos t, 0.5 − sin t), t evenly spaced
 * over [0, π] (numpy.linspace, both ends included). Default noise 0.1 (sklearn's default is
 * none). Random draws: see the module comment (sklearn's own numpy draws are not reproduced).
 */
export function twoMoons(n: number, options: SyntheticOptions = {}): SyntheticData {
  const op = "twoMoons";
  checkCount(op, n);
  const noise = checkNonNegative(op, "noise", options.noise ?? 0.1);
  const generator = generatorOf(op, options);
  const [nOut, nIn] = [Math.floor(n / 2), n - Math.floor(n / 2)];
  const anchors = new Float64Array(2 * n);
  const labels = new Int32Array(n);
  linspace(0, Math.PI, nOut).forEach((t, i) => {
    anchors[2 * i] = Math.cos(t);
    anchors[2 * i + 1] = Math.sin(t);
  });
  linspace(0, Math.PI, nIn).forEach((t, i) => {
    const k = nOut + i;
    anchors[2 * k] = 1 - Math.cos(t);
    anchors[2 * k + 1] = 1 - Math.sin(t) - 0.5;
    labels[k] = 1;
  });
  return finish(anchors, labels, generator, noise, options.shuffle ?? true);
}

export interface CirclesOptions extends SyntheticOptions {
  /** Radius of the inner circle relative to the outer one, in [0, 1) (default 0.5). */
  factor?: number;
}

/**
 * A circle inside a circle, as sklearn.datasets.make_circles: floor(n/2) points of class 0 on the
 * unit circle and ceil(n/2) of class 1 on the circle of radius `factor`, at angles evenly spaced
 * over [0, 2π) (endpoint excluded). Defaults: noise 0.05, factor 0.5 (sklearn: none and 0.8).
 */
export function circles(n: number, options: CirclesOptions = {}): SyntheticData {
  const op = "circles";
  checkCount(op, n);
  const noise = checkNonNegative(op, "noise", options.noise ?? 0.05);
  const factor = options.factor ?? 0.5;
  if (typeof factor !== "number" || !(factor >= 0 && factor < 1)) {
    throw new ArgumentError(`${op}: factor must be in [0, 1), got ${String(factor)}`);
  }
  const generator = generatorOf(op, options);
  const [nOut, nIn] = [Math.floor(n / 2), n - Math.floor(n / 2)];
  const anchors = new Float64Array(2 * n);
  const labels = new Int32Array(n);
  linspace(0, 2 * Math.PI, nOut, false).forEach((t, i) => {
    anchors[2 * i] = Math.cos(t);
    anchors[2 * i + 1] = Math.sin(t);
  });
  linspace(0, 2 * Math.PI, nIn, false).forEach((t, i) => {
    const k = nOut + i;
    anchors[2 * k] = Math.cos(t) * factor;
    anchors[2 * k + 1] = Math.sin(t) * factor;
    labels[k] = 1;
  });
  return finish(anchors, labels, generator, noise, options.shuffle ?? true);
}

export interface SpiralOptions extends SyntheticOptions {
  /** Number of arms, one class each (default 2). */
  classes?: number;
}

/**
 * Interleaved spiral arms, one per class (CS231n's spiral, with evenly spaced arms): the m points
 * of class k sit at radius r = j/(m−1) and angle θ = 2πk/K + 4r (j = 0..m−1), i.e. at
 * (r·sin θ, r·cos θ); every arm starts at the origin and turns by 4 radians. Default noise 0.1.
 */
export function spiral(n: number, options: SpiralOptions = {}): SyntheticData {
  const op = "spiral";
  checkCount(op, n);
  const noise = checkNonNegative(op, "noise", options.noise ?? 0.1);
  const k = options.classes ?? 2;
  if (!Number.isSafeInteger(k) || k < 1) {
    throw new ArgumentError(`${op}: classes must be a positive integer, got ${String(k)}`);
  }
  const generator = generatorOf(op, options);
  const anchors = new Float64Array(2 * n);
  const labels = new Int32Array(n);
  let at = 0;
  classSizes(n, k).forEach((m, c) => {
    for (let j = 0; j < m; j++, at++) {
      const r = m > 1 ? j / (m - 1) : 0;
      const theta = (2 * Math.PI * c) / k + 4 * r;
      anchors[2 * at] = r * Math.sin(theta);
      anchors[2 * at + 1] = r * Math.cos(theta);
      labels[at] = c;
    }
  });
  return finish(anchors, labels, generator, noise, options.shuffle ?? true);
}

/**
 * The XOR problem: points in [−1, 1]², class 1 where the two coordinates have opposite signs.
 * Sample i (before shuffling) lies in quadrant i mod 4 — (+,+), (−,+), (−,−), (+,−) — at
 * |coordinates| drawn uniformly from [0, 1) (the first draws: a float64 rand(N, 2)), so class 0
 * gets ceil(n/2) samples and class 1 floor(n/2). Default noise 0.1 (added after labelling, so
 * noisy points near the axes can cross into the other class's quadrant).
 */
export function xor(n: number, options: SyntheticOptions = {}): SyntheticData {
  const op = "xor";
  checkCount(op, n);
  const noise = checkNonNegative(op, "noise", options.noise ?? 0.1);
  const generator = generatorOf(op, options);
  const anchors = new Float64Array(2 * n);
  generator.fillUniform(anchors);
  const labels = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    const q = i % 4;
    if (q === 1 || q === 2) anchors[2 * i] = -anchors[2 * i]!;
    if (q >= 2) anchors[2 * i + 1] = -anchors[2 * i + 1]!;
    labels[i] = q % 2;
  }
  return finish(anchors, labels, generator, noise, options.shuffle ?? true);
}

export interface BlobsOptions extends RandomSource {
  /** The number of blobs (default 3), or their centers as [x, y] pairs. */
  centers?: number | readonly (readonly [number, number])[];
  /** Standard deviation of each blob (default 1, sklearn's cluster_std). */
  std?: number;
  /** Drawn centers are uniform in [low, high)² (default [-10, 10], sklearn's center_box). */
  centerBox?: readonly [number, number];
  /** Shuffles the samples (default true). */
  shuffle?: boolean;
}

/**
 * Isotropic Gaussian blobs, one class each, as sklearn.datasets.make_blobs: class k is
 * N(center_k, std²·I). With `centers` a number, the centers are drawn first, uniformly in
 * `centerBox` (a float64 rand(K, 2)); the blob spread is the noise step of the module comment.
 */
export function blobs(n: number, options: BlobsOptions = {}): SyntheticData {
  const op = "blobs";
  checkCount(op, n);
  const std = checkNonNegative(op, "std", options.std ?? 1);
  const generator = generatorOf(op, options);
  const spec = options.centers ?? 3;
  let centers: Float64Array;
  if (typeof spec === "number") {
    if (!Number.isSafeInteger(spec) || spec < 1) {
      throw new ArgumentError(
        `${op}: centers must be a positive integer or a list of [x, y], got ${spec}`,
      );
    }
    const [low, high] = options.centerBox ?? [-10, 10];
    if (!(Number.isFinite(low) && Number.isFinite(high) && low <= high)) {
      throw new ArgumentError(
        `${op}: centerBox must be [low, high] with low ≤ high, got [${low}, ${high}]`,
      );
    }
    centers = new Float64Array(2 * spec);
    generator.fillUniform(centers, low, high);
  } else {
    if (!isList(spec) || spec.length === 0) {
      throw new ArgumentError(
        `${op}: centers must be a positive integer or a non-empty list of [x, y]`,
      );
    }
    centers = new Float64Array(2 * spec.length);
    spec.forEach((c, i) => {
      if (!isList(c) || c.length !== 2 || !c.every((v) => Number.isFinite(v))) {
        throw new ArgumentError(`${op}: center ${i} must be a pair of finite numbers [x, y]`);
      }
      centers[2 * i] = c[0];
      centers[2 * i + 1] = c[1];
    });
  }
  const anchors = new Float64Array(2 * n);
  const labels = new Int32Array(n);
  let at = 0;
  classSizes(n, centers.length / 2).forEach((m, c) => {
    for (let j = 0; j < m; j++, at++) {
      anchors[2 * at] = centers[2 * c]!;
      anchors[2 * at + 1] = centers[2 * c + 1]!;
      labels[at] = c;
    }
  });
  return finish(anchors, labels, generator, std, options.shuffle ?? true);
}

/** A 1-D regression set: x float32 [N, 1] drawn uniformly, y = f(x) + noise·ε float32 [N, 1]. */
function regression(
  op: string,
  n: number,
  options: RandomSource & { noise?: number },
  defaultNoise: number,
  low: number,
  high: number,
  f: (x: number) => number,
): SyntheticData {
  checkCount(op, n);
  const noise = checkNonNegative(op, "noise", options.noise ?? defaultNoise);
  const generator = generatorOf(op, options);
  const xs = new Float64Array(n);
  generator.fillUniform(xs, low, high);
  const z = noise > 0 ? new Float64Array(n) : null;
  if (z !== null) generator.fillNormal(z);
  const x = new Float32Array(n);
  const y = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    x[i] = xs[i]!;
    y[i] = f(xs[i]!) + (z === null ? 0 : noise * z[i]!);
  }
  return { x: new Tensor(x, [n, 1]), y: new Tensor(y, [n, 1]) };
}

export interface LinearRegressionOptions extends RandomSource {
  /** Default 2. */
  slope?: number;
  /** Default 1. */
  intercept?: number;
  /** Standard deviation of the Gaussian noise on y (default 0.1). */
  noise?: number;
}

/**
 * A noisy line: x uniform in [−1, 1), y = slope·x + intercept + noise·ε with ε ~ N(0, 1); both
 * float32 [N, 1]. Draws from `new Generator(seed)`: x first (a float64 rand(N) scaled to the
 * interval), then ε (a float64 randn(N)), skipped when noise is 0.
 */
export function linearRegression(n: number, options: LinearRegressionOptions = {}): SyntheticData {
  const slope = options.slope ?? 2;
  const intercept = options.intercept ?? 1;
  if (!Number.isFinite(slope) || !Number.isFinite(intercept)) {
    throw new ArgumentError(`linearRegression: slope and intercept must be finite numbers`);
  }
  return regression("linearRegression", n, options, 0.1, -1, 1, (x) => slope * x + intercept);
}

export interface SineRegressionOptions extends RandomSource {
  /** Standard deviation of the Gaussian noise on y (default 0.1). */
  noise?: number;
}

/**
 * A noisy sine wave: x uniform in [−π, π), y = sin(x) + noise·ε; both float32 [N, 1]. Draws as
 * in `linearRegression`.
 */
export function sineRegression(n: number, options: SineRegressionOptions = {}): SyntheticData {
  return regression("sineRegression", n, options, 0.1, -Math.PI, Math.PI, Math.sin);
}

/** Array.isArray without narrowing (which would turn readonly element types into any). */
function isList(value: unknown): boolean {
  return Array.isArray(value);
}
