// File IO: loading and saving safetensors files and checkpoints, atomic writes, and PyTorch
// loading what descent writes (when torch is installed).
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import fs from "node:fs/promises";
import {
  mkdtempSync,
  readFileSync,
  readdirSync,
  rmSync,
  writeFileSync,
  mkdirSync,
  chmodSync,
  statSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { after, before, describe, test } from "node:test";
import { Generator, Tensor, optim, randn, relu, tensor } from "../../src/index.js";
import {
  loadCheckpoint,
  loadSafetensors,
  saveCheckpoint,
  saveSafetensors,
  writeFileAtomic,
} from "../../src/io/node.js";
import {
  CheckpointError,
  parseSafetensors,
  serializeSafetensors,
} from "../../src/io/safetensors/index.js";
import { assertClose } from "../helpers.js";

const FIXTURES = join(dirname(fileURLToPath(import.meta.url)), "..", "fixtures");
const root = mkdtempSync(join(tmpdir(), "descent-io-"));
after(() => rmSync(root, { recursive: true, force: true }));
let counter = 0;
/** A fresh empty directory. */
function freshDir(): string {
  const dir = join(root, `case-${counter++}`);
  mkdirSync(dir);
  return dir;
}

async function rejectsWith(
  promise: Promise<unknown>,
  ...patterns: RegExp[]
): Promise<CheckpointError> {
  let error: unknown;
  try {
    await promise;
  } catch (e) {
    error = e;
  }
  assert.ok(error instanceof CheckpointError, `expected a CheckpointError, got ${String(error)}`);
  for (const p of patterns) assert.match(error.message, p);
  return error;
}

const weights = (): Record<string, Tensor> => ({
  "0.weight": tensor([
    [1, 2],
    [3, 4],
  ]),
  "0.bias": tensor([0.5, -0.5]),
});

describe("loading and saving files", () => {
  test("saveSafetensors / loadSafetensors round-trip", async () => {
    const path = join(freshDir(), "model.safetensors");
    await saveSafetensors(path, weights(), { format: "pt" });
    assert.deepEqual(
      readFileSync(path),
      Buffer.from(serializeSafetensors(weights(), { format: "pt" })),
    );
    const { tensors, metadata } = await loadSafetensors(path);
    assert.deepEqual(metadata, { format: "pt" });
    assert.deepEqual([...tensors["0.weight"]!.data], [1, 2, 3, 4]);
    assert.deepEqual(tensors["0.bias"]!.shape, [2]);
  });

  test("loadSafetensors reads PyTorch's file", async () => {
    const { tensors } = await loadSafetensors(join(FIXTURES, "torch_sequential.safetensors"));
    assert.deepEqual(tensors["0.weight"]!.shape, [8, 4]);
  });

  test("saveCheckpoint / loadCheckpoint round-trip", async () => {
    const path = join(freshDir(), "ckpt.safetensors");
    await saveCheckpoint(path, {
      model: weights(),
      optimizer: {
        state: { 0: { step: 1, m: tensor([1, 2]) } },
        paramGroups: [{ lr: 0.1, params: [0] }],
      },
      extra: { epoch: 2 },
    });
    const back = await loadCheckpoint(path);
    assert.deepEqual(Object.keys(back.model), ["0.weight", "0.bias"]);
    assert.equal(back.optimizer!.state[0]!.step, 1);
    assert.deepEqual([...(back.optimizer!.state[0]!.m as Tensor).data], [1, 2]);
    assert.deepEqual(back.extra, { epoch: 2 });
  });

  test("a missing file, a corrupted file, a plain file as a checkpoint: errors naming the path", async () => {
    const dir = freshDir();
    const missing = join(dir, "nope.safetensors");
    const error = await rejectsWith(
      loadSafetensors(missing),
      /^loadSafetensors: cannot read .*nope.safetensors: ENOENT/,
    );
    assert.equal((error.cause as NodeJS.ErrnoException).code, "ENOENT");
    await rejectsWith(loadCheckpoint(missing), /^loadCheckpoint: cannot read/);

    const bad = join(dir, "bad.safetensors");
    writeFileSync(bad, Buffer.from("not a safetensors file at all"));
    await rejectsWith(
      loadSafetensors(bad),
      /^parseSafetensors \(.*bad.safetensors\): the header length is \d+ bytes, more than maxHeaderBytes/,
    );
    await rejectsWith(
      loadSafetensors(bad, { maxHeaderBytes: 1e30 }),
      /maxHeaderBytes must be an integer/,
    );

    const plain = join(dir, "plain.safetensors");
    await saveSafetensors(plain, weights());
    await rejectsWith(
      loadCheckpoint(plain),
      /^checkpointFromBytes \(.*plain.safetensors\): the file has no "descent" metadata entry/,
    );
  });
});

describe("atomic writes", () => {
  const OLD = Buffer.from(serializeSafetensors({ old: tensor([1, 2, 3]) }));

  /** A directory holding only target.safetensors with the OLD bytes. */
  function withOldFile(): { dir: string; path: string } {
    const dir = freshDir();
    const path = join(dir, "target.safetensors");
    writeFileSync(path, OLD);
    return { dir, path };
  }

  function assertUntouched(dir: string, path: string): void {
    assert.deepEqual(readdirSync(dir), ["target.safetensors"], "no temporary file is left behind");
    assert.deepEqual(readFileSync(path), OLD, "the old file is unchanged");
  }

  test("a successful save replaces the file and leaves no temporary file", async () => {
    const { dir, path } = withOldFile();
    await saveSafetensors(path, weights());
    assert.deepEqual(readdirSync(dir), ["target.safetensors"]);
    assert.deepEqual(Object.keys((await loadSafetensors(path)).tensors).sort(), [
      "0.bias",
      "0.weight",
    ]);
  });

  test("a tensor that throws while being serialised", async () => {
    const { dir, path } = withOldFile();
    // its storage cannot be read (as a GPU's, once the device is lost): the seam's read throws
    const evil = Object.create(Tensor.prototype) as Tensor;
    Object.defineProperty(evil, "_storage", {
      get() {
        throw new Error("device lost");
      },
    });
    Object.defineProperty(evil, "dtype", { value: "float32" });
    Object.defineProperty(evil, "shape", { value: [3] });
    await assert.rejects(saveSafetensors(path, { ...weights(), evil }), /device lost/);
    await assert.rejects(saveCheckpoint(path, { model: { evil } }), /device lost/);
    await rejectsWith(
      saveSafetensors(path, { w: "not a tensor" as unknown as Tensor }),
      /"w" is a string/,
    );
    assertUntouched(dir, path);
  });

  test("the disk fills up halfway through the write", async (t) => {
    const { dir, path } = withOldFile();
    const realOpen = fs.open;
    let partial = "";
    t.mock.method(fs, "open", async (...args: Parameters<typeof fs.open>) => {
      const handle = await realOpen(...args);
      return new Proxy(handle, {
        get(target, key) {
          if (key === "writeFile") {
            return async (bytes: Uint8Array) => {
              await target.writeFile(bytes.subarray(0, 10));
              partial = String(args[0]);
              assert.equal(
                readFileSync(partial).length,
                10,
                "the temporary file exists, half written",
              );
              throw Object.assign(new Error("ENOSPC: no space left on device, write"), {
                code: "ENOSPC",
              });
            };
          }
          const value = Reflect.get(target, key) as unknown;
          return typeof value === "function"
            ? (value as (...a: unknown[]) => unknown).bind(target)
            : value;
        },
      });
    });
    const error = await rejectsWith(
      saveSafetensors(path, weights()),
      /^saveSafetensors: cannot write .*target.safetensors: ENOSPC: no space left on device, write; the previous file, if any, is unchanged/,
    );
    assert.equal((error.cause as NodeJS.ErrnoException).code, "ENOSPC");
    assert.equal(dirname(partial), dir, "the temporary file is in the target's directory");
    assertUntouched(dir, path);
  });

  test("fsync fails", async (t) => {
    const { dir, path } = withOldFile();
    const realOpen = fs.open;
    t.mock.method(fs, "open", async (...args: Parameters<typeof fs.open>) => {
      const handle = await realOpen(...args);
      if (String(args[0]) === dir) return handle; // the directory sync comes after the rename
      return new Proxy(handle, {
        get(target, key) {
          if (key === "sync") return () => Promise.reject(new Error("EIO: i/o error, fsync"));
          const value = Reflect.get(target, key) as unknown;
          return typeof value === "function"
            ? (value as (...a: unknown[]) => unknown).bind(target)
            : value;
        },
      });
    });
    await rejectsWith(
      saveCheckpoint(path, { model: weights() }),
      /^saveCheckpoint: cannot write .*: EIO/,
    );
    assertUntouched(dir, path);
  });

  test("the rename fails", async (t) => {
    const { dir, path } = withOldFile();
    t.mock.method(fs, "rename", () =>
      Promise.reject(new Error("EXDEV: cross-device link not permitted")),
    );
    await rejectsWith(saveSafetensors(path, weights()), /EXDEV/);
    assertUntouched(dir, path);
  });

  test("the target is a directory (a real failing rename)", async () => {
    const dir = freshDir();
    const target = join(dir, "target.safetensors");
    mkdirSync(target);
    writeFileSync(join(target, "keep"), "x");
    await rejectsWith(saveSafetensors(target, weights()), /cannot write/);
    assert.deepEqual(readdirSync(dir), ["target.safetensors"]);
    assert.deepEqual(readdirSync(target), ["keep"]);
  });

  test("a directory that does not exist", async () => {
    const dir = freshDir();
    const error = await rejectsWith(
      saveSafetensors(join(dir, "missing", "x.safetensors"), weights()),
      /ENOENT/,
    );
    assert.equal((error.cause as NodeJS.ErrnoException).code, "ENOENT");
    assert.deepEqual(readdirSync(dir), []);
  });

  const isRoot = process.getuid?.() === 0;
  test(
    "a read-only directory",
    {
      skip:
        isRoot || process.platform === "win32"
          ? "root (or Windows) ignores directory permissions"
          : false,
    },
    async () => {
      const { dir, path } = withOldFile();
      chmodSync(dir, 0o555);
      try {
        await rejectsWith(saveSafetensors(path, weights()), /EACCES/);
      } finally {
        chmodSync(dir, 0o755);
      }
      assertUntouched(dir, path);
    },
  );

  test("concurrent saves to one path: one of them wins whole, no temporary file remains", async () => {
    const dir = freshDir();
    const path = join(dir, "racy.safetensors");
    const versions = Array.from({ length: 20 }, (_, i) => ({
      v: tensor(Array.from({ length: 1000 }, () => i)),
    }));
    await Promise.all(versions.map((v) => saveSafetensors(path, v)));
    assert.deepEqual(readdirSync(dir), ["racy.safetensors"]);
    const v = (await loadSafetensors(path)).tensors.v!;
    assert.ok(v.data.every((x) => x === v.data[0]));
  });

  test("writeFileAtomic writes any bytes and keeps the old file's permissions", async () => {
    const dir = freshDir();
    const path = join(dir, "raw.bin");
    await writeFileAtomic(path, new Uint8Array([1, 2, 3]));
    assert.deepEqual([...readFileSync(path)], [1, 2, 3]);
    if (process.platform !== "win32") {
      chmodSync(path, 0o600);
      await writeFileAtomic(path, new Uint8Array([4]));
      assert.equal(statSync(path).mode & 0o777, 0o600);
    }
    assert.deepEqual(readdirSync(dir), ["raw.bin"]);
  });
});

// ---- PyTorch loads what descent writes -----------------------------------------------------------

const SCRIPT = join(FIXTURES, "generate_safetensors.py");
/** Exit code of the script when `import torch` fails. */
const NO_TORCH = 3;

interface CheckOutput {
  keys: string[];
  metadata: Record<string, string> | null;
  output: number[][];
}

/**
 * Runs `generate_safetensors.py --check` on the files with the first of $DESCENT_PYTHON,
 * python3 and /usr/bin/python3 that imports torch (one process: importing torch takes seconds);
 * a string when none does (CI has no torch).
 */
function torchCheck(paths: string[]): CheckOutput[] | string {
  for (const exe of [process.env.DESCENT_PYTHON, "python3", "/usr/bin/python3"]) {
    if (exe === undefined) continue;
    const run = spawnSync(exe, [SCRIPT, "--check", ...paths], { encoding: "utf8" });
    if (run.error !== undefined || run.status === NO_TORCH) continue;
    assert.equal(run.status, 0, run.stderr);
    return run.stdout
      .trim()
      .split("\n")
      .map((line) => JSON.parse(line) as CheckOutput);
  }
  return "no python3 that imports torch (set DESCENT_PYTHON to one): skipping the PyTorch check";
}

describe("PyTorch loads descent's files", () => {
  const fixtures = JSON.parse(readFileSync(join(FIXTURES, "safetensors.json"), "utf8")) as {
    input: number[][];
  };
  const forward = (w: Record<string, Tensor>): Tensor =>
    relu(tensor(fixtures.input).matmul(w["0.weight"]!.transpose(0, 1)).add(w["0.bias"]!))
      .matmul(w["2.weight"]!.transpose(0, 1))
      .add(w["2.bias"]!);

  const g = new Generator().manualSeed(42);
  const model = {
    "0.weight": randn([8, 4], { generator: g }),
    "0.bias": randn([8], { generator: g }),
    "2.weight": randn([3, 8], { generator: g }),
    "2.bias": randn([3], { generator: g }),
  };
  // a trained copy, with Adam's state, for the checkpoint
  const params = Object.values(model).map((t) => t.clone().requiresGrad_());
  const opt = new optim.Adam(params, { lr: 0.01 });
  params.reduce((acc, p) => acc.add(p.square().sum()), tensor(0)).backward();
  opt.step();
  const trained = Object.fromEntries(Object.keys(model).map((k, i) => [k, params[i]!.detach()]));

  const dir = freshDir();
  const stateFile = join(dir, "descent.safetensors");
  const checkpointFile = join(dir, "checkpoint.safetensors");
  let results: CheckOutput[] | string = "not run";
  before(async () => {
    await saveSafetensors(stateFile, model, { written_by: "descent" });
    await saveCheckpoint(checkpointFile, {
      model: trained,
      optimizer: opt.stateDict(),
      extra: { epoch: 1 },
    });
    results = torchCheck([stateFile, checkpointFile]);
  });

  test("a state dict saved by saveSafetensors loads with load_state_dict(strict=True)", (t) => {
    if (typeof results === "string") return t.skip(results);
    const result = results[0]!;
    assert.deepEqual(result.keys, ["0.bias", "0.weight", "2.bias", "2.weight"]);
    assert.deepEqual(result.metadata, { written_by: "descent" });
    assertClose(forward(model), result.output.flat(), { rtol: 1e-5, atol: 1e-6 });
  });

  test("a checkpoint: the model keys load strictly, the optimizer keys ride along", async (t) => {
    if (typeof results === "string") return t.skip(results);
    const result = results[1]!;
    assert.ok(result.keys.includes("optimizer.state.0.expAvg"));
    assert.equal(result.keys.length, 4 + 4 * 2);
    assert.equal(result.metadata?.format, "pt");
    assert.match(result.metadata?.descent ?? "", /^\{"version":1,/);
    assertClose(forward(trained), result.output.flat(), { rtol: 1e-5, atol: 1e-6 });
    // and descent reads its own file back
    assert.deepEqual(Object.keys((await loadCheckpoint(checkpointFile)).model), Object.keys(model));
    assert.ok(parseSafetensors(readFileSync(checkpointFile)).tensors["optimizer.state.3.expAvgSq"]);
  });
});
