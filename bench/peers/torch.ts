// PyTorch peer: runs bench/torch_bench.py (Debian's python3-torch) on the same inputs, written to a file.

import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { SCALAR_ACC0, type TrainData } from "../data.js";
import type { Inputs, Row, WorkloadName } from "../workloads/workload.js";

const PYTHONS = ["/usr/bin/python3", "python3"];
const SCRIPT = fileURLToPath(new URL("../torch_bench.py", import.meta.url));

/** The first python that imports torch, with torch's version, or null. */
export function findTorch(): { python: string; version: string } | null {
  for (const python of PYTHONS) {
    const r = spawnSync(python, ["-c", "import torch; print(torch.__version__)"], {
      encoding: "utf8",
    });
    if (r.status === 0) return { python, version: r.stdout.trim() };
  }
  return null;
}

type Blob = Float32Array | Int32Array;

/**
 * Writes every input as raw little-endian arrays in one file, with a JSON manifest of offsets and settings,
 * so that torch starts from exactly the numbers the JS peers start from.
 */
function writeInputs(dir: string, inputs: Inputs): string {
  const arrays: [string, Blob][] = [["leaves", inputs.leaves]];
  for (const { n, a, b } of inputs.sgemm) arrays.push([`sgemm${n}_a`, a], [`sgemm${n}_b`, b]);
  const train = (name: string, data: TrainData) => {
    arrays.push([`${name}_x`, data.x], [`${name}_targets`, data.targets]);
    data.layers.forEach((l, i) => arrays.push([`${name}_w${i}`, l.w], [`${name}_b${i}`, l.b]));
  };
  train("tiny", inputs.tiny);
  train("mlp", inputs.mlp);
  const mnist = typeof inputs.mnist === "object" ? inputs.mnist : null;
  if (mnist !== null) {
    arrays.push(
      ["mnist_train_x", mnist.trainX],
      ["mnist_train_y", mnist.trainY],
      ["mnist_test_x", mnist.testX],
      ["mnist_test_y", mnist.testY],
    );
    mnist.layers.forEach((l, i) => arrays.push([`mnist_w${i}`, l.w], [`mnist_b${i}`, l.b]));
  }

  let offset = 0;
  const placed = arrays.map(([name, blob]) => {
    const at = offset;
    offset += blob.byteLength;
    return { name, blob, at };
  });
  const bytes = new Uint8Array(offset);
  for (const { blob, at } of placed) {
    bytes.set(new Uint8Array(blob.buffer, blob.byteOffset, blob.byteLength), at);
  }
  const arraysManifest = Object.fromEntries(
    placed.map(({ name, blob, at }) => {
      const dtype = blob instanceof Int32Array ? "int32" : "float32";
      return [name, { offset: at, length: blob.length, dtype }];
    }),
  );
  const trainInfo = (data: TrainData) => ({
    batch: data.batch,
    sizes: [data.features, ...data.layers.map((l) => l.fanOut)],
    activation: data.activation,
    lr: data.lr,
    momentum: data.momentum,
  });
  const manifest = {
    bin: path.join(dir, "inputs.bin"),
    arrays: arraysManifest,
    scalar: { iterations: inputs.scalarIterations, acc0: SCALAR_ACC0 },
    sgemmSizes: inputs.sgemm.map((s) => s.n),
    tiny: trainInfo(inputs.tiny),
    mlp: trainInfo(inputs.mlp),
    mnist:
      mnist === null
        ? null
        : {
            trainSize: mnist.trainSize,
            testSize: mnist.testSize,
            batch: mnist.batch,
            steps: mnist.steps,
            sizes: [mnist.features, ...mnist.layers.map((l) => l.fanOut)],
            lr: mnist.lr,
            momentum: mnist.momentum,
          },
  };
  writeFileSync(manifest.bin, bytes);
  const manifestPath = path.join(dir, "inputs.json");
  writeFileSync(manifestPath, JSON.stringify(manifest));
  return manifestPath;
}

interface TorchOutput {
  torch: string;
  threads: number;
  blas: string;
  rows: Omit<Row, "peer">[];
}

/** Runs the script once per thread count; `info` collects what each run reported about itself. */
export function runTorch(
  python: string,
  inputs: Inputs,
  workloads: WorkloadName[],
  threads: number[],
  info: string[],
): Row[] {
  // Without the digits (the engine could not load them), mnist_epoch fails here instead of in python.
  const noDigits = typeof inputs.mnist === "string" ? inputs.mnist : null;
  const names = noDigits === null ? workloads : workloads.filter((w) => w !== "mnist_epoch");
  const dir = mkdtempSync(path.join(tmpdir(), "descent-bench-"));
  try {
    const manifest = writeInputs(dir, inputs);
    return threads.flatMap((n) => {
      const peer = `torch (${n} thread${n === 1 ? "" : "s"})`;
      const failedMnist: Row[] =
        noDigits === null
          ? []
          : [
              {
                workload: "mnist_epoch",
                size: "",
                peer,
                mode: "",
                unit: "samples/s",
                status: "failed",
                note: noDigits,
              },
            ];
      if (names.length === 0) return failedMnist;
      const args = [
        SCRIPT,
        "--inputs",
        manifest,
        "--threads",
        String(n),
        "--only",
        names.join(","),
      ];
      if (inputs.quick) args.push("--quick");
      // Debian's torch calls OpenBLAS (its own pthreads) beside OpenMP: both get n threads, and OpenMP's
      // idle threads must sleep, or with 2 cores they spin against OpenBLAS's (10x slower training).
      const threadsEnv = {
        OMP_NUM_THREADS: String(n),
        OPENBLAS_NUM_THREADS: String(n),
        OMP_WAIT_POLICY: "PASSIVE",
      };
      const env = { ...process.env, ...threadsEnv };
      const r = spawnSync(python, args, { encoding: "utf8", maxBuffer: 1 << 24, env });
      if (r.status !== 0) {
        const why = (r.stderr || r.stdout || String(r.error)).trim().split("\n").pop() ?? "";
        return names.map((w): Row => ({
          workload: w,
          size: "",
          peer,
          mode: "",
          unit: "",
          status: "failed",
          note: why,
        }));
      }
      const out = JSON.parse(r.stdout) as TorchOutput;
      info.push(
        `${peer}: torch ${out.torch}, get_num_threads() = ${out.threads}, BLAS ${out.blas}`,
      );
      return [...out.rows.map((row): Row => ({ ...row, peer })), ...failedMnist];
    });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
