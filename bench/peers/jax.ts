// jax-js peer on its WebAssembly device: eager matmul, jit-compiled training steps (valueAndGrad inside
// jit), and the scalar graph with grad, eagerly in a child process and under jit.

import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import { defaultDevice, grad, init, jit, nn, numpy as np, valueAndGrad } from "@jax-js/jax";
import type { MnistEpochData, TrainData } from "../data.js";
import type { EpochCase, Peer, ScalarCase, SgemmCase, TrainCase } from "./peer.js";
import { floatsOf, scalarGraph, scalarOf } from "./jax-shared.js";

/** Where eager grad fails, the scalar graph is also measured under jit at 999 ops (333 iterations). */
const JIT_ITERATIONS = 333;
const PROBE_TIMEOUT_MS = 60_000;
const PROBE_HEAP_MB = 1024;

export function jaxPeer(): Peer {
  return {
    name: "jax-wasm",

    async setUp() {
      const devices = await init("wasm");
      if (!devices.includes("wasm")) return "jax-js could not start its wasm device";
      defaultDevice("wasm");
      return null;
    },

    scalarAutograd(leaves, iterations, quick): ScalarCase[] {
      const w = Array.from(leaves, (v) => np.array(v));
      const readAll = (grads: np.Array[]) => Float64Array.from(grads, scalarOf);
      const gradOf = (count: number) => grad((ws: np.Array[]) => scalarGraph(ws, count));
      const compiled = jit(gradOf(JIT_ITERATIONS));
      const cases: ScalarCase[] = [
        eagerInChildProcess(iterations, quick),
        {
          mode: "jit, compiled once",
          iterations: JIT_ITERATIONS,
          run: () => readAll(compiled(w.map((x) => x.ref))),
        },
        {
          mode: "jit, traced and compiled each call",
          iterations: JIT_ITERATIONS,
          skipped: quick ? "not run with --quick" : undefined,
          run() {
            const fresh = jit(gradOf(JIT_ITERATIONS));
            const out = readAll(fresh(w.map((x) => x.ref)));
            fresh.dispose();
            return out;
          },
        },
      ];
      cases[cases.length - 1]!.dispose = () => {
        compiled.dispose();
        w.forEach((x) => x.dispose());
      };
      return cases;
    },

    sgemm(n, a, b): SgemmCase {
      const ta = np.array(a).reshape([n, n]);
      const tb = np.array(b).reshape([n, n]);
      return {
        mode: "eager",
        // dataSync consumes the product; the operands are lent with .ref.
        run: () => floatsOf(np.matmul(ta.ref, tb.ref)),
        dispose() {
          ta.dispose();
          tb.dispose();
        },
      };
    },

    train: (data) => trainCase(data),

    mnistEpoch: (data) => [epochCase(data)],
  };
}

/**
 * The eager graph of the workload's size, in a child process: jax-js's eager grad costs grow
 * quadratically with the graph and can exhaust the JS heap, which would kill this process.
 */
function eagerInChildProcess(iterations: number, quick: boolean): ScalarCase {
  let timedMs = Number.NaN;
  return {
    mode: "eager grad",
    iterations,
    skipped: quick ? "not attempted with --quick" : undefined,
    selfTimedMs: () => timedMs,
    run() {
      const probe = fileURLToPath(new URL("./jax-eager-probe.ts", import.meta.url));
      const args = [
        `--max-old-space-size=${PROBE_HEAP_MB}`,
        "--import",
        import.meta.resolve("tsx"),
        probe,
        String(iterations),
      ];
      const started = performance.now();
      const child = spawnSync(process.execPath, args, {
        encoding: "utf8",
        timeout: PROBE_TIMEOUT_MS,
      });
      const seconds = ((performance.now() - started) / 1000).toFixed(0);
      const where = `child process with a ${PROBE_HEAP_MB} MiB heap, after ${seconds} s`;
      if (child.error !== undefined || child.status !== 0) {
        const lines = `${child.stderr}\n${child.stdout}`.split("\n");
        const fatal = lines.find((l) => /FATAL ERROR|RangeError|Error:/.test(l))?.trim();
        const reason =
          child.signal === "SIGTERM" ? `no result within ${PROBE_TIMEOUT_MS / 1000} s` : fatal;
        throw new Error(`${reason ?? `exit code ${child.status}`} (${where})`);
      }
      const result = JSON.parse(child.stdout) as { grads: number[]; ms: number };
      timedMs = result.ms;
      return Float64Array.from(result.grads);
    },
  };
}

function trainCase(data: TrainData): TrainCase {
  const { layers, outputs } = data;
  let params = layers.flatMap((l) => [np.array(l.w).reshape([l.fanIn, l.fanOut]), np.array(l.b)]);
  let buffers = params.map((p) => np.zeros(p.shape));
  const x = np.array(data.x).reshape([data.batch, data.features]);
  const targets =
    outputs === 1
      ? np.array(data.targets).reshape([data.batch, 1])
      : nn.oneHot(np.array(data.targets, { dtype: np.int32 }), outputs).astype(np.float32);

  // Every argument is consumed once (jax-js ownership); .ref lends a second use.
  const lossOf = (ps: np.Array[], input: np.Array, target: np.Array): np.Array => {
    let h = input;
    for (let i = 0; i < layers.length; i++) {
      h = np.matmul(h, ps[2 * i]!).add(ps[2 * i + 1]!);
      if (i < layers.length - 1) h = data.activation === "tanh" ? np.tanh(h) : nn.relu(h);
    }
    if (outputs === 1) {
      // BCE with logits, stably: max(z, 0) - z*y + log1p(exp(-|z|))
      const z = h;
      return np
        .maximum(z.ref, 0)
        .sub(z.ref.mul(target))
        .add(np.log1p(np.exp(np.abs(z).neg())))
        .mean();
    }
    return nn.logSoftmax(h, -1).mul(target).sum(1).mean().neg();
  };

  // torch's SGD momentum: buf = momentum*buf + grad (zero buffers make the first buf the grad), p -= lr*buf
  const step = jit((ps: np.Array[], bufs: np.Array[], input: np.Array, target: np.Array) => {
    const [loss, grads] = valueAndGrad(lossOf)(
      ps.map((p) => p.ref),
      input,
      target,
    );
    const nextBufs = bufs.map((b, i) => b.mul(data.momentum).add(grads[i]!));
    const nextParams = ps.map((p, i) => p.sub(nextBufs[i]!.ref.mul(data.lr)));
    return { params: nextParams, bufs: nextBufs, loss };
  });

  return {
    mode: "jit(valueAndGrad) step, loss read each step",
    run(steps) {
      let last = Number.NaN;
      for (let s = 0; s < steps; s++) {
        const out = step(params, buffers, x.ref, targets.ref);
        params = out.params;
        buffers = out.bufs;
        // Read every step: jax-js queues unread work lazily, and a queue of many unread steps costs
        // time growing with its length (200 unread tiny steps: ~50 ms each instead of ~1 ms).
        last = scalarOf(out.loss);
      }
      return last;
    },
    dispose() {
      step.dispose();
      [...params, ...buffers, x, targets].forEach((a) => a.dispose());
    },
  };
}

/** mnist_epoch: each batch sliced eagerly, then one jit(valueAndGrad) step as for mlp_train; jit accuracy. */
function epochCase(data: MnistEpochData): EpochCase {
  const { layers, batch } = data;
  const initialParams = () =>
    layers.flatMap((l) => [np.array(l.w).reshape([l.fanIn, l.fanOut]), np.array(l.b)]);
  let params = initialParams();
  let buffers = params.map((p) => np.zeros(p.shape));
  const trainX = np.array(data.trainX).reshape([data.trainSize, data.features]);
  const trainY = nn
    .oneHot(np.array(data.trainY, { dtype: np.int32 }), data.classes)
    .astype(np.float32);
  const testX = np.array(data.testX).reshape([data.testSize, data.features]);
  const testY = np.array(data.testY, { dtype: np.int32 });

  // Every argument is consumed once (jax-js ownership); .ref lends a second use.
  const forward = (ps: np.Array[], input: np.Array): np.Array => {
    let h = input;
    for (let i = 0; i < layers.length; i++) {
      h = np.matmul(h, ps[2 * i]!).add(ps[2 * i + 1]!);
      if (i < layers.length - 1) h = nn.relu(h);
    }
    return h;
  };
  const lossOf = (ps: np.Array[], input: np.Array, target: np.Array): np.Array =>
    nn.logSoftmax(forward(ps, input), -1).mul(target).sum(1).mean().neg();

  const step = jit((ps: np.Array[], bufs: np.Array[], input: np.Array, target: np.Array) => {
    const [loss, grads] = valueAndGrad(lossOf)(
      ps.map((p) => p.ref),
      input,
      target,
    );
    const nextBufs = bufs.map((b, i) => b.mul(data.momentum).add(grads[i]!));
    const nextParams = ps.map((p, i) => p.sub(nextBufs[i]!.ref.mul(data.lr)));
    return { params: nextParams, bufs: nextBufs, loss };
  });
  const accuracyOf = jit((ps: np.Array[], input: np.Array, labels: np.Array) =>
    np
      .equal(np.argmax(forward(ps, input), 1), labels)
      .astype(np.float32)
      .mean(),
  );

  return {
    mode: "jit(valueAndGrad) step, loss read each step",
    reset() {
      [...params, ...buffers].forEach((a) => a.dispose());
      params = initialParams();
      buffers = params.map((p) => np.zeros(p.shape));
    },
    train(steps) {
      const losses: number[] = [];
      for (let s = 0; s < steps; s++) {
        const rows: [number, number] = [s * batch, (s + 1) * batch];
        const out = step(params, buffers, trainX.ref.slice(rows), trainY.ref.slice(rows));
        params = out.params;
        buffers = out.bufs;
        losses.push(scalarOf(out.loss));
      }
      return losses;
    },
    accuracy: () =>
      scalarOf(
        accuracyOf(
          params.map((p) => p.ref),
          testX.ref,
          testY.ref,
        ),
      ),
    dispose() {
      step.dispose();
      accuracyOf.dispose();
      [...params, ...buffers, trainX, trainY, testX, testY].forEach((a) => a.dispose());
    },
  };
}
