// TensorFlow.js peers: the pure-JS cpu backend and the WebAssembly (SIMD) backend, eager with tf.grads
// and tf.train.momentum; every call runs inside tf.tidy so the tensor count stays flat.

import { createRequire } from "node:module";
import path from "node:path";
import * as tf from "@tensorflow/tfjs";
import { setWasmPaths } from "@tensorflow/tfjs-backend-wasm";
import { SCALAR_ACC0, type MnistEpochData, type TrainData } from "../data.js";
import { scalarIndices } from "../reference.js";
import type { EpochCase, Peer, ScalarCase, SgemmCase, TrainCase } from "./peer.js";

type Backend = "cpu" | "wasm";

/** Serves the .wasm files from node_modules, so nothing is fetched. */
function wasmDirectory(): string {
  const require = createRequire(import.meta.url);
  const file = require.resolve("@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm");
  return path.dirname(file) + path.sep;
}

export function tfjsPeer(backend: Backend): Peer {
  /** Tensors each case gained between calls after its first one: should stay 0 (memory flat). */
  const growth = new Map<string, number>();
  const flat = (what: string): (() => void) => {
    let settled = -1;
    return () => {
      const now = tf.memory().numTensors;
      if (settled >= 0 && now > settled) growth.set(what, (growth.get(what) ?? 0) + now - settled);
      settled = now;
    };
  };

  return {
    name: `tfjs-${backend}`,

    async setUp() {
      if (backend === "wasm") setWasmPaths(wasmDirectory());
      const ok = await tf.setBackend(backend);
      if (!ok) return `tf.setBackend("${backend}") failed`;
      await tf.ready();
      return null;
    },

    scalarAutograd(leaves, iterations): ScalarCase[] {
      const settle = flat("scalar_autograd");
      const w = Array.from(leaves, (v) => tf.scalar(v));
      const gradsOf = tf.grads((...ws: tf.Tensor[]) => {
        let acc: tf.Tensor = tf.scalar(SCALAR_ACC0);
        for (let k = 0; k < iterations; k++) {
          const [m, a] = scalarIndices(k);
          acc = tf.tanh(tf.add(tf.mul(acc, ws[m]!), ws[a]!));
        }
        return acc;
      });
      return [
        {
          mode: "eager, tf.grads",
          iterations,
          run() {
            const out = new Float64Array(w.length);
            tf.tidy(() => gradsOf(w).forEach((g, i) => (out[i] = g.dataSync()[0]!)));
            settle();
            return out;
          },
          dispose: () => tf.dispose(w),
        },
      ];
    },

    sgemm(n, a, b): SgemmCase {
      const settle = flat(`sgemm n=${n}`);
      const ta = tf.tensor2d(a, [n, n]);
      const tb = tf.tensor2d(b, [n, n]);
      return {
        mode: "eager",
        run() {
          const c = tf.matMul(ta, tb);
          const out = c.dataSync<"float32">();
          c.dispose();
          settle();
          return out;
        },
        dispose: () => tf.dispose([ta, tb]),
      };
    },

    train(data): TrainCase {
      return trainCase(data, flat(data.activation === "tanh" ? "tiny_train" : "mlp_train"));
    },

    mnistEpoch(data): EpochCase[] {
      return [epochCase(data, flat("mnist_epoch"))];
    },

    tearDown() {
      const grown = [...growth].map(([what, count]) => `${what} +${count}`);
      return grown.length === 0
        ? null
        : `tensor count grew between calls (leak): ${grown.join(", ")}`;
    },
  };
}

function trainCase(data: TrainData, settle: () => void): TrainCase {
  // Inside tidy, so that only the variables outlive their initial values.
  const params = tf.tidy(() =>
    data.layers.flatMap((l) => [
      tf.variable(tf.tensor2d(l.w, [l.fanIn, l.fanOut])),
      tf.variable(tf.tensor1d(l.b)),
    ]),
  );
  const x = tf.tensor2d(data.x, [data.batch, data.features]);
  const outputs = data.outputs;
  const targets =
    outputs === 1
      ? tf.tensor2d(data.targets as Float32Array, [data.batch, 1])
      : tf.tidy(() =>
          tf.oneHot(tf.tensor1d(data.targets as Int32Array, "int32"), outputs).toFloat(),
        );
  const optimizer = tf.train.momentum(data.lr, data.momentum);

  const loss = (): tf.Scalar => {
    let h: tf.Tensor = x;
    for (let i = 0; i < data.layers.length; i++) {
      h = tf.add(tf.matMul(h, params[2 * i]!), params[2 * i + 1]!);
      if (i < data.layers.length - 1) h = data.activation === "tanh" ? tf.tanh(h) : tf.relu(h);
    }
    if (outputs === 1) {
      // BCE with logits, stably: max(z, 0) - z*y + log1p(exp(-|z|))
      const perRow = tf.add(
        tf.sub(tf.relu(h), tf.mul(h, targets)),
        tf.log1p(tf.exp(tf.neg(tf.abs(h)))),
      );
      return tf.mean(perRow);
    }
    return tf.neg(tf.mean<tf.Scalar>(tf.sum(tf.mul(tf.logSoftmax(h), targets), 1)));
  };

  return {
    mode: "eager, tf.train.momentum",
    run(steps) {
      let last = Number.NaN;
      for (let s = 0; s < steps; s++) {
        const cost = optimizer.minimize(loss, true, params);
        if (cost === null) throw new Error("optimizer.minimize returned no cost");
        if (s === steps - 1) last = cost.dataSync()[0]!;
        cost.dispose();
      }
      settle();
      return last;
    },
    dispose() {
      optimizer.dispose();
      tf.dispose([...params, x, targets]);
    },
  };
}

/**
 * mnist_epoch: a manual loop, each step's batch made from the JS arrays and trained inside tf.tidy.
 * Not tf.slice of one [8000, 784] tensor: the wasm backend's slice kernel copies its whole input out
 * of the wasm heap (readSync, 25 MB) on every call, which made an epoch 5-10x slower on this machine.
 */
function epochCase(data: MnistEpochData, settle: () => void): EpochCase {
  const initial = data.layers.flatMap((l) => [
    tf.tensor2d(l.w, [l.fanIn, l.fanOut]),
    tf.tensor1d(l.b),
  ]);
  // Inside tidy, so that only the variables outlive their copies of the initial values.
  const params = tf.tidy(() => initial.map((t) => tf.variable(t.clone())));
  const { batch, features, classes } = data;
  const oneHot = new Float32Array(data.trainSize * classes);
  data.trainY.forEach((label, i) => (oneHot[i * classes + label] = 1));
  const testX = tf.tensor2d(data.testX, [data.testSize, data.features]);
  const testY = tf.tensor1d(data.testY, "int32");
  let optimizer = tf.train.momentum(data.lr, data.momentum);

  const forward = (x: tf.Tensor): tf.Tensor => {
    let h = x;
    for (let i = 0; i < data.layers.length; i++) {
      h = tf.add(tf.matMul(h, params[2 * i]!), params[2 * i + 1]!);
      if (i < data.layers.length - 1) h = tf.relu(h);
    }
    return h;
  };

  return {
    mode: "eager, tf.train.momentum",
    reset() {
      params.forEach((p, i) => p.assign(initial[i]!));
      disposeMomentum(optimizer);
      optimizer = tf.train.momentum(data.lr, data.momentum);
    },
    train(steps) {
      const losses: number[] = [];
      for (let s = 0; s < steps; s++) {
        const value = tf.tidy(() => {
          const rows = data.trainX.subarray(s * batch * features, (s + 1) * batch * features);
          const xb = tf.tensor2d(rows, [batch, features]);
          const yb = tf.tensor2d(oneHot.subarray(s * batch * classes, (s + 1) * batch * classes), [
            batch,
            classes,
          ]);
          const loss = (): tf.Scalar =>
            tf.neg(tf.mean<tf.Scalar>(tf.sum(tf.mul(tf.logSoftmax(forward(xb)), yb), 1)));
          const cost = optimizer.minimize(loss, true, params);
          if (cost === null) throw new Error("optimizer.minimize returned no cost");
          return cost.dataSync()[0]!;
        });
        losses.push(value);
      }
      return losses;
    },
    accuracy() {
      const value = tf.tidy(
        () => tf.mean(tf.equal(tf.argMax(forward(testX), 1), testY).toFloat()).dataSync()[0]!,
      );
      // Once per epoch: the optimizer's accumulators come and go with reset().
      settle();
      return value;
    },
    dispose() {
      disposeMomentum(optimizer);
      tf.dispose([...params, ...initial, testX, testY]);
    },
  };
}

/**
 * TF.js 4.22's MomentumOptimizer.dispose() skips SGDOptimizer's, which frees the learning-rate scalar
 * `c`: one tensor would leak per optimizer, so it is freed here too (a no-op once TF.js does it).
 */
function disposeMomentum(optimizer: tf.MomentumOptimizer): void {
  const leaked = (optimizer as unknown as { c?: tf.Tensor }).c;
  optimizer.dispose();
  leaked?.dispose();
}
